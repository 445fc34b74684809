//! The search on two threads (natively only: the page's worker has none): the patterns of each root item (each first item) are a search of
//! their own, so the roots are shared out between the caller's thread and a helper, each with its own
//! scratch over the one [`Index`]. The caller reports to the sink in root order: its own roots as it mines
//! them; the helper's from a record of each, replayed once every earlier root has been reported. The
//! budgets are applied at the replay from the work counted before each pattern ([`Found::work`]), as one
//! thread applies them, so the patterns, their order, the work and the truncation are those of one thread
//! whatever the timing.
//!
//! Memory stays bounded: a helper's root whose record would pass [`ROOT_BYTES`] is given up and mined
//! again by the caller (streaming), and the helper waits while its records not yet replayed hold more
//! than [`QUEUED`] records of the largest size (a bound in records would stop it behind a few small ones
//! while the caller mines a long root).

use super::*;

use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;

/// Largest record of one root's patterns kept by the helper (bytes, about).
pub(super) const ROOT_BYTES: usize = 4 << 20;
/// The helper's records not yet replayed may hold this many times the largest record's bytes (plus one
/// record) before it waits.
const QUEUED: usize = 8;

/// One root's patterns as the helper found them, counted from zero.
#[derive(Debug, Default)]
pub(super) struct Record {
    items: Vec<u32>,
    starts: Vec<bool>,
    /// Per pattern: its number of items, its support, the root's work counted before it.
    found: Vec<(u32, u32, u64)>,
    /// The root's work in all.
    work: u64,
    /// A budget stopped the root's search at a pattern after the last one recorded.
    stopped: bool,
    /// The depth cap stopped a pattern that could grow.
    truncated: bool,
}

impl Record {
    fn bytes(&self) -> usize {
        self.items.len() * 4 + self.starts.len() + self.found.len() * 16
    }
}

impl<F: FnMut(Found<'_>) -> bool> Miner<'_, F> {
    /// Reports the patterns of a root the helper recorded, as if they were being found now; false =
    /// stop everything (a budget is spent, or the sink said stop).
    fn replay(&mut self, r: &Record) -> bool {
        let mut at = 0usize;
        for &(len, support, work) in &r.found {
            let next = at + len as usize;
            let (Some(items), Some(starts)) = (r.items.get(at..next), r.starts.get(at..next)) else { break };
            at = next;
            let before = self.stats.work + work;
            if self.stats.patterns >= self.p.max_patterns || before >= self.p.max_work {
                self.stats.truncated = true;
                self.stats.work = before;
                return false;
            }
            self.stats.patterns += 1;
            if !(self.sink)(Found { items, starts_element: starts, support, work: before }) {
                self.stats.work = before;
                return false;
            }
        }
        self.stats.work += r.work;
        if r.stopped {
            // The root's own count passed a budget there, so the whole search's count does too.
            self.stats.truncated = true;
            return false;
        }
        self.stats.truncated |= r.truncated;
        true
    }
}

/// A sink that records into `record` (see [`Record`]) and gives up (sets `given_up`, says stop) once the
/// search is stopped or the record holds more than `cap` bytes.
fn recorder<'r>(
    record: &'r RefCell<Record>,
    given_up: &'r Cell<bool>,
    stop: &'r AtomicBool,
    cap: usize,
) -> impl FnMut(Found<'_>) -> bool + 'r {
    move |f: Found<'_>| {
        let mut r = record.borrow_mut();
        if stop.load(Ordering::Relaxed) || r.bytes() > cap {
            given_up.set(true);
            return false;
        }
        r.items.extend_from_slice(f.items);
        r.starts.extend_from_slice(f.starts_element);
        r.found.push((f.items.len() as u32, f.support, f.work));
        true
    }
}

