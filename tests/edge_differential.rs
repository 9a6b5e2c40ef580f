//! Issue 20, item 12: the edges against the app, request by request. The app runs on
//! 127.0.0.1 behind each of nginx, HAProxy, Caddy, Apache httpd and Varnish, configured as users
//! configure them (the export included, every other request proxied to the app). A generated
//! set of requests (every method on every retired and moved path; each path filled with
//! ordinary, percent-encoded and hostile values; its neighbours: a trailing slash, a doubled
//! slash, one segment more or less, a query string) goes to the app directly and through the
//! edge, and every answer is compared: status, `Location`, `Sunset`, `Cache-Control`. A
//! difference fails the test unless the README's table of what that edge cannot say lists it
//! (`KNOWN` below mirrors that table).
//!
//! The routes overlap on purpose: a GET and a DELETE on paths one pattern covers, a tail
//! beside a static path, a regex beside a plain parameter, a live route on a retired path, and
//! moved routes whose target opens with a value (`/{tail}`), the shape of an open redirect.

use actix_web::middleware::DefaultHeaders;
use actix_web::{delete, get, post, put, App, HttpResponse, HttpServer};
use gone_runtime::{gone, moved};
use std::collections::BTreeSet;
use std::time::Duration;

#[path = "../examples/support/edges.rs"]
mod edges;
#[path = "../examples/support/nginx.rs"]
mod nginx;

#[gone(since = "2025-03-01", reason = "The profile page is gone")]
#[get("/v1/users/me")]
pub async fn me_v1() {}

#[gone(since = "2025-02-01", reason = "Deleting users moved to the admin API")]
#[delete("/v1/users/{id}")]
pub async fn delete_user_v1() {}

#[gone(since = "2025-03-01", reason = "The tree is read-only now")]
#[get("/v1/tree/{tail:.*}")]
pub async fn tree_v1() {}

#[gone(since = "2025-01-01", reason = "Uploads are closed")]
#[post("/v1/tree/upload")]
pub async fn upload_v1() {}

#[gone(since = "2025-03-01", reason = "Accounts are numbered no more")]
#[put(r"/v1/accounts/{id:\d+}")]
pub async fn put_account_v1() {}

#[gone(since = "2025-04-01", reason = "Accounts moved to /v2/accounts")]
#[get("/v1/accounts/{id}")]
pub async fn account_v1() {}

#[gone(since = "2025-03-01", reason = "Search by GET is gone; POST it")]
#[get("/v1/find")]
pub async fn find_v1() {}

/// Live on the path of a retired GET: the edges must let it through.
#[post("/v1/find")]
async fn find_live() -> HttpResponse {
    HttpResponse::Ok().body("found")
}

#[gone(since = "2025-03-01", reason = "The user list is gone")]
#[get("/v1/users")]
pub async fn users_v1() {}

/// The shape of an open redirect: the value opens the target.
#[moved(to = "/{tail}", since = "2025-03-01")]
#[get("/old/{tail:.*}")]
pub async fn old() {}

#[moved(to = "/v2/files/{tail}", since = "2025-03-01")]
#[get("/v1/files/{tail:.*}")]
pub async fn files_v1() {}

#[moved(to = "https://docs.example.com/{page}", since = "2025-03-01", status = 301)]
#[get("/v1/docs/{page}")]
pub async fn docs_v1() {}

#[moved(to = "/v2/search", since = "2025-03-01")]
#[get("/v1/search")]
pub async fn search_v1() {}

/// A `$` in the target: nginx and HAProxy cannot write one, and leave the route to the app.
#[moved(to = "/v2/$x/{id}?a=$b", since = "2025-03-01")]
#[get("/v1/dollar/{id}")]
pub async fn dollar() {}

/// Live on the path of a moved GET.
#[post("/v1/search")]
async fn search_live() -> HttpResponse {
    HttpResponse::Ok().body("searched")
}

const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

/// Values for each parameter: ordinary, percent-encoded, and hostile (another host, a
/// backslash, encoded slashes and backslashes, a tab, a line break, a quote, a dollar).
const VALUES: &[&str] = &[
    "42",
    "abc",
    "caf%C3%A9",
    "a%2Fb",
    "%2F%2Fevil.example",
    "%5Cevil.example",
    "%09evil",
    "%0Aevil",
    "%22q%22",
    "%24x",
    "x%3Fy",
    "/evil.example/phish",
    "\\evil.example/phish",
    "/\\evil.example",
    "a/b/c",
    // Raw bytes the app's parser refuses (400): an edge must not answer them either.
    "caf\u{e9}",
    "\"q\"",
    "<x>",
];

/// A difference an edge cannot avoid, as the README's table says.
struct Known {
    edge: &'static str,
    /// The README's row, in words.
    #[allow(dead_code)] // read by people
    row: &'static str,
    /// Which requests it covers.
    covers: fn(&str) -> bool,
}

