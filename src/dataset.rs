//! The in-memory table every analysis reads: one row per purchase line, columnar, with customers, orders,
//! items and attribute values interned to dense `u32` ids.

use hashbrown::HashTable;
use serde::Serialize;

mod runs;

pub use crate::numbers::Numbers;
use crate::time::Timestamp;
pub(crate) use runs::Key;
pub use runs::{ByRow, RowKeys};

/// Id meaning "no value" in an interned column (e.g. a line without a customer id).
pub const NONE: u32 = u32::MAX;

/// Strings interned to dense ids `0..len`, stored in one arena (no allocation per string).
#[derive(Debug, Clone, Default)]
pub struct Interner {
    arena: String,
    ends: Vec<u32>,
    table: HashTable<u32>,
    hasher: foldhash::fast::FixedState,
}

impl Interner {
    /// Number of distinct strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when nothing has been interned.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The string with id `id`.
    pub fn get(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.arena[start..self.ends[i] as usize]
    }

    /// Id of `s`, if interned.
    pub fn find(&self, s: &str) -> Option<u32> {
        let h = self.hash(s.as_bytes());
        self.table.find(h, |&id| self.get(id) == s).copied()
    }

    /// Id of `bytes`, interning it if new. Ingestion hands over valid UTF-8 only (the decode stage
    /// repairs stray bytes); anything else is stored lossily rather than panicking.
    pub fn intern(&mut self, bytes: &[u8]) -> u32 {
        let h = self.hash(bytes);
        let (arena, ends) = (&self.arena, &self.ends);
        if let Some(&id) = self.table.find(h, |&id| same(slice(arena, ends, id), bytes)) {
            return id;
        }
        let id = self.ends.len() as u32;
        self.arena.push_str(&String::from_utf8_lossy(bytes));
        self.ends.push(self.arena.len() as u32);
        let (arena, ends, hasher) = (&self.arena, &self.ends, &self.hasher);
        self.table.insert_unique(h, id, |&other| hash_with(hasher, slice(arena, ends, other)));
        id
    }

    /// Appends `s` with a new id without listing it for lookups: [`Interner::find`] and
    /// [`Interner::intern`] never return that id. For labels that are distinct by construction (the
    /// "line N" of a basket row without an order id), where hashing them would only cost time.
    pub fn push_unlisted(&mut self, s: &str) -> u32 {
        let id = self.ends.len() as u32;
        self.arena.push_str(s);
        self.ends.push(self.arena.len() as u32);
        id
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.arena.capacity() + self.ends.capacity() * 4 + self.table.capacity() * (4 + 1)
    }

    /// Iterates over `(id, string)`.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &str)> {
        (0..self.len() as u32).map(move |i| (i, self.get(i)))
    }

    fn hash(&self, b: &[u8]) -> u64 {
        hash_with(&self.hasher, b)
    }
}

fn slice<'a>(arena: &'a str, ends: &[u32], id: u32) -> &'a [u8] {
    let i = id as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &arena.as_bytes()[start..ends[i] as usize]
}

/// Byte equality with the short keys of sales files (codes, ids, dates: mostly under 32 bytes) compared
/// by overlapping word loads instead of a call to `memcmp`. Also the reader's checks of a cell against the
/// previous row's (customer, order, date, attribute), which hold most of the time.
#[inline]
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word8 = |s: &[u8], at: usize| s.get(at..at + 8).map_or(0, |w| u64::from_le_bytes(w.try_into().unwrap_or([0; 8])));
    let word4 = |s: &[u8], at: usize| s.get(at..at + 4).map_or(0, |w| u32::from_le_bytes(w.try_into().unwrap_or([0; 4])));
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => word4(a, 0) == word4(b, 0) && word4(a, n - 4) == word4(b, n - 4),
        8..=16 => word8(a, 0) == word8(b, 0) && word8(a, n - 8) == word8(b, n - 8),
        17..=32 => {
            word8(a, 0) == word8(b, 0)
                && word8(a, 8) == word8(b, 8)
                && word8(a, n - 16) == word8(b, n - 16)
                && word8(a, n - 8) == word8(b, n - 8)
        }
        _ => a == b,
    }
}

