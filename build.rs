//! Writes the generated lists the scale test and the benchmarks compile with `removed!`:
//! `tests/lists/generated/100k.csv`, 100,000 rows of a site's removed pages (exact paths of
//! every status, prefixes, methods). The same bytes on every run; written only when missing
//! or different, so that it rebuilds nothing after the first time.

use std::fmt::Write as _;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let dir =
        std::path::Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("tests/lists/generated");
    write_if_changed(&dir.join("100k.csv"), &list(100_000));
}

/// A list of `rows` rows: mostly 410s of old posts, with 451s, redirects, one method each,
/// and prefixes every thousand rows.
pub fn list(rows: usize) -> String {
    let reasons = [
        "This post was retired with the old blog.",
        "The product line was discontinued.",
        "The forum thread was closed.",
        "\"Old news\", as they say.",
    ];
    let mut out = String::from("path,since,status,reason,to,method\n");
    for i in 0..rows {
        let year = 2005 + i % 20;
        let since = format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
        let _ = match i % 1000 {
            0 => writeln!(out, "/board/{i}/*,{since},410,The board was closed.,,"),
            1 => writeln!(
                out,
                "/legal/{year}/post-{i},{since},451,Removed on a court order.,,"
            ),
            2 => writeln!(out, "/moved/{year}/post-{i},{since},301,,/posts/{i},"),
            3 => writeln!(
                out,
                "/api/{year}/item-{i},{since},410,The API item was removed.,,DELETE"
            ),
            _ => writeln!(
                out,
                "/archive/{year}/post-{i},{since},410,\"{}\",,",
                reasons[i % 4].replace('"', "\"\"")
            ),
        };
    }
    out
}

fn write_if_changed(path: &std::path::Path, text: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}
