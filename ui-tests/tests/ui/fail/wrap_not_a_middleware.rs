use actix_web::get;
use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "Admin pages moved to /admin/v2")]
#[get("/admin", wrap = "String::from(\"logger\")")]
async fn admin() {}

fn main() {}
