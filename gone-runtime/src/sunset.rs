//! A `#[sunset]` route's schedule at run time: the middleware the macro wraps around the live
//! handler's resource. Per request it reads the app's [`Lifecycle`], decides the phase, and
//! either lets the handler answer (deprecated, held: every response gets `Deprecation`,
//! `Sunset` and `Link`) or answers 410 itself without running the handler or its extractors
//! (a brownout, or gone from `on`).

use crate::accept::{self, Format};
use crate::lifecycle::Lifecycle;
use crate::response::{gone_response, static_value, SUNSET};
use crate::statics::{route_for_method, Brownout, GuardFn, Schedule, SunsetHandler, SunsetRoute, PHASES};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{forward_ready, Service, ServiceFactory, ServiceRequest, ServiceResponse, Transform};
use actix_web::guard::{self, GuardContext};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::Error;
use actix_web::Resource;
use futures_util::future::{ready, Either, Ready};
use std::cell::OnceCell;
use std::future::Future;
use std::ops::Range;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

const DEPRECATION: HeaderName = HeaderName::from_static("deprecation");
const NO_STORE: HeaderValue = HeaderValue::from_static("no-store");

/// The middleware of one resource of a `#[sunset]` handler. Written by the macro; not public
/// API.
#[doc(hidden)]
pub struct SunsetWrap {
    schedule: &'static Schedule,
    routes: &'static [SunsetRoute],
}

impl SunsetWrap {
    /// The middleware for the entries `entries` of `handler`.
    pub fn new<const N: usize>(handler: &'static SunsetHandler<N>, entries: Range<usize>) -> SunsetWrap {
        SunsetWrap {
            schedule: &handler.schedule,
            routes: handler.routes.get(entries).unwrap_or_default(),
        }
    }
}

// A resource's service answers with a boxed body, and so does this middleware: the
// handler's response passes through without being wrapped again (`boxed` of a boxed body is
// itself). A body of another type, from middleware of the user's, is boxed here.
impl<S, B> Transform<S, ServiceRequest> for SunsetWrap
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = Error;
    type Transform = SunsetService<S>;
    type InitError = ();
    type Future = Ready<Result<SunsetService<S>, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        let schedule = self.schedule;
        ready(Ok(SunsetService {
            service,
            schedule,
            routes: self.routes,
            headers: Rc::new(Headers::of(schedule)),
            lifecycle: OnceCell::new(),
        }))
    }
}

/// The running middleware of [`SunsetWrap`], one per worker.
#[doc(hidden)]
pub struct SunsetService<S> {
    service: S,
    schedule: &'static Schedule,
    routes: &'static [SunsetRoute],
    /// The header values of the deprecated phase, made once per worker.
    headers: Rc<Headers>,
    /// The app's lifecycle, read from its data on the first request: the data of an app does
    /// not change while it runs.
    lifecycle: OnceCell<Option<Lifecycle>>,
}

/// `Deprecation`, `Sunset` and `Link`, ready to be put in a response.
#[doc(hidden)]
pub struct Headers {
    deprecation: Option<HeaderValue>,
    sunset: Option<HeaderValue>,
    link: Option<HeaderValue>,
}

impl Headers {
    fn of(schedule: &Schedule) -> Headers {
        Headers {
            deprecation: static_value(schedule.deprecation_header),
            sunset: static_value(schedule.gone.sunset),
            link: schedule.link_header.and_then(static_value),
        }
    }

    /// `Deprecation` and `Sunset` set, and the `Link` of the migration notes appended to any
    /// the handler set.
    fn put(&self, headers: &mut header::HeaderMap) {
        if let Some(v) = &self.deprecation {
            headers.insert(DEPRECATION, v.clone());
        }
        if let Some(v) = &self.sunset {
            headers.insert(SUNSET, v.clone());
        }
        if let Some(v) = &self.link {
            headers.append(header::LINK, v.clone());
        }
    }
}

