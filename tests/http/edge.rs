//! Issue 5: the manifest at the edge. Every retired route of this test binary, including
//! paths and texts with characters nginx reads specially, goes through a real nginx: the
//! snippet passes `nginx -t`, and each entry answers 410 with the app's headers and JSON.

use actix_web::{get, post, App};
use gone_runtime::{gone, manifest};

#[path = "../../examples/support/edges.rs"]
mod edges;
#[path = "../../examples/support/nginx.rs"]
mod nginx;

#[gone(
    since = "2025-03-01",
    reason = r#"Costs $5 now; see "pricing" \ the FAQ"#,
    link = "https://example.com/a$b?c=d&e"
)]
#[get("/x/a;b")]
pub async fn x_semicolon() {}

#[gone(since = "2025-03-01", reason = "Dollar path")]
#[get("/x/$dollar")]
pub async fn x_dollar() {}

#[gone(since = "2025-03-01", reason = "Quote and parens")]
#[post("/x/it's(1)")]
pub async fn x_quote() {}

#[gone(since = "2025-03-01", reason = "Braces in a regex")]
#[get("/x/{id:[0-9]{2}}/more")]
pub async fn x_regex() {}

#[gone(
    since = "2025-03-01",
    reason = "Hash and spaces are percent-encoded by clients"
)]
#[get("/x/{name}.json")]
pub async fn x_mixed() {}

/// Text each server reads in its own grammar: Caddy's placeholders (`{host}`), Apache's
/// expressions (`%{HTTP_HOST}`, `$1`), HAProxy's environment variables (`$HOME`), quotes,
/// backslashes, a backtick; under a tail.
#[gone(
    since = "2025-03-01",
    reason = r#"100% {gone}: {host} %{HTTP_HOST} $1 $HOME \ "q" `tick` 'a'"#,
    link = "https://example.com/files?x=$y&z=%25"
)]
#[get("/x/files/{rest}*")]
pub async fn x_tail() {}

/// Methods nginx itself answers before any location (TRACE) or does not parse as methods.
const EDGE_METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

