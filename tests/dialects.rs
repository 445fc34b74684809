//! One hand-written fixture per dialect variation (tests/data/), each read through every code path
//! (`read_bytes`, `read`, and the streaming `Ingestor` in several chunk sizes), with the detection and the
//! full data report checked against values worked out by hand. Each test says where its numbers come from.

use clientela::ingest::date::DateFormat;
use clientela::ingest::decode::Encoding;
use clientela::ingest::roles::Role;
use clientela::ingest::{self, ColumnChoice, IngestOptions, Ingestor};
use clientela::{DataReport, Dataset, Error, Layout};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json(r: &DataReport) -> String {
    serde_json::to_string(r).expect("the report serialises")
}

/// Reads bytes through every path and checks that all of them give the same report.
fn read_all_ways(bytes: &[u8], opts: &IngestOptions) -> clientela::Result<(Dataset, DataReport)> {
    let first = ingest::read_bytes(bytes, opts.clone());
    let want = first.as_ref().map(|(_, r)| json(r)).map_err(Clone::clone);
    let by_reader = ingest::read(bytes, opts.clone()).map(|(_, r)| json(&r));
    assert_eq!(by_reader, want, "read() differs from read_bytes()");
    for chunk in [1, 2, 3, 7, 64, 1000] {
        let mut ing = Ingestor::new(opts.clone());
        let got = bytes.chunks(chunk).try_for_each(|c| ing.push(c)).and_then(|()| ing.finish()).map(|(_, r)| json(&r));
        assert_eq!(got, want, "chunks of {chunk} bytes differ from read_bytes()");
    }
    first
}

fn read(name: &str) -> (Dataset, DataReport) {
    read_with(name, IngestOptions::default())
}

fn read_with(name: &str, opts: IngestOptions) -> (Dataset, DataReport) {
    read_all_ways(&fixture(name), &opts).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn cents(v: f64) -> i64 {
    (v * 100.0).round() as i64
}

/// Everything a fixture's report is checked for. `rejected` lists `(reason, count, example lines)`.
#[derive(Debug, Clone)]
struct Expect {
    delimiter: &'static str,
    line_ending: &'static str,
    header: bool,
    decimal: &'static str,
    date_format: Option<&'static str>,
    cancel_prefix: bool,
    layout: Layout,
    encoding: &'static str,
    bom: bool,
    gzip: bool,
    columns: &'static [(&'static str, Role)],
    total: u64,
    rejected: &'static [(&'static str, u64, &'static [u64])],
    purchases: u64,
    returns: u64,
    nonpositive_price: u64,
    zero_quantity: u64,
    no_customer: u64,
    revenue_cents: i64,
    returns_cents: i64,
    customers: u64,
    orders: u64,
    items: u64,
    first: Option<&'static str>,
    last: Option<&'static str>,
    questions: &'static [&'static str],
}

/// The Online Retail header, used by several fixtures.
const RETAIL: &[(&str, Role)] = &[
    ("InvoiceNo", Role::Order),
    ("StockCode", Role::ItemCode),
    ("Description", Role::ItemName),
    ("Quantity", Role::Quantity),
    ("InvoiceDate", Role::Date),
    ("UnitPrice", Role::UnitPrice),
    ("CustomerID", Role::Customer),
    ("Country", Role::Attribute),
];

/// A comma-separated UTF-8 file with a header, ISO dates and nothing rejected; fixtures change what differs.
const BASE: Expect = Expect {
    delimiter: ",",
    line_ending: "LF",
    header: true,
    decimal: ".",
    date_format: Some("ymd"),
    cancel_prefix: false,
    layout: Layout::LineItems,
    encoding: "utf-8",
    bom: false,
    gzip: false,
    columns: RETAIL,
    total: 0,
    rejected: &[],
    purchases: 0,
    returns: 0,
    nonpositive_price: 0,
    zero_quantity: 0,
    no_customer: 0,
    revenue_cents: 0,
    returns_cents: 0,
    customers: 0,
    orders: 0,
    items: 0,
    first: None,
    last: None,
    questions: &[],
};

