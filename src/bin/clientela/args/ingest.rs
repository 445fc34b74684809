//! The reading flags every analysis shares: layout, header, delimiter, encoding, the column of each role,
//! date and number formats, the sheet of a workbook.

use clap::Args;
use clientela::Layout;
use clientela::ingest::date::DateFormat;
use clientela::ingest::decode::Encoding;
use clientela::ingest::roles::Role;
use clientela::ingest::{ColumnChoice, IngestOptions};

/// Choices that override detection; the page offers the same.
#[derive(Args, Debug, Default)]
pub struct IngestArgs {
    /// `line-items` (one row per product line) or `baskets` (one basket per row).
    #[arg(long)]
    layout: Option<Layout>,
    /// The first line is data, not a header.
    #[arg(long, conflicts_with = "header")]
    no_header: bool,
    /// The first line is a header.
    #[arg(long)]
    header: bool,
    /// Field delimiter: `,` `;` `|` `tab` `space` or any single character.
    #[arg(long)]
    delimiter: Option<Delimiter>,
    /// Text encoding: utf-8, utf-16le, utf-16be, windows-1252 (latin-1).
    #[arg(long)]
    encoding: Option<Encoding>,
    /// Column with the customer id (header name or 1-based number).
    #[arg(long)]
    customer_column: Option<String>,
    /// Column with the purchase date.
    #[arg(long)]
    date_column: Option<String>,
    /// Column with the order / invoice / basket id.
    #[arg(long)]
    order_column: Option<String>,
    /// Column with the item code (or the item name when there is no code).
    #[arg(long)]
    item_column: Option<String>,
    /// Column with the item name.
    #[arg(long)]
    item_name_column: Option<String>,
    /// Column with the quantity.
    #[arg(long)]
    quantity_column: Option<String>,
    /// Column with the unit price.
    #[arg(long)]
    price_column: Option<String>,
    /// Column with the line amount.
    #[arg(long)]
    amount_column: Option<String>,
    /// Column with the cost (per line).
    #[arg(long)]
    cost_column: Option<String>,
    /// Column with the discount.
    #[arg(long)]
    discount_column: Option<String>,
    /// Column with the list (undiscounted) unit price.
    #[arg(long)]
    list_price_column: Option<String>,
    /// Column with the order or payment status (refunded, cancelled, failed orders become returns).
    #[arg(long)]
    status_column: Option<String>,
    /// Column whose any value marks the order cancelled (e.g. Shopify's Cancelled at).
    #[arg(long)]
    cancelled_column: Option<String>,
    /// Column with the amount refunded on the order.
    #[arg(long)]
    refund_column: Option<String>,
    /// Columns to ignore (repeatable).
    #[arg(long)]
    ignore_column: Vec<String>,
    /// Date format: ymd (ISO), dmy (day first), mdy (month first), yyyymmdd.
    #[arg(long)]
    date_format: Option<DateFormat>,
    /// Numbers use a decimal comma (1.234,56).
    #[arg(long, conflicts_with = "decimal_point")]
    decimal_comma: bool,
    /// Numbers use a decimal point (1,234.56).
    #[arg(long)]
    decimal_point: bool,
    /// Sheet of a workbook (.xlsx, .xls, .ods) to read: its name or 1-based number (default: the first
    /// sheet with data).
    #[arg(long, value_name = "NAME|N")]
    sheet: Option<String>,
}

/// The flag that gives a role its column (the core names roles, not flags).
pub fn role_flag(role: Role) -> Option<&'static str> {
    Some(match role {
        Role::Customer => "--customer-column",
        Role::Date => "--date-column",
        Role::Order => "--order-column",
        Role::ItemCode => "--item-column",
        Role::ItemName => "--item-name-column",
        Role::Quantity => "--quantity-column",
        Role::UnitPrice => "--price-column",
        Role::Amount => "--amount-column",
        Role::Cost => "--cost-column",
        Role::Discount => "--discount-column",
        Role::ListPrice => "--list-price-column",
        Role::Status => "--status-column",
        Role::Cancelled => "--cancelled-column",
        Role::Refund => "--refund-column",
        _ => return None,
    })
}

impl IngestArgs {
    /// The reading options; a `--*-column` flag becomes a column choice for its role.
    pub fn options(&self) -> IngestOptions {
        let chosen = [
            (&self.customer_column, Role::Customer),
            (&self.date_column, Role::Date),
            (&self.order_column, Role::Order),
            (&self.item_column, Role::ItemCode),
            (&self.item_name_column, Role::ItemName),
            (&self.quantity_column, Role::Quantity),
            (&self.price_column, Role::UnitPrice),
            (&self.amount_column, Role::Amount),
            (&self.cost_column, Role::Cost),
            (&self.discount_column, Role::Discount),
            (&self.list_price_column, Role::ListPrice),
            (&self.status_column, Role::Status),
            (&self.cancelled_column, Role::Cancelled),
            (&self.refund_column, Role::Refund),
        ];
        let mut columns: Vec<ColumnChoice> =
            chosen.into_iter().filter_map(|(c, role)| c.as_ref().map(|c| ColumnChoice { column: c.clone(), role })).collect();
        columns.extend(self.ignore_column.iter().map(|c| ColumnChoice { column: c.clone(), role: Role::Ignore }));
        IngestOptions {
            encoding: self.encoding,
            delimiter: self.delimiter.map(|d| d.0),
            header: either(self.header, self.no_header),
            layout: self.layout,
            columns,
            date_format: self.date_format,
            decimal_comma: either(self.decimal_comma, self.decimal_point),
            max_memory_mb: None,
            sheet: self.sheet.clone(),
            expected_bytes: None,
        }
    }
}

/// A pair of opposite switches (clap makes them exclusive): `Some(true)`, `Some(false)` or undecided.
fn either(yes: bool, no: bool) -> Option<bool> {
    if no {
        Some(false)
    } else if yes {
        Some(true)
    } else {
        None
    }
}

/// `--delimiter`: one ASCII character, or its name (`tab`, `space`, `comma`, `semicolon`, `pipe`).
#[derive(Debug, Clone, Copy)]
pub struct Delimiter(char);

impl std::str::FromStr for Delimiter {
    type Err = String;
    fn from_str(s: &str) -> Result<Delimiter, String> {
        let c = match s {
            "tab" | "\\t" | "\t" => '\t',
            "space" | " " => ' ',
            "comma" => ',',
            "semicolon" => ';',
            "pipe" => '|',
            _ => match s.chars().next() {
                Some(c) if s.len() == 1 && c.is_ascii() => c,
                _ => return Err("expected one ASCII character, or tab / space / comma / semicolon / pipe".into()),
            },
        };
        Ok(Delimiter(c))
    }
}
