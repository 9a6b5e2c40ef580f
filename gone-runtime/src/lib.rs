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
mod callers;
mod check;
mod dispatch;
mod edge;
mod export;
mod gone;
mod index;
mod lifecycle;
mod listed;
mod lists;
mod manifest;
#[cfg(feature = "openapi")]
#[cfg_attr(docsrs, doc(cfg(feature = "openapi")))]
pub mod openapi;
mod page;
mod pattern;
mod redirect;
mod response;
mod serve;
mod statics;
mod stats;
mod sunset;
pub mod test;
mod varnish;

pub use callers::{
    callers, callers_json, Caller, CallerReport, Callers, RouteCallers, DEFAULT_LIMIT, MAX_LABEL, OTHER,
    UNKNOWN,
};
pub use check::{Change, CheckError, Lost, OVERWRITE_VAR};
pub use gone::{negotiate, Gone};
pub use gone_core::schedule::Instant;
pub use gone_core::Date;
pub use lifecycle::Lifecycle;
pub use listed::Listed;
pub use lists::{Lists, ListsService};
pub use manifest::{manifest, Duplicate, Duplicates, Manifest, Routes};
pub use page::SitePage;
pub use serve::{serve, serve_all, RetiredRoutes, RetiredRoutesService};
pub use statics::{MovedRoute, RetiredRoute, RevivedRoute, Route, SunsetRoute};
#[cfg(feature = "metrics")]
pub use stats::describe_metrics;
pub use stats::{stats, stats_json, Hits, METRIC};

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

/// Schedules a live route's retirement: it keeps running with `Deprecation`, `Sunset` and
/// `Link` headers on every response, answers 410 during its brownouts, and from `on` answers
/// exactly what [`#[gone]`](macro@gone) would, with no deploy. A [`Lifecycle`] in the app's
/// data decides the phase per request (a fixed clock, holds).
///
/// Put it *above* actix-web's route attribute, like `#[gone]` (also on a module under
/// `#[scope]`, or on an inline module for every handler inside).
///
/// | key | required | meaning |
/// | --- | --- | --- |
/// | `deprecated` | yes | when the deprecation took (or takes) effect: `"YYYY-MM-DD"` or `"YYYY-MM-DDTHH:MMZ"` (UTC); sent as `Deprecation: @<unix seconds>` |
/// | `on` | yes | from this instant on, 410; not before `deprecated`; sent as `Sunset` |
/// | `reason` | yes | one sentence, in every 410 body |
/// | `link` | no | absolute `http(s)` URL of migration notes: `Link: <...>; rel="deprecation"; type="text/html"` |
/// | `brownouts` | no | windows `START/DURATION` (`PT1H`, `PT30M`, `PT1H30M`, `P1D`) inside `[deprecated, on)`, not overlapping, in which it already answers 410 |
/// | `exempt` | no | a `fn(&GuardContext) -> bool`: a request it says yes to stays in the deprecated phase |
/// | `max_age` | no | `Cache-Control` max-age of the 410 from `on`; default 86400 |
///
/// ```
/// use actix_web::{get, web, HttpResponse};
/// use gone_runtime::sunset;
///
/// #[sunset(
///     deprecated = "2025-01-15",
///     on = "2025-06-30",
///     reason = "API v1 is being shut down; use /v2/users/{id}",
///     link = "https://example.com/migrate-v2",
///     brownouts = ["2025-06-03T14:00Z/PT1H", "2025-06-17T14:00Z/PT24H"],
/// )]
/// #[get("/v1/users/{id}")]
/// async fn get_user_v1(id: web::Path<u32>) -> HttpResponse {
///     HttpResponse::Ok().body(format!("user {id}"))
/// }
/// ```
pub use gone_macros::sunset;

/// Moves a route handler for good: it answers a permanent redirect to its new address (`308
/// Permanent Redirect`, or `301`) and is listed in the [`manifest`](fn@manifest)'s `moved`
/// list, its old body and extractors thrown away as with [`#[gone]`](macro@gone).
///
/// Put it *above* actix-web's route attribute, like `#[gone]` (or on a module, or with `path`
/// for a handler registered by hand).
///
/// | key | required | meaning |
/// | --- | --- | --- |
/// | `to` | yes | the new address: a path starting with `/`, or an absolute `http(s)` URL; each `{name}` is the value the request matched for the route's parameter `name` (checked at compile time), as it arrived |
/// | `since` | yes | the date of the move, `"YYYY-MM-DD"` |
/// | `reason` | no | one sentence, in the short body |
/// | `status` | no | `308` (the default: clients keep the method and body) or `301` |
/// | `max_age` | no | seconds for `Cache-Control: public, max-age=N`; default 86400 |
/// | `path`, `method` | no | for a handler registered by hand, as with `#[gone]` |
///
/// The request's query string is carried over when `to` has none. A moved GET also answers
/// HEAD.
///
/// ```
/// use actix_web::{get, test, App};
/// use gone_runtime::moved;
///
/// #[moved(to = "/v2/users/{id}", since = "2025-03-01")]
/// #[get("/v1/users/{id}")]
/// async fn get_user_v1() {}
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(App::new().service(get_user_v1)).await;
/// let req = test::TestRequest::get().uri("/v1/users/7?fields=name").to_request();
/// let res = test::call_service(&app, req).await;
/// assert_eq!(res.status(), 308);
/// assert_eq!(res.headers().get("location").unwrap(), "/v2/users/7?fields=name");
/// # });
/// ```
pub use gone_macros::moved;

