//! The removal manifest: every route of every kind linked into the binary, collected by
//! `inventory` from the attributes into one list, sorted once.

use crate::listed::Listed;
use crate::statics::{Entry, MovedRoute, Registered, RetiredRoute, RevivedRoute, SunsetRoute};
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
    /// Every route, of every kind, in the manifest's order.
    entries: Vec<Entry>,
    /// How many there are of each kind: removed, sunset, moved, revived.
    counts: [usize; 4],
    /// Whether the rows of the binary's `removed!` lists are part of it.
    lists: bool,
    /// Entries of a committed manifest that left the code without a revival, kept in the
    /// file that [`check`](crate::check) rewrites: the ledger never forgets them.
    kept: Vec<Kept>,
}

/// An entry of a committed manifest written back as it was: which array, its method and
/// path, and its fields in the file's order.
#[derive(Debug, Clone)]
pub(crate) struct Kept {
    pub array: &'static str,
    pub method: String,
    pub path: String,
    pub fields: Vec<(String, serde_json::Value)>,
}

impl Serialize for Kept {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.fields.len()))?;
        for (k, v) in &self.fields {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// An item of one of the manifest's arrays: a route of the binary, or a kept entry.
enum Item<'a, T> {
    Here(T),
    Kept(&'a Kept),
}

impl<T: Serialize> Serialize for Item<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Item::Here(t) => t.serialize(s),
            Item::Kept(k) => k.serialize(s),
        }
    }
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
    let mut manifest = Manifest::of(inventory::iter::<Registered>.into_iter().map(Registered::entry));
    manifest.lists = true;
    manifest
}

/// The routes of one kind of a [`Manifest`], in its order: what [`Manifest::iter`],
/// [`Manifest::sunset`] and [`Manifest::moved`] return.
#[derive(Debug, Clone)]
pub struct Routes<'a, T: 'static> {
    entries: std::slice::Iter<'a, Entry>,
    left: usize,
    pick: fn(Entry) -> Option<&'static T>,
}

impl<T: 'static> Iterator for Routes<'_, T> {
    type Item = &'static T;

    fn next(&mut self) -> Option<&'static T> {
        let pick = self.pick;
        let found = self.entries.by_ref().find_map(|e| pick(*e))?;
        self.left -= 1;
        Some(found)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<T: 'static> ExactSizeIterator for Routes<'_, T> {}

fn removed(e: Entry) -> Option<&'static RetiredRoute> {
    match e {
        Entry::Gone(r) => Some(r),
        _ => None,
    }
}

fn scheduled(e: Entry) -> Option<&'static SunsetRoute> {
    match e {
        Entry::Sunset(r) => Some(r),
        _ => None,
    }
}

fn moved(e: Entry) -> Option<&'static MovedRoute> {
    match e {
        Entry::Moved(r) => Some(r),
        _ => None,
    }
}

fn revived(e: Entry) -> Option<&'static RevivedRoute> {
    match e {
        Entry::Revived(r) => Some(r),
        _ => None,
    }
}

impl Manifest {
    /// The entries given, sorted once; each kind's in the same order as the others'.
    fn of(entries: impl IntoIterator<Item = Entry>) -> Manifest {
        let mut entries: Vec<Entry> = entries.into_iter().collect();
        entries.sort_by_key(|e| e.sort_key());
        let mut counts = [0; 4];
        for e in &entries {
            counts[match e {
                Entry::Gone(_) => 0,
                Entry::Sunset(_) => 1,
                Entry::Moved(_) => 2,
                Entry::Revived(_) => 3,
            }] += 1;
        }
        Manifest {
            entries,
            counts,
            lists: false,
            kept: Vec::new(),
        }
    }

    /// This manifest with `kept` written into its arrays (see [`Kept`]).
    pub(crate) fn keeping(mut self, kept: Vec<Kept>) -> Manifest {
        self.kept = kept;
        self
    }

