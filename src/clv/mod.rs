//! Customer lifetime value: who will keep buying, how much, and what that is worth.
//!
//! Phases, one file each: [`summary`] (per customer `x`, `t_x`, `T`, mean repeat spend, split at the
//! calibration end), [`bgnbd`] (purchase counts and drop-out, Fader, Hardie & Lee 2005), [`gamma_gamma`]
//! (spend per purchase), [`value`] (P(alive), expected purchases, discounted CLV), [`holdout`] (predicted
//! vs actual after the calibration end), [`timing`] (when customers buy next, who is overdue), [`lists`]
//! (the churn-risk and overdue lists' order), [`report`] (the report's sections). [`optimize`] and
//! [`special`] are the numerical tools; [`simulate`] draws customers from the models for tests and
//! benchmarks.
//!
//! ## Warning codes
//! [`ClvReport::warnings`] are [`Notice`]s (the page translates them as `clv.warn.<code>`; add, don't
//! rename): `approximate` (params `model`, `gradient`, `tolerance`), `at_bound` (`model`, `parameters`,
//! `count`), `several_optima` (`model`, `converged`, `starts`), `no_dropout` (`a`, `b`), `left_out`
//! (`model`, `reason`: an error code or `not_finite`), `asked_not_fitted` (`model`, `used`),
//! `holdout_off` (`predicted`, `actual`, `percent`), `not_refitted` (`model`, `date`),
//! `spend_infinite_mean`, `series_not_converged`, `spend_correlated` (`correlation`, `threshold`),
//! `no_spend_model` (`reason`; with `too_few_repeat_buyers` also `customers`, `needed`),
//! `no_ranges` (`model`: no covariance, so no 80 % ranges), `spend_alike`
//! (`mean_spend`, `likelihood_ratio`, `critical`: the test of customers' mean spends differing does not
//! reject "they are alike", every customer gets about the same expected spend). A warning about
//! the refit at the as-of date carries `as_of` too.

pub mod bgnbd;
pub mod by_segment;
pub mod distinct;
pub mod error;
pub mod export;
pub mod gamma_gamma;
pub mod holdout;
pub mod lists;
pub mod mbg_nbd;
pub mod model;
pub mod optimize;
pub mod params;
pub mod pareto_nbd;
pub mod report;
pub mod simulate;
pub mod special;
pub mod summary;
pub mod timing;
pub mod value;

pub use by_segment::{SegmentValue, by_segment};
pub use error::ClvError;
pub use params::ClvOptions;
pub use report::*;
pub use summary::{CustomerSummary, TimeUnit};

use crate::dataset::Dataset;
use crate::error::ErrorCode;
use crate::notice::Notice;
use crate::time::day_string;
use model::ModelKind;
use optimize::Diagnostics;
use serde_json::json;

/// Fewest calibration customers the purchase model is fitted on.
pub const MIN_CUSTOMERS: usize = 10;
/// Fewest repeat buyers with a positive spend the spend model is fitted on.
pub const MIN_REPEAT_BUYERS: usize = 5;
/// Points of the new-customer curve (evenly spaced over the horizon, 0 included).
pub const CURVE_POINTS: usize = 53;
/// Bins of the P(alive) histogram (width 0.1).
pub const P_ALIVE_BINS: usize = 10;
/// Most customers in the churn-risk list.
pub const RISK_LIST: usize = 500;
/// A gradient norm above this after the search is an error, not a warning.
pub const GRADIENT_ERROR: f64 = 1e-4;

