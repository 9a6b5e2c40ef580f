//! Where a `#[moved]` route sends its clients: a path on the same host (`/v2/users/{id}`) or an
//! absolute `http(s)` URL, each `{name}` standing for the value the request gave the route's
//! parameter of that name. Read once here, by the macro at compile time; the runtime and the
//! edge exports use the [`Piece`]s it writes.

use std::fmt;

/// A piece of a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text sent as it is.
    Text(&'a str),
    /// `{name}`: the value the request matched for the route's parameter `name`, as it arrived.
    Param(&'a str),
}

/// Why a `to` is not a target a `Location` header can carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetError {
    /// Neither `/...` nor `http(s)://host...`.
    NotAbsolute,
    /// `//host/...`: a URL on another host without a scheme.
    SchemeRelative,
    /// `http://` with no host after it.
    NoHost,
    /// A character a URI cannot hold as it is.
    Character(char),
    /// A `%` not followed by two hex digits.
    Percent,
    /// A `{` with no `}`, or a `}` with no `{`.
    Brace,
    /// `{}`, or a name that is not one.
    BadName(String),
    /// `https://example.com{name}/...`: a parameter before the path, where a value could
    /// change the host.
    ParamInHost,
}

impl fmt::Display for TargetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetError::NotAbsolute => f.write_str(
                "`to` is a path starting with `/`, like \"/v2/users/{id}\", or an absolute http(s) URL, like \"https://example.com/users/{id}\"",
            ),
            TargetError::SchemeRelative => f.write_str(
                "`to` starts with `//`, which clients read as another host: write the URL with its scheme, like \"https://example.com/users\", or a path with one `/`",
            ),
            TargetError::NoHost => f.write_str(
                "`to` has no host after its scheme: write it like \"https://example.com/users/{id}\"",
            ),
            TargetError::Character(' ') => f.write_str(
                "`to` holds a space, which a Location header cannot carry: percent-encode it as `%20`",
            ),
            TargetError::Character(c) => write!(
                f,
                "`to` holds {c:?}, which a Location header cannot carry as it is: percent-encode it (UTF-8 bytes as `%XX`)"
            ),
            TargetError::Percent => f.write_str(
                "`to` has a `%` that is not followed by two hex digits: write `%25` for a literal percent sign",
            ),
            TargetError::Brace => f.write_str(
                "`to` has an unmatched brace: `{name}` stands for a parameter of the route's path, like \"/v2/users/{id}\"",
            ),
            TargetError::ParamInHost => f.write_str(
                "`to` has a `{name}` before its path, where a value could name another host: write the host out in full and put parameters after its `/`, like \"https://example.com/users/{id}\"",
            ),
            TargetError::BadName(name) if name.is_empty() => f.write_str(
                "`to` has `{}`: name the route's parameter it stands for, like `{id}`",
            ),
            TargetError::BadName(name) => write!(
                f,
                "`{{{name}}}` in `to` is not a parameter name: write the name alone, like `{{id}}` (a regex belongs in the route's path, not in `to`)"
            ),
        }
    }
}

impl std::error::Error for TargetError {}

/// The pieces of `to`, or why it is not a target.
///
/// ```
/// use gone_core::target::{parse, Piece};
/// assert_eq!(
///     parse("/v2/users/{id}?tab=1").unwrap(),
///     [Piece::Text("/v2/users/"), Piece::Param("id"), Piece::Text("?tab=1")]
/// );
/// assert!(parse("v2/users").is_err());
/// assert!(parse("/a b").is_err());
/// ```
pub fn parse(to: &str) -> Result<Vec<Piece<'_>>, TargetError> {
    let lower = to.get(..8).unwrap_or(to).to_ascii_lowercase();
    let after_scheme = if lower.starts_with("https://") {
        Some(&to[8..])
    } else if lower.starts_with("http://") {
        Some(&to[7..])
    } else {
        None
    };
    match after_scheme {
        Some(rest) if rest.is_empty() || rest.starts_with(['/', '?', '#', '{']) => {
            return Err(TargetError::NoHost)
        }
        // The host is written out in full: a value there could send clients anywhere.
        Some(rest)
            if rest
                .split(['/', '?', '#'])
                .next()
                .is_some_and(|host| host.contains('{')) =>
        {
            return Err(TargetError::ParamInHost)
        }
        Some(_) => {}
        None if to.starts_with("//") => return Err(TargetError::SchemeRelative),
        None if !to.starts_with('/') => return Err(TargetError::NotAbsolute),
        None => {}
    }
    let bytes = to.as_bytes();
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while i < to.len() {
        match bytes[i] {
            b'{' => {
                let close = to[i..].find('}').ok_or(TargetError::Brace)? + i;
                let name = &to[i + 1..close];
                if !is_name(name) {
                    return Err(match name.contains('{') {
                        true => TargetError::Brace,
                        false => TargetError::BadName(name.to_string()),
                    });
                }
                if text_start < i {
                    out.push(Piece::Text(&to[text_start..i]));
                }
                out.push(Piece::Param(name));
                i = close + 1;
                text_start = i;
            }
            b'}' => return Err(TargetError::Brace),
            b'%' => {
                let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
                if !(hex(i + 1) && hex(i + 2)) {
                    return Err(TargetError::Percent);
                }
                i += 3;
            }
            b if b.is_ascii_graphic() && !b"\"<>\\^`|".contains(&b) => i += 1,
            _ => {
                let c = to[i..].chars().next().unwrap_or(' ');
                return Err(TargetError::Character(c));
            }
        }
    }
    if text_start < to.len() {
        out.push(Piece::Text(&to[text_start..]));
    }
    Ok(out)
}

