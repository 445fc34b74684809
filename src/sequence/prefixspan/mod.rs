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
//! The cut also lists, per frequent extension, the customers (and ends) that hold it, so that building
//! a child visits only its own customers rather than searching every customer of the parent.
//! Projections live in one set of buffers per depth, reused from pattern to pattern.
//!
//! The same search without limits runs on bitmaps ([`rows`], after SPAM: Ayres et al., "Sequential
//! pattern mining using a bitmap representation", KDD 2002, and the vertical id-lists of SPADE: Zaki,
//! "SPADE: an efficient algorithm for mining frequent sequences", Machine Learning 42, 2001): each
//! customer's elements as rows of bits over the items that can still extend the pattern, with the OR of
//! each row and the later ones, so that a customer's sequence extensions are one row, its itemset
//! extensions the OR of its end rows, and all candidates are counted a word (64 items) at a time. A root
//! whose bitmaps fit a bound is first turned on its side (SPAM's own way, cut per customer): per candidate
//! item and customer, the customer's rows holding it; per pattern and customer, its end rows; a candidate
//! is then one AND per customer, which is cheaper once the bound below leaves a pattern few candidates.
//! The projections ([`unlimited`]) remain for an item whose rows would not fit in a memory bound; all
//! report the same patterns in the same order and count the same work ([`work`]).
//!
//! On both paths a child's candidates are first bounded by its parent's customers ([`bound`]): a candidate
//! that the parent's customers of both extensions could not make frequent is not counted, and a child
//! left with none is reported without building its projection.
//!
//! The search is depth first (itemset extensions, then sequence extensions, each in item order, on both
//! paths); patterns are reported in that order, and a budget on their number stops the search with a
//! truncation flag instead of exhausting memory or time.

use super::events::SeqDb;

mod bound;
mod limited;
mod rows;
#[cfg(not(target_arch = "wasm32"))]
mod two;
mod unlimited;

use bound::Columns;
use rows::{Arena, RowLevel, RowScratch, Vert};
use unlimited::Level;

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
    /// Budget of work: stop once this much has been counted ([`MineStats::work`]; see [`work`]), so that
    /// time is bounded however the patterns are shaped (one customer with thousands of items in a few
    /// purchases has 2^n patterns, each costing thousands of entries: 1M patterns took 27 s).
    pub max_work: u64,
}

/// The default work budget ([`work`]): one customer with 2,997 items in 9 purchases (2^333 patterns per
/// purchase) reaches it after 179,532 patterns in 5.8 s natively on this project's machine; Online Retail at
/// 1 % support needs 85M.
pub const DEFAULT_MAX_WORK: u64 = 700_000_000;

/// The work of counting the extensions of a pattern longer than one item, the same on every path without
/// limits however its count is carried out: each of its `support` customers against each of its `cands`
/// candidates, plus the customer. (A one-item pattern counts the entries of its projection: its buyers,
/// the items bought after the first purchase, once each, and at each purchase the items after it in the
/// element; with limits, [`limited`] counts the occurrences and candidates it visits.) A bound rather than
/// the entries visited, so that a count may stop as soon as no candidate can be frequent.
fn work(support: u32, cands: u64) -> u64 {
    (support as u64).saturating_mul(cands + 1)
}

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
    /// Work counted before this pattern was reported ([`MineStats::work`]).
    pub work: u64,
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
    /// Work done (the unit of [`MineParams::max_work`]; see [`work`]).
    pub work: u64,
}

