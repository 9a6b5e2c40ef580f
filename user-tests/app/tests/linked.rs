//! A library crate of routes that the binary names: its retired routes are in the manifest,
//! and `serve_all` answers them. Naming it is all it takes: `use my_routes as _;`.

use actix_web::{test, App};
use my_routes as _;

#[actix_web::test]
async fn a_library_of_routes_named_by_the_binary_is_linked_in() {
    let manifest = retire::manifest();
    let paths: Vec<&str> = manifest.iter().map(|r| r.path()).collect();
    assert!(
        paths.contains(&"/v1/users/{id}") && paths.contains(&"/old"),
        "{paths:?}"
    );
    let app = test::init_service(App::new().configure(retire::serve_all)).await;
    retire::test::assert_all_gone(&app).await;
}

/// SPEC §16: the library's routes are written in the page the library declares in its own
/// `Cargo.toml` (`[package.metadata.gone] page = "templates/gone.html"`), whichever app
/// serves them; this app declares none.
#[actix_web::test]
async fn a_library_s_routes_keep_the_library_s_own_page() {
    let app = test::init_service(App::new().configure(retire::serve_all)).await;
    let req = test::TestRequest::get()
        .uri("/v1/users/7")
        .insert_header(("accept", "text/html"))
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), 410);
    let body = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(
        body.contains("<header><a href=\"/\">My shop</a></header>"),
        "{body}"
    );
    assert!(body.contains("<p>API v1 was shut down; see /v2</p>"), "{body}");
}
