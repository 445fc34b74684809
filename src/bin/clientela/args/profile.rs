//! Flags of `profile`: the customers file, its id column, the group, the CSV, share of wallet; and of
//! `prospects`: the customers and prospects files, the hold-out, the scores' CSV, the top prospects' list.

use clap::Args;
use clientela::audience::{ProspectsOptions, WalletOptions};
use clientela::lists::{Layout, prospects::ProspectListOptions};

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
    /// The --customers file's column with each customer's surveyed total spend in the category (detected
    /// by names such as "category spend", "total spend" or "wallet").
    #[arg(long, requires = "customers")]
    pub wallet_column: Option<String>,
    /// Days the surveyed spend covers, ending at the as-of date (default: the sales file's whole window).
    #[arg(long)]
    pub wallet_days: Option<u32>,
    /// Spend with you at or above which a customer counts as high value in the share-of-wallet grid
    /// (default: the median).
    #[arg(long)]
    pub value_split: Option<f64>,
    /// Share of wallet at or above which a share counts as high (default 0.5).
    #[arg(long, default_value_t = 0.5)]
    pub share_split: f64,
    /// Write the high-value customers with a low share of wallet (the ones worth winning) to this CSV file.
    #[arg(long)]
    pub wallet_out: Option<String>,
}

impl ProfileArgs {
    /// The share-of-wallet options.
    pub fn wallet(&self) -> WalletOptions {
        WalletOptions {
            column: self.wallet_column.clone(),
            period_days: self.wallet_days,
            value_split: self.value_split,
            share_split: self.share_split,
            // The CSV lists every worth-winning customer; the text shows the first ten.
            limit: usize::MAX,
        }
    }
}

/// Options of `prospects`.
#[derive(Args, Debug)]
pub struct ProspectsArgs {
    /// The customers file (customer id plus attributes), joined to the sales file by customer id.
    #[arg(long)]
    pub customers: String,
    /// The customer-id column of the --customers file (header name or 1-based number; detected by default).
    #[arg(long)]
    pub customers_id_column: Option<String>,
    /// The prospects file: one row per prospect with the same attribute columns (an id column is
    /// optional: without one, prospects are named by their row number).
    #[arg(long)]
    pub prospects: String,
    /// The id column of the --prospects file (header name or 1-based number; detected by default).
    #[arg(long)]
    pub prospects_id_column: Option<String>,
    /// The group to find more of, as for `profile --group` (default: best, the top revenue decile).
    #[arg(long)]
    pub group: Option<String>,
    /// Share of the customers held out to check the model (AUC).
    #[arg(long, default_value_t = 0.25)]
    pub holdout: f64,
    /// Seed of the hold-out draw.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write every prospect's score, decile, expected value and reasons to this CSV file.
    #[arg(long)]
    pub out: Option<String>,
    /// Write the top prospects as a list to import (see --format) to this CSV file.
    #[arg(long)]
    pub list_out: Option<String>,
    /// The list's column layout: plain, mailchimp, klaviyo, google (Customer Match) or meta (custom audience).
    #[arg(long, default_value = "plain", requires = "list_out")]
    pub format: Layout,
    /// SHA-256 of the normalised e-mail, phone and names in the list, as Google and Meta specify.
    #[arg(long, requires = "list_out")]
    pub hash: bool,
    /// The list's tag column (default: prospects- and the group, e.g. prospects-best).
    #[arg(long, requires = "list_out")]
    pub tag: Option<String>,
    /// List the prospects whose score falls in the customers' top N score deciles (1 to 10).
    #[arg(long, default_value_t = 1, requires = "list_out")]
    pub deciles: u32,
    /// List at most this many prospects, highest score first.
    #[arg(long, requires = "list_out")]
    pub top: Option<usize>,
}

impl ProspectsArgs {
    /// The model's options.
    pub fn options(&self, as_of: Option<String>) -> ProspectsOptions {
        ProspectsOptions { as_of, group: self.group.clone(), holdout: self.holdout, seed: self.seed }
    }

    /// The top prospects' list options.
    pub fn list(&self) -> ProspectListOptions {
        ProspectListOptions { layout: self.format, hash: self.hash, tag: self.tag.clone(), deciles: self.deciles, top: self.top }
    }
}
