use actix_web::{get, HttpResponse};
use gone_runtime::revived;

#[revived(since = "2025-09-01", reason = "The export is back", page = "pages/good.html")]
#[get("/v1/export")]
async fn export_v1() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
