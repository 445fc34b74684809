//! Memory budgets of basket mining (issue 18, item 4): every wide-basket input gets an answer or a refusal
//! that says what to change, within a bounded number of bytes. The peak is measured by a counting global
//! allocator around each run (this test binary only), so the bound is the allocator's, not an estimate.
//! Source of the cases: the fuzzing finding (one basket of thousands of items, 1.7–53 KB files that took
//! 2 to 24 GB) and its variations: identical wide baskets, a wide basket among ordinary ones.

use std::sync::Mutex;

use clientela::basket::rules::{self, RuleParams};
use clientela::basket::{BasketError, MineParams, frequent_itemsets};

#[path = "common/counting.rs"]
mod counting;
use counting::peak_of;

#[global_allocator]
static ALLOC: counting::Counting = counting::Counting;

/// Runs one measured case at a time (the test harness runs tests on threads).
static ONE: Mutex<()> = Mutex::new(());

/// The bound every case must stay under: the 512 MB, with room to spare (the itemset and
/// working-memory budgets are 64 MB each, src/basket/itemsets.rs).
const BOUND: usize = 320 << 20;

fn flatten(baskets: &[Vec<u32>]) -> (Vec<u32>, Vec<usize>) {
    let mut items = Vec::new();
    let mut offsets = vec![0];
    for b in baskets {
        items.extend_from_slice(b);
        offsets.push(items.len());
    }
    (items, offsets)
}

/// Mines (then, when mining fits, derives rules) and returns the refusal if any, under the bound.
fn mine_bounded(name: &str, baskets: &[Vec<u32>], min_count: u32, max_len: usize) -> Option<BasketError> {
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    let (items, offsets) = flatten(baskets);
    let n = items.iter().max().map_or(0, |&m| m as usize + 1);
    let (out, peak) = peak_of(|| {
        let p = MineParams { min_count, max_len, max_itemsets: 2_000_000 };
        match frequent_itemsets(&items, &offsets, n, p) {
            Ok(sets) => {
                let r = rules::rules(&sets, &RuleParams { min_confidence: 0.1, ..RuleParams::default() });
                assert!(r.total > 0, "{name}: rules were found");
                None
            }
            Err(e) => Some(e),
        }
    });
    assert!(peak < BOUND, "{name}: peak {} MB", peak >> 20);
    eprintln!("{name}: peak {:.1} MB", peak as f64 / (1 << 20) as f64);
    out
}

#[test]
fn one_basket_of_3000_items_is_refused_within_the_bound() {
    let e = mine_bounded("3000 items", &[(0..3000).collect()], 1, usize::MAX).expect("refused");
    assert!(matches!(e, BasketError::TooManyItemsets { suggested_count: None, suggested_max_len: None, widest: 3000, .. }), "{e}");
    assert!(e.to_string().contains("widest basket has 3000 items"), "{e}");
}

#[test]
fn one_basket_of_50000_items_among_small_ones_suggests_a_support() {
    let mut baskets: Vec<Vec<u32>> = vec![(0..50_000).collect()];
    baskets.extend((0..60u32).map(|o| (0..o % 5 + 1).map(|i| i * 7).collect()));
    let e = mine_bounded("50000 items", &baskets, 1, usize::MAX).expect("refused");
    let BasketError::TooManyItemsets { suggested_count: Some(c), .. } = e else { panic!("a support is suggested: {e}") };
    // The suggestion works, under the same bound.
    assert!(mine_bounded("50000 items at the suggested support", &baskets, c, usize::MAX).is_none());
}

#[test]
fn identical_wide_baskets_suggest_a_length_that_works() {
    // 200 baskets of the same 30 items (2^30 itemsets at any support) and one of 13 other items each.
    let baskets: Vec<Vec<u32>> = (0..200u32).map(|o| (0..30).chain([30 + o % 13]).collect()).collect();
    let e = mine_bounded("30 shared items", &baskets, 2, usize::MAX).expect("refused");
    let BasketError::TooManyItemsets { suggested_count: None, suggested_max_len: Some(l), .. } = e else {
        panic!("a length is suggested: {e}")
    };
    assert!(mine_bounded("30 shared items, length limited", &baskets, 2, l).is_none());
}

#[test]
fn long_chains_of_wide_baskets_stay_within_the_bound() {
    // Ten baskets of 2,000 items that overlap by half: deep recursions over wide suffixes.
    let baskets: Vec<Vec<u32>> = (0..10u32).map(|k| (k * 1000..k * 1000 + 2000).collect()).collect();
    for min_count in [1, 2] {
        assert!(mine_bounded("overlapping wide baskets", &baskets, min_count, usize::MAX).is_some());
    }
}
