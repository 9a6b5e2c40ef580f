//! Issue 4: `#[gone]` on an inline module retires every route handler in it, with or without
//! actix-web's `#[scope]`, in either order; a handler's own `#[gone]` wins.

use crate::common::{call, req};
use actix_web::App;
use gone_runtime::{gone, manifest};

#[gone(since = "2024-01-01", reason = "API v0 is over")]
#[actix_web::scope("/m/v0")]
pub mod v0 {
    use actix_web::{get, post};

    #[get("/users/{id}")]
    pub async fn user(id: actix_web::web::Path<u64>) -> String {
        id.to_string()
    }

    #[gone(since = "2024-02-01", reason = "Sign-ups closed a month earlier")]
    #[post("/users")]
    pub async fn sign_up() -> &'static str {
        "ok"
    }

    /// Not a route handler: left alone and still callable.
    pub fn helper() -> u8 {
        7
    }
}

#[actix_web::scope("/m/v00")]
#[gone(since = "2024-03-01", reason = "Scope first")]
pub mod v00 {
    use actix_web::{delete, routes};

    #[delete("/users/{id}")]
    pub async fn remove() -> &'static str {
        "removed"
    }

    #[routes]
    #[get("/a")]
    #[put("/a")]
    pub async fn both() -> &'static str {
        "both"
    }
}

#[gone(since = "2024-04-01", reason = "No scope", link = "https://example.com/m")]
pub mod unscoped {
    use actix_web::get;

    #[get("/m/plain")]
    pub async fn plain() -> &'static str {
        "plain"
    }

    pub mod nested {
        use actix_web::get;

        #[get("/m/nested")]
        pub async fn nested() -> &'static str {
            "nested"
        }
    }
}

#[actix_web::test]
async fn every_handler_in_the_module_answers_410() {
    assert_eq!(v0::helper(), 7);
    let app = actix_web::test::init_service(
        App::new()
            .service(v0::user)
            .service(v0::sign_up)
            .service(v00::remove)
            .service(v00::both)
            .service(unscoped::plain)
            .service(unscoped::nested::nested),
    )
    .await;
    for (m, uri) in [
        ("GET", "/m/v0/users/x"),
        ("HEAD", "/m/v0/users/1"),
        ("POST", "/m/v0/users"),
        ("DELETE", "/m/v00/users/1"),
        ("GET", "/m/v00/a"),
        ("PUT", "/m/v00/a"),
        ("GET", "/m/plain"),
        ("GET", "/m/nested"),
    ] {
        assert_eq!(call(&app, req(m, uri)).await.status, 410, "{m} {uri}");
    }
}

#[test]
fn the_manifest_has_the_module_reason_or_the_handler_own() {
    let m = manifest();
    let listed: Vec<_> = m
        .iter()
        .filter(|r| r.path().starts_with("/m/"))
        .map(|r| format!("{} {} {} {}", r.method(), r.path(), r.since(), r.reason()))
        .collect();
    assert_eq!(
        listed,
        [
            "GET /m/nested 2024-04-01 No scope",
            "GET /m/plain 2024-04-01 No scope",
            "POST /m/v0/users 2024-02-01 Sign-ups closed a month earlier",
            "GET /m/v0/users/{id} 2024-01-01 API v0 is over",
            "GET /m/v00/a 2024-03-01 Scope first",
            "PUT /m/v00/a 2024-03-01 Scope first",
            "DELETE /m/v00/users/{id} 2024-03-01 Scope first",
        ]
    );
    assert!(m
        .iter()
        .filter(|r| r.path().starts_with("/m/plain"))
        .all(|r| r.link() == Some("https://example.com/m")));
}
