//! A small bookstore API: v2 is live, v1 was shut down and answers 410 Gone, but for
//! `GET /v1/books/{id}`, which redirects to its v2 twin (`#[moved]`).
//!
//! ```text
//! cargo run --example api                        # serves on 127.0.0.1:8080
//! cargo run --example api -- --bind 127.0.0.1:9000
//! cargo run --example api -- --manifest json     # or markdown, nginx, apache, caddy, haproxy, varnish
//! cargo run --example api -- --at 2027-03-01     # preview the app as on that date (UTC)
//! ```
//!
//! `GET /v2/books/{id}/cover` is on its way out (`#[sunset]`): deprecated, with brownouts in
//! February 2027, gone from 2027-03-01. `--at` previews any phase; `GONE_HOLD=get_cover`
//! holds it.

use actix_web::{guard::GuardContext, web, App, HttpServer};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// The live API.
mod v2 {
    use super::Store;
    use actix_web::{delete, get, post, web, HttpResponse};
    use gone_runtime::sunset;
    use serde_json::json;

    /// Covers move to the image service: the schedule runs by itself, with no deploy.
    #[sunset(
        deprecated = "2026-09-01",
        on = "2027-03-01",
        reason = "Covers moved to the image service: GET https://images.bookstore.example/covers/{id}",
        link = "https://bookstore.example/docs/covers",
        brownouts = ["2027-02-01T14:00Z/PT1H", "2027-02-15T14:00Z/P1D"],
    )]
    #[cfg_attr(feature = "openapi", utoipa::path(
        get,
        path = "/v2/books/{id}/cover",
        params(("id" = u64, Path, description = "The book's id")),
        responses((status = 200, description = "The cover", content_type = "image/svg+xml"), (status = 404, description = "No such book"))
    ))]
    #[get("/v2/books/{id}/cover")]
    pub async fn get_cover(store: web::Data<Store>, id: web::Path<u64>) -> HttpResponse {
        match store.books.lock().unwrap().get(&id) {
            Some(title) => HttpResponse::Ok()
                .insert_header(("cache-control", "public, max-age=31536000"))
                .content_type("image/svg+xml")
                .body(format!(
                    "<svg xmlns=\"http://www.w3.org/2000/svg\"><text y=\"20\">{}</text></svg>",
                    title.replace('<', "&lt;")
                )),
            None => HttpResponse::NotFound().finish(),
        }
    }

    #[cfg_attr(feature = "openapi", utoipa::path(
        get,
        path = "/v2/books",
        responses((status = 200, description = "Every book", content_type = "application/json"))
    ))]
    #[get("/v2/books")]
    pub async fn list_books(store: web::Data<Store>) -> HttpResponse {
        let books = store.books.lock().unwrap();
        let list: Vec<_> = books
            .iter()
            .map(|(id, title)| json!({"id": id, "title": title}))
            .collect();
        HttpResponse::Ok().json(json!({ "books": list }))
    }

    #[cfg_attr(feature = "openapi", utoipa::path(
        get,
        path = "/v2/books/{id}",
        params(("id" = u64, Path, description = "The book's id")),
        responses((status = 200, description = "The book", content_type = "application/json"), (status = 404, description = "No such book"))
    ))]
    #[get("/v2/books/{id}")]
    pub async fn get_book(store: web::Data<Store>, id: web::Path<u64>) -> HttpResponse {
        match store.books.lock().unwrap().get(&id) {
            Some(title) => HttpResponse::Ok().json(json!({"id": *id, "title": title})),
            None => HttpResponse::NotFound().finish(),
        }
    }

    #[cfg_attr(feature = "openapi", utoipa::path(
        post,
        path = "/v2/books",
        request_body(content = serde_json::Value, description = "`{\"title\": \"...\"}`", content_type = "application/json"),
        responses((status = 201, description = "Created", content_type = "application/json"), (status = 400, description = "No title"))
    ))]
    #[post("/v2/books")]
    pub async fn create_book(store: web::Data<Store>, body: web::Json<serde_json::Value>) -> HttpResponse {
        let Some(title) = body.get("title").and_then(|t| t.as_str()) else {
            return HttpResponse::BadRequest().json(json!({"error": "a book needs a \"title\""}));
        };
        let mut books = store.books.lock().unwrap();
        let id = books.keys().next_back().map_or(1, |last| last + 1);
        books.insert(id, title.to_string());
        HttpResponse::Created().json(json!({"id": id, "title": title}))
    }

    #[cfg_attr(feature = "openapi", utoipa::path(
        delete,
        path = "/v2/books/{id}",
        params(("id" = u64, Path, description = "The book's id")),
        responses((status = 204, description = "Deleted"), (status = 404, description = "No such book"))
    ))]
    #[delete("/v2/books/{id}")]
    pub async fn delete_book(store: web::Data<Store>, id: web::Path<u64>) -> HttpResponse {
        match store.books.lock().unwrap().remove(&id) {
            Some(_) => HttpResponse::NoContent().finish(),
            None => HttpResponse::NotFound().finish(),
        }
    }
}

