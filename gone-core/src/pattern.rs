//! actix-web's path patterns (`/v1/{id}`, `{id:\d+}`, `{name}.{ext}`, `{tail}*`), read by one
//! parser for every place that needs them: the macro, which refuses a malformed pattern at
//! compile time, and the runtime's index, audit and edge exports.
//!
//! The grammar is actix-router's (`ResourceDef`): a `{` opens a parameter closed by the
//! matching `}` (braces nest, so a custom regex may hold `{4}`); `name:regex` gives the
//! parameter its own regex; `{name}*` at the very end is a tail, which matches the rest of the
//! path; a `}` outside a parameter is plain text. What actix-router would refuse (or accept and
//! never match) is a [`PatternError`] here. The text of a custom regex is left to the regex
//! engine that compiles it.

use std::fmt;

/// The most parameters one pattern may hold: actix-router's limit.
pub const MAX_PARAMS: usize = 16;

/// A piece of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'a> {
    /// Text matched as it is.
    Text(&'a str),
    /// `{name}` (one segment's worth, `[^/]+`), `{name:regex}`, or `{name}*` (the rest of the
    /// path, slashes included, possibly empty).
    Param {
        /// The parameter's name.
        name: &'a str,
        /// Its own regex, if given.
        regex: Option<&'a str>,
        /// Whether it is a tail, `{name}*`.
        tail: bool,
    },
}

/// Why a pattern is not one actix-web can route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    /// A `{` with no matching `}`.
    Unclosed {
        /// The parameter as written, from its `{` to the end.
        param: String,
    },
    /// `{}` or `{:regex}`.
    Unnamed,
    /// A name a regex capture group cannot take.
    BadName {
        /// The name as written.
        name: String,
    },
    /// The same name twice.
    Repeated {
        /// The name.
        name: String,
    },
    /// More than [`MAX_PARAMS`] parameters.
    TooMany {
        /// How many there are.
        count: usize,
    },
    /// `{name:regex}*`: a tail takes no regex.
    TailWithRegex {
        /// The name.
        name: String,
    },
    /// A `*` at the end that follows no `{name}`: actix-web warns and matches nothing.
    UnnamedTail,
    /// The path's regex does not compile: actix-web's route macro refuses it, and its router
    /// would panic when the route is registered.
    Regex {
        /// The parameter whose regex it is, as written (`{id:[0-9}`).
        param: String,
        /// What the regex engine says.
        message: String,
    },
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternError::Unclosed { param } => write!(
                f,
                "the path has a `{{` that is never closed, in `{param}`: write `{{name}}`, like \"/users/{{id}}\""
            ),
            PatternError::Unnamed => f.write_str(
                "a path parameter needs a name: write `{id}` (or `{id:\\d+}` with a regex)",
            ),
            PatternError::BadName { name } => write!(
                f,
                "`{name}` cannot name a path parameter: use letters, digits and `_`, starting with a letter or `_`, like `{{user_id}}`"
            ),
            PatternError::Repeated { name } => write!(
                f,
                "the path parameter `{{{name}}}` appears twice: give each parameter its own name"
            ),
            PatternError::TooMany { count } => write!(
                f,
                "the path has {count} parameters; actix-web takes at most {MAX_PARAMS}"
            ),
            PatternError::TailWithRegex { name } => write!(
                f,
                "a tail parameter takes no regex: write `{{{name}}}*`, which matches the rest of the path"
            ),
            PatternError::Regex { param, message } => write!(
                f,
                "the regex in `{param}` does not compile ({message}), so actix-web could not route this path: fix the regex, like `{{id:\\d+}}`"
            ),
            PatternError::UnnamedTail => f.write_str(
                "a `*` at the end of a path must follow a named parameter: write `{tail}*` to match the rest of the path (actix-web does not read this `*` as a tail)",
            ),
        }
    }
}

impl std::error::Error for PatternError {}

