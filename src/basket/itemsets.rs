//! Phase 2: frequent itemsets, exact, by depth-first occurrence delivery (the method of LCM, Uno et al.
//! 2004, without the closedness pruning) over a reduced database.
//!
//! Why this and not an FP-tree: on sparse retail data the conditional databases are tiny, and building
//! them as flat occurrence lists (one `(basket, suffix start)` pair per occurrence, in per-depth arenas
//! reused across the whole run) costs no pointer chasing, no per-node allocation and no hashing. The
//! preparation that makes it fast:
//! 1. items below the minimum count are dropped and the rest renumbered `0..m` by ascending frequency
//!    (ties by item id), so that an itemset is only extended by more frequent items and the longest
//!    suffixes belong to the rarest items, which have the fewest occurrences;
//! 2. baskets are sorted and identical baskets merged into one with a weight.
//!
//! For a prefix `P` with occurrences `Occ(P)` (the baskets containing `P`, each with the position after
//! `P`'s last item), one pass counts every extension `e` in the suffixes; a second pass delivers, for
//! each frequent `e`, the occurrences of `P ∪ {e}` into one flat arena; then each is expanded in turn.
//!
//! The result keeps every frequent itemset (items in ascending id order) with its support count, and a
//! hash index from itemset to position so that rules can look up the support of any subset.

use crate::error::BadParameter;
use hashbrown::HashTable;

use super::error::BasketError;

/// What to keep of the frequent itemsets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "ItemsetTarget"))]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// Every frequent itemset.
    #[default]
    All,
    /// Closed itemsets: no proper superset has the same support.
    Closed,
    /// Maximal itemsets: no proper superset is frequent.
    Maximal,
}

impl Target {
    /// `all`, `closed` or `maximal`.
    pub fn key(self) -> &'static str {
        match self {
            Target::All => "all",
            Target::Closed => "closed",
            Target::Maximal => "maximal",
        }
    }
}

/// Every frequent itemset of a run with its support count.
#[derive(Debug, Clone, Default)]
pub struct Itemsets {
    /// Items of every itemset, concatenated, each itemset ascending.
    items: Vec<u32>,
    /// Itemset `k` is `items[ends[k - 1]..ends[k]]` (from 0 for the first).
    ends: Vec<u32>,
    /// Support count per itemset.
    counts: Vec<u32>,
    /// Support count of every item (frequent or not), by item id.
    pub item_counts: Vec<u32>,
    /// Baskets mined.
    pub baskets: usize,
    /// The minimum support count used.
    pub min_count: u32,
    index: HashTable<u32>,
    hasher: foldhash::fast::FixedState,
}

impl Itemsets {
    /// Number of frequent itemsets.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// True when none is frequent.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Items of itemset `k` (ascending).
    pub fn items(&self, k: usize) -> &[u32] {
        let start = if k == 0 { 0 } else { self.ends.get(k - 1).copied().unwrap_or(0) as usize };
        let end = self.ends.get(k).copied().unwrap_or(0) as usize;
        self.items.get(start..end).unwrap_or(&[])
    }

    /// Support count of itemset `k`.
    pub fn count(&self, k: usize) -> u32 {
        self.counts.get(k).copied().unwrap_or(0)
    }

    /// Support count of an itemset given as ascending item ids; `None` when it is not frequent (or not
    /// mined because of the length limit). The empty itemset is in every basket.
    pub fn support_of(&self, items: &[u32]) -> Option<u32> {
        match items {
            [] => Some(self.baskets as u32),
            [i] => self.item_counts.get(*i as usize).copied().filter(|&c| c >= self.min_count && c > 0),
            _ => {
                let h = hash(&self.hasher, items);
                self.index.find(h, |&k| self.items(k as usize) == items).map(|&k| self.count(k as usize))
            }
        }
    }

    /// Itemsets per length: entry `l` counts itemsets of `l` items (entry 0 is 0).
    pub fn by_length(&self) -> Vec<usize> {
        let mut v = Vec::new();
        for k in 0..self.len() {
            let l = self.items(k).len();
            if v.len() <= l {
                v.resize(l + 1, 0);
            }
            v[l] += 1;
        }
        v
    }

