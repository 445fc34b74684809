use super::*;

fn det(text: &str) -> Detection {
    detect(text.as_bytes(), true, &IngestOptions::default()).unwrap()
}

#[test]
fn excel_sep_line_names_the_delimiter_and_is_not_the_header() {
    // Excel writes `sep=;` above the header; `2,50` would otherwise make `,` look like a delimiter.
    let d = det("sep=;\r\nInvoice;Customer;Date;Item;Qty;Price\r\n1;a;2024-01-02;x;1;2,50\r\n2;b;2024-01-03;y;2;3,75\r\n");
    assert!(d.sep_line);
    assert_eq!(d.dialect.delimiter, b';');
    assert!(d.header);
    assert_eq!(d.layout, Layout::LineItems);
    assert_eq!(d.columns[0].name, "Invoice");
    assert!(!det("\"sep=;\"\na;b\n1;2\n").columns.is_empty());
    assert!(det("\"SEP=|\"\na|b\n1|2\n").sep_line);
    assert!(!det("sep,x\n1,2\n").sep_line, "not a sep line");
}

#[test]
fn a_known_header_keeps_line_items_when_many_rows_are_damaged() {
    // 1 of 6 rows has an extra field (83 % consistency, below the 90 % that decides without a header):
    // the header names six roles, so the file is line items and the bad row will be rejected.
    let d = det("Invoice,Customer,Date,Item,Quantity,Price\n\
                 1,a,2024-01-02,x,1,2.50\n2,b,2024-01-03,y,2,3.75\n3,c,2024-01-04,z,1,1.00,extra\n\
                 4,a,2024-01-05,x,1,2.50\n5,b,2024-01-06,y,2,3.75\n6,c,2024-01-07,z,1,1.00\n");
    assert_eq!(d.layout, Layout::LineItems);
}

#[test]
fn online_retail_like() {
    let d = det("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n\
                 536365,85123A,\"WHITE HANGING HEART, T-LIGHT\",6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n\
                 C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527,United Kingdom\n");
    assert!(d.header);
    assert_eq!(d.layout, Layout::LineItems);
    assert_eq!(d.dialect.delimiter, b',');
    assert_eq!(d.date, DateDecision::Known(DateFormat::YearMonthDay));
    assert_eq!(d.number.decimal, '.');
    assert!(d.cancel_prefix);
    assert_eq!(d.column_of(Role::Customer), Some(6));
}

#[test]
fn semicolon_decimal_comma_day_first() {
    let d = det("Zákazník;Datum;Zboží;Množství;Cena\n7;13/01/2011 10:00;A;1;2,50\n8;01/02/2011;B;2;3,10\n");
    assert_eq!(d.dialect.delimiter, b';');
    assert_eq!(d.number.decimal, ',');
    assert_eq!(d.date, DateDecision::Known(DateFormat::DayMonthYear));
}

#[test]
fn ambiguous_dates_are_left_to_the_whole_file() {
    let d = det("customer,date,item\n1,01/02/2011,a\n2,03/04/2011,b\n");
    assert_eq!(d.date, DateDecision::DayMonthUndecided);
    let d = det("customer,date,item\n1,01/02/2011,a\n2,03/24/2011,b\n");
    assert_eq!(d.date, DateDecision::Known(DateFormat::MonthDayYear));
}

#[test]
fn fimi_baskets() {
    let d = det("1 2 3 \n4 5 \n1 6 7 8 9 \n2 \n");
    assert_eq!(d.dialect.delimiter, b' ');
    assert!(!d.header);
    assert_eq!(d.layout, Layout::Baskets);
}

#[test]
fn grocery_baskets_with_commas() {
    let d = det(
        "citrus fruit,semi-finished bread,margarine,ready soups\ntropical fruit,yogurt,coffee\nwhole milk\npip fruit,yogurt,cream cheese,meat spreads\n",
    );
    assert_eq!(d.dialect.delimiter, b',');
    assert!(!d.header);
    assert_eq!(d.layout, Layout::Baskets);
}

#[test]
fn one_column_is_an_error_with_the_first_line() {
    let e = detect(b"just\nwords\nhere\n", true, &IngestOptions::default()).unwrap_err();
    assert_eq!(e.code(), "one_column");
}

#[test]
fn cancel_prefix_survives_a_few_other_ids() {
    // An `A563185` adjustment among Online Retail invoices in the sample must not turn the marker off.
    let mut text = String::from("InvoiceNo,Quantity,UnitPrice\n");
    for i in 0..150 {
        text.push_str(&format!("{},1,2.5\n", 536_365 + i));
    }
    text.push_str("C536379,-1,27.5\nA563185,1,-11062.06\n");
    assert!(det(&text).cancel_prefix);
    // Ids of another scheme are not marked, even with some C + digits among them.
    assert!(!det("order,qty,price\nA-17,1,2\nB-18,1,2\nC123,1,2\n101,1,2\n").cancel_prefix);
}

#[test]
fn user_choices_override() {
    let opts = IngestOptions {
        columns: vec![ColumnChoice { column: "2".into(), role: Role::Customer }],
        header: Some(true),
        ..Default::default()
    };
    let d = detect(b"a,b,c\n1,2,2011-01-01\n", true, &opts).unwrap();
    assert_eq!(d.column_of(Role::Customer), Some(1));
    let bad = IngestOptions { columns: vec![ColumnChoice { column: "nope".into(), role: Role::Customer }], ..Default::default() };
    assert_eq!(detect(b"a,b,c\n1,2,2011-01-01\n", true, &bad).unwrap_err().code(), "bad_option");
}

proptest::proptest! {
    /// Source: `sample_records`, which the delimiter choice used before it only counted fields.
    #[test]
    fn field_counts_are_the_sampled_records_lengths(
        text in "([ab;,\t| \"\r]|\n|\"\"){0,300}",
        max in 1usize..40,
        whole: bool,
        d in proptest::sample::select(vec![b',', b';', b'\t', b'|', b' ']),
    ) {
        let dialect = Dialect { delimiter: d, quote: Some(b'"'), terminator: b'\n' };
        let lens: Vec<usize> = sample_records(text.as_bytes(), dialect, whole, max).iter().map(Vec::len).collect();
        proptest::prop_assert_eq!(field_counts(text.as_bytes(), dialect, whole, max), lens);
    }
}
