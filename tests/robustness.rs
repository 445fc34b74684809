//! Whatever the bytes, reading never panics: it returns a typed [`Error`] or a report in which every row
//! is accounted for (`total = used + rejected`, and the reasons add up to `rejected`). The same bytes in
//! any chunking give the same report. Then one test per error the file itself can cause.

use std::io::Write;

use clientela::ingest::{self, IngestOptions, Ingestor};
use clientela::synth::{self, ShopParams};
use clientela::{DataReport, Dataset, Error, Layout};
use proptest::prelude::*;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// Every row accounted for, and the table consistent with the report.
fn assert_reconciles(ds: &Dataset, r: &DataReport) {
    let rows = &r.rows;
    assert_eq!(rows.total, rows.used + rows.rejected, "total = used + rejected");
    assert_eq!(rows.rejected_by_reason.values().sum::<u64>(), rows.rejected, "reasons add up");
    assert_eq!(r.rejections.iter().map(|x| x.count).sum::<u64>(), rows.rejected, "rejection lists add up");
    for rej in &r.rejections {
        assert_eq!(rows.rejected_by_reason.get(rej.reason.key()), Some(&rej.count));
        assert!(!rej.examples.is_empty() && rej.examples.len() <= 5);
        assert!(rej.examples.iter().all(|e| e.line >= 1));
    }
    assert_eq!(r.table.rows, ds.len as u64);
    let l = &r.lines;
    assert_eq!(l.purchases + l.returns + l.nonpositive_price + l.zero_quantity, ds.len as u64, "every line has a kind");
    assert!(l.no_customer <= ds.len as u64);
    match ds.layout {
        Layout::LineItems | Layout::Customers => assert_eq!(rows.used, ds.len as u64, "one table row per used line item (or customer)"),
        Layout::Baskets => assert!(ds.len as u64 >= rows.used, "a used basket has at least one item"),
    }
    assert!(r.summary.customers <= ds.customers.len() as u64);
    assert!(r.summary.orders <= ds.orders.len() as u64);
    assert!(r.summary.items <= ds.items.len() as u64);
    assert_eq!(r.summary.first_date.is_some(), r.summary.last_date.is_some());
    assert!(r.summary.first_date <= r.summary.last_date);
}

/// The outcome in comparable form: the report as JSON, or the error. A gzip error's offset is the number
/// of compressed bytes pushed before it, which depends on the chunking, so only its kind is compared.
fn outcome(res: &clientela::Result<(Dataset, DataReport)>) -> Result<String, String> {
    match res {
        Ok((ds, r)) => {
            assert_reconciles(ds, r);
            Ok(serde_json::to_string(r).unwrap())
        }
        Err(Error::Gzip { .. }) => Err("gzip".into()),
        Err(e) => {
            assert!(!e.to_string().is_empty());
            Err(format!("{e:?}"))
        }
    }
}

fn read_in_chunks(bytes: &[u8], sizes: &[usize]) -> clientela::Result<(Dataset, DataReport)> {
    let mut ing = Ingestor::new(IngestOptions::default());
    let (mut at, mut k) = (0, 0);
    while at < bytes.len() {
        let n = sizes.get(k % sizes.len().max(1)).copied().unwrap_or(bytes.len()).clamp(1, bytes.len() - at);
        ing.push(&bytes[at..at + n])?;
        at += n;
        k += 1;
    }
    ing.finish()
}

/// One cell of a sales-like file: numbers in many spellings, dates in many orders, words, role names,
/// quoted text with delimiters, quotes and line breaks, unterminated quotes, empty cells.
fn cell() -> impl Strategy<Value = String> {
    let date = || (1u32..32, 1u32..13, 1925u32..2075);
    prop_oneof![
        Just(String::new()),
        "[a-zA-Z][a-zA-Z ]{0,8}",
        (-1000i64..100_000, 0u32..100).prop_map(|(a, b)| format!("{a}.{b:02}")),
        (-1000i64..100_000, 0u32..100).prop_map(|(a, b)| format!("{a},{b:02}")),
        (0u32..1000).prop_map(|a| a.to_string()),
        prop::sample::select(vec!["1.234,56", "1,234", "(12.00)", "$1,250.00", "£3.20", "€ 5", "5-", "1e3", "NaN", "--", "٣"])
            .prop_map(String::from),
        date().prop_map(|(d, m, y)| format!("{d:02}/{m:02}/{y}")),
        date().prop_map(|(d, m, y)| format!("{y}-{m:02}-{d:02} {:02}:{d:02}:00", m + 7)),
        date().prop_map(|(d, m, y)| format!("{y}{m:02}{d:02}")),
        date().prop_map(|(d, m, y)| format!("{d}.{m}.{:02} 3:15 PM", y % 100)),
        "\"[a-z,;|\t \n\r\"]{0,12}\"",
        "\"[a-z ]{0,6}",
        "C?[0-9]{4,6}",
        prop::sample::select(vec!["InvoiceNo", "customer", "Date", "qty", "UnitPrice", "Total", "item", "SKU", "Описание", "日期"])
            .prop_map(String::from),
    ]
}

