//! The answer of a moved route: its status, a `Location` built from `to` with the values the
//! request matched (as they arrived, percent-encoding kept) and the request's query string,
//! `Cache-Control`, and a short body naming the new location.

use crate::accept::{self, Format};
use crate::pattern;
use crate::response::{static_value, HTML, TEXT, VARY_ACCEPT};
use crate::statics::MovedRoute;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use gone_core::target::Piece;
use regex_lite::Regex;

impl MovedRoute {
    /// Where this request is sent: `to`, each `{name}` replaced by the value the request
    /// matched, and the request's query string when `to` has none.
    pub(crate) fn location(&self, req: &HttpRequest) -> String {
        let redirect = self.redirect();
        let raw = req.uri().path();
        let mut out = String::with_capacity(redirect.to.len() + 16);
        let mut found = None;
        let mut fragment = None;
        for piece in redirect.pieces {
            match *piece {
                Piece::Text(text) => match text.split_once('#') {
                    // The query string goes before a fragment of `to`.
                    Some((before, after)) if fragment.is_none() => {
                        out.push_str(before);
                        fragment = Some(out.len());
                        out.push('#');
                        out.push_str(after);
                    }
                    _ => out.push_str(text),
                },
                Piece::Param(name) => {
                    let captures = found.get_or_insert_with(|| self.captures_of(raw));
                    match captures.as_ref().and_then(|c| c.name(name)) {
                        Some(value) => push_raw(&mut out, value.as_str()),
                        // The raw path spells the pattern's text with escapes (`/%761/...`):
                        // the value from the path actix-web matched, escapes it kept (`%2F`)
                        // kept, and what a path cannot hold encoded again.
                        None => {
                            let matched = req.match_info().as_str();
                            let value = self
                                .captures_of(matched)
                                .and_then(|c| c.name(name).map(|v| v.as_str()))
                                // Not the path the pattern describes (a prefix added by hand,
                                // say): the value actix-web's router gave the parameter.
                                .or_else(|| req.match_info().get(name))
                                .unwrap_or("");
                            encode_into(&mut out, value);
                        }
                    }
                }
            }
        }
        if let Some(query) = req.uri().query().filter(|_| !redirect.has_query) {
            let at = fragment.unwrap_or(out.len());
            out.insert_str(at, query);
            out.insert(at, '?');
        }
        keep_on_this_host(&mut out);
        out
    }

    /// The groups of this route's pattern over the raw path, if it matches.
    fn captures_of<'p>(&self, raw: &'p str) -> Option<regex_lite::Captures<'p>> {
        let re = self.captures().get_or_init(|| {
            let parts = pattern::parts(self.path())?;
            Regex::new(&pattern::capturing_regex(&parts)).ok()
        });
        re.as_ref()?.captures(raw)
    }

    /// The redirect for `req`.
    pub(crate) fn response(&self, req: &HttpRequest) -> HttpResponse {
        let redirect = self.redirect();
        let location = self.location(req);
        redirect_response(
            redirect.status,
            redirect.cache_control,
            redirect.reason,
            location,
            redirect.page,
            req,
        )
    }
}

/// `to`, a fixed target (a listed row's), with the request's query string when `to` has
/// none, before a fragment of `to`.
pub(crate) fn fixed_location(to: &str, req: &HttpRequest) -> String {
    let mut out = to.to_string();
    if let Some(query) = req.uri().query().filter(|_| !to.contains('?')) {
        let at = to.find('#').unwrap_or(to.len());
        out.insert_str(at, query);
        out.insert(at, '?');
    }
    keep_on_this_host(&mut out);
    out
}

