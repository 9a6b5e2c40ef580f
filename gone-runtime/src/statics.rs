//! The statics the macro writes, at the bottom of the crate: one static per handler, holding
//! what its routes answer (a [`Retired`] response, a [`Schedule`] or a [`Redirect`]) and its
//! routes, each submitted to `inventory` as a [`Registered`]. A route is one record,
//! [`Route`]: where it is, the same for every kind, and what it is, its kind's payload.
//! Everything else reads them; this module reads nothing of the crate.

use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::sync::atomic::{AtomicU64, Ordering};

/// One retired handler: its response and its manifest entries, in one `static` that the
/// macro writes as a literal (one static per handler keeps the build cheap).
#[doc(hidden)]
pub struct Handler<const N: usize> {
    pub response: Retired,
    pub routes: [RetiredRoute; N],
}

/// One `#[sunset]` handler: its schedule and its manifest entries.
#[doc(hidden)]
pub struct SunsetHandler<const N: usize> {
    pub schedule: Schedule,
    pub routes: [SunsetRoute; N],
}

/// One `#[moved]` handler: its redirect and its manifest entries.
#[doc(hidden)]
pub struct MovedHandler<const N: usize> {
    pub redirect: Redirect,
    pub routes: [MovedRoute; N],
}

/// One `#[revived]` handler: its decision and its manifest entries.
#[doc(hidden)]
pub struct RevivedHandler<const N: usize> {
    pub revival: Revival,
    pub routes: [RevivedRoute; N],
}

/// Why and since when a route that was retired is live again: `#[revived]`, or a list's row
/// of status `revived`.
#[doc(hidden)]
pub struct Revival {
    pub since: &'static str,
    pub reason: &'static str,
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
    /// The crate's own page, for the HTML body.
    pub page: Option<&'static crate::page::SitePage>,
}

/// The phases a sunset route's calls are counted in, in the order of its counters.
pub(crate) const PHASES: [&str; 4] = ["deprecated", "brownout", "gone", "held"];

/// One route of the manifest: where it is (method, path, handler, module, file, line,
/// guarded), the same for every kind, and what it is, `K`: [`Removed`], [`Scheduled`] or
/// [`Moved`]. The accessors of where it is, its counter and its sort key are written once,
/// for every kind; each kind adds its own few.
///
/// ```
/// for route in gone_runtime::manifest().iter() {
///     println!("{} {} retired on {}: {}", route.method(), route.path(), route.since(), route.reason());
/// }
/// ```
pub struct Route<K: Kind> {
    at: Where,
    kind: K,
    /// Calls answered: one counter, or one per phase for a scheduled route ([`PHASES`]).
    hits: K::Hits,
    /// The `metrics` counter of each phase, registered on the route's first call in it.
    #[cfg(feature = "metrics")]
    counters: Handles,
}

/// A route's `metrics` handles. A handle only ever increments its counter, so that a panic
/// elsewhere leaves nothing half-done in it: the record stays unwind-safe, as without the
/// feature.
#[cfg(feature = "metrics")]
struct Handles([Handle; 4]);

/// One phase's `metrics` handle, with the recorder it was registered with (its address):
/// registered again when another recorder is installed, so that calls made before the app's
/// recorder was (by other tests of a binary, say) do not leave it with the no-op recorder's.
#[cfg(feature = "metrics")]
pub(crate) type Handle = std::sync::Mutex<Option<(usize, metrics::Counter)>>;

#[cfg(feature = "metrics")]
impl std::panic::RefUnwindSafe for Handles {}

/// Where a route is: the same for every kind. Written by the macro; not public API.
#[doc(hidden)]
pub struct Where {
    pub method: &'static str,
    pub path: &'static str,
    pub handler: &'static str,
    pub module: &'static str,
    pub file: &'static str,
    pub line: u32,
    pub guarded: bool,
}

impl Where {
    /// Where a route is, as the macro writes it: method, path, handler, `module_path!()`,
    /// `file!()`, the line of the handler's name, and whether its route attribute has a guard.
    pub const fn new(
        method: &'static str,
        path: &'static str,
        handler: &'static str,
        module: &'static str,
        file: &'static str,
        line: u32,
        guarded: bool,
    ) -> Where {
        Where {
            method,
            path,
            handler,
            module,
            file,
            line,
            guarded,
        }
    }
}

