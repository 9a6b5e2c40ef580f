//! SPEC §18: the header forms of deployed APIs, kept as fixtures (raw responses in
//! `tests/fixtures/`), read as their documentation describes them:
//!
//! - `github.http`: GitHub's REST API deprecations, `Deprecation` as an HTTP-date (the drafts'
//!   form), `Sunset`, and `Link` with `rel="deprecation"`;
//! - `rfc9745.http`: RFC 9745's own example, `Deprecation: @1688169599`;
//! - `aspnet.http`: ASP.NET API Versioning's sunset policy, `Sunset` and a `Link` with
//!   `rel="sunset"` (with `type` and `title`), beside its own `api-deprecated-versions`;
//! - `gone.http`: gone's own 410, with its problem body.

use gone_client::{Deprecation, GoneClient, Notice};
use std::time::{Duration, UNIX_EPOCH};

/// A header's name and value.
type Header = (String, Vec<u8>);

/// The status, headers and body of a raw response.
fn raw(name: &str) -> (u16, Vec<Header>, Vec<u8>) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let bytes = std::fs::read(&path).unwrap();
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8(bytes[..split].to_vec()).unwrap();
    let body = bytes[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_string(), v.trim().as_bytes().to_vec())
        })
        .collect();
    (status, headers, body)
}

fn notices(name: &str, url: &str) -> gone_client::Notices {
    let (status, headers, body) = raw(name);
    let headers: Vec<(&str, &[u8])> = headers.iter().map(|(n, v)| (n.as_str(), v.as_slice())).collect();
    let response = gone_client::Response {
        method: "GET",
        url,
        status,
        headers: &headers,
        body: Some(&body),
    };
    GoneClient::builder()
        .log(false)
        .strict(false)
        .build()
        .observe(&response)
        .unwrap()
}

fn at(secs: u64) -> std::time::SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

#[test]
fn githubs_deprecation_as_a_date() {
    let notices = notices(
        "github.http",
        "https://api.github.com/applications/abc/tokens/def",
    );
    let [Notice::Deprecated(d)] = &notices[..] else {
        panic!("{notices:?}")
    };
    assert_eq!(d.deprecation, Some(Deprecation::At(at(1_613_304_000))));
    assert_eq!(d.sunset, Some(at(1_615_766_400)));
    assert_eq!(
        d.links.deprecation,
        ["https://developer.github.com/changes/2020-02-14-deprecating-oauth-app-endpoint/"]
    );
}

#[test]
fn rfc_9745s_structured_date() {
    let notices = notices("rfc9745.http", "https://api.example.com/v1/items");
    let [Notice::Deprecated(d)] = &notices[..] else {
        panic!("{notices:?}")
    };
    assert_eq!(d.deprecation, Some(Deprecation::At(at(1_688_169_599))));
    assert_eq!(d.sunset, Some(at(1_719_791_999)));
    assert_eq!(d.links.deprecation, ["https://developer.example.com/deprecation"]);
}

#[test]
fn aspnet_api_versionings_sunset_policy() {
    let notices = notices("aspnet.http", "http://my.api.com/api/values?api-version=1.0");
    let [Notice::Deprecated(d)] = &notices[..] else {
        panic!("{notices:?}")
    };
    assert_eq!(d.url, "http://my.api.com/api/values");
    assert_eq!(d.deprecation, None);
    assert_eq!(d.sunset, Some(at(1_640_995_200)));
    assert_eq!(d.links.sunset, ["http://my.api.com/policies/sunset.html"]);
}

#[test]
fn gones_own_410_with_its_problem_body() {
    let notices = notices("gone.http", "https://bookstore.example/v1/books");
    let [Notice::Removed(r)] = &notices[..] else {
        panic!("{notices:?}")
    };
    assert_eq!(r.status, 410);
    assert_eq!(
        r.reason.as_deref(),
        Some("API v1 was shut down; list books with GET /v2/books")
    );
    assert_eq!(r.since.as_deref(), Some("2025-03-01"));
    assert_eq!(
        r.link.as_deref(),
        Some("https://bookstore.example/docs/migrate-to-v2")
    );
    assert_eq!(r.sunset, Some(at(1_740_787_200)));
}
