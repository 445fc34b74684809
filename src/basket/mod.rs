//! Market-basket analysis: which items are bought together, and what leads to buying an item.
//!
//! In phases, one file each:
//! 1. [`transactions`]: baskets from the table (orders or rows), items by code or name, purchases only;
//! 2. [`itemsets`]: every frequent itemset, exact, with a budget (closed or maximal on request);
//! 3. [`rules`]: rules with support, confidence, lift, leverage, conviction and count, filters, a top-K
//!    budget, redundancy pruning;
//! 4. [`segments`]: mining within a group of customers, and the lift of the same rules in every group;
//! 5. [`quest`]: a seeded IBM-Quest-style synthetic basket generator for benchmarks.
//!
//! ```
//! use clientela::basket::{RulesOptions, mine};
//! use clientela::ingest::{IngestOptions, read_bytes};
//! let csv = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n\
//!            1,A,1,2011-01-03,5.00,c1\n1,B,1,2011-01-03,3.00,c1\n2,A,1,2011-01-05,5.00,c2\n\
//!            2,B,2,2011-01-05,3.00,c2\n3,A,1,2011-01-06,5.00,\n";
//! let (data, _) = read_bytes(csv.as_bytes(), IngestOptions::default()).unwrap();
//! let r = mine(&data, &RulesOptions { min_support: 0.5, ..Default::default() }, None).unwrap();
//! assert_eq!(r.transactions.baskets, 3);
//! assert_eq!(r.itemsets, 3); // {A}, {B}, {A, B}
//! assert_eq!(r.rules, Some(2)); // A → B (confidence 2/3) and B → A (confidence 1), both of lift 1
//! let b_to_a = r.top_rules.iter().find(|x| x.antecedent == ["B"]).unwrap();
//! assert_eq!((b_to_a.confidence, b_to_a.lift, b_to_a.count), (1.0, 1.0, 2));
//! assert_eq!(b_to_a.conviction, None); // infinite when confidence = 1
//! ```

pub mod error;
pub mod itemset_file;
pub mod itemsets;
pub mod params;
pub mod quest;
pub mod rules;
pub mod segments;
pub mod transactions;

use serde::Serialize;

pub use error::BasketError;
pub use itemset_file::{Header, ItemsetFile, ItemsetFileError, read_itemsets, write_itemsets};
pub use itemsets::{Itemsets, MineParams, Target, frequent_itemsets};
pub use params::{RulesOptions, SegmentChoice};
pub use rules::{Metric, Rule, RuleParams, RuleSet};
pub use transactions::{ItemKey, TransactionReport, Transactions, transactions};

use crate::dataset::Dataset;
use crate::segment::Segmentation;

/// A rule as reported (the `top_rules` entries of the CLI contract).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RuleOut {
    /// Items of the antecedent.
    pub antecedent: Vec<String>,
    /// Items of the consequent.
    pub consequent: Vec<String>,
    /// σ(X ∪ Y) / N.
    pub support: f64,
    /// σ(X ∪ Y) / σ(X).
    pub confidence: f64,
    /// confidence / (σ(Y) / N).
    pub lift: f64,
    /// support − (σ(X)/N)(σ(Y)/N).
    pub leverage: f64,
    /// (1 − σ(Y)/N) / (1 − confidence); `null` when infinite (confidence = 1).
    pub conviction: Option<f64>,
    /// σ(X ∪ Y): baskets with every item of the rule.
    pub count: u32,
}

/// An itemset as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ItemsetOut {
    /// Its items.
    pub items: Vec<String>,
    /// Baskets containing all of them.
    pub count: u32,
    /// `count / baskets`.
    pub support: f64,
}

/// The report of a mining run (the page's and the CLI's `--json`). Keys are contracts: add, don't rename.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RulesReport {
    /// The options that produced the report.
    pub options: RulesOptions,
    /// How the baskets were made.
    pub transactions: TransactionReport,
    /// The minimum support count used: ceil(min_support × baskets), or `min_count`.
    pub min_count: u32,
    /// Frequent itemsets of the kind asked for (`all`, `closed`, `maximal`), of any length (items alone
    /// included).
    pub itemsets: usize,
    /// Every frequent itemset, whatever the kind asked for.
    pub frequent_itemsets: usize,
    /// Itemsets of the kind asked for per length (entry `l` counts itemsets of `l` items).
    pub itemsets_by_length: Vec<usize>,
    /// The most frequent itemsets of two or more items of that kind, by count (at most `max_listed`).
    pub top_itemsets: Vec<ItemsetOut>,
    /// The most frequent items (at most `max_items`, or `max_listed`).
    pub item_frequencies: Vec<ItemsetOut>,
    /// Rules that passed the filters (`null` with `itemsets_only`).
    pub rules: Option<usize>,
    /// Rules dropped as redundant (0 unless pruning).
    pub redundant_rules: usize,
    /// The best `max_rules` rules by `sort_by` (lift by default), best first.
    pub top_rules: Vec<RuleOut>,
    /// True when `rules` is larger than the list: the budget cut it.
    pub truncated: bool,
    /// The group mined, when a segment or customer list was chosen.
    pub segment: Option<String>,
    /// The lift of the top rules in each group of `compare_by`.
    pub comparison: Option<segments::Comparison>,
}

