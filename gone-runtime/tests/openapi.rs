//! SPEC §10, `openapi`: the document of an app with one route of each kind, documented by
//! utoipa or not, as JSON, and validated by a real OpenAPI validator (the Python
//! `openapi-spec-validator`, which `.ci/run` installs: skipped with a message without it,
//! failed in CI).
#![cfg(feature = "openapi")]

use actix_web::{get, route, HttpResponse};
use gone_runtime::openapi::Retirements;
use gone_runtime::{gone, moved, sunset};
use serde_json::{json, Value};
use utoipa::OpenApi;

/// Documented while it lived; the doc stays, the handler is removed.
#[utoipa::path(
    get,
    path = "/v1/books/{id}",
    params(("id" = u64, Path, description = "The book's id")),
    responses((status = 200, description = "The book"))
)]
#[allow(dead_code)]
fn documented_book_v1() {}

#[gone(
    since = "2025-03-01",
    reason = "API v1 was shut down; use /v2/books/{id}",
    link = "https://example.com/migrate"
)]
#[get(r"/v1/books/{id:\d+}")]
async fn book_v1() {}

/// Never documented: the operation is added.
#[gone(since = "2024-11-15", reason = "Search moved to the catalogue")]
#[route("/v1/search", method = "GET", method = "POST")]
async fn search_v1() {}

#[utoipa::path(
    get,
    path = "/v2/books/{id}/cover",
    params(("id" = u64, Path, description = "The book's id")),
    responses((status = 200, description = "The cover", content_type = "image/png"))
)]
#[allow(dead_code)]
fn documented_cover() {}

#[sunset(
    deprecated = "2025-01-15",
    on = "2025-06-30T12:00Z",
    reason = "Covers move to the media service",
    link = "https://example.com/media",
    brownouts = ["2025-06-03T14:00Z/PT1H"]
)]
#[get("/v2/books/{id}/cover")]
async fn cover() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[moved(to = "/v2/users/{id}", since = "2025-03-01", reason = "Users moved to v2")]
#[get("/v1/users/{id}")]
async fn user_v1() {}

#[derive(OpenApi)]
#[openapi(
    info(title = "Bookstore", version = "2.0.0"),
    paths(documented_book_v1, documented_cover),
    modifiers(&Retirements)
)]
struct ApiDoc;

fn document() -> Value {
    serde_json::to_value(ApiDoc::openapi()).unwrap()
}

#[test]
fn a_removed_operation_answers_only_its_410() {
    let doc = document();
    let op = &doc["paths"]["/v1/books/{id}"]["get"];
    assert_eq!(op["deprecated"], true);
    assert_eq!(op["x-gone-since"], "2025-03-01");
    assert_eq!(op["x-gone-link"], "https://example.com/migrate");
    assert_eq!(
        op["description"],
        "Removed on 2025-03-01: API v1 was shut down; use /v2/books/{id}"
    );
    let responses = op["responses"].as_object().unwrap();
    assert_eq!(responses.keys().collect::<Vec<_>>(), ["410"], "{op}");
    let gone = &responses["410"];
    assert_eq!(
        gone["content"]["application/problem+json"]["schema"]["$ref"],
        "#/components/schemas/GoneProblem"
    );
    assert!(gone["content"]["text/html"].is_object());
    assert!(gone["content"]["text/plain"].is_object());
    let headers = &gone["headers"];
    assert_eq!(
        headers["Sunset"]["schema"]["examples"],
        json!(["Sat, 01 Mar 2025 00:00:00 GMT"])
    );
    assert_eq!(
        headers["Cache-Control"]["schema"]["examples"],
        json!(["public, max-age=86400"])
    );
    assert_eq!(
        headers["Link"]["schema"]["examples"],
        json!(["<https://example.com/migrate>; rel=\"sunset\""])
    );
    // The documented parameter stays, and is not declared twice.
    let params = op["parameters"].as_array().unwrap();
    assert_eq!(params.len(), 1, "{op}");
    assert_eq!(params[0]["description"], "The book's id");
    // The schema of the body, once.
    let problem = &doc["components"]["schemas"]["GoneProblem"];
    assert_eq!(problem["required"], json!(["type", "title", "status", "detail"]));
}

