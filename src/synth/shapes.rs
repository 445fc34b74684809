//! Writers of the exports shops really download, from plain line items ([`Line`]): the same purchases in the
//! column lists, layouts, number and date styles of the platforms' own export files, so that tests and
//! benchmarks can check that every shape reads to the same customers, orders and revenue
//! (`clientela generate --shape …`).
//!
//! Each column list follows the platform's documentation of its export (the order of columns as there;
//! columns a shop can switch off are kept, values the synthetic shop has no notion of — addresses, phone
//! numbers, taxes — are left empty or zero):
//!
//! - [`Shape::Shopify`] — Shopify Help Center, "Exporting orders" (Admin → Orders → Export → CSV for Excel,
//!   <https://help.shopify.com/en/manual/fulfillment/managing-orders/exporting-orders>): one row per line item;
//!   `Name` is the order (`#1001`); the order's own fields (Email, Financial Status, Paid at, Created at,
//!   Subtotal, Total, Billing/Shipping, Refunded Amount, Id, …) only on its first row, blank on the others.
//!   (Some exports repeat Email and Created at on every row; the file did not, and blank is the
//!   harder case for a reader.) A cancelled order is written with its lines' quantities, Financial Status `refunded`, `Cancelled at`
//!   and `Refunded Amount` equal to the total.
//! - [`Shape::WooCommerce`] — WooCommerce Customer / Order / Coupon Export, "Default – one row per order"
//!   format (<https://woocommerce.com/document/ordercustomer-csv-exporter/>): order columns in snake case,
//!   the order's items packed in `line_items` (`name:…|sku:…|quantity:…|total:…` items joined by `;`);
//!   `status` `completed` or `refunded` (with `refunded_total`).
//! - [`Shape::WooCommerceAnalytics`] — WooCommerce Analytics → Orders → Download
//!   (<https://woocommerce.com/document/woocommerce-analytics/orders-report/>): `Date, Order #, Status,
//!   Customer, Customer type, Product(s), Items sold, Coupon(s), Net Sales`; the customer is a name, the
//!   date as the emailed export writes it (`Y-m-d H:i:s`); a refunded order has negative Net Sales.
//! - [`Shape::Stripe`] — Stripe Dashboard → Payments → Export (`unified_payments.csv`, the columns of the
//!   export dialog's default set, as Stripe Support's "Exporting payments" describes them): one row per
//!   charge (one charge per order), `id`, `Created date (UTC)`, `Amount`, `Amount Refunded`, `Status`,
//!   `Customer ID`, `Customer Email`, the order number as metadata `order_id (metadata)`.
//! - [`Shape::Square`] — Square Dashboard → Reports → Item Sales → Export "Item Sales Detail"
//!   (<https://squareup.com/help/us/en/article/5072>): `Date` and `Time` apart, `Qty`, `Gross Sales` (the
//!   line amount, with a currency sign), `Transaction ID`, `Event Type` (`Payment` / `Refund`, refunds with
//!   negative quantity and amount), `Customer ID`, `Customer Name`, `Customer Reference ID` (the shop's own
//!   customer number); no unit price.
//! - [`Shape::Etsy`] — Etsy Shop Manager → Settings → Options → Download Data → "Order Items" CSV
//!   (<https://help.etsy.com/hc/en-us/articles/360000343508>): `Sale Date` as `MM/DD/YY`, `Buyer` (a user
//!   name), `Quantity`, `Price` (unit), `Item Total`, `Order ID`, `SKU`. The file lists sales only:
//!   cancelled orders are left out.
//! - [`Shape::Amazon`] — Amazon Seller Central "Order Report", a tab-delimited flat file (Help, "Order
//!   Report fields", <https://sellercentral.amazon.co.uk/gp/help/external/201648780>): `order-id`
//!   (`202-1234567-1234567`), `purchase-date` ISO 8601 with offset, `buyer-email` (the marketplace's
//!   anonymised address), `quantity-purchased`, `item-price` (the amount for the quantity, not a unit
//!   price). Cancelled orders are left out.
//! - [`Shape::German`] — a German spreadsheet (Excel on Windows, "CSV (Trennzeichen-getrennt)"):
//!   Windows-1252, `;`, CRLF, decimal comma, `dd.mm.yyyy HH:MM`, headers Rechnungsnummer, Artikelnummer,
//!   Artikelbezeichnung, Menge, Rechnungsdatum, Einzelpreis, Kundennummer, Land (country names in German);
//!   a character Windows-1252 lacks is written `?`, as Excel does.
//! - [`Shape::French`] — a French spreadsheet ("CSV UTF-8 (délimité par des points-virgules)"): UTF-8 with
//!   BOM, `;`, CRLF, decimal comma, `dd/mm/yyyy`, headers N° de commande, Date de commande, Code article,
//!   Désignation, Quantité, Prix unitaire HT, Code client, Pays.
//! - [`Shape::Cdnow`] — the CDNOW master file of Fader & Hardie (`CDNOW_master.txt`, with the BG/NBD
//!   papers' data at <https://www.brucehardie.com/datasets/>): no header, space-aligned
//!   `customer_id yyyymmdd number_of_cds dollar_value` (`00001 19970101  1  11.77`), one row per customer
//!   and day; purchases only (lines with positive quantity and price of customers).
//!
//! Where a platform keys customers by e-mail (Shopify, WooCommerce, Stripe, Amazon) a numeric customer id
//! becomes an address (`customer17850@example.com`; Amazon: a hex alias at `marketplace.amazon.co.uk`);
//! where it shows a name (WooCommerce Analytics, Square, Etsy) a name is made from the id, one to one.
//! Amounts are whole cents: a line's amount is quantity × unit price rounded half away from zero, an
//! order's total the sum of its lines' amounts. Everything is deterministic.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, Write};

