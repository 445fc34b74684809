//! The pattern miner's path without limits on bitmaps (`prefixspan::rows`: each customer's elements as
//! rows of bits over the candidate items, more than 64 of them here, so rows of several words) against:
//! - the definition: every reported support recounted by direct containment (brute force), and every
//!   one-item extension of a reported pattern (and every single item) that is not reported is
//!   infrequent, so nothing frequent is missing;
//! - the projections of the same path (`mine_with_arena` with no room for bitmaps) and a mix of the two
//!   (a small room: some items on bitmaps, some on projections, narrower arenas made or not): the same
//!   patterns in the same order, the same supports, the same work counted and the same truncation, under
//!   pattern, work and length budgets; likewise with the candidates' bounds counted by pairs of columns
//!   or by the customers' rows, and with the roots' extensions counted item by item or a word at a time;
//! - the rows turned on their side (`prefixspan::rows::vertical`, the default where a root's bitmaps fit)
//!   against the rows of items (no room for them) and a mix (a small room), also on customers of more than
//!   64 elements (bitmaps of several words per customer).

use crate::sequences;

use std::collections::BTreeSet;

use clientela::sequence::SeqDb;
use clientela::sequence::prefixspan::{
    BoundBy, Found, MineParams, MineStats, RootsBy, mine, mine_with_arena, mine_with_bound_by, mine_with_bounds, mine_with_roots_by,
    mine_with_vertical,
};
use proptest::prelude::*;
use sequences::{Db, dated_db, support};

type Stream = Vec<(Vec<Vec<u32>>, u32)>;

/// Patterns at most (random databases with a low support can hold very many).
const BUDGET: u64 = 4_000;

