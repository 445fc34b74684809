//! The calibration summary: per customer `x` (repeat purchase days), `t_x`, `T` and the mean value of the
//! repeat purchases, plus what happened after the calibration end (the holdout).
//!
//! Purchase events are the purchase lines ([`LineKind::Purchase`]) and the lines at a price of exactly 0
//! (a free item or a $0 order is still a visit that bought something; Fader, Hardie & Lee count CDNOW's
//! $0.00 purchases): returns, cancellations, negative-price adjustments and zero-quantity lines are not
//! events. A $0 line adds no spend. Lines without a customer id are left out and counted, and a line
//! without an amount is a purchase worth nothing. Purchases on the same calendar day
//! are one purchase (their amounts added), as in Fader, Hardie & Lee's CDNOW data.
//!
//! Time: day `d` of a purchase is the number of days since 2000-01-01. The calibration period holds the
//! days up to and including the calibration end `e` (as lifetimes' `calibration_period_end` and the CDNOW
//! papers: the 39 weeks "through 1997-09-30" include that day); with `f` the first and `l` the last purchase
//! day in it, `t_x = (l − f) / unit` and `T = (e − f) / unit` where `unit` is 1 (days) or 7 (weeks). Inside
//! this module the ends are kept exclusive (`calibration_end_day = e + 1`). The holdout is the days after
//! `e` up to and including the holdout end. Customers whose first purchase is in the holdout are
//! not in the summary (the model predicts existing customers); they are counted.
//!
//! Cost: one pass over the rows and a counting sort of the purchase lines by customer, `O(rows +
//! customers)`; only a customer's own days are sorted, and only when the file is not in date order.

use serde::{Deserialize, Serialize};

use crate::dataset::{Dataset, LineKind, NONE};
use crate::segment::profile::check;
use crate::time::{Timestamp, day_of};

use super::error::ClvError;

/// The time unit of t_x, T, the horizon and the parameters α (and the tracking periods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// Days.
    Day,
    /// Weeks of 7 days (the unit of Fader, Hardie & Lee's CDNOW example).
    #[default]
    Week,
}

impl TimeUnit {
    /// Days per unit.
    pub fn days(self) -> f64 {
        match self {
            TimeUnit::Day => 1.0,
            TimeUnit::Week => 7.0,
        }
    }

    /// `day` or `week`.
    pub fn name(self) -> &'static str {
        match self {
            TimeUnit::Day => "day",
            TimeUnit::Week => "week",
        }
    }

    /// From `day`/`days`/`week`/`weeks`.
    pub fn from_name(s: &str) -> Option<TimeUnit> {
        match s.trim().to_ascii_lowercase().as_str() {
            "day" | "days" | "d" => Some(TimeUnit::Day),
            "week" | "weeks" | "w" => Some(TimeUnit::Week),
            _ => None,
        }
    }
}

impl std::str::FromStr for TimeUnit {
    type Err = String;
    /// [`TimeUnit::from_name`], with an error that lists the accepted names.
    fn from_str(s: &str) -> Result<TimeUnit, String> {
        TimeUnit::from_name(s).ok_or_else(|| "expected day or week".into())
    }
}

/// One customer's calibration numbers, the models' input.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CustomerSummary {
    /// Repeat purchases (purchase days after the first) in the calibration period.
    pub x: u32,
    /// Time from the first to the last purchase, in units.
    pub t_x: f64,
    /// Time from the first purchase to the calibration end, in units.
    #[serde(rename = "T")]
    pub t: f64,
    /// Mean value of the repeat purchase days (0 when `x = 0`).
    pub monetary: f64,
}

