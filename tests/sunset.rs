//! SPEC §8: `#[sunset]`'s three phases by the app's clock, through actix-web's service stack,
//! always with a fixed clock (`Lifecycle::at`), never the real date; the switches (holds,
//! `exempt`); the counters; the manifest. In a test binary of its own, so that its manifest
//! holds only these routes.

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::HeaderMap;
use actix_web::test::{self, TestRequest};
use actix_web::{get, post, web, App, HttpResponse};
use gone_runtime::{gone, sunset, Lifecycle};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How often the handler body ran for user 4242, the id only the tests that count use (the
/// tests run in parallel).
static RAN: AtomicUsize = AtomicUsize::new(0);

fn is_partner(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head().headers().contains_key("x-partner")
}

#[sunset(
    deprecated = "2025-01-15",
    on = "2025-06-30",
    reason = "API v1 is being shut down; use /v2/users/{id}",
    link = "https://example.com/migrate-v2",
    brownouts = ["2025-06-03T14:00Z/PT1H", "2025-06-17T14:00Z/PT24H"],
    exempt = "is_partner",
    max_age = 3600,
)]
#[get("/v1/users/{id}")]
async fn get_user_v1(id: web::Path<u32>) -> HttpResponse {
    if *id == 4242 {
        RAN.fetch_add(1, Ordering::Relaxed);
    }
    HttpResponse::Ok()
        .insert_header((
            "cache-control",
            "public, max-age=31536000, s-maxage=31536000, stale-while-revalidate=86400",
        ))
        .insert_header(("expires", "Fri, 01 Jan 2100 00:00:00 GMT"))
        .insert_header(("link", "</v1/users>; rel=\"collection\""))
        .body(format!("user {id}"))
}

/// What the route answers from `on`: its twin, retired with `#[gone]`.
#[gone(
    since = "2025-06-30",
    reason = "API v1 is being shut down; use /v2/users/{id}",
    link = "https://example.com/migrate-v2",
    max_age = 3600
)]
#[get("/twin/users/{id}")]
async fn twin() {}

/// An `on` with a time of day, and a POST.
#[sunset(
    deprecated = "2025-01-15T09:30Z",
    on = "2025-06-30T12:00Z",
    reason = "Orders move to v2"
)]
#[post("/v1/orders")]
async fn create_order_v1(body: web::Json<u32>) -> HttpResponse {
    HttpResponse::Created().body(body.to_string())
}

/// Held by the tests that call `/v1/counted`, so that the one that counts sees only its own
/// calls. Each `#[actix_web::test]` runs on a thread and runtime of its own, so holding it
/// across their awaits blocks only the other test's thread.
static COUNTING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// With middleware of the user's: left to actix-web's route macro, the schedule's middleware
/// outermost.
#[sunset(deprecated = "2025-01-15", on = "2025-07-10", reason = "Wrapped")]
#[get(
    "/v1/wrapped",
    wrap = "actix_web::middleware::DefaultHeaders::new().add((\"x-wrapped\", \"1\"))"
)]
async fn wrapped_v1() -> HttpResponse {
    HttpResponse::Ok().body("wrapped")
}

/// Several method attributes under `#[routes]`: each a resource of its own, the GET's
/// answering HEAD too.
#[sunset(deprecated = "2025-01-15", on = "2025-07-20", reason = "Many")]
#[actix_web::routes]
#[get("/v1/many/a")]
#[post("/v1/many/b")]
async fn many_v1() -> HttpResponse {
    HttpResponse::Ok().body("many")
}

/// Called by the test that counts, and by the audit.
#[sunset(deprecated = "2025-01-15", on = "2025-07-15", reason = "Counted")]
#[actix_web::delete("/v1/counted")]
async fn counted_v1() -> HttpResponse {
    HttpResponse::NoContent().finish()
}

