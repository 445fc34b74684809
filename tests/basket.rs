//! Market-basket mining against references: a brute-force enumerator of itemsets and rules on hundreds of
//! random small inputs, the worked example of Agrawal & Srikant (1994), the Online Retail file against an
//! independent Python computation, and random tables that must never make the miner panic.

use crate::common;

use std::cmp::Ordering;

use clientela::basket::rules::{self, Rule, RuleParams, rank};
use clientela::basket::{self, ItemKey, Metric, MineParams, RulesOptions, Target, Transactions, frequent_itemsets};
use clientela::error::ErrorCode;
use clientela::ingest::{IngestOptions, read_bytes};
use proptest::prelude::*;

fn mine_lists(lists: &[Vec<u32>], min_count: u32, max_len: usize) -> (Transactions, basket::Itemsets) {
    let named: Vec<Vec<String>> = lists.iter().map(|b| b.iter().map(|i| format!("i{i}")).collect()).collect();
    let t = Transactions::from_lists(&named);
    let sets = frequent_itemsets(&t.items, &t.offsets, t.labels.len(), MineParams { min_count, max_len, max_itemsets: 1 << 20 }).unwrap();
    (t, sets)
}

/// Brute force: every non-empty subset of the item universe, its count by scanning every basket.
fn brute_itemsets(t: &Transactions, min_count: u32, max_len: usize) -> Vec<(Vec<u32>, u32)> {
    let m = t.labels.len();
    let mut out = Vec::new();
    for mask in 1u32..(1 << m) {
        let set: Vec<u32> = (0..m as u32).filter(|&i| mask >> i & 1 == 1).collect();
        if set.len() > max_len {
            continue;
        }
        let c = count(t, &set);
        if c >= min_count {
            out.push((set, c));
        }
    }
    out.sort();
    out
}

fn count(t: &Transactions, set: &[u32]) -> u32 {
    (0..t.len()).filter(|&b| set.iter().all(|i| t.basket(b).contains(i))).count() as u32
}

fn is_subset(a: &[u32], b: &[u32]) -> bool {
    a.iter().all(|i| b.contains(i))
}

fn mined(sets: &basket::Itemsets, keep: Option<&[bool]>) -> Vec<(Vec<u32>, u32)> {
    let mut v: Vec<(Vec<u32>, u32)> =
        (0..sets.len()).filter(|&k| keep.is_none_or(|f| f[k])).map(|k| (sets.items(k).to_vec(), sets.count(k))).collect();
    v.sort();
    v
}

/// Brute-force rules with the documented semantics, sorted by the top-K order.
fn brute_rules(t: &Transactions, freq: &[(Vec<u32>, u32)], p: &RuleParams) -> (Vec<Rule>, usize) {
    let n = t.len();
    let mut out = Vec::new();
    let mut redundant = 0;
    for (z, cz) in freq.iter().filter(|(z, _)| z.len() >= 2) {
        if p.exclude.iter().any(|i| z.contains(i)) || (!p.include.is_empty() && !p.include.iter().any(|i| z.contains(i))) {
            continue;
        }
        for mask in 1u32..(1 << z.len()) - 1 {
            let y: Vec<u32> = (0..z.len()).filter(|&k| mask >> k & 1 == 1).map(|k| z[k]).collect();
            let x: Vec<u32> = (0..z.len()).filter(|&k| mask >> k & 1 == 0).map(|k| z[k]).collect();
            if y.len() > p.max_consequent || (!p.targets.is_empty() && !y.iter().all(|i| p.targets.contains(i))) {
                continue;
            }
            let r = Rule::new(x.clone(), y.clone(), *cz, count(t, &x), count(t, &y), n);
            if r.confidence < p.min_confidence || r.lift < p.min_lift {
                continue;
            }
            if p.prune_redundant {
                // A more general rule: X' a proper non-empty subset of X, same consequent.
                let general = (1u32..(1 << x.len()) - 1).any(|sm| {
                    let xs: Vec<u32> = (0..x.len()).filter(|&k| sm >> k & 1 == 1).map(|k| x[k]).collect();
                    let mut both = xs.clone();
                    both.extend_from_slice(&y);
                    count(t, &both) as f64 / count(t, &xs) as f64 >= r.confidence
                });
                if general {
                    redundant += 1;
                    continue;
                }
            }
            out.push(r);
        }
    }
    out.sort_by(|a, b| rank(a, b, p.sort_by));
    (out, redundant)
}

