//! Who buys next, and how much: a model of each customer's next horizon, trained out of time.
//!
//! Phases, one file each: [`features`] (each customer's history before the as-of date; features at a
//! date from the purchases before it, labels from the window after it), [`model`] (logistic regression
//! for the chance, a two-part model for the spend, the reasons; why smartcore), [`backtest`] (AUC, log
//! loss, gains, calibration, spend errors), [`params`] and [`error`]. [`simulate`] draws a shop whose
//! chance to buy is a known function of the features, for the tests and the benchmarks.
//!
//! ## Out of time, three dates
//! With `A` the as-of date (only purchases before it are read) and `N` the horizon in days:
//! 1. **Back-test**: a model learns from the features at `A − 2N` and the labels of `[A − 2N, A − N)`,
//!    then scores the customers known at `A − N` (features at `A − N`), whose labels `[A − N, A)` it has
//!    never seen: AUC, log loss, gains, calibration and spend errors come from this step. The baselines are
//!    scored on exactly these customers: **recency alone** (the same logistic regression on
//!    `recency_days` only, learned on the same rows) and the **lifetime-value model** (BG/NBD fitted on
//!    the purchases before `A − N`, its P(at least one purchase within N days) from
//!    [`crate::clv::timing::p_purchase`]; for spend, its expected purchases × Gamma-Gamma's expected spend).
//! 2. **Training**: the final model learns from the features at `A − N` and the labels of `[A − N, A)`.
//! 3. **Scoring**: every customer with a purchase before `A` is scored from the features at `A`.
//!
//! A label window's purchases are never in its features: features at `d` read purchases before `d` only,
//! labels read `[d, d + N)`. When `A − 2N` has too few customers or one label only, the back-test is
//! left out with a warning; the scores stand.
//!
//! **Targets.** `next_purchase`: at least one purchase day in the window. `best_customer`: in the top
//! revenue decile of the window among the customers known at its start (ranked by the window's spend,
//! ties by customer id, the decile's size as the Segments view's deciles), with a spend above 0.
//!
//! ## Warning codes
//! [`PredictReport::warnings`] are [`Notice`]s (the page translates them as `predict.warn.<code>`; add,
//! don't rename): `no_backtest` (`reason`: `too_few_customers`, `one_class`, `no_history` or `not_asked`; `date`),
//! `no_clv_baseline` (`reason`: the lifetime-value error code), `window_after_data` (`as_of`,
//! `data_end`: the label window runs past the last date in the file, so it holds fewer purchases than a
//! full window would), `no_spend_model` (no buyer in the training window: expected spend is 0).

pub mod backtest;
pub mod error;
pub mod export;
pub mod features;
pub mod model;
pub mod params;
pub mod simulate;

pub use error::PredictError;
pub use params::{PredictOptions, Target};

use serde::Serialize;
use serde_json::json;

use crate::clv::model::ModelKind;
use crate::clv::summary::{TimeUnit, summarise};
use crate::clv::{gamma_gamma, timing};
use crate::dataset::Dataset;
use crate::error::ErrorCode;
use crate::notice::Notice;
use crate::segment::concentration::decile_sizes;
use crate::segment::profile::check;
use crate::time::day_of;
use crate::time::day_string;
use backtest::{CalibrationRow, GainsRow, Metrics, SpendErrors};
use features::{FeatureName, FeatureTable, History, Label};
use model::{Classifier, Reason, SpendModel};

/// Fewest customers a model learns from.
pub const MIN_CUSTOMERS: usize = 20;

/// A label window: features at `features_date`, labels from `features_date` up to `label_end` (exclusive).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Window {
    /// The features' date (purchases before it).
    pub features_date: String,
    /// First day after the label window.
    pub label_end: String,
    /// Customers known at the features date.
    pub customers: usize,
    /// Of them with the label.
    pub positives: usize,
    /// positives / customers.
    pub rate: f64,
}

/// One model coefficient.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "PredictCoefficient"))]
pub struct Coefficient {
    /// The feature.
    pub feature: FeatureName,
    /// Its coefficient on the standardised value (change of the log-odds per standard deviation).
    pub coefficient: f64,
    /// Mean of the transformed value on the training rows.
    pub mean: f64,
    /// Its standard deviation.
    pub sd: f64,
}

