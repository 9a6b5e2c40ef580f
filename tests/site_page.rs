//! SPEC §16: the site's own page. This test target has one declared in the package's
//! `Cargo.toml` (`[package.metadata.gone.targets.site_page] page = "tests/pages/site.html"`):
//! every HTML answer is written in it, each value escaped (retired, listed 410 and 451, a
//! brownout, gone after `on`, moved, a listed redirect, the run-time `Gone` and
//! `Gone::blocked` with `page!()` in the app's data), an attribute's `page = "..."` overrides
//! it, and the JSON and text bodies stay as they were. Through actix-web's service stack.

use actix_web::http::header;
use actix_web::test::{call_service, init_service, read_body, TestRequest};
use actix_web::{get, web, App, HttpResponse};
use gone_runtime::{gone, moved, sunset, Gone, Lifecycle};
use std::time::{Duration, UNIX_EPOCH};

gone_runtime::removed!("tests/lists/site_page.csv");

#[gone(
    since = "2025-03-01",
    reason = "Gone <b>for good</b> & \"quoted\"",
    link = "https://example.com/migrate?from=v1&to=v2"
)]
#[get("/t/gone")]
async fn retired() {}

#[gone(
    since = "2025-03-01",
    reason = "Written in another look",
    page = "tests/pages/other.html"
)]
#[get("/t/other")]
async fn other_look() {}

#[sunset(
    deprecated = "2025-01-15",
    on = "2025-06-30",
    reason = "Use /v2/teams",
    brownouts = ["2025-06-03T14:00Z/PT1H"]
)]
#[get("/t/teams")]
async fn teams() -> HttpResponse {
    HttpResponse::Ok().body("teams")
}

#[moved(to = "/t/new/{id}", since = "2025-03-01", reason = "The page has a new home")]
#[get("/t/old/{id}")]
async fn old() {}

#[get("/t/posts/{id}")]
async fn post(id: web::Path<u32>) -> Result<HttpResponse, Gone> {
    match *id {
        1 => Err(Gone::new("The author deleted it <for good>")
            .since(gone_runtime::Date::parse("2026-11-02").unwrap())),
        _ => Err(Gone::blocked("Removed on a court order.").link("https://courts.example/orders/7")),
    }
}

/// `GET uri` asking for HTML, at the instant `at` (Unix seconds), in an app with `page!()` in
/// its data when `with_page`: the status and the body.
async fn html(uri: &str, at: u64, with_page: bool) -> (u16, String) {
    let lifecycle = Lifecycle::new().at(UNIX_EPOCH + Duration::from_secs(at));
    let mut app = App::new().app_data(lifecycle);
    if with_page {
        app = app.app_data(gone_runtime::page!());
    }
    let app = init_service(
        app.wrap(actix_web::middleware::from_fn(gone_runtime::negotiate))
            .wrap(gone_runtime::Lists)
            .service(retired)
            .service(other_look)
            .service(teams)
            .service(old)
            .service(post),
    )
    .await;
    let req = TestRequest::get()
        .uri(uri)
        .insert_header((header::ACCEPT, "text/html"))
        .to_request();
    let res = call_service(&app, req).await;
    let status = res.status().as_u16();
    assert_eq!(
        res.headers().get(header::CONTENT_TYPE).unwrap(),
        "text/html; charset=utf-8",
        "{uri}"
    );
    (status, String::from_utf8(read_body(res).await.to_vec()).unwrap())
}

const MARCH_2025: u64 = 1_740_787_200;

