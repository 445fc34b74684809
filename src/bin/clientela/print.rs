//! The readable text of each report (`--json` prints the same structs as JSON instead).

use std::io::Write;

use clientela::basket::RulesReport;
use clientela::clv::ClvReport;
use clientela::sequence as analysis_seq;
use clientela::{DataReport, Layout};

mod compare;
mod forecast;
mod predict;
mod profile;
mod prospects;
mod segment;
pub use compare::compare;
pub use forecast::forecast;
pub use predict::predict;
pub use profile::profile;
pub use prospects::prospects;
pub use segment::segments;

/// `inspect`: the dialect, the columns with their roles and reasons, the rows used and rejected.
pub fn report(out: &mut impl Write, r: &DataReport) -> std::io::Result<()> {
    let s = &r.source;
    let d = &r.dialect;
    if let Some(sheet) = &s.sheet {
        writeln!(out, "File      {} bytes, {} workbook, sheet {sheet:?}", s.bytes, s.format)?;
        let list: Vec<String> =
            s.sheets.iter().map(|x| x.rows.map_or_else(|| format!("{:?}", x.name), |n| format!("{:?} ({n} rows)", x.name))).collect();
        writeln!(out, "Sheets    {}", list.join(", "))?;
        // A workbook's cells are typed: only the header and the dates of text cells were detected.
        writeln!(out, "Dialect   header {}, dates {}", if d.header { "yes" } else { "no" }, d.date_format.as_deref().unwrap_or("none"))?;
    } else {
        writeln!(
            out,
            "File      {} bytes{}, {}{}",
            s.bytes,
            if s.gzip { " (gzip)" } else { "" },
            s.encoding,
            if s.bom { " with BOM" } else { "" }
        )?;
        writeln!(
            out,
            "Dialect   delimiter {}, line ending {}, header {}, decimal {}, dates {}",
            d.delimiter,
            d.line_ending,
            if d.header { "yes" } else { "no" },
            d.decimal,
            d.date_format.as_deref().unwrap_or("none")
        )?;
    }
    writeln!(out, "Layout    {}", r.layout.map_or("unknown", Layout::name))?;
    if let Some(p) = &r.platform {
        writeln!(out, "Platform  read as a {} ({})", p.name, p.id)?;
    }
    writeln!(out, "\nColumns")?;
    for c in &r.columns {
        writeln!(out, "  {:>3}  {:<28} {:<11} {:?}", c.index + 1, c.name, c.role.name(), c.examples)?;
        writeln!(out, "       {:<28} {}: {}", "", c.role.name(), c.reason.text)?;
    }
    let rows = &r.rows;
    writeln!(out, "\nRows      {} total = {} used + {} rejected", rows.total, rows.used, rows.rejected)?;
    for rej in &r.rejections {
        writeln!(out, "  {:<24} {:>9}  {}", rej.reason.key(), rej.count, rej.message)?;
        for e in &rej.examples {
            writeln!(
                out,
                "      line {:>8}: {}{}",
                e.line,
                e.text,
                if e.detail.is_empty() { String::new() } else { format!("   [{}]", e.detail) }
            )?;
        }
    }
    let l = &r.lines;
    writeln!(out, "\nUsed lines")?;
    writeln!(out, "  purchases          {:>10}  {:>18}", l.purchases, money(l.revenue))?;
    writeln!(out, "  returns/cancelled  {:>10}  {:>18}", l.returns, money(l.returns_value))?;
    writeln!(out, "  price zero or less {:>10}  {:>18}", l.nonpositive_price, money(l.nonpositive_price_value))?;
    writeln!(out, "  quantity zero      {:>10}", l.zero_quantity)?;
    writeln!(out, "  without customer   {:>10}  {:>18} of purchases", l.no_customer, money(l.no_customer_revenue))?;
    if r.filled_down.lines > 0 {
        let cols: Vec<String> = r.filled_down.by_column.iter().map(|(c, n)| format!("{c} {n}")).collect();
        writeln!(
            out,
            "  filled down        {:>10}  lines took order fields from the order's first line ({})",
            r.filled_down.lines,
            cols.join(", ")
        )?;
    }
    if let Some(f) = &r.refunds {
        writeln!(
            out,
            "  orders refunded {}, partly refunded {}, cancelled {}, failed {}: {} moved to returns; refunds {} (partial {}); net revenue {}",
            f.orders_refunded,
            f.orders_partially_refunded,
            f.orders_cancelled,
            f.orders_failed,
            money(f.excluded_value),
            money(f.refunded_value),
            money(f.partial_refunds_value),
            money(f.net_revenue)
        )?;
    }
    let m = &r.summary;
    writeln!(out, "\nSummary   {} customers, {} orders, {} items", m.customers, m.orders, m.items)?;
    if let (Some(a), Some(b)) = (&m.first_date, &m.last_date) {
        writeln!(out, "          {a} to {b}")?;
    }
    writeln!(out, "          revenue {}, returns {}", money(m.revenue), money(m.returns_value))?;
    writeln!(out, "Table     {} rows, {} bytes, {:.1} bytes/row", r.table.rows, r.table.bytes, r.table.bytes_per_row)?;
    if !r.notes.is_empty() {
        writeln!(out, "\nHow this was read")?;
        for n in &r.notes {
            writeln!(out, "  - {n}")?;
        }
    }
    for q in &r.questions {
        writeln!(out, "\nQUESTION  {} (options: {})", q.message, q.options.join(", "))?;
    }
    for w in &r.warnings {
        writeln!(out, "WARNING   {w}")?;
    }
    Ok(())
}

