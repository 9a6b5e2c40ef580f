//! SPEC §16: the visitor's page. Every HTML page the library writes (retired, brownout, gone
//! after `on`, moved, listed 410 and 451, run-time `Gone` and `Gone::blocked`) is valid HTML
//! with 0 errors and 0 warnings in the W3C Nu validator, and reads on a phone: headless
//! Chromium renders each at 390 and 1280 CSS pixels wide with no horizontal scrolling and the
//! reason visible, read back from the DOM. The pages and the screenshots are written under
//! `target/gone-pages/` for a person to look at.
//!
//! The pages in a site's own template (SPEC §16) are checked the same way: routes of this test
//! with `page = "examples/pages/gone.html"`, a run-time `Gone` given that page, and the example
//! `api` itself, started on 127.0.0.1 (its retired, brownout and moved pages, in the template
//! it declares).
//!
//! The validator is npm's `vnu-jar` run with Java (`.ci/run` installs both); Chromium is
//! Debian's `chromium`. In CI (`CI` set) their absence is a failure; elsewhere the test says
//! it skipped.

use actix_web::http::header;
use actix_web::test::{call_service, init_service, read_body, TestRequest};
use actix_web::{get, web, App, HttpResponse, HttpServer};
use gone_runtime::{gone, moved, sunset, Gone, Lifecycle};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, UNIX_EPOCH};

#[path = "../examples/support/example.rs"]
mod example;

gone_runtime::removed!("tests/lists/pages.csv");

/// A link with a long run of letters and no place to break: it must wrap, not scroll.
const LONG: &str = "https://example.com/docs/migratingfromtheversiononeapitotheversiontwoapistepbystepwitheveryendpointlisted";

#[gone(
    since = "2025-03-01",
    reason = "API v1 was shut down on 2025-03-01; every v1 endpoint now has a v2 twin, listed in the migration guide with its new parameters",
    link = "https://example.com/docs/migratingfromtheversiononeapitotheversiontwoapistepbystepwitheveryendpointlisted"
)]
#[get("/v1/users")]
async fn users_v1() {}

#[sunset(
    deprecated = "2025-01-15",
    on = "2025-06-30",
    reason = "Use /v2/teams",
    link = "https://example.com/migrate",
    brownouts = ["2025-06-03T14:00Z/PT1H"]
)]
#[get("/v1/teams")]
async fn teams_v1() -> HttpResponse {
    HttpResponse::Ok().body("teams")
}

#[moved(
    to = "/v2/profile/with/a/rather/long/path/that/keeps/going/on/and/on/without/a/single/space/in/it",
    since = "2025-03-01",
    reason = "The profile moved to API v2"
)]
#[get("/v1/profile")]
async fn profile_v1() {}

#[get("/posts/{id}")]
async fn post(id: web::Path<u32>) -> Gone {
    match *id {
        1 => Gone::new("The author deleted this post <on purpose> & for good.")
            .since(gone_runtime::Date::parse("2026-11-02").unwrap())
            .link(LONG),
        _ => Gone::blocked("Removed on a court order.").link("https://courts.example/orders/2026-117"),
    }
}

// The same pages in the example's template (the attribute's `page` overrides the default).
#[gone(
    since = "2025-03-01",
    reason = "API v1 was shut down on 2025-03-01; every v1 endpoint now has a v2 twin, listed in the migration guide with its new parameters",
    link = "https://example.com/docs/migratingfromtheversiononeapitotheversiontwoapistepbystepwitheveryendpointlisted",
    page = "examples/pages/gone.html"
)]
#[get("/t/v1/users")]
async fn users_v1_templated() {}

#[sunset(
    deprecated = "2025-01-15",
    on = "2025-06-30",
    reason = "Use /v2/teams",
    link = "https://example.com/migrate",
    brownouts = ["2025-06-03T14:00Z/PT1H"],
    page = "examples/pages/gone.html"
)]
#[get("/t/v1/teams")]
async fn teams_v1_templated() -> HttpResponse {
    HttpResponse::Ok().body("teams")
}

