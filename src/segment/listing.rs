//! Pages of the per-customer table for the page's "who is in this group" lists: the customers of one
//! RFM segment, cluster, rule label, lifecycle stage, spend band or profitable class, best customers first
//! (by revenue, equal revenue by customer id).

use crate::error::BadParameter;
use serde::{Deserialize, Serialize};

use super::{AnalysisError, CLASS_KEYS, Segmentation};
use crate::dataset::Dataset;
use crate::time::format_datetime;

/// Largest page.
pub const MAX_LIMIT: usize = 1000;

/// Which group to list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// Every customer.
    #[default]
    All,
    /// RFM segment name (`Champions`).
    Segment,
    /// Cluster number (`0`).
    Cluster,
    /// Rule label.
    Rule,
    /// Lifecycle stage key (`lapsing`).
    Stage,
    /// Spend band label (`10–25`).
    Band,
    /// Profitable class key (`top`, `core`, `falling`).
    Class,
    /// The RFM segment's group as the Overview stacks it (`best`, `growing`, `attention`, `lost`).
    SegmentGroup,
}

impl std::str::FromStr for GroupBy {
    type Err = String;
    /// A grouping by its JSON name (`segment`, `segment_group` or `segment-group`, `cluster`, `rule`,
    /// `stage`, `band`, `class`; `all` too).
    fn from_str(s: &str) -> Result<GroupBy, String> {
        serde_json::from_value(serde_json::Value::String(s.trim().replace('-', "_")))
            .map_err(|_| "expected segment, segment_group, cluster, rule, stage, band or class".into())
    }
}

/// A page request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct CustomerQuery {
    /// The grouping.
    pub by: GroupBy,
    /// The group (ignored for `all`).
    pub value: Option<String>,
    /// First row of the page (0-based).
    pub offset: usize,
    /// Rows per page (at most [`MAX_LIMIT`]).
    pub limit: usize,
}

impl Default for CustomerQuery {
    fn default() -> Self {
        CustomerQuery { by: GroupBy::All, value: None, offset: 0, limit: 50 }
    }
}

/// One customer as listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CustomerRow {
    /// Customer id as in the file.
    pub customer: String,
    /// First purchase.
    pub first_purchase: String,
    /// Last purchase.
    pub last_purchase: String,
    /// Days since the last purchase.
    pub recency_days: i32,
    /// Orders.
    pub frequency: u32,
    /// Revenue.
    pub monetary: f64,
    /// Average order value.
    pub average_order_value: f64,
    /// R, F, M scores as `"455"`.
    pub rfm: String,
    /// RFM segment.
    pub segment: &'static str,
    /// Profitable class key (empty for none).
    pub class: &'static str,
    /// Spend band label.
    pub band: String,
    /// Lifecycle stage key.
    pub stage: &'static str,
    /// Cluster, when clustering ran.
    pub cluster: Option<u32>,
    /// Rule label, when rules were applied.
    pub rule: Option<String>,
}

/// A page of customers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CustomerPage {
    /// Customers in the group.
    pub total: usize,
    /// First row of this page.
    pub offset: usize,
    /// The rows.
    pub rows: Vec<CustomerRow>,
}

/// The group of each profile row as text, for matching a query's value.
pub(crate) fn group_of(s: &Segmentation, by: GroupBy, i: usize) -> Option<String> {
    let rule_names = s.report.rule_segments.as_ref().and_then(|r| r.labels.as_ref());
    Some(match by {
        GroupBy::All => String::new(),
        GroupBy::Segment => s.scores.segment.get(i)?.name().to_string(),
        GroupBy::Cluster => s.cluster.as_ref()?.get(i)?.to_string(),
        GroupBy::Rule => rule_names?.get(*s.rule_label.as_ref()?.get(i)? as usize)?.label.clone(),
        GroupBy::Stage => s.stage.get(i)?.key().to_string(),
        GroupBy::Band => s.report.spend_bands.bands.get(*s.band.get(i)? as usize)?.band.clone(),
        GroupBy::Class => CLASS_KEYS[(*s.class.get(i)?).min(3) as usize].to_string(),
        GroupBy::SegmentGroup => s.scores.segment.get(i)?.group().to_string(),
    })
}

