//! The Pareto/NBD purchase model (Schmittlein, Morrison & Colombo 1987).
//!
//! While active, a customer buys at rate λ ~ Gamma(r, α); their lifetime is exponential with rate
//! μ ~ Gamma(s, β), so they can drop out at any time (not only after a purchase, as in BG/NBD).
//!
//! Likelihood, from Fader & Hardie's note "A Note on Deriving the Pareto/NBD Model and Related
//! Expressions" (2005), eq. 19–22, in logs:
//! `ℓ = ln Γ(r+x) − ln Γ(r) + r ln α + s ln β + ln[ (α+T)^{−(r+x)} (β+T)^{−s} + s/(r+s+x) · A₀ ]`,
//! where, with `m = max(α, β)`, `k = r+s+x` and `b = s+1` when α ≥ β or `b = r+x` when α < β,
//! `A₀ = F(t_x) − F(T)` and `F(t) = ₂F₁(k, b; k+1; |α−β|/(m+t)) / (m+t)^k`. Taking the larger of α and β
//! keeps the argument of ₂F₁ in `[0, 1)` (the note's numerically stable form). The ₂F₁ is summed after
//! Euler's transformation `₂F₁(k, b; k+1; z) = (1−z)^{1−b} ₂F₁(1, k+1−b; k+1; z)`, whose terms are
//! positive and shrink by at least `z` each, and everything stays in logs.
//!
//! Predictions (same note and Fader, Hardie & Lee 2005, "RFM and CLV"):
//! - `P(alive | x, t_x, T) = 1 / (1 + s/(r+s+x) · (α+T)^{r+x} (β+T)^s · A₀)`;
//! - expected purchases in the next `t` if alive: `(r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^{s−1}]`
//!   (the limit `(r+x)(β+T)/(α+T) · ln((β+T+t)/(β+T))` at `s = 1`);
//! - a new customer's expected purchases in `(0, t]`: the same with `x = 0`, `T = 0`.

use serde::{Deserialize, Serialize};

use super::special::{digamma, ln_gamma, ln1p_exp};
use super::summary::{CustomerSummary, Indexed};

mod series;
use series::{Coefficients, ln_hyp2f1_k_b_k1_at};
pub use series::{MAX_TERMS, Z_MAX, ln_hyp2f1_k_b_k1, ln_hyp2f1_k_b_k1_grad};

/// Pareto/NBD parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ParetoNbdParams {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Scale of the purchase-rate distribution (time units).
    pub alpha: f64,
    /// Shape of the drop-out-rate distribution.
    pub s: f64,
    /// Scale of the drop-out-rate distribution (time units).
    pub beta: f64,
}

/// Parameter names in optimiser order.
pub const NAMES: [&str; 4] = ["r", "alpha", "s", "beta"];

impl ParetoNbdParams {
    /// From the optimiser's log-parameters.
    pub fn from_theta(t: &[f64]) -> ParetoNbdParams {
        ParetoNbdParams { r: t[0].exp(), alpha: t[1].exp(), s: t[2].exp(), beta: t[3].exp() }
    }

    fn valid(&self) -> bool {
        [self.r, self.alpha, self.s, self.beta].iter().all(|v| v.is_finite() && *v > 0.0)
    }
}

/// `ln A₀` from its definition as an integral over the drop-out time τ (Fader & Hardie's note, eq. 11–12):
/// `s/(r+s+x) · A₀ = ∫_{t_x}^{T} (α+τ)^{−(r+x)} s (β+τ)^{−(s+1)} dτ`. Used when the ₂F₁ argument is beyond
/// what the series sums quickly (one of α, β many times the other).
///
/// With `c` the smaller of α and β, the integral is taken over `u = ln(c+τ)`: the factor with the small
/// scale, the one that can fall steeply right after `t_x`, becomes the exponential `e^{(1−P)u}`, the other
/// factor is smooth there, and tanh-sinh quadrature (whose nodes crowd towards the ends) takes the rest —
/// 61 evaluations, summed in logs. The nodes are fixed, so the result is a smooth function of the
/// parameters (no jumps between the optimiser's evaluations).
fn ln_a0_by_quadrature(p: &ParetoNbdParams, x: f64, t_x: f64, t: f64) -> f64 {
    quadrature(p, x, t_x, t, false).0
}

