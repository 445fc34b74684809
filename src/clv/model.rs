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

/// Mean negative log-likelihood over log-parameters, with the gradient by central differences (step
/// [`STEP`] in each log-parameter; the error, of order STEP² times the third derivative, is far below the
/// optimiser's tolerance).
struct Numeric<'a> {
    ll: &'a dyn Fn(&[f64]) -> f64,
    n: f64,
}

/// Step of the central differences, in log-parameters.
pub const STEP: f64 = 1e-5;

impl Objective for Numeric<'_> {
    fn dim(&self) -> usize {
        4
    }
    fn eval(&self, theta: &[f64]) -> (f64, Vec<f64>) {
        let f = -(self.ll)(theta) / self.n;
        let g = (0..4)
            .map(|i| {
                let (mut up, mut dn) = (theta.to_vec(), theta.to_vec());
                up[i] += STEP;
                dn[i] -= STEP;
                (-(self.ll)(&up) + (self.ll)(&dn)) / (2.0 * STEP * self.n)
            })
            .collect();
        (f, g)
    }
}

/// Standard errors from the Hessian of the total log-likelihood in log-parameters (second differences,
/// step 1e-3), mapped to the parameters by the delta method (`se(p) = p · se(ln p)`).
fn standard_errors(ll: &dyn Fn(&[f64]) -> f64, theta: &[f64]) -> [Option<f64>; 4] {
    let h = 1e-3;
    let f0 = ll(theta);
    let mut info = vec![vec![0.0; 4]; 4];
    let at = |d: &[(usize, f64)]| {
        let mut t = theta.to_vec();
        for &(i, v) in d {
            t[i] += v;
        }
        ll(&t)
    };
    for i in 0..4 {
        info[i][i] = -(at(&[(i, h)]) - 2.0 * f0 + at(&[(i, -h)])) / (h * h);
        for j in 0..i {
            let v = -(at(&[(i, h), (j, h)]) - at(&[(i, h), (j, -h)]) - at(&[(i, -h), (j, h)]) + at(&[(i, -h), (j, -h)])) / (4.0 * h * h);
            info[i][j] = v;
            info[j][i] = v;
        }
    }
    let mut out = [None; 4];
    if let Some(cov) = optimize::invert_spd(&info) {
        for i in 0..4 {
            if cov[i][i] > 0.0 && cov[i][i].is_finite() {
                out[i] = Some(theta[i].exp() * cov[i][i].sqrt());
            }
        }
    }
    out
}

/// A log-likelihood of log-parameters over fixed weighted customers: `ll(θ)`.
type PreparedLl<'r> = Box<dyn Fn(&[f64]) -> f64 + 'r>;

/// Makes the log-likelihood of given weighted customers (indexing them once for the many evaluations).
type WeightedLl<'a> = &'a dyn for<'r> Fn(&'r [(CustomerSummary, f64)]) -> PreparedLl<'r>;

/// A numeric fit: log-parameters, log-likelihood, standard errors, the search.
type NumericFit = (Vec<f64>, f64, [Option<f64>; 4], Diagnostics);

fn fit_numeric(rows: &[CustomerSummary], ll: WeightedLl<'_>, starts: &[Vec<f64>], names: &[&'static str]) -> Option<NumericFit> {
    let all = compress(rows);
    let full_ll = ll(&all);
    let full = Numeric { ll: &full_ll, n: rows.len().max(1) as f64 };
    let few = optimize::subsample(rows);
    let sub_rows = compress(&few);
    let sub_ll = ll(&sub_rows);
    let sub = Numeric { ll: &sub_ll, n: few.len().max(1) as f64 };
    let use_sub = few.len() < rows.len();
    let (best, d) = optimize::fit(&full, use_sub.then_some(&sub as &dyn Objective), starts, names)?;
    let se = standard_errors(&full_ll, &best.theta);
    Some((best.theta.clone(), -best.value * full.n, se, d))
}

fn pareto_ll(rows: &[(CustomerSummary, f64)]) -> PreparedLl<'_> {
    let prepared = pareto_nbd::Prepared::new(rows);
    Box::new(move |t: &[f64]| prepared.log_likelihood(&ParetoNbdParams::from_theta(t)))
}

/// MBG/NBD's mean negative log-likelihood over log-parameters with its analytic gradient.
struct MbgObjective {
    lik: mbg_nbd::Prepared,
    n: f64,
}

impl Objective for MbgObjective {
    fn dim(&self) -> usize {
        4
    }
    fn eval(&self, theta: &[f64]) -> (f64, Vec<f64>) {
        let p = MbgNbdParams::from_theta(theta);
        let (ll, g) = self.lik.eval(&p, true);
        let scale = [p.r, p.alpha, p.a, p.b];
        (-ll / self.n, (0..4).map(|i| -g[i] * scale[i] / self.n).collect())
    }
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
                diagnostics: f.diagnostics,
            })
        }
        ModelKind::ParetoNbd => {
            let (theta, l, se, d) = fit_numeric(rows, &pareto_ll, &pareto_nbd::starts(rows), &pareto_nbd::NAMES)?;
            Some(ModelFit {
                fitted: Fitted::ParetoNbd(ParetoNbdParams::from_theta(&theta)),
                log_likelihood: l,
                standard_errors: se,
                diagnostics: d,
            })
        }
        ModelKind::MbgNbd => {
            let all = compress(rows);
            let full = MbgObjective { lik: mbg_nbd::Prepared::new(&all), n: rows.len().max(1) as f64 };
            let few = optimize::subsample(rows);
            let sub = (few.len() < rows.len()).then(|| MbgObjective { lik: mbg_nbd::Prepared::new(&compress(&few)), n: few.len().max(1) as f64 });
            let (best, d) = optimize::fit(&full, sub.as_ref().map(|s| s as &dyn Objective), &mbg_nbd::starts(rows), &mbg_nbd::NAMES)?;
            let params = MbgNbdParams::from_theta(&best.theta);
            let grad = |v: &[f64]| full.lik.eval(&MbgNbdParams { r: v[0], alpha: v[1], a: v[2], b: v[3] }, true).1.to_vec();
            let se = optimize::standard_errors(&[params.r, params.alpha, params.a, params.b], &grad);
            Some(ModelFit {
                fitted: Fitted::MbgNbd(params),
                log_likelihood: -best.value * full.n,
                standard_errors: [se[0], se[1], se[2], se[3]],
                diagnostics: d,
            })
        }
    }
}

/// BIC of a 4-parameter model on `n` customers.
pub fn bic(log_likelihood: f64, n: usize) -> f64 {
    4.0 * (n.max(1) as f64).ln() - 2.0 * log_likelihood
}
