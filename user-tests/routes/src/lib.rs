//! A user's library crate of routes, written as the README says, with actix-web's default
//! features. Its tests are in `tests/`; its doctests are the README's Rust blocks.

use actix_web::{web, HttpResponse};
use gone_runtime::gone;

/// Every Rust block of the README, compiled and run as a doctest of this crate, which depends
/// on gone as a user's crate does: a README recipe that does not work fails `cargo test`.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

/// A private handler in a module, retired: still reachable from outside the module, as the
/// live one was (actix-web's default `compat` feature makes its handlers `pub`).
pub mod api {
    use actix_web::get;
    use gone_runtime::gone;

    #[gone(since = "2025-03-01", reason = "The private endpoint was removed")]
    #[get("/p")]
    async fn private_handler() -> &'static str {
        "live"
    }
}

/// The README's module example, as it stands there: no import of `gone` inside.
#[gone(since = "2025-03-01", reason = "API v1 was shut down; see /v2")]
#[actix_web::scope("/v1")]
pub mod v1 {
    use actix_web::{get, post};

    #[get("/users/{id}")]
    async fn user() {}

    #[gone(since = "2025-02-01", reason = "Sign-ups closed a month earlier")]
    #[post("/users")]
    async fn sign_up() {}
}

/// The hand-registration recipe: `path` in the attribute, `.service(old)` in the app.
#[gone(since = "2025-03-01", reason = "The old page is gone", path = "/old")]
pub async fn old() {}

/// Registered the way it was while it lived, `.route(path, web::get().to(...))`: it still
/// compiles and answers GET, but its GET guard refuses HEAD, which the audit reports.
#[gone(
    since = "2025-03-01",
    reason = "The other old page is gone",
    path = "/old-route"
)]
pub async fn old_route() {}

/// A route attribute without a leading `/`: actix-web serves it as `/x`.
#[gone(since = "2025-03-01", reason = "No slash")]
#[actix_web::get("x")]
async fn no_slash() {}

/// A live handler, to show the retired ones beside it.
async fn live() -> HttpResponse {
    HttpResponse::Ok().body("live")
}

/// Registers every route of this crate, retired or live, except `old_route`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(api::private_handler)
        .service(v1::user)
        .service(v1::sign_up)
        .service(old)
        .service(no_slash)
        .route("/live", web::get().to(live));
}
