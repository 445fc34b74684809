//! Ingestion throughput, natively: `cargo bench --bench ingest`.
//!
//! Inputs:
//! - `online_retail/plain` and `online_retail/gzip`: `../shared/data/online_retail.csv.gz` (541,909 rows),
//!   decompressed in memory for the plain case; skipped with a message when the file is absent;
//! - `synthetic/1M`: a seeded synthetic shop (`clientela generate --rows 1000000 --seed 1`, built in memory);
//! - `online_retail/plain, two threads`, `online_retail/gzip, two threads`, `synthetic/1M, two threads`: the
//!   same bytes through `ingest::read`, the command line's read (records split on one thread, the table
//!   built on another past the sample);
//! - `synthetic/10M` only with `CLIENTELA_BENCH_10M=1` (about 0.8 GB of text);
//! - `shapes/plain` and `shapes/shopify`: the same 300,000 line items of the synthetic shop (seed 1) as the
//!   plain CSV and as a Shopify orders export (`clientela generate --shape shopify`), read with everything
//!   detected; `shapes/shopify_roles`: the Shopify file with its line columns given (order `Name`,
//!   customer `Email`, item, quantity, unit price; every other column ignored, so no date until order
//!   fields are filled down); `shapes/detect_*`: detection alone on each file's 1 MiB sample (its share
//!   of a read).
//!
//! Criterion reports time and throughput in bytes of input per second (for gzip: compressed bytes; the
//! plain case of the same file gives the text rate). Bytes per row of the resulting table are printed once
//! per input. This is a measurement, not a test: nothing here passes or fails on a timing.

use std::hint::black_box;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use clientela::IngestOptions;
use clientela::ingest::ColumnChoice;
use clientela::ingest::roles::Role;
use clientela::ingest::{read, read_bytes};
use clientela::synth::{ShopParams, csv_bytes};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn online_retail_gz() -> Option<Vec<u8>> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/online_retail.csv.gz");
    match std::fs::read(&p) {
        Ok(b) => Some(b),
        Err(e) => {
            eprintln!("skipping online_retail benches: {} not readable ({e})", p.display());
            None
        }
    }
}

fn gunzip(gz: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(gz).read_to_end(&mut out).expect("valid gzip");
    out
}

/// One input: prints its table size once, then benchmarks a whole read.
fn bench_input(c: &mut Criterion, group: &str, name: &str, bytes: &[u8], samples: usize) {
    let (data, report) = read_bytes(bytes, IngestOptions::default()).expect("input reads");
    eprintln!(
        "{group}/{name}: {} bytes, {} rows ({} rejected), table {:.1} bytes/row",
        bytes.len(),
        report.rows.total,
        report.rows.rejected,
        report.table.bytes_per_row
    );
    drop(data);
    let mut g = c.benchmark_group(group);
    g.sample_size(samples).measurement_time(Duration::from_secs(10)).throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function(name, |b| b.iter(|| black_box(read_bytes(black_box(bytes), IngestOptions::default()).expect("reads"))));
    g.finish();
}

/// The command line's read of the same bytes (`ingest::read`: past the sample, records split on this thread
/// and the table built on a second one).
fn bench_two_threads(c: &mut Criterion, group: &str, name: &str, bytes: &[u8], samples: usize) {
    let mut g = c.benchmark_group(group);
    g.sample_size(samples).measurement_time(Duration::from_secs(10)).throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function(name, |b| b.iter(|| black_box(read(black_box(bytes), IngestOptions::default()).expect("reads"))));
    g.finish();
}

fn online_retail(c: &mut Criterion) {
    let Some(gz) = online_retail_gz() else { return };
    let plain = gunzip(&gz);
    bench_input(c, "online_retail", "plain", &plain, 20);
    bench_two_threads(c, "online_retail", "plain, two threads", &plain, 20);
    bench_input(c, "online_retail", "gzip", &gz, 10);
    bench_two_threads(c, "online_retail", "gzip, two threads", &gz, 10);
    bench_input(c, "online_retail", "first_line_only", &first_line_only(&plain), 20);
}

