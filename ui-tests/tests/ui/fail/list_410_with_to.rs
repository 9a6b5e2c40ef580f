gone_runtime::removed!("lists/list_410_with_to.csv");

fn main() {}
