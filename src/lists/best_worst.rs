//! Best and worst customers, defined and listed, each with the reason in a code the page words.
//!
//! - **Best by value**: the top revenue decile, exactly the Segments view's decile 1
//!   ([`rank_best_first`]: revenue descending, ties by customer id; the first `⌈n/10⌉`). Reason
//!   `best_value` {`rank`, `value`, `share`}: the customer's revenue and its share of all revenue.
//! - **Best by expected value**: the top decile by the lifetime-value model's CLV over its horizon
//!   ([`crate::clv`], read as it is): customers the model values most from now on, ties by customer id.
//!   Reason `best_expected` {`rank`, `clv`, `p_alive`}. Customers the model could not value (no CLV) are
//!   not ranked.
//! - **Worst by cost to serve**: the top decile by the score
//!   `cost = (low_value + returns_share + discount_share) / 3`, each part in 0–1:
//!   `low_value` = the customer's place in the best-first revenue ranking, `rank / (n − 1)` (0 for the
//!   best customer, 1 for the lowest; 0 when there is one customer);
//!   `returns_share` = `returns_value / (monetary + returns_value)`, the share of what they bought that came
//!   back;
//!   `discount_share` = the share of the list value given away as discount ([`CustomerProfile::discount_share`];
//!   0 when the file has no discount column, which the list says with the note `no_discount_column`).
//!   Ties by lower revenue, then customer id. The reason is the largest part: `low_value` {`value`, `rank`,
//!   `customers`}, `high_returns` {`returns_value`, `returns_share`} or `high_discounts`
//!   {`discount_share`}; every reason also carries `score`.

use serde_json::json;

use crate::dataset::Dataset;
use crate::notice::Notice;
use crate::segment::Profiles;
use crate::segment::concentration::{decile_sizes, rank_best_first};
use crate::segment::profile::CustomerProfile;

use super::Listed;

/// The parts of a customer's cost-to-serve score (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost {
    /// `rank / (n − 1)` in the best-first revenue ranking.
    pub low_value: f64,
    /// Returned value over bought plus returned value.
    pub returns_share: f64,
    /// Discount over list value (0 without a discount column).
    pub discount_share: f64,
    /// The mean of the three.
    pub score: f64,
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 && a.is_finite() && b.is_finite() { (a / b).clamp(0.0, 1.0) } else { 0.0 }
}

/// Each profile row's cost-to-serve parts.
pub fn costs(p: &Profiles) -> Vec<Cost> {
    let n = p.rows.len();
    let revenue: Vec<f64> = p.rows.iter().map(|c| c.monetary).collect();
    let best = rank_best_first(&revenue, &p.id_rank);
    let mut place = vec![0usize; n];
    for (k, &i) in best.iter().enumerate() {
        place[i as usize] = k;
    }
    p.rows
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let low_value = if n > 1 { place[i] as f64 / (n - 1) as f64 } else { 0.0 };
            let returns_share = ratio(c.returns_value, c.monetary.max(0.0) + c.returns_value);
            let discount_share = c.discount_share.filter(|d| d.is_finite()).map_or(0.0, |d| d.clamp(0.0, 1.0));
            Cost { low_value, returns_share, discount_share, score: (low_value + returns_share + discount_share) / 3.0 }
        })
        .collect()
}

fn round(v: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    if v.is_finite() { (v * f).round() / f } else { 0.0 }
}

/// The top revenue decile, best first, with reason `best_value`.
pub fn best_by_value(p: &Profiles) -> Vec<Listed> {
    let n = p.rows.len();
    let revenue: Vec<f64> = p.rows.iter().map(|c| c.monetary).collect();
    let total: f64 = revenue.iter().filter(|v| v.is_finite()).sum();
    let best = rank_best_first(&revenue, &p.id_rank);
    best.iter()
        .take(decile_sizes(n)[0])
        .enumerate()
        .map(|(k, &i)| {
            let c = &p.rows[i as usize];
            let share = ratio(c.monetary, total);
            let reason = Notice::new(
                "best_value",
                &[("rank", json!(k + 1)), ("value", json!(round(c.monetary, 2))), ("share", json!(round(share, 6)))],
                format!("rank {} by revenue: {:.2}, {:.1} % of all revenue", k + 1, c.monetary, share * 100.0),
            );
            Listed { row: i as usize, reason: Some(reason) }
        })
        .collect()
}

