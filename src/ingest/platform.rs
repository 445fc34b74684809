//! Shop-platform exports recognised from their header: which platform wrote the file, what each of its
//! columns means, which columns are order-level (written only on an order's first line by some platforms)
//! and which rows are not purchase lines at all (payments, payouts, order summaries).
//!
//! Generic header vocabularies (`roles.rs`) guess a role from one name at a time, and on a platform export
//! they guess wrong: Shopify's `Name` is the order, not the item, and its `Total` and `Subtotal` are the
//! order's money, not a line amount. A platform's export is recognised instead by a *signature*: columns
//! that must all be present (its distinctive names) and enough of the rest of its documented column list.
//! A header that has only some of a platform's columns is not taken for it. The column lists and where
//! they come from are in `tests/data/exports/README.md`; each platform has a fixture there.
//!
//! Names are compared after [`roles::normalize`] (case, spaces, punctuation and Latin accents ignored), so
//! `Lineitem quantity`, `lineitem_quantity` and `LINEITEM QUANTITY` are one name. A spec entry may list
//! alternatives separated by `|` (a platform's translated headers, or a column renamed between versions);
//! a trailing `*` matches any name with that prefix, a trailing `#` that prefix followed by digits only
//! (`lineitem#`: `line_item_1` … `line_item_24`).

use serde::Serialize;

use super::roles::{self, Role};

/// What the data report says about a recognised export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Platform {
    /// Stable key, e.g. `shopify_orders`.
    pub id: String,
    /// Human name, e.g. `Shopify orders export`.
    pub name: String,
}

/// Rows to leave out: the value of `column` must contain one of `keep` (normalized); an empty `keep`
/// keeps rows where the column is not empty.
#[derive(Debug, Clone, Copy)]
pub struct RowFilter {
    /// Normalized column name (alternatives with `|`).
    pub column: &'static str,
    /// Words one of which a purchase line's value contains.
    pub keep: &'static [&'static str],
}

/// One platform's export.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Stable key.
    pub id: &'static str,
    /// Human name.
    pub name: &'static str,
    /// Columns that must all be present.
    pub required: &'static [&'static str],
    /// Further documented columns; with `required`, at least [`MIN_SHARE`] of them must be present.
    pub other: &'static [&'static str],
    /// Roles: a role goes to the first listed column the file has (alternatives with `|`, preferred first).
    pub roles: &'static [(&'static str, Role)],
    /// Order-level columns, filled down from an order's first line (a trailing `*` matches a prefix).
    pub order_level: &'static [&'static str],
    /// Rows that are not purchase lines.
    pub filter: Option<RowFilter>,
    /// The column(s) packing an order's line items: one cell of all items (`lineitems`), or one column
    /// per item (`lineitem#`), read in the header's order.
    pub packed: Option<(&'static str, Packed)>,
    /// What the reader does with this shape, for the report's notes.
    pub note: Option<&'static str>,
    /// Columns without a role kept as attributes (segmentable facts: country, channel, tags…); the
    /// platform's other columns (addresses, phones, order money, tax lines) are ignored, which keeps names
    /// and addresses out of memory and a wide export as fast to read as a plain one. `None` keeps them all.
    pub keep: Option<&'static [&'static str]>,
}

/// Share of a platform's listed columns (required + other) a header must have.
pub const MIN_SHARE: f64 = 0.5;

/// A recognised export and what it says about each column.
#[derive(Debug, Clone)]
pub struct Recognised {
    /// The platform's spec.
    pub spec: &'static Spec,
    /// Role per column (attribute when the platform gives none).
    pub roles: Vec<Role>,
    /// Order-level columns (by position) to fill down.
    pub order_level: Vec<usize>,
    /// Column of the row filter, and its words.
    pub filter: Option<(usize, &'static [&'static str])>,
    /// Columns of packed line items (by position, in the header's order), and how they are written.
    pub packed: Option<(Vec<usize>, Packed)>,
    /// Share of the spec's columns present.
    pub share: f64,
}

impl Recognised {
    /// The report's form.
    pub fn platform(&self) -> Platform {
        Platform { id: self.spec.id.to_string(), name: self.spec.name.to_string() }
    }
}

fn matches(entry: &str, name: &str) -> bool {
    if let Some(prefix) = entry.strip_suffix('#') {
        return prefix
            .split('|')
            .any(|p| name.strip_prefix(p).is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit())));
    }
    match entry.strip_suffix('*') {
        Some(prefix) => prefix.split('|').any(|p| name.starts_with(p)),
        None => entry.split('|').any(|e| e == name),
    }
}

