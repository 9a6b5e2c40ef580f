//! Throughput and allocation figures, each a ratio measured side by side in one run.
//!
//! Every app runs in a server process of its own (this binary, re-run with `--serve KIND`),
//! one actix-web worker pinned to CPU 0; `wrk` runs pinned to CPU 1. The rounds interleave the
//! apps and each figure is the median of the rounds.
//!
//! ```text
//! apt-get install -y wrk        # the load generator
//! cargo bench --bench throughput
//! GONE_BENCH_ROUNDS=5 GONE_BENCH_SECS=5 cargo bench --bench throughput
//! ```

#[path = "../tests/support/client.rs"]
mod client;

use actix_web::http::header;
use actix_web::{get, web, App, HttpResponse, HttpServer};
use gone_runtime::__private::{record, Removed, Retired, Where};
use gone_runtime::{gone, sunset, RetiredRoute, RetiredRoutes};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering::Relaxed};
use std::time::Instant;

/// Counts allocations and live bytes, for `extra_allocs_per_request` and
/// `bytes_per_retired_route`.
struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);
static LIVE_BYTES: AtomicI64 = AtomicI64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        LIVE_BYTES.fetch_add(layout.size() as i64, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size() as i64, Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        LIVE_BYTES.fetch_add(new_size as i64 - layout.size() as i64, Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

// `/report` listed with `report_v1`'s answer, and 100,000 generated rows (the build script's).
gone_runtime::removed!("benches/lists/report.csv");
gone_runtime::removed!("tests/lists/generated/100k.csv");

const RETIRED_TEXT: &str =
    "410 Gone: The report moved to /v2/report\nRemoved on 2025-03-01.\nSee https://example.com/v2\n";

#[gone(
    since = "2025-03-01",
    reason = "The report moved to /v2/report",
    link = "https://example.com/v2"
)]
#[get("/report")]
async fn report_v1() {}

/// What a person would write by hand for the same answer in plain text: the same status,
/// headers and body, all static.
#[get("/report")]
async fn handwritten() -> HttpResponse {
    HttpResponse::Gone()
        .insert_header((header::CONTENT_TYPE, "text/plain; charset=utf-8"))
        .insert_header((header::VARY, "Accept"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .insert_header(("sunset", "Sat, 01 Mar 2025 00:00:00 GMT"))
        .insert_header((header::LINK, "<https://example.com/v2>; rel=\"sunset\""))
        .body(RETIRED_TEXT)
}

/// The same 410, its HTML page written in a site's template (SPEC §16).
#[gone(
    since = "2025-03-01",
    reason = "The report moved to /v2/report",
    link = "https://example.com/v2",
    page = "benches/pages/bench.html"
)]
#[get("/report")]
async fn report_templated() {}

/// `benches/pages/bench.html` filled in by hand: what `report_templated` answers in HTML.
const RETIRED_HTML: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>410 Gone · Bench</title>\n\
</head>\n<body>\n<header>Bench</header>\n<h1>410 Gone</h1>\n<p>The report moved to /v2/report</p>\n\
<p>Removed on 2025-03-01.</p>\n<p><a href=\"https://example.com/v2\">https://example.com/v2</a></p>\n</body>\n</html>\n";

/// [`handwritten`], answering that page: what a person would write by hand for the templated
/// 410 in HTML.
#[get("/report")]
async fn handwritten_html() -> HttpResponse {
    HttpResponse::Gone()
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((header::VARY, "Accept"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .insert_header(("sunset", "Sat, 01 Mar 2025 00:00:00 GMT"))
        .insert_header((header::LINK, "<https://example.com/v2>; rel=\"sunset\""))
        .body(RETIRED_HTML)
}

/// The bare minimum: `HttpResponse::Gone()` with a static body and no headers.
#[get("/report")]
async fn bare() -> HttpResponse {
    HttpResponse::Gone().body(RETIRED_TEXT)
}

#[get("/live")]
async fn live() -> HttpResponse {
    HttpResponse::Ok().body("ok")
}

/// A live handler under `#[sunset]`, in its deprecated phase (its `on` is far ahead), on the
/// system clock as an app without a fixed one runs: the cost of the schedule per request.
#[sunset(
    deprecated = "2025-01-01",
    on = "2099-01-01",
    reason = "The live route is going",
    link = "https://example.com/v2"
)]
#[get("/live")]
async fn live_sunset() -> HttpResponse {
    HttpResponse::Ok().body("ok")
}

