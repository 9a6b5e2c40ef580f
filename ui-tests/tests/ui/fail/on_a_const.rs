use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "API v1 was shut down")]
const USERS_PATH: &str = "/v1/users";

fn main() {
    let _ = USERS_PATH;
}
