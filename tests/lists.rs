//! SPEC §14: a list of removed paths through actix-web's service stack, with the middleware
//! the README shows (`App::new().wrap(gone_runtime::Lists)`): every status, prefixes, methods,
//! the percent-encoding rule, the query string, a live pattern over a listed path, the
//! manifest's `listed` array, the counters, `serve_all`, and a real server with curl. In a test
//! binary of its own, so that its manifest holds only this list.

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::HeaderMap;
use actix_web::test::{self, TestRequest};
use actix_web::{get, post, web, App, HttpResponse, HttpServer};

gone_runtime::removed!("tests/lists/site.csv");

#[get("/posts/{slug}")]
async fn post_page(slug: web::Path<String>) -> HttpResponse {
    HttpResponse::Ok().body(format!("post {slug}"))
}

#[post("/api/comments")]
async fn comment() -> HttpResponse {
    HttpResponse::Created().finish()
}

#[get("/api/comments")]
async fn comments() -> HttpResponse {
    HttpResponse::Ok().body("comments")
}

async fn app(
) -> impl Service<actix_http::Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>
{
    test::init_service(
        App::new()
            .wrap(gone_runtime::Lists)
            .service(post_page)
            .service(comment)
            .service(comments)
            .default_service(web::to(|| async { HttpResponse::NotFound().body("not found") })),
    )
    .await
}

struct Answer {
    status: u16,
    headers: HeaderMap,
    body: String,
}

async fn call(
    app: &impl Service<
        actix_http::Request,
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
    >,
    req: TestRequest,
) -> Answer {
    let res = test::call_service(app, req.to_request()).await;
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = test::read_body(res).await;
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

fn header<'h>(a: &'h Answer, name: &str) -> Option<&'h str> {
    a.headers.get(name).and_then(|v| v.to_str().ok())
}

#[actix_web::test]
async fn a_listed_path_answers_410_though_a_live_pattern_matches_it() {
    let app = app().await;
    let a = call(
        &app,
        TestRequest::get()
            .uri("/posts/launch-2019")
            .insert_header(("accept", "application/json")),
    )
    .await;
    assert_eq!(a.status, 410);
    assert_eq!(header(&a, "content-type"), Some("application/problem+json"));
    assert_eq!(header(&a, "cache-control"), Some("public, max-age=86400"));
    assert_eq!(header(&a, "sunset"), Some("Sat, 01 Mar 2025 00:00:00 GMT"));
    assert_eq!(header(&a, "vary"), Some("Accept"));
    assert_eq!(header(&a, "link"), None);
    assert_eq!(
        a.body,
        r#"{"type":"about:blank","title":"Gone","status":410,"detail":"This post was retired with the old blog.","since":"2025-03-01"}"#
    );
    // The live pattern answers every other post.
    let live = call(&app, TestRequest::get().uri("/posts/launch-2020")).await;
    assert_eq!((live.status, live.body.as_str()), (200, "post launch-2020"));
    // HTML for a browser, text otherwise.
    let html = call(
        &app,
        TestRequest::get()
            .uri("/posts/launch-2019")
            .insert_header(("accept", "text/html")),
    )
    .await;
    assert!(html.body.contains("<h1>410 Gone</h1>"), "{}", html.body);
    let text = call(
        &app,
        TestRequest::get()
            .uri("/posts/launch-2019")
            .insert_header(("accept", "text/plain")),
    )
    .await;
    assert!(
        text.body
            .starts_with("410 Gone: This post was retired with the old blog.\n"),
        "{}",
        text.body
    );
}

