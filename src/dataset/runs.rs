//! The keys a row shares with its neighbours — customer, order, time and the attribute values — stored
//! once per run of consecutive rows that share them all, with a run number per row.
//!
//! An order's lines follow one another in a sales export and repeat its customer, date and country: Online
//! Retail's 541,909 rows make 25,943 runs (20.9 rows each), so the keys cost ~4 bytes a row (the run
//! number) instead of 4 per key. Runs are exact: a row that differs from the one before in any key (an
//! invoice whose date changes partway) starts a new run. Reading a key of row `i` is two loads
//! ([`ByRow::get`]).

use std::collections::TryReserveError;
use std::ops::Index;

use super::{Attribute, Dataset, NONE, grow};
use crate::time::Timestamp;

/// A key column read by row: each row's value through its run.
#[derive(Debug, Clone, Copy)]
pub struct ByRow<'a, T> {
    run: &'a [u32],
    values: &'a [T],
}

impl<'a, T: Copy> ByRow<'a, T> {
    /// Value of row `i` (panics past the last row, as slice indexing does).
    #[inline(always)]
    pub fn get(&self, i: usize) -> T {
        self.values[self.run[i] as usize]
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.run.len()
    }

    /// The run of every row: the same for every key column of a table ([`ByRow::of_run`] reads a run's
    /// value).
    pub fn runs(&self) -> &'a [u32] {
        self.run
    }

    /// Value of run `k` (panics past the last run, as slice indexing does).
    #[inline(always)]
    pub fn of_run(&self, k: u32) -> T {
        self.values[k as usize]
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.run.is_empty()
    }

    /// Value of row `i`, `None` past the last row.
    #[inline]
    pub fn try_get(&self, i: usize) -> Option<T> {
        self.run.get(i).map(|&r| self.values[r as usize])
    }

    /// The values row by row.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = T> + 'a {
        let values = self.values;
        self.run.iter().map(move |&r| values[r as usize])
    }

    /// The values row by row, as a vector (for tests and small tables).
    pub fn to_vec(&self) -> Vec<T> {
        self.iter().collect()
    }
}

impl<T: Copy + PartialEq> PartialEq for ByRow<'_, T> {
    /// The same values row by row (however they are stored).
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<T> Default for ByRow<'_, T> {
    /// No rows.
    fn default() -> Self {
        ByRow { run: &[], values: &[] }
    }
}

impl<T> Index<usize> for ByRow<'_, T> {
    type Output = T;
    #[inline(always)]
    fn index(&self, i: usize) -> &T {
        &self.values[self.run[i] as usize]
    }
}

/// The keys of every row, one vector per key (a column the table does not have is `None`; attributes in
/// the order of [`Dataset::attributes`]). For tables made by code rather than read from a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowKeys {
    /// Customer id per row.
    pub customer: Option<Vec<u32>>,
    /// Order id per row.
    pub order: Option<Vec<u32>>,
    /// Time per row.
    pub time: Option<Vec<Timestamp>>,
    /// Value id per row, per attribute.
    pub attributes: Vec<Vec<u32>>,
}

/// One row's keys, as the reader appends them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Key<'a> {
    pub customer: u32,
    pub order: u32,
    pub time: Timestamp,
    pub attributes: &'a [u32],
}

