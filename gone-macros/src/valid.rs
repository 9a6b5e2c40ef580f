//! Checking what the keys say: a real date, a reason with words in it, a usable link, a
//! `max_age` in range, upper-case methods. The result is a [`Config`] the expansion can use.

use crate::attr::{self, Args};
use crate::ctxt::Ctxt;
use crate::fallback;
use gone_core::schedule::{Instant, Interval};
use gone_core::{check_link, check_max_age, check_reason, pattern, Date, DEFAULT_MAX_AGE};
use syn::LitStr;

pub struct Config {
    pub since: Date,
    pub reason: String,
    pub link: Option<String>,
    pub max_age: u32,
    /// For a handler registered by hand: its path and methods.
    pub manual: Option<Manual>,
}

pub struct Manual {
    /// The path as registered, checked.
    pub path: String,
    /// The literal, for errors.
    pub lit: LitStr,
    pub methods: Vec<String>,
}

/// The literal's text when `check` accepts it; otherwise its error, on the literal.
fn checked<E: std::fmt::Display>(
    lit: &LitStr,
    check: impl Fn(&str) -> Result<(), E>,
    cx: &mut Ctxt,
) -> Option<String> {
    let text = lit.value();
    match check(&text) {
        Ok(()) => Some(text),
        Err(e) => {
            cx.spanned(lit, e);
            None
        }
    }
}

/// A route's path as actix-web registers it (`"x"` is `/x`), when actix-web could route it;
/// otherwise the error, on the literal, and `None`.
pub fn path(lit: &LitStr, cx: &mut Ctxt) -> Option<String> {
    let path = pattern::with_leading_slash(&lit.value()).into_owned();
    match pattern::parse(&path) {
        Ok(_) => Some(path),
        Err(e) => {
            cx.spanned(lit, e);
            None
        }
    }
}

/// The keys every kind shares, checked.
struct Common {
    reason: Option<String>,
    link: Option<String>,
    max_age: u32,
}

/// The required keys, `reason`, `link` and `max_age`: the same rules for every kind.
fn common(args: &Args, cx: &mut Ctxt) -> Common {
    // A key that is missing is reported only when the others were read without fault: when
    // `reasn = ...` is misspelt, the missing `reason` is the same mistake.
    if !cx.has_errors() {
        if let Some(e) = attr::missing(args) {
            cx.push(e);
        }
    }
    let reason = args
        .reason
        .as_ref()
        .and_then(|lit| checked(lit, check_reason, cx));
    let link = args.link.as_ref().and_then(|lit| checked(lit, check_link, cx));
    let max_age = match &args.max_age {
        None => DEFAULT_MAX_AGE,
        Some(lit) => lit
            .base10_parse::<u64>()
            .map_err(|_| {
                cx.spanned(
                    lit,
                    "`max_age` is a plain number of seconds from 0 to 31536000, like `max_age = 86400`",
                )
            })
            .and_then(|n| check_max_age(n).map_err(|e| cx.spanned(lit, e)))
            .unwrap_or(DEFAULT_MAX_AGE),
    };
    Common {
        reason,
        link,
        max_age,
    }
}

/// A `#[sunset]`'s keys, checked.
pub struct SunsetConfig {
    pub deprecated: Instant,
    pub on: Instant,
    pub reason: String,
    pub link: Option<String>,
    pub max_age: u32,
    pub brownouts: Vec<Interval>,
    pub exempt: Option<syn::Path>,
}

