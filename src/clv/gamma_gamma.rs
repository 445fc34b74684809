//! The Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: Using iso-value curves", and
//! Fader & Hardie's note "The Gamma-Gamma model of monetary value", 2013).
//!
//! A customer's transaction values are Gamma(p, ν) around their own mean p/ν; ν varies across customers
//! as Gamma(q, γ). Observed: `x` repeat transactions with mean value `m`. Density of `m` (the note's
//! eq. 3), in logs:
//! `ℓ = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ + m x)`.
//! Fitted on customers with `x > 0` and `m > 0`. The conditional expected average spend (eq. 5) is
//! `E[M | x, m] = p (γ + m x) / (px + q − 1)`, a weighted mean of the population mean `pγ/(q−1)` and the
//! customer's own `m`; with `x = 0` it is the population mean. The model assumes that spend and purchase
//! frequency are independent: [`correlation`] measures that in the data.

use serde::{Deserialize, Serialize};

use super::optimize::{self, Diagnostics, Objective};
use super::special::{digamma, ln_gamma};
use super::summary::CustomerSummary;

/// Gamma-Gamma parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct GammaGammaParams {
    /// Shape of each transaction's value around the customer's mean (large p = steady spend per visit).
    pub p: f64,
    /// Shape of the spread of customers' mean spend (the population mean is finite only when q > 1).
    pub q: f64,
    /// Scale of the spread of customers' mean spend, in currency units.
    pub gamma: f64,
}

/// Parameter names in optimiser order.
pub const NAMES: [&str; 3] = ["p", "q", "gamma"];

/// Whether a customer enters the spend fit: repeat buyer with a positive, finite mean repeat spend.
pub fn usable(c: &CustomerSummary) -> bool {
    c.x > 0 && c.monetary > 0.0 && c.monetary.is_finite()
}

/// Total log-likelihood over the usable customers and, when asked, the gradient w.r.t. (p, q, γ).
pub fn eval(par: &GammaGammaParams, customers: &[CustomerSummary], with_grad: bool) -> (f64, [f64; 3]) {
    let GammaGammaParams { p, q, gamma } = *par;
    if ![p, q, gamma].iter().all(|v| v.is_finite() && *v > 0.0) {
        return (f64::NAN, [f64::NAN; 3]);
    }
    let (lgq, lg) = (ln_gamma(q), gamma.ln());
    let dq = if with_grad { digamma(q) } else { 0.0 };
    let (mut ll, mut g) = (0.0, [0.0; 3]);
    for c in customers.iter().filter(|c| usable(c)) {
        let x = c.x as f64;
        let (px, lm, lx) = (p * x, c.monetary.ln(), x.ln());
        let lden = (gamma + c.monetary * x).ln();
        ll += ln_gamma(px + q) - ln_gamma(px) - lgq + q * lg + (px - 1.0) * lm + px * lx - (px + q) * lden;
        if with_grad {
            let dpq = digamma(px + q);
            g[0] += x * (dpq - digamma(px) + lm + lx - lden);
            g[1] += dpq - dq + lg - lden;
            g[2] += q / gamma - (px + q) / (gamma + c.monetary * x);
        }
    }
    (ll, g)
}

/// Total log-likelihood at `par` (customers that are not [`usable`] are skipped).
pub fn log_likelihood(par: &GammaGammaParams, customers: &[CustomerSummary]) -> f64 {
    eval(par, customers, false).0
}

/// Conditional expected average spend per transaction of a customer with `x` repeat transactions of mean
/// value `m` (with `x = 0` or a non-positive `m`: the population mean, `NaN` when `q ≤ 1`).
pub fn conditional_spend(par: &GammaGammaParams, x: u32, m: f64) -> f64 {
    let (x, m) = if x > 0 && m > 0.0 && m.is_finite() { (x as f64, m) } else { (0.0, 0.0) };
    let den = par.p * x + par.q - 1.0;
    if den <= 0.0 { f64::NAN } else { par.p * (par.gamma + m * x) / den }
}

