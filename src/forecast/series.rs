//! The revenue series: purchase revenue per calendar month or ISO week, overall and per group of
//! customers, with the periods only partly observed marked.
//!
//! Revenue is the Overview's monthly revenue ([`crate::segment::overview`]), so the forecast continues the
//! page's monthly chart: each purchase line's amount (unknown amounts count as zero) of the customers the
//! profiles know, dated before the as-of date, in the period of its date. Returns and cancellations are
//! not subtracted (they are the Overview's separate `returns_value`), and lines without a customer id are
//! not counted (the profiles' `excluded_no_customer_revenue`).
//!
//! A period is **complete** when the observation window (from the earliest date in the file to the day
//! before the as-of date) covers all its days. Only complete periods are fitted: the period holding the
//! as-of date, when it has begun, is observed only partly, and reading its revenue as a whole period's
//! would look like a collapse; the first period, when the file starts after its first day, likewise. The
//! part observed of the as-of period is reported beside the forecast, which covers that whole period.
//!
//! Weeks are ISO 8601 weeks (Monday to Sunday, `YYYY-Www`, the year being the one of the week's
//! Thursday); the weekly season is 52 weeks (a 53-week ISO year shifts it by a week).

use serde::Serialize;

use crate::dataset::Dataset;
use crate::segment::Profiles;
use crate::time::{civil_from_days, days_from_civil};

/// Days from 1970-01-01 (the calendar functions' origin) to 2000-01-01 (day numbers' origin).
const EPOCH_2000: i64 = 10_957;

/// The length of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "ForecastPeriod"))]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Calendar months, `YYYY-MM`; season 12.
    Month,
    /// ISO weeks, `YYYY-Www`; season 52.
    Week,
}

impl Period {
    /// Periods in a season.
    pub fn season(self) -> usize {
        match self {
            Period::Month => 12,
            Period::Week => 52,
        }
    }

    /// The number of the period holding day `day` (months: `year × 12 + month − 1`; weeks: Mondays since
    /// 1999-12-27).
    pub fn of_day(self, day: i32) -> i64 {
        match self {
            Period::Month => {
                let (y, m, _) = civil_from_days(day as i64 + EPOCH_2000);
                y * 12 + m as i64 - 1
            }
            // Day 0 (2000-01-01) is a Saturday; day −5 is the Monday 1999-12-27.
            Period::Week => (day as i64 + 5).div_euclid(7),
        }
    }

    /// The first day of period `p`.
    pub fn start(self, p: i64) -> i64 {
        match self {
            Period::Month => days_from_civil(p.div_euclid(12), p.rem_euclid(12) as u32 + 1, 1) - EPOCH_2000,
            Period::Week => p * 7 - 5,
        }
    }

    /// `YYYY-MM` or `YYYY-Www`.
    pub fn label(self, p: i64) -> String {
        match self {
            Period::Month => format!("{:04}-{:02}", p.div_euclid(12), p.rem_euclid(12) + 1),
            Period::Week => {
                let thursday = self.start(p) + 3;
                let (y, _, _) = civil_from_days(thursday + EPOCH_2000);
                let jan1 = days_from_civil(y, 1, 1) - EPOCH_2000;
                format!("{y:04}-W{:02}", (thursday - jan1) / 7 + 1)
            }
        }
    }
}

/// One group's revenue per period.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Revenue of each complete period, oldest first (from [`Periods::first`]).
    pub complete: Vec<f64>,
    /// Revenue observed so far in the as-of period (when it has begun).
    pub partial: Option<f64>,
}

/// Which periods the window covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periods {
    /// Month or week.
    pub period: Period,
    /// First complete period.
    pub first: i64,
    /// Complete periods (`first .. first + count`).
    pub count: usize,
    /// The first day of the window is after the first day of its period: that period is left out.
    pub first_partial: Option<i64>,
    /// The as-of period has begun (days observed, days in the period); it is `first + count`.
    pub last_partial: Option<(i64, i64)>,
}

