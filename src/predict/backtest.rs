//! Phase 3: how good the scores are, measured out of time on customers the model has not seen.
//!
//! - **AUC**: the chance that a customer with the label scores above one without it, ties counting one
//!   half (Mann–Whitney, [`crate::audience::logistic::auc`]).
//! - **Log loss**: `−mean[y ln p + (1 − y) ln(1 − p)]`, `p` clipped to `[1e−15, 1 − 1e−15]`.
//! - **Brier score**: `mean (p − y)²`.
//! - **Gains and lift by decile**: customers ranked by score, highest first, ties by customer id (so equal
//!   scores split between deciles the same way every run), cut into ten groups whose sizes differ by at
//!   most one (larger first, as the revenue deciles). Per decile: the customers, their mean predicted
//!   probability, those with the label, the rate, the lift (rate over the overall rate), and the
//!   cumulative share of all labelled customers found in this decile and the ones above (the gains).
//! - **Calibration**: ten bins of width 0.1 of the predicted probability (1.0 in the last bin); per
//!   non-empty bin the customers, the mean prediction and the observed rate.

use serde::Serialize;

use crate::segment::concentration::{decile_sizes, rank_best_first};

/// AUC, log loss and Brier score of probabilities (or of scores, for the AUC alone).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Metrics {
    /// Area under the ROC curve (`null` without both labels).
    pub auc: Option<f64>,
    /// Log loss (`null` when the scores are not probabilities).
    pub log_loss: Option<f64>,
    /// Brier score (`null` when the scores are not probabilities).
    pub brier: Option<f64>,
}

impl Metrics {
    /// Metrics of probabilities.
    pub fn of_probabilities(p: &[f64], y: &[bool]) -> Metrics {
        Metrics { auc: crate::audience::logistic::auc(p, y), log_loss: log_loss(p, y), brier: brier(p, y) }
    }
    /// The AUC of scores that are not probabilities.
    pub fn of_scores(s: &[f64], y: &[bool]) -> Metrics {
        Metrics { auc: crate::audience::logistic::auc(s, y), log_loss: None, brier: None }
    }
}

/// Mean log loss; `None` for no rows or a non-finite probability.
pub fn log_loss(p: &[f64], y: &[bool]) -> Option<f64> {
    let n = p.len().min(y.len());
    if n == 0 || p[..n].iter().any(|v| !v.is_finite()) {
        return None;
    }
    let s: f64 = p[..n]
        .iter()
        .zip(&y[..n])
        .map(|(&p, &y)| {
            let p = p.clamp(1e-15, 1.0 - 1e-15);
            if y { -p.ln() } else { -(1.0 - p).ln() }
        })
        .sum();
    Some(s / n as f64)
}

/// Mean squared error of probabilities; `None` for no rows or a non-finite probability.
pub fn brier(p: &[f64], y: &[bool]) -> Option<f64> {
    let n = p.len().min(y.len());
    if n == 0 || p[..n].iter().any(|v| !v.is_finite()) {
        return None;
    }
    Some(p[..n].iter().zip(&y[..n]).map(|(&p, &y)| (p - f64::from(u8::from(y))).powi(2)).sum::<f64>() / n as f64)
}

/// One decile of the gains table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct GainsRow {
    /// 1 = the highest scores.
    pub decile: u8,
    /// Customers in it.
    pub customers: u64,
    /// Their mean predicted probability.
    pub mean_probability: f64,
    /// Of them with the label (bought, or in the top decile).
    pub positives: u64,
    /// positives / customers.
    pub rate: f64,
    /// rate / the overall rate (`null` when nobody has the label).
    pub lift: Option<f64>,
    /// Share of all positives in this decile and the ones above (`null` when nobody has the label).
    pub cumulative_gain: Option<f64>,
}

/// The order of customers by score, highest first, ties by `tie` (the customer id).
pub fn rank(score: &[f64], tie: &[u32]) -> Vec<u32> {
    rank_best_first(score, tie)
}

/// The gains table of scores `p` with labels `y`, ties by `tie`.
pub fn gains(p: &[f64], y: &[bool], tie: &[u32]) -> Vec<GainsRow> {
    let n = p.len().min(y.len());
    let order = rank(&p[..n], tie);
    let total_pos = y[..n].iter().filter(|&&b| b).count();
    let overall = if n > 0 { total_pos as f64 / n as f64 } else { 0.0 };
    let mut rows = Vec::with_capacity(10);
    let (mut at, mut cum) = (0usize, 0usize);
    for (k, &size) in decile_sizes(n).iter().enumerate() {
        let members = order.get(at..at + size).unwrap_or(&[]);
        at += size;
        if members.is_empty() {
            continue;
        }
        let pos = members.iter().filter(|&&i| y[i as usize]).count();
        cum += pos;
        let rate = pos as f64 / members.len() as f64;
        rows.push(GainsRow {
            decile: k as u8 + 1,
            customers: members.len() as u64,
            mean_probability: members.iter().map(|&i| p[i as usize]).sum::<f64>() / members.len() as f64,
            positives: pos as u64,
            rate,
            lift: (overall > 0.0).then(|| rate / overall),
            cumulative_gain: (total_pos > 0).then(|| cum as f64 / total_pos as f64),
        });
    }
    rows
}

