use actix_web::{post, HttpResponse};
use gone_runtime::sunset;

struct Api;

/// Not the impl block of the handler.
impl Default for Api {
    fn default() -> Api {
        Api
    }
}

#[allow(dead_code)]
impl Api {
    #[sunset(deprecated = "2025-01-01", on = "2026-01-01", reason = "v1 ends")]
    #[post("/v1/b")]
    async fn b() -> HttpResponse {
        HttpResponse::Ok().finish()
    }
}

fn main() {}
