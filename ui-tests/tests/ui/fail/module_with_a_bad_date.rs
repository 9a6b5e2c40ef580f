use gone_runtime::gone;

// One wrong date on the module gives one message, not one per handler, and the old bodies
// (which use a type deleted with v1) add none.
#[gone(since = "2025-02-29", reason = "API v1 was shut down")]
#[actix_web::scope("/v1")]
mod v1 {
    use actix_web::{get, post};

    #[get("/users")]
    pub async fn users() -> actix_web::web::Json<Vec<UserV1>> {
        actix_web::web::Json(UserV1::all())
    }

    #[post("/users")]
    pub async fn create(user: actix_web::web::Json<UserV1>) -> String {
        user.name.clone()
    }
}

fn main() {
    let _ = actix_web::App::new().service(v1::users).service(v1::create);
}
