//! actix-web's path patterns (`/v1/{id}`, `{id:\d+}`, `{name}.{ext}`, `{tail}*`), read by one
//! parser for the three places that need them: the index that serves retired routes, the nginx
//! export and the audit that fills them in.

/// A piece of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part<'a> {
    /// Text matched as it is.
    Text(&'a str),
    /// `{name}` (one segment's worth, `[^/]+`), `{name:regex}`, or `{name}*` (the rest of the
    /// path, slashes included, possibly empty).
    Param {
        name: &'a str,
        regex: Option<&'a str>,
        tail: bool,
    },
}

/// The pieces of `pattern`, or `None` when a `{` is not closed (braces inside a custom regex,
/// as in `{id:\d{4}}`, nest).
pub(crate) fn parts(pattern: &str) -> Option<Vec<Part<'_>>> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            out.push(Part::Text(&rest[..open]));
        }
        let close = closing(rest, open)?;
        let inner = &rest[open + 1..close];
        let (name, regex) = match inner.split_once(':') {
            Some((name, regex)) => (name, Some(regex)),
            None => (inner, None),
        };
        rest = &rest[close + 1..];
        let tail = rest.starts_with('*');
        if tail {
            rest = &rest[1..];
        }
        out.push(Part::Param { name, regex, tail });
    }
    if !rest.is_empty() {
        out.push(Part::Text(rest));
    }
    Some(out)
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

/// `pattern` split on the slashes outside `{...}` (a custom regex may hold `/`).
pub(crate) fn segments(pattern: &str) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in pattern.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.checked_sub(1)?,
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

/// The pieces as one anchored regex, as actix-web reads them: `{name}` is `[^/]+`, a custom
/// regex stands as it is, a tail is `.*`. Fit for regex-lite and for nginx's PCRE.
pub(crate) fn regex(parts: &[Part<'_>]) -> String {
    let mut re = String::from("^");
    for part in parts {
        match part {
            Part::Text(text) => re.push_str(&regex_lite::escape(text)),
            Part::Param { tail: true, .. } => re.push_str(".*"),
            Part::Param {
                regex: Some(custom), ..
            } => re.push_str(&format!("(?:{custom})")),
            Part::Param { regex: None, .. } => re.push_str("[^/]+"),
        }
    }
    re.push('$');
    re
}

/// How much literal text the pattern has: the more, the more specific.
pub(crate) fn literal_len(parts: &[Part<'_>]) -> usize {
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
            parts(r"/v1/{id:\d{4}}/f/{name}.{ext}/{tail}*").unwrap(),
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
        assert_eq!(parts("/v1/{x"), None);
        assert_eq!(segments(r"a/{r:x/y}/b").unwrap(), ["a", "{r:x/y}", "b"]);
        assert_eq!(segments("a/{b"), None);
    }

    #[test]
    fn patterns_become_anchored_regexes() {
        let re = |p: &str| regex(&parts(p).unwrap());
        assert_eq!(re("/v1/books/{id}"), "^/v1/books/[^/]+$");
        assert_eq!(re(r"/v1/{id:\d{4}}"), r"^/v1/(?:\d{4})$");
        assert_eq!(re("/files/{tail}*"), "^/files/.*$");
        assert_eq!(re("/a.b/{x}.json"), r"^/a\.b/[^/]+\.json$");
        assert_eq!(literal_len(&parts("/a/{x}/bc").unwrap()), 6);
    }
}
