use actix_web::{web, App, HttpResponse};
use gone_runtime::sunset;

#[sunset(deprecated = "2025-01-15", on = "2025-06-30", reason = "API v1 is being shut down")]
async fn users_v1() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().route("/v1/users", web::get().to(users_v1));
}
