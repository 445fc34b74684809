//! The rows of a root turned on their side: per candidate item, per customer, the customer's rows holding
//! the item as bits (SPAM's bitmaps, Ayres et al. 2002, cut per customer), and per pattern, per customer,
//! the rows where an occurrence ends. A candidate `z` of a pattern is then one AND per customer: with the
//! pattern's ends for an itemset extension, with the rows after the first end for a sequence extension;
//! the child's ends are that AND. Where [`super`] visits a child's customers once and counts all their
//! candidates a word at a time (about 450 instructions a visit), this visits each (customer, candidate)
//! pair, a few instructions each, and stops a candidate once the customers left cannot make it frequent.
//! After the [`bound`] a counted pattern has few candidates (Online Retail at 1 %: 50.7M pairs over the
//! counted patterns' customers), so this is cheaper: 7.36 G → 6.23 G instructions and about 30 % less
//! time (docs/performance.md).
//!
//! A customer's rows are its elements from its first purchase of the root item on that hold a candidate
//! or a purchase of the root, as many words as they need (64 rows a word); customers of one word (most)
//! are kept apart in flat arrays. The bitmaps of a root take `candidates × words` words, and the patterns
//! on the path at most three words per customer word each (the levels up to the length limit, at most
//! [`MAX_DEPTH`]): within [`VERT_WORDS`] together, or the root takes the rows of [`super`]. The patterns, their order, supports, work and truncation are the same.

use super::*;

/// Words of a root's item bitmaps and of the ends of the patterns on the search's path at most: 16 MB.
pub(in crate::sequence::prefixspan) const VERT_WORDS: usize = 1 << 21;

/// A root's bitmaps (see the module doc) and the projection of each pattern on the path.
#[derive(Debug, Default)]
pub(in crate::sequence::prefixspan) struct Vert {
    /// The items of the bitmaps, ascending (bit `b`: item `space[b]`).
    space: Vec<u32>,
    /// Customer `c`'s words are `off[c]..off[c + 1]` of each item's bitmap.
    off: Vec<u32>,
    /// Words of an item's bitmap (all customers).
    words: usize,
    /// Item `b`'s bitmap is `items[b * words..(b + 1) * words]`.
    items: Vec<u64>,
    levels: Vec<VLevel>,
    /// The customers of a pattern holding a candidate while it is counted, and those of its frequent
    /// ones, in order.
    hits: Vec<u64>,
    kept: Vec<u64>,
    /// Scratch of a root: per kept row, its element and whether it is a purchase of the root; per
    /// customer, its first row; one customer's words of ends (or a child's, for a customer of several).
    rows: Vec<(u32, bool)>,
    starts: Vec<u32>,
    wide: Vec<u64>,
}

/// The projection of one pattern: per customer, where its words start in the items' bitmaps, the rows
/// where an occurrence ends and the rows after the first of them. Customers of one word first (most),
/// then those of several (`wide`: offset, words, start in `ends_m`/`later_m`); customer `i` of the
/// pattern is `i` among the first, `n1 + k` for the `k`th of the others.
#[derive(Debug, Default)]
struct VLevel {
    /// The customers of one word: offset, ends, rows after the first end.
    o1: Vec<u32>,
    ends1: Vec<u64>,
    later1: Vec<u64>,
    wide: Vec<(u32, u32, u32)>,
    ends_m: Vec<u64>,
    later_m: Vec<u64>,
    /// Once counted, the frequent itemset and sequence extensions (bits, ascending), and their columns.
    i_ext: Vec<u32>,
    s_ext: Vec<u32>,
    cols: Columns,
    /// The pattern's candidate itemset and sequence extensions (bits), set by its parent ([`bound`]).
    cand_i: Vec<u32>,
    cand_s: Vec<u32>,
}

/// The rows after the first bit of `m` (one word; none when `m` is 0).
#[inline]
fn above_first(m: u64) -> u64 {
    !(m ^ m.wrapping_sub(1))
}

impl VLevel {
    fn clear(&mut self) {
        self.o1.clear();
        self.ends1.clear();
        self.later1.clear();
        self.wide.clear();
        self.ends_m.clear();
        self.later_m.clear();
    }

    fn len(&self) -> usize {
        self.o1.len() + self.wide.len()
    }

