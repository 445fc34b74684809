//! The three purchase models side by side — BG/NBD, Pareto/NBD, MBG/NBD — with the same outputs
//! (P(alive), expected purchases if alive, conditional and new-customer expectations), and the choice of
//! the one whose values are reported.
//!
//! Choice: with a holdout, the model whose per-customer predictions of the holdout's repeat purchases are
//! closest to what happened (mean absolute error per customer; the comparison also carries the total and
//! the log-likelihood); without one, the lowest BIC `k ln n − 2 ℓ` (all three have k = 4 parameters, so this
//! is the highest likelihood). `--model` overrides.

use serde::{Deserialize, Serialize};

use super::bgnbd::{self, BgNbdParams};
use super::mbg_nbd::{self, MbgNbdParams};
use super::optimize::{self, Diagnostics, Objective};
use super::pareto_nbd::{self, ParetoNbdParams};
use super::summary::CustomerSummary;

/// Which purchase model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// BG/NBD (Fader, Hardie & Lee 2005).
    Bgnbd,
    /// Pareto/NBD (Schmittlein, Morrison & Colombo 1987).
    ParetoNbd,
    /// MBG/NBD (Batislam, Denizel & Filiztekin 2007).
    MbgNbd,
}

impl ModelKind {
    /// All, in report order.
    pub const ALL: [ModelKind; 3] = [ModelKind::Bgnbd, ModelKind::ParetoNbd, ModelKind::MbgNbd];

    /// `bgnbd`, `pareto_nbd`, `mbg_nbd` (the JSON keys).
    pub fn key(self) -> &'static str {
        match self {
            ModelKind::Bgnbd => "bgnbd",
            ModelKind::ParetoNbd => "pareto_nbd",
            ModelKind::MbgNbd => "mbg_nbd",
        }
    }

    /// `BG/NBD`, `Pareto/NBD`, `MBG/NBD`.
    pub fn label(self) -> &'static str {
        match self {
            ModelKind::Bgnbd => "BG/NBD",
            ModelKind::ParetoNbd => "Pareto/NBD",
            ModelKind::MbgNbd => "MBG/NBD",
        }
    }

    /// From `bgnbd`, `pareto-nbd`, `mbg-nbd` (also with `_` or `/`).
    pub fn from_name(s: &str) -> Option<ModelKind> {
        match s.trim().to_ascii_lowercase().replace(['_', '/', '-'], "").as_str() {
            "bgnbd" => Some(ModelKind::Bgnbd),
            "paretonbd" | "pareto" => Some(ModelKind::ParetoNbd),
            "mbgnbd" | "mbg" => Some(ModelKind::MbgNbd),
            _ => None,
        }
    }
}

/// A fitted purchase model's parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fitted {
    /// BG/NBD.
    Bgnbd(BgNbdParams),
    /// Pareto/NBD.
    ParetoNbd(ParetoNbdParams),
    /// MBG/NBD.
    MbgNbd(MbgNbdParams),
}

impl Fitted {
    /// Which model.
    pub fn kind(&self) -> ModelKind {
        match self {
            Fitted::Bgnbd(_) => ModelKind::Bgnbd,
            Fitted::ParetoNbd(_) => ModelKind::ParetoNbd,
            Fitted::MbgNbd(_) => ModelKind::MbgNbd,
        }
    }

    /// P(alive at T | x, t_x, T), in [0, 1] (NaN when it cannot be computed).
    pub fn p_alive(&self, c: &CustomerSummary) -> f64 {
        let v = match self {
            Fitted::Bgnbd(p) => bgnbd::p_alive(p, c.x, c.t_x, c.t),
            Fitted::ParetoNbd(p) => pareto_nbd::p_alive(p, c.x, c.t_x, c.t),
            Fitted::MbgNbd(p) => mbg_nbd::p_alive(p, c.x, c.t_x, c.t),
        };
        if v.is_nan() { v } else { v.clamp(0.0, 1.0) }
    }

    /// Expected purchases in `(T, T+t]` of a customer still active at `T`.
    pub fn expected_if_alive(&self, c: &CustomerSummary, t: f64) -> f64 {
        match self {
            Fitted::Bgnbd(p) => bgnbd::expected_if_alive(p, c.x, c.t, t),
            Fitted::ParetoNbd(p) => pareto_nbd::expected_if_alive(p, c.x, c.t, t),
            Fitted::MbgNbd(p) => mbg_nbd::expected_if_alive(p, c.x, c.t, t),
        }
    }

