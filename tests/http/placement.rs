//! SPEC §2: every placement of `#[gone]` is accepted, keeps the route attribute's options in
//! force, and answers 410 on every (method, path) it routes.

use crate::common::{call, hits, req};
use actix_web::{
    connect, delete, get, head, options, patch, post, put, route, routes, test, trace, web, App, HttpRequest,
    HttpResponse,
};
use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "r")]
#[get("/p/get")]
pub async fn p_get() {}

#[gone(since = "2025-03-01", reason = "r")]
#[post("/p/post")]
pub async fn p_post() {}

#[gone(since = "2025-03-01", reason = "r")]
#[put("/p/put")]
pub async fn p_put() {}

#[gone(since = "2025-03-01", reason = "r")]
#[delete("/p/delete")]
pub async fn p_delete() {}

#[gone(since = "2025-03-01", reason = "r")]
#[patch("/p/patch")]
pub async fn p_patch() {}

#[gone(since = "2025-03-01", reason = "r")]
#[head("/p/head")]
pub async fn p_head() {}

#[gone(since = "2025-03-01", reason = "r")]
#[options("/p/options")]
pub async fn p_options() {}

#[gone(since = "2025-03-01", reason = "r")]
#[trace("/p/trace")]
pub async fn p_trace() {}

#[gone(since = "2025-03-01", reason = "r")]
#[connect("/p/connect")]
pub async fn p_connect() {}

/// A fully qualified route attribute needs no import.
#[gone(since = "2025-03-01", reason = "r")]
#[actix_web::get("/p/qualified")]
pub async fn p_qualified() {}

#[gone(since = "2025-03-01", reason = "r")]
#[route("/p/route", method = "GET", method = "PUT")]
pub async fn p_route() {}

#[gone(since = "2025-03-01", reason = "r")]
#[route("/p/route-head", method = "GET", method = "HEAD")]
pub async fn p_route_head() {}

#[gone(since = "2025-03-01", reason = "r")]
#[routes]
#[get("/p/routes/a")]
#[post("/p/routes/a")]
#[delete("/p/routes/b")]
pub async fn p_routes() {}

#[gone(since = "2025-03-01", reason = "r")]
#[get("/p/named/{id}", name = "old_named")]
pub async fn p_named() {}

fn has_token(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head().headers().contains_key("x-token")
}

fn not_blocked(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    !ctx.head().headers().contains_key("x-blocked")
}

#[gone(since = "2025-03-01", reason = "r")]
#[get("/p/guarded", guard = "has_token", guard = "not_blocked")]
pub async fn p_guarded() {}

#[gone(since = "2025-03-01", reason = "r")]
#[get(
    "/p/wrapped",
    wrap = "actix_web::middleware::DefaultHeaders::new().add((\"x-wrapped\", \"yes\"))"
)]
pub async fn p_wrapped() {}

/// The old signature and body name things that no longer exist: they are never compiled.
#[gone(since = "2025-03-01", reason = "r")]
#[get("/p/old-body/{id}")]
pub async fn p_old_body(
    id: web::Path<DeletedIdType>,
    db: web::Data<DeletedDb>,
) -> Result<DeletedDto, DeletedError> {
    db.load(*id).await.map_err(DeletedError::from)?
}

/// A synchronous old handler is fine too: the responder is async.
#[gone(since = "2025-03-01", reason = "r")]
#[get("/p/sync")]
pub fn p_sync() -> String {
    String::new()
}

#[gone(since = "2025-03-01", reason = "r")]
#[get("/p/attrs")]
#[allow(clippy::unused_async)]
#[cfg(test)]
pub async fn p_attrs() {}

#[gone(since = "2025-03-01", reason = "cfg'd out: never registered")]
#[get("/p/cfg-off")]
#[cfg(not(test))]
pub async fn p_cfg_off() {}

/// An attribute other than docs, `cfg` and lint levels keeps the responder a function, routed
/// by actix-web's own macro (rewritten to answer HEAD as well).
#[gone(since = "2025-03-01", reason = "r")]
#[get("/p/inline")]
#[inline]
pub async fn p_inline() {}

/// Inside actix-web's `#[scope]`: the paths carry the prefix.
#[actix_web::scope("/p/scope")]
pub mod scoped {
    use actix_web::{get, routes};
    use gone_runtime::gone;

    #[gone(since = "2025-03-01", reason = "r")]
    #[get("/one")]
    pub async fn one() {}

    #[gone(since = "2025-03-01", reason = "r")]
    #[routes]
    #[get("/two")]
    #[put("/two")]
    pub async fn two() {}
}

