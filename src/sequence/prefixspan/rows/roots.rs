//! The extensions of a one-item pattern `<x>` (a root), counted before its rows are laid out: the items
//! its buyers bought after their first purchase of `x` (sequence extensions) and the items after `x` in
//! the elements holding it (itemset extensions), each once per buyer.
//!
//! Two ways, the same counts. Item by item, from the index's lists ([`Index::last_list`] and the
//! elements), with a stamp per item and customer: a step per (buyer, item). Or a word at a time, from
//! [`Wide`], every element as a row of bits over all frequent items with the OR of each row and the
//! customer's later rows: a buyer's sequence extensions are the row after its first purchase, its
//! itemset extensions the OR of its purchase rows, added into bit-sliced counters 64 items at a time.
//! Heavy buyers (hundreds of items after `x`, where most of the steps are) cost a few dozen words each
//! that way; each root takes whichever way costs less, from the sizes the work count finds anyway.

use super::*;

/// Words of [`Wide`] at most (raw and suffix rows together): 16 MB. Beyond, every root is counted item
/// by item.
pub(in crate::sequence::prefixspan) const WIDE_WORDS: usize = 1 << 21;

/// Every element of the search's sequences as a row of bits over the frequent items (see the module doc).
#[derive(Debug, Default)]
pub(in crate::sequence::prefixspan) struct Wide {
    /// Bit of each item (`u32::MAX`: not frequent), and item of each bit (ascending: bits in item order).
    bit: Vec<u32>,
    items: Vec<u32>,
    /// Words per row.
    words: usize,
    /// Row `e` (global element index): the element's frequent items.
    raw: Vec<u64>,
    /// Row `e`: the OR of row `e` and the customer's later rows.
    suf: Vec<u64>,
}

impl Wide {
    /// The rows of `db` over the items where `frequent` holds, if they fit in `max_words`.
    pub(in crate::sequence::prefixspan) fn new(db: &SeqDb, frequent: &[bool], max_words: usize) -> Option<Wide> {
        let items: Vec<u32> = (0..db.n_items()).filter(|&x| frequent.get(x as usize).copied().unwrap_or(false)).collect();
        let w = items.len().div_ceil(64).max(1);
        if db.n_elements().saturating_mul(2 * w) > max_words {
            return None;
        }
        let mut bit = vec![u32::MAX; db.n_items() as usize];
        for (b, &x) in items.iter().enumerate() {
            bit[x as usize] = b as u32;
        }
        let mut raw = vec![0u64; db.n_elements() * w];
        for e in 0..db.n_elements() {
            for &x in db.items_of(e) {
                if let Some(&b) = bit.get(x as usize) {
                    set(&mut raw[e * w..(e + 1) * w], b);
                }
            }
        }
        let mut suf = Vec::with_capacity(raw.len());
        for s in 0..db.len() {
            let r = db.elements(s);
            suffixes(&raw, &mut suf, w, r.start, r.end);
        }
        Some(Wide { bit, items, words: w, raw, suf })
    }
}

