//! Threshold triggers: the customers whose cumulative spend crossed an amount within the last N days.
//!
//! A customer is triggered when their cumulative spend before the window is below the amount A and
//! their cumulative spend at the as-of time reaches it: `before < A ≤ at_as_of`. The window is
//! `[as_of − N days, as_of]`; purchases after `as_of` are ignored. The crossing is the first purchase
//! in the window (in time order, equal times in input order) after which the cumulative spend is at
//! least A. With only positive amounts that is simply the first purchase where the total reaches A;
//! with returns (negative amounts) the total may have reached A earlier and fallen back, and the
//! crossing reported is the one inside the window. Amounts that are not finite are skipped and counted.
//!
//! ```
//! use clientela::segment::triggers::crossings;
//! const DAY: i32 = 86_400;
//! // Customer 1 reaches 100 on day 9; customer 2 had reached it before the window.
//! let p = [(1, 2 * DAY, 60.0), (1, 9 * DAY, 50.0), (2, DAY, 150.0), (2, 9 * DAY, 10.0)];
//! let t = crossings(&p, 100.0, 5, 10 * DAY).unwrap();
//! assert_eq!(t.crossings.len(), 1);
//! assert_eq!((t.crossings[0].customer, t.crossings[0].crossed_at), (1, 9 * DAY));
//! ```

use serde::{Deserialize, Serialize};

use super::AnalysisError;
use super::profile::Profiles;
use crate::dataset::{Dataset, LineKind, NONE};
use crate::error::BadParameter;
use crate::time::format_datetime;

/// One triggered customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Crossing {
    /// Customer id.
    pub customer: u32,
    /// Time (seconds) of the purchase that took the total to the amount.
    pub crossed_at: i32,
    /// Cumulative spend before the window.
    pub before: f64,
    /// Cumulative spend at the as-of time.
    pub total: f64,
}

/// The outcome of [`crossings`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Triggered {
    /// Triggered customers, by customer id.
    pub crossings: Vec<Crossing>,
    /// Purchases skipped because their amount is NaN or infinite.
    pub skipped_amounts: u64,
    /// Start of the window (seconds, inclusive; as i64 because it may precede `i32::MIN`).
    pub window_start: i64,
}

/// See the module doc. `purchases` are (customer, time in seconds, amount), in any order.
pub fn crossings(purchases: &[(u32, i32, f64)], amount: f64, days: u32, as_of: i32) -> Result<Triggered, AnalysisError> {
    if !amount.is_finite() {
        return Err(AnalysisError::BadParameter(BadParameter::new("amount", amount.to_string(), "expected a finite amount, e.g. 1000")));
    }
    let window_start = as_of as i64 - days as i64 * 86_400;
    let mut order: Vec<u32> = (0..purchases.len() as u32).filter(|&i| purchases[i as usize].1 <= as_of).collect();
    order.sort_by_key(|&i| (purchases[i as usize].0, purchases[i as usize].1, i));
    let skipped_amounts = purchases.iter().filter(|p| p.1 <= as_of && !p.2.is_finite()).count() as u64;
    let mut out = Vec::new();
    for group in order.chunk_by(|&a, &b| purchases[a as usize].0 == purchases[b as usize].0) {
        let customer = purchases[group[0] as usize].0;
        let (mut total, mut before, mut crossed) = (0.0, 0.0, None);
        for &i in group {
            let (_, t, a) = purchases[i as usize];
            if !a.is_finite() {
                continue;
            }
            total += a;
            if (t as i64) < window_start {
                before = total;
            } else if crossed.is_none() && total >= amount {
                crossed = Some(t);
            }
        }
        if before < amount && amount <= total {
            // `total >= amount` at the end and `before < amount` mean some purchase in the window reached
            // it; the fallback only keeps the core panic-free.
            let crossed_at = crossed.unwrap_or(as_of);
            out.push(Crossing { customer, crossed_at, before, total });
        }
    }
    Ok(Triggered { crossings: out, skipped_amounts, window_start })
}

