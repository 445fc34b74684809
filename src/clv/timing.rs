//! When customers buy next: the chance of a purchase within 30, 60 and 90 days, the likely date of the
//! next purchase, who is overdue, and how far apart a shop's purchases are.
//!
//! For a customer still active at `T` with `x` repeat purchases, every model here (BG/NBD, MBG/NBD,
//! Pareto/NBD) gives the purchase rate the posterior λ ~ Gamma(r + x, α + T) (Fader, Hardie & Lee 2005,
//! eq. 3 and its Pareto/NBD analogue).
//!
//! - **BG/NBD, MBG/NBD**: drop-out happens only just after a purchase, so an active customer's next purchase
//!   comes after an exponential wait: P(purchase in (T, T+t] | active) = 1 − ((α+T)/(α+T+t))^(r+x).
//! - **Pareto/NBD**: the remaining lifetime is exponential with μ ~ Gamma(s, β + T), independent of λ given
//!   activity at T. A purchase comes first with chance λ/(λ+μ) within the time both run, so
//!   P(purchase in (T, T+t] | active) = E[λ/(λ+μ)·(1 − e^{−(λ+μ)t})] = J(α+T, β+T) − ((α+T)/(α+T+t))^(r+x)
//!   ((β+T)/(β+T+t))^s · J(α+T+t, β+T+t), where J(b₁, b₂) = E[λ/(λ+μ)] for λ ~ Gamma(r+x, b₁), μ ~ Gamma(s,
//!   b₂). Writing λ/(λ+μ) = ∫₀^∞ λ e^{−(λ+μ)u} du and substituting v = (b₁/(b₁+u))^{r+x} turns J into
//!   ∫₀¹ (b₂/(b₂+u(v)))^s dv with u(v) = b₁(v^{−1/(r+x)} − 1): a bounded, increasing integrand, computed by
//!   tanh-sinh quadrature (its endpoint behaviour, v^{s/(r+x)} at 0, is what that rule handles best), or,
//!   when b₁ and b₂ are within a factor of 2 (most customers), by its Gauss hypergeometric series.
//!
//! Each probability is multiplied by P(alive). The **next purchase** is the median wait of an active
//! customer, (α+T)(2^{1/(r+x)} − 1), from the as-of date: "if still a customer, around this date".
//! **Overdue**: customers with at least three purchases (two gaps, so a habit) whose time since the last
//! purchase is longer than their own mean gap `t_x / x`.

use serde::Serialize;

use super::model::Fitted;
use super::summary::CustomerSummary;

/// The windows of the purchase probabilities, in days.
pub const WINDOWS: [u32; 3] = [30, 60, 90];

/// Upper edges (exclusive) of the gap histogram's bins in days; the last bin is open.
pub const GAP_EDGES: [u32; 8] = [8, 15, 31, 61, 91, 181, 366, 731];

/// Gaps longer than this many days are counted in the histogram's last bin only (quantiles above it are
/// reported as this value).
pub const MAX_GAP_DAYS: usize = 3660;

/// Customers listed as overdue (the count covers all).
pub const OVERDUE_LIST: usize = 200;

/// Repeat purchases needed before a gap is a habit (three purchases, two gaps).
pub const OVERDUE_MIN_REPEATS: u32 = 2;

/// P(at least one purchase in `(T, T+t]` | active at `T`), `t` in the model's time unit.
pub fn p_purchase_if_alive(f: &Fitted, c: &CustomerSummary, t: f64) -> f64 {
    if !(t > 0.0) {
        return 0.0;
    }
    let x = c.x as f64;
    let v = match f {
        Fitted::Bgnbd(p) => first_purchase_within(p.r + x, p.alpha + c.t, t),
        Fitted::MbgNbd(p) => first_purchase_within(p.r + x, p.alpha + c.t, t),
        Fitted::ParetoNbd(p) => {
            let (a1, b1, a2, b2) = (p.r + x, p.alpha + c.t, p.s, p.beta + c.t);
            let none = (-a1 * (t / b1).ln_1p() - a2 * (t / b2).ln_1p()).exp();
            purchase_before_death(a1, b1, a2, b2) - none * purchase_before_death(a1, b1 + t, a2, b2 + t)
        }
    };
    if v.is_nan() { v } else { v.clamp(0.0, 1.0) }
}

