//! Flags of `list`: the group, the layout, hashing, the tag, a customers file with contact columns.

use clap::Args;
use clientela::lists::Layout;

/// Options of `list`.
#[derive(Args, Debug)]
pub struct ListArgs {
    /// Which customers: all, best (top revenue decile), best_expected (top decile by lifetime value),
    /// worst (top decile by cost to serve), churn_risk (the lifetime-value churn-risk list), or segment:NAME (segment:at_risk), cluster:N (0-based),
    /// stage:NAME (new, active, won_back, lapsing, lapsed), band:LABEL, class:top|core|falling.
    #[arg(long, default_value = "all")]
    pub group: String,
    /// The column layout: plain, mailchimp, klaviyo, google (Customer Match) or meta (custom audience).
    #[arg(long, default_value = "plain")]
    pub format: Layout,
    /// SHA-256 of the normalised e-mail, phone and names, as Google and Meta specify (google and meta only).
    #[arg(long)]
    pub hash: bool,
    /// The tag column's value (default: the group's name).
    #[arg(long)]
    pub tag: Option<String>,
    /// A customers file (CRM export) whose columns may hold e-mail, name, phone and country, joined by id.
    #[arg(long)]
    pub customers: Option<String>,
    /// The customer-id column of the --customers file (header name or 1-based number; detected by default).
    #[arg(long, requires = "customers")]
    pub customers_id_column: Option<String>,
    /// Write the list to this CSV file (`-`: standard output).
    #[arg(long)]
    pub out: String,
}
