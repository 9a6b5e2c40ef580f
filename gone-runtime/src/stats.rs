//! Who still calls what is gone: every 410 served is counted per route and logged as one
//! `tracing` event (target `gone`, level INFO) with the method, path, route, date of removal,
//! caller and User-Agent.

use crate::callers::{Call, Callers, OTHER};
use crate::manifest::manifest;
use crate::statics::{Site, PHASES};

use actix_web::http::header::USER_AGENT;
use actix_web::{HttpRequest, HttpResponse};
use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// One call of a route: its caller recorded ([`callers`](crate::callers())), and one event
/// logged. `now` is the clock of a sunset route's [`Lifecycle`](crate::Lifecycle), if any.
pub(crate) fn called(req: &HttpRequest, call: Call<'_>, since: &str, now: Option<u64>) {
    let (route, phase) = (call.route, call.phase);
    let caller = crate::callers::record(req, call, now);
    if tracing::enabled!(target: "gone", tracing::Level::INFO) {
        let caller = caller.unwrap_or_else(|| {
            let config = Callers::of(req).unwrap_or(&crate::callers::DEFAULT);
            crate::callers::label(req, config)
        });
        log(req, route, since, phase, &String::from_utf8_lossy(&caller));
    }
}

/// One event per call: `phase` is `gone` for every 410 of a retired route or a [`Gone`](crate::Gone),
/// `moved` for every redirect of a `#[moved]` route, and a `#[sunset]` route's phase
/// (`deprecated`, `brownout`, `gone`, `held`) for its calls, with `since` its `on`; `caller`
/// as the callers report labels it.
fn log(req: &HttpRequest, route: &str, since: &str, phase: &str, caller: &str) {
    tracing::info!(
        target: "gone",
        method = %req.method(),
        path = req.path(),
        route,
        since,
        phase,
        caller,
        user_agent = req.headers().get(USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or(""),
        "{}",
        match phase {
            "gone" | "brownout" => "410 Gone",
            "blocked" => "451 Unavailable For Legal Reasons",
            "moved" => "moved route called: redirected",
            "listed" => "listed path called",
            _ => "deprecated route called",
        }
    );
}

/// The counter every counted call also increments with the `metrics` feature:
/// `gone_requests_total{method, route, phase}`, `route` the path template (never the raw
/// path) and `phase` one of `gone`, `brownout`, `deprecated`, `held`, `moved`, `listed`
/// (a row of a [`removed!`](crate::removed) list: `route` its path as written, `method` the
/// request's).
///
/// ```
/// assert_eq!(gone_runtime::METRIC, "gone_requests_total");
/// ```
pub const METRIC: &str = "gone_requests_total";

/// One call of a route of the manifest, for the `metrics` facade (a no-op without the
/// feature): `cell` holds the route's handle for the phase, registered on its first call
/// and reused while the recorder it was registered with is the one installed (a recorder
/// installed later gets a handle of its own on the next call). A HEAD counts with its GET, as
/// in [`stats`].
#[cfg(feature = "metrics")]
pub(crate) fn count(
    cell: Option<&crate::statics::Handle>,
    method: &'static str,
    route: &'static str,
    phase: &'static str,
) {
    let register = || {
        describe();
        metrics::counter!(METRIC, "method" => method, "route" => route, "phase" => phase)
    };
    let Some(cell) = cell else {
        return register().increment(1);
    };
    let recorder = current_recorder();
    let mut handle = cell.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    match &*handle {
        Some((of, counter)) if *of == recorder => counter.increment(1),
        _ => {
            let counter = register();
            counter.increment(1);
            *handle = Some((recorder, counter));
        }
    }
}

/// [`count`], for a list's row: its handles by (row, method), registered on first use.
#[cfg(feature = "metrics")]
pub(crate) fn count_row(site: Site, method: &'static str, route: &'static str) {
    type Handles = std::collections::HashMap<(Site, &'static str, usize), metrics::Counter>;
    static HANDLES: Mutex<Option<Handles>> = Mutex::new(None);
    // By the recorder too (its address), as for a route's handles.
    let recorder = current_recorder();
    let mut handles = HANDLES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    handles
        .get_or_insert_with(Default::default)
        .entry((site, method, recorder))
        .or_insert_with(|| {
            describe();
            metrics::counter!(METRIC, "method" => method, "route" => route, "phase" => "listed")
        })
        .increment(1);
}

/// Describes the counter, once per process, to the recorder installed by then.
#[cfg(feature = "metrics")]
fn describe() {
    // The recorder last described, by address: a recorder installed after the first call is
    // described too.
    static DESCRIBED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let recorder = current_recorder();
    if DESCRIBED.swap(recorder, std::sync::atomic::Ordering::Relaxed) != recorder {
        describe_metrics();
    }
}

/// The recorder the `metrics` macros use now, by address: the local one, the global one, or
/// the no-op one.
#[cfg(feature = "metrics")]
fn current_recorder() -> usize {
    metrics::with_recorder(|r| r as *const dyn metrics::Recorder as *const () as usize)
}

/// Describes [`METRIC`] to the installed `metrics` recorder. The first counted call after a
/// recorder is installed describes it to that recorder; call this right after installing
/// yours for its exposition to carry the description before any call.
///
/// ```
/// gone_runtime::describe_metrics();
/// ```
#[cfg(feature = "metrics")]
#[cfg_attr(docsrs, doc(cfg(feature = "metrics")))]
pub fn describe_metrics() {
    metrics::describe_counter!(
        METRIC,
        "Calls of routes retired with gone: removed (#[gone], Gone), scheduled (#[sunset]) or moved (#[moved]), by method, route template and phase"
    );
}

/// Hits of content removed at run time ([`Gone`](crate::Gone)), by method and route pattern.
/// These answers render their bodies at run time anyway; a short lock here is not what they
/// spend. Retired routes count in their own atomics, without a lock.
static RUNTIME: Mutex<BTreeMap<(String, String, &'static str), u64>> = Mutex::new(BTreeMap::new());

/// Counts one runtime 410 (phase `gone`) or 451 (phase `blocked`) for `route`; a HEAD counts
/// with its GET, as for retired routes. Returns the method it was counted under.
///
/// `matched` says whether `route` is the pattern of a matched route: the metrics counter's
/// `route` is never a raw path (`(unmatched)` instead). At most [`RUNTIME_ROUTES`] (method,
/// route) pairs are counted apart, the rest under `(other)`: memory never grows with traffic.
#[cfg_attr(not(feature = "metrics"), allow(unused_variables))]
pub(crate) fn hit_runtime<'r>(
    req: &'r HttpRequest,
    route: &str,
    phase: &'static str,
    matched: bool,
) -> &'r str {
    let method = match req.method().as_str() {
        "HEAD" => "GET",
        other => other,
    };
    #[cfg(feature = "metrics")]
    {
        describe();
        let route = if matched { route } else { "(unmatched)" };
        metrics::counter!(METRIC, "method" => method.to_string(), "route" => route.to_string(), "phase" => phase)
            .increment(1);
    }
    let mut counts = RUNTIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let key = (method.to_string(), route.to_string(), phase);
    let key = match counts.contains_key(&key) || counts.len() < RUNTIME_ROUTES {
        true => key,
        false => (OTHER.to_string(), OTHER.to_string(), phase),
    };
    *counts.entry(key).or_insert(0) += 1;
    method
}

/// The run-time (method, route) pairs `stats()` counts apart.
const RUNTIME_ROUTES: usize = 1000;

/// How often one route has answered 410 in this process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hits {
    /// The request method, `"GET"`; a HEAD counts with its GET.
    pub method: String,
    /// The route's path pattern, `"/v1/users/{id}"`.
    pub route: String,
    /// `"attribute"` for a route retired with `#[gone]`, `"sunset"` for a `#[sunset]` route,
    /// `"moved"` for a `#[moved]` route, `"list"` for a row of a [`removed!`](crate::removed)
    /// list (its method `*` when the row names none), `"runtime"` for [`Gone`](crate::Gone).
    pub source: &'static str,
    /// `"gone"` for every 410 of `#[gone]` and `Gone`; `"moved"` for every redirect of a
    /// `#[moved]` route; `"listed"` for a listed row's every answer; a sunset route's phase: `"deprecated"`, `"brownout"`, `"gone"` or
    /// `"held"`.
    pub phase: &'static str,
    /// How many calls it answered in that phase.
    pub hits: u64,
    /// Its last call in that phase, in seconds since the Unix epoch, as the
    /// [`callers`](crate::callers()) report saw it: `None` unless the app has [`Callers`] on.
    pub last_call: Option<u64>,
}

