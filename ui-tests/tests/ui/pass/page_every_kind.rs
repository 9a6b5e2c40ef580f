//! `page = "..."` on every kind that writes HTML, and `page!` for the run-time `Gone`: each
//! answer is the template, filled in.
use actix_web::{get, test, App, HttpResponse};
use gone_runtime::{gone, moved, sunset, Gone};

#[gone(since = "2025-03-01", reason = "API v1 was shut down", page = "pages/good.html")]
#[get("/v1/users")]
async fn users_v1() {}

#[sunset(deprecated = "2025-01-15", on = "2025-06-30", reason = "Use /v2/teams", page = "pages/good.html")]
#[get("/v1/teams")]
async fn teams_v1() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[moved(to = "/v2/me", since = "2025-03-01", page = "pages/good.html")]
#[get("/v1/me")]
async fn me_v1() {}

#[get("/posts/1")]
async fn post() -> Gone {
    Gone::new("Deleted")
}

fn main() {
    actix_web::rt::System::new().block_on(async {
        let app = test::init_service(
            App::new()
                .app_data(gone_runtime::page!("pages/good.html"))
                .service(users_v1)
                .service(teams_v1)
                .service(me_v1)
                .service(post),
        )
        .await;
        for (uri, reason) in [
            ("/v1/users", "API v1 was shut down"),
            ("/v1/me", "This page has a new address."),
            ("/posts/1", "Deleted"),
        ] {
            let req = test::TestRequest::get().uri(uri).insert_header(("accept", "text/html")).to_request();
            let body = test::call_and_read_body(&app, req).await;
            let body = String::from_utf8(body.to_vec()).unwrap();
            assert!(body.contains(&format!("<main>{reason}</main>")), "{uri}: {body}");
        }
    });
}
