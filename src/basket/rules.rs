//! Phase 3: association rules from the frequent itemsets, with their metrics, filters, a top-K budget and
//! optional pruning of redundant rules.
//!
//! A rule `X → Y` comes from a frequent itemset `Z = X ∪ Y` (X, Y disjoint, both non-empty). Its support is
//! the support of the whole itemset, as in R's arules. With `N` baskets and `σ(·)` the number of baskets
//! containing an itemset:
//! - **count** = σ(X ∪ Y)
//! - **support** = σ(X ∪ Y) / N
//! - **confidence** = σ(X ∪ Y) / σ(X)
//! - **lift** = confidence / (σ(Y) / N)
//! - **leverage** = σ(X ∪ Y)/N − (σ(X)/N)(σ(Y)/N)
//! - **conviction** = (1 − σ(Y)/N) / (1 − confidence); infinite when confidence = 1, which is written
//!   `null` (JSON has no infinity) and ranks above every finite value.
//!
//! The budget: only the best K rules by the chosen metric are kept, in a heap of size K, so memory stays
//! bounded however many rules pass the filters; the total that passed is still counted.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use serde::{Deserialize, Serialize};

use super::itemsets::Itemsets;

/// The metric that ranks rules for the top-K budget.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Lift (the default, and the order of `top_rules` in the CLI contract).
    #[default]
    Lift,
    /// Confidence.
    Confidence,
    /// Support.
    Support,
    /// Leverage.
    Leverage,
    /// Conviction.
    Conviction,
    /// Support count.
    Count,
}

impl Metric {
    /// Parses `lift`, `confidence`, `support`, `leverage`, `conviction` or `count`.
    pub fn from_name(s: &str) -> Option<Metric> {
        Some(match s {
            "lift" => Metric::Lift,
            "confidence" => Metric::Confidence,
            "support" => Metric::Support,
            "leverage" => Metric::Leverage,
            "conviction" => Metric::Conviction,
            "count" => Metric::Count,
            _ => return None,
        })
    }
}

impl std::str::FromStr for Metric {
    type Err = String;
    /// [`Metric::from_name`], with an error that lists the accepted names.
    fn from_str(s: &str) -> Result<Metric, String> {
        Metric::from_name(s).ok_or_else(|| "expected lift, confidence, support, leverage, conviction or count".into())
    }
}

/// A rule with its metrics, items as ids (ascending).
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Items of the antecedent X.
    pub antecedent: Vec<u32>,
    /// Items of the consequent Y.
    pub consequent: Vec<u32>,
    /// σ(X ∪ Y).
    pub count: u32,
    /// σ(X ∪ Y) / N.
    pub support: f64,
    /// σ(X ∪ Y) / σ(X).
    pub confidence: f64,
    /// confidence / (σ(Y) / N).
    pub lift: f64,
    /// support − (σ(X)/N)(σ(Y)/N).
    pub leverage: f64,
    /// (1 − σ(Y)/N) / (1 − confidence); `f64::INFINITY` when confidence = 1.
    pub conviction: f64,
}

impl Rule {
    /// Computes the metrics from the three counts and `n` baskets.
    pub fn new(antecedent: Vec<u32>, consequent: Vec<u32>, count: u32, count_x: u32, count_y: u32, n: usize) -> Rule {
        let n = n.max(1) as f64;
        let support = count as f64 / n;
        let confidence = count as f64 / count_x.max(1) as f64;
        let sy = count_y as f64 / n;
        let lift = if sy > 0.0 { confidence / sy } else { 0.0 };
        let leverage = support - (count_x as f64 / n) * sy;
        let conviction = if count >= count_x { f64::INFINITY } else { (1.0 - sy) / (1.0 - confidence) };
        Rule { antecedent, consequent, count, support, confidence, lift, leverage, conviction }
    }

    /// The value of a metric.
    pub fn metric(&self, m: Metric) -> f64 {
        match m {
            Metric::Lift => self.lift,
            Metric::Confidence => self.confidence,
            Metric::Support => self.support,
            Metric::Leverage => self.leverage,
            Metric::Conviction => self.conviction,
            Metric::Count => self.count as f64,
        }
    }
}

