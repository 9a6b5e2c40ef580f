//! SPEC §9: `#[moved]` through actix-web's service stack (every placement, the redirect's
//! status, `Location`, query string, `Cache-Control`, body and HEAD), the manifest, the counters,
//! the audit, and a real server followed by a real client (curl `-L`). In a test binary of its
//! own, so that its manifest holds only these routes.

#[path = "support/client.rs"]
mod client;
#[path = "../examples/support/edges.rs"]
mod edges;
#[path = "../examples/support/nginx.rs"]
mod nginx;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::test::{self, TestRequest};
use actix_web::{get, post, web, App, HttpResponse, HttpServer};
use gone_runtime::moved;
use std::time::Duration;

#[moved(to = "/v2/users/{id}", since = "2025-03-01", reason = "Users moved to API v2")]
#[get("/v1/users/{id}")]
async fn get_user_v1(id: web::Path<u32>) -> String {
    // Never compiled: a moved handler's body and extractors are thrown away.
    format!("user {id}")
}

#[get("/v2/users/{id}")]
async fn get_user_v2(id: web::Path<String>) -> HttpResponse {
    HttpResponse::Ok().body(format!("user {id}"))
}

/// Not even `Deserialize`: the moved handler's extractors are never compiled.
#[allow(dead_code)]
struct Order {
    n: u32,
}

#[moved(to = "/v2/orders", since = "2025-03-01")]
#[post("/v1/orders")]
async fn create_order_v1(body: web::Json<Order>) -> HttpResponse {
    unreachable!("never compiled: {}", body.n)
}

/// Echoes what it was sent, so that a client following the redirect shows what arrived.
#[post("/v2/orders")]
async fn create_order_v2(body: web::Bytes) -> HttpResponse {
    HttpResponse::Created().body(body)
}

#[moved(to = "/v2/search?sort=new", since = "2025-03-01", status = 301, max_age = 60)]
#[get("/v1/search")]
async fn search_v1() {}

#[get("/v2/search")]
async fn search_v2() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[moved(to = "https://docs.example.com/v2/{section}#top", since = "2025-03-01")]
#[get("/v1/docs/{section}")]
async fn docs_v1() {}

/// A parameter, and text after it, in the fragment: the query string still goes before `#`.
#[moved(to = "/v2/guide#{section}-notes", since = "2025-03-01")]
#[get("/v1/guide/{section}")]
async fn guide_v1() {}

#[get("/v2/guide")]
async fn guide_v2() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[moved(to = "/v2/files/{tail}", since = "2025-03-01")]
#[get("/v1/files/{tail}*")]
async fn files_v1() {}

#[get("/v2/files/{tail}*")]
async fn files_v2() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[moved(to = "/v2/archive/{year}", since = "2025-03-01")]
#[get(r"/v1/archive/{year:\d{4}}")]
async fn archive_v1() {}

#[get("/v2/archive/{year}")]
async fn archive_v2() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[moved(path = "/v1/hand", to = "/v2/users/0", since = "2025-03-01")]
async fn hand_v1() {}

#[moved(to = "/v2/users/1", since = "2025-03-01")]
#[get(
    "/v1/wrapped",
    wrap = "actix_web::middleware::DefaultHeaders::new().add((\"x-wrapped\", \"1\"))"
)]
async fn wrapped_v1() {}

#[actix_web::scope("/api")]
#[moved(to = "/v2/users/{id}", since = "2025-03-01")]
mod api {
    use actix_web::get;

    #[get("/v1/people/{id}")]
    pub async fn people_v1() {}
}

fn has_key(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head().headers().contains_key("x-key")
}

/// Only requests with a key were ever routed here.
#[moved(to = "/v2/users/2", since = "2025-03-01")]
#[get("/v1/keyed", guard = "has_key")]
async fn keyed_v1() {}

/// Counted by `redirects_are_counted`; the tests that call every moved route hold [`SERIAL`]
/// with it, since the tests run in parallel.
#[moved(to = "/v2/users/9", since = "2025-03-01")]
#[get("/v1/counted")]
async fn counted_v1() {}

/// Held by the tests that call `/v1/counted`, across their awaits: each test runs on a thread
/// and runtime of its own, so a blocking lock only makes the others wait their turn
/// (`clippy::await_holding_lock` is allowed on those three tests for that reason).
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn app() -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .service(get_user_v1)
        .service(get_user_v2)
        .service(create_order_v1)
        .service(create_order_v2)
        .service(search_v1)
        .service(search_v2)
        .service(docs_v1)
        .service(files_v1)
        .service(files_v2)
        .service(archive_v1)
        .service(archive_v2)
        .service(hand_v1)
        .service(wrapped_v1)
        .service(api::people_v1)
        .service(counted_v1)
        .service(keyed_v1)
        .service(guide_v1)
        .service(guide_v2)
}

