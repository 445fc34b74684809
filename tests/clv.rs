//! Lifetime value: the formulas against an independent implementation, parameter recovery on simulated
//! customers, the calibration summary on a hand-checked file, the Online Retail holdout check against
//! scipy and lifetimes, the `clv` command's contract, and random input that must never panic.
#![allow(clippy::type_complexity)] // tuples of expected values, one per column of a published table

use crate::common;

use std::sync::OnceLock;

use clientela::clv::bgnbd::{self, BgNbdParams};
use clientela::clv::gamma_gamma::{self, GammaGammaParams};
use clientela::clv::model;
use clientela::clv::simulate::{SimParams, simulate};
use clientela::clv::{ClvError, ClvOptions, CustomerSummary, TimeUnit, clv};
use clientela::dataset::Dataset;
use clientela::error::ErrorCode;
use clientela::ingest::{IngestOptions, read_bytes};
use proptest::prelude::*;

const CDNOW: BgNbdParams = BgNbdParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const CDNOW_GG: GammaGammaParams = GammaGammaParams { p: 6.25, q: 3.74, gamma: 15.44 };

fn close(got: f64, want: f64, rel: f64, what: &str) {
    assert!((got - want).abs() <= rel * want.abs().max(1e-300), "{what}: got {got}, want {want}");
}

/// Expected values printed by `python3 tests/reference/clv_reference.py` (pure Python, math.lgamma and the
/// plain ₂F₁ series, the papers' formulas as printed, scipy's hyp2f1 as a second check). The BG/NBD
/// columns also agree with lifetimes 0.11.3 (`BetaGeoFitter` with `params_` set to the CDNOW values:
/// `conditional_probability_alive`, `conditional_expected_number_of_purchases_up_to_time(39, ...)`,
/// `expected_number_of_purchases_up_to_time`, and `_negative_log_likelihood` = −13.74864555439774 for the
/// eight cases) to every printed digit.
/// Columns: x, t_x, T, m | BG/NBD log-likelihood | P(alive) | E[Y(39) | x, t_x, T] | Gamma-Gamma
/// log-likelihood (x > 0) | E[M | x, m].
const CASES: [(u32, f64, f64, f64, f64, f64, f64, f64, f64); 8] = [
    (0, 0.0, 38.86, 0.0, -0.5547132764381585, 1.0, 0.19509805201125396, f64::NAN, 35.21897810218978),
    (2, 30.43, 38.86, 22.35, -9.458606307066272, 0.726578570080673, 1.226028174767135, -3.551316759731698, 24.663713910761153),
    (1, 1.71, 38.86, 11.77, -4.46909327503259, 0.2121009853773791, 0.20318698707975696, -3.7377096787408313, 18.916852057842046),
    (7, 29.43, 38.86, 73.74, -21.863276271463523, 0.6417563459461072, 3.337053274851383, -6.054867310722329, 71.46967089696709),
    (0, 0.0, 31.0, 0.0, -0.5060051971869237, 1.0, 0.2333884534464418, f64::NAN, 35.21897810218978),
    (30, 35.0, 38.0, 41.5, -44.08899151330788, 0.8116885372981895, 17.362383271978498, -4.374627976759257, 41.409535323801514),
    (200, 37.9, 38.0, 15.0, 104.32313764101907, 0.9937237173925242, 139.20851398797276, -3.6530110622898064, 15.044223063045804),
    (3, 5.0, 38.0, 120.0, -9.633806246125832, 0.040613381479274666, 0.09917798792412579, -7.763348339977867, 109.19032107957189),
];

