//! The profile as CSV: one line per attribute value, in report order. Text cells are made safe for
//! spreadsheets as in the per-customer table ([`crate::segment::export::safe_text`]); shares and the index
//! are written with full precision, p-values as they are (they may be tiny); an unknown index is empty.

use std::io::Write;

use super::ProfileReport;
use crate::segment::export::safe_text;

/// The CSV header, the column names being the JSON keys.
pub const HEADER: [&str; 12] = [
    "attribute",
    "source",
    "kind",
    "value",
    "customers",
    "customers_best",
    "share_best",
    "share_all",
    "index",
    "p_value",
    "small",
    "group",
];

/// Writes the rows of every attribute.
pub fn write_csv(out: impl Write, r: &ProfileReport) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(HEADER)?;
    for a in &r.attributes {
        let kind = serde_json::to_value(a.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        for v in &a.values {
            w.write_record([
                safe_text(&a.name).as_ref(),
                a.source,
                &kind,
                safe_text(&v.value).as_ref(),
                &v.customers.to_string(),
                &v.customers_best.to_string(),
                &v.share_best.to_string(),
                &v.share_all.to_string(),
                &v.index.map_or(String::new(), |x| x.to_string()),
                &v.p_value.to_string(),
                if v.small { "1" } else { "0" },
                &r.group.key,
            ])?;
        }
    }
    w.flush()
}
