//! Compare periods: this month, quarter or year against the one before and the same one a year earlier —
//! customers, new against returning, orders, average order value, repeat rate, revenue gross and net —
//! with the RFM segment migration across the period and "what changed most" as a code the page words.
//!
//! In phases:
//! 1. here: the period chosen (the latest complete one before the as-of date unless one is given);
//! 2. [`figures`]: each period's figures from the profiles' purchase lines;
//! 3. [`migration`]: each customer's RFM segment as of the period's start against as of its end;
//! 4. here: the changes, the headline and the notices.
//!
//! ## Definitions
//! Every figure uses the Overview's definitions ([`crate::segment::overview`]) restricted to the lines
//! dated in the period, so that a month's revenue here is that month's bar of the Overview's chart:
//! - the lines: [`LineKind::Purchase`](crate::LineKind) lines with a customer id dated before the as-of
//!   date (the profiles' [`purchase_lines`](crate::segment::Profiles::purchase_lines)); lines without a
//!   customer id are left out, as in the Overview;
//! - **customers**: customers with at least one purchase line dated in the period;
//! - **new customers**: those of them whose first purchase in the file is dated in the period;
//!   **returning customers**: the others (they had bought before the period). In the file's first period
//!   every customer is new (`first_in_file`: no earlier purchase can be known);
//! - **orders**: the distinct orders of each customer's purchase lines in the period, summed over the
//!   customers (the Overview's sum of frequencies); a line without an order id, or every line when the file
//!   has no order column, counts as an order of its customer's purchase day. An order with lines on days
//!   of two periods counts in both;
//! - **average order value**: revenue ÷ orders (`null` without orders);
//! - **repeat rate**: the share of the period's customers who placed two or more orders *within the
//!   period* (`null` without customers). It measures buying again inside the period; buying again after an
//!   earlier period is the returning customers' share;
//! - **revenue** (gross): the sum of the period's purchase line amounts (unknown amounts count as zero);
//!   **returns**: the value, as a positive number, of the return and cancellation lines dated in the period
//!   of customers with a purchase before the as-of date (the Overview's `returns_value`); **net revenue**:
//!   revenue − returns;
//! - **periods**: calendar months, quarters (Q1 = January–March) or years. The *previous* period is the
//!   one just before; the *year-ago* period is the same period one year earlier (12 months or 4 quarters
//!   back; for years it is the previous year, so it is not repeated: `year_ago` is `null`);
//! - **coverage**: a period is `full` when every day of it lies between the file's first date and the day
//!   before the as-of date, `partial` when some do, `none` when none do (its figures are zeros and its
//!   changes `null`: not observed is not zero);
//! - **the default period**: the latest *complete* period before the as-of date: when the as-of date falls
//!   inside a period (Online Retail ends on 2011-12-09, so December 2011 has 9 of its 31 days), that
//!   period is skipped (`skipped_partial`, notice `compare_partial_skipped`) and the one before is taken.
//!   When that one is not complete either (the file starts inside it), no period is complete and the
//!   latest, partial, one is taken. A period observed in part, chosen or given, has the notice
//!   `compare_partial_period`;
//! - **changes**: against each comparison period, `absolute = current − base` and `relative = absolute ÷
//!   base` (`null` when the base is 0 or not observed);
//! - **segment migration**: each customer's RFM segment ([`crate::segment::rfm`]: quintile scores among the
//!   customers of that date) as of the period's first day — from the purchases before it — against as of
//!   the day after the period's last observed day; customers without a purchase before the period are
//!   `from: null` (new). The revenue of a cell is its customers' purchase revenue in the period. A
//!   customer moves up or down by the segment's group (best > growing > attention > lost). Scores are
//!   relative to the customers of each date, so a customer can change segment without buying, as others
//!   do;
//! - **what changed most** ([`Headline`]): nothing is read as a change when the period itself is observed
//!   only in part (`partial`: its days are fewer than a whole period's, so every figure would look like a
//!   fall); else against the year-ago period when it is fully observed (the
//!   fair comparison for a seasonal business), else the previous one when fully observed, else none
//!   (`no_base`). Among revenue, net revenue, customers, new and returning customers, orders and average
//!   order value — counts only from a base of [`MIN_BASE_COUNT`] — the largest relative change (first in
//!   that order on a tie); `steady` when it is under [`STEADY`] either way, else `up` or `down`. Returns
//!   alone are not a candidate: they are lumpy (one large cancellation halves or doubles a month's
//!   returns: Online Retail's December 2011), so they would often be the headline for no lasting reason;
//!   their effect counts through net revenue.
//!
//! Notice codes (params): `compare_partial_skipped` (period, days_observed, days), `compare_partial_period`
//! (period, days_observed, days), `compare_first_in_file` (period), `compare_no_previous` (period),
//! `compare_no_year_ago` (period), `compare_partial_base` (period, basis).
//!
//! Cost: four passes over the rows (the profiles as of the as-of date, the period's start and end, and the
//! returns), a sort of the compared periods' purchase lines; deterministic (no hashing, ties by order).

