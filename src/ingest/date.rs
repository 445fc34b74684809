//! Dates and times: the shapes Clientela reads, how the day/month order is decided from the data, and the
//! compact integer representation every analysis works on.
//!
//! Parsing is written by hand rather than with a strftime-style library because it runs once per row on
//! a hot path (hundreds of MB/s) and because detection needs the raw components (which of the first two
//! numbers can be a day) before a format is known. The calendar arithmetic is Howard Hinnant's
//! `days_from_civil` / `civil_from_days`; the tests check it against `chrono` for every day of 1932–2067.

use serde::{Deserialize, Serialize};

/// Seconds since 2000-01-01 00:00:00 (wall-clock time; time zones are not applied).
///
/// An `i32` keeps the column at 4 bytes per row and covers 1931-12-13 to 2068-01-19; a date outside that
/// range is rejected with its own reason rather than wrapped.
pub type Timestamp = i32;

/// Days between 1970-01-01 and 2000-01-01.
const EPOCH_2000_DAYS: i64 = 10_957;
/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// How the date column is written. `DayMonth` and `MonthDay` cover `d/m/y` and `m/d/y` with `/`, `-` or
/// `.` separators and 2- or 4-digit years; all formats accept an optional time `HH:MM[:SS[.fff]]`, with
/// `AM`/`PM`, after a space or `T`, and an ignored trailing `Z` or UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum DateFormat {
    /// `2011-12-09`, `2011/12/09`, `2011.12.09` (ISO 8601 order).
    #[serde(rename = "ymd", alias = "year_month_day")]
    YearMonthDay,
    /// `09/12/2011`, `9.12.11` (day first).
    #[serde(rename = "dmy", alias = "day_month_year")]
    DayMonthYear,
    /// `12/09/2011`, `12-9-11` (month first, US).
    #[serde(rename = "mdy", alias = "month_day_year")]
    MonthDayYear,
    /// `20111209`.
    #[serde(rename = "yyyymmdd", alias = "compact")]
    Compact,
}

impl DateFormat {
    /// The name used by `--date-format` and in reports.
    pub fn name(self) -> &'static str {
        match self {
            DateFormat::YearMonthDay => "ymd",
            DateFormat::DayMonthYear => "dmy",
            DateFormat::MonthDayYear => "mdy",
            DateFormat::Compact => "yyyymmdd",
        }
    }

    /// Parses a `--date-format` value: `ymd`/`iso`, `dmy`/`d/m/y`, `mdy`/`m/d/y`, `yyyymmdd`.
    pub fn from_name(s: &str) -> Option<DateFormat> {
        let k: String = s.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        Some(match k.as_str() {
            "ymd" | "iso" | "yyyymmddhhmmss" | "ymdhms" | "yyyyyyyymmdd" => DateFormat::YearMonthDay,
            "dmy" | "ddmmyyyy" | "ddmmyy" | "dmyhms" => DateFormat::DayMonthYear,
            "mdy" | "mmddyyyy" | "mmddyy" | "mdyhms" => DateFormat::MonthDayYear,
            "yyyymmdd" | "compact" => DateFormat::Compact,
            _ => return None,
        })
    }
}

impl std::str::FromStr for DateFormat {
    type Err = String;
    /// [`DateFormat::from_name`], with an error that lists the accepted names.
    fn from_str(s: &str) -> Result<DateFormat, String> {
        DateFormat::from_name(s).ok_or_else(|| "expected ymd, dmy, mdy or yyyymmdd".into())
    }
}

/// The numbers found in a date string before its format is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateParts {
    /// First number.
    pub a: u32,
    /// Digits in the first number.
    pub a_len: u8,
    /// Second number.
    pub b: u32,
    /// Third number.
    pub c: u32,
    /// Digits in the third number.
    pub c_len: u8,
    /// Seconds after midnight (0 when no time is given).
    pub secs: u32,
    /// The date was eight digits in a row (`yyyymmdd`).
    pub compact: bool,
}

