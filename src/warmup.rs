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

/// Number of steps; [`step`] runs one (each a few tens of milliseconds in an optimized engine).
pub const STEPS: u32 = 10;

/// A small workbook (`tests/data/sheets/orders.xlsx`: 30 rows of Online Retail in three sheets), read
/// [`WORKBOOK_READS`] times in the workbook step so that the sheet scanner's code is optimized before a
/// user's workbook arrives.
const WORKBOOK: &[u8] = include_bytes!("../tests/data/sheets/orders.xlsx");
/// Reads of [`WORKBOOK`] in one workbook step.
const WORKBOOK_READS: usize = 60;

/// Rows of the synthetic shop read in each line-item step.
const SHOP_ROWS: u64 = 3_000;
/// Baskets of the synthetic basket file read in each basket step.
const BASKETS: usize = 3_000;
/// Chunk size of the reads: many calls, so that optimized code is picked up between them.
const CHUNK: usize = 16 * 1024;

/// Runs warm-up step `k` (`0..STEPS`); returns true when steps remain after it.
pub fn step(k: u32) -> bool {
    let seed = u64::from(k) + 1;
    match k % 5 {
        0 => {
            if let Some(ds) = read(&shop(seed), IngestOptions::default()) {
                let _ = segment::segment(&ds, &SegmentOptions::default());
                let _ = basket::mine(&ds, &RulesOptions { min_support: 0.01, ..Default::default() }, None);
            }
        }
        1 => {
            if let Some(ds) = read(&shop(seed), IngestOptions::default()) {
                let _ = sequence::sequences(&ds, &SequenceOptions { min_support: 0.2, max_len: Some(3), ..Default::default() });
                let _ = clv::clv(&ds, &ClvOptions::default());
            }
        }
        4 => {
            for _ in 0..WORKBOOK_READS {
                let _ = read(WORKBOOK, IngestOptions::default());
            }
        }
        _ => {
            let opts = IngestOptions { layout: Some(Layout::Baskets), header: Some(false), delimiter: Some(' '), ..Default::default() };
            if let Some(ds) = read(&baskets(seed), opts) {
                let _ = basket::mine(&ds, &RulesOptions { min_support: 0.005, ..Default::default() }, None);
            }
        }
    }
    k + 1 < STEPS
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
        assert!(shop.len > 2_000);
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
        }
        assert_eq!(k + 1, super::STEPS);
    }
}
