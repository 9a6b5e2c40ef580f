gone_runtime::removed!(removed_csv);

fn main() {}