/// The pieces of `pattern`, or why actix-web could not route it.
///
/// ```
/// use gone_core::pattern::{parse, Part};
/// assert_eq!(
///     parse("/files/{name}.{ext}").unwrap(),
///     [
///         Part::Text("/files/"),
///         Part::Param { name: "name", regex: None, tail: false },
///         Part::Text("."),
///         Part::Param { name: "ext", regex: None, tail: false },
///     ]
/// );
/// assert!(parse("/users/{id").is_err());
/// ```
pub fn parse(pattern: &str) -> Result<Vec<Part<'_>>, PatternError> {
    let mut out = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            out.push(Part::Text(&rest[..open]));
        }
        let close = closing(rest, open).ok_or_else(|| PatternError::Unclosed {
            param: rest[open..].to_string(),
        })?;
        let inner = &rest[open + 1..close];
        rest = &rest[close + 1..];
        // As actix-router reads it: a tail only when the `*` ends the pattern.
        let tail = rest == "*";
        if tail {
            rest = "";
        }
        let (name, regex) = match inner.split_once(':') {
            Some((name, _)) if tail => return Err(PatternError::TailWithRegex { name: name.into() }),
            Some((name, regex)) => (name, Some(regex)),
            None => (inner, None),
        };
        check_name(name)?;
        if names.contains(&name) {
            return Err(PatternError::Repeated { name: name.into() });
        }
        names.push(name);
        out.push(Part::Param { name, regex, tail });
    }
    if names.len() > MAX_PARAMS {
        return Err(PatternError::TooMany { count: names.len() });
    }
    if rest.ends_with('*') {
        return Err(PatternError::UnnamedTail);
    }
    if !rest.is_empty() {
        out.push(Part::Text(rest));
    }
    Ok(out)
}

/// [`parse`], and the regex actix-router builds of the pattern compiled with the engine its
/// route macro checks paths with (regex-lite): a pattern this accepts is one actix-web routes
/// without a panic. For compile time, where every route's path is checked once.
///
/// ```
/// use gone_core::pattern::{check, PatternError};
/// assert!(check(r"/users/{id:\d+}").is_ok());
/// assert!(matches!(check("/users/{id:[0-9}"), Err(PatternError::Regex { .. })));
/// ```
pub fn check(pattern: &str) -> Result<Vec<Part<'_>>, PatternError> {
    let parts = parse(pattern)?;
    if !parts
        .iter()
        .any(|p| matches!(p, Part::Param { regex: Some(_), .. }))
    {
        return Ok(parts);
    }
    // As actix-router writes it: flags, anchors, each parameter a named group.
    let mut re = String::from("((?s-m)^");
    for part in &parts {
        match part {
            Part::Text(text) => re.push_str(&regex_lite::escape(text)),
            Part::Param { name, tail: true, .. } => re.push_str(&format!("(?P<{name}>.*)")),
            Part::Param { name, regex, .. } => {
                re.push_str(&format!("(?P<{name}>{})", regex.unwrap_or("[^/]+")))
            }
        }
    }
    re.push_str(")$");
    if let Err(e) = regex_lite::Regex::new(&re) {
        // The parameter at fault: the first whose regex alone does not compile, or else the
        // first with a regex of its own (together they do not).
        let param = parts
            .iter()
            .filter_map(|p| match p {
                Part::Param {
                    name, regex: Some(r), ..
                } => Some((name, r)),
                _ => None,
            })
            .find(|(_, r)| regex_lite::Regex::new(r).is_err())
            .or_else(|| {
                parts.iter().find_map(|p| match p {
                    Part::Param {
                        name, regex: Some(r), ..
                    } => Some((name, r)),
                    _ => None,
                })
            })
            .map(|(name, r)| format!("{{{name}:{r}}}"))
            .unwrap_or_default();
        let message = e.to_string().lines().last().unwrap_or("").trim().to_string();
        return Err(PatternError::Regex { param, message });
    }
    Ok(parts)
}

/// The names of the parameters of `pattern`, in order (none when it does not parse).
///
/// ```
/// assert_eq!(gone_core::pattern::names(r"/u/{id:\d+}/{tail}*"), ["id", "tail"]);
/// ```
pub fn names(pattern: &str) -> Vec<&str> {
    parse(pattern)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| match p {
            Part::Param { name, .. } => Some(name),
            Part::Text(_) => None,
        })
        .collect()
}

