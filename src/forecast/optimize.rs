//! Nelder–Mead simplex search (Nelder & Mead 1965; the coefficients of Lagarias et al. 1998: reflection 1,
//! expansion 2, contraction ½, shrink ½), for the smoothing parameters and initial states of
//! [`super::ets`].
//!
//! Why not the BFGS of [`crate::clv::optimize`]: the exponential-smoothing likelihood has no cheap analytic
//! gradient (every parameter acts through the whole recursion), the problems have at most six
//! dimensions, and each evaluation is one pass over a short series, so a derivative-free search is both
//! simpler and fast enough. Deterministic: the start simplex is fixed steps from the start point and ties
//! keep the order of the vertices.

/// The best point found and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    /// The point.
    pub x: Vec<f64>,
    /// The objective there.
    pub value: f64,
    /// Objective evaluations used.
    pub evaluations: usize,
}

/// Minimises `f` from `start`, with a first simplex of `step` along each axis. Stops when the values of
/// the simplex differ by at most `tolerance` relative to the best (`|worst − best| ≤ tolerance × |best|`)
/// or after `max_evaluations`. Non-finite values
/// count as +∞ (outside the domain).
pub fn nelder_mead(f: &mut dyn FnMut(&[f64]) -> f64, start: &[f64], step: f64, tolerance: f64, max_evaluations: usize) -> Minimum {
    let n = start.len();
    let mut evals = 0usize;
    let mut eval = |x: &[f64], evals: &mut usize| {
        *evals += 1;
        let v = f(x);
        if v.is_finite() { v } else { f64::INFINITY }
    };
    let mut simplex: Vec<(Vec<f64>, f64)> = Vec::with_capacity(n + 1);
    let v0 = eval(start, &mut evals);
    simplex.push((start.to_vec(), v0));
    for i in 0..n {
        let mut x = start.to_vec();
        x[i] += step;
        let v = eval(&x, &mut evals);
        simplex.push((x, v));
    }
    if n == 0 {
        return Minimum { x: start.to_vec(), value: v0, evaluations: evals };
    }
    let mut centroid = vec![0.0; n];
    let point = |c: &[f64], worst: &[f64], t: f64| -> Vec<f64> { c.iter().zip(worst).map(|(c, w)| c + t * (w - c)).collect() };
    while evals < max_evaluations {
        // Stable sort: equal values keep their order, so the search is deterministic.
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let (best, worst) = (simplex[0].1, simplex[n].1);
        if (worst - best).abs() <= tolerance * best.abs() {
            break;
        }
        centroid.iter_mut().for_each(|c| *c = 0.0);
        for (x, _) in &simplex[..n] {
            for (c, xi) in centroid.iter_mut().zip(x) {
                *c += xi / n as f64;
            }
        }
        let reflected = point(&centroid, &simplex[n].0, -1.0);
        let fr = eval(&reflected, &mut evals);
        if fr < best {
            let expanded = point(&centroid, &simplex[n].0, -2.0);
            let fe = eval(&expanded, &mut evals);
            simplex[n] = if fe < fr { (expanded, fe) } else { (reflected, fr) };
        } else if fr < simplex[n - 1].1 {
            simplex[n] = (reflected, fr);
        } else {
            // Contraction: outside when the reflection improved on the worst, inside otherwise.
            let (t, against) = if fr < worst { (-0.5, fr) } else { (0.5, worst) };
            let contracted = point(&centroid, &simplex[n].0, t);
            let fc = eval(&contracted, &mut evals);
            if fc < against {
                simplex[n] = (contracted, fc);
            } else {
                let b = simplex[0].0.clone();
                for (x, v) in simplex.iter_mut().skip(1) {
                    for (xi, bi) in x.iter_mut().zip(&b) {
                        *xi = bi + 0.5 * (*xi - bi);
                    }
                    *v = eval(x, &mut evals);
                }
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (x, value) = simplex.swap_remove(0);
    Minimum { x, value, evaluations: evals }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_minimum_of_rosenbrock_and_of_a_shifted_bowl() {
        // Rosenbrock's function has its minimum 0 at (1, 1) (Rosenbrock 1960); the bowl at (3, −2).
        let m = nelder_mead(&mut |x| 100.0 * (x[1] - x[0] * x[0]).powi(2) + (1.0 - x[0]).powi(2), &[-1.2, 1.0], 0.5, 1e-12, 5000);
        assert!((m.x[0] - 1.0).abs() < 1e-4 && (m.x[1] - 1.0).abs() < 1e-4, "{m:?}");
        let m = nelder_mead(&mut |x| (x[0] - 3.0).powi(2) + (x[1] + 2.0).powi(2), &[0.0, 0.0], 1.0, 1e-14, 2000);
        assert!((m.x[0] - 3.0).abs() < 1e-6 && (m.x[1] + 2.0).abs() < 1e-6, "{m:?}");
        // A domain edge (non-finite outside x > 0) is stepped around, never returned.
        let m = nelder_mead(&mut |x| if x[0] <= 0.0 { f64::NAN } else { x[0] - x[0].ln() }, &[3.0], 1.0, 1e-12, 2000);
        assert!((m.x[0] - 1.0).abs() < 1e-4 && m.value.is_finite(), "{m:?}");
    }
}
