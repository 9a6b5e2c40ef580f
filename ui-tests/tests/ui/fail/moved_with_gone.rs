use actix_web::get;
use gone_runtime::{gone, moved};

#[moved(to = "/v2/users", since = "2025-03-01")]
#[gone(since = "2025-03-01", reason = "Removed")]
#[get("/v1/users")]
async fn users_v1() {}

fn main() {}