/// Pearson correlation of `x` and mean spend over the usable customers (`None` with fewer than 3 or no
/// spread).
pub fn correlation(customers: &[CustomerSummary]) -> Option<f64> {
    let pts: Vec<(f64, f64)> = customers.iter().filter(|c| usable(c)).map(|c| (c.x as f64, c.monetary)).collect();
    let n = pts.len() as f64;
    if pts.len() < 3 {
        return None;
    }
    let (mx, my) = (pts.iter().map(|p| p.0).sum::<f64>() / n, pts.iter().map(|p| p.1).sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in &pts {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// The usable customers prepared for repeated evaluations of [`eval`]: the terms that do not change with
/// the parameters (ln m, ln x, m·x) once per customer, and the ones that depend on the customer only
/// through `x` (ln Γ(px+q) − ln Γ(px) and the digammas) once per distinct `x` and evaluation. The sums run
/// over the customers in the same order with the same expressions, so the result has the same bits as
/// [`eval`]'s.
pub struct Prepared {
    /// The distinct `x` (as f64), in order of first appearance.
    xs: Vec<f64>,
    /// Per usable customer: index into `xs`, m, ln m, ln x, m·x.
    rows: Vec<(u32, f64, f64, f64, f64)>,
}

impl Prepared {
    /// Prepares the usable customers of `customers`.
    pub fn new(customers: &[CustomerSummary]) -> Prepared {
        let mut xs: Vec<f64> = Vec::new();
        let mut index: hashbrown::HashMap<u32, u32, foldhash::fast::FixedState> = Default::default();
        let rows = customers
            .iter()
            .filter(|c| usable(c))
            .map(|c| {
                let k = *index.entry(c.x).or_insert_with(|| {
                    xs.push(c.x as f64);
                    (xs.len() - 1) as u32
                });
                let x = c.x as f64;
                (k, c.monetary, c.monetary.ln(), x.ln(), c.monetary * x)
            })
            .collect();
        Prepared { xs, rows }
    }

    /// Customers prepared.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no customer is usable.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The same as [`eval`] on the prepared customers.
    pub fn eval(&self, par: &GammaGammaParams, with_grad: bool) -> (f64, [f64; 3]) {
        let GammaGammaParams { p, q, gamma } = *par;
        if ![p, q, gamma].iter().all(|v| v.is_finite() && *v > 0.0) {
            return (f64::NAN, [f64::NAN; 3]);
        }
        let (lgq, lg) = (ln_gamma(q), gamma.ln());
        let dq = if with_grad { digamma(q) } else { 0.0 };
        // Per distinct x: ln Γ(px+q) − ln Γ(px), ψ(px+q), ψ(px+q) − ψ(px).
        let per_x: Vec<(f64, f64, f64)> = self
            .xs
            .iter()
            .map(|&x| {
                let px = p * x;
                let lg_diff = ln_gamma(px + q) - ln_gamma(px);
                if with_grad {
                    let dpq = digamma(px + q);
                    (lg_diff, dpq, dpq - digamma(px))
                } else {
                    (lg_diff, 0.0, 0.0)
                }
            })
            .collect();
        let (mut ll, mut g) = (0.0, [0.0; 3]);
        for &(k, m, lm, lx, mx) in &self.rows {
            let x = self.xs[k as usize];
            let (lg_diff, dpq, dpq_px) = per_x[k as usize];
            let px = p * x;
            let lden = (gamma + mx).ln();
            ll += lg_diff - lgq + q * lg + (px - 1.0) * lm + px * lx - (px + q) * lden;
            if with_grad {
                g[0] += x * (dpq_px + lm + lx - lden);
                g[1] += dpq - dq + lg - lden;
                g[2] += q / gamma - (px + q) / (gamma + m * x);
            }
        }
        (ll, g)
    }
}

struct Neg<'a> {
    customers: &'a Prepared,
    n: f64,
}

impl Objective for Neg<'_> {
    fn dim(&self) -> usize {
        3
    }
    fn eval(&self, t: &[f64]) -> (f64, Vec<f64>) {
        let par = GammaGammaParams { p: t[0].exp(), q: t[1].exp(), gamma: t[2].exp() };
        let (ll, g) = self.customers.eval(&par, true);
        let s = [par.p, par.q, par.gamma];
        (-ll / self.n, (0..3).map(|i| -g[i] * s[i] / self.n).collect())
    }
    fn upper_bound(&self, i: usize) -> f64 {
        // p and q are shapes; γ a scale.
        if i == 2 { optimize::LOG_BOUND } else { optimize::SHAPE_LOG_BOUND }
    }
}

/// A fitted Gamma-Gamma model.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct GammaGammaFit {
    /// The estimates.
    pub params: GammaGammaParams,
    /// Total log-likelihood at the estimates.
    pub log_likelihood: f64,
    /// Asymptotic standard errors (p, q, gamma).
    pub standard_errors: [Option<f64>; 3],
    /// Asymptotic covariance of the log-parameters (`None` when the information is not positive definite).
    pub log_covariance: Option<[[f64; 3]; 3]>,
    /// Customers the model was fitted on (x > 0, positive mean spend).
    pub customers: usize,
    /// The search.
    pub diagnostics: Diagnostics,
    /// The test of the fit against one common mean spend for everyone, on the same customers (computed once
    /// here: the warning `spend_alike` and the report's section both read it).
    pub heterogeneity: Option<Heterogeneity>,
}