#[moved(
    to = "/v2/profile/with/a/rather/long/path/that/keeps/going/on/and/on/without/a/single/space/in/it",
    since = "2025-03-01",
    reason = "The profile moved to API v2",
    page = "examples/pages/gone.html"
)]
#[get("/t/v1/profile")]
async fn profile_v1_templated() {}

fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(users_v1)
        .service(teams_v1)
        .service(profile_v1)
        .service(post)
        .service(users_v1_templated)
        .service(teams_v1_templated)
        .service(profile_v1_templated)
        // The run-time `Gone` in the example's page, given to this scope.
        .service(
            web::scope("/t")
                .app_data(gone_runtime::page!("examples/pages/gone.html"))
                .service(post),
        );
}

/// `GET path` from `addr` with `Accept: text/html`: the status and the body.
fn fetch_html(addr: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/html\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, body.to_string())
}

/// The example's pages in its own template: a name, the path, the status, at the instant
/// [`EXAMPLE_AT`] (inside the cover's first brownout).
const EXAMPLE_PAGES: [(&str, &str, u16); 3] = [
    ("example-retired", "/v1/books", 410),
    ("example-brownout", "/v2/books/1/cover", 410),
    ("example-moved", "/v1/books/7", 308),
];
const EXAMPLE_AT: &str = "2027-02-01T14:30Z";
/// Every page: a name, the URI, and the `Lifecycle` instant it is asked at.
const PAGES: [(&str, &str, u64); 13] = [
    ("retired", "/v1/users", 0),
    ("brownout", "/v1/teams", 1_748_961_000),
    ("gone-after-on", "/v1/teams", 1_751_328_000),
    ("moved", "/v1/profile", 0),
    ("listed-410", "/archive/2019/launch", 0),
    ("listed-451", "/posts/leaked-memo", 0),
    ("runtime-gone", "/posts/1", 0),
    ("runtime-451", "/posts/2", 0),
    ("templated-retired", "/t/v1/users", 0),
    ("templated-brownout", "/t/v1/teams", 1_748_961_000),
    ("templated-moved", "/t/v1/profile", 0),
    ("templated-runtime-gone", "/t/posts/1", 0),
    ("templated-runtime-451", "/t/posts/2", 0),
];

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/gone-pages");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes every page as the app answers it to `Accept: text/html`, and returns the files.
async fn write_pages() -> Vec<(String, PathBuf, String)> {
    let mut out = Vec::new();
    for (name, uri, at) in PAGES {
        let lifecycle = Lifecycle::new().at(UNIX_EPOCH + Duration::from_secs(at.max(1_740_787_200)));
        let app = init_service(
            App::new()
                .wrap(gone_runtime::Lists)
                .app_data(lifecycle)
                .configure(routes),
        )
        .await;
        let req = TestRequest::get()
            .uri(uri)
            .insert_header((header::ACCEPT, "text/html"));
        let res = call_service(&app, req.to_request()).await;
        let ct = res
            .headers()
            .get(header::CONTENT_TYPE)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert_eq!(ct, "text/html; charset=utf-8", "{name}");
        let body = String::from_utf8(read_body(res).await.to_vec()).unwrap();
        assert!(
            body.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"),
            "{name}: {body}"
        );
        if name.starts_with("templated") {
            assert!(
                body.contains("<header><a href=\"/\">Bookstore</a></header>"),
                "{name}: {body}"
            );
        }
        let file = out_dir().join(format!("{name}.html"));
        std::fs::write(&file, &body).unwrap();
        out.push((name.to_string(), file, body));
    }
    // The example, in the template it declares.
    let example = example::start(EXAMPLE_AT);
    for (name, path, status) in EXAMPLE_PAGES {
        let (got, body) = fetch_html(&example.addr, path);
        assert_eq!(got, status, "{name}: {body}");
        assert!(
            body.contains("<header><a href=\"/\">Bookstore</a></header>"),
            "{name}: {body}"
        );
        let file = out_dir().join(format!("{name}.html"));
        std::fs::write(&file, &body).unwrap();
        out.push((name.to_string(), file, body));
    }
    out
}

