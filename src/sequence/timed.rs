//! Timed rules "bought A, then B within N days", for every pair of items or after one target item.
//!
//! Definitions (days are calendar days; `end` is the as-of day, the first day not observed):
//! - **Anchor**: a customer's *first* purchase day of A, `dA`. The first occurrence is the standard
//!   choice for "what happens after someone buys A": each customer counts once (the share is a share of
//!   customers, not of purchases), windows of repeated purchases do not overlap, and nothing later than
//!   the anchor decides whether the customer is counted (choosing "the last A" would use the future).
//! - **Observed**: a customer is observed for N days after A when `dA + N < end`, i.e. the whole window
//!   `(dA, dA + N]` lies before the as-of date. Buyers of A who are not are excluded from every ratio and
//!   counted in `excluded_short_observation`.
//! - **Count**: observed buyers of A who bought B on a day in `(dA, dA + N]`, whether or not they had
//!   bought B before. B bought on the same day as A does not count: within one day the order of the
//!   purchases is unknown, and same-day pairs are what basket rules measure.
//! - **Share** = count / observed buyers of A. **Median lag** = median over the counted customers of the
//!   days from `dA` to their first purchase of B in the window (mean of the two middle values when even).
//! - **Base rate** of B for the rule A → B: what the share would be if buying A told nothing beyond
//!   "this customer bought something that day". For a day `d`, `q_B(d)` = share of the customers with a
//!   purchase on day `d` (and observed N days after it) who bought B on a day in `(d, d + N]`; the base
//!   rate is the mean of `q_B(dA)` over the observed buyers of A, each at their own anchor day. Matching
//!   the day controls for the calendar (an item sold only in the autumn, or launched late, has a base
//!   rate taken from the same weeks, not from the whole year) and for activity (the comparison customers
//!   were buying that day too). **Lift** = share / base rate (`None` when the base rate is 0).
//! - Rules A → A (buying A again within N days) are left out unless asked for.
//!
//! Cost: one pass over the window of every observed purchase day counts the base rates and keeps each
//! window's distinct items (within [`WINDOW_ENTRIES`]); then, for each item A with enough observed
//! buyers, each buyer's window items are counted once (without the kept items, the window is scanned
//! again with a stamp array). Memory beyond the windows is O(items) plus the kept rules (a bounded
//! selection of the top K). Median lags are computed afterwards for the kept rules only.
//!
//! Base rates (anchor days × candidates B: most of the time) are computed only for the rules that can
//! still enter the top K: once K rules are held, a rule that ranks after the K-th of them never will.
//! By share or count that is known before the base rate; by lift, from a bound: the customers of day
//! `d` who bought B in the window include the buyers of A anchored on `d` who did, so with `K_d` such
//! anchors of A and `b_d` customers on day `d`, `base rate × observed ≥ Σ K_d / b_d` over the counted
//! buyers of A (each at their anchor day), and `lift ≤ count / that sum`. A second bound takes the days
//! in blocks (at most 128): `base rate × observed = Σ K_d q_B(d) ≥ Σ_blocks K_block × min q_B` over
//! the block's days, summed heaviest block first and stopped as soon as it rules the rule out. On Online
//! Retail at 1 % the base rates are then computed for 5,600 of the 431,000 rules that the first bound
//! lets through.

use std::cmp::Ordering;

use super::events::SeqDb;
use super::params::TimedSort;

/// Parameters of the timed rules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimedParams {
    /// Window N in days (at least 1).
    pub within_days: u32,
    /// Smallest number of observed buyers of A.
    pub min_customers: u32,
    /// Smallest count.
    pub min_count: u32,
    /// Smallest share.
    pub min_share: f64,
    /// Rules kept.
    pub top: usize,
    /// Ranking.
    pub sort: TimedSort,
    /// Keep A → A.
    pub include_repeat: bool,
    /// Only rules with this antecedent.
    pub target: Option<u32>,
}

