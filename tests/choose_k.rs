//! The choice of k on a sample (`kmeans::CHOICE_SAMPLE` rows: every k fitted and scored there, only the
//! chosen k run on all the customers) picks the same k as the full criterion it replaced: every k
//! fitted on all the customers (3 k-means++ starts, 3 Hartigan passes, seed 0) and scored by the mean
//! silhouette of a seeded sample of `kmeans::SILHOUETTE_SAMPLE` (2,000) customers — the criterion of
//! the segmentation before the sample (commit 9e3f065), written out here with the public `fit` and
//! `silhouette`. On the test data: Online Retail (../shared/data), the seeded synthetic shops of 1M
//! and 10M rows (`clientela generate --rows … --seed 1`), and every fixture in tests/data whose
//! customers the segmentation clusters.

use crate::common;

use clientela::IngestOptions;
use clientela::dataset::Dataset;
use clientela::ingest::read_bytes;
use clientela::segment::kmeans::{self, ClusterOptions, KMeansParams, RfmValues, clusters, fit, prepare, silhouette};
use clientela::segment::profile::profiles;
use clientela::synth::{ShopParams, csv_bytes};

/// The full criterion: (best k, silhouette per k), on the segmentation's features (log R, F, M as
/// z-scores) with its default options (k 2..=10, 3 starts, 3 Hartigan passes, seed 0).
fn full_criterion(ds: &Dataset) -> (usize, Vec<f64>) {
    let p = profiles(ds, None).expect("profiles");
    let rfm = RfmValues::of(&p);
    let f = prepare(&rfm.columns()).expect("features");
    let o = ClusterOptions::default();
    let (mut best, mut curve) = (0, Vec::new());
    for k in o.k_min..=o.k_max {
        let params = KMeansParams::new(k).restarts(o.restarts).hartigan_passes(kmeans::HARTIGAN_PASSES).seed(o.seed);
        let Ok(r) = fit(&f.data, f.dims, &params) else { break };
        let s = silhouette(&f.data, f.dims, &r.labels, k, o.seed).expect("silhouette");
        if curve.iter().all(|&b| s > b) {
            best = k;
        }
        curve.push(s);
    }
    (best, curve)
}

/// The segmentation's choice (on the sample above `CHOICE_SAMPLE` customers): (best k, silhouette per k,
/// customers), or `None` when it does not cluster these customers.
fn sampled_choice(ds: &Dataset) -> Option<(usize, Vec<f64>, usize)> {
    let p = profiles(ds, None).ok()?;
    let (sec, _) = clusters(&p, &ClusterOptions::default())?.ok()?;
    let curve = sec.clustering.curve.iter().map(|q| q.silhouette.expect("defined")).collect();
    Some((sec.clustering.best_k, curve, p.rows.len()))
}

/// Both choices on `ds`; they must name the same k. Returns the number of customers.
fn same_k(name: &str, ds: &Dataset) -> usize {
    let (k, curve, n) = sampled_choice(ds).unwrap_or_else(|| panic!("{name}: the segmentation clusters these customers"));
    let (want, full) = full_criterion(ds);
    eprintln!("{name}: {n} customers, k {k} (full criterion {want})\n  sampled {curve:.4?}\n  full    {full:.4?}");
    assert_eq!(k, want, "{name}: sampled curve {curve:?}, full curve {full:?}");
    n
}

fn shop(rows: u64) -> Dataset {
    let bytes = csv_bytes(&ShopParams { rows, seed: 1, ..Default::default() });
    read_bytes(&bytes, IngestOptions::default()).expect("synthetic shop reads").0
}

#[test]
fn online_retail_same_k_as_the_full_criterion() {
    let Some(gz) = common::online_retail_gz() else { return };
    let (ds, _) = read_bytes(&gz, IngestOptions::default()).expect("Online Retail reads");
    assert_eq!(same_k("Online Retail", &ds), 4338);
}

#[test]
fn synthetic_shop_1m_rows_same_k_as_the_full_criterion() {
    let n = same_k("synthetic 1M rows", &shop(1_000_000));
    assert!(n > kmeans::CHOICE_SAMPLE, "{n} customers: the sampled path is the one under test");
}

#[test]
fn synthetic_shop_10m_rows_same_k_as_the_full_criterion() {
    let n = same_k("synthetic 10M rows", &shop(10_000_000));
    assert!(n > 100_000, "{n} customers");
}

#[test]
fn every_clustered_fixture_same_k_as_the_full_criterion() {
    let mut files = Vec::new();
    let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).expect("tests/data lists") {
            let path = e.expect("entry").path();
            if path.is_dir() { dirs.push(path) } else { files.push(path) }
        }
    }
    files.sort();
    let mut compared = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).expect("fixture reads");
        let Ok((ds, _)) = read_bytes(&bytes, IngestOptions::default()) else { continue };
        if sampled_choice(&ds).is_none() {
            continue;
        }
        let name = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(path).display().to_string();
        same_k(&name, &ds);
        compared.push(name);
    }
    eprintln!("{} fixtures clustered and compared: {compared:?}", compared.len());
    assert!(compared.len() >= 10, "only {compared:?} were clustered: the fixtures changed, look again");
}