/// How the text is wrapped into bytes.
#[derive(Debug, Clone, Copy)]
enum Wrap {
    Plain,
    Utf8Bom,
    Utf16Le,
    Windows1252,
    Gzip,
}

fn wrap(text: &str, wrap: Wrap) -> Vec<u8> {
    match wrap {
        Wrap::Plain => text.as_bytes().to_vec(),
        Wrap::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Wrap::Utf16Le => [vec![0xFF, 0xFE], text.encode_utf16().flat_map(u16::to_le_bytes).collect()].concat(),
        Wrap::Windows1252 => encoding_rs::WINDOWS_1252.encode(text).0.into_owned(),
        Wrap::Gzip => gzip(text.as_bytes()),
    }
}

fn any_wrap() -> impl Strategy<Value = Wrap> {
    prop::sample::select(vec![Wrap::Plain, Wrap::Utf8Bom, Wrap::Utf16Le, Wrap::Windows1252, Wrap::Gzip])
}

/// A sales table written from a seed: a delimiter, a line ending, a date and number style per file,
/// typed columns (order, customer, date, item, quantity, price, amount, country) in a random order, an
/// optional header — and a few per cent of damage: odd cells, extra or missing fields, empty lines,
/// stray line endings, quotes around delimiters and line breaks, unterminated quotes.
fn sales_table(seed: u64) -> String {
    let mut rng = synth::Rng::new(seed);
    let mut pick = |n: usize| rng.below(n as u64) as usize;
    let delim = [",", ";", "\t", "|", " "][pick(5)];
    let ending = ["\n", "\r\n", "\r"][pick(3)];
    let date_style = pick(6);
    let comma = pick(3) == 0;
    let mut kinds: Vec<usize> = (0..8).collect();
    for i in (1..kinds.len()).rev() {
        kinds.swap(i, pick(i + 1));
    }
    kinds.truncate(2 + pick(7));
    const NAMES: [[&str; 3]; 8] = [
        ["InvoiceNo", "pedido", "Заказ"],
        ["CustomerID", "cliente", "客戶"],
        ["InvoiceDate", "fecha", "Datum"],
        ["StockCode", "Description", "produto"],
        ["Quantity", "qty", "Количество"],
        ["UnitPrice", "precio", "Cena"],
        ["Total", "Sales", "importe"],
        ["Country", "region", "store"],
    ];
    let mut text = String::new();
    let line = |cells: Vec<String>, text: &mut String, end: &str| {
        text.push_str(&cells.join(delim));
        text.push_str(end);
    };
    if pick(10) < 7 {
        line(kinds.iter().map(|&k| NAMES[k][pick(3)].to_string()).collect(), &mut text, ending);
    }
    let rows = pick(60);
    for r in 0..rows {
        if pick(30) == 0 {
            text.push_str(ending);
            continue;
        }
        let mut cells: Vec<String> = kinds
            .iter()
            .map(|&k| {
                if pick(40) == 0 {
                    return ["", "n/a", "\"open", "1.2.3", "31/02/2024", "12:00", "--", "\"a\"\"b\""][pick(8)].to_string();
                }
                let (d, m, y, h) = (1 + pick(28), 1 + pick(12), 2000 + pick(30), pick(24));
                let money = |v: f64| if comma { format!("{v:.2}").replace('.', ",") } else { format!("{v:.2}") };
                match k {
                    0 => format!("{}{}", if pick(20) == 0 { "C" } else { "" }, 500 + r / 3),
                    1 => {
                        if pick(10) == 0 {
                            String::new()
                        } else {
                            (12_000 + pick(50)).to_string()
                        }
                    }
                    2 => match date_style {
                        0 => format!("{y}-{m:02}-{d:02} {h:02}:{:02}:00", pick(60)),
                        1 => format!("{d:02}/{m:02}/{y} {h}:{:02}", pick(60)),
                        2 => format!("{m}/{d}/{y}"),
                        3 => format!("{y}{m:02}{d:02}"),
                        4 => format!("{d}.{m}.{:02}", y % 100),
                        _ => format!("{:02}/{:02}/{y}", 1 + pick(12), 1 + pick(12)),
                    },
                    3 => match pick(4) {
                        0 => format!("\"Mug{delim} large\""),
                        1 => "\"Gift\nset\"".to_string(),
                        _ => format!("SKU{}", pick(30)),
                    },
                    4 => (pick(12) as i64 - 2).to_string(),
                    5 => money(pick(100_000) as f64 / 100.0),
                    6 => {
                        let v = money(pick(500_000) as f64 / 100.0 - 100.0);
                        if v.contains(delim) { format!("\"{v}\"") } else { v }
                    }
                    _ => ["United Kingdom", "France", "\"Korea, Republic of\"", "Côte d'Ivoire"][pick(4)].to_string(),
                }
            })
            .collect();
        match pick(40) {
            0 => cells.push("extra".into()),
            1 => {
                cells.pop();
            }
            _ => {}
        }
        let end = if pick(25) == 0 { ["\n", "\r\n", "\r"][pick(3)] } else { ending };
        if r + 1 < rows || pick(2) == 0 {
            line(cells, &mut text, end);
        } else {
            text.push_str(&cells.join(delim));
        }
    }
    text
}

