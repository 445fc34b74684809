//! Day numbers shared by every analysis: days since 2000-01-01 as `i32`, parsed from and formatted as
//! `YYYY-MM-DD`. The calendar maths itself lives with the date parser in [`crate::ingest::date`] and is
//! re-exported here, so an analysis never reaches into the reader for it.

pub use crate::ingest::date::{DAY, Timestamp, civil_from_days, day_of, days_from_civil, format_date, format_datetime, to_timestamp};

use crate::error::BadParameter;

/// Parses `YYYY-MM-DD` into a day number (days since 2000-01-01). The error names the option `as_of`;
/// rename it with [`BadParameter::renamed`] for other dates.
pub fn parse_day(s: &str) -> Result<i32, BadParameter> {
    let bad = || BadParameter::new("as_of", s, "expected a date as YYYY-MM-DD between 1932 and 2067, e.g. 2011-12-10");
    let mut parts = s.trim().splitn(3, '-');
    let mut num = || parts.next().and_then(|p| p.parse::<u32>().ok());
    let (y, m, d) = (num().ok_or_else(bad)?, num().ok_or_else(bad)?, num().ok_or_else(bad)?);
    let t: Timestamp = to_timestamp(y as i64, m, d, 0).ok_or_else(bad)?;
    Ok(day_of(t))
}

/// `YYYY-MM-DD` of a day number.
pub fn day_string(day: i32) -> String {
    format_date((day as i64 * DAY) as Timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_bad_dates_name_the_option() {
        // 2000-01-01 is day 0 by definition; 2011-12-10 is 4361 days later (11 years of which 3 leap
        // years = 4018 days to 2011-01-01, plus 343 days to 10 December).
        assert_eq!(parse_day("2000-01-01"), Ok(0));
        assert_eq!(parse_day("2011-12-10"), Ok(4361));
        assert_eq!(day_string(4361), "2011-12-10");
        let e = parse_day("2011-13-01").unwrap_err();
        assert_eq!((e.option, e.value.as_str()), ("as_of", "2011-13-01"));
        assert_eq!(e.renamed("split_date").option, "split_date");
    }
}