impl DateParts {
    /// True when the string leads with a 4-digit year (ISO order) or is compact.
    pub fn year_first(&self) -> bool {
        self.compact || self.a_len == 4
    }
}

/// Reads a date-like string into its numbers; `None` when it is not shaped like a date.
pub fn split_parts(s: &[u8]) -> Option<DateParts> {
    let s = trim(s);
    let lead = s.iter().take_while(|c| c.is_ascii_digit()).count();
    if s.first().is_some_and(u8::is_ascii_alphabetic)
        || (1..=2).contains(&lead)
            && matches!(s.get(lead), Some(b'-' | b' ' | b'.' | b'/'))
            && s.get(lead + 1).is_some_and(u8::is_ascii_alphabetic)
    {
        return named_month(s);
    }
    let mut i = 0;
    let (a, a_len) = digits(s, &mut i)?;
    if a_len == 8 {
        // yyyymmdd, optionally followed by a time.
        let secs = time_part(&s[i..])?;
        return Some(DateParts { a: a / 10_000, a_len: 4, b: a / 100 % 100, c: a % 100, c_len: 2, secs, compact: true });
    }
    if a_len > 4 {
        return None;
    }
    let sep = *s.get(i)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    i += 1;
    let (b, b_len) = digits(s, &mut i)?;
    if b_len > 2 || s.get(i) != Some(&sep) {
        return None;
    }
    i += 1;
    let (c, c_len) = digits(s, &mut i)?;
    if c_len > 4 || c_len == 3 || (a_len == 4 && c_len > 2) || (a_len != 4 && c_len == 1) {
        return None;
    }
    let secs = time_part(&s[i..])?;
    Some(DateParts { a, a_len: a_len as u8, b, c, c_len: c_len as u8, secs, compact: false })
}

