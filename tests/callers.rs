//! SPEC §17: who still calls. Per (route, phase, caller): calls, first and last seen, for every
//! kind (removed, each phase of `#[sunset]`, moved, listed) and the run-time `Gone`; labels by
//! the User-Agent's first token or the app's function; bounded, the rest `(other)`; the report
//! in JSON and Markdown, `stats()`'s last call. Through actix-web's service stack; the load
//! test over 127.0.0.1 is in `tests/callers_load.rs`. The report is the process's: each test
//! here calls routes of its own.

use actix_web::test::{call_service, init_service, TestRequest};
use actix_web::{get, web, App, HttpRequest, HttpResponse};
use gone_runtime::{gone, moved, sunset, Callers, Gone, Lifecycle, RouteCallers};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

gone_runtime::removed!("tests/lists/callers.csv");

#[gone(since = "2025-03-01", reason = "Use /v2/labels")]
#[get("/v1/labels")]
async fn labels_v1() {}

#[gone(since = "2025-03-01", reason = "Use /v2/owners")]
#[get("/v1/owners/{id}")]
async fn owners_v1() {}

#[gone(since = "2025-03-01", reason = "Use /v2/bounded")]
#[get("/v1/bounded")]
async fn bounded_v1() {}

#[gone(since = "2025-03-01", reason = "Use /v2/small")]
#[get("/v1/small")]
async fn small_v1() {}

#[gone(since = "2025-03-01", reason = "Use /v2/quiet")]
#[get("/v1/quiet")]
async fn quiet_v1() {}

#[moved(to = "/v2/profile", since = "2025-03-01")]
#[get("/v1/profile")]
async fn profile_v1() {}

#[sunset(
    deprecated = "2025-01-15",
    on = "2025-06-30",
    reason = "Use /v2/teams",
    brownouts = ["2025-06-03T14:00Z/PT1H"]
)]
#[get("/v1/teams")]
async fn teams_v1() -> HttpResponse {
    HttpResponse::Ok().body("teams")
}

/// Content removed at run time: `Gone` as the handler's responder.
#[get("/articles/{id}")]
async fn article(id: web::Path<u32>) -> Gone {
    Gone::new(format!("Article {id} was withdrawn"))
}

#[gone(since = "2025-03-01", reason = "Use /v2/long")]
#[get("/v1/long")]
async fn long_v1() {}

fn at(unix: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(unix)
}

/// 2026-12-02 06:00:00 UTC.
const NOW: u64 = 1_796_191_200;

fn route(method: &str, path: &str, phase: &str) -> RouteCallers {
    let report = gone_runtime::callers();
    report
        .routes
        .into_iter()
        .find(|r| r.method == method && r.route == path && r.phase == phase)
        .unwrap_or_else(|| panic!("no {method} {path} ({phase}) in the report"))
}

fn get(uri: &str, agent: Option<&str>) -> actix_http::Request {
    let req = TestRequest::get().uri(uri);
    match agent {
        Some(agent) => req.insert_header(("user-agent", agent)).to_request(),
        None => req.to_request(),
    }
}

#[actix_web::test]
async fn each_caller_is_the_user_agents_first_product_token_with_its_calls_first_and_last_seen() {
    for (t, agent) in [
        (0, Some("curl/8.5.0")),
        (10, Some("python-requests/2.31")),
        (20, Some("curl/8.6.0")),
        (30, None),
    ] {
        let app = init_service(
            App::new()
                .app_data(Callers::new().at(at(NOW + t)))
                .service(labels_v1),
        )
        .await;
        let res = call_service(&app, get("/v1/labels", agent)).await;
        assert_eq!(res.status(), 410);
    }
    let r = route("GET", "/v1/labels", "gone");
    assert_eq!((r.source, r.calls, r.last_seen), ("attribute", 4, NOW + 30));
    let seen: Vec<(&str, u64, u64, u64)> = r
        .callers
        .iter()
        .map(|c| (c.caller.as_str(), c.calls, c.first_seen, c.last_seen))
        .collect();
    // The latest first.
    assert_eq!(
        seen,
        [
            ("(unknown)", 1, NOW + 30, NOW + 30),
            ("curl", 2, NOW, NOW + 20),
            ("python-requests", 1, NOW + 10, NOW + 10),
        ]
    );
    assert_eq!(r.other, None);
    // stats() gains the route's last call.
    let hits = gone_runtime::stats()
        .into_iter()
        .find(|h| h.route == "/v1/labels")
        .unwrap();
    assert_eq!((hits.hits, hits.last_call), (4, Some(NOW + 30)));
}

/// The owner of the request's API key, as an app would look it up: never the key itself.
fn key_owner(req: &HttpRequest) -> Option<String> {
    let key = req.headers().get("x-api-key")?.to_str().ok()?;
    [
        ("k-1f3a", "acme-billing"),
        ("k-9c2e", "globex\r\nsync"),
        ("k-blank", "   "),
    ]
    .iter()
    .find(|(k, _)| *k == key)
    .map(|(_, owner)| owner.to_string())
}

