//! SPEC §18 through both clients, reqwest (with `reqwest-middleware`) and awc, against a real
//! server on 127.0.0.1 that answers as gone does: the notices, the once-per-URL WARN and the
//! ERROR near the sunset, the collector, strict mode (builder and `GONE_CLIENT_STRICT=1`), the
//! hook on a removal, a brownout told from a removal, the body given back, and a removal never
//! retried (with `reqwest-retry`'s default policy).

use actix_web::{web, App, HttpResponse, HttpServer};
use gone_client::{Collector, GoneClient, Notice};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Requests the server answered, by path.
fn hits() -> &'static Mutex<std::collections::HashMap<String, usize>> {
    static HITS: OnceLock<Mutex<std::collections::HashMap<String, usize>>> = OnceLock::new();
    HITS.get_or_init(Default::default)
}

fn hits_of(path: &str) -> usize {
    hits().lock().unwrap().get(path).copied().unwrap_or(0)
}

const PROBLEM: &str = r#"{"type":"about:blank","title":"Gone","status":410,"detail":"API v1 was shut down","since":"2025-03-01","link":"https://api.example/migrate"}"#;

async fn answer(req: actix_web::HttpRequest) -> HttpResponse {
    let path = req.path().to_string();
    *hits().lock().unwrap().entry(path.clone()).or_default() += 1;
    let kind = path.split('/').nth(1).unwrap_or("");
    match kind {
        // 2025-06-30, far from the fixed clocks below or near, by path.
        "deprecated" => HttpResponse::Ok()
            .insert_header(("Deprecation", "@1735689600"))
            .insert_header(("Sunset", "Mon, 30 Jun 2025 00:00:00 GMT"))
            .insert_header(("Link", "</v2/users>; rel=\"successor-version\", <https://api.example/deprecation>; rel=\"deprecation\"; type=\"text/html\""))
            .body("still here"),
        "gone" => HttpResponse::Gone()
            .content_type("application/problem+json")
            .insert_header(("Sunset", "Sat, 01 Mar 2025 00:00:00 GMT"))
            .insert_header(("Cache-Control", "public, max-age=86400"))
            .insert_header(("Link", "<https://api.example/migrate>; rel=\"sunset\""))
            .body(PROBLEM),
        "brownout" => HttpResponse::Gone()
            .content_type("application/problem+json")
            .insert_header(("Retry-After", "Tue, 03 Jun 2025 15:00:00 GMT"))
            .insert_header(("Cache-Control", "no-store"))
            .insert_header(("Sunset", "Mon, 30 Jun 2025 00:00:00 GMT"))
            .body(r#"{"title":"Gone","status":410,"detail":"A scheduled brownout: use /v2"}"#),
        "blocked" => HttpResponse::build(actix_web::http::StatusCode::UNAVAILABLE_FOR_LEGAL_REASONS)
            .content_type("application/problem+json")
            .insert_header(("Link", "<https://courts.example/orders/7>; rel=\"blocked-by\""))
            .body(r#"{"title":"Unavailable For Legal Reasons","status":451,"detail":"Removed on a court order."}"#),
        "moved" => HttpResponse::PermanentRedirect()
            .insert_header(("Location", "/live/moved-here"))
            .finish(),
        "broken" => HttpResponse::Ok()
            .insert_header(("Deprecation", "@soon"))
            .finish(),
        "unavailable" => HttpResponse::ServiceUnavailable().finish(),
        _ => HttpResponse::Ok().body("live"),
    }
}

fn server() -> &'static str {
    static ADDR: OnceLock<String> = OnceLock::new();
    ADDR.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new(|| App::new().default_service(web::to(answer)))
                    .workers(1)
                    .bind(("127.0.0.1", 0))
                    .unwrap();
                tx.send(format!("http://{}", server.addrs()[0])).unwrap();
                server.run().await.unwrap();
            });
        });
        rx.recv_timeout(Duration::from_secs(10)).unwrap()
    })
}

/// 2025-06-01: the sunset of `/deprecated` is 29 days away.
const JUNE_2025: u64 = 1_748_736_000;

fn reqwest_client(gone: GoneClient) -> reqwest_middleware::ClientWithMiddleware {
    reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(gone)
        .build()
}

/// The `tracing` events of `gone_client` while `f` runs, as text.
struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture() -> (Arc<Mutex<Vec<u8>>>, tracing::subscriber::DefaultGuard) {
    let buf = Arc::new(Mutex::new(Vec::new()));
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || Logs(writer.clone()))
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    (buf, tracing::subscriber::set_default(subscriber))
}

