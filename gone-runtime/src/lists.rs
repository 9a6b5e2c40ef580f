//! Serving lists of removed paths: [`Lists`], the middleware that answers a listed path
//! before routing (so that `/posts/launch-2019` answers 410 though `/posts/{slug}` is live),
//! and the answer of one row: its 410 or 451 (bodies written at compile time), or its
//! permanent redirect. Each answer is counted and logged as a retired route's is, in phase
//! `listed`.

use crate::accept;
use crate::listed::{self, Listed};
use crate::redirect::{fixed_location, redirect_response};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::StatusCode;
use actix_web::{Error, HttpRequest, HttpResponse};
use futures_util::future::{ready, Ready};
use std::task::{Context, Poll};

/// Answers every path listed with [`removed!`](crate::removed) before the app routes the
/// request: `App::new().wrap(gone_runtime::Lists)`. A listed path answers its status (410,
/// 451, 301 or 308) for every method unless its row names one (a GET row answers HEAD too),
/// even when a live route's pattern also matches it; every other request goes on to the app
/// untouched. A path is compared as actix-web's router compares it (`%7E` and `~` are one
/// path, `%2F` is not `/`), its query string ignored.
///
/// ```
/// use actix_web::{get, App, HttpResponse};
///
/// #[get("/posts/{slug}")]
/// async fn post() -> HttpResponse {
///     HttpResponse::Ok().body("a live post")
/// }
///
/// let app = App::new().wrap(gone_runtime::Lists).service(post);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Lists;

impl<S, B> Transform<S, ServiceRequest> for Lists
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = Error;
    type Transform = ListsService<S>;
    type InitError = ();
    type Future = Ready<Result<ListsService<S>, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(ListsService { service }))
    }
}

/// The service [`Lists`] wraps around the app.
pub struct ListsService<S> {
    service: S,
}

impl<S, B> Service<ServiceRequest> for ListsService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = Error;
    type Future = ListsFuture<S::Future>;

    fn poll_ready(&self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.service.poll_ready(cx)
    }

    fn call(&self, req: ServiceRequest) -> Self::Future {
        match answer(req.request()) {
            Some(res) => ListsFuture::Answered {
                res: Some(Box::new(req.into_response(res))),
            },
            None => ListsFuture::Passed {
                inner: self.service.call(req),
            },
        }
    }
}

pin_project_lite::pin_project! {
    /// What [`ListsService`] answers: a listed path's answer, or the app's, its body boxed (a
    /// `BoxBody`, what an `App` answers, is kept as it is). The listed answer waits in a box,
    /// so that a live request's future is the app's and a word: every live request moves it.
    #[project = ListsProj]
    pub enum ListsFuture<F> {
        /// A listed path's answer.
        Answered { res: Option<Box<ServiceResponse<BoxBody>>> },
        /// The app's.
        Passed { #[pin] inner: F },
    }
}

impl<F, B> std::future::Future for ListsFuture<F>
where
    F: std::future::Future<Output = Result<ServiceResponse<B>, Error>>,
    B: MessageBody + 'static,
{
    type Output = Result<ServiceResponse<BoxBody>, Error>;

    fn poll(self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            ListsProj::Answered { res } => match res.take() {
                Some(res) => Poll::Ready(Ok(*res)),
                None => Poll::Ready(Err(actix_web::error::ErrorInternalServerError(
                    "a listed answer polled after it was given",
                ))),
            },
            ListsProj::Passed { inner } => inner
                .poll(cx)
                .map(|res| res.map(ServiceResponse::map_into_boxed_body)),
        }
    }
}

/// The answer of the listed row for this request, if there is one: counted and logged.
pub(crate) fn answer(req: &HttpRequest) -> Option<HttpResponse> {
    if listed::lists().is_empty() {
        return None;
    }
    let key = gone_core::path::canonical(req.uri().path());
    let row = listed::find(&key).filter(|row| row.answers(req.method().as_str()))?;
    if row.is_prefix() && carved(&key, req.method().as_str(), row.key_len()) {
        return None;
    }
    Some(serve(row, req))
}

