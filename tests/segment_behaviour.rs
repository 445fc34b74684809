//! Spend bands, band migration, lifecycle stages, returning rate, cohorts, high affinity and price
//! sensitivity: tiny shops worked out by hand, brute-force references on random shops (proptest), the
//! `segment` command's new options, and the Online Retail file reconciling.

use crate::common;

use chrono::{Datelike, Duration, NaiveDate};
use clientela::dataset::Dataset;
use clientela::error::ErrorCode;
use clientela::ingest::{IngestOptions, read_bytes};
use clientela::segment::bands::BandPeriod;
use clientela::segment::lifecycle::Stage;
use clientela::segment::{SegmentOptions, Segmentation, export, segment};
use proptest::prelude::*;

const HEADER: &str = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n";

/// A shop from `(customer, date, amount)` purchases, one order per line.
fn shop(lines: &[(&str, NaiveDate, f64)]) -> Dataset {
    let mut csv = String::from(HEADER);
    for (i, (c, d, a)) in lines.iter().enumerate() {
        csv.push_str(&format!("{},A,1,{},{a},{c}\n", i + 1, d.format("%Y-%m-%d")));
    }
    read_bytes(csv.as_bytes(), IngestOptions::default()).expect("the shop reads").0
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn row_of(ds: &Dataset, s: &Segmentation, id: &str) -> usize {
    s.profiles.rows.iter().position(|c| ds.customers.get(c.customer) == id).unwrap()
}

fn with_as_of(as_of: &str) -> SegmentOptions {
    SegmentOptions { as_of: Some(as_of.into()), ..Default::default() }
}

/// The issue's examples, as-of 2012-01-01 (dates counted back by hand with chrono):
/// - `weekly`: every week for 12 weeks, last purchase 21 days ago; usual interval 7, 21 > 2 × 7 → lapsing;
/// - `once`: one purchase 200 days ago → lapsed (beyond 180);
/// - `back`: bought 400 and 380 days ago, then after a 360-day gap 20 days ago → won back;
/// - `newbie`: first purchase 10 days ago → new;
/// - `steady`: every 10 days for a year, last purchase 5 days ago → active.
#[test]
fn stages_of_the_issue_examples() {
    let as_of = date("2012-01-01");
    let ago = |d: i64| as_of - Duration::days(d);
    let mut lines = Vec::new();
    for k in 0..13 {
        lines.push(("weekly", ago(21 + 7 * k), 10.0));
    }
    lines.push(("once", ago(200), 50.0));
    lines.extend([("back", ago(400), 5.0), ("back", ago(380), 5.0), ("back", ago(20), 5.0)]);
    lines.push(("newbie", ago(10), 7.0));
    for k in 0..37 {
        lines.push(("steady", ago(5 + 10 * k), 1.0));
    }
    let ds = shop(&lines);
    let s = segment(&ds, &with_as_of("2012-01-01")).unwrap();
    let stage = |id| s.stage[row_of(&ds, &s, id)];
    assert_eq!(stage("weekly"), Stage::Lapsing);
    assert_eq!(stage("once"), Stage::Lapsed);
    assert_eq!(stage("back"), Stage::WonBack);
    assert_eq!(stage("newbie"), Stage::New);
    assert_eq!(stage("steady"), Stage::Active);
    // One customer per stage; revenue by stage from the lines above.
    let l = &s.report.lifecycle;
    assert!(l.stages.iter().all(|r| r.customers == 1 && (r.customer_share - 0.2).abs() < 1e-12));
    let rev = |st: Stage| l.stages.iter().find(|r| r.stage == st).unwrap().revenue;
    assert_eq!(
        (rev(Stage::Lapsing), rev(Stage::Lapsed), rev(Stage::WonBack), rev(Stage::New), rev(Stage::Active)),
        (130.0, 50.0, 15.0, 7.0, 37.0)
    );
    // Stricter lapse multiple: 21 days is not more than 3 × 7 → active.
    let mut o = with_as_of("2012-01-01");
    o.lifecycle = Some(clientela::segment::lifecycle::LifecycleParams { lapse_multiple: 3.0, ..Default::default() });
    let s3 = segment(&ds, &o).unwrap();
    assert_eq!(s3.stage[row_of(&ds, &s3, "weekly")], Stage::Active);
    // High affinity: top ceil(0.2 × 5) = 1 customer by frequency is `steady` (37 orders), tenure 360 ≥ 180.
    assert_eq!(s.report.high_affinity.customers, 1);
    assert!(s.high_affinity[row_of(&ds, &s, "steady")]);
    assert_eq!(s.report.high_affinity.min_frequency, 37);
}

/// Band edges 0, 10, 50 over the whole period: lower edge inclusive, upper exclusive. Spend 0 is possible
/// only with unknown amounts, so the amounts here are 9.99, 10, 49.99, 50 and 1000 (by hand: bands
/// 0–10: {9.99}, 10–50: {10, 49.99}, 50+: {50, 1000}).
#[test]
fn band_edges_inclusive_below_exclusive_above() {
    let d = date("2011-03-01");
    let ds = shop(&[("a", d, 9.99), ("b", d, 10.0), ("c", d, 49.99), ("d", d, 50.0), ("e", d, 1000.0)]);
    let o = SegmentOptions { band_period: Some(BandPeriod::Period), band_edges: Some(vec![0.0, 10.0, 50.0]), ..Default::default() };
    let s = segment(&ds, &o).unwrap();
    let b = &s.report.spend_bands;
    assert!(b.custom_edges);
    let counts: Vec<u64> = b.bands.iter().map(|r| r.customers).collect();
    assert_eq!(counts, vec![1, 2, 2]);
    let labels: Vec<&str> = b.bands.iter().map(|r| r.band.as_str()).collect();
    assert_eq!(labels, vec!["0–10", "10–50", "50+"]);
    assert_eq!(b.bands[2].revenue, 1050.0);
    assert!((b.bands[2].revenue_share - 1050.0 / 1119.98).abs() < 1e-12);
    assert!((b.bands.iter().map(|r| r.customer_share).sum::<f64>() - 1.0).abs() < 1e-12);
    // Per month: the window is one day, counted as one month, so the bands are the same.
    let o = SegmentOptions { band_period: Some(BandPeriod::Month), ..o };
    assert_eq!(segment(&ds, &o).unwrap().report.spend_bands.bands.iter().map(|r| r.customers).collect::<Vec<_>>(), vec![1, 2, 2]);
    // Bad edges are typed parameter errors.
    for bad in [vec![], vec![10.0, 10.0], vec![5.0, 1.0], vec![0.0, f64::NAN]] {
        let o = SegmentOptions { band_edges: Some(bad.clone()), ..Default::default() };
        let e = segment(&ds, &o).unwrap_err();
        assert_eq!(e.code(), "bad_parameter", "{bad:?}");
        assert!(e.to_string().contains("band_edges"));
    }
}

/// Per week and per month over a window of exactly 70 days (2011-01-01 to as-of 2011-03-12): 10 weeks and
/// 70 / 30.436875 = 2.2998 months. A customer with 100 spends 10 a week (band 10–25 of the weekly
/// ladder, lower edge inclusive) and 43.48 a month (band 25–50 of the monthly ladder).
#[test]
fn spend_per_week_and_month_divide_by_the_window() {
    let ds = shop(&[("a", date("2011-01-01"), 100.0), ("b", date("2011-03-11"), 1.0)]);
    let mut o = with_as_of("2011-03-12");
    o.band_period = Some(BandPeriod::Week);
    let s = segment(&ds, &o).unwrap();
    assert_eq!(s.report.spend_bands.periods_in_window, 10.0);
    assert_eq!(s.report.spend_bands.bands[s.band[0] as usize].band, "10–25");
    o.band_period = Some(BandPeriod::Month);
    let s = segment(&ds, &o).unwrap();
    assert!((s.report.spend_bands.periods_in_window - 70.0 / 30.436875).abs() < 1e-12);
    assert_eq!(s.report.spend_bands.bands[s.band[0] as usize].band, "25–50");
    assert_eq!(s.report.spend_bands.bands.len(), 11);
}

/// Migration split at 2011-02-01 over 2011-01-01 .. as-of 2011-03-01, whole-period bands 0, 10, 50:
/// `a` 5 before and 20 after (0–10 → 10–50, up), `b` 60 before only (50+ → none, stopped), `c` 30 after
/// only (none → 10–50, started), `d` 20 + 20 before and 15 after (10–50 → 10–50, stayed),
/// `e` 70 before and 8 after (50+ → 0–10, down).
#[test]
fn migration_by_hand_and_reconciles() {
    let (jan, feb) = (date("2011-01-05"), date("2011-02-10"));
    let ds = shop(&[
        ("a", jan, 5.0),
        ("a", feb, 20.0),
        ("b", jan, 60.0),
        ("c", feb, 30.0),
        ("d", jan, 20.0),
        ("d", jan + Duration::days(1), 20.0),
        ("d", feb, 15.0),
        ("e", jan, 70.0),
        ("e", feb, 8.0),
        ("z", date("2011-01-01"), 1.0),
        ("z", date("2011-02-28"), 1.0),
    ]);
    let o = SegmentOptions {
        as_of: Some("2011-03-01".into()),
        band_period: Some(BandPeriod::Period),
        band_edges: Some(vec![0.0, 10.0, 50.0]),
        split_date: Some("2011-02-01".into()),
        ..Default::default()
    };
    let m = segment(&ds, &o).unwrap().report.band_migration;
    assert_eq!(m.split_date.as_deref(), Some("2011-02-01"));
    assert_eq!(m.labels, vec!["0–10", "10–50", "50+", "none"]);
    // z: 1 before and 1 after (0–10 → 0–10).
    assert_eq!(m.matrix, vec![vec![1, 1, 0, 0], vec![0, 1, 0, 0], vec![1, 0, 0, 1], vec![0, 1, 0, 0]]);
    assert_eq!((m.stayed, m.moved_up, m.moved_down, m.started, m.stopped), (2, 1, 1, 1, 1));
    assert_eq!(m.matrix.iter().flatten().sum::<u64>(), 6);
    assert_eq!(m.customers, 6);
    // The split must lie inside the window.
    for bad in ["2010-12-01", "2011-01-01", "2011-03-01", "2011-02-30"] {
        let o = SegmentOptions { split_date: Some(bad.into()), ..o.clone() };
        let e = segment(&ds, &o).unwrap_err();
        assert!(e.to_string().starts_with("split_date"), "{bad}: {e}");
    }
}

/// Random shops: customers `c0..c9` buying on random days of 2010-11-20 .. 2012-02-10.
fn random_shop() -> impl Strategy<Value = Vec<(u8, i64, u32)>> {
    prop::collection::vec((0u8..10, 0i64..448, 1u32..5000), 1..80)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Cohorts, returning rate and stage totals against a brute-force recomputation with chrono dates.
    #[test]
    fn cohorts_and_returning_rate_match_brute_force(raw in random_shop(), months in 0u32..6) {
        let base = date("2010-11-20");
        let lines: Vec<(String, NaiveDate, f64)> =
            raw.iter().map(|&(c, d, a)| (format!("c{c}"), base + Duration::days(d), a as f64 / 100.0)).collect();
        let refs: Vec<(&str, NaiveDate, f64)> = lines.iter().map(|(c, d, a)| (c.as_str(), *d, *a)).collect();
        let ds = shop(&refs);
        let o = SegmentOptions {
            lifecycle: Some(clientela::segment::lifecycle::LifecycleParams { cohort_months: months, ..Default::default() }),
            ..Default::default()
        };
        let s = segment(&ds, &o).unwrap();
        let r = &s.report;
        let month = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
        let label = |m: i32| format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1);
        // Brute force: each customer's set of purchase months.
        let mut per: std::collections::BTreeMap<&str, std::collections::BTreeSet<i32>> = Default::default();
        for (c, d, _) in &refs {
            per.entry(c).or_default().insert(month(*d));
        }
        let (Some(lo), Some(hi)) = (refs.iter().map(|l| month(l.1)).min(), refs.iter().map(|l| month(l.1)).max()) else {
            prop_assert!(r.cohorts.rows.is_empty() && r.returning_rate.is_empty());
            return Ok(());
        };
        // Returning rate: every month of the window (the as-of date is the day after the last date).
        prop_assert_eq!(r.returning_rate.len() as i32, hi - lo + 1);
        for (i, row) in r.returning_rate.iter().enumerate() {
            let m = lo + i as i32;
            prop_assert_eq!(&row.month, &label(m));
            let buyers: Vec<_> = per.values().filter(|ms| ms.contains(&m)).collect();
            let returning = buyers.iter().filter(|ms| *ms.iter().next().unwrap() < m).count();
            prop_assert_eq!(row.customers, buyers.len() as u64);
            prop_assert_eq!(row.returning, returning as u64);
        }
        // Cohorts: rows for months with a first purchase, columns k = 0..=min(months, hi − cohort).
        let cohorts: std::collections::BTreeSet<i32> = per.values().map(|ms| *ms.iter().next().unwrap()).collect();
        prop_assert_eq!(r.cohorts.rows.len(), cohorts.len());
        for (row, &cm) in r.cohorts.rows.iter().zip(&cohorts) {
            prop_assert_eq!(&row.cohort, &label(cm));
            let members: Vec<_> = per.values().filter(|ms| *ms.iter().next().unwrap() == cm).collect();
            prop_assert_eq!(row.customers, members.len() as u64);
            let cols = (months as i32).min(hi - cm) + 1;
            prop_assert_eq!(row.counts.len() as i32, cols);
            for k in 0..cols {
                let n = members.iter().filter(|ms| ms.contains(&(cm + k))).count() as u64;
                prop_assert_eq!(row.counts[k as usize], n);
                prop_assert!((row.shares[k as usize] - n as f64 / members.len() as f64).abs() < 1e-12);
            }
        }
        // Reconciliation: stages, bands and migration cover every customer once.
        let n = r.customers;
        prop_assert_eq!(n as usize, per.len());
        prop_assert_eq!(r.lifecycle.stages.iter().map(|x| x.customers).sum::<u64>(), n);
        prop_assert_eq!(r.spend_bands.bands.iter().map(|x| x.customers).sum::<u64>(), n);
        prop_assert_eq!(r.band_migration.matrix.iter().flatten().sum::<u64>(), n);
        prop_assert!((r.spend_bands.bands.iter().map(|x| x.revenue).sum::<f64>() - r.revenue).abs() < 1e-6);
        // The purchase days gathered for the stages are the profile's.
        let pd = clientela::segment::lifecycle::PurchaseDays::build(&ds, &s.profiles);
        for (i, c) in s.profiles.rows.iter().enumerate() {
            prop_assert_eq!(pd.of(i).len() as u32, c.purchase_days);
        }
    }

    /// Spend bands and the migration matrix against a brute-force recomputation: per customer, sums
    /// before and after the split from the raw lines, and the band found by a linear scan of the edges.
    #[test]
    fn bands_and_migration_match_brute_force(
        raw in random_shop(),
        gaps in prop::collection::vec(1u32..3000, 1..6),
        split in 1i64..447,
        period in prop_oneof![Just(BandPeriod::Week), Just(BandPeriod::Month), Just(BandPeriod::Period)],
    ) {
        let base = date("2010-11-20");
        let lines: Vec<(String, NaiveDate, f64)> =
            raw.iter().map(|&(c, d, a)| (format!("c{c}"), base + Duration::days(d), a as f64 / 100.0)).collect();
        let mut refs: Vec<(&str, NaiveDate, f64)> = lines.iter().map(|(c, d, a)| (c.as_str(), *d, *a)).collect();
        // Anchor the window: first day `base`, as-of the day after base + 447.
        refs.push(("anchor", base, 1.0));
        refs.push(("anchor", base + Duration::days(447), 1.0));
        let ds = shop(&refs);
        // Edges from positive gaps (in cents): strictly increasing, starting at 0.
        let mut edges = vec![0.0];
        for g in &gaps {
            edges.push(edges.last().unwrap() + *g as f64 / 100.0);
        }
        let split_day = base + Duration::days(split);
        let o = SegmentOptions {
            band_period: Some(period),
            band_edges: Some(edges.clone()),
            split_date: Some(split_day.format("%Y-%m-%d").to_string()),
            ..Default::default()
        };
        let s = segment(&ds, &o).unwrap();
        let per = |days: i64| -> f64 {
            match period {
                BandPeriod::Week => (days as f64 / 7.0).max(1.0),
                BandPeriod::Month => (days as f64 / (365.2425 / 12.0)).max(1.0),
                BandPeriod::Period => 1.0,
            }
        };
        let band = |x: f64| -> usize {
            let mut b = 0;
            for (i, e) in edges.iter().enumerate() {
                if x >= *e {
                    b = i;
                }
            }
            b
        };
        let (window, before_days, after_days) = (448, split, 448 - split);
        let none = edges.len();
        let mut expected = vec![vec![0u64; none + 1]; none + 1];
        let mut band_counts = vec![0u64; none];
        let customers: std::collections::BTreeSet<&str> = refs.iter().map(|l| l.0).collect();
        for c in &customers {
            let mine: Vec<_> = refs.iter().filter(|l| l.0 == *c).collect();
            let total: f64 = mine.iter().map(|l| l.2).sum();
            band_counts[band(total / per(window))] += 1;
            let before: Vec<_> = mine.iter().filter(|l| l.1 < split_day).collect();
            let after: Vec<_> = mine.iter().filter(|l| l.1 >= split_day).collect();
            let b = if before.is_empty() { none } else { band(before.iter().map(|l| l.2).sum::<f64>() / per(before_days)) };
            let a = if after.is_empty() { none } else { band(after.iter().map(|l| l.2).sum::<f64>() / per(after_days)) };
            expected[b][a] += 1;
        }
        let r = &s.report;
        prop_assert_eq!(r.spend_bands.bands.iter().map(|b| b.customers).collect::<Vec<_>>(), band_counts);
        prop_assert_eq!(&r.band_migration.matrix, &expected);
        prop_assert_eq!(r.band_migration.customers, customers.len() as u64);
        let m = &r.band_migration;
        prop_assert_eq!(m.stayed + m.moved_up + m.moved_down + m.started + m.stopped, m.customers);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// Any thresholds, including the extremes, give a report that reconciles; none panics.
    #[test]
    fn any_thresholds_reconcile(
        raw in random_shop(),
        days in prop::collection::vec(prop_oneof![Just(0u32), Just(u32::MAX), 0u32..400], 6),
        multiple in prop_oneof![Just(f64::MIN_POSITIVE), Just(1e300), 0.1f64..10.0],
        share in prop_oneof![Just(1.0), Just(f64::MIN_POSITIVE), 0.01f64..1.0],
        cohort_months in prop_oneof![Just(0u32), Just(1200u32), 0u32..30],
        as_of in prop_oneof![Just(None), Just(Some("1990-01-01")), Just(Some("2011-06-01")), Just(Some("2030-01-01"))],
    ) {
        let base = date("2010-11-20");
        let lines: Vec<(String, NaiveDate, f64)> =
            raw.iter().map(|&(c, d, a)| (format!("c{c}"), base + Duration::days(d), a as f64 / 100.0)).collect();
        let refs: Vec<(&str, NaiveDate, f64)> = lines.iter().map(|(c, d, a)| (c.as_str(), *d, *a)).collect();
        let ds = shop(&refs);
        let q = clientela::segment::lifecycle::LifecycleParams {
            new_days: days[0],
            regular_min_days: days[1].max(2),
            lapse_multiple: multiple,
            lapsed_days: days[2],
            irregular_lapsed_days: days[3],
            won_back_days: days[4],
            cohort_months,
            high_affinity_share: share,
            high_affinity_tenure_days: days[5],
        };
        let o = SegmentOptions { as_of: as_of.map(String::from), lifecycle: Some(q), ..Default::default() };
        let s = segment(&ds, &o).unwrap();
        let r = &s.report;
        prop_assert_eq!(r.lifecycle.stages.iter().map(|x| x.customers).sum::<u64>(), r.customers);
        prop_assert_eq!(r.band_migration.matrix.iter().flatten().sum::<u64>(), r.customers);
        prop_assert_eq!(r.cohorts.rows.iter().map(|c| c.customers).sum::<u64>(), r.customers);
        prop_assert!(r.high_affinity.customers <= r.customers);
        prop_assert!(serde_json::to_string(r).is_ok());
    }
}

/// A discount column: `p` buys 30 on discount and 10 at full price (share 0.75 → price-sensitive), `r` 5
/// on discount and 95 at full price (0.05 → relationship); an empty cell and 0 are no discount; `x` has only
/// a zero-price line, so is not a customer. Discounted revenue 35 of 140.
#[test]
fn price_sensitivity_with_a_discount_column() {
    let csv = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Discount\n\
               1,A,1,2011-01-03,30,p,3\n2,A,1,2011-01-04,10,p,\n3,A,1,2011-01-03,5,r,0.1\n\
               4,A,1,2011-01-05,95,r,0\n5,A,1,2011-01-05,0,x,\n";
    let (ds, _) = read_bytes(csv.as_bytes(), IngestOptions::default()).unwrap();
    assert!(ds.discount.is_some(), "the Discount header is detected");
    let s = segment(&ds, &SegmentOptions::default()).unwrap();
    let p = s.report.price_sensitivity.as_ref().expect("a price section");
    assert_eq!(s.report.price_sensitivity_reason, None);
    assert_eq!((p.customers_with_discount, p.price_sensitive, p.relationship), (2, 1, 1));
    assert_eq!(p.discounted_revenue, 35.0);
    assert!((p.discounted_revenue_share - 35.0 / 140.0).abs() < 1e-12);
    assert!((p.price_sensitive_revenue_share - 40.0 / 140.0).abs() < 1e-12);
    let shares = s.discounted_share.as_ref().unwrap();
    assert_eq!((shares[row_of(&ds, &s, "p")], shares[row_of(&ds, &s, "r")]), (0.75, 0.05));
    // A lower cut makes `r` price-sensitive too.
    let o = SegmentOptions { price: Some(clientela::segment::price::PriceParams { sensitive_share: 0.05 }), ..Default::default() };
    assert_eq!(segment(&ds, &o).unwrap().report.price_sensitivity.unwrap().price_sensitive, 2);
    let o = SegmentOptions { price: Some(clientela::segment::price::PriceParams { sensitive_share: 1.5 }), ..Default::default() };
    assert_eq!(segment(&ds, &o).unwrap_err().code(), "bad_parameter");
    // The CSV carries the share and the flag.
    let mut out = Vec::new();
    export::write_customers_csv(&mut out, &ds, &s).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header = rdr.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}: {header:?}"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!((&rows[0][col("customer")], &rows[0][col("discounted_spend_share")], &rows[0][col("price_sensitive")]), ("p", "0.75", "1"));
    assert_eq!((&rows[1][col("customer")], &rows[1][col("discounted_spend_share")], &rows[1][col("price_sensitive")]), ("r", "0.05", "0"));
    for name in ["spend_band", "lifecycle_stage", "high_affinity"] {
        assert!(!rows[0][col(name)].is_empty(), "{name}");
    }
}