#[actix_web::test]
async fn every_method_unless_the_row_names_one_and_head_with_get() {
    let app = app().await;
    for method in ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let req = TestRequest::default()
            .method(method.parse().unwrap())
            .uri("/posts/launch-2019");
        assert_eq!(call(&app, req).await.status, 410, "{method}");
    }
    // A POST row: POST answers 410, GET goes on to the live route.
    let a = call(
        &app,
        TestRequest::post()
            .uri("/api/comments")
            .insert_header(("accept", "text/html")),
    )
    .await;
    assert_eq!(a.status, 410);
    assert!(
        a.body
            .contains("<p>Comments are closed: &quot;read-only&quot; &lt;b&gt;now&lt;/b&gt;.</p>"),
        "{}",
        a.body
    );
    assert_eq!(
        call(&app, TestRequest::get().uri("/api/comments")).await.status,
        200
    );
    // A GET row answers HEAD, not POST.
    assert_eq!(call(&app, TestRequest::get().uri("/feed.xml")).await.status, 410);
    let head = call(
        &app,
        TestRequest::default()
            .method(actix_web::http::Method::HEAD)
            .uri("/feed.xml"),
    )
    .await;
    assert_eq!(head.status, 410);
    assert_eq!(call(&app, TestRequest::post().uri("/feed.xml")).await.status, 404);
}

#[actix_web::test]
async fn the_query_string_is_ignored_and_spellings_meet() {
    let app = app().await;
    for uri in [
        "/posts/launch-2019?utm_source=x&y=%2F",
        "/posts/launch%2D2019",
        "/%70osts/launch-2019",
        "/posts/caf%C3%A9",
        "/posts/caf%c3%a9",
        "/posts/a%2Fb",
        "/posts/a%2fb",
    ] {
        assert_eq!(call(&app, TestRequest::get().uri(uri)).await.status, 410, "{uri}");
    }
    // `%2F` is not `/`: `/posts/a/b` is another path (no route: 404), as the router says.
    assert_eq!(call(&app, TestRequest::get().uri("/posts/a/b")).await.status, 404);
    // Nor a trailing slash the same path.
    assert_eq!(
        call(&app, TestRequest::get().uri("/posts/launch-2019/"))
            .await
            .status,
        404
    );
    assert_eq!(
        call(&app, TestRequest::get().uri("/posts/LAUNCH-2019"))
            .await
            .status,
        200
    );
}

