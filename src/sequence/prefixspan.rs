//! Frequent sequential patterns with time constraints: PrefixSpan-style pattern growth (Pei et al.,
//! "Mining sequential patterns by pattern-growth: the PrefixSpan approach", IEEE TKDE 16(11), 2004) over
//! occurrence lists in the manner of cSPADE (Zaki, "Sequence mining in categorical domains:
//! incorporating constraints", CIKM 2000), so that a maximum gap and span in days can be honoured.
//!
//! Definitions. A pattern is a list of elements, each a non-empty set of items, e.g. `<(a,b),(c)>`.
//! It occurs in a customer's sequence when there are element positions `j1 < j2 < … < jk` with each
//! pattern element a subset of the sequence element at its position, and, when set, `day(j(i+1)) −
//! day(j(i)) ≤ max_gap` for every consecutive pair and `day(jk) − day(j1) ≤ max_span`. Its support is
//! the number of customers in whose sequence it occurs (a customer counts once). Length = number of items.
//!
//! How. A pattern carries its occurrence list: for each customer, every element position where an
//! occurrence can end, with the latest possible start of an occurrence ending there (only that start
//! matters for the span). Without a gap constraint, Apriori pruning between siblings is unsafe (cSPADE
//! notes that `<a,c>` may break the gap where `<a,b,c>` keeps it), so extensions are found by scanning
//! each customer's elements in the windows after the occurrence ends (the projected database, as in
//! PrefixSpan), counting each item once per customer; only the extensions found frequent are then
//! built, by a join with the item's own positions. Work per pattern is the size of its projection.
//!
//! The search is depth first; patterns are reported in that order, and a budget on their number stops
//! the search with a truncation flag instead of exhausting memory or time.

use super::events::SeqDb;

/// Longest pattern grown (items): the search recurses once per item, and the page's worker has a small
/// stack. Longer frequent patterns set the truncation flag.
pub const MAX_DEPTH: u32 = 64;

/// Limits of the mining.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MineParams {
    /// Smallest support, in customers (at least 1).
    pub min_support: u32,
    /// Largest gap in days between consecutive elements of an occurrence.
    pub max_gap: Option<u32>,
    /// Largest span in days from the first to the last element of an occurrence.
    pub max_span: Option<u32>,
    /// Largest number of items in a pattern.
    pub max_len: u32,
    /// Budget: stop after this many patterns.
    pub max_patterns: u64,
}

impl Default for MineParams {
    fn default() -> Self {
        MineParams { min_support: 1, max_gap: None, max_span: None, max_len: u32::MAX, max_patterns: u64::MAX }
    }
}

/// A frequent pattern: its elements (sorted item ids) and its support in customers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pattern {
    /// The elements in order.
    pub elements: Vec<Vec<u32>>,
    /// Customers whose sequence contains it.
    pub support: u32,
}

/// What [`mine`] tells its sink about one pattern: the items with element breaks, and the support.
#[derive(Debug, Clone, Copy)]
pub struct Found<'a> {
    /// Items in pattern order.
    pub items: &'a [u32],
    /// `starts_element[i]` is true when item `i` opens a new element.
    pub starts_element: &'a [bool],
    /// Support in customers.
    pub support: u32,
}

impl Found<'_> {
    /// The elements as vectors.
    pub fn elements(&self) -> Vec<Vec<u32>> {
        let mut out: Vec<Vec<u32>> = Vec::new();
        for (&x, &new) in self.items.iter().zip(self.starts_element) {
            match out.last_mut() {
                Some(e) if !new => e.push(x),
                _ => out.push(vec![x]),
            }
        }
        out
    }

    /// Number of elements.
    pub fn n_elements(&self) -> usize {
        self.starts_element.iter().filter(|&&b| b).count()
    }
}

/// Summary of a mining run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MineStats {
    /// Patterns reported.
    pub patterns: u64,
    /// The budget stopped the search (more frequent patterns exist).
    pub truncated: bool,
}

/// One place where an occurrence of the current pattern can end.
#[derive(Debug, Clone, Copy)]
struct Occ {
    /// Sequence (customer).
    seq: u32,
    /// Element where the occurrence ends.
    end: u32,
    /// Latest element where an occurrence ending at `end` can start.
    start: u32,
}

/// Per-item scratch shared by every level of the search (reset after each use).
struct Scratch {
    s_stamp: Vec<u32>,
    s_count: Vec<u32>,
    i_stamp: Vec<u32>,
    i_count: Vec<u32>,
    s_mask: Vec<bool>,
    i_mask: Vec<bool>,
    touched: Vec<u32>,
}

impl Scratch {
    /// Counts `y` as an itemset extension for the customer `mark` (once per customer).
    #[inline]
    fn bump_i(&mut self, y: u32, mark: u32) {
        let y = y as usize;
        if self.i_stamp[y] != mark {
            self.i_stamp[y] = mark;
            if self.i_count[y] == 0 && self.s_count[y] == 0 {
                self.touched.push(y as u32);
            }
            self.i_count[y] += 1;
        }
    }