/// The summary of a table at a calibration end date.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Dataset customer id per row.
    pub customer: Vec<u32>,
    /// The models' input per row.
    pub rows: Vec<CustomerSummary>,
    /// First purchase day per row.
    pub first_day: Vec<i32>,
    /// Value of all calibration purchases per row (first purchase included): the "past value".
    pub calibration_value: Vec<f64>,
    /// Purchase days in the holdout per row (all repeat purchases, the first purchase being earlier).
    pub holdout_purchases: Vec<u32>,
    /// Repeat purchase days of the summary's customers per calendar day, from `window_start_day` to
    /// `holdout_end_day` (exclusive): the actual side of the tracking chart.
    pub repeat_by_day: Vec<u32>,
    /// First day with any purchase of a summary customer (the tracking chart's start).
    pub window_start_day: i32,
    /// The day after the calibration end (the calibration period is the days before this one).
    pub calibration_end_day: i32,
    /// The day after the holdout end (exclusive); equal to the calibration end when there is no holdout.
    pub holdout_end_day: i32,
    /// The unit.
    pub unit: TimeUnit,
    /// Used rows without a customer id, left out.
    pub excluded_no_customer: u64,
    /// Customers whose first purchase falls in the holdout, left out.
    pub first_purchase_in_holdout: u64,
    /// Purchase lines dated on or after the holdout end, left out.
    pub lines_after_holdout: u64,
    /// Gaps in days between consecutive calibration purchase days of one customer: `gap_days[d]` gaps of `d`
    /// days, the last entry holding every gap of [`super::timing::MAX_GAP_DAYS`] days or more.
    pub gap_days: Vec<u64>,
    /// Customers with at least one such gap.
    pub gap_customers: u64,
}

/// Weighted customers indexed by their distinct purchase counts and times, for likelihoods evaluated many
/// times over the same customers (an optimiser's hundreds of evaluations): terms that depend on a
/// customer only through `x`, `t_x` or `T` are then computed once per distinct value.
#[derive(Debug, Clone)]
pub struct Indexed {
    /// Distinct purchase counts, in order of first appearance.
    pub xs: Vec<f64>,
    /// Distinct times (`t_x` and `T` values), in order of first appearance.
    pub ts: Vec<f64>,
    /// The customers, in the given order.
    pub rows: Vec<IndexedRow>,
}

/// One weighted customer of [`Indexed`].
#[derive(Debug, Clone, Copy)]
pub struct IndexedRow {
    /// Index of `x` in [`Indexed::xs`].
    pub x: u32,
    /// Index of `t_x` in [`Indexed::ts`].
    pub t_x: u32,
    /// Index of `T` in [`Indexed::ts`].
    pub t: u32,
    /// The weight (customers sharing the summary).
    pub weight: f64,
    /// The customer.
    pub summary: CustomerSummary,
}

impl Indexed {
    /// Indexes weighted customers.
    pub fn new(rows: &[(CustomerSummary, f64)]) -> Indexed {
        // foldhash, as `distinct.rs`: the ids are the order of first appearance whatever the hasher, and a
        // million customers' two million times hash several times faster than with the default SipHash.
        type Ids = hashbrown::HashMap<u64, u32, foldhash::fast::FixedState>;
        let (mut xs, mut ts) = (Vec::new(), Vec::new());
        let (mut x_id, mut t_id) = (Ids::with_hasher(Default::default()), Ids::with_hasher(Default::default()));
        let id = |map: &mut Ids, list: &mut Vec<f64>, v: f64| {
            *map.entry(v.to_bits()).or_insert_with(|| {
                list.push(v);
                (list.len() - 1) as u32
            })
        };
        let rows = rows
            .iter()
            .map(|&(c, weight)| IndexedRow {
                x: id(&mut x_id, &mut xs, f64::from(c.x)),
                t_x: id(&mut t_id, &mut ts, c.t_x),
                t: id(&mut t_id, &mut ts, c.t),
                weight,
                summary: c,
            })
            .collect();
        Indexed { xs, ts, rows }
    }
}

/// A purchase event for the models: a purchase line, or a line at a price (or amount) of exactly 0.
pub fn is_event(ds: &Dataset, i: usize) -> bool {
    match ds.kind(i) {
        LineKind::Purchase => true,
        LineKind::NonPositivePrice => ds.line_amount(i) == 0.0 || ds.price.as_ref().is_some_and(|p| p.get(i) == 0.0),
        _ => false,
    }
}

