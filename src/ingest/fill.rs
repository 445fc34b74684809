//! Order-level fields carried down to an order's other lines, and order statuses and refunds turned into
//! returns with a reconciliation for the report.
//!
//! **Fill-down.** Shopify writes an order's e-mail, date, status and totals only on its first line; Amazon
//! leaves most columns blank on an order's continuation lines; eBay writes the buyer on a summary row above
//! the items. Read as they stand, those lines have no customer or date and are rejected or orphaned. So
//! when a line belongs to the same order as the line before it (same non-empty order id) and an order-level
//! cell is blank, the value is taken from the order's first line (or, when that line had it blank too,
//! from the first of the order's lines that had it). A cell that has a value is never changed, so a file
//! without blank order fields reads exactly as before.
//!
//! Only *consecutive* lines of an order are filled, which is how every platform export writes them. When an
//! order's lines are scattered, a line separated from its order's first line by another order is read as it
//! stands (a blank date is then rejected as `missing_date`, a blank customer counts as "no customer"):
//! remembering every order's first line would hold memory for every order in the file, and a scattered
//! file is not one a platform wrote.
//!
//! **Statuses and refunds.** Per order, once the whole file is read: a cancelled, voided or failed order,
//! and a fully refunded one (its status says so, or its refunded amount covers its purchase value), has its
//! lines classified as returns, not revenue (`order_cancelled`, as Online Retail's `C` invoices are). A
//! partly refunded order keeps its lines as purchases; its refund is reconciled in [`Refunds`], so that
//! `revenue − partial_refunds_value = net_revenue` can be checked against the platform's own net sales.

use std::collections::BTreeMap;

use serde::Serialize;

use super::number::{self, NumberFormat};
use super::platform::{self, StatusClass};
use super::tokenizer::{FieldsRef, RecordMut};
use crate::dataset::{Dataset, LineKind, NONE};

/// Lines whose blank order-level cells were filled from their order's first line.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FilledDown {
    /// Lines with at least one cell filled.
    pub lines: u64,
    /// Column name → cells filled in it.
    pub by_column: BTreeMap<String, u64>,
}

/// Carries order-level cells down an order's consecutive lines.
#[derive(Debug)]
pub struct FillDown {
    order_col: usize,
    /// The columns filled, each with the order's value and its count of filled cells.
    cols: Vec<Col>,
    /// The largest column of `cols`.
    last_col: usize,
    key: Vec<u8>,
    in_order: bool,
    lines: u64,
    /// The current order's values.
    text: Vec<u8>,
    /// Changes with `text` (from 1), so that the record's fields know when they hold it already.
    version: u64,
}

/// A column filled down.
#[derive(Debug)]
struct Col {
    col: usize,
    /// The order's value: its span in [`FillDown::text`] (empty when none yet).
    value: (usize, usize),
    /// Cells filled.
    filled: u64,
}

/// Appends `v` to `text`; its span there.
fn keep(text: &mut Vec<u8>, v: &[u8]) -> (usize, usize) {
    let start = text.len();
    text.extend_from_slice(v);
    (start, text.len())
}

impl FillDown {
    /// Fills `cols` along runs of the same value in `order_col`; `None` when there is nothing to fill.
    pub fn new(order_col: usize, cols: &[usize]) -> Option<FillDown> {
        let cols: Vec<Col> = cols.iter().filter(|&&c| c != order_col).map(|&col| Col { col, value: (0, 0), filled: 0 }).collect();
        let last_col = cols.iter().map(|c| c.col).max()?;
        Some(FillDown { order_col, last_col, cols, key: Vec::new(), in_order: false, lines: 0, text: Vec::new(), version: 1 })
    }

    /// Takes note of a record and fills its blank order cells in place; true when it filled any.
    ///
    /// One pass over the order-level columns: a blank cell takes the order's value, pointed at in place;
    /// a value where the order had none becomes the order's. The order's text is lent to the record
    /// before the pass: a value kept during the pass belongs to a cell that has it, so this record never
    /// needs it.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn apply(&mut self, r: &mut RecordMut<'_>) -> bool {
        let f = r.record().fields;
        // A record too short for the columns (rejected later as `wrong_field_count`) is neither filled
        // nor taken as an order's first line.
        if self.last_col >= f.len() {
            return false;
        }
        let key = f.cell(self.order_col);
        if key.is_empty() {
            self.in_order = false;
            return false;
        }
        if !self.in_order || !crate::dataset::same(&self.key, key) {
            self.in_order = true;
            self.key.clear();
            self.key.extend_from_slice(key);
            self.text.clear();
            self.version += 1;
            for c in &mut self.cols {
                c.value = keep(&mut self.text, f.cell(c.col));
            }
            return false;
        }
        let mut f = r.filling(&self.text, self.version);
        let mut any = false;
        for c in &mut self.cols {
            // Most blank cells are empty as written: known from the span alone.
            if f.bare_empty(c.col) || f.cell(c.col).is_empty() {
                if c.value.0 != c.value.1 {
                    f.point(c.col, c.value);
                    c.filled += 1;
                    any = true;
                }
            } else if c.value.0 == c.value.1 {
                c.value = keep(&mut self.text, f.cell(c.col));
                self.version += 1;
            }
        }
        if !any {
            return false;
        }
        self.lines += 1;
        true
    }

    /// The report's counts, with column names.
    pub fn report(&self, names: impl Fn(usize) -> String) -> FilledDown {
        let by_column = self.cols.iter().filter(|c| c.filled > 0).map(|c| (names(c.col), c.filled)).collect();
        FilledDown { lines: self.lines, by_column }
    }
}

