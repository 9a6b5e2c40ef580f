use actix_web::get;
use gone_runtime::gone;

// Plain #[get] refuses this regex; under #[gone] it must stay a compile error, not a panic
// when actix-web registers the route.
#[gone(since = "2025-03-01", reason = "Gone")]
#[get("/users/{id:[0-9}")]
async fn user_v1() {}

fn main() {}
