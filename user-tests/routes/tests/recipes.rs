//! The recipes users copy, through actix-web's service stack, in a crate that depends on
//! actix-web with its default features.

use actix_web::http::{Method, StatusCode};
use actix_web::test::{self, TestRequest};
use actix_web::{web, App};

/// Status, body and `Sunset` header of one request through `app`.
async fn send<S>(app: &S, method: Method, uri: &str) -> (StatusCode, String, Option<String>)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse,
        Error = actix_web::Error,
    >,
{
    let res = test::call_service(app, TestRequest::default().method(method).uri(uri).to_request()).await;
    let status = res.status();
    let length = res
        .headers()
        .get("sunset")
        .map(|v| v.to_str().unwrap().to_string());
    let body = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    (status, body, length)
}

/// A private handler in a module, retired, is registered from outside its module.
#[actix_web::test]
async fn a_private_handler_is_reachable_from_where_the_live_one_was() {
    let app = test::init_service(App::new().service(my_routes::api::private_handler)).await;
    let (status, body, _) = send(&app, Method::GET, "/p").await;
    assert_eq!(status, 410);
    assert!(body.contains("The private endpoint was removed"), "{body}");
}

/// The README's module example: the module's `#[gone]` for `user`, the handler's own for
/// `sign_up`, with no import of `gone` inside the module.
#[actix_web::test]
async fn the_readme_module_example_retires_each_handler() {
    let app = test::init_service(App::new().configure(my_routes::configure)).await;
    let (status, body, _) = send(&app, Method::GET, "/v1/users/7").await;
    assert_eq!(status, 410);
    assert!(
        body.contains("API v1 was shut down; see /v2") && body.contains("2025-03-01"),
        "{body}"
    );
    let (status, body, _) = send(&app, Method::POST, "/v1/users").await;
    assert_eq!(status, 410);
    assert!(
        body.contains("Sign-ups closed a month earlier") && body.contains("2025-02-01"),
        "{body}"
    );
}

/// The hand-registration recipe answers HEAD as GET, with the same headers (the server leaves
/// the body off on the wire and keeps its Content-Length: `tests/http/wire.rs` pins that).
#[actix_web::test]
async fn the_hand_registration_recipe_answers_head() {
    let app = test::init_service(App::new().configure(my_routes::configure)).await;
    let (get, body, get_sunset) = send(&app, Method::GET, "/old").await;
    let (head, head_body, head_sunset) = send(&app, Method::HEAD, "/old").await;
    assert_eq!((get, head), (StatusCode::GONE, StatusCode::GONE));
    assert!(body.contains("The old page is gone"));
    assert_eq!(head_body, body);
    assert_eq!(head_sunset, get_sunset);
    assert_eq!(get_sunset.as_deref(), Some("Sat, 01 Mar 2025 00:00:00 GMT"));
}

/// `.route(path, web::get().to(h))` still compiles for a retired handler and answers GET; the
/// audit names its HEAD, with advice that compiles: `.service(old_route)`.
#[actix_web::test]
async fn a_handler_left_under_route_is_named_by_the_audit_with_advice_that_compiles() {
    let app = test::init_service(
        App::new()
            .configure(my_routes::configure)
            .route("/old-route", web::get().to(my_routes::old_route)),
    )
    .await;
    assert_eq!(send(&app, Method::GET, "/old-route").await.0, 410);
    let failures = gone_runtime::test::audit(&app, gone_runtime::manifest().iter(), |_, r| r).await;
    let lines: Vec<String> = failures.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].starts_with("GET /old-route (my_routes::old_route at "),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("sent HEAD /old-route"), "{}", lines[0]);
    assert!(lines[0].contains(".service(old_route)"), "{}", lines[0]);

    // The advice, followed: `.service(old_route)` answers HEAD too, and the audit passes.
    let app = test::init_service(
        App::new()
            .configure(my_routes::configure)
            .service(my_routes::old_route),
    )
    .await;
    assert_eq!(send(&app, Method::HEAD, "/old-route").await.0, 410);
    gone_runtime::test::assert_all_gone(&app).await;
}

/// `#[get("x")]`: served, listed and exported as `/x`, as actix-web serves it.
#[actix_web::test]
async fn a_path_without_a_leading_slash_is_listed_and_served_as_actix_serves_it() {
    let manifest = gone_runtime::manifest();
    let route = manifest.iter().find(|r| r.handler() == "no_slash").unwrap();
    assert_eq!(route.path(), "/x");
    let nginx = manifest.to_nginx().unwrap();
    assert!(
        nginx.contains("# GET HEAD /x\nif ($gone_request ~ \"^(?:GET|HEAD) "),
        "{nginx}"
    );
    assert!(nginx.contains("*$)/x(?:\\\\?.*)?$\")"), "{nginx}");

    let registered = test::init_service(App::new().configure(my_routes::configure)).await;
    assert_eq!(send(&registered, Method::GET, "/x").await.0, 410);
    let served = test::init_service(App::new().configure(gone_runtime::serve_all)).await;
    assert_eq!(send(&served, Method::GET, "/x").await.0, 410);
    assert_eq!(send(&served, Method::HEAD, "/x").await.0, 410);
    gone_runtime::test::assert_all_gone_with(&served, |_, r| r).await;
}

async fn live() -> &'static str {
    "live"
}

/// Every route of `my_routes` registered, `old` under a hand-written `web::scope("/api")`.
macro_rules! app_with_old_under_a_scope {
    () => {
        test::init_service(
            App::new()
                .service(my_routes::api::private_handler)
                .service(my_routes::v1::user)
                .service(my_routes::v1::sign_up)
                .service(my_routes::old_route)
                .service(web::scope("/api").service(my_routes::old))
                .configure(|cfg| {
                    cfg.service(web::resource("/x").route(web::post().to(live)));
                }),
        )
        .await
    };
}

/// A retired route registered under a hand-written `web::scope`, and one hidden by a live
/// `web::resource` without its method: the audit names each cause and what to write.
#[actix_web::test]
async fn the_audit_names_a_hand_written_scope_and_a_live_resource_that_hides_a_route() {
    let app = app_with_old_under_a_scope!();
    let failures = gone_runtime::test::audit(&app, gone_runtime::manifest().iter(), |_, r| r).await;
    let lines: Vec<String> = failures.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 4, "GET and HEAD of each: {lines:#?}");
    let old = lines.iter().find(|l| l.starts_with("GET /old (")).unwrap();
    assert!(
        old.contains("`old` is registered at /api/old, under a prefix its attribute does not know (a hand-written `web::scope(...)`?)"),
        "{old}"
    );
    let x = lines
        .iter()
        .find(|l| l.starts_with("GET /x (") && l.contains("sent GET"))
        .unwrap();
    assert!(
        x.contains("got 405: a live `web::resource(\"/x\")` without GET hides it"),
        "{x}"
    );
}

/// The count is of routes, not of requests: GET and HEAD of one route are one route.
#[actix_web::test]
#[should_panic(expected = "2 of 6 retired routes do not answer 410 Gone:")]
async fn the_audit_counts_routes_not_requests() {
    let app = app_with_old_under_a_scope!();
    gone_runtime::test::assert_all_gone(&app).await;
}
