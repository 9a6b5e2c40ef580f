use actix_web::get;
use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "API v1 was shut down")]
#[get("/v1/{id}/items/{id}")]
async fn item_v1() {}

fn main() {}