/// The stream of a miner given a sink, and its stats.
fn stream(miner: impl FnOnce(&mut dyn FnMut(Found<'_>) -> bool) -> MineStats) -> (Stream, MineStats) {
    let mut out = Vec::new();
    let stats = miner(&mut |f: Found<'_>| {
        out.push((f.elements(), f.support));
        true
    });
    (out, stats)
}

fn stream_with(db: &SeqDb, p: MineParams, arena: Option<usize>) -> (Stream, MineStats) {
    match arena {
        Some(words) => stream(|sink| mine_with_arena(db, p, words, sink)),
        None => stream(|sink| mine(db, p, sink)),
    }
}

/// [`stream_with`] on one thread with `cols` words for the candidates' bounds.
fn stream_bounded(db: &SeqDb, p: MineParams, arena: usize, cols: usize) -> (Stream, MineStats) {
    stream(|sink| mine_with_bounds(db, p, arena, cols, sink))
}

/// Random databases with wide elements over up to 150 items (a few popular, so that more than 64 items
/// are frequent at a low support) and customers with up to 12 elements.
fn db_strategy() -> impl Strategy<Value = Db> {
    dated_db(0..3, prop_oneof![2 => 0u32..8, 3 => 0u32..150], 1..14, 0..13, 1..26)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// The definition: supports recounted by brute force, nothing frequent missing, nothing twice.
    #[test]
    fn bitmaps_equal_the_definition(db in db_strategy(), min_support in 2u32..8) {
        let seqdb = SeqDb::from_sequences(&db);
        let (got, stats) = stream_with(&seqdb, MineParams { min_support, max_patterns: BUDGET, ..MineParams::default() }, None);
        let found: BTreeSet<Vec<Vec<u32>>> = got.iter().map(|(p, _)| p.clone()).collect();
        prop_assert_eq!(found.len(), got.len(), "a pattern reported twice");
        for (pat, sup) in &got {
            prop_assert_eq!(*sup, support(&seqdb, pat), "support of {:?}", pat);
            prop_assert!(*sup >= min_support);
        }
        // Completeness needs the whole answer (the budget stops wide databases early).
        if stats.truncated {
            return Ok(());
        }
        let n_items = seqdb.n_items();
        let mut candidates: Vec<Vec<Vec<u32>>> = (0..n_items).map(|x| vec![vec![x]]).collect();
        for (pat, _) in &got {
            for y in 0..n_items {
                let mut s = pat.clone();
                s.push(vec![y]);
                candidates.push(s);
                if pat.last().and_then(|e| e.last()).is_some_and(|&z| z < y) {
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

    /// Bitmaps, projections and a mix of the two: the same stream, work and truncation under budgets.
    #[test]
    fn bitmaps_stream_what_the_projections_stream(
        db in db_strategy(),
        min_support in 2u32..6,
        max_len in prop::option::of(1u32..6),
        max_patterns in prop_oneof![1u64..300, Just(BUDGET)],
        max_work in prop_oneof![1u64..5_000, Just(u64::MAX)],
        room in 0usize..400,
        vert_room in 0usize..3_000,
    ) {
        let seqdb = SeqDb::from_sequences(&db);
        let p = MineParams { min_support, max_len: max_len.unwrap_or(u32::MAX), max_patterns, max_work, ..MineParams::default() };
        let (got, got_stats) = stream_with(&seqdb, p, None);
        let (want, want_stats) = stream_with(&seqdb, p, Some(0));
        let (mixed, mixed_stats) = stream_with(&seqdb, p, Some(room));
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(got_stats, want_stats);
        prop_assert_eq!(&mixed, &want);
        prop_assert_eq!(mixed_stats, want_stats);
        // The rows of items alone (no room for the rows on their side), and some roots on each.
        for (arena, vert) in [(usize::MAX / 4, 0), (usize::MAX / 4, vert_room), (room, vert_room)] {
            let (v, v_stats) = stream(|sink| mine_with_vertical(&seqdb, p, arena, vert, sink));
            prop_assert_eq!(&v, &want, "arena {} vertical {}", arena, vert);
            prop_assert_eq!(v_stats, want_stats, "arena {} vertical {}", arena, vert);
        }
        // The bounds counted by pairs of columns or by the customers' rows (the default takes the cheaper).
        for by in [BoundBy::Pairs, BoundBy::Rows] {
            let (bound, bound_stats) = stream(|sink| mine_with_bound_by(&seqdb, p, by, sink));
            prop_assert_eq!(&bound, &want, "{:?}", by);
            prop_assert_eq!(bound_stats, want_stats, "{:?}", by);
        }
        // The roots' extensions counted item by item or a word at a time (the default takes the cheaper).
        for by in [RootsBy::Steps, RootsBy::Words] {
            let (roots, roots_stats) = stream(|sink| mine_with_roots_by(&seqdb, p, by, sink));
            prop_assert_eq!(&roots, &want, "{:?}", by);
            prop_assert_eq!(roots_stats, want_stats, "{:?}", by);
        }
    }

    /// The candidates' bounds (`prefixspan::bound`), on the bitmaps and on the projections, with room for
    /// every pattern's columns, none (every child built, as before the bound) or some: the same patterns
    /// in the same order, supports and truncation under pattern and length budgets. Without room both
    /// paths count the same work, as with room; the bound only ever counts less.
    #[test]
    fn bounded_candidates_change_nothing_but_the_work(
        db in db_strategy(),
        min_support in 2u32..6,
        max_len in prop::option::of(1u32..6),
        max_patterns in prop_oneof![1u64..300, Just(BUDGET)],
        room in 0usize..400,
        cols in 1usize..40,
    ) {
        let seqdb = SeqDb::from_sequences(&db);
        let p = MineParams { min_support, max_len: max_len.unwrap_or(u32::MAX), max_patterns, ..MineParams::default() };
        let (want, want_stats) = stream_with(&seqdb, p, None);
        let projections = stream_bounded(&seqdb, p, 0, 0);
        for arena in [0, room, usize::MAX / 4] {
            let (none, none_stats) = stream_bounded(&seqdb, p, arena, 0);
            let (some, some_stats) = stream_bounded(&seqdb, p, arena, cols);
            prop_assert_eq!(&none, &want);
            prop_assert_eq!(&some, &want);
            prop_assert_eq!(none_stats.truncated, want_stats.truncated);
            prop_assert_eq!(some_stats.truncated, want_stats.truncated);
            prop_assert!(want_stats.work <= some_stats.work && some_stats.work <= none_stats.work, "work {} {} {}", want_stats.work, some_stats.work, none_stats.work);
            prop_assert_eq!(&none, &projections.0);
            prop_assert_eq!(none_stats, projections.1);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    /// Customers of 60 to 140 elements over a few items: a root's rows on their side take two or three
    /// words per customer. The same stream, work and truncation as the projections and the rows of items,
    /// under budgets (such customers share very many patterns).
    #[test]
    fn long_customers_stream_alike_on_every_path(
        db in dated_db(0..3, 0u32..12, 1..4, 60..140, 3..9),
        min_support in 2u32..4,
        max_len in prop::option::of(1u32..5),
        max_patterns in prop_oneof![1u64..500, Just(3_000u64)],
        max_work in prop_oneof![1u64..20_000, Just(2_000_000u64)],
    ) {
        let seqdb = SeqDb::from_sequences(&db);
        let p = MineParams { min_support, max_len: max_len.unwrap_or(u32::MAX), max_patterns, max_work, ..MineParams::default() };
        let (want, want_stats) = stream_with(&seqdb, p, Some(0));
        let (got, got_stats) = stream_with(&seqdb, p, None);
        let (rows, rows_stats) = stream(|sink| mine_with_vertical(&seqdb, p, usize::MAX / 4, 0, sink));
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(got_stats, want_stats);
        prop_assert_eq!(&rows, &want);
        prop_assert_eq!(rows_stats, want_stats);
        for (pat, sup) in got.iter().take(200) {
            prop_assert_eq!(*sup, support(&seqdb, pat), "support of {:?}", pat);
        }
    }
}

/// A customer with one long element: the patterns are the subsets of its items, longer than the depth
/// cap of the search (64 items); the bitmaps stop there with the flag, as the projections do.
#[test]
fn deep_patterns_stop_alike() {
    let items: Vec<u32> = (0..70).collect();
    let db = SeqDb::from_sequences(&[vec![(0, items.clone())], vec![(0, items)]]);
    let p = MineParams { min_support: 2, max_patterns: 2_000, ..MineParams::default() };
    let (got, got_stats) = stream_with(&db, p, None);
    let (want, want_stats) = stream_with(&db, p, Some(0));
    assert!(got_stats.truncated);
    assert_eq!((got, got_stats), (want, want_stats));
}
