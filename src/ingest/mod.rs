//! Ingestion: from the bytes of a sales export to a [`Dataset`] and its [`DataReport`].
//!
//! ```text
//! bytes ─► gunzip? ─► sample (1 MiB) ─► encoding ─► detection (sniff) ─► tokenizer ─► rows ─► Dataset
//!                                                                          └─► rejections ─► DataReport
//! ```
//! [`Ingestor`] is push-based: the page feeds it `File.stream()` chunks from a worker and reports
//! progress between them; the CLI feeds it from a buffered reader. Nothing needs the whole file at once,
//! except a spreadsheet (.xlsx, .xls, .ods): its bytes are kept and at `finish()` its sheet is rendered
//! row by row into the same path as a CSV file (see [`sheet`]).
//!
//! ```
//! use clientela::ingest::{Ingestor, IngestOptions};
//! let mut ing = Ingestor::new(IngestOptions::default());
//! ing.push(b"order,customer,date,item,qty,price\n1,ann,2024-01-02,tea,2,3.50\n").unwrap();
//! let (data, report) = ing.finish().unwrap();
//! assert_eq!(report.rows.used, 1);
//! assert_eq!(data.line_amount(0), 7.0);
//! ```

pub mod content;
pub mod date;
pub mod decode;
pub mod fill;
pub mod number;
pub mod platform;
pub mod report;
pub mod roles;
pub mod sheet;
pub mod sniff;
pub mod tokenizer;
pub mod xlsx;

use serde::Serialize;

use crate::dataset::{Dataset, Layout, LineKind, NONE};
use crate::error::{Error, Result};
use crate::notice::Notice;
use date::{DateFormat, Timestamp};
use decode::{Gunzip, TextDecoder};
use number::NumberFormat;
use report::{DataReport, Example, Reason, Rejections};
use roles::Role;
use serde_json::json;
use tokenizer::{Record, Tokenizer};

pub use sniff::{ColumnChoice, Detection, IngestOptions};

/// Bytes of (decompressed) text examined before deciding encoding and dialect.
pub const SAMPLE_BYTES: usize = 1 << 20;

/// Rows between memory-limit checks.
const CHECK_EVERY: u64 = 8192;

/// Once this many dates show the day/month order and none contradicts it, the order is fixed.
const DATE_LOCK: usize = 1000;

/// Progress of a running ingestion.
#[derive(Debug, Clone, Copy, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Progress {
    /// Bytes pushed so far (compressed bytes for gzip).
    pub bytes: u64,
    /// Input rows read so far.
    pub rows: u64,
}

/// Push-based reader of one file.
#[derive(Debug)]
pub struct Ingestor {
    opts: IngestOptions,
    bytes_in: u64,
    /// Raw bytes held until the gzip magic number can be checked.
    head: Vec<u8>,
    gzip: Option<Option<Gunzip>>,
    /// The bytes of a workbook (zip or OLE2 container), read at `finish()`.
    book: Option<Vec<u8>>,
    /// Line number of the first line of text (a sheet's first used row).
    first_line: u64,
    scratch: Vec<u8>,
    stage: Stage,
}

#[derive(Debug)]
enum Stage {
    Sampling(Vec<u8>),
    Reading(Box<Reader>),
}

#[derive(Debug)]
struct Reader {
    decoder: TextDecoder,
    encoding: decode::Detected,
    tokenizer: Tokenizer,
    builder: Builder,
    text: Vec<u8>,
    text_bytes: u64,
}

impl Ingestor {
    /// A reader with the user's choices (all `None`: detect everything).
    pub fn new(opts: IngestOptions) -> Ingestor {
        Ingestor {
            opts,
            bytes_in: 0,
            head: Vec::new(),
            gzip: None,
            book: None,
            first_line: 1,
            scratch: Vec::new(),
            stage: Stage::Sampling(Vec::new()),
        }
    }

    /// Progress so far.
    pub fn progress(&self) -> Progress {
        let rows = match &self.stage {
            Stage::Reading(r) => r.builder.total,
            Stage::Sampling(_) => 0,
        };
        Progress { bytes: self.bytes_in, rows }
    }

    /// The detection, once the sample has been examined.
    pub fn detection(&self) -> Option<&Detection> {
        match &self.stage {
            Stage::Reading(r) => Some(&r.builder.det),
            Stage::Sampling(_) => None,
        }
    }