fn csv_like() -> impl Strategy<Value = (Vec<u8>, String, Wrap)> {
    prop_oneof![
        cell_soup(),
        (any::<u64>(), any_wrap()).prop_map(|(seed, w)| {
            let text = sales_table(seed);
            (wrap(&text, w), text, w)
        })
    ]
}

/// Rows of random cells and widths.
fn cell_soup() -> impl Strategy<Value = (Vec<u8>, String, Wrap)> {
    let delimiter = prop::sample::select(vec![',', ';', '\t', '|', ' ']);
    let width = 1usize..8;
    (delimiter, width)
        .prop_flat_map(|(d, w)| {
            let row = prop::collection::vec(cell(), 1..=w + 1);
            let ending = prop::sample::select(vec!["\n", "\r\n", "\r", "\n", "\n", "\r\n"]);
            (Just(d), prop::collection::vec((row, ending), 0..40), any::<bool>(), any_wrap())
        })
        .prop_map(|(d, rows, final_ending, w)| {
            let mut text = String::new();
            let n = rows.len();
            for (i, (cells, ending)) in rows.into_iter().enumerate() {
                text.push_str(&cells.join(&d.to_string()));
                if i + 1 < n || final_ending {
                    text.push_str(ending);
                }
            }
            (wrap(&text, w), text, w)
        })
}

