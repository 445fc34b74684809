//! Options of the lifetime-value analysis, validated in one place ([`ClvOptions::resolve`]).

use serde::{Deserialize, Serialize};

use super::model::ModelKind;
use super::summary::TimeUnit;
use crate::error::BadParameter;
use crate::segment::AnalysisError;
use crate::time::parse_day;

/// Default annual discount rate (10 % a year).
pub const DEFAULT_DISCOUNT_RATE: f64 = 0.10;
/// Default share of customers with the highest past value considered "valuable" (top 20 %).
pub const DEFAULT_AT_RISK_VALUE_SHARE: f64 = 0.20;
/// Default P(alive) below which a valuable customer is "probably gone".
pub const DEFAULT_AT_RISK_P_ALIVE: f64 = 0.30;
/// Default margin: the whole spend (the CLV is in revenue, not profit).
pub const DEFAULT_MARGIN: f64 = 1.0;
/// |Pearson correlation| of purchase frequency and mean spend above which the Gamma-Gamma model's
/// independence assumption is questioned (0.3: a "medium" correlation by Cohen's convention; Fader &
/// Hardie report 0.11 on CDNOW and proceed).
pub const CORRELATION_WARNING: f64 = 0.30;

/// The default horizon in `unit`: one year, 52 weeks or 365 days.
pub fn default_horizon(unit: TimeUnit) -> f64 {
    match unit {
        TimeUnit::Day => 365.0,
        TimeUnit::Week => 52.0,
    }
}

/// The default horizon in each time unit ([`default_horizon`]), for a form that switches the unit: the
/// page's Value view puts the other unit's default in place of this one's ([`crate::defaults`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct HorizonDefaults {
    /// In weeks.
    pub week: f64,
    /// In days.
    pub day: f64,
}

impl Default for HorizonDefaults {
    fn default() -> Self {
        HorizonDefaults { week: default_horizon(TimeUnit::Week), day: default_horizon(TimeUnit::Day) }
    }
}

/// Options (all optional from the page; `{}` means the defaults).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct ClvOptions {
    /// Last day of the calibration period `YYYY-MM-DD` (inclusive: purchases on that day and before it
    /// calibrate the models, as lifetimes' `calibration_period_end`). Default: the last date in the file (no
    /// holdout).
    pub calibration_end: Option<String>,
    /// Last day of the holdout period `YYYY-MM-DD` (inclusive). Default: the last date in the file.
    pub holdout_end: Option<String>,
    /// `day` or `week` (default `week`).
    pub time_unit: Option<TimeUnit>,
    /// Horizon of the predictions and of the CLV, in time units (default one year: 52 weeks or 365 days).
    pub horizon: Option<f64>,
    /// Annual discount rate of the CLV (default 0.10).
    pub discount_rate: Option<f64>,
    /// Margin: the share of spend that is profit (default 1, i.e. the CLV is in revenue, not profit).
    pub margin: Option<f64>,
    /// Share of customers with the highest past value that count as valuable (default 0.2).
    pub at_risk_value_share: Option<f64>,
    /// P(alive) below which a valuable customer is listed as probably gone (default 0.3).
    pub at_risk_p_alive: Option<f64>,
    /// List only the best `top` customers by CLV in `customers` (default: all).
    pub top: Option<usize>,
    /// Purchase model for the values: `bgnbd`, `pareto_nbd`, `mbg_nbd` or `auto` (default: chosen on the
    /// holdout when there is one, otherwise by BIC).
    pub model: Option<String>,
}

/// Options with the defaults filled in and checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Resolved {
    /// The day after the calibration end (exclusive; None: the day after the last date).
    pub calibration_end: Option<i32>,
    /// The day after the holdout end (exclusive).
    pub holdout_end: Option<i32>,
    /// Unit.
    pub time_unit: TimeUnit,
    /// Horizon in units.
    pub horizon: f64,
    /// Annual discount rate.
    pub discount_rate: f64,
    /// Margin.
    pub margin: f64,
    /// Valuable share.
    pub at_risk_value_share: f64,
    /// P(alive) threshold.
    pub at_risk_p_alive: f64,
    /// The model asked for (`None`: chosen by the evidence).
    pub model: Option<ModelKind>,
}

fn bad(name: &'static str, v: impl ToString, message: &'static str) -> AnalysisError {
    BadParameter::new(name, v, message).into()
}

