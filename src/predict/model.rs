//! Phase 2: the two models on the features of [`super::features`].
//!
//! - **Who buys next**: L2-penalised logistic regression (smartcore's `LogisticRegression`, L-BFGS) on
//!   standardised features: `P(y = 1) = 1 / (1 + e^−(β₀ + Σ βⱼ zⱼ))`, `zⱼ = (t(xⱼ) − meanⱼ) / sdⱼ` with `t`
//!   the transform of [`super::features::transform`] and the mean and standard deviation of the training
//!   rows. A missing value enters as `zⱼ = 0`, and `zⱼ` is clipped to ±[`Z_CLIP`] so one extreme customer
//!   at scoring time cannot get a probability the training data never supported.
//! - **How much**: a two-part model. `E[spend] = P(purchase) × E[spend | purchase]`, the second part a
//!   ridge regression (smartcore's `RidgeRegression`, Cholesky) of `ln(spend)` on the buyers' standardised
//!   features, taken back to money with Duan's smearing factor `mean(e^residual)` (the log-normal
//!   retransformation that does not assume normal residuals; Duan 1983).
//!
//! **Why these and this library.** Compared for the page's WebAssembly and for reasons people can read:
//! linfa-logistic (ndarray + argmin; argmin reads the clock, which panics in wasm32-unknown-unknown
//! unless its `wasm-bindgen` feature pulls in JavaScript glue the core must not have), linfa-trees and
//! smartcore's random forest (no per-customer reasons without a SHAP implementation of our own), and the
//! gradient-boosting crates perpetual and forust (rayon threads and larger binaries; boosting's gain on
//! a dozen RFM-style features is usually small, and its reasons again need SHAP). smartcore is pure
//! Rust without BLAS, builds for wasm32 with its default features off, is deterministic (L-BFGS from
//! zero, no random start), and a linear model's `βⱼ zⱼ` is each feature's push on the log-odds: the
//! reason codes fall out of the model itself.
//!
//! Reasons: per customer the [`REASONS`] columns with the largest `|βⱼ zⱼ|` (at least [`MIN_EFFECT`] on
//! the log-odds; an attribute column only when the customer has that value), each with the feature, its
//! raw value, whether it is high or low against the training customers and whether it raises or lowers
//! the chance.

use serde::Serialize;
use smartcore::linalg::basic::matrix::DenseMatrix;
use smartcore::linear::logistic_regression::{LogisticRegression, LogisticRegressionParameters};
use smartcore::linear::ridge_regression::{RidgeRegression, RidgeRegressionParameters};

use super::error::PredictError;
use super::features::{FeatureName, FeatureTable, transform};

/// Standardised values are clipped to this many standard deviations.
pub const Z_CLIP: f64 = 6.0;
/// Reasons per customer, at most.
pub const REASONS: usize = 3;
/// Smallest push on the log-odds that counts as a reason.
pub const MIN_EFFECT: f64 = 0.05;

/// Means and standard deviations of the transformed features on the rows a model learned from.
#[derive(Debug, Clone, PartialEq)]
pub struct Scaler {
    /// Feature keys, one per column of the table.
    pub keys: Vec<&'static str>,
    /// Mean of the transformed value (NaN values left out).
    pub mean: Vec<f64>,
    /// Standard deviation (columns with 0 are left out of the model).
    pub sd: Vec<f64>,
    /// Columns the model uses (non-constant).
    pub used: Vec<usize>,
}

impl Scaler {
    /// From the rows `rows` of `table` (all rows when `None`).
    pub fn fit(table: &FeatureTable, rows: Option<&[usize]>) -> Scaler {
        let p = table.names.len();
        let keys: Vec<&'static str> = table.names.iter().map(|n| n.key).collect();
        let all: Vec<usize>;
        let rows = match rows {
            Some(r) => r,
            None => {
                all = (0..table.customers.len()).collect();
                &all
            }
        };
        let (mut sum, mut sq, mut n) = (vec![0.0; p], vec![0.0; p], vec![0usize; p]);
        for &i in rows {
            for (j, &v) in table.row(i).iter().enumerate() {
                let t = transform(keys[j], v);
                if t.is_finite() {
                    sum[j] += t;
                    sq[j] += t * t;
                    n[j] += 1;
                }
            }
        }
        let mean: Vec<f64> = (0..p).map(|j| if n[j] > 0 { sum[j] / n[j] as f64 } else { 0.0 }).collect();
        let sd: Vec<f64> =
            (0..p).map(|j| if n[j] > 1 { ((sq[j] / n[j] as f64 - mean[j] * mean[j]).max(0.0)).sqrt() } else { 0.0 }).collect();
        let used = (0..p).filter(|&j| sd[j] > 1e-9 * (1.0 + mean[j].abs())).collect();
        Scaler { keys, mean, sd, used }
    }

