//! On the wire, through a real server on 127.0.0.1 and a raw HTTP/1.1 client: HEAD sends no
//! body but the same Content-Length as GET, and the request body is never waited for.

use actix_web::{get, post, App, HttpServer};
use gone_runtime::gone;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

#[gone(
    since = "2025-03-01",
    reason = "Over the wire",
    link = "https://example.com/w"
)]
#[get("/w/page")]
pub async fn w_page() {}

#[gone(since = "2025-03-01", reason = "Uploads are closed")]
#[post("/w/upload")]
pub async fn w_upload(body: actix_web::web::Bytes) -> String {
    format!("{} bytes", body.len())
}

/// Starts the server on a free port in a thread of its own; it stops with the test process.
fn serve() -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(|| App::new().service(w_page).service(w_upload))
                .workers(1)
                .bind(("127.0.0.1", 0))
                .unwrap();
            tx.send(server.addrs()[0]).unwrap();
            server.run().await.unwrap();
        });
    });
    rx.recv_timeout(Duration::from_secs(10)).unwrap()
}

/// Sends `request` and reads until the server closes or `limit` passes.
fn exchange(addr: SocketAddr, request: &[u8]) -> (String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(request).unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head")
        + 4;
    (
        String::from_utf8_lossy(&raw[..split]).to_lowercase(),
        raw[split..].to_vec(),
    )
}

fn content_length(head: &str) -> usize {
    head.lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn head_has_no_body_and_the_get_content_length() {
    let addr = serve();
    for accept in ["*/*", "text/html", "text/plain"] {
        let get = format!("GET /w/page HTTP/1.1\r\nHost: x\r\nAccept: {accept}\r\nConnection: close\r\n\r\n");
        let head = get.replacen("GET", "HEAD", 1);
        let (get_head, get_body) = exchange(addr, get.as_bytes());
        let (head_head, head_body) = exchange(addr, head.as_bytes());
        assert!(get_head.starts_with("http/1.1 410 gone\r\n"), "{get_head}");
        assert!(head_head.starts_with("http/1.1 410 gone\r\n"), "{head_head}");
        assert_eq!(content_length(&get_head), get_body.len());
        assert_eq!(
            content_length(&head_head),
            get_body.len(),
            "HEAD announces the GET length"
        );
        assert!(head_body.is_empty(), "HEAD sent {} body bytes", head_body.len());
        let strip_date = |h: &str| {
            let mut l: Vec<_> = h
                .lines()
                .filter(|l| !l.starts_with("date:"))
                .map(str::to_string)
                .collect();
            l.sort();
            l
        };
        assert_eq!(strip_date(&get_head), strip_date(&head_head));
    }
}

#[test]
fn the_request_body_is_never_waited_for() {
    let addr = serve();
    // Announce 50 MB and send none of it: a handler that read the body would wait.
    let started = Instant::now();
    let (head, body) = exchange(
        addr,
        b"POST /w/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 52428800\r\nContent-Type: application/octet-stream\r\n\r\n",
    );
    assert!(head.starts_with("http/1.1 410 gone\r\n"), "{head}");
    assert!(std::str::from_utf8(&body).unwrap().contains("Uploads are closed"));
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "answered without the body"
    );
}