/// A capture group name, as the regex engines actix-router uses accept it: ASCII letters,
/// digits, `_`, `.`, `[` and `]`, starting with a letter or `_`.
fn check_name(name: &str) -> Result<(), PatternError> {
    let mut chars = name.chars();
    match chars.next() {
        None => Err(PatternError::Unnamed),
        Some(c)
            if (c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']')) =>
        {
            Ok(())
        }
        Some(_) => Err(PatternError::BadName { name: name.into() }),
    }
}

/// The index of the `}` closing the `{` at `open`.
fn closing(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// `pattern` split on the slashes outside `{...}` (a custom regex may hold `/`); `None` when a
/// `{` is not closed.
///
/// ```
/// assert_eq!(gone_core::pattern::segments("a/{r:x/y}/b").unwrap(), ["a", "{r:x/y}", "b"]);
/// ```
pub fn segments(pattern: &str) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in pattern.char_indices() {
        match c {
            '{' => depth += 1,
            // A `}` outside a parameter is text, as actix-router reads it.
            '}' => depth = depth.saturating_sub(1),
            '/' if depth == 0 => {
                out.push(&pattern[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    (depth == 0).then_some(())?;
    out.push(&pattern[start..]);
    Some(out)
}

/// The path as actix-web registers it: with a leading `/` when it has none (`"x"` is served
/// as `/x`). An empty path stays empty.
///
/// ```
/// assert_eq!(gone_core::pattern::with_leading_slash("x/{id}"), "/x/{id}");
/// assert_eq!(gone_core::pattern::with_leading_slash("/x"), "/x");
/// ```
pub fn with_leading_slash(path: &str) -> std::borrow::Cow<'_, str> {
    if path.is_empty() || path.starts_with('/') {
        path.into()
    } else {
        format!("/{path}").into()
    }
}

/// How much literal text the pattern has: the more, the more specific.
pub fn literal_len(parts: &[Part<'_>]) -> usize {
    parts
        .iter()
        .map(|p| match p {
            Part::Text(t) => t.len(),
            Part::Param { .. } => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_piece() {
        assert_eq!(
            parse(r"/v1/{id:\d{4}}/f/{name}.{ext}/{tail}*").unwrap(),
            [
                Part::Text("/v1/"),
                Part::Param {
                    name: "id",
                    regex: Some(r"\d{4}"),
                    tail: false
                },
                Part::Text("/f/"),
                Part::Param {
                    name: "name",
                    regex: None,
                    tail: false
                },
                Part::Text("."),
                Part::Param {
                    name: "ext",
                    regex: None,
                    tail: false
                },
                Part::Text("/"),
                Part::Param {
                    name: "tail",
                    regex: None,
                    tail: true
                },
            ]
        );
        assert_eq!(parse("/a}b").unwrap(), [Part::Text("/a}b")]);
        assert_eq!(segments("a/{b"), None);
        assert_eq!(segments("a}/b"), Some(vec!["a}", "b"]));
    }

    #[test]
    fn refuses_what_actix_refuses() {
        let err = |p: &str| parse(p).unwrap_err();
        assert!(matches!(err("/x/{id"), PatternError::Unclosed { .. }));
        assert!(matches!(err("/x/{id:\\d{4}"), PatternError::Unclosed { .. }));
        assert_eq!(err("/x/{}"), PatternError::Unnamed);
        assert_eq!(err(r"/x/{:\d+}"), PatternError::Unnamed);
        assert!(matches!(err("/x/{user-id}"), PatternError::BadName { .. }));
        assert!(matches!(err("/x/{1d}"), PatternError::BadName { .. }));
        assert!(matches!(err("/{a}/{a}"), PatternError::Repeated { .. }));
        assert!(matches!(err("/f/{t:.*}*"), PatternError::TailWithRegex { .. }));
        assert_eq!(err("/f/*"), PatternError::UnnamedTail);
        assert_eq!(err("/f/{x}/*"), PatternError::UnnamedTail);
        let many: String = (0..17).map(|i| format!("/{{p{i}}}")).collect();
        assert_eq!(err(&many), PatternError::TooMany { count: 17 });
        let sixteen: String = (0..16).map(|i| format!("/{{p{i}}}")).collect();
        assert!(parse(&sixteen).is_ok());
        // Not a tail: the `*` does not end the pattern; it is text.
        assert_eq!(parse("/f/{t}*.txt").unwrap()[2], Part::Text("*.txt"),);
    }
}