/// One bin of the calibration table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CalibrationRow {
    /// Lower edge of the predicted probability.
    pub from: f64,
    /// Upper edge (exclusive, except 1.0 in the last bin).
    pub to: f64,
    /// Customers predicted in the bin.
    pub customers: u64,
    /// Their mean prediction.
    pub mean_probability: f64,
    /// The share of them with the label.
    pub observed_rate: f64,
}

/// The calibration table (non-empty bins only).
pub fn calibration(p: &[f64], y: &[bool]) -> Vec<CalibrationRow> {
    let (mut n, mut sp, mut sy) = ([0u64; 10], [0.0f64; 10], [0u64; 10]);
    for (&p, &y) in p.iter().zip(y) {
        if !p.is_finite() {
            continue;
        }
        let b = ((p * 10.0) as usize).min(9);
        n[b] += 1;
        sp[b] += p;
        sy[b] += u64::from(y);
    }
    (0..10)
        .filter(|&b| n[b] > 0)
        .map(|b| CalibrationRow {
            from: b as f64 / 10.0,
            to: (b + 1) as f64 / 10.0,
            customers: n[b],
            mean_probability: sp[b] / n[b] as f64,
            observed_rate: sy[b] as f64 / n[b] as f64,
        })
        .collect()
}

/// Errors of predicted spend against what was spent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SpendErrors {
    /// Sum of the predictions.
    pub predicted_total: f64,
    /// Mean absolute error per customer.
    pub mae: f64,
    /// Root mean squared error per customer.
    pub rmse: f64,
}

/// The errors of `pred` against `actual`; `None` for no rows or a non-finite prediction.
pub fn spend_errors(pred: &[f64], actual: &[f64]) -> Option<SpendErrors> {
    let n = pred.len().min(actual.len());
    if n == 0 || pred[..n].iter().any(|v| !v.is_finite()) {
        return None;
    }
    let (mut abs, mut sq) = (0.0, 0.0);
    for (p, a) in pred[..n].iter().zip(&actual[..n]) {
        abs += (p - a).abs();
        sq += (p - a) * (p - a);
    }
    Some(SpendErrors { predicted_total: pred[..n].iter().sum(), mae: abs / n as f64, rmse: (sq / n as f64).sqrt() })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// By hand: p = (0.9, 0.2), y = (1, 0): log loss = −(ln 0.9 + ln 0.8)/2 = 0.164252; Brier = (0.01 + 0.04)/2.
    #[test]
    fn log_loss_and_brier_by_hand() {
        let (p, y) = ([0.9, 0.2], [true, false]);
        assert!((log_loss(&p, &y).unwrap_or(0.0) - 0.164_252_033).abs() < 1e-8);
        assert!((brier(&p, &y).unwrap_or(0.0) - 0.025).abs() < 1e-12);
        assert_eq!(log_loss(&[], &[]), None);
    }

    /// By hand: 12 customers, scores 12..1 except a tie; sizes 2,2,1,… (12 = 10 + 2); positives the
    /// first three by score: decile 1 holds 2 of them (gain 2/3), decile 2 the third (gain 1).
    #[test]
    fn gains_by_hand_with_ties_by_id() {
        let p: Vec<f64> = vec![0.9, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.01];
        let y: Vec<bool> = (0..12).map(|i| i < 3).collect();
        // The tie (customers 0 and 1) is broken by id: with ids reversed customer 1 comes first.
        let ids: Vec<u32> = (0..12).rev().collect();
        let g = gains(&p, &y, &ids);
        assert_eq!(g.len(), 10);
        assert_eq!((g[0].customers, g[0].positives, g[1].customers, g[1].positives, g[2].customers), (2, 2, 2, 1, 1));
        assert_eq!(g[0].cumulative_gain, Some(2.0 / 3.0));
        assert_eq!(g[1].cumulative_gain, Some(1.0));
        assert!((g[0].lift.unwrap_or(0.0) - 1.0 / 0.25).abs() < 1e-12);
        assert_eq!(rank(&p, &ids)[..2], [1, 0]);
    }

    /// By hand: 0.05 and 0.15 fall in different bins, 1.0 in the last.
    #[test]
    fn calibration_bins_by_hand() {
        let c = calibration(&[0.05, 0.15, 0.12, 1.0], &[false, true, false, true]);
        assert_eq!(c.len(), 3);
        assert_eq!((c[1].customers, c[1].observed_rate), (2, 0.5));
        assert!((c[1].mean_probability - 0.135).abs() < 1e-12);
        assert_eq!((c[2].from, c[2].customers), (0.9, 1));
    }
}
