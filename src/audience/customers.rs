//! The customers file: a CRM or loyalty export with one row per customer (id plus any attributes: age or
//! birth year, gender, city, signup date, channel, tier…), read with the same ingestion as the sales file
//! (any dialect, gzip, workbooks) and joined to the sales customers by id.
//!
//! Reading takes two passes over the bytes. The first is the sales reader's detection: it finds the
//! customer-id column (by header words and content, or the caller's choice) and the columns the user
//! ignored. The second reads every row with the id column as the customer and every other column as an
//! attribute, so that no row is rejected for a missing date or a non-numeric "quantity" (detection may
//! well take an age for a quantity). A customer's value of an attribute is the first non-empty one in
//! file order; ids on more than one row are counted.

use serde::{Deserialize, Serialize};

use crate::dataset::{Interner, NONE};
use crate::error::{Error, ErrorCode, Result};
use crate::ingest::number::NumberFormat;
use crate::ingest::roles::Role;
use crate::ingest::{ColumnChoice, IngestOptions, Ingestor};

use super::error::AudienceError;

/// How to read the customers file. `{}` detects everything.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct CustomersOptions {
    /// Reading choices (encoding, delimiter, header, sheet, columns to ignore…), as for the sales file.
    pub ingest: IngestOptions,
    /// The column holding the customer id (header name or 1-based number); detected by default.
    pub id_column: Option<String>,
}

/// One attribute column of the customers file: its first non-empty value per customer id.
#[derive(Debug, Clone)]
pub struct CustomerColumn {
    /// Header name (or `column N`).
    pub name: String,
    /// Distinct values.
    pub dict: Interner,
    /// Value id in `dict` per customer id of [`CustomerTable::ids`] ([`NONE`] when never given).
    pub first: Vec<u32>,
}

/// What reading the customers file found, for the join report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CustomersSummary {
    /// The id column's name.
    pub id_column: String,
    /// The attribute columns, in file order.
    pub columns: Vec<String>,
    /// Data rows read (used by the reader).
    pub rows: u64,
    /// Rows the reader rejected (a broken line), not joined.
    pub rows_rejected: u64,
    /// Rows without a customer id, not joined.
    pub rows_without_id: u64,
    /// Distinct customer ids.
    pub ids: u64,
    /// Ids on more than one row (their first non-empty value of each attribute is kept).
    pub duplicate_ids: u64,
    /// Rows beyond the first of those ids.
    pub duplicate_rows: u64,
    /// Decimal separator of the file's numbers (`.` or `,`).
    pub decimal: char,
}

/// The customers file, one entry per distinct customer id.
#[derive(Debug, Clone)]
pub struct CustomerTable {
    /// Customer ids, in order of first appearance.
    pub ids: Interner,
    /// Attribute columns.
    pub columns: Vec<CustomerColumn>,
    /// How numbers are written in the file.
    pub number: NumberFormat,
    /// Counts for the join report.
    pub summary: CustomersSummary,
}

/// Reads a customers file held in memory (plain, gzip or a workbook).
pub fn read_customers(bytes: &[u8], opts: &CustomersOptions) -> Result<CustomerTable> {
    // Pass 1: detection only (stops as soon as the sample has been examined).
    let mut first = opts.ingest.clone();
    if let Some(c) = &opts.id_column {
        first.columns.push(ColumnChoice { column: c.clone(), role: Role::Customer });
    }
    let columns = detect_columns(bytes, first)?;
    let Some(id_col) = columns.iter().position(|c| c.1 == Role::Customer) else {
        let names = columns.iter().map(|c| c.0.clone()).collect();
        return Err(Error::Refused(Box::new(AudienceError::NoIdColumn { columns: names }.to_json())));
    };
    read_with(bytes, opts, &columns, Some(id_col))
}

/// Reads a file of people with attributes whose id column is optional (a prospects file): with an id
/// column as [`read_customers`]; without one, every row is its own entry, named by its data row number
/// (`1`, `2`, …) and [`CustomersSummary::id_column`] is empty. The id is the chosen column, else the
/// first column named like an id ([`names_an_id`]: `lead`, `prospect_id`, `email`, any `… id`), else the
/// column the customer-id detection finds, unless a value repeats in it (then it is an attribute and
/// rows are named by number).
///
/// Unless chosen otherwise, the first line is the header: such a file's columns are often all text
/// (city, channel, segment), where detection could not tell a header from a row. Like any file the
/// reader takes, it needs at least two columns (an id and an attribute, or two attributes).
pub fn read_rows(bytes: &[u8], opts: &CustomersOptions) -> Result<CustomerTable> {
    let mut opts = opts.clone();
    opts.ingest.header = opts.ingest.header.or(Some(true));
    let opts = &opts;
    let mut first = opts.ingest.clone();
    if let Some(c) = &opts.id_column {
        first.columns.push(ColumnChoice { column: c.clone(), role: Role::Customer });
    }
    let columns = detect_columns(bytes, first)?;
    let detected = columns.iter().position(|c| c.1 == Role::Customer);
    if opts.id_column.is_some() {
        return read_with(bytes, opts, &columns, detected);
    }
    // A header that names a prospect's id comes first; detection looks for customer ids and may take an
    // attribute for one by its values.
    if let Some(named) = columns.iter().position(|c| names_an_id(&c.0)) {
        return read_with(bytes, opts, &columns, Some(named));
    }
    let t = read_with(bytes, opts, &columns, detected)?;
    // A column taken by its values that repeats is an attribute, not an id: every row is a prospect.
    if detected.is_some() && t.summary.duplicate_ids > 0 {
        return read_with(bytes, opts, &columns, None);
    }
    Ok(t)
}