fn hash_with(state: &foldhash::fast::FixedState, b: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    state.hash_one(b)
}

/// Makes room for one more entry in a column being read: when full, it grows by half its length (at
/// least 1024), by an eighth past [`BIG_COLUMN`] entries (the spare room of a column of 100M rows would
/// otherwise reach 50M rows' worth), fallibly, so running out of memory is an error, not an abort.
#[inline]
pub(crate) fn grow<T>(v: &mut Vec<T>) -> Result<(), std::collections::TryReserveError> {
    if v.len() == v.capacity() {
        let n = v.len();
        v.try_reserve_exact(if n < BIG_COLUMN { (n / 2).max(1024) } else { n / 8 })?;
    }
    Ok(())
}

/// Entries past which a column grows by an eighth instead of a half ([`grow`]).
pub(crate) const BIG_COLUMN: usize = 1 << 24;

/// Whether rows are line items or one basket per input row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// One row per product line of an order.
    LineItems,
    /// One row per basket; the items are the row's fields.
    Baskets,
    /// One row per customer: the per-customer summary made where the data lives
    /// ([`crate::warehouse`]); recognised by its header.
    Customers,
}

impl Layout {
    /// Name used in reports and by `--layout` (`line-items` is accepted too).
    pub fn name(self) -> &'static str {
        match self {
            Layout::LineItems => "line_items",
            Layout::Baskets => "baskets",
            Layout::Customers => "customers",
        }
    }

    /// Parses a `--layout` value: `line-items` (also `line_items`, `lines`, `line-item`), `baskets`
    /// (also `basket`) or `customers` (also `customer-summary`, `summary`).
    pub fn from_name(s: &str) -> Option<Layout> {
        match s.replace('_', "-").as_str() {
            "line-items" | "lines" | "line-item" => Some(Layout::LineItems),
            "baskets" | "basket" => Some(Layout::Baskets),
            "customers" | "customer-summary" | "summary" => Some(Layout::Customers),
            _ => None,
        }
    }
}

impl std::str::FromStr for Layout {
    type Err = String;
    /// [`Layout::from_name`], with an error that lists the accepted names.
    fn from_str(s: &str) -> Result<Layout, String> {
        Layout::from_name(s).ok_or_else(|| "expected line-items, baskets or customers".into())
    }
}

/// What a used line is, for the analyses: only purchases are purchases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// Positive quantity, positive price, not a cancelled order.
    Purchase,
    /// Negative quantity, an order marked as cancelled (a leading `C`, or a refunded, cancelled or failed
    /// status), or a negative amount without quantity and price.
    Return,
    /// Price zero or negative (adjustments, free items, fees).
    NonPositivePrice,
    /// Quantity zero.
    ZeroQuantity,
}

/// A named extra column kept per row (e.g. country, store, demographics); its values by row are
/// [`Dataset::attribute`].
#[derive(Debug, Clone, Default)]
pub struct Attribute {
    /// Column name from the header.
    pub name: String,
    /// Interned value per run of rows ([`runs`]; `NONE` when empty).
    values: Vec<u32>,
    /// The distinct values.
    pub dict: Interner,
}

