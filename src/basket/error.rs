//! Why basket mining cannot run or had to stop. Each message says what to change.

use crate::error::{BadParameter, ErrorCode};

/// A mining run that cannot start (a parameter out of range, nothing to mine) or that hit its budget.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BasketError {
    /// A parameter is out of its range (the option, the value, the range).
    #[error(transparent)]
    BadParameter(#[from] BadParameter),
    /// The frequent itemsets would exceed the itemset budget.
    #[error(
        "too many frequent itemsets: more than {limit} at a minimum support of {min_count} baskets ({min_support:.4} of {baskets}). \
         Raise the minimum support to at least {suggested_count} baskets ({suggested_support:.4}), lower the maximum length, or raise the budget"
    )]
    TooManyItemsets {
        /// The budget (largest number of itemsets kept).
        limit: usize,
        /// The minimum support count used.
        min_count: u32,
        /// The same as a fraction of the baskets.
        min_support: f64,
        /// Baskets mined.
        baskets: usize,
        /// A support count at which the itemsets fit in the budget.
        suggested_count: u32,
        /// The same as a fraction.
        suggested_support: f64,
    },
    /// An item named in a filter is not in any basket.
    #[error("{name}: no basket has the item {item:?} (items are matched by their {key} exactly)")]
    UnknownItem {
        /// The option (`include`, `exclude`, `targets`).
        name: &'static str,
        /// The item as given.
        item: String,
        /// `code` or `name`.
        key: &'static str,
    },
    /// A segmentation label was asked for but the segmentation has no such grouping.
    #[error("no segment {by} {value:?}: {message}")]
    NoSegment {
        /// The grouping (`segment`, `cluster`, …).
        by: String,
        /// The value asked for.
        value: String,
        /// What is available.
        message: String,
    },
}

impl ErrorCode for BasketError {
    fn code(&self) -> &'static str {
        match self {
            BasketError::BadParameter(_) => "bad_parameter",
            BasketError::TooManyItemsets { .. } => "too_many_itemsets",
            BasketError::UnknownItem { .. } => "unknown_item",
            BasketError::NoSegment { .. } => "no_segment",
        }
    }
    fn parameter(&self) -> Option<&BadParameter> {
        match self {
            BasketError::BadParameter(p) => Some(p),
            _ => None,
        }
    }
}
