//! The statics the macro writes, at the bottom of the crate: one [`Handler`] per retired
//! handler, holding its [`Retired`] response and its [`RetiredRoute`]s, each submitted to
//! `inventory` as a [`Registered`]. Everything else reads them; this module reads nothing of
//! the crate.

use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::sync::atomic::{AtomicU64, Ordering};

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

/// One retired (method, path), as listed in the [`Manifest`](crate::Manifest).
///
/// ```
/// for route in gone_runtime::manifest().iter() {
///     println!("{} {} retired on {}: {}", route.method(), route.path(), route.since(), route.reason());
/// }
/// ```
pub struct RetiredRoute {
    method: &'static str,
    path: &'static str,
    handler: &'static str,
    module: &'static str,
    file: &'static str,
    line: u32,
    guarded: bool,
    response: &'static Retired,
    hits: AtomicU64,
}

/// What [`route_for_method`] reads of a route, retired or sunset.
pub(crate) trait Routed {
    fn method(&self) -> &'static str;
}

impl Routed for RetiredRoute {
    fn method(&self) -> &'static str {
        self.method
    }
}

impl Routed for SunsetRoute {
    fn method(&self) -> &'static str {
        self.method
    }
}

/// Among routes on one path, the one that answers `method`: the route of that method, or for a
/// HEAD, the GET (a retired or scheduled GET answers HEAD unless HEAD is routed on that path
/// itself). The one statement of that rule, for a handler's own resources (retired and sunset),
/// its `async fn` fallback, the sunset middleware and the index of
/// [`serve_all`](crate::serve_all).
pub(crate) fn route_for_method<'r, R: Routed + 'r>(
    routes: impl Iterator<Item = &'r R> + Clone,
    method: &str,
) -> Option<&'r R> {
    let mut all = routes.clone();
    match all.find(|r| r.method() == method) {
        None if method == "HEAD" => { routes }.find(|r| r.method() == "GET"),
        found => found,
    }
}

/// A route [`serve_all`](crate::serve_all) answers: removed, or moved.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Entry {
    Gone(&'static RetiredRoute),
    Moved(&'static MovedRoute),
}

impl Entry {
    pub(crate) fn path(self) -> &'static str {
        match self {
            Entry::Gone(r) => r.path(),
            Entry::Moved(r) => r.path(),
        }
    }

    pub(crate) fn guarded(self) -> bool {
        match self {
            Entry::Gone(r) => r.guarded(),
            Entry::Moved(r) => r.guarded(),
        }
    }
}

impl Routed for Entry {
    fn method(&self) -> &'static str {
        match self {
            Entry::Gone(r) => r.method(),
            Entry::Moved(r) => r.method(),
        }
    }
}

/// What the macro submits to `inventory`: a route in its handler's static array, where the
/// handler finds it to count its hits.
#[doc(hidden)]
pub struct Registered(pub &'static RetiredRoute);

inventory::collect!(Registered);

/// A manifest entry, as the macro writes it in a handler's static. Reachable only through
/// `__private`: the fields are not public API.
#[doc(hidden)]
#[allow(clippy::too_many_arguments)] // called by the macro only
pub const fn retired_route(
    method: &'static str,
    path: &'static str,
    handler: &'static str,
    module: &'static str,
    file: &'static str,
    line: u32,
    guarded: bool,
    response: &'static Retired,
) -> RetiredRoute {
    RetiredRoute {
        method,
        path,
        handler,
        module,
        file,
        line,
        guarded,
        response,
        hits: AtomicU64::new(0),
    }
}

impl RetiredRoute {
    /// The HTTP method, upper case: `"GET"`. A retired GET also answers HEAD, which is not
    /// listed separately.
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// The path pattern as actix-web registers it, scope prefix included: `"/v1/users/{id}"`.
    pub fn path(&self) -> &'static str {
        self.path
    }

    /// The date of removal, `YYYY-MM-DD`.
    pub fn since(&self) -> &'static str {
        self.response.since
    }

    /// Why it was removed.
    pub fn reason(&self) -> &'static str {
        self.response.reason
    }

    /// The migration notes, if any.
    pub fn link(&self) -> Option<&'static str> {
        self.response.link
    }

    /// The name of the retired handler function.
    pub fn handler(&self) -> &'static str {
        self.handler
    }

    /// The module it is declared in, as `module_path!()` gives it.
    pub fn module(&self) -> &'static str {
        self.module
    }

    /// The source file, as `file!()` gives it.
    pub fn file(&self) -> &'static str {
        self.file
    }

    /// The line of the handler's name in [`file`](Self::file).
    pub fn line(&self) -> u32 {
        self.line
    }

    /// Whether its route attribute gives a `guard`. [`serve_all`](crate::serve_all) leaves
    /// such a route to its registered handler, which alone knows the guard.
    pub fn guarded(&self) -> bool {
        self.guarded
    }

    pub(crate) fn response(&self) -> &'static Retired {
        self.response
    }

    /// How many 410s this route has answered in this process (see [`stats`](fn@crate::stats)).
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    /// Counts one answer: an atomic add, no lock, no allocation.
    pub(crate) fn hit(&self) {
        self.hits.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn sort_key(&self) -> (&str, &str, &str, u32, &str) {
        (self.path, self.method, self.file, self.line, self.handler)
    }
}