impl Periods {
    /// The periods of the window `[start, as_of)`.
    pub fn of_window(period: Period, start: i32, as_of: i32) -> Periods {
        let first_seen = period.of_day(start);
        let first_partial = (period.start(first_seen) < start as i64).then_some(first_seen);
        let first = first_seen + i64::from(first_partial.is_some());
        // The period holding the as-of day: complete periods end before it.
        let as_of_period = period.of_day(as_of);
        let begun = as_of as i64 - period.start(as_of_period);
        let count = (as_of_period - first).max(0) as usize;
        let len = period.start(as_of_period + 1) - period.start(as_of_period);
        let last_partial = (begun > 0 && as_of_period > first_seen).then_some((begun, len));
        Periods { period, first, count, first_partial, last_partial }
    }

    /// The label of the `k`-th period from [`Periods::first`].
    pub fn label(&self, k: usize) -> String {
        self.period.label(self.first + k as i64)
    }
}

/// Revenue per complete period and of the partial as-of period, for each group: `group[row]` is the
/// group of profile row `row` (`None`: in no group, counted in the total only). Returns the total and
/// the groups' series (`groups` of them).
pub fn revenue(ds: &Dataset, p: &Profiles, w: &Periods, group: Option<(&[Option<usize>], usize)>) -> (Series, Vec<Series>) {
    let empty = || Series { complete: vec![0.0; w.count], partial: w.last_partial.map(|_| 0.0) };
    let mut total = empty();
    let mut groups: Vec<Series> = (0..group.map_or(0, |g| g.1)).map(|_| empty()).collect();
    for line in p.purchase_lines(ds) {
        let v = ds.line_amount(line.line);
        let v = if v.is_nan() { 0.0 } else { v };
        let k = w.period.of_day(line.day) - w.first;
        let add = |s: &mut Series| {
            if let Some(slot) = usize::try_from(k).ok().and_then(|k| s.complete.get_mut(k)) {
                *slot += v;
            } else if k == w.count as i64
                && let Some(slot) = s.partial.as_mut()
            {
                *slot += v;
            }
        };
        add(&mut total);
        if let Some((of, _)) = group
            && let Some(Some(g)) = of.get(line.row)
            && let Some(s) = groups.get_mut(*g)
        {
            add(s);
        }
    }
    (total, groups)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_day;

    #[test]
    fn iso_weeks_and_months_by_the_calendar() {
        // ISO 8601: 2011-01-02 (a Sunday) is in 2010-W52; 2011-01-03 starts 2011-W01; 2009-12-31 is in
        // 2009-W53 (2009 has 53 ISO weeks); 2008-12-29 (a Monday) starts 2009-W01.
        let w = |d: &str| Period::Week.label(Period::Week.of_day(parse_day(d).unwrap()));
        assert_eq!(w("2011-01-02"), "2010-W52");
        assert_eq!(w("2011-01-03"), "2011-W01");
        assert_eq!(w("2009-12-31"), "2009-W53");
        assert_eq!(w("2008-12-29"), "2009-W01");
        assert_eq!(w("2000-01-01"), "1999-W52");
        let m = Period::Month.of_day(parse_day("2011-12-09").unwrap());
        assert_eq!(Period::Month.label(m), "2011-12");
        assert_eq!(Period::Month.start(m), parse_day("2011-12-01").unwrap() as i64);
        assert_eq!(Period::Week.start(Period::Week.of_day(parse_day("2011-12-09").unwrap())), parse_day("2011-12-05").unwrap() as i64);
    }

    #[test]
    fn partial_periods_at_both_ends_are_marked() {
        // Window 2010-12-01 .. 2011-12-10 (Online Retail's): December 2010 is whole, December 2011 has 9 of
        // its 31 days: 12 complete months, the last partial.
        let d = |s: &str| parse_day(s).unwrap();
        let w = Periods::of_window(Period::Month, d("2010-12-01"), d("2011-12-10"));
        assert_eq!((w.label(0), w.count, w.first_partial, w.last_partial), ("2010-12".to_string(), 12, None, Some((9, 31))));
        // Starting on the 15th: that month is left out; an as-of date on the 1st leaves no partial month.
        let w = Periods::of_window(Period::Month, d("2010-12-15"), d("2011-12-01"));
        assert_eq!((w.label(0), w.count, w.first_partial.is_some(), w.last_partial), ("2011-01".to_string(), 11, true, None));
        // An as-of date inside the first, partial month: nothing complete, nothing partial to report.
        let w = Periods::of_window(Period::Month, d("2010-12-15"), d("2010-12-20"));
        assert_eq!((w.count, w.last_partial), (0, None));
    }
}
