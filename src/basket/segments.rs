//! Phase 4: rules per segment. Mining within a group of customers (a list of customer ids, or a group of
//! the segmentation: RFM segment, cluster, rule label, lifecycle stage, spend band, profitable class), and
//! the comparison of the same rules across every group of a grouping: a rule that lifts 3× among
//! Champions may not lift at all among new customers.

use serde::Serialize;

use super::error::BasketError;
use super::params::RulesOptions;
use super::rules::Rule;
use super::transactions::Transactions;
use crate::dataset::{Dataset, NONE};
use crate::segment::Segmentation;
use crate::segment::listing::{GroupBy, group_of};

/// The customers to keep (indexed by customer id) and a description of the choice, from the options.
pub fn customer_filter(
    ds: &Dataset,
    o: &RulesOptions,
    s: Option<&Segmentation>,
) -> Result<(Option<Vec<bool>>, Option<String>), BasketError> {
    if let Some(list) = &o.customers {
        let mut keep = vec![false; ds.customers.len()];
        let mut found = 0usize;
        for c in list {
            if let Some(id) = ds.customers.find(c.trim()) {
                keep[id as usize] = true;
                found += 1;
            }
        }
        return Ok((Some(keep), Some(format!("{found} of {} listed customers found", list.len()))));
    }
    let Some(choice) = &o.segment else { return Ok((None, None)) };
    let by = by_name(choice.by);
    let s = s.ok_or_else(|| BasketError::NoSegment {
        by: by.into(),
        value: choice.value.clone(),
        message: "mining a segment needs a segmentation: segment the customers first".into(),
    })?;
    let keep = members(ds, s, choice.by, &choice.value);
    if !keep.iter().any(|&k| k) {
        let mut groups = groups_of(s, choice.by);
        groups.truncate(30);
        return Err(BasketError::NoSegment {
            by: by.into(),
            value: choice.value.clone(),
            message: if groups.is_empty() { "this grouping is empty".into() } else { format!("the groups are {}", groups.join(", ")) },
        });
    }
    Ok((Some(keep), Some(format!("{by} {}", choice.value))))
}

fn by_name(by: GroupBy) -> &'static str {
    match by {
        GroupBy::All => "all",
        GroupBy::Segment => "segment",
        GroupBy::Cluster => "cluster",
        GroupBy::Rule => "rule",
        GroupBy::Stage => "stage",
        GroupBy::Band => "band",
        GroupBy::Class => "class",
        GroupBy::SegmentGroup => "segment group",
    }
}

/// Customer-id mask of one group.
fn members(ds: &Dataset, s: &Segmentation, by: GroupBy, value: &str) -> Vec<bool> {
    let mut keep = vec![false; ds.customers.len()];
    for (i, row) in s.profiles.rows.iter().enumerate() {
        if (by == GroupBy::All || group_of(s, by, i).as_deref() == Some(value))
            && let Some(k) = keep.get_mut(row.customer as usize)
        {
            *k = true;
        }
    }
    keep
}

/// The distinct groups of a grouping, sorted.
fn groups_of(s: &Segmentation, by: GroupBy) -> Vec<String> {
    let mut g: Vec<String> = (0..s.profiles.rows.len()).filter_map(|i| group_of(s, by, i)).filter(|g| !g.is_empty()).collect();
    g.sort_unstable();
    g.dedup();
    g
}

/// One group of the comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct GroupColumn {
    /// The group.
    pub group: String,
    /// Its baskets.
    pub baskets: usize,
}

/// One rule across the groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ComparedRule {
    /// Antecedent.
    pub antecedent: Vec<String>,
    /// Consequent.
    pub consequent: Vec<String>,
    /// Lift over all baskets.
    pub lift: f64,
    /// Lift in each group (same order as `groups`); `null` when the group has no basket with the
    /// antecedent or none with the consequent.
    pub group_lift: Vec<Option<f64>>,
    /// Confidence in each group; `null` when no basket of the group has the antecedent.
    pub group_confidence: Vec<Option<f64>>,
    /// Baskets of each group with every item of the rule.
    pub group_count: Vec<u32>,
}

