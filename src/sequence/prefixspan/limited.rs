//! The path with a gap or span limit: occurrence lists scanned in the windows after each occurrence, and
//! joins with an item's own positions (see the parent module's doc).

use super::*;

/// One place where an occurrence of the current pattern can end (the path with a gap or span limit).
#[derive(Debug, Clone, Copy)]
struct Occ {
    /// Sequence (customer).
    seq: u32,
    /// Element where the occurrence ends.
    end: u32,
    /// Latest element where an occurrence ending at `end` can start.
    start: u32,
}

impl<F: FnMut(Found<'_>) -> bool> Miner<'_, F> {
    /// Mines the patterns that start with the item `roots[k]` (`roots`: the items with a position, in
    /// order); false = stop everything.
    pub(super) fn root_limited(&mut self, roots: &[u32], k: usize) -> bool {
        let Some(&x) = roots.get(k) else { return true };
        let occs: Vec<Occ> = self.positions(x).iter().map(|&(s, e)| Occ { seq: s, end: e, start: e }).collect();
        let support = support_of(&occs);
        if support < self.p.min_support {
            return true;
        }
        self.items.push(x);
        self.starts.push(true);
        let go = self.grow(&occs, support, roots, roots.get(k + 1..).unwrap_or(&[]), roots);
        self.items.pop();
        self.starts.pop();
        go
    }

    /// Reports the current pattern (held in `items`/`starts`) and grows it; false = stop everything.
    ///
    /// Candidates (the pruning of SPADE's equivalence classes): an item can extend a pattern only if it
    /// extended the parent the same way. Dropping an item from an element keeps every position, so
    /// `P+(y,z)` ⇒ `P+(z)` and `P+(y)+z` ⇒ `P+z` hold under any gap or span; dropping a whole element
    /// `P+y+z` ⇒ `P+z` holds without a gap limit only (it can break a gap), so with one the sequence
    /// candidates after a new element are all frequent items.
    fn grow(&mut self, occs: &[Occ], support: u32, s_cand: &[u32], i_cand: &[u32], all: &[u32]) -> bool {
        if !self.report(support) {
            return false;
        }
        let last = *self.items.last().unwrap_or(&0);
        let at_limit = self.at_length_limit();
        if at_limit && self.p.max_len <= MAX_DEPTH {
            return true;
        }
        let (i_ext, s_ext) = self.count_extensions(occs, last, s_cand, i_cand);
        if at_limit {
            // The depth cap, not the caller, stops here: say so if the pattern could grow.
            self.stats.truncated |= !(i_ext.is_empty() && s_ext.is_empty());
            return true;
        }
        for (k, &y) in i_ext.iter().enumerate() {
            let child: Vec<Occ> = occs.iter().filter(|o| self.db.items_of(o.end as usize).binary_search(&y).is_ok()).copied().collect();
            let sup = support_of(&child);
            self.items.push(y);
            self.starts.push(false);
            let go = self.grow(&child, sup, &s_ext, &i_ext[k + 1..], all);
            self.items.pop();
            self.starts.pop();
            if !go {
                return false;
            }
        }
        let next_s: &[u32] = if self.p.max_gap.is_none() { &s_ext } else { all };
        for (k, &y) in s_ext.iter().enumerate() {
            let child = self.s_join(occs, y);
            let sup = support_of(&child);
            self.items.push(y);
            self.starts.push(true);
            let go = self.grow(&child, sup, next_s, &s_ext[k + 1..], all);
            self.items.pop();
            self.starts.pop();
            if !go {
                return false;
            }
        }
        true
    }

    /// Last element reachable from an occurrence: after `o.end`, within the gap and the span.
    #[inline]
    fn ok(&self, o: &Occ, j: usize) -> bool {
        let d = self.db.day(j) as i64;
        self.p.max_gap.is_none_or(|g| d - self.db.day(o.end as usize) as i64 <= g as i64)
            && self.p.max_span.is_none_or(|g| d - self.db.day(o.start as usize) as i64 <= g as i64)
    }

    /// Frequent itemset extensions (candidates after `last` in an end element) and sequence extensions
    /// (candidates in a later element within the constraints), each counted once per customer. An end
    /// element is read either item by item (skipping non-candidates with a mask) or candidate by
    /// candidate (binary searches), whichever is shorter; both count the same.
    fn count_extensions(&mut self, occs: &[Occ], last: u32, s_cand: &[u32], i_cand: &[u32]) -> (Vec<u32>, Vec<u32>) {
        let db = self.db;
        self.stats.work += (occs.len() + s_cand.len() + i_cand.len()) as u64;
        for &z in s_cand {
            self.scratch.s_mask[z as usize] = true;
        }
        for &z in i_cand {
            self.scratch.i_mask[z as usize] = true;
        }
        let mut k = 0;
        while k < occs.len() {
            let seq = occs[k].seq;
            let mark = seq + 1;
            let seq_end = db.elements(seq as usize).end;
            let mut covered = 0usize; // elements up to here were scanned for this customer
            while k < occs.len() && occs[k].seq == seq {
                let o = occs[k];
                if !i_cand.is_empty() {
                    let elem = db.items_of(o.end as usize);
                    let tail = &elem[elem.partition_point(|&x| x <= last)..];
                    if tail.len() <= i_cand.len().saturating_mul(4) {
                        for &y in tail {
                            if self.scratch.i_mask[y as usize] {
                                self.scratch.bump_i(y, mark);
                            }
                        }
                    } else {
                        for &z in i_cand {
                            if tail.binary_search(&z).is_ok() {
                                self.scratch.bump_i(z, mark);
                            }
                        }
                    }
                }
                if s_cand.is_empty() {
                    k += 1;
                    continue;
                }
                // Windows start in increasing order, so whatever lies before `covered` was scanned.
                let mut j = (o.end as usize + 1).max(covered);
                while j < seq_end && self.ok(&o, j) {
                    for &y in db.items_of(j) {
                        if self.scratch.s_mask[y as usize] {
                            self.scratch.bump_s(y, mark);
                        }
                    }
                    j += 1;
                }
                covered = covered.max(j);
                k += 1;
            }
        }
        for &z in s_cand {
            self.scratch.s_mask[z as usize] = false;
        }
        for &z in i_cand {
            self.scratch.i_mask[z as usize] = false;
        }
        let (mut i_ext, mut s_ext) = (Vec::new(), Vec::new());
        self.scratch.take_extensions(self.p.min_support, &mut i_ext, &mut s_ext);
        (i_ext, s_ext)
    }

    /// Occurrences of the pattern followed by a new element `{y}`: each position of `y` after an
    /// occurrence end, within the gap and the span, with the latest start among those ends.
    fn s_join(&self, occs: &[Occ], y: u32) -> Vec<Occ> {
        let db = self.db;
        let ys = self.positions(y);
        let mut out = Vec::new();
        let mut k = 0;
        while k < occs.len() {
            let seq = occs[k].seq;
            let group_start = k;
            while k < occs.len() && occs[k].seq == seq {
                k += 1;
            }
            let group = &occs[group_start..k];
            let lo = ys.partition_point(|&(s, _)| s < seq);
            let hi = lo + ys[lo..].partition_point(|&(s, _)| s == seq);
            // Occurrence ends before j form a prefix of `group`; those within the gap, a suffix of it.
            let (mut before, mut near) = (0usize, 0usize);
            for &(_, j) in &ys[lo..hi] {
                while before < group.len() && group[before].end < j {
                    before += 1;
                }
                let dj = db.day(j as usize) as i64;
                if let Some(g) = self.p.max_gap {
                    while near < before && dj - db.day(group[near].end as usize) as i64 > g as i64 {
                        near += 1;
                    }
                }
                if near >= before {
                    continue;
                }
                let start = if self.p.max_span.is_some() {
                    group[near..before].iter().map(|o| o.start).max().unwrap_or(j)
                } else {
                    group[near].start
                };
                let o = Occ { seq, end: j, start };
                if self.p.max_span.is_none_or(|g| dj - db.day(start as usize) as i64 <= g as i64) {
                    out.push(o);
                }
            }
        }
        out
    }
}

/// Distinct sequences in an occurrence list (sorted by sequence).
fn support_of(occs: &[Occ]) -> u32 {
    let mut n = 0;
    let mut last = u32::MAX;
    for o in occs {
        if o.seq != last {
            n += 1;
            last = o.seq;
        }
    }
    n
}
