use actix_web::get;
use gone_runtime::moved;

#[moved(to = "/v2/users", since = "2025-02-30")]
#[get("/v1/users")]
async fn users_v1() {}

fn main() {}
