//! Auditing an assembled app: every entry of the manifest must answer 410 through it.
//!
//! A retired route that is not registered, shadowed by a live route or refused by a guard
//! silently becomes a 404 or a 200. This sends one request per manifest entry (and a HEAD for
//! each GET) through the app built by `actix_web::test::init_service` and names every entry
//! that did not get 410.

use crate::manifest::manifest;
use crate::pattern::{self, Part};
use crate::statics::{MovedRoute, RetiredRoute, RevivedRoute, SunsetRoute};
use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;
use regex_lite::Regex;
use std::fmt;

/// One manifest entry that did not answer 410.
#[derive(Debug)]
pub struct Failure {
    /// The entry.
    pub route: &'static RetiredRoute,
    /// The method sent: the entry's, or HEAD for a GET entry.
    pub method: Method,
    /// The URI sent, with parameters filled in.
    pub uri: String,
    /// What went wrong, in words.
    pub problem: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} ({}::{} at {}:{}), sent {} {}: {}",
            self.route.method(),
            self.route.path(),
            self.route.module(),
            self.route.handler(),
            self.route.file(),
            self.route.line(),
            self.method,
            self.uri,
            self.problem
        )
    }
}

/// Panics, naming each entry, unless every entry of the manifest answers 410 through `app`.
///
/// ```
/// use actix_web::{get, test, App};
/// use gone_runtime::gone;
///
/// #[gone(since = "2025-03-01", reason = "Use /v2/books")]
/// #[get("/v1/books/{id}")]
/// async fn book_v1() {}
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(App::new().service(book_v1)).await;
/// gone_runtime::test::assert_all_gone(&app).await;
/// # });
/// ```
pub async fn assert_all_gone<S, B>(app: &S)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    assert_all_gone_with(app, |_, req| req).await
}

/// A route [`assert_all_gone_with`] sends a request for: removed (`#[gone]`) or moved
/// (`#[moved]`), for its hook to shape the request by.
#[derive(Debug, Clone, Copy)]
pub enum Route {
    /// A removed route.
    Gone(&'static RetiredRoute),
    /// A moved route.
    Moved(&'static MovedRoute),
}

impl Route {
    /// The HTTP method, upper case.
    pub fn method(self) -> &'static str {
        match self {
            Route::Gone(r) => r.method(),
            Route::Moved(r) => r.method(),
        }
    }

    /// The path pattern.
    pub fn path(self) -> &'static str {
        match self {
            Route::Gone(r) => r.path(),
            Route::Moved(r) => r.path(),
        }
    }

    /// The handler's name.
    pub fn handler(self) -> &'static str {
        match self {
            Route::Gone(r) => r.handler(),
            Route::Moved(r) => r.handler(),
        }
    }

    /// Whether its route attribute gives a `guard`: the request may need shaping.
    pub fn guarded(self) -> bool {
        match self {
            Route::Gone(r) => r.guarded(),
            Route::Moved(r) => r.guarded(),
        }
    }
}

/// [`assert_all_gone`], with a hook to shape each request (of a removed or a moved
/// [`Route`]), for routes whose guard wants a header or a host.
///
/// Like it, it fails when no retired route is linked into the binary at all: a library crate
/// of routes that the binary never names is dropped by the linker (`use my_routes as _;`).
///
/// ```
/// use actix_web::{get, test, App};
/// use gone_runtime::gone;
///
/// fn has_key(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
///     ctx.head().headers().contains_key("x-api-key")
/// }
///
/// #[gone(since = "2025-03-01", reason = "Exports moved to /v2/export")]
/// #[get("/v1/export", guard = "has_key")]
/// async fn export_v1() {}
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(App::new().service(export_v1)).await;
/// gone_runtime::test::assert_all_gone_with(&app, |route, req| {
///     if route.guarded() { req.insert_header(("x-api-key", "test")) } else { req }
/// })
/// .await;
/// # });
/// ```
pub async fn assert_all_gone_with<S, B>(app: &S, prepare: impl Fn(Route, TestRequest) -> TestRequest)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    assert_all_gone_in_with(app, &manifest(), prepare).await
}

/// [`assert_all_gone`] for the routes of `manifest` alone: for an app that serves part of the
/// binary's retirements (see [`Manifest::within`](crate::Manifest::within) and
/// [`serve`](crate::serve)). Routes of other apps are not its business.
pub async fn assert_all_gone_in<S, B>(app: &S, manifest: &crate::Manifest)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    assert_all_gone_in_with(app, manifest, |_, req| req).await
}

