//! Phase 1: each customer's history, and the features and labels at a date.
//!
//! [`History`] is built in one pass over the table (a counting sort of the lines by customer, as the
//! lifetime-value summary does): per customer the purchase days (same-day lines merged, as the
//! lifetime-value models count purchases), their spend, lines and discount, the returns, and the
//! value of each usable attribute on the customer's first purchase line. Purchase events are those of
//! [`crate::clv::summary::is_event`]; returns are [`LineKind::Return`] lines. Lines dated on or after
//! the as-of date are never read into it, so nothing after the as-of date can reach a feature.
//!
//! [`History::features`] gives the features at a date `d` from the purchases **before `d` only**, for
//! every customer whose first purchase is before `d`; [`History::labels`] gives what each of them did in
//! `[d, d + horizon)`. Training takes features at as-of − horizon and labels from the window up to the
//! as-of date; scoring takes features at the as-of date. Same function, different date: the features of
//! a training row cannot see its own label window.
//!
//! Features (raw values; the model takes logarithms of the counts and amounts, see [`transform`]):
//! - `recency_days`: days from the last purchase to `d`;
//! - `frequency`: purchase days;
//! - `monetary`: mean spend per purchase day;
//! - `tenure_days`: days from the first purchase to `d`;
//! - `gap_cv`: regularity, the coefficient of variation of the gaps between purchase days (0 = like
//!   clockwork; 1 = as irregular as chance; none with fewer than two gaps);
//! - `trend`: recent against earlier spend, (s₁ − s₀)/(s₁ + s₀) with s₁ the spend in the last horizon
//!   before `d` and s₀ in the horizon before that (−1 to 1; none when both are 0);
//! - `items_per_purchase`: basket breadth, lines per purchase day;
//! - `returns_share`: value returned over value bought (capped at 1);
//! - `discount_share`: discount over spend plus discount (only when the file has a discount column);
//! - one column per frequent value of each usable attribute (country, channel…): 1 when the customer's
//!   value, else 0. An attribute is usable when its customers have 2 to [`MAX_ATTRIBUTE_VALUES`]
//!   distinct values (an id or a name column is not); its [`TOP_VALUES`] most frequent values with at
//!   least [`MIN_VALUE_CUSTOMERS`] customers become columns, the rest share the all-zero reference.
//!
//! A feature that is "none" for a customer is stored as NaN and enters the model at the training mean
//! (a standardised 0: no push either way).

use serde::Serialize;

use crate::clv::summary::is_event;
use crate::dataset::{ByRow, Dataset, LineKind, NONE};
use crate::time::day_of;

/// An attribute with more distinct customer values than this is an id or a name, not a feature.
pub const MAX_ATTRIBUTE_VALUES: usize = 200;
/// Values of an attribute that become columns, at most (the most frequent).
pub const TOP_VALUES: usize = 8;
/// Fewest customers a value needs to become a column.
pub const MIN_VALUE_CUSTOMERS: usize = 10;

/// The behavioural features, in column order (the discount share only when the file has discounts).
pub const NUMERIC: [&str; 9] =
    ["recency_days", "frequency", "monetary", "tenure_days", "gap_cv", "trend", "items_per_purchase", "returns_share", "discount_share"];

/// The value the model takes for a raw feature value: logarithms (`ln(1 + v)`) of the counts, days and
/// amounts, whose effect on the odds is closer to linear in their logarithm; shares and ratios as they are.
pub fn transform(key: &str, v: f64) -> f64 {
    match key {
        "recency_days" | "frequency" | "monetary" | "tenure_days" | "items_per_purchase" => v.max(0.0).ln_1p(),
        _ => v,
    }
}

/// What a feature column is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FeatureName {
    /// One of [`NUMERIC`], or `attribute`.
    pub key: &'static str,
    /// The attribute's column name (attributes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute: Option<String>,
    /// The attribute's value this column stands for (attributes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Day {
    day: i32,
    spend: f64,
    lines: u32,
    discount: f64,
}

/// One usable attribute: its columns' values and each customer's value.
#[derive(Debug, Clone)]
struct AttributeColumns {
    name: String,
    /// The values that are columns, most frequent first (ties by value).
    values: Vec<String>,
    /// Per dataset customer: index into `values`, or `u32::MAX` (another value, or none).
    of_customer: Vec<u32>,
}