proptest! {
    // 400 cases each keep this file well under a second in release; PROPTEST_CASES=20000 searches harder.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(400),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_bytes_never_panic_and_reconcile(bytes in prop::collection::vec(any::<u8>(), 0..3000)) {
        let _ = outcome(&ingest::read_bytes(&bytes, IngestOptions::default()));
    }

    #[test]
    fn random_bytes_after_a_gzip_or_bom_header(prefix in prop::sample::select(vec![&b"\x1f\x8b"[..], b"\x1f\x8b\x08\x00", b"\xEF\xBB\xBF", b"\xFF\xFE", b"\xFE\xFF"]),
                                               rest in prop::collection::vec(any::<u8>(), 0..2000)) {
        let bytes = [prefix, &rest].concat();
        let _ = outcome(&ingest::read_bytes(&bytes, IngestOptions::default()));
    }

    #[test]
    fn csv_like_text_never_panics_and_reconciles((bytes, text, wrap) in csv_like()) {
        let res = ingest::read_bytes(&bytes, IngestOptions::default());
        let got = outcome(&res);
        // A wrapper around the same text changes only the description of the source.
        if matches!(wrap, Wrap::Gzip | Wrap::Utf8Bom | Wrap::Utf16Le) {
            let plain = ingest::read_bytes(text.as_bytes(), IngestOptions::default());
            let strip = |r: &clientela::Result<(Dataset, DataReport)>| r.as_ref().map(|(_, r)| {
                let mut v = serde_json::to_value(r).unwrap();
                v.as_object_mut().unwrap().remove("source");
                v
            }).map_err(|e| e.code());
            prop_assert_eq!(strip(&res), strip(&plain), "{:?} of {:?}", wrap, text);
        }
        drop(got);
    }

    #[test]
    fn chunking_does_not_change_the_report((bytes, _, _) in csv_like(), sizes in prop::collection::vec(1usize..300, 1..8)) {
        let whole = outcome(&ingest::read_bytes(&bytes, IngestOptions::default()));
        let chunked = outcome(&read_in_chunks(&bytes, &sizes));
        prop_assert_eq!(chunked, whole);
        let bytewise = outcome(&read_in_chunks(&bytes, &[1]));
        prop_assert_eq!(bytewise, outcome(&ingest::read_bytes(&bytes, IngestOptions::default())));
    }

    #[test]
    fn chunking_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..1500), sizes in prop::collection::vec(1usize..64, 1..6)) {
        prop_assert_eq!(outcome(&read_in_chunks(&bytes, &sizes)), outcome(&ingest::read_bytes(&bytes, IngestOptions::default())));
    }
}

// ---- Errors the file itself causes ----

fn read(bytes: &[u8]) -> clientela::Result<(Dataset, DataReport)> {
    ingest::read_bytes(bytes, IngestOptions::default())
}

#[test]
fn empty_input_is_empty() {
    // Error::Empty is documented as "no bytes (or only blank lines)": whitespace, line breaks, a lone BOM
    // and a gzip file of nothing are all empty, in one piece or one byte at a time.
    let empties: [&[u8]; 7] = [b"", b" ", b"\n", b"\r\n\r\n", b" \t \n\n  \n", b"\xEF\xBB\xBF", b"\xFF\xFE"];
    for bytes in empties {
        assert_eq!(read(bytes).unwrap_err(), Error::Empty, "{bytes:?}");
        assert_eq!(read_in_chunks(bytes, &[1]).unwrap_err(), Error::Empty, "{bytes:?} byte by byte");
    }
    assert_eq!(read(&gzip(b"")).unwrap_err(), Error::Empty);
    assert_eq!(read(&gzip(b"\n\n")).unwrap_err(), Error::Empty);
    assert_eq!(Ingestor::new(IngestOptions::default()).finish().unwrap_err(), Error::Empty);
}

#[test]
fn blank_lines_in_utf16_are_empty() {
    let utf16: Vec<u8> = [vec![0xFF, 0xFE], "\r\n \r\n".encode_utf16().flat_map(u16::to_le_bytes).collect()].concat();
    assert_eq!(read(&utf16).unwrap_err(), Error::Empty);
}

#[test]
fn header_without_rows_is_a_report_with_a_warning() {
    let (ds, r) = read(b"InvoiceNo,Customer,Date,Item,Quantity,Price\n").unwrap();
    assert_eq!((r.rows.total, ds.len), (0, 0));
    assert!(r.warnings.iter().any(|w| w.code == "header_only" && w.text.contains("header but no data rows")), "{:?}", r.warnings);
}

#[test]
fn binary_files_are_not_text() {
    let cases: [(&[u8], &str); 3] = [
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"SQLite format 3\0\x10\0\x01\x01", "SQLite"),
    ];
    for (bytes, what) in cases {
        let e = read(bytes).unwrap_err();
        assert!(matches!(&e, Error::NotText { what: w } if w.contains(what)), "{what}: {e:?}");
        assert_eq!(e.code(), "not_text");
        // Compressed, it is recognised after decompression.
        assert_eq!(read(&gzip(bytes)).unwrap_err(), e, "{what} in gzip");
    }
    // Workbooks are read (tests/sheets.rs), but not from inside a gzip file.
    let xlsx_head = b"PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0[Content_Types].xml";
    let e = read(&gzip(xlsx_head)).unwrap_err();
    assert!(matches!(&e, Error::NotText { what: w } if w.contains("xlsx") && w.contains("decompress")), "{e:?}");
    // Control bytes throughout: a binary file of no known kind.
    let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 32) as u8).collect();
    assert_eq!(read(&noise).unwrap_err().code(), "not_text");
}

