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
//! How, with a gap or span limit. A pattern carries its occurrence list: for each customer, every
//! element position where an occurrence can end, with the latest possible start of an occurrence ending
//! there (only that start matters for the span). With a gap limit, Apriori pruning between siblings is
//! unsafe (cSPADE notes that `<a,c>` may break the gap where `<a,b,c>` keeps it), so extensions are found
//! by scanning each customer's elements in the windows after the occurrence ends (the projected
//! database, as in PrefixSpan), counting each item once per customer; only the extensions found frequent
//! are then built, by a join with the item's own positions. Work per pattern is the size of its
//! projection.
//!
//! How, without limits (the default, and the costly case: far more patterns). Then only the first
//! occurrence end of a customer matters for sequence extensions (any item bought later extends the
//! pattern, as in the original PrefixSpan), and every end matters for itemset extensions. The projection
//! of a pattern keeps, per customer, only what can still extend it: the candidate items bought after the
//! first end, each once with its last element, and for every end the candidate items of that element.
//! Counting the extensions is one pass over that projection, touching only candidates. Most candidates
//! are infrequent, so the projection is then cut to the frequent extensions before the children are
//! built from it; each child's projection is a filtered part of its parent's (a new element's ends are
//! the item's later purchases, which the cut parent lists per customer for its sequence extensions).
//! Projections live in one set of buffers per depth, reused from pattern to pattern.
//!
//! The search is depth first (itemset extensions, then sequence extensions, each in item order, on both
//! paths); patterns are reported in that order, and a budget on their number stops the search with a
//! truncation flag instead of exhausting memory or time.

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
    /// Budget of work: stop once this many projection entries have been counted ([`MineStats::work`]),
    /// so that time is bounded however the patterns are shaped (one customer with thousands of items in
    /// a few purchases has 2^n patterns, each costing thousands of entries: 1M patterns took 27 s).
    pub max_work: u64,
}

/// The default work budget: about 6 s natively on this project's machine (~21 ns per entry); Online
/// Retail at 1 % support needs 174M.
pub const DEFAULT_MAX_WORK: u64 = 300_000_000;

impl Default for MineParams {
    fn default() -> Self {
        MineParams { min_support: 1, max_gap: None, max_span: None, max_len: u32::MAX, max_patterns: u64::MAX, max_work: u64::MAX }
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
    /// Work done: projection entries counted (the unit of [`MineParams::max_work`]).
    pub work: u64,
}

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

    /// Counts `y` as a sequence extension of one more customer (the caller sees each customer once).
    #[inline]
    fn bump_s_once(&mut self, y: u32) {
        let y = y as usize;
        if self.i_count[y] == 0 && self.s_count[y] == 0 {
            self.touched.push(y as u32);
        }
        self.s_count[y] += 1;
    }

    /// Counts `y` as a sequence extension for the customer `mark` (once per customer).
    #[inline]
    fn bump_s(&mut self, y: u32, mark: u32) {
        if self.s_stamp[y as usize] != mark {
            self.s_stamp[y as usize] = mark;
            self.bump_s_once(y);
        }
    }

    /// Puts the counted items with at least `min` customers, in item order, into `i_ext` (itemset
    /// extensions) and `s_ext` (sequence extensions), and resets the counts for the next pattern.
    fn take_extensions(&mut self, min: u32, i_ext: &mut Vec<u32>, s_ext: &mut Vec<u32>) {
        i_ext.clear();
        s_ext.clear();
        for &y in &self.touched {
            let y = y as usize;
            if self.i_count[y] >= min {
                i_ext.push(y as u32);
            }
            if self.s_count[y] >= min {
                s_ext.push(y as u32);
            }
            self.i_count[y] = 0;
            self.s_count[y] = 0;
            self.i_stamp[y] = 0;
            self.s_stamp[y] = 0;
        }
        self.touched.clear();
        i_ext.sort_unstable();
        s_ext.sort_unstable();
    }
}

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
struct Level {
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
}