/// Per-item scratch shared by every level of the search (reset after each use).
struct Scratch {
    s_stamp: Vec<u32>,
    s_count: Vec<u32>,
    i_stamp: Vec<u32>,
    i_count: Vec<u32>,
    s_mask: Vec<bool>,
    i_mask: Vec<bool>,
    /// Rank of each extension among its level's sequence (itemset) extensions, while the level is cut.
    s_rank: Vec<u32>,
    i_rank: Vec<u32>,
    touched: Vec<u32>,
    /// A child's candidates while they are marked ([`bound`]).
    cand_i: Vec<u32>,
    cand_s: Vec<u32>,
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

/// The vertical index of a search: read by every thread, written by none.
#[derive(Debug, Default)]
pub(super) struct Index {
    /// Per item, its (sequence, element) positions in order: `pos[pos_start[x]..pos_start[x + 1]]`.
    pub(super) pos_start: Vec<u32>,
    pub(super) pos: Vec<(u32, u32)>,
    /// Per position in `pos`, how many items of its element come after the item (an element's items are
    /// distinct and ascending), for the roots' extensions without a search.
    pub(super) pos_tail: Vec<u32>,
    /// Without limits: per sequence, its distinct items by last element, latest first:
    /// `last_list[last_start[s]..last_start[s + 1]]` = (last element, item): the `after` list of the
    /// one-item patterns, read without scanning repeated purchases.
    pub(super) last_start: Vec<u32>,
    pub(super) last_list: Vec<(u32, u32)>,
    /// Without limits: per sequence, its purchases as [`key`]`(item, element)`, sorted:
    /// `cpos[cpos_start[s]..cpos_start[s + 1]]`, to find an item's purchases after a given element.
    pub(super) cpos_start: Vec<u32>,
    pub(super) cpos: Vec<u64>,
    /// Without limits, when it fits: every element as a row of bits over the frequent items, to count
    /// the roots' extensions a word at a time ([`rows::Wide`]).
    wide: Option<rows::Wide>,
}

impl Index {
    /// The vertical index of `db`: positions per item, by a counting sort (sequence order, then element order);
    /// without limits also the per-sequence lists.
    fn new(db: &SeqDb, unlimited: bool) -> Index {
        let mut ix = Index { pos_start: vec![0; db.n_items() as usize + 1], ..Index::default() };
        for e in 0..db.n_elements() {
            for &x in db.items_of(e) {
                ix.pos_start[x as usize + 1] += 1;
            }
        }
        for x in 0..ix.pos_start.len() - 1 {
            ix.pos_start[x + 1] += ix.pos_start[x];
        }
        let mut fill = ix.pos_start.clone();
        ix.pos = vec![(0, 0); db.n_entries()];
        ix.pos_tail = vec![0; db.n_entries()];
        for s in 0..db.len() {
            for e in db.elements(s) {
                let items = db.items_of(e);
                for (i, &x) in items.iter().enumerate() {
                    let slot = &mut fill[x as usize];
                    ix.pos[*slot as usize] = (s as u32, e as u32);
                    if let Some(t) = ix.pos_tail.get_mut(*slot as usize) {
                        *t = (items.len() - i - 1) as u32;
                    }
                    *slot += 1;
                }
            }
        }
        if unlimited {
            let mut last = vec![u32::MAX; ix.pos_start.len() - 1];
            let mut seen: Vec<u32> = Vec::new();
            ix.last_start.push(0);
            ix.cpos_start.push(0);
            ix.cpos.reserve(db.n_entries());
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
                    ix.last_list.push((last[x as usize], x));
                    last[x as usize] = u32::MAX;
                }
                ix.last_start.push(ix.last_list.len() as u32);
                let from = ix.cpos.len();
                for e in db.elements(s) {
                    ix.cpos.extend(db.items_of(e).iter().map(|&x| key(x, e as u32)));
                }
                ix.cpos[from..].sort_unstable();
                ix.cpos_start.push(ix.cpos.len() as u32);
            }
        }
        ix
    }

    /// Where `x` was bought: (sequence, element) in order.
    pub(super) fn positions(&self, x: u32) -> &[(u32, u32)] {
        part(&self.pos, (self.pos_start.get(x as usize).copied().unwrap_or(0), self.pos_start.get(x as usize + 1).copied().unwrap_or(0)))
    }
}

struct Miner<'a, F> {
    db: &'a SeqDb,
    p: MineParams,
    /// Where each item was bought, and more ([`Index`]): shared by the threads of a search.
    ix: &'a Index,
    /// Scratch list of one customer's items.
    picked: Vec<u32>,
    /// Without limits: the projection of the current pattern of each length (`levels[k]` has `k + 1`
    /// items), reused from pattern to pattern.
    levels: Vec<Level>,
    /// Without limits: the arenas of rows in use (`arenas[..n_arenas]`) and the projection of the current
    /// pattern of each length, on the path of bitmaps ([`rows`]).
    arenas: Vec<Arena>,
    n_arenas: usize,
    row_levels: Vec<RowLevel>,
    rs: RowScratch,
    /// The bitmaps' path turned on its side ([`rows`]' `vertical`), and its bound in words (0: never).
    vert: Vert,
    vert_words: usize,
    /// Items with a position (the frequent ones): the widest row of an arena.
    n_frequent: usize,
    /// Bound on the words of rows of all arenas ([`rows::ARENA_WORDS`]).
    arena_words: usize,
    /// Words for the columns of the patterns on the search's path ([`bound::COLS_WORDS`]), and those left.
    cols_words: usize,
    cols_room: usize,
    /// How the bitmaps' path counts the bounds, and the roots' extensions.
    bound_by: BoundBy,
    roots_by: RootsBy,
    /// Scratch of a cut: (rank of the extension, where it stands) in customer order, before bucketing.
    s_pairs: Vec<(u32, (u32, u32))>,
    i_pairs: Vec<(u32, (u32, u32, u32))>,
    items: Vec<u32>,
    starts: Vec<bool>,
    scratch: Scratch,
    sink: F,
    stats: MineStats,
}

