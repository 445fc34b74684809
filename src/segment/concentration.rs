//! How revenue is concentrated among customers: decile tables, the Lorenz curve, the Gini coefficient,
//! the share of the top customers, and the three profitable classes.
//!
//! Everything starts from one ranking: customers by revenue, highest first, equal revenue by customer id
//! (byte order of the id string). Formulas:
//! - Gini `G = Σᵢ (2i − n − 1)·xᵢ / (n · Σ x)` over revenues sorted ascending (`i` from 1), which equals
//!   the mean absolute difference over all ordered pairs divided by twice the mean,
//!   `ΣᵢΣⱼ |xᵢ − xⱼ| / (2 n² x̄)`; 0 when there are no customers or no revenue.
//! - Lorenz curve: points `(k/n, share of revenue of the k customers with the least revenue)`.

use serde::Serialize;

use super::profile::Profiles;
use super::rfm::share;

/// Profile row indices ordered best first: revenue descending, ties by `tie` ascending.
pub fn rank_best_first(revenue: &[f64], tie: &[u32]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..revenue.len() as u32).collect();
    let val = |i: u32| {
        let v = revenue[i as usize];
        if v.is_nan() { f64::NEG_INFINITY } else { v }
    };
    order.sort_unstable_by(|&a, &b| val(b).total_cmp(&val(a)).then(tie.get(a as usize).cmp(&tie.get(b as usize))).then(a.cmp(&b)));
    order
}

/// Sizes of ten groups of `n` customers as equal as possible: sizes differ by at most 1, larger first.
pub fn decile_sizes(n: usize) -> [usize; 10] {
    let mut s = [n / 10; 10];
    for x in s.iter_mut().take(n % 10) {
        *x += 1;
    }
    s
}

/// One row of the monetary decile table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DecileRow {
    /// 1 = the best tenth of the customers.
    pub decile: u8,
    /// Customers in the decile.
    pub customers: u64,
    /// Their revenue.
    pub revenue: f64,
    /// Share of the total revenue.
    pub revenue_share: f64,
    /// Share of the revenue of this decile and the better ones.
    pub cumulative_share: f64,
    /// Their margin, when the file has costs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin: Option<f64>,
    /// Share of the total margin, when the file has costs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin_share: Option<f64>,
}

/// The monetary decile table from revenues (and margins) listed best first.
pub fn deciles(revenue_best_first: &[f64], margin_best_first: Option<&[f64]>) -> Vec<DecileRow> {
    let total: f64 = revenue_best_first.iter().sum();
    let total_margin: Option<f64> = margin_best_first.map(|m| m.iter().sum());
    let mut start = 0;
    let mut cumulative = 0.0;
    let mut rows = Vec::with_capacity(10);
    for (d, size) in decile_sizes(revenue_best_first.len()).into_iter().enumerate() {
        let range = start..start + size;
        start += size;
        let revenue: f64 = revenue_best_first[range.clone()].iter().sum();
        cumulative += revenue;
        let margin = margin_best_first.map(|m| m[range].iter().sum::<f64>());
        rows.push(DecileRow {
            decile: d as u8 + 1,
            customers: size as u64,
            revenue,
            revenue_share: share(revenue, total),
            cumulative_share: share(cumulative, total),
            margin,
            margin_share: margin.zip(total_margin).map(|(m, t)| share(m, t)),
        });
    }
    rows
}

/// One tenth of the revenue and how many customers make it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PurchaseDecileRow {
    /// 1 = the first tenth of the revenue, made by the best customers.
    pub tenth: u8,
    /// Customers whose revenue ends in this tenth.
    pub customers: u64,
    /// Customers up to and including this tenth.
    pub cumulative_customers: u64,
    /// `cumulative_customers / all customers`.
    pub cumulative_customer_share: f64,
}