#[test]
fn one_column_is_an_error_that_names_the_first_line() {
    let e = read(b"tea\ncoffee\ncake\n").unwrap_err();
    assert_eq!(e, Error::OneColumn { first_line: "tea".into() });
    assert!(e.to_string().contains("as baskets"), "the message suggests the fix: {e}");
    // The same file is readable as baskets of one item each.
    let (_, r) = ingest::read_bytes(b"tea\ncoffee\ncake\n", IngestOptions { layout: Some(Layout::Baskets), ..Default::default() }).unwrap();
    assert_eq!((r.rows.used, r.summary.items), (3, 3));
}

#[test]
fn too_large_for_the_memory_limit() {
    // 200,000 synthetic lines (about 13 MB of text) cannot fit a 1 MB table. The limit is checked every
    // 8192 rows, so the line reported is a multiple of 8192 plus one for the header.
    let bytes = synth::csv_bytes(&ShopParams { rows: 200_000, seed: 7, ..Default::default() });
    let opts = IngestOptions { max_memory_mb: Some(1), ..Default::default() };
    let e = ingest::read_bytes(&bytes, opts.clone()).unwrap_err();
    let Error::TooLarge { line, limit_mb } = e else { panic!("{e:?}") };
    assert_eq!(limit_mb, Some(1));
    assert!(line > 1 && line < 200_000 && (line - 1) % 8192 == 0, "line {line}");
    assert_eq!(ingest::read_bytes(&gzip(&bytes), opts).unwrap_err(), Error::TooLarge { line, limit_mb });
    // With room enough, the same file reads.
    let (_, r) = ingest::read_bytes(&bytes, IngestOptions { max_memory_mb: Some(512), ..Default::default() }).unwrap();
    assert_eq!(r.rows.total, 200_000);
}

#[test]
fn damaged_gzip_is_a_gzip_error() {
    let text = synth::csv_bytes(&ShopParams { rows: 2_000, seed: 3, ..Default::default() });
    let gz = gzip(&text);
    // Cut short.
    for cut in [2, 10, gz.len() / 2, gz.len() - 4] {
        let e = read(&gz[..cut]).unwrap_err();
        assert_eq!(e.code(), "gzip", "cut at {cut}: {e:?}");
        assert!(e.to_string().contains("cut short"), "{e}");
    }
    // Corrupted in the middle of the deflate stream or in the CRC trailer.
    for at in [gz.len() / 3, gz.len() - 6] {
        let mut bad = gz.clone();
        bad[at] ^= 0x55;
        let e = read(&bad).unwrap_err();
        assert_eq!(e.code(), "gzip", "byte {at} flipped: {e:?}");
    }
    // A gzip magic number followed by garbage.
    let e = read(b"\x1f\x8b\x08\x00garbage that is not deflate at all").unwrap_err();
    assert_eq!(e.code(), "gzip");
}

#[test]
fn concatenated_gzip_members_are_one_file() {
    // `cat a.gz b.gz` is a valid gzip file of both texts.
    let text = b"order,customer,date,item,qty,price\n1,ann,2024-01-02,tea,2,3.50\n2,bob,2024-01-03,cake,1,4.00\n";
    let (head, tail) = text.split_at(60);
    let both = [gzip(head), gzip(tail)].concat();
    let (_, r) = read(&both).unwrap();
    let (_, plain) = read(text).unwrap();
    assert_eq!((r.rows.used, r.summary.revenue), (plain.rows.used, plain.summary.revenue));
    assert_eq!(r.rows.used, 2);
}

/// Rows of about 1 KB, so that the 1 MiB detection sample holds about a thousand of them. Up to row 1100
/// every date reads both ways (01/02/2024) except three that only read month first (02/13/2024); after
/// row 1100, twenty only read day first (13/02/2024 and later).
fn dates_beyond_the_sample() -> String {
    let mut text = String::from("invoice,customer,date,item,qty,price,note\n");
    let pad = "x".repeat(1000);
    for i in 0..1200u32 {
        let date = match i {
            100 | 200 | 300 => "02/13/2024".to_string(),
            0..1100 => "01/02/2024".to_string(),
            _ if i % 5 == 0 => format!("{}/02/2024", 13 + i % 15),
            _ => "01/02/2024".to_string(),
        };
        text.push_str(&format!("{},c{},{date},i{},1,2.00,{pad}\n", 1000 + i, i % 97, i % 13));
    }
    text
}

