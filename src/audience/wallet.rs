//! Share of wallet: what each customer spends with the shop against what they said they spend in the
//! category over the same period (a survey column of the customers file), an affinity grid of share ×
//! value, and the high-value customers with a low share — the ones worth winning.
//!
//! - **The survey column**: a customers-file column whose name says total or category spend or wallet
//!   (see [`WALLET_NAMES`], in the languages the reader knows), or the one named in
//!   [`WalletOptions::column`]. Without one the report says so (`available: false`, note
//!   `no_wallet_column`) and computes nothing: a share is never guessed.
//! - **The period** the survey speaks of, in days ([`WalletOptions::period_days`]); by default the sales
//!   file's window (first date to the as-of date), said in the report (`period.basis`).
//! - **Spend with you**: the customer's purchase revenue on days in `[as_of − period, as_of)`.
//! - **Share** = spend with you / surveyed spend, per customer with a positive surveyed spend. A share
//!   above 1 (the survey under-reports) is kept as it is and flagged (`over_100`, note `wallet_over_100`),
//!   never clipped; it counts as a high share.
//! - **Grid**: value is the spend with you; high value at or above the split (the median of the surveyed
//!   customers' value by default, [`WalletOptions::value_split`] to choose), high share at or above
//!   [`WalletOptions::share_split`] (0.5). Cells: `loyal` (high share, high value: loyal high-affinity),
//!   `growth` (low share, high value: growth potential), `convenience` (high share, low value), `low`.
//! - **Worth winning**: the `growth` cell's customers, by headroom (surveyed spend − spend with you)
//!   descending, ties by customer id.
//!
//! Notes: `no_wallet_column` (`columns`), `no_customers_file`, `wallet_over_100` (`customers`),
//! `wallet_not_numbers` (`column`, `values`: survey values that are not numbers or not above 0, skipped).

use serde::{Deserialize, Serialize};

use crate::dataset::{Dataset, LineKind, NONE};
use crate::error::BadParameter;
use crate::ingest::number::parse as parse_number;
use crate::notice::Notice;
use crate::segment::Profiles;
use crate::time::day_of;

use super::customers::CustomerTable;

/// Header words that name a surveyed category spend (compared without case, spaces, `_` or `-`): a
/// column whose name contains one of them.
pub const WALLET_NAMES: &[&str] = &[
    // English
    "categoryspend",
    "totalspend",
    "totalcategoryspend",
    "wallet",
    "walletsize",
    "surveyspend",
    // Portuguese, Spanish
    "gastonacategoria",
    "gastototal",
    "gastoenlacategoria",
    "gastoenlacategoría",
    "gastonacategoría",
    "carteira",
    "billetera",
    "cartera",
    // Czech
    "útratavkategorii",
    "celkováútrata",
    "peněženka",
    // Russian
    "расходывкатегории",
    "общиерасходы",
    "кошелек",
    "кошелёк",
    // Chinese (Traditional)
    "類別支出",
    "總支出",
    "錢包",
    // German, French
    "gesamtausgaben",
    "kategorieausgaben",
    "dépensestotales",
    "portefeuille",
];

/// Options of share of wallet. `{}`: the detected column, the sales window, median value, 50 % share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct WalletOptions {
    /// The survey column of the customers file (its header name, any case); detected by name.
    pub column: Option<String>,
    /// Days the surveyed spend covers, ending at the as-of date (default: the sales file's window).
    pub period_days: Option<u32>,
    /// Value (spend with you) at or above which a customer is high value (default: the median).
    pub value_split: Option<f64>,
    /// Share at or above which a share is high (0.5).
    pub share_split: f64,
    /// Worth-winning customers listed at most (the count is always given).
    pub limit: usize,
}

impl Default for WalletOptions {
    fn default() -> Self {
        WalletOptions { column: None, period_days: None, value_split: None, share_split: 0.5, limit: 100 }
    }
}

/// The period the shares cover.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "WalletPeriod"))]
pub struct Period {
    /// `sales_window` (the default) or `given`.
    pub basis: &'static str,
    /// Days.
    pub days: u32,
    /// First day.
    pub from: String,
    /// Last day (the day before the as-of date).
    pub to: String,
}

/// One cell of the grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Cell {
    /// `loyal`, `growth`, `convenience` or `low`.
    pub key: &'static str,
    /// Customers in it.
    pub customers: u64,
    /// Their spend with you.
    pub spend: f64,
    /// Their surveyed spend.
    pub category_spend: f64,
}

/// One customer with a share.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct WalletCustomer {
    /// Customer id.
    pub customer: String,
    /// Spend with you in the period.
    pub spend: f64,
    /// Surveyed spend in the category over the period.
    pub category_spend: f64,
    /// `spend / category_spend` (above 1 when the survey under-reports; not clipped).
    pub share: f64,
    /// The share is above 1.
    pub over_100: bool,
    /// `category_spend − spend`: what could still be won.
    pub headroom: f64,
}

