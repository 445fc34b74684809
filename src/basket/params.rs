//! The options of a basket mining run, as the page and the command line give them, validated in one place.

use crate::error::BadParameter;
use serde::{Deserialize, Serialize};

use super::error::BasketError;
use super::itemsets::Target;
use super::rules::Metric;
use super::transactions::ItemKey;
use crate::segment::listing::GroupBy;

/// Default budget on the number of frequent itemsets kept (about 40 MB for itemsets of length 4).
pub const DEFAULT_MAX_ITEMSETS: usize = 2_000_000;

/// The minimum confidence the page's Baskets view starts from and resets to: lower than the command
/// line's (and [`RulesOptions::default`]'s) 0.5 on purpose, so that the view's first run, mined before the
/// user has chosen anything, lists the weaker rules too (at 1 % support: a second or two on Online Retail's
/// 20,000 baskets); its form raises the cut. The command line keeps 0.5.
pub const PAGE_MIN_CONFIDENCE: f64 = 0.3;

/// Mine within one group of customers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SegmentChoice {
    /// The grouping of the segmentation (`segment`, `cluster`, `rule`, `stage`, `band`, `class`).
    pub by: GroupBy,
    /// The group (`Champions`, `0`, `lapsing`, …).
    pub value: String,
}

impl std::str::FromStr for SegmentChoice {
    type Err = String;
    /// `GROUPING=VALUE`, e.g. `segment=Champions` or `cluster=2`.
    fn from_str(s: &str) -> Result<SegmentChoice, String> {
        let (by, value) = s.split_once('=').ok_or("expected GROUPING=VALUE, e.g. segment=Champions or cluster=2")?;
        Ok(SegmentChoice { by: by.parse()?, value: value.trim().to_string() })
    }
}

/// Options of [`super::mine`] (all optional; `{}` from the page means the defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct RulesOptions {
    /// Items by `code` (default) or `name`.
    pub item_key: ItemKey,
    /// Minimum support as a fraction of the baskets (default 0.01); the count is ceil(fraction × baskets).
    pub min_support: f64,
    /// Minimum support as a count of baskets; overrides `min_support`.
    pub min_count: Option<u32>,
    /// Largest itemset (none: no limit).
    pub max_len: Option<usize>,
    /// Which itemsets are reported: `all` (default), `closed` or `maximal`. Rules always come from all
    /// frequent itemsets.
    pub itemsets: Target,
    /// Budget: largest number of frequent itemsets (default [`DEFAULT_MAX_ITEMSETS`]); beyond it the run
    /// stops with an error that suggests a support at which it fits.
    pub max_itemsets: usize,
    /// Count itemsets only, no rules.
    pub itemsets_only: bool,
    /// Minimum confidence (default 0.5).
    pub min_confidence: f64,
    /// Minimum lift (default none).
    pub min_lift: Option<f64>,
    /// Largest consequent (default 1: one-item consequents).
    pub max_consequent: usize,
    /// Keep rules mentioning at least one of these items.
    pub include: Vec<String>,
    /// Drop rules mentioning any of these items.
    pub exclude: Vec<String>,
    /// Keep rules whose consequent is made of these items ("what leads to X").
    pub targets: Vec<String>,
    /// Top K rules kept (default 1000).
    pub max_rules: usize,
    /// Metric ranking the top K (default lift).
    pub sort_by: Metric,
    /// Drop redundant rules (a more general rule has at least the same confidence).
    pub prune_redundant: bool,
    /// Mine only the baskets of these customer ids.
    pub customers: Option<Vec<String>>,
    /// Mine only the baskets of one segmentation group (needs a segmentation).
    pub segment: Option<SegmentChoice>,
    /// Compare the lift of the top rules across the groups of this grouping (needs a segmentation).
    pub compare_by: Option<GroupBy>,
    /// Rules compared across groups (the first of `top_rules`; default 20).
    pub compare_rules: usize,
    /// Itemsets and items listed in the report (default 100).
    pub max_listed: usize,
    /// Items listed in the report's `item_frequencies`, when it should differ from `max_listed` (the page
    /// asks for every item, to suggest them in its item fields, without a longer list of itemsets).
    pub max_items: Option<usize>,
}

