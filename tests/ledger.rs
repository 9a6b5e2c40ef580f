//! SPEC §15: the committed manifest is a ledger. A route it records as gone, moved or listed
//! that leaves the code fails the freshness check, with `GONE_MANIFEST=overwrite` too, and
//! stays in the file; a sunset turning into gone is a transition, a sunset removed before its
//! date a cancelled plan; `#[revived]` (or a list's row of status `revived`) lets the entry go.
//! In a test binary of its own: the committed files here are this binary's manifest, edited
//! as a user's history would have it.

use actix_web::test::{call_service, init_service, read_body, TestRequest};
use actix_web::{get, web, App, HttpResponse};
use gone_runtime::{gone, manifest, revived, sunset, CheckError};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

gone_runtime::removed!("tests/lists/ledger.csv");

#[gone(since = "2025-03-01", reason = "Use /v2/kept")]
#[get("/v1/kept")]
async fn kept_v1() {}

/// Was a `#[sunset]` (in the committed file): now gone, a transition.
#[gone(since = "2025-06-30", reason = "Use /v2/orders")]
#[get("/v1/orders")]
async fn orders_v1() {}

/// Was `#[gone]`: live again, on purpose.
#[revived(since = "2025-09-01", reason = "The v1 export is back by customer demand")]
#[get("/v1/export")]
async fn export_v1() -> HttpResponse {
    HttpResponse::Ok().body("id,name\n")
}

/// Still scheduled, far ahead.
#[sunset(deprecated = "2025-01-15", on = "2099-01-01", reason = "Use /v2/users")]
#[get("/v1/users")]
async fn users_v1() -> HttpResponse {
    HttpResponse::Ok().body("users")
}

/// A live pattern: what a lost `/posts/...` entry answers now.
#[get("/posts/{slug}")]
async fn post(slug: web::Path<String>) -> HttpResponse {
    HttpResponse::Ok().body(format!("post {slug}"))
}

/// Revived, but a listed prefix above it still answers 410 (a pattern is not carved out of a
/// prefix): the audit names it.
#[revived(since = "2025-10-01", reason = "The old forum's feeds are back")]
#[get("/old-forum/{thread}/feed")]
async fn forum_feed() -> HttpResponse {
    HttpResponse::Ok().body("feed")
}

/// Live below the list's prefix, revived by the list's own row: the exact revival wins.
#[get("/old-forum/rules")]
async fn forum_rules() -> HttpResponse {
    HttpResponse::Ok().body("rules")
}

/// A retired stub whose parameter was renamed since the file was written.
#[gone(since = "2025-03-01", reason = "Use /v2/members")]
#[get("/v1/members/{member_id}")]
async fn members_v1() {}

/// Revived handlers of a retired module: the module's `#[gone]` covers the rest (and, as for
/// a handler's own `#[gone]` there, the `#[revived]` inside needs no import).
#[gone(since = "2025-03-01", reason = "The beta API was shut down")]
mod beta {
    use actix_web::{get, HttpResponse};

    #[get("/beta/old")]
    pub async fn old() {}

    #[revived(since = "2025-10-01", reason = "The beta status page is back")]
    #[get("/beta/status")]
    pub async fn status() -> HttpResponse {
        HttpResponse::Ok().body("ok")
    }
}

const JAN_2026: u64 = 1_767_225_600;

fn at(unix: u64) -> std::time::SystemTime {
    UNIX_EPOCH + Duration::from_secs(unix)
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gone-ledger-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("gone.json")
}

/// The manifest as committed before today's code: this binary's, then `edit`ed.
fn committed(name: &str, edit: impl FnOnce(&mut Value)) -> PathBuf {
    let path = temp(name);
    let mut json: Value = serde_json::from_str(&manifest().to_json()).unwrap();
    edit(&mut json);
    std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    path
}

fn gone_entry(method: &str, path: &str, handler: &str) -> Value {
    json!({"method": method, "path": path, "since": "2025-03-01", "reason": "Retired.",
           "link": null, "handler": handler, "module": "app::v1", "file": "src/v1.rs", "line": 12})
}

fn push(json: &mut Value, array: &str, entry: Value) {
    json.as_object_mut()
        .unwrap()
        .entry(array)
        .or_insert_with(|| json!([]))
        .as_array_mut()
        .unwrap()
        .push(entry);
}

fn lost(err: CheckError) -> (Vec<gone_runtime::Lost>, Vec<gone_runtime::Change>) {
    match err {
        CheckError::Lost(_, lost, changes) => (lost, changes),
        other => panic!("expected a loss, got {other}"),
    }
}

