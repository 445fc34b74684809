//! Segmentation: brute-force references on random inputs, the edge cases that must not panic, agreement
//! with the data report, the `segment` command, and an independent reference computation for the Online
//! Retail file (tests/reference/segment_reference.py).

use crate::common;

use std::sync::OnceLock;

use clientela::dataset::{Dataset, Layout};
use clientela::error::ErrorCode;
use clientela::ingest::{IngestOptions, read_bytes};
use clientela::segment::concentration::{self, decile_sizes, deciles, gini, purchase_deciles, rank_best_first};
use clientela::segment::rfm::quintile_scores;
use clientela::segment::{AnalysisError, SegmentOptions, export, segment};
use proptest::prelude::*;

/// Revenues with many ties (small integers and a few repeated amounts), plus distinct tie ranks.
fn revenues() -> impl Strategy<Value = (Vec<f64>, Vec<u32>)> {
    prop::collection::vec(prop_oneof![0u32..5, 0u32..100_000], 0..300).prop_flat_map(|raw| {
        let n = raw.len();
        let v: Vec<f64> = raw.iter().map(|&x| x as f64 / 100.0).collect();
        (Just(v), Just((0..n as u32).collect::<Vec<u32>>()).prop_shuffle())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn deciles_partition_and_match_a_plain_sort((v, tie) in revenues()) {
        let best = rank_best_first(&v, &tie);
        // Reference: sort (−value, tie) pairs the obvious way.
        let mut naive: Vec<usize> = (0..v.len()).collect();
        naive.sort_by(|&a, &b| v[b].partial_cmp(&v[a]).unwrap().then(tie[a].cmp(&tie[b])));
        prop_assert_eq!(best.iter().map(|&i| i as usize).collect::<Vec<_>>(), naive.clone());
        let sorted: Vec<f64> = naive.iter().map(|&i| v[i]).collect();
        let d = deciles(&sorted, None);
        prop_assert_eq!(d.len(), 10);
        let sizes: Vec<u64> = d.iter().map(|r| r.customers).collect();
        prop_assert_eq!(sizes.iter().sum::<u64>(), v.len() as u64);
        prop_assert!(sizes.windows(2).all(|w| w[0] >= w[1] && w[0] - w[1] <= 1), "{:?}", sizes);
        prop_assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
        let total: f64 = v.iter().sum();
        let mut start = 0;
        for r in &d {
            let expect: f64 = sorted[start..start + r.customers as usize].iter().sum();
            start += r.customers as usize;
            prop_assert!((r.revenue - expect).abs() <= 1e-9 * total.max(1.0));
        }
        if total > 0.0 {
            let shares: f64 = d.iter().map(|r| r.revenue_share).sum();
            prop_assert!((shares - 1.0).abs() < 1e-9);
            prop_assert!((d[9].cumulative_share - 1.0).abs() < 1e-9);
            // Best first: each decile's revenue is at least the next one's.
            prop_assert!(d.windows(2).all(|w| w[0].revenue >= w[1].revenue || w[1].customers == 0));
        }
        let p = purchase_deciles(&sorted);
        prop_assert_eq!(p.iter().map(|r| r.customers).sum::<u64>(), v.len() as u64);
    }

    #[test]
    fn gini_equals_mean_absolute_difference((v, _tie) in revenues()) {
        let mut asc = v.clone();
        asc.sort_by(f64::total_cmp);
        let g = gini(&asc);
        prop_assert!((0.0..=1.0).contains(&g));
        let n = v.len() as f64;
        let total: f64 = v.iter().sum();
        // O(n²) reference: ΣᵢΣⱼ |xᵢ − xⱼ| / (2 n² x̄) = ΣᵢΣⱼ |xᵢ − xⱼ| / (2 n Σx).
        let reference = if total > 0.0 {
            let mad: f64 = v.iter().map(|a| v.iter().map(|b| (a - b).abs()).sum::<f64>()).sum();
            mad / (2.0 * n * total)
        } else {
            0.0
        };
        prop_assert!((g - reference).abs() < 1e-9, "{} vs {}", g, reference);
    }

    #[test]
    fn quintile_scores_match_rank_counting((v, tie) in revenues()) {
        let s = quintile_scores(&v, &tie);
        let n = v.len();
        for i in 0..n {
            prop_assert!((1..=5).contains(&s[i]));
            // Reference: the rank is the number of customers before i in (value, tie) order.
            let rank = (0..n).filter(|&j| (v[j], tie[j]) < (v[i], tie[i])).count();
            prop_assert_eq!(s[i] as usize, 5 * rank / n + 1);
        }
        for i in 0..n {
            for j in 0..n {
                if v[i] < v[j] {
                    prop_assert!(s[i] <= s[j], "monotone");
                }
            }
        }
        // Every score holds n/5 customers, ±1.
        for k in 1..=5u8 {
            let c = s.iter().filter(|&&x| x == k).count();
            prop_assert!(c.abs_diff(n / 5) <= 1, "score {} has {} of {}", k, c, n);
        }
    }
}

#[test]
fn decile_sizes_for_every_small_n() {
    for n in 0..100 {
        let s = decile_sizes(n);
        assert_eq!(s.iter().sum::<usize>(), n);
        assert!(s.windows(2).all(|w| w[0] >= w[1] && w[0] - w[1] <= 1));
    }
}

fn table(customers: &[&str], days: &[i32], prices: &[f64]) -> Dataset {
    let mut ds = Dataset::new(Layout::LineItems);
    ds.len = customers.len();
    let customer = Some(customers.iter().map(|c| ds.customers.intern(c.as_bytes())).collect());
    ds.item = vec![ds.items.intern(b"x"); customers.len()];
    let time = Some(days.iter().map(|d| d * 86_400).collect());
    assert!(ds.set_keys(clientela::dataset::RowKeys { customer, time, ..Default::default() }));
    ds.quantity = Some(vec![1.0; customers.len()].into());
    ds.price = Some(prices.to_vec().into());
    ds
}

#[test]
fn edge_cases_do_not_panic() {
    let o = SegmentOptions::default();
    // Empty table with the columns.
    let s = segment(&table(&[], &[], &[]), &o).unwrap();
    assert_eq!((s.report.customers, s.report.revenue, s.report.gini, s.report.as_of.clone()), (0, 0.0, 0.0, None));
    assert_eq!(s.report.deciles.len(), 10);
    assert_eq!(s.report.rfm_segments.iter().map(|r| r.customers).sum::<u64>(), 0);
    // One customer: every score 1 (rank 0), segment Lost, decile 1 holds everything.
    let s = segment(&table(&["a"], &[3], &[9.5]), &o).unwrap();
    assert_eq!((s.scores.r[0], s.scores.f[0], s.scores.m[0]), (1, 1, 1));
    assert_eq!((s.report.deciles[0].customers, s.report.deciles[0].revenue_share), (1, 1.0));
    assert_eq!(s.report.gini, 0.0);
    assert_eq!(s.report.profitable_classes.classes[0].customers, 1);
    // All equal values: Gini 0, scores by id, sizes even.
    let ids: Vec<String> = (0..50).map(|i| format!("c{i:02}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let s = segment(&table(&refs, &[1; 50], &[2.0; 50]), &o).unwrap();
    assert_eq!(s.report.gini, 0.0);
    assert!(s.report.deciles.iter().all(|d| d.customers == 5 && (d.revenue_share - 0.1).abs() < 1e-12));
    assert_eq!(s.scores.m[0], 1, "c00 has the lowest id: lowest rank among equals");
    assert_eq!(s.scores.m[49], 5);
    // NaN amounts: the line is a purchase worth nothing.
    let s = segment(&table(&["a", "b", "b"], &[1, 2, 3], &[f64::NAN, 1.0, f64::NAN]), &o).unwrap();
    assert_eq!((s.report.customers, s.report.revenue, s.report.purchases_without_amount), (2, 1.0, 2));
    assert!(s.report.gini.is_finite() && s.report.lorenz.iter().all(|p| p.revenue_share.is_finite()));
    // A bad as-of date and bad class shares are parameter errors.
    let bad = SegmentOptions { as_of: Some("2011-13-01".into()), ..Default::default() };
    assert_eq!(segment(&table(&["a"], &[3], &[1.0]), &bad).unwrap_err().code(), "bad_parameter");
    let bad = SegmentOptions { classes: Some(concentration::ClassParams { top_share: 2.0, next_share: 0.5 }), ..Default::default() };
    assert!(matches!(segment(&table(&["a"], &[3], &[1.0]), &bad), Err(AnalysisError::BadParameter(_))));
}

#[test]
fn agrees_with_the_data_report_on_a_synthetic_shop() {
    let bytes = clientela::synth::csv_bytes(&clientela::synth::ShopParams { rows: 30_000, seed: 5, ..Default::default() });
    let (data, report) = read_bytes(&bytes, IngestOptions::default()).unwrap();
    let s = segment(&data, &SegmentOptions::default()).unwrap();
    let r = &s.report;
    // The data report counts customers over all used lines and revenue over all purchases.
    assert_eq!(r.customers + r.customers_without_purchases, report.summary.customers);
    assert_eq!(r.excluded_no_customer, report.lines.no_customer);
    assert!((r.revenue + r.excluded_no_customer_revenue - report.lines.revenue).abs() < 1e-6 * report.lines.revenue);
    assert!((r.excluded_no_customer_revenue - report.lines.no_customer_revenue).abs() < 1e-6);
    assert_eq!(r.deciles.iter().map(|d| d.customers).sum::<u64>(), r.customers);
    assert_eq!(r.rfm_segments.iter().map(|d| d.customers).sum::<u64>(), r.customers);
    assert_eq!(r.rfm_grid.iter().map(|d| d.customers).sum::<u64>(), r.customers);
    assert!(r.lorenz.len() <= 201 && r.lorenz.len() >= 2);
    // Profile invariants.
    for c in &s.profiles.rows {
        assert!(c.recency_days >= 1 && c.frequency >= 1 && c.tenure_days >= 0);
        assert!(c.purchase_days <= c.frequency && c.frequency <= c.purchase_lines);
        assert!((c.spend_first_half + c.spend_second_half - c.monetary).abs() < 1e-6);
    }
    // Same input, same report.
    let again = segment(&data, &SegmentOptions::default()).unwrap();
    assert_eq!(serde_json::to_string(&again.report).unwrap(), serde_json::to_string(r).unwrap());
}

const SHOP: &str = "\
InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
1,A,2,2011-01-01 10:00,5.00,c1,=1+1
2,A,1,2011-01-04 09:00,5.00,c1,UK
5,A,3,2011-01-02 08:00,5.00,=HYPERLINK(\"x\"),@SUM(A1)
6,B,1,2011-01-03 08:00,2.50,-5,UK
";

#[test]
fn csv_export_protects_text_cells_and_keeps_numbers() {
    let (data, _) = read_bytes(SHOP.as_bytes(), IngestOptions::default()).unwrap();
    let s = segment(&data, &SegmentOptions::default()).unwrap();
    let mut out = Vec::new();
    export::write_customers_csv(&mut out, &data, &s).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header = rdr.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][col("customer")], "c1");
    assert_eq!(&rows[0][col("Country")], "'=1+1");
    assert_eq!(&rows[0][col("monetary")], "15");
    assert_eq!(&rows[1][col("customer")], "'=HYPERLINK(\"x\")");
    assert_eq!(&rows[1][col("Country")], "'@SUM(A1)");
    assert_eq!(&rows[2][col("customer")], "'-5");
    assert_eq!(&rows[2][col("monetary")], "2.5");
    for r in &rows {
        assert!(r[col("r")].parse::<u8>().is_ok() && !r[col("segment")].is_empty());
    }
    assert_eq!(export::safe_text("\tx"), "'\tx");
    assert_eq!(export::safe_text("\rx"), "'\rx");
    assert_eq!(export::safe_text("x=1"), "x=1");
}

fn run(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_clientela")).args(args).output().expect("the CLI runs")
}

#[test]
fn segment_command_json_text_csv_and_errors() {
    let dir = std::env::temp_dir().join(format!("clientela-segment-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("shop.csv");
    std::fs::write(&input, SHOP).unwrap();
    let out_csv = dir.join("customers.csv");
    let o = run(&["segment", input.to_str().unwrap(), "--json", "--as-of", "2011-01-05", "--out", out_csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for key in [
        "customers",
        "revenue",
        "gini",
        "deciles",
        "rfm_segments",
        "excluded_no_customer",
        "as_of",
        "purchase_deciles",
        "lorenz",
        "top_shares",
        "rfm_grid",
        "profitable_classes",
    ] {
        assert!(v.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(v["as_of"], "2011-01-05");
    assert_eq!(v["customers"], 3);
    assert_eq!(v["revenue"], 32.5, "15 + 15 + 2.5");
    for key in ["decile", "customers", "revenue", "revenue_share", "cumulative_share"] {
        assert!(v["deciles"][0].get(key).is_some(), "deciles[0].{key}");
    }
    for key in ["name", "customers", "revenue_share"] {
        assert!(v["rfm_segments"][0].get(key).is_some(), "rfm_segments[0].{key}");
    }
    assert!(std::fs::read_to_string(&out_csv).unwrap().starts_with("customer,"));
    let o = run(&["segment", input.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("RFM segments"));
    // No customer column: a clear message and exit code 5 (an analysis declined; src/bin/clientela.rs exit_code).
    let plain = dir.join("nocustomer.csv");
    std::fs::write(&plain, "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice\n1,A,1,2011-01-01,2.0\n").unwrap();
    let o = run(&["segment", plain.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&o.stderr).contains("customer column"), "{}", String::from_utf8_lossy(&o.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The Online Retail file, read once.
fn online_retail() -> Option<&'static Dataset> {
    static DATA: OnceLock<Option<Dataset>> = OnceLock::new();
    DATA.get_or_init(|| {
        let gz = common::online_retail_gz()?;
        Some(clientela::ingest::read_bytes(&gz, IngestOptions::default()).expect("Online Retail reads").0)
    })
    .as_ref()
}

/// Expected values from the independent Python reference, run from the repository root:
///
/// ```text
/// python3 tests/reference/segment_reference.py ../shared/data/online_retail.csv.gz
/// ```
/// (Python 3.11.7, stdlib only). It printed: customers_any_line 4372, customers 4338, revenue
/// 8911407.903999995, gini 0.7151396179369519, as_of 2011-12-10, the decile table below, and the RFM
/// segment sizes below. 4,338 is also the commonly cited number of customers with purchases.
#[test]
fn online_retail_matches_the_python_reference() {
    let Some(data) = online_retail() else { return };
    let s = segment(data, &SegmentOptions::default()).unwrap();
    let r = &s.report;
    let cents = |v: f64| (v * 100.0).round() as i64;
    assert_eq!(r.customers, 4_338);
    assert_eq!(r.customers + r.customers_without_purchases, 4_372);
    assert_eq!(cents(r.revenue), 891_140_790);
    assert!((r.gini - 0.7151396179369519).abs() < 1e-9, "gini {}", r.gini);
    assert_eq!(r.as_of.as_deref(), Some("2011-12-10"));
    // (customers, revenue, cumulative_share) per decile, from the reference.
    let expected: [(u64, f64, f64); 10] = [
        (434, 5469382.459999993, 0.6137506574628901),
        (434, 1180055.001, 0.7461713718676609),
        (434, 728457.38, 0.8279157368263139),
        (434, 491753.7100000001, 0.8830982304678933),
        (434, 344466.8609999998, 0.9217528251975746),
        (434, 252716.6309999998, 0.9501116023652727),
        (434, 179720.00100000008, 0.9702790105836004),
        (434, 132016.26000000007, 0.9850933094488497),
        (433, 86895.43999999997, 0.9948443432850401),
        (433, 45944.16000000005, 0.9999999999999996),
    ];
    for (d, (n, rev, cum)) in r.deciles.iter().zip(expected) {
        assert_eq!(d.customers, n, "decile {}", d.decile);
        assert_eq!(cents(d.revenue), cents(rev), "decile {}", d.decile);
        assert!((d.cumulative_share - cum).abs() < 1e-9, "decile {}", d.decile);
    }
    let segments = [
        ("About to sleep", 299),
        ("At risk", 774),
        ("Can't lose them", 11),
        ("Champions", 468),
        ("Hibernating", 255),
        ("Lost", 696),
        ("Loyal", 1079),
        ("Need attention", 195),
        ("New", 20),
        ("Potential loyalists", 491),
        ("Promising", 50),
    ];
    for (name, n) in segments {
        let row = r.rfm_segments.iter().find(|x| x.name == name).unwrap();
        assert_eq!(row.customers, n, "{name}");
    }
    assert_eq!(r.excluded_no_customer, 135_080);
}

/// Rules, triggers and clusters through the command line. Expected values by hand from `SHOP`, as of
/// 2011-01-05 (exclusive): c1 bought 2 × 5 = 10 on 2011-01-01 and 5 on 2011-01-04 (2 orders, total 15);
/// `=HYPERLINK("x")` 15 on 2011-01-02 08:00; `-5` 2.50 on 2011-01-03. Rule `frequency >= 2` labels c1
/// only. A cumulative spend of 12 within the last 2 days (from 2011-01-02 23:59:59): c1 crosses it on
/// 2011-01-04 09:00 (10 before, 15 after); `=HYPERLINK("x")` crossed it before the window.
#[test]
fn segment_command_rules_triggers_clusters() {
    let dir = std::env::temp_dir().join(format!("clientela-segment-groups-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("shop.csv");
    std::fs::write(&input, SHOP).unwrap();
    let out_csv = dir.join("customers.csv");
    let file = input.to_str().unwrap();
    let o = run(&[
        "segment",
        file,
        "--json",
        "--as-of",
        "2011-01-05",
        "--rules",
        "frequency >= 2 -> \"Repeat\"; else \"Once\"",
        "--trigger-amount",
        "12",
        "--trigger-days",
        "2",
        "--out",
        out_csv.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let labels = &v["rule_segments"]["labels"];
    assert_eq!(labels[0]["label"], "Repeat");
    assert_eq!(labels[0]["customers"], 1);
    assert_eq!(labels[1]["customers"], 2);
    let t = &v["triggers"]["customers"];
    assert_eq!(t.as_array().unwrap().len(), 1);
    assert_eq!(t[0]["customer"], "c1");
    assert_eq!(t[0]["crossed_at"], "2011-01-04 09:00:00");
    assert_eq!(t[0]["before"], 10.0);
    assert_eq!(t[0]["total"], 15.0);
    // Three customers: clustering runs over k = 2 only (fewer distinct rows end the curve).
    assert!(v["clusters"]["best_k"].as_u64().unwrap() >= 2, "{}", v["clusters"]);
    let csv = std::fs::read_to_string(&out_csv).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    assert!(header.contains(&"cluster") && header.contains(&"rule_segment"));
    let col = header.iter().position(|h| *h == "rule_segment").unwrap();
    let c1 = csv.lines().find(|l| l.starts_with("c1,")).unwrap();
    assert_eq!(c1.split(',').nth(col), Some("Repeat"));
    // Clustering off: the key is null.
    let o = run(&["segment", file, "--json", "--no-clusters"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["clusters"].is_null());
    // A bad rule: exit code 2 and where the problem is.
    let o = run(&["segment", file, "--rules", "frequency >> 2 -> \"x\""]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("line 1, column 12"), "{}", String::from_utf8_lossy(&o.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}
