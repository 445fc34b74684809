//! Logistic regression with an L2 penalty on one-hot features, fitted by Newton's method (iteratively
//! reweighted least squares), and the area under the ROC curve by the Mann–Whitney statistic.
//!
//! Written here rather than taken from an ML crate: the features are a handful of one-hot blocks (one
//! bin per attribute and customer), so the whole fit is a dense `p × p` Newton system with `p` at most a
//! few hundred, solved by Cholesky — about 150 lines, deterministic to the bit on every target, and no
//! growth of the page's WebAssembly beyond them. Each row is given as the indices of its ones.
//!
//! The objective is `−Σ [y ln p + (1 − y) ln(1 − p)] + λ/2 Σⱼ βⱼ²` over the non-intercept
//! coefficients, `p = 1 / (1 + e^−(β₀ + Σ βⱼ xⱼ))`. With the penalty the one-hot blocks need no reference
//! level (the system is positive definite), and a value nobody in the best group has gets a finite,
//! negative coefficient instead of running off to −∞.

/// The penalty λ: one customer's worth of prior that every coefficient is 0 (even odds), enough to keep
/// rare values finite, small against the hundreds of customers a model rests on.
pub const LAMBDA: f64 = 1.0;

/// Newton steps at most; the fit stops earlier when no coefficient moves by more than [`TOLERANCE`].
pub const MAX_STEPS: usize = 50;

/// Largest coefficient change that counts as converged.
pub const TOLERANCE: f64 = 1e-9;

/// A fitted model: the intercept and one coefficient per feature.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// β₀.
    pub intercept: f64,
    /// βⱼ, one per feature.
    pub coef: Vec<f64>,
    /// Newton steps taken.
    pub steps: usize,
    /// Whether the last step moved every coefficient by less than [`TOLERANCE`].
    pub converged: bool,
}

impl Model {
    /// The linear score `β₀ + Σ βⱼ` over the row's ones (features out of range count nothing).
    pub fn logit(&self, ones: &[u32]) -> f64 {
        self.intercept + ones.iter().filter_map(|&j| self.coef.get(j as usize)).sum::<f64>()
    }

    /// The probability `1 / (1 + e^−logit)`.
    pub fn probability(&self, ones: &[u32]) -> f64 {
        sigmoid(self.logit(ones))
    }
}

/// The logistic function.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Fits the model: `rows[i]` are the feature indices (below `features`) set to 1 for example `i`,
/// `y[i]` its label. Deterministic: the same rows in the same order give the same bits.
pub fn fit(rows: &[Vec<u32>], y: &[bool], features: usize, lambda: f64) -> Model {
    let p = features + 1; // index 0: the intercept
    let mut beta = vec![0.0f64; p];
    let mut steps = 0;
    let mut converged = false;
    let mut loss = objective(rows, y, &beta, lambda);
    while steps < MAX_STEPS {
        steps += 1;
        let mut g = vec![0.0f64; p];
        let mut h = vec![0.0f64; p * p];
        for (ones, &yi) in rows.iter().zip(y) {
            let pr = sigmoid(logit(&beta, ones));
            let r = pr - if yi { 1.0 } else { 0.0 };
            let w = pr * (1.0 - pr);
            let idx = std::iter::once(0usize).chain(ones.iter().map(|&j| j as usize + 1).filter(|&j| j < p));
            let idx: Vec<usize> = idx.collect();
            for &a in &idx {
                g[a] += r;
                for &b in &idx {
                    h[a * p + b] += w;
                }
            }
        }
        for j in 1..p {
            g[j] += lambda * beta[j];
            h[j * p + j] += lambda;
        }
        // The intercept alone is not penalised: a tiny ridge keeps the system solvable when every
        // example has the same label.
        h[0] += 1e-9;
        let Some(step) = solve(&mut h, &g, p) else { break };
        // Halve the step while it does not lower the objective (Newton's step is almost always taken).
        let mut t = 1.0;
        let mut next: Vec<f64> = beta.iter().zip(&step).map(|(b, s)| b - t * s).collect();
        let mut next_loss = objective(rows, y, &next, lambda);
        while !(next_loss <= loss) && t > 1e-6 {
            t *= 0.5;
            next = beta.iter().zip(&step).map(|(b, s)| b - t * s).collect();
            next_loss = objective(rows, y, &next, lambda);
        }
        let moved = beta.iter().zip(&next).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
        if !(next_loss <= loss) {
            converged = moved < TOLERANCE;
            break;
        }
        beta = next;
        loss = next_loss;
        if moved < TOLERANCE {
            converged = true;
            break;
        }
    }
    Model { intercept: beta[0], coef: beta[1..].to_vec(), steps, converged }
}

fn logit(beta: &[f64], ones: &[u32]) -> f64 {
    beta[0] + ones.iter().filter_map(|&j| beta.get(j as usize + 1)).sum::<f64>()
}

/// The penalised negative log-likelihood.
fn objective(rows: &[Vec<u32>], y: &[bool], beta: &[f64], lambda: f64) -> f64 {
    let mut s = 0.0;
    for (ones, &yi) in rows.iter().zip(y) {
        let z = logit(beta, ones);
        // ln(1 + e^z) without overflow, minus y·z.
        let softplus = if z > 0.0 { z + (-z).exp().ln_1p() } else { z.exp().ln_1p() };
        s += softplus - if yi { z } else { 0.0 };
    }
    s + 0.5 * lambda * beta[1..].iter().map(|b| b * b).sum::<f64>()
}

