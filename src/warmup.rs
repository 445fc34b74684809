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
const WORKBOOK_READS: usize = 30;

/// Rows of the synthetic shop read in each line-item step.
const SHOP_ROWS: u64 = 1_000;
/// Baskets of the synthetic basket file read in each basket step.
const BASKETS: usize = 1_500;
/// Chunk size of the reads: many calls, so that optimized code is picked up between them.
const CHUNK: usize = 16 * 1024;

/// The steps, in order. Each is short even on baseline code (~10–40 ms measured in the page on this
/// project's machine), because a file chosen while a step runs waits for it: steps of ~200 ms (a
/// 3,000-row shop read and analysed in one step) made the first visit's read start up to 200 ms late.
/// The reads come first, as the user's first action is a read.
const PLAN: &[Step] = &[
    Step::Read,
    Step::Read,
    Step::Read,
    Step::Read,
    Step::Read,
    Step::Read,
    Step::Segment,
    Step::Rules,
    Step::Sequences,
    Step::Value,
    Step::Workbook,
    Step::Baskets,
    Step::Workbook,
    Step::Baskets,
];

#[derive(Debug, Clone, Copy)]
enum Step {
    /// Reads the synthetic shop (a new seed each time) and keeps its table for the analyses' steps.
    Read,
    Segment,
    Rules,
    Sequences,
    Value,
    /// Reads [`WORKBOOK`] [`WORKBOOK_READS`] times.
    Workbook,
    /// Reads a synthetic basket file and mines it.
    Baskets,
}

/// Number of steps; [`step`] runs one.
pub const STEPS: u32 = PLAN.len() as u32;

thread_local! {
    /// The table of the last line-item read, for the analyses' steps.
    static SHOP: std::cell::RefCell<Option<Dataset>> = const { std::cell::RefCell::new(None) };
}

/// Runs warm-up step `k` (`0..STEPS`); returns true when steps remain after it.
pub fn step(k: u32) -> bool {
    let seed = u64::from(k) + 1;
    let Some(&what) = PLAN.get(k as usize) else { return false };
    let with_shop = |f: &dyn Fn(&Dataset)| {
        SHOP.with(|s| {
            if let Some(ds) = s.borrow().as_ref() {
                f(ds);
            }
        })
    };
    match what {
        Step::Read => {
            let ds = read(&shop(seed), IngestOptions::default());
            SHOP.with(|s| *s.borrow_mut() = ds);
        }
        Step::Segment => with_shop(&|ds| {
            let _ = segment::segment(ds, &SegmentOptions::default());
        }),
        Step::Rules => with_shop(&|ds| {
            let _ = basket::mine(ds, &RulesOptions { min_support: 0.03, ..Default::default() }, None);
        }),
        Step::Sequences => with_shop(&|ds| {
            let _ = sequence::sequences(ds, &SequenceOptions { min_support: 0.2, max_len: Some(3), ..Default::default() });
        }),
        Step::Value => with_shop(&|ds| {
            let _ = clv::clv(ds, &ClvOptions::default());
        }),
        Step::Workbook => {
            for _ in 0..WORKBOOK_READS {
                let _ = read(WORKBOOK, IngestOptions::default());
            }
        }
        Step::Baskets => {
            let opts = IngestOptions { layout: Some(Layout::Baskets), header: Some(false), delimiter: Some(' '), ..Default::default() };
            if let Some(ds) = read(&baskets(seed), opts) {
                let _ = basket::mine(&ds, &RulesOptions { min_support: 0.005, ..Default::default() }, None);
            }
        }
    }
    let more = k + 1 < STEPS;
    if !more {
        SHOP.with(|s| *s.borrow_mut() = None);
    }
    more
}

fn shop(seed: u64) -> Vec<u8> {
    crate::synth::csv_bytes(&crate::synth::ShopParams { rows: SHOP_ROWS, seed, ..Default::default() })
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
    #[test]
    fn every_step_reads_and_analyses_its_data() {
        // The warm-up must exercise the real paths: each step's synthetic file is read without error into
        // a non-empty table (a step whose read failed would warm up nothing and say nothing).
        let shop = super::read(&super::shop(1), Default::default()).expect("the synthetic shop reads");
        assert!(shop.len as u64 > super::SHOP_ROWS / 2);
        let opts = crate::ingest::IngestOptions {
            layout: Some(crate::Layout::Baskets),
            header: Some(false),
            delimiter: Some(' '),
            ..Default::default()
        };
        let b = super::read(&super::baskets(3), opts).expect("the synthetic baskets read");
        assert!(b.len > super::BASKETS);
        let book = super::read(super::WORKBOOK, Default::default()).expect("the workbook reads");
        assert_eq!(book.len, 26, "the workbook's first sheet with data (Orders: 26 lines)");
        let mut k = 0;
        while super::step(k) {
            k += 1;
            if k as usize == super::PLAN.iter().position(|s| !matches!(s, super::Step::Read)).unwrap_or(0) {
                assert!(super::SHOP.with(|s| s.borrow().as_ref().is_some_and(|ds| ds.len > 0)), "the analyses' steps have a table");
            }
        }
        assert_eq!(k + 1, super::STEPS);
        assert!(super::SHOP.with(|s| s.borrow().is_none()), "the table is dropped after the last step");
    }
}