fn ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// The Nu validator's jar: `GONE_VNU_JAR`, or where `.ci/run` installs it.
fn vnu_jar() -> Option<PathBuf> {
    let jar = std::env::var_os("GONE_VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools/node_modules/vnu-jar/build/dist/vnu.jar")
        });
    let java = Command::new("java").arg("-version").output().is_ok();
    (jar.is_file() && java).then_some(jar)
}

#[actix_web::test]
async fn every_page_is_valid_html_with_no_error_and_no_warning() {
    let pages = write_pages().await;
    let Some(jar) = vnu_jar() else {
        let how =
            "npm install --prefix target/tools vnu-jar, and Java (apt-get install -y default-jre-headless)";
        assert!(
            !ci(),
            "the Nu validator is not installed, and CI requires this test: {how}"
        );
        eprintln!("SKIPPED: the Nu validator is not installed ({how})");
        return;
    };
    let files: Vec<&PathBuf> = pages.iter().map(|(_, f, _)| f).collect();
    let out = Command::new("java")
        .args(["-Xss4m", "-jar"])
        .arg(&jar)
        .args(["--format", "json", "--also-check-css"])
        .args(&files)
        .output()
        .expect("java runs");
    // The validator writes its JSON report on stderr, and nothing at all (with status 0) when
    // it has nothing to say.
    let messages = match (out.status.success(), out.stderr.is_empty()) {
        (true, true) => Vec::new(),
        _ => {
            let report: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
                panic!(
                    "the validator's report is not JSON ({e}): {}",
                    String::from_utf8_lossy(&out.stderr)
                )
            });
            report["messages"].as_array().cloned().unwrap_or_default()
        }
    };
    let said: Vec<String> = messages
        .iter()
        .map(|m| format!("{} {}: {}", m["url"], m["type"], m["message"]))
        .collect();
    assert!(
        messages.is_empty(),
        "the validator's errors and warnings:\n{}",
        said.join("\n")
    );
    eprintln!("the Nu validator: {} pages, 0 errors, 0 warnings", files.len());
}

fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

