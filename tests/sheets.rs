//! Spreadsheets read directly: the fixtures of tests/data/sheets (written by `make.py` there with openpyxl,
//! xlwt and odfpy from the first rows of the UCI Online Retail file), the whole Online Retail file written
//! here as an .xlsx with rust_xlsxwriter, and damaged workbooks.
//!
//! Hand-worked figures of the fixtures (quantity × unit price, Online Retail rows 2-27):
//! - invoice 536365 (customer 17850): 6×2.55 + 6×3.39 + 8×2.75 + 6×3.39 + 6×3.39 + 2×7.65 + 6×4.25
//!   = 15.30 + 20.34 + 22.00 + 20.34 + 20.34 + 15.30 + 25.50 = 139.12
//! - 536366 (17850): 6×1.85 + 6×1.85 = 22.20
//! - 536367 (13047): 32×1.69 + 6×2.10 + 6×2.10 + 8×3.75 + 6×1.65 + 6×4.25 + 3×4.95 + 2×9.95 + 3×5.95
//!   + 3×5.95 + 4×7.95 + 4×7.95 = 54.08 + 12.60 + 12.60 + 30.00 + 9.90 + 25.50 + 14.85 + 19.90 + 17.85
//!   + 17.85 + 31.80 + 31.80 = 278.73
//! - 536368 (13047): 6×4.25 + 3×4.95 + 3×4.95 + 3×4.95 = 25.50 + 44.55 = 70.05
//! - 536369 (13047): 3×5.95 = 17.85
//!
//! So the "Orders" sheet: 26 lines, 2 customers, 5 orders, revenue 527.95, plus one empty sheet row (row 12)
//! that is accounted for as an empty line. The "France" sheet of orders.xlsx (rows 28-30): invoice 536370,
//! customer 12583, 24×3.75 + 24×3.75 + 12×3.75 = 90 + 90 + 45 = 225.00.

use std::path::PathBuf;

use clientela::ingest::{self, IngestOptions, Ingestor};
use clientela::{DataReport, Error};

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/sheets").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn read(bytes: &[u8], sheet: Option<&str>) -> Result<DataReport, Error> {
    let opts = IngestOptions { sheet: sheet.map(str::to_string), ..Default::default() };
    ingest::read_bytes(bytes, opts).map(|(_, r)| r)
}

fn cents(v: f64) -> i64 {
    (v * 100.0).round() as i64
}

/// The figures of the "Orders" sheet, the same in every format.
fn assert_orders(r: &DataReport, format: &str) {
    assert_eq!(r.source.format, format);
    assert_eq!(r.source.sheet.as_deref(), Some("Orders"));
    // 27 sheet rows after the header (rows 2-28): 26 purchases and the empty row 12.
    assert_eq!((r.rows.total, r.rows.used, r.rows.rejected), (27, 26, 1), "{format}: {:?}", r.rejections);
    assert_eq!(r.rows.rejected_by_reason.get("empty_line"), Some(&1));
    assert_eq!(r.rejections[0].examples[0].line, 12, "{format}: the rejection names the sheet row");
    assert_eq!((r.summary.customers, r.summary.orders, r.summary.items), (2, 5, 26), "{format}");
    assert_eq!(cents(r.summary.revenue), 52_795, "{format}");
    assert_eq!(r.lines.no_customer, 0, "{format}: every customer id read");
    // Date cells became dates; the first and last are those of invoices 536365 and 536369.
    assert_eq!(r.summary.first_date.as_deref(), Some("2010-12-01 08:26:00"), "{format}");
    assert_eq!(r.summary.last_date.as_deref(), Some("2010-12-01 08:35:00"), "{format}");
    assert_eq!(r.dialect.date_format.as_deref(), Some("ymd"));
    let role = |name: &str| r.columns.iter().find(|c| c.name == name).map(|c| c.role.name()).unwrap_or("none");
    assert_eq!(
        [role("InvoiceNo"), role("InvoiceDate"), role("CustomerID"), role("Quantity"), role("UnitPrice")],
        ["order", "date", "customer", "quantity", "unit_price"],
        "{format}"
    );
    // The customer id 17850.0 stored as a float reads as the id "17850".
    let customer = r.columns.iter().find(|c| c.name == "CustomerID").unwrap();
    assert_eq!(customer.examples.first().map(String::as_str), Some("17850"), "{format}");
}