/// Maximum likelihood fit on the usable customers. `None` when no start reaches a finite likelihood.
pub fn fit(customers: &[CustomerSummary]) -> Option<GammaGammaFit> {
    let used: Vec<CustomerSummary> = customers.iter().filter(|c| usable(c)).cloned().collect();
    let n = used.len();
    let mean = used.iter().map(|c| c.monetary).sum::<f64>() / n.max(1) as f64;
    let starts: Vec<Vec<f64>> = [(1.0, 2.0), (2.0, 3.0), (5.0, 5.0), (0.5, 1.5), (10.0, 2.0), (1.0, 10.0)]
        .iter()
        .map(|&(p, q): &(f64, f64)| vec![p.ln(), q.ln(), (mean.max(1e-9) * (q - 1.0) / p).ln()])
        .collect();
    let prepared = Prepared::new(&used);
    let obj = Neg { customers: &prepared, n: n.max(1) as f64 };
    let few = optimize::subsample(&used);
    let few_prepared = Prepared::new(&few);
    let sub = (few.len() < used.len()).then(|| Neg { customers: &few_prepared, n: few.len().max(1) as f64 });
    let (best, diagnostics) = optimize::fit(&obj, sub.as_ref().map(|s| s as &dyn Objective), &starts, &NAMES)?;
    let params = GammaGammaParams { p: best.theta[0].exp(), q: best.theta[1].exp(), gamma: best.theta[2].exp() };
    let grad = |v: &[f64]| prepared.eval(&GammaGammaParams { p: v[0], q: v[1], gamma: v[2] }, true).1.to_vec();
    let v = [params.p, params.q, params.gamma];
    let cov = optimize::covariance(&v, &grad);
    let se = optimize::standard_errors_of(3, cov.as_deref());
    let mut g = GammaGammaFit {
        params,
        log_likelihood: -best.value * obj.n,
        standard_errors: [se[0], se[1], se[2]],
        log_covariance: cov.map(|c| optimize::log_covariance(&v, &c)),
        customers: n,
        diagnostics,
        heterogeneity: None,
    };
    g.heterogeneity = heterogeneity(&used, &g);
    Some(g)
}

/// Likelihood-ratio statistic below which the customers' mean spends are said not to differ: the 5 % test
/// of `q = ∞` (no heterogeneity), a boundary value, whose statistic is ½χ²₀ + ½χ²₁ under the null (Self &
/// Liang 1987), so the critical value is χ²₁'s 90 % quantile.
pub const ALIKE_CRITICAL: f64 = 2.705_543_454_095_404;

/// The test of whether customers' mean spends differ at all.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Heterogeneity {
    /// Log-likelihood of the model without heterogeneity: every customer's transactions Gamma(p, ν) with
    /// one ν (the Gamma-Gamma model's limit q → ∞), at its maximum.
    pub restricted_log_likelihood: f64,
    /// `2 (ℓ_GammaGamma − ℓ_restricted)`, at least 0.
    pub likelihood_ratio: f64,
    /// The critical value ([`ALIKE_CRITICAL`]).
    pub critical: f64,
    /// The likelihood ratio is at least the critical value: the customers' mean spends differ.
    pub customers_differ: bool,
    /// Everyone's mean spend per transaction under the restricted model, `p/ν`.
    pub common_mean: f64,
}