fn date(name: &'static str, s: &Option<String>) -> Result<Option<i32>, AnalysisError> {
    s.as_deref().map(|s| parse_day(s).map_err(|e| AnalysisError::from(e.renamed(name)))).transpose()
}

impl ClvOptions {
    /// The defaults written out for a form that shows them (the page's Value view starts from these,
    /// [`crate::defaults`]): the time unit, discount rate, margin, the at-risk thresholds and the model
    /// chosen by the evidence (`auto`). The horizon depends on the unit ([`HorizonDefaults`]); the
    /// calibration end on the file.
    pub fn written_out() -> ClvOptions {
        ClvOptions {
            time_unit: Some(TimeUnit::default()),
            discount_rate: Some(DEFAULT_DISCOUNT_RATE),
            margin: Some(DEFAULT_MARGIN),
            at_risk_value_share: Some(DEFAULT_AT_RISK_VALUE_SHARE),
            at_risk_p_alive: Some(DEFAULT_AT_RISK_P_ALIVE),
            model: Some("auto".into()),
            ..Default::default()
        }
    }

    /// Fills in the defaults and checks every range.
    pub fn resolve(&self) -> Result<Resolved, AnalysisError> {
        let unit = self.time_unit.unwrap_or_default();
        let horizon = self.horizon.unwrap_or_else(|| default_horizon(unit));
        if !(horizon > 0.0 && horizon <= 36_500.0 / unit.days()) {
            return Err(bad("horizon", horizon, "expected a positive number of time units, at most 100 years"));
        }
        let discount_rate = self.discount_rate.unwrap_or(DEFAULT_DISCOUNT_RATE);
        if !(0.0..=10.0).contains(&discount_rate) {
            return Err(bad("discount_rate", discount_rate, "expected an annual rate between 0 and 10 (0.1 = 10 % a year)"));
        }
        let margin = self.margin.unwrap_or(DEFAULT_MARGIN);
        if !(0.0..=1.0e6).contains(&margin) {
            return Err(bad("margin", margin, "expected a non-negative share of spend, e.g. 0.3 for a 30 % margin"));
        }
        let share = self.at_risk_value_share.unwrap_or(DEFAULT_AT_RISK_VALUE_SHARE);
        if !(share > 0.0 && share <= 1.0) {
            return Err(bad("at_risk_value_share", share, "expected a share above 0 and at most 1, e.g. 0.2"));
        }
        let p_alive = self.at_risk_p_alive.unwrap_or(DEFAULT_AT_RISK_P_ALIVE);
        if !(0.0..=1.0).contains(&p_alive) {
            return Err(bad("at_risk_p_alive", p_alive, "expected a probability between 0 and 1, e.g. 0.3"));
        }
        // The options name the last day of each period; inside, the ends are exclusive (the next day).
        let calibration_end = date("calibration_end", &self.calibration_end)?.map(|d| d.saturating_add(1));
        let holdout_end = date("holdout_end", &self.holdout_end)?.map(|d| d.saturating_add(1));
        if let (Some(c), Some(h)) = (calibration_end, holdout_end)
            && h <= c
        {
            return Err(bad("holdout_end", self.holdout_end.clone().unwrap_or_default(), "expected a date after the calibration end"));
        }
        let model = match self.model.as_deref().map(str::trim) {
            None | Some("") | Some("auto") => None,
            Some(m) => Some(ModelKind::from_name(m).ok_or_else(|| bad("model", m, "expected bgnbd, pareto_nbd, mbg_nbd or auto"))?),
        };
        Ok(Resolved {
            model,
            calibration_end,
            holdout_end,
            time_unit: unit,
            horizon,
            discount_rate,
            margin,
            at_risk_value_share: share,
            at_risk_p_alive: p_alive,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The horizons the page is sent are the ones an analysis without a horizon uses, in each unit.
    #[test]
    fn horizon_defaults_are_the_resolved_ones() {
        let h = HorizonDefaults::default();
        for (unit, sent) in [(TimeUnit::Week, h.week), (TimeUnit::Day, h.day)] {
            let r = ClvOptions { time_unit: Some(unit), ..Default::default() }.resolve().unwrap();
            assert_eq!(r.horizon, sent, "{unit:?}");
        }
        assert_eq!(ClvOptions::default().resolve().unwrap().horizon, h.week, "weeks unless told");
    }
}