/// Runs `child_assert_fresh` (below) in a child process of this test binary, with
/// `GONE_MANIFEST=overwrite` and the committed file at `path`: as `GONE_MANIFEST=overwrite
/// cargo test` runs a user's test. Returns whether it passed, and what it printed.
fn assert_fresh_with_overwrite(path: &Path) -> (bool, String) {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_assert_fresh",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(gone_runtime::OVERWRITE_VAR, "overwrite")
        .env("GONE_LEDGER_FILE", path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// Not a test of its own: the user's freshness test, run by [`assert_fresh_with_overwrite`].
#[test]
#[ignore = "run by the ledger tests in a child process, with GONE_MANIFEST set"]
fn child_assert_fresh() {
    let path = std::env::var("GONE_LEDGER_FILE").expect("GONE_LEDGER_FILE");
    manifest().assert_fresh(path);
}

#[test]
fn a_deleted_gone_handler_fails_the_check_with_and_without_overwrite_and_stays_in_the_file() {
    // The committed file has a retired handler the code no longer has (deleted with its dead
    // code), and an older reason for one that is still here.
    let path = committed("deleted", |json| {
        push(json, "gone", gone_entry("GET", "/v1/deleted", "deleted_v1"));
        let kept = json["gone"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|e| e["path"] == "/v1/kept");
        kept.unwrap()["reason"] = "An older reason".into();
    });
    let err = manifest().check_file_at(&path, at(JAN_2026)).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("is a ledger of what was retired, and 1 route it records left the code:"),
        "{text}"
    );
    assert!(
        text.contains("\n  GET /v1/deleted: gone since 2025-03-01 (app::v1::deleted_v1, src/v1.rs); it now answers 404 Not Found, or whatever live route matches it"),
        "{text}"
    );
    assert!(
        text.contains("keep the retirement: a stub is enough, `#[gone(since = \"2025-03-01\", reason = \"Retired.\")] #[get(\"/v1/deleted\")] async fn deleted_v1() {}` (the old body and its code may go);"),
        "{text}"
    );
    assert!(
        text.contains("#[revived(since = \"YYYY-MM-DD\", reason = \"...\")]"),
        "{text}"
    );
    assert!(
        text.contains("GONE_MANIFEST=overwrite does not accept a loss"),
        "{text}"
    );
    assert!(
        text.contains("~ GET /v1/kept  changed: reason \"An older reason\" -> \"Use /v2/kept\";"),
        "{text}"
    );
    let (lost_routes, changes) = lost(err);
    assert_eq!((lost_routes.len(), changes.len()), (1, 1));

    // `GONE_MANIFEST=overwrite cargo test`: still fails, saying what was lost.
    let (passed, out) = assert_fresh_with_overwrite(&path);
    assert!(!passed, "{out}");
    assert!(out.contains("GET /v1/deleted: gone since 2025-03-01"), "{out}");
    assert!(out.contains("gone: wrote "), "the other change is written: {out}");
    // The file now has today's reason, and still the lost entry, in its place and form.
    let file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let gone = file["gone"].as_array().unwrap();
    assert_eq!(
        gone.iter().find(|e| e["path"] == "/v1/kept").unwrap()["reason"],
        "Use /v2/kept"
    );
    assert_eq!(
        gone.iter().find(|e| e["path"] == "/v1/deleted").unwrap(),
        &gone_entry("GET", "/v1/deleted", "deleted_v1")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("\"method\": \"GET\",\n      \"path\": \"/v1/deleted\",\n      \"since\": \"2025-03-01\",\n      \"reason\""),
        "fields in the manifest's order: {text}"
    );
    // Run again, with overwrite or without: the same loss, nothing else.
    let (passed, out) = assert_fresh_with_overwrite(&path);
    assert!(!passed && !out.contains("gone: wrote "), "{out}");
    let (lost_routes, changes) = lost(manifest().check_file_at(&path, at(JAN_2026)).unwrap_err());
    assert_eq!((lost_routes.len(), changes.len()), (1, 0), "{changes:?}");
}

#[test]
fn a_lost_moved_route_a_lost_listed_row_and_a_sunset_past_its_date_are_named_for_what_they_were() {
    let path = committed("kinds", |json| {
        push(
            json,
            "moved",
            json!({"method": "GET", "path": "/v1/profile", "to": "/v2/profile", "status": 308,
            "since": "2025-02-01", "reason": null, "handler": "profile_v1", "module": "app", "file": "src/app.rs", "line": 3}),
        );
        push(
            json,
            "listed",
            json!({"method": "*", "path": "/posts/deleted-post", "status": 410, "since": "2024-05-01",
            "reason": "Gone.", "to": null, "link": null, "file": "removed.csv", "line": 7}),
        );
        push(
            json,
            "sunset",
            json!({"method": "GET", "path": "/v1/teams", "deprecated": "2025-01-01", "sunset": "2025-06-30",
            "brownouts": [], "reason": "Use /v2/teams", "link": null, "handler": "teams_v1", "module": "app", "file": "src/app.rs", "line": 9}),
        );
    });
    let (lost_routes, _) = lost(manifest().check_file_at(&path, at(JAN_2026)).unwrap_err());
    let lines: Vec<String> = lost_routes.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(
        lines.iter().any(|l| l.starts_with(
            "GET /v1/profile: moved to /v2/profile (308) since 2025-02-01 (app::profile_v1, src/app.rs)"
        )),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("* /posts/deleted-post: listed (410) since 2024-05-01 in removed.csv:7")),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(
            "GET /v1/teams: scheduled to be gone on 2025-06-30 (app::teams_v1, src/app.rs), past that date"
        )),
        "{lines:#?}"
    );
}

