//! Load and faults against a real server on 127.0.0.1 (SPEC §3: nothing a client sends can
//! break a retired route). Bounded in count and time; the tests of this binary run one at a
//! time, since one of them reads the process's resident memory.

#[path = "support/client.rs"]
mod client;

use actix_web::{get, post, App, HttpResponse, HttpServer};
use client::Conn;
use gone_runtime::gone;
use std::io::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

#[gone(since = "2025-03-01", reason = "Books moved to /v2/books")]
#[get("/v1/books/{id}")]
pub async fn book_v1(id: actix_web::web::Path<u64>) -> String {
    id.to_string()
}

#[gone(since = "2025-03-01", reason = "Uploads are closed")]
#[post("/v1/upload")]
pub async fn upload_v1(body: actix_web::web::Json<Vec<u8>>) -> String {
    body.len().to_string()
}

#[gone(since = "2025-03-01", reason = "Served from the manifest")]
#[get("/v1/static")]
pub async fn static_v1() {}

#[get("/v2/books/{id}")]
async fn book_v2(id: actix_web::web::Path<u64>) -> HttpResponse {
    HttpResponse::Ok().body(format!("book {id}"))
}

fn serve() -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(|| {
                App::new()
                    .service(book_v2)
                    .service(book_v1)
                    .service(upload_v1)
                    .configure(gone_runtime::serve_all)
            })
            .workers(2)
            .bind(("127.0.0.1", 0))
            .unwrap();
            tx.send(server.addrs()[0].to_string()).unwrap();
            server.run().await.unwrap();
        });
    });
    rx.recv_timeout(Duration::from_secs(10)).unwrap()
}

#[test]
fn twenty_thousand_mixed_requests_over_64_connections() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let addr = serve();
    const CONNECTIONS: usize = 64;
    const REQUESTS: usize = 20_000;
    let started = Instant::now();
    let threads: Vec<_> = (0..CONNECTIONS)
        .map(|c| {
            let addr = addr.clone();
            std::thread::spawn(move || -> Result<([usize; 3], usize), String> {
                let mut conn = Conn::open(&addr).map_err(|e| format!("connect: {e}"))?;
                let mut seen = [0; 3];
                for i in (c..REQUESTS).step_by(CONNECTIONS) {
                    let (method, path, expected, kind) = match i % 5 {
                        0 => ("GET", format!("/v1/books/{i}"), 410, 0),
                        1 => ("HEAD", "/v1/static".to_string(), 410, 0),
                        2 => ("POST", "/v1/upload".to_string(), 410, 0),
                        3 => ("GET", format!("/v2/books/{i}"), 200, 1),
                        _ => ("GET", format!("/never/{i}"), 404, 2),
                    };
                    let body: &[u8] = if method == "POST" { b"{not json" } else { b"" };
                    let res = conn
                        .send(method, &path, &["Accept: */*"], body)
                        .map_err(|e| format!("{method} {path}: {e}"))?;
                    if res.status != expected {
                        return Err(format!(
                            "{method} {path}: got {} instead of {expected}",
                            res.status
                        ));
                    }
                    seen[kind] += 1;
                }
                Ok((seen, conn.reconnects))
            })
        })
        .collect();
    let (mut totals, mut reconnects) = ([0; 3], 0);
    for t in threads {
        let (seen, r) = t.join().unwrap().unwrap_or_else(|e| panic!("{e}"));
        for (total, n) in totals.iter_mut().zip(seen) {
            *total += n;
        }
        reconnects += r;
    }
    assert_eq!(totals, [12_000, 4_000, 4_000], "retired, live, unknown");
    // actix-web closes a connection whose request body was not read, saying so with
    // `Connection: close`; the client opens a new one, as clients do. Nothing else closes.
    assert!(
        reconnects <= 4_000,
        "{reconnects} reconnections for 4,000 unread bodies"
    );
    eprintln!(
        "20,000 requests over 64 connections in {:?}, {reconnects} reconnections",
        started.elapsed()
    );
}

/// The status of a plain GET on a new connection.
fn status(addr: &str, path: &str) -> u16 {
    Conn::open(addr)
        .unwrap()
        .send("GET", path, &[], b"")
        .unwrap()
        .status
}

fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4096
}