fn at(s: &str) -> SystemTime {
    let secs = gone_core_instant(s);
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// Seconds of an instant written as in the attribute, computed apart from gone: through an
/// HTTP-date parser (trying each weekday, so as to take none on trust).
fn gone_core_instant(s: &str) -> u64 {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (date, time) = s.split_once('T').unwrap_or((s, "00:00Z"));
    let month = MONTHS[date[5..7].parse::<usize>().unwrap() - 1];
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .iter()
        .find_map(|wd| {
            let text = format!(
                "{wd}, {} {month} {} {}:00 GMT",
                &date[8..10],
                &date[0..4],
                &time[..5]
            );
            httpdate::parse_http_date(&text).ok()
        })
        .unwrap()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

struct Reply {
    status: u16,
    headers: HeaderMap,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }

    fn all(&self, name: &str) -> Vec<&str> {
        self.headers.get_all(name).map(|v| v.to_str().unwrap()).collect()
    }
}

async fn call<S, B>(app: &S, req: TestRequest) -> Reply
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let res = test::call_service(app, req.to_request()).await;
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    Reply {
        status,
        headers,
        body,
    }
}

macro_rules! app {
    ($lifecycle:expr) => {
        test::init_service(
            App::new()
                .app_data($lifecycle)
                .service(get_user_v1)
                .service(twin)
                .service(create_order_v1)
                .service(counted_v1)
                .service(wrapped_v1)
                .service(many_v1),
        )
        .await
    };
}

const DEPRECATION: &str = "@1736899200"; // 2025-01-15T00:00Z
const SUNSET: &str = "Mon, 30 Jun 2025 00:00:00 GMT";
const LINK: &str = "<https://example.com/migrate-v2>; rel=\"deprecation\"; type=\"text/html\"";

#[actix_web::test]
async fn the_instants_in_the_headers_are_computed_right() {
    assert_eq!(gone_core_instant("2025-01-15"), 1_736_899_200);
    assert_eq!(
        httpdate::parse_http_date(SUNSET).unwrap(),
        at("2025-06-30"),
        "the Sunset value parses back to `on`"
    );
}

/// Deprecated: the handler runs; every response gets Deprecation, Sunset and the Link
/// (appended to the handler's); a max-age that would outlive `on` is cut to the seconds left.
#[actix_web::test]
async fn deprecated_runs_the_handler_and_adds_the_headers() {
    let app = app!(Lifecycle::new().at(at("2025-06-29T23:00Z")));
    let r = call(&app, TestRequest::get().uri("/v1/users/7")).await;
    assert_eq!((r.status, r.body.as_str()), (200, "user 7"));
    assert_eq!(r.header("deprecation"), Some(DEPRECATION));
    assert_eq!(r.header("sunset"), Some(SUNSET));
    assert_eq!(r.all("link"), ["</v1/users>; rel=\"collection\"", LINK]);
    // Every freshness a cache reads: a CDN reads s-maxage, and may serve it stale for
    // stale-while-revalidate more (RFC 9111 §5.2.2.10, RFC 5861).
    assert_eq!(
        r.header("cache-control"),
        Some("public, max-age=3600, s-maxage=3600, stale-while-revalidate=0, stale-if-error=0"),
        "one hour left"
    );
    assert_eq!(r.header("expires"), Some(SUNSET), "no later than `on`");

    // Its extractors' errors too: a non-numeric id is the handler's own error (actix-web's
    // `Path` answers 404), with the headers.
    let r = call(&app, TestRequest::get().uri("/v1/users/abc")).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.header("deprecation"), Some(DEPRECATION));
    assert_eq!(r.header("sunset"), Some(SUNSET));
    let r = call(
        &app,
        TestRequest::post()
            .uri("/v1/orders")
            .insert_header(("content-type", "application/json"))
            .set_payload("{not json"),
    )
    .await;
    assert_eq!(r.status, 400, "the handler's own 400 while deprecated");
    assert_eq!(r.header("deprecation"), Some("@1736933400"), "09:30 UTC");
    assert_eq!(r.header("sunset"), Some("Mon, 30 Jun 2025 12:00:00 GMT"));
    assert_eq!(r.header("link"), None, "no link given");
}

/// Issue 20, item 6: a `Lifecycle` in a `web::Data`, as actix-web users put everything else
/// in an app's data, decides as one put in as it is.
#[actix_web::test]
async fn a_lifecycle_in_web_data_is_read_too() {
    let app = app!(web::Data::new(Lifecycle::new().at(at("2026-01-01"))));
    let r = call(&app, TestRequest::get().uri("/v1/users/7")).await;
    assert_eq!(r.status, 410, "after `on`, by the clock in the web::Data");
    let app = app!(web::Data::new(
        Lifecycle::new().at(at("2026-01-01")).hold("get_user_v1")
    ));
    let r = call(&app, TestRequest::get().uri("/v1/users/7")).await;
    assert_eq!(r.status, 200, "held");
}

