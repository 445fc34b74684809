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
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SegmentValue {
    /// The RFM segment's name (`""`: not in the segmentation).
    pub segment: String,
    /// Customers of the value report in the segment.
    pub customers: usize,
    /// Their summed CLV (customers without a value count as 0).
    pub clv: f64,
    /// Their mean P(alive).
    pub p_alive: f64,
    /// The median of their mean gaps between purchases, in days (customers with a repeat purchase; `null`
    /// without any).
    pub typical_gap_days: Option<f64>,
    /// Of them, customers overdue (see [`super::timing`]).
    pub overdue: usize,
    /// Customers expected to buy within 30 days (the sum of their chances).
    pub expected_buyers_30: f64,
}

/// The value report's customers summed by the segmentation's RFM segment, most value first (equal value
/// by name).
pub fn by_segment(report: &ClvReport, ds: &Dataset, s: &Segmentation) -> Vec<SegmentValue> {
    let segment_of: HashMap<&str, &'static str> =
        s.profiles.rows.iter().zip(&s.scores.segment).map(|(row, seg)| (ds.customers.get(row.customer), seg.name())).collect();
    let unit_days = report.time_unit.days();
    let mut sums: HashMap<&str, (SegmentValue, Vec<f64>)> = HashMap::new();
    for c in &report.customers {
        let key = segment_of.get(c.customer.as_str()).copied().unwrap_or("");
        let (e, gaps) = sums.entry(key).or_insert_with(|| {
            let empty = SegmentValue {
                segment: key.to_string(),
                customers: 0,
                clv: 0.0,
                p_alive: 0.0,
                typical_gap_days: None,
                overdue: 0,
                expected_buyers_30: 0.0,
            };
            (empty, Vec::new())
        });
        e.customers += 1;
        e.clv += c.clv.filter(|v| v.is_finite()).unwrap_or(0.0);
        e.p_alive += c.p_alive;
        e.overdue += usize::from(c.overdue_by.is_some());
        e.expected_buyers_30 += if c.p_purchase_30.is_finite() { c.p_purchase_30 } else { 0.0 };
        gaps.extend(c.typical_gap.map(|g| g * unit_days));
    }
    let mut out: Vec<SegmentValue> = sums
        .into_values()
        .map(|(s, mut gaps)| SegmentValue { p_alive: s.p_alive / s.customers as f64, typical_gap_days: median(&mut gaps), ..s })
        .collect();
    out.sort_by(|a, b| b.clv.total_cmp(&a.clv).then_with(|| a.segment.cmp(&b.segment)));
    out
}

/// The median (the mean of the middle two for an even count); `None` when empty.
fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}
