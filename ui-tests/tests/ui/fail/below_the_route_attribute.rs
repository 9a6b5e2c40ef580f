use actix_web::get;
use gone_runtime::gone;

#[get("/v1/users")]
#[gone(since = "2025-03-01", reason = "API v1 was shut down")]
async fn list_users_v1() -> &'static str {
    "users"
}

fn main() {}
