//! Profiles of the best customers (`clientela::audience`): a hand-worked fixture for every figure, the
//! join report of a customers file, the Online Retail country profile against an independent pandas and
//! SciPy computation, a property test that every customer is counted once per attribute, and the
//! `profile` command.

use crate::common;

use clientela::audience::{self, AttributeProfile, CustomersOptions, ProfileOptions, ProfileReport, Sales, ValueRow};
use clientela::ingest::{IngestOptions, read_bytes};
use proptest::prelude::*;

const SALES: &[u8] = include_bytes!("data/profile_sales.csv");
const CUSTOMERS: &[u8] = include_bytes!("data/profile_customers.csv");

fn run(sales: &[u8], customers: Option<&[u8]>, group: Option<&str>) -> ProfileReport {
    let (data, report) = read_bytes(sales, IngestOptions::default()).expect("the sales file reads");
    let table = customers.map(|c| audience::read_customers(c, &CustomersOptions::default()).expect("the customers file reads"));
    let options = ProfileOptions { group: group.map(str::to_string), ..Default::default() };
    audience::profile(Sales { data: &data, number: audience::number_format(&report) }, table.as_ref(), &options).expect("the profile runs")
}

fn attribute<'a>(r: &'a ProfileReport, name: &str) -> &'a AttributeProfile {
    r.attributes.iter().find(|a| a.name == name).unwrap_or_else(|| panic!("no attribute {name}"))
}

fn row<'a>(a: &'a AttributeProfile, value: &str) -> &'a ValueRow {
    a.values.iter().find(|v| v.value == value).unwrap_or_else(|| panic!("no value {value} in {}", a.name))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

/// `(value, customers, customers_best, p_value)` of each row, in order, checked with the shares and index
/// that follow from them.
fn check(a: &AttributeProfile, group: u64, n: u64, want: &[(&str, u64, u64, f64)]) {
    let got: Vec<(&str, u64, u64)> = a.values.iter().map(|v| (v.value.as_str(), v.customers, v.customers_best)).collect();
    let expected: Vec<(&str, u64, u64)> = want.iter().map(|w| (w.0, w.1, w.2)).collect();
    assert_eq!(got, expected, "{}", a.name);
    for (v, w) in a.values.iter().zip(want) {
        let (sb, sa) = (w.2 as f64 / group as f64, w.1 as f64 / n as f64);
        assert!(close(v.share_best, sb) && close(v.share_all, sa), "{} {}: shares", a.name, v.value);
        assert!(close(v.index.unwrap(), sb / sa), "{} {}: index", a.name, v.value);
        assert!(close(v.p_value, w.3), "{} {}: p = {} vs {}", a.name, v.value, v.p_value, w.3);
    }
}