/// The order of the top-K: the metric descending, then count descending, then the antecedent and the
/// consequent (as id lists) ascending, so that equal metrics never make the result depend on the order of
/// discovery. `Less` means `a` ranks before `b`.
pub fn rank(a: &Rule, b: &Rule, m: Metric) -> Ordering {
    b.metric(m)
        .total_cmp(&a.metric(m))
        .then_with(|| b.count.cmp(&a.count))
        .then_with(|| a.antecedent.cmp(&b.antecedent))
        .then_with(|| a.consequent.cmp(&b.consequent))
}

/// Which rules to generate and keep.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleParams {
    /// Minimum confidence (0..=1).
    pub min_confidence: f64,
    /// Minimum lift (none: 0).
    pub min_lift: f64,
    /// Largest consequent (1 = one-item consequents).
    pub max_consequent: usize,
    /// Keep only rules that mention at least one of these items (empty: all).
    pub include: Vec<u32>,
    /// Drop rules that mention any of these items.
    pub exclude: Vec<u32>,
    /// Keep only rules whose consequent is made of these items (empty: any) — "what leads to X".
    pub targets: Vec<u32>,
    /// Top K.
    pub max_rules: usize,
    /// Ranking metric of the top K.
    pub sort_by: Metric,
    /// Drop a rule when a more general rule (antecedent a proper non-empty subset, same consequent) has at
    /// least its confidence.
    pub prune_redundant: bool,
}

impl Default for RuleParams {
    fn default() -> Self {
        RuleParams {
            min_confidence: 0.5,
            min_lift: 0.0,
            max_consequent: 1,
            include: Vec::new(),
            exclude: Vec::new(),
            targets: Vec::new(),
            max_rules: 1000,
            sort_by: Metric::Lift,
            prune_redundant: false,
        }
    }
}

/// Rules that passed, and the best K of them in rank order.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    /// Rules that passed every filter.
    pub total: usize,
    /// Rules dropped as redundant.
    pub redundant: usize,
    /// The best `max_rules` by the metric, best first.
    pub top: Vec<Rule>,
}

/// Heap entry: the heap's top is the worst kept rule.
struct Entry(Rule, Metric);

