//! Each customer's dated baskets: the sequence database both analyses read.
//!
//! A sequence is one customer's elements in time order; an element is the set of distinct items bought
//! on one day or in one order (see [`ElementKind`]) with its day. Only purchase lines count
//! ([`LineKind::Purchase`]: returns, cancellations, zero-quantity and zero- or negative-price lines do
//! not); lines without a customer id belong to no sequence; lines dated on or after the as-of date are
//! left out. Items are renumbered densely in the byte order of their key (code or name), so that ids,
//! and every tie broken by id, do not depend on the file's row order.

use crate::dataset::{ByRow, Dataset, LineKind, NONE};
use crate::segment::{AnalysisError, profile};
use crate::time::parse_day;
use crate::time::{DAY, day_of};

use super::error::SequenceError;
use super::params::{ElementKind, ItemKey};

/// Sequences in flat arrays: sequence `s` owns elements `seq_start[s]..seq_start[s + 1]`, element `e`
/// owns items `elem_start[e]..elem_start[e + 1]` (sorted, distinct) and has day `elem_day[e]`; the days
/// of a sequence never decrease.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SeqDb {
    seq_start: Vec<u32>,
    elem_day: Vec<i32>,
    elem_start: Vec<u32>,
    items: Vec<u32>,
    n_items: u32,
}

impl SeqDb {
    /// Builds a database from sequences of `(day, items)` elements (item ids should be dense: the
    /// analyses keep arrays indexed by item). Elements are put in day order
    /// (stable, so equal days keep their given order), items are sorted and deduplicated, empty elements
    /// are dropped; sequences left empty are kept (they count as customers with nothing in common).
    pub fn from_sequences(seqs: &[Vec<(i32, Vec<u32>)>]) -> SeqDb {
        let mut db = SeqDb { seq_start: vec![0], elem_start: vec![0], ..Default::default() };
        let mut order: Vec<usize> = Vec::new();
        let mut buf: Vec<u32> = Vec::new();
        for seq in seqs {
            order.clear();
            order.extend(0..seq.len());
            order.sort_by_key(|&i| seq[i].0);
            for &i in &order {
                let (day, items) = &seq[i];
                buf.clear();
                buf.extend_from_slice(items);
                buf.sort_unstable();
                buf.dedup();
                if buf.is_empty() {
                    continue;
                }
                db.push_element(*day, &buf);
            }
            db.end_sequence();
        }
        db
    }

    fn push_element(&mut self, day: i32, items: &[u32]) {
        for &x in items {
            self.n_items = self.n_items.max(x.saturating_add(1));
        }
        self.items.extend_from_slice(items);
        self.elem_day.push(day);
        self.elem_start.push(self.items.len() as u32);
    }

    fn end_sequence(&mut self) {
        self.seq_start.push(self.elem_day.len() as u32);
    }

    /// Number of sequences (customers).
    pub fn len(&self) -> usize {
        self.seq_start.len().saturating_sub(1)
    }

    /// True without sequences.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// One more than the largest item id.
    pub fn n_items(&self) -> u32 {
        self.n_items
    }

    /// Element range of sequence `s`.
    #[inline]
    pub fn elements(&self, s: usize) -> std::ops::Range<usize> {
        self.seq_start[s] as usize..self.seq_start[s + 1] as usize
    }

    /// Sorted distinct items of element `e`.
    #[inline]
    pub fn items_of(&self, e: usize) -> &[u32] {
        &self.items[self.elem_start[e] as usize..self.elem_start[e + 1] as usize]
    }

    /// Day of element `e`.
    #[inline]
    pub fn day(&self, e: usize) -> i32 {
        self.elem_day[e]
    }

    /// Customers (sequences) who bought each item.
    pub fn item_support(&self) -> Vec<u32> {
        let mut support = vec![0u32; self.n_items as usize];
        let mut stamp = vec![u32::MAX; self.n_items as usize];
        for s in 0..self.len() {
            for e in self.elements(s) {
                for &x in self.items_of(e) {
                    if stamp[x as usize] != s as u32 {
                        stamp[x as usize] = s as u32;
                        support[x as usize] += 1;
                    }
                }
            }
        }
        support
    }

    /// The same sequences with only the items where `keep[item]` is true; elements left empty are
    /// dropped (days, not positions, measure gaps, so nothing else changes). Item ids are kept.
    pub fn retain_items(&self, keep: &[bool]) -> SeqDb {
        let mut db = SeqDb { seq_start: vec![0], elem_start: vec![0], n_items: self.n_items, ..Default::default() };
        for s in 0..self.len() {
            for e in self.elements(s) {
                let before = db.items.len();
                db.items.extend(self.items_of(e).iter().filter(|&&x| keep.get(x as usize).copied().unwrap_or(false)));
                if db.items.len() > before {
                    db.elem_day.push(self.day(e));
                    db.elem_start.push(db.items.len() as u32);
                }
            }
            db.end_sequence();
        }
        db
    }