/// The share-of-wallet section. Keys are contracts: add, don't rename.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct WalletReport {
    /// Whether a survey column was found; without it nothing below is computed.
    pub available: bool,
    /// The survey column; `null` when none.
    pub column: Option<String>,
    /// The options used.
    pub options: WalletOptions,
    /// The period; `null` when not available or the file has no dates.
    pub period: Option<Period>,
    /// Customers (of the sales file) with a surveyed spend above 0.
    pub customers_with_survey: u64,
    /// Customers without one (not in the customers file, empty, not a number, or 0).
    pub customers_without_survey: u64,
    /// Of those with a survey, shares above 1.
    pub over_100: u64,
    /// Median share of those with a survey.
    pub median_share: Option<f64>,
    /// The value split used (spend with you).
    pub value_split: Option<f64>,
    /// The share split used.
    pub share_split: f64,
    /// The four cells: loyal, growth, convenience, low.
    pub grid: Vec<Cell>,
    /// Growth-potential customers in the grid.
    pub worth_winning_customers: u64,
    /// The first of them by headroom (at most the option's limit).
    pub worth_winning: Vec<WalletCustomer>,
    /// Notes the page words from their codes.
    pub notes: Vec<Notice>,
}

impl WalletReport {
    fn missing(options: &WalletOptions, note: Notice) -> WalletReport {
        WalletReport {
            available: false,
            column: None,
            options: options.clone(),
            period: None,
            customers_with_survey: 0,
            customers_without_survey: 0,
            over_100: 0,
            median_share: None,
            value_split: None,
            share_split: options.share_split,
            grid: Vec::new(),
            worth_winning_customers: 0,
            worth_winning: Vec::new(),
            notes: vec![note],
        }
    }
}

fn squash(s: &str) -> String {
    s.trim().to_lowercase().chars().filter(|c| !matches!(c, ' ' | '_' | '-' | '.')).collect()
}

/// The survey column's index: the one named (its header, any case), else the first whose name
/// contains one of [`WALLET_NAMES`].
pub fn find_column(table: &CustomerTable, named: Option<&str>) -> Result<Option<usize>, BadParameter> {
    if let Some(name) = named {
        let expected = format!(
            "expected a column of the customers file: {}",
            table.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")
        );
        return match table.columns.iter().position(|c| c.name.trim().to_lowercase() == name.trim().to_lowercase()) {
            Some(k) => Ok(Some(k)),
            None => Err(BadParameter::new("wallet_column", name, expected)),
        };
    }
    Ok(table.columns.iter().position(|c| {
        let s = squash(&c.name);
        WALLET_NAMES.iter().any(|w| s.contains(w))
    }))
}

