//! What a response says about the route it came from: the typed notices.

use std::fmt;
use std::time::{Duration, SystemTime};

/// The links of a response that matter to a client on its way off a route: RFC 9745's
/// `deprecation`, RFC 8594's `sunset`, RFC 5829's `successor-version`; each resolved against
/// the request's URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    /// `rel="deprecation"`: what the deprecation means, and what to do.
    pub deprecation: Vec<String>,
    /// `rel="sunset"`: the policy, or the migration notes, of the removal.
    pub sunset: Vec<String>,
    /// `rel="successor-version"`: where the next version lives.
    pub successor_version: Vec<String>,
}

impl Links {
    fn is_empty(&self) -> bool {
        self.deprecation.is_empty() && self.sunset.is_empty() && self.successor_version.is_empty()
    }
}

/// When the route was, or will be, deprecated (RFC 9745).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deprecation {
    /// `Deprecation: @1735689600` (RFC 9745), or an HTTP-date (the drafts' form, still sent).
    At(SystemTime),
    /// `Deprecation: true` (the drafts' form): deprecated, since when unsaid.
    Unspecified,
}

/// A live route on its way out: the response was served, and said the route is deprecated
/// (`Deprecation`) or will be removed (`Sunset`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecated {
    pub method: String,
    /// The URL without its query string.
    pub url: String,
    /// `Deprecation`, when it was sent.
    pub deprecation: Option<Deprecation>,
    /// `Sunset` (RFC 8594): when the route goes.
    pub sunset: Option<SystemTime>,
    pub links: Links,
}

/// A scheduled, temporary 410: the route still exists, and answers again after the window
/// (`Retry-After`, or `Cache-Control: no-store`, on a 410). Not a removal: do not drop
/// anything, but know that the removal is coming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brownout {
    pub method: String,
    pub url: String,
    /// `Retry-After`, as an instant: when the route answers again.
    pub until: Option<SystemTime>,
    /// `Retry-After` as sent in seconds (`Retry-After: 120`), when it was.
    pub retry_after: Option<Duration>,
    /// The problem body's `detail`.
    pub detail: Option<String>,
    /// `Sunset`: when the route goes for good.
    pub sunset: Option<SystemTime>,
    pub links: Links,
}

/// Removed for good: a 410 Gone (or a 451 Unavailable For Legal Reasons). Retrying never
/// helps; drop the references to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub method: String,
    pub url: String,
    /// 410 or 451.
    pub status: u16,
    /// The problem body's `detail`: why.
    pub reason: Option<String>,
    /// The problem body's `since`, as sent (gone writes `YYYY-MM-DD`).
    pub since: Option<String>,
    /// The problem body's `link`, or the first `Link` of `rel="sunset"` (for a 451,
    /// `rel="blocked-by"`, the authority behind the demand).
    pub link: Option<String>,
    /// `Sunset`: when it was removed.
    pub sunset: Option<SystemTime>,
    pub links: Links,
}

/// A permanent redirect (301, 308), reported when the client asks for it
/// ([`Builder::moved`](crate::Builder::moved)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub method: String,
    pub url: String,
    pub status: u16,
    /// `Location`, resolved against the request's URL.
    pub to: String,
}

/// A header this crate reads, sent in a form it cannot read: said once, never taken for a
/// notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub method: String,
    pub url: String,
    /// The header's name, lower case.
    pub header: &'static str,
    /// Its value, lossily as text, cut to 256 bytes.
    pub value: String,
    /// What is wrong with it.
    pub why: String,
}

/// What a response said about its route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Deprecated(Deprecated),
    Brownout(Brownout),
    Removed(Removed),
    Moved(Moved),
    Malformed(Malformed),
}

impl Notice {
    /// The request's method.
    pub fn method(&self) -> &str {
        match self {
            Notice::Deprecated(n) => &n.method,
            Notice::Brownout(n) => &n.method,
            Notice::Removed(n) => &n.method,
            Notice::Moved(n) => &n.method,
            Notice::Malformed(n) => &n.method,
        }
    }

    /// The request's URL, without its query string.
    pub fn url(&self) -> &str {
        match self {
            Notice::Deprecated(n) => &n.url,
            Notice::Brownout(n) => &n.url,
            Notice::Removed(n) => &n.url,
            Notice::Moved(n) => &n.url,
            Notice::Malformed(n) => &n.url,
        }
    }

    /// `deprecated`, `brownout`, `removed`, `moved` or `malformed`.
    pub fn kind(&self) -> &'static str {
        match self {
            Notice::Deprecated(_) => "deprecated",
            Notice::Brownout(_) => "brownout",
            Notice::Removed(_) => "removed",
            Notice::Moved(_) => "moved",
            Notice::Malformed(_) => "malformed",
        }
    }

    /// When the route goes (or went), if the response said.
    pub fn sunset(&self) -> Option<SystemTime> {
        match self {
            Notice::Deprecated(n) => n.sunset,
            Notice::Brownout(n) => n.sunset,
            Notice::Removed(n) => n.sunset,
            _ => None,
        }
    }
}

fn date(t: SystemTime) -> String {
    httpdate::fmt_http_date(t)
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ", self.method(), self.url())?;
        match self {
            Notice::Deprecated(n) => {
                f.write_str("is deprecated")?;
                if let Some(Deprecation::At(at)) = n.deprecation {
                    write!(f, " (since {})", date(at))?;
                }
                if let Some(sunset) = n.sunset {
                    write!(f, "; it goes on {}", date(sunset))?;
                }
                links(f, &n.links)
            }
            Notice::Brownout(n) => {
                f.write_str("answered 410 in a scheduled brownout")?;
                if let Some(until) = n.until {
                    write!(f, " until {}", date(until))?;
                }
                if let Some(sunset) = n.sunset {
                    write!(f, "; it goes for good on {}", date(sunset))?;
                }
                if let Some(detail) = &n.detail {
                    write!(f, ": {detail}")?;
                }
                links(f, &n.links)
            }
            Notice::Removed(n) => {
                match n.status {
                    451 => f.write_str("is unavailable for legal reasons (451)")?,
                    _ => f.write_str("is gone (410): retrying never helps, update the integration")?,
                }
                if let Some(reason) = &n.reason {
                    write!(f, ": {reason}")?;
                }
                if let Some(since) = &n.since {
                    write!(f, " (since {since})")?;
                }
                if let Some(link) = &n.link {
                    write!(f, "; see {link}")?;
                }
                Ok(())
            }
            Notice::Moved(n) => write!(f, "moved for good ({}) to {}", n.status, n.to),
            Notice::Malformed(n) => write!(f, "sent a malformed {}: {} ({:?})", n.header, n.why, n.value),
        }
    }
}

fn links(f: &mut fmt::Formatter<'_>, links: &Links) -> fmt::Result {
    if links.is_empty() {
        return Ok(());
    }
    for (rel, urls) in [
        ("deprecation", &links.deprecation),
        ("sunset", &links.sunset),
        ("successor-version", &links.successor_version),
    ] {
        for url in urls {
            write!(f, "; {rel}: {url}")?;
        }
    }
    Ok(())
}
