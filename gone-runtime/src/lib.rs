//! Retire actix-web endpoints with a compile-checked **410 Gone** and a removal manifest.
//!
//! A 404 says "I can't find it"; a 410 says "it existed, it was removed on purpose, stop
//! asking". Put [`#[gone]`](macro@gone) above a retired handler's route attribute: at compile
//! time the handler becomes a 410 responder, its old body and extractors thrown away, and the
//! route joins the [`manifest`](fn@manifest).
//!
//! ```
//! use actix_web::{get, test, App};
//! use gone_runtime::gone;
//!
//! #[gone(since = "2025-03-01", reason = "API v1 was shut down; use /v2/users")]
//! #[get("/v1/users/{id}")]
//! async fn get_user_v1() {}
//!
//! # actix_web::rt::System::new().block_on(async {
//! let app = test::init_service(App::new().service(get_user_v1)).await;
//! let res = test::call_service(&app, test::TestRequest::get().uri("/v1/users/7").to_request()).await;
//! assert_eq!(res.status(), 410);
//! assert_eq!(res.headers().get("sunset").unwrap(), "Sat, 01 Mar 2025 00:00:00 GMT");
//! # });
//! ```

#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]

// The modules import each other in layers, never in a circle: see `layers::LAYERS` below.
mod accept;
mod check;
mod dispatch;
mod export;
mod gone;
mod index;
mod manifest;
mod pattern;
mod response;
mod serve;
mod statics;
mod stats;
pub mod test;

pub use check::{Change, CheckError, OVERWRITE_VAR};
pub use gone::{negotiate, Gone};
pub use gone_core::Date;
pub use manifest::{manifest, Duplicate, Duplicates, Manifest};
pub use serve::{serve_all, RetiredRoutes, RetiredRoutesService};
pub use statics::RetiredRoute;
pub use stats::{stats, stats_json, Hits};

/// Retires a route handler: it answers **410 Gone** and is listed in the [`manifest`](fn@manifest).
///
/// Put it *above* actix-web's route attribute (`#[get]`, `#[post]`, ..., `#[route]`,
/// `#[routes]`), which stays in force with its `name`, `guard` and `wrap`.
///
/// | key | required | meaning |
/// | --- | --- | --- |
/// | `since` | yes | the date of removal, `"YYYY-MM-DD"`; sent as the `Sunset` header |
/// | `reason` | yes | one sentence, shown in every body |
/// | `link` | no | absolute `http(s)` URL of migration notes; sent as `Link: <...>; rel="sunset"` |
/// | `max_age` | no | seconds for `Cache-Control: public, max-age=N`; default 86400, at most 31536000 |
/// | `path`, `method` | no | for a handler registered by hand with `.route(...)`: its path and method(s) (`"GET"` or `["GET", "POST"]`) |
///
/// The body and arguments are never compiled, so a retired handler may be cut down to
/// `async fn old() {}`. A retired GET also answers HEAD.
///
/// ```
/// use actix_web::{post, web};
/// use gone_runtime::gone;
///
/// #[gone(
///     since = "2024-11-30",
///     reason = "Orders are placed through /v2/orders",
///     link = "https://example.com/docs/migrate-v2",
///     max_age = 3600,
/// )]
/// #[post("/v1/orders")]
/// async fn create_order_v1(body: web::Json<u32>) -> String {
///     unreachable!("never compiled")
/// }
/// ```
pub use gone_macros::gone;

/// What the `#[gone]` expansion refers to. Not public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::dispatch::{register, resource, respond, GuardFn};
    pub use crate::statics::{retired_route, Handler, Registered, Retired};
    pub use actix_web::dev::{AppService, HttpServiceFactory};
    pub use actix_web::route;
    pub use actix_web::Handler as ActixHandler;
    pub use actix_web::{HttpRequest, HttpResponse};
    pub use gone_macros::gone;
    pub use inventory;
    pub use std::future::{ready, Ready};
}

#[cfg(test)]
mod layers {
    /// The modules, bottom up: the statics the macro writes; the answer built from them; the
    /// manifest and the counters; registration and dispatch; serving, checking, exporting and
    /// auditing above that.
    const LAYERS: &[&str] = &[
        "statics", "accept", "pattern", "response", "manifest", "stats", "dispatch", "index", "serve",
        "check", "export", "gone", "test",
    ];

    /// Each module's code names only modules below it in [`LAYERS`] (doc comments may link
    /// anywhere), so there is no circle; and every module of lib.rs has its place.
    #[test]
    fn modules_import_only_the_layers_below() {
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let lib = std::fs::read_to_string(format!("{src}/lib.rs")).unwrap();
        let mut declared: Vec<&str> = lib
            .lines()
            .filter_map(|l| l.trim_start_matches("pub ").strip_prefix("mod "))
            .filter_map(|l| l.split_once(';').map(|(name, _)| name))
            .collect();
        let mut layers = LAYERS.to_vec();
        declared.sort_unstable();
        layers.sort_unstable();
        assert_eq!(
            declared, layers,
            "every module of lib.rs, and only those, in LAYERS"
        );
        let order = LAYERS;
        let mut faults = Vec::new();
        for (at, module) in order.iter().enumerate() {
            let text = std::fs::read_to_string(format!("{src}/{module}.rs")).unwrap();
            // The code above its unit tests, without comments.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for line in code.lines().map(|l| l.split("//").next().unwrap_or("")) {
                for (i, _) in line.match_indices("crate::") {
                    let name: String = line[i + 7..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    match order.iter().position(|m| *m == name) {
                        Some(used) if used >= at => faults.push(format!("{module} uses {name}")),
                        _ => {}
                    }
                }
            }
        }
        assert!(faults.is_empty(), "imports against the layers: {faults:?}");
    }
}
