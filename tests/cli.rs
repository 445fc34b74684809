//! The command line's contract with scripts (docs/cli.md, "Exit codes"): each exit code — 0 done, 1 other
//! failure, 2 wrong usage, 3 unreadable input, 4 nothing to analyse, 5 declined — from the binary itself,
//! and with `--json` the error on standard error as `{"error": {code, message, hint, …}}` with `option`,
//! `value`, `line` and `column` where they apply. Each input is small and its outcome worked out by hand.

use std::path::PathBuf;
use std::process::Output;

use serde_json::Value;

/// Writes `text` to a file of its own in a temporary directory and returns its path.
fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("clientela-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn run(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_clientela")).args(args).output().expect("the CLI runs")
}

fn fixture(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Runs with `--json` appended, checks the exit code, and returns the `error` object printed on stderr
/// (which must be the only thing on stderr, one JSON line).
fn json_error(args: &[&str], code: i32) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let o = run(&all);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "{all:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line of JSON: {stderr}");
    let v: Value = serde_json::from_str(&stderr).unwrap_or_else(|e| panic!("{all:?}: not JSON ({e}): {stderr}"));
    let e = v["error"].clone();
    assert!(e["code"].is_string() && e["message"].as_str().is_some_and(|m| !m.is_empty()), "{e}");
    assert!(e.get("hint").is_some(), "hint is always a key (null when there is none): {e}");
    e
}

/// Seven lines of comma_iso.csv (tests/data): 4 customers, so `segment` and `rules` run.
const SHOP: &str = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n\
                    1001,A1,Tea cup,2,2024-01-05 09:15:00,3.50,C01,United Kingdom\n\
                    1001,B2,Tea pot,1,2024-01-05 09:15:00,12.00,C01,United Kingdom\n\
                    1002,A1,Tea cup,4,2024-01-09 14:00:00,3.50,C02,France\n\
                    1003,C3,Spoon set,10,2024-02-01 10:30:00,0.75,C03,United Kingdom\n\
                    1004,A1,Tea cup,1,2024-02-11 11:00:00,3.50,C01,United Kingdom\n\
                    1004,C3,Spoon set,2,2024-02-11 11:00:00,0.75,C01,United Kingdom\n\
                    1005,B2,Tea pot,1,2024-03-01 16:45:00,12.00,C04,Germany\n";

#[test]
fn exit_0_done() {
    let o = run(&["inspect", &fixture("comma_iso.csv"), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stderr.is_empty());
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["problem"].is_null());
}

#[test]
fn exit_2_unknown_flag_and_bad_value_keep_clap_text_or_give_json() {
    let shop = file("shop.csv", SHOP.as_bytes());
    let shop = shop.to_str().unwrap();
    // Without --json: clap's own message, which names the accepted values.
    let o = run(&["inspect", shop, "--date-format", "ydm"]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("invalid value 'ydm' for '--date-format <DATE_FORMAT>': expected ymd, dmy, mdy or yyyymmdd"), "{stderr}");
    assert_eq!(run(&["inspect", shop, "--no-such-flag"]).status.code(), Some(2));

    // With --json: the same, as JSON.
    let e = json_error(&["rules", shop, "--sort-by", "height"], 2);
    assert_eq!(e["code"], "bad_value");
    assert_eq!(e["option"], "--sort-by");
    assert_eq!(e["value"], "height");
    assert!(e["message"].as_str().unwrap().contains("expected lift, confidence, support, leverage, conviction or count"), "{e}");
    let e = json_error(&["inspect", shop, "--no-such-flag"], 2);
    assert_eq!(e["code"], "unknown_option");
    assert_eq!(e["option"], "--no-such-flag");
    let e = json_error(&["sequences", shop], 2);
    assert_eq!(e["code"], "missing_option");
    assert!(e["message"].as_str().unwrap().contains("--min-support"), "{e}");
    let e = json_error(&["inspect", shop, "--header", "--no-header"], 2);
    assert_eq!(e["code"], "conflicting_options");
}