    /// Appends a customer of one word at offset `o`, ends `m`, if it has any.
    #[inline]
    fn push_one(&mut self, o: u32, m: u64) {
        if m != 0 {
            self.o1.push(o);
            self.ends1.push(m);
            self.later1.push(above_first(m));
        }
    }

    /// Appends a customer of several words at offset `o`, ends `m`, if it has any.
    fn push_wide(&mut self, o: u32, m: &[u64]) {
        if m.iter().all(|&v| v == 0) {
            return;
        }
        self.wide.push((o, m.len() as u32, self.ends_m.len() as u32));
        self.ends_m.extend_from_slice(m);
        let mut seen = false;
        for &v in m {
            // All of a word after the first word with an end.
            self.later_m.push(if seen { !0 } else { above_first(v) });
            seen |= v != 0;
        }
    }

    /// The ends (or the rows after the first end: `later`) of its `k`th customer of several words, and
    /// that customer's offset.
    #[inline]
    fn wide_at(&self, k: usize, later: bool) -> (u32, &[u64]) {
        let Some(&(o, w, at)) = self.wide.get(k) else { return (0, &[]) };
        let m = if later { &self.later_m } else { &self.ends_m };
        (o, m.get(at as usize..(at + w) as usize).unwrap_or(&[]))
    }

    /// Counts the customers whose ends (`later`: rows after the first end) meet `plane` (an item's
    /// bitmap), marking them in `hits`; stops, with a count below `min`, once `min` cannot be reached.
    fn join_count(&self, plane: &[u64], later: bool, min: u32, hits: &mut [u64]) -> u32 {
        let n = self.len() as u32;
        let Some(slack) = n.checked_sub(min) else { return 0 };
        // Customers without it so far: more than `slack` and the rest cannot make `min`.
        let mut misses = 0u32;
        let mine = if later { &self.later1 } else { &self.ends1 };
        // The customers of one word, 64 to a word of `hits` kept in a register.
        for (q, (m, o)) in mine.chunks(64).zip(self.o1.chunks(64)).enumerate() {
            let mut h = 0u64;
            for (j, (&m, &o)) in m.iter().zip(o).enumerate() {
                let hit = m & plane.get(o as usize).copied().unwrap_or(0) != 0;
                h |= (hit as u64) << j;
                misses += !hit as u32;
                if misses > slack {
                    return 0;
                }
            }
            if let Some(w) = hits.get_mut(q) {
                *w = h;
            }
        }
        let n1 = self.o1.len() as u32;
        for k in 0..self.wide.len() {
            let (o, m) = self.wide_at(k, later);
            let theirs = plane.get(o as usize..o as usize + m.len()).unwrap_or(&[]);
            let hit = m.iter().zip(theirs).any(|(&a, &b)| a & b != 0);
            let i = n1 + k as u32;
            if let Some(w) = hits.get_mut((i / 64) as usize) {
                *w |= (hit as u64) << (i % 64);
            }
            misses += !hit as u32;
            if misses > slack {
                return 0;
            }
        }
        n - misses
    }
}

