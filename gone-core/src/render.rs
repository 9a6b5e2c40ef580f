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
/// let r = Removal { reason: "Gone for good", since: None, link: Some("https://e.x/m"), max_age: 60, legal: false };
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
    /// A removal on a legal demand: `451 Unavailable For Legal Reasons` (RFC 7725), its
    /// `link` the authority behind the demand (`rel="blocked-by"`), and no `Sunset`.
    pub legal: bool,
}

impl Removal<'_> {
    /// The status line's words: `410 Gone` or `451 Unavailable For Legal Reasons`.
    pub fn heading(&self) -> &'static str {
        if self.legal {
            "451 Unavailable For Legal Reasons"
        } else {
            "410 Gone"
        }
    }

    /// The `application/problem+json` body (RFC 9457).
    pub fn json(&self) -> String {
        let (title, status) = match self.legal {
            true => ("Unavailable For Legal Reasons", 451),
            false => ("Gone", 410),
        };
        let mut json = format!(
            r#"{{"type":"about:blank","title":"{title}","status":{status},"detail":{}"#,
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

    /// The `text/html` body in the site's own page when there is one, else [`html`](Self::html).
    ///
    /// ```
    /// use gone_core::{page::Template, Removal};
    /// let t = Template::parse("<main>{{title}}: {{reason}} ({{since}})</main>").unwrap();
    /// let r = Removal { reason: "Gone <now>", since: gone_core::Date::parse("2025-03-01").ok(), link: None, max_age: 60, legal: false };
    /// assert_eq!(r.html_with(Some(&t)), "<main>410 Gone: Gone &lt;now&gt; (2025-03-01)</main>");
    /// ```
    pub fn html_with(&self, page: Option<&crate::page::Template>) -> String {
        let Some(template) = page else {
            return self.html();
        };
        let since = self.since.map(|d| d.to_string());
        template.render(&crate::page::Page {
            title: self.heading(),
            status: if self.legal { 451 } else { 410 },
            reason: self.reason,
            since: since.as_deref(),
            link: self.link,
            until: None,
            to: None,
        })
    }

    /// The `text/html` body, with `noindex`.
    pub fn html(&self) -> String {
        let mut html = page_head(self.heading(), true);
        html.push_str(&format!(
            "<body>\n<h1>{heading}</h1>\n<p>{}</p>\n",
            escape_html(self.reason),
            heading = self.heading()
        ));
        if let Some(since) = self.since {
            html.push_str(&format!(
                "<p>Removed on <time datetime=\"{since}\">{since}</time>.</p>\n"
            ));
        }
        if let Some(link) = self.link {
            let link = escape_html(link);
            let words = if self.legal {
                "Blocked at the demand of"
            } else {
                "See"
            };
            html.push_str(&format!("<p>{words} <a href=\"{link}\">{link}</a></p>\n"));
        }
        html.push_str("</body>\n</html>\n");
        html
    }

    /// The `text/plain` body.
    pub fn text(&self) -> String {
        let mut text = format!("{}: {}\n", self.heading(), self.reason);
        if let Some(since) = self.since {
            text.push_str(&format!("Removed on {since}.\n"));
        }
        if let Some(link) = self.link {
            let words = if self.legal {
                "Blocked at the demand of"
            } else {
                "See"
            };
            text.push_str(&format!("{words} {link}\n"));
        }
        text
    }

    /// The `Cache-Control` value.
    pub fn cache_control(&self) -> String {
        format!("public, max-age={}", self.max_age)
    }

    /// The `Sunset` value, when the date is known (never for a legal removal, which may be
    /// lifted).
    pub fn sunset(&self) -> Option<String> {
        self.since.filter(|_| !self.legal).map(Date::imf_fixdate)
    }

    /// The `Link` value, when a link is given: `rel="sunset"`, or `rel="blocked-by"` for a
    /// legal removal (RFC 7725 §4).
    pub fn link_header(&self) -> Option<String> {
        let rel = if self.legal { "blocked-by" } else { "sunset" };
        self.link.map(|l| format!("<{l}>; rel=\"{rel}\""))
    }
}

/// The start of every HTML page the library writes, up to `<body>`: UTF-8, the device's width
/// (readable on a phone: SPEC §16), `noindex` for a removed page, the title, and a few lines of
/// style so that a long reason or link wraps instead of scrolling sideways. `title` is
/// escaped here.
///
/// ```
/// let head = gone_core::page_head("410 Gone", true);
/// assert!(head.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
/// assert!(head.ends_with("</head>\n"));
/// ```
pub fn page_head(title: &str, noindex: bool) -> String {
    let robots = match noindex {
        true => "<meta name=\"robots\" content=\"noindex\">\n",
        false => "",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n{robots}\
         <title>{}</title>\n\
         <style>body{{font-family:system-ui,sans-serif;line-height:1.5;max-width:40em;margin:2em auto;padding:0 1em;overflow-wrap:anywhere}}</style>\n\
         </head>\n",
        escape_html(title)
    )
}

impl Response {
    /// Writes the bodies and header values. The inputs are expected to have passed
    /// [`check_reason`](crate::check_reason) and [`check_link`](crate::check_link).
    pub fn render(reason: &str, since: Option<Date>, link: Option<&str>, max_age: u32) -> Response {
        Response::render_with(reason, since, link, max_age, None)
    }

    /// [`render`](Self::render), the HTML body in the site's own page when there is one.
    pub fn render_with(
        reason: &str,
        since: Option<Date>,
        link: Option<&str>,
        max_age: u32,
        page: Option<&crate::page::Template>,
    ) -> Response {
        let r = Removal {
            reason,
            since,
            link,
            max_age,
            legal: false,
        };
        Response {
            json: r.json(),
            html: r.html_with(page),
            text: r.text(),
            cache_control: r.cache_control(),
            sunset: r.sunset(),
            link: r.link_header(),
        }
    }
}