/// The plain handler sending the three headers of the deprecated phase itself, as a person
/// would by hand: what the schedule costs beyond the headers it must send.
#[get("/live")]
async fn live_headers() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("deprecation", "@1735689600"))
        .insert_header(("sunset", "Thu, 01 Jan 2099 00:00:00 GMT"))
        .insert_header((
            header::LINK,
            "<https://example.com/v2>; rel=\"deprecation\"; type=\"text/html\"",
        ))
        .body("ok")
}

/// The report of `report_v1`, scheduled rather than retired, past its `on`: it answers what
/// `#[gone]` answers.
#[sunset(
    deprecated = "2025-01-01",
    on = "2025-03-01",
    reason = "The report moved to /v2/report",
    link = "https://example.com/v2"
)]
#[get("/report")]
async fn report_sunset() -> HttpResponse {
    HttpResponse::Ok().body("never")
}

async fn allocs() -> HttpResponse {
    HttpResponse::Ok().body(ALLOCS.load(Relaxed).to_string())
}

/// `n` retired routes built at run time, as the macro would build them at compile time.
fn synthetic_routes(n: usize, patterned: bool) -> Vec<&'static RetiredRoute> {
    let retired: &'static Retired = Box::leak(Box::new(Retired {
        since: "2025-03-01",
        reason: "Removed in bulk",
        link: None,
        json: r#"{"type":"about:blank","title":"Gone","status":410,"detail":"Removed in bulk","since":"2025-03-01"}"#,
        html: "<!DOCTYPE html><title>410 Gone</title>",
        text: "410 Gone: Removed in bulk\n",
        cache_control: "public, max-age=86400",
        sunset: "Sat, 01 Mar 2025 00:00:00 GMT",
        link_header: None,
    }));
    (0..n)
        .map(|i| {
            let path = if patterned {
                format!("/removed/{i}/items/{{id}}")
            } else {
                format!("/removed/{i}")
            };
            let path: &'static str = Box::leak(path.into_boxed_str());
            let at = Where {
                method: "GET",
                path,
                handler: "bulk",
                module: "bench",
                file: "bench.rs",
                line: 1,
                guarded: false,
            };
            &*Box::leak(Box::new(record(at, Removed::of(retired))))
        })
        .collect()
}

fn pin_to_cpu(cpu: usize) {
    // SAFETY: a zeroed cpu_set_t is a valid empty set; the call only reads it.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

/// The server side: one app, one worker, CPU 0.
fn serve(kind: &str) -> std::io::Result<()> {
    pin_to_cpu(0);
    if kind == "listed" || kind == "live-lists" {
        return serve_lists();
    }
    if kind == "live-identity" {
        return serve_identity();
    }
    if kind == "retired-traced" {
        // A subscriber that formats every event, into a sink: the cost of logging each 410.
        tracing_subscriber::fmt().with_writer(std::io::sink).init();
    }
    let routes: Option<Vec<&'static RetiredRoute>> = match kind {
        "live-static-10k" => Some(synthetic_routes(10_000, false)),
        "live-patterned-10k" | "retired-10k" => Some(synthetic_routes(10_000, true)),
        "retired-10" => Some(synthetic_routes(10, true)),
        _ => None,
    };
    if kind == "retired-metrics" {
        // gone-runtime's `metrics` feature, with a Prometheus recorder installed.
        #[cfg(feature = "metrics")]
        std::mem::forget(
            metrics_exporter_prometheus::PrometheusBuilder::new()
                .install_recorder()
                .expect("no other recorder"),
        );
        #[cfg(not(feature = "metrics"))]
        panic!("`retired-metrics` is served by the benchmark built with `--features metrics`");
    }
    let kind = kind.to_string();
    actix_web::rt::System::new().block_on(async move {
        let server = HttpServer::new(move || {
            let app = App::new().route("/__allocs", web::get().to(allocs));
            // The callers report on (it is off by default), for the `callers_*` figures.
            let app = match kind.ends_with("-callers") {
                true => app.app_data(gone_runtime::Callers::new()),
                false => app,
            };
            let app = match kind.trim_end_matches("-callers") {
                "retired" | "retired-traced" | "retired-metrics" => app.service(report_v1),
                "handwritten" => app.service(handwritten),
                "retired-templated" => app.service(report_templated),
                "handwritten-html" => app.service(handwritten_html),
                "bare" => app.service(bare),
                "sunset" => app.service(live_sunset),
                "live-headers" => app.service(live_headers),
                "sunset-gone" => app.service(report_sunset),
                _ => app.service(live),
            };
            match &routes {
                Some(r) => app.default_service(RetiredRoutes::from_routes(r.iter().copied())),
                None => app.default_service(RetiredRoutes::from_routes([])),
            }
        })
        .workers(1)
        .backlog(1024)
        .bind(("127.0.0.1", 0))?;
        println!("{}", server.addrs()[0]);
        std::io::stdout().flush()?;
        server.run().await
    })
}

