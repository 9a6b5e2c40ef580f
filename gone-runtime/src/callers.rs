//! Who still calls (SPEC §17): per route of the manifest (and per run-time [`Gone`](crate::Gone)
//! route) and phase, each caller's calls, first and last seen, for an app with [`Callers`] in
//! its data. A caller is a short label: the User-Agent's first product token, or what the
//! app's [`Callers::by`] function says.
//! Bounded: at most [`Callers::limit`] callers per route and phase, the rest counted together as
//! `(other)`, so that memory never grows with traffic.

use crate::statics::Site;
use actix_web::http::header::USER_AGENT;
use actix_web::{HttpRequest, HttpResponse};
use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

/// The callers a route keeps by name by default; the rest are `(other)`.
pub const DEFAULT_LIMIT: usize = 1000;

/// The longest label kept, in bytes: a longer one is cut (at a character boundary).
pub const MAX_LABEL: usize = 64;

/// The label of the callers beyond a route's limit, counted together.
pub const OTHER: &str = "(other)";

/// The label of a request without a User-Agent (or whose first token is empty), when the app
/// gives no function or its function says `None`.
pub const UNKNOWN: &str = "(unknown)";

/// The run-time routes kept apart; calls of more are counted under the route `(other)`.
const RUNTIME_ROUTES: usize = 1000;

type LabelFn = dyn Fn(&HttpRequest) -> Option<String> + Send + Sync;

/// Turns the callers report on for an app, and says how its callers are labelled and bounded:
/// put it in the app's data (`App::new().app_data(Callers::new())`, or in a `web::Data`).
/// [`Callers::new`] labels each caller by its User-Agent's first product token (`curl`,
/// `python-requests`, `okhttp`), at most [`DEFAULT_LIMIT`] per route; [`Callers::by`] by the
/// app's own function.
///
/// An app without one records no callers: a retired route then costs no more than a
/// hand-written 410 (SPEC §3), and the report costs about 700 instructions a call, 3% of a
/// retired request (`callers_gone_instructions` in BENCHMARKS.md).
///
/// The function sees the request and returns a short label, never a secret: the owner of an
/// API key, not the key. `None` falls back to the User-Agent's token. Labels are cut to
/// [`MAX_LABEL`] bytes, and control characters are replaced, so that a label is safe in a log
/// line and a Markdown table.
///
/// ```
/// use actix_web::{get, test, App, HttpRequest};
/// use gone_runtime::{gone, Callers};
///
/// #[gone(since = "2025-03-01", reason = "Use /v2/books")]
/// #[get("/v1/books")]
/// async fn books_v1() {}
///
/// /// The owner of the request's API key, from a table the app has (never the key itself).
/// fn key_owner(req: &HttpRequest) -> Option<String> {
///     let key = req.headers().get("x-api-key")?.to_str().ok()?;
///     let owners = [("k-1f3a", "acme-billing"), ("k-9c2e", "globex-sync")];
///     owners.iter().find(|(k, _)| *k == key).map(|(_, owner)| owner.to_string())
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(App::new().app_data(Callers::by(key_owner)).service(books_v1)).await;
/// let req = test::TestRequest::get().uri("/v1/books").insert_header(("x-api-key", "k-1f3a"));
/// test::call_service(&app, req.to_request()).await;
/// let report = gone_runtime::callers();
/// let books = report.routes.iter().find(|r| r.route == "/v1/books").unwrap();
/// assert_eq!(books.callers[0].caller, "acme-billing");
/// # });
/// ```
#[derive(Clone)]
pub struct Callers {
    label: Option<Arc<LabelFn>>,
    limit: usize,
    on: bool,
    clock: Option<SystemTime>,
}

impl std::fmt::Debug for Callers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Callers")
            .field("label", &self.label.as_ref().map(|_| "fn"))
            .field("limit", &self.limit)
            .field("on", &self.on)
            .field("clock", &self.clock)
            .finish()
    }
}

impl Default for Callers {
    fn default() -> Callers {
        Callers {
            label: None,
            limit: DEFAULT_LIMIT,
            on: true,
            clock: None,
        }
    }
}

impl Callers {
    /// Callers recorded, each labelled by its User-Agent's first product token, at most
    /// [`DEFAULT_LIMIT`] per route.
    pub fn new() -> Callers {
        Callers::default()
    }