    /// Feeds the next chunk of the file. A big chunk is taken in pieces of [`PUSH_PIECE`] bytes, so the
    /// decompressed and decoded text held at once stays small whatever the caller's chunk size.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        for piece in chunk.chunks(PUSH_PIECE) {
            self.push_piece(piece)?;
        }
        Ok(())
    }

    fn push_piece(&mut self, chunk: &[u8]) -> Result<()> {
        self.bytes_in += chunk.len() as u64;
        if let Some(book) = self.book.as_mut() {
            return keep(book, chunk);
        }
        if self.gzip.is_none() {
            self.head.extend_from_slice(chunk);
            if self.head.len() < 4 {
                return Ok(());
            }
            let head = std::mem::take(&mut self.head);
            if sheet::is_workbook(&head) {
                self.book = Some(head);
                return Ok(());
            }
            self.gzip = Some(Gunzip::is_gzip(&head).then(Gunzip::new));
            return self.plain(&head, false);
        }
        self.plain(chunk, false)
    }

    /// Ends the file and returns the table and its report.
    pub fn finish(mut self) -> Result<(Dataset, DataReport)> {
        if let Some(book) = self.book.take() {
            return self.finish_workbook(book);
        }
        self.finish_text(None)
    }

    /// Ends the reading after what was pushed and returns what detection found, without reading the rest
    /// of the file: for tools that need the columns only (the warehouse query written from a sample,
    /// which may be a header line alone). `None` for a workbook, whose sheet is not sampled.
    pub fn into_detection(mut self) -> Result<Option<Detection>> {
        if self.book.is_some() {
            return Ok(None);
        }
        if self.gzip.is_none() {
            let head = std::mem::take(&mut self.head);
            self.gzip = Some(Gunzip::is_gzip(&head).then(Gunzip::new));
            self.plain(&head, false)?;
        }
        // The sample ends here (a cut gzip stream is not an error: only its start is wanted).
        if matches!(self.stage, Stage::Sampling(_)) {
            self.text(&[], true)?;
        }
        match self.stage {
            Stage::Reading(r) => Ok(Some(r.builder.det)),
            Stage::Sampling(_) => Err(Error::Empty),
        }
    }

    /// Renders the workbook's sheet into the text path, then ends it like a CSV file.
    fn finish_workbook(mut self, book: Vec<u8>) -> Result<(Dataset, DataReport)> {
        // The rendered cells are comma-separated UTF-8 with a decimal point, whatever the user's choices.
        self.opts.encoding = Some(decode::Encoding::Utf8);
        self.opts.delimiter = Some(',');
        self.opts.decimal_comma = Some(false);
        self.gzip = Some(None);
        struct Feed<'a>(&'a mut Ingestor, bool);
        impl sheet::Sink for Feed<'_> {
            fn first_line(&mut self, line: u64) {
                self.0.first_line = line;
                self.1 = true;
            }
            fn text(&mut self, text: &[u8]) -> Result<()> {
                self.0.plain(text, false)
            }
        }
        let choice = self.opts.sheet.clone();
        let mut feed = Feed(&mut self, false);
        let read = sheet::read(&book, choice.as_deref(), &mut feed);
        let any = feed.1;
        let read = read?;
        drop(book);
        if !any {
            let sheets = read.sheets.iter().map(|s| s.name.clone()).collect();
            return Err(Error::EmptySheet { sheet: Some(read.sheet), sheets });
        }
        let (ds, mut report) = self.finish_text(Some(&read))?;
        // The delimiter, line ending and decimal point are those of the rendering, not the user's or the file's.
        report.notes.retain(|n| {
            !(n.code.starts_with("delimiter_")
                || n.code == "line_ending"
                || n.code == "decimal_user" && n.params.get("comma") == Some(&json!(false)))
        });
        report.notes.insert(
            0,
            Notice::new(
                "sheet",
                &[("sheet", json!(read.sheet)), ("format", json!(read.format)), ("sheets", json!(read.sheets.len()))],
                format!(
                    "read sheet {:?} of an {} workbook ({} sheets): each row read as one line, numbers with a decimal point, date cells as YYYY-MM-DD HH:MM:SS",
                    read.sheet,
                    read.format,
                    read.sheets.len()
                ),
            ),
        );
        Ok((ds, report))
    }

    fn finish_text(mut self, book: Option<&sheet::SheetRead>) -> Result<(Dataset, DataReport)> {
        if self.gzip.is_none() {
            let head = std::mem::take(&mut self.head);
            self.gzip = Some(Gunzip::is_gzip(&head).then(Gunzip::new));
            self.plain(&head, false)?;
        }
        self.plain(&[], true)?;
        let Stage::Reading(mut r) = self.stage else { return Err(Error::Empty) };
        let mut text = std::mem::take(&mut r.text);
        text.clear();
        r.decoder.decode(&[], true, &mut text);
        r.text_bytes += text.len() as u64;
        let builder = &mut r.builder;
        r.tokenizer.feed(&text, &mut |rec| builder.row(rec))?;
        r.tokenizer.finish(&mut |rec| builder.row(rec))?;
        let source = report::Source {
            bytes: self.bytes_in,
            text_bytes: r.text_bytes,
            gzip: matches!(self.gzip, Some(Some(_))),
            encoding: r.encoding.encoding.name().to_string(),
            bom: r.encoding.bom,
            repaired_bytes: r.decoder.repaired_bytes,
            format: book.map_or("csv", |b| b.format).to_string(),
            sheet: book.map(|b| b.sheet.clone()),
            sheets: book.map(|b| b.sheets.clone()).unwrap_or_default(),
        };
        r.builder.finish(source)
    }

    /// Handles bytes after the gzip decision; `last` marks the end of the file.
    fn plain(&mut self, bytes: &[u8], last: bool) -> Result<()> {
        let mut out = std::mem::take(&mut self.scratch);
        out.clear();
        let data: &[u8] = match self.gzip.as_mut() {
            Some(Some(gz)) => {
                gz.push(bytes, &mut out)?;
                if last {
                    gz.finish(&mut out)?;
                }
                &out
            }
            _ => bytes,
        };
        let res = self.text(data, last);
        self.scratch = out;
        res
    }

    fn text(&mut self, data: &[u8], last: bool) -> Result<()> {
        match &mut self.stage {
            Stage::Sampling(buf) => {
                // The sample is exactly the first SAMPLE_BYTES (or the whole file), whatever the chunking.
                let (head, rest) = data.split_at(SAMPLE_BYTES.saturating_sub(buf.len()).min(data.len()));
                buf.extend_from_slice(head);
                if buf.len() >= SAMPLE_BYTES || last {
                    let sample = std::mem::take(buf);
                    self.start(sample, last && rest.is_empty())?;
                    if !rest.is_empty() {
                        return self.text(rest, last);
                    }
                }
                Ok(())
            }
            Stage::Reading(r) => {
                let mut text = std::mem::take(&mut r.text);
                text.clear();
                r.decoder.decode(data, false, &mut text);
                r.text_bytes += text.len() as u64;
                let builder = &mut r.builder;
                let res = r.tokenizer.feed(&text, &mut |rec| builder.row(rec));
                r.text = text;
                res
            }
        }
    }

    /// Examines the sample, then starts reading with it.
    fn start(&mut self, sample: Vec<u8>, whole: bool) -> Result<()> {
        if sample.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::Empty);
        }
        let mut encoding = decode::detect(&sample)?;
        if let Some(e) = self.opts.encoding {
            encoding.encoding = e;
        }
        let mut decoder = TextDecoder::new(encoding.encoding);
        let mut text = Vec::with_capacity(sample.len());
        decoder.decode(&sample, false, &mut text);
        if text.iter().all(u8::is_ascii_whitespace) && whole {
            return Err(Error::Empty);
        }
        let det = sniff::detect(&text, whole, &self.opts)?;
        let tokenizer = Tokenizer::new(det.dialect, self.first_line);
        let builder = Builder::new(det, self.opts.max_memory_mb);
        let mut r = Box::new(Reader { decoder, encoding, tokenizer, builder, text: Vec::new(), text_bytes: text.len() as u64 });
        let builder = &mut r.builder;
        r.tokenizer.feed(&text, &mut |rec| builder.row(rec))?;
        self.stage = Stage::Reading(r);
        Ok(())
    }
}

