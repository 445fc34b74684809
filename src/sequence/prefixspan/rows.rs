//! The path without limits, vertically: each customer's elements as bitmaps over the pattern's candidate
//! items (see the parent module's doc). The bitmaps follow SPAM (Ayres, Flannick, Gehrke and Yiu,
//! "Sequential pattern mining using a bitmap representation", KDD 2002), turned around: SPAM keeps one
//! bitmap per item over the elements, here one bitmap per element over the items that can still extend
//! the pattern, so that one word holds up to 64 candidates of a customer's element and the counts of all
//! candidates grow by whole words (bit-sliced counters).
//!
//! A projection (the pattern's customers) refers to rows of an [`Arena`]: per customer, its elements from
//! the first occurrence end on, each as a row of bits over the arena's item space (`raw`), and the OR of
//! that row and all later ones (`suf`). Then, without a gap limit, the sequence extensions of a customer
//! are `suf` of the row after its first end, and its itemset extensions the OR of its end rows: one row
//! per customer, plus one per end. A child keeps its parent's arena (its ends are rows of it); once a
//! pattern's extensions fit in fewer words than its arena's, its customers' rows are copied into a new,
//! narrower arena over just those items (as PrefixSpan's projections shrink), within a memory budget.
//!
//! A root whose item bitmaps fit [`VERT_WORDS`] is grown from those instead ([`vertical`]: the same rows
//! turned on their side); the arenas take the others.
//!
//! The patterns, their order, their supports, the work counted and the truncation are those of the
//! projections of [`super::unlimited`], which mines a root item whose arena would be too large.

use super::*;

mod roots;
mod vertical;
mod words;
pub(super) use roots::{WIDE_WORDS, Wide};
pub(super) use vertical::{VERT_WORDS, Vert};
use words::*;

/// Words of all arenas at most (×2: raw and suffix rows): 32 MB. A root item whose rows could need more
/// is mined by the projections of [`super::unlimited`]; a narrower arena that does not fit is not made
/// (the children then read the wider one).
pub(super) const ARENA_WORDS: usize = 1 << 21;

/// Rows of bits over an item space (see the module doc).
#[derive(Debug, Default)]
pub(super) struct Arena {
    /// The items of the bits, ascending: bit `i` of a row is item `space[i]`.
    space: Vec<u32>,
    /// Words per row.
    words: usize,
    /// Row `r` is `raw[r * words..(r + 1) * words]`: the items of one element.
    raw: Vec<u64>,
    /// The OR of row `r` and the customer's later rows.
    suf: Vec<u64>,
}

/// A customer of a projection: rows `after..hi` of the arena lie after its first occurrence end, and
/// `ends` is its range of [`RowLevel::ends`].
#[derive(Debug, Clone, Copy)]
struct Cust {
    after: u32,
    hi: u32,
    ends: (u32, u32),
}

/// The projection of one pattern (the pattern of each length has its own, reused).
#[derive(Debug, Default)]
pub(super) struct RowLevel {
    /// Index of the arena of the rows.
    arena: usize,
    custs: Vec<Cust>,
    /// Per customer, the rows where an occurrence ends, ascending.
    ends: Vec<u32>,
    /// Once counted, per customer, `2 * words`: its sequence extensions, then its itemset extensions.
    ext: Vec<u64>,
    /// Once counted, the frequent itemset and sequence extensions as bits of the arena (ascending: in
    /// item order).
    i_ext: Vec<u32>,
    s_ext: Vec<u32>,
    /// Before its children are built, the customers of each extension: `i_ext`'s columns, then
    /// `s_ext`'s ([`bound`]).
    cols: Columns,
    /// The pattern's candidate itemset and sequence extensions (bits of the arena), set by its parent.
    cand_i: Vec<u32>,
    cand_s: Vec<u32>,
}

/// Scratch of the path.
#[derive(Debug, Default)]
pub(super) struct RowScratch {
    i_mask: Vec<u64>,
    s_mask: Vec<u64>,
    /// Bit-sliced counters: plane `p` of word `j` at `[p * words + j]`.
    s_planes: Vec<u64>,
    i_planes: Vec<u64>,
    /// Counters of up to 15 in front of `s_planes` and `i_planes` (the roots' extensions).
    s_small: Small,
    i_small: Small,
    /// New bit of an old one while rows are copied to a narrower arena (`u32::MAX`: dropped).
    rank: Vec<u32>,
    /// Per word of the old rows, its bits kept, while rows are copied to a narrower arena.
    keep: Vec<u64>,
    /// Column of each itemset (sequence) extension's bit while columns are made (`u32::MAX`: none).
    col_i: Vec<u32>,
    col_s: Vec<u32>,
    union: Vec<u32>,
    /// Per word of a pattern's rows, its candidates that pass the [`bound`] (sequence, itemset).
    ok_s: Vec<u64>,
    ok_i: Vec<u64>,
    row: Vec<u64>,
    items: Vec<u32>,
}