#[test]
fn an_undocumented_operation_is_added_with_a_unique_id() {
    let doc = document();
    let item = &doc["paths"]["/v1/search"];
    let (get, post) = (&item["get"], &item["post"]);
    assert_eq!(
        (get["deprecated"].clone(), post["deprecated"].clone()),
        (json!(true), json!(true))
    );
    let ids = [
        get["operationId"].as_str().unwrap(),
        post["operationId"].as_str().unwrap(),
    ];
    assert!(ids.contains(&"search_v1") && ids[0] != ids[1], "{ids:?}");
    assert!(
        get.get("parameters").is_none(),
        "a static path has no parameters: {get}"
    );
    // A path parameter is declared for an added operation on a pattern.
    let moved = &doc["paths"]["/v1/users/{id}"]["get"];
    assert_eq!(
        moved["parameters"],
        json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}])
    );
}

#[test]
fn a_sunset_operation_keeps_its_responses_with_the_headers_and_gains_its_410() {
    let doc = document();
    let op = &doc["paths"]["/v2/books/{id}/cover"]["get"];
    assert_eq!(op["deprecated"], true);
    assert_eq!(op["x-sunset-deprecated"], "2025-01-15");
    assert_eq!(op["x-sunset"], "2025-06-30T12:00Z");
    assert_eq!(op["x-sunset-brownouts"], json!(["2025-06-03T14:00Z/PT1H"]));
    let ok = &op["responses"]["200"];
    assert!(ok["content"]["image/png"].is_object(), "{ok}");
    assert_eq!(
        ok["headers"]["Deprecation"]["schema"]["examples"],
        json!(["@1736899200"])
    );
    assert_eq!(
        ok["headers"]["Sunset"]["schema"]["examples"],
        json!(["Mon, 30 Jun 2025 12:00:00 GMT"])
    );
    assert_eq!(
        ok["headers"]["Link"]["schema"]["examples"],
        json!(["<https://example.com/media>; rel=\"deprecation\"; type=\"text/html\""])
    );
    let gone = &op["responses"]["410"];
    assert_eq!(
        gone["content"]["application/problem+json"]["schema"]["$ref"],
        "#/components/schemas/GoneProblem"
    );
    assert_eq!(
        gone["headers"]["Sunset"]["schema"]["examples"],
        json!(["Mon, 30 Jun 2025 12:00:00 GMT"])
    );
}

#[test]
fn a_moved_operation_answers_only_its_redirect() {
    let doc = document();
    let op = &doc["paths"]["/v1/users/{id}"]["get"];
    assert_eq!(op["deprecated"], true);
    assert_eq!(op["x-moved-to"], "/v2/users/{id}");
    assert_eq!(op["x-moved-status"], 308);
    assert_eq!(op["x-moved-since"], "2025-03-01");
    assert_eq!(
        op["description"],
        "Moved to /v2/users/{id} on 2025-03-01: Users moved to v2"
    );
    let responses = op["responses"].as_object().unwrap();
    assert_eq!(responses.keys().collect::<Vec<_>>(), ["308"]);
    assert_eq!(
        responses["308"]["headers"]["Location"]["schema"]["examples"],
        json!(["/v2/users/{id}"])
    );
}

#[test]
fn the_document_validates() {
    let dir = std::env::temp_dir().join(format!("gone-openapi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("openapi.json");
    std::fs::write(&path, serde_json::to_string_pretty(&document()).unwrap()).unwrap();
    let verdict = validate(&path);
    let _ = std::fs::remove_dir_all(&dir);
    if let Some(verdict) = verdict {
        verdict.unwrap();
    }
}

/// Runs `openapi-spec-validator` on the file: `None` when it is not installed (outside CI).
fn validate(path: &std::path::Path) -> Option<Result<(), String>> {
    let out = std::process::Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(path)
        .output();
    match out {
        Ok(out) if out.status.success() => Some(Ok(())),
        Ok(out) if String::from_utf8_lossy(&out.stderr).contains("No module named") => {
            if std::env::var_os("CI").is_some() {
                panic!("openapi-spec-validator is not installed, and CI requires this test: python3 -m pip install openapi-spec-validator");
            }
            eprintln!("SKIPPED: openapi-spec-validator is not installed (python3 -m pip install openapi-spec-validator); the document was not validated");
            None
        }
        Ok(out) => Some(Err(format!(
            "the document does not validate:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))),
        Err(e) => panic!("cannot run python3: {e}"),
    }
}
