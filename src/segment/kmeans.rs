//! Clustering of customers: k-means with k-means++ seeding, the silhouette, and the choice of k.
//!
//! Phases, in the order a caller meets them:
//! 1. [`prepare`]: the feature columns (e.g. recency, frequency, monetary value, log-scaled, plus any
//!    numeric column) become one row-major matrix of z-scores. Missing values (NaN, ±∞) are imputed by
//!    the column mean of the finite values and counted; a column without variance becomes all 0 and is
//!    reported, so it cannot dominate or divide by zero.
//! 2. [`fit`]: k-means (Lloyd's iterations, accelerated by Hamerly's bounds, until no label changes,
//!    the centres stop moving or `max_iter`, then Hartigan's single moves) from k-means++ seeds, several
//!    restarts, the lowest inertia kept.
//! 3. [`silhouette`]: how well separated the clusters are, in −1..1.
//! 4. [`choose_k`]: k-means for each k of a range, the curve of silhouette and inertia, and the best k by
//!    silhouette; [`cluster`] does all of the above and names each cluster in plain words ([`describe`]).
//!
//! Determinism: all randomness comes from [`crate::synth::Rng`] seeded by the parameters; ties between
//! equally near centres go to the lowest centre index, ties between restarts to the earliest restart.
//! The same matrix and parameters always give the same labels.
//!
//! ```
//! use clientela::segment::kmeans::{KMeansParams, fit};
//! // Two obvious groups on a line.
//! let data = [0.0, 0.1, 0.2, 10.0, 10.1, 10.2];
//! let r = fit(&data, 1, &KMeansParams::new(2).seed(7)).unwrap();
//! assert_eq!(r.sizes, vec![3, 3]);
//! assert_ne!(r.labels[0], r.labels[3]);
//! ```

use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;

use crate::synth::Rng;

/// Largest number of points on which the silhouette is computed exactly; above it, a seeded uniform
/// sample of this many points (without replacement) is used. The silhouette costs O(s²·d), so this
/// bounds it at about two million distances whatever the number of customers.
pub const SILHOUETTE_SAMPLE: usize = 2000;

/// Above this many rows, each start of [`fit`] first runs on a seeded uniform sample of this many rows
/// (k-means++ seeds and Lloyd iterations), and the full run starts from the sample's centres.
pub const WARM_START_ROWS: usize = 50_000;

/// Hartigan's passes (see [`fit`]) run up to this many rows; above, Lloyd's result is kept as it is,
/// because a pass costs a full scan of `k` distances per row, which the bounds of Lloyd's steps avoid.
pub const HARTIGAN_MAX_ROWS: usize = 200_000;

/// A centre coordinate above this z-score reads "high" in [`describe`], below its negative "low".
pub const DESCRIBE_THRESHOLD: f64 = 0.5;

/// Why k-means cannot run. Each message says what would work.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum KMeansError {
    /// k is 0.
    #[error("the number of clusters cannot be 0: choose k of at least 1 (2 to 10 is usual)")]
    ZeroClusters,
    /// The matrix has no columns, or its length is not a multiple of the columns.
    #[error("the matrix of {len} values cannot have {dims} columns: give at least one feature and whole rows")]
    BadShape {
        /// Values given.
        len: usize,
        /// Columns claimed.
        dims: usize,
    },
    /// Fewer points than clusters.
    #[error("{k} clusters need at least {k} customers, and there are {n}: choose k ≤ {n}")]
    TooFewPoints {
        /// Points.
        n: usize,
        /// Clusters asked for.
        k: usize,
    },
    /// Fewer distinct points than clusters (e.g. every customer has the same values).
    #[error("{k} clusters need {k} different customers, and there are only {distinct} distinct rows: choose k ≤ {distinct}")]
    TooFewDistinct {
        /// Distinct rows.
        distinct: usize,
        /// Clusters asked for.
        k: usize,
    },
    /// A value is NaN or infinite (use [`prepare`], which imputes them).
    #[error("row {row}, column {column} is not a finite number: impute or drop it first (prepare does)")]
    NotFinite {
        /// Row (0-based).
        row: usize,
        /// Column (0-based).
        column: usize,
    },
    /// A parameter is out of range.
    #[error("{name} = {value}: {message}")]
    BadParameter {
        /// The parameter.
        name: &'static str,
        /// The value given.
        value: String,
        /// What would work.
        message: &'static str,
    },
}

// ---------------------------------------------------------------------------------------------------
// 1. Preparing the matrix
// ---------------------------------------------------------------------------------------------------

/// `sign(x) · ln(1 + |x|)`: `log1p` for the usual non-negative amounts and counts, extended
/// symmetrically so that negative values (net returns) stay finite and ordered.
pub fn signed_log1p(x: f64) -> f64 {
    if x < 0.0 { -(-x).ln_1p() } else { x.ln_1p() }
}

/// The inverse of [`signed_log1p`].
pub fn signed_expm1(y: f64) -> f64 {
    if y < 0.0 { -(-y).exp_m1() } else { y.exp_m1() }
}

/// One input column of [`prepare`].
#[derive(Debug, Clone, Copy)]
pub struct FeatureColumn<'a> {
    /// Name, used by [`describe`] (`recency`, `frequency`, `monetary` get their own words).
    pub name: &'a str,
    /// One value per customer; NaN or ±∞ mean missing.
    pub values: &'a [f64],
    /// Apply [`signed_log1p`] before standardising (advisable for counts and amounts).
    pub log: bool,
}