/// Tests the fit against the model without heterogeneity. With one ν, the mean `m` of `x` transactions is
/// Gamma(px, νx), so `ℓ₀ = Σ px ln ν + px ln x + (px−1) ln m − νxm − ln Γ(px)` (the same constants as
/// [`eval`]); for a given p the best ν is `p Σx / Σxm`, and the profile's derivative in p,
/// `Σ x (ln ν + ln x + ln m − ψ(px))`, falls with p: its root is found by the Illinois method on ln p
/// within the shape bounds. `None` without usable customers.
pub fn heterogeneity(customers: &[CustomerSummary], fit: &GammaGammaFit) -> Option<Heterogeneity> {
    let used: Vec<(f64, f64)> = customers.iter().filter(|c| usable(c)).map(|c| (c.x as f64, c.monetary)).collect();
    if used.is_empty() {
        return None;
    }
    let sx: f64 = used.iter().map(|&(x, _)| x).sum();
    let sxm: f64 = used.iter().map(|&(x, m)| x * m).sum();
    let nu = |p: f64| p * sx / sxm;
    // The slope's terms that do not change with p once per customer (ln x, ln m), ψ(px) once per distinct
    // x: the same expressions in the same order as per customer.
    let mut xs: Vec<f64> = Vec::new();
    let mut index: hashbrown::HashMap<u64, u32, foldhash::fast::FixedState> = Default::default();
    let logs: Vec<(u32, f64, f64, f64)> = used
        .iter()
        .map(|&(x, m)| {
            let k = *index.entry(x.to_bits()).or_insert_with(|| {
                xs.push(x);
                (xs.len() - 1) as u32
            });
            (k, x, x.ln(), m.ln())
        })
        .collect();
    let slope = |lp: f64| {
        let p = lp.exp();
        let ln_nu = nu(p).ln();
        let psi: Vec<f64> = xs.iter().map(|&x| digamma(p * x)).collect();
        logs.iter().map(|&(k, x, lx, lm)| x * (ln_nu + lx + lm - psi[k as usize])).sum::<f64>()
    };
    let (mut a, mut b) = (-optimize::LOG_BOUND / 2.0, optimize::SHAPE_LOG_BOUND);
    let (mut fa, mut fb) = (slope(a), slope(b));
    let lp = if !(fa > 0.0) {
        a
    } else if !(fb < 0.0) {
        b
    } else {
        let mut side = 0;
        let mut c = a;
        for _ in 0..200 {
            c = (a * fb - b * fa) / (fb - fa);
            let fc = slope(c);
            if !fc.is_finite() || fc == 0.0 || (b - a).abs() < 1e-12 {
                break;
            }
            if fc > 0.0 {
                a = c;
                fa = fc;
                if side == 1 {
                    fb /= 2.0;
                }
                side = 1;
            } else {
                b = c;
                fb = fc;
                if side == -1 {
                    fa /= 2.0;
                }
                side = -1;
            }
        }
        c
    };
    let p = lp.exp();
    let v = nu(p);
    let restricted: f64 = used
        .iter()
        .map(|&(x, m)| {
            let px = p * x;
            px * v.ln() + px * x.ln() + (px - 1.0) * m.ln() - v * x * m - ln_gamma(px)
        })
        .sum();
    let lr = (2.0 * (fit.log_likelihood - restricted)).max(0.0);
    Some(Heterogeneity {
        restricted_log_likelihood: restricted,
        likelihood_ratio: lr,
        critical: ALIKE_CRITICAL,
        customers_differ: lr >= ALIKE_CRITICAL,
        common_mean: p / v,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Customers with 1–6 repeat purchases whose spends are Gamma(p = 6) with rate ν per customer: the same ν
    /// for everyone (no heterogeneity, by construction) or ν ~ Gamma(q = 4, γ = 20) (CDNOW-like spread).
    fn spenders(same: bool, seed: u64) -> Vec<CustomerSummary> {
        let mut rng = crate::rng::Rng::new(seed);
        (0..600)
            .map(|_| {
                let x = 1 + rng.below(6) as u32;
                let nu = if same { 0.2 } else { rng.gamma(4.0, 20.0) };
                let monetary = (0..x).map(|_| rng.gamma(6.0, nu)).sum::<f64>() / f64::from(x);
                CustomerSummary { x, t_x: 10.0, t: 30.0, monetary }
            })
            .collect()
    }

    #[test]
    fn heterogeneity_test_tells_alike_from_different_customers() {
        // By construction: with one ν the test rejects "customers differ" in most seeds (a 5 % test: at most
        // 1 of 10 may say they differ, expected 0.5); with ν spread as Gamma(4, 20) it says they differ in
        // every seed. The restricted model's mean is p/ν = 30 when ν is common.
        let mut differ_when_same = 0;
        for seed in 1..=10 {
            let rows = spenders(true, seed);
            let h = heterogeneity(&rows, &fit(&rows).expect("fits")).expect("a test");
            differ_when_same += usize::from(h.customers_differ);
            assert!((h.common_mean - 30.0).abs() < 1.0, "{h:?}");
            let rows = spenders(false, seed);
            let h = heterogeneity(&rows, &fit(&rows).expect("fits")).expect("a test");
            assert!(h.customers_differ && h.likelihood_ratio > 20.0, "{h:?}");
        }
        assert!(differ_when_same <= 1, "{differ_when_same}");
    }

    #[test]
    fn restricted_maximum_is_a_maximum() {
        // Oracle: a grid over p (ν at its best for each p) never beats the Illinois root.
        let rows = spenders(true, 3);
        let f = fit(&rows).expect("fits");
        let h = heterogeneity(&rows, &f).expect("a test");
        let used: Vec<(f64, f64)> = rows.iter().map(|c| (c.x as f64, c.monetary)).collect();
        let (sx, sxm) = (used.iter().map(|u| u.0).sum::<f64>(), used.iter().map(|u| u.0 * u.1).sum::<f64>());
        for k in 0..400 {
            let p = (0.05f64.ln() + k as f64 * (200f64.ln() - 0.05f64.ln()) / 399.0).exp();
            let v = p * sx / sxm;
            let ll: f64 =
                used.iter().map(|&(x, m)| p * x * v.ln() + p * x * x.ln() + (p * x - 1.0) * m.ln() - v * x * m - ln_gamma(p * x)).sum();
            assert!(ll <= h.restricted_log_likelihood + 1e-9 * ll.abs(), "p {p}: {ll} > {}", h.restricted_log_likelihood);
        }
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let data: Vec<CustomerSummary> = [(1, 20.0), (3, 35.5), (7, 12.25), (2, 80.0), (0, 5.0)]
            .iter()
            .map(|&(x, m)| CustomerSummary { x, t_x: 1.0, t: 2.0, monetary: m })
            .collect();
        let p = GammaGammaParams { p: 6.25, q: 3.74, gamma: 15.44 };
        let g = eval(&p, &data, true).1;
        let v = [p.p, p.q, p.gamma];
        for i in 0..3 {
            let h = 1e-6 * v[i];
            let (mut up, mut dn) = (v, v);
            up[i] += h;
            dn[i] -= h;
            let f = |w: [f64; 3]| log_likelihood(&GammaGammaParams { p: w[0], q: w[1], gamma: w[2] }, &data);
            let fd = (f(up) - f(dn)) / (2.0 * h);
            assert!((fd - g[i]).abs() < 1e-6 * fd.abs().max(1.0), "component {i}: {fd} vs {}", g[i]);
        }
    }

    /// The heterogeneity test as it was, digamma and logarithms per customer: the reference for the
    /// prepared one.
    fn heterogeneity_each(customers: &[CustomerSummary], fit: &GammaGammaFit) -> Option<Heterogeneity> {
        let used: Vec<(f64, f64)> = customers.iter().filter(|c| usable(c)).map(|c| (c.x as f64, c.monetary)).collect();
        if used.is_empty() {
            return None;
        }
        let sx: f64 = used.iter().map(|&(x, _)| x).sum();
        let sxm: f64 = used.iter().map(|&(x, m)| x * m).sum();
        let nu = |p: f64| p * sx / sxm;
        let slope = |lp: f64| {
            let p = lp.exp();
            let ln_nu = nu(p).ln();
            used.iter().map(|&(x, m)| x * (ln_nu + x.ln() + m.ln() - digamma(p * x))).sum::<f64>()
        };
        let (mut a, mut b) = (-optimize::LOG_BOUND / 2.0, optimize::SHAPE_LOG_BOUND);
        let (mut fa, mut fb) = (slope(a), slope(b));
        let lp = if !(fa > 0.0) {
            a
        } else if !(fb < 0.0) {
            b
        } else {
            let mut side = 0;
            let mut c = a;
            for _ in 0..200 {
                c = (a * fb - b * fa) / (fb - fa);
                let fc = slope(c);
                if !fc.is_finite() || fc == 0.0 || (b - a).abs() < 1e-12 {
                    break;
                }
                if fc > 0.0 {
                    a = c;
                    fa = fc;
                    if side == 1 {
                        fb /= 2.0;
                    }
                    side = 1;
                } else {
                    b = c;
                    fb = fc;
                    if side == -1 {
                        fa /= 2.0;
                    }
                    side = -1;
                }
            }
            c
        };
        let p = lp.exp();
        let v = nu(p);
        let restricted: f64 = used
            .iter()
            .map(|&(x, m)| {
                let px = p * x;
                px * v.ln() + px * x.ln() + (px - 1.0) * m.ln() - v * x * m - ln_gamma(px)
            })
            .sum();
        let lr = (2.0 * (fit.log_likelihood - restricted)).max(0.0);
        Some(Heterogeneity {
            restricted_log_likelihood: restricted,
            likelihood_ratio: lr,
            critical: ALIKE_CRITICAL,
            customers_differ: lr >= ALIKE_CRITICAL,
            common_mean: p / v,
        })
    }

    #[test]
    fn prepared_likelihood_and_test_equal_the_per_customer_ones_bit_for_bit() {
        // Oracle: `eval` and `heterogeneity_each`, which compute every term per customer. The prepared
        // versions share the terms of equal x and must give the same bits, at random parameters, on
        // spenders with and without spread and on simulated shops (edge rows included: x = 0, m ≤ 0, NaN).
        let mut rng = crate::rng::Rng::new(5);
        let mut shops: Vec<Vec<CustomerSummary>> = (1..=3).flat_map(|seed| [spenders(true, seed), spenders(false, seed)]).collect();
        for seed in 1..=2 {
            let mut rows: Vec<CustomerSummary> =
                crate::clv::simulate::simulate(&crate::clv::simulate::SimParams { customers: 5_000, seed, ..Default::default() })
                    .iter()
                    .map(|s| s.summary)
                    .collect();
            rows.push(CustomerSummary { x: 2, t_x: 1.0, t: 3.0, monetary: -1.0 });
            rows.push(CustomerSummary { x: 2, t_x: 1.0, t: 3.0, monetary: f64::NAN });
            shops.push(rows);
        }
        for rows in &shops {
            let prepared = Prepared::new(rows);
            assert_eq!(prepared.len(), rows.iter().filter(|c| usable(c)).count());
            for _ in 0..20 {
                let par = GammaGammaParams { p: 0.1 + 20.0 * rng.f64(), q: 0.5 + 20.0 * rng.f64(), gamma: 0.1 + 100.0 * rng.f64() };
                for with_grad in [false, true] {
                    let (want, want_g) = eval(&par, rows, with_grad);
                    let (got, got_g) = prepared.eval(&par, with_grad);
                    assert_eq!(want.to_bits(), got.to_bits(), "{par:?}: {want} vs {got}");
                    assert_eq!(want_g.map(f64::to_bits), got_g.map(f64::to_bits), "{par:?}: {want_g:?} vs {got_g:?}");
                }
            }
            let f = fit(rows).expect("fits");
            assert_eq!(f.heterogeneity, heterogeneity_each(rows, &f));
        }
    }
}
