//! Maximum likelihood by BFGS over log-parameters, from several deterministic starts.
//!
//! The models' parameters are positive, so the search runs on `θ = ln(parameter)`, which is unconstrained
//! and makes the scales comparable (α is often 100× r). `θ` is kept inside a box `[−LOG_BOUND,
//! LOG_BOUND]` (parameters between about 2e-9 and 5e8; shape parameters at most 1e4,
//! [`SHAPE_LOG_BOUND`]) so that a likelihood that keeps improving towards 0 or ∞ stops at a bound, where
//! the fit reports it instead of overflowing; a parameter at a bound that the gradient pushes further out
//! is held there while the search goes on in the others (projected BFGS: its inverse-Hessian row restarts). The objective is the *mean*
//! negative log-likelihood, so the gradient tolerance does not depend on the number of customers.
//!
//! BFGS (Nocedal & Wright, *Numerical Optimization*, alg. 6.1) with an Armijo backtracking line search; the
//! inverse-Hessian update is skipped when the curvature condition fails, and the method falls back to the
//! steepest descent direction when the update stops giving a descent direction. With more than
//! [`SUBSAMPLE`] customers the starts run on a deterministic subsample and only the best end point is
//! polished on all customers (see [`fit`]). After the best start is found, the observed information (the
//! Hessian of the log-likelihood, by central differences of the analytic gradient in parameter space, or
//! forward differences from the search's last gradient, [`covariance_forward`]) gives asymptotic standard
//! errors.

use serde::Serialize;

/// Largest `|ln parameter|` allowed.
pub const LOG_BOUND: f64 = 20.0;
/// Largest `ln` of a Gamma or Beta *shape* parameter (1e4), below [`LOG_BOUND`]. A shape beyond it means a
/// mixing distribution narrower than 1 % of its mean — no heterogeneity, the model's limiting case (e.g.
/// Pareto/NBD's s, β → ∞ with s/β fixed: one drop-out rate for everyone). Searches that follow such a
/// ridge further gain nothing but lose the likelihood's digits (`s ln β − s ln(β+T)` of 10⁷-sized
/// terms), which stalls them; at this bound they stop and report the parameter as at the bound.
pub const SHAPE_LOG_BOUND: f64 = 9.210_340_371_976_184;
/// A start converges when the largest gradient component (mean log-likelihood, log-parameters) is below
/// this. Stopping at gradient g leaves an error of about g / I in a log-parameter (I, the information per
/// customer, is of order 0.1–1 here) against a standard error of 1/√(n I): 1e-6 is far below the
/// statistical error up to billions of customers, while a tighter tolerance runs into the rounding of a
/// sum over a million customers (a 1M-customer BG/NBD fit stopped unconverged at 1e-7).
pub const GRADIENT_TOLERANCE: f64 = 1e-6;
/// Iterations per start.
pub const MAX_ITERATIONS: usize = 500;

/// A function to minimise: value and gradient at `θ` (log-parameters). Non-finite values mean "outside
/// the domain" and make the line search step back.
pub trait Objective {
    /// Number of parameters.
    fn dim(&self) -> usize;
    /// `(f(θ), ∇f(θ))`.
    fn eval(&self, theta: &[f64]) -> (f64, Vec<f64>);
    /// Upper bound of `θ_i` ([`LOG_BOUND`]; [`SHAPE_LOG_BOUND`] for shape parameters).
    fn upper_bound(&self, _i: usize) -> f64 {
        LOG_BOUND
    }
}

