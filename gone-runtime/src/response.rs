//! The 410 response of a retired route: bodies and header values written at compile time,
//! chosen per request by `Accept`, and put in a response without copying.

use crate::accept::Format;
use crate::statics::Retired;
use actix_web::body::MessageBody;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::HttpResponse;

pub(crate) const SUNSET: HeaderName = HeaderName::from_static("sunset");
pub(crate) const PROBLEM_JSON: HeaderValue = HeaderValue::from_static("application/problem+json");
pub(crate) const HTML: HeaderValue = HeaderValue::from_static("text/html; charset=utf-8");
pub(crate) const TEXT: HeaderValue = HeaderValue::from_static("text/plain; charset=utf-8");
pub(crate) const VARY_ACCEPT: HeaderValue = HeaderValue::from_static("Accept");

/// A header value pointing at static text: checked (the macro already checked it, so this
/// never fails for its values), neither copied nor allocated. Made per request rather than
/// kept in the static: a `static` holding `HeaderValue`s costs the build a third more.
pub(crate) fn static_value(s: &'static str) -> Option<HeaderValue> {
    HeaderValue::from_maybe_shared(Bytes::from_static(s.as_bytes())).ok()
}

impl Retired {
    /// The values of `Cache-Control`, `Sunset` and `Link`, as sent.
    pub(crate) fn header_values(&self) -> [Option<&'static str>; 3] {
        [
            Some(self.cache_control),
            Some(self.sunset).filter(|s| !s.is_empty()),
            self.link_header,
        ]
    }

    /// The 410 in the given format: a static body and header values pointing at static text.
    pub(crate) fn response(&self, format: Format) -> HttpResponse {
        let body = match format {
            Format::Json => self.json,
            Format::Html => self.html,
            Format::Text => self.text,
        };
        let [cache_control, sunset, link] = self.header_values().map(|v| v.and_then(static_value));
        gone_response(
            format,
            body,
            [
                (header::CACHE_CONTROL, cache_control),
                (SUNSET, sunset),
                (header::LINK, link),
            ],
        )
    }
}

/// A 410 with `body` in `format`, `Vary: Accept`, and the given values: the one place both
/// retired routes and [`Gone`](crate::Gone) put their answer together.
pub(crate) fn gone_response<B: MessageBody + 'static>(
    format: Format,
    body: B,
    values: [(HeaderName, Option<HeaderValue>); 3],
) -> HttpResponse {
    let content_type = match format {
        Format::Json => PROBLEM_JSON,
        Format::Html => HTML,
        Format::Text => TEXT,
    };
    let mut res = HttpResponse::with_body(StatusCode::GONE, body).map_into_boxed_body();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(header::VARY, VARY_ACCEPT);
    for (name, value) in values {
        if let Some(value) = value {
            headers.insert(name, value);
        }
    }
    res
}