fn close(a: &Rule, b: &Rule) -> bool {
    let f = |x: f64, y: f64| x == y || (x - y).abs() <= 1e-9 * x.abs().max(1.0);
    a.antecedent == b.antecedent
        && a.consequent == b.consequent
        && a.count == b.count
        && f(a.support, b.support)
        && f(a.confidence, b.confidence)
        && f(a.lift, b.lift)
        && f(a.leverage, b.leverage)
        && f(a.conviction, b.conviction)
}

fn baskets_strategy() -> impl Strategy<Value = Vec<Vec<u32>>> {
    (1usize..=7).prop_flat_map(|m| prop::collection::vec(prop::collection::vec(0..m as u32, 1..=6), 1..=24))
}

fn metric_strategy() -> impl Strategy<Value = Metric> {
    prop::sample::select(vec![Metric::Lift, Metric::Confidence, Metric::Support, Metric::Leverage, Metric::Conviction, Metric::Count])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Itemsets, closed and maximal itemsets equal the brute-force enumeration.
    #[test]
    fn itemsets_equal_brute_force(lists in baskets_strategy(), min_count in 1u32..5, max_len in 1usize..8) {
        let (t, sets) = mine_lists(&lists, min_count, max_len);
        let brute = brute_itemsets(&t, min_count, max_len);
        prop_assert_eq!(mined(&sets, None), brute.clone());
        let closed: Vec<(Vec<u32>, u32)> = brute.iter().filter(|(s, c)| !brute.iter().any(|(o, oc)| o.len() > s.len() && is_subset(s, o) && oc == c)).cloned().collect();
        let maximal: Vec<(Vec<u32>, u32)> = brute.iter().filter(|(s, _)| !brute.iter().any(|(o, _)| o.len() > s.len() && is_subset(s, o))).cloned().collect();
        prop_assert_eq!(mined(&sets, Some(&sets.select(Target::Closed))), closed);
        prop_assert_eq!(mined(&sets, Some(&sets.select(Target::Maximal))), maximal);
    }

    /// Rules (every metric, the filters, multi-item consequents, redundancy pruning) equal the brute force,
    /// and the top K kept by the heap equal sorting everything and truncating.
    #[test]
    fn rules_equal_brute_force(
        lists in baskets_strategy(),
        min_count in 1u32..4,
        min_confidence in prop::sample::select(vec![0.0, 0.3, 0.5, 0.8, 1.0]),
        min_lift in prop::sample::select(vec![0.0, 1.0, 1.2]),
        max_consequent in 1usize..4,
        max_rules in prop::sample::select(vec![0usize, 1, 3, 10, 1000]),
        sort_by in metric_strategy(),
        prune in any::<bool>(),
        filter in 0u8..4,
    ) {
        let (t, sets) = mine_lists(&lists, min_count, usize::MAX);
        let m = t.labels.len() as u32;
        let (include, exclude, targets) = match filter {
            1 => (vec![0], vec![], vec![]),
            2 => (vec![], vec![m - 1], vec![]),
            3 => (vec![], vec![], vec![0, m / 2]),
            _ => (vec![], vec![], vec![]),
        };
        let p = RuleParams { min_confidence, min_lift, max_consequent, include, exclude, targets, max_rules, sort_by, prune_redundant: prune };
        let got = rules::rules(&sets, &p);
        let (all, redundant) = brute_rules(&t, &brute_itemsets(&t, min_count, usize::MAX), &p);
        prop_assert_eq!(got.total, all.len());
        prop_assert_eq!(got.redundant, redundant);
        let expected: Vec<&Rule> = all.iter().take(max_rules).collect();
        prop_assert_eq!(got.top.len(), expected.len());
        for (a, b) in got.top.iter().zip(&expected) {
            prop_assert!(close(a, b), "{:?} != {:?}", a, b);
        }
        prop_assert!(got.top.windows(2).all(|w| rank(&w[0], &w[1], sort_by) != Ordering::Greater));
    }

    /// Random tables, random options: the miner returns a report or a typed error, never panics.
    #[test]
    fn random_tables_never_panic(
        rows in prop::collection::vec((0u8..6, 0u8..8, -2i8..4, 0u8..4, prop::option::of(0u8..5)), 0..60),
        min_support in prop::sample::select(vec![0.0, 1e-9, 0.01, 0.2, 0.5, 1.0, 1.5, f64::NAN]),
        min_count in prop::option::of(0u32..5),
        max_len in prop::option::of(0usize..4),
        max_itemsets in prop::sample::select(vec![0usize, 1, 5, 1000]),
        by_name in any::<bool>(),
        target in prop::sample::select(vec![Target::All, Target::Closed, Target::Maximal]),
        max_consequent in 0usize..4,
        prune in any::<bool>(),
        targets in prop::collection::vec(prop::sample::select(vec!["P0", "P3", "nope", ""]), 0..2),
    ) {
        let mut csv = String::from("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID\n");
        for (o, item, q, price, cust) in &rows {
            let c = cust.map(|c| format!("c{c}")).unwrap_or_default();
            csv.push_str(&format!("{o},P{item},name {},{q},2011-01-0{},{price}.5,{c}\n", item % 3, 1 + o % 8));
        }
        let Ok((ds, _)) = read_bytes(csv.as_bytes(), IngestOptions::default()) else { return Ok(()) };
        let o = RulesOptions {
            min_support,
            min_count,
            max_len,
            max_itemsets,
            item_key: if by_name { ItemKey::Name } else { ItemKey::Code },
            itemsets: target,
            max_consequent,
            prune_redundant: prune,
            targets: targets.iter().map(|s| s.to_string()).collect(),
            min_confidence: 0.0,
            ..Default::default()
        };
        let _ = basket::mine(&ds, &o, None);
    }
}