#[test]
fn a_50_mb_body_gets_410_without_the_server_holding_it() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let addr = serve();
    // Warm the server up, so that its buffers and pools are counted before.
    let mut warm = Conn::open(&addr).unwrap();
    for _ in 0..20 {
        warm.send("POST", "/v1/upload", &[], b"[1,2,3]").unwrap();
    }
    let before = resident_bytes();

    const SIZE: usize = 50 * 1024 * 1024;
    let mut conn = Conn::open(&addr).unwrap();
    let head = format!(
        "POST /v1/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {SIZE}\r\n\r\n"
    );
    conn.stream().write_all(head.as_bytes()).unwrap();
    // Stream the body from one small buffer; the server may answer and close before the end.
    let chunk = vec![b'7'; 64 * 1024];
    let mut sent = 0;
    while sent < SIZE {
        match conn.stream().write(&chunk[..chunk.len().min(SIZE - sent)]) {
            Ok(n) => sent += n,
            Err(_) => break,
        }
    }
    let res = conn.read(false).expect("a response to the upload");
    assert_eq!(res.status, 410);
    assert!(String::from_utf8_lossy(&res.body).contains("Uploads are closed"));
    let grown = resident_bytes().saturating_sub(before);
    eprintln!("sent {sent} bytes of {SIZE}; resident memory grew by {grown} bytes");
    assert!(
        grown < (SIZE / 5) as u64,
        "the server held the body: resident memory grew by {grown} bytes"
    );
    // And it keeps serving.
    assert_eq!(status(&addr, "/v2/books/1"), 200);
}

#[test]
fn hostile_requests_get_a_well_formed_answer_and_the_server_keeps_serving() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let addr = serve();
    let big_header = format!("X-Padding: {}", "a".repeat(8 * 1024));
    let many_items = format!("Accept: {}", vec!["x/y"; 2_000].join(","));
    /// method, path, headers, body, expected status
    type Case<'a> = (&'a str, &'a str, Vec<&'a str>, &'a [u8], u16);
    let cases: Vec<Case> = vec![
        (
            "POST",
            "/v1/upload",
            vec!["Content-Type: application/json"],
            b"{\"unterminated",
            410,
        ),
        ("GET", "/v1/books/%FF%FE%80", vec![], b"", 410),
        ("GET", "/v1/books/%C0%AF", vec![], b"", 410),
        ("GET", "/v1/books/1", vec![&big_header], b"", 410),
        ("GET", "/v1/books/1", vec![&many_items], b"", 410),
        ("GET", "/v1/books/1", vec!["Accept: */*;q=abc"], b"", 410),
        ("GET", "/v1/books/1", vec!["Accept: ;;;,,,q=1,/"], b"", 410),
        (
            "GET",
            "/v1/static",
            vec!["Accept: text/html;q=0.5;q=0.9"],
            b"",
            410,
        ),
        // Control characters are not a field value (RFC 9110 §5.5): actix-web's parser answers 400.
        ("GET", "/v1/books/1", vec!["Accept: \u{1}\u{7f}"], b"", 400),
    ];
    for (method, path, headers, body, expected) in cases {
        let mut conn = Conn::open(&addr).unwrap();
        let res = conn
            .send(method, path, &headers, body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let what = format!(
            "{method} {path} {:?}",
            headers.iter().map(|h| &h[..h.len().min(40)]).collect::<Vec<_>>()
        );
        assert_eq!(res.status, expected, "{what}");
        let content_type = res.header("content-type").unwrap_or("");
        if expected == 410 {
            assert!(
                content_type.starts_with("application/problem+json") || content_type.starts_with("text/"),
                "{what}"
            );
        }
        assert_eq!(
            res.header("content-length").map(|l| l.parse::<usize>().unwrap()),
            Some(res.body.len()),
            "{what}"
        );
        if content_type == "application/problem+json" {
            serde_json::from_slice::<serde_json::Value>(&res.body).unwrap_or_else(|e| panic!("{what}: {e}"));
        }
    }
    // Garbage that is not HTTP at all: an error response or a closed connection, then business as usual.
    let mut conn = Conn::open(&addr).unwrap();
    conn.stream()
        .write_all(b"\x16\x03\x01\x02\x00garbage\r\n\r\n")
        .unwrap();
    if let Ok(res) = conn.read(false) {
        assert!((400..500).contains(&res.status), "{}", res.status);
    }
    assert_eq!(status(&addr, "/v1/books/1"), 410);
    assert_eq!(status(&addr, "/v2/books/1"), 200);
}
