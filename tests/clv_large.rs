//! Many simulated customers: the fits converge (ignored by default: seconds to tens of seconds; run with
//! `cargo test --release --test integration clv_large:: -- --ignored --nocapture`).

use clientela::clv::model::{self, ModelKind};
use clientela::clv::simulate::{SimParams, simulate};
use clientela::clv::{CustomerSummary, bgnbd, gamma_gamma};

fn simulated(n: usize) -> Vec<CustomerSummary> {
    simulate(&SimParams { customers: n, seed: 1, ..Default::default() }).iter().map(|c| c.summary).collect()
}

#[test]
#[ignore]
fn a_million_customers_fit_and_converge() {
    let rows = simulated(1_000_000);
    let t = std::time::Instant::now();
    let f = bgnbd::fit(&rows).expect("fits");
    eprintln!("{:?} {:?} in {:?}", f.params, f.diagnostics, t.elapsed());
    assert!(f.diagnostics.converged, "{:?}", f.diagnostics);
}

/// Every model the analysis fits (the three purchase models and Gamma-Gamma), as `cargo bench --bench clv --
/// "fit all models"` times them: each converges with standard errors. Also the fixture for counting the
/// fits' instructions (`valgrind --tool=callgrind` on this test binary with `--ignored --exact
/// all_models_fit_and_converge_on_100k_customers`).
fn all_models_fit_and_converge(n: usize) {
    let rows = simulated(n);
    let t = std::time::Instant::now();
    for kind in ModelKind::ALL {
        let each = std::time::Instant::now();
        let f = model::fit(kind, &rows).expect("fits");
        eprintln!(
            "{} in {:?}: {:?} LL {} SE {:?} {:?}",
            kind.label(),
            each.elapsed(),
            f.fitted.values(),
            f.log_likelihood,
            f.standard_errors,
            f.diagnostics
        );
        assert!(f.diagnostics.converged, "{kind:?}: {:?}", f.diagnostics);
        assert!(f.standard_errors.iter().all(Option::is_some), "{kind:?}: {:?}", f.standard_errors);
    }
    let g = gamma_gamma::fit(&rows).expect("Gamma-Gamma fits");
    eprintln!("Gamma-Gamma: {:?} SE {:?} {:?}", g.params, g.standard_errors, g.diagnostics);
    assert!(g.diagnostics.converged, "{:?}", g.diagnostics);
    eprintln!("{n} customers, all models in {:?}", t.elapsed());
}

#[test]
#[ignore]
fn all_models_fit_and_converge_on_100k_customers() {
    all_models_fit_and_converge(100_000);
}

#[test]
#[ignore]
fn all_models_fit_and_converge_on_a_million_customers() {
    all_models_fit_and_converge(1_000_000);
}
