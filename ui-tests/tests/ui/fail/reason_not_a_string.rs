use actix_web::get;
use gone_runtime::gone;

const REASON: &str = "API v1 was shut down";

#[gone(since = "2025-03-01", reason = REASON)]
#[get("/v1/users")]
async fn list_users_v1() {}

fn main() {
    let _ = REASON;
}