/// One timed rule, by item id.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimedRule {
    /// Item A.
    pub antecedent: u32,
    /// Item B.
    pub consequent: u32,
    /// Buyers of A observed N days after their first A.
    pub customers_with_antecedent: u32,
    /// Buyers of A observed for less than N days after it.
    pub excluded_short_observation: u32,
    /// Observed buyers of A who bought B within N days after it.
    pub count: u32,
    /// `count / customers_with_antecedent`.
    pub share: f64,
    /// Median days from A to B among the counted customers.
    pub median_lag_days: f64,
    /// Base rate of B.
    pub base_rate: f64,
    /// `share / base_rate` (`None` when the base rate is 0).
    pub lift: Option<f64>,
}

/// Buyers of the target item A.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetSummary {
    /// The item.
    pub item: u32,
    /// Customers who bought it.
    pub buyers: u32,
    /// Of those, observed N days after their first purchase of it.
    pub observed: u32,
    /// Of those, observed for less than N days.
    pub excluded_short_observation: u32,
}

/// The rules and the populations behind them.
#[derive(Debug, Clone, PartialEq)]
pub struct TimedResult {
    /// Purchase days (customer, day) observed N days afterwards: the base-rate population.
    pub base_purchase_days: u64,
    /// The target item's buyers (with a target).
    pub target: Option<TargetSummary>,
    /// The kept rules, best first.
    pub rules: Vec<TimedRule>,
}

/// First purchase day of each item per customer: `buyers[start[x]..start[x + 1]]` = (sequence, day),
/// in sequence order.
struct FirstDays {
    start: Vec<u32>,
    buyers: Vec<(u32, i32)>,
}

fn first_days(db: &SeqDb) -> FirstDays {
    let n = db.n_items() as usize;
    let mut stamp = vec![u32::MAX; n];
    let mut firsts: Vec<(u32, u32, i32)> = Vec::new();
    for s in 0..db.len() {
        for e in db.elements(s) {
            for &x in db.items_of(e) {
                if stamp[x as usize] != s as u32 {
                    stamp[x as usize] = s as u32;
                    firsts.push((x, s as u32, db.day(e)));
                }
            }
        }
    }
    let mut start = vec![0u32; n + 1];
    for &(x, _, _) in &firsts {
        start[x as usize + 1] += 1;
    }
    for x in 0..n {
        start[x + 1] += start[x];
    }
    let mut fill = start.clone();
    let mut buyers = vec![(0, 0); firsts.len()];
    for (x, s, d) in firsts {
        buyers[fill[x as usize] as usize] = (s, d);
        fill[x as usize] += 1;
    }
    FirstDays { start, buyers }
}

/// Elements of sequence `s` dated in `(day, day + n]`.
fn window(db: &SeqDb, s: usize, day: i32, n: u32) -> std::ops::Range<usize> {
    let r = db.elements(s);
    let hi_day = day as i64 + n as i64;
    let first = partition(r.clone(), |e| db.day(e) as i64 <= day as i64);
    let last = partition(first..r.end, |e| db.day(e) as i64 <= hi_day);
    first..last
}

/// First index in `r` where `pred` turns false (`pred` true then false along `r`).
fn partition(r: std::ops::Range<usize>, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (r.start, r.end);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) { lo = mid + 1 } else { hi = mid }
    }
    lo
}

fn observed(day: i32, n: u32, end: i32) -> bool {
    (day as i64) + (n as i64) < end as i64
}

/// Timed rules over `db`, observed until `end` (the as-of day, first day not observed).
pub fn timed_rules(db: &SeqDb, end: i32, p: &TimedParams) -> TimedResult {
    timed_rules_with(db, end, p, true)
}

/// [`timed_rules`], with or without leaving out the rules that cannot enter the top K before their base
/// rates are computed (see the module doc): the same rules either way; for tests.
#[doc(hidden)]
pub fn timed_rules_with(db: &SeqDb, end: i32, p: &TimedParams, prune: bool) -> TimedResult {
    rules(db, end, p, prune, WINDOW_ENTRIES, BLOCKS)
}

/// [`timed_rules`] scanning each rule's windows again, as beyond [`WINDOW_ENTRIES`]: the same rules; for
/// tests.
#[doc(hidden)]
pub fn timed_rules_rescanning(db: &SeqDb, end: i32, p: &TimedParams) -> TimedResult {
    rules(db, end, p, true, 0, BLOCKS)
}

