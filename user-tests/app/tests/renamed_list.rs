//! `removed!` through gone-runtime renamed (`retire`): the list's statics name the runtime
//! by the name the user's Cargo.toml gives it, and `retire::Lists` answers them.

use actix_web::test::{self, TestRequest};
use actix_web::{get, App, HttpResponse};

retire::removed!("removed.csv");

#[get("/renamed/{slug}")]
async fn live() -> HttpResponse {
    HttpResponse::Ok().finish()
}

/// `#[revived]` through the renamed crate, on a handler in a library-style module.
mod back {
    use actix_web::{get, HttpResponse};

    #[retire::revived(since = "2025-09-01", reason = "The page is back by popular demand")]
    #[get("/renamed/back")]
    pub async fn back() -> HttpResponse {
        HttpResponse::Ok().body("back")
    }
}

#[actix_web::test]
async fn a_revival_through_the_renamed_crate() {
    let app = test::init_service(App::new().wrap(retire::Lists).service(back::back)).await;
    let res = test::call_service(&app, TestRequest::get().uri("/renamed/back").to_request()).await;
    assert_eq!(res.status(), 200);
    let m = retire::manifest();
    let revived: Vec<&str> = m.revived().map(|r| r.path()).collect();
    assert_eq!(revived, ["/renamed/back", "/renamed/back-listed"]);
    retire::test::assert_all_gone(&app).await;
}

#[actix_web::test]
async fn a_list_answers_through_the_renamed_crate() {
    let app = test::init_service(App::new().wrap(retire::Lists).service(live)).await;
    let listed = test::call_service(&app, TestRequest::get().uri("/renamed/listed").to_request()).await;
    assert_eq!(listed.status(), 410);
    let moved = test::call_service(&app, TestRequest::get().uri("/renamed/old/a?x=1").to_request()).await;
    assert_eq!(moved.status(), 301);
    assert_eq!(moved.headers().get("location").unwrap(), "/renamed/new?x=1");
    let other = test::call_service(&app, TestRequest::get().uri("/renamed/other").to_request()).await;
    assert_eq!(other.status(), 200);
    let rows = retire::manifest()
        .listed()
        .filter(|r| r.file() == "removed.csv")
        .count();
    assert_eq!(rows, 2);
}
