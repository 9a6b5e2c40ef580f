use actix_web::get;
use gone_runtime::moved;

#[moved(to = "/v2/users/{user_id}", since = "2025-03-01")]
#[get("/v1/users/{id}/posts/{post}")]
async fn posts_v1() {}

fn main() {}
