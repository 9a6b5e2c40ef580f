//! SPEC §17 under load: a real server on 127.0.0.1 with 4 workers, 100,000 requests from 50
//! callers (each on its own keep-alive connection) to a mix of routes of every kind, and every
//! (route, caller) count of the callers report equal to what was sent. In a test binary of its
//! own: the report is the process's.

#[path = "support/client.rs"]
mod client;

use actix_web::{get, App, HttpResponse, HttpServer};
use gone_runtime::{gone, moved, sunset, Gone};
use std::time::{Duration, Instant};

gone_runtime::removed!("tests/lists/callers.csv");

#[gone(since = "2025-03-01", reason = "Use /v2/books")]
#[get("/v1/books/{id}")]
async fn books_v1() {}

#[moved(to = "/v2/profile", since = "2025-03-01")]
#[get("/v1/profile")]
async fn profile_v1() {}

#[sunset(deprecated = "2025-01-15", on = "2099-01-01", reason = "Use /v2/teams")]
#[get("/v1/teams")]
async fn teams_v1() -> HttpResponse {
    HttpResponse::Ok().body("teams")
}

#[get("/articles/{id}")]
async fn article() -> Gone {
    Gone::new("The article was withdrawn")
}

const CALLERS: usize = 50;
const PER_CALLER: usize = 2_000;

/// What each request is sent to, and the report's (method, route, phase) for it.
const ROUTES: [(&str, &str, &str, u16); 5] = [
    ("/v1/books/7", "/v1/books/{id}", "gone", 410),
    ("/v1/profile", "/v1/profile", "moved", 308),
    ("/v1/teams", "/v1/teams", "deprecated", 200),
    ("/articles/3", "/articles/{id}", "gone", 410),
    ("/listed/page", "/listed/*", "listed", 410),
];

fn serve() -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(|| {
                App::new()
                    .app_data(gone_runtime::Callers::new())
                    .wrap(gone_runtime::Lists)
                    .service(books_v1)
                    .service(profile_v1)
                    .service(teams_v1)
                    .service(article)
            })
            .workers(4)
            .bind(("127.0.0.1", 0))
            .unwrap();
            tx.send(server.addrs()[0].to_string()).unwrap();
            server.run().await.unwrap();
        });
    });
    rx.recv_timeout(Duration::from_secs(10)).unwrap()
}

#[test]
fn a_hundred_thousand_requests_from_fifty_callers_over_four_workers_are_counted_exactly() {
    let addr = serve();
    let deadline = Instant::now() + Duration::from_secs(240);
    let threads: Vec<_> = (0..CALLERS)
        .map(|caller| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut conn = client::Conn::open(&addr).unwrap();
                let agent = format!("User-Agent: caller-{caller}/1.0");
                for i in 0..PER_CALLER {
                    assert!(Instant::now() < deadline, "the load did not finish in time");
                    let (uri, _, _, status) = ROUTES[(i + caller) % ROUTES.len()];
                    let res = conn.send("GET", uri, &[&agent], b"").unwrap();
                    assert_eq!(res.status, status, "{uri}");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let report = gone_runtime::callers();
    let per_route = CALLERS * PER_CALLER / ROUTES.len();
    for (_, route, phase, _) in ROUTES {
        let method = if route.ends_with('*') { "*" } else { "GET" };
        let r = report
            .routes
            .iter()
            .find(|r| r.route == route && r.phase == phase && r.method == method)
            .unwrap_or_else(|| panic!("{route} ({phase}) in the report"));
        assert_eq!(r.calls as usize, per_route, "{route}");
        assert_eq!(r.callers.len(), CALLERS, "{route}");
        assert_eq!(r.other, None, "{route}");
        for c in &r.callers {
            assert_eq!(c.calls as usize, per_route / CALLERS, "{route} {}", c.caller);
            assert!(c.first_seen <= c.last_seen);
        }
    }
}