    /// The same sequences in the order `order` (a permutation of the sequence indices; an index out of
    /// range is skipped).
    pub fn reordered(&self, order: &[u32]) -> SeqDb {
        let mut db = SeqDb { seq_start: vec![0], elem_start: vec![0], n_items: self.n_items, ..Default::default() };
        for &s in order.iter().filter(|&&s| (s as usize) < self.len()) {
            for e in self.elements(s as usize) {
                db.items.extend_from_slice(self.items_of(e));
                db.elem_day.push(self.day(e));
                db.elem_start.push(db.items.len() as u32);
            }
            db.end_sequence();
        }
        db
    }

    /// Number of (element, item) entries over all sequences.
    pub fn n_entries(&self) -> usize {
        self.items.len()
    }

    /// Number of elements over all sequences.
    pub fn n_elements(&self) -> usize {
        self.elem_day.len()
    }
}

/// The sequence database of a table with its item names and dates.
#[derive(Debug, Clone)]
pub struct Events {
    /// One sequence per customer with at least one purchase before the as-of date, in customer-id order.
    pub db: SeqDb,
    /// Dataset customer id of each sequence.
    pub customer: Vec<u32>,
    /// Key (code or name) of each item id.
    pub labels: Vec<String>,
    /// Display name of each item id when items are codes and the file names them.
    pub names: Option<Vec<String>>,
    /// The as-of day: the first day not observed (days since 2000-01-01); `None` without dated rows.
    pub as_of_day: Option<i32>,
}

impl Events {
    /// Item id of a code or name: the exact key first, then (items by code) the first code whose
    /// display name is `s`.
    pub fn find_item(&self, s: &str) -> Option<u32> {
        let s = s.trim();
        if let Some(i) = self.labels.iter().position(|l| l == s) {
            return Some(i as u32);
        }
        self.names.as_ref()?.iter().position(|n| n == s).map(|i| i as u32)
    }
}

/// Builds the customers' sequences from the table.
pub fn events(ds: &Dataset, as_of: Option<&str>, element: ElementKind, item_key: ItemKey) -> Result<Events, SequenceError> {
    let (cust, time) = profile::check(ds)?;
    let as_of = as_of.map(parse_day).transpose().map_err(AnalysisError::from)?;
    let n = ds.len.min(cust.len()).min(time.len()).min(ds.item.len());
    // The default as-of date follows the profiles: the day after the last date of any used line.
    // (The day of the latest time: `day_of` never decreases.)
    let as_of_day = as_of.or_else(|| time.iter().take(n).max().map(|t| day_of(t).saturating_add(1)));
    let limit = as_of_day.unwrap_or(i32::MIN);

    // Item keys: by code, the dataset's item id; by name, the name id, or (no name) past the names.
    let n_names = ds.names.len();
    let key_of = |item: u32| -> usize {
        match item_key {
            ItemKey::Code => item as usize,
            ItemKey::Name => match ds.item_names.get(item as usize) {
                Some(&nm) if nm != NONE && (nm as usize) < n_names => nm as usize,
                _ => n_names + item as usize,
            },
        }
    };
    let key_label = |key: usize| -> String {
        match item_key {
            ItemKey::Code => ds.items.get(key as u32).to_string(),
            ItemKey::Name if key < n_names => ds.names.get(key as u32).to_string(),
            ItemKey::Name => ds.items.get((key - n_names) as u32).to_string(),
        }
    };
    let n_keys = match item_key {
        ItemKey::Code => ds.items.len(),
        ItemKey::Name => n_names + ds.items.len(),
    };

    // Order mode: an order's time is its earliest purchase line.
    let order = ds.order().filter(|_| element == ElementKind::Order);
    let mut order_time = vec![i32::MAX; order.map_or(0, |_| ds.orders.len())];
    let purchase = |i: usize| {
        cust[i] != NONE
            && (cust[i] as usize) < ds.customers.len()
            && (ds.item[i] as usize) < ds.items.len()
            && day_of(time[i]) < limit
            && ds.kind(i) == LineKind::Purchase
    };
    // Which lines are purchases, asked once (the passes below read the answer), and how many each
    // customer has.
    let mut start = vec![0u32; ds.customers.len() + 1];
    let is_purchase: Vec<bool> = (0..n)
        .map(|i| {
            let yes = purchase(i);
            if yes {
                start[cust[i] as usize + 1] += 1;
            }
            yes
        })
        .collect();
    if let Some(o) = order {
        for i in 0..n.min(o.len()) {
            if let Some(slot) = order_time.get_mut(o[i] as usize)
                && is_purchase[i]
            {
                *slot = (*slot).min(time[i]);
            }
        }
    }

    // Each customer's purchase lines in order of element, then item: a counting sort by customer
    // (customer ids are dense), then each customer's lines sorted (already so when the file is in date
    // order, as exports usually are: then nothing is sorted). By day an element is known by its day; by
    // order, by its time and then its id (a line of no order: by the start of its day, after the orders
    // of that time).
    for c in 0..ds.customers.len() {
        start[c + 1] += start[c];
    }
    let mut used = vec![false; n_keys];
    let mut key_at = |i: usize| {
        let k = key_of(ds.item[i]);
        if let Some(u) = used.get_mut(k) {
            *u = true;
        }
        k as u32
    };
    let sorted = match order {
        None => Sorted::Day(by_customer(&start, cust, &is_purchase, |i| (day_of(time[i]), key_at(i)))),
        Some(o) => Sorted::Order(by_customer(&start, cust, &is_purchase, |i| {
            let day = day_of(time[i]);
            let id = o.try_get(i).unwrap_or(NONE);
            let element = match order_time.get(id as usize) {
                Some(&t) => (t as i64, id as u64),
                None => (day as i64 * DAY, 1u64 << 32),
            };
            (element, key_at(i))
        })),
    };

    // Dense item ids in key byte order.
    let mut keys: Vec<(String, usize)> = (0..n_keys).filter(|&k| used[k]).map(|k| (key_label(k), k)).collect();
    keys.sort();
    let mut dense = vec![NONE; n_keys];
    for (id, (_, k)) in keys.iter().enumerate() {
        dense[*k] = id as u32;
    }
    let names = (item_key == ItemKey::Code && !ds.item_names.is_empty())
        .then(|| keys.iter().map(|(_, k)| ds.item_label(*k as u32).to_string()).collect());
    let labels: Vec<String> = keys.into_iter().map(|(l, _)| l).collect();

    let (mut db, customer) = match &sorted {
        Sorted::Day(lines) => sequences_of(&start, lines, &dense),
        Sorted::Order(lines) => sequences_of(&start, lines, &dense),
    };
    db.n_items = labels.len() as u32;
    // Day mode groups by day already; order mode may give two elements the same day (kept, in time order).
    Ok(Events { db, customer, labels, names, as_of_day })
}