/// One resource of a `#[sunset]` handler as actix-web's route macro would build it
/// (`Resource::new(path).name(name)`, guarded by its methods and `guards`), wrapped in the
/// schedule's middleware; the macro gives it the handler (`.to(handler)`) and registers it. A
/// GET answers HEAD too, unless the handler routes HEAD on that path itself. Built here, once,
/// rather than type-checked once per handler in the user's crate; the resource's type is the
/// same for every handler, so only `.to(handler)` is compiled per handler, as without
/// `#[sunset]`.
#[doc(hidden)]
pub fn sunset_resource<const N: usize>(
    sunset: &'static SunsetHandler<N>,
    entries: Range<usize>,
    name: &str,
    guards: &'static [GuardFn],
) -> Resource<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<BoxBody>,
        Error = Error,
        InitError = (),
    >,
> {
    let own = sunset.routes.get(entries.clone()).unwrap_or_default();
    let path = own.first().map_or("", |r| r.path());
    // Not when another attribute of the handler routes HEAD on this path: that one answers it.
    let on_path = sunset.routes.iter().filter(|r| r.path() == path);
    let takes_head =
        route_for_method(on_path, "HEAD").is_some_and(|r| own.iter().any(|o| std::ptr::eq(o, r)));
    let mut resource =
        Resource::new(path)
            .name(name)
            .guard(guard::fn_guard(move |ctx: &GuardContext<'_>| {
                match ctx.head().method.as_str() {
                    "HEAD" if takes_head => true,
                    asked => own.iter().any(|r| r.method() == asked),
                }
            }));
    for &check in guards {
        resource = resource.guard(guard::fn_guard(check));
    }
    resource.wrap(SunsetWrap::new(sunset, entries))
}

/// Where a request falls in its route's schedule.
enum Phase {
    Deprecated,
    Brownout(&'static Brownout),
    Gone,
    Held,
}

impl Phase {
    fn index(&self) -> usize {
        match self {
            Phase::Deprecated => 0,
            Phase::Brownout(_) => 1,
            Phase::Gone => 2,
            Phase::Held => 3,
        }
    }
}

fn decide(
    schedule: &Schedule,
    route: &SunsetRoute,
    req: &ServiceRequest,
    lifecycle: &Lifecycle,
    now: u64,
) -> Phase {
    if lifecycle.holds(route.handler(), route.path()) {
        return Phase::Held;
    }
    if schedule.exempt.is_some_and(|exempt| exempt(&req.guard_ctx())) {
        return Phase::Deprecated;
    }
    if now >= schedule.on_unix {
        return Phase::Gone;
    }
    match schedule
        .brownouts
        .iter()
        .find(|b| (b.start..b.end).contains(&now))
    {
        Some(b) => Phase::Brownout(b),
        None => Phase::Deprecated,
    }
}

impl<S, B> Service<ServiceRequest> for SunsetService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = Error;
    type Future = Either<Ready<Result<Self::Response, Error>>, Decorated<S::Future>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        // The resource's guard lets through only the methods of its routes (and HEAD for GET).
        let Some(route) = route_for_method(self.routes.iter(), req.method().as_str()) else {
            return Either::Right(Decorated::pass(self.service.call(req)));
        };
        let lifecycle = self
            .lifecycle
            .get_or_init(|| Lifecycle::of_app(&req))
            .as_ref()
            .unwrap_or_else(|| Lifecycle::default_for_apps());
        let now = lifecycle.now();
        let schedule = self.schedule;
        let phase = decide(schedule, route, &req, lifecycle, now);
        let index = phase.index();
        route.hit(index);
        #[cfg(feature = "metrics")]
        crate::stats::count(route.counter(index), route.method(), route.path(), PHASES[index]);
        let call = crate::callers::Call {
            site: Some(route.site()),
            phase: PHASES[index],
            source: "sunset",
            method: route.method(),
            route: route.path(),
        };
        crate::stats::called(req.request(), call, schedule.on, Some(now));
        let format = || accept::format_for(req.request());
        let res = match phase {
            Phase::Deprecated | Phase::Held => {
                let headers = self.headers.clone();
                return Either::Right(Decorated::new(
                    self.service.call(req),
                    headers,
                    schedule.on_unix,
                    now,
                ));
            }
            Phase::Gone => schedule.gone.response(format()),
            Phase::Brownout(b) => brownout(&self.headers, b, format()),
        };
        Either::Left(ready(Ok(req.into_response(res))))
    }
}

