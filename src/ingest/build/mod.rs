//! Turning records into rows: the [`Builder`] the [`Ingestor`](super::Ingestor) feeds, split by phase —
//! line items and baskets ([`lines`]), dates and the day/month order ([`dates`]), and the dataset with its
//! report at the end ([`finish`]).

mod dates;
mod finish;
mod lines;

use super::date::{self, DateFormat, Timestamp};
use super::number::{self, NumberFormat};
use super::report::{self, DataReport, Example, Reason, Rejections};
use super::roles::Role;
use super::tokenizer::{self, Record, RecordMut};
use super::{Detection, fill, platform, sniff};
use crate::dataset::{Dataset, Key, Layout, LineKind, NONE, Numbers};
use crate::error::{Error, Result};
use crate::notice::Notice;
use serde_json::json;

/// Rows between memory-limit checks.
const CHECK_EVERY: u64 = 8192;

/// Once this many dates show the day/month order and none contradicts it, the order is fixed.
const DATE_LOCK: usize = 1000;

/// Column positions by role.
#[derive(Debug, Default, Clone, Copy)]
struct Cols {
    customer: Option<usize>,
    date: Option<usize>,
    order: Option<usize>,
    item_code: Option<usize>,
    item_name: Option<usize>,
    quantity: Option<usize>,
    price: Option<usize>,
    amount: Option<usize>,
    cost: Option<usize>,
    discount: Option<usize>,
    list_price: Option<usize>,
}

#[derive(Debug)]
enum DateMode {
    None,
    Fixed(DateFormat),
    /// `a/b/y` dates seen so far fit both orders. Rows stored provisionally as day-first are marked in
    /// `provisional` (one bit per row); rows that fit only one order are listed by row.
    Undecided {
        provisional: Vec<u64>,
        day_first: Vec<u32>,
        month_first: Vec<u32>,
        records: [u64; 2],
        examples: [Vec<Example>; 2],
    },
}

/// What a parsed date says about the day/month order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// The order is known, or the date is year-first.
    Certain,
    /// Fits both orders; stored day-first until the file decides.
    Provisional,
    /// Fits only day-first (index 0) or only month-first (index 1).
    Only(usize),
}

/// Turns records into rows.
#[derive(Debug)]
pub(super) struct Builder {
    pub(super) det: Detection,
    ds: Dataset,
    rej: Rejections,
    pub(super) total: u64,
    header_pending: bool,
    /// Excel's `sep=` line is still to come (it precedes the header).
    sep_pending: bool,
    expected: usize,
    cols: Cols,
    attrs: Vec<usize>,
    /// Columns that are not items in a baskets file.
    basket_skip: Vec<bool>,
    dates: DateMode,
    number: NumberFormat,
    max_bytes: Option<u64>,
    last_date: (Vec<u8>, (Timestamp, Tag)),
    last_customer: (Vec<u8>, u32),
    last_order: (Vec<u8>, u32),
    /// The attribute values of the row being appended.
    attr_ids: Vec<u32>,
    /// The last row's date was read provisionally (day first until the file decides): rows where this
    /// changes start a new run of keys, so that a run is swapped whole or not at all.
    last_provisional: bool,
    warnings: Vec<Notice>,
    scratch: String,
    /// Order-level cells carried down an order's lines (`fill`).
    fill: Option<Box<fill::FillDown>>,
    /// Order statuses, cancellations and refunds (`fill`).
    states: Option<fill::OrderStates>,
}

enum Bad {
    /// The row is rejected for a reason about the whole row.
    Row(Reason, String),
    /// The row is rejected because of one cell: the column is counted, so the report can say which column
    /// to fix.
    Cell(Reason, usize, String),
    Fatal(Error),
}

impl From<Error> for Bad {
    fn from(e: Error) -> Self {
        Bad::Fatal(e)
    }
}

