//! The manifest at the edge beyond nginx: HAProxy and Caddy configurations that answer every
//! removed route with the app's 410 and redirect every moved one, before the app is asked.

use crate::manifest::{Duplicates, Manifest};
use crate::pattern::{self, Part};
use crate::statics::{MovedRoute, RetiredRoute};
use gone_core::target::Piece;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One path's retirements, as the edges answer them.
pub(crate) struct EdgePath {
    pub(crate) path: &'static str,
    pub(crate) parts: Vec<Part<'static>>,
    pub(crate) gone: Vec<&'static RetiredRoute>,
    moved: Vec<&'static MovedRoute>,
}

/// The moved routes of one path, as the edges redirect them: one answer, the GET's (or the
/// first's), for all their methods.
pub(crate) struct Redirecting {
    pub(crate) main: &'static MovedRoute,
    pub(crate) methods: Vec<&'static str>,
    /// `to` before its fragment, and from its `#` on: a query string goes between.
    pub(crate) pieces: Vec<Piece<'static>>,
    pub(crate) fragment: Vec<Piece<'static>>,
    /// The raw-path regex of the requests whose value would open the `Location` with `//` or
    /// `/\`, when the edge leaves those to the app ([`danger`]).
    pub(crate) danger: Option<String>,
}

/// What an edge cannot do with a moved route, and so leaves to the app.
pub(crate) struct Limits {
    /// Characters of `to` it cannot write into a `Location` (nginx reads `$` as a variable).
    pub(crate) cannot_write: &'static [char],
    /// Its name, for the comment.
    pub(crate) edge: &'static str,
    /// Whether it leaves to the app the requests that would open the `Location` with `//`
    /// (the edges that cannot encode that character themselves).
    pub(crate) defers_danger: bool,
}

impl EdgePath {
    /// The redirect of this path's moved routes at an edge of these `limits`, or `None` (with
    /// a comment in `out` when the route is left to the app).
    pub(crate) fn redirecting(&self, limits: &Limits, out: &mut String) -> Option<Redirecting> {
        let main = *self
            .moved
            .iter()
            .find(|r| r.method() == "GET")
            .or_else(|| self.moved.first())?;
        if main.to().contains(limits.cannot_write) {
            let chars: Vec<String> = limits.cannot_write.iter().map(|c| format!("`{c}`")).collect();
            let why = format!(
                "a target with {}, which {} cannot write",
                chars.join(" or "),
                limits.edge
            );
            left_to_the_app(out, &why, self.path);
            return None;
        }
        let (pieces, fragment) = target(main);
        let danger = match limits.defers_danger {
            false => None,
            true => match danger(&self.parts, &pieces) {
                Ok(danger) => danger,
                Err(()) => {
                    left_to_the_app(out, "a target an empty value could open with `//`", self.path);
                    return None;
                }
            },
        };
        Some(Redirecting {
            main,
            methods: methods(self.moved.iter().map(|r| r.method())),
            pieces,
            fragment,
            danger,
        })
    }
}

impl Redirecting {
    /// The comment above its rules: `# GET HEAD /old/{id} -> 308 /new/{id}`.
    pub(crate) fn comment(&self, path: &str) -> String {
        format!(
            "\n# {} {} -> {} {}\n",
            self.methods.join(" "),
            one_line(path),
            self.main.status(),
            one_line(self.main.to())
        )
    }
}

/// The unguarded routes by path, the more specific first (exact paths, then patterns with
/// more literal text), and a comment for each route left to the app.
pub(crate) fn edge_paths(m: &Manifest) -> (Vec<EdgePath>, Vec<String>) {
    let mut by_path: BTreeMap<&'static str, (Vec<_>, Vec<_>)> = BTreeMap::new();
    let mut left = Vec::new();
    for r in m.iter() {
        if r.guarded() {
            left.push(format!(
                "Left to the app, which alone knows its guard: {} {} ({}::{})",
                r.method(),
                one_line(r.path()),
                r.module(),
                r.handler()
            ));
        } else {
            by_path.entry(r.path()).or_default().0.push(r);
        }
    }
    for r in m.moved() {
        if r.guarded() {
            left.push(format!(
                "Left to the app, which alone knows its guard: {} {} ({}::{})",
                r.method(),
                one_line(r.path()),
                r.module(),
                r.handler()
            ));
        } else {
            by_path.entry(r.path()).or_default().1.push(r);
        }
    }
    let mut paths = Vec::new();
    for (path, (gone, moved)) in by_path {
        match pattern::parts(path) {
            Some(parts) => paths.push(EdgePath {
                path,
                parts,
                gone,
                moved,
            }),
            None => left.push(format!(
                "Left to the app, a pattern the edge cannot take: {}",
                one_line(path)
            )),
        }
    }
    paths.sort_by_key(|p| {
        (
            p.path.contains('{'),
            std::cmp::Reverse(pattern::literal_len(&p.parts)),
        )
    });
    (paths, left)
}

/// The methods a set of routes answers: theirs, and HEAD with a GET.
pub(crate) fn methods<'a>(of: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = of.collect();
    if out.contains(&"GET") && !out.contains(&"HEAD") {
        out.push("HEAD");
    }
    out
}