    /// The standardised values of a row over the used columns.
    pub fn z(&self, row: &[f64]) -> Vec<f64> {
        self.used.iter().map(|&j| self.z_of(j, row.get(j).copied().unwrap_or(f64::NAN))).collect()
    }

    fn z_of(&self, j: usize, v: f64) -> f64 {
        let t = transform(self.keys.get(j).copied().unwrap_or(""), v);
        let z = (t - self.mean[j]) / self.sd[j];
        if z.is_finite() { z.clamp(-Z_CLIP, Z_CLIP) } else { 0.0 }
    }

    /// Row-major design matrix of `rows` over the used columns.
    fn design(&self, table: &FeatureTable, rows: &[usize]) -> Vec<f64> {
        let mut x = Vec::with_capacity(rows.len() * self.used.len());
        for &i in rows {
            x.extend(self.z(table.row(i)));
        }
        x
    }
}

/// A fitted logistic model.
#[derive(Debug, Clone, PartialEq)]
pub struct Classifier {
    /// The standardisation.
    pub scaler: Scaler,
    /// β₀.
    pub intercept: f64,
    /// βⱼ per used column.
    pub coef: Vec<f64>,
}

/// The logistic function.
pub use crate::audience::logistic::sigmoid;

impl Classifier {
    /// Fits `P(y)` on the rows `rows` of `table` with labels `y` (one per row of `rows`), on the columns
    /// `only` when given (a baseline on one feature) or all.
    pub fn fit(table: &FeatureTable, rows: &[usize], y: &[bool], penalty: f64, only: Option<&[&str]>) -> Result<Classifier, PredictError> {
        let mut scaler = Scaler::fit(table, Some(rows));
        if let Some(keys) = only {
            scaler.used.retain(|&j| keys.contains(&scaler.keys[j]));
        }
        let n = rows.len().min(y.len());
        let positives = y[..n].iter().filter(|&&b| b).count();
        let rate = (positives as f64 + 0.5) / (n as f64 + 1.0);
        if scaler.used.is_empty() || positives == 0 || positives == n {
            return Ok(Classifier { coef: vec![0.0; scaler.used.len()], intercept: (rate / (1.0 - rate)).ln(), scaler });
        }
        let q = scaler.used.len();
        let x = DenseMatrix::new(n, q, scaler.design(table, &rows[..n]), false).map_err(|e| not_fitted("purchase model", e))?;
        let labels: Vec<u32> = y[..n].iter().map(|&b| u32::from(b)).collect();
        let m: LogisticRegression<f64, u32, DenseMatrix<f64>, Vec<u32>> =
            LogisticRegression::fit(&x, &labels, LogisticRegressionParameters::default().with_alpha(penalty))
                .map_err(|e| not_fitted("purchase model", e))?;
        use smartcore::linalg::basic::arrays::Array;
        let coef: Vec<f64> = (0..q).map(|j| *m.coefficients().get((0, j))).collect();
        let intercept = *m.intercept().get((0, 0));
        if !intercept.is_finite() || coef.iter().any(|c| !c.is_finite()) {
            return Err(PredictError::NotFitted { model: "purchase model", message: "the coefficients are not finite".into() });
        }
        Ok(Classifier { scaler, intercept, coef })
    }

    /// The log-odds of a raw row.
    pub fn logit(&self, row: &[f64]) -> f64 {
        self.intercept + self.scaler.z(row).iter().zip(&self.coef).map(|(z, b)| z * b).sum::<f64>()
    }

    /// The probability of a raw row.
    pub fn probability(&self, row: &[f64]) -> f64 {
        sigmoid(self.logit(row))
    }

    /// The reasons of a raw row (see the module doc).
    pub fn reasons(&self, names: &[FeatureName], row: &[f64]) -> Vec<Reason> {
        let z = self.scaler.z(row);
        let mut pushes: Vec<(usize, f64, f64)> = Vec::new(); // (column, z, β z)
        for (k, (&j, &b)) in self.scaler.used.iter().zip(&self.coef).enumerate() {
            let raw = row.get(j).copied().unwrap_or(f64::NAN);
            let zk = z.get(k).copied().unwrap_or(0.0);
            if !raw.is_finite() || (self.scaler.keys[j] == "attribute" && raw != 1.0) {
                continue;
            }
            let e = b * zk;
            if e.abs() >= MIN_EFFECT {
                pushes.push((j, zk, e));
            }
        }
        pushes.sort_by(|a, b| b.2.abs().total_cmp(&a.2.abs()).then(a.0.cmp(&b.0)));
        pushes
            .iter()
            .take(REASONS)
            .filter_map(|&(j, zk, e)| {
                let name = names.get(j)?;
                Some(Reason {
                    feature: name.key,
                    attribute: name.attribute.clone(),
                    category: name.value.clone(),
                    value: (name.key != "attribute").then(|| row.get(j).copied().unwrap_or(f64::NAN)),
                    level: if zk >= 0.0 { Level::High } else { Level::Low },
                    effect: if e >= 0.0 { Effect::Raises } else { Effect::Lowers },
                    log_odds: e,
                })
            })
            .collect()
    }
}

