//! Lifecycle and behaviour: one stage per customer as of the as-of date, the returning-customer rate per
//! month, a cohort retention table by first-purchase month, and the high-affinity core.
//!
//! **Stages**, checked in this order (the first that applies wins); "days since" counts from the purchase
//! day to the as-of day, as the profile's recency does (1 = bought the day before the as-of date), and a
//! *regular* is a customer with at least `regular_min_days` (default 3) distinct purchase days, whose
//! *usual interval* is the median of the gaps between consecutive purchase days:
//! 1. `new`: the first purchase is at most `new_days` (30) days before the as-of date;
//! 2. `lapsed`: more than `lapsed_days` (180) days since the last purchase, or, for a customer who is not a
//!    regular (no usual interval to compare with), more than `irregular_lapsed_days` (90);
//! 3. `lapsing`: a regular whose days since the last purchase exceed `lapse_multiple` (2) times the usual
//!    interval ("came every week for three months, nothing for three weeks": 21 > 2 × 7);
//! 4. `won_back`: came back after a gap of more than `lapsed_days` between two purchase days, and that
//!    return (the first purchase after the latest such gap) is at most `won_back_days` (90) days ago;
//! 5. `active`: everyone else.
//!
//! **Returning rate** of a calendar month: the share of the month's customers (those with a purchase in
//! it) whose first purchase was in an earlier month.
//!
//! **Cohorts**: customers grouped by the month of their first purchase; column `k` counts the cohort's
//! customers with a purchase in the `k`-th month after it (column 0 is the whole cohort), up to
//! `cohort_months` columns after month 0 and never past the last month of the window (which may be partial).
//! Months without a new customer have no row.
//!
//! **High affinity**: the loyal core, the top `high_affinity_share` (20 %) of customers by frequency
//! (ranked by frequency, equal frequencies by customer id as the RFM scores do; the group holds
//! `ceil(share × customers)` customers) who also have a tenure of at least `high_affinity_tenure_days`
//! (180) days from first to last purchase.
//!
//! Cost: one counting sort of the purchase days by customer (as the profiles do) and one pass over each
//! customer's distinct days; the ranking for high affinity is the only sort, `O(customers · log customers)`.

use serde::{Deserialize, Serialize};

use super::profile::{Profiles, PurchaseLine};
use super::rfm::share;
use crate::dataset::Dataset;
use crate::error::BadParameter;
use crate::time::{civil_from_days, day_of, days_from_civil};

/// The stage rules' thresholds (see the module doc); `{}` means the defaults.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct LifecycleParams {
    /// A customer is new when the first purchase is at most this many days before the as-of date (30).
    pub new_days: u32,
    /// Distinct purchase days that make a regular (3; at least 2).
    pub regular_min_days: u32,
    /// A regular is lapsing when the days since the last purchase exceed this multiple of the usual interval (2).
    pub lapse_multiple: f64,
    /// Lapsed after more than this many days without a purchase (180); also the gap that a won-back
    /// customer came back from.
    pub lapsed_days: u32,
    /// Lapsed after more than this many days for customers who are not regulars (90).
    pub irregular_lapsed_days: u32,
    /// A return counts as "won back" for this many days (90).
    pub won_back_days: u32,
    /// Columns of the cohort table after month 0 (24).
    pub cohort_months: u32,
    /// Share of customers, by frequency, that can be high-affinity (0.2).
    pub high_affinity_share: f64,
    /// Minimum tenure (first to last purchase day) of a high-affinity customer (180).
    pub high_affinity_tenure_days: u32,
}

impl Default for LifecycleParams {
    fn default() -> Self {
        LifecycleParams {
            new_days: 30,
            regular_min_days: 3,
            lapse_multiple: 2.0,
            lapsed_days: 180,
            irregular_lapsed_days: 90,
            won_back_days: 90,
            cohort_months: 24,
            high_affinity_share: 0.2,
            high_affinity_tenure_days: 180,
        }
    }
}

