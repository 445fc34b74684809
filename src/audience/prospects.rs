//! Prospects that match: a model of "best against the rest" on the attributes the customers file and a
//! prospects file share, checked on customers it has not seen, then every prospect scored.
//!
//! In phases:
//! 1. **Who learns.** The sales customers found in the customers file (the join of [`super::customers`]);
//!    a customer without attributes says nothing about them. The label is the profile's group (by
//!    default the best customers, the top revenue decile exactly as the Segments view's decile 1).
//! 2. **Features.** The attributes both files have (names compared without case and outer spaces),
//!    binned like the profiles ([`super::bins`]: categories, number quintiles, years), each bin a one-hot
//!    feature, the "not given" row included; an attribute with nearly one value per customer (an id, a
//!    name) is left out as in the profile. A prospect's value falls in the customers' bins
//!    ([`super::bins::place`]); a category the customers never had, or a year outside theirs, sets no
//!    feature of that attribute (counted in the report).
//! 3. **Model.** Logistic regression with an L2 penalty ([`super::logistic`]): plain, deterministic and
//!    small in the page's WebAssembly; with one-hot bins it is naive Bayes' additive log-odds without its
//!    independence assumption. Coefficients are log-odds: `exp(β)` is how many times the odds of being
//!    in the group multiply with the value.
//! 4. **Validation.** A stratified hold-out: [`ProspectsOptions::holdout`] (25 %) of the group and of
//!    the rest, drawn by a seeded shuffle, left out of a first fit; the AUC on them is the chance that the
//!    model ranks a group customer above another customer ([`super::logistic::auc`], Mann–Whitney).
//! 5. **Scores.** A second fit on every learning customer scores the customers and the prospects. A
//!    prospect's score is its probability of belonging to the group; its decile is the score decile of
//!    the customers (ranked by score, ties by customer id, sizes as the revenue deciles) where a
//!    customer with the same score sits; its expected value is the mean revenue (in the profile's window)
//!    of the customers of that decile. Its reasons are the attributes whose value raises its log-odds
//!    most above the learning customers' average contribution of that attribute, at most
//!    [`REASONS`], each with the value and the rise.
//!
//! Notes (codes, parameters): `prospects_weak` (`auc`) when the AUC is below [`WEAK_AUC`]: the shared
//! attributes barely separate the group from the rest; `few_best` (`best`, `minimum`) when fewer than
//! [`FEW_BEST`] learning customers are in the group; `no_auc` when the hold-out has no customer of the
//! group or none outside it; errors `no_shared_attributes`, `no_contrast` and `too_many_features` (more than
//! [`MAX_FEATURES`] bins over the shared attributes); `prospect_row_numbers` when the prospects file has no id column (rows are
//! named by their number); `prospects_unplaced` (`values`) for values that fall in no bin; `not_converged`
//! (`steps`) when the fit stopped before converging.

use serde::{Deserialize, Serialize};

use crate::dataset::NONE;
use crate::notice::Notice;
use crate::rng::Rng;
use crate::segment::concentration::{decile_sizes, rank_best_first};
use crate::segment::profile::profiles;

use super::customers::{self, CustomerTable, CustomersSummary, JoinReport};
use super::{AudienceError, Group, GroupSummary, Kind, ProfileOptions, Sales, bins, logistic};

/// Below this hold-out AUC the shared attributes are said not to separate the group from the rest.
pub const WEAK_AUC: f64 = 0.6;

/// Fewer learning customers in the group than this and the model rests on too few.
pub const FEW_BEST: u64 = 20;

/// Most one-hot features the model takes: its Newton system holds `(features + 1)²` numbers (8 MB at
/// this bound) and costs `features³ / 3` operations a step. Measured natively on 20,000 customers:
/// 510 features 0.7 s, 1,020 features 3.5 s (two fits of 7 steps each, the hold-out's and the final);
/// the page's WebAssembly is slower still. Twenty shared attributes of 50 values stay below it.
pub const MAX_FEATURES: usize = 1024;

/// Reasons given per prospect at most.
pub const REASONS: usize = 3;

/// Options of the prospects model. `{}`: the best customers, a 25 % hold-out, seed 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct ProspectsOptions {
    /// As-of date `YYYY-MM-DD` (default: the day after the last date in the sales file).
    pub as_of: Option<String>,
    /// The group to find more of, as for a profile (`best` by default).
    pub group: Option<String>,
    /// Share of the learning customers held out to measure the AUC, above 0 and below 1 (0.25).
    pub holdout: f64,
    /// Seed of the hold-out's shuffle.
    pub seed: u64,
}