    /// Callers labelled by `label` (its `None` falls back to the User-Agent's token).
    pub fn by(label: impl Fn(&HttpRequest) -> Option<String> + Send + Sync + 'static) -> Callers {
        Callers {
            label: Some(Arc::new(label)),
            ..Callers::default()
        }
    }

    /// No caller is recorded for this app's requests, as without a `Callers` (counts, logs and
    /// metrics go on): for one app of two in a binary, say.
    pub fn off() -> Callers {
        Callers {
            on: false,
            ..Callers::default()
        }
    }

    /// At most `n` callers kept by name per route and phase; the rest count as `(other)`.
    pub fn limit(mut self, n: usize) -> Callers {
        self.limit = n;
        self
    }

    /// A fixed clock for first and last seen: for tests.
    pub fn at(mut self, time: SystemTime) -> Callers {
        self.clock = Some(time);
        self
    }

    /// The app's [`Callers`], in its data as it is or in a `web::Data`.
    pub(crate) fn of(req: &HttpRequest) -> Option<&Callers> {
        req.app_data::<Callers>().or_else(|| {
            req.app_data::<actix_web::web::Data<Callers>>()
                .map(|d| d.get_ref())
        })
    }
}

/// What an app without a [`Callers`] of its own gets: none recorded, the log's label by the
/// User-Agent.
pub(crate) static DEFAULT: std::sync::LazyLock<Callers> = std::sync::LazyLock::new(Callers::off);

/// A call to record: where, in which phase, and what the report says of the route.
pub(crate) struct Call<'a> {
    /// A route's record or a list's row; `None` for a run-time route, whose site is its
    /// method and route, built only when callers are recorded (no allocation otherwise).
    pub site: Option<Site>,
    pub phase: &'static str,
    pub source: &'static str,
    pub method: &'a str,
    pub route: &'a str,
}

/// One caller's calls of one route in one phase.
#[derive(Debug, Clone, Copy, Default)]
struct Seen {
    calls: u64,
    first: u64,
    last: u64,
}

impl Seen {
    fn add(&mut self, now: u64) {
        if self.calls == 0 {
            self.first = now;
        }
        self.calls += 1;
        self.last = self.last.max(now);
        self.first = self.first.min(now);
    }
}

/// One route's callers in one phase.
struct Tally {
    method: Cow<'static, str>,
    route: Cow<'static, str>,
    source: &'static str,
    phase: &'static str,
    all: Seen,
    named: HashMap<Box<[u8]>, Seen, Seeded>,
    other: Seen,
}

/// Every tally, by site and phase: one lock, held for two lookups per call.
static TALLIES: Mutex<Option<Tallies>> = Mutex::new(None);

/// The tallies, by site and phase code.
type Tallies = HashMap<(Site, u8), Tally, Seeded>;

/// A phase's number in a tally's key: `phase` is a sunset route's phase, `moved`, `listed` or
/// `blocked`, told apart by first letter and length without comparing the text.
fn code(phase: &str) -> u8 {
    match (phase.as_bytes().first(), phase.len()) {
        (Some(b'd'), _) => 0,
        (Some(b'b'), 8) => 1,
        (Some(b'g'), _) => 2,
        (Some(b'h'), _) => 3,
        (Some(b'm'), _) => 4,
        (Some(b'l'), _) => 5,
        (Some(b'b'), _) => 6,
        _ => 7,
    }
}

/// The hasher of the tallies: a multiply-rotate hash (FxHash's) over 8 bytes at a time, from
/// a random start per process. The maps are small and bounded (a route keeps at most its
/// limit of callers), so that keys chosen to collide cost a bounded scan, never memory; the
/// default SipHash cost a 410 about 450 instructions, this one about 40.
#[derive(Clone, Copy)]
struct Seeded(u64);

impl Seeded {
    fn new() -> Seeded {
        use std::hash::BuildHasher as _;
        Seeded(std::collections::hash_map::RandomState::new().hash_one(0x676f_6e65_u64))
    }
}

impl std::hash::BuildHasher for Seeded {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(self.0)
    }
}

struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut word = [0; 8];
            word.copy_from_slice(w);
            self.add(u64::from_le_bytes(word));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Whether any call was recorded: an app had [`Callers`] on.
