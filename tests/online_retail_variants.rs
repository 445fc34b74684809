//! The UCI Online Retail file (../shared/data/online_retail.csv.gz, see its README there) and variants of it
//! derived in memory — semicolon with decimal comma and day-first dates, Windows-1252, CRLF, gzip, any
//! chunking — must give the same report numbers. The expected numbers are the file's known values (rows,
//! purchases, returns and customers as the UCI description and the R package `onlineretail` 0.1.2 give
//! them; revenue and returns value summed to the cent over quantity × unit price); the baskets variant is
//! checked against counts computed here with the `csv` crate.
//!
//! The file is not part of the repository: without it these tests print why and pass (and fail in CI).

use crate::common;

use std::sync::OnceLock;

use clientela::ingest::{self, IngestOptions, Ingestor};
use clientela::{DataReport, Layout};

/// The plain text and the gzip bytes, read once for all tests.
struct Source {
    gz: Vec<u8>,
    plain: Vec<u8>,
}

fn source() -> Option<&'static Source> {
    static SOURCE: OnceLock<Option<Source>> = OnceLock::new();
    SOURCE
        .get_or_init(|| {
            let gz = common::online_retail_gz()?;
            let mut plain = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(&gz[..]), &mut plain).expect("the gzip file decompresses");
            Some(Source { gz, plain })
        })
        .as_ref()
}

/// The numbers every variant must reproduce.
#[derive(Debug, PartialEq)]
struct Numbers {
    total: u64,
    used: u64,
    rejected: u64,
    purchases: u64,
    revenue_cents: i64,
    returns: u64,
    returns_cents: i64,
    nonpositive_price: u64,
    no_customer: u64,
    customers: u64,
    orders: u64,
    items: u64,
    first: Option<String>,
    last: Option<String>,
}

fn known() -> Numbers {
    Numbers {
        total: 541_909,
        used: 541_909,
        rejected: 0,
        purchases: 530_104,
        revenue_cents: 1_066_668_454,
        returns: 10_624,
        returns_cents: 89_681_249,
        nonpositive_price: 1_181,
        no_customer: 135_080,
        customers: 4_372,
        orders: 25_900,
        items: 4_070,
        first: Some("2010-12-01 08:26:00".into()),
        last: Some("2011-12-09 12:50:00".into()),
    }
}

fn numbers(r: &DataReport) -> Numbers {
    let cents = |v: f64| (v * 100.0).round() as i64;
    assert_eq!(r.rows.total, r.rows.used + r.rows.rejected);
    assert_eq!(cents(r.summary.revenue), cents(r.lines.revenue));
    Numbers {
        total: r.rows.total,
        used: r.rows.used,
        rejected: r.rows.rejected,
        purchases: r.lines.purchases,
        revenue_cents: cents(r.lines.revenue),
        returns: r.lines.returns,
        returns_cents: cents(r.lines.returns_value),
        nonpositive_price: r.lines.nonpositive_price,
        no_customer: r.lines.no_customer,
        customers: r.summary.customers,
        orders: r.summary.orders,
        items: r.summary.items,
        first: r.summary.first_date.clone(),
        last: r.summary.last_date.clone(),
    }
}

fn report(bytes: &[u8]) -> DataReport {
    ingest::read_bytes(bytes, IngestOptions::default()).expect("the file reads").1
}

/// The report without the part that describes the bytes (size, compression, encoding).
fn without_source(r: &DataReport) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap();
    v.as_object_mut().unwrap().remove("source");
    v
}

/// The plain report, computed once: the reference the variants are compared with bit for bit.
fn plain_report() -> Option<&'static DataReport> {
    static PLAIN: OnceLock<Option<DataReport>> = OnceLock::new();
    PLAIN.get_or_init(|| source().map(|s| report(&s.plain))).as_ref()
}

/// Parses the original with the `csv` crate (the reference reader), header included.
fn records(plain: &[u8]) -> Vec<csv::StringRecord> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(plain);
    rdr.records().map(|r| r.expect("the original parses")).collect()
}