// ---------------------------------------------------------------------------------------------------
// The segmentation's triggers section
// ---------------------------------------------------------------------------------------------------

/// Threshold trigger options: both must be given for the section to exist.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct TriggerOptions {
    /// The cumulative spend to cross.
    pub amount: Option<f64>,
    /// Within the last N days (default 30).
    pub days: Option<u32>,
}

/// One triggered customer, for people.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TriggerRow {
    /// Customer id.
    pub customer: String,
    /// When the amount was crossed (`YYYY-MM-DD HH:MM:SS`).
    pub crossed_at: String,
    /// Cumulative spend before the window.
    pub before: f64,
    /// Cumulative spend at the as-of date.
    pub total: f64,
}

/// The triggers section.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TriggerSection {
    /// The amount.
    pub amount: f64,
    /// The window in days.
    pub days: u32,
    /// Customers who crossed it, by crossing time.
    pub customers: Vec<TriggerRow>,
    /// Purchase lines skipped because their amount is unknown.
    pub skipped_amounts: u64,
}

/// Customers whose cumulative purchase spend crossed `amount` within the last `days` before the as-of date.
/// `amount_days` is the amount and the window of [`TriggerOptions`] with the default window filled in
/// ([`crate::segment::params::Resolved::triggers`]); `None` gives no section.
pub fn threshold_triggers(ds: &Dataset, p: &Profiles, amount_days: Option<(f64, u32)>) -> Result<Option<TriggerSection>, AnalysisError> {
    let Some((amount, days)) = amount_days else { return Ok(None) };
    let (Some(customers), Some(times), Some(as_of_day)) = (ds.customer(), ds.time(), p.as_of_day) else {
        return Ok(None);
    };
    // The as-of date is exclusive (lines on or after it are left out): the last second before it.
    let as_of = (as_of_day as i64 * 86_400 - 1).clamp(i32::MIN as i64, i32::MAX as i64) as i32;
    let purchases: Vec<(u32, i32, f64)> = (0..ds.len)
        .filter(|&r| customers[r] != NONE && ds.kind(r) == LineKind::Purchase)
        .map(|r| (customers[r], times[r], ds.line_amount(r)))
        .collect();
    let t = crossings(&purchases, amount, days, as_of)?;
    let mut rows: Vec<(i32, TriggerRow)> = t
        .crossings
        .iter()
        .map(|c| {
            (
                c.crossed_at,
                TriggerRow {
                    customer: ds.customers.get(c.customer).to_string(),
                    crossed_at: format_datetime(c.crossed_at),
                    before: c.before,
                    total: c.total,
                },
            )
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.customer.cmp(&b.1.customer)));
    Ok(Some(TriggerSection { amount, days, customers: rows.into_iter().map(|r| r.1).collect(), skipped_amounts: t.skipped_amounts }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::testing::shop;

    #[test]
    fn triggers_within_the_window() {
        let (ds, p) = shop();
        // As of 2024-03-01, last 30 days = from 2024-01-31: a's total went 600 -> 1100 on 2024-02-25
        // (crossing 1000 then); b reached 1200 on 2024-01-02, before the window; c never reaches 1000.
        let t = threshold_triggers(&ds, &p, Some((1000.0, 30))).unwrap().unwrap();
        assert_eq!(t.customers.len(), 1);
        assert_eq!(t.customers[0].customer, "a");
        assert_eq!(t.customers[0].crossed_at, "2024-02-25 00:00:00");
        assert_eq!((t.customers[0].before, t.customers[0].total), (600.0, 1100.0));
        // A 90-day window also catches b.
        let t = threshold_triggers(&ds, &p, Some((1000.0, 90))).unwrap().unwrap();
        assert_eq!(t.customers.iter().map(|c| c.customer.as_str()).collect::<Vec<_>>(), vec!["b", "a"]);
        assert!(threshold_triggers(&ds, &p, None).unwrap().is_none());
    }
}
