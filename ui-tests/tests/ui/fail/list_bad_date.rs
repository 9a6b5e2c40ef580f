gone_runtime::removed!("lists/list_bad_date.csv");

fn main() {}
