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
    Distances::new(data, dims, n, sample, seed).score(labels, k)
}

/// The distances between the sampled rows, computed once and shared by the silhouettes of every k
/// (choosing k scores the same sample for each k: only the labels change). Scoring from them gives the
/// same numbers as computing each distance again, in the same order.
pub(super) struct Distances {
    /// Rows the labels cover (all of them are checked, sampled or not).
    n: usize,
    /// The sampled rows, increasing.
    rows: Vec<usize>,
    /// Distance between sampled rows p < q, row by row: (0,1), (0,2) … (0,s−1), (1,2) …
    upper: Vec<f64>,
}

impl Distances {
    /// The sample of `sample` rows of the first `n` rows of `data` (all of them when `sample` is 0 or
    /// at least `n`), and their distances: `s (s − 1) / 2` numbers for `s` sampled rows.
    pub(super) fn new(data: &[f64], dims: usize, n: usize, sample: usize, seed: u64) -> Distances {
        let rows: Vec<usize> = if sample == 0 || n <= sample { (0..n).collect() } else { sample_rows(n, sample, seed) };
        let s = rows.len();
        let mut upper = Vec::with_capacity(s * s.saturating_sub(1) / 2);
        if dims > 0 {
            for p in 0..s {
                let rp = &data[rows[p] * dims..rows[p] * dims + dims];
                for &q in &rows[p + 1..] {
                    upper.push(sq_dist(rp, &data[q * dims..q * dims + dims]).sqrt());
                }
            }
        }
        Distances { n, rows, upper }
    }

    /// Mean silhouette of `labels` (over all rows, `k` clusters) on the sample; see [`silhouette`].
    pub(super) fn score(&self, labels: &[u32], k: usize) -> Option<f64> {
        let rows = &self.rows;
        let s = rows.len();
        if labels.len() < self.n || labels[..self.n].iter().any(|&l| l as usize >= k) || s < 2 {
            return None;
        }
        let mut size = vec![0u64; k];
        for &i in rows {
            size[labels[i] as usize] += 1;
        }
        if size.iter().filter(|&&c| c > 0).count() < 2 {
            return None;
        }
        // The label of each sampled row, and sums[p * k + c]: total distance from sampled row p to the
        // sampled rows of cluster c.
        let label: Vec<usize> = rows.iter().map(|&r| labels[r] as usize).collect();
        let mut sums = vec![0.0; s * k];
        let mut t = 0;
        for p in 0..s {
            let lp = label[p];
            for q in p + 1..s {
                let d = self.upper[t];
                t += 1;
                sums[p * k + label[q]] += d;
                sums[q * k + lp] += d;
            }
        }
        let mut total = 0.0;
        for p in 0..s {
            let own = label[p];
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

    /// Oracle: the silhouette by its definition (Rousseeuw 1987), every distance computed afresh, each
    /// row's sums over the other sampled rows in increasing order.
    fn by_definition(data: &[f64], dims: usize, labels: &[u32], k: usize, rows: &[usize]) -> f64 {
        let s = rows.len();
        let mut size = vec![0usize; k];
        for &r in rows {
            size[labels[r] as usize] += 1;
        }
        let mut total = 0.0;
        for &p in rows {
            let mut sums = vec![0.0; k];
            for &q in rows.iter().filter(|&&q| q != p) {
                sums[labels[q] as usize] += sq_dist(&data[p * dims..p * dims + dims], &data[q * dims..q * dims + dims]).sqrt();
            }
            let own = labels[p] as usize;
            if size[own] <= 1 {
                continue;
            }
            let a = sums[own] / (size[own] - 1) as f64;
            let b = (0..k).filter(|&c| c != own && size[c] > 0).map(|c| sums[c] / size[c] as f64).fold(f64::INFINITY, f64::min);
            if a.max(b) > 0.0 {
                total += (b - a) / a.max(b);
            }
        }
        total / s as f64
    }

    #[test]
    fn distances_computed_once_score_every_k_as_the_definition_does() {
        // One sample's distances serve the labellings of k = 2..6: each score equals the definition's,
        // bit for bit, sampled (300 of 700 rows) and exact (sample 0).
        let mut rng = Rng::new(11);
        let (n, dims) = (700, 3);
        let data: Vec<f64> = (0..n * dims).map(|_| rng.below(1000) as f64 / 7.0).collect();
        for sample in [300, 0] {
            let d = Distances::new(&data, dims, n, sample, 5);
            let rows = if sample == 0 { (0..n).collect() } else { sample_rows(n, sample, 5) };
            for k in 2..=6 {
                let labels: Vec<u32> = (0..n).map(|_| rng.below(k as u64) as u32).collect();
                let want = by_definition(&data, dims, &labels, k, &rows);
                assert_eq!(d.score(&labels, k).map(f64::to_bits), Some(want.to_bits()), "k {k}, sample {sample}");
                assert_eq!(silhouette_with_sample(&data, dims, &labels, k, sample, 5).map(f64::to_bits), Some(want.to_bits()));
            }
            // A label outside 0..k anywhere (sampled or not) leaves the silhouette undefined.
            let mut labels: Vec<u32> = (0..n).map(|i| (i % 2) as u32).collect();
            labels[n - 1] = 7;
            assert_eq!(d.score(&labels, 2), None);
        }
    }

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