    /// [`Fitted::expected_if_alive`] at every horizon of `ts`, into `out` (equal lengths). BG/NBD and MBG/NBD
    /// sum the ₂F₁ series of all horizons in one pass, equal to the one-at-a-time values within 1e-12
    /// relative; Pareto/NBD's closed form is the same value.
    pub fn expected_if_alive_at(&self, c: &CustomerSummary, ts: &[f64], out: &mut [f64]) {
        match self {
            Fitted::Bgnbd(p) => bgnbd::expected_if_alive_at(p, c.x, c.t, ts, out),
            Fitted::MbgNbd(p) => mbg_nbd::expected_if_alive_at(p, c.x, c.t, ts, out),
            Fitted::ParetoNbd(p) => {
                for (v, &t) in out.iter_mut().zip(ts) {
                    *v = pareto_nbd::expected_if_alive(p, c.x, c.t, t);
                }
            }
        }
    }

    /// Expected purchases in `(T, T+t]` (P(alive) × the expectation if alive).
    pub fn conditional_expected(&self, c: &CustomerSummary, t: f64) -> f64 {
        if !(t > 0.0) {
            return 0.0;
        }
        self.expected_if_alive(c, t) * self.p_alive(c)
    }

    /// A new customer's expected repeat purchases in `(0, t]`.
    pub fn expected_purchases(&self, t: f64) -> f64 {
        match self {
            Fitted::Bgnbd(p) => bgnbd::expected_purchases(p, t),
            Fitted::ParetoNbd(p) => pareto_nbd::expected_purchases(p, t),
            Fitted::MbgNbd(p) => mbg_nbd::expected_purchases(p, t),
        }
    }

    /// Total log-likelihood of the customers.
    pub fn log_likelihood(&self, rows: &[CustomerSummary]) -> f64 {
        match self {
            Fitted::Bgnbd(p) => bgnbd::log_likelihood(p, rows),
            Fitted::ParetoNbd(p) => pareto_nbd::log_likelihood(p, rows),
            Fitted::MbgNbd(p) => mbg_nbd::log_likelihood(p, rows),
        }
    }

    /// The parameters in optimiser order.
    pub fn values(&self) -> [f64; 4] {
        match self {
            Fitted::Bgnbd(p) => [p.r, p.alpha, p.a, p.b],
            Fitted::ParetoNbd(p) => [p.r, p.alpha, p.s, p.beta],
            Fitted::MbgNbd(p) => [p.r, p.alpha, p.a, p.b],
        }
    }

    /// A model of `kind` from its parameters in optimiser order (the inverse of [`Fitted::values`]).
    pub fn from_values(kind: ModelKind, v: [f64; 4]) -> Fitted {
        match kind {
            ModelKind::Bgnbd => Fitted::Bgnbd(BgNbdParams { r: v[0], alpha: v[1], a: v[2], b: v[3] }),
            ModelKind::ParetoNbd => Fitted::ParetoNbd(ParetoNbdParams { r: v[0], alpha: v[1], s: v[2], beta: v[3] }),
            ModelKind::MbgNbd => Fitted::MbgNbd(MbgNbdParams { r: v[0], alpha: v[1], a: v[2], b: v[3] }),
        }
    }

    /// P(alive) of a customer without repeat purchases is 1 in BG/NBD by construction.
    pub fn one_time_buyers_alive(&self) -> bool {
        matches!(self, Fitted::Bgnbd(_))
    }
}

/// A fitted model with its likelihood, standard errors and search.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFit {
    /// The estimates.
    pub fitted: Fitted,
    /// Total log-likelihood.
    pub log_likelihood: f64,
    /// Standard errors (optimiser order).
    pub standard_errors: [Option<f64>; 4],
    /// Asymptotic covariance of the log-parameters (optimiser order; `None` when the information is not
    /// positive definite).
    pub log_covariance: Option<[[f64; 4]; 4]>,
    /// The search.
    pub diagnostics: Diagnostics,
}

