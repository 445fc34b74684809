use super::*;

/// Every (itemset, support) that `walk_with` reports, as sorted item-id lists.
fn mined(items: &[u32], offsets: &[usize], n: usize, p: MineParams, pair_table: usize) -> Vec<(Vec<u32>, u32)> {
    let counts = item_counts(items, offsets, n);
    let mut raw = Vec::new();
    let (of_rank, res) = walk_with(items, offsets, &counts, p, pair_table, |set, c| {
        raw.push((set.to_vec(), c));
        Ok(())
    })
    .unwrap();
    assert!(res.is_ok());
    let mut out: Vec<(Vec<u32>, u32)> = raw
        .into_iter()
        .map(|(set, c)| {
            let mut ids: Vec<u32> = set.iter().map(|&r| of_rank[r as usize]).collect();
            ids.sort_unstable();
            (ids, c)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_root_pair_table_changes_no_result() {
    // The pair table only decides which root items are expanded: with it (large limit) and without it
    // (limit 0) the itemsets and supports must be identical, with and without a length limit. Random
    // baskets from a fixed LCG; dense enough that many items have frequent pairs and many do not.
    let mut x: u64 = 12345;
    let mut next = move |m: u64| {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (x >> 33) % m
    };
    for case in 0..60 {
        let n = 4 + (case % 20) as usize;
        let mut items = Vec::new();
        let mut offsets = vec![0usize];
        for _ in 0..(20 + next(60)) {
            let mut b: Vec<u32> = (0..1 + next(8)).map(|_| next(n as u64) as u32).collect();
            b.sort_unstable();
            b.dedup();
            items.extend_from_slice(&b);
            offsets.push(items.len());
        }
        for (min_count, max_len) in [(1, usize::MAX), (2, usize::MAX), (3, 2), (5, 3), (2, 1)] {
            let p = MineParams { min_count, max_len, max_itemsets: usize::MAX };
            let with = mined(&items, &offsets, n, p, MAX_PAIR_TABLE);
            assert_eq!(with, mined(&items, &offsets, n, p, 0), "case {case}, min {min_count}, max_len {max_len}");
            assert!(!with.is_empty());
        }
    }
}

/// Frequent itemsets by brute force (every subset of the items, tiny inputs only): the oracle of the
/// budget's suggestions. Counts the itemsets of at most `max_len` items in at least `min_count` baskets.
fn brute_count(baskets: &[Vec<u32>], n: usize, min_count: u32, max_len: usize) -> usize {
    (1u32..1 << n)
        .filter(|set| set.count_ones() as usize <= max_len)
        .filter(|&set| baskets.iter().filter(|b| b.iter().fold(0u32, |m, &i| m | 1 << i) & set == set).count() as u32 >= min_count)
        .count()
}

fn flatten(baskets: &[Vec<u32>]) -> (Vec<u32>, Vec<usize>) {
    let mut items = Vec::new();
    let mut offsets = vec![0];
    for b in baskets {
        items.extend_from_slice(b);
        offsets.push(items.len());
    }
    (items, offsets)
}

#[test]
fn a_refusal_suggests_the_least_support_and_the_longest_length_that_fit() {
    // Oracle: brute_count over every subset of 10 items. A run over a small itemset budget is refused;
    // its suggested support count fits and half of it does not (doubling: at most twice the least);
    // when no support fits, its suggested length limit fits and one more item does not (both at the
    // budget, counted by brute force).
    let mut rng = crate::rng::Rng::new(7);
    let mut next = move |m: u64| rng.below(m);
    let n = 10;
    let mut checked = (0, 0);
    for case in 0..80 {
        let baskets: Vec<Vec<u32>> = (0..(10 + next(30)))
            .map(|_| {
                let mut b: Vec<u32> = (0..1 + next(9)).map(|_| next(n as u64) as u32).collect();
                // Every other case: baskets alike (a shared core of 7 items), where no support fits.
                if case % 2 == 0 {
                    b.extend(0..7);
                }
                b.sort_unstable();
                b.dedup();
                b
            })
            .collect();
        let (items, offsets) = flatten(&baskets);
        let max_itemsets = 20 + next(60) as usize;
        let p = MineParams { min_count: 1, max_len: usize::MAX, max_itemsets };
        let fits = |c: u32, l: usize| brute_count(&baskets, n, c, l) <= max_itemsets;
        if fits(1, usize::MAX) {
            assert!(frequent_itemsets(&items, &offsets, n, p).is_ok(), "case {case}");
            continue;
        }
        let Err(BasketError::TooManyItemsets { suggested_count, suggested_max_len, widest, .. }) =
            frequent_itemsets(&items, &offsets, n, p)
        else {
            panic!("case {case}: expected a refusal")
        };
        assert_eq!(widest, baskets.iter().map(Vec::len).max().unwrap());
        match suggested_count {
            Some(c) => {
                assert!(fits(c, usize::MAX) && (c == 2 || !fits(c / 2, usize::MAX)), "case {case}: count {c}");
                assert_eq!(suggested_max_len, None, "case {case}: a support fits, no length is suggested");
                checked.0 += 1;
            }
            None => assert!(!fits(baskets.len() as u32, usize::MAX), "case {case}: no count suggested"),
        }
        if suggested_count.is_some() {
            continue;
        }
        match suggested_max_len {
            Some(l) => {
                assert!(l >= 2 && fits(1, l) && !fits(1, l + 1), "case {case}: length {l}");
                checked.1 += 1;
            }
            None => assert!(!fits(1, 2), "case {case}: no length suggested"),
        }
    }
    assert!(checked.0 > 5 && checked.1 > 5, "both suggestions were checked: {checked:?}");
}

#[test]
fn one_basket_of_thousands_of_items_is_refused_without_a_suggestion() {
    // Pins the fuzzing finding of issue 18: one basket of 3,000 items at a support of one basket has
    // 2^3000 frequent itemsets, and the itemset budget (a count) let them take gigabytes before it
    // was reached. Now the bytes are the budget: refused, nothing to suggest (no support or length fits).
    let items: Vec<u32> = (0..3000).collect();
    let offsets = vec![0, items.len()];
    let p = MineParams { min_count: 1, max_len: usize::MAX, max_itemsets: 2_000_000 };
    match frequent_itemsets(&items, &offsets, 3000, p) {
        Err(BasketError::TooManyItemsets { suggested_count: None, suggested_max_len: None, widest: 3000, .. }) => {}
        other => panic!("expected a refusal without suggestion, got {:?}", other.map(|s| s.counts.len())),
    }
}
