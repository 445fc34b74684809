//! Memory of a comparison of periods (src/compare): the peak of `compare()` — three profile tables (as of
//! the as-of date, the period's start and its end), the sorted (period, customer, order) keys of the
//! compared periods' purchase lines and one id-indexed vector per customer — stays below the heap of the
//! sales table it reads, measured by a counting global allocator (this test binary only; the pattern of
//! tests/common/counting.rs). Cases: the seeded synthetic shop of 200,000 lines, by month and by year (the
//! year's keys hold every purchase line of two years).

use clientela::compare::{CompareOptions, PeriodKind, compare};
use clientela::ingest::{IngestOptions, read_bytes};

#[path = "common/counting.rs"]
mod counting;
use counting::peak_of;

#[global_allocator]
static ALLOC: counting::Counting = counting::Counting;

/// One test function: the allocator's counters are global, so the cases run one after the other.
#[test]
fn a_comparison_needs_less_than_the_table_it_reads() {
    let csv = clientela::synth::csv_bytes(&clientela::synth::ShopParams { rows: 200_000, seed: 3, ..Default::default() });
    let (data, _) = read_bytes(&csv, IngestOptions::default()).unwrap();
    let heap = data.heap_bytes();
    for period in [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year] {
        let (r, peak) = peak_of(|| compare(&data, &CompareOptions { period, ..Default::default() }).unwrap());
        eprintln!("{period:?} {}: peak {peak} bytes, sales table heap {heap} bytes", r.current.period);
        assert!(r.current.customers > 0);
        assert!(peak < heap, "{period:?}: peak {peak} ≥ table {heap}");
    }
}