/// Resolves item names to ids; an unknown item is an error that names it.
fn resolve(labels: &[String], names: &[String], option: &'static str, key: ItemKey) -> Result<Vec<u32>, BasketError> {
    names
        .iter()
        .map(|s| {
            labels.iter().position(|l| l == s.trim()).map(|p| p as u32).ok_or_else(|| BasketError::UnknownItem {
                name: option,
                item: s.clone(),
                key: key.key(),
            })
        })
        .collect()
}

/// Baskets, frequent itemsets and rules of a table. `segmentation` is needed only for `segment` and
/// `compare_by`.
pub fn mine(ds: &Dataset, o: &RulesOptions, segmentation: Option<&Segmentation>) -> Result<RulesReport, BasketError> {
    o.validate()?;
    if ds.layout == crate::Layout::Customers {
        return Err(BasketError::NeedsLineItems);
    }
    let (keep, segment) = segments::customer_filter(ds, o, segmentation)?;
    let t = transactions(ds, o.item_key, keep.as_deref());
    let min_count = o.min_count_for(t.len());
    let sets = frequent_itemsets(
        &t.items,
        &t.offsets,
        t.labels.len(),
        MineParams { min_count, max_len: o.max_len.unwrap_or(usize::MAX), max_itemsets: o.max_itemsets },
    )?;
    let (mut report, set) = summarise(&sets, &t.labels, t.report.clone(), o, segment)?;
    let Some(set) = set else { return Ok(report) };
    if let (Some(by), Some(s)) = (o.compare_by, segmentation) {
        let all = if keep.is_some() { transactions(ds, o.item_key, None) } else { t.clone() };
        let compared: Vec<&Rule> = set.top.iter().take(o.compare_rules).collect();
        report.comparison = Some(segments::compare(ds, s, by, &all, &t.labels, &compared));
    } else if o.compare_by.is_some() {
        return Err(BasketError::NoSegment {
            by: "compare_by".into(),
            value: String::new(),
            message: "comparing groups needs a segmentation: segment the customers first".into(),
        });
    }
    Ok(report)
}

/// The report and rules of an itemset file (itemsets mined elsewhere: [`itemset_file`]), with the same
/// semantics as [`mine`] on the baskets they came from. The options' support and length may be the file's
/// or stricter (the itemsets below are dropped); groups of customers need the baskets and are refused.
pub fn rules_from_itemsets(file: &ItemsetFile, o: &RulesOptions) -> Result<RulesReport, BasketError> {
    o.validate()?;
    let needs_baskets = "mining within a group of customers needs the baskets: read the line items";
    if o.segment.is_some() || o.customers.is_some() || o.compare_by.is_some() {
        let option = if o.segment.is_some() {
            "segment"
        } else if o.customers.is_some() {
            "customers"
        } else {
            "compare_by"
        };
        return Err(crate::error::BadParameter::new(option, "set", needs_baskets).into());
    }
    let h = &file.header;
    if o.item_key != h.item_key {
        let why = format!("the itemsets were mined with items by {}: ask for that, or run the job again", h.item_key.key());
        return Err(crate::error::BadParameter::new("item_key", o.item_key.key(), why).into());
    }
    let n = file.sets.baskets;
    let min_count = o.min_count_for(n);
    if (min_count as u64) < h.min_count {
        return Err(ItemsetFileError::SupportBelowFile { asked: min_count, file: h.min_count }.into());
    }
    if let Some(k) = h.max_len
        && o.max_len.is_none_or(|m| m > k)
    {
        let asked = o.max_len.map_or("no limit".to_string(), |m| m.to_string());
        return Err(ItemsetFileError::LongerThanFile { asked, file: k }.into());
    }
    let max_len = o.max_len.unwrap_or(usize::MAX);
    let stricter = min_count > file.sets.min_count || (0..file.sets.len()).any(|k| file.sets.items(k).len() > max_len);
    let filtered;
    let sets = if stricter {
        filtered = file.sets.filtered(min_count, max_len);
        &filtered
    } else {
        &file.sets
    };
    let transactions = h.transactions.clone().unwrap_or(TransactionReport { baskets: n, ..Default::default() });
    Ok(summarise(sets, &file.labels, transactions, o, None)?.0)
}