#[test]
fn formulas_match_the_independent_python_reference() {
    let mut all = Vec::new();
    for &(x, t_x, t, m, ll, pa, ey, gll, em) in &CASES {
        let c = CustomerSummary { x, t_x, t, monetary: m };
        all.push(c);
        close(bgnbd::log_likelihood(&CDNOW, &[c]), ll, 1e-11, &format!("BG/NBD ll at x={x}"));
        close(bgnbd::p_alive(&CDNOW, x, t_x, t), pa, 1e-12, &format!("P(alive) at x={x}"));
        close(bgnbd::conditional_expected(&CDNOW, x, t_x, t, 39.0), ey, 1e-10, &format!("E[Y(39)] at x={x}"));
        if x > 0 {
            close(gamma_gamma::log_likelihood(&CDNOW_GG, &[c]), gll, 1e-11, &format!("Gamma-Gamma ll at x={x}"));
        }
        close(gamma_gamma::conditional_spend(&CDNOW_GG, x, m), em, 1e-12, &format!("E[M] at x={x}"));
    }
    // Total of the eight cases (python: 13.748645554397893; lifetimes: −(−13.74864555439774)).
    close(bgnbd::log_likelihood(&CDNOW, &all), 13.748645554397893, 1e-12, "total");
    // A new customer's E[X(t)], t = 1, 10, 39, 78 (same script; lifetimes prints 0.05326789 0.43241336
    // 1.19672319 1.86051906).
    for (t, want) in [(1.0, 0.05326789117165627), (10.0, 0.4324133622344203), (39.0, 1.1967231933208031), (78.0, 1.8605190579427502)] {
        close(bgnbd::expected_purchases(&CDNOW, t), want, 1e-11, &format!("E[X({t})]"));
    }
}

#[test]
fn predictions_are_finite_at_a_equal_one() {
    // The papers' formulas divide by a − 1. The script prints the mean of a = 1 ± 1e-6 (accurate to about
    // 1e-9 after the cancellation): E[X(10)] = 0.6190799995028655 and E[Y(20) | 4, 12, 30] =
    // 0.3758929012816068 at r = 0.5, alpha = 6, b = 2.
    let p = BgNbdParams { r: 0.5, alpha: 6.0, a: 1.0, b: 2.0 };
    close(bgnbd::expected_purchases(&p, 10.0), 0.6190799995028655, 1e-8, "E[X(10)] at a = 1");
    close(bgnbd::conditional_expected(&p, 4, 12.0, 30.0, 20.0), 0.3758929012816068, 1e-8, "E[Y(20)] at a = 1");
}

/// Fits both models to customers simulated from the CDNOW estimates and checks every parameter against
/// its true value within 3 asymptotic standard errors (from the fit's own observed information). For a
/// consistent, asymptotically normal estimator a 3-SE miss has probability 0.27 % per parameter, about
/// 2 % for the seven together; `recovery_over_seeds` (ignored, run with `--ignored --nocapture`) repeats
/// the fit over 20 seeds: the 140 values of (estimate − truth) / SE had mean 0.08, standard deviation
/// 0.98 (so the standard errors are right), 7 beyond ±2 (5 % expected) and none beyond ±2.62. This fixed
/// seed (11) is not a lucky one: its largest |z| is 1.54.
#[test]
fn parameters_are_recovered_from_simulated_customers() {
    let (z_bg, z_gg, fit_bg, fit_gg) = recovery(40_000, 11);
    eprintln!("BG/NBD {:?} z {z_bg:?}\nGamma-Gamma {:?} z {z_gg:?}", fit_bg, fit_gg);
    for (name, z) in ["r", "alpha", "a", "b"].iter().zip(z_bg).chain(["p", "q", "gamma"].iter().zip(z_gg)) {
        assert!(z.abs() < 3.0, "{name}: {z:.2} standard errors from the truth");
    }
}

