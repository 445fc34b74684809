//! What kind each attribute is, and the bins its values fall in.
//!
//! - **Date**: every non-empty value reads as a date with separators (`2019-03-01`, `01/03/2019`, with or
//!   without a time); binned by calendar year (the year is the same whichever of day or month comes
//!   first, so an ambiguous order does not matter).
//! - **Number**: every non-empty value reads as a number in the file's format, with more than
//!   [`MAX_NUMBER_CATEGORIES`] distinct values (fewer, such as a tier 1–3, are categories); binned into
//!   quintiles of the customers who have a value: the edges are the values at ranks `⌊k·m/5⌋` (k = 1..4)
//!   of the `m` sorted values, kept when above the smallest value and distinct, and a bin holds the
//!   values from its lower edge (included) to the next edge (excluded). Equal values never straddle an
//!   edge, so bins hold about a fifth of the customers each, fewer edges with heavy ties. Quantiles
//!   rather than round numbers because they suit any scale (ages, birth years, spend in any currency)
//!   and make the shares among all customers comparable across bins.
//! - **Category**: anything else, each distinct value its own row; beyond [`MAX_CATEGORIES`] values, the
//!   rarest are counted together in one "other values" row.
//!
//! A customer without a value is in the "not given" row, so each attribute accounts for every customer.

use crate::dataset::{Interner, NONE};
use crate::ingest::date::{DateFormat, civil, parse as parse_date};
use crate::ingest::number::{NumberFormat, parse as parse_number};

/// Numeric attributes with at most this many distinct values are categories.
pub const MAX_NUMBER_CATEGORIES: usize = 12;

/// Category rows shown per attribute; rarer values are grouped in one row.
pub const MAX_CATEGORIES: usize = 50;

/// The kind of an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Distinct values as they are.
    Category,
    /// Numbers in quintile bins.
    Number,
    /// Dates by year.
    Date,
}

/// A row that is not one value or bin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Special {
    /// Customers without a value.
    NotGiven,
    /// The rarer categories beyond [`MAX_CATEGORIES`], together.
    Other,
}

/// One bin or category.
#[derive(Debug, Clone, PartialEq)]
pub struct Bin {
    /// The value, the year, or the range (`< 30`, `[30, 40)`, `≥ 52`).
    pub label: String,
    /// Lower edge (included) of a number bin, or the year of a date bin.
    pub lower: Option<f64>,
    /// Upper edge (excluded) of a number bin.
    pub upper: Option<f64>,
    /// Set for the "not given" and "other values" rows.
    pub special: Option<Special>,
}

/// An attribute's bins and each customer's bin.
#[derive(Debug, Clone)]
pub struct Binned {
    /// The kind found.
    pub kind: Kind,
    /// The bins in report order; the last is "not given" when any customer lacks a value.
    pub bins: Vec<Bin>,
    /// Bin index per customer row.
    pub of: Vec<u32>,
}

/// Number of distinct values among customers with a value, for the skip rule of ids and names.
pub fn distinct_used(values: &[u32]) -> usize {
    let mut v: Vec<u32> = values.iter().copied().filter(|&x| x != NONE).collect();
    v.sort_unstable();
    v.dedup();
    v.len()
}

/// Bins of one attribute: `values[row]` is an id in `dict` or [`NONE`].
pub fn bin(values: &[u32], dict: &Interner, number: NumberFormat) -> Binned {
    // Only the values customers hold are classified (a value seen on a later line only does not count).
    let mut used = vec![false; dict.len()];
    for &v in values {
        if let Some(u) = used.get_mut(v as usize) {
            *u = true;
        }
    }
    let used_ids: Vec<u32> = (0..dict.len() as u32).filter(|&i| used[i as usize]).collect();
    let years: Option<Vec<(u32, i64)>> = used_ids.iter().map(|&i| year_of(dict.get(i)).map(|y| (i, y))).collect();
    let (kind, mut binned) = match years {
        Some(y) if !y.is_empty() => (Kind::Date, by_year(values, dict.len(), &y)),
        _ => {
            let nums: Option<Vec<(u32, f64)>> =
                used_ids.iter().map(|&i| parse_number(dict.get(i).as_bytes(), number).filter(|x| x.is_finite()).map(|x| (i, x))).collect();
            match nums {
                Some(n) if distinct_numbers(&n) > MAX_NUMBER_CATEGORIES => (Kind::Number, quintiles(values, dict.len(), &n)),
                _ => (Kind::Category, categories(values, dict)),
            }
        }
    };
    if values.contains(&NONE) {
        let k = binned.0.len() as u32;
        binned.0.push(Bin { label: "(not given)".into(), lower: None, upper: None, special: Some(Special::NotGiven) });
        for b in binned.1.iter_mut() {
            if *b == NONE {
                *b = k;
            }
        }
    }
    Binned { kind, bins: binned.0, of: binned.1 }
}