/// How one column was scaled, to undo it and to report it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnScaling {
    /// The column name.
    pub name: String,
    /// Whether [`signed_log1p`] was applied first.
    pub log: bool,
    /// Mean of the (logged) finite values.
    pub mean: f64,
    /// Population standard deviation of the (logged) finite values; 0 for a constant column.
    pub sd: f64,
    /// The column has no variance (or no finite value): all its z-scores are 0.
    pub zero_variance: bool,
    /// Values that were missing and were replaced by the mean.
    pub imputed: u64,
}

/// The standardised matrix and how it was made.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Features {
    /// Row-major z-scores, `rows × dims`.
    #[serde(skip)]
    pub data: Vec<f64>,
    /// Number of columns.
    pub dims: usize,
    /// Number of rows.
    pub rows: usize,
    /// Per column scaling.
    pub columns: Vec<ColumnScaling>,
    /// Rows that had at least one missing value.
    pub rows_imputed: u64,
}

impl Features {
    /// A point in z-scores back in the columns' own units (inverse z-score, then inverse log).
    pub fn to_original(&self, z: &[f64]) -> Vec<f64> {
        self.columns
            .iter()
            .zip(z)
            .map(|(c, &z)| {
                let x = c.mean + z * c.sd;
                if c.log { signed_expm1(x) } else { x }
            })
            .collect()
    }
}

/// Builds the z-score matrix from columns of equal length (see the module doc for the rules).
pub fn prepare(columns: &[FeatureColumn]) -> Result<Features, KMeansError> {
    let dims = columns.len();
    let rows = columns.first().map_or(0, |c| c.values.len());
    if dims == 0 {
        return Err(KMeansError::BadShape { len: 0, dims: 0 });
    }
    if let Some(c) = columns.iter().find(|c| c.values.len() != rows) {
        return Err(KMeansError::BadParameter {
            name: "columns",
            value: format!("{} has {} values, {} has {}", columns[0].name, rows, c.name, c.values.len()),
            message: "every feature column needs one value per customer",
        });
    }
    let mut data = vec![0.0; rows * dims];
    let mut missing_row = vec![false; rows];
    let mut scaling = Vec::with_capacity(dims);
    for (j, col) in columns.iter().enumerate() {
        let t = |x: f64| if col.log { signed_log1p(x) } else { x };
        let (mut n, mut sum) = (0u64, 0.0);
        for &x in col.values {
            let x = t(x);
            if x.is_finite() {
                n += 1;
                sum += x;
            }
        }
        let mean = if n > 0 { sum / n as f64 } else { 0.0 };
        let mut ss = 0.0;
        for &x in col.values {
            let x = t(x);
            if x.is_finite() {
                ss += (x - mean) * (x - mean);
            }
        }
        let sd = if n > 0 { (ss / n as f64).sqrt() } else { 0.0 };
        // A spread this small relative to the mean is rounding noise, not variance.
        // Written as a negation so that a NaN spread also counts as no variance.
        let zero_variance = !(sd > 1e-12 * mean.abs().max(1.0)) || !sd.is_finite();
        let mut imputed = 0u64;
        for (i, &x) in col.values.iter().enumerate() {
            let x = t(x);
            let z = if !x.is_finite() {
                imputed += 1;
                missing_row[i] = true;
                0.0
            } else if zero_variance {
                0.0
            } else {
                (x - mean) / sd
            };
            data[i * dims + j] = z;
        }
        scaling.push(ColumnScaling {
            name: col.name.to_string(),
            log: col.log,
            mean,
            sd: if zero_variance { 0.0 } else { sd },
            zero_variance,
            imputed,
        });
    }
    let rows_imputed = missing_row.iter().filter(|&&m| m).count() as u64;
    Ok(Features { data, dims, rows, columns: scaling, rows_imputed })
}

// ---------------------------------------------------------------------------------------------------
// 2. k-means
// ---------------------------------------------------------------------------------------------------

/// Parameters of [`fit`], validated there: `KMeansParams::new(4).seed(7).restarts(10)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KMeansParams {
    /// Number of clusters.
    pub k: usize,
    /// Independent k-means++ starts; the lowest inertia wins (default 5).
    pub restarts: usize,
    /// Upper bound on Lloyd iterations per start (default 300).
    pub max_iter: usize,
    /// A start also stops when the centres' squared moves in one iteration add up to at most this
    /// fraction of the mean column variance (scikit-learn's rule; default 1e-4). With 0 it stops only when
    /// no label changes (or at `max_iter`).
    pub tolerance: f64,
    /// Upper bound on Hartigan's passes after Lloyd (default 20; 0 skips them). See [`fit`].
    pub hartigan_passes: usize,
    /// Random seed (default 0).
    pub seed: u64,
}

impl KMeansParams {
    /// Defaults for `k` clusters.
    pub fn new(k: usize) -> KMeansParams {
        KMeansParams { k, restarts: 5, max_iter: 300, tolerance: 1e-4, hartigan_passes: 20, seed: 0 }
    }
    /// Sets the tolerance.
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }
    /// Sets the bound on Hartigan's passes.
    pub fn hartigan_passes(mut self, passes: usize) -> Self {
        self.hartigan_passes = passes;
        self
    }
    /// Sets the number of restarts.
    pub fn restarts(mut self, restarts: usize) -> Self {
        self.restarts = restarts;
        self
    }
    /// Sets the iteration bound.
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }
    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
}

