gone_runtime::removed!("lists/list_relative_path.csv");

fn main() {}