async fn call<S, B>(app: &S, req: TestRequest) -> (u16, actix_web::http::header::HeaderMap, String)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let res = test::call_service(app, req.to_request()).await;
    let (status, headers) = (res.status().as_u16(), res.headers().clone());
    let body = test::read_body(res).await;
    (status, headers, String::from_utf8(body.to_vec()).unwrap())
}

fn header<'h>(headers: &'h actix_web::http::header::HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).map(|v| v.to_str().unwrap())
}

#[actix_web::test]
async fn a_moved_route_redirects_with_its_values_and_query_string() {
    let app = test::init_service(app()).await;
    let (status, h, body) = call(&app, TestRequest::get().uri("/v1/users/7?fields=name&x=%20")).await;
    assert_eq!(status, 308);
    assert_eq!(header(&h, "location"), Some("/v2/users/7?fields=name&x=%20"));
    assert_eq!(header(&h, "cache-control"), Some("public, max-age=86400"));
    assert_eq!(header(&h, "vary"), Some("Accept"));
    assert_eq!(header(&h, "content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(
        body,
        "308 Permanent Redirect: /v2/users/7?fields=name&x=%20\nUsers moved to API v2\n"
    );
    // No query string, none appended.
    let (_, h, _) = call(&app, TestRequest::get().uri("/v1/users/7")).await;
    assert_eq!(header(&h, "location"), Some("/v2/users/7"));
}

#[actix_web::test]
async fn matched_values_are_sent_as_they_arrived() {
    let app = test::init_service(app()).await;
    for (sent, location) in [
        ("/v1/users/a%20b%C3%A9", "/v2/users/a%20b%C3%A9"),
        ("/v1/users/a%2Fb", "/v2/users/a%2Fb"),
        ("/v1/users/caf%c3%a9?q=%2F", "/v2/users/caf%c3%a9?q=%2F"),
        ("/v1/files/a/b%20c.txt", "/v2/files/a/b%20c.txt"),
        ("/v1/files/", "/v2/files/"),
        ("/v1/archive/2024", "/v2/archive/2024"),
        ("/api/v1/people/5", "/v2/users/5"),
    ] {
        let (status, h, _) = call(&app, TestRequest::get().uri(sent)).await;
        assert_eq!((status, header(&h, "location")), (308, Some(location)), "{sent}");
    }
    // The regex still decides what matches.
    let (status, _, _) = call(&app, TestRequest::get().uri("/v1/archive/abc")).await;
    assert_eq!(status, 404);
}

#[actix_web::test]
async fn the_body_is_html_when_preferred_else_plain_text() {
    let app = test::init_service(app()).await;
    let html = TestRequest::get()
        .uri("/v1/users/7?a=1&b=2")
        .insert_header(("accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"));
    let (status, h, body) = call(&app, html).await;
    assert_eq!(status, 308);
    assert_eq!(header(&h, "content-type"), Some("text/html; charset=utf-8"));
    assert!(body.contains(r#"<a href="/v2/users/7?a=1&amp;b=2">"#), "{body}");
    assert!(body.contains("<h1>308 Permanent Redirect</h1>"), "{body}");
    assert!(body.contains("<p>Users moved to API v2</p>"), "{body}");
    // HTML only when preferred: a tie (`*/*`, `text/*`) is plain text.
    for accept in [
        "application/json",
        "text/plain",
        "image/png",
        "*/*",
        "text/*",
        "text/html;q=0.5, text/plain",
    ] {
        let req = TestRequest::get()
            .uri("/v1/users/7")
            .insert_header(("accept", accept));
        let (_, h, body) = call(&app, req).await;
        assert_eq!(
            header(&h, "content-type"),
            Some("text/plain; charset=utf-8"),
            "{accept}"
        );
        assert!(
            body.starts_with("308 Permanent Redirect: /v2/users/7\n"),
            "{accept}"
        );
    }
}

#[actix_web::test]
async fn head_answers_the_same_without_a_body() {
    let app = test::init_service(app()).await;
    let head = TestRequest::default()
        .method(actix_web::http::Method::HEAD)
        .uri("/v1/users/7?x=1");
    let head = test::call_service(&app, head.to_request()).await;
    let get = test::call_service(&app, TestRequest::get().uri("/v1/users/7?x=1").to_request()).await;
    assert_eq!(head.status(), 308);
    let sorted = |res: &ServiceResponse<_>| {
        let mut all: Vec<_> = res
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    };
    assert_eq!(sorted(&head), sorted(&get));
    assert_eq!(header(head.headers(), "location"), Some("/v2/users/7?x=1"));
    // The same size, hence the same Content-Length; the HTTP layer drops a HEAD's bytes (the
    // real-server test below reads the wire).
    assert_eq!(get.response().body().size(), head.response().body().size());
}

#[actix_web::test]
async fn a_post_with_a_malformed_body_still_gets_its_308() {
    let app = test::init_service(app()).await;
    let req = TestRequest::post()
        .uri("/v1/orders")
        .insert_header(("content-type", "application/json"))
        .set_payload("{not json");
    let (status, h, _) = call(&app, req).await;
    assert_eq!((status, header(&h, "location")), (308, Some("/v2/orders")));
    // Only POST is moved: another method is not answered by it.
    let (status, _, _) = call(&app, TestRequest::get().uri("/v1/orders")).await;
    assert_eq!(status, 404);
}

#[actix_web::test]
async fn status_max_age_a_query_of_its_own_and_a_url_with_a_fragment() {
    let app = test::init_service(app()).await;
    let (status, h, body) = call(&app, TestRequest::get().uri("/v1/search?q=rust")).await;
    assert_eq!(status, 301);
    // `to` has its own query: the request's is not appended.
    assert_eq!(header(&h, "location"), Some("/v2/search?sort=new"));
    assert_eq!(header(&h, "cache-control"), Some("public, max-age=60"));
    assert_eq!(body, "301 Moved Permanently: /v2/search?sort=new\n");
    let (status, h, _) = call(&app, TestRequest::get().uri("/v1/docs/intro?lang=en")).await;
    assert_eq!(status, 308);
    // The query string goes before the fragment.
    assert_eq!(
        header(&h, "location"),
        Some("https://docs.example.com/v2/intro?lang=en#top")
    );
    let (_, h, _) = call(&app, TestRequest::get().uri("/v1/guide/setup?x=1")).await;
    assert_eq!(header(&h, "location"), Some("/v2/guide?x=1#setup-notes"));
}

#[actix_web::test]
async fn every_placement_redirects() {
    let app = test::init_service(app()).await;
    let (status, h, _) = call(&app, TestRequest::get().uri("/v1/hand")).await;
    assert_eq!((status, header(&h, "location")), (308, Some("/v2/users/0")));
    let (status, h, _) = call(
        &app,
        TestRequest::default()
            .method(actix_web::http::Method::HEAD)
            .uri("/v1/hand"),
    )
    .await;
    assert_eq!((status, header(&h, "location")), (308, Some("/v2/users/0")));
    let (status, h, _) = call(&app, TestRequest::get().uri("/v1/wrapped")).await;
    assert_eq!((status, header(&h, "location")), (308, Some("/v2/users/1")));
    assert_eq!(header(&h, "x-wrapped"), Some("1"), "the route's own wrap stays");
    // By hand, with `.route(...)`, too.
    let by_route = test::init_service(
        App::new()
            .route("/v1/hand", web::get().to(hand_v1))
            .route("/v1/hand", web::post().to(hand_v1)),
    )
    .await;
    let (status, h, _) = call(&by_route, TestRequest::get().uri("/v1/hand")).await;
    assert_eq!((status, header(&h, "location")), (308, Some("/v2/users/0")));
    // Registered for a method its attribute does not list: redirected all the same.
    let (status, h, _) = call(&by_route, TestRequest::post().uri("/v1/hand")).await;
    assert_eq!((status, header(&h, "location")), (308, Some("/v2/users/0")));
}

#[actix_web::test]
async fn serve_all_answers_moved_routes_too() {
    let app = test::init_service(App::new().configure(gone_runtime::serve_all)).await;
    let (status, h, _) = call(&app, TestRequest::get().uri("/v1/users/a%20b?x=1")).await;
    assert_eq!(
        (status, header(&h, "location")),
        (308, Some("/v2/users/a%20b?x=1"))
    );
    let (status, h, _) = call(&app, TestRequest::get().uri("/api/v1/people/3")).await;
    assert_eq!((status, header(&h, "location")), (308, Some("/v2/users/3")));
    let (status, _, _) = call(&app, TestRequest::get().uri("/v2/users/1")).await;
    assert_eq!(status, 404, "live routes are not in the manifest");
}

#[actix_web::test]
#[allow(clippy::await_holding_lock)]
async fn redirects_are_counted() {
    let _serial = serial();
    let before = gone_runtime::manifest()
        .moved()
        .find(|r| r.handler() == "counted_v1")
        .map_or(0, |r| r.hits());
    let app = test::init_service(app()).await;
    for _ in 0..3 {
        call(&app, TestRequest::get().uri("/v1/counted")).await;
    }
    call(
        &app,
        TestRequest::default()
            .method(actix_web::http::Method::HEAD)
            .uri("/v1/counted"),
    )
    .await;
    let m = gone_runtime::manifest();
    let route = m.moved().find(|r| r.handler() == "counted_v1").unwrap();
    assert_eq!(route.hits(), before + 4);
    let hits = gone_runtime::stats();
    let h = hits.iter().find(|h| h.route == "/v1/counted").unwrap();
    assert_eq!(
        (h.source, h.phase, h.hits, h.method.as_str()),
        ("moved", "moved", before + 4, "GET")
    );
}

#[test]
fn the_manifest_lists_moved_routes_apart() {
    let m = gone_runtime::manifest();
    assert_eq!(m.len(), 0, "no removed route in this binary");
    assert_eq!(m.moved().len(), 12);
    let json: serde_json::Value = serde_json::from_str(&m.to_json()).unwrap();
    assert_eq!(json["gone"], serde_json::json!([]));
    let user = json["moved"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["handler"] == "get_user_v1")
        .unwrap();
    let line = user["line"].as_u64().unwrap();
    assert_eq!(
        *user,
        serde_json::json!({
            "method": "GET", "path": "/v1/users/{id}", "to": "/v2/users/{id}", "status": 308,
            "since": "2025-03-01", "reason": "Users moved to API v2", "handler": "get_user_v1",
            "module": "moved", "file": "tests/moved.rs", "line": line,
        })
    );
    let search = json["moved"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["handler"] == "search_v1")
        .unwrap();
    assert_eq!(
        (search["status"].as_u64(), &search["reason"]),
        (Some(301), &serde_json::Value::Null)
    );
    let people = m.moved().find(|r| r.handler() == "people_v1").unwrap();
    assert_eq!(
        (people.path(), people.module()),
        ("/api/v1/people/{id}", "moved::api")
    );
    let table = m.to_markdown();
    assert!(
        table.contains("| Method | Path | Moved to | Status | Since | Reason | Handler |"),
        "{table}"
    );
    assert!(
        table.contains("| GET | `/v1/users/{id}` | `/v2/users/{id}` | 308 | 2025-03-01 | Users moved to API v2 | `moved::get_user_v1` |"),
        "{table}"
    );
    assert!(m.duplicates().is_empty());
}

#[test]
fn the_freshness_check_names_a_changed_target() {
    let m = gone_runtime::manifest();
    let dir = std::env::temp_dir().join(format!("gone-moved-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("gone.json");
    m.write_file(&path).unwrap();
    m.check_file(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text
        .replacen("\"/v2/users/{id}\"", "\"/v3/users/{id}\"", 1)
        .replacen("308", "301", 1);
    std::fs::write(&path, edited).unwrap();
    let err = m.check_file(&path).unwrap_err().to_string();
    // The first moved entry in the file, by path, is /api/v1/people/{id}.
    assert!(
        err.contains("~ GET /api/v1/people/{id} (moved)  changed: to \"/v3/users/{id}\" -> \"/v2/users/{id}\"; status 301 -> 308;"),
        "{err}"
    );
    // A moved route that becomes removed leaves one list for the other.
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["moved"]
        .as_array_mut()
        .unwrap()
        .retain(|e| e["handler"] != "search_v1");
    std::fs::write(&path, json.to_string()).unwrap();
    let err = m.check_file(&path).unwrap_err().to_string();
    assert!(
        err.contains("+ GET /v1/search (moved)  added: moved to /v2/search?sort=new (301) since 2025-03-01"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[actix_web::test]
#[allow(clippy::await_holding_lock)]
async fn the_audit_passes_an_app_that_serves_every_moved_route() {
    let _serial = serial();
    let app = test::init_service(app()).await;
    // The guarded route is given its key, by the same hook as a removed route's.
    gone_runtime::test::assert_all_gone_with(&app, |route, req| match route.guarded() {
        true => req.insert_header(("x-key", "1")),
        false => req,
    })
    .await;
    // Without it, the audit names the guard.
    let m = gone_runtime::manifest();
    let failures = gone_runtime::test::audit_moved(&app, m.moved().filter(|r| r.guarded())).await;
    assert_eq!(failures.len(), 2, "GET and HEAD: {failures:#?}");
    assert!(
        failures[0].contains(
            "got 404 instead of its 308: its guard refused the request (shape it with assert_all_gone_with)"
        ),
        "{failures:#?}"
    );
}

#[actix_web::test]
async fn the_audit_names_a_moved_route_that_is_not_registered_or_leads_nowhere() {
    // Without the v1 user route, and without its target.
    let app = test::init_service(App::new().service(search_v1).service(search_v2).service(docs_v1)).await;
    let m = gone_runtime::manifest();
    let failures = gone_runtime::test::audit_moved(&app, m.moved()).await;
    let about = |handler: &str| {
        failures
            .iter()
            .filter(|f| f.contains(&format!("::{handler} at")))
            .count()
    };
    assert_eq!(about("search_v1"), 0, "{failures:#?}");
    assert_eq!(about("docs_v1"), 0, "another host is not followed: {failures:#?}");
    assert_eq!(about("get_user_v1"), 2, "GET and HEAD: {failures:#?}");
    let user = failures.iter().find(|f| f.contains("::get_user_v1 at")).unwrap();
    assert!(user.contains("sent GET /v1/users/1?gone-audit=1: got 404 instead of its 308: not registered (add `.service(get_user_v1)`"), "{user}");
    // Registered, but its target is not.
    let app = test::init_service(App::new().service(get_user_v1)).await;
    let failures =
        gone_runtime::test::audit_moved(&app, m.moved().filter(|r| r.handler() == "get_user_v1")).await;
    assert_eq!(failures.len(), 1, "{failures:#?}");
    assert!(failures[0].contains("sent GET /v2/users/1?gone-audit=1: it redirects to /v2/users/1?gone-audit=1, which no route of this app answers (404)"), "{}", failures[0]);
}

#[test]
fn a_post_is_followed_to_the_new_route_with_its_body_by_a_real_client() {
    let curl = ["/usr/bin/curl", "/usr/local/bin/curl", "/bin/curl"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    let Some(curl) = curl else {
        if std::env::var_os("CI").is_some() {
            panic!("curl is not installed, and CI requires this test: apt-get install -y curl");
        }
        eprintln!(
            "SKIPPED: curl is not installed (apt-get install -y curl); the real-client test did not run"
        );
        return;
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(app).workers(1).bind(("127.0.0.1", 0)).unwrap();
            tx.send(server.addrs()[0].to_string()).unwrap();
            server.run().await.unwrap();
        });
    });
    let addr = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(curl)
            .args(["-sS", "--max-time", "10", "--max-redirs", "3"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    // 308: the POST and its body are sent again to the new route, which echoes them.
    let out = run(&[
        "-L",
        "-H",
        "content-type: application/json",
        "--data-binary",
        r#"{"n":42}"#,
        "-w",
        "\n%{http_code} %{num_redirects} %{url_effective} %{method}",
        &format!("http://{addr}/v1/orders"),
    ]);
    assert_eq!(
        out,
        format!("{{\"n\":42}}\n201 1 http://{addr}/v2/orders POST"),
        "curl -L followed the 308 with the method and body"
    );
    // A GET with parameters and a query string lands on the new route.
    let out = run(&[
        "-L",
        "-w",
        "\n%{http_code} %{num_redirects} %{url_effective}",
        &format!("http://{addr}/v1/users/a%20b?x=1"),
    ]);
    assert_eq!(out, format!("user a b\n200 1 http://{addr}/v2/users/a%20b?x=1"));
    // Without -L: the raw answer, as the client sees it on the wire.
    let mut conn = client::Conn::open(&addr).unwrap();
    let res = conn.send("GET", "/v1/users/7?x=1", &[], b"").unwrap();
    assert_eq!(res.status, 308);
    assert_eq!(res.header("location"), Some("/v2/users/7?x=1"));
    let head = conn.send("HEAD", "/v1/users/7", &[], b"").unwrap();
    assert_eq!((head.status, head.header("location")), (308, Some("/v2/users/7")));
    // No body followed the HEAD's head: the next response on the connection reads cleanly.
    let next = conn.send("GET", "/v1/users/8", &[], b"").unwrap();
    assert_eq!((next.status, next.header("location")), (308, Some("/v2/users/8")));
}

#[actix_web::test]
#[allow(clippy::await_holding_lock)]
async fn every_moved_route_redirects_at_the_edge_as_in_the_app() {
    let Some(binary) = nginx::binary() else {
        return;
    };
    let _serial = serial();
    let m = gone_runtime::manifest();
    let snippet = m.to_nginx().unwrap();
    let edge = nginx::start(&binary, &snippet);
    let app = test::init_service(app()).await;
    let mut sent: Vec<(String, String)> = m
        .moved()
        .filter(|r| !r.guarded())
        .map(|r| {
            let uri = gone_runtime::test::example_path(r.path()).unwrap();
            (r.method().to_string(), format!("{uri}?a=1&b=%20"))
        })
        .collect();
    for uri in [
        "/v1/users/a%20b%C3%A9?x=1",
        "/v1/users/7",
        "/v1/files/a/b%20c.txt?dl=1",
        "/v1/files/",
        "/v1/docs/intro?lang=en",
        "/v1/search?q=1",
        "/v1/archive/2024",
        "/api/v1/people/5?x=%2F",
    ] {
        sent.push(("GET".to_string(), uri.to_string()));
    }
    sent.push(("HEAD".to_string(), "/v1/users/7?x=1".to_string()));
    for (method, uri) in &sent {
        let what = format!("{method} {uri}");
        let at_edge = nginx::send(&edge.addr, method, uri);
        let req = TestRequest::default().method(method.parse().unwrap()).uri(uri);
        let in_app = test::call_service(&app, req.to_request()).await;
        assert!(in_app.status().is_redirection(), "{what} in the app");
        assert_eq!(at_edge.status, in_app.status().as_u16(), "{what}\n{snippet}");
        for name in ["location", "cache-control", "vary"] {
            let app_value = in_app.headers().get(name).map(|v| v.to_str().unwrap());
            assert_eq!(at_edge.header(name), app_value, "{what}: {name}\n{snippet}");
        }
    }
    assert!(sent.len() >= 19, "{}", sent.len());
    // nginx writes its own short page; the app's names the location too.
    let page = nginx::send(&edge.addr, "GET", "/v1/users/7");
    assert!(String::from_utf8_lossy(&page.body).contains("308 Permanent Redirect"));
    if std::env::var_os("GONE_SHOW_SNIPPET").is_some() {
        eprintln!("{snippet}");
    }
    // Only the route's methods: another goes on to the app (here, a 404).
    assert_eq!(nginx::send(&edge.addr, "DELETE", "/v1/users/7").status, 404);
    // The regex still decides.
    assert_eq!(nginx::send(&edge.addr, "GET", "/v1/archive/abc").status, 404);
}

/// Issue 15: every moved route redirects through HAProxy, Caddy and Apache httpd as in the app.
#[actix_web::test]
#[allow(clippy::await_holding_lock)]
async fn every_moved_route_redirects_at_haproxy_caddy_apache_and_varnish_as_in_the_app() {
    let _serial = serial();
    let m = gone_runtime::manifest();
    let app = test::init_service(app()).await;
    let mut requests: Vec<(String, String)> = m
        .moved()
        .map(|r| {
            let uri = gone_runtime::test::example_path(r.path()).unwrap();
            (r.method().to_string(), format!("{uri}?a=1&b=%20"))
        })
        .collect();
    for uri in [
        "/v1/users/a%20b%C3%A9?x=1",
        "/v1/users/7",
        "/v1/files/a/b%20c.txt?dl=1",
        "/v1/search?q=1",
        "/v1/archive/2024",
        "/api/v1/people/5?x=%2F",
    ] {
        requests.push(("GET".to_string(), uri.to_string()));
    }
    requests.push(("HEAD".to_string(), "/v1/users/7?x=1".to_string()));
    for kind in edges::ALL {
        let Some(binary) = kind.binary() else {
            continue;
        };
        let snippet = kind.export(&m);
        let edge = edges::start(kind, &binary, &snippet);
        edges::compare(&edge, &app, &requests, &snippet).await;
        assert!(edges::went_on(&edge, "DELETE", "/v1/users/7"), "{kind:?}");
        assert!(edges::went_on(&edge, "GET", "/v1/archive/abc"), "{kind:?}");
    }
}