impl LifecycleParams {
    /// Checks the ranges; each error names the option and what would work.
    pub fn validate(&self) -> Result<(), BadParameter> {
        let bad = |name: &'static str, value: String, message: &'static str| Err(BadParameter::new(name, value, message));
        if !(self.lapse_multiple.is_finite() && self.lapse_multiple > 0.0) {
            return bad("lifecycle.lapse_multiple", self.lapse_multiple.to_string(), "expected a positive number such as 2");
        }
        if self.regular_min_days < 2 {
            return bad(
                "lifecycle.regular_min_days",
                self.regular_min_days.to_string(),
                "expected at least 2 (a usual interval needs two purchase days)",
            );
        }
        if !(self.high_affinity_share > 0.0 && self.high_affinity_share <= 1.0) {
            return bad(
                "lifecycle.high_affinity_share",
                self.high_affinity_share.to_string(),
                "expected a share above 0 and at most 1, e.g. 0.2",
            );
        }
        if self.cohort_months > 1200 {
            return bad("lifecycle.cohort_months", self.cohort_months.to_string(), "expected at most 1200 months");
        }
        Ok(())
    }
}

/// A customer's lifecycle stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// First purchase recently.
    New,
    /// Buying as usual.
    Active,
    /// A regular overdue by their own rhythm.
    Lapsing,
    /// No purchase for a long time.
    Lapsed,
    /// Came back recently after a long gap.
    WonBack,
}

impl Stage {
    /// All stages in report order.
    pub const ALL: [Stage; 5] = [Stage::New, Stage::Active, Stage::WonBack, Stage::Lapsing, Stage::Lapsed];

    /// Key used in reports and the per-customer CSV.
    pub fn key(self) -> &'static str {
        match self {
            Stage::New => "new",
            Stage::Active => "active",
            Stage::Lapsing => "lapsing",
            Stage::Lapsed => "lapsed",
            Stage::WonBack => "won_back",
        }
    }
}

/// Each profile row's sorted distinct purchase days, stored compactly (offsets into one array).
#[derive(Debug, Clone, Default)]
pub struct PurchaseDays {
    offsets: Vec<u32>,
    days: Vec<i32>,
}

impl PurchaseDays {
    /// Gathers the purchase days with the profile's filters (purchases of customers in `p`, before the
    /// as-of day): a counting sort by profile row, then a sort of each row's days only when out of order.
    pub fn build(ds: &Dataset, p: &Profiles) -> PurchaseDays {
        let n_rows = p.rows.len();
        let (Some(time), Some(_)) = (ds.time(), p.as_of_day) else {
            return PurchaseDays { offsets: vec![0; n_rows + 1], days: Vec::new() };
        };
        let mut line_row = vec![u32::MAX; ds.len.min(time.len())];
        let mut offsets = vec![0u32; n_rows + 1];
        for PurchaseLine { line, row, .. } in p.purchase_lines(ds) {
            line_row[line] = row as u32;
            offsets[row + 1] += 1;
        }
        for r in 0..n_rows {
            offsets[r + 1] += offsets[r];
        }
        let mut fill = offsets.clone();
        let mut days = vec![0i32; offsets[n_rows] as usize];
        for (i, &r) in line_row.iter().enumerate() {
            if r != u32::MAX {
                let slot = &mut fill[r as usize];
                days[*slot as usize] = day_of(time[i]);
                *slot += 1;
            }
        }
        drop(line_row);
        // Sort and deduplicate each row's days, compacting in place.
        let mut write = 0usize;
        let mut start = 0usize;
        for r in 0..n_rows {
            let end = offsets[r + 1] as usize;
            let seg = &mut days[start..end];
            if !seg.is_sorted() {
                seg.sort_unstable();
            }
            let new_start = write;
            for k in start..end {
                let d = days[k];
                if write == new_start || days[write - 1] != d {
                    days[write] = d;
                    write += 1;
                }
            }
            offsets[r] = new_start as u32;
            start = end;
        }
        offsets[n_rows] = write as u32;
        days.truncate(write);
        PurchaseDays { offsets, days }
    }

