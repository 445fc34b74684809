//! The overview figures of the segment report (src/segment/overview.rs): a small shop computed by hand,
//! and the monthly revenue by segment against a brute-force recomputation on synthetic shops.

use std::collections::HashMap;

use clientela::dataset::{LineKind, NONE};
use clientela::ingest::date::{day_of, format_date};
use clientela::ingest::{IngestOptions, read_bytes};
use clientela::segment::lifecycle::Stage;
use clientela::segment::{SegmentOptions, segment};

/// Customer a buys weekly in January, then stops (lapsing: 44 days since, more than 2 × 7);
/// b buys twice (active); c once, the last day (new). A line without a customer and a return are left out.
const SHOP: &str = "\
InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID
1,A,2,2011-01-03 10:00,5.00,a
2,A,4,2011-01-10 10:00,5.00,a
3,A,6,2011-01-17 10:00,5.00,a
C4,A,-1,2011-01-18 10:00,5.00,a
5,B,1,2011-01-05 10:00,5.00,b
6,B,10,2011-02-20 10:00,10.00,b
7,B,1,2011-02-01 10:00,999.00,
8,C,5,2011-03-01 10:00,10.00,c
";

#[test]
fn a_small_shop_by_hand() {
    let (data, _) = read_bytes(SHOP.as_bytes(), IngestOptions::default()).unwrap();
    let s = segment(&data, &SegmentOptions::default()).unwrap();
    let o = &s.report.overview;
    assert_eq!(s.report.as_of.as_deref(), Some("2011-03-02"));
    // Orders: a 3, b 2, c 1. Revenue: a 10+20+30, b 5+100, c 50 = 215.
    assert_eq!(o.orders, 6);
    assert!((o.average_order_value - 215.0 / 6.0).abs() < 1e-12);
    // Repeat customers: a and b of three.
    assert_eq!(o.repeat_customers, 2);
    assert!((o.repeat_customer_rate - 2.0 / 3.0).abs() < 1e-12);
    // a is lapsing (see SHOP): its 60 of the last 365 days are at risk.
    let stages: Vec<Stage> = s.stage.clone();
    assert_eq!(stages.iter().filter(|&&x| x == Stage::Lapsing).count(), 1);
    assert_eq!(o.customers_at_risk, 1);
    assert!((o.revenue_at_risk - 60.0).abs() < 1e-9);
    // Months January to March: 60 + 5, 100 (the 999 has no customer), 50.
    let months: Vec<(&str, f64)> = o.monthly_revenue.iter().map(|m| (m.month.as_str(), m.revenue)).collect();
    assert_eq!(months, vec![("2011-01", 65.0), ("2011-02", 100.0), ("2011-03", 50.0)]);
    // Top 10 % of three customers is one customer, b with 105 of 215.
    assert!((o.top10_revenue_share - 105.0 / 215.0).abs() < 1e-12);
    assert_eq!(o.segments.len(), 11);
}

#[test]
fn no_purchases_gives_zeros_not_a_panic() {
    let csv = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\nC1,A,-1,2011-01-03,5.00,a\n";
    let (data, _) = read_bytes(csv.as_bytes(), IngestOptions::default()).unwrap();
    let s = segment(&data, &SegmentOptions::default()).unwrap();
    let o = &s.report.overview;
    assert_eq!((o.orders, o.repeat_customers, o.customers_at_risk), (0, 0, 0));
    assert_eq!(o.average_order_value, 0.0);
    assert_eq!(o.monthly_revenue.iter().map(|m| m.revenue).sum::<f64>(), 0.0);
}

/// Brute force: every purchase line of a profiled customer, keyed by its date's `YYYY-MM` text and the
/// segment key of its customer (looked up by the customer's name), summed in a hash map.
#[test]
fn monthly_revenue_by_segment_matches_a_brute_force_sum() {
    for (seed, as_of) in [(3u64, None), (8, Some("2024-06-15"))] {
        let bytes = clientela::synth::csv_bytes(&clientela::synth::ShopParams { rows: 20_000, seed, ..Default::default() });
        let (data, _) = read_bytes(&bytes, IngestOptions::default()).unwrap();
        let opts = SegmentOptions { as_of: as_of.map(String::from), ..Default::default() };
        let s = segment(&data, &opts).unwrap();
        let r = &s.report;
        assert!(r.customers > 100 && r.overview.customers_at_risk > 0, "a shop worth testing");
        let as_of_day = s.profiles.as_of_day.unwrap();
        let seg_of: HashMap<&str, String> = s
            .profiles
            .rows
            .iter()
            .enumerate()
            .map(|(i, c)| {
                (data.customers.get(c.customer), serde_json::to_value(s.scores.segment[i]).unwrap().as_str().unwrap().to_string())
            })
            .collect();
        let stage_of: HashMap<&str, Stage> =
            s.profiles.rows.iter().enumerate().map(|(i, c)| (data.customers.get(c.customer), s.stage[i])).collect();
        let mut want: HashMap<(String, String), f64> = HashMap::new();
        let mut at_risk = 0.0;
        let (cust, time) = (data.customer().unwrap(), data.time().unwrap());
        for i in 0..data.len {
            if cust[i] == NONE || day_of(time[i]) >= as_of_day || data.kind(i) != LineKind::Purchase {
                continue;
            }
            let name = data.customers.get(cust[i]);
            let Some(seg) = seg_of.get(name) else { continue };
            let v = data.line_amount(i);
            let v = if v.is_nan() { 0.0 } else { v };
            *want.entry((format_date(time[i])[..7].to_string(), seg.clone())).or_default() += v;
            if stage_of[name] == Stage::Lapsing && as_of_day - day_of(time[i]) <= 365 {
                at_risk += v;
            }
        }
        let keys: Vec<String> =
            r.overview.segments.iter().map(|k| serde_json::to_value(k).unwrap().as_str().unwrap().to_string()).collect();
        let mut seen = 0;
        for m in &r.overview.monthly_revenue {
            for (k, v) in keys.iter().zip(&m.by_segment) {
                let w = want.get(&(m.month.clone(), k.clone())).copied().unwrap_or(0.0);
                assert!((v - w).abs() < 1e-6, "{} {k}: {v} vs {w}", m.month);
                if w != 0.0 {
                    seen += 1;
                }
            }
            assert!((m.revenue - m.by_segment.iter().sum::<f64>()).abs() < 1e-9);
        }
        assert_eq!(seen, want.values().filter(|&&w| w != 0.0).count(), "every brute-force cell is in a listed month");
        let total: f64 = r.overview.monthly_revenue.iter().map(|m| m.revenue).sum();
        assert!((total - r.revenue).abs() < 1e-6 * r.revenue, "{total} vs {}", r.revenue);
        assert!((r.overview.revenue_at_risk - at_risk).abs() < 1e-6);
        // Months are contiguous.
        for w in r.overview.monthly_revenue.windows(2) {
            let (a, b) = (&w[0].month, &w[1].month);
            let (ya, ma): (i32, i32) = (a[..4].parse().unwrap(), a[5..].parse().unwrap());
            let (yb, mb): (i32, i32) = (b[..4].parse().unwrap(), b[5..].parse().unwrap());
            assert_eq!(yb * 12 + mb, ya * 12 + ma + 1);
        }
    }
}

