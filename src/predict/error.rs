//! Why a prediction cannot run. Each message says what is wrong and what to change; the structured
//! fields let the page and the command line point at the date or the horizon in their own words.

use crate::error::{BadParameter, ErrorCode};
use crate::segment::AnalysisError;

/// A prediction that cannot give an answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PredictError {
    /// The table cannot carry customer analyses (no customer or date column, undecided dates) or an
    /// option is out of range.
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    /// No purchase is dated before the as-of date.
    #[error(
        "no purchase is dated before the as-of date {as_of} (the first purchase is on {first_purchase}), so there is \
         nobody to score. Choose an as-of date after {first_purchase}"
    )]
    AsOfBeforeData {
        /// The as-of date.
        as_of: String,
        /// The first purchase date in the file (`-` when there is none).
        first_purchase: String,
    },
    /// The training window starts before any purchase: no customer is known at its start.
    #[error(
        "a horizon of {horizon_days} days puts the training date at {training_date}, on or before the first purchase \
         ({first_purchase}), so no customer has a history to learn from. Choose a horizon of at most {max_horizon_days} \
         days or a later as-of date"
    )]
    NoTrainingWindow {
        /// The horizon asked for.
        horizon_days: u32,
        /// as-of − horizon.
        training_date: String,
        /// The first purchase date in the file.
        first_purchase: String,
        /// The longest horizon that leaves at least one day of history before the training date.
        max_horizon_days: u32,
    },
    /// Too few customers are known at the training date to fit a model.
    #[error(
        "only {customers} customers bought before the training date {training_date}; the model needs at least \
         {needed}. Choose a shorter horizon or a later as-of date"
    )]
    TooFewCustomers {
        /// Customers with a purchase before the training date.
        customers: usize,
        /// Customers needed.
        needed: usize,
        /// The training date (as-of − horizon).
        training_date: String,
    },
    /// Every training customer has the same label: there is nothing to tell apart.
    #[error(
        "{} of the {customers} customers known at {window_start} {} between {window_start} and {window_end}, so the \
         model has nothing to tell apart. Choose another horizon or as-of date{}",
        if *positives == 0 { "none" } else { "every one" },
        if *target_best { "is in the top revenue decile" } else { "bought" },
        if *positives == 0 { " (a longer horizon gives more buyers)" } else { "" }
    )]
    OneClass {
        /// Customers in the training window.
        customers: usize,
        /// Of them with a positive label (0 or all).
        positives: usize,
        /// First day of the label window.
        window_start: String,
        /// Last day of the label window.
        window_end: String,
        /// Whether the target is the top revenue decile (else a next purchase).
        target_best: bool,
    },
    /// The model could not be fitted.
    #[error("the {model} could not be fitted: {message}. Check the purchase dates and amounts")]
    NotFitted {
        /// Which model.
        model: &'static str,
        /// The solver's message.
        message: String,
    },
}

impl ErrorCode for PredictError {
    fn code(&self) -> &'static str {
        match self {
            PredictError::Analysis(e) => e.code(),
            PredictError::AsOfBeforeData { .. } => "as_of_before_data",
            PredictError::NoTrainingWindow { .. } => "no_training_window",
            PredictError::TooFewCustomers { .. } => "too_few_customers",
            PredictError::OneClass { .. } => "one_class",
            PredictError::NotFitted { .. } => "not_fitted",
        }
    }
    fn parameter(&self) -> Option<&BadParameter> {
        match self {
            PredictError::Analysis(e) => e.parameter(),
            _ => None,
        }
    }
}

impl From<BadParameter> for PredictError {
    fn from(e: BadParameter) -> Self {
        PredictError::Analysis(e.into())
    }
}
