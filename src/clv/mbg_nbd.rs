//! The MBG/NBD purchase model (Batislam, Denizel & Filiztekin 2007; Wagner & Hoppe 2008, erratum).
//!
//! As BG/NBD, but a customer may also drop out right at the first purchase: after each purchase,
//! the first included, they stop with probability p ~ Beta(a, b). So customers without a repeat purchase
//! can be gone too, which BG/NBD cannot say (there P(alive) = 1 when x = 0).
//!
//! Likelihood (as lifetimes' `ModifiedBetaGeoFitter`), in logs:
//! `ℓ = A₁ + A₂ + A₃ + ln(1 + e^{A₄})` with `A₁ = ln Γ(r+x) − ln Γ(r) + r ln α`,
//! `A₂ = ln Γ(a+b) + ln Γ(b+x+1) − ln Γ(b) − ln Γ(a+b+x+1)`, `A₃ = −(r+x) ln(α+T)` and
//! `A₄ = ln a − ln(b+x) + (r+x)(ln(α+T) − ln(α+t_x))`.
//!
//! Predictions (Batislam et al. appendix A; lifetimes):
//! - `P(alive) = 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^{r+x})`;
//! - expected purchases in the next `t` if alive: `(a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^{r+x}
//!   ₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t))]`, evaluated as `(a+b+x) · one_minus_f_over_b(a+b−r, a−1, a+b+x, z)`
//!   after Euler's transformation (see `special.rs`), finite at `a = 1`;
//! - a new customer's expected purchases in `(0, t]`: `b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b;
//!   t/(α+t))] = b · one_minus_f_over_b(a+b−r, a−1, a+b, t/(α+t))`.

use serde::{Deserialize, Serialize};

use super::special::{digamma, ln_gamma, ln1p_exp, one_minus_f_over_b, scaled_series_at};
use super::summary::{CustomerSummary, Indexed};

/// MBG/NBD parameters (the same names and meanings as BG/NBD).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MbgNbdParams {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Scale of the purchase-rate distribution (time units).
    pub alpha: f64,
    /// Drop-out Beta shape a.
    pub a: f64,
    /// Drop-out Beta shape b.
    pub b: f64,
}

/// Parameter names in optimiser order.
pub const NAMES: [&str; 4] = ["r", "alpha", "a", "b"];

impl MbgNbdParams {
    /// From the optimiser's log-parameters.
    pub fn from_theta(t: &[f64]) -> MbgNbdParams {
        MbgNbdParams { r: t[0].exp(), alpha: t[1].exp(), a: t[2].exp(), b: t[3].exp() }
    }

    fn valid(&self) -> bool {
        [self.r, self.alpha, self.a, self.b].iter().all(|v| v.is_finite() && *v > 0.0)
    }
}

fn a4(p: &MbgNbdParams, x: f64, t_x: f64, t: f64) -> f64 {
    p.a.ln() - (p.b + x).ln() + (p.r + x) * ((p.alpha + t).ln() - (p.alpha + t_x).ln())
}

/// One customer's log-likelihood.
pub fn customer_ll(p: &MbgNbdParams, c: &CustomerSummary) -> f64 {
    let x = c.x as f64;
    let MbgNbdParams { r, alpha, a, b } = *p;
    let a1 = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln();
    let a2 = ln_gamma(a + b) + ln_gamma(b + x + 1.0) - ln_gamma(b) - ln_gamma(a + b + x + 1.0);
    let a3 = -(r + x) * (alpha + c.t).ln();
    (a1 + a2) + a3 + ln1p_exp(a4(p, x, c.t_x, c.t))
}

/// The customers of a fit, indexed (see [`Indexed`]): `A₁ + A₂` and the first part of `A₄` once per
/// distinct `x`, `ln(α+t)` once per distinct time — the same operations in the same order as
/// [`log_likelihood_weighted`], so the same result to the last bit.
pub struct Prepared(Indexed);

impl Prepared {
    /// Indexes weighted customers.
    pub fn new(rows: &[(CustomerSummary, f64)]) -> Prepared {
        Prepared(Indexed::new(rows))
    }

    /// Total log-likelihood (`NaN` outside the domain); equal to [`log_likelihood_weighted`] on the rows.
    pub fn log_likelihood(&self, p: &MbgNbdParams) -> f64 {
        self.eval(p, false).0
    }

