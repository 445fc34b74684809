//! Lifetime-value speed, natively: `cargo bench --bench clv`.
//!
//! Input: customers simulated from the BG/NBD and Gamma-Gamma models at the CDNOW estimates
//! (`clientela::clv::simulate`, seed 1, observation 27–39 weeks), built outside the timing loop. Timed:
//! the two maximum-likelihood fits (BG/NBD: six starts on a 20,000-customer subsample, then the final
//! search and the standard errors on all customers; Gamma-Gamma likewise on the repeat buyers), every model
//! the analysis fits ("fit all models": BG/NBD, Pareto/NBD, MBG/NBD and Gamma-Gamma, one after another), and the
//! per-customer scoring (P(alive), expected purchases and discounted CLV over 52 weeks in 12 monthly
//! steps). With the Online Retail file present, also the whole `clv` analysis on it (calibration end
//! 2011-09-01, table read beforehand). First, one timed fit of each purchase model (BG/NBD, Pareto/NBD,
//! MBG/NBD) on the CDNOW master's calibration summary (23,570 customers through 1997-09-30) and on 100k and
//! 1M simulated customers, printed. Also the chance to buy within 30/60/90 days for every customer.
//! A measurement, not a test: nothing passes or fails on a timing.

use std::hint::black_box;
use std::time::Duration;

use clientela::clv::model::{self, Fitted, ModelKind};
use clientela::clv::simulate::{SimParams, simulate};
use clientela::clv::{ClvOptions, CustomerSummary, bgnbd, clv, gamma_gamma, pareto_nbd, timing, value};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench_customers(c: &mut Criterion, name: &str, n: usize, samples: usize) {
    let rows: Vec<CustomerSummary> =
        simulate(&SimParams { customers: n, seed: 1, ..Default::default() }).iter().map(|s| s.summary).collect();
    let bg = bgnbd::fit(&rows).expect("BG/NBD fits");
    let gg = gamma_gamma::fit(&rows).expect("Gamma-Gamma fits");
    eprintln!(
        "simulated/{name}: {:?} converged {} ({} iterations); {:?}",
        bg.params, bg.diagnostics.converged, bg.diagnostics.iterations, gg.params
    );
    let schedule = value::schedule(52.0, 7.0, 0.1);
    let mut g = c.benchmark_group("clv");
    g.sample_size(samples).measurement_time(Duration::from_secs(15)).throughput(Throughput::Elements(n as u64));
    g.bench_function(format!("{name} fit BG/NBD + Gamma-Gamma"), |b| {
        b.iter(|| (black_box(bgnbd::fit(black_box(&rows))), black_box(gamma_gamma::fit(black_box(&rows)))))
    });
    // Every model the analysis fits: the three purchase models (each with its starts on a subsample, the
    // polish and the standard errors on everyone) and Gamma-Gamma.
    g.bench_function(format!("{name} fit all models"), |b| {
        b.iter(|| {
            let purchase = ModelKind::ALL.map(|kind| model::fit(kind, black_box(&rows)).map(|f| f.log_likelihood));
            (black_box(purchase), black_box(gamma_gamma::fit(black_box(&rows)).map(|f| f.params)))
        })
    });
    g.bench_function(format!("{name} score"), |b| {
        b.iter(|| black_box(value::score(&Fitted::Bgnbd(bg.params), Some(&gg.params), black_box(&rows), &schedule, 1.0)))
    });
    // Whole-day times, as summaries of a file have them: customers share (x, T), whose monthly series are
    // summed once.
    let days = |t: f64| (t * 7.0).round() / 7.0;
    let day_rows: Vec<CustomerSummary> = rows.iter().map(|c| CustomerSummary { t_x: days(c.t_x), t: days(c.t), ..*c }).collect();
    g.bench_function(format!("{name} score, whole days"), |b| {
        b.iter(|| black_box(value::score(&Fitted::Bgnbd(bg.params), Some(&gg.params), black_box(&day_rows), &schedule, 1.0)))
    });
    // The chance to buy within 30, 60 and 90 days (src/clv/timing.rs): closed form for BG/NBD, quadrature
    // for Pareto/NBD (at the FHL 2005 CDNOW estimates).
    let pnbd = Fitted::ParetoNbd(pareto_nbd::ParetoNbdParams { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 });
    for (label, f) in [("BG/NBD", Fitted::Bgnbd(bg.params)), ("Pareto/NBD", pnbd)] {
        g.bench_function(format!("{name} timing {label}"), |b| {
            b.iter(|| {
                black_box(&rows)
                    .iter()
                    .map(|c| timing::WINDOWS.map(|w| timing::p_purchase(&f, c, f64::from(w) / 7.0)).iter().sum::<f64>())
                    .sum::<f64>()
            })
        });
    }
    g.finish();
}

