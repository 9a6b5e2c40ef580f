//! A user's app: the routes of `my-routes`, and every retired route of the binary served by
//! the renamed `retire` (gone-runtime).

use actix_web::{App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let bind = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8082".to_string());
    println!("{} retired routes, on {bind}", retire::manifest().len());
    HttpServer::new(|| {
        App::new()
            .configure(my_routes::configure)
            .configure(retire::serve_all)
    })
    .bind(bind)?
    .run()
    .await
}
