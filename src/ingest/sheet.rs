//! Spreadsheets: `.xlsx`/`.xlsm` (and `.xlsb`), `.xls` and `.ods` workbooks, read with calamine and fed to
//! the same detection and builder as a CSV file.
//!
//! A workbook is a zip (`PK\x03\x04`) or OLE2 (`D0 CF 11 E0`) container that needs all its bytes before any
//! cell can be read, so [`super::Ingestor`] keeps the file and opens it at `finish()`. One sheet is read:
//! the one the user named ([`super::IngestOptions::sheet`], a name or a 1-based number) or else the first
//! visible worksheet with a non-empty cell. Each sheet row becomes one comma-separated record, so the data
//! report's line numbers are the sheet's row numbers:
//!
//! - date-formatted cells (Excel date serials) → `YYYY-MM-DD HH:MM:SS`; ISO dates of `.ods` keep their date
//!   and time with a space instead of the `T`;
//! - numbers → their shortest exact decimal form with a decimal point, whole numbers without `.0` (a
//!   customer id stored as `17850.0` reads `17850`);
//! - text as is, with line breaks and other control characters turned into spaces (one row = one line);
//! - error cells (`#N/A`) as their text, so a row that needs them is rejected with the cell shown.
//!
//! Rows are rendered and handed on in pieces of [`PIECE`] bytes: no second copy of the sheet as text. Once
//! the reader has examined its sample (the first [`super::SAMPLE_BYTES`] of that text), each row goes to it
//! as a record instead — its fields with their CSV line ([`Sink::row`]) — so the bulk of a sheet is not
//! tokenized after being written (`tests/sheets.rs` checks the same table and report either way). An
//! `.xlsx` sheet streams cell by cell from its zip entry; `.xls`, `.xlsb` and `.ods` are parsed by calamine
//! into one sheet in memory (their files are small next to what the same data takes as `.xlsx`).

use std::io::Cursor;

use calamine::{Data, DataRef, Reader, SheetType, SheetVisible};
use serde::Serialize;

use super::tokenizer::Fields;
use crate::error::{Error, Result};

/// Rendered text handed on at once.
pub const PIECE: usize = 256 * 1024;

/// Rows are padded with empty fields to the sheet's used width, as a spreadsheet's own CSV export does,
/// up to this many columns: a sheet that declares all 16,384 columns would otherwise write 16 KB of
/// commas per row. Cells beyond it are still written.
const MAX_PAD: usize = 1024;

/// The container of a workbook, from its first bytes.
pub fn is_workbook(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"\xD0\xCF\x11\xE0")
}

/// One sheet of the workbook, as listed in the data report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SheetInfo {
    /// The sheet's name.
    pub name: String,
    /// Rows from the first to the last used row (header included), when the file says so cheaply.
    pub rows: Option<u64>,
}

/// What was read from a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRead {
    /// `xlsx`, `xlsb`, `xls` or `ods`.
    pub format: &'static str,
    /// The sheet read.
    pub sheet: String,
    /// Every sheet of the workbook, in its order.
    pub sheets: Vec<SheetInfo>,
}

/// Receives the rendered sheet.
pub trait Sink {
    /// The sheet row number (1-based) of the first line that follows.
    fn first_line(&mut self, line: u64);
    /// The next piece of text: whole lines, comma-separated, `\n`-terminated.
    fn text(&mut self, text: &[u8]) -> Result<()>;
    /// Asked between lines: whether the lines that follow may come as records ([`Sink::row`]) instead of
    /// text — a reader past its sample, with no line partly read, takes a row's cells without tokenizing
    /// their text again. Not asked again once it says `true`.
    fn takes_rows(&mut self) -> bool {
        false
    }
    /// The next line as a record: `raw` is its text as [`Sink::text`] would have had it (without the
    /// `\n`), `fields` its cells as the tokenizer reads them from that text, `line` its line number.
    fn row(&mut self, line: u64, raw: &[u8], fields: &mut Fields) -> Result<()> {
        let _ = (line, fields);
        let mut text = raw.to_vec();
        text.push(b'\n');
        self.text(&text)
    }
}

