//! Sequences: the pattern miner against a brute-force enumerator and the published examples (SPADE,
//! PrefixSpan), the timed rules against a direct recomputation, the command line's JSON contract, the
//! Online Retail numbers against an independent Python computation, and random tables that must never
//! make the analysis panic.
#![allow(clippy::type_complexity)] // tuples of expected values, one per column of a published table

use crate::common;
use crate::sequences;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use clientela::Dataset;
use clientela::error::ErrorCode;
use clientela::ingest::{IngestOptions, read_bytes};
use clientela::sequence::prefixspan::{MineParams, Pattern, mine_all};
use clientela::sequence::timed::{TimedParams, timed_rules, timed_rules_with, timed_rules_with_blocks};
use clientela::sequence::{ElementKind, SeqDb, SequenceOptions, TimedSort, sequences};
use proptest::prelude::*;
use sequences::{Db, dated_db};

// ---------------------------------------------------------------------------------------------
// Brute force: every candidate pattern up to a length, containment tested directly.

/// Does `seq` (elements in day order, sorted items) contain `pat` under the gap and span limits?
/// Tries every choice of positions (backtracking), exactly as the definition reads.
fn contains(seq: &[(i32, Vec<u32>)], pat: &[Vec<u32>], gap: Option<u32>, span: Option<u32>) -> bool {
    fn go(
        seq: &[(i32, Vec<u32>)],
        pat: &[Vec<u32>],
        k: usize,
        prev: Option<usize>,
        first: Option<i32>,
        gap: Option<u32>,
        span: Option<u32>,
    ) -> bool {
        if k == pat.len() {
            return true;
        }
        let from = prev.map_or(0, |p| p + 1);
        for j in from..seq.len() {
            let (day, items) = &seq[j];
            if let (Some(p), Some(g)) = (prev, gap)
                && (*day - seq[p].0) as i64 > g as i64
            {
                continue;
            }
            if let (Some(f), Some(s)) = (first, span)
                && (*day - f) as i64 > s as i64
            {
                continue;
            }
            if pat[k].iter().all(|x| items.contains(x)) && go(seq, pat, k + 1, Some(j), first.or(Some(*day)), gap, span) {
                return true;
            }
        }
        false
    }
    go(seq, pat, 0, None, None, gap, span)
}

/// Normalises a database the way `SeqDb::from_sequences` documents (stable day order, sorted distinct
/// items, no empty elements), so that the brute force reads the same sequences.
fn normalise(db: &Db) -> Db {
    db.iter()
        .map(|seq| {
            let mut s: Vec<(i32, Vec<u32>)> = seq
                .iter()
                .map(|(d, items)| {
                    let mut v = items.clone();
                    v.sort_unstable();
                    v.dedup();
                    (*d, v)
                })
                .filter(|(_, v)| !v.is_empty())
                .collect();
            s.sort_by_key(|(d, _)| *d);
            s
        })
        .collect()
}

/// All patterns of at most `max_len` items over `alphabet` with their support, kept when frequent.
fn brute_force(db: &Db, alphabet: u32, max_len: usize, min_support: u32, gap: Option<u32>, span: Option<u32>) -> Vec<Pattern> {
    let db = normalise(db);
    // Non-empty subsets of the alphabet, as sorted vectors.
    let subsets: Vec<Vec<u32>> = (1u32..(1 << alphabet)).map(|m| (0..alphabet).filter(|b| m & (1 << b) != 0).collect()).collect();
    let mut out = Vec::new();
    let mut stack: Vec<Vec<Vec<u32>>> = subsets.iter().filter(|s| s.len() <= max_len).map(|s| vec![s.clone()]).collect();
    while let Some(p) = stack.pop() {
        let support = db.iter().filter(|seq| contains(seq, &p, gap, span)).count() as u32;
        // Support never grows by appending an element, so infrequent candidates need no children.
        if support < min_support {
            continue;
        }
        let len: usize = p.iter().map(Vec::len).sum();
        for s in &subsets {
            if len + s.len() <= max_len {
                let mut q = p.clone();
                q.push(s.clone());
                stack.push(q);
            }
        }
        out.push(Pattern { elements: p, support });
    }
    out.sort();
    out
}

