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
