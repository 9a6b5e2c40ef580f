use gone_runtime::moved;

#[moved(to = "/v2/users", since = "2025-03-01")]
struct Users;

fn main() {}
