//! Issue 4: serving the manifest without listing routes, and auditing an assembled app.

use crate::common::{call, req};
use actix_web::{get, post, web, App, HttpResponse};
use gone_runtime::{gone, manifest, RetiredRoutes};

#[gone(since = "2025-03-01", reason = "Served from the manifest")]
#[get("/s/static")]
pub async fn s_static() {}

#[gone(since = "2025-03-01", reason = "Patterned")]
#[get("/s/items/{id}/photos/{photo}")]
pub async fn s_patterned() {}

#[gone(since = "2025-03-01", reason = "Regex")]
#[get(r"/s/year/{year:\d{4}}")]
pub async fn s_regex() {}

#[gone(since = "2025-03-01", reason = "Tail")]
#[get("/s/files/{tail}*")]
pub async fn s_tail() {}

#[gone(since = "2025-03-01", reason = "Mixed segment")]
#[get("/s/dl/{name}.{ext}")]
pub async fn s_mixed() {}

#[gone(since = "2025-03-01", reason = "Only POST was retired")]
#[post("/s/shared")]
pub async fn s_shared_post() {}

#[gone(since = "2025-03-01", reason = "A live route took this path back")]
#[get("/s/revived")]
pub async fn s_revived() {}

fn never(_: &actix_web::guard::GuardContext<'_>) -> bool {
    false
}

#[gone(since = "2025-03-01", reason = "Guarded")]
#[get("/s/guarded", guard = "never")]
pub async fn s_guarded() {}

#[get("/s/shared")]
async fn live_shared() -> HttpResponse {
    HttpResponse::Ok().body("live")
}

#[get("/s/revived")]
async fn live_revived() -> HttpResponse {
    HttpResponse::Ok().body("back")
}

async fn custom_404() -> HttpResponse {
    HttpResponse::NotFound().body("custom 404")
}

#[actix_web::test]
async fn serve_all_answers_every_retired_route_unregistered() {
    let app = actix_web::test::init_service(App::new().configure(gone_runtime::serve_all)).await;
    for (m, uri) in [
        ("GET", "/s/static"),
        ("HEAD", "/s/static"),
        ("GET", "/s/items/7/photos/abc"),
        ("GET", "/s/year/1999"),
        ("GET", "/s/files/"),
        ("GET", "/s/files/a/b/c.txt"),
        ("GET", "/s/dl/report.pdf"),
        ("POST", "/s/shared"),
        // Routes of the other test modules, scoped ones included, are served too.
        ("GET", "/p/scope/one"),
        ("POST", "/p/routes/a"),
    ] {
        let reply = call(&app, req(m, uri)).await;
        assert_eq!(reply.status, 410, "{m} {uri}");
    }
    let reply = call(
        &app,
        req("GET", "/s/items/7/photos/abc").insert_header(("accept", "text/plain")),
    )
    .await;
    assert_eq!(reply.body, "410 Gone: Patterned\nRemoved on 2025-03-01.\n");
    for (m, uri) in [
        ("GET", "/s/year/99"),
        ("GET", "/s/items/7/photos"),
        ("GET", "/s/items/7/photos/abc/more"),
        ("GET", "/s/files"),
        ("GET", "/s/dl/report"),
        ("DELETE", "/s/static"),
        ("GET", "/s/guarded"),
        ("GET", "/never/retired"),
    ] {
        let reply = call(&app, req(m, uri)).await;
        assert_eq!((reply.status, reply.body.as_str()), (404, ""), "{m} {uri}");
    }
}

#[actix_web::test]
async fn live_routes_win_and_a_custom_404_keeps_answering() {
    let app = actix_web::test::init_service(
        App::new()
            .service(live_shared)
            .service(live_revived)
            .default_service(RetiredRoutes::new().otherwise(web::to(custom_404))),
    )
    .await;
    assert_eq!(call(&app, req("GET", "/s/shared")).await.body, "live");
    assert_eq!(call(&app, req("POST", "/s/shared")).await.status, 410);
    assert_eq!(call(&app, req("GET", "/s/revived")).await.body, "back");
    let reply = call(&app, req("GET", "/never/retired")).await;
    assert_eq!((reply.status, reply.body.as_str()), (404, "custom 404"));
    assert_eq!(call(&app, req("GET", "/s/static")).await.status, 410);
}

