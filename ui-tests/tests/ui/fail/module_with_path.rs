use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "API v1 was shut down", path = "/v1/users")]
mod v1 {
    use actix_web::get;

    #[get("/v1/users")]
    pub async fn users() -> &'static str {
        "users"
    }
}

fn main() {
    let _ = actix_web::App::new().service(v1::users);
}
