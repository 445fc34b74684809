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
//! Rows are rendered and handed on in pieces of [`PIECE`] bytes: no second copy of the sheet as text. An
//! `.xlsx` sheet streams cell by cell from its zip entry; `.xls`, `.xlsb` and `.ods` are parsed by calamine
//! into one sheet in memory (their files are small next to what the same data takes as `.xlsx`).

use std::io::Cursor;

use calamine::{Data, DataRef, Reader, SheetType, SheetVisible};
use serde::Serialize;

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

/// Writes cells as CSV lines, one per sheet row, with empty lines for empty rows in between.
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
}

impl<'s> Renderer<'s> {
    fn new(sink: &'s mut dyn Sink) -> Renderer<'s> {
        Renderer { sink, buf: Vec::with_capacity(PIECE + 4096), width: 0, row: None, fields: 0, cell: Vec::new() }
    }

    fn cell(&mut self, row: u32, col: u32, render: impl FnOnce(&mut Vec<u8>)) -> Result<()> {
        match self.row {
            None => {
                self.sink.first_line(u64::from(row) + 1);
                self.row = Some(row);
            }
            Some(r) if row != r => {
                self.end_row();
                // Rows absent from the sheet are empty lines, so line numbers stay row numbers. A row
                // above the current one (a damaged file) starts a new line where it is.
                for _ in r.saturating_add(1)..row {
                    self.buf.push(b'\n');
                    if self.buf.len() >= PIECE {
                        self.hand_on()?;
                    }
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
        write_field(&self.cell, &mut self.buf);
        if self.buf.len() >= PIECE {
            // Only whole lines go out: keep the current row's text.
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
    }

    fn end_row(&mut self) {
        while self.fields < self.width {
            self.sep();
        }
        self.buf.push(b'\n');
        self.fields = 0;
    }

    fn hand_on(&mut self) -> Result<()> {
        self.sink.text(&self.buf)?;
        self.buf.clear();
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.row.is_some() {
            self.end_row();
        }
        self.hand_on()
    }
}

/// Appends a field, quoted when it holds a comma or a quote.
fn write_field(v: &[u8], out: &mut Vec<u8>) {
    if v.iter().any(|&b| b == b',' || b == b'"') {
        out.push(b'"');
        for &b in v {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(v);
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
        let _ = write!(out, "{}", f as i64);
    } else {
        let _ = write!(out, "{f}");
    }
}

pub(super) fn push_datetime(d: &calamine::ExcelDateTime, out: &mut Vec<u8>) {
    use std::io::Write;
    if !d.is_datetime() {
        // A duration ([h]:mm): its value in days.
        return push_float(d.as_f64(), out);
    }
    // calamine rounds the time to the millisecond (so 08:25:59.99999 of a float serial is 08:26:00); dates
    // are read to the second.
    let (y, mo, day, h, mi, s, _ms) = d.to_ymd_hms_milli();
    let _ = write!(out, "{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}");
}

fn push_iso(s: &str, out: &mut Vec<u8>) {
    push_text(&s.replacen('T', " ", 1), out);
}

fn render_ref(v: &DataRef<'_>, out: &mut Vec<u8>) {
    match v {
        DataRef::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
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
        Data::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Data::Float(f) => push_float(*f, out),
        Data::String(s) => push_text(s, out),
        Data::Bool(b) => out.extend_from_slice(if *b { b"TRUE" } else { b"FALSE" }),
        Data::DateTime(d) => push_datetime(d, out),
        Data::DateTimeIso(s) | Data::DurationIso(s) => push_iso(s, out),
        Data::Error(e) => out.extend_from_slice(e.to_string().as_bytes()),
        Data::Empty => {}
    }
}

/// Checks of an OLE2 compound file (the container of .xls, and of encrypted .xlsx) before calamine reads
/// it. calamine 0.38 follows sector chains with unchecked indexing and without a bound on their length, so
/// a file cut short or with a damaged allocation table would panic (which ends the page) or loop while
/// allocating. Here every chain it will follow is walked first, after MS-CFB
/// (https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-cfb/): the header, the DIFAT, the
/// FAT, the directory, the mini stream and mini FAT, and the chain of every named entry.
mod ole {
    const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
    /// Ids from here up are markers (DIFSECT, FATSECT, ENDOFCHAIN, FREESECT), not sectors.
    const MAXREGSECT: u32 = 0xFFFF_FFFA;
    const DIFSECT: u32 = 0xFFFF_FFFC;
    /// Streams shorter than this live in the mini stream (calamine uses this fixed cutoff).
    const MINI_CUTOFF: u64 = 4096;

    fn u16_at(b: &[u8], o: usize) -> u16 {
        u16::from_le_bytes([b[o], b[o + 1]])
    }

    fn u32_at(b: &[u8], o: usize) -> u32 {
        u32::from_le_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]])
    }

    fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
        b.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
    }

    fn sector_size(b: &[u8]) -> Option<usize> {
        match b.get(30..32).map(|s| u16::from_le_bytes([s[0], s[1]])) {
            Some(9) => Some(512),
            Some(12) => Some(4096),
            _ => None,
        }
    }

    /// Zero bytes that complete a last sector cut short (0 when the file is whole, or not a compound file).
    pub fn padding(b: &[u8]) -> usize {
        match sector_size(b) {
            Some(ss) if b.starts_with(b"\xD0\xCF\x11\xE0") && b.len() >= 512 && !b.len().is_multiple_of(ss) => ss - b.len() % ss,
            _ => 0,
        }
    }

    /// Walks a chain of `unit`-byte sectors from `start` through `table` until `len` bytes are covered or
    /// the chain ends; every sector must exist (`id < count`) and have an entry in the table.
    fn walk(start: u32, table: &[u32], count: usize, unit: usize, len: u64, what: &'static str) -> Result<Vec<u32>, &'static str> {
        let mut ids = Vec::new();
        let mut id = start;
        let mut covered = 0u64;
        while id != ENDOFCHAIN {
            if id >= MAXREGSECT || id as usize >= count || id as usize >= table.len() {
                return Err(what);
            }
            if ids.len() >= count {
                return Err("a sector chain loops");
            }
            ids.push(id);
            covered += unit as u64;
            if covered >= len {
                break;
            }
            id = table[id as usize];
        }
        Ok(ids)
    }

    /// `Ok` when calamine can read the file without running off its tables, with the bytes to change
    /// first (file offset, new byte) so that its record parser cannot run off a record (see [`records`]).
    pub fn check(b: &[u8]) -> Result<Vec<(usize, u8)>, &'static str> {
        if b.len() < 512 {
            return Err("the file is cut short inside its header");
        }
        let ss = sector_size(b).ok_or("the compound file header is damaged (sector size)")?;
        if u16_at(b, 32) != 6 {
            return Err("the compound file header is damaged (mini sector size)");
        }
        // Sector k is at (k + 1) × ss; a last sector cut short is zero-filled before calamine reads it.
        let count = (b.len() + padding(b)) / ss - 1;
        let sector = |id: u32| -> Option<Vec<u8>> {
            let at = (id as usize).checked_add(1)?.checked_mul(ss)?;
            let mut v = b.get(at..b.len().min(at + ss))?.to_vec();
            v.resize(ss, 0);
            ((id as usize) < count).then_some(v)
        };
        // DIFAT: 109 entries in the header, then a chain whose last entry per sector points to the next.
        let mut difat: Vec<u32> = u32s(&b[76..512]).collect();
        let mut id = u32_at(b, 68);
        let mut steps = 0;
        while id < MAXREGSECT {
            steps += 1;
            if steps > count {
                return Err("the DIFAT chain loops");
            }
            difat.extend(u32s(&sector(id).ok_or("a DIFAT sector is past the end of the file")?));
            id = difat.pop().unwrap_or(ENDOFCHAIN);
        }
        let mut fat = Vec::new();
        for id in difat.into_iter().filter(|&id| id < DIFSECT) {
            if fat.len() > count * 4 {
                return Err("the allocation table is longer than the file");
            }
            fat.extend(u32s(&sector(id).ok_or("an allocation table sector is past the end of the file")?));
        }
        // The directory: 128-byte entries in a chain read to its end.
        let dir_ids = walk(u32_at(b, 48), &fat, count, ss, u64::MAX, "the directory chain leaves the file")?;
        let mut dir = Vec::with_capacity(dir_ids.len() * ss);
        for id in dir_ids {
            dir.extend(sector(id).ok_or("a directory sector is past the end of the file")?);
        }
        let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
        let root = entries.first().ok_or("the compound file has no directory")?;
        let stream_len = |e: &[u8]| -> Result<u64, &'static str> {
            let len = if ss == 512 { u64::from(u32_at(e, 120)) } else { u64::from(u32_at(e, 120)) | u64::from(u32_at(e, 124)) << 32 };
            // calamine converts it to a usize; on 32-bit targets a bigger one would panic.
            usize::try_from(len).map(|_| len).map_err(|_| "a stream length is larger than memory")
        };
        for e in &entries {
            stream_len(e)?;
        }
        // The mini stream (the root entry's chain) and the mini FAT, when there is one.
        let (mini_fat, mini_count, mini_chain) = if u32_at(b, 64) > 0 {
            let root_len = stream_len(root)?;
            let mini = walk(u32_at(root, 116), &fat, count, ss, root_len, "the mini stream leaves the file")?;
            let mini_len = (mini.len() * ss).min(usize::try_from(root_len).unwrap_or(usize::MAX));
            let mini_fat_len = u64::from(u32_at(b, 64)) * ss as u64;
            let ids = walk(u32_at(b, 60), &fat, count, ss, mini_fat_len, "the mini allocation table leaves the file")?;
            let mut table = Vec::new();
            for id in ids {
                table.extend(u32s(&sector(id).ok_or("a mini allocation table sector is past the end")?));
            }
            (table, mini_len / 64, mini)
        } else {
            (Vec::new(), 0, Vec::new())
        };
        let mini_sector = |id: u32| -> Option<Vec<u8>> {
            // The mini stream is the root's chain; mini sector k is its bytes 64k..64k+64.
            let at = (id as usize).checked_mul(64)?;
            let ids = walk(u32_at(root, 116), &fat, count, ss, (at + 64) as u64, "").ok()?;
            let big = sector(*ids.get(at / ss)?)?;
            Some(big[at % ss..at % ss + 64].to_vec())
        };
        // Every named entry's chain, as calamine's get_stream reads it (at least its first sector).
        for e in entries.iter().skip(1) {
            let (start, len) = (u32_at(e, 116), stream_len(e)?);
            // Unnamed entries are never looked up; storages have no chain of their own (start 0, size 0).
            if u16_at(e, 64) == 0 || (e[66] != 2 && start == 0 && len == 0) {
                continue;
            }
            let len = len.max(1);
            let ids = if len < MINI_CUTOFF {
                walk(start, &mini_fat, mini_count, 64, len, "a stream leaves the mini stream")?
            } else {
                walk(start, &fat, count, ss, len, "a stream leaves the file")?
            };
            // The workbook stream, as calamine finds it: its sheets' declared sizes are checked.
            let name: Vec<u16> = e[..64].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).take_while(|&u| u != 0).collect();
            let name = String::from_utf16_lossy(&name);
            if name.eq_ignore_ascii_case("Workbook") || name.eq_ignore_ascii_case("Book") {
                let mut stream = Vec::new();
                for &id in &ids {
                    let part = if len < MINI_CUTOFF { mini_sector(id) } else { sector(id) };
                    stream.extend(part.ok_or("a stream leaves the file")?);
                }
                stream.truncate(usize::try_from(len).unwrap_or(usize::MAX));
                check_dimensions(&stream)?;
                // Where byte `o` of the stream lies in the file: through the mini stream (the root's
                // chain) for a small stream, else through the stream's own chain.
                let file_at = |o: usize| -> Option<usize> {
                    let (id, within) = if len < MINI_CUTOFF {
                        let m = (*ids.get(o / 64)? as usize).checked_mul(64)? + o % 64;
                        (*mini_chain.get(m / ss)?, m % ss)
                    } else {
                        (*ids.get(o / ss)?, o % ss)
                    };
                    (id as usize + 1).checked_mul(ss)?.checked_add(within)
                };
                let mut patches = Vec::new();
                for (o, bytes) in records(&stream)? {
                    for (k, byte) in bytes.into_iter().enumerate() {
                        patches.push((file_at(o + k).ok_or("a stream leaves the file")?, byte));
                    }
                }
                return Ok(patches);
            }
        }
        Ok(Vec::new())
    }

