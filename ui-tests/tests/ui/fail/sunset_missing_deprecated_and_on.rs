use actix_web::{get, HttpResponse};
use gone_runtime::sunset;

#[sunset(reason = "API v1 is being shut down")]
#[get("/v1/users/{id}")]
async fn users_v1() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
