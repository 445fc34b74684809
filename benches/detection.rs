//! Cost of detection (dialect, header, roles by name and by content, number and date formats) on the
//! 1 MiB sample a read examines: `cargo bench --bench detection`. Compare with the whole read of the same
//! file in `benches/ingest.rs`; detection must stay a small share of it.
//!
//! Inputs, from `../shared/data/online_retail.csv.gz` (skipped with a message when absent): the plain
//! file (roles from header names) and the same without its header line (every role from the values).
//! This is a measurement, not a test: nothing here passes or fails on a timing.

use std::hint::black_box;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use clientela::IngestOptions;
use clientela::ingest::{SAMPLE_BYTES, sniff};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn detection(c: &mut Criterion) {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/online_retail.csv.gz");
    let gz = match std::fs::read(&p) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("skipping detection benches: {} not readable ({e})", p.display());
            return;
        }
    };
    let mut plain = Vec::new();
    flate2::read::MultiGzDecoder::new(&gz[..]).read_to_end(&mut plain).expect("valid gzip");
    let named = &plain[..SAMPLE_BYTES];
    let body = &plain[memchr::memchr(b'\n', &plain).expect("a header line") + 1..][..SAMPLE_BYTES];
    let mut g = c.benchmark_group("detection");
    g.sample_size(30).measurement_time(Duration::from_secs(5)).throughput(Throughput::Bytes(SAMPLE_BYTES as u64));
    for (name, sample) in [("online_retail_header", named), ("online_retail_no_header", body)] {
        let d = sniff::detect(sample, false, &IngestOptions::default()).expect("detects");
        eprintln!("detection/{name}: roles {:?}", d.columns.iter().map(|c| c.role.name()).collect::<Vec<_>>());
        g.bench_function(name, |b| {
            b.iter(|| black_box(sniff::detect(black_box(sample), false, &IngestOptions::default()).expect("detects")))
        });
    }
    g.finish();
}

criterion_group!(benches, detection);
criterion_main!(benches);
