use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "API v1 was shut down")]
mod v1 {
    pub fn helper() -> u8 {
        1
    }
}

fn main() {
    let _ = v1::helper();
}