/// The `Lists` middleware over the live route, with the two lists of this binary: `/report`,
/// listed with the answer of `report_v1`, and 100,000 generated rows (`listed`, `live-lists`).
fn serve_lists() -> std::io::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let server = HttpServer::new(move || {
            App::new()
                .wrap(gone_runtime::Lists)
                .route("/__allocs", web::get().to(allocs))
                .service(live)
        })
        .workers(1)
        .backlog(1024)
        .bind(("127.0.0.1", 0))?;
        println!("{}", server.addrs()[0]);
        std::io::stdout().flush()?;
        server.run().await
    })
}

/// A middleware that does nothing: the floor any middleware (`Lists` among them) pays in
/// actix-web's chain, for `lists_live_100k_vs_identity_instructions`.
struct Identity;

impl<S: actix_web::dev::Service<actix_web::dev::ServiceRequest>>
    actix_web::dev::Transform<S, actix_web::dev::ServiceRequest> for Identity
{
    type Response = S::Response;
    type Error = S::Error;
    type Transform = IdentityService<S>;
    type InitError = ();
    type Future = std::future::Ready<Result<IdentityService<S>, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        std::future::ready(Ok(IdentityService { service }))
    }
}

struct IdentityService<S> {
    service: S,
}

impl<S: actix_web::dev::Service<actix_web::dev::ServiceRequest>>
    actix_web::dev::Service<actix_web::dev::ServiceRequest> for IdentityService<S>
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    actix_web::dev::forward_ready!(service);

    fn call(&self, req: actix_web::dev::ServiceRequest) -> Self::Future {
        self.service.call(req)
    }
}

/// The live route behind [`Identity`] (`live-identity`).
fn serve_identity() -> std::io::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let server = HttpServer::new(move || {
            App::new()
                .wrap(Identity)
                .route("/__allocs", web::get().to(allocs))
                .service(live)
        })
        .workers(1)
        .backlog(1024)
        .bind(("127.0.0.1", 0))?;
        println!("{}", server.addrs()[0]);
        std::io::stdout().flush()?;
        server.run().await
    })
}

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(kind: &str) -> Server {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--serve", kind])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start a server process");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    Server {
        child,
        addr: line.trim().to_string(),
    }
}

/// Requests per second of `wrk` on CPU 1.
fn wrk(addr: &str, path: &str, accept: &str, secs: u64) -> f64 {
    let out = Command::new("taskset")
        .args([
            "-c",
            "1",
            "wrk",
            "-t1",
            "-c32",
            &format!("-d{secs}s"),
            "-H",
            &format!("Accept: {accept}"),
        ])
        .arg(format!("http://{addr}{path}"))
        .output()
        .expect("run wrk (apt-get install -y wrk)");
    let text = String::from_utf8_lossy(&out.stdout);
    let rps = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .unwrap_or_else(|| panic!("no Requests/sec in wrk's output:\n{text}"));
    assert!(
        !text.contains("Non-2xx") || path != "/live",
        "the live route failed:\n{text}"
    );
    rps.trim().parse().unwrap()
}

/// Sends `n` GETs for `path` one after another on one keep-alive connection; the bodies.
fn requests(addr: &str, path: &str, accept: &str, n: usize) -> Vec<String> {
    let mut conn = client::Conn::open(addr).unwrap();
    let accept = format!("Accept: {accept}");
    // A caller as the callers report labels it: `gone-bench`.
    let agent = "User-Agent: gone-bench/1.0 (loopback)";
    (0..n)
        .map(|_| String::from_utf8(conn.send("GET", path, &[&accept, agent], b"").unwrap().body).unwrap())
        .collect()
}