fn check(name: &str, r: &DataReport, e: &Expect) {
    let d = &r.dialect;
    assert_eq!(d.delimiter, e.delimiter, "{name}: delimiter");
    assert_eq!(d.line_ending, e.line_ending, "{name}: line ending");
    assert_eq!(d.header, e.header, "{name}: header");
    assert_eq!(d.decimal, e.decimal, "{name}: decimal");
    assert_eq!(d.date_format.as_deref(), e.date_format, "{name}: date format");
    assert_eq!(d.cancel_prefix, e.cancel_prefix, "{name}: cancel prefix");
    assert_eq!(r.layout, Some(e.layout), "{name}: layout");
    assert_eq!(r.source.encoding, e.encoding, "{name}: encoding");
    assert_eq!(r.source.bom, e.bom, "{name}: bom");
    assert_eq!(r.source.gzip, e.gzip, "{name}: gzip");
    let cols: Vec<(&str, Role)> = r.columns.iter().map(|c| (c.name.as_str(), c.role)).collect();
    assert_eq!(cols, e.columns, "{name}: columns");
    assert_eq!(r.columns.iter().map(|c| c.index).collect::<Vec<_>>(), (0..e.columns.len()).collect::<Vec<_>>());

    let rows = &r.rows;
    let rejected: u64 = e.rejected.iter().map(|x| x.1).sum();
    assert_eq!((rows.total, rows.used, rows.rejected), (e.total, e.total - rejected, rejected), "{name}: rows");
    assert_eq!(rows.total, rows.used + rows.rejected, "{name}: total = used + rejected");
    assert_eq!(rows.rejected_by_reason.values().sum::<u64>(), rows.rejected, "{name}: by reason adds up");
    let by_reason: Vec<(&str, u64)> = rows.rejected_by_reason.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let mut want: Vec<(&str, u64)> = e.rejected.iter().map(|x| (x.0, x.1)).collect();
    want.sort();
    assert_eq!(by_reason, want, "{name}: rejected by reason");
    for (reason, count, lines) in e.rejected {
        let rej = r.rejections.iter().find(|x| x.reason.key() == *reason).unwrap_or_else(|| panic!("{name}: no {reason}"));
        assert_eq!(rej.count, *count, "{name}: {reason}");
        assert_eq!(rej.examples.iter().map(|x| x.line).collect::<Vec<_>>(), *lines, "{name}: {reason} example lines");
    }

    let l = &r.lines;
    assert_eq!(
        (l.purchases, l.returns, l.nonpositive_price, l.zero_quantity, l.no_customer),
        (e.purchases, e.returns, e.nonpositive_price, e.zero_quantity, e.no_customer),
        "{name}: purchases, returns, nonpositive price, zero quantity, no customer"
    );
    assert_eq!((cents(l.revenue), cents(l.returns_value)), (e.revenue_cents, e.returns_cents), "{name}: revenue, returns value");
    let s = &r.summary;
    assert_eq!((s.customers, s.orders, s.items), (e.customers, e.orders, e.items), "{name}: customers, orders, items");
    assert_eq!((s.first_date.as_deref(), s.last_date.as_deref()), (e.first, e.last), "{name}: first and last date");
    assert_eq!((cents(s.revenue), cents(s.returns_value)), (e.revenue_cents, e.returns_cents), "{name}: summary revenue");
    assert_eq!(r.questions.iter().map(|q| q.key.as_str()).collect::<Vec<_>>(), e.questions, "{name}: questions");
}

#[test]
fn comma_iso_dates() {
    // Ten purchases: 2×3.50 + 12.00 + 4×3.50 + 10×0.75 + 3.50 + 2×12.00 + 25.00 + 4×0.75 + 6×3.50 + 25.00
    // = 7 + 12 + 14 + 7.5 + 3.5 + 24 + 25 + 3 + 21 + 25 = 142.00. Customers C01..C05, invoices 1001..1007,
    // items A1 B2 C3 D4. Invoice numbers are all digits, so a C prefix would mark a cancellation.
    let (ds, r) = read("comma_iso.csv");
    check(
        "comma_iso.csv",
        &r,
        &Expect {
            cancel_prefix: true,
            total: 10,
            purchases: 10,
            revenue_cents: 14_200,
            customers: 5,
            orders: 7,
            items: 4,
            first: Some("2024-01-05 09:15:00"),
            last: Some("2024-03-31 17:59:00"),
            ..BASE
        },
    );
    assert_eq!(ds.len, 10);
    assert_eq!(ds.attributes.len(), 1);
    assert_eq!(ds.attributes[0].name, "Country");
    assert_eq!(ds.attributes[0].dict.len(), 3, "United Kingdom, France, Germany");
}

#[test]
fn semicolon_decimal_comma_german_dates() {
    // 1.299,00 (thousands '.') + 3×2,49 + 6×4,50 + 10×2,49 + 2×89,90 + 4,50 + 4×17,95 + 1.299,00
    // = 1299 + 7.47 + 27 + 24.90 + 179.80 + 4.50 + 71.80 + 1299 = 2913.47. Customers K7–K11, invoices
    // 50001–50007, items K-100 F-200 T-300 M-400 B-500. Four dates have a day above 12 (15.04, 28.04,
    // 13.05, 31.05): day first.
    let (ds, r) = read("semicolon_german.csv");
    const COLS: &[(&str, Role)] = &[
        ("Invoice", Role::Order),
        ("SKU", Role::ItemCode),
        ("Product", Role::ItemName),
        ("Quantity", Role::Quantity),
        ("Date", Role::Date),
        ("Price", Role::UnitPrice),
        ("Customer", Role::Customer),
        ("Country", Role::Attribute),
    ];
    check(
        "semicolon_german.csv",
        &r,
        &Expect {
            delimiter: ";",
            decimal: ",",
            date_format: Some("dmy"),
            cancel_prefix: true,
            columns: COLS,
            total: 8,
            purchases: 8,
            revenue_cents: 291_347,
            customers: 5,
            orders: 7,
            items: 5,
            first: Some("2023-04-03 10:15:00"),
            last: Some("2023-06-01 11:11:00"),
            ..BASE
        },
    );
    assert_eq!(ds.price.as_ref().unwrap().get(0), 1299.0);
    assert!(ds.names.find("Milchaufschäumer").is_some());
}

#[test]
fn tab_separated_spanish_header() {
    // 2×6.20 + 1.10 + 6.20 + 3×2.40 + 2×1.85 + 4×6.20 = 12.40 + 1.10 + 6.20 + 7.20 + 3.70 + 24.80 = 55.40.
    // Customers ana luis marta jorge; orders P-01..P-05 (not digits: no cancellation marker); four
    // products, named by the `producto` column (no code column).
    let (_, r) = read("tab_spanish.tsv");
    check(
        "tab_spanish.tsv",
        &r,
        &Expect {
            delimiter: "tab",
            columns: &[
                ("pedido", Role::Order),
                ("cliente", Role::Customer),
                ("fecha", Role::Date),
                ("producto", Role::ItemName),
                ("cantidad", Role::Quantity),
                ("precio", Role::UnitPrice),
            ],
            total: 6,
            purchases: 6,
            revenue_cents: 5_540,
            customers: 4,
            orders: 5,
            items: 4,
            first: Some("2024-05-01 00:00:00"),
            last: Some("2024-05-20 00:00:00"),
            ..BASE
        },
    );
}