/// How refunds, cancellations and failed payments were taken out of revenue.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Refunds {
    /// Orders fully refunded (status, or a refund covering the order's purchase value): returns.
    pub orders_refunded: u64,
    /// Orders partly refunded: still purchases; the refund is in `partial_refunds_value`.
    pub orders_partially_refunded: u64,
    /// Orders cancelled or voided: returns.
    pub orders_cancelled: u64,
    /// Orders whose payment failed or was declined: returns.
    pub orders_failed: u64,
    /// Purchase value of the refunded, cancelled and failed orders, moved from revenue to returns.
    pub excluded_value: f64,
    /// Sum of the file's refund column over orders (each order once), as the platform states it.
    pub refunded_value: f64,
    /// The part of `refunded_value` on partly refunded orders.
    pub partial_refunds_value: f64,
    /// `revenue − partial_refunds_value`: the platform's net sales of the lines read.
    pub net_revenue: f64,
    /// Refund cells that could not be read as numbers (ignored).
    pub unreadable_refunds: u64,
}

const REFUNDED: u8 = 1;
const PARTIAL: u8 = 2;
const CANCELLED: u8 = 4;
const FAILED: u8 = 8;

/// Per-order statuses and refunds gathered while reading.
#[derive(Debug, Default)]
pub struct OrderStates {
    status: Option<usize>,
    cancelled: Option<usize>,
    refund: Option<usize>,
    flags: Vec<u8>,
    refund_amount: Vec<f64>,
    unreadable: u64,
    /// The last status value seen and its flags.
    last_status: (Vec<u8>, u8),
}

impl OrderStates {
    /// `None` when the file has none of the three columns.
    pub fn new(status: Option<usize>, cancelled: Option<usize>, refund: Option<usize>) -> Option<OrderStates> {
        (status.is_some() || cancelled.is_some() || refund.is_some()).then(|| OrderStates {
            status,
            cancelled,
            refund,
            ..Default::default()
        })
    }

    /// Records a used line of order `order` (bounded by the number of orders, like the order dictionary).
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn record(&mut self, order: u32, f: FieldsRef<'_>, fmt: NumberFormat) {
        if order == NONE {
            return;
        }
        let o = order as usize;
        if self.flags.len() <= o {
            self.flags.resize(o + 1, 0);
            self.refund_amount.resize(o + 1, f64::NAN);
        }
        if let Some(c) = self.status {
            // Statuses repeat line after line: classify a value once.
            let v = f.cell(c);
            if self.last_status.0 != v {
                self.last_status.0.clear();
                self.last_status.0.extend_from_slice(v);
                self.last_status.1 = match platform::classify_status(v) {
                    StatusClass::Other => 0,
                    StatusClass::Refunded => REFUNDED,
                    StatusClass::PartiallyRefunded => PARTIAL,
                    StatusClass::Cancelled => CANCELLED,
                    StatusClass::Failed => FAILED,
                };
            }
            self.flags[o] |= self.last_status.1;
        }
        if let Some(c) = self.cancelled
            && !f.cell(c).is_empty()
        {
            self.flags[o] |= CANCELLED;
        }
        if let Some(c) = self.refund {
            let s = f.cell(c);
            // The order's refund is written once (Shopify: on its first line): the first value counts.
            if !s.is_empty() && self.refund_amount[o].is_nan() {
                match number::parse(s, fmt) {
                    Some(v) => self.refund_amount[o] = v.abs(),
                    None => self.unreadable += 1,
                }
            }
        }
    }

