//! Retirements in the app's OpenAPI document, built with utoipa: every removed, sunset and
//! moved operation marked `deprecated`, with the answers it gives now and the dates in `x-`
//! extensions.

use crate::manifest::{manifest, Manifest};
use crate::pattern::{self, Part};
use crate::statics::{MovedRoute, RetiredRoute, SunsetRoute};
use serde_json::json;
use utoipa::openapi::extensions::{Extensions, ExtensionsBuilder};
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{
    Components, ContentBuilder, Deprecated, OpenApi, Ref, RefOr, Required, Response, ResponseBuilder,
    Responses,
};

/// The name of the problem+json schema every 410 refers to, in `components.schemas`.
pub const PROBLEM_SCHEMA: &str = "GoneProblem";

/// A [`utoipa::Modify`] (utoipa's modifiers take a name: `use` it, then
/// `modifiers(&Retirements)`) that marks every retirement of the [`manifest`] in the document:
///
/// - a removed operation (`#[gone]`) is `deprecated`, answers only its 410 (problem+json,
///   HTML or text; `Sunset`, `Cache-Control`, `Vary` and `Link` headers; the reason as
///   description), and carries `x-gone-since` (and `x-gone-link`);
/// - a sunset operation (`#[sunset]`) is `deprecated`, each of its responses gains the
///   `Deprecation`, `Sunset` and `Link` headers, it gains the 410 it answers in brownouts and
///   from `on`, and it carries `x-sunset-deprecated`, `x-sunset` and `x-sunset-brownouts`;
/// - a moved operation (`#[moved]`) is `deprecated`, answers only its redirect (`Location`,
///   `Cache-Control`), and carries `x-moved-to`, `x-moved-status` and `x-moved-since`.
///
/// An operation the document lacks is added (with its path parameters); path keys are written
/// as utoipa's actix-web support writes them (`{id:\d+}` is `{id}`, `{tail}*` is `{tail}`).
///
/// ```
/// use actix_web::get;
/// use gone_runtime::gone;
/// use gone_runtime::openapi::Retirements;
/// use utoipa::OpenApi;
///
/// #[gone(since = "2025-03-01", reason = "API v1 was shut down")]
/// #[get("/v1/users/{id}")]
/// async fn get_user_v1() {}
///
/// #[derive(OpenApi)]
/// #[openapi(modifiers(&Retirements))]
/// struct ApiDoc;
///
/// let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
/// let op = &doc["paths"]["/v1/users/{id}"]["get"];
/// assert_eq!(op["deprecated"], true);
/// assert_eq!(op["x-gone-since"], "2025-03-01");
/// assert!(op["responses"]["410"].is_object());
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Retirements;

impl utoipa::Modify for Retirements {
    fn modify(&self, openapi: &mut OpenApi) {
        mark(openapi, &manifest());
    }
}

/// What [`Retirements`] does, for a manifest of the caller's choice (a part of the app).
///
/// ```
/// let mut doc = utoipa::openapi::OpenApiBuilder::new().build();
/// gone_runtime::openapi::mark(&mut doc, &gone_runtime::manifest());
/// ```
pub fn mark(openapi: &mut OpenApi, manifest: &Manifest) {
    let mut taken: Vec<String> = operations(openapi)
        .filter_map(|op| op.operation_id.clone())
        .collect();
    let mut any_410 = false;
    for r in manifest.iter() {
        let op = operation(openapi, r.method(), r.path(), r.handler(), &mut taken);
        removed(op, r);
        any_410 = true;
    }
    for r in manifest.sunset() {
        let op = operation(openapi, r.method(), r.path(), r.handler(), &mut taken);
        sunset(op, r);
        any_410 = true;
    }
    for r in manifest.moved() {
        let op = operation(openapi, r.method(), r.path(), r.handler(), &mut taken);
        moved(op, r);
    }
    if any_410 {
        let components = openapi.components.get_or_insert_with(Components::new);
        components
            .schemas
            .insert(PROBLEM_SCHEMA.to_string(), RefOr::T(problem_schema()));
    }
}

/// Every operation of the document.
fn operations(openapi: &OpenApi) -> impl Iterator<Item = &Operation> {
    openapi.paths.paths.values().flat_map(|item| {
        [
            &item.get,
            &item.put,
            &item.post,
            &item.delete,
            &item.options,
            &item.head,
            &item.patch,
            &item.trace,
        ]
        .into_iter()
        .flatten()
    })
}