impl Dataset {
    /// Customer id by row.
    #[inline]
    pub fn customer(&self) -> Option<ByRow<'_, u32>> {
        self.customer.as_deref().map(|values| ByRow { run: &self.run, values })
    }

    /// Order id by row.
    #[inline]
    pub fn order(&self) -> Option<ByRow<'_, u32>> {
        self.order.as_deref().map(|values| ByRow { run: &self.run, values })
    }

    /// Time by row.
    #[inline]
    pub fn time(&self) -> Option<ByRow<'_, Timestamp>> {
        self.time.as_deref().map(|values| ByRow { run: &self.run, values })
    }

    /// Value id ([`NONE`] when empty) of attribute `k` by row.
    #[inline]
    pub fn attribute(&self, k: usize) -> Option<ByRow<'_, u32>> {
        self.attributes.get(k).map(|a| ByRow { run: &self.run, values: &a.values })
    }

    /// Number of runs of rows sharing their keys.
    pub fn run_count(&self) -> usize {
        self.run.last().map_or(0, |&r| r as usize + 1)
    }

    /// Starts the key columns of a table being read: which of customer, order and time it has.
    pub(crate) fn start_keys(&mut self, customer: bool, order: bool, time: bool) {
        self.run.clear();
        self.customer = customer.then(Vec::new);
        self.order = order.then(Vec::new);
        self.time = time.then(Vec::new);
        for a in &mut self.attributes {
            a.values.clear();
        }
    }

    /// Appends the keys of a new row: it joins the last run when every key is the same and `split` is
    /// false (the reader splits where a date is read provisionally, see `ingest::build::dates`), else it
    /// starts a run. Columns the table does not have ignore their key.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(crate) fn push_key(&mut self, key: Key<'_>, split: bool) -> Result<(), TryReserveError> {
        grow(&mut self.run)?;
        if let Some(&last) = self.run.last()
            && !split
            && self.same_as_run(last as usize, &key)
        {
            self.run.push(last);
            return Ok(());
        }
        let next = self.run_count() as u32;
        if let Some(c) = self.customer.as_mut() {
            grow(c)?;
            c.push(key.customer);
        }
        if let Some(c) = self.order.as_mut() {
            grow(c)?;
            c.push(key.order);
        }
        if let Some(c) = self.time.as_mut() {
            grow(c)?;
            c.push(key.time);
        }
        for (k, a) in self.attributes.iter_mut().enumerate() {
            grow(&mut a.values)?;
            a.values.push(key.attributes.get(k).copied().unwrap_or(NONE));
        }
        self.run.push(next);
        Ok(())
    }

    fn same_as_run(&self, r: usize, key: &Key<'_>) -> bool {
        self.customer.as_ref().is_none_or(|c| c[r] == key.customer)
            && self.order.as_ref().is_none_or(|c| c[r] == key.order)
            && self.time.as_ref().is_none_or(|c| c[r] == key.time)
            && self.attributes.iter().enumerate().all(|(k, a)| a.values[r] == key.attributes.get(k).copied().unwrap_or(NONE))
    }

    /// The value of attribute `k` in the last row (the reader compares the next row's cell with it).
    pub(crate) fn last_attribute(&self, k: usize) -> Option<u32> {
        let &r = self.run.last()?;
        Some(self.attributes.get(k)?.values[r as usize])
    }

    /// Replaces the keys of every row (which must number [`Dataset::len`] in each present column, else
    /// nothing changes and `false` is returned); attribute vectors go to [`Dataset::attributes`] in order.
    pub fn set_keys(&mut self, keys: RowKeys) -> bool {
        let n = self.len;
        let fits = |v: &Option<Vec<_>>| v.as_ref().is_none_or(|v: &Vec<u32>| v.len() == n);
        if !fits(&keys.customer)
            || !fits(&keys.order)
            || keys.time.as_ref().is_some_and(|t| t.len() != n)
            || keys.attributes.len() != self.attributes.len()
            || keys.attributes.iter().any(|a| a.len() != n)
        {
            return false;
        }
        self.start_keys(keys.customer.is_some(), keys.order.is_some(), keys.time.is_some());
        let mut attrs = vec![NONE; keys.attributes.len()];
        for i in 0..n {
            for (slot, a) in attrs.iter_mut().zip(&keys.attributes) {
                *slot = a[i];
            }
            let key = Key {
                customer: keys.customer.as_ref().map_or(NONE, |c| c[i]),
                order: keys.order.as_ref().map_or(NONE, |c| c[i]),
                time: keys.time.as_ref().map_or(0, |c| c[i]),
                attributes: &attrs,
            };
            if self.push_key(key, false).is_err() {
                return false;
            }
        }
        self.shrink_keys();
        true
    }

    /// The keys of every row, one vector per key ([`Dataset::set_keys`]'s input).
    pub fn row_keys(&self) -> RowKeys {
        RowKeys {
            customer: self.customer().map(|c| c.to_vec()),
            order: self.order().map(|c| c.to_vec()),
            time: self.time().map(|c| c.to_vec()),
            attributes: (0..self.attributes.len()).filter_map(|k| self.attribute(k)).map(|c| c.to_vec()).collect(),
        }
    }

    /// Changes the time of the rows `pick` selects to `f(time)` (where `f` gives a new one). Each run is
    /// changed once; a run must be picked by all its rows or by none (the reader splits runs so).
    pub(crate) fn change_times(&mut self, pick: impl Fn(usize) -> bool, f: impl Fn(Timestamp) -> Option<Timestamp>) {
        let Some(times) = self.time.as_mut() else { return };
        let mut done = vec![false; times.len()];
        for (i, &r) in self.run.iter().enumerate() {
            let r = r as usize;
            if !done[r] && pick(i) {
                done[r] = true;
                if let Some(t) = f(times[r]) {
                    times[r] = t;
                }
            }
        }
    }

    /// Appends a copy of the last row's keys (an order's packed line items unpacked into rows).
    pub(super) fn repeat_last_key(&mut self) -> Result<(), TryReserveError> {
        if let Some(&r) = self.run.last() {
            self.run.try_reserve(1)?;
            self.run.push(r);
        }
        Ok(())
    }

    /// Keeps the keys of the rows where `keep[i]` is true, numbering the runs left from 0 again.
    pub(super) fn retain_keys(&mut self, keep: &[bool]) {
        let mut k = keep.iter();
        self.run.retain(|_| *k.next().unwrap_or(&true));
        let mut new_of = vec![NONE; self.run_count()];
        let mut next = 0u32;
        for r in &mut self.run {
            let slot = &mut new_of[*r as usize];
            if *slot == NONE {
                *slot = next;
                next += 1;
            }
            *r = *slot;
        }
        // Runs stay in order: a run's rows are consecutive, so renumbering keeps them increasing.
        fn compact<T: Copy>(v: &mut Option<Vec<T>>, new_of: &[u32]) {
            if let Some(v) = v {
                compact_vec(v, new_of);
            }
        }
        fn compact_vec<T: Copy>(v: &mut Vec<T>, new_of: &[u32]) {
            let mut w = 0;
            for (r, &n) in new_of.iter().enumerate() {
                if n != NONE {
                    v[w] = v[r];
                    w += 1;
                }
            }
            v.truncate(w);
        }
        compact(&mut self.customer, &new_of);
        compact(&mut self.order, &new_of);
        compact(&mut self.time, &new_of);
        for a in &mut self.attributes {
            compact_vec(&mut a.values, &new_of);
        }
    }

    /// Heap bytes of the key columns.
    pub(super) fn keys_heap_bytes(&self) -> usize {
        fn opt<T>(v: &Option<Vec<T>>) -> usize {
            v.as_ref().map_or(0, |v| v.capacity() * std::mem::size_of::<T>())
        }
        self.run.capacity() * 4
            + opt(&self.customer)
            + opt(&self.order)
            + opt(&self.time)
            + self.attributes.iter().map(|a| a.values.capacity() * 4 + a.dict.heap_bytes()).sum::<usize>()
    }

    /// Releases the key columns' spare capacity.
    pub(super) fn shrink_keys(&mut self) {
        fn o<T>(v: &mut Option<Vec<T>>) {
            if let Some(v) = v {
                v.shrink_to_fit();
            }
        }
        self.run.shrink_to_fit();
        o(&mut self.customer);
        o(&mut self.order);
        o(&mut self.time);
        for a in &mut self.attributes {
            a.values.shrink_to_fit();
        }
    }
}