/// [`timed_rules`] with at most `blocks` blocks of days for the bounds by lift ([`BaseRates::mins`]; each
/// block of one day or more): the same rules; for tests.
#[doc(hidden)]
pub fn timed_rules_with_blocks(db: &SeqDb, end: i32, p: &TimedParams, blocks: usize) -> TimedResult {
    rules(db, end, p, true, WINDOW_ENTRIES, blocks)
}

/// [`timed_rules_with`], keeping the windows' items up to `window_entries` ([`BaseRates::windows`]), with at
/// most `blocks` blocks of days ([`BaseRates::mins`]).
fn rules(db: &SeqDb, end: i32, p: &TimedParams, prune: bool, window_entries: usize, blocks: usize) -> TimedResult {
    let n_items = db.n_items() as usize;
    let n = p.within_days;
    let fd = first_days(db);
    let mut stamp = vec![u32::MAX; n_items];
    let mut hits = vec![0u32; n_items];
    // The items counted for the current antecedent: the first `n_touched` (each once: written at every
    // count, kept by the first).
    let (mut touched, mut n_touched) = (vec![0u32; n_items], 0usize);

    let by_lift = prune && p.sort == TimedSort::Lift;
    let base = BaseRates::new(db, end, n, window_entries, if by_lift { blocks } else { 0 }, &mut stamp, &mut hits);

    let items: Vec<u32> = match p.target {
        Some(a) if (a as usize) < n_items => vec![a],
        Some(_) => Vec::new(),
        None => (0..n_items as u32).collect(),
    };
    let mut target = None;
    // Observed buyers of A per anchor day, (day, buyers), by day.
    let mut anchors: Vec<(i32, u32)> = Vec::new();
    let (mut passing, mut cand, mut rates): (Vec<(u32, u32)>, Vec<u32>, Vec<f64>) = (Vec::new(), Vec::new(), Vec::new());
    let mut kept: Vec<TimedRule> = Vec::new();
    let cmp = |x: &TimedRule, y: &TimedRule| compare(p.sort, x, y);
    // The K-th best rule held, once K are (every later rule ranking after it is left out); by lift,
    // per item B the sum of `K_d / b_d` over its counted buyers of A, and per day index `K_d`.
    let mut floor: Option<TimedRule> = None;
    let mut lower = vec![0f64; if by_lift { n_items } else { 0 }];
    // By lift, per block of days the anchors' weight, and the candidates whose bound is summed block by
    // block (see [`BaseRates::mins`]).
    let mut blocks: Vec<(usize, f64)> = Vec::new();
    let mut undecided: Vec<Undecided> = Vec::new();
    let mut block_weight = vec![0f64; if by_lift { base.n_blocks } else { 0 }];
    let mut per_day = vec![0u32; if lower.is_empty() { 0 } else { base.days.len() }];
    for a in items {
        let buyers = &fd.buyers[fd.start[a as usize] as usize..fd.start[a as usize + 1] as usize];
        // Buyers of A observed N days after their anchor: the only ones the rules count.
        let observed_buyers = || buyers.iter().filter(|&&(_, d)| observed(d, n, end));
        let eligible = observed_buyers().count() as u32;
        let excluded = buyers.len() as u32 - eligible;
        if p.target.is_some() {
            target = Some(TargetSummary { item: a, buyers: buyers.len() as u32, observed: eligible, excluded_short_observation: excluded });
        }
        if eligible == 0 || eligible < p.min_customers {
            continue;
        }
        anchors.clear();
        // The bound by lift, once there is a floor to compare it with.
        let bound = floor.is_some() && !lower.is_empty();
        if bound {
            for &(_, d) in observed_buyers() {
                if let Some(k) = base.day_index(d).and_then(|i| per_day.get_mut(i)) {
                    *k += 1;
                }
            }
        }
        for &(s, d) in observed_buyers() {
            match anchors.last_mut() {
                Some((day, k)) if *day == d => *k += 1,
                _ => anchors.push((d, 1)),
            }
            let weight = match base.day_index(d).filter(|_| bound) {
                Some(i) => per_day.get(i).copied().unwrap_or(0) as f64 / base.buyers.get(i).copied().unwrap_or(0).max(1) as f64,
                None => 0.0,
            };
            let mut bump = |y: u32| {
                let Some(h) = hits.get_mut(y as usize) else { return };
                if let Some(t) = touched.get_mut(n_touched) {
                    *t = y;
                }
                n_touched += (*h == 0) as usize;
                *h += 1;
                if let Some(l) = lower.get_mut(y as usize) {
                    *l += weight;
                }
            };
            // Each item once per customer: from the base rates' pass, or by a stamp.
            match base.window_items(db, s as usize, d) {
                Some(items) => items.iter().for_each(|&y| bump(y)),
                None => {
                    for e in window(db, s as usize, d, n) {
                        for &y in db.items_of(e) {
                            if stamp[y as usize] != s {
                                stamp[y as usize] = s;
                                bump(y);
                            }
                        }
                    }
                }
            }
        }
        if bound {
            for &(_, d) in observed_buyers() {
                if let Some(k) = base.day_index(d).and_then(|i| per_day.get_mut(i)) {
                    *k = 0;
                }
            }
        }
        blocks.clear();
        if bound && !base.mins.is_empty() {
            for &(d, k) in &anchors {
                let Some(i) = base.day_index(d) else { continue };
                if let Some(w) = block_weight.get_mut(i / base.block) {
                    *w += k as f64;
                }
            }
            for (b, w) in block_weight.iter_mut().enumerate().filter(|(_, w)| **w > 0.0) {
                blocks.push((b, std::mem::take(w)));
            }
            // Heaviest first: the bound of most candidates passes the floor after a few blocks.
            blocks.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        }
        // The computed lift may exceed the exact one by a few roundings per anchor: a margin far beyond.
        let margin = 1.0 + 1e-9 + 8.0 * f64::EPSILON * (buyers.len() as f64 + 1.0);
        passing.clear();
        for &b in touched.get(..n_touched).unwrap_or(&[]) {
            let count = hits[b as usize];
            hits[b as usize] = 0;
            stamp[b as usize] = u32::MAX;
            let lower_sum = lower.get_mut(b as usize).map_or(0.0, std::mem::take);
            let share = count as f64 / eligible as f64;
            if (b == a && !p.include_repeat) || count < p.min_count || share < p.min_share {
                continue;
            }
            if let Some(f) = floor.as_ref().filter(|_| prune) {
                let after_floor = match p.sort {
                    // No base rate (an unknown lift) ranks last; a bound of 0 would mean no counted buyer.
                    TimedSort::Lift => {
                        let floor = f.lift.unwrap_or(f64::NEG_INFINITY);
                        // `(count / sum) × margin < floor` for a positive sum, without a division per
                        // block: `sum > count × margin / floor` (never when the floor is not positive).
                        let beyond = if floor > 0.0 { count as f64 * margin / floor } else { f64::INFINITY };
                        // `beyond` is never negative, so a sum past it is positive.
                        if bound && lower_sum <= beyond {
                            // Summed below, block by block, for every such candidate of A together.
                            undecided.push(Undecided { item: b, count, beyond, sum: 0.0 });
                            continue;
                        }
                        bound
                    }
                    TimedSort::Share => share < f.share,
                    TimedSort::Count => count < f.count,
                };
                if after_floor {
                    continue;
                }
            }
            passing.push((b, count));
        }
        base.rule_out(&blocks, &mut undecided);
        passing.extend(undecided.drain(..).map(|u| (u.item, u.count)));
        passing.sort_unstable();
        cand.clear();
        cand.extend(passing.iter().map(|&(b, _)| b));
        base.rates(&cand, &anchors, &mut rates);
        for (&(b, count), &rate) in passing.iter().zip(&rates) {
            let share = count as f64 / eligible as f64;
            kept.push(TimedRule {
                antecedent: a,
                consequent: b,
                customers_with_antecedent: eligible,
                excluded_short_observation: excluded,
                count,
                share,
                median_lag_days: f64::NAN,
                base_rate: rate,
                lift: (rate > 0.0).then(|| share / rate),
            });
        }
        n_touched = 0;
        // Bounded selection: never more than 2K + one item's rules are held. `compare` is a total order
        // (ties end on the item ids), so the best K are the same set however they are selected.
        if kept.len() > p.top.max(1).saturating_mul(2) {
            if p.top > 0 {
                kept.select_nth_unstable_by(p.top - 1, cmp);
            }
            kept.truncate(p.top);
            floor = kept.last().copied();
        }
    }
    kept.sort_unstable_by(cmp);
    kept.truncate(p.top);
    for r in &mut kept {
        r.median_lag_days = median_lag(db, &fd, r.antecedent, r.consequent, n, end);
    }
    TimedResult { base_purchase_days: base.purchase_days, target, rules: kept }
}

