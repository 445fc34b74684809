//! Spend bands: customers grouped by how much they spend per week, per month or over the whole window,
//! and how they move between bands from one part of the window to the next.
//!
//! **Spend per period** is the customer's revenue divided by the number of periods in the observation
//! window (from the first date in the file to the as-of date), not by the periods in which the customer
//! happened to buy: a customer who bought once for 120 in a twelve-month window spends 10 a month. That
//! keeps customers comparable (a one-off buyer is not ranked with a regular who spends the same every
//! month) and makes the bands add up to the shop's revenue per period. A week is 7 days, a month is the
//! mean Gregorian month (365.2425 / 12 = 30.436875 days), and a window shorter than one period counts as
//! one period, so short files are not extrapolated.
//!
//! **Bands** are given by their lower edges `e₀ < e₁ < … < eₖ`: band `i` holds spend `s` with
//! `eᵢ ≤ s < eᵢ₊₁` (lower edge inclusive, upper edge exclusive), the last band is open above, and a spend
//! below `e₀` (possible only with custom edges above zero, or negative line amounts) falls into the first
//! band. Assignment is a binary search: `O(customers · log bands)`.
//!
//! **Migration** splits the window at a date (default: the window's midpoint, as in the profitable
//! classes): *before* is `[window start, split)`, *after* is `[split, as-of)`. Each customer's spend per
//! period in each part (the part's spend over the part's number of periods, as above) gives a band on
//! each side, or `none` when the customer bought nothing in that part. The matrix counts customers by
//! (band before, band after); every customer with a purchase is in exactly one cell, so the cells add up
//! to the number of customers. One pass over the rows.

use serde::{Deserialize, Serialize};

use super::profile::{Profiles, PurchaseLine};
use super::rfm::share;
use crate::dataset::Dataset;
use crate::error::BadParameter;

/// Days in a week.
pub const WEEK_DAYS: f64 = 7.0;
/// Days in the mean Gregorian month.
pub const MONTH_DAYS: f64 = 365.2425 / 12.0;
/// At most this many band edges (the migration matrix has `(edges + 1)²` cells).
pub const MAX_EDGES: usize = 64;

/// What "spend per period" is measured over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum BandPeriod {
    /// Spend per week of the window.
    Week,
    /// Spend per month of the window (the default).
    #[default]
    Month,
    /// Spend over the whole window.
    Period,
}

impl BandPeriod {
    /// Name used in reports and by `--band-period`.
    pub fn name(self) -> &'static str {
        match self {
            BandPeriod::Week => "week",
            BandPeriod::Month => "month",
            BandPeriod::Period => "period",
        }
    }

    /// Parses `week`, `month` or `period` (also `weekly`, `monthly`, `whole`).
    pub fn from_name(s: &str) -> Option<BandPeriod> {
        match s.trim().to_ascii_lowercase().as_str() {
            "week" | "weekly" | "w" => Some(BandPeriod::Week),
            "month" | "monthly" | "m" => Some(BandPeriod::Month),
            "period" | "whole" | "total" | "all" => Some(BandPeriod::Period),
            _ => None,
        }
    }

    /// Number of periods in `days` days: at least 1 (see the module doc).
    pub fn periods(self, days: i64) -> f64 {
        let days = days.max(0) as f64;
        let n = match self {
            BandPeriod::Week => days / WEEK_DAYS,
            BandPeriod::Month => days / MONTH_DAYS,
            BandPeriod::Period => 1.0,
        };
        n.max(1.0)
    }

    /// The default ladder of 11 lower edges: the monthly ladder is 0, 10, 25, 50, 100, 250, 500, 1k, 2.5k,
    /// 5k, 10k; the weekly one is a quarter of it (rounded to 1–2.5–5 steps, 0 to 2.5k), the whole-window
    /// one ten times it (0 to 100k).
    pub fn default_edges(self) -> Vec<f64> {
        match self {
            BandPeriod::Week => vec![0.0, 2.5, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0],
            BandPeriod::Month => vec![0.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0, 5000.0, 10_000.0],
            BandPeriod::Period => {
                vec![0.0, 100.0, 250.0, 500.0, 1000.0, 2500.0, 5000.0, 10_000.0, 25_000.0, 50_000.0, 100_000.0]
            }
        }
    }
}

impl std::str::FromStr for BandPeriod {
    type Err = String;
    /// [`BandPeriod::from_name`], with an error that lists the accepted names.
    fn from_str(s: &str) -> Result<BandPeriod, String> {
        BandPeriod::from_name(s).ok_or_else(|| "expected week, month or period".into())
    }
}

