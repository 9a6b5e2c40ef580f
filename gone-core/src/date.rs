use std::fmt;
use std::time::{Duration, UNIX_EPOCH};

/// A calendar date written `YYYY-MM-DD`, from 1970-01-01 to 9999-12-31.
///
/// ```
/// use gone_core::Date;
/// let d = Date::parse("2024-02-29").unwrap();
/// assert_eq!(d.to_string(), "2024-02-29");
/// assert!(Date::parse("2025-02-29").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a `since` value is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD` (four, two and two digits).
    Shape,
    /// The month is not 01 to 12.
    Month(u8),
    /// The day does not exist in that month (`2025-02-30`).
    Day {
        /// the year given
        year: u16,
        /// the month given
        month: u8,
        /// the day given
        day: u8,
    },
    /// Before 1970-01-01, which HTTP dates as written by servers do not reach.
    TooEarly,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Shape => f.write_str(
                "expected a calendar date written YYYY-MM-DD, like \"2025-03-01\" (no time, no zone)",
            ),
            DateError::Month(m) => write!(f, "there is no month {m:02}: months run from 01 to 12"),
            DateError::Day { year, month, day } => write!(
                f,
                "{year:04}-{month:02} has no day {day:02}: it has {} days",
                days_in_month(*year, *month)
            ),
            DateError::TooEarly => f.write_str("expected a date from 1970-01-01 on"),
        }
    }
}

impl std::error::Error for DateError {}

fn is_leap(year: u16) -> bool {
    let y = u32::from(year);
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

impl Date {
    /// 1970-01-01, the earliest date accepted.
    pub const EPOCH: Date = Date {
        year: 1970,
        month: 1,
        day: 1,
    };

    /// Reads `YYYY-MM-DD`, refusing dates that do not exist.
    pub fn parse(s: &str) -> Result<Date, DateError> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<u16> {
            b[r].iter().try_fold(0u16, |acc, &c| {
                c.is_ascii_digit().then(|| acc * 10 + u16::from(c - b'0'))
            })
        };
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Shape);
        }
        let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
            return Err(DateError::Shape);
        };
        let (month, day) = (month as u8, day as u8);
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(DateError::Day { year, month, day });
        }
        if year < 1970 {
            return Err(DateError::TooEarly);
        }
        Ok(Date { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days_since_epoch(self) -> u64 {
        let (m, d) = (u64::from(self.month), u64::from(self.day));
        let y = u64::from(self.year) - u64::from(m <= 2);
        let era = y / 400;
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Midnight GMT at the start of this date as an HTTP-date (RFC 9110 §5.6.7 IMF-fixdate),
    /// as the `Sunset` header wants it: `Sat, 01 Mar 2025 00:00:00 GMT`.
    pub fn imf_fixdate(self) -> String {
        let at = UNIX_EPOCH + Duration::from_secs(self.days_since_epoch() * 86_400);
        httpdate::fmt_http_date(at)
    }

    /// The date (in UTC) of a moment given as seconds since the Unix epoch; `None` before
    /// 1970 or after 9999.
    ///
    /// ```
    /// let d = gone_core::Date::from_unix_seconds(1_740_830_400).unwrap();
    /// assert_eq!(d.to_string(), "2025-03-01");
    /// ```
    pub fn from_unix_seconds(seconds: u64) -> Option<Date> {
        // Howard Hinnant's `civil_from_days`.
        let z = seconds / 86_400 + 719_468;
        let era = z / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + u64::from(month <= 2);
        let year = u16::try_from(year).ok().filter(|y| *y <= 9999)?;
        Some(Date { year, month, day })
    }

    /// Seconds since the Unix epoch at midnight GMT starting this date.
    pub fn unix_seconds(self) -> u64 {
        self.days_since_epoch() * 86_400
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_dates_only() {
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2000-02-29").is_ok());
        assert_eq!(
            Date::parse("1900-02-29"),
            Err(DateError::Day {
                year: 1900,
                month: 2,
                day: 29
            })
        );
        assert!(matches!(Date::parse("2025-02-29"), Err(DateError::Day { .. })));
        assert!(matches!(Date::parse("2025-04-31"), Err(DateError::Day { .. })));
        assert_eq!(Date::parse("2025-13-01"), Err(DateError::Month(13)));
        assert_eq!(Date::parse("2025-00-01"), Err(DateError::Month(0)));
        assert!(matches!(Date::parse("2025-01-00"), Err(DateError::Day { .. })));
        for bad in [
            "2025-1-5",
            "2025-01-01T00:00:00Z",
            "",
            "20250101",
            "2025/01/01",
            "+025-01-01",
            "２０２５-01-01",
        ] {
            assert_eq!(Date::parse(bad), Err(DateError::Shape), "{bad}");
        }
        assert_eq!(Date::parse("1969-12-31"), Err(DateError::TooEarly));
    }

    #[test]
    fn unix_seconds_round_trip() {
        for days in (0..2_932_897u64).step_by(97) {
            let d = Date::from_unix_seconds(days * 86_400 + 86_399).unwrap();
            assert_eq!(d.days_since_epoch(), days);
            assert_eq!(Date::parse(&d.to_string()), Ok(d));
        }
        assert_eq!(Date::from_unix_seconds(0), Some(Date::EPOCH));
        assert_eq!(Date::from_unix_seconds(u64::MAX / 2), None);
    }

    #[test]
    fn imf_fixdate_round_trips_through_a_parser() {
        // Every day of several years, leap and not, against httpdate's parser and the
        // weekday computed independently from the day count (1970-01-01 was a Thursday).
        const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        for year in [1970u16, 1999, 2000, 2024, 2025, 2100, 9999] {
            for month in 1..=12u8 {
                for day in 1..=days_in_month(year, month) {
                    let d = Date { year, month, day };
                    let text = d.imf_fixdate();
                    let parsed = httpdate::parse_http_date(&text).unwrap();
                    let secs = parsed.duration_since(UNIX_EPOCH).unwrap().as_secs();
                    assert_eq!(secs, d.unix_seconds(), "{text}");
                    let weekday = WEEKDAYS[(d.days_since_epoch() % 7) as usize];
                    assert!(text.starts_with(weekday), "{text} is not a {weekday}");
                    assert_eq!(&text[5..7], &format!("{day:02}")[..], "{text}");
                    assert!(text.ends_with(" 00:00:00 GMT"), "{text}");
                }
            }
        }
        assert_eq!(
            Date::parse("2025-03-01").unwrap().imf_fixdate(),
            "Sat, 01 Mar 2025 00:00:00 GMT"
        );
    }
}