/// Above or below the training customers' average.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "PredictLevel"))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Above the average (for an attribute: the customer has the value).
    High,
    /// Below the average.
    Low,
}

/// Which way a reason pushes the chance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Raises the chance.
    Raises,
    /// Lowers the chance.
    Lowers,
}

/// One reason for a customer's score: a code with its values, worded by the command line and the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "PredictReason"))]
pub struct Reason {
    /// The feature key (one of [`super::features::NUMERIC`], or `attribute`).
    pub feature: &'static str,
    /// The attribute's column name (attributes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute: Option<String>,
    /// The customer's value of the attribute (attributes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The customer's raw value of the feature (days, purchases, money, share; not for attributes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// High or low against the training customers.
    pub level: Level,
    /// Raises or lowers the chance.
    pub effect: Effect,
    /// Its push on the log-odds, `βⱼ zⱼ`.
    pub log_odds: f64,
}

/// The spend part of the two-part model: `E[spend | purchase]`.
#[derive(Debug, Clone, PartialEq)]
pub struct SpendModel {
    /// Standardisation on the buyers.
    pub scaler: Scaler,
    /// Mean of `ln(spend)` over the buyers (the intercept: the features are centred on them).
    pub intercept: f64,
    /// Coefficients per used column (empty: the intercept alone).
    pub coef: Vec<f64>,
    /// Duan's smearing factor.
    pub smearing: f64,
    /// Buyers it learned from.
    pub buyers: usize,
}

impl SpendModel {
    /// Fits `ln(spend)` on the rows with a positive spend. `None` without such a row.
    pub fn fit(table: &FeatureTable, rows: &[usize], spend: &[f64], penalty: f64) -> Option<SpendModel> {
        let (buyers, y): (Vec<usize>, Vec<f64>) =
            rows.iter().zip(spend).filter(|&(_, &s)| s > 0.0 && s.is_finite()).map(|(&i, &s)| (i, s.ln())).unzip();
        if buyers.is_empty() {
            return None;
        }
        let scaler = Scaler::fit(table, Some(&buyers));
        let intercept = y.iter().sum::<f64>() / y.len() as f64;
        let q = scaler.used.len();
        let centred: Vec<f64> = y.iter().map(|v| v - intercept).collect();
        let coef = if q > 0 && buyers.len() > q + 1 {
            let x = DenseMatrix::new(buyers.len(), q, scaler.design(table, &buyers), false).ok()?;
            let params = RidgeRegressionParameters::default().with_alpha(penalty.max(1e-9)).with_normalize(false);
            match RidgeRegression::<f64, f64, DenseMatrix<f64>, Vec<f64>>::fit(&x, &centred, params) {
                Ok(m) => {
                    use smartcore::linalg::basic::arrays::Array;
                    (0..q).map(|j| *m.coefficients().get((j, 0))).collect::<Vec<f64>>()
                }
                Err(_) => Vec::new(),
            }
        } else {
            Vec::new()
        };
        let coef = if coef.iter().all(|c| c.is_finite()) { coef } else { Vec::new() };
        let mut m = SpendModel { scaler, intercept, coef, smearing: 1.0, buyers: buyers.len() };
        let resid: f64 = buyers.iter().zip(&y).map(|(&i, &v)| (v - m.log_spend(table.row(i))).exp()).sum();
        let smearing = resid / buyers.len() as f64;
        m.smearing = if smearing.is_finite() && smearing > 0.0 { smearing } else { 1.0 };
        Some(m)
    }

    fn log_spend(&self, row: &[f64]) -> f64 {
        if self.coef.is_empty() {
            return self.intercept;
        }
        self.intercept + self.scaler.z(row).iter().zip(&self.coef).map(|(z, b)| z * b).sum::<f64>()
    }

    /// `E[spend | purchase]` of a raw row.
    pub fn spend_if_buying(&self, row: &[f64]) -> f64 {
        let v = self.log_spend(row).min(700.0).exp() * self.smearing;
        if v.is_finite() { v } else { 0.0 }
    }
}

fn not_fitted(model: &'static str, e: impl std::fmt::Display) -> PredictError {
    PredictError::NotFitted { model, message: e.to_string() }
}