/// The outcome of [`fit`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KMeansResult {
    /// Number of clusters.
    pub k: usize,
    /// Cluster of each row, `0..k`.
    #[serde(skip)]
    pub labels: Vec<u32>,
    /// Centres, `k` rows of `dims` values (the means of their clusters, in the matrix's units).
    pub centres: Vec<Vec<f64>>,
    /// Rows per cluster.
    pub sizes: Vec<u64>,
    /// Sum of squared distances of rows to their centres.
    pub inertia: f64,
    /// Lloyd iterations of the kept start.
    pub iterations: usize,
    /// Whether the kept start stopped because no label changed or the centres moved less than the
    /// tolerance (rather than at `max_iter`).
    pub converged: bool,
    /// Which start was kept (0-based).
    pub restart: usize,
    /// Inertia after each assignment step of the kept start (never increasing).
    pub history: Vec<f64>,
}

fn check_shape(data: &[f64], dims: usize) -> Result<usize, KMeansError> {
    if dims == 0 || !data.len().is_multiple_of(dims) {
        return Err(KMeansError::BadShape { len: data.len(), dims });
    }
    if let Some(p) = data.iter().position(|x| !x.is_finite()) {
        return Err(KMeansError::NotFinite { row: p / dims, column: p % dims });
    }
    Ok(data.len() / dims)
}

/// k-means on a row-major matrix of `dims` columns; see [`KMeansParams`].
///
/// Each start seeds by k-means++ (first centre uniform, each next one drawn with probability
/// proportional to the squared distance to the nearest chosen centre), then alternates assignment (to
/// the nearest centre, ties to the lowest index) and update (centres to their clusters' means) until no
/// label changes or `max_iter` updates. A cluster left empty takes the row farthest from its own centre
/// (lowest index among equals, from a cluster of two or more rows), which keeps every cluster
/// non-empty and the inertia non-increasing. A start stops when no label changes, when the centres
/// move less than the tolerance, or after `max_iter` updates. Lloyd's fixed point is then polished by
/// Hartigan's single moves (usually none or a handful), so that no single row can change cluster to
/// lower the inertia (up to [`HARTIGAN_MAX_ROWS`] rows). Above [`WARM_START_ROWS`] rows, each start
/// is first run on a sample (see there).
pub fn fit(data: &[f64], dims: usize, params: &KMeansParams) -> Result<KMeansResult, KMeansError> {
    let n = check_shape(data, dims)?;
    let k = params.k;
    if k == 0 {
        return Err(KMeansError::ZeroClusters);
    }
    if !(params.tolerance >= 0.0 && params.tolerance.is_finite()) {
        return Err(KMeansError::BadParameter {
            name: "tolerance",
            value: params.tolerance.to_string(),
            message: "expected a small non-negative number such as 1e-4 (0 runs until no label changes)",
        });
    }
    if params.restarts == 0 {
        return Err(KMeansError::BadParameter {
            name: "restarts",
            value: "0".into(),
            message: "at least one start is needed (5 is the default)",
        });
    }
    if n < k {
        return Err(KMeansError::TooFewPoints { n, k });
    }
    if k > u32::MAX as usize {
        return Err(KMeansError::BadParameter { name: "k", value: k.to_string(), message: "k must fit in 32 bits" });
    }
    let mut rng = Rng::new(params.seed);
    let mut work = Work::new(n, k, dims);
    let mut best: Option<KMeansResult> = None;
    // Large inputs: each start is first run on a seeded sample, whose centres then start the full run,
    // which converges in a few iterations instead of a hundred.
    let sample: Option<Vec<f64>> = (n > WARM_START_ROWS).then(|| {
        let rows = sample_rows(n, WARM_START_ROWS, params.seed);
        rows.iter().flat_map(|&i| data[i * dims..i * dims + dims].iter().copied()).collect()
    });
    let mut sample_work = sample.as_ref().map(|s| Work::new(s.len() / dims, k, dims));
    let sample_params = KMeansParams { hartigan_passes: 0, ..params.clone() };
    for restart in 0..params.restarts {
        let mut start_rng = Rng::new(rng.next_u64());
        let mut warm = false;
        if let (Some(s), Some(sw)) = (&sample, &mut sample_work) {
            if seed_plus_plus(s, dims, k, &mut start_rng.clone(), sw).is_ok() {
                lloyd(s, dims, k, &sample_params, sw, restart);
                work.centres.copy_from_slice(&sw.centres);
                warm = true;
            }
        }
        if !warm {
            seed_plus_plus(data, dims, k, &mut start_rng, &mut work)?;
        }
        let r = lloyd(data, dims, k, params, &mut work, restart);
        if best.as_ref().is_none_or(|b| r.inertia < b.inertia) {
            best = Some(r);
        }
    }
    // `restarts >= 1` was checked above, so `best` is set; the fallback only keeps the core panic-free.
    best.ok_or(KMeansError::ZeroClusters)
}

/// Buffers reused across starts and iterations (no allocation inside the loop).
struct Work {
    centres: Vec<f64>,
    sums: Vec<f64>,
    counts: Vec<u64>,
    labels: Vec<u32>,
    dist: Vec<f64>,
    upper: Vec<f64>,
    lower: Vec<f64>,
    old: Vec<f64>,
    shift: Vec<f64>,
    half_gap: Vec<f64>,
}