/// `rules`: the baskets, the frequent itemsets, the top rules and the comparison across groups.
pub fn rules(out: &mut impl Write, r: &RulesReport) -> std::io::Result<()> {
    let t = &r.transactions;
    writeln!(
        out,
        "Baskets   {} ({} items, {:.1} items per basket, largest {})",
        t.baskets, t.items, t.mean_basket_size, t.max_basket_size
    )?;
    writeln!(
        out,
        "Lines     {} used of {}; left out: {} returns, {} price zero or less, {} quantity zero; {} repeated items merged",
        t.lines_used, t.lines, t.skipped_returns, t.skipped_nonpositive_price, t.skipped_zero_quantity, t.repeated_items
    )?;
    if t.baskets_without_customer > 0 {
        writeln!(out, "          {} baskets without a customer (kept)", t.baskets_without_customer)?;
    }
    if let Some(s) = &r.segment {
        writeln!(out, "Segment   {s} ({} baskets of other customers left out)", t.baskets_outside_segment)?;
    }
    let kind = r.options.itemsets.key();
    writeln!(
        out,
        "\nItemsets  {} ({kind}) at a minimum support of {} baskets; {} frequent in all",
        r.itemsets, r.min_count, r.frequent_itemsets
    )?;
    for (l, n) in r.itemsets_by_length.iter().enumerate().skip(1) {
        writeln!(out, "  {l:>3} items  {n:>9}")?;
    }
    if !r.top_itemsets.is_empty() {
        writeln!(out, "\nMost frequent itemsets of two or more items")?;
        for s in r.top_itemsets.iter().take(10) {
            writeln!(out, "  {:>8} baskets  {:>7}  {{{}}}", s.count, pct(s.support), s.items.join(", "))?;
        }
    }
    let Some(n) = r.rules else { return Ok(()) };
    writeln!(
        out,
        "\nRules     {n} at confidence >= {}{}",
        r.options.min_confidence,
        if r.redundant_rules > 0 { format!(" ({} redundant dropped)", r.redundant_rules) } else { String::new() }
    )?;
    if !r.top_rules.is_empty() {
        writeln!(out, "  {:>8}  {:>8}  {:>7}  {:>9}  {:>10}  {:>8}  rule", "lift", "conf.", "support", "leverage", "conviction", "count")?;
        for x in r.top_rules.iter().take(20) {
            writeln!(
                out,
                "  {:>8.3}  {:>8.3}  {:>7}  {:>9.5}  {:>10}  {:>8}  {{{}}} -> {{{}}}",
                x.lift,
                x.confidence,
                pct(x.support),
                x.leverage,
                x.conviction.map_or("inf".to_string(), |c| format!("{c:.3}")),
                x.count,
                x.antecedent.join(", "),
                x.consequent.join(", ")
            )?;
        }
        if r.top_rules.len() > 20 {
            writeln!(out, "  … {} more in --json", r.top_rules.len() - 20)?;
        }
    }
    if let Some(c) = &r.comparison {
        writeln!(out, "\nLift by {} ({} baskets in no group)", c.by, c.baskets_without_group)?;
        for g in &c.groups {
            writeln!(out, "  {:<24} {:>8} baskets", g.group, g.baskets)?;
        }
        for x in &c.rules {
            let lifts: Vec<String> = x.group_lift.iter().map(|l| l.map_or("-".into(), |v| format!("{v:.2}"))).collect();
            writeln!(
                out,
                "  {{{}}} -> {{{}}}  all {:.2}  by group: {}",
                x.antecedent.join(", "),
                x.consequent.join(", "),
                x.lift,
                lifts.join("  ")
            )?;
        }
    }
    Ok(())
}

