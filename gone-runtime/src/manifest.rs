//! The removal manifest: every retired route linked into the binary, collected by
//! `inventory` from the `#[gone]` attributes, in a stable order.

use crate::statics::{Registered, RetiredRoute};
use serde::ser::{Serialize, SerializeMap, Serializer};

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