impl Work {
    fn new(n: usize, k: usize, dims: usize) -> Work {
        Work {
            centres: vec![0.0; k * dims],
            sums: vec![0.0; k * dims],
            counts: vec![0; k],
            labels: vec![u32::MAX; n],
            dist: vec![0.0; n],
            upper: vec![0.0; n],
            lower: vec![0.0; n],
            old: vec![0.0; k * dims],
            shift: vec![0.0; k],
            half_gap: vec![0.0; k],
        }
    }
}

#[inline(always)]
fn sq_dist(a: &[f64], b: &[f64]) -> f64 {
    let mut s = 0.0;
    for (x, y) in a.iter().zip(b) {
        let t = x - y;
        s += t * t;
    }
    s
}

/// k-means++ seeds into `work.centres`; `work.dist` ends as each row's squared distance to its nearest
/// seed. Fails when fewer than `k` distinct rows exist: then every row sits on a chosen seed.
fn seed_plus_plus(data: &[f64], dims: usize, k: usize, rng: &mut Rng, work: &mut Work) -> Result<(), KMeansError> {
    let n = data.len() / dims;
    let first = rng.below(n as u64) as usize;
    work.centres[..dims].copy_from_slice(&data[first * dims..first * dims + dims]);
    let mut total = 0.0;
    for (d, row) in work.dist.iter_mut().zip(data.chunks_exact(dims)) {
        *d = sq_dist(row, &data[first * dims..first * dims + dims]);
        total += *d;
    }
    for c in 1..k {
        if !(total > 0.0) {
            return Err(KMeansError::TooFewDistinct { distinct: c, k });
        }
        let r = rng.f64() * total;
        let mut cum = 0.0;
        let mut pick = None;
        let mut last_positive = 0;
        for (i, &d) in work.dist.iter().enumerate() {
            if d > 0.0 {
                last_positive = i;
                cum += d;
                if cum > r {
                    pick = Some(i);
                    break;
                }
            }
        }
        // Rounding can leave `cum` just short of `r`: then the last row with weight is the draw.
        let pick = pick.unwrap_or(last_positive);
        let (head, tail) = work.centres.split_at_mut(c * dims);
        let _ = head;
        tail[..dims].copy_from_slice(&data[pick * dims..pick * dims + dims]);
        let centre = &tail[..dims];
        total = 0.0;
        for (d, row) in work.dist.iter_mut().zip(data.chunks_exact(dims)) {
            let e = sq_dist(row, centre);
            if e < *d {
                *d = e;
            }
            total += *d;
        }
    }
    Ok(())
}

/// Squared distance with the width fixed at compile time when `D > 0` (the compiler then unrolls it),
/// else `dims` wide.
#[inline(always)]
fn dist2<const D: usize>(a: &[f64], b: &[f64], dims: usize) -> f64 {
    let w = if D > 0 { D } else { dims };
    let (a, b) = (&a[..w], &b[..w]);
    let mut s = 0.0;
    for j in 0..w {
        let t = a[j] - b[j];
        s += t * t;
    }
    s
}

/// Full assignment step: nearest centre for each row (ties to the lowest index), and the Hamerly
/// bounds (distance to the nearest and second nearest centre). Returns (labels changed, inertia).
fn assign_full<const D: usize>(data: &[f64], dims: usize, k: usize, work: &mut Work) -> (bool, f64) {
    let centres = &work.centres[..k * dims];
    let mut changed = false;
    let mut inertia = 0.0;
    for (i, row) in data.chunks_exact(dims).enumerate() {
        let mut best = 0u32;
        let mut best_d = f64::INFINITY;
        let mut second = f64::INFINITY;
        for (c, centre) in centres.chunks_exact(dims).enumerate() {
            let s = dist2::<D>(row, centre, dims);
            if s < best_d {
                second = best_d;
                best_d = s;
                best = c as u32;
            } else if s < second {
                second = s;
            }
        }
        changed |= work.labels[i] != best;
        work.labels[i] = best;
        work.dist[i] = best_d;
        work.upper[i] = best_d.sqrt();
        work.lower[i] = second.sqrt();
        inertia += best_d;
    }
    (changed, inertia)
}

/// Assignment step with Hamerly's bounds (Hamerly 2010): a row whose distance to its own centre is
/// below both half the gap from that centre to the nearest other one and the lower bound on its
/// distance to every other centre cannot change cluster, and costs one distance instead of `k`.
/// (The upper bound is not kept between iterations: the own distance is computed anyway.)
/// The result is exactly the full step's (a row is only skipped when its centre is strictly nearest).
fn assign_bounded<const D: usize>(data: &[f64], dims: usize, k: usize, work: &mut Work) -> (bool, f64) {
    let centres = &work.centres[..k * dims];
    let mut changed = false;
    let mut inertia = 0.0;
    for (i, row) in data.chunks_exact(dims).enumerate() {
        let a = work.labels[i] as usize;
        let bound = work.half_gap[a].max(work.lower[i]);
        // The distance to the own centre is always computed (one distance, cheap next to `k`) so that
        // the inertia of every iteration is exact; Hamerly's test then tells whether the others matter.
        let own = dist2::<D>(row, &centres[a * dims..a * dims + dims], dims);
        work.upper[i] = own.sqrt();
        if work.upper[i] < bound {
            work.dist[i] = own;
            inertia += own;
            continue;
        }
        let mut best = 0u32;
        let mut best_d = f64::INFINITY;
        let mut second = f64::INFINITY;
        for (c, centre) in centres.chunks_exact(dims).enumerate() {
            let s = if c == a { own } else { dist2::<D>(row, centre, dims) };
            if s < best_d {
                second = best_d;
                best_d = s;
                best = c as u32;
            } else if s < second {
                second = s;
            }
        }
        changed |= a as u32 != best;
        work.labels[i] = best;
        work.dist[i] = best_d;
        work.upper[i] = best_d.sqrt();
        work.lower[i] = second.sqrt();
        inertia += best_d;
    }
    (changed, inertia)
}