/// A removed route (`#[gone]`): what it answers.
#[doc(hidden)]
pub struct Removed(&'static Retired);

/// A scheduled route (`#[sunset]`): its schedule.
#[doc(hidden)]
pub struct Scheduled(&'static Schedule);

/// A revived route (`#[revived]`): live again on purpose, the decision recorded.
#[doc(hidden)]
pub struct Revived(&'static Revival);

/// A moved route (`#[moved]`): where to, and its path's regex with a group per parameter,
/// built on the first request that needs it.
#[doc(hidden)]
pub struct Moved(&'static Redirect, std::sync::OnceLock<Option<regex_lite::Regex>>);

impl Removed {
    /// What a `#[gone]` route answers.
    pub const fn of(response: &'static Retired) -> Removed {
        Removed(response)
    }
}

impl Scheduled {
    /// A `#[sunset]` route's schedule.
    pub const fn of(schedule: &'static Schedule) -> Scheduled {
        Scheduled(schedule)
    }
}

impl Revived {
    /// A `#[revived]` route's decision.
    pub const fn of(revival: &'static Revival) -> Revived {
        Revived(revival)
    }
}

impl Moved {
    /// Where a `#[moved]` route sends its clients.
    pub const fn of(redirect: &'static Redirect) -> Moved {
        Moved(redirect, std::sync::OnceLock::new())
    }
}

/// One retired (method, path) (`#[gone]`), as listed in the [`Manifest`](crate::Manifest).
pub type RetiredRoute = Route<Removed>;
/// One (method, path) of a `#[sunset]` handler, as listed in the [`Manifest`](crate::Manifest).
pub type SunsetRoute = Route<Scheduled>;
/// One (method, path) of a `#[moved]` handler, as listed in the [`Manifest`](crate::Manifest).
pub type MovedRoute = Route<Moved>;
/// One (method, path) of a `#[revived]` handler, or a list's row of status `revived`, as
/// listed in the [`Manifest`](crate::Manifest).
pub type RevivedRoute = Route<Revived>;

/// What a kind adds to a route's record: its name in `Debug`, and its fields, which come
/// between the path and the handler in the JSON of the manifest.
#[doc(hidden)]
pub trait Kind: Sync + 'static {
    /// `"RetiredRoute"`, ...: the name of its record in `Debug` and `Serialize`.
    const NAME: &'static str;
    /// How many fields it writes.
    const FIELDS: usize;
    /// Its fields, written into the record's struct.
    fn serialize_fields<S: SerializeStruct>(&self, st: &mut S) -> Result<(), S::Error>;
    /// Its fields, in `Debug`.
    fn debug_fields(&self, d: &mut std::fmt::DebugStruct<'_, '_>);
    /// Its counters of calls: one, or one per phase.
    type Hits: Counters;
    /// Its counters at zero, for a route's static (each use is a fresh value: a route's static
    /// gets its own counters, as it must).
    #[allow(clippy::declare_interior_mutable_const)]
    const ZERO: Self::Hits;
}

/// A route's counters of calls, read and added to by index (a phase's, or 0).
#[doc(hidden)]
pub trait Counters: Sync + 'static {
    fn add(&self, index: usize);
    fn get(&self, index: usize) -> u64;
}

impl<const N: usize> Counters for [AtomicU64; N] {
    fn add(&self, index: usize) {
        if let Some(h) = <[AtomicU64]>::get(self, index) {
            h.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn get(&self, index: usize) -> u64 {
        <[AtomicU64]>::get(self, index).map_or(0, |h| h.load(Ordering::Relaxed))
    }
}

/// A manifest entry, where it is and what it is, as the macro writes it in a handler's static.
/// Reachable only through `__private`.
#[doc(hidden)]
pub const fn record<K: Kind>(at: Where, kind: K) -> Route<K> {
    Route {
        at,
        kind,
        hits: K::ZERO,
        #[cfg(feature = "metrics")]
        counters: Handles([const { std::sync::Mutex::new(None) }; 4]),
    }
}

impl<K: Kind> Route<K> {
    /// The HTTP method, upper case: `"GET"`. A GET also answers HEAD, which is not listed
    /// separately.
    pub fn method(&self) -> &'static str {
        self.at.method
    }

    /// The path pattern as actix-web registers it, scope prefix included: `"/v1/users/{id}"`.
    pub fn path(&self) -> &'static str {
        self.at.path
    }

    /// The name of the handler function.
    pub fn handler(&self) -> &'static str {
        self.at.handler
    }

    /// The module it is declared in, as `module_path!()` gives it.
    pub fn module(&self) -> &'static str {
        self.at.module
    }

    /// The source file, as `file!()` gives it.
    pub fn file(&self) -> &'static str {
        self.at.file
    }

    /// The line of the handler's name in [`file`](Self::file).
    pub fn line(&self) -> u32 {
        self.at.line
    }

    /// Whether its route attribute gives a `guard`. [`serve_all`](crate::serve_all) and the
    /// edges leave such a route to its registered handler, which alone knows the guard.
    pub fn guarded(&self) -> bool {
        self.at.guarded
    }

    /// Counts one call, in the phase at `index` of [`PHASES`] for a scheduled route (`0`
    /// otherwise): an atomic add, no lock, no allocation.
    pub(crate) fn hit_in(&self, index: usize) {
        self.hits.add(index);
    }

    /// Where its calls are recorded by the callers report: the record's address.
    pub(crate) fn site(&'static self) -> Site {
        Site::Route(self as *const Self as usize)
    }

    /// The `metrics` counter of the phase at `index` (`0` but for a scheduled route).
    #[cfg(feature = "metrics")]
    pub(crate) fn counter(&self, index: usize) -> Option<&Handle> {
        self.counters.0.get(index)
    }

    fn hits_at(&self, index: usize) -> u64 {
        Counters::get(&self.hits, index)
    }

    /// The manifest's order: path, then method (then where, for two of the same).
    pub(crate) fn sort_key(&self) -> (&str, &str, &str, u32, &str) {
        (
            self.at.path,
            self.at.method,
            self.at.file,
            self.at.line,
            self.at.handler,
        )
    }
}