/// Checks custom band edges: at least one, at most [`MAX_EDGES`], finite, strictly increasing.
pub fn validate_edges(edges: &[f64]) -> Result<(), BadParameter> {
    let bad = |message: &'static str| BadParameter::new("band_edges", edges_text(edges), message);
    if edges.is_empty() {
        return Err(bad("give at least one lower edge, e.g. 0,10,50"));
    }
    if edges.len() > MAX_EDGES {
        return Err(bad("give at most 64 edges"));
    }
    if edges.iter().any(|e| !e.is_finite()) {
        return Err(bad("every edge must be a finite number, e.g. 0,10,50"));
    }
    if edges.windows(2).any(|w| w[0] >= w[1]) {
        return Err(bad("edges must be strictly increasing, e.g. 0,10,50"));
    }
    Ok(())
}

fn edges_text(edges: &[f64]) -> String {
    edges.iter().map(|e| e.to_string()).collect::<Vec<_>>().join(",")
}

/// Band index of `spend` for lower edges `edges` (see the module doc for the rule); NaN goes to band 0.
#[inline]
pub fn band_of(edges: &[f64], spend: f64) -> usize {
    edges.partition_point(|&e| e <= spend).saturating_sub(1)
}

/// A short label for an amount: `2.5`, `250`, `1k`, `2.5k`.
fn short(v: f64) -> String {
    let trim = |x: f64| {
        let s = format!("{:.2}", x);
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" { "0".to_string() } else { s.to_string() }
    };
    if v.abs() >= 1000.0 { format!("{}k", trim(v / 1000.0)) } else { trim(v) }
}

/// Labels of the bands: `0–10`, …, `10k+`.
pub fn labels(edges: &[f64]) -> Vec<String> {
    (0..edges.len())
        .map(|i| match edges.get(i + 1) {
            Some(&hi) => format!("{}–{}", short(edges[i]), short(hi)),
            None => format!("{}+", short(edges[i])),
        })
        .collect()
}

/// One spend band.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BandRow {
    /// Label, e.g. `10–25` or `10k+`.
    pub band: String,
    /// Lower edge (inclusive).
    pub lower: f64,
    /// Upper edge (exclusive); `None` for the last band.
    pub upper: Option<f64>,
    /// Customers in the band.
    pub customers: u64,
    /// Share of all customers.
    pub customer_share: f64,
    /// Their revenue over the whole window (turnover).
    pub revenue: f64,
    /// Share of the revenue.
    pub revenue_share: f64,
}

/// The `spend_bands` section of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SpendBands {
    /// What spend is measured over.
    pub period: BandPeriod,
    /// Periods in the observation window (at least 1).
    pub periods_in_window: f64,
    /// The lower edges used.
    pub edges: Vec<f64>,
    /// True when the edges were given, false for the default ladder.
    pub custom_edges: bool,
    /// How spend per period and band membership are defined, for people.
    pub rule: &'static str,
    /// One row per band, lowest first.
    pub bands: Vec<BandRow>,
}

/// Rule text of [`SpendBands::rule`].
pub const BAND_RULE: &str = "spend per period = the customer's revenue / periods in the window (window start to as-of; \
     week = 7 days, month = 30.44 days, at least 1 period); a band holds lower <= spend < upper";

/// Spend bands of the profile rows; also returns the band index of every row.
pub fn spend_bands(p: &Profiles, edges: &[f64], period: BandPeriod, custom: bool) -> (SpendBands, Vec<u16>) {
    let days = match (p.window_start_day, p.as_of_day) {
        (Some(s), Some(a)) => a as i64 - s as i64,
        _ => 0,
    };
    let periods = period.periods(days);
    let mut customers = vec![0u64; edges.len()];
    let mut revenue = vec![0.0f64; edges.len()];
    let mut band = Vec::with_capacity(p.rows.len());
    for c in &p.rows {
        let b = band_of(edges, c.monetary / periods);
        customers[b] += 1;
        revenue[b] += c.monetary;
        band.push(b as u16);
    }
    let (n, total) = (p.rows.len() as f64, revenue.iter().sum::<f64>());
    let bands = labels(edges)
        .into_iter()
        .enumerate()
        .map(|(i, label)| BandRow {
            band: label,
            lower: edges[i],
            upper: edges.get(i + 1).copied(),
            customers: customers[i],
            customer_share: share(customers[i] as f64, n),
            revenue: revenue[i],
            revenue_share: share(revenue[i], total),
        })
        .collect();
    (SpendBands { period, periods_in_window: periods, edges: edges.to_vec(), custom_edges: custom, rule: BAND_RULE, bands }, band)
}

/// The `band_migration` section of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BandMigration {
    /// First day of the "after" part, `YYYY-MM-DD` (`None` when the table has no dates).
    pub split_date: Option<String>,
    /// Periods in the "before" part (at least 1).
    pub periods_before: f64,
    /// Periods in the "after" part (at least 1).
    pub periods_after: f64,
    /// Row and column labels: the bands, lowest first, then `none`.
    pub labels: Vec<String>,
    /// `matrix[before][after]`: customers by band before (row) and band after (column).
    pub matrix: Vec<Vec<u64>>,
    /// Sum of the matrix: the number of customers.
    pub customers: u64,
    /// Customers in the same band on both sides.
    pub stayed: u64,
    /// Customers in a higher band after.
    pub moved_up: u64,
    /// Customers in a lower band after.
    pub moved_down: u64,
    /// Customers who bought only after the split.
    pub started: u64,
    /// Customers who bought only before the split.
    pub stopped: u64,
}