/// Share of wallet of the profiled customers. `rows[i]` is profile row `i`'s row in `table` ([`NONE`]
/// when absent), as [`super::customers::join`] gives.
pub fn share_of_wallet(
    ds: &Dataset,
    p: &Profiles,
    table: Option<(&CustomerTable, &[u32])>,
    options: &WalletOptions,
) -> Result<WalletReport, BadParameter> {
    if !(options.share_split > 0.0 && options.share_split.is_finite()) {
        return Err(BadParameter::new("share_split", options.share_split.to_string(), "expected a share above 0, such as 0.5"));
    }
    if let Some(v) = options.value_split
        && !v.is_finite()
    {
        return Err(BadParameter::new("value_split", v.to_string(), "expected a number"));
    }
    if options.period_days == Some(0) {
        return Err(BadParameter::new("period_days", "0", "expected a number of days above 0, such as 365"));
    }
    let Some((table, rows)) = table else {
        return Ok(WalletReport::missing(
            options,
            Notice::plain(
                "no_customers_file",
                "share of wallet needs a customers file with each customer's surveyed category spend: none was given",
            ),
        ));
    };
    let Some(col) = find_column(table, options.column.as_deref())? else {
        let names: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
        let text = format!(
            "share of wallet is missing: no column of the customers file holds a surveyed category spend (its columns: {}); name one such as \"category spend\" or \"wallet\"",
            names.join(", ")
        );
        return Ok(WalletReport::missing(options, Notice::new("no_wallet_column", &[("columns", serde_json::json!(names))], text)));
    };
    let column = &table.columns[col];
    let (Some(as_of), Some(start)) = (p.as_of_day, p.window_start_day) else {
        return Ok(WalletReport::missing(options, Notice::plain("no_dates", "share of wallet needs dated sales: the file has none")));
    };
    let window = (as_of - start).max(1) as u32;
    let days = options.period_days.unwrap_or(window);
    let from = as_of.saturating_sub(days.min(i32::MAX as u32) as i32);
    let period = Period {
        basis: if options.period_days.is_some() { "given" } else { "sales_window" },
        days,
        from: crate::time::day_string(from),
        to: crate::time::day_string(as_of - 1),
    };

    // Spend with you in the period, per profile row.
    let mut row_of = vec![NONE; ds.customers.len()];
    for (i, r) in p.rows.iter().enumerate() {
        if let Some(x) = row_of.get_mut(r.customer as usize) {
            *x = i as u32;
        }
    }
    let mut spend = vec![0.0f64; p.rows.len()];
    if let (Some(cust), Some(time)) = (ds.customer(), ds.time()) {
        for i in 0..ds.len.min(cust.len()).min(time.len()) {
            let day = day_of(time[i]);
            if day < from || day >= as_of || ds.kind(i) != LineKind::Purchase {
                continue;
            }
            let v = ds.line_amount(i);
            if let Some(&r) = row_of.get(cust[i] as usize)
                && r != NONE
                && !v.is_nan()
            {
                spend[r as usize] += v;
            }
        }
    }

    // Surveyed spend per profile row.
    let mut surveyed: Vec<(usize, f64)> = Vec::new();
    let mut not_numbers = 0u64;
    for (i, &r) in rows.iter().enumerate() {
        if r == NONE {
            continue;
        }
        let v = column.first.get(r as usize).copied().unwrap_or(NONE);
        if v == NONE {
            continue;
        }
        match parse_number(column.dict.get(v).as_bytes(), table.number).filter(|x| x.is_finite() && *x > 0.0) {
            Some(x) => surveyed.push((i, x)),
            None => not_numbers += 1,
        }
    }
    let mut values: Vec<f64> = surveyed.iter().map(|&(i, _)| spend[i]).collect();
    values.sort_unstable_by(f64::total_cmp);
    let value_split = options.value_split.or_else(|| median(&values));
    let mut shares: Vec<f64> = surveyed.iter().map(|&(i, w)| spend[i] / w).collect();
    shares.sort_unstable_by(f64::total_cmp);
    let median_share = median(&shares);

    let keys = ["loyal", "growth", "convenience", "low"];
    let mut grid: Vec<Cell> = keys.iter().map(|&key| Cell { key, customers: 0, spend: 0.0, category_spend: 0.0 }).collect();
    let mut winning = Vec::new();
    let mut over = 0u64;
    for &(i, w) in &surveyed {
        let s = spend[i];
        let share = s / w;
        over += (share > 1.0) as u64;
        let high_value = value_split.is_some_and(|v| s >= v);
        let high_share = share >= options.share_split;
        let cell = match (high_share, high_value) {
            (true, true) => 0,
            (false, true) => 1,
            (true, false) => 2,
            (false, false) => 3,
        };
        grid[cell].customers += 1;
        grid[cell].spend += s;
        grid[cell].category_spend += w;
        if cell == 1 {
            let customer = ds.customers.get(p.rows[i].customer).to_string();
            winning.push((
                p.id_rank[i],
                WalletCustomer { customer, spend: s, category_spend: w, share, over_100: share > 1.0, headroom: w - s },
            ));
        }
    }
    winning.sort_by(|a, b| b.1.headroom.total_cmp(&a.1.headroom).then(a.0.cmp(&b.0)));
    let worth_winning_customers = winning.len() as u64;
    winning.truncate(options.limit);

    let mut notes = Vec::new();
    if over > 0 {
        notes.push(Notice::new(
            "wallet_over_100",
            &[("customers", serde_json::json!(over))],
            format!("{over} customers spend more with you than their surveyed category spend (share above 100 %): the survey under-reports; their shares are kept as they are"),
        ));
    }
    if not_numbers > 0 {
        notes.push(Notice::new(
            "wallet_not_numbers",
            &[("column", serde_json::json!(column.name)), ("values", serde_json::json!(not_numbers))],
            format!("{not_numbers} values of {} are not a spend above 0 and were left out", column.name),
        ));
    }
    Ok(WalletReport {
        available: true,
        column: Some(column.name.clone()),
        options: options.clone(),
        period: Some(period),
        customers_with_survey: surveyed.len() as u64,
        customers_without_survey: (p.rows.len() - surveyed.len()) as u64,
        over_100: over,
        median_share,
        value_split,
        share_split: options.share_split,
        grid,
        worth_winning_customers,
        worth_winning: winning.into_iter().map(|w| w.1).collect(),
        notes,
    })
}

/// The median of sorted values (the mean of the middle two for an even count).
fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// The worth-winning customers as CSV: `customer, spend, category_spend, share, over_100, headroom`.
pub fn write_csv(out: impl std::io::Write, r: &WalletReport) -> std::io::Result<()> {
    use crate::segment::export::safe_text;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["customer", "spend", "category_spend", "share", "over_100", "headroom"])?;
    for c in &r.worth_winning {
        w.write_record([
            safe_text(&c.customer).as_ref(),
            &c.spend.to_string(),
            &c.category_spend.to_string(),
            &c.share.to_string(),
            if c.over_100 { "1" } else { "0" },
            &c.headroom.to_string(),
        ])?;
    }
    w.flush()
}