impl Level {
    fn clear(&mut self) {
        self.custs.clear();
        self.after.clear();
        self.ends.clear();
        self.within.clear();
        self.runs.clear();
        self.later.clear();
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

/// Two ids as one sort key, `hi` first: one comparison per step keeps binary searches branch-free.
#[inline]
fn key(hi: u32, lo: u32) -> u64 {
    ((hi as u64) << 32) | lo as u64
}

/// The first id of a [`key`].
#[inline]
fn key_hi(k: u64) -> u32 {
    (k >> 32) as u32
}

/// `a[r.0..r.1]`, empty when the range does not fit (it always does: ranges are made from the list).
#[inline]
fn part<T>(a: &[T], r: (u32, u32)) -> &[T] {
    a.get(r.0 as usize..r.1 as usize).unwrap_or(&[])
}

struct Miner<'a, F> {
    db: &'a SeqDb,
    p: MineParams,
    /// Per item, its (sequence, element) positions in order: `pos[pos_start[x]..pos_start[x + 1]]`.
    pos_start: Vec<u32>,
    pos: Vec<(u32, u32)>,
    /// Without limits: per sequence, its distinct items by last element, latest first:
    /// `last_list[last_start[s]..last_start[s + 1]]` = (last element, item): the `after` list of the
    /// one-item patterns, read without scanning repeated purchases.
    last_start: Vec<u32>,
    last_list: Vec<(u32, u32)>,
    /// Without limits: per sequence, its purchases as [`key`]`(item, element)`, sorted:
    /// `cpos[cpos_start[s]..cpos_start[s + 1]]`, to find an item's purchases after a given element.
    cpos_start: Vec<u32>,
    cpos: Vec<u64>,
    /// Scratch list of one customer's items.
    picked: Vec<u32>,
    /// Without limits: the projection of the current pattern of each length (`levels[k]` has `k + 1`
    /// items), reused from pattern to pattern.
    levels: Vec<Level>,
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
        p: MineParams { min_support, ..p },
        pos_start: vec![0; n_items + 1],
        pos: Vec::new(),
        last_start: Vec::new(),
        last_list: Vec::new(),
        cpos_start: Vec::new(),
        cpos: Vec::new(),
        levels: Vec::new(),
        picked: Vec::new(),
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
        stats: MineStats { patterns: 0, truncated: false, work: 0 },
    };
    m.index();
    if m.unlimited() {
        m.run_unlimited();
    } else {
        m.run();
    }
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
    /// Neither a gap nor a span limit: the path of projections.
    fn unlimited(&self) -> bool {
        self.p.max_gap.is_none() && self.p.max_span.is_none()
    }