use super::Line;

/// A platform's export layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// Shopify orders export (one row per line item, order fields on the first).
    Shopify,
    /// WooCommerce one-row-per-order export with the line items packed in one column.
    WooCommerce,
    /// WooCommerce Analytics orders report (one row per order).
    WooCommerceAnalytics,
    /// Stripe payments export (one row per charge).
    Stripe,
    /// Square item sales detail (one row per item sold).
    Square,
    /// Etsy sold order items (one row per item sold).
    Etsy,
    /// Amazon seller order report (tab-separated, one row per item).
    Amazon,
    /// German spreadsheet export (Windows-1252, `;`, decimal comma).
    German,
    /// French spreadsheet export (UTF-8 BOM, `;`, decimal comma).
    French,
    /// CDNOW master file (space-aligned, one row per customer and day).
    Cdnow,
}

impl Shape {
    /// Every shape, in the order of `--shape`'s help.
    pub const ALL: [Shape; 10] = [
        Shape::Shopify,
        Shape::WooCommerce,
        Shape::WooCommerceAnalytics,
        Shape::Stripe,
        Shape::Square,
        Shape::Etsy,
        Shape::Amazon,
        Shape::German,
        Shape::French,
        Shape::Cdnow,
    ];

    /// The name `--shape` takes.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Shopify => "shopify",
            Shape::WooCommerce => "woocommerce",
            Shape::WooCommerceAnalytics => "woocommerce-analytics",
            Shape::Stripe => "stripe",
            Shape::Square => "square",
            Shape::Etsy => "etsy",
            Shape::Amazon => "amazon",
            Shape::German => "german",
            Shape::French => "french",
            Shape::Cdnow => "cdnow",
        }
    }

    /// The shape of a name (case-insensitive; `_` or `-` alike).
    pub fn from_name(s: &str) -> Option<Shape> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        Shape::ALL.into_iter().find(|sh| sh.name() == s)
    }

    /// Field delimiter of the file.
    pub fn delimiter(self) -> u8 {
        match self {
            Shape::Amazon => b'\t',
            Shape::German | Shape::French => b';',
            Shape::Cdnow => b' ',
            _ => b',',
        }
    }

    /// The header row (empty for the CDNOW file, which has none).
    pub fn header(self) -> &'static [&'static str] {
        match self {
            Shape::Shopify => SHOPIFY,
            Shape::WooCommerce => WOOCOMMERCE,
            Shape::WooCommerceAnalytics => WOO_ANALYTICS,
            Shape::Stripe => STRIPE,
            Shape::Square => SQUARE,
            Shape::Etsy => ETSY,
            Shape::Amazon => AMAZON,
            Shape::German => GERMAN,
            Shape::French => FRENCH,
            Shape::Cdnow => &[],
        }
    }

    fn line_end(self) -> &'static str {
        match self {
            Shape::German | Shape::French => "\r\n",
            _ => "\n",
        }
    }
}

