//! Revenue ahead: monthly and weekly purchase revenue forecast from the sales, with its season, trend and
//! prediction intervals, overall and per group of customers, checked by a rolling-origin back-test
//! against the seasonal-naive forecast.
//!
//! In phases:
//! 1. [`series`]: revenue per complete calendar month and ISO week (the Overview's monthly revenue, so
//!    the forecast continues the page's monthly chart), the partly observed as-of period set apart;
//! 2. [`ets`]: exponential smoothing with additive errors (level, none/additive/damped trend, additive
//!    season or none), fitted to revenue and, when no period is zero, to its logarithm (multiplicative
//!    season and trend); the one with the smallest AICc is used, intervals from its exact forecast
//!    variance;
//! 3. [`backtest`]: rolling-origin MAPE of the model and of the seasonal-naive forecast;
//! 4. here: the report, with the notices.
//!
//! **Why a model of our own.** The well-kept Rust library for this, augurs (augurs-ets, augurs-mstl
//! 0.10.3), was tried first and does not fit: its ETS has no seasonal members yet (fitting one reaches
//! `unimplemented!`, a panic), its prediction intervals for several members are drawn by simulation from
//! an unseeded thread RNG (not deterministic), and it depends on `getrandom` 0.2 without the feature that
//! builds for wasm32-unknown-unknown, so the crate does not compile for the page. The model here is the
//! same family (Hyndman et al. 2008), in some 250 lines with no dependency.
//!
//! **Honest choices, stated in the report.**
//! - *The as-of period*: when the as-of date falls inside a month (or week), that period is observed only
//!   partly; it is left out of the fit (a notice gives the days observed and the revenue so far) and the
//!   forecast's first period is that whole period. A first period that the file starts inside is left out
//!   likewise.
//! - *Seasons*: with fewer than two full seasons of complete periods (24 months, 104 weeks), no seasonal
//!   member is fitted (notice `forecast_short_history`): the forecast has level and trend only, and does
//!   not pretend to know the season.
//! - *Intervals*: 80 % (`lower`, `upper`) and 95 % (`lower_95`, `upper_95`), central, from the normal
//!   forecast distribution of the fitted model (see [`ets`]), widened by the back-test's
//!   `interval_scale` when the model's errors at past origins were larger than its variance says (see
//!   [`backtest`]).
//! - *No negative revenue*: the point forecast and the bounds are floored at 0 (notice
//!   `forecast_floored_at_zero` when it happens). The floored bounds are the exact quantiles of revenue
//!   that cannot go below zero; the floored point is not that distribution's mean.
//! - *Groups*: each group's revenue is forecast on its own (monthly), with its own model; the group
//!   forecasts are not reconciled with the total, so they need not sum to it (`groups_sum_to_total` is
//!   false, notice `forecast_groups_independent`). Their histories do sum to the total's, less customers
//!   in no group.
//!
//! Notice codes (params): `forecast_partial_period` (series, period, days_observed, days_in_period,
//! observed), `forecast_first_period_partial` (series, period), `forecast_short_history` (series,
//! periods, needed), `forecast_floored_at_zero` (series, group, periods), `forecast_no_seasonal_naive`
//! (series, periods, season), `forecast_no_backtest` (series, periods), `forecast_weekly_too_short`
//! (weeks, needed), `forecast_groups_independent` (groups), `forecast_ungrouped` (customers, by).
//!
//! Cost: one pass over the rows per period length, then per series `O(origins × 6 × evaluations × n)`
//! with `n` the periods; memory `O(periods × groups)`.

pub mod backtest;
pub mod error;
pub mod ets;
pub mod optimize;
pub mod params;
pub mod series;

use serde::Serialize;
use serde_json::json;

pub use backtest::Backtest;
pub use error::ForecastError;
pub use params::ForecastOptions;
pub use series::Period;

use crate::dataset::Dataset;
use crate::notice::Notice;
use crate::segment::listing::{GroupBy, group_of};
use crate::segment::{Profiles, SegmentOptions, Segmentation, profile, segment};
use crate::time::day_string;
use series::{Periods, Series};