impl<K: Kind> std::fmt::Debug for Route<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct(K::NAME);
        d.field("method", &self.at.method).field("path", &self.at.path);
        self.kind.debug_fields(&mut d);
        d.field("handler", &self.at.handler)
            .field("module", &self.at.module)
            .field("file", &self.at.file)
            .field("line", &self.at.line)
            .finish()
    }
}

impl<K: Kind> Serialize for Route<K> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct(K::NAME, 6 + K::FIELDS)?;
        st.serialize_field("method", self.at.method)?;
        st.serialize_field("path", self.at.path)?;
        self.kind.serialize_fields(&mut st)?;
        // A list's row has no handler (see [`RevivedRoute::list`]).
        st.serialize_field("handler", &Some(self.at.handler).filter(|h| !h.is_empty()))?;
        st.serialize_field("module", self.at.module)?;
        st.serialize_field("file", self.at.file)?;
        st.serialize_field("line", &self.at.line)?;
        st.end()
    }
}

impl Kind for Removed {
    type Hits = [AtomicU64; 1];
    #[allow(clippy::declare_interior_mutable_const)] // a fresh value in each static
    const ZERO: Self::Hits = [AtomicU64::new(0)];
    const NAME: &'static str = "RetiredRoute";
    const FIELDS: usize = 3;
    fn serialize_fields<S: SerializeStruct>(&self, st: &mut S) -> Result<(), S::Error> {
        st.serialize_field("since", self.0.since)?;
        st.serialize_field("reason", self.0.reason)?;
        st.serialize_field("link", &self.0.link)
    }
    fn debug_fields(&self, d: &mut std::fmt::DebugStruct<'_, '_>) {
        d.field("since", &self.0.since)
            .field("reason", &self.0.reason)
            .field("link", &self.0.link);
    }
}

impl Kind for Scheduled {
    type Hits = [AtomicU64; 4];
    #[allow(clippy::declare_interior_mutable_const)] // a fresh value in each static
    const ZERO: Self::Hits = [const { AtomicU64::new(0) }; 4];
    const NAME: &'static str = "SunsetRoute";
    const FIELDS: usize = 5;
    fn serialize_fields<S: SerializeStruct>(&self, st: &mut S) -> Result<(), S::Error> {
        let brownouts: Vec<&str> = self.0.brownouts.iter().map(|b| b.written).collect();
        st.serialize_field("deprecated", self.0.deprecated)?;
        st.serialize_field("sunset", self.0.on)?;
        st.serialize_field("brownouts", &brownouts)?;
        st.serialize_field("reason", self.0.gone.reason)?;
        st.serialize_field("link", &self.0.gone.link)
    }
    fn debug_fields(&self, d: &mut std::fmt::DebugStruct<'_, '_>) {
        d.field("deprecated", &self.0.deprecated).field("on", &self.0.on);
    }
}