/// [`assert_all_gone_in`], with [`assert_all_gone_with`]'s hook.
pub async fn assert_all_gone_in_with<S, B>(
    app: &S,
    manifest: &crate::Manifest,
    prepare: impl Fn(Route, TestRequest) -> TestRequest,
) where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let listed = manifest.listed().next().is_some();
    if manifest.is_empty()
        && manifest.sunset().len() == 0
        && manifest.moved().len() == 0
        && manifest.revived().len() == 0
        && !listed
    {
        let all = crate::manifest();
        if all.is_empty()
            && all.sunset().len() == 0
            && all.moved().len() == 0
            && all.listed().next().is_none()
        {
            panic!("{NOTHING_LINKED}");
        }
        panic!(
            "the manifest given holds no route, though this binary retires {}: check the module given to Manifest::within (a module path as module_path!() writes it, starting with the crate's name)",
            all.len() + all.sunset().len() + all.moved().len()
        );
    }
    let failures = audit(app, manifest.iter(), |r, req| prepare(Route::Gone(r), req)).await;
    let moved = audit_moved_routes(app, manifest.moved(), |r, req| prepare(Route::Moved(r), req)).await;
    let listed = audit_listed(app, manifest.listed()).await;
    let revived = audit_revived(app, manifest.revived()).await;
    let mut report = Vec::new();
    if !failures.is_empty() {
        let mut routes: Vec<*const RetiredRoute> = failures.iter().map(|f| f.route as *const _).collect();
        routes.dedup();
        let lines: Vec<String> = failures.iter().map(|f| format!("  {f}")).collect();
        report.push(format!(
            "{} of {} retired routes do not answer 410 Gone:\n{}",
            routes.len(),
            manifest.len(),
            lines.join("\n")
        ));
    }
    if !moved.is_empty() {
        let mut routes: Vec<*const MovedRoute> = moved.iter().map(|(r, _)| *r as *const _).collect();
        routes.dedup();
        let lines: Vec<&str> = moved.iter().map(|(_, line)| line.as_str()).collect();
        report.push(format!(
            "{} of {} moved routes do not redirect as they should:\n  {}",
            routes.len(),
            manifest.moved().len(),
            lines.join("\n  ")
        ));
    }
    if !listed.is_empty() {
        report.push(format!(
            "{} of {} listed paths do not answer as their list says:\n  {}",
            listed.len(),
            manifest.listed().count(),
            listed.join("\n  ")
        ));
    }
    if !revived.is_empty() {
        report.push(format!(
            "{} of {} revived routes still answer 410 Gone:\n  {}",
            revived.len(),
            manifest.revived().len(),
            revived.join("\n  ")
        ));
    }
    if !report.is_empty() {
        panic!("{}", report.join("\n"));
    }
}

/// Sends a request for each of `routes` through `app` (its method, or GET for a list's row of
/// every method; parameters filled in) and describes each that answers 410: a revival that
/// still answers 410 is a mistake (something still retires it: a module's `#[gone]`, a row
/// of a list, a prefix above it). Other answers pass; the handler's answers are its own.
/// Routes with a guard are left out: the audit cannot know what satisfies it.
/// [`assert_all_gone`] runs it over every revived route of the manifest.
///
/// ```
/// use actix_web::{get, test, App, HttpResponse};
/// use gone_runtime::revived;
///
/// #[revived(since = "2025-09-01", reason = "The page is back by popular demand")]
/// #[get("/posts/launch-2019")]
/// async fn launch() -> HttpResponse {
///     HttpResponse::Ok().body("We launched!")
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(App::new().service(launch)).await;
/// let m = gone_runtime::manifest();
/// assert!(gone_runtime::test::audit_revived(&app, m.revived()).await.is_empty());
/// # });
/// ```
pub async fn audit_revived<S, B>(
    app: &S,
    routes: impl IntoIterator<Item = &'static RevivedRoute>,
) -> Vec<String>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let mut failures = Vec::new();
    for route in routes.into_iter().filter(|r| !r.guarded()) {
        let method = match route.method() {
            "*" => Method::GET,
            m => Method::from_bytes(m.as_bytes()).unwrap_or(Method::GET),
        };
        let Some(uri) = probe_uri(route.path()) else {
            continue;
        };
        let req = TestRequest::default()
            .method(method.clone())
            .uri(&uri)
            .to_request();
        let Ok(res) = app.call(req).await else {
            continue;
        };
        if res.status() == StatusCode::GONE {
            let site = match route.list() {
                Some(file) => format!("revived by {file}:{}", route.line()),
                None => format!(
                    "#[revived] on {}::{} at {}:{}",
                    route.module(),
                    route.handler(),
                    route.file(),
                    route.line()
                ),
            };
            failures.push(format!(
                "{} {} ({site}), sent {method} {uri}: answers 410 Gone though revived since {}; remove what still retires it (a #[gone] on it or on its module, a list's row or a prefix above it)",
                route.method(),
                route.path(),
                route.since()
            ));
        }
    }
    failures
}

