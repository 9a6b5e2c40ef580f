//! SPEC §3: every bullet of the 410 response.

use crate::common::{call, req, Reply};
use actix_web::{get, post, test, App};
use gone_runtime::gone;

#[gone(
    since = "2025-03-01",
    reason = "Users moved to <v2> & \"friends\"; it's over",
    link = "https://example.com/migrate?from=v1&to=v2"
)]
#[get("/r/users/{id}")]
pub async fn user_v1(id: actix_web::web::Path<u64>) -> String {
    format!("user {id}")
}

#[gone(since = "2024-02-29", reason = "No link, a short cache", max_age = 60)]
#[post("/r/orders")]
pub async fn order_v1(order: actix_web::web::Json<Vec<u64>>) -> String {
    format!("{} items", order.len())
}

#[gone(since = "2025-01-01", reason = "Cached for nothing", max_age = 0)]
#[get("/r/zero")]
pub async fn zero_v1() {}

macro_rules! app {
    () => {
        test::init_service(App::new().service(user_v1).service(order_v1).service(zero_v1)).await
    };
}

fn json(reply: &Reply) -> serde_json::Value {
    assert_eq!(reply.header("content-type"), Some("application/problem+json"));
    serde_json::from_str(&reply.body).unwrap()
}

#[actix_web::test]
async fn status_is_410_whatever_the_request_carries() {
    let app = app!();
    // The old extractor was `web::Path<u64>`: a non-numeric id would have been a 400.
    for uri in [
        "/r/users/7",
        "/r/users/not-a-number",
        "/r/users/7?x=1&y",
        "/r/users/%FF",
    ] {
        assert_eq!(call(&app, req("GET", uri)).await.status, 410, "{uri}");
    }
    // The old extractor was `web::Json<Vec<u64>>`: a malformed body would have been a 400.
    for body in ["{not json", "", "[1,2,3]", "\u{0}\u{1}"] {
        let r = call(
            &app,
            req("POST", "/r/orders")
                .insert_header(("content-type", "application/json"))
                .set_payload(body),
        )
        .await;
        assert_eq!(r.status, 410, "{body:?}");
    }
    let r = call(
        &app,
        req("POST", "/r/orders")
            .insert_header(("content-type", "text/csv"))
            .set_payload("a,b"),
    )
    .await;
    assert_eq!(r.status, 410);
}