fn check_fit(model: &'static str, d: &Diagnostics, warnings: &mut Vec<Notice>) -> Result<(), ClvError> {
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
        warnings.push(Notice::new(
            "approximate",
            &[("model", json!(model)), ("gradient", json!(d.gradient_norm)), ("tolerance", json!(d.gradient_tolerance))],
            format!(
                "{model}: the search stopped close to the optimum but above the tolerance (gradient {:.2e}, tolerance {:.0e}); the estimates are approximate",
                d.gradient_norm, d.gradient_tolerance
            ),
        ));
    }
    if !d.at_bound.is_empty() {
        warnings.push(Notice::new(
            "at_bound",
            &[("model", json!(model)), ("parameters", json!(d.at_bound.join(", "))), ("count", json!(d.at_bound.len()))],
            format!(
                "{model}: {} reached the edge of the search range (→ 0 or ∞), so the data cannot pin {} down; predictions may still be usable but the parameter values are not",
                d.at_bound.join(", "),
                if d.at_bound.len() == 1 { "it" } else { "them" }
            ),
        ));
    }
    let ll = &d.start_log_likelihoods;
    let best = ll.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let distinct = ll.iter().filter(|&&v| v.is_finite() && best - v > 1e-3 * best.abs().max(1.0)).count();
    if distinct > 0 && d.starts_converged < 2 {
        warnings.push(Notice::new(
            "several_optima",
            &[("model", json!(model)), ("converged", json!(d.starts_converged)), ("starts", json!(d.starts_tried))],
            format!(
                "{model}: only {} of {} starts reached the best likelihood; the surface is flat or has several optima",
                d.starts_converged, d.starts_tried
            ),
        ));
    }
    Ok(())
}