impl Builder {
    pub(super) fn new(det: Detection, max_mb: Option<u64>) -> Builder {
        let find = |r: Role| det.column_of(r);
        let cols = Cols {
            customer: find(Role::Customer),
            date: find(Role::Date),
            order: find(Role::Order),
            item_code: find(Role::ItemCode),
            item_name: find(Role::ItemName),
            quantity: find(Role::Quantity),
            price: find(Role::UnitPrice),
            amount: find(Role::Amount),
            cost: find(Role::Cost),
            discount: find(Role::Discount),
            list_price: find(Role::ListPrice),
        };
        let mut ds = Dataset::new(det.layout);
        let line_items = det.layout != Layout::Baskets;
        if line_items {
            // Packed line items carry quantities even when the file has no quantity column.
            ds.quantity = (cols.quantity.is_some() || det.packed.is_some()).then(Numbers::new);
            ds.price = cols.price.map(|_| Numbers::new());
            ds.amount = cols.amount.map(|_| Numbers::new());
            ds.cost = cols.cost.map(|_| Numbers::new());
            ds.discount = cols.discount.map(|_| Numbers::new());
            ds.list_price = cols.list_price.map(|_| Numbers::new());
        }
        let attrs: Vec<usize> =
            if line_items { det.columns.iter().filter(|c| c.role == Role::Attribute).map(|c| c.index).collect() } else { Vec::new() };
        ds.attributes = attrs.iter().map(|&i| crate::dataset::Attribute::new(det.columns[i].name.clone(), Default::default())).collect();
        ds.start_keys(cols.customer.is_some(), true, cols.date.is_some());
        let basket_skip = if line_items || !det.header {
            Vec::new()
        } else {
            det.columns.iter().map(|c| !matches!(c.role, Role::Attribute | Role::ItemCode | Role::ItemName)).collect()
        };
        let dates = match det.date {
            sniff::DateDecision::None => DateMode::None,
            sniff::DateDecision::Known(f) => DateMode::Fixed(f),
            sniff::DateDecision::DayMonthUndecided => DateMode::Undecided {
                provisional: Vec::new(),
                day_first: Vec::new(),
                month_first: Vec::new(),
                records: [0, 0],
                examples: [Vec::new(), Vec::new()],
            },
        };
        let fill = match cols.order {
            Some(o) if line_items => fill::FillDown::new(o, &det.order_level).map(Box::new),
            _ => None,
        };
        let states = if line_items {
            fill::OrderStates::new(det.column_of(Role::Status), det.column_of(Role::Cancelled), det.column_of(Role::Refund))
        } else {
            None
        };
        Builder {
            fill,
            states,
            expected: det.columns.len(),
            header_pending: det.header,
            sep_pending: det.sep_line,
            number: det.number,
            cols,
            attrs,
            basket_skip,
            dates,
            ds,
            rej: Rejections::default(),
            total: 0,
            max_bytes: max_mb.map(|m| m * 1024 * 1024),
            last_date: (Vec::new(), (0, Tag::Certain)),
            last_customer: (Vec::new(), NONE),
            last_order: (Vec::new(), NONE),
            attr_ids: Vec::new(),
            last_provisional: false,
            warnings: Vec::new(),
            scratch: String::new(),
            det,
        }
    }

    /// Handles one record.
    pub(super) fn row(&mut self, mut rec: RecordMut<'_>) -> Result<()> {
        let (line, raw) = (rec.line, rec.raw);
        if self.sep_pending {
            self.sep_pending = false;
            return Ok(());
        }
        if self.header_pending && !raw.iter().all(u8::is_ascii_whitespace) {
            self.header_pending = false;
            return Ok(());
        }
        self.total += 1;
        if self.total.is_multiple_of(CHECK_EVERY)
            && let Some(limit) = self.max_bytes
            && self.ds.heap_bytes() as u64 > limit
        {
            return Err(self.too_large(line));
        }
        let res = if rec.unterminated_quote {
            Err(Bad::Row(Reason::UnterminatedQuote, String::new()))
        } else if blank(&rec.record()) {
            Err(Bad::Row(Reason::EmptyLine, String::new()))
        } else if self.det.layout != Layout::Baskets {
            // An order's blank order-level cells are filled from its first line, in place.
            if let Some(fill) = self.fill.as_mut() {
                fill.apply(&mut rec);
            }
            self.line_item_kept(&rec.record())
        } else {
            self.basket(&rec.record())
        };
        match res {
            Ok(()) => Ok(()),
            Err(Bad::Row(reason, detail)) => {
                self.rej.add(reason, None, line, raw, || detail);
                Ok(())
            }
            Err(Bad::Cell(reason, col, detail)) => {
                self.rej.add(reason, Some(col), line, raw, || detail);
                Ok(())
            }
            Err(Bad::Fatal(e)) => Err(e),
        }
    }