#[tokio::test]
async fn reqwest_reads_every_kind_of_answer() {
    let collector = Collector::new();
    let removed = Arc::new(Mutex::new(Vec::new()));
    let seen = removed.clone();
    let gone = GoneClient::builder()
        .strict(false)
        .moved(true)
        .now(UNIX_EPOCH + Duration::from_secs(JUNE_2025))
        .collector(collector.clone())
        .on_gone(move |r| seen.lock().unwrap().push(r.url.clone()))
        .build();
    let client = reqwest_client(gone);
    let base = server();
    for path in [
        "/deprecated/r1?page=2",
        "/gone/r1",
        "/brownout/r1",
        "/blocked/r1",
        "/moved/r1",
        "/live/r1",
    ] {
        let res = client.get(format!("{base}{path}")).send().await.unwrap();
        // The body is given back whole.
        let status = res.status().as_u16();
        let body = res.text().await.unwrap();
        if status == 410 && path.starts_with("/gone") {
            assert_eq!(body, PROBLEM);
        }
    }
    let notices = collector.take();
    let kinds: Vec<&str> = notices.iter().map(Notice::kind).collect();
    // reqwest follows the redirect itself: the 308 is not seen by a middleware.
    assert_eq!(
        kinds,
        ["deprecated", "removed", "brownout", "removed"],
        "{notices:#?}"
    );
    let Notice::Deprecated(d) = &notices[0] else {
        unreachable!()
    };
    assert_eq!(d.url, format!("{base}/deprecated/r1"));
    assert_eq!(d.sunset, Some(UNIX_EPOCH + Duration::from_secs(1_751_241_600)));
    assert_eq!(d.links.successor_version, [format!("{base}/v2/users")]);
    assert_eq!(d.links.deprecation, ["https://api.example/deprecation"]);
    let Notice::Removed(r) = &notices[1] else {
        unreachable!()
    };
    assert_eq!(
        (
            r.status,
            r.reason.as_deref(),
            r.since.as_deref(),
            r.link.as_deref()
        ),
        (
            410,
            Some("API v1 was shut down"),
            Some("2025-03-01"),
            Some("https://api.example/migrate")
        )
    );
    let Notice::Brownout(b) = &notices[2] else {
        unreachable!()
    };
    assert_eq!(b.until, Some(UNIX_EPOCH + Duration::from_secs(1_748_962_800)));
    assert_eq!(b.detail.as_deref(), Some("A scheduled brownout: use /v2"));
    let Notice::Removed(blocked) = &notices[3] else {
        unreachable!()
    };
    assert_eq!(
        (blocked.status, blocked.link.as_deref()),
        (451, Some("https://courts.example/orders/7"))
    );
    // The hook ran for each removal, not for the brownout.
    assert_eq!(
        *removed.lock().unwrap(),
        [format!("{base}/gone/r1"), format!("{base}/blocked/r1")]
    );
}

#[actix_rt::test]
async fn awc_reads_every_kind_of_answer_and_the_redirect_too() {
    let collector = Collector::new();
    let gone = GoneClient::builder()
        .strict(false)
        .moved(true)
        .now(UNIX_EPOCH + Duration::from_secs(JUNE_2025))
        .collector(collector.clone())
        .build();
    // awc follows redirects in a middleware of its own; without it, the 308 is seen.
    let client = awc::Client::builder()
        .disable_redirects()
        .wrap(gone.awc())
        .finish();
    let base = server();
    for path in [
        "/deprecated/a1",
        "/gone/a1",
        "/brownout/a1",
        "/blocked/a1",
        "/moved/a1",
        "/live/a1",
    ] {
        let mut res = client.get(format!("{base}{path}")).send().await.unwrap();
        let body = res.body().await.unwrap();
        if path.starts_with("/gone") {
            assert_eq!(body, PROBLEM.as_bytes(), "the body is given back whole");
        }
    }
    let notices = collector.take();
    let kinds: Vec<&str> = notices.iter().map(Notice::kind).collect();
    assert_eq!(
        kinds,
        ["deprecated", "removed", "brownout", "removed", "moved"],
        "{notices:#?}"
    );
    let Notice::Removed(r) = &notices[1] else {
        unreachable!()
    };
    assert_eq!(r.reason.as_deref(), Some("API v1 was shut down"));
    let Notice::Moved(m) = &notices[4] else {
        unreachable!()
    };
    assert_eq!(
        (m.status, m.to.as_str()),
        (308, format!("{base}/live/moved-here").as_str())
    );
}