/// (|est − truth| / SE for BG/NBD and Gamma-Gamma, and the estimates).
fn recovery(n: usize, seed: u64) -> ([f64; 4], [f64; 3], BgNbdParams, GammaGammaParams) {
    let sim = simulate(&SimParams { customers: n, seed, ..Default::default() });
    let rows: Vec<CustomerSummary> = sim.iter().map(|c| c.summary).collect();
    let bg = bgnbd::fit(&rows).expect("BG/NBD fits");
    assert!(bg.diagnostics.converged, "{:?}", bg.diagnostics);
    let gg = gamma_gamma::fit(&rows).expect("Gamma-Gamma fits");
    assert!(gg.diagnostics.converged, "{:?}", gg.diagnostics);
    let truth = [CDNOW.r, CDNOW.alpha, CDNOW.a, CDNOW.b];
    let est = [bg.params.r, bg.params.alpha, bg.params.a, bg.params.b];
    let z_bg: [f64; 4] = std::array::from_fn(|i| (est[i] - truth[i]) / bg.standard_errors[i].expect("standard error"));
    let truth = [CDNOW_GG.p, CDNOW_GG.q, CDNOW_GG.gamma];
    let est = [gg.params.p, gg.params.q, gg.params.gamma];
    let z_gg: [f64; 3] = std::array::from_fn(|i| (est[i] - truth[i]) / gg.standard_errors[i].expect("standard error"));
    (z_bg, z_gg, bg.params, gg.params)
}

/// Recovery over seeds 1..=20 with 40,000 customers each; prints the largest |z| per parameter.
#[test]
#[ignore]
fn recovery_over_seeds() {
    let mut worst = [0.0f64; 7];
    for seed in 1..=20 {
        let (a, b, _, _) = recovery(40_000, seed);
        for (w, z) in worst.iter_mut().zip(a.iter().chain(b.iter())) {
            *w = w.max(z.abs());
        }
        eprintln!("seed {seed}: {a:.2?} {b:.2?}");
    }
    eprintln!("largest |z| per parameter (r, alpha, a, b, p, q, gamma): {worst:.2?}");
}

/// The model's own holdout: customers simulated 39 weeks past T. At the true parameters each customer's
/// conditional expectation is the mean of their simulated future purchases, so the residuals
/// `actual_i − E_i` are independent with mean 0 and the total residual has standard deviation
/// `√Σ Var_i`, estimated by `√Σ (actual_i − E_i)²`. The test allows 3 of those. With 200,000 customers,
/// seeds 1–6 gave (actual − predicted) / sd = 1.82, 2.14, −0.33, 0.71, 0.82, −0.42 (over all six,
/// 851,824 actual vs 848,690 predicted, +0.37 %); with 40,000 customers and seed 5 it was 2.97, which is
/// why the test uses the larger sample.
#[test]
fn simulated_holdout_matches_the_conditional_expectation() {
    let sim = simulate(&SimParams { customers: 200_000, seed: 1, ..Default::default() });
    let (mut predicted, mut actual, mut sq) = (0.0, 0.0, 0.0);
    for c in &sim {
        let e = bgnbd::conditional_expected(&CDNOW, c.summary.x, c.summary.t_x, c.summary.t, 39.0);
        let a = c.future_purchases as f64;
        predicted += e;
        actual += a;
        sq += (a - e) * (a - e);
    }
    let sd = sq.sqrt();
    eprintln!("simulated holdout: predicted {predicted:.1}, actual {actual}, sd of the difference {sd:.1}");
    assert!((predicted - actual).abs() < 3.0 * sd, "predicted {predicted:.1}, actual {actual}, sd {sd:.1}");
    // And the new-customer curve against the simulation's own customers: E[X(T)] averaged over T
    // uniform on [27, 39] is the expected calibration repeat count.
    let mean_x = sim.iter().map(|c| c.summary.x as f64).sum::<f64>() / sim.len() as f64;
    let mean_e = sim.iter().map(|c| bgnbd::expected_purchases(&CDNOW, c.summary.t)).sum::<f64>() / sim.len() as f64;
    let sd_x = (sim.iter().map(|c| (c.summary.x as f64 - mean_x).powi(2)).sum::<f64>() / sim.len() as f64).sqrt();
    assert!((mean_x - mean_e).abs() < 3.0 * sd_x / (sim.len() as f64).sqrt(), "mean x {mean_x}, E[X(T)] {mean_e}");
}