#[test]
fn xlsx_reads_the_first_sheet_with_data_and_lists_the_sheets() {
    let r = read(&fixture("orders.xlsx"), None).unwrap();
    assert_orders(&r, "xlsx");
    let sheets: Vec<(&str, Option<u64>)> = r.source.sheets.iter().map(|s| (s.name.as_str(), s.rows)).collect();
    // openpyxl declares the used range of each sheet ("A1:H28"); the empty one has no rows.
    assert_eq!(sheets, [("Notes", Some(0)), ("Orders", Some(28)), ("France", Some(4))]);
    assert!(r.notes[0].code == "sheet" && r.notes[0].params["sheet"] == "Orders" && r.notes[0].text.contains("xlsx"), "{:?}", r.notes);
}

#[test]
fn xls_reads_the_same_rows() {
    assert_orders(&read(&fixture("orders.xls"), None).unwrap(), "xls");
}

/// An .xls whose reading calamine needed made safe (`ingest::sheet::ole`): a column of formulas, shared
/// strings running on into Continue records, a merged range on another sheet. Hand-worked figures as
/// `orders.xls` (tests/data/sheets/README.md), and every cell of the sheet as calamine reads the file
/// unchanged: the records made harmless serve only formulas' text and merged ranges.
#[test]
fn xls_with_formulas_reads_as_calamine_reads_it_unchanged() {
    use calamine::{Data, Reader};
    use clientela::ingest::sheet::{self, Sink};
    struct Text(Vec<u8>);
    impl Sink for Text {
        fn first_line(&mut self, _: u64) {}
        fn text(&mut self, text: &[u8]) -> clientela::error::Result<()> {
            self.0.extend_from_slice(text);
            Ok(())
        }
    }
    let b = fixture("formulas.xls");
    let r = read(&b, None).unwrap();
    assert_eq!((r.summary.customers, r.summary.orders, cents(r.summary.revenue)), (2, 5, 52795));
    let mut text = Text(Vec::new());
    sheet::read(&b, None, &mut text).unwrap();
    let ours: Vec<csv::StringRecord> =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&text.0[..]).records().map(Result::unwrap).collect();
    let mut book = calamine::Xls::new(std::io::Cursor::new(&b[..])).unwrap();
    let range = book.worksheet_range("Orders").unwrap();
    assert_eq!(ours.len(), range.height());
    for (row, cells) in ours.iter().zip(range.rows()) {
        for (c, v) in cells.iter().enumerate() {
            let field = row.get(c).unwrap_or("");
            match v {
                Data::String(s) => assert_eq!(field, s),
                Data::Float(f) => assert_eq!(field.parse::<f64>().unwrap(), *f),
                Data::Empty => assert_eq!(field, ""),
                _ => {}
            }
        }
    }
    let notes: Vec<&str> = ours.iter().skip(1).map(|r| r.get(9).unwrap()).collect();
    assert_eq!(notes.len(), 26);
    assert!(notes.iter().all(|n| n.len() > 500), "the long notes are whole");
    assert!(ours.iter().all(|r| r.get(8).unwrap_or("").is_empty() || r.get(8) == Some("Amount")), "xlwt stores no cached formula values");
}

#[test]
fn ods_reads_the_same_rows() {
    assert_orders(&read(&fixture("orders.ods"), None).unwrap(), "ods");
}