#[test]
fn a_sunset_removed_before_its_date_is_a_cancelled_plan() {
    let path = committed("cancelled", |json| {
        push(
            json,
            "sunset",
            json!({"method": "GET", "path": "/v1/teams", "deprecated": "2025-01-01", "sunset": "2026-06-30",
            "brownouts": [], "reason": "Use /v2/teams", "link": null, "handler": "teams_v1", "module": "app", "file": "src/app.rs", "line": 9}),
        );
    });
    // Before `on`: an ordinary change, which overwrite accepts.
    let err = manifest().check_file_at(&path, at(JAN_2026)).unwrap_err();
    match &err {
        CheckError::Stale(_, changes) => assert_eq!(
            changes,
            &[gone_runtime::Change::Cancelled(
                "GET".into(),
                "/v1/teams (sunset)".into(),
                "2026-06-30".into()
            )]
        ),
        other => panic!("{other}"),
    }
    assert!(
        err.to_string().contains(
            "- GET /v1/teams (sunset)  cancelled: the sunset was removed before its date (2026-06-30)"
        ),
        "{err}"
    );
    // After it: a removal.
    let after_on = at(JAN_2026 + 200 * 86_400);
    assert!(matches!(
        manifest().check_file_at(&path, after_on),
        Err(CheckError::Lost(..))
    ));
}

#[test]
fn a_sunset_that_became_gone_is_a_transition_and_a_gone_route_now_listed_is_still_retired() {
    let path = committed("transition", |json| {
        // Yesterday's code: /v1/orders was a #[sunset], /posts/still-gone a #[gone] handler.
        json["gone"]
            .as_array_mut()
            .unwrap()
            .retain(|e| e["path"] != "/v1/orders");
        push(
            json,
            "sunset",
            json!({"method": "GET", "path": "/v1/orders", "deprecated": "2025-01-01", "sunset": "2025-06-30",
            "brownouts": [], "reason": "Use /v2/orders", "link": null, "handler": "orders_v1", "module": "ledger", "file": "tests/ledger.rs", "line": 22}),
        );
        push(json, "gone", gone_entry("GET", "/posts/still-gone", "still_gone"));
        // And an old forum thread, retired by hand before the list's prefix took over.
        push(json, "gone", gone_entry("GET", "/old-forum/t/42", "thread_42"));
    });
    let err = manifest().check_file_at(&path, at(JAN_2026)).unwrap_err();
    let changes = match err {
        CheckError::Stale(_, changes) => changes,
        other => panic!("no loss: {other}"),
    };
    let text: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert!(
        text.contains(&"- GET /v1/orders (sunset)  removed from the code".to_string()),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("+ GET /v1/orders  added: since 2025-06-30")),
        "{text:#?}"
    );
    assert!(
        text.contains(&"- GET /posts/still-gone  removed from the code".to_string()),
        "{text:#?}"
    );
    assert!(
        text.contains(&"- GET /old-forum/t/42  removed from the code".to_string()),
        "{text:#?}"
    );
    // Overwrite accepts them all; then it is fresh.
    let (passed, out) = assert_fresh_with_overwrite(&path);
    assert!(passed, "{out}");
    manifest().check_file_at(&path, at(JAN_2026)).unwrap();
}

