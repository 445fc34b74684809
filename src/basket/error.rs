//! Why basket mining cannot run or had to stop. Each message says what to change.

use crate::error::{BadParameter, ErrorCode, ErrorJson};

/// A mining run that cannot start (a parameter out of range, nothing to mine) or that hit its budget.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BasketError {
    /// A parameter is out of its range (the option, the value, the range).
    #[error(transparent)]
    BadParameter(#[from] BadParameter),
    /// The frequent itemsets would exceed the budget: their number, the bytes they take, or the working
    /// memory of the search (each checked before it grows). `advice` says what would fit, from counting
    /// runs under the same budget.
    #[error(
        "too many frequent itemsets: more than fit in the budget ({limit} itemsets, {limit_mb} MB) at a minimum support of \
         {min_count} baskets ({min_support:.4} of {baskets}). {advice}"
    )]
    TooManyItemsets {
        /// The budget (largest number of itemsets kept).
        limit: usize,
        /// The memory budget in MB (itemsets kept, and the search's working memory, each).
        limit_mb: usize,
        /// The minimum support count used.
        min_count: u32,
        /// The same as a fraction of the baskets.
        min_support: f64,
        /// Baskets mined.
        baskets: usize,
        /// A support count at which the itemsets fit in the budget (none when no support up to every
        /// basket makes them fit: a single wide basket).
        suggested_count: Option<u32>,
        /// The same as a fraction.
        suggested_support: Option<f64>,
        /// A largest itemset length (at least 2) at which they fit at the support given.
        suggested_max_len: Option<usize>,
        /// Items in the widest basket.
        widest: usize,
        /// What to change, in a sentence (from the suggestions).
        advice: String,
    },
    /// The table is a per-customer summary: there are no baskets in it.
    #[error(
        "baskets need the line items (one row per product line of an order), and this file is a per-customer summary. \
         Read the line items for baskets"
    )]
    NeedsLineItems,
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
    /// An itemset file (itemsets mined elsewhere) cannot be read or used with these options.
    #[error(transparent)]
    ItemsetFile(super::itemset_file::ItemsetFileError),
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
            BasketError::NeedsLineItems => "needs_line_items",
            BasketError::ItemsetFile(e) => e.code(),
        }
    }
    fn parameter(&self) -> Option<&BadParameter> {
        match self {
            BasketError::BadParameter(p) => Some(p),
            _ => None,
        }
    }
    /// A refused run names the option to change and a value that fits (`min_support`, else `max_len`),
    /// so that the page words it without reading the English.
    fn to_json(&self) -> ErrorJson {
        let base = ErrorJson::new(self.code(), self.to_string());
        match self {
            BasketError::BadParameter(p) => {
                ErrorJson { option: Some(p.option), value: Some(p.value.clone()), hint: Some(p.expected.clone()), ..base }
            }
            BasketError::TooManyItemsets { suggested_support: Some(s), .. } => {
                ErrorJson { option: Some("min_support"), value: Some(format!("{s:.4}")), ..base }
            }
            BasketError::TooManyItemsets { suggested_max_len: Some(l), .. } => {
                ErrorJson { option: Some("max_len"), value: Some(l.to_string()), ..base }
            }
            BasketError::TooManyItemsets { widest, .. } => ErrorJson { option: Some("baskets"), value: Some(widest.to_string()), ..base },
            BasketError::ItemsetFile(e) => ErrorJson { line: e.line(), ..base },
            _ => base,
        }
    }
}