/// The differences the README's table lists. Each is checked to be the app's own answer,
/// passed on by the server.
const KNOWN: &[Known] = &[
    Known {
        edge: "caddy",
        row: "passes a request URI that holds characters a URI cannot hold as they are (`\\`, `\"`, `<`, a raw non-ASCII byte) on to the app re-encoded",
        covers: |uri| !uri.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?%".contains(&b)),
    },
    Known {
        edge: "apache",
        row: "passes a path with doubled slashes on to the app with them merged (`MergeSlashes On`, its default)",
        covers: |uri| uri.split('?').next().unwrap_or("").contains("//"),
    },
];

/// The app, served on 127.0.0.1 as users serve it: live routes, then every retired one.
fn start_app() -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(|| {
                App::new()
                    .wrap(DefaultHeaders::new().add(("x-answered-by", "app")))
                    .service(find_live)
                    .service(search_live)
                    .configure(gone_runtime::serve_all)
            })
            .workers(1)
            .bind(("127.0.0.1", 0))
            .unwrap();
            tx.send(server.addrs()[0].to_string()).unwrap();
            server.run().await.unwrap();
        });
    });
    rx.recv_timeout(Duration::from_secs(10)).unwrap()
}

/// `pattern` with every `{...}` replaced by `value`.
fn fill(pattern: &str, value: &str) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        // Braces nest inside a regex (`{id:[0-9]{2}}`): find the one that closes.
        let mut depth = 0;
        let mut close = open;
        for (i, c) in rest[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.push_str(value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Every request of the comparison, sorted and without repeats.
fn requests() -> BTreeSet<(String, String)> {
    let m = gone_runtime::manifest();
    let paths: BTreeSet<&str> = m
        .iter()
        .map(|r| r.path())
        .chain(m.moved().map(|r| r.path()))
        .collect();
    let mut uris = BTreeSet::new();
    for path in paths {
        let mut filled: Vec<String> = VALUES.iter().map(|v| fill(path, v)).collect();
        filled.dedup();
        for uri in filled {
            // The neighbours: a trailing slash, a doubled slash, one segment more or less,
            // a letter of the literal path percent-encoded, a query string.
            let parent = uri.rsplit_once('/').map_or("/", |(p, _)| p).to_string();
            let encoded = uri.replacen('v', "%76", 1);
            uris.insert(uri.clone());
            for u in [
                format!("{uri}/"),
                format!("/{uri}"),
                uri.replacen('/', "//", 2),
                format!("{uri}/x"),
                if parent.is_empty() {
                    "/".to_string()
                } else {
                    parent
                },
                encoded,
                format!("{uri}?x=1&y=2"),
            ] {
                uris.insert(u);
            }
        }
    }
    let mut out = BTreeSet::new();
    for uri in uris {
        for method in METHODS {
            out.insert((method.to_string(), uri.clone()));
        }
    }
    out
}

/// What the comparison reads of an answer.
fn answer(reply: &nginx::Reply, host: &str) -> [Option<String>; 4] {
    let location = reply
        .header("location")
        .map(|l| l.strip_prefix(host).unwrap_or(l).to_string());
    [
        Some(reply.status.to_string()),
        location,
        reply.header("sunset").map(str::to_string),
        reply.header("cache-control").map(str::to_string),
    ]
}

#[test]
fn every_edge_answers_every_request_as_the_app_does() {
    let app = start_app();
    let requests = requests();
    assert!(requests.len() > 4000, "{}", requests.len());
    let direct: Vec<_> = requests
        .iter()
        .map(|(method, uri)| nginx::send_with(&app, method, uri, ""))
        .collect();
    // The app itself never names another host.
    for ((method, uri), reply) in requests.iter().zip(&direct) {
        if let Some(location) = reply.header("location") {
            let host_free =
                location.starts_with('/') && !location.starts_with("//") && !location.starts_with("/\\");
            let ours = location.starts_with("https://docs.example.com/");
            assert!(host_free || ours, "{method} {uri}: Location {location}");
        }
    }
    // The five edges side by side, each in a thread of its own: the requests wait on the
    // network, not on the two cores.
    let edges: Vec<_> = ["nginx", "haproxy", "caddy", "apache", "varnish"]
        .into_iter()
        .map(|kind| {
            let (app, requests, direct) = (app.clone(), requests.clone(), direct.clone());
            std::thread::spawn(move || compare(kind, &app, &requests, &direct))
        })
        .collect();
    let ran: Vec<bool> = edges.into_iter().map(|t| t.join().unwrap()).collect();
    if !ran.contains(&true) {
        eprintln!("SKIPPED: no edge server is installed; the differential test did not run");
    }
}

/// Sends every request through `kind` in front of the app and fails on any difference from
/// `direct`, the app's own answers. Returns whether the edge was there to run.
fn compare(kind: &str, app: &str, requests: &BTreeSet<(String, String)>, direct: &[nginx::Reply]) -> bool {
    let (addr, snippet, _edge): (String, String, Box<dyn std::any::Any>) = match kind {
        "nginx" => {
            let Some(binary) = nginx::binary() else {
                return false;
            };
            let snippet = gone_runtime::manifest().to_nginx().unwrap();
            let edge = nginx::start_before(&binary, &snippet, Some(app));
            (edge.addr.clone(), snippet, Box::new(edge))
        }
        other => {
            let kind = match other {
                "haproxy" => edges::Kind::Haproxy,
                "caddy" => edges::Kind::Caddy,
                "varnish" => edges::Kind::Varnish,
                _ => edges::Kind::Apache,
            };
            let Some(binary) = kind.binary() else { return false };
            let snippet = kind.export(&gone_runtime::manifest());
            let edge = edges::start_before(kind, &binary, &snippet, Some(app));
            (edge.addr.clone(), snippet, Box::new(edge))
        }
    };
    let mut differences = Vec::new();
    let (mut at_the_edge, mut known) = (0, 0);
    for ((method, uri), in_app) in requests.iter().zip(direct) {
        let through = nginx::send_with(&addr, method, uri, "");
        let by_the_edge = through.header("x-answered-by").is_none();
        at_the_edge += usize::from(by_the_edge);
        let (a, e) = (
            answer(in_app, "http://127.0.0.1"),
            answer(&through, "http://edge.test"),
        );
        if a == e {
            continue;
        }
        // A request the app's own parser refuses (400): the edge's parser may refuse it too, with
        // its own page, or pass it on and report the app's refusal as a bad gateway. The
        // export's rules answer only 410, 301 and 308, so neither is theirs.
        let refused = |s: &Option<String>| matches!(s.as_deref(), Some("400" | "502"));
        if a[0].as_deref() == Some("400") && refused(&e[0]) {
            known += 1;
            continue;
        }
        match KNOWN.iter().find(|k| k.edge == kind && (k.covers)(uri)) {
            // The server's own doing, not the export's: the answer is the app's.
            Some(_) if !by_the_edge => known += 1,
            _ => differences.push(format!("{method} {uri}: app {a:?}, {kind} {e:?}")),
        }
    }
    assert!(
        differences.is_empty(),
        "{kind} answers {} of {} requests unlike the app:\n{}\n--- snippet ---\n{snippet}",
        differences.len(),
        requests.len(),
        differences.join("\n")
    );
    // The edge did answer by itself: every route with an ordinary value, save those the
    // export leaves to the app (a `$` in `to`, which nginx and HAProxy cannot write).
    let m = gone_runtime::manifest();
    let routes = m.iter().map(|r| (r.method(), r.path()));
    for (method, path) in routes.chain(m.moved().map(|r| (r.method(), r.path()))) {
        if path == "/v1/dollar/{id}" && matches!(kind, "nginx" | "haproxy") {
            continue;
        }
        let uri = fill(path, "abc").replace("/v1/accounts/abc", "/v1/accounts/42");
        let through = nginx::send_with(&addr, method, &uri, "");
        assert!(
            through.header("x-answered-by").is_none(),
            "{kind} left {method} {uri} to the app\n{snippet}"
        );
    }
    assert!(
        at_the_edge > 100,
        "{kind} answered only {at_the_edge} requests itself"
    );
    eprintln!(
        "{kind}: {} requests, {at_the_edge} answered at the edge, all as the app ({known} differ as the README's table says)",
        requests.len()
    );
    true
}

/// Item 1, in the app through actix-web's service stack: a value that would open the
/// `Location` with `//` or `/\` (another host, for every client) has that character
/// percent-encoded; encoded slashes, backslashes, tabs and line breaks stay encoded; an
/// absolute target keeps its host whatever the value. Registered by hand and served from the
/// manifest alike.
#[actix_web::test]
async fn the_app_never_redirects_to_another_host() {
    use actix_web::test;
    let by_hand = test::init_service(App::new().service(old).service(docs_v1).service(files_v1)).await;
    let served = test::init_service(App::new().configure(gone_runtime::serve_all)).await;
    for (uri, location) in [
        ("/old//evil.example/phish", "/%2Fevil.example/phish"),
        ("/old/\\evil.example/phish", "/%5Cevil.example/phish"),
        ("/old//\\evil.example", "/%2F\\evil.example"),
        ("/old/%2F%2Fevil.example", "/%2F%2Fevil.example"),
        ("/old/%5Cevil.example", "/%5Cevil.example"),
        ("/old/%09/evil.example", "/%09/evil.example"),
        ("/old/%0A/evil.example", "/%0A/evil.example"),
        ("/old//evil.example?next=1", "/%2Fevil.example?next=1"),
        ("/old/", "/"),
        ("/old/fine/path", "/fine/path"),
        (
            "/v1/docs/%2F%2Fevil.example",
            "https://docs.example.com/%2F%2Fevil.example",
        ),
        ("/v1/docs/@evil.example", "https://docs.example.com/@evil.example"),
        ("/v1/files//evil.example", "/v2/files//evil.example"),
        // The pattern's text spelled with escapes: the value from the path actix-web matched.
        ("/%6Fld//evil.example", "/%2Fevil.example"),
    ] {
        for app in [&by_hand, &served] {
            let res = test::call_service(app, test::TestRequest::get().uri(uri).to_request()).await;
            assert!(res.status().is_redirection(), "{uri}: {}", res.status());
            assert_eq!(res.headers().get("location").unwrap(), location, "{uri}");
        }
    }
}