    /// The items of the array `name`: `routes` (sorted by path, then method), and the kept
    /// entries of that array in their place (after the routes, for `listed`, which is
    /// ordered by file).
    fn array<'a, T>(
        &'a self,
        name: &str,
        routes: impl Iterator<Item = T>,
        key: fn(&T) -> (&str, &str),
    ) -> Vec<Item<'a, T>> {
        let mut items: Vec<Item<'a, T>> = routes.map(Item::Here).collect();
        let kept = self.kept.iter().filter(|k| k.array == name);
        items.extend(kept.map(Item::Kept));
        if name != "listed" {
            items.sort_by(|a, b| {
                let k = |i: &Item<'a, T>| match i {
                    Item::Here(t) => {
                        let (p, m) = key(t);
                        (p.to_string(), m.to_string())
                    }
                    Item::Kept(k) => (k.path.clone(), k.method.clone()),
                };
                k(a).cmp(&k(b))
            });
        }
        items
    }

    fn routes<T>(&self, kind: usize, pick: fn(Entry) -> Option<&'static T>) -> Routes<'_, T> {
        Routes {
            entries: self.entries.iter(),
            left: self.counts[kind],
            pick,
        }
    }

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
        Manifest::of(routes.into_iter().map(Entry::Gone))
    }

    /// This manifest with only the given moved routes (sorted the same way), for a part of
    /// the app or for tests.
    ///
    /// ```
    /// let m = gone_runtime::manifest();
    /// let moved_only = gone_runtime::Manifest::from_routes([]).with_moved(m.moved());
    /// assert_eq!(moved_only.len(), 0);
    /// ```
    pub fn with_moved(self, routes: impl IntoIterator<Item = &'static MovedRoute>) -> Manifest {
        let lists = self.lists;
        let kept = self.entries.into_iter().filter(|e| !matches!(e, Entry::Moved(_)));
        let mut manifest = Manifest::of(kept.chain(routes.into_iter().map(Entry::Moved)));
        manifest.lists = lists;
        manifest
    }

    /// Only the routes of one part of the binary: those whose handler's module is `module` or
    /// lies inside it (`module_path!()` starts with the crate's name, so a crate's name takes
    /// all its routes). For a binary that runs two apps (a public one and an admin one, say),
    /// each serving and auditing its own retirements with [`serve`](crate::serve) and
    /// [`test::assert_all_gone_in`](crate::test::assert_all_gone_in).
    ///
    /// ```
    /// use actix_web::get;
    /// use gone_runtime::gone;
    ///
    /// mod admin {
    ///     use actix_web::get;
    ///     use gone_runtime::gone;
    ///
    ///     #[gone(since = "2025-03-01", reason = "Reports moved to the dashboard")]
    ///     #[get("/admin/reports")]
    ///     pub async fn reports() {}
    /// }
    ///
    /// #[gone(since = "2025-03-01", reason = "Use /v2/ping")]
    /// #[get("/v1/ping")]
    /// async fn ping_v1() {}
    ///
    /// let all = gone_runtime::manifest();
    /// let admin_module = all.iter().find(|r| r.handler() == "reports").unwrap().module();
    /// let admin = all.within(admin_module);
    /// assert_eq!(admin.iter().map(|r| r.path()).collect::<Vec<_>>(), ["/admin/reports"]);
    /// ```
    pub fn within(&self, module: &str) -> Manifest {
        let inside = |m: &str| {
            m.strip_prefix(module)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
        };
        Manifest::of(self.entries.iter().copied().filter(|e| inside(e.module())))
    }

    /// The rows of the binary's [`removed!`](crate::removed) lists, in the lists' order (by
    /// file), each list's exact paths then its prefixes, each sorted by path. Lists belong to
    /// the whole binary: [`manifest`] has them, a manifest made of chosen routes
    /// ([`from_routes`](Self::from_routes), [`within`](Self::within)) has none.
    ///
    /// ```
    /// assert_eq!(gone_runtime::Manifest::from_routes([]).listed().count(), 0);
    /// ```
    pub fn listed(&self) -> impl Iterator<Item = Listed> {
        let lists = self.lists;
        Listed::all().filter(move |_| lists)
    }

    /// Whether the binary's lists are part of this manifest.
    pub(crate) fn has_lists(&self) -> bool {
        self.lists
    }

    /// The entries, in order.
    pub fn iter(&self) -> Routes<'_, RetiredRoute> {
        self.routes(0, removed)
    }

    /// The `#[sunset]` routes: still served, with a date from which they answer 410. Listed
    /// apart from the removed ones, sorted the same way.
    pub fn sunset(&self) -> Routes<'_, SunsetRoute> {
        self.routes(1, scheduled)
    }

    /// The `#[moved]` routes: answered with a permanent redirect to their new address. Listed
    /// apart from the removed ones, sorted the same way.
    pub fn moved(&self) -> Routes<'_, MovedRoute> {
        self.routes(2, moved)
    }

    /// The `#[revived]` routes and the lists' rows of status `revived`: retired once, live
    /// again on purpose (SPEC §15). Sorted the same way.
    pub fn revived(&self) -> Routes<'_, RevivedRoute> {
        self.routes(3, revived)
    }

    /// Every route `serve_all` answers: the removed ones and the moved ones, in order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = Entry> + '_ {
        self.entries
            .iter()
            .copied()
            .filter(|e| matches!(e, Entry::Gone(_) | Entry::Moved(_)))
    }

    /// How many removed (method, path) entries there are (sunset and moved routes apart).
    pub fn len(&self) -> usize {
        self.counts[0]
    }

    /// Whether nothing is removed (sunset and moved routes apart).
    pub fn is_empty(&self) -> bool {
        self.counts[0] == 0
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

/// Two or more handlers retiring the same method and path without a guard between them: the
/// app answers with one of them, and an export could say either. Found by
/// [`Manifest::duplicates`]; the audit, the freshness check and the exports refuse them.
#[derive(Debug, Clone)]
pub struct Duplicate {
    /// The method they share.
    pub method: &'static str,
    /// The path they share.
    pub path: &'static str,
    /// The handlers that retire it, in manifest order.
    pub routes: Vec<&'static RetiredRoute>,
    /// The handlers that move it, in manifest order.
    pub moved: Vec<&'static MovedRoute>,
    /// The rows of `removed!` lists that list it, in the lists' order.
    pub listed: Vec<Listed>,
    /// The `#[revived]` handlers (or lists' rows of status `revived`) that say it is live
    /// again, while the others retire it.
    pub revived: Vec<&'static RevivedRoute>,
}

impl std::fmt::Display for Duplicate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let handlers = self
            .routes
            .iter()
            .map(|r| (r.module(), r.handler(), r.file(), r.line()))
            .chain(
                self.moved
                    .iter()
                    .map(|r| (r.module(), r.handler(), r.file(), r.line())),
            );
        let handler_count = self.routes.len() + self.moved.len();
        let (m, p) = (self.method, self.path);
        match (self.revived.is_empty(), handler_count, self.listed.len()) {
            (false, ..) => write!(f, "{m} {p} is retired and revived: ")?,
            (true, _, 0) => write!(f, "{m} {p} is retired by {handler_count} handlers: ")?,
            (true, 0, n) => write!(f, "{m} {p} is listed {n} times: ")?,
            (true, ..) => write!(f, "{m} {p} is retired by a handler and listed: ")?,
        }
        let mut sep = "";
        for (module, handler, file, line) in handlers {
            write!(f, "{sep}{module}::{handler} ({file}:{line})")?;
            sep = ", ";
        }
        for row in &self.listed {
            write!(f, "{sep}{} ({}:{})", row.path(), row.file(), row.line())?;
            sep = ", ";
        }
        for r in &self.revived {
            match r.list() {
                None => write!(
                    f,
                    "{sep}#[revived] {}::{} ({}:{})",
                    r.module(),
                    r.handler(),
                    r.file(),
                    r.line()
                )?,
                Some(file) => write!(f, "{sep}revived {} ({file}:{})", r.path(), r.line())?,
            }
            sep = ", ";
        }
        if !self.revived.is_empty() {
            return f.write_str(
                "; a route is either retired or live again: to revive it, remove its #[gone] (or #[moved], or its row); to keep it retired, remove the revival",
            );
        }
        match (self.moved.is_empty(), self.listed.is_empty()) {
            (true, true) => f.write_str("; keep one #[gone] for it"),
            (false, true) => f.write_str("; keep one #[gone] or #[moved] for it"),
            (_, false) => f.write_str("; keep one: the handler's attribute or one row of one list"),
        }
    }
}