/// Every customer's purchases before the as-of date, ready for features at any earlier date.
#[derive(Debug, Clone)]
pub struct History {
    offsets: Vec<u32>,
    days: Vec<Day>,
    return_offsets: Vec<u32>,
    returns: Vec<(i32, f64)>,
    attributes: Vec<AttributeColumns>,
    has_discount: bool,
    /// First purchase day of any customer (None: no purchase before the as-of date).
    pub first_day: Option<i32>,
    /// Purchase or return lines dated on or after the as-of date, left out.
    pub lines_after_as_of: u64,
    /// Used lines without a customer id, left out.
    pub lines_without_customer: u64,
}

/// Features of the customers known at a date: row-major `customers.len() × names.len()`.
#[derive(Debug, Clone)]
pub struct FeatureTable {
    /// The date (exclusive: purchases before it).
    pub date: i32,
    /// Dataset customer id per row, ascending.
    pub customers: Vec<u32>,
    /// Column names.
    pub names: Vec<FeatureName>,
    /// Raw values, NaN for "none".
    pub values: Vec<f64>,
}

impl FeatureTable {
    /// Row `i`.
    pub fn row(&self, i: usize) -> &[f64] {
        let p = self.names.len();
        self.values.get(i * p..(i + 1) * p).unwrap_or(&[])
    }
}

/// What a customer did in a label window.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Label {
    /// Purchase days in the window.
    pub purchases: u32,
    /// Spend in the window.
    pub spend: f64,
}

impl History {
    /// Reads every purchase and return line of a customer dated before `as_of` (a day number).
    /// `cust` and `time` are the checked customer and date columns.
    pub fn build(ds: &Dataset, cust: ByRow<'_, u32>, time: ByRow<'_, crate::time::Timestamp>, as_of: i32) -> History {
        let n = ds.len.min(cust.len()).min(time.len());
        let n_cust = ds.customers.len();
        let mut count = vec![0u32; n_cust + 1];
        let mut ret_count = vec![0u32; n_cust + 1];
        let (mut after, mut without) = (0u64, 0u64);
        // The row of each customer's first purchase line (for its attribute values).
        let mut first_row: Vec<(i32, u32)> = vec![(i32::MAX, u32::MAX); n_cust];
        let mut kinds: Vec<u8> = vec![0; n]; // 0 none, 1 event, 2 return
        for i in 0..n {
            let c = cust[i];
            let kind = if is_event(ds, i) {
                1
            } else if ds.kind(i) == LineKind::Return {
                2
            } else {
                0
            };
            if kind == 0 {
                continue;
            }
            if c == NONE || c as usize >= n_cust {
                without += 1;
                continue;
            }
            let day = day_of(time[i]);
            if day >= as_of {
                after += 1;
                continue;
            }
            kinds[i] = kind;
            if kind == 1 {
                count[c as usize + 1] += 1;
                let f = &mut first_row[c as usize];
                if day < f.0 {
                    *f = (day, i as u32);
                }
            } else {
                ret_count[c as usize + 1] += 1;
            }
        }
        for k in 1..=n_cust {
            count[k] += count[k - 1];
            ret_count[k] += ret_count[k - 1];
        }
        let discount = ds.discount.as_ref();
        let mut lines: Vec<(i32, f64, f64)> = vec![(0, 0.0, 0.0); count[n_cust] as usize];
        let mut returns: Vec<(i32, f64)> = vec![(0, 0.0); ret_count[n_cust] as usize];
        let (mut fill, mut ret_fill) = (count.clone(), ret_count.clone());
        for i in 0..n {
            let c = cust[i] as usize;
            let day = day_of(time[i]);
            let v = ds.line_amount(i);
            let v = if v.is_nan() { 0.0 } else { v };
            match kinds[i] {
                1 => {
                    let d = discount.and_then(|d| d.try_get(i)).filter(|d| d.is_finite()).map_or(0.0, f64::abs);
                    if let Some(slot) = lines.get_mut(fill[c] as usize) {
                        *slot = (day, v.max(0.0), d);
                    }
                    fill[c] += 1;
                }
                2 => {
                    if let Some(slot) = returns.get_mut(ret_fill[c] as usize) {
                        *slot = (day, v.abs());
                    }
                    ret_fill[c] += 1;
                }
                _ => {}
            }
        }
        // Per customer: sort by day (only when needed) and merge same-day lines.
        let mut offsets = Vec::with_capacity(n_cust + 1);
        let mut days: Vec<Day> = Vec::with_capacity(lines.len() / 2);
        offsets.push(0u32);
        for c in 0..n_cust {
            let slice = &mut lines[count[c] as usize..count[c + 1] as usize];
            if !slice.is_sorted_by_key(|l| l.0) {
                slice.sort_by_key(|l| l.0);
            }
            let start = *offsets.last().unwrap_or(&0) as usize;
            for &(day, spend, d) in slice.iter() {
                let own = days.len() > start;
                match days.last_mut() {
                    Some(last) if own && last.day == day => {
                        last.spend += spend;
                        last.lines += 1;
                        last.discount += d;
                    }
                    _ => days.push(Day { day, spend, lines: 1, discount: d }),
                }
            }
            offsets.push(days.len() as u32);
            let r = &mut returns[ret_count[c] as usize..ret_count[c + 1] as usize];
            if !r.is_sorted_by_key(|l| l.0) {
                r.sort_by_key(|l| l.0);
            }
        }
        let first_day = days.iter().map(|d| d.day).min();
        let attributes = usable_attributes(ds, &first_row);
        History {
            offsets,
            days,
            return_offsets: ret_count,
            returns,
            attributes,
            has_discount: discount.is_some(),
            first_day,
            lines_after_as_of: after,
            lines_without_customer: without,
        }
    }

