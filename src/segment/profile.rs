//! The customer profile table: one row per customer who bought something, with the numbers every
//! segmentation starts from (recency, frequency, monetary value, tenure, rhythm, returns, margin).
//!
//! Cleaning follows the data report: only [`LineKind::Purchase`] lines are purchases; returns and
//! cancellations are counted and valued per customer; zero-price and zero-quantity lines are ignored;
//! lines without a customer id are excluded (their number and revenue are reported); lines dated on or
//! after the as-of date are left out (so an earlier as-of date replays the past).
//!
//! Cost: three sequential passes over the rows and a counting sort of the purchase lines by customer
//! (`O(rows + customers)`, no comparison sort of rows). Distinct orders and items are counted with one
//! "last customer seen" marker per order and per item, which is exact because each customer's lines are
//! visited together. Only a customer's own purchase days are sorted, and only when the file is not
//! already in date order. Pass 3 is per customer: natively a large table's customers are done in two
//! ranges at once.

use crate::dataset::{ByRow, Dataset, LineKind, NONE};
use crate::time::{Timestamp, day_of};

use super::error::AnalysisError;

/// What the frequency counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FrequencyBasis {
    /// Distinct order ids (a purchase line without an order id counts as an order of its own day).
    Orders,
    /// Distinct purchase days (the file has no order column).
    Days,
}

/// One customer's numbers. Days are whole calendar days; amounts are in the file's currency.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerProfile {
    /// Customer id in [`Dataset::customers`].
    pub customer: u32,
    /// Time of the first purchase line.
    pub first_purchase: Timestamp,
    /// Time of the last purchase line.
    pub last_purchase: Timestamp,
    /// Days from the last purchase day to the as-of day (1 = bought the day before the as-of date).
    pub recency_days: i32,
    /// Distinct orders (or distinct purchase days, see [`FrequencyBasis`]).
    pub frequency: u32,
    /// Sum of the purchase line amounts (lines with an unknown amount add nothing).
    pub monetary: f64,
    /// `monetary / frequency`.
    pub average_order_value: f64,
    /// Days from the first to the last purchase day.
    pub tenure_days: i32,
    /// Median of the gaps between consecutive distinct purchase days (`None` with one purchase day).
    pub median_days_between: Option<f64>,
    /// Distinct days with a purchase.
    pub purchase_days: u32,
    /// Distinct items bought.
    pub distinct_items: u32,
    /// Purchase lines.
    pub purchase_lines: u32,
    /// Return (and cancellation) lines.
    pub returns: u32,
    /// Value of the returned lines (positive).
    pub returns_value: f64,
    /// `Σ discount / (Σ amount + Σ discount)` over purchase lines with both known, when the file has a
    /// discount column: the share of the list value given away, reading the discount as money taken off
    /// the line and the amount as what was paid.
    pub discount_share: Option<f64>,
    /// `Σ (amount − cost)` over purchase lines with both known, when the file has a cost column (cost is
    /// per line, as the ingest role says).
    pub margin: Option<f64>,
    /// Purchase amount in the first half of the observation window (see [`Profiles::midpoint_day`]).
    pub spend_first_half: f64,
    /// Purchase amount in the second half of the observation window.
    pub spend_second_half: f64,
}

/// An attribute column carried along: the first non-empty value seen for each customer, in file order.
#[derive(Debug, Clone)]
pub struct ProfileAttribute {
    /// Column name.
    pub name: String,
    /// Its index in [`Dataset::attributes`] (whose dictionary holds the values).
    pub column: usize,
    /// Value id in the dataset attribute's dictionary per profile row ([`NONE`] when never given).
    pub values: Vec<u32>,
}