/// `q_B(d)` for every observed purchase day `d`, stored sparsely: day `d`'s customers and, per item B,
/// how many of them bought B in `(d, d + N]`.
struct BaseRates {
    /// Distinct days with an observed purchase, ascending; `buyers[i]` customers bought on `days[i]`.
    days: Vec<i32>,
    buyers: Vec<u32>,
    /// Per day, (item, customers) sorted by item: `counts[start[i]..start[i + 1]]`.
    start: Vec<u32>,
    counts: Vec<(u32, u32)>,
    purchase_days: u64,
    /// The counts as a dense day × item table, when it is small enough (O(1) lookups).
    dense: Option<Vec<u32>>,
    /// With the dense table and asked for: per block of [`BaseRates::block`] consecutive days (by index)
    /// and item B, the smallest `q_B` of the block's days: `mins[block * n_items + B]` (a block's items
    /// side by side: the bound reads one block for all of an antecedent's candidates in turn, so the
    /// block's row stays in the cache).
    mins: Vec<f64>,
    block: usize,
    n_blocks: usize,
    n_items: usize,
    /// The distinct items of each observed purchase day's window, kept by the pass that counts them so
    /// that each rule reads them rather than scanning the window again: per element that opens a purchase
    /// day, its range of the items (`(0, 0)` for other elements). `None` beyond [`WINDOW_ENTRIES`].
    windows: Option<(Vec<(u32, u32)>, Vec<u32>)>,
}

