//! The instants and intervals of a `#[sunset]` schedule, and the bodies of a brownout.
//!
//! An instant is `YYYY-MM-DD` (00:00 UTC that day) or `YYYY-MM-DDTHH:MMZ` (UTC). A brownout is
//! an ISO 8601 interval `START/DURATION`, with DURATION `PT<n>H`, `PT<n>M`, `PT<n>H<m>M` or
//! `P<n>D`.

use crate::{escape_html, json_string, Date, DateError};
use std::fmt;
use std::time::{Duration, UNIX_EPOCH};

/// A moment in UTC, to the minute.
///
/// ```
/// use gone_core::schedule::Instant;
/// let t = Instant::parse("2025-06-03T14:00Z").unwrap();
/// assert_eq!(t.unix_seconds(), 1_748_959_200);
/// assert_eq!(t.imf_fixdate(), "Tue, 03 Jun 2025 14:00:00 GMT");
/// assert_eq!(Instant::parse("2025-06-30").unwrap().to_string(), "2025-06-30");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant {
    date: Date,
    /// Minutes into the day; `None` when written as a date alone.
    minutes: Option<u16>,
}

/// Why a value is not an instant or an interval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleError {
    /// The date part is wrong.
    Date(DateError),
    /// Not `YYYY-MM-DD` nor `YYYY-MM-DDTHH:MMZ`.
    Shape,
    /// An hour over 23 or a minute over 59.
    Time,
    /// Not `START/DURATION`.
    Interval,
    /// A duration other than `PT<n>H`, `PT<n>M`, `PT<n>H<m>M` or `P<n>D`, or of zero length.
    Duration,
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScheduleError::Date(DateError::Shape) | ScheduleError::Shape => f.write_str(
                "expected an instant in UTC: a date \"2025-06-30\" (00:00 UTC) or a date and time \"2025-06-30T14:00Z\"",
            ),
            ScheduleError::Date(e) => write!(f, "{e}"),
            ScheduleError::Time => f.write_str(
                "the time is not on a clock: hours run from 00 to 23 and minutes from 00 to 59, like \"2025-06-30T14:00Z\"",
            ),
            ScheduleError::Interval => f.write_str(
                "expected a brownout as START/DURATION, like \"2025-06-03T14:00Z/PT1H\" or \"2025-06-17/P1D\"",
            ),
            ScheduleError::Duration => f.write_str(
                "expected a duration of PT<n>H, PT<n>M, PT<n>H<m>M or P<n>D, more than zero, like \"PT1H\", \"PT30M\", \"PT1H30M\" or \"P1D\"",
            ),
        }
    }
}

impl std::error::Error for ScheduleError {}

impl Instant {
    /// 1970-01-01, 00:00 UTC.
    pub const EPOCH: Instant = Instant {
        date: Date::EPOCH,
        minutes: None,
    };

    /// Reads `YYYY-MM-DD` or `YYYY-MM-DDTHH:MMZ`.
    pub fn parse(s: &str) -> Result<Instant, ScheduleError> {
        let (date, time) = match s.split_once('T') {
            Some((date, time)) => (date, Some(time)),
            None => (s, None),
        };
        let date = Date::parse(date).map_err(ScheduleError::Date)?;
        let minutes = match time {
            None => None,
            Some(time) => {
                let t = time.as_bytes();
                if t.len() != 6 || t[2] != b':' || t[5] != b'Z' {
                    return Err(ScheduleError::Shape);
                }
                let two = |a: u8, b: u8| -> Option<u16> {
                    (a.is_ascii_digit() && b.is_ascii_digit())
                        .then(|| u16::from(a - b'0') * 10 + u16::from(b - b'0'))
                };
                let (Some(h), Some(m)) = (two(t[0], t[1]), two(t[3], t[4])) else {
                    return Err(ScheduleError::Shape);
                };
                if h > 23 || m > 59 {
                    return Err(ScheduleError::Time);
                }
                Some(h * 60 + m)
            }
        };
        Ok(Instant { date, minutes })
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(self) -> u64 {
        self.date.unix_seconds() + u64::from(self.minutes.unwrap_or(0)) * 60
    }

    /// As a `SystemTime`, for [`Lifecycle::at`]-style clocks.
    ///
    /// [`Lifecycle::at`]: https://docs.rs/gone-runtime/latest/gone_runtime/struct.Lifecycle.html#method.at
    pub fn system_time(self) -> std::time::SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.unix_seconds())
    }

    /// The date of this instant.
    pub fn date(self) -> Date {
        self.date
    }

    /// As an HTTP-date (IMF-fixdate): `Tue, 03 Jun 2025 14:00:00 GMT`.
    pub fn imf_fixdate(self) -> String {
        fmt_unix(self.unix_seconds())
    }
}