/// Records that a route which was retired is live again, on purpose (SPEC §15): the handler
/// is left exactly as written (its body compiles and runs, its answers are its own), and its
/// routes join the [`manifest`](fn@manifest)'s `revived` list, which lets the committed
/// manifest's entry for them go (see [`Manifest::assert_fresh`]).
///
/// A retired URL is a promise: "it existed, it was removed on purpose, stop asking". The
/// freshness check keeps it: an entry of the committed manifest that left the code fails it,
/// even with `GONE_MANIFEST=overwrite`, until the handler is retired again or the revival is
/// recorded here.
///
/// Put it *above* actix-web's route attribute, like `#[gone]` (also on a module, or with
/// `path` for a handler registered by hand). In a `removed!` list, a row of status `revived`
/// does the same for a listed path.
///
/// | key | required | meaning |
/// | --- | --- | --- |
/// | `since` | yes | the date it came back, `"YYYY-MM-DD"` |
/// | `reason` | yes | one sentence: why the decision was reversed |
/// | `path`, `method` | no | for a handler registered by hand, as with `#[gone]` |
///
/// ```
/// use actix_web::{get, test, App, HttpResponse};
/// use gone_runtime::revived;
///
/// #[revived(since = "2025-09-01", reason = "The v1 export is back by customer demand")]
/// #[get("/v1/export")]
/// async fn export_v1() -> HttpResponse {
///     HttpResponse::Ok().body("id,name\n")
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(App::new().service(export_v1)).await;
/// let res = test::call_service(&app, test::TestRequest::get().uri("/v1/export").to_request()).await;
/// assert_eq!(res.status(), 200);
/// let revived = gone_runtime::manifest().revived().find(|r| r.handler() == "export_v1").unwrap();
/// assert_eq!((revived.path(), revived.since()), ("/v1/export", "2025-09-01"));
/// # });
/// ```
pub use gone_macros::revived;

/// Serves a list of removed paths, read from a CSV file at compile time: for sites with
/// pages removed by the thousand, listed as data rather than as handlers.
///
/// Write it at module level (any number of times); the file is relative to the crate's root,
/// the folder of its `Cargo.toml`, and a change to it rebuilds the crate. Wrap the app in
/// [`Lists`], which answers every listed path before routing, even under a live pattern.
///
/// The first line names the columns, in any order; blank lines are skipped, and a line whose
/// first field starts with `#` is a comment. Fields are CSV (RFC 4180): quote one that holds a
/// comma, and write a quote inside it as `""`.
///
/// | column | required | meaning |
/// | --- | --- | --- |
/// | `path` | yes | the removed path, from the site's root (`/posts/launch-2019`), or a prefix, `/old-forum/*`: every path below it, not the folder itself |
/// | `since` | yes | the date it was removed, `YYYY-MM-DD` |
/// | `status` | no | `410` (the default), `451` (removed for legal reasons), `301` or `308` (moved) |
/// | `reason` | for 410 and 451 | one sentence, in the body |
/// | `to` | for 301 and 308 | the new address, as `#[moved]`'s `to`, without parameters |
/// | `link` | no | a 410's migration notes (`Link: <URL>; rel="sunset"`), a 451's authority (`rel="blocked-by"`, RFC 7725) |
/// | `max_age` | no | seconds for `Cache-Control: public, max-age=N`; default 86400 |
/// | `method` | no | `*` (every method, the default), or one method; a `GET` row also answers HEAD |
///
/// Every fault is a compile error that names the file and line (`removed.csv:17: since
/// "2025-02-30" is not a date; ...`), at most 20 of them; a list with a fault serves nothing.
/// The rows are in the [`manifest`](fn@manifest)'s `listed` array.
///
/// ```
/// use actix_web::{get, test, App, HttpResponse};
///
/// // path,since,status,reason,to
/// // /posts/launch-2019,2025-03-01,,This post was retired with the old blog.,
/// // /old-forum/*,2024-11-30,,The forum was closed.,
/// // /posts/leaked-memo,2025-05-02,451,Removed on a court order.,
/// // /about-us,2025-01-15,301,,/about
/// gone_runtime::removed!("lists/example.csv");
///
/// #[get("/posts/{slug}")]
/// async fn post() -> HttpResponse {
///     HttpResponse::Ok().body("a live post")
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(App::new().wrap(gone_runtime::Lists).service(post)).await;
/// let status = |uri: &'static str| {
///     let app = &app;
///     async move { test::call_service(app, test::TestRequest::get().uri(uri).to_request()).await.status() }
/// };
/// assert_eq!(status("/posts/launch-2019").await, 410);
/// assert_eq!(status("/posts/still-here").await, 200);
/// assert_eq!(status("/old-forum/t/42").await, 410);
/// assert_eq!(status("/posts/leaked-memo").await, 451);
/// assert_eq!(status("/about-us").await, 301);
/// # });
/// ```
pub use gone_macros::removed;

