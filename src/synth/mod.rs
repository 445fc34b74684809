//! A seeded generator of realistic shop data, for benchmarks, tests and the page's sample button.
//!
//! The shop: customers arrive over two years; each buys at their own rate (gamma-distributed, as in the
//! NBD model) until they drop out (a geometric number of purchases, as in BG/NBD); item popularity is
//! Zipf-like and some items are bought together (pairs), so basket rules exist; about 2 % of invoices
//! are cancelled (`C` + number, negative quantities), 10 % of invoices have no customer id, a few lines
//! have price zero. Same seed, same bytes: the random generator is written here (SplitMix64) so that the
//! output never changes with a dependency upgrade.
//!
//! The shop is a stream of orders of plain [`Line`]s ([`for_each_order`]); [`write_csv`] writes them in the
//! Online Retail layout and [`shapes`] in the layouts of the exports shops download from their platforms
//! (Shopify, WooCommerce, Stripe, …) and of European spreadsheets, for `clientela generate --shape`.

pub mod shapes;

use std::io::Write;

/// Parameters of the synthetic shop.
#[derive(Debug, Clone)]
pub struct ShopParams {
    /// Line-item rows to write (the last invoice may stop early).
    pub rows: u64,
    /// Random seed.
    pub seed: u64,
    /// Number of distinct items.
    pub items: u32,
    /// Customers per 100 rows (controls purchases per customer).
    pub customers_per_100_rows: f64,
}

impl Default for ShopParams {
    fn default() -> Self {
        ShopParams { rows: 100_000, seed: 42, items: 4000, customers_per_100_rows: 0.8 }
    }
}

pub use crate::rng::Rng;

const WORDS_A: [&str; 16] = [
    "WHITE", "RED", "BLUE", "VINTAGE", "PINK", "GREEN", "RETRO", "JUMBO", "SMALL", "LARGE", "HEART", "REGENCY", "PAPER", "GLASS", "WOODEN",
    "SET OF 3",
];
const WORDS_B: [&str; 16] = [
    "LANTERN",
    "MUG",
    "BAG",
    "CANDLE",
    "TEACUP",
    "CAKE STAND",
    "BUNTING",
    "NOTEBOOK",
    "CLOCK",
    "FRAME",
    "TIN",
    "BOWL",
    "CUSHION",
    "DOORMAT",
    "LUNCH BOX",
    "T-LIGHT HOLDER",
];
const COUNTRIES: [(&str, u32); 6] =
    [("United Kingdom", 80), ("Germany", 6), ("France", 5), ("Portugal", 3), ("Spain", 3), ("Czech Republic", 3)];

struct Customer {
    id: u32,
    country: usize,
    rate: f64,
    p_drop: f64,
    next: f64,
    alive: bool,
    /// How much more or less than usual the customer buys of each item (Gamma(2, 2): mean 1; big and
    /// small spenders, as real shops have).
    level: f64,
}

/// A customer's spend level, from its own stream (seed and id) so that the shop's other draws stay as they
/// were without it.
fn spend_level(seed: u64, id: u32) -> f64 {
    Rng::new(seed ^ u64::from(id).wrapping_mul(0x9E37_79B9_7F4A_7C15)).gamma(2.0, 2.0)
}

/// One line item of the shop, as every writer of [`shapes`] takes it: the plain fields a sales file holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Line {
    /// Order (invoice) id; `C` + digits marks a cancellation, as in the UCI Online Retail data.
    pub order: String,
    /// Customer id; empty when the order has none.
    pub customer: String,
    /// Civil date `(year, month, day)`.
    pub date: (i64, u32, u32),
    /// Seconds after midnight.
    pub secs: u32,
    /// Item code (stock code, SKU).
    pub item_code: String,
    /// Item name (description), possibly empty.
    pub item_name: String,
    /// Quantity; negative on a cancellation or return.
    pub quantity: i64,
    /// Unit price, as written (the synthetic shop's are whole cents).
    pub price: f64,
    /// Country of the customer.
    pub country: String,
}