/// Most items kept over all windows of [`BaseRates::windows`] (4 bytes each: 32 MiB), and twice the most
/// elements (a range each: 32 MiB); beyond, each rule scans its windows.
const WINDOW_ENTRIES: usize = 8 << 20;

/// Largest dense count table, in cells (4 bytes each: 64 MiB).
const DENSE_CELLS: usize = 16 << 20;

/// Blocks of days of [`BaseRates::mins`] at most (the finer, the closer the bound; its steps stop once
/// it passes the floor, mostly after a few blocks), and its cells at most (8 bytes each: 16 MiB).
const BLOCKS: usize = 128;
const MINS_CELLS: usize = 2 << 20;

impl BaseRates {
    /// `blocks`: make [`BaseRates::mins`] with at most that many blocks (when the dense table is made; 0:
    /// none).
    fn new(db: &SeqDb, end: i32, n: u32, window_entries: usize, blocks: usize, stamp: &mut [u32], hits: &mut [u32]) -> BaseRates {
        // (day, sequence, element) of every observed purchase day, by day.
        let mut cd: Vec<(i32, u32, u32)> = Vec::new();
        for s in 0..db.len() {
            let mut prev = None;
            for e in db.elements(s) {
                let d = db.day(e);
                if prev != Some(d) && observed(d, n, end) {
                    cd.push((d, s as u32, e as u32));
                }
                prev = Some(d);
            }
        }
        cd.sort_unstable();
        let n_items = db.n_items() as usize;
        let mut b = BaseRates {
            days: Vec::new(),
            buyers: Vec::new(),
            start: vec![0],
            counts: Vec::new(),
            purchase_days: cd.len() as u64,
            dense: None,
            mins: Vec::new(),
            block: 1,
            n_blocks: 0,
            n_items,
            windows: None,
        };
        let mut touched: Vec<u32> = Vec::new();
        // Windows are kept when their ranges and items fit in `window_entries` (the items are capped as
        // they come).
        let keep = db.n_elements() <= window_entries / 2;
        let (mut win_at, mut win_items) = (vec![(0u32, 0u32); if keep { db.n_elements() } else { 0 }], Vec::new());
        let mut i = 0;
        while i < cd.len() {
            let d = cd[i].0;
            let mut customers = 0;
            while i < cd.len() && cd[i].0 == d {
                let (s, first) = (cd[i].1, cd[i].2);
                customers += 1;
                let lo = win_items.len();
                for e in window(db, s as usize, d, n) {
                    for &y in db.items_of(e) {
                        if stamp[y as usize] != s {
                            stamp[y as usize] = s;
                            if hits[y as usize] == 0 {
                                touched.push(y);
                            }
                            hits[y as usize] += 1;
                            if keep && win_items.len() < window_entries {
                                win_items.push(y);
                            }
                        }
                    }
                }
                if let Some(at) = win_at.get_mut(first as usize) {
                    *at = (lo as u32, win_items.len() as u32);
                }
                i += 1;
            }
            touched.sort_unstable();
            for &y in &touched {
                b.counts.push((y, hits[y as usize]));
                hits[y as usize] = 0;
                stamp[y as usize] = u32::MAX;
            }
            touched.clear();
            b.days.push(d);
            b.buyers.push(customers);
            b.start.push(b.counts.len() as u32);
        }
        if keep && win_items.len() < window_entries {
            b.windows = Some((win_at, win_items));
        }
        if b.days.len().saturating_mul(n_items) <= DENSE_CELLS {
            let mut q = vec![0u32; b.days.len() * n_items];
            for i in 0..b.days.len() {
                for &(y, c) in &b.counts[b.start[i] as usize..b.start[i + 1] as usize] {
                    q[i * n_items + y as usize] = c;
                }
            }
            if blocks > 0 {
                b.block = b.days.len().div_ceil(blocks.min(MINS_CELLS / n_items.max(1)).max(1)).max(1);
                b.n_blocks = b.days.len().div_ceil(b.block);
                b.mins = vec![f64::INFINITY; b.n_blocks * n_items];
                for (i, row) in q.chunks_exact(n_items.max(1)).enumerate() {
                    let k = i / b.block;
                    let per = 1.0 / b.buyers[i].max(1) as f64;
                    for (m, &c) in b.mins.iter_mut().skip(k * n_items).zip(row) {
                        *m = m.min(c as f64 * per);
                    }
                }
            }
            b.dense = Some(q);
        }
        b
    }

