//! The readable text of the comparison of periods: what changed most, the three periods with the
//! changes, the segment migration in short, and the notes.

use std::io::Write;

use clientela::compare::{Basis, CompareReport, Coverage, HeadlineCode, Metric, PeriodFigures};

use super::money;

/// `compare`: the headline first, then the table.
pub fn compare(out: &mut impl Write, r: &CompareReport) -> std::io::Result<()> {
    writeln!(out, "As of     {} (window from {})", r.as_of, r.window_start)?;
    let how = match (&r.skipped_partial, r.chosen) {
        (Some(s), _) => format!(", the latest complete one ({} is observed for {} of {} days)", s.period, s.days_observed, s.days),
        (None, clientela::compare::Chosen::Given) => ", as asked".to_string(),
        (None, _) => ", the latest".to_string(),
    };
    writeln!(out, "Period    {}{how}", r.current.period)?;
    writeln!(out, "\n{}", headline(r))?;
    let mut periods: Vec<(&str, &PeriodFigures)> = vec![("this", &r.current), ("previous", &r.previous)];
    if let Some(y) = &r.year_ago {
        periods.push(("year ago", y));
    }
    write!(out, "\n  {:<22}", "")?;
    for (_, p) in &periods {
        write!(out, " {:>14}", p.period)?;
    }
    writeln!(out, " {:>10} {:>10}", "vs prev", if r.year_ago.is_some() { "vs y-ago" } else { "" })?;
    for c in &r.changes {
        write!(out, "  {:<22}", name(c.metric))?;
        for v in [c.current, c.previous, c.year_ago].iter().take(periods.len()) {
            write!(out, " {:>14}", v.map_or_else(|| "-".to_string(), |v| value(c.metric, v)))?;
        }
        let rel = |ch: Option<clientela::compare::Change>| match ch {
            Some(ch) if c.metric == Metric::RepeatRate => format!("{:+.1} pt", ch.absolute * 100.0),
            Some(ch) => ch.relative.map_or_else(|| "-".to_string(), |x| format!("{:+.1} %", x * 100.0)),
            None => "-".to_string(),
        };
        writeln!(out, " {:>10} {:>10}", rel(c.vs_previous), if r.year_ago.is_some() { rel(c.vs_year_ago) } else { String::new() })?;
    }
    for (label, p) in &periods {
        if p.coverage != Coverage::Full {
            let seen = if p.coverage == Coverage::None {
                "not in the file".to_string()
            } else {
                format!("{} of {} days in the file", p.days_observed, p.days)
            };
            writeln!(out, "  ({label}: {} {seen})", p.period)?;
        }
    }
    let m = &r.migration;
    writeln!(
        out,
        "\nRFM segments from {} to {}: {} customers; {} stayed, {} moved to a better group, {} to a worse one, {} within their group, {} new",
        m.from_as_of, m.to_as_of, m.customers, m.stayed, m.improved, m.worsened, m.moved_within_group, m.entered
    )?;
    if !r.notices.is_empty() {
        writeln!(out, "\nNotes")?;
        for n in &r.notices {
            writeln!(out, "  {n}")?;
        }
    }
    Ok(())
}

/// The sentence on what changed most.
fn headline(r: &CompareReport) -> String {
    let h = &r.headline;
    if h.code == HeadlineCode::Partial {
        return format!("{} is observed only in part: no change is read from it.", r.current.period);
    }
    let (Some(m), Some(base), Some(period)) = (h.metric, h.base, h.base_period.as_deref()) else {
        return "No fully observed earlier period to compare with.".to_string();
    };
    let against = match h.basis {
        Some(Basis::YearAgo) => format!("the same period a year earlier ({period})"),
        _ => format!("the previous period ({period})"),
    };
    let now = h.current.map_or_else(|| "-".to_string(), |v| value(m, v));
    let pct = h.relative.map_or(0.0, |x| x * 100.0).abs();
    match h.code {
        HeadlineCode::Up => format!("{} changed most: up {pct:.1} % on {against}, {now} against {}.", name(m), value(m, base)),
        HeadlineCode::Down => format!("{} changed most: down {pct:.1} % on {against}, {now} against {}.", name(m), value(m, base)),
        HeadlineCode::Steady => format!("Little changed against {against}: no figure moved by 2 % or more."),
        HeadlineCode::NoBase | HeadlineCode::Partial => "No fully observed earlier period to compare with.".to_string(),
    }
}

fn name(m: Metric) -> &'static str {
    match m {
        Metric::Customers => "Customers",
        Metric::NewCustomers => "New customers",
        Metric::ReturningCustomers => "Returning customers",
        Metric::Orders => "Orders",
        Metric::AverageOrderValue => "Average order value",
        Metric::RepeatRate => "Repeat rate",
        Metric::Revenue => "Revenue (gross)",
        Metric::ReturnsValue => "Returns",
        Metric::NetRevenue => "Net revenue",
    }
}

fn value(m: Metric, v: f64) -> String {
    match m {
        Metric::AverageOrderValue | Metric::Revenue | Metric::ReturnsValue | Metric::NetRevenue => money(v),
        Metric::RepeatRate => format!("{:.1} %", v * 100.0),
        _ => format!("{v:.0}"),
    }
}
