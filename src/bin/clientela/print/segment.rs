//! The readable text of the segment report: customers, concentration, RFM, then the behaviour sections
//! (spend bands, migration, lifecycle, cohorts, price sensitivity, clusters, rule segments, triggers).

use std::io::Write;

use clientela::segment::{self as analysis, SegmentReport};

use super::{money, pct};

/// `segment`: every section of the report.
pub fn segments(out: &mut impl Write, r: &SegmentReport) -> std::io::Result<()> {
    writeln!(out, "Customers {} with purchases, revenue {}", r.customers, money(r.revenue))?;
    if let Some(m) = r.margin {
        writeln!(out, "          margin {}", money(m))?;
    }
    writeln!(
        out,
        "As of     {} (window {} to {}, second half from {})",
        r.as_of.as_deref().unwrap_or("-"),
        r.window_start.as_deref().unwrap_or("-"),
        r.as_of.as_deref().unwrap_or("-"),
        r.window_midpoint.as_deref().unwrap_or("-")
    )?;
    writeln!(
        out,
        "Excluded  {} lines without a customer ({} of purchases)",
        r.excluded_no_customer,
        money(r.excluded_no_customer_revenue)
    )?;
    if r.customers_without_purchases > 0 {
        writeln!(out, "          {} customers with returns or zero-price lines only", r.customers_without_purchases)?;
    }
    if r.rows_after_as_of > 0 {
        writeln!(out, "          {} lines on or after the as-of date", r.rows_after_as_of)?;
    }
    writeln!(
        out,
        "Frequency counts {}",
        match r.frequency_basis {
            analysis::FrequencyBasis::Orders => "distinct orders",
            analysis::FrequencyBasis::Days => "distinct purchase days (no order column)",
        }
    )?;
    if !r.needs_line_items.is_empty() {
        writeln!(
            out,
            "Summary   read from a per-customer summary; these need the line items and are left out: {}",
            r.needs_line_items.join(", ").replace('_', " ")
        )?;
    }
    writeln!(out, "\nConcentration  Gini {:.3}", r.gini)?;
    for t in &r.top_shares {
        writeln!(out, "  top {:>2} % ({:>6} customers) make {:>7} of revenue", t.percent, t.customers, pct(t.revenue_share))?;
    }
    writeln!(out, "\nDeciles (customers ranked by revenue)\n  decile  customers           revenue    share  cumulative")?;
    for d in &r.deciles {
        writeln!(
            out,
            "  {:>6}  {:>9}  {:>16}  {:>7}  {:>10}",
            d.decile,
            d.customers,
            money(d.revenue),
            pct(d.revenue_share),
            pct(d.cumulative_share)
        )?;
    }
    writeln!(out, "\nCustomers making each tenth of revenue")?;
    let tenths: Vec<String> = r.purchase_deciles.iter().map(|d| d.customers.to_string()).collect();
    writeln!(out, "  {}", tenths.join("  "))?;
    writeln!(out, "\nRFM segments\n  segment              customers  revenue  action")?;
    for s in &r.rfm_segments {
        writeln!(out, "  {:<20} {:>9}  {:>7}  {}", s.name, s.customers, pct(s.revenue_share), s.action)?;
    }
    writeln!(out, "\nProfitable classes")?;
    for c in &r.profitable_classes.classes {
        writeln!(out, "  {:<24} {:>7} customers  {:>7} of revenue  ({})", c.name, c.customers, pct(c.revenue_share), c.definition)?;
    }
    behaviour(out, r)
}

