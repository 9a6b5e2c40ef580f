//! No warning at all: every imported route attribute still counts as used.
#![deny(warnings)]

use actix_web::{middleware::DefaultHeaders, App};
use gone_runtime::gone;

fn internal(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head().headers().contains_key("x-internal")
}

#[actix_web::scope("/v1")]
mod v1 {
    use actix_web::{get, post};
    use gone_runtime::gone;

    #[gone(since = "2025-03-01", reason = "r", link = "https://example.com/m", max_age = 0)]
    #[get("/users/{id}", name = "user_v1", guard = "super::internal", wrap = "super::DefaultHeaders::new()")]
    pub async fn user_v1() {}

    #[gone(since = "2025-03-01", reason = "r", max_age = 31536000)]
    #[post("/users")]
    pub async fn create_v1() {}
}

#[gone(since = "2025-03-01", reason = "r")]
#[actix_web::get("/top")]
async fn top_v1() {}

fn main() {
    let _ = App::new().service(v1::user_v1).service(v1::create_v1).service(top_v1);
    let paths: Vec<_> = gone_runtime::manifest().iter().map(|r| r.path()).collect();
    assert_eq!(paths, ["/top", "/v1/users", "/v1/users/{id}"]);
}
