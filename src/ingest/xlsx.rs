//! A fast reader of `.xlsx`/`.xlsm` worksheets: the sheet XML scanned with `memchr` for its rows and cells,
//! instead of an event-by-event XML parse.
//!
//! A worksheet is ~9 parts markup to 1 part data (Online Retail: 158 MB of sheet XML for 18 MB of file), and
//! its markup is regular: `<row r="2">` holding `<c r="A2" s="3" t="s"><v>12</v></c>` cells. A general XML
//! parser (calamine's, through quick-xml) builds an event, its attributes and a string for every one of
//! those elements; here a cell is found by searching for its `</c>` and its value read in place, which
//! makes reading a workbook about as fast as reading the same data as CSV. calamine still reads `.xls`,
//! `.xlsb` and `.ods`, and stays the reference: `tests/sheets.rs` checks that this reader renders every
//! workbook fixture and generated workbook exactly as calamine's cell reader does.
//!
//! What is read (ECMA-376 Part 1, §18.3 worksheets, §18.4 shared strings, §18.8 styles):
//!
//! - the workbook part from `_rels/.rels`, its sheets (name, state) from `workbook.xml` and their parts from
//!   `workbook.xml.rels`; `date1904`;
//! - the number format of each cell style (`cellXfs`), to tell date cells (serial numbers) from numbers;
//! - shared strings, rich text runs joined, phonetic runs (`rPh`) left out, `_xHHHH_` escapes decoded, text
//!   trimmed unless `xml:space="preserve"` (as Excel and calamine do). Their unpacked size is bounded
//!   ([`MAX_SHARED_STRINGS`]): a small file that unpacks to gigabytes is refused, not read into memory;
//! - cells: shared strings (`t="s"`), inline strings, formula text (`t="str"`), booleans, errors, ISO dates
//!   (`t="d"`) and numbers (a date when their style's format is one). A formula's cached value is its value.
//!
//! The sheet streams through a buffer of [`CHUNK`] bytes: memory does not grow with the sheet.

use std::io::{Cursor, Read};

use calamine::{ExcelDateTime, ExcelDateTimeType, SheetType, SheetVisible};
use memchr::memmem;

use crate::error::{Error, Result};

/// Unpacked shared-strings XML read at most (a workbook over it is refused).
pub const MAX_SHARED_STRINGS: u64 = 512 * 1024 * 1024;

/// Unpacked XML of a workbook's small parts (workbook, relationships, styles) read at most.
const MAX_SMALL_PART: u64 = 64 * 1024 * 1024;

/// Sheet XML read at once.
pub const CHUNK: usize = 1 << 20;

/// One cell larger than this (unpacked XML) is refused as damaged.
const MAX_CELL: usize = 64 * 1024 * 1024;

/// The number format class of a cell style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Number,
    DateTime,
    Duration,
}

/// A sheet of the workbook.
#[derive(Debug, Clone)]
pub struct SheetEntry {
    /// Its name.
    pub name: String,
    /// Its part in the zip (`xl/worksheets/sheet1.xml`), when the relationships name one.
    path: Option<String>,
    /// Visible, hidden or very hidden.
    pub visible: SheetVisible,
    /// Worksheet, chart sheet…
    pub typ: SheetType,
}

/// Receives each cell with a value: the sheet's declared range, row, column (0-based) and the rendered text;
/// returns `false` to stop.
pub type CellFn<'f> = dyn FnMut(Option<Dimension>, u32, u32, &[u8]) -> Result<bool> + 'f;

/// An open `.xlsx` workbook.
pub struct Workbook<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Its sheets, in workbook order.
    pub sheets: Vec<SheetEntry>,
    ctx: Context,
}

/// What cells refer to: shared strings, cell styles' formats, the date system.
struct Context {
    strings: Vec<u8>,
    string_ends: Vec<usize>,
    formats: Vec<Format>,
    is_1904: bool,
}

fn damaged(message: impl Into<String>) -> Error {
    Error::Workbook { format: "xlsx".into(), message: message.into() }
}

fn read_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, path: &str, limit: u64, what: &str) -> Result<Option<Vec<u8>>> {
    let file = match zip.by_name(path) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(damaged(format!("its part {path} cannot be opened ({e})"))),
    };
    let mut out = Vec::new();
    file.take(limit + 1).read_to_end(&mut out).map_err(|e| damaged(format!("its part {path} is damaged ({e})")))?;
    if out.len() as u64 > limit {
        return Err(damaged(format!("its {what} unpack to more than {} MB", limit / (1024 * 1024))));
    }
    Ok(Some(out))
}

