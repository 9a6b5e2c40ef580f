//! `Gone`: the same negotiated 410 for content removed while the app runs (a deleted post, a
//! closed account), as a `Responder` and as a `ResponseError`.

use crate::accept::{self, Format};
use crate::response::{gone_response, SUNSET};
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, Responder, ResponseError};
use gone_core::{check_link, check_reason, Date, Removal, DEFAULT_MAX_AGE, MAX_MAX_AGE};
use std::borrow::Cow;
use std::fmt;

/// A 410 Gone for content removed at run time, negotiated like a retired route's.
///
/// Return it from a handler, or as the error of one: `Err(Gone::new(...))?`.
///
/// ```
/// use actix_web::{get, web, HttpResponse};
/// use gone_runtime::{Date, Gone};
///
/// #[get("/posts/{id}")]
/// async fn post(id: web::Path<u64>) -> Result<HttpResponse, Gone> {
///     if *id == 7 {
///         return Err(Gone::new("The author deleted this post.")
///             .since(Date::parse("2026-11-02").unwrap())
///             .link("https://blog.example/policy"));
///     }
///     Ok(HttpResponse::Ok().body("a post"))
/// }
/// ```
///
/// As an error, actix-web renders it without the request, so it answers problem+json (what a
/// client without `Accept` gets). Wrap the app with [`negotiate`] to choose by `Accept` there
/// too, and to count and log it like every other 410:
/// `App::new().wrap(actix_web::middleware::from_fn(gone_runtime::negotiate))`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gone {
    reason: Cow<'static, str>,
    since: Option<Date>,
    link: Option<String>,
    max_age: u32,
    /// A 451 (RFC 7725) rather than a 410: see [`Gone::blocked`].
    legal: bool,
}

impl Gone {
    /// A 410 saying why. An empty reason becomes "This content was removed.": a 410 always
    /// says something.
    pub fn new(reason: impl Into<Cow<'static, str>>) -> Gone {
        let mut reason = reason.into();
        if check_reason(&reason).is_err() {
            reason = Cow::Borrowed("This content was removed.");
        }
        Gone {
            reason,
            since: None,
            link: None,
            max_age: DEFAULT_MAX_AGE,
            legal: false,
        }
    }

    /// A **451 Unavailable For Legal Reasons** (RFC 7725) for content blocked by a legal
    /// demand: the same negotiated bodies, titled "Unavailable For Legal Reasons", the same
    /// `Cache-Control`; its [`link`](Self::link) is the authority behind the demand, sent as
    /// `Link: <...>; rel="blocked-by"`; no `Sunset` (a block may be lifted). Counted and
    /// logged in phase `blocked`.
    ///
    /// ```
    /// use actix_web::{get, test, App};
    /// use gone_runtime::Gone;
    ///
    /// #[get("/posts/leaked-memo")]
    /// async fn memo() -> Gone {
    ///     Gone::blocked("Removed on a court order.").link("https://courts.example/orders/2025-117")
    /// }
    ///
    /// # actix_web::rt::System::new().block_on(async {
    /// let app = test::init_service(App::new().service(memo)).await;
    /// let res = test::call_service(&app, test::TestRequest::get().uri("/posts/leaked-memo").to_request()).await;
    /// assert_eq!(res.status(), 451);
    /// assert_eq!(res.headers().get("link").unwrap(), "<https://courts.example/orders/2025-117>; rel=\"blocked-by\"");
    /// # });
    /// ```
    pub fn blocked(reason: impl Into<Cow<'static, str>>) -> Gone {
        Gone {
            legal: true,
            ..Gone::new(reason)
        }
    }

    /// When it was removed: sent as the `Sunset` header and in every body.
    pub fn since(mut self, date: Date) -> Gone {
        self.since = Some(date);
        self
    }

    /// Where to go instead: sent as `Link: <...>; rel="sunset"` and in every body (for a
    /// [`blocked`](Self::blocked) one, the authority behind the demand, `rel="blocked-by"`). A link that
    /// is not an absolute `http(s)` URL fit for a header is left out (and logged at WARN),
    /// never sent half-valid.
    pub fn link(mut self, url: impl Into<String>) -> Gone {
        let url = url.into();
        match check_link(&url) {
            Ok(()) => self.link = Some(url),
            Err(e) => tracing::warn!(target: "gone", "a Gone's link was left out: {e}"),
        }
        self
    }

