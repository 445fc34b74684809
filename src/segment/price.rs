//! Price-sensitive versus relationship customers: how much of each customer's spend was bought on
//! discount.
//!
//! Ingestion keeps the discount column as one number per line ([`Dataset::discount`], `NaN` for an empty
//! cell), without deciding whether it is money taken off or a rate. This section does not need to decide
//! either: a purchase line is **on discount** when its discount is a number other than zero (so `5`,
//! `0.1`, `10 %` read as 10 and `-5` written as a negative reduction all count), and an empty cell means
//! no discount. A customer's **discounted spend share** is
//! `Σ line amount over discounted purchase lines / Σ line amount over all purchase lines` (line amounts as
//! paid, as everywhere else; 0 for a customer with no known spend). Customers with at least one line on
//! discount whose share is at least `sensitive_share` (0.5) are **price-sensitive**; the others are **relationship** customers. (The
//! profile's `discount_share` is a different number: the share of the list value given away, reading the
//! discount as money.)
//!
//! A line is also on discount when the file has a list-price column and the line's unit price is below
//! its list price. Without a discount or list-price column the report's section is `null` and a reason
//! says why; it is not an error.

use serde::{Deserialize, Serialize};

use super::profile::{Profiles, PurchaseLine};
use super::rfm::share;
use crate::dataset::Dataset;
use crate::error::BadParameter;

/// Where price sensitivity is cut.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct PriceParams {
    /// A customer with at least this share of spend bought on discount is price-sensitive (0.5).
    pub sensitive_share: f64,
}

impl Default for PriceParams {
    fn default() -> Self {
        PriceParams { sensitive_share: 0.5 }
    }
}

impl PriceParams {
    /// Checks the range.
    pub fn validate(&self) -> Result<(), BadParameter> {
        if !(0.0..=1.0).contains(&self.sensitive_share) {
            return Err(BadParameter::new(
                "price.sensitive_share",
                self.sensitive_share.to_string(),
                "expected a share between 0 and 1, e.g. 0.5",
            ));
        }
        Ok(())
    }
}

/// The `price_sensitivity` section of the report (present only when the file has a discount column).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PriceSensitivity {
    /// The cut used.
    pub sensitive_share: f64,
    /// How the discount column is read, for people.
    pub rule: &'static str,
    /// Customers with at least one purchase line on discount.
    pub customers_with_discount: u64,
    /// Price-sensitive customers (discounted spend share at least the cut).
    pub price_sensitive: u64,
    /// Their share of the customers.
    pub price_sensitive_share: f64,
    /// Their share of the revenue.
    pub price_sensitive_revenue_share: f64,
    /// Relationship customers (the others).
    pub relationship: u64,
    /// Revenue of the purchase lines on discount.
    pub discounted_revenue: f64,
    /// Its share of the revenue.
    pub discounted_revenue_share: f64,
}

/// Rule text of [`PriceSensitivity::rule`].
pub const PRICE_RULE: &str = "a purchase line is on discount when its discount is a number other than 0 (empty = no discount) \
     or its unit price is below its list price; \
     discounted spend share = spend on such lines / all spend; price-sensitive when the share is at least the cut";

/// Per-customer columns and the section, or the reason there is none.
#[derive(Debug, Clone)]
pub struct Price {
    /// Discounted spend share per profile row (`None` without a discount column).
    pub discounted_share: Option<Vec<f64>>,
    /// Price-sensitive flag per profile row (`None` without a discount column).
    pub sensitive: Option<Vec<bool>>,
    /// The section.
    pub summary: Option<PriceSensitivity>,
    /// Why the section is missing.
    pub reason: Option<&'static str>,
}

/// Reason given when the file has no discount column.
pub const NO_DISCOUNT: &str =
    "the file has no discount or list-price column; choose the column that holds the discount or the list price to see price sensitivity";