static RECORDING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// How many run-time routes have a tally (at most [`RUNTIME_ROUTES`] apart from `(other)`).
static RUNTIME_COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Records one call of `call` by the caller of `req` (unless the app turned callers off), at
/// `now` (seconds since the epoch; the app's [`Callers::at`] clock wins, then the system's),
/// and returns the caller's label, for the log line; `None` when callers are off.
pub(crate) fn record<'r>(req: &'r HttpRequest, call: Call<'_>, now: Option<u64>) -> Option<Cow<'r, [u8]>> {
    let config = Callers::of(req).unwrap_or(&DEFAULT);
    if !config.on {
        return None;
    }
    let label = label(req, config);
    if !RECORDING.load(std::sync::atomic::Ordering::Relaxed) {
        RECORDING.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    let now = match (config.clock, now) {
        (Some(clock), _) => unix(clock),
        (None, Some(now)) => now,
        (None, None) => unix(SystemTime::now()),
    };
    let phase = code(call.phase);
    let mut tallies = TALLIES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let tallies = tallies.get_or_insert_with(|| HashMap::with_hasher(Seeded::new()));
    let site = call
        .site
        .unwrap_or_else(|| Site::Runtime(call.method.into(), call.route.into()));
    let (mut site, mut route) = (site, call.route);
    if matches!(site, Site::Runtime(..)) && !tallies.contains_key(&(site.clone(), phase)) {
        if RUNTIME_COUNT.load(std::sync::atomic::Ordering::Relaxed) >= RUNTIME_ROUTES {
            (site, route) = (Site::Runtime(OTHER.into(), OTHER.into()), OTHER);
        } else {
            RUNTIME_COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }
    let overflow = route == OTHER;
    let tally = tallies.entry((site, phase)).or_insert_with(|| Tally {
        method: Cow::Owned(if overflow { OTHER } else { call.method }.to_string()),
        route: Cow::Owned(route.to_string()),
        source: call.source,
        phase: call.phase,
        all: Seen::default(),
        named: HashMap::with_hasher(Seeded::new()),
        other: Seen::default(),
    });
    tally.all.add(now);
    if let Some(seen) = tally.named.get_mut(label.as_ref()) {
        seen.add(now);
    } else if tally.named.len() < config.limit {
        let mut seen = Seen::default();
        seen.add(now);
        tally.named.insert(label.as_ref().into(), seen);
    } else {
        tally.other.add(now);
    }
    Some(label)
}

fn unix(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The caller's label: the app's function's, or the User-Agent's first product token.
pub(crate) fn label<'r>(req: &'r HttpRequest, config: &Callers) -> Cow<'r, [u8]> {
    if let Some(own) = config
        .label
        .as_ref()
        .and_then(|f| f(req))
        .and_then(|own| clean(&own))
    {
        return Cow::Owned(own.into_bytes());
    }
    let agent = req.headers().get(USER_AGENT).map_or(&b""[..], |v| v.as_bytes());
    Cow::Borrowed(product_token(agent))
}

/// The first product token of a User-Agent (RFC 9110 §10.1.5: `product = token ["/"
/// product-version]`): `curl` of `curl/8.5.0`, `Mozilla` of `Mozilla/5.0 (...)`. At most
/// [`MAX_LABEL`] bytes, ASCII; [`UNKNOWN`] when there is none.
fn product_token(agent: &[u8]) -> &[u8] {
    let start = agent
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(agent.len());
    let rest = &agent[start..];
    let len = rest
        .iter()
        .take(MAX_LABEL)
        .take_while(|b| TCHAR[usize::from(**b)])
        .count();
    match len {
        0 => UNKNOWN.as_bytes(),
        len => &rest[..len],
    }
}

/// The token characters (RFC 9110 §5.6.2), by byte.
const TCHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        b += 1;
    }
    table
};

/// An app's label, made safe for a log line and a table: control characters replaced, cut to
/// [`MAX_LABEL`] bytes at a character boundary; `None` when it is blank (the User-Agent's
/// token stands in, as for the function's `None`).
fn clean(label: &str) -> Option<String> {
    let mut out = String::with_capacity(label.len().min(MAX_LABEL));
    for c in label.trim().chars() {
        let c = if c.is_control() { '?' } else { c };
        if out.len() + c.len_utf8() > MAX_LABEL {
            break;
        }
        out.push(c);
    }
    (!out.is_empty()).then_some(out)
}

/// The last call of a route in a phase, in seconds since the epoch, if callers saw one.
pub(crate) fn last_call(site: &Site, phase: &str) -> Option<u64> {
    let tallies = TALLIES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    tallies
        .as_ref()?
        .get(&(site.clone(), code(phase)))
        .map(|t| t.all.last)
}

