use actix_web::{get, HttpResponse};
use gone_runtime::sunset;

#[sunset(deprecated = "2025-01-15", on = "2025-06-30", reason = "API v1 is being shut down")]
#[gone_runtime::gone(since = "2025-06-30", reason = "Gone")]
#[get("/v1/users/{id}")]
async fn users_v1() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
