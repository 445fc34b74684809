//! The options of the sequence analysis, as the page and the command line give them, and their
//! validation in one place.

use crate::error::BadParameter;
use serde::{Deserialize, Serialize};

use super::error::SequenceError;

/// What one element of a customer's sequence is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ElementKind {
    /// The set of items a customer bought on one calendar day (default).
    #[default]
    Day,
    /// The set of items of one order; two orders of the same day are two elements, in time order (then
    /// order id). Lines without an order id form one element per day.
    Order,
}

impl std::str::FromStr for ElementKind {
    type Err = String;
    /// `day` or `order`.
    fn from_str(s: &str) -> Result<ElementKind, String> {
        match s {
            "day" => Ok(ElementKind::Day),
            "order" => Ok(ElementKind::Order),
            _ => Err("expected day or order".into()),
        }
    }
}

/// Which column names the items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "SequenceItemKey"))]
#[serde(rename_all = "snake_case")]
pub enum ItemKey {
    /// The item code (default; the name when the file has no code).
    #[default]
    Code,
    /// The item name (codes that share a name become one item; codes without a name keep their code).
    Name,
}

impl std::str::FromStr for ItemKey {
    type Err = String;
    /// `code` or `name`.
    fn from_str(s: &str) -> Result<ItemKey, String> {
        match s {
            "code" => Ok(ItemKey::Code),
            "name" => Ok(ItemKey::Name),
            _ => Err("expected code or name".into()),
        }
    }
}

/// How the timed rules are ranked (descending; ties by the other two measures, then by item order).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TimedSort {
    /// Lift over the base rate (default); rules with a base rate of 0 (lift unknown) come last.
    #[default]
    Lift,
    /// Share of the antecedent's customers who bought the consequent in time.
    Share,
    /// Number of those customers.
    Count,
}

impl std::str::FromStr for TimedSort {
    type Err = String;
    /// `lift`, `share` or `count`.
    fn from_str(s: &str) -> Result<TimedSort, String> {
        match s {
            "lift" => Ok(TimedSort::Lift),
            "share" => Ok(TimedSort::Share),
            "count" => Ok(TimedSort::Count),
            _ => Err("expected lift, share or count".into()),
        }
    }
}

/// The smallest support of a pattern the page's Sequences view starts from: 2 % of the customers (the
/// command line's default is 1 %). Pattern mining is the costly part; with [`PAGE_MAX_LEN`] it keeps
/// Online Retail (4,338 customers) at about a second in the page, and the budget bounds anything else.
pub const PAGE_MIN_SUPPORT: f64 = 0.02;
/// The largest pattern the page's Sequences view starts from: three items (the command line: no limit).
pub const PAGE_MAX_LEN: u32 = 3;

/// Options of [`super::sequences`] (all optional; `{}` from the page means the defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct SequenceOptions {
    /// As-of date `YYYY-MM-DD` (default: the day after the last date in the file). Lines dated on or
    /// after it are left out; the day before it is the last observed day.
    pub as_of: Option<String>,
    /// What an element of a sequence is: `day` (default) or `order`.
    pub element: ElementKind,
    /// Items by `code` (default) or `name`.
    pub item_key: ItemKey,
    /// Mine the frequent sequential patterns (default true; the "what comes next" table alone can skip it).
    pub patterns: bool,
    /// Minimum support of a pattern: a fraction of the customers in (0, 1] (count = ceil(fraction ×
    /// customers)), or a whole number of customers above 1. Default 0.01.
    pub min_support: f64,
    /// Largest gap in days between consecutive elements of a pattern's occurrence (default: none).
    pub max_gap_days: Option<u32>,
    /// Largest span in days from the first to the last element of an occurrence (default: none).
    pub max_span_days: Option<u32>,
    /// Largest number of items in a pattern (default: no limit; the budget still applies).
    pub max_len: Option<u32>,
    /// Budget: mining stops after this many patterns and the report says it was truncated (default
    /// 1,000,000).
    pub max_patterns: u64,
    /// Rows kept in `top_patterns` and `timed_rules` (default 20).
    pub top: u32,
    /// Window N of the timed rules "bought A, then B within N days" (default 90; at least 1).
    pub within_days: u32,
    /// Target item A ("what comes next after A"); default: all items.
    pub after: Option<String>,
    /// Smallest number of customers who bought A and were observed N days after it (default 10).
    pub min_customers: u32,
    /// Smallest number of those customers who bought B in time (default 3).
    pub min_count: u32,
    /// Smallest share of them who bought B in time (default 0).
    pub min_share: f64,
    /// Ranking of the timed rules: `lift` (default), `share` or `count`.
    pub sort: TimedSort,
    /// Keep rules A → A (the same item bought again within N days); default false.
    pub include_repeat: bool,
}

