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
