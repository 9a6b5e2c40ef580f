//! Every 410 the library serves emits one `tracing` event: target `gone`, level INFO, with
//! method, path, route, since and User-Agent. In a test binary of its own, so that the
//! subscriber is the process's and no other test shares the callsites.

use actix_web::middleware::from_fn;
use actix_web::{get, test, web, App, HttpResponse};
use gone_runtime::{gone, moved, sunset, Date, Gone, Lifecycle};
use std::sync::{Arc, Mutex};

#[gone(since = "2025-03-01", reason = "Logged")]
#[get("/logged/{id}")]
pub async fn logged() {}

#[moved(to = "/new/{id}", since = "2025-04-01")]
#[get("/old/{id}")]
async fn relocated() {}

#[get("/removed/{id}")]
async fn removed(_id: web::Path<u32>) -> Result<HttpResponse, Gone> {
    Err(Gone::new("Account closed").since(Date::parse("2026-01-31").unwrap()))
}

#[sunset(
    deprecated = "2025-01-15",
    on = "2025-06-30",
    reason = "Logged per phase",
    brownouts = ["2025-06-03T14:00Z/PT1H"]
)]
#[get("/scheduled")]
async fn scheduled() -> HttpResponse {
    HttpResponse::Ok().finish()
}

gone_runtime::removed!("tests/lists/logged.csv");

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[actix_web::test]
async fn every_410_emits_one_info_event_with_method_path_since_and_user_agent() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .init();
    let app = test::init_service(
        App::new()
            .wrap(from_fn(gone_runtime::negotiate))
            .service(logged)
            .service(removed)
            .service(relocated)
            .configure(gone_runtime::serve_all),
    )
    .await;
    let send = |uri: &str, ua: &str| {
        test::TestRequest::get()
            .uri(uri)
            .insert_header(("user-agent", ua))
            .to_request()
    };
    assert_eq!(
        test::call_service(&app, send("/logged/77", "legacy-client/1.0"))
            .await
            .status(),
        410
    );
    assert_eq!(
        test::call_service(&app, send("/removed/9", "curl/8"))
            .await
            .status(),
        410
    );
    let head = test::TestRequest::default()
        .method(actix_web::http::Method::HEAD)
        .uri("/logged/1")
        .to_request();
    assert_eq!(test::call_service(&app, head).await.status(), 410);
    assert_eq!(
        test::call_service(&app, send("/still/live", "x")).await.status(),
        404
    );
    assert_eq!(
        test::call_service(&app, send("/old/5?x=1", "mover/1"))
            .await
            .status(),
        308
    );

    // A listed path logs every answer, phase `listed`, its route the row's path.
    let listed = test::init_service(App::new().wrap(gone_runtime::Lists)).await;
    assert_eq!(
        test::call_service(&listed, send("/listed/a?x=1", "crawler/3"))
            .await
            .status(),
        410
    );

    // A sunset route logs every call with its phase: deprecated, brownout, gone, held.
    let at = |s: &str| Lifecycle::new().at(gone_runtime::Instant::parse(s).unwrap().system_time());
    for (lifecycle, status) in [
        (at("2025-03-01"), 200),
        (at("2025-06-03T14:30Z"), 410),
        (at("2025-07-01"), 410),
        (at("2025-07-01").hold_all(), 200),
    ] {
        let app = test::init_service(App::new().app_data(lifecycle).service(scheduled)).await;
        let res = test::call_service(&app, send("/scheduled", "old-app/2")).await;
        assert_eq!(res.status(), status);
    }

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let phases: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("route=\"/scheduled\""))
        .map(|l| {
            l.split("phase=")
                .nth(1)
                .and_then(|p| p.split_whitespace().next())
                .unwrap_or("")
                .trim_matches('"')
        })
        .collect();
    assert_eq!(phases, ["deprecated", "brownout", "gone", "held"], "{text}");
    assert!(text.contains(" INFO gone: deprecated route called"), "{text}");
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("410 Gone") && !l.contains("/scheduled") && !l.contains("/listed"))
        .collect();
    assert_eq!(lines.len(), 3, "one event per 410, none for the 404:\n{text}");
    assert!(lines.iter().all(|l| l.contains(" INFO gone: 410 Gone")), "{text}");
    let expect = |line: &str, fields: &[&str]| {
        for field in fields {
            assert!(line.contains(field), "{field} missing in {line}");
        }
    };
    expect(
        lines[0],
        &[
            "method=GET",
            "path=\"/logged/77\"",
            "route=\"/logged/{id}\"",
            "since=\"2025-03-01\"",
            "caller=\"legacy-client\"",
            "user_agent=\"legacy-client/1.0\"",
        ],
    );
    expect(
        lines[1],
        &[
            "method=GET",
            "path=\"/removed/9\"",
            "route=\"/removed/{id}\"",
            "since=\"2026-01-31\"",
            "caller=\"curl\"",
            "user_agent=\"curl/8\"",
        ],
    );
    expect(
        lines[2],
        &[
            "method=HEAD",
            "path=\"/logged/1\"",
            "caller=\"(unknown)\"",
            "user_agent=\"\"",
        ],
    );
    // A moved route logs every redirect, phase `moved`.
    let moved: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("phase=\"moved\"") || l.contains("phase=moved"))
        .collect();
    assert_eq!(moved.len(), 1, "{text}");
    expect(
        moved[0],
        &[
            " INFO gone: moved route called: redirected",
            "method=GET",
            "path=\"/old/5\"",
            "route=\"/old/{id}\"",
            "since=\"2025-04-01\"",
            "caller=\"mover\"",
            "user_agent=\"mover/1\"",
        ],
    );
    let listed: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("phase=\"listed\"") || l.contains("phase=listed"))
        .collect();
    assert_eq!(listed.len(), 1, "{text}");
    expect(
        listed[0],
        &[
            " INFO gone: listed path called",
            "method=GET",
            "path=\"/listed/a\"",
            "route=\"/listed/*\"",
            "since=\"2025-05-01\"",
            "caller=\"crawler\"",
            "user_agent=\"crawler/3\"",
        ],
    );
}
