//! Revenue ahead (src/forecast/): the model recovers a known trend and season, its intervals cover at
//! their stated rate over many simulated series, the baselines and the MAPE match hand computations,
//! short histories fall back to a model without season, the edge cases give typed errors or notices, and
//! the Online Retail figures written down in docs/forecast.md.

use crate::common;

use clientela::error::ErrorCode;
use clientela::forecast::backtest::{backtest, mape, seasonal_naive};
use clientela::forecast::ets::{self, Spec};
use clientela::forecast::{ForecastError, ForecastOptions, ForecastReport, forecast, predict};
use clientela::ingest::{IngestOptions, read_bytes};
use clientela::rng::Rng;
use clientela::segment::listing::GroupBy;
use clientela::segment::{SegmentOptions, segment};

/// A standard normal draw (Box–Muller) from the project's seeded generator.
fn normal(rng: &mut Rng) -> f64 {
    let u = rng.f64().max(1e-300);
    let v = rng.f64();
    (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
}

/// The known mean of the simulated monthly series: level 1000, trend +10 a month, season of amplitude
/// 200 (a sine over 12 months).
fn truth(t: usize) -> f64 {
    1000.0 + 10.0 * t as f64 + 200.0 * (2.0 * std::f64::consts::PI * t as f64 / 12.0).sin()
}

/// A sales file whose month `k` (from `first_month` of 2015) sells `monthly[k]`, one line a day spread
/// evenly, ten customers in turn; `until` days of the last month only, when given.
fn shop(monthly: &[f64], until: Option<u32>) -> Vec<u8> {
    let mut s = String::from("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n");
    let mut invoice = 0;
    for (k, &v) in monthly.iter().enumerate() {
        let (y, m) = (2015 + k / 12, k % 12 + 1);
        let days = [31, if y % 4 == 0 { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
        let last = if k + 1 == monthly.len() { until.unwrap_or(days) } else { days };
        for d in 1..=last {
            invoice += 1;
            let price = v / days as f64;
            let price = if price.abs() > 1e12 { format!("{price:e}") } else { format!("{price:.6}") };
            s.push_str(&format!("{invoice},A,1,{y}-{m:02}-{d:02} 10:00,{price},c{}\n", invoice % 10));
        }
    }
    s.into_bytes()
}

fn run(bytes: &[u8], options: &ForecastOptions) -> Result<ForecastReport, ForecastError> {
    let (data, _) = read_bytes(bytes, IngestOptions::default()).unwrap();
    forecast(&data, options)
}

#[test]
fn a_known_trend_and_season_are_recovered() {
    // 30 seeded series of 60 months: truth() plus N(0, 40²) noise. The forecast of the next 12 months
    // should follow the true mean: the chosen model has a season, and the error of the forecast against
    // the mean (not against a noisy draw) averages under 40 (the noise σ; a forecast that misses the
    // season by its amplitude 200 or the trend by 10 a month would be far beyond it).
    let mut rng = Rng::new(2026);
    let (mut seasonal, mut err, mut steps) = (0, 0.0, 0);
    for _ in 0..30 {
        let y: Vec<f64> = (0..60).map(|t| truth(t) + 40.0 * normal(&mut rng)).collect();
        let fit = ets::select(&y, 12, true).unwrap();
        seasonal += usize::from(fit.spec.seasonal);
        for (h, s) in fit.forecast(12).iter().enumerate() {
            err += (s.mean - truth(60 + h)).abs();
            steps += 1;
        }
    }
    let mae = err / steps as f64;
    assert!(seasonal >= 28, "a season chosen in {seasonal} of 30 series");
    assert!(mae < 40.0, "mean absolute error against the true mean {mae:.1}");

    // The same through the whole pipeline: a shop selling exactly truth(k) in month k for 48 months.
    let monthly: Vec<f64> = (0..48).map(truth).collect();
    let r = run(&shop(&monthly, None), &ForecastOptions { horizon_months: 12, ..Default::default() }).unwrap();
    assert!(r.monthly.model.seasonal, "{:?}", r.monthly.model);
    assert_eq!((r.monthly.history.len(), r.monthly.forecast[0].period.as_str()), (48, "2019-01"));
    for (h, p) in r.monthly.forecast.iter().enumerate() {
        let t = truth(48 + h);
        assert!((p.value - t).abs() < 0.02 * t, "{}: {} vs {t}", p.period, p.value);
        assert!(p.lower_95 <= p.lower && p.lower <= p.value && p.value <= p.upper && p.upper <= p.upper_95, "{p:?}");
    }
}

/// Share of `h`-step-ahead values inside the 80 % and 95 % intervals over `series` simulated series, with
/// the forecast's own procedure (choice by AICc, back-test, interval scale).
fn coverage(series: usize, seed: u64, n: usize, horizon: usize, draw: &dyn Fn(&mut Rng, usize) -> Vec<f64>) -> (f64, f64) {
    let mut rng = Rng::new(seed);
    let (mut in80, mut in95, mut total) = (0usize, 0usize, 0usize);
    for _ in 0..series {
        let y = draw(&mut rng, n + horizon);
        let p = predict(&y[..n], 12, horizon, 12).unwrap();
        for (h, s) in p.steps.iter().enumerate() {
            let inside = |z: f64| {
                let (lo, hi) = p.fit.bounds(s, z);
                lo <= y[n + h] && y[n + h] <= hi
            };
            in80 += usize::from(inside(1.281_551_565_544_600_5));
            in95 += usize::from(inside(1.959_963_984_540_054));
            total += 1;
        }
    }
    (in80 as f64 / total as f64, in95 as f64 / total as f64)
}

#[test]
fn intervals_cover_at_their_stated_rate() {
    // Simulated from the models themselves, so the truth is known: a value falls in the 80 % interval
    // 80 % of the time when the intervals are right. 400 series × 6 steps: the binomial standard error of
    // a coverage is under 1 point (about 1.5 with the correlation within a series); the tolerance is 4
    // points below and 5 above (the interval scale only widens, so it may over-cover a little).
    // Local level (ETS(A,N,N), α = 0.4, σ = 10), 36 months.
    let level = |rng: &mut Rng, n: usize| {
        let mut l = 500.0;
        (0..n)
            .map(|_| {
                let e = 10.0 * normal(rng);
                let y = l + e;
                l += 0.4 * e;
                y
            })
            .collect::<Vec<_>>()
    };
    let (c80, c95) = coverage(400, 11, 36, 6, &level);
    println!("local level: 80 % → {c80:.3}, 95 % → {c95:.3}");
    assert!((0.76..=0.85).contains(&c80) && (0.91..=0.99).contains(&c95), "local level: 80 % → {c80:.3}, 95 % → {c95:.3}");
    // Trend and season (ETS(A,A,A) with α = 0.3, β = 0.05, γ = 0.1, σ = 20), 48 months.
    let seasonal = |rng: &mut Rng, n: usize| {
        let (mut l, mut b) = (1000.0, 5.0);
        let mut s: Vec<f64> = (0..12).map(|k| 150.0 * (2.0 * std::f64::consts::PI * k as f64 / 12.0).sin()).collect();
        (0..n)
            .map(|t| {
                let e = 20.0 * normal(rng);
                let y = l + b + s[t % 12] + e;
                l += b + 0.3 * e;
                b += 0.05 * e;
                s[t % 12] += 0.1 * e;
                y
            })
            .collect::<Vec<_>>()
    };
    let (c80, c95) = coverage(300, 12, 48, 6, &seasonal);
    println!("trend and season: 80 % → {c80:.3}, 95 % → {c95:.3}");
    assert!((0.76..=0.85).contains(&c80) && (0.91..=0.99).contains(&c95), "trend and season: 80 % → {c80:.3}, 95 % → {c95:.3}");
    // Proportional season and errors: the logarithm follows ETS(A,A,A) (α = 0.3, β = 0.02, γ = 0.1,
    // σ = 0.05, a season of ±25 %), 48 months.
    let proportional = |rng: &mut Rng, n: usize| {
        let (mut l, mut b) = (1000f64.ln(), 0.01);
        let mut s: Vec<f64> = (0..12).map(|k| 0.25 * (2.0 * std::f64::consts::PI * k as f64 / 12.0).sin()).collect();
        (0..n)
            .map(|t| {
                let e = 0.05 * normal(rng);
                let y = (l + b + s[t % 12] + e).exp();
                l += b + 0.3 * e;
                b += 0.02 * e;
                s[t % 12] += 0.1 * e;
                y
            })
            .collect::<Vec<_>>()
    };
    let (c80, c95) = coverage(300, 13, 48, 6, &proportional);
    println!("proportional: 80 % → {c80:.3}, 95 % → {c95:.3}");
    assert!((0.76..=0.85).contains(&c80) && (0.91..=0.99).contains(&c95), "proportional: 80 % → {c80:.3}, 95 % → {c95:.3}");
}

#[test]
fn fewer_than_two_seasons_fall_back_to_a_model_without_season() {
    // 18 months of a strong season (truth()): too short to learn a season (24 needed), so no seasonal
    // member is fitted and the notice says so, with the months there are and the months needed.
    let monthly: Vec<f64> = (0..18).map(truth).collect();
    let r = run(&shop(&monthly, None), &ForecastOptions::default()).unwrap();
    assert!(!r.monthly.model.seasonal && r.monthly.model.gamma.is_none(), "{:?}", r.monthly.model);
    let n = r.notices.iter().find(|n| n.code == "forecast_short_history" && n.params["series"] == "month").expect("a notice");
    assert_eq!((n.params["periods"].as_u64(), n.params["needed"].as_u64()), (Some(18), Some(24)));
    // With 18 months the seasonal-naive forecast exists from origin 12 on: the back-test compares it.
    let b = r.monthly.backtest.as_ref().unwrap();
    assert!(b.seasonal_naive_mape.is_some() && b.model_mape.is_some(), "{b:?}");
    // 30 months: two seasons, the season is learnt and no such notice.
    let monthly: Vec<f64> = (0..30).map(truth).collect();
    let r = run(&shop(&monthly, None), &ForecastOptions::default()).unwrap();
    assert!(r.monthly.model.seasonal, "{:?}", r.monthly.model);
    assert!(!r.notices.iter().any(|n| n.code == "forecast_short_history" && n.params["series"] == "month"));
}

#[test]
fn seasonal_naive_and_mape_by_hand() {
    // y = 1..6, m = 4: the last season is (3, 4, 5, 6), so steps 1..6 repeat 3, 4, 5, 6, 3, 4.
    let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    assert_eq!(seasonal_naive(&y, 4, 6), Some(vec![3.0, 4.0, 5.0, 6.0, 3.0, 4.0]));
    assert_eq!(seasonal_naive(&y[..3], 4, 2), None, "shorter than a season");
    // |100−90|/100 = 0.10, |200−250|/200 = 0.25, |50−50|/50 = 0; the zero actual is left out:
    // (0.10 + 0.25 + 0) / 3 = 0.11666…
    let (m, points, zeros) = mape(&[(100.0, 90.0), (200.0, 250.0), (0.0, 5.0), (50.0, 50.0)]);
    assert!((m.unwrap() - 0.35 / 3.0).abs() < 1e-15, "{m:?}");
    assert_eq!((points, zeros), (3, 1));
    assert_eq!(mape(&[(0.0, 1.0)]).0, None, "only zero actuals: no MAPE");
    // Back-test of y = 10, 20, 10, 20, 10, 20, 12 with m = 2, 1 step ahead, the last 2 origins (t = 5, 6):
    // seasonal naive forecasts y[3] = 20 (actual 20) and y[4] = 10 (actual 12): MAPE (0 + 2/12) / 2 = 1/12;
    // naive forecasts 10 (actual 20) and 20 (actual 12): (10/20 + 8/12) / 2 = 7/12.
    let y = [10.0, 20.0, 10.0, 20.0, 10.0, 20.0, 12.0];
    let b = backtest(&y, 2, 1, 2, 5, &[]).unwrap();
    assert_eq!((b.origins, b.points), (2, 2));
    assert!((b.seasonal_naive_mape.unwrap() - 1.0 / 12.0).abs() < 1e-15, "{b:?}");
    assert!((b.naive_mape.unwrap() - 7.0 / 12.0).abs() < 1e-15, "{b:?}");
}

#[test]
fn a_partial_as_of_month_is_left_out_and_reported() {
    // 24 whole months then 9 days of the 25th (as of its 10th): the 9 days are not read as a month.
    let mut monthly: Vec<f64> = (0..25).map(|_| 3100.0).collect();
    monthly[24] = 3100.0;
    let r = run(&shop(&monthly, Some(9)), &ForecastOptions::default()).unwrap();
    assert_eq!(r.as_of, "2017-01-10");
    assert_eq!(r.monthly.history.len(), 24);
    let p = r.monthly.partial.as_ref().unwrap();
    // January has 31 days: 9 of them at 3100 / 31 = 100 a day.
    assert_eq!((p.period.as_str(), p.days_observed, p.days_in_period), ("2017-01", 9, 31));
    assert!((p.observed - 900.0).abs() < 1e-6, "{p:?}");
    assert_eq!(r.monthly.forecast[0].period, "2017-01", "the forecast covers the whole partial month");
    // A flat history of 3100 a month: the forecast stays at 3100, not pulled towards 900.
    assert!((r.monthly.forecast[0].value - 3100.0).abs() < 1.0, "{:?}", r.monthly.forecast[0]);
    assert!(r.notices.iter().any(|n| n.code == "forecast_partial_period" && n.params["days_observed"] == 9));
}

#[test]
fn the_history_is_the_overviews_monthly_revenue_and_groups_add_up_to_it() {
    // The forecast continues the Overview's monthly chart: same months, same revenue (complete months).
    let bytes = clientela::synth::csv_bytes(&clientela::synth::ShopParams { rows: 20_000, seed: 5, ..Default::default() });
    let (data, _) = read_bytes(&bytes, IngestOptions::default()).unwrap();
    let s = segment(&data, &SegmentOptions::default()).unwrap();
    let options = ForecastOptions { by: Some(GroupBy::Segment), horizon_months: 3, ..Default::default() };
    let r = clientela::forecast::forecast_with(&data, &options, Some(&s)).unwrap();
    let overview = &s.report.overview.monthly_revenue;
    assert!(r.monthly.history.len() >= 20);
    for h in &r.monthly.history {
        let o = overview.iter().find(|o| o.month == h.period).expect("the month is in the overview");
        assert!((o.revenue - h.value).abs() <= 1e-9 * o.revenue.abs().max(1.0), "{}: {} vs {}", h.period, h.value, o.revenue);
    }
    // Every customer has an RFM segment: the groups' histories add up to the total's, month by month.
    assert!(r.groups.len() > 1 && !r.groups_sum_to_total);
    for (k, h) in r.monthly.history.iter().enumerate() {
        let sum: f64 = r.groups.iter().map(|g| g.series.history[k].value).sum();
        assert!((sum - h.value).abs() <= 1e-9 * h.value.max(1.0), "{}: {sum} vs {}", h.period, h.value);
    }
    assert_eq!(r.groups.iter().map(|g| g.customers).sum::<usize>(), s.profiles.rows.len());
    assert!(r.notices.iter().any(|n| n.code == "forecast_groups_independent"));
    // A segmentation as of another date is refused rather than joined to the wrong customers' groups.
    let other = ForecastOptions { as_of: Some("2024-06-01".into()), ..options.clone() };
    let e = clientela::forecast::forecast_with(&data, &other, Some(&s)).unwrap_err();
    assert_eq!(e.parameter().map(|p| p.option), Some("as_of"));
    // A grouping nobody is in (rules without rules): no groups, and the notice counts the customers.
    let none = ForecastOptions { by: Some(GroupBy::Rule), ..options.clone() };
    let r2 = clientela::forecast::forecast_with(&data, &none, Some(&s)).unwrap();
    assert!(r2.groups.is_empty());
    let n = r2.notices.iter().find(|n| n.code == "forecast_ungrouped").expect("the notice");
    assert_eq!(n.params["customers"].as_u64(), Some(s.profiles.rows.len() as u64));
    // Deterministic: the same report twice, byte for byte.
    let again = clientela::forecast::forecast_with(&data, &options, Some(&s)).unwrap();
    assert_eq!(serde_json::to_string(&r).unwrap(), serde_json::to_string(&again).unwrap());
    // By the Overview's segment groups (issue 15's `--by segment-group`): each group's history is the sum
    // of its RFM segments' histories (the grouping of src/segment/rfm.rs `Segment::group`), month by month.
    let by_group = ForecastOptions { by: Some("segment-group".parse().unwrap()), ..options.clone() };
    let rg = clientela::forecast::forecast_with(&data, &by_group, Some(&s)).unwrap();
    assert!(rg.groups.len() > 1);
    for g in &rg.groups {
        let members: Vec<_> = clientela::segment::rfm::SEGMENTS.iter().filter(|seg| seg.group() == g.group).map(|seg| seg.name()).collect();
        assert!(!members.is_empty(), "{} is a segment group", g.group);
        for (k, h) in g.series.history.iter().enumerate() {
            let sum: f64 = r.groups.iter().filter(|x| members.contains(&x.group.as_str())).map(|x| x.series.history[k].value).sum();
            assert!((sum - h.value).abs() <= 1e-9 * h.value.max(1.0), "{} {}: {sum} vs {}", g.group, h.period, h.value);
        }
        let customers: usize = r.groups.iter().filter(|x| members.contains(&x.group.as_str())).map(|x| x.customers).sum();
        assert_eq!(g.customers, customers, "{}", g.group);
    }
}

#[test]
fn edge_cases_give_typed_errors_or_notices_never_a_panic() {
    // One month, and an as-of date before the file: too short, with the months there are.
    let e = run(&shop(&[100.0], None), &ForecastOptions::default()).unwrap_err();
    assert_eq!((e.code(), &e), ("too_short_history", &ForecastError::TooShort { months: 1, needed: 5 }));
    let before = ForecastOptions { as_of: Some("2014-01-01".into()), ..Default::default() };
    assert_eq!(run(&shop(&[100.0; 12], None), &before).unwrap_err().code(), "too_short_history");
    // Parameters out of range name the option.
    let e = run(&shop(&[100.0; 12], None), &ForecastOptions { horizon_months: 0, ..Default::default() }).unwrap_err();
    assert_eq!((e.code(), e.parameter().map(|p| p.option)), ("bad_parameter", Some("horizon_months")));
    let e = run(&shop(&[100.0; 12], None), &ForecastOptions { horizon_months: 61, ..Default::default() }).unwrap_err();
    assert_eq!(e.parameter().map(|p| p.option), Some("horizon_months"));
    // All zeros but one month (a price of 0 is not a purchase: months without a sale are zeros): no NaN.
    let mut monthly = vec![0.0; 12];
    monthly[0] = 100.0;
    let r = run(&shop(&monthly, None), &ForecastOptions::default()).unwrap();
    assert!(r.monthly.forecast.iter().all(|p| p.value.is_finite() && p.lower >= 0.0 && p.upper.is_finite()), "{:?}", r.monthly.forecast);
    // A falling series is floored at zero, and says so.
    let falling: Vec<f64> = (0..12).map(|k| 1100.0 - 100.0 * k as f64).collect();
    let r = run(&shop(&falling, None), &ForecastOptions { horizon_months: 12, ..Default::default() }).unwrap();
    assert!(r.monthly.forecast.iter().all(|p| p.value >= 0.0 && p.lower_95 >= 0.0));
    assert!(r.notices.iter().any(|n| n.code == "forecast_floored_at_zero"), "{:?}", r.monthly.model);
    // Huge amounts: finite numbers in and out, or a typed error when a month's sum overflows.
    let r = run(&shop(&[1e300; 8], None), &ForecastOptions::default()).unwrap();
    assert!((r.monthly.history[0].value / 1e300 - 1.0).abs() < 1e-9, "read as money: {:?}", r.monthly.history[0]);
    assert!(r.monthly.forecast.iter().all(|p| p.value.is_finite() && p.upper_95.is_finite()), "{:?}", r.monthly.forecast);
    // Two lines of 1e308 on each of the first days of eight months: 2e308 is past the largest f64.
    let mut csv = String::from("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n");
    for m in 1..=8 {
        csv.push_str(&format!("{m}1,A,1,2015-{m:02}-01,1e308,c1\n{m}2,A,1,2015-{m:02}-02,1e308,c2\n"));
    }
    let e = run(csv.as_bytes(), &ForecastOptions { as_of: Some("2015-09-01".into()), ..Default::default() }).unwrap_err();
    assert_eq!(e.code(), "revenue_not_finite");
    // A model fitted to nothing or to non-finite values is refused, not panicked on.
    assert!(ets::select(&[], 12, true).is_none());
    assert!(ets::fit(&[f64::INFINITY; 10], Spec::ALL[0], 12).is_none());
}

#[test]
fn online_retail_as_written_in_the_docs() {
    // docs/forecast.md: `clientela forecast online_retail.csv.gz --horizon-months 3 --json`.
    let Some(gz) = common::online_retail_gz() else { return };
    let (data, _) = read_bytes(&gz, IngestOptions::default()).unwrap();
    let r = forecast(&data, &ForecastOptions { horizon_months: 3, ..Default::default() }).unwrap();
    assert_eq!((r.as_of.as_str(), r.window_start.as_str()), ("2011-12-10", "2010-12-01"));
    // 12 complete months (Dec 2010 – Nov 2011), December 2011 observed for 9 of 31 days.
    assert_eq!((r.monthly.history.len(), r.monthly.history[0].period.as_str()), (12, "2010-12"));
    let p = r.monthly.partial.as_ref().unwrap();
    assert_eq!((p.period.as_str(), p.days_observed, p.days_in_period), ("2011-12", 9, 31));
    assert!((p.observed - 518_192.79).abs() < 0.01, "{}", p.observed);
    assert!((r.monthly.history[11].value - 1_161_817.38).abs() < 0.01, "November 2011: {}", r.monthly.history[11].value);
    // One season only: no season modelled, no seasonal-naive comparison (notices).
    // On the logarithm (AICc with the Jacobian): the level in proportion; the value is the median.
    assert_eq!((r.monthly.model.name, r.monthly.model.log), ("ANN", true));
    for code in ["forecast_short_history", "forecast_no_seasonal_naive", "forecast_partial_period"] {
        assert!(r.notices.iter().any(|n| n.code == code), "{code}");
    }
    let f = &r.monthly.forecast;
    assert_eq!(f.iter().map(|p| p.period.as_str()).collect::<Vec<_>>(), ["2011-12", "2012-01", "2012-02"]);
    assert!((f[0].value - 1_120_678.48).abs() < 1.0, "{:?}", f[0]);
    let b = r.monthly.backtest.as_ref().unwrap();
    assert_eq!((b.origins, b.points), (7, 18));
    assert!((b.model_mape.unwrap() - 0.253).abs() < 0.001 && (b.naive_mape.unwrap() - 0.213).abs() < 0.001, "{b:?}");
    let w = r.weekly.as_ref().unwrap();
    assert_eq!((w.history.len(), w.partial.as_ref().map(|p| p.period.as_str())), (52, Some("2011-W49")));
}

#[test]
fn the_command_line_prints_the_json_contract() {
    let dir = std::env::temp_dir().join(format!("clientela-forecast-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("shop.csv");
    std::fs::write(&file, clientela::synth::csv_bytes(&clientela::synth::ShopParams { rows: 5_000, seed: 3, ..Default::default() }))
        .unwrap();
    let out = common::cli(&["forecast", file.to_str().unwrap(), "--horizon-months", "2", "--by", "stage", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = v["forecast"].as_array().unwrap();
    assert_eq!(f.len(), 2);
    for key in ["period", "value", "lower", "upper", "lower_95", "upper_95"] {
        assert!(f[0].get(key).is_some(), "forecast[0].{key}");
    }
    for key in ["model_mape", "seasonal_naive_mape", "naive_mape", "origins", "points"] {
        assert!(v["backtest"].get(key).is_some(), "backtest.{key}");
    }
    assert_eq!((v["interval_level"].as_f64(), v["wide_interval_level"].as_f64()), (Some(0.8), Some(0.95)));
    assert!(v["groups"].as_array().is_some_and(|g| !g.is_empty()) && v["by"] == "stage");
    assert!(v["weekly"]["forecast"][0]["period"].as_str().is_some_and(|p| p.contains("-W")));
    // A horizon out of range is a usage error (exit 2) naming the flag.
    let out = common::cli(&["forecast", file.to_str().unwrap(), "--horizon-months", "0", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let e: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(e["error"]["option"], "--horizon-months");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_season_in_proportion_to_the_level_is_fitted_on_the_logarithm() {
    // Revenue growing 2 % a month with a season of ±40 % of the level (its swing grows with it), and
    // 3 % multiplicative noise, 60 months. An additive season cannot follow a swing that grows; the fit to
    // the logarithm can, and AICc (with the Jacobian) prefers it. Truth: the noise-free curve.
    let curve = |t: usize| 1000.0 * 1.02f64.powi(t as i32) * (1.0 + 0.4 * (2.0 * std::f64::consts::PI * t as f64 / 12.0).sin());
    let mut rng = Rng::new(8);
    let y: Vec<f64> = (0..60).map(|t| curve(t) * (0.03 * normal(&mut rng)).exp()).collect();
    let p = predict(&y, 12, 12, 12).unwrap();
    assert!(p.fit.log && p.fit.spec.seasonal, "{:?} log {}", p.fit.spec, p.fit.log);
    for (h, s) in p.steps.iter().enumerate() {
        let t = curve(60 + h);
        assert!((p.fit.point(s) - t).abs() < 0.08 * t, "step {}: {} vs {t}", h + 1, p.fit.point(s));
    }
    // A month without a sale rules the logarithm out: the same series with one zero is fitted as it is.
    let mut z = y.clone();
    z[30] = 0.0;
    assert!(!predict(&z, 12, 12, 12).unwrap().fit.log);
}

#[test]
fn a_weekly_season_is_learnt() {
    // Five years of weeks: 1000 + 300 sin(2πt/52) + N(0, 30²). A season of 52 positions, each seen once
    // a year, is noisy to start from; the initial season averages two (src/forecast/ets.rs). The model
    // chosen has a season, its one-step σ is within 20 % of the true 30 (the first season's positions
    // alone gave 38.9, and a model without season won), and the next 52 weeks follow the true mean within
    // the noise σ on average.
    let wave = |t: usize| 1000.0 + 300.0 * (2.0 * std::f64::consts::PI * t as f64 / 52.0).sin();
    let mut rng = Rng::new(3);
    let y: Vec<f64> = (0..260).map(|t| wave(t) + 30.0 * normal(&mut rng)).collect();
    let p = predict(&y, 52, 52, 12).unwrap();
    assert!(p.fit.spec.seasonal && (p.fit.sigma - 30.0).abs() < 6.0, "{:?} σ {}", p.fit.spec, p.fit.sigma);
    let mae = p.steps.iter().enumerate().map(|(h, s)| (p.fit.point(s) - wave(260 + h)).abs()).sum::<f64>() / 52.0;
    assert!(mae < 30.0, "mean absolute error against the true mean {mae:.1}");
}
