gone_runtime::removed!("lists/list_unknown_column.csv");

fn main() {}