/// The columnar table. Columns that the file does not have are `None`; every present column has
/// `len` entries. Missing numbers are `NaN` (money and quantity columns are [`Numbers`]: 4 bytes a row
/// when their values allow it); missing ids are [`NONE`]. The keys that repeat along an order's lines —
/// customer, order, time, attribute values — are stored once per run of rows sharing them ([`runs`]) and
/// read by row through [`Dataset::customer`], [`Dataset::order`], [`Dataset::time`] and
/// [`Dataset::attribute`].
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Line items or baskets.
    pub layout: Layout,
    /// Number of rows.
    pub len: usize,
    /// The run of rows sharing their keys that each row belongs to (runs numbered from 0 in row order).
    run: Vec<u32>,
    /// Customer id per run.
    customer: Option<Vec<u32>>,
    /// Order (basket) id per run.
    order: Option<Vec<u32>>,
    /// Item id per row.
    pub item: Vec<u32>,
    /// Purchase time per run.
    time: Option<Vec<Timestamp>>,
    /// Quantity per row (1 when the file has no quantity).
    pub quantity: Option<Numbers>,
    /// Unit price per row.
    pub price: Option<Numbers>,
    /// Line amount per row as given by the file.
    pub amount: Option<Numbers>,
    /// Cost per row.
    pub cost: Option<Numbers>,
    /// Discount per row.
    pub discount: Option<Numbers>,
    /// List (undiscounted) unit price per row.
    pub list_price: Option<Numbers>,
    /// Extra columns.
    pub attributes: Vec<Attribute>,
    /// Customer ids.
    pub customers: Interner,
    /// Order ids; `order_cancelled[id]` marks ids written as cancellations.
    pub orders: Interner,
    /// True for order ids that denote a cancellation.
    pub order_cancelled: Vec<bool>,
    /// Item keys (the item code, or the name when there is no code).
    pub items: Interner,
    /// Display name per item id when the file has both a code and a name column (first non-empty name).
    pub item_names: Vec<u32>,
    /// The distinct item names referenced by `item_names`.
    pub names: Interner,
    /// The file's day/month order could not be decided: dates are stored day-first provisionally and
    /// must not be used until the user chooses (see the report's questions).
    pub date_undecided: bool,
    /// Each row's [`LineKind`] in two bits (four rows a byte), filled by [`Dataset::classify`] once the
    /// table is complete (the reader does it last) for its first `classified` rows; rows past them (or all
    /// of them before) are classified by [`Dataset::kind`] on each call.
    kinds: Vec<u8>,
    classified: usize,
}

/// The kinds in the order of their two-bit codes.
const KINDS: [LineKind; 4] = [LineKind::Purchase, LineKind::Return, LineKind::NonPositivePrice, LineKind::ZeroQuantity];

impl Dataset {
    /// An empty table of a layout.
    pub fn new(layout: Layout) -> Dataset {
        Dataset {
            layout,
            len: 0,
            run: Vec::new(),
            customer: None,
            order: None,
            item: Vec::new(),
            time: None,
            quantity: None,
            price: None,
            amount: None,
            cost: None,
            discount: None,
            list_price: None,
            attributes: Vec::new(),
            customers: Interner::default(),
            orders: Interner::default(),
            order_cancelled: Vec::new(),
            items: Interner::default(),
            item_names: Vec::new(),
            names: Interner::default(),
            date_undecided: false,
            kinds: Vec::new(),
            classified: 0,
        }
    }

    /// Line amount of row `i`: the file's amount when it has one, else quantity × price.
    #[inline(always)]
    pub fn line_amount(&self, i: usize) -> f64 {
        if let Some(a) = &self.amount {
            let a = a.get(i);
            if !a.is_nan() {
                return a;
            }
        }
        let q = self.quantity.as_ref().map_or(1.0, |q| q.get(i));
        let p = self.price.as_ref().map_or(f64::NAN, |p| p.get(i));
        q * p
    }

    /// True when [`Dataset::kind`] is `Purchase` for every line: no quantity, price or amount column
    /// and no cancelled order (baskets files). One check instead of one per line.
    pub fn all_purchases(&self) -> bool {
        self.quantity.is_none() && self.price.is_none() && self.amount.is_none() && !self.order_cancelled.contains(&true)
    }

