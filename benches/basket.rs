//! Market-basket mining speed, natively: `cargo bench --bench basket`.
//!
//! Inputs, built once outside the timing loops:
//! - `T10I4D100K`: the seeded IBM-Quest-style generator (`clientela generate --baskets 100000`, 1000 items,
//!   2000 patterns of mean length 4, baskets of mean length 10);
//! - `online_retail`: the baskets (invoices) of ../shared/data/online_retail.csv.gz, when present.
//!
//! Timed, at several minimum supports: frequent itemsets alone (`itemsets/…`), and the whole analysis of
//! a read table (`mine/…`: baskets, itemsets, rules at confidence 0.5, top 1000 by lift). Reading the file
//! is not timed here; `benches/compare_baskets.py` times whole processes against pyfim and mlxtend.
//! A measurement, not a test: nothing passes or fails on a timing.

use std::hint::black_box;
use std::time::Duration;

use clientela::basket::quest::{QuestParams, generate};
use clientela::basket::{ItemKey, MineParams, RulesOptions, Transactions, frequent_itemsets, mine, transactions};
use clientela::ingest::{IngestOptions, read_bytes};
use criterion::{Criterion, criterion_group, criterion_main};

fn itemsets(c: &mut Criterion, name: &str, t: &Transactions, supports: &[f64]) {
    let mut g = c.benchmark_group("itemsets");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    for &s in supports {
        let min_count = (s * t.len() as f64).ceil() as u32;
        let p = MineParams { min_count, max_len: usize::MAX, max_itemsets: 50_000_000 };
        let n = frequent_itemsets(&t.items, &t.offsets, t.labels.len(), p).map(|r| r.len()).unwrap_or(0);
        eprintln!("{name} at {s}: {} baskets, {n} frequent itemsets", t.len());
        g.bench_function(format!("{name}/{s}"), |b| {
            b.iter(|| black_box(frequent_itemsets(&t.items, &t.offsets, t.labels.len(), p).map(|r| r.len())))
        });
    }
    g.finish();
}

fn whole(c: &mut Criterion, name: &str, data: &clientela::Dataset, supports: &[f64]) {
    let mut g = c.benchmark_group("mine");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    for &s in supports {
        let o = RulesOptions { min_support: s, min_confidence: 0.5, max_itemsets: 50_000_000, ..Default::default() };
        g.bench_function(format!("{name}/{s}"), |b| b.iter(|| black_box(mine(black_box(data), &o, None).map(|r| r.rules))));
    }
    g.finish();
}

fn synthetic(c: &mut Criterion) {
    let lists = generate(&QuestParams::default());
    let mut bytes = Vec::new();
    for b in &lists {
        let line: Vec<String> = b.iter().map(u32::to_string).collect();
        bytes.extend_from_slice(line.join(" ").as_bytes());
        bytes.push(b'\n');
    }
    let opts = IngestOptions { layout: Some(clientela::Layout::Baskets), header: Some(false), delimiter: Some(' '), ..Default::default() };
    let (data, _) = read_bytes(&bytes, opts).expect("synthetic baskets read");
    let t = transactions(&data, ItemKey::Code, None);
    let supports = [0.01, 0.005, 0.002, 0.001];
    itemsets(c, "T10I4D100K", &t, &supports);
    whole(c, "T10I4D100K", &data, &supports);
}

fn online_retail(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/online_retail.csv.gz");
    let Ok(bytes) = std::fs::read(path) else {
        eprintln!("online_retail skipped: {path} is absent");
        return;
    };
    let (data, _) = read_bytes(&bytes, IngestOptions::default()).expect("Online Retail reads");
    let t = transactions(&data, ItemKey::Code, None);
    let supports = [0.02, 0.01, 0.005, 0.003]; // at 0.002 there are 11.8 million itemsets
    itemsets(c, "online_retail", &t, &supports);
    whole(c, "online_retail", &data, &supports);
}

criterion_group!(benches, synthetic, online_retail);
criterion_main!(benches);