/// Update step: centres to the means of their clusters; empty clusters take the farthest row. Then the
/// bounds follow the centres' moves, and the half gaps are recomputed. Returns the sum of the squared
/// moves of the centres.
fn update(data: &[f64], dims: usize, k: usize, work: &mut Work) -> f64 {
    work.old.copy_from_slice(&work.centres);
    recompute_sums(data, dims, work);
    for c in 0..k {
        if work.counts[c] > 0 {
            continue;
        }
        // The row farthest from its centre, among clusters that can spare one.
        let mut far: Option<(usize, f64)> = None;
        for (i, (&d, &l)) in work.dist.iter().zip(&work.labels).enumerate() {
            if work.counts[l as usize] > 1 && far.is_none_or(|(_, fd)| d > fd) {
                far = Some((i, d));
            }
        }
        let Some((i, _)) = far else { break };
        let from = work.labels[i] as usize;
        let row = &data[i * dims..i * dims + dims];
        for j in 0..dims {
            work.sums[from * dims + j] -= row[j];
            work.sums[c * dims + j] = row[j];
        }
        work.counts[from] -= 1;
        work.counts[c] = 1;
        work.labels[i] = c as u32;
        // Its own centre will be itself; nothing is known about the others.
        work.upper[i] = 0.0;
        work.dist[i] = 0.0;
        work.lower[i] = 0.0;
    }
    centres_from_sums(k, dims, work);
    let mut total = 0.0;
    let (mut max1, mut max2, mut arg1) = (0.0f64, 0.0f64, usize::MAX);
    for c in 0..k {
        let s2 = sq_dist(&work.old[c * dims..c * dims + dims], &work.centres[c * dims..c * dims + dims]);
        total += s2;
        let s = s2.sqrt();
        work.shift[c] = s;
        if s > max1 {
            max2 = max1;
            max1 = s;
            arg1 = c;
        } else if s > max2 {
            max2 = s;
        }
    }
    for (l, &a) in work.lower.iter_mut().zip(&work.labels) {
        *l -= if a as usize == arg1 { max2 } else { max1 };
    }
    for c in 0..k {
        let mut gap = f64::INFINITY;
        for c2 in 0..k {
            if c2 != c {
                gap = gap.min(sq_dist(&work.centres[c * dims..c * dims + dims], &work.centres[c2 * dims..c2 * dims + dims]));
            }
        }
        work.half_gap[c] = 0.5 * gap.sqrt();
    }
    total
}

fn recompute_sums(data: &[f64], dims: usize, work: &mut Work) {
    work.sums.iter_mut().for_each(|s| *s = 0.0);
    work.counts.iter_mut().for_each(|c| *c = 0);
    for (row, &l) in data.chunks_exact(dims).zip(&work.labels) {
        let l = l as usize;
        work.counts[l] += 1;
        for (s, x) in work.sums[l * dims..l * dims + dims].iter_mut().zip(row) {
            *s += x;
        }
    }
}

fn centres_from_sums(k: usize, dims: usize, work: &mut Work) {
    for c in 0..k {
        if work.counts[c] > 0 {
            let inv = 1.0 / work.counts[c] as f64;
            for j in 0..dims {
                work.centres[c * dims + j] = work.sums[c * dims + j] * inv;
            }
        }
    }
}

/// Mean over columns of the population variance (the scale of the tolerance).
fn mean_variance(data: &[f64], dims: usize) -> f64 {
    let n = (data.len() / dims) as f64;
    if n == 0.0 {
        return 0.0;
    }
    let mut total = 0.0;
    for j in 0..dims {
        let mean = data.iter().skip(j).step_by(dims).sum::<f64>() / n;
        total += data.iter().skip(j).step_by(dims).map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
    }
    total / dims as f64
}

/// Sums, counts and centres from the labels, exactly.
fn recompute(data: &[f64], dims: usize, k: usize, work: &mut Work) {
    recompute_sums(data, dims, work);
    centres_from_sums(k, dims, work);
}

/// Hartigan's single-row moves (Hartigan & Wong 1979, without their "live set" bookkeeping).
///
/// Moving row x from cluster A (nA rows, mean μA) to B (nB rows, mean μB) changes the inertia by
/// `nB/(nB+1)·|x−μB|² − nA/(nA−1)·|x−μA|²`; each row takes the most negative change, if any, and both
/// means follow at once. Passes repeat until none moves (at most `max_passes`). A change must beat
/// 1e-12 of the row's cost, so rounding cannot make rows oscillate. Returns whether a row moved.
fn hartigan(data: &[f64], dims: usize, k: usize, max_passes: usize, work: &mut Work) -> bool {
    recompute(data, dims, k, work);
    let mut any = false;
    for _ in 0..max_passes {
        let mut moved = false;
        for (i, x) in data.chunks_exact(dims).enumerate() {
            let a = work.labels[i] as usize;
            let na = work.counts[a];
            if na <= 1 {
                continue;
            }
            let stay = sq_dist(x, &work.centres[a * dims..a * dims + dims]) * na as f64 / (na - 1) as f64;
            let mut best = a;
            let mut best_cost = stay;
            for b in 0..k {
                if b == a {
                    continue;
                }
                let nb = work.counts[b];
                let cost = if nb == 0 {
                    0.0
                } else {
                    sq_dist(x, &work.centres[b * dims..b * dims + dims]) * nb as f64 / (nb + 1) as f64
                };
                if cost < best_cost {
                    best = b;
                    best_cost = cost;
                }
            }
            if best == a || !(stay - best_cost > 1e-12 * stay) {
                continue;
            }
            let nb = work.counts[best];
            for j in 0..dims {
                let ma = work.centres[a * dims + j];
                work.centres[a * dims + j] = ma + (ma - x[j]) / (na - 1) as f64;
                let mb = if nb == 0 { x[j] } else { work.centres[best * dims + j] };
                work.centres[best * dims + j] = mb + (x[j] - mb) / (nb + 1) as f64;
            }
            work.counts[a] -= 1;
            work.counts[best] += 1;
            work.labels[i] = best as u32;
            moved = true;
        }
        if !moved {
            break;
        }
        any = true;
    }
    if any {
        recompute(data, dims, k, work);
    }
    any
}