/// Level of `lower` and `upper`.
pub const LEVEL: f64 = 0.8;
/// Level of `lower_95` and `upper_95`.
pub const WIDE_LEVEL: f64 = 0.95;
/// Normal quantile of 0.9 (80 % central interval).
const Z80: f64 = 1.281_551_565_544_600_5;
/// Normal quantile of 0.975 (95 % central interval).
const Z95: f64 = 1.959_963_984_540_054;
/// Fewest complete periods any model is fitted to (ANN needs `n > k + 1 = 4`).
pub const MIN_PERIODS: usize = 5;

/// One forecast period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ForecastPoint {
    /// `YYYY-MM` or `YYYY-Www`.
    pub period: String,
    /// Point forecast (at least 0).
    pub value: f64,
    /// Lower bound of the 80 % interval.
    pub lower: f64,
    /// Upper bound of the 80 % interval.
    pub upper: f64,
    /// Lower bound of the 95 % interval.
    pub lower_95: f64,
    /// Upper bound of the 95 % interval.
    pub upper_95: f64,
}

/// One observed period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PeriodValue {
    /// `YYYY-MM` or `YYYY-Www`.
    pub period: String,
    /// Revenue.
    pub value: f64,
}

/// The as-of period, observed only in part.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PartialPeriod {
    /// `YYYY-MM` or `YYYY-Www`.
    pub period: String,
    /// Revenue of the days observed.
    pub observed: f64,
    /// Days observed (before the as-of date).
    pub days_observed: i64,
    /// Days in the period.
    pub days_in_period: i64,
}

/// The model chosen.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "ForecastModelSummary"))]
pub struct ModelSummary {
    /// ETS name: error, trend, season (`ANN`, `AAN`, `AAdN`, `ANA`, `AAA`, `AAdA`).
    pub name: &'static str,
    /// `none`, `additive` or `damped`.
    pub trend: ets::Trend,
    /// A season is modelled.
    pub seasonal: bool,
    /// Fitted to the logarithm of revenue: season, trend and errors in proportion to the level (a
    /// multiplicative model); `value` is then the median forecast and `sigma` is in log units.
    pub log: bool,
    /// Level smoothing.
    pub alpha: f64,
    /// Slope smoothing (`null` without trend).
    pub beta: Option<f64>,
    /// Season smoothing (`null` without season).
    pub gamma: Option<f64>,
    /// Damping (`null` without damping).
    pub phi: Option<f64>,
    /// Standard deviation of the one-step error, in revenue.
    pub sigma: f64,
    /// AICc of the chosen member (likelihood of revenue in its own units, so members fitted to revenue and
    /// to its logarithm compare).
    pub aicc: f64,
    /// Periods fitted.
    pub periods: usize,
}

/// One series' forecast (the total's monthly one is flattened into the report).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SeriesForecast {
    /// `month` or `week`.
    pub period: Period,
    /// Periods per season (12 or 52).
    pub season_length: usize,
    /// The model fitted to the complete periods.
    pub model: ModelSummary,
    /// The complete periods fitted, oldest first.
    pub history: Vec<PeriodValue>,
    /// The as-of period when it has begun (`null` otherwise); it is the forecast's first period.
    pub partial: Option<PartialPeriod>,
    /// The forecast, from the first period not completely observed.
    pub forecast: Vec<ForecastPoint>,
    /// The rolling-origin back-test (`null` when the history is too short for one).
    pub backtest: Option<Backtest>,
}

/// One group's monthly forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct GroupForecast {
    /// The group's name (an RFM segment, a cluster number, a stage key…).
    pub group: String,
    /// Customers in the group.
    pub customers: usize,
    /// The group's revenue over the complete months.
    pub history_revenue: f64,
    /// The forecast.
    #[serde(flatten)]
    pub series: SeriesForecast,
}