/// Purchases of `n` customers simulated at the CDNOW estimates, as a file would hold them.
fn simulated_shop(n: usize, seed: u64) -> Dataset {
    let mut csv = Vec::new();
    let end = clientela::time::parse_day("2024-01-01").expect("a date");
    clientela::clv::simulate::write_transactions(&mut csv, &SimParams { customers: n, seed, ..Default::default() }, end).expect("writes");
    read_bytes(&csv, IngestOptions::default()).expect("reads").0
}

#[test]
fn ranges_narrow_as_the_square_root_of_the_customers() {
    // The ranges come from the parameters' sampling distribution, whose spread falls as 1/√n: a shop four
    // times as large (the same model, src/clv/simulate.rs) gets ranges about half as wide, relative to the
    // value — for the totals, the tracking chart's last point and the new-customer curve's end. 0.35–0.7 leaves room for the sampling
    // noise of two shops. Each range holds its value.
    let options = ClvOptions { calibration_end: Some("2023-12-31".into()), ..Default::default() };
    let widths = [2_000, 8_000].map(|n| {
        let r = clv(&simulated_shop(n, 21), &options).expect("fits").report;
        let rel = |v: f64, [lo, hi]: [f64; 2]| {
            assert!(lo <= v && v <= hi, "{lo} {v} {hi}");
            (hi - lo) / v
        };
        let total = rel(r.totals.expected_purchases, r.totals.expected_purchases_range.expect("a range"));
        let last = r.holdout.as_ref().and_then(|h| h.tracking.last()).expect("a tracking chart");
        let tracking = rel(last.cumulative_predicted, last.cumulative_predicted_range.expect("a range"));
        let curve = r.new_customer_curve.last().expect("a curve");
        let new_customer = rel(curve.expected_purchases, curve.expected_purchases_range.expect("a range"));
        for c in &r.customers {
            let [lo, hi] = c.expected_purchases_range.expect("a range");
            assert!(lo <= c.expected_purchases && c.expected_purchases <= hi);
        }
        (total, tracking, new_customer)
    });
    for (what, small, big) in
        [("totals", widths[0].0, widths[1].0), ("tracking", widths[0].1, widths[1].1), ("new customer", widths[0].2, widths[1].2)]
    {
        let ratio = big / small;
        assert!((0.35..0.7).contains(&ratio), "{what}: {small} → {big} (ratio {ratio})");
    }
}

/// The churn-risk and overdue lists, whole, against a brute force over the report's per-customer rows
/// (every scored customer): the churn risk is every row with a positive value at risk (purchases at risk
/// without a spend model), largest first; the overdue list every row with an `overdue_by`, largest past
/// value first; equal ones by customer id. Each row's `risk_rank` / `overdue_rank` is its place in that
/// order, and the report's lists are its first RISK_LIST / OVERDUE_LIST. 3,000 customers simulated at the
/// CDNOW estimates have more than either list holds.
#[test]
fn whole_lists_are_ranked_as_a_brute_force_over_the_rows() {
    use clientela::clv::CustomerValue;
    use clientela::clv::timing::OVERDUE_LIST;
    let r = clv(&simulated_shop(3_000, 8), &ClvOptions::default()).expect("fits").report;
    assert_eq!(r.customers.len(), r.customers_total, "every row");
    let money = r.churn_risk.ranked_by == "value_at_risk";
    let risk = |c: &CustomerValue| {
        let v = if money { c.value_at_risk.unwrap_or(0.0) } else { c.purchases_at_risk };
        if v.is_finite() { v } else { 0.0 }
    };
    let brute = |on: &dyn Fn(&CustomerValue) -> bool, key: &dyn Fn(&CustomerValue) -> f64| -> Vec<String> {
        let mut rows: Vec<&CustomerValue> = r.customers.iter().filter(|c| on(c)).collect();
        rows.sort_by(|a, b| key(b).partial_cmp(&key(a)).expect("numbers").then_with(|| a.customer.cmp(&b.customer)));
        rows.iter().map(|c| c.customer.clone()).collect()
    };
    let by_rank = |rank: &dyn Fn(&CustomerValue) -> Option<usize>| -> Vec<String> {
        let mut rows: Vec<(usize, &CustomerValue)> = r.customers.iter().filter_map(|c| rank(c).map(|k| (k, c))).collect();
        rows.sort_by_key(|&(k, _)| k);
        assert!(rows.iter().enumerate().all(|(i, &(k, _))| k == i + 1), "places 1, 2, 3, … without gaps");
        rows.iter().map(|(_, c)| c.customer.clone()).collect()
    };
    let ids = |rows: &[CustomerValue]| rows.iter().map(|c| c.customer.clone()).collect::<Vec<_>>();

    let at_risk = brute(&|c| risk(c) > 0.0, &risk);
    assert!(at_risk.len() > clientela::clv::RISK_LIST, "more at risk than the report lists: {}", at_risk.len());
    assert_eq!(at_risk.len(), r.churn_risk.customers_at_risk);
    assert_eq!(by_rank(&|c| c.risk_rank), at_risk);
    assert_eq!(ids(&r.churn_risk.customers), at_risk[..clientela::clv::RISK_LIST]);

    let overdue = brute(&|c| c.overdue_by.is_some(), &|c| c.past_value);
    assert!(overdue.len() > OVERDUE_LIST, "more overdue than the report lists: {}", overdue.len());
    assert_eq!(overdue.len(), r.timing.overdue_customers);
    assert_eq!(by_rank(&|c| c.overdue_rank), overdue);
    assert_eq!(ids(&r.timing.overdue), overdue[..OVERDUE_LIST]);
}

