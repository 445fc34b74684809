//! Per-customer scores: P(alive), expected purchases over the horizon, expected spend per purchase and the
//! discounted customer lifetime value.
//!
//! CLV = margin × E[spend per purchase] × Σ_k (E[Y(t_k)] − E[Y(t_{k−1})]) / (1 + d)^{t_k in years}: the
//! horizon is cut into steps of one month (30.4375 days; the last step may be shorter), the expected
//! purchases of each step come from the BG/NBD conditional expectation, and each step is discounted at
//! the annual rate `d` from its end (as lifetimes' `customer_lifetime_value` does for monthly steps). The
//! expected spend is the Gamma-Gamma conditional mean; it does not change over time in the model.

use serde::Serialize;

use super::bgnbd::{self, BgNbdParams};
use super::gamma_gamma::{self, GammaGammaParams};
use super::summary::CustomerSummary;

/// Days per discounting step (a month on average).
pub const STEP_DAYS: f64 = 30.4375;
/// Days per year for the discount rate.
pub const YEAR_DAYS: f64 = 365.25;

/// One customer's scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    /// Probability of being active at the calibration end.
    pub p_alive: f64,
    /// Expected purchases over the horizon.
    pub expected_purchases: f64,
    /// Expected spend per purchase (`NaN` without a spend model).
    pub expected_spend: f64,
    /// Discounted value over the horizon (`NaN` without a spend model).
    pub clv: f64,
}

/// Step ends `t_k` (units) and their discount factors for a horizon.
pub fn schedule(horizon: f64, unit_days: f64, annual_rate: f64) -> Vec<(f64, f64)> {
    let step = STEP_DAYS / unit_days;
    let n = ((horizon / step).ceil() as usize).clamp(1, 1200);
    (1..=n)
        .map(|k| {
            let t = (k as f64 * step).min(horizon);
            let years = t * unit_days / YEAR_DAYS;
            (t, (1.0 + annual_rate).powf(-years))
        })
        .collect()
}

/// Scores every customer.
pub fn score(
    bg: &BgNbdParams,
    gg: Option<&GammaGammaParams>,
    rows: &[CustomerSummary],
    schedule: &[(f64, f64)],
    margin: f64,
) -> Vec<Score> {
    rows.iter()
        .map(|c| {
            let p_alive = bgnbd::p_alive(bg, c.x, c.t_x, c.t);
            let (mut prev, mut discounted) = (0.0, 0.0);
            for &(t, factor) in schedule {
                let e = bgnbd::conditional_expected(bg, c.x, c.t_x, c.t, t);
                discounted += (e - prev) * factor;
                prev = e;
            }
            let spend = gg.map_or(f64::NAN, |g| gamma_gamma::conditional_spend(g, c.x, c.monetary));
            Score { p_alive, expected_purchases: prev, expected_spend: spend, clv: margin * spend * discounted }
        })
        .collect()
}