#[actix_web::test]
#[allow(clippy::await_holding_lock)]
async fn every_entry_of_this_binary_answers_410_at_the_edge() {
    let _counting = crate::common::every_route();
    let Some(binary) = nginx::binary() else {
        return;
    };
    let m = manifest();
    let snippet = m.to_nginx().unwrap();
    let edge = nginx::start(&binary, &snippet);
    let app = actix_web::test::init_service(App::new().configure(gone_runtime::serve_all)).await;
    let mut checked = 0;
    for route in m
        .iter()
        .filter(|r| !r.guarded() && EDGE_METHODS.contains(&r.method()))
    {
        // As written: the edge matches the raw request URI, as the app routes it.
        let uri = gone_runtime::test::example_path(route.path()).unwrap();
        let at_edge = nginx::send(&edge.addr, route.method(), &uri);
        let what = format!("{} {uri}", route.method());
        assert_eq!(at_edge.status, 410, "{what}\n{snippet}");
        let req = actix_web::test::TestRequest::default()
            .method(route.method().parse().unwrap())
            .uri(&uri);
        let in_app = actix_web::test::call_service(&app, req.to_request()).await;
        assert_eq!(in_app.status(), 410, "{what} in the app");
        for name in ["sunset", "cache-control", "vary"] {
            let app_value = in_app.headers().get(name).map(|v| v.to_str().unwrap());
            assert_eq!(at_edge.header(name), app_value, "{what}: {name}");
        }
        let app_body = actix_web::test::read_body(in_app).await;
        checked += 1;
        if route.method() == "HEAD" {
            assert!(at_edge.body.is_empty(), "{what}");
            continue;
        }
        let edge_json: serde_json::Value = serde_json::from_slice(&at_edge.body).unwrap();
        let app_json: serde_json::Value = serde_json::from_slice(&app_body).unwrap();
        assert_eq!(edge_json, app_json, "{what}");
    }
    assert!(checked > 40, "{checked}");
    // `$` in a link is percent-encoded at the edge, where nginx would read it as a variable.
    let reply = nginx::send(&edge.addr, "GET", "/x/a;b");
    assert_eq!(
        reply.header("link"),
        Some("<https://example.com/a%24b?c=d&e>; rel=\"sunset\"")
    );
    let body: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(body["detail"], r#"Costs $5 now; see "pricing" \ the FAQ"#);
    // A regex with braces keeps them: two digits only.
    assert_eq!(nginx::send(&edge.addr, "GET", "/x/12/more").status, 410);
    assert_eq!(nginx::send(&edge.addr, "GET", "/x/123/more").status, 404);
    // A spelling with percent-escapes, or with doubled slashes, is the app's to answer (here,
    // what stands for the app answers 404): the edge answers only what it matches as sent.
    assert_eq!(nginx::send(&edge.addr, "GET", "/x/%24dollar").status, 404);
    assert_eq!(nginx::send(&edge.addr, "GET", "/x//files/a").status, 404);
    // Another method on a retired path goes on to the app, never a 403.
    assert_eq!(nginx::send(&edge.addr, "DELETE", "/x/a;b").status, 404);
    // Guarded routes are left to the app.
    assert!(snippet.contains("# Left to the app, which alone knows its guard: GET /s/guarded"));
    assert_eq!(nginx::send(&edge.addr, "GET", "/s/guarded").status, 404);
}

/// Issue 15: the same entries through HAProxy, Caddy and Apache httpd, each answering like the
/// app (status, headers, JSON body), the paths sent as a client writes them.
#[actix_web::test]
#[allow(clippy::await_holding_lock)]
async fn every_entry_of_this_binary_answers_at_haproxy_caddy_apache_and_varnish_as_in_the_app() {
    let _counting = crate::common::every_route();
    let m = manifest();
    let app = actix_web::test::init_service(App::new().configure(gone_runtime::serve_all)).await;
    let mut requests = Vec::new();
    for route in m
        .iter()
        .filter(|r| !r.guarded() && EDGE_METHODS.contains(&r.method()))
    {
        let uri = gone_runtime::test::example_path(route.path()).unwrap();
        requests.push((route.method().to_string(), uri.clone()));
        if route.method() == "GET" {
            requests.push(("HEAD".to_string(), uri));
        }
    }
    assert!(requests.len() > 40, "{}", requests.len());
    for kind in edges::ALL {
        let Some(binary) = kind.binary() else {
            continue;
        };
        let snippet = kind.export(&m);
        assert!(snippet.contains("Left to the app, which alone knows its guard: GET /s/guarded"));
        let edge = edges::start(kind, &binary, &snippet);
        edges::compare(&edge, &app, &requests, &snippet).await;
        // Not the edge's business: a path that is not retired, a guarded one, another method.
        for (method, uri) in [("GET", "/v2/live"), ("GET", "/s/guarded"), ("DELETE", "/x/a;b")] {
            assert!(edges::went_on(&edge, method, uri), "{kind:?} {method} {uri}");
        }
        // A regex with braces keeps them: two digits only.
        assert_eq!(
            nginx::send(&edge.addr, "GET", "/x/12/more").status,
            410,
            "{kind:?}"
        );
        // The text each server would read in its own grammar arrives as the app sends it.
        let reply = nginx::send(&edge.addr, "GET", "/x/files/a/b.txt");
        let body: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(
            body["detail"], r#"100% {gone}: {host} %{HTTP_HOST} $1 $HOME \ "q" `tick` 'a'"#,
            "{kind:?}"
        );
        assert!(edges::went_on(&edge, "GET", "/x/123/more"), "{kind:?}");
    }
}

/// Issue 20: the snippet's own answers live where no client's request can reach them: nginx
/// removes `/./` from a request's path before it picks a location, so a request for such a
/// path goes on to the app (here, a stand-in that answers 200 to everything).
#[actix_web::test]
async fn the_snippets_own_locations_take_no_request_of_the_app() {
    let Some(binary) = nginx::binary() else {
        return;
    };
    let uris = [
        "/.gone/1",
        "/.gone/./1",
        "/.gone/%2E/1",
        "/.gone//./1",
        "/.gone/x/../1",
    ];
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let app = listener.local_addr().unwrap().to_string();
    // Bounded: it stops after the requests it expects, or after ten seconds.
    listener.set_nonblocking(true).unwrap();
    let stand_in = std::thread::spawn(move || {
        use std::io::{Read, Write};
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let mut served = 0;
        while served < uris.len() && std::time::Instant::now() < deadline {
            let Ok((mut s, _)) = listener.accept() else {
                std::thread::sleep(std::time::Duration::from_millis(5));
                continue;
            };
            s.set_nonblocking(false).unwrap();
            s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
                .unwrap();
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\napp");
            served += 1;
        }
    });
    let edge = nginx::start_before(&binary, &manifest().to_nginx().unwrap(), Some(&app));
    for uri in uris {
        let reply = nginx::send(&edge.addr, "GET", uri);
        assert_eq!((reply.status, reply.body.as_slice()), (200, &b"app"[..]), "{uri}");
    }
    stand_in.join().unwrap();
}
