//! The lifetime-value report: every section [`super::clv`] returns, and the parameters in words.

use serde::Serialize;

use super::optimize::Diagnostics;
use super::{ClvOptions, TimeUnit, bgnbd, gamma_gamma, holdout, summary, timing, value};
use crate::notice::Notice;

/// A parameter with its value and what it means for people.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Meaning {
    /// Name (`r`, `alpha`, …).
    pub name: &'static str,
    /// Estimate.
    pub value: f64,
    /// Asymptotic standard error.
    pub standard_error: Option<f64>,
    /// Plain-language meaning.
    pub meaning: String,
}

/// The fitted purchase model. `r`, `alpha`, `a`, `b`, `log_likelihood` are contracts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BgNbdSection {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Scale of the purchase-rate distribution (time units).
    pub alpha: f64,
    /// Drop-out Beta shape a.
    pub a: f64,
    /// Drop-out Beta shape b.
    pub b: f64,
    /// Total log-likelihood.
    pub log_likelihood: f64,
    /// Customers fitted.
    pub customers: usize,
    /// The parameters with their meaning.
    pub parameters: Vec<Meaning>,
    /// The search.
    pub diagnostics: Diagnostics,
}

/// The fitted Pareto/NBD model. `r`, `alpha`, `s`, `beta`, `log_likelihood` are contracts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ParetoNbdSection {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Scale of the purchase-rate distribution (time units).
    pub alpha: f64,
    /// Shape of the drop-out-rate distribution.
    pub s: f64,
    /// Scale of the drop-out-rate distribution (time units).
    pub beta: f64,
    /// Total log-likelihood.
    pub log_likelihood: f64,
    /// Customers fitted.
    pub customers: usize,
    /// The parameters with their meaning.
    pub parameters: Vec<Meaning>,
    /// The search.
    pub diagnostics: Diagnostics,
}

/// The fitted MBG/NBD model. `r`, `alpha`, `a`, `b`, `log_likelihood` are contracts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MbgNbdSection {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Scale of the purchase-rate distribution (time units).
    pub alpha: f64,
    /// Drop-out Beta shape a (drop-out possible at the first purchase too).
    pub a: f64,
    /// Drop-out Beta shape b.
    pub b: f64,
    /// Total log-likelihood.
    pub log_likelihood: f64,
    /// Customers fitted.
    pub customers: usize,
    /// The parameters with their meaning.
    pub parameters: Vec<Meaning>,
    /// The search.
    pub diagnostics: Diagnostics,
}

/// One purchase model in the comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ModelComparison {
    /// `bgnbd`, `pareto_nbd`, `mbg_nbd`.
    pub model: &'static str,
    /// `BG/NBD`, `Pareto/NBD`, `MBG/NBD`.
    pub label: &'static str,
    /// Log-likelihood on the calibration period.
    pub log_likelihood: f64,
    /// BIC `4 ln n − 2 ℓ` (lower is better).
    pub bic: f64,
    /// Mean absolute error of the predicted holdout repeat purchases per customer (`null` without holdout).
    pub holdout_mae: Option<f64>,
    /// Predicted holdout repeat purchases in total (`null` without holdout).
    pub holdout_predicted: Option<f64>,
    /// The model used for the values.
    pub chosen: bool,
}

/// The fit the values are scored with: the chosen model refitted on all purchases up to the as-of date.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Scoring {
    /// The date the values, P(alive) and lists refer to (the last day of the data used).
    pub as_of: String,
    /// Refitted on all purchases up to `as_of` (true with a holdout; without one the calibration fit is it).
    pub refitted: bool,
    /// Customers scored.
    pub customers: usize,
    /// The parameters (r, alpha, a, b for BG/NBD and MBG/NBD; r, alpha, s, beta for Pareto/NBD).
    pub parameters: [f64; 4],
    /// Log-likelihood of the refit.
    pub log_likelihood: f64,
    /// Gamma-Gamma (p, q, gamma) of the refit (`null` without a spend model).
    pub spend: Option<[f64; 3]>,
}

/// Customers ranked by what their leaving would cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ChurnRisk {
    /// The rule in words.
    pub rule: String,
    /// `value_at_risk`, or `purchases_at_risk` without a spend model.
    pub ranked_by: &'static str,
    /// Customers with something at risk.
    pub customers_at_risk: usize,
    /// Sum over all customers of what is at risk.
    pub total_at_risk: f64,
    /// The list, largest risk first (at most [`super::RISK_LIST`]).
    pub customers: Vec<CustomerValue>,
    /// Why the list is empty or uninformative, in words (`null` otherwise).
    pub note: Option<String>,
}

