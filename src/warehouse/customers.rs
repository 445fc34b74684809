//! The customer summary layout: a file of one row per customer, made by [`super::summary_sql`] where the
//! line items live, read back into the customer profiles ([`profiles`]) and the value models' calibration
//! summary ([`clv_summary`]), so that the customer-level analyses run on it as on the line items.
//!
//! The reader recognises the layout by its header ([`is_summary_header`]) and keeps the summary's columns
//! as attributes of each row (one row per customer); this module reads them by name. The analyses that
//! need the line items (baskets, sequences, spend bands over time, monthly series, who buys next) refuse
//! with [`AnalysisError::NeedsLineItems`].

use crate::dataset::{Dataset, Layout, NONE};
use crate::ingest::number::{self, NumberFormat};
use crate::segment::AnalysisError;
use crate::segment::profile::{CustomerProfile, FrequencyBasis, ProfileAttribute, Profiles};
use crate::time::{DAY, Timestamp, parse_day};

use super::COLUMNS;

/// The columns whose presence marks a per-customer summary (the rest may be left out by hand).
const REQUIRED: [&str; 8] =
    ["customer_id", "first_purchase", "last_purchase", "revenue", "repeat_purchases", "t_x_days", "age_days", "as_of"];

/// True when a header names the summary's required columns.
pub fn is_summary_header(names: &[String]) -> bool {
    REQUIRED.iter().all(|r| names.iter().any(|n| n.trim() == *r))
}

/// One customer of the summary, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    /// Row of the dataset.
    pub line: usize,
    /// Customer id in [`Dataset::customers`].
    pub customer: u32,
    /// First and last purchase day (`None` for a customer whose only purchases were at a price of 0).
    pub first_day: Option<i32>,
    /// Last purchase day.
    pub last_day: Option<i32>,
    /// Distinct orders (`None` without an order column).
    pub orders: Option<u32>,
    /// Distinct purchase days.
    pub purchase_days: u32,
    /// Purchase lines.
    pub purchase_lines: u32,
    /// Distinct items.
    pub distinct_items: u32,
    /// Revenue.
    pub revenue: f64,
    /// Return lines.
    pub returns: u32,
    /// Value of the returns.
    pub returns_value: f64,
    /// Spend before the midpoint.
    pub spend_first_half: f64,
    /// Spend from the midpoint.
    pub spend_second_half: f64,
    /// Median days between purchase days.
    pub median_days_between: Option<f64>,
    /// Margin.
    pub margin: Option<f64>,
    /// Discount share.
    pub discount_share: Option<f64>,
    /// x.
    pub repeat_purchases: u32,
    /// t_x in days.
    pub t_x_days: i32,
    /// T in days.
    pub age_days: i32,
    /// Value of the first purchase day.
    pub first_day_revenue: f64,
    /// Value of the repeat purchase days.
    pub repeat_revenue: f64,
    /// The purchase day that ended the most recent gap of more than [`super::COMEBACK_GAP_DAYS`] days.
    pub comeback_day: Option<i32>,
}

/// The whole summary.
#[derive(Debug, Clone)]
pub struct SummaryTable {
    /// One entry per customer, in file order.
    pub rows: Vec<SummaryRow>,
    /// The as-of day (exclusive).
    pub as_of_day: i32,
    /// The earliest day of the line items.
    pub window_start_day: i32,
    /// Which dataset attributes are the user's (not summary columns).
    pub extra_attributes: Vec<usize>,
}