fn read(text: &str) -> Dataset {
    read_bytes(text.as_bytes(), IngestOptions::default()).expect("reads").0
}

/// Hand-checked summary: customer A buys on 2021-01-04 (two lines, 10 + 5), 01-11 (20), 01-18 (a return
/// line, not a purchase) and 02-01 (30; after the calibration end 2021-01-25, so in the holdout); B buys
/// once on 01-11; C only in the holdout. With weeks: A has x = 1, t_x = 1, T = 3 (21 days / 7),
/// monetary 20 (the repeat day only), past value 35, one holdout purchase; B has x = 0, T = 2.
#[test]
fn summary_follows_the_rules_on_a_small_file() {
    let mut text = String::from("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n");
    text += "1,X,1,2021-01-04 10:00,10,A\n1,Y,1,2021-01-04 10:00,5,A\n2,X,2,2021-01-11 09:00,10,A\n";
    text += "C3,X,-1,2021-01-18 09:00,10,A\n4,X,3,2021-02-01 09:00,10,A\n5,Z,1,2021-01-11 12:00,7,B\n";
    text += "6,Z,1,2021-02-02 12:00,7,C\n7,Z,1,2021-01-12 12:00,7,\n";
    let ds = read(&text);
    // The calibration end 2021-01-25 is the last calibration day; summarise takes the day after it.
    let end = clientela::time::parse_day("2021-01-25").unwrap() + 1;
    let s = clientela::clv::summary::summarise(&ds, end, None, TimeUnit::Week).expect("summary");
    assert_eq!(s.rows.len(), 2);
    let a = CustomerSummary { x: 1, t_x: 1.0, t: 3.0, monetary: 20.0 };
    let b = CustomerSummary { x: 0, t_x: 0.0, t: 2.0, monetary: 0.0 };
    assert_eq!(s.rows, vec![a, b]);
    assert_eq!(s.calibration_value, vec![35.0, 7.0]);
    assert_eq!(s.holdout_purchases, vec![1, 0]);
    assert_eq!(s.first_purchase_in_holdout, 1);
    assert_eq!(s.excluded_no_customer, 1);
    assert_eq!(clientela::time::day_string(s.holdout_end_day), "2021-02-03");
    let d = clientela::clv::summary::summarise(&ds, end, None, TimeUnit::Day).expect("summary");
    assert_eq!(d.rows[0], CustomerSummary { x: 1, t_x: 7.0, t: 21.0, monetary: 20.0 });
    // Too few customers for a fit: a typed error, not a panic.
    let e = clv(&ds, &ClvOptions { calibration_end: Some("2021-01-25".into()), ..Default::default() }).unwrap_err();
    assert_eq!(e.code(), "too_few_customers", "{e}");
}

