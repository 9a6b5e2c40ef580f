//! `#[sunset]` wherever `#[gone]` goes, with no warning: a method attribute, `#[route]`,
//! `#[routes]`, a module under `#[scope]` (either order), an inline module whose handlers may
//! carry their own; the handlers stay live and keep their bodies.
#![deny(warnings)]

use actix_web::{get, route, routes, web, App, HttpResponse};
use gone_runtime::sunset;

fn is_partner(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head().headers().contains_key("x-partner")
}

#[sunset(
    deprecated = "2025-01-15",
    on = "2025-06-30T12:00Z",
    reason = "Use /v2/users/{id}",
    link = "https://example.com/migrate",
    brownouts = ["2025-06-03T14:00Z/PT1H", "2025-06-17/P1D"],
    exempt = "is_partner",
    max_age = 600,
)]
#[get("/v1/users/{id}", name = "user_v1", wrap = "actix_web::middleware::Logger::default()")]
async fn user_v1(id: web::Path<u32>) -> HttpResponse {
    HttpResponse::Ok().body(id.to_string())
}

#[sunset(deprecated = "2025-01-15", on = "2025-06-30", reason = "r")]
#[route("/v1/search", method = "GET", method = "POST")]
async fn search_v1() -> &'static str {
    "results"
}

#[sunset(deprecated = "2025-01-15", on = "2025-06-30", reason = "r")]
#[routes]
#[get("/v1/a")]
#[post("/v1/b")]
async fn many_v1() -> &'static str {
    "many"
}

#[sunset(deprecated = "2025-01-15", on = "2025-06-30", reason = "The v0 API is going")]
#[actix_web::scope("/v0")]
mod v0 {
    use actix_web::{get, post};

    #[get("/users")]
    pub async fn users() -> &'static str {
        "users"
    }

    #[sunset(deprecated = "2025-01-01", on = "2025-03-01", reason = "Sign-ups go first")]
    #[post("/users")]
    pub async fn sign_up() -> &'static str {
        "signed up"
    }
}

fn main() {
    let _ = App::new()
        .service(user_v1)
        .service(search_v1)
        .service(many_v1)
        .service(v0::users)
        .service(v0::sign_up);
    let pairs: Vec<_> = gone_runtime::manifest()
        .sunset()
        .map(|r| format!("{} {} {}", r.method(), r.path(), r.on()))
        .collect();
    assert_eq!(
        pairs,
        [
            "GET /v0/users 2025-06-30",
            "POST /v0/users 2025-03-01",
            "GET /v1/a 2025-06-30",
            "POST /v1/b 2025-06-30",
            "GET /v1/search 2025-06-30",
            "POST /v1/search 2025-06-30",
            "GET /v1/users/{id} 2025-06-30T12:00Z",
        ]
    );
}