impl Default for ProspectsOptions {
    fn default() -> Self {
        ProspectsOptions { as_of: None, group: None, holdout: 0.25, seed: 1 }
    }
}

/// An attribute both files have.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SharedAttribute {
    /// The customers file's column name.
    pub name: String,
    /// How its values were binned.
    pub kind: Kind,
    /// Bins (features) it gives.
    pub bins: u64,
}

/// The fitted model in brief.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "ProspectModelSummary"))]
pub struct ModelSummary {
    /// What it is, for people.
    pub method: &'static str,
    /// The L2 penalty.
    pub lambda: f64,
    /// One-hot features.
    pub features: u64,
    /// Customers it learned from (the final fit).
    pub customers: u64,
    /// Of them in the group.
    pub best: u64,
    /// Newton steps of the final fit.
    pub steps: u64,
    /// Whether it converged.
    pub converged: bool,
    /// The intercept (log-odds of a customer with no feature set).
    pub intercept: f64,
}

/// The hold-out check.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Validation {
    /// Share held out.
    pub holdout: f64,
    /// The shuffle's seed.
    pub seed: u64,
    /// Customers the first fit learned from.
    pub training_customers: u64,
    /// Customers held out.
    pub holdout_customers: u64,
    /// Of them in the group.
    pub holdout_best: u64,
    /// Area under the ROC curve on the held-out customers: the chance that the model ranks a group
    /// customer above another customer (0.5 is chance); `null` when the hold-out lacks either kind.
    pub auc: Option<f64>,
}

/// One feature's coefficient.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "ProspectCoefficient"))]
pub struct Coefficient {
    /// Attribute.
    pub attribute: String,
    /// The bin's label (value, range or year; `(not given)`, `(other values)`).
    pub value: String,
    /// Log-odds coefficient.
    pub coefficient: f64,
    /// Learning customers with the value.
    pub customers: u64,
}

/// A decile of the customers' scores, best scores first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ScoreDecile {
    /// 1 (highest scores) to 10.
    pub decile: u32,
    /// Customers in it.
    pub customers: u64,
    /// Of them in the group.
    pub best: u64,
    /// Lowest score in it.
    pub min_score: f64,
    /// Highest score in it.
    pub max_score: f64,
    /// Mean revenue of its customers in the window.
    pub mean_value: f64,
}

/// Why a prospect scores high: an attribute value that raises its log-odds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "ProspectReason"))]
pub struct Reason {
    /// Attribute.
    pub attribute: String,
    /// The prospect's bin of it.
    pub value: String,
    /// Rise in log-odds over the learning customers' average for this attribute.
    pub effect: f64,
}

/// One scored prospect.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ProspectScore {
    /// The prospect's id (its row number when the file has no id column).
    pub prospect: String,
    /// Probability of being like the group, by the model.
    pub score: f64,
    /// The customers' score decile it falls in (1 = highest scores).
    pub decile: u32,
    /// Mean revenue of the customers of that decile: the expected value of a prospect like this.
    pub expected_value: f64,
    /// At most [`REASONS`] attributes that raise the score most.
    pub reasons: Vec<Reason>,
}

/// The prospects report (the page's and the CLI's `--json`). Keys are contracts: add, don't rename.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ProspectsReport {
    /// The options that produced it.
    pub options: ProspectsOptions,
    /// The as-of date used.
    pub as_of: Option<String>,
    /// The group the model finds more of.
    pub group: GroupSummary,
    /// All customers of the sales file (with a purchase before the as-of date).
    pub customers: u64,
    /// How the customers file met the sales customers.
    pub join: JoinReport,
    /// What reading the prospects file found; `id_column` is empty when rows are named by number.
    pub prospects_file: CustomersSummary,
    /// `column` or `row_number`: how prospects are named.
    pub prospect_ids: &'static str,
    /// The attributes the model uses.
    pub shared_attributes: Vec<SharedAttribute>,
    /// Customers-file columns the prospects file lacks (or left out: nearly one value per customer).
    pub customers_only_attributes: Vec<String>,
    /// Prospects-file columns the customers file lacks.
    pub prospects_only_attributes: Vec<String>,
    /// The final fit.
    pub model: ModelSummary,
    /// The hold-out check.
    pub validation: Validation,
    /// Every feature's coefficient, attribute by attribute in bin order.
    pub coefficients: Vec<Coefficient>,
    /// The customers' score deciles.
    pub deciles: Vec<ScoreDecile>,
    /// Every prospect, highest score first (ties in file order).
    pub prospects: Vec<ProspectScore>,
    /// Prospect values that fell in no bin (a category or year the customers never had).
    pub unplaced_values: u64,
    /// Notes the page words from their codes (see the module doc).
    pub notes: Vec<Notice>,
}

