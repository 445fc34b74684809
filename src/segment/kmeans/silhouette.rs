//! Phase 3: the silhouette, how well separated the clusters are (−1..1), exact up to
//! [`SILHOUETTE_SAMPLE`] rows and on a seeded sample above.

use super::SILHOUETTE_SAMPLE;
use super::algorithm::sq_dist;
use crate::rng::Rng;

/// Mean silhouette of a labelling (Rousseeuw 1987), Euclidean distances.
///
/// For a row i in cluster A: a = mean distance to the other rows of A, b = the smallest mean distance to
/// the rows of another cluster, s = (b − a) / max(a, b), and s = 0 when A holds only i (the convention
/// of scikit-learn). Exact when there are at most [`SILHOUETTE_SAMPLE`] rows; otherwise computed on a
/// uniform sample of that many rows drawn with `seed` (the sampled rows are compared among
/// themselves only). `None` when fewer than two clusters are present (or fewer than two rows):
/// separation is then undefined.
pub fn silhouette(data: &[f64], dims: usize, labels: &[u32], k: usize, seed: u64) -> Option<f64> {
    silhouette_with_sample(data, dims, labels, k, SILHOUETTE_SAMPLE, seed)
}

/// [`silhouette`] with a chosen sample size (`0` means exact whatever the size).
pub fn silhouette_with_sample(data: &[f64], dims: usize, labels: &[u32], k: usize, sample: usize, seed: u64) -> Option<f64> {
    if dims == 0 {
        return None;
    }
    let n = (data.len() / dims).min(labels.len());
    if labels[..n].iter().any(|&l| l as usize >= k) {
        return None;
    }
    let rows: Vec<usize> = if sample == 0 || n <= sample { (0..n).collect() } else { sample_rows(n, sample, seed) };
    let s = rows.len();
    if s < 2 {
        return None;
    }
    let mut size = vec![0u64; k];
    for &i in &rows {
        size[labels[i] as usize] += 1;
    }
    if size.iter().filter(|&&c| c > 0).count() < 2 {
        return None;
    }
    // sums[p * k + c]: total distance from sampled row p to the sampled rows of cluster c.
    let mut sums = vec![0.0; s * k];
    for p in 0..s {
        let rp = &data[rows[p] * dims..rows[p] * dims + dims];
        for q in p + 1..s {
            let rq = &data[rows[q] * dims..rows[q] * dims + dims];
            let d = sq_dist(rp, rq).sqrt();
            sums[p * k + labels[rows[q]] as usize] += d;
            sums[q * k + labels[rows[p]] as usize] += d;
        }
    }
    let mut total = 0.0;
    for p in 0..s {
        let own = labels[rows[p]] as usize;
        if size[own] <= 1 {
            continue;
        }
        let a = sums[p * k + own] / (size[own] - 1) as f64;
        let b = (0..k).filter(|&c| c != own && size[c] > 0).map(|c| sums[p * k + c] / size[c] as f64).fold(f64::INFINITY, f64::min);
        let m = a.max(b);
        if m > 0.0 {
            total += (b - a) / m;
        }
    }
    Some(total / s as f64)
}

/// `m` distinct rows of `0..n` drawn uniformly (partial Fisher–Yates), in increasing order.
pub(super) fn sample_rows(n: usize, m: usize, seed: u64) -> Vec<usize> {
    let mut rng = Rng::new(seed ^ 0x5111_0E77);
    let mut idx: Vec<usize> = (0..n).collect();
    for i in 0..m.min(n) {
        let j = i + rng.below((n - i) as u64) as usize;
        idx.swap(i, j);
    }
    idx.truncate(m.min(n));
    idx.sort_unstable();
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_rows_are_distinct_sorted_and_seeded() {
        let a = sample_rows(10_000, 2000, 3);
        assert_eq!(a.len(), 2000);
        assert!(a.windows(2).all(|w| w[0] < w[1]) && *a.last().unwrap() < 10_000);
        assert_eq!(a, sample_rows(10_000, 2000, 3));
        assert_ne!(a, sample_rows(10_000, 2000, 4));
        assert_eq!(sample_rows(5, 10, 0), vec![0, 1, 2, 3, 4]);
    }
}
