//! One million simulated customers: the fit converges (ignored by default: about 10 s; run with
//! `cargo test --release --test clv_large -- --ignored --nocapture`).

use clientela::clv::bgnbd;
use clientela::clv::simulate::{SimParams, simulate};

#[test]
#[ignore]
fn a_million_customers_fit_and_converge() {
    let rows: Vec<_> = simulate(&SimParams { customers: 1_000_000, seed: 1, ..Default::default() }).iter().map(|c| c.summary).collect();
    let t = std::time::Instant::now();
    let f = bgnbd::fit(&rows).expect("fits");
    eprintln!("{:?} {:?} in {:?}", f.params, f.diagnostics, t.elapsed());
    assert!(f.diagnostics.converged, "{:?}", f.diagnostics);
}