/// Agrawal & Srikant (1994), "Fast Algorithms for Mining Association Rules", VLDB, section 2.1.1 (the
/// example database D of figure 1): baskets {1 3 4}, {2 3 5}, {1 2 3 5}, {2 5}, minimum support 2.
/// Expected from the paper's figure: L1 = {1}:2 {2}:3 {3}:3 {5}:3; L2 = {1 3}:2 {2 3}:2 {2 5}:3 {3 5}:2;
/// L3 = {2 3 5}:2. Closed and maximal sets and the rule metrics below are computed by hand from those counts.
#[test]
fn agrawal_srikant_1994_example() {
    let lists = vec![vec!["1", "3", "4"], vec!["2", "3", "5"], vec!["1", "2", "3", "5"], vec!["2", "5"]];
    let t = Transactions::from_lists(&lists);
    let sets = frequent_itemsets(&t.items, &t.offsets, t.labels.len(), MineParams { min_count: 2, max_len: usize::MAX, max_itemsets: 100 })
        .unwrap();
    let named = |keep: Option<&[bool]>| -> Vec<(String, u32)> {
        let mut v: Vec<(String, u32)> = (0..sets.len())
            .filter(|&k| keep.is_none_or(|f| f[k]))
            .map(|k| (sets.items(k).iter().map(|&i| t.labels[i as usize].as_str()).collect::<Vec<_>>().join(" "), sets.count(k)))
            .collect();
        v.sort();
        v
    };
    let s = |v: &[(&str, u32)]| -> Vec<(String, u32)> { v.iter().map(|(a, c)| (a.to_string(), *c)).collect() };
    assert_eq!(named(None), s(&[("1", 2), ("1 3", 2), ("2", 3), ("2 3", 2), ("2 3 5", 2), ("2 5", 3), ("3", 3), ("3 5", 2), ("5", 3)]));
    // Closed: {3}:3 (every superset has 2), {1 3}:2, {2 5}:3, {2 3 5}:2. Maximal: {1 3}, {2 3 5}.
    assert_eq!(named(Some(&sets.select(Target::Closed))), s(&[("1 3", 2), ("2 3 5", 2), ("2 5", 3), ("3", 3)]));
    assert_eq!(named(Some(&sets.select(Target::Maximal))), s(&[("1 3", 2), ("2 3 5", 2)]));
    // {2 3} → {5}: count 2, support 2/4, confidence 2/2 = 1, lift 1 / (3/4) = 4/3,
    // leverage 0.5 − 0.5 × 0.75 = 0.125, conviction infinite.
    let p = RuleParams { min_confidence: 0.0, max_rules: 1000, ..Default::default() };
    let all = rules::rules(&sets, &p);
    let id = |s: &str| t.labels.iter().position(|l| l == s).unwrap() as u32;
    let r = all.top.iter().find(|r| r.antecedent == vec![id("2"), id("3")] && r.consequent == vec![id("5")]).unwrap();
    assert_eq!((r.count, r.support, r.confidence), (2, 0.5, 1.0));
    assert!((r.lift - 4.0 / 3.0).abs() < 1e-12 && (r.leverage - 0.125).abs() < 1e-12 && r.conviction.is_infinite());
    // One-item consequents from 4 two-item sets (2 each) and one three-item set (3): 11 rules.
    assert_eq!(all.total, 11);
    // With consequents of up to 2 items, {2 3 5} adds 3 more: 14.
    assert_eq!(rules::rules(&sets, &RuleParams { max_consequent: 2, ..p.clone() }).total, 14);
    // Redundancy: {2 3} → {5} (confidence 1) is redundant: {2} → {5} has confidence 3/3 = 1 (and {3} → {5}
    // has 2/3). {3 5} → {2} likewise by {5} → {2} (3/3). {2 5} → {3} (2/3) by {2} → {3} (2/3).
    let pruned = rules::rules(&sets, &RuleParams { prune_redundant: true, ..p.clone() });
    assert_eq!((pruned.total, pruned.redundant), (8, 3));
}

