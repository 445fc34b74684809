//! Real files as their owners have them, read with everything detected (no flag, no column named): the CDNOW
//! master file (tests/data/cdnow, see its README) — space-aligned, a header of its own words, `yyyymmdd`
//! dates and a money column named `dollar_value`. Before content-based detection its money column was kept
//! as "other" and the revenue read 0.00 with no word. Expected figures computed independently with Python
//! from the file (in the README there): 69,659 rows, 23,570 customers, 67,591 customer-days, dollar value
//! 2,500,315.63, 80 rows of 0.00; 23,502 customers with a purchase above 0.

use std::io::Read;

use clientela::ingest::roles::Role;
use clientela::ingest::{self, IngestOptions};

fn cdnow() -> Vec<u8> {
    let gz = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cdnow/CDNOW_master.txt.gz")).unwrap();
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut text).unwrap();
    text
}

#[test]
fn cdnow_master_reads_with_everything_detected() {
    let (ds, r) = ingest::read_bytes(&cdnow(), IngestOptions::default()).unwrap();
    assert_eq!((r.rows.total, r.rows.used, r.rows.rejected), (69_659, 69_659, 0));
    let role = |name: &str| r.columns.iter().find(|c| c.name == name).map(|c| c.role);
    assert_eq!(role("customer_id"), Some(Role::Customer));
    assert_eq!(role("date"), Some(Role::Date));
    assert_eq!(role("number_of_cds"), Some(Role::Quantity));
    assert_eq!(role("dollar_value"), Some(Role::Amount), "{:?}", r.columns);
    assert_eq!(r.dialect.date_format.as_deref(), Some("yyyymmdd"));
    assert_eq!(r.summary.customers, 23_570);
    assert!((r.summary.revenue - 2_500_315.63).abs() < 0.005, "revenue {}", r.summary.revenue);
    assert_eq!(r.lines.nonpositive_price, 80);
    assert_eq!(r.lines.purchases, 69_659 - 80);
    assert!(r.problem.is_none());
    assert!(r.warnings.iter().all(|w| w.code != "no_money_column"), "{:?}", r.warnings);

    let s = clientela::segment::segment(&ds, &Default::default()).map_err(|e| e.to_string()).unwrap();
    assert_eq!(s.report.customers, 23_502);
    assert!((s.report.revenue - 2_500_315.63).abs() < 0.005);
}

#[test]
fn cdnow_master_through_the_command_line() {
    let dir = std::env::temp_dir().join(format!("clientela-real-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("CDNOW_master.txt");
    std::fs::write(&path, cdnow()).unwrap();
    let out =
        std::process::Command::new(env!("CARGO_BIN_EXE_clientela")).args(["segment", path.to_str().unwrap(), "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["customers"], 23_502);
    let _ = std::fs::remove_dir_all(&dir);
}
