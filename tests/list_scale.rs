//! SPEC §14 at scale: a list of 100,000 rows (written by the build script) compiles, answers
//! through `Lists` by lookup, and the exports of all five edges start in real servers and
//! answer a sample of rows and misses as the app does. In a test binary of its own: only it compiles the big list.

#[path = "../examples/support/edges.rs"]
mod edges;
#[path = "../examples/support/nginx.rs"]
mod nginx;

use actix_web::test::{self, TestRequest};
use actix_web::{get, web, App, HttpResponse, HttpServer};

gone_runtime::removed!("tests/lists/generated/100k.csv");

#[get("/archive/{year}/{slug}")]
async fn archive(path: web::Path<(String, String)>) -> HttpResponse {
    HttpResponse::Ok().body(format!("live {}/{}", path.0, path.1))
}

/// Every 97th row, and for each a miss beside it (another post of the same year, live).
fn sample() -> Vec<(String, String, u16)> {
    let mut out = Vec::new();
    for (i, row) in gone_runtime::manifest()
        .listed()
        .enumerate()
        .filter(|(i, _)| i % 97 == 0)
    {
        let method = if row.method() == "*" { "GET" } else { row.method() }.to_string();
        let path = row.path().replace('*', "t/1");
        out.push((method, path, row.status()));
        out.push(("GET".to_string(), format!("/archive/2010/not-listed-{i}"), 200));
    }
    out
}

#[actix_web::test]
async fn a_hundred_thousand_rows_answer_by_lookup() {
    assert_eq!(gone_runtime::manifest().listed().count(), 100_000);
    let app = test::init_service(App::new().wrap(gone_runtime::Lists).service(archive)).await;
    for (method, path, status) in sample() {
        let req = TestRequest::default()
            .method(method.parse().unwrap())
            .uri(&path)
            .to_request();
        let res = test::call_service(&app, req).await;
        assert_eq!(res.status().as_u16(), status, "{method} {path}");
    }
}

/// The sample, sent to the app and through the edge: the same status, `Location` (the
/// path, for Apache's absolute one) and `Cache-Control`.
fn compare(name: &str, app: &str, edge: &str) {
    let mut differ = Vec::new();
    let sample = sample();
    let t = std::time::Instant::now();
    for (method, path, status) in &sample {
        let direct = nginx::send_with(app, method, path, "");
        let through = nginx::send_with(edge, method, path, "");
        let key = |r: &nginx::Reply| {
            let location = r
                .header("location")
                .map(|l| l.trim_start_matches("http://edge.test").to_string());
            (r.status, location, r.header("cache-control").map(str::to_string))
        };
        if key(&direct) != key(&through) || direct.status != *status {
            differ.push(format!(
                "{method} {path}: app {:?}, {name} {:?}, listed {status}",
                key(&direct),
                key(&through)
            ));
        }
    }
    eprintln!("{name}: {} requests compared in {:?}", sample.len(), t.elapsed());
    assert!(
        differ.is_empty(),
        "{name}: {} of {} differ:\n{}",
        differ.len(),
        sample.len(),
        differ.join("\n")
    );
}

fn serve_app() -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(|| App::new().wrap(gone_runtime::Lists).service(archive))
                .workers(1)
                .bind(("127.0.0.1", 0))
                .unwrap();
            tx.send(server.addrs()[0].to_string()).unwrap();
            server.run().await.unwrap();
        });
    });
    rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap()
}

#[test]
fn every_edge_starts_with_a_hundred_thousand_rows_and_answers_as_the_app_does() {
    let app = serve_app();
    let m = gone_runtime::manifest();
    let dir = std::env::temp_dir().join(format!("gone-list-scale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    if let Some(binary) = nginx::binary() {
        let t = std::time::Instant::now();
        let (maps, snippet) = (m.to_nginx_maps().unwrap(), m.to_nginx().unwrap());
        let exported = t.elapsed();
        let t = std::time::Instant::now();
        let edge = nginx::start_with_maps(&binary, &maps, &snippet, Some(&app));
        eprintln!(
            "nginx, 100,000 rows: exported in {exported:?} ({} KB of maps), checked and started in {:?}",
            maps.len() / 1024,
            t.elapsed()
        );
        compare("nginx", &app, &edge.addr);
    }
    let edges = [
        (edges::Kind::Haproxy, "haproxy.map"),
        (edges::Kind::Caddy, ""),
        (edges::Kind::Apache, "apache.txt"),
        (edges::Kind::Varnish, ""),
    ];
    for (kind, map_name) in edges {
        let Some(binary) = kind.binary() else {
            continue;
        };
        let map = dir.join(map_name);
        let map_path = map.to_string_lossy().into_owned();
        let snippet = match kind {
            edges::Kind::Haproxy => {
                std::fs::write(&map, m.to_haproxy_list_map().unwrap()).unwrap();
                m.to_haproxy_lists(&map_path).unwrap()
            }
            edges::Kind::Caddy => m.to_caddy_lists().unwrap(),
            edges::Kind::Varnish => {
                let vcl = m.to_varnish_lists().unwrap();
                // VCL has no map: 100,000 rows are left to the app, which the cache asks.
                assert!(
                    vcl.contains("# Left to the app, all 100000 listed paths"),
                    "{vcl}"
                );
                vcl
            }
            edges::Kind::Apache => {
                std::fs::write(&map, m.to_apache_list_map().unwrap()).unwrap();
                m.to_apache_lists(&map_path).unwrap()
            }
        };
        let t = std::time::Instant::now();
        let edge = edges::start_before(kind, &binary, &snippet, Some(&app));
        eprintln!(
            "{}, 100,000 rows: checked and started in {:?}",
            kind.name(),
            t.elapsed()
        );
        compare(kind.name(), &app, &edge.addr);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
