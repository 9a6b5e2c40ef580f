//! Choosing the body from the request's `Accept` header (RFC 9110 §12.5.1), without
//! allocating: each offered format takes the weight of the most specific media range that
//! matches it; the highest weight wins, ties going to JSON, then HTML, then plain text.

use actix_web::http::header::HeaderValue;

/// The body formats a 410 is offered in, in the order that breaks ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// `application/problem+json` (RFC 9457).
    Json,
    /// `text/html; charset=utf-8`.
    Html,
    /// `text/plain; charset=utf-8`.
    Text,
}

impl Format {
    const ALL: [Format; 3] = [Format::Json, Format::Html, Format::Text];

    /// How specifically the media range `type/subtype` names this format: 2 for its own type,
    /// 1 for `type/*`, 0 for `*/*`, `None` when it does not match.
    fn matches(self, ty: &[u8], sub: &[u8]) -> Option<u8> {
        let eq = |a: &[u8], b: &str| a.eq_ignore_ascii_case(b.as_bytes());
        if ty == b"*" {
            return (sub == b"*").then_some(0);
        }
        let (want_ty, want_subs): (&str, &[&str]) = match self {
            Format::Json => ("application", &["problem+json", "json"]),
            Format::Html => ("text", &["html"]),
            Format::Text => ("text", &["plain"]),
        };
        if !eq(ty, want_ty) {
            return None;
        }
        if sub == b"*" {
            return Some(1);
        }
        want_subs.iter().any(|s| eq(sub, s)).then_some(2)
    }
}

/// The format for this request, from all its `Accept` field lines.
pub(crate) fn format_for(req: &actix_web::HttpRequest) -> Format {
    negotiate(req.headers().get_all(actix_web::http::header::ACCEPT))
}

/// Picks the format for a request whose `Accept` field lines are `values`.
///
/// No `Accept` at all (or one with no item that parses) means anything is acceptable, so JSON.
/// When no offered format is acceptable the answer is still a 410, in plain text.
pub(crate) fn negotiate<'a>(values: impl Iterator<Item = &'a HeaderValue>) -> Format {
    among(values, &Format::ALL).unwrap_or(Format::Json)
}

/// The body of a redirect, HTML or plain text: HTML when the request prefers it to plain
/// text, else plain text (a tie, as `*/*` gives, or no `Accept`: the answer a client that
/// follows the redirect never reads).
pub(crate) fn redirect_format_for(req: &actix_web::HttpRequest) -> Format {
    let values = req.headers().get_all(actix_web::http::header::ACCEPT);
    among(values, &[Format::Text, Format::Html]).unwrap_or(Format::Text)
}

/// The format of `offered` (in the order that breaks ties) the `Accept` field lines weigh
/// highest; plain text when none is acceptable; `None` when they hold no item at all.
fn among<'a>(values: impl Iterator<Item = &'a HeaderValue>, offered: &[Format]) -> Option<Format> {
    // Per format: (specificity, weight in thousandths) of the most specific match so far.
    let mut best: [Option<(u8, u16)>; 3] = [None; 3];
    let mut any_item = false;
    for value in values {
        for item in split_unquoted(value.as_bytes(), b',') {
            let Some(range) = MediaRange::parse(item) else {
                continue;
            };
            any_item = true;
            if range.foreign {
                continue;
            }
            for (slot, format) in best.iter_mut().zip(offered) {
                if let Some(level) = format.matches(range.ty, range.sub) {
                    let level = level + u8::from(range.has_params);
                    match slot {
                        Some((l, q)) if *l == level => *q = (*q).max(range.q),
                        Some((l, _)) if *l > level => {}
                        _ => *slot = Some((level, range.q)),
                    }
                }
            }
        }
    }
    if !any_item {
        return None;
    }
    let mut winner = Format::Text;
    let mut top = 0;
    for (slot, format) in best.iter().zip(offered) {
        if let Some((_, q)) = *slot {
            if q > top {
                top = q;
                winner = *format;
            }
        }
    }
    Some(winner)
}

struct MediaRange<'a> {
    ty: &'a [u8],
    sub: &'a [u8],
    /// Whether it has parameters other than the weight, which make it more specific.
    has_params: bool,
    /// Whether one of them is other than `charset=utf-8` (which all three bodies have): then
    /// the range names a representation we do not offer.
    foreign: bool,
    q: u16,
}

impl<'a> MediaRange<'a> {
    fn parse(item: &'a [u8]) -> Option<Self> {
        let mut parts = split_unquoted(item, b';');
        let range = trim(parts.next()?);
        if range.is_empty() {
            return None;
        }
        let slash = range.iter().position(|&b| b == b'/')?;
        let (ty, sub) = (&range[..slash], &range[slash + 1..]);
        if !is_token(ty) || !is_token(sub) || (ty == b"*" && sub != b"*") {
            return None;
        }
        let mut q = 1000;
        let mut has_params = false;
        let mut foreign = false;
        for param in parts {
            let param = trim(param);
            let eq = param.iter().position(|&b| b == b'=')?;
            let (name, value) = (trim(&param[..eq]), trim(&param[eq + 1..]));
            if !is_token(name) {
                return None;
            }
            if name.eq_ignore_ascii_case(b"q") {
                q = weight(value)?;
                // What follows the weight are accept-extensions, which do not select.
                break;
            }
            let value = value
                .strip_prefix(b"\"")
                .and_then(|v| v.strip_suffix(b"\""))
                .unwrap_or(value);
            has_params = true;
            foreign |= !(name.eq_ignore_ascii_case(b"charset") && value.eq_ignore_ascii_case(b"utf-8"));
        }
        Some(MediaRange {
            ty,
            sub,
            has_params,
            foreign,
            q,
        })
    }
}

