//! Per-customer scores: P(alive), expected purchases over the horizon, expected spend per purchase and the
//! discounted customer lifetime value.
//!
//! CLV = margin × E[spend per purchase] × Σ_k (E[Y(t_k)] − E[Y(t_{k−1})]) / (1 + d)^{t_k in years}: the
//! horizon is cut into steps of one month (30.4375 days; the last step may be shorter), the expected
//! purchases of each step come from the purchase model's conditional expectation, and each step is discounted at
//! the annual rate `d` from its end (as lifetimes' `customer_lifetime_value` does for monthly steps). The
//! expected spend is the Gamma-Gamma conditional mean; it does not change over time in the model.

use serde::Serialize;

use super::gamma_gamma::{self, GammaGammaParams};
use super::model::Fitted;
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
    /// Expected purchases over the horizon if the customer is still active.
    pub purchases_if_alive: f64,
    /// Discounted value over the horizon if the customer is still active (`NaN` without a spend model).
    pub clv_if_alive: f64,
}

impl Score {
    /// Value at risk: what is lost if the customer has left, `CLV if alive × P(not alive)` (`NaN`
    /// without a spend model).
    pub fn value_at_risk(&self) -> f64 {
        self.clv_if_alive * (1.0 - self.p_alive)
    }

    /// Purchases at risk: `expected purchases if alive × P(not alive)`.
    pub fn purchases_at_risk(&self) -> f64 {
        self.purchases_if_alive * (1.0 - self.p_alive)
    }
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

/// Scores every customer. Every model's conditional expectation is P(alive) × the expectation if alive,
/// so the discounted sum is taken once, if alive, and scaled by P(alive).
pub fn score(model: &Fitted, gg: Option<&GammaGammaParams>, rows: &[CustomerSummary], schedule: &[(f64, f64)], margin: f64) -> Vec<Score> {
    rows.iter()
        .map(|c| {
            let p_alive = model.p_alive(c);
            let (mut prev, mut discounted) = (0.0, 0.0);
            for &(t, factor) in schedule {
                let e = model.expected_if_alive(c, t);
                discounted += (e - prev) * factor;
                prev = e;
            }
            let spend = gg.map_or(f64::NAN, |g| gamma_gamma::conditional_spend(g, c.x, c.monetary));
            let clv_if_alive = margin * spend * discounted;
            Score {
                p_alive,
                expected_purchases: prev * p_alive,
                expected_spend: spend,
                clv: clv_if_alive * p_alive,
                purchases_if_alive: prev,
                clv_if_alive,
            }
        })
        .collect()
}