impl std::fmt::Debug for RetiredRoute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RetiredRoute")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("since", &self.since())
            .field("reason", &self.reason())
            .field("link", &self.link())
            .field("handler", &self.handler)
            .field("module", &self.module)
            .field("file", &self.file)
            .field("line", &self.line)
            .finish()
    }
}

impl Serialize for RetiredRoute {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("RetiredRoute", 9)?;
        st.serialize_field("method", self.method)?;
        st.serialize_field("path", self.path)?;
        st.serialize_field("since", self.since())?;
        st.serialize_field("reason", self.reason())?;
        st.serialize_field("link", &self.link())?;
        st.serialize_field("handler", self.handler)?;
        st.serialize_field("module", self.module)?;
        st.serialize_field("file", self.file)?;
        st.serialize_field("line", &self.line)?;
        st.end()
    }
}

/// The phases a sunset route's calls are counted in, in the order of [`SunsetRoute`]'s
/// counters.
pub(crate) const PHASES: [&str; 4] = ["deprecated", "brownout", "gone", "held"];

/// One `#[sunset]` handler: its schedule and its manifest entries, in one `static` the macro
/// writes as a literal.
#[doc(hidden)]
pub struct SunsetHandler<const N: usize> {
    pub schedule: Schedule,
    pub routes: [SunsetRoute; N],
}

/// The schedule of one `#[sunset]` handler, with every header value and body written at
/// compile time.
#[doc(hidden)]
pub struct Schedule {
    /// `deprecated` as written, and in seconds since the epoch.
    pub deprecated: &'static str,
    pub deprecated_unix: u64,
    /// `on` as written, and in seconds since the epoch.
    pub on: &'static str,
    pub on_unix: u64,
    /// `Deprecation: @<unix seconds>` (RFC 9745).
    pub deprecation_header: &'static str,
    /// `Link: <LINK>; rel="deprecation"; type="text/html"`, when a link is given.
    pub link_header: Option<&'static str>,
    pub brownouts: &'static [Brownout],
    /// The `exempt` function: a request it says yes to stays in the deprecated phase.
    pub exempt: Option<GuardFn>,
    /// From `on`: the response `#[gone(since = ON, ...)]` gives, its `Sunset` on `on`'s time.
    pub gone: Retired,
}

/// A route attribute's `guard = "path"` function, or `#[sunset]`'s `exempt`.
#[doc(hidden)]
pub type GuardFn =
    &'static (dyn Fn(&actix_web::guard::GuardContext<'_>) -> bool + Sync + std::panic::RefUnwindSafe);

/// One brownout window and its 410.
#[doc(hidden)]
pub struct Brownout {
    /// As written: `2025-06-03T14:00Z/PT1H`.
    pub written: &'static str,
    pub start: u64,
    pub end: u64,
    /// `Retry-After`: the end as an HTTP-date.
    pub retry_after: &'static str,
    pub json: &'static str,
    pub html: &'static str,
    pub text: &'static str,
}

/// One (method, path) of a `#[sunset]` handler, as listed in the [`Manifest`](crate::Manifest).
///
/// ```
/// for route in gone_runtime::manifest().sunset() {
///     println!("{} {} answers 410 from {}", route.method(), route.path(), route.on());
/// }
/// ```
pub struct SunsetRoute {
    method: &'static str,
    path: &'static str,
    handler: &'static str,
    module: &'static str,
    file: &'static str,
    line: u32,
    schedule: &'static Schedule,
    hits: [AtomicU64; 4],
}

