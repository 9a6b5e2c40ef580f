gone_runtime::removed!("lists/list_410_without_reason.csv");

fn main() {}