/// The bin of a value that was not among the binned ones (a prospect's), in the bins made from the
/// customers' values: a number in the bin whose range holds it (below the first edge in the first bin,
/// above the last in the last), a date in its year's bin, a category in its own row or else the "other
/// values" row. `None` when it fits none (a year or a category the customers never had, a text among
/// numbers); an empty value is the "not given" row when there is one.
pub fn place(b: &Binned, value: &str, number: NumberFormat) -> Option<u32> {
    let value = value.trim();
    let find = |sp: Special| b.bins.iter().position(|x| x.special == Some(sp)).map(|k| k as u32);
    if value.is_empty() {
        return find(Special::NotGiven);
    }
    match b.kind {
        Kind::Date => {
            let y = year_of(value)? as f64;
            b.bins.iter().position(|x| x.special.is_none() && x.lower == Some(y)).map(|k| k as u32)
        }
        Kind::Number => {
            let x = parse_number(value.as_bytes(), number).filter(|x| x.is_finite())?;
            let ranges = b.bins.iter().filter(|x| x.special.is_none()).count();
            let edges: Vec<f64> = b.bins.iter().take(ranges).skip(1).filter_map(|x| x.lower).collect();
            (ranges > 0).then(|| edges.partition_point(|&e| e <= x) as u32)
        }
        Kind::Category => {
            b.bins.iter().position(|x| x.special.is_none() && x.label == value).map(|k| k as u32).or_else(|| find(Special::Other))
        }
    }
}

/// The calendar year of a date written with separators, whichever of day or month comes first.
fn year_of(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if !b.iter().any(|&c| c == b'-' || c == b'/' || c == b'.') {
        return None;
    }
    [DateFormat::YearMonthDay, DateFormat::DayMonthYear, DateFormat::MonthDayYear]
        .into_iter()
        .find_map(|f| parse_date(b, f))
        .map(|t| civil(t).0)
}

fn distinct_numbers(n: &[(u32, f64)]) -> usize {
    let mut v: Vec<f64> = n.iter().map(|x| x.1).collect();
    v.sort_unstable_by(f64::total_cmp);
    v.dedup();
    v.len()
}

type Parts = (Vec<Bin>, Vec<u32>);

fn by_year(values: &[u32], dict_len: usize, years: &[(u32, i64)]) -> Parts {
    let mut year_of_id = vec![i64::MIN; dict_len];
    for &(i, y) in years {
        year_of_id[i as usize] = y;
    }
    let mut distinct: Vec<i64> = years.iter().map(|x| x.1).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let bins = distinct.iter().map(|&y| Bin { label: y.to_string(), lower: Some(y as f64), upper: None, special: None }).collect();
    let of = values
        .iter()
        .map(|&v| match year_of_id.get(v as usize) {
            Some(&y) if y != i64::MIN => distinct.binary_search(&y).map_or(NONE, |k| k as u32),
            _ => NONE,
        })
        .collect();
    (bins, of)
}

fn quintiles(values: &[u32], dict_len: usize, nums: &[(u32, f64)]) -> Parts {
    let mut num_of_id = vec![f64::NAN; dict_len];
    for &(i, x) in nums {
        num_of_id[i as usize] = x;
    }
    let num = |v: u32| num_of_id.get(v as usize).copied().filter(|x| !x.is_nan());
    let mut sorted: Vec<f64> = values.iter().filter_map(|&v| num(v)).collect();
    sorted.sort_unstable_by(f64::total_cmp);
    let m = sorted.len();
    let min = sorted.first().copied().unwrap_or(0.0);
    let mut edges: Vec<f64> = (1..5).map(|k| sorted[k * m / 5]).filter(|&e| e > min).collect();
    edges.dedup();
    let mut bins = Vec::with_capacity(edges.len() + 1);
    for k in 0..=edges.len() {
        let lower = if k == 0 { None } else { Some(edges[k - 1]) };
        let upper = edges.get(k).copied();
        let label = match (lower, upper) {
            (None, Some(u)) => format!("< {}", show(u)),
            (Some(l), Some(u)) => format!("[{}, {})", show(l), show(u)),
            (Some(l), None) => format!("≥ {}", show(l)),
            (None, None) => format!("= {}", show(min)),
        };
        bins.push(Bin { label, lower: lower.or(Some(min)), upper, special: None });
    }
    let of = values.iter().map(|&v| num(v).map_or(NONE, |x| edges.partition_point(|&e| e <= x) as u32)).collect();
    (bins, of)
}

/// A number as written in a label: whole numbers without a fraction, others in the shortest form.
fn show(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 { format!("{}", x as i64) } else { format!("{x}") }
}

