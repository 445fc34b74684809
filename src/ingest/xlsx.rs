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

use super::sheet::{push_datetime, push_float};
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Format {
    #[default]
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
/// The last date cell's text, format and rendering.
type LastDate = (Vec<u8>, Format, Vec<u8>);

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
        let file = match self.zip.by_name(&path) {
            Ok(f) => f,
            Err(e) => return Err(damaged(format!("its sheet part {path} cannot be opened ({e})"))),
        };
        let mut scan = SheetScan {
            file,
            buf: Vec::with_capacity(CHUNK + 4096),
            start: 0,
            eof: false,
            dim: None,
            in_data: false,
            row: 0,
            col: 0,
            text: Vec::new(),
            close: b"</c>".to_vec(),
            finder: memmem::Finder::new(b"</c>").into_owned(),
            last_date: LastDate::default(),
        };
        while scan.step(ctx, cell)? {}
        Ok(scan.dim)
    }
}

/// Tags scanned by one [`SheetScan::step`].
const STEP_TAGS: usize = 4096;

/// A sheet being scanned: the state kept between steps.
///
/// Why steps: a browser runs a WebAssembly function with its baseline compiler until the function has run
/// for a while, and uses the optimized code from the function's *next* call (no on-stack replacement). One
/// call scanning the whole sheet would run all of it unoptimized: the scan returns every [`STEP_TAGS`] tags.
struct SheetScan<F> {
    file: F,
    buf: Vec<u8>,
    start: usize,
    eof: bool,
    dim: Option<Dimension>,
    in_data: bool,
    row: u32,
    col: u32,
    text: Vec<u8>,
    close: Vec<u8>,
    finder: memmem::Finder<'static>,
    last_date: LastDate,
}

