//! For the sequence miners' tests (`use crate::sequences;`): random dated
//! databases, and the definition of a pattern's support (the brute-force oracle).
#![allow(dead_code)]

use clientela::sequence::SeqDb;
use proptest::prelude::*;

/// Customers' dated elements: `(day, items)` per element, in day order.
pub type Db = Vec<Vec<(i32, Vec<u32>)>>;

/// Random databases: `customers` customers of `elements` elements, each of `basket` items drawn by `item`,
/// dated by increments of `step` days (from 0: equal days are possible, two orders on one day).
pub fn dated_db(
    step: std::ops::Range<i32>,
    item: impl Strategy<Value = u32>,
    basket: std::ops::Range<usize>,
    elements: std::ops::Range<usize>,
    customers: std::ops::Range<usize>,
) -> impl Strategy<Value = Db> {
    let element = (step, prop::collection::vec(item, basket));
    let seq = prop::collection::vec(element, elements).prop_map(|els| {
        let mut day = 0;
        els.into_iter()
            .map(|(step, items)| {
                day += step;
                (day, items)
            })
            .collect::<Vec<_>>()
    });
    prop::collection::vec(seq, customers)
}

/// Does customer `s` contain the pattern (no limits)? Greedy earliest matching is exact without limits.
pub fn contains(db: &SeqDb, s: usize, pat: &[Vec<u32>]) -> bool {
    let mut k = 0;
    for e in db.elements(s) {
        if k < pat.len() && pat[k].iter().all(|x| db.items_of(e).binary_search(x).is_ok()) {
            k += 1;
        }
    }
    k == pat.len()
}

/// The support by the definition: customers whose sequence contains the pattern.
pub fn support(db: &SeqDb, pat: &[Vec<u32>]) -> u32 {
    (0..db.len()).filter(|&s| contains(db, s, pat)).count() as u32
}
