//! Compare periods (src/compare): a shop worked out by hand (`tests/data/compare_shop.csv`), the edge cases
//! (one month, no customer column, an empty or absent period, no year-ago data, a per-customer summary),
//! agreement with the Overview's monthly revenue, and an independent oracle on UCI Online Retail: DuckDB
//! 1.5.6 (`tests/compare/duckdb_months.py`, plain SQL on the raw file read with `read_csv_auto`) computes
//! customers, new customers, orders, repeat customers, revenue and returns per month with the same
//! definitions. DuckDB comes from `.venv/bin/python` (`scripts/setup.sh`) or `CLIENTELA_PYTHON`; without it,
//! or without `../shared/data`, the Online Retail tests say why and pass, except in CI (`CI=true`).

use crate::common;

use std::path::{Path, PathBuf};

use clientela::Dataset;
use clientela::compare::{
    Basis, Chosen, CompareOptions, CompareReport, Coverage, HeadlineCode, Metric, PeriodKind, compare, figures::figures,
};
use clientela::error::ErrorCode;
use clientela::ingest::{IngestOptions, read_bytes};
use clientela::segment::rfm::Segment;
use clientela::segment::{SegmentOptions, parse_day, profile::profiles, segment};
use serde_json::Value;

const SHOP: &str = include_str!("data/compare_shop.csv");

fn read(text: &str) -> Dataset {
    read_bytes(text.as_bytes(), IngestOptions::default()).unwrap().0
}

fn month(o: CompareOptions) -> CompareOptions {
    CompareOptions { period: PeriodKind::Month, ..o }
}