/// A URI to send for a route's path or a list's row: parameters filled in, a prefix's
/// folder with a name below it. `None` when no value fits a parameter.
fn probe_uri(path: &str) -> Option<String> {
    match path.strip_suffix('*').filter(|p| p.ends_with('/')) {
        Some(folder) => Some(format!("{folder}gone-audit")),
        None => example_path(path).ok(),
    }
}

/// [`Manifest::assert_fresh`](crate::Manifest::assert_fresh) with the app at hand: the same
/// check of the committed manifest at `path` against this binary's, the same rewrite with
/// `GONE_MANIFEST=overwrite`, and for each route the file records as retired that has left
/// the code (refused, overwrite or not: SPEC §15), what it answers now through `app` (`404
/// Not Found`, or the live route that now matches it).
///
/// ```no_run
/// use actix_web::{test, App};
///
/// #[actix_web::test]
/// async fn the_committed_manifest_is_fresh() {
///     let app = test::init_service(App::new().wrap(gone_runtime::Lists)).await;
///     gone_runtime::test::assert_fresh(&app, concat!(env!("CARGO_MANIFEST_DIR"), "/gone.json")).await;
/// }
/// ```
pub async fn assert_fresh<S, B>(app: &S, path: impl AsRef<std::path::Path>)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let m = manifest();
    let path = path.as_ref();
    let mut result = m.check_file(path);
    if let Err(crate::CheckError::Lost(_, lost, _)) = &mut result {
        for l in lost.iter_mut() {
            l.answers = Some(answer_now(app, &l.method, &l.path).await);
        }
    }
    m.settle(path, result);
}

/// What `app` answers a request for a route of the ledger: its status, and the live route
/// that matched, if any.
async fn answer_now<S, B>(app: &S, method: &str, path: &str) -> String
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let method = match method {
        "*" => Method::GET,
        m => Method::from_bytes(m.as_bytes()).unwrap_or(Method::GET),
    };
    let Some(uri) = probe_uri(path) else {
        return "something this check could not ask for (no value fits its parameters)".into();
    };
    let req = TestRequest::default()
        .method(method.clone())
        .uri(&uri)
        .to_request();
    let res = match app.call(req).await {
        Ok(res) => res,
        Err(e) => return format!("an error to {method} {uri}: {e}"),
    };
    let status = res.status();
    let code = format!("{} {}", status.as_u16(), status.canonical_reason().unwrap_or(""));
    match res.request().match_pattern() {
        Some(pattern) if status.is_success() || status.is_redirection() => {
            format!("{code} from the live route {pattern} (sent {method} {uri})")
        }
        _ => format!("{code} (sent {method} {uri})"),
    }
}