impl<F: FnMut(Found<'_>) -> bool> Miner<'_, F> {
    /// Lays out the bitmaps of the root `x` (bought by `support` customers; its frequent extensions
    /// `i_items` and `s_items`, in item order) and grows it; `None` if they would not fit in
    /// [`VERT_WORDS`] (nothing is reported then).
    pub(super) fn grow_root_vertical(&mut self, x: u32, support: u32, i_items: &[u32], s_items: &[u32]) -> Option<bool> {
        let db = self.db;
        let (plo, phi) = (self.ix.pos_start[x as usize] as usize, self.ix.pos_start[x as usize + 1] as usize);
        let pos = self.ix.pos.get(plo..phi).unwrap_or(&[]);
        let (v, rank) = (&mut self.vert, &mut self.rs.rank);
        union_into(i_items, s_items, &mut v.space);
        for (r, &z) in v.space.iter().enumerate() {
            rank[z as usize] = r as u32;
        }
        // The rows: per buyer, its elements from its first purchase on that hold a candidate or a purchase.
        v.rows.clear();
        v.starts.clear();
        v.off.clear();
        v.off.push(0);
        let mut k = 0;
        while let Some(&(seq, first)) = pos.get(k) {
            v.starts.push(v.rows.len() as u32);
            let lo = v.rows.len();
            for e in first as usize..db.elements(seq as usize).end {
                let end = pos.get(k) == Some(&(seq, e as u32));
                k += end as usize;
                if end || db.items_of(e).iter().any(|&z| rank.get(z as usize).is_some_and(|&r| r != u32::MAX)) {
                    v.rows.push((e as u32, end));
                }
            }
            while pos.get(k).is_some_and(|&(s, _)| s == seq) {
                k += 1;
            }
            let w = (v.rows.len() - lo).div_ceil(64) as u32;
            v.off.push(v.off.last().copied().unwrap_or(0) + w);
        }
        v.starts.push(v.rows.len() as u32);
        let words = v.off.last().copied().unwrap_or(0) as usize;
        let depth = self.p.max_len.min(MAX_DEPTH) as usize;
        if (v.space.len() + 3 * depth).saturating_mul(words) > self.vert_words {
            for &z in &v.space {
                rank[z as usize] = u32::MAX;
            }
            return None;
        }
        v.words = words;
        v.items.clear();
        v.items.resize(v.space.len() * words, 0);
        if v.levels.is_empty() {
            v.levels.push(VLevel::default());
        }
        let lv = &mut v.levels[0];
        lv.clear();
        for c in 0..v.off.len() - 1 {
            let (r0, r1) = (v.starts[c] as usize, v.starts[c + 1] as usize);
            let o = v.off[c] as usize;
            v.wide.clear();
            v.wide.resize(v.off[c + 1] as usize - o, 0);
            for (r, &(e, end)) in v.rows[r0..r1].iter().enumerate() {
                let bit = 1u64 << (r % 64);
                if end {
                    v.wide[r / 64] |= bit;
                }
                for &z in db.items_of(e as usize) {
                    let b = rank.get(z as usize).copied().unwrap_or(u32::MAX);
                    if b != u32::MAX {
                        v.items[b as usize * words + o + r / 64] |= bit;
                    }
                }
            }
            match v.wide[..] {
                [m] => lv.push_one(o as u32, m),
                _ => lv.push_wide(o as u32, &v.wide),
            }
        }
        lv.i_ext.clear();
        lv.i_ext.extend(i_items.iter().map(|&z| rank[z as usize]));
        lv.s_ext.clear();
        lv.s_ext.extend(s_items.iter().map(|&z| rank[z as usize]));
        for &z in &v.space {
            rank[z as usize] = u32::MAX;
        }
        // The root's columns, from its extensions' bitmaps.
        let (ni, ns, n) = (lv.i_ext.len(), lv.s_ext.len(), lv.len());
        if lv.cols.reset(ni + ns, n, support, &mut self.cols_room) {
            let v = &mut self.vert;
            let lv = &mut v.levels[0];
            for col in 0..ni + ns {
                let b = if col < ni { lv.i_ext[col] } else { lv.s_ext[col - ni] };
                v.hits.clear();
                v.hits.resize(n.div_ceil(64), 0);
                let plane = v.items.get(b as usize * words..(b as usize + 1) * words).unwrap_or(&[]);
                lv.join_count(plane, col >= ni, 0, &mut v.hits);
                lv.cols.or_words(col, &v.hits);
            }
        }
        Some(self.vert_children(0))
    }

    /// [`Self::row_children`] on the bitmaps: grows each frequent extension of the pattern at
    /// `vert.levels[d]`, itemset extensions first, then sequence extensions, each in item order.
    fn vert_children(&mut self, d: usize) -> bool {
        if self.vert.levels.len() <= d + 1 {
            self.vert.levels.push(VLevel::default());
        }
        for new_element in [false, true] {
            let mut k = 0;
            loop {
                let lv = &self.vert.levels[d];
                let (on, col) = (lv.cols.on(), bound::column(lv.i_ext.len(), k, new_element));
                let Some(&y) = (if new_element { lv.s_ext.get(k) } else { lv.i_ext.get(k) }) else { break };
                let item = self.vert.space.get(y as usize).copied().unwrap_or(0);
                let support = lv.cols.count(col);
                self.items.push(item);
                self.starts.push(new_element);
                let only_report = on && (self.at_length_limit() && self.p.max_len <= MAX_DEPTH || !self.vert_candidates(d, k, new_element));
                let go = if only_report {
                    self.report(support)
                } else {
                    if !on {
                        self.vert_candidates(d, k, new_element);
                    }
                    let support = self.vert_child(d, y, col, new_element);
                    self.vert_grow(d + 1, support)
                };
                self.items.pop();
                self.starts.pop();
                if !go {
                    return false;
                }
                k += 1;
            }
        }
        if let Some(lv) = self.vert.levels.get_mut(d) {
            lv.cols.release(&mut self.cols_room);
        }
        true
    }

    /// Sets the candidates of the child of `vert.levels[d]` by its extension number `k` ([`bound`]);
    /// false if there are none.
    fn vert_candidates(&mut self, d: usize, k: usize, new_element: bool) -> bool {
        let (done, rest) = self.vert.levels.split_at_mut(d + 1);
        let (Some(lv), Some(child)) = (done.last(), rest.first_mut()) else { return false };
        lv.cols.candidates(&lv.i_ext, &lv.s_ext, k, new_element, self.p.min_support, &mut child.cand_i, &mut child.cand_s);
        !(child.cand_i.is_empty() && child.cand_s.is_empty())
    }

    /// Builds in `vert.levels[d + 1]` the projection of the pattern of `vert.levels[d]` extended by bit
    /// `y` (in its last element, or as a new element) and returns its support: its customers are those
    /// of `y`'s column `col` (without columns, every customer whose ends meet `y`).
    fn vert_child(&mut self, d: usize, y: u32, col: usize, new_element: bool) -> u32 {
        let v = &mut self.vert;
        let (done, rest) = v.levels.split_at_mut(d + 1);
        let (Some(parent), Some(child)) = (done.last(), rest.first_mut()) else { return 0 };
        child.clear();
        let plane = v.items.get(y as usize * v.words..(y as usize + 1) * v.words).unwrap_or(&[]);
        let scan = if parent.cols.on() { 0 } else { parent.len() };
        let n1 = parent.o1.len();
        let mine1 = if new_element { &parent.later1 } else { &parent.ends1 };
        for i in parent.cols.ones(col).chain(0..scan) {
            if let (Some(&m), Some(&o)) = (mine1.get(i), parent.o1.get(i)) {
                child.push_one(o, m & plane.get(o as usize).copied().unwrap_or(0));
                continue;
            }
            let (o, m) = parent.wide_at(i - n1, new_element);
            let theirs = plane.get(o as usize..o as usize + m.len()).unwrap_or(&[]);
            v.wide.clear();
            v.wide.extend(m.iter().zip(theirs).map(|(a, b)| a & b));
            child.push_wide(o, &v.wide);
        }
        child.len() as u32
    }

    /// [`Self::grow_rows`] on the bitmaps: reports the pattern at `vert.levels[d]`, counts its candidates
    /// (set by [`Self::vert_children`]) and grows the frequent ones; false = stop everything.
    fn vert_grow(&mut self, d: usize, support: u32) -> bool {
        if !self.report(support) {
            return false;
        }
        let at_limit = self.at_length_limit();
        if at_limit && self.p.max_len <= MAX_DEPTH {
            return true;
        }
        let min = self.p.min_support;
        let v = &mut self.vert;
        let Some(lv) = v.levels.get_mut(d) else { return true };
        self.stats.work += work(support, (lv.cand_i.len() + lv.cand_s.len()) as u64);
        let cw = lv.len().div_ceil(64);
        lv.i_ext.clear();
        lv.s_ext.clear();
        v.kept.clear();
        for later in [false, true] {
            let cands = if later { &lv.cand_s } else { &lv.cand_i };
            for &b in cands {
                v.hits.clear();
                v.hits.resize(cw, 0);
                let plane = v.items.get(b as usize * v.words..(b as usize + 1) * v.words).unwrap_or(&[]);
                if lv.join_count(plane, later, min, &mut v.hits) >= min {
                    if later { &mut lv.s_ext } else { &mut lv.i_ext }.push(b);
                    v.kept.extend_from_slice(&v.hits);
                }
            }
        }
        let grows = !(lv.i_ext.is_empty() && lv.s_ext.is_empty());
        if at_limit || !grows {
            // The depth cap, not the caller, stops here: say so if the pattern could grow.
            self.stats.truncated |= at_limit && grows;
            return true;
        }
        if lv.cols.reset(lv.i_ext.len() + lv.s_ext.len(), lv.len(), support, &mut self.cols_room) {
            for (col, hits) in v.kept.chunks_exact(cw.max(1)).enumerate() {
                lv.cols.or_words(col, hits);
            }
        }
        self.vert_children(d)
    }
}