/// The fitted models in brief.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ModelSection {
    /// What it is, for people.
    pub method: &'static str,
    /// L2 penalty.
    pub penalty: f64,
    /// β₀.
    pub intercept: f64,
    /// Coefficients of the columns used (constant columns are left out).
    pub coefficients: Vec<Coefficient>,
    /// The spend model: buyers it learned from (0: none).
    pub spend_buyers: usize,
    /// Its smearing factor.
    pub spend_smearing: f64,
}

/// The spend back-test.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SpendBacktest {
    /// What the back-test customers spent in the window.
    pub actual_total: f64,
    /// The model's errors.
    pub model: Option<SpendErrors>,
    /// The lifetime-value model's (expected purchases × expected spend per purchase).
    pub clv: Option<SpendErrors>,
}

/// The out-of-time check one horizon earlier.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "PredictBacktest"))]
pub struct Backtest {
    /// The window the back-test model learned from.
    pub training: Window,
    /// The window it was checked on (the customers known at its start).
    pub validation: Window,
    /// The model.
    pub model: Metrics,
    /// Baseline: logistic regression on recency alone.
    pub recency: Metrics,
    /// Baseline: the lifetime-value model (`null` when it could not be fitted).
    pub clv: Option<Metrics>,
    /// Gains and lift by decile of the model's scores.
    pub gains: Vec<GainsRow>,
    /// Calibration of the model's probabilities.
    pub calibration: Vec<CalibrationRow>,
    /// Expected spend against what was spent.
    pub spend: SpendBacktest,
}

/// One scored customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CustomerScore {
    /// Customer id.
    pub customer: String,
    /// Chance of the target within the horizon.
    pub probability: f64,
    /// Expected spend within the horizon.
    pub expected_spend: f64,
    /// Decile by probability (1 = highest; ties by customer id).
    pub decile: u8,
    /// Why, strongest first.
    pub reasons: Vec<Reason>,
}

/// The report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PredictReport {
    /// Options as given.
    pub options: PredictOptions,
    /// The as-of date: purchases before it are used.
    pub as_of: String,
    /// Horizon in days.
    pub horizon_days: u32,
    /// What is predicted.
    pub target: Target,
    /// The final model's training window.
    pub training: Window,
    /// The models.
    pub model: ModelSection,
    /// The back-test (`null` when there is too little history; see the warnings).
    pub backtest: Option<Backtest>,
    /// Customers scored (every customer with a purchase before the as-of date).
    pub customers_scored: usize,
    /// Sum of the probabilities: customers expected to have the target.
    pub expected_positives: f64,
    /// Sum of the expected spends.
    pub expected_spend: f64,
    /// Every scored customer, highest probability first (ties by customer id).
    pub customers: Vec<CustomerScore>,
    /// Lines dated on or after the as-of date, left out.
    pub lines_after_as_of: u64,
    /// Lines without a customer id, left out.
    pub lines_without_customer: u64,
    /// Warnings.
    pub warnings: Vec<Notice>,
}

const METHOD: &str = "L2 logistic regression on standardised features (smartcore, L-BFGS); spend: P(purchase) × ridge regression of ln(spend) with Duan smearing";

