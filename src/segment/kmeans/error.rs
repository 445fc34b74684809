//! Why k-means cannot run. Each message says what would work.

use serde::Serialize;

use crate::error::{BadParameter, ErrorCode};

/// Why k-means cannot run. Each message says what would work.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum KMeansError {
    /// k is 0.
    #[error("the number of clusters cannot be 0: choose k of at least 1 (2 to 10 is usual)")]
    ZeroClusters,
    /// The matrix has no columns, or its length is not a multiple of the columns.
    #[error("the matrix of {len} values cannot have {dims} columns: give at least one feature and whole rows")]
    BadShape {
        /// Values given.
        len: usize,
        /// Columns claimed.
        dims: usize,
    },
    /// Fewer points than clusters.
    #[error("{k} clusters need at least {k} customers, and there are {n}: choose k ≤ {n}")]
    TooFewPoints {
        /// Points.
        n: usize,
        /// Clusters asked for.
        k: usize,
    },
    /// Fewer distinct points than clusters (e.g. every customer has the same values).
    #[error("{k} clusters need {k} different customers, and there are only {distinct} distinct rows: choose k ≤ {distinct}")]
    TooFewDistinct {
        /// Distinct rows.
        distinct: usize,
        /// Clusters asked for.
        k: usize,
    },
    /// A value is NaN or infinite (use [`prepare`], which imputes them).
    #[error("row {row}, column {column} is not a finite number: impute or drop it first (prepare does)")]
    NotFinite {
        /// Row (0-based).
        row: usize,
        /// Column (0-based).
        column: usize,
    },
    /// A parameter is out of range (the option, the value, the range).
    #[error(transparent)]
    BadParameter(#[from] BadParameter),
}

impl ErrorCode for KMeansError {
    fn code(&self) -> &'static str {
        match self {
            KMeansError::ZeroClusters => "zero_clusters",
            KMeansError::BadShape { .. } => "bad_shape",
            KMeansError::TooFewPoints { .. } => "too_few_points",
            KMeansError::TooFewDistinct { .. } => "too_few_distinct",
            KMeansError::NotFinite { .. } => "not_finite",
            KMeansError::BadParameter(_) => "bad_parameter",
        }
    }
    fn parameter(&self) -> Option<&BadParameter> {
        match self {
            KMeansError::BadParameter(p) => Some(p),
            _ => None,
        }
    }
}
