//! A content site with its removed pages listed as data, not as handlers: `removed!` reads
//! `examples/site/removed.csv` at compile time (a few dozen old posts, a discontinued product
//! line and a closed forum board as prefixes, a page removed on a court order, pages that
//! moved), and `Lists` answers them before routing, though `/posts/{slug}` is live.
//!
//! ```text
//! cargo run --example site                          # serves on 127.0.0.1:8082
//! cargo run --example site -- --bind 127.0.0.1:9002
//! cargo run --example site -- --manifest json       # or markdown, nginx, nginx-maps, haproxy,
//!                                                   # haproxy-map, caddy, apache, apache-map, varnish
//! ```

use actix_web::{get, post, web, App, HttpResponse, HttpServer};

gone_runtime::removed!("examples/site/removed.csv");

/// Every post that was not removed.
#[get("/posts/{slug}")]
async fn post_page(slug: web::Path<String>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(format!(
            "<!DOCTYPE html>\n<title>{slug}</title>\n<h1>{slug}</h1>\n"
        ))
}

#[get("/about")]
async fn about() -> HttpResponse {
    HttpResponse::Ok().body("About us\n")
}

#[get("/shop")]
async fn shop() -> HttpResponse {
    HttpResponse::Ok().body("The shop\n")
}

#[get("/comments")]
async fn comments() -> HttpResponse {
    HttpResponse::Ok().body("The comment archive (read-only)\n")
}

/// Never reached: the list answers `POST /comments` first.
#[post("/comments")]
async fn comment() -> HttpResponse {
    HttpResponse::Created().finish()
}

/// The site: `Lists` first, so that a listed path answers its status before any route.
pub fn app(cfg: &mut web::ServiceConfig) {
    cfg.service(post_page)
        .service(about)
        .service(shop)
        .service(comments)
        .service(comment);
}

enum Run {
    Serve(String),
    Print(String),
}

fn args() -> Result<Run, String> {
    let mut args = std::env::args().skip(1);
    let mut run = Run::Serve("127.0.0.1:8082".to_string());
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bind" => {
                run = Run::Serve(
                    args.next()
                        .ok_or("--bind needs an address, like 127.0.0.1:8082")?,
                )
            }
            "--manifest" => {
                run = Run::Print(
                    args.next()
                        .ok_or("--manifest needs a format: json, markdown, nginx, nginx-maps, haproxy, haproxy-map, caddy, apache, apache-map or varnish")?,
                )
            }
            _ => {
                return Err(
                    "usage: site [--bind ADDR] [--manifest json|markdown|nginx|nginx-maps|haproxy|haproxy-map|caddy|apache|apache-map|varnish]".to_string(),
                )
            }
        }
    }
    Ok(run)
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let addr = match args() {
        Ok(Run::Serve(addr)) => addr,
        Ok(Run::Print(format)) => {
            let m = gone_runtime::manifest();
            let out = match format.as_str() {
                "json" => Ok(m.to_json_pretty()),
                "markdown" => Ok(m.to_markdown()),
                "nginx" => m.to_nginx().map_err(|e| e.to_string()),
                "nginx-maps" => m.to_nginx_maps().map_err(|e| e.to_string()),
                "haproxy" => m.to_haproxy_lists("/etc/haproxy/gone-list.map").map_err(|e| e.to_string()),
                "haproxy-map" => m.to_haproxy_list_map().map_err(|e| e.to_string()),
                "caddy" => m.to_caddy_lists().map_err(|e| e.to_string()),
                "apache" => m.to_apache_lists("/etc/apache2/gone-list.txt").map_err(|e| e.to_string()),
                "apache-map" => m.to_apache_list_map().map_err(|e| e.to_string()),
                "varnish" => m.to_varnish_lists().map_err(|e| e.to_string()),
                other => Err(format!(
                    "unknown format {other:?}: json, markdown, nginx, nginx-maps, haproxy, haproxy-map, caddy, apache, apache-map or varnish"
                )),
            };
            return match out {
                Ok(text) => {
                    print!("{text}");
                    Ok(())
                }
                Err(e) => {
                    eprintln!("{e}");
                    std::process::exit(1)
                }
            };
        }
        Err(usage) => {
            eprintln!("{usage}");
            std::process::exit(2)
        }
    };
    let rows = gone_runtime::manifest().listed().count();
    println!("serving the site on http://{addr} ({rows} removed paths listed)");
    HttpServer::new(|| App::new().wrap(gone_runtime::Lists).configure(app))
        .bind(addr)?
        .run()
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::{self, TestRequest};

    #[actix_web::test]
    async fn every_listed_page_answers_as_its_row_says() {
        let app = test::init_service(App::new().wrap(gone_runtime::Lists).configure(app)).await;
        gone_runtime::test::assert_all_gone(&app).await;
        let status = |uri: &str, method: actix_web::http::Method| {
            TestRequest::default().method(method).uri(uri).to_request()
        };
        use actix_web::http::Method;
        for (uri, method, expected) in [
            ("/posts/launch-2019", Method::GET, 410),
            ("/posts/launch-2020", Method::GET, 200),
            ("/shop/widgets/blue/large", Method::GET, 410),
            ("/shop", Method::GET, 200),
            ("/forum/off-topic/t/1", Method::DELETE, 410),
            ("/posts/leaked-memo", Method::GET, 451),
            ("/about-us?ref=nav", Method::GET, 301),
            ("/comments", Method::POST, 410),
            ("/comments", Method::GET, 200),
            ("/feeds/2012.xml", Method::HEAD, 410),
        ] {
            let res = test::call_service(&app, status(uri, method.clone())).await;
            assert_eq!(res.status().as_u16(), expected, "{method} {uri}");
        }
    }

    #[test]
    fn the_manifest_has_every_row() {
        let m = gone_runtime::manifest();
        assert_eq!(m.listed().count(), 36);
        assert!(m.duplicates().is_empty());
        assert!(m.to_nginx_maps().unwrap().contains("\"/posts/launch-2019\""));
    }
}
