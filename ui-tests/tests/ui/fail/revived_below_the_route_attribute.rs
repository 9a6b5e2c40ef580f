use actix_web::{get, HttpResponse};
use gone_runtime::revived;

#[get("/v1/export")]
#[revived(since = "2025-09-01", reason = "The export is back by customer demand")]
async fn export_v1() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
