//! Flags of `compare`: the length of the periods and which one.

use clap::Args;
use clientela::compare::{CompareOptions, PeriodKind};

/// Options of `compare`.
#[derive(Args, Debug)]
pub struct CompareArgs {
    /// The length of the periods compared: month, quarter or year.
    #[arg(long, default_value = "month")]
    pub period: PeriodKind,
    /// The period to look at: YYYY-MM (month), YYYY-Qn (quarter), YYYY (year), or a date YYYY-MM-DD inside
    /// it (default: the latest complete period before the as-of date).
    #[arg(long, visible_alias = "period-start")]
    pub at: Option<String>,
}

impl CompareArgs {
    /// The core's options.
    pub fn options(&self, as_of: Option<String>) -> CompareOptions {
        CompareOptions { as_of, period: self.period, at: self.at.clone() }
    }
}
