//! k-means, silhouette and the choice of k: seeded blobs, determinism, monotone inertia, a brute-force
//! reference on tiny inputs, a silhouette worked out by hand, and degenerate inputs.

use clientela::segment::kmeans::{
    self, ChooseKParams, FeatureColumn, KMeansError, KMeansParams, Level, choose_k, cluster, describe, fit, prepare, silhouette,
    silhouette_with_sample,
};
use clientela::synth::Rng;

/// `per` points around each centre, normal noise of standard deviation `sd`; labels are the blob index.
fn blobs(centres: &[[f64; 3]], per: usize, sd: f64, seed: u64) -> (Vec<f64>, Vec<u32>) {
    let mut rng = Rng::new(seed);
    let mut data = Vec::new();
    let mut truth = Vec::new();
    for (b, c) in centres.iter().enumerate() {
        for _ in 0..per {
            for x in c {
                data.push(x + sd * rng.normal());
            }
            truth.push(b as u32);
        }
    }
    (data, truth)
}

const FOUR: [[f64; 3]; 4] = [[0.0, 0.0, 0.0], [10.0, 0.0, 0.0], [0.0, 10.0, 0.0], [0.0, 0.0, 10.0]];

/// Adjusted Rand index (Hubert & Arabie 1985) from the contingency table.
fn adjusted_rand(a: &[u32], b: &[u32]) -> f64 {
    let ka = *a.iter().max().unwrap() as usize + 1;
    let kb = *b.iter().max().unwrap() as usize + 1;
    let mut t = vec![0u64; ka * kb];
    for (&x, &y) in a.iter().zip(b) {
        t[x as usize * kb + y as usize] += 1;
    }
    let c2 = |n: u64| (n * n.saturating_sub(1)) as f64 / 2.0;
    let sum_ij: f64 = t.iter().map(|&n| c2(n)).sum();
    let sum_a: f64 = (0..ka).map(|i| c2(t[i * kb..i * kb + kb].iter().sum())).sum();
    let sum_b: f64 = (0..kb).map(|j| c2((0..ka).map(|i| t[i * kb + j]).sum())).sum();
    let expected = sum_a * sum_b / c2(a.len() as u64);
    (sum_ij - expected) / ((sum_a + sum_b) / 2.0 - expected)
}

#[test]
fn recovers_four_blobs_exactly() {
    let (data, truth) = blobs(&FOUR, 400, 0.5, 1);
    let r = fit(&data, 3, &KMeansParams::new(4).seed(3)).unwrap();
    assert_eq!(adjusted_rand(&r.labels, &truth), 1.0);
    assert_eq!(r.sizes, vec![400; 4]);
    assert!(r.converged);
}

#[test]
fn choose_k_picks_four_for_four_blobs() {
    let (data, truth) = blobs(&FOUR, 400, 0.5, 2);
    let c = choose_k(&data, 3, &ChooseKParams::default()).unwrap();
    assert_eq!(c.best_k, 4, "curve: {:?}", c.curve);
    assert_eq!(c.curve.iter().map(|p| p.k).collect::<Vec<_>>(), (2..=10).collect::<Vec<_>>());
    assert_eq!(adjusted_rand(&c.best.labels, &truth), 1.0);
    // Inertia falls with k on this data (best of 5 starts each).
    assert!(c.curve.windows(2).all(|w| w[1].inertia <= w[0].inertia * (1.0 + 1e-9)));
}

#[test]
fn same_seed_same_clustering_different_seed_may_differ() {
    let mut rng = Rng::new(9);
    let data: Vec<f64> = (0..3000).map(|_| rng.normal()).collect();
    let p = KMeansParams::new(6).seed(11).restarts(1);
    let a = fit(&data, 3, &p).unwrap();
    let b = fit(&data, 3, &p).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.labels, b.labels);
    let c = fit(&data, 3, &p.clone().seed(12)).unwrap();
    assert_ne!(a.history, c.history, "a different seed should start elsewhere on structureless data");
}