    /// Sizes the table for the whole file once its first `read` bytes of `total` made the rows so far
    /// (2 % more, as rows vary in length), within the memory limit.
    pub(super) fn reserve_for(&mut self, read: u64, total: u64) {
        if read == 0 || total <= read || self.ds.len == 0 {
            return;
        }
        let rows = (self.ds.len as f64 * total as f64 / read as f64 * 1.02) as u64;
        let more = rows.saturating_sub(self.ds.len as u64);
        let room = self.max_bytes.map_or(u64::MAX, |limit| limit.saturating_sub(self.ds.heap_bytes() as u64) / self.ds.row_bytes() as u64);
        // Within the limit, room is left for the keys and dictionaries that grow beside the rows.
        self.ds.reserve_rows(usize::try_from(more.min(room / 10 * 9)).unwrap_or(usize::MAX));
    }

    fn too_large(&self, line: u64) -> Error {
        Error::TooLarge { line, limit_mb: self.max_bytes.map(|b| b / (1024 * 1024)) }
    }

    fn name(&self, col: usize) -> &str {
        &self.det.columns[col].name
    }

    /// Reads a number cell; `required` makes an empty cell a rejection, else it is `NaN`. Inlined: a
    /// column the file does not have (most of the six, in most files) and a number that reads are
    /// settled without a call; only a rejection builds its message, out of line.
    #[inline(always)]
    fn num(&self, f: tokenizer::FieldsRef<'_>, col: Option<usize>, required: bool) -> Result<f64, Bad> {
        let Some(c) = col else { return Ok(f64::NAN) };
        let s = f.cell(c);
        if s.is_empty() {
            return if required { Err(self.bad_number(c, s)) } else { Ok(f64::NAN) };
        }
        match number::parse(s, self.number) {
            Some(v) => Ok(v),
            None => Err(self.bad_number(c, s)),
        }
    }

    /// The rejection of number cell `s` of column `c`: empty, or not a number in the file's format.
    #[cold]
    #[inline(never)]
    fn bad_number(&self, c: usize, s: &[u8]) -> Bad {
        if s.is_empty() {
            Bad::Cell(Reason::MissingValue, c, format!("{} is empty", self.name(c)))
        } else {
            Bad::Cell(Reason::UnparseableNumber, c, format!("{}: {:?}", self.name(c), String::from_utf8_lossy(s)))
        }
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn customer_id(&mut self, key: &[u8]) -> u32 {
        if key.is_empty() {
            return NONE;
        }
        if crate::dataset::same(&self.last_customer.0, key) {
            return self.last_customer.1;
        }
        let id = self.ds.customers.intern(key);
        self.last_customer.0.clear();
        self.last_customer.0.extend_from_slice(key);
        self.last_customer.1 = id;
        id
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn order_id(&mut self, key: &[u8]) -> u32 {
        if crate::dataset::same(&self.last_order.0, key) {
            return self.last_order.1;
        }
        let id = self.ds.orders.intern(key);
        if id as usize == self.ds.order_cancelled.len() {
            self.ds.order_cancelled.push(self.det.cancel_prefix && sniff::is_cancel_id(key));
        }
        self.last_order.0.clear();
        self.last_order.0.extend_from_slice(key);
        self.last_order.1 = id;
        id
    }
}

/// Every field of the record is blank.
#[inline]
fn blank(rec: &Record<'_>) -> bool {
    rec.fields.iter().all(|f| f.trim_ascii().is_empty())
}

/// Appends with fallible growth ([`crate::dataset::grow`]), so running out of memory is an error, not an abort.
#[inline]
fn push<T>(v: &mut Vec<T>, x: T) -> std::result::Result<(), std::collections::TryReserveError> {
    crate::dataset::grow(v)?;
    v.push(x);
    Ok(())
}

/// Writes "line N", the label of a basket row without an order id (without the formatting machinery:
/// a baskets file has one per row).
fn line_label(out: &mut String, line: u64) {
    out.clear();
    out.push_str("line ");
    let (digits, from) = number::decimal_digits(line, 1);
    out.extend(digits[from..].iter().map(|&d| d as char));
}

#[cfg(test)]
mod tests {
    #[test]
    fn line_labels_read_like_format() {
        let mut s = String::from("left over");
        for n in [0u64, 7, 10, 99_999, u64::MAX] {
            super::line_label(&mut s, n);
            assert_eq!(s, format!("line {n}"));
        }
    }
}