/// [`ln_a0_by_quadrature`] and, when `grad`, the derivatives of `ln A₀` with respect to (r, α, s, β),
/// differentiating under the integral at the same nodes: with `E` the mean under the integrand,
/// `∂/∂r = 1/(r+s+x) − E[ln(α+τ)]`, `∂/∂s = 1/(r+s+x) − E[ln(β+τ)]`, `∂/∂α = −(r+x) E[1/(α+τ)]`,
/// `∂/∂β = −(s+1) E[1/(β+τ)]`.
fn quadrature(p: &ParetoNbdParams, x: f64, t_x: f64, t: f64, grad: bool) -> (f64, [f64; 4]) {
    if !(t > t_x) {
        return (f64::NEG_INFINITY, [0.0; 4]);
    }
    let (pa, pb) = (p.r + x, p.s + 1.0);
    let alpha_is_c = p.alpha <= p.beta;
    let (c, pc, other, po) = if alpha_is_c { (p.alpha, pa, p.beta, pb) } else { (p.beta, pb, p.alpha, pa) };
    let gap = other - c; // ≥ 0
    let (u0, u1) = ((c + t_x).ln(), (c + t).ln());
    let len = u1 - u0;
    let k = pc - 1.0;
    let nodes = super::special::tanh_sinh_log_nodes();
    let mut terms = [f64::NEG_INFINITY; 64];
    let mut us = [0.0f64; 64];
    let mut top = f64::NEG_INFINITY;
    // The integrand over u is e^{−k u} (gap + e^u)^{−po}.
    let steep = k * len > 1.0;
    let scale = if steep {
        // Steep: w = e^{−k(u−u0)} ∈ [w1, 1] takes the exponential out, du = −dw/(k w):
        // ∫ = e^{−k u0}/k ∫_{w1}^{1} (gap + e^{u(w)})^{−po} dw, u(w) = u0 − ln(w)/k.
        let one_minus_w1 = -(-k * len).exp_m1();
        for ((slot, u_slot), &(v, ln_wt)) in terms.iter_mut().zip(us.iter_mut()).zip(nodes) {
            // w = 1 − (1 − w1)(1 − v), written from the top end so w near 1 keeps its digits.
            let ln_w = (-(one_minus_w1 * (1.0 - v))).ln_1p();
            let u = u0 - ln_w / k;
            let g = -po * (gap + u.exp()).ln() + ln_wt;
            *slot = g;
            *u_slot = u;
            top = top.max(g);
        }
        -k * u0 - k.ln() + one_minus_w1.ln()
    } else {
        for ((slot, u_slot), &(v, ln_wt)) in terms.iter_mut().zip(us.iter_mut()).zip(nodes) {
            let u = u0 + len * v;
            // e^u − c = τ; other + τ = gap + e^u.
            let g = -k * u - po * (gap + u.exp()).ln() + ln_wt;
            *slot = g;
            *u_slot = u;
            top = top.max(g);
        }
        len.ln()
    };
    if !top.is_finite() {
        return (f64::NAN, [f64::NAN; 4]);
    }
    let sum: f64 = terms.iter().map(|v| (v - top).exp()).sum();
    // The factor s cancels against s/(r+s+x), leaving (r+s+x).
    let kk = p.r + p.s + x;
    let value = top + sum.ln() + scale + kk.ln();
    if !grad {
        return (value, [0.0; 4]);
    }
    // Means under the integrand: the nodes' shares of the sum (the Jacobians are in the terms).
    let mut m = [0.0f64; 4]; // E ln(α+τ), E ln(β+τ), E 1/(α+τ), E 1/(β+τ)
    for (g, u) in terms.iter().zip(&us).take(nodes.len()) {
        let share = (g - top).exp() / sum;
        let (near, far) = (*u, (gap + u.exp()).ln()); // ln(c+τ), ln(other+τ)
        let (ln_a, ln_b) = if alpha_is_c { (near, far) } else { (far, near) };
        m[0] += share * ln_a;
        m[1] += share * ln_b;
        m[2] += share * (-ln_a).exp();
        m[3] += share * (-ln_b).exp();
    }
    (value, [1.0 / kk - m[0], -pa * m[2], 1.0 / kk - m[1], -pb * m[3]])
}

/// `ln A₀` (see the module doc); `−∞` when `t_x = T` (A₀ = 0).
pub fn ln_a0(p: &ParetoNbdParams, x: f64, t_x: f64, t: f64) -> f64 {
    let k = p.r + p.s + x;
    let (m, o, b) = if p.alpha >= p.beta { (p.alpha, p.beta, p.s + 1.0) } else { (p.beta, p.alpha, p.r + x) };
    let d = (p.alpha - p.beta).abs();
    // ln F(t) = ln ₂F₁ − k ln(m+t), with ln(1−z) = ln(o+t) − ln(m+t) (o = min(α, β) = m − d).
    let ln_f = |t: f64| {
        let lm = (m + t).ln();
        ln_hyp2f1_k_b_k1_at(k, b, d / (m + t), (o + t).ln() - lm) - k * lm
    };
    let (l1, l2) = (ln_f(t_x), ln_f(t));
    if !(l1.is_finite() && l2.is_finite()) {
        return ln_a0_by_quadrature(p, x, t_x, t);
    }
    if l2 >= l1 {
        return f64::NEG_INFINITY;
    }
    l1 + (-(l2 - l1).exp_m1()).ln()
}

