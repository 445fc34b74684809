//! A shop whose chance to buy is a known function of the features, drawn with a seeded generator: the
//! truth the tests hold the models to, and the benchmarks' data.
//!
//! Each customer has a country (North 50 %, South 30 %, West 20 %), a mean spend per purchase
//! `m ~ e^{3 + 0.5 Z}` and a purchase rate `λ ~ Gamma(1.5, rate 60)` per day. History: a first purchase
//! uniform in the 720 days before `B = as_of − 2N`, then purchases `Exp(λ)` days apart until `B`. Then
//! two windows of `N` days, `[B, B + N)` and `[B + N, as_of)`: at each window's start the customer
//! buys in it with the **true probability**
//! `p = σ(b₀ + b_r ln(1 + recency_days) + b_f ln(1 + frequency) + b_country)`, recency and frequency
//! counted from the purchase days before the window start exactly as [`super::features`] counts them
//! (`b₀ = 1.5, b_r = −0.7, b_f = 0.8`, South +0.6, West −0.6). A buyer buys once, on a uniform day of the
//! window, `m · e^{0.3 Z − 0.045}` (mean `m`), so the true expected spend is `p · m`.
//!
//! The logistic model is then correctly specified for the purchase part (its features include
//! `ln(1 + recency_days)`, `ln(1 + frequency)` and the country), so its back-test AUC should come close
//! to the AUC of the true probabilities, and its probabilities close to them.

use crate::dataset::{Attribute, Dataset, Interner, Layout, RowKeys};
use crate::rng::Rng;
use crate::time::{DAY, Timestamp};

/// The simulation's parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct SimParams {
    /// Customers.
    pub customers: usize,
    /// The horizon N in days.
    pub horizon_days: u32,
    /// The as-of day (exclusive; days since 2000-01-01).
    pub as_of: i32,
    /// Seed.
    pub seed: u64,
}

impl Default for SimParams {
    fn default() -> Self {
        // 2024-01-01 is day 8766.
        SimParams { customers: 5_000, horizon_days: 60, as_of: 8766, seed: 1 }
    }
}

/// The truth of one customer.
#[derive(Debug, Clone, PartialEq)]
pub struct Truth {
    /// Customer id as written in the table.
    pub customer: String,
    /// True probability of a purchase in the first window `[B, B + N)` (the back-test's training labels).
    pub p_first: f64,
    /// True probability in the second window `[B + N, as_of)` (the back-test's validation labels).
    pub p_second: f64,
    /// Mean spend per purchase.
    pub mean_spend: f64,
}

/// The simulated shop.
#[derive(Debug, Clone)]
pub struct SimShop {
    /// The table: customer, order, one item, date, amount and a Country attribute.
    pub dataset: Dataset,
    /// The truth per customer, in customer order (`C0`, `C1`, …).
    pub truth: Vec<Truth>,
}

/// The true log-odds (see the module doc).
pub fn true_logit(recency_days: f64, frequency: f64, country: usize) -> f64 {
    const COUNTRY: [f64; 3] = [0.0, 0.6, -0.6];
    1.5 - 0.7 * recency_days.ln_1p() + 0.8 * frequency.ln_1p() + COUNTRY.get(country).copied().unwrap_or(0.0)
}

/// Draws the shop.
pub fn simulate(sp: &SimParams) -> SimShop {
    let mut rng = Rng::new(sp.seed);
    let h = sp.horizon_days as i32;
    let b = sp.as_of - 2 * h;
    let mut ds = Dataset::new(Layout::LineItems);
    let (mut cust, mut order, mut time, mut amount, mut country_col) = (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut customers = Interner::default();
    let mut countries = Interner::default();
    let names = ["North", "South", "West"];
    let country_ids: Vec<u32> = names.iter().map(|n| countries.intern(n.as_bytes())).collect();
    let mut truth = Vec::with_capacity(sp.customers);
    let mut orders = 0u32;
    let mut days: Vec<i32> = Vec::new();
    for c in 0..sp.customers {
        let name = format!("C{c}");
        let id = customers.intern(name.as_bytes());
        let u = rng.f64();
        let country = if u < 0.5 {
            0
        } else if u < 0.8 {
            1
        } else {
            2
        };
        let m = (3.0 + 0.5 * rng.normal()).exp();
        let lambda = rng.gamma(1.5, 60.0).max(1e-6);
        days.clear();
        let mut t = (b - 1 - rng.below(720) as i32) as f64;
        while (t as i32) < b {
            days.push(t as i32);
            t += rng.exp(lambda).max(1.0);
        }
        let mut p = [0.0f64; 2];
        for (k, slot) in p.iter_mut().enumerate() {
            let start = b + k as i32 * h;
            let distinct = {
                let mut d = days.clone();
                d.dedup();
                d.len()
            };
            let last = days.last().copied().unwrap_or(start - 1);
            *slot = crate::audience::logistic::sigmoid(true_logit(f64::from(start - last), distinct as f64, country));
            if rng.f64() < *slot {
                days.push(start + rng.below(sp.horizon_days.into()) as i32);
            }
        }
        for &d in &days {
            cust.push(id);
            order.push(orders);
            orders += 1;
            time.push((i64::from(d) * DAY) as Timestamp);
            amount.push((m * (0.3 * rng.normal() - 0.045).exp() * 100.0).round() / 100.0);
            country_col.push(country_ids[country]);
        }
        truth.push(Truth { customer: name, p_first: p[0], p_second: p[1], mean_spend: m });
    }
    let len = cust.len();
    ds.len = len;
    ds.order_cancelled = vec![false; orders as usize];
    for k in 0..orders {
        ds.orders.push_unlisted(&k.to_string());
    }
    ds.item = vec![ds.items.intern(b"item"); len];
    ds.amount = Some(amount.into());
    ds.customers = customers;
    ds.attributes = vec![Attribute::new("Country", countries)];
    let keys = RowKeys { customer: Some(cust), order: Some(order), time: Some(time), attributes: vec![country_col] };
    assert!(ds.set_keys(keys), "one key per row");
    SimShop { dataset: ds, truth }
}