/// How the search went, for the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Diagnostics {
    /// Iterations of the best start (with more than [`SUBSAMPLE`] customers: of the final search on all
    /// customers, the starts having run on a subsample).
    pub iterations: usize,
    /// The best start met the gradient tolerance.
    pub converged: bool,
    /// Largest absolute gradient component at the optimum (mean log-likelihood per customer, with respect
    /// to the log-parameters).
    pub gradient_norm: f64,
    /// Starts tried (on a subsample of [`SUBSAMPLE`] customers when there are more).
    pub starts_tried: usize,

    /// Starts that converged.
    pub starts_converged: usize,
    /// Mean log-likelihood per customer at each start's end point (the spread shows whether the surface has
    /// several optima).
    pub start_log_likelihoods: Vec<f64>,
    /// Names of parameters that ended at the box bound (→ 0 or ∞).
    pub at_bound: Vec<&'static str>,
    /// The tolerance used.
    pub gradient_tolerance: f64,
}

/// Result of one local search.
#[derive(Debug, Clone)]
pub struct Local {
    /// End point (log-parameters).
    pub theta: Vec<f64>,
    /// Objective at the end point.
    pub value: f64,
    /// Largest absolute gradient component (projected: components pushing out of the box at a bound do not
    /// count).
    pub gradient_norm: f64,
    /// Iterations used.
    pub iterations: usize,
    /// The objective's gradient at the end point.
    pub gradient: Vec<f64>,
    /// Gradient tolerance met.
    pub converged: bool,
    /// The search's inverse-Hessian approximation at the end point (a warm start for a search on the same
    /// surface, see [`fit`]).
    pub inverse_hessian: Vec<Vec<f64>>,
}

fn clamp(obj: &dyn Objective, theta: &mut [f64]) {
    for (i, t) in theta.iter_mut().enumerate() {
        *t = t.clamp(-LOG_BOUND, obj.upper_bound(i));
    }
}

/// At the upper bound a negative gradient (the objective falling further up) is blocked; likewise below.
fn blocked(obj: &dyn Objective, i: usize, t: f64, gi: f64) -> bool {
    (t >= obj.upper_bound(i) && gi < 0.0) || (t <= -LOG_BOUND && gi > 0.0)
}

fn projected_norm(obj: &dyn Objective, theta: &[f64], g: &[f64]) -> f64 {
    theta.iter().zip(g).enumerate().map(|(i, (&t, &gi))| if blocked(obj, i, t, gi) { 0.0 } else { gi.abs() }).fold(0.0, f64::max)
}

/// BFGS from one start.
pub fn bfgs(obj: &dyn Objective, start: &[f64]) -> Local {
    bfgs_warm(obj, start, None)
}

