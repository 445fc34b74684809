use super::*;

fn rows(text: &str, delim: char) -> Vec<Vec<String>> {
    text.lines().map(|l| l.split(delim).map(|s| s.trim().to_string()).collect()).collect()
}

/// Runs the content rules on a headerless table; returns (roles, reason codes).
fn infer_all(text: &str, delim: char, fmt: NumberFormat) -> (Vec<Role>, Vec<&'static str>) {
    let body = rows(text, delim);
    let n = body[0].len();
    let mut roles = vec![Role::Attribute; n];
    let mut sources = vec![RoleSource::Default; n];
    let mut reasons = vec![RoleReason::none(); n];
    let mut d = Decisions { roles: &mut roles, sources: &mut sources, reasons: &mut reasons };
    find_date(&body, &mut d);
    infer(&body, fmt, &mut d);
    (roles, reasons.iter().map(|r| r.code).collect())
}

const P: NumberFormat = NumberFormat { decimal: '.' };

// The repository's tests/data/no_header.csv: order, date, item, quantity, unit price, customer.
// Hand check: 5001 has two lines on one date (order); 31002 is in orders 5002 and 5004 (customer);
// N1 is 3.00 at quantities 2, 5 and 1 (a price, not an amount); N1/N2 differ within 5001 (item).
const NO_HEADER: &str = "5001,2024-10-01 09:00,N1,2,3.00,31001\n5001,2024-10-01 09:00,N2,1,7.50,31001\n\
    5002,2024-10-02 10:30,N1,5,3.00,31002\n5003,2024-10-04 16:00,N3,1,12.00,31003\n\
    5004,2024-10-08 11:45,N2,2,7.50,31002\n5005,2024-10-09 13:20,N1,1,3.00,31004\n";

#[test]
fn headerless_line_items() {
    use Role::*;
    let (r, why) = infer_all(NO_HEADER, ',', P);
    assert_eq!(r, vec![Order, Date, ItemCode, Quantity, UnitPrice, Customer]);
    assert_eq!(
        why,
        vec![
            "content_order_groups",
            "content_date",
            "content_item_code",
            "content_quantity",
            "content_price_by_item",
            "content_id_recurring"
        ]
    );
}

#[test]
fn cdnow_master_lines() {
    // The first lines of CDNOW_master.txt (customer id, yyyymmdd, CDs, dollars), as the BTYD
    // literature prints them: customer 00003 buys on several dates, so column 1 is a customer, not an
    // order; no item column, so the dollar value is the line amount.
    let text = "00001 19970101 1 11.77\n00002 19970112 1 12.00\n00002 19970112 5 77.00\n00003 19970102 2 20.76\n\
                00003 19970330 2 20.76\n00003 19970402 2 19.54\n00003 19971115 5 57.45\n00003 19971125 4 20.96\n00003 19980528 1 16.99\n";
    use Role::*;
    let (r, why) = infer_all(text, ' ', P);
    assert_eq!(r, vec![Customer, Date, Quantity, Amount]);
    assert_eq!(why, vec!["content_id_recurring", "content_compact_date", "content_quantity", "content_money_amount"]);
}

#[test]
fn emails_are_customers_and_unique_ids_orders() {
    // One row per order: every id different (one order per row); the e-mails recur.
    let text = "A-1001,ann@example.com,2024-01-02,19.90\nA-1002,bob@example.org,2024-01-03,5.00\n\
                A-1003,ann@example.com,2024-01-05,7.25\nA-1004,cy@example.net,2024-01-06,12.00\n";
    let (r, why) = infer_all(text, ',', P);
    assert_eq!(r, vec![Role::Order, Role::Customer, Role::Date, Role::Amount]);
    assert_eq!(why[0], "content_unique_id");
    assert_eq!(why[1], "content_email_recurring");
}

#[test]
fn price_and_amount_by_the_product() {
    // Two money columns: 2 × 1.50 = 3.00, 3 × 2.25 = 6.75, 1 × 4.00 = 4.00, 4 × 0.99 = 3.96, 2 × 10.10 = 20.20.
    let text = "7,2,3.00,1.50\n8,3,6.75,2.25\n9,1,4.00,4.00\n10,4,3.96,0.99\n11,2,20.20,10.10\n";
    let (r, why) = infer_all(text, ',', P);
    assert_eq!(r[2..], [Role::Amount, Role::UnitPrice]);
    assert_eq!(why[2..], ["content_price_times_quantity", "content_price_times_quantity"]);
}

#[test]
fn amount_by_item_grows_with_quantity() {
    // Item X at 1 → 2.50 and at 4 → 10.00: the value per unit stays 2.50, so the column is an amount.
    let text = "1,2024-01-01,X,1,2.50\n1,2024-01-01,Y,2,3.00\n2,2024-01-02,X,4,10.00\n2,2024-01-02,Y,1,1.50\n";
    let (r, why) = infer_all(text, ',', P);
    assert_eq!(r[4], Role::Amount);
    assert_eq!(why[4], "content_amount_by_item");
}

