//! A library crate of routes that the binary never names is dropped by the linker, with its
//! `#[gone]` entries: the audit then has nothing to audit, and says why instead of passing.

use actix_web::{test, App};

#[actix_web::test]
#[should_panic(
    expected = "no retired route is linked into this binary, so there is nothing to audit. If the retired routes live in a library crate, the linker drops that crate"
)]
async fn an_audit_with_no_retired_route_linked_in_fails_and_says_why() {
    assert!(retire::manifest().is_empty());
    let app = test::init_service(App::new().configure(retire::serve_all)).await;
    retire::test::assert_all_gone(&app).await;
}