    /// Marks the itemsets that are closed or maximal (every frequent itemset for [`Target::All`]).
    ///
    /// An itemset with a frequent superset has one with exactly one more item (all subsets of a frequent
    /// itemset are frequent), and a superset with the same support implies a one-larger one with the same
    /// support (support only falls as items are added): so checking the one-item-larger supersets is
    /// enough. With a maximum length, itemsets of that length have no mined superset and are kept.
    pub fn select(&self, target: Target) -> Vec<bool> {
        let mut keep = vec![true; self.len()];
        if target == Target::All {
            return keep;
        }
        let mut sub: Vec<u32> = Vec::new();
        for k in 0..self.len() {
            let set = self.items(k);
            if set.len() < 2 {
                // Singletons: their subset is the empty set, which is not reported.
                continue;
            }
            for skip in 0..set.len() {
                sub.clear();
                sub.extend(set.iter().enumerate().filter(|&(j, _)| j != skip).map(|(_, &v)| v));
                let Some(j) = self.position(&sub) else { continue };
                if target == Target::Maximal || self.count(j) == self.count(k) {
                    keep[j] = false;
                }
            }
        }
        keep
    }

    /// Position of an itemset (ascending ids) in this result.
    pub fn position(&self, items: &[u32]) -> Option<usize> {
        let h = hash(&self.hasher, items);
        self.index.find(h, |&k| self.items(k as usize) == items).map(|&k| k as usize)
    }

    /// An empty result to fill with [`Itemsets::push`] (itemsets mined elsewhere, read from a file).
    pub(super) fn empty(baskets: usize, min_count: u32, item_counts: Vec<u32>) -> Itemsets {
        Itemsets { item_counts, baskets, min_count: min_count.max(1), ..Default::default() }
    }

    /// The itemsets of at least `min_count` baskets and at most `max_len` items.
    pub(super) fn filtered(&self, min_count: u32, max_len: usize) -> Itemsets {
        let counts = self.item_counts.iter().map(|&c| if c >= min_count { c } else { 0 }).collect();
        let mut out = Itemsets::empty(self.baskets, min_count, counts);
        for k in (0..self.len()).filter(|&k| self.count(k) >= min_count && self.items(k).len() <= max_len) {
            out.push(self.items(k), self.count(k));
        }
        out
    }

    /// Adds an itemset (ascending ids, not already in) with its count.
    pub(super) fn push(&mut self, items: &[u32], count: u32) {
        let k = self.counts.len() as u32;
        self.items.extend_from_slice(items);
        self.ends.push(self.items.len() as u32);
        self.counts.push(count);
        let h = hash(&self.hasher, items);
        let (all, ends, hasher) = (&self.items, &self.ends, &self.hasher);
        self.index.insert_unique(h, k, |&o| {
            let o = o as usize;
            let s = if o == 0 { 0 } else { ends[o - 1] as usize };
            hash(hasher, &all[s..ends[o] as usize])
        });
    }

    /// Heap bytes held (for the memory budget).
    pub fn heap_bytes(&self) -> usize {
        self.items.capacity() * 4 + self.ends.capacity() * 4 + self.counts.capacity() * 4 + self.index.capacity() * 5
    }
}

fn hash(state: &foldhash::fast::FixedState, items: &[u32]) -> u64 {
    use std::hash::BuildHasher;
    state.hash_one(items)
}

/// Mining parameters, validated by the caller.
#[derive(Debug, Clone, Copy)]
pub struct MineParams {
    /// Minimum support count (at least 1).
    pub min_count: u32,
    /// Largest itemset length (`usize::MAX` for none).
    pub max_len: usize,
    /// Largest number of itemsets kept.
    pub max_itemsets: usize,
}

/// The reduced database: frequent items renumbered by ascending frequency, identical baskets merged.
struct Reduced {
    /// Items (ranks) of every distinct basket, concatenated, ascending.
    items: Vec<u32>,
    /// End of each basket in `items` (start is the previous end).
    ends: Vec<u32>,
    /// Weight (number of merged baskets) per basket.
    weight: Vec<u32>,
    /// Original item id per rank.
    item_of_rank: Vec<u32>,
}