/// One customer's log-likelihood.
pub fn customer_ll(p: &ParetoNbdParams, c: &CustomerSummary) -> f64 {
    let x = c.x as f64;
    let (r, alpha, s, beta) = (p.r, p.alpha, p.s, p.beta);
    let head = ln_gamma(r + x) + (-ln_gamma(r) + r * alpha.ln() + s * beta.ln());
    let alive = -(r + x) * (alpha + c.t).ln() - s * (beta + c.t).ln();
    let gone = (s / (r + s + x)).ln() + ln_a0(p, x, c.t_x, c.t);
    head + log_add_exp(alive, gone)
}

/// `ln(e^a + e^b)` as `hi + ln(1 + e^{lo−hi})`: `ln` of a number in `[1, 2]` is within about 1e-16 of
/// `ln_1p` of the small one (absolute), at a fraction of glibc's `log1p`'s time.
fn log_add_exp(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
    if hi == f64::NEG_INFINITY {
        return hi;
    }
    hi + (1.0 + (lo - hi).exp()).ln()
}

/// Total log-likelihood over weighted customers (`NaN` outside the domain).
pub fn log_likelihood_weighted(p: &ParetoNbdParams, rows: &[(CustomerSummary, f64)]) -> f64 {
    if !p.valid() {
        return f64::NAN;
    }
    rows.iter().map(|(c, w)| w * customer_ll(p, c)).sum()
}

/// Customers indexed for repeated likelihood evaluations (an optimiser's hundreds): the ₂F₁ terms of
/// [`ln_a0`] depend on a customer only through `(x, t_x)` and `(x, T)`, and the other terms through `x` or
/// `T`, so each is computed once per distinct value per evaluation instead of once per customer — the same
/// operations in the same order as [`log_likelihood_weighted`], so the same result to the last bit.
pub struct Prepared {
    index: Indexed,
    /// Distinct `(x, t)` pairs of the customers' `(x, t_x)` and `(x, T)`, as indices into the index's lists.
    pairs: Vec<(u32, u32)>,
    /// Per customer: its `(x, t_x)` and `(x, T)` pairs.
    at: Vec<(u32, u32)>,
    /// The per-pair terms of [`Prepared::eval_with_gradient`], kept between evaluations (an optimiser's
    /// passes would otherwise each allocate, and the system clear, tens of megabytes on a million customers).
    scratch: std::sync::Mutex<Vec<(f64, [f64; 4])>>,
}

impl Prepared {
    /// Indexes weighted customers.
    pub fn new(rows: &[(CustomerSummary, f64)]) -> Prepared {
        let index = Indexed::new(rows);
        let mut pairs = Vec::new();
        let mut pair_id: hashbrown::HashMap<(u32, u32), u32, foldhash::fast::FixedState> =
            hashbrown::HashMap::with_hasher(Default::default());
        let mut pair = |a: u32, b: u32| {
            *pair_id.entry((a, b)).or_insert_with(|| {
                pairs.push((a, b));
                (pairs.len() - 1) as u32
            })
        };
        let at: Vec<(u32, u32)> = index.rows.iter().map(|row| (pair(row.x, row.t_x), pair(row.x, row.t))).collect();
        // The pairs of one x together (their series share the coefficients, see `Coefficients`).
        let mut order: Vec<u32> = (0..pairs.len() as u32).collect();
        order.sort_unstable_by_key(|&i| pairs[i as usize]);
        let mut new_id = vec![0u32; pairs.len()];
        for (to, &from) in order.iter().enumerate() {
            new_id[from as usize] = to as u32;
        }
        let pairs = order.iter().map(|&i| pairs[i as usize]).collect();
        let at = at.iter().map(|&(a, b)| (new_id[a as usize], new_id[b as usize])).collect();
        Prepared { index, pairs, at, scratch: Default::default() }
    }