/// API v1, shut down on 2025-03-01. Its handlers keep their route attributes so that every
/// old URL answers 410 Gone; their bodies and argument types are never compiled.
#[actix_web::scope("/v1")]
mod v1 {
    use actix_web::{delete, get, post, put, route};
    use gone_runtime::{gone, moved};

    #[gone(
        since = "2025-03-01",
        reason = "API v1 was shut down; list books with GET /v2/books",
        link = "https://bookstore.example/docs/migrate-to-v2"
    )]
    #[get("/books")]
    pub async fn list_books_v1() {}

    // A book has a forwarding address: its v2 twin, with the same id. The old signature may
    // stay as it was: `BookV1` was deleted with the v1 code, and the moved handler still
    // compiles, because its arguments and body are never compiled.
    #[moved(
        to = "/v2/books/{id}",
        since = "2025-03-01",
        reason = "API v1 was shut down; books live in API v2"
    )]
    #[get("/books/{id}")]
    pub async fn get_book_v1(id: actix_web::web::Path<u64>) -> actix_web::web::Json<BookV1> {
        actix_web::web::Json(BookV1::load(*id))
    }

    #[gone(
        since = "2025-03-01",
        reason = "API v1 was shut down; create books with POST /v2/books",
        link = "https://bookstore.example/docs/migrate-to-v2"
    )]
    #[post("/books")]
    pub async fn create_book_v1() {}

    #[gone(
        since = "2025-03-01",
        reason = "Books can no longer be replaced whole; v2 has no PUT"
    )]
    #[put("/books/{id}")]
    pub async fn replace_book_v1() {}

    #[gone(
        since = "2025-03-01",
        reason = "API v1 was shut down; delete books with DELETE /v2/books/{id}",
        max_age = 3600
    )]
    #[delete("/books/{id}")]
    pub async fn delete_book_v1() {}

    #[gone(
        since = "2024-11-15",
        reason = "Search moved to the catalogue service",
        link = "https://catalogue.example/search"
    )]
    #[route("/search", method = "GET", method = "POST")]
    pub async fn search_v1() {}

    #[gone(
        since = "2024-06-30",
        reason = "The partner export ended with the 2024 contracts"
    )]
    #[get("/export", guard = "super::has_api_key")]
    pub async fn export_v1() {}
}

/// Partner routes asked for an API key; without one they were never there (404).
fn has_api_key(ctx: &GuardContext<'_>) -> bool {
    ctx.head().headers().contains_key("x-api-key")
}

/// The books of the live API.
#[derive(Default)]
pub struct Store {
    books: Mutex<BTreeMap<u64, String>>,
}