/// BFGS from one start, with the inverse Hessian of an earlier search on nearly the same surface when
/// given (instead of the identity, rescaled after the first step): the curvature is then known from the
/// first step on.
pub fn bfgs_warm(obj: &dyn Objective, start: &[f64], inverse_hessian: Option<&[Vec<f64>]>) -> Local {
    let n = obj.dim();
    let mut x = start.to_vec();
    clamp(obj, &mut x);
    let (mut f, mut g) = obj.eval(&x);
    let warm = inverse_hessian.filter(|h| h.len() == n && h.iter().flatten().all(|v| v.is_finite()));
    let mut h = warm.map_or_else(|| identity(n), <[Vec<f64>]>::to_vec);
    let mut iterations = 0;
    let mut stalled = 0;
    if !f.is_finite() || g.iter().any(|v| !v.is_finite()) {
        return Local {
            theta: x,
            value: f64::INFINITY,
            gradient_norm: f64::INFINITY,
            iterations: 0,
            gradient: g,
            converged: false,
            inverse_hessian: h,
        };
    }
    while iterations < MAX_ITERATIONS {
        if projected_norm(obj, &x, &g) < GRADIENT_TOLERANCE {
            break;
        }
        iterations += 1;
        // Parameters at a bound whose gradient pushes them further out stay where they are: the step is
        // taken in the others (the inverse Hessian's block of the free parameters is positive definite
        // too, so the direction still descends).
        let free: Vec<bool> = (0..n).map(|i| !blocked(obj, i, x[i], g[i])).collect();
        // The curvature learnt so far does not carry over to a parameter fixed at its bound: its row and
        // column of the inverse Hessian restart from the identity's (and the updates below leave them so).
        for i in (0..n).filter(|&i| !free[i]) {
            for j in 0..n {
                h[i][j] = if i == j { 1.0 } else { 0.0 };
                h[j][i] = h[i][j];
            }
        }
        let mut d: Vec<f64> =
            (0..n).map(|i| if free[i] { -(0..n).filter(|&j| free[j]).map(|j| h[i][j] * g[j]).sum::<f64>() } else { 0.0 }).collect();
        let mut slope: f64 = d.iter().zip(&g).map(|(a, b)| a * b).sum();
        if !(slope < 0.0) {
            h = identity(n);
            d = g.iter().zip(&free).map(|(v, &f)| if f { -v } else { 0.0 }).collect();
            slope = -g.iter().zip(&free).filter(|&(_, &f)| f).map(|(v, _)| v * v).sum::<f64>();
        }
        // Limit the step to 3 units of log-parameter (a factor of 20) so exp() stays finite.
        let longest = d.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let mut step = if longest > 3.0 { 3.0 / longest } else { 1.0 };
        let mut accepted = None;
        for _ in 0..60 {
            let mut xn: Vec<f64> = x.iter().zip(&d).map(|(a, b)| a + step * b).collect();
            clamp(obj, &mut xn);
            let (fn_, gn) = obj.eval(&xn);
            if fn_.is_finite() && gn.iter().all(|v| v.is_finite()) && fn_ <= f + 1e-4 * step * slope {
                accepted = Some((xn, fn_, gn));
                break;
            }
            step *= 0.5;
        }
        let Some((xn, fn_, gn)) = accepted else { break };
        let s: Vec<f64> = xn.iter().zip(&x).map(|(a, b)| a - b).collect();
        // Only the free parameters' gradient change counts (a fixed one has s_i = 0 and keeps its row).
        let y: Vec<f64> = gn.iter().zip(&g).zip(&free).map(|((a, b), &f)| if f { a - b } else { 0.0 }).collect();
        let sy: f64 = s.iter().zip(&y).map(|(a, b)| a * b).sum();
        if sy > 1e-16 {
            if iterations == 1 && warm.is_none() {
                // Scale the first inverse Hessian (Nocedal & Wright eq. 6.20).
                let yy: f64 = y.iter().map(|v| v * v).sum();
                let scale = sy / yy;
                for (i, row) in h.iter_mut().enumerate() {
                    row[i] = scale;
                }
            }
            let hy: Vec<f64> = (0..n).map(|i| (0..n).map(|j| h[i][j] * y[j]).sum()).collect();
            let yhy: f64 = y.iter().zip(&hy).map(|(a, b)| a * b).sum();
            for i in 0..n {
                for j in 0..n {
                    h[i][j] += (sy + yhy) * s[i] * s[j] / (sy * sy) - (hy[i] * s[j] + s[i] * hy[j]) / sy;
                }
            }
        }
        let improvement = f - fn_;
        x = xn;
        f = fn_;
        g = gn;
        stalled = if improvement <= 1e-15 * f.abs().max(1.0) { stalled + 1 } else { 0 };
        if stalled >= 5 {
            break;
        }
    }
    let gradient_norm = projected_norm(obj, &x, &g);
    Local { theta: x, value: f, gradient_norm, iterations, gradient: g, converged: gradient_norm < GRADIENT_TOLERANCE, inverse_hessian: h }
}

fn identity(n: usize) -> Vec<Vec<f64>> {
    (0..n).map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect()).collect()
}