    /// Counts `y` as a sequence extension for the customer `mark` (once per customer).
    #[inline]
    fn bump_s(&mut self, y: u32, mark: u32) {
        let y = y as usize;
        if self.s_stamp[y] != mark {
            self.s_stamp[y] = mark;
            if self.i_count[y] == 0 && self.s_count[y] == 0 {
                self.touched.push(y as u32);
            }
            self.s_count[y] += 1;
        }
    }
}

struct Miner<'a, F> {
    db: &'a SeqDb,
    p: MineParams,
    /// Per item, its (sequence, element) positions in order: `pos[pos_start[x]..pos_start[x + 1]]`.
    pos_start: Vec<u32>,
    pos: Vec<(u32, u32)>,
    /// Per sequence, its distinct items by last element, latest first:
    /// `last_list[last_start[s]..last_start[s + 1]]` = (last element, item). Without a gap or span
    /// limit, the sequence extensions of a customer are exactly the items whose last element lies after
    /// the first occurrence end: a prefix of this list, read without scanning repeated purchases.
    last_start: Vec<u32>,
    last_list: Vec<(u32, u32)>,
    /// The same lists sorted by item: `(item, last element)`, for reading candidate by candidate.
    by_item: Vec<(u32, u32)>,
    items: Vec<u32>,
    starts: Vec<bool>,
    scratch: Scratch,
    sink: F,
    stats: MineStats,
}

/// Mines every frequent pattern of `db`, handing each to `sink` (which returns false to stop).
pub fn mine<F: FnMut(Found<'_>) -> bool>(db: &SeqDb, p: MineParams, sink: F) -> MineStats {
    let n_items = db.n_items() as usize;
    let min_support = p.min_support.max(1);
    // An infrequent item is in no frequent pattern: mine a copy without them (smaller projections).
    let keep: Vec<bool> = db.item_support().iter().map(|&c| c >= min_support).collect();
    let pruned = db.retain_items(&keep);
    let mut m = Miner {
        db: &pruned,
        last_start: Vec::new(),
        last_list: Vec::new(),
        by_item: Vec::new(),
        p: MineParams { min_support: p.min_support.max(1), ..p },
        pos_start: vec![0; n_items + 1],
        pos: Vec::new(),
        items: Vec::new(),
        starts: Vec::new(),
        scratch: Scratch {
            s_stamp: vec![0; n_items],
            s_count: vec![0; n_items],
            i_stamp: vec![0; n_items],
            i_count: vec![0; n_items],
            s_mask: vec![false; n_items],
            i_mask: vec![false; n_items],
            touched: Vec::new(),
        },
        sink,
        stats: MineStats { patterns: 0, truncated: false },
    };
    m.index();
    m.run();
    m.stats
}

/// Every frequent pattern, sorted (for tests and small inputs; [`mine`] streams).
pub fn mine_all(db: &SeqDb, p: MineParams) -> (Vec<Pattern>, MineStats) {
    let mut out = Vec::new();
    let stats = mine(db, p, |f| {
        out.push(Pattern { elements: f.elements(), support: f.support });
        true
    });
    out.sort();
    (out, stats)
}

