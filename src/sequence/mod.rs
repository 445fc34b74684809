//! Sequences: what customers buy over time.
//!
//! Two analyses over each customer's dated baskets ([`events`]):
//! 1. [`timed`]: timed rules "bought A, then B within N days" — among customers who bought A and were
//!    observed N days afterwards, the share who bought B in that window, the median lag, the base rate
//!    of B and the lift; buyers of A observed for less than N days are excluded and counted. With a
//!    target item this is the "what comes next after A" table.
//! 2. [`prefixspan`]: frequent sequential patterns such as `<(a,b),(c)>` with a minimum support over
//!    customers, an optional maximum gap and span in days, a maximum length and a budget.
//!
//! ```
//! use clientela::ingest::{IngestOptions, read_bytes};
//! use clientela::sequence::{SequenceOptions, sequences};
//! let csv = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n\
//!            1,TV,1,2011-01-03,300,c1\n2,SPK,1,2011-01-20,80,c1\n\
//!            3,TV,1,2011-01-04,300,c2\n4,CBL,1,2011-06-30,5,c2\n";
//! let (data, _) = read_bytes(csv.as_bytes(), IngestOptions::default()).unwrap();
//! let opts = SequenceOptions { min_support: 2.0, within_days: 30, min_customers: 1, min_count: 1,
//!                              after: Some("TV".into()), ..Default::default() };
//! let r = sequences(&data, &opts).unwrap();
//! assert_eq!(r.customers, 2);
//! let spk = &r.timed_rules[0];
//! assert_eq!((spk.consequent.as_str(), spk.count, spk.customers_with_antecedent), ("SPK", 1, 2));
//! assert_eq!(spk.share, 0.5);
//! assert_eq!(spk.median_lag_days, Some(17.0));
//! ```

pub mod error;
pub mod events;
pub mod params;
pub mod prefixspan;
pub mod timed;

use serde::Serialize;

pub use error::SequenceError;
pub use events::{Events, SeqDb};
pub use params::{ElementKind, ItemKey, SequenceOptions, TimedSort};

use crate::dataset::Dataset;
use crate::time::day_string;
use prefixspan::{MineParams, mine};
use timed::{TimedParams, timed_rules};

/// One frequent pattern in the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PatternRow {
    /// The elements in order, each a list of item keys.
    pub elements: Vec<Vec<String>>,
    /// Customers whose sequence contains the pattern.
    pub customers: u32,
    /// `customers / all customers`.
    pub support: f64,
}

/// One timed rule in the report (see [`timed`] for the definitions).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TimedRuleRow {
    /// Item A (code or name).
    pub antecedent: String,
    /// Item B.
    pub consequent: String,
    /// A's display name, when items are codes and the file names them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub antecedent_name: Option<String>,
    /// B's display name, likewise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consequent_name: Option<String>,
    /// Buyers of A observed N days after their first purchase of A (the denominator).
    pub customers_with_antecedent: u32,
    /// Buyers of A observed for less than N days after it, excluded.
    pub excluded_short_observation: u32,
    /// Of the observed buyers of A, those who bought B within N days after it (not the same day).
    pub count: u32,
    /// `count / customers_with_antecedent`.
    pub share: f64,
    /// Median days from A to the first B in the window.
    pub median_lag_days: Option<f64>,
    /// Expected share without A: the mean, over the observed buyers of A at their anchor days d, of the share of
    /// customers buying anything on day d who bought B in (d, d + N].
    pub base_rate: f64,
    /// `share / base_rate`; `null` when the base rate is 0.
    pub lift: Option<f64>,
}

/// The target item of "what comes next after A".
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TargetRow {
    /// Item A.
    pub item: String,
    /// Its display name, when items are codes and the file names them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Customers who bought A.
    pub buyers: u32,
    /// Of those, observed N days after their first purchase of A.
    pub observed: u32,
    /// Of those, observed for less than N days (excluded from the shares).
    pub excluded_short_observation: u32,
}