/// The fitted spend model. `p`, `q`, `gamma` are contracts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct GammaGammaSection {
    /// Shape of transaction values around a customer's mean.
    pub p: f64,
    /// Shape of the spread of customers' means.
    pub q: f64,
    /// Scale of the spread of customers' means.
    pub gamma: f64,
    /// Total log-likelihood.
    pub log_likelihood: f64,
    /// Repeat buyers with a positive spend, fitted.
    pub customers: usize,
    /// Population mean spend per purchase `p·gamma/(q−1)` (`null` when q ≤ 1).
    pub mean_spend: Option<f64>,
    /// Pearson correlation of repeat purchases and mean spend (the model assumes none).
    pub frequency_spend_correlation: Option<f64>,
    /// The |correlation| above which a warning is given.
    pub correlation_threshold: f64,
    /// Whether customers' mean spends differ at all (the likelihood-ratio test against one common mean).
    pub heterogeneity: Option<super::gamma_gamma::Heterogeneity>,
    /// The parameters with their meaning.
    pub parameters: Vec<Meaning>,
    /// The search.
    pub diagnostics: Diagnostics,
}

/// One customer's row (the page's table and the CSV).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CustomerValue {
    /// Customer id.
    pub customer: String,
    /// Repeat purchases in the calibration period.
    pub x: u32,
    /// Time of the last purchase after the first (units).
    pub t_x: f64,
    /// Time from the first purchase to the calibration end (units).
    #[serde(rename = "T")]
    pub t: f64,
    /// Mean value of the repeat purchases.
    pub monetary: f64,
    /// Value of all calibration purchases (the past value).
    pub past_value: f64,
    /// Probability of being active at the calibration end.
    pub p_alive: f64,
    /// Expected purchases over the horizon.
    pub expected_purchases: f64,
    /// Its 80 % range from the uncertainty of the fitted parameters, `[low, high]` (`null` when the fit
    /// gives no covariance). Not the spread of what the customer will do: the model's own estimate.
    pub expected_purchases_range: Option<[f64; 2]>,
    /// Expected spend per purchase (`null` without a spend model).
    pub expected_spend: Option<f64>,
    /// Discounted lifetime value over the horizon (`null` without a spend model).
    pub clv: Option<f64>,
    /// Its 80 % range (`null` without a spend model or a covariance).
    pub clv_range: Option<[f64; 2]>,
    /// 1 = most valuable.
    pub rank: usize,
    /// Purchases in the holdout (`null` without a holdout).
    pub holdout_purchases: Option<u32>,
    /// Expected purchases over the holdout length (`null` without a holdout).
    pub holdout_predicted: Option<f64>,
    /// CLV if still active × P(not alive) (`null` without a spend model).
    pub value_at_risk: Option<f64>,
    /// Expected purchases if still active × P(not alive).
    pub purchases_at_risk: f64,
    /// Mean time between purchases, `t_x / x` in units (`null` for one purchase).
    pub typical_gap: Option<f64>,
    /// Time since the last purchase, `T − t_x` in units.
    pub silent_for: f64,
    /// The above in words.
    pub risk_reason: String,
    /// P(at least one purchase within 30 days of the as-of date) (see [`timing`]).
    pub p_purchase_30: f64,
    /// … within 60 days.
    pub p_purchase_60: f64,
    /// … within 90 days.
    pub p_purchase_90: f64,
    /// If still a customer, the likely date of the next purchase (the median wait; `null` beyond 10 years).
    pub next_purchase: Option<String>,
    /// Time since the last purchase beyond the customer's own mean gap, in units (`null` unless at least
    /// three purchases and past that gap).
    pub overdue_by: Option<f64>,
    /// Place in the whole churn-risk list (1 = most at risk; [`super::lists`]), `null` when nothing is at
    /// risk. The report's `churn_risk.customers` are its first [`super::RISK_LIST`].
    pub risk_rank: Option<usize>,
    /// Place in the whole overdue list (1 = largest past value; [`super::lists`]), `null` when not overdue.
    /// The report's `timing.overdue` are its first [`super::timing::OVERDUE_LIST`].
    pub overdue_rank: Option<usize>,
}