/// Keeps a workbook's bytes; running out of memory is an error, not an abort.
fn keep(book: &mut Vec<u8>, chunk: &[u8]) -> Result<()> {
    if book.capacity() - book.len() < chunk.len() {
        // Doubling, as a Vec would, but fallibly.
        book.try_reserve(chunk.len().max(book.len())).map_err(|_| Error::TooLarge { line: 0, limit_mb: None })?;
    }
    book.extend_from_slice(chunk);
    Ok(())
}

/// Largest piece of input handled in one step by [`Ingestor::push`].
pub const PUSH_PIECE: usize = 256 * 1024;

/// Reads a whole file from a reader (the CLI's path), in 256 KiB chunks.
pub fn read(mut src: impl std::io::Read, opts: IngestOptions) -> Result<(Dataset, DataReport)> {
    let mut ing = Ingestor::new(opts);
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = match src.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        if n == 0 {
            break;
        }
        ing.push(&buf[..n])?;
    }
    ing.finish()
}

/// Reads a file held in memory.
pub fn read_bytes(bytes: &[u8], opts: IngestOptions) -> Result<(Dataset, DataReport)> {
    let mut ing = Ingestor::new(opts);
    for c in bytes.chunks(256 * 1024) {
        ing.push(c)?;
    }
    ing.finish()
}

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
struct Builder {
    det: Detection,
    ds: Dataset,
    rej: Rejections,
    total: u64,
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
    fn new(det: Detection, max_mb: Option<u64>) -> Builder {
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
        ds.customer = cols.customer.map(|_| Vec::new());
        ds.order = Some(Vec::new());
        ds.time = cols.date.map(|_| Vec::new());
        if line_items {
            // Packed line items carry quantities even when the file has no quantity column.
            ds.quantity = (cols.quantity.is_some() || det.packed.is_some()).then(Vec::new);
            ds.price = cols.price.map(|_| Vec::new());
            ds.amount = cols.amount.map(|_| Vec::new());
            ds.cost = cols.cost.map(|_| Vec::new());
            ds.discount = cols.discount.map(|_| Vec::new());
            ds.list_price = cols.list_price.map(|_| Vec::new());
        }
        let attrs: Vec<usize> =
            if line_items { det.columns.iter().filter(|c| c.role == Role::Attribute).map(|c| c.index).collect() } else { Vec::new() };
        ds.attributes =
            attrs.iter().map(|&i| crate::dataset::Attribute { name: det.columns[i].name.clone(), ..Default::default() }).collect();
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
            warnings: Vec::new(),
            scratch: String::new(),
            det,
        }
    }

    /// Handles one record.
    fn row(&mut self, r: Record<'_>) -> Result<()> {
        if self.sep_pending {
            self.sep_pending = false;
            return Ok(());
        }
        if self.header_pending && !r.raw.iter().all(u8::is_ascii_whitespace) {
            self.header_pending = false;
            return Ok(());
        }
        self.total += 1;
        if self.total.is_multiple_of(CHECK_EVERY)
            && let Some(limit) = self.max_bytes
            && self.ds.heap_bytes() as u64 > limit
        {
            return Err(self.too_large(r.line));
        }
        let res = if r.unterminated_quote {
            Err(Bad::Row(Reason::UnterminatedQuote, String::new()))
        } else if r.fields.iter().all(|f| f.trim_ascii().is_empty()) {
            Err(Bad::Row(Reason::EmptyLine, String::new()))
        } else if self.det.layout != Layout::Baskets {
            self.line_item_filled(&r)
        } else {
            self.basket(&r)
        };
        match res {
            Ok(()) => Ok(()),
            Err(Bad::Row(reason, detail)) => {
                self.rej.add(reason, None, r.line, r.raw, || detail);
                Ok(())
            }
            Err(Bad::Cell(reason, col, detail)) => {
                self.rej.add(reason, Some(col), r.line, r.raw, || detail);
                Ok(())
            }
            Err(Bad::Fatal(e)) => Err(e),
        }
    }

    fn too_large(&self, line: u64) -> Error {
        Error::TooLarge { line, limit_mb: self.max_bytes.map(|b| b / (1024 * 1024)) }
    }

    fn name(&self, col: usize) -> &str {
        &self.det.columns[col].name
    }

    /// Reads a number cell; `required` makes an empty cell a rejection, else it is `NaN`.
    fn num(&self, f: tokenizer::FieldsRef<'_>, col: Option<usize>, required: bool) -> Result<f64, Bad> {
        let Some(c) = col else { return Ok(f64::NAN) };
        let s = f.cell(c);
        if s.is_empty() {
            return if required { Err(Bad::Cell(Reason::MissingValue, c, format!("{} is empty", self.name(c)))) } else { Ok(f64::NAN) };
        }
        number::parse(s, self.number)
            .ok_or_else(|| Bad::Cell(Reason::UnparseableNumber, c, format!("{}: {:?}", self.name(c), String::from_utf8_lossy(s))))
    }

    /// A line item with its order's blank order-level cells filled in, and a platform's non-purchase rows
    /// (payouts, order summaries) rejected.
    fn line_item_filled(&mut self, r: &Record<'_>) -> Result<(), Bad> {
        let Some(mut fill) = self.fill.take() else { return self.line_item_kept(r) };
        let res = match fill.apply(r.fields) {
            Some(fields) => self.line_item_kept(&Record { line: r.line, raw: r.raw, fields, unterminated_quote: r.unterminated_quote }),
            None => self.line_item_kept(r),
        };
        self.fill = Some(fill);
        res
    }

    fn line_item_kept(&mut self, r: &Record<'_>) -> Result<(), Bad> {
        if let Some((col, keep)) = self.det.row_filter
            && !platform::keeps(r.fields.cell(col), keep)
        {
            return Err(Bad::Row(Reason::NotASale, format!("{}: {:?}", self.name(col), String::from_utf8_lossy(r.fields.cell(col)))));
        }
        self.line_item(r)?;
        let Some((cols, format)) = &self.det.packed else { return Ok(()) };
        let format = *format;
        let mut items = Vec::new();
        for &col in cols {
            if items.len() >= platform::MAX_PACKED_ITEMS {
                break;
            }
            items.extend(platform::unpack(r.fields.cell(col), format));
        }
        items.truncate(platform::MAX_PACKED_ITEMS);
        self.unpack(&items, format, r.line)
    }

    /// Turns the row just appended (one order) into one row per line item packed in its cell(s).
    /// WooCommerce's items carry their totals; Shopware's have none, so the order's amount stays on its
    /// first item.
    fn unpack(&mut self, items: &[platform::PackedItem], format: platform::Packed, line: u64) -> Result<(), Bad> {
        let first = self.ds.len - 1;
        // One row can make up to MAX_PACKED_ITEMS rows: the memory limit is checked here too, not only
        // every CHECK_EVERY input rows.
        if items.len() > 1
            && let Some(limit) = self.max_bytes
            && self.ds.heap_bytes() as u64 > limit
        {
            return Err(Bad::Fatal(self.too_large(line)));
        }
        let order_amount = self.ds.amount.as_ref().map_or(f64::NAN, |a| a[first]);
        let limit_mb = self.max_bytes.map(|b| b / (1024 * 1024));
        for (k, it) in items.iter().enumerate() {
            if k > 0 {
                self.ds.repeat_last().map_err(|_| Error::TooLarge { line, limit_mb })?;
            }
            let i = self.ds.len - 1;
            let id = self.ds.items.intern(it.key.as_bytes());
            self.ds.item[i] = id;
            if !it.name.is_empty() && it.name != it.key {
                if self.ds.item_names.len() <= id as usize {
                    self.ds.item_names.resize(id as usize + 1, NONE);
                }
                if self.ds.item_names[id as usize] == NONE {
                    self.ds.item_names[id as usize] = self.ds.names.intern(it.name.as_bytes());
                }
            }
            if let Some(q) = self.ds.quantity.as_mut() {
                q[i] = it.quantity;
            }
            if let Some(a) = self.ds.amount.as_mut() {
                a[i] = match format {
                    platform::Packed::WooCommerce => it.total,
                    platform::Packed::Shopware if k == 0 => order_amount,
                    platform::Packed::Shopware => f64::NAN,
                };
            }
        }
        if items.is_empty()
            && let Some(q) = self.ds.quantity.as_mut()
            && q[first].is_nan()
        {
            // An order without readable items stays one line of quantity 1 at the order's amount.
            q[first] = 1.0;
        }
        Ok(())
    }

    fn line_item(&mut self, r: &Record<'_>) -> Result<(), Bad> {
        let f = r.fields;
        if f.len() != self.expected && !(f.len() > self.expected && (self.expected..f.len()).all(|i| f.cell(i).is_empty())) {
            return Err(Bad::Row(Reason::WrongFieldCount, format!("expected {} fields, found {}", self.expected, f.len())));
        }
        let c = self.cols;
        let quantity = self.num(f, c.quantity, true)?;
        let price = self.num(f, c.price, true)?;
        let amount = self.num(f, c.amount, c.price.is_none())?;
        let cost = self.num(f, c.cost, false)?;
        let discount = self.num(f, c.discount, false)?;
        let list_price = self.num(f, c.list_price, false)?;
        // In a platform's export, a line without an item code is keyed by its name (Shopify and Etsy leave
        // the SKU of items without one blank); elsewhere a blank code stays a rejected line.
        let key_col = match (c.item_code, c.item_name) {
            (Some(k), Some(n)) if self.det.platform.is_some() && f.cell(k).is_empty() && !f.cell(n).is_empty() => Some(n),
            (k, n) => k.or(n),
        };
        let item_key = key_col.map(|k| f.cell(k));
        if let (Some(k), Some(key)) = (key_col, item_key)
            && key.is_empty()
        {
            return Err(Bad::Cell(Reason::MissingValue, k, format!("{} (item) is empty", self.name(k))));
        }
        let order_key = c.order.map(|o| f.cell(o));
        if let (Some(o), Some(key)) = (c.order, order_key)
            && key.is_empty()
        {
            return Err(Bad::Cell(Reason::MissingValue, o, format!("{} (order) is empty", self.name(o))));
        }
        // The date last: it may record day/month evidence for this row, so the row must be kept.
        let time = match c.date {
            Some(d) => Some(self.date(f.cell(d), d)?),
            None => None,
        };

        // Accepted: append.
        let row = self.ds.len;
        push(&mut self.ds.item, NONE).map_err(|_| self.too_large(r.line))?;
        if let Some(key) = item_key {
            let before = self.ds.items.len();
            let id = self.ds.items.intern(key);
            self.ds.item[row] = id;
            if let (Some(_), Some(n)) = (c.item_code, c.item_name) {
                let name = f.cell(n);
                if id as usize >= before {
                    self.ds.item_names.push(NONE);
                }
                if self.ds.item_names[id as usize] == NONE && !name.is_empty() {
                    self.ds.item_names[id as usize] = self.ds.names.intern(name);
                }
            }
        }
        let order = match order_key {
            Some(key) => self.order_id(key),
            None => NONE,
        };
        if let Some(s) = self.states.as_mut() {
            s.record(order, f, self.number);
        }
        let limit_mb = self.max_bytes.map(|b| b / (1024 * 1024));
        let line = r.line;
        let oom = move |_| Error::TooLarge { line, limit_mb };
        push(self.ds.order.as_mut().expect("order column"), order).map_err(oom)?;
        if let Some(cc) = c.customer {
            let id = self.customer_id(f.cell(cc));
            push(self.ds.customer.as_mut().expect("customer column"), id).map_err(oom)?;
        }
        if let (Some((t, _)), Some(col)) = (time, self.ds.time.as_mut()) {
            push(col, t).map_err(oom)?;
        }
        for (v, col) in [
            (quantity, &mut self.ds.quantity),
            (price, &mut self.ds.price),
            (amount, &mut self.ds.amount),
            (cost, &mut self.ds.cost),
            (discount, &mut self.ds.discount),
            (list_price, &mut self.ds.list_price),
        ] {
            if let Some(col) = col {
                push(col, v).map_err(oom)?;
            }
        }
        for (k, &ci) in self.attrs.iter().enumerate() {
            let v = f.cell(ci);
            let a = &mut self.ds.attributes[k];
            let id = match a.values.last() {
                // Attribute values repeat row after row (country, store): compare with the previous.
                Some(&last) if last != NONE && a.dict.get(last).as_bytes() == v => last,
                _ if v.is_empty() => NONE,
                _ => a.dict.intern(v),
            };
            push(&mut a.values, id).map_err(oom)?;
        }
        self.ds.len += 1;
        if let (Some((_, tag)), Some(d)) = (time, c.date) {
            self.tag_rows(row, tag, r, d);
        }
        Ok(())
    }

    fn basket(&mut self, r: &Record<'_>) -> Result<(), Bad> {
        let skip_cols = std::mem::take(&mut self.basket_skip);
        let skip = |i: usize| skip_cols.get(i).copied().unwrap_or(false);
        let res = self.basket_items(r, &skip);
        self.basket_skip = skip_cols;
        res
    }

    fn basket_items(&mut self, r: &Record<'_>, skip: &dyn Fn(usize) -> bool) -> Result<(), Bad> {
        let f = r.fields;
        let c = self.cols;
        if !(0..f.len()).any(|i| !skip(i) && !f.cell(i).is_empty()) {
            return Err(Bad::Row(Reason::MissingValue, "the basket has no items".into()));
        }
        let time = match c.date {
            Some(d) => Some(self.date(f.cell(d), d)?),
            None => None,
        };
        let order = match c.order {
            Some(o) if !f.cell(o).is_empty() => self.order_id(f.cell(o)),
            _ => {
                // A basket of its own, labelled by its line (distinct from every order id in the file,
                // even one that reads "line N").
                line_label(&mut self.scratch, r.line);
                let id = self.ds.orders.push_unlisted(&self.scratch);
                if id as usize == self.ds.order_cancelled.len() {
                    self.ds.order_cancelled.push(false);
                }
                id
            }
        };
        let customer = c.customer.map(|cc| self.customer_id(f.cell(cc)));
        let limit_mb = self.max_bytes.map(|b| b / (1024 * 1024));
        let line = r.line;
        let oom = move |_| Error::TooLarge { line, limit_mb };
        let from = self.ds.len;
        for i in 0..f.len() {
            let v = f.cell(i);
            if skip(i) || v.is_empty() {
                continue;
            }
            let id = self.ds.items.intern(v);
            push(&mut self.ds.item, id).map_err(oom)?;
            push(self.ds.order.as_mut().expect("order column"), order).map_err(oom)?;
            if let (Some(col), Some(cu)) = (self.ds.customer.as_mut(), customer) {
                push(col, cu).map_err(oom)?;
            }
            if let (Some(col), Some((t, _))) = (self.ds.time.as_mut(), time) {
                push(col, t).map_err(oom)?;
            }
            self.ds.len += 1;
        }
        if let (Some((_, tag)), Some(d)) = (time, c.date) {
            self.tag_rows(from, tag, r, d);
        }
        Ok(())
    }

    fn customer_id(&mut self, key: &[u8]) -> u32 {
        if key.is_empty() {
            return NONE;
        }
        if self.last_customer.0 == key {
            return self.last_customer.1;
        }
        let id = self.ds.customers.intern(key);
        self.last_customer.0.clear();
        self.last_customer.0.extend_from_slice(key);
        self.last_customer.1 = id;
        id
    }

    fn order_id(&mut self, key: &[u8]) -> u32 {
        if self.last_order.0 == key {
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

    /// Parses a date cell. Under an undecided day/month order the tag says what the date shows; the
    /// caller records it with [`Builder::tag_rows`] once the row is stored.
    fn date(&mut self, s: &[u8], col: usize) -> Result<(Timestamp, Tag), Bad> {
        if s.is_empty() {
            return Err(Bad::Cell(Reason::MissingDate, col, format!("{} is empty", self.name(col))));
        }
        if self.last_date.0 == s {
            return Ok(self.last_date.1);
        }
        let detail = || format!("{}: {:?}", self.det.columns[col].name, String::from_utf8_lossy(s));
        let Some(p) = date::split_parts(s) else { return Err(Bad::Cell(Reason::UnparseableDate, col, detail())) };
        let (t, tag) = match &self.dates {
            DateMode::None => (Some(0), Tag::Certain),
            DateMode::Fixed(f) => (date::from_parts(&p, *f), Tag::Certain),
            DateMode::Undecided { .. } => {
                if p.year_first() {
                    (date::from_parts(&p, DateFormat::YearMonthDay), Tag::Certain)
                } else if p.a > 12 && p.b <= 12 {
                    (date::from_parts(&p, DateFormat::DayMonthYear), Tag::Only(0))
                } else if p.b > 12 && p.a <= 12 {
                    (date::from_parts(&p, DateFormat::MonthDayYear), Tag::Only(1))
                } else {
                    (date::from_parts(&p, DateFormat::DayMonthYear), Tag::Provisional)
                }
            }
        };
        let Some(t) = t else {
            let f = match &self.dates {
                DateMode::Fixed(f) => *f,
                _ if p.a > 12 => DateFormat::DayMonthYear,
                _ => DateFormat::MonthDayYear,
            };
            return Err(Bad::Cell(classify_bad_date(&p, f), col, detail()));
        };
        self.last_date.0.clear();
        self.last_date.0.extend_from_slice(s);
        self.last_date.1 = (t, tag);
        Ok((t, tag))
    }

    /// Records what the date of rows `from..self.ds.len` (one input record) says about day/month order.
    fn tag_rows(&mut self, from: usize, tag: Tag, r: &Record<'_>, col: usize) {
        let DateMode::Undecided { provisional, day_first, month_first, records, examples } = &mut self.dates else {
            return;
        };
        let to = self.ds.len;
        match tag {
            Tag::Certain => return,
            Tag::Provisional => {
                for row in from..to {
                    let (w, b) = (row / 64, row % 64);
                    if provisional.len() <= w {
                        provisional.resize(w + 1, 0);
                    }
                    provisional[w] |= 1 << b;
                }
                return;
            }
            Tag::Only(side) => {
                let list = if side == 0 { day_first } else { month_first };
                list.extend((from..to).map(|i| i as u32));
                records[side] += 1;
                if examples[side].len() < report::EXAMPLES_PER_REASON {
                    let value = String::from_utf8_lossy(r.fields.cell(col)).into_owned();
                    let detail = format!("{}: {value:?}", self.det.columns[col].name);
                    examples[side].push(Example { line: r.line, text: String::from_utf8_lossy(r.raw).into_owned(), detail });
                }
            }
        }
        if (records[0] as usize >= DATE_LOCK && records[1] == 0) || (records[1] as usize >= DATE_LOCK && records[0] == 0) {
            self.resolve_dates();
        }
    }

    /// Decides the day/month order from the evidence over the rows stored so far: the majority wins,
    /// rows that only read the other way are rejected, provisional rows are swapped if month-first won.
    fn resolve_dates(&mut self) {
        let DateMode::Undecided { provisional, day_first, month_first, records, examples } =
            std::mem::replace(&mut self.dates, DateMode::None)
        else {
            return;
        };
        if records == [0, 0] {
            self.dates = DateMode::Undecided { provisional, day_first, month_first, records, examples };
            return;
        }
        let month_wins = records[1] > records[0];
        let format = if month_wins { DateFormat::MonthDayYear } else { DateFormat::DayMonthYear };
        self.det.notes.push(Notice::new(
            "dates_decided",
            &[("day_first", json!(records[0])), ("month_first", json!(records[1])), ("format", json!(format.name()))],
            format!(
                "day/month order decided by the file: {} dates read only day first, {} only month first: {}",
                records[0],
                records[1],
                format.name()
            ),
        ));
        self.det.date = sniff::DateDecision::Known(format);
        if month_wins && let Some(times) = self.ds.time.as_mut() {
            for (i, t) in times.iter_mut().enumerate() {
                if provisional.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
                    && let Some(s) = date::swap_day_month(*t)
                {
                    *t = s;
                }
            }
        }
        let (losers, lost, [ex_d, ex_m]) = if month_wins { (day_first, records[0], examples) } else { (month_first, records[1], examples) };
        if !losers.is_empty() {
            let mut keep = vec![true; self.ds.len];
            for &i in &losers {
                keep[i as usize] = false;
            }
            self.ds.retain_rows(&keep);
            let col = self.cols.date;
            self.rej.add_many(Reason::DateContradictsOrder, col, lost, if month_wins { ex_d } else { ex_m });
        }
        self.dates = DateMode::Fixed(format);
        self.last_date.0.clear();
    }

    fn finish(mut self, source: report::Source) -> Result<(Dataset, DataReport)> {
        let mut questions = std::mem::take(&mut self.det.questions);
        let mut date_undecided = false;
        if matches!(self.dates, DateMode::Undecided { .. }) {
            self.resolve_dates();
            if matches!(self.dates, DateMode::Undecided { .. }) {
                date_undecided = true;
                questions.push(report::Question {
                    key: "date_format".into(),
                    params: Default::default(),
                    message: "No date in the file has a day above 12, so 03/04/2011 could be 3 April or March 4. \
                              Choose the order: dmy (day first) or mdy (month first). Dates are not used until you do."
                        .into(),
                    options: vec!["dmy".into(), "mdy".into()],
                });
            }
        }
        self.ds.date_undecided = date_undecided;
        let mut refunds = self.states.take().map(|s| s.apply(&mut self.ds));
        self.ds.shrink_to_fit();
        let ds = self.ds;
        let columns = &self.det.columns;
        let (by_reason, rejections) =
            self.rej.into_report(|c| columns.get(c).map_or_else(|| format!("column {}", c + 1), |x| x.name.clone()));
        let rejected: u64 = by_reason.values().sum();
        let mut lines = report::Lines::default();
        let mut seen_c = vec![false; ds.customers.len()];
        let mut seen_o = vec![false; ds.orders.len()];
        let mut seen_i = vec![false; ds.items.len()];
        // Column by column: each pass is a plain scan. Files without quantities, prices or cancellations
        // (baskets) skip the per-line classification: every line is a purchase of unknown value.
        if ds.all_purchases() {
            lines.purchases = ds.len as u64;
        } else {
            for i in 0..ds.len {
                let v = ds.line_amount(i);
                let cust = ds.customer.as_ref().map_or(NONE, |c| c[i]);
                match ds.kind(i) {
                    LineKind::Purchase => {
                        lines.purchases += 1;
                        if !v.is_nan() {
                            lines.revenue += v;
                            if cust == NONE {
                                lines.no_customer_revenue += v;
                            }
                        }
                    }
                    LineKind::Return => {
                        lines.returns += 1;
                        if !v.is_nan() {
                            lines.returns_value += v.abs();
                        }
                    }
                    LineKind::NonPositivePrice => {
                        lines.nonpositive_price += 1;
                        if !v.is_nan() {
                            lines.nonpositive_price_value += v;
                        }
                    }
                    LineKind::ZeroQuantity => lines.zero_quantity += 1,
                }
            }
        }
        match &ds.customer {
            Some(col) => {
                for &c in col {
                    match seen_c.get_mut(c as usize) {
                        Some(s) => *s = true,
                        None => lines.no_customer += 1,
                    }
                }
            }
            None => lines.no_customer = ds.len as u64,
        }
        for &o in ds.order.iter().flatten() {
            if let Some(s) = seen_o.get_mut(o as usize) {
                *s = true;
            }
        }
        for &it in &ds.item {
            if let Some(s) = seen_i.get_mut(it as usize) {
                *s = true;
            }
        }
        let (first, last) = ds.time.iter().flatten().fold((i32::MAX, i32::MIN), |(lo, hi), &t| (lo.min(t), hi.max(t)));
        let count = |v: &[bool]| v.iter().filter(|&&b| b).count() as u64;
        let dated = ds.time.is_some() && ds.len > 0 && !date_undecided;
        let summary = report::Summary {
            customers: count(&seen_c),
            orders: count(&seen_o),
            items: count(&seen_i),
            first_date: dated.then(|| date::format_datetime(first)),
            last_date: dated.then(|| date::format_datetime(last)),
            revenue: lines.revenue,
            returns_value: lines.returns_value,
        };
        if let Some(r) = refunds.as_mut() {
            r.net_revenue = lines.revenue - r.partial_refunds_value;
            if r.unreadable_refunds > 0 {
                self.warnings.push(Notice::new(
                    "unreadable_refunds",
                    &[("count", json!(r.unreadable_refunds))],
                    format!("{} refund amounts could not be read as numbers and were ignored", r.unreadable_refunds),
                ));
            }
        }
        let bytes = ds.heap_bytes() as u64;
        let table =
            report::Table { rows: ds.len as u64, bytes, bytes_per_row: if ds.len > 0 { bytes as f64 / ds.len as f64 } else { 0.0 } };
        let mut warnings = self.warnings;
        if source.repaired_bytes > 0 {
            warnings.push(Notice::new(
                "repaired_bytes",
                &[("bytes", json!(source.repaired_bytes))],
                format!("{} bytes were not valid UTF-8 and were read as Windows-1252 (the file mixes encodings)", source.repaired_bytes),
            ));
        }
        if self.total == 0 {
            warnings.push(Notice::plain("header_only", "the file has a header but no data rows"));
        }
        if ds.customer.is_none() && ds.layout == Layout::LineItems {
            warnings.push(Notice::plain(
                "no_customer_column",
                "no customer column: customer analyses are not available (choose one if the file has it)",
            ));
        }
        let d = &self.det;
        let dialect = report::DialectReport {
            delimiter: sniff::show_delim(d.dialect.delimiter).trim_matches('\'').to_string(),
            quote: "\"".into(),
            line_ending: d.line_ending.to_string(),
            header: d.header,
            decimal: d.number.decimal.to_string(),
            date_format: match d.date {
                sniff::DateDecision::Known(f) => Some(f.name().to_string()),
                sniff::DateDecision::DayMonthUndecided => Some("undecided".into()),
                sniff::DateDecision::None => None,
            },
            cancel_prefix: d.cancel_prefix,
        };
        if ds.layout == Layout::LineItems && ds.len > 0 && ds.price.is_none() && ds.amount.is_none() {
            warnings.push(Notice::plain(
                "no_money_column",
                "no unit price or amount column: revenue and spend are unknown (choose the column that holds the price or the line amount if the file has one)",
            ));
        }
        let problem = problem(self.total, &lines, ds.len, &rejections, &self.det.columns);
        let report = DataReport {
            problem,
            source,
            dialect,
            layout: Some(ds.layout),
            columns: self.det.columns.clone(),
            rows: report::Rows { total: self.total, used: self.total - rejected, rejected, rejected_by_reason: by_reason },
            rejections,
            lines,
            summary,
            table,
            notes: self.det.notes.clone(),
            questions,
            warnings,
            platform: self.det.platform.clone(),
            filled_down: self.fill.as_ref().map(|f| f.report(|c| self.det.columns[c].name.clone())).unwrap_or_default(),
            refunds,
        };
        Ok((ds, report))
    }
}

/// Why the read gave nothing to analyse, if it did not: every row rejected (said with the reason and the
/// column behind most of them), or rows used but none of them a purchase.
fn problem(
    total: u64,
    lines: &report::Lines,
    used_rows: usize,
    rejections: &[report::Rejection],
    columns: &[sniff::Column],
) -> Option<report::Problem> {
    if total == 0 {
        return Some(report::Problem {
            code: "no_data_rows",
            message: "The file has a header but no data rows: there is nothing to analyse. Check that this is the \
                      whole export (an export of an empty date range or of a filtered view can be empty)"
                .into(),
            column: None,
            column_name: None,
            role: None,
            reason: None,
        });
    }
    if used_rows == 0 {
        let top = rejections.first()?;
        let role = top.column.and_then(|c| columns.get(c)).map(|c| c.role);
        let cause = match (top.column_name.as_deref(), role) {
            (Some(name), Some(role)) => {
                let what = match top.reason {
                    Reason::MissingValue | Reason::MissingDate => "is empty",
                    Reason::UnparseableNumber => "holds values that do not read as numbers",
                    Reason::UnparseableDate => "holds values that do not read as dates",
                    Reason::DateOutOfRange => "holds dates outside 1932–2067",
                    _ => "cannot be read",
                };
                format!(
                    "{} of them because the column \"{name}\", read as the {}, {what}. Check what that column means:                      another column may hold the {}, or the file may have none",
                    top.column_count,
                    role_words(role),
                    role_words(role),
                )
            }
            _ => format!("{} of them: {}", top.count, top.message),
        };
        let fix = match top.reason {
            Reason::WrongFieldCount | Reason::UnterminatedQuote => ". Check the delimiter and the header line",
            Reason::UnparseableNumber => " (or the decimal separator)",
            Reason::UnparseableDate | Reason::DateContradictsOrder => " (or the date format)",
            _ => "",
        };
        return Some(report::Problem {
            code: "no_rows_used",
            message: format!("No row of the file could be used: all {total} rows were rejected, {cause}{fix}."),
            column: top.column,
            column_name: top.column_name.clone(),
            role,
            reason: Some(top.reason),
        });
    }
    if lines.purchases == 0 {
        return Some(report::Problem {
            code: "no_purchases",
            message: format!(
                "None of the {used_rows} rows used is a purchase: {} are returns or cancellations, {} have a price of zero or \
                 below and {} a quantity of zero. Check the quantity and price columns: a column read as the quantity \
                 or the price by mistake can make every line look like a return",
                lines.returns, lines.nonpositive_price, lines.zero_quantity
            ),
            column: None,
            column_name: None,
            role: None,
            reason: None,
        });
    }
    None
}

/// A role in words, for messages.
fn role_words(role: Role) -> &'static str {
    match role {
        Role::Customer => "customer id",
        Role::Date => "date",
        Role::Order => "order id",
        Role::ItemCode => "item code",
        Role::ItemName => "item name",
        Role::Quantity => "quantity",
        Role::UnitPrice => "unit price",
        Role::Amount => "line amount",
        Role::Cost => "cost",
        Role::Discount => "discount",
        Role::ListPrice => "list price",
        Role::Status => "order status",
        Role::Cancelled => "cancellation",
        Role::Refund => "refunded amount",
        _ => "value",
    }
}

