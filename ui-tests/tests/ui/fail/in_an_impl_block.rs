use actix_web::{get, web, HttpResponse};
use gone_runtime::gone;

pub struct Api;

impl Api {
    /// The old listing.
    #[gone(since = "2025-03-01", reason = "API v1 was shut down")]
    #[get("/v1/a")]
    pub async fn a(query: web::Query<String>) -> HttpResponse {
        HttpResponse::Ok().body(query.into_inner())
    }
}

fn main() {}