impl<'a> Workbook<'a> {
    /// Opens the workbook: its sheets, styles and shared strings. `Err` when the zip is not an `.xlsx`
    /// (no workbook part), so the caller can try another reader.
    pub fn open(bytes: &'a [u8]) -> Result<Workbook<'a>> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(format!("it is not a readable zip ({e})")))?;
        let root = read_part(&mut zip, "_rels/.rels", MAX_SMALL_PART, "relationships")?.unwrap_or_default();
        let main = relationships(&root)
            .into_iter()
            .find(|r| r.typ.ends_with("/officeDocument"))
            .map(|r| r.target.trim_start_matches('/').to_string())
            .unwrap_or_else(|| "xl/workbook.xml".to_string());
        let dir = main.rfind('/').map_or(String::new(), |i| main[..=i].to_string());
        let workbook = read_part(&mut zip, &main, MAX_SMALL_PART, "workbook")?.ok_or_else(|| damaged("it has no workbook part"))?;
        let rels_path = format!("{dir}_rels/{}.rels", &main[dir.len()..]);
        let rels = relationships(&read_part(&mut zip, &rels_path, MAX_SMALL_PART, "relationships")?.unwrap_or_default());
        let mut sheets = Vec::new();
        let mut is_1904 = false;
        for tag in tags(&workbook) {
            match local(tag.name) {
                b"workbookPr" => {
                    is_1904 = matches!(attr(tag.attrs, b"date1904"), Some(b"1" | b"true"));
                }
                b"sheet" => {
                    let name = attr(tag.attrs, b"name").map(xml_text).unwrap_or_default();
                    let visible = match attr(tag.attrs, b"state") {
                        Some(b"hidden") => SheetVisible::Hidden,
                        Some(b"veryHidden") => SheetVisible::VeryHidden,
                        _ => SheetVisible::Visible,
                    };
                    let id = attr_suffix(tag.attrs, b":id").map(|v| String::from_utf8_lossy(v).into_owned());
                    let rel = id.and_then(|id| rels.iter().find(|r| r.id == id));
                    let typ = match rel.map(|r| r.typ.rsplit('/').next().unwrap_or("")) {
                        Some("chartsheet") => SheetType::ChartSheet,
                        Some("dialogsheet") => SheetType::DialogSheet,
                        Some("xlMacrosheet" | "xlIntlMacrosheet") => SheetType::MacroSheet,
                        _ => SheetType::WorkSheet,
                    };
                    let path = rel.map(|r| match r.target.strip_prefix('/') {
                        Some(abs) => abs.to_string(),
                        None => format!("{dir}{}", r.target),
                    });
                    sheets.push(SheetEntry { name, path: path.map(|p| normalize_path(&p)), visible, typ });
                }
                _ => {}
            }
        }
        let part = |kind: &str| {
            rels.iter().find(|r| r.typ.ends_with(kind)).map(|r| match r.target.strip_prefix('/') {
                Some(abs) => normalize_path(abs),
                None => normalize_path(&format!("{dir}{}", r.target)),
            })
        };
        let formats = match part("/styles") {
            Some(p) => read_part(&mut zip, &p, MAX_SMALL_PART, "styles")?.map(|x| formats(&x)).unwrap_or_default(),
            None => Vec::new(),
        };
        let (mut strings, mut string_ends) = (Vec::new(), Vec::new());
        if let Some(p) = part("/sharedStrings")
            && let Some(x) = read_part(&mut zip, &p, MAX_SHARED_STRINGS, "shared strings")?
        {
            shared_strings(&x, &mut strings, &mut string_ends);
        }
        Ok(Workbook { zip, sheets, ctx: Context { strings, string_ends, formats, is_1904 } })
    }

    /// The sheet's declared used range (`A1:H28` → first and last row and last column, 0-based), and
    /// calls `cell(row, col, value)` for every cell with a value, in sheet order, until it returns `false`.
    pub fn scan(&mut self, index: usize, cell: &mut CellFn<'_>) -> Result<Option<Dimension>> {
        let Some(path) = self.sheets.get(index).and_then(|s| s.path.clone()) else {
            return Err(damaged("the sheet's part is not named in the workbook"));
        };
        let ctx = &self.ctx;
        let mut file = match self.zip.by_name(&path) {
            Ok(f) => f,
            Err(e) => return Err(damaged(format!("its sheet part {path} cannot be opened ({e})"))),
        };
        let mut buf: Vec<u8> = Vec::with_capacity(CHUNK + 4096);
        let mut start = 0usize;
        let mut eof = false;
        let mut dim: Option<Dimension> = None;
        let mut in_data = false;
        let (mut row, mut col) = (0u32, 0u32);
        let mut text = Vec::new();
        let mut close = b"</c>".to_vec();
        let mut finder = memmem::Finder::new(b"</c>").into_owned();
        'outer: loop {
            // The next tag, with its closing `>`.
            let Some(lt) = memchr::memchr(b'<', &buf[start..]).map(|i| start + i) else {
                if eof {
                    break;
                }
                start = buf.len();
                refill(&mut buf, &mut start, &mut eof, &mut file)?;
                continue;
            };
            let Some(gt) = memchr::memchr(b'>', &buf[lt..]).map(|i| lt + i) else {
                if eof {
                    break;
                }
                start = lt;
                if buf.len() - start > MAX_CELL {
                    return Err(damaged("a tag of its sheet never ends"));
                }
                refill(&mut buf, &mut start, &mut eof, &mut file)?;
                continue;
            };
            let tag = &buf[lt + 1..gt];
            let closing = tag.first() == Some(&b'/');
            let self_closing = tag.last() == Some(&b'/');
            let body = if closing {
                &tag[1..]
            } else if self_closing {
                &tag[..tag.len() - 1]
            } else {
                tag
            };
            let name_end = body.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(body.len());
            let (name, attrs) = (&body[..name_end], &body[name_end..]);
            if name.starts_with(b"!--") || name.starts_with(b"?") {
                // A comment or processing instruction: skip to its end.
                let end = if name.starts_with(b"!--") { b"-->".as_slice() } else { b"?>".as_slice() };
                match memmem::find(&buf[lt..], end) {
                    Some(i) => start = lt + i + end.len(),
                    None if eof => break,
                    None => {
                        start = lt;
                        refill(&mut buf, &mut start, &mut eof, &mut file)?;
                    }
                }
                continue;
            }
            match (local(name), closing) {
                (b"dimension", false) => {
                    dim = attr(attrs, b"ref").and_then(dimension);
                    start = gt + 1;
                }
                (b"sheetData", false) => {
                    in_data = !self_closing;
                    start = gt + 1;
                    if self_closing {
                        break;
                    }
                }
                (b"sheetData", true) => break,
                (b"row", false) if in_data => {
                    if let Some(r) = attr(attrs, b"r").and_then(parse_u32) {
                        row = r.saturating_sub(1);
                    }
                    col = 0;
                    if self_closing {
                        row = row.saturating_add(1);
                    }
                    start = gt + 1;
                }
                (b"row", true) if in_data => {
                    row = row.saturating_add(1);
                    col = 0;
                    start = gt + 1;
                }
                (b"c", false) if in_data => {
                    // The whole cell: up to its `</c>` (with the start tag's prefix, if any).
                    let (content, next) = if self_closing {
                        (None, gt + 1)
                    } else {
                        if close.len() != name.len() + 3 || &close[2..2 + name.len()] != name {
                            close.clear();
                            close.extend_from_slice(b"</");
                            close.extend_from_slice(name);
                            close.push(b'>');
                            finder = memmem::Finder::new(&close).into_owned();
                        }
                        match finder.find(&buf[gt + 1..]) {
                            Some(i) => (Some((gt + 1, gt + 1 + i)), gt + 1 + i + close.len()),
                            None if eof => return Err(damaged("a cell of its sheet never ends")),
                            None => {
                                start = lt;
                                if buf.len() - start > MAX_CELL {
                                    return Err(damaged("a cell of its sheet is too large"));
                                }
                                refill(&mut buf, &mut start, &mut eof, &mut file)?;
                                continue 'outer;
                            }
                        }
                    };
                    let (mut at, mut typ, mut style) = (None, None, None);
                    for (n, v) in attributes(attrs) {
                        match n {
                            b"r" => at = Some(v),
                            b"t" => typ = Some(v),
                            b"s" => style = Some(v),
                            _ => {}
                        }
                    }
                    if let Some(r) = at.and_then(cell_ref) {
                        (row, col) = r;
                    }
                    let (r, c) = (row, col);
                    col = col.saturating_add(1);
                    start = next;
                    let Some((a, b)) = content else { continue };
                    text.clear();
                    if ctx.render(&buf[a..b], typ, style, &mut text)? && !cell(dim, r, c, &text)? {
                        return Ok(dim);
                    }
                }
                _ => start = gt + 1,
            }
        }
        Ok(dim)
    }
}

