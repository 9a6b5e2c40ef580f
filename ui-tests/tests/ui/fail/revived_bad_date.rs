use actix_web::{get, HttpResponse};
use gone_runtime::revived;

#[revived(since = "2025-02-30", reason = "The export is back by customer demand")]
#[get("/v1/export")]
async fn export_v1() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