/// Heap allocations the server makes per request for `path`, net of the counter's own.
fn allocs_per_request(addr: &str, path: &str) -> f64 {
    const N: usize = 2_000;
    let read = || requests(addr, "/__allocs", "*/*", 1)[0].parse::<f64>().unwrap();
    requests(addr, path, "text/plain", 200); // warm pools and lazies
    let a = read();
    let b = read();
    requests(addr, path, "text/plain", N);
    let c = read();
    let probe = b - a;
    (c - b - probe) / N as f64
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn figure(name: &str, value: f64) {
    println!("figure {name} {value:.3}");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--serve") {
        serve(&args[i + 1]).unwrap();
        return;
    }
    if Command::new("wrk").arg("--version").output().is_err() {
        eprintln!("the throughput benchmark drives a real server with wrk: apt-get install -y wrk");
        std::process::exit(2);
    }
    pin_to_cpu(1);
    if std::env::var("GONE_BENCH_ONLY").as_deref() == Ok("metrics") {
        metrics_cost(None);
        return;
    }
    if std::env::var("GONE_BENCH_ONLY").as_deref() == Ok("instructions") {
        instruction_figures();
        return;
    }
    if std::env::var("GONE_BENCH_ONLY").as_deref() == Ok("callers") {
        callers_figures(instructions_per_request("retired", "/report", "text/plain"));
        return;
    }
    if std::env::var("GONE_BENCH_ONLY").as_deref() == Ok("template") {
        template_figures();
        return;
    }
    if std::env::var("GONE_BENCH_ONLY").as_deref() == Ok("lists") {
        list_figures(instructions_per_request("retired", "/report", "text/plain"));
        return;
    }
    let env = |k: &str, d: u64| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
    let rounds = env("GONE_BENCH_ROUNDS", 3).max(3) as usize;
    let secs = env("GONE_BENCH_SECS", 3);

    memory_and_manifest();

    let kinds = [
        "live-none",
        "live-static-10k",
        "live-patterned-10k",
        "retired-10k",
        "retired-10",
        "retired",
        "retired-traced",
        "handwritten",
        "bare",
        "sunset",
        "sunset-gone",
    ];
    let servers: Vec<Server> = kinds.iter().map(|k| start(k)).collect();
    let addr = |k: &str| &servers[kinds.iter().position(|x| *x == k).unwrap()].addr;

    // Correctness before speed: each app answers what it should.
    assert_eq!(requests(addr("live-static-10k"), "/live", "*/*", 1)[0], "ok");
    assert_eq!(
        requests(addr("retired"), "/report", "text/plain", 1)[0],
        RETIRED_TEXT
    );
    assert_eq!(
        requests(addr("handwritten"), "/report", "text/plain", 1)[0],
        RETIRED_TEXT
    );
    assert_eq!(
        requests(addr("retired-10k"), "/removed/5000/items/7", "text/plain", 1)[0],
        "410 Gone: Removed in bulk\n"
    );

    assert_eq!(requests(addr("sunset"), "/live", "*/*", 1)[0], "ok");
    assert_eq!(
        requests(addr("sunset-gone"), "/report", "text/plain", 1)[0],
        RETIRED_TEXT
    );

    let cases: [(&str, &str, &str, &str); 12] = [
        ("sunset-deprecated", "sunset", "/live", "*/*"),
        ("live-none", "live-none", "/live", "*/*"),
        ("live-static", "live-static-10k", "/live", "*/*"),
        ("live-patterned", "live-patterned-10k", "/live", "*/*"),
        (
            "retired-10k",
            "retired-10k",
            "/removed/5000/items/7",
            "text/plain",
        ),
        ("retired-10", "retired-10", "/removed/5/items/7", "text/plain"),
        ("retired-plain", "retired", "/report", "text/plain"),
        ("retired-traced", "retired-traced", "/report", "text/plain"),
        ("retired-json", "retired", "/report", "application/json"),
        ("retired-html", "retired", "/report", "text/html"),
        ("handwritten", "handwritten", "/report", "text/plain"),
        ("bare", "bare", "/report", "text/plain"),
    ];
    for (_, server, path, accept) in &cases {
        wrk(addr(server), path, accept, 1); // warm-up
    }
    let case = |name: &str| cases.iter().find(|c| c.0 == name).copied().unwrap();
    // Each figure is measured side by side: its two cases back to back, in alternating order,
    // `rounds` times; the figure is the median of the per-round ratios.
    let figures = [
        ("live_10k_static_vs_none", "live-static", "live-none"),
        ("live_10k_patterned_vs_none", "live-patterned", "live-none"),
        ("retired_10k_vs_10", "retired-10k", "retired-10"),
        ("retired_vs_handwritten", "retired-plain", "handwritten"),
        ("retired_traced_vs_handwritten", "retired-traced", "handwritten"),
        ("retired_vs_bare_gone", "retired-plain", "bare"),
        ("retired_json_vs_plain", "retired-json", "retired-plain"),
        ("retired_html_vs_plain", "retired-html", "retired-plain"),
        ("sunset_deprecated_vs_plain", "sunset-deprecated", "live-none"),
    ];
    let mut ratios: Vec<Vec<f64>> = vec![Vec::new(); figures.len()];
    for round in 0..rounds {
        for (f, (figure_name, a, b)) in figures.iter().enumerate() {
            let measure = |name: &str| {
                let (_, server, path, accept) = case(name);
                wrk(addr(server), path, accept, secs)
            };
            let (ra, rb) = if round % 2 == 0 {
                let ra = measure(a);
                (ra, measure(b))
            } else {
                let rb = measure(b);
                (measure(a), rb)
            };
            eprintln!(
                "round {round} {figure_name:<28} {a} {ra:>8.0} / {b} {rb:>8.0} req/s = {:.3}",
                ra / rb
            );
            ratios[f].push(ra / rb);
        }
    }
    for (f, (name, ..)) in figures.iter().enumerate() {
        figure(name, median(ratios[f].clone()));
    }

    let retired_i = instruction_figures();
    metrics_cost(retired_i);

    let retired_allocs = allocs_per_request(addr("retired"), "/report");
    let handwritten_allocs = allocs_per_request(addr("handwritten"), "/report");
    eprintln!("allocations per request: retired {retired_allocs:.2}, hand-written {handwritten_allocs:.2}");
    figure("extra_allocs_per_request", retired_allocs - handwritten_allocs);
    let plain_allocs = allocs_per_request(addr("live-none"), "/live");
    let sunset_allocs = allocs_per_request(addr("sunset"), "/live");
    eprintln!("allocations per request: plain live {plain_allocs:.2}, under #[sunset] {sunset_allocs:.2}");
    figure("sunset_deprecated_extra_allocs", sunset_allocs - plain_allocs);
}