/// RFC 9110 §12.4.2: `0` to `1` with at most three decimals, as thousandths.
fn weight(v: &[u8]) -> Option<u16> {
    match v {
        [d @ (b'0' | b'1')] => Some(u16::from(d - b'0') * 1000),
        [d @ (b'0' | b'1'), b'.', frac @ ..] if frac.len() <= 3 => {
            let mut n = u16::from(d - b'0') * 1000;
            let mut scale = 100;
            for &c in frac {
                if !c.is_ascii_digit() {
                    return None;
                }
                n += u16::from(c - b'0') * scale;
                scale /= 10;
            }
            (n <= 1000).then_some(n)
        }
        _ => None,
    }
}

fn is_token(s: &[u8]) -> bool {
    !s.is_empty()
        && s.iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn trim(s: &[u8]) -> &[u8] {
    s.trim_ascii()
}

/// Splits on `sep` outside double-quoted strings (which may hold `\"`).
fn split_unquoted(s: &[u8], sep: u8) -> impl Iterator<Item = &[u8]> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let s = rest?;
        let (mut quoted, mut escaped) = (false, false);
        for (i, &b) in s.iter().enumerate() {
            match b {
                _ if escaped => escaped = false,
                b'\\' if quoted => escaped = true,
                b'"' => quoted = !quoted,
                b if b == sep && !quoted => {
                    rest = Some(&s[i + 1..]);
                    return Some(&s[..i]);
                }
                _ => {}
            }
        }
        rest = None;
        Some(s)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(accept: &str) -> Format {
        negotiate(std::iter::once(&HeaderValue::from_str(accept).unwrap()))
    }

    #[test]
    fn absent_or_anything_is_json() {
        assert_eq!(negotiate(std::iter::empty()), Format::Json);
        assert_eq!(pick("*/*"), Format::Json);
        assert_eq!(pick(""), Format::Json);
        assert_eq!(pick("application/json"), Format::Json);
        assert_eq!(pick("application/problem+json"), Format::Json);
        assert_eq!(pick("application/*"), Format::Json);
    }

    #[test]
    fn browsers_get_html() {
        let firefox = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert_eq!(pick(firefox), Format::Html);
        let chrome = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";
        assert_eq!(pick(chrome), Format::Html);
        assert_eq!(
            pick("text/*"),
            Format::Html,
            "HTML breaks the tie with plain text"
        );
    }

    #[test]
    fn weights_decide() {
        assert_eq!(pick("text/plain"), Format::Text);
        assert_eq!(pick("text/html;q=0.5, text/plain"), Format::Text);
        assert_eq!(pick("application/json;q=0.1, text/html;q=0.2"), Format::Html);
        assert_eq!(pick("application/json;q=0.5, text/html;q=0.5"), Format::Json);
        assert_eq!(pick("text/plain;q=1.000, text/html;q=0.999"), Format::Text);
    }

    #[test]
    fn most_specific_range_sets_the_weight() {
        // `*/*` would give JSON 1, but its own range refuses it.
        assert_eq!(pick("application/json;q=0, */*"), Format::Html);
        assert_eq!(pick("*/*;q=0.1, text/html;q=0"), Format::Json);
        assert_eq!(
            pick("text/*;q=0.3, text/plain;q=0.9, text/html;q=0.2"),
            Format::Text
        );
        assert_eq!(
            pick("text/html;charset=utf-8;q=0.9, text/html;q=0.1"),
            Format::Html
        );
        assert_eq!(pick("text/html;q=0, text/html;charset=\"UTF-8\""), Format::Html);
    }

    #[test]
    fn nothing_acceptable_is_plain_text() {
        assert_eq!(pick("image/png"), Format::Text);
        assert_eq!(pick("*/*;q=0"), Format::Text);
        assert_eq!(
            pick("text/html;level=1"),
            Format::Text,
            "a parameter we do not have"
        );
        assert_eq!(pick("application/json;q=0, text/*;q=0"), Format::Text);
    }

    #[test]
    fn bad_items_are_skipped() {
        assert_eq!(pick("*/*;q=abc, text/plain"), Format::Text);
        assert_eq!(pick("*/*;q=abc"), Format::Json, "no usable item: as if absent");
        assert_eq!(pick("text/html;q=1.5, text/plain;q=0.5"), Format::Text);
        assert_eq!(pick("garbage, ;;, /, */html, text/, text/html"), Format::Html);
        assert_eq!(pick("text/html;q=0.12345, text/plain;q=0.1"), Format::Text);
        assert_eq!(pick(r#"text/x;a="1,2", text/html"#), Format::Html);
        assert_eq!(pick(",,,"), Format::Json);
    }

    #[test]
    fn several_field_lines_combine() {
        let a = HeaderValue::from_static("text/plain;q=0.5");
        let b = HeaderValue::from_static("text/html");
        assert_eq!(negotiate([&a, &b].into_iter()), Format::Html);
    }

    #[test]
    fn weights_parse_by_the_grammar() {
        assert_eq!(weight(b"0"), Some(0));
        assert_eq!(weight(b"1"), Some(1000));
        assert_eq!(weight(b"0.5"), Some(500));
        assert_eq!(weight(b"0.123"), Some(123));
        assert_eq!(weight(b"1.0"), Some(1000));
        assert_eq!(weight(b"1."), Some(1000));
        for bad in [&b"1.001"[..], b"2", b".5", b"0.1234", b"abc", b"", b"-0", b"0.a"] {
            assert_eq!(weight(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }
}