/// Runs the shop and hands each order (its lines, in order) to `each`. The last order may stop early when
/// the row count is reached. Same seed, same orders.
pub fn for_each_order<E>(p: &ShopParams, mut each: impl FnMut(&[Line]) -> Result<(), E>) -> Result<(), E> {
    let mut rng = Rng::new(p.seed);
    let n_items = p.items.max(10) as usize;
    let prices: Vec<f64> = (0..n_items).map(|_| (rng.gamma(2.0, 0.8) + 0.19).min(60.0)).collect();
    // Zipf-like popularity: cumulative weights 1/(rank+10).
    let mut cum = Vec::with_capacity(n_items);
    let mut acc = 0.0;
    for r in 0..n_items {
        acc += 1.0 / (r as f64 + 10.0);
        cum.push(acc);
    }
    let pick = |rng: &mut Rng| -> usize {
        let x = rng.f64() * acc;
        cum.partition_point(|&c| c < x).min(n_items - 1)
    };
    // Each item has a partner bought with it 35 % of the time.
    let partner: Vec<usize> = (0..n_items).map(|i| (i * 7 + 3 + (i % 5)) % n_items).collect();

    let n_customers = ((p.rows as f64 * p.customers_per_100_rows / 100.0) as usize).max(5);
    let days = 730.0;
    let mut customers: Vec<Customer> = (0..n_customers)
        .map(|k| {
            let country = {
                let x = rng.below(100) as u32;
                let mut s = 0;
                COUNTRIES.iter().position(|&(_, w)| {
                    s += w;
                    x < s
                })
            }
            .unwrap_or(0);
            // Purchase rate per day ~ Gamma(r=0.8, alpha=40): mean one purchase every 50 days.
            let rate = rng.gamma(0.8, 40.0).max(1e-4);
            let p_drop = rng.beta(1.2, 4.0);
            let first = rng.f64() * days * 0.9;
            let id = 12_346 + k as u32 * 3;
            Customer { id, country, rate, p_drop, next: first, alive: true, level: spend_level(p.seed, id) }
        })
        .collect();
    let base_day = crate::time::days_from_civil(2023, 1, 1);
    let mut invoice = 500_000u64;
    let mut written = 0u64;
    let mut lines: Vec<Line> = Vec::new();
    // Event loop: always serve the customer whose next purchase comes first (a binary heap would be
    // faster; a linear scan over a sampled window keeps this simple and deterministic).
    let mut heap: std::collections::BinaryHeap<(std::cmp::Reverse<u64>, usize)> =
        customers.iter().enumerate().map(|(i, c)| (std::cmp::Reverse((c.next * 86_400.0) as u64), i)).collect();
    let mut anon_time = 0.0f64;
    while written < p.rows {
        // Anonymous invoices interleave at a fixed share.
        let (who, t) = if rng.f64() < 0.1 {
            anon_time += rng.exp(1.0 / 0.4) * (730.0 / (p.rows as f64 / 20.0).max(1.0));
            (None, anon_time.min(days - 0.01))
        } else {
            match heap.pop() {
                Some((std::cmp::Reverse(secs), i)) if (secs as f64) < days * 86_400.0 => (Some(i), secs as f64 / 86_400.0),
                _ => {
                    // Everyone has dropped out or the window is over: new customers arrive.
                    let k = customers.len();
                    let rate = rng.gamma(0.8, 40.0).max(1e-4);
                    let first = rng.f64() * days * 0.9;
                    let id = 12_346 + k as u32 * 3;
                    customers.push(Customer {
                        id,
                        country: 0,
                        rate,
                        p_drop: rng.beta(1.2, 4.0),
                        next: first,
                        alive: true,
                        level: spend_level(p.seed, id),
                    });
                    heap.push((std::cmp::Reverse((first * 86_400.0) as u64), k));
                    continue;
                }
            }
        };
        invoice += 1;
        let cancelled = rng.f64() < 0.02;
        let n_lines = 1 + (rng.gamma(1.3, 0.09) as u64).min(60);
        let day = t.floor();
        let secs = (8.0 * 3600.0 + (t - day) * 10.0 * 3600.0) as i64;
        // Whole minutes: the plain file writes `HH:MM:00`.
        let secs = (secs / 60 * 60) as u32;
        let date = crate::time::civil_from_days(base_day + day as i64);
        let (cust, country) = match who {
            Some(i) => (customers[i].id.to_string(), COUNTRIES[customers[i].country].0),
            None => (String::new(), COUNTRIES[rng.below(2) as usize].0),
        };
        let inv = if cancelled { format!("C{invoice}") } else { invoice.to_string() };
        lines.clear();
        let mut prev = usize::MAX;
        for _ in 0..n_lines {
            if written >= p.rows {
                break;
            }
            let item = if prev != usize::MAX && rng.f64() < 0.35 { partner[prev] } else { pick(&mut rng) };
            prev = item;
            let mut qty = 1 + (rng.gamma(1.0, 0.15) as i64).min(500);
            if let Some(i) = who {
                qty = ((qty as f64 * customers[i].level).round() as i64).clamp(1, 500);
            }
            let mut price = prices[item];
            if rng.f64() < 0.002 {
                price = 0.0;
            }
            if cancelled {
                qty = -qty;
            }
            let name = format!("{} {}", WORDS_A[item % 16], WORDS_B[(item / 16) % 16]);
            let code = if item % 11 == 0 { format!("{}A", 20_000 + item) } else { (20_000 + item).to_string() };
            // Some descriptions hold a comma, as real ones do.
            let name = if item % 13 == 0 { format!("{name}, ASSORTED") } else { name };
            // The price as the plain file writes it (whole cents), so that every shape carries the same value.
            let price: f64 = format!("{price:.2}").parse().unwrap_or(0.0);
            lines.push(Line {
                order: inv.clone(),
                customer: cust.clone(),
                date,
                secs,
                item_code: code,
                item_name: name,
                quantity: qty,
                price,
                country: country.to_string(),
            });
            written += 1;
        }
        each(&lines)?;
        if let Some(i) = who {
            let c = &mut customers[i];
            if rng.f64() < c.p_drop {
                c.alive = false;
            } else {
                c.next = t + rng.exp(c.rate).max(0.5);
                heap.push((std::cmp::Reverse((c.next * 86_400.0) as u64), i));
            }
        }
    }
    Ok(())
}