/// Customers with the same `(x, t_x, T)` collapsed into one weighted row (Fader & Hardie fit CDNOW the
/// same way): the likelihood is evaluated once per distinct row.
pub fn compress(rows: &[CustomerSummary]) -> Vec<(CustomerSummary, f64)> {
    let mut keys: Vec<(u32, u64, u64)> = rows.iter().map(|c| (c.x, c.t_x.to_bits(), c.t.to_bits())).collect();
    keys.sort_unstable();
    let mut out: Vec<(CustomerSummary, f64)> = Vec::new();
    let mut last = None;
    for k in keys {
        if Some(k) == last {
            if let Some(l) = out.last_mut() {
                l.1 += 1.0;
            }
        } else {
            out.push((CustomerSummary { x: k.0, t_x: f64::from_bits(k.1), t: f64::from_bits(k.2), monetary: 0.0 }, 1.0));
            last = Some(k);
        }
    }
    out
}

/// A model's log-likelihood over fixed weighted customers with its gradient, in parameters (not logs).
type WithGradient<'a> = &'a dyn Fn(&[f64; 4]) -> (f64, [f64; 4]);

/// Mean negative log-likelihood over log-parameters, with the analytic gradient mapped by the chain rule
/// (`∂/∂ ln p = p ∂/∂p`).
struct Analytic<'a> {
    eval: WithGradient<'a>,
    n: f64,
    /// Which parameters are shapes (bounded by [`optimize::SHAPE_LOG_BOUND`]).
    shapes: [bool; 4],
}

impl Objective for Analytic<'_> {
    fn dim(&self) -> usize {
        4
    }
    fn eval(&self, theta: &[f64]) -> (f64, Vec<f64>) {
        let p = [theta[0].exp(), theta[1].exp(), theta[2].exp(), theta[3].exp()];
        let (ll, g) = (self.eval)(&p);
        (-ll / self.n, (0..4).map(|i| -g[i] * p[i] / self.n).collect())
    }
    fn upper_bound(&self, i: usize) -> f64 {
        if self.shapes[i] { optimize::SHAPE_LOG_BOUND } else { optimize::LOG_BOUND }
    }
}

