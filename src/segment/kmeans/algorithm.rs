//! Phase 2: k-means itself — k-means++ seeds, Lloyd's iterations with Hamerly's bounds, Hartigan's
//! single moves, several seeded starts (see [`fit`]).

use serde::Serialize;

use super::silhouette::sample_rows;
use super::{HARTIGAN_MAX_ROWS, KMeansError, KMeansParams, WARM_START_ROWS};
use crate::rng::Rng;

/// The outcome of [`fit`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
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

pub(super) fn check_shape(data: &[f64], dims: usize) -> Result<usize, KMeansError> {
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
    params.validate()?;
    if n < k {
        return Err(KMeansError::TooFewPoints { n, k });
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
        if let (Some(s), Some(sw)) = (&sample, &mut sample_work)
            && seed_plus_plus(s, dims, k, &mut start_rng.clone(), sw).is_ok()
        {
            lloyd(s, dims, k, &sample_params, sw, restart);
            work.centres.copy_from_slice(&sw.centres);
            warm = true;
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

/// One more start of [`fit`] on all the rows of `data`, from the centres of `start` (a clustering of a
/// sample of them, with the same k): Lloyd's iterations, then Hartigan's moves as in [`fit`]. The
/// result keeps `start`'s restart number.
pub(super) fn refine(data: &[f64], dims: usize, start: &KMeansResult, params: &KMeansParams) -> Result<KMeansResult, KMeansError> {
    let n = check_shape(data, dims)?;
    let k = start.k;
    params.validate()?;
    if n < k {
        return Err(KMeansError::TooFewPoints { n, k });
    }
    let mut work = Work::new(n, k, dims);
    for (c, centre) in start.centres.iter().enumerate() {
        work.centres[c * dims..c * dims + dims].copy_from_slice(centre);
    }
    Ok(lloyd(data, dims, k, params, &mut work, start.restart))
}

/// Sum over the rows of the squared distance to the nearest of `centres` (the inertia of the
/// assignment those centres make).
pub(super) fn nearest_inertia(data: &[f64], dims: usize, centres: &[Vec<f64>]) -> f64 {
    if dims == 0 {
        return 0.0;
    }
    let flat: Vec<f64> = centres.iter().flat_map(|c| c.iter().copied()).collect();
    data.chunks_exact(dims).map(|row| flat.chunks_exact(dims).map(|c| sq_dist(row, c)).fold(f64::INFINITY, f64::min)).sum()
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
pub(super) fn sq_dist(a: &[f64], b: &[f64]) -> f64 {
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
                let cost = if nb == 0 { 0.0 } else { sq_dist(x, &work.centres[b * dims..b * dims + dims]) * nb as f64 / (nb + 1) as f64 };
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
fn lloyd_d<const D: usize>(data: &[f64], dims: usize, k: usize, p: &KMeansParams, work: &mut Work, restart: usize) -> KMeansResult {
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
    data.chunks_exact(dims).zip(labels).map(|(row, &l)| centres.get(l as usize).map_or(f64::NAN, |c| sq_dist(row, c))).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

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