impl Context {
    fn string(&self, i: usize) -> Option<&[u8]> {
        let end = *self.string_ends.get(i)?;
        let start = if i == 0 { 0 } else { self.string_ends[i - 1] };
        Some(&self.strings[start..end])
    }

    /// Renders a cell's content (what is between `<c …>` and `</c>`) as the sheet reader renders it;
    /// `false` for a cell without a value (no `<v>`, an empty number), which the sheet reader skips.
    fn render(&self, content: &[u8], typ: Option<&[u8]>, style: Option<&[u8]>, out: &mut Vec<u8>) -> Result<bool> {
        let inline = matches!(typ, Some(b"inlineStr" | b"is"));
        if inline {
            let Some(is) = child(content, b"is") else { return Ok(false) };
            let mut s = Vec::new();
            string_item(is, &mut s);
            push_text(&s, out);
            return Ok(true);
        }
        let Some(v) = child(content, b"v") else { return Ok(false) };
        match typ {
            Some(b"s") => {
                if v.is_empty() {
                    return Ok(false);
                }
                let i = parse_u32(v).unwrap_or(0) as usize;
                let s = self.string(i).ok_or_else(|| damaged("a cell names a shared string the workbook does not have"))?;
                push_text(s, out);
            }
            Some(b"b") => {
                let t = trim(v);
                if t == b"0" || t.eq_ignore_ascii_case(b"false") {
                    out.extend_from_slice(b"FALSE");
                } else if t == b"1" || t.eq_ignore_ascii_case(b"true") {
                    out.extend_from_slice(b"TRUE");
                } else if t.is_empty() {
                    return Ok(false);
                } else {
                    return Err(damaged("a boolean cell holds neither 0 nor 1"));
                }
            }
            Some(b"d") => {
                let s = xml_text(v);
                push_text(s.replacen('T', " ", 1).as_bytes(), out);
            }
            Some(b"e") => push_text(v, out),
            Some(b"str") => {
                let mut s = Vec::new();
                decode_xml(v, &mut s);
                let s = unescape_ooxml(&s);
                push_text(&s, out);
            }
            Some(b"n") | None => {
                if v.is_empty() {
                    return Ok(false);
                }
                let format = match style {
                    None => Format::Number,
                    Some(s) => self.formats.get(parse_u32(s).unwrap_or(0) as usize).copied().unwrap_or(Format::Number),
                };
                // A whole number of up to 15 digits is written as it stands (what its f64 renders to).
                if format == Format::Number && v.len() <= 15 && v.iter().all(u8::is_ascii_digit) && (v[0] != b'0' || v.len() == 1) {
                    out.extend_from_slice(v);
                    return Ok(true);
                }
                match std::str::from_utf8(v).ok().and_then(|s| s.parse::<f64>().ok()) {
                    Some(f) => match format {
                        Format::Number => push_float(f, out),
                        Format::DateTime => push_datetime(&ExcelDateTime::new(f, ExcelDateTimeType::DateTime, self.is_1904), out),
                        Format::Duration => push_datetime(&ExcelDateTime::new(f, ExcelDateTimeType::TimeDelta, self.is_1904), out),
                    },
                    None if typ.is_none() => {
                        let s = String::from_utf8_lossy(v);
                        push_text(s.as_bytes(), out);
                    }
                    None => return Err(damaged("a number cell does not hold a number")),
                }
            }
            Some(_) => {
                let s = xml_text(v);
                push_text(s.as_bytes(), out);
            }
        }
        Ok(true)
    }
}