#[actix_web::test]
async fn a_prefix_answers_below_it_and_the_longest_prefix_wins() {
    let app = app().await;
    let a = call(&app, TestRequest::get().uri("/old-forum/t/42/page/2")).await;
    assert_eq!(a.status, 410);
    assert!(a.body.contains("The forum was closed."), "{}", a.body);
    assert_eq!(header(&a, "cache-control"), Some("public, max-age=3600"));
    assert_eq!(
        header(&a, "link"),
        Some(r#"<https://example.com/forum-closed>; rel="sunset""#)
    );
    let deeper = call(&app, TestRequest::get().uri("/old-forum/archive/2019/x")).await;
    assert!(
        deeper.body.contains("The archive went with it."),
        "{}",
        deeper.body
    );
    // Not the folder itself, nor a sibling that shares its letters.
    assert_eq!(
        call(&app, TestRequest::get().uri("/old-forum/")).await.status,
        404
    );
    assert_eq!(call(&app, TestRequest::get().uri("/old-forum")).await.status, 404);
    assert_eq!(
        call(&app, TestRequest::get().uri("/old-forumx/a")).await.status,
        404
    );
    // The archive prefix's folder is below the forum's: the forum's answer.
    let folder = call(&app, TestRequest::get().uri("/old-forum/archive/")).await;
    assert!(folder.body.contains("The forum was closed."), "{}", folder.body);
}

#[actix_web::test]
async fn a_legal_removal_answers_451() {
    let app = app().await;
    let a = call(
        &app,
        TestRequest::get()
            .uri("/posts/leaked-memo")
            .insert_header(("accept", "application/json")),
    )
    .await;
    assert_eq!(a.status, 451);
    assert_eq!(
        header(&a, "link"),
        Some(r#"<https://example.com/orders/42>; rel="blocked-by""#)
    );
    assert_eq!(header(&a, "sunset"), None);
    assert_eq!(
        a.body,
        r#"{"type":"about:blank","title":"Unavailable For Legal Reasons","status":451,"detail":"Removed on a court order.","since":"2025-05-02","link":"https://example.com/orders/42"}"#
    );
    let html = call(
        &app,
        TestRequest::get()
            .uri("/posts/leaked-memo")
            .insert_header(("accept", "text/html")),
    )
    .await;
    assert!(
        html.body
            .contains("<title>451 Unavailable For Legal Reasons</title>"),
        "{}",
        html.body
    );
}

#[actix_web::test]
async fn a_moved_row_redirects_with_the_query_string() {
    let app = app().await;
    let a = call(&app, TestRequest::get().uri("/about-us?ref=nav")).await;
    assert_eq!(a.status, 301);
    assert_eq!(header(&a, "location"), Some("/about?ref=nav"));
    assert_eq!(header(&a, "cache-control"), Some("public, max-age=86400"));
    assert_eq!(a.body, "301 Moved Permanently: /about?ref=nav\n");
    // A `to` with a query of its own keeps it, and its fragment stays last.
    let b = call(&app, TestRequest::post().uri("/shop/old?x=1")).await;
    assert_eq!(b.status, 308);
    assert_eq!(header(&b, "location"), Some("/shop?from=old#top"));
    assert_eq!(header(&b, "cache-control"), Some("public, max-age=60"));
    assert_eq!(
        b.body,
        "308 Permanent Redirect: /shop?from=old#top\nThe shop moved.\n"
    );
    // Whatever the request's path or query holds, the Location stays on this host.
    for uri in [
        "/about-us?//evil.example",
        "/about-us?%5C%5Cevil",
        "/about-us?a=%0D%0ASet-Cookie:x",
    ] {
        let hostile = call(&app, TestRequest::get().uri(uri)).await;
        let location = header(&hostile, "location").unwrap_or("");
        assert!(location.starts_with("/about?"), "{uri}: {location}");
        assert!(!location.contains(['\r', '\n']), "{uri}: {location:?}");
    }
}

#[actix_web::test]
async fn the_manifest_lists_every_row_and_the_counters_count_them() {
    let m = gone_runtime::manifest();
    let rows: Vec<_> = m.listed().collect();
    assert_eq!(rows.len(), 10);
    // The exact paths sorted, then the prefixes.
    let paths: Vec<&str> = rows.iter().map(|r| r.path()).collect();
    assert_eq!(
        paths,
        [
            "/about-us",
            "/api/comments",
            "/feed.xml",
            "/posts/a%2Fb",
            "/posts/caf%C3%A9",
            "/posts/launch-2019",
            "/posts/leaked-memo",
            "/shop/old",
            "/old-forum/*",
            "/old-forum/archive/*"
        ]
    );
    let json: serde_json::Value = serde_json::from_str(&m.to_json()).unwrap();
    assert_eq!(json["gone"], serde_json::json!([]));
    assert_eq!(
        json["listed"][0],
        serde_json::json!({"method":"*","path":"/about-us","status":301,"since":"2025-01-15","reason":null,"to":"/about","link":null,"file":"tests/lists/site.csv","line":10})
    );
    assert_eq!(
        json["listed"][1],
        serde_json::json!({"method":"POST","path":"/api/comments","status":410,"since":"2025-02-01","reason":"Comments are closed: \"read-only\" <b>now</b>.","to":null,"link":null,"file":"tests/lists/site.csv","line":12})
    );
    // Lines as an editor counts them: the two comment lines above the header count.
    assert_eq!(json["listed"][8]["line"], 7);

    let app = app().await;
    let before = rows.iter().find(|r| r.path() == "/feed.xml").unwrap().hits();
    call(&app, TestRequest::get().uri("/feed.xml")).await;
    call(&app, TestRequest::get().uri("/feed.xml?x")).await;
    let feed = gone_runtime::manifest()
        .listed()
        .find(|r| r.path() == "/feed.xml")
        .unwrap();
    assert_eq!(feed.hits(), before + 2);
    let stats = gone_runtime::stats();
    let hit = stats.iter().find(|h| h.route == "/feed.xml").unwrap();
    assert_eq!(
        (hit.method.as_str(), hit.source, hit.phase),
        ("GET", "list", "listed")
    );
    assert!(hit.hits >= 2);
}

#[actix_web::test]
async fn serve_all_answers_the_listed_paths_no_route_matches() {
    let app = test::init_service(App::new().configure(gone_runtime::serve_all)).await;
    let a = call(&app, TestRequest::get().uri("/old-forum/t/1")).await;
    assert_eq!(a.status, 410);
    let b = call(&app, TestRequest::get().uri("/about-us")).await;
    assert_eq!((b.status, header(&b, "location")), (301, Some("/about")));
    assert_eq!(
        call(&app, TestRequest::get().uri("/not-listed")).await.status,
        404
    );
}

#[test]
fn a_change_to_the_list_rebuilds_the_crate() {
    // Cargo rebuilds a crate when a file in its dep-info changes: the list must be there.
    let exe = std::env::current_exe().unwrap();
    let deps = exe.parent().unwrap();
    let stem = exe.file_stem().unwrap().to_string_lossy().into_owned();
    let info =
        std::fs::read_to_string(deps.join(format!("{stem}.d"))).expect("the test binary's dep-info file");
    assert!(
        info.contains("tests/lists/site.csv"),
        "the list is not in the dep-info:\n{info}"
    );
}

#[test]
fn a_real_server_answers_curl() {
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
            let server = HttpServer::new(|| {
                App::new()
                    .wrap(gone_runtime::Lists)
                    .service(post_page)
                    .service(comment)
                    .service(comments)
            })
            .workers(1)
            .bind(("127.0.0.1", 0))
            .unwrap();
            tx.send(server.addrs()[0].to_string()).unwrap();
            server.run().await.unwrap();
        });
    });
    let addr = rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(curl)
            .args([
                "-sS",
                "--max-time",
                "10",
                "--max-redirs",
                "3",
                "-w",
                "\n%{http_code}",
            ])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let url = |path: &str| format!("http://{addr}{path}");
    assert_eq!(
        run(&["-H", "accept: text/plain", &url("/posts/launch-2019?utm=1")]),
        "410 Gone: This post was retired with the old blog.\nRemoved on 2025-03-01.\n\n410"
    );
    assert_eq!(run(&[&url("/posts/launch-2020")]), "post launch-2020\n200");
    assert!(run(&["-I", &url("/old-forum/t/1")]).starts_with("HTTP/1.1 410 Gone\r\n"));
    assert!(run(&[&url("/posts/leaked-memo")]).ends_with("\n451"));
    // curl -L follows the 301 to the live page's address (no route there: 404 from the app).
    assert!(run(&["-L", &url("/about-us")]).ends_with("\n404"));
}