/// The 410 of a brownout: temporary, so never cached, and saying when to come back.
fn brownout(headers: &Headers, b: &'static Brownout, format: Format) -> actix_web::HttpResponse {
    let body = match format {
        Format::Json => b.json,
        Format::Html => b.html,
        Format::Text => b.text,
    };
    let mut res = gone_response(
        format,
        body,
        [
            (header::CACHE_CONTROL, Some(NO_STORE)),
            (header::RETRY_AFTER, static_value(b.retry_after)),
            (SUNSET, None),
        ],
    );
    headers.put(res.headers_mut());
    res
}

/// The headers of the deprecated phase on a response of the handler (its extractors' errors
/// included): `Deprecation`, `Sunset`, `Link`, and every freshness a cache reads cut so that
/// none outlives `on` (at `on_unix`): `max-age` and `s-maxage` to the seconds left, the
/// `stale-*` allowances to what is left after that, and an `Expires` after `on` to `on`'s date
/// (a cache that reads `max-age` ignores it, one that does not reads it).
fn decorate(res: &mut ServiceResponse<BoxBody>, added: &Headers, on_unix: u64, now: u64) {
    let headers = res.headers_mut();
    added.put(headers);
    let left = on_unix.saturating_sub(now);
    // `Cache-Control`, and the fields CDNs read in its place (RFC 9213's `CDN-Cache-Control`,
    // `Surrogate-Control`), in the same syntax. A value with bytes beyond ASCII is read too.
    for name in [header::CACHE_CONTROL, CDN_CACHE_CONTROL, SURROGATE_CONTROL] {
        // Every line of the field, read as one list (RFC 9110 §5.3).
        let lines: Vec<String> = headers
            .get_all(&name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        let control = (!lines.is_empty()).then(|| lines.join(", "));
        let capped = control.and_then(|v| cap_freshness(&v, left));
        if let Some(v) = capped.and_then(|v| HeaderValue::try_from(v).ok()) {
            headers.insert(name, v);
        }
    }
    let expires_late = headers
        .get(header::EXPIRES)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .is_some_and(|t| t.as_secs() > on_unix);
    if expires_late {
        if let Some(v) = added.sunset.clone() {
            headers.insert(header::EXPIRES, v);
        }
    }
}

/// The freshness directives of `Cache-Control` that a cache reads as seconds.
const FRESHNESS: [&str; 2] = ["max-age", "s-maxage"];
/// The directives that let a cache serve a response after its freshness, for so many seconds.
const STALE: [&str; 2] = ["stale-while-revalidate", "stale-if-error"];

/// CDN-Cache-Control (RFC 9213): `Cache-Control` for CDNs alone.
const CDN_CACHE_CONTROL: header::HeaderName = header::HeaderName::from_static("cdn-cache-control");
/// Surrogate-Control: the same, as Fastly and Akamai read it.
const SURROGATE_CONTROL: header::HeaderName = header::HeaderName::from_static("surrogate-control");

/// A directive of `names` with its seconds. Digits past `u64` are `u64::MAX`: a cache reads
/// an overflowing delta-seconds as a very long time (RFC 9111 §1.2.2), so it is cut too.
fn seconds_of(directive: &str, names: &[&'static str]) -> Option<(&'static str, u64)> {
    let (name, value) = directive.split_once('=')?;
    let name = name.trim();
    let known = names.iter().find(|n| name.eq_ignore_ascii_case(n))?;
    let digits = value.trim().trim_matches('"');
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((known, digits.parse::<u64>().unwrap_or(u64::MAX)))
}

/// Whether `directive` is the `stale-*` allowance `name` with a number of seconds: one whose
/// value is not a number is ignored by caches, which then apply a default of their own.
fn gives(directive: &str, name: &str) -> bool {
    seconds_of(directive, &STALE).is_some_and(|(n, _)| n == name)
}

/// `value` with `max-age` and `s-maxage` cut to `left` seconds, and the `stale-*` allowances
/// to the seconds that then remain before `on`, when any says more; `None` otherwise.
///
/// When a freshness is cut (`on` comes before the response would go stale), each `stale-*`
/// allowance the response does not give is written as `0`: a cache that serves stale
/// responses by a default of its own would serve this one past `on` (Varnish's built-in grace
/// of 10 seconds served the deprecated 200 after `on` in `tests/caches.rs`; it reads its grace
/// from `stale-while-revalidate`).
fn cap_freshness(value: &str, left: u64) -> Option<String> {
    let directives: Vec<&str> = value
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .collect();
    let fresh = directives
        .iter()
        .filter_map(|d| seconds_of(d, &FRESHNESS))
        .map(|(_, n)| n.min(left))
        .max()
        .unwrap_or(0);
    let mut changed = false;
    let mut cut = false;
    let mut out: Vec<String> = directives
        .iter()
        .map(|d| {
            let capped = match (seconds_of(d, &FRESHNESS), seconds_of(d, &STALE)) {
                (Some((name, n)), _) if n > left => {
                    cut = true;
                    Some((name, left))
                }
                (_, Some((name, n))) if n > left - fresh => Some((name, left - fresh)),
                _ => None,
            };
            match capped {
                Some((name, n)) => {
                    changed = true;
                    format!("{name}={n}")
                }
                None => d.to_string(),
            }
        })
        .collect();
    if cut {
        for stale in STALE {
            // A `stale-*` without a number of seconds gives a cache nothing to read: it goes.
            out.retain(|d| {
                let named = d
                    .split('=')
                    .next()
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case(stale));
                !named || gives(d, stale)
            });
            if !out.iter().any(|d| gives(d, stale)) {
                out.push(format!("{stale}=0"));
            }
        }
    }
    changed.then(|| out.join(", "))
}

pin_project_lite::pin_project! {
    /// The handler's response, decorated when it comes.
    #[doc(hidden)]
    pub struct Decorated<F> {
        #[pin]
        inner: F,
        headers: Option<Rc<Headers>>,
        on_unix: u64,
        now: u64,
    }
}

impl<F> Decorated<F> {
    fn new(inner: F, headers: Rc<Headers>, on_unix: u64, now: u64) -> Self {
        Decorated {
            inner,
            headers: Some(headers),
            on_unix,
            now,
        }
    }

    fn pass(inner: F) -> Self {
        Decorated {
            inner,
            headers: None,
            on_unix: 0,
            now: 0,
        }
    }
}

impl<F, B> Future for Decorated<F>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
    B: MessageBody + 'static,
{
    type Output = Result<ServiceResponse<BoxBody>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut res = match this.inner.poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(res) => res?.map_into_boxed_body(),
        };
        if let Some(headers) = this.headers {
            decorate(&mut res, headers, *this.on_unix, *this.now);
        }
        Poll::Ready(Ok(res))
    }
}