#[test]
fn decimal_comma_from_unnamed_columns() {
    // `2,55` reads only with a decimal comma; ids and dates give no evidence.
    let body = rows("536365;01.12.2010 08:26;6;2,55\n536366;01.12.2010 08:28;6;1,85\n536367;01.12.2010 08:34;32;1,69\n", ';');
    let ev = number_evidence(&body, &[Role::Attribute, Role::Date, Role::Attribute, Role::Attribute]);
    assert_eq!(ev, NumberEvidence { point: 0, comma: 3, ambiguous: 0 });
}

#[test]
fn header_words_contradicted_by_values_are_dropped() {
    // Shopify's `Discount Code` contains "discount" but holds codes.
    let body = rows("SAVE10\nSAVE10\nWELCOME\nSAVE10\nVIP5\n", ',');
    let mut roles = vec![Role::Discount];
    let mut sources = vec![RoleSource::Header];
    let m = HeaderMatch { role: Role::Discount, word: "discount", languages: vec!["en"], exact: false };
    let mut reasons = vec![RoleReason::header("Discount Code", &m)];
    check_header_roles(&body, &mut Decisions { roles: &mut roles, sources: &mut sources, reasons: &mut reasons });
    assert_eq!(roles, [Role::Attribute]);
    assert_eq!(reasons[0].code, "header_values_not_numbers");
}

#[test]
fn order_total_on_every_line_is_not_a_line_amount() {
    // Order 1: lines 2 × 3.00 and 1 × 4.00, total 10.00 on both lines; order 2: 1 × 5.00 and 2 × 1.00,
    // total 7.00 on the first line only.
    let body = rows("1,2,3.00,10.00\n1,1,4.00,10.00\n2,1,5.00,7.00\n2,2,1.00,\n", ',');
    let mut roles = vec![Role::Order, Role::Quantity, Role::UnitPrice, Role::Amount];
    let mut sources = vec![RoleSource::Header; 4];
    let mut reasons = vec![RoleReason::none(); 4];
    let mut d = Decisions { roles: &mut roles, sources: &mut sources, reasons: &mut reasons };
    assert!(order_level_total(&Table { rows: &body }, P, &mut d).is_some());
    assert_eq!(roles[3], Role::Attribute);
    assert_eq!(reasons[3].code, "content_order_level_total");
}

#[test]
fn item_names_change_within_orders_countries_do_not() {
    // Lines of orders 1 and 2 (grouped, one date each): the description changes within an order and
    // "Tea cup" recurs in both (item name); the country stays the same within each (an attribute).
    let text = "1,2024-01-01 10:00,Tea cup,United Kingdom\n1,2024-01-01 10:00,Saucer,United Kingdom\n\
                2,2024-01-02 11:00,Tea cup,France\n2,2024-01-02 11:00,Tea pot,France\n";
    let (r, why) = infer_all(text, ',', P);
    assert_eq!(r, vec![Role::Order, Role::Date, Role::ItemName, Role::Attribute]);
    assert_eq!(why[2], "content_item_name");
    assert_eq!(why[3], "no_match");
}

#[test]
fn rising_numbers_are_orders_small_repeats_quantities() {
    // 101, 102, 103… rise row after row (one order per row); 1, 3, 1, 2 repeat (a quantity).
    let text = "101,1,2024-01-01,2.50\n102,3,2024-01-02,7.50\n103,1,2024-01-03,2.50\n104,2,2024-01-04,5.00\n";
    let (r, why) = infer_all(text, ',', P);
    assert_eq!(r[..2], [Role::Order, Role::Quantity]);
    assert_eq!(why[0], "content_unique_id");
}

#[test]
fn a_contained_date_word_over_other_values_is_dropped() {
    // `Metadata` contains "data" (the date in Portuguese, Italian and Polish) but holds no dates.
    let body = rows("a=1\nb=2\nc=3\nd=4\ne=5\n", ',');
    let mut roles = vec![Role::Date];
    let mut sources = vec![RoleSource::Header];
    let m = HeaderMatch { role: Role::Date, word: "data", languages: vec!["pt", "it", "pl"], exact: false };
    let mut reasons = vec![RoleReason::header("Metadata", &m)];
    check_header_roles(&body, &mut Decisions { roles: &mut roles, sources: &mut sources, reasons: &mut reasons });
    assert_eq!((roles[0], reasons[0].code), (Role::Attribute, "header_values_not_dates"));
}

#[test]
fn blank_order_fields_after_the_first_line_still_group() {
    // Shopify's orders export (help.shopify.com, "Exporting orders"): the order's own fields, the date
    // among them, only on its first line. #1001 and #1003 have two lines each, the second without date.
    let text = "#1001,2024-01-02 10:00,2,Tea cup\n#1001,,1,Saucer\n#1002,2024-01-04 11:00,1,Tea pot\n\
                #1003,2024-01-06 12:00,1,Tea cup\n#1003,,1,Saucer\n";
    let (r, why) = infer_all(text, ',', P);
    assert_eq!(r[0], Role::Order);
    assert_eq!(why[0], "content_order_groups");
}

#[test]
fn thousands_and_emails() {
    assert_eq!(thousands(4338), "4,338");
    assert_eq!(thousands(18_532), "18,532");
    assert_eq!(thousands(999), "999");
    assert!(is_email("ann@example.com"));
    assert!(!is_email("ann@"));
    assert!(!is_email("a b@example.com"));
    assert!(!is_email("@example.com"));
}
