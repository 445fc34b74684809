//! The readable text of the forecast: the model, the history's end, the forecast with its intervals, the
//! back-test, the weekly forecast's summary, the groups and the notes.

use std::io::Write;

use clientela::forecast::{ForecastReport, SeriesForecast};

/// `forecast`: the monthly forecast in full, the weekly one and the groups in short.
pub fn forecast(out: &mut impl Write, r: &ForecastReport) -> std::io::Result<()> {
    writeln!(out, "As of     {} (window from {})", r.as_of, r.window_start)?;
    series(out, "Monthly", &r.monthly, true)?;
    if let Some(w) = &r.weekly {
        series(out, "Weekly", w, false)?;
    }
    if let Some(by) = &r.by {
        let by = serde_json::to_value(by).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        writeln!(out, "\nBy {by} (each group fitted on its own: they need not add up to the total)")?;
        writeln!(out, "  {:<22} {:>9} {:>6} {:>14} {:>14} {:>10}", "group", "customers", "model", "history", "next period", "MAPE")?;
        for g in &r.groups {
            let next = g.series.forecast.first().map_or(0.0, |p| p.value);
            writeln!(
                out,
                "  {:<22} {:>9} {:>6} {:>14.2} {:>14.2} {:>10}",
                g.group,
                g.customers,
                g.series.model.name,
                g.history_revenue,
                next,
                pct(g.series.backtest.as_ref().and_then(|b| b.model_mape))
            )?;
        }
    }
    if !r.notices.is_empty() {
        writeln!(out, "\nNotes")?;
        for n in &r.notices {
            writeln!(out, "  {n}")?;
        }
    }
    Ok(())
}

fn series(out: &mut impl Write, title: &str, s: &SeriesForecast, full: bool) -> std::io::Result<()> {
    let m = &s.model;
    writeln!(
        out,
        "\n{title:<9} model ETS({}) on {} complete periods{}, one-step σ {:.2}",
        m.name,
        m.periods,
        if m.seasonal { format!(", season of {}", s.season_length) } else { ", no season".to_string() },
        m.sigma
    )?;
    if let Some(p) = &s.partial {
        writeln!(
            out,
            "          {} observed for {} of {} days: {:.2} so far (not fitted)",
            p.period, p.days_observed, p.days_in_period, p.observed
        )?;
    }
    let shown = if full { s.forecast.len() } else { s.forecast.len().min(4) };
    writeln!(out, "  {:<9} {:>14} {:>14} {:>14} {:>14} {:>14}", "period", "forecast", "80% low", "80% high", "95% low", "95% high")?;
    for p in &s.forecast[..shown] {
        writeln!(out, "  {:<9} {:>14.2} {:>14.2} {:>14.2} {:>14.2} {:>14.2}", p.period, p.value, p.lower, p.upper, p.lower_95, p.upper_95)?;
    }
    if shown < s.forecast.len() {
        writeln!(out, "  … {} more (see --json)", s.forecast.len() - shown)?;
    }
    if let Some(b) = &s.backtest {
        writeln!(
            out,
            "  Back-test MAPE over {} origins ({} points): model {}, seasonal naive {}, naive {}",
            b.origins,
            b.points,
            pct(b.model_mape),
            pct(b.seasonal_naive_mape),
            pct(b.naive_mape)
        )?;
    }
    Ok(())
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{:.1} %", 100.0 * v))
}
