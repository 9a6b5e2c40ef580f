use actix_web::get;
use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "API v1 was shut down", page = "pages/script_braces.html")]
#[get("/v1/users")]
async fn users_v1() {}

fn main() {}
