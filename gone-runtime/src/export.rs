//! The manifest leaving the binary: a Markdown table for docs, and an nginx snippet that
//! answers every retired route at the edge.

use crate::manifest::{Duplicates, Manifest};
use crate::pattern;
use crate::statics::{MovedRoute, RetiredRoute};
use gone_core::target::Piece;
use std::collections::BTreeMap;
use std::fmt::Write as _;

impl Manifest {
    /// One Markdown table per kind of route the manifest has (removed, then `#[sunset]`, then
    /// `#[moved]`), sorted like the manifest, to paste into a CHANGELOG or a docs page: the
    /// migration link rendered as a link, pipes and line breaks in the text escaped so that
    /// each entry stays one row. A manifest with no route at all says so in a sentence rather
    /// than with an empty table.
    ///
    /// ```
    /// use actix_web::get;
    /// use gone_runtime::gone;
    ///
    /// #[gone(since = "2025-03-01", reason = "Use /v2/ping")]
    /// #[get("/v1/ping")]
    /// async fn ping_v1() {}
    ///
    /// let table = gone_runtime::manifest().to_markdown();
    /// assert!(table.starts_with("| Method | Path | Removed | Reason | Migration | Handler |\n"));
    /// let none = gone_runtime::Manifest::from_routes([]).to_markdown();
    /// assert_eq!(none, "No routes are retired, scheduled or moved.\n");
    /// ```
    pub fn to_markdown(&self) -> String {
        if self.is_empty() && self.sunset().len() == 0 && self.moved().len() == 0 {
            return "No routes are retired, scheduled or moved.\n".to_string();
        }
        let mut out = String::new();
        if !self.is_empty() {
            out.push_str(
                "| Method | Path | Removed | Reason | Migration | Handler |\n\
                 | --- | --- | --- | --- | --- | --- |\n",
            );
        }
        for r in self.iter() {
            let link = md_link(r.link());
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                r.method(),
                md_code(r.path()),
                r.since(),
                md_cell(r.reason()),
                link,
                md_code(&format!("{}::{}", r.module(), r.handler())),
            );
        }
        if self.sunset().len() > 0 {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(
                "| Method | Path | Deprecated | Sunset | Brownouts | Reason | Migration | Handler |\n\
                 | --- | --- | --- | --- | --- | --- | --- | --- |\n",
            );
            for r in self.sunset() {
                let brownouts: Vec<&str> = r.brownouts().collect();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} | {} |",
                    r.method(),
                    md_code(r.path()),
                    r.deprecated(),
                    r.on(),
                    brownouts.join(", "),
                    md_cell(r.reason()),
                    md_link(r.link()),
                    md_code(&format!("{}::{}", r.module(), r.handler())),
                );
            }
        }
        if self.moved().len() > 0 {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(
                "| Method | Path | Moved to | Status | Since | Reason | Handler |\n\
                 | --- | --- | --- | --- | --- | --- | --- |\n",
            );
            for r in self.moved() {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    r.method(),
                    md_code(r.path()),
                    md_code(r.to()),
                    r.status(),
                    r.since(),
                    md_cell(r.reason().unwrap_or("")),
                    md_code(&format!("{}::{}", r.module(), r.handler())),
                );
            }
        }
        out
    }

    /// An nginx configuration snippet to `include` inside a `server {}` block: every retired
    /// route answers 410 at the edge, with the app's `Sunset`, `Cache-Control`, `Vary` and
    /// `Link` headers and its problem+json body, and refuses other methods the way
    /// `limit_except` does (a GET route also allows HEAD).
    ///
    /// Static paths become `location =`, patterns an anchored regex `location ~` (`{name}` is
    /// `[^/]+`, `{name:regex}` the regex, `{tail}*` `.*`). Every path and value is quoted and
    /// escaped; a `$` in a body is written `\u0024`, which JSON reads back as `$`, so that nginx
    /// never reads it as a variable. Routes with a `guard` are left out with a comment: only
    /// the app knows the guard.
    ///
    /// Moved routes redirect at the edge with their status, `Location` (each `{name}` the
    /// value the request gave, read from the raw `$request_uri` so that percent-encoding is
    /// kept as the app keeps it, and `$is_args$args` when `to` has no query), `Cache-Control`
    /// and `Vary`, in the same `location` as the removed methods of their path. The body is
    /// nginx's own short HTML page. A `$` in `to` is sent as `%24`, which nginx would
    /// otherwise read as a variable.
    ///
    /// Two handlers retiring the same method and path are an error, naming both: the snippet
    /// would have to choose one answer for them.
    ///
    /// ```
    /// let conf = gone_runtime::manifest().to_nginx().expect("no route retired twice");
    /// assert!(conf.starts_with("# Generated by gone"));
    /// ```
    pub fn to_nginx(&self) -> Result<String, Duplicates> {
        self.unambiguous()?;
        let mut by_path: BTreeMap<&str, (Vec<&RetiredRoute>, Vec<&MovedRoute>)> = BTreeMap::new();
        let mut out = format!(
            "# Generated by gone from the removal manifest: {} retired routes, {} moved.\n\
             # Include it inside a `server {{}}` block. Do not edit: regenerate it.\n",
            self.len(),
            self.moved().len()
        );
        let guarded = self
            .iter()
            .filter(|r| r.guarded())
            .map(|r| (r.method(), r.path(), r.module(), r.handler()))
            .chain(
                self.moved()
                    .filter(|r| r.guarded())
                    .map(|r| (r.method(), r.path(), r.module(), r.handler())),
            );
        for (method, path, module, handler) in guarded {
            let _ = writeln!(
                out,
                "# Left to the app, which alone knows its guard: {method} {} ({module}::{handler})",
                one_line(path),
            );
        }
        for r in self.iter().filter(|r| !r.guarded()) {
            by_path.entry(r.path()).or_default().0.push(r);
        }
        for r in self.moved().filter(|r| !r.guarded()) {
            by_path.entry(r.path()).or_default().1.push(r);
        }
        // Regex locations are tried in order: the more specific patterns (more literal text)
        // go first.
        let (exact, mut patterned): (Vec<_>, Vec<_>) =
            by_path.into_iter().partition(|(p, _)| !p.contains('{'));
        patterned.sort_by_key(|(p, _)| {
            std::cmp::Reverse(pattern::parts(p).map_or(0, |parts| pattern::literal_len(&parts)))
        });
        for (path, (gone, moved)) in exact.into_iter().chain(patterned) {
            out.push('\n');
            let Some(parts) = pattern::parts(path) else {
                let _ = writeln!(
                    out,
                    "# Left to the app, a pattern nginx cannot take: {}",
                    one_line(path)
                );
                continue;
            };
            if path.contains('{') {
                let _ = writeln!(out, "# {}", one_line(path));
                let _ = writeln!(
                    out,
                    "location ~ {} {{",
                    quote(&nginx_regex(&parts, "gone_d", false))
                );
            } else {
                let _ = writeln!(out, "location = {} {{", quote(path));
            }
            location_body(&mut out, &parts, &gone, &moved);
            out.push_str("}\n");
        }
        Ok(out)
    }
}

