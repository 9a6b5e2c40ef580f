gone_runtime::removed!("lists/list_bad_status.csv");

fn main() {}