#[actix_web::test]
async fn an_apps_function_labels_callers_and_its_none_falls_back_to_the_user_agent() {
    let app = init_service(
        App::new()
            .app_data(web::Data::new(Callers::by(key_owner)))
            .service(owners_v1),
    )
    .await;
    for key in ["k-1f3a", "k-1f3a", "k-9c2e", "k-unknown", "k-blank"] {
        let req = TestRequest::get()
            .uri("/v1/owners/7")
            .insert_header(("x-api-key", key))
            .insert_header(("user-agent", "okhttp/4.12"));
        assert_eq!(call_service(&app, req.to_request()).await.status(), 410);
    }
    let r = route("GET", "/v1/owners/{id}", "gone");
    let mut names: Vec<(String, u64)> = r.callers.iter().map(|c| (c.caller.clone(), c.calls)).collect();
    names.sort();
    assert_eq!(
        names,
        [
            ("acme-billing".to_string(), 2),
            // A label is safe in a log line and a table: control characters replaced.
            ("globex??sync".to_string(), 1),
            // No owner, or a blank one: the User-Agent's token.
            ("okhttp".to_string(), 2),
        ]
    );
    // No key appears anywhere in the report.
    assert!(!gone_runtime::callers().to_json().contains("k-1f3a"));
}

#[actix_web::test]
async fn five_thousand_callers_keep_a_thousand_by_name_and_count_the_rest_as_other() {
    let app = init_service(App::new().app_data(Callers::new()).service(bounded_v1)).await;
    // 100,000 requests, 20 from each of 5,000 callers, in turn: the first 1,000 met keep
    // their names.
    for round in 0..20 {
        for caller in 0..5_000 {
            let agent = format!("client-{caller}/{round}");
            let res = call_service(&app, get("/v1/bounded", Some(&agent))).await;
            assert_eq!(res.status(), 410);
        }
    }
    let r = route("GET", "/v1/bounded", "gone");
    assert_eq!(r.calls, 100_000);
    assert_eq!(r.callers.len(), gone_runtime::DEFAULT_LIMIT);
    assert!(r.callers.iter().all(|c| c.calls == 20));
    let mut named: Vec<usize> = r
        .callers
        .iter()
        .map(|c| c.caller.trim_start_matches("client-").parse().unwrap())
        .collect();
    named.sort();
    assert_eq!(named, (0..1_000).collect::<Vec<_>>());
    let other = r.other.unwrap();
    assert_eq!((other.caller.as_str(), other.calls), ("(other)", 80_000));
}

#[actix_web::test]
async fn the_bound_is_the_apps_to_set() {
    let app = init_service(App::new().app_data(Callers::new().limit(2)).service(small_v1)).await;
    for agent in ["a/1", "b/1", "c/1", "a/2", "d/1"] {
        call_service(&app, get("/v1/small", Some(agent))).await;
    }
    let r = route("GET", "/v1/small", "gone");
    let names: Vec<(&str, u64)> = r.callers.iter().map(|c| (c.caller.as_str(), c.calls)).collect();
    assert!(
        names.contains(&("a", 2)) && names.contains(&("b", 1)) && names.len() == 2,
        "{names:?}"
    );
    assert_eq!(r.other.map(|o| o.calls), Some(2));
    // An 8 KB User-Agent is cut to a short label.
    let app = init_service(App::new().app_data(Callers::new()).service(long_v1)).await;
    let long = "x".repeat(8192);
    call_service(&app, get("/v1/long", Some(&long))).await;
    let r = route("GET", "/v1/long", "gone");
    assert_eq!(r.callers[0].caller, "x".repeat(gone_runtime::MAX_LABEL));
}

#[actix_web::test]
async fn an_app_without_callers_or_with_callers_off_records_none() {
    let app = init_service(App::new().service(quiet_v1)).await;
    assert_eq!(
        call_service(&app, get("/v1/quiet", Some("curl/8")))
            .await
            .status(),
        410
    );
    let app = init_service(App::new().app_data(Callers::off()).service(quiet_v1)).await;
    assert_eq!(
        call_service(&app, get("/v1/quiet", Some("curl/8")))
            .await
            .status(),
        410
    );
    assert!(gone_runtime::callers()
        .routes
        .iter()
        .all(|r| r.route != "/v1/quiet"));
    let hits = gone_runtime::stats()
        .into_iter()
        .find(|h| h.route == "/v1/quiet")
        .unwrap();
    assert_eq!((hits.hits, hits.last_call), (2, None));
}