/// The purchase decile table: the revenue cut into ten equal parts, customers taken best first. A
/// customer whose revenue straddles a boundary counts in the tenth where their revenue ends (the first
/// tenth `t` with cumulative revenue ≤ t/10 of the total), so a very large customer may leave earlier
/// tenths empty. Customers without revenue all end in the last tenth.
pub fn purchase_deciles(revenue_best_first: &[f64]) -> Vec<PurchaseDecileRow> {
    let total: f64 = revenue_best_first.iter().sum();
    let mut counts = [0u64; 10];
    let mut cumulative = 0.0;
    for &v in revenue_best_first {
        cumulative += v;
        let t = if total > 0.0 {
            // Relative slack so that summation rounding never pushes a customer past an exact boundary.
            let x = cumulative / total * 10.0 - 1e-9;
            (x.ceil().max(1.0) as usize).min(10)
        } else {
            10
        };
        counts[t - 1] += 1;
    }
    let n = revenue_best_first.len() as f64;
    let mut run = 0;
    counts
        .iter()
        .enumerate()
        .map(|(k, &c)| {
            run += c;
            PurchaseDecileRow {
                tenth: k as u8 + 1,
                customers: c,
                cumulative_customers: run,
                cumulative_customer_share: share(run as f64, n),
            }
        })
        .collect()
}

/// A point of the Lorenz curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct LorenzPoint {
    /// Share of the customers (those with the least revenue first).
    pub customer_share: f64,
    /// Share of the revenue they make.
    pub revenue_share: f64,
}

/// The Lorenz curve from revenues sorted ascending, downsampled to at most `max_points` (≥ 2) points
/// evenly spaced in customers; the end points `(0, 0)` and `(1, 1)` are always exact.
pub fn lorenz(ascending: &[f64], max_points: usize) -> Vec<LorenzPoint> {
    let n = ascending.len();
    let total: f64 = ascending.iter().sum();
    if n == 0 {
        return vec![LorenzPoint { customer_share: 0.0, revenue_share: 0.0 }, LorenzPoint { customer_share: 1.0, revenue_share: 1.0 }];
    }
    let steps = (max_points.max(2) - 1).min(n);
    let mut points = Vec::with_capacity(steps + 1);
    let mut k = 0;
    let mut cum = 0.0;
    for s in 0..=steps {
        let target = if s == steps { n } else { (s as u128 * n as u128 / steps as u128) as usize };
        while k < target {
            cum += ascending[k];
            k += 1;
        }
        let revenue_share = if s == steps {
            1.0
        } else if total > 0.0 {
            cum / total
        } else {
            k as f64 / n as f64
        };
        points.push(LorenzPoint { customer_share: k as f64 / n as f64, revenue_share });
    }
    points
}

/// Gini coefficient of revenues sorted ascending (module doc). In `[0, 1)` for non-negative values.
pub fn gini(ascending: &[f64]) -> f64 {
    let n = ascending.len();
    let total: f64 = ascending.iter().sum();
    if n == 0 || total <= 0.0 {
        return 0.0;
    }
    let nf = n as f64;
    let weighted: f64 = ascending.iter().enumerate().map(|(i, &x)| (2.0 * (i as f64 + 1.0) - nf - 1.0) * x).sum();
    (weighted / (nf * total)).clamp(0.0, 1.0)
}

/// Share of the revenue made by the top `percent` % of the customers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TopShare {
    /// 1, 5, 10 or 20.
    pub percent: u32,
    /// `⌈percent · n / 100⌉` customers.
    pub customers: u64,
    /// Their share of the revenue.
    pub revenue_share: f64,
}

/// Top 1, 5, 10 and 20 % shares from revenues listed best first.
pub fn top_shares(revenue_best_first: &[f64]) -> Vec<TopShare> {
    let n = revenue_best_first.len();
    let total: f64 = revenue_best_first.iter().sum();
    [1u32, 5, 10, 20]
        .into_iter()
        .map(|p| {
            let k = (p as usize * n).div_ceil(100);
            TopShare { percent: p, customers: k as u64, revenue_share: share(revenue_best_first[..k].iter().sum(), total) }
        })
        .collect()
}

/// Where the three profitable classes are cut.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ClassParams {
    /// Share of revenue made by the top class (default 0.10).
    pub top_share: f64,
    /// Share of revenue made by the next class (default 0.50, the upper end of "the next 40–50 %").
    pub next_share: f64,
}

impl Default for ClassParams {
    fn default() -> Self {
        ClassParams { top_share: 0.10, next_share: 0.50 }
    }
}

/// One profitable class.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ProfitableClass {
    /// `top`, `core` or `falling`.
    pub key: &'static str,
    /// Display name.
    pub name: &'static str,
    /// How the class is defined.
    pub definition: String,
    /// Customers in the class.
    pub customers: u64,
    /// Their revenue.
    pub revenue: f64,
    /// Their share of the revenue.
    pub revenue_share: f64,
    /// Their margin, when the file has costs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin: Option<f64>,
}