/// Computes the shares with the profile's filters (purchases of customers in `p` before the as-of day).
pub fn price_sensitivity(ds: &Dataset, p: &Profiles, q: &PriceParams) -> Price {
    if ds.customer().is_none() || ds.time().is_none() {
        return Price { discounted_share: None, sensitive: None, summary: None, reason: Some(NO_DISCOUNT) };
    }
    if ds.discount.is_none() && (ds.list_price.is_none() || ds.price.is_none()) {
        return Price { discounted_share: None, sensitive: None, summary: None, reason: Some(NO_DISCOUNT) };
    }
    // On discount: a discount other than 0, or a unit price below the list price.
    let on_discount = |i: usize| -> bool {
        let by_discount = ds.discount.as_ref().and_then(|d| d.try_get(i)).is_some_and(|d| !d.is_nan() && d != 0.0);
        let below_list = match (ds.list_price.as_ref().and_then(|l| l.try_get(i)), ds.price.as_ref().and_then(|p| p.try_get(i))) {
            (Some(l), Some(p)) => p < l,
            _ => false,
        };
        by_discount || below_list
    };
    let n_rows = p.rows.len();
    let (mut spend, mut on_disc, mut any) = (vec![0.0f64; n_rows], vec![0.0f64; n_rows], vec![false; n_rows]);
    for PurchaseLine { line: i, row: r, .. } in p.purchase_lines(ds) {
        let v = ds.line_amount(i);
        let discounted = on_discount(i);
        any[r] |= discounted;
        if v.is_nan() {
            continue;
        }
        spend[r] += v;
        if discounted {
            on_disc[r] += v;
        }
    }
    let shares: Vec<f64> = (0..n_rows).map(|r| share(on_disc[r], spend[r])).collect();
    let sensitive: Vec<bool> = shares.iter().zip(&any).map(|(&s, &a)| a && s >= q.sensitive_share).collect();
    let total: f64 = p.rows.iter().map(|c| c.monetary).sum();
    let sens_n = sensitive.iter().filter(|&&s| s).count() as u64;
    let sens_rev: f64 = p.rows.iter().zip(&sensitive).filter(|(_, s)| **s).map(|(c, _)| c.monetary).sum();
    let disc_rev: f64 = on_disc.iter().sum();
    let summary = PriceSensitivity {
        sensitive_share: q.sensitive_share,
        rule: PRICE_RULE,
        customers_with_discount: any.iter().filter(|&&a| a).count() as u64,
        price_sensitive: sens_n,
        price_sensitive_share: share(sens_n as f64, n_rows as f64),
        price_sensitive_revenue_share: share(sens_rev, total),
        relationship: n_rows as u64 - sens_n,
        discounted_revenue: disc_rev,
        discounted_revenue_share: share(disc_rev, total),
    };
    Price { discounted_share: Some(shares), sensitive: Some(sensitive), summary: Some(summary), reason: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::roles::Role;
    use crate::ingest::{IngestOptions, read_bytes};
    use crate::segment::profile::profiles;

    /// By hand: a buys 1 × 10 at list 10 and 1 × 30 at list 40 (on discount): 30 / 40 = 0.75 of spend on
    /// discount -> price-sensitive; b buys 2 × 10 at list 10: 0 -> relationship.
    #[test]
    fn a_price_below_the_list_price_is_a_discount() {
        let csv = "Invoice,Customer,Date,Item,Quantity,Price,List Price\n\
                   1,a,2024-01-02,x,1,10,10\n2,a,2024-01-05,y,1,30,40\n3,b,2024-01-03,x,2,10,10\n";
        let (ds, report) = read_bytes(csv.as_bytes(), IngestOptions::default()).unwrap();
        assert_eq!(report.columns[6].role, Role::ListPrice, "detected from the header");
        let p = profiles(&ds, None).unwrap();
        let out = price_sensitivity(&ds, &p, &PriceParams::default());
        let share = out.discounted_share.unwrap();
        let row = |id: &str| p.rows.iter().position(|c| ds.customers.get(c.customer) == id).unwrap();
        assert_eq!(share[row("a")], 0.75);
        assert_eq!(share[row("b")], 0.0);
        let sensitive = out.sensitive.unwrap();
        assert!(sensitive[row("a")] && !sensitive[row("b")]);
        assert_eq!(out.summary.unwrap().price_sensitive, 1);
    }
}