type Bytes<'a> = Cursor<&'a [u8]>;

enum Book<'a> {
    /// `.xlsx`/`.xlsm` through the sheet scanner of [`super::xlsx`].
    Fast(super::xlsx::Workbook<'a>),
    Xlsx(calamine::Xlsx<Bytes<'a>>),
    Xlsb(calamine::Xlsb<Bytes<'a>>),
    Xls(calamine::Xls<Bytes<'a>>),
    Ods(calamine::Ods<Bytes<'a>>),
}

/// Said when calamine panicked on damaged data (see [`read`]).
pub const READER_STOPPED: &str = "the reader stopped on damaged data";

/// Opens the workbook in `bytes`, picks the sheet and renders it into `sink`.
///
/// A damaged file is an error, never a panic: the compound file of an .xls is checked before calamine
/// reads it (`ole`) — files cut short, damaged sector tables, and the records its parser would index past
/// the end of (refused, or made harmless when they only serve formulas' text). As a last guard a panic
/// inside calamine is caught and becomes [`Error::Workbook`] with [`READER_STOPPED`]; that only works where
/// panics unwind (the CLI): in the browser, wasm32 aborts on a panic and the page restarts its engine.
pub fn read(bytes: &[u8], choice: Option<&str>, sink: &mut dyn Sink) -> Result<SheetRead> {
    read_with(bytes, choice, sink, true)
}

/// [`read`] with calamine's own `.xlsx` reader instead of the sheet scanner: the reference the scanner is
/// tested against (`tests/sheets.rs`).
pub fn read_reference(bytes: &[u8], choice: Option<&str>, sink: &mut dyn Sink) -> Result<SheetRead> {
    read_with(bytes, choice, sink, false)
}

fn read_with(bytes: &[u8], choice: Option<&str>, sink: &mut dyn Sink, fast: bool) -> Result<SheetRead> {
    let format = if bytes.starts_with(b"\xD0\xCF\x11\xE0") { "xls" } else { "xlsx" };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_book(bytes, choice, sink, fast)))
        .unwrap_or_else(|_| Err(Error::Workbook { format: format.into(), message: READER_STOPPED.into() }))
}

fn read_book(bytes: &[u8], choice: Option<&str>, sink: &mut dyn Sink, fast: bool) -> Result<SheetRead> {
    // A compound file is checked first; its last sector cut short is read as if zero-filled, and the
    // records calamine could run off are made harmless (see `ole`).
    let patches = if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        ole::check(bytes).map_err(|m| Error::Workbook { format: "xls".into(), message: m.into() })?
    } else {
        Vec::new()
    };
    let padded;
    let bytes = match ole::padding(bytes) {
        0 if patches.is_empty() => bytes,
        n => {
            let mut v = Vec::new();
            v.try_reserve_exact(bytes.len() + n).map_err(|_| Error::TooLarge { line: 0, limit_mb: None })?;
            v.extend_from_slice(bytes);
            v.resize(bytes.len() + n, 0);
            for (at, byte) in patches {
                if let Some(b) = v.get_mut(at) {
                    *b = byte;
                }
            }
            padded = v;
            &padded[..]
        }
    };
    let mut book = open(bytes, fast)?;
    let format = match book {
        Book::Fast(_) | Book::Xlsx(_) => "xlsx",
        Book::Xlsb(_) => "xlsb",
        Book::Xls(_) => "xls",
        Book::Ods(_) => "ods",
    };
    let meta: Vec<calamine::Sheet> = match &book {
        Book::Fast(b) => b.sheets.iter().map(|s| calamine::Sheet { name: s.name.clone(), typ: s.typ, visible: s.visible }).collect(),
        Book::Xlsx(b) => b.sheets_metadata().to_vec(),
        Book::Xlsb(b) => b.sheets_metadata().to_vec(),
        Book::Xls(b) => b.sheets_metadata().to_vec(),
        Book::Ods(b) => b.sheets_metadata().to_vec(),
    };
    let names: Vec<String> = meta.iter().map(|s| s.name.clone()).collect();
    if names.is_empty() {
        return Err(Error::Workbook { format: format.into(), message: "it has no sheets".into() });
    }
    let mut sheets: Vec<SheetInfo> = Vec::with_capacity(names.len());
    let mut first_with_data = None;
    for (i, s) in meta.iter().enumerate() {
        let (rows, has_data) = survey(&mut book, i, &s.name)?;
        sheets.push(SheetInfo { name: s.name.clone(), rows });
        let readable = s.visible == SheetVisible::Visible && s.typ == SheetType::WorkSheet;
        if first_with_data.is_none() && readable && has_data {
            first_with_data = Some(i);
        }
    }
    let index = match choice.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => pick(&names, c).ok_or_else(|| Error::UnknownSheet { sheet: c.to_string(), sheets: names.clone() })?,
        None => first_with_data.ok_or(Error::EmptySheet { sheet: None, sheets: names.clone() })?,
    };
    let name = names[index].clone();
    let mut out = Renderer::new(sink);
    match &mut book {
        Book::Fast(b) => scan_xlsx(b, index, &mut out)?,
        Book::Xlsx(b) => stream_xlsx(b, &name, &mut out)?,
        Book::Xlsb(b) => render_range(&b.worksheet_range(&name).map_err(|e| damaged(format, e))?, &mut out)?,
        Book::Xls(b) => render_range(&b.worksheet_range(&name).map_err(|e| damaged(format, e))?, &mut out)?,
        Book::Ods(b) => render_range(&b.worksheet_range(&name).map_err(|e| damaged(format, e))?, &mut out)?,
    }
    out.flush()?;
    Ok(SheetRead { format, sheet: name, sheets })
}

