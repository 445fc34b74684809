//! The data report: every input row accounted for (`total = used + rejected`), rejections by reason with
//! line numbers and raw text, what kind of lines were used, and the summary of the table.
//!
//! ## Note and warning codes
//! [`DataReport::notes`] and [`DataReport::warnings`] are [`Notice`]s (the page translates them as
//! `note.<code>` and `warn.<code>`; add, don't rename). Notes: `delimiter_sep_line`, `delimiter_user`
//! (params `delimiter`: `tab`, `space` or the character in quotes), `delimiter_consistent` (`delimiter`,
//! `share`, `fields`), `delimiter_present` (`delimiter`, `share`), `delimiter_assumed`, `line_ending`
//! (`ending`), `header_user` (`present`), `header_detected` (`count`), `no_header`, `platform` (`platform`,
//! `id`, `share`), `platform_shape` (`id`: what the reader does with that platform's rows),
//! `order_level_total` (`column`, 1-based; `orders`, `multi`), `layout_user` (`layout`), `line_items`
//! (`share`, `fields`), `baskets` (`share`, `header`), `no_item_column`, `date_format_user` (`format`),
//! `dates_compact`, `dates_ymd`, `dates_dmy` / `dates_mdy` / `dates_unrecognised` (`count`),
//! `dates_undecided`, `dates_decided` (`day_first`, `month_first`, `format`), `cancel_prefix`,
//! `decimal_user` (`comma`), `decimal_comma` / `decimal_point` (`count`), `sheet` (`sheet`, `format`,
//! `sheets`). `share` is a whole percentage. Warnings: `unreadable_refunds` (`count`), `repaired_bytes`
//! (`bytes`), `header_only`, `no_customer_column`, `no_money_column`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::sniff::Column;
use crate::dataset::Layout;
use crate::notice::Notice;

/// Examples kept per rejection reason.
pub const EXAMPLES_PER_REASON: usize = 5;

/// Why a row was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "RejectionReason"))]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Nothing but whitespace (or delimiters) on the line.
    EmptyLine,
    /// A different number of fields than the header.
    WrongFieldCount,
    /// A quote opened and never closed.
    UnterminatedQuote,
    /// The date cell is empty.
    MissingDate,
    /// The date cannot be read in the file's format.
    UnparseableDate,
    /// The date is outside 1932–2067.
    DateOutOfRange,
    /// The date's day/month order contradicts the rest of the file.
    DateContradictsOrder,
    /// A required cell (item, order, quantity, price) is empty.
    MissingValue,
    /// A number cannot be read.
    UnparseableNumber,
    /// A platform export's row that is not a purchase line (a payout, a transfer, an order's summary row).
    NotASale,
}

impl Reason {
    /// Snake-case key, as in `rows.rejected_by_reason`.
    pub fn key(self) -> &'static str {
        match self {
            Reason::EmptyLine => "empty_line",
            Reason::WrongFieldCount => "wrong_field_count",
            Reason::UnterminatedQuote => "unterminated_quote",
            Reason::MissingDate => "missing_date",
            Reason::UnparseableDate => "unparseable_date",
            Reason::DateOutOfRange => "date_out_of_range",
            Reason::DateContradictsOrder => "date_contradicts_order",
            Reason::MissingValue => "missing_value",
            Reason::UnparseableNumber => "unparseable_number",
            Reason::NotASale => "not_a_sale",
        }
    }

    /// One-line explanation for people.
    pub fn message(self) -> &'static str {
        match self {
            Reason::EmptyLine => "empty line",
            Reason::WrongFieldCount => {
                "the line has a different number of fields than the header (often an unquoted delimiter inside a value)"
            }
            Reason::UnterminatedQuote => "a quote opens a value and never closes",
            Reason::MissingDate => "the date is empty",
            Reason::UnparseableDate => "the date cannot be read in the file's date format",
            Reason::DateOutOfRange => "the date is outside 1932–2067",
            Reason::DateContradictsOrder => "the date only reads with day and month the other way round from the rest of the file",
            Reason::MissingValue => "a required value (item, order, quantity or price) is empty",
            Reason::UnparseableNumber => "a number cannot be read",
            Reason::NotASale => "not a purchase line: a payout, transfer, fee or order summary row of the platform's export",
        }
    }
}

/// One example of a rejected row.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Example {
    /// 1-based line number in the file.
    pub line: u64,
    /// The raw line (shortened to 300 characters).
    pub text: String,
    /// Which column and value, when it is about one cell.
    pub detail: String,
}

