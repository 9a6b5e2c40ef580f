//! A small blog on SQLite: deleted posts keep a tombstone and answer 410 Gone with the reason
//! and date of deletion; ids that never existed answer 404.
//!
//! ```text
//! cargo run --example blog                           # serves on 127.0.0.1:8081
//! cargo run --example blog -- --bind 127.0.0.1:9001 --db /tmp/blog.sqlite
//! ```

use actix_web::middleware::from_fn;
use actix_web::{delete, get, post, web, App, HttpResponse, HttpServer};
use gone_runtime::{gone, Date, Gone};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// The database: one connection, shared. SQLite answers these small queries in microseconds.
pub struct Db(Mutex<Connection>);

impl Db {
    pub fn open(path: &std::path::Path) -> rusqlite::Result<Db> {
        let conn = Connection::open(path)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE IF NOT EXISTS posts (
                 id            INTEGER PRIMARY KEY AUTOINCREMENT,
                 title         TEXT NOT NULL,
                 body          TEXT NOT NULL,
                 created_at    INTEGER NOT NULL,
                 deleted_at    INTEGER,
                 delete_reason TEXT
             );",
        )?;
        Ok(Db(Mutex::new(conn)))
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Seconds since the Unix epoch, as SQLite stores integers.
fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn db_error(e: rusqlite::Error) -> actix_web::Error {
    actix_web::error::ErrorInternalServerError(format!("database error: {e}"))
}

fn bad_request(message: &str) -> HttpResponse {
    HttpResponse::BadRequest().json(json!({ "error": message }))
}

/// What a post row says about the post.
enum Post {
    Live {
        title: String,
        body: String,
        created_at: i64,
    },
    Deleted {
        at: i64,
        reason: String,
    },
}

fn load(db: &Db, id: i64) -> Result<Option<Post>, actix_web::Error> {
    db.conn()
        .query_row(
            "SELECT title, body, created_at, deleted_at, delete_reason FROM posts WHERE id = ?1",
            params![id],
            |row| {
                let deleted_at: Option<i64> = row.get(3)?;
                Ok(match deleted_at {
                    Some(at) => Post::Deleted {
                        at,
                        reason: row.get::<_, Option<String>>(4)?.unwrap_or_default(),
                    },
                    None => Post::Live {
                        title: row.get(0)?,
                        body: row.get(1)?,
                        created_at: row.get(2)?,
                    },
                })
            },
        )
        .optional()
        .map_err(db_error)
}

/// The tombstone's answer: the reason and the date it was deleted.
fn tombstone(at: i64, reason: String) -> Gone {
    let gone = Gone::new(reason).max_age(3600);
    match u64::try_from(at).ok().and_then(Date::from_unix_seconds) {
        Some(date) => gone.since(date),
        None => gone,
    }
}

#[post("/posts")]
async fn create_post(db: web::Data<Db>, body: web::Json<Value>) -> actix_web::Result<HttpResponse> {
    let field = |name: &str| {
        body.get(name)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let (Some(title), Some(text)) = (field("title"), field("body")) else {
        return Ok(bad_request("a post needs a non-empty \"title\" and \"body\""));
    };
    let created_at = now();
    let conn = db.conn();
    conn.execute(
        "INSERT INTO posts (title, body, created_at) VALUES (?1, ?2, ?3)",
        params![title, text, created_at],
    )
    .map_err(db_error)?;
    let id = conn.last_insert_rowid();
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/posts/{id}")))
        .json(json!({ "id": id, "title": title, "body": text, "created_at": created_at })))
}

#[get("/posts/{id}")]
async fn get_post(db: web::Data<Db>, id: web::Path<String>) -> actix_web::Result<HttpResponse> {
    let Ok(id) = id.parse::<i64>() else {
        return Ok(HttpResponse::NotFound().json(json!({ "error": "no such post" })));
    };
    match load(&db, id)? {
        Some(Post::Live {
            title,
            body,
            created_at,
        }) => Ok(HttpResponse::Ok()
            .json(json!({ "id": id, "title": title, "body": body, "created_at": created_at }))),
        Some(Post::Deleted { at, reason }) => Err(tombstone(at, reason).into()),
        None => Ok(HttpResponse::NotFound().json(json!({ "error": "no such post" }))),
    }
}

#[delete("/posts/{id}")]
async fn delete_post(
    db: web::Data<Db>,
    id: web::Path<String>,
    body: Option<web::Json<Value>>,
) -> actix_web::Result<HttpResponse> {
    let Ok(id) = id.parse::<i64>() else {
        return Ok(HttpResponse::NotFound().json(json!({ "error": "no such post" })));
    };
    let reason = body
        .as_ref()
        .and_then(|b| b.get("reason"))
        .and_then(Value::as_str)
        .map(str::trim);
    let Some(reason) = reason.filter(|r| !r.is_empty()) else {
        return Ok(bad_request("say why: {\"reason\": \"...\"}"));
    };
    match load(&db, id)? {
        None => Ok(HttpResponse::NotFound().json(json!({ "error": "no such post" }))),
        Some(Post::Deleted { at, reason }) => Err(tombstone(at, reason).into()),
        Some(Post::Live { .. }) => {
            // The tombstone keeps the row and forgets the content.
            db.conn()
                .execute(
                    "UPDATE posts SET deleted_at = ?1, delete_reason = ?2, title = '', body = ''
                     WHERE id = ?3 AND deleted_at IS NULL",
                    params![now(), reason, id],
                )
                .map_err(db_error)?;
            Ok(HttpResponse::NoContent().finish())
        }
    }
}

/// The RSS feed, retired for the JSON one.
#[gone(
    since = "2026-06-01",
    reason = "The RSS feed was retired; subscribe to /feed.json instead",
    link = "https://blog.example/feeds"
)]
#[get("/feed.rss")]
async fn feed_rss() {}