/// The profile table and the facts about how it was built.
#[derive(Debug, Clone)]
pub struct Profiles {
    /// One row per customer with at least one purchase before the as-of date, in customer-id order.
    pub rows: Vec<CustomerProfile>,
    /// Rank of each row's customer id string in byte order (the tie-break used by scores and deciles).
    pub id_rank: Vec<u32>,
    /// Attribute values per row.
    pub attributes: Vec<ProfileAttribute>,
    /// The as-of day (days since 2000-01-01); `None` only when the table has no dated row and none was given.
    pub as_of_day: Option<i32>,
    /// First day of the observation window: the earliest date in the file.
    pub window_start_day: Option<i32>,
    /// First day of the window's second half: `start + (as_of − start) / 2` (integer days). Spend on
    /// days before it is the first half, on it or after the second half.
    pub midpoint_day: Option<i32>,
    /// What `frequency` counts.
    pub frequency_basis: FrequencyBasis,
    /// Used rows without a customer id (before the as-of date), excluded from customer analyses.
    pub excluded_no_customer: u64,
    /// Purchase revenue of those rows.
    pub excluded_no_customer_revenue: f64,
    /// Customers with lines but no purchase (only returns or zero-price lines), not in `rows`.
    pub customers_without_purchases: u64,
    /// Rows dated on or after the as-of date, left out.
    pub rows_after_as_of: u64,
    /// Purchase lines of customers whose amount is unknown (NaN): counted as purchases, worth nothing.
    pub purchases_without_amount: u64,
    /// The file has a cost column (margins are known).
    pub has_cost: bool,
    /// The file has a discount column.
    pub has_discount: bool,
    /// Built from a per-customer summary ([`crate::warehouse::customers`]): per row, the purchase day that
    /// ended the most recent gap of more than [`crate::warehouse::COMEBACK_GAP_DAYS`] days. `None` when
    /// built from line items (the lifecycle reads the purchase days themselves).
    pub comeback_day: Option<Vec<Option<i32>>>,
}

/// One purchase line of a profiled customer before the as-of date (see [`Profiles::purchase_lines`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurchaseLine {
    /// Line index in the dataset.
    pub line: usize,
    /// The customer's row in [`Profiles::rows`].
    pub row: usize,
    /// Day number of the line.
    pub day: i32,
}

impl Profiles {
    /// Each profile attribute with its dataset column (a per-customer summary keeps only the user's
    /// attributes, so the two lists need not be aligned).
    pub fn attribute_columns<'a>(
        &'a self,
        ds: &'a Dataset,
    ) -> impl Iterator<Item = (&'a ProfileAttribute, &'a crate::dataset::Attribute)> + 'a {
        self.attributes.iter().filter_map(move |a| ds.attributes.get(a.column).map(|c| (a, c)))
    }

    /// The lines every per-customer analysis reads, with the profile's own filters: purchase lines of the
    /// customers in [`Profiles::rows`] dated before the as-of day, in line order. Empty without customer
    /// or date column, or without an as-of day.
    pub fn purchase_lines<'a>(&'a self, ds: &'a Dataset) -> impl Iterator<Item = PurchaseLine> + 'a {
        let mut row_of = vec![u32::MAX; ds.customers.len()];
        for (r, c) in self.rows.iter().enumerate() {
            if let Some(slot) = row_of.get_mut(c.customer as usize) {
                *slot = r as u32;
            }
        }
        let (cust, time) = match (ds.customer(), ds.time(), self.as_of_day) {
            (Some(c), Some(t), Some(_)) => (c, t),
            _ => Default::default(),
        };
        let as_of = self.as_of_day.unwrap_or(i32::MIN);
        let n = ds.len.min(cust.len()).min(time.len());
        (0..n).filter_map(move |i| {
            let c = cust[i];
            if c == NONE {
                return None;
            }
            let day = day_of(time[i]);
            if day >= as_of {
                return None;
            }
            match row_of.get(c as usize) {
                Some(&r) if r != u32::MAX && ds.kind(i) == LineKind::Purchase => Some(PurchaseLine { line: i, row: r as usize, day }),
                _ => None,
            }
        })
    }
}

/// Per-customer sums gathered in the sequential pass.
#[derive(Clone)]
struct Acc {
    lines: u32,
    first: Timestamp,
    last: Timestamp,
    monetary: f64,
    cost_margin: f64,
    disc: f64,
    disc_base: f64,
    first_half: f64,
    second_half: f64,
    returns: u32,
    returns_value: f64,
    seen: bool,
}