    /// Total log-likelihood (the same value as [`Prepared::log_likelihood`], to the bit) and its gradient with respect
    /// to (r, α, s, β). With `ℓ = head + ln(e^{alive} + e^{gone})`, `∂ℓ = ∂head + π ∂alive + (1−π) ∂gone`
    /// (π the alive share); `∂ ln A₀ = (∂l₁ − q ∂l₂)/(1 − q)` with `q = e^{l₂−l₁}`, each `l` from
    /// [`ln_hyp2f1_k_b_k1_grad`] through `k = r+s+x`, `b` (`s+1` or `r+x`), `z = |α−β|/(m+t)` and
    /// `−k ln(m+t)`; customers whose series does not settle take the quadrature's derivatives.
    pub fn eval_with_gradient(&self, p: &ParetoNbdParams) -> (f64, [f64; 4]) {
        let mut grad = [0.0f64; 4];
        if !p.valid() {
            return (f64::NAN, [f64::NAN; 4]);
        }
        let (r, alpha, s, beta) = (p.r, p.alpha, p.s, p.beta);
        let fixed = -ln_gamma(r) + r * alpha.ln() + s * beta.ln();
        let alpha_is_m = alpha >= beta;
        let psi_r = digamma(r);
        // Per x: ln Γ(r+x), ln(s/(r+s+x)), k, b, ∂head/∂r.
        let by_x: Vec<(f64, f64, f64, f64, f64)> = self
            .index
            .xs
            .iter()
            .map(|&x| {
                let k = r + s + x;
                let b = if alpha_is_m { s + 1.0 } else { r + x };
                (ln_gamma(r + x), (s / (r + s + x)).ln(), k, b, digamma(r + x) - psi_r + alpha.ln())
            })
            .collect();
        let m = alpha.max(beta);
        let d = (alpha - beta).abs();
        let by_t = by_t(&self.index.ts, alpha, beta);
        // Per (x, t): l and its gradient. The pairs of one x are consecutive (`Prepared::new`) and share k and
        // b, so their series' coefficients.
        let mut coefficients = Coefficients::new(true);
        let mut terms = self.scratch.lock().unwrap_or_else(|e| e.into_inner());
        terms.clear();
        terms.extend(self.pairs.iter().map(|&(xi, ti)| {
            let (_, _, k, b, _) = by_x[xi as usize];
            coefficients.set(k, b);
            let t = self.index.ts[ti as usize];
            // ln(1−z) = ln(o+t) − ln(m+t), as in `ln_a0`.
            let (la, lb) = by_t[ti as usize];
            let (lm, lo) = if alpha_is_m { (la, lb) } else { (lb, la) };
            let (f, fk, fb, fz) = coefficients.ln_value_grad(d / (m + t), lo - lm);
            let dk = fk - lm;
            let mt = m + t;
            let dl = if alpha_is_m {
                // m = α, b = s+1, z = (α−β)/(α+t).
                [dk, fz * (beta + t) / (mt * mt) - k / mt, dk + fb, -fz / mt]
            } else {
                // m = β, b = r+x, z = (β−α)/(β+t).
                [dk + fb, -fz / mt, dk, fz * (alpha + t) / (mt * mt) - k / mt]
            };
            (f - k * lm, dl)
        }));
        let mut total = 0.0;
        // The gradient summed by blocks of rows (a block's sum added to the total): its rounding stays some
        // 1e-15 of the terms' size, small against the differences of gradients the covariance takes
        // (`optimize::covariance_forward`); a running sum over a million rows would be tens of times that.
        let mut block = [0.0f64; 4];
        for (n, (row, &(at_tx, at_t))) in self.index.rows.iter().zip(&self.at).enumerate() {
            let c = &row.summary;
            let x = c.x as f64;
            let w = row.weight;
            let (ln_g, ln_s_k, kk, _, dhead_r) = by_x[row.x as usize];
            let head = ln_g + fixed;
            let (ln_at, ln_bt) = by_t[row.t as usize];
            let alive = -(r + x) * ln_at - s * ln_bt;
            let ((l1, d1), (l2, d2)) = (terms[at_tx as usize], terms[at_t as usize]);
            let (a0, da0) = if !(l1.is_finite() && l2.is_finite()) {
                quadrature(p, x, c.t_x, c.t, true)
            } else if l2 >= l1 {
                (f64::NEG_INFINITY, [0.0; 4])
            } else {
                // q = e^{l₂−l₁} = 1 + expm1(l₂−l₁), the expm1 that the value needs anyway.
                let em1 = (l2 - l1).exp_m1();
                let da = std::array::from_fn(|i| (d1[i] - (1.0 + em1) * d2[i]) / -em1);
                (l1 + (-em1).ln(), da)
            };
            let gone = ln_s_k + a0;
            // `log_add_exp(alive, gone)`, its operations written out to keep e = e^{lo−hi}: the shares
            // e^{alive−lse} and e^{gone−lse} are 1/(1+e) and e/(1+e) without two more exponentials.
            let alive_is_hi = alive >= gone;
            let (hi, lo) = if alive_is_hi { (alive, gone) } else { (gone, alive) };
            let e = (lo - hi).exp();
            let lse = if hi == f64::NEG_INFINITY { hi } else { hi + (1.0 + e).ln() };
            total += w * (head + lse);
            let (p_hi, p_lo) = (1.0 / (1.0 + e), e / (1.0 + e));
            let (pi, pg) = if alive_is_hi { (p_hi, p_lo) } else { (p_lo, p_hi) };
            let t_cal = c.t;
            let dhead = [dhead_r, r / alpha, beta.ln(), s / beta];
            let dalive = [-ln_at, -(r + x) / (alpha + t_cal), -ln_bt, -s / (beta + t_cal)];
            let dgone = [-1.0 / kk + da0[0], da0[1], 1.0 / s - 1.0 / kk + da0[2], da0[3]];
            for i in 0..4 {
                block[i] += w * (dhead[i] + pi * dalive[i] + pg * dgone[i]);
            }
            if n % BLOCK == BLOCK - 1 {
                for i in 0..4 {
                    grad[i] += std::mem::take(&mut block[i]);
                }
            }
        }
        for i in 0..4 {
            grad[i] += block[i];
        }
        (total, grad)
    }

