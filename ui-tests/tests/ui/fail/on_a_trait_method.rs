use gone_runtime::gone;

trait Api {
    #[gone(since = "2025-03-01", reason = "API v1 was shut down")]
    fn users(&self) -> Vec<String>;
}

struct V1;

impl Api for V1 {
    fn users(&self) -> Vec<String> {
        Vec::new()
    }
}

fn main() {
    let _ = V1.users();
}