    /// Sorted distinct purchase days of profile row `r`.
    pub fn of(&self, r: usize) -> &[i32] {
        match (self.offsets.get(r), self.offsets.get(r + 1)) {
            (Some(&a), Some(&b)) => &self.days[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// Month number (`year × 12 + month − 1`) of a day number (days since 2000-01-01).
pub fn month_of_day(day: i32) -> i32 {
    let (y, m, _) = civil_from_days(day as i64 + days_from_civil(2000, 1, 1));
    (y * 12 + m as i64 - 1) as i32
}

/// `YYYY-MM` of a month number.
pub fn month_string(month: i32) -> String {
    format!("{:04}-{:02}", month.div_euclid(12), month.rem_euclid(12) + 1)
}

/// The stage of one customer (see the module doc).
pub fn stage_of(days: &[i32], median_interval: Option<f64>, as_of: i32, q: &LifecycleParams) -> Stage {
    let (Some(&first), Some(&last)) = (days.first(), days.last()) else { return Stage::Lapsed };
    let comeback = days.windows(2).rev().find(|w| (w[1] as i64 - w[0] as i64) > q.lapsed_days as i64).map(|w| w[1]);
    stage_from(first, last, days.len(), median_interval, comeback, as_of, q)
}

/// [`stage_of`] from a customer's first and last purchase day, their number of purchase days, the
/// median gap and the purchase day that ended the most recent gap of more than `q.lapsed_days` days: what a
/// per-customer summary holds.
pub fn stage_from(
    first: i32,
    last: i32,
    purchase_days: usize,
    median_interval: Option<f64>,
    comeback: Option<i32>,
    as_of: i32,
    q: &LifecycleParams,
) -> Stage {
    let since_first = as_of as i64 - first as i64;
    let since_last = as_of as i64 - last as i64;
    if since_first <= q.new_days as i64 {
        return Stage::New;
    }
    let regular = purchase_days >= q.regular_min_days as usize;
    if since_last > q.lapsed_days as i64 || (!regular && since_last > q.irregular_lapsed_days as i64) {
        return Stage::Lapsed;
    }
    if regular
        && let Some(m) = median_interval
        && since_last as f64 > q.lapse_multiple * m
    {
        return Stage::Lapsing;
    }
    if let Some(c) = comeback
        && as_of as i64 - c as i64 <= q.won_back_days as i64
    {
        return Stage::WonBack;
    }
    Stage::Active
}

/// One row of the stage table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct StageRow {
    /// Stage key.
    pub stage: Stage,
    /// Customers in the stage.
    pub customers: u64,
    /// Share of all customers.
    pub customer_share: f64,
    /// Their revenue over the window.
    pub revenue: f64,
    /// Share of the revenue.
    pub revenue_share: f64,
}

/// The `lifecycle` section of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Lifecycle {
    /// The thresholds used.
    pub params: LifecycleParams,
    /// The rules, for people.
    pub rule: String,
    /// One row per stage: new, active, won_back, lapsing, lapsed.
    pub stages: Vec<StageRow>,
}

/// One month of the returning-customer rate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MonthRate {
    /// `YYYY-MM`.
    pub month: String,
    /// Customers with a purchase in the month.
    pub customers: u64,
    /// Of them, customers whose first purchase was in an earlier month.
    pub returning: u64,
    /// `returning / customers` (0 for a month without customers).
    pub rate: f64,
}

/// One cohort (first-purchase month).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CohortRow {
    /// `YYYY-MM` of the first purchase.
    pub cohort: String,
    /// Customers whose first purchase was in that month.
    pub customers: u64,
    /// `counts[k]`: of them, customers with a purchase `k` months later (`counts[0] = customers`).
    pub counts: Vec<u64>,
    /// `counts[k] / customers`.
    pub shares: Vec<f64>,
}

/// The `cohorts` section of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Cohorts {
    /// Columns after month 0 at most.
    pub months: u32,
    /// The last month of the window, `YYYY-MM` (may be partial: the as-of date can fall inside it).
    pub last_month: Option<String>,
    /// One row per first-purchase month that has customers, oldest first.
    pub rows: Vec<CohortRow>,
}

/// The `high_affinity` section of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct HighAffinity {
    /// High-affinity customers.
    pub customers: u64,
    /// Share of all customers.
    pub customer_share: f64,
    /// Their revenue.
    pub revenue: f64,
    /// Share of the revenue.
    pub revenue_share: f64,
    /// Lowest frequency in the top group (0 when there are no customers).
    pub min_frequency: u32,
    /// The rule, for people.
    pub rule: String,
}

/// Everything this module computes: the report sections and the per-customer columns.
#[derive(Debug, Clone)]
pub struct Behaviour {
    /// Stage per profile row.
    pub stage: Vec<Stage>,
    /// High-affinity flag per profile row.
    pub high_affinity: Vec<bool>,
    /// The stage table.
    pub lifecycle: Lifecycle,
    /// Returning rate per month, oldest first.
    pub returning_rate: Vec<MonthRate>,
    /// The cohort table.
    pub cohorts: Cohorts,
    /// The loyal core.
    pub high_affinity_summary: HighAffinity,
}

