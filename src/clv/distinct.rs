//! Customers grouped by their purchase history `(x, t_x, T)`.
//!
//! Every purchase-model quantity of a customer (P(alive), expected purchases, the chance to buy within a
//! window, the ranges' per-parameter values) depends on the customer only through `(x, t_x, T)` and the
//! parameters. Summaries read from a file have whole-day times, so on a large file many customers share a
//! history (216,277 distinct histories, 3,965 distinct `(x, T)`, among the million customers of
//! `clientela generate --clv-customers 1000000` at its as-of date): such a quantity is computed once per
//! distinct history and handed to each customer. The same function of the
//! same inputs gives the same bits, so the result is identical to computing it per customer.

use hashbrown::HashMap;

use super::summary::CustomerSummary;

/// The distinct histories of a list of customers, in order of first appearance (deterministic), and each
/// customer's history.
#[derive(Debug, Clone)]
pub struct Distinct {
    /// One customer per distinct `(x, t_x, T)`, with `monetary` 0 (the purchase models do not read it).
    pub histories: Vec<CustomerSummary>,
    /// `of[i]`: the index in `histories` of customer `i`'s history.
    pub of: Vec<u32>,
}

impl Distinct {
    /// Groups `rows` by `(x, t_x, T)` (times compared by their bits).
    pub fn new(rows: &[CustomerSummary]) -> Distinct {
        let mut index: HashMap<(u32, u64, u64), u32, foldhash::fast::FixedState> =
            HashMap::with_hasher(foldhash::fast::FixedState::default());
        let mut histories = Vec::new();
        let of = rows
            .iter()
            .map(|c| {
                *index.entry((c.x, c.t_x.to_bits(), c.t.to_bits())).or_insert_with(|| {
                    histories.push(CustomerSummary { monetary: 0.0, ..*c });
                    (histories.len() - 1) as u32
                })
            })
            .collect();
        Distinct { histories, of }
    }

    /// `f` of every distinct history, in `histories` order.
    pub fn each<T>(&self, f: impl FnMut(&CustomerSummary) -> T) -> Vec<T> {
        self.histories.iter().map(f).collect()
    }

    /// Per-history values handed to every customer (in row order).
    pub fn spread<T: Copy>(&self, per_history: &[T]) -> Vec<T> {
        self.of.iter().map(|&k| per_history[k as usize]).collect()
    }

    /// `f` of every customer's history, computed once per distinct history.
    pub fn map<T: Copy>(&self, f: impl FnMut(&CustomerSummary) -> T) -> Vec<T> {
        self.spread(&self.each(f))
    }
}
