//! Customer lifetime value: who will keep buying, how much, and what that is worth.
//!
//! Phases, one file each: [`summary`] (per customer `x`, `t_x`, `T`, mean repeat spend, split at the
//! calibration end), [`bgnbd`] (purchase counts and drop-out, Fader, Hardie & Lee 2005), [`gamma_gamma`]
//! (spend per purchase), [`value`] (P(alive), expected purchases, discounted CLV), [`holdout`] (predicted
//! vs actual after the calibration end). [`optimize`] and [`special`] are the numerical tools;
//! [`simulate`] draws customers from the models for tests and benchmarks.

pub mod bgnbd;
pub mod error;
pub mod export;
pub mod gamma_gamma;
pub mod holdout;
pub mod optimize;
pub mod params;
pub mod simulate;
pub mod special;
pub mod summary;
pub mod value;

use serde::Serialize;

pub use error::ClvError;
pub use params::ClvOptions;
pub use summary::{CustomerSummary, TimeUnit};

use crate::dataset::Dataset;
use crate::time::day_string;
use optimize::Diagnostics;

/// Fewest calibration customers the purchase model is fitted on.
pub const MIN_CUSTOMERS: usize = 10;
/// Fewest repeat buyers with a positive spend the spend model is fitted on.
pub const MIN_REPEAT_BUYERS: usize = 5;
/// Points of the new-customer curve (evenly spaced over the horizon, 0 included).
pub const CURVE_POINTS: usize = 53;
/// Bins of the P(alive) histogram (width 0.1).
pub const P_ALIVE_BINS: usize = 10;
/// A gradient norm above this after the search is an error, not a warning.
pub const GRADIENT_ERROR: f64 = 1e-4;

/// A parameter with its value and what it means for people.
#[derive(Debug, Clone, PartialEq, Serialize)]
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

/// The fitted spend model. `p`, `q`, `gamma` are contracts.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// The parameters with their meaning.
    pub parameters: Vec<Meaning>,
    /// The search.
    pub diagnostics: Diagnostics,
}

/// One customer's row (the page's table and the CSV).
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// Expected spend per purchase (`null` without a spend model).
    pub expected_spend: Option<f64>,
    /// Discounted lifetime value over the horizon (`null` without a spend model).
    pub clv: Option<f64>,
    /// 1 = most valuable.
    pub rank: usize,
    /// Purchases in the holdout (`null` without a holdout).
    pub holdout_purchases: Option<u32>,
    /// Expected purchases over the holdout length (`null` without a holdout).
    pub holdout_predicted: Option<f64>,
}

/// One bin of the P(alive) histogram.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
pub struct CurvePoint {
    /// Time since the first purchase (units).
    pub t: f64,
    /// Expected repeat purchases by then.
    pub expected_purchases: f64,
}

/// The "valuable but probably gone" list.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
pub struct Totals {
    /// Expected purchases over the horizon.
    pub expected_purchases: f64,
    /// Σ CLV (`null` without a spend model).
    pub clv: Option<f64>,
    /// Mean P(alive).
    pub mean_p_alive: f64,
}

/// The lifetime-value report (the page's and `clientela clv --json`). Keys are contracts: add, don't rename.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClvReport {
    /// The options that produced the report.
    pub options: ClvOptions,
    /// `day` or `week`.
    pub time_unit: TimeUnit,
    /// First purchase of the calibration customers.
    pub calibration_start: String,
    /// Calibration end (exclusive; purchases before this date calibrate).
    pub calibration_end: String,
    /// Holdout end (exclusive), `null` without a holdout.
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
    /// The spend model (`null` when it cannot be fitted; see `warnings`).
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
    /// Expected repeat purchases of a new customer over time.
    pub new_customer_curve: Vec<CurvePoint>,
    /// Predicted vs actual after the calibration end (`null` without a holdout).
    pub holdout: Option<holdout::Holdout>,
    /// Things to know before trusting the numbers.
    pub warnings: Vec<String>,
}

/// Everything computed: the summary, the scores per summary row, the ranking and the report.
#[derive(Debug, Clone)]
pub struct Clv {
    /// Calibration summary.
    pub summary: summary::Summary,
    /// Scores per summary row.
    pub scores: Vec<value::Score>,
    /// Summary rows best first.
    pub order: Vec<u32>,
    /// The report.
    pub report: ClvReport,
}

