//! SPEC §4: the removal manifest.

use gone_runtime::manifest;

#[test]
fn sorted_by_path_then_method_and_stable() {
    let m = manifest();
    let keys: Vec<_> = m.iter().map(|r| (r.path(), r.method())).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(m.to_json(), manifest().to_json(), "the same on every call");
    assert!(
        m.len() > 30,
        "every retired route of this test binary is listed: {}",
        m.len()
    );
}

#[test]
fn one_entry_per_method_and_path_with_its_origin() {
    let m = manifest();
    let routes: Vec<_> = m
        .iter()
        .filter(|r| r.path() == "/p/routes/a" || r.path() == "/p/routes/b")
        .collect();
    let pairs: Vec<_> = routes.iter().map(|r| (r.method(), r.path())).collect();
    assert_eq!(
        pairs,
        [
            ("GET", "/p/routes/a"),
            ("POST", "/p/routes/a"),
            ("DELETE", "/p/routes/b")
        ]
    );
    for r in routes {
        assert_eq!(r.handler(), "p_routes");
        assert_eq!(r.module(), "http::placement");
        assert_eq!(r.file(), "tests/http/placement.rs");
        let source = std::fs::read_to_string(r.file()).unwrap();
        let line = source.lines().nth(r.line() as usize - 1).unwrap();
        assert!(line.contains("fn p_routes"), "line {} is {line:?}", r.line());
    }
    let scoped: Vec<_> = m
        .iter()
        .filter(|r| r.module() == "http::placement::scoped")
        .map(|r| r.path())
        .collect();
    assert_eq!(scoped, ["/p/scope/one", "/p/scope/two", "/p/scope/two"]);
}

#[test]
fn json_has_exactly_the_spec_shape() {
    let json: serde_json::Value = serde_json::from_str(&manifest().to_json()).unwrap();
    let obj = json.as_object().unwrap();
    assert_eq!(obj.keys().collect::<Vec<_>>(), ["gone"]);
    let user = obj["gone"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == "/r/users/{id}")
        .unwrap();
    assert_eq!(
        *user,
        serde_json::json!({
            "method": "GET",
            "path": "/r/users/{id}",
            "since": "2025-03-01",
            "reason": "Users moved to <v2> & \"friends\"; it's over",
            "link": "https://example.com/migrate?from=v1&to=v2",
            "handler": "user_v1",
            "module": "http::response",
            "file": "tests/http/response.rs",
            "line": user["line"],
        })
    );
    let text = manifest().to_json();
    let start = text
        .find(r#"{"method":"POST","path":"/r/orders""#)
        .expect("key order of the SPEC");
    assert!(text[start..].starts_with(
        r#"{"method":"POST","path":"/r/orders","since":"2024-02-29","reason":"No link, a short cache","link":null,"handler":"order_v1","module":"http::response","file":"tests/http/response.rs","line":"#
    ));
    let pretty: serde_json::Value = serde_json::from_str(&manifest().to_json_pretty()).unwrap();
    assert_eq!(pretty, json);
}

#[test]
fn markdown_is_one_table_row_per_entry() {
    let md = manifest().to_markdown();
    let lines: Vec<_> = md.lines().collect();
    assert_eq!(
        lines[0],
        "| Method | Path | Removed | Reason | Migration | Handler |"
    );
    assert_eq!(lines.len(), manifest().len() + 2);
    let row = lines.iter().find(|l| l.contains("`/r/users/{id}`")).unwrap();
    assert_eq!(
        *row,
        "| GET | `/r/users/{id}` | 2025-03-01 | Users moved to \\<v2\\> & \"friends\"; it's over | \
         [https://example.com/migrate?from=v1&to=v2](https://example.com/migrate?from=v1&to=v2) | `http::response::user_v1` |"
    );
    for line in &lines {
        assert_eq!(line.matches(" | ").count(), 5, "{line}");
    }
}

#[gone_runtime::gone(
    since = "2025-03-01",
    reason = "Pipes | and\nline breaks [stay] in *one* row",
    link = "https://example.com/a_(b)"
)]
#[actix_web::get("/md/row")]
pub async fn md_row() {}

