use actix_web::get;
use gone_runtime::moved;

#[moved(to = "/v2/100%", since = "2025-03-01")]
#[get("/v1/users")]
async fn users_v1() {}

fn main() {}