/// One bin of the P(alive) histogram.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Bin {
    /// Lower edge.
    pub from: f64,
    /// Upper edge (the last bin includes 1).
    pub to: f64,
    /// Customers.
    pub customers: u64,
}

/// A point of the new-customer curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CurvePoint {
    /// Time since the first purchase (units).
    pub t: f64,
    /// Expected repeat purchases by then.
    pub expected_purchases: f64,
    /// Its 80 % range from the uncertainty of the fitted parameters (`null` without a covariance).
    pub expected_purchases_range: Option<[f64; 2]>,
}

/// The "valuable but probably gone" list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AtRisk {
    /// The rule in words.
    pub rule: String,
    /// Past value from which a customer is valuable (the value of the last customer in the top share).
    pub value_threshold: f64,
    /// P(alive) below which they are probably gone.
    pub p_alive_threshold: f64,
    /// Valuable customers (the top share).
    pub valuable: u64,
    /// The list, highest past value first (indices into nothing: full rows).
    pub customers: Vec<CustomerValue>,
}

/// Totals over all customers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Totals {
    /// Expected purchases over the horizon.
    pub expected_purchases: f64,
    /// Its 80 % range from the parameters' uncertainty (`null` when the fit gives no covariance).
    pub expected_purchases_range: Option<[f64; 2]>,
    /// Σ CLV (`null` without a spend model).
    pub clv: Option<f64>,
    /// Its 80 % range (`null` without a spend model or a covariance).
    pub clv_range: Option<[f64; 2]>,
    /// Mean P(alive).
    pub mean_p_alive: f64,
}

/// The lifetime-value report (the page's and `clientela clv --json`). Keys are contracts: add, don't rename.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ClvReport {
    /// The options that produced the report.
    pub options: ClvOptions,
    /// `day` or `week`.
    pub time_unit: TimeUnit,
    /// First purchase of the calibration customers.
    pub calibration_start: String,
    /// Last day of the calibration period (inclusive: purchases on this day and before calibrate).
    pub calibration_end: String,
    /// Last day of the holdout (inclusive), `null` without a holdout.
    pub holdout_end: Option<String>,
    /// Horizon of the predictions (units).
    pub horizon: f64,
    /// Annual discount rate.
    pub discount_rate: f64,
    /// Margin applied to spend (1 = revenue).
    pub margin: f64,
    /// How the CLV is computed, for people.
    pub clv_rule: String,
    /// Customers with a purchase before the calibration end.
    pub calibration_customers: usize,
    /// Of these, customers with at least one repeat purchase.
    pub repeat_buyers: usize,
    /// Customers whose first purchase falls in the holdout (not scored).
    pub first_purchase_in_holdout: u64,
    /// Used rows without a customer id, left out.
    pub excluded_no_customer: u64,
    /// The purchase model.
    pub bgnbd: BgNbdSection,
    /// Pareto/NBD on the calibration period (`null` when it cannot be fitted; see `warnings`).
    pub pareto_nbd: Option<ParetoNbdSection>,
    /// MBG/NBD on the calibration period (`null` when it cannot be fitted; see `warnings`).
    pub mbg_nbd: Option<MbgNbdSection>,
    /// The purchase model used for the values: `bgnbd`, `pareto_nbd` or `mbg_nbd`.
    pub model: &'static str,
    /// Its name for people.
    pub model_label: &'static str,
    /// Why that model, in words.
    pub model_reason: String,
    /// Every fitted model's likelihood, BIC and holdout error.
    pub model_comparison: Vec<ModelComparison>,
    /// What the values are scored with and as of when.
    pub scoring: Scoring,
    /// The spend model on the calibration period (`null` when it cannot be fitted; see `warnings`); the
    /// values use its refit as of `scoring.as_of` (`scoring.spend`).
    pub gamma_gamma: Option<GammaGammaSection>,
    /// Totals.
    pub totals: Totals,
    /// What `rank` orders by: `clv`, or `expected_purchases` without a spend model.
    pub rank_by: &'static str,
    /// Customers, best first (all, or the best `options.top`).
    pub customers: Vec<CustomerValue>,
    /// Customers listed in `customers` / all scored.
    pub customers_total: usize,
    /// P(alive) distribution.
    pub p_alive_histogram: Vec<Bin>,
    /// How to read P(alive), for people.
    pub p_alive_note: &'static str,
    /// Valuable customers who are probably gone.
    pub at_risk: AtRisk,
    /// Customers ranked by value at risk, with the reason in words.
    pub churn_risk: ChurnRisk,
    /// When customers buy next, how far apart purchases are, who is overdue.
    pub timing: timing::Timing,
    /// Expected repeat purchases of a new customer over time.
    pub new_customer_curve: Vec<CurvePoint>,
    /// Predicted vs actual after the calibration end (`null` without a holdout).
    pub holdout: Option<holdout::Holdout>,
    /// Things to know before trusting the numbers.
    pub warnings: Vec<Notice>,
}