/// The removed routes of one path grouped by their answer (routes of one handler share it).
pub(crate) fn by_answer(gone: &[&'static RetiredRoute]) -> Vec<Vec<&'static RetiredRoute>> {
    let mut groups: Vec<Vec<&RetiredRoute>> = Vec::new();
    for r in gone {
        match groups
            .iter_mut()
            .find(|g| std::ptr::eq(g[0].response(), r.response()))
        {
            Some(g) => g.push(r),
            None => groups.push(vec![r]),
        }
    }
    groups
}

/// The decoded path's regex, anchored: `{name}` is `[^/]+`, a custom regex as it is, a tail
/// `.*` (as for nginx).
fn path_regex(parts: &[Part<'_>]) -> String {
    pattern::regex(parts)
}

/// The raw request URI's regex: each parameter a group (named `p1`, `p2`, ... when `named`),
/// stopping at `?`, and the query string, with its `?`, in a last group (`q`) when `query`.
/// Returns it with the group number of each parameter, for engines with numbered groups only.
pub(crate) fn raw_regex(parts: &[Part<'_>], named: bool, query: bool) -> (String, Vec<usize>) {
    let mut re = String::from("^");
    let mut groups = Vec::new();
    let mut group = 0;
    for (n, part) in parts.iter().enumerate() {
        match part {
            Part::Text(text) => re.push_str(&regex_lite::escape(text)),
            Part::Param { regex, tail, .. } => {
                let inner = raw_inner(*regex, *tail);
                group += 1;
                groups.push(group);
                group += regex.map_or(0, capturing_groups);
                match named {
                    true => re.push_str(&format!("(?P<p{}>{inner})", n + 1)),
                    false => re.push_str(&format!("({inner})")),
                }
            }
        }
    }
    match (query, named) {
        (true, true) => re.push_str("(?P<q>\\?.*)?$"),
        (true, false) => re.push_str("(\\?.*)?$"),
        (false, _) => re.push_str("(?:\\?.*)?$"),
    }
    (re, groups)
}

/// The characters of a request URI the edges answer: those of RFC 3986 (unreserved, reserved
/// but `#`, and `%`), and `\\`, which the app routes too. A request whose URI holds anything
/// else (a raw non-ASCII byte, `"`, `<`, `>`, ...) goes on to the app, which answers it (its
/// parser refuses many of them with 400), so that an edge never answers what the app would
/// not, nor echoes such bytes into a `Location`.
pub(crate) const URI_CHARS: &str = r"A-Za-z0-9\-._~!$&'()*+,;=:@/?%\\";

/// The raw text a parameter matches, stopping at `?`.
pub(crate) fn raw_inner(regex: Option<&str>, tail: bool) -> String {
    match (regex, tail) {
        (_, true) => "[^?]*".to_string(),
        (Some(custom), _) => format!("(?:{})", short_of_the_query(custom)),
        (None, _) => "[^/?]+".to_string(),
    }
}

/// A parameter's own regex made to stop at `?`, as the app's does: the app matches it against
/// the path alone, the edges against the raw request URI, where the query string follows.
/// What can match a `?` cannot any more: `.` is `[^?]`, `\D` `\W` `\S` leave `?` out, and so
/// does every negated class.
fn short_of_the_query(re: &str) -> String {
    let mut out = String::with_capacity(re.len() + 8);
    let mut chars = re.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e @ ('D' | 'W' | 'S')) if !in_class => {
                    let _ = write!(out, "[^\\{}?]", e.to_ascii_lowercase());
                }
                Some(e) => {
                    out.push('\\');
                    out.push(e);
                }
                None => out.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    chars.next();
                    out.push_str("^?");
                }
                // A `]` right after the opening is a literal one.
                if chars.peek() == Some(&']') {
                    chars.next();
                    out.push_str("\\]");
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '.' if !in_class => out.push_str("[^?]"),
            c => out.push(c),
        }
    }
    out
}

/// Whether the path has a parameter with a regex of its own: the app matches that regex
/// against the decoded path, the edges against the raw one, so the edges answer such a route
/// only when its raw path holds no `%` (then both read the same text).
pub(crate) fn has_custom_regex(parts: &[Part<'_>]) -> bool {
    parts
        .iter()
        .any(|p| matches!(p, Part::Param { regex: Some(_), .. }))
}

/// For a moved route whose path `to` opens with a parameter (`/{tail}`), the regex (over the
/// raw path, anchored at its start) of the requests whose value would begin the `Location`
/// with `//` or `/\`, which clients read as another host: the edges leave those to the app,
/// which percent-encodes that character. `Err(())` when the parameter may be empty and `to`
/// goes on after it (then what follows could open it so): the edges leave the route to the
/// app. `Ok(None)` when no value can.
pub(crate) fn danger(parts: &[Part<'_>], pieces: &[Piece<'_>]) -> Result<Option<String>, ()> {
    let [Piece::Text("/"), Piece::Param(first), rest @ ..] = pieces else {
        return Ok(None);
    };
    let Some(at) = parts
        .iter()
        .position(|p| matches!(p, Part::Param { name, .. } if name == first))
    else {
        return Ok(None);
    };
    let may_be_empty = matches!(
        parts[at],
        Part::Param { regex: Some(_), .. } | Part::Param { tail: true, .. }
    );
    if may_be_empty && !rest.is_empty() {
        return Err(());
    }
    let mut re = String::from("^");
    for part in &parts[..at] {
        match part {
            Part::Text(text) => re.push_str(&regex_lite::escape(text)),
            Part::Param { regex, tail, .. } => re.push_str(&raw_inner(*regex, *tail)),
        }
    }
    re.push_str("[/\\\\]");
    Ok(Some(re))
}

/// How many capturing groups a custom regex opens (they shift the numbers of those after).
fn capturing_groups(re: &str) -> usize {
    let bytes = re.as_bytes();
    let (mut count, mut in_class, mut i) = (0, false, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'(' if !in_class && bytes.get(i + 1) != Some(&b'?') => count += 1,
            _ => {}
        }
        i += 1;
    }
    count
}

/// `to` split at its fragment: the pieces before its `#`, and those from it on (text and
/// parameters both may follow the `#`).
pub(crate) fn target(route: &MovedRoute) -> (Vec<Piece<'static>>, Vec<Piece<'static>>) {
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for &piece in route.redirect().pieces {
        match piece {
            Piece::Text(t) if after.is_empty() => match t.find('#') {
                Some(at) => {
                    before.push(Piece::Text(&t[..at]));
                    after.push(Piece::Text(&t[at..]));
                }
                None => before.push(piece),
            },
            _ if after.is_empty() => before.push(piece),
            _ => after.push(piece),
        }
    }
    (before, after)
}

/// Pieces as one string: each text through `text`, each parameter through `param`.
pub(crate) fn render(
    pieces: &[Piece<'_>],
    text: impl Fn(&str) -> String,
    param: impl Fn(&str) -> String,
) -> String {
    pieces
        .iter()
        .map(|piece| match *piece {
            Piece::Text(t) => text(t),
            Piece::Param(name) => param(name),
        })
        .collect()
}

/// The index of `name` among the pattern's parameters, from 0.
pub(crate) fn param_index(parts: &[Part<'_>], name: &str) -> usize {
    parts
        .iter()
        .filter_map(|p| match p {
            Part::Param { name, .. } => Some(*name),
            Part::Text(_) => None,
        })
        .position(|n| n == name)
        .unwrap_or(0)
}

/// `json` with each character of `chars` inside its strings written as `\uXXXX`, which JSON
/// reads back as the character: for servers that would read it in their own grammar.
pub(crate) fn json_escaped(json: &str, chars: &[char]) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string && !escaped && chars.contains(&c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
            continue;
        }
        out.push(c);
        match c {
            '\\' if in_string && !escaped => escaped = true,
            '"' if !escaped => in_string = !in_string,
            _ => escaped = false,
        }
    }
    out
}

const CADDY: Limits = Limits {
    cannot_write: &[],
    edge: "Caddy",
    defers_danger: true,
};

const APACHE: Limits = Limits {
    cannot_write: &[],
    edge: "Apache",
    defers_danger: true,
};

/// The comment for a route an edge leaves to the app, and why.
pub(crate) fn left_to_the_app(out: &mut String, why: &str, path: &str) {
    let _ = writeln!(out, "\n# Left to the app, {why}: {}", one_line(path));
}

pub(crate) fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

impl Manifest {
    /// HAProxy (2.2 and later) rules to paste inside a `frontend`, before its `use_backend`
    /// lines: every removed route answers its 410 with `http-request return` (the app's
    /// problem+json body, `Vary`, `Cache-Control`, `Sunset` and `Link`), every moved one its
    /// redirect (`Location` built from the raw path, the query string carried over), with
    /// `Cache-Control` and `Vary` set by `http-after-response`. Only the route's methods (and
    /// HEAD with GET) match: other requests go on to the app. Routes with a guard are left to
    /// the app, in a comment.
    ///
    /// HAProxy matches the raw path (`path`, not decoded): a request that spells the literal
    /// part of a path with percent-escapes goes on to the app. A `$` is written `\$` in its
    /// strings, and in the JSON body `\u0024`; a moved route whose `to` holds a `$` or a `'` is
    /// left to the app, since HAProxy cannot write them into a `Location`. HAProxy reads
    /// lines of at most 2048 characters by default (`tune.bufsize` does not change that): a
    /// reason of several hundred characters makes a rule too long for it.
    ///
    /// ```
    /// let rules = gone_runtime::manifest().to_haproxy().expect("no route retired twice");
    /// assert!(rules.starts_with("# Generated by gone"));
    /// ```
    pub fn to_haproxy(&self) -> Result<String, Duplicates> {
        self.unambiguous()?;
        let (paths, left) = edge_paths(self);
        let mut out = format!(
            "# Generated by gone from the removal manifest: {} retired routes, {} moved.\n\
             # Paste inside a `frontend` section, before its `use_backend` lines. Do not edit: regenerate it.\n",
            self.len(),
            self.moved().len()
        );
        for line in left {
            let _ = writeln!(out, "# {line}");
        }
        let mut any_moved = false;
        for p in &paths {
            let path_acl = format!(
                "{{ path_reg -- {} }} {{ url_reg -- {} }}",
                haproxy_single(&path_regex(&p.parts)),
                haproxy_single(&format!("^[{URI_CHARS}]*$"))
            );
            for group in by_answer(&p.gone) {
                let r = group[0].response();
                let methods = methods(group.iter().map(|r| r.method()));
                let _ = writeln!(out, "\n# {} {}", methods.join(" "), one_line(p.path));
                let body = json_escaped(r.json, &['$']);
                let _ = write!(
                    out,
                    "http-request return status 410 content-type \"application/problem+json\" string {}",
                    haproxy_double(&body)
                );
                let [cache_control, sunset, link] = r.header_values();
                for (name, value) in [
                    ("Cache-Control", cache_control),
                    ("Vary", Some("Accept")),
                    ("Sunset", sunset),
                    ("Link", link),
                ] {
                    if let Some(value) = value {
                        // A log-format string: `%%` is one `%`.
                        let value = value.replace('%', "%%");
                        let _ = write!(out, " hdr \"{name}\" {}", haproxy_double(&value));
                    }
                }
                let unless = match has_custom_regex(&p.parts) {
                    true => " !{ path_sub % }",
                    false => "",
                };
                let _ = writeln!(out, " if {path_acl} {{ method {} }}{unless}", methods.join(" "));
            }
            // HAProxy's strings read a `$` as a variable, and `regsub` ends at a `'`.
            let limits = Limits {
                cannot_write: &['$', '\''],
                edge: "HAProxy",
                defers_danger: true,
            };
            let Some(redirecting) = p.redirecting(&limits, &mut out) else {
                continue;
            };
            any_moved = true;
            let Redirecting {
                main,
                ref methods,
                ref pieces,
                ref fragment,
                ref danger,
            } = redirecting;
            let mut unless = String::new();
            if let Some(danger) = danger {
                // Left to the app, which encodes the value's `/` or `\`.
                let _ = write!(unless, " !{{ path_reg -- {} }}", haproxy_single(danger));
            }
            if has_custom_regex(&p.parts) {
                unless.push_str(" !{ path_sub % }");
            }
            let (raw, groups) = raw_regex(&p.parts, false, false);
            // The target before its fragment, and the fragment, each a `regsub` of the raw path
            // into a variable: the query string goes between them.
            let regsub = |pieces: &[Piece<'_>]| {
                let replacement = render(pieces, str::to_string, |name| {
                    format!("\\{}", groups[param_index(&p.parts, name)])
                });
                haproxy_double(&format!(
                    "path,regsub('{}','{replacement}')",
                    raw.replace('\'', "\\x27")
                ))
            };
            out.push_str(&redirecting.comment(p.path));
            let _ = writeln!(
                out,
                "http-request set-var(txn.gone_to) {} if {path_acl} {{ method {} }}{unless}",
                regsub(pieces),
                methods.join(" ")
            );
            let fragment = if fragment.is_empty() {
                ""
            } else {
                let _ = writeln!(
                    out,
                    "http-request set-var(txn.gone_fragment) {} if {{ var(txn.gone_to) -m found }}",
                    regsub(fragment)
                );
                "%[var(txn.gone_fragment)]"
            };
            let _ = writeln!(
                out,
                "http-request set-var(txn.gone_cache) {} if {{ var(txn.gone_to) -m found }}",
                haproxy_double(&format!("str('{}')", main.redirect().cache_control))
            );
            let status = main.status();
            if !main.redirect().has_query {
                let _ = writeln!(
                    out,
                    "http-request redirect code {status} location {} if {{ var(txn.gone_to) -m found }} {{ query -m found }}",
                    haproxy_double(&format!("%[var(txn.gone_to)]?%[query]{fragment}"))
                );
            }
            let _ = writeln!(
                out,
                "http-request redirect code {status} location {} if {{ var(txn.gone_to) -m found }}",
                haproxy_double(&format!("%[var(txn.gone_to)]{fragment}"))
            );
        }
        if any_moved {
            out.push_str(
                "\n# The redirects' headers.\n\
                 http-after-response set-header Cache-Control \"%[var(txn.gone_cache)]\" if { var(txn.gone_cache) -m found }\n\
                 http-after-response set-header Vary Accept if { var(txn.gone_cache) -m found }\n",
            );
        }
        Ok(out)
    }

    /// HAProxy rules for the manifest's `removed!` lists, to paste inside the `frontend`
    /// before [`to_haproxy`](Self::to_haproxy)'s (the app's `Lists` runs before routing):
    /// an exact path is looked up in the map file [`to_haproxy_list_map`](Self::to_haproxy_list_map)
    /// writes, read from `map_file` (`map_str`, one lookup in a tree whatever the number of
    /// rows); a prefix is one `path_reg` rule each, longest first; then the row's method is
    /// checked (HEAD with GET) and its answer given: `http-request return` with the app's
    /// problem+json body and headers, or a redirect with the query string carried over.
    /// HAProxy matches the raw path: another spelling of a listed path (with percent-escapes)
    /// goes on to the app, whose `Lists` answers it the same. A row whose path or `to` holds a
    /// character HAProxy cannot carry in a map or a string (`#`, `$`, `'`, `\\`) is left to
    /// the app, in a comment.
    ///
    /// ```
    /// let rules = gone_runtime::manifest().to_haproxy_lists("/etc/haproxy/gone-list.map").unwrap();
    /// assert!(rules.starts_with("# Generated by gone"));
    /// ```
    pub fn to_haproxy_lists(&self, map_file: &str) -> Result<String, Duplicates> {
        self.unambiguous()?;
        let lists = EdgeLists::of(self, HAPROXY_CANNOT_CARRY);
        let mut out = lists.preamble(
            "HAProxy",
            "Paste inside a `frontend` section, before the rules of to_haproxy() and the `use_backend` lines",
        );
        if lists.rows.is_empty() {
            return Ok(out);
        }
        let uri = haproxy_single(&format!("^[{URI_CHARS}]*$"));
        let _ = writeln!(
            out,
            "http-request set-var(txn.gone_row) path,map_str({}) if {{ url_reg -- {uri} }}",
            haproxy_double(map_file)
        );
        for r in lists.prefixes_longest_first() {
            let folder = r.row.path().trim_end_matches('*');
            let _ = writeln!(
                out,
                "http-request set-var(txn.gone_row) str({}) if !{{ var(txn.gone_row) -m found }} {{ path_reg -- {} }} {{ url_reg -- {uri} }}",
                haproxy_double(&r.value_with(' ')),
                haproxy_single(&format!("^{}.", regex_lite::escape(folder)))
            );
        }
        out.push_str(concat!(
            "http-request set-var(txn.gone_rm) var(txn.gone_row),field(2,' ') if { var(txn.gone_row) -m found }\n",
            "http-request set-var(txn.gone_method) method if { var(txn.gone_row) -m found }\n",
            "http-request set-var(txn.gone_n) var(txn.gone_row),field(1,' ') if { var(txn.gone_rm) -m str * }\n",
            "http-request set-var(txn.gone_n) var(txn.gone_row),field(1,' ') if { var(txn.gone_rm) -m str GET } METH_GET\n",
            "http-request set-var(txn.gone_n) var(txn.gone_row),field(1,' ') if { var(txn.gone_rm),strcmp(txn.gone_method) eq 0 }\n",
        ));
        let mut any_redirect = false;
        for (n, slot) in lists.slots.iter().enumerate() {
            let answer = slot.answer;
            let when = format!("{{ var(txn.gone_n) -m str {n} }}");
            match &answer.bodies {
                Some(r) => {
                    let body = json_escaped(r.json, &['$']);
                    let _ = write!(
                        out,
                        "http-request return status {} content-type \"application/problem+json\" string {}",
                        answer.status,
                        haproxy_double(&body)
                    );
                    let [cache_control, sunset, link] = r.header_values();
                    for (name, value) in [
                        ("Cache-Control", cache_control),
                        ("Vary", Some("Accept")),
                        ("Sunset", sunset),
                        ("Link", link),
                    ] {
                        if let Some(value) = value {
                            let _ = write!(
                                out,
                                " hdr \"{name}\" {}",
                                haproxy_double(&value.replace('%', "%%"))
                            );
                        }
                    }
                    let _ = writeln!(out, " if {when}");
                }
                None => {
                    any_redirect = true;
                    let _ = writeln!(
                        out,
                        "http-request set-var(txn.gone_to) var(txn.gone_row),field(3,' ') if {when}\n\
                         http-request set-var(txn.gone_cache) {} if {when}",
                        haproxy_double(&format!("str('{}')", answer.cache_control))
                    );
                    if !slot.to_has_query {
                        let _ = writeln!(
                            out,
                            "http-request redirect code {} location \"%[var(txn.gone_to)]?%[query]\" if {when} {{ query -m found }}",
                            answer.status
                        );
                    }
                    let _ = writeln!(
                        out,
                        "http-request redirect code {} location \"%[var(txn.gone_to)]\" if {when}",
                        answer.status
                    );
                }
            }
        }
        if any_redirect {
            out.push_str(
                "http-after-response set-header Cache-Control \"%[var(txn.gone_cache)]\" if { var(txn.gone_cache) -m found }\n\
                 http-after-response set-header Vary Accept if { var(txn.gone_cache) -m found }\n",
            );
        }
        Ok(out)
    }

    /// The map file of [`to_haproxy_lists`](Self::to_haproxy_lists): one line per listed
    /// exact path, `PATH SLOT METHOD [TO]`, read by HAProxy into a tree at startup.
    ///
    /// ```
    /// let map = gone_runtime::manifest().to_haproxy_list_map().unwrap();
    /// assert!(map.starts_with("# Generated by gone"));
    /// ```
    pub fn to_haproxy_list_map(&self) -> Result<String, Duplicates> {
        self.unambiguous()?;
        Ok(EdgeLists::of(self, HAPROXY_CANNOT_CARRY).map_file("to_haproxy_lists()", ' '))
    }

    /// A Caddyfile snippet (Caddy 2) to put inside a site block, before its `reverse_proxy`:
    /// every removed route answers its 410 (`respond` with the app's problem+json body, and
    /// `header` for `Content-Type`, `Vary`, `Cache-Control`, `Sunset` and `Link`), every moved
    /// one its redirect (`redir`, the values taken from the raw request URI, the query string
    /// carried over), each in a `handle` block of its own, matched by path and method: other
    /// requests go on to the rest of the site (the app). Routes with a guard are left to the
    /// app, in a comment.
    ///
    /// Braces and backticks inside the body's strings are written `\u007b`, `\u007d` and
    /// `\u0060`, which JSON reads back as they were, so that Caddy never reads a placeholder
    /// there.
    ///
    /// ```
    /// let snippet = gone_runtime::manifest().to_caddy().expect("no route retired twice");
    /// assert!(snippet.starts_with("# Generated by gone"));
    /// ```
    pub fn to_caddy(&self) -> Result<String, Duplicates> {
        self.unambiguous()?;
        let (paths, left) = edge_paths(self);
        let mut out = format!(
            "# Generated by gone from the removal manifest: {} retired routes, {} moved.\n\
             # Put it inside a site block, before `reverse_proxy`. Do not edit: regenerate it.\n",
            self.len(),
            self.moved().len()
        );
        for line in left {
            let _ = writeln!(out, "# {line}");
        }
        let mut n = 0;
        for p in &paths {
            for group in by_answer(&p.gone) {
                n += 1;
                let r = group[0].response();
                let methods = methods(group.iter().map(|r| r.method()));
                let _ = writeln!(out, "\n# {} {}", methods.join(" "), one_line(p.path));
                let _ = writeln!(out, "@gone_{n} {{");
                // The raw request URI, as the app routes it: no merged slashes, no decoding.
                let (raw, _) = raw_regex(&p.parts, false, false);
                let _ = writeln!(
                    out,
                    "\tvars_regexp {{http.request.orig_uri}} {}",
                    caddy_token(&raw)
                );
                let _ = writeln!(out, "\tmethod {}", methods.join(" "));
                out.push_str(&caddy_unless(&format!("[^{URI_CHARS}]")));
                if has_custom_regex(&p.parts) {
                    out.push_str(&caddy_unless("^[^?]*%"));
                }
                out.push_str("}\n");
                let _ = writeln!(out, "handle @gone_{n} {{");
                out.push_str("\theader Content-Type application/problem+json\n\theader Vary Accept\n");
                let [cache_control, sunset, link] = r.header_values();
                for (name, value) in [
                    ("Cache-Control", cache_control),
                    ("Sunset", sunset),
                    ("Link", link),
                ] {
                    if let Some(value) = value {
                        let _ = writeln!(out, "\theader {name} {}", caddy_quoted(value));
                    }
                }
                let body = json_escaped(r.json, &['{', '}', '`']);
                let _ = writeln!(out, "\trespond `{body}` 410");
                out.push_str("}\n");
            }
            let Some(redirecting) = p.redirecting(&CADDY, &mut out) else {
                continue;
            };
            n += 1;
            let Redirecting {
                main,
                ref methods,
                ref pieces,
                ref fragment,
                ref danger,
            } = redirecting;
            let (raw, _) = raw_regex(&p.parts, true, !main.redirect().has_query);
            let name = format!("moved_{n}");
            let placeholders = |pieces: &[Piece<'_>]| {
                render(pieces, str::to_string, |param| {
                    format!("{{re.{name}.p{}}}", param_index_in_parts(&p.parts, param))
                })
            };
            let query = match main.redirect().has_query {
                true => String::new(),
                false => format!("{{re.{name}.q}}"),
            };
            let location = format!("{}{query}{}", placeholders(pieces), placeholders(fragment));
            out.push_str(&redirecting.comment(p.path));
            let _ = writeln!(out, "@{name} {{");
            let _ = writeln!(
                out,
                "\tvars_regexp {name} {{http.request.orig_uri}} {}",
                caddy_token(&raw)
            );
            let _ = writeln!(out, "\tmethod {}", methods.join(" "));
            if let Some(danger) = danger {
                // Left to the app, which encodes the value's `/` or `\`.
                out.push_str(&caddy_unless(danger));
            }
            out.push_str(&caddy_unless(&format!("[^{URI_CHARS}]")));
            if has_custom_regex(&p.parts) {
                out.push_str(&caddy_unless("^[^?]*%"));
            }
            out.push_str("}\n");
            let _ = writeln!(out, "handle @{name} {{");
            let _ = writeln!(
                out,
                "\theader Cache-Control {}",
                caddy_quoted(main.redirect().cache_control)
            );
            out.push_str("\theader Vary Accept\n");
            let _ = writeln!(out, "\tredir * {} {}", caddy_token(&location), main.status());
            out.push_str("}\n");
        }
        Ok(out)
    }
}

impl Manifest {
    /// A Caddyfile snippet for the manifest's `removed!` lists, to put inside the site block
    /// before [`to_caddy`](Self::to_caddy)'s (the app's `Lists` runs before routing): a `map`
    /// of the raw request path (`{http.request.orig_uri}` up to its `?`) to each row's answer
    /// and method, exact paths first, then prefixes as regexes, longest first; then one
    /// `handle` per answer, matched when the row answers the request's method (HEAD with GET):
    /// `respond` with the app's problem+json body and headers, or `redir` with the query
    /// string carried over. Caddy matches the raw path: another spelling of a listed path
    /// (with percent-escapes) goes on to the app, whose `Lists` answers it the same. A row
    /// whose path or `to` holds a character a Caddyfile token cannot carry as it is (`{`,
    /// `}`, `"`, `` ` ``, `\\`, `#`) is left to the app, in a comment.
    ///
    /// ```
    /// let snippet = gone_runtime::manifest().to_caddy_lists().unwrap();
    /// assert!(snippet.starts_with("# Generated by gone"));
    /// ```
    pub fn to_caddy_lists(&self) -> Result<String, Duplicates> {
        self.unambiguous()?;
        let lists = EdgeLists::of(self, &['{', '}', '"', '`', '\\', '#']);
        let mut out = lists.preamble(
            "Caddy",
            "Put it inside the site block, before the snippet of to_caddy() and the reverse_proxy",
        );
        if lists.rows.is_empty() {
            return Ok(out);
        }
        // Up to a `?` or a `#`: a request-target holds no fragment, and the app reads past one.
        out.push_str("map {http.request.orig_uri} {gone_list_path} {gone_list_q} {\n\t`~^([^?#]*)(\\?[^#]*)?` \"${1}\" \"${2}\"\n}\n");
        out.push_str("map {gone_list_path} {gone_list_row} {gone_list_to} {\n\tdefault \"\" \"\"\n");
        for r in lists.exact() {
            let _ = writeln!(
                out,
                "\t`{}` \"{} {}\" \"{}\"",
                r.row.path(),
                r.slot,
                r.row.method(),
                r.row.to().unwrap_or("")
            );
        }
        for r in lists.prefixes_longest_first() {
            let folder = r.row.path().trim_end_matches('*');
            let _ = writeln!(
                out,
                "\t`~^{}.` \"{} {}\" \"{}\"",
                regex_lite::escape(folder),
                r.slot,
                r.row.method(),
                r.row.to().unwrap_or("")
            );
        }
        out.push_str("}\n");
        // Caddy's `map` compares the input with each entry in turn, each time its output is
        // read: read once, into a variable the matchers compare.
        out.push_str("vars gone_row {gone_list_row}\n");
        for (n, slot) in lists.slots.iter().enumerate() {
            let answer = slot.answer;
            let _ = writeln!(out, "@gone_list_{n} {{");
            let _ = writeln!(
                out,
                "\texpression `{{vars.gone_row}} == \"{n} *\" || ({{vars.gone_row}} == \"{n} GET\" && ({{method}} == \"GET\" || {{method}} == \"HEAD\")) || {{vars.gone_row}} == \"{n} \" + {{method}}`"
            );
            out.push_str(&caddy_unless(&format!("[^{URI_CHARS}]")));
            out.push_str("}\n");
            let _ = writeln!(out, "handle @gone_list_{n} {{");
            match &answer.bodies {
                Some(r) => {
                    out.push_str("\theader Content-Type application/problem+json\n\theader Vary Accept\n");
                    let [cache_control, sunset, link] = r.header_values();
                    for (name, value) in [
                        ("Cache-Control", cache_control),
                        ("Sunset", sunset),
                        ("Link", link),
                    ] {
                        if let Some(value) = value {
                            let _ = writeln!(out, "\theader {name} {}", caddy_quoted(value));
                        }
                    }
                    let body = json_escaped(r.json, &['{', '}', '`']);
                    let _ = writeln!(out, "\trespond `{body}` {}", answer.status);
                }
                None => {
                    let _ = writeln!(
                        out,
                        "\theader Cache-Control {}",
                        caddy_quoted(answer.cache_control)
                    );
                    out.push_str("\theader Vary Accept\n");
                    let query = if slot.to_has_query { "" } else { "{gone_list_q}" };
                    let _ = writeln!(out, "\tredir * {{gone_list_to}}{query} {}", answer.status);
                }
            }
            out.push_str("}\n");
        }
        Ok(out)
    }
}

impl Manifest {
    /// An Apache httpd (2.4) snippet to `Include` in the server or a `<VirtualHost>`, before
    /// what proxies to the app (mod_alias, mod_rewrite and mod_headers enabled): every removed
    /// route answers its 410 in a `<LocationMatch>` of its own, for its methods only (`Redirect
    /// gone`, the app's problem+json body as the `ErrorDocument`, `Content-Type`, `Vary`,
    /// `Cache-Control`, `Sunset` and `Link` set by mod_headers); every moved route redirects
    /// with mod_rewrite, its values read from the raw request line (`%{THE_REQUEST}`), the
    /// query string carried over, `Cache-Control` and `Vary` set. Other methods go on to the
    /// app. Routes with a guard are left to the app, in a comment.
    ///
    /// What Apache cannot say as the app does: its redirects carry an absolute `Location`
    /// (`http://host/v2/...` where the app sends `/v2/...`: the same address, as RFC 9110
    /// allows; Apache writes the host in after every module has run) and its own short HTML
    /// body; where two patterns both match a path, their sections
    /// merge, the more specific (written last) deciding the body and the headers it sets.
    /// A `$` and a `%` inside the body's strings are written `\u0024` and `\u0025`, which JSON
    /// reads back as they were, since Apache reads `ErrorDocument` as an expression.
    ///
    /// ```
    /// let conf = gone_runtime::manifest().to_apache().expect("no route retired twice");
    /// assert!(conf.starts_with("# Generated by gone"));
    /// ```
    pub fn to_apache(&self) -> Result<String, Duplicates> {
        self.unambiguous()?;
        let (mut paths, left) = edge_paths(self);
        // Matching sections merge in order, the last one winning: the most specific goes last.
        paths.reverse();
        let mut out = format!(
            "# Generated by gone from the removal manifest: {} retired routes, {} moved.\n\
             # Include it in the server or a <VirtualHost>, with mod_alias, mod_rewrite and mod_headers.\n\
             # Do not edit: regenerate it.\n",
            self.len(),
            self.moved().len()
        );
        for line in left {
            let _ = writeln!(out, "# {line}");
        }
        out.push_str("RewriteEngine On\n");
        let mut n = 0;
        for p in &paths {
            let regex = path_regex(&p.parts);
            // Over the request line: `METHOD URI HTTP/x`, the URI raw, as the app routes it
            // (Apache's sections see it decoded, its slashes merged).
            let (raw, groups) = raw_regex(&p.parts, false, false);
            let line = format!(
                "^\\S+ {}(?:\\?\\S*)?\\s",
                raw.trim_start_matches('^').trim_end_matches("(?:\\?.*)?$")
            );
            let charset = format!("^\\S+ [{URI_CHARS}]+ ");
            let custom = has_custom_regex(&p.parts);
            for group in by_answer(&p.gone) {
                n += 1;
                let r = group[0].response();
                let methods = methods(group.iter().map(|r| r.method()));
                let listed: Vec<String> = methods.iter().map(|m| format!("'{m}'")).collect();
                let env = format!("gone_raw_{n}");
                let _ = writeln!(out, "\n# {} {}", methods.join(" "), one_line(p.path));
                if custom {
                    out.push_str("RewriteCond %{THE_REQUEST} !^\\S+\\s[^?\\s]*%\n");
                }
                let _ = writeln!(out, "RewriteCond %{{THE_REQUEST}} {}", apache_quoted(&charset));
                let _ = writeln!(out, "RewriteCond %{{THE_REQUEST}} {}", apache_quoted(&line));
                let _ = writeln!(out, "RewriteRule ^ - [E={env}:1]");
                let _ = writeln!(out, "<LocationMatch {}>", apache_quoted(&regex));
                let _ = writeln!(
                    out,
                    "    <If \"%{{REQUEST_METHOD}} in {{{}}} && reqenv('{env}') == '1'\">",
                    listed.join(", ")
                );
                out.push_str("        Redirect gone\n");
                let body = json_escaped(r.json, &['$', '%']);
                let _ = writeln!(out, "        ErrorDocument 410 {}", apache_expression(&body));
                out.push_str("        Header always set Content-Type \"application/problem+json\"\n");
                out.push_str("        Header always set Vary \"Accept\"\n");
                let [cache_control, sunset, link] = r.header_values();
                for (name, value) in [
                    ("Cache-Control", cache_control),
                    ("Sunset", sunset),
                    ("Link", link),
                ] {
                    if let Some(value) = value {
                        // mod_headers reads `%` as the start of a format: `%%` is one.
                        let value = value.replace('%', "%%");
                        let _ = writeln!(out, "        Header always set {name} {}", apache_quoted(&value));
                    }
                }
                out.push_str("    </If>\n</LocationMatch>\n");
            }
            let Some(redirecting) = p.redirecting(&APACHE, &mut out) else {
                continue;
            };
            n += 1;
            let Redirecting {
                main,
                ref methods,
                ref pieces,
                ref fragment,
                ref danger,
            } = redirecting;
            let mut unless = format!("RewriteCond %{{THE_REQUEST}} {}\n", apache_quoted(&charset));
            if let Some(danger) = danger {
                // Left to the app, which encodes the value's `/` or `\`.
                let line = format!("^\\S+ {}", danger.trim_start_matches('^'));
                let _ = writeln!(
                    unless,
                    "RewriteCond %{{THE_REQUEST}} {}",
                    apache_quoted(&format!("!{line}"))
                );
            }
            if custom {
                unless.push_str("RewriteCond %{THE_REQUEST} !^\\S+\\s[^?\\s]*%\n");
            }
            let substitution = |pieces: &[Piece<'_>]| {
                render(
                    pieces,
                    |t| t.replace('%', "\\%").replace('$', "\\$"),
                    |name| format!("%{}", groups[param_index(&p.parts, name)]),
                )
            };
            let (before, frag) = (substitution(pieces), substitution(fragment));
            let location = format!("{before}{frag}");
            let env = format!("gone_moved_{n}");
            out.push_str(&redirecting.comment(p.path));
            // mod_rewrite carries the query string over after the whole target, fragment
            // included: with a fragment, it is written before it, by hand.
            let by_hand = !fragment.is_empty() && !main.redirect().has_query;
            let rules: Vec<(&str, String, &str)> = if by_hand {
                vec![
                    (
                        "RewriteCond %{QUERY_STRING} .\n",
                        format!("{before}?%{{QUERY_STRING}}{frag}"),
                        "",
                    ),
                    ("", location.clone(), ",QSD"),
                ]
            } else {
                vec![("", location.clone(), "")]
            };
            for (query_cond, location, flag) in rules {
                let _ = writeln!(out, "RewriteCond %{{REQUEST_METHOD}} ^({})$", methods.join("|"));
                out.push_str(query_cond);
                out.push_str(&unless);
                // Last: the target's `%N` are its groups.
                let _ = writeln!(out, "RewriteCond %{{THE_REQUEST}} {}", apache_quoted(&line));
                let _ = writeln!(
                    out,
                    "RewriteRule {} {} [R={},NE,L,E={env}:1{flag}]",
                    apache_quoted(&regex),
                    apache_quoted(&location),
                    main.status()
                );
            }
            let _ = writeln!(
                out,
                "Header always set Cache-Control {} env={env}",
                apache_quoted(main.redirect().cache_control)
            );
            let _ = writeln!(out, "Header always set Vary \"Accept\" env={env}");
        }
        Ok(out)
    }
}

impl Manifest {
    /// An Apache httpd (2.4) snippet for the manifest's `removed!` lists, to `Include` in the
    /// server or the `<VirtualHost>` before [`to_apache`](Self::to_apache)'s (mod_rewrite,
    /// mod_alias and mod_headers enabled): an exact path is looked up in the `RewriteMap` (a
    /// `txt:` map, read once into a hash) that [`to_apache_list_map`](Self::to_apache_list_map)
    /// writes, at `map_file`; a prefix is one condition each, longest first; the raw request
    /// line is matched (`%{THE_REQUEST}`), as the app routes it. A row that answers the
    /// request's method (HEAD with GET) answers its 410 or 451 (`Redirect`, the app's
    /// problem+json body as the `ErrorDocument`, its headers) or its redirect (mod_rewrite,
    /// the query string carried over; Apache writes the `Location` absolute, as for moved
    /// routes). Another spelling of a listed path goes on to the app, whose `Lists` answers
    /// it the same. A row whose path or `to` holds a character Apache cannot carry in a map
    /// or a substitution as it is (`#`, `%`, `$`, `"`, `\\`, and a `?`: mod_rewrite answers 403 to a
    /// query string it did not write itself) is left to the app.
    ///
    /// ```
    /// let snippet = gone_runtime::manifest().to_apache_lists("/etc/apache2/gone-list.map").unwrap();
    /// assert!(snippet.starts_with("# Generated by gone"));
    /// ```
    pub fn to_apache_lists(&self, map_file: &str) -> Result<String, Duplicates> {
        self.unambiguous()?;
        let lists = EdgeLists::of(self, APACHE_CANNOT_CARRY);
        let mut out = lists.preamble(
            "Apache",
            "Include it in the server or the virtual host, before the snippet of to_apache() and what proxies to the app",
        );
        if lists.rows.is_empty() {
            return Ok(out);
        }
        let charset = apache_quoted(&format!("^\\S+ [{URI_CHARS}]+ "));
        let _ = writeln!(
            out,
            "RewriteEngine On\nRewriteMap gone_list {}",
            apache_quoted(&format!("txt:{map_file}"))
        );
        // The raw path, up to its query string, looked up: `SLOT METHOD [TO]`.
        let _ = writeln!(
            out,
            "RewriteCond %{{THE_REQUEST}} {charset}\n\
             RewriteCond %{{THE_REQUEST}} ^\\S+\\s([^?\\s]*)\n\
             RewriteCond ${{gone_list:%1|-}} ^([0-9]+)\\|([^|]+)\\|?(.*)$\n\
             RewriteRule ^ - [E=gone_n:%1,E=gone_m:%2,E=gone_to:%3]"
        );
        for r in lists.prefixes_longest_first() {
            let folder = r.row.path().trim_end_matches('*');
            let _ = writeln!(
                out,
                "RewriteCond %{{ENV:gone_n}} ^$\n\
                 RewriteCond %{{THE_REQUEST}} {charset}\n\
                 RewriteCond %{{THE_REQUEST}} {}\n\
                 RewriteRule ^ - [E=gone_n:{},E=gone_m:{},E=gone_to:{}]",
                apache_quoted(&format!("^\\S+\\s{}[^?\\s]", regex_lite::escape(folder))),
                r.slot,
                r.row.method().replace('*', "\\*"),
                r.row.to().unwrap_or("")
            );
        }
        // The row answers this method: every one, HEAD with GET, or its own.
        out.push_str(
            "RewriteCond %{ENV:gone_m}#%{REQUEST_METHOD} ^(?:\\*#.*|GET#HEAD|(\\w+)#\\1)$\n\
             RewriteCond %{ENV:gone_n} (.+)\n\
             RewriteRule ^ - [E=gone_list:%1]\n",
        );
        for (n, slot) in lists.slots.iter().enumerate() {
            let answer = slot.answer;
            match &answer.bodies {
                Some(r) => {
                    let _ = writeln!(out, "<Location \"/\">\n    <If \"reqenv('gone_list') == '{n}'\">");
                    let redirect = if answer.status == 410 {
                        "gone".to_string()
                    } else {
                        answer.status.to_string()
                    };
                    let _ = writeln!(out, "        Redirect {redirect}");
                    let body = json_escaped(r.json, &['$', '%']);
                    let _ = writeln!(
                        out,
                        "        ErrorDocument {} {}",
                        answer.status,
                        apache_expression(&body)
                    );
                    out.push_str("        Header always set Content-Type \"application/problem+json\"\n        Header always set Vary \"Accept\"\n");
                    let [cache_control, sunset, link] = r.header_values();
                    for (name, value) in [
                        ("Cache-Control", cache_control),
                        ("Sunset", sunset),
                        ("Link", link),
                    ] {
                        if let Some(value) = value {
                            let _ = writeln!(
                                out,
                                "        Header always set {name} {}",
                                apache_quoted(&value.replace('%', "%%"))
                            );
                        }
                    }
                    out.push_str("    </If>\n</Location>\n");
                }
                None => {
                    let env = format!("gone_list_moved_{n}");
                    let _ = writeln!(
                        out,
                        "RewriteCond %{{ENV:gone_list}} ^{n}$\n\
                         RewriteRule ^ %{{ENV:gone_to}} [R={},NE,L,E={env}:1]\n\
                         Header always set Cache-Control {} env={env}\n\
                         Header always set Vary \"Accept\" env={env}",
                        answer.status,
                        apache_quoted(answer.cache_control)
                    );
                }
            }
        }
        Ok(out)
    }

    /// The `RewriteMap` file of [`to_apache_lists`](Self::to_apache_lists): one line per
    /// listed exact path, `PATH SLOT|METHOD[|TO]` (a `txt:` map's value is one word).
    ///
    /// ```
    /// let map = gone_runtime::manifest().to_apache_list_map().unwrap();
    /// assert!(map.starts_with("# Generated by gone"));
    /// ```
    pub fn to_apache_list_map(&self) -> Result<String, Duplicates> {
        self.unambiguous()?;
        Ok(EdgeLists::of(self, APACHE_CANNOT_CARRY).map_file("to_apache_lists()", '|'))
    }
}

/// What HAProxy cannot carry in a map line or a string as it is.
const HAPROXY_CANNOT_CARRY: &[char] = &['#', '$', '\'', '\\'];

/// What Apache cannot carry in a `RewriteMap` line or a substitution as it is (a `?` from a
/// variable is refused with 403, as an unsafe rewrite).
const APACHE_CANNOT_CARRY: &[char] = &['#', '%', '$', '"', '\\', '?'];

/// A double-quoted Apache argument: `"` escaped (the only escape its configuration reads).
fn apache_quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\\\""))
}