/// The figures counted by callgrind (instructions per request, the same on a busy machine as
/// on an idle one): `retired_vs_handwritten_instructions`, the sunset ones. Returns the
/// retired request's count, for `metrics_cost`. `GONE_BENCH_ONLY=instructions` runs only these.
fn instruction_figures() -> Option<f64> {
    if Command::new("valgrind").arg("--version").output().is_err() {
        eprintln!("valgrind not found: no instruction counts (apt-get install -y valgrind)");
        return None;
    }
    let retired_i = instructions_per_request("retired", "/report", "text/plain");
    let handwritten_i = instructions_per_request("handwritten", "/report", "text/plain");
    let traced_i = instructions_per_request("retired-traced", "/report", "text/plain");
    if let (Some(r), Some(h), Some(t)) = (retired_i, handwritten_i, traced_i) {
        eprintln!(
            "instructions per request: retired {r:.0}, hand-written {h:.0}, retired with a subscriber {t:.0}"
        );
        // As a throughput: hand-written instructions over retired ones.
        figure("retired_vs_handwritten_instructions", h / r);
        figure("retired_traced_vs_handwritten_instructions", h / t);
    }
    let plain_i = instructions_per_request("live-none", "/live", "*/*");
    let sunset_i = instructions_per_request("sunset", "/live", "*/*");
    let sunset_gone_i = instructions_per_request("sunset-gone", "/report", "text/plain");
    let headers_i = instructions_per_request("live-headers", "/live", "*/*");
    if let (Some(p), Some(s), Some(g), Some(r)) = (plain_i, sunset_i, sunset_gone_i, retired_i) {
        eprintln!("instructions per request: plain live {p:.0}, under #[sunset] {s:.0}; sunset after `on` {g:.0}, #[gone] {r:.0}");
        figure("sunset_deprecated_extra_instructions", s - p);
        figure("sunset_gone_vs_gone_instructions", g / r);
        if let Some(h) = headers_i {
            eprintln!("instructions per request: plain live sending the three headers by hand {h:.0}");
            figure("sunset_deprecated_vs_handwritten_headers_instructions", s / h);
        }
    }
    template_figures();
    list_figures(retired_i);
    callers_figures(retired_i);
    retired_i
}

