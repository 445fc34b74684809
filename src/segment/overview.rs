//! The overview: the few figures a shop owner looks at first, and the monthly revenue split by RFM
//! segment, computed from the segmentation's own profile table so that every number agrees with the rest
//! of the segment report.
//!
//! Definitions (all over customers with at least one purchase before the as-of date, as the profiles):
//! - **orders**: the sum of the customers' frequencies, i.e. distinct orders (or distinct purchase days
//!   when the file has no order column; see `frequency_basis` in the report);
//! - **average order value**: revenue ÷ orders;
//! - **repeat customers**: customers with a frequency of 2 or more; the rate is their share of customers;
//! - **revenue at risk**: the purchase revenue of the last [`AT_RISK_DAYS`] days before the as-of date made
//!   by the customers whose lifecycle stage is now `lapsing` (regulars overdue by their own rhythm): what
//!   the shop stands to lose over the next year if they do not come back;
//! - **returns**: the value (as a positive number) of the return and cancellation lines of the same
//!   customers dated before the as-of date; **net revenue** is the revenue less it;
//! - **monthly revenue**: each purchase line's amount, in the calendar month of its date, under the RFM
//!   segment its customer has *now* (as of the as-of date). Every month from the window's first to the
//!   month before the as-of date is listed, also those without a sale, so the months are contiguous.
//!   Lines with an unknown amount count as zero, as in the profiles, so the months add up to the
//!   report's revenue.
//!
//! Cost: one pass over the rows, `O(rows + months × 11)`.

use serde::Serialize;

use super::lifecycle::{Stage, month_of_day, month_string};
use super::profile::{Profiles, PurchaseLine};
use super::rfm::{RfmScores, SEGMENTS, Segment, share};
use crate::dataset::{Dataset, LineKind};
use crate::time::day_of;

/// The look-back of "revenue at risk": the last twelve months (365 days) before the as-of date.
pub const AT_RISK_DAYS: i32 = 365;

/// One calendar month's revenue, split by RFM segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MonthRevenue {
    /// `YYYY-MM`.
    pub month: String,
    /// Purchase revenue of the month.
    pub revenue: f64,
    /// Revenue by segment, in the order of [`Overview::segments`].
    pub by_segment: Vec<f64>,
}

/// The overview figures (see the module doc for each definition).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Overview {
    /// Distinct orders of the customers (purchase days when the file has no order column).
    pub orders: u64,
    /// Revenue ÷ orders (0 without orders).
    pub average_order_value: f64,
    /// Customers with a frequency of at least 2.
    pub repeat_customers: u64,
    /// `repeat_customers / customers`.
    pub repeat_customer_rate: f64,
    /// Share of the revenue made by the best 10 % of customers (as in `top_shares`).
    pub top10_revenue_share: f64,
    /// Revenue of the last [`AT_RISK_DAYS`] days before the as-of date from customers now `lapsing`.
    pub revenue_at_risk: f64,
    /// Customers now `lapsing`.
    pub customers_at_risk: u64,
    /// Value of the customers' return and cancellation lines before the as-of date (positive).
    pub returns_value: f64,
    /// Revenue less `returns_value`.
    pub net_revenue: f64,
    /// The look-back of `revenue_at_risk` in days.
    pub at_risk_days: i32,
    /// The segment keys of `by_segment`, in the RFM segment table's order.
    pub segments: Vec<Segment>,
    /// Revenue per calendar month, oldest first.
    pub monthly_revenue: Vec<MonthRevenue>,
}