/// The flags a root, offline, headless Chromium needs (no sandbox as root, no network of its
/// own), with a profile of its own.
fn chromium_command(binary: &Path, profile: &Path) -> Command {
    let mut cmd = Command::new(binary);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

/// What the probe page reports of the page in its frame, once loaded: the widths and whether
/// the reason is visible.
const PROBE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>probe</title>
<style>body{margin:0}iframe{border:0;display:block}</style></head>
<body><iframe id="page" src="PAGE" width="WIDTH" height="HEIGHT"></iframe>
<pre id="result">pending</pre>
<script>
document.getElementById('page').addEventListener('load', function () {
  var doc = this.contentDocument, root = doc.documentElement, win = this.contentWindow;
  var reason = doc.querySelector('h1 + p');
  var box = reason ? reason.getBoundingClientRect() : null;
  var style = reason ? win.getComputedStyle(reason) : null;
  var visible = !!box && box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= root.clientWidth
    && style.visibility !== 'hidden' && style.display !== 'none';
  document.getElementById('result').textContent = JSON.stringify({
    scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, reasonVisible: visible,
    reason: reason ? reason.textContent : null
  });
});
</script></body></html>"#;

#[test]
fn every_page_reads_on_a_phone_and_a_desktop_in_a_real_browser() {
    let Some(binary) = chromium() else {
        assert!(
            !ci(),
            "Chromium is not installed, and CI requires this test: apt-get install -y chromium"
        );
        eprintln!("SKIPPED: Chromium is not installed (apt-get install -y chromium)");
        return;
    };
    // The example, on 127.0.0.1, in the template it declares.
    let example = example::start(EXAMPLE_AT);
    let example_addr = example.addr.clone();
    // A real server on 127.0.0.1 serving the pages and the probe.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(move || {
                App::new()
                    .wrap(gone_runtime::Lists)
                    .configure(routes)
                    .app_data(Lifecycle::new().at(UNIX_EPOCH + Duration::from_secs(1_748_961_000)))
                    .app_data(web::Data::new(example_addr.clone()))
                    .route(
                        "/__example/{path:.*}",
                        web::get().to(|p: web::Path<String>, addr: web::Data<String>| async move {
                            // The example's page, fetched as a browser asks for it and passed on:
                            // same origin as the probe, which reads it in its frame.
                            let (status, body) = fetch_html(&addr, &format!("/{}", p.into_inner()));
                            HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
                                .content_type("text/html; charset=utf-8")
                                .body(body)
                        }),
                    )
                    .route(
                        "/__probe/{width}/{height}/{page:.*}",
                        web::get().to(|p: web::Path<(u32, u32, String)>| async move {
                            let (w, h, page) = p.into_inner();
                            let html = PROBE
                                .replace("PAGE", &format!("/{page}"))
                                .replace("WIDTH", &w.to_string())
                                .replace("HEIGHT", &h.to_string());
                            HttpResponse::Ok()
                                .content_type("text/html; charset=utf-8")
                                .body(html)
                        }),
                    )
            })
            .workers(1)
            .bind(("127.0.0.1", 0))
            .unwrap();
            tx.send(server.addrs()[0].to_string()).unwrap();
            server.run().await.unwrap();
        });
    });
    let addr = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    let profile = std::env::temp_dir().join(format!("gone-chromium-{}", std::process::id()));
    // Pages a browser asks for with `Accept: text/html`: the retired route, a brownout (the
    // server's clock), the listed 410 and 451, the run-time 410 and 451.
    let pages = [
        ("retired", "v1/users"),
        ("brownout", "v1/teams"),
        ("listed-410", "archive/2019/launch"),
        ("listed-451", "posts/leaked-memo"),
        ("runtime-gone", "posts/1"),
        ("runtime-451", "posts/2"),
        ("templated-retired", "t/v1/users"),
        ("templated-brownout", "t/v1/teams"),
        ("templated-runtime-451", "t/posts/2"),
        ("example-retired", "__example/v1/books"),
        ("example-brownout", "__example/v2/books/1/cover"),
        ("example-moved", "__example/v1/books/7"),
    ];
    let mut verdicts = Vec::new();
    for (name, page) in pages {
        for (width, height) in [(390, 844), (1280, 800)] {
            let url = format!("http://{addr}/__probe/{width}/{height}/{page}");
            let out = chromium_command(&binary, &profile)
                .args(["--virtual-time-budget=5000", "--dump-dom"])
                .arg(&url)
                .output()
                .expect("chromium runs");
            let dom = String::from_utf8_lossy(&out.stdout);
            let result = dom
                .split("<pre id=\"result\">")
                .nth(1)
                .and_then(|r| r.split("</pre>").next())
                .unwrap_or("")
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">");
            let v: serde_json::Value = serde_json::from_str(&result).unwrap_or_else(|_| {
                panic!(
                    "{name} at {width}: the probe did not report: {dom}\n{}",
                    String::from_utf8_lossy(&out.stderr)
                )
            });
            let (scroll, client) = (
                v["scrollWidth"].as_u64().unwrap(),
                v["clientWidth"].as_u64().unwrap(),
            );
            assert!(
                scroll <= client,
                "{name} at {width}px scrolls sideways: {scroll} > {client}"
            );
            assert_eq!(
                v["reasonVisible"], true,
                "{name} at {width}px: the reason is not visible: {v}"
            );
            verdicts.push(format!(
                "{name} at {width}px: scrollWidth {scroll} <= {client}, reason visible"
            ));
            // A screenshot for a person to look at (it proves nothing by itself).
            let shot = out_dir().join(format!("{name}-{width}.png"));
            let status = chromium_command(&binary, &profile)
                .arg(format!("--window-size={width},{height}"))
                .arg(format!("--screenshot={}", shot.display()))
                .arg(format!("http://{addr}/{page}"))
                .output()
                .expect("chromium runs");
            assert!(
                shot.is_file(),
                "no screenshot: {}",
                String::from_utf8_lossy(&status.stderr)
            );
        }
    }
    drop(example);
    let _ = std::fs::remove_dir_all(&profile);
    eprintln!("Chromium:\n  {}", verdicts.join("\n  "));
}
