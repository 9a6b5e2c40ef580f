gone_runtime::removed!("lists/list_quote_runs_on.csv");

fn main() {}