/// A double-quoted Apache string that is also read as an expression (`ErrorDocument`): a
/// backslash is escaped for both readings, a quote for the first.
fn apache_expression(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\\\\\").replace('"', "\\\""))
}

/// The position of `name` among all parts, from 1: the number in its group's name (`p3`).
pub(crate) fn param_index_in_parts(parts: &[Part<'_>], name: &str) -> usize {
    parts
        .iter()
        .position(|p| matches!(p, Part::Param { name: n, .. } if *n == name))
        .map_or(0, |i| i + 1)
}

/// A single-quoted HAProxy word: nothing inside is read, and a `'` is closed, escaped and
/// reopened, as in a shell.
fn haproxy_single(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// A double-quoted HAProxy word: `\`, `"` and `$` (an environment variable there) escaped.
fn haproxy_double(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if matches!(c, '\\' | '"' | '$') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A line of a Caddy matcher that refuses the request when its raw URI matches `re`. Through
/// the `expression` matcher (CEL): a `not vars_regexp` on the variable the matcher's own
/// `vars_regexp` reads makes Caddy 2.6 match nothing at all.
fn caddy_unless(re: &str) -> String {
    let cel = re.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\tnot expression `{{http.request.orig_uri}}.matches(\"{cel}\")`\n")
}

/// A Caddyfile token read as it is: in backticks, or in double quotes when it holds one.
fn caddy_token(s: &str) -> String {
    if s.contains('`') {
        caddy_quoted(s)
    } else {
        format!("`{s}`")
    }
}

/// A double-quoted Caddyfile token: `"` and `\` escaped, and `{`, `}` written so that no
/// placeholder is read (percent-encoded: header values here are URLs and dates).
fn caddy_quoted(s: &str) -> String {
    let s = s.replace('{', "%7B").replace('}', "%7D");
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The lists of a manifest as an edge answers them: one slot per distinct answer (and, for a
/// redirect, per whether its `to` has a query), each row with its slot; rows whose text the
/// edge cannot carry left out, named.
pub(crate) struct EdgeLists {
    pub(crate) slots: Vec<EdgeSlot>,
    pub(crate) rows: Vec<EdgeRow>,
    /// Each row left to the app: why, and where it is.
    pub(crate) left: Vec<(Option<&'static str>, String)>,
}

pub(crate) struct EdgeSlot {
    pub(crate) answer: &'static crate::listed::ListAnswer,
    pub(crate) to_has_query: bool,
}

pub(crate) struct EdgeRow {
    pub(crate) row: crate::Listed,
    pub(crate) slot: usize,
}

impl EdgeRow {
    /// `SLOT METHOD`, and ` TO` for a redirect (`sep` between them).
    pub(crate) fn value_with(&self, sep: char) -> String {
        match self.row.to() {
            Some(to) => format!("{}{sep}{}{sep}{to}", self.slot, self.row.method()),
            None => format!("{}{sep}{}", self.slot, self.row.method()),
        }
    }
}

impl EdgeLists {
    /// The first lines of an edge's rules for the lists: what they are, where they go, and
    /// each row left to the app.
    pub(crate) fn preamble(&self, edge: &str, placement: &str) -> String {
        let mut out = format!(
            "# Generated by gone from the removal manifest: {} listed paths.\n# {placement}. Do not edit: regenerate it.\n",
            self.rows.len()
        );
        self.write_left(&mut out, edge);
        out
    }

    /// A comment for each row left to the app, and why.
    pub(crate) fn write_left(&self, out: &mut String, edge: &str) {
        for (why, left) in &self.left {
            let why = why.unwrap_or("cannot carry its text");
            let _ = writeln!(out, "# Left to the app, {edge} {why}: {}", one_line(left));
        }
    }

    /// The exact rows, in the manifest's order.
    pub(crate) fn exact(&self) -> impl Iterator<Item = &EdgeRow> {
        self.rows.iter().filter(|r| !r.row.is_prefix())
    }

    /// The prefixes, longest first: an edge tries them in order, and the app takes the
    /// longest that matches.
    pub(crate) fn prefixes_longest_first(&self) -> Vec<&EdgeRow> {
        let mut prefixes: Vec<&EdgeRow> = self.rows.iter().filter(|r| r.row.is_prefix()).collect();
        prefixes.sort_by_key(|r| std::cmp::Reverse(r.row.path().len()));
        prefixes
    }

    /// A map file of the exact rows, `PATH VALUE`, the value's fields joined by `sep`.
    fn map_file(&self, rules: &str, sep: char) -> String {
        let mut out = format!("# Generated by gone from the removal manifest: the listed paths of {rules}. Do not edit: regenerate it.\n");
        for r in self.exact() {
            let _ = writeln!(out, "{} {}", r.row.path(), r.value_with(sep));
        }
        out
    }

    /// The rows an edge takes: those whose path and `to` hold none of `cannot_carry`, and
    /// that `refuse` (the edge's own rule) gives no reason to leave to the app.
    pub(crate) fn of(manifest: &Manifest, cannot_carry: &[char]) -> EdgeLists {
        EdgeLists::of_refusing(manifest, cannot_carry, |_| None)
    }

    /// [`of`](Self::of), with a rule of the edge's own: `Some(why)` leaves the row to the app.
    pub(crate) fn of_refusing(
        manifest: &Manifest,
        cannot_carry: &[char],
        mut refuse: impl FnMut(&crate::Listed) -> Option<&'static str>,
    ) -> EdgeLists {
        let mut lists = EdgeLists {
            slots: Vec::new(),
            rows: Vec::new(),
            left: Vec::new(),
        };
        let mut ids: std::collections::HashMap<((&str, u32), bool), usize> = Default::default();
        for row in manifest.listed() {
            let carried =
                !row.path().contains(cannot_carry) && !row.to().unwrap_or("").contains(cannot_carry);
            let revived = row.is_prefix() && crate::lists::revived_below(row.path()).is_some();
            let why = if !carried {
                Some("cannot carry its text")
            } else if revived {
                Some("answers a revived path below it as the app does not")
            } else {
                refuse(&row)
            };
            if let Some(why) = why {
                lists.left.push((
                    Some(why),
                    format!("{} ({}:{})", row.path(), row.file(), row.line()),
                ));
                continue;
            }
            let to_has_query = row.to().is_some_and(|to| to.contains('?'));
            let slots = &mut lists.slots;
            let slot = *ids.entry((row.answer_key(), to_has_query)).or_insert_with(|| {
                slots.push(EdgeSlot {
                    answer: row.answer(),
                    to_has_query,
                });
                slots.len() - 1
            });
            lists.rows.push(EdgeRow { row, slot });
        }
        lists
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_inside_json_only() {
        assert_eq!(
            json_escaped(r#"{"a":"x{y}$ \"{\" `"}"#, &['{', '}', '`', '$']),
            r#"{"a":"x\u007by\u007d\u0024 \"\u007b\" \u0060"}"#
        );
        assert_eq!(haproxy_single("it's"), r"'it'\''s'");
        assert_eq!(haproxy_double(r#"a"$\"#), r#""a\"\$\\""#);
        assert_eq!(capturing_groups(r"(a)(?:b)[(]\(c(d)"), 2);
    }

    #[test]
    fn a_custom_regex_stops_at_the_query() {
        assert_eq!(short_of_the_query(".*"), "[^?]*");
        assert_eq!(short_of_the_query(r"\d+\.json"), r"\d+\.json");
        assert_eq!(short_of_the_query(r"[^/]+\S"), r"[^?/]+[^\s?]");
        assert_eq!(short_of_the_query(r"[.a]x"), r"[.a]x");
        assert_eq!(short_of_the_query(r"[^]a]"), r"[^?\]a]");
    }

    #[test]
    fn raw_regexes_number_the_groups_after_custom_ones() {
        let parts = pattern::parts(r"/a/{x:(\d)+}/{y}").unwrap();
        let (re, groups) = raw_regex(&parts, false, false);
        assert_eq!(re, r"^/a/((?:(\d)+))/([^/?]+)(?:\?.*)?$");
        assert_eq!(groups, [1, 3]);
    }
}