fn reduce(items: &[u32], offsets: &[usize], item_counts: &[u32], min_count: u32) -> Result<Reduced, BasketError> {
    let mut frequent: Vec<u32> = (0..item_counts.len() as u32).filter(|&i| item_counts[i as usize] >= min_count).collect();
    frequent.sort_unstable_by_key(|&i| (item_counts[i as usize], i));
    let mut rank = vec![u32::MAX; item_counts.len()];
    for (r, &i) in frequent.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    // Every item's rank is written and the end advances only past frequent ones: no branch that half
    // of the items would mispredict.
    let mut flat: Vec<u32> = vec![0; items.len()];
    let mut len = 0;
    let mut bounds: Vec<(u32, u32)> = Vec::with_capacity(offsets.len());
    for w in offsets.windows(2) {
        let s = len;
        for &i in items.get(w[0]..w[1]).unwrap_or(&[]) {
            let r = rank.get(i as usize).copied().unwrap_or(u32::MAX);
            let Some(slot) = flat.get_mut(len) else { break };
            *slot = r;
            len += usize::from(r != u32::MAX);
        }
        if len > u32::MAX as usize {
            return Err(BasketError::BadParameter(BadParameter::new(
                "baskets",
                flat.len().to_string(),
                "more than 4 billion basket items: split the file",
            )));
        }
        if len > s {
            flat[s..len].sort_unstable();
            bounds.push((s as u32, len as u32));
        }
    }
    flat.truncate(len);
    // Merge identical baskets (in order of first appearance; the order of baskets changes no count).
    let hasher = foldhash::fast::FixedState::with_seed(0);
    let mut seen: HashTable<u32> = HashTable::with_capacity(bounds.len());
    let mut out = Reduced {
        items: Vec::with_capacity(flat.len()),
        ends: Vec::with_capacity(bounds.len()),
        weight: Vec::with_capacity(bounds.len()),
        item_of_rank: frequent,
    };
    for &(s, e) in &bounds {
        let b = &flat[s as usize..e as usize];
        let h = hash(&hasher, b);
        let (items, ends) = (&out.items, &out.ends);
        let basket = |k: u32| {
            let k = k as usize;
            &items[if k == 0 { 0 } else { ends[k - 1] as usize }..ends[k] as usize]
        };
        if let Some(&k) = seen.find(h, |&k| basket(k) == b) {
            out.weight[k as usize] += 1;
            continue;
        }
        let k = out.ends.len() as u32;
        seen.insert_unique(h, k, |&o| hash(&hasher, basket(o)));
        out.items.extend_from_slice(b);
        out.ends.push(out.items.len() as u32);
        out.weight.push(1);
    }
    Ok(out)
}

/// Why mining stopped early.
pub(crate) struct Overflow;

/// The recursion's state: counters indexed by rank and one occurrence arena per depth.
struct Miner<'a, F: FnMut(&[u32], u32) -> Result<(), Overflow>> {
    db: &'a Reduced,
    min_count: u32,
    max_len: usize,
    /// Weighted count per rank (zero between uses).
    weight: Vec<u32>,
    /// Occurrences per rank (zero between uses).
    occ: Vec<u32>,
    /// Occurrence arenas by depth: `(basket, suffix start)`.
    arenas: Vec<Vec<(u32, u32)>>,
    prefix: Vec<u32>,
    /// Occurrence slots the arenas hold now (their capacities); with `stack_bytes` checked against
    /// [`ARENA_BYTES`] before an arena grows.
    arena_slots: usize,
    /// Bytes of the extension lists held by the levels of the recursion above the current one.
    stack_bytes: usize,
    /// [`ARENA_BYTES`] plus four occurrences per basket item: a search as deep as four full copies of the
    /// input is always allowed, so the budget grows with the file but never beyond a multiple of it.
    working_budget: usize,
    /// Per rank at the root: does it have a frequent extension (a frequent pair)? `None` when the pair
    /// table was too large to count (every item is then expanded).
    root_extends: Option<Vec<bool>>,
    /// The root's pair counts: at depth 1 they are the extension counts, so that scan is skipped.
    pairs: Option<PairTable>,
    emit: F,
}

