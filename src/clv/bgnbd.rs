//! The BG/NBD purchase model (Fader, Hardie & Lee 2005, "Counting your customers the easy way").
//!
//! While active, a customer buys at rate λ ~ Gamma(r, α); after each purchase they drop out with
//! probability p ~ Beta(a, b). Per customer the data are `x` repeat purchases, the time `t_x` of the last
//! one and the length `T` of the observation, all measured from the first purchase.
//!
//! Likelihood (their eq. 6, in logs): `ℓ = C(x) + ln(e^{A₃} + δ_{x>0} e^{A₄})` with
//! `C(x) = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)`,
//! `A₃ = −(r+x) ln(α+T)` and `A₄ = ln a − ln(b+x−1) − (r+x) ln(α+t_x)`; the two terms are added with
//! log-sum-exp. `C` depends on `x` only, so it is computed once per distinct `x`. The gradient is analytic
//! (digamma for the Γ terms).
//!
//! Predictions, from Fader, Hardie & Lee (2005) and Fader & Hardie's note "Computing P(alive) using the
//! BG/NBD model" (2008):
//! - `P(alive | x, t_x, T) = 1 / (1 + δ_{x>0} a/(b+x−1) · ((α+T)/(α+t_x))^{r+x})`;
//! - a new customer's expected purchases in `(0, t]` (eq. 7):
//!   `E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))]`;
//! - expected purchases in the next `t` (eq. 10): `E[Y(t) | x, t_x, T] = (a+b+x−1)/(a−1) ·
//!   [1 − ((α+T)/(α+T+t))^{r+x} ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive)`,
//!
//! both evaluated through [`one_minus_f_over_b`] (see `special.rs`), which is finite at `a = 1`.

use serde::{Deserialize, Serialize};

use super::optimize::{self, Diagnostics, Objective};
use super::special::{digamma, ln_gamma, ln1p_exp, log_add_exp, one_minus_f_over_b, scaled_series_at};
use super::summary::CustomerSummary;

/// BG/NBD parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BgNbdParams {
    /// Shape of the purchase-rate distribution (heterogeneity: small r = very unequal rates).
    pub r: f64,
    /// Scale of the purchase-rate distribution, in time units (mean rate = r / alpha).
    pub alpha: f64,
    /// Beta shape a of the drop-out probability (mean drop-out chance after a purchase = a / (a + b)).
    pub a: f64,
    /// Beta shape b of the drop-out probability.
    pub b: f64,
}

impl BgNbdParams {
    fn from_theta(t: &[f64]) -> BgNbdParams {
        BgNbdParams { r: t[0].exp(), alpha: t[1].exp(), a: t[2].exp(), b: t[3].exp() }
    }

    fn valid(&self) -> bool {
        [self.r, self.alpha, self.a, self.b].iter().all(|v| v.is_finite() && *v > 0.0)
    }
}

/// Parameter names in optimiser order.
pub const NAMES: [&str; 4] = ["r", "alpha", "a", "b"];

/// Per-`x` part of the log-likelihood, its gradient with respect to (r, α, a, b), and `ln a − ln(b + x − 1)`
/// of the drop-out term (used for `x > 0` only): computed once per distinct `x` rather than per row, the
/// same bits.
fn c_of_x(p: &BgNbdParams, x: f64) -> PerX {
    let BgNbdParams { r, alpha, a, b } = *p;
    let v = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln() + ln_gamma(b + x) - ln_gamma(b) - ln_gamma(a + b + x) + ln_gamma(a + b);
    let (pab, pabx) = (digamma(a + b), digamma(a + b + x));
    let g = [digamma(r + x) - digamma(r) + alpha.ln(), r / alpha, pab - pabx, digamma(b + x) - digamma(b) + pab - pabx];
    (v, g, a.ln() - (b + x - 1.0).ln())
}

/// What [`c_of_x`] gives.
type PerX = (f64, [f64; 4], f64);

/// Log-likelihood of one customer's `(x, t_x, T)` given the per-`x` part; adds the gradient (w.r.t.
/// parameters) scaled by `weight` into `grad` when asked.
fn customer_ll(p: &BgNbdParams, c: &CustomerSummary, cx: &PerX, grad: Option<(&mut [f64; 4], f64)>) -> f64 {
    let BgNbdParams { r, alpha, a, b } = *p;
    let x = c.x as f64;
    let la_t = (alpha + c.t).ln();
    let a3 = -(r + x) * la_t;
    let (ll, w, la_tx) = if c.x > 0 {
        let la_tx = (alpha + c.t_x).ln();
        let a4 = cx.2 - (r + x) * la_tx;
        let s = log_add_exp(a3, a4);
        (cx.0 + s, (a4 - s).exp(), la_tx)
    } else {
        (cx.0 + a3, 0.0, 0.0)
    };
    if let Some((g, weight)) = grad {
        let v = 1.0 - w;
        g[0] += weight * (cx.1[0] - v * la_t - w * la_tx);
        g[1] += weight * (cx.1[1] - v * (r + x) / (alpha + c.t) - if c.x > 0 { w * (r + x) / (alpha + c.t_x) } else { 0.0 });
        g[2] += weight * (cx.1[2] + if c.x > 0 { w / a } else { 0.0 });
        g[3] += weight * (cx.1[3] - if c.x > 0 { w / (b + x - 1.0) } else { 0.0 });
    }
    ll
}

