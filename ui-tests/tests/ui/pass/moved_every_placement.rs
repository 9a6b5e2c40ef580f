//! `#[moved]` wherever `#[gone]` goes, with no warning: a method attribute with `name`,
//! `guard` and `wrap`, `#[route]`, `#[routes]`, a module under `#[scope]` whose handlers may
//! carry their own, a handler registered by hand; the old bodies and extractors never compile.
#![deny(warnings)]

use actix_web::{get, route, routes, web, App};
use gone_runtime::moved;

fn is_partner(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head().headers().contains_key("x-partner")
}

#[moved(to = "/v2/users/{id}", since = "2025-03-01", reason = "Users moved to API v2", max_age = 600)]
#[get(
    "/v1/users/{id}",
    name = "user_v1",
    guard = "is_partner",
    wrap = "actix_web::middleware::Logger::default()"
)]
async fn user_v1(id: web::Path<NotEvenAType>) -> String {
    id.into_inner().to_string()
}

#[moved(to = "https://search.example.com/?q={term}", since = "2025-03-01", status = 301)]
#[route("/v1/search/{term}", method = "GET", method = "POST")]
async fn search_v1() {}

#[moved(to = "/v2/files/{tail}", since = "2025-03-01")]
#[routes]
#[get("/v1/files/{tail}*")]
#[get("/v0/files/{tail}*")]
async fn files_v1() {}

#[moved(to = "/v2", since = "2025-03-01")]
#[actix_web::scope("/v0")]
mod v0 {
    use actix_web::{get, post};

    #[get("/users")]
    pub async fn users() {}

    #[moved(to = "/v2/sign-up", since = "2025-01-01", status = 308)]
    #[post("/users")]
    pub async fn sign_up() {}
}

#[moved(path = "/v1/old", method = ["GET", "POST"], to = "/v2/new", since = "2025-03-01")]
async fn old() {}

fn main() {
    let _ = App::new()
        .service(user_v1)
        .service(search_v1)
        .service(files_v1)
        .service(v0::users)
        .service(v0::sign_up)
        .service(old)
        .route("/v1/old", web::get().to(old));
    let m = gone_runtime::manifest();
    assert_eq!(m.moved().len(), 9);
    assert_eq!(m.len(), 0);
}