#[test]
fn plain_and_gzip() {
    let (Some(s), Some(plain)) = (source(), plain_report()) else { return };
    assert_eq!(numbers(plain), known());
    assert_eq!(plain.dialect.delimiter, ",");
    assert_eq!(plain.dialect.date_format.as_deref(), Some("ymd"));
    assert!(plain.dialect.cancel_prefix);
    assert_eq!(plain.layout, Some(Layout::LineItems));
    let gz = report(&s.gz);
    assert!(gz.source.gzip && !plain.source.gzip);
    assert_eq!(gz.source.text_bytes, s.plain.len() as u64);
    assert_eq!(without_source(&gz), without_source(plain));
}

#[test]
fn semicolon_decimal_comma_day_first() {
    let (Some(s), Some(plain)) = (source(), plain_report()) else { return };
    // Each field re-written: `;` between fields, quotes only where a field holds `;` `"` or a line break,
    // prices with a decimal comma, dates as dd/mm/yyyy HH:MM (every time in the file has :00 seconds).
    let mut out = Vec::with_capacity(s.plain.len());
    for (n, rec) in records(&s.plain).iter().enumerate() {
        for (i, f) in rec.iter().enumerate() {
            if i > 0 {
                out.push(b';');
            }
            let field = match i {
                4 if n > 0 => {
                    let (date, time) = f.split_once(' ').expect("date and time");
                    let (hm, secs) = time.rsplit_once(':').expect("seconds");
                    assert_eq!(secs, "00", "line {}: {f}", n + 1);
                    let mut p = date.split('-');
                    let (y, m, d) = (p.next().unwrap(), p.next().unwrap(), p.next().unwrap());
                    format!("{d}/{m}/{y} {hm}")
                }
                5 if n > 0 => f.replace('.', ","),
                _ => f.to_string(),
            };
            if field.contains([';', '"', '\n', '\r']) {
                out.push(b'"');
                out.extend_from_slice(field.replace('"', "\"\"").as_bytes());
                out.push(b'"');
            } else {
                out.extend_from_slice(field.as_bytes());
            }
        }
        out.push(b'\n');
    }
    let r = report(&out);
    assert_eq!((r.dialect.delimiter.as_str(), r.dialect.decimal.as_str()), (";", ","));
    // The 1 MiB sample holds only 1–2 December 2010 (01/12/2010: either order); the file decides.
    assert_eq!(r.dialect.date_format.as_deref(), Some("dmy"));
    assert!(
        r.notes.iter().any(|n| n.code == "dates_decided" && n.text.starts_with("day/month order decided by the file")),
        "{:?}",
        r.notes
    );
    assert_eq!(numbers(&r), known());
    assert_eq!(r.lines.revenue.to_bits(), plain.lines.revenue.to_bits(), "the same sum of the same values");
}

