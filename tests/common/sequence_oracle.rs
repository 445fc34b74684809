//! The definition of a sequential pattern's support, for the sequence miners' tests (`mod sequence_oracle;`):
//! the brute-force oracle of `tests/sequence_paths.rs` and `tests/sequence_rows.rs`.
#![allow(dead_code)]

use clientela::sequence::SeqDb;

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