/// Rejections of one reason.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Rejection {
    /// Reason key.
    pub reason: Reason,
    /// Explanation.
    pub message: String,
    /// Rows rejected for it.
    pub count: u64,
    /// The column (0-based) that caused most of them, when the reason is about one cell.
    pub column: Option<usize>,
    /// That column's name.
    pub column_name: Option<String>,
    /// Rows of this reason caused by that column.
    pub column_count: u64,
    /// The first few.
    pub examples: Vec<Example>,
}

/// Row accounting.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Rows {
    /// Input rows (records after the header, including empty lines).
    pub total: u64,
    /// Rows in the table.
    pub used: u64,
    /// Rows not used.
    pub rejected: u64,
    /// Reason key → count.
    pub rejected_by_reason: BTreeMap<String, u64>,
}

/// Counts and values of used lines by kind. Amounts are quantity × unit price (or the file's amount).
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Lines {
    /// Purchases: positive quantity and price, not cancelled.
    pub purchases: u64,
    /// Returns and cancellations.
    pub returns: u64,
    /// Lines with price zero or negative.
    pub nonpositive_price: u64,
    /// Lines with quantity zero.
    pub zero_quantity: u64,
    /// Used lines without a customer id (valid for baskets; "no customer" for customer analyses).
    pub no_customer: u64,
    /// Value of purchases.
    pub revenue: f64,
    /// Value of returns, as a positive number.
    pub returns_value: f64,
    /// Value of the zero/negative-price lines.
    pub nonpositive_price_value: f64,
    /// Value of purchases without a customer id.
    pub no_customer_revenue: f64,
}

/// The headline numbers.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Summary {
    /// Distinct customers in used rows.
    pub customers: u64,
    /// Distinct orders (baskets) in used rows.
    pub orders: u64,
    /// Distinct items in used rows.
    pub items: u64,
    /// First purchase date (`YYYY-MM-DD HH:MM:SS`), when dates are known.
    pub first_date: Option<String>,
    /// Last date.
    pub last_date: Option<String>,
    /// Revenue of purchases.
    pub revenue: f64,
    /// Value of returns (positive).
    pub returns_value: f64,
}

/// Size of the in-memory table.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Table {
    /// Rows (lines; for baskets, one per item occurrence).
    pub rows: u64,
    /// Heap bytes of columns and dictionaries.
    pub bytes: u64,
    /// `bytes / rows`.
    pub bytes_per_row: f64,
}

/// The source file.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Source {
    /// Bytes read (compressed size for gzip).
    pub bytes: u64,
    /// Bytes of text after decompression and decoding.
    pub text_bytes: u64,
    /// The file was gzip-compressed.
    pub gzip: bool,
    /// Text encoding.
    pub encoding: String,
    /// A byte-order mark was present.
    pub bom: bool,
    /// Bytes that were not valid UTF-8 and were read as Windows-1252.
    pub repaired_bytes: u64,
    /// `csv` for text (delimited, optionally gzip), else the workbook's kind: `xlsx`, `xlsb`, `xls`, `ods`.
    pub format: String,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    /// Every sheet of a workbook, in its order (empty for text).
    pub sheets: Vec<super::sheet::SheetInfo>,
}

/// How the file is written.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DialectReport {
    /// Field delimiter (`,` `;` `tab` `|` `space`).
    pub delimiter: String,
    /// Quote character.
    pub quote: String,
    /// `LF`, `CRLF` or `CR`.
    pub line_ending: String,
    /// First line is a header.
    pub header: bool,
    /// Decimal separator.
    pub decimal: String,
    /// Date format (`ymd`, `dmy`, `mdy`, `yyyymmdd`), or `undecided`.
    pub date_format: Option<String>,
    /// Order ids `C` + digits are cancellations.
    pub cancel_prefix: bool,
}

/// A decision the data could not make.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Question {
    /// What it is about (`date_format`, `decimal`).
    pub key: String,
    /// Values the question is made from (`decimal`: `count`, the numbers that read either way).
    pub params: BTreeMap<&'static str, serde_json::Value>,
    /// The question.
    pub message: String,
    /// The choices.
    pub options: Vec<String>,
}

