//! No silent empty answers (issue "real exports read right the first time", item 5): a read that leaves
//! nothing to analyse is an error that names what is missing, what was tried and the column to fix; the CLI
//! exits non-zero (4: nothing to analyse, 5: an analysis declined); a customer analysis on a table whose
//! customer column is empty is refused. Every file here is small and its outcome worked out by hand.

use std::process::Command;

use clientela::error::ErrorCode;
use clientela::ingest::report::Reason;
use clientela::ingest::roles::Role;
use clientela::ingest::{self, IngestOptions};

fn read(text: &str) -> clientela::DataReport {
    ingest::read_bytes(text.as_bytes(), IngestOptions::default()).unwrap().1
}

/// Writes `text` to a temporary file and runs the CLI on it.
fn cli(name: &str, text: &str, args: &[&str]) -> std::process::Output {
    let dir = std::env::temp_dir().join(format!("clientela-unusable-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let mut all = vec![args[0], path.to_str().unwrap()];
    all.extend_from_slice(&args[1..]);
    Command::new(env!("CARGO_BIN_EXE_clientela")).args(&all).output().unwrap()
}

/// Shaped like a Shopify orders export whose item column is empty: "Lineitem sku" is read as the item code
/// by its name and is empty on every line (shops without SKUs), so every row is rejected as `missing_value`.
/// By hand: 3 rows, all rejected because of column 4 ("Lineitem sku").
const EMPTY_ITEM_COLUMN: &str = "Order,Email,Date,Lineitem sku,Quantity,Price\n\
                                 1001,ann@example.com,2024-01-02,,1,9.50\n\
                                 1002,bob@example.com,2024-01-03,,2,4.00\n\
                                 1003,ann@example.com,2024-02-01,,1,12.00\n";

#[test]
fn every_row_rejected_names_the_column_and_its_role() {
    let r = read(EMPTY_ITEM_COLUMN);
    assert_eq!((r.rows.total, r.rows.used), (3, 0));
    let p = r.problem.as_ref().expect("a problem");
    assert_eq!(p.code, "no_rows_used");
    assert_eq!(p.column, Some(3));
    assert_eq!(p.column_name.as_deref(), Some("Lineitem sku"));
    assert_eq!(p.role, Some(Role::ItemCode));
    assert_eq!(p.reason, Some(Reason::MissingValue));
    assert!(p.message.contains("all 3 rows were rejected"), "{}", p.message);
    assert!(p.message.contains("\"Lineitem sku\", read as the item code, is empty"), "{}", p.message);
    assert!(!p.message.contains("--"), "the core names no flag: {}", p.message);
    // The rejection itself says which column caused it.
    assert_eq!(r.rejections[0].column, Some(3));
    assert_eq!(r.rejections[0].column_count, 3);
    assert_eq!(r.check().unwrap_err().code(), "no_rows_used");
}

#[test]
fn the_cli_prints_the_report_then_exits_4_with_the_flag_to_use() {
    let out = cli("empty-item.csv", EMPTY_ITEM_COLUMN, &["inspect"]);
    assert_eq!(out.status.code(), Some(4));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("3 total = 0 used + 3 rejected"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--item-column"), "{stderr}");

    let out = cli("empty-item.csv", EMPTY_ITEM_COLUMN, &["segment", "--json"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(out.stdout.is_empty(), "no report when there is nothing to analyse");
    let e: serde_json::Value = serde_json::from_slice(&out.stderr).expect("a JSON error on stderr");
    assert_eq!(e["error"]["code"], "no_rows_used");
    assert!(e["error"]["hint"].as_str().unwrap().contains("--item-column"));

    // The same file with the column taken away reads: 3 purchases, revenue 9.50 + 8.00 + 12.00 = 29.50.
    let out = cli("empty-item.csv", EMPTY_ITEM_COLUMN, &["inspect", "--json", "--ignore-column", "Lineitem sku"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["revenue"], 29.5);
    assert!(v["problem"].is_null());
}

#[test]
fn rows_used_but_no_purchase_is_a_problem() {
    // Every quantity is negative: two returns, nothing bought.
    let r = read("order,customer,date,item,qty,price\n1,a,2024-01-02,x,-1,2.50\n2,b,2024-01-03,y,-2,3.00\n");
    assert_eq!((r.rows.used, r.lines.purchases, r.lines.returns), (2, 0, 2));
    let p = r.problem.expect("a problem");
    assert_eq!(p.code, "no_purchases");
    assert!(p.message.contains("2 are returns or cancellations"), "{}", p.message);
}

#[test]
fn a_header_without_rows_is_a_problem() {
    let r = read("order,customer,date,item,qty,price\n");
    assert_eq!(r.rows.total, 0);
    assert_eq!(r.problem.expect("a problem").code, "no_data_rows");
    let out = cli("header-only.csv", "order,customer,date,item,qty,price\n", &["segment"]);
    assert_eq!(out.status.code(), Some(4));
}

#[test]
fn a_readable_file_has_no_problem() {
    let r = read("order,customer,date,item,qty,price\n1,a,2024-01-02,x,1,2.50\n2,b,2024-01-03,y,-2,3.00\n");
    assert!(r.problem.is_none());
    assert!(r.check().is_ok());
}

#[test]
fn an_empty_customer_column_refuses_customer_analyses() {
    // Customer ids missing on every line: baskets still work, customer analyses say what is missing.
    let text = "order,customer,date,item,qty,price\n1,,2024-01-02,x,1,2.50\n2,,2024-01-03,y,2,3.00\n";
    let (ds, r) = ingest::read_bytes(text.as_bytes(), IngestOptions::default()).unwrap();
    assert!(r.problem.is_none(), "purchases were read");
    let Err(e) = clientela::segment::segment(&ds, &Default::default()) else { panic!("customer analyses are refused") };
    assert_eq!(e.code(), "no_customers");
    let out = cli("no-customers.csv", text, &["segment"]);
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--customer-column"));
    let out = cli("no-customers.csv", text, &["rules", "--min-support", "0.5"]);
    assert_eq!(out.status.code(), Some(0), "baskets need no customer: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn no_money_column_is_said() {
    // Purchases without any price or amount column: they are read, and the report says their value is
    // unknown instead of showing a revenue of 0 with no word.
    let r = read("customer,date,item\nann,2024-01-02,tea\nbob,2024-01-03,coffee\n");
    assert_eq!(r.lines.purchases, 2);
    assert!(r.problem.is_none());
    assert!(
        r.warnings.iter().any(|w| w.code == "no_money_column" && w.text.starts_with("no unit price or amount column")),
        "{:?}",
        r.warnings
    );
}