/// Mines root `roots[k]` with `h`, whose sink is a [`recorder`] of `record` and `given_up`: the record,
/// or `None` if it was given up. `spent`: the patterns and work already reported before some earlier
/// root; the root is searched only within what is left of the budgets (its replay, after at least that
/// much, stops at or before the point where this search stops, and `Record::stopped` says so).
fn record_root<G: FnMut(Found<'_>) -> bool>(
    h: &mut Miner<'_, G>,
    record: &RefCell<Record>,
    given_up: &Cell<bool>,
    roots: &[u32],
    k: usize,
    spent: (u64, u64),
    budget: (u64, u64),
) -> Option<Record> {
    h.p.max_patterns = budget.0.saturating_sub(spent.0);
    h.p.max_work = budget.1.saturating_sub(spent.1);
    h.stats = MineStats { patterns: 0, truncated: false, work: 0 };
    given_up.set(false);
    let go = h.mine_root(roots, k);
    let mut r = record.take();
    (!given_up.get()).then(|| {
        r.work = h.stats.work;
        r.stopped = !go;
        r.truncated = h.stats.truncated;
        r
    })
}

/// Bytes of records the caller keeps of its own roots while it waits for an earlier root of the helper's.
const OWN_BYTES: usize = 16 << 20;

/// Mines `roots` with `m` (the caller's search, reporting to the sink) and a helper thread whose records
/// hold at most `root_bytes` ([`ROOT_BYTES`]); `m`'s stats. Without a helper thread, the caller mines
/// every root.
///
/// The caller reports every root in order: one it claims when every earlier root is reported, it mines
/// straight into the sink; one it claims earlier (rather than wait for the helper), it records too.
pub(super) fn mine_two<F: FnMut(Found<'_>) -> bool>(mut m: Miner<'_, F>, roots: &[u32], root_bytes: usize) -> MineStats {
    let (next, stop) = (&AtomicUsize::new(0), &AtomicBool::new(false));
    // What the caller has reported so far (patterns, work): a lower bound for any later root.
    let reported = &(AtomicU64::new(0), AtomicU64::new(0));
    let publish = |st: &MineStats| {
        reported.0.store(st.patterns, Ordering::Relaxed);
        reported.1.store(st.work, Ordering::Relaxed);
    };
    let budget = (m.p.max_patterns, m.p.max_work);
    let (db, ix, p, n_frequent, arena_words, cols_words, vert_words) =
        (m.db, m.ix, m.p, m.n_frequent, m.arena_words, m.cols_words, m.vert_words);
    let (to_caller, from_helper) = mpsc::channel::<(usize, Option<Record>)>();
    // Bytes of the helper's records sent and not yet replayed.
    let queued = &AtomicUsize::new(0);
    let bytes = |r: &Option<Record>| r.as_ref().map_or(0, Record::bytes);
    std::thread::scope(|s| {
        let helper = std::thread::Builder::new().name("clientela-mine".into()).spawn_scoped(s, move || {
            let (record, given_up) = (RefCell::new(Record::default()), Cell::new(false));
            let mut h = Miner::new(db, ix, p, n_frequent, arena_words, recorder(&record, &given_up, stop, root_bytes));
            h.cols_words = cols_words;
            h.vert_words = vert_words;
            loop {
                while queued.load(Ordering::Acquire) > QUEUED * root_bytes && !stop.load(Ordering::Relaxed) {
                    std::thread::park_timeout(std::time::Duration::from_millis(1));
                }
                let k = next.fetch_add(1, Ordering::Relaxed);
                if k >= roots.len() || stop.load(Ordering::Relaxed) {
                    break;
                }
                let spent = (reported.0.load(Ordering::Relaxed), reported.1.load(Ordering::Relaxed));
                let out = record_root(&mut h, &record, &given_up, roots, k, spent, budget);
                queued.fetch_add(bytes(&out), Ordering::Release);
                if to_caller.send((k, out)).is_err() {
                    break;
                }
            }
        });
        let (record, given_up) = (RefCell::new(Record::default()), Cell::new(false));
        let mut own = Miner::new(db, ix, p, n_frequent, arena_words, recorder(&record, &given_up, stop, root_bytes));
        own.cols_words = cols_words;
        own.vert_words = vert_words;
        let helper_thread = helper.as_ref().ok().map(|h| h.thread().clone());
        // Records of roots not yet reported (`None`: given up, to be mined when its turn comes), and
        // whether the helper's.
        let mut pending: Vec<(usize, Option<Record>, bool)> = Vec::new();
        // The next root to report: those before it are reported.
        let mut done = 0usize;
        let mut helper_gone = false;
        'search: loop {
            loop {
                match from_helper.try_recv() {
                    Ok((k, r)) => pending.push((k, r, true)),
                    Err(mpsc::TryRecvError::Empty) => break,
                    Err(mpsc::TryRecvError::Disconnected) => {
                        helper_gone = true;
                        break;
                    }
                }
            }
            while let Some(i) = pending.iter().position(|&(j, _, _)| j == done) {
                let (_, r, theirs) = pending.swap_remove(i);
                if theirs {
                    // Its memory is given back below: the helper may go on.
                    queued.fetch_sub(bytes(&r), Ordering::Release);
                    if let Some(t) = &helper_thread {
                        t.unpark();
                    }
                }
                let go = match r {
                    Some(r) => m.replay(&r),
                    None => m.mine_root(roots, done),
                };
                done += 1;
                publish(&m.stats);
                if !go {
                    break 'search;
                }
            }
            if done >= roots.len() {
                break;
            }
            let held: usize = pending.iter().map(|(_, r, _)| bytes(r)).sum();
            if helper_gone || held < OWN_BYTES {
                let k = next.fetch_add(1, Ordering::Relaxed);
                if k == done {
                    let go = m.mine_root(roots, k);
                    done += 1;
                    publish(&m.stats);
                    if !go {
                        break;
                    }
                    continue;
                }
                if k < roots.len() {
                    // An earlier root is still the helper's: record this one meanwhile.
                    let spent = (m.stats.patterns, m.stats.work);
                    pending.push((k, record_root(&mut own, &record, &given_up, roots, k, spent, budget), false));
                    continue;
                }
            }
            if helper_gone {
                // Every root is claimed and the helper sent all of its own: nothing is left to wait for.
                break;
            }
            match from_helper.recv() {
                Ok((k, r)) => pending.push((k, r, true)),
                Err(_) => helper_gone = true,
            }
        }
        stop.store(true, Ordering::Relaxed);
        drop(from_helper);
        if let Ok(h) = helper
            && let Err(panic) = h.join()
        {
            // A panic on the helper is the caller's, as it would be on one thread.
            std::panic::resume_unwind(panic);
        }
    });
    m.stats
}