    /// Classifies row `i` (from the classification [`Dataset::classify`] kept, when it covers the row).
    #[inline]
    pub fn kind(&self, i: usize) -> LineKind {
        if i >= self.classified {
            return self.classify_row(i);
        }
        let k = KINDS[(self.kinds[i / 4] >> (i % 4 * 2) & 3) as usize];
        debug_assert_eq!(k, self.classify_row(i), "row {i} changed after classify()");
        k
    }

    /// Keeps every row's classification (two bits a row), so that the analyses, which each ask for it
    /// row by row, look it up instead of deciding it again from quantity, price, amount and order (a
    /// segmentation asked ~5 times a row: 6.5 % of `clientela segment`'s instructions on Online Retail).
    /// Called when the table is complete: a row changed after it would keep its old kind. Without the
    /// memory for it, nothing is kept and `kind` decides each time, as before.
    ///
    /// Natively a large table is classified in two halves at once (the rows are independent).
    pub fn classify(&mut self) {
        self.kinds = Vec::new();
        self.classified = 0;
        let bytes = self.len.div_ceil(4);
        let mut kinds = Vec::new();
        if kinds.try_reserve_exact(bytes).is_err() {
            return;
        }
        kinds.resize(bytes, 0);
        let me = &*self;
        // Fills the bytes of rows `4 * from..` (four rows a byte).
        let fill = |out: &mut [u8], from: usize| {
            for (byte, b) in out.iter_mut().zip(from..) {
                *byte = (b * 4..(b * 4 + 4).min(me.len)).fold(0u8, |byte, i| {
                    let code = match me.classify_row(i) {
                        LineKind::Purchase => 0,
                        LineKind::Return => 1,
                        LineKind::NonPositivePrice => 2,
                        LineKind::ZeroQuantity => 3,
                    };
                    byte | code << (i % 4 * 2)
                });
            }
        };
        // From SPLIT_ROWS rows, in two halves written in place: no second buffer, in the page (one after
        // the other) either. Below, the first "half" is the whole.
        let two = self.len >= crate::parallel::SPLIT_ROWS;
        let half = if two { bytes / 2 } else { bytes };
        let (first, second) = kinds.split_at_mut(half);
        crate::parallel::join_if(two, || fill(first, 0), || fill(second, half));
        self.kinds = kinds;
        self.classified = self.len;
    }

    /// Decides row `i`'s kind from its quantity, price, amount and order.
    fn classify_row(&self, i: usize) -> LineKind {
        let q = self.quantity.as_ref().map_or(1.0, |q| q.get(i));
        let cancelled = self.order().is_some_and(|o| o[i] != NONE && self.order_cancelled[o[i] as usize]);
        if q < 0.0 || cancelled {
            return LineKind::Return;
        }
        if q == 0.0 {
            return LineKind::ZeroQuantity;
        }
        // Without quantity and price, a negative amount is money paid back: a refund row of a payments
        // export (Stripe, PayPal), not a purchase at a negative price.
        if self.quantity.is_none()
            && self.price.is_none()
            && let Some(a) = &self.amount
            && a.get(i) < 0.0
        {
            return LineKind::Return;
        }
        let known = |c: &Option<Numbers>| c.as_ref().map(|c| c.get(i)).filter(|x| !x.is_nan());
        // Without price information (baskets), the line is a purchase of unknown value.
        let p = known(&self.price).or_else(|| known(&self.amount)).unwrap_or(1.0);
        if p <= 0.0 { LineKind::NonPositivePrice } else { LineKind::Purchase }
    }

    /// Display name of an item id.
    pub fn item_label(&self, id: u32) -> &str {
        match self.item_names.get(id as usize) {
            Some(&n) if n != NONE => self.names.get(n),
            _ => self.items.get(id),
        }
    }

    /// The money and quantity columns the table has.
    fn numbers(&self) -> impl Iterator<Item = &Numbers> {
        [&self.quantity, &self.price, &self.amount, &self.cost, &self.discount, &self.list_price].into_iter().flatten()
    }

