//! SPEC §18: malformed input. A table of header values, hostile and broken: none panics, none
//! gives a false notice, and each that cannot be read is reported exactly once as malformed
//! (and the rest of the response is still read).

use gone_client::{Collector, Deprecation, GoneClient, Notice, Response};
use std::time::{Duration, UNIX_EPOCH};

/// What a row expects: the kind of the one notice that is not a malformed one (or none), and
/// how many malformed notices.
struct Row {
    status: u16,
    headers: Vec<(&'static str, Vec<u8>)>,
    notice: Option<&'static str>,
    malformed: usize,
}

fn row(
    status: u16,
    headers: &[(&'static str, &[u8])],
    notice: Option<&'static str>,
    malformed: usize,
) -> Row {
    Row {
        status,
        headers: headers.iter().map(|(n, v)| (*n, v.to_vec())).collect(),
        notice,
        malformed,
    }
}

fn rows() -> Vec<Row> {
    let long = "x".repeat(8 * 1024);
    let many_links: String = (0..500)
        .map(|i| format!("</v2/{i}>; rel=\"successor-version\""))
        .collect::<Vec<_>>()
        .join(", ");
    let long_date = format!("@{}", "9".repeat(8 * 1024));
    vec![
        // Deprecation
        row(200, &[("deprecation", b"@1735689600")], Some("deprecated"), 0),
        row(200, &[("deprecation", b"true")], Some("deprecated"), 0),
        row(
            200,
            &[("deprecation", b"Wed, 01 Jan 2025 00:00:00 GMT")],
            Some("deprecated"),
            0,
        ),
        row(200, &[("deprecation", b"@abc")], None, 1),
        row(200, &[("deprecation", b"@")], None, 1),
        row(200, &[("deprecation", b"@-1")], None, 1),
        row(200, &[("deprecation", b"@99999999999999999999")], None, 1),
        row(200, &[("deprecation", long_date.as_bytes())], None, 1),
        row(200, &[("deprecation", b"1735689600")], None, 1),
        row(200, &[("deprecation", b"false")], None, 1),
        row(200, &[("deprecation", b"?1")], None, 1),
        row(200, &[("deprecation", b"2025-01-01")], None, 1),
        row(200, &[("deprecation", b"")], None, 1),
        row(200, &[("deprecation", b"@1735689600, @1")], None, 1),
        row(200, &[("deprecation", b"\xff\xfe@17")], None, 1),
        row(200, &[("deprecation", long.as_bytes())], None, 1),
        // Sunset
        row(
            200,
            &[("sunset", b"Mon, 30 Jun 2025 00:00:00 GMT")],
            Some("deprecated"),
            0,
        ),
        row(
            200,
            &[("sunset", b"Monday, 30-Jun-25 00:00:00 GMT")],
            Some("deprecated"),
            0,
        ),
        row(200, &[("sunset", b"30 June 2025")], None, 1),
        row(200, &[("sunset", b"@1751241600")], None, 1),
        row(200, &[("sunset", b"Mon, 31 Jun 2025 00:00:00 GMT")], None, 1),
        row(200, &[("sunset", long.as_bytes())], None, 1),
        row(200, &[("sunset", b"Mon, 30 Jun 2025 00:00:00 GMT\x80")], None, 1),
        // Link: without rel, many, broken, with non-UTF-8 bytes
        row(
            200,
            &[
                ("deprecation", b"@1735689600"),
                ("link", b"<https://a.example/why>"),
            ],
            Some("deprecated"),
            0,
        ),
        row(
            200,
            &[("deprecation", b"@1735689600"), ("link", many_links.as_bytes())],
            Some("deprecated"),
            0,
        ),
        row(
            200,
            &[
                ("deprecation", b"@1735689600"),
                ("link", b"<https://a.example/why; rel=deprecation"),
            ],
            Some("deprecated"),
            1,
        ),
        row(
            200,
            &[
                ("deprecation", b"@1735689600"),
                ("link", b"https://a.example/why; rel=deprecation"),
            ],
            Some("deprecated"),
            1,
        ),
        row(
            200,
            &[
                ("deprecation", b"@1735689600"),
                ("link", b"<\xc3\x28>; rel=deprecation"),
            ],
            Some("deprecated"),
            1,
        ),
        row(
            200,
            &[("link", b"<https://a.example/why>; rel=\"deprecation\"")],
            None,
            0,
        ),
        // A link a client may follow or show is http(s): `javascript:` and `data:` are not.
        row(
            200,
            &[
                ("deprecation", b"@1735689600"),
                ("link", b"<javascript:alert(1)>; rel=deprecation"),
            ],
            Some("deprecated"),
            1,
        ),
        row(
            200,
            &[
                ("deprecation", b"@1735689600"),
                ("link", b"<data:text/html,x>; rel=successor-version"),
            ],
            Some("deprecated"),
            1,
        ),
        // Retry-After on a 410: a brownout only when it reads
        row(410, &[("retry-after", b"120")], Some("brownout"), 0),
        row(
            410,
            &[("retry-after", b"Mon, 30 Jun 2025 00:00:00 GMT")],
            Some("brownout"),
            0,
        ),
        row(410, &[("retry-after", b"-5")], Some("removed"), 1),
        row(410, &[("retry-after", b"soon")], Some("removed"), 1),
        row(
            410,
            &[("retry-after", b"999999999999999999999999")],
            Some("removed"),
            1,
        ),
        row(
            410,
            &[("retry-after", b"18446744073709551615")],
            Some("removed"),
            0,
        ),
        row(
            410,
            &[("retry-after", b"soon"), ("cache-control", b"no-store")],
            Some("brownout"),
            1,
        ),
        row(
            410,
            &[("cache-control", b"public, max-age=86400")],
            Some("removed"),
            0,
        ),
        row(410, &[("cache-control", b"No-Store")], Some("brownout"), 0),
        row(410, &[("cache-control", b"\xff")], Some("removed"), 0),
        // Nothing to say
        row(200, &[], None, 0),
        row(404, &[("link", b"<https://a.example/>; rel=next")], None, 0),
        row(308, &[("location", b"/v2")], None, 0),
    ]
}

#[test]
fn every_malformed_header_is_said_once_and_never_taken_for_a_notice() {
    let rows = rows();
    assert!(rows.len() >= 30, "{}", rows.len());
    for (i, row) in rows.iter().enumerate() {
        let collector = Collector::new();
        let client = GoneClient::builder()
            .collector(collector.clone())
            .strict(false)
            .now(UNIX_EPOCH + Duration::from_secs(1_750_000_000))
            .build();
        let headers: Vec<(&str, &[u8])> = row.headers.iter().map(|(n, v)| (*n, v.as_slice())).collect();
        let response = Response {
            method: "GET",
            url: "https://api.example/v1/users?page=2",
            status: row.status,
            headers: &headers,
            body: None,
        };
        let notices = client.observe(&response).unwrap();
        let what = format!(
            "row {i}: {:?}",
            row.headers
                .iter()
                .map(|(n, v)| (n, String::from_utf8_lossy(&v[..v.len().min(60)])))
                .collect::<Vec<_>>()
        );
        let malformed = notices
            .iter()
            .filter(|n| matches!(n, Notice::Malformed(_)))
            .count();
        assert_eq!(malformed, row.malformed, "{what}: {notices:?}");
        let others: Vec<&str> = notices
            .iter()
            .filter(|n| !matches!(n, Notice::Malformed(_)))
            .map(Notice::kind)
            .collect();
        assert_eq!(
            others,
            row.notice.into_iter().collect::<Vec<_>>(),
            "{what}: {notices:?}"
        );
        assert_eq!(collector.notices(), &notices[..], "{what}");
        if let Some(Notice::Deprecated(d)) = notices.iter().find(|n| n.kind() == "deprecated") {
            let all = d
                .links
                .deprecation
                .iter()
                .chain(&d.links.successor_version)
                .chain(&d.links.sunset);
            for link in all {
                assert!(link.starts_with("http"), "{what}: {link}");
            }
        }
        for n in notices.iter() {
            assert_eq!(n.url(), "https://api.example/v1/users", "{what}");
            if let Notice::Malformed(m) = n {
                assert!(
                    m.value.len() <= 256,
                    "{what}: a quoted value of {} bytes",
                    m.value.len()
                );
            }
        }
    }
}

#[test]
fn the_three_forms_of_deprecation_read_the_same_instant() {
    let at = UNIX_EPOCH + Duration::from_secs(1_735_689_600);
    for value in [&b"@1735689600"[..], b"Wed, 01 Jan 2025 00:00:00 GMT"] {
        let headers: Vec<(&str, &[u8])> = vec![("Deprecation", value)];
        let response = Response {
            method: "GET",
            url: "https://api.example/v1",
            status: 200,
            headers: &headers,
            body: None,
        };
        let notices = GoneClient::builder()
            .log(false)
            .build()
            .observe(&response)
            .unwrap();
        let [Notice::Deprecated(d)] = &notices[..] else {
            panic!("{notices:?}")
        };
        assert_eq!(d.deprecation, Some(Deprecation::At(at)));
    }
}

/// A client remembers the answers it has read: the same answer again gives the same notices
/// (the query string apart), a changed header new ones, and a 410 is read every time.
#[test]
fn an_answer_read_again_gives_the_same_notices_and_a_changed_one_new_ones() {
    let collector = Collector::new();
    let client = GoneClient::builder()
        .collector(collector.clone())
        .log(false)
        .build();
    let observe = |url: &str, status: u16, headers: &[(&str, &[u8])]| {
        let response = Response {
            method: "GET",
            url,
            status,
            headers,
            body: None,
        };
        client.observe(&response).unwrap()
    };
    let first = observe(
        "https://a.example/v1?x=1",
        200,
        &[("Sunset", b"Mon, 30 Jun 2025 00:00:00 GMT")],
    );
    let again = observe(
        "https://a.example/v1?x=2",
        200,
        &[("Sunset", b"Mon, 30 Jun 2025 00:00:00 GMT")],
    );
    assert_eq!(first, again);
    let moved_on = observe(
        "https://a.example/v1",
        200,
        &[("Sunset", b"Tue, 01 Jul 2025 00:00:00 GMT")],
    );
    assert_ne!(first[0].sunset(), moved_on[0].sunset());
    let other_url = observe(
        "https://a.example/v2",
        200,
        &[("Sunset", b"Mon, 30 Jun 2025 00:00:00 GMT")],
    );
    assert_eq!(other_url[0].url(), "https://a.example/v2");
    let gone = observe("https://a.example/v1", 410, &[]);
    let gone_again = observe("https://a.example/v1", 410, &[("Retry-After", b"60")]);
    assert_eq!((gone[0].kind(), gone_again[0].kind()), ("removed", "brownout"));
    // Every one reached the collector, the remembered ones too.
    assert_eq!(collector.notices().len(), 6);
}

/// A problem body's link that a client must not follow or show is left out.
#[test]
fn a_problem_link_is_kept_only_as_an_http_url() {
    for (link, kept) in [
        ("https://a.example/migrate", true),
        ("javascript:alert(1)", false),
        ("/relative", false),
        ("data:text/html,x", false),
    ] {
        let body = format!(r#"{{"title":"Gone","status":410,"detail":"x","link":"{link}"}}"#);
        let response = Response {
            method: "GET",
            url: "https://a.example/v1",
            status: 410,
            headers: &[],
            body: Some(body.as_bytes()),
        };
        let notices = GoneClient::builder()
            .log(false)
            .build()
            .observe(&response)
            .unwrap();
        let [Notice::Removed(r)] = &notices[..] else {
            panic!("{notices:?}")
        };
        assert_eq!(r.link.is_some(), kept, "{link}");
    }
}
