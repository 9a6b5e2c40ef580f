//! The manifest leaving the binary: a Markdown table for docs, and an nginx snippet that
//! answers every retired route at the edge.

use crate::edge::{
    by_answer, edge_paths, methods, param_index_in_parts, raw_inner, render, EdgeLists, EdgeRow, Limits,
    Redirecting, URI_CHARS,
};
use crate::manifest::{Duplicates, Manifest};
use crate::pattern;
use crate::statics::RetiredRoute;
use gone_core::target::Piece;
use std::fmt::Write as _;

impl Manifest {
    /// One Markdown table per kind of route the manifest has (removed, then `#[sunset]`, then
    /// `#[moved]`, then the rows of `removed!` lists), sorted like the manifest, to paste into a CHANGELOG or a docs page: the
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
        if self.is_empty()
            && self.sunset().len() == 0
            && self.moved().len() == 0
            && self.listed().next().is_none()
            && self.revived().len() == 0
        {
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
        if self.listed().next().is_some() {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(
                "| Method | Path | Status | Since | Reason | Moved to | Link | List |\n\
                 | --- | --- | --- | --- | --- | --- | --- | --- |\n",
            );
            for r in self.listed() {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} | {} |",
                    r.method(),
                    md_code(r.path()),
                    r.status(),
                    r.since(),
                    md_cell(r.reason().unwrap_or("")),
                    r.to().map(md_code).unwrap_or_default(),
                    md_link(r.link()),
                    md_code(&format!("{}:{}", r.file(), r.line())),
                );
            }
        }
        if self.revived().len() > 0 {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(
                "| Method | Path | Revived | Reason | Handler |\n\
                 | --- | --- | --- | --- | --- |\n",
            );
            for r in self.revived() {
                let site = match r.list() {
                    Some(file) => format!("{file}:{}", r.line()),
                    None => format!("{}::{}", r.module(), r.handler()),
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    r.method(),
                    md_code(r.path()),
                    r.since(),
                    md_cell(r.reason()),
                    md_code(&site),
                );
            }
        }
        out
    }

    /// An nginx configuration snippet to `include` inside a `server {}` block, before its
    /// `location`s: every retired route answers 410 at the edge, with the app's `Sunset`,
    /// `Cache-Control`, `Vary` and `Link` headers and its problem+json body, and every moved
    /// one its redirect; any other request goes on to the rest of the server (the app), as
    /// it would without the snippet.
    ///
    /// Each route is one `if` at the server level over `"$request_method $request_uri"`: the
    /// method (HEAD with GET) and the raw request URI as the client sent it, the way the app
    /// sees it (no merged slashes, no decoded `%2F`; a path spelled with percent-escapes
    /// nginx would decode goes on to the app, which answers it). A match is rewritten to an
    /// `internal` location of the snippet's own that answers it: `/.gone/./N`, a path nginx
    /// never leaves a client's request at (it removes `/./`), so no request of the app's is
    /// taken. Static paths are matched exactly, patterns by an anchored regex
    /// (`{name}` is `[^/?]+`, `{name:regex}` the regex, a tail `[^?]*`), the more specific
    /// first; a route whose path has a custom regex is answered at the edge only when its
    /// raw path holds no `%`, since the app matches that regex against the decoded text.
    ///
    /// Every path and value is quoted and escaped; a `$` in a body is written `\u0024`, which
    /// JSON reads back as `$`, so that nginx never reads it as a variable. Routes with a
    /// `guard` are left out with a comment: only the app knows the guard.
    ///
    /// Moved routes redirect with their status, `Location` (each `{name}` the value the
    /// request gave, as it arrived, and the query string when `to` has none), `Cache-Control`
    /// and `Vary`; the body is nginx's own short HTML page. A route whose `to` holds a `$`,
    /// which nginx would read as a variable and cannot write, is left to the app. A value that
    /// would make a path
    /// `Location` start with `//` or `/\` has that character percent-encoded, as the app does.
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
        let (paths, left) = edge_paths(self);
        let mut out = format!(
            "# Generated by gone from the removal manifest: {} retired routes, {} moved.\n\
             # Include it inside a `server {{}}` block, before its locations. Do not edit: regenerate it.\n",
            self.len(),
            self.moved().len()
        );
        for line in left {
            let _ = writeln!(out, "# {line}");
        }
        out.push_str("set $gone_request \"$request_method $request_uri\";\n");
        let lists = NginxLists::of(self);
        if !lists.lists.slots.is_empty() {
            let _ = writeln!(
                out,
                "\n# {} listed paths, looked up in the maps of to_nginx_maps(), included at the http level: first, as the app's Lists middleware runs before routing.",
                lists.lists.rows.len()
            );
            // `if ($v)` is false for "0": the comparison is written out.
            out.push_str("if ($gone_list != \"\") { rewrite ^ /.gone/./list/$gone_list last; }\n");
        }
        // The answers, each in an internal location that the rules above rewrite to.
        let mut answers = String::new();
        let mut n = 0;
        for p in &paths {
            for group in by_answer(&p.gone) {
                n += 1;
                let methods = methods(group.iter().map(|r| r.method()));
                let _ = writeln!(out, "\n# {} {}", methods.join(" "), one_line(p.path));
                let re = nginx_request(&methods, &p.parts, false);
                let _ = writeln!(
                    out,
                    "if ($gone_request ~ {}) {{ rewrite ^ /.gone/./{n} last; }}",
                    quote(&re)
                );
                let _ = writeln!(answers, "\nlocation = /.gone/./{n} {{\n    internal;");
                answers.push_str("    default_type application/problem+json;\n");
                answer(&mut answers, group[0], "    ");
                answers.push_str("}\n");
            }
            // nginx reads a `$` in a string as a variable, and has no way to write one; it
            // encodes a value's opening `/` or `\` itself.
            let limits = Limits {
                cannot_write: &['$'],
                edge: "nginx",
                defers_danger: false,
            };
            let Some(redirecting) = p.redirecting(&limits, &mut out) else {
                continue;
            };
            n += 1;
            let Redirecting {
                main,
                ref methods,
                ref pieces,
                ref fragment,
                ..
            } = redirecting;
            let redirect = main.redirect();
            let target = |pieces: &[Piece<'_>]| {
                render(pieces, str::to_string, |name| {
                    format!("${{gone_{}}}", param_index_in_parts(&p.parts, name))
                })
            };
            let query = if redirect.has_query { "" } else { "${gone_q}" };
            let location = format!("{}{query}{}", target(pieces), target(fragment));
            out.push_str(&redirecting.comment(p.path));
            let re = nginx_request(methods, &p.parts, true);
            let _ = writeln!(
                out,
                "if ($gone_request ~ {}) {{ set $gone_to {}; rewrite ^ /.gone/./{n} last; }}",
                quote(&re),
                quote(&location)
            );
            let _ = writeln!(answers, "\nlocation = /.gone/./{n} {{\n    internal;");
            if location.starts_with('/') {
                // A value must not turn the path into another host (`//host`, `/\host`).
                answers.push_str("    if ($gone_to ~ \"^//(.*)$\") { set $gone_to \"/%2F$1\"; }\n");
                answers.push_str("    if ($gone_to ~ \"^/\\\\\\\\(.*)$\") { set $gone_to \"/%5C$1\"; }\n");
            }
            answers.push_str("    absolute_redirect off;\n    add_header Vary Accept always;\n");
            let _ = writeln!(
                answers,
                "    add_header Cache-Control {} always;",
                quote(redirect.cache_control)
            );
            let _ = writeln!(answers, "    return {} $gone_to;\n}}", redirect.status);
        }
        out.push_str(&answers);
        for (n, slot) in lists.lists.slots.iter().enumerate() {
            let _ = writeln!(out, "\nlocation = /.gone/./list/{n} {{\n    internal;");
            let answer = slot.answer;
            match &answer.bodies {
                Some(bodies) => {
                    out.push_str("    default_type application/problem+json;\n");
                    retired_answer(&mut out, bodies, answer.status, "    ");
                }
                None => {
                    out.push_str("    absolute_redirect off;\n    add_header Vary Accept always;\n");
                    let _ = writeln!(
                        out,
                        "    add_header Cache-Control {} always;",
                        quote(answer.cache_control)
                    );
                    let query = if slot.to_has_query { "" } else { "$is_args$args" };
                    let _ = writeln!(
                        out,
                        "    return {} $gone_list_to{query}$gone_list_fragment;",
                        answer.status
                    );
                }
            }
            out.push_str("}\n");
        }
        Ok(out)
    }

    /// The http-level half of the nginx export, for a manifest with `removed!` lists: maps
    /// from the raw request path (its query string cut off) to the answer of its row, exact
    /// paths by hash and prefixes by regex, longest first; the method checked against the
    /// row's; a redirect's `to` from a map of its own. Include it inside `http {}` (nginx
    /// allows `map` nowhere else), beside the `server {}` that includes [`to_nginx`]'s snippet,
    /// which rewrites a request whose row answers it to the location of that answer. A
    /// request nginx does not find (another spelling of a path, with percent-escapes) goes on
    /// to the app, whose `Lists` answers it the same.
    ///
    /// nginx reads each map into a hash at startup: a list of 100,000 rows starts and answers
    /// by lookup. The file sets `map_hash_max_size` and `map_hash_bucket_size` for its keys;
    /// a manifest without lists gives a file with a comment alone. A row whose `to` holds a
    /// `$` (which nginx would read as a variable) is left to the app.
    ///
    /// [`to_nginx`]: Self::to_nginx
    ///
    /// ```
    /// let maps = gone_runtime::manifest().to_nginx_maps().expect("no path listed twice");
    /// assert!(maps.starts_with("# Generated by gone"));
    /// ```
    pub fn to_nginx_maps(&self) -> Result<String, Duplicates> {
        self.unambiguous()?;
        let lists = NginxLists::of(self);
        let mut out = format!(
            "# Generated by gone from the removal manifest: the maps of {} listed paths.\n\
             # Include it inside `http {{}}`, beside the server that includes to_nginx()'s snippet. Do not edit: regenerate it.\n",
            lists.lists.rows.len()
        );
        lists.lists.write_left(&mut out, "nginx");
        if lists.lists.slots.is_empty() {
            return Ok(out);
        }
        let longest = self.listed().map(|r| r.path().len()).max().unwrap_or(0);
        let bucket = (longest + 64).next_power_of_two().max(128);
        let _ = writeln!(
            out,
            "map_hash_max_size {};",
            (lists.lists.rows.len() * 2).max(2048)
        );
        let _ = writeln!(out, "map_hash_bucket_size {bucket};\n");
        out.push_str(
            "map $request_uri $gone_list_path {\n    \"~^(?<gone_list_p>[^?]*)\" $gone_list_p;\n}\n\n",
        );
        // nginx matches a map's strings without regard to case: an exact row's value holds
        // its path, which the next map compares with the request's, case and all.
        out.push_str("map $gone_list_path $gone_list_row {\n    default \"\";\n");
        let mut redirects = String::new();
        for (key, value, to) in &lists.entries {
            let _ = writeln!(out, "    {key} {value};");
            if let Some((to, _)) = to {
                let _ = writeln!(redirects, "    {key} {};", quote(to));
            }
        }
        out.push_str("}\n\n");
        // The row's answer when it answers this method and, for an exact row, this path as
        // written: `N METHOD PATH` for an exact row, `N METHOD` for a prefix (whose regex
        // already matched case and all), METHOD `*` for every one and GET also answering HEAD.
        out.push_str(concat!(
            "map \"$gone_list_row $request_method $gone_list_path\" $gone_list {\n",
            "    default \"\";\n",
            "    \"~^([0-9]+) \\* ([^ ]+) [A-Z]+ \\2$\" $1;\n",
            "    \"~^([0-9]+) GET ([^ ]+) (?:GET|HEAD) \\2$\" $1;\n",
            "    \"~^([0-9]+) ([A-Z]+) ([^ ]+) \\2 \\3$\" $1;\n",
            "    \"~^([0-9]+) \\* [A-Z]+ [^ ]*$\" $1;\n",
            "    \"~^([0-9]+) GET (?:GET|HEAD) [^ ]*$\" $1;\n",
            "    \"~^([0-9]+) ([A-Z]+) \\2 [^ ]*$\" $1;\n",
            "}\n",
        ));
        if !redirects.is_empty() {
            let _ = write!(
                out,
                "\nmap $gone_list_path $gone_list_to {{\n    default \"\";\n{redirects}}}\n"
            );
            out.push_str("\nmap $gone_list_path $gone_list_fragment {\n    default \"\";\n");
            for (key, _, to) in &lists.entries {
                if let Some((_, Some(fragment))) = to {
                    let _ = writeln!(out, "    {key} {};", quote(fragment));
                }
            }
            out.push_str("}\n");
        }
        Ok(out)
    }
}

