//! SPEC §14 at the edge: the exports of a list run in real servers on 127.0.0.1, in front
//! of the app, each answering every listed path as the app does (status, `Location`,
//! `Cache-Control`, `Sunset`, `Link`, `Vary`, body), by lookup, and leaving every other request
//! to the app. In a test binary of its own: it proves a row is answered at the edge by the
//! app's counters not moving, which no other test may move meanwhile.

#[path = "../examples/support/edges.rs"]
mod edges;
#[path = "../examples/support/nginx.rs"]
mod nginx;

use actix_web::{get, post, web, App, HttpResponse, HttpServer};

gone_runtime::removed!("tests/lists/site.csv");
// Values an edge must carry exactly, or leave to the app: escapes in a `to`, a quote, a `$`,
// a reason of 3 KB, quotes, a backslash and braces in a reason, a query in a link.
gone_runtime::removed!("tests/lists/hostile.csv");

#[get("/posts/{slug}")]
async fn post_page(slug: web::Path<String>) -> HttpResponse {
    // A type of its own: Go's server (Caddy) would add one by sniffing the body.
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(format!("post {slug}"))
}

#[post("/api/comments")]
async fn comment() -> HttpResponse {
    HttpResponse::Created().finish()
}

#[get("/api/comments")]
async fn comments() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("comments")
}

/// The app on a real server of its own, on 127.0.0.1: its address.
fn serve_app() -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(|| {
                App::new()
                    .wrap(gone_runtime::Lists)
                    .service(post_page)
                    .service(comment)
                    .service(comments)
            })
            .workers(1)
            .bind(("127.0.0.1", 0))
            .unwrap();
            tx.send(server.addrs()[0].to_string()).unwrap();
            server.run().await.unwrap();
        });
    });
    rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap()
}

/// What an edge must answer as the app does: the status, and the headers and body a client
/// reads (a redirect's body is the edge's own page).
fn seen(reply: &nginx::Reply) -> String {
    let mut out = format!("{}", reply.status);
    let redirect = (300..400).contains(&reply.status);
    // A redirect's body is the edge's own short page, with its own type.
    let names: &[&str] = match redirect {
        true => &["location", "cache-control", "vary"],
        false => &[
            "location",
            "cache-control",
            "sunset",
            "link",
            "vary",
            "content-type",
        ],
    };
    for name in names {
        if let Some(value) = reply.header(name) {
            out.push_str(&format!("\n{name}: {value}"));
        }
    }
    if !redirect {
        // The edges write a `$` or a brace in a JSON string as `\u0024`, `\u007b` (so that
        // their configuration never reads a variable there): the same JSON, read back.
        let raw = match reply.header("transfer-encoding") {
            Some("chunked") => dechunked(&reply.body),
            _ => reply.body.clone(),
        };
        let body = match reply.header("content-type") {
            Some("application/problem+json") => serde_json::from_slice::<serde_json::Value>(&raw)
                .map(|json| json.to_string())
                .unwrap_or_else(|e| format!("not JSON ({e}): {}", String::from_utf8_lossy(&raw))),
            _ => String::from_utf8_lossy(&raw).into_owned(),
        };
        out.push_str(&format!("\n\n{body}"));
    }
    out
}

/// A chunked body (Caddy sends a long one so), its chunks joined.
fn dechunked(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&raw[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&raw[end + 2..(end + 2 + size).min(raw.len())]);
        raw = raw.get(end + 2 + size + 2..).unwrap_or_default();
    }
    out
}

/// Requests for every row, below and beside every prefix, in other spellings and cases, with
/// hostile query strings, by several methods.
fn requests() -> Vec<(&'static str, String)> {
    let mut paths: Vec<String> = Vec::new();
    for row in gone_runtime::manifest().listed() {
        let path = row.path().trim_end_matches('*').to_string();
        paths.push(path.clone());
        paths.push(format!("{path}x"));
        paths.push(format!("{path}?x=1&y=%2F"));
        paths.push(format!("{path}/"));
        paths.push(path.to_uppercase());
        paths.push(path.replacen('o', "%6F", 1));
        paths.push(format!("/{path}"));
    }
    paths.extend(
        [
            "/old-forum/a%2Fb",
            "/old-forum/archive/2019/x",
            "/old-forumx/a",
            "/posts/still-here",
            "/about-us?//evil.example",
            "/about-us?%5C%5Cevil",
            "/about-us?a=%0D%0ASet-Cookie:x",
            "/shop/old?x=1",
            "/posts/a%2fb",
            "/posts/caf%c3%a9",
            "/posts/launch-2019#frag",
        ]
        .map(String::from),
    );
    paths.push(format!("/about-us?{}", "q".repeat(8 * 1024)));
    let mut out = Vec::new();
    for path in paths {
        for method in ["GET", "HEAD", "POST", "DELETE"] {
            out.push((method, path.clone()));
        }
    }
    out
}

