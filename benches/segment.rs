//! Segmentation speed, natively: `cargo bench --bench segment`.
//!
//! Input: a seeded synthetic shop (`clientela generate --rows 1000000 --seed 1`, built in memory) read
//! once outside the timing loop; the timed part is the whole segmentation (profiles, RFM scores and
//! segments, deciles, Lorenz, Gini, profitable classes, spend bands and their migration, lifecycle
//! stages, returning rate, cohorts, high affinity, price sensitivity, k-means clusters over k = 2..=10),
//! and the same without the clustering. `synthetic/10M` runs only with
//! `CLIENTELA_BENCH_10M=1`. A measurement, not a test: nothing passes or fails on a timing.
//!
//! `k choice/…`: the clustering section alone (features, k-means for each k of 2..=10 with 3 starts,
//! the silhouette of each k, the chosen k's clusters) on the customers' profiles, computed outside the
//! timing loop: Online Retail (../shared/data/online_retail.csv.gz, when present; 4,338 customers) and
//! the synthetic shops of 1M rows (~16k customers) and, with `CLIENTELA_BENCH_10M=1`, 10M rows (~160k).

use std::hint::black_box;
use std::time::Duration;

use clientela::IngestOptions;
use clientela::dataset::Dataset;
use clientela::ingest::read_bytes;
use clientela::segment::kmeans::{ClusterOptions, clusters};
use clientela::segment::profile::profiles;
use clientela::segment::{SegmentOptions, segment};
use clientela::synth::{ShopParams, csv_bytes};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench_rows(c: &mut Criterion, name: &str, rows: u64, samples: usize) {
    let bytes = csv_bytes(&ShopParams { rows, seed: 1, ..Default::default() });
    let (data, _) = read_bytes(&bytes, IngestOptions::default()).expect("synthetic shop reads");
    drop(bytes);
    let s = segment(&data, &SegmentOptions::default()).expect("segments");
    eprintln!("synthetic/{name}: {} rows, {} customers, gini {:.3}", data.len, s.report.customers, s.report.gini);
    let mut g = c.benchmark_group("segment");
    g.sample_size(samples).measurement_time(Duration::from_secs(10)).throughput(Throughput::Elements(data.len as u64));
    g.bench_function(name, |b| b.iter(|| black_box(segment(black_box(&data), &SegmentOptions::default()).expect("segments"))));
    // The same without the k-means clustering (the target excludes clustering restarts).
    let no_clusters = SegmentOptions { clusters: Some(ClusterOptions { enabled: false, ..Default::default() }), ..Default::default() };
    g.bench_function(format!("{name} without clustering"), |b| {
        b.iter(|| black_box(segment(black_box(&data), &no_clusters).expect("segments")))
    });
    g.finish();
    choice(c, name, &data, samples);
}

/// The clustering section alone (the choice of k and the chosen k's clusters) on `data`'s customers.
fn choice(c: &mut Criterion, name: &str, data: &Dataset, samples: usize) {
    let p = profiles(data, None).expect("profiles");
    let opts = ClusterOptions::default();
    let (sec, _) = clusters(&p, &opts).expect("clustering on").expect("clusters");
    eprintln!("k choice/{name}: {} customers, best k {}", p.rows.len(), sec.clustering.best_k);
    let mut g = c.benchmark_group("k choice");
    g.sample_size(samples).measurement_time(Duration::from_secs(10)).throughput(Throughput::Elements(p.rows.len() as u64));
    g.bench_function(name, |b| b.iter(|| black_box(clusters(black_box(&p), &opts))));
    g.finish();
}

fn online_retail(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/online_retail.csv.gz");
    let Ok(bytes) = std::fs::read(path) else {
        eprintln!("online_retail skipped: {path} is absent");
        return;
    };
    let (data, _) = read_bytes(&bytes, IngestOptions::default()).expect("Online Retail reads");
    choice(c, "online_retail", &data, 20);
}

fn synthetic(c: &mut Criterion) {
    bench_rows(c, "1M", 1_000_000, 20);
    if std::env::var("CLIENTELA_BENCH_10M").is_ok_and(|v| v == "1") {
        bench_rows(c, "10M", 10_000_000, 10);
    }
}

criterion_group!(benches, synthetic, online_retail);
criterion_main!(benches);