/// Mines every frequent pattern of `db`, handing each to `sink` (which returns false to stop).
pub fn mine<F: FnMut(Found<'_>) -> bool>(db: &SeqDb, p: MineParams, sink: F) -> MineStats {
    mine_on(db, p, rows::ARENA_WORDS, crate::parallel::available(), sink)
}

/// [`mine`] with another bound on the bitmaps of the path without limits (words of rows): 0 mines every
/// item by the projections, a small bound mixes the two. The same patterns, order, work and truncation
/// whatever the bound; for tests.
#[doc(hidden)]
pub fn mine_with_arena<F: FnMut(Found<'_>) -> bool>(db: &SeqDb, p: MineParams, arena_words: usize, sink: F) -> MineStats {
    mine_on(db, p, arena_words, false, sink)
}

/// [`mine_with_arena`] on two threads when `two_threads` and the platform has them: the same patterns,
/// order, work and truncation ([`two`]); for tests.
#[doc(hidden)]
pub fn mine_on<F: FnMut(Found<'_>) -> bool>(db: &SeqDb, p: MineParams, arena_words: usize, two_threads: bool, sink: F) -> MineStats {
    #[cfg(not(target_arch = "wasm32"))]
    let two = two_threads.then_some(two::ROOT_BYTES);
    // The page's worker has no threads.
    #[cfg(target_arch = "wasm32")]
    let two: Option<usize> = {
        let _ = two_threads;
        None
    };
    search(db, p, (arena_words, rows::VERT_WORDS), bound::COLS_WORDS, two, (BoundBy::Cheaper, RootsBy::Cheaper), sink)
}

/// [`mine_with_arena`] on one thread with another bound on the bitmaps turned on their side ([`rows`]'
/// `vertical`; words of a root's item bitmaps and its patterns' ends): 0 grows every root on rows of items
/// (or projections), a small bound mixes them. The same patterns, order, work and truncation whatever the
/// bound; for tests.
#[doc(hidden)]
pub fn mine_with_vertical<F: FnMut(Found<'_>) -> bool>(
    db: &SeqDb,
    p: MineParams,
    arena_words: usize,
    vert_words: usize,
    sink: F,
) -> MineStats {
    search(db, p, (arena_words, vert_words), bound::COLS_WORDS, None, (BoundBy::Cheaper, RootsBy::Cheaper), sink)
}

/// [`mine_with_arena`] with another room for the candidates' bounds ([`bound`]; words of columns): 0 bounds
/// no candidate (every child is built, as before the bound), a small room bounds some patterns' children
/// only. The same patterns, order and truncation by the pattern budget whatever the room; the work counted
/// differs (bounded candidates are not counted). For tests.
#[doc(hidden)]
pub fn mine_with_bounds<F: FnMut(Found<'_>) -> bool>(
    db: &SeqDb,
    p: MineParams,
    arena_words: usize,
    cols_words: usize,
    sink: F,
) -> MineStats {
    search(db, p, (arena_words, rows::VERT_WORDS), cols_words, None, (BoundBy::Cheaper, RootsBy::Cheaper), sink)
}

/// How the path of bitmaps counts a child's [`bound`]: by intersecting the columns of each pair (the child's
/// and each candidate's), by adding up the child's customers' rows, or by whichever costs fewer words (the
/// default). The same candidates, so the same patterns, order, work and truncation, whichever.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundBy {
    /// The fewer words.
    Cheaper,
    /// Pairs of columns.
    Pairs,
    /// The customers' rows.
    Rows,
}

/// [`mine_with_arena`] on one thread, with the rows of items only (not turned on their side: the bounds
/// are counted there), counting the bounds by `by`; for tests.
#[doc(hidden)]
pub fn mine_with_bound_by<F: FnMut(Found<'_>) -> bool>(db: &SeqDb, p: MineParams, by: BoundBy, sink: F) -> MineStats {
    search(db, p, (rows::ARENA_WORDS, 0), bound::COLS_WORDS, None, (by, RootsBy::Cheaper), sink)
}

/// How the path of bitmaps counts a root's extensions ([`rows`]' `roots`): item by item from the index's
/// lists, a word at a time from every element's row over the frequent items (when those rows fit), or
/// whichever costs less (the default). The same extensions and work, so the same patterns, order and
/// truncation, whichever.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootsBy {
    /// The cheaper.
    Cheaper,
    /// Item by item.
    Steps,
    /// A word at a time.
    Words,
}

/// [`mine_with_arena`] on one thread, counting the roots' extensions by `by`; for tests.
#[doc(hidden)]
pub fn mine_with_roots_by<F: FnMut(Found<'_>) -> bool>(db: &SeqDb, p: MineParams, by: RootsBy, sink: F) -> MineStats {
    search(db, p, (rows::ARENA_WORDS, rows::VERT_WORDS), bound::COLS_WORDS, None, (BoundBy::Cheaper, by), sink)
}