/// The sheet named `c` (exactly, then ignoring case), else the sheet numbered `c` (1-based).
fn pick(names: &[String], c: &str) -> Option<usize> {
    names
        .iter()
        .position(|n| n == c)
        .or_else(|| names.iter().position(|n| n.to_lowercase() == c.to_lowercase()))
        .or_else(|| c.parse::<usize>().ok().filter(|&n| (1..=names.len()).contains(&n)).map(|n| n - 1))
}

fn damaged(format: &str, e: impl std::fmt::Display) -> Error {
    let message = e.to_string();
    if message.contains("password protected") {
        return Error::Password { format: format.into() };
    }
    Error::Workbook { format: format.into(), message }
}

fn open(bytes: &[u8], fast: bool) -> Result<Book<'_>> {
    let cur = || Cursor::new(bytes);
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        // Checked by `read_book`. OLE2 holds an old .xls, or an encrypted (password-protected) .xlsx.
        return match calamine::Xls::new(cur()) {
            Ok(b) => Ok(Book::Xls(b)),
            Err(calamine::XlsError::Password) => Err(Error::Password { format: "xls".into() }),
            Err(e) => match calamine::Xlsx::new(cur()) {
                Err(calamine::XlsxError::Password) => Err(Error::Password { format: "xlsx".into() }),
                _ => Err(damaged("xls", e)),
            },
        };
    }
    // An OpenDocument file names its type in an uncompressed first entry called `mimetype`.
    let head = &bytes[..bytes.len().min(128)];
    if head.get(30..38) == Some(b"mimetype") && memchr::memmem::find(head, b"opendocument.spreadsheet").is_some() {
        return calamine::Ods::new(cur()).map(Book::Ods).map_err(|e| damaged("ods", e));
    }
    if fast {
        // Not an .xlsx (an .xlsb has a binary workbook part) or damaged: calamine tries, and says why.
        if let Ok(b) = super::xlsx::Workbook::open(bytes) {
            return Ok(Book::Fast(b));
        }
    }
    match calamine::Xlsx::new(cur()) {
        Ok(b) => Ok(Book::Xlsx(b)),
        Err(xlsx) => match calamine::Xlsb::new(cur()) {
            Ok(b) => Ok(Book::Xlsb(b)),
            Err(_) => Err(damaged("xlsx", xlsx)),
        },
    }
}