    /// Marks refunded, cancelled and failed orders as cancelled in the table and counts what moved.
    /// `revenue` and `net_revenue` are left for the caller once lines are classified.
    pub fn apply(self, ds: &mut Dataset) -> Refunds {
        let mut value = vec![0.0f64; self.flags.len()];
        if let Some(orders) = ds.order() {
            for (i, o) in orders.iter().enumerate() {
                if (o as usize) < value.len() && ds.kind(i) == LineKind::Purchase {
                    let v = ds.line_amount(i);
                    if !v.is_nan() {
                        value[o as usize] += v;
                    }
                }
            }
        }
        let mut r = Refunds { unreadable_refunds: self.unreadable, ..Default::default() };
        for (o, &flags) in self.flags.iter().enumerate() {
            let refund = self.refund_amount[o];
            if !refund.is_nan() {
                r.refunded_value += refund;
            }
            let covers = refund > 0.0 && value[o] > 0.0 && refund >= value[o] - 0.005;
            let exclude = if flags & CANCELLED != 0 {
                r.orders_cancelled += 1;
                true
            } else if flags & FAILED != 0 {
                r.orders_failed += 1;
                true
            } else if flags & REFUNDED != 0 || covers {
                r.orders_refunded += 1;
                true
            } else {
                if refund > 0.0 || flags & PARTIAL != 0 {
                    r.orders_partially_refunded += 1;
                    if refund > 0.0 {
                        r.partial_refunds_value += refund;
                    }
                }
                false
            };
            if exclude && let Some(c) = ds.order_cancelled.get_mut(o) {
                if !*c {
                    r.excluded_value += value[o];
                }
                *c = true;
            }
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::FillDown;
    use crate::ingest::tokenizer::{Dialect, Tokenizer};

    /// The fill-down as the module doc defines it, cell by cell on the whole grid: along consecutive lines
    /// with the same non-blank order id, a blank order-level cell takes the first value its column had in
    /// the order so far (values trimmed, as the reader reads cells); a line too short for the columns is
    /// left alone and does not end the order.
    fn by_definition(rows: &[Vec<String>], order: usize, cols: &[usize]) -> Vec<Vec<String>> {
        let last = *cols.iter().max().unwrap();
        let mut out = Vec::new();
        let mut current: Option<(String, Vec<String>)> = None;
        for row in rows {
            let mut row = row.clone();
            if last < row.len() {
                let key = row[order].trim().to_string();
                if key.is_empty() {
                    current = None;
                } else if current.as_ref().is_none_or(|(k, _)| *k != key) {
                    current = Some((key, cols.iter().map(|&c| row[c].trim().to_string()).collect()));
                } else if let Some((_, values)) = current.as_mut() {
                    for (v, &c) in values.iter_mut().zip(cols) {
                        if row[c].trim().is_empty() {
                            if !v.is_empty() {
                                row[c] = v.clone();
                            }
                        } else if v.is_empty() {
                            *v = row[c].trim().to_string();
                        }
                    }
                }
            }
            out.push(row);
        }
        out
    }

    fn filled(rows: &[Vec<String>], order: usize, cols: &[usize]) -> Vec<Vec<String>> {
        let text: String = rows.iter().map(|r| r.join(",") + "\n").collect();
        let mut fill = FillDown::new(order, cols).unwrap();
        let mut tok = Tokenizer::new(Dialect::default(), 1);
        let mut out = Vec::new();
        let mut sink = |mut r: crate::ingest::tokenizer::RecordMut<'_>| -> Result<(), ()> {
            fill.apply(&mut r);
            out.push(r.record().fields.iter().map(|f| String::from_utf8(f.to_vec()).unwrap()).collect::<Vec<_>>());
            Ok(())
        };
        // Small chunks: records are cut across feeds as a real read cuts them.
        for chunk in text.as_bytes().chunks(7) {
            tok.feed(chunk, &mut sink).unwrap();
        }
        tok.finish(&mut sink).unwrap();
        out
    }

    fn grid() -> impl Strategy<Value = Vec<Vec<String>>> {
        // Few order ids so that orders run over several lines; cells often blank, sometimes spaces.
        let cell = prop_oneof![3 => Just(String::new()), 1 => Just(" ".to_string()), 4 => "[a-c]{1,3}", 1 => " [xy] "];
        let row = (prop_oneof![Just(String::new()), "[12]"], proptest::collection::vec(cell, 3..=5)).prop_map(|(key, mut cells)| {
            cells.insert(0, key);
            cells
        });
        proptest::collection::vec(row, 1..40)
    }

    proptest! {
        /// Source: the module doc's definition, applied to the whole grid by [`by_definition`].
        #[test]
        fn fill_down_equals_its_definition(rows in grid(), cols in proptest::sample::subsequence(vec![1usize, 2, 3, 4], 1..=4)) {
            prop_assert_eq!(filled(&rows, 0, &cols), by_definition(&rows, 0, &cols));
        }
    }

    #[test]
    fn a_value_first_given_on_a_later_line_is_carried_after_a_fill_on_that_line() {
        // Hand-worked: line 2 is filled in column 1 and gives column 2 its first value in the same pass;
        // line 3 takes both.
        let rows: Vec<Vec<String>> =
            [["o1", "ann", ""], ["o1", "", "2024"], ["o1", "", ""]].iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect();
        assert_eq!(filled(&rows, 0, &[1, 2]), [["o1", "ann", ""], ["o1", "ann", "2024"], ["o1", "ann", "2024"]]);
    }
}
