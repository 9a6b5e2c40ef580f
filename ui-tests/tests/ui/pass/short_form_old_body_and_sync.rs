use actix_web::{get, post, App};
use gone_runtime::gone;

// Short form: no arguments, no return type, empty body.
#[gone(since = "2025-03-01", reason = "r")]
#[get("/short")]
async fn short_v1() {}

// Old form: the argument and return types and the body refer to code that was deleted.
#[gone(since = "2025-03-01", reason = "r")]
#[post("/old/{id}")]
async fn old_v1(id: Path<DeletedId>, db: Data<DeletedDb>) -> Result<Json<DeletedUser>, DeletedError> {
    Ok(Json(db.load(id.into_inner()).await?))
}

// A synchronous old handler: the responder is async.
#[gone(since = "2025-03-01", reason = "r")]
#[get("/sync")]
fn sync_v1() -> String {
    String::from("old")
}

/// Doc comments and other attributes stay on the handler.
#[gone(since = "2025-03-01", reason = "r")]
#[get("/documented")]
#[allow(clippy::unused_async)]
pub async fn documented_v1() {}

fn main() {
    let _ = App::new().service(short_v1).service(old_v1).service(sync_v1).service(documented_v1);
}