impl Default for RulesOptions {
    fn default() -> Self {
        RulesOptions {
            item_key: ItemKey::Code,
            min_support: 0.01,
            min_count: None,
            max_len: None,
            itemsets: Target::All,
            max_itemsets: DEFAULT_MAX_ITEMSETS,
            itemsets_only: false,
            min_confidence: 0.5,
            min_lift: None,
            max_consequent: 1,
            include: Vec::new(),
            exclude: Vec::new(),
            targets: Vec::new(),
            max_rules: 1000,
            sort_by: Metric::Lift,
            prune_redundant: false,
            customers: None,
            segment: None,
            compare_by: None,
            compare_rules: 20,
            max_listed: 100,
            max_items: None,
        }
    }
}

impl RulesOptions {
    /// The options the page's Baskets view starts from and resets to ([`crate::defaults`]): the defaults
    /// with [`PAGE_MIN_CONFIDENCE`].
    pub fn page_preset() -> RulesOptions {
        RulesOptions { min_confidence: PAGE_MIN_CONFIDENCE, ..Default::default() }
    }
}

fn bad(name: &'static str, value: impl ToString, message: &'static str) -> BasketError {
    BasketError::BadParameter(BadParameter::new(name, value.to_string(), message))
}

impl RulesOptions {
    /// Checks every range; the message says what would work.
    pub fn validate(&self) -> Result<(), BasketError> {
        if !(self.min_support > 0.0 && self.min_support <= 1.0) {
            return Err(bad("min_support", self.min_support, "expected a fraction of the baskets above 0 and at most 1, e.g. 0.01"));
        }
        if self.min_count == Some(0) {
            return Err(bad("min_count", 0, "expected at least 1 basket"));
        }
        if self.max_len == Some(0) {
            return Err(bad("max_len", 0, "expected at least 1 item"));
        }
        if self.max_itemsets == 0 || self.max_itemsets > 200_000_000 {
            return Err(bad("max_itemsets", self.max_itemsets, "expected between 1 and 200000000"));
        }
        if !(0.0..=1.0).contains(&self.min_confidence) {
            return Err(bad("min_confidence", self.min_confidence, "expected a fraction between 0 and 1, e.g. 0.5"));
        }
        if let Some(l) = self.min_lift
            && !(l.is_finite() && l >= 0.0)
        {
            return Err(bad("min_lift", l, "expected a number of 0 or more, e.g. 1.5"));
        }
        if self.max_consequent == 0 {
            return Err(bad("max_consequent", 0, "expected at least 1 item"));
        }
        if self.max_rules > 1_000_000 {
            return Err(bad("max_rules", self.max_rules, "expected at most 1000000 (the rules are all counted; only the best are listed)"));
        }
        if self.compare_rules > 1000 {
            return Err(bad("compare_rules", self.compare_rules, "expected at most 1000"));
        }
        if self.max_listed > 100_000 {
            return Err(bad("max_listed", self.max_listed, "expected at most 100000"));
        }
        if let Some(n) = self.max_items
            && n > 100_000
        {
            return Err(bad("max_items", n, "expected at most 100000"));
        }
        Ok(())
    }

    /// The minimum support count over `baskets` baskets: `min_count`, or ceil(min_support × baskets),
    /// at least 1.
    pub fn min_count_for(&self, baskets: usize) -> u32 {
        match self.min_count {
            Some(c) => c.max(1),
            None => {
                let c = (self.min_support * baskets as f64 - 1e-9).ceil();
                if c.is_finite() && c >= 1.0 { c.min(u32::MAX as f64) as u32 } else { 1 }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's preset is the command line's defaults but for the minimum confidence, and it is valid.
    #[test]
    fn page_preset_differs_from_the_defaults_in_confidence_only() {
        let page = RulesOptions::page_preset();
        assert!(page.validate().is_ok());
        assert_eq!(page.min_confidence, PAGE_MIN_CONFIDENCE);
        assert_ne!(page.min_confidence, RulesOptions::default().min_confidence);
        assert_eq!(RulesOptions { min_confidence: RulesOptions::default().min_confidence, ..page }, RulesOptions::default());
    }

    #[test]
    fn count_is_the_ceiling_of_the_fraction() {
        let o = RulesOptions { min_support: 0.001, ..Default::default() };
        // 0.001 × 88162 = 88.162 → 89 (retail.dat's basket count); 0.01 × 100 = 1 exactly → 1.
        assert_eq!(o.min_count_for(88_162), 89);
        assert_eq!(RulesOptions { min_support: 0.01, ..Default::default() }.min_count_for(100), 1);
        assert_eq!(RulesOptions { min_support: 0.3, ..Default::default() }.min_count_for(10), 3);
        assert_eq!(o.min_count_for(0), 1);
        assert!(RulesOptions { min_support: 0.0, ..Default::default() }.validate().is_err());
    }
}