/// The report's views and rules of frequent itemsets `sets` (item ids index `labels`), whichever miner
/// found them; the rules too when asked for (with the rule set, for a comparison across groups).
fn summarise(
    sets: &Itemsets,
    labels: &[String],
    transactions: TransactionReport,
    o: &RulesOptions,
    segment: Option<String>,
) -> Result<(RulesReport, Option<RuleSet>), BasketError> {
    let chosen = sets.select(o.itemsets);
    let label = |ids: &[u32]| -> Vec<String> { ids.iter().map(|&i| labels.get(i as usize).cloned().unwrap_or_default()).collect() };
    let n = sets.baskets.max(1) as f64;
    let mut by_length = Vec::new();
    let mut listed: Vec<usize> = Vec::new();
    for k in (0..sets.len()).filter(|&k| chosen[k]) {
        let l = sets.items(k).len();
        if by_length.len() <= l {
            by_length.resize(l + 1, 0);
        }
        by_length[l] += 1;
        if l >= 2 {
            listed.push(k);
        }
    }
    let by_count = |a: &usize, b: &usize| sets.count(*b).cmp(&sets.count(*a)).then_with(|| sets.items(*a).cmp(sets.items(*b)));
    let top_k = |v: &mut Vec<usize>| {
        if v.len() > o.max_listed {
            v.select_nth_unstable_by(o.max_listed, by_count);
            v.truncate(o.max_listed);
        }
        v.sort_unstable_by(by_count);
    };
    top_k(&mut listed);
    let out = |k: usize| ItemsetOut { items: label(sets.items(k)), count: sets.count(k), support: sets.count(k) as f64 / n };
    let top_itemsets = listed.iter().map(|&k| out(k)).collect();
    let mut items: Vec<u32> = (0..sets.item_counts.len() as u32).filter(|&i| sets.item_counts[i as usize] > 0).collect();
    items.sort_unstable_by(|a, b| sets.item_counts[*b as usize].cmp(&sets.item_counts[*a as usize]).then(a.cmp(b)));
    items.truncate(o.max_items.unwrap_or(o.max_listed));
    let item_frequencies = items
        .iter()
        .map(|&i| ItemsetOut { items: label(&[i]), count: sets.item_counts[i as usize], support: sets.item_counts[i as usize] as f64 / n })
        .collect();

    let mut report = RulesReport {
        options: o.clone(),
        transactions,
        min_count: sets.min_count,
        itemsets: by_length.iter().sum(),
        frequent_itemsets: sets.len(),
        itemsets_by_length: by_length,
        top_itemsets,
        item_frequencies,
        rules: None,
        redundant_rules: 0,
        top_rules: Vec::new(),
        truncated: false,
        segment,
        comparison: None,
    };
    if o.itemsets_only {
        return Ok((report, None));
    }
    let p = RuleParams {
        min_confidence: o.min_confidence,
        min_lift: o.min_lift.unwrap_or(0.0),
        max_consequent: o.max_consequent,
        include: resolve(labels, &o.include, "include", o.item_key)?,
        exclude: resolve(labels, &o.exclude, "exclude", o.item_key)?,
        targets: resolve(labels, &o.targets, "targets", o.item_key)?,
        max_rules: o.max_rules,
        sort_by: o.sort_by,
        prune_redundant: o.prune_redundant,
    };
    let set = rules::rules(sets, &p);
    report.rules = Some(set.total);
    report.redundant_rules = set.redundant;
    report.truncated = set.total > set.top.len();
    report.top_rules = set
        .top
        .iter()
        .map(|r| RuleOut {
            antecedent: label(&r.antecedent),
            consequent: label(&r.consequent),
            support: r.support,
            confidence: r.confidence,
            lift: r.lift,
            leverage: r.leverage,
            conviction: r.conviction.is_finite().then_some(r.conviction),
            count: r.count,
        })
        .collect();
    Ok((report, Some(set)))
}