/// The fixtures `profile_sales.csv` and `profile_customers.csv`, worked by hand.
///
/// Sales: customers c01..c17 spend 1..17 (one line each), c18 and c19 spend 50, c20 spends 60 + 40 = 100
/// on two lines, the first without a country. Ranked by revenue, ties by id: c20, c18, c19, c17, …, c01.
/// n = 20, the best decile is ⌈20/10⌉ = 2 customers: {c20, c18} (c18 before c19 by id).
/// Country, first non-empty value: c20 DE (its first line has none), c18 DE, c19 DE, c05 and c06 FR, the
/// other 15 UK. Rows by customers: UK 15 (0 best), DE 3 (2 best), FR 2 (0 best).
///
/// p-values: with group 2 and n = 20 the count x in the group of a value held by V customers has weights
/// C(V, x)·C(20 − V, 2 − x) over C(20, 2) = 190; p sums the weights at most the observed one.
/// - UK, V = 15: 10, 75, 105 for x = 0, 1, 2; x = 0 observed: p = 10/190.
/// - DE, V = 3: 136, 51, 3; x = 2 observed: p = 3/190.
/// - FR, V = 2: 153, 36, 1; x = 0 observed (the likeliest): p = 1.
///
/// Customers file (semicolon-separated, day.month.year dates): c03 and c04 are absent; x90 and x91
/// bought nothing; c20 is on two rows (gender empty on the first, so F from the second; age 41 and
/// signup 2015 from the first); one row has no id.
/// - age, 18 customers with one (m = 18): sorted 21 22 25 26 27 28 29 30 31 32 33 34 35 36 37 40 41 45;
///   quintile edges at ranks ⌊k·18/5⌋ = 3, 7, 10, 14 → 26, 30, 33, 37. Bins < 26 (c01 c02 c05: 3),
///   [26, 30) (4), [30, 33) (3), [33, 37) (4), ≥ 37 (c17 c18 c19 c20: 4, best 2), not given (c03 c04: 2).
///   ≥ 37, V = 4: weights 120, 64, 6; x = 2: p = 6/190. Other bins hold no best customer: V = 3 gives
///   136, 51, 3 and V = 4 gives 120, 64, 6, x = 0 the likeliest, p = 1; not given V = 2: p = 1.
/// - gender: F = c01 c05 c07 … c19 (9 odd) + c20 = 10 (best c20), M = 8 even (best c18), not given 2.
///   F, V = 10: 45, 100, 45, x = 1: p = 1. M, V = 8: 66, 96, 28, x = 1: p = 1.
/// - signup by year: 2015 c18 c20 (2, both best), 2016 c19 (1), 2019 c01 c02 c06..c09 (6), 2020
///   c10..c17 (8), not given c03 c04 c05 (3). 2015, V = 2: 153, 36, 1, x = 2: p = 1/190. 2016, V = 1:
///   x = 0 weight C(19,2) = 171, x = 1 weight 19: p = 1. 2019, V = 6: 91, 84, 15, x = 0: p = 1.
///   2020, V = 8: 66, 96, 28, x = 0: p = (66 + 28)/190. Not given, V = 3: 136, 51, 3: p = 1.
#[test]
fn hand_worked_fixture() {
    let r = run(SALES, Some(CUSTOMERS), None);
    assert_eq!((r.customers, r.group.customers, r.group.key.as_str()), (20, 2, "best"));
    assert_eq!(r.as_of.as_deref(), Some("2011-01-22"), "the day after the last date, 2011-01-21");
    check(attribute(&r, "Country"), 2, 20, &[("UK", 15, 0, 10.0 / 190.0), ("DE", 3, 2, 3.0 / 190.0), ("FR", 2, 0, 1.0)]);
    let age = attribute(&r, "age");
    assert_eq!(age.kind, audience::Kind::Number);
    check(
        age,
        2,
        20,
        &[
            ("< 26", 3, 0, 1.0),
            ("[26, 30)", 4, 0, 1.0),
            ("[30, 33)", 3, 0, 1.0),
            ("[33, 37)", 4, 0, 1.0),
            ("≥ 37", 4, 2, 6.0 / 190.0),
            ("(not given)", 2, 0, 1.0),
        ],
    );
    assert_eq!(row(age, "(not given)").special, Some(audience::Special::NotGiven));
    check(attribute(&r, "gender"), 2, 20, &[("F", 10, 1, 1.0), ("M", 8, 1, 1.0), ("(not given)", 2, 0, 1.0)]);
    let signup = attribute(&r, "signup");
    assert_eq!(signup.kind, audience::Kind::Date);
    check(
        signup,
        2,
        20,
        &[("2015", 2, 2, 1.0 / 190.0), ("2016", 1, 0, 1.0), ("2019", 6, 0, 1.0), ("2020", 8, 0, 94.0 / 190.0), ("(not given)", 3, 0, 1.0)],
    );
    // Expected counts: group 2 of 20, so group × value is below 5 in every row.
    assert!(r.attributes.iter().flat_map(|a| &a.values).all(|v| v.small));
    assert_eq!(row(attribute(&r, "Country"), "DE").index, Some(1.0 / 0.15));
}