#[test]
fn pipe_separated_portuguese_day_first() {
    // 3×12.90 + 10×1.50 + 89.00 + 2×12.90 + 12×0.80 + 5×1.50 = 38.70 + 15 + 89 + 25.80 + 9.60 + 7.50 = 185.60.
    // 14/02, 29/02 (2024 is a leap year) and 20/03 have a day above 12: day first.
    let (_, r) = read("pipe_portuguese.txt");
    check(
        "pipe_portuguese.txt",
        &r,
        &Expect {
            delimiter: "|",
            date_format: Some("dmy"),
            cancel_prefix: true,
            columns: &[
                ("pedido", Role::Order),
                ("cliente", Role::Customer),
                ("data", Role::Date),
                ("produto", Role::ItemName),
                ("quantidade", Role::Quantity),
                ("preco", Role::UnitPrice),
            ],
            total: 6,
            purchases: 6,
            revenue_cents: 18_560,
            customers: 4,
            orders: 5,
            items: 4,
            first: Some("2024-02-05 00:00:00"),
            last: Some("2024-03-20 00:00:00"),
            ..BASE
        },
    );
}

#[test]
fn utf8_with_bom() {
    // 2×9.50 + 24.00 + 9.50 + 31.00 + 2×24.00 = 131.50; the BOM must not become part of `OrderID`.
    let (ds, r) = read("utf8_bom.csv");
    check(
        "utf8_bom.csv",
        &r,
        &Expect {
            bom: true,
            columns: &[
                ("OrderID", Role::Order),
                ("CustomerID", Role::Customer),
                ("OrderDate", Role::Date),
                ("Product", Role::ItemName),
                ("Quantity", Role::Quantity),
                ("UnitPrice", Role::UnitPrice),
            ],
            total: 5,
            purchases: 5,
            revenue_cents: 13_150,
            customers: 3,
            orders: 4,
            items: 3,
            first: Some("2024-07-01 10:00:00"),
            last: Some("2024-07-09 19:10:00"),
            ..BASE
        },
    );
    assert!(ds.items.find("Crêpe pan").is_some());
}

#[test]
fn utf16le_with_bom_russian_header() {
    // 2×150.00 + 80.50 + 420.00 + 3×150.00 + 2×95.25 = 300 + 80.50 + 420 + 450 + 190.50 = 1441.00;
    // dd.mm.yyyy with days 15, 21 and 30: day first.
    let (ds, r) = read("utf16le_bom.csv");
    check(
        "utf16le_bom.csv",
        &r,
        &Expect {
            encoding: "utf-16le",
            bom: true,
            date_format: Some("dmy"),
            cancel_prefix: true,
            columns: &[
                ("Заказ", Role::Order),
                ("Клиент", Role::Customer),
                ("Дата", Role::Date),
                ("Товар", Role::ItemName),
                ("Количество", Role::Quantity),
                ("Цена", Role::UnitPrice),
            ],
            total: 5,
            purchases: 5,
            revenue_cents: 144_100,
            customers: 3,
            orders: 4,
            items: 4,
            first: Some("2024-09-02 00:00:00"),
            last: Some("2024-09-30 00:00:00"),
            ..BASE
        },
    );
    assert!(ds.customers.find("Сидорова").is_some());
}

