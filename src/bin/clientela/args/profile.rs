//! Flags of `profile`: the customers file, its id column, the group, the CSV.

use clap::Args;

/// Options of `profile`.
#[derive(Args, Debug, Default)]
pub struct ProfileArgs {
    /// A customers file (CRM or loyalty export: customer id plus attributes such as age, gender, city,
    /// signup date), read like the sales file and joined by customer id.
    #[arg(long)]
    pub customers: Option<String>,
    /// The customer-id column of the --customers file (header name or 1-based number; detected by default).
    #[arg(long, requires = "customers")]
    pub customers_id_column: Option<String>,
    /// The group compared with all customers: best (the top revenue decile, default), worst (the bottom
    /// decile), segment:NAME (an RFM segment, e.g. segment:champions), cluster:N or stage:NAME (new,
    /// active, won_back, lapsing, lapsed).
    #[arg(long)]
    pub group: Option<String>,
    /// Write every attribute's rows (attribute, value, customers, shares, index, p-value) to this CSV file.
    #[arg(long)]
    pub out: Option<String>,
}
