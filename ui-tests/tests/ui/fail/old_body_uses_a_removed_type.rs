use actix_web::get;
use gone_runtime::gone;

// `UserV1` and `Db` were deleted with the v1 code. A wrong date must not also bring errors
// from the old signature and body.
#[gone(since = "2025-02-29", reason = "API v1 was shut down")]
#[get("/v1/users/{id}")]
async fn get_user_v1(
    id: actix_web::web::Path<u32>,
    db: actix_web::web::Data<Db>,
) -> actix_web::web::Json<UserV1> {
    actix_web::web::Json(db.user(*id).await)
}

fn main() {}
