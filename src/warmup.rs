//! Engine warm-up: the analyses run once on small built-in synthetic data, in short steps, before the
//! user's file arrives.
//!
//! Why: a browser first runs WebAssembly with a baseline compiler and re-compiles a function with its
//! optimizing compiler only after the function has run for a while; the optimized code is used from the
//! function's next call. A large first file would otherwise be read and mined mostly by unoptimized code
//! (measured in `benches/browser/analyses.mjs`: the first read of a file 2-3x slower than the next). The
//! page's worker runs these steps while the user is choosing a file and stops at once when one arrives.
//! Native builds never need it. Results are thrown away; errors are ignored (the data is valid anyway).

use crate::basket::{self, RulesOptions};
use crate::clv::{self, ClvOptions};
use crate::ingest::{IngestOptions, Ingestor};
use crate::segment::{self, SegmentOptions};
use crate::sequence::{self, SequenceOptions};
use crate::{Dataset, Layout};

/// A small workbook (`tests/data/sheets/orders.xlsx`: 30 rows of Online Retail in three sheets), read
/// [`WORKBOOK_READS`] times in each workbook step so that the sheet scanner's code is optimized before a
/// user's workbook arrives.
const WORKBOOK: &[u8] = include_bytes!("../tests/data/sheets/orders.xlsx");
/// Reads of [`WORKBOOK`] in one workbook step.
const WORKBOOK_READS: usize = 5;

/// Rows of the synthetic shop read in each line-item step.
const SHOP_ROWS: u64 = 1_000;
/// Baskets of the synthetic basket file read in each basket step.
const BASKETS: usize = 1_500;
/// Chunk size of the reads: many calls, so that optimized code is picked up between them.
const CHUNK: usize = 16 * 1024;
/// Bytes pushed in one call of a read step: a read of a shop (~75 KB) takes a few calls.
const READ_SLICE: usize = 2 * CHUNK;

/// The steps, in order. Each call of [`step`] is short even on baseline code (~5–40 ms measured in the
/// page on this project's machine), because a file chosen while a call runs waits for it: a whole read of
/// the shop in one call took up to 140 ms on a first visit, the lifetime-value step up to 600 ms, and the
/// page starts the engine while it loads (www/boot.js), so a first file often arrives during the warm-up.
/// The reads come first, as the user's first action is a read.
const PLAN: &[Step] = &[
    Step::Read(1),
    Step::Read(2),
    Step::Read(3),
    Step::Read(4),
    Step::Read(5),
    Step::Read(6),
    Step::Segment,
    Step::Rules,
    Step::Sequences,
    Step::Value,
    Step::Workbook,
    Step::Baskets,
    Step::Workbook,
    Step::Mine,
    Step::Workbook,
    Step::Baskets,
    Step::Workbook,
    Step::Mine,
    Step::Workbook,
    Step::Workbook,
];

#[derive(Debug, Clone, Copy)]
enum Step {
    /// Reads the synthetic shop of this seed, [`READ_SLICE`] bytes per call, and keeps its table for the
    /// analyses' steps.
    Read(u64),
    Segment,
    Rules,
    Sequences,
    /// Lifetime value, on a shop of its own ([`value_shop`]).
    Value,
    /// Reads [`WORKBOOK`] [`WORKBOOK_READS`] times.
    Workbook,
    /// Reads a synthetic basket file and keeps its table for [`Step::Mine`].
    Baskets,
    /// Mines the basket table.
    Mine,
}

/// Where the warm-up is: the next step, the read in progress and the tables kept for the analyses' steps.
#[derive(Default)]
struct State {
    next: usize,
    reading: Option<Reading>,
    shop: Option<Dataset>,
    baskets: Option<Dataset>,
}

/// A read spread over calls.
struct Reading {
    ingestor: Ingestor,
    bytes: Vec<u8>,
    at: usize,
}

thread_local! {
    static STATE: std::cell::RefCell<State> = std::cell::RefCell::new(State::default());
}

/// Runs the next short piece of the warm-up; returns true while some remain. After the last one the
/// tables are dropped and every further call returns false.
pub fn step() -> bool {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let Some(&what) = PLAN.get(s.next) else { return false };
        let done = run(&mut s, what);
        if done {
            s.next += 1;
        }
        let more = s.next < PLAN.len();
        if !more {
            *s = State { next: PLAN.len(), ..State::default() };
        }
        more
    })
}