/// Everything the app serves: used by `main` and by the tests.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(v2::list_books)
        .service(v2::get_book)
        .service(v2::get_cover)
        .service(v2::create_book)
        .service(v2::delete_book)
        // A guarded route is registered: only its resource knows the guard.
        .service(v1::export_v1)
        // Who still calls the retired routes, by User-Agent (the example listens on 127.0.0.1
        // only; an app on a public address mounts the report behind its own access control).
        .app_data(gone_runtime::Callers::new())
        .route("/gone/callers", web::get().to(gone_runtime::callers_json))
        // Every other retired route is answered from the manifest, without listing it.
        .configure(gone_runtime::serve_all);
}

enum Command {
    /// Serve on this address, with this lifecycle.
    Serve(String, gone_runtime::Lifecycle),
    Manifest(String),
}

fn parse_args() -> Result<Command, String> {
    let mut args = std::env::args().skip(1);
    let mut bind = "127.0.0.1:8080".to_string();
    let mut lifecycle = gone_runtime::Lifecycle::from_env();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--at" => {
                let at = args
                    .next()
                    .ok_or("--at needs an instant, like 2027-03-01 or 2027-02-01T14:30Z")?;
                let at = gone_runtime::Instant::parse(&at).map_err(|e| format!("--at: {e}"))?;
                lifecycle = lifecycle.at(at.system_time());
            }
            "--bind" => {
                bind = args
                    .next()
                    .ok_or("--bind needs an address, like 127.0.0.1:8080")?
            }
            "--manifest" => {
                let format = args
                    .next()
                    .ok_or("--manifest needs a format: json, markdown, nginx, apache, caddy, haproxy or varnish")?;
                return Ok(Command::Manifest(format));
            }
            "-h" | "--help" => {
                return Err(
                    "usage: api [--bind ADDR] [--at INSTANT] [--manifest json|markdown|nginx|apache|caddy|haproxy|varnish]".to_string(),
                )
            }
            other => return Err(format!("unknown argument `{other}`; try --help")),
        }
    }
    Ok(Command::Serve(bind, lifecycle))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let (bind, lifecycle) = match parse_args() {
        Ok(Command::Serve(bind, lifecycle)) => (bind, lifecycle),
        Ok(Command::Manifest(format)) => {
            let manifest = gone_runtime::manifest();
            match format.as_str() {
                "json" => print!("{}", manifest.to_json_pretty()),
                "markdown" => print!("{}", manifest.to_markdown()),
                edge @ ("nginx" | "apache" | "caddy" | "haproxy" | "varnish") => {
                    let snippet = match edge {
                        "nginx" => manifest.to_nginx(),
                        "apache" => manifest.to_apache(),
                        "caddy" => manifest.to_caddy(),
                        "varnish" => manifest.to_varnish(),
                        _ => manifest.to_haproxy(),
                    };
                    match snippet {
                        Ok(snippet) => print!("{snippet}"),
                        Err(duplicates) => {
                            eprintln!("{duplicates}");
                            std::process::exit(1);
                        }
                    }
                }
                other => {
                    eprintln!("unknown manifest format `{other}`: use json, markdown, nginx, apache, caddy, haproxy or varnish");
                    std::process::exit(2);
                }
            }
            return Ok(());
        }
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let store = web::Data::new(Store::default());
    let manifest = gone_runtime::manifest();
    println!("{} retired routes answer 410 Gone:", manifest.len());
    for route in manifest.iter() {
        println!(
            "  {:<6} {:<18} since {}  ({})",
            route.method(),
            route.path(),
            route.since(),
            route.reason()
        );
    }
    for route in manifest.moved() {
        println!(
            "  {:<6} {:<18} moved to {} ({})",
            route.method(),
            route.path(),
            route.to(),
            route.status()
        );
    }
    for route in manifest.sunset() {
        println!(
            "  {:<6} {:<18} deprecated {}, gone from {}",
            route.method(),
            route.path(),
            route.deprecated(),
            route.on()
        );
    }
    println!("listening on http://{bind}");
    #[cfg(feature = "metrics")]
    let metrics = metrics::install();
    HttpServer::new(move || {
        let app = App::new().app_data(store.clone()).app_data(lifecycle.clone());
        #[cfg(feature = "metrics")]
        let app = app.configure(metrics.clone());
        #[cfg(feature = "openapi")]
        let app = app.configure(openapi::configure);
        app.configure(configure)
    })
    .bind(&bind)?
    .run()
    .await?;
    // On shutdown (Ctrl-C), who still called what.
    let report = gone_runtime::callers();
    if !report.routes.is_empty() {
        eprintln!("who still called:\n{}", report.to_markdown());
    }
    Ok(())
}