impl Kind for Moved {
    type Hits = [AtomicU64; 1];
    #[allow(clippy::declare_interior_mutable_const)] // a fresh value in each static
    const ZERO: Self::Hits = [AtomicU64::new(0)];
    const NAME: &'static str = "MovedRoute";
    const FIELDS: usize = 4;
    fn serialize_fields<S: SerializeStruct>(&self, st: &mut S) -> Result<(), S::Error> {
        st.serialize_field("to", self.0.to)?;
        st.serialize_field("status", &self.0.status)?;
        st.serialize_field("since", self.0.since)?;
        st.serialize_field("reason", &self.0.reason)
    }
    fn debug_fields(&self, d: &mut std::fmt::DebugStruct<'_, '_>) {
        d.field("to", &self.0.to)
            .field("status", &self.0.status)
            .field("since", &self.0.since);
    }
}

impl Kind for Revived {
    type Hits = [AtomicU64; 0];
    #[allow(clippy::declare_interior_mutable_const)] // a fresh value in each static
    const ZERO: Self::Hits = [];
    const NAME: &'static str = "RevivedRoute";
    const FIELDS: usize = 2;
    fn serialize_fields<S: SerializeStruct>(&self, st: &mut S) -> Result<(), S::Error> {
        st.serialize_field("since", self.0.since)?;
        st.serialize_field("reason", self.0.reason)
    }
    fn debug_fields(&self, d: &mut std::fmt::DebugStruct<'_, '_>) {
        d.field("since", &self.0.since).field("reason", &self.0.reason);
    }
}

impl RetiredRoute {
    /// The date of removal, `YYYY-MM-DD`.
    pub fn since(&self) -> &'static str {
        self.kind.0.since
    }

    /// Why it was removed.
    pub fn reason(&self) -> &'static str {
        self.kind.0.reason
    }

    /// The migration notes, if any.
    pub fn link(&self) -> Option<&'static str> {
        self.kind.0.link
    }

    /// How many 410s this route has answered in this process (see [`stats`](fn@crate::stats)).
    pub fn hits(&self) -> u64 {
        self.hits_at(0)
    }

    pub(crate) fn response(&self) -> &'static Retired {
        self.kind.0
    }

    pub(crate) fn hit(&self) {
        self.hit_in(0);
    }
}

impl SunsetRoute {
    /// When the deprecation took (or takes) effect, as written.
    pub fn deprecated(&self) -> &'static str {
        self.kind.0.deprecated
    }

    /// From when it answers 410, as written.
    pub fn on(&self) -> &'static str {
        self.kind.0.on
    }

    /// `on`, in seconds since the Unix epoch.
    pub fn on_unix_seconds(&self) -> u64 {
        self.kind.0.on_unix
    }

    /// The brownout windows, as written.
    pub fn brownouts(&self) -> impl ExactSizeIterator<Item = &'static str> {
        self.kind.0.brownouts.iter().map(|b| b.written)
    }

    /// Why it is going.
    pub fn reason(&self) -> &'static str {
        self.kind.0.gone.reason
    }

    /// The migration notes, if any.
    pub fn link(&self) -> Option<&'static str> {
        self.kind.0.gone.link
    }

    /// How many calls it has had in `phase` (`"deprecated"`, `"brownout"`, `"gone"` or
    /// `"held"`) in this process.
    pub fn hits(&self, phase: &str) -> u64 {
        PHASES
            .iter()
            .position(|p| *p == phase)
            .map_or(0, |i| self.hits_at(i))
    }

    pub(crate) fn schedule(&self) -> &'static Schedule {
        self.kind.0
    }

    /// Counts one call in the phase at `index` of [`PHASES`].
    pub(crate) fn hit(&self, index: usize) {
        self.hit_in(index);
    }
}

