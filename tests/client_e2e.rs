//! SPEC §18 end to end: the example `api` on 127.0.0.1, started at a fixed instant for each
//! phase of its `#[sunset]` route (deprecated, in a brownout, after `on`) and beside its
//! retired and moved routes, called through both clients of `gone-client` (reqwest with
//! `reqwest-middleware`, and awc), their redirects off so that the 308 is seen. Both clients
//! see the same notices, and each is what gone's server meant.

#[path = "../examples/support/example.rs"]
mod example;

use gone_client::{Collector, Deprecation, GoneClient, Notice};
use std::time::{Duration, UNIX_EPOCH};

/// The requests of every phase: a book first (its cover then exists), then the routes.
const CALLS: [(&str, &str); 4] = [
    ("GET", "/v2/books/1/cover"),
    ("GET", "/v1/books"),
    ("GET", "/v1/books/7?fields=title"),
    ("GET", "/v2/books"),
];

fn client(collector: &Collector, at: u64) -> GoneClient {
    GoneClient::builder()
        .strict(false)
        .moved(true)
        .log(false)
        .now(UNIX_EPOCH + Duration::from_secs(at))
        .collector(collector.clone())
        .build()
}

async fn through_reqwest(base: &str, at: u64) -> Vec<Notice> {
    let collector = Collector::new();
    let inner = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let http = reqwest_middleware::ClientBuilder::new(inner)
        .with(client(&collector, at))
        .build();
    let created = http
        .post(format!("{base}/v2/books"))
        .header("content-type", "application/json")
        .body(r#"{"title":"Dune"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    for (_, path) in CALLS {
        http.get(format!("{base}{path}")).send().await.unwrap();
    }
    collector.take()
}

async fn through_awc(base: &str, at: u64) -> Vec<Notice> {
    let collector = Collector::new();
    let http = awc::Client::builder()
        .disable_redirects()
        .wrap(client(&collector, at).awc())
        .finish();
    for (_, path) in CALLS {
        let mut res = http.get(format!("{base}{path}")).send().await.unwrap();
        let _ = res.body().await;
    }
    collector.take()
}

/// The notices of one phase, through both clients, which must agree.
fn phase(at_text: &str, at: u64) -> (String, Vec<Notice>) {
    let app = example::start(at_text);
    let base = format!("http://{}", app.addr);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let by_reqwest = runtime.block_on(through_reqwest(&base, at));
    let by_awc = actix_rt::System::new().block_on(through_awc(&base, at));
    assert_eq!(by_reqwest, by_awc, "{at_text}: the two clients disagree");
    (base, by_reqwest)
}

/// The removal and the redirect, the same in every phase.
fn retired_and_moved(base: &str, notices: &[Notice]) {
    let Notice::Removed(r) = &notices[0] else {
        panic!("{notices:#?}")
    };
    assert_eq!(r.url, format!("{base}/v1/books"));
    assert_eq!(r.status, 410);
    assert_eq!(
        r.reason.as_deref(),
        Some("API v1 was shut down; list books with GET /v2/books")
    );
    assert_eq!(r.since.as_deref(), Some("2025-03-01"));
    let Notice::Moved(m) = &notices[1] else {
        panic!("{notices:#?}")
    };
    assert_eq!(m.url, format!("{base}/v1/books/7"));
    assert_eq!(
        (m.status, m.to.clone()),
        (308, format!("{base}/v2/books/7?fields=title"))
    );
}

const ON: u64 = 1_803_859_200; // 2027-03-01

#[test]
fn deprecated_brownout_gone_and_moved_through_both_clients() {
    // Deprecated: the handler's 200, with the three headers.
    let (base, notices) = phase("2026-12-02", 1_796_169_600);
    assert_eq!(notices.len(), 3, "{notices:#?}");
    let Notice::Deprecated(d) = &notices[0] else {
        panic!("{notices:#?}")
    };
    assert_eq!(d.url, format!("{base}/v2/books/1/cover"));
    assert_eq!(
        d.deprecation,
        Some(Deprecation::At(UNIX_EPOCH + Duration::from_secs(1_788_220_800)))
    );
    assert_eq!(d.sunset, Some(UNIX_EPOCH + Duration::from_secs(ON)));
    assert_eq!(d.links.deprecation, ["https://bookstore.example/docs/covers"]);
    retired_and_moved(&base, &notices[1..]);

    // In the first brownout: a 410 that is not a removal, until 15:00.
    let (base, notices) = phase("2027-02-01T14:30Z", 1_801_492_200);
    let Notice::Brownout(b) = &notices[0] else {
        panic!("{notices:#?}")
    };
    assert_eq!(b.url, format!("{base}/v2/books/1/cover"));
    assert_eq!(b.until, Some(UNIX_EPOCH + Duration::from_secs(1_801_494_000)));
    assert_eq!(b.sunset, Some(UNIX_EPOCH + Duration::from_secs(ON)));
    assert!(
        b.detail
            .as_deref()
            .unwrap_or("")
            .starts_with("A scheduled brownout: Covers moved"),
        "{b:?}"
    );
    retired_and_moved(&base, &notices[1..]);

    // After `on`: removed for good.
    let (base, notices) = phase("2027-03-02", ON + 86_400);
    let Notice::Removed(r) = &notices[0] else {
        panic!("{notices:#?}")
    };
    assert_eq!((r.status, r.since.as_deref()), (410, Some("2027-03-01")));
    assert_eq!(r.link.as_deref(), Some("https://bookstore.example/docs/covers"));
    retired_and_moved(&base, &notices[1..]);
}