/// P(at least one purchase in `(T, T+t]`) = P(alive) × the chance if active.
pub fn p_purchase(f: &Fitted, c: &CustomerSummary, t: f64) -> f64 {
    f.p_alive(c) * p_purchase_if_alive(f, c, t)
}

/// The median wait for the next purchase of an active customer, ignoring drop-out (model time units).
pub fn median_wait_if_buying(f: &Fitted, c: &CustomerSummary) -> f64 {
    let (r, alpha) = match f {
        Fitted::Bgnbd(p) => (p.r, p.alpha),
        Fitted::MbgNbd(p) => (p.r, p.alpha),
        Fitted::ParetoNbd(p) => (p.r, p.alpha),
    };
    (alpha + c.t) * (std::f64::consts::LN_2 / (r + c.x as f64)).exp_m1()
}

/// 1 − (b/(b+t))^a: the chance that an exponential wait with rate λ ~ Gamma(a, b) ends within t.
fn first_purchase_within(a: f64, b: f64, t: f64) -> f64 {
    -(-a * (t / b).ln_1p()).exp_m1()
}

/// E[λ/(λ+μ)] for independent λ ~ Gamma(a1, b1), μ ~ Gamma(a2, b2) (shape, rate): the chance that a
/// Poisson(λ) purchase comes before an exponential(μ) death.
///
/// With λ = X/b1, μ = Y/b2 and B = X/(X+Y) ~ Beta(a1, a2), λ/(λ+μ) = B/(B + c(1−B)) with c = b1/b2, whose mean
/// is (1/c)·a1/(a1+a2)·₂F₁(1, a1+1; a1+a2+1; 1 − 1/c) for c ≥ 1 (and 1 − the same with the roles swapped for
/// c < 1). The series is summed when its argument is at most 1/2 (customers observed for long: T dominates
/// both rates, the argument is near 0); otherwise the integral is taken by quadrature.
pub fn purchase_before_death(a1: f64, b1: f64, a2: f64, b2: f64) -> f64 {
    if !(a1 > 0.0 && b1 > 0.0 && a2 > 0.0 && b2 > 0.0) {
        return f64::NAN;
    }
    let v = if b1 >= b2 && 1.0 - b2 / b1 <= 0.5 {
        series(a1, b1, a2, b2)
    } else if b2 > b1 && 1.0 - b1 / b2 <= 0.5 {
        1.0 - series(a2, b2, a1, b1)
    } else {
        quadrature(a1, b1, a2, b2)
    };
    v.clamp(0.0, 1.0)
}

/// The hypergeometric series above, for b1 ≥ b2 and z = 1 − b2/b1 ≤ 1/2 (terms shrink at least by half).
fn series(a1: f64, b1: f64, a2: f64, b2: f64) -> f64 {
    let z = 1.0 - b2 / b1;
    let (mut term, mut sum) = (1.0, 1.0);
    for n in 0..200 {
        let n = f64::from(n);
        term *= (a1 + 1.0 + n) / (a1 + a2 + 1.0 + n) * z;
        sum += term;
        if term < 1e-17 * sum {
            break;
        }
    }
    a1 / (a1 + a2) * sum * b2 / b1
}

/// The same by tanh-sinh quadrature of J = ∫₀¹ (b2/(b2+u(v)))^{a2} dv, u(v) = b1(v^{−1/a1} − 1).
fn quadrature(a1: f64, b1: f64, a2: f64, b2: f64) -> f64 {
    let ratio = b1 / b2;
    super::special::tanh_sinh_nodes()
        .iter()
        .map(|&(v, w)| {
            // u / b2 = (b1/b2)(v^{−1/a1} − 1), written with expm1 for v near 1.
            let u = ratio * (-v.ln() / a1).exp_m1();
            w * (-a2 * u.ln_1p()).exp()
        })
        .sum::<f64>()
}

