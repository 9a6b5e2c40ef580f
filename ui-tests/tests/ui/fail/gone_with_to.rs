use actix_web::get;
use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "Users moved to API v2", to = "/v2/users")]
#[get("/v1/users")]
async fn users_v1() {}

fn main() {}