/// `sequences`: the frequent patterns and the timed rules.
pub fn sequences(out: &mut impl Write, r: &analysis_seq::SequenceReport) -> std::io::Result<()> {
    writeln!(
        out,
        "Customers {} ({} elements by {}, {} items), as of {}",
        r.customers,
        r.elements,
        match r.options.element {
            analysis_seq::ElementKind::Day => "day",
            analysis_seq::ElementKind::Order => "order",
        },
        r.items,
        r.as_of.as_deref().unwrap_or("-")
    )?;
    if r.options.patterns {
        writeln!(
            out,
            "\nFrequent patterns  {}{} at support {} customers{}{}",
            r.patterns,
            if r.truncated { " (budget reached: truncated)" } else { "" },
            r.min_support_count,
            r.options.max_gap_days.map_or(String::new(), |g| format!(", gap at most {g} days")),
            r.options.max_span_days.map_or(String::new(), |g| format!(", span at most {g} days")),
        )?;
        let lens: Vec<String> = r.patterns_by_length.iter().enumerate().map(|(k, n)| format!("{}: {n}", k + 1)).collect();
        writeln!(out, "  by number of items  {}", lens.join(", "))?;
        writeln!(out, "  customers  support  pattern (at least two elements)")?;
        for p in &r.top_patterns {
            let els: Vec<String> = p.elements.iter().map(|e| format!("({})", e.join(", "))).collect();
            writeln!(out, "  {:>9}  {:>7}  <{}>", p.customers, pct(p.support), els.join(", "))?;
        }
    }
    let t = &r.timed;
    writeln!(
        out,
        "\nTimed rules  A, then B within {} days (observed until {}; base rates over {} purchase days)",
        t.within_days,
        t.observed_until.as_deref().unwrap_or("-"),
        t.base_purchase_days
    )?;
    if let Some(a) = &t.after {
        writeln!(
            out,
            "  after {}{}: {} buyers, {} observed {} days after, {} excluded (observed for less)",
            a.item,
            a.name.as_deref().map_or(String::new(), |n| format!(" ({n})")),
            a.buyers,
            a.observed,
            t.within_days,
            a.excluded_short_observation
        )?;
    }
    writeln!(
        out,
        "  {:<14} {:<14} {:>8} {:>8} {:>7} {:>8} {:>8} {:>7} {:>9}",
        "A", "B", "with A", "excluded", "count", "share", "base", "lift", "lag (d)"
    )?;
    for x in &r.timed_rules {
        writeln!(
            out,
            "  {:<14} {:<14} {:>8} {:>8} {:>7} {:>8} {:>8} {:>7} {:>9}   {}",
            x.antecedent,
            x.consequent,
            x.customers_with_antecedent,
            x.excluded_short_observation,
            x.count,
            pct(x.share),
            pct(x.base_rate),
            x.lift.map_or("-".into(), |l| format!("{l:.2}")),
            x.median_lag_days.map_or("-".into(), |l| format!("{l}")),
            x.consequent_name.as_deref().unwrap_or("")
        )?;
    }
    writeln!(out, "  ({})", t.rule)
}