/// One caller of a route in the [`CallerReport`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// Its label: the app's, or the User-Agent's first token; `(other)` for the callers past
    /// the route's limit, counted together.
    pub caller: String,
    /// Its calls.
    pub calls: u64,
    /// Its first call, in seconds since the Unix epoch.
    pub first_seen: u64,
    /// Its last call, in seconds since the Unix epoch.
    pub last_seen: u64,
}

impl Serialize for Caller {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Caller", 4)?;
        st.serialize_field("caller", &self.caller)?;
        st.serialize_field("calls", &self.calls)?;
        st.serialize_field("first_seen", &self.first_seen)?;
        st.serialize_field("last_seen", &self.last_seen)?;
        st.end()
    }
}

/// One route's callers in one phase, in the [`CallerReport`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteCallers {
    /// The method: the route's, or a list's row's `*`; a HEAD counts with its GET.
    pub method: String,
    /// The route's path pattern (a list's row's path as written, a run-time route's pattern).
    pub route: String,
    /// As in [`Hits::source`](crate::Hits::source): `attribute`, `sunset`, `moved`, `list`,
    /// `runtime`.
    pub source: &'static str,
    /// As in [`Hits::phase`](crate::Hits::phase).
    pub phase: &'static str,
    /// Every call, of every caller.
    pub calls: u64,
    /// The last call, in seconds since the Unix epoch.
    pub last_seen: u64,
    /// The callers kept by name, the latest first (at most the limit).
    pub callers: Vec<Caller>,
    /// The callers past the limit, counted together as `(other)`; `None` when there were none.
    pub other: Option<Caller>,
}

impl Serialize for RouteCallers {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("RouteCallers", 8)?;
        st.serialize_field("method", &self.method)?;
        st.serialize_field("route", &self.route)?;
        st.serialize_field("source", self.source)?;
        st.serialize_field("phase", self.phase)?;
        st.serialize_field("calls", &self.calls)?;
        st.serialize_field("last_seen", &self.last_seen)?;
        st.serialize_field("callers", &self.callers)?;
        st.serialize_field("other", &self.other)?;
        st.end()
    }
}

/// Who called what, in this process: [`callers`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerReport {
    /// Whether callers are recorded at all: `false` until a request reaches an app with
    /// [`Callers`] in its data (without it, none is recorded, and the report stays empty).
    pub recording: bool,
    /// Every route and phase called at least once, the latest call first.
    pub routes: Vec<RouteCallers>,
}

impl Serialize for CallerReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("CallerReport", 2)?;
        st.serialize_field("recording", &self.recording)?;
        st.serialize_field("routes", &self.routes)?;
        st.end()
    }
}

impl CallerReport {
    /// `{"recording":true,"routes":[{"method","route","source","phase","calls","last_seen","callers":[{"caller","calls","first_seen","last_seen"}],"other"}]}`:
    /// `calls` is the route's every call, its `callers` and `other` together.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// One table, a row per (route, phase, caller), times in UTC; `(other)` last in its route.
    ///
    /// ```
    /// let md = gone_runtime::callers().to_markdown();
    /// // Until an app with `Callers` in its data is called, it says so.
    /// assert!(md.starts_with("No caller is recorded: put `gone_runtime::Callers::new()` in the app's data."));
    /// ```
    pub fn to_markdown(&self) -> String {
        if !self.recording {
            return "No caller is recorded: put `gone_runtime::Callers::new()` in the app's data.\n"
                .to_string();
        }
        let mut out = String::from(
            "| Method | Route | Phase | Caller | Calls | First seen | Last seen |\n\
             | --- | --- | --- | --- | --- | --- | --- |\n",
        );
        for r in &self.routes {
            for c in r.callers.iter().chain(&r.other) {
                let _ = writeln!(
                    out,
                    "| {} | `{}` | {} | {} | {} | {} | {} |",
                    r.method,
                    r.route.replace('`', "'").replace('|', "\\|"),
                    r.phase,
                    md_label(&c.caller),
                    c.calls,
                    utc(c.first_seen),
                    utc(c.last_seen)
                );
            }
        }
        out
    }
}