/// A permanent redirect to `location`: 301 or 308 (the macro writes one of them), a short
/// body naming the new location, `Cache-Control`, `Vary: Accept`.
pub(crate) fn redirect_response(
    status: u16,
    cache_control: &'static str,
    reason: Option<&str>,
    location: String,
    page: Option<&crate::page::SitePage>,
    req: &HttpRequest,
) -> HttpResponse {
    let status = match status {
        301 => StatusCode::MOVED_PERMANENTLY,
        _ => StatusCode::PERMANENT_REDIRECT,
    };
    let heading = match status.as_u16() {
        301 => "301 Moved Permanently",
        _ => "308 Permanent Redirect",
    };
    let (content_type, body) = match accept::redirect_format_for(req) {
        Format::Html => {
            let templated = page.and_then(crate::page::SitePage::template).map(|t| {
                t.render(&gone_core::page::Page {
                    title: heading,
                    status: status.as_u16(),
                    reason: reason.unwrap_or("This page has a new address."),
                    since: None,
                    link: None,
                    until: None,
                    to: Some(&location),
                })
            });
            (
                HTML,
                templated.unwrap_or_else(|| html(heading, &location, reason)),
            )
        }
        _ => (TEXT, text(heading, &location, reason)),
    };
    let mut res = HttpResponse::build(status).body(body);
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(header::VARY, VARY_ACCEPT);
    if let Some(cache) = static_value(cache_control) {
        headers.insert(header::CACHE_CONTROL, cache);
    }
    // Every piece was checked to be URI characters, and a raw path holds only those.
    if let Ok(location) = HeaderValue::try_from(location) {
        headers.insert(header::LOCATION, location);
    }
    res
}

fn text(heading: &str, location: &str, reason: Option<&str>) -> String {
    let mut out = format!("{heading}: {location}\n");
    if let Some(reason) = reason {
        out.push_str(reason);
        out.push('\n');
    }
    out
}

fn html(heading: &str, location: &str, reason: Option<&str>) -> String {
    let location = gone_core::escape_html(location);
    let mut out = gone_core::page_head(heading, false);
    out.push_str(&format!(
        "<body>\n<h1>{heading}</h1>\n<p>Moved to <a href=\"{location}\">{location}</a>.</p>\n"
    ));
    if let Some(reason) = reason {
        out.push_str(&format!("<p>{}</p>\n", gone_core::escape_html(reason)));
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// A path-only `Location` never names another host. `to` was checked at compile time to be
/// `/...` and not `//...`, but a value put in at its start can make it `//host/...` or
/// `/\\host/...`, which clients resolve to another host (an open redirect). RFC 3986 §3.3
/// says a path without an authority cannot begin with `//`, and §2.2 that a delimiter that is
/// data is percent-encoded: the value's first character is sent as `%2F` (or `%5C`), and the
/// client stays on this host. An absolute `to` has its host written out in full (the macro
/// refuses a `{name}` before the path), so no value can change it.
pub(crate) fn keep_on_this_host(location: &mut String) {
    let second = match location.as_bytes() {
        [b'/', second, ..] => *second,
        _ => return,
    };
    match second {
        b'/' => location.replace_range(1..2, "%2F"),
        b'\\' => location.replace_range(1..2, "%5C"),
        _ => {}
    }
}

/// A value as it arrived, escapes kept, but for the bytes a `Location` cannot carry as they
/// are (a `"`, `<`, `>`, `{`, `|`, `^`, a backtick, which the request line may still hold),
/// percent-encoded. `\\` stays as it came, as the edges send it; at the start it is encoded by
/// [`keep_on_this_host`].
fn push_raw(out: &mut String, value: &str) {
    if value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?%\\".contains(&b))
    {
        out.push_str(value);
        return;
    }
    for c in value.chars() {
        if c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?%\\".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
}

/// `value` with every byte a URI path cannot hold as it is percent-encoded.
fn encode_into(out: &mut String, value: &str) {
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@%/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_never_names_another_host() {
        for (built, sent) in [
            ("//evil.example/phish", "/%2Fevil.example/phish"),
            ("/\\evil.example/phish", "/%5Cevil.example/phish"),
            ("/%2F%2Fevil.example", "/%2F%2Fevil.example"),
            ("/v2//x", "/v2//x"),
            ("/", "/"),
            ("https://example.com//x", "https://example.com//x"),
        ] {
            let mut location = built.to_string();
            keep_on_this_host(&mut location);
            assert_eq!(location, sent);
        }
    }

    #[test]
    fn a_raw_value_keeps_its_escapes_but_not_what_a_location_cannot_carry() {
        let mut out = String::new();
        push_raw(&mut out, "a%2Fb\\c\"d<e>é");
        assert_eq!(out, "a%2Fb\\c%22d%3Ce%3E%C3%A9");
    }

    #[test]
    fn encodes_what_a_path_cannot_hold() {
        let mut out = String::new();
        encode_into(&mut out, "a b/é?#");
        assert_eq!(out, "a%20b/%C3%A9%3F%23");
    }
}
