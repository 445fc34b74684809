//! Why a sequence analysis cannot run. Each message says what is wrong and how to fix it.

use crate::error::{BadParameter, ErrorCode};
use crate::segment::AnalysisError;

/// A sequence analysis that cannot start: the table lacks what it needs, a parameter is out of range,
/// or the item asked for is not in the data.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SequenceError {
    /// The table cannot carry customer analyses (no customer column, no dates, undecided dates, a bad
    /// as-of date).
    #[error(transparent)]
    Table(#[from] AnalysisError),
    /// A parameter is out of its range (the option, the value, the range).
    #[error(transparent)]
    BadParameter(#[from] BadParameter),
    /// The target item of the timed rules is not among the purchased items.
    #[error(
        "after = {item:?}: no purchased item has this code or name. \
         Give an item code (or a name with item_key = name) exactly as in the file"
    )]
    UnknownItem {
        /// The item asked for.
        item: String,
    },
}

impl ErrorCode for SequenceError {
    fn code(&self) -> &'static str {
        match self {
            SequenceError::Table(e) => e.code(),
            SequenceError::BadParameter(_) => "bad_parameter",
            SequenceError::UnknownItem { .. } => "unknown_item",
        }
    }
    fn parameter(&self) -> Option<&BadParameter> {
        match self {
            SequenceError::Table(e) => e.parameter(),
            SequenceError::BadParameter(p) => Some(p),
            _ => None,
        }
    }
}