impl RowScratch {
    pub(super) fn new(n_items: usize) -> RowScratch {
        RowScratch { rank: vec![u32::MAX; n_items], col_i: vec![u32::MAX; n_items], col_s: vec![u32::MAX; n_items], ..Default::default() }
    }
}

impl<F: FnMut(Found<'_>) -> bool> Miner<'_, F> {
    /// Rows the root item `x` could need (its buyers' elements from their first purchase of it on) times
    /// the widest row: within [`ARENA_WORDS`]?
    pub(super) fn rows_fit(&self, x: u32) -> bool {
        let ps = self.positions(x);
        let (mut rows, mut last) = (0usize, u32::MAX);
        for &(s, e) in ps {
            if s != last {
                rows += self.db.elements(s as usize).end.saturating_sub(e as usize);
                last = s;
            }
        }
        rows.saturating_mul(self.n_frequent.div_ceil(64)) <= self.arena_words
    }

    /// Reports `<x>` and grows it: its extensions are counted from the item lists (as the projections
    /// do), then its buyers' rows are laid out over just those items. False = stop everything.
    pub(super) fn grow_root_rows(&mut self, x: u32, support: u32) -> bool {
        if !self.report(support) {
            return false;
        }
        let at_limit = self.at_length_limit();
        if at_limit && self.p.max_len <= MAX_DEPTH {
            return true;
        }
        let (mut i_items, mut s_items) = (std::mem::take(&mut self.rs.items), Vec::new());
        self.stats.work += self.root_extensions(x, support, &mut i_items, &mut s_items);
        let grows = !(i_items.is_empty() && s_items.is_empty());
        if at_limit || !grows {
            // The depth cap, not the caller, stops here: say so if the pattern could grow.
            self.stats.truncated |= at_limit && grows;
            self.rs.items = i_items;
            return true;
        }
        if let Some(go) = self.grow_root_vertical(x, support, &i_items, &s_items) {
            self.rs.items = i_items;
            return go;
        }
        if self.row_levels.is_empty() {
            self.row_levels.push(RowLevel::default());
        }
        if self.arenas.is_empty() {
            self.arenas.push(Arena::default());
        }
        self.n_arenas = 1;
        let db = self.db;
        let (plo, phi) = (self.ix.pos_start[x as usize] as usize, self.ix.pos_start[x as usize + 1] as usize);
        let (ar, lv, rs) = (&mut self.arenas[0], &mut self.row_levels[0], &mut self.rs);
        // The item space: the extensions, in item order; `rank` numbers them.
        union_into(&i_items, &s_items, &mut ar.space);
        for (r, &v) in ar.space.iter().enumerate() {
            rs.rank[v as usize] = r as u32;
        }
        lv.i_ext.clear();
        lv.i_ext.extend(i_items.iter().map(|&z| rs.rank[z as usize]));
        lv.s_ext.clear();
        lv.s_ext.extend(s_items.iter().map(|&z| rs.rank[z as usize]));
        let w = ar.space.len().div_ceil(64);
        ar.words = w;
        ar.raw.clear();
        ar.suf.clear();
        lv.arena = 0;
        lv.custs.clear();
        lv.ends.clear();
        lv.ext.clear();
        mask_of(&mut rs.s_mask, w, &lv.s_ext);
        mask_of(&mut rs.i_mask, w, &lv.i_ext);
        // Each buyer's elements from its first purchase on, those holding an extension; ends = purchases.
        // A row is made in `rs.row` and copied when it holds an extension (the index's positions and the
        // ranks as local slices: the loop does not reload them).
        let pos = self.ix.pos.get(plo..phi).unwrap_or(&[]);
        let (rank, buf) = (&rs.rank[..], &mut rs.row);
        buf.clear();
        buf.resize(w, 0);
        let mut k = 0;
        while let Some(&(seq, first)) = pos.get(k) {
            let lo = ar.raw.len() / w.max(1);
            let ends_lo = lv.ends.len();
            let mut after = lo;
            for e in first as usize..db.elements(seq as usize).end {
                let end = pos.get(k) == Some(&(seq, e as u32));
                k += end as usize;
                let mut inside = false;
                for &z in db.items_of(e) {
                    let r = rank.get(z as usize).copied().unwrap_or(u32::MAX);
                    if r != u32::MAX {
                        set(buf, r);
                        inside = true;
                    }
                }
                if !inside {
                    continue;
                }
                let r = (ar.raw.len() / w) as u32;
                ar.raw.extend_from_slice(buf);
                buf.iter_mut().for_each(|v| *v = 0);
                if end {
                    lv.ends.push(r);
                }
                if e as u32 == first {
                    after = r as usize + 1;
                }
            }
            while let Some(&(s, _)) = pos.get(k)
                && s == seq
            {
                k += 1;
            }
            let hi = ar.raw.len() / w;
            suffixes(&ar.raw, &mut ar.suf, w, lo, hi);
            // Its extensions; a buyer with none is of no use to the children.
            let at = lv.ext.len();
            lv.ext.resize(at + 2 * w, 0);
            let mut any = 0;
            if after < hi {
                for (q, (&s, &m)) in row(&ar.suf, after, w).iter().zip(&rs.s_mask).enumerate() {
                    lv.ext[at + q] = s & m;
                    any |= s & m;
                }
            }
            for &e in &lv.ends[ends_lo..] {
                for (q, (&b, &m)) in row(&ar.raw, e as usize, w).iter().zip(&rs.i_mask).enumerate() {
                    lv.ext[at + w + q] |= b & m;
                    any |= b & m;
                }
            }
            if any == 0 {
                lv.ext.truncate(at);
                lv.ends.truncate(ends_lo);
                ar.raw.truncate(lo * w);
                ar.suf.truncate(lo * w);
                continue;
            }
            lv.custs.push(Cust { after: after as u32, hi: hi as u32, ends: (ends_lo as u32, lv.ends.len() as u32) });
        }
        for &z in &ar.space {
            rs.rank[z as usize] = u32::MAX;
        }
        self.rs.items = i_items;
        self.row_children(0, support)
    }

    /// Grows each frequent extension of the pattern whose projection is `row_levels[d]`, itemset
    /// extensions first, then sequence extensions, each in item order. The candidates are SPADE's, as on
    /// the other paths: the parent's frequent itemset (or sequence) extensions after the new item for an
    /// itemset extension, the parent's sequence extensions for a sequence extension; those that cannot
    /// be frequent by [`bound`] are left out, and a child with none left is only reported. `support`: the
    /// pattern's.
    fn row_children(&mut self, d: usize, support: u32) -> bool {
        if self.row_levels.len() <= d + 1 {
            self.row_levels.push(RowLevel::default());
        }
        self.columns(d, support);
        for new_element in [false, true] {
            let mut k = 0;
            loop {
                let lv = &self.row_levels[d];
                let (on, col) = (lv.cols.on(), bound::column(lv.i_ext.len(), k, new_element));
                let Some(&y) = (if new_element { lv.s_ext.get(k) } else { lv.i_ext.get(k) }) else { break };
                let item = self.arenas[lv.arena].space.get(y as usize).copied().unwrap_or(0);
                let support = lv.cols.count(col);
                self.items.push(item);
                self.starts.push(new_element);
                // With the columns, a child at the length limit or without candidates is only reported.
                let only_report =
                    on && (self.at_length_limit() && self.p.max_len <= MAX_DEPTH || !self.candidates(d, k, new_element, support));
                let go = if only_report {
                    self.report(support)
                } else {
                    if !on {
                        self.candidates(d, k, new_element, support);
                    }
                    if on && self.arenas[self.row_levels[d].arena].words == 1 {
                        let leaf = self.row_child_counted(d, y, col, new_element, support);
                        self.grow_rows(d + 1, support, Some(leaf))
                    } else {
                        let support = self.row_child(d, y, col, new_element);
                        self.grow_rows(d + 1, support, None)
                    }
                };
                self.items.pop();
                self.starts.pop();
                if !go {
                    return false;
                }
                k += 1;
            }
        }
        if let Some(lv) = self.row_levels.get_mut(d) {
            lv.cols.release(&mut self.cols_room);
        }
        true
    }

    /// Sets the candidates of the child of `row_levels[d]` by its extension number `k` of the kind
    /// `new_element` (see [`Self::row_children`]; every one when the level has no columns); false if there
    /// are none. `support`: the child's (its column's size).
    ///
    /// The [`bound`] of a candidate `z` is the number of the child's customers (its column) holding `z`
    /// as an extension of the parent of the kind it would have: counted by intersecting `z`'s column with
    /// the child's, or, when that costs more words, by adding up the child's customers' extension rows in
    /// bit-sliced counters, 64 candidates at a time (the same numbers: a column holds the customers whose
    /// row has the bit). A root's children mostly take the rows: a root has hundreds of extensions and
    /// customers, a child few of them.
    fn candidates(&mut self, d: usize, k: usize, new_element: bool, support: u32) -> bool {
        let (done, rest) = self.row_levels.split_at_mut(d + 1);
        let (Some(lv), Some(child)) = (done.last(), rest.first_mut()) else { return false };
        child.cand_i.clear();
        child.cand_s.clear();
        let w = self.arenas.get(lv.arena).map_or(0, |a| a.words);
        let col = bound::column(lv.i_ext.len(), k, new_element);
        // Pairs of columns: a word of each per candidate; rows: a word per customer of the child, per kind
        // of candidate (a sequence child's candidates are all sequence extensions of the parent). A
        // word of rows costs about twice a pair's (measured with callgrind on Online Retail at 1 %).
        let kind = if new_element { lv.s_ext.len() } else { lv.i_ext.len() };
        let pairs = (kind.saturating_sub(k + 1) + lv.s_ext.len()) * lv.cols.words();
        let rows = support as usize * w * if new_element { 2 } else { 4 };
        let by_pairs = match self.bound_by {
            BoundBy::Cheaper => pairs <= rows,
            BoundBy::Pairs => true,
            BoundBy::Rows => false,
        };
        if !lv.cols.on() || by_pairs {
            lv.cols.candidates(&lv.i_ext, &lv.s_ext, k, new_element, self.p.min_support, &mut child.cand_i, &mut child.cand_s);
            return !(child.cand_i.is_empty() && child.cand_s.is_empty());
        }
        let (rs, min) = (&mut self.rs, self.p.min_support);
        let n = planes(support);
        // A sequence child's candidates of both kinds are the parent's sequence extensions.
        let (s_planes, i_planes) = (&mut rs.s_planes, &mut rs.i_planes);
        s_planes.clear();
        s_planes.resize(n * w, 0);
        i_planes.clear();
        i_planes.resize(if new_element { 0 } else { n * w }, 0);
        for ci in lv.cols.ones(col) {
            let Some((s, i)) = lv.ext.get(ci * 2 * w..(ci + 1) * 2 * w).map(|e| e.split_at(w)) else { break };
            for (j, &x) in s.iter().enumerate() {
                add(s_planes, w, j, x);
            }
            if !new_element {
                for (j, &x) in i.iter().enumerate() {
                    add(i_planes, w, j, x);
                }
            }
        }
        rs.ok_s.clear();
        rs.ok_s.extend((0..w).map(|j| at_least(s_planes, w, j, n, min)));
        rs.ok_i.clear();
        rs.ok_i.extend((0..w).filter(|_| !new_element).map(|j| at_least(i_planes, w, j, n, min)));
        let holds = |m: &[u64], z: u32| m.get((z / 64) as usize).is_some_and(|&b| b >> (z % 64) & 1 == 1);
        let (list, ok) = if new_element { (&lv.s_ext, &rs.ok_s) } else { (&lv.i_ext, &rs.ok_i) };
        child.cand_i.extend(list.iter().skip(k + 1).filter(|&&z| holds(ok, z)));
        child.cand_s.extend(lv.s_ext.iter().filter(|&&z| holds(&rs.ok_s, z)));
        !(child.cand_i.is_empty() && child.cand_s.is_empty())
    }

    /// Fills the columns of `row_levels[d]` ([`bound`]): per frequent extension, the customers holding
    /// it, from their counted extensions.
    fn columns(&mut self, d: usize, support: u32) {
        let Some(lv) = self.row_levels.get_mut(d) else { return };
        let w = self.arenas.get(lv.arena).map_or(0, |a| a.words);
        let rs = &mut self.rs;
        let ni = lv.i_ext.len();
        if !lv.cols.reset(ni + lv.s_ext.len(), lv.custs.len(), support, &mut self.cols_room) {
            return;
        }
        for (c, &z) in lv.i_ext.iter().enumerate() {
            rs.col_i[z as usize] = c as u32;
        }
        for (c, &z) in lv.s_ext.iter().enumerate() {
            rs.col_s[z as usize] = (ni + c) as u32;
        }
        for (ci, ext) in lv.ext.chunks_exact(2 * w.max(1)).enumerate().take(lv.custs.len()) {
            for (j, &word) in ext.iter().enumerate() {
                let (col, at) = if j < w { (&rs.col_s, j) } else { (&rs.col_i, j - w) };
                let mut b = word;
                while b != 0 {
                    let c = col.get(at * 64 + b.trailing_zeros() as usize).copied().unwrap_or(u32::MAX);
                    if c != u32::MAX {
                        lv.cols.set(c as usize, ci as u32);
                    }
                    b &= b - 1;
                }
            }
        }
        for &z in &lv.i_ext {
            rs.col_i[z as usize] = u32::MAX;
        }
        for &z in &lv.s_ext {
            rs.col_s[z as usize] = u32::MAX;
        }
    }

    /// Builds in `row_levels[d + 1]` the projection of the pattern of `row_levels[d]` extended by bit
    /// `y` (in its last element, or as a new element), and returns its support: its customers are those
    /// of `y`'s column `col` (without columns, those whose extensions hold `y`).
    fn row_child(&mut self, d: usize, y: u32, col: usize, new_element: bool) -> u32 {
        let (done, rest) = self.row_levels.split_at_mut(d + 1);
        let (Some(parent), Some(child)) = (done.last(), rest.first_mut()) else { return 0 };
        let ar = &self.arenas[parent.arena];
        let w = ar.words;
        child.arena = parent.arena;
        child.custs.clear();
        child.ends.clear();
        let (yw, yb) = ((y / 64) as usize, 1u64 << (y % 64));
        let half = if new_element { 0 } else { w };
        let holds = |&ci: &usize| parent.ext.get(ci * 2 * w + half + yw).is_some_and(|&b| b & yb != 0);
        let scan = if parent.cols.on() { 0 } else { parent.custs.len() };
        let first_only = child.cand_i.is_empty();
        for ci in parent.cols.ones(col).chain((0..scan).filter(holds)) {
            let Some(c) = parent.custs.get(ci) else { break };
            if let Some(cust) = child_ends(c, &parent.ends, ar, y, new_element, first_only, &mut child.ends) {
                child.custs.push(cust);
            }
        }
        child.custs.len() as u32
    }

    /// [`Self::row_child`] for a pattern with columns and rows of one word, counting each customer's
    /// extensions as it is built (what [`Self::grow_rows`] would count after). `support` is the column's.
    /// Once no candidate can reach the minimum support with the customers left, it stops and returns
    /// true: the child is a leaf, and its projection is left part built (most children: their candidates
    /// passed the [`bound`] but none is frequent).
    fn row_child_counted(&mut self, d: usize, y: u32, col: usize, new_element: bool, support: u32) -> bool {
        let (done, rest) = self.row_levels.split_at_mut(d + 1);
        let (Some(parent), Some(child)) = (done.last(), rest.first_mut()) else { return false };
        let (ar, rs, min) = (&self.arenas[parent.arena], &mut self.rs, self.p.min_support);
        child.arena = parent.arena;
        child.custs.clear();
        child.ends.clear();
        child.ext.clear();
        child.custs.reserve(support as usize);
        child.ext.reserve(2 * support as usize);
        let (sm, im) = (one_word(&child.cand_s), one_word(&child.cand_i));
        let first_only = child.cand_i.is_empty();
        let planes = planes(support);
        rs.s_planes.clear();
        rs.s_planes.resize(planes, 0);
        rs.i_planes.clear();
        rs.i_planes.resize(planes, 0);
        // A candidate counted `n` times can reach at most `n + left`: none can once the most counted, `m`,
        // has `m + left < min`. A check that finds `m + left = min + g` (g ≥ 0) says that no stop can come
        // in the next `g` customers (`m` never falls, `left` falls by one), so the next check is after
        // them; the first is where `left` falls below `min`. The same stop as a check per customer.
        let mut left = support;
        let mut check_at = min.saturating_sub(1);
        for ci in parent.cols.ones(col) {
            left = left.saturating_sub(1);
            let Some(c) = parent.custs.get(ci) else { break };
            let Some(cust) = child_ends(c, &parent.ends, ar, y, new_element, first_only, &mut child.ends) else { continue };
            let (s, i) = one_word_ext(&cust, &child.ends, &ar.raw, &ar.suf, sm, im);
            child.ext.push(s);
            child.ext.push(i);
            add(&mut rs.s_planes, 1, 0, s);
            add(&mut rs.i_planes, 1, 0, i);
            child.custs.push(cust);
            if left <= check_at {
                let m = most(&rs.s_planes, planes, sm).max(most(&rs.i_planes, planes, im));
                if m + left < min {
                    return true;
                }
                check_at = left.saturating_sub(m + left - min + 1);
            }
        }
        false
    }

    /// Reports the pattern whose projection is `row_levels[d]` and grows it from its candidates (set by
    /// [`Self::row_children`]); false = stop everything. `counted`: `None` to count its extensions here;
    /// `Some(leaf)` when they were counted while it was built ([`Self::row_child_counted`]), `leaf` when
    /// that count stopped early (no frequent extension).
    fn grow_rows(&mut self, d: usize, support: u32, counted: Option<bool>) -> bool {
        if !self.report(support) {
            return false;
        }
        let at_limit = self.at_length_limit();
        if at_limit && self.p.max_len <= MAX_DEPTH {
            return true;
        }
        let Some(lv) = self.row_levels.get_mut(d) else { return true };
        let ar = &self.arenas[lv.arena];
        let rs = &mut self.rs;
        let w = ar.words;
        mask_of(&mut rs.i_mask, w, &lv.cand_i);
        mask_of(&mut rs.s_mask, w, &lv.cand_s);
        // The work is fixed before the count, however far the count goes.
        self.stats.work += work(support, (lv.cand_i.len() + lv.cand_s.len()) as u64);
        let planes = planes(support);
        // Count, unless it was counted while it was built ([`Self::row_child_counted`]).
        if counted.is_none() {
            count(lv, ar, rs, planes);
        }
        let min = self.p.min_support;
        lv.i_ext.clear();
        lv.s_ext.clear();
        // A leaf found while building has no frequent extension.
        for j in (0..w).filter(|_| counted != Some(true)) {
            // Each list stays in bit order: the words ascend.
            let mut i = at_least(&rs.i_planes, w, j, planes, min) & rs.i_mask[j];
            while i != 0 {
                lv.i_ext.push((j * 64) as u32 + i.trailing_zeros());
                i &= i - 1;
            }
            let mut s = at_least(&rs.s_planes, w, j, planes, min) & rs.s_mask[j];
            while s != 0 {
                lv.s_ext.push((j * 64) as u32 + s.trailing_zeros());
                s &= s - 1;
            }
        }
        let grows = !(lv.i_ext.is_empty() && lv.s_ext.is_empty());
        if at_limit || !grows {
            // The depth cap, not the caller, stops here: say so if the pattern could grow.
            self.stats.truncated |= at_limit && grows;
            return true;
        }
        let narrowed = self.narrow(d);
        let go = self.row_children(d, support);
        if narrowed {
            self.n_arenas -= 1;
        }
        go
    }

    /// When the extensions of the pattern at `row_levels[d]` fit in fewer words than its arena, copies
    /// its customers' rows into a new arena over just those items (and drops the customers without an
    /// extension); true if it did. Without room in [`ARENA_WORDS`], only drops those customers.
    fn narrow(&mut self, d: usize) -> bool {
        let Some(lv) = self.row_levels.get_mut(d) else { return false };
        let rs = &mut self.rs;
        let w = self.arenas[lv.arena].words;
        union_into(&lv.i_ext, &lv.s_ext, &mut rs.union);
        let nw = rs.union.len().div_ceil(64);
        let rows_needed: usize = lv.custs.iter().map(|c| (c.hi - c.after) as usize + 1).sum();
        let used: usize = self.arenas[..self.n_arenas].iter().map(|a| a.raw.len()).sum();
        if nw >= w || used + rows_needed * nw > self.arena_words {
            // Same arena: keep the customers with an extension.
            let mut out = 0;
            for ci in 0..lv.custs.len() {
                if lv.ext[ci * 2 * w..(ci + 1) * 2 * w].iter().all(|&x| x == 0) {
                    continue;
                }
                lv.custs[out] = lv.custs[ci];
                lv.ext.copy_within(ci * 2 * w..(ci + 1) * 2 * w, out * 2 * w);
                out += 1;
            }
            lv.custs.truncate(out);
            lv.ext.truncate(out * 2 * w);
            return false;
        }
        for (r, &z) in rs.union.iter().enumerate() {
            rs.rank[z as usize] = r as u32;
        }
        mask_of(&mut rs.keep, w, &rs.union);
        if self.arenas.len() <= self.n_arenas {
            self.arenas.push(Arena::default());
        }
        let na = self.n_arenas;
        self.n_arenas += 1;
        let (old, new) = self.arenas.split_at_mut(na);
        let (Some(oa), Some(ar)) = (old.get(lv.arena), new.first_mut()) else { return false };
        ar.words = nw;
        ar.space.clear();
        ar.space.extend(rs.union.iter().map(|&z| oa.space.get(z as usize).copied().unwrap_or(0)));
        ar.raw.clear();
        ar.suf.clear();
        rs.row.clear();
        rs.row.resize(2 * nw, 0);
        let (mut out_c, mut out_e) = (0, 0);
        for ci in 0..lv.custs.len() {
            let c = lv.custs[ci];
            let (t_s, t_i) = rs.row.split_at_mut(nw);
            let s_any = compact(&lv.ext[ci * 2 * w..ci * 2 * w + w], &rs.keep, &rs.rank, t_s);
            let i_any = compact(&lv.ext[ci * 2 * w + w..(ci + 1) * 2 * w], &rs.keep, &rs.rank, t_i);
            if !(s_any || i_any) {
                continue;
            }
            // In place: the new rows are narrower and never ahead of the old ones.
            lv.ext[out_c * 2 * nw..(out_c + 1) * 2 * nw].copy_from_slice(&rs.row);
            let (e0, e1) = (c.ends.0 as usize, c.ends.1 as usize);
            let lo = lv.ends.get(e0).map_or(c.after, |&e| e.min(c.after));
            let base = (ar.raw.len() / nw) as u32;
            // Rows without an item of the new space are dropped (as the root's are): no child's end is
            // one, and they add nothing to an extension. An end among them is dropped too, and `after`
            // moves to the first row kept from the old `after` on.
            let (mut q, ne) = (e0, out_e);
            let mut after = None;
            for r in lo as usize..c.hi as usize {
                let at = ar.raw.len();
                let any = if nw == 1 {
                    let v = compact_word(row(&oa.raw, r, w), &rs.keep, &rs.rank);
                    ar.raw.push(v);
                    v != 0
                } else {
                    ar.raw.resize(at + nw, 0);
                    compact(row(&oa.raw, r, w), &rs.keep, &rs.rank, &mut ar.raw[at..])
                };
                // `lv.ends` is rewritten in place: `out_e` never passes `q`.
                let end = q < e1 && lv.ends.get(q) == Some(&(r as u32));
                q += end as usize;
                if !any {
                    ar.raw.truncate(at);
                    continue;
                }
                let nr = (at / nw) as u32;
                if end {
                    lv.ends[out_e] = nr;
                    out_e += 1;
                }
                if after.is_none() && r as u32 >= c.after {
                    after = Some(nr);
                }
            }
            let hi = (ar.raw.len() / nw) as u32;
            suffixes(&ar.raw, &mut ar.suf, nw, base as usize, hi as usize);
            lv.custs[out_c] = Cust { after: after.unwrap_or(hi), hi, ends: (ne as u32, out_e as u32) };
            out_c += 1;
        }
        lv.custs.truncate(out_c);
        lv.ends.truncate(out_e);
        lv.ext.truncate(out_c * 2 * nw);
        for v in lv.i_ext.iter_mut().chain(lv.s_ext.iter_mut()) {
            *v = rs.rank[*v as usize];
        }
        for &z in &rs.union {
            rs.rank[z as usize] = u32::MAX;
        }
        lv.arena = na;
        true
    }
}

/// [`Miner::grow_rows`]'s count of the extensions of the projection `lv` (rows of `ar`) into the bit-sliced
/// counters of `rs` (`planes` each) and `lv.ext`: per customer, one suffix row and its end rows.
fn count(lv: &mut RowLevel, ar: &Arena, rs: &mut RowScratch, planes: usize) {
    let w = ar.words;
    rs.s_planes.clear();
    rs.s_planes.resize(planes * w, 0);
    rs.i_planes.clear();
    rs.i_planes.resize(planes * w, 0);
    lv.ext.clear();
    lv.ext.resize(lv.custs.len() * 2 * w, 0);
    if w == 1 {
        let (sm, im) = (rs.s_mask.first().copied().unwrap_or(0), rs.i_mask.first().copied().unwrap_or(0));
        count_one_word(lv, &ar.raw, &ar.suf, sm, im, &mut rs.s_planes, &mut rs.i_planes);
        return;
    }
    for (ci, c) in lv.custs.iter().enumerate() {
        let Some((s_row, i_row)) = lv.ext.get_mut(ci * 2 * w..(ci + 1) * 2 * w).map(|x| x.split_at_mut(w)) else { break };
        if c.after < c.hi {
            for (j, (&b, &m)) in row(&ar.suf, c.after as usize, w).iter().zip(&rs.s_mask).enumerate() {
                let s = b & m;
                s_row[j] = s;
                add(&mut rs.s_planes, w, j, s);
            }
        }
        for &e in part(&lv.ends, c.ends) {
            for (j, (&b, &m)) in row(&ar.raw, e as usize, w).iter().zip(&rs.i_mask).enumerate() {
                i_row[j] |= b & m;
            }
        }
        for (j, &i) in i_row.iter().enumerate() {
            add(&mut rs.i_planes, w, j, i);
        }
    }
}

/// [`Miner::grow_rows`]'s count when the arena's rows are one word (most patterns: their candidates are
/// few), without branches on the bits: per customer, its sequence extensions (`sm`: the candidates) in the
/// suffix row after its first end, its itemset extensions (`im`) in its end rows.
fn count_one_word(lv: &mut RowLevel, raw: &[u64], suf: &[u64], sm: u64, im: u64, s_planes: &mut [u64], i_planes: &mut [u64]) {
    for (c, out) in lv.custs.iter().zip(lv.ext.chunks_exact_mut(2)) {
        let (s, i) = one_word_ext(c, &lv.ends, raw, suf, sm, im);
        out[0] = s;
        out[1] = i;
        add(s_planes, 1, 0, s);
        add(i_planes, 1, 0, i);
    }
}

/// A customer's sequence extensions (`sm`: the candidates) in the suffix row after its first end and its
/// itemset extensions (`im`) in its end rows, on rows of one word, without branches on the bits.
#[inline]
fn one_word_ext(c: &Cust, ends: &[u32], raw: &[u64], suf: &[u64], sm: u64, im: u64) -> (u64, u64) {
    // All ones when the customer has rows after its first end.
    let later = 0u64.wrapping_sub((c.after < c.hi) as u64);
    let s = suf.get(c.after as usize).copied().unwrap_or(0) & sm & later;
    let mut i = 0u64;
    for &e in part(ends, c.ends) {
        i |= raw.get(e as usize).copied().unwrap_or(0) & im;
    }
    (s, i)
}

/// Appends to `ends` the rows where the child by bit `y` of the arena `ar` (in the last element, or as a
/// new element) ends for the parent's customer `c` (whose ends are in `parent_ends`); the child's
/// customer, if it has any. `first_only`: only the first of them, for a child without itemset
/// candidates (its other ends would only serve its itemset extensions: a sequence extension starts
/// after the first end, and the rows a narrower arena copies start at it).
#[inline]
fn child_ends(c: &Cust, parent_ends: &[u32], ar: &Arena, y: u32, new_element: bool, first_only: bool, ends: &mut Vec<u32>) -> Option<Cust> {
    let w = ar.words;
    let (yw, yb) = ((y / 64) as usize, 1u64 << (y % 64));
    let has = |a: &[u64], r: usize| a.get(r * w + yw).is_some_and(|&b| b & yb != 0);
    let lo = ends.len();
    if first_only {
        // The suffix row says whether a later row holds y; then the first that does is the end.
        let first = if new_element {
            let from = c.after as usize;
            (from < c.hi as usize && has(&ar.suf, from))
                .then(|| (from..c.hi as usize).find(|&r| has(&ar.raw, r)))
                .flatten()
                .map(|r| r as u32)
        } else {
            part(parent_ends, c.ends).iter().copied().find(|&e| has(&ar.raw, e as usize))
        };
        if let Some(r) = first {
            ends.push(r);
        }
    } else if new_element && w == 1 {
        // As below, without a branch on each row: every row is written, the count moves on those
        // holding y.
        let (from, to) = (c.after as usize, (c.hi as usize).min(ar.suf.len()).min(ar.raw.len()));
        let rows = from.min(to)..to;
        ends.resize(lo + rows.len(), 0);
        let mut n = lo;
        for (r, (&sf, &rw)) in rows.clone().zip(ar.suf[rows.clone()].iter().zip(&ar.raw[rows])) {
            if sf & yb == 0 {
                break;
            }
            if let Some(slot) = ends.get_mut(n) {
                *slot = r as u32;
            }
            n += (rw & yb != 0) as usize;
        }
        ends.truncate(n);
    } else if new_element {
        // The later elements holding y: the suffix rows say where to stop.
        let mut r = c.after as usize;
        while r < c.hi as usize && has(&ar.suf, r) {
            if has(&ar.raw, r) {
                ends.push(r as u32);
            }
            r += 1;
        }
    } else {
        ends.extend(part(parent_ends, c.ends).iter().filter(|&&e| has(&ar.raw, e as usize)));
    }
    let &first = ends.get(lo)?;
    Some(Cust { after: first + 1, hi: c.hi, ends: (lo as u32, ends.len() as u32) })
}
