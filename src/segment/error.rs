//! Why an analysis cannot run on a table. Each message says what is missing and how to fix it.

use super::kmeans::KMeansError;
use crate::error::{BadParameter, ErrorCode};

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
    /// The table is a per-customer summary and the analysis needs the line items.
    #[error(
        "{analysis} needs the line items (one row per product line of an order), and this file is a per-customer \
         summary. Read the line items for it"
    )]
    NeedsLineItems {
        /// What needs them, in words.
        analysis: &'static str,
    },
    /// A value of a per-customer summary does not read.
    #[error(
        "the per-customer summary's {column} of customer {customer:?} is {value:?}, {expected}. Make the summary again with the query Clientela writes"
    )]
    BadSummary {
        /// The customer id.
        customer: String,
        /// The column.
        column: &'static str,
        /// The value found.
        value: String,
        /// What was expected.
        expected: &'static str,
    },
    /// A parameter is out of its range (the option, the value, the range).
    #[error(transparent)]
    BadParameter(#[from] BadParameter),
    /// The clustering cannot run with its parameters.
    #[error(transparent)]
    KMeans(#[from] KMeansError),
}

impl ErrorCode for AnalysisError {
    fn code(&self) -> &'static str {
        match self {
            AnalysisError::NoCustomerColumn => "no_customer_column",
            AnalysisError::NoCustomers => "no_customers",
            AnalysisError::NoDates => "no_dates",
            AnalysisError::DatesUndecided => "dates_undecided",
            AnalysisError::NeedsLineItems { .. } => "needs_line_items",
            AnalysisError::BadSummary { .. } => "bad_summary",
            AnalysisError::BadParameter(_) => "bad_parameter",
            AnalysisError::KMeans(e) => e.code(),
        }
    }
    fn parameter(&self) -> Option<&BadParameter> {
        match self {
            AnalysisError::BadParameter(p) => Some(p),
            AnalysisError::KMeans(e) => e.parameter(),
            _ => None,
        }
    }
}