pub mod error;
pub mod figures;
pub mod migration;
pub mod params;

use serde::Serialize;
use serde_json::json;

pub use error::CompareError;
pub use figures::{Coverage, PeriodFigures};
pub use migration::{Migration, MigrationRow};
pub use params::{CompareOptions, PeriodChoices, PeriodKind};

use crate::dataset::Dataset;
use crate::notice::Notice;
use crate::segment::profile;
use crate::time::day_string;

/// Relative changes smaller than this either way make the headline `steady` (2 %).
pub const STEADY: f64 = 0.02;
/// Smallest base of a count (customers, orders) for its relative change to be the headline.
pub const MIN_BASE_COUNT: f64 = 5.0;

/// How the period was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Chosen {
    /// The latest complete period before the as-of date (the default).
    Latest,
    /// The period given in the options (`at`).
    Given,
}

/// A figure compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "CompareMetric"))]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Customers with a purchase.
    Customers,
    /// Customers whose first purchase is in the period.
    NewCustomers,
    /// Customers who had bought before.
    ReturningCustomers,
    /// Orders.
    Orders,
    /// Revenue ÷ orders.
    AverageOrderValue,
    /// Share of customers with two or more orders in the period.
    RepeatRate,
    /// Gross purchase revenue.
    Revenue,
    /// Returns and cancellations.
    ReturnsValue,
    /// Revenue less returns.
    NetRevenue,
}

/// Every metric, in the order of [`CompareReport::changes`].
pub const METRICS: [Metric; 9] = [
    Metric::Customers,
    Metric::NewCustomers,
    Metric::ReturningCustomers,
    Metric::Orders,
    Metric::AverageOrderValue,
    Metric::RepeatRate,
    Metric::Revenue,
    Metric::ReturnsValue,
    Metric::NetRevenue,
];

/// The metrics that may be the headline, in their tie order (see the module doc).
const HEADLINE_METRICS: [Metric; 7] = [
    Metric::Revenue,
    Metric::NetRevenue,
    Metric::Customers,
    Metric::NewCustomers,
    Metric::ReturningCustomers,
    Metric::Orders,
    Metric::AverageOrderValue,
];

impl Metric {
    /// The value of the metric in a period (`None` when the period is not observed or it is undefined).
    pub fn of(self, f: &PeriodFigures) -> Option<f64> {
        if f.coverage == Coverage::None {
            return None;
        }
        match self {
            Metric::Customers => Some(f.customers as f64),
            Metric::NewCustomers => Some(f.new_customers as f64),
            Metric::ReturningCustomers => Some(f.returning_customers as f64),
            Metric::Orders => Some(f.orders as f64),
            Metric::AverageOrderValue => f.average_order_value,
            Metric::RepeatRate => f.repeat_rate,
            Metric::Revenue => Some(f.revenue),
            Metric::ReturnsValue => Some(f.returns_value),
            Metric::NetRevenue => Some(f.net_revenue),
        }
    }

    /// A count of customers or orders (a base under [`MIN_BASE_COUNT`] is too small for a headline).
    fn is_count(self) -> bool {
        matches!(self, Metric::Customers | Metric::NewCustomers | Metric::ReturningCustomers | Metric::Orders)
    }
}

/// A change against a base.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Change {
    /// `current − base`.
    pub absolute: f64,
    /// `(current − base) / base` (`null` when the base is 0).
    pub relative: Option<f64>,
}

impl Change {
    fn between(current: Option<f64>, base: Option<f64>) -> Option<Change> {
        let (c, b) = (current?, base?);
        Some(Change { absolute: c - b, relative: (b != 0.0).then(|| (c - b) / b) })
    }
}

/// One metric in the three periods, with its changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MetricChange {
    /// The metric.
    pub metric: Metric,
    /// Its value in the period (`null`: undefined, e.g. an average without orders).
    pub current: Option<f64>,
    /// In the previous period (`null`: not observed or undefined).
    pub previous: Option<f64>,
    /// In the same period a year earlier (`null`: not observed, undefined, or periods are years).
    pub year_ago: Option<f64>,
    /// Against the previous period.
    pub vs_previous: Option<Change>,
    /// Against the same period a year earlier.
    pub vs_year_ago: Option<Change>,
}

/// Which period a change is against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The period just before.
    Previous,
    /// The same period a year earlier.
    YearAgo,
}

