//! The holdout check: does the model fitted on the calibration period predict the purchases that followed?
//!
//! Two views, both from Fader, Hardie & Lee (2005, figures 3 and 4):
//! - **tracking**: per period (one time unit) from the first purchase to the holdout end, the repeat
//!   purchases of the calibration customers against the model's `Σ_i E[X(s − f_i)]` (each customer's
//!   unconditional expectation since their own first purchase `f_i`), as counts per period and
//!   cumulatively; the periods after the calibration end are the test;
//! - **by calibration frequency**: customers grouped by `x` (0, 1, …, 6, 7+), mean holdout purchases
//!   against the mean conditional expectation `E[Y(t) | x, t_x, T]` with `t` the holdout length.

use serde::Serialize;

use super::model::{Fitted, ModelFit};
use super::summary::Summary;
use crate::time::day_string;

/// Groups of the frequency comparison: x = 0 … 6 and 7 or more.
pub const FREQUENCY_GROUPS: usize = 8;

/// One period of the tracking chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TrackingPoint {
    /// Period number (0 = the period of the first purchase).
    pub period: usize,
    /// First day of the period.
    pub start: String,
    /// The period is after the calibration end (the test part).
    pub holdout: bool,
    /// Repeat purchases in the period.
    pub actual: u64,
    /// Model prediction for the period.
    pub predicted: f64,
    /// Repeat purchases up to the end of the period.
    pub cumulative_actual: u64,
    /// Prediction up to the end of the period.
    pub cumulative_predicted: f64,
    /// Its 80 % range from the uncertainty of the fitted parameters (`null` without a covariance).
    pub cumulative_predicted_range: Option<[f64; 2]>,
}

/// One row of the frequency comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FrequencyRow {
    /// `0` … `6`, `7+`.
    pub frequency: String,
    /// Customers with that calibration frequency.
    pub customers: u64,
    /// Mean holdout purchases.
    pub actual_mean: f64,
    /// Mean conditional expectation.
    pub predicted_mean: f64,
}

/// The holdout section of the report (of the model used for the values).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Holdout {
    /// First day of the holdout (the calibration end).
    pub start: String,
    /// Last day of the holdout (the day before the holdout end).
    pub end: String,
    /// Length in time units.
    pub length: f64,
    /// Repeat purchases of the calibration customers in the holdout.
    pub actual_total: u64,
    /// Σ of their conditional expectations over the holdout length.
    pub predicted_total: f64,
    /// `predicted_total / actual_total − 1` (`null` when nothing was bought).
    pub relative_error: Option<f64>,
    /// Days per tracking period (one time unit unless the window is long, see [`period_days`]).
    pub tracking_period_days: i64,
    /// The tracking chart, one point per period.
    pub tracking: Vec<TrackingPoint>,
    /// Predicted vs actual by calibration frequency.
    pub by_frequency: Vec<FrequencyRow>,
}

/// Most points of the tracking chart: a longer window gets periods of several time units.
pub const MAX_TRACKING_POINTS: i64 = 400;

/// Days per tracking period: one time unit, or a whole number of units when the window would need more
/// than [`MAX_TRACKING_POINTS`] periods.
pub fn period_days(s: &Summary) -> i64 {
    let unit_days = s.unit.days() as i64;
    let span = (s.holdout_end_day as i64 - s.window_start_day as i64).max(1);
    let units = (span + unit_days - 1) / unit_days;
    unit_days * ((units + MAX_TRACKING_POINTS - 1) / MAX_TRACKING_POINTS).max(1)
}

/// Customers' first days with their counts, in day order.
fn first_days(s: &Summary) -> Vec<(i32, u64)> {
    let mut firsts: Vec<(i32, u64)> = Vec::new();
    let mut days = s.first_day.clone();
    days.sort_unstable();
    for d in days {
        match firsts.last_mut() {
            Some(l) if l.0 == d => l.1 += 1,
            _ => firsts.push((d, 1)),
        }
    }
    firsts
}

/// The model's repeat purchases of the calibration customers up to day `end`: purchases on day d happen
/// during [d, d+1), so the cumulative expectation counts time up to `end`, from each first purchase day.
fn cumulative_expected(m: &Fitted, firsts: &[(i32, u64)], end: i64, unit_days: i64) -> f64 {
    firsts
        .iter()
        .take_while(|f| (f.0 as i64) < end)
        .map(|&(f, n)| n as f64 * m.expected_purchases((end - f as i64) as f64 / unit_days as f64))
        .sum()
}