#[test]
fn another_sheet_by_name_or_number() {
    let book = fixture("orders.xlsx");
    for choice in ["France", "france", "3"] {
        let r = read(&book, Some(choice)).unwrap();
        assert_eq!(r.source.sheet.as_deref(), Some("France"), "{choice}");
        assert_eq!((r.rows.total, r.rows.used), (3, 3));
        assert_eq!((r.summary.customers, r.summary.orders), (1, 1));
        assert_eq!(cents(r.summary.revenue), 22_500);
    }
    // A sheet that is not there: the error lists the sheets.
    let e = read(&book, Some("Returns")).unwrap_err();
    assert_eq!(e.code(), "unknown_sheet");
    assert!(e.to_string().contains(r#"1 "Notes", 2 "Orders", 3 "France""#), "{e}");
    assert_eq!(read(&book, Some("4")).unwrap_err().code(), "unknown_sheet");
    // The empty sheet, chosen: an error naming it, not an empty table.
    let e = read(&book, Some("Notes")).unwrap_err();
    assert_eq!(e.code(), "empty_sheet");
    assert!(e.to_string().contains("\"Notes\" is empty"), "{e}");
}

#[test]
fn any_chunking_gives_the_same_report() {
    let book = fixture("orders.xlsx");
    let whole = serde_json::to_value(read(&book, None).unwrap()).unwrap();
    for size in [1, 3, 4, 5, 1000] {
        let mut ing = Ingestor::new(IngestOptions::default());
        for c in book.chunks(size) {
            ing.push(c).unwrap();
        }
        let r = serde_json::to_value(ing.finish().unwrap().1).unwrap();
        assert_eq!(r, whole, "chunks of {size}");
    }
}

#[test]
fn a_user_choice_of_column_applies_to_a_sheet() {
    // Columns are chosen by header name or number as in a CSV file: Country as the customer.
    let opts = IngestOptions {
        columns: vec![ingest::ColumnChoice { column: "Country".into(), role: clientela::ingest::roles::Role::Customer }],
        ..Default::default()
    };
    let r = ingest::read_bytes(&fixture("orders.xlsx"), opts).unwrap().1;
    assert_eq!(r.summary.customers, 1);
    assert_eq!(cents(r.summary.revenue), 52_795);
}

#[test]
fn damaged_workbooks_are_typed_errors() {
    let book = fixture("orders.xlsx");
    // Cut short: the zip's directory at the end is missing.
    for cut in [4, 100, book.len() / 2, book.len() - 10] {
        let e = read(&book[..cut], None).unwrap_err();
        assert_eq!(e.code(), "workbook", "cut at {cut}: {e}");
        assert!(e.to_string().contains("damaged or cut short"), "{e}");
    }
    let xls = fixture("orders.xls");
    assert_eq!(read(&xls[..xls.len() / 2], None).unwrap_err().code(), "workbook");
    // A zip that is not a workbook.
    let e = read(b"PK\x03\x04\x14\0\0\0\0\0", None).unwrap_err();
    assert_eq!(e.code(), "workbook");
}

/// An encrypted .xlsx is an OLE2 file holding an `EncryptedPackage` stream (MS-OFFCRYPTO 2.3.4.4,
/// https://learn.microsoft.com/en-us/openspecs/office_file_formats/ms-offcrypto/); the compound file is
/// built here by hand after MS-CFB (https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-cfb/):
/// a 512-byte header, one FAT sector and one directory sector with the root and that stream.
#[test]
fn a_password_protected_workbook_says_so() {
    let mut f = vec![0u8; 512 * 3];
    let h = &mut f[..512];
    h[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    h[0x18..0x1A].copy_from_slice(&0x3Eu16.to_le_bytes()); // minor version
    h[0x1A..0x1C].copy_from_slice(&3u16.to_le_bytes()); // major version 3: 512-byte sectors
    h[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes()); // little-endian
    h[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes()); // sector shift
    h[0x20..0x22].copy_from_slice(&6u16.to_le_bytes()); // mini sector shift
    h[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes()); // FAT sectors
    h[0x30..0x34].copy_from_slice(&1u32.to_le_bytes()); // first directory sector
    h[0x38..0x3C].copy_from_slice(&4096u32.to_le_bytes()); // mini stream cutoff
    h[0x3C..0x40].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no mini FAT
    h[0x44..0x48].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no DIFAT sectors
    h[0x4C..0x50].copy_from_slice(&0u32.to_le_bytes()); // DIFAT[0]: the FAT is sector 0
    for i in 1..109 {
        h[0x4C + i * 4..0x50 + i * 4].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
    }
    // FAT (sector 0, at byte 512): sector 0 is FAT, sector 1 the directory (end of chain).
    let fat = &mut f[512..1024];
    for i in 0..128 {
        fat[i * 4..i * 4 + 4].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
    }
    fat[0..4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes());
    fat[4..8].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    // Directory (sector 1): 128-byte entries, names in UTF-16LE.
    let entry = |d: &mut [u8], name: &str, kind: u8, child: u32| {
        let units: Vec<u16> = name.encode_utf16().collect();
        for (i, u) in units.iter().enumerate() {
            d[i * 2..i * 2 + 2].copy_from_slice(&u.to_le_bytes());
        }
        d[0x40..0x42].copy_from_slice(&(((units.len() + 1) * 2) as u16).to_le_bytes());
        d[0x42] = kind;
        d[0x43] = 1; // black
        d[0x44..0x48].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        d[0x48..0x4C].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        d[0x4C..0x50].copy_from_slice(&child.to_le_bytes());
        d[0x74..0x78].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    };
    let dir = &mut f[1024..1536];
    entry(&mut dir[..128], "Root Entry", 5, 1);
    entry(&mut dir[128..256], "EncryptedPackage", 2, 0xFFFF_FFFF);
    for k in 2..4 {
        let d = &mut dir[k * 128..k * 128 + 128];
        d[0x44..0x50].copy_from_slice(&[0xFF; 12]);
    }
    let e = read(&f, None).unwrap_err();
    assert_eq!(e.code(), "password", "{e}");
    assert!(e.to_string().contains("password"), "{e}");
}

mod never_panics {
    use super::*;
    use clientela::ingest::sheet::READER_STOPPED;
    use proptest::prelude::*;

    /// An error or a report, and never one that comes from a caught panic: the checks before calamine
    /// must have stopped the file, as they must in the browser, where a panic cannot be caught.
    fn no_panic(b: &[u8]) -> Result<(), TestCaseError> {
        if let Err(e) = read(b, None) {
            prop_assert!(!e.to_string().contains(READER_STOPPED), "{e}");
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(200),
            ..ProptestConfig::default()
        })]

        /// Random bytes after a zip or OLE2 magic.
        #[test]
        fn random_bytes_after_a_workbook_magic(ole in any::<bool>(), tail in proptest::collection::vec(any::<u8>(), 0..4096)) {
            let mut b = if ole { b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec() } else { b"PK\x03\x04".to_vec() };
            b.extend_from_slice(&tail);
            no_panic(&b)?;
        }

        /// Every fixture cut anywhere (a download that stopped).
        #[test]
        fn cut_short(which in 0usize..4, cut in any::<prop::sample::Index>()) {
            let b = fixture(["orders.xlsx", "orders.xls", "orders.ods", "formulas.xls"][which]);
            no_panic(&b[..cut.index(b.len()) + 1])?;
        }

        /// The zip workbooks with bytes changed and cut.
        #[test]
        fn zip_bytes_changed(ods in any::<bool>(), cut in any::<prop::sample::Index>(), flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
            let mut b = fixture(if ods { "orders.ods" } else { "orders.xlsx" });
            for (at, v) in flips {
                let i = at.index(b.len());
                b[i] = v;
            }
            b.truncate(cut.index(b.len()) + 1);
            no_panic(&b)?;
        }

        /// The .xls workbooks with bytes changed: an error or a report, never a caught panic. Their sector
        /// tables are checked before calamine reads them, and the records its parser could run off are
        /// checked or made harmless (`ingest::sheet::ole`). The same mutations 40,000 times on orders.xls
        /// panicked calamine 33 times before those record checks; after them, 150,000 on orders.xls and
        /// 100,000 on formulas.xls: none (`PROPTEST_CASES=100000 cargo test --test integration sheets::never_panics::xls_bytes`).
        #[test]
        fn xls_bytes_changed(formulas in any::<bool>(), flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
            let mut b = fixture(if formulas { "formulas.xls" } else { "orders.xls" });
            for (at, v) in flips {
                let i = at.index(b.len());
                b[i] = v;
            }
            no_panic(&b)?;
        }
    }
}

/// The Online Retail file written as an .xlsx (cells typed as Excel keeps them: numbers as numbers, dates as
/// date-formatted serials, empty customer ids as empty cells) reads to the same report as the CSV file,
/// except for what describes the bytes (`source`) and how the dialect was found (`notes`).
#[test]
fn online_retail_as_xlsx_reads_like_the_csv() {
    let Some(csv_bytes) = online_retail() else { return };
    let book = online_retail_xlsx(&csv_bytes);
    // The speed figures of the spreadsheet path read this workbook (benches/browser/sheets.mjs).
    if let Ok(out) = std::env::var("CLIENTELA_ONLINE_RETAIL_XLSX_OUT") {
        std::fs::write(&out, &book).unwrap_or_else(|e| panic!("{out}: {e}"));
    }
    let plain = read(&csv_bytes, None).unwrap();
    let sheet = read(&book, None).unwrap();
    assert_eq!(sheet.source.format, "xlsx");
    assert_eq!((sheet.summary.customers, sheet.summary.orders), (plain.summary.customers, plain.summary.orders));
    assert_eq!(cents(sheet.summary.revenue), cents(plain.summary.revenue));
    assert_eq!(sheet.rows.rejected_by_reason, plain.rows.rejected_by_reason);
    let strip = |r: &DataReport| {
        let mut v = serde_json::to_value(r).unwrap();
        let o = v.as_object_mut().unwrap();
        o.remove("source");
        o.remove("notes");
        v
    };
    assert_eq!(strip(&sheet), strip(&plain));
}

/// The decompressed Online Retail CSV (see tests/online_retail_variants.rs); without it the test says why
/// and passes, except under CI (`CI=true`), where the file must be there.
fn online_retail() -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/online_retail.csv.gz");
    match std::fs::read(&path) {
        Ok(gz) => {
            let mut plain = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(&gz[..]), &mut plain).expect("the gzip file decompresses");
            Some(plain)
        }
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("the Online Retail file is required under CI: {} ({e})", path.display())
        }
        Err(e) => {
            eprintln!("skipped: the Online Retail file is not available at {} ({e})", path.display());
            None
        }
    }
}