    /// Total log-likelihood (`NaN` outside the domain); equal to [`log_likelihood_weighted`] on the rows.
    pub fn log_likelihood(&self, p: &ParetoNbdParams) -> f64 {
        if !p.valid() {
            return f64::NAN;
        }
        let (r, alpha, s, beta) = (p.r, p.alpha, p.s, p.beta);
        let fixed = -ln_gamma(r) + r * alpha.ln() + s * beta.ln();
        let by_x: Vec<(f64, f64, f64, f64)> = self
            .index
            .xs
            .iter()
            .map(|&x| {
                let k = r + s + x;
                let b = if alpha >= beta { s + 1.0 } else { r + x };
                // head without the constant part, ln(s/(r+s+x)), k, b
                (ln_gamma(r + x), (s / (r + s + x)).ln(), k, b)
            })
            .collect();
        let m = alpha.max(beta);
        let d = (alpha - beta).abs();
        let by_t = by_t(&self.index.ts, alpha, beta);
        let mut coefficients = Coefficients::new(false);
        let terms: Vec<f64> = self
            .pairs
            .iter()
            .map(|&(xi, ti)| {
                let (_, _, k, b) = by_x[xi as usize];
                coefficients.set(k, b);
                let t = self.index.ts[ti as usize];
                let (la, lb) = by_t[ti as usize];
                let (lm, lo) = if alpha >= beta { (la, lb) } else { (lb, la) };
                coefficients.ln_value(d / (m + t), lo - lm) - k * lm
            })
            .collect();
        self.index
            .rows
            .iter()
            .zip(&self.at)
            .map(|(row, &(at_tx, at_t))| {
                let c = &row.summary;
                let x = c.x as f64;
                let (ln_g, ln_s_k, _, _) = by_x[row.x as usize];
                let head = ln_g + fixed;
                let (ln_at, ln_bt) = by_t[row.t as usize];
                let alive = -(r + x) * ln_at - s * ln_bt;
                let (l1, l2) = (terms[at_tx as usize], terms[at_t as usize]);
                let a0 = if !(l1.is_finite() && l2.is_finite()) {
                    ln_a0_by_quadrature(p, x, c.t_x, c.t)
                } else if l2 >= l1 {
                    f64::NEG_INFINITY
                } else {
                    l1 + (-(l2 - l1).exp_m1()).ln()
                };
                row.weight * (head + log_add_exp(alive, ln_s_k + a0))
            })
            .sum()
    }
}

/// Rows per block of [`Prepared::eval_with_gradient`]'s gradient sum.
const BLOCK: usize = 1024;

/// Per distinct time `t`: `ln(α+t)` and `ln(β+t)` (the ₂F₁ terms need `ln(m+t)` and, for `ln(1−z)`,
/// `ln(min(α, β)+t)`: both, at every time).
fn by_t(ts: &[f64], alpha: f64, beta: f64) -> Vec<(f64, f64)> {
    ts.iter().map(|&t| ((alpha + t).ln(), (beta + t).ln())).collect()
}

/// Total log-likelihood of the customers.
pub fn log_likelihood(p: &ParetoNbdParams, customers: &[CustomerSummary]) -> f64 {
    if !p.valid() {
        return f64::NAN;
    }
    customers.iter().map(|c| customer_ll(p, c)).sum()
}

/// P(alive at T | x, t_x, T).
pub fn p_alive(p: &ParetoNbdParams, x: u32, t_x: f64, t: f64) -> f64 {
    let xf = x as f64;
    let l = (p.s / (p.r + p.s + xf)).ln() + (p.r + xf) * (p.alpha + t).ln() + p.s * (p.beta + t).ln() + ln_a0(p, xf, t_x, t);
    if l.is_nan() {
        return f64::NAN;
    }
    (-ln1p_exp(l)).exp()
}

/// Expected purchases in `(T, T+t]` of a customer who is still active at `T`.
pub fn expected_if_alive(p: &ParetoNbdParams, x: u32, t_cal: f64, t: f64) -> f64 {
    if !(t > 0.0) {
        return 0.0;
    }
    let bt = p.beta + t_cal;
    let l = (bt / (bt + t)).ln(); // < 0
    let sm1 = p.s - 1.0;
    let factor = if sm1.abs() < 1e-12 { -l } else { -(sm1 * l).exp_m1() / sm1 };
    (p.r + x as f64) / (p.alpha + t_cal) * bt * factor
}