/// With `--features openapi`: the API's OpenAPI document on `/openapi.json`, the live routes as
/// documented with utoipa, every retirement marked by gone.
#[cfg(feature = "openapi")]
mod openapi {
    use actix_web::{web, HttpResponse};
    use gone_runtime::openapi::Retirements;
    use utoipa::OpenApi;

    #[derive(OpenApi)]
    #[openapi(
        info(title = "Bookstore", version = "2.0.0", description = "A small bookstore: v2 is live, v1 retired"),
        paths(
            super::v2::list_books,
            super::v2::get_book,
            super::v2::get_cover,
            super::v2::create_book,
            super::v2::delete_book
        ),
        modifiers(&Retirements)
    )]
    pub struct ApiDoc;

    /// The document, written once.
    pub fn json() -> &'static str {
        static JSON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        JSON.get_or_init(|| ApiDoc::openapi().to_pretty_json().unwrap_or_default())
    }

    pub fn configure(cfg: &mut web::ServiceConfig) {
        cfg.route(
            "/openapi.json",
            web::get().to(|| async { HttpResponse::Ok().content_type("application/json").body(json()) }),
        );
    }
}

/// With `--features metrics`: every call of a retired or scheduled route counted in
/// `gone_requests_total{method, route, phase}`, served in Prometheus text on `/metrics`.
#[cfg(feature = "metrics")]
mod metrics {
    use actix_web::{web, HttpResponse};
    use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

    /// Installs the Prometheus recorder (once per process) and returns what mounts `/metrics`.
    pub fn install() -> impl Fn(&mut web::ServiceConfig) + Clone {
        static HANDLE: std::sync::OnceLock<PrometheusHandle> = std::sync::OnceLock::new();
        let handle = HANDLE
            .get_or_init(|| {
                let handle = PrometheusBuilder::new()
                    .install_recorder()
                    .expect("no other metrics recorder is installed");
                // Described to this recorder, whatever was counted before it was installed.
                gone_runtime::describe_metrics();
                handle
            })
            .clone();
        move |cfg: &mut web::ServiceConfig| {
            let handle = handle.clone();
            cfg.route(
                "/metrics",
                web::get().to(move || {
                    let text = handle.render();
                    async move {
                        HttpResponse::Ok()
                            .content_type("text/plain; version=0.0.4")
                            .body(text)
                    }
                }),
            );
        }
    }
}

#[cfg(test)]
#[path = "support/nginx.rs"]
mod nginx;