/// Each customer's purchase lines as (element, item key), sorted (see [`events`]), by element kind.
enum Sorted {
    Day(Vec<(i32, u32)>),
    Order(Vec<((i64, u64), u32)>),
}

/// The element of a purchase line: its day, or its order's time and id (see [`events`]).
trait Element: Copy + Ord + Default {
    fn day(self) -> i32;
}

impl Element for i32 {
    fn day(self) -> i32 {
        self
    }
}

impl Element for (i64, u64) {
    fn day(self) -> i32 {
        self.0.div_euclid(DAY) as i32
    }
}

/// The purchase lines (`is_purchase`) as `line(row)`, grouped by customer (`start`: where each customer's
/// lines begin, from the counts), each customer's sorted.
fn by_customer<E: Element>(
    start: &[u32],
    cust: ByRow<'_, u32>,
    is_purchase: &[bool],
    mut line: impl FnMut(usize) -> (E, u32),
) -> Vec<(E, u32)> {
    let mut fill = start.to_vec();
    let mut lines = vec![(E::default(), 0u32); start.last().copied().unwrap_or(0) as usize];
    for (i, _) in is_purchase.iter().enumerate().filter(|(_, p)| **p) {
        let l = line(i);
        if let Some(slot) = fill.get_mut(cust[i] as usize)
            && let Some(at) = lines.get_mut(*slot as usize)
        {
            *at = l;
            *slot += 1;
        }
    }
    for w in start.windows(2) {
        if let Some(run) = lines.get_mut(w[0] as usize..w[1] as usize)
            && !run.is_sorted_by_key(|l| l.0)
        {
            run.sort_unstable();
        }
    }
    lines
}

