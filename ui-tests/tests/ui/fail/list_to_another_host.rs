gone_runtime::removed!("lists/list_to_another_host.csv");

fn main() {}