    /// Total log-likelihood and, when `with_grad`, its gradient with respect to (r, α, a, b): with
    /// σ = e^{A₄}/(1+e^{A₄}), `∂ℓ = ∂A₁ + ∂A₂ + ∂A₃ + σ ∂A₄`, where `∂A₁/∂r = ψ(r+x) − ψ(r) + ln α`,
    /// `∂A₁/∂α = r/α`, `∂A₂/∂a = ψ(a+b) − ψ(a+b+x+1)`, `∂A₂/∂b = ψ(a+b) + ψ(b+x+1) − ψ(b) − ψ(a+b+x+1)`,
    /// `∂A₃/∂r = −ln(α+T)`, `∂A₃/∂α = −(r+x)/(α+T)`, `∂A₄/∂r = ln(α+T) − ln(α+t_x)`,
    /// `∂A₄/∂α = (r+x)(1/(α+T) − 1/(α+t_x))`, `∂A₄/∂a = 1/a`, `∂A₄/∂b = −1/(b+x)`.
    pub fn eval(&self, p: &MbgNbdParams, with_grad: bool) -> (f64, [f64; 4]) {
        let mut g = [0.0; 4];
        if !p.valid() {
            return (f64::NAN, [f64::NAN; 4]);
        }
        let MbgNbdParams { r, alpha, a, b } = *p;
        let by_x: Vec<(f64, f64)> = self
            .0
            .xs
            .iter()
            .map(|&x| {
                let a1 = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln();
                let a2 = ln_gamma(a + b) + ln_gamma(b + x + 1.0) - ln_gamma(b) - ln_gamma(a + b + x + 1.0);
                (a1 + a2, a.ln() - (b + x).ln())
            })
            .collect();
        let ln_at: Vec<f64> = self.0.ts.iter().map(|&t| (alpha + t).ln()).collect();
        if !with_grad {
            let total = self
                .0
                .rows
                .iter()
                .map(|row| {
                    let x = f64::from(row.summary.x);
                    let (a12, a4_head) = by_x[row.x as usize];
                    let (at, atx) = (ln_at[row.t as usize], ln_at[row.t_x as usize]);
                    let a3 = -(r + x) * at;
                    row.weight * (a12 + a3 + ln1p_exp(a4_head + (r + x) * (at - atx)))
                })
                .sum();
            return (total, g);
        }
        let (psi_r, psi_ab) = (digamma(r), digamma(a + b));
        // ∂(A₁+A₂)/∂(r, a, b) per x (∂/∂α = r/α for every x).
        let d12: Vec<[f64; 3]> = self
            .0
            .xs
            .iter()
            .map(|&x| {
                let psi_abx = digamma(a + b + x + 1.0);
                [digamma(r + x) - psi_r + alpha.ln(), psi_ab - psi_abx, psi_ab + digamma(b + x + 1.0) - digamma(b) - psi_abx]
            })
            .collect();
        let inv_at: Vec<f64> = self.0.ts.iter().map(|&t| 1.0 / (alpha + t)).collect();
        let mut total = 0.0;
        for row in &self.0.rows {
            let x = f64::from(row.summary.x);
            let w = row.weight;
            let (a12, a4_head) = by_x[row.x as usize];
            let (at, atx) = (ln_at[row.t as usize], ln_at[row.t_x as usize]);
            let a3 = -(r + x) * at;
            let a4 = a4_head + (r + x) * (at - atx);
            // ln1p_exp(a4), its operations written out to keep the exponential for σ = e^{A₄}/(1+e^{A₄}).
            let (soft, sigma) = if a4 > 35.0 {
                let e = (-a4).exp();
                (a4 + e.ln_1p(), 1.0 / (1.0 + e))
            } else {
                let e = a4.exp();
                (e.ln_1p(), e / (1.0 + e))
            };
            total += w * (a12 + a3 + soft);
            let (it, itx) = (inv_at[row.t as usize], inv_at[row.t_x as usize]);
            let d = &d12[row.x as usize];
            g[0] += w * (d[0] - at + sigma * (at - atx));
            g[1] += w * (r / alpha - (r + x) * it + sigma * (r + x) * (it - itx));
            g[2] += w * (d[1] + sigma / a);
            g[3] += w * (d[2] - sigma / (b + x));
        }
        (total, g)
    }
}

/// Total log-likelihood over weighted customers (`NaN` outside the domain).
pub fn log_likelihood_weighted(p: &MbgNbdParams, rows: &[(CustomerSummary, f64)]) -> f64 {
    if !p.valid() {
        return f64::NAN;
    }
    rows.iter().map(|(c, w)| w * customer_ll(p, c)).sum()
}

/// Total log-likelihood of the customers.
pub fn log_likelihood(p: &MbgNbdParams, customers: &[CustomerSummary]) -> f64 {
    if !p.valid() {
        return f64::NAN;
    }
    customers.iter().map(|c| customer_ll(p, c)).sum()
}

