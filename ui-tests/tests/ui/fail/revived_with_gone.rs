use actix_web::{get, HttpResponse};
use gone_runtime::{gone, revived};

#[revived(since = "2025-09-01", reason = "The export is back by customer demand")]
#[gone(since = "2025-03-01", reason = "Removed")]
#[get("/v1/export")]
async fn export_v1() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