#[test]
fn windows_1252_bytes() {
    // The file is not valid UTF-8 (é è ü û £ are single bytes), so it is read as Windows-1252.
    // 2×£4.50 + £6.00 + £18.75 + 4×£6.00 + 3×£4.50 = 9 + 6 + 18.75 + 24 + 13.50 = 71.25.
    let (ds, r) = read("windows1252.csv");
    check(
        "windows1252.csv",
        &r,
        &Expect {
            encoding: "windows-1252",
            cancel_prefix: true,
            total: 5,
            purchases: 5,
            revenue_cents: 7_125,
            customers: 3,
            orders: 4,
            items: 3,
            first: Some("2024-02-01 09:00:00"),
            last: Some("2024-02-11 10:15:00"),
            ..BASE
        },
    );
    let labels: Vec<&str> = (0..ds.items.len() as u32).map(|i| ds.item_label(i)).collect();
    assert_eq!(labels, ["Café crème mug", "Müsli bowl", "Crème brûlée set"]);
    assert_eq!(r.source.repaired_bytes, 0);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn crlf_line_endings() {
    // 10.00 + 2×2.50 + 10.00 + 5×1.20 + 4×2.50 + 3.00 = 44.00; line 4 has no customer (10.00 of it). The
    // last field of every line is a price: a stray CR would make it unreadable.
    let (ds, r) = read("crlf.csv");
    check(
        "crlf.csv",
        &r,
        &Expect {
            line_ending: "CRLF",
            cancel_prefix: true,
            columns: &[
                ("Invoice", Role::Order),
                ("Date", Role::Date),
                ("Customer", Role::Customer),
                ("SKU", Role::ItemCode),
                ("Qty", Role::Quantity),
                ("Price", Role::UnitPrice),
            ],
            total: 6,
            purchases: 6,
            no_customer: 1,
            revenue_cents: 4_400,
            customers: 3,
            orders: 5,
            items: 4,
            first: Some("2024-08-01 00:00:00"),
            last: Some("2024-08-06 00:00:00"),
            ..BASE
        },
    );
    assert_eq!(cents(r.lines.no_customer_revenue), 1_000);
    assert!(ds.items.iter().all(|(_, s)| !s.contains('\r')));
}

#[test]
fn quoted_fields_with_delimiters_quotes_and_newlines() {
    // Records 4–5 and 12–13 are one record each (a newline inside quotes), so the extra field on line 7
    // is reported at line 7. Used: 10 + 15 + 30 + 15 + 30 + 8 + 5 + 13 + 30 + 6.50 + 6 + 15 = 183.50.
    // Customers 20001–20005; invoices 4001–4012 less the rejected 4004: 11; items Q1–Q6 (Q4 is also on
    // line 15, which is used).
    let (ds, r) = read("quoted.csv");
    check(
        "quoted.csv",
        &r,
        &Expect {
            cancel_prefix: true,
            total: 13,
            rejected: &[("wrong_field_count", 1, &[7])],
            purchases: 12,
            revenue_cents: 18_350,
            customers: 5,
            orders: 11,
            items: 6,
            first: Some("2024-09-01 10:00:00"),
            last: Some("2024-09-12 15:00:00"),
            ..BASE
        },
    );
    let label = |code: &str| ds.item_label(ds.items.find(code).unwrap()).to_string();
    assert_eq!(label("Q1"), "Mug, large");
    assert_eq!(label("Q2"), "12\" vinyl \"Blue\" edition");
    assert_eq!(label("Q3"), "Gift set\n(tea, cups, spoons)");
    assert_eq!(label("Q6"), "Notebook; A5, lined");
    assert!(ds.attributes[0].dict.find("Korea, Republic of").is_some());
    assert!(ds.attributes[0].dict.find("Côte d'Ivoire").is_some());
    let ex = &r.rejections[0].examples[0];
    assert_eq!(ex.text, "4004,Q4,Card,1,2024-09-04 13:00:00,2.00,20002,\"Korea, Republic of\",oops");
}

#[test]
fn no_header_roles_from_content() {
    // Without a header the values decide (src/ingest/content.rs): 5001 groups two lines of one date
    // (order); N1–N3 change within order 5001 and recur (item); small whole numbers (quantity); N1 costs
    // 3.00 at quantities 2, 5 and 1 (a unit price, not an amount); 31002 is in orders 5002 and 5004
    // (customer). The figures are those worked out by hand in `overrides_name_columns_of_a_file_without_header`:
    // revenue 58.50, customers 31001–31004, orders 5001–5005, items N1–N3.
    let (ds, r) = read("no_header.csv");
    check(
        "no_header.csv",
        &r,
        &Expect {
            header: false,
            cancel_prefix: true,
            columns: &[
                ("column 1", Role::Order),
                ("column 2", Role::Date),
                ("column 3", Role::ItemCode),
                ("column 4", Role::Quantity),
                ("column 5", Role::UnitPrice),
                ("column 6", Role::Customer),
            ],
            total: 6,
            purchases: 6,
            revenue_cents: 5_850,
            customers: 4,
            orders: 5,
            items: 3,
            first: Some("2024-10-01 09:00:00"),
            last: Some("2024-10-09 13:20:00"),
            ..BASE
        },
    );
    assert!(ds.attributes.is_empty());
    assert!(r.columns.iter().all(|c| c.source == clientela::ingest::sniff::RoleSource::Content), "{:?}", r.columns);
    assert_eq!(r.columns[5].reason.code, "content_id_recurring");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn us_month_first_with_one_day_above_12() {
    // Only 3/15/2024 shows the order (15 cannot be a month): month first. Sales is the line amount:
    // 39.99 + 8.00 + 39.99 + 1,249.00 + 12.00 + 79.98 = 1428.96. 12:05 PM is 12:05; 12:00 AM is 00:00;
    // 6:45 PM on 5/6 (6 May) is the last.
    let (ds, r) = read("us_mdy.csv");
    check(
        "us_mdy.csv",
        &r,
        &Expect {
            date_format: Some("mdy"),
            columns: &[
                ("Order ID", Role::Order),
                ("Customer ID", Role::Customer),
                ("Order Date", Role::Date),
                ("Product Name", Role::ItemName),
                ("Quantity", Role::Quantity),
                ("Sales", Role::Amount),
            ],
            total: 6,
            purchases: 6,
            revenue_cents: 142_896,
            customers: 4,
            orders: 5,
            items: 3,
            first: Some("2024-01-05 09:15:00"),
            last: Some("2024-05-06 18:45:00"),
            ..BASE
        },
    );
    let t = ds.time().unwrap();
    assert_eq!(clientela::ingest::date::format_datetime(t[4]), "2024-04-01 00:00:00");
}

const AMBIGUOUS_COLS: &[(&str, Role)] = &[
    ("invoice", Role::Order),
    ("customer", Role::Customer),
    ("date", Role::Date),
    ("item", Role::ItemName),
    ("qty", Role::Quantity),
    ("price", Role::UnitPrice),
];

/// The ambiguous fixture: 2.00 + 2×5.00 + 3.50 + 3×2.00 + 5.00 = 26.50; customers A B C; items pen ink pad.
const AMBIGUOUS: Expect = Expect {
    cancel_prefix: true,
    columns: AMBIGUOUS_COLS,
    total: 5,
    purchases: 5,
    revenue_cents: 2_650,
    customers: 3,
    orders: 5,
    items: 3,
    ..BASE
};

#[test]
fn ambiguous_day_month_asks_the_user() {
    // 01/02 03/04 05/06 07/08 11/12: no number above 12, so neither the sample nor the whole file can
    // tell. The rows are kept, the dates are not used (no first/last date) and the report asks.
    let (ds, r) = read("ambiguous_dates.csv");
    check("ambiguous_dates.csv", &r, &Expect { date_format: Some("undecided"), questions: &["date_format"], ..AMBIGUOUS });
    assert!(ds.date_undecided);
    assert_eq!(r.questions[0].options, ["dmy", "mdy"]);
}

#[test]
fn compact_yyyymmdd_dates() {
    // 4.99 + 2×1.25 + 4.99 + 10.00 + 4×1.25 = 27.48; 20240229 is valid (leap year).
    let (_, r) = read("compact_dates.csv");
    check(
        "compact_dates.csv",
        &r,
        &Expect {
            date_format: Some("yyyymmdd"),
            columns: &[
                ("receipt", Role::Order),
                ("customer", Role::Customer),
                ("date", Role::Date),
                ("sku", Role::ItemCode),
                ("qty", Role::Quantity),
                ("price", Role::UnitPrice),
            ],
            total: 5,
            purchases: 5,
            revenue_cents: 2_748,
            customers: 3,
            orders: 4,
            items: 3,
            first: Some("2024-01-05 00:00:00"),
            last: Some("2024-03-01 00:00:00"),
            ..BASE
        },
    );
}

#[test]
fn currency_signs_parentheses_and_thousands() {
    // Total is the line amount. Purchases: $1,250.00 + $3,999.98 + $125.00 + €75.00 = 5449.98.
    // Returns (negative quantity): ($50.00) and ($1,999.99), valued 50 + 1999.99 = 2049.99.
    // INV-6 has price $0.00: a non-positive-price line.
    let (ds, r) = read("currency_amounts.csv");
    check(
        "currency_amounts.csv",
        &r,
        &Expect {
            columns: &[
                ("Invoice", Role::Order),
                ("Customer", Role::Customer),
                ("Date", Role::Date),
                ("Item", Role::ItemName),
                ("Quantity", Role::Quantity),
                ("Unit Price", Role::UnitPrice),
                ("Total", Role::Amount),
            ],
            total: 7,
            purchases: 4,
            returns: 2,
            nonpositive_price: 1,
            revenue_cents: 544_998,
            returns_cents: 204_999,
            customers: 3,
            orders: 6,
            items: 4,
            first: Some("2024-04-02 00:00:00"),
            last: Some("2024-04-20 00:00:00"),
            ..BASE
        },
    );
    assert_eq!(ds.amount.as_ref().unwrap().to_vec(), [1250.0, 3999.98, 125.0, -50.0, 75.0, -1999.99, 0.0]);
    assert_eq!(ds.price.as_ref().unwrap().get(1), 1999.99);
}

#[test]
fn returns_cancellations_zero_price_and_missing_customers() {
    // Rows as the UCI Online Retail file writes them.
    // Purchases (7): 6×2.55 + 6×3.39 + 6×1.85 + 32×1.69 + 2.51 + 24×3.75 + 3×18.00
    //   = 15.30 + 20.34 + 11.10 + 54.08 + 2.51 + 90.00 + 54.00 = 247.33.
    // Returns (4): C536379 27.50, C536383 4.65, C536548 2×8.50 (a C invoice, even with a positive
    //   quantity) and a negative quantity −2×2.55 on an ordinary invoice = 27.50 + 4.65 + 17.00 + 5.10 = 54.25.
    // Price 0.00: one line (536414, also without a description); quantity 0: one line (536592).
    // No customer: lines 4, 8, 9 and 13; of the purchases 11.10 + 2.51 = 13.61.
    // Customers 17850 13047 14527 15311 12472 12583; 10 invoices; 11 stock codes.
    let (ds, r) = read("returns_cancellations.csv");
    check(
        "returns_cancellations.csv",
        &r,
        &Expect {
            cancel_prefix: true,
            total: 13,
            purchases: 7,
            returns: 4,
            nonpositive_price: 1,
            zero_quantity: 1,
            no_customer: 4,
            revenue_cents: 24_733,
            returns_cents: 5_425,
            customers: 6,
            orders: 10,
            items: 11,
            first: Some("2010-12-01 08:26:00"),
            last: Some("2010-12-02 10:00:00"),
            ..BASE
        },
    );
    assert_eq!(cents(r.lines.no_customer_revenue), 1_361);
    let cancelled: Vec<&str> = ds.orders.iter().filter(|(id, _)| ds.order_cancelled[*id as usize]).map(|(_, s)| s).collect();
    assert_eq!(cancelled, ["C536379", "C536383", "C536548"]);
}

#[test]
fn fimi_baskets_space_separated_without_header() {
    // Eight baskets of 3, 2, 5, 1, 2, 3, 1 and 4 items: 21 item lines, items 1–10. Each basket is its own
    // order (`line N`); there are no customers, prices or dates.
    let (ds, r) = read("baskets.dat");
    check(
        "baskets.dat",
        &r,
        &Expect {
            delimiter: "space",
            header: false,
            date_format: None,
            layout: Layout::Baskets,
            columns: &[("column 1", Role::Attribute), ("column 2", Role::Attribute), ("column 3", Role::Attribute)],
            total: 8,
            purchases: 21,
            no_customer: 21,
            orders: 8,
            items: 10,
            ..BASE
        },
    );
    assert_eq!(r.table.rows, 21);
    assert_eq!(ds.orders.get(ds.order().unwrap()[20]), "line 8");
    let mut sizes = vec![0; 8];
    for o in ds.order().unwrap().iter() {
        sizes[o as usize] += 1;
    }
    assert_eq!(sizes, [3, 2, 5, 1, 2, 3, 1, 4]);
}

#[test]
fn gzip_of_a_fixture_reads_like_the_plain_file() {
    // comma_iso.csv.gz is `gzip -9 -n comma_iso.csv`.
    let (_, plain) = read("comma_iso.csv");
    let (_, gz) = read("comma_iso.csv.gz");
    assert!(gz.source.gzip);
    assert_eq!(gz.source.bytes, fixture("comma_iso.csv.gz").len() as u64);
    assert_eq!(gz.source.text_bytes, plain.source.text_bytes);
    let mut plain_json: serde_json::Value = serde_json::to_value(&plain).unwrap();
    let mut gz_json: serde_json::Value = serde_json::to_value(&gz).unwrap();
    plain_json.as_object_mut().unwrap().remove("source");
    gz_json.as_object_mut().unwrap().remove("source");
    assert_eq!(gz_json, plain_json);
}

#[test]
fn rejected_rows_with_reasons_and_line_numbers() {
    // 26 records after the header (lines 2–27). Rejected, by line:
    //   4 and 24 empty (24 is only delimiters); 5 has a 9th field, 9 has only 6; 6 "not a date";
    //   11 "2024-06-31"; 7 quantity "two"; 17 price "6.5O" (letter O); 12 empty price; 21 empty stock
    //   code; 13 "1899-12-31" is before 1932; 15 empty date; 26 opens a quote that never closes (only that
    //   line is lost: reading resumes on line 27).
    // Used (13): 8 + 6.50 + 6.50 + 20 + 10 + 12 + 5 + 18 + 4 + 26 + 5 + 9 + 8 = 138.00; line 18 has no
    // customer (5.00). Customers C1–C5; 12 invoices; items A1 B2 C3 D4.
    let (_, r) = read("rejects.csv");
    check(
        "rejects.csv",
        &r,
        &Expect {
            cancel_prefix: true,
            total: 26,
            rejected: &[
                ("empty_line", 2, &[4, 24]),
                ("wrong_field_count", 2, &[5, 9]),
                ("unparseable_date", 2, &[6, 11]),
                ("unparseable_number", 2, &[7, 17]),
                ("missing_value", 2, &[12, 21]),
                ("date_out_of_range", 1, &[13]),
                ("missing_date", 1, &[15]),
                ("unterminated_quote", 1, &[26]),
            ],
            purchases: 13,
            no_customer: 1,
            revenue_cents: 13_800,
            customers: 5,
            orders: 12,
            items: 4,
            first: Some("2024-06-01 10:00:00"),
            last: Some("2024-06-17 10:00:00"),
            ..BASE
        },
    );
    let ex = |reason: &str| r.rejections.iter().find(|x| x.reason.key() == reason).unwrap().examples.clone();
    assert_eq!(ex("unparseable_number")[0].detail, "Quantity: \"two\"");
    assert_eq!(ex("unparseable_number")[1].detail, "UnitPrice: \"6.5O\"");
    assert_eq!(ex("unparseable_date")[0].detail, "InvoiceDate: \"not a date\"");
    assert_eq!(ex("unterminated_quote")[0].text, "2022,E5,\"Vase, tall,1,2024-06-16 10:00:00,20.00,C4,UK");
    assert_eq!(ex("wrong_field_count")[1].detail, "expected 8 fields, found 6");
}

#[test]
fn day_month_order_decided_by_the_whole_file() {
    // More than the 1 MiB sample of 01/02/2024 (2 January or 1 February), then two dates that only read
    // month first and one that only reads day first. The file decides month first (2 against 1): the
    // provisional rows become 2 January, the day-first row is rejected.
    let mut text = String::from("invoice,customer,date,item,qty,price\n");
    let n = 25_000;
    for i in 0..n {
        text.push_str(&format!("{},cust{},01/02/2024 10:00,item{},1,2.00\n", 100_000 + i, i % 500, i % 40));
    }
    assert!(text.len() > ingest::SAMPLE_BYTES);
    text.push_str("900001,x,01/13/2024 09:00,item1,1,2.00\n");
    text.push_str("900002,y,13/01/2024 09:00,item1,1,2.00\n");
    text.push_str("900003,z,01/20/2024 09:00,item1,1,2.00\n");
    let (ds, r) = read_all_ways(text.as_bytes(), &IngestOptions::default()).unwrap();
    assert_eq!(r.dialect.date_format.as_deref(), Some("mdy"));
    assert_eq!(r.rows.total, n + 3);
    assert_eq!(r.rows.rejected_by_reason.get("date_contradicts_order"), Some(&1));
    let rej = &r.rejections[0];
    assert_eq!(rej.examples[0].line, n + 3, "the header is line 1, the day-first row the third after the bulk");
    assert_eq!(r.summary.first_date.as_deref(), Some("2024-01-02 10:00:00"));
    assert_eq!(r.summary.last_date.as_deref(), Some("2024-01-20 09:00:00"));
    assert!(!ds.date_undecided);
    assert!(r.questions.is_empty());
}

// ---- Choices that override detection (the CLI flags and the page's mapping build the same options) ----

#[test]
fn overrides_name_columns_of_a_file_without_header() {
    // With the columns named, no_header.csv reads as line items: 2×3.00 + 7.50 + 5×3.00 + 12.00 + 2×7.50
    // + 3.00 = 6 + 7.50 + 15 + 12 + 15 + 3 = 58.50; customers 31001–31004; orders 5001–5005; items N1–N3.
    let choice = |column: &str, role| ColumnChoice { column: column.into(), role };
    let opts = IngestOptions {
        columns: vec![
            choice("1", Role::Order),
            choice("3", Role::ItemCode),
            choice("column 4", Role::Quantity),
            choice("5", Role::UnitPrice),
            choice("6", Role::Customer),
        ],
        ..Default::default()
    };
    let (_, r) = read_with("no_header.csv", opts);
    assert_eq!(
        r.columns.iter().map(|c| (c.role, c.source)).collect::<Vec<_>>(),
        [
            (Role::Order, clientela::ingest::sniff::RoleSource::User),
            (Role::Date, clientela::ingest::sniff::RoleSource::Content),
            (Role::ItemCode, clientela::ingest::sniff::RoleSource::User),
            (Role::Quantity, clientela::ingest::sniff::RoleSource::User),
            (Role::UnitPrice, clientela::ingest::sniff::RoleSource::User),
            (Role::Customer, clientela::ingest::sniff::RoleSource::User),
        ]
    );
    assert_eq!(cents(r.summary.revenue), 5_850);
    assert_eq!((r.summary.customers, r.summary.orders, r.summary.items), (4, 5, 3));
    assert_eq!(r.lines.no_customer, 0);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn override_unknown_column_is_a_bad_option() {
    let opts = IngestOptions { columns: vec![ColumnChoice { column: "Kunde".into(), role: Role::Customer }], ..Default::default() };
    let e = ingest::read_bytes(&fixture("comma_iso.csv"), opts).unwrap_err();
    assert!(matches!(&e, Error::BadOption { option, value, .. } if option == "customer_column" && value == "Kunde"), "{e:?}");
    assert!(e.to_string().contains("InvoiceNo, StockCode"), "the message lists the columns: {e}");
}

#[test]
fn override_ignore_a_role_column() {
    // Ignoring CustomerID: every line is then without customer and no customers are counted.
    let opts = IngestOptions { columns: vec![ColumnChoice { column: "CustomerID".into(), role: Role::Ignore }], ..Default::default() };
    let (_, r) = read_with("comma_iso.csv", opts);
    assert_eq!(r.columns[6].role, Role::Ignore);
    assert_eq!(r.summary.customers, 0);
    assert_eq!(cents(r.summary.revenue), 14_200);
}

#[test]
fn override_wrong_delimiter_gives_one_column() {
    let opts = IngestOptions { delimiter: Some(';'), ..Default::default() };
    let e = ingest::read_bytes(&fixture("comma_iso.csv"), opts).unwrap_err();
    assert!(matches!(&e, Error::OneColumn { first_line } if first_line.starts_with("InvoiceNo,StockCode")), "{e:?}");
    let opts = IngestOptions { delimiter: Some('€'), ..Default::default() };
    assert_eq!(ingest::read_bytes(&fixture("comma_iso.csv"), opts).unwrap_err().code(), "bad_option");
}

#[test]
fn override_delimiter_on_a_tab_file() {
    // Choosing tab where detection already finds tab changes nothing but the note.
    let (_, r) = read_with("tab_spanish.tsv", IngestOptions { delimiter: Some('\t'), ..Default::default() });
    assert_eq!((r.dialect.delimiter.as_str(), r.rows.used, cents(r.summary.revenue)), ("tab", 6, 5_540));
    assert!(
        r.notes.iter().any(|n| n.code == "delimiter_user" && n.params["delimiter"] == "tab" && n.text.contains("chosen by the user")),
        "{:?}",
        r.notes
    );
}

#[test]
fn override_no_header_makes_the_header_a_rejected_row() {
    // The header line becomes data: its "InvoiceDate" is not a date (line 1); the ten rows remain, and
    // the date column is still found by content (10 of 11 values are dates).
    let (_, r) = read_with("comma_iso.csv", IngestOptions { header: Some(false), ..Default::default() });
    assert!(!r.dialect.header);
    assert_eq!((r.rows.total, r.rows.used), (11, 10));
    assert_eq!(r.rejections[0].reason.key(), "unparseable_date");
    assert_eq!(r.rejections[0].examples[0].line, 1);
    assert_eq!(r.columns[4].role, Role::Date);
}

#[test]
fn override_header_on_a_fimi_file() {
    // Forcing a header on the baskets file: line 1 (`1 2 3`) names three columns and is not a basket.
    let (_, r) = read_with("baskets.dat", IngestOptions { header: Some(true), ..Default::default() });
    assert!(r.dialect.header);
    assert_eq!(r.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["1", "2", "3"]);
    assert_eq!((r.rows.total, r.table.rows), (7, 18));
}

#[test]
fn override_layout_baskets_on_line_items() {
    // As baskets, each of the 10 lines is a basket of the values of its item and attribute columns
    // (StockCode, Description, Country); role columns (invoice, quantity, date, price, customer) are
    // not items. Items: A1 B2 C3 D4, the four descriptions and three countries = 11; 30 item lines.
    let (_, r) = read_with("comma_iso.csv", IngestOptions { layout: Some(Layout::Baskets), ..Default::default() });
    assert_eq!(r.layout, Some(Layout::Baskets));
    assert_eq!((r.rows.used, r.table.rows, r.summary.items, r.summary.orders, r.summary.customers), (10, 30, 11, 7, 5));
}

#[test]
fn override_date_format_answers_the_question() {
    // Month first: 01/02 is 2 January, 11/12 is 12 November; day first: 1 February and 11 December.
    for (format, first, last) in [
        (DateFormat::MonthDayYear, "2024-01-02 00:00:00", "2024-11-12 00:00:00"),
        (DateFormat::DayMonthYear, "2024-02-01 00:00:00", "2024-12-11 00:00:00"),
    ] {
        let (ds, r) = read_with("ambiguous_dates.csv", IngestOptions { date_format: Some(format), ..Default::default() });
        check("ambiguous_dates.csv", &r, &Expect { date_format: Some(format.name()), first: Some(first), last: Some(last), ..AMBIGUOUS });
        assert!(!ds.date_undecided);
    }
    // Against the data: month first on the German file rejects the four dates with a day above 12.
    let (_, r) = read_with("semicolon_german.csv", IngestOptions { date_format: Some(DateFormat::MonthDayYear), ..Default::default() });
    assert_eq!(r.rows.rejected_by_reason.get("date_contradicts_order"), Some(&4));
    assert_eq!(r.rejections[0].examples.iter().map(|e| e.line).collect::<Vec<_>>(), [4, 5, 7, 8]);
}

#[test]
fn override_decimal_separator() {
    // Decimal point on the German file: 2,49 and 1.299,00 do not read, so every line is rejected.
    let (_, r) = read_with("semicolon_german.csv", IngestOptions { decimal_comma: Some(false), ..Default::default() });
    assert_eq!(r.dialect.decimal, ".");
    assert_eq!((r.rows.used, r.rows.rejected_by_reason.get("unparseable_number").copied()), (0, Some(8)));
    // Decimal comma on a point file: the '.' of 3.50 would be a thousands separator, which needs groups of
    // three digits; every price (3.50, 12.00, 0.75, 25.00) has two, so every line is rejected.
    let (_, r) = read_with("comma_iso.csv", IngestOptions { decimal_comma: Some(true), ..Default::default() });
    assert_eq!(r.dialect.decimal, ",");
    assert_eq!(r.rows.rejected_by_reason.get("unparseable_number"), Some(&10));
}

#[test]
fn override_encoding() {
    // Reading the Windows-1252 file as UTF-8: its 14 non-ASCII bytes (4 in the two "Café crème", 2 in
    // "Müsli", 3 in "Crème brûlée", 5 £) are invalid UTF-8, repaired as Windows-1252 and counted.
    let (ds, r) = read_with("windows1252.csv", IngestOptions { encoding: Some(Encoding::Utf8), ..Default::default() });
    assert_eq!(r.source.encoding, "utf-8");
    assert_eq!(r.source.repaired_bytes, 14);
    assert!(
        r.warnings.iter().any(|w| w.code == "repaired_bytes" && w.params["bytes"] == 14 && w.text.contains("14 bytes")),
        "{:?}",
        r.warnings
    );
    assert!(ds.names.find("Crème brûlée set").is_some());
    assert_eq!(cents(r.summary.revenue), 7_125);
}

#[test]
fn inspect_json_from_the_command_line() {
    let path = format!("{}/tests/data/rejects.csv", env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clientela")).args(["inspect", &path, "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rows"]["total"], 26);
    assert_eq!(v["rows"]["used"], 13);
    assert_eq!(v["rows"]["rejected"], 13);
    assert_eq!(
        v["rows"]["rejected_by_reason"],
        serde_json::json!({
            "date_out_of_range": 1, "empty_line": 2, "missing_date": 1, "missing_value": 2,
            "unparseable_date": 2, "unparseable_number": 2, "unterminated_quote": 1, "wrong_field_count": 2
        })
    );
    assert_eq!(v["layout"], "line_items");
    let cols: Vec<(&str, &str)> =
        v["columns"].as_array().unwrap().iter().map(|c| (c["name"].as_str().unwrap(), c["role"].as_str().unwrap())).collect();
    assert_eq!(
        cols,
        [
            ("InvoiceNo", "order"),
            ("StockCode", "item_code"),
            ("Description", "item_name"),
            ("Quantity", "quantity"),
            ("InvoiceDate", "date"),
            ("UnitPrice", "unit_price"),
            ("CustomerID", "customer"),
            ("Country", "attribute"),
        ]
    );
    // A flag reaches the core: --no-header turns the header into a rejected row.
    let out =
        std::process::Command::new(env!("CARGO_BIN_EXE_clientela")).args(["inspect", &path, "--json", "--no-header"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rows"]["total"], 27);
    // An error is a message on stderr and exit code 2.
    let out =
        std::process::Command::new(env!("CARGO_BIN_EXE_clientela")).args(["inspect", &path, "--customer-column", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--customer-column \"nope\""));
}

/// Excel's `sep=;` first line: it names the delimiter and is neither data nor the header, so the header is
/// line 2 and the rows are counted from line 3. Hand-checked: 3 data rows, the third has an unreadable
/// price `x` (line 5); revenue 1 × 2.50 + 2 × 3.75 = 10.00.
#[test]
fn excel_sep_line() {
    let text =
        "sep=;\r\nInvoice;Customer;Date;Item;Qty;Price\r\n1;a;2024-01-02;x;1;2,50\r\n2;b;2024-01-03;y;2;3,75\r\n3;c;2024-01-04;z;1;x\r\n";
    let (_, r) = ingest::read_bytes(text.as_bytes(), IngestOptions::default()).unwrap();
    assert_eq!(r.dialect.delimiter, ";");
    assert_eq!(r.layout, Some(Layout::LineItems));
    assert_eq!((r.rows.total, r.rows.used, r.rows.rejected), (3, 2, 1));
    assert_eq!(r.rejections[0].examples[0].line, 5);
    assert!((r.summary.revenue - 10.0).abs() < 1e-9);
}