/// Names of the parameters at a bound of the box.
fn at_bound(obj: &dyn Objective, theta: &[f64], names: &[&'static str]) -> Vec<&'static str> {
    theta
        .iter()
        .zip(names)
        .enumerate()
        .filter(|&(i, (&t, _))| t <= -LOG_BOUND + 1e-3 || t >= obj.upper_bound(i) - 1e-3)
        .map(|(_, (_, &n))| n)
        .collect()
}

/// BFGS from every start; the best end point (lowest objective, first on ties) and the diagnostics.
/// `None` when no start reached a finite value.
pub fn multi_start(obj: &dyn Objective, starts: &[Vec<f64>], names: &[&'static str]) -> Option<(Local, Diagnostics)> {
    let locals: Vec<Local> = starts.iter().map(|s| bfgs(obj, s)).collect();
    let lowest = locals.iter().map(|l| l.value).filter(|v| v.is_finite()).fold(f64::INFINITY, f64::min);
    if !lowest.is_finite() {
        return None;
    }
    // Among end points equal to the lowest up to rounding (flat ridges give many), prefer a converged one;
    // then the lowest value, then the first start.
    let tie = 1e-10 * lowest.abs().max(1.0);
    let best = locals
        .iter()
        .filter(|l| l.value.is_finite() && l.value - lowest <= tie)
        .fold(None::<&Local>, |b, l| match b {
            Some(b) if (b.converged, -b.value) >= (l.converged, -l.value) => Some(b),
            _ => Some(l),
        })?
        .clone();
    let at_bound = at_bound(obj, &best.theta, names);
    let d = Diagnostics {
        iterations: best.iterations,
        converged: best.converged,
        gradient_norm: best.gradient_norm,
        starts_tried: locals.len(),
        starts_converged: locals.iter().filter(|l| l.converged).count(),
        start_log_likelihoods: locals.iter().map(|l| -l.value).collect(),
        at_bound,
        gradient_tolerance: GRADIENT_TOLERANCE,
    };
    Some((best, d))
}

/// Customers above which the starts run on a subsample (every k-th customer, deterministic) and only
/// the best start's end point is polished on all customers: the likelihood surfaces of a 20,000-customer
/// subsample and of the whole data have nearly the same optimum, so this keeps the several-starts safety
/// at a fraction of the cost (one full search instead of six).
pub const SUBSAMPLE: usize = 20_000;

/// Every `⌈n / SUBSAMPLE⌉`-th item (all of them when `n ≤ SUBSAMPLE`).
pub fn subsample<T: Clone>(items: &[T]) -> Vec<T> {
    let step = items.len().div_ceil(SUBSAMPLE).max(1);
    items.iter().step_by(step).cloned().collect()
}

/// [`multi_start`] on `sub` (the subsample objective), then BFGS on `full` from the best end point, warm:
/// with the subsample search's inverse Hessian (both objectives are means per customer, so their curvatures
/// agree up to sampling), which saves most of the full search's iterations, each a pass over every customer.
/// `sub = None` means the data are small: plain [`multi_start`] on `full`.
pub fn fit(full: &dyn Objective, sub: Option<&dyn Objective>, starts: &[Vec<f64>], names: &[&'static str]) -> Option<(Local, Diagnostics)> {
    let Some(sub) = sub else { return multi_start(full, starts, names) };
    let (best, mut d) = multi_start(sub, starts, names)?;
    let polished = bfgs_warm(full, &best.theta, Some(&best.inverse_hessian));
    if !polished.value.is_finite() {
        return None;
    }
    d.iterations = polished.iterations;
    d.converged = polished.converged;
    d.gradient_norm = polished.gradient_norm;
    d.at_bound = at_bound(full, &polished.theta, names);
    Some((polished, d))
}

/// Asymptotic standard errors of the parameters (not log-parameters) from the observed information.
/// `grad_total(p)` is the gradient of the *total* log-likelihood with respect to the parameters `p`.
/// `None` per parameter when the information matrix is not positive definite there.
pub fn standard_errors(params: &[f64], grad_total: &dyn Fn(&[f64]) -> Vec<f64>) -> Vec<Option<f64>> {
    standard_errors_of(params.len(), covariance(params, grad_total).as_deref())
}

/// The standard errors on the diagonal of a covariance matrix (`None` where it is not positive).
pub fn standard_errors_of(n: usize, cov: Option<&[Vec<f64>]>) -> Vec<Option<f64>> {
    match cov {
        Some(cov) => (0..n).map(|i| (cov[i][i] > 0.0 && cov[i][i].is_finite()).then(|| cov[i][i].sqrt())).collect(),
        None => vec![None; n],
    }
}

/// Asymptotic covariance of the parameters: the inverse of the observed information (the negative
/// Hessian by central differences of the gradient, symmetrised). `None` when it is not positive definite.
pub fn covariance(params: &[f64], grad_total: &dyn Fn(&[f64]) -> Vec<f64>) -> Option<Vec<Vec<f64>>> {
    let n = params.len();
    let mut info = vec![vec![0.0; n]; n];
    for j in 0..n {
        let h = 1e-5 * params[j].abs().max(1e-8);
        let mut up = params.to_vec();
        let mut dn = params.to_vec();
        up[j] += h;
        dn[j] -= h;
        let (gu, gd) = (grad_total(&up), grad_total(&dn));
        for i in 0..n {
            // Information = −Hessian of the log-likelihood.
            info[i][j] = -(gu.get(i).copied().unwrap_or(f64::NAN) - gd.get(i).copied().unwrap_or(f64::NAN)) / (2.0 * h);
        }
    }
    symmetric_inverse(info)
}

/// Relative step of [`covariance_forward`]'s differences: its error is of the order of the step (a
/// central difference's is of its square), so the step is smaller than [`covariance`]'s 1e-5 — the
/// gradient's rounding over a million customers is still some 1e-10 of the difference.
pub const FORWARD_STEP: f64 = 1e-7;

/// [`covariance`] by forward differences from the gradient at `params` (`grad_at`, which the search has
/// computed already): one gradient per parameter instead of two, for a likelihood pass over a million
/// customers each. On the million simulated customers of `tests/clv_large.rs` the standard errors are
/// within 7e-6 (relative) of the central differences' for Pareto/NBD, 2e-6 for MBG/NBD.
pub fn covariance_forward(params: &[f64], grad_at: &[f64], grad_total: &dyn Fn(&[f64]) -> Vec<f64>) -> Option<Vec<Vec<f64>>> {
    let n = params.len();
    let mut info = vec![vec![0.0; n]; n];
    for j in 0..n {
        let mut up = params.to_vec();
        up[j] += FORWARD_STEP * params[j].abs().max(1e-8);
        // The step actually taken (`up[j]` rounded).
        let h = up[j] - params[j];
        let gu = grad_total(&up);
        for i in 0..n {
            info[i][j] = -(gu.get(i).copied().unwrap_or(f64::NAN) - grad_at.get(i).copied().unwrap_or(f64::NAN)) / h;
        }
    }
    symmetric_inverse(info)
}

/// The inverse of the information symmetrised (the mean of it and its transpose); `None` when that is
/// not positive definite or not finite.
fn symmetric_inverse(mut info: Vec<Vec<f64>>) -> Option<Vec<Vec<f64>>> {
    let n = info.len();
    for i in 0..n {
        for j in 0..i {
            let m = 0.5 * (info[i][j] + info[j][i]);
            info[i][j] = m;
            info[j][i] = m;
        }
    }
    invert_spd(&info).filter(|c| c.iter().flatten().all(|v| v.is_finite()))
}

/// The covariance of the log-parameters from that of the parameters (delta method:
/// `cov(ln pᵢ, ln pⱼ) = cov(pᵢ, pⱼ) / (pᵢ pⱼ)`).
pub fn log_covariance<const N: usize>(params: &[f64], cov: &[Vec<f64>]) -> [[f64; N]; N] {
    std::array::from_fn(|i| std::array::from_fn(|j| cov[i][j] / (params[i] * params[j])))
}

/// Inverse of a symmetric positive definite matrix by Cholesky; `None` when it is not positive definite.
pub fn invert_spd(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = m.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = m[i][j] - (0..j).map(|k| l[i][k] * l[j][k]).sum::<f64>();
            if i == j {
                if !(s > 0.0) || !s.is_finite() {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    // Inverse of L (lower triangular), then (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹.
    let mut li = vec![vec![0.0; n]; n];
    for i in 0..n {
        li[i][i] = 1.0 / l[i][i];
        for j in 0..i {
            let s: f64 = (j..i).map(|k| l[i][k] * li[k][j]).sum();
            li[i][j] = -s / l[i][i];
        }
    }
    Some((0..n).map(|i| (0..n).map(|j| (i.max(j)..n).map(|k| li[k][i] * li[k][j]).sum()).collect()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rosenbrock in two dimensions (minimum 0 at (1, 1)), a classic hard valley for quasi-Newton methods.
    struct Rosen;
    impl Objective for Rosen {
        fn dim(&self) -> usize {
            2
        }
        fn eval(&self, t: &[f64]) -> (f64, Vec<f64>) {
            let (x, y) = (t[0], t[1]);
            let f = (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2);
            (f, vec![-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)])
        }
    }

    #[test]
    fn bfgs_finds_the_rosenbrock_minimum() {
        let l = bfgs(&Rosen, &[-1.2, 1.0]);
        assert!(l.converged, "{l:?}");
        assert!((l.theta[0] - 1.0).abs() < 1e-6 && (l.theta[1] - 1.0).abs() < 1e-6, "{l:?}");
    }

    /// Rosenbrock moved by δ in both coordinates (minimum 0 at (1 + δ, 1 + δ)): the "full data" surface
    /// next to a "subsample's" at δ = 0.
    struct MovedRosen(f64);
    impl Objective for MovedRosen {
        fn dim(&self) -> usize {
            2
        }
        fn eval(&self, t: &[f64]) -> (f64, Vec<f64>) {
            Rosen.eval(&[t[0] - self.0, t[1] - self.0])
        }
    }

    #[test]
    fn a_warm_search_reaches_the_cold_ones_end_point_in_fewer_iterations() {
        // Oracle: the cold search on the moved surface, and the hand-worked minimum (1 + δ, 1 + δ). The
        // warm one starts from the δ = 0 search's end point with its inverse Hessian, as `fit` polishes the
        // subsample's best start on all customers.
        let near = bfgs(&Rosen, &[-1.2, 1.0]);
        let moved = MovedRosen(1e-3);
        let cold = bfgs(&moved, &near.theta);
        let warm = bfgs_warm(&moved, &near.theta, Some(&near.inverse_hessian));
        for l in [&cold, &warm] {
            assert!(l.converged, "{l:?}");
            assert!((l.theta[0] - 1.001).abs() < 1e-6 && (l.theta[1] - 1.001).abs() < 1e-6, "{l:?}");
        }
        assert!(warm.iterations < cold.iterations, "warm {} vs cold {} iterations", warm.iterations, cold.iterations);
    }

    /// A valley whose floor runs out of the box: f = (θ₀ − 12)² + 10 (θ₁ − θ₀/2)² + (θ₂ − θ₀)²/4, θ₀ a shape
    /// (bound SHAPE_LOG_BOUND ≈ 9.21). Worked by hand: with θ₀ held at the bound, the others minimise at
    /// θ₁ = θ₀/2 and θ₂ = θ₀, and the gradient there pushes only θ₀ out (∂f/∂θ₀ = 2(θ₀ − 12) < 0).
    struct Valley;
    impl Objective for Valley {
        fn dim(&self) -> usize {
            3
        }
        fn eval(&self, t: &[f64]) -> (f64, Vec<f64>) {
            let f = (t[0] - 12.0).powi(2) + 10.0 * (t[1] - t[0] / 2.0).powi(2) + (t[2] - t[0]).powi(2) / 4.0;
            let g1 = 20.0 * (t[1] - t[0] / 2.0);
            let g2 = (t[2] - t[0]) / 2.0;
            (f, vec![2.0 * (t[0] - 12.0) - g1 / 2.0 - g2, g1, g2])
        }
        fn upper_bound(&self, i: usize) -> f64 {
            if i == 0 { SHAPE_LOG_BOUND } else { LOG_BOUND }
        }
    }

    #[test]
    fn bfgs_stops_at_a_shape_bound_with_the_others_at_their_optimum() {
        for start in [[0.0, 0.0, 0.0], [3.0, -4.0, 8.0], [9.0, 9.0, -9.0]] {
            let l = bfgs(&Valley, &start);
            assert!(l.converged, "{start:?}: {l:?}");
            assert_eq!(l.theta[0], SHAPE_LOG_BOUND, "{l:?}");
            assert!((l.theta[1] - SHAPE_LOG_BOUND / 2.0).abs() < 1e-6 && (l.theta[2] - SHAPE_LOG_BOUND).abs() < 1e-5, "{l:?}");
            assert!(l.iterations < 100, "{l:?}");
            assert_eq!(at_bound(&Valley, &l.theta, &["a", "b", "c"]), vec!["a"]);
        }
    }

    #[test]
    fn standard_errors_of_a_gaussian_mean_and_sd() {
        // Total log-likelihood of n normal observations with sample mean 0 and sample variance 4 at (μ, σ):
        // −n ln σ − n(4 + μ²)/(2σ²). At the optimum (0, 2) the standard errors are σ/√n and σ/√(2n).
        let n = 100.0;
        let grad = |p: &[f64]| {
            let (mu, s) = (p[0], p[1]);
            vec![-n * mu / (s * s), -n / s + n * (4.0 + mu * mu) / (s * s * s)]
        };
        let se = standard_errors(&[0.0, 2.0], &grad);
        assert!((se[0].unwrap() - 0.2).abs() < 1e-6, "{se:?}");
        assert!((se[1].unwrap() - 2.0 / 200f64.sqrt()).abs() < 1e-6, "{se:?}");
    }

    #[test]
    fn forward_differences_give_the_central_ones_covariance() {
        // Oracle: the covariance worked by hand. Total log-likelihood of n normal observations with sample
        // mean 0 and sample variance 4 at (μ, σ) as in the test above, not quadratic in σ (so a forward
        // difference has an error of the order of its step), at the optimum (0, 2), where the information
        // is diag(n/σ², 2n/σ²): covariance diag(σ²/n, σ²/(2n)), within 1e-6 relative — and away from it, at
        // (0.3, 2.5), the central differences' covariance within 1e-6 relative.
        let n = 100.0;
        let grad = |p: &[f64]| {
            let (mu, s) = (p[0], p[1]);
            vec![-n * mu / (s * s), -n / s + n * (4.0 + mu * mu) / (s * s * s)]
        };
        let at = [0.0, 2.0];
        let cov = covariance_forward(&at, &grad(&at), &grad).expect("positive definite");
        let want = [[0.04, 0.0], [0.0, 0.02]];
        for i in 0..2 {
            for j in 0..2 {
                assert!((cov[i][j] - want[i][j]).abs() <= 1e-6 * want[i][i], "{cov:?}");
            }
        }
        let away = [0.3, 2.5];
        let (fwd, central) = (covariance_forward(&away, &grad(&away), &grad).expect("fwd"), covariance(&away, &grad).expect("central"));
        for i in 0..2 {
            for j in 0..2 {
                let scale = (central[i][i] * central[j][j]).sqrt();
                assert!((fwd[i][j] - central[i][j]).abs() <= 1e-6 * scale, "{fwd:?} vs {central:?}");
            }
        }
    }
}
