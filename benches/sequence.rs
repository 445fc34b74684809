//! Sequence analysis speed, natively: `cargo bench --bench sequence`.
//!
//! Inputs, read once outside the timing loop: the Online Retail file (`../shared/data/online_retail.csv.gz`,
//! skipped with a message when absent) and a seeded synthetic shop (`clientela generate --rows 300000
//! --seed 1`, built in memory). Timed: frequent sequential patterns at 1 % and 0.5 % support (elements
//! by day, no gap; and 1 % with a 30-day maximum gap), and the timed rules for all item pairs (N = 90
//! days, A with at least 10 observed buyers, pairs with at least 3). A measurement, not a test. Select
//! runs with criterion's filter, e.g. `cargo bench --bench sequence -- "timed rules"`.

use std::hint::black_box;
use std::time::Duration;

use clientela::ingest::read_bytes;
use clientela::sequence::{SequenceOptions, sequences};
use clientela::synth::{ShopParams, csv_bytes};
use clientela::{Dataset, IngestOptions};
use criterion::{Criterion, criterion_group, criterion_main};

fn bench_data(c: &mut Criterion, name: &str, data: &Dataset) {
    let patterns = |s: f64, gap: Option<u32>| SequenceOptions {
        min_support: s,
        max_gap_days: gap,
        min_customers: u32::MAX, // no timed rules
        ..Default::default()
    };
    let timed = SequenceOptions { patterns: false, ..Default::default() };
    for (label, o) in [
        ("patterns 1%", patterns(0.01, None)),
        ("patterns 0.5%", patterns(0.005, None)),
        ("patterns 1% gap 30d", patterns(0.01, Some(30))),
        ("timed rules all pairs", timed),
    ] {
        let mut g = c.benchmark_group(format!("sequence/{name}"));
        g.sample_size(10).measurement_time(Duration::from_secs(20));
        g.bench_function(label, |b| b.iter(|| black_box(sequences(black_box(data), &o).expect("sequences"))));
        g.finish();
    }
}

fn online_retail(c: &mut Criterion) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/online_retail.csv.gz");
    match std::fs::File::open(&path) {
        Ok(f) => {
            let (data, _) = clientela::ingest::read(f, IngestOptions::default()).expect("Online Retail reads");
            bench_data(c, "online_retail", &data);
        }
        Err(e) => eprintln!("skipped: the Online Retail file is not available at {} ({e})", path.display()),
    }
}

fn synthetic(c: &mut Criterion) {
    let bytes = csv_bytes(&ShopParams { rows: 300_000, seed: 1, ..Default::default() });
    let (data, _) = read_bytes(&bytes, IngestOptions::default()).expect("synthetic shop reads");
    bench_data(c, "synthetic_300k", &data);
}

criterion_group!(benches, online_retail, synthetic);
criterion_main!(benches);