/// The three classes and the customers of the first two whose spend is falling too.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ProfitableClasses {
    /// Top, core, falling.
    pub classes: Vec<ProfitableClass>,
    /// Customers of the top and core classes whose spend is falling as well (not in the third class).
    pub falling_in_top_and_core: u64,
}

/// Class of each profile row: 0 top, 1 core, 2 falling, 3 none.
pub fn class_of(p: &Profiles, best_first: &[u32], params: ClassParams) -> Vec<u8> {
    let total: f64 = best_first.iter().map(|&i| p.rows[i as usize].monetary).sum();
    let mut class = vec![3u8; p.rows.len()];
    let mut before = 0.0;
    for &i in best_first {
        let c = &p.rows[i as usize];
        class[i as usize] = if total > 0.0 && before < params.top_share * total {
            0
        } else if total > 0.0 && before < (params.top_share + params.next_share) * total {
            1
        } else if is_falling(c) {
            2
        } else {
            3
        };
        before += c.monetary;
    }
    class
}

/// Still profitable (margin > 0 when costs are known, else revenue > 0) and spending less in the second
/// half of the observation window than in the first.
pub fn is_falling(c: &super::profile::CustomerProfile) -> bool {
    let profitable = c.margin.map_or(c.monetary > 0.0, |m| m > 0.0);
    profitable && c.spend_second_half < c.spend_first_half
}

