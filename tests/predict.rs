//! Who buys next and how much: the models against a simulation whose truth is known
//! (`clientela::predict::simulate`), hand-made files for the features and the edge cases, and Online
//! Retail (figures and the command in docs/predict.md).

use crate::common;

use std::sync::OnceLock;

use clientela::audience::logistic::auc;
use clientela::dataset::Dataset;
use clientela::error::ErrorCode;
use clientela::ingest::{IngestOptions, read_bytes};
use clientela::predict::features::History;
use clientela::predict::simulate::{SimParams, SimShop, simulate};
use clientela::predict::{PredictOptions, PredictReport, Target, predict};
use clientela::time::{day_of, day_string, parse_day};

fn read(text: &str) -> Dataset {
    read_bytes(text.as_bytes(), IngestOptions::default()).expect("reads").0
}

/// The default simulation: 5,000 customers, horizon 60 days, as of 2024-01-01.
fn shop() -> &'static SimShop {
    static SHOP: OnceLock<SimShop> = OnceLock::new();
    SHOP.get_or_init(|| simulate(&SimParams::default()))
}

fn options(as_of: &str, horizon: u32) -> PredictOptions {
    PredictOptions { as_of: Some(as_of.into()), horizon_days: Some(horizon), ..Default::default() }
}

/// Whether each customer of the simulation bought in `[from, to)`, in customer order (the truth's).
fn bought(ds: &Dataset, from: i32, to: i32) -> Vec<bool> {
    let (cust, time) = (ds.customer().expect("customers"), ds.time().expect("dates"));
    let mut b = vec![false; ds.customers.len()];
    for (c, t) in cust.iter().zip(time.iter()) {
        let d = day_of(t);
        if d >= from && d < to {
            b[c as usize] = true;
        }
    }
    b
}

/// Simulation truth: the validation window's labels are drawn with known probabilities `p_second`. The
/// AUC of those true probabilities is the best any model can expect; the model, correctly specified,
/// must come within 0.02 of it and beat both baselines (recency alone lacks frequency and country; the
/// lifetime-value model is not the process that drew the purchases).
#[test]
fn backtest_auc_comes_close_to_the_auc_of_the_true_probabilities() {
    let s = shop();
    let r = predict(&s.dataset, &options("2024-01-01", 60)).expect("predicts");
    let b = r.backtest.as_ref().expect("a back-test");
    let y = bought(&s.dataset, 8766 - 60, 8766);
    let truth: Vec<f64> = s.truth.iter().map(|t| t.p_second).collect();
    let best = auc(&truth, &y).expect("both labels");
    let model = b.model.auc.expect("auc");
    assert!((best - model).abs() < 0.02, "model AUC {model}, true probabilities' AUC {best}");
    let recency = b.recency.auc.expect("auc");
    let clv = b.clv.and_then(|m| m.auc).expect("clv baseline");
    assert!(model > recency + 0.01 && model > clv + 0.01, "model {model}, recency {recency}, clv {clv}");
    // Same customers in the model's and the baselines' check: every customer is known at A − N here.
    assert_eq!(b.validation.customers, s.truth.len());
    assert_eq!(b.validation.positives, y.iter().filter(|&&v| v).count());
    // Log loss of the true probabilities is the floor; the model's is within 0.01 of it.
    let floor = clientela::predict::backtest::log_loss(&truth, &y).expect("log loss");
    let ll = b.model.log_loss.expect("log loss");
    assert!(ll < floor + 0.01, "model log loss {ll}, truth's {floor}");
}