/// Moves the unread rest of `buf` (from `start`) to its front and reads up to [`CHUNK`] more bytes.
fn refill(buf: &mut Vec<u8>, start: &mut usize, eof: &mut bool, file: &mut impl Read) -> Result<()> {
    buf.drain(..*start);
    *start = 0;
    let have = buf.len();
    let want = have + CHUNK;
    buf.resize(want, 0);
    let mut got = have;
    while got < want {
        match file.read(&mut buf[got..]) {
            Ok(0) => {
                *eof = true;
                break;
            }
            Ok(n) => got += n,
            Err(e) => return Err(damaged(format!("its sheet data is damaged ({e})"))),
        }
    }
    buf.truncate(got);
    Ok(())
}

/// A sheet's declared used range, 0-based: first row, last row, last column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dimension {
    /// First row.
    pub first_row: u32,
    /// Last row.
    pub last_row: u32,
    /// Last column.
    pub last_col: u32,
}

fn dimension(v: &[u8]) -> Option<Dimension> {
    let (a, b) = match v.iter().position(|&c| c == b':') {
        Some(i) => (&v[..i], &v[i + 1..]),
        None => (v, v),
    };
    let (r0, _) = cell_ref(a)?;
    let (r1, c1) = cell_ref(b)?;
    Some(Dimension { first_row: r0, last_row: r1, last_col: c1 })
}