#[cfg(test)]
mod tests {
    use super::cap_freshness;

    #[test]
    fn caps_every_freshness_that_outlives_on() {
        assert_eq!(
            cap_freshness("public, max-age=86400", 60).as_deref(),
            Some("public, max-age=60, stale-while-revalidate=0, stale-if-error=0")
        );
        assert_eq!(cap_freshness("max-age=30, s-maxage=59", 60), None);
        assert_eq!(
            cap_freshness("max-age=999999999, s-maxage=999999999", 60).as_deref(),
            Some("max-age=60, s-maxage=60, stale-while-revalidate=0, stale-if-error=0")
        );
        assert_eq!(
            cap_freshness("s-maxage=30, stale-while-revalidate=600, stale-if-error=10", 60).as_deref(),
            Some("s-maxage=30, stale-while-revalidate=30, stale-if-error=10")
        );
        assert_eq!(
            cap_freshness("max-age=600, stale-if-error=600", 60).as_deref(),
            Some("max-age=60, stale-if-error=0, stale-while-revalidate=0")
        );
        assert_eq!(cap_freshness("no-store", 60), None);
        // Hostile values, from a new user's trial: digits past u64, a stale-* without a
        // number, empty directives.
        assert_eq!(
            cap_freshness("max-age=99999999999999999999999", 60).as_deref(),
            Some("max-age=60, stale-while-revalidate=0, stale-if-error=0")
        );
        assert_eq!(
            cap_freshness(
                "max-age=999999999, stale-while-revalidate=\"x\", STALE-IF-ERROR=5",
                60
            )
            .as_deref(),
            Some("max-age=60, stale-if-error=0, stale-while-revalidate=0")
        );
        assert_eq!(
            cap_freshness("max-age=999,,,", 60).as_deref(),
            Some("max-age=60, stale-while-revalidate=0, stale-if-error=0")
        );
        assert_eq!(
            cap_freshness("private, MAX-AGE=\"120\"", 60).as_deref(),
            Some("private, max-age=60, stale-while-revalidate=0, stale-if-error=0")
        );
    }
}