/// The report's timing section.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Timing {
    /// The windows in days ([`WINDOWS`]).
    pub windows: [u32; 3],
    /// Customers expected to buy at least once within each window: the sum of their chances.
    pub expected_buyers: [f64; 3],
    /// How far apart purchases are, up to the as-of date.
    pub gaps: Gaps,
    /// Customers overdue (at least three purchases, silent for longer than their own mean gap).
    pub overdue_customers: usize,
    /// The first [`OVERDUE_LIST`] of them by past value, largest first (equal value by id).
    pub overdue: Vec<super::CustomerValue>,
}

/// How far apart a shop's purchases are: gaps in days between one customer's consecutive purchase days.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Gaps {
    /// Gaps counted (repeat purchase days up to the as-of date).
    pub gaps: u64,
    /// Customers with at least one gap.
    pub customers: u64,
    /// Quartiles of the gaps in days: 25 %, median, 75 % (`null` without gaps).
    pub quartiles: Option<[u32; 3]>,
    /// The histogram.
    pub bins: Vec<GapBin>,
}

/// One bin of the gap histogram.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct GapBin {
    /// First day of the bin.
    pub from: u32,
    /// Last day of the bin (`null`: open).
    pub to: Option<u32>,
    /// Gaps in it.
    pub gaps: u64,
}