/// Expected purchases in `(T, T+t]` of a customer with `(x, t_x, T)`.
pub fn conditional_expected(p: &ParetoNbdParams, x: u32, t_x: f64, t_cal: f64, t: f64) -> f64 {
    expected_if_alive(p, x, t_cal, t) * p_alive(p, x, t_x, t_cal)
}

/// Expected purchases of a new customer in `(0, t]`.
pub fn expected_purchases(p: &ParetoNbdParams, t: f64) -> f64 {
    expected_if_alive(p, 0, 0.0, t)
}

/// Deterministic starts (log-parameters): r over a range with α matching the observed rate; s and β
/// over slow and fast drop-out.
pub fn starts(customers: &[CustomerSummary]) -> Vec<Vec<f64>> {
    let n = customers.len().max(1) as f64;
    let mean_x = customers.iter().map(|c| c.x as f64).sum::<f64>() / n;
    let mean_t = customers.iter().map(|c| c.t).sum::<f64>() / n;
    let rate = (mean_x.max(0.05) / mean_t.max(1e-6)).clamp(1e-6, 1e6);
    let tt = mean_t.max(1e-3);
    [(0.5, 0.5, 1.0), (1.0, 1.0, 0.3), (0.25, 2.0, 3.0)]
        .iter()
        .map(|&(r, s, bscale): &(f64, f64, f64)| vec![r.ln(), (r / rate).ln(), s.ln(), (bscale * tt).ln()])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Simpson's rule with `n` (even) intervals.
    fn simpson(f: impl Fn(f64) -> f64, a: f64, b: f64, n: usize) -> f64 {
        let h = (b - a) / n as f64;
        let mut s = f(a) + f(b);
        for i in 1..n {
            s += f(a + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
        }
        s * h / 3.0
    }

    /// Oracle: the likelihood as an integral over the drop-out time τ. With λ integrated out (Gamma
    /// moments) and the Pareto (Lomax) density of τ, `L = Γ(r+x)/Γ(r) α^r [ (α+T)^{−(r+x)} (β/(β+T))^s +
    /// ∫_{t_x}^{T} (α+τ)^{−(r+x)} s β^s (β+τ)^{−(s+1)} dτ ]` — the model's definition, not the ₂F₁ form.
    fn ll_by_integration(p: &ParetoNbdParams, c: &CustomerSummary) -> f64 {
        let x = c.x as f64;
        let (r, a, s, b) = (p.r, p.alpha, p.s, p.beta);
        let alive = (-(r + x) * (a + c.t).ln() + s * (b / (b + c.t)).ln()).exp();
        let integral =
            simpson(|tau| (-(r + x) * (a + tau).ln() + s.ln() + s * b.ln() - (s + 1.0) * (b + tau).ln()).exp(), c.t_x, c.t, 20_000);
        ln_gamma(r + x) - ln_gamma(r) + r * a.ln() + (alive + integral).ln()
    }

    #[test]
    fn likelihood_matches_numerical_integration() {
        let params = [
            ParetoNbdParams { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 },
            ParetoNbdParams { r: 0.55, alpha: 20.0, s: 0.61, beta: 3.0 },
            ParetoNbdParams { r: 2.0, alpha: 1.5, s: 1.0, beta: 40.0 },
        ];
        let rows =
            [(0, 0.0, 38.86), (2, 30.43, 38.86), (1, 1.71, 38.86), (7, 29.43, 38.86), (0, 0.0, 3.0), (15, 10.0, 12.0), (3, 5.0, 5.0)];
        for p in &params {
            for &(x, t_x, t) in &rows {
                let c = CustomerSummary { x, t_x, t, monetary: 0.0 };
                let (got, want) = (customer_ll(p, &c), ll_by_integration(p, &c));
                assert!((got - want).abs() < 1e-8 * want.abs().max(1.0), "{p:?} {c:?}: {got} vs {want}");
            }
        }
    }

    /// Oracle: `ln A₀` by the Euler-transformed ₂F₁ series (the module doc's closed form) where its argument
    /// is at most 0.999 at both ends (≤ 40,000 terms, summed as long as it takes); beyond, where the series
    /// would need millions of terms and loses digits to cancellation, Simpson's rule with 200,000 intervals
    /// over `u = ln(min(α, β) + τ)` of the integral definition (eq. 11–12), summed in logs.
    fn ln_a0_oracle(p: &ParetoNbdParams, x: f64, t_x: f64, t: f64) -> f64 {
        let k = p.r + p.s + x;
        let (m, b) = if p.alpha >= p.beta { (p.alpha, p.s + 1.0) } else { (p.beta, p.r + x) };
        let d = (p.alpha - p.beta).abs();
        if d / (m + t_x) <= 0.999 {
            let ln_f = |z: f64| {
                let c = k + 1.0 - b;
                let (mut u, mut sum, mut j) = (1.0f64, 1.0f64, 0.0f64);
                loop {
                    u *= (c + j) / (k + 1.0 + j) * z;
                    sum += u;
                    j += 1.0;
                    if u < 1e-18 * sum {
                        break;
                    }
                }
                (1.0 - b) * (-z).ln_1p() + sum.ln()
            };
            let l1 = ln_f(d / (m + t_x)) - k * (m + t_x).ln();
            let l2 = ln_f(d / (m + t)) - k * (m + t).ln();
            return l1 + (-(l2 - l1).exp_m1()).ln();
        }
        let c = p.alpha.min(p.beta);
        let (u0, u1) = ((c + t_x).ln(), (c + t).ln());
        let n = 200_000;
        let h = (u1 - u0) / n as f64;
        // dτ = e^u du; τ = e^u − c.
        let g = |u: f64| u - (p.r + x) * (p.alpha - c + u.exp()).ln() - (p.s + 1.0) * (p.beta - c + u.exp()).ln();
        let terms: Vec<f64> =
            (0..=n).map(|i| g(u0 + i as f64 * h) + [1f64, 4.0, 2.0][if i == 0 || i == n { 0 } else { 2 - i % 2 }].ln()).collect();
        let top = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        top + terms.iter().map(|v| (v - top).exp()).sum::<f64>().ln() + (h / 3.0).ln() + k.ln()
    }

    #[test]
    fn quadrature_matches_the_series_over_a_wide_grid() {
        // Source: the closed form (Fader & Hardie's note, eq. 19–22) or the integral, as `ln_a0_oracle`. Scales from
        // equal to 10⁶ apart in both directions, shapes from 0.1 to 50, purchases 0 to 200, customers seen from
        // a week to two years; the quadrature must give ln A₀ within 1e-9 (relative to |ln A₀|, at least 1e-9).
        let mut worst: f64 = 0.0;
        for &(alpha, beta) in &[(10.58, 11.67), (1.0, 100.0), (100.0, 1.0), (0.05, 500.0), (2e4, 3.0), (5.0, 3e6), (4e6, 0.5)] {
            for &(r, s) in &[(0.55, 0.61), (0.1, 3.0), (5.0, 0.2), (50.0, 1.0)] {
                for &x in &[0.0, 1.0, 7.0, 40.0, 200.0] {
                    for &(t_x, t) in &[(0.0, 1.0), (0.0, 38.86), (2.0, 38.86), (30.43, 38.86), (10.0, 104.0)] {
                        if x == 0.0 && t_x > 0.0 {
                            continue;
                        }
                        let p = ParetoNbdParams { r, alpha, s, beta };
                        let (got, want) = (ln_a0_by_quadrature(&p, x, t_x, t), ln_a0_oracle(&p, x, t_x, t));
                        let err = (got - want).abs() / want.abs().max(1.0);
                        worst = worst.max(err);
                        assert!(err < 1e-9, "{p:?} x {x} t_x {t_x} T {t}: {got} vs {want}");
                    }
                }
            }
        }
        eprintln!("worst relative error of ln A0 by quadrature: {worst:e}");
    }

    #[test]
    fn quadrature_fallback_matches_the_series() {
        // Far apart α and β (argument near 1): finite, P(alive) a probability, and the likelihood equal to the
        // integral over the drop-out time.
        let q = ParetoNbdParams { r: 0.7, alpha: 9.0, s: 0.5, beta: 1e7 };
        let c = CustomerSummary { x: 3, t_x: 10.0, t: 40.0, monetary: 0.0 };
        assert!(customer_ll(&q, &c).is_finite());
        let v = p_alive(&q, 3, 10.0, 40.0);
        assert!((0.0..=1.0).contains(&v), "{v}");
        assert!((customer_ll(&q, &c) - ll_by_integration(&q, &c)).abs() < 1e-6);
    }

    #[test]
    fn prepared_likelihood_is_the_plain_sum_to_the_bit() {
        // Oracle: `log_likelihood_weighted`, the per-customer formula. Customers with repeated x, t_x and T (the
        // sharing the index exploits), weights, and parameters where the series works, where it does not
        // (α, β 10⁶ apart: quadrature) and outside the domain.
        let mut rng = crate::rng::Rng::new(11);
        let rows: Vec<(CustomerSummary, f64)> = (0..3_000)
            .map(|_| {
                let x = (rng.f64() * 12.0) as u32;
                let t = 1.0 + (rng.f64() * 40.0).floor() / 7.0 * 7.0;
                let t_x = if x == 0 { 0.0 } else { (rng.f64() * t * 7.0).floor() / 7.0 };
                (CustomerSummary { x, t_x, t, monetary: 0.0 }, 1.0 + (rng.f64() * 3.0).floor())
            })
            .collect();
        let prepared = Prepared::new(&rows);
        assert!(prepared.pairs.len() < rows.len(), "the fixture shares pairs");
        for p in [
            ParetoNbdParams { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 },
            ParetoNbdParams { r: 2.0, alpha: 1.5, s: 1.0, beta: 40.0 },
            ParetoNbdParams { r: 0.7, alpha: 9.0, s: 0.5, beta: 1e7 },
            ParetoNbdParams { r: 3e4, alpha: 2e5, s: 0.3, beta: 2.0 },
            ParetoNbdParams { r: -1.0, alpha: 1.0, s: 1.0, beta: 1.0 },
        ] {
            let (a, b) = (prepared.log_likelihood(&p), log_likelihood_weighted(&p, &rows));
            assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "{p:?}: {a} vs {b}");
        }
    }

    #[test]
    fn gradient_matches_finite_differences() {
        // Oracle: central differences of the likelihood (step 1e-6 relative). Parameters where the series
        // works (α ≥ β and α < β) and where every customer takes the quadrature (α, β 10⁵ apart both ways);
        // customers with t_x = T, x = 0, and many purchases.
        let rows: Vec<(CustomerSummary, f64)> = [
            (0, 0.0, 38.86),
            (2, 30.43, 38.86),
            (1, 1.71, 38.86),
            (7, 29.43, 38.86),
            (0, 0.0, 31.0),
            (12, 5.0, 20.0),
            (3, 20.0, 20.0),
            (40, 30.0, 52.0),
        ]
        .iter()
        .map(|&(x, t_x, t)| (CustomerSummary { x, t_x, t, monetary: 0.0 }, 2.0))
        .collect();
        let prepared = Prepared::new(&rows);
        for p in [
            ParetoNbdParams { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 },
            ParetoNbdParams { r: 0.55, alpha: 20.0, s: 0.61, beta: 3.0 },
            ParetoNbdParams { r: 2.0, alpha: 1.5, s: 1.7, beta: 40.0 },
            ParetoNbdParams { r: 0.7, alpha: 9.0, s: 0.5, beta: 1e6 },
            ParetoNbdParams { r: 5.0, alpha: 4e5, s: 0.9, beta: 2.0 },
        ] {
            let (value, g) = prepared.eval_with_gradient(&p);
            assert_eq!(value.to_bits(), prepared.log_likelihood(&p).to_bits(), "{p:?}");
            let v = [p.r, p.alpha, p.s, p.beta];
            for i in 0..4 {
                let h = 1e-6 * v[i];
                let (mut up, mut dn) = (v, v);
                up[i] += h;
                dn[i] -= h;
                let f = |w: [f64; 4]| prepared.log_likelihood(&ParetoNbdParams { r: w[0], alpha: w[1], s: w[2], beta: w[3] });
                let fd = (f(up) - f(dn)) / (2.0 * h);
                assert!((fd - g[i]).abs() < 1e-6 * fd.abs().max(1.0), "{p:?} component {i}: {fd} vs {}", g[i]);
            }
        }
    }

    #[test]
    fn btyd_walkthrough_p_alive() {
        // BTYD walkthrough (Dziurzynski, Wadsworth & McCarthy, CRAN vignette "BTYD-walkthrough", p. 8), as
        // lifetimes' test_conditional_probability_alive: params (0.5534, 10.5802, 0.6061, 11.6562), customer
        // x 26, t_x 30.86, T 31 → P(alive) 0.9979.
        let p = ParetoNbdParams { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };
        assert!((p_alive(&p, 26, 30.86, 31.0) - 0.9979).abs() < 1e-3);
    }

    #[test]
    fn p_alive_stays_a_probability_on_extreme_inputs() {
        // lifetimes' test_conditional_probability_alive_overflow_error parameters, plus a grid.
        let p = ParetoNbdParams { r: 10.465, alpha: 7.985_651_81e-3, s: 3.0516, beta: 2.820 };
        for (x, t_x, t) in [(40, 5.0, 6.0), (50, 1.0, 37.0), (50, 4.0, 37.0)] {
            let v = p_alive(&p, x, t_x, t);
            assert!((0.0..=1.0).contains(&v), "{v}");
        }
        let q = ParetoNbdParams { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 };
        for x in (0..100).step_by(10) {
            for t_x in (0..100).step_by(10) {
                for t in (t_x..100).step_by(10) {
                    let v = p_alive(&q, x, t_x as f64, t as f64);
                    assert!((0.0..=1.0).contains(&v), "x {x} t_x {t_x} T {t}: {v}");
                }
            }
        }
    }

    #[test]
    fn expectations_at_s_one_are_the_limit() {
        let p = ParetoNbdParams { r: 0.5, alpha: 10.0, s: 1.0, beta: 10.0 };
        let near = |s: f64| expected_purchases(&ParetoNbdParams { s, ..p }, 52.0);
        let at = expected_purchases(&p, 52.0);
        assert!((at - 0.5 * (near(1.0 + 1e-7) + near(1.0 - 1e-7))).abs() < 1e-6, "{at}");
    }
}
