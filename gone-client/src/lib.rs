//! The consumer's side of [gone](https://docs.rs/gone-runtime): an HTTP client that notices
//! when the API it calls retires a route, before the 410, and stops hoping after it.
//!
//! Servers say it in headers: `Deprecation` (RFC 9745), `Sunset` (RFC 8594), `Link` with
//! `rel="deprecation"`, `"sunset"` or `"successor-version"`, a 410 Gone (and its problem body,
//! RFC 9457), a 451 Unavailable For Legal Reasons, a brownout (a 410 with `Retry-After` or
//! `Cache-Control: no-store`: temporary, not a removal). [`GoneClient`] reads every response
//! and turns what it says into a typed [`Notice`]:
//!
//! - a `tracing` event once per (method, URL without its query) per process: WARN, or ERROR
//!   when the sunset is less than [`Builder::error_within`] away (30 days by default) or past;
//! - every notice into a [`Collector`], for tests to read;
//! - in strict mode ([`Builder::strict`], or `GONE_CLIENT_STRICT=1`), a deprecated, brownout
//!   or removed answer becomes an error, so that the client's own test suite fails when it
//!   calls something on its way out;
//! - on a removal, a hook ([`Builder::on_gone`]) to drop the caller's own cached references;
//! - a header it cannot read is a [`Notice::Malformed`], said once, never a false notice; and
//!   it never retries anything (a removal is not transient: retrying never helps).
//!
//! With the feature `reqwest`, [`GoneClient`] is a `reqwest_middleware::Middleware`; with
//! `awc`, an awc middleware (`GoneClient::awc`). Without either, [`GoneClient::observe`]
//! reads a [`Response`] of any client. Neither feature brings actix-web into the tree but
//! `awc`'s own.
//!
//! ```
//! use gone_client::{Collector, GoneClient, Notice, Response};
//!
//! let collector = Collector::new();
//! let client = GoneClient::builder().collector(collector.clone()).build();
//! let headers: &[(&str, &[u8])] = &[
//!     ("Deprecation", b"@1735689600"),
//!     ("Sunset", b"Mon, 30 Jun 2025 00:00:00 GMT"),
//!     ("Link", b"</v2/users>; rel=\"successor-version\""),
//! ];
//! let response = Response { method: "GET", url: "https://api.example/v1/users?page=2", status: 200, headers, body: None };
//! client.observe(&response).unwrap();
//! let notices = collector.notices();
//! let Notice::Deprecated(d) = &notices[0] else { panic!("{notices:?}") };
//! assert_eq!(d.url, "https://api.example/v1/users");
//! assert_eq!(d.links.successor_version, ["https://api.example/v2/users"]);
//! ```

#![forbid(unsafe_code)]

mod notice;
mod read;
#[cfg(feature = "awc")]
mod with_awc;
#[cfg(feature = "reqwest")]
mod with_reqwest;

pub use notice::{Brownout, Deprecated, Deprecation, Links, Malformed, Moved, Notice, Removed};
pub use read::Response;
#[cfg(feature = "awc")]
pub use with_awc::{GoneAwc, GoneAwcService};

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

/// The environment variable that turns strict mode on for every [`GoneClient`] built without
/// [`Builder::strict`]: `GONE_CLIENT_STRICT=1`.
pub const STRICT_VAR: &str = "GONE_CLIENT_STRICT";

/// The largest body read for a 410 or a 451's problem details, in bytes.
pub const BODY_LIMIT: usize = 64 * 1024;

type Hook = Arc<dyn Fn(&Removed) + Send + Sync>;

/// Reads every response for what it says about its route. Cheap to clone: the clones share
/// their configuration.
#[derive(Clone)]
pub struct GoneClient {
    inner: Arc<Config>,
}

struct Config {
    strict: bool,
    error_within: Duration,
    moved: bool,
    log: bool,
    now: Option<SystemTime>,
    collector: Option<Collector>,
    on_gone: Option<Hook>,
    /// The notices of answers already read, by what they depend on ([`read::MemoKey`], by its hash): an
    /// answer read again costs a lookup, not a parse.
    memo: Mutex<HashMap<u64, (read::MemoKey, Notices)>>,
}

/// The notices of one response, shared with the client's memory of the answers it has read.
pub type Notices = Arc<[Notice]>;