/// The forecast report (the page's and the CLI's `--json`). Keys are contracts: add, don't rename.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ForecastReport {
    /// The options that produced the report.
    pub options: ForecastOptions,
    /// The as-of date used.
    pub as_of: String,
    /// First date of the observation window.
    pub window_start: String,
    /// Level of `lower`/`upper` (0.8).
    pub interval_level: f64,
    /// Level of `lower_95`/`upper_95` (0.95).
    pub wide_interval_level: f64,
    /// The total's monthly forecast (`period`, `season_length`, `model`, `history`, `partial`, `forecast`,
    /// `backtest`).
    #[serde(flatten)]
    pub monthly: SeriesForecast,
    /// The total's weekly forecast (`null` with fewer than [`MIN_PERIODS`] complete weeks).
    pub weekly: Option<SeriesForecast>,
    /// The grouping of `groups` (`null`: none asked).
    pub by: Option<GroupBy>,
    /// Each group's monthly forecast, most revenue first (equal revenue by name).
    pub groups: Vec<GroupForecast>,
    /// Whether the groups' forecasts add up to the total's: always false, they are fitted separately.
    pub groups_sum_to_total: bool,
    /// Notes on the choices made (see the module doc for the codes).
    pub notices: Vec<Notice>,
}

/// The forecast; with a grouping, the segmentation is computed here (as of the same date).
pub fn forecast(ds: &Dataset, options: &ForecastOptions) -> Result<ForecastReport, ForecastError> {
    let o = options.resolve()?;
    if o.by.is_some() {
        let s = segment(ds, &SegmentOptions { as_of: options.as_of.clone(), ..SegmentOptions::default() })?;
        forecast_with(ds, options, Some(&s))
    } else {
        forecast_with(ds, options, None)
    }
}

/// The forecast with a segmentation already made (the page keeps one): its profiles and groups are used.
/// The segmentation must be as of the forecast's as-of date.
pub fn forecast_with(ds: &Dataset, options: &ForecastOptions, s: Option<&Segmentation>) -> Result<ForecastReport, ForecastError> {
    let o = options.resolve()?;
    crate::warehouse::customers::needs_line_items(ds, "the revenue forecast")?;
    let owned;
    let p: &Profiles = match s {
        Some(s) => {
            if let (Some(want), Some(have)) = (o.as_of, s.profiles.as_of_day)
                && want != have
            {
                return Err(crate::error::BadParameter::new(
                    "as_of",
                    day_string(want),
                    format!("the segmentation is as of {}: forecast as of the same date", day_string(have)),
                )
                .into());
            }
            &s.profiles
        }
        None => {
            owned = profile::profiles(ds, o.as_of)?;
            &owned
        }
    };
    let (Some(start), Some(as_of)) = (p.window_start_day, p.as_of_day) else {
        return Err(ForecastError::TooShort { months: 0, needed: MIN_PERIODS });
    };
    let mut notices = Vec::new();

    // Groups of the profile rows.
    let (by, group_rows, names) = match (o.by, s) {
        (Some(by), Some(s)) => {
            let mut names: Vec<String> = Vec::new();
            let rows: Vec<Option<usize>> = (0..p.rows.len())
                .map(|r| {
                    let g = group_of(s, by, r)?;
                    Some(names.iter().position(|n| *n == g).unwrap_or_else(|| {
                        names.push(g);
                        names.len() - 1
                    }))
                })
                .collect();
            let ungrouped = rows.iter().filter(|g| g.is_none()).count();
            if ungrouped > 0 {
                notices.push(Notice::new(
                    "forecast_ungrouped",
                    &[("customers", json!(ungrouped)), ("by", json!(by))],
                    format!("{ungrouped} customers are in no group of this grouping: they count in the total only"),
                ));
            }
            (Some(by), rows, names)
        }
        _ => (None, Vec::new(), Vec::new()),
    };

    let months = Periods::of_window(Period::Month, start, as_of);
    let grouping = by.map(|_| (&group_rows[..], names.len()));
    let (total, groups) = series::revenue(ds, p, &months, grouping);
    if months.count < MIN_PERIODS {
        return Err(ForecastError::TooShort { months: months.count, needed: MIN_PERIODS });
    }
    let monthly = forecast_series(&total, &months, o.horizon_months, o.origins, None, &mut notices)?;

    let weeks = Periods::of_window(Period::Week, start, as_of);
    let weekly = if weeks.count < MIN_PERIODS {
        notices.push(Notice::new(
            "forecast_weekly_too_short",
            &[("weeks", json!(weeks.count)), ("needed", json!(MIN_PERIODS))],
            format!("no weekly forecast: {} complete weeks, {MIN_PERIODS} needed", weeks.count),
        ));
        None
    } else {
        let (total_w, _) = series::revenue(ds, p, &weeks, None);
        Some(forecast_series(&total_w, &weeks, o.horizon_weeks, o.origins, None, &mut notices)?)
    };

    let mut group_out = Vec::with_capacity(groups.len());
    let mut members = vec![0usize; names.len()];
    for g in group_rows.iter().flatten() {
        members[*g] += 1;
    }
    for (k, g) in groups.iter().enumerate() {
        let series = forecast_series(g, &months, o.horizon_months, o.origins, Some(&names[k]), &mut notices)?;
        group_out.push(GroupForecast { group: names[k].clone(), customers: members[k], history_revenue: g.complete.iter().sum(), series });
    }
    group_out.sort_by(|a, b| b.history_revenue.total_cmp(&a.history_revenue).then_with(|| a.group.cmp(&b.group)));
    if group_out.len() > 1 {
        notices.push(Notice::new(
            "forecast_groups_independent",
            &[("groups", json!(group_out.len()))],
            format!("each of the {} groups is forecast on its own: the group forecasts need not add up to the total's", group_out.len()),
        ));
    }
    Ok(ForecastReport {
        options: options.clone(),
        as_of: day_string(as_of),
        window_start: day_string(start),
        interval_level: LEVEL,
        wide_interval_level: WIDE_LEVEL,
        monthly,
        weekly,
        by,
        groups: group_out,
        groups_sum_to_total: false,
        notices,
    })
}

