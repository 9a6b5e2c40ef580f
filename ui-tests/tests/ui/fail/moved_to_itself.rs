use actix_web::get;
use gone_runtime::moved;

#[moved(to = "/v1/users/{id}", since = "2025-03-01")]
#[get("/v1/users/{id:\\d+}")]
async fn user_v1() {}

fn main() {}
