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

use serde::Serialize;

use super::AnalysisError;

/// One triggered customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
        return Err(AnalysisError::BadParameter {
            name: "amount",
            value: amount.to_string(),
            message: "expected a finite amount, e.g. 1000",
        });
    }
    let window_start = as_of as i64 - days as i64 * 86_400;
    let mut order: Vec<u32> = (0..purchases.len() as u32)
        .filter(|&i| purchases[i as usize].1 <= as_of)
        .collect();
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