/// Sends a request for each row of `rows` through `app` (its method, or GET for a row of
/// every method; a path below a prefix), and describes each row that does not answer its
/// status (and, for a 301 or a 308, its `Location`). [`assert_all_gone`] runs it over every
/// listed row of the manifest: an app that lists paths but is not wrapped in
/// [`Lists`](crate::Lists) fails it, with the line to add.
///
/// ```
/// use actix_web::{test, App};
///
/// gone_runtime::removed!("lists/example.csv");
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(App::new().wrap(gone_runtime::Lists)).await;
/// let rows = gone_runtime::manifest().listed().collect::<Vec<_>>();
/// assert!(gone_runtime::test::audit_listed(&app, rows).await.is_empty());
/// // Without the middleware, nothing answers them.
/// let bare = test::init_service(App::new()).await;
/// let failures = gone_runtime::test::audit_listed(&bare, gone_runtime::manifest().listed()).await;
/// assert!(failures[0].contains("wrap the app in gone_runtime::Lists"), "{}", failures[0]);
/// # });
/// ```
pub async fn audit_listed<S, B>(app: &S, rows: impl IntoIterator<Item = crate::Listed>) -> Vec<String>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let mut failures = Vec::new();
    for row in rows {
        let method = match row.method() {
            "*" => Method::GET,
            m => Method::from_bytes(m.as_bytes()).unwrap_or(Method::GET),
        };
        let path = match row.path().strip_suffix('*') {
            Some(folder) => format!("{folder}gone-audit"),
            None => row.path().to_string(),
        };
        let uri = format!("{path}?gone-audit=1");
        let req = TestRequest::default()
            .method(method.clone())
            .uri(&uri)
            .to_request();
        let res = match app.call(req).await {
            Ok(res) => res,
            Err(e) => {
                failures.push(format!(
                    "{method} {uri} ({}:{}): the app failed: {e}",
                    row.file(),
                    row.line()
                ));
                continue;
            }
        };
        let status = res.status().as_u16();
        let location = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let expected_location = row.to().map(|to| match to.contains('?') {
            true => to.to_string(),
            false => match to.split_once('#') {
                Some((before, fragment)) => format!("{before}?gone-audit=1#{fragment}"),
                None => format!("{to}?gone-audit=1"),
            },
        });
        if status != row.status() {
            let advice = match status {
                200..=299 | 404 => "; wrap the app in gone_runtime::Lists (App::new().wrap(gone_runtime::Lists)), which answers listed paths before routing",
                _ => "",
            };
            failures.push(format!(
                "{method} {uri} ({}:{}): got {status} instead of its {}{advice}",
                row.file(),
                row.line(),
                row.status()
            ));
        } else if expected_location.is_some() && location != expected_location {
            failures.push(format!(
                "{method} {uri} ({}:{}): redirects to {} instead of {}",
                row.file(),
                row.line(),
                location.as_deref().unwrap_or("nowhere"),
                expected_location.as_deref().unwrap_or("")
            ));
        }
    }
    failures
}

/// Sends a request for each of `routes` (and a HEAD for each GET) through `app`, and describes
/// each route that does not redirect as it should: its status and `Location` (parameters filled
/// in, a query string carried over), and, when `to` is a path of this app, what is there. The
/// target must answer neither 410 (a redirect into a removed route), nor another redirect (a
/// chain: point `to` at the end of it), nor a 404 from no route at all. A 404 from a route that
/// matched is the target's own answer about the sample value, and passes.
///
/// [`assert_all_gone`] runs it over every moved route of the manifest.
///
/// ```
/// use actix_web::{get, test, App, HttpResponse};
/// use gone_runtime::moved;
///
/// #[moved(to = "/v2/books/{id}", since = "2025-03-01")]
/// #[get("/v1/books/{id}")]
/// async fn book_v1() {}
///
/// #[get("/v2/books/{id}")]
/// async fn book_v2() -> HttpResponse {
///     HttpResponse::Ok().finish()
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(App::new().service(book_v1).service(book_v2)).await;
/// let m = gone_runtime::manifest();
/// let v1 = m.moved().filter(|r| r.handler() == "book_v1");
/// assert!(gone_runtime::test::audit_moved(&app, v1).await.is_empty());
/// # });
/// ```
pub async fn audit_moved<S, B>(app: &S, routes: impl IntoIterator<Item = &'static MovedRoute>) -> Vec<String>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    audit_moved_with(app, routes, |_, req| req).await
}

/// [`audit_moved`], with a hook to shape each request to a moved route (and the one that
/// follows it), for routes whose guard wants a header or a host.
pub async fn audit_moved_with<S, B>(
    app: &S,
    routes: impl IntoIterator<Item = &'static MovedRoute>,
    prepare: impl Fn(&'static MovedRoute, TestRequest) -> TestRequest,
) -> Vec<String>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let failures = audit_moved_routes(app, routes, prepare).await;
    failures.into_iter().map(|(_, line)| line).collect()
}