#[actix_web::test]
async fn every_kind_and_phase_and_the_run_time_gone_are_reported() {
    let clock = |unix: u64| {
        App::new()
            .app_data(Lifecycle::new().at(at(unix)))
            .app_data(Callers::new())
            .wrap(gone_runtime::Lists)
            .service(profile_v1)
            .service(teams_v1)
            .service(article)
    };
    // 2025-03-01: deprecated; 2025-06-03T14:30Z: in the brownout; 2025-07-01: gone.
    for (unix, expect) in [(1_740_787_200, 200), (1_748_961_000, 410), (1_751_328_000, 410)] {
        let app = init_service(clock(unix)).await;
        let res = call_service(&app, get("/v1/teams", Some("teams-sync/2"))).await;
        assert_eq!(res.status(), expect);
    }
    let app = init_service(clock(1_751_328_000)).await;
    assert_eq!(
        call_service(&app, get("/v1/profile", Some("mover/1")))
            .await
            .status(),
        308
    );
    assert_eq!(
        call_service(&app, get("/articles/9", Some("reader/1")))
            .await
            .status(),
        410
    );
    assert_eq!(
        call_service(&app, get("/listed/page", Some("crawler/3")))
            .await
            .status(),
        410
    );
    assert_eq!(
        call_service(&app, get("/articles/10", Some("reader/2")))
            .await
            .status(),
        410
    );

    // A sunset route's phases apart, each first and last seen on the Lifecycle's clock.
    for (phase, unix) in [
        ("deprecated", 1_740_787_200),
        ("brownout", 1_748_961_000),
        ("gone", 1_751_328_000),
    ] {
        let r = route("GET", "/v1/teams", phase);
        assert_eq!((r.source, r.calls, r.last_seen), ("sunset", 1, unix), "{phase}");
        assert_eq!(r.callers[0].caller, "teams-sync");
    }
    let moved = route("GET", "/v1/profile", "moved");
    assert_eq!(
        (moved.source, moved.callers[0].caller.as_str()),
        ("moved", "mover")
    );
    let listed = route("*", "/listed/*", "listed");
    assert_eq!(
        (listed.source, listed.callers[0].caller.as_str()),
        ("list", "crawler")
    );
    // The run-time Gone, by its route's pattern.
    let runtime = route("GET", "/articles/{id}", "gone");
    assert_eq!((runtime.source, runtime.calls), ("runtime", 2));
    assert_eq!(runtime.callers[0].caller, "reader");

    // JSON and Markdown.
    let json: serde_json::Value = serde_json::from_str(&gone_runtime::callers().to_json()).unwrap();
    assert_eq!(json["recording"], true);
    let entry = json["routes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["route"] == "/v1/profile")
        .unwrap();
    let seen = entry["last_seen"].as_u64().unwrap();
    assert_eq!(
        entry,
        &serde_json::json!({"method": "GET", "route": "/v1/profile", "source": "moved", "phase": "moved", "calls": 1,
            "last_seen": seen, "callers": [{"caller": "mover", "calls": 1, "first_seen": seen, "last_seen": seen}], "other": null})
    );
    let md = gone_runtime::callers().to_markdown();
    assert!(md.contains("| GET | `/v1/teams` | brownout | teams-sync | 1 | 2025-06-03 14:30:00 UTC | 2025-06-03 14:30:00 UTC |"), "{md}");
}

#[actix_web::test]
async fn the_report_is_served_as_json() {
    let app = init_service(App::new().route(
        "/internal/gone/callers",
        web::get().to(gone_runtime::callers_json),
    ))
    .await;
    let res = call_service(
        &app,
        TestRequest::get().uri("/internal/gone/callers").to_request(),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers().get("cache-control").unwrap(), "no-store");
    let body = actix_web::test::read_body(res).await;
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(json["routes"].is_array());
}

/// Content removed at run time behind a default service: each path its own route, up to a
/// bound, so that neither `stats()` nor the report grows with traffic.
async fn removed_anywhere(req: HttpRequest) -> HttpResponse {
    use actix_web::Responder;
    Gone::new("Nothing here any more").respond_to(&req)
}

#[actix_web::test]
async fn run_time_routes_without_a_pattern_are_bounded_whatever_the_paths_and_methods() {
    let app = init_service(
        App::new()
            .app_data(Callers::new())
            .default_service(web::to(removed_anywhere)),
    )
    .await;
    for i in 0..1_500 {
        let method = actix_web::http::Method::from_bytes(format!("M{i}").as_bytes()).unwrap();
        let req = TestRequest::default()
            .method(method)
            .uri(&format!("/anywhere/{i}/{}", "x".repeat(400)));
        assert_eq!(call_service(&app, req.to_request()).await.status(), 410);
    }
    let runtime: Vec<_> = gone_runtime::stats()
        .into_iter()
        .filter(|h| h.source == "runtime")
        .collect();
    assert!(runtime.len() <= 1_001 + 10, "{}", runtime.len());
    let other = runtime.iter().find(|h| h.route == "(other)").unwrap();
    assert!(other.hits >= 500 - 10, "{}", other.hits);
    assert!(runtime.iter().all(|h| h.route.len() <= 256));
    let report = gone_runtime::callers();
    let tallies: Vec<_> = report.routes.iter().filter(|r| r.source == "runtime").collect();
    assert!(tallies.len() <= 1_001 + 10, "{}", tallies.len());
    let other = tallies.iter().find(|r| r.route == "(other)").unwrap();
    assert_eq!(other.method, "(other)");
}