/// Writes the Online Retail rows as a workbook the way Excel stores them once opened from the CSV: text
/// columns as shared strings, quantities, prices and customer ids as numbers, dates as serials with a
/// date format.
fn online_retail_xlsx(csv_bytes: &[u8]) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_low_memory().unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(csv_bytes);
    for (r, rec) in rdr.records().enumerate() {
        let rec = rec.unwrap();
        let r = r as u32;
        for (c, v) in rec.iter().enumerate() {
            let c = c as u16;
            if v.is_empty() {
                continue;
            }
            let number = (r > 0 && matches!(c, 3 | 5 | 6)).then(|| v.parse::<f64>().ok()).flatten();
            if let Some(n) = number {
                ws.write_number(r, c, n).unwrap();
            } else if r > 0 && c == 4 {
                let d = ExcelDateTime::parse_from_str(v).unwrap();
                ws.write_datetime_with_format(r, c, &d, &date).unwrap();
            } else {
                ws.write_string(r, c, v).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// The sheet scanner (`ingest::xlsx`) against calamine's own `.xlsx` reader, the reference
/// (`ingest::sheet::read_reference`): the same text, line numbers, sheet choice and sheet list.
mod scanner_matches_calamine {
    use super::*;
    use clientela::ingest::sheet::{self, Sink};
    use proptest::prelude::*;

    #[derive(Default, Debug, PartialEq)]
    struct Collect {
        first: Vec<u64>,
        text: Vec<u8>,
    }

    impl Sink for Collect {
        fn first_line(&mut self, line: u64) {
            self.first.push(line);
        }
        fn text(&mut self, text: &[u8]) -> clientela::error::Result<()> {
            self.text.extend_from_slice(text);
            Ok(())
        }
    }

    fn both(book: &[u8], choice: Option<&str>) -> (String, String) {
        let (mut a, mut b) = (Collect::default(), Collect::default());
        let ra = sheet::read(book, choice, &mut a).map(|r| format!("{r:?}")).unwrap_or_else(|e| format!("error {}", e.code()));
        let rb = sheet::read_reference(book, choice, &mut b).map(|r| format!("{r:?}")).unwrap_or_else(|e| format!("error {}", e.code()));
        (
            format!("{ra}\n{:?}\n{}", a.first, String::from_utf8_lossy(&a.text)),
            format!("{rb}\n{:?}\n{}", b.first, String::from_utf8_lossy(&b.text)),
        )
    }

    #[test]
    fn the_fixture_workbook() {
        let b = fixture("orders.xlsx");
        for choice in [None, Some("France"), Some("2"), Some("nope")] {
            let (fast, reference) = both(&b, choice);
            assert_eq!(fast, reference, "sheet {choice:?}");
        }
    }

    #[test]
    fn the_online_retail_workbook() {
        let Some(csv_bytes) = online_retail() else { return };
        let book = online_retail_xlsx(&csv_bytes);
        let (fast, reference) = both(&book, None);
        assert!(fast == reference, "the scanner and calamine differ on the Online Retail workbook");
    }

    /// A cell value of any kind a shop's workbook holds.
    #[derive(Debug, Clone)]
    enum Cell {
        Text(String),
        Number(f64),
        Date(u16, u8, u8, u8, u8, u8, usize),
        Bool(bool),
        Formula(String, f64),
        Rich(String, String),
        Blank,
    }

    fn cell() -> impl Strategy<Value = Cell> {
        prop_oneof![
            "[ a-zA-Z0-9,;\"'&<>_\\-\n\r\té€漢]{0,12}".prop_map(Cell::Text),
            prop_oneof![any::<i32>().prop_map(f64::from), -1e9f64..1e9, 0.0f64..1.0, Just(17850.0), Just(2.55), Just(1e-7)]
                .prop_map(Cell::Number),
            (1901u16..2100, 1u8..13, 1u8..29, 0u8..24, 0u8..60, 0u8..60, 0usize..4)
                .prop_map(|(y, mo, d, h, mi, s, f)| Cell::Date(y, mo, d, h, mi, s, f)),
            any::<bool>().prop_map(Cell::Bool),
            ("[a-z &]{1,6}", -1e6f64..1e6).prop_map(|(s, v)| Cell::Formula(s, v)),
            ("[a-z ]{1,5}", "[a-z _x0-9]{1,8}").prop_map(|(a, b)| Cell::Rich(a, b)),
            Just(Cell::Blank),
        ]
    }

    /// A sheet: its name, whether hidden, its cells.
    type SheetSpec = (String, bool, Vec<(u32, u16, Cell)>);

    fn workbook(sheets: &[SheetSpec]) -> Vec<u8> {
        use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
        let mut wb = Workbook::new();
        let formats = ["dd/mm/yyyy hh:mm", "yyyy-mm-dd", "[h]:mm:ss", "0.00"].map(|f| Format::new().set_num_format(f));
        let bold = Format::new().set_bold();
        for (name, hidden, cells) in sheets {
            let ws = wb.add_worksheet();
            ws.set_name(name).unwrap();
            if *hidden {
                ws.set_hidden(true);
            }
            for (r, c, v) in cells {
                let (r, c) = (*r, *c);
                match v {
                    Cell::Text(s) => ws.write_string(r, c, s).map(|_| ()),
                    Cell::Number(n) => ws.write_number(r, c, *n).map(|_| ()),
                    Cell::Date(y, mo, d, h, mi, s, f) => {
                        let dt = ExcelDateTime::from_ymd(*y, *mo, *d).unwrap().and_hms(u16::from(*h), *mi, *s).unwrap();
                        ws.write_datetime_with_format(r, c, &dt, &formats[*f]).map(|_| ())
                    }
                    Cell::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                    Cell::Formula(s, v) => ws.write_formula(r, c, Formula::new(format!("=\"{s}\"")).set_result(v.to_string())).map(|_| ()),
                    Cell::Rich(a, b) => ws.write_rich_string(r, c, &[(&bold, a.as_str()), (&Format::default(), b.as_str())]).map(|_| ()),
                    Cell::Blank => ws.write_blank(r, c, &bold).map(|_| ()),
                }
                .unwrap();
            }
        }
        wb.save_to_buffer().unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(64),
            ..ProptestConfig::default()
        })]

        /// Random workbooks of one to three sheets (some hidden, some empty) with every kind of cell.
        #[test]
        fn random_workbooks(
            sheets in proptest::collection::vec(
                (any::<bool>(), proptest::collection::btree_map((0u32..40, 0u16..12), cell(), 0..60)),
                1..4,
            ),
            pick in proptest::option::of(0usize..4),
        ) {
            let sheets: Vec<SheetSpec> = sheets
                .into_iter()
                .enumerate()
                .map(|(i, (hidden, cells))| (format!("S{i} & <x>"), hidden && i > 0, cells.into_iter().map(|((r, c), v)| (r, c, v)).collect()))
                .collect();
            let book = workbook(&sheets);
            let choice = pick.map(|p| (p + 1).to_string());
            let (fast, reference) = both(&book, choice.as_deref());
            prop_assert_eq!(fast, reference);
        }
    }
}