/// A label in a Markdown cell: shown as the text it is, never as markup.
fn md_label(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        match c {
            '|' | '`' | '\\' | '*' | '_' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// Seconds since the epoch as `2026-12-02 06:30:00 UTC`.
fn utc(seconds: u64) -> String {
    let date = gone_core::Date::from_unix_seconds(seconds).map_or_else(|| "?".to_string(), |d| d.to_string());
    let day = seconds % 86_400;
    format!(
        "{date} {:02}:{:02}:{:02} UTC",
        day / 3600,
        day / 60 % 60,
        day % 60
    )
}

/// Who still calls, in this process: for every route of the manifest (every kind and phase)
/// and every run-time [`Gone`](crate::Gone) route called at least once by an app with
/// [`Callers`] in its data, its callers with their calls, first and last seen, the latest
/// first. See [`Callers`] for the labels and the bound.
///
/// ```
/// for route in gone_runtime::callers().routes {
///     for c in &route.callers {
///         println!("{} {} still called by {} ({} calls)", route.method, route.route, c.caller, c.calls);
///     }
/// }
/// ```
pub fn callers() -> CallerReport {
    let tallies = TALLIES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut routes: Vec<RouteCallers> = tallies
        .iter()
        .flat_map(|t| t.values())
        .map(|t| {
            let mut callers: Vec<Caller> = t
                .named
                .iter()
                .map(|(name, seen)| Caller {
                    caller: String::from_utf8_lossy(name).into_owned(),
                    calls: seen.calls,
                    first_seen: seen.first,
                    last_seen: seen.last,
                })
                .collect();
            callers.sort_by(|a, b| {
                (b.last_seen, b.calls)
                    .cmp(&(a.last_seen, a.calls))
                    .then_with(|| a.caller.cmp(&b.caller))
            });
            RouteCallers {
                method: t.method.to_string(),
                route: t.route.to_string(),
                source: t.source,
                phase: t.phase,
                calls: t.all.calls,
                last_seen: t.all.last,
                callers,
                other: (t.other.calls > 0).then(|| Caller {
                    caller: OTHER.to_string(),
                    calls: t.other.calls,
                    first_seen: t.other.first,
                    last_seen: t.other.last,
                }),
            }
        })
        .collect();
    routes.sort_by(|a, b| {
        b.last_seen
            .cmp(&a.last_seen)
            .then_with(|| (&a.route, &a.method, a.phase).cmp(&(&b.route, &b.method, b.phase)))
    });
    CallerReport {
        recording: RECORDING.load(std::sync::atomic::Ordering::Relaxed),
        routes,
    }
}

/// A handler serving [`callers`] as JSON, to mount where the app likes, behind its own access
/// control (the labels name the app's clients).
///
/// ```
/// use actix_web::{web, App};
/// let app = App::new().route("/internal/gone/callers", web::get().to(gone_runtime::callers_json));
/// ```
pub async fn callers_json() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .content_type("application/json")
        .body(callers().to_json())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statics::PHASES;

    #[test]
    fn the_first_product_token_of_a_user_agent() {
        let token = |agent: &[u8]| String::from_utf8(product_token(agent).to_vec()).unwrap();
        assert_eq!(token(b"curl/8.5.0"), "curl");
        assert_eq!(token(b"python-requests/2.31.0"), "python-requests");
        assert_eq!(token(b"Mozilla/5.0 (X11; Linux x86_64)"), "Mozilla");
        assert_eq!(token(b"  okhttp/4.12"), "okhttp");
        assert_eq!(token(b""), UNKNOWN);
        assert_eq!(token(b"(compatible)"), UNKNOWN);
        assert_eq!(token(b"\xff\xfe/1"), UNKNOWN);
        assert_eq!(token(b"evil\r\nx: y"), "evil");
        assert_eq!(token(b"a!#$%&'*+-.^_`|~b/1"), "a!#$%&'*+-.^_`|~b");
        assert_eq!(token(&[b'a'; 8192]).len(), MAX_LABEL);
    }

    #[test]
    fn phases_have_codes_of_their_own() {
        let mut codes: Vec<u8> = PHASES
            .iter()
            .chain(&["moved", "listed", "blocked"])
            .map(|p| code(p))
            .collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 7);
    }

    #[test]
    fn an_apps_label_is_made_safe() {
        assert_eq!(clean("acme\r\nbilling").unwrap(), "acme??billing");
        assert_eq!(clean("  "), None);
        let long = clean(&"é".repeat(100)).unwrap();
        assert_eq!(long.len(), MAX_LABEL);
        assert!(long.is_char_boundary(MAX_LABEL));
    }

    #[test]
    fn times_in_utc() {
        assert_eq!(utc(1_764_657_000), "2025-12-02 06:30:00 UTC");
    }
}
