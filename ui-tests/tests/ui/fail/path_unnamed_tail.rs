use actix_web::get;
use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "The file browser was removed")]
#[get("/files/*")]
async fn files_v1() {}

fn main() {}