/// Everything computed: the summary, the scores per summary row, the ranking and the report.
#[derive(Debug, Clone)]
pub struct Clv {
    /// Calibration summary.
    pub summary: summary::Summary,
    /// The summary the values are scored on: all purchases up to the as-of date (the calibration summary
    /// when there is no holdout).
    pub scored: summary::Summary,
    /// Scores per `scored` row.
    pub scores: Vec<value::Score>,
    /// `scored` rows best first.
    pub order: Vec<u32>,
    /// The report.
    pub report: ClvReport,
}

pub(super) fn bgnbd_meanings(p: &bgnbd::BgNbdParams, se: &[Option<f64>; 4], unit: &str) -> Vec<Meaning> {
    let mean_rate = p.r / p.alpha;
    let drop = p.a / (p.a + p.b);
    vec![
        Meaning {
            name: "r",
            value: p.r,
            standard_error: se[0],
            meaning: format!(
                "shape of how purchase rates differ between active customers: below 1 means most buy rarely and a few very often (mean rate r/alpha = {mean_rate:.4} purchases per {unit})"
            ),
        },
        Meaning {
            name: "alpha",
            value: p.alpha,
            standard_error: se[1],
            meaning: format!(
                "scale of the purchase rates, in {unit}s: an active customer buys on average every {:.1} {unit}s",
                1.0 / mean_rate
            ),
        },
        Meaning {
            name: "a",
            value: p.a,
            standard_error: se[2],
            meaning: format!(
                "with b, how likely customers stop after a purchase: on average {:.1} % drop out after each purchase",
                100.0 * drop
            ),
        },
        Meaning {
            name: "b",
            value: p.b,
            standard_error: se[3],
            meaning: "with a, the spread of drop-out chances: large a and b mean similar chances for everyone, small ones very different"
                .into(),
        },
    ]
}

pub(super) fn pareto_meanings(v: [f64; 4], se: &[Option<f64>; 4], unit: &str) -> Vec<Meaning> {
    let [r, alpha, s, beta] = v;
    let life = if s > 1.0 {
        format!("a mean lifetime of {:.1} {unit}s", beta / (s - 1.0))
    } else {
        "lifetimes so spread out that their mean is infinite".into()
    };
    vec![
        Meaning {
            name: "r",
            value: r,
            standard_error: se[0],
            meaning: format!(
                "shape of how purchase rates differ between active customers (mean rate r/alpha = {:.4} purchases per {unit})",
                r / alpha
            ),
        },
        Meaning {
            name: "alpha",
            value: alpha,
            standard_error: se[1],
            meaning: format!("scale of the purchase rates, in {unit}s: an active customer buys on average every {:.1} {unit}s", alpha / r),
        },
        Meaning {
            name: "s",
            value: s,
            standard_error: se[2],
            meaning: "shape of how drop-out rates differ between customers: small s means very different lifetimes".into(),
        },
        Meaning {
            name: "beta",
            value: beta,
            standard_error: se[3],
            meaning: format!("scale of the drop-out rates, in {unit}s: mean drop-out rate s/beta = {:.4} per {unit}, {life}", s / beta),
        },
    ]
}

pub(super) fn gg_meanings(p: &gamma_gamma::GammaGammaParams, se: &[Option<f64>; 3]) -> Vec<Meaning> {
    vec![
        Meaning { name: "p", value: p.p, standard_error: se[0], meaning:
            "how steady one customer's spend per purchase is: large p means each customer spends about the same every time".into() },
        Meaning { name: "q", value: p.q, standard_error: se[1], meaning:
            "how much customers' average spends differ: small q means a few customers with very high average spend (the population mean exists only for q > 1)".into() },
        Meaning { name: "gamma", value: p.gamma, standard_error: se[2], meaning: if p.q > 1.0 {
            format!("scale of the average spends, in currency: the mean spend per purchase is p·gamma/(q−1) = {:.2}", p.p * p.gamma / (p.q - 1.0))
        } else { "scale of the average spends, in currency".into() } },
    ]
}