/// The most answers a client remembers (then forgotten, and read again).
const MEMO_MAX: usize = 1_024;

impl fmt::Debug for GoneClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.inner;
        f.debug_struct("GoneClient")
            .field("strict", &c.strict)
            .field("error_within", &c.error_within)
            .field("moved", &c.moved)
            .field("log", &c.log)
            .field("now", &c.now)
            .field("collector", &c.collector.is_some())
            .field("on_gone", &c.on_gone.is_some())
            .finish()
    }
}

impl Default for GoneClient {
    fn default() -> Self {
        GoneClient::builder().build()
    }
}

/// How a [`GoneClient`] reads, says and acts.
///
/// ```
/// use std::time::Duration;
/// let client = gone_client::GoneClient::builder()
///     .strict(true)
///     .error_within(Duration::from_secs(7 * 86_400))
///     .on_gone(|removed| eprintln!("drop every cached reference to {}", removed.url))
///     .build();
/// # let _ = client;
/// ```
#[must_use]
pub struct Builder {
    strict: Option<bool>,
    error_within: Duration,
    moved: bool,
    log: bool,
    now: Option<SystemTime>,
    collector: Option<Collector>,
    on_gone: Option<Hook>,
}

impl Builder {
    /// Strict mode: a deprecated, brownout or removed answer becomes an error
    /// ([`StrictError`]). Without this call, on when `GONE_CLIENT_STRICT=1`.
    pub fn strict(mut self, on: bool) -> Builder {
        self.strict = Some(on);
        self
    }

    /// A sunset nearer than this (or past) is said at ERROR, not WARN: 30 days by default.
    pub fn error_within(mut self, within: Duration) -> Builder {
        self.error_within = within;
        self
    }

    /// Whether a 301 or 308 is a [`Notice::Moved`] (off by default: a redirect is followed,
    /// and most are not retirements).
    pub fn moved(mut self, on: bool) -> Builder {
        self.moved = on;
        self
    }

    /// Whether notices are logged (`tracing`, target `gone_client`); on by default.
    pub fn log(mut self, on: bool) -> Builder {
        self.log = on;
        self
    }

    /// A fixed clock, for tests: `Retry-After` in seconds and the ERROR threshold are read
    /// against it.
    pub fn now(mut self, now: SystemTime) -> Builder {
        self.now = Some(now);
        self
    }

    /// Every notice, also into `collector`.
    pub fn collector(mut self, collector: Collector) -> Builder {
        self.collector = Some(collector);
        self
    }

    /// Called on every removal (410, 451; not a brownout): the place to drop the caller's own
    /// cached references to the URL.
    pub fn on_gone(mut self, hook: impl Fn(&Removed) + Send + Sync + 'static) -> Builder {
        self.on_gone = Some(Arc::new(hook));
        self
    }

    pub fn build(self) -> GoneClient {
        let strict = self
            .strict
            .unwrap_or_else(|| std::env::var(STRICT_VAR).is_ok_and(|v| v.trim() == "1"));
        GoneClient {
            inner: Arc::new(Config {
                strict,
                error_within: self.error_within,
                moved: self.moved,
                log: self.log,
                now: self.now,
                collector: self.collector,
                on_gone: self.on_gone,
                memo: Mutex::new(HashMap::new()),
            }),
        }
    }
}

/// The notices a [`GoneClient`] saw, for tests to read. Cheap to clone: the clones share it.
#[derive(Clone, Default, Debug)]
pub struct Collector {
    notices: Arc<Mutex<Vec<Notice>>>,
}

impl Collector {
    pub fn new() -> Collector {
        Collector::default()
    }

    /// Every notice so far, in order.
    pub fn notices(&self) -> Vec<Notice> {
        self.notices.lock().map(|n| n.clone()).unwrap_or_default()
    }

    /// Every notice so far, emptying the collector.
    pub fn take(&self) -> Vec<Notice> {
        self.notices
            .lock()
            .map(|mut n| std::mem::take(&mut *n))
            .unwrap_or_default()
    }

    fn push(&self, notice: Notice) {
        if let Ok(mut n) = self.notices.lock() {
            n.push(notice);
        }
    }
}

