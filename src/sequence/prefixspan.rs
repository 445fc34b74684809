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
    touched: Vec<u32>,
}

struct Miner<'a, F> {
    db: &'a SeqDb,
    p: MineParams,
    /// Per item, its (sequence, element) positions in order: `pos[pos_start[x]..pos_start[x + 1]]`.
    pos_start: Vec<u32>,
    pos: Vec<(u32, u32)>,
    items: Vec<u32>,
    starts: Vec<bool>,
    scratch: Scratch,
    sink: F,
    stats: MineStats,
}

/// Mines every frequent pattern of `db`, handing each to `sink` (which returns false to stop).
pub fn mine<F: FnMut(Found<'_>) -> bool>(db: &SeqDb, p: MineParams, sink: F) -> MineStats {
    let n_items = db.n_items() as usize;
    let mut m = Miner {
        db,
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
    }

    fn positions(&self, x: u32) -> &[(u32, u32)] {
        &self.pos[self.pos_start[x as usize] as usize..self.pos_start[x as usize + 1] as usize]
    }

    fn run(&mut self) {
        let n_items = self.db.n_items();
        for x in 0..n_items {
            let occs: Vec<Occ> = self.positions(x).iter().map(|&(s, e)| Occ { seq: s, end: e, start: e }).collect();
            let support = support_of(&occs);
            if support < self.p.min_support {
                continue;
            }
            self.items.push(x);
            self.starts.push(true);
            let go = self.grow(&occs, support);
            self.items.pop();
            self.starts.pop();
            if !go {
                return;
            }
        }
    }

    /// Reports the current pattern (held in `items`/`starts`) and grows it; false = stop everything.
    fn grow(&mut self, occs: &[Occ], support: u32) -> bool {
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
                let (i_ext, s_ext) = self.count_extensions(occs, last);
                self.stats.truncated |= !(i_ext.is_empty() && s_ext.is_empty());
            }
            return true;
        }
        let (i_ext, s_ext) = self.count_extensions(occs, last);
        for y in i_ext {
            let child: Vec<Occ> = occs.iter().filter(|o| self.db.items_of(o.end as usize).binary_search(&y).is_ok()).copied().collect();
            let sup = support_of(&child);
            self.items.push(y);
            self.starts.push(false);
            let go = self.grow(&child, sup);
            self.items.pop();
            self.starts.pop();
            if !go {
                return false;
            }
        }
        for y in s_ext {
            let child = self.s_join(occs, y);
            let sup = support_of(&child);
            self.items.push(y);
            self.starts.push(true);
            let go = self.grow(&child, sup);
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

    /// Frequent itemset extensions (items after `last` in an end element) and sequence extensions
    /// (items in a later element within the constraints), each counted once per customer.
    fn count_extensions(&mut self, occs: &[Occ], last: u32) -> (Vec<u32>, Vec<u32>) {
        let db = self.db;
        let mut k = 0;
        while k < occs.len() {
            let seq = occs[k].seq;
            let mark = seq + 1;
            let seq_end = db.elements(seq as usize).end;
            let mut covered = 0usize; // elements up to here were scanned for this customer
            while k < occs.len() && occs[k].seq == seq {
                let o = occs[k];
                let elem = db.items_of(o.end as usize);
                let from = elem.partition_point(|&x| x <= last);
                for &y in &elem[from..] {
                    let st = &mut self.scratch.i_stamp[y as usize];
                    if *st != mark {
                        *st = mark;
                        if self.scratch.i_count[y as usize] == 0 && self.scratch.s_count[y as usize] == 0 {
                            self.scratch.touched.push(y);
                        }
                        self.scratch.i_count[y as usize] += 1;
                    }
                }
                // Windows start in increasing order, so whatever lies before `covered` was scanned.
                let mut j = (o.end as usize + 1).max(covered);
                while j < seq_end && self.ok(&o, j) {
                    for &y in db.items_of(j) {
                        let st = &mut self.scratch.s_stamp[y as usize];
                        if *st != mark {
                            *st = mark;
                            if self.scratch.i_count[y as usize] == 0 && self.scratch.s_count[y as usize] == 0 {
                                self.scratch.touched.push(y);
                            }
                            self.scratch.s_count[y as usize] += 1;
                        }
                    }
                    j += 1;
                }
                covered = covered.max(j);
                k += 1;
            }
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