/// `B12` → (11, 1).
fn cell_ref(v: &[u8]) -> Option<(u32, u32)> {
    let letters = v.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let mut col = 0u32;
    for &b in &v[..letters] {
        col = col * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1;
    }
    let row = parse_u32(&v[letters..])?;
    Some((row.checked_sub(1)?, col - 1))
}

fn parse_u32(v: &[u8]) -> Option<u32> {
    if v.is_empty() || v.len() > 10 || !v.iter().all(u8::is_ascii_digit) {
        return None;
    }
    v.iter().try_fold(0u32, |n, &b| n.checked_mul(10)?.checked_add(u32::from(b - b'0')))
}

fn trim(v: &[u8]) -> &[u8] {
    let s = v.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(v.len());
    let e = v.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(s, |i| i + 1);
    &v[s..e]
}

/// The part of a name after its namespace prefix (`x:row` → `row`).
fn local(name: &[u8]) -> &[u8] {
    match name.iter().position(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// The value of attribute `name` (without prefix) in a start tag's attribute text.
fn attr<'t>(attrs: &'t [u8], name: &[u8]) -> Option<&'t [u8]> {
    attributes(attrs).find(|(n, _)| *n == name).map(|(_, v)| v)
}

/// The value of the first attribute whose name ends with `suffix` (`r:id`, with any prefix).
fn attr_suffix<'t>(attrs: &'t [u8], suffix: &[u8]) -> Option<&'t [u8]> {
    attributes(attrs).find(|(n, _)| n.ends_with(suffix)).map(|(_, v)| v)
}

fn attributes(mut s: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    std::iter::from_fn(move || {
        let i = s.iter().position(|b| !b.is_ascii_whitespace())?;
        s = &s[i..];
        let eq = s.iter().position(|&b| b == b'=')?;
        let name = trim(&s[..eq]);
        let rest = &s[eq + 1..];
        let q = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        let quote = rest[q];
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let v = &rest[q + 1..];
        let end = v.iter().position(|&b| b == quote)?;
        s = &v[end + 1..];
        Some((name, &v[..end]))
    })
}

/// A start or empty tag of a small part.
struct Tag<'a> {
    name: &'a [u8],
    attrs: &'a [u8],
}

/// The start and empty tags of a small part, in order.
fn tags(xml: &[u8]) -> impl Iterator<Item = Tag<'_>> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        loop {
            let lt = pos + memchr::memchr(b'<', &xml[pos..])?;
            let gt = lt + memchr::memchr(b'>', &xml[lt..])?;
            pos = gt + 1;
            let mut t = &xml[lt + 1..gt];
            if t.first().is_some_and(|&b| b == b'/' || b == b'?' || b == b'!') {
                continue;
            }
            if t.last() == Some(&b'/') {
                t = &t[..t.len() - 1];
            }
            let n = t.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(t.len());
            return Some(Tag { name: &t[..n], attrs: &t[n..] });
        }
    })
}

struct Relationship {
    id: String,
    typ: String,
    target: String,
}

fn relationships(xml: &[u8]) -> Vec<Relationship> {
    tags(xml)
        .filter(|t| local(t.name) == b"Relationship")
        .map(|t| {
            let get = |n: &[u8]| attr(t.attrs, n).map(xml_text).unwrap_or_default();
            Relationship { id: get(b"Id"), typ: get(b"Type"), target: get(b"Target") }
        })
        .collect()
}