fn online_retail() -> Option<&'static Dataset> {
    static DATA: OnceLock<Option<Dataset>> = OnceLock::new();
    DATA.get_or_init(|| {
        let gz = common::online_retail_gz()?;
        Some(read_bytes(&gz, IngestOptions::default()).expect("Online Retail reads").0)
    })
    .as_ref()
}

/// Online Retail, calibration through 2011-08-31 (inclusive), weeks, BG/NBD asked for. Expected values from
/// `python3 tests/reference/clv_online_retail.py ../shared/data/online_retail.csv.gz` (pandas summary by the
/// same rules, $0 lines counted as purchase events; scipy 1.16 L-BFGS-B on the log-likelihood; lifetimes
/// 0.11.3): 3,317 customers, 1,890 repeat buyers, 4,807 repeat purchases in the 14.2857-week holdout;
/// scipy: r 0.722688, alpha 9.42376, LL −21758.0210, a → 0 (8.9e-5) with b 485.7 on a ridge where only
/// a/b matters, holdout prediction 3633.91; lifetimes' BetaGeoFitter raises ConvergenceError on this
/// summary; lifetimes' GammaGammaFitter: p 2.39521, q 3.3004, v 396.086; correlation of x and spend 0.1010.
/// The bound on the holdout: the prediction is 25 % below the actual count because the holdout
/// (September–December) holds the Christmas trade of a wholesaler, which a model without seasonality
/// cannot foresee; the test pins the relative error to (−30 %, −20 %) so that a change shows.
#[test]
fn online_retail_holdout_check() {
    let Some(ds) = online_retail() else { return };
    let bg = || Some("bgnbd".to_string());
    let v = clv(ds, &ClvOptions { calibration_end: Some("2011-08-31".into()), model: bg(), ..Default::default() }).expect("fits");
    let r = &v.report;
    assert_eq!((r.calibration_customers, r.repeat_buyers), (3317, 1890));
    let b = &r.bgnbd;
    assert!(b.diagnostics.converged, "{:?}", b.diagnostics);
    assert!(b.log_likelihood >= -21758.0210 - 1e-3, "LL {} below scipy's", b.log_likelihood);
    close(b.r, 0.722688, 1e-4, "r");
    close(b.alpha, 9.42376, 1e-4, "alpha");
    assert!(b.a / (b.a + b.b) < 1e-4, "drop-out at zero: a {} b {}", b.a, b.b);
    assert!(r.warnings.iter().any(|w| w.code == "no_dropout" && w.text.contains("practically zero")), "{:?}", r.warnings);
    let g = r.gamma_gamma.as_ref().expect("spend model");
    close(g.p, 2.39521, 1e-5, "p");
    close(g.q, 3.3004, 1e-5, "q");
    close(g.gamma, 396.086, 1e-5, "gamma");
    close(g.frequency_spend_correlation.unwrap(), 0.1010, 1e-3, "correlation");
    let h = r.holdout.as_ref().expect("holdout");
    assert_eq!(h.actual_total, 4807);
    close(h.length, 100.0 / 7.0, 1e-12, "holdout length");
    close(h.predicted_total, 3633.91, 1e-4, "holdout prediction");
    let e = h.relative_error.unwrap();
    assert!((-0.30..-0.20).contains(&e), "relative error {e}");
    eprintln!("Online Retail: predicted {:.1} vs actual {} ({:+.1} %)", h.predicted_total, h.actual_total, 100.0 * e);
    // Tracking: cumulative actual at the end equals all repeat purchases of the calibration customers.
    let last = h.tracking.last().unwrap();
    let cal_repeat: u64 = v.summary.rows.iter().map(|c| c.x as u64).sum();
    assert_eq!(last.cumulative_actual, cal_repeat + 4807);
    assert_eq!(h.by_frequency.iter().map(|f| f.customers).sum::<u64>(), 3317);
    // The day unit gives the same model up to the unit (alpha in days = 7 × alpha in weeks).
    let d = clv(
        ds,
        &ClvOptions { calibration_end: Some("2011-08-31".into()), time_unit: Some(TimeUnit::Day), model: bg(), ..Default::default() },
    )
    .unwrap();
    close(d.report.bgnbd.alpha, 7.0 * b.alpha, 1e-3, "alpha in days");
    close(d.report.holdout.as_ref().unwrap().predicted_total, h.predicted_total, 1e-4, "prediction in days");
}

