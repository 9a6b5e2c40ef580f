//! Keeping a committed copy of the manifest fresh, for CI: compare, show what changed, and
//! rewrite on request the way trybuild does with `TRYBUILD=overwrite`. The committed file is a
//! ledger (SPEC §15): an entry that leaves the code without a revival is refused, even when
//! asked to overwrite, and kept in the file.

use crate::manifest::{Duplicates, Kept, Manifest};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Set to `overwrite` to make [`Manifest::assert_fresh`] rewrite the file instead of failing:
/// `GONE_MANIFEST=overwrite cargo test`.
pub const OVERWRITE_VAR: &str = "GONE_MANIFEST";

/// Why a committed manifest does not match the binary's.
#[derive(Debug)]
pub enum CheckError {
    /// The file could not be read.
    Unreadable(PathBuf, std::io::Error),
    /// The file is not a manifest in the JSON shape.
    Malformed(PathBuf, String),
    /// Routes were added, removed or changed since the file was written.
    Stale(PathBuf, Vec<Change>),
    /// The code retires a (method, path) twice: the manifest would be ambiguous, so it is
    /// neither compared nor written.
    Duplicates(Duplicates),
    /// Routes the file records as gone, moved or listed have left the code with no revival
    /// recorded: a URL that was gone would come back by accident. Refused even with
    /// `GONE_MANIFEST=overwrite`, which rewrites the other changes and keeps these entries.
    Lost(PathBuf, Vec<Lost>, Vec<Change>),
}

/// An entry of the committed manifest (the ledger) that the code no longer has: what it was,
/// and what it answers now.
#[derive(Debug, Clone)]
pub struct Lost {
    /// Its method, as in the file (`*` for a list's row of every method).
    pub method: String,
    /// Its path, as in the file.
    pub path: String,
    /// What it was, from the file: `gone since 2025-03-01 (api::v1::get_user, src/api.rs)`.
    pub was: String,
    /// What it answers now, when the check was given the app
    /// ([`test::assert_fresh`](crate::test::assert_fresh)): `404 Not Found`, or `200 OK from
    /// the live route /posts/{slug}`.
    pub answers: Option<String>,
    kept: Kept,
}

impl fmt::Display for Lost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}; ", self.method, self.path, self.was)?;
        match &self.answers {
            Some(answer) => write!(f, "it now answers {answer}"),
            None => f.write_str(
                "it now answers 404 Not Found, or whatever live route matches it (gone_runtime::test::assert_fresh, given the app, says which)",
            ),
        }
    }
}

