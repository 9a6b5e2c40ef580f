//! `#[revived]` wherever `#[gone]` goes, with no warning: a method attribute with `name`,
//! `guard` and `wrap`, `#[route]`, `#[routes]`, `cfg` and docs, a module (every handler in it),
//! a handler inside a retired module, a handler registered by hand. The handlers are left as
//! written: their bodies and extractors compile and run.
#![deny(warnings)]

use actix_web::{get, route, routes, test, web, App, HttpResponse};
use gone_runtime::{gone, revived};

fn is_partner(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head().headers().contains_key("x-partner")
}

/// A revived handler keeps its docs.
#[revived(since = "2025-09-01", reason = "Partners asked for v1 back")]
#[get(
    "/v1/users/{id}",
    name = "user_v1",
    guard = "is_partner",
    wrap = "actix_web::middleware::Logger::default()"
)]
async fn user_v1(id: web::Path<u32>) -> String {
    format!("user {id}")
}

#[revived(since = "2025-09-01", reason = "Search is back")]
#[route("/v1/search/{term}", method = "GET", method = "POST")]
async fn search_v1(term: web::Path<String>) -> String {
    format!("searched {term}")
}

#[revived(since = "2025-09-01", reason = "Files are back")]
#[routes]
#[get("/v1/files/{tail}*")]
#[get("/v0/files/{tail}*")]
async fn files_v1() -> &'static str {
    "a file"
}

#[cfg(not(any()))]
#[revived(since = "2025-09-01", reason = "Configured back")]
#[get("/v1/configured")]
async fn configured() -> &'static str {
    "configured"
}

#[revived(since = "2025-09-01", reason = "The whole v0 scope is back")]
#[actix_web::scope("/v0")]
mod v0 {
    use actix_web::{get, post};

    #[get("/users")]
    pub async fn users() -> &'static str {
        "v0 users"
    }

    #[revived(since = "2025-10-01", reason = "Sign-ups reopened later")]
    #[post("/users")]
    pub async fn sign_up(body: String) -> String {
        body
    }
}

#[gone(since = "2025-03-01", reason = "The beta API was shut down")]
mod beta {
    use actix_web::get;

    #[get("/beta/old")]
    pub async fn old() {}

    #[revived(since = "2025-10-01", reason = "The status page is back")]
    #[get("/beta/status")]
    pub async fn status() -> &'static str {
        "ok"
    }
}

#[revived(path = "/v1/old", method = ["GET", "POST"], since = "2025-09-01", reason = "Registered by hand")]
async fn old() -> HttpResponse {
    HttpResponse::Ok().body("old, by hand")
}

fn main() {
    actix_web::rt::System::new().block_on(async {
        let app = test::init_service(
            App::new()
                .service(user_v1)
                .service(search_v1)
                .service(files_v1)
                .service(configured)
                .service(v0::users)
                .service(v0::sign_up)
                .service(beta::old)
                .service(beta::status)
                .route("/v1/old", web::get().to(old))
                .route("/v1/old", web::post().to(old)),
        )
        .await;
        for (uri, expected) in [
            ("/v1/search/rust", "searched rust"),
            ("/v1/files/a/b", "a file"),
            ("/v0/files/a", "a file"),
            ("/v1/configured", "configured"),
            ("/v0/users", "v0 users"),
            ("/beta/status", "ok"),
            ("/v1/old", "old, by hand"),
        ] {
            let res = test::call_service(&app, test::TestRequest::get().uri(uri).to_request()).await;
            assert_eq!(res.status(), 200, "{uri}");
            assert_eq!(test::read_body(res).await, expected, "{uri}");
        }
        let partner = test::TestRequest::get().uri("/v1/users/7").insert_header(("x-partner", "1"));
        let res = test::call_service(&app, partner.to_request()).await;
        assert_eq!(test::read_body(res).await, "user 7");
        let res = test::call_service(&app, test::TestRequest::get().uri("/beta/old").to_request()).await;
        assert_eq!(res.status(), 410);
        gone_runtime::test::assert_all_gone(&app).await;
    });
    let m = gone_runtime::manifest();
    let revived: Vec<(&str, &str)> = m.revived().map(|r| (r.method(), r.path())).collect();
    assert_eq!(
        revived,
        [
            ("GET", "/beta/status"),
            ("GET", "/v0/files/{tail}*"),
            ("GET", "/v0/users"),
            ("POST", "/v0/users"),
            ("GET", "/v1/configured"),
            ("GET", "/v1/files/{tail}*"),
            ("GET", "/v1/old"),
            ("POST", "/v1/old"),
            ("GET", "/v1/search/{term}"),
            ("POST", "/v1/search/{term}"),
            ("GET", "/v1/users/{id}"),
        ]
    );
    let sign_up = m.revived().find(|r| r.method() == "POST" && r.path() == "/v0/users").unwrap();
    assert_eq!(sign_up.reason(), "Sign-ups reopened later");
    assert!(m.revived().find(|r| r.path() == "/v1/users/{id}").unwrap().guarded());
    assert_eq!(m.iter().map(|r| r.path()).collect::<Vec<_>>(), ["/beta/old"]);
    assert!(m.duplicates().is_empty());
}
