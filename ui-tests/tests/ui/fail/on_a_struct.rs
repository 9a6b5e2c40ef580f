use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "API v1 was shut down")]
struct UserV1;

fn main() {
    let _ = UserV1;
}