#[actix_web::test]
async fn the_audit_names_each_route_that_does_not_answer_410() {
    let app = actix_web::test::init_service(
        App::new()
            .service(live_revived)
            .service(s_static)
            .service(s_guarded)
            .default_service(web::to(custom_404)),
    )
    .await;
    let routes = manifest()
        .iter()
        .filter(|r| r.path().starts_with("/s/"))
        .collect::<Vec<_>>();
    let failures = gone_runtime::test::audit(&app, routes, |_, r| r).await;
    let lines: Vec<String> = failures
        .iter()
        .map(|f| format!("{} {}: {}", f.method, f.uri, f.problem))
        .collect();
    let expect = |needle: &str| {
        assert!(
            lines.iter().any(|l| l.contains(needle)),
            "no line with {needle:?} in {lines:#?}"
        );
    };
    expect("GET /s/revived: got 200 OK from the live route `/s/revived`, which shadows it");
    expect("GET /s/guarded: got 404 Not Found: its guard refused the request (shape it with assert_all_gone_with), or it is not registered");
    expect("GET /s/items/1/photos/1: got 404 Not Found: not registered (add `.service(serve::s_patterned)`");
    expect("HEAD /s/files/1: got 404 Not Found: not registered");
    assert!(
        !lines.iter().any(|l| l.contains("/s/static")),
        "registered, hence fine: {lines:#?}"
    );
    // Entries: 8 under /s/, of which s_static passes; GET entries also fail their HEAD.
    assert_eq!(failures.len(), 6 * 2 + 1, "{lines:#?}");

    // Served from the manifest, shaped for the guard... which refuses everything: still named.
    let app =
        actix_web::test::init_service(App::new().service(s_guarded).configure(gone_runtime::serve_all)).await;
    let routes = manifest()
        .iter()
        .filter(|r| r.path().starts_with("/s/"))
        .collect::<Vec<_>>();
    let failures = gone_runtime::test::audit(&app, routes, |_, r| r).await;
    assert_eq!(failures.len(), 2, "{failures:#?}");
    assert!(failures.iter().all(|f| f.route.path() == "/s/guarded"));
}

#[actix_web::test]
#[should_panic(expected = "do not answer 410 Gone")]
async fn assert_all_gone_panics_with_the_list() {
    let app = actix_web::test::init_service(App::new().service(s_static)).await;
    gone_runtime::test::assert_all_gone(&app).await;
}

#[actix_web::test]
async fn assert_all_gone_passes_when_everything_is_served() {
    let app =
        actix_web::test::init_service(App::new().configure(gone_runtime::serve_all).service(s_guarded)).await;
    // `s_guarded`'s guard refuses every request, and the placement tests' `p_guarded` wants a
    // header: shape the requests for the one, leave the other out.
    let routes = manifest()
        .iter()
        .filter(|r| r.path() != "/s/guarded")
        .collect::<Vec<_>>();
    let failures = gone_runtime::test::audit(&app, routes, |route, r| {
        if route.guarded() {
            r.insert_header(("x-token", "1"))
        } else {
            r
        }
    })
    .await;
    let guarded: Vec<_> = failures.iter().map(|f| f.route.path()).collect();
    // p_guarded is guarded and not registered in this app: the audit must say so.
    assert_eq!(
        guarded,
        ["/p/guarded", "/p/guarded"],
        "{:#?}",
        failures.iter().map(|f| f.to_string()).collect::<Vec<_>>()
    );
}

#[test]
fn find_answers_without_a_request() {
    let routes = RetiredRoutes::new();
    let get = actix_web::http::Method::GET;
    assert_eq!(
        routes.find(&get, "/s/items/1/photos/2").unwrap().handler(),
        "s_patterned"
    );
    assert_eq!(
        routes
            .find(&actix_web::http::Method::HEAD, "/s/static")
            .unwrap()
            .handler(),
        "s_static"
    );
    assert!(routes.find(&get, "/s/guarded").is_none());
}
