use actix_web::get;
use gone_runtime::gone;

#[gone("2025-01-01")]
#[get("/v1/users")]
async fn list_users_v1() {}

fn main() {}