#[test]
fn exit_2_parameter_out_of_range_names_the_flag() {
    let shop = file("shop-range.csv", SHOP.as_bytes());
    let shop = shop.to_str().unwrap();
    // The core names its option `clusters.k_max` (the range is 2 ..); the command line names its flag.
    let e = json_error(&["segment", shop, "--max-clusters", "1"], 2);
    assert_eq!(e["code"], "bad_parameter");
    assert_eq!(e["option"], "--max-clusters");
    assert_eq!(e["value"], "1");
    assert_eq!(e["hint"], "Change --max-clusters.");
    // An as-of date that is not a date.
    let e = json_error(&["segment", shop, "--as-of", "2024-02-30"], 2);
    assert_eq!(
        (e["code"].as_str(), e["option"].as_str(), e["value"].as_str()),
        (Some("bad_parameter"), Some("--as-of"), Some("2024-02-30"))
    );
    let o = run(&["segment", shop, "--max-clusters", "1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("\n  Change --max-clusters."));
}

#[test]
fn exit_2_bad_column_choice_names_the_flag_given() {
    let shop = file("shop-columns.csv", SHOP.as_bytes());
    let shop = shop.to_str().unwrap();
    let e = json_error(&["inspect", shop, "--customer-column", "Kunde"], 2);
    assert_eq!(e["code"], "bad_option");
    assert_eq!(e["option"], "--customer-column");
    assert_eq!(e["value"], "Kunde");
    // The reader calls the item-code role's choice `--item-code-column`; the flag is `--item-column`.
    let e = json_error(&["inspect", shop, "--item-column", "SKU"], 2);
    assert_eq!(e["option"], "--item-column");
    assert!(e["message"].as_str().unwrap().starts_with("--item-column \"SKU\": no such column"), "{e}");
    let o = run(&["inspect", shop, "--price-column", "Preis"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("clientela: --price-column \"Preis\": no such column"));
}

#[test]
fn exit_2_rule_syntax_error_has_line_and_column() {
    let shop = file("shop-rules.csv", SHOP.as_bytes());
    let shop = shop.to_str().unwrap();
    // Line 2, column 14 by hand: `frequency >= ` is 13 characters, then `->` where a number belongs.
    let rules = "frequency >= 2 -> \"Regular\"\nfrequency >= -> \"Bad\"";
    let e = json_error(&["segment", shop, "--rules", rules], 2);
    assert_eq!(e["code"], "bad_option");
    assert_eq!(e["option"], "--rules");
    assert_eq!((e["line"].as_u64(), e["column"].as_u64()), (Some(2), Some(14)), "{e}");
    assert!(e["message"].as_str().unwrap().contains("line 2, column 14"), "{e}");
}

#[test]
fn exit_3_unreadable_input() {
    let empty = file("empty.csv", b"");
    let e = json_error(&["inspect", empty.to_str().unwrap()], 3);
    assert_eq!(e["code"], "empty");
    // One column: no delimiter splits the lines.
    let one = file("one.csv", b"name\nann\nbob\ncid\n");
    assert_eq!(json_error(&["segment", one.to_str().unwrap()], 3)["code"], "one_column");
    // A gzip header followed by garbage.
    let gz = file("broken.csv.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage that is not deflate");
    assert_eq!(json_error(&["inspect", gz.to_str().unwrap()], 3)["code"], "gzip");
    let o = run(&["inspect", empty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(String::from_utf8_lossy(&o.stderr), "clientela: the file is empty: there are no rows to read\n");
}

#[test]
fn exit_4_nothing_to_analyse_after_the_report() {
    // Every quantity is negative: two returns, no purchase (the same file as tests/unusable.rs).
    let returns = file("returns.csv", b"order,customer,date,item,qty,price\n1,a,2024-01-02,x,-1,2.50\n2,b,2024-01-03,y,-2,3.00\n");
    let o = run(&["inspect", returns.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(4));
    let report: Value = serde_json::from_slice(&o.stdout).expect("inspect still prints its report");
    assert_eq!(report["problem"]["code"], "no_purchases");
    let e: Value = serde_json::from_slice(&o.stderr).unwrap();
    assert_eq!(e["error"]["code"], "no_purchases");
    assert_eq!(json_error(&["clv", returns.to_str().unwrap(), "--calibration-end", "2024-01-03"], 4)["code"], "no_purchases");
}

#[test]
fn exit_5_analysis_declined() {
    // No customer column: baskets run, a segmentation is declined with the flag to give.
    let text = b"order,date,item,qty,price\n1,2024-01-02,x,1,2.50\n2,2024-01-03,y,2,3.00\n";
    let path = file("no-customer.csv", text);
    let e = json_error(&["segment", path.to_str().unwrap()], 5);
    assert_eq!(e["code"], "no_customer_column");
    assert_eq!(e["hint"], "Give it with --customer-column NAME.");
    // Four customers, none bought twice before 2024-03-01: too few to fit the purchase model.
    let shop = file("shop-clv.csv", SHOP.as_bytes());
    let e = json_error(&["clv", shop.to_str().unwrap(), "--calibration-end", "2024-03-01"], 5);
    assert_ne!(e["code"], "bad_parameter");
    assert!(e["hint"].is_null(), "{e}");
}

#[test]
fn exit_1_output_cannot_be_written() {
    let shop = file("shop-out.csv", SHOP.as_bytes());
    let e = json_error(&["segment", shop.to_str().unwrap(), "--out", "/nonexistent-dir/customers.csv"], 1);
    assert_eq!(e["code"], "io");
    assert!(e["message"].as_str().unwrap().starts_with("/nonexistent-dir/customers.csv: "), "{e}");
    let o = run(&["generate", "--rows", "10", "-o", "/nonexistent-dir/shop.csv"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn help_and_version_exit_0_even_with_json() {
    for args in [&["--help"][..], &["segment", "--help", "--json"], &["--version"]] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(!o.stdout.is_empty() && o.stderr.is_empty(), "{args:?}");
    }
}