/// The parts of the site's page every answer has: its header and footer, the title in both
/// places, the status.
fn in_the_site_page(body: &str, title: &str, status: u16) {
    assert!(body.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"), "{body}");
    assert!(body.contains("<header>Test site</header>"), "{body}");
    assert!(body.contains("<footer>The footer</footer>"), "{body}");
    assert!(
        body.contains(&format!("<title>{title} · Test site</title>")),
        "{body}"
    );
    assert!(
        body.contains(&format!("<h1 data-status=\"{status}\">{title}</h1>")),
        "{body}"
    );
}

#[actix_web::test]
async fn a_retired_route_is_written_in_the_site_page_with_every_value_escaped() {
    let (status, body) = html("/t/gone", MARCH_2025, false).await;
    assert_eq!(status, 410);
    in_the_site_page(&body, "410 Gone", 410);
    assert!(
        body.contains("<p class=\"reason\">Gone &lt;b&gt;for good&lt;/b&gt; &amp; &quot;quoted&quot;</p>"),
        "{body}"
    );
    assert!(body.contains("<p class=\"since\">2025-03-01</p>"), "{body}");
    assert!(
        body.contains("<a href=\"https://example.com/migrate?from=v1&amp;to=v2\">"),
        "{body}"
    );
    // Sections of values the answer has not are left out.
    assert!(
        !body.contains("class=\"until\"") && !body.contains("class=\"to\""),
        "{body}"
    );
}

#[actix_web::test]
async fn an_attributes_page_overrides_the_declared_one() {
    let (status, body) = html("/t/other", MARCH_2025, false).await;
    assert_eq!(status, 410);
    assert!(
        body.contains("<p class=\"other\">Another look: Written in another look</p>"),
        "{body}"
    );
    assert!(!body.contains("Test site"), "{body}");
}

#[actix_web::test]
async fn a_brownout_and_the_answer_after_on_are_written_in_it() {
    // 2025-06-03T14:30Z, inside the brownout.
    let (status, body) = html("/t/teams", 1_748_961_000, false).await;
    assert_eq!(status, 410);
    in_the_site_page(&body, "410 Gone: scheduled brownout", 410);
    assert!(body.contains("<p class=\"reason\">Use /v2/teams</p>"), "{body}");
    assert!(
        body.contains("<p class=\"until\">Tue, 03 Jun 2025 15:00:00 GMT</p>"),
        "{body}"
    );
    // Not removed yet: no date of removal.
    assert!(!body.contains("class=\"since\""), "{body}");
    // From `on`: the 410 of `#[gone(since = ON)]`, in the page.
    let (status, body) = html("/t/teams", 1_751_328_000, false).await;
    assert_eq!(status, 410);
    in_the_site_page(&body, "410 Gone", 410);
    assert!(!body.contains("class=\"until\""), "{body}");
}

#[actix_web::test]
async fn a_moved_route_names_the_requests_own_target_in_it() {
    let (status, body) = html("/t/old/a%22b%3Cc?q=%3Cx%3E&r=1", MARCH_2025, false).await;
    assert_eq!(status, 308);
    in_the_site_page(&body, "308 Permanent Redirect", 308);
    assert!(
        body.contains("<p class=\"reason\">The page has a new home</p>"),
        "{body}"
    );
    assert!(
        body.contains(
            "<a href=\"/t/new/a%22b%3Cc?q=%3Cx%3E&amp;r=1\">/t/new/a%22b%3Cc?q=%3Cx%3E&amp;r=1</a>"
        ),
        "{body}"
    );
}

#[actix_web::test]
async fn listed_rows_are_written_in_it() {
    let (status, body) = html("/l/removed", MARCH_2025, false).await;
    assert_eq!(status, 410);
    in_the_site_page(&body, "410 Gone", 410);
    assert!(
        body.contains("<p class=\"reason\">A listed page, &lt;gone&gt; &amp; &quot;quoted&quot;.</p>"),
        "{body}"
    );
    let (status, body) = html("/l/blocked", MARCH_2025, false).await;
    assert_eq!(status, 451);
    in_the_site_page(&body, "451 Unavailable For Legal Reasons", 451);
    assert!(
        body.contains("<a href=\"https://courts.example/orders/42\">"),
        "{body}"
    );
    let (status, body) = html("/l/moved?x=1", MARCH_2025, false).await;
    assert_eq!(status, 301);
    in_the_site_page(&body, "301 Moved Permanently", 301);
    assert!(
        body.contains("<p class=\"to\"><a href=\"/l/new?from=old\">"),
        "{body}"
    );
}

#[actix_web::test]
async fn the_run_time_gone_takes_the_page_the_app_is_given() {
    let (status, body) = html("/t/posts/1", MARCH_2025, true).await;
    assert_eq!(status, 410);
    in_the_site_page(&body, "410 Gone", 410);
    assert!(
        body.contains("<p class=\"reason\">The author deleted it &lt;for good&gt;</p>"),
        "{body}"
    );
    assert!(body.contains("<p class=\"since\">2026-11-02</p>"), "{body}");
    let (status, body) = html("/t/posts/2", MARCH_2025, true).await;
    assert_eq!(status, 451);
    in_the_site_page(&body, "451 Unavailable For Legal Reasons", 451);
    assert!(
        body.contains("<a href=\"https://courts.example/orders/7\">"),
        "{body}"
    );
    // Without it, the library's own page.
    let (status, body) = html("/t/posts/1", MARCH_2025, false).await;
    assert_eq!(status, 410);
    assert!(!body.contains("Test site"), "{body}");
    assert!(body.contains("<h1>410 Gone</h1>"), "{body}");
}

#[actix_web::test]
async fn json_and_text_stay_as_they_were() {
    let app = init_service(App::new().service(retired)).await;
    for (accept, starts) in [
        ("application/json", "{\"type\":\"about:blank\",\"title\":\"Gone\""),
        ("text/plain", "410 Gone: Gone <b>for good</b>"),
    ] {
        let req = TestRequest::get()
            .uri("/t/gone")
            .insert_header((header::ACCEPT, accept))
            .to_request();
        let body = read_body(call_service(&app, req).await).await;
        let body = String::from_utf8(body.to_vec()).unwrap();
        assert!(body.starts_with(starts), "{accept}: {body}");
    }
}

/// A change to the template (or to the declaration) rebuilds the crate: the compiler was told
/// that this test read both, in the dependency file it wrote beside this binary, which cargo
/// reads to decide what to rebuild.
#[test]
fn the_template_and_the_manifest_are_dependencies_of_the_crate() {
    let exe = std::env::current_exe().unwrap();
    let dep_info = exe.with_extension("d");
    let deps = std::fs::read_to_string(&dep_info).unwrap_or_else(|e| panic!("{}: {e}", dep_info.display()));
    let root = env!("CARGO_MANIFEST_DIR");
    for file in ["tests/pages/site.html", "tests/pages/other.html", "Cargo.toml"] {
        let path = format!("{root}/{file}");
        assert!(
            deps.lines().any(|l| l.starts_with(&format!("{path}:"))),
            "{path} is not a dependency in {}",
            dep_info.display()
        );
    }
}