impl PartialEq for Entry {
    fn eq(&self, o: &Self) -> bool {
        rank(&self.0, &o.0, self.1) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Entry {
    fn cmp(&self, o: &Self) -> Ordering {
        rank(&self.0, &o.0, self.1)
    }
}

/// Generates the rules of every frequent itemset of two or more items.
pub fn rules(sets: &Itemsets, p: &RuleParams) -> RuleSet {
    let n = sets.baskets;
    let mut heap: BinaryHeap<Entry> = BinaryHeap::with_capacity(p.max_rules.min(1 << 16) + 1);
    let mut total = 0usize;
    let mut redundant = 0usize;
    let mut x: Vec<u32> = Vec::new();
    let mut y: Vec<u32> = Vec::new();
    let mut pick: Vec<usize> = Vec::new();
    let mentions = |list: &[u32], z: &[u32]| list.iter().any(|i| z.binary_search(i).is_ok());
    for k in 0..sets.len() {
        let z = sets.items(k);
        if z.len() < 2 {
            continue;
        }
        if !p.exclude.is_empty() && mentions(&p.exclude, z) {
            continue;
        }
        if !p.include.is_empty() && !mentions(&p.include, z) {
            continue;
        }
        let count = sets.count(k);
        let largest = p.max_consequent.min(z.len() - 1);
        for size in 1..=largest {
            // Every combination of `size` positions of z, in lexicographic order.
            pick.clear();
            pick.extend(0..size);
            loop {
                y.clear();
                y.extend(pick.iter().map(|&i| z[i]));
                let on_target = p.targets.is_empty() || y.iter().all(|i| p.targets.contains(i));
                if on_target {
                    x.clear();
                    let mut next = 0;
                    for (i, &v) in z.iter().enumerate() {
                        if next < pick.len() && pick[next] == i {
                            next += 1;
                        } else {
                            x.push(v);
                        }
                    }
                    if let (Some(cx), Some(cy)) = (sets.support_of(&x), sets.support_of(&y))
                        && passes(count, cx, cy, n, p)
                    {
                        let r = Rule::new(x.clone(), y.clone(), count, cx, cy, n);
                        if r.confidence >= p.min_confidence && r.lift >= p.min_lift {
                            if p.prune_redundant && is_redundant(sets, &x, &y, r.confidence) {
                                redundant += 1;
                            } else {
                                total += 1;
                                keep(&mut heap, r, p);
                            }
                        }
                    }
                }
                if !next_combination(&mut pick, z.len()) {
                    break;
                }
            }
        }
    }
    let mut top: Vec<Rule> = heap.into_iter().map(|e| e.0).collect();
    top.sort_by(|a, b| rank(a, b, p.sort_by));
    RuleSet { total, redundant, top }
}

/// The confidence and lift filters on counts alone, before any allocation (the exact test is repeated on
/// the rule's own values).
fn passes(count: u32, cx: u32, cy: u32, n: usize, p: &RuleParams) -> bool {
    let confidence = count as f64 / cx.max(1) as f64;
    let lift = confidence * n.max(1) as f64 / cy.max(1) as f64;
    confidence >= p.min_confidence && lift >= p.min_lift * (1.0 - 1e-12)
}

fn keep(heap: &mut BinaryHeap<Entry>, r: Rule, p: &RuleParams) {
    if p.max_rules == 0 {
        return;
    }
    if heap.len() < p.max_rules {
        heap.push(Entry(r, p.sort_by));
    } else if let Some(worst) = heap.peek()
        && rank(&r, &worst.0, p.sort_by) == Ordering::Less
    {
        heap.pop();
        heap.push(Entry(r, p.sort_by));
    }
}

/// Advances `pick` (ascending positions below `n`) to the next combination; false after the last.
fn next_combination(pick: &mut [usize], n: usize) -> bool {
    let k = pick.len();
    let mut i = k;
    while i > 0 {
        i -= 1;
        if pick[i] < n - k + i {
            pick[i] += 1;
            for j in i + 1..k {
                pick[j] = pick[j - 1] + 1;
            }
            return true;
        }
    }
    false
}

/// True when some rule `X' → Y` with `X'` a proper non-empty subset of `X` has confidence ≥ `confidence`.
/// All `2^|X| − 2` subsets are tried; `X ∪ Y` frequent means all its subsets are frequent, and their
/// number is bounded by the itemset budget, so this stays small whenever mining finished.
fn is_redundant(sets: &Itemsets, x: &[u32], y: &[u32], confidence: f64) -> bool {
    let k = x.len();
    if !(2..63).contains(&k) {
        return false;
    }
    let mut sub: Vec<u32> = Vec::with_capacity(k);
    let mut both: Vec<u32> = Vec::with_capacity(k + y.len());
    for mask in 1u64..(1u64 << k) - 1 {
        sub.clear();
        sub.extend((0..k).filter(|&i| mask >> i & 1 == 1).map(|i| x[i]));
        both.clear();
        both.extend_from_slice(&sub);
        both.extend_from_slice(y);
        both.sort_unstable();
        if let (Some(cs), Some(cb)) = (sets.support_of(&sub), sets.support_of(&both))
            && cb as f64 / cs.max(1) as f64 >= confidence
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_in_order() {
        let mut p = vec![0, 1];
        let mut all = vec![p.clone()];
        while next_combination(&mut p, 4) {
            all.push(p.clone());
        }
        assert_eq!(all, vec![vec![0, 1], vec![0, 2], vec![0, 3], vec![1, 2], vec![1, 3], vec![2, 3]]);
    }

    #[test]
    fn metrics_by_hand() {
        // N = 10, σ(X) = 4, σ(Y) = 5, σ(XY) = 3: support .3, confidence .75, lift 1.5,
        // leverage .3 − .4·.5 = .1, conviction (1 − .5)/(1 − .75) = 2.
        let r = Rule::new(vec![0], vec![1], 3, 4, 5, 10);
        assert!((r.support - 0.3).abs() < 1e-12);
        assert!((r.confidence - 0.75).abs() < 1e-12);
        assert!((r.lift - 1.5).abs() < 1e-12);
        assert!((r.leverage - 0.1).abs() < 1e-12);
        assert!((r.conviction - 2.0).abs() < 1e-12);
        assert!(Rule::new(vec![0], vec![1], 4, 4, 5, 10).conviction.is_infinite());
    }
}