/// Past the reader's 1 MiB sample a sheet's rows reach the builder as records, without their text being
/// tokenized again (`ingest::sheet::Sink::row`). The reference is the same workbook read as a CSV file is
/// read, its rows as text through the decoder and tokenizer (`Ingestor::sheet_rows_as_text`): the same
/// table and the same report.
mod rows_as_records_read_like_text {
    use super::*;
    use proptest::prelude::*;
    use std::io::{Read, Write};

    /// The table and report of one reading, or its error.
    fn outcome(book: &[u8], as_text: bool) -> String {
        let mut ing = Ingestor::new(IngestOptions::default());
        if as_text {
            ing = ing.sheet_rows_as_text();
        }
        match ing.push(book).and_then(|()| ing.finish()) {
            Ok((ds, r)) => format!("{ds:?}\n{}", serde_json::to_string(&r).unwrap()),
            Err(e) => format!("error {e}"),
        }
    }

    #[test]
    fn the_online_retail_workbook() {
        let Some(csv_bytes) = online_retail() else { return };
        let book = online_retail_xlsx(&csv_bytes);
        assert!(outcome(&book, false) == outcome(&book, true), "records and text differ on the Online Retail workbook");
    }

    /// The workbook with the bytes of `marker` in its shared strings replaced by `bytes` (text that is not
    /// UTF-8, which no workbook writer makes on purpose), its parts re-stored uncompressed.
    fn with_bytes(book: &[u8], marker: &str, bytes: &[u8]) -> Vec<u8> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut part = Vec::new();
            f.read_to_end(&mut part).unwrap();
            if name.ends_with("sharedStrings.xml") {
                let m = marker.as_bytes();
                let mut patched = Vec::new();
                let mut i = 0;
                while i < part.len() {
                    if part[i..].starts_with(m) {
                        patched.extend_from_slice(bytes);
                        i += m.len();
                    } else {
                        patched.push(part[i]);
                        i += 1;
                    }
                }
                part = patched;
            }
            out.start_file(name, opts).unwrap();
            out.write_all(&part).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    /// A cell of the rows after the sample: text with commas, quotes, line breaks and text that is not
    /// UTF-8 (the marker), numbers, dates, blanks.
    #[derive(Debug, Clone)]
    enum Cell {
        Text(String),
        Number(f64),
        Date(u32),
    }

