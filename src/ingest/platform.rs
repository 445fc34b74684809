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

use Role::*;

/// The platforms recognised. Column names are normalized (see the module doc); sources are in
/// `tests/data/exports/README.md`.
pub static SPECS: &[Spec] = &[
    Spec {
        id: "shopify_orders",
        name: "Shopify orders export",
        required: &["name", "email", "financialstatus", "createdat", "lineitemquantity", "lineitemname", "lineitemprice"],
        other: &[
            "paidat",
            "fulfillmentstatus",
            "fulfilledat",
            "acceptsmarketing",
            "currency",
            "subtotal",
            "shipping",
            "taxes",
            "total",
            "discountcode",
            "discountamount",
            "shippingmethod",
            "lineitemcompareatprice",
            "lineitemsku",
            "lineitemrequiresshipping",
            "lineitemtaxable",
            "lineitemfulfillmentstatus",
            "billingname",
            "billingcountry",
            "shippingname",
            "shippingcountry",
            "notes",
            "cancelledat",
            "paymentmethod",
            "refundedamount",
            "vendor",
            "outstandingbalance",
            "id",
            "tags",
            "risklevel",
            "source",
            "lineitemdiscount",
        ],
        roles: &[
            ("name", Order),
            ("email", Customer),
            ("createdat", Date),
            ("lineitemquantity", Quantity),
            ("lineitemprice", UnitPrice),
            ("lineitemsku", ItemCode),
            ("lineitemname", ItemName),
            ("lineitemcompareatprice", ListPrice),
            ("financialstatus", Status),
            ("cancelledat", Cancelled),
            ("refundedamount", Refund),
        ],
        order_level: &[
            "email",
            "financialstatus",
            "paidat",
            "fulfillmentstatus",
            "fulfilledat",
            "acceptsmarketing",
            "currency",
            "subtotal",
            "shipping",
            "taxes",
            "total",
            "discountcode",
            "discountamount",
            "shippingmethod",
            "createdat",
            "billing*",
            "shippingname",
            "shippingstreet",
            "shippingaddress*",
            "shippingcompany",
            "shippingcity",
            "shippingzip",
            "shippingprovince*",
            "shippingcountry",
            "shippingphone",
            "notes",
            "noteattributes",
            "cancelledat",
            "paymentmethod",
            "paymentreference",
            "refundedamount",
            "outstandingbalance",
            "employee",
            "location",
            "deviceid",
            "id",
            "tags",
            "risklevel",
            "source",
            "phone",
            "receiptnumber",
        ],
        filter: None,
        packed: None,
        note: None,
        keep: Some(&[
            "acceptsmarketing",
            "currency",
            "discountcode",
            "shippingmethod",
            "billingcity",
            "billingprovince*",
            "billingcountry",
            "paymentmethod",
            "vendor",
            "tags",
            "source",
            "location",
        ]),
    },
    Spec {
        id: "woocommerce_analytics_orders",
        name: "WooCommerce Analytics orders report",
        required: &["date", "order", "status", "customer", "products", "itemssold", "netsales"],
        // `N. Revenue (formatted)` is in the emailed export only, `Payment method` in the browser's download
        // of the table in recent versions (both in README.md).
        other: &["nrevenueformatted", "customertype", "paymentmethod", "coupons", "attribution"],
        roles: &[
            ("order", Order),
            ("date", Date),
            ("customer", Customer),
            ("status", Status),
            ("itemssold", Quantity),
            ("netsales", Amount),
        ],
        order_level: &[],
        filter: None,
        packed: None,
        note: Some("one row per order: the order's net sales are its amount; the products column is kept as text"),
        keep: None,
    },
    Spec {
        id: "woocommerce_orders",
        name: "WooCommerce orders export (one row per order)",
        required: &["orderid", "orderdate", "status", "ordertotal", "billingemail", "lineitems"],
        other: &[
            "ordernumber",
            "shippingtotal",
            "taxtotal",
            "cartdiscount",
            "discounttotal",
            "refundedtotal",
            "ordercurrency",
            "paymentmethod",
            "shippingmethod",
            "customerid",
            "billingfirstname",
            "billinglastname",
            "billingcountry",
            "shippingitems",
            "feeitems",
            "taxitems",
            "couponitems",
            "ordernotes",
        ],
        roles: &[
            ("ordernumber|orderid", Order),
            ("orderdate", Date),
            ("billingemail", Customer),
            ("ordertotal", Amount),
            ("status", Status),
            ("refundedtotal", Refund),
        ],
        order_level: &[],
        filter: None,
        packed: Some(("lineitems", Packed::WooCommerce)),
        note: Some("one row per order: its packed line items become lines, valued at their totals (shipping, fees and taxes left out)"),
        keep: None,
    },
    Spec {
        id: "woocommerce_webtoffee_orders",
        name: "WooCommerce orders export (WebToffee, one row per order)",
        required: &["orderid", "orderdate", "status", "ordertotal", "customeremail|billingemail", "lineitem1"],
        other: &[
            "ordernumber",
            "paiddate",
            "shippingtotal",
            "shippingtaxtotal",
            "feetotal",
            "feetaxtotal",
            "taxtotal",
            "cartdiscount",
            "orderdiscount",
            "discounttotal",
            "ordersubtotal",
            "ordercurrency",
            "paymentmethod",
            "paymentmethodtitle",
            "transactionid",
            "customeripaddress",
            "customeruseragent",
            "shippingmethod",
            "customerid",
            "customeruser",
            "billingfirstname",
            "billinglastname",
            "billingcountry",
            "shippingcountry",
            "customernote",
            "wtimportkey",
            "shippingitems",
            "feeitems",
            "taxitems",
            "couponitems",
            "refunditems",
            "ordernotes",
            "downloadpermissions",
        ],
        roles: &[
            ("ordernumber|orderid", Order),
            ("orderdate", Date),
            ("customeremail|billingemail", Customer),
            ("ordertotal", Amount),
            ("status", Status),
        ],
        order_level: &[],
        filter: None,
        packed: Some(("lineitem#", Packed::WooCommerce)),
        note: Some("one row per order: each line_item column becomes a line, valued at its total (shipping, fees and taxes left out)"),
        keep: Some(&[
            "billingcountry",
            "billingstate",
            "billingcity",
            "shippingcountry",
            "paymentmethodtitle",
            "shippingmethod",
            "ordercurrency",
        ]),
    },
    Spec {
        id: "square_item_sales",
        name: "Square item sales export",
        required: &["date", "time", "item", "qty", "grosssales", "netsales", "transactionid"],
        other: &[
            "timezone",
            "category",
            "pricepointname",
            "sku",
            "modifiersapplied",
            "discounts",
            "tax",
            "paymentid",
            "devicename",
            "notes",
            "details",
            "eventtype",
            "location",
            "diningoption",
            "customerid",
            "customername",
            "customerreferenceid",
            "unit",
            "count",
            "gtin",
            "itemizationtype",
            "fulfillmentnote",
            "channel",
            "token",
        ],
        roles: &[
            ("transactionid", Order),
            ("date", Date),
            ("customerid", Customer),
            ("sku", ItemCode),
            ("item", ItemName),
            ("qty", Quantity),
            ("grosssales", Amount),
        ],
        order_level: &[],
        filter: None,
        packed: None,
        note: None,
        keep: None,
    },
    Spec {
        id: "stripe_payments",
        name: "Stripe payments export",
        // Some downloads name the date `Created (UTC)` instead of `Created date (UTC)` (README.md).
        required: &["id", "createddateutc|createdutc", "amount", "amountrefunded", "currency", "status", "customeremail"],
        other: &[
            "description",
            "sellermessage",
            "convertedamount",
            "convertedamountrefunded",
            "fee",
            "tax",
            "convertedcurrency",
            "mode",
            "statementdescriptor",
            "customerid",
            "customerdescription",
            "captured",
            "cardid",
            "cardlast4",
            "cardbrand",
            "cardfunding",
            "disputedamount",
            "disputestatus",
            "invoiceid",
            "invoicenumber",
            "paymentsourcetype",
            "paymentintentid",
            "interchangecosts",
            "merchantservicecharge",
        ],
        roles: &[
            ("id", Order),
            ("createddateutc|createdutc", Date),
            ("customeremail", Customer),
            ("amount", Amount),
            ("status", Status),
            ("amountrefunded", Refund),
        ],
        order_level: &[],
        filter: None,
        packed: None,
        note: Some("one row per charge: each charge is an order; failed charges and refunds are not revenue"),
        keep: None,
    },
    Spec {
        id: "paypal_activity",
        name: "PayPal activity download",
        required: &["date", "time", "type", "status", "gross", "fee", "net", "fromemailaddress", "transactionid"],
        other: &[
            "timezone",
            "name",
            "currency",
            "toemailaddress",
            "shippingaddress",
            "addressstatus",
            "itemtitle",
            "itemid",
            "shippingandhandlingamount",
            "insuranceamount",
            "salestax",
            "referencetxnid",
            "invoicenumber",
            "customnumber",
            "quantity",
            "receiptid",
            "balance",
            "contactphonenumber",
            "subject",
            "note",
            "countrycode",
            "balanceimpact",
        ],
        roles: &[("transactionid", Order), ("date", Date), ("name", Customer), ("gross", Amount), ("type", Status)],
        order_level: &[],
        filter: Some(RowFilter { column: "type", keep: &["payment", "refund", "reversal"] }),
        packed: None,
        note: Some(
            "one row per transaction: payments are purchases, refunds (negative gross) are returns; withdrawals, \
             transfers and currency conversions are not sales",
        ),
        keep: None,
    },
    Spec {
        id: "etsy_sold_order_items",
        name: "Etsy sold order items",
        required: &["saledate", "itemname", "buyer", "quantity", "price", "itemtotal", "transactionid", "orderid"],
        other: &[
            "couponcode",
            "coupondetails",
            "discountamount",
            "shippingdiscount",
            "ordershipping",
            "ordersalestax",
            "currency",
            "listingid",
            "datepaid",
            "dateshipped",
            "shipname",
            "shipcountry",
            "variations",
            "ordertype",
            "listingstype",
            "paymenttype",
            "vatpaidbybuyer",
            "sku",
        ],
        roles: &[
            ("orderid", Order),
            ("saledate", Date),
            ("buyer", Customer),
            ("sku", ItemCode),
            ("itemname", ItemName),
            ("quantity", Quantity),
            ("price", UnitPrice),
            ("itemtotal", Amount),
        ],
        order_level: &[],
        filter: None,
        packed: None,
        note: None,
        keep: None,
    },
    Spec {
        id: "amazon_order_report",
        name: "Amazon seller order report",
        required: &["orderid", "orderitemid", "purchasedate", "buyeremail", "sku", "productname", "quantitypurchased", "itemprice"],
        other: &[
            "paymentsdate",
            "buyername",
            "buyerphonenumber",
            "currency",
            "itemtax",
            "shippingprice",
            "shippingtax",
            "shipservicelevel",
            "recipientname",
            "shipaddress1",
            "shipcity",
            "shipstate",
            "shippostalcode",
            "shipcountry",
            "saleschannel",
            "deliverystartdate",
        ],
        roles: &[
            ("orderid", Order),
            ("purchasedate", Date),
            ("buyeremail", Customer),
            ("sku", ItemCode),
            ("productname", ItemName),
            ("quantitypurchased", Quantity),
            ("itemprice", Amount),
        ],
        order_level: &["purchasedate", "paymentsdate", "buyeremail", "buyername", "buyerphonenumber"],
        filter: None,
        packed: None,
        note: Some("item-price is the line's amount (Amazon: all amounts are aggregates of the quantity)"),
        keep: None,
    },
    Spec {
        id: "amazon_all_orders",
        name: "Amazon all orders report",
        required: &["amazonorderid", "purchasedate", "orderstatus", "sku", "productname", "quantity", "itemprice"],
        other: &[
            "merchantorderid",
            "lastupdateddate",
            "fulfillmentchannel",
            "saleschannel",
            "orderchannel",
            "shipservicelevel",
            "asin",
            "itemstatus",
            "currency",
            "itemtax",
            "shippingprice",
            "shippingtax",
            "shipcity",
            "shipstate",
            "shippostalcode",
            "shipcountry",
            "promotionids",
        ],
        roles: &[
            ("amazonorderid", Order),
            ("purchasedate", Date),
            ("sku", ItemCode),
            ("productname", ItemName),
            ("quantity", Quantity),
            ("itemprice", Amount),
            ("orderstatus", Status),
        ],
        order_level: &[],
        filter: None,
        packed: None,
        note: Some("Amazon's all orders report has no customer column: customer analyses need another export"),
        keep: None,
    },
    Spec {
        id: "ebay_orders",
        name: "eBay orders report",
        required: &["salesrecordnumber", "ordernumber", "buyerusername", "itemnumber", "itemtitle", "quantity", "soldfor", "saledate"],
        other: &[
            "buyername",
            "buyeremail",
            "buyernote",
            "shiptoname",
            "shiptocity",
            "shiptocountry",
            "customlabel",
            "soldviapromotedlistings",
            "shippingandhandling",
            "ebaycollectedtax",
            "totalprice",
            "paymentmethod",
            "paidondate",
            "shipbydate",
            "shippedondate",
            "feedbackleft",
            "feedbackreceived",
            "shippingservice",
            "trackingnumber",
            "transactionid",
            "variationdetails",
            "sellercollectedtax",
            "ebaycollectedcharges",
            "minimumestimateddeliverydate",
            "taxcountry",
        ],
        roles: &[
            ("ordernumber", Order),
            ("saledate", Date),
            ("buyerusername", Customer),
            ("itemnumber", ItemCode),
            ("itemtitle", ItemName),
            ("quantity", Quantity),
            ("soldfor", UnitPrice),
        ],
        order_level: &["buyerusername", "buyername", "buyeremail", "saledate", "paidondate", "shiptoname", "shiptocity", "shiptocountry"],
        filter: Some(RowFilter { column: "itemnumber", keep: &[] }),
        packed: None,
        note: Some("rows without an item number are the summary rows of multi-item orders, not purchase lines"),
        keep: None,
    },
    Spec {
        id: "magento_orders",
        name: "Magento / Adobe Commerce orders export",
        required: &["id", "purchasepoint", "purchasedate", "billtoname", "grandtotalbase|grandtotalpurchased", "status"],
        // Only the grid's columns shown by default: since Magento 2.4.6 the export has the columns of the
        // admin's current grid view (Sales/Plugin/Model/Export/OrderGridExportFilterColumn.php), and the
        // ten others (Billing Address … Customer Email … Subtotal … Total Refunded) are hidden by default,
        // so counting them would refuse the default export (7 of 17 listed). The roles still use them.
        other: &["shiptoname"],
        roles: &[
            ("id", Order),
            ("purchasedate", Date),
            ("customeremail|billtoname", Customer),
            ("subtotal|grandtotalpurchased|grandtotalbase", Amount),
            ("status", Status),
            ("totalrefunded", Refund),
        ],
        order_level: &[],
        filter: None,
        packed: None,
        note: Some("one row per order: the order's subtotal is its amount"),
        keep: None,
    },
    Spec {
        id: "prestashop_orders",
        name: "PrestaShop orders export",
        required: &["id", "reference", "newclient|nouveauclient", "customer|client", "total", "status|etat", "date"],
        other: &["delivery|livraison", "payment|paiement", "company|societe"],
        roles: &[("reference", Order), ("date", Date), ("customer|client", Customer), ("total", Amount), ("status|etat", Status)],
        order_level: &[],
        filter: None,
        packed: None,
        note: Some("one row per order: the order total (tax included) is its amount"),
        keep: None,
    },
    Spec {
        id: "shopware_orders",
        name: "Shopware 6 orders export",
        required: &["ordernumber", "customeremail", "amounttotal", "orderdatetime", "lineitems"],
        other: &["id", "saleschannelid", "customerfirstname", "customerlastname", "billingaddress*", "shippingaddress*", "orderstateid"],
        roles: &[("ordernumber", Order), ("orderdatetime", Date), ("customeremail", Customer), ("amounttotal", Amount)],
        order_level: &[],
        filter: None,
        packed: Some(("lineitems", Packed::Shopware)),
        note: Some(
            "one row per order: its packed line items become lines; the items have no prices, so the order total is the value of its first line",
        ),
        keep: None,
    },
    Spec {
        id: "lightspeed_sales",
        name: "Lightspeed Retail (X-Series) sales export",
        required: &["date", "receiptnumber", "linetype", "customercode", "quantity", "subtotal", "total", "status"],
        other: &[
            "customername",
            "note",
            "salestax",
            "discount",
            "loyalty",
            "paid",
            "details",
            "register",
            "user",
            "sku",
            "accountcodesale",
            "accountcodepurchase",
        ],
        roles: &[
            ("receiptnumber", Order),
            ("date", Date),
            ("customercode", Customer),
            ("sku", ItemCode),
            ("details", ItemName),
            ("quantity", Quantity),
            ("subtotal", Amount),
            ("status", Status),
        ],
        order_level: &["customercode", "customername", "date", "status", "register", "user"],
        filter: Some(RowFilter { column: "linetype", keep: &["saleline"] }),
        packed: None,
        note: Some("only Sale Line rows are purchase lines; Sale (totals) and Payment rows are not"),
        keep: None,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

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
