gone_runtime::removed!("lists/list_open_quote.csv");

fn main() {}
