use actix_web::get;
use gone_runtime::moved;

#[moved(since = "2025-03-01", reason = "Users moved to API v2")]
#[get("/v1/users")]
async fn users_v1() {}

fn main() {}