/// `xl/worksheets/../sheet1.xml` → `xl/sheet1.xml`.
fn normalize_path(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The number format class of each cell style (`cellXfs`), in order.
fn formats(xml: &[u8]) -> Vec<Format> {
    let mut custom: Vec<(Vec<u8>, Format)> = Vec::new();
    let mut out = Vec::new();
    let mut in_xfs = false;
    let mut pos = 0;
    while let Some(lt) = memchr::memchr(b'<', &xml[pos..]).map(|i| pos + i) {
        let Some(gt) = memchr::memchr(b'>', &xml[lt..]).map(|i| lt + i) else { break };
        pos = gt + 1;
        let t = &xml[lt + 1..gt];
        let closing = t.first() == Some(&b'/');
        let t = if closing { &t[1..] } else { t.strip_suffix(b"/").unwrap_or(t) };
        let n = t.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(t.len());
        let (name, attrs) = (local(&t[..n]), &t[n..]);
        match (name, closing) {
            (b"numFmt", false) => {
                if let (Some(id), Some(code)) = (attr(attrs, b"numFmtId"), attr(attrs, b"formatCode")) {
                    custom.push((id.to_vec(), classify(&xml_text(code))));
                }
            }
            (b"cellXfs", false) => in_xfs = true,
            (b"cellXfs", true) => in_xfs = false,
            (b"xf", false) if in_xfs => out.push(match attr(attrs, b"numFmtId") {
                None => Format::Number,
                Some(id) => match custom.iter().find(|(c, _)| c == id) {
                    Some((_, f)) => *f,
                    None => builtin(id),
                },
            }),
            _ => {}
        }
    }
    out
}

/// The built-in number formats that are dates or times (ECMA-376 §18.8.30; 27–36 and 50–58 are the East
/// Asian locales' dates).
fn builtin(id: &[u8]) -> Format {
    match parse_u32(id) {
        Some(14..=22 | 45 | 47 | 27..=36 | 50..=58) => Format::DateTime,
        Some(46) => Format::Duration,
        _ => Format::Number,
    }
}

/// Whether a format code shows a date or time: a date/time letter in its first section, outside quoted
/// text, escapes and brackets; `[h]`, `[m]`, `[s]` make it a duration; an `AM/PM` marker a time.
fn classify(code: &str) -> Format {
    let mut literal_next = false;
    let mut quoted = false;
    let mut depth = 0u32;
    let mut prev = ' ';
    let mut elapsed = false;
    let mut am = false;
    for ch in code.chars() {
        if literal_next {
            literal_next = false;
            prev = ch;
            continue;
        }
        if quoted {
            if ch == '"' {
                quoted = false;
            }
            prev = ch;
            continue;
        }
        match ch {
            '_' | '\\' | '*' => literal_next = true,
            '"' => quoted = true,
            ';' => return Format::Number,
            '[' => depth += 1,
            ']' if depth == 1 && elapsed => return Format::Duration,
            ']' => depth = depth.saturating_sub(1),
            'a' | 'A' if !am && depth == 0 => am = true,
            'p' | 'P' | 'm' | 'M' | '/' if am && depth == 0 => return Format::DateTime,
            'd' | 'D' | 'm' | 'M' | 'h' | 'H' | 'y' | 'Y' | 's' | 'S' if !am && depth == 0 => return Format::DateTime,
            _ => {
                if !(elapsed && ch.eq_ignore_ascii_case(&prev)) {
                    elapsed = prev == '[' && matches!(ch, 'm' | 'M' | 'h' | 'H' | 's' | 'S');
                }
            }
        }
        prev = ch;
    }
    Format::Number
}

/// The content of the first child element `name` of a cell (`None` when absent or empty-tagged).
fn child<'c>(content: &'c [u8], name: &[u8]) -> Option<&'c [u8]> {
    let mut pos = 0;
    while let Some(lt) = memchr::memchr(b'<', &content[pos..]).map(|i| pos + i) {
        let gt = lt + memchr::memchr(b'>', &content[lt..])?;
        let t = &content[lt + 1..gt];
        pos = gt + 1;
        if t.first() == Some(&b'/') {
            continue;
        }
        let self_closing = t.last() == Some(&b'/');
        let t = if self_closing { &t[..t.len() - 1] } else { t };
        let n = t.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(t.len());
        let full = &t[..n];
        let wanted = local(full) == name;
        if self_closing {
            if wanted {
                return None;
            }
            continue;
        }
        let end = close_of(content, pos, full);
        if wanted {
            return Some(&content[pos..end]);
        }
        // Skip this child whole.
        pos = (end + full.len() + 3).min(content.len());
    }
    None
}

/// Where the element `full` opened before `from` closes (`</full>`), or the end of `content`. Text holds no
/// raw `<`, so the next `<` is usually the closing tag; nested elements and CDATA are searched for.
fn close_of(content: &[u8], from: usize, full: &[u8]) -> usize {
    let is_close = |at: usize| {
        let rest = &content[at..];
        rest.len() >= full.len() + 3 && rest[1] == b'/' && &rest[2..2 + full.len()] == full && rest[2 + full.len()] == b'>'
    };
    if let Some(lt) = memchr::memchr(b'<', &content[from..]).map(|i| from + i)
        && is_close(lt)
    {
        return lt;
    }
    let mut at = from;
    while let Some(lt) = memmem::find(&content[at..], b"</").map(|i| at + i) {
        if is_close(lt) {
            return lt;
        }
        at = lt + 2;
    }
    content.len()
}