/// Why a date that split into numbers still failed.
fn classify_bad_date(p: &date::DateParts, f: DateFormat) -> Reason {
    let swapped = match f {
        DateFormat::DayMonthYear => Some(DateFormat::MonthDayYear),
        DateFormat::MonthDayYear => Some(DateFormat::DayMonthYear),
        _ => None,
    };
    if !p.year_first() && swapped.is_some_and(|s| date::from_parts(p, s).is_some()) {
        return Reason::DateContradictsOrder;
    }
    let year = if p.year_first() {
        p.a as i64
    } else if p.c_len == 2 {
        if p.c < 70 { 2000 + p.c as i64 } else { 1900 + p.c as i64 }
    } else {
        p.c as i64
    };
    if !(1932..=2067).contains(&year) && (1..=12).contains(&p.b.min(p.a.max(1))) {
        return Reason::DateOutOfRange;
    }
    Reason::UnparseableDate
}

/// Appends with fallible growth (×1.5), so running out of memory is an error, not an abort.
#[inline]
fn push<T>(v: &mut Vec<T>, x: T) -> std::result::Result<(), std::collections::TryReserveError> {
    if v.len() == v.capacity() {
        v.try_reserve_exact((v.len() / 2).max(1024))?;
    }
    v.push(x);
    Ok(())
}

/// Writes "line N", the label of a basket row without an order id (without the formatting machinery:
/// a baskets file has one per row).
fn line_label(out: &mut String, line: u64) {
    out.clear();
    out.push_str("line ");
    let mut digits = [0u8; 20];
    let mut n = line;
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[k..].iter().map(|&d| d as char));
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