/// The whole report.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DataReport {
    /// The file.
    pub source: Source,
    /// Its dialect.
    pub dialect: DialectReport,
    /// `line_items` or `baskets`.
    pub layout: Option<Layout>,
    /// Columns and roles.
    pub columns: Vec<Column>,
    /// Row accounting.
    pub rows: Rows,
    /// Rejections with examples, most frequent first.
    pub rejections: Vec<Rejection>,
    /// Used lines by kind.
    pub lines: Lines,
    /// Headline numbers.
    pub summary: Summary,
    /// Table size.
    pub table: Table,
    /// How detection decided (codes listed in the module doc).
    pub notes: Vec<Notice>,
    /// Decisions for the user.
    pub questions: Vec<Question>,
    /// Things to know that are not rejections (codes listed in the module doc).
    pub warnings: Vec<Notice>,
    /// Why nothing in the file can be analysed, when that is so (see [`DataReport::check`]).
    pub problem: Option<Problem>,
    /// The shop platform whose export this is (`{"id": "shopify_orders", "name": "Shopify orders export"}`).
    pub platform: Option<super::platform::Platform>,
    /// Lines whose blank order-level cells were taken from their order's first line.
    pub filled_down: super::fill::FilledDown,
    /// Refunds, cancellations and failed payments taken out of revenue (files with a status, cancellation
    /// or refund column).
    pub refunds: Option<super::fill::Refunds>,
}

/// Why a read gave nothing to analyse: what is missing, what was tried, and the column to look at. The
/// message names no command-line flag or page control; the CLI and the page add their own words.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Problem {
    /// `no_rows_used` (every row rejected) or `no_purchases` (rows used, none of them a purchase).
    pub code: &'static str,
    /// What happened and how to fix it.
    pub message: String,
    /// The column (0-based) to fix, when one column explains it.
    pub column: Option<usize>,
    /// That column's name.
    pub column_name: Option<String>,
    /// The role that column was read as.
    pub role: Option<super::roles::Role>,
    /// The rejection reason behind it (`no_rows_used`).
    pub reason: Option<Reason>,
}

impl DataReport {
    /// An error when the read gave nothing to analyse (every row rejected, or no purchase among the rows
    /// used): a table with purchases passes.
    pub fn check(&self) -> Result<(), crate::error::Error> {
        match &self.problem {
            Some(p) => Err(crate::error::Error::Unusable(Box::new(p.clone()))),
            None => Ok(()),
        }
    }
}

/// Collects rejections while reading.
#[derive(Debug, Default)]
pub struct Rejections {
    by_reason: BTreeMap<Reason, (u64, Vec<Example>)>,
    /// Per reason, rows rejected because of each column.
    by_column: BTreeMap<Reason, BTreeMap<usize, u64>>,
}

impl Rejections {
    /// Records one rejected row; `column` is the cell that caused it, when one did.
    pub fn add(&mut self, reason: Reason, column: Option<usize>, line: u64, raw: &[u8], detail: impl FnOnce() -> String) {
        if let Some(c) = column {
            *self.by_column.entry(reason).or_default().entry(c).or_default() += 1;
        }
        let e = self.by_reason.entry(reason).or_default();
        e.0 += 1;
        if e.1.len() < EXAMPLES_PER_REASON {
            let text = String::from_utf8_lossy(raw);
            let text = if text.chars().count() > 300 { text.chars().take(300).collect::<String>() + "…" } else { text.into_owned() };
            e.1.push(Example { line, text, detail: detail() });
        }
    }

    /// Records rows rejected after the fact, with examples gathered while reading.
    pub fn add_many(&mut self, reason: Reason, column: Option<usize>, count: u64, examples: Vec<Example>) {
        if let Some(c) = column {
            *self.by_column.entry(reason).or_default().entry(c).or_default() += count;
        }
        let e = self.by_reason.entry(reason).or_default();
        e.0 += count;
        for x in examples {
            if e.1.len() < EXAMPLES_PER_REASON {
                e.1.push(x);
            }
        }
    }

    /// Total rejected.
    pub fn total(&self) -> u64 {
        self.by_reason.values().map(|v| v.0).sum()
    }

    /// Into the report's form; `name` gives a column's name.
    pub fn into_report(mut self, name: impl Fn(usize) -> String) -> (BTreeMap<String, u64>, Vec<Rejection>) {
        let map = self.by_reason.iter().map(|(r, v)| (r.key().to_string(), v.0)).collect();
        let mut list: Vec<Rejection> = self
            .by_reason
            .into_iter()
            .map(|(reason, (count, examples))| {
                // The column behind most of them (the first such column on a tie).
                let top = self.by_column.remove(&reason).and_then(|m| {
                    m.into_iter().fold(None, |best: Option<(usize, u64)>, (c, n)| match best {
                        Some((_, b)) if b >= n => best,
                        _ => Some((c, n)),
                    })
                });
                Rejection {
                    reason,
                    message: reason.message().to_string(),
                    count,
                    column: top.map(|t| t.0),
                    column_name: top.map(|t| name(t.0)),
                    column_count: top.map_or(0, |t| t.1),
                    examples,
                }
            })
            .collect();
        list.sort_by(|a, b| b.count.cmp(&a.count).then(a.reason.cmp(&b.reason)));
        (map, list)
    }
}
