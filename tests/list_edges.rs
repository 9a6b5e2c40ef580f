//! SPEC §14 at the edge: the exports of a list run in real servers on 127.0.0.1, in front
//! of the app, each answering every listed path as the app does (status, `Location`,
//! `Cache-Control`, `Sunset`, `Link`, `Vary`, body), by lookup, and leaving every other request
//! to the app. In a test binary of its own: it proves a row is answered at the edge by the
//! app's counters not moving, which no other test may move meanwhile.

#[path = "../examples/support/nginx.rs"]
mod nginx;

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

/// The app on a real server of its own, on 127.0.0.1: its address.
fn serve_app() -> String {
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
    rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap()
}

/// What an edge must answer as the app does: the status, and the headers and body a client
/// reads (a redirect's body is the edge's own page).
fn seen(reply: &nginx::Reply) -> String {
    let mut out = format!("{}", reply.status);
    let redirect = (300..400).contains(&reply.status);
    // A redirect's body is the edge's own short page, with its own type.
    let names: &[&str] = match redirect {
        true => &["location", "cache-control", "vary"],
        false => &[
            "location",
            "cache-control",
            "sunset",
            "link",
            "vary",
            "content-type",
        ],
    };
    for name in names {
        if let Some(value) = reply.header(name) {
            out.push_str(&format!("\n{name}: {value}"));
        }
    }
    if !redirect {
        out.push_str(&format!("\n\n{}", String::from_utf8_lossy(&reply.body)));
    }
    out
}

/// Requests for every row, below and beside every prefix, in other spellings and cases, with
/// hostile query strings, by several methods.
fn requests() -> Vec<(&'static str, String)> {
    let mut paths: Vec<String> = Vec::new();
    for row in gone_runtime::manifest().listed() {
        let path = row.path().trim_end_matches('*').to_string();
        paths.push(path.clone());
        paths.push(format!("{path}x"));
        paths.push(format!("{path}?x=1&y=%2F"));
        paths.push(format!("{path}/"));
        paths.push(path.to_uppercase());
        paths.push(path.replacen('o', "%6F", 1));
        paths.push(format!("/{path}"));
    }
    paths.extend(
        [
            "/old-forum/a%2Fb",
            "/old-forum/archive/2019/x",
            "/old-forumx/a",
            "/posts/still-here",
            "/about-us?//evil.example",
            "/about-us?%5C%5Cevil",
            "/about-us?a=%0D%0ASet-Cookie:x",
            "/shop/old?x=1",
            "/posts/a%2fb",
            "/posts/caf%c3%a9",
            "/posts/launch-2019#frag",
        ]
        .map(String::from),
    );
    paths.push(format!("/about-us?{}", "q".repeat(8 * 1024)));
    let mut out = Vec::new();
    for path in paths {
        for method in ["GET", "HEAD", "POST", "DELETE"] {
            out.push((method, path.clone()));
        }
    }
    out
}

#[test]
fn nginx_answers_every_listed_path_as_the_app_does() {
    let Some(binary) = nginx::binary() else {
        return;
    };
    let app = serve_app();
    let m = gone_runtime::manifest();
    let edge = nginx::start_with_maps(
        &binary,
        &m.to_nginx_maps().unwrap(),
        &m.to_nginx().unwrap(),
        Some(&app),
    );
    let mut differ = Vec::new();
    // Every row is answered by nginx itself: the app (this process) counts none of them.
    let hits = |m: &gone_runtime::Manifest| m.listed().map(|r| r.hits()).collect::<Vec<_>>();
    let before = hits(&m);
    for row in m.listed() {
        let method = if row.method() == "*" { "GET" } else { row.method() };
        let path = row.path().replace('*', "below");
        let reply = nginx::send_with(&edge.addr, method, &format!("{path}?q=1"), "");
        assert_eq!(reply.status, row.status(), "{method} {path}");
    }
    assert_eq!(
        hits(&gone_runtime::manifest()),
        before,
        "a listed path went on to the app"
    );
    let requests = requests();
    for (method, path) in &requests {
        // No body: the app answers a path it has no route for without reading one, and
        // would wait for it to drain before closing.
        let direct = nginx::send_with(&app, method, path, "");
        let through = nginx::send_with(&edge.addr, method, path, "");
        if seen(&direct) != seen(&through) {
            let short = |s: String| s.chars().take(400).collect::<String>();
            differ.push(format!(
                "{method} {}:\n--- app\n{}\n--- nginx\n{}",
                path.get(..120).unwrap_or(path),
                short(seen(&direct)),
                short(seen(&through))
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} requests differ:\n{}",
        differ.len(),
        requests.len(),
        differ.join("\n\n")
    );
}