/// Writes the shop as a CSV with the Online Retail header
/// (`InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country`).
pub fn write_csv(out: &mut impl Write, p: &ShopParams) -> std::io::Result<()> {
    writeln!(out, "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country")?;
    for_each_order(p, |lines| {
        for l in lines {
            let (y, m, d) = l.date;
            let name = &l.item_name;
            // Descriptions with a comma are quoted, as real exports do.
            let name = if name.contains(',') { format!("\"{name}\"") } else { name.clone() };
            writeln!(
                out,
                "{},{},{name},{},{y:04}-{m:02}-{d:02} {:02}:{:02}:00,{:.2},{},{}",
                l.order,
                l.item_code,
                l.quantity,
                l.secs / 3600,
                l.secs / 60 % 60,
                l.price,
                l.customer,
                l.country
            )?;
        }
        Ok(())
    })
}

/// Writes the shop in a platform's export shape (see [`shapes`]).
pub fn write_shape(out: impl Write, shape: shapes::Shape, p: &ShopParams) -> std::io::Result<()> {
    let mut w = shapes::ShapeWriter::new(shape, out)?;
    for_each_order(p, |lines| w.order(lines))?;
    w.finish()?;
    Ok(())
}

/// The shop as bytes.
pub fn csv_bytes(p: &ShopParams) -> Vec<u8> {
    let mut v = Vec::new();
    let _ = write_csv(&mut v, p);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bytes_and_row_count() {
        let p = ShopParams { rows: 2000, seed: 7, ..Default::default() };
        let a = csv_bytes(&p);
        assert_eq!(a, csv_bytes(&p));
        assert_ne!(a, csv_bytes(&ShopParams { seed: 8, ..p.clone() }));
        assert_eq!(a.iter().filter(|&&b| b == b'\n').count(), 2001);
    }

    #[test]
    fn gamma_sampler_has_the_right_mean() {
        // Mean of Gamma(shape k, rate λ) is k/λ.
        let mut r = Rng::new(1);
        for (k, l) in [(0.5, 2.0), (2.0, 0.5), (5.0, 1.0)] {
            let n = 40_000;
            let m: f64 = (0..n).map(|_| r.gamma(k, l)).sum::<f64>() / n as f64;
            assert!((m - k / l).abs() < 0.05 * k / l, "Gamma({k},{l}) mean {m}");
        }
    }
}