/// Before `deprecated` the headers are the same: Deprecation in the future announces it.
#[actix_web::test]
async fn a_max_age_within_the_time_left_is_kept() {
    let app = app!(Lifecycle::new().at(at("2025-01-01")));
    let r = call(&app, TestRequest::get().uri("/v1/users/7")).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("cache-control"),
        Some("public, max-age=15552000, s-maxage=15552000, stale-while-revalidate=0, stale-if-error=0"),
        "180 days left"
    );
}

/// A brownout: 410 with the negotiated bodies, never cached, saying when to come back; the
/// handler and its extractors do not run.
#[actix_web::test]
async fn a_brownout_answers_410_without_running_the_handler() {
    let app = app!(Lifecycle::new().at(at("2025-06-03T14:30Z")));
    let before = RAN.load(Ordering::Relaxed);
    for (accept, content_type, needle) in [
        (
            None,
            "application/problem+json",
            r#""brownout_until":"Tue, 03 Jun 2025 15:00:00 GMT""#,
        ),
        (
            Some("text/html"),
            "text/html; charset=utf-8",
            "This is a scheduled brownout until Tue, 03 Jun 2025 15:00:00 GMT",
        ),
        (
            Some("text/plain"),
            "text/plain; charset=utf-8",
            "410 Gone (scheduled brownout until Tue, 03 Jun 2025 15:00:00 GMT)",
        ),
    ] {
        for uri in ["/v1/users/abc", "/v1/users/4242"] {
            let mut req = TestRequest::get().uri(uri);
            if let Some(a) = accept {
                req = req.insert_header(("accept", a));
            }
            assert_eq!(call(&app, req).await.status, 410, "{uri}: a non-numeric id too");
        }
        let mut req = TestRequest::get().uri("/v1/users/4242");
        if let Some(a) = accept {
            req = req.insert_header(("accept", a));
        }
        let r = call(&app, req).await;
        assert_eq!(r.header("content-type"), Some(content_type));
        assert!(r.body.contains(needle), "{}", r.body);
        assert!(
            r.body.contains("2025-06-30"),
            "says when it is removed: {}",
            r.body
        );
        assert_eq!(r.header("cache-control"), Some("no-store"));
        assert_eq!(r.header("retry-after"), Some("Tue, 03 Jun 2025 15:00:00 GMT"));
        assert_eq!(r.header("deprecation"), Some(DEPRECATION));
        assert_eq!(r.header("sunset"), Some(SUNSET));
        assert_eq!(r.header("vary"), Some("Accept"));
        assert_eq!(r.all("link"), [LINK]);
    }
    assert_eq!(RAN.load(Ordering::Relaxed), before, "the handler never ran");
    // The second window, a day long; and just after the first.
    let r = call(
        &app!(Lifecycle::new().at(at("2025-06-18T13:59Z"))),
        TestRequest::get().uri("/v1/users/1"),
    )
    .await;
    assert_eq!(
        (r.status, r.header("retry-after")),
        (410, Some("Wed, 18 Jun 2025 14:00:00 GMT"))
    );
    let r = call(
        &app!(Lifecycle::new().at(at("2025-06-03T15:00Z"))),
        TestRequest::get().uri("/v1/users/1"),
    )
    .await;
    assert_eq!(r.status, 200, "the window ends at 15:00, exclusive");
}

/// From `on`: byte for byte what `#[gone(since = ON, ...)]` answers, for every format.
#[actix_web::test]
async fn from_on_it_answers_what_gone_answers() {
    let app = app!(Lifecycle::new().at(at("2025-06-30")));
    let before = RAN.load(Ordering::Relaxed);
    for accept in [
        None,
        Some("text/html"),
        Some("text/plain"),
        Some("application/json"),
    ] {
        let with = |uri: &str| {
            let req = TestRequest::get().uri(uri);
            match accept {
                Some(a) => req.insert_header(("accept", a)),
                None => req,
            }
        };
        assert_eq!(call(&app, with("/v1/users/abc")).await.status, 410);
        let sunset = call(&app, with("/v1/users/4242")).await;
        let gone = call(&app, with("/twin/users/4242")).await;
        assert_eq!(sunset.status, 410);
        assert_eq!((sunset.status, &sunset.body), (gone.status, &gone.body));
        assert_eq!(sunset.headers.len(), gone.headers.len());
        for (name, value) in gone.headers.iter() {
            assert_eq!(sunset.headers.get(name), Some(value), "{name}");
        }
    }
    assert_eq!(RAN.load(Ordering::Relaxed), before, "the handler never ran");
    let r = call(
        &app!(Lifecycle::new().at(at("2025-06-30T11:59Z"))),
        TestRequest::post().uri("/v1/orders"),
    )
    .await;
    assert_eq!(r.status, 400, "12:00 UTC is not there yet");
    let r = call(
        &app!(Lifecycle::new().at(at("2025-06-30T12:00Z"))),
        TestRequest::post().uri("/v1/orders").set_payload("{not json"),
    )
    .await;
    assert_eq!(r.status, 410, "a malformed body still gets 410 from `on`");
    assert_eq!(r.header("sunset"), Some("Mon, 30 Jun 2025 12:00:00 GMT"));
}

