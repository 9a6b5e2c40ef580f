use actix_web::get;
use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "   ")]
#[get("/v1/users")]
async fn list_users_v1() {}

fn main() {}