/// Fills each point's 80 % range of the cumulative prediction from the fit's covariance
/// ([`super::value::range_of`]). Leaves them `None` without a covariance.
pub fn tracking_ranges(fit: &ModelFit, s: &Summary, points: &mut [TrackingPoint]) {
    let unit_days = s.unit.days() as i64;
    let period_days = period_days(s);
    let firsts = first_days(s);
    for (k, p) in points.iter_mut().enumerate() {
        let start = s.window_start_day as i64 + k as i64 * period_days;
        let end = (start + period_days).min(s.holdout_end_day as i64);
        p.cumulative_predicted_range = super::value::range_of(fit, |m| cumulative_expected(m, &firsts, end, unit_days));
    }
}

/// The tracking chart over the whole window (calibration and holdout).
pub fn tracking(m: &Fitted, s: &Summary) -> Vec<TrackingPoint> {
    let unit_days = s.unit.days() as i64;
    let span = s.holdout_end_day as i64 - s.window_start_day as i64;
    if span <= 0 {
        return Vec::new();
    }
    let period_days = period_days(s);
    let periods = ((span + period_days - 1) / period_days) as usize;
    // Customers by first day: the prediction needs E[X] once per (first day, period end).
    let firsts = first_days(s);
    let mut out = Vec::with_capacity(periods);
    let (mut cum_a, mut cum_p) = (0u64, 0.0);
    for k in 0..periods {
        let start = s.window_start_day as i64 + k as i64 * period_days;
        let end = (start + period_days).min(s.holdout_end_day as i64);
        let actual: u64 =
            (start..end).filter_map(|d| s.repeat_by_day.get((d - s.window_start_day as i64) as usize)).map(|&v| v as u64).sum();
        let expected = cumulative_expected(m, &firsts, end, unit_days);
        cum_a += actual;
        let predicted = expected - cum_p;
        cum_p = expected;
        out.push(TrackingPoint {
            period: k,
            start: day_string(start as i32),
            holdout: start >= s.calibration_end_day as i64,
            actual,
            predicted,
            cumulative_actual: cum_a,
            cumulative_predicted: cum_p,
            cumulative_predicted_range: None,
        });
    }
    out
}

/// The holdout section, `None` when there is no holdout period. `predicted[i]` is customer i's conditional
/// expectation over the holdout length.
pub fn holdout(m: &Fitted, s: &Summary, predicted: &[f64]) -> Option<Holdout> {
    if s.holdout_end_day <= s.calibration_end_day {
        return None;
    }
    let length = (s.holdout_end_day - s.calibration_end_day) as f64 / s.unit.days();
    let actual_total: u64 = s.holdout_purchases.iter().map(|&v| v as u64).sum();
    let predicted_total: f64 = predicted.iter().sum();
    let mut groups = [(0u64, 0u64, 0.0f64); FREQUENCY_GROUPS];
    for ((c, &a), &p) in s.rows.iter().zip(&s.holdout_purchases).zip(predicted) {
        let g = &mut groups[(c.x as usize).min(FREQUENCY_GROUPS - 1)];
        g.0 += 1;
        g.1 += a as u64;
        g.2 += p;
    }
    let by_frequency = groups
        .iter()
        .enumerate()
        .map(|(k, &(n, a, p))| FrequencyRow {
            frequency: if k + 1 == FREQUENCY_GROUPS { format!("{k}+") } else { k.to_string() },
            customers: n,
            actual_mean: if n > 0 { a as f64 / n as f64 } else { 0.0 },
            predicted_mean: if n > 0 { p / n as f64 } else { 0.0 },
        })
        .collect();
    Some(Holdout {
        start: day_string(s.calibration_end_day),
        end: day_string(s.holdout_end_day - 1),
        length,
        actual_total,
        predicted_total,
        relative_error: (actual_total > 0).then(|| predicted_total / actual_total as f64 - 1.0),
        tracking_period_days: period_days(s),
        tracking: tracking(m, s),
        by_frequency,
    })
}