fn behaviour(out: &mut impl Write, r: &SegmentReport) -> std::io::Result<()> {
    let b = &r.spend_bands;
    writeln!(
        out,
        "\nSpend bands (spend per {}, {:.1} periods in the window{})\n  band            customers    share           revenue    share",
        b.period.name(),
        b.periods_in_window,
        if b.custom_edges { ", custom edges" } else { "" }
    )?;
    for row in &b.bands {
        writeln!(
            out,
            "  {:<14} {:>10}  {:>7}  {:>16}  {:>7}",
            row.band,
            row.customers,
            pct(row.customer_share),
            money(row.revenue),
            pct(row.revenue_share)
        )?;
    }
    let m = &r.band_migration;
    writeln!(
        out,
        "\nBand migration (before / after {}): {} stayed, {} moved up, {} moved down, {} started, {} stopped",
        m.split_date.as_deref().unwrap_or("-"),
        m.stayed,
        m.moved_up,
        m.moved_down,
        m.started,
        m.stopped
    )?;
    write!(out, "  {:<12}", "before\\after")?;
    for l in &m.labels {
        write!(out, " {:>9}", l)?;
    }
    writeln!(out)?;
    for (l, row) in m.labels.iter().zip(&m.matrix) {
        write!(out, "  {:<12}", l)?;
        for v in row {
            write!(out, " {:>9}", v)?;
        }
        writeln!(out)?;
    }
    writeln!(out, "\nLifecycle stages\n  stage      customers    share    revenue")?;
    for s in &r.lifecycle.stages {
        writeln!(out, "  {:<10} {:>9}  {:>7}  {:>7}", s.stage.key(), s.customers, pct(s.customer_share), pct(s.revenue_share))?;
    }
    writeln!(out, "  ({})", r.lifecycle.rule)?;
    let h = &r.high_affinity;
    writeln!(
        out,
        "\nHigh affinity  {} customers ({}), {} of revenue ({})",
        h.customers,
        pct(h.customer_share),
        pct(h.revenue_share),
        h.rule
    )?;
    writeln!(out, "\nReturning customers per month")?;
    for m in &r.returning_rate {
        writeln!(out, "  {}  {:>7} customers  {:>7} returning  {:>7}", m.month, m.customers, m.returning, pct(m.rate))?;
    }
    writeln!(out, "\nCohorts (share of the first-purchase month's customers buying k months later)")?;
    write!(out, "  cohort   customers")?;
    let width = r.cohorts.rows.iter().map(|c| c.shares.len()).max().unwrap_or(0);
    for k in 0..width {
        write!(out, " {:>6}", format!("+{k}"))?;
    }
    writeln!(out)?;
    for c in &r.cohorts.rows {
        write!(out, "  {}  {:>9}", c.cohort, c.customers)?;
        for s in &c.shares {
            write!(out, " {:>6}", format!("{:.1}", s * 100.0))?;
        }
        writeln!(out)?;
    }
    match (&r.price_sensitivity, r.price_sensitivity_reason) {
        (Some(p), _) => writeln!(
            out,
            "\nPrice sensitivity  {} price-sensitive ({} of customers, {} of revenue), {} relationship; {} customers bought on discount, {} of revenue on discount",
            p.price_sensitive,
            pct(p.price_sensitive_share),
            pct(p.price_sensitive_revenue_share),
            p.relationship,
            p.customers_with_discount,
            pct(p.discounted_revenue_share)
        )?,
        (None, reason) => writeln!(out, "\nPrice sensitivity  not available: {}", reason.unwrap_or("no discount column"))?,
    }
    if let Some(c) = &r.clusters {
        let curve: Vec<String> =
            c.clustering.curve.iter().map(|p| format!("k={} {}", p.k, p.silhouette.map_or("-".into(), |s| format!("{s:.3}")))).collect();
        writeln!(
            out,
            "\nClusters (k-means on log R, F, M; k = {} by silhouette)\n  silhouette: {}",
            c.clustering.best_k,
            curve.join(", ")
        )?;
        writeln!(out, "  cluster  customers    share  revenue  recency  frequency  monetary  in words")?;
        for (k, rev) in c.clustering.clusters.iter().zip(&c.revenue) {
            let v = |i: usize| k.centre.get(i).copied().unwrap_or(f64::NAN);
            writeln!(
                out,
                "  {:>7}  {:>9}  {:>7}  {:>7}  {:>7.0}  {:>9.1}  {:>8}  {}",
                k.cluster,
                k.size,
                pct(k.share),
                pct(rev.revenue_share),
                v(0),
                v(1),
                money(v(2)),
                k.description.summary
            )?;
        }
    }
    if let Some(rs) = &r.rule_segments
        && let Some(labels) = &rs.labels
    {
        writeln!(out, "\nRule-based segments\n  segment              customers    share  revenue")?;
        for l in labels {
            writeln!(out, "  {:<20} {:>9}  {:>7}  {:>7}", l.label, l.customers, pct(l.customer_share), pct(l.revenue_share))?;
        }
    }
    if let Some(t) = &r.triggers {
        writeln!(
            out,
            "\nTriggers  {} customers crossed {} of cumulative spend in the last {} days",
            t.customers.len(),
            money(t.amount),
            t.days
        )?;
        for c in t.customers.iter().take(20) {
            writeln!(
                out,
                "  {:<12} crossed on {}  ({} before the window, {} now)",
                c.customer,
                c.crossed_at,
                money(c.before),
                money(c.total)
            )?;
        }
        if t.customers.len() > 20 {
            writeln!(out, "  … and {} more (all in --json and --out)", t.customers.len() - 20)?;
        }
    }
    Ok(())
}