/// HEAD on a sunset GET: the handler's headers and the schedule's while deprecated, and from
/// `on` the same 410 as `#[gone]`'s HEAD (the server leaves the body off on the wire).
#[actix_web::test]
async fn head_answers_as_get_in_every_phase() {
    let head = |uri: &str| {
        TestRequest::default()
            .method(actix_web::http::Method::HEAD)
            .uri(uri)
    };
    let r = call(&app!(Lifecycle::new().at(at("2025-03-01"))), head("/v1/users/7")).await;
    assert_eq!((r.status, r.header("sunset")), (200, Some(SUNSET)));
    assert_eq!(r.header("deprecation"), Some(DEPRECATION));
    let r = call(
        &app!(Lifecycle::new().at(at("2025-06-03T14:30Z"))),
        head("/v1/users/7"),
    )
    .await;
    assert_eq!((r.status, r.header("cache-control")), (410, Some("no-store")));
    let app = app!(Lifecycle::new().at(at("2025-07-01")));
    let sunset = call(&app, head("/v1/users/7")).await;
    let gone = call(&app, head("/twin/users/7")).await;
    assert_eq!((sunset.status, &sunset.body), (410, &gone.body));
    for (name, value) in gone.headers.iter() {
        assert_eq!(sunset.headers.get(name), Some(value), "{name}");
    }
}

/// A sunset route with a `wrap` of the user's: the user's middleware runs around the handler,
/// the schedule's around both; HEAD answers as GET there too.
#[actix_web::test]
async fn a_route_with_middleware_keeps_it_inside_the_schedule() {
    let r = call(
        &app!(Lifecycle::new().at(at("2025-03-01"))),
        TestRequest::get().uri("/v1/wrapped"),
    )
    .await;
    assert_eq!((r.status, r.body.as_str()), (200, "wrapped"));
    assert_eq!(r.header("x-wrapped"), Some("1"));
    assert_eq!(r.header("deprecation"), Some(DEPRECATION));
    let head = TestRequest::default()
        .method(actix_web::http::Method::HEAD)
        .uri("/v1/wrapped");
    let r = call(&app!(Lifecycle::new().at(at("2025-07-10"))), head).await;
    assert_eq!(
        (r.status, r.header("sunset")),
        (410, Some("Thu, 10 Jul 2025 00:00:00 GMT"))
    );
    assert_eq!(
        r.header("x-wrapped"),
        None,
        "the cut-over answers before the user's middleware"
    );
}

/// `#[routes]`: each method attribute is its own resource under the schedule; the GET answers
/// HEAD, counted on the GET's entry; a method no attribute gives is not routed.
#[actix_web::test]
async fn routes_children_are_each_scheduled() {
    let app = app!(Lifecycle::new().at(at("2025-03-01")));
    let r = call(&app, TestRequest::post().uri("/v1/many/b")).await;
    assert_eq!((r.status, r.header("deprecation")), (200, Some(DEPRECATION)));
    let head = TestRequest::default()
        .method(actix_web::http::Method::HEAD)
        .uri("/v1/many/a");
    let r = call(&app, head).await;
    assert_eq!((r.status, r.header("deprecation")), (200, Some(DEPRECATION)));
    assert_eq!(
        call(&app, TestRequest::post().uri("/v1/many/a")).await.status,
        404
    );
    let gone = app!(Lifecycle::new().at(at("2025-07-20")));
    let head = TestRequest::default()
        .method(actix_web::http::Method::HEAD)
        .uri("/v1/many/a");
    assert_eq!(call(&gone, head).await.status, 410);
    let get_a = gone_runtime::manifest()
        .sunset()
        .find(|r| r.path() == "/v1/many/a")
        .unwrap();
    assert!(get_a.hits("deprecated") >= 1 && get_a.hits("gone") >= 1);
}