/// Reads the summary's columns of a [`Layout::Customers`] table.
pub fn read(ds: &Dataset) -> Result<SummaryTable, AnalysisError> {
    let cust = ds.customer().ok_or(AnalysisError::NoCustomerColumn)?;
    let col = |name: &str| ds.attributes.iter().position(|a| a.name.trim() == name);
    let cols: Vec<Option<usize>> = COLUMNS.iter().map(|c| col(c.0)).collect();
    let extra_attributes = (0..ds.attributes.len()).filter(|i| !cols.contains(&Some(*i))).collect();
    let mut rows = Vec::with_capacity(ds.len);
    let (mut as_of, mut start) = (None, None);
    for (i, c) in cust.iter().enumerate().take(ds.len) {
        if c == NONE {
            continue;
        }
        let id = || ds.customers.get(c).to_string();
        let cell = |k: usize| -> &str {
            match cols[k] {
                Some(a) => match ds.attribute(a).and_then(|v| v.try_get(i)) {
                    Some(v) if v != NONE => ds.attributes[a].dict.get(v).trim(),
                    _ => "",
                },
                None => "",
            }
        };
        let bad = |k: usize, expected: &'static str| AnalysisError::BadSummary {
            customer: id(),
            column: COLUMNS[k].0,
            value: cell(k).to_string(),
            expected,
        };
        let num = |k: usize| -> Result<Option<f64>, AnalysisError> {
            let s = cell(k);
            if s.is_empty() || s.eq_ignore_ascii_case("null") || s.eq_ignore_ascii_case("nan") {
                return Ok(None);
            }
            number::parse(s.as_bytes(), NumberFormat::default()).map(Some).ok_or_else(|| bad(k, "expected a number"))
        };
        let count = |k: usize| -> Result<u32, AnalysisError> {
            match num(k)? {
                None => Ok(0),
                Some(v) if v >= 0.0 && v.fract() == 0.0 && v <= u32::MAX as f64 => Ok(v as u32),
                Some(_) => Err(bad(k, "expected a whole number of 0 or more")),
            }
        };
        let money = |k: usize| -> Result<f64, AnalysisError> { Ok(num(k)?.unwrap_or(0.0)) };
        let day = |k: usize| -> Result<Option<i32>, AnalysisError> {
            let s = cell(k);
            if s.is_empty() || s.eq_ignore_ascii_case("null") {
                return Ok(None);
            }
            // An engine may print a date as a timestamp at midnight.
            parse_day(s.split([' ', 'T']).next().unwrap_or(s)).map(Some).map_err(|_| bad(k, "expected a date YYYY-MM-DD"))
        };
        let days = |k: usize| -> Result<i32, AnalysisError> {
            match num(k)? {
                Some(v) if v.fract() == 0.0 && v.abs() < 1e6 => Ok(v as i32),
                None => Ok(0),
                Some(_) => Err(bad(k, "expected a whole number of days")),
            }
        };
        let row_as_of = day(20)?.ok_or_else(|| bad(20, "expected the as-of date"))?;
        if *as_of.get_or_insert(row_as_of) != row_as_of {
            return Err(bad(20, "expected the same as-of date on every row"));
        }
        if let Some(s) = day(21)? {
            start = Some(start.map_or(s, |x: i32| x.min(s)));
        }
        rows.push(SummaryRow {
            line: i,
            customer: c,
            first_day: day(1)?,
            last_day: day(2)?,
            orders: match num(3)? {
                None => None,
                Some(_) => Some(count(3)?),
            },
            purchase_days: count(4)?,
            purchase_lines: count(5)?,
            distinct_items: count(6)?,
            revenue: money(7)?,
            returns: count(8)?,
            returns_value: money(9)?,
            spend_first_half: money(10)?,
            spend_second_half: money(11)?,
            median_days_between: num(12)?,
            margin: num(13)?,
            discount_share: num(14)?,
            repeat_purchases: count(15)?,
            t_x_days: days(16)?,
            age_days: days(17)?,
            first_day_revenue: money(18)?,
            repeat_revenue: money(19)?,
            comeback_day: day(22)?,
        });
    }
    let as_of_day = as_of.ok_or(AnalysisError::NoCustomers)?;
    let first = rows.iter().filter_map(|r| r.first_day).min().unwrap_or(as_of_day - 1);
    Ok(SummaryTable { rows, as_of_day, window_start_day: start.unwrap_or(first), extra_attributes })
}

/// The refusal of an analysis that needs line items, when `ds` is a per-customer summary.
pub fn needs_line_items(ds: &Dataset, analysis: &'static str) -> Result<(), AnalysisError> {
    if ds.layout == Layout::Customers { Err(AnalysisError::NeedsLineItems { analysis }) } else { Ok(()) }
}

/// The summary's as-of day, and a refusal of any other: the summary was made at one date.
fn same_as_of(t: &SummaryTable, as_of_day: Option<i32>) -> Result<(), AnalysisError> {
    match as_of_day {
        Some(d) if d != t.as_of_day => Err(AnalysisError::NeedsLineItems { analysis: "an as-of date other than the summary's" }),
        _ => Ok(()),
    }
}