/// Runs one call of step `what`; returns true when the step is over.
fn run(s: &mut State, what: Step) -> bool {
    match what {
        Step::Read(seed) => {
            let r =
                s.reading.get_or_insert_with(|| Reading { ingestor: Ingestor::new(IngestOptions::default()), bytes: shop(seed), at: 0 });
            let end = (r.at + READ_SLICE).min(r.bytes.len());
            let pushed = r.bytes[r.at..end].chunks(CHUNK).try_for_each(|c| r.ingestor.push(c).map(drop));
            r.at = end;
            if pushed.is_ok() && end < r.bytes.len() {
                return false;
            }
            let r = s.reading.take();
            s.shop = r.filter(|_| pushed.is_ok()).and_then(|r| r.ingestor.finish().ok()).map(|(ds, _)| ds);
        }
        Step::Segment => {
            if let Some(ds) = &s.shop {
                let _ = segment::segment(ds, &SegmentOptions::default());
            }
        }
        Step::Rules => {
            if let Some(ds) = &s.shop {
                let _ = basket::mine(ds, &RulesOptions { min_support: 0.03, ..Default::default() }, None);
            }
        }
        Step::Sequences => {
            if let Some(ds) = &s.shop {
                let _ = sequence::sequences(ds, &SequenceOptions { min_support: 0.2, max_len: Some(3), ..Default::default() });
            }
        }
        Step::Value => {
            if let Some(ds) = read(&value_shop(), IngestOptions::default()) {
                let _ = clv::clv(&ds, &ClvOptions::default());
            }
        }
        Step::Workbook => {
            for _ in 0..WORKBOOK_READS {
                let _ = read(WORKBOOK, IngestOptions::default());
            }
        }
        Step::Baskets => {
            let opts = IngestOptions { layout: Some(Layout::Baskets), header: Some(false), delimiter: Some(' '), ..Default::default() };
            s.baskets = read(&baskets(s.next as u64), opts);
        }
        Step::Mine => {
            if let Some(ds) = &s.baskets {
                let _ = basket::mine(ds, &RulesOptions { min_support: 0.005, ..Default::default() }, None);
            }
        }
    }
    true
}

fn shop(seed: u64) -> Vec<u8> {
    crate::synth::csv_bytes(&crate::synth::ShopParams { rows: SHOP_ROWS, seed, ..Default::default() })
}

/// The lifetime-value step's shop: 25 customers whose models converge in a few milliseconds natively.
/// The fits' time depends on the data more than on its size: on the line-item steps' shops (17 customers)
/// the Pareto/NBD fit alone took 65 ms natively and the step 0.5 s on baseline code in the page.
fn value_shop() -> Vec<u8> {
    crate::synth::csv_bytes(&crate::synth::ShopParams { rows: SHOP_ROWS, seed: 9, customers_per_100_rows: 5.0, ..Default::default() })
}

/// A small IBM-Quest-style basket file (FIMI format).
fn baskets(seed: u64) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = basket::quest::write_dat(&mut out, &basket::quest::QuestParams { baskets: BASKETS, seed, ..Default::default() });
    out
}

fn read(bytes: &[u8], opts: IngestOptions) -> Option<Dataset> {
    let mut ing = Ingestor::new(opts);
    for chunk in bytes.chunks(CHUNK) {
        ing.push(chunk).ok()?;
    }
    ing.finish().ok().map(|(ds, _)| ds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_reads_and_analyses_its_data() {
        // The warm-up must exercise the real paths: each step's synthetic file is read without error into
        // a non-empty table (a step whose read failed would warm up nothing and say nothing), and the
        // lifetime-value step's shop is one the models fit.
        let shop = read(&shop(1), Default::default()).expect("the synthetic shop reads");
        assert!(shop.len as u64 > SHOP_ROWS / 2);
        let value = read(&value_shop(), Default::default()).expect("the value shop reads");
        assert!(clv::clv(&value, &ClvOptions::default()).is_ok(), "the value step's models fit its shop");
        let opts = IngestOptions { layout: Some(Layout::Baskets), header: Some(false), delimiter: Some(' '), ..Default::default() };
        let b = read(&baskets(3), opts).expect("the synthetic baskets read");
        assert!(b.len > BASKETS);
        let book = read(WORKBOOK, Default::default()).expect("the workbook reads");
        assert_eq!(book.len, 26, "the workbook's first sheet with data (Orders: 26 lines)");

        // The steps in order: a read spreads over several calls and keeps its table for the analyses; the
        // basket read's table is kept for the mining; everything is dropped after the last call.
        let mut calls = 0;
        let mut read_calls = 0;
        loop {
            let before = STATE.with(|s| s.borrow().next);
            let more = step();
            calls += 1;
            let (next, shop_rows, baskets) =
                STATE.with(|s| (s.borrow().next, s.borrow().shop.as_ref().map(|d| d.len), s.borrow().baskets.is_some()));
            if matches!(PLAN[before], Step::Read(_)) {
                read_calls += 1;
            }
            if more && matches!(PLAN[next], Step::Segment) {
                assert!(shop_rows.is_some_and(|n| n > 0), "the analyses' steps have a table");
            }
            if more && matches!(PLAN[next], Step::Mine) {
                assert!(baskets, "the mining step has the basket table");
            }
            if !more {
                break;
            }
            assert!(calls < 1_000, "the warm-up ends");
        }
        let reads = PLAN.iter().filter(|s| matches!(s, Step::Read(_))).count();
        assert!(read_calls >= 2 * reads, "each read spreads over calls ({read_calls} calls for {reads} reads)");
        assert_eq!(calls, PLAN.len() + read_calls - reads);
        assert!(STATE.with(|s| s.borrow().shop.is_none() && s.borrow().baskets.is_none()), "the tables are dropped after the last step");
        assert!(!step(), "nothing runs after the end");
    }
}