/// Runs the whole analysis on a table.
pub fn clv(ds: &Dataset, options: &ClvOptions) -> Result<Clv, ClvError> {
    let o = options.resolve()?;
    if ds.layout == crate::Layout::Customers {
        // A per-customer summary: the calibration period ends at its as-of date, with no holdout.
        if o.holdout_end.is_some() {
            return Err(crate::segment::AnalysisError::NeedsLineItems { analysis: "a holdout check" }.into());
        }
        let s = crate::warehouse::customers::clv_summary(ds, o.calibration_end, o.time_unit)?;
        return from_summary(ds, s, options, &o);
    }
    let (_, time) = crate::segment::profile::check(ds)?;
    let default_end = time.iter().max().map(|t| crate::time::day_of(t).saturating_add(1));
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
        return Err(ClvError::TooFewCustomers {
            customers: n,
            needed: MIN_CUSTOMERS,
            calibration_end: day_string(s.calibration_end_day - 1),
        });
    }
    let repeat = s.rows.iter().filter(|c| c.x > 0).count();
    if repeat == 0 {
        return Err(ClvError::NoRepeatBuyers);
    }
    let mut warnings = Vec::new();
    let unit = o.time_unit.name();

    // 1. Every purchase model on the calibration period. BG/NBD must fit (its section is a contract); the
    //    others become a warning when they cannot.
    let bg = model::fit(ModelKind::Bgnbd, &s.rows).ok_or(ClvError::NotConverged {
        model: "BG/NBD",
        message: "the likelihood was not finite at any start; check that the purchase dates are right".into(),
    })?;
    check_fit("BG/NBD", &bg.diagnostics, &mut warnings)?;
    let bgp = {
        let [r, alpha, a, b] = bg.fitted.values();
        bgnbd::BgNbdParams { r, alpha, a, b }
    };
    let bg_no_dropout = bgp.a / (bgp.a + bgp.b) < 1e-4;
    if bg_no_dropout {
        warnings.push(Notice::new(
            "no_dropout",
            &[("a", json!(bgp.a)), ("b", json!(bgp.b))],
            format!(
                "BG/NBD: the chance of dropping out after a purchase is estimated at practically zero (a = {:.3e}, b = {:.3e}): the calibration period shows no sign of customers leaving, so P(alive) is about 1 for everyone and the likelihood keeps rising as a → 0 (these a and b are a point on that ridge; predictions do not depend on which). A longer calibration period may show drop-out",
                bgp.a, bgp.b
            ),
        ));
    }
    let mut fits: Vec<model::ModelFit> = vec![bg.clone()];
    for kind in [ModelKind::ParetoNbd, ModelKind::MbgNbd] {
        match model::fit(kind, &s.rows) {
            Some(f) => {
                let mut w = Vec::new();
                match check_fit(kind.label(), &f.diagnostics, &mut w) {
                    Ok(()) => {
                        warnings.extend(w);
                        fits.push(f);
                    }
                    Err(e) => warnings.push(Notice::new(
                        "left_out",
                        &[("model", json!(kind.label())), ("reason", json!(e.code()))],
                        format!("{} left out of the comparison: {e}", kind.label()),
                    )),
                }
            }
            None => warnings.push(Notice::new(
                "left_out",
                &[("model", json!(kind.label())), ("reason", json!("not_finite"))],
                format!("{} left out of the comparison: the likelihood was not finite at any start", kind.label()),
            )),
        }
    }

    // 2. The holdout check of each model, and the choice.
    let hold_len = (s.holdout_end_day - s.calibration_end_day) as f64 / o.time_unit.days();
    // Each customer's prediction depends only on (x, t_x, T): computed once per distinct history.
    let cal_histories = distinct::Distinct::new(&s.rows);
    let predictions: Vec<Vec<f64>> = fits
        .iter()
        .map(|f| if hold_len > 0.0 { cal_histories.map(|c| f.fitted.conditional_expected(c, hold_len)) } else { Vec::new() })
        .collect();
    let mut comparison: Vec<ModelComparison> = fits
        .iter()
        .zip(&predictions)
        .map(|(f, pred)| {
            let (mae, total) = if pred.is_empty() {
                (None, None)
            } else {
                let mae = pred.iter().zip(&s.holdout_purchases).map(|(p, &a)| (p - a as f64).abs()).sum::<f64>() / n as f64;
                (mae.is_finite().then_some(mae), Some(pred.iter().sum::<f64>()))
            };
            ModelComparison {
                model: f.fitted.kind().key(),
                label: f.fitted.kind().label(),
                log_likelihood: f.log_likelihood,
                bic: model::bic(f.log_likelihood, n),
                holdout_mae: mae,
                holdout_predicted: total,
                chosen: false,
            }
        })
        .collect();
    let has_holdout = hold_len > 0.0;
    let by_evidence = |c: &ModelComparison| if has_holdout { c.holdout_mae.unwrap_or(f64::INFINITY) } else { c.bic };
    let best_evidence =
        (0..comparison.len()).min_by(|&i, &j| by_evidence(&comparison[i]).total_cmp(&by_evidence(&comparison[j]))).unwrap_or(0);
    let (chosen, model_reason) = match o.model {
        Some(k) => match fits.iter().position(|f| f.fitted.kind() == k) {
            Some(i) => (i, format!("{} as asked (model {})", k.label(), k.key())),
            None => {
                warnings.push(Notice::new(
                    "asked_not_fitted",
                    &[("model", json!(k.label())), ("used", json!(comparison[best_evidence].label))],
                    format!("{} could not be fitted, so the values use {}", k.label(), comparison[best_evidence].label),
                ));
                (
                    best_evidence,
                    format!(
                        "{} was asked for but could not be fitted; {} has the best evidence",
                        k.label(),
                        comparison[best_evidence].label
                    ),
                )
            }
        },
        None => {
            let c = &comparison[best_evidence];
            let reason = if has_holdout {
                let others: Vec<String> = comparison
                    .iter()
                    .filter(|o| o.model != c.model)
                    .map(|o| format!("{} {:.3}", o.label, o.holdout_mae.unwrap_or(f64::NAN)))
                    .collect();
                format!(
                    "{} predicted the holdout's repeat purchases per customer best: mean absolute error {:.3} (others: {})",
                    c.label,
                    c.holdout_mae.unwrap_or(f64::NAN),
                    others.join(", ")
                )
            } else {
                let others: Vec<String> =
                    comparison.iter().filter(|o| o.model != c.model).map(|o| format!("{} {:.1}", o.label, o.bic)).collect();
                format!("no holdout to test on, so the lowest BIC: {} {:.1} (others: {})", c.label, c.bic, others.join(", "))
            };
            (best_evidence, reason)
        }
    };
    comparison[chosen].chosen = true;
    let chosen_kind = fits[chosen].fitted.kind();
    let mut holdout = holdout::holdout(&fits[chosen].fitted, &s, &predictions[chosen]);
    if let Some(h) = holdout.as_mut() {
        holdout::tracking_ranges(&fits[chosen], &s, &mut h.tracking);
    }
    if let Some(h) = &holdout
        && let Some(e) = h.relative_error
        && e.abs() > 0.2
    {
        warnings.push(Notice::new(
            "holdout_off",
            &[("predicted", json!(h.predicted_total.round())), ("actual", json!(h.actual_total)), ("percent", json!((100.0 * e).round()))],
            format!(
                "holdout: the model predicted {:.0} repeat purchases after the calibration end and there were {} ({:+.0} %); treat the predictions with care",
                h.predicted_total, h.actual_total, 100.0 * e
            ),
        ));
    }
    let gg_cal = fit_spend(&s.rows, &mut warnings);

    // 3. The values reflect today: with a holdout, the chosen model and the spend model are refitted on all
    //    purchases up to the as-of date (the holdout end), and every list is scored there.
    let (sc, scoring_fit, gg) = if has_holdout {
        let s2 = summary::summarise(ds, s.holdout_end_day, Some(s.holdout_end_day), o.time_unit)?;
        let refit = model::fit(chosen_kind, &s2.rows);
        let mut w = Vec::new();
        match refit.filter(|f| check_fit(chosen_kind.label(), &f.diagnostics, &mut w).is_ok()) {
            Some(f) => {
                let as_of = day_string(s.holdout_end_day - 1);
                warnings.extend(w.into_iter().map(|m| m.as_of(&as_of)));
                let mut gw = Vec::new();
                let gg2 = fit_spend(&s2.rows, &mut gw);
                warnings.extend(gw.into_iter().map(|m| m.as_of(&as_of)));
                (s2, f, gg2)
            }
            None => {
                warnings.push(Notice::new(
                    "not_refitted",
                    &[("model", json!(chosen_kind.label())), ("date", json!(day_string(s.calibration_end_day - 1)))],
                    format!(
                        "{} could not be refitted on all purchases, so the values are scored at the calibration end {}",
                        chosen_kind.label(),
                        day_string(s.calibration_end_day - 1)
                    ),
                ));
                (s.clone(), fits[chosen].clone(), gg_cal.clone())
            }
        }
    } else {
        (s.clone(), fits[chosen].clone(), gg_cal.clone())
    };
    let m = scoring_fit.fitted;
    let gg_params = gg.as_ref().map(|g| g.params);
    let schedule = value::schedule(o.horizon, o.time_unit.days(), o.discount_rate);
    let histories = distinct::Distinct::new(&sc.rows);
    let scores = value::score_distinct(&m, gg_params.as_ref(), &sc.rows, &histories, &schedule, o.margin);
    let ranges = value::ranges_distinct(&scoring_fit, gg.as_ref(), &sc.rows, &histories, &schedule, &scores);
    if ranges.is_none() {
        warnings.push(Notice::new(
            "no_ranges",
            &[("model", json!(m.kind().label()))],
            format!(
                "{}: the parameters' uncertainty could not be estimated (their information matrix is not positive definite), so the values have no ranges",
                m.kind().label()
            ),
        ));
    }
    let range_of = |r: [f64; 2]| r.iter().all(|v| v.is_finite()).then_some(r);
    let ns = sc.rows.len();
    let has_spend = gg_params.is_some();
    if gg_params.is_some_and(|g| g.q <= 1.0) {
        warnings.push(Notice::plain(
            "spend_infinite_mean",
            "Gamma-Gamma: q ≤ 1, so the average spend has no finite population mean; customers without repeat purchases get no expected spend and no CLV",
        ));
    }
    if scores.iter().any(|v| !v.expected_purchases.is_finite()) {
        warnings.push(Notice::plain(
            "series_not_converged",
            "some expected purchases could not be computed (series did not converge); they are empty in the table",
        ));
    }

    // Ranking: CLV (or expected purchases without a spend model), best first, NaN last, ties by id.
    let key = |i: usize| {
        let v = if has_spend { scores[i].clv } else { scores[i].expected_purchases };
        if v.is_finite() { v } else { f64::NEG_INFINITY }
    };
    let name = |i: usize| ds.customers.get(sc.customer[i]);
    let mut order: Vec<u32> = (0..ns as u32).collect();
    order.sort_by(|&i, &j| key(j as usize).total_cmp(&key(i as usize)).then_with(|| name(i as usize).cmp(name(j as usize))));
    let mut rank = vec![0usize; ns];
    for (k, &i) in order.iter().enumerate() {
        rank[i as usize] = k + 1;
    }
    // The calibration row of each scored customer (for the holdout columns).
    let mut cal_row = vec![u32::MAX; ds.customers.len()];
    for (i, &c) in s.customer.iter().enumerate() {
        if let Some(slot) = cal_row.get_mut(c as usize) {
            *slot = i as u32;
        }
    }
    let fin = |v: f64| v.is_finite().then_some(v);
    let unit_days = o.time_unit.days();
    let as_of_day = sc.calibration_end_day - 1;
    // P(alive) × the chance if alive, per distinct history (P(alive) is the score's, the same function of
    // the same history).
    let p_buy: Vec<[f64; 3]> = histories.map(|c| {
        let p_alive = m.p_alive(c);
        timing::WINDOWS.map(|w| p_alive * timing::p_purchase_if_alive(&m, c, f64::from(w) / unit_days))
    });
    let overdue_by = |c: &CustomerSummary| {
        let gap = c.t_x / c.x as f64;
        (c.x >= timing::OVERDUE_MIN_REPEATS && c.t - c.t_x > gap).then_some(c.t - c.t_x - gap)
    };
    // Churn risk: value at risk (CLV if alive × P(not alive)), largest first; overdue: by past value. Each
    // row carries its place in both whole lists (src/clv/lists.rs).
    let risk_key = |i: usize| {
        let v = if has_spend { scores[i].value_at_risk() } else { scores[i].purchases_at_risk() };
        if v.is_finite() { v } else { 0.0 }
    };
    let by_risk = lists::ranked((0..ns as u32).filter(|&i| risk_key(i as usize) > 0.0), risk_key, name);
    let overdue = lists::ranked((0..ns as u32).filter(|&i| overdue_by(&sc.rows[i as usize]).is_some()), |i| sc.calibration_value[i], name);
    let (risk_place, overdue_place) = (lists::places(&by_risk, ns), lists::places(&overdue, ns));
    let row = |i: usize| -> CustomerValue {
        let c = &sc.rows[i];
        let cal = cal_row.get(sc.customer[i] as usize).copied().filter(|&k| k != u32::MAX).map(|k| k as usize);
        let gap = (c.x > 0).then(|| c.t_x / c.x as f64);
        let silent = c.t - c.t_x;
        CustomerValue {
            customer: name(i).to_string(),
            x: c.x,
            t_x: c.t_x,
            t: c.t,
            monetary: c.monetary,
            past_value: sc.calibration_value[i],
            p_alive: scores[i].p_alive,
            expected_purchases: scores[i].expected_purchases,
            expected_purchases_range: ranges.as_ref().and_then(|r| range_of(r.customers[i].0)),
            expected_spend: fin(scores[i].expected_spend),
            clv: fin(scores[i].clv),
            clv_range: ranges.as_ref().and_then(|r| range_of(r.customers[i].1)),
            rank: rank[i],
            holdout_purchases: holdout.as_ref().and_then(|_| cal.map(|k| s.holdout_purchases[k])),
            holdout_predicted: cal.and_then(|k| predictions[chosen].get(k).copied()),
            value_at_risk: fin(scores[i].value_at_risk()),
            purchases_at_risk: scores[i].purchases_at_risk(),
            typical_gap: gap,
            silent_for: silent,
            risk_reason: risk_reason(c.x, gap, silent, unit, unit_days),
            p_purchase_30: p_buy[i][0],
            p_purchase_60: p_buy[i][1],
            p_purchase_90: p_buy[i][2],
            next_purchase: {
                let wait = timing::median_wait_if_buying(&m, c) * unit_days;
                (wait.is_finite() && wait <= 3652.0).then(|| day_string(as_of_day + wait.round() as i32))
            },
            overdue_by: overdue_by(c),
            risk_rank: risk_place[i],
            overdue_rank: overdue_place[i],
        }
    };
    let listed = options.top.unwrap_or(ns).min(ns);
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
    let mut by_value: Vec<u32> = (0..ns as u32).collect();
    by_value.sort_by(|&i, &j| {
        sc.calibration_value[j as usize].total_cmp(&sc.calibration_value[i as usize]).then_with(|| name(i as usize).cmp(name(j as usize)))
    });
    let valuable = ((o.at_risk_value_share * ns as f64).ceil() as usize).clamp(1, ns);
    let value_threshold = sc.calibration_value[by_value[valuable - 1] as usize];
    let at_risk = AtRisk {
        rule: format!(
            "the top {:.0} % of customers by past value (spend up to {}) whose P(alive) is below {}",
            100.0 * o.at_risk_value_share,
            day_string(sc.calibration_end_day - 1),
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

    let total_at_risk: f64 = (0..ns).map(risk_key).sum();
    let all_alive = scores.iter().all(|v| !(v.p_alive < 0.99));
    let churn_note = if by_risk.is_empty() || all_alive {
        Some(format!(
            "{} gives every customer a P(alive) of about 1: the purchases up to {} show no sign of customers leaving that the model can separate from slow buying, so none of the models can tell who has gone{}",
            chosen_kind.label(),
            day_string(sc.calibration_end_day - 1),
            if comparison.len() < 3 { " (some models could not be fitted; see the warnings)" } else { "" }
        ))
    } else {
        None
    };
    // Timing: how many are expected to buy soon, how far apart purchases are, who is overdue.
    let timing = timing::Timing {
        windows: timing::WINDOWS,
        expected_buyers: std::array::from_fn(|k| p_buy.iter().map(|p| p[k]).filter(|v| v.is_finite()).sum()),
        gaps: timing::gaps(&sc.gap_days, sc.gap_customers),
        overdue_customers: overdue.len(),
        overdue: overdue.iter().take(timing::OVERDUE_LIST).map(|&i| row(i as usize)).collect(),
    };
    let churn_risk = ChurnRisk {
        rule: format!(
            "customers ranked by {} at risk: {} if still active × P(not alive), with {}",
            if has_spend { "value" } else { "purchases" },
            if has_spend { "CLV" } else { "expected purchases" },
            chosen_kind.label()
        ),
        ranked_by: if has_spend { "value_at_risk" } else { "purchases_at_risk" },
        customers_at_risk: by_risk.len(),
        total_at_risk,
        customers: by_risk.iter().take(RISK_LIST).map(|&i| row(i as usize)).collect(),
        note: churn_note,
    };

    let new_customer_curve = (0..CURVE_POINTS)
        .map(|k| {
            let t = o.horizon * k as f64 / (CURVE_POINTS - 1) as f64;
            CurvePoint {
                t,
                expected_purchases: m.expected_purchases(t),
                expected_purchases_range: value::range_of(&scoring_fit, |f| f.expected_purchases(t)),
            }
        })
        .collect();

    let gg_section = gg_cal.map(|g| {
        let corr = gamma_gamma::correlation(&s.rows);
        if let Some(c) = corr
            && c.abs() > params::CORRELATION_WARNING
        {
            warnings.push(Notice::new(
                "spend_correlated",
                &[("correlation", json!((c * 100.0).round() / 100.0)), ("threshold", json!(params::CORRELATION_WARNING))],
                format!(
                    "Gamma-Gamma: purchase frequency and average spend are correlated ({c:.2}, above the {} threshold), but the model assumes they are independent; expected spend and CLV may be biased",
                    params::CORRELATION_WARNING
                ),
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
            heterogeneity: g.heterogeneity,
            parameters: gg_meanings(&g.params, &g.standard_errors),
            diagnostics: g.diagnostics,
        }
    });
    let clv_sum: f64 = scores.iter().map(|v| v.clv).filter(|v| v.is_finite()).sum();
    let section_of = |k: ModelKind| fits.iter().find(|f| f.fitted.kind() == k);
    let pareto_nbd = section_of(ModelKind::ParetoNbd).map(|f| {
        let [r, alpha, s_, beta] = f.fitted.values();
        ParetoNbdSection {
            r,
            alpha,
            s: s_,
            beta,
            log_likelihood: f.log_likelihood,
            customers: n,
            parameters: pareto_meanings(f.fitted.values(), &f.standard_errors, unit),
            diagnostics: f.diagnostics.clone(),
        }
    });
    let mbg_nbd = section_of(ModelKind::MbgNbd).map(|f| {
        let [r, alpha, a, b] = f.fitted.values();
        let p = bgnbd::BgNbdParams { r, alpha, a, b };
        MbgNbdSection {
            r,
            alpha,
            a,
            b,
            log_likelihood: f.log_likelihood,
            customers: n,
            parameters: bgnbd_meanings(&p, &f.standard_errors, unit),
            diagnostics: f.diagnostics.clone(),
        }
    });
    let as_of = day_string(sc.calibration_end_day - 1);
    let report = ClvReport {
        options: options.clone(),
        time_unit: o.time_unit,
        calibration_start: day_string(s.window_start_day),
        calibration_end: day_string(s.calibration_end_day - 1),
        holdout_end: (s.holdout_end_day > s.calibration_end_day).then(|| day_string(s.holdout_end_day - 1)),
        horizon: o.horizon,
        discount_rate: o.discount_rate,
        margin: o.margin,
        clv_rule: format!(
            "CLV = margin ({}{}) × expected spend per purchase (Gamma-Gamma) × expected purchases ({}) over the next {} {unit}s after {as_of}, month by month, each month discounted at {} % a year from its end",
            o.margin,
            if options.margin.is_none() { ", the default: CLV in revenue" } else { "" },
            chosen_kind.label(),
            o.horizon,
            100.0 * o.discount_rate
        ),
        calibration_customers: n,
        repeat_buyers: repeat,
        first_purchase_in_holdout: s.first_purchase_in_holdout,
        excluded_no_customer: s.excluded_no_customer,
        bgnbd: BgNbdSection {
            r: bgp.r,
            alpha: bgp.alpha,
            a: bgp.a,
            b: bgp.b,
            log_likelihood: bg.log_likelihood,
            customers: n,
            parameters: bgnbd_meanings(&bgp, &bg.standard_errors, unit),
            diagnostics: bg.diagnostics.clone(),
        },
        pareto_nbd,
        mbg_nbd,
        model: chosen_kind.key(),
        model_label: chosen_kind.label(),
        model_reason,
        model_comparison: comparison,
        scoring: Scoring {
            as_of: as_of.clone(),
            refitted: has_holdout,
            customers: ns,
            parameters: scoring_fit.fitted.values(),
            log_likelihood: scoring_fit.log_likelihood,
            spend: gg_params.map(|g| [g.p, g.q, g.gamma]),
        },
        gamma_gamma: gg_section,
        totals: Totals {
            expected_purchases: scores.iter().map(|v| v.expected_purchases).filter(|v| v.is_finite()).sum(),
            expected_purchases_range: ranges.as_ref().and_then(|r| range_of(r.total_purchases)),
            clv: gg_params.map(|_| clv_sum),
            clv_range: ranges.as_ref().and_then(|r| range_of(r.total_clv)),
            mean_p_alive: scores.iter().map(|v| v.p_alive).sum::<f64>() / ns as f64,
        },
        rank_by: if has_spend { "clv" } else { "expected_purchases" },
        customers,
        customers_total: ns,
        p_alive_histogram,
        p_alive_note: if m.one_time_buyers_alive() {
            "in BG/NBD a customer can only drop out right after a repeat purchase, so customers without a repeat purchase have P(alive) = 1; the chance that they come back shows in their expected purchases instead"
        } else {
            "P(alive) is the chance that the customer has not left by the as-of date, given how often and how recently they bought"
        },
        at_risk,
        churn_risk,
        timing,
        new_customer_curve,
        holdout,
        warnings,
    };
    Ok(Clv { summary: s, scored: sc, scores, order, report })
}

/// The risk reason in words: "bought 4 times, about every 3.0 weeks; silent for 14 weeks".
fn risk_reason(x: u32, gap: Option<f64>, silent: f64, unit: &str, _unit_days: f64) -> String {
    match gap {
        Some(g) => format!("bought {} times, about every {g:.1} {unit}s; silent for {silent:.0} {unit}s", x + 1),
        None => format!("bought once, {silent:.0} {unit}s ago"),
    }
}

/// Fits the spend model; a failure becomes a warning (the purchase predictions stand without it).
fn fit_spend(rows: &[CustomerSummary], warnings: &mut Vec<Notice>) -> Option<gamma_gamma::GammaGammaFit> {
    let usable = rows.iter().filter(|c| gamma_gamma::usable(c)).count();
    if usable < MIN_REPEAT_BUYERS {
        let e = ClvError::TooFewRepeatBuyers { customers: usable, needed: MIN_REPEAT_BUYERS };
        warnings.push(Notice::new(
            "no_spend_model",
            &[("reason", json!(e.code())), ("customers", json!(usable)), ("needed", json!(MIN_REPEAT_BUYERS))],
            format!("no spend model, so no expected spend and no CLV: {e}"),
        ));
        return None;
    }
    let Some(g) = gamma_gamma::fit(rows) else {
        warnings.push(Notice::new(
            "no_spend_model",
            &[("reason", json!("not_finite"))],
            "no spend model, so no expected spend and no CLV: the Gamma-Gamma likelihood was not finite at any start",
        ));
        return None;
    };
    let mut w = Vec::new();
    match check_fit("Gamma-Gamma", &g.diagnostics, &mut w) {
        Ok(()) => {
            if let Some(h) = &g.heterogeneity
                && !h.customers_differ
            {
                // The customers' mean spends differ no more than chance makes them: said in words (and a
                // bound on q alone, its usual sign, is not repeated).
                if g.diagnostics.at_bound == ["q"] {
                    w.retain(|n| n.code != "at_bound");
                }
                let mean = h.common_mean;
                w.push(Notice::new(
                    "spend_alike",
                    &[("mean_spend", json!(mean)), ("likelihood_ratio", json!(h.likelihood_ratio)), ("critical", json!(h.critical))],
                    format!(
                        "Gamma-Gamma: customers' average spend per purchase differs no more than chance alone would make it, so the model cannot tell big spenders from small ones: every customer is given about the same expected spend per purchase ({mean:.2}); expected purchases still differ by customer"
                    ),
                ));
            }
            warnings.extend(w);
            Some(g)
        }
        Err(e) => {
            warnings.push(Notice::new(
                "no_spend_model",
                &[("reason", json!(e.code()))],
                format!("no spend model, so no expected spend and no CLV: {e}"),
            ));
            None
        }
    }
}
