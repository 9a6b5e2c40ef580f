//! SPEC §14, §15: a path listed in two lists, or listed and retired by a handler, or retired
//! and revived, is a duplicate for the manifest, the exports and the freshness check, naming
//! every file and line. In a test binary of its own, since every manifest of this binary is
//! ambiguous.

use actix_web::{get, HttpResponse};
use gone_runtime::{gone, manifest, revived, CheckError};

gone_runtime::removed!("tests/lists/dup_a.csv");
gone_runtime::removed!("tests/lists/dup_b.csv");

#[gone(since = "2025-03-01", reason = "Use /v2/ping")]
#[get("/v1/ping")]
async fn ping_v1() {}

/// A listed path under a pattern is what lists are for: not a duplicate.
#[gone(since = "2025-03-01", reason = "Use /v2/items")]
#[get("/only-a/{id}")]
async fn item_v1() {}

#[gone(since = "2025-03-01", reason = "Use /v2/report")]
#[get("/v1/report")]
async fn report_v1() {}

/// Revived while still retired above: a mistake the manifest names.
#[revived(since = "2025-09-01", reason = "Back by demand")]
#[get("/v1/report")]
async fn report_v1_again() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[test]
fn a_path_retired_and_revived_is_a_duplicate() {
    let duplicates: Vec<String> = manifest().duplicates().iter().map(ToString::to_string).collect();
    assert!(
        duplicates
            .iter()
            .any(|d| d.starts_with("GET /v1/report is retired and revived: ")
                && d.contains("::report_v1 (tests/list_duplicates.rs:")
                && d.contains("#[revived] list_duplicates::report_v1_again (tests/list_duplicates.rs:")
                && d.ends_with("to keep it retired, remove the revival")),
        "{duplicates:#?}"
    );
    // A list's row revived by another list's row.
    assert!(
        duplicates.iter().any(|d| d.starts_with("* /only-a is retired and revived: /only-a (tests/lists/dup_a.csv:4), revived /only-a (tests/lists/dup_b.csv:4)")),
        "{duplicates:#?}"
    );
}

#[test]
fn a_path_in_two_lists_and_a_path_listed_and_retired_are_duplicates() {
    let m = manifest();
    assert_eq!(m.listed().count(), 5);
    let duplicates: Vec<String> = m.duplicates().iter().map(ToString::to_string).collect();
    assert_eq!(duplicates.len(), 4, "{duplicates:#?}");
    assert!(
        duplicates.iter().any(|d| d.starts_with("* /shared is listed 2 times: /shared (tests/lists/dup_a.csv:2), /%73hared (tests/lists/dup_b.csv:2); keep one")),
        "{duplicates:#?}"
    );
    assert!(
        duplicates.iter().any(
            |d| d.starts_with("GET /v1/ping is retired by a handler and listed: ")
                && d.contains("::ping_v1 (tests/list_duplicates.rs:")
                && d.contains("/v1/ping (tests/lists/dup_a.csv:3)")
        ),
        "{duplicates:#?}"
    );
}

#[test]
fn the_exports_and_the_freshness_check_refuse_them() {
    let err = manifest().to_nginx().unwrap_err().to_string();
    assert!(err.contains("/v1/ping (tests/lists/dup_a.csv:3)"), "{err}");
    let dir = std::env::temp_dir().join(format!("gone-list-dup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("gone.json");
    std::fs::write(&file, manifest().to_json_pretty()).unwrap();
    let err = manifest().check_file(&file).unwrap_err();
    assert!(matches!(err, CheckError::Duplicates(_)), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
