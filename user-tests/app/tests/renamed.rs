//! gone-runtime renamed in Cargo.toml (`retire = { package = "gone-runtime", ... }`): every
//! placement of the attribute works through the new name, with nothing to configure.

use actix_web::test::{self, TestRequest};
use actix_web::{get, web, App};
use retire::{gone, moved};

#[gone(since = "2025-03-01", reason = "Renamed and retired")]
#[get("/renamed/one/{id}")]
async fn renamed() {}

#[gone(since = "2025-03-01", reason = "Renamed, several methods")]
#[actix_web::routes]
#[get("/renamed/many")]
#[post("/renamed/many")]
async fn many() {}

#[gone(since = "2025-03-01", reason = "Renamed, with middleware")]
#[get(
    "/renamed/wrapped",
    wrap = "actix_web::middleware::DefaultHeaders::new().add((\"x-wrapped\", \"1\"))"
)]
async fn wrapped() {}

#[gone(since = "2025-03-01", reason = "Renamed, by hand", path = "/renamed/by-hand")]
async fn by_hand() {}

#[gone(since = "2024-01-01", reason = "Renamed module")]
#[actix_web::scope("/renamed/v0")]
mod v0 {
    use actix_web::get;

    #[get("/a")]
    pub async fn a() {}

    #[gone(since = "2024-02-01", reason = "Renamed, its own")]
    #[get("/b")]
    pub async fn b() {}
}

/// A handler kept under actix-web's own macro (another attribute on it).
#[gone(since = "2025-03-01", reason = "Renamed, under actix's macro")]
#[inline]
#[get("/renamed/inline")]
async fn inline() {}

#[moved(to = "/live/{id}", since = "2025-03-01")]
#[get("/renamed/moved/{id}")]
async fn moved_one() {}

#[moved(to = "/live/{id}", since = "2025-03-01", status = 301)]
#[inline]
#[get("/renamed/moved-inline/{id}")]
async fn moved_inline() {}

#[moved(path = "/renamed/moved-by-hand", to = "/live", since = "2025-03-01")]
async fn moved_by_hand() {}

#[actix_web::test]
async fn every_placement_answers_410_through_the_renamed_crate() {
    let app = test::init_service(
        App::new()
            .service(renamed)
            .service(many)
            .service(wrapped)
            .service(by_hand)
            .service(v0::a)
            .service(v0::b)
            .service(inline)
            .service(moved_one)
            .service(moved_inline)
            .service(moved_by_hand)
            .route("/live", web::get().to(|| async { "live" }))
            .route("/live/{id}", web::get().to(|| async { "live" })),
    )
    .await;
    for (method, uri, reason) in [
        ("GET", "/renamed/one/7", "Renamed and retired"),
        ("HEAD", "/renamed/one/7", ""),
        ("POST", "/renamed/many", "Renamed, several methods"),
        ("GET", "/renamed/wrapped", "Renamed, with middleware"),
        ("GET", "/renamed/by-hand", "Renamed, by hand"),
        ("HEAD", "/renamed/by-hand", ""),
        ("GET", "/renamed/v0/a", "Renamed module"),
        ("GET", "/renamed/v0/b", "Renamed, its own"),
        ("GET", "/renamed/inline", "Renamed, under actix's macro"),
    ] {
        let req = TestRequest::default()
            .method(method.parse().unwrap())
            .uri(uri)
            .to_request();
        let res = test::call_service(&app, req).await;
        assert_eq!(res.status(), 410, "{method} {uri}");
        if uri == "/renamed/wrapped" {
            let header = res.headers().get("x-wrapped").map(|v| v.to_str().unwrap());
            assert_eq!(header, Some("1"), "{:?}", res.headers());
        }
        let body = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
        assert!(body.contains(reason), "{method} {uri}: {body}");
    }
    for (uri, status, location) in [
        ("/renamed/moved/7?x=1", 308, "/live/7?x=1"),
        ("/renamed/moved-inline/8", 301, "/live/8"),
        ("/renamed/moved-by-hand", 308, "/live"),
    ] {
        let res = test::call_service(&app, TestRequest::get().uri(uri).to_request()).await;
        assert_eq!(res.status(), status, "{uri}");
        assert_eq!(res.headers().get("location").unwrap(), location, "{uri}");
    }
    assert_eq!(retire::manifest().moved().len(), 3);
    retire::test::assert_all_gone(&app).await;
    let handlers: Vec<&str> = retire::manifest().iter().map(|r| r.handler()).collect();
    for h in ["renamed", "many", "wrapped", "by_hand", "a", "b", "inline"] {
        assert!(handlers.contains(&h), "{h} in {handlers:?}");
    }
}