/// [`audit_moved_with`], each failure beside its route (a route may fail for GET and HEAD).
async fn audit_moved_routes<S, B>(
    app: &S,
    routes: impl IntoIterator<Item = &'static MovedRoute>,
    prepare: impl Fn(&'static MovedRoute, TestRequest) -> TestRequest,
) -> Vec<(&'static MovedRoute, String)>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let mut failures = Vec::new();
    for route in routes {
        let name = named(
            route.method(),
            route.path(),
            route.module(),
            route.handler(),
            route.file(),
            route.line(),
        );
        let (Ok(method), Ok((path, values))) = (
            Method::from_bytes(route.method().as_bytes()),
            example_values(route.path()),
        ) else {
            failures.push((route, format!("{name}: no request could be made for it")));
            continue;
        };
        let redirect = route.redirect();
        let uri = format!("{path}?gone-audit=1");
        let mut expected = String::new();
        for piece in redirect.pieces {
            match piece {
                gone_core::target::Piece::Text(t) => expected.push_str(t),
                gone_core::target::Piece::Param(p) => {
                    let value = values
                        .iter()
                        .find(|(n, _)| n == p)
                        .map_or("", |(_, v)| v.as_str());
                    expected.push_str(value);
                }
            }
        }
        if !redirect.has_query {
            match expected.find('#') {
                Some(at) => expected.insert_str(at, "?gone-audit=1"),
                None => expected.push_str("?gone-audit=1"),
            }
        }
        let mut methods = vec![method.clone()];
        if method == Method::GET {
            methods.push(Method::HEAD);
        }
        let mut fine = true;
        for method in methods {
            let req = prepare(route, TestRequest::default().method(method.clone()).uri(&uri)).to_request();
            // What was sent, after the hook: it may have shaped the URI too.
            let sent = req.uri().to_string();
            let problem = match app.call(req).await {
                Err(e) => Some(format!("the app returned an error: {e}")),
                Ok(res) => {
                    let location = res.headers().get("location").and_then(|v| v.to_str().ok());
                    if res.status().as_u16() == redirect.status && location == Some(expected.as_str()) {
                        None
                    } else if res.status().as_u16() == redirect.status {
                        Some(format!(
                            "got {} with `Location: {}`, not `{expected}`",
                            res.status().as_u16(),
                            location.unwrap_or("(none)")
                        ))
                    } else if route.guarded() && res.status() == StatusCode::NOT_FOUND {
                        Some(format!(
                            "got 404 instead of its {}: its guard refused the request (shape it with assert_all_gone_with), or it is not registered",
                            redirect.status
                        ))
                    } else {
                        Some(format!(
                            "got {} instead of its {}: not registered (add `.service({})`, or serve the manifest with gone_runtime::serve_all, or its part with gone_runtime::serve), or shadowed by a live route",
                            res.status().as_u16(),
                            redirect.status,
                            service_path(route.module(), route.handler())
                        ))
                    }
                }
            };
            if let Some(problem) = problem {
                failures.push((route, format!("{name}, sent {method} {sent}: {problem}")));
                fine = false;
            }
        }
        if !fine || !expected.starts_with('/') {
            continue;
        }
        // Where it leads, on this app: a client following it must not land on a 410, a
        // second redirect, or nothing.
        let follow = if redirect.status == 301 && method == Method::POST {
            Method::GET
        } else {
            method
        };
        let target = expected.split('#').next().unwrap_or_default();
        let req = prepare(route, TestRequest::default().method(follow.clone()).uri(target)).to_request();
        let problem = match app.call(req).await {
            Err(e) => Some(format!("the app returned an error: {e}")),
            Ok(res) => {
                let status = res.status();
                let onward = res.headers().get("location").and_then(|v| v.to_str().ok());
                if status == StatusCode::GONE {
                    Some(format!(
                        "it redirects to {target}, which answers 410 Gone: point `to` at a live route, or retire this one with #[gone]"
                    ))
                } else if let (true, Some(onward)) = (status.is_redirection(), onward) {
                    Some(format!(
                        "it redirects to {target}, which redirects again ({} to {onward}): no chains; point `to` at the end of it",
                        status.as_u16()
                    ))
                } else if status == StatusCode::NOT_FOUND && res.request().match_pattern().is_none() {
                    Some(format!(
                        "it redirects to {target}, which no route of this app answers (404): register the route there, or fix `to`"
                    ))
                } else {
                    None
                }
            }
        };
        if let Some(problem) = problem {
            failures.push((route, format!("{name}, sent {follow} {target}: {problem}")));
        }
    }
    failures
}

/// Panics, naming each, unless every `#[sunset]` route of the manifest is served through
/// `app` under its schedule: one request per entry (parameters filled as for
/// [`assert_all_gone`]) must come back with the route's `Sunset` header, which its schedule
/// adds in every phase. A route that is not registered, or is shadowed, comes back without it.
///
/// ```
/// use actix_web::{get, test, App, HttpResponse};
/// use gone_runtime::sunset;
///
/// #[sunset(deprecated = "2025-01-15", on = "2025-06-30", reason = "Use /v2/books")]
/// #[get("/v1/books")]
/// async fn books_v1() -> HttpResponse {
///     HttpResponse::Ok().finish()
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(App::new().service(books_v1)).await;
/// gone_runtime::test::assert_all_sunset(&app).await;
/// # });
/// ```
pub async fn assert_all_sunset<S, B>(app: &S)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let manifest = manifest();
    if manifest.is_empty() && manifest.sunset().len() == 0 {
        panic!("{NOTHING_LINKED}");
    }
    let failures = audit_sunset(app, manifest.sunset()).await;
    if !failures.is_empty() {
        panic!(
            "{} of {} sunset routes are not served under their schedule:\n  {}",
            failures.len(),
            manifest.sunset().len(),
            failures.join("\n  ")
        );
    }
}