    /// The vertical index: positions per item, by a counting sort (sequence order, then element order);
    /// without limits also the per-sequence lists.
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
        if self.unlimited() {
            let mut last = vec![u32::MAX; self.pos_start.len() - 1];
            let mut seen: Vec<u32> = Vec::new();
            self.last_start.push(0);
            self.cpos_start.push(0);
            self.cpos.reserve(db.n_entries());
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
                let from = self.cpos.len();
                for e in db.elements(s) {
                    self.cpos.extend(db.items_of(e).iter().map(|&x| key(x, e as u32)));
                }
                self.cpos[from..].sort_unstable();
                self.cpos_start.push(self.cpos.len() as u32);
            }
        }
    }

    fn positions(&self, x: u32) -> &[(u32, u32)] {
        &self.pos[self.pos_start[x as usize] as usize..self.pos_start[x as usize + 1] as usize]
    }

    /// Reports the current pattern (held in `items`/`starts`); false = stop everything (a budget —
    /// patterns or work — is spent, or the sink said stop).
    fn report(&mut self, support: u32) -> bool {
        if self.stats.patterns >= self.p.max_patterns || self.stats.work >= self.p.max_work {
            self.stats.truncated = true;
            return false;
        }
        self.stats.patterns += 1;
        (self.sink)(Found { items: &self.items, starts_element: &self.starts, support })
    }

    /// The current pattern is as long as it may grow. When the depth cap rather than the caller's
    /// `max_len` is the limit, its extensions are still counted, to set the truncation flag.
    fn at_length_limit(&self) -> bool {
        self.items.len() as u64 >= self.p.max_len.min(MAX_DEPTH) as u64
    }

    // ---- The path without limits -------------------------------------------------------------

    fn run_unlimited(&mut self) {
        for x in 0..self.db.n_items() {
            let support = self.root_level(x);
            if support < self.p.min_support {
                continue;
            }
            self.items.push(x);
            self.starts.push(true);
            let go = self.grow_unlimited(0, support);
            self.items.pop();
            self.starts.pop();
            if !go {
                return;
            }
        }
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
        let ps = part(&self.pos, (self.pos_start[x as usize], self.pos_start[x as usize + 1]));
        let mut support = 0;
        let mut k = 0;
        while let Some(&(seq, first)) = ps.get(k) {
            support += 1;
            let after_lo = lv.after.len();
            let list = part(&self.last_list, (self.last_start[seq as usize], self.last_start[seq as usize + 1]));
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
            let source = (self.cpos_start[seq as usize], self.cpos_start[seq as usize + 1]);
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
        self.count_unlimited(d);
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
        self.cut(d);
        if self.levels.len() <= d + 1 {
            self.levels.push(Level::default());
        }
        // Same-element extensions first, then new-element ones (`starts`: the item begins an element).
        for starts in [false, true] {
            let mut k = 0;
            loop {
                let lv = &self.levels[d];
                let Some(&y) = (if starts { lv.s_ext.get(k) } else { lv.i_ext.get(k) }) else { break };
                let sup = if starts { self.sequence_child(d, y) } else { self.itemset_child(d, y) };
                self.items.push(y);
                self.starts.push(starts);
                let go = self.grow_unlimited(d + 1, sup);
                self.items.pop();
                self.starts.pop();
                if !go {
                    return false;
                }
                k += 1;
            }
        }
        true
    }

    /// Counts the extensions in the projection `levels[d]`, once per customer, and keeps the frequent
    /// ones in the level. Every entry is a candidate, and `after` holds an item once per customer.
    fn count_unlimited(&mut self, d: usize) {
        let Some(lv) = self.levels.get_mut(d) else { return };
        self.stats.work += (lv.custs.len() + lv.after.len() + lv.within.len()) as u64;
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
    fn cut(&mut self, d: usize) {
        let (done, rest) = self.levels.split_at_mut(d);
        let Some(lv) = rest.first_mut() else { return };
        let source: &[u64] = match done.last() {
            Some(parent) => &parent.runs,
            None => &self.cpos,
        };
        let sc = &mut self.scratch;
        for &z in &lv.s_ext {
            sc.s_mask[z as usize] = true;
        }
        for &z in &lv.i_ext {
            sc.i_mask[z as usize] = true;
        }
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
        for &z in &lv.s_ext {
            sc.s_mask[z as usize] = false;
        }
        for &z in &lv.i_ext {
            sc.i_mask[z as usize] = false;
        }
    }

    /// Builds in `levels[d + 1]` the projection of the current pattern with `y` added to its last
    /// element, and returns its support: the ends whose element holds `y`, each keeping its candidates
    /// after `y`; the sequence candidates bought after the new first end.
    fn itemset_child(&mut self, d: usize, y: u32) -> u32 {
        let (done, rest) = self.levels.split_at_mut(d + 1);
        let (Some(parent), Some(child)) = (done.last(), rest.first_mut()) else { return 0 };
        child.clear();
        let mut support = 0;
        for c in &parent.custs {
            let ends_lo = child.ends.len();
            let mut first = None;
            for end in part(&parent.ends, c.ends) {
                let within = part(&parent.within, (end.lo, end.hi));
                if let Ok(i) = within.binary_search(&y) {
                    first.get_or_insert(end.elem);
                    let lo = child.within.len();
                    child.within.extend_from_slice(within.get(i + 1..).unwrap_or(&[]));
                    child.push_end(end.elem, lo);
                }
            }
            let Some(first) = first else { continue };
            support += 1;
            let after_lo = child.after.len();
            child.after.extend(part(&parent.after, c.after).iter().take_while(|&&(e, _)| e > first));
            child.push_cust(c.seq, first + 1, after_lo, ends_lo, c.runs);
        }
        support
    }

    /// Builds in `levels[d + 1]` the projection of the current pattern followed by the element `{y}`,
    /// and returns its support: the ends are the customer's purchases of `y` from `from` on; an end's
    /// itemset candidates are the parent's sequence extensions greater than `y` in its element, read
    /// from the parent's `later`.
    fn sequence_child(&mut self, d: usize, y: u32) -> u32 {
        let (done, rest) = self.levels.split_at_mut(d + 1);
        let (Some(parent), Some(child)) = (done.last(), rest.first_mut()) else { return 0 };
        child.clear();
        let mut support = 0;
        for c in &parent.custs {
            let runs = part(&parent.runs, c.runs);
            let mut k = runs.partition_point(|&q| q < key(y, 0));
            let first = match runs.get(k) {
                Some(&q) if key_hi(q) == y => q as u32,
                _ => continue,
            };
            support += 1;
            let after_lo = child.after.len();
            child.after.extend(part(&parent.after, c.after).iter().take_while(|&&(e, _)| e > first));
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
                child.within.extend(later.iter().take_while(|&&q| key_hi(q) == e).map(|&q| q as u32));
                child.push_end(e, lo);
                k += 1;
            }
            child.push_cust(c.seq, first + 1, after_lo, ends_lo, c.runs);
        }
        support
    }

    // ---- The path with a gap or span limit ---------------------------------------------------

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