#[test]
fn inertia_never_increases_across_iterations() {
    for seed in 0..20 {
        let mut rng = Rng::new(seed);
        let n = 50 + rng.below(500) as usize;
        let dims = 1 + rng.below(5) as usize;
        let data: Vec<f64> = (0..n * dims).map(|_| rng.normal() * (1.0 + rng.f64())).collect();
        let k = 1 + rng.below(8) as usize;
        let r = fit(&data, dims, &KMeansParams::new(k).seed(seed).restarts(2)).unwrap();
        for w in r.history.windows(2) {
            assert!(w[1] <= w[0] * (1.0 + 1e-12) + 1e-12, "seed {seed}: {:?}", r.history);
        }
        let direct = kmeans::inertia(&data, dims, &r.labels, &r.centres);
        assert!((direct - r.inertia).abs() <= 1e-9 * direct.max(1.0), "seed {seed}");
        assert!(r.sizes.iter().all(|&s| s > 0));
    }
}

// ---- brute force on tiny inputs ----------------------------------------------------------------

/// Inertia of a labelling with centres at the means (empty clusters contribute nothing).
fn cost(data: &[f64], dims: usize, labels: &[u32], k: usize) -> f64 {
    let mut sum = vec![0.0; k * dims];
    let mut cnt = vec![0.0; k];
    for (row, &l) in data.chunks_exact(dims).zip(labels) {
        cnt[l as usize] += 1.0;
        for j in 0..dims {
            sum[l as usize * dims + j] += row[j];
        }
    }
    data.chunks_exact(dims)
        .zip(labels)
        .map(|(row, &l)| (0..dims).map(|j| (row[j] - sum[l as usize * dims + j] / cnt[l as usize]).powi(2)).sum::<f64>())
        .sum()
}

/// Every labelling of n rows into exactly k non-empty clusters, in canonical form (first occurrences
/// in increasing order), with its inertia.
fn all_partitions(data: &[f64], dims: usize, k: usize) -> Vec<(Vec<u32>, f64)> {
    let n = data.len() / dims;
    let mut out = Vec::new();
    let mut labels = vec![0u32; n];
    fn rec(i: usize, used: u32, k: u32, labels: &mut Vec<u32>, out: &mut Vec<Vec<u32>>) {
        if i == labels.len() {
            if used == k {
                out.push(labels.clone());
            }
            return;
        }
        for l in 0..(used + 1).min(k) {
            labels[i] = l;
            rec(i + 1, used.max(l + 1), k, labels, out);
        }
    }
    let mut parts = Vec::new();
    rec(0, 0, k as u32, &mut labels, &mut parts);
    for p in parts {
        let c = cost(data, dims, &p, k);
        out.push((p, c));
    }
    out
}

#[test]
fn tiny_inputs_are_local_optima_and_many_restarts_find_the_global_optimum() {
    let mut checked_global = 0;
    for seed in 0..150u64 {
        let mut rng = Rng::new(seed);
        let n = 2 + rng.below(7) as usize; // 2..=8
        let k = 1 + rng.below(3.min(n) as u64) as usize; // 1..=min(3, n)
        let dims = 1 + rng.below(2) as usize;
        // Integers in 0..20 make ties possible but rare enough.
        let data: Vec<f64> = (0..n * dims).map(|_| rng.below(20) as f64).collect();
        let r = match fit(&data, dims, &KMeansParams::new(k).seed(seed).restarts(1)) {
            Ok(r) => r,
            Err(KMeansError::TooFewDistinct { .. }) => continue,
            Err(e) => panic!("seed {seed}: {e}"),
        };
        let own = cost(&data, dims, &r.labels, k);
        assert!((own - r.inertia).abs() < 1e-9, "seed {seed}");
        // Local optimum: no single row moved to another cluster (keeping its old one non-empty) lowers it.
        for i in 0..n {
            let from = r.labels[i];
            if r.sizes[from as usize] == 1 {
                continue;
            }
            for to in 0..k as u32 {
                if to == from {
                    continue;
                }
                let mut l = r.labels.clone();
                l[i] = to;
                let c = cost(&data, dims, &l, k);
                assert!(c >= own - 1e-9, "seed {seed}: moving row {i} to {to} gives {c} < {own}");
            }
        }
        // Global optimum, when it is unique (the second best partition is strictly worse).
        let mut parts = all_partitions(&data, dims, k);
        parts.sort_by(|a, b| a.1.total_cmp(&b.1));
        if parts.len() >= 2 && parts[1].1 - parts[0].1 > 1e-9 {
            let many = fit(&data, dims, &KMeansParams::new(k).seed(seed).restarts(50)).unwrap();
            assert!((many.inertia - parts[0].1).abs() < 1e-9, "seed {seed}: {} vs {}", many.inertia, parts[0].1);
            assert_eq!(adjusted_rand_or_one(&many.labels, &parts[0].0), 1.0, "seed {seed}");
            checked_global += 1;
        }
    }
    assert!(checked_global > 50, "only {checked_global} inputs had a unique optimum");
}