/// Rows of a sheet (when cheap to know) and whether it holds a non-empty cell.
fn survey(book: &mut Book<'_>, index: usize, name: &str) -> Result<(Option<u64>, bool)> {
    let range_rows = |r: &calamine::Range<Data>| {
        let has_data = r.used_cells().any(|(_, _, v)| !is_blank(v));
        let rows = match (r.start(), r.end()) {
            (Some(s), Some(e)) if has_data => u64::from(e.0.saturating_sub(s.0)) + 1,
            _ => 0,
        };
        (Some(rows), has_data)
    };
    Ok(match book {
        Book::Fast(b) => {
            let mut has_data = false;
            // A sheet that fails to open is listed without rows; reading it reports the failure.
            let Ok(d) = b.scan(index, &mut |_, _, _, v| {
                has_data = !String::from_utf8_lossy(v).trim().is_empty();
                Ok(!has_data)
            }) else {
                return Ok((None, false));
            };
            let rows = if !has_data { Some(0) } else { declared(d).map(|d| u64::from(d.last_row.saturating_sub(d.first_row)) + 1) };
            (rows, has_data)
        }
        Book::Xlsx(b) => {
            // A sheet that fails to open is listed without rows; reading it reports the failure.
            let Ok(mut cells) = b.worksheet_cells_reader(name) else { return Ok((None, false)) };
            let d = cells.dimensions();
            let mut has_data = false;
            while let Ok(Some(c)) = cells.next_cell() {
                if !is_blank_ref(c.get_value()) {
                    has_data = true;
                    break;
                }
            }
            // The declared used range ("A1:H28"); "A1" or none reads as the default, rows unknown.
            let rows = if !has_data {
                Some(0)
            } else {
                (d != calamine::Dimensions::default()).then(|| u64::from(d.end.0.saturating_sub(d.start.0)) + 1)
            };
            (rows, has_data)
        }
        // The other readers hold every sheet in memory already; the range is a copy of one sheet.
        Book::Xlsb(b) => b.worksheet_range(name).map(|r| range_rows(&r)).unwrap_or((None, false)),
        Book::Xls(b) => b.worksheet_range(name).map(|r| range_rows(&r)).unwrap_or((None, false)),
        Book::Ods(b) => b.worksheet_range(name).map(|r| range_rows(&r)).unwrap_or((None, false)),
    })
}