/// Solves `H x = g` for a symmetric positive definite `H` (row-major, overwritten by its Cholesky
/// factor); `None` when `H` is not positive definite.
fn solve(h: &mut [f64], g: &[f64], p: usize) -> Option<Vec<f64>> {
    for j in 0..p {
        let mut d = h[j * p + j];
        for k in 0..j {
            d -= h[j * p + k] * h[j * p + k];
        }
        if !(d > 0.0) || !d.is_finite() {
            return None;
        }
        let d = d.sqrt();
        h[j * p + j] = d;
        for i in j + 1..p {
            let mut s = h[i * p + j];
            for k in 0..j {
                s -= h[i * p + k] * h[j * p + k];
            }
            h[i * p + j] = s / d;
        }
    }
    let mut z = g.to_vec();
    for i in 0..p {
        for k in 0..i {
            z[i] -= h[i * p + k] * z[k];
        }
        z[i] /= h[i * p + i];
    }
    for i in (0..p).rev() {
        for k in i + 1..p {
            z[i] -= h[k * p + i] * z[k];
        }
        z[i] /= h[i * p + i];
    }
    Some(z)
}

/// The area under the ROC curve: the chance that a random positive scores above a random negative, ties
/// counting one half — the Mann–Whitney `U / (n₊ n₋)` from the ranks of the scores (average ranks for
/// ties). `None` without a positive or a negative.
pub fn auc(scores: &[f64], y: &[bool]) -> Option<f64> {
    let pos = y.iter().filter(|&&b| b).count();
    let neg = y.len().min(scores.len()) - pos.min(y.len().min(scores.len()));
    if pos == 0 || neg == 0 {
        return None;
    }
    let mut order: Vec<usize> = (0..y.len().min(scores.len())).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]].total_cmp(&scores[order[i]]).is_eq() {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += avg * order[i..=j].iter().filter(|&&k| y[k]).count() as f64;
        i = j + 1;
    }
    let u = rank_sum - (pos * (pos + 1)) as f64 / 2.0;
    Some(u / (pos as f64 * neg as f64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// Every positive–negative pair counted: 1 when the positive scores higher, ½ for a tie.
    fn auc_by_pairs(scores: &[f64], y: &[bool]) -> Option<f64> {
        let (mut wins, mut pairs) = (0.0, 0.0);
        for i in 0..y.len() {
            for j in 0..y.len() {
                if y[i] && !y[j] {
                    pairs += 1.0;
                    wins += if scores[i] > scores[j] {
                        1.0
                    } else if scores[i] == scores[j] {
                        0.5
                    } else {
                        0.0
                    };
                }
            }
        }
        (pairs > 0.0).then(|| wins / pairs)
    }

    /// By hand: positives 0.9, 0.4; negatives 0.5, 0.4, 0.1 → pairs won 3 (0.9 beats all) + 1 (0.4 beats
    /// 0.1) + ½ (0.4 ties 0.4) = 4.5 of 6 = 0.75.
    #[test]
    fn auc_by_hand() {
        let s = [0.9, 0.5, 0.4, 0.4, 0.1];
        let y = [true, false, true, false, false];
        assert_eq!(auc(&s, &y), Some(0.75));
        assert_eq!(auc(&s, &[false; 5]), None);
    }

    #[test]
    fn auc_equals_the_pair_count_on_random_scores() {
        let mut rng = Rng::new(7);
        for round in 0..300 {
            let n = 1 + rng.below(40) as usize;
            // Few distinct scores in some rounds so that ties happen.
            let levels = if round % 2 == 0 { 4 } else { 1000 };
            let s: Vec<f64> = (0..n).map(|_| rng.below(levels) as f64).collect();
            let y: Vec<bool> = (0..n).map(|_| rng.below(3) == 0).collect();
            let (a, b) = (auc(&s, &y), auc_by_pairs(&s, &y));
            match (a, b) {
                (Some(a), Some(b)) => assert!((a - b).abs() < 1e-12, "round {round}: {a} vs {b}"),
                (a, b) => assert_eq!(a, b),
            }
        }
    }

    /// One binary feature: with λ → 0 the fit is the sample log-odds. By hand: 3 of 4 with the feature
    /// are positive, 1 of 4 without → β₀ = ln(1/3), β₀ + β₁ = ln 3, so β₁ = 2 ln 3 = 2.1972.
    #[test]
    fn one_feature_gives_the_log_odds() {
        let rows: Vec<Vec<u32>> = (0..8).map(|i| if i < 4 { vec![0] } else { vec![] }).collect();
        let y = [true, true, true, false, true, false, false, false];
        let m = fit(&rows, &y, 1, 1e-10);
        assert!(m.converged);
        assert!((m.intercept - (1.0f64 / 3.0).ln()).abs() < 1e-6, "{}", m.intercept);
        assert!((m.coef[0] - 2.0 * 3f64.ln()).abs() < 1e-5, "{}", m.coef[0]);
    }

    /// Perfect separation stays finite with the penalty, and the separating feature gets the larger
    /// coefficient.
    #[test]
    fn separation_stays_finite() {
        let rows: Vec<Vec<u32>> = (0..10).map(|i| vec![if i < 5 { 0 } else { 1 }]).collect();
        let y: Vec<bool> = (0..10).map(|i| i < 5).collect();
        let m = fit(&rows, &y, 2, LAMBDA);
        assert!(m.converged && m.coef.iter().all(|c| c.is_finite()));
        assert!(m.coef[0] > 1.0 && m.coef[1] < -1.0, "{:?}", m.coef);
    }

    #[test]
    fn one_label_only() {
        let rows: Vec<Vec<u32>> = (0..5).map(|_| vec![0]).collect();
        let m = fit(&rows, &[false; 5], 1, LAMBDA);
        assert!(m.intercept.is_finite() && m.coef[0].is_finite() && m.probability(&[0]) < 0.2);
    }
}
