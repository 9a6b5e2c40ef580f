//! `client_overhead`: what the middleware adds to a request over loopback. A server on
//! 127.0.0.1 (a process of its own) answers as a deprecated route does (`Deprecation`,
//! `Sunset`, `Link`: the most the middleware reads on a served answer); the same reqwest
//! client with `reqwest-middleware` sends requests with the middleware and without.
//!
//! - `client_overhead_instructions`: the client process's instructions per request, counted by
//!   callgrind (the same on a busy machine as on an idle one), with over without. Needs
//!   valgrind (`apt-get install -y valgrind`).
//! - `client_overhead_time`: wall time per request, both sides interleaved in one run, the
//!   median of rounds, with over without (noisier: the machine is shared).
//!
//! `cargo bench -p gone-client --features reqwest --bench overhead`

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn figure(name: &str, value: f64) {
    println!("figure {name} {value:.3}");
}

/// The server: answers every request as a deprecated route does; prints its address.
fn serve() {
    actix_web::rt::System::new().block_on(async {
        let server = actix_web::HttpServer::new(|| {
            actix_web::App::new()
                .route(
                    "/live",
                    actix_web::web::get().to(|| async { actix_web::HttpResponse::Ok().body("a cover") }),
                )
                .default_service(actix_web::web::to(|| async {
                    actix_web::HttpResponse::Ok()
                    .insert_header(("Deprecation", "@1788220800"))
                    .insert_header(("Sunset", "Mon, 01 Mar 2027 00:00:00 GMT"))
                    .insert_header((
                        "Link",
                        "<https://bookstore.example/docs/covers>; rel=\"deprecation\"; type=\"text/html\"",
                    ))
                    .body("a cover")
                }))
        })
        .workers(1)
        .bind(("127.0.0.1", 0))
        .unwrap();
        println!("{}", server.addrs()[0]);
        server.run().await.unwrap();
    });
}

/// A middleware that does nothing but pass the request on: what being a middleware costs.
struct Empty;

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for Empty {
    async fn handle(
        &self,
        req: reqwest::Request,
        extensions: &mut http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        next.run(req, extensions).await
    }
}

/// The client: `plain` (no middleware), `empty` ([`Empty`]) or `gone`.
fn client(kind: &str) -> reqwest_middleware::ClientWithMiddleware {
    let builder = reqwest_middleware::ClientBuilder::new(reqwest::Client::new());
    match kind {
        "gone" => builder.with(gone_client::GoneClient::builder().strict(false).build()),
        "empty" => builder.with(Empty),
        _ => builder,
    }
    .build()
}

/// `n` requests, one after the other, on one connection.
async fn requests(http: &reqwest_middleware::ClientWithMiddleware, url: &str, n: usize) {
    for _ in 0..n {
        let res = http.get(url).send().await.unwrap();
        let _ = res.bytes().await.unwrap();
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The server, started as a child of its own.
struct Server(std::process::Child, String);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_server() -> Server {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .arg("--serve")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    Server(child, format!("http://{}", line.trim()))
}

/// The client's instructions for `n` requests, by callgrind.
fn instructions(url: &str, kind: &str, n: usize) -> Option<f64> {
    let out = std::env::temp_dir().join(format!("gone-client-callgrind-{kind}-{n}-{}", std::process::id()));
    let status = Command::new("valgrind")
        .args(["--tool=callgrind", "--quiet"])
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(std::env::current_exe().ok()?)
        .args(["--client", kind, &n.to_string(), url])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    let text = std::fs::read_to_string(&out).ok()?;
    let _ = std::fs::remove_file(&out);
    text.lines()
        .find_map(|l| l.strip_prefix("summary:").or_else(|| l.strip_prefix("totals:")))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("--serve") => return serve(),
        Some("--client") => {
            let (kind, n, url) = (&args[2], args[3].parse().unwrap(), &args[4]);
            let http = client(kind);
            return runtime().block_on(requests(&http, url, n));
        }
        _ => {}
    }
    let server = start_server();
    // A deprecated route's answer (the most the middleware reads), and a live one's.
    let url = format!("{}/v2/books/1/cover", server.1);
    let live = format!("{}/live", server.1);
    if Command::new("valgrind").arg("--version").output().is_ok() {
        let (few, many) = (200, 1_200);
        let per_request = |kind: &str| -> Option<f64> {
            Some((instructions(&url, kind, many)? - instructions(&url, kind, few)?) / (many - few) as f64)
        };
        if let (Some(plain), Some(empty), Some(gone)) =
            (per_request("plain"), per_request("empty"), per_request("gone"))
        {
            eprintln!(
                "client instructions per request: without a middleware {plain:.0}, with one that does nothing {empty:.0}, with gone-client's {gone:.0}"
            );
            figure("client_overhead_instructions", gone / plain);
            figure("client_overhead_empty_middleware_instructions", empty / plain);
            figure("client_overhead_over_empty_instructions", gone / empty);
        }
        let live_per_request = |kind: &str| -> Option<f64> {
            Some((instructions(&live, kind, many)? - instructions(&live, kind, few)?) / (many - few) as f64)
        };
        if let (Some(plain), Some(gone)) = (live_per_request("plain"), live_per_request("gone")) {
            eprintln!("client instructions per request, a live answer: without a middleware {plain:.0}, with gone-client's {gone:.0}");
            figure("client_overhead_live_instructions", gone / plain);
        }
    } else {
        eprintln!("valgrind not found: no instruction counts (apt-get install -y valgrind)");
    }
    // Wall time, both sides interleaved.
    let rt = runtime();
    let (plain, gone) = (client("plain"), client("gone"));
    rt.block_on(async {
        requests(&plain, &url, 200).await;
        requests(&gone, &url, 200).await;
    });
    let n = 2_000;
    let (mut times_plain, mut times_gone) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        for (http, times) in [(&plain, &mut times_plain), (&gone, &mut times_gone)] {
            let t = Instant::now();
            rt.block_on(requests(http, &url, n));
            times.push(t.elapsed());
        }
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2].as_secs_f64() / n as f64
    };
    let (p, g) = (median(&mut times_plain), median(&mut times_gone));
    eprintln!(
        "client time per request: without the middleware {:.1} µs, with {:.1} µs",
        p * 1e6,
        g * 1e6
    );
    figure("client_overhead_time", g / p);
    drop(server);
}
