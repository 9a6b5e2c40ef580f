gone_runtime::removed!("lists/list_prefix_without_slash_star.csv");

fn main() {}