    /// Seconds for `Cache-Control: public, max-age=N` (default a day, at most a year).
    pub fn max_age(mut self, seconds: u32) -> Gone {
        self.max_age = seconds.min(MAX_MAX_AGE);
        self
    }

    /// Why it was removed.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The 410 (or 451) for this request, chosen by its `Accept`; counted and logged.
    pub fn to_response(&self, req: &HttpRequest) -> HttpResponse {
        let pattern = req.match_pattern();
        // No route matched (a default service): the path, cut short, stands for the route.
        let route = match pattern.as_deref() {
            Some(pattern) => pattern,
            None => cut(req.path(), 256),
        };
        let phase = if self.legal { "blocked" } else { "gone" };
        let method = crate::stats::hit_runtime(req, route, phase, pattern.is_some());
        // The date is written out only when a subscriber takes the event.
        let since = match tracing::enabled!(target: "gone", tracing::Level::INFO) {
            true => self.since.map(|d| d.to_string()),
            false => None,
        };
        let call = crate::callers::Call {
            site: None,
            phase,
            source: "runtime",
            method,
            route,
        };
        crate::stats::called(req, call, since.as_deref().unwrap_or(""), None);
        self.render(accept::format_for(req), crate::page::of_app(req))
    }

    /// Writes only the body asked for, the HTML one in the app's page when it has one.
    fn render(&self, format: Format, page: Option<&crate::page::SitePage>) -> HttpResponse {
        let r = Removal {
            reason: &self.reason,
            since: self.since,
            link: self.link.as_deref(),
            max_age: self.max_age,
            legal: self.legal,
        };
        let body = match format {
            Format::Json => r.json(),
            Format::Html => r.html_with(page.and_then(crate::page::SitePage::template)),
            Format::Text => r.text(),
        };
        // Every value was checked (link) or written by us (dates, numbers): all are valid.
        let value = |v: Option<String>| v.and_then(|v| HeaderValue::try_from(v).ok());
        let values = [
            (header::CACHE_CONTROL, value(Some(r.cache_control()))),
            (SUNSET, value(r.sunset())),
            (header::LINK, value(r.link_header())),
        ];
        let mut res = gone_response(format, body, values);
        if self.legal {
            *res.status_mut() = StatusCode::UNAVAILABLE_FOR_LEGAL_REASONS;
        }
        res
    }
}

/// At most `max` bytes of `s`, cut at a character boundary.
fn cut(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

impl fmt::Display for Gone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.legal {
            true => write!(f, "451 Unavailable For Legal Reasons: {}", self.reason),
            false => write!(f, "410 Gone: {}", self.reason),
        }
    }
}

impl std::error::Error for Gone {}

impl Responder for Gone {
    type Body = actix_web::body::BoxBody;

    fn respond_to(self, req: &HttpRequest) -> HttpResponse {
        self.to_response(req)
    }
}

impl ResponseError for Gone {
    fn status_code(&self) -> StatusCode {
        match self.legal {
            true => StatusCode::UNAVAILABLE_FOR_LEGAL_REASONS,
            false => StatusCode::GONE,
        }
    }

    /// Without the request: problem+json. See [`negotiate`].
    fn error_response(&self) -> HttpResponse {
        self.render(Format::Json, None)
    }
}

/// Middleware for `actix_web::middleware::from_fn`: re-renders a [`Gone`] returned as an
/// error by the request's `Accept`, and counts and logs it.
///
/// ```
/// use actix_web::{middleware::from_fn, App};
/// let app = App::new().wrap(from_fn(gone_runtime::negotiate));
/// ```
pub async fn negotiate<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let res = next.call(req).await?;
    let gone = res.response().error().and_then(|e| e.as_error::<Gone>()).cloned();
    Ok(match gone {
        Some(gone) => {
            let (req, _) = res.into_parts();
            let answer = gone.to_response(&req);
            ServiceResponse::new(req, answer).map_into_right_body()
        }
        None => res.map_into_left_body(),
    })
}