/// `retired_templated_vs_handwritten_instructions`, by callgrind: the 410 asked for in HTML,
/// written in a site's template at compile time, over the same page written by hand.
/// `GONE_BENCH_ONLY=template` runs only this.
fn template_figures() {
    // Both sides answer the same page: the macro's rendering is the one written by hand.
    let same = (|| {
        let exe = std::env::current_exe().ok()?;
        let mut child = Command::new(exe)
            .args(["--serve", "retired-templated"])
            .stdout(Stdio::piped())
            .spawn()
            .ok()?;
        let mut line = String::new();
        BufReader::new(child.stdout.take()?).read_line(&mut line).ok()?;
        let bodies = requests(line.trim(), "/report", "text/html", 1);
        let _ = child.kill();
        let _ = child.wait();
        Some(bodies.first()? == RETIRED_HTML)
    })();
    if same != Some(true) {
        eprintln!(
            "template figures: the templated page is not the one written by hand ({same:?}): no figure"
        );
        return;
    }
    let templated = instructions_per_request("retired-templated", "/report", "text/html");
    let by_hand = instructions_per_request("handwritten-html", "/report", "text/html");
    if let (Some(t), Some(h)) = (templated, by_hand) {
        eprintln!("instructions per request: the templated 410 in HTML {t:.0}, the same page by hand {h:.0}");
        figure("retired_templated_vs_handwritten_instructions", h / t);
    }
}

/// `callers_gone_instructions` and `callers_deprecated_instructions`, by callgrind: the callers
/// report on (`Callers::new()` in the app's data) over the same request without (the
/// default); and the deprecated phase with callers over the plain handler.
/// `GONE_BENCH_ONLY=callers` runs only these.
fn callers_figures(retired_i: Option<f64>) {
    let on_i = instructions_per_request("retired-callers", "/report", "text/plain");
    if let (Some(on), Some(off)) = (on_i, retired_i) {
        eprintln!("instructions per request: a #[gone] 410 with callers {on:.0}, without {off:.0}");
        figure("callers_gone_instructions", on / off);
    }
    let sunset_i = instructions_per_request("sunset-callers", "/live", "*/*");
    let sunset_off_i = instructions_per_request("sunset", "/live", "*/*");
    let plain_i = instructions_per_request("live-none", "/live", "*/*");
    if let (Some(on), Some(off), Some(plain)) = (sunset_i, sunset_off_i, plain_i) {
        eprintln!(
            "instructions per request: #[sunset] deprecated with callers {on:.0}, without {off:.0}; the plain handler {plain:.0}"
        );
        figure("callers_deprecated_instructions", on / off);
        figure("callers_deprecated_vs_plain_instructions", on / plain);
    }
}

/// `listed_vs_retired_instructions` and `lists_live_100k_instructions`, by callgrind:
/// `GONE_BENCH_ONLY=lists` runs only these.
fn list_figures(retired_i: Option<f64>) {
    let plain_i = instructions_per_request("live-none", "/live", "*/*");
    let listed_i = instructions_per_request("listed", "/report", "text/plain");
    if let (Some(l), Some(r)) = (listed_i, retired_i) {
        eprintln!("instructions per request: a listed 410 {l:.0}, a #[gone] 410 {r:.0}");
        figure("listed_vs_retired_instructions", l / r);
    }
    let lists_i = instructions_per_request("live-lists", "/live", "*/*");
    if let (Some(l), Some(p)) = (lists_i, plain_i) {
        eprintln!(
            "instructions per request: live through Lists with 100,000 rows {l:.0}, without Lists {p:.0}"
        );
        figure("lists_live_100k_instructions", l / p);
        if let Some(i) = instructions_per_request("live-identity", "/live", "*/*") {
            eprintln!("instructions per request: live through a middleware that does nothing {i:.0}");
            figure("lists_live_100k_vs_identity_instructions", l / i);
        }
    }
}

/// Instructions the server executes per request for `path`, counted by callgrind: the same
/// number on a busy machine as on an idle one. Two runs of the server, with `few` and `many`
/// requests; the difference over the difference.
fn instructions_per_request(kind: &str, path: &str, accept: &str) -> Option<f64> {
    instructions_of(&std::env::current_exe().ok()?, kind, path, accept)
}