/// The lift of the same rules in every group of a grouping.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Comparison {
    /// The grouping.
    pub by: &'static str,
    /// The groups, sorted by name.
    pub groups: Vec<GroupColumn>,
    /// The rules (the first of `top_rules`).
    pub rules: Vec<ComparedRule>,
    /// Baskets without a customer, or of customers in no group, left out of every group.
    pub baskets_without_group: usize,
}

/// Counts, in each group's baskets, σ(X), σ(Y) and σ(X ∪ Y) for every rule. `rule_labels` names the
/// rules' item ids; `all` holds every basket (its ids may differ when the rules were mined in a segment).
pub fn compare(ds: &Dataset, s: &Segmentation, by: GroupBy, all: &Transactions, rule_labels: &[String], rules: &[&Rule]) -> Comparison {
    let names = groups_of(s, by);
    // Group index per customer id.
    let mut group_of_customer = vec![u32::MAX; ds.customers.len()];
    for (i, row) in s.profiles.rows.iter().enumerate() {
        if let Some(g) = group_of(s, by, i)
            && let Ok(k) = names.binary_search(&g)
            && let Some(slot) = group_of_customer.get_mut(row.customer as usize)
        {
            *slot = k as u32;
        }
    }
    let lookup: std::collections::HashMap<&str, u32> = all.labels.iter().enumerate().map(|(i, l)| (l.as_str(), i as u32)).collect();
    let to_all = |ids: &[u32]| -> Option<Vec<u32>> {
        let mut v: Vec<u32> =
            ids.iter().map(|&i| rule_labels.get(i as usize).and_then(|l| lookup.get(l.as_str()).copied())).collect::<Option<_>>()?;
        v.sort_unstable();
        Some(v)
    };
    let mapped: Vec<Option<(Vec<u32>, Vec<u32>)>> = rules.iter().map(|r| Some((to_all(&r.antecedent)?, to_all(&r.consequent)?))).collect();
    let g = names.len();
    let mut baskets = vec![0usize; g];
    // Per rule and group: σ(X), σ(Y), σ(XY).
    let mut counts = vec![[0u32; 3]; rules.len() * g];
    let mut without = 0usize;
    let contains = |b: &[u32], set: &[u32]| set.iter().all(|i| b.binary_search(i).is_ok());
    for b in 0..all.len() {
        let c = all.customer.get(b).copied().unwrap_or(NONE);
        let k = if c == NONE { u32::MAX } else { group_of_customer.get(c as usize).copied().unwrap_or(u32::MAX) };
        if k == u32::MAX {
            without += 1;
            continue;
        }
        let k = k as usize;
        baskets[k] += 1;
        let items = all.basket(b);
        for (r, m) in mapped.iter().enumerate() {
            let Some((x, y)) = m else { continue };
            let (hx, hy) = (contains(items, x), contains(items, y));
            let cell = &mut counts[r * g + k];
            cell[0] += hx as u32;
            cell[1] += hy as u32;
            cell[2] += (hx && hy) as u32;
        }
    }
    let label = |ids: &[u32]| -> Vec<String> { ids.iter().map(|&i| rule_labels.get(i as usize).cloned().unwrap_or_default()).collect() };
    let compared = rules
        .iter()
        .enumerate()
        .map(|(r, rule)| {
            let cells = &counts[r * g..(r + 1) * g];
            ComparedRule {
                antecedent: label(&rule.antecedent),
                consequent: label(&rule.consequent),
                lift: rule.lift,
                group_lift: cells
                    .iter()
                    .zip(&baskets)
                    .map(|(c, &n)| (c[0] > 0 && c[1] > 0).then(|| c[2] as f64 * n as f64 / (c[0] as f64 * c[1] as f64)))
                    .collect(),
                group_confidence: cells.iter().map(|c| (c[0] > 0).then(|| c[2] as f64 / c[0] as f64)).collect(),
                group_count: cells.iter().map(|c| c[2]).collect(),
            }
        })
        .collect();
    Comparison {
        by: by_name(by),
        groups: names.into_iter().zip(baskets).map(|(group, baskets)| GroupColumn { group, baskets }).collect(),
        rules: compared,
        baskets_without_group: without,
    }
}