#[tokio::test]
async fn once_per_method_and_url_at_warn_and_error_near_the_sunset() {
    let (logs, _guard) = capture();
    let base = server();
    // 29 days before the sunset: within the default 30, ERROR.
    let near = reqwest_client(
        GoneClient::builder()
            .strict(false)
            .now(UNIX_EPOCH + Duration::from_secs(JUNE_2025))
            .build(),
    );
    for query in ["", "?a=1", "?a=2"] {
        near.get(format!("{base}/deprecated/log1{query}"))
            .send()
            .await
            .unwrap();
    }
    near.post(format!("{base}/deprecated/log1")).send().await.unwrap();
    // A year before: WARN; within 7 days only if asked.
    let far = reqwest_client(
        GoneClient::builder()
            .strict(false)
            .now(UNIX_EPOCH + Duration::from_secs(1_719_792_000))
            .error_within(Duration::from_secs(7 * 86_400))
            .build(),
    );
    far.get(format!("{base}/deprecated/log2")).send().await.unwrap();
    far.get(format!("{base}/broken/log3")).send().await.unwrap();
    far.get(format!("{base}/broken/log3")).send().await.unwrap();
    let text = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let of = |needle: &str| {
        lines
            .iter()
            .filter(|l| l.contains(needle))
            .cloned()
            .collect::<Vec<_>>()
    };
    let get1 = of(&format!("GET {base}/deprecated/log1 is deprecated"));
    assert_eq!(get1.len(), 1, "once for GET, whatever the query:\n{text}");
    assert!(get1[0].contains("ERROR"), "{text}");
    assert_eq!(of(&format!("POST {base}/deprecated/log1")).len(), 1, "{text}");
    let get2 = of(&format!("GET {base}/deprecated/log2"));
    assert!(get2.len() == 1 && get2[0].contains("WARN"), "{text}");
    let broken = of(&format!("GET {base}/broken/log3 sent a malformed deprecation"));
    assert!(broken.len() == 1 && broken[0].contains("WARN"), "{text}");
}

#[tokio::test]
async fn strict_mode_fails_a_call_to_a_route_on_its_way_out() {
    let base = server();
    let strict = reqwest_client(GoneClient::builder().strict(true).log(false).build());
    for path in ["/deprecated/s1", "/gone/s1", "/brownout/s1", "/blocked/s1"] {
        let err = strict.get(format!("{base}{path}")).send().await.unwrap_err();
        let message = err.to_string();
        assert!(message.contains("GONE_CLIENT_STRICT is on"), "{path}: {message}");
    }
    assert!(strict.get(format!("{base}/live/s1")).send().await.is_ok());
    // A malformed header is said, not refused.
    assert!(strict.get(format!("{base}/broken/s1")).send().await.is_ok());
    // awc too.
    let awc_client = awc::Client::builder()
        .wrap(GoneClient::builder().strict(true).log(false).build().awc())
        .finish();
    let local = tokio::task::LocalSet::new();
    local
        .run_until(async {
            let err = awc_client
                .get(format!("{base}/gone/s2"))
                .send()
                .await
                .unwrap_err();
            assert!(err.to_string().contains("GONE_CLIENT_STRICT is on"), "{err}");
        })
        .await;
}

#[test]
fn strict_mode_from_the_environment() {
    // This test binary's only reader of the variable: set it, build, unset.
    // SAFETY: no other test of this binary reads or writes the environment.
    unsafe { std::env::set_var("GONE_CLIENT_STRICT", "1") };
    let from_env = GoneClient::builder().build();
    let overridden = GoneClient::builder().strict(false).build();
    unsafe { std::env::remove_var("GONE_CLIENT_STRICT") };
    let unset = GoneClient::builder().build();
    assert!(from_env.is_strict());
    assert!(!overridden.is_strict());
    assert!(!unset.is_strict());
}

#[tokio::test]
async fn a_removal_is_never_retried_and_a_transient_error_is() {
    use reqwest_retry::{policies::ExponentialBackoff, RetryTransientMiddleware};
    let base = server();
    let policy = ExponentialBackoff::builder()
        .retry_bounds(Duration::from_millis(1), Duration::from_millis(5))
        .build_with_max_retries(3);
    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryTransientMiddleware::new_with_policy(policy))
        .with(GoneClient::builder().strict(false).log(false).build())
        .build();
    for path in ["/gone/retry", "/brownout/retry", "/blocked/retry"] {
        let res = client.get(format!("{base}{path}")).send().await.unwrap();
        assert!(res.status().is_client_error());
        assert_eq!(hits_of(path), 1, "{path} was asked again");
    }
    // The policy itself works: a 503 is retried.
    let _ = client.get(format!("{base}/unavailable/retry")).send().await;
    assert_eq!(hits_of("/unavailable/retry"), 4);
    // In strict mode too: the error is the middleware's, not a transient one.
    let strict = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryTransientMiddleware::new_with_policy(policy))
        .with(GoneClient::builder().strict(true).log(false).build())
        .build();
    assert!(strict
        .get(format!("{base}/gone/retry-strict"))
        .send()
        .await
        .is_err());
    assert_eq!(hits_of("/gone/retry-strict"), 1);
}

#[test]
fn a_fixed_clock_reads_retry_after_in_seconds() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
    let headers: &[(&str, &[u8])] = &[("Retry-After", b"120"), ("Cache-Control", b"no-store")];
    let response = gone_client::Response {
        method: "GET",
        url: "https://api.example/x",
        status: 410,
        headers,
        body: None,
    };
    let notices = GoneClient::builder()
        .now(now)
        .log(false)
        .build()
        .observe(&response)
        .unwrap();
    let [Notice::Brownout(b)] = &notices[..] else {
        panic!("{notices:?}")
    };
    assert_eq!(b.until, Some(now + Duration::from_secs(120)));
    assert_eq!(b.retry_after, Some(Duration::from_secs(120)));
}