/// [`instructions_per_request`], of the server in `exe` (this benchmark, built with other
/// features).
fn instructions_of(exe: &std::path::Path, kind: &str, path: &str, accept: &str) -> Option<f64> {
    let (few, many) = (500, 2_500);
    let mut counts = Vec::new();
    for n in [few, many] {
        let out = std::env::temp_dir().join(format!("gone-callgrind-{kind}-{n}-{}", std::process::id()));
        let mut child = Command::new("valgrind")
            .args(["--tool=callgrind", "--quiet"])
            .arg(format!("--callgrind-out-file={}", out.display()))
            .arg(exe)
            .args(["--serve", kind])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .ok()?;
        let addr = line.trim().to_string();
        requests(&addr, path, accept, n);
        // SIGTERM: actix-web stops gracefully and callgrind writes its counts.
        // SAFETY: sending a signal to our own child process.
        unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
        child.wait().ok()?;
        let text = std::fs::read_to_string(&out).ok()?;
        let _ = std::fs::remove_file(&out);
        let total: f64 = text
            .lines()
            .find_map(|l| l.strip_prefix("summary:").or_else(|| l.strip_prefix("totals:")))?
            .split_whitespace()
            .next()?
            .parse()
            .ok()?;
        counts.push(total);
    }
    Some((counts[1] - counts[0]) / (many - few) as f64)
}

/// `metrics_on_vs_off_instructions` and `metrics_extra_instructions`: a retired request's
/// instructions with gone-runtime's `metrics` feature on and a Prometheus recorder installed,
/// against the same request with the feature off (this binary, `off` if measured already).
/// The former is this benchmark built again with `--features metrics`, in a target directory
/// of its own (the first run builds it: minutes). `GONE_BENCH_ONLY=metrics` runs only this.
fn metrics_cost(off: Option<f64>) {
    if cfg!(feature = "metrics") {
        eprintln!("metrics figures: run the benchmark without `--features metrics`: it builds the other side itself");
        return;
    }
    let Some(exe) = metrics_build() else {
        eprintln!("metrics figures: the benchmark with `--features metrics` did not build");
        return;
    };
    let off = off.or_else(|| instructions_per_request("retired", "/report", "text/plain"));
    let on = instructions_of(&exe, "retired-metrics", "/report", "text/plain");
    if let (Some(off), Some(on)) = (off, on) {
        eprintln!(
            "instructions per request: retired {off:.0}; with the metrics feature and a recorder {on:.0}"
        );
        figure("metrics_on_vs_off_instructions", on / off);
        figure("metrics_extra_instructions", on - off);
    }
}

/// This benchmark built with `--features metrics` in `target/gone-bench-metrics`: its path.
fn metrics_build() -> Option<std::path::PathBuf> {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(option_env!("CARGO").unwrap_or("cargo"))
        .current_dir(root)
        .args([
            "bench",
            "--no-run",
            "--bench",
            "throughput",
            "--features",
            "metrics",
        ])
        .args(["--message-format", "json", "--target-dir"])
        .arg(format!("{root}/target/gone-bench-metrics"))
        .stderr(Stdio::inherit())
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout).lines().find_map(|line| {
        let v: serde_json::Value = serde_json::from_str(line).ok()?;
        (v["reason"] == "compiler-artifact" && v["target"]["name"] == "throughput")
            .then(|| v["executable"].as_str().map(std::path::PathBuf::from))
            .flatten()
    })
}

/// `bytes_per_retired_route` and `manifest_json_us_per_route`, in this process.
fn memory_and_manifest() {
    for (name, patterned) in [
        ("bytes_per_retired_route", true),
        ("bytes_per_retired_route_static", false),
    ] {
        let routes = synthetic_routes(10_000, patterned);
        let before = LIVE_BYTES.load(Relaxed);
        let served = RetiredRoutes::from_routes(routes.iter().copied());
        let after = LIVE_BYTES.load(Relaxed);
        assert!(served
            .find(
                &actix_web::http::Method::GET,
                routes[1234].path().replace("{id}", "9").as_str()
            )
            .is_some());
        figure(name, (after - before) as f64 / routes.len() as f64);
        drop(served);
    }
    let manifest = gone_runtime::Manifest::from_routes(synthetic_routes(10_000, true));
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let json = manifest.to_json();
        times.push(t.elapsed().as_secs_f64() * 1e6 / manifest.len() as f64);
        assert!(json.len() > 10_000 * 100);
    }
    figure("manifest_json_us_per_route", median(times));
}