/// A parameter name as actix-router's patterns take it.
fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'))
}

/// The parameter names of a target, in order.
///
/// ```
/// let pieces = gone_core::target::parse("/v2/{a}/{b}").unwrap();
/// assert_eq!(gone_core::target::params(&pieces).collect::<Vec<_>>(), ["a", "b"]);
/// ```
pub fn params<'a>(pieces: &'a [Piece<'a>]) -> impl Iterator<Item = &'a str> + 'a {
    pieces.iter().filter_map(|p| match p {
        Piece::Param(name) => Some(*name),
        Piece::Text(_) => None,
    })
}

/// Whether a target carries its own query string, in which case the request's is not
/// appended.
///
/// ```
/// use gone_core::target::{has_query, parse};
/// assert!(has_query(&parse("/v2?x=1").unwrap()));
/// assert!(!has_query(&parse("/v2/{id}").unwrap()));
/// ```
pub fn has_query(pieces: &[Piece<'_>]) -> bool {
    pieces
        .iter()
        .any(|p| matches!(p, Piece::Text(t) if t.contains('?')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_paths_and_urls() {
        assert_eq!(parse("/v2").unwrap(), [Piece::Text("/v2")]);
        assert_eq!(
            parse("https://example.com/u/{id}.json").unwrap(),
            [
                Piece::Text("https://example.com/u/"),
                Piece::Param("id"),
                Piece::Text(".json")
            ]
        );
        assert_eq!(
            parse("/{tail}").unwrap(),
            [Piece::Text("/"), Piece::Param("tail")]
        );
        assert_eq!(parse("/caf%C3%A9#top").unwrap(), [Piece::Text("/caf%C3%A9#top")]);
    }

    #[test]
    fn refuses_what_a_location_cannot_carry() {
        assert_eq!(parse("v2"), Err(TargetError::NotAbsolute));
        assert_eq!(parse(""), Err(TargetError::NotAbsolute));
        assert_eq!(parse("ftp://x/y"), Err(TargetError::NotAbsolute));
        assert_eq!(parse("//evil.example/x"), Err(TargetError::SchemeRelative));
        assert_eq!(parse("https:///x"), Err(TargetError::NoHost));
        assert_eq!(parse("https://{host}/x"), Err(TargetError::NoHost));
        assert_eq!(parse("https://example.com{tail}"), Err(TargetError::ParamInHost));
        assert_eq!(parse("https://ex{sub}.com/x"), Err(TargetError::ParamInHost));
        assert!(parse("https://example.com/{tail}").is_ok());
        assert_eq!(parse("/a b"), Err(TargetError::Character(' ')));
        assert_eq!(parse("/café"), Err(TargetError::Character('é')));
        assert_eq!(parse("/a\nb"), Err(TargetError::Character('\n')));
        assert_eq!(parse("/100%"), Err(TargetError::Percent));
        assert_eq!(parse("/%zz"), Err(TargetError::Percent));
        assert_eq!(parse("/{id"), Err(TargetError::Brace));
        assert_eq!(parse("/id}"), Err(TargetError::Brace));
        assert_eq!(parse("/{}"), Err(TargetError::BadName(String::new())));
        assert_eq!(parse(r"/{id:\d+}"), Err(TargetError::BadName(r"id:\d+".into())));
        for e in [TargetError::Character(' '), TargetError::BadName(String::new())] {
            assert!(!e.to_string().is_empty());
        }
    }
}
