//! The published CDNOW fits as the target for real data.
//!
//! Data: `tests/data/cdnow_summary.csv`, the CDNOW sample's calibration summary (2,357 customers, weeks;
//! columns ID, x, t_x, T, zbar = mean value of the repeat purchases) as distributed by Fader & Hardie and
//! copied from the `lifetimes` 0.11.3 package (MIT), file `lifetimes/datasets/
//! cdnow_customers_summary_with_transactions.csv`.
//!
//! Expected values:
//! - BG/NBD: Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way: An Alternative to the
//!   Pareto/NBD Model", Marketing Science 24(2), section 5: r = 0.243, α = 4.414, a = 0.793, b = 2.426,
//!   LL = −9582.4 (also Fader & Hardie's note "Implementing the BG/NBD Model for Customer Base Analysis in
//!   Excel").
//! - Gamma-Gamma: Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value", on the 946 customers with
//!   at least one repeat purchase: p = 6.25, q = 3.74, γ = 15.44.
//!
//! The papers print three or four significant digits, so each estimate must round to the printed value:
//! within half a unit of the last printed digit.

use clientela::clv::{bgnbd, gamma_gamma, summary::CustomerSummary};

fn cdnow() -> Vec<CustomerSummary> {
    let text = include_str!("data/cdnow_summary.csv");
    let mut rows = Vec::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 5, "{line}");
        let x: u32 = f[1].parse().unwrap();
        rows.push(CustomerSummary {
            x,
            t_x: f[2].parse().unwrap(),
            t: f[3].parse().unwrap(),
            monetary: if x > 0 { f[4].parse().unwrap() } else { 0.0 },
        });
    }
    rows
}

fn assert_printed(name: &str, got: f64, printed: f64, half_unit: f64) {
    assert!((got - printed).abs() <= half_unit, "{name}: {got} does not round to the published {printed}");
}

#[test]
fn bgnbd_fit_on_cdnow_reproduces_fader_hardie_lee_2005() {
    let rows = cdnow();
    assert_eq!(rows.len(), 2357);
    let fit = bgnbd::fit(&rows).expect("the CDNOW fit converges");
    let p = fit.params;
    assert_printed("r", p.r, 0.243, 0.0005);
    assert_printed("alpha", p.alpha, 4.414, 0.0005);
    assert_printed("a", p.a, 0.793, 0.0005);
    assert_printed("b", p.b, 2.426, 0.0005);
    assert_printed("log-likelihood", fit.log_likelihood, -9582.4, 0.05);
}

#[test]
fn gamma_gamma_fit_on_cdnow_reproduces_fader_hardie_2013() {
    let rows = cdnow();
    let repeat: Vec<CustomerSummary> = rows.into_iter().filter(|c| c.x > 0).collect();
    assert_eq!(repeat.len(), 946);
    let fit = gamma_gamma::fit(&repeat).expect("the CDNOW spend fit converges");
    let p = fit.params;
    assert_printed("p", p.p, 6.25, 0.005);
    assert_printed("q", p.q, 3.74, 0.005);
    // γ: the note's Excel Solver run prints 15.44 and lifetimes' documented fit of the same data 15.45; the
    // likelihood's optimum, 15.448, lies between them, so γ is held to 0.01 of the note's value.
    assert_printed("gamma", p.gamma, 15.44, 0.01);
}
