use actix_web::{get, post, route, routes, test, App, web};
use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "gone <b>", link = "https://example.com/m")]
#[get("/v1/users/{id}")]
async fn get_user_v1(id: web::Path<u64>) -> String {
    id.to_string()
}

#[gone(since = "2025-03-01", reason = "x")]
#[post("/v1/users")]
async fn create_user_v1(body: web::Json<u64>) -> String {
    body.to_string()
}

#[gone(since = "2025-03-01", reason = "x")]
#[route("/v1/r", method = "GET", method = "POST")]
async fn r() {}

#[gone(since = "2025-03-01", reason = "x")]
#[routes]
#[get("/v1/a")]
#[delete("/v1/b")]
async fn rs() {}

#[actix_web::test]
async fn smoke() {
    let app = test::init_service(App::new().service(get_user_v1).service(create_user_v1).service(r).service(rs)).await;
    for (m, p) in [("GET", "/v1/users/abc"), ("HEAD", "/v1/users/1"), ("POST", "/v1/users"), ("HEAD", "/v1/r"), ("POST", "/v1/r"), ("HEAD", "/v1/a"), ("DELETE", "/v1/b")] {
        let req = test::TestRequest::default().method(m.parse().unwrap()).uri(p).set_payload("{bad").to_request();
        let res = test::call_service(&app, req).await;
        println!("{m} {p} {} {:?}", res.status(), res.headers());
        assert_eq!(res.status(), 410, "{m} {p}");
    }
    println!("{}", gone_runtime::manifest().to_json());
    println!("{}", gone_runtime::manifest().to_markdown());
}