/// Holds (by handler name, by path, all) keep a route deprecated past `on` and through its
/// brownouts; `exempt` does for the requests it says yes to.
#[actix_web::test]
async fn holds_and_exempt_keep_the_route_deprecated() {
    for (lifecycle, what) in [
        (Lifecycle::new().hold("get_user_v1"), "by name"),
        (Lifecycle::new().hold("/v1/users/{id}"), "by path"),
        (Lifecycle::new().hold_all(), "all"),
    ] {
        for when in ["2025-06-03T14:30Z", "2026-01-01"] {
            let app = app!(lifecycle.clone().at(at(when)));
            let r = call(&app, TestRequest::get().uri("/v1/users/7")).await;
            assert_eq!(r.status, 200, "held {what} at {when}");
            assert_eq!(r.header("sunset"), Some(SUNSET));
        }
    }
    let app = app!(Lifecycle::new().hold("other_handler").at(at("2026-01-01")));
    assert_eq!(
        call(&app, TestRequest::get().uri("/v1/users/7")).await.status,
        410
    );

    let app = app!(Lifecycle::new().at(at("2026-01-01")));
    let partner = TestRequest::get()
        .uri("/v1/users/7")
        .insert_header(("x-partner", "1"));
    let r = call(&app, partner).await;
    assert_eq!(r.status, 200, "exempt");
    assert_eq!(r.header("deprecation"), Some(DEPRECATION));
    let r = call(&app, TestRequest::get().uri("/v1/users/7")).await;
    assert_eq!(r.status, 410, "not exempt");
}

/// Every call is counted per phase, and listed by `stats()`.
#[actix_web::test]
#[allow(clippy::await_holding_lock)]
async fn calls_are_counted_per_phase() {
    let _alone = COUNTING.lock().unwrap_or_else(|e| e.into_inner());
    let route = || {
        gone_runtime::manifest()
            .sunset()
            .find(|r| r.method() == "DELETE")
            .unwrap()
    };
    let before: Vec<u64> = ["deprecated", "brownout", "gone", "held"]
        .iter()
        .map(|p| route().hits(p))
        .collect();
    let delete = || TestRequest::delete().uri("/v1/counted");
    call(&app!(Lifecycle::new().at(at("2025-03-01"))), delete()).await;
    let r = call(&app!(Lifecycle::new().at(at("2025-07-15"))), delete()).await;
    assert_eq!(r.status, 410, "{:?} {}", r.headers, r.body);
    call(&app!(Lifecycle::new().at(at("2025-08-01"))), delete()).await;
    call(&app!(Lifecycle::new().hold_all().at(at("2025-08-01"))), delete()).await;
    let after: Vec<u64> = ["deprecated", "brownout", "gone", "held"]
        .iter()
        .map(|p| route().hits(p))
        .collect();
    let delta: Vec<u64> = after.iter().zip(&before).map(|(a, b)| a - b).collect();
    assert_eq!(delta, [1, 0, 2, 1]);
    let stats = gone_runtime::stats();
    let gone = stats
        .iter()
        .find(|h| h.route == "/v1/counted" && h.phase == "gone")
        .unwrap();
    assert!(
        gone.hits >= 2 && gone.source == "sunset" && gone.method == "DELETE",
        "{gone:?}"
    );
}