/// Computes the overview from the profiles, their RFM scores and lifecycle stages (per profile row) and
/// the top-10 % share already computed for the report.
pub fn overview(ds: &Dataset, p: &Profiles, scores: &RfmScores, stage: &[Stage], top10: f64) -> Overview {
    let customers = p.rows.len();
    let orders: u64 = p.rows.iter().map(|c| c.frequency as u64).sum();
    let revenue: f64 = p.rows.iter().map(|c| c.monetary).sum();
    let repeat = p.rows.iter().filter(|c| c.frequency >= 2).count() as u64;
    let lapsing: Vec<bool> = (0..customers).map(|r| stage.get(r) == Some(&Stage::Lapsing)).collect();

    // The segment index of each profile row.
    let seg_index: Vec<usize> = (0..customers)
        .map(|r| scores.segment.get(r).and_then(|s| SEGMENTS.iter().position(|x| x == s)).unwrap_or(SEGMENTS.len() - 1))
        .collect();

    let (m_lo, months) = match (p.window_start_day, p.as_of_day) {
        (Some(s), Some(a)) => {
            let lo = month_of_day(s);
            (lo, (month_of_day((a - 1).max(s)) - lo + 1).max(0) as usize)
        }
        _ => (0, 0),
    };
    let mut grid = vec![[0.0f64; 11]; months];
    let mut at_risk = 0.0;
    if let Some(as_of) = p.as_of_day {
        // The lines of an order come one after the other with its day: its month is worked out once.
        let mut last: Option<(i32, i32)> = None;
        for PurchaseLine { line: i, row: r, day } in p.purchase_lines(ds) {
            let v = ds.line_amount(i);
            let v = if v.is_nan() { 0.0 } else { v };
            let month = match last {
                Some((d, m)) if d == day => m,
                _ => {
                    let m = month_of_day(day);
                    last = Some((day, m));
                    m
                }
            };
            if let Some(slot) = usize::try_from(month - m_lo).ok().and_then(|m| grid.get_mut(m))
                && let Some(cell) = slot.get_mut(seg_index.get(r).copied().unwrap_or(10))
            {
                *cell += v;
            }
            if lapsing.get(r) == Some(&true) && (as_of as i64 - day as i64) <= AT_RISK_DAYS as i64 {
                at_risk += v;
            }
        }
    }
    // A per-customer summary carries each customer's returns (the same lines, summed where the data lives).
    let returns = if p.comeback_day.is_some() { p.rows.iter().map(|c| c.returns_value).sum() } else { returns_value(ds, p) };
    let monthly_revenue = grid
        .iter()
        .enumerate()
        .map(|(k, cells)| MonthRevenue { month: month_string(m_lo + k as i32), revenue: cells.iter().sum(), by_segment: cells.to_vec() })
        .collect();
    Overview {
        orders,
        average_order_value: if orders > 0 { revenue / orders as f64 } else { 0.0 },
        repeat_customers: repeat,
        repeat_customer_rate: share(repeat as f64, customers as f64),
        top10_revenue_share: top10,
        revenue_at_risk: at_risk,
        customers_at_risk: lapsing.iter().filter(|&&x| x).count() as u64,
        at_risk_days: AT_RISK_DAYS,
        returns_value: returns,
        net_revenue: revenue - returns,
        segments: SEGMENTS.to_vec(),
        monthly_revenue,
    }
}

/// The value of the return lines (see [`Dataset::kind`]) of the profiled customers before the as-of
/// date, as a positive number; lines of unknown amount count as zero.
fn returns_value(ds: &Dataset, p: &Profiles) -> f64 {
    let (Some(cust), Some(time), Some(as_of)) = (ds.customer(), ds.time(), p.as_of_day) else {
        return 0.0;
    };
    let mut profiled = vec![false; ds.customers.len()];
    for c in &p.rows {
        if let Some(slot) = profiled.get_mut(c.customer as usize) {
            *slot = true;
        }
    }
    let n = ds.len.min(cust.len()).min(time.len());
    (0..n)
        .filter(|&i| profiled.get(cust[i] as usize) == Some(&true) && day_of(time[i]) < as_of && ds.kind(i) == LineKind::Return)
        .map(|i| ds.line_amount(i))
        .filter(|v| !v.is_nan())
        .map(f64::abs)
        .sum()
}