fn adjusted_rand_or_one(a: &[u32], b: &[u32]) -> f64 {
    // One cluster on both sides: the ARI formula is 0/0, the partitions are equal.
    if a.iter().all(|&x| x == 0) && b.iter().all(|&x| x == 0) { 1.0 } else { adjusted_rand(a, b) }
}

// ---- silhouette -------------------------------------------------------------------------------

#[test]
fn silhouette_of_a_hand_worked_example() {
    // Points on a line: 0, 1 in cluster 0; 4, 6 in cluster 1.
    // x=0: a = |0-1| = 1;      b = (4 + 6)/2 = 5;      s = (5-1)/5 = 0.8
    // x=1: a = 1;              b = (3 + 5)/2 = 4;      s = (4-1)/4 = 0.75
    // x=4: a = |4-6| = 2;      b = (4 + 3)/2 = 3.5;    s = (3.5-2)/3.5 = 3/7
    // x=6: a = 2;              b = (6 + 5)/2 = 5.5;    s = (5.5-2)/5.5 = 7/11
    // mean = (0.8 + 0.75 + 3/7 + 7/11) / 4
    let data = [0.0, 1.0, 4.0, 6.0];
    let labels = [0, 0, 1, 1];
    let expected = (0.8 + 0.75 + 3.0 / 7.0 + 7.0 / 11.0) / 4.0;
    let s = silhouette(&data, 1, &labels, 2, 0).unwrap();
    assert!((s - expected).abs() < 1e-12, "{s} vs {expected}");
    // A singleton cluster scores 0 (scikit-learn's convention): x=9 alone.
    // x=0: a=1, b=9 → 8/9; x=1: a=1, b=8 → 7/8; x=9: 0.
    let s = silhouette(&[0.0, 1.0, 9.0], 1, &[0, 0, 1], 2, 0).unwrap();
    assert!((s - (8.0 / 9.0 + 7.0 / 8.0) / 3.0).abs() < 1e-12);
    // One cluster: undefined.
    assert_eq!(silhouette(&data, 1, &[0, 0, 0, 0], 2, 0), None);
}

#[test]
fn sampled_silhouette_is_seeded_and_close_to_exact() {
    let (data, truth) = blobs(&FOUR, 1000, 2.0, 5);
    let exact = silhouette_with_sample(&data, 3, &truth, 4, 0, 0).unwrap();
    let a = silhouette(&data, 3, &truth, 4, 1).unwrap();
    let b = silhouette(&data, 3, &truth, 4, 1).unwrap();
    assert_eq!(a, b);
    assert!((a - exact).abs() < 0.02, "{a} vs {exact}");
}

// ---- preparing, describing, degenerate inputs --------------------------------------------------

