//! Phase 2: the RFM segment migration across the period: each customer's segment as of the period's
//! first day (from the purchases before it) against the segment as of the day after its last observed
//! day (from the purchases up to its end), with the customers and the period's revenue of each pair.

use serde::Serialize;

use crate::dataset::Dataset;
use crate::segment::rfm::{SEGMENTS, Segment, scores};
use crate::segment::{AnalysisError, profile::profiles};
use crate::time::day_string;

/// One row of the matrix: the customers who were in `from` at the start, by their segment at the end.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MigrationRow {
    /// The segment at the start; `null`: not a customer yet (no purchase before the period).
    pub from: Option<Segment>,
    /// Customers by segment at the end, in the order of [`Migration::segments`].
    pub customers: Vec<u64>,
    /// Their purchase revenue in the period, in the same order.
    pub revenue: Vec<f64>,
}

/// The from → to matrix and its summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Migration {
    /// The "from" segments are as of this date (the period's first day): purchases before it.
    pub from_as_of: String,
    /// The "to" segments are as of this date (the day after the period's last observed day).
    pub to_as_of: String,
    /// The segments, best first: the columns, and the rows before the last.
    pub segments: Vec<Segment>,
    /// Twelve rows: one per segment at the start, then customers new in the period (`from: null`).
    pub rows: Vec<MigrationRow>,
    /// Customers at the end (every customer with a purchase before `to_as_of`).
    pub customers: u64,
    /// Customers in the same segment at both dates.
    pub stayed: u64,
    /// Customers whose segment group is better at the end (best > growing > attention > lost).
    pub improved: u64,
    /// Customers whose segment group is worse at the end.
    pub worsened: u64,
    /// Customers who changed segment within the same group.
    pub moved_within_group: u64,
    /// Customers new in the period (no purchase before it).
    pub entered: u64,
}

/// Rank of a segment group, best first.
fn group_rank(s: Segment) -> u8 {
    match s.group() {
        "best" => 0,
        "growing" => 1,
        "attention" => 2,
        _ => 3,
    }
}

/// The migration from `start` to `end` (day numbers; `end` is the exclusive end of what is observed);
/// `spend` is each customer id's purchase revenue in the period.
pub fn migration(ds: &Dataset, start: i32, end: i32, spend: &[f64]) -> Result<Migration, AnalysisError> {
    let before = profiles(ds, Some(start))?;
    let after = profiles(ds, Some(end))?;
    let (sb, sa) = (scores(&before), scores(&after));
    let mut was = vec![None; ds.customers.len()];
    for (r, c) in before.rows.iter().enumerate() {
        if let Some(slot) = was.get_mut(c.customer as usize) {
            *slot = Some(sb.segment[r]);
        }
    }
    let index = |s: Segment| SEGMENTS.iter().position(|&x| x == s).unwrap_or(SEGMENTS.len() - 1);
    let n = SEGMENTS.len();
    let mut rows: Vec<MigrationRow> = SEGMENTS
        .iter()
        .map(|&s| Some(s))
        .chain([None])
        .map(|from| MigrationRow { from, customers: vec![0; n], revenue: vec![0.0; n] })
        .collect();
    let (mut stayed, mut improved, mut worsened, mut within, mut entered) = (0, 0, 0, 0, 0);
    for (r, c) in after.rows.iter().enumerate() {
        let to = sa.segment[r];
        let from = was.get(c.customer as usize).copied().flatten();
        let row = from.map_or(n, index);
        rows[row].customers[index(to)] += 1;
        rows[row].revenue[index(to)] += spend.get(c.customer as usize).copied().unwrap_or(0.0);
        match from {
            None => entered += 1,
            Some(f) if f == to => stayed += 1,
            Some(f) if group_rank(to) < group_rank(f) => improved += 1,
            Some(f) if group_rank(to) > group_rank(f) => worsened += 1,
            Some(_) => within += 1,
        }
    }
    Ok(Migration {
        from_as_of: day_string(start),
        to_as_of: day_string(end),
        segments: SEGMENTS.to_vec(),
        rows,
        customers: after.rows.len() as u64,
        stayed,
        improved,
        worsened,
        moved_within_group: within,
        entered,
    })
}
