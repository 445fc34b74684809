//! Why a comparison of periods cannot be made. Each message says what is missing and how to fix it.

use crate::error::{BadParameter, ErrorCode};
use crate::segment::AnalysisError;

/// A comparison that cannot start.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CompareError {
    /// The table cannot carry customer analyses (no customer or date column, undecided dates, a
    /// per-customer summary).
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    /// A parameter is out of its range (`as_of`, `at`).
    #[error(transparent)]
    BadParameter(#[from] BadParameter),
    /// No row is dated before the as-of date.
    #[error(
        "there is no sale dated before the as-of date{}, so there is no period to compare. \
         Choose a later as-of date, or check the date column",
        as_of.as_deref().map(|d| format!(" {d}")).unwrap_or_default()
    )]
    NoDatedRows {
        /// The as-of date, when one was given or found.
        as_of: Option<String>,
    },
    /// The period asked for lies wholly outside the file's dates.
    #[error(
        "{period} is outside the file's dates ({first} to {last}): it holds no day of data. \
         Choose a period between those dates, or leave the period out for the latest complete one"
    )]
    PeriodOutsideData {
        /// The period asked for (`2011-11`, `2011-Q4`, `2011`).
        period: String,
        /// The first day of the file.
        first: String,
        /// The last day observed (the day before the as-of date).
        last: String,
    },
}

impl ErrorCode for CompareError {
    fn code(&self) -> &'static str {
        match self {
            CompareError::Analysis(e) => e.code(),
            CompareError::BadParameter(_) => "bad_parameter",
            CompareError::NoDatedRows { .. } => "no_dated_rows",
            CompareError::PeriodOutsideData { .. } => "period_outside_data",
        }
    }
    fn parameter(&self) -> Option<&BadParameter> {
        match self {
            CompareError::Analysis(e) => e.parameter(),
            CompareError::BadParameter(p) => Some(p),
            _ => None,
        }
    }
}