use proptest::prelude::*;

/// Random small shops as CSV text: (customer 0..6 or none, day offset 0..800, cents, negative quantity).
fn random_csv() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::option::of(0u8..6), 0i64..800, 0u32..20_000, prop::bool::weighted(0.1)), 0..60).prop_map(|lines| {
        let base = chrono::NaiveDate::from_ymd_opt(2010, 1, 1).unwrap();
        let mut s = String::from("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n");
        for (i, (c, d, cents, ret)) in lines.iter().enumerate() {
            let day = base + chrono::Duration::days(*d);
            let cust = c.map(|c| format!("c{c}")).unwrap_or_default();
            s.push_str(&format!(
                "{i},A,{},{},{}.{:02},{cust}\n",
                if *ret { -1 } else { 1 },
                day.format("%Y-%m-%d"),
                cents / 100,
                cents % 100
            ));
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// On random shops and as-of dates: never a panic, the months add up to the revenue and each month to
    /// its segments, orders are the sum of frequencies, and the figures stay within their bounds.
    #[test]
    fn random_shops_reconcile(csv in random_csv(), as_of in prop_oneof![Just(None), Just(Some("2010-06-01")), Just(Some("2009-01-01")), Just(Some("2040-01-01"))]) {
        let Ok((data, _)) = read_bytes(csv.as_bytes(), IngestOptions::default()) else { return Ok(()) };
        let opts = SegmentOptions { as_of: as_of.map(String::from), ..Default::default() };
        let Ok(s) = segment(&data, &opts) else { return Ok(()) };
        let (r, o) = (&s.report, &s.report.overview);
        let total: f64 = o.monthly_revenue.iter().map(|m| m.revenue).sum();
        prop_assert!((total - r.revenue).abs() <= 1e-6 * r.revenue.max(1.0));
        for m in &o.monthly_revenue {
            prop_assert_eq!(m.by_segment.len(), 11);
            prop_assert!((m.revenue - m.by_segment.iter().sum::<f64>()).abs() <= 1e-9 * m.revenue.max(1.0));
        }
        prop_assert_eq!(o.orders, s.profiles.rows.iter().map(|c| c.frequency as u64).sum::<u64>());
        prop_assert!((0.0..=1.0).contains(&o.repeat_customer_rate));
        prop_assert!(o.revenue_at_risk >= 0.0 && o.revenue_at_risk <= r.revenue + 1e-9);
        prop_assert!(o.customers_at_risk <= r.customers);
    }
}

/// Returns beside gross revenue, by hand: a's cancelled order C1 (2 × 10) and its negative line
/// (-1 × 5) count; the return without a customer, the one of d (no purchase, so not profiled) and a's
/// return on or after the as-of date do not.
#[test]
fn returns_and_net_revenue_by_hand() {
    let csv = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID
1,A,3,2011-01-03 10:00,10.00,a
2,B,1,2011-01-10 10:00,5.00,a
C1,A,-2,2011-01-12 10:00,10.00,a
3,B,-1,2011-01-15 10:00,5.00,a
C2,A,-4,2011-01-16 10:00,10.00,
C3,A,-1,2011-01-17 10:00,7.00,d
4,A,1,2011-02-01 10:00,10.00,b
C4,A,-1,2011-02-02 10:00,10.00,a
";
    let (data, _) = read_bytes(csv.as_bytes(), IngestOptions::default()).unwrap();
    let opts = SegmentOptions { as_of: Some("2011-02-02".into()), ..Default::default() };
    let s = segment(&data, &opts).unwrap();
    let (r, o) = (&s.report, &s.report.overview);
    // Gross: a 30 + 5, b 10 = 45; returns 20 + 5 = 25; net 20.
    assert!((r.revenue - 45.0).abs() < 1e-9, "gross {}", r.revenue);
    assert!((o.returns_value - 25.0).abs() < 1e-9, "returns {}", o.returns_value);
    assert!((o.net_revenue - 20.0).abs() < 1e-9, "net {}", o.net_revenue);
}