/// What the macro submits to `inventory` for a sunset route.
#[doc(hidden)]
pub struct RegisteredSunset(pub &'static SunsetRoute);

inventory::collect!(RegisteredSunset);

/// A sunset manifest entry, as the macro writes it. Reachable only through `__private`.
#[doc(hidden)]
pub const fn sunset_route(
    method: &'static str,
    path: &'static str,
    handler: &'static str,
    module: &'static str,
    file: &'static str,
    line: u32,
    schedule: &'static Schedule,
) -> SunsetRoute {
    SunsetRoute {
        method,
        path,
        handler,
        module,
        file,
        line,
        schedule,
        hits: [
            AtomicU64::new(0),
            AtomicU64::new(0),
            AtomicU64::new(0),
            AtomicU64::new(0),
        ],
    }
}

impl SunsetRoute {
    /// The HTTP method, upper case.
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// The path pattern as actix-web registers it.
    pub fn path(&self) -> &'static str {
        self.path
    }

    /// When the deprecation took (or takes) effect, as written.
    pub fn deprecated(&self) -> &'static str {
        self.schedule.deprecated
    }

    /// From when it answers 410, as written.
    pub fn on(&self) -> &'static str {
        self.schedule.on
    }

    /// `on`, in seconds since the Unix epoch.
    pub fn on_unix_seconds(&self) -> u64 {
        self.schedule.on_unix
    }

    /// The brownout windows, as written.
    pub fn brownouts(&self) -> impl ExactSizeIterator<Item = &'static str> {
        self.schedule.brownouts.iter().map(|b| b.written)
    }

    /// Why it is going.
    pub fn reason(&self) -> &'static str {
        self.schedule.gone.reason
    }

    /// The migration notes, if any.
    pub fn link(&self) -> Option<&'static str> {
        self.schedule.gone.link
    }

    /// The name of the handler function.
    pub fn handler(&self) -> &'static str {
        self.handler
    }

    /// The module it is declared in, as `module_path!()` gives it.
    pub fn module(&self) -> &'static str {
        self.module
    }

    /// The source file, as `file!()` gives it.
    pub fn file(&self) -> &'static str {
        self.file
    }

    /// The line of the handler's name.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// How many calls it has had in `phase` (`"deprecated"`, `"brownout"`, `"gone"` or
    /// `"held"`) in this process.
    pub fn hits(&self, phase: &str) -> u64 {
        PHASES
            .iter()
            .position(|p| *p == phase)
            .map_or(0, |i| self.hits[i].load(Ordering::Relaxed))
    }

    pub(crate) fn schedule(&self) -> &'static Schedule {
        self.schedule
    }

    /// Counts one call in the phase at `index` of [`PHASES`].
    pub(crate) fn hit(&self, index: usize) {
        if let Some(h) = self.hits.get(index) {
            h.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub(crate) fn sort_key(&self) -> (&str, &str, &str, u32, &str) {
        (self.path, self.method, self.file, self.line, self.handler)
    }
}

impl std::fmt::Debug for SunsetRoute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SunsetRoute")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("deprecated", &self.deprecated())
            .field("on", &self.on())
            .field("handler", &self.handler)
            .field("file", &self.file)
            .field("line", &self.line)
            .finish()
    }
}

impl Serialize for SunsetRoute {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let brownouts: Vec<&str> = self.brownouts().collect();
        let mut st = s.serialize_struct("SunsetRoute", 11)?;
        st.serialize_field("method", self.method)?;
        st.serialize_field("path", self.path)?;
        st.serialize_field("deprecated", self.deprecated())?;
        st.serialize_field("sunset", self.on())?;
        st.serialize_field("brownouts", &brownouts)?;
        st.serialize_field("reason", self.reason())?;
        st.serialize_field("link", &self.link())?;
        st.serialize_field("handler", self.handler)?;
        st.serialize_field("module", self.module)?;
        st.serialize_field("file", self.file)?;
        st.serialize_field("line", &self.line)?;
        st.end()
    }
}

/// One `#[moved]` handler: its redirect and its manifest entries, in one `static` the macro
/// writes as a literal.
#[doc(hidden)]
pub struct MovedHandler<const N: usize> {
    pub redirect: Redirect,
    pub routes: [MovedRoute; N],
}

/// Where a moved handler's routes send their clients, and how.
#[doc(hidden)]
pub struct Redirect {
    /// `to`, as written.
    pub to: &'static str,
    /// `to`, read: text and the parameters to fill in.
    pub pieces: &'static [gone_core::target::Piece<'static>],
    /// Whether `to` has a query string of its own (then the request's is not carried over).
    pub has_query: bool,
    /// 308 or 301.
    pub status: u16,
    pub since: &'static str,
    pub reason: Option<&'static str>,
    pub cache_control: &'static str,
}