impl<F: Read> SheetScan<F> {
    /// Scans up to [`STEP_TAGS`] tags; `false` once the sheet's data has ended or `cell` said stop.
    #[inline(never)]
    fn step(&mut self, ctx: &Context, cell: &mut CellFn<'_>) -> Result<bool> {
        let SheetScan { file, buf, start, eof, dim, in_data, row, col, text, close, finder, last_date } = self;
        for _ in 0..STEP_TAGS {
            // The next tag, with its closing `>`.
            let Some(lt) = memchr::memchr(b'<', &buf[*start..]).map(|i| *start + i) else {
                if *eof {
                    return Ok(false);
                }
                *start = buf.len();
                refill(buf, start, eof, file)?;
                continue;
            };
            let Some(gt) = memchr::memchr(b'>', &buf[lt..]).map(|i| lt + i) else {
                if *eof {
                    return Ok(false);
                }
                *start = lt;
                if buf.len() - *start > MAX_CELL {
                    return Err(damaged("a tag of its sheet never ends"));
                }
                refill(buf, start, eof, file)?;
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
                    Some(i) => *start = lt + i + end.len(),
                    None if *eof => return Ok(false),
                    None => {
                        *start = lt;
                        refill(buf, start, eof, file)?;
                    }
                }
                continue;
            }
            match (local(name), closing) {
                (b"dimension", false) => {
                    *dim = attr(attrs, b"ref").and_then(dimension);
                    *start = gt + 1;
                }
                (b"sheetData", false) => {
                    *in_data = !self_closing;
                    *start = gt + 1;
                    if self_closing {
                        return Ok(false);
                    }
                }
                (b"sheetData", true) => return Ok(false),
                (b"row", false) if *in_data => {
                    if let Some(r) = attr(attrs, b"r").and_then(parse_u32) {
                        *row = r.saturating_sub(1);
                    }
                    *col = 0;
                    if self_closing {
                        *row = row.saturating_add(1);
                    }
                    *start = gt + 1;
                }
                (b"row", true) if *in_data => {
                    *row = row.saturating_add(1);
                    *col = 0;
                    *start = gt + 1;
                }
                (b"c", false) if *in_data => {
                    // The whole cell: up to its `</c>` (with the start tag's prefix, if any).
                    let (content, next) = if self_closing {
                        (None, gt + 1)
                    } else {
                        if close.len() != name.len() + 3 || &close[2..2 + name.len()] != name {
                            close.clear();
                            close.extend_from_slice(b"</");
                            close.extend_from_slice(name);
                            close.push(b'>');
                            *finder = memmem::Finder::new(close.as_slice()).into_owned();
                        }
                        match finder.find(&buf[gt + 1..]) {
                            Some(i) => (Some((gt + 1, gt + 1 + i)), gt + 1 + i + close.len()),
                            None if *eof => return Err(damaged("a cell of its sheet never ends")),
                            None => {
                                *start = lt;
                                if buf.len() - *start > MAX_CELL {
                                    return Err(damaged("a cell of its sheet is too large"));
                                }
                                refill(buf, start, eof, file)?;
                                continue;
                            }
                        }
                    };
                    let [at, typ, style] = cell_attributes(attrs);
                    if let Some(r) = at.and_then(cell_ref) {
                        (*row, *col) = r;
                    }
                    let (r, c) = (*row, *col);
                    *col = col.saturating_add(1);
                    *start = next;
                    let Some((a, b)) = content else { continue };
                    text.clear();
                    if ctx.render(&buf[a..b], typ, style, last_date, text)? && !cell(*dim, r, c, text)? {
                        return Ok(false);
                    }
                }
                _ => *start = gt + 1,
            }
        }
        Ok(true)
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
    fn render(
        &self,
        content: &[u8],
        typ: Option<&[u8]>,
        style: Option<&[u8]>,
        last_date: &mut LastDate,
        out: &mut Vec<u8>,
    ) -> Result<bool> {
        let inline = matches!(typ, Some(b"inlineStr" | b"is"));
        if inline {
            let Some(is) = child(content, b"is") else { return Ok(false) };
            let mut s = Vec::new();
            string_item(is, &mut s);
            push_text(&s, out);
            return Ok(true);
        }
        let Some(v) = bare_value(content).or_else(|| child(content, b"v")) else { return Ok(false) };
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
                // A number of up to 15 significant digits in plain form is written as it stands: what its
                // f64 renders to (`short_decimal`).
                if format == Format::Number && short_decimal(v) {
                    out.extend_from_slice(v);
                    return Ok(true);
                }
                // A date repeats from line to line (an order's lines share it): rendered once.
                if format != Format::Number && last_date.0 == v && last_date.1 == format {
                    out.extend_from_slice(&last_date.2);
                    return Ok(true);
                }
                let from = out.len();
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
                if format != Format::Number {
                    last_date.0.clear();
                    last_date.0.extend_from_slice(v);
                    last_date.1 = format;
                    last_date.2.clear();
                    last_date.2.extend_from_slice(&out[from..]);
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

mod xml;
use xml::*;

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

    /// What the reader wrote before a number's text passed through: the f64 it reads to, rendered.
    fn parsed_and_rendered(v: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        push_float(std::str::from_utf8(v).unwrap().parse::<f64>().unwrap(), &mut out);
        out
    }

    #[test]
    fn short_decimals_pass_through_as_their_f64_renders() {
        // Oracle: parsing the text to f64 and rendering it (`push_float`), as for every other number cell.
        for v in [
            "0",
            "7",
            "-7",
            "2.55",
            "-0.5",
            "0.1",
            "0.0000001",
            "17850",
            "123456789012345",
            "1.00000000000001",
            "0.000123456789012345",
            "-999999999999999",
        ] {
            assert!(short_decimal(v.as_bytes()), "{v}");
            assert_eq!(parsed_and_rendered(v.as_bytes()), v.as_bytes(), "{v}");
        }
        // Not in that form: these go through the f64 (and may render differently).
        for v in [
            "-0",
            "007",
            ".5",
            "5.",
            "2.50",
            "1E-7",
            "1e3",
            "+3",
            "2.5499999999999998",
            "1234567890123456",
            "0.1234567890123456",
            "",
            "-",
            "1 ",
            "0x1",
        ] {
            assert!(!short_decimal(v.as_bytes()), "{v}");
        }
        // A seeded sweep: decimals of 1 to 17 significant digits at every decimal point position.
        let mut rng = crate::rng::Rng::new(7);
        for _ in 0..200_000 {
            let len = 1 + (rng.next_u64() % 17) as usize;
            let mut digits: Vec<u8> = (0..len).map(|_| b'0' + (rng.next_u64() % 10) as u8).collect();
            let point = (rng.next_u64() % (len as u64 + 3)) as usize;
            let mut v = Vec::new();
            if rng.next_u64().is_multiple_of(4) {
                v.push(b'-');
            }
            if point >= len {
                v.extend_from_slice(&digits);
            } else if point == 0 {
                v.extend_from_slice(b"0.");
                v.append(&mut digits);
            } else {
                v.extend_from_slice(&digits[..point]);
                v.push(b'.');
                v.extend_from_slice(&digits[point..]);
            }
            if short_decimal(&v) {
                assert_eq!(parsed_and_rendered(&v), v, "{}", String::from_utf8_lossy(&v));
            }
        }
    }

    #[test]
    fn cell_attributes_are_what_the_attribute_list_gives() {
        // Oracle: the general attribute reader, the last of a name winning as the cell loop took them.
        let cases: [&[u8]; 12] = [
            b" r=\"A2\" s=\"3\" t=\"s\"",
            b"r='B7' t='n'",
            b"  r = \"C1\"  ",
            b" t=\"s\" r=\"A1\" t=\"n\"",
            b" r=\"A1\" x:foo=\"1\" s=\"2\"",
            b" r=A1 s=\"2\"",
            b" r=\"A1 s=\"2\"",
            b" r=\"A1\" s",
            b"",
            b"   ",
            b" rr=\"1\" ss=\"2\" tt=\"3\"",
            b" r=\"\" s='' t=\"\"",
        ];
        for c in cases {
            let mut want = [None; 3];
            for (n, v) in attributes(c) {
                match n {
                    b"r" => want[0] = Some(v),
                    b"t" => want[1] = Some(v),
                    b"s" => want[2] = Some(v),
                    _ => {}
                }
            }
            assert_eq!(cell_attributes(c), want, "{}", String::from_utf8_lossy(c));
        }
        // Every cell reference and number of the forms a sheet holds, against the letter-by-letter reading.
        for (v, want) in [
            (&b"A1"[..], Some((0, 0))),
            (b"XFD1048576", Some((1_048_575, 16_383))),
            (b"ABCD1", None),
            (b"A0", None),
            (b"A", None),
            (b"A4294967296", None),
            (b"a3", Some((2, 0))),
        ] {
            assert_eq!(cell_ref(v), want, "{}", String::from_utf8_lossy(v));
        }
        for (v, want) in [
            (&b"0"[..], Some(0)),
            (b"4294967295", Some(u32::MAX)),
            (b"4294967296", None),
            (b"12a", None),
            (b"", None),
            (b"00000000001", None),
        ] {
            assert_eq!(parse_u32(v), want, "{}", String::from_utf8_lossy(v));
        }
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

    proptest::proptest! {
        /// The shortcut for `<v>…</v>` cells agrees with the general child search whenever it answers
        /// (the general search is the oracle), on contents made of the markup's own pieces.
        #[test]
        fn a_bare_value_is_the_v_child(parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("<v>"), proptest::strategy::Just("</v>"), proptest::strategy::Just("<v/>"),
                proptest::strategy::Just("<f>"), proptest::strategy::Just("</f>"), proptest::strategy::Just("<is>"),
                proptest::strategy::Just("12.5"), proptest::strategy::Just("a"), proptest::strategy::Just(" "),
                proptest::strategy::Just("<"), proptest::strategy::Just(">"), proptest::strategy::Just("/"),
            ],
            0..8,
        )) {
            let content = parts.concat();
            if let Some(v) = bare_value(content.as_bytes()) {
                proptest::prop_assert_eq!(Some(v), child(content.as_bytes(), b"v"));
            }
        }
    }

    #[test]
    fn bare_values_are_read_and_others_left_to_the_search() {
        assert_eq!(bare_value(b"<v>12</v>"), Some(b"12".as_slice()));
        assert_eq!(bare_value(b"<v></v>"), Some(b"".as_slice()));
        assert_eq!(bare_value(b"<f>A1</f><v>3</v>"), None);
        assert_eq!(bare_value(b"<v>3</v><extLst/>"), None);
        assert_eq!(bare_value(b"<v xml:space=\"preserve\"> 3</v>"), None);
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
