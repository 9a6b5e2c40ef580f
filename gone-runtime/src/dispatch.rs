//! Registration and dispatch: how a retired or moved handler's routes reach actix-web (one
//! [`resource`] per route attribute, or the [`respond`] body of an `async fn`), and how a
//! request that reached one is answered ([`Served::serve`]): counted, logged, and given its
//! 410 or its redirect. One generic body for both kinds, instantiated here, not in the user's
//! crate.

use crate::accept;
use crate::callers::Call;
use crate::statics::{route_for_method, GuardFn, MovedRoute, Retired, RetiredRoute, Routed};
use actix_web::dev::{AppService, HttpServiceFactory};
use actix_web::guard::{self, GuardContext};
use actix_web::{HttpRequest, HttpResponse};
use std::ops::Range;

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
        Some(route) => route.serve(req),
        None => retired.response(accept::format_for(req)),
    }
}

/// [`respond`], for a moved handler.
#[doc(hidden)]
pub fn respond_moved(routes: &'static [MovedRoute], req: &HttpRequest) -> HttpResponse {
    match (pick(routes, req), routes.first()) {
        (Some(route), _) => route.serve(req),
        // Reached by a method its entries do not list (registered by hand as it was not
        // declared): the redirect all the same, as a retired handler answers its 410, uncounted.
        (None, Some(any)) => any.response(req),
        (None, None) => HttpResponse::NotFound().finish(),
    }
}

/// [`register`], for a moved handler.
#[doc(hidden)]
pub fn register_moved(
    config: &mut AppService,
    routes: &'static [MovedRoute],
    entries: Range<usize>,
    name: &str,
    guards: &'static [GuardFn],
) {
    HttpServiceFactory::register(resource_of(routes, entries, name, guards), config);
}

/// [`resource`], for a moved handler.
#[doc(hidden)]
pub fn moved_resource(
    routes: &'static [MovedRoute],
    entries: Range<usize>,
    name: &str,
    guards: &'static [GuardFn],
) -> actix_web::Resource {
    resource_of(routes, entries, name, guards)
}

/// A route a handler's resource answers: retired or moved.
pub(crate) trait Served: Routed + Sync + 'static {
    fn path(&self) -> &'static str;
    /// The answer to `req`, counted and logged.
    fn serve(&'static self, req: &HttpRequest) -> HttpResponse;
}

impl Served for RetiredRoute {
    fn path(&self) -> &'static str {
        RetiredRoute::path(self)
    }

    fn serve(&'static self, req: &HttpRequest) -> HttpResponse {
        self.hit();
        #[cfg(feature = "metrics")]
        crate::stats::count(self.counter(0), self.method(), self.path(), "gone");
        let call = Call {
            site: Some(self.site()),
            phase: "gone",
            source: "attribute",
            method: self.method(),
            route: self.path(),
        };
        crate::stats::called(req, call, self.since(), None);
        self.response().response(accept::format_for(req))
    }
}

impl Served for MovedRoute {
    fn path(&self) -> &'static str {
        MovedRoute::path(self)
    }

    fn serve(&'static self, req: &HttpRequest) -> HttpResponse {
        self.hit();
        #[cfg(feature = "metrics")]
        crate::stats::count(self.counter(0), self.method(), self.path(), "moved");
        let call = Call {
            site: Some(self.site()),
            phase: "moved",
            source: "moved",
            method: self.method(),
            route: self.path(),
        };
        crate::stats::called(req, call, self.since(), None);
        self.response(req)
    }
}

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
    HttpServiceFactory::register(resource_of(routes, entries, name, guards), config);
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
    resource_of(routes, entries, name, guards)
}

fn resource_of<R: Served>(
    routes: &'static [R],
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
            Some(route) => route.serve(&req),
            None => HttpResponse::NotFound().finish(),
        };
        std::future::ready(res)
    })
}

/// Which of a handler's entries this request reached: on each of their paths, the one that
/// answers its method; only when that leaves several, the one on the matched pattern, which
/// costs an allocation.
fn pick<R: Served>(routes: &'static [R], req: &HttpRequest) -> Option<&'static R> {
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
fn on_path<'p, R: Served>(
    routes: &'static [R],
    path: &'p str,
) -> impl Iterator<Item = &'static R> + Clone + 'p {
    routes.iter().filter(move |r| r.path() == path)
}
