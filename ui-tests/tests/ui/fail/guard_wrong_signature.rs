use actix_web::get;
use gone_runtime::gone;

fn is_admin(header: &str) -> bool {
    header == "admin"
}

#[gone(since = "2025-03-01", reason = "Admin pages moved to /admin/v2")]
#[get("/admin", guard = "is_admin")]
async fn admin() {}

fn main() {}