impl std::str::FromStr for Shape {
    type Err = String;
    fn from_str(s: &str) -> Result<Shape, String> {
        Shape::from_name(s).ok_or_else(|| format!("unknown shape {s:?}; the shapes are: {}", Shape::ALL.map(Shape::name).join(", ")))
    }
}

impl std::fmt::Display for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

mod headers;
use headers::*;

/// Country names of the shop and of the Online Retail file: ISO 3166 code, German and French name.
const COUNTRIES: &[(&str, &str, &str, &str)] = &[
    ("United Kingdom", "GB", "Vereinigtes Königreich", "Royaume-Uni"),
    ("Germany", "DE", "Deutschland", "Allemagne"),
    ("France", "FR", "Frankreich", "France"),
    ("Portugal", "PT", "Portugal", "Portugal"),
    ("Spain", "ES", "Spanien", "Espagne"),
    ("Czech Republic", "CZ", "Tschechien", "République tchèque"),
    ("EIRE", "IE", "Irland", "Irlande"),
    ("Netherlands", "NL", "Niederlande", "Pays-Bas"),
    ("Belgium", "BE", "Belgien", "Belgique"),
    ("Switzerland", "CH", "Schweiz", "Suisse"),
    ("Australia", "AU", "Australien", "Australie"),
    ("Norway", "NO", "Norwegen", "Norvège"),
    ("Italy", "IT", "Italien", "Italie"),
    ("Sweden", "SE", "Schweden", "Suède"),
    ("Denmark", "DK", "Dänemark", "Danemark"),
    ("Finland", "FI", "Finnland", "Finlande"),
    ("Austria", "AT", "Österreich", "Autriche"),
    ("Poland", "PL", "Polen", "Pologne"),
    ("Japan", "JP", "Japan", "Japon"),
    ("USA", "US", "Vereinigte Staaten", "États-Unis"),
];

/// Column of a country table: 1 ISO code, 2 German, 3 French; names not in the table are kept.
fn country(name: &str, col: usize) -> &str {
    COUNTRIES.iter().find(|c| c.0 == name).map_or(name, |c| [c.0, c.1, c.2, c.3][col])
}

const FIRST: [&str; 32] = [
    "Ann", "Ben", "Clara", "David", "Emma", "Felix", "Grace", "Hugo", "Iris", "Jack", "Kate", "Leo", "Mia", "Noah", "Olga", "Paul",
    "Quinn", "Rosa", "Sam", "Tara", "Umar", "Vera", "Will", "Xenia", "Yusuf", "Zoe", "Alba", "Bruno", "Chloe", "Dario", "Elin", "Finn",
];
const LAST: [&str; 32] = [
    "Baker", "Clarke", "Dawson", "Evans", "Fischer", "Garcia", "Hughes", "Ivanova", "Jones", "Keller", "Lopez", "Martin", "Novak", "Owens",
    "Petit", "Quist", "Rossi", "Silva", "Taylor", "Ueda", "Vargas", "Walsh", "Young", "Zimmer", "Adams", "Brooks", "Costa", "Duval",
    "Ellis", "Fox", "Grant", "Hale",
];

/// A person's name for a customer id, one to one: a numeric id in mixed radix 32 (first name, then
/// surnames joined by `-`); any other id is kept.
pub fn customer_name(id: &str) -> String {
    let Ok(mut n) = id.parse::<u64>() else { return id.to_string() };
    let mut s = String::from(FIRST[(n % 32) as usize]);
    n /= 32;
    s.push(' ');
    loop {
        s.push_str(LAST[(n % 32) as usize]);
        n /= 32;
        if n == 0 {
            break;
        }
        s.push('-');
    }
    s
}