/// Simulation truth, per customer: scoring at A − N (the model learned from the first window) gives
/// each customer a probability for the second window, whose true value is known. Mean absolute
/// difference below 0.03, and each calibration bin with 100+ customers within 0.05 of its observed rate.
#[test]
fn probabilities_are_close_to_the_true_ones_and_calibrated() {
    let s = shop();
    let r = predict(&s.dataset, &options("2023-11-02", 60)).expect("predicts");
    assert_eq!(r.customers_scored, s.truth.len());
    let mut diff = 0.0;
    for c in &r.customers {
        let k: usize = c.customer[1..].parse().expect("C<number>");
        diff += (c.probability - s.truth[k].p_second).abs();
    }
    let mean = diff / r.customers.len() as f64;
    assert!(mean < 0.03, "mean |p − truth| = {mean}");
    let r = predict(&s.dataset, &options("2024-01-01", 60)).expect("predicts");
    for c in &r.backtest.as_ref().expect("back-test").calibration {
        if c.customers >= 100 {
            assert!((c.mean_probability - c.observed_rate).abs() < 0.05, "{c:?}");
        }
    }
}

/// Simulation truth for spend: a buyer spends `m` on average, so the true expected spend is `p · m`.
/// Scored at A − N the total is within 5 % of the true total and the customer-level error is small
/// against the mean; the back-test's error is below the lifetime-value model's.
#[test]
fn expected_spend_is_close_to_the_true_expected_spend() {
    let s = shop();
    let r = predict(&s.dataset, &options("2023-11-02", 60)).expect("predicts");
    let (mut total, mut truth_total, mut abs) = (0.0, 0.0, 0.0);
    for c in &r.customers {
        let k: usize = c.customer[1..].parse().expect("C<number>");
        let t = s.truth[k].p_second * s.truth[k].mean_spend;
        total += c.expected_spend;
        truth_total += t;
        abs += (c.expected_spend - t).abs();
    }
    assert!((total / truth_total - 1.0).abs() < 0.05, "predicted {total}, true {truth_total}");
    assert!(abs / truth_total < 0.2, "mean error {} of a mean {}", abs / r.customers.len() as f64, truth_total / r.customers.len() as f64);
    let r = predict(&s.dataset, &options("2024-01-01", 60)).expect("predicts");
    let sp = &r.backtest.as_ref().expect("back-test").spend;
    let (m, c) = (sp.model.expect("model"), sp.clv.expect("clv"));
    assert!(m.mae < c.mae, "model {m:?}, clv {c:?}");
}

/// The best-customer target: labels are the top revenue decile of the window (500 of 5,000 here, every
/// one a buyer), and spend drives them, so the model ranks them well above chance and above recency.
#[test]
fn best_customer_target_labels_the_top_decile() {
    let s = shop();
    let o = PredictOptions { target: Some(Target::BestCustomer), ..options("2024-01-01", 60) };
    let r = predict(&s.dataset, &o).expect("predicts");
    assert_eq!(r.training.positives, 500);
    let b = r.backtest.as_ref().expect("back-test");
    assert_eq!(b.validation.positives, 500);
    let (m, rec) = (b.model.auc.expect("auc"), b.recency.auc.expect("auc"));
    assert!(m > 0.75 && m > rec + 0.05, "model {m}, recency {rec}");
}

/// No leakage: the features at a date read nothing on or after it. Oracle: the same features from a
/// history that never saw those purchases (built with the as-of date at that date).
#[test]
fn features_at_a_date_ignore_everything_after_it() {
    let ds = &shop().dataset;
    let (cust, time) = (ds.customer().expect("c"), ds.time().expect("t"));
    let d = 8766 - 60;
    let full = History::build(ds, cust, time, 8766).features(d, 60);
    let cut = History::build(ds, cust, time, d).features(d, 60);
    assert_eq!(full.customers, cut.customers);
    assert_eq!(format!("{:?}", full.values), format!("{:?}", cut.values));
    // And the report ignores purchases on or after the as-of date: adding some changes nothing but the count.
    let mut cut = ds.clone();
    cut.retain_rows(&(0..ds.len).map(|i| day_of(time[i]) < 8766 - 30).collect::<Vec<_>>());
    let a = predict(&cut, &options("2023-12-02", 60)).expect("predicts");
    let b = predict(ds, &options("2023-12-02", 60)).expect("predicts");
    assert!(b.lines_after_as_of > 0 && a.lines_after_as_of == 0);
    let strip = |r: &PredictReport| serde_json::to_string(&PredictReport { lines_after_as_of: 0, ..r.clone() }).expect("json");
    assert_eq!(strip(&a), strip(&b));
}

