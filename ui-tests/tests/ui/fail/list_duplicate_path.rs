gone_runtime::removed!("lists/list_duplicate_path.csv");

fn main() {}
