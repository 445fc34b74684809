use super::*;

fn line(order: &str, customer: &str, code: &str, qty: i64, price: f64) -> Line {
    Line {
        order: order.into(),
        customer: customer.into(),
        date: (2010, 12, 1),
        secs: 8 * 3600 + 26 * 60,
        item_code: code.into(),
        item_name: format!("ITEM {code}"),
        quantity: qty,
        price,
        country: "United Kingdom".into(),
    }
}

fn text(shape: Shape, orders: &[Vec<Line>]) -> String {
    String::from_utf8(bytes(shape, orders)).unwrap()
}

#[test]
fn names_round_trip_and_are_listed_in_errors() {
    for s in Shape::ALL {
        assert_eq!(Shape::from_name(s.name()), Some(s));
        assert_eq!(s.name().parse::<Shape>(), Ok(s));
    }
    assert_eq!(Shape::from_name("WooCommerce_Analytics"), Some(Shape::WooCommerceAnalytics));
    let e = "magento".parse::<Shape>().unwrap_err();
    assert!(e.contains("shopify") && e.contains("cdnow"), "{e}");
}

#[test]
fn customer_names_are_one_to_one() {
    // Mixed radix 32: 17850 = 26 + 32 × (13 + 32 × 17) → FIRST[26] LAST[13]-LAST[17].
    assert_eq!(customer_name("17850"), "Alba Owens-Silva");
    assert_eq!(customer_name("5"), "Felix Baker");
    assert_eq!(customer_name("abc"), "abc");
    let names: HashSet<String> = (0..40_000).map(|i: u32| customer_name(&i.to_string())).collect();
    assert_eq!(names.len(), 40_000);
    assert_eq!(customer_email("17850"), "customer17850@example.com");
    assert_eq!(customer_email("a@b.c"), "a@b.c");
}

#[test]
fn line_amounts_round_half_away_from_zero() {
    // 3 × 0.005 = 0.015 → 0.02; 1 × 0.001 → 0.00; −6 × 2.55 = −15.30; 7 × 1.245 = 8.715 → 8.72.
    assert_eq!(line_cents(&line("1", "", "a", 3, 0.005)), 2);
    assert_eq!(line_cents(&line("1", "", "a", 1, 0.001)), 0);
    assert_eq!(line_cents(&line("1", "", "a", -6, 2.55)), -1530);
    assert_eq!(line_cents(&line("1", "", "a", 7, 1.245)), 872);
    assert_eq!(price_text(0.001, false), "0.001");
    assert_eq!(price_text(2.5, true), "2,50");
}

#[test]
fn shopify_order_fields_only_on_the_first_line() {
    let t = text(Shape::Shopify, &[vec![line("536365", "17850", "85123A", 6, 2.55), line("536365", "17850", "71053", 6, 3.39)]]);
    let rows: Vec<Vec<&str>> = t.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].len(), SHOPIFY.len());
    let col = |n: &str| SHOPIFY.iter().position(|h| *h == n).unwrap();
    // Total: 6 × 2.55 + 6 × 3.39 = 15.30 + 20.34 = 35.64.
    assert_eq!(rows[1][col("Total")], "35.64");
    assert_eq!(rows[1][col("Email")], "customer17850@example.com");
    assert_eq!(rows[1][col("Created at")], "2010-12-01 08:26:00 +0000");
    assert_eq!((rows[2][col("Total")], rows[2][col("Email")], rows[2][col("Created at")]), ("", "", ""));
    assert_eq!((rows[1][col("Name")], rows[2][col("Name")]), ("#536365", "#536365"));
    assert_eq!(rows[2][col("Lineitem price")], "3.39");
    assert!(rows.iter().all(|r| r.len() == SHOPIFY.len()));
}

#[test]
fn a_cancellation_is_a_refund_in_platform_terms() {
    let o = vec![line("C536379", "14527", "D", -1, 27.5)];
    let t = text(Shape::Shopify, std::slice::from_ref(&o));
    assert!(t.contains("#536379,customer14527@example.com,refunded,"), "{t}");
    let t = text(Shape::Stripe, std::slice::from_ref(&o));
    let row: Vec<&str> = t.lines().nth(1).unwrap().split(',').collect();
    assert_eq!((row[2], row[3], row[14]), ("27.50", "27.50", "Refunded"));
    let t = text(Shape::Square, std::slice::from_ref(&o));
    assert!(t.contains(",-1,Regular,D,,-£27.50,"), "{t}");
    // Sales-only files leave it out.
    for s in [Shape::Etsy, Shape::Amazon, Shape::Cdnow] {
        assert_eq!(text(s, std::slice::from_ref(&o)).lines().count(), s.header().len().min(1), "{s}");
    }
}

#[test]
fn european_spreadsheets() {
    let o = vec![line("536365", "17850", "85123A", 6, 2.55)];
    let b = bytes(Shape::German, std::slice::from_ref(&o));
    // Windows-1252: "ö" of "Vereinigtes Königreich" is the single byte 0xF6.
    assert!(b.windows(3).any(|w| w == b"K\xf6n"));
    let t: String = b.iter().map(|&c| c as char).collect();
    assert!(t.ends_with("536365;85123A;ITEM 85123A;6;01.12.2010 08:26;2,55;17850;Vereinigtes K\u{f6}nigreich\r\n"), "{t}");
    // A character the code page lacks is `?`, not encoding_rs's `&#28450;` (whose `;` would split the field).
    let mut kanji = line("1", "2", "3", 1, 1.0);
    kanji.item_name = "TEA 漢".into();
    let b = bytes(Shape::German, &[vec![kanji]]);
    assert!(b.windows(10).any(|w| w == b"1;3;TEA ?;"), "{}", String::from_utf8_lossy(&b));
    let t = text(Shape::French, &[o]);
    assert!(t.starts_with("\u{feff}N° de commande;Date de commande;"));
    assert!(t.ends_with("536365;01/12/2010;85123A;ITEM 85123A;6;2,55;17850;Royaume-Uni\r\n"), "{t}");
}

#[test]
fn cdnow_rows_are_customer_days() {
    // Two orders of one customer on one day: 6 × 2.55 + 2 × 1.25 = 15.30 + 2.50 = 17.80, 8 items.
    let a = vec![line("1", "17850", "a", 6, 2.55)];
    let b = vec![line("2", "17850", "b", 2, 1.25), line("2", "", "c", 1, 9.0)];
    let t = text(Shape::Cdnow, &[a, b, vec![line("3", "42", "a", 1, 11.77)]]);
    assert_eq!(t, "00042 20101201  1  11.77\n17850 20101201  8  17.80\n");
}

#[test]
fn woocommerce_packs_the_lines() {
    let t = text(Shape::WooCommerce, &[vec![line("536365", "17850", "85123A", 6, 2.55), line("536365", "17850", "71053", 6, 3.39)]]);
    let row = t.lines().nth(1).unwrap();
    assert!(row.contains(",35.64,0.00,GBP,"), "{row}");
    assert!(row.contains("|sku:85123A|quantity:6|subtotal:15.30|") && row.contains(";id:2|name:ITEM 71053|"), "{row}");
    let t = text(Shape::WooCommerceAnalytics, &[vec![line("1", "1", "a", 2, 1.0)], vec![line("2", "1", "b", 1, 3.0)]]);
    assert_eq!(t.lines().nth(2).unwrap(), "2010-12-01 08:26:00,2,Completed,Ben Baker,returning,ITEM b,1,,3.00");
}
