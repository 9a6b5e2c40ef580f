//! Issue 6: `Gone` for content removed at run time, and the counting and logging of every
//! 410 the library serves.

use crate::common::{call, hits, req};
use actix_web::middleware::from_fn;
use actix_web::{get, web, App, HttpResponse};
use gone_runtime::{gone, Date, Gone};

#[get("/rt/responder/{id}")]
async fn as_responder(id: web::Path<u32>) -> Gone {
    let gone = Gone::new(format!("Post {id} was removed: <spam> & \"abuse\""))
        .since(Date::parse("2026-11-02").unwrap());
    if *id == 2 {
        gone.link("https://blog.example/policy").max_age(60)
    } else {
        gone
    }
}

#[get("/rt/error/{id}")]
async fn as_error(id: web::Path<u32>) -> Result<HttpResponse, Gone> {
    if *id == 0 {
        return Ok(HttpResponse::Ok().body("live"));
    }
    Err(Gone::new("Account closed").since(Date::parse("2026-01-31").unwrap()))
}

#[actix_web::route("/rt/both/{id}", method = "GET", method = "HEAD")]
async fn get_and_head() -> Gone {
    Gone::new("Counted by route, HEAD with GET")
}

#[get("/rt/odd")]
async fn odd_inputs() -> Gone {
    Gone::new("   ").link("not a url").max_age(u32::MAX)
}

#[gone(since = "2025-03-01", reason = "Counted")]
#[get("/rt/counted/{id}")]
pub async fn counted() {}

