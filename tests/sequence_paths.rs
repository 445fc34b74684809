//! The pattern miner's path without limits (per-depth projections whose children visit only their own
//! customers) against two oracles on random sequence databases larger than the brute force of
//! `tests/sequence.rs` can enumerate:
//! - oracle 1, the miner's path with a gap and span limit, given a gap and span of "forever": the same
//!   patterns in the same order (depth first, itemset extensions then sequence extensions, in item
//!   order), with the same supports, also when a pattern budget or a length limit stops the search;
//! - oracle 2, the definition: every reported support recounted by direct containment, and every
//!   one-item extension of a reported pattern (and every single item) that is not reported is
//!   infrequent (the frequent patterns are closed downwards, so nothing is missing).

use crate::sequences;

use std::collections::BTreeSet;

use clientela::sequence::SeqDb;
use clientela::sequence::prefixspan::{MineParams, MineStats, mine};
use proptest::prelude::*;
use sequences::{Db, dated_db, support};

/// Patterns at most (random databases with a low support can hold billions).
const BUDGET: u64 = 3_000;

/// Forever, as a gap and a span: the path with limits then mines what the path without limits mines.
const FOREVER: u32 = 1_000_000;

/// The streamed patterns (elements, support) in report order, and the run's summary.
fn stream(db: &SeqDb, p: MineParams) -> (Vec<(Vec<Vec<u32>>, u32)>, MineStats) {
    let mut out = Vec::new();
    let stats = mine(db, p, |f| {
        out.push((f.elements(), f.support));
        true
    });
    (out, stats)
}

/// Random databases: up to 30 customers, 12 items (a few popular), up to 7 elements of up to 4 items.
fn db_strategy() -> impl Strategy<Value = Db> {
    dated_db(0..4, prop_oneof![3 => 0u32..4, 2 => 0u32..12], 1..5, 0..8, 1..31)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Oracle 1: the path with limits, at a gap and span of forever, streams the same patterns in the
    /// same order with the same supports, under any pattern budget and length limit.
    #[test]
    fn unlimited_path_streams_what_the_limited_path_streams(
        db in db_strategy(),
        min_support in 2u32..7,
        max_len in prop::option::of(1u32..6),
        max_patterns in prop_oneof![1u64..200, Just(BUDGET)],
    ) {
        let seqdb = SeqDb::from_sequences(&db);
        let p = MineParams {
            min_support,
            max_len: max_len.unwrap_or(u32::MAX),
            max_patterns,
            ..MineParams::default()
        };
        let (got, got_stats) = stream(&seqdb, p);
        let (want, want_stats) = stream(&seqdb, MineParams { max_gap: Some(FOREVER), max_span: Some(FOREVER), ..p });
        prop_assert_eq!(&got, &want);
        prop_assert_eq!((got_stats.patterns, got_stats.truncated), (want_stats.patterns, want_stats.truncated));
    }

    /// Oracle 2: the definition. Reported supports are recounted; nothing frequent is missing.
    #[test]
    fn unlimited_path_equals_the_definition(db in db_strategy(), min_support in 2u32..7) {
        let seqdb = SeqDb::from_sequences(&db);
        let (got, stats) = stream(&seqdb, MineParams { min_support, max_patterns: BUDGET, ..MineParams::default() });
        prop_assume!(!stats.truncated);
        let found: BTreeSet<Vec<Vec<u32>>> = got.iter().map(|(p, _)| p.clone()).collect();
        prop_assert_eq!(found.len(), got.len(), "a pattern reported twice");
        for (pat, sup) in &got {
            prop_assert_eq!(*sup, support(&seqdb, pat), "support of {:?}", pat);
            prop_assert!(*sup >= min_support);
        }
        let n_items = seqdb.n_items();
        let mut candidates: Vec<Vec<Vec<u32>>> = (0..n_items).map(|x| vec![vec![x]]).collect();
        for (pat, _) in &got {
            for y in 0..n_items {
                let mut s = pat.clone();
                s.push(vec![y]);
                candidates.push(s);
                let last = pat.last().expect("patterns are not empty");
                if last.last().is_some_and(|&z| z < y) {
                    let mut i = pat.clone();
                    if let Some(e) = i.last_mut() {
                        e.push(y);
                    }
                    candidates.push(i);
                }
            }
        }
        for c in candidates {
            if !found.contains(&c) {
                prop_assert!(support(&seqdb, &c) < min_support, "{:?} is frequent but was not reported", c);
            }
        }
    }
}
