//! Why a profile cannot be made. Each message says what is missing and how to fix it; the option names
//! are the core's (`group`, `as_of`, `id_column`), which the command line and the page word their way.

use crate::error::{BadParameter, Error, ErrorCode};
use crate::segment::AnalysisError;

/// A profile that cannot start.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AudienceError {
    /// The customers file has no column recognised as the customer id.
    #[error(
        "no column of the customers file was recognised as the customer id (its columns: {}). \
         Choose the column that holds the customer id",
        columns.join(", ")
    )]
    NoIdColumn {
        /// The file's columns.
        columns: Vec<String>,
    },
    /// The group asked for has no customers to compare with (a cluster when clustering could not run).
    #[error("{what} cannot be profiled: {why}")]
    NoGroup {
        /// The group as given.
        what: String,
        /// Why.
        why: String,
    },
    /// The customers file and the prospects file have no attribute in common.
    #[error(
        "the customers file and the prospects file share no attribute column (customers file: {}; prospects file: {}). \
         Give both files the same column names for the same attributes, such as age, city or channel",
        customers.join(", "),
        prospects.join(", ")
    )]
    NoSharedAttributes {
        /// The customers file's attribute columns.
        customers: Vec<String>,
        /// The prospects file's columns.
        prospects: Vec<String>,
    },
    /// Among the customers with attributes, none (or all) are in the group: nothing to tell apart.
    #[error(
        "{in_group} of the {learning} customers found in the customers file are in the group {group}: a model needs some in it and some not. \
         Check that the customers file's ids are the sales file's customer ids, or choose another group"
    )]
    NoContrast {
        /// The group.
        group: String,
        /// Customers found in the customers file.
        learning: u64,
        /// Of them in the group.
        in_group: u64,
    },
    /// The shared attributes give more one-hot features than the model takes (its Newton system grows
    /// with their square).
    #[error(
        "the {attributes} attributes the two files share give {features} values to weigh, more than {max}. \
         Keep fewer attribute columns in the prospects file (the model uses the columns both files name alike)"
    )]
    TooManyFeatures {
        /// Shared attributes.
        attributes: u64,
        /// Their bins.
        features: u64,
        /// The most taken.
        max: u64,
    },
    /// The segmentation cannot run (no customer column, no dates…).
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    /// An option out of range.
    #[error(transparent)]
    BadParameter(#[from] BadParameter),
}

impl ErrorCode for AudienceError {
    fn code(&self) -> &'static str {
        match self {
            AudienceError::NoIdColumn { .. } => "no_id_column",
            AudienceError::NoGroup { .. } => "no_group",
            AudienceError::NoSharedAttributes { .. } => "no_shared_attributes",
            AudienceError::NoContrast { .. } => "no_contrast",
            AudienceError::TooManyFeatures { .. } => "too_many_features",
            AudienceError::Analysis(e) => e.code(),
            AudienceError::BadParameter(_) => "bad_parameter",
        }
    }
    fn parameter(&self) -> Option<&BadParameter> {
        match self {
            AudienceError::Analysis(e) => e.parameter(),
            AudienceError::BadParameter(p) => Some(p),
            _ => None,
        }
    }
}

impl From<AudienceError> for Error {
    fn from(e: AudienceError) -> Error {
        Error::Refused(Box::new(e.to_json()))
    }
}