/// Everything the blog serves; `negotiate` lets an `Err(Gone)` follow the client's `Accept`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    // The site's own page for the run-time 410s (declared for this example in Cargo.toml).
    cfg.app_data(gone_runtime::page!())
        .service(create_post)
        .service(get_post)
        .service(delete_post)
        .service(feed_rss)
        .route("/_gone/stats", web::get().to(gone_runtime::stats_json));
}

fn parse_args() -> Result<(String, std::path::PathBuf), String> {
    let mut bind = "127.0.0.1:8081".to_string();
    let mut db = std::env::temp_dir().join("gone-blog.sqlite");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bind" => {
                bind = args
                    .next()
                    .ok_or("--bind needs an address, like 127.0.0.1:8081")?
            }
            "--db" => db = args.next().ok_or("--db needs a file path")?.into(),
            "-h" | "--help" => return Err("usage: blog [--bind ADDR] [--db PATH]".into()),
            other => return Err(format!("unknown argument `{other}`; try --help")),
        }
    }
    Ok((bind, db))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let (bind, path) = parse_args().unwrap_or_else(|message| {
        eprintln!("{message}");
        std::process::exit(2);
    });
    // Every 410 is logged (target `gone`): who still asks for what is gone.
    tracing_subscriber::fmt().with_target(true).init();
    let db = web::Data::new(Db::open(&path).map_err(std::io::Error::other)?);
    println!("blog on http://{bind}, posts in {}", path.display());
    HttpServer::new(move || {
        App::new()
            .app_data(db.clone())
            .wrap(from_fn(gone_runtime::negotiate))
            .configure(configure)
    })
    .bind(&bind)?
    .run()
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::{self, TestRequest};

    fn temp_db(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("gone-blog-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("blog.sqlite")
    }

    macro_rules! app {
        ($path:expr) => {{
            let db = web::Data::new(Db::open($path).unwrap());
            test::init_service(
                App::new()
                    .app_data(db)
                    .wrap(from_fn(gone_runtime::negotiate))
                    .configure(configure),
            )
            .await
        }};
    }

    async fn json_of<B: actix_web::body::MessageBody>(res: actix_web::dev::ServiceResponse<B>) -> Value {
        serde_json::from_slice(&test::read_body(res).await).unwrap()
    }

    #[actix_web::test]
    async fn create_read_delete_and_the_tombstone_answers_410() {
        let path = temp_db("lifecycle");
        let app = app!(&path);
        let res = test::call_service(
            &app,
            TestRequest::post()
                .uri("/posts")
                .set_json(json!({"title": "Hello", "body": "First post"}))
                .to_request(),
        )
        .await;
        assert_eq!(res.status(), 201);
        let id = json_of(res).await["id"].as_i64().unwrap();

        let res =
            test::call_service(&app, TestRequest::get().uri(&format!("/posts/{id}")).to_request()).await;
        assert_eq!(res.status(), 200);
        assert_eq!(json_of(res).await["title"], "Hello");

        let delete = || {
            TestRequest::delete()
                .uri(&format!("/posts/{id}"))
                .set_json(json!({"reason": "Removed at the author's request <3"}))
                .to_request()
        };
        assert_eq!(test::call_service(&app, delete()).await.status(), 204);

        let res =
            test::call_service(&app, TestRequest::get().uri(&format!("/posts/{id}")).to_request()).await;
        assert_eq!(res.status(), 410);
        assert_eq!(
            res.headers().get("content-type").unwrap(),
            "application/problem+json"
        );
        let today = Date::from_unix_seconds(now() as u64).unwrap();
        assert_eq!(
            res.headers().get("sunset").unwrap().to_str().unwrap(),
            today.imf_fixdate()
        );
        assert_eq!(res.headers().get("vary").unwrap(), "Accept");
        let body = json_of(res).await;
        assert_eq!(body["detail"], "Removed at the author's request <3");
        assert_eq!(body["since"], today.to_string());

        // Negotiated like a retired route, escaping included.
        let res = test::call_service(
            &app,
            TestRequest::get()
                .uri(&format!("/posts/{id}"))
                .insert_header(("accept", "text/html"))
                .to_request(),
        )
        .await;
        assert_eq!(res.status(), 410);
        let html = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
        assert!(
            html.contains("Removed at the author&#39;s request &lt;3"),
            "{html}"
        );
        // In the blog's own page.
        assert!(
            html.contains("<header><a href=\"/\">The blog</a></header>"),
            "{html}"
        );

        // A second delete: 410 as well.
        assert_eq!(test::call_service(&app, delete()).await.status(), 410);
    }

    #[actix_web::test]
    async fn ids_that_never_existed_are_404_and_bad_input_is_400() {
        let app = app!(&temp_db("missing"));
        for uri in ["/posts/999", "/posts/abc"] {
            let res = test::call_service(&app, TestRequest::get().uri(uri).to_request()).await;
            assert_eq!(res.status(), 404, "{uri}");
        }
        let res = test::call_service(
            &app,
            TestRequest::delete()
                .uri("/posts/999")
                .set_json(json!({"reason": "x"}))
                .to_request(),
        )
        .await;
        assert_eq!(res.status(), 404);
        let res = test::call_service(
            &app,
            TestRequest::post()
                .uri("/posts")
                .set_json(json!({"title": ""}))
                .to_request(),
        )
        .await;
        assert_eq!(res.status(), 400);
        let res = test::call_service(
            &app,
            TestRequest::post()
                .uri("/posts")
                .set_payload("{oops")
                .to_request(),
        )
        .await;
        assert_eq!(res.status(), 400);
    }

    #[actix_web::test]
    async fn a_restart_on_the_same_file_keeps_every_tombstone() {
        let path = temp_db("restart");
        let mut ids = Vec::new();
        {
            let app = app!(&path);
            for n in 0..3 {
                let res = test::call_service(
                    &app,
                    TestRequest::post()
                        .uri("/posts")
                        .set_json(json!({"title": format!("P{n}"), "body": "b"}))
                        .to_request(),
                )
                .await;
                ids.push(json_of(res).await["id"].as_i64().unwrap());
            }
            for id in &ids[..2] {
                let req = TestRequest::delete()
                    .uri(&format!("/posts/{id}"))
                    .set_json(json!({"reason": format!("gone {id}")}))
                    .to_request();
                assert_eq!(test::call_service(&app, req).await.status(), 204);
            }
        }
        // A new app, a new connection, the same file.
        let app = app!(&path);
        for id in &ids[..2] {
            let res =
                test::call_service(&app, TestRequest::get().uri(&format!("/posts/{id}")).to_request()).await;
            assert_eq!(res.status(), 410);
            assert_eq!(json_of(res).await["detail"], format!("gone {id}"));
        }
        let res = test::call_service(
            &app,
            TestRequest::get().uri(&format!("/posts/{}", ids[2])).to_request(),
        )
        .await;
        assert_eq!(res.status(), 200);
    }

    #[actix_web::test]
    async fn the_retired_feed_and_the_stats() {
        let app = app!(&temp_db("stats"));
        let res = test::call_service(&app, TestRequest::get().uri("/feed.rss").to_request()).await;
        assert_eq!(res.status(), 410);
        let res = test::call_service(&app, TestRequest::get().uri("/_gone/stats").to_request()).await;
        let stats = json_of(res).await;
        let feed = stats["gone_stats"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["route"] == "/feed.rss")
            .unwrap();
        assert_eq!(feed["source"], "attribute");
        assert!(feed["hits"].as_u64().unwrap() >= 1);
    }
}