/// A FIMI `.dat` file reads with `--layout baskets --no-header --delimiter ' '`: tests/data/baskets.dat
/// has 8 baskets; items 1 and 2 are together in 3 of them (lines 1, 5 and 8: counted by hand).
#[test]
fn fimi_file_reads_as_baskets() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/baskets.dat")).unwrap();
    let opts = IngestOptions { layout: Some(clientela::Layout::Baskets), header: Some(false), delimiter: Some(' '), ..Default::default() };
    let (ds, _) = read_bytes(&bytes, opts).unwrap();
    let r = basket::mine(&ds, &RulesOptions { min_count: Some(3), min_confidence: 0.0, ..Default::default() }, None).unwrap();
    assert_eq!(r.transactions.baskets, 8);
    let pair = r.top_itemsets.iter().find(|s| s.items == ["1", "2"]).unwrap();
    assert_eq!(pair.count, 3);
}

/// Online Retail against tests/reference/basket_reference.py (plain Python, its own cleaning and counting):
/// `python3 tests/reference/basket_reference.py ../shared/data/online_retail.csv.gz 0.02`
/// printed the numbers below (baskets, items, frequent itemsets at 2 % by length, and rules at
/// confidence 0.5).
#[test]
fn online_retail_matches_python_reference() {
    let Some(bytes) = common::online_retail_gz() else { return };
    let (ds, _) = read_bytes(&bytes, IngestOptions::default()).unwrap();
    let r = basket::mine(&ds, &RulesOptions { min_support: 0.02, min_confidence: 0.5, max_rules: 5, ..Default::default() }, None).unwrap();
    let expected: serde_json::Value = serde_json::from_str(include_str!("reference/basket_reference.json")).unwrap();
    assert_eq!(r.transactions.baskets as u64, expected["baskets"].as_u64().unwrap());
    assert_eq!(r.transactions.items as u64, expected["items"].as_u64().unwrap());
    assert_eq!(r.min_count as u64, expected["min_count"].as_u64().unwrap());
    let by_len: Vec<u64> = expected["itemsets_by_length"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
    assert_eq!(r.itemsets_by_length.iter().map(|&v| v as u64).collect::<Vec<_>>(), by_len);
    assert_eq!(r.rules.unwrap() as u64, expected["rules"].as_u64().unwrap());
    let top = &expected["top_rules"].as_array().unwrap()[0];
    let got = &r.top_rules[0];
    let names = |v: &serde_json::Value| -> Vec<String> { v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect() };
    assert_eq!(got.antecedent, names(&top["antecedent"]));
    assert_eq!(got.consequent, names(&top["consequent"]));
    assert_eq!(got.count as u64, top["count"].as_u64().unwrap());
    assert!((got.lift - top["lift"].as_f64().unwrap()).abs() < 1e-9);
    assert!((got.confidence - top["confidence"].as_f64().unwrap()).abs() < 1e-12);
}

/// Per-segment lift: the comparison's lift of each top rule in each RFM segment equals a recount over the
/// baskets of that segment's customers alone (built by the customer filter, counted here by scanning).
#[test]
fn segment_comparison_equals_a_recount_per_segment() {
    use clientela::segment::listing::GroupBy;
    let bytes = clientela::synth::csv_bytes(&clientela::synth::ShopParams { rows: 30_000, seed: 7, ..Default::default() });
    let (ds, _) = read_bytes(&bytes, IngestOptions::default()).unwrap();
    let s = clientela::segment::segment(&ds, &clientela::segment::SegmentOptions::default()).unwrap();
    let o = RulesOptions {
        min_count: Some(5),
        min_confidence: 0.1,
        compare_by: Some(GroupBy::Segment),
        compare_rules: 10,
        ..Default::default()
    };
    let r = basket::mine(&ds, &o, Some(&s)).unwrap();
    let c = r.comparison.expect("comparison");
    assert!(!c.rules.is_empty() && c.groups.len() > 3);
    for (g, col) in c.groups.iter().enumerate() {
        let members: Vec<bool> = (0..ds.customers.len())
            .map(|id| s.profiles.rows.iter().zip(&s.scores.segment).any(|(p, seg)| p.customer as usize == id && seg.name() == col.group))
            .collect();
        let t = basket::transactions(&ds, ItemKey::Code, Some(&members));
        assert_eq!(t.len(), col.baskets, "group {}", col.group);
        let ids = |names: &[String]| -> Option<Vec<u32>> {
            names.iter().map(|n| t.labels.iter().position(|l| l == n).map(|p| p as u32)).collect()
        };
        for rule in &c.rules {
            let (Some(x), Some(y)) = (ids(&rule.antecedent), ids(&rule.consequent)) else {
                assert_eq!(rule.group_count[g], 0);
                continue;
            };
            let mut xy = x.clone();
            xy.extend_from_slice(&y);
            let (cx, cy, cxy) = (count(&t, &x), count(&t, &y), count(&t, &xy));
            assert_eq!(rule.group_count[g], cxy);
            let lift = (cx > 0 && cy > 0).then(|| cxy as f64 * t.len() as f64 / (cx as f64 * cy as f64));
            assert_eq!(rule.group_lift[g].map(|v| (v * 1e9).round()), lift.map(|v| (v * 1e9).round()));
        }
    }
    // Mining inside one segment keeps only its baskets.
    let champions = RulesOptions { segment: Some(basket::SegmentChoice { by: GroupBy::Segment, value: "Champions".into() }), ..o.clone() };
    let inside = basket::mine(&ds, &RulesOptions { compare_by: None, ..champions }, Some(&s)).unwrap();
    let col = c.groups.iter().find(|g| g.group == "Champions").unwrap();
    assert_eq!(inside.transactions.baskets, col.baskets);
    // An unknown group is a typed error that lists the groups.
    let bad = RulesOptions { segment: Some(basket::SegmentChoice { by: GroupBy::Segment, value: "Nobody".into() }), compare_by: None, ..o };
    let e = basket::mine(&ds, &bad, Some(&s)).unwrap_err();
    assert_eq!(e.code(), "no_segment");
}

/// `max_items` lengthens the item frequency list alone: every item of the baskets, most frequent first,
/// each counted as a scan of the baskets counts it; the itemsets listed stay at `max_listed`.
#[test]
fn max_items_lists_every_item_without_more_itemsets() {
    let bytes = clientela::synth::csv_bytes(&clientela::synth::ShopParams { rows: 30_000, seed: 7, ..Default::default() });
    let (ds, _) = read_bytes(&bytes, IngestOptions::default()).unwrap();
    let o = RulesOptions { min_count: Some(2), min_confidence: 0.1, max_listed: 10, ..Default::default() };
    let short = basket::mine(&ds, &o, None).unwrap();
    let long = basket::mine(&ds, &RulesOptions { max_items: Some(100_000), ..o.clone() }, None).unwrap();
    assert_eq!(short.item_frequencies.len(), 10);
    assert_eq!(long.item_frequencies.len(), long.transactions.items, "every item");
    assert!(long.transactions.items > 10);
    assert_eq!(long.top_itemsets, short.top_itemsets);
    assert_eq!(long.item_frequencies[..10], short.item_frequencies[..]);
    assert!(long.item_frequencies.windows(2).all(|w| w[0].count >= w[1].count));
    let t = basket::transactions(&ds, ItemKey::Code, None);
    for f in &long.item_frequencies {
        let id = t.labels.iter().position(|l| *l == f.items[0]).unwrap() as u32;
        assert_eq!(f.count, count(&t, &[id]), "{}", f.items[0]);
    }
    assert!(basket::mine(&ds, &RulesOptions { max_items: Some(100_001), ..o }, None).is_err());
}