impl<F: FnMut(&[u32], u32) -> Result<(), Overflow>> Miner<'_, F> {
    /// Expands the current prefix, whose occurrences are `arenas[depth][range]`.
    fn expand(&mut self, depth: usize, range: (usize, usize)) -> Result<(), Overflow> {
        if self.prefix.len() >= self.max_len {
            return Ok(());
        }
        let db = self.db;
        // Pass 1: count every extension in the suffixes. Below a single item (depth 1) the pair table
        // already holds those counts; they are weighted, so they reserve at least the slots needed (the
        // merged baskets take one), and the true ends are read from the write cursors after delivery.
        let mut touched: Vec<u32> = Vec::new();
        if let (1, Some(pt), Some(&a)) = (depth, &self.pairs, self.prefix.first()) {
            for e in a as usize + 1..db.item_of_rank.len() {
                let w = pt.get(a as usize, e);
                if w > 0 {
                    self.weight[e] = w;
                    self.occ[e] = w;
                    touched.push(e as u32);
                }
            }
        } else {
            let occs = &self.arenas[depth][range.0..range.1];
            for &(b, s) in occs {
                let w = db.weight[b as usize];
                for &r in &db.items[s as usize..db.ends[b as usize] as usize] {
                    let c = &mut self.weight[r as usize];
                    if *c == 0 {
                        touched.push(r);
                    }
                    *c += w;
                    self.occ[r as usize] += 1;
                }
            }
        }
        // Frequent extensions in rank order, with their slots in the next arena.
        touched.sort_unstable();
        // An extension is delivered (and expanded) only when it can grow: below the length limit and, at
        // the root, when the pair table shows a frequent pair starting with it.
        let grows = self.prefix.len() + 2 <= self.max_len;
        let mut exts: Vec<(u32, u32, usize, usize)> = Vec::new(); // (rank, support, start, end); empty if not delivered
        let mut total = 0usize;
        for &r in &touched {
            let (w, o) = (self.weight[r as usize], self.occ[r as usize]);
            if w >= self.min_count {
                let deliver = grows
                    && match (&self.root_extends, depth) {
                        (Some(ext), 0) => ext.get(r as usize).copied().unwrap_or(true),
                        _ => true,
                    };
                let len = if deliver { o as usize } else { 0 };
                exts.push((r, w, total, total + len));
                total += len;
            }
        }
        if exts.is_empty() {
            for &r in &touched {
                self.weight[r as usize] = 0;
                self.occ[r as usize] = 0;
            }
            return Ok(());
        }
        // Pass 2: deliver occurrences. `occ` becomes the write cursor of each frequent rank (u32::MAX
        // marks infrequent ones).
        for &r in &touched {
            self.weight[r as usize] = 0;
            self.occ[r as usize] = u32::MAX;
        }
        for &(r, _, start, end) in &exts {
            if end > start {
                self.occ[r as usize] = start as u32;
            }
        }
        if self.arenas.len() <= depth + 1 {
            self.arenas.push(Vec::new());
        }
        // The working memory's budget, before the arena grows: a long chain of wide extensions (one basket
        // of thousands of items) would otherwise take gigabytes before any itemset count is reached.
        let held = self.arenas[depth + 1].capacity();
        let slot = std::mem::size_of::<(u32, u32)>();
        let slots = self.arena_slots - held + total.max(held);
        if slots * slot + self.stack_bytes + exts.capacity() * std::mem::size_of::<(u32, u32, usize, usize)>() > self.working_budget {
            return Err(Overflow);
        }
        self.arena_slots = slots;
        let (lower, upper) = self.arenas.split_at_mut(depth + 1);
        let next = &mut upper[0];
        next.clear();
        next.reserve_exact(total);
        next.resize(total, (0, 0));
        // Nothing to deliver when no extension can grow: skip the scan.
        let occs = if total > 0 { &lower[depth][range.0..range.1] } else { &[] };
        for &(b, s) in occs {
            let end = db.ends[b as usize] as usize;
            for (q, &r) in db.items[s as usize..end].iter().enumerate() {
                let cur = &mut self.occ[r as usize];
                if *cur != u32::MAX {
                    next[*cur as usize] = (b, s + q as u32 + 1);
                    *cur += 1;
                }
            }
        }
        for ext in &mut exts {
            if ext.3 > ext.2 {
                ext.3 = self.occ[ext.0 as usize] as usize;
            }
        }
        for &r in &touched {
            self.occ[r as usize] = 0;
        }
        drop(touched);
        // The extensions stay on the stack during the recursion below: they count in the working memory.
        let level = exts.capacity() * std::mem::size_of::<(u32, u32, usize, usize)>();
        self.stack_bytes += level;
        let res = self.recurse(depth, &exts);
        self.stack_bytes -= level;
        res
    }

    /// Emits and expands each extension of the current prefix in turn.
    fn recurse(&mut self, depth: usize, exts: &[(u32, u32, usize, usize)]) -> Result<(), Overflow> {
        for &(r, support, start, end) in exts {
            self.prefix.push(r);
            (self.emit)(&self.prefix, support)?;
            if end > start {
                self.expand(depth + 1, (start, end))?;
            }
            self.prefix.pop();
        }
        Ok(())
    }
}

