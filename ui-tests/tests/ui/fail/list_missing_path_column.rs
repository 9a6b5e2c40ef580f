gone_runtime::removed!("lists/list_missing_path_column.csv");

fn main() {}