/// Builds the summary. `calibration_end_day` and `holdout_end_day` are exclusive (the day after the last
/// day of each period). `holdout_end_day` defaults to (and is at most) the day after the last date in the
/// file; a holdout end at or before the calibration end means no holdout.
pub fn summarise(ds: &Dataset, calibration_end_day: i32, holdout_end_day: Option<i32>, unit: TimeUnit) -> Result<Summary, ClvError> {
    let (cust, time) = check(ds)?;
    let n = ds.len.min(cust.len()).min(time.len());
    let last = time.iter().take(n).max().unwrap_or(Timestamp::MIN);
    // A holdout end after the data would count purchases nobody could have recorded: it is cut to the day
    // after the last date in the file.
    let data_end = if n > 0 { day_of(last).saturating_add(1) } else { calibration_end_day };
    let holdout_end = holdout_end_day.unwrap_or(data_end).min(data_end).max(calibration_end_day);

    // Pass 1: purchase lines per customer (counting sort, stable).
    let n_cust = ds.customers.len();
    let mut count = vec![0u32; n_cust + 1];
    let (mut excluded, mut after) = (0u64, 0u64);
    for i in 0..n {
        let c = cust[i];
        if c == NONE || c as usize >= n_cust {
            excluded += 1;
            continue;
        }
        if !is_event(ds, i) {
            continue;
        }
        if day_of(time[i]) >= holdout_end {
            after += 1;
            continue;
        }
        count[c as usize + 1] += 1;
    }
    for k in 1..=n_cust {
        count[k] += count[k - 1];
    }
    let mut fill = count.clone();
    let mut lines: Vec<(i32, f64)> = vec![(0, 0.0); count[n_cust] as usize];
    for i in 0..n {
        let c = cust[i];
        if c == NONE || c as usize >= n_cust || !is_event(ds, i) {
            continue;
        }
        let day = day_of(time[i]);
        if day >= holdout_end {
            continue;
        }
        let v = ds.line_amount(i);
        let slot = &mut fill[c as usize];
        lines[*slot as usize] = (day, if v.is_nan() { 0.0 } else { v.max(0.0) });
        *slot += 1;
    }

    // Pass 2: per customer, purchase days (same-day lines merged) split at the calibration end.
    let start = lines.iter().map(|l| l.0).min().unwrap_or(calibration_end_day).min(calibration_end_day);
    let span = (holdout_end as i64 - start as i64).clamp(0, 1 << 20) as usize;
    let mut repeat_by_day = vec![0u32; span];
    let mut s = Summary {
        customer: Vec::new(),
        rows: Vec::new(),
        first_day: Vec::new(),
        calibration_value: Vec::new(),
        holdout_purchases: Vec::new(),
        repeat_by_day: Vec::new(),
        window_start_day: start,
        calibration_end_day,
        holdout_end_day: holdout_end,
        unit,
        excluded_no_customer: excluded,
        first_purchase_in_holdout: 0,
        lines_after_holdout: after,
        gap_days: vec![0; super::timing::MAX_GAP_DAYS + 1],
        gap_customers: 0,
    };
    let mut days: Vec<(i32, f64)> = Vec::new();
    let u = unit.days();
    for c in 0..n_cust {
        let slice = &lines[count[c] as usize..count[c + 1] as usize];
        if slice.is_empty() {
            continue;
        }
        days.clear();
        days.extend_from_slice(slice);
        if !days.is_sorted_by_key(|d| d.0) {
            days.sort_by_key(|d| d.0);
        }
        // Merge same-day lines.
        let mut merged: Vec<(i32, f64)> = Vec::with_capacity(days.len());
        for &(d, v) in &days {
            match merged.last_mut() {
                Some(last) if last.0 == d => last.1 += v,
                _ => merged.push((d, v)),
            }
        }
        let first = merged[0].0;
        if first >= calibration_end_day {
            s.first_purchase_in_holdout += 1;
            continue;
        }
        let cal = merged.partition_point(|d| d.0 < calibration_end_day);
        let x = (cal - 1) as u32;
        let last_cal = merged[cal - 1].0;
        let repeat_value: f64 = merged[1..cal].iter().map(|d| d.1).sum();
        for w in merged[..cal].windows(2) {
            s.gap_days[((w[1].0 - w[0].0) as usize).min(super::timing::MAX_GAP_DAYS)] += 1;
        }
        s.gap_customers += u64::from(cal >= 2);
        for &(d, _) in &merged[1..] {
            if let Some(slot) = repeat_by_day.get_mut((d as i64 - start as i64) as usize) {
                *slot += 1;
            }
        }
        s.customer.push(c as u32);
        s.rows.push(CustomerSummary {
            x,
            t_x: (last_cal - first) as f64 / u,
            t: (calibration_end_day as i64 - 1 - first as i64) as f64 / u,
            monetary: if x > 0 { repeat_value / x as f64 } else { 0.0 },
        });
        s.first_day.push(first);
        s.calibration_value.push(merged[..cal].iter().map(|d| d.1).sum());
        s.holdout_purchases.push((merged.len() - cal) as u32);
    }
    s.repeat_by_day = repeat_by_day;
    Ok(s)
}