/// Seconds since the epoch as an HTTP-date (IMF-fixdate).
pub fn fmt_unix(seconds: u64) -> String {
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(seconds))
}

impl fmt::Display for Instant {
    /// As written: `2025-06-30` or `2025-06-30T14:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date)?;
        if let Some(m) = self.minutes {
            write!(f, "T{:02}:{:02}Z", m / 60, m % 60)?;
        }
        Ok(())
    }
}

/// A brownout window: from its start for its duration.
///
/// ```
/// use gone_core::schedule::Interval;
/// let w = Interval::parse("2025-06-03T14:00Z/PT1H30M").unwrap();
/// assert_eq!(w.end() - w.start().unix_seconds(), 5_400);
/// assert!(Interval::parse("2025-06-03/P0D").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    start: Instant,
    seconds: u64,
    /// The duration as written.
    written: (u64, u64, u64),
}

impl Interval {
    /// Reads `START/DURATION`.
    pub fn parse(s: &str) -> Result<Interval, ScheduleError> {
        let (start, duration) = s.split_once('/').ok_or(ScheduleError::Interval)?;
        let start = Instant::parse(start)?;
        let (days, hours, minutes) = duration_parts(duration).ok_or(ScheduleError::Duration)?;
        let seconds = ((days * 24 + hours) * 60 + minutes) * 60;
        if seconds == 0 {
            return Err(ScheduleError::Duration);
        }
        Ok(Interval {
            start,
            seconds,
            written: (days, hours, minutes),
        })
    }

    /// When it starts.
    pub fn start(&self) -> Instant {
        self.start
    }

    /// When it ends (exclusive), in seconds since the epoch.
    pub fn end(&self) -> u64 {
        self.start.unix_seconds() + self.seconds
    }

    /// Whether `now` (seconds since the epoch) falls inside `[start, end)`.
    pub fn contains(&self, now: u64) -> bool {
        (self.start.unix_seconds()..self.end()).contains(&now)
    }

    /// Whether it shares a moment with `other`.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start.unix_seconds() < other.end() && other.start.unix_seconds() < self.end()
    }
}

impl fmt::Display for Interval {
    /// As written: `2025-06-03T14:00Z/PT1H`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.written {
            (d, 0, 0) => write!(f, "{}/P{d}D", self.start),
            (0, h, 0) => write!(f, "{}/PT{h}H", self.start),
            (0, 0, m) => write!(f, "{}/PT{m}M", self.start),
            (_, h, m) => write!(f, "{}/PT{h}H{m}M", self.start),
        }
    }
}

