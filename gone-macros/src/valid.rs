//! Checking what the keys say: a real date, a reason with words in it, a usable link, a
//! `max_age` in range, upper-case methods. The result is a [`Config`] the expansion can use:
//! one variant per kind, each with its own fields.

use crate::attr::{self, Args};
use crate::ctxt::Ctxt;
use gone_core::schedule::{Instant, Interval};
use gone_core::{check_link, check_max_age, check_reason, pattern, Date, DEFAULT_MAX_AGE};
use syn::LitStr;

/// What an attribute says, checked, by kind. Always usable: a value that is wrong is replaced
/// by a placeholder, and the error says what was wrong.
pub enum Config {
    /// `#[gone]`: removed.
    Removed(Retirement),
    /// `#[moved]`: the keys it shares with `#[gone]`, and where to.
    Moved(Retirement, Moved),
    /// `#[sunset]`: a schedule.
    Scheduled(SunsetConfig),
    /// `#[revived]`: live again, on purpose.
    Revived(Revival),
}

/// A `#[revived]`'s keys, checked: since when and why the route is live again.
pub struct Revival {
    pub since: Date,
    pub reason: String,
    /// For a handler registered by hand: its path and methods.
    pub manual: Option<Manual>,
}

/// The date a placeholder config says, where the attribute's is wrong or missing.
pub fn placeholder_since() -> Date {
    Date::EPOCH
}

/// The reason a placeholder config gives, where the attribute's is wrong or missing.
pub fn placeholder_reason() -> String {
    "This endpoint was removed.".to_string()
}

/// The keys `#[gone]` and `#[moved]` share, checked.
pub struct Retirement {
    pub since: Date,
    pub reason: String,
    pub link: Option<String>,
    pub max_age: u32,
    /// For a handler registered by hand: its path and methods.
    pub manual: Option<Manual>,
    /// The site's page its HTML is written in (SPEC §16).
    pub page: crate::page::SitePage,
}

/// A `#[moved]`'s own keys, checked.
pub struct Moved {
    /// `to`, as written (checked to be a path or an http(s) URL a `Location` can carry).
    pub to: String,
    /// The literal, for the errors that need the route's path to be found.
    pub lit: LitStr,
    /// 308 or 301.
    pub status: u16,
    /// `reason`, when given.
    pub reason: Option<String>,
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
    match pattern::check(&path) {
        Ok(_) => Some(path),
        Err(e) => {
            cx.spanned(lit, e);
            None
        }
    }
}

/// A revival's reason says why the route is back, not why it went.
fn check_revival_reason(reason: &str) -> Result<(), String> {
    match reason.trim().is_empty() {
        true => Err(format!(
            "`reason` is empty: write one sentence saying why the route is live again, like {}",
            attr::REVIVAL_REASON
        )),
        false => Ok(()),
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
    let reason = args.reason.as_ref().and_then(|lit| match args.kind {
        attr::Kind::Revived => checked(lit, check_revival_reason, cx),
        _ => checked(lit, check_reason, cx),
    });
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
    /// The site's page its HTML is written in (SPEC §16).
    pub page: crate::page::SitePage,
}

/// Checks a `#[sunset]`'s keys: real instants, `deprecated` not after `on`, every brownout
/// inside `[deprecated, on)` and none overlapping another, `exempt` a path. Always usable:
/// what is wrong is replaced by a placeholder, and said.
fn check_sunset(args: Args, cx: &mut Ctxt) -> SunsetConfig {
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
        reason: reason.unwrap_or_else(placeholder_reason),
        link,
        max_age,
        brownouts,
        exempt,
        page: crate::page::choose(args.page.as_ref(), cx),
    }
}