/// P(alive at T | x, t_x, T).
pub fn p_alive(p: &MbgNbdParams, x: u32, t_x: f64, t: f64) -> f64 {
    (-ln1p_exp(a4(p, x as f64, t_x, t))).exp()
}

/// Expected purchases in `(T, T+t]` of a customer still active at `T`.
pub fn expected_if_alive(p: &MbgNbdParams, x: u32, t_cal: f64, t: f64) -> f64 {
    if !(t > 0.0) {
        return 0.0;
    }
    let xf = x as f64;
    let c = p.a + p.b + xf;
    c * one_minus_f_over_b(p.a + p.b - p.r, p.a - 1.0, c, t / (p.alpha + t_cal + t))
}

/// [`expected_if_alive`] at every horizon of `ts`, into `out`: the series of all horizons summed in one
/// pass ([`scaled_series_at`]), equal to the one-at-a-time values within 1e-12 relative.
pub fn expected_if_alive_at(p: &MbgNbdParams, x: u32, t_cal: f64, ts: &[f64], out: &mut [f64]) {
    scaled_series_at(p.a + p.b - p.r, p.a - 1.0, p.a + p.b + x as f64, p.alpha, t_cal, ts, out);
}

/// Expected purchases in `(T, T+t]` of a customer with `(x, t_x, T)`.
pub fn conditional_expected(p: &MbgNbdParams, x: u32, t_x: f64, t_cal: f64, t: f64) -> f64 {
    expected_if_alive(p, x, t_cal, t) * p_alive(p, x, t_x, t_cal)
}

/// Expected purchases of a new customer in `(0, t]`.
pub fn expected_purchases(p: &MbgNbdParams, t: f64) -> f64 {
    if !(t > 0.0) {
        return 0.0;
    }
    p.b * one_minus_f_over_b(p.a + p.b - p.r, p.a - 1.0, p.a + p.b, t / (p.alpha + t))
}

