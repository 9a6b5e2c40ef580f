gone_runtime::removed!("lists/list_301_without_to.csv");

fn main() {}