#[test]
fn without_a_discount_column_the_section_is_null_with_a_reason() {
    let ds = shop(&[("a", date("2011-01-01"), 1.0)]);
    let s = segment(&ds, &SegmentOptions::default()).unwrap();
    let v = serde_json::to_value(&s.report).unwrap();
    assert!(v["price_sensitivity"].is_null());
    assert!(v["price_sensitivity_reason"].as_str().unwrap().contains("no discount or list-price column"));
    assert!(s.discounted_share.is_none());
}

#[test]
fn empty_and_degenerate_tables_do_not_panic() {
    // A header-only file cannot decide its date order, so the empty table is built directly.
    let mut ds = Dataset::new(clientela::dataset::Layout::LineItems);
    let keys = clientela::dataset::RowKeys { customer: Some(Vec::new()), time: Some(Vec::new()), ..Default::default() };
    assert!(ds.set_keys(keys));
    ds.price = Some(clientela::dataset::Numbers::new());
    let s = segment(&ds, &SegmentOptions { split_date: Some("2011-01-01".into()), ..Default::default() }).unwrap();
    assert_eq!(s.report.band_migration.customers, 0);
    assert!(s.report.cohorts.rows.is_empty() && s.report.returning_rate.is_empty());
    assert_eq!(s.report.high_affinity.customers, 0);
    // One day, one customer, zero amount via an unknown price.
    let csv = format!("{HEADER}1,A,1,2011-01-01,,a\n");
    if let Ok((ds, _)) = read_bytes(csv.as_bytes(), IngestOptions::default()) {
        let s = segment(&ds, &SegmentOptions::default()).unwrap();
        assert_eq!(s.report.lifecycle.stages.iter().map(|r| r.customers).sum::<u64>(), s.report.customers);
    }
}

