use gone_runtime::revived;

#[revived(since = "2025-09-01", reason = "The export is back by customer demand")]
struct Export;

fn main() {
    let _ = Export;
}