/// One difference between the committed manifest and the binary's, keyed by method and path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Retired in the code, not in the file: `(method, path, description)`.
    Added(String, String, String),
    /// In the file, not in the code, and allowed to go: a `#[sunset]` that became `#[gone]`
    /// or `#[moved]`, a retirement the code still makes another way (a `#[gone]` now a
    /// list's row, say), a revival's own entry.
    Removed(String, String),
    /// In both, with fields that differ: `(method, path, [(field, in the file, in the code)])`.
    Changed(String, String, Vec<(String, String, String)>),
    /// A `#[sunset]` removed before its `on`: a plan cancelled, not a removal.
    /// `(method, path, on)`.
    Cancelled(String, String, String),
    /// Retired in the file, revived in the code: the ledger's entry goes, as the revival says.
    /// `(method, path, description of the revival)`.
    Revived(String, String, String),
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Added(m, p, what) => write!(f, "+ {m} {p}  added: {what}"),
            Change::Removed(m, p) => write!(f, "- {m} {p}  removed from the code"),
            Change::Cancelled(m, p, on) => {
                write!(
                    f,
                    "- {m} {p}  cancelled: the sunset was removed before its date ({on})"
                )
            }
            Change::Revived(m, p, what) => write!(f, "- {m} {p}  revived: {what}"),
            Change::Changed(m, p, fields) => {
                write!(f, "~ {m} {p}  changed:")?;
                for (name, old, new) in fields {
                    write!(f, " {name} {old} -> {new};")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fix = format!("run `{OVERWRITE_VAR}=overwrite cargo test` to rewrite it, and commit the result");
        match self {
            CheckError::Unreadable(p, e) => write!(f, "cannot read the manifest {}: {e}; {fix}", p.display()),
            CheckError::Malformed(p, e) => write!(f, "{} is not a gone manifest: {e}; {fix}", p.display()),
            CheckError::Duplicates(d) => write!(f, "{d}"),
            CheckError::Stale(p, changes) => {
                writeln!(
                    f,
                    "the manifest {} is out of date ({} changes); {fix}:",
                    p.display(),
                    changes.len()
                )?;
                for c in changes {
                    writeln!(f, "  {c}")?;
                }
                Ok(())
            }
            CheckError::Lost(p, lost, changes) => {
                let (n, s) = (lost.len(), if lost.len() == 1 { "" } else { "s" });
                writeln!(
                    f,
                    "the manifest {} is a ledger of what was retired, and {n} route{s} it records left the code:",
                    p.display()
                )?;
                for l in lost {
                    writeln!(f, "  {l}")?;
                }
                writeln!(
                    f,
                    "A URL that answered 410 (or a permanent redirect) promised it was gone for good; it must not come back by accident. Either:"
                )?;
                writeln!(f, "  - keep the retirement: {};", keep(&lost[0]))?;
                writeln!(
                    f,
                    "  - or revive it on purpose: `#[revived(since = \"YYYY-MM-DD\", reason = \"...\")]` above the live handler's route attribute, or a row of status `revived` in the list."
                )?;
                write!(
                    f,
                    "{OVERWRITE_VAR}=overwrite does not accept a loss: it rewrites the other changes and keeps these entries in the file."
                )?;
                if !changes.is_empty() {
                    write!(f, "\nOther changes ({}):", changes.len())?;
                    for c in changes {
                        write!(f, "\n  {c}")?;
                    }
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for CheckError {}

/// The fields compared, in the JSON's names. `line` is left out: a handler moving down a few
/// lines is not a change of what was removed, and would make the file churn with every edit.
const COMPARED: &[&str] = &[
    "to",
    "status",
    "since",
    "deprecated",
    "sunset",
    "brownouts",
    "reason",
    "link",
    "handler",
    "module",
    "file",
];

impl Manifest {
    /// Compares this manifest with the JSON file at `path` (as written by
    /// [`write_file`](Self::write_file)), route by route, as of now. `line` is not compared.
    /// See [`check_file_at`](Self::check_file_at).
    pub fn check_file(&self, path: impl AsRef<Path>) -> Result<(), CheckError> {
        self.check_file_at(path, std::time::SystemTime::now())
    }

    /// [`check_file`](Self::check_file) as at `now`, which decides whether a `#[sunset]` the
    /// code no longer has was cancelled (before its `on`: a [`Change::Cancelled`]) or removed
    /// (after it: [`CheckError::Lost`]). For tests, with a fixed clock.
    ///
    /// The file is a ledger: an entry of its `gone`, `moved` or `listed` arrays (or a sunset
    /// past its `on`) that the code no longer has is [`Lost`], unless the code retires the
    /// same method and path another way (a `#[gone]` that became a list's row, a `#[sunset]`
    /// that became `#[gone]`), or revives it (`#[revived]`, or a row of status `revived`).
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    ///
    /// let dir = std::env::temp_dir().join(format!("gone-doc-ledger-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let file = dir.join("gone.json");
    /// // A committed manifest that records a route this binary no longer retires.
    /// std::fs::write(&file, r#"{"gone":[{"method":"GET","path":"/v1/old","since":"2025-03-01",
    ///     "reason":"Use /v2","link":null,"handler":"old","module":"app","file":"src/main.rs","line":9}]}"#).unwrap();
    /// let now = UNIX_EPOCH + Duration::from_secs(1_767_225_600);
    /// let err = gone_runtime::Manifest::from_routes([]).check_file_at(&file, now).unwrap_err();
    /// assert!(matches!(err, gone_runtime::CheckError::Lost(..)));
    /// assert!(err.to_string().contains("GET /v1/old: gone since 2025-03-01"), "{err}");
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn check_file_at(
        &self,
        path: impl AsRef<Path>,
        now: std::time::SystemTime,
    ) -> Result<(), CheckError> {
        let path = path.as_ref();
        self.unambiguous().map_err(CheckError::Duplicates)?;
        let text = std::fs::read_to_string(path).map_err(|e| CheckError::Unreadable(path.into(), e))?;
        let committed = parse(&text).map_err(|e| CheckError::Malformed(path.into(), e))?;
        let current = parse(&self.to_json()).map_err(|e| CheckError::Malformed(path.into(), e))?;
        let now = now
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut changes = Vec::new();
        for (key, entry) in &current {
            match committed.get(key) {
                None => changes.push(Change::Added(key.0.clone(), key.1.clone(), describe(entry))),
                Some(old) => {
                    let fields: Vec<_> = COMPARED
                        .iter()
                        .filter(|f| old.value.get(**f) != entry.value.get(**f))
                        .map(|f| (f.to_string(), show(old.value.get(*f)), show(entry.value.get(*f))))
                        .collect();
                    if !fields.is_empty() {
                        changes.push(Change::Changed(key.0.clone(), key.1.clone(), fields));
                    }
                }
            }
        }
        let mut lost = Vec::new();
        for (key, old) in committed.iter().filter(|(k, _)| !current.contains_key(*k)) {
            let (method, shown) = (key.0.clone(), key.1.clone());
            let retired = current.values().any(|c| c.retires(old));
            let revival = current.values().find(|c| c.revives(old));
            let change = match (old.array, retired, revival) {
                ("revived", ..) | (_, true, _) => Change::Removed(method, shown),
                ("sunset", false, _) if old.on().is_some_and(|on| on > now) => {
                    Change::Cancelled(method, shown, old.field("sunset"))
                }
                (_, false, Some(revival)) => Change::Revived(method, shown, describe_revival(&revival.value)),
                (_, false, None) => {
                    lost.push(Lost {
                        method: old.method.clone(),
                        path: old.path.clone(),
                        was: was(old),
                        answers: None,
                        kept: old.kept(),
                    });
                    continue;
                }
            };
            changes.push(change);
        }
        match (lost.is_empty(), changes.is_empty()) {
            (false, _) => Err(CheckError::Lost(path.into(), lost, changes)),
            (true, false) => Err(CheckError::Stale(path.into(), changes)),
            (true, true) => Ok(()),
        }
    }

    /// Writes the manifest as indented JSON to `path`, atomically: into a temporary file
    /// beside it, then renamed over it, so that a crash never leaves half a manifest.
    pub fn write_file(&self, path: impl AsRef<Path>) -> std::io::Result<()> {
        let path = path.as_ref();
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .ok_or_else(|| std::io::Error::other("the path names no file"))?;
        // One name per write: two tests of one binary may write the same file at once.
        static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = dir.join(format!(
            ".{}.{}.{n}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        let result = (|| {
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(self.to_json_pretty().as_bytes())?;
            file.sync_all()?;
            std::fs::rename(&tmp, path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    /// For a test run in CI: panics with the list of changes unless the committed JSON file at
    /// `path` matches this manifest. With `GONE_MANIFEST=overwrite` in the environment it
    /// rewrites the file instead (only when something changed), except for a route the file
    /// records as retired that has left the code ([`CheckError::Lost`]): that still panics,
    /// overwrite or not, and its entry stays in the file, until the retirement is back or a
    /// revival is recorded ([`#[revived]`](macro@crate::revived)).
    ///
    /// [`test::assert_fresh`](crate::test::assert_fresh) does the same with the app at hand,
    /// to say what a lost route answers now.
    ///
    /// ```no_run
    /// #[test]
    /// fn the_committed_manifest_is_fresh() {
    ///     gone_runtime::manifest().assert_fresh(concat!(env!("CARGO_MANIFEST_DIR"), "/gone.json"));
    /// }
    /// ```
    #[track_caller]
    pub fn assert_fresh(&self, path: impl AsRef<Path>) {
        self.settle(path.as_ref(), self.check_file(path.as_ref()));
    }

    /// What [`assert_fresh`](Self::assert_fresh) does with the check's result.
    #[track_caller]
    pub(crate) fn settle(&self, path: &Path, result: Result<(), CheckError>) {
        let overwrite = std::env::var(OVERWRITE_VAR).as_deref() == Ok("overwrite");
        let write = |manifest: &Manifest| {
            manifest
                .write_file(path)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
            eprintln!("gone: wrote {}", path.display());
        };
        match result {
            Ok(()) => {}
            Err(e @ CheckError::Duplicates(_)) => panic!("{e}"),
            Err(CheckError::Lost(p, lost, changes)) => {
                if overwrite && !changes.is_empty() {
                    let kept = lost.iter().map(|l| l.kept.clone()).collect();
                    write(&self.clone().keeping(kept));
                }
                panic!("{}", CheckError::Lost(p, lost, changes));
            }
            Err(_) if overwrite => write(self),
            Err(e) => panic!("{e}"),
        }
    }
}

type Key = (String, String);

/// One entry of a manifest's JSON: its array, method and path, and all of it.
struct Rec {
    array: &'static str,
    method: String,
    path: String,
    value: Value,
}

/// The arrays of a manifest, each with the order its entries' fields are written in.
const ARRAYS: [(&str, &[&str]); 5] = [
    (
        "gone",
        &[
            "method", "path", "since", "reason", "link", "handler", "module", "file", "line",
        ],
    ),
    (
        "sunset",
        &[
            "method",
            "path",
            "deprecated",
            "sunset",
            "brownouts",
            "reason",
            "link",
            "handler",
            "module",
            "file",
            "line",
        ],
    ),
    (
        "moved",
        &[
            "method", "path", "to", "status", "since", "reason", "handler", "module", "file", "line",
        ],
    ),
    (
        "listed",
        &[
            "method", "path", "status", "since", "reason", "to", "link", "file", "line",
        ],
    ),
    (
        "revived",
        &[
            "method", "path", "since", "reason", "handler", "module", "file", "line",
        ],
    ),
];

impl Rec {
    fn field(&self, name: &str) -> String {
        self.value
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string()
    }

    /// A sunset's `on`, in seconds since the epoch.
    fn on(&self) -> Option<u64> {
        let on = self.value.get("sunset").and_then(Value::as_str)?;
        gone_core::schedule::Instant::parse(on)
            .ok()
            .map(|i| i.unix_seconds())
    }

    /// Whether this entry (of the code) retires what `old` (of the file) did: the same
    /// method (or a row of every method) on the same path, or a listed prefix above it.
    fn retires(&self, old: &Rec) -> bool {
        if !matches!(self.array, "gone" | "moved" | "listed") || !self.same_method(old) {
            return false;
        }
        let ((key, prefix), (old_key, old_prefix)) = (key_of(&self.path), key_of(&old.path));
        (key == old_key && prefix == old_prefix) || (prefix && old_key.starts_with(&key))
    }

    /// Whether this entry (of the code) is the revival of `old` (of the file).
    fn revives(&self, old: &Rec) -> bool {
        self.array == "revived" && self.same_method(old) && key_of(&self.path) == key_of(&old.path)
    }

    fn same_method(&self, old: &Rec) -> bool {
        self.method == old.method || self.method == "*"
    }

    /// The entry as the file had it, its fields in the order they are written.
    fn kept(&self) -> Kept {
        let order = ARRAYS
            .iter()
            .find(|(a, _)| *a == self.array)
            .map_or(&[][..], |(_, o)| *o);
        let mut fields: Vec<(String, Value)> = order
            .iter()
            .filter_map(|k| self.value.get(*k).map(|v| (k.to_string(), v.clone())))
            .collect();
        if let Some(all) = self.value.as_object() {
            for (k, v) in all.iter().filter(|(k, _)| !order.contains(&k.as_str())) {
                fields.push((k.clone(), v.clone()));
            }
        }
        Kept {
            array: self.array,
            method: self.method.clone(),
            path: self.path.clone(),
            fields,
        }
    }
}

/// A path as requests are compared with it (`gone_core::path::canonical`), and whether it is
/// a list's prefix (`/old-forum/*`, compared without its `*`).
/// A route's pattern stands for its shape: `{id}`, `{user_id}` and `{id:\d+}` are one
/// parameter, so that renaming a retired stub's parameter (or giving it a regex) is not a loss.
fn key_of(path: &str) -> (Vec<u8>, bool) {
    if let Some(prefix) = path.strip_suffix('*').filter(|p| p.ends_with('/')) {
        return (gone_core::path::canonical(prefix).into_owned(), true);
    }
    let shape = match crate::pattern::parts(path) {
        Some(parts)
            if parts
                .iter()
                .any(|p| matches!(p, crate::pattern::Part::Param { .. })) =>
        {
            parts
                .iter()
                .map(|part| match part {
                    crate::pattern::Part::Text(text) => text.to_string(),
                    crate::pattern::Part::Param { tail: true, .. } => "{}*".to_string(),
                    crate::pattern::Part::Param { .. } => "{}".to_string(),
                })
                .collect()
        }
        _ => path.to_string(),
    };
    (gone_core::path::canonical(&shape).into_owned(), false)
}

fn parse(text: &str) -> Result<BTreeMap<Key, Rec>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if value.get("gone").and_then(Value::as_array).is_none() {
        return Err("no \"gone\" list".into());
    }
    let mut out = BTreeMap::new();
    for (array, _) in ARRAYS {
        // Each kind is keyed apart: a sunset route that becomes #[gone] is removed from one
        // list and added to the other.
        let suffix = match array {
            "gone" => String::new(),
            other => format!(" ({other})"),
        };
        for e in value.get(array).and_then(Value::as_array).into_iter().flatten() {
            let field = |f: &str| e.get(f).and_then(Value::as_str).map(str::to_string);
            let (Some(method), Some(path)) = (field("method"), field("path")) else {
                return Err(format!("an entry without a method or path: {e}"));
            };
            let shown = format!("{path}{suffix}");
            // Routes on one (method, path) told apart by their guards are kept apart by handler.
            let key = match out.contains_key(&(method.clone(), shown.clone())) {
                false => (method.clone(), shown),
                true => (
                    method.clone(),
                    format!("{shown} ({})", field("handler").unwrap_or_default()),
                ),
            };
            out.insert(
                key,
                Rec {
                    array,
                    method,
                    path,
                    value: e.clone(),
                },
            );
        }
    }
    Ok(out)
}

fn show(v: Option<&Value>) -> String {
    v.map_or_else(|| "(none)".to_string(), Value::to_string)
}

/// How to keep what `lost` retired, written for it: its stub, or its list's row.
fn keep(lost: &Lost) -> String {
    let field = |name: &str| {
        lost.kept
            .fields
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.as_str())
            .unwrap_or("...")
            .to_string()
    };
    let (method, path) = (lost.method.to_ascii_lowercase(), &lost.path);
    let handler = field("handler");
    match lost.kept.array {
        "listed" => format!("put its row back in {} (`{path}`)", field("file")),
        "moved" => format!(
            "a stub is enough, `#[moved(to = {:?}, since = {:?})] #[{method}({path:?})] async fn {handler}() {{}}`",
            field("to"),
            field("since")
        ),
        "sunset" => format!(
            "a stub is enough, `#[gone(since = {:?}, reason = {:?})] #[{method}({path:?})] async fn {handler}() {{}}` (its `on` has passed)",
            field("sunset"),
            field("reason")
        ),
        _ => format!(
            "a stub is enough, `#[gone(since = {:?}, reason = {:?})] #[{method}({path:?})] async fn {handler}() {{}}` (the old body and its code may go)",
            field("since"),
            field("reason")
        ),
    }
}

/// What an entry of the file was, for a [`Lost`].
fn was(old: &Rec) -> String {
    let f = |name: &str| old.field(name);
    let site = || format!("{}::{}, {}", f("module"), f("handler"), f("file"));
    match old.array {
        "sunset" => format!(
            "scheduled to be gone on {} ({}), past that date",
            f("sunset"),
            site()
        ),
        "moved" => format!(
            "moved to {} ({}) since {} ({})",
            f("to"),
            show(old.value.get("status")),
            f("since"),
            site()
        ),
        "listed" => format!(
            "listed ({}) since {} in {}:{}",
            show(old.value.get("status")),
            f("since"),
            f("file"),
            show(old.value.get("line"))
        ),
        _ => format!("gone since {} ({})", f("since"), site()),
    }
}

fn describe_revival(e: &Value) -> String {
    let s = |f: &str| e.get(f).and_then(Value::as_str).unwrap_or("?").to_string();
    match e.get("handler").and_then(Value::as_str) {
        Some(handler) => format!(
            "#[revived] since {} on {}::{handler} ({}): {}",
            s("since"),
            s("module"),
            s("file"),
            s("reason")
        ),
        None => format!(
            "revived since {} by {}:{}: {}",
            s("since"),
            s("file"),
            show(e.get("line")),
            s("reason")
        ),
    }
}

/// What an entry of the code is, for a [`Change::Added`].
fn describe(entry: &Rec) -> String {
    let e = &entry.value;
    let s = |f: &str| e.get(f).and_then(Value::as_str).unwrap_or("?").to_string();
    let when = match entry.array {
        "sunset" => format!("sunset from {}", s("sunset")),
        "moved" => format!(
            "moved to {} ({}) since {}",
            s("to"),
            show(e.get("status")),
            s("since")
        ),
        "listed" => {
            return format!(
                "listed ({}) since {}, {}:{}",
                show(e.get("status")),
                s("since"),
                s("file"),
                show(e.get("line"))
            )
        }
        "revived" => return describe_revival(e),
        _ => format!("since {}", s("since")),
    };
    format!(
        "{when}, {}::{} at {}:{}",
        s("module"),
        s("handler"),
        s("file"),
        show(e.get("line"))
    )
}
