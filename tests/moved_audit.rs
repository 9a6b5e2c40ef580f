//! SPEC §9's audit of where a moved route leads: no redirect into a removed route, no chains;
//! and a path both moved and removed is a duplicate. In a test binary of its own, so that
//! these deliberately broken routes are the whole manifest.

use actix_web::test::init_service;
use actix_web::{get, App, HttpResponse};
use gone_runtime::{gone, moved};

#[moved(to = "/old/thing", since = "2025-03-01")]
#[get("/v1/a")]
async fn into_gone() {}

#[gone(since = "2025-01-01", reason = "The thing is no more")]
#[get("/old/thing")]
async fn old_thing() {}

#[moved(to = "/v1/b2", since = "2025-03-01")]
#[get("/v1/b")]
async fn chain_start() {}

#[moved(to = "/v3/b", since = "2025-04-01")]
#[get("/v1/b2")]
async fn chain_middle() {}

#[get("/v3/b")]
async fn chain_end() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[gone(since = "2025-01-01", reason = "Removed")]
#[get("/dup")]
async fn dup_gone() {}

#[moved(to = "/v3/b", since = "2025-01-01")]
#[get("/dup")]
async fn dup_moved() {}

fn app() -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .service(into_gone)
        .service(old_thing)
        .service(chain_start)
        .service(chain_middle)
        .service(chain_end)
}

#[actix_web::test]
async fn the_audit_names_a_redirect_into_a_removed_route_and_a_chain() {
    let app = init_service(app()).await;
    let m = gone_runtime::manifest();
    let routes = m.moved().filter(|r| r.handler() != "dup_moved");
    let failures = gone_runtime::test::audit_moved(&app, routes).await;
    assert_eq!(
        failures,
        [
            "GET /v1/a (moved_audit::into_gone at tests/moved_audit.rs:11), sent GET /old/thing?gone-audit=1: it redirects to /old/thing?gone-audit=1, which answers 410 Gone: point `to` at a live route, or retire this one with #[gone]",
            "GET /v1/b (moved_audit::chain_start at tests/moved_audit.rs:19), sent GET /v1/b2?gone-audit=1: it redirects to /v1/b2?gone-audit=1, which redirects again (308 to /v3/b?gone-audit=1): no chains; point `to` at the end of it",
        ]
    );
}

#[actix_web::test]
#[should_panic(expected = "moved routes do not redirect as they should:")]
async fn assert_all_gone_fails_on_them() {
    let app = init_service(app()).await;
    gone_runtime::test::assert_all_gone(&app).await;
}

#[test]
fn a_path_both_moved_and_removed_is_a_duplicate() {
    let m = gone_runtime::manifest();
    let dups = m.duplicates();
    assert_eq!(dups.len(), 1);
    assert_eq!((dups[0].method, dups[0].path), ("GET", "/dup"));
    assert_eq!((dups[0].routes.len(), dups[0].moved.len()), (1, 1));
    let err = m.to_nginx().unwrap_err().to_string();
    assert!(
        err.contains("GET /dup is retired by 2 handlers: moved_audit::dup_gone (tests/moved_audit.rs:32), moved_audit::dup_moved (tests/moved_audit.rs:36); keep one #[gone] or #[moved] for it"),
        "{err}"
    );
}