/// The top decile by CLV among customers the model valued, with reason `best_expected`. `values` are
/// `(customer id, clv, p_alive)` as the lifetime-value report lists them.
pub fn best_by_expected<'a>(ds: &Dataset, p: &Profiles, values: impl Iterator<Item = (&'a str, Option<f64>, f64)>) -> Vec<Listed> {
    let mut row_of = vec![u32::MAX; ds.customers.len()];
    for (i, c) in p.rows.iter().enumerate() {
        if let Some(r) = row_of.get_mut(c.customer as usize) {
            *r = i as u32;
        }
    }
    let mut valued: Vec<(usize, f64, f64)> = values
        .filter_map(|(id, clv, p_alive)| {
            let row = *row_of.get(ds.customers.find(id)? as usize)?;
            let clv = clv.filter(|v| v.is_finite())?;
            (row != u32::MAX).then_some((row as usize, clv, p_alive))
        })
        .collect();
    valued.sort_by(|a, b| b.1.total_cmp(&a.1).then(p.id_rank[a.0].cmp(&p.id_rank[b.0])));
    valued.dedup_by_key(|v| v.0);
    let keep = decile_sizes(valued.len())[0];
    valued
        .into_iter()
        .take(keep)
        .enumerate()
        .map(|(k, (row, clv, p_alive))| {
            let reason = Notice::new(
                "best_expected",
                &[("rank", json!(k + 1)), ("clv", json!(round(clv, 2))), ("p_alive", json!(round(p_alive, 4)))],
                format!("rank {} by expected value: {clv:.2} over the horizon, {:.0} % likely still a customer", k + 1, p_alive * 100.0),
            );
            Listed { row, reason: Some(reason) }
        })
        .collect()
}

/// The top decile by cost-to-serve score, worst first, each with its largest part as the reason.
pub fn worst_by_cost(p: &Profiles) -> Vec<Listed> {
    let n = p.rows.len();
    let costs = costs(p);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        costs[b]
            .score
            .total_cmp(&costs[a].score)
            .then(p.rows[a].monetary.total_cmp(&p.rows[b].monetary))
            .then(p.id_rank[a].cmp(&p.id_rank[b]))
    });
    let place = |i: usize| (costs[i].low_value * (n.max(2) - 1) as f64).round() as usize + 1;
    order
        .into_iter()
        .take(decile_sizes(n)[0])
        .map(|i| {
            let (c, k) = (&p.rows[i], costs[i]);
            Listed { row: i, reason: Some(worst_reason(c, k, place(i), n)) }
        })
        .collect()
}

fn worst_reason(c: &CustomerProfile, k: Cost, rank: usize, n: usize) -> Notice {
    let score = ("score", json!(round(k.score, 4)));
    if k.returns_share >= k.low_value && k.returns_share >= k.discount_share {
        Notice::new(
            "high_returns",
            &[("returns_value", json!(round(c.returns_value, 2))), ("returns_share", json!(round(k.returns_share, 4))), score],
            format!("returned {:.2}, {:.0} % of what they bought", c.returns_value, k.returns_share * 100.0),
        )
    } else if k.discount_share >= k.low_value {
        Notice::new(
            "high_discounts",
            &[("discount_share", json!(round(k.discount_share, 4))), score],
            format!("{:.0} % of the list value given away as discount", k.discount_share * 100.0),
        )
    } else {
        Notice::new(
            "low_value",
            &[("value", json!(round(c.monetary, 2))), ("rank", json!(rank)), ("customers", json!(n)), score],
            format!("low value: {:.2}, rank {rank} of {n} by revenue", c.monetary),
        )
    }
}