fn is_blank(v: &Data) -> bool {
    match v {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn is_blank_ref(v: &DataRef<'_>) -> bool {
    match v {
        DataRef::Empty => true,
        DataRef::String(s) => s.trim().is_empty(),
        DataRef::SharedString(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn stream_xlsx(b: &mut calamine::Xlsx<Bytes<'_>>, name: &str, out: &mut Renderer<'_>) -> Result<()> {
    let mut cells = b.worksheet_cells_reader(name).map_err(|e| damaged("xlsx", e))?;
    let d = cells.dimensions();
    if d != calamine::Dimensions::default() {
        out.width = (d.end.1 as usize + 1).min(MAX_PAD);
    }
    while let Some(c) = cells.next_cell().map_err(|e| damaged("xlsx", e))? {
        let (row, col) = c.get_position();
        let v = c.get_value();
        if matches!(v, DataRef::Empty) {
            continue;
        }
        out.cell(row, col, |buf| render_ref(v, buf))?;
    }
    Ok(())
}

/// A declared used range, `None` for none or the default `A1` (which says nothing).
fn declared(d: Option<super::xlsx::Dimension>) -> Option<super::xlsx::Dimension> {
    d.filter(|d| *d != super::xlsx::Dimension::default())
}

fn scan_xlsx(b: &mut super::xlsx::Workbook<'_>, index: usize, out: &mut Renderer<'_>) -> Result<()> {
    let mut first = true;
    b.scan(index, &mut |d, row, col, v| {
        if first {
            first = false;
            if let Some(d) = declared(d) {
                out.width = (d.last_col as usize + 1).min(MAX_PAD);
            }
        }
        out.cell(row, col, |buf| buf.extend_from_slice(v))?;
        Ok(true)
    })?;
    Ok(())
}

fn render_range(r: &calamine::Range<Data>, out: &mut Renderer<'_>) -> Result<()> {
    let Some((row0, col0)) = r.start() else { return Ok(()) };
    if let Some((_, col1)) = r.end() {
        out.width = (col1 as usize + 1).min(MAX_PAD);
    }
    for (i, row) in r.rows().enumerate() {
        for (j, v) in row.iter().enumerate() {
            if matches!(v, Data::Empty) {
                continue;
            }
            out.cell(row0 + i as u32, col0 + j as u32, |buf| render_data(v, buf))?;
        }
    }
    Ok(())
}

/// Writes cells as CSV lines, one per sheet row, with empty lines for empty rows in between; once the sink
/// takes rows ([`Sink::takes_rows`]), each line goes to it as a record with its fields.
struct Renderer<'s> {
    sink: &'s mut dyn Sink,
    buf: Vec<u8>,
    /// Fields in every line: the sheet's used width (a row is padded to it).
    width: usize,
    /// The row being written (0-based sheet row), once the first cell has come.
    row: Option<u32>,
    /// Fields written in the current row.
    fields: usize,
    cell: Vec<u8>,
    /// Lines go to the sink as records: `buf` holds the current line only, `record` its fields.
    direct: bool,
    record: Fields,
    /// Line number of the line being written.
    line: u64,
}

impl<'s> Renderer<'s> {
    fn new(sink: &'s mut dyn Sink) -> Renderer<'s> {
        Renderer {
            sink,
            buf: Vec::with_capacity(PIECE + 4096),
            width: 0,
            row: None,
            fields: 0,
            cell: Vec::new(),
            direct: false,
            record: Fields::default(),
            line: 1,
        }
    }

    fn cell(&mut self, row: u32, col: u32, render: impl FnOnce(&mut Vec<u8>)) -> Result<()> {
        match self.row {
            None => {
                self.line = u64::from(row) + 1;
                self.sink.first_line(self.line);
                self.row = Some(row);
            }
            Some(r) if row != r => {
                self.end_row()?;
                // Rows absent from the sheet are empty lines, so line numbers stay row numbers. A row
                // above the current one (a damaged file) starts a new line where it is.
                for _ in r.saturating_add(1)..row {
                    self.end_line()?;
                }
                self.row = Some(row);
            }
            _ => {}
        }
        let col = col as usize;
        // Cells come left to right; a skipped column is an empty field.
        while self.fields < col {
            self.sep();
        }
        self.sep();
        self.cell.clear();
        render(&mut self.cell);
        let at = self.buf.len();
        let quoted = write_field(&self.cell, &mut self.buf);
        if self.direct {
            // The field as the tokenizer reads it back: a quoted field without quotes inside is the text
            // between its quotes; with `""` escapes it is the cell itself.
            match (quoted, quoted && self.cell.contains(&b'"')) {
                (false, _) => self.record.set_last(at, self.buf.len()),
                (true, false) => self.record.set_last(at + 1, self.buf.len() - 1),
                (true, true) => self.record.set_last_copy(&self.cell),
            }
        } else if self.buf.len() >= 2 * PIECE {
            // A very long row: the whole lines before it go out (lines leave at their ends otherwise).
            let start = self.buf.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            if start > 0 {
                let rest = self.buf.split_off(start);
                self.hand_on()?;
                self.buf = rest;
            }
        }
        Ok(())
    }

    /// The comma before a field (none before the first).
    fn sep(&mut self) {
        if self.fields > 0 {
            self.buf.push(b',');
        }
        self.fields += 1;
        if self.direct {
            let at = self.buf.len();
            self.record.push(at, at);
        }
    }

    /// Ends the current row's line, padded to the sheet's width.
    fn end_row(&mut self) -> Result<()> {
        while self.fields < self.width {
            self.sep();
        }
        self.fields = 0;
        self.end_line()
    }

    /// Ends a line (an empty one when nothing was written on it): handed on as a record, or as text once
    /// a piece is full (when the sink may start taking records).
    fn end_line(&mut self) -> Result<()> {
        let line = self.line;
        self.line += 1;
        if self.direct {
            if self.record.is_empty() {
                // An empty line is one empty field, as the tokenizer reads it.
                self.record.push(0, 0);
            }
            let res = self.sink.row(line, &self.buf, &mut self.record);
            self.buf.clear();
            self.record.start_record();
            return res;
        }
        self.buf.push(b'\n');
        if self.buf.len() >= PIECE {
            self.hand_on()?;
            if self.sink.takes_rows() {
                self.direct = true;
                self.record.start_record();
            }
        }
        Ok(())
    }

    fn hand_on(&mut self) -> Result<()> {
        self.sink.text(&self.buf)?;
        self.buf.clear();
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.row.is_some() {
            self.end_row()?;
        }
        if !self.direct {
            self.hand_on()?;
        }
        Ok(())
    }
}

/// Appends a field, quoted when it holds a comma or a quote; `true` when quoted.
fn write_field(v: &[u8], out: &mut Vec<u8>) -> bool {
    if v.iter().any(|&b| b == b',' || b == b'"') {
        out.push(b'"');
        for &b in v {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
        true
    } else {
        out.extend_from_slice(v);
        false
    }
}

/// Text with control characters (line breaks included) as spaces.
fn push_text(s: &str, out: &mut Vec<u8>) {
    out.extend(s.bytes().map(|b| if b < 0x20 || b == 0x7F { b' ' } else { b }));
}

pub(super) fn push_float(f: f64, out: &mut Vec<u8>) {
    use std::io::Write;
    if !f.is_finite() {
        return;
    }
    // Whole numbers as integers (17850.0 → 17850); others in Rust's shortest round-trip form, which never
    // uses an exponent.
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        push_int(f as i64, out);
    } else {
        let _ = write!(out, "{f}");
    }
}

/// Writes `n` in decimal, as `{n}` would (without the formatting machinery: a sheet has one per cell).
pub(super) fn push_int(n: i64, out: &mut Vec<u8>) {
    if n < 0 {
        out.push(b'-');
    }
    push_padded(n.unsigned_abs(), 1, out);
}

/// Writes `n` in decimal with at least `width` digits, zeros in front (`{n:0width$}` for a whole number).
fn push_padded(n: u64, width: usize, out: &mut Vec<u8>) {
    let (digits, from) = super::number::decimal_digits(n, width);
    out.extend_from_slice(&digits[from..]);
}

pub(super) fn push_datetime(d: &calamine::ExcelDateTime, out: &mut Vec<u8>) {
    if !d.is_datetime() {
        // A duration ([h]:mm): its value in days.
        return push_float(d.as_f64(), out);
    }
    // calamine rounds the time to the millisecond (so 08:25:59.99999 of a float serial is 08:26:00); dates
    // are read to the second. Written as `{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}`.
    let (y, mo, day, h, mi, s, _ms) = d.to_ymd_hms_milli();
    push_padded(u64::from(y), 4, out);
    for (sep, v) in [(b'-', mo), (b'-', day), (b' ', h), (b':', mi), (b':', s)] {
        out.push(sep);
        push_padded(u64::from(v), 2, out);
    }
}

fn push_iso(s: &str, out: &mut Vec<u8>) {
    push_text(&s.replacen('T', " ", 1), out);
}

fn render_ref(v: &DataRef<'_>, out: &mut Vec<u8>) {
    match v {
        DataRef::Int(i) => push_int(*i, out),
        DataRef::Float(f) => push_float(*f, out),
        DataRef::String(s) => push_text(s, out),
        DataRef::SharedString(s) => push_text(s, out),
        DataRef::Bool(b) => out.extend_from_slice(if *b { b"TRUE" } else { b"FALSE" }),
        DataRef::DateTime(d) => push_datetime(d, out),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => push_iso(s, out),
        DataRef::Error(e) => out.extend_from_slice(e.to_string().as_bytes()),
        DataRef::Empty => {}
    }
}

fn render_data(v: &Data, out: &mut Vec<u8>) {
    match v {
        Data::Int(i) => push_int(*i, out),
        Data::Float(f) => push_float(*f, out),
        Data::String(s) => push_text(s, out),
        Data::Bool(b) => out.extend_from_slice(if *b { b"TRUE" } else { b"FALSE" }),
        Data::DateTime(d) => push_datetime(d, out),
        Data::DateTimeIso(s) | Data::DurationIso(s) => push_iso(s, out),
        Data::Error(e) => out.extend_from_slice(e.to_string().as_bytes()),
        Data::Empty => {}
    }
}

mod ole;

#[cfg(test)]
mod tests {
    use super::*;

    fn float(f: f64) -> String {
        let mut v = Vec::new();
        push_float(f, &mut v);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn numbers_read_as_typed() {
        // A customer id stored as a float is the id as written; prices keep their shortest exact form.
        assert_eq!(float(17850.0), "17850");
        assert_eq!(float(2.55), "2.55");
        assert_eq!(float(-1.0), "-1");
        assert_eq!(float(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(float(1e-7), "0.0000001");
    }

    #[test]
    fn excel_serials_become_iso_dates() {
        // 40513 is 2010-12-01 in the 1900 date system (Excel's DATE(2010,12,1)); 08:26 is 26/1440 + 8/24
        // of a day, a fraction that a float cannot hold exactly.
        let serial = 40513.0 + (8.0 * 60.0 + 26.0) / 1440.0;
        let d = calamine::ExcelDateTime::new(serial, calamine::ExcelDateTimeType::DateTime, false);
        let mut v = Vec::new();
        push_datetime(&d, &mut v);
        assert_eq!(String::from_utf8(v).unwrap(), "2010-12-01 08:26:00");
        // The same day in the 1904 date system is 1,462 days less.
        let d = calamine::ExcelDateTime::new(serial - 1462.0, calamine::ExcelDateTimeType::DateTime, true);
        let mut v = Vec::new();
        push_datetime(&d, &mut v);
        assert_eq!(String::from_utf8(v).unwrap(), "2010-12-01 08:26:00");
    }

    #[test]
    fn digits_by_hand_equal_the_formatter() {
        // Oracle: Rust's `{}` and `{:0w$}`.
        for n in [0i64, 7, -7, 10, 99, -100, 17_850, 8_999_999_999_999_999, i64::MAX, i64::MIN] {
            let mut v = Vec::new();
            push_int(n, &mut v);
            assert_eq!(String::from_utf8(v).unwrap(), n.to_string());
        }
        for (n, w) in [(0u64, 2), (5, 2), (12, 2), (123, 2), (7, 4), (2010, 4), (12_345, 4), (u64::MAX, 4)] {
            let mut v = Vec::new();
            push_padded(n, w, &mut v);
            assert_eq!(String::from_utf8(v).unwrap(), format!("{n:0w$}"));
        }
        // Every second of a day and a spread of days read as the formatter writes them.
        let mut serial = 1.0;
        while serial < 2_958_465.0 {
            let d = calamine::ExcelDateTime::new(serial, calamine::ExcelDateTimeType::DateTime, false);
            let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
            let mut v = Vec::new();
            push_datetime(&d, &mut v);
            assert_eq!(String::from_utf8(v).unwrap(), format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}"), "{serial}");
            serial += 37.123_456_789;
        }
    }

    #[test]
    fn fields_with_commas_quotes_and_line_breaks_stay_one_field_on_one_line() {
        let mut cell = Vec::new();
        push_text("WHITE \"HEART\",\nlarge", &mut cell);
        let mut out = Vec::new();
        write_field(&cell, &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), "\"WHITE \"\"HEART\"\", large\"");
    }

    #[test]
    fn sheet_choice_by_name_case_or_number() {
        let names: Vec<String> = ["Notes", "Orders", "2024"].iter().map(|s| s.to_string()).collect();
        assert_eq!(pick(&names, "Orders"), Some(1));
        assert_eq!(pick(&names, "orders"), Some(1));
        assert_eq!(pick(&names, "1"), Some(0));
        // A sheet named like a number is found by its name first.
        assert_eq!(pick(&names, "2024"), Some(2));
        assert_eq!(pick(&names, "4"), None);
        assert_eq!(pick(&names, "0"), None);
    }
}