/// English month names and abbreviations: `Mar-01-24` (eBay), `Mar 1, 2024 10:15:00 AM` (Magento's order
/// grid), `01-Mar-2024` and `1 March 2024`. The month is named, so the day/month order is not in
/// question: the parts are returned year first (a 2-digit year expanded as [`expand_year`] does).
fn named_month(s: &[u8]) -> Option<DateParts> {
    const MONTHS: [&[u8]; 12] = [b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec"];
    let word = |s: &[u8], i: &mut usize| -> Option<u32> {
        let start = *i;
        while s.get(*i).is_some_and(u8::is_ascii_alphabetic) {
            *i += 1;
        }
        let w = &s[start..*i];
        if !(3..=9).contains(&w.len()) {
            return None;
        }
        let w3 = [w[0].to_ascii_lowercase(), w[1].to_ascii_lowercase(), w[2].to_ascii_lowercase()];
        MONTHS.iter().position(|m| **m == w3).map(|m| m as u32 + 1)
    };
    let sep = |s: &[u8], i: &mut usize| {
        let start = *i;
        while s.get(*i).is_some_and(|c| matches!(c, b'-' | b' ' | b'.' | b'/' | b',')) {
            *i += 1;
        }
        *i > start
    };
    let mut i = 0;
    let (month, day) = if s[0].is_ascii_alphabetic() {
        let m = word(s, &mut i)?;
        if !sep(s, &mut i) {
            return None;
        }
        let (d, dl) = digits(s, &mut i)?;
        if dl > 2 {
            return None;
        }
        (m, d)
    } else {
        let (d, _) = digits(s, &mut i)?;
        sep(s, &mut i);
        (word(s, &mut i)?, d)
    };
    if !sep(s, &mut i) {
        return None;
    }
    let (y, yl) = digits(s, &mut i)?;
    if yl != 2 && yl != 4 {
        return None;
    }
    let year = expand_year(y, yl as u8) as u32;
    let secs = time_part(&s[i..])?;
    Some(DateParts { a: year, a_len: 4, b: month, c: day, c_len: 2, secs, compact: false })
}

/// Converts parts under a format into a timestamp; `None` when the day or month is impossible.
pub fn from_parts(p: &DateParts, format: DateFormat) -> Option<Timestamp> {
    // A leading 4-digit year is unambiguous whatever the column's format says.
    let (y, m, d) = if p.year_first() {
        (p.a as i64, p.b, p.c)
    } else {
        let y = expand_year(p.c, p.c_len);
        match format {
            DateFormat::DayMonthYear => (y, p.b, p.a),
            DateFormat::MonthDayYear => (y, p.a, p.b),
            DateFormat::YearMonthDay | DateFormat::Compact => return None,
        }
    };
    to_timestamp(y, m, d, p.secs)
}

/// Parses a date string under a known format.
pub fn parse(s: &[u8], format: DateFormat) -> Option<Timestamp> {
    from_parts(&split_parts(s)?, format)
}

/// Two-digit years: 00–69 are 2000–2069, 70–99 are 1970–1999 (the POSIX `strptime` pivot).
fn expand_year(c: u32, len: u8) -> i64 {
    if len == 2 { if c < 70 { 2000 + c as i64 } else { 1900 + c as i64 } } else { c as i64 }
}

/// Timestamp for a civil date and seconds after midnight, checked for validity and range.
pub fn to_timestamp(y: i64, m: u32, d: u32, secs: u32) -> Option<Timestamp> {
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let days = days_from_civil(y, m, d) - EPOCH_2000_DAYS;
    let t = days * DAY + secs as i64;
    i32::try_from(t).ok()
}

/// Swaps day and month of a timestamp (`03/04` read as 3 April becomes 4 March); `None` when the swapped
/// date does not exist.
pub fn swap_day_month(t: Timestamp) -> Option<Timestamp> {
    let (y, m, d, secs) = civil(t);
    to_timestamp(y, d, m, secs)
}

/// `(year, month, day, seconds after midnight)` of a timestamp.
pub fn civil(t: Timestamp) -> (i64, u32, u32, u32) {
    let t = t as i64;
    let days = t.div_euclid(DAY);
    let secs = t.rem_euclid(DAY) as u32;
    let (y, m, d) = civil_from_days(days + EPOCH_2000_DAYS);
    (y, m, d, secs)
}

/// Day number (days since 2000-01-01) of a timestamp.
pub fn day_of(t: Timestamp) -> i32 {
    (t as i64).div_euclid(DAY) as i32
}

/// `YYYY-MM-DD` for a timestamp.
pub fn format_date(t: Timestamp) -> String {
    let (y, m, d, _) = civil(t);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD HH:MM:SS` for a timestamp.
pub fn format_datetime(t: Timestamp) -> String {
    let (y, m, d, s) = civil(t);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 (Hinnant, "chrono-Compatible Low-Level Date Algorithms").
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn trim(s: &[u8]) -> &[u8] {
    s.trim_ascii()
}

fn digits(s: &[u8], i: &mut usize) -> Option<(u32, usize)> {
    let start = *i;
    let mut v: u32 = 0;
    while let Some(&c) = s.get(*i) {
        if !c.is_ascii_digit() {
            break;
        }
        if *i - start >= 9 {
            return None;
        }
        v = v * 10 + (c - b'0') as u32;
        *i += 1;
    }
    let n = *i - start;
    if n == 0 { None } else { Some((v, n)) }
}

/// Parses what follows the date: nothing, or a separator (`T` or spaces) and `H[H]:MM[:SS[.fff]]`,
/// optionally `AM`/`PM`, `Z` or a `±HH[:MM]` offset (ignored: times are wall-clock).
fn time_part(s: &[u8]) -> Option<u32> {
    if s.is_empty() {
        return Some(0);
    }
    let mut i = 0;
    if s[0] == b'T' {
        i = 1;
    } else {
        while i < s.len() && s[i] == b' ' {
            i += 1;
        }
        if i == 0 {
            return None;
        }
    }
    let (h, hl) = digits(s, &mut i)?;
    if hl > 2 || s.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    let (mi, ml) = digits(s, &mut i)?;
    if ml != 2 {
        return None;
    }
    let mut sec = 0;
    if s.get(i) == Some(&b':') {
        i += 1;
        let (sv, sl) = digits(s, &mut i)?;
        if sl != 2 {
            return None;
        }
        sec = sv;
        if matches!(s.get(i), Some(b'.') | Some(b',')) {
            i += 1;
            digits(s, &mut i)?;
        }
    }
    let mut h = h;
    let rest = trim(&s[i..]);
    let rest_upper: Vec<u8> = rest.iter().map(|c| c.to_ascii_uppercase()).collect();
    match rest_upper.as_slice() {
        b"" | b"Z" => {}
        // A 24-hour hour with the marker as well is read as the 24-hour clock: Magento's grid export wrote
        // `M j, Y H:i:s A` (`Mar 6, 2024 16:45:30 PM`, `00:15:00 AM`) before its `h` fix
        // (magento/magento2, Ui/Model/Export/MetadataProvider.php). A marker that contradicts the hour
        // (`13:00 AM`) is not a time.
        b"AM" | b"A.M." => {
            if !(0..=12).contains(&h) {
                return None;
            }
            if h == 12 {
                h = 0;
            }
        }
        b"PM" | b"P.M." => {
            if !(1..=23).contains(&h) {
                return None;
            }
            if h < 12 {
                h += 12;
            }
        }
        r if (r[0] == b'+' || r[0] == b'-') && r[1..].iter().all(|c| c.is_ascii_digit() || *c == b':') => {}
        _ => return None,
    }
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    Some(h * 3600 + mi * 60 + sec.min(59))
}

#[cfg(test)]
mod tests {

    #[test]
    fn month_names() {
        // eBay's orders report writes `Mar-01-24`, Magento's order grid `Mar 1, 2024 10:15:00 AM`; a named
        // month settles the day/month order whatever the column's format (hand-checked dates).
        let at = |s: &str| parse(s.as_bytes(), DateFormat::DayMonthYear).map(format_datetime);
        assert_eq!(at("Mar-01-24").as_deref(), Some("2024-03-01 00:00:00"));
        assert_eq!(at("Mar 1, 2024 10:15:00 AM").as_deref(), Some("2024-03-01 10:15:00"));
        assert_eq!(at("Dec 31, 2023 4:45:30 PM").as_deref(), Some("2023-12-31 16:45:30"));
        // Magento's older export format `M j, Y H:i:s A`: the 24-hour hour wins, a contradiction is no time.
        assert_eq!(at("Mar 6, 2024 16:45:30 PM").as_deref(), Some("2024-03-06 16:45:30"));
        assert_eq!(at("Mar 6, 2024 00:15:00 AM").as_deref(), Some("2024-03-06 00:15:00"));
        assert_eq!(at("Mar 6, 2024 04:45:30 PM").as_deref(), Some("2024-03-06 16:45:30"));
        assert_eq!(at("Mar 6, 2024 13:00:00 AM"), None);
        assert_eq!(at("Mar 6, 2024 24:00:00 PM"), None);
        assert_eq!(at("01-Mar-2024").as_deref(), Some("2024-03-01 00:00:00"));
        assert_eq!(at("7 September 2011").as_deref(), Some("2011-09-07 00:00:00"));
        assert_eq!(parse(b"Mar-01-24", DateFormat::MonthDayYear), parse(b"2024-03-01", DateFormat::YearMonthDay));
        for bad in ["Foo-01-24", "Mar-32-24", "Feb 30, 2024", "Mar", "N/A", "Mar-01-124", "Ma-01-24"] {
            assert_eq!(at(bad), None, "{bad}");
        }
        assert!(split_parts(b"Mar-01-24").is_some_and(|p| p.year_first()));
    }

    use super::*;

    fn ts(y: i64, m: u32, d: u32, h: u32, mi: u32, s: u32) -> Timestamp {
        to_timestamp(y, m, d, h * 3600 + mi * 60 + s).unwrap()
    }

    #[test]
    fn civil_conversion_matches_chrono_for_every_day_in_range() {
        // Reference: chrono's NaiveDate, an independent implementation of the proleptic Gregorian calendar.
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let mut date = chrono::NaiveDate::from_ymd_opt(1932, 1, 1).unwrap();
        let end = chrono::NaiveDate::from_ymd_opt(2068, 1, 1).unwrap();
        use chrono::Datelike;
        while date < end {
            let z = (date - epoch).num_days();
            assert_eq!(days_from_civil(date.year() as i64, date.month(), date.day()), z, "{date}");
            assert_eq!(civil_from_days(z), (date.year() as i64, date.month(), date.day()));
            date = date.succ_opt().unwrap();
        }
    }

    #[test]
    fn iso_dates_and_times() {
        assert_eq!(parse(b"2011-12-09 12:50:00", DateFormat::YearMonthDay), Some(ts(2011, 12, 9, 12, 50, 0)));
        assert_eq!(parse(b"2011-12-09T12:50:07Z", DateFormat::YearMonthDay), Some(ts(2011, 12, 9, 12, 50, 7)));
        assert_eq!(parse(b"2011/1/9", DateFormat::YearMonthDay), Some(ts(2011, 1, 9, 0, 0, 0)));
        assert_eq!(parse(b"2011-02-29", DateFormat::YearMonthDay), None, "2011 is not a leap year");
        assert_eq!(parse(b"2012-02-29", DateFormat::YearMonthDay), Some(ts(2012, 2, 29, 0, 0, 0)));
        assert_eq!(parse(b"2011-12-09 25:00", DateFormat::YearMonthDay), None);
        assert_eq!(parse(b"2011-12-09 08:26:00.123+01:00", DateFormat::YearMonthDay), Some(ts(2011, 12, 9, 8, 26, 0)));
    }

    #[test]
    fn day_first_month_first_and_two_digit_years() {
        assert_eq!(parse(b"09/12/2011 8:26", DateFormat::DayMonthYear), Some(ts(2011, 12, 9, 8, 26, 0)));
        assert_eq!(parse(b"12/9/2011 8:26 PM", DateFormat::MonthDayYear), Some(ts(2011, 12, 9, 20, 26, 0)));
        assert_eq!(parse(b"12/9/2011 12:05 AM", DateFormat::MonthDayYear), Some(ts(2011, 12, 9, 0, 5, 0)));
        assert_eq!(parse(b"1.12.10", DateFormat::DayMonthYear), Some(ts(2010, 12, 1, 0, 0, 0)));
        assert_eq!(parse(b"1/12/99", DateFormat::DayMonthYear), Some(ts(1999, 12, 1, 0, 0, 0)));
        assert_eq!(parse(b"13/12/2011", DateFormat::MonthDayYear), None);
        assert_eq!(parse(b"20111209", DateFormat::Compact), Some(ts(2011, 12, 9, 0, 0, 0)));
        assert_eq!(parse(b"2011-12", DateFormat::YearMonthDay), None);
        assert_eq!(parse(b"hello", DateFormat::YearMonthDay), None);
        assert_eq!(parse(b"", DateFormat::YearMonthDay), None);
    }

    #[test]
    fn range_limits_are_rejected_not_wrapped() {
        assert_eq!(parse(b"1931-12-13", DateFormat::YearMonthDay), None);
        assert!(parse(b"1931-12-14", DateFormat::YearMonthDay).is_some());
        assert!(parse(b"2068-01-18", DateFormat::YearMonthDay).is_some());
        assert_eq!(parse(b"9999-12-31", DateFormat::YearMonthDay), None);
    }

    #[test]
    fn swap_and_format() {
        let t = ts(2011, 4, 3, 10, 0, 0);
        assert_eq!(swap_day_month(t), Some(ts(2011, 3, 4, 10, 0, 0)));
        assert_eq!(format_datetime(t), "2011-04-03 10:00:00");
        assert_eq!(format_date(ts(1999, 12, 31, 23, 59, 59)), "1999-12-31");
        assert_eq!(day_of(ts(1999, 12, 31, 23, 59, 59)), -1);
    }
}