/// The data prepared for repeated likelihood evaluations: customers with the same `(x, t_x, T)` merged into
/// one weighted row (summaries read from a file have whole-day times, so many are), the distinct `x`
/// values and each row's index into them.
pub struct Likelihood {
    rows: Vec<(CustomerSummary, f64)>,
    distinct_x: Vec<u32>,
    x_index: Vec<u32>,
}

impl Likelihood {
    /// Prepares the customers (merging equal summaries, sorting the distinct `x` once).
    pub fn new(customers: &[CustomerSummary]) -> Likelihood {
        let rows = super::model::compress(customers);
        let mut distinct_x: Vec<u32> = rows.iter().map(|(c, _)| c.x).collect();
        distinct_x.sort_unstable();
        distinct_x.dedup();
        let x_index = rows.iter().map(|(c, _)| distinct_x.partition_point(|&v| v < c.x) as u32).collect();
        Likelihood { rows, distinct_x, x_index }
    }

    /// Total log-likelihood and, when `with_grad`, its gradient with respect to (r, α, a, b).
    pub fn eval(&self, p: &BgNbdParams, with_grad: bool) -> (f64, [f64; 4]) {
        let mut g = [0.0; 4];
        if !p.valid() {
            return (f64::NAN, [f64::NAN; 4]);
        }
        let cx: Vec<PerX> = self.distinct_x.iter().map(|&x| c_of_x(p, x as f64)).collect();
        let mut total = 0.0;
        for ((c, w), &k) in self.rows.iter().zip(&self.x_index) {
            let part = &cx[k as usize];
            total += w * customer_ll(p, c, part, with_grad.then_some((&mut g, *w)));
        }
        (total, g)
    }
}

/// Total log-likelihood of the customers at `p` (FHL 2005 eq. 6 summed).
pub fn log_likelihood(p: &BgNbdParams, customers: &[CustomerSummary]) -> f64 {
    Likelihood::new(customers).eval(p, false).0
}

struct Neg {
    lik: Likelihood,
    n: f64,
}

impl Objective for Neg {
    fn dim(&self) -> usize {
        4
    }
    fn eval(&self, theta: &[f64]) -> (f64, Vec<f64>) {
        let p = BgNbdParams::from_theta(theta);
        let (ll, g) = self.lik.eval(&p, true);
        let scale = [p.r, p.alpha, p.a, p.b];
        (-ll / self.n, (0..4).map(|i| -g[i] * scale[i] / self.n).collect())
    }
    fn upper_bound(&self, i: usize) -> f64 {
        // r, a and b are shapes; α a scale.
        if i == 1 { optimize::LOG_BOUND } else { optimize::SHAPE_LOG_BOUND }
    }
}

/// A fitted BG/NBD model.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BgNbdFit {
    /// The estimates.
    pub params: BgNbdParams,
    /// Total log-likelihood at the estimates.
    pub log_likelihood: f64,
    /// Asymptotic standard errors (r, alpha, a, b) from the observed information; `None` where it is not
    /// positive definite.
    pub standard_errors: [Option<f64>; 4],
    /// Asymptotic covariance of the log-parameters (`None` when the information is not positive definite).
    pub log_covariance: Option<[[f64; 4]; 4]>,
    /// The search.
    pub diagnostics: Diagnostics,
}

/// Deterministic starts: r over a wide range, α set so that r/α is the observed purchase rate, (a, b) over
/// low, medium and high drop-out.
fn starts(customers: &[CustomerSummary]) -> Vec<Vec<f64>> {
    let n = customers.len().max(1) as f64;
    let mean_x = customers.iter().map(|c| c.x as f64).sum::<f64>() / n;
    let mean_t = customers.iter().map(|c| c.t).sum::<f64>() / n;
    let rate = (mean_x.max(0.05) / mean_t.max(1e-6)).clamp(1e-6, 1e6);
    [(1.0, 1.0, 1.0), (0.25, 0.8, 2.5), (0.5, 0.5, 5.0), (2.0, 2.0, 2.0), (0.1, 0.3, 10.0), (5.0, 3.0, 1.0)]
        .iter()
        .map(|&(r, a, b): &(f64, f64, f64)| vec![r.ln(), (r / rate).ln(), a.ln(), b.ln()])
        .collect()
}