impl MovedRoute {
    /// Where it moved, as written: `"/v2/users/{id}"`, each `{name}` standing for the value
    /// the request matched.
    pub fn to(&self) -> &'static str {
        self.kind.0.to
    }

    /// The redirect's status: 308 (the default: method and body kept) or 301.
    pub fn status(&self) -> u16 {
        self.kind.0.status
    }

    /// The date of the move, `YYYY-MM-DD`.
    pub fn since(&self) -> &'static str {
        self.kind.0.since
    }

    /// Why it moved, if said.
    pub fn reason(&self) -> Option<&'static str> {
        self.kind.0.reason
    }

    /// How many redirects it has answered in this process.
    pub fn hits(&self) -> u64 {
        self.hits_at(0)
    }

    pub(crate) fn redirect(&self) -> &'static Redirect {
        self.kind.0
    }

    pub(crate) fn captures(&self) -> &std::sync::OnceLock<Option<regex_lite::Regex>> {
        &self.kind.1
    }

    pub(crate) fn hit(&self) {
        self.hit_in(0);
    }
}

impl RevivedRoute {
    /// The date of the revival, `YYYY-MM-DD`.
    pub fn since(&self) -> &'static str {
        self.kind.0.since
    }

    /// Why it is live again.
    pub fn reason(&self) -> &'static str {
        self.kind.0.reason
    }

    /// For a list's row of status `revived`: the list's file (also [`file`](Self::file)),
    /// the row having no handler ([`handler`](Self::handler) is empty). `None` for a
    /// `#[revived]` handler.
    pub fn list(&self) -> Option<&'static str> {
        self.at.handler.is_empty().then_some(self.at.file)
    }
}

/// What [`route_for_method`] reads of a route, of any kind.
pub(crate) trait Routed {
    fn method(&self) -> &'static str;
}

impl<K: Kind> Routed for Route<K> {
    fn method(&self) -> &'static str {
        self.at.method
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

/// Where a call was answered, for the callers report: a route of the manifest (by its record's
/// address), a list's row (its list's address and index), or a run-time route (its method and
/// pattern).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Site {
    Route(usize),
    Row(usize, usize),
    Runtime(Box<str>, Box<str>),
}

/// A route of the manifest, of whichever kind: the one list the manifest sorts once.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Entry {
    Gone(&'static RetiredRoute),
    Sunset(&'static SunsetRoute),
    Moved(&'static MovedRoute),
    Revived(&'static RevivedRoute),
}

/// One accessor of where a route is, through its kind.
macro_rules! where_of {
    ($entry:expr, $r:ident => $e:expr) => {
        match $entry {
            Entry::Gone($r) => $e,
            Entry::Sunset($r) => $e,
            Entry::Moved($r) => $e,
            Entry::Revived($r) => $e,
        }
    };
}

impl Entry {
    pub(crate) fn path(self) -> &'static str {
        where_of!(self, r => r.path())
    }

    pub(crate) fn guarded(self) -> bool {
        where_of!(self, r => r.guarded())
    }

    pub(crate) fn module(self) -> &'static str {
        where_of!(self, r => r.module())
    }

    pub(crate) fn sort_key(self) -> (&'static str, &'static str, &'static str, u32, &'static str) {
        where_of!(self, r => r.sort_key())
    }
}

impl Routed for Entry {
    fn method(&self) -> &'static str {
        where_of!(*self, r => r.method())
    }
}

/// What the macro submits to `inventory`: a route in its handler's static array, where the
/// handler finds it to count its hits. One collection for every kind.
#[doc(hidden)]
pub struct Registered(pub(crate) Entry);

impl Registered {
    /// A `#[gone]` route.
    pub const fn gone(route: &'static RetiredRoute) -> Registered {
        Registered(Entry::Gone(route))
    }

    /// A `#[sunset]` route.
    pub const fn sunset(route: &'static SunsetRoute) -> Registered {
        Registered(Entry::Sunset(route))
    }

    /// A `#[moved]` route.
    pub const fn moved(route: &'static MovedRoute) -> Registered {
        Registered(Entry::Moved(route))
    }

    /// A `#[revived]` route, or a list's row of status `revived`.
    pub const fn revived(route: &'static RevivedRoute) -> Registered {
        Registered(Entry::Revived(route))
    }

    pub(crate) fn entry(&self) -> Entry {
        self.0
    }
}

inventory::collect!(Registered);