/// Deterministic starts (log-parameters), as for BG/NBD.
pub fn starts(customers: &[CustomerSummary]) -> Vec<Vec<f64>> {
    let n = customers.len().max(1) as f64;
    let mean_x = customers.iter().map(|c| c.x as f64).sum::<f64>() / n;
    let mean_t = customers.iter().map(|c| c.t).sum::<f64>() / n;
    let rate = (mean_x.max(0.05) / mean_t.max(1e-6)).clamp(1e-6, 1e6);
    [(1.0, 1.0, 1.0), (0.25, 0.8, 2.5), (0.5, 0.5, 5.0), (2.0, 2.0, 2.0)]
        .iter()
        .map(|&(r, a, b): &(f64, f64, f64)| vec![r.ln(), (r / rate).ln(), a.ln(), b.ln()])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradient_matches_finite_differences() {
        // Oracle: central differences of the likelihood (step 1e-6 relative), at the CDNOW-like estimates
        // and far from them.
        let rows: Vec<(CustomerSummary, f64)> =
            [(0, 0.0, 38.86), (2, 30.43, 38.86), (1, 1.71, 38.86), (7, 29.43, 38.86), (0, 0.0, 31.0), (12, 5.0, 20.0)]
                .iter()
                .map(|&(x, t_x, t)| (CustomerSummary { x, t_x, t, monetary: 0.0 }, 2.0))
                .collect();
        let prepared = Prepared::new(&rows);
        for p in [MbgNbdParams { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, MbgNbdParams { r: 3.0, alpha: 0.5, a: 4.0, b: 0.2 }] {
            let (value, g) = prepared.eval(&p, true);
            assert_eq!(value.to_bits(), prepared.log_likelihood(&p).to_bits());
            let v = [p.r, p.alpha, p.a, p.b];
            for i in 0..4 {
                let h = 1e-6 * v[i];
                let (mut up, mut dn) = (v, v);
                up[i] += h;
                dn[i] -= h;
                let f = |w: [f64; 4]| prepared.log_likelihood(&MbgNbdParams { r: w[0], alpha: w[1], a: w[2], b: w[3] });
                let fd = (f(up) - f(dn)) / (2.0 * h);
                assert!((fd - g[i]).abs() < 1e-6 * fd.abs().max(1.0), "{p:?} component {i}: {fd} vs {}", g[i]);
            }
        }
    }

    #[test]
    fn prepared_likelihood_is_the_plain_sum_to_the_bit() {
        // Oracle: `log_likelihood_weighted`, the per-customer formula, on customers sharing x, t_x and T.
        let mut rng = crate::rng::Rng::new(12);
        let rows: Vec<(CustomerSummary, f64)> = (0..3_000)
            .map(|_| {
                let x = (rng.f64() * 12.0) as u32;
                let t = 1.0 + (rng.f64() * 40.0).floor();
                let t_x = if x == 0 { 0.0 } else { (rng.f64() * t * 7.0).floor() / 7.0 };
                (CustomerSummary { x, t_x, t, monetary: 0.0 }, 1.0 + (rng.f64() * 3.0).floor())
            })
            .collect();
        let prepared = Prepared::new(&rows);
        for p in [
            MbgNbdParams { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 },
            MbgNbdParams { r: 3e4, alpha: 2e5, a: 1e-3, b: 50.0 },
            MbgNbdParams { r: 1.0, alpha: 1.0, a: -1.0, b: 1.0 },
        ] {
            let (x, y) = (prepared.log_likelihood(&p), log_likelihood_weighted(&p, &rows));
            assert!(x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()), "{p:?}: {x} vs {y}");
        }
    }

    fn ln_beta(a: f64, b: f64) -> f64 {
        ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b)
    }

    /// Oracle from the model's definition: given λ and p, alive after x + 1 survivals with likelihood
    /// `(1−p)^{x+1} λ^x e^{−λT}`, or gone after the last purchase, `p (1−p)^x λ^x e^{−λ t_x}`. Integrating
    /// λ ~ Gamma(r, α) gives `Γ(r+x)/Γ(r) α^r (α+t)^{−(r+x)}`; integrating p ~ Beta(a, b) gives the Beta
    /// function ratios `B(a, b+x+1)/B(a, b)` and `B(a+1, b+x)/B(a, b)`.
    fn ll_from_definition(p: &MbgNbdParams, c: &CustomerSummary) -> f64 {
        let x = c.x as f64;
        let MbgNbdParams { r, alpha, a, b } = *p;
        let g = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln();
        let alive = ln_beta(a, b + x + 1.0) - ln_beta(a, b) - (r + x) * (alpha + c.t).ln();
        let gone = ln_beta(a + 1.0, b + x) - ln_beta(a, b) - (r + x) * (alpha + c.t_x).ln();
        g + (alive.exp() + gone.exp()).ln()
    }

    #[test]
    fn likelihood_matches_the_definition() {
        let params = [MbgNbdParams { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, MbgNbdParams { r: 2.0, alpha: 1.0, a: 3.0, b: 0.5 }];
        for p in &params {
            for (x, t_x, t) in [(0, 0.0, 38.86), (2, 30.43, 38.86), (1, 1.71, 38.86), (7, 29.43, 38.86), (20, 1.0, 3.0)] {
                let c = CustomerSummary { x, t_x, t, monetary: 0.0 };
                let (got, want) = (customer_ll(p, &c), ll_from_definition(p, &c));
                assert!((got - want).abs() < 1e-10 * want.abs().max(1.0), "{p:?} {c:?}: {got} vs {want}");
            }
        }
    }

    /// Direct ₂F₁ series for moderate arguments.
    fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> f64 {
        let (mut t, mut s) = (1.0, 1.0);
        for j in 0..100_000 {
            let j = j as f64;
            t *= (a + j) * (b + j) / ((c + j) * (j + 1.0)) * z;
            s += t;
            if t.abs() < 1e-17 * s.abs() {
                break;
            }
        }
        s
    }

    #[test]
    fn expectations_match_lifetimes_formulas() {
        // lifetimes' ModifiedBetaGeoFitter formulas written out with a plain ₂F₁ series.
        let p = MbgNbdParams { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
        for t in [1.0, 10.0, 39.0] {
            let z = t / (p.alpha + t);
            let want = p.b / (p.a - 1.0) * (1.0 - hyp2f1(p.r, p.b + 1.0, p.a + p.b, z) * (p.alpha / (p.alpha + t)).powf(p.r));
            assert!((expected_purchases(&p, t) - want).abs() < 1e-9 * want, "t {t}");
        }
        let (x, t_x, tc, t) = (2u32, 30.43, 38.86, 39.0);
        let xf = x as f64;
        let hyp = hyp2f1(p.r + xf, p.b + xf + 1.0, p.a + p.b + xf, t / (p.alpha + tc + t));
        let num = (p.a + p.b + xf) / (p.a - 1.0) * (1.0 - hyp * ((p.alpha + tc) / (p.alpha + t + tc)).powf(p.r + xf));
        let den = 1.0 + p.a / (p.b + xf) * ((p.alpha + tc) / (p.alpha + t_x)).powf(p.r + xf);
        let got = conditional_expected(&p, x, t_x, tc, t);
        assert!((got - num / den).abs() < 1e-9, "{got} vs {}", num / den);
        // A new customer is a customer with x = 0 observed for T = 0.
        assert!((conditional_expected(&p, 0, 0.0, 0.0, 10.0) - expected_purchases(&p, 10.0)).abs() < 1e-12);
    }
}
