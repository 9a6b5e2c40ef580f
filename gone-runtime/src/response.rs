//! The 410 response of a retired route: bodies and header values written at compile time,
//! chosen per request by `Accept`, and put in a response without copying.

use crate::accept::{self, Format};
use crate::manifest::{route_for_method, RetiredRoute};
use actix_web::body::MessageBody;
use actix_web::dev::{AppService, HttpServiceFactory};
use actix_web::guard::{self, GuardContext};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use std::ops::Range;

/// One retired handler: its response and its manifest entries, in one `static` that the
/// macro writes as a literal (one static per handler keeps the build cheap).
#[doc(hidden)]
pub struct Handler<const N: usize> {
    pub response: Retired,
    pub routes: [RetiredRoute; N],
}

/// The response of one retired handler, built in a `static` at compile time.
#[doc(hidden)]
pub struct Retired {
    pub since: &'static str,
    pub reason: &'static str,
    pub link: Option<&'static str>,
    pub json: &'static str,
    pub html: &'static str,
    pub text: &'static str,
    pub cache_control: &'static str,
    pub sunset: &'static str,
    pub link_header: Option<&'static str>,
}

pub(crate) const SUNSET: HeaderName = HeaderName::from_static("sunset");
pub(crate) const PROBLEM_JSON: HeaderValue = HeaderValue::from_static("application/problem+json");
pub(crate) const HTML: HeaderValue = HeaderValue::from_static("text/html; charset=utf-8");
pub(crate) const TEXT: HeaderValue = HeaderValue::from_static("text/plain; charset=utf-8");
pub(crate) const VARY_ACCEPT: HeaderValue = HeaderValue::from_static("Accept");

/// A header value pointing at static text: checked (the macro already checked it, so this
/// never fails for its values), neither copied nor allocated. Made per request rather than
/// kept in the static: a `static` holding `HeaderValue`s costs the build a third more.
fn static_value(s: &'static str) -> Option<HeaderValue> {
    HeaderValue::from_maybe_shared(Bytes::from_static(s.as_bytes())).ok()
}

impl Retired {
    /// The values of `Cache-Control`, `Sunset` and `Link`, as sent.
    pub(crate) fn header_values(&self) -> [Option<&'static str>; 3] {
        [
            Some(self.cache_control),
            Some(self.sunset).filter(|s| !s.is_empty()),
            self.link_header,
        ]
    }

    /// The 410 in the given format: a static body and header values pointing at static text.
    pub(crate) fn response(&self, format: Format) -> HttpResponse {
        let body = match format {
            Format::Json => self.json,
            Format::Html => self.html,
            Format::Text => self.text,
        };
        let [cache_control, sunset, link] = self.header_values().map(|v| v.and_then(static_value));
        gone_response(
            format,
            body,
            [
                (header::CACHE_CONTROL, cache_control),
                (SUNSET, sunset),
                (header::LINK, link),
            ],
        )
    }
}

/// A 410 with `body` in `format`, `Vary: Accept`, and the given values: the one place both
/// retired routes and [`Gone`](crate::Gone) put their answer together.
pub(crate) fn gone_response<B: MessageBody + 'static>(
    format: Format,
    body: B,
    values: [(HeaderName, Option<HeaderValue>); 3],
) -> HttpResponse {
    let content_type = match format {
        Format::Json => PROBLEM_JSON,
        Format::Html => HTML,
        Format::Text => TEXT,
    };
    let mut res = HttpResponse::with_body(StatusCode::GONE, body).map_into_boxed_body();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(header::VARY, VARY_ACCEPT);
    for (name, value) in values {
        if let Some(value) = value {
            headers.insert(name, value);
        }
    }
    res
}

/// The body of a retired handler that stays an `async fn` (under actix-web's route macro, or
/// registered by hand): `routes` are its manifest entries, `retired` its response (also used
/// alone, with no entry, in the macro's error fallback).
#[doc(hidden)]
pub fn respond(
    routes: &'static [RetiredRoute],
    retired: &'static Retired,
    req: &HttpRequest,
) -> HttpResponse {
    match pick(routes, req) {
        Some(route) => serve(route, req),
        None => retired.response(accept::format_for(req)),
    }
}