/// The path as utoipa writes it for actix-web: each parameter by its name alone.
pub(crate) fn openapi_path(path: &str) -> String {
    match pattern::parts(path) {
        Some(parts) => parts
            .iter()
            .map(|p| match p {
                Part::Text(t) => (*t).to_string(),
                Part::Param { name, .. } => format!("{{{name}}}"),
            })
            .collect(),
        None => path.to_string(),
    }
}

/// The document's operation for (method, path), added when missing (with an operation id
/// from the handler's name, unique in the document, and the path's parameters).
fn operation<'a>(
    openapi: &'a mut OpenApi,
    method: &str,
    path: &str,
    handler: &str,
    taken: &mut Vec<String>,
) -> &'a mut Operation {
    let key = openapi_path(path);
    let item = openapi.paths.paths.entry(key).or_default();
    let slot = match method {
        "PUT" => &mut item.put,
        "POST" => &mut item.post,
        "DELETE" => &mut item.delete,
        "OPTIONS" => &mut item.options,
        "HEAD" => &mut item.head,
        "PATCH" => &mut item.patch,
        "TRACE" => &mut item.trace,
        _ => &mut item.get,
    };
    let op = slot.get_or_insert_with(|| {
        let mut id = handler.to_string();
        if taken.contains(&id) {
            id = format!("{handler}_{}", method.to_ascii_lowercase());
        }
        let mut n = 2;
        while taken.contains(&id) {
            id = format!("{handler}_{}_{n}", method.to_ascii_lowercase());
            n += 1;
        }
        taken.push(id.clone());
        OperationBuilder::new().operation_id(Some(id)).build()
    });
    // Every parameter of the path, declared as the spec wants, unless it already is.
    let names = pattern::parts(path).map_or_else(Vec::new, |parts| {
        parts
            .iter()
            .filter_map(|p| match p {
                Part::Param { name, .. } => Some(name.to_string()),
                Part::Text(_) => None,
            })
            .collect()
    });
    let params = op.parameters.get_or_insert_with(Vec::new);
    for name in names {
        let declared = params
            .iter()
            .any(|p| p.name == name && p.parameter_in == ParameterIn::Path);
        if !declared {
            params.push(
                ParameterBuilder::new()
                    .name(name)
                    .parameter_in(ParameterIn::Path)
                    .required(Required::True)
                    .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                    .build(),
            );
        }
    }
    if op.parameters.as_ref().is_some_and(Vec::is_empty) {
        op.parameters = None;
    }
    op
}

/// A string schema.
fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn header(description: &str, example: Option<&str>) -> utoipa::openapi::header::Header {
    let mut schema = string();
    if let Some(example) = example {
        schema = schema.examples([json!(example)]);
    }
    HeaderBuilder::new()
        .schema(schema)
        .description(Some(description))
        .build()
}

/// The 410 of a removed route, or of a sunset route in a brownout and from `on`.
fn gone_response(description: &str, sunset: &str, cache_control: &str, link: Option<&str>) -> Response {
    let problem = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name(PROBLEM_SCHEMA)))
        .build();
    let mut response = ResponseBuilder::new()
        .description(description)
        .content("application/problem+json", problem)
        .content("text/html", ContentBuilder::new().schema(Some(string())).build())
        .content("text/plain", ContentBuilder::new().schema(Some(string())).build())
        .header(
            "Sunset",
            header("When the route was (or is) removed (RFC 8594)", Some(sunset)),
        )
        .header(
            "Cache-Control",
            header("How long the answer may be kept", Some(cache_control)),
        )
        .header("Vary", header("The body depends on Accept", Some("Accept")));
    if let Some(link) = link {
        response = response.header("Link", header("Migration notes", Some(link)));
    }
    response.build()
}

fn extensions(pairs: &[(&str, serde_json::Value)]) -> Extensions {
    let mut builder = ExtensionsBuilder::new();
    for (key, value) in pairs {
        builder = builder.add(*key, value.clone());
    }
    builder.build()
}

fn extend(op: &mut Operation, more: Extensions) {
    match &mut op.extensions {
        Some(existing) => existing.merge(more),
        None => op.extensions = Some(more),
    }
}

fn removed(op: &mut Operation, r: &RetiredRoute) {
    let response = r.response();
    op.deprecated = Some(Deprecated::True);
    op.description = Some(format!("Removed on {}: {}", r.since(), r.reason()));
    let sunset = response.sunset;
    let link = response.link_header;
    let mut responses = Responses::new();
    responses.responses.insert(
        "410".to_string(),
        RefOr::T(gone_response(r.reason(), sunset, response.cache_control, link)),
    );
    op.responses = responses;
    let mut pairs = vec![("x-gone-since", json!(r.since()))];
    if let Some(link) = r.link() {
        pairs.push(("x-gone-link", json!(link)));
    }
    extend(op, extensions(&pairs));
}