/// The join report of the same fixture: unmatched customers on both sides, a duplicate id, a row without
/// an id, another delimiter (`;`) and day-first dates (counts from the file, see `hand_worked_fixture`).
#[test]
fn join_report() {
    let r = run(SALES, Some(CUSTOMERS), None);
    let j = r.join.as_ref().expect("a customers file gives a join report");
    assert_eq!((j.customers, j.matched, j.customers_without_attributes, j.attribute_rows_without_purchases), (20, 18, 2, 2));
    let f = &j.file;
    assert_eq!(f.id_column, "customer_id");
    assert_eq!(f.columns, ["age", "gender", "signup"]);
    // 22 data rows: 18 sales customers, c20 again, x90, x91 and the row without an id.
    assert_eq!((f.rows, f.rows_rejected, f.rows_without_id), (22, 0, 1));
    assert_eq!((f.ids, f.duplicate_ids, f.duplicate_rows), (20, 1, 1));
    assert!(run(SALES, None, None).join.is_none());
}

/// The customers file's id column is found by content when its header says nothing, can be named, and a
/// file without one is refused with its columns listed.
#[test]
fn id_column_detected_named_or_refused() {
    let text = "Kundennummer,Stadt\nc18,Berlin\nc20,Berlin\nc01,Hamburg\n";
    let t = audience::read_customers(text.as_bytes(), &CustomersOptions::default()).unwrap();
    assert_eq!(t.summary.id_column, "Kundennummer");
    let named = "ref,Stadt\nc18,Berlin\nc20,Berlin\n";
    let opts = CustomersOptions { id_column: Some("ref".into()), ..Default::default() };
    let t = audience::read_customers(named.as_bytes(), &opts).unwrap();
    assert_eq!((t.summary.id_column.as_str(), t.summary.columns.as_slice()), ("ref", &["Stadt".to_string()][..]));
    let e = audience::read_customers(b"colour,size\nred,3\nblue,4\n", &CustomersOptions::default()).unwrap_err();
    assert_eq!(e.code(), "no_id_column");
    let json = clientela::error::ErrorCode::to_json(&e);
    assert_eq!(json.code, "no_id_column");
    assert!(json.message.contains("colour, size"), "{}", json.message);
    let bad = CustomersOptions { id_column: Some("nope".into()), ..Default::default() };
    assert_eq!(audience::read_customers(named.as_bytes(), &bad).unwrap_err().code(), "bad_option");
}

/// The worst decile is the last ⌈n/10⌉ of the same ranking: c02 and c01, both UK. UK, V = 15, x = 2:
/// weights 10, 75, 105, all at most 105, p = 1; index (2/2)/(15/20) = 4/3.
#[test]
fn worst_decile_and_group_names() {
    let r = run(SALES, None, Some("worst"));
    assert_eq!((r.group.key.as_str(), r.group.customers), ("worst", 2));
    check(attribute(&r, "Country"), 2, 20, &[("UK", 15, 2, 1.0), ("DE", 3, 0, 1.0), ("FR", 2, 0, 1.0)]);
    for (given, key) in [
        ("segment:Can't lose them", "segment:cant_lose_them"),
        ("Segment:champions", "segment:champions"),
        ("stage:won_back", "stage:won_back"),
        ("cluster:1", "cluster:1"),
    ] {
        assert_eq!(audience::Group::parse(given).unwrap().key(), key);
    }
    for bad in ["top", "segment:nobody", "stage:", "cluster:x"] {
        assert_eq!(audience::Group::parse(bad).unwrap_err().option, "group", "{bad}");
    }
    // A segment as the group: its members counted from the segmentation itself.
    let (data, _) = read_bytes(SALES, IngestOptions::default()).unwrap();
    let s = clientela::segment::segment(&data, &Default::default()).unwrap();
    let lost = s.scores.segment.iter().filter(|&&g| g == clientela::segment::Segment::Lost).count() as u64;
    assert_eq!(run(SALES, None, Some("segment:lost")).group.customers, lost);
}