/// Hand-computed features. Customer A buys on 2021-01-01 (two lines, 10 + 30), 01-11 (20) and 01-31 (60),
/// returns 12 on 01-20; features at 2021-02-10 with a 30-day horizon: recency 10, frequency 3, monetary
/// (40 + 20 + 60)/3 = 40, tenure 40, gaps 10 and 20 → mean 15, sd 7.0711, cv 0.4714; trend: spend in
/// [01-11, 02-10) 80 against [12-12, 01-11) 40 → (80 − 40)/120 = 1/3; items per purchase 4/3; returns
/// 12/120 = 0.1. B bought once (01-05, 5): no gaps, no trend window before 12-12 … its cv is none.
#[test]
fn features_by_hand() {
    let mut text = String::from("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n");
    text += "1,X,1,2021-01-01,10,A\n1,Y,1,2021-01-01,30,A\n2,X,2,2021-01-11,10,A\nC3,X,-1,2021-01-20,12,A\n";
    text += "4,X,3,2021-01-31,20,A\n5,Z,1,2021-01-05,5,B\n6,Z,1,2021-02-10,5,B\n";
    let ds = read(&text);
    let (cust, time) = (ds.customer().expect("c"), ds.time().expect("t"));
    let d = parse_day("2021-02-10").expect("date");
    let f = History::build(&ds, cust, time, d + 1).features(d, 30);
    let keys: Vec<&str> = f.names.iter().map(|n| n.key).collect();
    assert_eq!(keys, ["recency_days", "frequency", "monetary", "tenure_days", "gap_cv", "trend", "items_per_purchase", "returns_share"]);
    let a = f.row(0);
    let expect = [10.0, 3.0, 40.0, 40.0, 50f64.sqrt() / 15.0, 1.0 / 3.0, 4.0 / 3.0, 0.1];
    for (k, (&got, &want)) in a.iter().zip(&expect).enumerate() {
        assert!((got - want).abs() < 1e-12, "{}: {got} vs {want}", keys[k]);
    }
    let b = f.row(1);
    assert_eq!((b[0], b[1], b[2], b[3]), (36.0, 1.0, 5.0, 36.0));
    assert!(b[4].is_nan());
    // Labels from [02-10, 03-12): B bought once for 5 on 02-10, A not at all.
    let l = History::build(&ds, cust, time, d + 31).labels(&f.customers, d, d + 30);
    assert_eq!((l[0].purchases, l[1].purchases, l[1].spend), (0, 1, 5.0));
}

/// A shop of 30 customers who buy every 10 days from 2021-01-01 to 2021-06-29 (everyone, so one label
/// only), plus one customer who buys once on 2021-01-01.
fn steady_shop(with_customer: bool) -> Dataset {
    let mut text = String::from(if with_customer { "order,date,amount,customer\n" } else { "order,date,amount\n" });
    let start = parse_day("2021-01-01").expect("date");
    let mut order = 0;
    for c in 0..30 {
        for k in 0..18 {
            order += 1;
            let day = day_string(start + 10 * k + c % 10);
            text += &if with_customer { format!("{order},{day},{}.50,K{c}\n", 10 + c) } else { format!("{order},{day},{}.50\n", 10 + c) };
        }
    }
    read(&text)
}

