//! Who-buys-next speed, natively: `cargo bench --bench predict`.
//!
//! Input: the simulated shop of `clientela::predict::simulate` (seed 1, horizon 60 days; 100,000
//! customers, about 1.1 million purchase lines), built outside the timing loop. Timed: the history and
//! the features at one date; training (the logistic and the spend model on the 100,000 customers at
//! as-of − horizon); scoring (probability, expected spend and reasons for every customer at the as-of
//! date); and the whole analysis (history, the back-test's three fits and the lifetime-value baseline,
//! the final fits, scoring, the report). The page's budget is 3 s for training and scoring 100k customers
//! in WebAssembly. A measurement, not a test: nothing passes or fails on a timing.

use std::hint::black_box;
use std::time::{Duration, Instant};

use clientela::predict::features::History;
use clientela::predict::model::{Classifier, SpendModel};
use clientela::predict::simulate::{SimParams, simulate};
use clientela::predict::{PredictOptions, predict};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let n = 100_000;
    let sp = SimParams { customers: n, ..Default::default() };
    let shop = simulate(&sp);
    let ds = &shop.dataset;
    let (cust, time) = (ds.customer().expect("customers"), ds.time().expect("dates"));
    let h = sp.horizon_days;
    let train_date = sp.as_of - h as i32;
    let history = History::build(ds, cust, time, sp.as_of);
    let train = history.features(train_date, h);
    let labels = history.labels(&train.customers, train_date, sp.as_of);
    let y: Vec<bool> = labels.iter().map(|l| l.purchases > 0).collect();
    let spend: Vec<f64> = labels.iter().map(|l| l.spend).collect();
    let rows: Vec<usize> = (0..train.customers.len()).collect();
    let options = PredictOptions { horizon_days: Some(h), ..Default::default() };
    let t = Instant::now();
    let report = predict(ds, &options).expect("predicts");
    eprintln!(
        "predict/{n} customers, {} lines: whole analysis once {:?}; back-test AUC {:?}",
        ds.len,
        t.elapsed(),
        report.backtest.as_ref().and_then(|b| b.model.auc)
    );
    let clf = Classifier::fit(&train, &rows, &y, 1.0, None).expect("fits");
    let spend_model = SpendModel::fit(&train, &rows, &spend, 1.0).expect("fits");
    let now = history.features(sp.as_of, h);

    let mut g = c.benchmark_group("predict");
    g.sample_size(10).measurement_time(Duration::from_secs(20)).throughput(Throughput::Elements(n as u64));
    g.bench_function("100k history + features", |b| {
        b.iter(|| black_box(History::build(ds, cust, time, sp.as_of).features(black_box(train_date), h)))
    });
    g.bench_function("100k train", |b| {
        b.iter(|| {
            (
                black_box(Classifier::fit(&train, &rows, black_box(&y), 1.0, None)),
                black_box(SpendModel::fit(&train, &rows, black_box(&spend), 1.0)),
            )
        })
    });
    g.bench_function("100k score", |b| {
        b.iter(|| {
            (0..now.customers.len())
                .map(|i| {
                    let row = now.row(i);
                    let p = clf.probability(row);
                    (p, p * spend_model.spend_if_buying(row), clf.reasons(&now.names, row).len())
                })
                .fold(0.0, |acc, (p, s, k)| acc + p + s + k as f64)
        })
    });
    g.bench_function("100k whole analysis", |b| b.iter(|| black_box(predict(black_box(ds), &options))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