/// Recognises a platform export from its header names; `None` when no platform's signature is complete.
pub fn recognise(names: &[String]) -> Option<Recognised> {
    let norm: Vec<String> = names.iter().map(|n| roles::normalize(n)).collect();
    let has = |entry: &str| norm.iter().any(|n| matches(entry, n));
    let mut best: Option<(f64, &'static Spec)> = None;
    for spec in SPECS {
        if !spec.required.iter().all(|e| has(e)) {
            continue;
        }
        let listed = spec.required.len() + spec.other.len();
        let present = spec.required.len() + spec.other.iter().filter(|e| has(e)).count();
        let share = present as f64 / listed as f64;
        if share >= MIN_SHARE && best.is_none_or(|(s, _)| share > s) {
            best = Some((share, spec));
        }
    }
    let (share, spec) = best?;
    let mut roles_v = vec![Role::Attribute; names.len()];
    for &(entry, role) in spec.roles {
        if roles_v.contains(&role) {
            continue;
        }
        // Alternatives in preference order: `customeremail|billtoname` takes the e-mail when there is one.
        let free = |i: usize, alt: &str| roles_v[i] == Role::Attribute && norm[i] == alt;
        if let Some(i) = entry.split('|').find_map(|alt| (0..norm.len()).find(|&i| free(i, alt))) {
            roles_v[i] = role;
        }
    }
    let filter = spec.filter.and_then(|f| norm.iter().position(|n| matches(f.column, n)).map(|i| (i, f.keep)));
    let packed = spec.packed.and_then(|(c, p)| {
        let cols: Vec<usize> = (0..norm.len()).filter(|&i| roles_v[i] == Role::Attribute && matches(c, &norm[i])).collect();
        (!cols.is_empty()).then_some((cols, p))
    });
    if let Some(keep) = spec.keep {
        let used = |i: usize| filter.is_some_and(|(f, _)| f == i) || packed.as_ref().is_some_and(|(p, _)| p.contains(&i));
        for i in 0..norm.len() {
            if roles_v[i] == Role::Attribute && !used(i) && !keep.iter().any(|e| matches(e, &norm[i])) {
                roles_v[i] = Role::Ignore;
            }
        }
    }
    let order_level = (0..norm.len()).filter(|&i| spec.order_level.iter().any(|e| matches(e, &norm[i]))).collect();
    Some(Recognised { spec, roles: roles_v, order_level, filter, packed, share })
}

/// How a platform packs an order's line items into one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Packed {
    /// WooCommerce's Customer/Order CSV export: items separated by `;`, each `key:value` pairs separated by
    /// `|` (`name:Mug|sku:MUG-1|quantity:2|total:25.00`). WebToffee's order export writes the same
    /// `key:value|…` form, one item per `line_item_N` column.
    WooCommerce,
    /// Shopware 6's "Default orders" profile: `quantity x product number` separated by `|`
    /// (`2x SW10001|1x SW10002|`).
    Shopware,
}

/// One line item unpacked from a cell.
#[derive(Debug, Clone, PartialEq)]
pub struct PackedItem {
    /// Item key: the SKU or product number, else the name.
    pub key: String,
    /// Display name, when given.
    pub name: String,
    /// Quantity (1 when not given).
    pub quantity: f64,
    /// Line total, when given (`NaN` otherwise).
    pub total: f64,
}

/// Most items unpacked from one cell (a bound on the rows one input row can make).
pub const MAX_PACKED_ITEMS: usize = 1000;

/// Unpacks a cell of line items; items that cannot be read are skipped, and at most
/// [`MAX_PACKED_ITEMS`] are returned.
pub fn unpack(cell: &[u8], format: Packed) -> Vec<PackedItem> {
    let text = String::from_utf8_lossy(cell);
    let num = |s: &str| s.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    let mut out = Vec::new();
    match format {
        Packed::WooCommerce => {
            for item in text.split(';').filter(|i| !i.trim().is_empty()).take(MAX_PACKED_ITEMS) {
                let (mut name, mut sku, mut qty, mut total) = ("", "", None, None);
                for pair in item.split('|') {
                    match pair.split_once(':') {
                        Some(("name", v)) => name = v.trim(),
                        Some(("sku", v)) => sku = v.trim(),
                        Some(("quantity", v)) => qty = num(v),
                        Some(("total", v)) => total = num(v),
                        _ => {}
                    }
                }
                let key = if sku.is_empty() { name } else { sku };
                if !key.is_empty() {
                    out.push(PackedItem {
                        key: key.to_string(),
                        name: name.to_string(),
                        quantity: qty.unwrap_or(1.0),
                        total: total.unwrap_or(f64::NAN),
                    });
                }
            }
        }
        Packed::Shopware => {
            for item in text.split('|').filter(|i| !i.trim().is_empty()).take(MAX_PACKED_ITEMS) {
                let item = item.trim();
                let (qty, key) = match item.split_once(['x', 'X']) {
                    Some((q, k)) if num(q).is_some() => (num(q), k.trim()),
                    _ => (None, item),
                };
                if !key.is_empty() {
                    out.push(PackedItem { key: key.to_string(), name: String::new(), quantity: qty.unwrap_or(1.0), total: f64::NAN });
                }
            }
        }
    }
    out
}