/// A prospects file's id by its header when detection (which looks for customer ids) finds none: `id`,
/// `prospect`, `lead`, `contact`, `email` with or without `id`, or any name ending in ` id` / `_id`.
fn names_an_id(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    let squashed: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    const NAMES: [&str; 12] = [
        "id",
        "prospect",
        "prospectid",
        "lead",
        "leadid",
        "contact",
        "contactid",
        "email",
        "emailaddress",
        "mail",
        "prospectnumber",
        "leadnumber",
    ];
    NAMES.contains(&squashed.as_str()) || lower.ends_with(" id") || lower.ends_with("_id")
}

/// Pass 2 of the readers: the id column (when any) and every column not ignored as an attribute.
fn read_with(bytes: &[u8], opts: &CustomersOptions, columns: &[(String, Role)], id_col: Option<usize>) -> Result<CustomerTable> {
    // Pass 2: the id and every column not ignored as an attribute.
    let mut second = opts.ingest.clone();
    second.layout = Some(crate::dataset::Layout::LineItems);
    second.columns = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let role = if Some(i) == id_col {
                Role::Customer
            } else if c.1 == Role::Ignore {
                Role::Ignore
            } else {
                Role::Attribute
            };
            ColumnChoice { column: (i + 1).to_string(), role }
        })
        .collect();
    let (mut ds, report) = crate::ingest::read_bytes(bytes, second)?;
    let number = if report.dialect.decimal == "," { NumberFormat::COMMA } else { NumberFormat::default() };
    if id_col.is_none() {
        // Every row its own entry, named by its data row number.
        let mut ids = Interner::default();
        let rows: Vec<u32> = (0..ds.len).map(|i| ids.intern((i + 1).to_string().as_bytes())).collect();
        ds.customers = ids;
        // One id per row, beside the table's other keys read back by row: the lengths agree.
        let keys = crate::dataset::RowKeys { customer: Some(rows), ..ds.row_keys() };
        let _same_length = ds.set_keys(keys);
    }
    let n_ids = ds.customers.len();
    let mut rows_of = vec![0u32; n_ids];
    let mut without = 0u64;
    let cust = ds.customer().unwrap_or_default();
    let mut cols: Vec<CustomerColumn> = ds
        .attributes
        .iter()
        .map(|a| CustomerColumn { name: a.name.clone(), dict: Interner::default(), first: vec![NONE; n_ids] })
        .collect();
    for i in 0..ds.len.min(cust.len()) {
        let c = cust[i];
        let Some(count) = rows_of.get_mut(c as usize) else {
            without += 1;
            continue;
        };
        *count = count.saturating_add(1);
        for (k, (col, attr)) in cols.iter_mut().zip(&ds.attributes).enumerate() {
            let slot = &mut col.first[c as usize];
            let v = ds.attribute(k).and_then(|v| v.try_get(i)).unwrap_or(NONE);
            if *slot == NONE && v != NONE {
                *slot = col.dict.intern(attr.dict.get(v).as_bytes());
            }
        }
    }
    let duplicate_ids = rows_of.iter().filter(|&&r| r > 1).count() as u64;
    let duplicate_rows = rows_of.iter().map(|&r| r.saturating_sub(1) as u64).sum();
    let summary = CustomersSummary {
        id_column: id_col.and_then(|i| columns.get(i)).map(|c| c.0.clone()).unwrap_or_default(),
        columns: cols.iter().map(|c| c.name.clone()).collect(),
        rows: report.rows.used,
        rows_rejected: report.rows.rejected,
        rows_without_id: without,
        ids: n_ids as u64,
        duplicate_ids,
        duplicate_rows,
        decimal: number.decimal,
    };
    Ok(CustomerTable { ids: ds.customers, columns: cols, number, summary })
}

/// The columns (name, role) as the sales reader detects them, reading no further than it must.
fn detect_columns(bytes: &[u8], opts: IngestOptions) -> Result<Vec<(String, Role)>> {
    let mut ing = Ingestor::new(opts);
    for chunk in bytes.chunks(crate::ingest::PUSH_PIECE) {
        ing.push(chunk)?;
        if let Some(d) = ing.detection() {
            return Ok(d.columns.iter().map(|c| (c.name.clone(), c.role)).collect());
        }
    }
    let (_, report) = ing.finish()?;
    Ok(report.columns.iter().map(|c| (c.name.clone(), c.role)).collect())
}