/// [`mine_on`], on two threads when `two` is set, whose helper keeps records of at most that many bytes.
fn search<F: FnMut(Found<'_>) -> bool>(
    db: &SeqDb,
    p: MineParams,
    (arena_words, vert_words): (usize, usize),
    cols_words: usize,
    two: Option<usize>,
    (bound_by, roots_by): (BoundBy, RootsBy),
    sink: F,
) -> MineStats {
    let min_support = p.min_support.max(1);
    // An infrequent item is in no frequent pattern: mine a copy without them (smaller projections).
    let keep: Vec<bool> = db.item_support().iter().map(|&c| c >= min_support).collect();
    let pruned = db.retain_items(&keep);
    // Customers with fewer elements first: a count that stops once no candidate can be frequent
    // ([`rows`]) then stops before the customers that cost most to visit.
    let mut order: Vec<u32> = (0..pruned.len() as u32).collect();
    order.sort_by_key(|&s| (pruned.elements(s as usize).len(), s));
    let pruned = pruned.reordered(&order);
    let p = MineParams { min_support, ..p };
    let unlimited = p.max_gap.is_none() && p.max_span.is_none();
    let mut ix = Index::new(&pruned, unlimited);
    if unlimited {
        ix.wide = rows::Wide::new(&pruned, &keep, rows::WIDE_WORDS);
    }
    let n_frequent = keep.iter().filter(|&&k| k).count();
    let roots: Vec<u32> = (0..pruned.n_items()).filter(|&x| !ix.positions(x).is_empty()).collect();
    let mut m = Miner::new(&pruned, &ix, p, n_frequent, arena_words, sink);
    m.cols_words = cols_words;
    m.vert_words = vert_words;
    m.bound_by = bound_by;
    m.roots_by = roots_by;
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(root_bytes) = two
        && roots.len() >= 2
    {
        return two::mine_two(m, &roots, root_bytes);
    }
    let _ = two;
    for k in 0..roots.len() {
        if !m.mine_root(&roots, k) {
            break;
        }
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

impl<'a, F: FnMut(Found<'_>) -> bool> Miner<'a, F> {
    /// A search of `db` (its items pruned to the frequent ones) over its index `ix`, reporting to `sink`.
    fn new(db: &'a SeqDb, ix: &'a Index, p: MineParams, n_frequent: usize, arena_words: usize, sink: F) -> Self {
        let n_items = db.n_items() as usize;
        Miner {
            db,
            p,
            ix,
            levels: Vec::new(),
            arenas: Vec::new(),
            n_arenas: 0,
            row_levels: Vec::new(),
            rs: RowScratch::new(n_items),
            vert: Vert::default(),
            vert_words: rows::VERT_WORDS,
            n_frequent,
            arena_words,
            cols_words: bound::COLS_WORDS,
            cols_room: bound::COLS_WORDS,
            bound_by: BoundBy::Cheaper,
            roots_by: RootsBy::Cheaper,
            s_pairs: Vec::new(),
            i_pairs: Vec::new(),
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
                s_rank: vec![0; n_items],
                i_rank: vec![0; n_items],
                touched: Vec::new(),
                cand_i: Vec::new(),
                cand_s: Vec::new(),
            },
            sink,
            stats: MineStats { patterns: 0, truncated: false, work: 0 },
        }
    }

    /// Neither a gap nor a span limit: the path of projections.
    fn unlimited(&self) -> bool {
        self.p.max_gap.is_none() && self.p.max_span.is_none()
    }

    /// Mines the patterns that start with `roots[k]` (the items with a position, ascending); false = stop
    /// everything.
    fn mine_root(&mut self, roots: &[u32], k: usize) -> bool {
        match roots.get(k) {
            Some(&x) if self.unlimited() => self.root_unlimited(x),
            Some(_) => self.root_limited(roots, k),
            None => true,
        }
    }

    fn positions(&self, x: u32) -> &'a [(u32, u32)] {
        self.ix.positions(x)
    }

    /// Reports the current pattern (held in `items`/`starts`); false = stop everything (a budget —
    /// patterns or work — is spent, or the sink said stop).
    fn report(&mut self, support: u32) -> bool {
        if self.stats.patterns >= self.p.max_patterns || self.stats.work >= self.p.max_work {
            self.stats.truncated = true;
            return false;
        }
        self.stats.patterns += 1;
        (self.sink)(Found { items: &self.items, starts_element: &self.starts, support, work: self.stats.work })
    }

    /// The current pattern is as long as it may grow. When the depth cap rather than the caller's
    /// `max_len` is the limit, its extensions are still counted, to set the truncation flag.
    fn at_length_limit(&self) -> bool {
        self.items.len() as u64 >= self.p.max_len.min(MAX_DEPTH) as u64
    }
}
