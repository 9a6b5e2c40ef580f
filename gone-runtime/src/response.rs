//! The 410 response of a retired route: bodies and header values written at compile time,
//! chosen per request by `Accept`, and put in a response without copying.

use crate::accept::{self, Format};
use crate::manifest::RetiredRoute;
use actix_web::body::BoxBody;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use std::sync::OnceLock;

/// One retired handler: its response and its manifest entries, in one `static` that the
/// macro writes as a literal (one static per handler keeps the build cheap).
#[doc(hidden)]
pub struct Handler<const N: usize> {
    pub response: Retired,
    pub routes: [RetiredRoute; N],
}

/// The response of one retired handler, built in a `static` at compile time.
#[doc(hidden)]
pub struct Retired {
    pub since: &'static str,
    pub reason: &'static str,
    pub link: Option<&'static str>,
    pub json: &'static str,
    pub html: &'static str,
    pub text: &'static str,
    pub cache_control: &'static str,
    pub sunset: &'static str,
    pub link_header: Option<&'static str>,
    /// The three values as `HeaderValue`s, made on first use. Made in const evaluation
    /// instead, they cost the build a third more for 300 retired handlers; checked once at
    /// run time they cost nothing measurable, and the macro already checked them.
    pub headers: OnceLock<Headers>,
}

#[doc(hidden)]
pub struct Headers {
    cache_control: HeaderValue,
    sunset: HeaderValue,
    link: Option<HeaderValue>,
}

pub(crate) const SUNSET: HeaderName = HeaderName::from_static("sunset");
pub(crate) const PROBLEM_JSON: HeaderValue = HeaderValue::from_static("application/problem+json");
pub(crate) const HTML: HeaderValue = HeaderValue::from_static("text/html; charset=utf-8");
pub(crate) const TEXT: HeaderValue = HeaderValue::from_static("text/plain; charset=utf-8");
pub(crate) const VARY_ACCEPT: HeaderValue = HeaderValue::from_static("Accept");

impl Retired {
    fn headers(&self) -> &Headers {
        self.headers.get_or_init(|| {
            // The macro wrote these from checked input: visible ASCII only. Should one not be
            // (a hand-built `Retired`), it is left out rather than sent broken.
            let value = |s: &str| HeaderValue::from_str(s).ok();
            Headers {
                cache_control: value(self.cache_control)
                    .unwrap_or(HeaderValue::from_static("public, max-age=86400")),
                sunset: value(self.sunset).unwrap_or(HeaderValue::from_static("")),
                link: self.link_header.and_then(value),
            }
        })
    }

    /// The problem+json body.
    pub(crate) fn json(&self) -> &'static str {
        self.json
    }

    /// The values of `Cache-Control`, `Sunset` and `Link`, as sent.
    pub(crate) fn header_values(&self) -> [Option<&str>; 3] {
        [
            Some(self.cache_control),
            Some(self.sunset).filter(|s| !s.is_empty()),
            self.link_header,
        ]
    }

    /// The 410 in the given format. Cloning a static `HeaderValue` copies a pointer.
    pub(crate) fn response(&self, format: Format) -> HttpResponse {
        let (content_type, body) = match format {
            Format::Json => (PROBLEM_JSON, self.json),
            Format::Html => (HTML, self.html),
            Format::Text => (TEXT, self.text),
        };
        let mut res = HttpResponse::with_body(StatusCode::GONE, BoxBody::new(body));
        let headers = res.headers_mut();
        headers.insert(header::CONTENT_TYPE, content_type);
        headers.insert(header::VARY, VARY_ACCEPT);
        let values = self.headers();
        headers.insert(header::CACHE_CONTROL, values.cache_control.clone());
        if !values.sunset.is_empty() {
            headers.insert(SUNSET, values.sunset.clone());
        }
        if let Some(link) = &values.link {
            headers.insert(header::LINK, link.clone());
        }
        res
    }
}

/// The handler body of every retired route: `routes` are the handler's manifest entries,
/// `retired` its response (also used alone, with no entry, in the macro's error fallback).
#[doc(hidden)]
pub fn respond(
    routes: &'static [RetiredRoute],
    retired: &'static Retired,
    req: &HttpRequest,
) -> HttpResponse {
    let route = match routes {
        [] => None,
        [only] => Some(only),
        several => {
            let mut same_method = several.iter().filter(|r| r.method() == req.method().as_str());
            let first = same_method.next();
            match same_method.next() {
                // Several paths with this method: the rare case that needs the matched pattern.
                Some(_) => {
                    let pattern = req.match_pattern();
                    several
                        .iter()
                        .find(|r| r.method() == req.method().as_str() && Some(r.path()) == pattern.as_deref())
                }
                None => first.or_else(|| several.iter().find(|r| r.method() == "GET")),
            }
            .or(several.first())
        }
    };
    match route {
        Some(route) => serve(route, req),
        None => retired.response(accept::negotiate(req.headers().get_all(header::ACCEPT))),
    }
}

/// The 410 of `route` for `req`, whichever way the route was reached: counted and logged.
pub(crate) fn serve(route: &'static RetiredRoute, req: &HttpRequest) -> HttpResponse {
    route.hit();
    crate::stats::log(req, route.path(), route.since());
    route
        .response()
        .response(accept::negotiate(req.headers().get_all(header::ACCEPT)))
}