/// A route attribute's `guard = "path"` function, as [`register`] takes it.
#[doc(hidden)]
pub type GuardFn = &'static dyn Fn(&GuardContext<'_>) -> bool;

/// Registers one resource of a retired handler as actix-web's route macro would have: see
/// [`resource`]. The macro calls it once per route attribute (once per method attribute under
/// `#[routes]`): registration and handler are compiled once, here, instead of once per retired
/// handler in the user's crate.
#[doc(hidden)]
pub fn register(
    config: &mut AppService,
    routes: &'static [RetiredRoute],
    entries: Range<usize>,
    name: &str,
    guards: &'static [GuardFn],
) {
    HttpServiceFactory::register(resource(routes, entries, name, guards), config);
}

/// One resource of a retired handler, as actix-web's route macro would have built it:
/// `Resource::new(path).name(name)` guarded by the methods of `routes[entries]` (and HEAD, when
/// [`route_for_method`] gives it one of them) and by `guards`, each request answered by its
/// own entry. The macro wraps it in the attribute's middleware, if any, and registers it.
#[doc(hidden)]
pub fn resource(
    routes: &'static [RetiredRoute],
    entries: Range<usize>,
    name: &str,
    guards: &'static [GuardFn],
) -> actix_web::Resource {
    // The macro gives a non-empty range of entries on one path. Were it not so, the resource
    // would match no method: never a wrong answer.
    let own = routes.get(entries).unwrap_or_default();
    let path = own.first().map_or("", |r| r.path());
    // Not when another attribute of the handler routes HEAD on this path: that one answers it.
    let takes_head = route_for_method(on_path(routes, path), "HEAD")
        .is_some_and(|r| own.iter().any(|o| std::ptr::eq(o, r)));
    let mut resource =
        actix_web::Resource::new(path)
            .name(name)
            .guard(guard::fn_guard(move |ctx: &GuardContext<'_>| {
                match ctx.head().method.as_str() {
                    "HEAD" => takes_head,
                    asked => own.iter().any(|r| r.method() == asked),
                }
            }));
    for &check in guards {
        resource = resource.guard(guard::fn_guard(check));
    }
    resource.to(move |req: HttpRequest| {
        // The guard lets through only what one of `own` answers.
        let res = match route_for_method(own.iter(), req.method().as_str()) {
            Some(route) => serve(route, &req),
            None => HttpResponse::NotFound().finish(),
        };
        std::future::ready(res)
    })
}

/// Which of a handler's entries this request reached: on each of their paths, the one that
/// answers its method; only when that leaves several, the one on the matched pattern, which
/// costs an allocation.
fn pick(routes: &'static [RetiredRoute], req: &HttpRequest) -> Option<&'static RetiredRoute> {
    if let [only] = routes {
        return Some(only);
    }
    let method = req.method().as_str();
    let mut reached = routes
        .iter()
        .filter(|r| route_for_method(on_path(routes, r.path()), method).is_some_and(|a| std::ptr::eq(a, *r)));
    match (reached.next(), reached.next()) {
        (Some(one), None) => Some(one),
        (None, _) => None,
        (Some(_), Some(_)) => route_for_method(on_path(routes, &req.match_pattern()?), method),
    }
}

/// The routes on `path`.
fn on_path<'p>(
    routes: &'static [RetiredRoute],
    path: &'p str,
) -> impl Iterator<Item = &'static RetiredRoute> + Clone + 'p {
    routes.iter().filter(move |r| r.path() == path)
}

/// The 410 of `route` for `req`, whichever way the route was reached: counted and logged.
pub(crate) fn serve(route: &'static RetiredRoute, req: &HttpRequest) -> HttpResponse {
    route.hit();
    crate::stats::log(req, route.path(), route.since());
    route.response().response(accept::format_for(req))
}