impl Default for SequenceOptions {
    fn default() -> Self {
        SequenceOptions {
            as_of: None,
            element: ElementKind::Day,
            item_key: ItemKey::Code,
            patterns: true,
            min_support: 0.01,
            max_gap_days: None,
            max_span_days: None,
            max_len: None,
            max_patterns: 1_000_000,
            top: 20,
            within_days: 90,
            after: None,
            min_customers: 10,
            min_count: 3,
            min_share: 0.0,
            sort: TimedSort::Lift,
            include_repeat: false,
        }
    }
}

impl SequenceOptions {
    /// The options the page's Sequences view starts from ([`crate::defaults`]): the defaults with
    /// [`PAGE_MIN_SUPPORT`] and [`PAGE_MAX_LEN`].
    pub fn page_preset() -> SequenceOptions {
        SequenceOptions { min_support: PAGE_MIN_SUPPORT, max_len: Some(PAGE_MAX_LEN), ..Default::default() }
    }
}

fn bad(name: &'static str, value: impl ToString, message: &'static str) -> SequenceError {
    SequenceError::BadParameter(BadParameter::new(name, value.to_string(), message))
}

impl SequenceOptions {
    /// Checks every option's range (the as-of date and the target item are checked against the data).
    pub fn validate(&self) -> Result<(), SequenceError> {
        let s = self.min_support;
        if !(s.is_finite() && s > 0.0 && (s <= 1.0 || s.fract() == 0.0) && s <= u32::MAX as f64) {
            return Err(bad(
                "min_support",
                s,
                "expected a fraction of the customers in (0, 1], e.g. 0.01, or a whole number of customers, e.g. 50",
            ));
        }
        if self.within_days == 0 {
            return Err(bad("within_days", 0, "expected a window of at least 1 day"));
        }
        if self.max_len == Some(0) {
            return Err(bad("max_len", 0, "expected at least 1 item per pattern"));
        }
        if self.max_patterns == 0 {
            return Err(bad("max_patterns", 0, "expected a budget of at least 1 pattern"));
        }
        if !(self.min_share.is_finite() && (0.0..=1.0).contains(&self.min_share)) {
            return Err(bad("min_share", self.min_share, "expected a share between 0 and 1"));
        }
        Ok(())
    }

    /// The minimum support as a number of customers out of `customers` (at least 1).
    pub fn min_support_count(&self, customers: usize) -> u32 {
        let s = self.min_support;
        // The 1e-9 keeps a product such as 0.1 × 30 = 3.0000000000000004 at 3, as the fraction means.
        let c = if s <= 1.0 { (s * customers as f64 - 1e-9).ceil() } else { s };
        c.clamp(1.0, u32::MAX as f64) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's preset is the command line's defaults but for the pattern support and length, and it is valid.
    #[test]
    fn page_preset_differs_from_the_defaults_in_support_and_length_only() {
        let page = SequenceOptions::page_preset();
        assert!(page.validate().is_ok());
        let d = SequenceOptions::default();
        assert_ne!((page.min_support, page.max_len), (d.min_support, d.max_len));
        assert_eq!(SequenceOptions { min_support: d.min_support, max_len: d.max_len, ..page }, d);
    }

    /// ceil(fraction × customers), by hand: 1 % of 4,338 = 43.38 → 44; 0.1 × 30 = 3 exactly (not 4);
    /// a whole number above 1 is a count.
    #[test]
    fn min_support_count_by_hand() {
        let o = |s| SequenceOptions { min_support: s, ..Default::default() };
        assert_eq!(o(0.01).min_support_count(4338), 44);
        assert_eq!(o(0.1).min_support_count(30), 3);
        assert_eq!(o(1.0).min_support_count(7), 7);
        assert_eq!(o(50.0).min_support_count(7), 50);
        assert_eq!(o(0.5).min_support_count(0), 1);
        assert!(o(2.5).validate().is_err());
        assert!(o(0.01).validate().is_ok());
    }
}