    fn customer_days(&self, c: usize) -> &[Day] {
        match (self.offsets.get(c), self.offsets.get(c + 1)) {
            (Some(&a), Some(&b)) => self.days.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    fn customer_returns(&self, c: usize) -> &[(i32, f64)] {
        match (self.return_offsets.get(c), self.return_offsets.get(c + 1)) {
            (Some(&a), Some(&b)) => self.returns.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Customers (dataset ids) with a purchase before `date`, ascending.
    pub fn known_at(&self, date: i32) -> Vec<u32> {
        (0..self.offsets.len().saturating_sub(1))
            .filter(|&c| self.customer_days(c).first().is_some_and(|d| d.day < date))
            .map(|c| c as u32)
            .collect()
    }

    /// The column names (the same at every date: attributes are chosen once).
    pub fn names(&self) -> Vec<FeatureName> {
        let numeric = NUMERIC.iter().filter(|&&k| k != "discount_share" || self.has_discount);
        let mut names: Vec<FeatureName> = numeric.map(|&key| FeatureName { key, attribute: None, value: None }).collect();
        for a in &self.attributes {
            for v in &a.values {
                names.push(FeatureName { key: "attribute", attribute: Some(a.name.clone()), value: Some(v.clone()) });
            }
        }
        names
    }

    /// The features at `date` (purchases before it) of every customer known at `date`, for a horizon of
    /// `horizon` days (the trend's windows).
    pub fn features(&self, date: i32, horizon: u32) -> FeatureTable {
        let names = self.names();
        let p = names.len();
        let customers = self.known_at(date);
        let mut values = Vec::with_capacity(customers.len() * p);
        let h = horizon as i32;
        for &c in &customers {
            let all = self.customer_days(c as usize);
            let days = &all[..all.partition_point(|d| d.day < date)];
            let (Some(first), Some(last)) = (days.first(), days.last()) else {
                values.extend(std::iter::repeat_n(f64::NAN, p));
                continue;
            };
            let n = days.len() as f64;
            let spend: f64 = days.iter().map(|d| d.spend).sum();
            let lines: f64 = days.iter().map(|d| f64::from(d.lines)).sum();
            let gaps = days.len() - 1;
            let gap_cv = if gaps >= 2 {
                let g: Vec<f64> = days.windows(2).map(|w| f64::from(w[1].day - w[0].day)).collect();
                let mean = g.iter().sum::<f64>() / gaps as f64;
                if mean > 0.0 {
                    let var = g.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (gaps - 1) as f64;
                    var.sqrt() / mean
                } else {
                    f64::NAN
                }
            } else {
                f64::NAN
            };
            let recency = f64::from(date - last.day);
            let window = |from: i32, to: i32| days.iter().filter(|d| d.day >= from && d.day < to).map(|d| d.spend).sum::<f64>();
            let (s1, s0) = (window(date.saturating_sub(h), date), window(date.saturating_sub(2 * h), date.saturating_sub(h)));
            let trend = if s1 + s0 > 0.0 { (s1 - s0) / (s1 + s0) } else { f64::NAN };
            let returned: f64 = self.customer_returns(c as usize).iter().filter(|r| r.0 < date).map(|r| r.1).sum();
            let returns_share = if spend > 0.0 {
                (returned / spend).min(1.0)
            } else if returned > 0.0 {
                1.0
            } else {
                0.0
            };
            values.push(recency);
            values.push(n);
            values.push(spend / n);
            values.push(f64::from(date - first.day));
            values.push(gap_cv);
            values.push(trend);
            values.push(lines / n);
            values.push(returns_share);
            if self.has_discount {
                let d: f64 = days.iter().map(|d| d.discount).sum();
                values.push(if spend + d > 0.0 { d / (spend + d) } else { 0.0 });
            }
            for a in &self.attributes {
                let k = a.of_customer.get(c as usize).copied().unwrap_or(u32::MAX);
                values.extend((0..a.values.len() as u32).map(|j| if j == k { 1.0 } else { 0.0 }));
            }
        }
        FeatureTable { date, customers, names, values }
    }

    /// What each customer did in `[from, to)`.
    pub fn labels(&self, customers: &[u32], from: i32, to: i32) -> Vec<Label> {
        customers
            .iter()
            .map(|&c| {
                let days = self.customer_days(c as usize);
                let lo = days.partition_point(|d| d.day < from);
                let hi = days.partition_point(|d| d.day < to);
                let w = days.get(lo..hi.max(lo)).unwrap_or(&[]);
                Label { purchases: w.len() as u32, spend: w.iter().map(|d| d.spend).sum() }
            })
            .collect()
    }
}

/// The attributes that describe customers (2 to [`MAX_ATTRIBUTE_VALUES`] distinct values among them),
/// each customer's value taken from their first purchase line.
fn usable_attributes(ds: &Dataset, first_row: &[(i32, u32)]) -> Vec<AttributeColumns> {
    let mut out = Vec::new();
    for (k, a) in ds.attributes.iter().enumerate() {
        let by_row = ds.attribute(k).unwrap_or_default();
        let of: Vec<u32> = first_row.iter().map(|&(_, row)| by_row.try_get(row as usize).unwrap_or(NONE)).collect();
        let mut counts = vec![0usize; a.dict.len()];
        for &v in &of {
            if let Some(c) = counts.get_mut(v as usize) {
                *c += 1;
            }
        }
        let distinct = counts.iter().filter(|&&c| c > 0).count();
        if !(2..=MAX_ATTRIBUTE_VALUES).contains(&distinct) {
            continue;
        }
        let mut order: Vec<u32> = (0..counts.len() as u32).filter(|&v| counts[v as usize] >= MIN_VALUE_CUSTOMERS).collect();
        order.sort_by(|&x, &y| counts[y as usize].cmp(&counts[x as usize]).then_with(|| a.dict.get(x).cmp(a.dict.get(y))));
        order.truncate(TOP_VALUES);
        // With every value a column, the columns add up to 1: the least frequent becomes the reference.
        if order.len() == distinct {
            order.pop();
        }
        if order.is_empty() {
            continue;
        }
        let mut index = vec![u32::MAX; a.dict.len()];
        for (j, &v) in order.iter().enumerate() {
            if let Some(slot) = index.get_mut(v as usize) {
                *slot = j as u32;
            }
        }
        out.push(AttributeColumns {
            name: a.name.clone(),
            values: order.iter().map(|&v| a.dict.get(v).to_string()).collect(),
            of_customer: of.iter().map(|&v| index.get(v as usize).copied().unwrap_or(u32::MAX)).collect(),
        });
    }
    out
}