/// The distribution from a histogram of gaps by day (`hist[d]` = gaps of `d` days, the last entry holding
/// every longer gap).
pub fn gaps(hist: &[u64], customers: u64) -> Gaps {
    let total: u64 = hist.iter().sum();
    let quantile = |q: f64| -> u32 {
        // The smallest d with at least q of the gaps at or below it.
        let need = (q * total as f64).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (d, &n) in hist.iter().enumerate() {
            seen += n;
            if seen >= need {
                return d as u32;
            }
        }
        hist.len().saturating_sub(1) as u32
    };
    let mut bins = Vec::with_capacity(GAP_EDGES.len() + 1);
    let mut from = 1u32;
    for &to in &GAP_EDGES {
        let n = hist.iter().enumerate().filter(|&(d, _)| d as u32 >= from && (d as u32) < to).map(|(_, &n)| n).sum();
        bins.push(GapBin { from, to: Some(to - 1), gaps: n });
        from = to;
    }
    bins.push(GapBin { from, to: None, gaps: hist.iter().enumerate().filter(|&(d, _)| d as u32 >= from).map(|(_, &n)| n).sum() });
    Gaps { gaps: total, customers, quartiles: (total > 0).then(|| [quantile(0.25), quantile(0.5), quantile(0.75)]), bins }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::bgnbd::BgNbdParams;
    use crate::clv::pareto_nbd::ParetoNbdParams;
    use crate::rng::Rng;

    /// E[λ/(λ+μ)] by the Gauss hypergeometric series: with λ = X/b1, μ = Y/b2 and c = b1/b2 ≥ 1,
    /// E[X/(X+cY)] = (1/c)·a1/(a1+a2)·₂F₁(1, a1+1; a1+a2+1; 1 − 1/c) (from B = X/(X+Y) ~ Beta(a1, a2)).
    fn by_series(a1: f64, b1: f64, a2: f64, b2: f64) -> f64 {
        let c = b1 / b2;
        assert!(c >= 1.0);
        let z = 1.0 - 1.0 / c;
        let (mut term, mut sum) = (1.0, 1.0);
        for n in 0..5000 {
            let n = n as f64;
            term *= (1.0 + n) * (a1 + 1.0 + n) / ((a1 + a2 + 1.0 + n) * (n + 1.0)) * z;
            sum += term;
            if term.abs() < 1e-17 {
                break;
            }
        }
        a1 / (a1 + a2) * sum / c
    }

    #[test]
    fn purchase_before_death_is_the_beta_mean_when_the_rates_agree() {
        // b1 = b2: λ/(λ+μ) = X/(X+Y) ~ Beta(a1, a2), mean a1/(a1+a2) exactly.
        for &(a1, a2) in &[(0.05, 0.3), (0.55, 0.61), (1.0, 1.0), (3.0, 0.2), (40.0, 0.05), (0.2, 25.0), (200.0, 3.0)] {
            for b in [0.5, 10.0, 400.0] {
                let got = purchase_before_death(a1, b, a2, b);
                assert!((got - a1 / (a1 + a2)).abs() < 1e-7, "a1 {a1} a2 {a2} b {b}: {got} vs {}", a1 / (a1 + a2));
            }
        }
    }

    #[test]
    fn quadrature_agrees_with_the_hypergeometric_series() {
        for &(a1, a2) in &[(0.55, 0.61), (2.0, 0.3), (12.0, 1.5), (0.3, 4.0), (40.0, 0.05)] {
            for &(b1, b2) in &[(10.0, 10.0), (11.0, 10.0), (15.0, 10.0), (29.0, 20.0), (60.0, 30.5), (38.0, 10.0)] {
                let (got, want) = (quadrature(a1, b1, a2, b2), by_series(a1, b1, a2, b2));
                assert!((got - want).abs() < 1e-7, "{a1} {b1} {a2} {b2}: {got} vs {want}");
                let public = purchase_before_death(a1, b1, a2, b2);
                assert!((public - want).abs() < 1e-7, "{a1} {b1} {a2} {b2}: {public} vs {want}");
                // Swapping the roles: P(death first) = 1 − P(purchase first).
                let swapped = purchase_before_death(a2, b2, a1, b1);
                assert!((got + swapped - 1.0).abs() < 1e-7, "{got} + {swapped}");
            }
        }
    }

    #[test]
    fn purchase_before_death_stays_consistent_at_extreme_rates() {
        // P(purchase first) + P(death first) = 1 whatever the rates; both are probabilities. At rate ratios
        // of 1000:1 the quadrature's error grows to ~3e-5 (typical customers: T dominates both rates, ratio
        // near 1, error below 1e-7 as above); a chance is shown to 0.1 %.
        for &(a1, a2) in &[(0.1, 0.1), (0.55, 0.61), (30.0, 0.2), (0.2, 30.0), (500.0, 500.0)] {
            for &(b1, b2) in &[(1e-3, 1.0), (1.0, 1e-3), (1e3, 1.0), (1.0, 1e4), (0.05, 90.0)] {
                let (p, q) = (purchase_before_death(a1, b1, a2, b2), purchase_before_death(a2, b2, a1, b1));
                assert!((0.0..=1.0).contains(&p) && (p + q - 1.0).abs() < 1e-4, "{a1} {b1} {a2} {b2}: {p} + {q}");
            }
        }
    }

    fn customer(x: u32, t_x: f64, t: f64) -> CustomerSummary {
        CustomerSummary { x, t_x, t, monetary: 0.0 }
    }

    /// P(purchase within t | active) by simulation from the posterior: λ ~ Gamma(r+x, α+T), μ ~ Gamma(s, β+T),
    /// the first purchase after Exp(λ), death after Exp(μ).
    fn pareto_by_simulation(p: &ParetoNbdParams, c: &CustomerSummary, t: f64, n: usize) -> f64 {
        let mut rng = Rng::new(7);
        let mut hits = 0;
        for _ in 0..n {
            let lambda = rng.gamma(p.r + c.x as f64, p.alpha + c.t);
            let mu = rng.gamma(p.s, p.beta + c.t);
            let purchase = -(1.0 - rng.f64()).ln() / lambda;
            let death = -(1.0 - rng.f64()).ln() / mu;
            if purchase <= t && purchase < death {
                hits += 1;
            }
        }
        hits as f64 / n as f64
    }

    #[test]
    fn pareto_nbd_purchase_chance_matches_a_simulation_of_the_posterior() {
        // Fader, Hardie & Lee's CDNOW estimates (r 0.55, α 10.58, s 0.61, β 11.67; weeks).
        let p = ParetoNbdParams { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 };
        let f = Fitted::ParetoNbd(p);
        let n = 400_000;
        for c in [customer(0, 0.0, 38.86), customer(2, 30.43, 38.86), customer(7, 35.0, 38.86), customer(1, 2.0, 5.0)] {
            for t in [4.0, 13.0, 52.0] {
                let (got, sim) = (p_purchase_if_alive(&f, &c, t), pareto_by_simulation(&p, &c, t, n));
                // Binomial standard error at most 0.5/sqrt(n) = 0.0008: 5 of them.
                assert!((got - sim).abs() < 0.004, "x {} T {} t {t}: {got} vs simulated {sim}", c.x, c.t);
            }
        }
    }

    #[test]
    fn bg_nbd_purchase_chance_is_the_gamma_mixture_of_exponential_waits() {
        // FHL 2005 CDNOW estimates. Oracle: the integral of (1 − e^{−λt}) over the Gamma(r+x, α+T) density by
        // the midpoint rule on a fine grid of its quantiles is replaced by simulation; and for small t the
        // chance is the expected count, E[λ]·t.
        let p = BgNbdParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
        let f = Fitted::Bgnbd(p);
        let c = customer(3, 20.0, 38.0);
        let mut rng = Rng::new(11);
        let n = 400_000;
        let t = 10.0;
        let sim = (0..n).filter(|_| -(1.0 - rng.f64()).ln() / rng.gamma(p.r + 3.0, p.alpha + 38.0) <= t).count() as f64 / n as f64;
        let got = p_purchase_if_alive(&f, &c, t);
        assert!((got - sim).abs() < 0.004, "{got} vs {sim}");
        let tiny = 1e-6;
        let rate = (p.r + 3.0) / (p.alpha + 38.0);
        assert!((p_purchase_if_alive(&f, &c, tiny) / (rate * tiny) - 1.0).abs() < 1e-4);
        // The chance grows with the window, stays below 1 and below the expected purchases if active.
        let mut last = 0.0;
        for t in [1.0, 4.0, 13.0, 52.0, 520.0] {
            let v = p_purchase_if_alive(&f, &c, t);
            assert!(v > last && v < 1.0 && v <= f.expected_if_alive(&c, t) + 1e-12, "t {t}: {v}");
            last = v;
        }
    }

    #[test]
    fn pareto_nbd_purchase_chance_tends_to_purchase_before_death() {
        let p = ParetoNbdParams { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 };
        let f = Fitted::ParetoNbd(p);
        let c = customer(2, 30.0, 38.0);
        let limit = purchase_before_death(2.55, 48.58, 0.61, 49.67);
        assert!((p_purchase_if_alive(&f, &c, 1e7) - limit).abs() < 1e-6);
        let tiny = 1e-5;
        let rate = 2.55 / 48.58;
        assert!((p_purchase_if_alive(&f, &c, tiny) / (rate * tiny) - 1.0).abs() < 1e-3);
    }

    #[test]
    fn median_wait_halves_the_chance() {
        let f = Fitted::Bgnbd(BgNbdParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
        for c in [customer(0, 0.0, 10.0), customer(5, 30.0, 38.0)] {
            let m = median_wait_if_buying(&f, &c);
            assert!((p_purchase_if_alive(&f, &c, m) - 0.5).abs() < 1e-12, "{m}");
        }
    }

    #[test]
    fn gap_quartiles_and_bins_by_hand() {
        // Gaps 1, 7, 7, 8, 30, 400 and 5000 (in the last entry): quartiles by hand 7, 8, 400 (ceil(0.25·7) = 2nd,
        // ceil(0.5·7) = 4th, ceil(0.75·7) = 6th gap).
        let mut hist = vec![0u64; MAX_GAP_DAYS + 1];
        for d in [1, 7, 7, 8, 30, 400] {
            hist[d] += 1;
        }
        hist[MAX_GAP_DAYS] += 1;
        let g = gaps(&hist, 3);
        assert_eq!((g.gaps, g.customers, g.quartiles), (7, 3, Some([7, 8, 400])));
        let counts: Vec<u64> = g.bins.iter().map(|b| b.gaps).collect();
        assert_eq!(counts, vec![3, 1, 1, 0, 0, 0, 0, 1, 1]);
        assert_eq!((g.bins[0].from, g.bins[0].to, g.bins[8].from, g.bins[8].to), (1, Some(7), 731, None));
        assert_eq!(gaps(&[0; 10], 0).quartiles, None);
    }
}