impl<F: FnMut(Found<'_>) -> bool> Miner<'_, F> {
    /// The vertical index: positions per item, by a counting sort (sequence order, then element order).
    fn index(&mut self) {
        let db = self.db;
        for e in 0..db.n_elements() {
            for &x in db.items_of(e) {
                self.pos_start[x as usize + 1] += 1;
            }
        }
        for x in 0..self.pos_start.len() - 1 {
            self.pos_start[x + 1] += self.pos_start[x];
        }
        let mut fill = self.pos_start.clone();
        self.pos = vec![(0, 0); db.n_entries()];
        for s in 0..db.len() {
            for e in db.elements(s) {
                for &x in db.items_of(e) {
                    let slot = &mut fill[x as usize];
                    self.pos[*slot as usize] = (s as u32, e as u32);
                    *slot += 1;
                }
            }
        }
        if self.p.max_gap.is_none() && self.p.max_span.is_none() {
            let mut last = vec![u32::MAX; self.pos_start.len() - 1];
            let mut seen: Vec<u32> = Vec::new();
            self.last_start.push(0);
            for s in 0..db.len() {
                seen.clear();
                for e in db.elements(s).rev() {
                    for &x in db.items_of(e) {
                        if last[x as usize] == u32::MAX {
                            last[x as usize] = e as u32;
                            seen.push(x);
                        }
                    }
                }
                // Elements were visited latest first, so `seen` is already in order of last element.
                for &x in &seen {
                    self.last_list.push((last[x as usize], x));
                    last[x as usize] = u32::MAX;
                }
                self.last_start.push(self.last_list.len() as u32);
            }
            self.by_item = self.last_list.iter().map(|&(e, x)| (x, e)).collect();
            for s in 0..db.len() {
                self.by_item[self.last_start[s] as usize..self.last_start[s + 1] as usize].sort_unstable();
            }
        }
    }

    fn positions(&self, x: u32) -> &[(u32, u32)] {
        &self.pos[self.pos_start[x as usize] as usize..self.pos_start[x as usize + 1] as usize]
    }

    fn run(&mut self) {
        let frequent: Vec<u32> = (0..self.db.n_items()).filter(|&x| !self.positions(x).is_empty()).collect();
        for (k, &x) in frequent.iter().enumerate() {
            let occs: Vec<Occ> = self.positions(x).iter().map(|&(s, e)| Occ { seq: s, end: e, start: e }).collect();
            let support = support_of(&occs);
            if support < self.p.min_support {
                continue;
            }
            self.items.push(x);
            self.starts.push(true);
            let go = self.grow(&occs, support, &frequent, &frequent[k + 1..], &frequent);
            self.items.pop();
            self.starts.pop();
            if !go {
                return;
            }
        }
    }

    /// Reports the current pattern (held in `items`/`starts`) and grows it; false = stop everything.
    ///
    /// Candidates (the pruning of SPADE's equivalence classes): an item can extend a pattern only if it
    /// extended the parent the same way. Dropping an item from an element keeps every position, so
    /// `P+(y,z)` ⇒ `P+(z)` and `P+(y)+z` ⇒ `P+z` hold under any gap or span; dropping a whole element
    /// `P+y+z` ⇒ `P+z` holds without a gap limit only (it can break a gap), so with one the sequence
    /// candidates after a new element are all frequent items.
    fn grow(&mut self, occs: &[Occ], support: u32, s_cand: &[u32], i_cand: &[u32], all: &[u32]) -> bool {
        if self.stats.patterns >= self.p.max_patterns {
            self.stats.truncated = true;
            return false;
        }
        self.stats.patterns += 1;
        if !(self.sink)(Found { items: &self.items, starts_element: &self.starts, support }) {
            return false;
        }
        let last = *self.items.last().unwrap_or(&0);
        if self.items.len() as u64 >= self.p.max_len.min(MAX_DEPTH) as u64 {
            if self.p.max_len > MAX_DEPTH {
                // The depth cap, not the caller, stops here: say so if the pattern could grow.
                let (i_ext, s_ext) = self.count_extensions(occs, last, s_cand, i_cand);
                self.stats.truncated |= !(i_ext.is_empty() && s_ext.is_empty());
            }
            return true;
        }
        let (i_ext, s_ext) = self.count_extensions(occs, last, s_cand, i_cand);
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
    /// (candidates in a later element within the constraints), each counted once per customer. Each
    /// customer is read either element by element (skipping non-candidates with a mask) or candidate by
    /// candidate (binary searches), whichever is shorter; both count the same.
    fn count_extensions(&mut self, occs: &[Occ], last: u32, s_cand: &[u32], i_cand: &[u32]) -> (Vec<u32>, Vec<u32>) {
        let db = self.db;
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
            let group_first = k;
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
                if !self.last_start.is_empty() {
                    // Unconstrained: the first occurrence end decides.
                    if k == group_first {
                        let list = &self.last_list[self.last_start[seq as usize] as usize..self.last_start[seq as usize + 1] as usize];
                        let m = list.partition_point(|&(e, _)| e > o.end);
                        if m <= s_cand.len().saturating_mul(8) {
                            for &(_, y) in &list[..m] {
                                if self.scratch.s_mask[y as usize] {
                                    self.scratch.bump_s(y, mark);
                                }
                            }
                        } else {
                            let by_item = &self.by_item[self.last_start[seq as usize] as usize..self.last_start[seq as usize + 1] as usize];
                            let mut from = 0;
                            for &z in s_cand {
                                // Candidates ascend: search only the rest of the customer's items.
                                from += by_item[from..].partition_point(|&(x, _)| x < z);
                                match by_item.get(from) {
                                    Some(&(x, e)) if x == z && e > o.end => self.scratch.bump_s(z, mark),
                                    Some(_) => {}
                                    None => break,
                                }
                            }
                        }
                    }
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
        let min = self.p.min_support;
        for &y in &self.scratch.touched {
            let y = y as usize;
            if self.scratch.i_count[y] >= min {
                i_ext.push(y as u32);
            }
            if self.scratch.s_count[y] >= min {
                s_ext.push(y as u32);
            }
            self.scratch.i_count[y] = 0;
            self.scratch.s_count[y] = 0;
            self.scratch.i_stamp[y] = 0;
            self.scratch.s_stamp[y] = 0;
        }
        self.scratch.touched.clear();
        i_ext.sort_unstable();
        s_ext.sort_unstable();
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
