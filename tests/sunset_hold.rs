//! SPEC §8: the rollback switch on a real server. `GONE_HOLD` is set before the server starts;
//! its app has no `Lifecycle` in its data, so it behaves as `Lifecycle::from_env()`: the held
//! route stays in its deprecated phase past `on`, the other answers 410. Both `on`s are long
//! past by any clock this runs on (the clock is not what is tested here: the switch is).

#[path = "support/client.rs"]
mod client;

use actix_web::{get, App, HttpResponse, HttpServer};
use client::Conn;
use gone_runtime::sunset;
use std::time::Duration;

#[sunset(deprecated = "1999-01-01", on = "2000-01-01", reason = "Held by GONE_HOLD")]
#[get("/held")]
async fn held_v1() -> HttpResponse {
    HttpResponse::Ok().body("still served")
}

#[sunset(deprecated = "1999-01-01", on = "2000-01-01", reason = "Not held")]
#[get("/not-held")]
async fn not_held_v1() -> HttpResponse {
    HttpResponse::Ok().body("still served")
}

#[test]
fn gone_hold_keeps_a_route_served_on_a_real_server() {
    // Set before any request reads it (the default lifecycle is read once).
    std::env::set_var("GONE_HOLD", "held_v1, /some/other/path");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(|| App::new().service(held_v1).service(not_held_v1))
                .workers(1)
                .bind(("127.0.0.1", 0))
                .unwrap();
            tx.send(server.addrs()[0].to_string()).unwrap();
            server.run().await.unwrap();
        });
    });
    let addr = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    let mut conn = Conn::open(&addr).unwrap();

    let held = conn.send("GET", "/held", &[], b"").unwrap();
    assert_eq!(held.status, 200);
    assert_eq!(held.body, b"still served");
    assert_eq!(held.header("deprecation"), Some("@915148800"));
    assert_eq!(held.header("sunset"), Some("Sat, 01 Jan 2000 00:00:00 GMT"));

    let gone = conn
        .send("GET", "/not-held", &["Accept: text/plain"], b"")
        .unwrap();
    assert_eq!(gone.status, 410);
    assert_eq!(gone.header("sunset"), Some("Sat, 01 Jan 2000 00:00:00 GMT"));
    assert!(String::from_utf8_lossy(&gone.body).starts_with("410 Gone: Not held\n"));

    let route = gone_runtime::manifest()
        .sunset()
        .find(|r| r.handler() == "held_v1")
        .unwrap();
    assert_eq!((route.hits("held"), route.hits("gone")), (1, 0));
}
