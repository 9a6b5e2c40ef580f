gone_runtime::removed!("lists/list_revived_with_to.csv");

fn main() {}