/// The revivals of the binary that a list's prefix must not answer: exact paths (a
/// `#[revived]` handler's path without parameters, a list's row of status `revived`) with
/// their methods, and revived prefixes.
struct Carved {
    exact: std::collections::HashMap<Vec<u8>, Vec<&'static str>>,
    prefixes: Vec<Vec<u8>>,
}

fn carved_out() -> &'static Carved {
    static CARVED: std::sync::OnceLock<Carved> = std::sync::OnceLock::new();
    CARVED.get_or_init(|| {
        let mut carved = Carved {
            exact: Default::default(),
            prefixes: Vec::new(),
        };
        for r in crate::manifest::manifest().revived() {
            let path = r.path();
            match path
                .strip_suffix('*')
                .filter(|p| r.list().is_some() && p.ends_with('/'))
            {
                Some(prefix) => carved
                    .prefixes
                    .push(gone_core::path::canonical(prefix).into_owned()),
                None if !path.contains('{') => carved
                    .exact
                    .entry(gone_core::path::canonical(path).into_owned())
                    .or_default()
                    .push(r.method()),
                None => {}
            }
        }
        carved
    })
}

/// Whether a path that a prefix of `prefix_len` bytes answers is revived below it, for
/// `method`: the exact path, or a longer revived prefix (the longest prefix wins, and a
/// revival is more specific than the prefix it lies under).
fn carved(key: &[u8], method: &str, prefix_len: usize) -> bool {
    let carved = carved_out();
    let exact = carved.exact.get(key).is_some_and(|methods| {
        methods
            .iter()
            .any(|m| *m == "*" || *m == method || (*m == "GET" && method == "HEAD"))
    });
    exact
        || carved
            .prefixes
            .iter()
            .any(|p| p.len() > prefix_len && key.starts_with(p))
}

/// Whether a revival lies below the list's prefix `prefix` (with its `/*`): an edge that
/// answers such a prefix by lookup would answer the revived path too, so it leaves the prefix
/// to the app.
pub(crate) fn revived_below(prefix: &str) -> Option<String> {
    let key = gone_core::path::canonical(prefix.trim_end_matches('*')).into_owned();
    let carved = carved_out();
    let below = |k: &Vec<u8>| k.len() > key.len() && k.starts_with(&key);
    carved
        .exact
        .keys()
        .chain(&carved.prefixes)
        .find(|k| below(k))
        .map(|k| String::from_utf8_lossy(k).into_owned())
}

/// One row's answer to `req`, counted and logged in phase `listed`.
fn serve(row: Listed, req: &HttpRequest) -> HttpResponse {
    row.hit();
    // Each accessor reads the packed row: the path and the answer once.
    let (path, answer) = (row.path(), row.answer());
    #[cfg(feature = "metrics")]
    crate::stats::count_row(row.site(), method_label(req, row), path);
    let call = crate::callers::Call {
        site: Some(row.site()),
        phase: "listed",
        source: "list",
        method: row.method(),
        route: path,
    };
    crate::stats::called(req, call, answer.since, None);
    match (&answer.bodies, row.to()) {
        (Some(bodies), _) => {
            let mut res = bodies.response(accept::format_for(req));
            if answer.status == 451 {
                *res.status_mut() = StatusCode::UNAVAILABLE_FOR_LEGAL_REASONS;
            }
            res
        }
        (None, Some(to)) => redirect_response(
            answer.status,
            answer.cache_control,
            answer.reason,
            fixed_location(to, req),
            row.page(),
            req,
        ),
        // The macro writes bodies for a 410 and a 451, and a `to` for a 301 and a 308.
        (None, None) => HttpResponse::NotFound().finish(),
    }
}

/// The `method` label of a listed answer: the request's method (a HEAD counts with its GET),
/// as the counter's labels are static text; the row's own for a method of no name here.
#[cfg(feature = "metrics")]
fn method_label(req: &HttpRequest, row: Listed) -> &'static str {
    match req.method().as_str() {
        "GET" | "HEAD" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "OPTIONS" => "OPTIONS",
        "TRACE" => "TRACE",
        "CONNECT" => "CONNECT",
        _ => row.method(),
    }
}
