//! SPEC §10, `metrics`: every counted call increments `gone_requests_total{method, route,
//! phase}` through the `metrics` facade, `route` the path template. A recording recorder,
//! installed for this test binary, pins the exact count of each label set.
//!
//! `cargo test -p gone-runtime --features metrics --test metrics`

#![cfg(feature = "metrics")]

use actix_web::{get, post, test, App, HttpResponse};
use gone_runtime::{gone, moved, sunset, Gone, Lifecycle};
use metrics::{Counter, CounterFn, Gauge, Histogram, Key, KeyName, Metadata, Recorder, SharedString, Unit};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

type Counts = Arc<Mutex<BTreeMap<String, u64>>>;

/// Counts per `name{label=value,...}`, the registrations of each, and the descriptions given.
#[derive(Default)]
struct Recording {
    counts: Counts,
    registered: Counts,
    described: Mutex<Vec<String>>,
}

struct Handle(String, Counts);

impl CounterFn for Handle {
    fn increment(&self, value: u64) {
        *self.1.lock().unwrap().entry(self.0.clone()).or_insert(0) += value;
    }
    fn absolute(&self, value: u64) {
        self.1.lock().unwrap().insert(self.0.clone(), value);
    }
}

impl Recorder for Recording {
    fn describe_counter(&self, key: KeyName, _: Option<Unit>, description: SharedString) {
        self.described
            .lock()
            .unwrap()
            .push(format!("{}: {description}", key.as_str()));
    }
    fn describe_gauge(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn describe_histogram(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn register_counter(&self, key: &Key, _: &Metadata<'_>) -> Counter {
        let labels: Vec<String> = key
            .labels()
            .map(|l| format!("{}={}", l.key(), l.value()))
            .collect();
        let name = format!("{}{{{}}}", key.name(), labels.join(","));
        *self.registered.lock().unwrap().entry(name.clone()).or_insert(0) += 1;
        Counter::from_arc(Arc::new(Handle(name, self.counts.clone())))
    }
    fn register_gauge(&self, _: &Key, _: &Metadata<'_>) -> Gauge {
        Gauge::noop()
    }
    fn register_histogram(&self, _: &Key, _: &Metadata<'_>) -> Histogram {
        Histogram::noop()
    }
}

gone_runtime::removed!("tests/lists/counted.csv");

#[gone(since = "2025-03-01", reason = "Counted")]
#[get("/v1/books/{id}")]
async fn book_v1() {}

#[sunset(
    deprecated = "2025-01-15",
    on = "2025-06-30",
    reason = "Counted per phase",
    brownouts = ["2025-06-03T14:00Z/PT1H"]
)]
#[post("/v1/orders")]
async fn orders_v1() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[moved(to = "/v2/users/{id}", since = "2025-03-01")]
#[get("/v1/users/{id}")]
async fn user_v1() {}

#[get("/posts/{id}")]
async fn post() -> Result<HttpResponse, Gone> {
    Err(Gone::new("Deleted"))
}

#[actix_web::test]
async fn every_counted_call_increments_its_label_set() {
    // A route called before the recorder is installed (by another test of the binary, say):
    // its handle of the no-op recorder is not kept once the app's recorder is installed.
    let early = test::init_service(App::new().service(book_v1)).await;
    test::call_service(&early, test::TestRequest::get().uri("/v1/books/0").to_request()).await;

    let recording: &'static Recording = Box::leak(Box::default());
    metrics::set_global_recorder(recording).unwrap();

    let at = |s: &str| Lifecycle::new().at(gone_runtime::Instant::parse(s).unwrap().system_time());
    let send = |method: &str, uri: &str| {
        test::TestRequest::default()
            .method(method.parse().unwrap())
            .uri(uri)
            .to_request()
    };
    for (lifecycle, method, uri) in [
        (at("2025-03-01"), "GET", "/v1/books/1"),
        (at("2025-03-01"), "GET", "/v1/books/2"),
        (at("2025-03-01"), "HEAD", "/v1/books/3"),
        (at("2025-03-01"), "POST", "/v1/orders"),
        (at("2025-06-03T14:30Z"), "POST", "/v1/orders"),
        (at("2025-07-01"), "POST", "/v1/orders"),
        (at("2025-07-01"), "POST", "/v1/orders"),
        (at("2025-07-01").hold_all(), "POST", "/v1/orders"),
        (at("2025-03-01"), "GET", "/posts/9"),
        (at("2025-03-01"), "GET", "/v1/users/1"),
        (at("2025-03-01"), "HEAD", "/v1/users/2"),
        (at("2025-03-01"), "GET", "/archive/2019/a"),
        (at("2025-03-01"), "HEAD", "/archive/2019/b"),
        (at("2025-03-01"), "DELETE", "/archive/c"),
    ] {
        // `negotiate` answers and counts a `Gone` returned as an error, as for `stats()`.
        let app = test::init_service(
            App::new()
                .wrap(gone_runtime::Lists)
                .wrap(actix_web::middleware::from_fn(gone_runtime::negotiate))
                .app_data(lifecycle)
                .service(book_v1)
                .service(orders_v1)
                .service(user_v1)
                .service(post),
        )
        .await;
        test::call_service(&app, send(method, uri)).await;
    }

    let counts = recording.counts.lock().unwrap().clone();
    let expected: BTreeMap<String, u64> = [
        (
            "gone_requests_total{method=GET,route=/v1/books/{id},phase=gone}",
            3,
        ),
        (
            "gone_requests_total{method=POST,route=/v1/orders,phase=deprecated}",
            1,
        ),
        (
            "gone_requests_total{method=POST,route=/v1/orders,phase=brownout}",
            1,
        ),
        ("gone_requests_total{method=POST,route=/v1/orders,phase=gone}", 2),
        ("gone_requests_total{method=POST,route=/v1/orders,phase=held}", 1),
        ("gone_requests_total{method=GET,route=/posts/{id},phase=gone}", 1),
        (
            "gone_requests_total{method=GET,route=/v1/users/{id},phase=moved}",
            2,
        ),
        // A listed path: the request's method (HEAD with GET), the row's path as the route.
        ("gone_requests_total{method=GET,route=/archive/*,phase=listed}", 2),
        (
            "gone_requests_total{method=DELETE,route=/archive/*,phase=listed}",
            1,
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(counts, expected);
    // Each route of the manifest (and each list's row, by method) registers its handle once
    // and reuses it; a run-time `Gone` registers on every call.
    let registered = recording.registered.lock().unwrap().clone();
    for (name, times) in &registered {
        let once = if name.contains("/posts/{id}") {
            counts[name]
        } else {
            1
        };
        assert_eq!(*times, once, "{name} registered {times} times");
    }
    let described = recording.described.lock().unwrap().clone();
    assert_eq!(described.len(), 1, "described once: {described:?}");
    assert!(described[0].starts_with("gone_requests_total: "), "{described:?}");
}