/// The sequences of the customers' sorted lines (`start`: where each customer's begin), items renumbered
/// by `dense`, and the customer of each sequence (those with lines, in id order).
fn sequences_of<E: Element>(start: &[u32], lines: &[(E, u32)], dense: &[u32]) -> (SeqDb, Vec<u32>) {
    let mut db = SeqDb { seq_start: vec![0], elem_start: vec![0], ..Default::default() };
    let mut customer = Vec::new();
    let mut buf: Vec<u32> = Vec::new();
    for (c, w) in start.windows(2).enumerate() {
        let Some(run) = lines.get(w[0] as usize..w[1] as usize).filter(|r| !r.is_empty()) else { continue };
        for element in run.chunk_by(|a, b| a.0 == b.0) {
            buf.clear();
            buf.extend(element.iter().map(|&(_, k)| dense.get(k as usize).copied().unwrap_or(NONE)));
            buf.sort_unstable();
            buf.dedup();
            db.push_element(element[0].0.day(), &buf);
        }
        db.end_sequence();
        customer.push(c as u32);
    }
    (db, customer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{IngestOptions, read_bytes};

    #[test]
    fn from_sequences_normalises() {
        let db = SeqDb::from_sequences(&[vec![(5, vec![2, 1, 2]), (1, vec![3]), (3, vec![])], vec![]]);
        assert_eq!(db.len(), 2);
        let e: Vec<(i32, Vec<u32>)> = db.elements(0).map(|e| (db.day(e), db.items_of(e).to_vec())).collect();
        assert_eq!(e, vec![(1, vec![3]), (5, vec![1, 2])]);
        assert!(db.elements(1).is_empty());
        assert_eq!(db.n_items(), 4);
    }

    /// Rows out of date order (and customers interleaved) give each customer's elements in date order
    /// (by hand: c1 bought C on 1 March, A and B on 9 March; c2 A on 1 March, B on 5 March).
    #[test]
    fn rows_out_of_date_order() {
        let rows =
            ["1,B,1,2011-03-05,1,c2", "2,A,1,2011-03-09,1,c1", "3,C,1,2011-03-01,1,c1", "4,A,1,2011-03-01,1,c2", "5,B,1,2011-03-09,1,c1"];
        let csv = format!("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n{}\n", rows.join("\n"));
        let (ds, _) = read_bytes(csv.as_bytes(), IngestOptions::default()).unwrap();
        let db = events(&ds, None, ElementKind::Day, ItemKey::Code).unwrap().db;
        // Customers are numbered as they come: c2, then c1.
        let seq = |s: usize| -> Vec<(i32, Vec<u32>)> { db.elements(s).map(|e| (db.day(e), db.items_of(e).to_vec())).collect() };
        let day = |s: &str| crate::time::parse_day(s).unwrap();
        assert_eq!(seq(0), vec![(day("2011-03-01"), vec![0]), (day("2011-03-05"), vec![1])]);
        assert_eq!(seq(1), vec![(day("2011-03-01"), vec![2]), (day("2011-03-09"), vec![0, 1])]);
    }

    /// A permutation of the sequences: each keeps its elements, days and items; an index out of range
    /// is skipped.
    #[test]
    fn reordered_moves_whole_sequences() {
        let db = SeqDb::from_sequences(&[vec![(1, vec![0]), (2, vec![1, 2])], vec![(3, vec![2])], Vec::new()]);
        let r = db.reordered(&[1, 9, 2, 0]);
        assert_eq!(r.len(), 3);
        let seq = |d: &SeqDb, s: usize| -> Vec<(i32, Vec<u32>)> { d.elements(s).map(|e| (d.day(e), d.items_of(e).to_vec())).collect() };
        assert_eq!(seq(&r, 0), seq(&db, 1));
        assert_eq!(seq(&r, 1), seq(&db, 2));
        assert_eq!(seq(&r, 2), seq(&db, 0));
        assert_eq!((r.n_items(), r.n_entries(), r.n_elements()), (3, 4, 3));
    }

    /// Elements by day merge a customer's two orders of one day; by order they stay two elements in
    /// time order. Returns and lines without a customer are left out; items are numbered in key order.
    #[test]
    fn elements_by_day_and_by_order() {
        let csv = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n\
                   2,B,1,2011-01-03 12:00,1,c1\n1,C,1,2011-01-03 09:00,1,c1\nC3,A,-1,2011-01-04,1,c1\n\
                   4,A,1,2011-01-05,1,\n5,A,1,2011-01-06,1,c2\n";
        let (ds, _) = read_bytes(csv.as_bytes(), IngestOptions::default()).unwrap();
        let day = events(&ds, None, ElementKind::Day, ItemKey::Code).unwrap();
        assert_eq!(day.labels, vec!["A", "B", "C"]);
        assert_eq!(day.db.len(), 2);
        assert_eq!(day.db.items_of(0), &[1, 2]);
        assert_eq!(day.as_of_day, Some(crate::time::parse_day("2011-01-07").unwrap()));
        let order = events(&ds, None, ElementKind::Order, ItemKey::Code).unwrap();
        let c1: Vec<Vec<u32>> = order.db.elements(0).map(|e| order.db.items_of(e).to_vec()).collect();
        assert_eq!(c1, vec![vec![2], vec![1]]); // order 1 (09:00, C) before order 2 (12:00, B)
    }
}