/// A handler registered by hand names its path and methods.
#[gone(since = "2025-03-01", reason = "r", path = "/p/manual", method = ["GET", "POST"])]
pub async fn p_manual() {}

#[gone(since = "2025-03-01", reason = "r", path = "/p/manual-default")]
pub async fn p_manual_default(old: web::Json<DeletedDto>) -> String {
    old.0.to_string()
}

async fn link_to_named(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().body(req.url_for("old_named", ["42"]).unwrap().to_string())
}

macro_rules! app {
    () => {
        test::init_service(
            App::new()
                .service(p_get)
                .service(p_post)
                .service(p_put)
                .service(p_delete)
                .service(p_patch)
                .service(p_head)
                .service(p_options)
                .service(p_trace)
                .service(p_connect)
                .service(p_qualified)
                .service(p_route)
                .service(p_route_head)
                .service(p_routes)
                .service(p_named)
                .service(p_guarded)
                .service(p_wrapped)
                .service(p_old_body)
                .service(p_sync)
                .service(p_attrs)
                .service(p_inline)
                .service(scoped::one)
                .service(scoped::two)
                .route(
                    "/p/manual",
                    web::route()
                        .guard(actix_web::guard::Any(actix_web::guard::Get()).or(actix_web::guard::Post()))
                        .to(p_manual),
                )
                .route("/p/manual-default", web::get().to(p_manual_default))
                .route("/p/link", web::get().to(link_to_named)),
        )
        .await
    };
}

#[actix_web::test]
async fn every_method_attribute() {
    let app = app!();
    for m in [
        "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT",
    ] {
        let uri = format!("/p/{}", m.to_lowercase());
        assert_eq!(call(&app, req(m, &uri)).await.status, 410, "{m} {uri}");
        let other = if m == "POST" { "PUT" } else { "POST" };
        assert_eq!(
            call(&app, req(other, &uri)).await.status,
            404,
            "{other} {uri}: the method guard stays"
        );
    }
    assert_eq!(call(&app, req("GET", "/p/qualified")).await.status, 410);
    assert_eq!(call(&app, req("HEAD", "/p/qualified")).await.status, 410);
}

#[actix_web::test]
async fn route_and_routes_answer_every_method_and_head_for_get() {
    let app = app!();
    for (m, uri, status) in [
        ("GET", "/p/route", 410),
        ("HEAD", "/p/route", 410),
        ("PUT", "/p/route", 410),
        ("POST", "/p/route", 404),
        ("GET", "/p/route-head", 410),
        ("HEAD", "/p/route-head", 410),
        ("GET", "/p/routes/a", 410),
        ("HEAD", "/p/routes/a", 410),
        ("POST", "/p/routes/a", 410),
        ("DELETE", "/p/routes/b", 410),
        ("GET", "/p/routes/b", 404),
        ("HEAD", "/p/routes/b", 404),
        ("HEAD", "/p/get", 410),
        ("HEAD", "/p/post", 404),
        ("GET", "/p/inline", 410),
        ("HEAD", "/p/inline", 410),
        ("POST", "/p/inline", 404),
    ] {
        assert_eq!(call(&app, req(m, uri)).await.status, status, "{m} {uri}");
    }
}

#[actix_web::test]
async fn name_guard_and_wrap_stay_in_force() {
    let app = app!();
    let reply = call(&app, req("GET", "/p/link")).await;
    assert_eq!(reply.body, "http://localhost:8080/p/named/42");
    assert_eq!(call(&app, req("GET", "/p/named/42")).await.status, 410);

    assert_eq!(call(&app, req("GET", "/p/guarded")).await.status, 404);
    assert_eq!(
        call(&app, req("GET", "/p/guarded").insert_header(("x-token", "1")))
            .await
            .status,
        410
    );
    assert_eq!(
        call(&app, req("HEAD", "/p/guarded").insert_header(("x-token", "1")))
            .await
            .status,
        410
    );
    let blocked = req("GET", "/p/guarded")
        .insert_header(("x-token", "1"))
        .insert_header(("x-blocked", "1"));
    assert_eq!(call(&app, blocked).await.status, 404, "every guard must pass");
    let post = req("POST", "/p/guarded").insert_header(("x-token", "1"));
    assert_eq!(call(&app, post).await.status, 404, "the method guard stays");

    let reply = call(&app, req("GET", "/p/wrapped")).await;
    assert_eq!((reply.status, reply.header("x-wrapped")), (410, Some("yes")));
}

#[actix_web::test]
async fn old_bodies_sync_fns_and_other_attributes() {
    let app = app!();
    for uri in ["/p/old-body/abc", "/p/sync", "/p/attrs"] {
        assert_eq!(call(&app, req("GET", uri)).await.status, 410, "{uri}");
    }
    assert!(
        gone_runtime::manifest().iter().all(|r| r.path() != "/p/cfg-off"),
        "a cfg'd-out handler is not listed"
    );
}