    /// Record type no reader knows: a record given it is skipped (see [`records`]).
    const SKIPPED: [u8; 2] = [0xFF, 0xFF];

    /// Records of a BIFF stream as calamine 0.38 cuts them (MS-XLS 2.1.4): type, length, data, with the
    /// Continue records (0x003C) that follow joined to it; yields each record's offset, type and data.
    /// Stops where calamine would stop with an error (a length past the end).
    fn biff_records(stream: &[u8]) -> impl Iterator<Item = (usize, u16, &[u8], Vec<&[u8]>)> + '_ {
        let mut at = 0;
        std::iter::from_fn(move || {
            let rest = stream.get(at..)?;
            if rest.len() < 4 {
                return None;
            }
            let (typ, len) = (u16_at(rest, 0), usize::from(u16_at(rest, 2)));
            let data = rest.get(4..4 + len)?;
            let start = at;
            at += 4 + len;
            let mut continued = Vec::new();
            while stream.len() > at + 4 && u16_at(stream, at) == 0x003C {
                let l = usize::from(u16_at(stream, at + 2));
                let Some(part) = stream.get(at + 4..at + 4 + l) else {
                    at = stream.len();
                    break;
                };
                continued.push(part);
                at += 4 + l;
            }
            Some((start, typ, data, continued))
        })
    }

    /// Whether calamine 0.38's reading of the shared strings (SST, MS-XLS 2.4.265: `XLUnicodeRichExtendedString`s
    /// running on into Continue records) stays inside the record: the same steps, with the length checks
    /// it leaves out (the run and extension counts, the flags byte at the start of a Continue).
    fn sst_in_bounds(data: &[u8], continued: Vec<&[u8]>) -> bool {
        let mut more = continued.into_iter();
        let Some(mut d) = data.get(8..) else { return true };
        loop {
            if d.is_empty() {
                match more.next() {
                    Some(next) => d = next,
                    None => return true,
                }
                if d.is_empty() {
                    continue;
                }
            }
            if d.len() < 3 {
                return true;
            }
            let (mut len, flags) = (usize::from(u16_at(d, 0)), d[2]);
            d = &d[3..];
            let mut runs = 0;
            if flags & 0x8 != 0 {
                if d.len() < 2 {
                    return false;
                }
                runs = usize::from(u16_at(d, 0)) * 4;
                d = &d[2..];
            }
            let mut extension = 0;
            if flags & 0x4 != 0 {
                if d.len() < 4 {
                    return false;
                }
                extension = u32_at(d, 0) as i32 as isize as usize;
                d = &d[4..];
            }
            let mut wide = flags & 0x1 != 0;
            while len > 0 {
                let l = if wide { (d.len() / 2).min(len) } else { d.len().min(len) };
                d = &d[if wide { 2 * l } else { l }..];
                len -= l;
                if len > 0 {
                    match more.next() {
                        Some([]) => return false,
                        Some(next) => {
                            wide = next[0] & 0x1 != 0;
                            d = &next[1..];
                        }
                        None => return true,
                    }
                }
            }
            for mut skip in [runs, extension] {
                while skip > 0 {
                    if d.is_empty() {
                        match more.next() {
                            Some(next) => d = next,
                            None => return true,
                        }
                    }
                    let l = skip.min(d.len());
                    d = &d[l..];
                    skip -= l;
                }
            }
        }
    }

    /// What calamine 0.38's `.xls` record parser would read past the end of a record, found before it
    /// runs: it indexes some records' fields without checking their length, which panics — and a panic in
    /// the browser's engine cannot be caught. Fixed-size records cut short are refused; the records that
    /// only serve formulas' text, which is never read here (a formula's cached value is its value), are
    /// made harmless in the bytes calamine reads: defined names (Lbl, 0x0018), the sheet index
    /// (ExternSheet, 0x0017) and merged ranges (MergeCells, 0x00E5) get a type no reader knows, and each
    /// formula's token count (`cce`, MS-XLS 2.4.127) becomes 0. Returns those changes as (stream offset,
    /// bytes); every sheet's first record must lie in the stream.
    fn records(stream: &[u8]) -> Result<Vec<(usize, [u8; 2])>, &'static str> {
        const SHORT: &str = "a record of the workbook is cut short";
        let mut patches = Vec::new();
        let mut sheets = Vec::new();
        for (at, typ, data, continued) in biff_records(stream) {
            match typ {
                0x00FC if !sst_in_bounds(data, continued) => return Err("the workbook's shared strings are damaged"),
                // FilePass, CodePage, DateMode, BOF: a 2-byte field is read first.
                0x002F | 0x0042 | 0x0022 | 0x0809 if data.len() < 2 => return Err(SHORT),
                // BoundSheet8: the sheet's stream position, state and type come before its name.
                0x0085 => {
                    if data.len() < 6 {
                        return Err(SHORT);
                    }
                    let pos = u32_at(data, 0) as usize;
                    if pos > stream.len() {
                        return Err("a sheet starts past the end of the workbook");
                    }
                    sheets.push(pos);
                }
                0x0018 | 0x0017 => patches.push((at, SKIPPED)),
                0x000A => break,
                _ => {}
            }
        }
        for pos in sheets {
            // Nested substreams (charts) are skipped by calamine, as here; the first BOF is the sheet's.
            let (mut depth, mut seen_bof) = (0usize, false);
            for (at, typ, data, _) in biff_records(&stream[pos..]) {
                let at = pos + at;
                if depth > 0 {
                    match typ {
                        0x0809 => depth += 1,
                        0x000A => depth -= 1,
                        _ => {}
                    }
                    continue;
                }
                match typ {
                    0x0809 if seen_bof => depth += 1,
                    0x0809 => seen_bof = true,
                    0x000A => break,
                    0x00E5 => patches.push((at, SKIPPED)),
                    // Formula: calamine refuses one under 20 bytes, then reads `cce` at 20.
                    0x0006 if data.len() >= 20 => {
                        if data.len() < 22 {
                            return Err(SHORT);
                        }
                        patches.push((at + 4 + 20, [0, 0]));
                    }
                    _ => {}
                }
            }
        }
        Ok(patches)
    }

    /// calamine reserves memory for every cell of a sheet's declared range (its DIMENSIONS record, MS-XLS
    /// 2.4.90) before reading the cells, computing rows as `last - first + 1` in 32 bits, and then makes
    /// the sheet one dense grid over the bounding box of its cells. A damaged record (a reversed range, a
    /// row or column number changed) would ask for gigabytes, and the allocation failure aborts. A real
    /// sheet's grid holds at most as many cells as its records can (each takes 10 bytes or more), and sparse
    /// ones are rarely beyond four million cells: both grids must be within the larger of the two.
    fn check_dimensions(stream: &[u8]) -> Result<(), &'static str> {
        let limit = (1u64 << 22).max(stream.len() as u64 / 8);
        let area = |b: Option<(u32, u32, u32, u32)>| b.map_or(0, |(r0, r1, c0, c1)| u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1));
        // Bounding box (first row, last row, first column, last column) of the current sheet's cells.
        let mut bbox: Option<(u32, u32, u32, u32)> = None;
        // The records as calamine cuts them: a Dimensions record continued is not one it reads as such.
        for (_, typ, data, continuation) in biff_records(stream) {
            let (len, continued) = (data.len(), !continuation.is_empty());
            let mut cell = |row: u16, col: u16| {
                let (r, c) = (u32::from(row), u32::from(col));
                bbox = Some(match bbox {
                    None => (r, r, c, c),
                    Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c)),
                });
            };
            match typ {
                // BOF: a new sheet; EOF: its end.
                0x0809 | 0x000A => {
                    if area(bbox) > limit {
                        return Err("a sheet's cells are spread over a range far larger than its data");
                    }
                    bbox = None;
                }
                0x0200 if !continued => {
                    let (first_row, last_row, first_col, last_col) = match len {
                        10 => {
                            (u32::from(u16_at(data, 0)), u32::from(u16_at(data, 2)), u32::from(u16_at(data, 4)), u32::from(u16_at(data, 6)))
                        }
                        14 | 16 => (u32_at(data, 0), u32_at(data, 4), u32::from(u16_at(data, 8)), u32::from(u16_at(data, 10))),
                        _ => (0, 0, 0, 0),
                    };
                    let first_col = if first_col > 0xFF || last_col < first_col { 0 } else { first_col };
                    if last_row >= 1 && last_col >= 1 {
                        if last_row - 1 < first_row || last_col - 1 < first_col {
                            return Err("a sheet's declared range is reversed");
                        }
                        if u64::from(last_row - first_row) * u64::from(last_col - first_col) > limit {
                            return Err("a sheet's declared range is far larger than its data");
                        }
                    }
                }
                // Cell records (Number, Label, RString, BoolErr, RK, LabelSst, Formula) start with row and
                // column; MulRk also ends with its last column.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x00BD if len >= 4 => {
                    cell(u16_at(data, 0), u16_at(data, 2));
                    if typ == 0x00BD && len >= 6 {
                        cell(u16_at(data, 0), u16_at(data, len - 2));
                    }
                }
                _ => {}
            }
        }
        if area(bbox) > limit {
            return Err("a sheet's cells are spread over a range far larger than its data");
        }
        Ok(())
    }
}

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
