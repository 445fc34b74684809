//! The report's ranked lists of customers, the churn risk and the overdue (after [`super::value`] and
//! [`super::timing`] have scored every customer): who is on each list and in which order. The report keeps
//! the first [`super::RISK_LIST`] and [`super::timing::OVERDUE_LIST`] of them; each per-customer row carries
//! its place in the whole lists (`risk_rank`, `overdue_rank`), so the page and the command line take the
//! whole lists from the core instead of ranking the rows again.

use std::cmp::Ordering;

/// The customers `on` a list, largest `key` first, equal keys by customer id (`id`): the order of both
/// lists. A key that is not a number sorts as the caller maps it (the churn risk counts it as 0, so off
/// the list).
pub fn ranked<'a>(on: impl Iterator<Item = u32>, key: impl Fn(usize) -> f64, id: impl Fn(usize) -> &'a str) -> Vec<u32> {
    let mut list: Vec<u32> = on.collect();
    list.sort_by(|&i, &j| by_key(key(i as usize), key(j as usize)).then_with(|| id(i as usize).cmp(id(j as usize))));
    list
}

fn by_key(a: f64, b: f64) -> Ordering {
    b.total_cmp(&a)
}

/// Each of `n` customers' place in `list` (1 = first), `None` for those not on it.
pub fn places(list: &[u32], n: usize) -> Vec<Option<usize>> {
    let mut out = vec![None; n];
    for (k, &i) in list.iter().enumerate() {
        out[i as usize] = Some(k + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worked by hand: keys 3, 5, 5, 1 for ids d, b, a, c → 5 (a before b: equal keys by id), 3, 1.
    #[test]
    fn largest_key_first_ties_by_id() {
        let keys = [3.0, 5.0, 5.0, 1.0];
        let ids = ["d", "b", "a", "c"];
        let list = ranked(0..4, |i| keys[i], |i| ids[i]);
        assert_eq!(list, [2, 1, 0, 3]);
        assert_eq!(places(&list, 5), [Some(3), Some(2), Some(1), Some(4), None]);
        assert_eq!(ranked([3, 0].into_iter(), |i| keys[i], |i| ids[i]), [0, 3], "only the customers on it");
    }
}
