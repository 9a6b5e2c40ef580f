//! No warning at all: every imported route attribute still counts as used.
#![deny(warnings)]

use actix_web::{connect, delete, get, head, options, patch, post, put, trace, App};
use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "r")]
#[get("/get")]
async fn a() {}
#[gone(since = "2025-03-01", reason = "r")]
#[post("/post")]
async fn b() {}
#[gone(since = "2025-03-01", reason = "r")]
#[put("/put")]
async fn c() {}
#[gone(since = "2025-03-01", reason = "r")]
#[delete("/delete")]
async fn d() {}
#[gone(since = "2025-03-01", reason = "r")]
#[patch("/patch")]
async fn e() {}
#[gone(since = "2025-03-01", reason = "r")]
#[head("/head")]
async fn f() {}
#[gone(since = "2025-03-01", reason = "r")]
#[options("/options")]
async fn g() {}
#[gone(since = "2025-03-01", reason = "r")]
#[trace("/trace")]
async fn h() {}
#[gone(since = "2025-03-01", reason = "r")]
#[connect("/connect")]
async fn i() {}
#[gone(since = "2025-03-01", reason = "r")]
#[actix_web::get("/qualified")]
async fn j() {}

fn main() {
    let _ = App::new().service((a, b, c, d, e, f, g, h, i, j));
    assert_eq!(gone_runtime::manifest().len(), 10);
}