/// The site's own page, for the app's data: the template the crate declares in its
/// `Cargo.toml`, read and checked at compile time, or the one named here (relative to the
/// crate's root). The compile-time routes of the crate are written in the declared page by
/// their macros; this gives it to the run-time [`Gone`] and [`Gone::blocked`], which look for
/// it in the app's data.
///
/// ```toml
/// [package.metadata.gone]
/// page = "templates/gone.html"
/// ```
///
/// The template is HTML with slots, each value HTML-escaped: `{{title}}` (`410 Gone`, `451
/// Unavailable For Legal Reasons`, `410 Gone: scheduled brownout`, `308 Permanent
/// Redirect`), `{{status}}`, `{{reason}}` (which every template shows), `{{since}}`,
/// `{{link}}`, `{{until}}` (a brownout's end), `{{to}}` (a moved page's new address); and
/// sections, `{{#link}}...{{/link}}`, shown only when the value exists. A fault (an unknown
/// slot, a section never closed, `{{{raw}}}`, a file missing or not UTF-8) is a compile error
/// naming the file and line.
///
/// ```
/// use actix_web::{get, test, App, HttpResponse};
/// use gone_runtime::Gone;
///
/// #[get("/posts/{slug}")]
/// async fn post() -> Result<HttpResponse, Gone> {
///     Err(Gone::new("The post was deleted by its author"))
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(
///     App::new()
///         .app_data(gone_runtime::page!("pages/example.html"))
///         .wrap(actix_web::middleware::from_fn(gone_runtime::negotiate))
///         .service(post),
/// )
/// .await;
/// let req = test::TestRequest::get().uri("/posts/x").insert_header(("accept", "text/html")).to_request();
/// let body = test::call_and_read_body(&app, req).await;
/// let html = String::from_utf8(body.to_vec()).unwrap();
/// assert!(html.contains("<header><a href=\"/\">Example</a></header>"));
/// assert!(html.contains("<p>The post was deleted by its author</p>"));
/// # });
/// ```
pub use gone_macros::page;

/// What the `#[gone]` expansion refers to. Not public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::dispatch::{moved_resource, register, register_moved, resource, respond, respond_moved};
    pub use crate::listed::{List, ListAnswer, RegisteredList};
    pub use crate::page::SitePage;
    pub use crate::statics::{
        record, Brownout, GuardFn, Handler, Moved, MovedHandler, Redirect, Registered, Removed, Retired,
        Revival, Revived, RevivedHandler, RevivedRoute, Schedule, Scheduled, SunsetHandler, Where,
    };
    pub use crate::sunset::{sunset_resource, SunsetWrap};
    pub use actix_web::dev::{AppService, HttpServiceFactory};
    pub use actix_web::route;
    pub use actix_web::Handler as ActixHandler;
    pub use actix_web::{HttpRequest, HttpResponse};
    pub use gone_core::target::Piece;
    pub use gone_macros::{gone, moved, revived, sunset};
    pub use inventory;
    pub use std::future::{ready, Ready};
    pub use std::sync::atomic::AtomicU64;
}

#[cfg(test)]
mod layers {
    /// The modules, bottom up: the statics the macro writes; the answer built from them; the
    /// manifest and the counters; registration and dispatch, and the sunset middleware;
    /// serving, checking, exporting and auditing above that.
    const LAYERS: &[&str] = &[
        "page",
        "statics",
        "listed",
        "accept",
        "pattern",
        "lifecycle",
        "callers",
        "response",
        "redirect",
        "manifest",
        "stats",
        "lists",
        "dispatch",
        "sunset",
        "index",
        "serve",
        "check",
        "edge",
        "export",
        "varnish",
        "openapi",
        "gone",
        "test",
    ];

    /// Each module's code names only modules below it in [`LAYERS`] (doc comments may link
    /// anywhere), so there is no circle; and every module of lib.rs has its place.
    #[test]
    fn modules_import_only_the_layers_below() {
        let faults = gone_core::layers::faults(concat!(env!("CARGO_MANIFEST_DIR"), "/src"), LAYERS);
        assert!(faults.is_empty(), "imports against the layers: {faults:?}");
    }
}