/// Budget of the search's working memory (the occurrence arenas below the root and the extension lists of
/// the recursion), in bytes, beside four occurrences per basket item (`Miner::working_budget`). The same
/// in wasm and native; a run that would pass it stops with [`BasketError::TooManyItemsets`].
pub const ARENA_BYTES: usize = 64 << 20;

/// Budget of the itemsets kept while mining, in bytes (4 per item of each itemset, 8 more per itemset),
/// beside the budget on their number ([`MineParams::max_itemsets`]). Long itemsets reach it first: one
/// basket of 3,000 items at a support of one basket has 2^3000 frequent itemsets, most of them long.
pub const ITEMSET_BYTES: usize = 64 << 20;

/// Counts itemsets against both budgets (their number and their bytes) as they are emitted.
struct Budget {
    max_itemsets: usize,
    itemsets: usize,
    bytes: usize,
    /// Longest itemset seen (to suggest a length limit).
    longest: usize,
}

impl Budget {
    fn new(max_itemsets: usize) -> Budget {
        Budget { max_itemsets, itemsets: 0, bytes: 0, longest: 0 }
    }
    /// Admits one more itemset of `len` items, or says the budget is spent.
    fn admit(&mut self, len: usize) -> Result<(), Overflow> {
        let bytes = self.bytes + 4 * len + 8;
        if self.itemsets >= self.max_itemsets || bytes > ITEMSET_BYTES {
            return Err(Overflow);
        }
        self.itemsets += 1;
        self.bytes = bytes;
        self.longest = self.longest.max(len);
        Ok(())
    }
}

/// Largest pair table counted at the root (entries of 4 bytes: 16 MiB).
const MAX_PAIR_TABLE: usize = 1 << 22;

/// Which ranks have a frequent pair with a more frequent item, from one sequential pass counting every
/// pair of the reduced baskets in a triangular table; `None` when the table would exceed
/// `max_entries`. On sparse data most frequent items have no frequent pair: their occurrences are
/// then never delivered nor scanned again.
fn root_extensions(db: &Reduced, min_count: u32, max_entries: usize) -> Option<(Vec<bool>, PairTable)> {
    let m = db.item_of_rank.len();
    if m.saturating_mul(m.saturating_sub(1)) / 2 > max_entries {
        return None;
    }
    // Row r holds the pairs (r, e) for e > r at row_start[r] + e.
    let mut row_start = Vec::with_capacity(m);
    let mut at = 0usize;
    for r in 0..m {
        row_start.push(at.wrapping_sub(r + 1));
        at += m - r - 1;
    }
    let mut pairs = vec![0u32; at];
    let mut start = 0usize;
    for (b, &end) in db.ends.iter().enumerate() {
        let basket = &db.items[start..end as usize];
        start = end as usize;
        let w = db.weight[b];
        for (k, &r) in basket.iter().enumerate() {
            let row = row_start[r as usize];
            for &e in &basket[k + 1..] {
                let c = &mut pairs[row.wrapping_add(e as usize)];
                *c = c.saturating_add(w);
            }
        }
    }
    let extends = (0..m).map(|r| ((r + 1)..m).any(|e| pairs[row_start[r].wrapping_add(e)] >= min_count)).collect();
    Some((extends, PairTable { row_start, pairs }))
}

/// Weighted count of every pair of ranks `(r, e)`, `r < e`, in a triangular table.
struct PairTable {
    row_start: Vec<usize>,
    pairs: Vec<u32>,
}

