//! Why an analysis cannot run on a table. Each message says what is missing and how to fix it.

use crate::error::ErrorJson;

/// An analysis that cannot start: the table lacks what it needs, or a parameter is out of range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AnalysisError {
    /// The table has no customer column.
    #[error(
        "customer analyses need a customer column, and this file has none. \
         Choose the column that holds the customer id"
    )]
    NoCustomerColumn,
    /// The customer column is empty in every row used.
    #[error(
        "customer analyses need customer ids, and the customer column is empty in every row that was used. \
         Choose the column that holds the customer id (an e-mail address or a customer number)"
    )]
    NoCustomers,
    /// The table has no date column.
    #[error(
        "customer analyses need purchase dates, and this file has no date column. \
         Choose the column that holds the date"
    )]
    NoDates,
    /// The file's day/month order has not been chosen yet.
    #[error(
        "the dates cannot be used until the day/month order is chosen (03/04 could be 3 April or March 4). \
         Choose dmy (day first) or mdy (month first)"
    )]
    DatesUndecided,
    /// A parameter is out of its range.
    #[error("{name} = {value}: {message}")]
    BadParameter {
        /// The parameter.
        name: &'static str,
        /// The value given.
        value: String,
        /// What would work.
        message: &'static str,
    },
}

impl AnalysisError {
    /// Stable machine-readable code for the page and for scripts.
    pub fn code(&self) -> &'static str {
        match self {
            AnalysisError::NoCustomerColumn => "no_customer_column",
            AnalysisError::NoCustomers => "no_customers",
            AnalysisError::NoDates => "no_dates",
            AnalysisError::DatesUndecided => "dates_undecided",
            AnalysisError::BadParameter { .. } => "bad_parameter",
        }
    }

    /// `{code, message}` for JSON output.
    pub fn to_json(&self) -> ErrorJson {
        ErrorJson { code: self.code(), message: self.to_string() }
    }
}