/// A series' model, back-test and forecast steps.
#[derive(Debug, Clone, PartialEq)]
pub struct Predicted {
    /// The member chosen and fitted to the whole series.
    pub fit: ets::Fit,
    /// The back-test (`None` when too short for one).
    pub backtest: Option<Backtest>,
    /// The forecast's means and standard deviations in the model's scale (of `ln y` when `fit.log`), the
    /// latter widened by the back-test's `interval_scale`: read them through [`ets::Fit::point`] and
    /// [`ets::Fit::bounds`].
    pub steps: Vec<ets::Step>,
}

/// The forecast of a plain series `y` (complete periods, oldest first) with season `m`: the member chosen
/// by AICc (seasonal ones from two seasons on; on the series or its logarithm), the back-test at `origins` origins, and `horizon` steps
/// whose spread is widened by the back-test's interval scale. `None` with fewer than [`MIN_PERIODS`]
/// values or a non-finite one.
pub fn predict(y: &[f64], m: usize, horizon: usize, origins: usize) -> Option<Predicted> {
    let all = ets::fit_models(y, m, y.len() >= 2 * m, &[]);
    let backtest = backtest::backtest(y, m, horizon, origins, MIN_PERIODS, &all);
    let fit = ets::best(all)?;
    let widen = backtest.as_ref().map_or(1.0, |b| b.interval_scale);
    let steps = fit.forecast(horizon).into_iter().map(|s| ets::Step { mean: s.mean, sd: (s.sd * widen).min(f64::MAX) }).collect();
    Some(Predicted { fit, backtest, steps })
}