/// (days, hours, minutes) of `P<n>D`, `PT<n>H`, `PT<n>M` or `PT<n>H<m>M`.
fn duration_parts(s: &str) -> Option<(u64, u64, u64)> {
    let number = |t: &str| -> Option<u64> {
        (!t.is_empty() && t.len() <= 6 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    if let Some(time) = s.strip_prefix("PT") {
        if let Some((h, rest)) = time.split_once('H') {
            let h = number(h)?;
            if rest.is_empty() {
                return Some((0, h, 0));
            }
            let m = number(rest.strip_suffix('M')?)?;
            return Some((0, h, m));
        }
        return Some((0, 0, number(time.strip_suffix('M')?)?));
    }
    let days = number(s.strip_prefix('P')?.strip_suffix('D')?)?;
    Some((days, 0, 0))
}

/// The three bodies of a brownout: a 410 that says it is scheduled, until when, and when the
/// route is removed for good.
///
/// ```
/// let [json, _, text] = gone_core::schedule::brownout_bodies("API v1 is being shut down", None, 1_748_962_800, "2025-06-30");
/// assert!(json.contains(r#""brownout_until":"Tue, 03 Jun 2025 15:00:00 GMT""#));
/// assert!(text.starts_with("410 Gone (scheduled brownout until Tue, 03 Jun 2025 15:00:00 GMT): API v1"));
/// ```
pub fn brownout_bodies(reason: &str, link: Option<&str>, end: u64, on: &str) -> [String; 3] {
    brownout_bodies_with(reason, link, end, on, None)
}

/// [`brownout_bodies`], the HTML one in the site's own page when there is one: its title
/// `410 Gone: scheduled brownout`, `{{until}}` the window's end, and no `{{since}}`: the route
/// is not removed yet (a page that says "Removed on ..." must not show a date to come).
pub fn brownout_bodies_with(
    reason: &str,
    link: Option<&str>,
    end: u64,
    on: &str,
    page: Option<&crate::page::Template>,
) -> [String; 3] {
    let until = fmt_unix(end);
    let mut json = format!(
        r#"{{"type":"about:blank","title":"Gone","status":410,"detail":{},"brownout_until":"{until}","removed_on":{}"#,
        json_string(&format!("A scheduled brownout: {reason}")),
        json_string(on),
    );
    if let Some(link) = link {
        json.push_str(&format!(r#","link":{}"#, json_string(link)));
    }
    json.push('}');
    let mut html = crate::render::page_head("410 Gone: scheduled brownout", true);
    html.push_str(&format!(
        "<body>\n<h1>410 Gone: scheduled brownout</h1>\n<p>{}</p>\n\
         <p>This is a scheduled brownout until {until}. The route is removed on {}.</p>\n",
        escape_html(reason),
        escape_html(on),
    ));
    let mut text =
        format!("410 Gone (scheduled brownout until {until}): {reason}\nThe route is removed on {on}.\n");
    if let Some(link) = link {
        let escaped = escape_html(link);
        html.push_str(&format!("<p>See <a href=\"{escaped}\">{escaped}</a></p>\n"));
        text.push_str(&format!("See {link}\n"));
    }
    html.push_str("</body>\n</html>\n");
    if let Some(template) = page {
        html = template.render(&crate::page::Page {
            title: "410 Gone: scheduled brownout",
            status: 410,
            reason,
            since: None,
            link,
            until: Some(&until),
            to: None,
        });
    }
    [json, html, text]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_instants() {
        assert_eq!(
            Instant::parse("2025-06-30").unwrap().unix_seconds(),
            Date::parse("2025-06-30").unwrap().unix_seconds()
        );
        let t = Instant::parse("2025-06-30T23:59Z").unwrap();
        assert_eq!(t.to_string(), "2025-06-30T23:59Z");
        assert_eq!(
            httpdate::parse_http_date(&t.imf_fixdate()).unwrap(),
            UNIX_EPOCH + Duration::from_secs(t.unix_seconds())
        );
        for bad in ["2025-06-30T24:00Z", "2025-06-30T12:60Z"] {
            assert_eq!(Instant::parse(bad), Err(ScheduleError::Time), "{bad}");
        }
        for bad in [
            "2025-06-30T12:00",
            "2025-06-30T1200Z",
            "2025-06-30 12:00Z",
            "30/06/2025",
        ] {
            assert!(Instant::parse(bad).is_err(), "{bad}");
        }
        assert!(matches!(
            Instant::parse("2025-02-30"),
            Err(ScheduleError::Date(DateError::Day { .. }))
        ));
    }

    #[test]
    fn reads_intervals() {
        let w = |s: &str| Interval::parse(s).map(|i| (i.end() - i.start().unix_seconds(), i.to_string()));
        assert_eq!(
            w("2025-06-03T14:00Z/PT1H").unwrap(),
            (3_600, "2025-06-03T14:00Z/PT1H".into())
        );
        assert_eq!(w("2025-06-03/PT30M").unwrap().0, 1_800);
        assert_eq!(w("2025-06-03/PT1H30M").unwrap().0, 5_400);
        assert_eq!(w("2025-06-03/P2D").unwrap().0, 172_800);
        for bad in [
            "2025-06-03",
            "2025-06-03/1H",
            "2025-06-03/PT",
            "2025-06-03/PT0M",
            "2025-06-03/P1H",
            "2025-06-03/PT1D",
            "2025-06-03/P1DT1H",
        ] {
            assert!(Interval::parse(bad).is_err(), "{bad}");
        }
        let a = Interval::parse("2025-06-03T14:00Z/PT1H").unwrap();
        let b = Interval::parse("2025-06-03T15:00Z/PT1H").unwrap();
        let c = Interval::parse("2025-06-03T14:30Z/PT1H").unwrap();
        assert!(!a.overlaps(&b) && a.overlaps(&c) && c.overlaps(&b));
        assert!(a.contains(a.start().unix_seconds()) && !a.contains(a.end()));
    }
}