/// What an order's status says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusClass {
    /// Nothing that changes revenue (paid, completed, shipped, pending…).
    Other,
    /// Fully refunded (or reversed): the order's lines are returns.
    Refunded,
    /// Partly refunded: the lines stay purchases; the refunded amount is reconciled in the report.
    PartiallyRefunded,
    /// Cancelled or voided: the order's lines are returns.
    Cancelled,
    /// Payment failed or declined: no money was taken; the order's lines are returns.
    Failed,
}

/// Classifies a status value in the words the platforms use (English, German, French, Spanish,
/// Portuguese, Italian, Dutch).
pub fn classify_status(value: &[u8]) -> StatusClass {
    if value.is_empty() {
        return StatusClass::Other;
    }
    let v = roles::normalize(&String::from_utf8_lossy(value));
    let any = |words: &[&str]| words.iter().any(|w| v.contains(w));
    let refund = any(&["refund", "erstattet", "rembours", "reembols", "rimbors", "terugbetaal", "reversed", "returned"]);
    if refund && any(&["partial", "teilweise", "partiel", "parcial", "parzial", "gedeeltelijk"]) {
        StatusClass::PartiallyRefunded
    } else if refund {
        StatusClass::Refunded
    } else if any(&["cancel", "void", "storn", "annul", "anulad", "geannuleerd"]) {
        StatusClass::Cancelled
    } else if any(&["fail", "declin", "denied", "paymenterror", "expired", "fehlgeschlagen", "echoue", "fallid", "erreur"]) {
        StatusClass::Failed
    } else {
        StatusClass::Other
    }
}

/// True when a row passes a platform's row filter.
pub fn keeps(value: &[u8], keep: &[&str]) -> bool {
    if keep.is_empty() {
        return !value.trim_ascii().is_empty();
    }
    let v = roles::normalize(&String::from_utf8_lossy(value));
    keep.iter().any(|w| v.contains(w))
}

mod specs;
pub use specs::SPECS;

#[cfg(test)]
mod tests {
    use super::*;
    use Role::*;

    fn names(s: &str, sep: char) -> Vec<String> {
        s.split(sep).map(|n| n.trim().to_string()).collect()
    }

    /// The first 21 columns of Shopify's orders export, in its order (help.shopify.com, "Exporting orders";
    /// the same order as a real export quoted at docs.xbp.app/docs/development/integrations/shopify/order-format).
    const SHOPIFY: &str = "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,\
        Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,\
        Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku";

    #[test]
    fn shopify_header_gets_its_roles() {
        let r = recognise(&names(SHOPIFY, ',')).expect("recognised");
        assert_eq!(r.spec.id, "shopify_orders");
        let role = |n: &str| r.roles[names(SHOPIFY, ',').iter().position(|x| x == n).unwrap()];
        assert_eq!(role("Name"), Order);
        assert_eq!(role("Email"), Customer);
        assert_eq!(role("Created at"), Date);
        assert_eq!(role("Lineitem quantity"), Quantity);
        assert_eq!(role("Lineitem price"), UnitPrice);
        assert_eq!(role("Lineitem sku"), ItemCode);
        assert_eq!(role("Lineitem name"), ItemName);
        assert_eq!(role("Financial Status"), Status);
        // Order-level money is not a line amount, and no analysis uses it: ignored (not held in memory).
        assert_eq!(role("Total"), Ignore);
        assert_eq!(role("Subtotal"), Ignore);
        assert_eq!(role("Paid at"), Ignore);
        // Segmentable facts stay attributes.
        assert_eq!(role("Discount Code"), Attribute);
        assert_eq!(role("Accepts Marketing"), Attribute);
        assert_eq!(role("Currency"), Attribute);
        assert!(r.order_level.contains(&1) && r.order_level.contains(&15) && !r.order_level.contains(&16));
    }