/// Runs the whole analysis on a table.
pub fn predict(ds: &Dataset, options: &PredictOptions) -> Result<PredictReport, PredictError> {
    let o = options.resolve()?;
    let (cust, time) = check(ds)?;
    let n = ds.len.min(time.len());
    let data_end = time.iter().take(n).max().map(|t| day_of(t).saturating_add(1));
    let first_date = time.iter().take(n).min().map(day_of);
    let as_of = o.as_of.or(data_end).ok_or_else(|| PredictError::AsOfBeforeData { as_of: "-".into(), first_purchase: "-".into() })?;
    let history = History::build(ds, cust, time, as_of);
    let first = history.first_day.ok_or_else(|| PredictError::AsOfBeforeData {
        as_of: day_string(as_of),
        first_purchase: first_date.map_or_else(|| "-".into(), day_string),
    })?;
    let h = o.horizon_days as i32;
    let train_date = as_of.saturating_sub(h);
    if train_date <= first {
        return Err(PredictError::NoTrainingWindow {
            horizon_days: o.horizon_days,
            training_date: day_string(train_date),
            first_purchase: day_string(first),
            max_horizon_days: (as_of - first - 1).max(0) as u32,
        });
    }
    let mut warnings = Vec::new();
    if let Some(end) = data_end
        && as_of > end
    {
        warnings.push(Notice::new(
            "window_after_data",
            &[("as_of", json!(day_string(as_of))), ("data_end", json!(day_string(end - 1)))],
            format!(
                "the as-of date {} is after the last date in the file ({}): the training window holds fewer purchases than a full window would, so the chances are too low",
                day_string(as_of),
                day_string(end - 1)
            ),
        ));
    }

    // Training: features at A − N, labels [A − N, A).
    let train = history.features(train_date, o.horizon_days);
    let train_labels = history.labels(&train.customers, train_date, as_of);
    if train.customers.len() < MIN_CUSTOMERS {
        return Err(PredictError::TooFewCustomers {
            customers: train.customers.len(),
            needed: MIN_CUSTOMERS,
            training_date: day_string(train_date),
        });
    }
    let y = target_labels(o.target, &train.customers, &train_labels);
    let positives = y.iter().filter(|&&b| b).count();
    if positives == 0 || positives == y.len() {
        return Err(PredictError::OneClass {
            customers: y.len(),
            positives,
            window_start: day_string(train_date),
            window_end: day_string(as_of - 1),
            target_best: o.target == Target::BestCustomer,
        });
    }
    let rows: Vec<usize> = (0..train.customers.len()).collect();
    let fitted = Fitted::fit(&train, &rows, &train_labels, &y, o.target, o.penalty)?;
    if fitted.spend.is_none() {
        warnings.push(Notice::plain("no_spend_model", "nobody bought in the training window, so the expected spend is 0"));
    }

    // Back-test: learn at A − 2N, check on the customers known at A − N.
    let backtest = if o.backtest {
        run_backtest(ds, &history, &train, &train_labels, &o, as_of, &mut warnings)?
    } else {
        warnings.push(no_backtest(
            "not_asked",
            train.date,
            "no back-test: it was not asked for, so the chances are not checked on past data".into(),
        ));
        None
    };

    // Scoring at A.
    let now = history.features(as_of, o.horizon_days);
    let probability: Vec<f64> = (0..now.customers.len()).map(|i| fitted.classifier.probability(now.row(i))).collect();
    let spend: Vec<f64> = (0..now.customers.len()).map(|i| fitted.expected_spend(now.row(i))).collect();
    let order = backtest::rank(&probability, &now.customers);
    let mut decile = vec![0u8; order.len()];
    let mut at = 0;
    for (k, &size) in decile_sizes(order.len()).iter().enumerate() {
        for &i in order.get(at..at + size).unwrap_or(&[]) {
            if let Some(d) = decile.get_mut(i as usize) {
                *d = k as u8 + 1;
            }
        }
        at += size;
    }
    let customers: Vec<CustomerScore> = order
        .iter()
        .map(|&i| {
            let i = i as usize;
            CustomerScore {
                customer: now.customers.get(i).map_or_else(String::new, |&c| ds.customers.get(c).to_string()),
                probability: probability[i],
                expected_spend: spend[i],
                decile: decile[i],
                reasons: fitted.classifier.reasons(&now.names, now.row(i)),
            }
        })
        .collect();
    let c = &fitted.classifier;
    let model = ModelSection {
        method: METHOD,
        penalty: o.penalty,
        intercept: c.intercept,
        coefficients: c
            .scaler
            .used
            .iter()
            .zip(&c.coef)
            .filter_map(|(&j, &b)| {
                Some(Coefficient { feature: train.names.get(j)?.clone(), coefficient: b, mean: c.scaler.mean[j], sd: c.scaler.sd[j] })
            })
            .collect(),
        spend_buyers: fitted.spend.as_ref().map_or(0, |s| s.buyers),
        spend_smearing: fitted.spend.as_ref().map_or(1.0, |s| s.smearing),
    };
    Ok(PredictReport {
        options: options.clone(),
        as_of: day_string(as_of),
        horizon_days: o.horizon_days,
        target: o.target,
        training: window(&train, as_of, &y),
        model,
        backtest,
        customers_scored: customers.len(),
        expected_positives: probability.iter().sum(),
        expected_spend: spend.iter().sum(),
        customers,
        lines_after_as_of: history.lines_after_as_of,
        lines_without_customer: history.lines_without_customer,
        warnings,
    })
}