/// Sends a request for each of `routes` through `app`, and describes those that did not come
/// back with their `Sunset` header.
pub async fn audit_sunset<S, B>(
    app: &S,
    routes: impl IntoIterator<Item = &'static SunsetRoute>,
) -> Vec<String>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let mut failures = Vec::new();
    for route in routes {
        let name = named(
            route.method(),
            route.path(),
            route.module(),
            route.handler(),
            route.file(),
            route.line(),
        );
        let (Ok(method), Ok(uri)) = (
            Method::from_bytes(route.method().as_bytes()),
            example_path(route.path()),
        ) else {
            failures.push(format!("{name}: no request could be made for it"));
            continue;
        };
        let req = TestRequest::default().method(method).uri(&uri).to_request();
        let expected = route.schedule().gone.sunset;
        match app.call(req).await {
            Err(e) => failures.push(format!("{name}, sent {uri}: the app returned an error: {e}")),
            Ok(res) if res.headers().get("sunset").is_some_and(|v| v == expected) => {}
            Ok(res) => failures.push(format!(
                "{name}, sent {uri}: got {} without its `Sunset: {expected}`: not registered (add `.service({})`), or shadowed by another route",
                res.status().as_u16(),
                service_path(route.module(), route.handler())
            )),
        }
    }
    failures
}

/// Panics naming every `#[sunset]` route whose `on` has passed by the system clock, with what
/// to write instead: the schedule has run its course, and the route is `#[gone]` in all but
/// name. Meant for a test in CI, so that the code catches up with the calendar.
///
/// ```
/// // With no sunset route overdue, it passes.
/// gone_runtime::test::assert_no_overdue_sunset();
/// ```
pub fn assert_no_overdue_sunset() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let overdue = overdue_sunset(now);
    if !overdue.is_empty() {
        panic!(
            "{} sunset routes are past their `on` and answer 410 by the clock alone:\n  {}",
            overdue.len(),
            overdue.join("\n  ")
        );
    }
}

/// The sunset routes whose `on` is at or before `now` (seconds since the epoch), described
/// with what to write instead.
pub fn overdue_sunset(now: u64) -> Vec<String> {
    manifest()
        .sunset()
        .filter(|r| r.on_unix_seconds() <= now)
        .map(|r| {
            let link = r.link().map(|l| format!(", link = {l:?}")).unwrap_or_default();
            format!(
                "{} {} ({}::{} at {}:{}): its `on = {:?}` has passed: replace #[sunset(...)] with #[gone(since = {:?}, reason = {:?}{link})] and delete the body (`async fn {}() {{}}`)",
                r.method(),
                r.path(),
                r.module(),
                r.handler(),
                r.file(),
                r.line(),
                r.on(),
                &r.on()[..10],
                r.reason(),
                r.handler(),
            )
        })
        .collect()
}

/// A route as the audits name it: `GET /v1/x (my::module::handler at src/lib.rs:12)`.
fn named(method: &str, path: &str, module: &str, handler: &str, file: &str, line: u32) -> String {
    format!("{method} {path} ({module}::{handler} at {file}:{line})")
}