/// Stages, returning rate, cohorts and high affinity in one go (`q` is validated by the caller).
pub fn behaviour(ds: &Dataset, p: &Profiles, q: &LifecycleParams) -> Behaviour {
    let pd = PurchaseDays::build(ds, p);
    let n = p.rows.len();
    let as_of = p.as_of_day.unwrap_or(0);
    let mut stage = Vec::with_capacity(n);
    let (mut st_n, mut st_rev) = ([0u64; 5], [0.0f64; 5]);
    let idx = |s: Stage| Stage::ALL.iter().position(|&x| x == s).unwrap_or(0);
    // Month range of the window, for the returning rate and the cohorts.
    let (m_lo, m_hi) = match (p.window_start_day, p.as_of_day) {
        (Some(s), Some(a)) => (month_of_day(s), month_of_day((a - 1).max(s))),
        _ => (0, -1),
    };
    let months = (m_hi - m_lo + 1).max(0) as usize;
    let width = q.cohort_months as usize + 1;
    let (mut month_customers, mut month_returning) = (vec![0u64; months], vec![0u64; months]);
    let mut cohort = vec![0u64; months * width];
    let mut my_months: Vec<i32> = Vec::new();
    for (r, c) in p.rows.iter().enumerate() {
        let days = pd.of(r);
        let s = match &p.comeback_day {
            // A per-customer summary: its comeback day is for the default lapsed days only.
            Some(cb) => {
                let comeback = cb.get(r).copied().flatten().filter(|_| q.lapsed_days as i32 == crate::warehouse::COMEBACK_GAP_DAYS);
                let (first, last) = (day_of(c.first_purchase), day_of(c.last_purchase));
                stage_from(first, last, c.purchase_days as usize, c.median_days_between, comeback, as_of, q)
            }
            None => stage_of(days, c.median_days_between, as_of, q),
        };
        st_n[idx(s)] += 1;
        st_rev[idx(s)] += c.monetary;
        stage.push(s);
        my_months.clear();
        for &d in days {
            let m = month_of_day(d);
            if my_months.last() != Some(&m) {
                my_months.push(m);
            }
        }
        let Some(&first) = my_months.first() else { continue };
        for &m in &my_months {
            let (Some(mi), Some(fi)) = (usize::try_from(m - m_lo).ok(), usize::try_from(first - m_lo).ok()) else { continue };
            if mi >= months || fi >= months {
                continue;
            }
            month_customers[mi] += 1;
            if m > first {
                month_returning[mi] += 1;
            }
            let k = mi - fi;
            if k < width {
                cohort[fi * width + k] += 1;
            }
        }
    }
    let total_rev: f64 = st_rev.iter().sum();
    let stages = Stage::ALL
        .iter()
        .enumerate()
        .map(|(i, &s)| StageRow {
            stage: s,
            customers: st_n[i],
            customer_share: share(st_n[i] as f64, n as f64),
            revenue: st_rev[i],
            revenue_share: share(st_rev[i], total_rev),
        })
        .collect();
    let rule = format!(
        "new: first purchase at most {} days ago; lapsed: more than {} days since the last purchase (more than {} for \
         customers with fewer than {} purchase days); lapsing: at least {} purchase days and more than {} x the median \
         days between purchase days since the last one; won_back: returned at most {} days ago after a gap of more than \
         {} days; active: the others (checked in this order)",
        q.new_days,
        q.lapsed_days,
        q.irregular_lapsed_days,
        q.regular_min_days,
        q.regular_min_days,
        q.lapse_multiple,
        q.won_back_days,
        q.lapsed_days
    );
    let returning_rate = (0..months)
        .map(|i| MonthRate {
            month: month_string(m_lo + i as i32),
            customers: month_customers[i],
            returning: month_returning[i],
            rate: share(month_returning[i] as f64, month_customers[i] as f64),
        })
        .collect();
    let rows = (0..months)
        .filter(|&i| cohort[i * width] > 0)
        .map(|i| {
            let size = cohort[i * width];
            let cols = width.min(months - i);
            let counts = cohort[i * width..i * width + cols].to_vec();
            let shares = counts.iter().map(|&x| share(x as f64, size as f64)).collect();
            CohortRow { cohort: month_string(m_lo + i as i32), customers: size, counts, shares }
        })
        .collect();
    let cohorts = Cohorts { months: q.cohort_months, last_month: (months > 0).then(|| month_string(m_hi)), rows };
    let (high_affinity, high_affinity_summary) = affinity(p, q, total_rev);
    Behaviour { stage, high_affinity, lifecycle: Lifecycle { params: *q, rule, stages }, returning_rate, cohorts, high_affinity_summary }
}

