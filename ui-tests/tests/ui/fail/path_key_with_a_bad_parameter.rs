use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "Retired", path = "/old/{user-id}")]
async fn old() {}

fn main() {}