/// The manifest lists sunset routes apart, in JSON as SPEC §8 writes them.
#[test]
fn the_manifest_lists_sunset_routes_apart() {
    let m = gone_runtime::manifest();
    let gone: Vec<&str> = m.iter().map(|r| r.path()).collect();
    assert_eq!(gone, ["/twin/users/{id}"]);
    let json: serde_json::Value = serde_json::from_str(&m.to_json()).unwrap();
    let sunset = json["sunset"].as_array().unwrap();
    assert_eq!(sunset.len(), 6);
    assert_eq!(
        sunset[4],
        serde_json::json!({
            "method": "GET",
            "path": "/v1/users/{id}",
            "deprecated": "2025-01-15",
            "sunset": "2025-06-30",
            "brownouts": ["2025-06-03T14:00Z/PT1H", "2025-06-17T14:00Z/PT24H"],
            "reason": "API v1 is being shut down; use /v2/users/{id}",
            "link": "https://example.com/migrate-v2",
            "handler": "get_user_v1",
            "module": "sunset",
            "file": "tests/sunset.rs",
            "line": sunset[4]["line"],
        })
    );
    assert_eq!(sunset[3]["sunset"], "2025-06-30T12:00Z");
    assert_eq!(sunset[3]["method"], "POST");
    let md = m.to_markdown();
    assert!(
        md.contains("| Method | Path | Deprecated | Sunset | Brownouts | Reason | Migration | Handler |"),
        "{md}"
    );
    assert!(md.contains("| GET | `/v1/users/{id}` | 2025-01-15 | 2025-06-30 | 2025-06-03T14:00Z/PT1H, 2025-06-17T14:00Z/PT24H |"), "{md}");
}

/// The audit of sunset routes: registered ones come back with their `Sunset` header, in
/// every phase; a missing one is named.
#[actix_web::test]
#[allow(clippy::await_holding_lock)]
async fn the_audit_names_a_sunset_route_that_is_not_registered() {
    let _alone = COUNTING.lock().unwrap_or_else(|e| e.into_inner());
    for when in ["2025-03-01", "2025-06-03T14:30Z", "2026-01-01"] {
        let app = app!(Lifecycle::new().at(at(when)));
        gone_runtime::test::assert_all_sunset(&app).await;
    }
    let app = test::init_service(
        App::new()
            .app_data(Lifecycle::new().at(at("2025-03-01")))
            .service(get_user_v1)
            .service(counted_v1)
            .service(wrapped_v1)
            .service(many_v1),
    )
    .await;
    let failures = gone_runtime::test::audit_sunset(&app, gone_runtime::manifest().sunset()).await;
    assert_eq!(failures.len(), 1, "{failures:#?}");
    assert!(
        failures[0].starts_with("POST /v1/orders (sunset::create_order_v1 at tests/sunset.rs:")
            && failures[0].contains("got 404 without its `Sunset: Mon, 30 Jun 2025 12:00:00 GMT`: not registered (add `.service(create_order_v1)`)"),
        "{}",
        failures[0]
    );
}

/// The overdue helper, at a fixed instant: names each route past its `on`, with the
/// `#[gone]` to write instead.
#[test]
fn overdue_sunset_routes_are_named_with_what_to_write() {
    let secs = |s: &str| at(s).duration_since(UNIX_EPOCH).unwrap().as_secs();
    assert!(gone_runtime::test::overdue_sunset(secs("2025-06-29")).is_empty());
    let overdue = gone_runtime::test::overdue_sunset(secs("2025-06-30"));
    assert_eq!(overdue.len(), 1, "{overdue:#?}");
    assert!(
        overdue[0].starts_with("GET /v1/users/{id} (sunset::get_user_v1 at tests/sunset.rs:"),
        "{}",
        overdue[0]
    );
    assert!(
        overdue[0].ends_with(r#"its `on = "2025-06-30"` has passed: replace #[sunset(...)] with #[gone(since = "2025-06-30", reason = "API v1 is being shut down; use /v2/users/{id}", link = "https://example.com/migrate-v2")] and delete the body (`async fn get_user_v1() {}`)"#),
        "{}",
        overdue[0]
    );
    assert_eq!(
        gone_runtime::test::overdue_sunset(secs("2025-06-30T12:00Z")).len(),
        2
    );
}

/// The freshness check covers the sunset routes: a changed `on` in the committed file is named.
#[test]
fn the_freshness_check_names_a_changed_sunset() {
    let m = gone_runtime::manifest();
    let dir = std::env::temp_dir().join(format!("gone-sunset-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("gone.json");
    std::fs::write(&file, m.to_json_pretty()).unwrap();
    m.check_file(&file).unwrap();
    let committed = m.to_json_pretty().replace("\"2025-07-15\"", "\"2025-08-01\"");
    std::fs::write(&file, committed).unwrap();
    let err = m.check_file(&file).unwrap_err().to_string();
    assert!(
        err.contains("~ DELETE /v1/counted (sunset)  changed: sunset \"2025-08-01\" -> \"2025-07-15\";"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