/// Edge cases give typed errors with the fix, never a panic or an empty answer. Hand-computed: the first
/// purchase is 2021-01-01, so as of 2021-03-02 (day 60 after it) the longest horizon is 59 days.
#[test]
fn edge_cases_are_typed_errors() {
    let ds = steady_shop(true);
    let code = |o: PredictOptions| predict(&ds, &o).map(|_| ()).unwrap_err();
    let e = code(options("2020-12-01", 30));
    assert_eq!(e.code(), "as_of_before_data", "{e}");
    assert!(e.to_string().contains("2021-01-01"), "{e}");
    let e = code(options("2021-03-02", 60));
    assert_eq!(e.code(), "no_training_window", "{e}");
    assert!(matches!(e, clientela::predict::PredictError::NoTrainingWindow { max_horizon_days: 59, .. }), "{e:?}");
    assert!(predict(&ds, &options("2021-03-02", 59)).is_err_and(|e| e.code() != "no_training_window"));
    // Everyone buys every 10 days: within 30 days every customer bought, one class only.
    let e = code(options("2021-06-01", 30));
    assert_eq!(e.code(), "one_class", "{e}");
    assert!(e.to_string().contains("every one of the 30 customers"), "{e}");
    let e = code(PredictOptions { horizon_days: Some(0), ..Default::default() });
    assert_eq!((e.code(), e.parameter().map(|p| p.option)), ("bad_parameter", Some("horizon_days")));
    let e = predict(&steady_shop(false), &PredictOptions::default()).unwrap_err();
    assert_eq!(e.code(), "no_customer_column", "{e}");
    let e = code(options("2021-01-10", 5));
    assert_eq!(e.code(), "too_few_customers", "{e}");
}

/// Determinism and the ranking contract: the same input gives byte-identical JSON; customers come highest
/// probability first with ties by id, and the deciles have the sizes of `decile_sizes`.
#[test]
fn reports_are_deterministic_and_ranked() {
    let s = shop();
    let a = predict(&s.dataset, &options("2024-01-01", 60)).expect("predicts");
    let b = predict(&s.dataset, &options("2024-01-01", 60)).expect("predicts");
    assert_eq!(serde_json::to_string(&a).expect("json"), serde_json::to_string(&b).expect("json"));
    assert!(a.customers.windows(2).all(|w| w[0].probability >= w[1].probability));
    let sizes = clientela::segment::concentration::decile_sizes(a.customers.len());
    for (k, &n) in sizes.iter().enumerate() {
        assert_eq!(a.customers.iter().filter(|c| c.decile as usize == k + 1).count(), n);
    }
    // Each customer's reasons are the strongest pushes, largest first.
    assert!(a.customers.iter().all(|c| c.reasons.windows(2).all(|w| w[0].log_odds.abs() >= w[1].log_odds.abs())));
}

/// Online Retail, as of 2011-12-01 with a 90-day horizon, the figures of docs/predict.md (made with
/// `clientela predict ../shared/data/online_retail.csv.gz --as-of 2011-12-01 --horizon-days 90 --json`).
#[test]
fn online_retail_matches_the_documented_backtest() {
    let Some(gz) = common::online_retail_gz() else { return };
    let ds = read_bytes(&gz, IngestOptions::default()).expect("reads").0;
    let r = predict(&ds, &options("2011-12-01", 90)).expect("predicts");
    let b = r.backtest.as_ref().expect("back-test");
    assert_eq!((b.validation.customers, b.validation.positives, r.customers_scored), (3324, 1867, 4298));
    let close = |got: Option<f64>, want: f64| got.is_some_and(|g| (g - want).abs() < 0.002);
    assert!(close(b.model.auc, 0.743) && close(b.model.log_loss, 0.589), "{:?}", b.model);
    assert!(close(b.recency.auc, 0.683), "{:?}", b.recency);
    assert!(close(b.clv.and_then(|m| m.auc), 0.734), "{:?}", b.clv);
}

