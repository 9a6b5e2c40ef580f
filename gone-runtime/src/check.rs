//! Keeping a committed copy of the manifest fresh, for CI: compare, show what changed, and
//! rewrite on request the way trybuild does with `TRYBUILD=overwrite`.

use crate::manifest::{Duplicates, Manifest};
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
}

/// One difference between the committed manifest and the binary's, keyed by method and path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Retired in the code, not in the file: `(method, path, description)`.
    Added(String, String, String),
    /// In the file, no longer retired in the code.
    Removed(String, String),
    /// In both, with fields that differ: `(method, path, [(field, in the file, in the code)])`.
    Changed(String, String, Vec<(String, String, String)>),
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Added(m, p, what) => write!(f, "+ {m} {p}  added: {what}"),
            Change::Removed(m, p) => write!(f, "- {m} {p}  removed: no longer retired in the code"),
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
    /// [`write_file`](Self::write_file)), route by route. `line` is not compared.
    pub fn check_file(&self, path: impl AsRef<Path>) -> Result<(), CheckError> {
        let path = path.as_ref();
        self.unambiguous().map_err(CheckError::Duplicates)?;
        let text = std::fs::read_to_string(path).map_err(|e| CheckError::Unreadable(path.into(), e))?;
        let committed = parse(&text).map_err(|e| CheckError::Malformed(path.into(), e))?;
        let current = parse(&self.to_json()).map_err(|e| CheckError::Malformed(path.into(), e))?;
        let mut changes = Vec::new();
        for (key, entry) in &current {
            match committed.get(key) {
                None => changes.push(Change::Added(key.0.clone(), key.1.clone(), describe(entry))),
                Some(old) => {
                    let fields: Vec<_> = COMPARED
                        .iter()
                        .filter(|f| old.get(**f) != entry.get(**f))
                        .map(|f| (f.to_string(), show(old.get(*f)), show(entry.get(*f))))
                        .collect();
                    if !fields.is_empty() {
                        changes.push(Change::Changed(key.0.clone(), key.1.clone(), fields));
                    }
                }
            }
        }
        for key in committed.keys().filter(|k| !current.contains_key(*k)) {
            changes.push(Change::Removed(key.0.clone(), key.1.clone()));
        }
        if changes.is_empty() {
            Ok(())
        } else {
            Err(CheckError::Stale(path.into(), changes))
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
        let tmp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
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
    /// rewrites the file instead (only when something changed).
    ///
    /// ```no_run
    /// #[test]
    /// fn the_committed_manifest_is_fresh() {
    ///     gone_runtime::manifest().assert_fresh(concat!(env!("CARGO_MANIFEST_DIR"), "/gone.json"));
    /// }
    /// ```
    pub fn assert_fresh(&self, path: impl AsRef<Path>) {
        let path = path.as_ref();
        match self.check_file(path) {
            Ok(()) => {}
            Err(e @ CheckError::Duplicates(_)) => panic!("{e}"),
            Err(_) if std::env::var(OVERWRITE_VAR).as_deref() == Ok("overwrite") => {
                self.write_file(path)
                    .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
                eprintln!("gone: wrote {}", path.display());
            }
            Err(e) => panic!("{e}"),
        }
    }
}

type Key = (String, String);

fn parse(text: &str) -> Result<BTreeMap<Key, Value>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let gone = value
        .get("gone")
        .and_then(Value::as_array)
        .ok_or("no \"gone\" list")?;
    // Sunset and moved routes are keyed apart: one that becomes #[gone] is removed from one
    // list and added to the other.
    let sunset = value.get("sunset").and_then(Value::as_array);
    let moved = value.get("moved").and_then(Value::as_array);
    let entries = gone
        .iter()
        .map(|e| (e, ""))
        .chain(sunset.into_iter().flatten().map(|e| (e, " (sunset)")))
        .chain(moved.into_iter().flatten().map(|e| (e, " (moved)")));
    let mut out = BTreeMap::new();
    for (e, list) in entries {
        let field = |f: &str| e.get(f).and_then(Value::as_str).map(str::to_string);
        let (Some(method), Some(path)) = (field("method"), field("path").map(|p| p + list)) else {
            return Err(format!("an entry without a method or path: {e}"));
        };
        // Routes on one (method, path) told apart by their guards are kept apart by handler.
        let key = match out.contains_key(&(method.clone(), path.clone())) {
            false => (method, path),
            true => (
                method,
                format!("{path} ({})", field("handler").unwrap_or_default()),
            ),
        };
        out.insert(key, e.clone());
    }
    Ok(out)
}

fn show(v: Option<&Value>) -> String {
    v.map_or_else(|| "(none)".to_string(), Value::to_string)
}

fn describe(e: &Value) -> String {
    let s = |f: &str| e.get(f).and_then(Value::as_str).unwrap_or("?").to_string();
    let when = match (e.get("sunset"), e.get("to")) {
        (Some(_), _) => format!("sunset from {}", s("sunset")),
        (None, Some(_)) => format!(
            "moved to {} ({}) since {}",
            s("to"),
            show(e.get("status")),
            s("since")
        ),
        (None, None) => format!("since {}", s("since")),
    };
    format!(
        "{when}, {}::{} at {}:{}",
        s("module"),
        s("handler"),
        s("file"),
        show(e.get("line"))
    )
}