/// The migration matrix (see the module doc). `split_day` must lie inside the window (checked by the
/// caller); `None` means the window midpoint.
pub fn migration(ds: &Dataset, p: &Profiles, edges: &[f64], period: BandPeriod, split_day: Option<i32>) -> BandMigration {
    let k = edges.len();
    let none = k;
    let mut labels = labels(edges);
    labels.push("none".into());
    let mut matrix = vec![vec![0u64; k + 1]; k + 1];
    let (start, as_of) = match (p.window_start_day, p.as_of_day) {
        (Some(s), Some(a)) => (s, a),
        _ => {
            // No dates: nobody has bought (the profile table is empty).
            return BandMigration {
                split_date: None,
                periods_before: 1.0,
                periods_after: 1.0,
                labels,
                matrix,
                customers: 0,
                stayed: 0,
                moved_up: 0,
                moved_down: 0,
                started: 0,
                stopped: 0,
            };
        }
    };
    let split = split_day.or(p.midpoint_day).unwrap_or(start);
    let periods_before = period.periods(split as i64 - start as i64);
    let periods_after = period.periods(as_of as i64 - split as i64);

    // One pass over the purchase lines of profiled customers before the as-of day.
    let n_rows = p.rows.len();
    let (mut before, mut after) = (vec![0.0f64; n_rows], vec![0.0f64; n_rows]);
    let (mut bought_before, mut bought_after) = (vec![false; n_rows], vec![false; n_rows]);
    for PurchaseLine { line, row: r, day } in p.purchase_lines(ds) {
        let v = ds.line_amount(line);
        let v = if v.is_nan() { 0.0 } else { v };
        if day < split {
            before[r] += v;
            bought_before[r] = true;
        } else {
            after[r] += v;
            bought_after[r] = true;
        }
    }
    let (mut stayed, mut up, mut down, mut started, mut stopped) = (0, 0, 0, 0, 0);
    for r in 0..n_rows {
        let b = if bought_before[r] { band_of(edges, before[r] / periods_before) } else { none };
        let a = if bought_after[r] { band_of(edges, after[r] / periods_after) } else { none };
        matrix[b][a] += 1;
        match (b == none, a == none) {
            (false, false) if a == b => stayed += 1,
            (false, false) if a > b => up += 1,
            (false, false) => down += 1,
            (true, false) => started += 1,
            (false, true) => stopped += 1,
            (true, true) => {}
        }
    }
    BandMigration {
        split_date: Some(super::day_string(split)),
        periods_before,
        periods_after,
        labels,
        matrix,
        customers: n_rows as u64,
        stayed,
        moved_up: up,
        moved_down: down,
        started,
        stopped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn lower_edge_inclusive_upper_exclusive() {
        let e = [0.0, 10.0, 50.0];
        // Worked by hand from the rule lower <= s < upper.
        assert_eq!(band_of(&e, 0.0), 0);
        assert_eq!(band_of(&e, 9.999), 0);
        assert_eq!(band_of(&e, 10.0), 1);
        assert_eq!(band_of(&e, 49.99), 1);
        assert_eq!(band_of(&e, 50.0), 2);
        assert_eq!(band_of(&e, 1e12), 2);
        assert_eq!(band_of(&e, -3.0), 0, "below the first edge: first band");
        assert_eq!(band_of(&e, f64::NAN), 0);
    }

    #[test]
    fn edges_are_validated() {
        assert!(validate_edges(&[0.0, 10.0, 50.0]).is_ok());
        for bad in [&[][..], &[0.0, 0.0], &[10.0, 5.0], &[0.0, f64::NAN], &[0.0, f64::INFINITY]] {
            let e = validate_edges(bad).unwrap_err();
            assert_eq!(e.code(), "bad_parameter", "{bad:?}");
            assert!(e.to_string().starts_with("band_edges"), "{e}");
        }
        assert!(validate_edges(&(0..65).map(f64::from).collect::<Vec<_>>()).is_err());
    }

    #[test]
    fn labels_and_ladders() {
        assert_eq!(labels(&[0.0, 2.5, 1000.0, 2500.0]), vec!["0–2.5", "2.5–1k", "1k–2.5k", "2.5k+"]);
        for p in [BandPeriod::Week, BandPeriod::Month, BandPeriod::Period] {
            let e = p.default_edges();
            assert_eq!(e.len(), 11);
            assert!(validate_edges(&e).is_ok());
        }
        assert_eq!(BandPeriod::Month.periods(0), 1.0);
        assert_eq!(BandPeriod::Week.periods(70), 10.0);
        assert_eq!(BandPeriod::Period.periods(700), 1.0);
        assert!((BandPeriod::Month.periods(365) - 365.0 / 30.436875).abs() < 1e-12);
    }
}
