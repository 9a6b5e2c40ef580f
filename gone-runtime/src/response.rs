//! The 410 response of a retired route: bodies and header values written at compile time,
//! chosen per request by `Accept`, and put in a response without copying.

use crate::accept::{self, Format};
use crate::manifest::RetiredRoute;
use actix_web::body::BoxBody;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};

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
}

pub(crate) const SUNSET: HeaderName = HeaderName::from_static("sunset");
pub(crate) const PROBLEM_JSON: HeaderValue = HeaderValue::from_static("application/problem+json");
pub(crate) const HTML: HeaderValue = HeaderValue::from_static("text/html; charset=utf-8");
pub(crate) const TEXT: HeaderValue = HeaderValue::from_static("text/plain; charset=utf-8");
pub(crate) const VARY_ACCEPT: HeaderValue = HeaderValue::from_static("Accept");

/// A header value pointing at static text: checked (the macro already checked it, so this
/// never fails for its values), neither copied nor allocated. Made per request rather than
/// kept in the static: a `static` holding `HeaderValue`s costs the build a third more.
fn static_value(s: &'static str) -> Option<HeaderValue> {
    if s.is_empty() {
        return None;
    }
    HeaderValue::from_maybe_shared(Bytes::from_static(s.as_bytes())).ok()
}

impl Retired {
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
        if let Some(value) = static_value(self.cache_control) {
            headers.insert(header::CACHE_CONTROL, value);
        }
        if let Some(value) = static_value(self.sunset) {
            headers.insert(SUNSET, value);
        }
        if let Some(value) = self.link_header.and_then(static_value) {
            headers.insert(header::LINK, value);
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
