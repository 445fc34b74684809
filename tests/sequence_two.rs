//! The pattern miner on two threads (each root item's search on either thread, the helper's replayed in
//! root order) against the same miner on one thread, the reference: the same patterns in the same order
//! with the same supports and the same work before each, and the same summary (patterns, work,
//! truncation) — with and without gap and span limits, under pattern and work budgets that stop the
//! search anywhere, a length limit, and a sink that says stop.

use crate::sequences;

use clientela::sequence::SeqDb;
use clientela::sequence::prefixspan::{MineParams, MineStats, mine_on};
use proptest::prelude::*;
use sequences::{Db, dated_db};

/// Every report (elements, support, work before it), and the summary; the sink says stop after `stop_after`.
fn run(db: &SeqDb, p: MineParams, arena_words: usize, two: bool, stop_after: u64) -> (Vec<(Vec<Vec<u32>>, u32, u64)>, MineStats) {
    let mut out = Vec::new();
    let stats = mine_on(db, p, arena_words, two, |f| {
        out.push((f.elements(), f.support, f.work));
        (out.len() as u64) < stop_after
    });
    (out, stats)
}

/// Up to 40 customers, 14 items (a few popular), up to 9 elements of up to 4 items.
fn db_strategy() -> impl Strategy<Value = Db> {
    dated_db(0..5, prop_oneof![3 => 0u32..4, 2 => 0u32..14], 1..5, 0..10, 1..41)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn two_threads_report_what_one_thread_reports(
        db in db_strategy(),
        min_support in 2u32..6,
        limits in prop_oneof![Just((None, None)), (prop::option::of(0u32..6), prop::option::of(0u32..12))],
        max_len in prop::option::of(1u32..6),
        max_patterns in prop_oneof![1u64..300, Just(u64::MAX)],
        max_work in prop_oneof![1u64..3_000, Just(u64::MAX)],
        stop_after in prop_oneof![1u64..300, Just(u64::MAX)],
        arena_words in prop_oneof![Just(0usize), Just(8), Just(1 << 21)],
        at_a_report in any::<Option<prop::sample::Index>>(),
    ) {
        let seqdb = SeqDb::from_sequences(&db);
        // Or a work budget spent exactly at some report (the boundary of the budget's test).
        let max_work = match at_a_report {
            Some(i) => {
                let p = MineParams { min_support, max_gap: limits.0, max_span: limits.1, max_patterns: 20_000, ..MineParams::default() };
                let (all, _) = run(&seqdb, p, arena_words, false, u64::MAX);
                if all.is_empty() { max_work } else { all[i.index(all.len())].2 }
            }
            None => max_work,
        };
        let p = MineParams {
            min_support,
            max_gap: limits.0,
            max_span: limits.1,
            max_len: max_len.unwrap_or(u32::MAX),
            max_patterns: max_patterns.min(20_000),
            max_work,
        };
        let (got, got_stats) = run(&seqdb, p, arena_words, true, stop_after);
        let (want, want_stats) = run(&seqdb, p, arena_words, false, stop_after);
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(got_stats, want_stats);
    }
}

/// Online Retail's shape at scale without the file: 2,000 customers of a seeded shop, mined at a support
/// low enough for a long search; two threads against one, whole and stopped by each budget midway.
#[test]
fn a_long_search_on_two_threads_is_the_search_on_one() {
    let mut rng = clientela::rng::Rng::new(7);
    let db: Db = (0..2_000)
        .map(|_| {
            let n = 1 + rng.below(12) as usize;
            let mut day = 0;
            (0..n)
                .map(|_| {
                    day += rng.below(40) as i32;
                    let k = 1 + rng.below(6) as usize;
                    // Popular items first: the square of a uniform draw favours low ids.
                    let items = (0..k).map(|_| (rng.f64().powi(2) * 300.0) as u32).collect();
                    (day, items)
                })
                .collect()
        })
        .collect();
    let seqdb = SeqDb::from_sequences(&db);
    let whole = MineParams { min_support: 12, ..MineParams::default() };
    let (all, stats) = run(&seqdb, whole, 1 << 21, false, u64::MAX);
    assert!(all.len() > 2_000 && !stats.truncated, "the search should be long: {} patterns", all.len());
    for p in [
        whole,
        MineParams { max_patterns: stats.patterns / 3, ..whole },
        MineParams { max_work: stats.work / 2, ..whole },
        // Spent exactly at a report.
        MineParams { max_work: all[all.len() / 2].2, ..whole },
        MineParams { max_gap: Some(30), ..whole },
    ] {
        assert_eq!(run(&seqdb, p, 1 << 21, true, u64::MAX), run(&seqdb, p, 1 << 21, false, u64::MAX), "{p:?}");
    }
}