#[actix_web::test]
async fn scope_prefixes_the_routes() {
    let app = app!();
    for (m, uri) in [
        ("GET", "/p/scope/one"),
        ("HEAD", "/p/scope/one"),
        ("GET", "/p/scope/two"),
        ("PUT", "/p/scope/two"),
    ] {
        assert_eq!(call(&app, req(m, uri)).await.status, 410, "{m} {uri}");
    }
    assert_eq!(call(&app, req("GET", "/p/one")).await.status, 404);
}

#[actix_web::test]
async fn hand_registered_handlers() {
    let app = app!();
    assert_eq!(call(&app, req("GET", "/p/manual")).await.status, 410);
    assert_eq!(call(&app, req("POST", "/p/manual")).await.status, 410);
    assert_eq!(call(&app, req("GET", "/p/manual-default")).await.status, 410);
    let listed: Vec<_> = gone_runtime::manifest()
        .iter()
        .filter(|r| r.path().starts_with("/p/manual"))
        .map(|r| format!("{} {} {}", r.method(), r.path(), r.handler()))
        .collect();
    assert_eq!(
        listed,
        [
            "GET /p/manual p_manual",
            "POST /p/manual p_manual",
            "GET /p/manual-default p_manual_default"
        ]
    );
}

/// Routed GET and HEAD on one path, and a GET on another with a name: each request is counted
/// on the entry it reached.
#[gone(since = "2025-03-01", reason = "r")]
#[routes]
#[get("/p/twin")]
#[head("/p/twin")]
#[get("/p/twin/{id}", name = "p_twin_item")]
pub async fn p_twin() {}

/// The same, kept a function under actix-web's `#[routes]` by another attribute.
#[gone(since = "2025-03-01", reason = "r")]
#[routes]
#[get("/p/twin-fn")]
#[head("/p/twin-fn")]
#[get("/p/twin-fn/{id}")]
#[inline]
pub async fn p_twin_fn() {}

/// A method actix-web has no guard for, beside GET.
#[gone(since = "2025-03-01", reason = "r")]
#[route("/p/purge", method = "PURGE", method = "GET")]
pub async fn p_purge() {}

async fn link_to_twin(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().body(req.url_for("p_twin_item", ["7"]).unwrap().to_string())
}

#[actix_web::test]
async fn each_request_is_served_and_counted_by_the_entry_it_reached() {
    let app = test::init_service(
        App::new()
            .service(p_twin)
            .service(p_twin_fn)
            .service(p_purge)
            .route("/p/twin-link", web::get().to(link_to_twin)),
    )
    .await;
    for twin in ["/p/twin", "/p/twin-fn"] {
        let item = format!("{twin}/{{id}}");
        let entries = [("GET", twin), ("HEAD", twin), ("GET", &item)];
        let before: Vec<u64> = entries.iter().map(|(m, p)| hits("attribute", m, p)).collect();
        for (method, uri, status) in [
            ("GET", twin.to_string(), 410),
            ("HEAD", twin.to_string(), 410),
            ("HEAD", twin.to_string(), 410),
            ("HEAD", format!("{twin}/1"), 410),
            ("GET", format!("{twin}/2"), 410),
            ("POST", twin.to_string(), 404),
        ] {
            assert_eq!(
                call(&app, req(method, &uri)).await.status,
                status,
                "{method} {uri}"
            );
        }
        let counted: Vec<u64> = entries
            .iter()
            .zip(&before)
            .map(|((m, p), b)| hits("attribute", m, p) - b)
            .collect();
        assert_eq!(
            counted,
            [1, 2, 2],
            "{twin}: HEAD goes to the HEAD entry where one is routed, else with GET"
        );
    }

    let before = [
        hits("attribute", "GET", "/p/purge"),
        hits("attribute", "PURGE", "/p/purge"),
    ];
    for (method, status) in [("PURGE", 410), ("GET", 410), ("HEAD", 410), ("POST", 404)] {
        assert_eq!(
            call(&app, req(method, "/p/purge")).await.status,
            status,
            "{method}"
        );
    }
    let counted = [
        hits("attribute", "GET", "/p/purge") - before[0],
        hits("attribute", "PURGE", "/p/purge") - before[1],
    ];
    assert_eq!(counted, [2, 1], "HEAD counts with GET");

    let reply = call(&app, req("GET", "/p/twin-link")).await;
    assert_eq!(reply.body, "http://localhost:8080/p/twin/7");
}