    /// The money and quantity columns the table has, to change.
    fn numbers_mut(&mut self) -> impl Iterator<Item = &mut Numbers> {
        [&mut self.quantity, &mut self.price, &mut self.amount, &mut self.cost, &mut self.discount, &mut self.list_price]
            .into_iter()
            .flatten()
    }

    /// Heap bytes held by the table and its dictionaries.
    pub fn heap_bytes(&self) -> usize {
        self.keys_heap_bytes()
            + self.item.capacity() * 4
            + self.numbers().map(Numbers::heap_bytes).sum::<usize>()
            + self.customers.heap_bytes()
            + self.orders.heap_bytes()
            + self.order_cancelled.capacity()
            + self.items.heap_bytes()
            + self.item_names.capacity() * 4
            + self.names.heap_bytes()
            + self.kinds.capacity()
    }

    /// Releases spare capacity (columns grow by half their size while reading).
    pub fn shrink_to_fit(&mut self) {
        self.shrink_keys();
        self.item.shrink_to_fit();
        self.numbers_mut().for_each(Numbers::shrink_to_fit);
        self.order_cancelled.shrink_to_fit();
        self.item_names.shrink_to_fit();
    }

    /// Makes room for `rows` more rows in the per-row columns at once (the reader's estimate of the rows
    /// to come, from the file's size), so that they do not grow by half their size as rows come. The keys
    /// stored per run are left to grow. Nothing changes when the memory is not there.
    pub(crate) fn reserve_rows(&mut self, rows: usize) {
        let ok = self.item.try_reserve_exact(rows).is_ok()
            && self.run.try_reserve_exact(rows).is_ok()
            && self.numbers_mut().all(|n| n.reserve_exact(rows).is_ok());
        if !ok {
            self.shrink_to_fit();
        }
    }

    /// Heap bytes a row takes in the per-row columns (item, run, money and quantity at their present
    /// width), for sizing a reservation.
    pub(crate) fn row_bytes(&self) -> usize {
        8 + self.numbers().map(Numbers::value_bytes).sum::<usize>()
    }

    /// Appends a copy of the last row (an order's packed line items unpacked into rows share its order,
    /// customer, date and attributes); the caller then sets the new row's item, quantity and amount.
    pub fn repeat_last(&mut self) -> Result<(), std::collections::TryReserveError> {
        fn r<T: Copy>(v: &mut Vec<T>) -> Result<(), std::collections::TryReserveError> {
            if let Some(&x) = v.last() {
                v.try_reserve(1)?;
                v.push(x);
            }
            Ok(())
        }
        if self.len == 0 {
            return Ok(());
        }
        self.repeat_last_key()?;
        r(&mut self.item)?;
        for n in self.numbers_mut() {
            n.repeat_last()?;
        }
        self.len += 1;
        Ok(())
    }