/// What the headline says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum HeadlineCode {
    /// `metric` rose the most.
    Up,
    /// `metric` fell the most.
    Down,
    /// Nothing moved by [`STEADY`] or more (`metric` moved the most).
    Steady,
    /// No fully observed period to compare with.
    NoBase,
    /// The period itself is observed only in part: no change is read from it.
    Partial,
}

/// "What changed most", as a code and the numbers of its sentence (the page and the CLI word it).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Headline {
    /// What happened.
    pub code: HeadlineCode,
    /// The metric that moved the most (`null` with `no_base` and `partial`).
    pub metric: Option<Metric>,
    /// The period compared with (`null` with `no_base` and `partial`).
    pub basis: Option<Basis>,
    /// That period's label.
    pub base_period: Option<String>,
    /// The metric in the period.
    pub current: Option<f64>,
    /// The metric in the base period.
    pub base: Option<f64>,
    /// The relative change.
    pub relative: Option<f64>,
}

/// A period set aside because it is observed only in part.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SkippedPeriod {
    /// Its label.
    pub period: String,
    /// Days observed.
    pub days_observed: i64,
    /// Days in the period.
    pub days: i64,
}

/// The comparison (the page's and the CLI's `compare --json`). Keys are contracts: add, don't rename.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CompareReport {
    /// The options that produced the report.
    pub options: CompareOptions,
    /// The length of the periods.
    pub period: PeriodKind,
    /// The as-of date used.
    pub as_of: String,
    /// The file's first date.
    pub window_start: String,
    /// The periods of each length a user may choose, from the window's start to the day before the as-of
    /// date, latest first (the page's list of periods).
    pub choices: PeriodChoices,
    /// How the period was chosen.
    pub chosen: Chosen,
    /// The partial period skipped for the default choice (`null` when none was).
    pub skipped_partial: Option<SkippedPeriod>,
    /// The period looked at.
    pub current: PeriodFigures,
    /// The period before it.
    pub previous: PeriodFigures,
    /// The same period a year earlier (`null` when periods are years: it is `previous`).
    pub year_ago: Option<PeriodFigures>,
    /// Every metric in the three periods, with the changes, in the order of [`METRICS`].
    pub changes: Vec<MetricChange>,
    /// What changed most.
    pub headline: Headline,
    /// The RFM segment migration across the period.
    pub migration: Migration,
    /// Notes on the choices made (see the module doc for the codes).
    pub notices: Vec<Notice>,
}