    #[test]
    fn a_header_only_partly_a_platforms_is_not_taken_for_it() {
        // A plain one-row-per-order file shares Name, Email and Total with Shopify but not its signature.
        assert!(recognise(&names("Name,Email,Created at,Total", ',')).is_none());
        // All seven required Shopify columns but none of the other 32 listed: 7/39 < 50 %.
        assert!(recognise(&names("Name,Email,Financial Status,Created at,Lineitem quantity,Lineitem name,Lineitem price", ',')).is_none());
        // Stripe without its refund column, and the Online Retail header: nothing.
        assert!(recognise(&names("id,Created date (UTC),Amount,Currency,Status,Customer Email", ',')).is_none());
        assert!(recognise(&names("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country", ',')).is_none());
    }

    #[test]
    fn spellings_and_translations_compare_equal() {
        let r = recognise(&names("ID;Référence;Nouveau client;Livraison;Client;Total;Paiement;État;Date", ';')).expect("French PrestaShop");
        assert_eq!(r.spec.id, "prestashop_orders");
        assert_eq!(r.roles, vec![Attribute, Order, Attribute, Attribute, Customer, Amount, Attribute, Status, Date]);
        let amazon = "order-id\torder-item-id\tpurchase-date\tpayments-date\tbuyer-email\tbuyer-name\tsku\tproduct-name\tquantity-purchased\tcurrency\titem-price\titem-tax\tshipping-price\tshipping-tax";
        assert_eq!(recognise(&names(amazon, '\t')).unwrap().spec.id, "amazon_order_report");
    }

    #[test]
    fn statuses_in_platform_words() {
        use StatusClass::*;
        for (v, c) in [
            ("paid", Other),
            ("partially_refunded", PartiallyRefunded),
            ("Partially refunded", PartiallyRefunded),
            ("refunded", Refunded),
            ("Payment Refund", Refunded),
            ("voided", Cancelled),
            ("Canceled", Cancelled),
            ("wc-cancelled", Cancelled),
            ("Failed", Failed),
            ("Payment error", Failed),
            ("Annulé", Cancelled),
            ("Remboursé", Refunded),
            ("Completed", Other),
            ("", Other),
        ] {
            assert_eq!(classify_status(v.as_bytes()), c, "{v}");
        }
    }

    #[test]
    fn packed_line_items() {
        // Formats as in tests/data/exports/README.md (WooCommerce Customer/Order CSV Export, Shopware 6).
        let w =
            unpack(b"name:Stoneware mug|sku:MUG-1|quantity:2|total:25.00;name:Gift card|sku:|quantity:1|total:25.00", Packed::WooCommerce);
        assert_eq!(w.len(), 2);
        assert_eq!((w[0].key.as_str(), w[0].quantity, w[0].total), ("MUG-1", 2.0, 25.0));
        assert_eq!((w[1].key.as_str(), w[1].name.as_str()), ("Gift card", "Gift card"));
        let s = unpack(b"2x SW10001|1x SW10002|", Packed::Shopware);
        assert_eq!(s.iter().map(|i| (i.key.as_str(), i.quantity)).collect::<Vec<_>>(), vec![("SW10001", 2.0), ("SW10002", 1.0)]);
        assert!(unpack(b"", Packed::Shopware).is_empty());
        assert!(unpack(b";;|", Packed::WooCommerce).is_empty());
        assert_eq!(unpack("a;".repeat(5000).as_bytes(), Packed::WooCommerce).len(), 0, "no name or sku: skipped");
        assert_eq!(unpack("1x A|".repeat(5000).as_bytes(), Packed::Shopware).len(), MAX_PACKED_ITEMS);
    }

    #[test]
    fn numbered_columns() {
        assert!(matches("lineitem#", "lineitem1"));
        assert!(matches("lineitem#", "lineitem24"));
        assert!(!matches("lineitem#", "lineitems"), "WooCommerce's one packed column is another export");
        assert!(!matches("lineitem#", "lineitem"));
        assert!(!matches("lineitem#", "lineitem1name"));
    }

    #[test]
    fn row_filters() {
        assert!(keeps(b"Sale Line", &["saleline"]));
        assert!(!keeps(b"Sale", &["saleline"]));
        assert!(!keeps(b"Payment", &["saleline"]));
        assert!(keeps(b"123456789012", &[]));
        assert!(!keeps(b"  ", &[]));
        assert!(keeps(b"Express Checkout Payment", &["payment", "refund", "reversal"]));
        assert!(!keeps(b"General Withdrawal", &["payment", "refund", "reversal"]));
    }
}
