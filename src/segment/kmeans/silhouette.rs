//! Phase 3: the silhouette, how well separated the clusters are (−1..1), exact up to
//! [`SILHOUETTE_SAMPLE`] rows and on a seeded sample above.

use super::SILHOUETTE_SAMPLE;
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
/// definition's numbers up to rounding (each row's sums are added in four interleaved partial sums, and
/// the largest cluster's is the row's total minus the others').
pub(super) struct Distances {
    /// Rows the labels cover (all of them are checked, sampled or not).
    n: usize,
    /// The sampled rows, increasing.
    rows: Vec<usize>,
    /// Distances between the sampled rows, `s × s` row-major (symmetric, 0 on the diagonal): each row is
    /// read whole, one cluster's members after the other, without a scattered write.
    full: Vec<f64>,
    /// Each sampled row's total distance to all the others: the largest cluster's sum is this total
    /// minus the other clusters' sums, so its members are never read.
    row_sums: Vec<f64>,
}

impl Distances {
    /// The sample of `sample` rows of the first `n` rows of `data` (all of them when `sample` is 0 or
    /// at least `n`), and their distances: `s²` numbers for `s` sampled rows.
    pub(super) fn new(data: &[f64], dims: usize, n: usize, sample: usize, seed: u64) -> Distances {
        let rows: Vec<usize> = if sample == 0 || n <= sample { (0..n).collect() } else { sample_rows(n, sample, seed) };
        Distances::of_rows(data, dims, n, rows)
    }

    /// The distances between the given rows (increasing, below `n`) of `data`.
    pub(super) fn of_rows(data: &[f64], dims: usize, n: usize, rows: Vec<usize>) -> Distances {
        let s = rows.len();
        let mut full = vec![0.0; s * s];
        let columns: Vec<Vec<f64>> = (0..dims).map(|j| rows.iter().map(|&r| data[r * dims + j]).collect()).collect();
        if let Some((first, rest)) = columns.split_first() {
            // The upper triangle row by row, one coordinate at a time over the sampled rows' columns (loops
            // the compiler vectorises; each square added in the order of `sq_dist`, so the same numbers),
            // then mirrored tile by tile (a column written whole would touch one cache line per row).
            // The first coordinate is written, not added to the zeros (the same numbers, 0 + t² = t²): the
            // matrix's fresh pages are then written before they are read, and a page read first (mapped to
            // the zero page) costs a second fault whose copy makes every core flush its address cache.
            for p in 0..s {
                let out = &mut full[p * s + p + 1..p * s + s];
                let x = first[p];
                for (o, &y) in out.iter_mut().zip(&first[p + 1..]) {
                    let t = x - y;
                    *o = t * t;
                }
                for col in rest {
                    let x = col[p];
                    for (o, &y) in out.iter_mut().zip(&col[p + 1..]) {
                        let t = x - y;
                        *o += t * t;
                    }
                }
                for o in out.iter_mut() {
                    *o = o.sqrt();
                }
            }
            const TILE: usize = 32;
            for i0 in (0..s).step_by(TILE) {
                for j0 in (0..=i0).step_by(TILE) {
                    for i in i0..(i0 + TILE).min(s) {
                        for j in j0..(j0 + TILE).min(i) {
                            full[i * s + j] = full[j * s + i];
                        }
                    }
                }
            }
        }
        let row_sums = full.chunks_exact(s.max(1)).map(sum_at_all).collect();
        Distances { n, rows, full, row_sums }
    }

    /// Mean silhouette of `labels` (over all rows, `k` clusters) on the sample; see [`silhouette`].
    pub(super) fn score(&self, labels: &[u32], k: usize) -> Option<f64> {
        if labels.len() < self.n || labels[..self.n].iter().any(|&l| l as usize >= k) {
            return None;
        }
        let label: Vec<u32> = self.rows.iter().map(|&r| labels[r]).collect();
        self.score_sample(&label, k)
    }