fn db_strategy() -> impl Strategy<Value = Db> {
    dated_db(0..3, 0u32..4, 1..4, 0..6, 1..7)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// The miner finds exactly the frequent patterns of the brute force, with the same supports, with
    /// and without a maximum gap and span.
    #[test]
    fn miner_equals_brute_force(
        db in db_strategy(),
        min_support in 1u32..4,
        gap in prop::option::of(0u32..4),
        span in prop::option::of(0u32..6),
    ) {
        let seqdb = SeqDb::from_sequences(&db);
        let p = MineParams { min_support, max_gap: gap, max_span: span, max_len: 4, max_patterns: u64::MAX, max_work: u64::MAX };
        let (mined, stats) = mine_all(&seqdb, p);
        let expected = brute_force(&db, 4, 4, min_support, gap, span);
        prop_assert!(!stats.truncated);
        prop_assert_eq!(stats.patterns as usize, mined.len());
        prop_assert_eq!(mined, expected);
    }

    /// A budget stops the search with the flag set, and what was found is a part of the full answer.
    #[test]
    fn budget_truncates_with_a_flag(db in db_strategy(), budget in 1u64..20) {
        let seqdb = SeqDb::from_sequences(&db);
        let full = mine_all(&seqdb, MineParams { max_len: 4, ..Default::default() }).0;
        let (part, stats) = mine_all(&seqdb, MineParams { max_len: 4, max_patterns: budget, ..Default::default() });
        prop_assert_eq!(stats.truncated, (full.len() as u64) > budget);
        prop_assert_eq!(part.len() as u64, (full.len() as u64).min(budget));
        let all: BTreeSet<_> = full.into_iter().collect();
        prop_assert!(part.iter().all(|p| all.contains(p)));
    }

    /// The work budget (issue 18, item 4: time bounded whatever the shape of the patterns) stops the
    /// search with the flag set when the full run needs more work, never below the budget, and what was
    /// found is a part of the full answer; with and without a gap limit (the two paths of the miner).
    #[test]
    fn work_budget_truncates_with_a_flag(db in db_strategy(), budget in 1u64..400, gap in prop::option::of(0u32..4)) {
        let seqdb = SeqDb::from_sequences(&db);
        let (full, full_stats) = mine_all(&seqdb, MineParams { max_len: 4, max_gap: gap, ..Default::default() });
        let (part, stats) = mine_all(&seqdb, MineParams { max_len: 4, max_gap: gap, max_work: budget, ..Default::default() });
        prop_assert!(!full_stats.truncated);
        // Truncated exactly when a pattern was lost, only once the budget is spent, never when the full
        // run needs less.
        prop_assert_eq!(stats.truncated, part.len() < full.len(), "work {} of {}", stats.work, full_stats.work);
        prop_assert!(!stats.truncated || stats.work >= budget);
        prop_assert!(full_stats.work >= budget || !stats.truncated);
        let all: BTreeSet<_> = full.into_iter().collect();
        prop_assert!(part.iter().all(|p| all.contains(p)));
    }
}

/// Every frequent pattern of at most `max_len` items, grown from the frequent ones and tested with
/// `contains`: the definition again, for alphabets too large for `brute_force` to list every element.
/// Each pattern is reached once, from itself without its last item (the largest of the last element);
/// that shorter pattern occurs wherever the longer one does (same positions, gaps and span no longer),
/// so an infrequent pattern has no frequent extension and need not be grown.
fn grown_by_definition(db: &Db, alphabet: u32, max_len: usize, min_support: u32, gap: Option<u32>, span: Option<u32>) -> Vec<Pattern> {
    let db = normalise(db);
    let mut out = Vec::new();
    let mut stack: Vec<Vec<Vec<u32>>> = (0..alphabet).map(|x| vec![vec![x]]).collect();
    while let Some(p) = stack.pop() {
        let support = db.iter().filter(|seq| contains(seq, &p, gap, span)).count() as u32;
        if support < min_support {
            continue;
        }
        let len: usize = p.iter().map(Vec::len).sum();
        if len < max_len {
            let last = p.last().and_then(|e| e.last()).copied().unwrap_or(0);
            for x in 0..alphabet {
                if x > last {
                    let mut q = p.clone();
                    q.last_mut().unwrap().push(x);
                    stack.push(q);
                }
                let mut q = p.clone();
                q.push(vec![x]);
                stack.push(q);
            }
        }
        out.push(Pattern { elements: p, support });
    }
    out.sort();
    out
}

/// Baskets of up to 9 of 10 items, repeated purchases over up to 8 days: the shapes of real data
/// (a few candidates against a large basket, the same item bought again) that `db_strategy` is too
/// small to produce.
fn wide_db_strategy() -> impl Strategy<Value = Db> {
    dated_db(0..4, 0u32..10, 1..10, 1..9, 2..9)
}

