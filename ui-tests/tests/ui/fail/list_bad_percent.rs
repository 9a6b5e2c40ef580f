gone_runtime::removed!("lists/list_bad_percent.csv");

fn main() {}
