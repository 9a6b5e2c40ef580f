gone_runtime::removed!("lists/list_many_faults.csv");

fn main() {}
