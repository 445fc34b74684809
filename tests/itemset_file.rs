//! Itemset files (the output of the Spark baskets job, `docs/warehouse.md`) read back into rules.
//!
//! Oracle of the round trip: Clientela's own miner. Its itemsets of a fixture, written as an itemset file
//! (`basket::write_itemsets`, the format's reference writer) and read back, must give the report of
//! `basket::mine` on the line items, key for key (arules semantics: `src/basket/rules.rs`), at the file's
//! support and at stricter options; in another order, and split in parts as Spark writes them, too.
//! Malformed files give typed errors that name the line; random text never panics. The same comparison
//! against MLlib's FPGrowth itself runs in `scripts/spark-check.sh` (Spark is not installed by the tests).

use crate::common;

use clientela::basket::{self, Header, ItemsetFile, MineParams, RulesOptions, Target, frequent_itemsets, read_itemsets, transactions};
use clientela::error::ErrorCode;
use clientela::ingest::{IngestOptions, read_bytes};
use proptest::prelude::*;

const LINES: &str = include_str!("data/basket_lines.csv");

/// The itemset file of our own miner on `csv` at options `o` (as the Spark job writes it: header first).
fn file_of(csv: &[u8], o: &RulesOptions) -> Vec<u8> {
    let (ds, _) = read_bytes(csv, IngestOptions::default()).unwrap();
    let t = transactions(&ds, o.item_key, None);
    let min_count = o.min_count_for(t.len());
    let p = MineParams { min_count, max_len: o.max_len.unwrap_or(usize::MAX), max_itemsets: o.max_itemsets };
    let sets = frequent_itemsets(&t.items, &t.offsets, t.labels.len(), p).unwrap();
    let header = Header {
        clientela_itemsets: 1,
        baskets: t.len() as u64,
        min_count: min_count as u64,
        min_support: Some(o.min_support),
        max_len: o.max_len,
        item_key: o.item_key,
        miner: Some("clientela".into()),
        transactions: Some(t.report.clone()),
    };
    let mut out = Vec::new();
    basket::write_itemsets(&mut out, &header, &sets, &t.labels).unwrap();
    out
}

fn read(bytes: &[u8]) -> Result<ItemsetFile, basket::ItemsetFileError> {
    read_itemsets([("itemsets.jsonl".to_string(), bytes)], 1000)
}

/// The report of `mine` on the line items and of the itemset file, as JSON.
fn both(csv: &[u8], file: &[u8], o: &RulesOptions) -> (serde_json::Value, serde_json::Value) {
    let (ds, _) = read_bytes(csv, IngestOptions::default()).unwrap();
    let mined = basket::mine(&ds, o, None).unwrap();
    let f = read_itemsets([("f".to_string(), file)], o.max_itemsets).unwrap();
    let back = basket::rules_from_itemsets(&f, o).unwrap();
    (serde_json::to_value(mined).unwrap(), serde_json::to_value(back).unwrap())
}

#[test]
fn own_itemsets_read_back_give_the_same_report() {
    let at = RulesOptions { min_support: 0.1, ..Default::default() };
    let file = file_of(LINES.as_bytes(), &at);
    for o in [
        at.clone(),
        RulesOptions { min_confidence: 0.2, max_consequent: 2, ..at.clone() },
        RulesOptions { min_confidence: 0.0, itemsets: Target::Closed, prune_redundant: true, ..at.clone() },
        RulesOptions { itemsets: Target::Maximal, sort_by: basket::Metric::Conviction, ..at.clone() },
        RulesOptions { include: vec!["TEA".into()], exclude: vec!["MUG".into()], min_lift: Some(1.1), ..at.clone() },
        // Stricter than the file: its itemsets below 3 baskets and above 2 items are dropped.
        RulesOptions { min_support: 0.3, max_len: Some(2), min_confidence: 0.1, ..at.clone() },
    ] {
        let (a, b) = both(LINES.as_bytes(), &file, &o);
        assert_eq!(a, b, "{o:?}");
    }
    let report = basket::rules_from_itemsets(&read(&file).unwrap(), &at).unwrap();
    // By hand from tests/data/basket_lines.csv: 10 orders, {POT, TEA} in 5 of them.
    assert_eq!((report.transactions.baskets, report.top_itemsets[0].count), (10, 5));
    assert_eq!(report.top_itemsets[0].items, ["POT", "TEA"]);
}

#[test]
fn order_and_parts_do_not_matter() {
    let o = RulesOptions { min_support: 0.1, min_confidence: 0.2, ..Default::default() };
    let file = file_of(LINES.as_bytes(), &o);
    let text = String::from_utf8(file.clone()).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    lines.reverse();
    let (a, b) = lines.split_at(lines.len() / 2);
    // As Spark writes them: the header alone in the first part, an empty part, CRLF and a blank line.
    let parts = [
        ("part-00000".to_string(), format!("{header}\n").into_bytes()),
        ("part-00001".to_string(), Vec::new()),
        ("part-00002".to_string(), (a.join("\r\n") + "\r\n\r\n").into_bytes()),
        ("part-00003".to_string(), b.join("\n").into_bytes()),
    ];
    let f = read_itemsets(parts.iter().map(|(n, b)| (n.clone(), &b[..])), 1000).unwrap();
    let one = read(&file).unwrap();
    let (x, y) = (basket::rules_from_itemsets(&f, &o).unwrap(), basket::rules_from_itemsets(&one, &o).unwrap());
    assert_eq!(serde_json::to_value(x).unwrap(), serde_json::to_value(y).unwrap());
}

