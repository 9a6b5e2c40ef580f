/// `max_age` when the attribute does not give one: a day.
pub const DEFAULT_MAX_AGE: u32 = 86_400;

/// The largest `max_age` accepted: a year, the longest RFC 9111 caches are asked to keep
/// anything in practice.
pub const MAX_MAX_AGE: u32 = 31_536_000;

/// Checks that a reason says something: not empty, not only white space.
///
/// ```
/// assert!(gone_core::check_reason("API v1 was shut down").is_ok());
/// assert!(gone_core::check_reason("  ").is_err());
/// ```
pub fn check_reason(reason: &str) -> Result<(), &'static str> {
    if reason.trim().is_empty() {
        Err("`reason` is empty: write one sentence saying why it was removed, like \"API v1 was shut down; use /v2/users\"")
    } else {
        Ok(())
    }
}

/// Checks that `max_age` is within 0 ..= [`MAX_MAX_AGE`] seconds.
///
/// ```
/// assert!(gone_core::check_max_age(86_400).is_ok());
/// assert!(gone_core::check_max_age(31_536_001).is_err());
/// ```
pub fn check_max_age(seconds: u64) -> Result<u32, String> {
    u32::try_from(seconds)
        .ok()
        .filter(|s| *s <= MAX_MAX_AGE)
        .ok_or_else(|| {
            format!(
                "`max_age` is {seconds} seconds, more than a year: write a number of seconds from 0 to {MAX_MAX_AGE}"
            )
        })
}

/// Checks that a migration link is an absolute `http` or `https` URL that can stand in a
/// `Link` header and an HTML attribute as it is.
///
/// ```
/// assert!(gone_core::check_link("https://example.com/migrate#v2").is_ok());
/// assert!(gone_core::check_link("/migrate").is_err());
/// assert!(gone_core::check_link("https://example.com/a b").is_err());
/// ```
pub fn check_link(link: &str) -> Result<(), String> {
    let lower = link.get(..8).unwrap_or(link).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &link[8..]
    } else if lower.starts_with("http://") {
        &link[7..]
    } else {
        return Err(format!(
            "`link` must be an absolute http(s) URL, like \"https://example.com/migrate\"; \"{link}\" is not"
        ));
    };
    if rest.is_empty() || rest.starts_with(['/', '?', '#']) {
        return Err("`link` has no host: write it like \"https://example.com/migrate\"".into());
    }
    if let Some(c) = link.chars().find(|c| {
        c.is_whitespace()
            || c.is_control()
            || !c.is_ascii()
            || matches!(c, '<' | '>' | '"' | '\\' | '^' | '`' | '{' | '|' | '}')
    }) {
        let what = match c {
            ' ' => "a space".to_string(),
            c if c.is_control() => format!("the control character {c:?}"),
            c => format!("'{c}'"),
        };
        let mut utf8 = [0; 4];
        let encoded: String = c
            .encode_utf8(&mut utf8)
            .bytes()
            .map(|b| format!("%{b:02X}"))
            .collect();
        return Err(format!(
            "`link` contains {what}, which cannot stand in a URL as it is: percent-encode it as {encoded}"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links() {
        for ok in [
            "https://example.com",
            "http://x.y/a?b=c#d",
            "HTTPS://EXAMPLE.COM/%20",
        ] {
            assert!(check_link(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "example.com",
            "ftp://x",
            "https://",
            "https:///path",
            "https://a b",
            "https://a\"b",
            "https://a<b",
            "https://a>b",
            "https://a\nb",
            "https://é.fr",
            "mailto:a@b",
            "//example.com",
        ] {
            assert!(check_link(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn reasons_and_max_age() {
        assert!(check_reason("").is_err());
        assert!(check_reason(" \t\n").is_err());
        assert!(check_reason("x").is_ok());
        assert_eq!(check_max_age(0), Ok(0));
        assert_eq!(check_max_age(31_536_000), Ok(31_536_000));
        assert!(check_max_age(31_536_001).is_err());
        assert!(check_max_age(u64::MAX).is_err());
    }
}
