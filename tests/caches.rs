//! SPEC §19: the answers proven in real caches. A real Varnish (Debian's `varnish`, its
//! built-in VCL: `varnishd -b APP`, as a site starts it) and a real nginx `proxy_cache` (a
//! cache zone and `proxy_cache` on the server, nothing else: nginx then keeps what the app's
//! `Cache-Control` says) in front of the app on 127.0.0.1:
//! - a 410 is served from the cache for its `max-age`: the app answers 1 of 50 requests;
//! - a brownout's 410 (`no-store`) is never kept: the app answers 50 of 50;
//! - a `#[sunset]` route's deprecated 200, its `max-age` capped at `on`, is not served past
//!   `on`: the app runs with a `Lifecycle` clock 3 seconds before `on`, then a second app with
//!   a clock after `on` takes its port; once the 3 seconds have passed, the cache answers 410;
//! - a 308 is kept;
//! - a HEAD after a GET comes from the cache with the GET's headers.
//!
//! In CI (`CI` set) a missing Varnish or nginx is a failure; elsewhere the test says it skipped.

#[path = "../examples/support/nginx.rs"]
mod nginx;

use actix_web::dev::ServerHandle;
use actix_web::{get, App, HttpResponse, HttpServer};
use gone_runtime::{gone, manifest, moved, sunset, Lifecycle};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant, UNIX_EPOCH};

/// The tests share the routes' counters: one at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

#[gone(since = "2025-03-01", reason = "Use /v2/books")]
#[get("/c/{cache}/gone")]
async fn gone_route() {}

#[moved(to = "/v2/profile", since = "2025-03-01")]
#[get("/c/{cache}/moved")]
async fn moved_route() {}

/// `on` is 2030-01-01; the brownout is 2029-06-01T14:00Z for an hour.
#[sunset(
    deprecated = "2029-01-01",
    on = "2030-01-01",
    reason = "Use /v2/teams",
    brownouts = ["2029-06-01T14:00Z/PT1H"]
)]
#[get("/c/{cache}/sunset/{test}")]
async fn sunset_route() -> HttpResponse {
    // A live route a cache may keep for an hour: in its deprecated phase the library caps
    // that at `on`.
    HttpResponse::Ok()
        .insert_header(("cache-control", "public, max-age=3600"))
        .body("teams")
}

const ON: u64 = 1_893_456_000;
/// 2029-06-01T14:30Z: in the brownout.
const IN_THE_BROWNOUT: u64 = 1_875_018_600;

