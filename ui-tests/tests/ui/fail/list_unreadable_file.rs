gone_runtime::removed!("lists/no_such_list.csv");

fn main() {}