fn cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_clientela")).args(args).output().expect("the CLI runs")
}

#[test]
fn clv_command_keeps_its_keys_and_writes_a_safe_csv() {
    // A synthetic shop with customers whose ids start with '=' would be a formula in a spreadsheet.
    let dir = std::env::temp_dir().join(format!("clientela-clv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("shop.csv");
    let text =
        String::from_utf8(clientela::synth::csv_bytes(&clientela::synth::ShopParams { rows: 20_000, seed: 3, ..Default::default() }))
            .unwrap();
    let text = text.replace(",12346,", ",=12346,");
    std::fs::write(&file, text).unwrap();
    let out_csv = dir.join("clv.csv");
    let o = cli(&[
        "clv",
        file.to_str().unwrap(),
        "--calibration-end",
        "2024-06-01",
        "--json",
        "--out",
        out_csv.to_str().unwrap(),
        "--horizon",
        "26",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for k in ["r", "alpha", "a", "b", "log_likelihood"] {
        assert!(j["bgnbd"][k].is_number(), "bgnbd.{k}");
    }
    for k in ["p", "q", "gamma"] {
        assert!(j["gamma_gamma"][k].is_number(), "gamma_gamma.{k}");
    }
    let first = &j["customers"][0];
    for k in ["customer", "x", "t_x", "T", "monetary", "p_alive", "expected_purchases", "expected_spend", "clv", "rank"] {
        assert!(!first[k].is_null(), "customers[0].{k}");
    }
    assert_eq!(first["rank"], 1);
    assert!(j["holdout"]["tracking"].as_array().is_some_and(|t| !t.is_empty()));
    assert_eq!(j["holdout"]["by_frequency"].as_array().map(|v| v.len()), Some(8));
    let csv = std::fs::read_to_string(&out_csv).unwrap();
    assert!(csv.starts_with("rank,customer,x,t_x,T,"), "{}", &csv[..80.min(csv.len())]);
    assert!(csv.contains(",'=12346,"), "the formula-like id is escaped");
    assert_eq!(csv.lines().count(), j["customers_total"].as_u64().unwrap() as usize + 1);
    // A bad option is a clear message and exit code 2.
    let o = cli(&["clv", file.to_str().unwrap(), "--calibration-end", "2024-13-01"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("calibration_end"), "{}", String::from_utf8_lossy(&o.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

fn summaries() -> impl Strategy<Value = Vec<CustomerSummary>> {
    prop::collection::vec((0u32..40, 0.0f64..60.0, 0.0f64..1.0, prop_oneof![Just(0.0), 0.0f64..500.0, Just(f64::NAN), Just(-3.0)]), 0..60)
        .prop_map(|v| {
            v.into_iter().map(|(x, t, frac, m)| CustomerSummary { x, t_x: if x > 0 { t * frac } else { 0.0 }, t, monetary: m }).collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// Random summaries (including T = 0, x with t_x = 0, NaN and negative spend) never panic; a fit either
    /// returns finite estimates or nothing.
    #[test]
    fn fits_never_panic(rows in summaries()) {
        if let Some(f) = bgnbd::fit(&rows) {
            prop_assert!(f.log_likelihood.is_finite() || rows.is_empty());
            for c in &rows {
                let _ = bgnbd::conditional_expected(&f.params, c.x, c.t_x, c.t, 10.0);
            }
        }
        if let Some(g) = gamma_gamma::fit(&rows) {
            prop_assert!(g.params.p > 0.0 && g.params.q > 0.0 && g.params.gamma > 0.0);
        }
    }

    /// Random small shops and options: the whole analysis returns a report or a typed error.
    #[test]
    fn clv_never_panics(
        lines in prop::collection::vec((0u8..12, 0u16..400, -2i8..5, 0u16..3000), 0..120),
        cal in 0u16..420, unit in any::<bool>(), horizon in prop_oneof![Just(None), (0.0f64..200.0).prop_map(Some)],
        top in prop_oneof![Just(None), (0usize..5).prop_map(Some)],
    ) {
        let mut text = String::from("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n");
        for (k, (c, day, q, price)) in lines.iter().enumerate() {
            let (y, m, d) = clientela::ingest::date::civil_from_days(clientela::ingest::date::days_from_civil(2021, 1, 1) + *day as i64);
            let cust = if *c == 0 { String::new() } else { format!("C{c}") };
            text += &format!("{k},X,{q},{y:04}-{m:02}-{d:02} 10:00,{}.{:02},{cust}\n", price / 100, price % 100);
        }
        let Ok((ds, _)) = read_bytes(text.as_bytes(), IngestOptions::default()) else { return Ok(()) };
        let (y, m, d) = clientela::ingest::date::civil_from_days(clientela::ingest::date::days_from_civil(2021, 1, 1) + cal as i64);
        let options = ClvOptions {
            calibration_end: Some(format!("{y:04}-{m:02}-{d:02}")),
            time_unit: Some(if unit { TimeUnit::Day } else { TimeUnit::Week }),
            horizon,
            top,
            ..Default::default()
        };
        match clv(&ds, &options) {
            Ok(v) => {
                prop_assert!(v.report.customers.len() <= v.report.customers_total);
                prop_assert!(v.report.bgnbd.log_likelihood.is_finite());
            }
            Err(e) => prop_assert!(!e.to_string().is_empty() && !e.code().is_empty()),
        }
    }
}

proptest! {
    // Fewer cases: degenerate summaries send the numeric-gradient searches to the box bounds, where each
    // case costs seconds.
    #![proptest_config(ProptestConfig::with_cases(30))]

    /// Pareto/NBD and MBG/NBD on the same degenerate summaries: no panic, P(alive) a probability.
    #[test]
    fn new_models_never_panic(rows in summaries()) {
        for kind in [model::ModelKind::ParetoNbd, model::ModelKind::MbgNbd] {
            if let Some(f) = model::fit(kind, &rows) {
                for c in &rows {
                    let p = f.fitted.p_alive(c);
                    prop_assert!((0.0..=1.0).contains(&p), "{:?} {:?}: P(alive) {}", kind, c, p);
                    let _ = f.fitted.conditional_expected(c, 10.0);
                }
            }
        }
    }
}

#[test]
fn bad_options_are_typed_errors() {
    let ds = read("InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,1,2021-01-04,1,A\n");
    for o in [
        ClvOptions { horizon: Some(-1.0), ..Default::default() },
        ClvOptions { discount_rate: Some(f64::NAN), ..Default::default() },
        ClvOptions { margin: Some(-0.5), ..Default::default() },
        ClvOptions { at_risk_value_share: Some(0.0), ..Default::default() },
        ClvOptions { calibration_end: Some("2021-02-30".into()), ..Default::default() },
        ClvOptions { calibration_end: Some("2021-02-01".into()), holdout_end: Some("2021-01-01".into()), ..Default::default() },
        ClvOptions { model: Some("weibull".into()), ..Default::default() },
    ] {
        let e = clv(&ds, &o).unwrap_err();
        assert!(matches!(e, ClvError::Analysis(_)), "{o:?}: {e}");
        assert_eq!(e.code(), "bad_parameter");
    }
}
