use actix_web::{get, HttpResponse};
use gone_runtime::sunset;

#[sunset(deprecated = "2025-01-15", on = "2025-06-30", reason = "Use /v2/teams", page = "pages/raw.html")]
#[get("/v1/teams")]
async fn teams_v1() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