#[test]
fn markdown_escapes_pipes_and_line_breaks_and_renders_the_link() {
    let md = manifest().to_markdown();
    let row = md.lines().find(|l| l.contains("`/md/row`")).unwrap();
    assert_eq!(
        row,
        "| GET | `/md/row` | 2025-03-01 | Pipes \\| and<br>line breaks \\[stay\\] in \\*one\\* row | \
         [https://example.com/a\\_(b)](https://example.com/a_(b%29) | `http::manifest::md_row` |"
    );
}

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gone-check-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("gone.json")
}

#[test]
fn a_written_manifest_checks_fresh_and_atomically_replaces_the_old() {
    let path = temp("fresh");
    std::fs::write(&path, "old contents").unwrap();
    manifest().write_file(&path).unwrap();
    manifest().check_file(&path).unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["gone.json"], "no temporary file is left behind");
    // A handler moving down a few lines is not a change: every line moved, still fresh.
    let mut json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for entry in json["gone"].as_array_mut().unwrap() {
        entry["line"] = (entry["line"].as_u64().unwrap() + 3).into();
    }
    std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    manifest().check_file(&path).unwrap();
    assert!(
        manifest().to_json() != serde_json::to_string(&json).unwrap(),
        "the lines did move"
    );
}

#[test]
fn a_stale_manifest_names_each_route_added_removed_or_changed() {
    let path = temp("stale");
    manifest().write_file(&path).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let list = json["gone"].as_array_mut().unwrap();
    list.retain(|e| e["path"] != "/md/row");
    let changed = list.iter_mut().find(|e| e["path"] == "/r/orders").unwrap();
    changed["reason"] = "An older reason".into();
    // An old revival, since dropped from the code: the route is live either way.
    json["revived"] =
        serde_json::json!([{"method": "GET", "path": "/revived/long/ago", "since": "2020-01-01"}]);
    std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();

    let err = manifest().check_file(&path).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("is out of date (3 changes); run `GONE_MANIFEST=overwrite cargo test`"),
        "{text}"
    );
    assert!(
        text.contains(
            "\n  + GET /md/row  added: since 2025-03-01, http::manifest::md_row at tests/http/manifest.rs:"
        ),
        "{text}"
    );
    assert!(
        text.contains("\n  - GET /revived/long/ago (revived)  removed from the code"),
        "{text}"
    );
    assert!(
        text.contains(
            "\n  ~ POST /r/orders  changed: reason \"An older reason\" -> \"No link, a short cache\";"
        ),
        "{text}"
    );
    match err {
        gone_runtime::CheckError::Stale(_, changes) => assert_eq!(changes.len(), 3),
        other => panic!("{other:?}"),
    }
}

#[test]
fn unreadable_or_malformed_files_say_how_to_fix_them() {
    let missing = temp("missing").with_file_name("absent.json");
    let err = manifest().check_file(&missing).unwrap_err().to_string();
    assert!(
        err.starts_with("cannot read the manifest") && err.contains("GONE_MANIFEST=overwrite"),
        "{err}"
    );
    let path = temp("malformed");
    std::fs::write(&path, "{\"routes\": []}").unwrap();
    let err = manifest().check_file(&path).unwrap_err().to_string();
    assert!(err.contains("is not a gone manifest: no \"gone\" list"), "{err}");
}

#[test]
fn assert_fresh_fails_then_rewrites_on_request() {
    let path = temp("assert");
    std::fs::write(&path, "{\"gone\": []}").unwrap();
    let m = manifest();
    let panic = std::panic::catch_unwind(|| m.assert_fresh(&path)).unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(message.contains("is out of date"), "{message}");
    // Only this test sets the variable.
    std::env::set_var(gone_runtime::OVERWRITE_VAR, "overwrite");
    m.assert_fresh(&path);
    std::env::remove_var(gone_runtime::OVERWRITE_VAR);
    m.check_file(&path).unwrap();
}