/// The Online Retail file shaped like a Shopify export: an invoice's date and customer written on its
/// first line only (the later lines' cells blanked where they equal the first line's). The read fills them
/// down and gives the plain file's table (tests/exports.rs).
fn first_line_only(plain: &[u8]) -> Vec<u8> {
    let mut rd = csv::Reader::from_reader(plain);
    let mut w = csv::Writer::from_writer(Vec::with_capacity(plain.len()));
    w.write_record(rd.headers().expect("a header")).expect("written");
    let mut first: Vec<String> = Vec::new();
    for rec in rd.records() {
        let mut row: Vec<String> = rec.expect("a record").iter().map(str::to_string).collect();
        if first.first() == row.first() {
            for c in [4, 6] {
                if row[c] == first[c] {
                    row[c].clear();
                }
            }
        } else {
            first.clone_from(&row);
        }
        w.write_record(&row).expect("written");
    }
    w.into_inner().expect("flushed")
}

fn synthetic(c: &mut Criterion) {
    let one_m = csv_bytes(&ShopParams { rows: 1_000_000, seed: 1, ..Default::default() });
    bench_input(c, "synthetic", "1M", &one_m, 10);
    bench_two_threads(c, "synthetic", "1M, two threads", &one_m, 10);
    drop(one_m);
    if std::env::var_os("CLIENTELA_BENCH_10M").is_some_and(|v| v == "1") {
        let ten_m = csv_bytes(&ShopParams { rows: 10_000_000, seed: 1, ..Default::default() });
        bench_input(c, "synthetic", "10M", &ten_m, 10);
    }
}

fn shapes(c: &mut Criterion) {
    use clientela::synth::{shapes::Shape, write_csv, write_shape};
    let p = ShopParams { rows: 300_000, seed: 1, ..Default::default() };
    let mut plain = Vec::new();
    write_csv(&mut plain, &p).expect("in memory");
    let mut shopify = Vec::new();
    write_shape(&mut shopify, Shape::Shopify, &p).expect("in memory");
    bench_input(c, "shapes", "plain", &plain, 10);
    bench_input(c, "shapes", "shopify", &shopify, 10);
    let mut g = c.benchmark_group("shapes");
    let roles = [
        ("Name", Role::Order),
        ("Email", Role::Customer),
        ("Lineitem sku", Role::ItemCode),
        ("Lineitem name", Role::ItemName),
        ("Lineitem quantity", Role::Quantity),
        ("Lineitem price", Role::UnitPrice),
    ];
    let columns = Shape::Shopify
        .header()
        .iter()
        .map(|h| ColumnChoice { column: h.to_string(), role: roles.iter().find(|r| r.0 == *h).map_or(Role::Ignore, |r| r.1) })
        .collect();
    let opts = IngestOptions { columns, ..Default::default() };
    let (_, r) = read_bytes(&shopify, opts.clone()).expect("reads");
    eprintln!("shapes/shopify_roles: {} rows ({} rejected), revenue {:.2}", r.rows.total, r.rows.rejected, r.lines.revenue);
    g.sample_size(10).measurement_time(Duration::from_secs(10)).throughput(Throughput::Bytes(shopify.len() as u64));
    g.bench_function("shopify_roles", |b| b.iter(|| black_box(read_bytes(black_box(&shopify), opts.clone()).expect("reads"))));
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    for (name, bytes) in [("detect_plain", &plain), ("detect_shopify", &shopify)] {
        let sample = &bytes[..bytes.len().min(clientela::ingest::SAMPLE_BYTES)];
        g.throughput(Throughput::Bytes(sample.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| black_box(clientela::ingest::sniff::detect(black_box(sample), false, &IngestOptions::default()).expect("detects")))
        });
    }
    g.finish();
}

criterion_group!(benches, online_retail, synthetic, shapes);
criterion_main!(benches);