#[test]
fn prepare_imputes_missing_and_reports_constant_columns() {
    let r = [1.0, f64::NAN, 3.0, 5.0];
    let f = [2.0, 2.0, 2.0, 2.0];
    let m = [0.0, 9.0, 99.0, f64::INFINITY];
    let cols = [
        FeatureColumn { name: "recency", values: &r, log: false },
        FeatureColumn { name: "frequency", values: &f, log: true },
        FeatureColumn { name: "monetary", values: &m, log: true },
    ];
    let p = prepare(&cols).unwrap();
    assert_eq!(p.rows, 4);
    assert_eq!(p.rows_imputed, 2);
    assert_eq!(p.columns[0].imputed, 1);
    assert!((p.columns[0].mean - 3.0).abs() < 1e-12);
    assert_eq!(p.data[3], 0.0, "the NaN recency becomes the mean, z = 0");
    assert!(p.columns[1].zero_variance && !p.columns[0].zero_variance);
    assert!(p.data.chunks(3).all(|row| row[1] == 0.0));
    // Monetary: logs are ln 1, ln 10, ln 100 → mean ln 10; the z of 9 is 0.
    assert!((p.columns[2].mean - 10f64.ln()).abs() < 1e-12);
    assert!(p.data[5].abs() < 1e-12);
    let back = p.to_original(&[0.0, 0.0, 0.0]);
    assert!((back[0] - 3.0).abs() < 1e-12 && (back[1] - 2.0).abs() < 1e-12 && (back[2] - 9.0).abs() < 1e-9);
    let z: Vec<f64> = p.data.to_vec();
    assert!(z.iter().all(|x| x.is_finite()));
}

#[test]
fn describe_reads_rfm_centres() {
    let d = describe(&[-1.2, 0.9, 1.4], &["recency", "frequency", "monetary"]);
    assert_eq!(d.summary, "recent, frequent, high spend");
    let d = describe(&[0.8, -0.6, 0.2], &["Recency", "Frequency", "Monetary"]);
    assert_eq!(d.summary, "lapsed, occasional");
    assert_eq!(d.traits[2].level, Level::Average);
    assert_eq!(d.traits[2].word, "average spend");
    assert_eq!(describe(&[0.5, -0.5], &["recency", "basket"]).summary, "average");
    assert_eq!(describe(&[0.51], &["basket"]).summary, "high basket");
}

#[test]
fn degenerate_inputs_are_typed_errors_or_sensible() {
    let p = KMeansParams::new(3);
    assert_eq!(fit(&[], 2, &p), Err(KMeansError::TooFewPoints { n: 0, k: 3 }));
    assert_eq!(fit(&[1.0, 2.0], 2, &p), Err(KMeansError::TooFewPoints { n: 1, k: 3 }));
    assert_eq!(fit(&[1.0; 10], 0, &p), Err(KMeansError::BadShape { len: 10, dims: 0 }));
    assert_eq!(fit(&[1.0; 10], 3, &p), Err(KMeansError::BadShape { len: 10, dims: 3 }));
    assert_eq!(fit(&[1.0; 10], 2, &KMeansParams::new(0)), Err(KMeansError::ZeroClusters));
    assert_eq!(fit(&[1.0, f64::NAN], 1, &KMeansParams::new(1)), Err(KMeansError::NotFinite { row: 1, column: 0 }));
    assert!(matches!(fit(&[1.0; 4], 1, &KMeansParams::new(1).restarts(0)), Err(KMeansError::BadParameter(_))));
    // All points equal: one cluster works, two cannot.
    let same = [2.0; 20];
    let one = fit(&same, 2, &KMeansParams::new(1)).unwrap();
    assert_eq!((one.inertia, one.sizes.clone()), (0.0, vec![10]));
    assert_eq!(fit(&same, 2, &KMeansParams::new(2)), Err(KMeansError::TooFewDistinct { distinct: 1, k: 2 }));
    // Three distinct rows: k = 3 is exact, choose_k stops its curve at 3.
    let three = [0.0, 0.0, 5.0, 5.0, 9.0, 9.0, 9.0];
    let r = fit(&three, 1, &KMeansParams::new(3)).unwrap();
    assert_eq!(r.inertia, 0.0);
    let c = choose_k(&three, 1, &ChooseKParams::default()).unwrap();
    assert_eq!(c.curve.iter().map(|p| p.k).collect::<Vec<_>>(), vec![2, 3]);
    assert_eq!(c.best_k, 3);
    assert!(choose_k(&same, 2, &ChooseKParams::default()).is_err());
    assert!(choose_k(&three, 1, &ChooseKParams { k_min: 5, k_max: 2, ..Default::default() }).is_err());
    // prepare: no columns, unequal columns, all-NaN column.
    assert!(prepare(&[]).is_err());
    let a = [1.0, 2.0];
    let b = [1.0];
    assert!(prepare(&[FeatureColumn { name: "a", values: &a, log: false }, FeatureColumn { name: "b", values: &b, log: false }]).is_err());
    let nan = [f64::NAN; 2];
    let p = prepare(&[FeatureColumn { name: "x", values: &nan, log: true }]).unwrap();
    assert!(p.columns[0].zero_variance && p.data == vec![0.0, 0.0]);
    // Values so large that squared distances overflow: no panic.
    let huge = [1e300, -1e300, 1e300, 0.0, f64::MAX, -f64::MAX];
    let _ = fit(&huge, 1, &KMeansParams::new(2));
    let _ = silhouette(&huge, 1, &[0, 1, 0, 1, 0, 1], 2, 0);
}

