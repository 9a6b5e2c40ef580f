//! SPEC §12: two handlers retiring the same method and path are an error for the audit, the
//! freshness check and the exports, naming every handler and its file. In a test binary of
//! its own, since every manifest of this binary is ambiguous.

use actix_web::{get, App};
use gone_runtime::{gone, manifest, CheckError};

#[gone(since = "2025-01-01", reason = "first")]
#[get("/dup")]
async fn first() {}

#[gone(since = "2025-02-01", reason = "second")]
#[get("/dup")]
async fn second() {}

#[gone(since = "2025-03-01", reason = "third")]
#[get("/dup")]
async fn third() {}

/// Told apart by guards: the app chooses, and nothing is ambiguous.
fn is_admin(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head().headers().contains_key("x-admin")
}

#[gone(since = "2025-01-01", reason = "guarded")]
#[get("/guarded", guard = "is_admin")]
async fn guarded_one() {}

#[gone(since = "2025-01-01", reason = "unguarded")]
#[get("/guarded")]
async fn guarded_two() {}

const NAMES: [&str; 3] = [
    "::first (tests/duplicates.rs:",
    "::second (tests/duplicates.rs:",
    "::third (tests/duplicates.rs:",
];

fn names_all_three(message: &str) {
    assert!(
        message.contains("GET /dup is retired by 3 handlers: "),
        "{message}"
    );
    for name in NAMES {
        assert!(message.contains(name), "{name} in {message}");
    }
    assert!(
        !message.contains("/guarded"),
        "guards tell those apart: {message}"
    );
}

#[test]
fn the_manifest_lists_them_and_names_the_duplicate() {
    let m = manifest();
    assert_eq!(m.iter().filter(|r| r.path() == "/dup").count(), 3);
    let duplicates = m.duplicates();
    assert_eq!(duplicates.len(), 1);
    names_all_three(&duplicates[0].to_string());
}

#[test]
fn the_nginx_export_refuses_to_write_an_ambiguous_snippet() {
    let err = manifest().to_nginx().unwrap_err();
    names_all_three(&err.to_string());
}

#[test]
fn the_freshness_check_refuses_it_even_when_asked_to_overwrite() {
    let dir = std::env::temp_dir().join(format!("gone-dup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("gone.json");
    std::fs::write(&file, manifest().to_json_pretty()).unwrap();
    let err = manifest().check_file(&file).unwrap_err();
    assert!(matches!(err, CheckError::Duplicates(_)), "{err}");
    names_all_three(&err.to_string());
    let _ = std::fs::remove_dir_all(&dir);
}

#[actix_web::test]
async fn the_audit_names_every_handler() {
    let app = actix_web::test::init_service(
        App::new()
            .service(first)
            .service(second)
            .service(third)
            .service(guarded_one)
            .service(guarded_two),
    )
    .await;
    let failures =
        gone_runtime::test::audit(&app, manifest().iter(), |_, r| r.insert_header(("x-admin", "1"))).await;
    let lines: Vec<String> = failures.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 2, "one line per extra handler: {lines:#?}");
    for line in &lines {
        assert!(line.contains("retired twice: "), "{line}");
        names_all_three(line);
    }
}