const EMPTY: Acc = Acc {
    lines: 0,
    first: Timestamp::MAX,
    last: Timestamp::MIN,
    monetary: 0.0,
    cost_margin: 0.0,
    disc: 0.0,
    disc_base: 0.0,
    first_half: 0.0,
    second_half: 0.0,
    returns: 0,
    returns_value: 0.0,
    seen: false,
};

/// Checks that the table can carry customer analyses: a customer column and decided dates.
pub fn check(ds: &Dataset) -> Result<(ByRow<'_, u32>, ByRow<'_, Timestamp>), AnalysisError> {
    crate::warehouse::customers::needs_line_items(ds, "this analysis")?;
    let cust = ds.customer().ok_or(AnalysisError::NoCustomerColumn)?;
    if ds.len > 0 && cust.iter().all(|c| c == NONE) {
        return Err(AnalysisError::NoCustomers);
    }
    let time = ds.time().ok_or(AnalysisError::NoDates)?;
    if ds.date_undecided {
        return Err(AnalysisError::DatesUndecided);
    }
    Ok((cust, time))
}

/// Builds the profile table. `as_of_day` (days since 2000-01-01) defaults to the day after the last date
/// in the file.
pub fn profiles(ds: &Dataset, as_of_day: Option<i32>) -> Result<Profiles, AnalysisError> {
    profiles_split(ds, as_of_day, crate::parallel::SPLIT_ROWS)
}

/// [`profiles`], in two ranges of customers from `split_rows` rows on.
fn profiles_split(ds: &Dataset, as_of_day: Option<i32>, split_rows: usize) -> Result<Profiles, AnalysisError> {
    if ds.layout == crate::Layout::Customers {
        return crate::warehouse::customers::profiles(ds, as_of_day);
    }
    let (cust, time) = check(ds)?;
    let n = ds.len.min(cust.len()).min(time.len());
    // Pass 0: the window. The last date over all used lines (not only purchases) sets the default as-of.
    let (mut lo, mut hi) = (Timestamp::MAX, Timestamp::MIN);
    for t in time.iter().take(n) {
        lo = lo.min(t);
        hi = hi.max(t);
    }
    let dated = n > 0;
    let as_of = as_of_day.or(dated.then(|| day_of(hi) + 1));
    let start = dated.then(|| day_of(lo));
    let mid = match (start, as_of) {
        (Some(s), Some(a)) => Some(s + (a - s).max(0) / 2),
        _ => None,
    };
    let limit = as_of.unwrap_or(i32::MIN);
    let mid_day = mid.unwrap_or(i32::MAX);

    // Passes 1 to 3, per range of customers. Each customer's row depends on their own lines only:
    // natively a large table's customers are done in two ranges at once (half the customers each), each
    // range reading every row but summing its own customers' lines in row order, with its own sorted
    // lines and markers, and the rows joined in customer order: the same as in one pass. The first range
    // also counts the lines of no customer and those after the as-of date.
    let n_cust = ds.customers.len();
    let mut attr_first: Vec<Vec<u32>> = ds.attributes.iter().map(|_| vec![NONE; n_cust]).collect();
    let two = n >= split_rows;
    // Below the split, the first range is every customer and the second is empty.
    let half = if two { n_cust / 2 } else { n_cust };
    let (attr_a, attr_b): (Vec<&mut [u32]>, Vec<&mut [u32]>) = attr_first.iter_mut().map(|v| v.split_at_mut(half)).unzip();
    let basis = if ds.order().is_some() { FrequencyBasis::Orders } else { FrequencyBasis::Days };
    let pass = Passes { ds, n_rows: n, cust, time, basis, limit, mid_day };
    let (mut first, second) = crate::parallel::join_if(two, || pass.run(0..half, attr_a, true), || pass.run(half..n_cust, attr_b, false));
    first.rows.extend(second.rows);
    first.keep.extend(second.keep);
    let RangeRows { rows, keep, without, excluded, excluded_revenue, after, no_amount } = first;
    let (without, no_amount) = (without + second.without, no_amount + second.no_amount);
    let attributes = ds
        .attributes
        .iter()
        .zip(attr_first)
        .enumerate()
        .map(|(column, (attr, first))| ProfileAttribute {
            name: attr.name.clone(),
            column,
            values: keep.iter().map(|&c| first[c]).collect(),
        })
        .collect();
    let id_rank = id_ranks(ds, &rows);
    Ok(Profiles {
        rows,
        id_rank,
        attributes,
        as_of_day: as_of,
        window_start_day: start,
        midpoint_day: mid,
        frequency_basis: basis,
        excluded_no_customer: excluded,
        excluded_no_customer_revenue: excluded_revenue,
        customers_without_purchases: without,
        rows_after_as_of: after,
        purchases_without_amount: no_amount,
        has_cost: ds.cost.is_some(),
        has_discount: ds.discount.is_some(),
        comeback_day: None,
    })
}

