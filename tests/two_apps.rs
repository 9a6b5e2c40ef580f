//! Issue 20, items 8 and 9: two apps in one binary, a public one and an admin one, each
//! serving and auditing only its own retirements (removed and moved); and the audit's words:
//! routes counted as routes, handlers in a module named by their path from the crate root.

use actix_web::test::{call_service, init_service, TestRequest};
use actix_web::{get, App};
use gone_runtime::{gone, manifest, moved};

mod public {
    use super::*;

    #[gone(since = "2025-03-01", reason = "Books moved to /v2/books")]
    #[get("/v1/books")]
    pub async fn books_v1() {}

    #[moved(to = "/v2/authors/{id}", since = "2025-03-01")]
    #[get("/v1/authors/{id}")]
    pub async fn author_v1() {}
}

mod admin {
    use super::*;

    #[gone(since = "2025-04-01", reason = "Reports moved to the dashboard")]
    #[get("/admin/reports")]
    pub async fn reports() {}

    #[moved(to = "/admin/v2/users", since = "2025-04-01")]
    #[get("/admin/users")]
    pub async fn users() {}

    #[actix_web::scope("/admin/v0")]
    pub mod v0 {
        use super::*;

        #[gone(since = "2025-01-01", reason = "v0 is gone")]
        #[get("/add")]
        pub async fn add() {}
    }
}

fn public_routes() -> gone_runtime::Manifest {
    manifest().within(concat!(module_path!(), "::public"))
}

fn admin_routes() -> gone_runtime::Manifest {
    manifest().within(concat!(module_path!(), "::admin"))
}

#[actix_web::test]
async fn each_app_serves_and_audits_only_its_own_routes() {
    let (public, admin) = (public_routes(), admin_routes());
    assert_eq!(public.len() + public.moved().len(), 2);
    assert_eq!(admin.len() + admin.moved().len(), 3);
    // `within` takes a module and what lies inside it, not a module whose name starts alike.
    assert_eq!(manifest().within(concat!(module_path!(), "::admi")).len(), 0);
    let public_app = init_service(App::new().configure(gone_runtime::serve(public.clone()))).await;
    let admin_app = init_service(App::new().configure(gone_runtime::serve(admin.clone()))).await;
    for (app, own, other) in [
        (&public_app, "/v1/books", "/admin/reports"),
        (&admin_app, "/admin/reports", "/v1/books"),
    ] {
        let res = call_service(app, TestRequest::get().uri(own).to_request()).await;
        assert_eq!(res.status(), 410, "{own}");
        let res = call_service(app, TestRequest::get().uri(other).to_request()).await;
        assert_eq!(res.status(), 404, "{other} is the other app's");
    }
    let res = call_service(&admin_app, TestRequest::get().uri("/admin/users").to_request()).await;
    assert_eq!(res.status(), 308);
    let res = call_service(&admin_app, TestRequest::get().uri("/v1/authors/1").to_request()).await;
    assert_eq!(res.status(), 404);
    // Each audit passes on its own app (the moved targets are not served here: not audited
    // as chains, since no route answers them; see below)...
    let failures = gone_runtime::test::audit(&public_app, public.iter(), |_, req| req).await;
    assert!(failures.is_empty(), "{failures:#?}");
    let failures = gone_runtime::test::audit(&admin_app, admin.iter(), |_, req| req).await;
    assert!(failures.is_empty(), "{failures:#?}");
}

/// What a panicking audit says, run on an app of its own.
fn audit_message<F, Fut>(audit: F) -> String
where
    F: FnOnce() -> Fut + std::panic::UnwindSafe,
    Fut: std::future::Future<Output = ()>,
{
    let err = std::panic::catch_unwind(|| actix_web::rt::System::new().block_on(audit())).unwrap_err();
    err.downcast_ref::<String>().cloned().unwrap_or_default()
}

#[test]
fn the_whole_binary_audit_on_one_app_names_the_other_apps_routes() {
    let message = audit_message(|| async {
        let app = init_service(App::new().configure(gone_runtime::serve(admin_routes()))).await;
        gone_runtime::test::assert_all_gone(&app).await;
    });
    assert!(message.contains("GET /v1/books"), "{message}");
}

#[actix_web::test]
async fn assert_all_gone_in_covers_moved_routes_and_passes_on_its_own_app() {
    #[get("/admin/v2/users")]
    async fn users_v2() -> &'static str {
        "users"
    }
    let admin = admin_routes();
    let app = init_service(
        App::new()
            .service(users_v2)
            .configure(gone_runtime::serve(admin.clone())),
    )
    .await;
    gone_runtime::test::assert_all_gone_in(&app, &admin).await;
}

#[test]
fn the_audit_counts_routes_and_names_handlers_by_their_path() {
    // Nothing registered: every route fails, for GET and for HEAD.
    let message = audit_message(|| async {
        let app = init_service(App::new()).await;
        gone_runtime::test::assert_all_gone_in(&app, &admin_routes()).await;
    });
    assert!(
        message.contains("2 of 2 retired routes do not answer 410 Gone"),
        "{message}"
    );
    // One moved route, failing for GET and for HEAD: one route.
    assert!(
        message.contains("1 of 1 moved routes do not redirect"),
        "{message}"
    );
    // A handler in a module is registered by its path from the crate root.
    assert!(message.contains("add `.service(admin::v0::add)`"), "{message}");
    assert!(message.contains("add `.service(admin::users)`"), "{message}");
}

#[actix_web::test]
#[should_panic(expected = "the manifest given holds no route")]
async fn a_filter_that_matches_nothing_says_so() {
    let app = init_service(App::new()).await;
    gone_runtime::test::assert_all_gone_in(&app, &manifest().within("no_such_crate")).await;
}
