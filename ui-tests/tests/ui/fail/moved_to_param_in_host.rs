use actix_web::get;
use gone_runtime::moved;

// A value there could name any host: `/v1/users/.evil.example` would send clients away.
#[moved(to = "https://example.com{rest}", since = "2025-03-01")]
#[get("/v1/users{rest}")]
async fn users_v1() {}

fn main() {}
