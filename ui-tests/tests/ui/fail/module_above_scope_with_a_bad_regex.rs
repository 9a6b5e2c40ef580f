use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "API v1 was shut down")]
#[actix_web::scope("/v1")]
mod v1 {
    use actix_web::get;

    #[get("/users/{id:(}")]
    async fn user() {}
}

fn main() {}