/// Maximum likelihood fit. `None` when no start reaches a finite likelihood.
pub fn fit(customers: &[CustomerSummary]) -> Option<BgNbdFit> {
    let obj = Neg { lik: Likelihood::new(customers), n: customers.len().max(1) as f64 };
    let few = optimize::subsample(customers);
    let sub = (few.len() < customers.len()).then(|| Neg { lik: Likelihood::new(&few), n: few.len().max(1) as f64 });
    let (best, diagnostics) = optimize::fit(&obj, sub.as_ref().map(|s| s as &dyn Objective), &starts(customers), &NAMES)?;
    let params = BgNbdParams::from_theta(&best.theta);
    let grad = |v: &[f64]| -> Vec<f64> {
        let p = BgNbdParams { r: v[0], alpha: v[1], a: v[2], b: v[3] };
        obj.lik.eval(&p, true).1.to_vec()
    };
    let v = [params.r, params.alpha, params.a, params.b];
    let cov = optimize::covariance(&v, &grad);
    let se = optimize::standard_errors_of(4, cov.as_deref());
    Some(BgNbdFit {
        params,
        log_likelihood: -best.value * obj.n,
        standard_errors: [se[0], se[1], se[2], se[3]],
        log_covariance: cov.map(|c| optimize::log_covariance(&v, &c)),
        diagnostics,
    })
}

/// Probability that a customer with `(x, t_x, T)` is still active at `T`.
pub fn p_alive(p: &BgNbdParams, x: u32, t_x: f64, t: f64) -> f64 {
    if x == 0 {
        return 1.0;
    }
    let xf = x as f64;
    let l = p.a.ln() - (p.b + xf - 1.0).ln() + (p.r + xf) * ((p.alpha + t).ln() - (p.alpha + t_x).ln());
    (-ln1p_exp(l)).exp()
}

/// Expected purchases of a new customer in `(0, t]` (FHL 2005 eq. 7).
pub fn expected_purchases(p: &BgNbdParams, t: f64) -> f64 {
    if !(t > 0.0) {
        return 0.0;
    }
    let z = t / (p.alpha + t);
    (p.a + p.b - 1.0) * one_minus_f_over_b(p.a + p.b - 1.0 - p.r, p.a - 1.0, p.a + p.b - 1.0, z)
}

/// Expected purchases in `(T, T+t]` of a customer with `(x, t_x, T)` (FHL 2005 eq. 10).
pub fn conditional_expected(p: &BgNbdParams, x: u32, t_x: f64, t_cal: f64, t: f64) -> f64 {
    expected_if_alive(p, x, t_cal, t) * p_alive(p, x, t_x, t_cal)
}

/// Expected purchases in `(T, T+t]` of a customer still active at `T`: eq. 10 without its P(alive) factor.
pub fn expected_if_alive(p: &BgNbdParams, x: u32, t_cal: f64, t: f64) -> f64 {
    if !(t > 0.0) {
        return 0.0;
    }
    let xf = x as f64;
    let z = t / (p.alpha + t_cal + t);
    let c = p.a + p.b + xf - 1.0;
    c * one_minus_f_over_b(p.a + p.b - 1.0 - p.r, p.a - 1.0, c, z)
}

/// [`expected_if_alive`] at every horizon of `ts`, into `out`: the series of all horizons summed in one
/// pass ([`scaled_series_at`]), equal to the one-at-a-time values within 1e-12 relative.
pub fn expected_if_alive_at(p: &BgNbdParams, x: u32, t_cal: f64, ts: &[f64], out: &mut [f64]) {
    scaled_series_at(p.a + p.b - 1.0 - p.r, p.a - 1.0, p.a + p.b + x as f64 - 1.0, p.alpha, t_cal, ts, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cs(x: u32, t_x: f64, t: f64) -> CustomerSummary {
        CustomerSummary { x, t_x, t, monetary: 0.0 }
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let data = [cs(0, 0.0, 38.86), cs(2, 30.43, 38.86), cs(1, 1.71, 38.86), cs(7, 29.43, 38.86), cs(0, 0.0, 31.0)];
        let lik = Likelihood::new(&data);
        let p = BgNbdParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
        let (_, g) = lik.eval(&p, true);
        let v = [p.r, p.alpha, p.a, p.b];
        for i in 0..4 {
            let h = 1e-6 * v[i];
            let (mut up, mut dn) = (v, v);
            up[i] += h;
            dn[i] -= h;
            let f = |w: [f64; 4]| lik.eval(&BgNbdParams { r: w[0], alpha: w[1], a: w[2], b: w[3] }, false).0;
            let fd = (f(up) - f(dn)) / (2.0 * h);
            assert!((fd - g[i]).abs() < 1e-6 * fd.abs().max(1.0), "component {i}: {fd} vs {}", g[i]);
        }
    }

    #[test]
    fn conditional_expectation_at_zero_history_is_the_new_customer_curve() {
        // A customer with x = 0 observed for T = 0 is a new customer: eq. 10 reduces to eq. 7.
        let p = BgNbdParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
        for t in [1.0, 10.0, 39.0, 78.0] {
            let a = expected_purchases(&p, t);
            let b = conditional_expected(&p, 0, 0.0, 0.0, t);
            assert!((a - b).abs() < 1e-12 * a, "{a} vs {b}");
        }
    }
}