#[test]
fn online_retail_round_trip() {
    let Some(gz) = common::online_retail_gz() else { return };
    let o = RulesOptions { min_support: 0.01, min_confidence: 0.5, ..Default::default() };
    let file = file_of(&gz, &o);
    let (mut a, b) = both(&gz, &file, &o);
    // The one view that differs: the file has the counts of frequent items only, the line items of every
    // item (those below the support are listed too when fewer than `max_listed` are frequent).
    let min = a["min_count"].as_u64().unwrap();
    let freq = a["item_frequencies"].as_array().unwrap().iter().filter(|i| i["count"].as_u64().unwrap() >= min).cloned().collect();
    a["item_frequencies"] = serde_json::Value::Array(freq);
    assert_eq!(a, b);
    assert!(b["rules"].as_u64().unwrap() > 0);
}

#[test]
fn stricter_only() {
    let o = RulesOptions { min_support: 0.2, max_len: Some(2), ..Default::default() };
    let f = read(&file_of(LINES.as_bytes(), &o)).unwrap();
    let e = basket::rules_from_itemsets(&f, &RulesOptions { min_support: 0.1, max_len: Some(2), ..Default::default() }).unwrap_err();
    assert_eq!(e.code(), "support_below_file", "{e}");
    assert!(e.to_string().contains("mined at a minimum support of 2 baskets"), "{e}");
    let e = basket::rules_from_itemsets(&f, &RulesOptions { min_support: 0.2, ..Default::default() }).unwrap_err();
    assert_eq!(e.code(), "longer_than_file", "{e}");
    let o = RulesOptions { min_support: 0.2, max_len: Some(2), compare_by: Some("segment".parse().unwrap()), ..Default::default() };
    assert_eq!(basket::rules_from_itemsets(&f, &o).unwrap_err().code(), "bad_parameter");
}

const H: &str = r#"{"clientela_itemsets": 1, "baskets": 10, "min_count": 2}"#;

/// `$text` read as an itemset file fails with `$code` at `$line` (0: no line).
macro_rules! malformed {
    ($($name:ident: $text:expr => $code:literal, $line:literal;)*) => {$(
        #[test]
        fn $name() {
            let e = read($text.as_bytes()).map(|_| ()).unwrap_err();
            assert_eq!((e.code(), e.line().unwrap_or(0)), ($code, $line), "{e}");
            assert!(e.to_string().contains("itemsets.jsonl") || $line == 0, "the message names the file: {e}");
        }
    )*};
}

malformed! {
    empty: "" => "itemset_file_empty", 0;
    blank_lines_only: "\n \n" => "itemset_file_empty", 0;
    no_header: "{\"items\": [\"A\"], \"freq\": 3}\n" => "no_itemset_header", 1;
    not_json: "A B C\n" => "no_itemset_header", 1;
    unknown_version: r#"{"clientela_itemsets": 2, "baskets": 10, "min_count": 2}"# => "bad_itemset_line", 1;
    min_count_above_baskets: r#"{"clientela_itemsets": 1, "baskets": 10, "min_count": 11}"# => "bad_itemset_line", 1;
    header_missing_baskets: r#"{"clientela_itemsets": 1, "min_count": 2}"# => "bad_itemset_line", 1;
    second_header: format!("{H}\n{{\"items\": [\"A\"], \"freq\": 3}}\n{H}\n") => "bad_itemset_line", 3;
    bad_json: format!("{H}\n{{\"items\": [\"A\"], \"freq\": 3}}\n{{\"items\": [\"B\"\n") => "bad_itemset_line", 3;
    freq_not_integer: format!("{H}\n{{\"items\": [\"A\"], \"freq\": 2.5}}\n") => "bad_itemset_line", 2;
    freq_below_min_count: format!("{H}\n{{\"items\": [\"A\"], \"freq\": 1}}\n") => "bad_itemset_line", 2;
    freq_above_baskets: format!("{H}\n{{\"items\": [\"A\"], \"freq\": 11}}\n") => "bad_itemset_line", 2;
    no_items: format!("{H}\n{{\"items\": [], \"freq\": 3}}\n") => "bad_itemset_line", 2;
    empty_item: format!("{H}\n{{\"items\": [\"\"], \"freq\": 3}}\n") => "bad_itemset_line", 2;
    item_twice: format!("{H}\n{{\"items\": [\"A\"], \"freq\": 3}}\n{{\"items\": [\"A\", \"A\"], \"freq\": 3}}\n") => "bad_itemset_line", 3;
    unknown_key: format!("{H}\n{{\"items\": [\"A\"], \"freq\": 3, \"x\": 1}}\n") => "bad_itemset_line", 2;
    itemset_twice: format!("{H}\n{{\"items\": [\"A\"], \"freq\": 3}}\n{{\"items\": [\"B\"], \"freq\": 3}}\n{{\"items\": [\"B\", \"A\"], \"freq\": 2}}\n{{\"items\": [\"A\", \"B\"], \"freq\": 2}}\n") => "duplicate_itemset", 5;
    subset_missing: format!("{H}\n{{\"items\": [\"A\"], \"freq\": 3}}\n{{\"items\": [\"A\", \"B\"], \"freq\": 2}}\n") => "itemsets_incomplete", 3;
    subset_count_smaller: format!("{H}\n{{\"items\": [\"A\"], \"freq\": 3}}\n{{\"items\": [\"B\"], \"freq\": 2}}\n{{\"items\": [\"A\", \"B\"], \"freq\": 3}}\n") => "itemsets_incomplete", 4;
    too_long: format!("{H}\n{}\n", "x".repeat(basket::itemset_file::MAX_LINE_BYTES + 1)) => "itemset_line_too_long", 2;
    too_many_items: format!("{H}\n{{\"items\": [{}], \"freq\": 3}}\n", (0..61).map(|i| format!("\"i{i}\"")).collect::<Vec<_>>().join(",")) => "bad_itemset_line", 2;
    longer_than_max_len: format!("{{\"clientela_itemsets\": 1, \"baskets\": 10, \"min_count\": 2, \"max_len\": 1}}\n{{\"items\": [\"A\", \"B\"], \"freq\": 3}}\n") => "bad_itemset_line", 2;
}