/// The lists of a manifest as nginx answers them: [`EdgeLists`] (a `$` in a map's value is
/// read as a variable), and one map entry per row.
struct NginxLists {
    lists: EdgeLists,
    /// Each row: its map key (quoted, `~regex` for a prefix), its value (`"N METHOD PATH"`,
    /// or `"N METHOD"` for a prefix), and a redirect's `to` before its fragment, with the
    /// fragment. Exact paths first, then prefixes, longest first: nginx tries a map's
    /// regexes in order.
    entries: Vec<MapEntry>,
}

/// One row in the maps: key, value, and a redirect's `to` (before its fragment) and fragment.
type MapEntry = (String, String, Option<(String, Option<String>)>);

impl NginxLists {
    fn of(manifest: &Manifest) -> NginxLists {
        // nginx's map keys ignore case: a path that differs from one before only in case is
        // the app's.
        let mut lower = std::collections::HashSet::new();
        let lists = EdgeLists::of_refusing(manifest, &['$'], |row| {
            let unseen = row.is_prefix() || lower.insert(row.path().to_ascii_lowercase());
            (!unseen).then_some("matches paths without regard to case, and another row differs only in case")
        });
        let entry = |r: &EdgeRow| {
            let (id, row) = (r.slot, r.row);
            let value = match row.is_prefix() {
                true => quote(&format!("{id} {}", row.method())),
                false => quote(&format!("{id} {} {}", row.method(), row.path())),
            };
            let to = row.to().map(|to| match to.split_once('#') {
                Some((before, fragment)) => (before.to_string(), Some(format!("#{fragment}"))),
                None => (to.to_string(), None),
            });
            let key = match row.path().strip_suffix('*') {
                Some(folder) => quote(&format!("~^{}.", regex_lite::escape(folder))),
                None => quote(row.path()),
            };
            (key, value, to)
        };
        let mut entries: Vec<MapEntry> = lists.exact().map(entry).collect();
        entries.extend(lists.prefixes_longest_first().into_iter().map(entry));
        NginxLists { lists, entries }
    }
}