/// What passes 1 to 3 of [`profiles`] read: the table and the window.
struct Passes<'a> {
    ds: &'a Dataset,
    /// The table's rows read (its length, bounded by its key columns').
    n_rows: usize,
    cust: ByRow<'a, u32>,
    time: ByRow<'a, Timestamp>,
    basis: FrequencyBasis,
    limit: i32,
    mid_day: i32,
}

/// The profile rows of a range of customers and its counts.
struct RangeRows {
    rows: Vec<CustomerProfile>,
    /// The customer of each row.
    keep: Vec<usize>,
    /// Customers with lines but no purchase.
    without: u64,
    /// Lines of no customer (counted by the first range only), and their purchases' value.
    excluded: u64,
    excluded_revenue: f64,
    /// Lines on or after the as-of date (first range only).
    after: u64,
    /// Purchase lines of the range's customers without an amount.
    no_amount: u64,
}

impl Passes<'_> {
    /// The profile rows of the customers in `range` (in order). `attr_first` gets each customer's first
    /// value of each attribute (the range's part of each column); `first` counts the lines of no
    /// customer and those after the as-of date.
    fn run(&self, range: std::ops::Range<usize>, mut attr_first: Vec<&mut [u32]>, first: bool) -> RangeRows {
        let (ds, cust, time, limit, mid_day) = (self.ds, self.cust, self.time, self.limit, self.mid_day);
        let n_cust = ds.customers.len();
        let (lo, hi) = (range.start as u32, range.end as u32);
        let mut out =
            RangeRows { rows: Vec::new(), keep: Vec::new(), without: 0, excluded: 0, excluded_revenue: 0.0, after: 0, no_amount: 0 };
        if range.is_empty() && !first {
            return out;
        }
        // Pass 1, in row order: sums per customer.
        let mut acc = vec![EMPTY; range.len()];
        for i in 0..self.n_rows {
            let c = cust[i];
            let mine = (lo..hi).contains(&c);
            if !mine && !first {
                continue;
            }
            let t = time[i];
            let day = day_of(t);
            if day >= limit {
                out.after += first as u64;
                continue;
            }
            if c == NONE || c as usize >= n_cust {
                // Only the first range comes here.
                out.excluded += 1;
                let v = ds.line_amount(i);
                if ds.kind(i) == LineKind::Purchase && !v.is_nan() {
                    out.excluded_revenue += v;
                }
                continue;
            }
            if !mine {
                continue;
            }
            let kind = ds.kind(i);
            let v = ds.line_amount(i);
            let at = (c - lo) as usize;
            let a = &mut acc[at];
            a.seen = true;
            for (k, column) in attr_first.iter_mut().enumerate() {
                let slot = &mut column[at];
                if *slot == NONE {
                    *slot = ds.attribute(k).and_then(|v| v.try_get(i)).unwrap_or(NONE);
                }
            }
            match kind {
                LineKind::Purchase => {
                    a.lines += 1;
                    a.first = a.first.min(t);
                    a.last = a.last.max(t);
                    if v.is_nan() {
                        out.no_amount += 1;
                        continue;
                    }
                    a.monetary += v;
                    if day < mid_day {
                        a.first_half += v;
                    } else {
                        a.second_half += v;
                    }
                    if let Some(cost) = ds.cost.as_ref().map(|c| c.get(i))
                        && !cost.is_nan()
                    {
                        a.cost_margin += v - cost;
                    }
                    if let Some(d) = ds.discount.as_ref().map(|d| d.get(i))
                        && !d.is_nan()
                    {
                        a.disc += d;
                        a.disc_base += v + d;
                    }
                }
                LineKind::Return => {
                    a.returns += 1;
                    if !v.is_nan() {
                        a.returns_value += v.abs();
                    }
                }
                LineKind::NonPositivePrice | LineKind::ZeroQuantity => {}
            }
        }
        // Pass 2: counting sort of the range's purchase lines by customer (stable: file order within a
        // customer), each kept as its run of keys (time and order) and its item, so that pass 3 reads
        // them in order rather than the table's rows at random.
        let mut offset = vec![0u32; acc.len() + 1];
        for (j, a) in acc.iter().enumerate() {
            offset[j + 1] = offset[j] + a.lines;
        }
        let total = offset[acc.len()] as usize;
        let (mut line_runs, mut line_items) = (vec![0u32; total], vec![NONE; total]);
        let mut fill = offset.clone();
        let (key_runs, item) = (time.runs(), &ds.item);
        for i in 0..self.n_rows {
            // The purchase lines pass 1 summed: a customer of the range, before the as-of date.
            let c = cust[i];
            if (lo..hi).contains(&c) && day_of(time[i]) < limit && ds.kind(i) == LineKind::Purchase {
                let slot = &mut fill[(c - lo) as usize];
                line_runs[*slot as usize] = key_runs[i];
                line_items[*slot as usize] = item.get(i).copied().unwrap_or(NONE);
                *slot += 1;
            }
        }
        // Pass 3: per customer, distinct orders, items and days, and the rhythm of purchase days.
        let order = ds.order();
        let mut order_mark = vec![NONE; if ds.order().is_some() { ds.orders.len() } else { 0 }];
        let mut item_mark = vec![NONE; ds.items.len()];
        let (mut days, mut loose_days, mut gaps) = (Vec::new(), Vec::new(), Vec::new());
        for c in range {
            let a = &acc[c - lo as usize];
            if a.lines == 0 {
                out.without += a.seen as u64;
                continue;
            }
            let c32 = c as u32;
            days.clear();
            loose_days.clear();
            let (mut orders, mut items) = (0u32, 0u32);
            let lines = offset[c - lo as usize] as usize..offset[c + 1 - lo as usize] as usize;
            for (&k, &item) in line_runs[lines.clone()].iter().zip(&line_items[lines]) {
                let day = day_of(time.of_run(k));
                days.push(day);
                if let Some(o) = order {
                    match o.of_run(k) {
                        NONE => loose_days.push(day),
                        o => {
                            if let Some(m) = order_mark.get_mut(o as usize)
                                && *m != c32
                            {
                                *m = c32;
                                orders += 1;
                            }
                        }
                    }
                }
                if let Some(m) = item_mark.get_mut(item as usize)
                    && *m != c32
                {
                    *m = c32;
                    items += 1;
                }
            }
            sorted_distinct(&mut days);
            let frequency = match self.basis {
                FrequencyBasis::Orders => {
                    sorted_distinct(&mut loose_days);
                    orders + loose_days.len() as u32
                }
                FrequencyBasis::Days => days.len() as u32,
            };
            gaps.clear();
            gaps.extend(days.windows(2).map(|w| (w[1] - w[0]) as f64));
            let frequency = frequency.max(1);
            out.rows.push(CustomerProfile {
                customer: c32,
                first_purchase: a.first,
                last_purchase: a.last,
                recency_days: limit.saturating_sub(day_of(a.last)),
                frequency,
                monetary: a.monetary,
                average_order_value: a.monetary / frequency as f64,
                tenure_days: day_of(a.last) - day_of(a.first),
                median_days_between: median(&mut gaps),
                purchase_days: days.len() as u32,
                distinct_items: items,
                purchase_lines: a.lines,
                returns: a.returns,
                returns_value: a.returns_value,
                discount_share: ds.discount.as_ref().map(|_| if a.disc_base > 0.0 { a.disc / a.disc_base } else { 0.0 }),
                margin: ds.cost.as_ref().map(|_| a.cost_margin),
                spend_first_half: a.first_half,
                spend_second_half: a.second_half,
            });
            out.keep.push(c);
        }
        out
    }
}