/// The models learned on one window.
struct Fitted {
    /// P(target).
    classifier: Classifier,
    /// P(purchase), when the target is not a purchase (the spend model's first part).
    purchase: Option<Classifier>,
    /// E[spend | purchase].
    spend: Option<SpendModel>,
}

impl Fitted {
    fn fit(
        table: &FeatureTable,
        rows: &[usize],
        labels: &[Label],
        y: &[bool],
        target: Target,
        penalty: f64,
    ) -> Result<Fitted, PredictError> {
        let classifier = Classifier::fit(table, rows, y, penalty, None)?;
        let purchase = match target {
            Target::NextPurchase => None,
            Target::BestCustomer => {
                let bought: Vec<bool> = labels.iter().map(|l| l.purchases > 0).collect();
                Some(Classifier::fit(table, rows, &bought, penalty, None)?)
            }
        };
        let spent: Vec<f64> = labels.iter().map(|l| l.spend).collect();
        let spend = SpendModel::fit(table, rows, &spent, penalty);
        Ok(Fitted { classifier, purchase, spend })
    }

    fn expected_spend(&self, row: &[f64]) -> f64 {
        let p = self.purchase.as_ref().unwrap_or(&self.classifier).probability(row);
        self.spend.as_ref().map_or(0.0, |s| p * s.spend_if_buying(row))
    }
}

/// The labels of a target: a purchase in the window, or the window's top revenue decile.
fn target_labels(target: Target, customers: &[u32], labels: &[Label]) -> Vec<bool> {
    match target {
        Target::NextPurchase => labels.iter().map(|l| l.purchases > 0).collect(),
        Target::BestCustomer => {
            let spend: Vec<f64> = labels.iter().map(|l| l.spend).collect();
            let order = backtest::rank(&spend, customers);
            let top = decile_sizes(order.len())[0];
            let mut y = vec![false; labels.len()];
            for &i in order.iter().take(top) {
                if spend.get(i as usize).is_some_and(|&s| s > 0.0) {
                    y[i as usize] = true;
                }
            }
            y
        }
    }
}

fn window(t: &FeatureTable, label_end: i32, y: &[bool]) -> Window {
    let positives = y.iter().filter(|&&b| b).count();
    Window {
        features_date: day_string(t.date),
        label_end: day_string(label_end),
        customers: t.customers.len(),
        positives,
        rate: if y.is_empty() { 0.0 } else { positives as f64 / y.len() as f64 },
    }
}

fn no_backtest(reason: &'static str, date: i32, text: String) -> Notice {
    Notice::new("no_backtest", &[("reason", json!(reason)), ("date", json!(day_string(date)))], text)
}