fn lloyd(data: &[f64], dims: usize, k: usize, p: &KMeansParams, work: &mut Work, restart: usize) -> KMeansResult {
    match dims {
        1 => lloyd_d::<1>(data, dims, k, p, work, restart),
        2 => lloyd_d::<2>(data, dims, k, p, work, restart),
        3 => lloyd_d::<3>(data, dims, k, p, work, restart),
        4 => lloyd_d::<4>(data, dims, k, p, work, restart),
        5 => lloyd_d::<5>(data, dims, k, p, work, restart),
        6 => lloyd_d::<6>(data, dims, k, p, work, restart),
        _ => lloyd_d::<0>(data, dims, k, p, work, restart),
    }
}

/// One start from the seeds in `work.centres`; `D` is the width when fixed (R, F, M and a few more are
/// the usual shapes, and a fixed width lets the compiler unroll the distance), 0 otherwise.
fn lloyd_d<const D: usize>(
    data: &[f64],
    dims: usize,
    k: usize,
    p: &KMeansParams,
    work: &mut Work,
    restart: usize,
) -> KMeansResult {
    work.labels.iter_mut().for_each(|l| *l = u32::MAX);
    let tol = p.tolerance * mean_variance(data, dims);
    let mut history = Vec::new();
    let mut iterations = 0;
    let mut converged = false;
    let (mut changed, mut inertia) = assign_full::<D>(data, dims, k, work);
    history.push(inertia);
    loop {
        if !changed {
            converged = true;
            break;
        }
        if iterations == p.max_iter {
            break;
        }
        let moved = update(data, dims, k, work);
        iterations += 1;
        (changed, inertia) = assign_bounded::<D>(data, dims, k, work);
        history.push(inertia);
        if moved <= tol {
            converged = true;
            break;
        }
    }
    // Lloyd stops where every row is nearest its own mean; single moves can still pay, because moving a
    // row also moves both means. Hartigan's pass takes those moves, so the result is a local optimum in
    // the stronger sense (no single row's move lowers the inertia).
    let passes = if data.len() / dims <= HARTIGAN_MAX_ROWS { p.hartigan_passes } else { 0 };
    hartigan(data, dims, k, passes, work);
    let exact: f64 = data
        .chunks_exact(dims)
        .zip(&work.labels)
        .map(|(row, &l)| {
            let l = l as usize;
            dist2::<D>(row, &work.centres[l * dims..l * dims + dims], dims)
        })
        .sum();
    if exact != inertia {
        inertia = exact;
        history.push(inertia);
    }
    let mut sizes = vec![0u64; k];
    for &l in &work.labels {
        sizes[l as usize] += 1;
    }
    KMeansResult {
        k,
        labels: work.labels.clone(),
        centres: work.centres.chunks_exact(dims).map(|c| c.to_vec()).collect(),
        sizes,
        inertia,
        iterations,
        converged,
        restart,
        history,
    }
}

/// Sum of squared distances of rows to the centres of their labels (for checks and comparisons).
pub fn inertia(data: &[f64], dims: usize, labels: &[u32], centres: &[Vec<f64>]) -> f64 {
    if dims == 0 {
        return 0.0;
    }
    data.chunks_exact(dims)
        .zip(labels)
        .map(|(row, &l)| centres.get(l as usize).map_or(f64::NAN, |c| sq_dist(row, c)))
        .sum()
}

// ---------------------------------------------------------------------------------------------------
// 3. Silhouette
// ---------------------------------------------------------------------------------------------------

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
pub fn silhouette_with_sample(
    data: &[f64],
    dims: usize,
    labels: &[u32],
    k: usize,
    sample: usize,
    seed: u64,
) -> Option<f64> {
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
        let b = (0..k)
            .filter(|&c| c != own && size[c] > 0)
            .map(|c| sums[p * k + c] / size[c] as f64)
            .fold(f64::INFINITY, f64::min);
        let m = a.max(b);
        if m > 0.0 {
            total += (b - a) / m;
        }
    }
    Some(total / s as f64)
}