/// The regex over `"$request_method $request_uri"` of a route: its methods, then its path
/// over the raw URI, each parameter a group `gone_N` (N its place among the parts, from 1)
/// and, when `query`, the query string with its `?` in `gone_q`. A pattern with a custom
/// regex refuses a `%` in the path: the app matches that regex against the decoded text.
fn nginx_request(methods: &[&str], parts: &[pattern::Part<'_>], query: bool) -> String {
    let mut re = format!(
        "^(?:{}) (?=[{}]*$)",
        methods.join("|"),
        URI_CHARS.replace('$', "\\$")
    );
    if parts
        .iter()
        .any(|p| matches!(p, pattern::Part::Param { regex: Some(_), .. }))
    {
        re.push_str("(?![^?]*%)");
    }
    for (i, part) in parts.iter().enumerate() {
        match part {
            pattern::Part::Text(text) => re.push_str(&regex_lite::escape(text)),
            pattern::Part::Param { regex, tail, .. } => {
                let _ = write!(re, "(?<gone_{}>{})", i + 1, raw_inner(*regex, *tail));
            }
        }
    }
    re.push_str(if query {
        "(?<gone_q>\\?.*)?$"
    } else {
        "(?:\\?.*)?$"
    });
    re
}

fn answer(out: &mut String, r: &RetiredRoute, indent: &str) {
    retired_answer(out, r.response(), 410, indent);
}

/// The lines that answer `status` with a retired response: its headers and its JSON body.
fn retired_answer(out: &mut String, response: &crate::statics::Retired, status: u16, indent: &str) {
    let [cache_control, sunset, link] = response.header_values();
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
        "{indent}return {status} {};",
        quote(&response.json.replace('$', "\\u0024"))
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