/// Checks a `#[sunset]`'s keys: real instants, `deprecated` not after `on`, every brownout
/// inside `[deprecated, on)` and none overlapping another, `exempt` a path. Always usable:
/// what is wrong is replaced by a placeholder, and said.
pub fn check_sunset(args: Args, cx: &mut Ctxt) -> SunsetConfig {
    let Common {
        reason,
        link,
        max_age,
    } = common(&args, cx);
    let instant = |lit: &Option<LitStr>, key: &str, cx: &mut Ctxt| {
        lit.as_ref().and_then(|lit| {
            Instant::parse(&lit.value())
                .map_err(|e| cx.spanned(lit, format!("`{key}`: {e}")))
                .ok()
        })
    };
    let deprecated = instant(&args.deprecated, "deprecated", cx);
    let mut on = instant(&args.on, "on", cx);
    if let (Some(d), Some(o), Some(lit)) = (deprecated, on, &args.on) {
        if d > o {
            cx.spanned(
                lit,
                format!("`on` ({o}) comes before `deprecated` ({d}): a route is deprecated first, then gone; write an `on` after {d}"),
            );
            on = None;
        }
    }
    let mut brownouts: Vec<Interval> = Vec::new();
    for lit in args.brownouts.iter().flat_map(|(_, lits)| lits) {
        let Ok(window) =
            Interval::parse(&lit.value()).map_err(|e| cx.spanned(lit, format!("`brownouts`: {e}")))
        else {
            continue;
        };
        if let (Some(d), Some(o)) = (deprecated, on) {
            if window.start().unix_seconds() < d.unix_seconds() || window.end() > o.unix_seconds() {
                cx.spanned(
                    lit,
                    format!("the brownout {window} is not inside the deprecation, from `deprecated` ({d}) up to `on` ({o}): move it inside, or drop it"),
                );
                continue;
            }
        }
        if let Some(other) = brownouts.iter().find(|b| b.overlaps(&window)) {
            cx.spanned(
                lit,
                format!("the brownout {window} overlaps {other}: make them one window, or move one"),
            );
            continue;
        }
        brownouts.push(window);
    }
    let exempt = args.exempt.as_ref().and_then(|lit| {
        lit.parse::<syn::Path>()
            .map_err(|_| {
                cx.spanned(
                    lit,
                    "`exempt` names a function `fn(&GuardContext) -> bool`, by its path: write `exempt = \"is_partner\"`",
                )
            })
            .ok()
    });
    SunsetConfig {
        deprecated: deprecated.unwrap_or(Instant::EPOCH),
        on: on.or(deprecated).unwrap_or(Instant::EPOCH),
        reason: reason.unwrap_or_else(fallback::reason),
        link,
        max_age,
        brownouts,
        exempt,
    }
}

/// Checks every key. The returned config is always usable: a value that is wrong is replaced
/// by a placeholder, and the error says what was wrong.
pub fn check(args: Args, cx: &mut Ctxt) -> Config {
    // A key that is missing is reported only when the others were read without fault: when
    // `reasn = ...` is misspelt, the missing `reason` is the same mistake.
    let Common {
        reason,
        link,
        max_age,
    } = common(&args, cx);
    let since = args.since.as_ref().and_then(|lit| {
        Date::parse(&lit.value())
            .map_err(|e| cx.spanned(lit, format!("`since`: {e}")))
            .ok()
    });
    let methods = args.method.as_ref().map(|(key, lits)| {
        let mut methods = Vec::new();
        for lit in lits {
            let m = lit.value();
            if m.is_empty() || !m.bytes().all(|b| b.is_ascii_alphabetic()) {
                cx.spanned(lit, "`method` is an HTTP method name like \"GET\"");
            } else if m.bytes().any(|b| b.is_ascii_lowercase()) {
                cx.spanned(
                    lit,
                    format!(
                        "HTTP methods are upper case: write `\"{}\"`",
                        m.to_ascii_uppercase()
                    ),
                );
            } else if methods.contains(&m) {
                cx.spanned(lit, format!("`{m}` is listed twice"));
            } else {
                methods.push(m);
            }
        }
        (key, methods)
    });
    let manual = match (&args.path, methods) {
        (Some(path), methods) => {
            if !path.value().starts_with('/') {
                cx.spanned(
                    path,
                    format!("`path` starts with '/': write `path = \"/{}\"`", path.value()),
                );
            }
            let methods = methods.map(|(_, m)| m).filter(|m| !m.is_empty());
            Some(Manual {
                path: self::path(path, cx).unwrap_or_else(|| "/".to_string()),
                lit: path.clone(),
                methods: methods.unwrap_or_else(|| vec!["GET".to_string()]),
            })
        }
        (None, Some((key, _))) => {
            cx.spanned(
                key,
                "`method` goes with `path`, for a handler registered by hand: add `path = \"/...\"`, or drop `method` and let the route attribute say it",
            );
            None
        }
        (None, None) => None,
    };
    Config {
        since: since.unwrap_or_else(fallback::since),
        reason: reason.unwrap_or_else(fallback::reason),
        link,
        max_age,
        manual,
    }
}