/// How the timed rules were computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TimedSummary {
    /// Window N in days.
    pub within_days: u32,
    /// Last observed day (the day before the as-of date).
    pub observed_until: Option<String>,
    /// Purchase days (customer, day) observed N days afterwards: the population of the base rates.
    pub base_purchase_days: u64,
    /// The target item, when one was given.
    pub after: Option<TargetRow>,
    /// The definitions, for people.
    pub rule: &'static str,
}

/// The sequence report (the page's and the CLI's `--json`). Keys are contracts: add, don't rename.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SequenceReport {
    /// The options that produced the report.
    pub options: SequenceOptions,
    /// Customers with at least one purchase before the as-of date (one sequence each).
    pub customers: u64,
    /// The as-of date used (first day not observed).
    pub as_of: Option<String>,
    /// Elements of all sequences (customer-days or orders).
    pub elements: u64,
    /// Distinct items bought.
    pub items: u64,
    /// Minimum support in customers.
    pub min_support_count: u32,
    /// Number of frequent patterns (0 when mining was skipped).
    pub patterns: u64,
    /// The budget stopped the mining: more frequent patterns exist than `patterns`.
    pub truncated: bool,
    /// Frequent patterns by number of items: `patterns_by_length[k]` has `k + 1` items.
    pub patterns_by_length: Vec<u64>,
    /// The most frequent patterns of at least two elements (an order in time), by support, then more
    /// items first, then item order.
    pub top_patterns: Vec<PatternRow>,
    /// The timed rules, best first by `options.sort`.
    pub timed_rules: Vec<TimedRuleRow>,
    /// Window, populations and definitions of the timed rules.
    pub timed: TimedSummary,
}

const TIMED_RULE: &str = "anchor = the customer's first purchase day of A; observed = the whole window (A day, A day + N] lies before the as-of date (others excluded and counted); count = observed buyers of A who bought B on a later day within N days; share = count / observed buyers of A; median lag = days from A to the first B in the window; base rate = mean over the observed buyers of A of q_B(A day), where q_B(d) = share of the customers with a purchase on day d who bought B in (d, d + N]; lift = share / base rate";

