//! The removal manifest: every retired route linked into the binary, collected by
//! `inventory` from the `#[gone]` attributes, in a stable order.

use crate::response::Retired;
use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};
use std::sync::atomic::{AtomicU64, Ordering};

/// One retired (method, path), as listed in the [`Manifest`].
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

/// Among routes on one path, the one that answers `method`: the route of that method, or for a
/// HEAD, the GET (a retired GET answers HEAD unless HEAD is routed on that path itself). The
/// one statement of that rule, for the handler's own resources, its `async fn` fallback and
/// the index of [`serve_all`](crate::serve_all).
pub(crate) fn route_for_method<'r>(
    routes: impl Iterator<Item = &'r RetiredRoute> + Clone,
    method: &str,
) -> Option<&'r RetiredRoute> {
    let mut all = routes.clone();
    match all.find(|r| r.method() == method) {
        None if method == "HEAD" => { routes }.find(|r| r.method() == "GET"),
        found => found,
    }
}

/// What the macro submits to `inventory`: a route in its handler's static array, where the
/// handler finds it to count its hits.
#[doc(hidden)]
pub struct Registered(pub &'static RetiredRoute);

inventory::collect!(Registered);

impl RetiredRoute {
    #[doc(hidden)]
    #[allow(clippy::too_many_arguments)] // called by the macro only
    pub const fn new(
        method: &'static str,
        path: &'static str,
        handler: &'static str,
        module: &'static str,
        file: &'static str,
        line: u32,
        guarded: bool,
        response: &'static Retired,
    ) -> Self {
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

    fn sort_key(&self) -> (&str, &str, &str, u32, &str) {
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

/// Every retired route in the binary, sorted by path, then method.
///
/// ```
/// let manifest = gone_runtime::manifest();
/// println!("{}", manifest.to_markdown());
/// assert!(manifest.to_json().starts_with(r#"{"gone":["#));
/// ```
#[derive(Debug, Clone)]
pub struct Manifest {
    routes: Vec<&'static RetiredRoute>,
}

/// The removal manifest of this binary: one entry per retired (method, path), sorted by path
/// then method, the same on every run.
///
/// ```
/// use actix_web::get;
/// use gone_runtime::gone;
///
/// #[gone(since = "2025-03-01", reason = "Use /v2/ping")]
/// #[get("/v1/ping")]
/// async fn ping_v1() {}
///
/// let m = gone_runtime::manifest();
/// let ping = m.iter().find(|r| r.path() == "/v1/ping").unwrap();
/// assert_eq!((ping.method(), ping.handler()), ("GET", "ping_v1"));
/// ```
pub fn manifest() -> Manifest {
    Manifest::from_routes(inventory::iter::<Registered>.into_iter().map(|r| r.0))
}

impl Manifest {
    /// A manifest of the given routes, in the same order as [`manifest`]: for a part of the
    /// app, or for tests.
    ///
    /// ```
    /// let v1 = gone_runtime::Manifest::from_routes(
    ///     gone_runtime::manifest().iter().filter(|r| r.path().starts_with("/v1/")),
    /// );
    /// assert!(v1.iter().all(|r| r.path().starts_with("/v1/")));
    /// ```
    pub fn from_routes(routes: impl IntoIterator<Item = &'static RetiredRoute>) -> Manifest {
        let mut routes: Vec<&'static RetiredRoute> = routes.into_iter().collect();
        routes.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Manifest { routes }
    }

    /// The entries, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &'static RetiredRoute> + '_ {
        self.routes.iter().copied()
    }

    /// How many (method, path) entries there are.
    pub fn len(&self) -> usize {
        self.routes.len()
    }

    /// Whether nothing is retired.
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// The manifest as compact JSON:
    /// `{"gone":[{"method":"GET","path":"/v1/users/{id}","since":"2025-03-01","reason":"...","link":null,"handler":"get_user_v1","module":"api::v1","file":"examples/api.rs","line":42}]}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The same JSON, indented, one key a line: the form to commit, so that diffs read well.
    pub fn to_json_pretty(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

impl Serialize for Manifest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("gone", &self.routes)?;
        map.end()
    }
}

impl<'a> IntoIterator for &'a Manifest {
    type Item = &'static RetiredRoute;
    type IntoIter = std::iter::Copied<std::slice::Iter<'a, &'static RetiredRoute>>;
    fn into_iter(self) -> Self::IntoIter {
        self.routes.iter().copied()
    }
}