/// `m` distinct rows of `0..n` drawn uniformly (partial Fisher–Yates), in increasing order.
fn sample_rows(n: usize, m: usize, seed: u64) -> Vec<usize> {
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

// ---------------------------------------------------------------------------------------------------
// 4. Choosing k, naming clusters
// ---------------------------------------------------------------------------------------------------

/// Options of [`choose_k`] and [`cluster`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChooseKParams {
    /// Smallest k tried (default 2).
    pub k_min: usize,
    /// Largest k tried (default 10).
    pub k_max: usize,
    /// Starts per k (default 5).
    pub restarts: usize,
    /// Iteration bound per start (default 300).
    pub max_iter: usize,
    /// See [`KMeansParams::tolerance`] (default 1e-4).
    pub tolerance: f64,
    /// See [`KMeansParams::hartigan_passes`] (default 20).
    pub hartigan_passes: usize,
    /// Seed (default 0).
    pub seed: u64,
}

impl Default for ChooseKParams {
    fn default() -> Self {
        let d = KMeansParams::new(2);
        ChooseKParams {
            k_min: 2,
            k_max: 10,
            restarts: d.restarts,
            max_iter: d.max_iter,
            tolerance: d.tolerance,
            hartigan_passes: d.hartigan_passes,
            seed: 0,
        }
    }
}

impl ChooseKParams {
    /// The range of k.
    pub fn ks(&self) -> RangeInclusive<usize> {
        self.k_min..=self.k_max
    }
}

/// One point of the choice curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KPoint {
    /// Number of clusters.
    pub k: usize,
    /// Mean silhouette (`null` if undefined).
    pub silhouette: Option<f64>,
    /// Inertia of the best start.
    pub inertia: f64,
}

/// The outcome of [`choose_k`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KChoice {
    /// One point per k tried, in increasing k; stops early when the rows have fewer distinct values.
    pub curve: Vec<KPoint>,
    /// The k with the highest silhouette (the smaller k among equals).
    pub best_k: usize,
    /// Its clustering.
    pub best: KMeansResult,
}

/// Runs [`fit`] for each k of the range and keeps the k with the best silhouette. The silhouette of
/// every k uses the same sample of rows (see [`silhouette`]), so the curve compares like with like.
/// A k larger than the number of distinct rows ends the curve; if no k can run, the error of the first.
pub fn choose_k(data: &[f64], dims: usize, params: &ChooseKParams) -> Result<KChoice, KMeansError> {
    if params.k_min == 0 || params.k_min > params.k_max {
        return Err(KMeansError::BadParameter {
            name: "k",
            value: format!("{}..={}", params.k_min, params.k_max),
            message: "expected a range of k such as 2..=10 (k_min at least 1, not above k_max)",
        });
    }
    let mut curve = Vec::new();
    let mut best: Option<(Option<f64>, KMeansResult)> = None;
    let mut first_err = None;
    for k in params.ks() {
        let p = KMeansParams {
            k,
            restarts: params.restarts,
            max_iter: params.max_iter,
            tolerance: params.tolerance,
            hartigan_passes: params.hartigan_passes,
            seed: params.seed,
        };
        let r = match fit(data, dims, &p) {
            Ok(r) => r,
            Err(e @ (KMeansError::TooFewDistinct { .. } | KMeansError::TooFewPoints { .. })) => {
                first_err.get_or_insert(e);
                break;
            }
            Err(e) => return Err(e),
        };
        let s = silhouette(data, dims, &r.labels, k, params.seed);
        curve.push(KPoint { k, silhouette: s, inertia: r.inertia });
        let better = match &best {
            None => true,
            Some((bs, _)) => match (s, bs) {
                (Some(s), Some(bs)) => s > *bs,
                (Some(_), None) => true,
                _ => false,
            },
        };
        if better {
            best = Some((s, r));
        }
    }
    match best {
        Some((_, r)) => Ok(KChoice { curve, best_k: r.k, best: r }),
        None => Err(first_err.unwrap_or(KMeansError::ZeroClusters)),
    }
}

/// Where a centre stands on one feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// z > [`DESCRIBE_THRESHOLD`].
    High,
    /// Within ±[`DESCRIBE_THRESHOLD`].
    Average,
    /// z < −[`DESCRIBE_THRESHOLD`].
    Low,
}

/// One feature of a cluster's description.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trait {
    /// The feature.
    pub feature: String,
    /// The centre's z-score.
    pub z: f64,
    /// High, average or low.
    pub level: Level,
    /// The word for it ("recent", "high spend", "average frequency"...).
    pub word: String,
}

/// A cluster in plain words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Description {
    /// Per feature, in column order.
    pub traits: Vec<Trait>,
    /// The non-average words joined by ", " (e.g. "recent, frequent, high spend"), or "average" when
    /// every feature is average.
    pub summary: String,
}

/// Names a centre given in z-scores. Above [`DESCRIBE_THRESHOLD`] is high, below its negative low,
/// else average. Known names get their own words (case-insensitive):
/// `recency` is inverted — a small recency (days since the last purchase) is "recent", a large one
/// "lapsed"; `frequency`: "frequent" / "occasional"; `monetary`, `spend`, `revenue`: "high spend" /
/// "low spend"; `tenure`: "long-standing" / "new". Any other name reads "high NAME" / "low NAME".
pub fn describe(centre_z: &[f64], names: &[&str]) -> Description {
    let mut traits = Vec::new();
    for (&z, &name) in centre_z.iter().zip(names) {
        let level = if z > DESCRIBE_THRESHOLD {
            Level::High
        } else if z < -DESCRIBE_THRESHOLD {
            Level::Low
        } else {
            Level::Average
        };
        let lower = name.to_ascii_lowercase();
        let (high, low, avg): (String, String, String) = match lower.as_str() {
            "recency" => ("lapsed".into(), "recent".into(), "average recency".into()),
            "frequency" => ("frequent".into(), "occasional".into(), "average frequency".into()),
            "monetary" | "spend" | "revenue" => ("high spend".into(), "low spend".into(), "average spend".into()),
            "tenure" => ("long-standing".into(), "new".into(), "average tenure".into()),
            _ => (format!("high {name}"), format!("low {name}"), format!("average {name}")),
        };
        let word = match level {
            Level::High => high,
            Level::Low => low,
            Level::Average => avg,
        };
        traits.push(Trait { feature: name.to_string(), z, level, word });
    }
    let words: Vec<&str> = traits.iter().filter(|t| t.level != Level::Average).map(|t| t.word.as_str()).collect();
    let summary = if words.is_empty() { "average".to_string() } else { words.join(", ") };
    Description { traits, summary }
}