/// Why an audit finds nothing to audit.
const NOTHING_LINKED: &str = "no retired route is linked into this binary, so there is nothing to audit. \
If the retired routes live in a library crate, the linker drops that crate, #[gone] entries \
included, unless the binary names something in it: add `use my_routes as _;` (with your \
crate's name) to the binary or test, or register its routes there.";

/// Sends a request for each of `routes` (and a HEAD for each GET) through `app`, and returns
/// those that did not get 410.
pub async fn audit<S, B>(
    app: &S,
    routes: impl IntoIterator<Item = &'static RetiredRoute>,
    prepare: impl Fn(&'static RetiredRoute, TestRequest) -> TestRequest,
) -> Vec<Failure>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let routes = crate::manifest::Manifest::from_routes(routes);
    let mut failures = Vec::new();
    for duplicate in routes.duplicates() {
        for route in &duplicate.routes[1..] {
            failures.push(Failure {
                route,
                method: Method::from_bytes(route.method().as_bytes()).unwrap_or(Method::GET),
                uri: route.path().to_string(),
                problem: format!("retired twice: {duplicate}"),
            });
        }
    }
    for route in routes.iter() {
        let Ok(method) = Method::from_bytes(route.method().as_bytes()) else {
            continue;
        };
        let uri = match example_path(route.path()) {
            Ok(uri) => uri,
            Err(problem) => {
                failures.push(Failure {
                    route,
                    method,
                    uri: route.path().to_string(),
                    problem,
                });
                continue;
            }
        };
        let mut methods = vec![method.clone()];
        if method == Method::GET {
            methods.push(Method::HEAD);
        }
        for method in methods {
            let req = prepare(route, TestRequest::default().method(method.clone()).uri(&uri)).to_request();
            let problem = match app.call(req).await {
                Err(e) => Some(format!("the app returned an error: {e}")),
                Ok(res) if res.status() == StatusCode::GONE => None,
                Ok(res) => Some(diagnose(route, &res, &method)),
            };
            if let Some(problem) = problem {
                failures.push(Failure {
                    route,
                    method,
                    uri: uri.clone(),
                    problem,
                });
            }
        }
    }
    failures
}

fn diagnose<B>(route: &RetiredRoute, res: &ServiceResponse<B>, sent: &Method) -> String {
    let status = res.status();
    let handler = route.handler();
    let on_its_path = res.request().match_pattern().as_deref() == Some(route.path());
    if status == StatusCode::METHOD_NOT_ALLOWED && on_its_path {
        return if sent == Method::HEAD && route.method() == "GET" {
            format!(
                "got 405: a resource on its path takes GET but not HEAD, as `.route(\"{}\", web::get().to({handler}))` does: register it with `.service({})`, which answers HEAD too",
                route.path(),
                service_path(route.module(), handler)
            )
        } else {
            format!(
                "got 405: a live `web::resource(\"{}\")` without {sent} hides it (actix-web answers 405 from a resource on the path before any other service): add the retired route to that resource, e.g. `.route(web::{}().to(...))`, or remove the resource",
                route.path(),
                sent.as_str().to_ascii_lowercase(),
            )
        };
    }
    if status != StatusCode::NOT_FOUND {
        // Something answered: a live route, or a live resource at this path without the method.
        return match res.request().match_pattern() {
            Some(pattern) => format!("got {status} from the live route `{pattern}`, which shadows it"),
            None => format!("got {status}: a live route shadows it"),
        };
    }
    if route.guarded() {
        return format!("got {status}: its guard refused the request (shape it with assert_all_gone_with), or it is not registered");
    }
    // Registered under another path? actix-web names a resource after its handler.
    let params = pattern::parts(route.path()).map_or(0, |p| {
        p.iter().filter(|p| matches!(p, Part::Param { .. })).count()
    });
    if let Ok(url) = res.request().url_for(handler, std::iter::repeat_n("1", params)) {
        if url.path() != route.path() && url.path() != example_path(route.path()).unwrap_or_default() {
            return format!(
                "got {status}: `{handler}` is registered at {}, under a prefix its attribute does not know (a hand-written `web::scope(...)`?): put the handlers in a module under actix-web's `#[scope(\"/prefix\")]`, or register them at the root",
                url.path()
            );
        }
    }
    format!(
        "got {status}: not registered (add `.service({})`, or serve the manifest with gone_runtime::serve_all, or its part with gone_runtime::serve)",
        service_path(route.module(), handler)
    )
}