/// Decodes XML text: entities, character references, CDATA sections, line ends (`\r\n` and `\r` → `\n`).
fn decode_xml(v: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < v.len() {
        match v[i] {
            b'&' => {
                let Some(semi) = v[i..].iter().take(12).position(|&b| b == b';') else {
                    out.push(b'&');
                    i += 1;
                    continue;
                };
                let ent = &v[i + 1..i + semi];
                let ch = match ent {
                    b"amp" => Some('&'),
                    b"lt" => Some('<'),
                    b"gt" => Some('>'),
                    b"quot" => Some('"'),
                    b"apos" => Some('\''),
                    _ if ent.first() == Some(&b'#') => {
                        let num = &ent[1..];
                        let code = match num.first() {
                            Some(b'x' | b'X') => u32::from_str_radix(std::str::from_utf8(&num[1..]).unwrap_or("x"), 16).ok(),
                            _ => std::str::from_utf8(num).ok().and_then(|s| s.parse::<u32>().ok()),
                        };
                        code.and_then(char::from_u32)
                    }
                    _ => None,
                };
                match ch {
                    Some(c) => {
                        let mut b = [0u8; 4];
                        out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
                        i += semi + 1;
                    }
                    None => {
                        out.push(b'&');
                        i += 1;
                    }
                }
            }
            b'<' if v[i..].starts_with(b"<![CDATA[") => {
                let body = &v[i + 9..];
                let end = memmem::find(body, b"]]>").unwrap_or(body.len());
                newlines(&body[..end], out);
                i += 9 + end + 3;
            }
            b'\r' => {
                out.push(b'\n');
                i += if v.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
}

fn newlines(v: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < v.len() {
        if v[i] == b'\r' {
            out.push(b'\n');
            i += if v.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
        } else {
            out.push(v[i]);
            i += 1;
        }
    }
}

fn xml_text(v: &[u8]) -> String {
    let mut out = Vec::with_capacity(v.len());
    decode_xml(v, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Decodes OOXML's `_xHHHH_` escapes (UTF-16 code units; a lone surrogate becomes U+FFFD).
fn unescape_ooxml(v: &[u8]) -> Vec<u8> {
    let unit = |i: usize| -> Option<u16> {
        let s = v.get(i..i + 7)?;
        if s[0] != b'_' || s[1] != b'x' || s[6] != b'_' || !s[2..6].iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&s[2..6]).ok()?, 16).ok()
    };
    if memmem::find(v, b"_x").is_none() {
        return v.to_vec();
    }
    let mut out = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        let Some(u) = unit(i) else {
            out.push(v[i]);
            i += 1;
            continue;
        };
        i += 7;
        let ch = match u {
            0xD800..=0xDBFF => match unit(i) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    i += 7;
                    char::from_u32(0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00))
                }
                _ => None,
            },
            0xDC00..=0xDFFF => None,
            u => char::from_u32(u32::from(u)),
        };
        let mut b = [0u8; 4];
        out.extend_from_slice(ch.unwrap_or(char::REPLACEMENT_CHARACTER).encode_utf8(&mut b).as_bytes());
    }
    out
}

/// A string item's text (`<si>` or `<is>` content): its `<t>` elements joined, phonetic runs left out.
fn string_item(item: &[u8], out: &mut Vec<u8>) {
    let mut pos = 0;
    let mut phonetic = 0u32;
    let mut raw = Vec::new();
    while let Some(lt) = memchr::memchr(b'<', &item[pos..]).map(|i| pos + i) {
        let Some(gt) = memchr::memchr(b'>', &item[lt..]).map(|i| lt + i) else { break };
        let t = &item[lt + 1..gt];
        pos = gt + 1;
        let closing = t.first() == Some(&b'/');
        let self_closing = t.last() == Some(&b'/');
        let body = if closing {
            &t[1..]
        } else if self_closing {
            &t[..t.len() - 1]
        } else {
            t
        };
        let n = body.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(body.len());
        let (full, attrs) = (&body[..n], &body[n..]);
        match (local(full), closing) {
            (b"rPh", false) if !self_closing => phonetic += 1,
            (b"rPh", true) => phonetic = phonetic.saturating_sub(1),
            (b"t", false) if !self_closing => {
                let mut close = b"</".to_vec();
                close.extend_from_slice(full);
                close.push(b'>');
                let end = memmem::find(&item[pos..], &close).map_or(item.len(), |i| pos + i);
                if phonetic == 0 {
                    raw.clear();
                    decode_xml(&item[pos..end], &mut raw);
                    let preserve = attr_suffix(attrs, b"space") == Some(b"preserve");
                    let text: &[u8] = if preserve { &raw } else { trim_xml_space(&raw) };
                    out.extend_from_slice(&unescape_ooxml(text));
                }
                pos = (end + close.len()).min(item.len());
            }
            _ => {}
        }
    }
}

