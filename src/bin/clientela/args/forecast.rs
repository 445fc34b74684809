//! Flags of `forecast`: the horizon, the grouping, the back-test's origins.

use clap::Args;
use clientela::forecast::ForecastOptions;
use clientela::segment::listing::GroupBy;

/// Options of `forecast`.
#[derive(Args, Debug)]
pub struct ForecastArgs {
    /// Months to forecast (1 to 60); the weekly forecast covers the same span in weeks.
    #[arg(long, default_value_t = 6)]
    pub horizon_months: u32,
    /// Forecast each group of a segmentation grouping too: segment (RFM), cluster, stage, band, class.
    #[arg(long)]
    pub by: Option<GroupBy>,
    /// Rolling origins of the back-test (1 to 60).
    #[arg(long, default_value_t = 12)]
    pub backtest_origins: usize,
}

impl ForecastArgs {
    /// The core's options.
    pub fn options(&self, as_of: Option<String>) -> ForecastOptions {
        ForecastOptions { as_of, horizon_months: self.horizon_months, by: self.by, backtest_origins: self.backtest_origins }
    }
}