    /// Leaves in `undecided` the candidates whose lower bound of `Σ k q_B(d)` over the anchors, with
    /// weights per block `blocks` (block, `Σ k`), never passes their `beyond`: the bound is a sum of each
    /// block's smallest `q_B` times its weight, summed in the order of `blocks` and given up for a
    /// candidate as soon as it passes (every larger sum does too). Leaves them all without
    /// [`BaseRates::mins`].
    fn rule_out(&self, blocks: &[(usize, f64)], undecided: &mut Vec<Undecided>) {
        for &(k, w) in blocks {
            if undecided.is_empty() {
                return;
            }
            let Some(row) = self.mins.get(k * self.n_items..(k + 1) * self.n_items) else { return };
            // Without a branch per candidate (whether it stays is a coin toss to the processor): each is
            // written back at the next place, which moves on only when it stays.
            let mut kept = 0;
            for i in 0..undecided.len() {
                let mut u = undecided[i];
                u.sum += row.get(u.item as usize).copied().unwrap_or(0.0) * w;
                undecided[kept] = u;
                kept += (u.sum <= u.beyond) as usize;
            }
            undecided.truncate(kept);
        }
    }

    /// The distinct items customer `s` bought in the window after its purchase day `d` (observed), if
    /// they were kept.
    fn window_items(&self, db: &SeqDb, s: usize, d: i32) -> Option<&[u32]> {
        let (at, items) = self.windows.as_ref()?;
        let r = db.elements(s);
        // The element that opens day `d`: where the base rates' pass recorded the window.
        let e = partition(r, |e| db.day(e) < d);
        let &(lo, hi) = at.get(e)?;
        items.get(lo as usize..hi as usize)
    }