/// The three profitable classes: the smallest set of best customers making `top_share` of the revenue;
/// the following customers until `top_share + next_share` is reached; and, among the rest, the customers
/// who are still profitable but whose spend in the second half of the observation window is below their
/// own spend in the first half (window and halves: [`Profiles::midpoint_day`]).
pub fn profitable_classes(p: &Profiles, best_first: &[u32], params: ClassParams) -> ProfitableClasses {
    let class = class_of(p, best_first, params);
    let total: f64 = p.rows.iter().map(|c| c.monetary).sum();
    let mut count = [0u64; 3];
    let mut revenue = [0.0f64; 3];
    let mut margin = [0.0f64; 3];
    let mut falling_top = 0;
    for (i, &k) in class.iter().enumerate() {
        let c = &p.rows[i];
        if k < 3 {
            count[k as usize] += 1;
            revenue[k as usize] += c.monetary;
            margin[k as usize] += c.margin.unwrap_or(0.0);
        }
        if k < 2 && is_falling(c) {
            falling_top += 1;
        }
    }
    let pct = |x: f64| (x * 100.0 * 10.0).round() / 10.0;
    let defs = [
        ("top", "Top customers", format!("the fewest best customers making {} % of the revenue", pct(params.top_share))),
        ("core", "Core customers", format!("the next customers, making the following {} % of the revenue", pct(params.next_share))),
        (
            "falling",
            "Profitable but falling",
            "the others who are still profitable but spent less in the second half of the observation window than in the first".to_string(),
        ),
    ];
    let classes = defs
        .into_iter()
        .enumerate()
        .map(|(k, (key, name, definition))| ProfitableClass {
            key,
            name,
            definition,
            customers: count[k],
            revenue: revenue[k],
            revenue_share: share(revenue[k], total),
            margin: p.has_cost.then_some(margin[k]),
        })
        .collect();
    ProfitableClasses { classes, falling_in_top_and_core: falling_top }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decile_sizes_larger_first() {
        assert_eq!(decile_sizes(0), [0; 10]);
        assert_eq!(decile_sizes(3), [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(decile_sizes(23), [3, 3, 3, 2, 2, 2, 2, 2, 2, 2]);
    }

    #[test]
    fn ranking_breaks_ties_by_id() {
        assert_eq!(rank_best_first(&[5.0, 9.0, 5.0, f64::NAN], &[3, 0, 1, 2]), vec![1, 2, 0, 3]);
    }

    #[test]
    fn deciles_of_twelve_customers() {
        // Revenues 12..1 best first: sizes 2 2 1 1 1 1 1 1 1 1; total 78.
        let v: Vec<f64> = (1..=12).rev().map(f64::from).collect();
        let m: Vec<f64> = v.iter().map(|x| x / 2.0).collect();
        let d = deciles(&v, Some(&m));
        assert_eq!(d[0].revenue, 23.0);
        assert_eq!(d[1].revenue, 19.0);
        assert_eq!(d[2].customers, 1);
        assert_eq!(d[0].revenue_share, 23.0 / 78.0);
        assert_eq!(d[1].cumulative_share, 42.0 / 78.0);
        assert_eq!(d[9].cumulative_share, 1.0);
        assert_eq!(d[0].margin, Some(11.5));
        assert_eq!(d[0].margin_share, Some(23.0 / 78.0));
        assert!(deciles(&[], None).iter().all(|r| r.customers == 0 && r.revenue_share == 0.0 && r.margin.is_none()));
    }

    #[test]
    fn purchase_deciles_by_hand() {
        // Total 100: cumulative 50, 80, 90, 95, 100. 50 ends in tenth 5, 80 in 8, 90 in 9, 95 and 100 in 10.
        let p = purchase_deciles(&[50.0, 30.0, 10.0, 5.0, 5.0]);
        let counts: Vec<u64> = p.iter().map(|r| r.customers).collect();
        assert_eq!(counts, vec![0, 0, 0, 0, 1, 0, 0, 1, 1, 2]);
        assert_eq!(p[9].cumulative_customers, 5);
        // Without revenue everyone is in the last tenth.
        assert_eq!(purchase_deciles(&[0.0, 0.0])[9].customers, 2);
    }

    #[test]
    fn gini_and_lorenz_by_hand() {
        // [0, 0, 0, 1]: Σ(2i − n − 1)x = 3·1 = 3, / (4·1) = 0.75.
        assert_eq!(gini(&[0.0, 0.0, 0.0, 1.0]), 0.75);
        assert_eq!(gini(&[2.0, 2.0, 2.0]), 0.0);
        assert_eq!(gini(&[]), 0.0);
        assert_eq!(gini(&[0.0, 0.0]), 0.0);
        let l = lorenz(&[1.0, 1.0, 2.0], 201);
        let pts: Vec<(f64, f64)> = l.iter().map(|p| (p.customer_share, p.revenue_share)).collect();
        assert_eq!(pts, vec![(0.0, 0.0), (1.0 / 3.0, 0.25), (2.0 / 3.0, 0.5), (1.0, 1.0)]);
        let big: Vec<f64> = (0..10_000).map(f64::from).collect();
        let l = lorenz(&big, 201);
        assert_eq!(l.len(), 201);
        assert_eq!((l[0].customer_share, l[0].revenue_share), (0.0, 0.0));
        assert_eq!((l[200].customer_share, l[200].revenue_share), (1.0, 1.0));
        assert_eq!(lorenz(&[], 201).len(), 2);
    }

    #[test]
    fn top_shares_round_up() {
        // 30 customers: top 1 % and 5 % are 1 and 2 customers, 10 % 3, 20 % 6.
        let v: Vec<f64> = (1..=30).rev().map(f64::from).collect();
        let t = top_shares(&v);
        let k: Vec<u64> = t.iter().map(|s| s.customers).collect();
        assert_eq!(k, vec![1, 2, 3, 6]);
        assert_eq!(t[0].revenue_share, 30.0 / 465.0);
        assert!(top_shares(&[]).iter().all(|s| s.customers == 0 && s.revenue_share == 0.0));
    }

    #[test]
    fn profitable_classes_of_the_tiny_shop() {
        let ds = crate::segment::profile::tests::shop();
        let p = crate::segment::profile::profiles(&ds, None).unwrap();
        let rev: Vec<f64> = p.rows.iter().map(|c| c.monetary).collect();
        let best = rank_best_first(&rev, &p.id_rank);
        // c1 (22 of 37) alone passes 10 %; c2 starts at 22/37 = 59 % < 60 %, so it is core.
        let c = profitable_classes(&p, &best, ClassParams::default());
        let n: Vec<u64> = c.classes.iter().map(|k| k.customers).collect();
        assert_eq!(n, vec![1, 1, 0]);
        // c1 spent 18 in the first half and 4 in the second, c2 15 and 0: both falling, both already in
        // the top or core class.
        assert_eq!(c.falling_in_top_and_core, 2);
        let narrow = profitable_classes(&p, &best, ClassParams { top_share: 0.1, next_share: 0.0 });
        let n: Vec<u64> = narrow.classes.iter().map(|k| k.customers).collect();
        assert_eq!(n, vec![1, 0, 1], "without a core class, c2 (15 then 0, no cost column) is falling");
    }
}