/// The command line: `--out` has one row per customer known at the as-of date with the documented
/// columns, in the JSON's order and with its probabilities; an error is JSON on standard error with its code and exit 5.
/// Hand-made file: 40 customers, customer `c` buys every `5 + c` days from 2021-01-01 to 2021-06-30, so
/// within 30 days the slow ones (gaps over 30 days) may not buy: both labels exist.
#[test]
fn command_line_writes_the_scores_csv_and_typed_errors() {
    let dir = std::env::temp_dir().join(format!("clientela-predict-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (file, out) = (dir.join("shop.csv"), dir.join("scores.csv"));
    let mut text = String::from("order,date,amount,customer\n");
    let (start, end) = (parse_day("2021-01-01").expect("date"), parse_day("2021-06-30").expect("date"));
    let mut order = 0;
    for c in 0..40 {
        let mut d = start + c % 7;
        while d <= end {
            order += 1;
            text += &format!("{order},{},{}.25,K{c}\n", day_string(d), 10 + c);
            d += 5 + c;
        }
    }
    std::fs::write(&file, text).expect("write");
    let (f, o) = (file.to_str().expect("utf-8"), out.to_str().expect("utf-8"));
    let run = common::cli(&["predict", f, "--as-of", "2021-07-01", "--horizon-days", "30", "--out", o, "--json"]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).expect("json");
    assert_eq!(json["customers_scored"], 40);
    let csv = std::fs::read_to_string(&out).expect("csv");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("customer,probability,expected_spend,decile,reason_1,reason_2,reason_3"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 40);
    for (row, c) in rows.iter().zip(json["customers"].as_array().expect("customers")) {
        assert_eq!(row[0], c["customer"].as_str().expect("id"));
        let p: f64 = row[1].parse().expect("probability");
        assert!((p - c["probability"].as_f64().expect("p")).abs() < 1e-6);
    }
    let run = common::cli(&["predict", f, "--as-of", "2020-06-01", "--json"]);
    assert_eq!(run.status.code(), Some(5));
    let e: serde_json::Value = serde_json::from_slice(&run.stderr).expect("json error");
    assert_eq!(e["error"]["code"], "as_of_before_data", "{e}");
    let run = common::cli(&["predict", f, "--horizon-days", "0", "--json"]);
    assert_eq!(run.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// No panic and no empty answer on any date and horizon: seeded random as-of dates (before, inside and
/// after the data) and horizons (1 day to 3 years) on a small simulated shop of 60 customers give either a
/// report that scores every customer known at the as-of date, or one of the typed errors.
#[test]
fn any_date_and_horizon_gives_a_report_or_a_typed_error() {
    let s = simulate(&SimParams { customers: 60, seed: 7, ..Default::default() });
    let ds = &s.dataset;
    let (cust, time) = (ds.customer().expect("c"), ds.time().expect("t"));
    let mut rng = clientela::rng::Rng::new(3);
    let (mut ok, mut errors) = (0, std::collections::BTreeMap::new());
    for _ in 0..150 {
        let as_of = 8766 - 900 + rng.below(1100) as i32;
        let horizon = 1 + rng.below(1095) as u32;
        match predict(ds, &options(&day_string(as_of), horizon)) {
            Ok(r) => {
                ok += 1;
                let known = History::build(ds, cust, time, as_of).known_at(as_of).len();
                assert_eq!(r.customers_scored, known);
                assert!(known > 0 && r.customers.iter().all(|c| (0.0..=1.0).contains(&c.probability) && c.expected_spend >= 0.0));
            }
            Err(e) => *errors.entry(e.code()).or_insert(0) += 1,
        }
    }
    let expected = ["as_of_before_data", "no_training_window", "one_class", "too_few_customers"];
    assert!(errors.keys().all(|k| expected.contains(k)), "{errors:?}");
    assert!(ok > 10 && errors.len() >= 3, "{ok} reports, errors {errors:?}");
}

/// Without the back-test (`backtest: false`, `--no-backtest`) the report has no check and says why, and the
/// scores are the same, bit for bit: the final model learns from the same window either way (the back-test
/// only measures it).
#[test]
fn without_the_backtest_the_scores_are_the_same() {
    let s = shop();
    let with = predict(&s.dataset, &options("2024-01-01", 60)).expect("predicts");
    let without = predict(&s.dataset, &PredictOptions { backtest: Some(false), ..options("2024-01-01", 60) }).expect("predicts");
    assert!(with.backtest.is_some() && without.backtest.is_none());
    let n = without.warnings.iter().find(|w| w.code == "no_backtest").expect("the warning");
    assert_eq!(n.params["reason"], "not_asked");
    assert_eq!(with.customers, without.customers);
    assert_eq!((with.expected_positives, with.expected_spend), (without.expected_positives, without.expected_spend));
}
