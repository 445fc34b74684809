//! Flags of `predict`: the horizon, the target, the per-customer CSV.

use clap::Args;
use clientela::predict::{PredictOptions, Target};

/// Options of `predict`.
#[derive(Args, Debug)]
pub struct PredictArgs {
    /// Horizon in days: who buys (and how much) within this many days after the as-of date; the model
    /// learns from the same length of window just before it (default 90).
    #[arg(long)]
    pub horizon_days: Option<u32>,
    /// What to predict: next-purchase (at least one purchase within the horizon) or best-customer (in
    /// the top revenue decile of the horizon).
    #[arg(long, default_value = "next-purchase")]
    pub target: Target,
    /// Skip the back-test and its baselines: the same scores, sooner, without a check on past data.
    #[arg(long)]
    pub no_backtest: bool,
    /// Write one row per customer (customer, probability, expected_spend, decile, reasons) to this CSV
    /// file.
    #[arg(long)]
    pub out: Option<String>,
}

impl PredictArgs {
    /// The core's options.
    pub fn options(&self, as_of: Option<String>) -> PredictOptions {
        PredictOptions {
            as_of,
            horizon_days: self.horizon_days,
            target: Some(self.target),
            penalty: None,
            backtest: Some(!self.no_backtest),
        }
    }
}
