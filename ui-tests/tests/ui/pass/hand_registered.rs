use actix_web::{web, App};
use gone_runtime::gone;

#[gone(since = "2025-03-01", reason = "r", path = "/by-hand")]
async fn by_hand_v1() {}

#[gone(since = "2025-03-01", reason = "r", path = "/by-hand/{id}", method = ["PUT", "PATCH"])]
async fn by_hand_update_v1(old: web::Json<DeletedType>) -> String {
    old.to_string()
}

fn main() {
    let _ = App::new()
        .route("/by-hand", web::get().to(by_hand_v1))
        .route("/by-hand/{id}", web::put().to(by_hand_update_v1))
        .route("/by-hand/{id}", web::patch().to(by_hand_update_v1));
    let pairs: Vec<_> =
        gone_runtime::manifest().iter().map(|r| format!("{} {}", r.method(), r.path())).collect();
    assert_eq!(pairs, ["GET /by-hand", "PATCH /by-hand/{id}", "PUT /by-hand/{id}"]);
}