/// Trims the XML white space (space, tab, CR, LF) at both ends, not other spaces (a no-break space stays).
fn trim_xml_space(v: &[u8]) -> &[u8] {
    let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let s = v.iter().position(|b| !ws(b)).unwrap_or(v.len());
    let e = v.iter().rposition(|b| !ws(b)).map_or(s, |i| i + 1);
    &v[s..e]
}

/// Every `<si>` of the shared-strings part, decoded into one buffer with the end of each.
fn shared_strings(xml: &[u8], strings: &mut Vec<u8>, ends: &mut Vec<usize>) {
    let mut pos = 0;
    while let Some(lt) = memchr::memchr(b'<', &xml[pos..]).map(|i| pos + i) {
        let Some(gt) = memchr::memchr(b'>', &xml[lt..]).map(|i| lt + i) else { break };
        pos = gt + 1;
        let t = &xml[lt + 1..gt];
        let self_closing = t.last() == Some(&b'/');
        let body = if self_closing { &t[..t.len() - 1] } else { t };
        let n = body.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(body.len());
        let full = &body[..n];
        if local(full) != b"si" || t.first() == Some(&b'/') {
            continue;
        }
        if !self_closing {
            let mut close = b"</".to_vec();
            close.extend_from_slice(full);
            close.push(b'>');
            let end = memmem::find(&xml[pos..], &close).map_or(xml.len(), |i| pos + i);
            string_item(&xml[pos..end], strings);
            pos = (end + close.len()).min(xml.len());
        }
        ends.push(strings.len());
    }
}

/// Text with control characters (line breaks included) as spaces.
fn push_text(s: &[u8], out: &mut Vec<u8>) {
    out.extend(s.iter().map(|&b| if b < 0x20 || b == 0x7F { b' ' } else { b }));
}

use super::sheet::{push_datetime, push_float};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_refs_and_ranges() {
        assert_eq!(cell_ref(b"A1"), Some((0, 0)));
        assert_eq!(cell_ref(b"AB12"), Some((11, 27)));
        assert_eq!(cell_ref(b"1"), None);
        assert_eq!(dimension(b"A1:H541910"), Some(Dimension { first_row: 0, last_row: 541_909, last_col: 7 }));
    }

    #[test]
    fn date_formats_are_classified() {
        // Cases from ECMA-376 §18.8.31 format codes and the ones Excel writes for its built-in date styles.
        assert_eq!(classify("DD/MM/YY"), Format::DateTime);
        assert_eq!(classify("H:MM:SS;@"), Format::DateTime);
        assert_eq!(classify("[h]:mm:ss"), Format::Duration);
        assert_eq!(classify("\"$\"#,##0_);[Red](\"$\"#,##0)"), Format::Number);
        assert_eq!(classify("0.00"), Format::Number);
        assert_eq!(classify("#,##0\\ [$\\u20bd-46D]"), Format::Number);
        assert_eq!(classify("yyyy-mm-dd hh:mm"), Format::DateTime);
        assert_eq!(builtin(b"14"), Format::DateTime);
        assert_eq!(builtin(b"2"), Format::Number);
    }

    #[test]
    fn text_decoding() {
        assert_eq!(xml_text(b"a &amp; b &lt;c&gt; &#65;&#x42;"), "a & b <c> AB");
        assert_eq!(unescape_ooxml(b"x_x000D_y"), b"x\ry");
        assert_eq!(unescape_ooxml(b"_x005F_x0041_"), b"__x0041_".to_vec()[1..].to_vec());
        let mut s = Vec::new();
        string_item(b"<r><t>ab </t></r><r><t xml:space=\"preserve\"> c</t></r><rPh><t>ignored</t></rPh>", &mut s);
        assert_eq!(s, b"ab c");
    }

    #[test]
    fn shared_strings_are_split() {
        let (mut s, mut e) = (Vec::new(), Vec::new());
        shared_strings(b"<sst><si><t>one</t></si><si/><si><r><t>t</t></r><r><t>wo</t></r></si></sst>", &mut s, &mut e);
        assert_eq!(e.len(), 3);
        assert_eq!(&s[..e[0]], b"one");
        assert_eq!(e[1], e[0]);
        assert_eq!(&s[e[1]..e[2]], b"two");
    }
}