/// Sends every request to the app and through the edge at `edge`, and fails on any
/// difference; first, that the edge answers every row itself (the app counts none of them)
/// but those its configuration says it leaves to the app (`config`'s "Left to the app"
/// comments).
fn answers_as_the_app_does(name: &str, app: &str, edge: &str, config: &str) {
    let m = gone_runtime::manifest();
    let left: Vec<&str> = config
        .lines()
        .filter_map(|l| {
            l.strip_prefix("# Left to the app")?
                .split_once(": ")?
                .1
                .split(" (")
                .next()
        })
        .collect();
    let hits = |m: &gone_runtime::Manifest| {
        m.listed()
            .filter(|r| !left.contains(&r.path()))
            .map(|r| r.hits())
            .collect::<Vec<_>>()
    };
    let before = hits(&m);
    for row in m.listed() {
        let method = if row.method() == "*" { "GET" } else { row.method() };
        let path = row.path().replace('*', "below");
        let reply = nginx::send_with(edge, method, &format!("{path}?q=1"), "");
        assert_eq!(reply.status, row.status(), "{name}: {method} {path}");
    }
    assert_eq!(
        hits(&gone_runtime::manifest()),
        before,
        "{name}: a listed path went on to the app"
    );
    let mut differ = Vec::new();
    let requests = requests();
    for (method, path) in &requests {
        // No body: the app answers a path it has no route for without reading one, and
        // would wait for it to drain before closing.
        let direct = nginx::send_with(app, method, path, "");
        let through = nginx::send_with(edge, method, path, "");
        // A request-target holds no fragment (RFC 9112 §3.2), and no client sends one; the app
        // reads past it. HAProxy refuses it with 400, before any rule; Caddy passes it on to
        // the app encoded, as `%23`, part of the path (as `tests/edge_differential.rs` knows
        // Caddy to re-encode what a URI cannot hold).
        let refused = path.contains('#')
            && ((matches!(name, "HAProxy" | "Apache") && through.status == 400) || name == "Caddy");
        // Apache passes a path with doubled slashes on to the app with them merged
        // (`MergeSlashes On`, its default), as `tests/edge_differential.rs` knows.
        let merged = name == "Apache" && path.starts_with("//");
        // Apache writes a redirect's `Location` absolute (the same address, RFC 9110 §10.2.2).
        let seen_through = match name {
            "Apache" => seen(&through).replace("location: http://edge.test/", "location: /"),
            _ => seen(&through),
        };
        // Varnish's built-in VCL fetches a HEAD it does not answer as a GET (to keep the
        // answer for both), so a live `#[get]` route answers it, where actix-web's router
        // answers HEAD on a GET route with 404: the cache's doing, and the app's GET answer.
        let fetched_as_get = name == "Varnish"
            && *method == "HEAD"
            && direct.status == 404
            && through.status == nginx::send_with(app, "GET", path, "").status;
        if seen(&direct) != seen_through && !refused && !merged && !fetched_as_get {
            let short = |s: String| s.chars().take(400).collect::<String>();
            differ.push(format!(
                "{method} {}:\n--- app\n{}\n--- {name}\n{}",
                path.get(..120).unwrap_or(path),
                short(seen(&direct)),
                short(seen_through)
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{name}: {} of {} requests differ:\n{}",
        differ.len(),
        requests.len(),
        differ.join("\n\n")
    );
}

/// nginx, HAProxy, Caddy, Apache, then Varnish, each in front of the same app (one test: the counters are shared).
#[test]
fn every_edge_answers_every_listed_path_as_the_app_does() {
    let app = serve_app();
    let m = gone_runtime::manifest();
    if let Some(binary) = nginx::binary() {
        let maps = m.to_nginx_maps().unwrap();
        assert!(
            maps.contains(
                "# Left to the app, nginx cannot carry its text: /hostile/dollar (tests/lists/hostile.csv:4)"
            ),
            "{maps}"
        );
        let edge = nginx::start_with_maps(&binary, &maps, &m.to_nginx().unwrap(), Some(&app));
        answers_as_the_app_does("nginx", &app, &edge.addr, &maps);
    }
    if let Some(binary) = edges::Kind::Haproxy.binary() {
        let map = std::env::temp_dir().join(format!("gone-list-edges-{}.map", std::process::id()));
        std::fs::write(&map, m.to_haproxy_list_map().unwrap()).unwrap();
        let rules = m.to_haproxy_lists(&map.to_string_lossy()).unwrap();
        let edge = edges::start_before(edges::Kind::Haproxy, &binary, &rules, Some(&app));
        assert!(
            rules.contains(
                "# Left to the app, HAProxy cannot carry its text: /shop/old (tests/lists/site.csv:11)"
            ),
            "{rules}"
        );
        answers_as_the_app_does("HAProxy", &app, &edge.addr, &rules);
        let _ = std::fs::remove_file(&map);
    }
    if let Some(binary) = edges::Kind::Caddy.binary() {
        let snippet = m.to_caddy_lists().unwrap();
        let edge = edges::start_before(edges::Kind::Caddy, &binary, &snippet, Some(&app));
        answers_as_the_app_does("Caddy", &app, &edge.addr, &snippet);
    }
    if let Some(binary) = edges::Kind::Apache.binary() {
        let map = std::env::temp_dir().join(format!("gone-list-edges-{}.txt", std::process::id()));
        std::fs::write(&map, m.to_apache_list_map().unwrap()).unwrap();
        let snippet = m.to_apache_lists(&map.to_string_lossy()).unwrap();
        let edge = edges::start_before(edges::Kind::Apache, &binary, &snippet, Some(&app));
        answers_as_the_app_does("Apache", &app, &edge.addr, &snippet);
        let _ = std::fs::remove_file(&map);
    }
    if let Some(binary) = edges::Kind::Varnish.binary() {
        let vcl = m.to_varnish_lists().unwrap();
        // Varnish carries every text as it is: no row is left to the app.
        assert!(!vcl.contains("# Left to the app"), "{vcl}");
        let edge = edges::start_before(edges::Kind::Varnish, &binary, &vcl, Some(&app));
        answers_as_the_app_does("Varnish", &app, &edge.addr, &vcl);
        // The request headers the VCL works with are its own: a client's are removed first.
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(&edge.addr).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        s.write_all(
            b"GET /posts/forged HTTP/1.1\r\nHost: edge.test\r\ngone-list-row: 0\r\n\
              gone-list-method: *\r\ngone-list-to: //evil.example\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
        let mut reply = String::new();
        let _ = s.read_to_string(&mut reply);
        assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
        assert!(reply.ends_with("post forged"), "{reply}");
    }
}
