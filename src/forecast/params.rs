//! The forecast's options, validated in one place.

use serde::{Deserialize, Serialize};

use crate::error::BadParameter;
use crate::segment::listing::GroupBy;
use crate::time::parse_day;

/// Longest horizon, in months (five years: beyond that a monthly model of a shop's revenue says little).
pub const MAX_HORIZON_MONTHS: u32 = 60;
/// Most back-test origins.
pub const MAX_ORIGINS: usize = 60;

/// Options of the forecast (all optional; `{}` from the page means the defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct ForecastOptions {
    /// As-of date `YYYY-MM-DD` (default: the day after the last date in the file). Lines dated on or
    /// after it are left out.
    pub as_of: Option<String>,
    /// Months to forecast, 1 to [`MAX_HORIZON_MONTHS`] (default 6). The weekly forecast covers the same
    /// span in weeks (`⌈months × 52 / 12⌉`).
    pub horizon_months: u32,
    /// Forecast each group of this grouping of the segmentation too (RFM `segment`, `cluster`, `rule`,
    /// `stage`, `band`, `class`); `null` or `all`: the total only.
    pub by: Option<GroupBy>,
    /// Rolling origins of the back-test, 1 to [`MAX_ORIGINS`] (default 12).
    pub backtest_origins: usize,
}

impl Default for ForecastOptions {
    fn default() -> Self {
        ForecastOptions { as_of: None, horizon_months: 6, by: None, backtest_origins: 12 }
    }
}

/// The options checked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resolved {
    /// The as-of day, when given.
    pub as_of: Option<i32>,
    /// Months ahead.
    pub horizon_months: usize,
    /// Weeks ahead.
    pub horizon_weeks: usize,
    /// The grouping (never `All`).
    pub by: Option<GroupBy>,
    /// Back-test origins.
    pub origins: usize,
}

impl ForecastOptions {
    /// Checks every option; the error names the option and its range.
    pub fn resolve(&self) -> Result<Resolved, BadParameter> {
        let as_of = self.as_of.as_deref().map(parse_day).transpose()?;
        if !(1..=MAX_HORIZON_MONTHS).contains(&self.horizon_months) {
            return Err(BadParameter::new(
                "horizon_months",
                self.horizon_months,
                format!("expected 1 to {MAX_HORIZON_MONTHS} months ahead, e.g. 6"),
            ));
        }
        if !(1..=MAX_ORIGINS).contains(&self.backtest_origins) {
            return Err(BadParameter::new(
                "backtest_origins",
                self.backtest_origins,
                format!("expected 1 to {MAX_ORIGINS} origins, e.g. 12"),
            ));
        }
        let months = self.horizon_months as usize;
        Ok(Resolved {
            as_of,
            horizon_months: months,
            horizon_weeks: (months * 52).div_ceil(12),
            by: self.by.filter(|&b| b != GroupBy::All),
            origins: self.backtest_origins,
        })
    }
}