/// The patterns of the miner in the order it reports them, with their supports.
fn reported(db: &SeqDb, p: MineParams) -> (Vec<(Vec<Vec<u32>>, u32)>, clientela::sequence::prefixspan::MineStats) {
    let mut out = Vec::new();
    let stats = clientela::sequence::prefixspan::mine(db, p, |f| {
        out.push((f.elements(), f.support));
        true
    });
    (out, stats)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    /// On wide baskets the miner finds exactly the patterns of the definition, with and without a
    /// maximum gap and span (without both, the projections of the path without limits are cut and
    /// rebuilt at every level, which small baskets barely exercise).
    #[test]
    fn miner_equals_definition_on_wide_baskets(
        db in wide_db_strategy(),
        min_support in 2u32..5,
        gap in prop::option::of(0u32..6),
        span in prop::option::of(0u32..10),
    ) {
        let seqdb = SeqDb::from_sequences(&db);
        let p = MineParams { min_support, max_gap: gap, max_span: span, max_len: 5, max_patterns: u64::MAX, max_work: u64::MAX };
        let (mined, stats) = mine_all(&seqdb, p);
        prop_assert!(!stats.truncated);
        prop_assert_eq!(mined, grown_by_definition(&db, 10, 5, min_support, gap, span));
    }

    /// Without limits the miner reports the same patterns in the same order, and stops at the same
    /// place under a budget, as with a gap and a span too large to matter (the other path, held to the
    /// brute force above): the report's top list and its truncation depend on that order.
    #[test]
    fn both_paths_report_in_the_same_order(db in wide_db_strategy(), min_support in 2u32..5, budget in 1u64..400) {
        let seqdb = SeqDb::from_sequences(&db);
        let free = MineParams { min_support, max_len: 5, max_patterns: budget, ..Default::default() };
        let wide = MineParams { max_gap: Some(u32::MAX), max_span: Some(u32::MAX), ..free };
        // The patterns and the truncation (the work differs: the paths count different entries).
        let (a, b) = (reported(&seqdb, free), reported(&seqdb, wide));
        prop_assert_eq!((a.0, a.1.patterns, a.1.truncated), (b.0, b.1.patterns, b.1.truncated));
    }
}

fn pat(elements: &[&str], support: u32) -> Pattern {
    // "AB" is one element {A, B}; items are letters, A = 0.
    let elements = elements.iter().map(|e| e.bytes().map(|b| (b.to_ascii_uppercase() - b'A') as u32).collect()).collect();
    Pattern { elements, support }
}

fn letters(s: &str) -> Vec<u32> {
    s.bytes().map(|b| (b.to_ascii_uppercase() - b'A') as u32).collect()
}

/// Zaki, "SPADE: An efficient algorithm for mining frequent sequences", Machine Learning 42 (2001),
/// Figure 1: the database of 4 customers and 10 events (customer, event time, items) and the frequent
/// sequences at min_sup = 2 listed beside it (written there as e.g. D->BF->A).
#[test]
fn zaki_spade_example() {
    let db: Db = vec![
        vec![(10, letters("CD")), (15, letters("ABC")), (20, letters("ABF")), (25, letters("ACDF"))],
        vec![(15, letters("ABF")), (20, letters("E"))],
        vec![(10, letters("ABF"))],
        vec![(10, letters("DGH")), (20, letters("BF")), (25, letters("AGH"))],
    ];
    let mut expected = vec![
        pat(&["A"], 4),
        pat(&["B"], 4),
        pat(&["D"], 2),
        pat(&["F"], 4),
        pat(&["AB"], 3),
        pat(&["AF"], 3),
        pat(&["B", "A"], 2),
        pat(&["BF"], 4),
        pat(&["D", "A"], 2),
        pat(&["D", "B"], 2),
        pat(&["D", "F"], 2),
        pat(&["F", "A"], 2),
        pat(&["ABF"], 3),
        pat(&["BF", "A"], 2),
        pat(&["D", "BF"], 2),
        pat(&["D", "B", "A"], 2),
        pat(&["D", "F", "A"], 2),
        pat(&["D", "BF", "A"], 2),
    ];
    expected.sort();
    let (mined, _) = mine_all(&SeqDb::from_sequences(&db), MineParams { min_support: 2, ..Default::default() });
    assert_eq!(mined, expected);
    assert_eq!(mined, brute_force(&db, 8, 6, 2, None, None));
}