/// Fits, forecasts and back-tests one series; notices about it go to `notices` (group-level ones name
/// the group).
fn forecast_series(
    s: &Series,
    w: &Periods,
    horizon: usize,
    origins: usize,
    group: Option<&str>,
    notices: &mut Vec<Notice>,
) -> Result<SeriesForecast, ForecastError> {
    let kind = w.period;
    let name = match kind {
        Period::Month => "month",
        Period::Week => "week",
    };
    if let Some(k) = s.complete.iter().position(|v| !v.is_finite()) {
        return Err(ForecastError::NotFinite { period: w.label(k) });
    }
    let m = kind.season();
    let n = s.complete.len();
    let seasonal = n >= 2 * m;
    let total = group.is_none();
    if total {
        if let Some(p) = w.first_partial {
            notices.push(Notice::new(
                "forecast_first_period_partial",
                &[("series", json!(name)), ("period", json!(kind.label(p)))],
                format!("{}: the file starts after its first day, so it is left out of the fit", kind.label(p)),
            ));
        }
        if !seasonal {
            notices.push(Notice::new(
                "forecast_short_history",
                &[("series", json!(name)), ("periods", json!(n)), ("needed", json!(2 * m))],
                format!(
                    "{n} complete {name}s of history, fewer than two seasons ({}): the season is not modelled, the forecast has level and trend only",
                    2 * m
                ),
            ));
        }
    }
    let Predicted { fit, backtest: bt, steps } =
        predict(&s.complete, m, horizon, origins).ok_or(ForecastError::TooShort { months: n, needed: MIN_PERIODS })?;
    let partial = match (w.last_partial, s.partial) {
        (Some((days, len)), Some(observed)) => {
            let period = w.label(n);
            if total {
                notices.push(Notice::new(
                    "forecast_partial_period",
                    &[
                        ("series", json!(name)),
                        ("period", json!(period)),
                        ("days_observed", json!(days)),
                        ("days_in_period", json!(len)),
                        ("observed", json!(observed)),
                    ],
                    format!(
                        "{period} is observed for {days} of its {len} days (revenue so far {observed:.2}): it is left out of the fit, and its forecast is for the whole {name}"
                    ),
                ));
            }
            Some(PartialPeriod { period, observed, days_observed: days, days_in_period: len })
        }
        _ => None,
    };
    if total {
        match &bt {
            None => notices.push(Notice::new(
                "forecast_no_backtest",
                &[("series", json!(name)), ("periods", json!(n))],
                format!("no back-test: {n} complete {name}s leave no origin with {MIN_PERIODS} {name}s to fit"),
            )),
            Some(b) if b.seasonal_naive_mape.is_none() => notices.push(Notice::new(
                "forecast_no_seasonal_naive",
                &[("series", json!(name)), ("periods", json!(n)), ("season", json!(m))],
                format!("no seasonal-naive comparison: it needs more than a season ({m} {name}s) of history, and there are {n}"),
            )),
            _ => {}
        }
    }
    let mut floored = 0usize;
    let forecast = steps
        .iter()
        .enumerate()
        .map(|(h, step)| {
            let floor = |v: f64| if v.is_nan() { 0.0 } else { v.clamp(0.0, f64::MAX) };
            let value = fit.point(step);
            if value < 0.0 {
                floored += 1;
            }
            let (lower, upper) = fit.bounds(step, Z80);
            let (lower_95, upper_95) = fit.bounds(step, Z95);
            ForecastPoint {
                period: w.label(n + h),
                value: floor(value),
                lower: floor(lower),
                upper: floor(upper),
                lower_95: floor(lower_95),
                upper_95: floor(upper_95),
            }
        })
        .collect();
    if floored > 0 {
        notices.push(Notice::new(
            "forecast_floored_at_zero",
            &[("series", json!(name)), ("group", json!(group)), ("periods", json!(floored))],
            format!("{floored} forecast {name}s fell below zero and are shown as 0 (revenue cannot be negative)"),
        ));
    }
    let model = ModelSummary {
        name: fit.spec.name(),
        trend: fit.spec.trend,
        seasonal: fit.spec.seasonal,
        log: fit.log,
        alpha: fit.alpha,
        beta: (fit.spec.trend != ets::Trend::None).then_some(fit.beta),
        gamma: fit.spec.seasonal.then_some(fit.gamma),
        phi: (fit.spec.trend == ets::Trend::Damped).then_some(fit.phi),
        sigma: fit.sigma,
        aicc: fit.aicc,
        periods: n,
    };
    let history = s.complete.iter().enumerate().map(|(k, &value)| PeriodValue { period: w.label(k), value }).collect();
    Ok(SeriesForecast { period: kind, season_length: m, model, history, partial, forecast, backtest: bt })
}
