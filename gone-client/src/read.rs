//! Reading one response into notices: the headers of RFC 9745 (`Deprecation`), RFC 8594
//! (`Sunset`), RFC 8288 (`Link`), RFC 9110 (`Retry-After`, `Cache-Control`, `Location`) and
//! the problem body of RFC 9457. Nothing here panics on any input, and a header that cannot
//! be read is a [`Malformed`] notice, never a guess.

use crate::notice::{Brownout, Deprecated, Deprecation, Links, Malformed, Moved, Notice, Removed};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A response as this crate reads it, whatever the client that received it: for a client of
/// your own, fill it in and call [`GoneClient::observe`](crate::GoneClient::observe).
#[derive(Debug, Clone, Copy)]
pub struct Response<'a> {
    /// The request's method: `GET`.
    pub method: &'a str,
    /// The request's URL, absolute.
    pub url: &'a str,
    pub status: u16,
    /// Every header of the response, its name in any case, its value as received.
    pub headers: &'a [(&'a str, &'a [u8])],
    /// The body of a 410 or a 451, when it was read (the middlewares read it, up to 64 KiB, to
    /// get the problem's `detail`, `since` and `link`).
    pub body: Option<&'a [u8]>,
}

/// The longest value quoted back in a [`Malformed`] notice, in bytes.
const QUOTED: usize = 256;

struct Reader<'a> {
    response: &'a Response<'a>,
    url: String,
    malformed: Vec<Notice>,
}

impl<'a> Reader<'a> {
    fn values<'n>(&self, name: &'n str) -> impl Iterator<Item = &'a [u8]> + 'n
    where
        'a: 'n,
    {
        self.response
            .headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }

    fn malformed(&mut self, header: &'static str, value: &[u8], why: impl Into<String>) {
        let mut end = value.len().min(QUOTED);
        let text = loop {
            match std::str::from_utf8(&value[..end]) {
                Ok(s) => break s.to_string(),
                Err(e) if e.valid_up_to() > 0 => end = e.valid_up_to(),
                Err(_) => break String::from_utf8_lossy(&value[..end]).into_owned(),
            }
        };
        self.malformed.push(Notice::Malformed(Malformed {
            method: self.response.method.to_string(),
            url: self.url.clone(),
            header,
            value: text,
            why: why.into(),
        }));
    }

    /// The value as visible ASCII text (RFC 9110 field values may hold other bytes, but none
    /// of the fields read here does), or a malformed notice.
    fn text(&mut self, header: &'static str, value: &'a [u8]) -> Option<&'a str> {
        match std::str::from_utf8(value) {
            Ok(s) if s.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b)) => Some(s.trim()),
            _ => {
                self.malformed(header, value, "bytes a field value of its kind never holds");
                None
            }
        }
    }

    /// The first value of `header`, as text.
    fn first(&mut self, header: &'static str) -> Option<&'a str> {
        let value = self.values(header).next()?;
        self.text(header, value)
    }
}

/// The URL without its query string or fragment.
pub(crate) fn without_query(url: &str) -> &str {
    let end = url
        .bytes()
        .position(|b| b == b'?' || b == b'#')
        .unwrap_or(url.len());
    &url[..end]
}

/// The headers a notice is read from, but for a 410's or 451's own.
const READ: [&str; 4] = ["deprecation", "sunset", "link", "location"];

/// Whether `response` may give a notice at all: a 410, a 451, a redirect (when `moved`), or an
/// answer with `Deprecation` or `Sunset`. Most answers give none, and cost one look at their
/// header names.
pub(crate) fn may_say(response: &Response<'_>, moved: bool) -> bool {
    matches!(response.status, 410 | 451)
        || (moved && matches!(response.status, 301 | 308))
        || response
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("deprecation") || n.eq_ignore_ascii_case("sunset"))
}

/// What the notices of a served or moved answer depend on, when nothing else does (not the
/// clock, not a body): its method, its URL without the query string, its status and the
/// headers read. `None` for a 410 or a 451, whose notices are read every time.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct MemoKey {
    method: String,
    url: String,
    status: u16,
    read: Vec<(u8, Vec<u8>)>,
}

/// [`MemoKey`]'s hash for `response`, without building the key.
pub(crate) fn memo_hash(response: &Response<'_>) -> Option<u64> {
    if matches!(response.status, 410 | 451) {
        return None;
    }
    // A multiply-rotate hash, eight bytes at a time: a match is checked whole ([`MemoKey::is_of`]),
    // so the hash needs to be quick, not strong.
    let mut h = Fx(u64::from(response.status));
    h.bytes(response.method.as_bytes());
    h.bytes(without_query(response.url).as_bytes());
    for (i, value) in read_headers(response) {
        h.add(u64::from(i) + 1);
        h.bytes(value);
    }
    Some(h.0)
}

struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn bytes(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let mut last = [0; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.add(u64::from_le_bytes(last) ^ ((bytes.len() as u64) << 56));
    }
}

/// The index in [`READ`] of a header's name.
fn read_index(name: &str) -> Option<u8> {
    let i = match name.len() {
        11 => 0,
        6 => 1,
        4 => 2,
        8 => 3,
        _ => return None,
    };
    name.eq_ignore_ascii_case(READ[i]).then_some(i as u8)
}

impl MemoKey {
    pub(crate) fn of(response: &Response<'_>) -> MemoKey {
        MemoKey {
            method: response.method.to_string(),
            url: without_query(response.url).to_string(),
            status: response.status,
            read: read_headers(response).map(|(i, v)| (i, v.to_vec())).collect(),
        }
    }

    /// Whether this is `response`'s key.
    pub(crate) fn is_of(&self, response: &Response<'_>) -> bool {
        if self.status != response.status
            || self.method != response.method
            || self.url != without_query(response.url)
        {
            return false;
        }
        let mut mine = self.read.iter();
        for (j, w) in read_headers(response) {
            match mine.next() {
                Some((i, v)) if *i == j && v.as_slice() == w => {}
                _ => return false,
            }
        }
        mine.next().is_none()
    }
}

/// The headers of [`READ`] in `response`, in its order, each with its index in [`READ`].
fn read_headers<'r>(response: &'r Response<'r>) -> impl Iterator<Item = (u8, &'r [u8])> + 'r {
    response
        .headers
        .iter()
        .filter_map(|(name, value)| read_index(name).map(|i| (i, *value)))
}

/// Every notice `response` gives, the malformed headers first. `moved`: whether a 301 or 308
/// is a notice.
pub(crate) fn read(response: &Response<'_>, now: SystemTime, moved: bool) -> Vec<Notice> {
    let mut r = Reader {
        response,
        url: without_query(response.url).to_string(),
        malformed: Vec::new(),
    };
    let (links, blocked_by) = links(&mut r);
    let sunset = r
        .first("sunset")
        .and_then(|v| match httpdate::parse_http_date(v) {
            Ok(t) => Some(t),
            Err(_) => {
                r.malformed("sunset", v.as_bytes(), "not an HTTP-date (RFC 8594)");
                None
            }
        });
    let deprecation = r.first("deprecation").and_then(|v| deprecation(&mut r, v));
    let method = response.method.to_string();
    let url = r.url.clone();
    let notice = match response.status {
        410 => {
            let problem = Problem::of(response.body);
            let retry = r.first("retry-after").and_then(|v| retry_after(&mut r, v, now));
            let no_store = r
                .values("cache-control")
                .filter_map(|v| std::str::from_utf8(v).ok())
                .flat_map(|v| v.split(','))
                .any(|d| {
                    d.split('=')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .eq_ignore_ascii_case("no-store")
                });
            match (retry, no_store) {
                (None, false) => Some(Notice::Removed(Removed {
                    method,
                    url,
                    status: 410,
                    reason: problem.detail,
                    since: problem.since,
                    link: problem.link.or_else(|| links.sunset.first().cloned()),
                    sunset,
                    links,
                })),
                (retry, _) => Some(Notice::Brownout(Brownout {
                    method,
                    url,
                    until: retry.map(|(until, _)| until),
                    retry_after: retry.and_then(|(_, secs)| secs),
                    detail: problem.detail,
                    sunset,
                    links,
                })),
            }
        }
        451 => {
            let problem = Problem::of(response.body);
            Some(Notice::Removed(Removed {
                method,
                url,
                status: 451,
                reason: problem.detail,
                since: problem.since,
                link: problem.link.or(blocked_by),
                sunset,
                links,
            }))
        }
        status @ (301 | 308) if moved => r.first("location").map(|to| {
            let to = url::Url::parse(response.url)
                .and_then(|base| base.join(to))
                .map(|u| u.to_string())
                .unwrap_or_else(|_| to.to_string());
            Notice::Moved(Moved {
                method,
                url,
                status,
                to,
            })
        }),
        _ if deprecation.is_some() || sunset.is_some() => Some(Notice::Deprecated(Deprecated {
            method,
            url,
            deprecation,
            sunset,
            links,
        })),
        _ => None,
    };
    let mut out = r.malformed;
    out.extend(notice);
    out
}

