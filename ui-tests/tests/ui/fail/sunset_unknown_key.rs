use actix_web::{get, HttpResponse};
use gone_runtime::sunset;

#[sunset(deprecated = "2025-01-15", on = "2025-06-30", reason = "API v1 is being shut down", path = "/v1/users")]
#[get("/v1/users/{id}")]
async fn users_v1() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