/// A deprecated, brownout or removed answer, in strict mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrictError {
    /// What the answer said.
    pub notice: Box<Notice>,
}

impl fmt::Display for StrictError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({STRICT_VAR} is on: a call to a route on its way out fails)",
            self.notice
        )
    }
}

impl std::error::Error for StrictError {}

/// The keys already logged in this process, at most this many (then forgotten, and said
/// again): one per (kind, method, URL without its query).
const SEEN_MAX: usize = 10_000;

/// What is said once: the notice's kind, the method, the URL, and for a malformed one its
/// header.
type Said = (&'static str, String, String, &'static str);

fn first_time(key: Said) -> bool {
    static SEEN: OnceLock<Mutex<HashSet<Said>>> = OnceLock::new();
    let Ok(mut seen) = SEEN.get_or_init(Default::default).lock() else {
        return true;
    };
    if seen.len() >= SEEN_MAX {
        seen.clear();
    }
    seen.insert(key)
}

impl GoneClient {
    pub fn builder() -> Builder {
        Builder {
            strict: None,
            error_within: Duration::from_secs(30 * 86_400),
            moved: false,
            log: true,
            now: None,
            collector: None,
            on_gone: None,
        }
    }

    /// Whether strict mode is on.
    pub fn is_strict(&self) -> bool {
        self.inner.strict
    }

    /// Reads one response: its notices are logged (once each), collected and acted on, and
    /// returned. In strict mode, a deprecated, brownout or removed answer is an error.
    pub fn observe(&self, response: &Response<'_>) -> Result<Notices, StrictError> {
        let config = &self.inner;
        if !read::may_say(response, config.moved) {
            return Ok(Arc::from([]));
        }
        let now = config.now.unwrap_or_else(SystemTime::now);
        // An answer read before: its notices, already said.
        let hash = read::memo_hash(response);
        let known = hash.and_then(|h| {
            let memo = config.memo.lock().ok()?;
            let (key, notices) = memo.get(&h)?;
            key.is_of(response).then(|| notices.clone())
        });
        let (notices, fresh) = match known {
            Some(notices) => (notices, false),
            None => {
                let notices: Notices = read::read(response, now, config.moved).into();
                if let (Some(h), Ok(mut memo)) = (hash, config.memo.lock()) {
                    if memo.len() >= MEMO_MAX {
                        memo.clear();
                    }
                    memo.insert(h, (read::MemoKey::of(response), notices.clone()));
                }
                (notices, true)
            }
        };
        let mut refused = None;
        for notice in notices.iter() {
            if config.log && fresh {
                self.log(notice, now);
            }
            if let (Notice::Removed(removed), Some(hook)) = (notice, &config.on_gone) {
                hook(removed);
            }
            if let Some(collector) = &config.collector {
                collector.push(notice.clone());
            }
            if config.strict
                && refused.is_none()
                && matches!(
                    notice,
                    Notice::Deprecated(_) | Notice::Brownout(_) | Notice::Removed(_)
                )
            {
                refused = Some(StrictError {
                    notice: Box::new(notice.clone()),
                });
            }
        }
        match refused {
            Some(e) => Err(e),
            None => Ok(notices),
        }
    }

    fn log(&self, notice: &Notice, now: SystemTime) {
        // Nothing listens: nothing to remember either.
        if !tracing::enabled!(target: "gone_client", tracing::Level::WARN) {
            return;
        }
        let header = match notice {
            Notice::Malformed(m) => m.header,
            _ => "",
        };
        if !first_time((
            notice.kind(),
            notice.method().to_string(),
            notice.url().to_string(),
            header,
        )) {
            return;
        }
        let close = match notice {
            Notice::Removed(_) => true,
            _ => notice.sunset().is_some_and(|s| {
                s.duration_since(now)
                    .map_or(true, |left| left < self.inner.error_within)
            }),
        };
        let (kind, method, url) = (notice.kind(), notice.method(), notice.url());
        let sunset = notice.sunset().map(httpdate::fmt_http_date);
        let sunset = sunset.as_deref().unwrap_or("");
        match close {
            true => tracing::error!(target: "gone_client", kind, method, url, sunset, "{notice}"),
            false => tracing::warn!(target: "gone_client", kind, method, url, sunset, "{notice}"),
        }
    }
}
