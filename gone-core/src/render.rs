use crate::{escape_html, json_string, Date};

/// The three 410 bodies and the header values for one removal, written once.
///
/// The macro writes them at compile time into string literals; the runtime writes them when
/// content is removed at run time.
///
/// ```
/// use gone_core::{Date, Response};
/// let r = Response::render("Gone for good", Some(Date::parse("2025-03-01").unwrap()), None, 60);
/// assert_eq!(r.cache_control, "public, max-age=60");
/// assert_eq!(r.sunset.as_deref(), Some("Sat, 01 Mar 2025 00:00:00 GMT"));
/// assert!(r.json.contains(r#""detail":"Gone for good""#));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// `application/problem+json` (RFC 9457).
    pub json: String,
    /// `text/html; charset=utf-8`, with `noindex`.
    pub html: String,
    /// `text/plain; charset=utf-8`.
    pub text: String,
    /// `Cache-Control` value.
    pub cache_control: String,
    /// `Sunset` value (RFC 8594), when the date of removal is known.
    pub sunset: Option<String>,
    /// `Link` value with `rel="sunset"`, when a migration link is given.
    pub link: Option<String>,
}

impl Response {
    /// Writes the bodies and header values. The inputs are expected to have passed
    /// [`check_reason`](crate::check_reason) and [`check_link`](crate::check_link).
    pub fn render(reason: &str, since: Option<Date>, link: Option<&str>, max_age: u32) -> Response {
        let mut json = format!(
            r#"{{"type":"about:blank","title":"Gone","status":410,"detail":{}"#,
            json_string(reason)
        );
        if let Some(since) = since {
            json.push_str(&format!(r#","since":"{since}""#));
        }
        if let Some(link) = link {
            json.push_str(&format!(r#","link":{}"#, json_string(link)));
        }
        json.push('}');

        let mut html = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"robots\" content=\"noindex\">\n<title>410 Gone</title>\n</head>\n\
             <body>\n<h1>410 Gone</h1>\n<p>{}</p>\n",
            escape_html(reason)
        );
        if let Some(since) = since {
            html.push_str(&format!(
                "<p>Removed on <time datetime=\"{since}\">{since}</time>.</p>\n"
            ));
        }
        if let Some(link) = link {
            let link = escape_html(link);
            html.push_str(&format!("<p>See <a href=\"{link}\">{link}</a></p>\n"));
        }
        html.push_str("</body>\n</html>\n");

        let mut text = format!("410 Gone: {reason}\n");
        if let Some(since) = since {
            text.push_str(&format!("Removed on {since}.\n"));
        }
        if let Some(link) = link {
            text.push_str(&format!("See {link}\n"));
        }

        Response {
            json,
            html,
            text,
            cache_control: format!("public, max-age={max_age}"),
            sunset: since.map(Date::imf_fixdate),
            link: link.map(|l| format!("<{l}>; rel=\"sunset\"")),
        }
    }
}
