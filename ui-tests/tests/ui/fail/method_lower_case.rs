use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "API v1 was shut down", path = "/v1/users", method = "get")]
async fn list_users_v1() {}

fn main() {
    let _ = actix_web::web::get().to(list_users_v1);
}