/// Checks every key of an attribute of any kind.
pub fn check(args: Args, cx: &mut Ctxt) -> Config {
    match args.kind {
        attr::Kind::Sunset => Config::Scheduled(check_sunset(args, cx)),
        attr::Kind::Gone => {
            let (mut retirement, _) = retirement(&args, cx);
            retirement.page = crate::page::choose(args.page.as_ref(), cx);
            Config::Removed(retirement)
        }
        attr::Kind::Revived => {
            let Retirement {
                since,
                reason,
                manual,
                ..
            } = retirement(&args, cx).0;
            Config::Revived(Revival {
                since,
                reason,
                manual,
            })
        }
        attr::Kind::Moved => {
            let (mut retirement, reason) = retirement(&args, cx);
            retirement.page = crate::page::choose(args.page.as_ref(), cx);
            let moved = moved(&args, reason, cx);
            Config::Moved(retirement, moved)
        }
    }
}

/// The keys `#[gone]` and `#[moved]` share, checked; with the reason as given, if any.
fn retirement(args: &Args, cx: &mut Ctxt) -> (Retirement, Option<String>) {
    // A key that is missing is reported only when the others were read without fault: when
    // `reasn = ...` is misspelt, the missing `reason` is the same mistake.
    let Common {
        reason,
        link,
        max_age,
    } = common(args, cx);
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
    let retirement = Retirement {
        since: since.unwrap_or_else(placeholder_since),
        reason: reason.clone().unwrap_or_else(placeholder_reason),
        link,
        max_age,
        manual,
        page: Default::default(),
    };
    (retirement, reason)
}

/// `to` and `status`: a target a `Location` can carry, and a permanent redirect's status.
fn moved(args: &Args, reason: Option<String>, cx: &mut Ctxt) -> Moved {
    let status = match &args.status {
        None => 308,
        Some(lit) => match lit.base10_parse::<u16>() {
            Ok(code @ (301 | 308)) => code,
            Ok(code @ (302 | 303 | 307)) => {
                cx.spanned(
                    lit,
                    format!("`status = {code}` is a temporary redirect, and #[moved] says the route moved for good: write 308 (the default: method and body kept) or 301; a temporary redirect belongs in a live handler"),
                );
                308
            }
            _ => {
                cx.spanned(
                    lit,
                    "`status` is 308 (the default: a permanent redirect that keeps the method and body) or 301 (a permanent redirect after which clients may send GET)",
                );
                308
            }
        },
    };
    let lit = args
        .to
        .clone()
        .unwrap_or_else(|| LitStr::new("/", proc_macro2::Span::call_site()));
    let to = match gone_core::target::parse(&lit.value()) {
        Ok(_) => lit.value(),
        Err(e) => {
            if args.to.is_some() {
                cx.spanned(&lit, e);
            }
            "/".to_string()
        }
    };
    Moved {
        to,
        lit,
        status,
        reason,
    }
}

/// Each `{name}` of a moved route's `to` must be a parameter of every path it routes, and
/// `to` must not be the route itself: the errors, on `to`.
pub fn check_target(moved: &Moved, paths: &[&str], cx: &mut Ctxt) {
    let Ok(pieces) = gone_core::target::parse(&moved.to) else {
        return;
    };
    for path in paths {
        let names = pattern::names(path);
        for param in gone_core::target::params(&pieces) {
            if names.contains(&param) {
                continue;
            }
            let there = match names.as_slice() {
                [] => "it has no parameters".to_string(),
                [one] => format!("its only parameter is `{{{one}}}`"),
                many => {
                    let all: Vec<String> = many.iter().map(|n| format!("`{{{n}}}`")).collect();
                    format!("its parameters are {}", all.join(", "))
                }
            };
            cx.spanned(
                &moved.lit,
                format!("`{{{param}}}` in `to` is not a parameter of the route's path \"{path}\": {there}"),
            );
            return;
        }
        let own: String = pattern::parse(path)
            .unwrap_or_default()
            .iter()
            .map(|p| match p {
                pattern::Part::Text(t) => t.to_string(),
                pattern::Part::Param { name, .. } => format!("{{{name}}}"),
            })
            .collect();
        if own == moved.to {
            cx.spanned(
                &moved.lit,
                format!("`to` is the route's own path \"{path}\": it would redirect to itself forever; write the new address"),
            );
            return;
        }
    }
}