#[cfg(test)]
mod tests {
    use super::super::search;
    use super::*;
    use crate::rng::Rng;

    /// Patterns and summary of a search; `two`: see [`search`].
    fn run(db: &SeqDb, p: MineParams, two: Option<usize>) -> (Vec<(Vec<u32>, Vec<bool>, u32, u64)>, MineStats) {
        let mut out = Vec::new();
        let stats =
            search(db, p, (rows::ARENA_WORDS, rows::VERT_WORDS), bound::COLS_WORDS, two, (BoundBy::Cheaper, RootsBy::Cheaper), |f| {
                out.push((f.items.to_vec(), f.starts_element.to_vec(), f.support, f.work));
                true
            });
        (out, stats)
    }

    /// The helper gives up every root whose record passes a few bytes and the caller mines it again, and
    /// waits while a few such records are not yet replayed: still the one-thread search (the reference),
    /// with and without limits.
    #[test]
    fn roots_given_up_by_the_helper_are_mined_by_the_caller() {
        let mut rng = Rng::new(11);
        let seqs: Vec<Vec<(i32, Vec<u32>)>> = (0..300)
            .map(|_| {
                let mut day = 0;
                (0..1 + rng.below(8))
                    .map(|_| {
                        day += rng.below(20) as i32;
                        (day, (0..1 + rng.below(4)).map(|_| rng.below(25) as u32).collect())
                    })
                    .collect()
            })
            .collect();
        let db = SeqDb::from_sequences(&seqs);
        for p in [
            MineParams { min_support: 6, ..MineParams::default() },
            MineParams { min_support: 6, max_gap: Some(15), ..MineParams::default() },
            MineParams { min_support: 6, max_patterns: 700, ..MineParams::default() },
        ] {
            let want = run(&db, p, None);
            assert!(want.0.len() > 300, "{} patterns", want.0.len());
            for cap in [0, 64, 4096, ROOT_BYTES] {
                assert_eq!(run(&db, p, Some(cap)), want, "cap {cap}, {p:?}");
            }
        }
    }
}