/// `clv`: the fitted models, the top customers, the valuable but probably gone, the holdout check.
pub fn clv(out: &mut impl Write, r: &ClvReport) -> std::io::Result<()> {
    let unit = r.time_unit.name();
    writeln!(
        out,
        "Calibration  {} to {} (inclusive), {} customers, {} repeat buyers; time unit {unit}",
        r.calibration_start, r.calibration_end, r.calibration_customers, r.repeat_buyers
    )?;
    if let Some(h) = &r.holdout_end {
        writeln!(
            out,
            "Holdout      after {} to {} (inclusive); {} customers first bought in the holdout",
            r.calibration_end, h, r.first_purchase_in_holdout
        )?;
    }
    let b = &r.bgnbd;
    let d = &b.diagnostics;
    writeln!(
        out,
        "\nBG/NBD (purchases)  r {:.4}  alpha {:.4}  a {:.4}  b {:.4}  log-likelihood {:.2}",
        b.r, b.alpha, b.a, b.b, b.log_likelihood
    )?;
    writeln!(
        out,
        "  search: {} iterations, converged {}, gradient {:.1e}, {} of {} starts converged",
        d.iterations, d.converged, d.gradient_norm, d.starts_converged, d.starts_tried
    )?;
    for m in &b.parameters {
        writeln!(
            out,
            "  {:<6} {:>10.4} ± {:<8} {}",
            m.name,
            m.value,
            m.standard_error.map_or("-".into(), |s| format!("{s:.4}")),
            m.meaning
        )?;
    }
    match &r.gamma_gamma {
        Some(g) => {
            writeln!(
                out,
                "\nGamma-Gamma (spend)  p {:.4}  q {:.4}  gamma {:.4}  log-likelihood {:.2}, {} repeat buyers",
                g.p, g.q, g.gamma, g.log_likelihood, g.customers
            )?;
            for m in &g.parameters {
                writeln!(
                    out,
                    "  {:<6} {:>10.4} ± {:<8} {}",
                    m.name,
                    m.value,
                    m.standard_error.map_or("-".into(), |s| format!("{s:.4}")),
                    m.meaning
                )?;
            }
            if let Some(c) = g.frequency_spend_correlation {
                writeln!(out, "  correlation of repeat purchases and mean spend {c:.3} (warning above {})", g.correlation_threshold)?;
            }
        }
        None => writeln!(out, "\nGamma-Gamma (spend)  not fitted (see warnings)")?,
    }
    writeln!(out, "\nModels on the calibration period (lower BIC and holdout error are better)")?;
    for m in &r.model_comparison {
        writeln!(
            out,
            "  {} {:<11} log-likelihood {:>12.2}  BIC {:>12.2}  holdout error per customer {}",
            if m.chosen { "*" } else { " " },
            m.label,
            m.log_likelihood,
            m.bic,
            m.holdout_mae.map_or("-".into(), |e| format!("{e:.4}"))
        )?;
    }
    if let Some(p) = &r.pareto_nbd {
        writeln!(out, "  Pareto/NBD  r {:.4}  alpha {:.4}  s {:.4}  beta {:.4}", p.r, p.alpha, p.s, p.beta)?;
    }
    if let Some(m) = &r.mbg_nbd {
        writeln!(out, "  MBG/NBD     r {:.4}  alpha {:.4}  a {:.4}  b {:.4}", m.r, m.alpha, m.a, m.b)?;
    }
    writeln!(out, "Values use {}: {}", r.model_label, r.model_reason)?;
    writeln!(
        out,
        "Scored as of {}{}",
        r.scoring.as_of,
        if r.scoring.refitted { ", the model refitted on all purchases up to that day" } else { "" }
    )?;
    writeln!(out, "\n{}", r.clv_rule)?;
    let range =
        |r: Option<[f64; 2]>, f: &dyn Fn(f64) -> String| r.map_or(String::new(), |[lo, hi]| format!(" (80 % range {}–{})", f(lo), f(hi)));
    writeln!(
        out,
        "Totals over {} {unit}s: {:.1} expected purchases{}, CLV {}{}, mean P(alive) {:.3}",
        r.horizon,
        r.totals.expected_purchases,
        range(r.totals.expected_purchases_range, &|v| format!("{v:.1}")),
        r.totals.clv.map_or("-".into(), money),
        range(r.totals.clv_range, &money),
        r.totals.mean_p_alive
    )?;
    writeln!(out, "(ranges: how far the estimates move with the uncertainty of the fitted parameters)")?;
    writeln!(
        out,
        "\nTop customers by {}\n  rank  customer      x     t_x       T   P(alive)  E[purchases]     E[spend]           CLV",
        r.rank_by
    )?;
    for c in r.customers.iter().take(15) {
        writeln!(
            out,
            "  {:>4}  {:<10} {:>4} {:>7.1} {:>7.1}   {:>8.3}  {:>12.2} {:>12} {:>13}",
            c.rank,
            c.customer,
            c.x,
            c.t_x,
            c.t,
            c.p_alive,
            c.expected_purchases,
            c.expected_spend.map_or("-".into(), money),
            c.clv.map_or("-".into(), money)
        )?;
    }
    writeln!(
        out,
        "\nP(alive)  {}",
        r.p_alive_histogram.iter().map(|b| format!("{:.1}-{:.1}: {}", b.from, b.to, b.customers)).collect::<Vec<_>>().join(", ")
    )?;
    let a = &r.at_risk;
    writeln!(
        out,
        "\nValuable but probably gone: {} customers ({}; past value from {})",
        a.customers.len(),
        a.rule,
        money(a.value_threshold)
    )?;
    for c in a.customers.iter().take(10) {
        writeln!(
            out,
            "  {:<10} past value {:>12}  P(alive) {:.3}  x {}  last purchase {:.1} {unit}s before {}",
            c.customer,
            money(c.past_value),
            c.p_alive,
            c.x,
            c.t - c.t_x,
            r.scoring.as_of
        )?;
    }
    let k = &r.churn_risk;
    writeln!(out, "\nChurn risk: {} customers ({})", k.customers_at_risk, k.rule)?;
    if let Some(n) = &k.note {
        writeln!(out, "  {n}")?;
    }
    for c in k.customers.iter().take(10) {
        writeln!(
            out,
            "  {:<10} at risk {:>12}  P(alive) {:.3}  {}",
            c.customer,
            c.value_at_risk.map_or(format!("{:.2} purchases", c.purchases_at_risk), money),
            c.p_alive,
            c.risk_reason
        )?;
    }
    let tm = &r.timing;
    writeln!(
        out,
        "\nNext purchases: expected buyers within {} days after {}: {}",
        tm.windows.map(|w| w.to_string()).join("/"),
        r.scoring.as_of,
        tm.expected_buyers.map(|v| format!("{v:.1}")).join(" / ")
    )?;
    if let Some([q1, q2, q3]) = tm.gaps.quartiles {
        writeln!(
            out,
            "Days between one customer's purchases: median {q2}, half of the gaps between {q1} and {q3} ({} gaps of {} customers)",
            tm.gaps.gaps, tm.gaps.customers
        )?;
    }
    writeln!(
        out,
        "\nOverdue: {} customers with 3+ purchases, silent for longer than their own mean gap (largest past value first)",
        tm.overdue_customers
    )?;
    for c in tm.overdue.iter().take(10) {
        writeln!(
            out,
            "  {:<10} past value {:>12}  overdue by {:.1} {unit}s  P(purchase in 30 days) {:.3}  next if still buying {}",
            c.customer,
            money(c.past_value),
            c.overdue_by.unwrap_or(0.0),
            c.p_purchase_30,
            c.next_purchase.as_deref().unwrap_or("-")
        )?;
    }
    if let Some(h) = &r.holdout {
        writeln!(
            out,
            "\nHoldout check over {:.1} {unit}s ({} to {}): predicted {:.1} repeat purchases, actual {} ({})",
            h.length,
            h.start,
            h.end,
            h.predicted_total,
            h.actual_total,
            h.relative_error.map_or("-".into(), |e| format!("{:+.1} %", 100.0 * e))
        )?;
        writeln!(out, "  calibration x  customers  actual mean  predicted mean")?;
        for f in &h.by_frequency {
            writeln!(out, "  {:>13}  {:>9}  {:>11.3}  {:>14.3}", f.frequency, f.customers, f.actual_mean, f.predicted_mean)?;
        }
    }
    for w in &r.warnings {
        writeln!(out, "WARNING   {w}")?;
    }
    Ok(())
}

/// A share as a percentage with one decimal (`12.5 %`).
fn pct(v: f64) -> String {
    format!("{:.1} %", v * 100.0)
}

/// An amount with two decimals and thousands separators (`-1,234.50`).
fn money(v: f64) -> String {
    let s = format!("{:.2}", v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}{grouped}.{frac}", if v < 0.0 { "-" } else { "" })
}
