//! The path without limits: per-depth projections, cut to the frequent extensions before the children are
//! built (see the parent module's doc).

use super::*;

/// A customer in a projection of the path without limits. Ranges are `lo..hi` into the level's lists.
#[derive(Debug, Clone, Copy)]
struct Cust {
    seq: u32,
    /// The element after the first occurrence end: sequence extensions lie here or later.
    from: u32,
    /// Range of `Level::after`.
    after: (u32, u32),
    /// Range of `Level::ends`.
    ends: (u32, u32),
    /// Ranges of `Level::runs` and `Level::later`, once the level is cut.
    runs: (u32, u32),
    later: (u32, u32),
    /// Where this customer's purchases of the sequence candidates are found for `runs`: its range of
    /// the parent level's `runs` (the candidates are the parent's sequence extensions, and `from` only
    /// grows), or of `cpos` for a one-item pattern.
    source: (u32, u32),
}

/// An occurrence end of the path without limits, with the candidate itemset extensions of its element
/// (range `lo..hi` of `Level::within`).
#[derive(Debug, Clone, Copy)]
struct End {
    elem: u32,
    lo: u32,
    hi: u32,
}

/// The projection of one pattern on the path without limits, and then its frequent extensions. Only
/// customers with something left to extend are kept (the support is counted apart).
#[derive(Debug, Default)]
pub(super) struct Level {
    custs: Vec<Cust>,
    /// Per customer, `(last element, item)` of each candidate sequence extension bought at or after
    /// `from`, latest first: a child whose first end is later keeps a prefix.
    after: Vec<(u32, u32)>,
    /// Per customer, the occurrence ends (in element order) whose element holds a candidate itemset
    /// extension.
    ends: Vec<End>,
    /// Per end, its candidate itemset extensions in item order.
    within: Vec<u32>,
    /// Once cut, per customer, every purchase of its sequence extensions at or after `from` as
    /// [`key`]`(item, element)`, sorted: the ends of a child `{y}` are the purchases of `y` here.
    runs: Vec<u64>,
    /// Once cut, per customer with two or more sequence extensions, the same purchases as
    /// [`key`]`(element, item)`, sorted: the itemset candidates of a child's end are the other items of
    /// its element here.
    later: Vec<u64>,
    /// The frequent itemset and sequence extensions, once counted.
    i_ext: Vec<u32>,
    s_ext: Vec<u32>,
    /// Once cut, per sequence extension (by its rank in `s_ext`), the customers that hold it, in
    /// customer order: `s_at[s_at_start[k]..s_at_start[k + 1]]` = (customer index, index in `runs` of
    /// its first purchase of the item), so that a child visits only its own customers.
    s_at_start: Vec<u32>,
    s_at: Vec<(u32, u32)>,
    /// Once cut, per itemset extension (by its rank in `i_ext`), where it stands in the ends, in
    /// customer then end order: `i_at[i_at_start[k]..i_at_start[k + 1]]` = (customer index, end index,
    /// index in `within`).
    i_at_start: Vec<u32>,
    i_at: Vec<(u32, u32, u32)>,
    /// Once cut, the customers of each extension: `i_ext`'s columns, then `s_ext`'s ([`bound`]).
    cols: Columns,
    /// The number of candidates the pattern's extensions are counted from, set by its parent (the work).
    cands: u64,
}

/// Stable counting sort of `(bucket, value)` pairs into `start` (bucket boundaries, `n + 1` entries)
/// and `out` (values by bucket, each bucket in the order given). `count` is zero on entry and on exit.
fn bucket<T: Copy + Default>(pairs: &[(u32, T)], n: usize, count: &mut [u32], start: &mut Vec<u32>, out: &mut Vec<T>) {
    for &(b, _) in pairs {
        count[b as usize] += 1;
    }
    start.clear();
    start.push(0);
    let mut total = 0;
    for c in count.iter_mut().take(n) {
        total += *c;
        start.push(total);
        *c = 0;
    }
    out.clear();
    out.resize(pairs.len(), T::default());
    // `count[b]` now counts the values of bucket `b` placed so far.
    for &(b, v) in pairs {
        let at = start[b as usize] + count[b as usize];
        count[b as usize] += 1;
        out[at as usize] = v;
    }
    for c in count.iter_mut().take(n) {
        *c = 0;
    }
}