fn change(r: &CompareReport, m: Metric) -> &clientela::compare::MetricChange {
    r.changes.iter().find(|c| c.metric == m).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// By hand from `tests/data/compare_shop.csv`. The last date is 2011-12-03, so the as-of date is 2011-12-04
/// and December is observed for 3 of its 31 days: skipped, November 2011 is compared.
///
/// November 2011: a buys order 5 (30 + 10) and order 6 (15), d buys order 7 (3 × 4 = 12); line 9 has no
/// customer and line 10 a zero price (both left out); a returns C8 (1 × 30). Customers a, d = 2; new: d
/// (first purchase 2011-11-10), returning: a; orders 3; revenue 67; AOV 67 / 3; repeat: a (two orders) of
/// 2 = 0.5; returns 30, net 37.
/// October 2011: a (order 3, 20), c (order 4, 2 × 10 = 20, new). 2 customers, 1 new, 2 orders, revenue 40,
/// AOV 20, repeat 0, returns 0.
/// November 2010: a (order 1, 2 × 5 = 10), b (order 2, 8), both new (the file's first month). Revenue 18,
/// AOV 9.
/// Headline: November 2010 is fully observed, so the year-ago basis; counts have bases under 5; revenue
/// +49 / 18 = +272 % beats AOV (67/3) / 9 − 1 = +148 % and net revenue 37 / 18 − 1 = +106 %: revenue, up.
///
/// Migration (RFM as of 2011-11-01 → as of 2011-12-01; quintile scores ⌊5·rank/n⌋ + 1, ties by id):
/// before, a (recency 29 days, 2 orders, 30), b (346, 1, 8), c (17, 1, 20): n = 3, ranks 0, 1, 2 score
/// 1, 2, 4: a R2 F4 M4 → FM 4 → At risk; b R1 F1 M1 → Lost; c R4 F2 M2 → FM 2 → Potential loyalists.
/// After, a (11 days, 4 orders, 85), b (376, 1, 8), c (47, 1, 20), d (21, 1, 12): n = 4, ranks score
/// 1, 2, 3, 4: a R4 F4 M4 → Loyal; b → Lost; c R2 F2 M3 → FM 3 → At risk; d R3 F3 M2 → FM 3 → Need
/// attention. So a improved (attention → best) with 55 of November's revenue, b stayed, c worsened
/// (growing → attention), d entered with 12.
#[test]
fn a_shop_worked_out_by_hand() {
    let ds = read(SHOP);
    let r = compare(&ds, &CompareOptions::default()).unwrap();
    assert_eq!((r.as_of.as_str(), r.window_start.as_str(), r.chosen), ("2011-12-04", "2010-11-01", Chosen::Latest));
    // The periods offered: 2010-11 to 2011-12 (the last day observed is 2011-12-03), latest first.
    assert_eq!((r.choices.month.len(), r.choices.month[0].as_str(), r.choices.month[13].as_str()), (14, "2011-12", "2010-11"));
    assert_eq!(
        (r.choices.quarter.first().map(String::as_str), r.choices.quarter.last().map(String::as_str)),
        (Some("2011-Q4"), Some("2010-Q4"))
    );
    assert_eq!(r.choices.year, ["2011", "2010"]);
    let skipped = r.skipped_partial.as_ref().unwrap();
    assert_eq!((skipped.period.as_str(), skipped.days_observed, skipped.days), ("2011-12", 3, 31));
    let (c, p, y) = (&r.current, &r.previous, r.year_ago.as_ref().unwrap());
    assert_eq!(
        (c.period.as_str(), c.start.as_str(), c.end.as_str(), c.days, c.coverage),
        ("2011-11", "2011-11-01", "2011-11-30", 30, Coverage::Full)
    );
    assert_eq!((c.customers, c.new_customers, c.returning_customers, c.orders, c.repeat_customers), (2, 1, 1, 3, 1));
    assert_eq!((c.revenue, c.returns_value, c.net_revenue, c.repeat_rate), (67.0, 30.0, 37.0, Some(0.5)));
    assert!(close(c.average_order_value.unwrap(), 67.0 / 3.0));
    assert!(!c.first_in_file);
    assert_eq!(
        (p.period.as_str(), p.customers, p.new_customers, p.orders, p.revenue, p.average_order_value),
        ("2011-10", 2, 1, 2, 40.0, Some(20.0))
    );
    assert_eq!((p.repeat_rate, p.returns_value, p.net_revenue), (Some(0.0), 0.0, 40.0));
    assert_eq!((y.period.as_str(), y.customers, y.new_customers, y.returning_customers, y.revenue), ("2010-11", 2, 2, 0, 18.0));
    assert!(y.first_in_file && y.coverage == Coverage::Full);

    let rev = change(&r, Metric::Revenue);
    assert_eq!((rev.current, rev.previous, rev.year_ago), (Some(67.0), Some(40.0), Some(18.0)));
    let vp = rev.vs_previous.unwrap();
    assert!(vp.absolute == 27.0 && close(vp.relative.unwrap(), 27.0 / 40.0));
    let vy = rev.vs_year_ago.unwrap();
    assert!(vy.absolute == 49.0 && close(vy.relative.unwrap(), 49.0 / 18.0));
    // A base of zero has an absolute change but no relative one.
    let rr = change(&r, Metric::RepeatRate).vs_previous.unwrap();
    assert_eq!((rr.absolute, rr.relative), (0.5, None));
    assert_eq!(change(&r, Metric::ReturnsValue).vs_previous.unwrap().relative, None);
    assert!(close(change(&r, Metric::NetRevenue).vs_previous.unwrap().relative.unwrap(), -3.0 / 40.0));

    let h = &r.headline;
    assert_eq!(
        (h.code, h.metric, h.basis, h.base_period.as_deref()),
        (HeadlineCode::Up, Some(Metric::Revenue), Some(Basis::YearAgo), Some("2010-11"))
    );
    assert_eq!((h.current, h.base), (Some(67.0), Some(18.0)));

    let m = &r.migration;
    assert_eq!((m.from_as_of.as_str(), m.to_as_of.as_str()), ("2011-11-01", "2011-12-01"));
    assert_eq!((m.customers, m.stayed, m.improved, m.worsened, m.moved_within_group, m.entered), (4, 1, 1, 1, 0, 1));
    let cell = |from: Option<Segment>, to: Segment| {
        let row = m.rows.iter().find(|r| r.from == from).unwrap();
        let k = m.segments.iter().position(|&s| s == to).unwrap();
        (row.customers[k], row.revenue[k])
    };
    assert_eq!(cell(Some(Segment::AtRisk), Segment::Loyal), (1, 55.0));
    assert_eq!(cell(Some(Segment::Lost), Segment::Lost), (1, 0.0));
    assert_eq!(cell(Some(Segment::PotentialLoyalists), Segment::AtRisk), (1, 0.0));
    assert_eq!(cell(None, Segment::NeedAttention), (1, 12.0));
    assert_eq!(m.rows.len(), 12);
    assert_eq!(m.rows.iter().flat_map(|r| &r.customers).sum::<u64>(), 4);
    let codes: Vec<&str> = r.notices.iter().map(|n| n.code).collect();
    assert_eq!(codes, ["compare_partial_skipped"]);
}

#[test]
fn quarters_years_and_a_given_period() {
    let ds = read(SHOP);
    // Q4 2011 is observed to 2011-12-03 only; Q3 2011 is complete but empty, Q2 2011 likewise.
    let q = compare(&ds, &CompareOptions { period: PeriodKind::Quarter, ..Default::default() }).unwrap();
    assert_eq!(q.current.period, "2011-Q3");
    assert_eq!(q.skipped_partial.as_ref().map(|s| s.period.as_str()), Some("2011-Q4"));
    assert_eq!((q.current.customers, q.current.revenue, q.current.average_order_value, q.current.repeat_rate), (0, 0.0, None, None));
    assert_eq!(q.current.coverage, Coverage::Full, "an empty period inside the file is observed: zeros, not missing");
    assert_eq!((q.previous.period.as_str(), q.previous.coverage), ("2011-Q2", Coverage::Full));
    assert_eq!(q.year_ago.as_ref().map(|y| (y.period.as_str(), y.coverage)), Some(("2010-Q3", Coverage::None)));
    // Q4 2011 given: observed 1 October to 3 December (64 of 92 days); its year-ago quarter, Q4 2010, from
    // 1 November (the file's start: 61 days), November 2010's 18.
    let q4 = compare(&ds, &CompareOptions { period: PeriodKind::Quarter, at: Some("2011-Q4".into()), ..Default::default() }).unwrap();
    assert_eq!(
        (q4.current.coverage, q4.current.days_observed, q4.current.days, q4.current.revenue),
        (Coverage::Partial, 64, 92, 40.0 + 67.0 + 50.0)
    );
    let y = q4.year_ago.as_ref().unwrap();
    assert_eq!((y.period.as_str(), y.coverage, y.revenue, y.days_observed), ("2010-Q4", Coverage::Partial, 18.0, 61));
    assert_eq!(q4.headline.code, HeadlineCode::Partial);
    // Years: 2011 is partial and 2010 is too (from November): no complete year, so 2011 is taken.
    let yr = compare(&ds, &CompareOptions { period: PeriodKind::Year, ..Default::default() }).unwrap();
    assert_eq!((yr.current.period.as_str(), yr.current.coverage, yr.skipped_partial.is_none()), ("2011", Coverage::Partial, true));
    assert!(yr.year_ago.is_none(), "for years the year-ago period is the previous one");
    assert_eq!((yr.current.revenue, yr.previous.revenue), (40.0 + 67.0 + 50.0, 18.0));
    assert_eq!(yr.headline.code, HeadlineCode::Partial, "a partial period is not read as a change");
    let codes: Vec<&str> = yr.notices.iter().map(|n| n.code).collect();
    assert_eq!(codes, ["compare_partial_period"]);
    // The partial December, given explicitly: its 3 days, e (new) with 50.
    let d = compare(&ds, &month(CompareOptions { at: Some("2011-12".into()), ..Default::default() })).unwrap();
    assert_eq!(
        (d.chosen, d.current.coverage, d.current.days_observed, d.current.customers, d.current.new_customers),
        (Chosen::Given, Coverage::Partial, 3, 1, 1)
    );
    assert_eq!(d.migration.to_as_of, "2011-12-04", "the migration ends with what is observed");
    assert_eq!(d.headline.code, HeadlineCode::Partial);
    // A date inside the period chooses it too.
    let n = compare(&ds, &month(CompareOptions { at: Some("2011-11-17".into()), ..Default::default() })).unwrap();
    assert_eq!(n.current.period, "2011-11");
}

#[test]
fn edge_cases_are_flags_or_typed_errors() {
    // One complete month: no previous month, no year-ago month, everyone new, no headline.
    let one = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,A,1,2011-03-01,5.00,a\n2,A,1,2011-03-31,7.00,b\n";
    let r = compare(&read(one), &CompareOptions::default()).unwrap();
    assert_eq!((r.current.period.as_str(), r.current.coverage, r.current.first_in_file), ("2011-03", Coverage::Full, true));
    assert_eq!((r.previous.coverage, r.year_ago.as_ref().unwrap().coverage), (Coverage::None, Coverage::None));
    assert!(r.changes.iter().all(|c| c.previous.is_none() && c.vs_previous.is_none() && c.vs_year_ago.is_none()));
    assert_eq!(r.headline.code, HeadlineCode::NoBase);
    let codes: Vec<&str> = r.notices.iter().map(|n| n.code).collect();
    assert_eq!(codes, ["compare_first_in_file", "compare_no_previous", "compare_no_year_ago"]);
    assert_eq!((r.migration.entered, r.migration.customers), (2, 2));

    // One partial month: it is the only period, taken with a notice.
    let part = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,A,1,2011-03-05,5.00,a\n2,A,1,2011-03-20,7.00,b\n";
    let r = compare(&read(part), &CompareOptions::default()).unwrap();
    assert_eq!((r.current.period.as_str(), r.current.days_observed, r.skipped_partial.is_none()), ("2011-03", 16, true));
    assert_eq!(r.notices[0].code, "compare_partial_period");
    assert_eq!(r.headline.code, HeadlineCode::Partial);

    // The month before is only partly in the file: shown, not read as a change.
    let mid = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,A,1,2011-02-20,5.00,a\n2,A,1,2011-03-10,7.00,b\n3,A,1,2011-03-31,7.00,a\n";
    let r = compare(&read(mid), &CompareOptions::default()).unwrap();
    assert_eq!((r.current.period.as_str(), r.previous.coverage, r.previous.days_observed), ("2011-03", Coverage::Partial, 9));
    assert_eq!(r.headline.code, HeadlineCode::NoBase);
    let codes: Vec<&str> = r.notices.iter().map(|n| n.code).collect();
    assert_eq!(codes, ["compare_no_year_ago", "compare_partial_base"]);
    assert_eq!((r.current.returning_customers, r.current.new_customers), (1, 1), "a had bought in February");

    // No customer column: the segmentation's typed refusal.
    let anon = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice\n1,A,1,2011-03-01,5.00\n";
    assert_eq!(compare(&read(anon), &CompareOptions::default()).unwrap_err().code(), "no_customer_column");

    // A period outside the file's dates, a badly written period, an as-of date before every sale.
    let ds = read(SHOP);
    let e = compare(&ds, &month(CompareOptions { at: Some("2009-01".into()), ..Default::default() })).unwrap_err();
    assert_eq!(e.code(), "period_outside_data");
    assert!(e.to_string().contains("2010-11-01 to 2011-12-03"), "{e}");
    let e = compare(&ds, &month(CompareOptions { at: Some("2012-01".into()), ..Default::default() })).unwrap_err();
    assert_eq!(e.code(), "period_outside_data");
    let e = compare(&ds, &CompareOptions { period: PeriodKind::Year, at: Some("2011-Q1".into()), ..Default::default() }).unwrap_err();
    assert_eq!((e.code(), e.to_json().option), ("bad_parameter", Some("at")));
    let e = compare(&ds, &CompareOptions { as_of: Some("2010-11-01".into()), ..Default::default() }).unwrap_err();
    assert_eq!(e.code(), "no_dated_rows");

    // A per-customer summary has no purchases by date.
    let summary = include_str!("data/customer_summary.csv");
    let e = compare(&read(summary), &CompareOptions::default()).unwrap_err();
    assert_eq!(e.code(), "needs_line_items");
}

#[test]
fn deterministic_and_serialisable() {
    let ds = read(SHOP);
    let a = serde_json::to_string(&compare(&ds, &CompareOptions::default()).unwrap()).unwrap();
    let b = serde_json::to_string(&compare(&ds, &CompareOptions::default()).unwrap()).unwrap();
    assert_eq!(a, b);
    let v: Value = serde_json::from_str(&a).unwrap();
    assert_eq!(v["headline"]["code"], "up");
    assert_eq!(v["headline"]["metric"], "revenue");
    assert_eq!(v["migration"]["rows"][11]["from"], Value::Null);
    assert_eq!(v["current"]["coverage"], "full");
}

/// A Python with the `duckdb` package, or `None` (with a message) outside CI.
fn python() -> Option<PathBuf> {
    let candidates =
        [std::env::var_os("CLIENTELA_PYTHON").map(PathBuf::from), Some(Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python"))];
    for p in candidates.into_iter().flatten() {
        if std::process::Command::new(&p).args(["-c", "import duckdb"]).output().is_ok_and(|o| o.status.success()) {
            return Some(p);
        }
    }
    let why = "no Python with the duckdb package (run scripts/setup.sh, or set CLIENTELA_PYTHON)";
    assert!(!common::in_ci(), "CI needs DuckDB for the compare oracle: {why}");
    eprintln!("skipped: {why}");
    None
}

/// Every month of Online Retail: the core's figures against DuckDB's SQL (relative 1e-9 for sums, which
/// DuckDB adds in another order), and each month's revenue against the Overview's monthly revenue. Then the
/// default comparison, whose figures are printed for the record.
#[test]
fn online_retail_months_against_duckdb() {
    let Some(gz) = common::online_retail_gz() else { return };
    let Some(py) = python() else { return };
    let path = common::online_retail_path();
    let out = std::process::Command::new(&py)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compare/duckdb_months.py"))
        .arg(&path)
        .arg("2011-12-10")
        .output()
        .unwrap();
    assert!(out.status.success(), "DuckDB failed: {}", String::from_utf8_lossy(&out.stderr));
    let oracle: Vec<Value> = String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(oracle.len(), 13, "2010-12 to 2011-12");

    let ds = read_bytes(&gz, IngestOptions::default()).unwrap().0;
    let p = profiles(&ds, None).unwrap();
    let as_of = p.as_of_day.unwrap();
    assert_eq!(as_of, parse_day("2011-12-10").unwrap());
    let nums: Vec<i64> = (0..13).map(|k| 2010 * 12 + 11 + k).collect();
    let (months, _) = figures(&ds, &p, PeriodKind::Month, &nums, (p.window_start_day.unwrap(), as_of));
    let s = segment(&ds, &SegmentOptions::default()).unwrap();
    for (f, o) in months.iter().zip(&oracle) {
        let at = f.period.as_str();
        assert_eq!(at, o["month"].as_str().unwrap());
        let int = |k: &str| o[k].as_u64().unwrap();
        assert_eq!(
            (f.customers, f.new_customers, f.orders, f.repeat_customers),
            (int("customers"), int("new_customers"), int("orders"), int("repeat_customers")),
            "{at}"
        );
        assert!(close(f.revenue, o["revenue"].as_f64().unwrap()), "{at}: revenue {} against {}", f.revenue, o["revenue"]);
        assert!(close(f.returns_value, o["returns"].as_f64().unwrap()), "{at}: returns {} against {}", f.returns_value, o["returns"]);
        let overview = s.report.overview.monthly_revenue.iter().find(|m| m.month == at).unwrap();
        assert!(close(f.revenue, overview.revenue), "{at}: the Overview's bar {} against {}", overview.revenue, f.revenue);
    }
    // The whole window adds up to the Overview's revenue, returns and orders.
    let sum = |g: fn(&clientela::compare::PeriodFigures) -> f64| months.iter().map(g).sum::<f64>();
    assert!(close(sum(|f| f.revenue), s.report.revenue));
    assert!(close(sum(|f| f.returns_value), s.report.overview.returns_value));
    assert_eq!(months.iter().map(|f| f.new_customers).sum::<u64>(), s.report.customers, "each customer is new once");

    // The default month: December 2011 (9 of 31 days) skipped, November 2011 against October 2011; no
    // November 2010 in the file.
    let r = compare(&ds, &CompareOptions::default()).unwrap();
    assert_eq!(r.current.period, "2011-11");
    assert_eq!(r.skipped_partial.as_ref().map(|s| (s.period.as_str(), s.days_observed, s.days)), Some(("2011-12", 9, 31)));
    assert_eq!((r.previous.period.as_str(), r.year_ago.as_ref().unwrap().coverage), ("2011-10", Coverage::None));
    assert_eq!(r.headline.basis, Some(Basis::Previous));
    // Every customer with a purchase before December 2011: all but those new in December.
    assert_eq!(r.migration.customers, s.report.customers - months[12].new_customers);
    println!("{}", serde_json::to_string_pretty(&r.headline).unwrap());
    for c in &r.changes {
        println!("{:?}: {:?} | prev {:?} | {:?}", c.metric, c.current, c.previous, c.vs_previous);
    }
    println!(
        "migration: {} customers, stayed {}, improved {}, worsened {}, within {}, entered {}",
        r.migration.customers,
        r.migration.stayed,
        r.migration.improved,
        r.migration.worsened,
        r.migration.moved_within_group,
        r.migration.entered
    );
}

/// The command line prints the same report (`compare --json`), and a period outside the file is its typed
/// error with exit code 5 (a refusal), a badly written one a usage-level `bad_parameter` naming `--at`.
#[test]
fn the_command_line_prints_the_report() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/compare_shop.csv");
    let file = file.to_str().unwrap();
    let out = common::cli(&["compare", file, "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let core = serde_json::to_string_pretty(&compare(&read(SHOP), &CompareOptions::default()).unwrap()).unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), core + "\n");
    let text = common::cli(&["compare", file]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Revenue (gross) changed most: up 272.2 %"), "{text}");
    let out = common::cli(&["compare", file, "--at", "2009-01", "--json"]);
    assert_eq!(out.status.code(), Some(5));
    let e: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(e["error"]["code"], "period_outside_data");
    let out = common::cli(&["compare", file, "--period", "quarter", "--at", "2011-11", "--json"]);
    let e: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!((e["error"]["code"].as_str(), e["error"]["option"].as_str()), (Some("bad_parameter"), Some("--at")));
}
