use gone_runtime::sunset;

#[sunset(deprecated = "2025-01-15", on = "2025-06-30", reason = "API v1 is being shut down")]
struct Users;

fn main() {}