#[test]
fn the_budget_stops_reading() {
    let text =
        format!("{H}\n{{\"items\": [\"A\"], \"freq\": 3}}\n{{\"items\": [\"B\"], \"freq\": 3}}\n{{\"items\": [\"C\"], \"freq\": 3}}\n");
    let e = read_itemsets([("f".to_string(), text.as_bytes())], 2).map(|_| ()).unwrap_err();
    assert_eq!((e.code(), e.line()), ("too_many_itemsets", Some(4)), "{e}");
}

#[test]
fn the_cli_reads_a_directory_of_parts_and_refuses_a_bad_file() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("itemset_parts");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let o = RulesOptions { min_support: 0.1, ..Default::default() };
    std::fs::write(dir.join("part-00000-x.txt"), file_of(LINES.as_bytes(), &o)).unwrap();
    std::fs::write(dir.join("_SUCCESS"), b"").unwrap();
    std::fs::write(dir.join(".part-00000-x.txt.crc"), b"\x00\x01").unwrap();
    let lines = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/basket_lines.csv");
    let a = common::cli(&["rules", "--itemsets", dir.to_str().unwrap(), "--json"]);
    let b = common::cli(&["rules", lines.to_str().unwrap(), "--min-support", "0.1", "--json"]);
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert_eq!(String::from_utf8_lossy(&a.stdout), String::from_utf8_lossy(&b.stdout));
    std::fs::write(dir.join("part-00001-x.txt"), b"{\"items\": [\"TEA\", \"NEW\"], \"freq\": 1}\n").unwrap();
    let e = common::cli(&["rules", "--itemsets", dir.to_str().unwrap(), "--json"]);
    let err = String::from_utf8_lossy(&e.stderr);
    assert_eq!(e.status.code(), Some(5), "{err}");
    assert!(err.contains("\"itemsets_incomplete\"") && err.contains("\"line\":1"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn random_lines_never_panic(lines in prop::collection::vec("[{}\\[\\]\":,0-9a-z _]{0,40}", 0..8)) {
        let text = format!("{H}\n{}", lines.join("\n"));
        let _ = read(text.as_bytes());
        let _ = read(lines.join("\n").as_bytes());
    }
}

/// Regression: the synthetic shop's mean basket size, 57476 / 3995 = 14.386983729662077 as Python writes it,
/// was read back one unit in the last place lower (serde_json's fast float reading), and the report read
/// from Spark's itemsets differed from the line items' in that last bit.
#[test]
fn the_mean_basket_size_reads_back_exactly() {
    let t = r#"{"baskets": 3995, "items": 3972, "lines": 60000, "lines_used": 58817, "skipped_returns": 1064, "skipped_nonpositive_price": 119, "skipped_zero_quantity": 0, "repeated_items": 1341, "lines_without_order": 0, "baskets_without_customer": 424, "baskets_outside_segment": 0, "mean_basket_size": 14.386983729662077, "max_basket_size": 60}"#;
    let text = format!("{{\"clientela_itemsets\": 1, \"baskets\": 3995, \"min_count\": 40, \"transactions\": {t}}}\n");
    let f = read(text.as_bytes()).unwrap();
    assert_eq!(f.header.transactions.unwrap().mean_basket_size, 57476.0 / 3995.0);
}