/// The customer profiles of a summary, as [`crate::segment::profile::profiles`] computes them from the
/// line items. Customers without a purchase line (only lines at a price of 0) are left out and counted.
pub fn profiles(ds: &Dataset, as_of_day: Option<i32>) -> Result<Profiles, AnalysisError> {
    let t = read(ds)?;
    same_as_of(&t, as_of_day)?;
    let as_of = t.as_of_day;
    let mut rows = Vec::with_capacity(t.rows.len());
    let mut kept = Vec::with_capacity(t.rows.len());
    let mut without = 0u64;
    let mut comeback = Vec::with_capacity(t.rows.len());
    let has_orders = t.rows.iter().any(|r| r.orders.is_some());
    let has_cost = t.rows.iter().any(|r| r.margin.is_some());
    let has_discount = t.rows.iter().any(|r| r.discount_share.is_some());
    for (i, r) in t.rows.iter().enumerate() {
        let (Some(first), Some(last)) = (r.first_day, r.last_day) else {
            without += 1;
            continue;
        };
        if r.purchase_lines == 0 {
            without += 1;
            continue;
        }
        let frequency = if has_orders { r.orders.unwrap_or(r.purchase_days) } else { r.purchase_days }.max(1);
        rows.push(CustomerProfile {
            customer: r.customer,
            first_purchase: day_start(first),
            last_purchase: day_start(last),
            recency_days: as_of.saturating_sub(last),
            frequency,
            monetary: r.revenue,
            average_order_value: r.revenue / frequency as f64,
            tenure_days: last - first,
            median_days_between: r.median_days_between,
            purchase_days: r.purchase_days,
            distinct_items: r.distinct_items,
            purchase_lines: r.purchase_lines,
            returns: r.returns,
            returns_value: r.returns_value,
            discount_share: has_discount.then(|| r.discount_share.unwrap_or(0.0)),
            margin: has_cost.then(|| r.margin.unwrap_or(0.0)),
            spend_first_half: r.spend_first_half,
            spend_second_half: r.spend_second_half,
        });
        kept.push(i);
        comeback.push(r.comeback_day);
    }
    let attributes = t
        .extra_attributes
        .iter()
        .map(|&a| {
            let attr = &ds.attributes[a];
            let by_row = ds.attribute(a);
            ProfileAttribute {
                name: attr.name.clone(),
                column: a,
                values: kept.iter().map(|&i| by_row.and_then(|v| v.try_get(t.rows[i].line)).unwrap_or(NONE)).collect(),
            }
        })
        .collect();
    let id_rank = crate::segment::profile::id_ranks(ds, &rows);
    let start = t.window_start_day;
    Ok(Profiles {
        rows,
        id_rank,
        attributes,
        as_of_day: Some(as_of),
        window_start_day: Some(start),
        midpoint_day: Some(start + (as_of - start).max(0) / 2),
        frequency_basis: if has_orders { FrequencyBasis::Orders } else { FrequencyBasis::Days },
        excluded_no_customer: 0,
        excluded_no_customer_revenue: 0.0,
        customers_without_purchases: without,
        rows_after_as_of: 0,
        purchases_without_amount: 0,
        has_cost,
        has_discount,
        comeback_day: Some(comeback),
    })
}

fn day_start(day: i32) -> Timestamp {
    (day as i64 * DAY).clamp(Timestamp::MIN as i64, Timestamp::MAX as i64) as Timestamp
}

/// The value models' calibration summary of a per-customer summary: the calibration end is the summary's
/// as-of date, with no holdout. `calibration_end_day` (exclusive) must be that date when given.
pub fn clv_summary(
    ds: &Dataset,
    calibration_end_day: Option<i32>,
    unit: crate::clv::TimeUnit,
) -> Result<crate::clv::summary::Summary, AnalysisError> {
    let t = read(ds)?;
    if calibration_end_day.is_some_and(|d| d != t.as_of_day) {
        return Err(AnalysisError::NeedsLineItems { analysis: "a calibration period other than the summary's (and a holdout check)" });
    }
    let end = t.as_of_day;
    let u = unit.days();
    let mut s = crate::clv::summary::Summary {
        customer: Vec::new(),
        rows: Vec::new(),
        first_day: Vec::new(),
        calibration_value: Vec::new(),
        holdout_purchases: Vec::new(),
        repeat_by_day: Vec::new(),
        window_start_day: t.window_start_day,
        calibration_end_day: end,
        holdout_end_day: end,
        unit,
        excluded_no_customer: 0,
        first_purchase_in_holdout: 0,
        lines_after_holdout: 0,
        gap_days: vec![0; crate::clv::timing::MAX_GAP_DAYS + 1],
        gap_customers: 0,
    };
    for r in &t.rows {
        let x = r.repeat_purchases;
        let first = end - 1 - r.age_days;
        s.customer.push(r.customer);
        s.rows.push(crate::clv::CustomerSummary {
            x,
            t_x: r.t_x_days as f64 / u,
            t: r.age_days as f64 / u,
            monetary: if x > 0 { r.repeat_revenue / x as f64 } else { 0.0 },
        });
        s.first_day.push(first);
        s.calibration_value.push(r.first_day_revenue + r.repeat_revenue);
        s.holdout_purchases.push(0);
    }
    Ok(s)
}
