//! The query's text: which columns it reads and how, for each dialect. Its results are checked by running
//! it (tests/warehouse.rs: DuckDB against the reader on hand-worked fixtures, Online Retail and the
//! synthetic shop).

use super::*;
use crate::error::ErrorCode;
use crate::ingest::{IngestOptions, Ingestor};

fn detect(csv: &str, opts: IngestOptions) -> Detection {
    let mut ing = Ingestor::new(opts);
    ing.push(csv.as_bytes()).unwrap();
    ing.into_detection().unwrap().unwrap()
}

const SHOP: &str = crate::segment::profile::tests::SHOP;

#[test]
fn spec_follows_the_reader() {
    let s = spec(&detect(SHOP, IngestOptions::default())).unwrap();
    assert_eq!((s.customer.as_str(), s.date.as_str()), ("CustomerID", "InvoiceDate"));
    assert_eq!(s.order.as_deref(), Some("InvoiceNo"));
    assert_eq!(s.item.as_deref(), Some("StockCode"));
    assert_eq!((s.quantity.as_deref(), s.price.as_deref(), s.amount.as_deref()), (Some("Quantity"), Some("UnitPrice"), None));
    assert_eq!(s.attributes, ["Country"]);
    assert!(s.cancel_prefix && !s.decimal_comma);
    assert_eq!(s.date_format, DateFormat::YearMonthDay);
}

#[test]
fn a_header_alone_is_enough_with_the_date_format() {
    let opts = IngestOptions { date_format: Some(DateFormat::DayMonthYear), ..Default::default() };
    let s = spec(&detect("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n", opts)).unwrap();
    assert_eq!(s.customer, "CustomerID");
    assert_eq!(s.date_format, DateFormat::DayMonthYear);
}

#[test]
fn every_dialect_writes_one_select_with_the_columns_in_order() {
    let s = spec(&detect(SHOP, IngestOptions::default())).unwrap();
    for d in Dialect::ALL {
        let q = summary_sql(&s, d, "shop.sales", None).unwrap();
        assert!(q.contains("FROM shop.sales"), "{d:?}");
        let select = &q[q.rfind("\nSELECT\n").unwrap()..];
        let at = |name: &str| select.find(&format!(" AS {name},")).or_else(|| select.find(&format!(" AS {name}\n")));
        let positions: Vec<usize> = COLUMNS.iter().map(|c| at(c.0).unwrap_or_else(|| panic!("{d:?} {}", c.0))).collect();
        assert!(positions.is_sorted(), "{d:?}: the columns are in the documented order");
        assert_eq!(q.matches("SELECT").count() - q.matches("(SELECT").count(), 1, "{d:?}: one top-level SELECT");
        assert!(!q.contains('\\'), "{d:?}: no backslash (Spark reads it as an escape)");
    }
}

#[test]
fn as_of_is_a_literal_day() {
    let s = spec(&detect(SHOP, IngestOptions::default())).unwrap();
    let day = crate::time::parse_day("2011-01-05").unwrap();
    let q = summary_sql(&s, Dialect::Duckdb, "sales", Some(day)).unwrap();
    assert!(q.contains(&format!("{day} AS as_of")));
    assert!(q.contains("as of 2011-01-05"));
}

#[test]
fn bad_input_is_a_typed_error_that_says_the_fix() {
    let s = spec(&detect(SHOP, IngestOptions::default())).unwrap();
    for bad in ["", "sales; DROP TABLE x", "a..b", "1abc", "'sales.csv'"] {
        let e = summary_sql(&s, Dialect::Duckdb, bad, None).unwrap_err();
        assert_eq!(e.code(), "bad_table_name", "{bad:?}");
    }
    let e =
        spec(&detect("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice\n1,A,1,2011-01-01,2\n", IngestOptions::default())).unwrap_err();
    assert_eq!(e, WarehouseError::NoCustomerColumn);
    assert!(e.to_string().contains("Choose the column"));
    let e = spec(&detect("order,customer,date,item\n1,a,01/02/2011,x\n2,b,03/04/2011,y\n", IngestOptions::default())).unwrap_err();
    assert_eq!(e.code(), "dates_undecided");
    let e = spec(&detect(
        "order,customer,date,status,amount\n1,a,2011-01-02,paid,3\n",
        IngestOptions { columns: vec![crate::ingest::ColumnChoice { column: "status".into(), role: Role::Status }], ..Default::default() },
    ))
    .unwrap_err();
    assert_eq!(e.code(), "unsupported_column");
    let e = spec(&detect("order,customer,date,item,price,as_of\n1,a,2011-01-02,x,3,z\n", IngestOptions::default())).unwrap_err();
    assert_eq!(e, WarehouseError::NameClash { column: "as_of".into() });
}

#[test]
fn quoting_escapes_each_dialects_delimiters() {
    assert_eq!(Dialect::Duckdb.ident("a\"b"), "\"a\"\"b\"");
    assert_eq!(Dialect::Spark.ident("a`b"), "`a``b`");
    assert_eq!(Dialect::Bigquery.ident("a`b"), "`a\\`b`");
    assert_eq!(Dialect::Postgres.string("it's"), "'it''s'");
    assert_eq!(Dialect::Spark.string("it's"), "'it\\'s'");
    for d in Dialect::ALL {
        assert_eq!(Dialect::from_name(d.name()), Some(d));
    }
}
