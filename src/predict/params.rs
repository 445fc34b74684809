//! Options of the prediction, validated in one place ([`PredictOptions::resolve`]).

use serde::{Deserialize, Serialize};

use crate::error::BadParameter;
use crate::time::parse_day;

/// Default horizon in days.
pub const DEFAULT_HORIZON_DAYS: u32 = 90;
/// Longest horizon (ten years).
pub const MAX_HORIZON_DAYS: u32 = 3650;
/// Default L2 penalty of both models on standardised features (one customer's worth of prior that a
/// coefficient is 0: negligible against thousands of customers, enough to keep a rare attribute finite).
pub const DEFAULT_PENALTY: f64 = 1.0;

/// What "buys next" means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "PredictTarget"))]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// At least one purchase within the horizon.
    #[default]
    NextPurchase,
    /// In the top revenue decile of the customers over the horizon.
    BestCustomer,
}

impl Target {
    /// `next_purchase` or `best_customer`.
    pub fn key(self) -> &'static str {
        match self {
            Target::NextPurchase => "next_purchase",
            Target::BestCustomer => "best_customer",
        }
    }
    /// From `next-purchase` / `next_purchase` / `best-customer` / `best_customer`.
    pub fn from_name(s: &str) -> Option<Target> {
        match s.trim().replace('-', "_").to_ascii_lowercase().as_str() {
            "next_purchase" | "next" => Some(Target::NextPurchase),
            "best_customer" | "best" => Some(Target::BestCustomer),
            _ => None,
        }
    }
}

impl std::str::FromStr for Target {
    type Err = String;
    /// [`Target::from_name`], with an error that lists the accepted names.
    fn from_str(s: &str) -> Result<Target, String> {
        Target::from_name(s).ok_or_else(|| "expected next-purchase or best-customer".into())
    }
}

/// Options (all optional from the page; `{}` means the defaults).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct PredictOptions {
    /// As-of date `YYYY-MM-DD`: only purchases before it are used (default: the day after the last date).
    pub as_of: Option<String>,
    /// Horizon in days (default 90).
    pub horizon_days: Option<u32>,
    /// What to predict (default: a next purchase).
    pub target: Option<Target>,
    /// L2 penalty (default [`DEFAULT_PENALTY`]).
    pub penalty: Option<f64>,
    /// Run the back-test and its baselines (default true). Without it the report has no check on past
    /// data (warning `no_backtest`, reason `not_asked`), and the analysis is the final model's training
    /// and the scores only: the same scores, sooner.
    pub backtest: Option<bool>,
}

/// Options with the defaults filled in and checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Resolved {
    /// As-of day (exclusive: purchases before it), `None`: the day after the last date.
    pub as_of: Option<i32>,
    /// Horizon in days.
    pub horizon_days: u32,
    /// Target.
    pub target: Target,
    /// L2 penalty.
    pub penalty: f64,
    /// Whether to run the back-test.
    pub backtest: bool,
}

impl PredictOptions {
    /// The defaults written out (the horizon and the target), for a form that shows them: the page's
    /// Predict view starts from these ([`crate::defaults`]).
    pub fn written_out() -> PredictOptions {
        PredictOptions { horizon_days: Some(DEFAULT_HORIZON_DAYS), target: Some(Target::default()), ..Default::default() }
    }

    /// Fills in the defaults and checks every range.
    pub fn resolve(&self) -> Result<Resolved, BadParameter> {
        let horizon_days = self.horizon_days.unwrap_or(DEFAULT_HORIZON_DAYS);
        if !(1..=MAX_HORIZON_DAYS).contains(&horizon_days) {
            return Err(BadParameter::new("horizon_days", horizon_days, "expected a whole number of days from 1 to 3650, e.g. 90"));
        }
        let penalty = self.penalty.unwrap_or(DEFAULT_PENALTY);
        if !(0.0..=1.0e6).contains(&penalty) {
            return Err(BadParameter::new("penalty", penalty, "expected a non-negative penalty, e.g. 1"));
        }
        let as_of = self.as_of.as_deref().map(parse_day).transpose()?;
        Ok(Resolved { as_of, horizon_days, target: self.target.unwrap_or_default(), penalty, backtest: self.backtest.unwrap_or(true) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The options the page starts from resolve as `{}` does: the page shows the defaults, not its own.
    #[test]
    fn written_out_defaults_resolve_as_none_given() {
        let page = PredictOptions::written_out();
        assert!(page.horizon_days.is_some() && page.target.is_some());
        assert_eq!(page.resolve(), PredictOptions::default().resolve());
    }
}