/// Compares the period chosen by `options` with the previous one and the same one a year earlier.
pub fn compare(ds: &Dataset, options: &CompareOptions) -> Result<CompareReport, CompareError> {
    let o = options.resolve()?;
    crate::warehouse::customers::needs_line_items(ds, "comparing periods")?;
    let p = profile::profiles(ds, o.as_of)?;
    let (Some(first), Some(as_of)) = (p.window_start_day, p.as_of_day) else {
        return Err(CompareError::NoDatedRows { as_of: o.as_of.map(day_string) });
    };
    if as_of <= first {
        return Err(CompareError::NoDatedRows { as_of: Some(day_string(as_of)) });
    }
    let kind = o.period;
    let mut notices = Vec::new();
    let observed = |n: i64| (kind.start(n + 1).min(as_of) - kind.start(n).max(first)).max(0) as i64;
    let length = |n: i64| (kind.start(n + 1) - kind.start(n)) as i64;
    let partial_notice = |code: &'static str, n: i64, text: String| {
        Notice::new(code, &[("period", json!(kind.label(n))), ("days_observed", json!(observed(n))), ("days", json!(length(n)))], text)
    };
    let (n, chosen, skipped) = match o.at {
        Some(n) => {
            if observed(n) == 0 {
                return Err(CompareError::PeriodOutsideData {
                    period: kind.label(n),
                    first: day_string(first),
                    last: day_string(as_of - 1),
                });
            }
            (n, Chosen::Given, None)
        }
        None => {
            let last = kind.of_day(as_of - 1);
            let complete = |n: i64| observed(n) == length(n);
            if complete(last) || !complete(last - 1) {
                // Complete, or there is no complete period at all (the window starts inside the one before):
                // the latest period it is.
                (last, Chosen::Latest, None)
            } else {
                let (label, days, len) = (kind.label(last), observed(last), length(last));
                notices.push(partial_notice(
                    "compare_partial_skipped",
                    last,
                    format!("{label} is observed for {days} of its {len} days: the latest complete period before it is compared instead"),
                ));
                (last - 1, Chosen::Latest, Some(SkippedPeriod { period: label, days_observed: days, days: len }))
            }
        }
    };
    if observed(n) < length(n) {
        let label = kind.label(n);
        notices.push(partial_notice(
            "compare_partial_period",
            n,
            format!("{label} is observed for {} of its {} days: its figures cover those days only", observed(n), length(n)),
        ));
    }
    let mut nums = vec![n, n - 1];
    if kind != PeriodKind::Year {
        nums.push(n - kind.per_year());
    }
    let (mut periods, spend) = figures::figures(ds, &p, kind, &nums, (first, as_of));
    let year_ago = (periods.len() == 3).then(|| periods.remove(2));
    let previous = periods.remove(1);
    let current = periods.remove(0);
    if current.first_in_file {
        notices.push(Notice::new(
            "compare_first_in_file",
            &[("period", json!(current.period))],
            format!("the file starts in {}: no earlier purchase is known, so every customer of it counts as new", current.period),
        ));
    }
    if previous.coverage == Coverage::None {
        notices.push(Notice::new(
            "compare_no_previous",
            &[("period", json!(previous.period))],
            format!("the file has no data for the previous period, {}: nothing to compare with there", previous.period),
        ));
    }
    if let Some(y) = year_ago.as_ref().filter(|y| y.coverage == Coverage::None) {
        notices.push(Notice::new(
            "compare_no_year_ago",
            &[("period", json!(y.period))],
            format!("the file has no data for the same period a year earlier, {}: nothing to compare with there", y.period),
        ));
    }
    let changes: Vec<MetricChange> = METRICS
        .iter()
        .map(|&m| {
            let (c, pr, y) = (m.of(&current), m.of(&previous), year_ago.as_ref().and_then(|y| m.of(y)));
            MetricChange {
                metric: m,
                current: c,
                previous: pr,
                year_ago: y,
                vs_previous: Change::between(c, pr),
                vs_year_ago: Change::between(c, y),
            }
        })
        .collect();
    let headline = if current.coverage == Coverage::Full {
        headline(&changes, &previous, year_ago.as_ref(), &mut notices)
    } else {
        Headline { code: HeadlineCode::Partial, metric: None, basis: None, base_period: None, current: None, base: None, relative: None }
    };
    let migration = migration::migration(ds, kind.start(n), kind.start(n + 1).min(as_of), &spend)?;
    Ok(CompareReport {
        options: options.clone(),
        period: kind,
        as_of: day_string(as_of),
        window_start: day_string(first),
        choices: PeriodChoices::between(first, as_of - 1),
        chosen,
        skipped_partial: skipped,
        current,
        previous,
        year_ago,
        changes,
        headline,
        migration,
        notices,
    })
}

/// What changed most (see the module doc).
fn headline(changes: &[MetricChange], previous: &PeriodFigures, year_ago: Option<&PeriodFigures>, notices: &mut Vec<Notice>) -> Headline {
    let none =
        Headline { code: HeadlineCode::NoBase, metric: None, basis: None, base_period: None, current: None, base: None, relative: None };
    let (basis, base) = match (year_ago, previous) {
        (Some(y), _) if y.coverage == Coverage::Full => (Basis::YearAgo, y),
        (_, p) if p.coverage == Coverage::Full => (Basis::Previous, p),
        _ => {
            if previous.coverage == Coverage::Partial {
                notices.push(Notice::new(
                    "compare_partial_base",
                    &[("period", json!(previous.period)), ("basis", json!(Basis::Previous))],
                    format!("{} is observed only in part: its figures are shown, but not read as a change", previous.period),
                ));
            }
            return none;
        }
    };
    let mut best: Option<(&MetricChange, f64, f64)> = None;
    for &m in &HEADLINE_METRICS {
        let Some(c) = changes.iter().find(|c| c.metric == m) else { continue };
        let (value, was) = match basis {
            Basis::YearAgo => (c.current, c.year_ago),
            Basis::Previous => (c.current, c.previous),
        };
        let (Some(value), Some(was)) = (value, was) else { continue };
        if was <= 0.0 || (m.is_count() && was < MIN_BASE_COUNT) {
            continue;
        }
        let rel = (value - was) / was;
        if best.is_none_or(|(_, _, r)| rel.abs() > r.abs()) {
            best = Some((c, was, rel));
        }
    }
    let Some((c, was, rel)) = best else { return none };
    let code = if rel.abs() < STEADY {
        HeadlineCode::Steady
    } else if rel > 0.0 {
        HeadlineCode::Up
    } else {
        HeadlineCode::Down
    };
    Headline {
        code,
        metric: Some(c.metric),
        basis: Some(basis),
        base_period: Some(base.period.clone()),
        current: c.current,
        base: Some(was),
        relative: Some(rel),
    }
}