/// Online Retail (UCI, ../shared/data): the Country profile of decile 1 against an independent computation
/// with pandas 3.0 and SciPy 1.17 (run from the repository root):
///
/// ```python
/// import math, pandas as pd
/// from scipy.stats import fisher_exact
/// d = pd.read_csv("../shared/data/online_retail.csv.gz", dtype={"CustomerID": str, "InvoiceNo": str})
/// d = d[d.CustomerID.notna()]
/// country = d.groupby("CustomerID", sort=False).Country.agg(lambda s: s.dropna().iloc[0] if s.notna().any() else None)
/// buy = d[(d.Quantity > 0) & (d.UnitPrice > 0) & ~d.InvoiceNo.str.startswith("C")]
/// rev = (buy.Quantity * buy.UnitPrice).groupby(buy.CustomerID).sum()
/// ranked = sorted(rev.index, key=lambda c: (-rev[c], c))
/// n = len(ranked); g = math.ceil(n / 10); best = set(ranked[:g])
/// c = country[rev.index]
/// print(n, g)
/// for v, k in c.value_counts().items():
///     a = sum(1 for cid in best if c[cid] == v)
///     p = fisher_exact([[a, g - a], [k - a, n - g - k + a]]).pvalue
///     print(v, k, a, repr((a / g) / (k / n)), repr(float(p)))
/// ```
/// It printed `4338 434` and the rows below (the first ten by customers).
#[test]
fn online_retail_country_profile() {
    let Some(gz) = common::online_retail_gz() else { return };
    let r = run(&gz, None, None);
    assert_eq!((r.customers, r.group.customers), (4338, 434));
    let country = attribute(&r, "Country");
    assert_eq!(country.values.len(), 37);
    let want: [(&str, u64, u64, f64, f64); 10] = [
        ("United Kingdom", 3920, 354, 0.9026450672434873, 2.85798664180766e-09),
        ("Germany", 94, 22, 2.3393469948034125, 0.00014414354567139203),
        ("France", 87, 18, 2.068012076910853, 0.0030024988504372867),
        ("Spain", 28, 6, 2.141869651086241, 0.05451771461152331),
        ("Belgium", 24, 3, 1.2494239631336406, 0.7276732457366668),
        ("Switzerland", 20, 5, 2.498847926267281, 0.04286096756352703),
        ("Portugal", 19, 2, 1.0521464952704342, 1.0),
        ("Italy", 14, 0, 0.0, 0.3863110769592538),
        ("Finland", 12, 2, 1.6658986175115207, 0.3412631968071831),
        ("Norway", 10, 4, 3.9981566820276497, 0.012707685942119462),
    ];
    for (k, (value, customers, best, index, p)) in want.into_iter().enumerate() {
        let v = &country.values[k];
        assert_eq!((v.value.as_str(), v.customers, v.customers_best), (value, customers, best));
        assert!((v.index.unwrap() - index).abs() < 1e-12, "{value}: index {:?} vs {index}", v.index);
        // SciPy sums the same terms in another order: agreement to 1e-9 relative.
        assert!((v.p_value - p).abs() <= 1e-9 * p, "{value}: p {} vs {p}", v.p_value);
    }
    assert_eq!(country.values.iter().map(|v| v.customers).sum::<u64>(), 4338);
}