fn categories(values: &[u32], dict: &Interner) -> Parts {
    let mut count = vec![0u64; dict.len()];
    for &v in values {
        if let Some(c) = count.get_mut(v as usize) {
            *c += 1;
        }
    }
    let mut ids: Vec<u32> = (0..dict.len() as u32).filter(|&i| count[i as usize] > 0).collect();
    // Most customers first, equal counts by the value's text.
    ids.sort_unstable_by(|&a, &b| count[b as usize].cmp(&count[a as usize]).then_with(|| dict.get(a).cmp(dict.get(b))));
    let shown = ids.len().min(MAX_CATEGORIES);
    let other = ids.len() > MAX_CATEGORIES;
    let mut bin_of_id = vec![if other { shown as u32 } else { NONE }; dict.len()];
    let mut bins: Vec<Bin> = Vec::with_capacity(shown + 1);
    for (k, &i) in ids[..shown].iter().enumerate() {
        bin_of_id[i as usize] = k as u32;
        bins.push(Bin { label: dict.get(i).to_string(), lower: None, upper: None, special: None });
    }
    if other {
        bins.push(Bin { label: "(other values)".into(), lower: None, upper: None, special: Some(Special::Other) });
    }
    let of = values.iter().map(|&v| bin_of_id.get(v as usize).copied().unwrap_or(NONE)).collect();
    (bins, of)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict_of(vals: &[&str]) -> (Interner, Vec<u32>) {
        let mut d = Interner::default();
        let ids = vals.iter().map(|v| if v.is_empty() { NONE } else { d.intern(v.as_bytes()) }).collect();
        (d, ids)
    }

    #[test]
    fn categories_by_count_then_text_with_not_given_last() {
        let (d, ids) = dict_of(&["DE", "FR", "DE", "", "AT", "FR", "DE"]);
        let b = bin(&ids, &d, NumberFormat::default());
        assert_eq!(b.kind, Kind::Category);
        let labels: Vec<&str> = b.bins.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["DE", "FR", "AT", "(not given)"]);
        assert_eq!(b.of, [0, 1, 0, 3, 2, 1, 0]);
    }

    /// Ages 20..=34 (15 distinct values, m = 15): edges at sorted ranks 3, 6, 9, 12 → 23, 26, 29, 32;
    /// bins < 23 (20, 21, 22), [23, 26), [26, 29), [29, 32), ≥ 32 (32, 33, 34): three customers each.
    #[test]
    fn numbers_in_quintiles_by_hand() {
        let ages: Vec<String> = (20..35).map(|a| a.to_string()).collect();
        let refs: Vec<&str> = ages.iter().map(String::as_str).collect();
        let (d, ids) = dict_of(&refs);
        let b = bin(&ids, &d, NumberFormat::default());
        assert_eq!(b.kind, Kind::Number);
        let labels: Vec<&str> = b.bins.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["< 23", "[23, 26)", "[26, 29)", "[29, 32)", "≥ 32"]);
        assert_eq!(b.of, [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
    }

    #[test]
    fn few_distinct_numbers_are_categories_and_decimal_comma_reads() {
        let (d, ids) = dict_of(&["1", "2", "3", "1"]);
        assert_eq!(bin(&ids, &d, NumberFormat::default()).kind, Kind::Category);
        let vals: Vec<String> = (0..13).map(|k| format!("{k},5")).collect();
        let refs: Vec<&str> = vals.iter().map(String::as_str).collect();
        let (d, ids) = dict_of(&refs);
        let b = bin(&ids, &d, NumberFormat::COMMA);
        assert_eq!(b.kind, Kind::Number);
        // m = 13: ranks 2, 5, 7, 10 → 2.5, 5.5, 7.5, 10.5.
        assert_eq!(b.bins[1].label, "[2.5, 5.5)");
    }

    #[test]
    fn dates_by_year_whatever_the_order() {
        let (d, ids) = dict_of(&["2019-03-01", "13/04/2020", "04/13/2020", "", "2019-12-31 10:00"]);
        let b = bin(&ids, &d, NumberFormat::default());
        assert_eq!(b.kind, Kind::Date);
        let labels: Vec<&str> = b.bins.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["2019", "2020", "(not given)"]);
        assert_eq!(b.of, [0, 1, 1, 2, 0]);
    }

    #[test]
    fn many_categories_end_in_other() {
        let vals: Vec<String> = (0..60).map(|k| format!("v{k:02}")).collect();
        let mut refs: Vec<&str> = vals.iter().map(String::as_str).collect();
        refs.push("v59");
        let (d, ids) = dict_of(&refs);
        let b = bin(&ids, &d, NumberFormat::default());
        assert_eq!(b.bins.len(), MAX_CATEGORIES + 1);
        assert_eq!(b.bins[0].label, "v59", "two customers: first");
        assert_eq!(b.bins[MAX_CATEGORIES].special, Some(Special::Other));
        // v00..v48 shown after v59; v49..v58 (10 values) are other.
        assert_eq!(b.of.iter().filter(|&&k| k == MAX_CATEGORIES as u32).count(), 10);
    }
}
