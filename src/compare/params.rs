//! The comparison's options and calendar periods, validated in one place.

use serde::{Deserialize, Serialize};

use crate::error::BadParameter;
use crate::time::{civil_from_days, days_from_civil, parse_day};

/// Days from 1970-01-01 (the calendar functions' origin) to 2000-01-01 (day numbers' origin).
const EPOCH_2000: i64 = 10_957;

/// The length of the periods compared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "ComparePeriod"))]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// Calendar months, `YYYY-MM`.
    #[default]
    Month,
    /// Calendar quarters (January–March is Q1), `YYYY-Qn`.
    Quarter,
    /// Calendar years, `YYYY`.
    Year,
}

impl PeriodKind {
    /// Periods in a year (12, 4, 1): the same period a year earlier is this many periods back.
    pub fn per_year(self) -> i64 {
        match self {
            PeriodKind::Month => 12,
            PeriodKind::Quarter => 4,
            PeriodKind::Year => 1,
        }
    }

    /// Months in one period.
    fn months(self) -> i64 {
        12 / self.per_year()
    }

    /// The number of the period holding day `day` (months: `year × 12 + month − 1`; quarters:
    /// `year × 4 + quarter − 1`; years: the year).
    pub fn of_day(self, day: i32) -> i64 {
        let (y, m, _) = civil_from_days(day as i64 + EPOCH_2000);
        (y * 12 + m as i64 - 1).div_euclid(self.months())
    }

    /// The first day (day number) of period `p`.
    pub fn start(self, p: i64) -> i32 {
        let month = p * self.months();
        (days_from_civil(month.div_euclid(12), month.rem_euclid(12) as u32 + 1, 1) - EPOCH_2000) as i32
    }

    /// `2011-11`, `2011-Q4` or `2011`.
    pub fn label(self, p: i64) -> String {
        match self {
            PeriodKind::Month => format!("{:04}-{:02}", p.div_euclid(12), p.rem_euclid(12) + 1),
            PeriodKind::Quarter => format!("{:04}-Q{}", p.div_euclid(4), p.rem_euclid(4) + 1),
            PeriodKind::Year => format!("{p:04}"),
        }
    }

    /// A period written as its label (`2011-11`, `2011-Q4`, `2011`) or as a date `YYYY-MM-DD` inside it.
    pub fn parse(self, s: &str) -> Option<i64> {
        let s = s.trim();
        if s.len() == 10
            && let Ok(day) = parse_day(s)
        {
            return Some(self.of_day(day));
        }
        let year = |y: &str| if y.len() == 4 { y.parse::<i64>().ok().filter(|y| (1900..=2200).contains(y)) } else { None };
        match self {
            PeriodKind::Month => {
                let (y, m) = s.split_once('-')?;
                let m = m.parse::<i64>().ok().filter(|m| (1..=12).contains(m) && !s.ends_with('-'))?;
                Some(year(y)? * 12 + m - 1)
            }
            PeriodKind::Quarter => {
                let (y, q) = s.split_once('-')?;
                let q = q.strip_prefix(['Q', 'q'])?.parse::<i64>().ok().filter(|q| (1..=4).contains(q))?;
                Some(year(y)? * 4 + q - 1)
            }
            PeriodKind::Year => year(s),
        }
    }

    /// How a period of this kind is written, for messages.
    fn form(self) -> &'static str {
        match self {
            PeriodKind::Month => "a month as YYYY-MM, e.g. 2011-11",
            PeriodKind::Quarter => "a quarter as YYYY-Qn, e.g. 2011-Q3",
            PeriodKind::Year => "a year as YYYY, e.g. 2011",
        }
    }
}

