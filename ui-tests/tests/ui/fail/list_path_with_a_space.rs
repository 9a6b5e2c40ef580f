gone_runtime::removed!("lists/list_path_with_a_space.csv");

fn main() {}