#[test]
fn detection_sample_does_not_depend_on_the_chunking() {
    // The text read plain (the sample is its first 1 MiB) and gzip-compressed (its first 256 KiB push
    // decompresses to the whole text) must give the same report: the sample is the first 1 MiB of text
    // either way, sees only the 3 month-first dates, and the file's 20 day-first rows are rejected.
    let text = dates_beyond_the_sample();
    let strip = |r: &DataReport| {
        let mut v = serde_json::to_value(r).unwrap();
        v.as_object_mut().unwrap().remove("source");
        v
    };
    let plain = ingest::read_bytes(text.as_bytes(), IngestOptions::default()).unwrap().1;
    let gz = ingest::read_bytes(&gzip(text.as_bytes()), IngestOptions::default()).unwrap().1;
    let gz7 = read_in_chunks(&gzip(text.as_bytes()), &[7]).unwrap().1;
    let key = |r: &DataReport| (r.dialect.date_format.clone(), r.rows.rejected_by_reason.clone(), r.summary.first_date.clone());
    assert_eq!(key(&gz7), key(&plain));
    assert_eq!(key(&gz), key(&plain), "gzip in one piece");
    assert_eq!(strip(&gz), strip(&plain));
}

#[test]
fn a_file_of_known_size_is_read_into_columns_sized_once() {
    // Told the file's size, the reader sizes the table's row columns once from the rows of its first MiB
    // (src/ingest/build: `reserve_for`) instead of growing them by half as rows come: the table then
    // reads within a memory limit a little above its final size, where growing columns overshoot it.
    // The reference for the table is the same read without the size: the same rows and report.
    let bytes = synth::csv_bytes(&ShopParams { rows: 420_000, seed: 11, ..Default::default() });
    let sized = IngestOptions { expected_bytes: Some(bytes.len() as u64), ..Default::default() };
    let (plain_ds, plain) = ingest::read_bytes(&bytes, IngestOptions::default()).unwrap();
    let (ds, report) = ingest::read_bytes(&bytes, sized.clone()).unwrap();
    assert_eq!(serde_json::to_string(&report).unwrap(), serde_json::to_string(&plain).unwrap());
    assert_eq!(format!("{ds:?}"), format!("{plain_ds:?}"));
    let mb = 1024 * 1024;
    let limit = (report.table.bytes * 108 / 100).div_ceil(mb);
    let (_, within) = ingest::read_bytes(&bytes, IngestOptions { max_memory_mb: Some(limit), ..sized.clone() }).unwrap();
    assert_eq!(within.rows.total, 420_000);
    let grown = ingest::read_bytes(&bytes, IngestOptions { max_memory_mb: Some(limit), ..Default::default() });
    assert!(matches!(grown, Err(Error::TooLarge { .. })), "without the size, {} MB is too little: {grown:?}", limit);
    // A size far off (a tenth of the file) only means growing again past the estimate.
    let short = IngestOptions { expected_bytes: Some(bytes.len() as u64 / 10), ..Default::default() };
    let (_, r) = ingest::read_bytes(&bytes, short).unwrap();
    assert_eq!(serde_json::to_string(&r).unwrap(), serde_json::to_string(&plain).unwrap());
}

#[test]
fn a_file_shorter_than_a_byte_order_mark_reads_like_a_longer_one() {
    // Found by csv_like_text_never_panics_and_reconciles (tests/robustness.proptest-regressions): "a" was
    // read as an empty file and "\u{feff}a" as one column, because the decoder holds the first bytes back
    // until a BOM can be seen and the sample of a whole file was decoded without its end.
    let code = |b: &[u8]| ingest::read_bytes(b, IngestOptions::default()).map(|_| ()).map_err(|e| e.code());
    for text in ["a", "ab", "abc", "abcd"] {
        assert_eq!(code(text.as_bytes()), Err("one_column"), "{text:?}");
        assert_eq!(code(&[b"\xEF\xBB\xBF", text.as_bytes()].concat()), Err("one_column"), "BOM + {text:?}");
    }
    for blank in ["", " ", "\n", "\r\n"] {
        assert_eq!(code(blank.as_bytes()), Err("empty"), "{blank:?}");
    }
}
