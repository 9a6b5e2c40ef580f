//! No warning at all: every imported route attribute still counts as used.
#![deny(warnings)]

use actix_web::{route, routes, App};
use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "r")]
#[route("/search", method = "GET", method = "POST")]
async fn search_v1() {}

#[gone(since = "2025-03-01", reason = "r")]
#[route("/custom", method = "GET", method = "HEAD", method = "PURGE",)]
async fn custom_v1() {}

#[gone(since = "2025-03-01", reason = "r")]
#[routes]
#[get("/a")]
#[get("/b")]
#[delete("/a")]
async fn many_v1() {}

fn main() {
    let _ = App::new().service(search_v1).service(custom_v1).service(many_v1);
    let pairs: Vec<_> =
        gone_runtime::manifest().iter().map(|r| format!("{} {}", r.method(), r.path())).collect();
    assert_eq!(
        pairs,
        ["DELETE /a", "GET /a", "GET /b", "GET /custom", "HEAD /custom", "PURGE /custom", "GET /search", "POST /search"]
    );
}