    fn cell() -> impl Strategy<Value = Option<Cell>> {
        proptest::option::weighted(
            0.8,
            prop_oneof![
                "[ a-z0-9,;\"'\n\r\té]{0,8}".prop_map(Cell::Text),
                Just(Cell::Text("BAD~MARK".into())),
                Just(Cell::Text("\"BAD~MARK,\"".into())),
                prop_oneof![Just(17850.0), Just(2.55), -1e6f64..1e6, (0i32..100).prop_map(f64::from)].prop_map(Cell::Number),
                (0u32..400).prop_map(Cell::Date),
            ],
        )
    }

    fn workbook(tail: &[(u32, Vec<Option<Cell>>)]) -> Vec<u8> {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let date = Format::new().set_num_format("dd/mm/yyyy hh:mm");
        for (c, h) in
            ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"].iter().enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        // 2010-12-01 08:26 and the days after it.
        let day = |d: u32| ExcelDateTime::from_serial_datetime(40_513.351_388_888_89 + f64::from(d)).unwrap();
        // Enough plain rows to fill the sample and the piece after it (about 95 bytes a row as text).
        let base = 20_000u32;
        for r in 1..=base {
            ws.write_string(r, 0, (536_365 + r / 4).to_string()).unwrap();
            ws.write_string(r, 1, format!("8512{}A", r % 7)).unwrap();
            ws.write_string(r, 2, "WHITE HANGING HEART T-LIGHT HOLDER").unwrap();
            ws.write_number(r, 3, f64::from(r % 12 + 1)).unwrap();
            ws.write_datetime_with_format(r, 4, day(r / 200), &date).unwrap();
            ws.write_number(r, 5, 2.55).unwrap();
            ws.write_number(r, 6, f64::from(17_850 + r % 300)).unwrap();
            ws.write_string(r, 7, "United Kingdom").unwrap();
        }
        let mut row = base;
        for (gap, cells) in tail {
            row += 1 + gap;
            for (c, v) in cells.iter().enumerate() {
                let c = c as u16;
                match v {
                    None => {}
                    Some(Cell::Text(s)) => drop(ws.write_string(row, c, s).unwrap()),
                    Some(Cell::Number(n)) => drop(ws.write_number(row, c, *n).unwrap()),
                    Some(Cell::Date(d)) => drop(ws.write_datetime_with_format(row, c, day(*d), &date).unwrap()),
                }
            }
        }
        with_bytes(&wb.save_to_buffer().unwrap(), "BAD~MARK", b"B\xC3D\xFF\xFEM")
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(24),
            ..ProptestConfig::default()
        })]

        /// Random rows after the sample: empty rows between them, skipped and extra columns, every kind of
        /// cell above.
        #[test]
        fn random_rows_after_the_sample(tail in proptest::collection::vec((prop_oneof![4 => Just(0u32), 1 => 1u32..4], proptest::collection::vec(cell(), 0..11)), 1..40)) {
            let book = workbook(&tail);
            let records = outcome(&book, false);
            prop_assert!(!records.starts_with("error"), "{}", records.lines().next().unwrap_or(""));
            prop_assert!(records == outcome(&book, true), "records and text differ");
        }
    }
}