#[test]
fn a_revival_lets_the_entry_go() {
    let path = committed("revived", |json| {
        push(json, "gone", gone_entry("GET", "/v1/export", "export_v1"));
        push(
            json,
            "listed",
            json!({"method": "*", "path": "/posts/back-again", "status": 410, "since": "2024-05-01",
            "reason": "Gone.", "to": null, "link": null, "file": "tests/lists/ledger.csv", "line": 3}),
        );
        json.as_object_mut().unwrap().remove("revived");
    });
    let err = manifest().check_file_at(&path, at(JAN_2026)).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, CheckError::Stale(..)), "{text}");
    assert!(
        text.contains("- GET /v1/export  revived: #[revived] since 2025-09-01 on ledger::export_v1 (tests/ledger.rs): The v1 export is back by customer demand"),
        "{text}"
    );
    assert!(
        text.contains("- * /posts/back-again (listed)  revived: revived since 2025-09-01 by tests/lists/ledger.csv:3: The post is back by popular demand."),
        "{text}"
    );
    assert!(
        text.contains("+ GET /v1/export (revived)  added: #[revived] since 2025-09-01"),
        "{text}"
    );
    let (passed, out) = assert_fresh_with_overwrite(&path);
    assert!(passed, "{out}");
    manifest().check_file_at(&path, at(JAN_2026)).unwrap();
}

#[test]
fn given_the_app_the_check_says_what_a_lost_route_answers_now() {
    let path = committed("with-app", |json| {
        push(
            json,
            "gone",
            gone_entry("GET", "/posts/launch-2019", "launch_post"),
        );
        push(json, "gone", gone_entry("DELETE", "/v1/nothing/{id}", "nothing"));
    });
    let file = path.clone();
    let panic = std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let app = init_service(
                App::new()
                    .wrap(gone_runtime::Lists)
                    .service(post)
                    .service(kept_v1),
            )
            .await;
            gone_runtime::test::assert_fresh(&app, &file).await;
        })
    })
    .join()
    .unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(
        message.contains("GET /posts/launch-2019: gone since 2025-03-01 (app::v1::launch_post, src/v1.rs); it now answers 200 OK from the live route /posts/{slug} (sent GET /posts/launch-2019)"),
        "{message}"
    );
    assert!(
        message.contains("DELETE /v1/nothing/{id}: gone since 2025-03-01 (app::v1::nothing, src/v1.rs); it now answers 404 Not Found (sent DELETE /v1/nothing/1)"),
        "{message}"
    );
}

#[test]
fn revived_routes_are_in_the_manifest_json_and_markdown() {
    let m = manifest();
    let revived: Vec<(&str, &str, &str, Option<&str>)> = m
        .revived()
        .map(|r| (r.method(), r.path(), r.handler(), r.list()))
        .collect();
    assert_eq!(
        revived,
        [
            ("GET", "/beta/status", "status", None),
            ("*", "/old-forum/rules", "", Some("tests/lists/ledger.csv")),
            ("GET", "/old-forum/{thread}/feed", "forum_feed", None),
            ("*", "/posts/back-again", "", Some("tests/lists/ledger.csv")),
            ("GET", "/v1/export", "export_v1", None),
        ]
    );
    let json: Value = serde_json::from_str(&m.to_json()).unwrap();
    let export = json["revived"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == "/v1/export")
        .unwrap();
    let line = export["line"].as_u64().unwrap();
    assert_eq!(
        export,
        &json!({"method": "GET", "path": "/v1/export", "since": "2025-09-01", "reason": "The v1 export is back by customer demand",
                "handler": "export_v1", "module": "ledger", "file": "tests/ledger.rs", "line": line})
    );
    let source = std::fs::read_to_string("tests/ledger.rs").unwrap();
    assert!(source
        .lines()
        .nth(line as usize - 1)
        .unwrap()
        .contains("async fn export_v1"));
    let row = json["revived"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == "/posts/back-again")
        .unwrap();
    assert_eq!(
        row,
        &json!({"method": "*", "path": "/posts/back-again", "since": "2025-09-01", "reason": "The post is back by popular demand.",
                "handler": null, "module": "ledger", "file": "tests/lists/ledger.csv", "line": 3})
    );
    // The module's #[gone] retires the rest of it, not the revived handler.
    assert!(m.iter().any(|r| r.path() == "/beta/old"));
    assert!(!m.iter().any(|r| r.path() == "/beta/status"));
    // A revived row is not served by the list.
    assert!(m.listed().all(|r| r.path() != "/posts/back-again"));
    let md = m.to_markdown();
    assert!(
        md.contains("| Method | Path | Revived | Reason | Handler |\n| --- | --- | --- | --- | --- |\n"),
        "{md}"
    );
    assert!(md.contains("| GET | `/v1/export` | 2025-09-01 | The v1 export is back by customer demand | `ledger::export_v1` |"), "{md}");
    assert!(md.contains("| * | `/posts/back-again` | 2025-09-01 | The post is back by popular demand. | `tests/lists/ledger.csv:3` |"), "{md}");
}