/// Every [`Duplicate`] of a manifest, as an error: what the exports return instead of an
/// ambiguous snippet.
#[derive(Debug, Clone)]
pub struct Duplicates(pub Vec<Duplicate>);

impl std::fmt::Display for Duplicates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = if self.0.len() == 1 { "" } else { "s" };
        write!(f, "the manifest retires {} route{s} twice:", self.0.len())?;
        for d in &self.0 {
            write!(f, "\n  {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Duplicates {}

impl Manifest {
    /// The (method, path) pairs retired by more than one handler without a guard to tell
    /// them apart (routes with a guard are the app's to choose among).
    ///
    /// ```
    /// assert!(gone_runtime::manifest().duplicates().is_empty());
    /// ```
    pub fn duplicates(&self) -> Vec<Duplicate> {
        let mut out: std::collections::BTreeMap<(&str, &str), Duplicate> = Default::default();
        for r in self.iter().filter(|r| !r.guarded()) {
            entry(&mut out, r.method(), r.path()).routes.push(r);
        }
        for r in self.moved().filter(|r| !r.guarded()) {
            entry(&mut out, r.method(), r.path()).moved.push(r);
        }
        self.listed_duplicates(&mut out);
        for r in self.revived().filter(|r| !r.guarded() && r.list().is_none()) {
            if let Some(d) = out.get_mut(&(r.path(), r.method())) {
                d.revived.push(r);
            }
        }
        out.into_values()
            .filter(|d| d.routes.len() + d.moved.len() + d.listed.len() + d.revived.len() > 1)
            .collect()
    }

    /// A path listed in two lists, or listed and retired by a handler on a path without
    /// parameters (a listed path under a pattern, `/posts/launch-2019` under
    /// `/posts/{slug}`, is what lists are for).
    fn listed_duplicates(
        &self,
        out: &mut std::collections::BTreeMap<(&'static str, &'static str), Duplicate>,
    ) {
        if !self.lists {
            return;
        }
        let mut rows: std::collections::HashMap<(Vec<u8>, bool), Vec<Listed>> = Default::default();
        for row in self.listed() {
            let key = gone_core::path::canonical(row.path().trim_end_matches('*')).into_owned();
            rows.entry((key, row.is_prefix())).or_default().push(row);
        }
        for same in rows.values().filter(|same| same.len() > 1) {
            let d = entry(out, same[0].method(), same[0].path());
            d.listed.extend(same.iter().copied());
        }
        let handlers = self
            .iter()
            .filter(|r| !r.guarded())
            .map(|r| (r.method(), r.path()))
            .chain(
                self.moved()
                    .filter(|r| !r.guarded())
                    .map(|r| (r.method(), r.path())),
            );
        for (method, path) in handlers.filter(|(_, p)| !p.contains('{')) {
            let key = gone_core::path::canonical(path).into_owned();
            let Some(same) = rows.get(&(key, false)) else {
                continue;
            };
            for row in same.iter().filter(|row| row.answers(method)) {
                let d = entry(out, method, path);
                if !d
                    .listed
                    .iter()
                    .any(|l| l.path() == row.path() && l.file() == row.file())
                {
                    d.listed.push(*row);
                }
            }
        }
        // A revival of a path a list still serves: a handler's (on a path without
        // parameters) or another list's row.
        for r in self.revived().filter(|r| !r.guarded() && !r.path().contains('{')) {
            let prefix = r.list().is_some() && r.path().ends_with("/*");
            let key = gone_core::path::canonical(r.path().trim_end_matches('*')).into_owned();
            let Some(same) = rows.get(&(key, prefix)) else {
                continue;
            };
            for row in same
                .iter()
                .filter(|row| r.method() == "*" || row.answers(r.method()))
            {
                let d = entry(out, r.method(), r.path());
                if !d
                    .listed
                    .iter()
                    .any(|l| l.path() == row.path() && l.file() == row.file())
                {
                    d.listed.push(*row);
                }
                if !d.revived.iter().any(|v| std::ptr::eq(*v, r)) {
                    d.revived.push(r);
                }
            }
        }
    }

    /// `Err` naming every duplicate, if any.
    pub(crate) fn unambiguous(&self) -> Result<(), Duplicates> {
        let duplicates = self.duplicates();
        if duplicates.is_empty() {
            Ok(())
        } else {
            Err(Duplicates(duplicates))
        }
    }
}

/// The entry of `map` for (method, path), made when missing.
fn entry<'m>(
    map: &'m mut std::collections::BTreeMap<(&'static str, &'static str), Duplicate>,
    method: &'static str,
    path: &'static str,
) -> &'m mut Duplicate {
    map.entry((path, method)).or_insert_with(|| Duplicate {
        method,
        path,
        routes: Vec::new(),
        moved: Vec::new(),
        listed: Vec::new(),
        revived: Vec::new(),
    })
}

impl Serialize for Manifest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The one list, split into the arrays of each kind (with the kept entries of a
        // ledger, if any).
        let mut map = s.serialize_map(None)?;
        map.serialize_entry(
            "gone",
            &self.array("gone", self.iter(), |r| (r.path(), r.method())),
        )?;
        let sunset = self.array("sunset", self.sunset(), |r| (r.path(), r.method()));
        if !sunset.is_empty() {
            map.serialize_entry("sunset", &sunset)?;
        }
        let moved = self.array("moved", self.moved(), |r| (r.path(), r.method()));
        if !moved.is_empty() {
            map.serialize_entry("moved", &moved)?;
        }
        let listed = self.array("listed", self.listed(), |r| (r.path(), r.method()));
        if !listed.is_empty() {
            map.serialize_entry("listed", &listed)?;
        }
        let revived = self.array("revived", self.revived(), |r| (r.path(), r.method()));
        if !revived.is_empty() {
            map.serialize_entry("revived", &revived)?;
        }
        map.end()
    }
}

impl<'a> IntoIterator for &'a Manifest {
    type Item = &'static RetiredRoute;
    type IntoIter = Routes<'a, RetiredRoute>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}