/// `Deprecation`: RFC 9745's structured date (`@1735689600`), or the drafts' `true` and
/// HTTP-date.
fn deprecation(r: &mut Reader<'_>, value: &str) -> Option<Deprecation> {
    if value.eq_ignore_ascii_case("true") {
        return Some(Deprecation::Unspecified);
    }
    if let Ok(item) = sfv::Parser::new(value).parse::<sfv::Item>() {
        return match item.bare_item {
            sfv::BareItem::Date(date) => match u64::try_from(i64::from(date.unix_seconds())) {
                Ok(secs) => Some(Deprecation::At(UNIX_EPOCH + Duration::from_secs(secs))),
                Err(_) => {
                    r.malformed("deprecation", value.as_bytes(), "a date before 1970");
                    None
                }
            },
            _ => {
                r.malformed(
                    "deprecation",
                    value.as_bytes(),
                    "not a date: RFC 9745 writes `@<unix seconds>`",
                );
                None
            }
        };
    }
    match httpdate::parse_http_date(value) {
        Ok(t) => Some(Deprecation::At(t)),
        Err(_) => {
            r.malformed(
                "deprecation",
                value.as_bytes(),
                "neither `@<unix seconds>` (RFC 9745) nor an HTTP-date",
            );
            None
        }
    }
}

/// `Retry-After`: an HTTP-date, or seconds (RFC 9110 §10.2.3): the instant, and the seconds
/// when it was sent so.
fn retry_after(r: &mut Reader<'_>, value: &str, now: SystemTime) -> Option<(SystemTime, Option<Duration>)> {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return match value.parse::<u64>() {
            Ok(secs) => {
                let wait = Duration::from_secs(secs);
                now.checked_add(wait).map(|until| (until, Some(wait)))
            }
            Err(_) => {
                r.malformed("retry-after", value.as_bytes(), "more seconds than a clock holds");
                None
            }
        };
    }
    match httpdate::parse_http_date(value) {
        Ok(t) => Some((t, None)),
        Err(_) => {
            r.malformed(
                "retry-after",
                value.as_bytes(),
                "neither seconds nor an HTTP-date (RFC 9110)",
            );
            None
        }
    }
}

/// The links of interest, and the first `blocked-by` (RFC 7725).
fn links(r: &mut Reader<'_>) -> (Links, Option<String>) {
    let mut links = Links::default();
    let mut blocked_by = None;
    let base = url::Url::parse(r.response.url)
        .or_else(|_| url::Url::parse("http://unknown.invalid/"))
        .expect("a literal URL");
    let values: Vec<&[u8]> = r.values("link").collect();
    for value in values {
        let Some(text) = r.text("link", value) else {
            continue;
        };
        let parsed = match http_link::parse_link_header(text, &base) {
            Ok(parsed) => parsed,
            Err(e) => {
                r.malformed("link", value, format!("not a Link field (RFC 8288): {e}"));
                continue;
            }
        };
        for link in parsed {
            // A link a client may follow or show: http(s) only (no `javascript:`, no `data:`).
            if !matches!(link.target.scheme(), "http" | "https") {
                r.malformed(
                    "link",
                    value,
                    format!("a link that is not http(s): {}", link.target.scheme()),
                );
                continue;
            }
            let target = link.target.to_string();
            match link.rel.to_ascii_lowercase().as_str() {
                "deprecation" => links.deprecation.push(target),
                "sunset" => links.sunset.push(target),
                "successor-version" => links.successor_version.push(target),
                "blocked-by" if blocked_by.is_none() => blocked_by = Some(target),
                _ => {}
            }
        }
    }
    (links, blocked_by)
}

/// What this crate reads of a problem body (RFC 9457), and of gone's own members.
#[derive(Default)]
struct Problem {
    detail: Option<String>,
    since: Option<String>,
    link: Option<String>,
}

impl Problem {
    fn of(body: Option<&[u8]>) -> Problem {
        let Some(serde_json::Value::Object(map)) = body.and_then(|b| serde_json::from_slice(b).ok()) else {
            return Problem::default();
        };
        let text = |key: &str| map.get(key).and_then(|v| v.as_str()).map(str::to_string);
        // The problem's link, only as an absolute http(s) URL (a client may follow or show it).
        let link =
            text("link").filter(|l| url::Url::parse(l).is_ok_and(|u| matches!(u.scheme(), "http" | "https")));
        Problem {
            detail: text("detail"),
            since: text("since"),
            link,
        }
    }
}
