use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::Method;
use actix_web::test::{self, TestRequest};

/// Held by the tests that call every route of this binary (the edge tests) and by the one
/// that counts a route's calls exactly, so that it sees only its own. Each
/// `#[actix_web::test]` runs on a thread of its own: holding it across awaits blocks only the
/// other test's thread.
pub static EVERY_ROUTE: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// [`EVERY_ROUTE`], held (a test that failed while holding it does not poison the others).
pub fn every_route() -> std::sync::MutexGuard<'static, ()> {
    EVERY_ROUTE.lock().unwrap_or_else(|e| e.into_inner())
}

pub struct Reply {
    pub status: u16,
    pub headers: actix_web::http::header::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }
}

pub async fn call<S, B>(app: &S, req: TestRequest) -> Reply
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let res = test::call_service(app, req.to_request()).await;
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = test::read_body(res).await;
    Reply {
        status,
        headers,
        body: String::from_utf8(body.to_vec()).unwrap(),
    }
}

pub fn req(method: &str, uri: &str) -> TestRequest {
    TestRequest::default()
        .method(Method::from_bytes(method.as_bytes()).unwrap())
        .uri(uri)
}

/// The 410s counted so far for `method` on `route` (a path pattern), from `source`
/// (`"attribute"` or `"runtime"`).
pub fn hits(source: &str, method: &str, route: &str) -> u64 {
    gone_runtime::stats()
        .iter()
        .filter(|h| h.source == source && h.method == method && h.route == route)
        .map(|h| h.hits)
        .sum()
}