    /// Index of day `d` among the observed purchase days.
    fn day_index(&self, d: i32) -> Option<usize> {
        self.days.binary_search(&d).ok()
    }

    /// Base rates of `items` (sorted) for anchors `(day index, buyers)`, into `out` (same order).
    fn rates(&self, items: &[u32], anchors: &[(i32, u32)], out: &mut Vec<f64>) {
        out.clear();
        let Some(q) = &self.dense else {
            out.extend(items.iter().map(|&y| self.rate(y, anchors)));
            return;
        };
        out.resize(items.len(), 0.0);
        let mut total = 0u64;
        for &(d, k) in anchors {
            total += k as u64;
            let Some(i) = self.day_index(d) else { continue };
            let row = &q[i * self.n_items..(i + 1) * self.n_items];
            // The anchors' share of the day's buyers, once per day rather than once per item (a division
            // per item was most of the timed rules' time).
            let weight = k as f64 / self.buyers[i] as f64;
            for (o, &y) in out.iter_mut().zip(items) {
                *o += row[y as usize] as f64 * weight;
            }
        }
        if total > 0 {
            out.iter_mut().for_each(|o| *o /= total as f64);
        }
    }

    /// Mean of `q_B(d)` over anchors `(day, buyers of A anchored that day)`.
    fn rate(&self, item: u32, anchors: &[(i32, u32)]) -> f64 {
        let (mut sum, mut total) = (0.0f64, 0u64);
        for &(d, k) in anchors {
            total += k as u64;
            let Ok(i) = self.days.binary_search(&d) else { continue };
            let counts = &self.counts[self.start[i] as usize..self.start[i + 1] as usize];
            if let Ok(j) = counts.binary_search_by_key(&item, |&(y, _)| y) {
                sum += k as f64 * counts[j].1 as f64 / self.buyers[i] as f64;
            }
        }
        if total == 0 { 0.0 } else { sum / total as f64 }
    }
}

/// A candidate B whose bound by lift is summed block by block ([`BaseRates::rule_out`]): it is left out
/// once `sum` passes `beyond`.
#[derive(Clone, Copy)]
struct Undecided {
    item: u32,
    count: u32,
    beyond: f64,
    sum: f64,
}

/// Median days from A's first day to the first B in the window, over the counted customers.
fn median_lag(db: &SeqDb, fd: &FirstDays, a: u32, b: u32, n: u32, end: i32) -> f64 {
    let buyers = &fd.buyers[fd.start[a as usize] as usize..fd.start[a as usize + 1] as usize];
    let mut lags: Vec<i32> = Vec::new();
    for &(s, d) in buyers.iter().filter(|&&(_, d)| observed(d, n, end)) {
        if let Some(e) = window(db, s as usize, d, n).find(|&e| db.items_of(e).binary_search(&b).is_ok()) {
            lags.push(db.day(e) - d);
        }
    }
    lags.sort_unstable();
    match lags.len() {
        0 => f64::NAN,
        k if k % 2 == 1 => lags[k / 2] as f64,
        k => (lags[k / 2 - 1] as f64 + lags[k / 2] as f64) / 2.0,
    }
}

/// Best first under `sort`; ties by the other measures, then by antecedent and consequent id.
pub fn compare(sort: TimedSort, x: &TimedRule, y: &TimedRule) -> Ordering {
    // Lift `None` (base rate 0) ranks below every known lift.
    let lift = |r: &TimedRule| r.lift.unwrap_or(f64::NEG_INFINITY);
    let by_lift = lift(y).total_cmp(&lift(x));
    let by_share = y.share.total_cmp(&x.share);
    let by_count = y.count.cmp(&x.count);
    let first = match sort {
        TimedSort::Lift => by_lift.then(by_share).then(by_count),
        TimedSort::Share => by_share.then(by_lift).then(by_count),
        TimedSort::Count => by_count.then(by_lift).then(by_share),
    };
    first.then(x.antecedent.cmp(&y.antecedent)).then(x.consequent.cmp(&y.consequent))
}
