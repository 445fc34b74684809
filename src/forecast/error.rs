//! Why a forecast cannot be made. Each message says what is missing and how to fix it.

use crate::error::{BadParameter, ErrorCode};
use crate::segment::AnalysisError;

/// A forecast that cannot start.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ForecastError {
    /// The table cannot carry customer analyses (no customer or date column, undecided dates).
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    /// A parameter is out of its range.
    #[error(transparent)]
    BadParameter(#[from] BadParameter),
    /// Too few complete months before the as-of date to fit any model.
    #[error(
        "a revenue forecast needs at least {needed} complete months of sales before the as-of date, and there {}. \
         Choose a later as-of date, or a file with a longer history",
        if *.months == 1 { "is 1".to_string() } else { format!("are {months}") }
    )]
    TooShort {
        /// Complete months in the window.
        months: usize,
        /// Months needed.
        needed: usize,
    },
    /// A period's revenue does not fit in a floating-point number.
    #[error(
        "the revenue of {period} adds up beyond the largest number that can be held (about 1.8e308): the amounts \
         are not money as read. Check the amount, price and quantity columns"
    )]
    NotFinite {
        /// `YYYY-MM` or `YYYY-Www`.
        period: String,
    },
}

impl ErrorCode for ForecastError {
    fn code(&self) -> &'static str {
        match self {
            ForecastError::Analysis(e) => e.code(),
            ForecastError::BadParameter(_) => "bad_parameter",
            ForecastError::TooShort { .. } => "too_short_history",
            ForecastError::NotFinite { .. } => "revenue_not_finite",
        }
    }
    fn parameter(&self) -> Option<&BadParameter> {
        match self {
            ForecastError::Analysis(e) => e.parameter(),
            ForecastError::BadParameter(p) => Some(p),
            _ => None,
        }
    }
}