#[test]
fn windows_1252() {
    let (Some(s), Some(plain)) = (source(), plain_report()) else { return };
    let text = std::str::from_utf8(&s.plain).expect("the original is UTF-8");
    let (latin1, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    // The only non-ASCII character is the £ of 32 gift-voucher descriptions, the first of them beyond the
    // 1 MiB sample: the sample reads as UTF-8 and the later £ bytes are repaired as Windows-1252.
    let pounds = text.matches('£').count() as u64;
    assert_eq!(pounds, 32);
    let r = report(&latin1);
    assert_eq!(numbers(&r), known());
    assert_eq!((r.source.encoding.as_str(), r.source.repaired_bytes), ("utf-8", pounds));
    assert!(r.warnings.iter().any(|w| w.code == "repaired_bytes" && w.text.contains("32 bytes were not valid UTF-8")), "{:?}", r.warnings);
    assert_eq!(r.lines.revenue.to_bits(), plain.lines.revenue.to_bits());
    // Chosen explicitly, the encoding gives the same table and no repairs.
    let (ds, r) =
        ingest::read_bytes(&latin1, IngestOptions { encoding: Some(ingest::decode::Encoding::Windows1252), ..Default::default() }).unwrap();
    assert_eq!(numbers(&r), known());
    assert_eq!(r.source.repaired_bytes, 0);
    assert!(ds.names.find("Dotcomgiftshop Gift Voucher £40.00").is_some());
}

#[test]
fn crlf() {
    let (Some(s), Some(plain)) = (source(), plain_report()) else { return };
    let mut out = Vec::with_capacity(s.plain.len() + 600_000);
    for line in s.plain.split_inclusive(|&b| b == b'\n') {
        match line.strip_suffix(b"\n") {
            Some(l) => {
                out.extend_from_slice(l);
                out.extend_from_slice(b"\r\n");
            }
            None => out.extend_from_slice(line),
        }
    }
    let r = report(&out);
    assert_eq!(r.dialect.line_ending, "CRLF");
    assert_eq!(numbers(&r), known());
    assert_eq!(r.lines.revenue.to_bits(), plain.lines.revenue.to_bits());
}

#[test]
fn baskets() {
    let Some(s) = source() else { return };
    // One line per invoice that has purchases (quantity > 0, price > 0, invoice not C…), listing the stock
    // codes of those lines, in order of first appearance: the transactions a basket analysis would see.
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut baskets: Vec<Vec<String>> = Vec::new();
    for rec in records(&s.plain).iter().skip(1) {
        let (invoice, code) = (&rec[0], rec[1].trim());
        let (qty, price): (f64, f64) = (rec[3].parse().unwrap(), rec[5].parse().unwrap());
        if qty > 0.0 && price > 0.0 && !invoice.starts_with('C') {
            let k = *index.entry(invoice.to_string()).or_insert_with(|| {
                baskets.push(Vec::new());
                baskets.len() - 1
            });
            baskets[k].push(code.to_string());
        }
    }
    let lines: u64 = baskets.iter().map(|b| b.len() as u64).sum();
    let distinct = baskets.iter().flatten().collect::<std::collections::HashSet<_>>().len() as u64;
    assert_eq!(lines, known().purchases, "the reference count of purchase lines");
    let mut out = Vec::new();
    for b in &baskets {
        out.extend_from_slice(b.join(",").as_bytes());
        out.push(b'\n');
    }
    let (ds, r) = ingest::read_bytes(&out, IngestOptions::default()).unwrap();
    assert_eq!(r.layout, Some(Layout::Baskets));
    assert_eq!((r.dialect.delimiter.as_str(), r.dialect.header), (",", false));
    assert_eq!((r.rows.total, r.rows.used, r.rows.rejected), (baskets.len() as u64, baskets.len() as u64, 0));
    assert_eq!((r.summary.orders, r.table.rows, r.lines.purchases), (baskets.len() as u64, lines, lines));
    assert_eq!(r.summary.items, distinct);
    assert_eq!(ds.len as u64, lines);
}

#[test]
fn chunk_sizes() {
    let (Some(s), Some(plain)) = (source(), plain_report()) else { return };
    let want = serde_json::to_string(plain).unwrap();
    let feed = |bytes: &[u8], sizes: &mut dyn FnMut(usize) -> usize| -> DataReport {
        let mut ing = Ingestor::new(IngestOptions::default());
        let mut at = 0;
        while at < bytes.len() {
            let n = sizes(at).min(bytes.len() - at);
            ing.push(&bytes[at..at + n]).unwrap();
            at += n;
        }
        ing.finish().unwrap().1
    };
    // One byte at a time through the sample and past its end, then 4 KiB.
    let r = feed(&s.plain, &mut |at| if at < ingest::SAMPLE_BYTES + 100_000 { 1 } else { 4096 });
    assert_eq!(serde_json::to_string(&r).unwrap(), want, "1-byte prefix");
    for size in [7, 4096, 1 << 20] {
        let r = feed(&s.plain, &mut |_| size);
        assert_eq!(serde_json::to_string(&r).unwrap(), want, "chunks of {size}");
    }
    // The compressed file in chunks of 7 bytes.
    let gz_want = without_source(&report(&s.gz));
    let r = feed(&s.gz, &mut |_| 7);
    assert_eq!(without_source(&r), gz_want, "gzip in chunks of 7");
    assert_eq!(numbers(&r), known());
}