/// An e-mail address for a customer id: kept when it is one, `customer<id>@example.com` otherwise
/// (letters and digits of the id, lower case).
pub fn customer_email(id: &str) -> String {
    if id.contains('@') {
        return id.to_string();
    }
    let local: String = id.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
    format!("customer{local}@example.com")
}

/// A bijective mix of 64 bits (multiplication by an odd constant, then an xor-shift): distinct numbers give
/// distinct tokens, which look random.
fn mix(n: u64) -> u64 {
    let x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^ (x >> 29)
}

/// FNV-1a of a string, for ids that are not numbers.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

fn number_of(id: &str) -> u64 {
    id.parse().unwrap_or_else(|_| fnv(id))
}

/// A platform-style token: `prefix` + 11 base-62 digits of a mixed number (one to one).
fn token(prefix: &str, n: u64) -> String {
    const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    // Offset first, so that 0 does not give a token of zeros.
    let mut x = mix(n.wrapping_add(0x51_7CC1_B727));
    let mut s = String::with_capacity(prefix.len() + 11);
    s.push_str(prefix);
    for _ in 0..11 {
        s.push(DIGITS[(x % 62) as usize] as char);
        x /= 62;
    }
    s
}

/// A line's amount in cents: quantity × unit price, rounded half away from zero (exact for prices with up
/// to six decimals).
pub fn line_cents(l: &Line) -> i64 {
    let micros = (l.price * 1e6).round() as i128 * l.quantity as i128;
    let cents = (micros.abs() + 5_000) / 10_000;
    (if micros < 0 { -cents } else { cents }) as i64
}

/// Cents as `12.34` (or `12,34` with `comma`).
fn cents_text(c: i64, comma: bool) -> String {
    let s = format!("{}{}.{:02}", if c < 0 { "-" } else { "" }, c.abs() / 100, c.abs() % 100);
    if comma { s.replace('.', ",") } else { s }
}

/// A unit price with two decimals, or more when it has them (Online Retail has prices of 0.001).
fn price_text(p: f64, comma: bool) -> String {
    let s = if ((p * 100.0).round() - p * 100.0).abs() < 1e-7 { format!("{p:.2}") } else { format!("{p}") };
    if comma { s.replace('.', ",") } else { s }
}

/// True when Windows-1252 has the character.
fn encodes_in_1252(c: char) -> bool {
    let mut buf = [0u8; 4];
    !encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf)).2
}

/// Order digits without the cancellation `C`.
fn order_digits(order: &str) -> &str {
    match order.strip_prefix(['C', 'c']) {
        Some(rest) if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => order,
    }
}

/// True when the order is a cancellation: `C` + digits, or every quantity negative.
fn cancelled(lines: &[Line]) -> bool {
    lines.first().is_some_and(|l| crate::ingest::sniff::is_cancel_id(l.order.as_bytes()))
        || (!lines.is_empty() && lines.iter().all(|l| l.quantity < 0))
}

/// Writes one shape: [`ShapeWriter::new`] writes the header, [`ShapeWriter::order`] one order at a time (its
/// lines together, as the shop or the source file lists them), [`ShapeWriter::finish`] the rest (the CDNOW
/// file's customer-days) and returns the sink.
pub struct ShapeWriter<W: Write> {
    shape: Shape,
    out: W,
    col: HashMap<&'static str, usize>,
    orders: u64,
    lines: u64,
    row: Vec<String>,
    text: String,
    seen: HashSet<String>,
    /// CDNOW: (customer id length, customer id, yyyymmdd) → (items, cents). Sorted as numbers for ids of digits.
    days: BTreeMap<(usize, String, i64), (i64, i64)>,
}

impl<W: Write> ShapeWriter<W> {
    /// Starts a file: the byte-order mark (French) and the header.
    pub fn new(shape: Shape, out: W) -> io::Result<ShapeWriter<W>> {
        let header = shape.header();
        let mut w = ShapeWriter {
            shape,
            out,
            col: header.iter().enumerate().map(|(i, h)| (*h, i)).collect(),
            orders: 0,
            lines: 0,
            row: vec![String::new(); header.len()],
            text: String::new(),
            seen: HashSet::new(),
            days: BTreeMap::new(),
        };
        if shape == Shape::French {
            w.out.write_all("\u{feff}".as_bytes())?;
        }
        if !header.is_empty() {
            for (i, h) in header.iter().enumerate() {
                w.row[i] = h.to_string();
            }
            w.emit()?;
        }
        Ok(w)
    }