fn sunset(op: &mut Operation, r: &SunsetRoute) {
    let schedule = r.schedule();
    op.deprecated = Some(Deprecated::True);
    let note = format!(
        "Deprecated since {}; answers 410 Gone from {}: {}",
        r.deprecated(),
        r.on(),
        r.reason()
    );
    op.description = Some(match op.description.take() {
        Some(d) if !d.is_empty() => format!("{d}\n\n{note}"),
        _ => note,
    });
    let deprecation = header(
        "When the deprecation took effect, as @<unix seconds> (RFC 9745)",
        Some(schedule.deprecation_header),
    );
    let sunset = header(
        "From when the route answers 410 (RFC 8594)",
        Some(schedule.gone.sunset),
    );
    let link = schedule
        .link_header
        .map(|l| header("Migration notes, rel=\"deprecation\"", Some(l)));
    if op.responses.responses.is_empty() {
        op.responses.responses.insert(
            "default".to_string(),
            RefOr::T(
                ResponseBuilder::new()
                    .description("The route's response, while deprecated")
                    .build(),
            ),
        );
    }
    for response in op.responses.responses.values_mut() {
        if let RefOr::T(response) = response {
            response.headers.insert("Deprecation".into(), deprecation.clone());
            response.headers.insert("Sunset".into(), sunset.clone());
            if let Some(link) = &link {
                response.headers.insert("Link".into(), link.clone());
            }
        }
    }
    let gone = &schedule.gone;
    op.responses.responses.insert(
        "410".to_string(),
        RefOr::T(gone_response(
            &format!("In a brownout, and from {}: {}", r.on(), r.reason()),
            gone.sunset,
            gone.cache_control,
            gone.link_header,
        )),
    );
    let brownouts: Vec<&str> = r.brownouts().collect();
    extend(
        op,
        extensions(&[
            ("x-sunset-deprecated", json!(r.deprecated())),
            ("x-sunset", json!(r.on())),
            ("x-sunset-brownouts", json!(brownouts)),
        ]),
    );
}

fn moved(op: &mut Operation, r: &MovedRoute) {
    op.deprecated = Some(Deprecated::True);
    let reason = r.reason().map(|r| format!(": {r}")).unwrap_or_default();
    op.description = Some(format!("Moved to {} on {}{reason}", r.to(), r.since()));
    let redirect = r.redirect();
    let response = ResponseBuilder::new()
        .description(format!(
            "Moved permanently to {}, each {{name}} the value the request gave",
            r.to()
        ))
        .header(
            "Location",
            header("The new address, the query string carried over", Some(r.to())),
        )
        .header(
            "Cache-Control",
            header("How long the answer may be kept", Some(redirect.cache_control)),
        )
        .content("text/html", ContentBuilder::new().schema(Some(string())).build())
        .content("text/plain", ContentBuilder::new().schema(Some(string())).build())
        .build();
    let mut responses = Responses::new();
    responses
        .responses
        .insert(r.status().to_string(), RefOr::T(response));
    op.responses = responses;
    extend(
        op,
        extensions(&[
            ("x-moved-to", json!(r.to())),
            ("x-moved-status", json!(r.status())),
            ("x-moved-since", json!(r.since())),
        ]),
    );
}

/// The problem+json body of a 410 (RFC 9457).
fn problem_schema() -> utoipa::openapi::schema::Schema {
    let int = ObjectBuilder::new().schema_type(Type::Integer);
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some("A 410 Gone, as application/problem+json (RFC 9457)"))
        .property("type", string().examples([json!("about:blank")]))
        .property("title", string().examples([json!("Gone")]))
        .property("status", int.examples([json!(410)]))
        .property("detail", string().description(Some("Why it was removed")))
        .property(
            "since",
            string().description(Some("The date of removal, YYYY-MM-DD")),
        )
        .property(
            "link",
            string().description(Some("Migration notes, an absolute URL")),
        )
        .required("type")
        .required("title")
        .required("status")
        .required("detail")
        .build()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_written_as_utoipa_writes_them() {
        assert_eq!(openapi_path(r"/v1/users/{id:\d+}"), "/v1/users/{id}");
        assert_eq!(openapi_path("/files/{tail}*"), "/files/{tail}");
        assert_eq!(openapi_path("/a/{x}.{ext}"), "/a/{x}.{ext}");
    }
}