/// Fits a 4-parameter model from its likelihood with gradient: starts on a subsample (when there are
/// more customers than [`optimize::SUBSAMPLE`]), the best polished on all customers, standard errors and
/// covariance from the observed information (the sub-objective's `usize` is its number of customers).
fn fit_analytic(
    kind: ModelKind,
    rows: &[CustomerSummary],
    full: WithGradient<'_>,
    sub: Option<(WithGradient<'_>, usize)>,
    shapes: [bool; 4],
    starts: &[Vec<f64>],
    names: &[&'static str],
) -> Option<ModelFit> {
    let full_obj = Analytic { eval: full, n: rows.len().max(1) as f64, shapes };
    let sub_obj = sub.map(|(eval, n)| Analytic { eval, n: n.max(1) as f64, shapes });
    let (best, d) = optimize::fit(&full_obj, sub_obj.as_ref().map(|s| s as &dyn Objective), starts, names)?;
    let params = [best.theta[0].exp(), best.theta[1].exp(), best.theta[2].exp(), best.theta[3].exp()];
    let grad = |v: &[f64]| full(&[v[0], v[1], v[2], v[3]]).1.to_vec();
    // The search's last gradient is at `params` (the same exponentials): back from the mean over
    // log-parameters to the total over parameters.
    let grad_at: Vec<f64> = (0..4).map(|i| -best.gradient[i] * full_obj.n / params[i]).collect();
    let cov = optimize::covariance_forward(&params, &grad_at, &grad);
    let se = optimize::standard_errors_of(4, cov.as_deref());
    Some(ModelFit {
        fitted: Fitted::from_values(kind, params),
        log_likelihood: -best.value * full_obj.n,
        standard_errors: [se[0], se[1], se[2], se[3]],
        log_covariance: cov.map(|c| optimize::log_covariance(&params, &c)),
        diagnostics: d,
    })
}

/// Fits one model. `None` when no start reaches a finite likelihood.
pub fn fit(kind: ModelKind, rows: &[CustomerSummary]) -> Option<ModelFit> {
    match kind {
        ModelKind::Bgnbd => {
            let f = bgnbd::fit(rows)?;
            Some(ModelFit {
                fitted: Fitted::Bgnbd(f.params),
                log_likelihood: f.log_likelihood,
                standard_errors: f.standard_errors,
                log_covariance: f.log_covariance,
                diagnostics: f.diagnostics,
            })
        }
        ModelKind::ParetoNbd => {
            let few = optimize::subsample(rows);
            let full = pareto_nbd::Prepared::new(&compress(rows));
            let sub = (few.len() < rows.len()).then(|| pareto_nbd::Prepared::new(&compress(&few)));
            let eval = |lik: &pareto_nbd::Prepared, v: &[f64; 4]| {
                lik.eval_with_gradient(&ParetoNbdParams { r: v[0], alpha: v[1], s: v[2], beta: v[3] })
            };
            let full_eval = |v: &[f64; 4]| eval(&full, v);
            let sub_eval = sub.as_ref().map(|s| move |v: &[f64; 4]| eval(s, v));
            let sub = sub_eval.as_ref().map(|f| (f as WithGradient<'_>, few.len()));
            fit_analytic(kind, rows, &full_eval, sub, [true, false, true, false], &pareto_nbd::starts(rows), &pareto_nbd::NAMES)
        }
        ModelKind::MbgNbd => {
            let few = optimize::subsample(rows);
            let full = mbg_nbd::Prepared::new(&compress(rows));
            let sub = (few.len() < rows.len()).then(|| mbg_nbd::Prepared::new(&compress(&few)));
            let eval = |lik: &mbg_nbd::Prepared, v: &[f64; 4]| lik.eval(&MbgNbdParams { r: v[0], alpha: v[1], a: v[2], b: v[3] }, true);
            let full_eval = |v: &[f64; 4]| eval(&full, v);
            let sub_eval = sub.as_ref().map(|s| move |v: &[f64; 4]| eval(s, v));
            let sub = sub_eval.as_ref().map(|f| (f as WithGradient<'_>, few.len()));
            fit_analytic(kind, rows, &full_eval, sub, [true, false, true, true], &mbg_nbd::starts(rows), &mbg_nbd::NAMES)
        }
    }
}

/// BIC of a 4-parameter model on `n` customers.
pub fn bic(log_likelihood: f64, n: usize) -> f64 {
    4.0 * (n.max(1) as f64).ln() - 2.0 * log_likelihood
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expectations_at_a_schedule_equal_the_one_at_a_time_ones() {
        // Oracle: `Fitted::expected_if_alive`, one horizon at a time (BG/NBD and MBG/NBD through
        // `one_minus_f_over_b`, whose series `expected_if_alive_at` sums side by side). Each model at CDNOW
        // estimates (BG/NBD: FHL 2005; Pareto/NBD: Fader & Hardie's; MBG/NBD at BG/NBD's) and at a = 1 (the removable
        // singularity), customers new, fresh and long-standing, horizons the monthly schedule and odd ones
        // (0, negative, NaN give 0 as one at a time): within 1e-12 relative.
        let models = [
            Fitted::Bgnbd(BgNbdParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }),
            Fitted::Bgnbd(BgNbdParams { r: 0.243, alpha: 4.414, a: 1.0, b: 2.426 }),
            Fitted::MbgNbd(MbgNbdParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }),
            Fitted::MbgNbd(MbgNbdParams { r: 0.5, alpha: 9.0, a: 1.0, b: 0.3 }),
            Fitted::ParetoNbd(ParetoNbdParams { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 }),
        ];
        let mut ts: Vec<f64> = crate::clv::value::schedule(104.0, 7.0, 0.1).iter().map(|&(t, _)| t).collect();
        ts.extend([0.0, -1.0, f64::NAN, 0.01, 1e3]);
        for m in &models {
            for (x, t_x, t) in [(0, 0.0, 0.0), (0, 0.0, 30.0), (3, 10.0, 38.86), (25, 37.0, 39.0), (200, 100.0, 400.0)] {
                let c = CustomerSummary { x, t_x, t, monetary: 0.0 };
                let mut got = vec![0.0; ts.len()];
                m.expected_if_alive_at(&c, &ts, &mut got);
                for (&h, &g) in ts.iter().zip(&got) {
                    let want = m.expected_if_alive(&c, h);
                    assert!((g - want).abs() <= 1e-12 * want.abs(), "{m:?} {c:?} t {h}: {g} vs {want}");
                }
            }
        }
    }
}