    /// Mean silhouette of the sampled rows labelled `label` (one label per sampled row, in the sample's
    /// order); `None` when a label is not below `k`, or fewer than two rows or two clusters.
    pub(super) fn score_sample(&self, label: &[u32], k: usize) -> Option<f64> {
        let s = self.rows.len();
        if label.len() != s || label.iter().any(|&l| l as usize >= k) || s < 2 {
            return None;
        }
        // Each cluster's members, increasing, one cluster after the other (a counting sort).
        let mut start = vec![0usize; k + 1];
        for &l in label {
            start[l as usize + 1] += 1;
        }
        if start.iter().filter(|&&c| c > 0).count() < 2 {
            return None;
        }
        for c in 0..k {
            start[c + 1] += start[c];
        }
        let mut order = vec![0u32; s];
        let mut next = start.clone();
        for (q, &l) in label.iter().enumerate() {
            order[next[l as usize]] = q as u32;
            next[l as usize] += 1;
        }
        let size = |c: usize| start[c + 1] - start[c];
        let largest = (0..k).fold(0, |m, c| if size(c) > size(m) { c } else { m });
        let mut sums = vec![0.0; k];
        let mut total = 0.0;
        for (p, &own) in label.iter().enumerate() {
            let own = own as usize;
            if size(own) <= 1 {
                continue;
            }
            // Total distance from p to each cluster's sampled rows (p's own 0 included, which adds nothing).
            let row = &self.full[p * s..p * s + s];
            let mut others = 0.0;
            for (c, sum) in sums.iter_mut().enumerate() {
                if c != largest {
                    *sum = sum_at(row, &order[start[c]..start[c + 1]]);
                    others += *sum;
                }
            }
            sums[largest] = (self.row_sums[p] - others).max(0.0);
            let a = sums[own] / (size(own) - 1) as f64;
            let b = (0..k).filter(|&c| c != own && size(c) > 0).map(|c| sums[c] / size(c) as f64).fold(f64::INFINITY, f64::min);
            let m = a.max(b);
            if m > 0.0 {
                total += (b - a) / m;
            }
        }
        Some(total / s as f64)
    }
}

/// `Σ row`, in four interleaved partial sums.
fn sum_at_all(row: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let mut chunks = row.chunks_exact(4);
    for c in &mut chunks {
        for (a, x) in acc.iter_mut().zip(c) {
            *a += x;
        }
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + chunks.remainder().iter().sum::<f64>()
}

/// `Σ row[i]` over `idx`, in four interleaved partial sums (independent additions, not one chain).
#[inline]
fn sum_at(row: &[f64], idx: &[u32]) -> f64 {
    let mut acc = [0.0f64; 4];
    let mut chunks = idx.chunks_exact(4);
    for c in &mut chunks {
        acc[0] += row[c[0] as usize];
        acc[1] += row[c[1] as usize];
        acc[2] += row[c[2] as usize];
        acc[3] += row[c[3] as usize];
    }
    let mut rest = 0.0;
    for &i in chunks.remainder() {
        rest += row[i as usize];
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + rest
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
    use super::super::algorithm::sq_dist;
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
        // One sample's distances serve the labellings of k = 2..6: each score equals the definition's up
        // to rounding (the sums are added in another order), sampled (300 of 700 rows) and exact (sample 0).
        let mut rng = Rng::new(11);
        let (n, dims) = (700, 3);
        let data: Vec<f64> = (0..n * dims).map(|_| rng.below(1000) as f64 / 7.0).collect();
        for sample in [300, 0] {
            let d = Distances::new(&data, dims, n, sample, 5);
            let rows = if sample == 0 { (0..n).collect() } else { sample_rows(n, sample, 5) };
            for k in 2..=6 {
                let labels: Vec<u32> = (0..n).map(|_| rng.below(k as u64) as u32).collect();
                let want = by_definition(&data, dims, &labels, k, &rows);
                let close = |got: Option<f64>| got.is_some_and(|g| (g - want).abs() <= 1e-12);
                assert!(close(d.score(&labels, k)), "k {k}, sample {sample}: {:?} against {want}", d.score(&labels, k));
                assert!(close(silhouette_with_sample(&data, dims, &labels, k, sample, 5)));
                // The same labels given per sampled row score the same.
                let per_row: Vec<u32> = rows.iter().map(|&r| labels[r]).collect();
                assert_eq!(d.score_sample(&per_row, k), d.score(&labels, k));
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