impl Attribute {
    /// An attribute column without values yet (they come with the rows' keys).
    pub fn new(name: impl Into<String>, dict: super::Interner) -> Attribute {
        Attribute { name: name.into(), values: Vec::new(), dict }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Layout;

    fn table(keys: RowKeys, attrs: usize) -> Dataset {
        let mut ds = Dataset::new(Layout::LineItems);
        ds.len = keys.customer.as_ref().map_or(0, Vec::len);
        ds.attributes = (0..attrs).map(|k| Attribute::new(format!("a{k}"), Default::default())).collect();
        assert!(ds.set_keys(keys));
        ds
    }

    #[test]
    fn rows_read_back_the_keys_they_were_given() {
        // Reference: the per-row vectors themselves. Seeded keys drawn from few values, so that runs of
        // every length occur, and every key changing alone.
        let mut rng = crate::rng::Rng::new(7);
        for n in [0usize, 1, 2, 17, 500] {
            let draw = |rng: &mut crate::rng::Rng, k: u64| (0..n).map(|_| rng.below(k) as u32).collect::<Vec<u32>>();
            let keys = RowKeys {
                customer: Some(draw(&mut rng, 2)),
                order: Some(draw(&mut rng, 3)),
                time: Some(draw(&mut rng, 2).into_iter().map(|t| t as i32 * 86_400).collect()),
                attributes: vec![draw(&mut rng, 2), draw(&mut rng, 2).into_iter().map(|v| if v == 0 { NONE } else { v }).collect()],
            };
            let ds = table(keys.clone(), 2);
            assert_eq!(ds.row_keys(), keys, "{n} rows");
            assert!(ds.run_count() <= n);
            for i in 0..n {
                assert_eq!(ds.customer().unwrap()[i], keys.customer.as_ref().unwrap()[i]);
                assert_eq!(ds.attribute(1).unwrap().get(i), keys.attributes[1][i]);
            }
        }
    }

    #[test]
    fn a_row_joins_the_run_before_only_when_every_key_is_the_same() {
        // Hand-made: rows 0-1 share all keys; row 2 changes the time only; row 3 the attribute only;
        // rows 4-5 the same again. Expected runs: [0,0,1,2,3,3].
        let keys = RowKeys {
            customer: Some(vec![5, 5, 5, 5, 6, 6]),
            order: Some(vec![1, 1, 1, 1, 2, 2]),
            time: Some(vec![10, 10, 11, 11, 11, 11]),
            attributes: vec![vec![0, 0, 0, 1, 1, 1]],
        };
        let ds = table(keys, 1);
        assert_eq!(ds.run, vec![0, 0, 1, 2, 3, 3]);
        assert_eq!(ds.customer.as_deref(), Some(&[5, 5, 5, 6][..]));
    }

    #[test]
    fn keeping_some_rows_renumbers_the_runs_and_keeps_their_keys() {
        let keys =
            RowKeys { customer: Some(vec![1, 1, 2, 2, 3, 3, 4]), order: None, time: Some(vec![0, 0, 0, 0, 5, 5, 5]), attributes: vec![] };
        let mut ds = table(keys.clone(), 0);
        let keep = [true, false, false, false, true, false, true];
        ds.retain_keys(&keep);
        ds.len = keep.iter().filter(|&&k| k).count();
        let want = |v: &Vec<i32>| v.iter().zip(&keep).filter(|(_, k)| **k).map(|(x, _)| *x).collect::<Vec<_>>();
        assert_eq!(ds.time().unwrap().to_vec(), want(keys.time.as_ref().unwrap()));
        assert_eq!(ds.customer().unwrap().to_vec(), vec![1, 3, 4]);
        // Run 1 (customer 2) lost all its rows: three runs left, numbered 0, 1, 2.
        assert_eq!(ds.run, vec![0, 1, 2]);
        assert_eq!(ds.run_count(), 3);
    }

    #[test]
    fn key_vectors_of_the_wrong_length_change_nothing() {
        let mut ds = table(RowKeys { customer: Some(vec![1, 2]), ..Default::default() }, 0);
        assert!(!ds.set_keys(RowKeys { customer: Some(vec![1]), ..Default::default() }));
        assert!(!ds.set_keys(RowKeys { customer: Some(vec![1, 2]), attributes: vec![vec![0, 0]], ..Default::default() }));
        assert_eq!(ds.customer().unwrap().to_vec(), vec![1, 2]);
    }

    #[test]
    fn changed_times_change_each_picked_run_once() {
        // A change applied twice to a run would show: +1 per application.
        let keys = RowKeys { customer: Some(vec![1, 1, 1, 2, 2]), time: Some(vec![0, 0, 0, 7, 7]), ..Default::default() };
        let mut ds = table(keys, 0);
        ds.change_times(|i| i < 3, |t| Some(t + 1));
        assert_eq!(ds.time().unwrap().to_vec(), vec![1, 1, 1, 7, 7]);
    }
}