/// Runs both analyses on the table.
pub fn sequences(ds: &Dataset, options: &SequenceOptions) -> Result<SequenceReport, SequenceError> {
    options.validate()?;
    let ev = events::events(ds, options.as_of.as_deref(), options.element, options.item_key)?;
    let target = match &options.after {
        Some(a) => Some(ev.find_item(a).ok_or_else(|| SequenceError::UnknownItem { item: a.clone() })?),
        None => None,
    };
    let db = &ev.db;
    let customers = db.len();
    let min_support_count = options.min_support_count(customers);
    let label = |x: u32| ev.labels.get(x as usize).cloned().unwrap_or_default();
    let name = |x: u32| ev.names.as_ref().and_then(|n| n.get(x as usize)).filter(|n| **n != label(x)).cloned();

    // Patterns: count everything, keep the top K of at least two elements in a bounded buffer.
    let top = options.top as usize;
    let mut best: Vec<(u32, Vec<Vec<u32>>)> = Vec::new();
    let mut by_length: Vec<u64> = Vec::new();
    let rank = |x: &(u32, Vec<Vec<u32>>), y: &(u32, Vec<Vec<u32>>)| {
        let len = |p: &Vec<Vec<u32>>| p.iter().map(Vec::len).sum::<usize>();
        y.0.cmp(&x.0).then(len(&y.1).cmp(&len(&x.1))).then(x.1.cmp(&y.1))
    };
    // Timed rules need an end of observation; a table without dated rows has no customers anyway.
    let end = ev.as_of_day.unwrap_or(i32::MIN);
    let tp = TimedParams {
        within_days: options.within_days,
        min_customers: options.min_customers,
        min_count: options.min_count,
        min_share: options.min_share,
        top,
        sort: options.sort,
        include_repeat: options.include_repeat,
        target,
    };
    // The patterns on this thread, the timed rules beside them where there are threads (natively).
    let mine_patterns = || {
        let mut stats = prefixspan::MineStats { patterns: 0, truncated: false, work: 0 };
        if options.patterns && customers > 0 {
            let p = MineParams {
                min_support: min_support_count,
                max_gap: options.max_gap_days,
                max_span: options.max_span_days,
                max_len: options.max_len.unwrap_or(u32::MAX),
                max_patterns: options.max_patterns,
                max_work: prefixspan::DEFAULT_MAX_WORK,
            };
            // Once `top` patterns are held, one with a smaller support than all of them can never enter.
            let mut floor = 0;
            stats = mine(db, p, |f| {
                let k = f.items.len().saturating_sub(1);
                if by_length.len() <= k {
                    by_length.resize(k + 1, 0);
                }
                by_length[k] += 1;
                if top > 0 && f.support >= floor && f.n_elements() >= 2 {
                    best.push((f.support, f.elements()));
                    if best.len() > top.saturating_mul(2).max(64) {
                        // `rank` is a total order (ties end on the items): the best `top` are one set.
                        best.select_nth_unstable_by(top - 1, rank);
                        best.truncate(top);
                        floor = best.iter().map(|b| b.0).min().unwrap_or(0);
                    }
                }
                true
            });
        }
        stats
    };
    let (stats, t) = crate::parallel::join(mine_patterns, || timed_rules(db, end, &tp));
    best.sort_unstable_by(rank);
    best.truncate(top);
    let top_patterns = best
        .into_iter()
        .map(|(support, elements)| PatternRow {
            elements: elements.into_iter().map(|e| e.into_iter().map(label).collect()).collect(),
            customers: support,
            support: support as f64 / customers.max(1) as f64,
        })
        .collect();

    let timed_rules = t
        .rules
        .iter()
        .map(|r| TimedRuleRow {
            antecedent: label(r.antecedent),
            consequent: label(r.consequent),
            antecedent_name: name(r.antecedent),
            consequent_name: name(r.consequent),
            customers_with_antecedent: r.customers_with_antecedent,
            excluded_short_observation: r.excluded_short_observation,
            count: r.count,
            share: r.share,
            median_lag_days: (!r.median_lag_days.is_nan()).then_some(r.median_lag_days),
            base_rate: r.base_rate,
            lift: r.lift,
        })
        .collect();
    let after = t.target.map(|s| TargetRow {
        item: label(s.item),
        name: name(s.item),
        buyers: s.buyers,
        observed: s.observed,
        excluded_short_observation: s.excluded_short_observation,
    });
    Ok(SequenceReport {
        options: options.clone(),
        customers: customers as u64,
        as_of: ev.as_of_day.map(day_string),
        elements: db.n_elements() as u64,
        items: ev.labels.len() as u64,
        min_support_count,
        patterns: stats.patterns,
        truncated: stats.truncated,
        patterns_by_length: by_length,
        top_patterns,
        timed_rules,
        timed: TimedSummary {
            within_days: options.within_days,
            observed_until: ev.as_of_day.map(|d| day_string(d.saturating_sub(1))),
            base_purchase_days: t.base_purchase_days,
            after,
            rule: TIMED_RULE,
        },
    })
}

/// One item of [`items`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SequenceItem {
    /// The item's key (code, or name with `item_key = name`).
    pub item: String,
    /// Its name, when it differs from the key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Customers who bought it.
    pub customers: u32,
}

/// The items of the sequence analysis (`item_key`, `element` and `as_of` of the options apply) that some
/// customer bought, most customers first (ties by key, so the list is stable): the page's item picker and
/// pattern labels.
pub fn items(ds: &Dataset, options: &SequenceOptions) -> Result<Vec<SequenceItem>, SequenceError> {
    let ev = events::events(ds, options.as_of.as_deref(), options.element, options.item_key)?;
    let support = ev.db.item_support();
    let mut rows: Vec<SequenceItem> = ev
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| SequenceItem {
            item: l.clone(),
            name: ev.names.as_ref().and_then(|n| n.get(i)).filter(|n| *n != l).cloned(),
            customers: support.get(i).copied().unwrap_or(0),
        })
        .filter(|r| r.customers > 0)
        .collect();
    rows.sort_by(|a, b| b.customers.cmp(&a.customers).then_with(|| a.item.cmp(&b.item)));
    Ok(rows)
}