/// The customers of one group, best first, one page of them.
pub fn customers(ds: &Dataset, s: &Segmentation, q: &CustomerQuery) -> Result<CustomerPage, AnalysisError> {
    if q.limit == 0 || q.limit > MAX_LIMIT {
        return Err(AnalysisError::BadParameter(BadParameter::new(
            "limit",
            q.limit.to_string(),
            "expected between 1 and 1000 rows per page",
        )));
    }
    let p = &s.profiles;
    let want = q.value.as_deref().unwrap_or("");
    let mut members: Vec<usize> =
        (0..p.rows.len()).filter(|&i| q.by == GroupBy::All || group_of(s, q.by, i).is_some_and(|g| g == want)).collect();
    members.sort_by(|&a, &b| p.rows[b].monetary.total_cmp(&p.rows[a].monetary).then(p.id_rank[a].cmp(&p.id_rank[b])));
    let total = members.len();
    let rows = members
        .iter()
        .skip(q.offset)
        .take(q.limit)
        .map(|&i| {
            let c = &p.rows[i];
            CustomerRow {
                customer: ds.customers.get(c.customer).to_string(),
                first_purchase: format_datetime(c.first_purchase),
                last_purchase: format_datetime(c.last_purchase),
                recency_days: c.recency_days,
                frequency: c.frequency,
                monetary: c.monetary,
                average_order_value: c.average_order_value,
                rfm: format!("{}{}{}", s.scores.r[i], s.scores.f[i], s.scores.m[i]),
                segment: s.scores.segment[i].name(),
                class: CLASS_KEYS[s.class[i].min(3) as usize],
                band: group_of(s, GroupBy::Band, i).unwrap_or_default(),
                stage: s.stage.get(i).map_or("", |st| st.key()),
                cluster: group_of(s, GroupBy::Cluster, i).and_then(|v| v.parse().ok()),
                rule: group_of(s, GroupBy::Rule, i),
            }
        })
        .collect();
    Ok(CustomerPage { total, offset: q.offset, rows })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{IngestOptions, read_bytes};
    use crate::segment::{SegmentOptions, segment};

    #[test]
    fn pages_of_a_group_best_first() {
        let bytes = crate::synth::csv_bytes(&crate::synth::ShopParams { rows: 5_000, seed: 7, ..Default::default() });
        let (ds, _) = read_bytes(&bytes, IngestOptions::default()).unwrap();
        let opts = SegmentOptions { rules: Some("frequency >= 3 -> \"Regular\"; else \"Other\"".into()), ..Default::default() };
        let s = segment(&ds, &opts).unwrap();
        let n = s.profiles.rows.len();
        // Every grouping partitions the customers: the totals of its groups add up to all of them.
        let all = customers(&ds, &s, &CustomerQuery { limit: 1000, ..Default::default() }).unwrap();
        assert_eq!(all.total, n);
        let seg_total: usize = s
            .report
            .rfm_segments
            .iter()
            .map(|g| {
                customers(&ds, &s, &CustomerQuery { by: GroupBy::Segment, value: Some(g.name.to_string()), ..Default::default() })
                    .unwrap()
                    .total
            })
            .sum();
        assert_eq!(seg_total, n);
        let regular =
            customers(&ds, &s, &CustomerQuery { by: GroupBy::Rule, value: Some("Regular".into()), limit: 1000, ..Default::default() })
                .unwrap();
        assert_eq!(regular.total, s.profiles.rows.iter().filter(|c| c.frequency >= 3).count(), "brute force over the profiles");
        assert!(regular.rows.iter().all(|r| r.frequency >= 3 && r.rule.as_deref() == Some("Regular")));
        // Best first, and pages follow each other.
        assert!(all.rows.windows(2).all(|w| w[0].monetary >= w[1].monetary));
        let second = customers(&ds, &s, &CustomerQuery { offset: 50, limit: 50, ..Default::default() }).unwrap();
        assert_eq!(second.rows[0], all.rows[50]);
        assert!(customers(&ds, &s, &CustomerQuery { limit: 0, ..Default::default() }).is_err());
        let none =
            customers(&ds, &s, &CustomerQuery { by: GroupBy::Stage, value: Some("no such stage".into()), ..Default::default() }).unwrap();
        assert_eq!((none.total, none.rows.len()), (0, 0));
    }
}