/// The method named in the report.
pub const METHOD: &str = "logistic regression with an L2 penalty on one-hot attribute bins, fitted by Newton's method";

fn key(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Scores the prospects: the model of the group against the rest on the shared attributes.
pub fn prospects(
    sales: Sales<'_>,
    customers: &CustomerTable,
    prospects: &CustomerTable,
    options: &ProspectsOptions,
) -> Result<ProspectsReport, AudienceError> {
    if !(options.holdout > 0.0 && options.holdout < 1.0) {
        return Err(crate::error::BadParameter::new(
            "holdout",
            options.holdout.to_string(),
            "expected a share above 0 and below 1, such as 0.25",
        )
        .into());
    }
    let ds = sales.data;
    let group = Group::parse(options.group.as_deref().unwrap_or("best"))?;
    let popts = ProfileOptions { as_of: options.as_of.clone(), group: options.group.clone(), ..Default::default() };
    let as_of = match &options.as_of {
        Some(s) => Some(crate::time::parse_day(s).map_err(|e| e.renamed("as_of"))?),
        None => None,
    };
    let p = profiles(ds, as_of)?;
    let n = p.rows.len();
    let in_group = super::members(ds, &p, group, &popts)?;
    let group_size = in_group.iter().filter(|&&g| g).count() as u64;
    let (rows, join) = customers::join(customers, p.rows.iter().map(|c| ds.customers.get(c.customer)));

    // The learning customers: profile rows found in the customers file.
    let learn: Vec<usize> = (0..n).filter(|&i| rows[i] != NONE).collect();
    let y: Vec<bool> = learn.iter().map(|&i| in_group[i]).collect();
    let value: Vec<f64> = learn.iter().map(|&i| p.rows[i].monetary).collect();
    let best = y.iter().filter(|&&b| b).count() as u64;

    // Shared attributes, binned on the learning customers' values.
    let mut shared = Vec::new();
    let mut customers_only = Vec::new();
    let mut blocks: Vec<(String, bins::Binned, usize)> = Vec::new(); // (name, bins, prospects column)
    for col in &customers.columns {
        let Some(pc) = prospects.columns.iter().position(|c| key(&c.name) == key(&col.name)) else {
            customers_only.push(col.name.clone());
            continue;
        };
        let values: Vec<u32> = learn.iter().map(|&i| col.first.get(rows[i] as usize).copied().unwrap_or(NONE)).collect();
        let distinct = bins::distinct_used(&values);
        let with_value = values.iter().filter(|&&v| v != NONE).count();
        let b = bins::bin(&values, &col.dict, customers.number);
        if b.kind == Kind::Category && distinct > super::SKIP_DISTINCT && distinct * 2 > with_value {
            customers_only.push(col.name.clone());
            continue;
        }
        shared.push(SharedAttribute { name: col.name.clone(), kind: b.kind, bins: b.bins.len() as u64 });
        blocks.push((col.name.clone(), b, pc));
    }
    let prospects_only: Vec<String> = prospects
        .columns
        .iter()
        .filter(|c| !customers.columns.iter().any(|k| key(&k.name) == key(&c.name)))
        .map(|c| c.name.clone())
        .collect();
    if blocks.is_empty() {
        return Err(AudienceError::NoSharedAttributes {
            customers: customers.columns.iter().map(|c| c.name.clone()).collect(),
            prospects: prospects.columns.iter().map(|c| c.name.clone()).collect(),
        });
    }
    if best == 0 || best == learn.len() as u64 {
        return Err(AudienceError::NoContrast { group: group.key(), learning: learn.len() as u64, in_group: best });
    }

    // Features: each block's bins after the previous blocks'.
    let mut offset = Vec::with_capacity(blocks.len());
    let mut features = 0usize;
    for b in &blocks {
        offset.push(features);
        features += b.1.bins.len();
    }
    if features > MAX_FEATURES {
        return Err(AudienceError::TooManyFeatures {
            attributes: blocks.len() as u64,
            features: features as u64,
            max: MAX_FEATURES as u64,
        });
    }
    let ones_of = |k: usize| -> Vec<u32> {
        blocks.iter().zip(&offset).filter_map(|(b, &o)| b.1.of.get(k).filter(|&&x| x != NONE).map(|&x| (o + x as usize) as u32)).collect()
    };
    let x: Vec<Vec<u32>> = (0..learn.len()).map(ones_of).collect();

    // Hold-out: a seeded shuffle of the group and of the rest, the first share of each held out.
    let mut rng = Rng::new(options.seed);
    let mut held = vec![false; learn.len()];
    for label in [true, false] {
        let mut idx: Vec<usize> = (0..learn.len()).filter(|&k| y[k] == label).collect();
        for i in (1..idx.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            idx.swap(i, j);
        }
        let take = ((idx.len() as f64 * options.holdout).round() as usize).min(idx.len().saturating_sub(1));
        for &k in &idx[..take] {
            held[k] = true;
        }
    }
    let (train_x, train_y): (Vec<Vec<u32>>, Vec<bool>) = (0..learn.len()).filter(|&k| !held[k]).map(|k| (x[k].clone(), y[k])).unzip();
    let first = logistic::fit(&train_x, &train_y, features, logistic::LAMBDA);
    let test: Vec<usize> = (0..learn.len()).filter(|&k| held[k]).collect();
    let test_scores: Vec<f64> = test.iter().map(|&k| first.logit(&x[k])).collect();
    let test_y: Vec<bool> = test.iter().map(|&k| y[k]).collect();
    let auc = logistic::auc(&test_scores, &test_y);
    let validation = Validation {
        holdout: options.holdout,
        seed: options.seed,
        training_customers: train_x.len() as u64,
        holdout_customers: test.len() as u64,
        holdout_best: test_y.iter().filter(|&&b| b).count() as u64,
        auc,
    };

    // The final fit on every learning customer.
    let model = logistic::fit(&x, &y, features, logistic::LAMBDA);
    let scores: Vec<f64> = x.iter().map(|r| model.probability(r)).collect();
    let logits: Vec<f64> = x.iter().map(|r| model.logit(r)).collect();

    // Score deciles of the customers: highest score first, ties by customer id (as the revenue deciles).
    let id_rank: Vec<u32> = learn.iter().map(|&i| p.id_rank[i]).collect();
    let order = rank_best_first(&logits, &id_rank);
    let sizes = decile_sizes(learn.len());
    let mut decile_of_rank = Vec::with_capacity(learn.len());
    let mut deciles = Vec::new();
    let mut start = 0usize;
    for (d, &size) in sizes.iter().enumerate() {
        let members = &order[start..start + size];
        decile_of_rank.extend(std::iter::repeat_n(d as u32 + 1, size));
        let s = members.iter().map(|&k| scores[k as usize]);
        deciles.push(ScoreDecile {
            decile: d as u32 + 1,
            customers: size as u64,
            best: members.iter().filter(|&&k| y[k as usize]).count() as u64,
            min_score: s.clone().fold(f64::INFINITY, f64::min),
            max_score: s.fold(f64::NEG_INFINITY, f64::max),
            mean_value: if size > 0 { members.iter().map(|&k| value[k as usize]).sum::<f64>() / size as f64 } else { 0.0 },
        });
        start += size;
    }
    // Sorted logits, descending, to find where a prospect's score would rank.
    let sorted: Vec<f64> = order.iter().map(|&k| logits[k as usize]).collect();

    // Each attribute's average contribution among the learning customers (the reasons' baseline).
    let baseline: Vec<f64> = blocks
        .iter()
        .zip(&offset)
        .map(|(b, &o)| b.1.of.iter().map(|&x| if x == NONE { 0.0 } else { model.coef[o + x as usize] }).sum::<f64>() / learn.len() as f64)
        .collect();

    let mut unplaced = 0u64;
    let mut scored: Vec<(usize, ProspectScore)> = Vec::with_capacity(prospects.ids.len());
    for (r, id) in prospects.ids.iter() {
        let mut ones = Vec::with_capacity(blocks.len());
        let mut reasons = Vec::new();
        for ((b, &o), base) in blocks.iter().zip(&offset).zip(&baseline) {
            let col = &prospects.columns[b.2];
            let v = col.first.get(r as usize).copied().unwrap_or(NONE);
            let text = if v == NONE { "" } else { col.dict.get(v) };
            let bin = bins::place(&b.1, text, prospects.number);
            let contribution = match bin {
                Some(k) => {
                    ones.push((o + k as usize) as u32);
                    model.coef[o + k as usize]
                }
                None => {
                    unplaced += 1;
                    0.0
                }
            };
            let effect = contribution - base;
            if let Some(k) = bin
                && effect > 0.0
            {
                reasons.push(Reason { attribute: b.0.clone(), value: b.1.bins[k as usize].label.clone(), effect });
            }
        }
        reasons.sort_by(|a, b| b.effect.total_cmp(&a.effect));
        reasons.truncate(REASONS);
        let z = model.logit(&ones);
        let above = sorted.partition_point(|&s| s > z);
        let decile = decile_of_rank.get(above.min(learn.len().saturating_sub(1))).copied().unwrap_or(1);
        let expected_value = deciles.get(decile as usize - 1).map_or(0.0, |d| d.mean_value);
        scored.push((r as usize, ProspectScore { prospect: id.to_string(), score: logistic::sigmoid(z), decile, expected_value, reasons }));
    }
    scored.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(a.0.cmp(&b.0)));

    let mut coefficients = Vec::with_capacity(features);
    for (b, &o) in blocks.iter().zip(&offset) {
        let mut count = vec![0u64; b.1.bins.len()];
        for &x in &b.1.of {
            if let Some(c) = count.get_mut(x as usize) {
                *c += 1;
            }
        }
        for (k, bin) in b.1.bins.iter().enumerate() {
            coefficients.push(Coefficient {
                attribute: b.0.clone(),
                value: bin.label.clone(),
                coefficient: model.coef[o + k],
                customers: count[k],
            });
        }
    }

    let mut notes = Vec::new();
    match auc {
        Some(a) if a < WEAK_AUC => notes.push(Notice::new(
            "prospects_weak",
            &[("auc", serde_json::json!(a))],
            format!(
                "the shared attributes barely tell the group from the rest: on held-out customers the model ranks a group customer above another {:.0} % of the time (50 % is chance), so the scores say little",
                a * 100.0
            ),
        )),
        Some(_) => {}
        None => notes.push(Notice::plain("no_auc", "the held-out customers lack a group customer or another customer, so the model could not be checked")),
    }
    if best < FEW_BEST {
        notes.push(Notice::new(
            "few_best",
            &[("best", serde_json::json!(best)), ("minimum", serde_json::json!(FEW_BEST))],
            format!("only {best} customers of the group have attributes (fewer than {FEW_BEST}): the model rests on few customers"),
        ));
    }
    if prospects.summary.id_column.is_empty() {
        notes.push(Notice::plain(
            "prospect_row_numbers",
            "the prospects file has no id column: prospects are named by their row number (1 = the first data row)",
        ));
    }
    if unplaced > 0 {
        notes.push(Notice::new(
            "prospects_unplaced",
            &[("values", serde_json::json!(unplaced))],
            format!("{unplaced} prospect values are a category or year no customer has: they count neither for nor against"),
        ));
    }
    if !model.converged {
        notes.push(Notice::new(
            "not_converged",
            &[("steps", serde_json::json!(model.steps))],
            format!("the model stopped after {} steps before converging", model.steps),
        ));
    }
    let (kind, name) = super::group_kind(group);
    Ok(ProspectsReport {
        options: options.clone(),
        as_of: p.as_of_day.map(crate::time::day_string),
        group: GroupSummary { key: group.key(), kind, name, customers: group_size, share: super::ratio(group_size, n as u64) },
        customers: n as u64,
        join,
        prospects_file: prospects.summary.clone(),
        prospect_ids: if prospects.summary.id_column.is_empty() { "row_number" } else { "column" },
        shared_attributes: shared,
        customers_only_attributes: customers_only,
        prospects_only_attributes: prospects_only,
        model: ModelSummary {
            method: METHOD,
            lambda: logistic::LAMBDA,
            features: features as u64,
            customers: learn.len() as u64,
            best,
            steps: model.steps as u64,
            converged: model.converged,
            intercept: model.intercept,
        },
        validation,
        coefficients,
        deciles,
        prospects: scored.into_iter().map(|s| s.1).collect(),
        unplaced_values: unplaced,
        notes,
    })
}

/// The scored prospects as CSV: `prospect, score, decile, expected_value`, then the reasons as
/// `reason_1` … (`Attribute: value`) and their `effect_1` … in log-odds.
pub fn write_csv(out: impl std::io::Write, r: &ProspectsReport) -> std::io::Result<()> {
    use crate::segment::export::safe_text;
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec!["prospect".to_string(), "score".into(), "decile".into(), "expected_value".into()];
    for k in 1..=REASONS {
        header.push(format!("reason_{k}"));
        header.push(format!("effect_{k}"));
    }
    w.write_record(&header)?;
    for p in &r.prospects {
        let mut row = vec![safe_text(&p.prospect).into_owned(), p.score.to_string(), p.decile.to_string(), p.expected_value.to_string()];
        for k in 0..REASONS {
            match p.reasons.get(k) {
                Some(x) => {
                    row.push(safe_text(&format!("{}: {}", x.attribute, x.value)).into_owned());
                    row.push(x.effect.to_string());
                }
                None => row.extend([String::new(), String::new()]),
            }
        }
        w.write_record(&row)?;
    }
    w.flush()
}
