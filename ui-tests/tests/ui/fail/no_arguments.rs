use actix_web::get;
use gone_runtime::gone;

#[gone]
#[get("/v1/users")]
async fn list_users_v1() {}

fn main() {}
