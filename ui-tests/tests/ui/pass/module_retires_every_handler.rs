//! No warning: the handlers' own #[gone] needs no import inside the module.
#![deny(warnings)]

use actix_web::App;
use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "API v1 was shut down")]
#[actix_web::scope("/v1")]
mod v1 {
    use actix_web::{get, post};

    #[get("/users/{id}")]
    pub async fn user(id: actix_web::web::Path<u64>) -> String {
        id.to_string()
    }

    #[gone(since = "2025-02-01", reason = "Sign-ups closed first")]
    #[post("/users")]
    pub async fn sign_up() {}
}

#[actix_web::scope("/v2")]
#[gone(since = "2026-01-01", reason = "API v2 was shut down too")]
mod v2 {
    use actix_web::get;

    #[get("/users")]
    pub async fn users() {}
}

#[gone(since = "2024-01-01", reason = "Unscoped")]
mod old {
    use actix_web::get;

    #[get("/old")]
    pub async fn old() {}
}

fn main() {
    // Served from the manifest: no handler needs naming.
    let _ = App::new().configure(gone_runtime::serve_all);
    let listed: Vec<_> = gone_runtime::manifest()
        .iter()
        .map(|r| format!("{} {} {}", r.method(), r.path(), r.reason()))
        .collect();
    assert_eq!(
        listed,
        [
            "GET /old Unscoped",
            "POST /v1/users Sign-ups closed first",
            "GET /v1/users/{id} API v1 was shut down",
            "GET /v2/users API v2 was shut down too",
        ]
    );
}