#[actix_web::test]
async fn problem_json_is_the_default_and_has_the_exact_shape() {
    let app = app!();
    for accept in [
        None,
        Some("*/*"),
        Some("application/json"),
        Some("application/problem+json"),
        Some("application/*"),
    ] {
        let mut r = req("GET", "/r/users/1");
        if let Some(a) = accept {
            r = r.insert_header(("accept", a));
        }
        let reply = call(&app, r).await;
        assert_eq!(
            json(&reply),
            serde_json::json!({
                "type": "about:blank",
                "title": "Gone",
                "status": 410,
                "detail": "Users moved to <v2> & \"friends\"; it's over",
                "since": "2025-03-01",
                "link": "https://example.com/migrate?from=v1&to=v2",
            }),
            "{accept:?}"
        );
        // Key order is the SPEC's.
        assert!(reply
            .body
            .starts_with(r#"{"type":"about:blank","title":"Gone","status":410,"detail":"#));
    }
    let reply = call(&app, req("POST", "/r/orders")).await;
    let body = json(&reply);
    assert!(
        body.get("link").is_none(),
        "link is omitted when not given: {body}"
    );
    assert_eq!(body["since"], "2024-02-29");
}

#[actix_web::test]
async fn html_for_browsers_with_noindex_and_escaped_text() {
    let app = app!();
    let firefox = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let reply = call(&app, req("GET", "/r/users/1").insert_header(("accept", firefox))).await;
    assert_eq!(reply.status, 410);
    assert_eq!(reply.header("content-type"), Some("text/html; charset=utf-8"));
    let html = &reply.body;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(html.contains("<title>410 Gone</title>"));
    assert!(html.contains("Users moved to &lt;v2&gt; &amp; &quot;friends&quot;; it&#39;s over"));
    assert!(html.contains(r#"<time datetime="2025-03-01">2025-03-01</time>"#));
    assert!(html.contains(r#"<a href="https://example.com/migrate?from=v1&amp;to=v2">"#));
    assert!(!html.contains("<v2>"), "reason must not become markup");
    // Balanced, closed document.
    for tag in ["html", "head", "title", "body", "h1", "p", "a", "time"] {
        assert_eq!(
            html.matches(&format!("<{tag}")).count(),
            html.matches(&format!("</{tag}>")).count(),
            "<{tag}> is not closed"
        );
    }
}

#[actix_web::test]
async fn plain_text_otherwise_and_never_406() {
    let app = app!();
    for accept in [
        "text/plain",
        "image/png",
        "*/*;q=0",
        "application/json;q=0, text/*;q=0",
        "text/html;q=0.1, text/plain;q=0.2",
    ] {
        let reply = call(&app, req("GET", "/r/users/1").insert_header(("accept", accept))).await;
        assert_eq!(reply.status, 410, "{accept}");
        assert_eq!(
            reply.header("content-type"),
            Some("text/plain; charset=utf-8"),
            "{accept}"
        );
        assert_eq!(
            reply.body,
            "410 Gone: Users moved to <v2> & \"friends\"; it's over\nRemoved on 2025-03-01.\nSee https://example.com/migrate?from=v1&to=v2\n"
        );
    }
}

#[actix_web::test]
async fn q_values_decide_ties_go_json_html_text() {
    let app = app!();
    let cases = [
        ("text/*", "text/html; charset=utf-8"),
        (
            "text/html;q=0.5, application/json;q=0.5",
            "application/problem+json",
        ),
        ("text/html;q=0.5, text/plain;q=0.5", "text/html; charset=utf-8"),
        (
            "application/json;q=0.4, text/html;q=0.6",
            "text/html; charset=utf-8",
        ),
        ("application/json;q=0, */*", "text/html; charset=utf-8"),
        ("*/*;q=abc, text/plain", "text/plain; charset=utf-8"),
        ("*/*;q=abc", "application/problem+json"),
        ("garbage, text/html", "text/html; charset=utf-8"),
    ];
    for (accept, expected) in cases {
        let reply = call(&app, req("GET", "/r/users/1").insert_header(("accept", accept))).await;
        assert_eq!(reply.status, 410, "{accept}");
        assert_eq!(reply.header("content-type"), Some(expected), "{accept}");
    }
    // Two Accept field lines count as one list.
    let reply = call(
        &app,
        req("GET", "/r/users/1")
            .append_header(("accept", "text/plain;q=0.5"))
            .append_header(("accept", "text/html")),
    )
    .await;
    assert_eq!(reply.header("content-type"), Some("text/html; charset=utf-8"));
}

#[actix_web::test]
async fn headers_vary_cache_control_sunset_link() {
    let app = app!();
    let reply = call(&app, req("GET", "/r/users/1")).await;
    assert_eq!(reply.header("vary"), Some("Accept"));
    assert_eq!(reply.header("cache-control"), Some("public, max-age=86400"));
    assert_eq!(reply.header("sunset"), Some("Sat, 01 Mar 2025 00:00:00 GMT"));
    assert_eq!(
        reply.header("link"),
        Some(r#"<https://example.com/migrate?from=v1&to=v2>; rel="sunset""#)
    );

    let reply = call(&app, req("POST", "/r/orders")).await;
    assert_eq!(reply.header("cache-control"), Some("public, max-age=60"));
    assert_eq!(reply.header("sunset"), Some("Thu, 29 Feb 2024 00:00:00 GMT"));
    assert_eq!(reply.header("link"), None);
    let parsed = httpdate::parse_http_date(reply.header("sunset").unwrap()).unwrap();
    assert_eq!(
        parsed.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs(),
        1_709_164_800
    );

    let reply = call(&app, req("GET", "/r/zero")).await;
    assert_eq!(reply.header("cache-control"), Some("public, max-age=0"));
    assert_eq!(reply.header("sunset"), Some("Wed, 01 Jan 2025 00:00:00 GMT"));
}

#[actix_web::test]
async fn head_on_a_retired_get_matches_get() {
    let app = app!();
    for accept in ["*/*", "text/html", "text/plain"] {
        let get = test::call_service(
            &app,
            req("GET", "/r/users/1")
                .insert_header(("accept", accept))
                .to_request(),
        )
        .await;
        let head = test::call_service(
            &app,
            req("HEAD", "/r/users/1")
                .insert_header(("accept", accept))
                .to_request(),
        )
        .await;
        assert_eq!(head.status(), 410);
        let mut a: Vec<_> = get
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        let mut b: Vec<_> = head
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        a.sort_by(|x, y| x.0.cmp(&y.0));
        b.sort_by(|x, y| x.0.cmp(&y.0));
        assert_eq!(a, b, "{accept}");
        // The same body size, hence the same Content-Length; the HTTP layer drops the bytes
        // (see wire.rs for what goes on the wire).
        use actix_web::body::MessageBody;
        assert_eq!(get.response().body().size(), head.response().body().size());
    }
}

#[actix_web::test]
async fn nothing_from_the_request_is_echoed() {
    let app = app!();
    let marker = "MARKER<script>";
    for accept in ["application/json", "text/html", "text/plain"] {
        let reply = call(
            &app,
            req("POST", "/r/orders?q=MARKER")
                .insert_header(("accept", accept))
                .insert_header(("x-marker", "MARKER"))
                .insert_header(("user-agent", "MARKER"))
                .set_payload(marker),
        )
        .await;
        assert!(!reply.body.contains("MARKER"), "{accept}: {}", reply.body);
        assert!(reply
            .headers
            .iter()
            .all(|(_, v)| !v.to_str().unwrap_or("").contains("MARKER")));
    }
}
