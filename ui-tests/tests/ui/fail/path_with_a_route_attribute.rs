use actix_web::get;
use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "API v1 was shut down", path = "/v1/users")]
#[get("/v1/users")]
async fn list_users_v1() {}

fn main() {}