#[actix_web::test]
async fn the_audit_checks_every_row_and_names_the_middleware_when_it_is_missing() {
    gone_runtime::test::assert_all_gone(&app().await).await;
    let bare = test::init_service(App::new().service(post_page).service(comment).service(comments)).await;
    let failures = gone_runtime::test::audit_listed(&bare, gone_runtime::manifest().listed()).await;
    assert_eq!(failures.len(), 10, "{failures:#?}");
    assert!(
        failures.contains(&"GET /posts/launch-2019?gone-audit=1 (tests/lists/site.csv:4): got 200 instead of its 410; wrap the app in gone_runtime::Lists (App::new().wrap(gone_runtime::Lists)), which answers listed paths before routing".to_string()),
        "{failures:#?}"
    );
    assert!(
        failures.iter().any(
            |f| f.starts_with("GET /old-forum/gone-audit?gone-audit=1 (tests/lists/site.csv:7): got 404")
        ),
        "{failures:#?}"
    );
}

#[test]
fn the_markdown_has_a_table_of_the_listed_rows() {
    let table = gone_runtime::manifest().to_markdown();
    assert!(
        table.starts_with("| Method | Path | Status | Since | Reason | Moved to | Link | List |\n| --- |"),
        "{table}"
    );
    assert!(
        table.contains(
            "| * | `/about-us` | 301 | 2025-01-15 |  | `/about` |  | `tests/lists/site.csv:10` |\n"
        ),
        "{table}"
    );
    assert!(table.contains("| * | `/old-forum/*` | 410 | 2024-11-30 | The forum was closed. |  | [https://example.com/forum-closed](https://example.com/forum-closed) | `tests/lists/site.csv:7` |\n"), "{table}");
}