impl Serialize for Hits {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Hits", 6)?;
        st.serialize_field("method", &self.method)?;
        st.serialize_field("route", &self.route)?;
        st.serialize_field("source", self.source)?;
        st.serialize_field("phase", self.phase)?;
        st.serialize_field("hits", &self.hits)?;
        st.serialize_field("last_call", &self.last_call)?;
        st.end()
    }
}

/// Every route of the manifest called at least once in this process (and every runtime 410),
/// most hits first. Kept apart
/// from the [`manifest`](fn@crate::manifest), which stays the same on every run.
///
/// ```
/// for h in gone_runtime::stats() {
///     println!("{} {} still called {} times", h.method, h.route, h.hits);
/// }
/// ```
pub fn stats() -> Vec<Hits> {
    let manifest = manifest();
    let last = crate::callers::last_call;
    let mut out: Vec<Hits> = manifest
        .iter()
        .filter(|r| r.hits() > 0)
        .map(|r| Hits {
            method: r.method().to_string(),
            route: r.path().to_string(),
            source: "attribute",
            phase: "gone",
            hits: r.hits(),
            last_call: last(&r.site(), "gone"),
        })
        .collect();
    for r in manifest.sunset() {
        out.extend(PHASES.iter().filter(|p| r.hits(p) > 0).map(|p| Hits {
            method: r.method().to_string(),
            route: r.path().to_string(),
            source: "sunset",
            phase: p,
            hits: r.hits(p),
            last_call: last(&r.site(), p),
        }));
    }
    out.extend(manifest.moved().filter(|r| r.hits() > 0).map(|r| Hits {
        method: r.method().to_string(),
        route: r.path().to_string(),
        source: "moved",
        phase: "moved",
        hits: r.hits(),
        last_call: last(&r.site(), "moved"),
    }));
    out.extend(manifest.listed().filter(|r| r.hits() > 0).map(|r| Hits {
        method: r.method().to_string(),
        route: r.path().to_string(),
        source: "list",
        phase: "listed",
        hits: r.hits(),
        last_call: last(&r.site(), "listed"),
    }));
    let runtime = RUNTIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    out.extend(runtime.iter().map(|((method, route, phase), hits)| Hits {
        method: method.clone(),
        route: route.clone(),
        source: "runtime",
        phase,
        hits: *hits,
        last_call: last(
            &Site::Runtime(method.as_str().into(), route.as_str().into()),
            phase,
        ),
    }));
    out.sort_by(|a, b| {
        b.hits
            .cmp(&a.hits)
            .then_with(|| (&a.route, &a.method).cmp(&(&b.route, &b.method)))
    });
    out
}

/// A handler serving [`stats`] as JSON, `{"gone_stats":[{"method":..,"route":..,"source":..,"phase":..,"hits":..,"last_call":..}]}`,
/// to mount where the app likes (behind its own access control).
///
/// ```
/// use actix_web::{web, App};
/// let app = App::new().route("/internal/gone", web::get().to(gone_runtime::stats_json));
/// ```
pub async fn stats_json() -> HttpResponse {
    let body = serde_json::json!({ "gone_stats": stats() });
    HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(body)
}