/// Pei et al., "Mining sequential patterns by pattern-growth: the PrefixSpan approach", IEEE TKDE 16(11)
/// (2004), Table 1 (also ICDE 2001): sequences <a(abc)(ac)d(cf)>, <(ad)c(bc)(ae)>, <(ef)(ab)(df)cb>,
/// <eg(af)cbc>, min_support = 2. The paper gives the length-1 patterns a:4, b:4, c:4, d:3, e:3, f:3 and,
/// in Table 2, the patterns with prefix <a>: <a>, <aa>, <ab>, <a(bc)>, <a(bc)a>, <aba>, <abc>, <(ab)>,
/// <(ab)c>, <(ab)d>, <(ab)f>, <(ab)dc>, <ac>, <aca>, <acb>, <acc>, <ad>, <adc>, <af>.
#[test]
fn pei_prefixspan_example() {
    let seq = |els: &[&str]| els.iter().enumerate().map(|(i, e)| (i as i32, letters(e))).collect::<Vec<_>>();
    let db: Db = vec![
        seq(&["a", "abc", "ac", "d", "cf"]),
        seq(&["ad", "c", "bc", "ae"]),
        seq(&["ef", "ab", "df", "c", "b"]),
        seq(&["e", "g", "af", "c", "b", "c"]),
    ];
    let (mined, _) = mine_all(&SeqDb::from_sequences(&db), MineParams { min_support: 2, ..Default::default() });
    let singles: Vec<(u32, u32)> =
        mined.iter().filter(|p| p.elements.len() == 1 && p.elements[0].len() == 1).map(|p| (p.elements[0][0], p.support)).collect();
    assert_eq!(singles, vec![(0, 4), (1, 4), (2, 4), (3, 3), (4, 3), (5, 3)]);
    let with_a: BTreeSet<Vec<Vec<u32>>> = mined.iter().filter(|p| p.elements[0].first() == Some(&0)).map(|p| p.elements.clone()).collect();
    let expected: BTreeSet<Vec<Vec<u32>>> = [
        vec!["a"],
        vec!["a", "a"],
        vec!["a", "b"],
        vec!["a", "bc"],
        vec!["a", "bc", "a"],
        vec!["a", "b", "a"],
        vec!["a", "b", "c"],
        vec!["ab"],
        vec!["ab", "c"],
        vec!["ab", "d"],
        vec!["ab", "f"],
        vec!["ab", "d", "c"],
        vec!["a", "c"],
        vec!["a", "c", "a"],
        vec!["a", "c", "b"],
        vec!["a", "c", "c"],
        vec!["a", "d"],
        vec!["a", "d", "c"],
        vec!["a", "f"],
    ]
    .iter()
    .map(|els| els.iter().map(|e| letters(e)).collect())
    .collect();
    assert_eq!(with_a, expected);
    assert_eq!(mined, brute_force(&db, 7, 6, 2, None, None));
}

/// A maximum gap, by hand: <a, c> occurs in <a@0, b@2, c@5> only when the gap may be 5 days, while
/// <b, c> (3 days) and <a, b, c> (2 then 3) need 3; a span of 4 allows <a, b> and <b, c> but no <a, c>.
#[test]
fn gap_and_span_by_hand() {
    let db: Db = vec![vec![(0, vec![0]), (2, vec![1]), (5, vec![2])]];
    let s = SeqDb::from_sequences(&db);
    let run = |gap, span| {
        let (m, _) = mine_all(&s, MineParams { max_gap: gap, max_span: span, ..Default::default() });
        m.into_iter().filter(|p| p.elements.len() > 1).map(|p| p.elements).collect::<Vec<_>>()
    };
    let v = |x: &[u32]| x.iter().map(|&i| vec![i]).collect::<Vec<_>>();
    assert_eq!(run(None, None), vec![v(&[0, 1]), v(&[0, 1, 2]), v(&[0, 2]), v(&[1, 2])]);
    assert_eq!(run(Some(3), None), vec![v(&[0, 1]), v(&[0, 1, 2]), v(&[1, 2])]);
    assert_eq!(run(Some(2), None), vec![v(&[0, 1])]);
    assert_eq!(run(None, Some(4)), vec![v(&[0, 1]), v(&[1, 2])]);
}

// ---------------------------------------------------------------------------------------------
// Timed rules against a direct recomputation.

/// The definitions of `timed.rs`, computed the long way: for every pair, every customer.
fn brute_timed(db: &Db, end: i32, n: u32) -> BTreeMap<(u32, u32), (u32, u32, u32, f64, f64, f64)> {
    let db = normalise(db);
    let n = n as i32;
    let items: BTreeSet<u32> = db.iter().flatten().flat_map(|(_, v)| v.iter().copied()).collect();
    let bought_in = |seq: &[(i32, Vec<u32>)], b: u32, lo: i32, hi: i32| {
        seq.iter().find(|(d, v)| *d > lo && *d <= hi && v.contains(&b)).map(|(d, _)| *d)
    };
    // q_B(d): share of the customers with a purchase on day d (observed until d + N) who bought B after.
    let q = |b: u32, d: i32| {
        let buyers: Vec<_> = db.iter().filter(|s| s.iter().any(|(x, _)| *x == d)).collect();
        let hit = buyers.iter().filter(|s| bought_in(s, b, d, d + n).is_some()).count();
        hit as f64 / buyers.len() as f64
    };
    let mut out = BTreeMap::new();
    for &a in &items {
        let firsts: Vec<(usize, i32)> =
            db.iter().enumerate().filter_map(|(c, s)| s.iter().find(|(_, v)| v.contains(&a)).map(|(d, _)| (c, *d))).collect();
        let observed: Vec<(usize, i32)> = firsts.iter().copied().filter(|&(_, d)| d + n < end).collect();
        let excluded = (firsts.len() - observed.len()) as u32;
        if observed.is_empty() {
            continue;
        }
        for &b in &items {
            let mut lags: Vec<i32> = observed.iter().filter_map(|&(c, d)| bought_in(&db[c], b, d, d + n).map(|x| x - d)).collect();
            if lags.is_empty() {
                continue;
            }
            lags.sort();
            let k = lags.len();
            let median = if k % 2 == 1 { lags[k / 2] as f64 } else { (lags[k / 2 - 1] + lags[k / 2]) as f64 / 2.0 };
            let base = observed.iter().map(|&(_, d)| q(b, d)).sum::<f64>() / observed.len() as f64;
            out.insert((a, b), (observed.len() as u32, excluded, k as u32, k as f64 / observed.len() as f64, median, base));
        }
    }
    out
}