impl std::str::FromStr for PeriodKind {
    type Err = String;
    /// `month`, `quarter` or `year` (also `m`, `q`, `y`).
    fn from_str(s: &str) -> Result<PeriodKind, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "month" | "m" | "monthly" => Ok(PeriodKind::Month),
            "quarter" | "q" | "quarterly" => Ok(PeriodKind::Quarter),
            "year" | "y" | "yearly" | "annual" => Ok(PeriodKind::Year),
            _ => Err("expected month, quarter or year".into()),
        }
    }
}

/// Most periods of one length offered to choose from (twenty years of months).
pub const MAX_CHOICES: usize = 240;

impl PeriodKind {
    /// The periods a user may choose, latest first: every period of this kind from the one holding day
    /// `first` to the one holding day `last` (the last day observed), at most [`MAX_CHOICES`], each as
    /// its label, which the `at` option takes back ([`PeriodKind::parse`]).
    pub fn choices(self, first: i32, last: i32) -> Vec<String> {
        let from = self.of_day(first);
        (from..=self.of_day(last)).rev().take(MAX_CHOICES).map(|p| self.label(p)).collect()
    }
}

/// The periods a user may choose, by length ([`PeriodKind::choices`]): the page lists them instead of
/// working out the calendar itself. Each is a period's label (`2011-11`, `2011-Q4`, `2011`): the value
/// the `at` option takes and the label the report names periods by.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PeriodChoices {
    /// Months, latest first.
    pub month: Vec<String>,
    /// Quarters, latest first.
    pub quarter: Vec<String>,
    /// Years, latest first.
    pub year: Vec<String>,
}

impl PeriodChoices {
    /// The periods from the one holding day `first` to the one holding day `last`, of each length.
    pub fn between(first: i32, last: i32) -> PeriodChoices {
        PeriodChoices {
            month: PeriodKind::Month.choices(first, last),
            quarter: PeriodKind::Quarter.choices(first, last),
            year: PeriodKind::Year.choices(first, last),
        }
    }
}

/// Options of the comparison (all optional; `{}` from the page means the latest complete month).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct CompareOptions {
    /// As-of date `YYYY-MM-DD` (default: the day after the last date in the file). Lines dated on or
    /// after it are left out.
    pub as_of: Option<String>,
    /// The length of the periods: `month` (default), `quarter` or `year`.
    pub period: PeriodKind,
    /// The period to look at, written as its label (`2011-11`, `2011-Q4`, `2011`) or as a date
    /// `YYYY-MM-DD` inside it (default: the latest complete period before the as-of date).
    pub at: Option<String>,
}

/// The options checked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resolved {
    /// The as-of day, when given.
    pub as_of: Option<i32>,
    /// The length of the periods.
    pub period: PeriodKind,
    /// The period asked for, when given.
    pub at: Option<i64>,
}

impl CompareOptions {
    /// Checks every option; the error names the option and what would work.
    pub fn resolve(&self) -> Result<Resolved, BadParameter> {
        let as_of = self.as_of.as_deref().map(parse_day).transpose()?;
        let at = match self.at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Some(self.period.parse(s).ok_or_else(|| {
                BadParameter::new("at", s, format!("expected {} (or a date YYYY-MM-DD inside the period)", self.period.form()))
            })?),
            None => None,
        };
        Ok(Resolved { as_of, period: self.period, at })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_number_label_and_parse() {
        let d = |s: &str| parse_day(s).unwrap();
        // 2011-11 is month 2011 × 12 + 10; Q4 2011 is 2011 × 4 + 3.
        assert_eq!(PeriodKind::Month.of_day(d("2011-11-30")), 2011 * 12 + 10);
        assert_eq!(PeriodKind::Quarter.of_day(d("2011-11-30")), 2011 * 4 + 3);
        assert_eq!(PeriodKind::Year.of_day(d("2011-11-30")), 2011);
        assert_eq!(PeriodKind::Month.start(2011 * 12 + 10), d("2011-11-01"));
        assert_eq!(PeriodKind::Quarter.start(2011 * 4 + 3), d("2011-10-01"));
        assert_eq!(PeriodKind::Quarter.start(2011 * 4 + 4), d("2012-01-01"));
        assert_eq!(PeriodKind::Year.start(2012), d("2012-01-01"));
        assert_eq!(PeriodKind::Month.label(2011 * 12 + 10), "2011-11");
        assert_eq!(PeriodKind::Quarter.label(2011 * 4 + 3), "2011-Q4");
        assert_eq!(PeriodKind::Year.label(2011), "2011");
        assert_eq!(PeriodKind::Month.parse("2011-11"), Some(2011 * 12 + 10));
        assert_eq!(PeriodKind::Month.parse("2011-11-15"), Some(2011 * 12 + 10));
        assert_eq!(PeriodKind::Quarter.parse("2011-q4"), Some(2011 * 4 + 3));
        assert_eq!(PeriodKind::Quarter.parse("2011-11-15"), Some(2011 * 4 + 3));
        assert_eq!(PeriodKind::Year.parse("2011"), Some(2011));
        for bad in ["2011-13", "2011", "11-2011", "2011-Q1", ""] {
            assert_eq!(PeriodKind::Month.parse(bad), None, "{bad}");
        }
        assert_eq!(PeriodKind::Quarter.parse("2011-Q5"), None);
        assert_eq!(PeriodKind::Year.parse("2011-11"), None);
    }