#[actix_web::test]
async fn a_responder_gone_is_negotiated_like_a_retired_route() {
    let app = actix_web::test::init_service(App::new().service(as_responder)).await;
    let r = call(&app, req("GET", "/rt/responder/1")).await;
    assert_eq!(r.status, 410);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    assert_eq!(r.header("sunset"), Some("Mon, 02 Nov 2026 00:00:00 GMT"));
    assert_eq!(r.header("cache-control"), Some("public, max-age=86400"));
    assert_eq!(r.header("vary"), Some("Accept"));
    assert_eq!(r.header("link"), None);
    let json: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"type": "about:blank", "title": "Gone", "status": 410,
            "detail": "Post 1 was removed: <spam> & \"abuse\"", "since": "2026-11-02"})
    );
    let r = call(
        &app,
        req("GET", "/rt/responder/2").insert_header(("accept", "text/html")),
    )
    .await;
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(r
        .body
        .contains("Post 2 was removed: &lt;spam&gt; &amp; &quot;abuse&quot;"));
    assert!(r.body.contains(r#"<meta name="robots" content="noindex">"#));
    assert_eq!(
        r.header("link"),
        Some(r#"<https://blog.example/policy>; rel="sunset""#)
    );
    assert_eq!(r.header("cache-control"), Some("public, max-age=60"));
    let r = call(
        &app,
        req("GET", "/rt/responder/3").insert_header(("accept", "text/plain")),
    )
    .await;
    assert_eq!(
        r.body,
        "410 Gone: Post 3 was removed: <spam> & \"abuse\"\nRemoved on 2026-11-02.\n"
    );
}

#[actix_web::test]
async fn an_error_gone_is_json_alone_and_negotiated_with_the_middleware() {
    let plain = actix_web::test::init_service(App::new().service(as_error)).await;
    let r = call(
        &plain,
        req("GET", "/rt/error/1").insert_header(("accept", "text/html")),
    )
    .await;
    assert_eq!(
        (r.status, r.header("content-type")),
        (410, Some("application/problem+json"))
    );
    assert_eq!(r.header("sunset"), Some("Sat, 31 Jan 2026 00:00:00 GMT"));

    let app = actix_web::test::init_service(
        App::new()
            .wrap(from_fn(gone_runtime::negotiate))
            .service(as_error),
    )
    .await;
    let r = call(
        &app,
        req("GET", "/rt/error/1").insert_header(("accept", "text/html")),
    )
    .await;
    assert_eq!(
        (r.status, r.header("content-type")),
        (410, Some("text/html; charset=utf-8"))
    );
    assert!(r.body.contains("Account closed"));
    let r = call(&app, req("GET", "/rt/error/0")).await;
    assert_eq!((r.status, r.body.as_str()), (200, "live"));
}

#[actix_web::test]
async fn odd_inputs_still_give_a_well_formed_410() {
    let app = actix_web::test::init_service(App::new().service(odd_inputs)).await;
    let r = call(&app, req("GET", "/rt/odd")).await;
    assert_eq!(r.status, 410);
    assert_eq!(
        r.header("cache-control"),
        Some("public, max-age=31536000"),
        "clamped to a year"
    );
    assert_eq!(r.header("link"), None, "an invalid link is left out");
    assert_eq!(r.header("sunset"), None, "no date given, none sent");
    let json: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(json["detail"], "This content was removed.");
    assert!(json.get("since").is_none());
}

#[actix_web::test]
#[allow(clippy::await_holding_lock)]
async fn every_410_is_counted_per_route() {
    let _alone = crate::common::every_route();
    let before = hits("attribute", "GET", "/rt/counted/{id}");
    let registered = actix_web::test::init_service(App::new().service(counted)).await;
    for uri in ["/rt/counted/1", "/rt/counted/x"] {
        assert_eq!(call(&registered, req("GET", uri)).await.status, 410);
    }
    assert_eq!(call(&registered, req("HEAD", "/rt/counted/2")).await.status, 410);
    let served = actix_web::test::init_service(App::new().configure(gone_runtime::serve_all)).await;
    assert_eq!(call(&served, req("GET", "/rt/counted/3")).await.status, 410);
    assert_eq!(hits("attribute", "GET", "/rt/counted/{id}") - before, 4);

    let before = hits("runtime", "GET", "/rt/error/{id}");
    let app = actix_web::test::init_service(
        App::new()
            .wrap(from_fn(gone_runtime::negotiate))
            .service(as_error),
    )
    .await;
    for _ in 0..3 {
        call(&app, req("GET", "/rt/error/5")).await;
    }
    assert_eq!(hits("runtime", "GET", "/rt/error/{id}") - before, 3);

    let stats =
        actix_web::test::init_service(App::new().route("/stats", web::get().to(gone_runtime::stats_json)))
            .await;
    let r = call(&stats, req("GET", "/stats")).await;
    let json: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let entry = json["gone_stats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["route"] == "/rt/counted/{id}")
        .unwrap();
    assert_eq!(entry["method"], "GET");
    assert_eq!(entry["source"], "attribute");
    assert!(entry["hits"].as_u64().unwrap() >= 4);
    assert_eq!(r.header("cache-control"), Some("no-store"));
}

#[get("/rt/blocked/{id}")]
async fn blocked(id: web::Path<u32>) -> Result<HttpResponse, Gone> {
    let gone = Gone::blocked(format!("Post {id} was removed on a court order"))
        .since(Date::parse("2026-10-01").unwrap())
        .link("https://courts.example/orders/2026-117");
    Err(gone.max_age(86_400).clone())
}

/// SPEC §16: a 451 at run time beside `Gone`, as a responder and as an error.
#[actix_web::test]
async fn a_blocked_gone_answers_451_with_its_authority_negotiated_and_counted_as_blocked() {
    let app =
        actix_web::test::init_service(App::new().wrap(from_fn(gone_runtime::negotiate)).service(blocked))
            .await;
    for (accept, content_type) in [
        ("application/json", "application/problem+json"),
        ("text/html", "text/html; charset=utf-8"),
        ("text/plain", "text/plain; charset=utf-8"),
    ] {
        let r = call(
            &app,
            req("GET", "/rt/blocked/3").insert_header(("accept", accept)),
        )
        .await;
        assert_eq!(r.status, 451, "{accept}");
        assert_eq!(r.header("content-type"), Some(content_type));
        assert_eq!(
            r.header("link"),
            Some("<https://courts.example/orders/2026-117>; rel=\"blocked-by\"")
        );
        assert_eq!(r.header("sunset"), None, "a block may be lifted: no Sunset");
        assert_eq!(r.header("cache-control"), Some("public, max-age=86400"));
        assert_eq!(r.header("vary"), Some("Accept"));
        assert!(r.body.contains("Unavailable For Legal Reasons"), "{}", r.body);
        assert!(
            r.body.contains("Post 3 was removed on a court order"),
            "{}",
            r.body
        );
    }
    let r = call(&app, req("GET", "/rt/blocked/3")).await;
    let json: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        (json["title"].as_str(), json["status"].as_u64()),
        (Some("Unavailable For Legal Reasons"), Some(451))
    );
    let blocked_hits: u64 = gone_runtime::stats()
        .iter()
        .filter(|h| h.route == "/rt/blocked/{id}" && h.phase == "blocked" && h.source == "runtime")
        .map(|h| h.hits)
        .sum();
    assert_eq!(blocked_hits, 4);
    assert_eq!(
        Gone::blocked("x").to_string(),
        "451 Unavailable For Legal Reasons: x"
    );
    use actix_web::ResponseError;
    assert_eq!(Gone::blocked("x").status_code(), 451);
}