    /// Keeps only the rows where `keep[i]` is true (used when a late decision rejects rows).
    pub fn retain_rows(&mut self, keep: &[bool]) {
        fn f<T: Copy>(v: &mut Vec<T>, keep: &[bool]) {
            let mut k = keep.iter();
            v.retain(|_| *k.next().unwrap_or(&true));
        }
        self.retain_keys(keep);
        f(&mut self.item, keep);
        self.numbers_mut().for_each(|n| n.retain(keep));
        self.kinds.clear();
        self.classified = 0;
        self.len = self.item.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classified_kinds_are_the_kinds_decided_row_by_row_in_both_halves() {
        // Reference: `classify_row`, each row decided on its own (what `kind` does without the kept
        // kinds). A table past SPLIT_ROWS (classified in two halves), its row count not a multiple
        // of four, every kind in both halves: returns, zero quantities, prices of 0, cancelled orders.
        let rows = crate::parallel::SPLIT_ROWS + 4_999;
        let mut csv = String::from("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n");
        for r in 0..rows {
            let invoice = if r % 97 == 0 { format!("C{}", r / 7) } else { format!("{}", r / 7) };
            let quantity = [3, -1, 0, 2, 5][r % 5];
            let price = ["1.5", "0", "2.25"][r % 3];
            csv.push_str(&format!("{invoice},A{},{quantity},2011-01-0{} 10:00,{price},{}\n", r % 13, 1 + r % 9, 1000 + r % 50));
        }
        let (ds, _) = crate::ingest::read_bytes(csv.as_bytes(), Default::default()).expect("reads");
        assert_eq!(ds.len, rows);
        assert_eq!(ds.classified, rows, "the read classifies the table");
        let mut seen = [[false; 4]; 2];
        for i in 0..rows {
            let k = ds.kind(i);
            assert_eq!(k, ds.classify_row(i), "row {i}");
            seen[usize::from(i >= rows / 2)][k as usize] = true;
        }
        assert_eq!(seen, [[true; 4]; 2], "every kind in both halves");
    }

    #[test]
    fn interner_gives_dense_stable_ids() {
        let mut i = Interner::default();
        let words = ["b", "a", "b", "", "ü", "a"];
        let ids: Vec<u32> = words.iter().map(|w| i.intern(w.as_bytes())).collect();
        assert_eq!(ids, vec![0, 1, 0, 2, 3, 1]);
        assert_eq!(i.get(3), "ü");
        assert_eq!(i.find("a"), Some(1));
        assert_eq!(i.find("z"), None);
        for k in 0..10_000 {
            i.intern(format!("k{k}").as_bytes());
        }
        assert_eq!(i.find("k9999"), Some(4 + 9999));
        assert_eq!(i.intern(b"b"), 0);
    }

    #[test]
    fn short_key_equality_agrees_with_slice_equality() {
        // Reference: `==` on byte slices. Every length up to 40 (all branches of `same`), equal keys,
        // a one-byte difference at every position, and keys of different lengths.
        for n in 0..40usize {
            let a: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
            assert!(same(&a, &a.clone()));
            for at in 0..n {
                let mut b = a.clone();
                b[at] ^= 1;
                assert_eq!(same(&a, &b), a == b, "length {n}, difference at {at}");
            }
            let longer: Vec<u8> = a.iter().copied().chain([b'z']).collect();
            assert!(!same(&a, &longer));
        }
    }

    #[test]
    fn kept_kinds_read_back_as_decided_row_by_row() {
        // Reference: `classify_row`, deciding each row from its columns. Tables of 0 to 9 rows (every
        // position in the packed bytes, a last byte part full), the four kinds in turn from a shifting start.
        for n in 0..10usize {
            let mut ds = Dataset::new(Layout::LineItems);
            ds.len = n;
            ds.item = vec![0; n];
            let (q, p): (Vec<f64>, Vec<f64>) = (0..n)
                .map(|i| match (i + n) % 4 {
                    0 => (1.0, 2.0),
                    1 => (-1.0, 2.0),
                    2 => (1.0, 0.0),
                    _ => (0.0, 2.0),
                })
                .unzip();
            ds.quantity = Some(q.into());
            ds.price = Some(p.into());
            ds.classify();
            assert_eq!(ds.kinds.len(), n.div_ceil(4));
            for i in 0..n {
                assert_eq!(ds.kind(i), ds.classify_row(i), "row {i} of {n}");
            }
        }
    }

    #[test]
    fn unlisted_strings_get_their_own_ids_and_are_never_looked_up() {
        // A basket row's "line 2" label and an order id that happens to read "line 2" stay two baskets.
        let mut i = Interner::default();
        let listed = i.intern(b"line 2");
        let unlisted = i.push_unlisted("line 2");
        assert_eq!((listed, unlisted), (0, 1));
        assert_eq!(i.get(1), "line 2");
        assert_eq!(i.find("line 2"), Some(0));
        assert_eq!(i.intern(b"line 2"), 0);
        assert_eq!(i.push_unlisted("x"), 2);
        assert_eq!(i.len(), 3);
        assert_eq!(i.find("x"), None);
    }
}