    /// The choices from 2010-12-01 to 2011-12-09 (Online Retail's dates), counted on a calendar: 13
    /// months (Dec 2010 … Dec 2011), 5 quarters (2010-Q4 … 2011-Q4), 2 years; each one parses back to
    /// the period it names, and a long window stops at [`MAX_CHOICES`].
    #[test]
    fn choices_run_latest_first_from_the_window_to_the_last_day() {
        let d = |s: &str| parse_day(s).unwrap();
        let c = PeriodChoices::between(d("2010-12-01"), d("2011-12-09"));
        assert_eq!(c.month.len(), 13);
        assert_eq!((c.month[0].as_str(), c.month[12].as_str()), ("2011-12", "2010-12"));
        assert_eq!(c.quarter, ["2011-Q4", "2011-Q3", "2011-Q2", "2011-Q1", "2010-Q4"]);
        assert_eq!(c.year, ["2011", "2010"]);
        for (kind, list) in [(PeriodKind::Month, &c.month), (PeriodKind::Quarter, &c.quarter), (PeriodKind::Year, &c.year)] {
            let nums: Vec<i64> = list.iter().map(|l| kind.parse(l).unwrap()).collect();
            assert!(nums.windows(2).all(|w| w[0] == w[1] + 1), "{kind:?}: consecutive, latest first");
            assert_eq!(nums[0], kind.of_day(d("2011-12-09")));
        }
        // One day: one period of each length.
        assert_eq!(PeriodChoices::between(d("2011-03-31"), d("2011-03-31")).quarter, ["2011-Q1"]);
        // 1990 to 2011: 264 months, the latest 240 offered.
        let long = PeriodKind::Month.choices(d("1990-01-01"), d("2011-12-31"));
        assert_eq!((long.len(), long[0].as_str(), long[239].as_str()), (MAX_CHOICES, "2011-12", "1992-01"));
    }

    #[test]
    fn a_bad_period_names_the_option_and_the_form() {
        let o = CompareOptions { period: PeriodKind::Quarter, at: Some("2011-11".into()), ..Default::default() };
        let e = o.resolve().unwrap_err();
        assert_eq!((e.option, e.value.as_str()), ("at", "2011-11"));
        assert!(e.expected.contains("YYYY-Qn"), "{}", e.expected);
        let e = CompareOptions { as_of: Some("2011-02-30".into()), ..Default::default() }.resolve().unwrap_err();
        assert_eq!(e.option, "as_of");
        assert_eq!("Quarter".parse::<PeriodKind>(), Ok(PeriodKind::Quarter));
        assert!("week".parse::<PeriodKind>().is_err());
    }
}