impl Level {
    fn clear(&mut self) {
        self.custs.clear();
        self.after.clear();
        self.ends.clear();
        self.within.clear();
        self.runs.clear();
        self.later.clear();
        self.s_at_start.clear();
        self.s_at.clear();
        self.i_at_start.clear();
        self.i_at.clear();
    }

    /// Closes a customer whose `after` and `ends` were appended from `after_lo` and `ends_lo`; a customer
    /// with neither is not kept. `source`: see [`Cust::source`].
    fn push_cust(&mut self, seq: u32, from: u32, after_lo: usize, ends_lo: usize, source: (u32, u32)) {
        let (after_hi, ends_hi) = (self.after.len(), self.ends.len());
        if after_hi > after_lo || ends_hi > ends_lo {
            let (after, ends) = ((after_lo as u32, after_hi as u32), (ends_lo as u32, ends_hi as u32));
            self.custs.push(Cust { seq, from, after, ends, runs: (0, 0), later: (0, 0), source });
        }
    }

    /// Appends an end at `elem` whose candidates were appended to `within` from `lo`, if there are any.
    fn push_end(&mut self, elem: u32, lo: usize) {
        if self.within.len() > lo {
            self.ends.push(End { elem, lo: lo as u32, hi: self.within.len() as u32 });
        }
    }
}
impl<F: FnMut(Found<'_>) -> bool> Miner<'_, F> {
    /// Mines the patterns that start with the item `x` (a root of the search); false = stop everything.
    pub(super) fn root_unlimited(&mut self, x: u32) -> bool {
        // The bitmaps unless the item's rows would be too many (the same patterns either way).
        let rows = self.rows_fit(x);
        // No pattern is on the path yet (a root given up midway by the helper held some).
        self.cols_room = self.cols_words;
        let support = if rows { self.buyers(x) } else { self.root_level(x) };
        if support < self.p.min_support {
            return true;
        }
        self.items.push(x);
        self.starts.push(true);
        let go = if rows { self.grow_root_rows(x, support) } else { self.grow_unlimited(0, support) };
        self.items.pop();
        self.starts.pop();
        go
    }

    /// Customers who bought `x`.
    fn buyers(&self, x: u32) -> u32 {
        let ps = self.positions(x);
        (0..ps.len()).filter(|&k| k == 0 || ps[k].0 != ps[k - 1].0).count() as u32
    }

    /// Builds the projection of `<x>` in `levels[0]` and returns its support: per buyer, every item
    /// bought after the first purchase of `x` (all are candidates), and at each purchase of `x` the items
    /// after `x` in that element.
    fn root_level(&mut self, x: u32) -> u32 {
        if self.levels.is_empty() {
            self.levels.push(Level::default());
        }
        let db = self.db;
        let lv = &mut self.levels[0];
        lv.clear();
        let ps = part(&self.ix.pos, (self.ix.pos_start[x as usize], self.ix.pos_start[x as usize + 1]));
        let mut support = 0;
        let mut k = 0;
        while let Some(&(seq, first)) = ps.get(k) {
            support += 1;
            let after_lo = lv.after.len();
            let list = part(&self.ix.last_list, (self.ix.last_start[seq as usize], self.ix.last_start[seq as usize + 1]));
            lv.after.extend(list.iter().take_while(|&&(e, _)| e > first));
            let ends_lo = lv.ends.len();
            while let Some(&(s, e)) = ps.get(k)
                && s == seq
            {
                let elem = db.items_of(e as usize);
                let lo = lv.within.len();
                lv.within.extend_from_slice(&elem[elem.partition_point(|&y| y <= x)..]);
                lv.push_end(e, lo);
                k += 1;
            }
            let source = (self.ix.cpos_start[seq as usize], self.ix.cpos_start[seq as usize + 1]);
            lv.push_cust(seq, first + 1, after_lo, ends_lo, source);
        }
        support
    }

    /// Reports the pattern whose projection is `levels[d]` and grows it; false = stop everything.
    /// The candidates follow SPADE's class pruning as on the other path (see [`Self::grow`]); without a
    /// gap limit a child's candidates of both kinds are among its parent's frequent extensions, which is
    /// what the cut projection holds.
    fn grow_unlimited(&mut self, d: usize, support: u32) -> bool {
        if !self.report(support) {
            return false;
        }
        let at_limit = self.at_length_limit();
        if at_limit && self.p.max_len <= MAX_DEPTH {
            return true;
        }
        self.count_unlimited(d, support);
        let Some(lv) = self.levels.get(d) else { return true };
        let grows = !(lv.i_ext.is_empty() && lv.s_ext.is_empty());
        if at_limit {
            // The depth cap, not the caller, stops here: say so if the pattern could grow.
            self.stats.truncated |= grows;
            return true;
        }
        if !grows {
            return true;
        }
        self.cut(d, support);
        if self.levels.len() <= d + 1 {
            self.levels.push(Level::default());
        }
        // Same-element extensions first, then new-element ones (`starts`: the item begins an element).
        for starts in [false, true] {
            let mut k = 0;
            loop {
                let lv = &self.levels[d];
                let (on, col) = (lv.cols.on(), bound::column(lv.i_ext.len(), k, starts));
                let Some(&y) = (if starts { lv.s_ext.get(k) } else { lv.i_ext.get(k) }) else { break };
                let support = lv.cols.count(col);
                self.items.push(y);
                self.starts.push(starts);
                // The candidates that can still be frequent ([`bound`]) are marked while the child is built;
                // with the columns, a child at the length limit or without candidates is only reported.
                let only_report =
                    on && (self.at_length_limit() && self.p.max_len <= MAX_DEPTH || !self.mark_candidates(d, k, starts, true));
                let go = if only_report {
                    self.report(support)
                } else {
                    if !on {
                        self.mark_candidates(d, k, starts, true);
                    }
                    let support = if starts { self.sequence_child(d, k, y) } else { self.itemset_child(d, k) };
                    self.mark_candidates(d, k, starts, false);
                    self.grow_unlimited(d + 1, support)
                };
                self.items.pop();
                self.starts.pop();
                if !go {
                    return false;
                }
                k += 1;
            }
        }
        if let Some(lv) = self.levels.get_mut(d) {
            lv.cols.release(&mut self.cols_room);
        }
        true
    }

    /// Sets (`on`) or clears the scratch's masks of the candidates of the child of `levels[d]` by its
    /// extension number `k` of the kind `starts`: the parent's extensions that can still be frequent with
    /// it ([`bound`]; every one when the level has no columns); true if any is set.
    fn mark_candidates(&mut self, d: usize, k: usize, starts: bool, on: bool) -> bool {
        let (done, rest) = self.levels.split_at_mut(d + 1);
        let Some(lv) = done.last() else { return false };
        // Clearing clears every candidate the bound could have kept.
        let min = if on { self.p.min_support } else { 0 };
        let sc = &mut self.scratch;
        let (mut i, mut s) = (std::mem::take(&mut sc.cand_i), std::mem::take(&mut sc.cand_s));
        lv.cols.candidates(&lv.i_ext, &lv.s_ext, k, starts, min, &mut i, &mut s);
        for &z in &i {
            sc.i_mask[z as usize] = on;
        }
        for &z in &s {
            sc.s_mask[z as usize] = on;
        }
        let n = (i.len() + s.len()) as u64;
        (sc.cand_i, sc.cand_s) = (i, s);
        if let Some(child) = rest.first_mut().filter(|_| on) {
            child.cands = n;
        }
        n > 0
    }

    /// Counts the extensions in the projection `levels[d]` (of a pattern of support `support`), once per
    /// customer, and keeps the frequent ones in the level. Every entry is a candidate, and `after` holds an
    /// item once per customer.
    fn count_unlimited(&mut self, d: usize, support: u32) {
        let Some(lv) = self.levels.get_mut(d) else { return };
        self.stats.work += if d == 0 { (lv.custs.len() + lv.after.len() + lv.within.len()) as u64 } else { work(support, lv.cands) };
        let sc = &mut self.scratch;
        for c in &lv.custs {
            let mark = c.seq + 1;
            for &(_, z) in part(&lv.after, c.after) {
                sc.bump_s_once(z);
            }
            for end in part(&lv.ends, c.ends) {
                for &z in part(&lv.within, (end.lo, end.hi)) {
                    sc.bump_i(z, mark);
                }
            }
        }
        sc.take_extensions(self.p.min_support, &mut lv.i_ext, &mut lv.s_ext);
    }

    /// Cuts the projection `levels[d]` to its frequent extensions, the children's only candidates
    /// (most counted candidates are infrequent), dropping the ends and customers left with nothing.
    /// In place: every list only shrinks, and is read ahead of where it is written.
    fn cut(&mut self, d: usize, support: u32) {
        let (done, rest) = self.levels.split_at_mut(d);
        let Some(lv) = rest.first_mut() else { return };
        let source: &[u64] = match done.last() {
            Some(parent) => &parent.runs,
            None => &self.ix.cpos,
        };
        let sc = &mut self.scratch;
        for (r, &z) in lv.s_ext.iter().enumerate() {
            sc.s_mask[z as usize] = true;
            sc.s_rank[z as usize] = r as u32;
        }
        for (r, &z) in lv.i_ext.iter().enumerate() {
            sc.i_mask[z as usize] = true;
            sc.i_rank[z as usize] = r as u32;
        }
        let (s_at, i_at) = (&mut self.s_pairs, &mut self.i_pairs);
        s_at.clear();
        i_at.clear();
        let (mut n_custs, mut n_after, mut n_ends, mut n_within) = (0, 0, 0, 0);
        for ci in 0..lv.custs.len() {
            let c = lv.custs[ci];
            let after_lo = n_after;
            for k in c.after.0 as usize..c.after.1 as usize {
                let entry = lv.after[k];
                if sc.s_mask[entry.1 as usize] {
                    lv.after[n_after] = entry;
                    n_after += 1;
                }
            }
            let ends_lo = n_ends;
            for k in c.ends.0 as usize..c.ends.1 as usize {
                let end = lv.ends[k];
                let lo = n_within;
                for j in end.lo as usize..end.hi as usize {
                    let z = lv.within[j];
                    if sc.i_mask[z as usize] {
                        lv.within[n_within] = z;
                        n_within += 1;
                    }
                }
                if n_within > lo {
                    // A customer with an end is kept: its index is `n_custs`.
                    for (w, &z) in lv.within.iter().enumerate().take(n_within).skip(lo) {
                        i_at.push((sc.i_rank[z as usize], (n_custs as u32, n_ends as u32, w as u32)));
                    }
                    lv.ends[n_ends] = End { elem: end.elem, lo: lo as u32, hi: n_within as u32 };
                    n_ends += 1;
                }
            }
            // One customer's searches in a row and in item order (a warm cache and a shrinking range),
            // rather than one per child.
            let (runs_lo, later_lo) = (lv.runs.len(), lv.later.len());
            let mut cpos = part(source, c.source);
            self.picked.clear();
            self.picked.extend(lv.after[after_lo..n_after].iter().map(|&(_, z)| z));
            self.picked.sort_unstable();
            for &z in &self.picked {
                cpos = cpos.get(cpos.partition_point(|&q| q < key(z, c.from))..).unwrap_or(&[]);
                let n = cpos.iter().take_while(|&&q| key_hi(q) == z).count();
                if n > 0 {
                    // A customer with a sequence extension is kept: its index is `n_custs`.
                    s_at.push((sc.s_rank[z as usize], (n_custs as u32, lv.runs.len() as u32)));
                }
                lv.runs.extend_from_slice(cpos.get(..n).unwrap_or(&[]));
            }
            if n_after - after_lo >= 2 {
                lv.later.extend(lv.runs[runs_lo..].iter().map(|&q| q.rotate_left(32)));
                lv.later[later_lo..].sort_unstable();
            }
            if n_after > after_lo || n_ends > ends_lo {
                let (after, ends) = ((after_lo as u32, n_after as u32), (ends_lo as u32, n_ends as u32));
                let (runs, later) = ((runs_lo as u32, lv.runs.len() as u32), (later_lo as u32, lv.later.len() as u32));
                lv.custs[n_custs] = Cust { runs, later, after, ends, ..c };
                n_custs += 1;
            }
        }
        lv.custs.truncate(n_custs);
        lv.after.truncate(n_after);
        lv.ends.truncate(n_ends);
        lv.within.truncate(n_within);
        bucket(s_at, lv.s_ext.len(), &mut sc.s_count, &mut lv.s_at_start, &mut lv.s_at);
        bucket(i_at, lv.i_ext.len(), &mut sc.i_count, &mut lv.i_at_start, &mut lv.i_at);
        let ni = lv.i_ext.len();
        let on = lv.cols.reset(ni + lv.s_ext.len(), lv.custs.len(), support, &mut self.cols_room);
        for &(r, (ci, _, _)) in i_at.iter().take_while(|_| on) {
            lv.cols.set(r as usize, ci);
        }
        for &(r, (ci, _)) in s_at.iter().take_while(|_| on) {
            lv.cols.set(ni + r as usize, ci);
        }
        for &z in &lv.s_ext {
            sc.s_mask[z as usize] = false;
        }
        for &z in &lv.i_ext {
            sc.i_mask[z as usize] = false;
        }
    }

    /// Builds in `levels[d + 1]` the projection of the current pattern with `y` added to its last
    /// element, and returns its support: the ends whose element holds `y`, each keeping its candidates
    /// after `y`; the sequence candidates bought after the new first end (the candidates: those marked in
    /// the scratch).
    fn itemset_child(&mut self, d: usize, k: usize) -> u32 {
        let (done, rest) = self.levels.split_at_mut(d + 1);
        let (Some(parent), Some(child)) = (done.last(), rest.first_mut()) else { return 0 };
        let sc = &self.scratch;
        child.clear();
        let mut support = 0;
        // The ends holding the item, visited customer by customer (the parent's `i_at`).
        let at = part(&parent.i_at, (parent.i_at_start[k], parent.i_at_start[k + 1]));
        let mut i = 0;
        while let Some(&(ci, _, _)) = at.get(i) {
            let ends_lo = child.ends.len();
            let mut first = None;
            while let Some(&(cj, j, w)) = at.get(i)
                && cj == ci
            {
                let end = parent.ends[j as usize];
                first.get_or_insert(end.elem);
                let lo = child.within.len();
                child.within.extend(part(&parent.within, (w + 1, end.hi)).iter().filter(|&&z| sc.i_mask[z as usize]));
                child.push_end(end.elem, lo);
                i += 1;
            }
            let Some(first) = first else { continue };
            let c = parent.custs[ci as usize];
            support += 1;
            let after_lo = child.after.len();
            child
                .after
                .extend(part(&parent.after, c.after).iter().take_while(|&&(e, _)| e > first).filter(|&&(_, z)| sc.s_mask[z as usize]));
            child.push_cust(c.seq, first + 1, after_lo, ends_lo, c.runs);
        }
        support
    }

    /// Builds in `levels[d + 1]` the projection of the current pattern followed by the element `{y}`,
    /// and returns its support: the ends are the customer's purchases of `y` from `from` on; an end's itemset candidates are the
    /// parent's sequence extensions greater than `y` in its element, read from the parent's `later`
    /// (the candidates: those marked in the scratch).
    fn sequence_child(&mut self, d: usize, rank: usize, y: u32) -> u32 {
        let (done, rest) = self.levels.split_at_mut(d + 1);
        let (Some(parent), Some(child)) = (done.last(), rest.first_mut()) else { return 0 };
        let sc = &self.scratch;
        child.clear();
        let mut support = 0;
        // Only the customers holding the item (the parent's `s_at`), from their first purchase of it.
        for &(ci, at) in part(&parent.s_at, (parent.s_at_start[rank], parent.s_at_start[rank + 1])) {
            let c = parent.custs[ci as usize];
            let runs = part(&parent.runs, c.runs);
            let mut k = (at - c.runs.0) as usize;
            let first = match runs.get(k) {
                Some(&q) if key_hi(q) == y => q as u32,
                _ => continue,
            };
            support += 1;
            let after_lo = child.after.len();
            child
                .after
                .extend(part(&parent.after, c.after).iter().take_while(|&&(e, _)| e > first).filter(|&&(_, z)| sc.s_mask[z as usize]));
            let ends_lo = child.ends.len();
            let mut later = part(&parent.later, c.later);
            while let Some(&q) = runs.get(k)
                && key_hi(q) == y
                && !later.is_empty()
            {
                // The element's group in `later` holds `y`; the candidates are the items after it. Ends
                // ascend, so the search goes on from there.
                let e = q as u32;
                later = later.get(later.partition_point(|&q| q <= key(e, y))..).unwrap_or(&[]);
                let lo = child.within.len();
                child.within.extend(later.iter().take_while(|&&q| key_hi(q) == e).map(|&q| q as u32).filter(|&z| sc.i_mask[z as usize]));
                child.push_end(e, lo);
                k += 1;
            }
            child.push_cust(c.seq, first + 1, after_lo, ends_lo, c.runs);
        }
        support
    }
}