/// Random shops: every customer is counted exactly once per attribute (the rows' `customers` sum to all
/// customers and their `customers_best` to the group), whatever is missing, duplicated or unmatched.
fn shop() -> impl Strategy<Value = (String, String)> {
    let line = (0u32..30, 1u32..5, 0u32..4, prop::option::of(0u32..40));
    let cust = (0u32..40, prop::option::of(0u32..90), prop::option::of(0u32..3), prop::option::of(1990u32..2024));
    (prop::collection::vec(line, 1..80), prop::collection::vec(cust, 0..60)).prop_map(|(lines, custs)| {
        let mut s = String::from("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
        for (i, (c, price, country, day)) in lines.iter().enumerate() {
            let country = ["", "DE", "FR", "UK"][*country as usize];
            let day = day.map_or("2011-02-01".to_string(), |d| format!("2011-01-{:02}", d % 28 + 1));
            s.push_str(&format!("{i},A,1,{day},{price}.5,k{c},{country}\n"));
        }
        let mut t = String::from("customer_id;age;tier;joined\n");
        for (c, age, tier, year) in custs {
            let age = age.map_or(String::new(), |a| (a + 10).to_string());
            let tier = tier.map_or("", |t| ["gold", "silver", "bronze"][t as usize]);
            let year = year.map_or(String::new(), |y| format!("{y}-05-01"));
            t.push_str(&format!("k{c};{age};{tier};{year}\n"));
        }
        (s, t)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_customer_counted_once_per_attribute((sales, customers) in shop(), group in prop_oneof![Just("best"), Just("worst"), Just("stage:new")]) {
        let (data, report) = read_bytes(sales.as_bytes(), IngestOptions::default()).unwrap();
        let table = audience::read_customers(customers.as_bytes(), &CustomersOptions::default()).ok();
        // A customers file with at least one row always reads (its header names the id column).
        prop_assert!(table.is_some() || customers.lines().count() == 1);
        let options = ProfileOptions { group: Some(group.to_string()), ..Default::default() };
        let r = audience::profile(Sales { data: &data, number: audience::number_format(&report) }, table.as_ref(), &options).unwrap();
        for a in &r.attributes {
            prop_assert_eq!(a.values.iter().map(|v| v.customers).sum::<u64>(), r.customers, "{}", &a.name);
            prop_assert_eq!(a.values.iter().map(|v| v.customers_best).sum::<u64>(), r.group.customers, "{}", &a.name);
            prop_assert!(a.values.iter().all(|v| v.customers > 0 && (0.0..=1.0).contains(&v.p_value)));
        }
        if let Some(j) = &r.join {
            prop_assert_eq!(j.matched + j.customers_without_attributes, r.customers);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any bytes as a customers file: a table or a typed error, never a panic; a table joins and profiles.
    #[test]
    fn any_customers_file_reads_or_refuses(bytes in prop::collection::vec(prop_oneof![Just(b';'), Just(b','), Just(b'\n'), Just(b'"'), Just(b'1'), Just(b'c'), any::<u8>()], 0..400), id in prop::option::of(prop_oneof![Just("1"), Just("2"), Just("customer_id")])) {
        let mut text = b"customer_id;age;city\nc01;".to_vec();
        text.extend_from_slice(&bytes);
        let opts = CustomersOptions { id_column: id.map(str::to_string), ..Default::default() };
        if let Ok(t) = audience::read_customers(&text, &opts) {
            let (data, report) = read_bytes(SALES, IngestOptions::default()).unwrap();
            let r = audience::profile(Sales { data: &data, number: audience::number_format(&report) }, Some(&t), &ProfileOptions::default()).unwrap();
            prop_assert!(r.attributes.iter().all(|a| a.values.iter().map(|v| v.customers).sum::<u64>() == 20));
        }
        let _ = audience::read_customers(&bytes, &CustomersOptions::default());
    }
}

/// The command: JSON with the issue's keys, the text's plain sentence, the CSV, and the customers file's
/// own flag in an error.
#[test]
fn profile_command() {
    let dir = std::env::temp_dir().join(format!("clientela-profile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("profile.csv");
    let (sales, customers) = ("tests/data/profile_sales.csv", "tests/data/profile_customers.csv");
    let out = common::cli(&["profile", sales, "--customers", customers, "--json", "--out", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let de = &json["attributes"][0]["values"][1];
    assert_eq!(json["attributes"][0]["name"], "Country");
    for key in ["value", "customers", "share_best", "share_all", "index", "p_value"] {
        assert!(de.get(key).is_some(), "key {key} in {de}");
    }
    assert_eq!((de["value"].as_str(), de["customers"].as_u64(), de["share_best"].as_f64()), (Some("DE"), Some(3), Some(1.0)));
    assert_eq!(json["join"]["matched"], 18);
    let table = std::fs::read_to_string(&csv).unwrap();
    let mut lines = table.lines();
    assert_eq!(lines.next(), Some("attribute,source,kind,value,customers,customers_best,share_best,share_all,index,p_value,small,group"));
    // 3 country rows, 6 age bins, 3 gender rows, 5 signup rows.
    assert_eq!(lines.count(), 17);
    assert!(table.contains("\nCountry,sales,category,DE,3,2,1,0.15,"), "{table}");

    let text = common::cli(&["profile", sales, "--customers", customers]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("best customers are 6.7× as often in DE (p = 0.016)"), "{text}");
    assert!(text.contains("best customers are 10.0× as often with signup 2015 (p = 0.005)"), "{text}");

    let e = common::cli(&["profile", sales, "--customers", customers, "--customers-id-column", "nope", "--json"]);
    assert_eq!(e.status.code(), Some(2));
    let body: serde_json::Value = serde_json::from_slice(&e.stderr).unwrap();
    assert_eq!(body["error"]["option"], "--customers-id-column");
    let e = common::cli(&["profile", sales, "--group", "segment:nobody", "--json"]);
    assert_eq!(e.status.code(), Some(2));
    let body: serde_json::Value = serde_json::from_slice(&e.stderr).unwrap();
    assert_eq!(body["error"]["option"], "--group");
    std::fs::remove_dir_all(&dir).ok();
}

/// The customers file as a workbook (ages as numbers, signups as date cells) and gzipped gives the same
/// profile as the CSV worked by hand in `hand_worked_fixture`.
#[test]
fn customers_file_as_xlsx_and_gzip() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let text = std::str::from_utf8(CUSTOMERS).unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split(';').enumerate() {
            let (r, c) = (r as u32, c as u16);
            if cell.is_empty() {
                continue;
            }
            if r > 0 && c == 1 {
                ws.write_number(r, c, cell.parse::<f64>().unwrap()).unwrap();
            } else if r > 0 && c == 3 {
                let p: Vec<u16> = cell.split('.').map(|x| x.parse().unwrap()).collect();
                let dt = ExcelDateTime::from_ymd(p[2], p[1] as u8, p[0] as u8).unwrap();
                ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
            } else {
                ws.write_string(r, c, cell).unwrap();
            }
        }
    }
    let book = wb.save_to_buffer().unwrap();
    let from_csv = run(SALES, Some(CUSTOMERS), None);
    let from_xlsx = run(SALES, Some(&book), None);
    assert_eq!(from_xlsx.attributes, from_csv.attributes);
    assert_eq!(from_xlsx.join.as_ref().map(|j| (j.matched, j.file.duplicate_ids)), Some((18, 1)));

    let mut gz = Vec::new();
    let mut enc = flate2::write::GzEncoder::new(&mut gz, flate2::Compression::default());
    std::io::Write::write_all(&mut enc, CUSTOMERS).unwrap();
    enc.finish().unwrap();
    assert_eq!(run(SALES, Some(&gz), None).attributes, from_csv.attributes);
}

/// The customers file is read under the caller's memory limit, like the sales file (the page sets one).
#[test]
fn customers_file_memory_limit() {
    let mut text = String::from("customer_id,city,note\n");
    for k in 0..200_000 {
        text.push_str(&format!("k{k},city{},{}\n", k % 97, "x".repeat(40)));
    }
    let opts = CustomersOptions { ingest: IngestOptions { max_memory_mb: Some(1), ..Default::default() }, ..Default::default() };
    assert_eq!(audience::read_customers(text.as_bytes(), &opts).unwrap_err().code(), "too_large");
    let t = audience::read_customers(text.as_bytes(), &CustomersOptions::default()).unwrap();
    assert_eq!((t.summary.rows, t.summary.ids), (200_000, 200_000));
}