/// The app on `port` (0: any), with its `Lifecycle` at `clock`: its address and its handle.
fn app(port: u16, clock: u64) -> (String, ServerHandle) {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let lifecycle = Lifecycle::new().at(UNIX_EPOCH + Duration::from_secs(clock));
            let server = HttpServer::new(move || {
                App::new()
                    .app_data(lifecycle.clone())
                    .service(gone_route)
                    .service(moved_route)
                    .service(sunset_route)
            })
            .workers(1)
            .shutdown_timeout(1)
            .bind(("127.0.0.1", port))
            .unwrap()
            .run();
            tx.send(server.handle()).unwrap();
            server.await.unwrap();
        });
    });
    let handle = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    (format!("127.0.0.1:{port}"), handle)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for(addr: &str) {
    let started = Instant::now();
    while TcpStream::connect(addr).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{addr} did not start listening"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The 410s the app answered on the retired route (both caches' tests share it, one at a
/// time: each reads its own difference).
fn gone_hits() -> u64 {
    manifest()
        .iter()
        .find(|r| r.path() == "/c/{cache}/gone")
        .unwrap()
        .hits()
}

/// A real Varnish in front of `app`, with its built-in VCL; stopped on drop.
struct Varnish {
    child: Child,
    dir: PathBuf,
    addr: String,
}

impl Drop for Varnish {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn varnishd() -> Option<PathBuf> {
    let found = ["/usr/sbin/varnishd", "/usr/bin/varnishd"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "Varnish is not installed, and CI requires this test: apt-get install -y varnish"
        );
        eprintln!("SKIPPED: Varnish is not installed (apt-get install -y varnish)");
    }
    found
}

fn start_varnish(binary: &Path, app: &str) -> Varnish {
    let dir = std::env::temp_dir().join(format!("gone-varnish-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let log = std::fs::File::create(dir.join("varnishd.log")).unwrap();
    // The built-in VCL, and one rule: Varnish 7.1 keeps only the statuses of its own list
    // (200, 203, 300, 301, 302, 304, 307, 404, 410, 414), which predates 308; a site that
    // keeps permanent redirects as RFC 9111 allows reads the 308's own max-age.
    let (host, app_port) = app.rsplit_once(':').unwrap();
    let vcl = format!(
        "vcl 4.1;\nimport std;\nbackend default {{ .host = \"{host}\"; .port = \"{app_port}\"; }}\n\
         sub vcl_backend_response {{\n  if (beresp.status == 308 && beresp.http.Cache-Control ~ \"max-age=[0-9]+\") {{\n    \
         set beresp.ttl = std.duration(regsub(beresp.http.Cache-Control, \".*max-age=([0-9]+).*\", \"\\1s\"), 0s);\n  }}\n}}\n"
    );
    std::fs::write(dir.join("gone.vcl"), vcl).unwrap();
    let child = Command::new(binary)
        .arg("-F")
        .args(["-a", &addr, "-f"])
        .arg(dir.join("gone.vcl"))
        .arg("-n")
        .arg(&dir)
        .args(["-s", "malloc,16m", "-T", "none", "-p", "backend_idle_timeout=1"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    let started = Instant::now();
    while TcpStream::connect(&addr).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "varnishd did not start: {}",
            std::fs::read_to_string(dir.join("varnishd.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Varnish { child, dir, addr }
}

/// The proof, the same for either cache at `addr` in front of the app at `app` (whose port a
/// second app takes over in the sunset check).
fn prove(cache: &str, addr: &str, app_port: u16, first: ServerHandle) {
    // A 410, kept for its max-age: one of 50 reaches the app.
    let before = gone_hits();
    let uri = format!("/c/{cache}/gone");
    for _ in 0..50 {
        assert_eq!(nginx::send(addr, "GET", &uri).status, 410);
    }
    assert_eq!(
        gone_hits() - before,
        1,
        "{cache}: the 410 was not served from the cache"
    );
    // A HEAD after the GET: from the cache, with the GET's headers.
    let get = nginx::send(addr, "GET", &uri);
    let head = nginx::send(addr, "HEAD", &uri);
    assert_eq!(head.status, 410);
    for name in [
        "content-type",
        "cache-control",
        "sunset",
        "vary",
        "content-length",
    ] {
        assert_eq!(head.header(name), get.header(name), "{cache}: HEAD's {name}");
    }
    assert!(head.body.is_empty());
    assert_eq!(gone_hits() - before, 1, "{cache}: the HEAD reached the app");

    // A 308, kept.
    let moved = manifest()
        .moved()
        .find(|r| r.path() == "/c/{cache}/moved")
        .unwrap();
    let before = moved.hits();
    for _ in 0..50 {
        let res = nginx::send(addr, "GET", &format!("/c/{cache}/moved"));
        assert_eq!((res.status, res.header("location")), (308, Some("/v2/profile")));
    }
    assert_eq!(
        moved.hits() - before,
        1,
        "{cache}: the 308 was not served from the cache"
    );

    // The sunset route: the first app's clock is 3 s before `on`, its 200's max-age capped.
    let sunset = manifest()
        .sunset()
        .find(|r| r.path() == "/c/{cache}/sunset/{test}")
        .unwrap();
    let capped = format!("/c/{cache}/sunset/capped");
    let fetched = Instant::now();
    let res = nginx::send(addr, "GET", &capped);
    assert_eq!(res.status, 200);
    let cc = res.header("cache-control").unwrap_or_default().to_string();
    assert!(
        cc.contains("max-age=3,") || cc.contains("max-age=2,"),
        "{cache}: {cc}"
    );
    let deprecated = sunset.hits("deprecated");
    let kept_until = fetched + Duration::from_secs(2);
    while Instant::now() < kept_until {
        assert_eq!(nginx::send(addr, "GET", &capped).status, 200);
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        sunset.hits("deprecated"),
        deprecated,
        "{cache}: the capped 200 was not kept"
    );
    // The second app, after `on`, on the same port. The cache may serve the 200 while it is
    // fresh (3 seconds, a second more for caches that count whole seconds), never after.
    actix_web::rt::System::new().block_on(first.stop(true));
    let (second_addr, second) = app(app_port, ON + 60);
    wait_for(&second_addr);
    let expired = fetched + Duration::from_secs(4);
    loop {
        let asked = Instant::now();
        let res = nginx::send(addr, "GET", &capped);
        if res.status == 410 {
            break;
        }
        assert!(
            asked < expired,
            "{cache}: served the deprecated 200 past `on` ({:?} after it was fetched): {:?}",
            asked - fetched,
            res.headers
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // A brownout's 410 is never kept: the third app's clock is in the brownout.
    actix_web::rt::System::new().block_on(second.stop(true));
    let (third_addr, third) = app(app_port, IN_THE_BROWNOUT);
    wait_for(&third_addr);
    let brownout = format!("/c/{cache}/sunset/brownout");
    let before = sunset.hits("brownout");
    for _ in 0..50 {
        let res = nginx::send(addr, "GET", &brownout);
        assert_eq!(res.status, 410);
        assert_eq!(res.header("cache-control"), Some("no-store"));
    }
    assert_eq!(
        sunset.hits("brownout") - before,
        50,
        "{cache}: a brownout's 410 was served from the cache"
    );
    actix_web::rt::System::new().block_on(third.stop(true));
}

/// The app's clock: 3 seconds before `on`, as the first app of each proof runs.
fn three_seconds_before_on() -> u64 {
    ON - 3
}

#[test]
fn nginx_proxy_cache_keeps_what_the_app_lets_it_and_nothing_else() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let Some(binary) = nginx::binary() else { return };
    let port = free_port();
    let (app_addr, first) = app(port, three_seconds_before_on());
    wait_for(&app_addr);
    let dir = std::env::temp_dir().join(format!("gone-nginx-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // What a site writes to cache its app: a zone, and `proxy_cache` on the server.
    let http = format!(
        "proxy_cache_path {} levels=1:2 keys_zone=gone:1m max_size=16m inactive=10m use_temp_path=off;\n",
        dir.display()
    );
    let server = "proxy_cache gone;\nproxy_http_version 1.1;\n";
    let edge = nginx::start_with_maps(&binary, &http, server, Some(&app_addr));
    prove("nginx", &edge.addr, port, first);
}

#[test]
fn varnish_keeps_what_the_app_lets_it_and_nothing_else() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let Some(binary) = varnishd() else { return };
    let port = free_port();
    let (app_addr, first) = app(port, three_seconds_before_on());
    wait_for(&app_addr);
    let edge = start_varnish(&binary, &app_addr);
    prove("varnish", &edge.addr, port, first);
}

/// The fields CDNs read in place of `Cache-Control`, and a value with bytes beyond ASCII:
/// each freshness cut at `on`, as `Cache-Control`'s is.
#[sunset(deprecated = "2025-01-15", on = "2030-01-01", reason = "Use /v2/cdn")]
#[get("/v1/cdn")]
async fn cdn_v1() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((
            "cache-control",
            actix_web::http::header::HeaderValue::from_bytes(b"max-age=999999999, x=\"\xc3\xa9\"").unwrap(),
        ))
        .append_header(("cdn-cache-control", "public"))
        .append_header(("cdn-cache-control", "max-age=999999999"))
        .insert_header(("surrogate-control", "max-age=99999999999999999999999"))
        .body("cdn")
}

#[actix_web::test]
async fn cdn_fields_and_non_ascii_values_are_cut_at_on_too() {
    let app = actix_web::test::init_service(
        App::new()
            .app_data(Lifecycle::new().at(UNIX_EPOCH + Duration::from_secs(ON - 3600)))
            .service(cdn_v1),
    )
    .await;
    let res = actix_web::test::call_service(
        &app,
        actix_web::test::TestRequest::get().uri("/v1/cdn").to_request(),
    )
    .await;
    assert_eq!(res.status(), 200);
    let h = |name: &str| {
        res.headers()
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    assert_eq!(
        h("cache-control").as_deref(),
        Some("max-age=3600, x=\"é\", stale-while-revalidate=0, stale-if-error=0")
    );
    assert_eq!(
        h("cdn-cache-control").as_deref(),
        Some("public, max-age=3600, stale-while-revalidate=0, stale-if-error=0")
    );
    assert_eq!(
        h("surrogate-control").as_deref(),
        Some("max-age=3600, stale-while-revalidate=0, stale-if-error=0")
    );
}
