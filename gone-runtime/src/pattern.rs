//! actix-web's path patterns as regexes, for the index that serves retired routes, the nginx
//! export and the audit. The patterns are read by gone-core's one parser, which the macro
//! also applies at compile time.

pub(crate) use gone_core::pattern::{literal_len, segments, Part};

/// The pieces of `pattern`, or `None` when actix-web could not route it (the macro refuses
/// such a pattern; a hand-built route may still hold one).
pub(crate) fn parts(pattern: &str) -> Option<Vec<Part<'_>>> {
    gone_core::pattern::parse(pattern).ok()
}

/// The pieces as one anchored regex, as actix-web reads them: `{name}` is `[^/]+`, a custom
/// regex stands as it is, a tail is `.*`, and `.` matches a line break too. Fit for regex-lite
/// and for nginx's PCRE.
pub(crate) fn regex(parts: &[Part<'_>]) -> String {
    build(parts, false)
}

/// [`regex`] with a named group per parameter, for reading the values a path gives them.
pub(crate) fn capturing_regex(parts: &[Part<'_>]) -> String {
    build(parts, true)
}

fn build(parts: &[Part<'_>], named: bool) -> String {
    let mut re = String::from("(?s)^");
    for part in parts {
        let (name, inner, custom) = match part {
            Part::Text(text) => {
                re.push_str(&regex_lite::escape(text));
                continue;
            }
            Part::Param { name, tail: true, .. } => (name, ".*", false),
            Part::Param {
                name,
                regex: Some(custom),
                ..
            } => (name, *custom, true),
            Part::Param { name, .. } => (name, "[^/]+", false),
        };
        if named {
            re.push_str(&format!("(?P<{name}>{inner})"));
        } else if custom {
            re.push_str(&format!("(?:{inner})"));
        } else {
            re.push_str(inner);
        }
    }
    re.push('$');
    re
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_become_anchored_regexes() {
        let re = |p: &str| regex(&parts(p).unwrap());
        assert_eq!(re("/v1/books/{id}"), "(?s)^/v1/books/[^/]+$");
        assert_eq!(re(r"/v1/{id:\d{4}}"), r"(?s)^/v1/(?:\d{4})$");
        assert_eq!(re("/files/{tail}*"), "(?s)^/files/.*$");
        assert_eq!(re("/a.b/{x}.json"), r"(?s)^/a\.b/[^/]+\.json$");
        assert_eq!(
            capturing_regex(&parts(r"/a/{x}/{y:\d+}").unwrap()),
            r"(?s)^/a/(?P<x>[^/]+)/(?P<y>\d+)$"
        );
        assert_eq!(literal_len(&parts("/a/{x}/bc").unwrap()), 6);
    }

    /// Per path: whether it matched, with the values of the parameters in order.
    type Matches = Vec<Option<Vec<(String, String)>>>;

    /// What actix-router's `ResourceDef` makes of `pattern`: `None` when it refuses it (it
    /// panics), else for each path whether it matches and with which values.
    fn actix(pattern: &str, paths: &[&str]) -> Option<Matches> {
        use actix_web::dev::{Path, ResourceDef};
        let def = std::panic::catch_unwind(|| ResourceDef::new(pattern)).ok()?;
        Some(
            paths
                .iter()
                .map(|p| {
                    let mut path = Path::new(*p);
                    def.capture_match_info(&mut path)
                        .then(|| path.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
                })
                .collect(),
        )
    }

    /// What this crate makes of it: gone-core's parser, then the regex built from its parts.
    fn ours(pattern: &str, paths: &[&str]) -> Option<Matches> {
        let parts = parts(pattern)?;
        let re = regex_lite::Regex::new(&capturing_regex(&parts)).ok()?;
        let plain = regex_lite::Regex::new(&regex(&parts)).ok()?;
        Some(
            paths
                .iter()
                .map(|p| {
                    assert_eq!(plain.is_match(p), re.is_match(p), "{pattern} on {p}");
                    re.captures(p).map(|c| {
                        let names = re.capture_names().flatten();
                        names.map(|n| (n.to_string(), c[n].to_string())).collect()
                    })
                })
                .collect(),
        )
    }

    /// One grammar: the parser that checks patterns at compile time agrees with actix-router
    /// on what it accepts, what each pattern matches, and what each parameter captures.
    #[test]
    fn agrees_with_actix_router() {
        let paths: &[&str] = &[
            "",
            "/",
            "/x",
            "/x/",
            "/x/1",
            "/x/abc",
            "/x/1/2",
            "/x/1/items",
            "/x/a.pdf",
            "/x/a.b.c",
            "/x/2025",
            "/x/12345",
            "/x//1",
            "/files/",
            "/files/a/b/c.txt",
            "/x}y",
            "/x/*",
            "/a1/b2/c3",
            "/users/42/posts/7",
            "/x/caf\u{e9}",
            "/x/a\nb",
        ];
        let patterns = [
            "/x",
            "/x/",
            "x",
            "/x/{id}",
            r"/x/{id:\d+}",
            r"/x/{id:\d{4}}",
            "/x/{name}.{ext}",
            "/files/{tail}*",
            "/{a}/{b}/{c}",
            "/users/{id}/posts/{post}",
            r"/x/{rest:.*}",
            "/x/{id}/items",
            "/x}y",
            "/x/{a}{b}",
            r"/x/{id:[a-z]+}",
            "/x/{t}*.txt",
            // Refused by both (actix-router panics): unclosed, unnamed, bad or repeated
            // names, a tail with a regex, too many parameters.
            "/x/{id",
            r"/x/{id:\d{4}",
            "/x/{}",
            "/x/{user-id}",
            "/{a}/{a}",
            "/f/{t:.*}*",
            "/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}/{j}/{k}/{l}/{m}/{n}/{o}/{p}/{q}",
        ];
        for pattern in patterns {
            assert_eq!(ours(pattern, paths), actix(pattern, paths), "{pattern}");
        }
        // A `*` that follows no `{name}`: actix-router takes it with a warning and drops the
        // text after the last parameter (`/files/*` matches no request path, `/x/{id}/*` is
        // `/x/{id}`); gone refuses it, so that the mistake is a compile error.
        assert_eq!(ours("/files/*", paths), None);
        assert!(actix("/files/*", paths).unwrap()[1..].iter().all(Option::is_none));
        assert_eq!(ours("/x/{id}/*", paths), None);
        assert_eq!(actix("/x/{id}/*", paths), ours("/x/{id}", paths));
    }
}
