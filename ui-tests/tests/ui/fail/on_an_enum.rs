use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "API v1 was shut down")]
pub enum ApiVersion {
    V1,
}

fn main() {
    let _ = ApiVersion::V1;
}