/// The back-test (see the module doc); `Ok(None)` with a warning when there is too little history.
fn run_backtest(
    ds: &Dataset,
    history: &History,
    valid: &FeatureTable,
    valid_labels: &[Label],
    o: &params::Resolved,
    as_of: i32,
    warnings: &mut Vec<Notice>,
) -> Result<Option<Backtest>, PredictError> {
    let h = o.horizon_days as i32;
    let (valid_date, bt_date) = (valid.date, valid.date.saturating_sub(h));
    if history.first_day.is_none_or(|f| bt_date <= f) {
        warnings.push(no_backtest(
            "no_history",
            bt_date,
            format!("no back-test: nobody had bought before {}, one horizon before the training date", day_string(bt_date)),
        ));
        return Ok(None);
    }
    let bt = history.features(bt_date, o.horizon_days);
    let bt_labels = history.labels(&bt.customers, bt_date, valid_date);
    let bt_y = target_labels(o.target, &bt.customers, &bt_labels);
    let bt_pos = bt_y.iter().filter(|&&b| b).count();
    if bt.customers.len() < MIN_CUSTOMERS {
        warnings.push(no_backtest(
            "too_few_customers",
            bt_date,
            format!("no back-test: only {} customers had bought before {}", bt.customers.len(), day_string(bt_date)),
        ));
        return Ok(None);
    }
    if bt_pos == 0 || bt_pos == bt_y.len() {
        warnings.push(no_backtest(
            "one_class",
            bt_date,
            format!("no back-test: the customers known at {} all have the same label in the window after it", day_string(bt_date)),
        ));
        return Ok(None);
    }
    let rows: Vec<usize> = (0..bt.customers.len()).collect();
    let fitted = Fitted::fit(&bt, &rows, &bt_labels, &bt_y, o.target, o.penalty)?;
    let recency = Classifier::fit(&bt, &rows, &bt_y, o.penalty, Some(&["recency_days"]))?;
    let y = target_labels(o.target, &valid.customers, valid_labels);
    let nv = valid.customers.len();
    let p: Vec<f64> = (0..nv).map(|i| fitted.classifier.probability(valid.row(i))).collect();
    let p_recency: Vec<f64> = (0..nv).map(|i| recency.probability(valid.row(i))).collect();
    let pred_spend: Vec<f64> = (0..nv).map(|i| fitted.expected_spend(valid.row(i))).collect();
    let actual: Vec<f64> = valid_labels.iter().map(|l| l.spend).collect();

    // The lifetime-value baseline on the same customers: BG/NBD and Gamma-Gamma on purchases before A − N.
    let clv = clv_baseline(ds, valid, o.horizon_days);
    let (clv_metrics, clv_spend) = match clv {
        Ok((p_buy, spend)) => {
            let m = match o.target {
                Target::NextPurchase => Metrics::of_probabilities(&p_buy, &y),
                Target::BestCustomer => Metrics::of_scores(&spend, &y),
            };
            (Some(m), backtest::spend_errors(&spend, &actual))
        }
        Err(code) => {
            warnings.push(Notice::new(
                "no_clv_baseline",
                &[("reason", json!(code))],
                format!(
                    "no lifetime-value baseline: the model could not be fitted on the purchases before {} ({code})",
                    day_string(valid_date)
                ),
            ));
            (None, None)
        }
    };
    Ok(Some(Backtest {
        training: window(&bt, valid_date, &bt_y),
        validation: window(valid, as_of, &y),
        model: Metrics::of_probabilities(&p, &y),
        recency: Metrics::of_probabilities(&p_recency, &y),
        clv: clv_metrics,
        gains: backtest::gains(&p, &y, &valid.customers),
        calibration: backtest::calibration(&p, &y),
        spend: SpendBacktest { actual_total: actual.iter().sum(), model: backtest::spend_errors(&pred_spend, &actual), clv: clv_spend },
    }))
}

/// Per row of `t`: the lifetime-value model's P(a purchase within the horizon) and expected spend over
/// it, fitted on the purchases before the table's date (weeks, as the Value view). Err: the error code.
fn clv_baseline(ds: &Dataset, t: &FeatureTable, horizon_days: u32) -> Result<(Vec<f64>, Vec<f64>), &'static str> {
    let s = summarise(ds, t.date, Some(t.date), TimeUnit::Week).map_err(|e| e.code())?;
    if s.rows.len() < crate::clv::MIN_CUSTOMERS {
        return Err("too_few_customers");
    }
    if !s.rows.iter().any(|c| c.x > 0) {
        return Err("no_repeat_buyers");
    }
    let fit = crate::clv::model::fit(ModelKind::Bgnbd, &s.rows).ok_or("not_converged")?;
    let gg = gamma_gamma::fit(&s.rows).map(|g| g.params);
    // Without a spend model every customer gets the mean spend per purchase day of the repeat buyers.
    let repeat: Vec<f64> = s.rows.iter().filter(|c| c.x > 0).map(|c| c.monetary).collect();
    let mean_spend = repeat.iter().sum::<f64>() / repeat.len().max(1) as f64;
    let mut index = vec![u32::MAX; ds.customers.len()];
    for (k, &c) in s.customer.iter().enumerate() {
        if let Some(slot) = index.get_mut(c as usize) {
            *slot = k as u32;
        }
    }
    let t_units = f64::from(horizon_days) / 7.0;
    let mut p = Vec::with_capacity(t.customers.len());
    let mut spend = Vec::with_capacity(t.customers.len());
    for &c in &t.customers {
        let Some(row) = index.get(c as usize).and_then(|&k| s.rows.get(k as usize)) else {
            p.push(0.0);
            spend.push(0.0);
            continue;
        };
        let pb = timing::p_purchase(&fit.fitted, row, t_units);
        let e = fit.fitted.conditional_expected(row, t_units);
        let per = gg.as_ref().map_or(mean_spend, |g| gamma_gamma::conditional_spend(g, row.x, row.monetary));
        p.push(if pb.is_finite() { pb } else { 0.0 });
        let v = e * per;
        spend.push(if v.is_finite() { v } else { 0.0 });
    }
    Ok((p, spend))
}
