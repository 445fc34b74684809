//! How well the forecast would have done: a rolling-origin back-test (Tashman 2000, "Out-of-sample tests
//! of forecasting accuracy"), of the model and of the seasonal-naive forecast.
//!
//! At each origin `t` (the last `origins` possible ones), the model is chosen and fitted again on the
//! first `t` periods only, exactly as the forecast itself is (for series of up to
//! [`RESELECT_MAX_PERIODS`] periods; a longer one keeps the whole series' member and re-estimates it),
//! and forecasts periods `t … t+H−1` that are in the history (`H` the horizon). The seasonal-naive forecast repeats the last observed season:
//! `ŷ_{t+h} = y_{t+h−m(⌊(h−1)/m⌋+1)}` (Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*,
//! 3rd ed., §5.2), so it needs `t ≥ m`; the naive forecast repeats the last value. Forecasts below zero
//! count as zero, as in the forecast.
//!
//! **Interval scale.** The same back-test measures whether the model's intervals are as wide as its
//! errors: at each origin and step, `z = (y − ŷ) / σ_h` with `σ_h` the fitted model's forecast standard
//! deviation. When the models were right `mean z² ≈ 1`; the fitted model leaves out the uncertainty of its
//! own parameters (short series underestimate α, which makes the variance grow too slowly with `h`) and
//! of the choice of member, so in practice it is larger. The forecast's intervals are widened by
//! `interval_scale = √(mean z²)` when that is above 1 and rests on at least [`MIN_SCALE_POINTS`] points
//! (empirical calibration of prediction intervals, Williams & Goodman 1971, "A simple method for the
//! construction of empirical confidence limits for economic forecasts", JASA 66); never narrowed.
//!
//! MAPE `= mean |y − ŷ| / |y|` over the forecast points whose actual value is not zero (a zero actual
//! has no percentage error; they are counted in `zero_actuals`), as a fraction (0.12 = 12 %). Each
//! method's MAPE is over the same points: the origins where the seasonal-naive forecast exists, or,
//! when it exists at none, all origins (its MAPE is then `null`).

use serde::Serialize;

use super::ets;

/// The back-test's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "ForecastBacktest"))]
pub struct Backtest {
    /// Origins used.
    pub origins: usize,
    /// Steps ahead forecast from each origin (at most).
    pub horizon: usize,
    /// Forecast points with a non-zero actual (the MAPEs' denominator).
    pub points: usize,
    /// Forecast points whose actual value is zero, left out of the MAPEs.
    pub zero_actuals: usize,
    /// MAPE of the model (fraction; `null` without points).
    pub model_mape: Option<f64>,
    /// MAPE of the seasonal-naive forecast (`null` when the history is shorter than a season plus one
    /// period, or without points).
    pub seasonal_naive_mape: Option<f64>,
    /// MAPE of the naive forecast (the last value), for reference.
    pub naive_mape: Option<f64>,
    /// The factor the intervals are widened by (1: as the model says; see the module doc).
    pub interval_scale: f64,
}

/// Longest series whose back-test chooses the member again at every origin (25 years of months, nearly
/// six of ISO weeks); a longer one (a daily series) keeps the member chosen on the whole series and
/// re-estimates its parameters at each origin, which is twelve times less work and looks ahead only in
/// the choice of the member.
pub const RESELECT_MAX_PERIODS: usize = 300;

/// Fewest back-test errors an interval scale is measured on.
pub const MIN_SCALE_POINTS: usize = 10;

/// Seasonal-naive forecasts of steps `1..=h` after `y` with season `m`; `None` when `y` is shorter than `m`.
pub fn seasonal_naive(y: &[f64], m: usize, h: usize) -> Option<Vec<f64>> {
    let t = y.len();
    if m == 0 || t < m {
        return None;
    }
    Some((1..=h).map(|step| y[t + step - 1 - m * ((step - 1) / m + 1)]).collect())
}

/// MAPE of forecasts against actuals (pairs), over non-zero actuals; `(mape, points, zero actuals)`.
pub fn mape(pairs: &[(f64, f64)]) -> (Option<f64>, usize, usize) {
    let (mut sum, mut points, mut zeros) = (0.0, 0usize, 0usize);
    for &(actual, forecast) in pairs {
        if actual == 0.0 {
            zeros += 1;
        } else {
            sum += (actual - forecast).abs() / actual.abs();
            points += 1;
        }
    }
    ((points > 0).then(|| sum / points as f64), points, zeros)
}

/// The rolling-origin back-test of a series `y` with season `m`, `horizon` steps, at most `origins`
/// origins (the latest ones), each leaving at least `min_train` periods to fit. Every member (on the
/// series and on its logarithm, [`ets::fit_models`]) is fitted again at each origin and the best by AICc
/// forecasts; `warm` (the members fitted to the whole series)
/// only starts those searches near their end, which makes a long series' back-test several times faster.
/// Series longer than [`RESELECT_MAX_PERIODS`] keep the best of `warm` and re-estimate it.
/// `None` when no origin is possible.
pub fn backtest(y: &[f64], m: usize, horizon: usize, origins: usize, min_train: usize, warm: &[ets::Fit]) -> Option<Backtest> {
    let n = y.len();
    if horizon == 0 || origins == 0 || n <= min_train {
        return None;
    }
    let all: Vec<usize> = (min_train..n).collect();
    let with_snaive: Vec<usize> = all.iter().copied().filter(|&t| t >= m).collect();
    let chosen = if with_snaive.is_empty() { all } else { with_snaive };
    let chosen = &chosen[chosen.len().saturating_sub(origins)..];
    let (mut model, mut snaive, mut naive) = (Vec::new(), Vec::new(), Vec::new());
    let mut any_snaive = false;
    let (mut z2, mut scaled) = (0.0, 0usize);
    // Beyond RESELECT_MAX_PERIODS the member chosen on the whole series is kept and only re-estimated.
    let fixed = if n > RESELECT_MAX_PERIODS { ets::best(warm.to_vec()) } else { None };
    for &t in chosen {
        let train = &y[..t];
        let steps = horizon.min(n - t);
        let fit = match &fixed {
            Some(like) => ets::refit(train, m, like),
            None => ets::best(ets::fit_models(train, m, train.len() >= 2 * m, warm)),
        };
        let sn = seasonal_naive(train, m, steps);
        any_snaive |= sn.is_some();
        let fc = fit.map(|f| (f.forecast(steps), f));
        for h in 0..steps {
            let actual = y[t + h];
            if let Some((f, fit)) = &fc {
                model.push((actual, fit.point(&f[h]).max(0.0)));
                if let Some(z) = fit.z(&f[h], actual) {
                    z2 += z * z;
                    scaled += 1;
                }
            }
            if let Some(s) = &sn {
                snaive.push((actual, s[h].max(0.0)));
            }
            naive.push((actual, train[t - 1].max(0.0)));
        }
    }
    let (model_mape, points, zero_actuals) = mape(&model);
    Some(Backtest {
        origins: chosen.len(),
        horizon,
        points,
        zero_actuals,
        model_mape,
        seasonal_naive_mape: if any_snaive { mape(&snaive).0 } else { None },
        naive_mape: mape(&naive).0,
        interval_scale: if scaled >= MIN_SCALE_POINTS { (z2 / scaled as f64).sqrt().clamp(1.0, f64::MAX) } else { 1.0 },
    })
}