fn bgnbd_meanings(p: &bgnbd::BgNbdParams, se: &[Option<f64>; 4], unit: &str) -> Vec<Meaning> {
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

fn gg_meanings(p: &gamma_gamma::GammaGammaParams, se: &[Option<f64>; 3]) -> Vec<Meaning> {
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

fn check_fit(model: &'static str, d: &Diagnostics, warnings: &mut Vec<String>) -> Result<(), ClvError> {
    if !d.converged && !(d.gradient_norm < GRADIENT_ERROR) {
        return Err(ClvError::NotConverged {
            model,
            message: format!(
                "after {} starts the best search still had a gradient of {:.2e} (needs < {:.0e}); the data may be too few or too irregular. Try a longer calibration period or the other time unit",
                d.starts_tried, d.gradient_norm, d.gradient_tolerance
            ),
        });
    }
    if !d.converged {
        warnings.push(format!(
            "{model}: the search stopped close to the optimum but above the tolerance (gradient {:.2e}, tolerance {:.0e}); the estimates are approximate",
            d.gradient_norm, d.gradient_tolerance
        ));
    }
    if !d.at_bound.is_empty() {
        warnings.push(format!(
            "{model}: {} reached the edge of the search range (→ 0 or ∞), so the data cannot pin {} down; predictions may still be usable but the parameter values are not",
            d.at_bound.join(", "),
            if d.at_bound.len() == 1 { "it" } else { "them" }
        ));
    }
    let ll = &d.start_log_likelihoods;
    let best = ll.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let distinct = ll.iter().filter(|&&v| v.is_finite() && best - v > 1e-3 * best.abs().max(1.0)).count();
    if distinct > 0 && d.starts_converged < 2 {
        warnings.push(format!(
            "{model}: only {} of {} starts reached the best likelihood; the surface is flat or has several optima",
            d.starts_converged, d.starts_tried
        ));
    }
    Ok(())
}

/// Runs the whole analysis on a table.
pub fn clv(ds: &Dataset, options: &ClvOptions) -> Result<Clv, ClvError> {
    let o = options.resolve()?;
    let (_, time) = crate::segment::profile::check(ds)?;
    let default_end = time.iter().copied().max().map(|t| crate::ingest::date::day_of(t).saturating_add(1));
    let cal_end = o.calibration_end.or(default_end).ok_or(ClvError::TooFewCustomers {
        customers: 0,
        needed: MIN_CUSTOMERS,
        calibration_end: "-".into(),
    })?;
    let s = summary::summarise(ds, cal_end, o.holdout_end, o.time_unit)?;
    from_summary(ds, s, options, &o)
}

/// The analysis from a ready summary (the dataset only gives the customer ids).
fn from_summary(ds: &Dataset, s: summary::Summary, options: &ClvOptions, o: &params::Resolved) -> Result<Clv, ClvError> {
    let n = s.rows.len();
    if n < MIN_CUSTOMERS {
        return Err(ClvError::TooFewCustomers { customers: n, needed: MIN_CUSTOMERS, calibration_end: day_string(s.calibration_end_day) });
    }
    let repeat = s.rows.iter().filter(|c| c.x > 0).count();
    if repeat == 0 {
        return Err(ClvError::NoRepeatBuyers);
    }
    let mut warnings = Vec::new();
    let unit = o.time_unit.name();
    let bg = bgnbd::fit(&s.rows).ok_or(ClvError::NotConverged {
        model: "BG/NBD",
        message: "the likelihood was not finite at any start; check that the purchase dates are right".into(),
    })?;
    check_fit("BG/NBD", &bg.diagnostics, &mut warnings)?;
    let drop = bg.params.a / (bg.params.a + bg.params.b);
    if drop < 1e-4 {
        warnings.push(format!(
            "BG/NBD: the chance of dropping out after a purchase is estimated at practically zero (a = {:.3e}, b = {:.3e}): the calibration period shows no sign of customers leaving, so P(alive) is about 1 for everyone and the likelihood keeps rising as a → 0 (these a and b are a point on that ridge; predictions do not depend on which). A longer calibration period may show drop-out",
            bg.params.a, bg.params.b
        ));
    }
    let gg = fit_spend(&s.rows, &mut warnings);
    let gg_params = gg.as_ref().map(|g| g.params);
    let schedule = value::schedule(o.horizon, o.time_unit.days(), o.discount_rate);
    let scores = value::score(&bg.params, gg_params.as_ref(), &s.rows, &schedule, o.margin);
    let has_spend = gg_params.is_some_and(|g| g.q > 1.0);
    if gg_params.is_some_and(|g| g.q <= 1.0) {
        warnings.push("Gamma-Gamma: q ≤ 1, so the average spend has no finite population mean; customers without repeat purchases get no expected spend and no CLV".into());
    }
    let hold_len = (s.holdout_end_day - s.calibration_end_day) as f64 / o.time_unit.days();
    let predicted: Vec<f64> = if hold_len > 0.0 {
        s.rows.iter().map(|c| bgnbd::conditional_expected(&bg.params, c.x, c.t_x, c.t, hold_len)).collect()
    } else {
        Vec::new()
    };
    let holdout = holdout::holdout(&bg.params, &s, &predicted);
    if let Some(h) = &holdout
        && let Some(e) = h.relative_error
        && e.abs() > 0.2
    {
        warnings.push(format!(
            "holdout: the model predicted {:.0} repeat purchases after the calibration end and there were {} ({:+.0} %); treat the predictions with care",
            h.predicted_total, h.actual_total, 100.0 * e
        ));
    }
    if scores.iter().any(|v| !v.expected_purchases.is_finite()) {
        warnings.push("some expected purchases could not be computed (series did not converge); they are empty in the table".into());
    }

    // Ranking: CLV (or expected purchases without a spend model), best first, NaN last, ties by id.
    let key = |i: usize| {
        let v = if has_spend || gg_params.is_some() { scores[i].clv } else { scores[i].expected_purchases };
        if v.is_finite() { v } else { f64::NEG_INFINITY }
    };
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by(|&i, &j| {
        key(j as usize)
            .total_cmp(&key(i as usize))
            .then_with(|| ds.customers.get(s.customer[i as usize]).cmp(ds.customers.get(s.customer[j as usize])))
    });
    let mut rank = vec![0usize; n];
    for (k, &i) in order.iter().enumerate() {
        rank[i as usize] = k + 1;
    }
    let fin = |v: f64| v.is_finite().then_some(v);
    let row = |i: usize| -> CustomerValue {
        let c = &s.rows[i];
        CustomerValue {
            customer: ds.customers.get(s.customer[i]).to_string(),
            x: c.x,
            t_x: c.t_x,
            t: c.t,
            monetary: c.monetary,
            past_value: s.calibration_value[i],
            p_alive: scores[i].p_alive,
            expected_purchases: scores[i].expected_purchases,
            expected_spend: fin(scores[i].expected_spend),
            clv: fin(scores[i].clv),
            rank: rank[i],
            holdout_purchases: holdout.as_ref().map(|_| s.holdout_purchases[i]),
            holdout_predicted: predicted.get(i).copied(),
        }
    };
    let listed = options.top.unwrap_or(n).min(n);
    let customers: Vec<CustomerValue> = order[..listed].iter().map(|&i| row(i as usize)).collect();

    let mut hist = [0u64; P_ALIVE_BINS];
    for v in &scores {
        if v.p_alive.is_finite() {
            hist[((v.p_alive * P_ALIVE_BINS as f64) as usize).min(P_ALIVE_BINS - 1)] += 1;
        }
    }
    let p_alive_histogram = hist
        .iter()
        .enumerate()
        .map(|(k, &c)| Bin { from: k as f64 / P_ALIVE_BINS as f64, to: (k + 1) as f64 / P_ALIVE_BINS as f64, customers: c })
        .collect();

    // Valuable but probably gone: the top share by past value (ties by id), then P(alive) below the cut.
    let mut by_value: Vec<u32> = (0..n as u32).collect();
    by_value.sort_by(|&i, &j| {
        s.calibration_value[j as usize]
            .total_cmp(&s.calibration_value[i as usize])
            .then_with(|| ds.customers.get(s.customer[i as usize]).cmp(ds.customers.get(s.customer[j as usize])))
    });
    let valuable = ((o.at_risk_value_share * n as f64).ceil() as usize).clamp(1, n);
    let value_threshold = s.calibration_value[by_value[valuable - 1] as usize];
    let at_risk = AtRisk {
        rule: format!(
            "the top {:.0} % of customers by past value (spend before the calibration end) whose P(alive) is below {}",
            100.0 * o.at_risk_value_share,
            o.at_risk_p_alive
        ),
        value_threshold,
        p_alive_threshold: o.at_risk_p_alive,
        valuable: valuable as u64,
        customers: by_value[..valuable]
            .iter()
            .filter(|&&i| scores[i as usize].p_alive < o.at_risk_p_alive)
            .map(|&i| row(i as usize))
            .collect(),
    };
    let new_customer_curve = (0..CURVE_POINTS)
        .map(|k| {
            let t = o.horizon * k as f64 / (CURVE_POINTS - 1) as f64;
            CurvePoint { t, expected_purchases: bgnbd::expected_purchases(&bg.params, t) }
        })
        .collect();

    let gg_section = gg.map(|g| {
        let corr = gamma_gamma::correlation(&s.rows);
        if let Some(c) = corr
            && c.abs() > params::CORRELATION_WARNING
        {
            warnings.push(format!(
                "Gamma-Gamma: purchase frequency and average spend are correlated ({c:.2}, above the {} threshold), but the model assumes they are independent; expected spend and CLV may be biased",
                params::CORRELATION_WARNING
            ));
        }
        GammaGammaSection {
            p: g.params.p,
            q: g.params.q,
            gamma: g.params.gamma,
            log_likelihood: g.log_likelihood,
            customers: g.customers,
            mean_spend: (g.params.q > 1.0).then(|| g.params.p * g.params.gamma / (g.params.q - 1.0)),
            frequency_spend_correlation: corr,
            correlation_threshold: params::CORRELATION_WARNING,
            parameters: gg_meanings(&g.params, &g.standard_errors),
            diagnostics: g.diagnostics,
        }
    });
    let clv_sum: f64 = scores.iter().map(|v| v.clv).filter(|v| v.is_finite()).sum();
    let report = ClvReport {
        options: options.clone(),
        time_unit: o.time_unit,
        calibration_start: day_string(s.window_start_day),
        calibration_end: day_string(s.calibration_end_day),
        holdout_end: (s.holdout_end_day > s.calibration_end_day).then(|| day_string(s.holdout_end_day)),
        horizon: o.horizon,
        discount_rate: o.discount_rate,
        margin: o.margin,
        clv_rule: format!(
            "CLV = margin ({}{}) × expected spend per purchase (Gamma-Gamma) × expected purchases (BG/NBD) over the next {} {unit}s, month by month, each month discounted at {} % a year from its end",
            o.margin,
            if options.margin.is_none() { ", the default: CLV in revenue" } else { "" },
            o.horizon,
            100.0 * o.discount_rate
        ),
        calibration_customers: n,
        repeat_buyers: repeat,
        first_purchase_in_holdout: s.first_purchase_in_holdout,
        excluded_no_customer: s.excluded_no_customer,
        bgnbd: BgNbdSection {
            r: bg.params.r,
            alpha: bg.params.alpha,
            a: bg.params.a,
            b: bg.params.b,
            log_likelihood: bg.log_likelihood,
            customers: n,
            parameters: bgnbd_meanings(&bg.params, &bg.standard_errors, unit),
            diagnostics: bg.diagnostics,
        },
        gamma_gamma: gg_section,
        totals: Totals {
            expected_purchases: scores.iter().map(|v| v.expected_purchases).filter(|v| v.is_finite()).sum(),
            clv: gg_params.map(|_| clv_sum),
            mean_p_alive: scores.iter().map(|v| v.p_alive).sum::<f64>() / n as f64,
        },
        rank_by: if gg_params.is_some() { "clv" } else { "expected_purchases" },
        customers,
        customers_total: n,
        p_alive_histogram,
        p_alive_note: "in BG/NBD a customer can only drop out right after a repeat purchase, so customers without a repeat purchase have P(alive) = 1; the chance that they come back shows in their expected purchases instead",
        at_risk,
        new_customer_curve,
        holdout,
        warnings,
    };
    Ok(Clv { summary: s, scores, order, report })
}

/// Fits the spend model; a failure becomes a warning (the purchase predictions stand without it).
fn fit_spend(rows: &[CustomerSummary], warnings: &mut Vec<String>) -> Option<gamma_gamma::GammaGammaFit> {
    let usable = rows.iter().filter(|c| gamma_gamma::usable(c)).count();
    if usable < MIN_REPEAT_BUYERS {
        let e = ClvError::TooFewRepeatBuyers { customers: usable, needed: MIN_REPEAT_BUYERS };
        warnings.push(format!("no spend model, so no expected spend and no CLV: {e}"));
        return None;
    }
    let Some(g) = gamma_gamma::fit(rows) else {
        warnings.push("no spend model, so no expected spend and no CLV: the Gamma-Gamma likelihood was not finite at any start".into());
        return None;
    };
    let mut w = Vec::new();
    match check_fit("Gamma-Gamma", &g.diagnostics, &mut w) {
        Ok(()) => {
            warnings.extend(w);
            Some(g)
        }
        Err(e) => {
            warnings.push(format!("no spend model, so no expected spend and no CLV: {e}"));
            None
        }
    }
}
