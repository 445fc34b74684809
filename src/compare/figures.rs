//! Phase 1: the figures of each period compared (see the module doc of [`super`] for every definition),
//! from the purchase lines the profiles keep, as the Overview counts them.

use serde::Serialize;

use super::params::PeriodKind;
use crate::dataset::{Dataset, LineKind, NONE};
use crate::segment::Profiles;
use crate::time::{day_of, day_string};

/// How much of a period the file covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// Every day of the period lies between the file's first date and the as-of date.
    Full,
    /// Some of its days do (the file starts or the as-of date falls inside it).
    Partial,
    /// None do: the period has no data, and its figures are zeros that mean "not observed".
    None,
}

/// One period's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PeriodFigures {
    /// `2011-11`, `2011-Q4` or `2011`.
    pub period: String,
    /// Its first day, `YYYY-MM-DD`.
    pub start: String,
    /// Its last day, `YYYY-MM-DD`.
    pub end: String,
    /// Days in the period.
    pub days: i64,
    /// Days of it between the file's first date and the day before the as-of date.
    pub days_observed: i64,
    /// Whether the file covers the period wholly, in part or not at all.
    pub coverage: Coverage,
    /// The file starts on or after the period's first day: no purchase before it is known, so every
    /// customer of the period counts as new.
    pub first_in_file: bool,
    /// Customers with a purchase line in the period.
    pub customers: u64,
    /// Those whose first purchase in the file is in the period.
    pub new_customers: u64,
    /// Those who had bought before the period (`customers − new_customers`).
    pub returning_customers: u64,
    /// Distinct orders of the period (per customer, as the Overview; purchase days without an order column).
    pub orders: u64,
    /// `revenue / orders` (`null` without orders).
    pub average_order_value: Option<f64>,
    /// Customers with two or more orders in the period.
    pub repeat_customers: u64,
    /// `repeat_customers / customers` (`null` without customers).
    pub repeat_rate: Option<f64>,
    /// Purchase revenue of the period (gross: returns not subtracted).
    pub revenue: f64,
    /// Value of the period's return and cancellation lines (positive).
    pub returns_value: f64,
    /// `revenue − returns_value`.
    pub net_revenue: f64,
}

/// The figures of periods `nums` (of `kind`), and each customer id's purchase revenue in `nums[0]`.
pub fn figures(ds: &Dataset, p: &Profiles, kind: PeriodKind, nums: &[i64], window: (i32, i32)) -> (Vec<PeriodFigures>, Vec<f64>) {
    let k = nums.len();
    let slot_of = |day: i32| {
        let n = kind.of_day(day);
        nums.iter().position(|&x| x == n)
    };
    let mut revenue = vec![0.0; k];
    let mut spend = vec![0.0; ds.customers.len()];
    // (period slot, profile row, order key): an order id, or the day of a line without one (a purchase day
    // counts as an order of its own, as in the profiles). Sorted and deduplicated, they are the orders.
    let mut keys: Vec<(u8, u32, u64)> = Vec::new();
    for l in p.purchase_lines(ds) {
        let Some(s) = slot_of(l.day) else { continue };
        let v = ds.line_amount(l.line);
        let v = if v.is_nan() { 0.0 } else { v };
        revenue[s] += v;
        if s == 0
            && let Some(c) = spend.get_mut(p.rows[l.row].customer as usize)
        {
            *c += v;
        }
        let key = match ds.order() {
            Some(o) if o[l.line] != NONE => o[l.line] as u64,
            _ => (1u64 << 32) | l.day as u32 as u64,
        };
        keys.push((s as u8, l.row as u32, key));
    }
    keys.sort_unstable();
    keys.dedup();
    let (mut customers, mut new, mut orders, mut repeat) = (vec![0u64; k], vec![0u64; k], vec![0u64; k], vec![0u64; k]);
    for run in keys.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let (s, row) = (run[0].0 as usize, run[0].1 as usize);
        customers[s] += 1;
        orders[s] += run.len() as u64;
        repeat[s] += (run.len() >= 2) as u64;
        new[s] += (kind.of_day(day_of(p.rows[row].first_purchase)) == nums[s]) as u64;
    }
    let returns = returns_by_period(ds, p, &slot_of, k);
    let (first, as_of) = window;
    let out = (0..k)
        .map(|s| {
            let (start, end) = (kind.start(nums[s]), kind.start(nums[s] + 1));
            let days = (end - start) as i64;
            let observed = (end.min(as_of) - start.max(first)).max(0) as i64;
            let coverage = match observed {
                0 => Coverage::None,
                o if o == days => Coverage::Full,
                _ => Coverage::Partial,
            };
            PeriodFigures {
                period: kind.label(nums[s]),
                start: day_string(start),
                end: day_string(end - 1),
                days,
                days_observed: observed,
                coverage,
                first_in_file: coverage != Coverage::None && start <= first,
                customers: customers[s],
                new_customers: new[s],
                returning_customers: customers[s] - new[s],
                orders: orders[s],
                average_order_value: (orders[s] > 0).then(|| revenue[s] / orders[s] as f64),
                repeat_customers: repeat[s],
                repeat_rate: (customers[s] > 0).then(|| repeat[s] as f64 / customers[s] as f64),
                revenue: revenue[s],
                returns_value: returns[s],
                net_revenue: revenue[s] - returns[s],
            }
        })
        .collect();
    (out, spend)
}

/// The value (positive) of the return lines of the profiled customers, by period slot, dated before the
/// as-of date (the Overview's `returns_value`, by period); lines of unknown amount count as zero.
fn returns_by_period(ds: &Dataset, p: &Profiles, slot_of: &dyn Fn(i32) -> Option<usize>, k: usize) -> Vec<f64> {
    let mut out = vec![0.0; k];
    let (Some(cust), Some(time), Some(as_of)) = (ds.customer(), ds.time(), p.as_of_day) else {
        return out;
    };
    let mut profiled = vec![false; ds.customers.len()];
    for c in &p.rows {
        if let Some(slot) = profiled.get_mut(c.customer as usize) {
            *slot = true;
        }
    }
    let n = ds.len.min(cust.len()).min(time.len());
    for i in 0..n {
        let day = day_of(time[i]);
        if day >= as_of || profiled.get(cust[i] as usize) != Some(&true) || ds.kind(i) != LineKind::Return {
            continue;
        }
        let v = ds.line_amount(i);
        if let Some(s) = slot_of(day)
            && !v.is_nan()
        {
            out[s] += v.abs();
        }
    }
    out
}