/// One (method, path) of a `#[moved]` handler, as listed in the [`Manifest`](crate::Manifest).
///
/// ```
/// for route in gone_runtime::manifest().moved() {
///     println!("{} {} moved to {} ({})", route.method(), route.path(), route.to(), route.status());
/// }
/// ```
pub struct MovedRoute {
    method: &'static str,
    path: &'static str,
    handler: &'static str,
    module: &'static str,
    file: &'static str,
    line: u32,
    guarded: bool,
    redirect: &'static Redirect,
    /// The path's regex with a group per parameter, built on the first request that needs it.
    captures: std::sync::OnceLock<Option<regex_lite::Regex>>,
    hits: AtomicU64,
}

/// What the macro submits to `inventory` for a moved route.
#[doc(hidden)]
pub struct RegisteredMoved(pub &'static MovedRoute);

inventory::collect!(RegisteredMoved);

/// A moved manifest entry, as the macro writes it. Reachable only through `__private`.
#[doc(hidden)]
#[allow(clippy::too_many_arguments)] // called by the macro only
pub const fn moved_route(
    method: &'static str,
    path: &'static str,
    handler: &'static str,
    module: &'static str,
    file: &'static str,
    line: u32,
    guarded: bool,
    redirect: &'static Redirect,
) -> MovedRoute {
    MovedRoute {
        method,
        path,
        handler,
        module,
        file,
        line,
        guarded,
        redirect,
        captures: std::sync::OnceLock::new(),
        hits: AtomicU64::new(0),
    }
}

impl Routed for MovedRoute {
    fn method(&self) -> &'static str {
        self.method
    }
}

impl MovedRoute {
    /// The HTTP method, upper case. A moved GET also answers HEAD.
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// The old path pattern as actix-web registers it: `"/v1/users/{id}"`.
    pub fn path(&self) -> &'static str {
        self.path
    }

    /// Where it moved, as written: `"/v2/users/{id}"`, each `{name}` standing for the value
    /// the request matched.
    pub fn to(&self) -> &'static str {
        self.redirect.to
    }

    /// The redirect's status: 308 (the default: method and body kept) or 301.
    pub fn status(&self) -> u16 {
        self.redirect.status
    }

    /// The date of the move, `YYYY-MM-DD`.
    pub fn since(&self) -> &'static str {
        self.redirect.since
    }

    /// Why it moved, if said.
    pub fn reason(&self) -> Option<&'static str> {
        self.redirect.reason
    }

    /// The name of the handler function.
    pub fn handler(&self) -> &'static str {
        self.handler
    }

    /// The module it is declared in, as `module_path!()` gives it.
    pub fn module(&self) -> &'static str {
        self.module
    }

    /// The source file, as `file!()` gives it.
    pub fn file(&self) -> &'static str {
        self.file
    }

    /// The line of the handler's name.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// Whether its route attribute gives a `guard` (then only the app can decide it).
    pub fn guarded(&self) -> bool {
        self.guarded
    }

    /// How many redirects it has answered in this process.
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    pub(crate) fn redirect(&self) -> &'static Redirect {
        self.redirect
    }

    pub(crate) fn captures(&self) -> &std::sync::OnceLock<Option<regex_lite::Regex>> {
        &self.captures
    }

    pub(crate) fn hit(&self) {
        self.hits.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn sort_key(&self) -> (&str, &str, &str, u32, &str) {
        (self.path, self.method, self.file, self.line, self.handler)
    }
}

impl std::fmt::Debug for MovedRoute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MovedRoute")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("to", &self.to())
            .field("status", &self.status())
            .field("since", &self.since())
            .field("handler", &self.handler)
            .field("file", &self.file)
            .field("line", &self.line)
            .finish()
    }
}

impl Serialize for MovedRoute {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("MovedRoute", 10)?;
        st.serialize_field("method", self.method)?;
        st.serialize_field("path", self.path)?;
        st.serialize_field("to", self.to())?;
        st.serialize_field("status", &self.status())?;
        st.serialize_field("since", self.since())?;
        st.serialize_field("reason", &self.reason())?;
        st.serialize_field("handler", self.handler)?;
        st.serialize_field("module", self.module)?;
        st.serialize_field("file", self.file)?;
        st.serialize_field("line", &self.line)?;
        st.end()
    }
}
