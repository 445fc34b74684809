//! Revenue-forecast speed, natively: `cargo bench --bench forecast`. The target (issue item 6): a 5-year
//! daily series forecast in at most 0.2 s.
//!
//! Input, built outside the timing loop: five years of daily sales (2019-01-01 to 2023-12-31, 1,826 days,
//! 20 lines a day from 2,000 customers, revenue with a trend, a yearly and a weekly season and noise,
//! seeded), read into a table. Timed:
//! - `5-year daily file`: the whole forecast of that table (revenue per month and per ISO week, both
//!   fitted with every member, back-tested at 12 origins each, 12 months / 52 weeks ahead);
//! - `5-year daily series`: the model alone on the 1,826 daily revenues with a weekly season (7), 30
//!   days ahead, back-tested at 12 origins;
//! - `5-year file by segment`: the whole forecast with the 11 RFM segments' forecasts, the segmentation
//!   made beforehand.
//!
//! A measurement, not a test: nothing passes or fails on a timing.

use std::hint::black_box;
use std::time::Duration;

use clientela::forecast::{ForecastOptions, forecast, forecast_with, predict};
use clientela::ingest::{IngestOptions, read_bytes};
use clientela::rng::Rng;
use clientela::segment::listing::GroupBy;
use clientela::segment::{SegmentOptions, segment};
use criterion::{Criterion, criterion_group, criterion_main};

/// The file and the daily revenue it holds.
fn five_years() -> (Vec<u8>, Vec<f64>) {
    let mut rng = Rng::new(5);
    let mut csv = String::from("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n");
    let start = clientela::time::parse_day("2019-01-01").unwrap();
    let mut daily = Vec::new();
    for d in 0..1826 {
        let day = clientela::time::day_string(start + d);
        let year = (2.0 * std::f64::consts::PI * d as f64 / 365.25).sin();
        let week = if (d + 1) % 7 < 2 { 1.4 } else { 1.0 };
        let mean = (100.0 + 0.05 * d as f64) * (1.0 + 0.3 * year) * week;
        let mut total = 0.0;
        for k in 0..20 {
            let price = (mean * (0.5 + rng.f64()) * 100.0).round() / 100.0;
            total += price;
            let customer = rng.next_u64() % 2000;
            csv.push_str(&format!("{d}-{k},A{},1,{day} 10:00,{price:.2},c{customer}\n", k % 50));
        }
        daily.push(total);
    }
    (csv.into_bytes(), daily)
}

fn bench(c: &mut Criterion) {
    let (bytes, daily) = five_years();
    let (data, _) = read_bytes(&bytes, IngestOptions::default()).expect("the file reads");
    let options = ForecastOptions { horizon_months: 12, ..Default::default() };
    let r = forecast(&data, &options).expect("a forecast");
    eprintln!(
        "5-year file: {} rows; monthly ETS({}) on {} months, weekly ETS({}) on {} weeks",
        data.len,
        r.monthly.model.name,
        r.monthly.model.periods,
        r.weekly.as_ref().map_or("-", |w| w.model.name),
        r.weekly.as_ref().map_or(0, |w| w.model.periods)
    );
    let s = segment(&data, &SegmentOptions::default()).expect("a segmentation");
    let by = ForecastOptions { by: Some(GroupBy::Segment), ..options.clone() };
    let mut g = c.benchmark_group("forecast");
    g.sample_size(20).measurement_time(Duration::from_secs(10));
    g.bench_function("5-year daily file", |b| b.iter(|| black_box(forecast(black_box(&data), &options))));
    g.bench_function("5-year daily series", |b| b.iter(|| black_box(predict(black_box(&daily), 7, 30, 12))));
    g.bench_function("5-year file by segment", |b| b.iter(|| black_box(forecast_with(black_box(&data), &by, Some(&s)))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
