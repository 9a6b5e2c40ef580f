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