impl PairTable {
    /// Count of the pair `(r, e)`; 0 outside the table.
    fn get(&self, r: usize, e: usize) -> u32 {
        self.row_start.get(r).and_then(|&row| self.pairs.get(row.wrapping_add(e))).copied().unwrap_or(0)
    }
}

/// Support count of every item over baskets given as concatenated id lists.
pub fn item_counts(items: &[u32], offsets: &[usize], n_items: usize) -> Vec<u32> {
    let mut counts = vec![0u32; n_items];
    for w in offsets.windows(2) {
        for &i in items.get(w[0]..w[1]).unwrap_or(&[]) {
            if let Some(c) = counts.get_mut(i as usize) {
                *c = c.saturating_add(1);
            }
        }
    }
    counts
}

/// Calls `emit(itemset as ranks, support)` for every frequent itemset (depth first); `item_of_rank` maps
/// ranks back to item ids. Returns the reduced database's rank map.
pub(crate) fn walk(
    items: &[u32],
    offsets: &[usize],
    counts: &[u32],
    p: MineParams,
    emit: impl FnMut(&[u32], u32) -> Result<(), Overflow>,
) -> Result<(Vec<u32>, Result<(), Overflow>), BasketError> {
    walk_with(items, offsets, counts, p, MAX_PAIR_TABLE, emit)
}

/// [`walk`] with the largest pair table allowed at the root (0: none).
fn walk_with(
    items: &[u32],
    offsets: &[usize],
    counts: &[u32],
    p: MineParams,
    max_pair_table: usize,
    emit: impl FnMut(&[u32], u32) -> Result<(), Overflow>,
) -> Result<(Vec<u32>, Result<(), Overflow>), BasketError> {
    let db = reduce(items, offsets, counts, p.min_count)?;
    let m = db.item_of_rank.len();
    let root: Vec<(u32, u32)> = (0..db.ends.len() as u32).map(|b| (b, if b == 0 { 0 } else { db.ends[b as usize - 1] })).collect();
    let n_root = root.len();
    // With a length limit of 1 nothing is expanded: no pair table is needed.
    let table = if p.max_len >= 2 { root_extensions(&db, p.min_count.max(1), max_pair_table) } else { None };
    let (root_extends, pairs) = table.map_or((None, None), |(e, t)| (Some(e), Some(t)));
    let mut miner = Miner {
        db: &db,
        min_count: p.min_count.max(1),
        max_len: p.max_len,
        weight: vec![0; m],
        occ: vec![0; m],
        arena_slots: 0,
        stack_bytes: 0,
        working_budget: ARENA_BYTES + 4 * db.items.len() * std::mem::size_of::<(u32, u32)>(),
        arenas: vec![root],
        prefix: Vec::new(),
        root_extends,
        pairs,
        emit,
    };
    let res = miner.expand(0, (0, n_root));
    Ok((db.item_of_rank, res))
}

/// Every frequent itemset of the baskets (`items`, `offsets` as in [`super::Transactions`], item ids
/// below `n_items`). Errors with [`BasketError::TooManyItemsets`] when more than `p.max_itemsets`
/// would be kept, suggesting a support count at which they fit.
pub fn frequent_itemsets(items: &[u32], offsets: &[usize], n_items: usize, p: MineParams) -> Result<Itemsets, BasketError> {
    let baskets = offsets.len().saturating_sub(1);
    let counts = item_counts(items, offsets, n_items);
    let min_count = p.min_count.max(1);
    let mut out = Itemsets { item_counts: counts.clone(), baskets, min_count, ..Default::default() };
    let mut sorted: Vec<u32> = Vec::new();
    let limit = p.max_itemsets;
    let ranks: Vec<u32>;
    let mut budget = Budget::new(limit);
    let (item_of_rank, res) = {
        // The rank map is only known after reduction; emit collects ranks and maps them after.
        let mut rank_sets: Vec<u32> = Vec::new();
        let mut rank_ends: Vec<u32> = Vec::new();
        let mut supports: Vec<u32> = Vec::new();
        let r = walk(items, offsets, &counts, MineParams { min_count, ..p }, |set, support| {
            budget.admit(set.len())?;
            rank_sets.extend_from_slice(set);
            rank_ends.push(rank_sets.len() as u32);
            supports.push(support);
            Ok(())
        })?;
        ranks = rank_sets;
        out.ends = rank_ends;
        out.counts = supports;
        r
    };
    if res.is_err() {
        // Free what was kept before the counting runs of the suggestions.
        drop(ranks);
        drop(out);
        return Err(too_many(items, offsets, &counts, MineParams { min_count, ..p }, baskets, budget.longest));
    }
    // Map ranks to item ids, sort each itemset, index.
    let ends = std::mem::take(&mut out.ends);
    let supports = std::mem::take(&mut out.counts);
    out.items.reserve(ranks.len());
    out.ends.reserve(ends.len());
    out.counts.reserve(ends.len());
    let mut start = 0usize;
    for (k, &e) in ends.iter().enumerate() {
        sorted.clear();
        sorted.extend(ranks[start..e as usize].iter().map(|&r| item_of_rank[r as usize]));
        sorted.sort_unstable();
        out.push(&sorted, supports[k]);
        start = e as usize;
    }
    Ok(out)
}

