use gone_runtime::gone;

struct Api;

#[gone(since = "2025-03-01", reason = "API v1 was shut down")]
impl Api {
    fn users(&self) {}
}

fn main() {
    Api.users();
}