#[cfg(test)]
#[path = "support/edges.rs"]
mod edges;

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test;

    /// The cover's schedule, as the README's curl commands show it with `--at`.
    #[actix_web::test]
    async fn the_cover_is_deprecated_then_browned_out_then_gone() {
        let at = |s: &str| gone_runtime::Instant::parse(s).unwrap().system_time();
        let app = |when: &str| {
            let lifecycle = gone_runtime::Lifecycle::new().at(at(when));
            test::init_service(
                App::new()
                    .app_data(web::Data::new(Store::default()))
                    .app_data(lifecycle)
                    .configure(configure),
            )
        };
        let create = test::TestRequest::post()
            .uri("/v2/books")
            .set_json(serde_json::json!({"title": "Dune"}));
        let cover = || test::TestRequest::get().uri("/v2/books/1/cover");

        let app_now = app("2026-11-27").await;
        assert_eq!(
            test::call_service(&app_now, create.to_request()).await.status(),
            201
        );
        let res = test::call_service(&app_now, cover().to_request()).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers().get("deprecation").unwrap(), "@1788220800");
        assert_eq!(
            res.headers().get("sunset").unwrap(),
            "Mon, 01 Mar 2027 00:00:00 GMT"
        );
        // A year of max-age cut to the 94 days left, and no stale allowance past them.
        assert_eq!(
            res.headers().get("cache-control").unwrap(),
            &format!(
                "public, max-age={}, stale-while-revalidate=0, stale-if-error=0",
                94 * 86_400
            )
        );

        let res = test::call_service(&app("2027-02-01T14:30Z").await, cover().to_request()).await;
        assert_eq!(res.status(), 410);
        assert_eq!(res.headers().get("cache-control").unwrap(), "no-store");
        assert_eq!(
            res.headers().get("retry-after").unwrap(),
            "Mon, 01 Feb 2027 15:00:00 GMT"
        );

        let res = test::call_service(&app("2027-03-01").await, cover().to_request()).await;
        assert_eq!(res.status(), 410);
        assert_eq!(
            res.headers().get("cache-control").unwrap(),
            "public, max-age=86400"
        );
    }

    /// `/metrics` of the running example, over 127.0.0.1: the counter of each retired and
    /// scheduled route called, by method, route template and phase.
    #[cfg(feature = "metrics")]
    #[::core::prelude::v1::test] // `test` here is actix-web's module
    fn metrics_are_served_in_prometheus_text() {
        use std::io::{Read, Write};
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let metrics = crate::metrics::install();
                let store = web::Data::new(Store::default());
                let server = HttpServer::new(move || {
                    App::new()
                        .app_data(store.clone())
                        .configure(metrics.clone())
                        .configure(configure)
                })
                .workers(1)
                .bind(("127.0.0.1", 0))
                .unwrap();
                tx.send(server.addrs()[0]).unwrap();
                server.run().await.unwrap();
            });
        });
        let addr = rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
        let get = |path: &str| {
            let mut stream = std::net::TcpStream::connect(addr).unwrap();
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(10)))
                .unwrap();
            write!(
                stream,
                "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            )
            .unwrap();
            let mut text = String::new();
            stream.read_to_string(&mut text).unwrap();
            text
        };
        // The recorder is the process's: the other tests of this binary, run in parallel,
        // count too. So this one reads the counters before and after its own calls.
        let count = |scraped: &str, labels: &str| -> u64 {
            let line = format!("gone_requests_total{{{labels}}} ");
            scraped
                .lines()
                .find_map(|l| l.strip_prefix(&line))
                .map_or(0, |n| n.trim().parse().unwrap())
        };
        let (gone, moved) = (
            "method=\"GET\",route=\"/v1/books\",phase=\"gone\"",
            "method=\"GET\",route=\"/v1/books/{id}\",phase=\"moved\"",
        );
        let before = get("/metrics");
        assert!(get("/v1/books").starts_with("HTTP/1.1 410"));
        assert!(get("/v1/books?page=2").starts_with("HTTP/1.1 410"));
        assert!(get("/v1/books/7").starts_with("HTTP/1.1 308"));
        let scraped = get("/metrics");
        assert!(scraped.starts_with("HTTP/1.1 200"), "{scraped}");
        assert!(count(&scraped, gone) >= count(&before, gone) + 2, "{scraped}");
        assert!(count(&scraped, moved) > count(&before, moved), "{scraped}");
        assert!(scraped.contains("# HELP gone_requests_total "), "{scraped}");
    }

    /// With `--features openapi`: the served document marks each retirement, leaves the live
    /// routes alone, and validates with a real OpenAPI validator (`openapi-spec-validator`,
    /// installed by `.ci/run`; skipped with a message without it, failed in CI).
    #[cfg(feature = "openapi")]
    #[actix_web::test]
    async fn the_openapi_document_is_served_marked_and_valid() {
        let app = test::init_service(
            App::new()
                .configure(crate::openapi::configure)
                .configure(configure),
        )
        .await;
        let res = test::call_service(&app, test::TestRequest::get().uri("/openapi.json").to_request()).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers().get("content-type").unwrap(), "application/json");
        let body = test::read_body(res).await;
        let doc: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let paths = &doc["paths"];
        assert_eq!(paths["/v2/books"]["get"].get("deprecated"), None, "live");
        let list_v1 = &paths["/v1/books"]["get"];
        assert_eq!(
            (list_v1["deprecated"].as_bool(), list_v1["x-gone-since"].as_str()),
            (Some(true), Some("2025-03-01"))
        );
        assert!(list_v1["responses"]["410"].is_object());
        let book_v1 = &paths["/v1/books/{id}"];
        assert_eq!(book_v1["get"]["x-moved-to"], "/v2/books/{id}");
        assert!(book_v1["get"]["responses"]["308"]["headers"]["Location"].is_object());
        assert!(book_v1["delete"]["responses"]["410"].is_object());
        let cover = &paths["/v2/books/{id}/cover"]["get"];
        assert_eq!(cover["x-sunset"], "2027-03-01");
        assert!(cover["responses"]["200"]["headers"]["Deprecation"].is_object());
        assert!(cover["responses"]["200"]["content"]["image/svg+xml"].is_object());
        assert!(cover["responses"]["410"].is_object());

        let dir = std::env::temp_dir().join(format!("gone-api-openapi-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("openapi.json");
        std::fs::write(&file, &body).unwrap();
        let out = std::process::Command::new("python3")
            .args(["-m", "openapi_spec_validator"])
            .arg(&file)
            .output()
            .expect("python3 runs");
        let _ = std::fs::remove_dir_all(&dir);
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if said.contains("No module named") {
            assert!(
                std::env::var_os("CI").is_none(),
                "openapi-spec-validator is not installed, and CI requires this test: python3 -m pip install openapi-spec-validator"
            );
            eprintln!("SKIPPED: openapi-spec-validator is not installed (python3 -m pip install openapi-spec-validator); the document was not validated");
            return;
        }
        assert!(out.status.success(), "the document does not validate: {said}");
    }

    /// The committed manifest beside this file is the one the code builds. After retiring or
    /// reviving a route: `GONE_MANIFEST=overwrite cargo test`, then commit the file.
    #[actix_web::test]
    async fn the_committed_manifest_is_fresh() {
        gone_runtime::manifest().assert_fresh(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/api.gone.json"));
    }

    /// The nginx export, served by a real nginx: every entry answers 410 with the app's
    /// headers and body; other methods on a retired path and other paths go on to the app
    /// (here, a 404).
    #[actix_web::test]
    async fn nginx_answers_every_entry_like_the_app() {
        let Some(binary) = crate::nginx::binary() else {
            return;
        };
        let manifest = gone_runtime::manifest();
        let edge = crate::nginx::start(&binary, &manifest.to_nginx().unwrap());
        let app = test::init_service(App::new().configure(configure)).await;
        let mut checked = 0;
        for route in manifest.iter().filter(|r| !r.guarded()) {
            let uri = gone_runtime::test::example_path(route.path()).unwrap();
            let at_edge = crate::nginx::send(&edge.addr, route.method(), &uri);
            let req = test::TestRequest::default()
                .method(route.method().parse().unwrap())
                .uri(&uri);
            let in_app = test::call_service(&app, req.to_request()).await;
            let what = format!("{} {uri}", route.method());
            assert_eq!(at_edge.status, 410, "{what}");
            assert_eq!(
                at_edge.header("content-type"),
                Some("application/problem+json"),
                "{what}"
            );
            for name in ["sunset", "cache-control", "vary", "link"] {
                let app_value = in_app.headers().get(name).map(|v| v.to_str().unwrap());
                assert_eq!(at_edge.header(name), app_value, "{what}: {name}");
            }
            let app_body = test::read_body(in_app).await;
            let edge_json: serde_json::Value = serde_json::from_slice(&at_edge.body).unwrap();
            let app_json: serde_json::Value = serde_json::from_slice(&app_body).unwrap();
            assert_eq!(edge_json, app_json, "{what}");
            if route.method() == "GET" {
                let head = crate::nginx::send(&edge.addr, "HEAD", &uri);
                assert_eq!((head.status, head.body.len()), (410, 0), "HEAD {uri}");
            }
            checked += 1;
        }
        assert_eq!(checked, manifest.iter().filter(|r| !r.guarded()).count());
        assert!(checked >= 6);

        // The moved route redirects at the edge as in the app, its raw value and query kept.
        for uri in ["/v1/books/7", "/v1/books/7?fields=title", "/v1/books/a%20b"] {
            let at_edge = crate::nginx::send(&edge.addr, "GET", uri);
            let in_app = test::call_service(&app, test::TestRequest::get().uri(uri).to_request()).await;
            assert_eq!(at_edge.status, 308, "{uri}");
            for name in ["location", "cache-control", "vary"] {
                let app_value = in_app.headers().get(name).map(|v| v.to_str().unwrap());
                assert_eq!(at_edge.header(name), app_value, "{uri}: {name}");
            }
        }

        // GET-only: POST goes on to the app, which decides.
        assert_eq!(crate::nginx::send(&edge.addr, "POST", "/v1/books/7").status, 404);
        assert_eq!(crate::nginx::send(&edge.addr, "PATCH", "/v1/search").status, 404);
        // Not retired, or guarded in the app: not the edge's business.
        assert_eq!(crate::nginx::send(&edge.addr, "GET", "/v2/books").status, 404);
        assert_eq!(
            crate::nginx::send(&edge.addr, "GET", "/v1/books/7/reviews").status,
            404
        );
        assert_eq!(crate::nginx::send(&edge.addr, "GET", "/v1/export").status, 404);
    }

    /// Issue 15: the example's manifest through HAProxy, Caddy, Apache httpd and Varnish: every entry
    /// (and a HEAD for each GET) answers like the app; other paths and methods go on.
    #[actix_web::test]
    async fn every_entry_answers_at_haproxy_caddy_apache_and_varnish_like_the_app() {
        let manifest = gone_runtime::manifest();
        let app = test::init_service(App::new().configure(configure)).await;
        let mut requests = Vec::new();
        for route in manifest.iter().filter(|r| !r.guarded()) {
            let uri = gone_runtime::test::example_path(route.path()).unwrap();
            requests.push((route.method().to_string(), uri.clone()));
            if route.method() == "GET" {
                requests.push(("HEAD".to_string(), uri));
            }
        }
        for uri in ["/v1/books/7", "/v1/books/7?fields=title", "/v1/books/a%20b"] {
            requests.push(("GET".to_string(), uri.to_string()));
        }
        for kind in crate::edges::ALL {
            let Some(binary) = kind.binary() else {
                continue;
            };
            let snippet = kind.export(&manifest);
            let edge = crate::edges::start(kind, &binary, &snippet);
            crate::edges::compare(&edge, &app, &requests, &snippet).await;
            for (method, uri) in [
                ("GET", "/v2/books"),
                ("GET", "/v1/export"),
                ("PATCH", "/v1/books"),
            ] {
                let went_on = crate::edges::went_on(&edge, method, uri);
                assert!(went_on, "{kind:?}: {method} {uri} is not the edge's");
            }
        }
    }

    #[actix_web::test]
    async fn every_v1_route_is_gone_and_v2_lives() {
        let store = web::Data::new(Store::default());
        let app = test::init_service(App::new().app_data(store).configure(configure)).await;
        for (method, uri) in [
            ("GET", "/v1/books"),
            ("HEAD", "/v1/books"),
            ("POST", "/v1/books"),
            ("PUT", "/v1/books/7"),
            ("DELETE", "/v1/books/7"),
            ("GET", "/v1/search?q=dune"),
            ("POST", "/v1/search"),
        ] {
            let req = test::TestRequest::default()
                .method(method.parse().unwrap())
                .uri(uri)
                .to_request();
            let res = test::call_service(&app, req).await;
            assert_eq!(res.status(), 410, "{method} {uri}");
        }
        let req = test::TestRequest::post()
            .uri("/v2/books")
            .set_json(serde_json::json!({"title": "Dune"}))
            .to_request();
        assert_eq!(test::call_service(&app, req).await.status(), 201);
        let req = test::TestRequest::get().uri("/v2/books/1").to_request();
        assert_eq!(test::call_service(&app, req).await.status(), 200);
        // A v1 book redirects to its v2 twin, whatever its id looks like.
        for (uri, location) in [
            ("/v1/books/1", "/v2/books/1"),
            ("/v1/books/not-a-number?x=1", "/v2/books/not-a-number?x=1"),
        ] {
            let res = test::call_service(&app, test::TestRequest::get().uri(uri).to_request()).await;
            assert_eq!(res.status(), 308, "{uri}");
            assert_eq!(res.headers().get("location").unwrap(), location, "{uri}");
        }
    }

    /// The README's "who still calls": the report on `/gone/callers` names each caller of a
    /// retired route by its User-Agent's first token.
    #[actix_web::test]
    async fn gone_callers_names_who_still_calls() {
        let store = web::Data::new(Store::default());
        let app = test::init_service(App::new().app_data(store).configure(configure)).await;
        for agent in ["legacy-sync/2.1", "legacy-sync/2.2", "reports-job/1.0"] {
            let req = test::TestRequest::get()
                .uri("/v1/search?q=dune")
                .insert_header(("user-agent", agent));
            assert_eq!(test::call_service(&app, req.to_request()).await.status(), 410);
        }
        let req = test::TestRequest::get().uri("/gone/callers").to_request();
        let report: serde_json::Value = test::call_and_read_body_json(&app, req).await;
        let search = report["routes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["route"] == "/v1/search")
            .unwrap();
        // Other tests of this binary call the route too, as other callers.
        let mut callers: Vec<(String, u64)> = search["callers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["caller"].as_str().unwrap().to_string(),
                    c["calls"].as_u64().unwrap(),
                )
            })
            .filter(|(c, _)| c == "legacy-sync" || c == "reports-job")
            .collect();
        callers.sort();
        assert_eq!(
            callers,
            [("legacy-sync".to_string(), 2), ("reports-job".to_string(), 1)]
        );
    }

    #[actix_web::test]
    async fn every_manifest_entry_answers_410_through_the_assembled_app() {
        let app = test::init_service(App::new().configure(configure)).await;
        gone_runtime::test::assert_all_gone_with(&app, |route, req| {
            if route.guarded() {
                req.insert_header(("x-api-key", "audit"))
            } else {
                req
            }
        })
        .await;
    }

    #[actix_web::test]
    async fn a_guarded_retired_route_keeps_its_guard() {
        let app = test::init_service(App::new().configure(configure)).await;
        let req = test::TestRequest::get().uri("/v1/export").to_request();
        assert_eq!(test::call_service(&app, req).await.status(), 404);
        let req = test::TestRequest::get()
            .uri("/v1/export")
            .insert_header(("x-api-key", "k"))
            .to_request();
        assert_eq!(test::call_service(&app, req).await.status(), 410);
    }

    #[actix_web::test]
    async fn the_manifest_lists_each_method_and_path_with_the_scope_prefix() {
        let m = gone_runtime::manifest();
        let pairs: Vec<_> = m.iter().map(|r| format!("{} {}", r.method(), r.path())).collect();
        assert_eq!(
            pairs,
            [
                "GET /v1/books",
                "POST /v1/books",
                "DELETE /v1/books/{id}",
                "PUT /v1/books/{id}",
                "GET /v1/export",
                "GET /v1/search",
                "POST /v1/search",
            ]
        );
        assert!(m
            .iter()
            .all(|r| r.module() == "api::v1" && r.file() == "examples/api.rs"));
        let moved: Vec<_> = m
            .moved()
            .map(|r| format!("{} {} -> {} {}", r.method(), r.path(), r.status(), r.to()))
            .collect();
        assert_eq!(moved, ["GET /v1/books/{id} -> 308 /v2/books/{id}"]);
    }
}