#[test]
fn cluster_names_customers_from_rfm_columns() {
    // Two groups: recent big spenders and lapsed small spenders (recency in days, not logged).
    let mut rng = Rng::new(4);
    let (mut r, mut f, mut m) = (vec![], vec![], vec![]);
    for i in 0..600 {
        let good = i % 3 == 0;
        r.push(if good { 5.0 + 3.0 * rng.f64() } else { 200.0 + 50.0 * rng.f64() });
        f.push(if good { 20.0 + 5.0 * rng.f64() } else { 1.0 + rng.below(2) as f64 });
        m.push(if good { 2000.0 * (1.0 + rng.f64()) } else { 30.0 * (1.0 + rng.f64()) });
    }
    let cols = [
        FeatureColumn { name: "recency", values: &r, log: false },
        FeatureColumn { name: "frequency", values: &f, log: true },
        FeatureColumn { name: "monetary", values: &m, log: true },
    ];
    let c = cluster(&cols, &ChooseKParams { k_max: 4, ..Default::default() }).unwrap();
    assert_eq!(c.best_k, 2);
    let mut names: Vec<(u64, String)> = c.clusters.iter().map(|s| (s.size, s.description.summary.clone())).collect();
    names.sort();
    assert_eq!(names, vec![(200, "recent, frequent, high spend".into()), (400, "lapsed, occasional, low spend".into())]);
    let big = c.clusters.iter().find(|s| s.size == 200).unwrap();
    assert!(big.centre[2] > 2000.0 && big.centre[2] < 4000.0, "{:?}", big.centre);
    let json = serde_json::to_string(&c).unwrap();
    assert!(json.contains("\"best_k\":2"));
}

/// `cargo test --release --test integration kmeans:: -- --ignored --nocapture`: one start on 1M rows × 3 dims, k = 10.
#[test]
#[ignore]
fn timing_one_million_rows() {
    let mut rng = Rng::new(1);
    let n = 1_000_000;
    let data: Vec<f64> = (0..n * 3).map(|i| rng.normal() + (i % 7) as f64 * 0.3).collect();
    let t = std::time::Instant::now();
    let r = fit(&data, 3, &KMeansParams::new(10).restarts(1).seed(1)).unwrap();
    let el = t.elapsed();
    eprintln!("1M x 3, k=10, one start: {:?} ({} iterations, converged {})", el, r.iterations, r.converged);
    let t = std::time::Instant::now();
    let s = silhouette(&data, 3, &r.labels, 10, 1);
    eprintln!("sampled silhouette: {:?} ({s:?})", t.elapsed());
}