/// The redirect of the moved routes of one path, before its 410s, if any: the target in
/// `$gone_to`, from the raw request URI when it matches (percent-encoding kept, as the app
/// keeps it), else from the decoded path the location matched.
fn redirect(out: &mut String, parts: &[pattern::Part<'_>], moved: &[&MovedRoute], alone: bool) {
    // One answer per path: the GET's (or the first); the routes of one path share their
    // handler's redirect unless written apart.
    let main = moved.iter().find(|r| r.method() == "GET").unwrap_or(&moved[0]);
    let redirect = main.redirect();
    let names: Vec<&str> = parts
        .iter()
        .filter_map(|p| match p {
            pattern::Part::Param { name, .. } => Some(*name),
            pattern::Part::Text(_) => None,
        })
        .collect();
    let target = |prefix: &str| {
        let mut url = String::new();
        let mut fragment = None;
        for piece in redirect.pieces {
            match *piece {
                Piece::Text(t) => {
                    if let (None, Some(at)) = (fragment, t.find('#')) {
                        fragment = Some(url.len() + at);
                    }
                    url.push_str(&t.replace('$', "%24"));
                }
                Piece::Param(name) => {
                    let i = names.iter().position(|n| *n == name).map_or(0, |i| i + 1);
                    url.push_str(&format!("${{{prefix}{i}}}"));
                }
            }
        }
        if !redirect.has_query {
            url.insert_str(fragment.unwrap_or(url.len()), "$is_args$args");
        }
        quote(&url)
    };
    let status = redirect.status;
    let (indent, close) = if alone {
        ("    ", "")
    } else {
        ("        ", "    }\n")
    };
    let target = if names.is_empty() {
        target("")
    } else {
        let _ = writeln!(out, "    set $gone_to {};", target("gone_d"));
        let _ = writeln!(
            out,
            "    if ($request_uri ~ {}) {{ set $gone_to {}; }}",
            quote(&nginx_regex(parts, "gone_", true)),
            target("gone_")
        );
        "$gone_to".to_string()
    };
    if !alone {
        let mut methods: Vec<&str> = moved.iter().map(|r| r.method()).collect();
        if methods.contains(&"GET") && !methods.contains(&"HEAD") {
            methods.push("HEAD");
        }
        let _ = writeln!(
            out,
            "    if ($request_method ~ {}) {{",
            quote(&format!("^({})$", methods.join("|")))
        );
    }
    let _ = writeln!(out, "{indent}add_header Vary Accept always;");
    let _ = writeln!(
        out,
        "{indent}add_header Cache-Control {} always;",
        quote(redirect.cache_control)
    );
    let _ = writeln!(out, "{indent}return {status} {target};");
    out.push_str(close);
}

/// The pattern as a regex with a named group per parameter, `prefix1`, `prefix2`, ...: over
/// the decoded path, or over the raw request URI (`raw`), where a parameter stops at `?` and
/// a query string may follow.
fn nginx_regex(parts: &[pattern::Part<'_>], prefix: &str, raw: bool) -> String {
    let mut re = String::from("(?s)^");
    let mut n = 0;
    for part in parts {
        match part {
            pattern::Part::Text(text) => re.push_str(&regex_lite::escape(text)),
            pattern::Part::Param { regex, tail, .. } => {
                n += 1;
                let inner = match (regex, tail, raw) {
                    (_, true, true) => "[^?]*".to_string(),
                    (_, true, false) => ".*".to_string(),
                    (Some(custom), _, _) => format!("(?:{custom})"),
                    (None, _, true) => "[^/?]+".to_string(),
                    (None, _, false) => "[^/]+".to_string(),
                };
                re.push_str(&format!("(?<{prefix}{n}>{inner})"));
            }
        }
    }
    re.push_str(if raw { "(?:\\?.*)?$" } else { "$" });
    re
}

/// Methods nginx's `limit_except` knows.
const LIMIT_EXCEPT: &[&str] = &[
    "GET",
    "HEAD",
    "POST",
    "PUT",
    "DELETE",
    "MKCOL",
    "COPY",
    "MOVE",
    "OPTIONS",
    "PROPFIND",
    "PROPPATCH",
    "LOCK",
    "UNLOCK",
    "PATCH",
];

fn location_body(
    out: &mut String,
    parts: &[pattern::Part<'_>],
    routes: &[&RetiredRoute],
    moved: &[&MovedRoute],
) {
    let methods: Vec<&str> = routes
        .iter()
        .map(|r| r.method())
        .chain(moved.iter().map(|r| r.method()))
        .collect();
    if methods.iter().all(|m| LIMIT_EXCEPT.contains(m)) {
        let _ = writeln!(out, "    limit_except {} {{ deny all; }}", methods.join(" "));
    } else {
        let mut allowed = methods.clone();
        if methods.contains(&"GET") {
            allowed.push("HEAD");
        }
        let _ = writeln!(
            out,
            "    if ($request_method !~ {}) {{ return 405; }}",
            quote(&format!("^({})$", allowed.join("|")))
        );
    }
    if !moved.is_empty() {
        out.push_str("    absolute_redirect off;\n");
        redirect(out, parts, moved, routes.is_empty());
    }
    if routes.is_empty() {
        return;
    }
    out.push_str("    default_type application/problem+json;\n");
    // One route answers every method of the path unless their answers differ: then each
    // other method gets its own branch (HEAD goes with GET).
    let main = routes.iter().find(|r| r.method() == "GET").unwrap_or(&routes[0]);
    for r in routes {
        if !std::ptr::eq(r.response(), main.response()) {
            let _ = writeln!(out, "    if ($request_method = {}) {{", r.method());
            answer(out, r, "        ");
            out.push_str("    }\n");
        }
    }
    answer(out, main, "    ");
}

fn answer(out: &mut String, r: &RetiredRoute, indent: &str) {
    let [cache_control, sunset, link] = r.response().header_values();
    let _ = writeln!(out, "{indent}add_header Vary Accept always;");
    for (name, value) in [
        ("Cache-Control", cache_control),
        ("Sunset", sunset),
        ("Link", link.map(|l| l.replace('$', "%24")).as_deref()),
    ] {
        if let Some(value) = value {
            let _ = writeln!(out, "{indent}add_header {name} {} always;", quote(value));
        }
    }
    let _ = writeln!(
        out,
        "{indent}return 410 {};",
        quote(&r.response().json.replace('$', "\\u0024"))
    );
}

/// A double-quoted nginx string: `"` and `\` escaped.
fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Text for a `#` comment: one line.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// Text for one table cell: pipes escaped, line breaks made `<br>`, markup characters escaped.
fn md_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\r' => {}
            '\n' => out.push_str("<br>"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A migration link as a Markdown link, or nothing.
fn md_link(link: Option<&str>) -> String {
    link.map(|l| format!("[{}]({})", md_cell(l), l.replace(')', "%29").replace('|', "%7C")))
        .unwrap_or_default()
}

/// A path or name in a code span; pipes must still be escaped for the table.
fn md_code(s: &str) -> String {
    format!("`{}`", s.replace('|', "\\|").replace('`', "'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_what_nginx_reads() {
        assert_eq!(quote(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(md_cell("a | b\nc"), "a \\| b<br>c");
    }
}