    /// Sets a column of the row being built.
    fn set(&mut self, name: &str, value: impl Into<String>) {
        let i = self.col[name];
        self.row[i] = value.into();
    }

    /// Writes the row being built (quoted where needed, encoded) and clears it.
    fn emit(&mut self) -> io::Result<()> {
        let d = self.shape.delimiter() as char;
        self.text.clear();
        let latin = self.shape == Shape::German;
        for (i, f) in self.row.iter_mut().enumerate() {
            if i > 0 {
                self.text.push(d);
            }
            if latin && !f.is_ascii() {
                // What Excel does saving as Windows-1252: a character the code page lacks becomes `?`
                // (encoding_rs would write `&#NNNN;`, whose `;` is the delimiter).
                *f = f.chars().map(|c| if encodes_in_1252(c) { c } else { '?' }).collect();
            }
            if f.contains([d, '"', '\n', '\r']) {
                self.text.push('"');
                self.text.push_str(&f.replace('"', "\"\""));
                self.text.push('"');
            } else {
                self.text.push_str(f);
            }
            f.clear();
        }
        self.text.push_str(self.shape.line_end());
        if self.shape == Shape::German {
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&self.text);
            self.out.write_all(&bytes)
        } else {
            self.out.write_all(self.text.as_bytes())
        }
    }

    /// Writes one order: its lines, all with the same order id.
    pub fn order(&mut self, lines: &[Line]) -> io::Result<()> {
        let Some(first) = lines.first() else { return Ok(()) };
        let seq = self.orders;
        self.orders += 1;
        let refund = cancelled(lines);
        let total: i64 = lines.iter().map(|l| line_cents(l).abs()).sum();
        let (y, m, d) = first.date;
        let (hh, mm, ss) = (first.secs / 3600, first.secs / 60 % 60, first.secs % 60);
        let iso = format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}");
        let cust = first.customer.as_str();
        let has_cust = !cust.is_empty();
        match self.shape {
            Shape::Shopify => {
                let created = format!("{iso} +0000");
                for (k, l) in lines.iter().enumerate() {
                    self.set("Name", format!("#{}", order_digits(&l.order)));
                    if k == 0 {
                        if has_cust {
                            self.set("Email", customer_email(cust));
                            self.set("Billing Name", customer_name(cust));
                            self.set("Shipping Name", customer_name(cust));
                            self.set("Accepts Marketing", "no");
                        }
                        self.set("Financial Status", if refund { "refunded" } else { "paid" });
                        self.set("Paid at", created.clone());
                        self.set("Fulfillment Status", "fulfilled");
                        self.set("Fulfilled at", created.clone());
                        self.set("Currency", "GBP");
                        self.set("Subtotal", cents_text(total, false));
                        self.set("Shipping", "0.00");
                        self.set("Taxes", "0.00");
                        self.set("Total", cents_text(total, false));
                        self.set("Discount Amount", "0.00");
                        self.set("Shipping Method", "Standard");
                        self.set("Created at", created.clone());
                        self.set("Billing Country", country(&l.country, 1));
                        self.set("Shipping Country", country(&l.country, 1));
                        if refund {
                            self.set("Cancelled at", created.clone());
                        }
                        self.set("Payment Method", "Shopify Payments");
                        self.set("Refunded Amount", if refund { cents_text(total, false) } else { "0.00".into() });
                        self.set("Outstanding Balance", "0.00");
                        self.set("Id", (4_500_000_000_000 + seq).to_string());
                        self.set("Risk Level", "Low");
                        self.set("Source", "web");
                    }
                    self.set("Lineitem quantity", l.quantity.abs().to_string());
                    self.set("Lineitem name", l.item_name.clone());
                    self.set("Lineitem price", price_text(l.price, false));
                    self.set("Lineitem sku", l.item_code.clone());
                    self.set("Lineitem requires shipping", "true");
                    self.set("Lineitem taxable", "true");
                    self.set("Lineitem fulfillment status", "fulfilled");
                    self.set("Lineitem discount", "0.00");
                    self.lines += 1;
                    self.emit()?;
                }
            }
            Shape::WooCommerce => {
                let digits = order_digits(&first.order).to_string();
                let mut items = String::new();
                for (k, l) in lines.iter().enumerate() {
                    if k > 0 {
                        items.push(';');
                    }
                    let amount = cents_text(line_cents(l).abs(), false);
                    let refunded = if refund { amount.clone() } else { "0.00".into() };
                    items.push_str(&format!(
                        "id:{}|name:{}|product_id:{}|variation_id:0|sku:{}|quantity:{}|subtotal:{amount}|subtotal_tax:0.00|total:{amount}|total_tax:0.00|refunded:{refunded}|refunded_qty:{}|meta:",
                        self.lines + 1,
                        l.item_name.replace(['|', ';'], " "),
                        number_of(&l.item_code) % 1_000_000,
                        l.item_code,
                        l.quantity.abs(),
                        if refund { l.quantity.abs() } else { 0 },
                    ));
                    self.lines += 1;
                }
                self.set("order_id", digits.clone());
                self.set("order_number", digits);
                self.set("order_date", iso);
                self.set("status", if refund { "refunded" } else { "completed" });
                for c in [
                    "shipping_total",
                    "shipping_tax_total",
                    "fee_total",
                    "fee_tax_total",
                    "tax_total",
                    "cart_discount",
                    "order_discount",
                    "discount_total",
                ] {
                    self.set(c, "0.00");
                }
                self.set("order_total", cents_text(total, false));
                self.set("refunded_total", if refund { cents_text(total, false) } else { "0.00".into() });
                self.set("order_currency", "GBP");
                self.set("payment_method", "stripe");
                self.set("shipping_method", "Flat rate");
                self.set("customer_id", if has_cust && cust.bytes().all(|b| b.is_ascii_digit()) { cust.to_string() } else { "0".into() });
                if has_cust {
                    let name = customer_name(cust);
                    let (f, l) = name.split_once(' ').unwrap_or((&name, ""));
                    let (f, l) = (f.to_string(), l.to_string());
                    self.set("billing_first_name", f.clone());
                    self.set("billing_last_name", l.clone());
                    self.set("billing_email", customer_email(cust));
                    self.set("shipping_first_name", f);
                    self.set("shipping_last_name", l);
                }
                self.set("billing_country", country(&first.country, 1));
                self.set("shipping_country", country(&first.country, 1));
                self.set("line_items", items);
                self.set("shipping_items", "method:Flat rate|total:0.00");
                self.set("download_permissions_granted", "1");
                self.emit()?;
            }
            Shape::WooCommerceAnalytics => {
                let kind = if !has_cust || self.seen.insert(cust.to_string()) { "new" } else { "returning" };
                let products: Vec<&str> = lines.iter().map(|l| l.item_name.as_str()).collect();
                self.set("Date", iso);
                self.set("Order #", order_digits(&first.order).to_string());
                self.set("Status", if refund { "Refunded" } else { "Completed" });
                if has_cust {
                    self.set("Customer", customer_name(cust));
                }
                self.set("Customer type", kind);
                self.set("Product(s)", products.join(", "));
                self.set("Items sold", lines.iter().map(|l| l.quantity.abs()).sum::<i64>().to_string());
                self.set("Net Sales", cents_text(if refund { -total } else { total }, false));
                self.lines += lines.len() as u64;
                self.emit()?;
            }
            Shape::Stripe => {
                let amount = cents_text(total, false);
                // Stripe's UK card fee: 1.5 % + 20p.
                let fee = (total * 15 + 500) / 1000 + 20;
                self.set("id", token("ch_3", seq));
                self.set("Created date (UTC)", iso.clone());
                self.set("Amount", amount.clone());
                self.set("Amount Refunded", if refund { amount.clone() } else { "0.00".into() });
                self.set("Currency", "gbp");
                self.set("Captured", "true");
                self.set("Converted Amount", amount.clone());
                self.set("Converted Amount Refunded", if refund { amount } else { "0.00".into() });
                self.set("Converted Currency", "gbp");
                self.set("Description", format!("Order {}", order_digits(&first.order)));
                self.set("Fee", cents_text(fee, false));
                if refund {
                    self.set("Refunded date (UTC)", iso);
                }
                self.set("Statement Descriptor", "SHOP");
                self.set("Status", if refund { "Refunded" } else { "Paid" });
                self.set("Seller Message", "Payment complete.");
                self.set("Taxes On Fee", "0.00");
                self.set("Card ID", token("card_1", seq));
                if has_cust {
                    self.set("Customer ID", token("cus_", number_of(cust)));
                    self.set("Customer Description", customer_name(cust));
                    self.set("Customer Email", customer_email(cust));
                }
                self.set("order_id (metadata)", order_digits(&first.order).to_string());
                self.lines += lines.len() as u64;
                self.emit()?;
            }
            Shape::Square => {
                let tx = token("", seq);
                for l in lines {
                    let c = line_cents(l);
                    let money = |c: i64| format!("{}£{}", if c < 0 { "-" } else { "" }, cents_text(c.abs(), false));
                    self.set("Date", format!("{y:04}-{m:02}-{d:02}"));
                    self.set("Time", format!("{hh:02}:{mm:02}:{ss:02}"));
                    self.set("Time Zone", "London");
                    self.set("Item", l.item_name.clone());
                    self.set("Qty", l.quantity.to_string());
                    self.set("Price Point Name", "Regular");
                    self.set("SKU", l.item_code.clone());
                    self.set("Gross Sales", money(c));
                    self.set("Discounts", money(0));
                    self.set("Net Sales", money(c));
                    self.set("Tax", money(0));
                    self.set("Transaction ID", tx.clone());
                    self.set("Payment ID", token("", seq ^ 0x5A5A));
                    self.set("Device Name", "Counter 1");
                    self.set("Details", "");
                    self.set("Event Type", if l.quantity < 0 { "Refund" } else { "Payment" });
                    self.set("Location", "Shop");
                    if has_cust {
                        self.set("Customer ID", token("", number_of(cust) ^ 0xC0FFEE));
                        self.set("Customer Name", customer_name(cust));
                        self.set("Customer Reference ID", cust.to_string());
                    }
                    self.set("Count", l.quantity.abs().to_string());
                    self.set("Itemization Type", "Physical Item");
                    self.set("Channel", "Point of Sale");
                    self.set("Token", token("", self.lines));
                    self.set("Card Brand", "Visa");
                    self.lines += 1;
                    self.emit()?;
                }
            }
            Shape::Etsy => {
                if refund {
                    return Ok(());
                }
                let date = format!("{m:02}/{d:02}/{:02}", y.rem_euclid(100));
                for l in lines {
                    self.set("Sale Date", date.clone());
                    self.set("Item Name", l.item_name.clone());
                    if has_cust {
                        self.set("Buyer", customer_name(cust).to_ascii_lowercase().replace(' ', "."));
                        self.set("Ship Name", customer_name(cust));
                    }
                    self.set("Quantity", l.quantity.to_string());
                    self.set("Price", price_text(l.price, false));
                    self.set("Discount Amount", "0");
                    self.set("Shipping Discount", "0");
                    self.set("Order Shipping", "0");
                    self.set("Order Sales Tax", "0");
                    self.set("Item Total", cents_text(line_cents(l), false));
                    self.set("Currency", "GBP");
                    self.set("Transaction ID", (1_000_000_000 + self.lines).to_string());
                    self.set("Listing ID", (100_000_000 + fnv(&l.item_code) % 900_000_000).to_string());
                    self.set("Date Paid", date.clone());
                    self.set("Date Shipped", date.clone());
                    self.set("Ship Country", l.country.clone());
                    self.set("Order ID", order_digits(&l.order).to_string());
                    self.set("Order Type", "online");
                    self.set("Listings Type", "listing");
                    self.set("Payment Type", "online_cc");
                    self.set("VAT Paid by Buyer", "0");
                    self.set("SKU", l.item_code.clone());
                    self.lines += 1;
                    self.emit()?;
                }
            }
            Shape::Amazon => {
                if refund {
                    return Ok(());
                }
                let id = format!("{:03}-{:07}-{:07}", 202 + seq / 10_000_000, seq % 10_000_000, (seq * 7_654_321 + 1_234_567) % 10_000_000);
                let date = format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}+00:00");
                for l in lines {
                    self.set("order-id", id.clone());
                    self.set("order-item-id", (10_000_000_000_000 + self.lines).to_string());
                    self.set("purchase-date", date.clone());
                    self.set("payments-date", date.clone());
                    if has_cust {
                        self.set("buyer-email", format!("{:016x}@marketplace.amazon.co.uk", mix(number_of(cust))));
                        self.set("buyer-name", customer_name(cust));
                        self.set("recipient-name", customer_name(cust));
                    }
                    self.set("sku", l.item_code.clone());
                    self.set("product-name", l.item_name.clone());
                    self.set("quantity-purchased", l.quantity.to_string());
                    self.set("currency", "GBP");
                    self.set("item-price", cents_text(line_cents(l), false));
                    self.set("item-tax", "0.00");
                    self.set("shipping-price", "0.00");
                    self.set("shipping-tax", "0.00");
                    self.set("ship-service-level", "Standard");
                    self.set("ship-country", country(&l.country, 1));
                    self.set("sales-channel", "Amazon.co.uk");
                    self.lines += 1;
                    self.emit()?;
                }
            }
            Shape::German | Shape::French => {
                let german = self.shape == Shape::German;
                let date = if german { format!("{d:02}.{m:02}.{y:04} {hh:02}:{mm:02}") } else { format!("{d:02}/{m:02}/{y:04}") };
                for l in lines {
                    self.row[0] = l.order.clone();
                    if german {
                        self.row[1] = l.item_code.clone();
                        self.row[2] = l.item_name.clone();
                        self.row[3] = l.quantity.to_string();
                        self.row[4] = date.clone();
                    } else {
                        self.row[1] = date.clone();
                        self.row[2] = l.item_code.clone();
                        self.row[3] = l.item_name.clone();
                        self.row[4] = l.quantity.to_string();
                    }
                    self.row[5] = price_text(l.price, true);
                    self.row[6] = l.customer.clone();
                    self.row[7] = country(&l.country, if german { 2 } else { 3 }).to_string();
                    self.lines += 1;
                    self.emit()?;
                }
            }
            Shape::Cdnow => {
                for l in lines {
                    if l.customer.is_empty() || l.quantity <= 0 || l.price <= 0.0 {
                        continue;
                    }
                    let (y, m, d) = l.date;
                    let key = (l.customer.len(), l.customer.replace(' ', "_"), y * 10_000 + m as i64 * 100 + d as i64);
                    let e = self.days.entry(key).or_insert((0, 0));
                    e.0 += l.quantity;
                    e.1 += line_cents(l);
                    self.lines += 1;
                }
            }
        }
        Ok(())
    }

    /// Ends the file and returns the sink.
    pub fn finish(mut self) -> io::Result<W> {
        for ((_, id, day), (items, cents)) in std::mem::take(&mut self.days) {
            let id = if id.bytes().all(|b| b.is_ascii_digit()) { format!("{id:0>5}") } else { id };
            writeln!(self.out, "{id} {day} {items:>2} {:>6}", cents_text(cents, false))?;
        }
        self.out.flush()?;
        Ok(self.out)
    }

    /// Orders and lines taken so far (lines that the shape leaves out included).
    pub fn counts(&self) -> (u64, u64) {
        (self.orders, self.lines)
    }
}

/// The lines as bytes in a shape (test and benchmark inputs).
pub fn bytes(shape: Shape, orders: &[Vec<Line>]) -> Vec<u8> {
    let mut w = ShapeWriter::new(shape, Vec::new()).expect("writing to memory");
    for o in orders {
        w.order(o).expect("writing to memory");
    }
    w.finish().expect("writing to memory")
}

#[cfg(test)]
mod tests;