/// Sorts (only when needed: files are usually in date order) and removes repeats.
fn sorted_distinct(v: &mut Vec<i32>) {
    if !v.is_sorted() {
        v.sort_unstable();
    }
    v.dedup();
}

/// Median of `v` (mean of the two middle values for an even count); `None` when empty.
pub fn median(v: &mut [f64]) -> Option<f64> {
    let n = v.len();
    if n == 0 {
        return None;
    }
    v.sort_unstable_by(f64::total_cmp);
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

/// Rank of each row's customer id string in byte order (ids are distinct, so ranks are too).
pub(crate) fn id_ranks(ds: &Dataset, rows: &[CustomerProfile]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| {
        ds.customers.get(rows[a as usize].customer).cmp(ds.customers.get(rows[b as usize].customer)).then(a.cmp(&b))
    });
    let mut rank = vec![0u32; rows.len()];
    for (k, &i) in order.iter().enumerate() {
        rank[i as usize] = k as u32;
    }
    rank
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::dataset::{Layout, RowKeys};
    use crate::error::ErrorCode;
    use crate::ingest::{IngestOptions, read_bytes};

    /// A tiny shop whose numbers are worked out by hand in the tests below.
    pub(crate) const SHOP: &str = "\
InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
1,A,2,2011-01-01 10:00,5.00,c1,UK
1,B,1,2011-01-01 10:00,3.00,c1,UK
2,A,1,2011-01-04 09:00,5.00,c1,FR
C3,A,-1,2011-01-05 09:00,5.00,c1,UK
4,C,1,2011-01-10 12:00,4.00,c1,UK
5,A,3,2011-01-02 08:00,5.00,c2,DE
6,B,1,2011-01-03 08:00,0.00,c3,UK
7,A,1,2011-01-05 08:00,5.00,,UK
";

    pub(crate) fn shop() -> Dataset {
        read_bytes(SHOP.as_bytes(), IngestOptions::default()).expect("the tiny shop reads").0
    }

    fn day(s: &str) -> i32 {
        crate::time::parse_day(s).unwrap()
    }

    /// Passes 1 to 3 in two ranges of customers (on two threads natively) against the one pass as the
    /// oracle: the same rows in the same order and the same counts, on the hand-worked shop (a line of no
    /// customer, a return, a zero price) and on a seeded synthetic one with returns, several lines per
    /// order and customers spread over the year, each at its default as-of date and at one in the middle
    /// (lines after it); the split is forced at any size, and the threshold is checked to split the
    /// 200k-row shop in the product.
    #[test]
    fn passes_in_two_ranges_give_the_one_pass_rows() {
        let big = crate::synth::csv_bytes(&crate::synth::ShopParams { rows: 200_000, seed: 11, ..Default::default() });
        let big = read_bytes(&big, IngestOptions::default()).unwrap().0;
        for ds in [shop(), big] {
            // The shop's midpoint (2011-01-05) is the day of its line of no customer: a day later.
            let middle = profiles(&ds, None).unwrap().midpoint_day.unwrap() + 1;
            for as_of in [None, Some(middle)] {
                let one = profiles_split(&ds, as_of, usize::MAX).unwrap();
                let two = profiles_split(&ds, as_of, 0).unwrap();
                assert_eq!(one.rows, two.rows);
                assert_eq!(one.id_rank, two.id_rank);
                let counts = |p: &Profiles| {
                    (
                        p.customers_without_purchases,
                        p.excluded_no_customer,
                        p.excluded_no_customer_revenue.to_bits(),
                        p.rows_after_as_of,
                        p.purchases_without_amount,
                    )
                };
                assert_eq!(counts(&one), counts(&two));
                let values = |p: &Profiles| p.attributes.iter().map(|a| a.values.clone()).collect::<Vec<_>>();
                assert_eq!(values(&one), values(&two));
                assert!(as_of.is_none() || one.rows_after_as_of > 0, "{:?}", counts(&one));
                assert!(ds.len > 100 || one.excluded_no_customer == 1, "{:?}", counts(&one));
            }
        }
        let ds = read_bytes(
            &crate::synth::csv_bytes(&crate::synth::ShopParams { rows: 200_000, ..Default::default() }),
            IngestOptions::default(),
        )
        .unwrap()
        .0;
        assert!(ds.len >= crate::parallel::SPLIT_ROWS, "the 200k shop is split in the product ({} rows)", ds.len);
    }

    #[test]
    fn tiny_shop_by_hand() {
        let ds = shop();
        let p = profiles(&ds, None).unwrap();
        // Last date 2011-01-10 → as-of 2011-01-11; window from 2011-01-01, 10 days, second half from day 5.
        assert_eq!(p.as_of_day, Some(day("2011-01-11")));
        assert_eq!(p.window_start_day, Some(day("2011-01-01")));
        assert_eq!(p.midpoint_day, Some(day("2011-01-06")));
        assert_eq!(p.frequency_basis, FrequencyBasis::Orders);
        assert_eq!((p.excluded_no_customer, p.excluded_no_customer_revenue), (1, 5.0));
        assert_eq!(p.customers_without_purchases, 1, "c3 has only a zero-price line");
        assert_eq!(p.rows.len(), 2);
        let c1 = &p.rows[0];
        assert_eq!(ds.customers.get(c1.customer), "c1");
        assert_eq!(c1.recency_days, 1, "last purchase 2011-01-10, as-of 2011-01-11");
        assert_eq!(c1.frequency, 3, "orders 1, 2, 4 (C3 is a return)");
        assert_eq!(c1.monetary, 22.0, "2×5 + 3 + 5 + 4");
        assert!((c1.average_order_value - 22.0 / 3.0).abs() < 1e-12);
        assert_eq!(c1.tenure_days, 9);
        assert_eq!(c1.median_days_between, Some(4.5), "days 1, 4, 10 of January: gaps 3 and 6");
        assert_eq!((c1.purchase_days, c1.distinct_items, c1.purchase_lines), (3, 3, 4));
        assert_eq!((c1.returns, c1.returns_value), (1, 5.0));
        assert_eq!((c1.spend_first_half, c1.spend_second_half), (18.0, 4.0));
        assert_eq!((c1.margin, c1.discount_share), (None, None));
        let c2 = &p.rows[1];
        assert_eq!((c2.recency_days, c2.frequency, c2.monetary, c2.tenure_days), (9, 1, 15.0, 0));
        assert_eq!(c2.median_days_between, None);
        // Country, first seen: UK for c1 (not FR from a later line), DE for c2.
        let country = &p.attributes[0];
        assert_eq!(country.name, "Country");
        let dict = &ds.attributes[0].dict;
        assert_eq!(dict.get(country.values[0]), "UK");
        assert_eq!(dict.get(country.values[1]), "DE");
        assert_eq!(p.id_rank, vec![0, 1]);
    }

    #[test]
    fn as_of_leaves_later_lines_out() {
        let ds = shop();
        let p = profiles(&ds, Some(day("2011-01-05"))).unwrap();
        // Lines on 2011-01-05 or later: C3, order 4 and the anonymous order 7.
        assert_eq!(p.rows_after_as_of, 3);
        assert_eq!(p.excluded_no_customer, 0);
        let c1 = &p.rows[0];
        assert_eq!((c1.monetary, c1.recency_days, c1.frequency, c1.returns), (18.0, 1, 2, 0));
    }

    #[test]
    fn missing_columns_are_named() {
        let mut ds = Dataset::new(Layout::LineItems);
        assert_eq!(profiles(&ds, None).unwrap_err(), AnalysisError::NoCustomerColumn);
        assert!(ds.set_keys(RowKeys { customer: Some(Vec::new()), ..Default::default() }));
        assert_eq!(profiles(&ds, None).unwrap_err(), AnalysisError::NoDates);
        assert!(AnalysisError::NoDates.to_string().contains("date column"));
        assert!(ds.set_keys(RowKeys { customer: Some(Vec::new()), time: Some(Vec::new()), ..Default::default() }));
        ds.date_undecided = true;
        assert_eq!(profiles(&ds, None).unwrap_err().code(), "dates_undecided");
        ds.date_undecided = false;
        let p = profiles(&ds, None).unwrap();
        assert!(p.rows.is_empty() && p.as_of_day.is_none());
    }

    #[test]
    fn unknown_amounts_cost_and_discount() {
        // Built by hand: customer a buys twice (one line without a price), customer b once; costs and
        // discounts known on some lines only; days without orders count as orders.
        let mut ds = Dataset::new(Layout::LineItems);
        ds.len = 4;
        ds.customers.intern(b"a");
        ds.customers.intern(b"b");
        ds.items.intern(b"x");
        ds.item = vec![0, 0, 0, NONE];
        let keys = RowKeys { customer: Some(vec![0, 0, 1, 0]), time: Some(vec![0, 86_400, 86_400 * 2, 86_400 * 3]), ..Default::default() };
        assert!(ds.set_keys(keys));
        ds.quantity = Some(vec![1.0, 2.0, 1.0, 1.0].into());
        ds.price = Some(vec![f64::NAN, 10.0, 4.0, 6.0].into());
        ds.cost = Some(vec![1.0, 12.0, f64::NAN, 2.0].into());
        ds.discount = Some(vec![0.0, 5.0, 1.0, f64::NAN].into());
        let p = profiles(&ds, None).unwrap();
        assert_eq!(p.purchases_without_amount, 1);
        assert_eq!(p.frequency_basis, FrequencyBasis::Days);
        let a = &p.rows[0];
        assert_eq!((a.monetary, a.frequency, a.purchase_lines, a.distinct_items), (26.0, 3, 3, 1));
        assert_eq!(a.margin, Some((20.0 - 12.0) + (6.0 - 2.0)));
        assert_eq!(a.discount_share, Some(5.0 / 25.0));
        let b = &p.rows[1];
        assert_eq!((b.margin, b.discount_share), (Some(0.0), Some(1.0 / 5.0)));
    }

    /// By hand from `SHOP` (lines counted from 0 after the header): c1 buys on lines 0, 1, 2 and 4 and
    /// returns on line 3; c2 buys on line 5; c3's only line (6) has price 0, so c3 has no profile; line 7
    /// has no customer. As of 2011-01-05, line 4 (2011-01-10) is left out too.
    #[test]
    fn purchase_lines_follow_the_profile_filters() {
        let ds = shop();
        let lines = |as_of: Option<&str>| {
            let p = profiles(&ds, as_of.map(day)).unwrap();
            p.purchase_lines(&ds).map(|l| (l.line, ds.customers.get(p.rows[l.row].customer).to_string(), l.day)).collect::<Vec<_>>()
        };
        let all = lines(None);
        assert_eq!(all.iter().map(|l| l.0).collect::<Vec<_>>(), [0, 1, 2, 4, 5]);
        assert_eq!(all.iter().map(|l| l.1.as_str()).collect::<Vec<_>>(), ["c1", "c1", "c1", "c1", "c2"]);
        assert_eq!(all[3].2, day("2011-01-10"));
        assert_eq!(lines(Some("2011-01-05")).iter().map(|l| l.0).collect::<Vec<_>>(), [0, 1, 2, 5]);
    }

    #[test]
    fn median_of_even_odd_and_empty() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0]), Some(3.0));
        assert_eq!(median(&mut [9.0, 1.0, 4.0]), Some(4.0));
        assert_eq!(median(&mut [9.0, 1.0, 4.0, 2.0]), Some(3.0));
    }
}
