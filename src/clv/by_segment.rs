//! Lifetime value by RFM segment: the join of a value report with a segmentation of the same table (by
//! customer id), summed per segment. Customers the segmentation does not know (their only purchases after
//! its as-of date, say) are under the segment `""`.

use std::collections::HashMap;

use serde::Serialize;

use super::ClvReport;
use crate::dataset::Dataset;
use crate::segment::Segmentation;

/// One segment's customers and value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentValue {
    /// The RFM segment's name (`""`: not in the segmentation).
    pub segment: String,
    /// Customers of the value report in the segment.
    pub customers: usize,
    /// Their summed CLV (customers without a value count as 0).
    pub clv: f64,
    /// Their mean P(alive).
    pub p_alive: f64,
}

/// The value report's customers summed by the segmentation's RFM segment, most value first (equal value
/// by name).
pub fn by_segment(report: &ClvReport, ds: &Dataset, s: &Segmentation) -> Vec<SegmentValue> {
    let segment_of: HashMap<&str, &'static str> =
        s.profiles.rows.iter().zip(&s.scores.segment).map(|(row, seg)| (ds.customers.get(row.customer), seg.name())).collect();
    let mut sums: HashMap<&str, SegmentValue> = HashMap::new();
    for c in &report.customers {
        let key = segment_of.get(c.customer.as_str()).copied().unwrap_or("");
        let e = sums.entry(key).or_insert_with(|| SegmentValue { segment: key.to_string(), customers: 0, clv: 0.0, p_alive: 0.0 });
        e.customers += 1;
        e.clv += c.clv.filter(|v| v.is_finite()).unwrap_or(0.0);
        e.p_alive += c.p_alive;
    }
    let mut out: Vec<SegmentValue> = sums.into_values().map(|s| SegmentValue { p_alive: s.p_alive / s.customers as f64, ..s }).collect();
    out.sort_by(|a, b| b.clv.total_cmp(&a.clv).then_with(|| a.segment.cmp(&b.segment)));
    out
}
