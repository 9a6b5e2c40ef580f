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

/// One removal, as the bodies and header values describe it. Each is written on its own, so
/// that content removed at run time writes only the body a request asked for.
///
/// ```
/// use gone_core::Removal;
/// let r = Removal { reason: "Gone for good", since: None, link: Some("https://e.x/m"), max_age: 60 };
/// assert_eq!(r.link_header().as_deref(), Some(r#"<https://e.x/m>; rel="sunset""#));
/// assert!(r.text().starts_with("410 Gone: Gone for good\n"));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Removal<'a> {
    /// Why; expected to have passed [`check_reason`](crate::check_reason).
    pub reason: &'a str,
    /// When, if known.
    pub since: Option<Date>,
    /// Migration notes; expected to have passed [`check_link`](crate::check_link).
    pub link: Option<&'a str>,
    /// Seconds for `Cache-Control`.
    pub max_age: u32,
}

impl Removal<'_> {
    /// The `application/problem+json` body (RFC 9457).
    pub fn json(&self) -> String {
        let mut json = format!(
            r#"{{"type":"about:blank","title":"Gone","status":410,"detail":{}"#,
            json_string(self.reason)
        );
        if let Some(since) = self.since {
            json.push_str(&format!(r#","since":"{since}""#));
        }
        if let Some(link) = self.link {
            json.push_str(&format!(r#","link":{}"#, json_string(link)));
        }
        json.push('}');
        json
    }

    /// The `text/html` body, with `noindex`.
    pub fn html(&self) -> String {
        let mut html = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"robots\" content=\"noindex\">\n<title>410 Gone</title>\n</head>\n\
             <body>\n<h1>410 Gone</h1>\n<p>{}</p>\n",
            escape_html(self.reason)
        );
        if let Some(since) = self.since {
            html.push_str(&format!(
                "<p>Removed on <time datetime=\"{since}\">{since}</time>.</p>\n"
            ));
        }
        if let Some(link) = self.link {
            let link = escape_html(link);
            html.push_str(&format!("<p>See <a href=\"{link}\">{link}</a></p>\n"));
        }
        html.push_str("</body>\n</html>\n");
        html
    }

    /// The `text/plain` body.
    pub fn text(&self) -> String {
        let mut text = format!("410 Gone: {}\n", self.reason);
        if let Some(since) = self.since {
            text.push_str(&format!("Removed on {since}.\n"));
        }
        if let Some(link) = self.link {
            text.push_str(&format!("See {link}\n"));
        }
        text
    }

    /// The `Cache-Control` value.
    pub fn cache_control(&self) -> String {
        format!("public, max-age={}", self.max_age)
    }

    /// The `Sunset` value, when the date is known.
    pub fn sunset(&self) -> Option<String> {
        self.since.map(Date::imf_fixdate)
    }

    /// The `Link` value with `rel="sunset"`, when a link is given.
    pub fn link_header(&self) -> Option<String> {
        self.link.map(|l| format!("<{l}>; rel=\"sunset\""))
    }
}

impl Response {
    /// Writes the bodies and header values. The inputs are expected to have passed
    /// [`check_reason`](crate::check_reason) and [`check_link`](crate::check_link).
    pub fn render(reason: &str, since: Option<Date>, link: Option<&str>, max_age: u32) -> Response {
        let r = Removal {
            reason,
            since,
            link,
            max_age,
        };
        Response {
            json: r.json(),
            html: r.html(),
            text: r.text(),
            cache_control: r.cache_control(),
            sunset: r.sunset(),
            link: r.link_header(),
        }
    }
}
