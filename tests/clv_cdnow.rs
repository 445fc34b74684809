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

/// Pareto/NBD on the same summary. Expected: Fader & Hardie, "A Note on Deriving the Pareto/NBD Model and
/// Related Expressions" (2005) and "Creating an RFM summary using Excel" / the BG/NBD paper's comparison,
/// CDNOW sample in weeks: r 0.55, α 10.58, s 0.61, β 11.67, LL −9595.0. lifetimes 0.11.3's
/// `test_params_out_is_close_to_Hardie_paper` gives the digits 0.553, 10.578, 0.606, 11.669 (held here to
/// 2e-3 relative, the search's tolerance on that flat surface). New-customer expectations: BTYD's manual
/// (`pnbd.Expectation`, CRAN BTYD 2.4) as lifetimes' `test_expectation_returns_same_value_as_R_BTYD`:
/// E[X(1)] 0.05077821, E[X(5)] 0.23247466, E[X(9)] 0.38909211, held to lifetimes' tolerance 0.01 (the
/// manual's figures come from BTYD's own estimates, which differ in the third digit).
#[test]
fn pareto_nbd_fit_on_cdnow_reproduces_fader_hardie() {
    use clientela::clv::model::{self, Fitted, ModelKind};
    let rows = cdnow();
    let fit = model::fit(ModelKind::ParetoNbd, &rows).expect("the Pareto/NBD fit converges");
    assert!(fit.diagnostics.converged, "{:?}", fit.diagnostics);
    let [r, alpha, s, beta] = fit.fitted.values();
    assert_printed("r", r, 0.55, 0.005);
    assert_printed("alpha", alpha, 10.58, 0.005);
    assert_printed("s", s, 0.61, 0.005);
    assert_printed("beta", beta, 11.67, 0.005);
    for (got, want) in [(r, 0.553), (alpha, 10.578), (s, 0.606), (beta, 11.669)] {
        assert!((got - want).abs() <= 2e-3 * want, "{got} vs lifetimes' {want}");
    }
    assert_printed("log-likelihood", fit.log_likelihood, -9595.0, 0.05);
    let Fitted::ParetoNbd(p) = fit.fitted else { panic!("a Pareto/NBD fit") };
    for (t, want) in [(1.0, 0.05077821), (5.0, 0.23247466), (9.0, 0.38909211)] {
        let got = clientela::clv::pareto_nbd::expected_purchases(&p, t);
        assert!((got - want).abs() < 0.01, "E[X({t})] = {got}, BTYD {want}");
    }
}

/// MBG/NBD on the same summary. Expected: BTYDplus (Platzer, `mbgcbs.EstimateParameters` on the CDNOW
/// sample) as quoted in lifetimes 0.11.3's `test_params_out_is_close_to_BTYDplus`: r 0.525, α 6.183,
/// a 0.891, b 1.614, checked there to 3 decimals (|difference| < 1.5e-3), as here. Its conditional
/// expectation for x 2, t_x 30.43, T 38.86 over 39 weeks: within 0.05 of Hardie's BG/NBD spreadsheet's
/// 1.226, lifetimes' `test_conditional_expectation_returns_same_value_as_Hardie_excel_sheet` (1.263 here).
#[test]
fn mbg_nbd_fit_on_cdnow_reproduces_btydplus() {
    use clientela::clv::model::{self, ModelKind};
    let rows = cdnow();
    let fit = model::fit(ModelKind::MbgNbd, &rows).expect("the MBG/NBD fit converges");
    assert!(fit.diagnostics.converged, "{:?}", fit.diagnostics);
    let [r, alpha, a, b] = fit.fitted.values();
    for (name, got, want) in [("r", r, 0.525), ("alpha", alpha, 6.183), ("a", a, 0.891), ("b", b, 1.614)] {
        assert!((got - want).abs() < 1.5e-3, "{name}: {got} vs BTYDplus {want}");
    }
    let c = CustomerSummary { x: 2, t_x: 30.43, t: 38.86, monetary: 0.0 };
    let e = fit.fitted.conditional_expected(&c, 39.0);
    assert!((e - 1.226).abs() < 0.05, "{e}");
    eprintln!("MBG/NBD on CDNOW: LL {:.2}", fit.log_likelihood);
}

/// The three models on one summary: P(alive) is a probability for every customer, and each model's
/// conditional expectation is below its expectation if alive.
#[test]
fn every_model_gives_probabilities_on_cdnow() {
    use clientela::clv::model::{self, ModelKind};
    let rows = cdnow();
    for kind in ModelKind::ALL {
        let fit = model::fit(kind, &rows).expect("fits");
        for c in &rows {
            let p = fit.fitted.p_alive(c);
            assert!((0.0..=1.0).contains(&p), "{kind:?} {c:?}: {p}");
            let (e, ea) = (fit.fitted.conditional_expected(c, 52.0), fit.fitted.expected_if_alive(c, 52.0));
            assert!(e.is_finite() && e >= 0.0 && e <= ea + 1e-12, "{kind:?} {c:?}: {e} {ea}");
        }
    }
}