fn run(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_clientela")).args(args).output().expect("the CLI runs")
}

#[test]
fn segment_command_band_and_lifecycle_options() {
    let dir = std::env::temp_dir().join(format!("clientela-behaviour-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("shop.csv");
    std::fs::write(&input, format!("{HEADER}1,A,1,2011-01-01,5,a\n2,A,1,2011-02-15,60,a\n3,A,1,2011-02-20,20,b\n")).unwrap();
    let out_csv = dir.join("customers.csv");
    let f = input.to_str().unwrap();
    let o = run(&[
        "segment",
        f,
        "--json",
        "--band-period",
        "period",
        "--band-edges",
        "0,10,50",
        "--split-date",
        "2011-02-01",
        "--out",
        out_csv.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for key in [
        "spend_bands",
        "band_migration",
        "lifecycle",
        "returning_rate",
        "cohorts",
        "high_affinity",
        "price_sensitivity",
        "deciles",
        "rfm_segments",
    ] {
        assert!(v.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(v["spend_bands"]["period"], "period");
    assert_eq!(v["band_migration"]["split_date"], "2011-02-01");
    // a: 65 → 50+, b: 20 → 10–50.
    let counts: Vec<u64> = v["spend_bands"]["bands"].as_array().unwrap().iter().map(|b| b["customers"].as_u64().unwrap()).collect();
    assert_eq!(counts, vec![0, 1, 1]);
    let table = std::fs::read_to_string(&out_csv).unwrap();
    assert!(table.lines().next().unwrap().contains("spend_band,lifecycle_stage,high_affinity"));
    assert!(table.contains(",50+,"), "{table}");
    let o = run(&["segment", f]);
    let text = String::from_utf8_lossy(&o.stdout);
    for section in
        ["Spend bands", "Band migration", "Lifecycle stages", "Cohorts", "Returning customers", "Price sensitivity  not available"]
    {
        assert!(text.contains(section), "missing {section}");
    }
    let o = run(&["segment", f, "--band-edges", "10,5"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("band_edges"));
    let o = run(&["segment", f, "--band-period", "year"]);
    assert!(!o.status.success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn online_retail_reconciles() {
    let Some(gz) = common::online_retail_gz() else { return };
    let (ds, _) = clientela::ingest::read_bytes(&gz, IngestOptions::default()).unwrap();
    let s = segment(&ds, &SegmentOptions::default()).unwrap();
    let r = &s.report;
    assert_eq!(r.customers, 4_338);
    assert_eq!(r.lifecycle.stages.iter().map(|x| x.customers).sum::<u64>(), r.customers);
    assert!((r.lifecycle.stages.iter().map(|x| x.revenue_share).sum::<f64>() - 1.0).abs() < 1e-9);
    let b = &r.spend_bands.bands;
    assert_eq!(b.len(), 11);
    assert!((b.iter().map(|x| x.customer_share).sum::<f64>() - 1.0).abs() < 1e-9);
    assert!((b.iter().map(|x| x.revenue_share).sum::<f64>() - 1.0).abs() < 1e-9);
    assert_eq!(r.band_migration.matrix.iter().flatten().sum::<u64>(), r.customers);
    // The first cohort (December 2010) is every customer of that month: nobody bought before.
    assert_eq!(r.returning_rate[0].month, "2010-12");
    assert_eq!(r.returning_rate[0].returning, 0);
    assert_eq!(r.cohorts.rows[0].customers, r.returning_rate[0].customers);
    assert_eq!(r.cohorts.rows.iter().map(|c| c.customers).sum::<u64>(), r.customers);
    assert!(r.price_sensitivity.is_none() && r.price_sensitivity_reason.is_some());
}