/// One cluster of a [`Clustering`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterSummary {
    /// Cluster number (the label).
    pub cluster: u32,
    /// Customers in it.
    pub size: u64,
    /// Share of all customers.
    pub share: f64,
    /// Centre in z-scores.
    pub centre_z: Vec<f64>,
    /// Centre in the features' own units (log and z-score undone).
    pub centre: Vec<f64>,
    /// In words.
    pub description: Description,
}

/// The clustering report: features, the k curve, the chosen k and its clusters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clustering {
    /// The options used.
    pub params: ChooseKParams,
    /// How the features were scaled (zero-variance columns, imputed values).
    pub features: Features,
    /// Silhouette and inertia per k.
    pub curve: Vec<KPoint>,
    /// The chosen k.
    pub best_k: usize,
    /// The chosen k's silhouette.
    pub silhouette: Option<f64>,
    /// The chosen k's inertia (in z-score units).
    pub inertia: f64,
    /// The clusters.
    pub clusters: Vec<ClusterSummary>,
    /// Cluster of each customer (row order of the input columns).
    #[serde(skip)]
    pub labels: Vec<u32>,
}

/// [`prepare`], [`choose_k`] and [`describe`] in one go.
pub fn cluster(columns: &[FeatureColumn], params: &ChooseKParams) -> Result<Clustering, KMeansError> {
    let features = prepare(columns)?;
    let choice = choose_k(&features.data, features.dims, params)?;
    let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
    let n = features.rows.max(1) as f64;
    let clusters = choice
        .best
        .centres
        .iter()
        .enumerate()
        .map(|(c, z)| ClusterSummary {
            cluster: c as u32,
            size: choice.best.sizes[c],
            share: choice.best.sizes[c] as f64 / n,
            centre_z: z.clone(),
            centre: features.to_original(z),
            description: describe(z, &names),
        })
        .collect();
    let silhouette = choice.curve.iter().find(|p| p.k == choice.best_k).and_then(|p| p.silhouette);
    Ok(Clustering {
        params: params.clone(),
        curve: choice.curve,
        best_k: choice.best_k,
        silhouette,
        inertia: choice.best.inertia,
        clusters,
        labels: choice.best.labels,
        features,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_log_round_trips() {
        for x in [-1e6, -3.5, -0.0, 0.0, 0.25, 7.0, 1e9] {
            assert!((signed_expm1(signed_log1p(x)) - x).abs() <= 1e-9 * x.abs().max(1.0), "{x}");
        }
        assert!(signed_log1p(-5.0) < signed_log1p(-4.0));
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

    #[test]
    fn hamerly_steps_agree_with_full_steps() {
        // Same seeds, one run with the bounds (the real one) and one with a full scan every iteration:
        // the labels after every iteration must agree.
        let mut rng = Rng::new(5);
        let data: Vec<f64> = (0..3000).map(|_| rng.normal()).collect();
        let (dims, k) = (3, 7);
        let mut a = Work::new(1000, k, dims);
        seed_plus_plus(&data, dims, k, &mut Rng::new(1), &mut a).unwrap();
        let mut b = Work::new(1000, k, dims);
        b.centres.copy_from_slice(&a.centres);
        assign_full::<3>(&data, dims, k, &mut a);
        assign_full::<3>(&data, dims, k, &mut b);
        for _ in 0..30 {
            update(&data, dims, k, &mut a);
            update(&data, dims, k, &mut b);
            let (_, ia) = assign_bounded::<3>(&data, dims, k, &mut a);
            let (_, ib) = assign_full::<0>(&data, dims, k, &mut b);
            assert_eq!(a.labels, b.labels);
            assert!((ia - ib).abs() < 1e-9 * ib);
        }
    }

    #[test]
    fn warm_start_on_large_inputs_matches_the_plain_objective() {
        // Above WARM_START_ROWS the result is still a Lloyd fixed point: every row nearest its centre.
        let mut rng = Rng::new(8);
        let n = WARM_START_ROWS + 5000;
        let data: Vec<f64> = (0..n * 2).map(|i| rng.normal() + if i % 4 < 2 { 6.0 } else { 0.0 }).collect();
        let r = fit(&data, 2, &KMeansParams::new(3).restarts(2).tolerance(0.0)).unwrap();
        assert!(r.converged);
        let mut w = Work::new(n, 3, 2);
        for (c, centre) in r.centres.iter().enumerate() {
            w.centres[c * 2..c * 2 + 2].copy_from_slice(centre);
        }
        assign_full::<2>(&data, 2, 3, &mut w);
        assert_eq!(w.labels, r.labels);
    }
}