/// One fit of each purchase model, timed once (a fit takes seconds on a million customers, too long for
/// repeated samples): printed, for docs/performance.md.
fn time_each_model(name: &str, rows: &[CustomerSummary]) {
    for kind in ModelKind::ALL {
        let t = std::time::Instant::now();
        let f = model::fit(kind, rows);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        match f {
            Some(f) => eprintln!(
                "fit-once/{name}/{}: {ms:.0} ms, {:?}, LL {:.2}, converged {}",
                kind.label(),
                f.fitted.values(),
                f.log_likelihood,
                f.diagnostics.converged
            ),
            None => eprintln!("fit-once/{name}/{}: {ms:.0} ms, no fit", kind.label()),
        }
    }
}

fn each_model(_c: &mut Criterion) {
    // Minutes of fitting: only under `cargo bench` (which passes --bench), not when the test command runs
    // every target once.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("fit-once: skipped (run with cargo bench --bench clv)");
        return;
    }
    let gz = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cdnow/CDNOW_master.txt.gz")).expect("the CDNOW master file");
    let (ds, _) = clientela::ingest::read_bytes(&gz, Default::default()).expect("reads");
    let end = clientela::time::parse_day("1997-09-30").expect("a date") + 1;
    let s = clientela::clv::summary::summarise(&ds, end, None, clientela::clv::TimeUnit::Week).expect("summary");
    time_each_model("cdnow-master-23570", &s.rows);
    for n in [100_000, 1_000_000] {
        let rows: Vec<CustomerSummary> =
            simulate(&SimParams { customers: n, seed: 1, ..Default::default() }).iter().map(|s| s.summary).collect();
        time_each_model(&format!("simulated-{n}"), &rows);
        // Times in whole days, as the summary of a file gives them (the simulation's are continuous): many
        // customers share (x, t_x) and (x, T), which the Pareto/NBD and MBG/NBD likelihoods exploit.
        let days = |t: f64| (t * 7.0).round() / 7.0;
        let rows: Vec<CustomerSummary> = rows.iter().map(|c| CustomerSummary { t_x: days(c.t_x), t: days(c.t), ..*c }).collect();
        time_each_model(&format!("simulated-{n}-days"), &rows);
    }
}

fn simulated(c: &mut Criterion) {
    bench_customers(c, "100k", 100_000, 10);
    bench_customers(c, "1M", 1_000_000, 10);
}

fn online_retail(c: &mut Criterion) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/online_retail.csv.gz");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipped: {} not found", path.display());
        return;
    };
    let (ds, _) = clientela::ingest::read_bytes(&bytes, Default::default()).expect("reads");
    let o = ClvOptions { calibration_end: Some("2011-09-01".into()), ..Default::default() };
    let mut g = c.benchmark_group("clv");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("online retail whole analysis", |b| b.iter(|| black_box(clv(black_box(&ds), &o).expect("fits"))));
    g.finish();
}

criterion_group!(benches, each_model, simulated, online_retail);
criterion_main!(benches);
