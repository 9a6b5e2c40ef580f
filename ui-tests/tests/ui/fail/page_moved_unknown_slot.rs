use actix_web::get;
use gone_runtime::moved;

#[moved(to = "/v2/users", since = "2025-03-01", page = "pages/unknown_slot.html")]
#[get("/v1/users")]
async fn users_v1() {}

fn main() {}