fn timed_db_strategy() -> impl Strategy<Value = Db> {
    dated_db(1..15, 0u32..5, 1..4, 1..7, 1..12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Every field of every rule equals the direct recomputation (all pairs, no filters).
    #[test]
    fn timed_rules_equal_brute_force(db in timed_db_strategy(), n in 1u32..30, end in 10i32..80) {
        let seqdb = SeqDb::from_sequences(&db);
        let p = TimedParams {
            within_days: n, min_customers: 1, min_count: 1, min_share: 0.0, top: usize::MAX,
            sort: TimedSort::Lift, include_repeat: true, target: None,
        };
        let got = timed_rules(&seqdb, end, &p);
        // Scanning the windows again for each rule (beyond the memory for keeping them) changes nothing.
        prop_assert_eq!(&clientela::sequence::timed::timed_rules_rescanning(&seqdb, end, &p), &got);
        let expected = brute_timed(&db, end, n);
        prop_assert_eq!(got.rules.len(), expected.len());
        for r in &got.rules {
            let e = expected.get(&(r.antecedent, r.consequent));
            prop_assert!(e.is_some(), "unexpected rule {:?}", r);
            let &(with_a, excluded, count, share, median, base) = e.unwrap();
            prop_assert_eq!((r.customers_with_antecedent, r.excluded_short_observation, r.count), (with_a, excluded, count));
            prop_assert!((r.share - share).abs() < 1e-12);
            prop_assert_eq!(r.median_lag_days, median);
            prop_assert!((r.base_rate - base).abs() < 1e-12, "base {} vs {}", r.base_rate, base);
            prop_assert_eq!(r.lift, (base > 0.0).then(|| share / base).map(|l| r.lift.filter(|x| (x - l).abs() < 1e-9).unwrap_or(l)));
        }
        // Ranked best first by lift (unknown lift last), then share, count, ids.
        for w in got.rules.windows(2) {
            prop_assert_ne!(clientela::sequence::timed::compare(TimedSort::Lift, &w[0], &w[1]), std::cmp::Ordering::Greater);
        }
        // The target mode gives the same rows as the all-pairs run, restricted to A.
        if let Some(a) = got.rules.first().map(|r| r.antecedent) {
            let t = timed_rules(&seqdb, end, &TimedParams { target: Some(a), ..p });
            let same: Vec<_> = got.rules.iter().filter(|r| r.antecedent == a).copied().collect();
            prop_assert_eq!(t.rules, same);
            prop_assert!(t.target.is_some());
        }
    }

    /// The top K of each ranking, with the rules that cannot enter it left out before their base rates
    /// (`timed.rs`): the reference is every rule ranked (`top` unlimited: nothing is ever left out) cut to
    /// the first K, field for field, and the same run without leaving anything out, or with the bounds by
    /// lift taken over blocks of days.
    #[test]
    fn timed_top_k_equals_all_rules_cut(
        db in dated_db(1..15, prop_oneof![1 => 0u32..3, 2 => 0u32..14], 1..5, 1..9, 1..40),
        n in 1u32..30,
        end in 10i32..80,
        top in 0usize..6,
        min_count in 1u32..3,
        sort in prop_oneof![Just(TimedSort::Lift), Just(TimedSort::Share), Just(TimedSort::Count)],
    ) {
        let seqdb = SeqDb::from_sequences(&db);
        let p = TimedParams {
            within_days: n, min_customers: 1, min_count, min_share: 0.0, top: usize::MAX,
            sort, include_repeat: false, target: None,
        };
        let all = timed_rules(&seqdb, end, &p);
        let cut = TimedParams { top, ..p };
        let got = timed_rules(&seqdb, end, &cut);
        prop_assert_eq!(&got.rules[..], &all.rules[..top.min(all.rules.len())]);
        prop_assert_eq!(got.base_purchase_days, all.base_purchase_days);
        prop_assert_eq!(&timed_rules_with(&seqdb, end, &cut, false), &got);
        // The bounds by lift from blocks of several days (at most 128 blocks: one day each here).
        for blocks in [1, 2, 3, 7] {
            prop_assert_eq!(&timed_rules_with_blocks(&seqdb, end, &cut, blocks), &got, "{} blocks", blocks);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Whole analysis on tables.

const SHOP: &str = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID
1,TV,Television,1,2011-01-03 10:00,300,c1
1,CBL,Cable,1,2011-01-03 10:00,5,c1
2,SPK,Speakers,1,2011-01-20 09:00,80,c1
3,TV,Television,1,2011-01-04 11:00,300,c2
4,SPK,Speakers,1,2011-03-01 12:00,80,c2
5,TV,Television,1,2011-03-20 12:00,300,c3
C6,SPK,Speakers,-1,2011-03-25 12:00,80,c3
7,SPK,Speakers,1,2011-03-26 12:00,0,c3
8,CBL,Cable,1,2011-01-10 12:00,5,c4
9,SPK,Speakers,1,2011-01-12 12:00,80,c4
10,TV,Television,1,2011-04-01 12:00,300,c5
";

fn shop() -> Dataset {
    read_bytes(SHOP.as_bytes(), IngestOptions::default()).unwrap().0
}

/// "What comes next after TV" within 30 days, by hand from `SHOP` (as of 2011-04-02, so the last
/// observed day is 2011-04-01): TV buyers c1 (Jan 3), c2 (Jan 4), c3 (Mar 20), c5 (Apr 1); c3 and c5 are
/// observed for less than 30 days (Mar 20 + 30 = Apr 19), so 2 observed. c1 bought SPK 17 days later;
/// c2 bought SPK 56 days later (outside); c3's SPK lines are a return and a zero-price line. So SPK:
/// count 1, share 1/2, lag 17. CBL was bought by c1 the same day as TV (does not count).
/// Base rate of SPK at c1's and c2's anchor days: Jan 3 buyers {c1} -> c1 bought SPK Jan 20: 1/1;
/// Jan 4 buyers {c2} -> no SPK by Feb 3: 0/1; mean 1/2; lift 1.
#[test]
fn what_comes_next_by_hand() {
    let opts = SequenceOptions { within_days: 30, after: Some("TV".into()), min_customers: 1, min_count: 1, ..Default::default() };
    let r = sequences(&shop(), &opts).unwrap();
    assert_eq!(r.customers, 5);
    assert_eq!(r.as_of.as_deref(), Some("2011-04-02"));
    let after = r.timed.after.as_ref().unwrap();
    assert_eq!((after.buyers, after.observed, after.excluded_short_observation), (4, 2, 2));
    assert_eq!(after.name.as_deref(), Some("Television"));
    assert_eq!(r.timed_rules.len(), 1);
    let spk = &r.timed_rules[0];
    assert_eq!((spk.consequent.as_str(), spk.count, spk.customers_with_antecedent, spk.excluded_short_observation), ("SPK", 1, 2, 2));
    assert_eq!(spk.consequent_name.as_deref(), Some("Speakers"));
    assert_eq!((spk.share, spk.median_lag_days, spk.base_rate, spk.lift), (0.5, Some(17.0), 0.5, Some(1.0)));
    // By name, the same rule.
    let by_name = SequenceOptions { item_key: clientela::sequence::ItemKey::Name, after: Some("Television".into()), ..opts.clone() };
    let r2 = sequences(&shop(), &by_name).unwrap();
    assert_eq!(r2.timed_rules[0].consequent, "Speakers");
    assert_eq!(r2.timed_rules[0].count, 1);
    // An unknown item is a typed error.
    let bad = SequenceOptions { after: Some("RADIO".into()), ..opts };
    assert_eq!(sequences(&shop(), &bad).unwrap_err().code(), "unknown_item");
}

/// Patterns over the shop, by hand: with support 2 customers, <(TV),(SPK)> (c1, c2) and <(CBL),(SPK)>
/// (c1 via Jan 3 then Jan 20, c4 via Jan 10 then Jan 12) are the patterns with two elements; the
/// singletons are TV (4 buyers), SPK (c1, c2, c4: 3) and CBL (c1, c4: 2). c3's returned and free SPK are
/// no purchases. With a 10-day maximum gap only <(CBL),(SPK)> in c4 (2 days) is left: support 1.
#[test]
fn patterns_by_hand() {
    let r = sequences(&shop(), &SequenceOptions { min_support: 2.0, ..Default::default() }).unwrap();
    assert_eq!(r.min_support_count, 2);
    assert_eq!(r.patterns, 5);
    assert_eq!(r.patterns_by_length, vec![3, 2]);
    let tops: Vec<(Vec<Vec<String>>, u32)> = r.top_patterns.iter().map(|p| (p.elements.clone(), p.customers)).collect();
    let s = |x: &str| vec![x.to_string()];
    assert_eq!(tops, vec![(vec![s("CBL"), s("SPK")], 2), (vec![s("TV"), s("SPK")], 2)]);
    let gap = sequences(&shop(), &SequenceOptions { min_support: 2.0, max_gap_days: Some(10), ..Default::default() }).unwrap();
    assert!(gap.top_patterns.is_empty());
    // Elements by order: the same here (one order per customer-day).
    let by_order = sequences(&shop(), &SequenceOptions { min_support: 2.0, element: ElementKind::Order, ..Default::default() }).unwrap();
    assert_eq!(by_order.patterns, 5);
    // 0.4 of 5 customers = 2 customers.
    let frac = sequences(&shop(), &SequenceOptions { min_support: 0.4, ..Default::default() }).unwrap();
    assert_eq!((frac.min_support_count, frac.patterns), (2, 5));
}

#[test]
fn bad_options_are_typed_errors() {
    for o in [
        SequenceOptions { min_support: 0.0, ..Default::default() },
        SequenceOptions { min_support: 2.5, ..Default::default() },
        SequenceOptions { min_support: f64::NAN, ..Default::default() },
        SequenceOptions { within_days: 0, ..Default::default() },
        SequenceOptions { max_len: Some(0), ..Default::default() },
        SequenceOptions { min_share: 1.5, ..Default::default() },
        SequenceOptions { as_of: Some("yesterday".into()), ..Default::default() },
    ] {
        let e = sequences(&shop(), &o).unwrap_err();
        assert_eq!(e.code(), "bad_parameter", "{o:?}: {e}");
    }
    let no_customer =
        read_bytes(b"InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice\n1,A,1,2011-01-01,2.0\n", IngestOptions::default()).unwrap().0;
    assert_eq!(sequences(&no_customer, &SequenceOptions::default()).unwrap_err().code(), "no_customer_column");
}

// ---------------------------------------------------------------------------------------------
// The command line.

#[test]
fn cli_json_keys_are_the_contract() {
    let dir = std::env::temp_dir().join(format!("clientela-seq-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("shop.csv");
    std::fs::write(&file, SHOP).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_clientela"))
        .args([
            "sequences",
            file.to_str().unwrap(),
            "--min-support",
            "2",
            "--max-gap-days",
            "60",
            "--json",
            "--after",
            "TV",
            "--within-days",
            "30",
            "--min-customers",
            "1",
            "--min-count",
            "1",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["customers"], 5);
    assert!(v["patterns"].is_u64());
    assert!(v["top_patterns"].is_array());
    assert_eq!(v["timed_rules"][0]["consequent"], "SPK");
    assert_eq!(v["timed_rules"][0]["share"], 0.5);
    // Human-readable output names the sections.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_clientela"))
        .args(["sequences", file.to_str().unwrap(), "--min-support", "0.4", "--element", "order", "--item-key", "name"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success() && text.contains("Frequent patterns") && text.contains("Timed rules"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------------
// Online Retail against the Python reference.

fn online_retail() -> Option<&'static Dataset> {
    static DATA: OnceLock<Option<Dataset>> = OnceLock::new();
    DATA.get_or_init(|| {
        let gz = common::online_retail_gz()?;
        Some(clientela::ingest::read_bytes(&gz, IngestOptions::default()).expect("Online Retail reads").0)
    })
    .as_ref()
}

// ---------------------------------------------------------------------------------------------
// Random tables never make the analysis panic.

fn csv_strategy() -> impl Strategy<Value = String> {
    let row = (
        prop::sample::select(vec!["1", "2", "C3", "4", "", "5"]),
        prop::sample::select(vec!["A", "B", "C", "D", ""]),
        prop::sample::select(vec!["1", "-1", "0", "2", "x", ""]),
        prop::sample::select(vec!["2011-01-01", "2011-01-05", "2011-02-28 10:00", "1999-12-31", "bad", "", "2067-01-01"]),
        prop::sample::select(vec!["1.5", "0", "-2", "", "abc", "1e300"]),
        prop::sample::select(vec!["c1", "c2", "c3", ""]),
    );
    prop::collection::vec(row, 0..30).prop_map(|rows| {
        let mut s = String::from("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n");
        for (o, i, q, d, p, c) in rows {
            s.push_str(&format!("{o},{i},{q},{d},{p},{c}\n"));
        }
        s
    })
}

fn options_strategy() -> impl Strategy<Value = SequenceOptions> {
    (
        prop::sample::select(vec![0.0, 0.01, 0.5, 1.0, 1.5, 2.0, 1e12, -1.0]),
        prop::option::of(0u32..5),
        prop::option::of(prop::sample::select(vec![0u32, 3, u32::MAX])),
        prop::option::of(0u32..4),
        prop::sample::select(vec![0u32, 1, 7, u32::MAX]),
        prop::option::of(prop::sample::select(vec!["A".to_string(), "Z".to_string(), String::new()])),
        prop::sample::select(vec![ElementKind::Day, ElementKind::Order]),
        (0u32..3, 0u32..3, prop::sample::select(vec![0u32, 1, 1000]), 1u64..50, any::<bool>()),
        prop::option::of(prop::sample::select(vec!["2011-01-03".to_string(), "1932-01-01".to_string(), "2067-12-31".to_string()])),
    )
        .prop_map(
            |(
                min_support,
                max_gap_days,
                max_span_days,
                max_len,
                within_days,
                after,
                element,
                (min_customers, min_count, top, max_patterns, include_repeat),
                as_of,
            )| {
                SequenceOptions {
                    min_support,
                    max_gap_days,
                    max_span_days,
                    max_len,
                    within_days,
                    after,
                    element,
                    min_customers,
                    min_count,
                    top,
                    max_patterns,
                    include_repeat,
                    as_of,
                    ..Default::default()
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any table and any options: a report or a typed error, never a panic; a report's counts agree.
    #[test]
    fn random_tables_never_panic(csv in csv_strategy(), opts in options_strategy()) {
        let Ok((data, _)) = read_bytes(csv.as_bytes(), IngestOptions::default()) else { return Ok(()) };
        if let Ok(r) = sequences(&data, &opts) {
            prop_assert_eq!(r.patterns_by_length.iter().sum::<u64>(), r.patterns);
            prop_assert!(r.top_patterns.len() <= opts.top as usize);
            prop_assert!(r.timed_rules.iter().all(|t| t.count <= t.customers_with_antecedent && t.share <= 1.0));
        }
    }
}

/// Expected values from the independent Python reference, run from the repository root:
///
/// ```text
/// python3 tests/reference/sequence_reference.py ../shared/data/online_retail.csv.gz 85123A 90
/// ```
/// (Python 3, stdlib only). It printed as_of 2011-12-10, buyers 856, observed 690, excluded 166, and the
/// rules below (consequent, count, share, median lag, base rate, lift) among those with count >= 10.
#[test]
fn online_retail_timed_rules_match_the_python_reference() {
    let Some(data) = online_retail() else { return };
    let opts =
        SequenceOptions { patterns: false, after: Some("85123A".into()), within_days: 90, top: 5000, min_count: 1, ..Default::default() };
    let r = sequences(data, &opts).unwrap();
    assert_eq!(r.as_of.as_deref(), Some("2011-12-10"));
    let a = r.timed.after.as_ref().unwrap();
    assert_eq!((a.buyers, a.observed, a.excluded_short_observation), (856, 690, 166));
    let expected = [
        ("47566", 86, 0.1246376811594203, 49.0, 0.14402553729817003, 0.8653859829134894),
        ("84879", 77, 0.11159420289855072, 42.0, 0.10667263712047527, 1.046137096737536),
        ("22423", 75, 0.10869565217391304, 45.0, 0.15738318358645287, 0.6906433692403035),
        ("22469", 75, 0.10869565217391304, 49.0, 0.09323978883456423, 1.165764675494624),
        ("85099B", 73, 0.10579710144927536, 43.0, 0.15621422584352873, 0.6772565102697276),
        ("22470", 69, 0.1, 44.0, 0.08345893070313444, 1.1981941196407437),
    ];
    for (b, count, share, lag, base, lift) in expected {
        let row = r.timed_rules.iter().find(|x| x.consequent == b).unwrap_or_else(|| panic!("no rule 85123A -> {b}"));
        assert_eq!((row.count, row.customers_with_antecedent, row.excluded_short_observation), (count, 690, 166), "{b}");
        assert!((row.share - share).abs() < 1e-12, "{b} share {}", row.share);
        assert_eq!(row.median_lag_days, Some(lag), "{b}");
        // The sums run in a different order here and there: equal to rounding.
        assert!((row.base_rate - base).abs() < 1e-12, "{b} base {}", row.base_rate);
        assert!((row.lift.unwrap() - lift).abs() < 1e-9, "{b} lift {:?}", row.lift);
    }
}

/// Frequent patterns on Online Retail at 1 % of the customers: the count is pinned by the brute-force
/// equality above on small inputs; here the miner must agree with itself across the two code paths
/// (per-customer last-purchase lists without limits, element windows with a gap of "forever").
#[test]
fn online_retail_patterns_paths_agree() {
    let Some(data) = online_retail() else { return };
    let plain = SequenceOptions { min_support: 0.02, max_len: Some(3), min_customers: u32::MAX, ..Default::default() };
    let a = sequences(data, &plain).unwrap();
    let b = sequences(data, &SequenceOptions { max_gap_days: Some(100_000), max_span_days: Some(100_000), ..plain.clone() }).unwrap();
    assert!(a.patterns > 1000 && !a.truncated, "{} patterns", a.patterns);
    assert_eq!((a.patterns, &a.patterns_by_length, &a.top_patterns), (b.patterns, &b.patterns_by_length, &b.top_patterns));
}