#[actix_web::test]
async fn a_revived_handler_runs_as_written_with_its_extractors() {
    let app = init_service(
        App::new()
            .wrap(gone_runtime::Lists)
            .service(export_v1)
            .service(post)
            .service(beta::status)
            .service(beta::old),
    )
    .await;
    let call = |uri: &'static str| call_service(&app, TestRequest::get().uri(uri).to_request());
    let res = call("/v1/export").await;
    assert_eq!(res.status(), 200);
    assert_eq!(read_body(res).await, "id,name\n");
    assert_eq!(call("/beta/status").await.status(), 200);
    assert_eq!(call("/beta/old").await.status(), 410);
    // The revived row is served by the live pattern; its neighbour is still listed.
    let res = call("/posts/back-again").await;
    assert_eq!(res.status(), 200);
    assert_eq!(read_body(res).await, "post back-again");
    assert_eq!(call("/posts/still-gone").await.status(), 410);
}

#[actix_web::test]
async fn a_revival_below_a_listed_prefix_is_served_by_the_app_and_the_edges_leave_the_prefix_to_it() {
    let app = init_service(App::new().wrap(gone_runtime::Lists).service(forum_rules)).await;
    let call = |uri: &'static str, method: actix_web::http::Method| {
        call_service(&app, TestRequest::default().method(method).uri(uri).to_request())
    };
    let res = call("/old-forum/rules", actix_web::http::Method::GET).await;
    assert_eq!(res.status(), 200);
    assert_eq!(read_body(res).await, "rules");
    // The row revives every method; the rest of the prefix is still gone.
    assert_eq!(
        call("/old-forum/rules", actix_web::http::Method::POST)
            .await
            .status(),
        404
    );
    assert_eq!(
        call("/old-forum/t/42", actix_web::http::Method::GET)
            .await
            .status(),
        410
    );
    // An edge that looks the prefix up would answer the revived path: it leaves it to the app.
    let m = manifest();
    let why = "answers a revived path below it as the app does not: /old-forum/* (tests/lists/ledger.csv:4)";
    assert!(
        m.to_nginx_maps().unwrap().contains(why),
        "{}",
        m.to_nginx_maps().unwrap()
    );
    assert!(m.to_haproxy_lists("/etc/haproxy/gone.map").unwrap().contains(why));
    assert!(m.to_caddy_lists().unwrap().contains(why));
    assert!(m.to_apache_lists("/etc/apache2/gone.map").unwrap().contains(why));
    assert!(m.to_varnish_lists().unwrap().contains(why));
}

#[test]
fn renaming_a_retired_stubs_parameter_is_not_a_loss() {
    let path = committed("renamed-parameter", |json| {
        let members = json["gone"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|e| e["path"] == "/v1/members/{member_id}");
        members.unwrap()["path"] = "/v1/members/{id}".into();
    });
    let err = manifest().check_file_at(&path, at(JAN_2026)).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, CheckError::Stale(..)), "{text}");
    assert!(
        text.contains("- GET /v1/members/{id}  removed from the code"),
        "{text}"
    );
    assert!(
        text.contains("+ GET /v1/members/{member_id}  added: since 2025-03-01"),
        "{text}"
    );
}

#[test]
fn the_audit_names_a_revival_that_still_answers_410() {
    let panic = std::thread::spawn(|| {
        actix_web::rt::System::new().block_on(async {
            let app = init_service(
                App::new()
                    .wrap(gone_runtime::Lists)
                    .service(kept_v1)
                    .service(orders_v1)
                    .service(export_v1)
                    .service(users_v1)
                    .service(post)
                    .service(forum_feed)
                    .service(forum_rules)
                    .service(members_v1)
                    .service(beta::status)
                    .service(beta::old),
            )
            .await;
            gone_runtime::test::assert_all_gone(&app).await;
        })
    })
    .join()
    .unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(message.starts_with("1 of 5 revived routes still answer 410 Gone:\n  GET /old-forum/{thread}/feed (#[revived] on ledger::forum_feed at tests/ledger.rs:"), "{message}");
    assert!(message.contains("sent GET /old-forum/1/feed: answers 410 Gone though revived since 2025-10-01; remove what still retires it"), "{message}");
    assert_eq!(message.lines().count(), 2, "only that one: {message}");
}
