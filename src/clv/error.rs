//! Why a lifetime-value analysis cannot run or cannot be trusted. Each message says what went wrong and
//! what to try.

use crate::error::{BadParameter, ErrorCode};
use crate::segment::AnalysisError;

/// A lifetime-value analysis that cannot give an answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ClvError {
    /// The table cannot carry customer analyses (no customer or date column, undecided dates) or an
    /// option is out of range.
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    /// Too few customers bought before the calibration end to fit a model.
    #[error(
        "only {customers} customers bought up to the calibration end {calibration_end}; the purchase model needs at \
         least {needed}. Choose a later calibration end"
    )]
    TooFewCustomers {
        /// Customers in the calibration period.
        customers: usize,
        /// Customers needed.
        needed: usize,
        /// The calibration end date.
        calibration_end: String,
    },
    /// Nobody bought twice in the calibration period: repeat behaviour cannot be estimated.
    #[error(
        "no customer bought on two different days up to the calibration end, so repeat buying cannot be estimated. \
         Choose a later calibration end or use a file with a longer history"
    )]
    NoRepeatBuyers,
    /// The spend model has too few repeat buyers with a positive spend.
    #[error(
        "the spend model needs at least {needed} repeat buyers with a positive average spend; there are {customers}. \
         Choose a later calibration end"
    )]
    TooFewRepeatBuyers {
        /// Repeat buyers with a positive spend.
        customers: usize,
        /// Needed.
        needed: usize,
    },
    /// The likelihood could not be maximised from any start.
    #[error("the {model} model could not be fitted: {message}")]
    NotConverged {
        /// `BG/NBD` or `Gamma-Gamma`.
        model: &'static str,
        /// What happened and what to try.
        message: String,
    },
}

impl ErrorCode for ClvError {
    fn code(&self) -> &'static str {
        match self {
            ClvError::Analysis(e) => e.code(),
            ClvError::TooFewCustomers { .. } => "too_few_customers",
            ClvError::NoRepeatBuyers => "no_repeat_buyers",
            ClvError::TooFewRepeatBuyers { .. } => "too_few_repeat_buyers",
            ClvError::NotConverged { .. } => "not_converged",
        }
    }
    fn parameter(&self) -> Option<&BadParameter> {
        match self {
            ClvError::Analysis(e) => e.parameter(),
            _ => None,
        }
    }
}
