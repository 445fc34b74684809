//! Customers drawn from the BG/NBD and Gamma-Gamma models with a seeded generator, for the parameter
//! recovery tests and the benchmarks.
//!
//! Each customer: purchase rate λ ~ Gamma(r, rate α), drop-out probability p ~ Beta(a, b); the first
//! purchase is at time 0, repeat purchases follow at Exp(λ) intervals, and after each repeat purchase the
//! customer drops out with probability p (FHL 2005, assumptions i–v: no drop-out right after the first
//! purchase). Observation length T is uniform on `[t_min, t_max]` (CDNOW customers entered over 12
//! weeks and were observed 27 to 39 weeks). Spend: ν ~ Gamma(q, rate γ), each repeat purchase's value
//! Gamma(p, rate ν), `monetary` = their mean. The process continues for `future` time units after T so
//! that holdout predictions can be checked against what the model itself would do.

use super::bgnbd::BgNbdParams;
use super::gamma_gamma::GammaGammaParams;
use super::summary::CustomerSummary;
use crate::rng::Rng;

/// What to simulate.
#[derive(Debug, Clone)]
pub struct SimParams {
    /// Customers.
    pub customers: usize,
    /// Purchase model.
    pub bgnbd: BgNbdParams,
    /// Spend model.
    pub gamma_gamma: GammaGammaParams,
    /// Shortest observation (units).
    pub t_min: f64,
    /// Longest observation (units).
    pub t_max: f64,
    /// Time simulated after T, for holdout counts.
    pub future: f64,
    /// Seed.
    pub seed: u64,
}

impl Default for SimParams {
    /// CDNOW-like: the paper's BG/NBD estimates (r 0.243, α 4.414, a 0.793, b 2.426, weeks) and the
    /// Gamma-Gamma estimates of Fader, Hardie & Lee's iso-value paper (p 6.25, q 3.74, γ 15.44).
    fn default() -> Self {
        SimParams {
            customers: 10_000,
            bgnbd: BgNbdParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
            gamma_gamma: GammaGammaParams { p: 6.25, q: 3.74, gamma: 15.44 },
            t_min: 27.0,
            t_max: 39.0,
            future: 39.0,
            seed: 1,
        }
    }
}

/// One simulated customer: the calibration summary and the purchases in `(T, T + future]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimCustomer {
    /// Calibration summary.
    pub summary: CustomerSummary,
    /// Purchases after T within `future`.
    pub future_purchases: u32,
}

/// Draws the customers (same parameters and seed, same customers).
pub fn simulate(sp: &SimParams) -> Vec<SimCustomer> {
    let mut rng = Rng::new(sp.seed);
    let BgNbdParams { r, alpha, a, b } = sp.bgnbd;
    let g = sp.gamma_gamma;
    (0..sp.customers)
        .map(|_| {
            let lambda = rng.gamma(r, alpha).max(1e-300);
            let p = rng.beta(a, b);
            let nu = rng.gamma(g.q, g.gamma).max(1e-300);
            let t_cal = sp.t_min + (sp.t_max - sp.t_min) * rng.f64();
            let end = t_cal + sp.future;
            let (mut t, mut x, mut t_x, mut future, mut spend) = (0.0, 0u32, 0.0, 0u32, 0.0);
            loop {
                t += rng.exp(lambda);
                if !(t <= end) {
                    break;
                }
                if t <= t_cal {
                    x += 1;
                    t_x = t;
                    spend += rng.gamma(g.p, nu);
                } else {
                    future += 1;
                }
                if rng.f64() < p {
                    break;
                }
            }
            let monetary = if x > 0 { spend / x as f64 } else { 0.0 };
            SimCustomer { summary: CustomerSummary { x, t_x, t: t_cal, monetary }, future_purchases: future }
        })
        .collect()
}

/// Writes the same kind of customers as purchase lines, for benchmarks that read a file
/// (`clientela generate --clv-customers N`): CSV `customer,date,amount`, one line per purchase day, the
/// first purchase included (its amount drawn like the others). Time units are weeks; a customer's first
/// purchase is `T` weeks before `calibration_end_day` (days since 1970-01-01), later purchases follow at the
/// simulated times (rounded down to days, so two purchases may fall on one day), including those in the
/// `future` window after the calibration end. Same parameters and seed, same file.
pub fn write_transactions(out: &mut impl std::io::Write, sp: &SimParams, calibration_end_day: i32) -> std::io::Result<()> {
    let mut rng = Rng::new(sp.seed);
    let BgNbdParams { r, alpha, a, b } = sp.bgnbd;
    let g = sp.gamma_gamma;
    writeln!(out, "customer,date,amount")?;
    for c in 0..sp.customers {
        let lambda = rng.gamma(r, alpha).max(1e-300);
        let p = rng.beta(a, b);
        let nu = rng.gamma(g.q, g.gamma).max(1e-300);
        let t_cal = sp.t_min + (sp.t_max - sp.t_min) * rng.f64();
        let first = calibration_end_day - (t_cal * 7.0).ceil() as i32;
        let end = t_cal + sp.future;
        // The first purchase at t = 0; then, as in `simulate`, repeat purchases at Exp(λ) intervals while
        // they fall in the window, the customer dropping out with probability p after each one.
        let mut t: f64 = 0.0;
        loop {
            let amount = rng.gamma(g.p, nu);
            let day = first.saturating_add((t * 7.0).floor().min(1e6) as i32);
            writeln!(out, "C{c},{},{amount:.2}", crate::time::day_string(day))?;
            if t > 0.0 && rng.f64() < p {
                break;
            }
            t += rng.exp(lambda);
            if !(t <= end) {
                break;
            }
        }
    }
    Ok(())
}