/// What `.service(...)` names a handler by from its crate's root: `v0::add` for `add` in the
/// module `my_app::v0` (`module_path!()` starts with the crate's name), `add` at the root.
pub(crate) fn service_path(module: &str, handler: &str) -> String {
    match module.split_once("::") {
        Some((_crate, inner)) => format!("{inner}::{handler}"),
        None => handler.to_string(),
    }
}

/// Values tried, in order, for a parameter; the first its pattern accepts is used. After
/// these come runs of digits, letters and both, of every length up to 16.
const SAMPLES: &[&str] = &[
    "1",
    "2025",
    "gone",
    "a1",
    "A",
    "ABC",
    "0",
    "x-1",
    "a_b",
    "1.0",
    "a.b",
    "12345678",
    "2025-01-01",
    "en-US",
    "00000000-0000-0000-0000-000000000000",
    "a/b",
    "-1",
    "~",
];

/// A concrete path the pattern matches: each `{name}`, `{name:regex}` and `{tail}*` filled
/// with a value it accepts.
pub fn example_path(pattern: &str) -> Result<String, String> {
    example_values(pattern).map(|(path, _)| path)
}

/// [`example_path`], with the value given to each parameter.
fn example_values(pattern: &str) -> Result<(String, Vec<(String, String)>), String> {
    let mut values = Vec::new();
    let parts =
        pattern::parts(pattern).ok_or_else(|| format!("the pattern has an unclosed `{{`: {pattern}"))?;
    let mut out = String::with_capacity(pattern.len());
    for part in parts {
        let (name, regex, tail) = match part {
            Part::Text(text) => {
                out.push_str(text);
                continue;
            }
            Part::Param { name, regex, tail } => (name, regex, tail),
        };
        let value = match regex {
            None => SAMPLES
                .iter()
                .find(|s| tail || !s.contains('/'))
                .map(|s| s.to_string()),
            Some(re) => {
                let re = Regex::new(&format!("^(?:{re})$"))
                    .map_err(|e| format!("the regex of `{{{name}}}` does not compile: {e}"))?;
                samples().find(|s| re.is_match(s))
            }
        };
        let shown = regex.map_or_else(|| name.to_string(), |re| format!("{name}:{re}"));
        let value = value.ok_or_else(|| format!("found no value that `{{{shown}}}` accepts"))?;
        out.push_str(&value);
        values.push((name.to_string(), value));
    }
    Ok((out, values))
}

fn samples() -> impl Iterator<Item = String> {
    let runs = (1..=16).flat_map(|n| {
        [
            "1234567890123456",
            "abcdefghijklmnop",
            "ABCDEFGHIJKLMNOP",
            "a1b2c3d4e5f6g7h8",
        ]
        .map(|s| s[..n].to_string())
    });
    SAMPLES.iter().map(|s| s.to_string()).chain(runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_parameters_with_accepted_values() {
        assert_eq!(example_path("/v1/books").unwrap(), "/v1/books");
        assert_eq!(example_path("/v1/books/{id}").unwrap(), "/v1/books/1");
        assert_eq!(example_path(r"/v1/{id:\d+}/x").unwrap(), "/v1/1/x");
        assert_eq!(example_path("/v1/{slug:[a-z]+}").unwrap(), "/v1/gone");
        assert_eq!(example_path(r"/v1/{year:\d{4}}").unwrap(), "/v1/2025");
        assert_eq!(
            example_path(r"/v1/{d:\d{4}-\d{2}-\d{2}}").unwrap(),
            "/v1/2025-01-01"
        );
        assert_eq!(example_path("/files/{tail}*").unwrap(), "/files/1");
        assert_eq!(example_path("/files/{name}.{ext}").unwrap(), "/files/1.1");
        assert_eq!(example_path("/v1/{id:[0-9]{2}}").unwrap(), "/v1/12");
        assert_eq!(example_path("/v1/{c:[a-z]{3}}").unwrap(), "/v1/abc");
        assert!(example_path("/v1/{x:zzz}").unwrap_err().contains("no value"));
        assert!(example_path("/v1/{x").is_err());
    }
}