/// How the sales customers and the customers file meet: every profiled customer is matched or without
/// attributes; every id of the file belongs to a profiled customer or has no purchases.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct JoinReport {
    /// Customers of the sales file (with a purchase before the as-of date).
    pub customers: u64,
    /// Of them, found in the customers file.
    pub matched: u64,
    /// Of those, matched only as the same whole number (`17850.0` in one file, `17850` in the other).
    pub matched_as_numbers: u64,
    /// Of them, not in the customers file (their attributes from that file are "not given").
    pub customers_without_attributes: u64,
    /// Distinct ids of the customers file that match no customer of the sales file.
    pub attribute_rows_without_purchases: u64,
    /// What reading the customers file found (rows, ids, duplicates, columns).
    pub file: CustomersSummary,
}

/// An id written as a whole number with a zero fraction (`17850.0`, as spreadsheets and data-frame
/// exports write numeric ids) without the fraction; `None` for anything else.
fn whole_number(id: &str) -> Option<&str> {
    let (int, frac) = id.split_once('.')?;
    (!int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()) && !frac.is_empty() && frac.bytes().all(|b| b == b'0')).then_some(int)
}

/// The row of each sales customer in the customers table ([`NONE`] when absent), and the join report.
/// `sales_ids` are the profiled customers' id strings in profile-row order. Ids match when they are the
/// same text, or else when they are the same whole number written with and without a zero fraction
/// (`17850.0` and `17850`).
pub fn join<'a>(table: &CustomerTable, sales_ids: impl Iterator<Item = &'a str>) -> (Vec<u32>, JoinReport) {
    let mut used = vec![false; table.ids.len()];
    // The customers file's ids written as `N.0`, by `N` (only built when some are).
    let mut by_number: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    for (r, id) in table.ids.iter() {
        if let Some(n) = whole_number(id) {
            by_number.entry(n).or_insert(r);
        }
    }
    let mut loose = 0u64;
    let rows: Vec<u32> = sales_ids
        .map(|id| {
            let found = table.ids.find(id).or_else(|| {
                let r = match whole_number(id) {
                    Some(n) => table.ids.find(n),
                    None => by_number.get(id).copied(),
                };
                loose += r.is_some() as u64;
                r
            });
            match found {
                Some(r) => {
                    if let Some(u) = used.get_mut(r as usize) {
                        *u = true;
                    }
                    r
                }
                None => NONE,
            }
        })
        .collect();
    let matched = rows.iter().filter(|&&r| r != NONE).count() as u64;
    let report = JoinReport {
        customers: rows.len() as u64,
        matched,
        matched_as_numbers: loose,
        customers_without_attributes: rows.len() as u64 - matched,
        attribute_rows_without_purchases: used.iter().filter(|&&u| !u).count() as u64,
        file: table.summary.clone(),
    };
    (rows, report)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// By hand: the sales ids 17850.0, 13047 and c1 against a customers file with 17850, 13047.00 and c1.0
    /// — the first two are the same whole numbers, `c1` is not `c1.0`.
    #[test]
    fn ids_match_as_whole_numbers() {
        let t = read_customers(b"customer_id,city\n17850,Leeds\n13047.00,York\nc1.0,Bath\n", &CustomersOptions::default()).unwrap();
        let (rows, r) = join(&t, ["17850.0", "13047", "c1"].into_iter());
        assert_eq!(rows, [0, 1, NONE]);
        assert_eq!((r.matched, r.matched_as_numbers, r.customers_without_attributes, r.attribute_rows_without_purchases), (2, 2, 1, 1));
        assert_eq!(whole_number("12.0"), Some("12"));
        assert_eq!((whole_number("12.5"), whole_number(".0"), whole_number("12."), whole_number("a.0")), (None, None, None, None));
    }

    /// A prospects file: the id by a prospect's header word, or else rows named by number; all-text
    /// columns keep their header.
    #[test]
    fn prospects_file_ids() {
        let t = read_rows(
            b"lead,city,channel
L1,Leeds,web
L2,York,store
L1,Bath,web
",
            &CustomersOptions::default(),
        )
        .unwrap();
        assert_eq!((t.summary.id_column.as_str(), t.summary.ids, t.summary.duplicate_ids), ("lead", 2, 1));
        assert_eq!(t.summary.columns, ["city", "channel"]);
        let t = read_rows(
            b"city,channel
Leeds,web
York,store
Leeds,web
",
            &CustomersOptions::default(),
        )
        .unwrap();
        assert_eq!((t.summary.id_column.as_str(), t.summary.ids), ("", 3));
        assert_eq!(t.ids.iter().map(|(_, s)| s.to_string()).collect::<Vec<_>>(), ["1", "2", "3"]);
        assert!(names_an_id("Prospect ID") && names_an_id("e-mail") && !names_an_id("idea") && !names_an_id("city"));
        // A column of repeated codes is no id, whatever detection makes of it: three prospects.
        let t = read_rows(b"code,channel\nv12,web\nv7,store\nv12,web\n", &CustomersOptions::default()).unwrap();
        assert_eq!((t.summary.ids, t.summary.duplicate_ids), (3, 0));
    }
}