impl<F: FnMut(Found<'_>) -> bool> Miner<'_, F> {
    /// The frequent extensions of the root `x` (bought by `support` customers), in item order, into
    /// `i_items` (itemset) and `s_items` (sequence); returns the work of counting them ([`work`]: per
    /// buyer, its entries, plus one if it has any).
    pub(super) fn root_extensions(&mut self, x: u32, support: u32, i_items: &mut Vec<u32>, s_items: &mut Vec<u32>) -> u64 {
        let ix = self.ix;
        let (plo, phi) = (ix.pos_start[x as usize] as usize, ix.pos_start[x as usize + 1] as usize);
        let ps = ix.pos.get(plo..phi).unwrap_or(&[]);
        // How many items follow `x` in each of its purchases.
        let tails = ix.pos_tail.get(plo..phi).unwrap_or(&[]);
        let wide = ix.wide.as_ref().filter(|w| w.bit.get(x as usize).is_some_and(|&b| b != u32::MAX));
        // Which way: at most a step per item of each buyer, or a word per row (its suffix row and its
        // purchase rows from `x`'s word on). A step costs about as much as two words (measured with
        // callgrind on Online Retail at 1 %, before the words went through [`Small`] counters; since,
        // three or four words a step measured no different).
        let by_words = wide.filter(|wd| {
            match self.roots_by {
                RootsBy::Steps => return false,
                RootsBy::Words => return true,
                RootsBy::Cheaper => {}
            }
            let (w, j0) = (wd.words, wd.bit[x as usize] as usize / 64);
            let (mut steps, mut words) = (0usize, 0usize);
            for b in buyers(ps) {
                let seq = b[0].0 as usize;
                steps += (ix.last_start[seq + 1] - ix.last_start[seq]) as usize;
                words += w + b.len() * (w - j0);
            }
            words <= 2 * steps
        });
        i_items.clear();
        s_items.clear();
        match by_words {
            Some(wd) => self.root_by_words(wd, x, support, ps, tails, i_items, s_items),
            None => self.root_by_steps(ps, tails, i_items, s_items),
        }
    }

    /// [`Self::root_extensions`] item by item.
    fn root_by_steps(&mut self, ps: &[(u32, u32)], tails: &[u32], i_items: &mut Vec<u32>, s_items: &mut Vec<u32>) -> u64 {
        let (db, ix) = (self.db, self.ix);
        let mut work = 0;
        let mut at = 0;
        for b in buyers(ps) {
            let (seq, first) = (b[0].0, b[0].1);
            let mut n = 0u64;
            for &(e, z) in part(&ix.last_list, (ix.last_start[seq as usize], ix.last_start[seq as usize + 1])) {
                if e <= first {
                    break;
                }
                self.scratch.bump_s_once(z);
                n += 1;
            }
            for (q, &(_, e)) in b.iter().enumerate() {
                let elem = db.items_of(e as usize);
                let tail = &elem[elem.len().saturating_sub(items_after(tails, at + q))..];
                n += tail.len() as u64;
                for &z in tail {
                    self.scratch.bump_i(z, seq + 1);
                }
            }
            work += n + (n > 0) as u64;
            at += b.len();
        }
        self.scratch.take_extensions(self.p.min_support, i_items, s_items);
        work
    }

    /// [`Self::root_extensions`] a word at a time.
    #[allow(clippy::too_many_arguments)]
    fn root_by_words(
        &mut self,
        wd: &Wide,
        x: u32,
        support: u32,
        ps: &[(u32, u32)],
        tails: &[u32],
        i_items: &mut Vec<u32>,
        s_items: &mut Vec<u32>,
    ) -> u64 {
        let (db, rs, w) = (self.db, &mut self.rs, wd.words);
        let bx = wd.bit[x as usize] as usize;
        let j0 = bx / 64;
        // The bits after `x`'s in its word: the itemset extensions come after `x` in item order.
        let after_x = (!0u64).checked_shl(bx as u32 % 64 + 1).unwrap_or(0);
        let n = planes(support);
        rs.s_planes.clear();
        rs.s_planes.resize(n * w, 0);
        rs.i_planes.clear();
        rs.i_planes.resize(n * w, 0);
        rs.row.clear();
        rs.row.resize(w, 0);
        rs.s_small.reset(w);
        rs.i_small.reset(w);
        // The work: the sequence entries are the counts' total (below); the itemset entries, each
        // purchase's items after `x`; one more per buyer with any.
        let mut work = 0u64;
        let mut at = 0;
        for b in buyers(ps) {
            // The rows a few purchases on, on their way while these are added.
            if let Some(&(_, e)) = ps.get(at + AHEAD) {
                prefetch(row(&wd.suf, e as usize + 1, w));
                prefetch(row(&wd.raw, e as usize, w).get(j0..).unwrap_or(&[]));
            }
            let (seq, first) = (b[0].0 as usize, b[0].1 as usize);
            let mut any = 0;
            if first + 1 < db.elements(seq).end {
                let suf = row(&wd.suf, first + 1, w);
                any = suf.iter().fold(0, |a, &v| a | v);
                rs.s_small.add(0, suf);
            }
            let after: u64 = tails.get(at..at + b.len()).map_or(0, |t| t.iter().map(|&n| n as u64).sum());
            at += b.len();
            work += after + (any != 0 || after > 0) as u64;
            let i_row = &mut rs.row[j0..];
            i_row.iter_mut().for_each(|v| *v = 0);
            for &(_, e) in b {
                for (o, &v) in i_row.iter_mut().zip(row(&wd.raw, e as usize, w).get(j0..).unwrap_or(&[])) {
                    *o |= v;
                }
            }
            if let Some(v) = i_row.first_mut() {
                *v &= after_x;
            }
            rs.i_small.add(j0, i_row);
            if rs.s_small.full_after_one_more() {
                rs.s_small.flush(&mut rs.s_planes);
                rs.i_small.flush(&mut rs.i_planes);
            }
        }
        rs.s_small.flush(&mut rs.s_planes);
        rs.i_small.flush(&mut rs.i_planes);
        let min = self.p.min_support;
        let item = |j: usize, b: u64| wd.items.get(j * 64 + b.trailing_zeros() as usize).copied();
        for j in 0..w {
            let mut i = if j < j0 { 0 } else { at_least(&rs.i_planes, w, j, n, min) };
            if j == j0 {
                i &= after_x;
            }
            while i != 0 {
                i_items.extend(item(j, i));
                i &= i - 1;
            }
            let mut s = at_least(&rs.s_planes, w, j, n, min);
            while s != 0 {
                s_items.extend(item(j, s));
                s &= s - 1;
            }
        }
        let counted: u64 = (0..n).map(|p| rs.s_planes[p * w..(p + 1) * w].iter().map(|v| (v.count_ones() as u64) << p).sum::<u64>()).sum();
        work + counted
    }
}

/// Purchases ahead whose rows [`Miner::root_by_words`] asks for early.
const AHEAD: usize = 4;

/// How many items follow the root in its purchase at position `at` of its list, as the index recorded it
/// (`tails`, `Index::pos_tail`).
#[inline]
fn items_after(tails: &[u32], at: usize) -> usize {
    tails.get(at).map_or(0, |&n| n as usize)
}

/// The positions `ps` (sequence, element) of one item, by buyer: each slice one sequence's, in order.
fn buyers(ps: &[(u32, u32)]) -> impl Iterator<Item = &[(u32, u32)]> {
    ps.chunk_by(|a, b| a.0 == b.0)
}