/// The refusal of a run that passed a budget, with what would fit: a support count (doubling from the
/// one given, up to every basket), else a length limit of at least 2 (halving from the longest itemset
/// seen); each try a counting-only run under the same budgets that stops as soon as it passes them.
fn too_many(items: &[u32], offsets: &[usize], counts: &[u32], p: MineParams, baskets: usize, longest: usize) -> BasketError {
    let fits = |q: MineParams| -> bool {
        let mut b = Budget::new(q.max_itemsets);
        matches!(walk(items, offsets, counts, q, |set, _| b.admit(set.len())), Ok((_, Ok(()))))
    };
    // Doubling from the support given: a count that fits, at most twice the least one. (Bisecting to the
    // least took 44 s instead of 6 s on Online Retail at 0.2 %: each try counts up to the budget.)
    let mut suggested_count = None;
    let mut c = p.min_count.max(1);
    while (c as usize) < baskets {
        c = c.saturating_mul(2).min(baskets.min(u32::MAX as usize) as u32);
        if fits(MineParams { min_count: c, ..p }) {
            suggested_count = Some(c);
            break;
        }
    }
    // Only when no support fits (a wide basket, or baskets alike): halving from the longest itemset seen,
    // then bisecting, the longest length limit (at least 2) that fits.
    let mut suggested_max_len = None;
    let mut len = if suggested_count.is_none() { longest.min(p.max_len) } else { 0 };
    while len > 2 {
        let mut hi = len;
        len = (len / 2).max(2);
        if fits(MineParams { max_len: len, ..p }) {
            while hi - len > 1 {
                let mid = len + (hi - len) / 2;
                if fits(MineParams { max_len: mid, ..p }) { len = mid } else { hi = mid }
            }
            suggested_max_len = Some(len);
            break;
        }
    }
    let widest = offsets.windows(2).map(|w| w[1].saturating_sub(w[0])).max().unwrap_or(0);
    let share = |c: u32| c as f64 / baskets.max(1) as f64;
    let advice = match (suggested_count, suggested_max_len) {
        (Some(c), Some(l)) => {
            format!("Raise the minimum support to at least {c} baskets ({:.4}), or limit itemsets to {l} items", share(c))
        }
        (Some(c), None) => format!("Raise the minimum support to at least {c} baskets ({:.4}), or lower the maximum length", share(c)),
        (None, Some(l)) => format!("No minimum support makes them fit (the widest basket has {widest} items): limit itemsets to {l} items"),
        (None, None) => format!(
            "No minimum support or length limit makes them fit: the widest basket has {widest} items, and every combination of them is \
             frequent. Leave out the widest baskets or items (a segment, excluded items), or check that baskets are split by order"
        ),
    };
    BasketError::TooManyItemsets {
        limit: p.max_itemsets,
        limit_mb: ITEMSET_BYTES >> 20,
        min_count: p.min_count,
        min_support: share(p.min_count),
        baskets,
        suggested_count,
        suggested_support: suggested_count.map(share),
        suggested_max_len,
        widest,
        advice,
    }
}

#[cfg(test)]
mod tests;
