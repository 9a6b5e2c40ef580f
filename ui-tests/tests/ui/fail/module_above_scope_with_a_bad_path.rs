use gone_runtime::gone;

// The module's #[gone] runs before actix-web's #[scope], which would panic on the path.
#[gone(since = "2025-03-01", reason = "API v1 was shut down")]
#[actix_web::scope("/v1")]
mod v1 {
    use actix_web::get;

    #[get("/users/{id")]
    async fn user() {}

    #[get("/ok")]
    async fn ok() {}
}

fn main() {}