/// The high-affinity flags and summary (see the module doc).
fn affinity(p: &Profiles, q: &LifecycleParams, total_rev: f64) -> (Vec<bool>, HighAffinity) {
    let n = p.rows.len();
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_unstable_by(|&a, &b| {
        let (ra, rb) = (&p.rows[a as usize], &p.rows[b as usize]);
        rb.frequency.cmp(&ra.frequency).then(p.id_rank.get(a as usize).cmp(&p.id_rank.get(b as usize))).then(a.cmp(&b))
    });
    let top = ((q.high_affinity_share * n as f64).ceil() as usize).min(n);
    let mut flag = vec![false; n];
    let (mut count, mut revenue) = (0u64, 0.0f64);
    for &i in &order[..top] {
        let c = &p.rows[i as usize];
        if c.tenure_days as i64 >= q.high_affinity_tenure_days as i64 {
            flag[i as usize] = true;
            count += 1;
            revenue += c.monetary;
        }
    }
    let min_frequency = top.checked_sub(1).map_or(0, |k| p.rows[order[k] as usize].frequency);
    let rule = format!(
        "the top {} % of customers by frequency (equal frequencies by customer id) with at least {} days from first to last purchase",
        q.high_affinity_share * 100.0,
        q.high_affinity_tenure_days
    );
    let summary = HighAffinity {
        customers: count,
        customer_share: share(count as f64, n as f64),
        revenue,
        revenue_share: share(revenue, total_rev),
        min_frequency,
        rule,
    };
    (flag, summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_worked_by_hand() {
        let q = LifecycleParams::default();
        let as_of = 1000;
        // Weekly for 12 weeks, last purchase 21 days ago: 21 > 2 × 7 → lapsing.
        let weekly: Vec<i32> = (0..13).map(|k| as_of - 21 - 7 * (12 - k)).collect();
        assert_eq!(stage_of(&weekly, Some(7.0), as_of, &q), Stage::Lapsing);
        // Same rhythm, last purchase 14 days ago: 14 is not more than 14 → active.
        let weekly: Vec<i32> = (0..13).map(|k| as_of - 14 - 7 * (12 - k)).collect();
        assert_eq!(stage_of(&weekly, Some(7.0), as_of, &q), Stage::Active);
        // One purchase 200 days ago → lapsed (also beyond 90 as a non-regular).
        assert_eq!(stage_of(&[as_of - 200], None, as_of, &q), Stage::Lapsed);
        // One purchase 100 days ago: not a regular, beyond 90 → lapsed; 60 days ago → active.
        assert_eq!(stage_of(&[as_of - 100], None, as_of, &q), Stage::Lapsed);
        assert_eq!(stage_of(&[as_of - 60], None, as_of, &q), Stage::Active);
        // First purchase 10 days ago → new; exactly 30 → new; 31 → not new.
        assert_eq!(stage_of(&[as_of - 10], None, as_of, &q), Stage::New);
        assert_eq!(stage_of(&[as_of - 30], None, as_of, &q), Stage::New);
        assert_eq!(stage_of(&[as_of - 31], None, as_of, &q), Stage::Active);
        // Back after a 200-day gap, 20 days ago → won back; the same return 120 days ago → active... or lapsed
        // by the non-regular rule when there are only two days.
        assert_eq!(stage_of(&[as_of - 220, as_of - 20], Some(200.0), as_of, &q), Stage::WonBack);
        assert_eq!(stage_of(&[as_of - 400, as_of - 120, as_of - 60, as_of - 5], Some(60.0), as_of, &q), Stage::Active);
        assert_eq!(stage_of(&[], None, as_of, &q), Stage::Lapsed);
    }

    #[test]
    fn months() {
        assert_eq!(month_string(month_of_day(0)), "2000-01");
        assert_eq!(month_string(month_of_day(31)), "2000-02");
        assert_eq!(month_string(month_of_day(-1)), "1999-12");
        assert!(LifecycleParams::default().validate().is_ok());
        assert!(LifecycleParams { lapse_multiple: f64::NAN, ..Default::default() }.validate().is_err());
        assert!(LifecycleParams { high_affinity_share: 0.0, ..Default::default() }.validate().is_err());
        assert!(LifecycleParams { regular_min_days: 1, ..Default::default() }.validate().is_err());
    }
}
