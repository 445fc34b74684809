//! The readable text of the profile report: the group, the join report, then per attribute the values
//! most over-represented in the group in plain words, and the table.

use std::io::Write;

use clientela::audience::{ProfileReport, ValueRow, WalletReport};

use super::pct;

/// `profile`: the group, the join, the sentences and the tables.
pub fn profile(out: &mut impl Write, r: &ProfileReport) -> std::io::Result<()> {
    let who = group_words(r);
    writeln!(
        out,
        "Group     {} ({} of {} customers, {}), as of {}",
        who,
        r.group.customers,
        r.customers,
        pct(r.group.share),
        r.as_of.as_deref().unwrap_or("-")
    )?;
    if let Some(j) = &r.join {
        writeln!(
            out,
            "Customers file: {} rows, {} ids (column {:?}); {} of {} customers matched, {} without attributes, {} ids without purchases",
            j.file.rows,
            j.file.ids,
            j.file.id_column,
            j.matched,
            j.customers,
            j.customers_without_attributes,
            j.attribute_rows_without_purchases
        )?;
        if j.matched_as_numbers > 0 {
            writeln!(out, "          of them {} matched as the same whole number (17850.0 and 17850)", j.matched_as_numbers)?;
        }
        if j.file.duplicate_ids > 0 || j.file.rows_without_id > 0 || j.file.rows_rejected > 0 {
            writeln!(
                out,
                "          ids on more than one row: {} (first non-empty value kept, {} extra rows), {} rows without an id, {} rows rejected",
                j.file.duplicate_ids, j.file.duplicate_rows, j.file.rows_without_id, j.file.rows_rejected
            )?;
        }
    }
    if r.group.customers == 0 {
        writeln!(out, "\nNo customer is in this group as of this date: choose another with --group.")?;
    }
    if r.attributes.is_empty() {
        writeln!(
            out,
            "\nNo attribute to profile: the sales file has no extra column (such as Country); give a customers file with --customers FILE."
        )?;
    }
    for s in &r.skipped_attributes {
        writeln!(out, "Skipped   {} ({} distinct values: nearly one per customer)", s.name, s.distinct)?;
    }
    for a in &r.attributes {
        writeln!(
            out,
            "\n{} ({}, {})",
            a.name,
            a.source,
            serde_json::to_value(a.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
        )?;
        for v in top_over(&a.values) {
            writeln!(
                out,
                "  {} are {}× as often {} ({})",
                who,
                times(v.index.unwrap_or(0.0)),
                place(&a.name, &v.value),
                p_words(v.p_value)
            )?;
        }
        writeln!(out, "  {:<24} {:>9} {:>9} {:>8} {:>8} {:>7} {:>9}", "value", "customers", "in group", "group %", "all %", "index", "p")?;
        for v in &a.values {
            writeln!(
                out,
                "  {:<24} {:>9} {:>9} {:>8} {:>8} {:>7} {:>9}{}",
                short(&v.value, 24),
                v.customers,
                v.customers_best,
                pct(v.share_best),
                pct(v.share_all),
                v.index.map_or("-".to_string(), |x| format!("{x:.2}")),
                p_short(v.p_value),
                if v.small { "  small" } else { "" }
            )?;
        }
    }
    writeln!(out, "\np: {}", r.test)?;
    wallet(out, &r.share_of_wallet)
}

/// The share-of-wallet section: missing, said so; else the period, the grid and the customers worth winning.
fn wallet(out: &mut impl Write, w: &WalletReport) -> std::io::Result<()> {
    writeln!(out, "\nShare of wallet")?;
    if !w.available {
        for n in &w.notes {
            writeln!(out, "  missing: {}", n.text)?;
        }
        return Ok(());
    }
    let period = w.period.as_ref();
    writeln!(
        out,
        "  survey column {:?}; spend with you from {} to {} ({} days, {})",
        w.column.as_deref().unwrap_or_default(),
        period.map_or("-", |p| p.from.as_str()),
        period.map_or("-", |p| p.to.as_str()),
        period.map_or(0, |p| p.days),
        if period.is_some_and(|p| p.basis == "given") { "as given" } else { "the sales file's window" }
    )?;
    writeln!(
        out,
        "  {} customers with a surveyed spend, {} without; median share {}",
        w.customers_with_survey,
        w.customers_without_survey,
        w.median_share.map_or("-".to_string(), pct)
    )?;
    writeln!(
        out,
        "  high value: spend with you ≥ {}; high share: ≥ {}",
        w.value_split.map_or("-".to_string(), |v| format!("{v:.2}")),
        pct(w.share_split)
    )?;
    for c in &w.grid {
        let name = match c.key {
            "loyal" => "loyal, high affinity (high share, high value)",
            "growth" => "growth potential (low share, high value)",
            "convenience" => "convenience (high share, low value)",
            _ => "low (low share, low value)",
        };
        writeln!(out, "  {:<48} {:>7} customers", name, c.customers)?;
    }
    for n in &w.notes {
        writeln!(out, "  note: {}", n.text)?;
    }
    writeln!(out, "  worth winning: {} high-value customers with a low share, by headroom", w.worth_winning_customers)?;
    for c in w.worth_winning.iter().take(10) {
        writeln!(out, "    {:<16} spend {:>10.2} of {:>10.2} ({})", c.customer, c.spend, c.category_spend, pct(c.share))?;
    }
    Ok(())
}

/// "best customers", "worst customers", "customers in segment champions"…
fn group_words(r: &ProfileReport) -> String {
    match (r.group.kind, &r.group.name) {
        ("best", _) => "best customers".into(),
        ("worst", _) => "worst customers".into(),
        (k, Some(n)) => format!("customers in {k} {n}"),
        (k, None) => format!("{k} customers"),
    }
}

/// Up to three values at least 1.5 times as frequent in the group, with p < 0.05, most over-represented
/// first (the "not given" and "other values" rows are not described).
fn top_over(values: &[ValueRow]) -> Vec<&ValueRow> {
    let mut v: Vec<&ValueRow> =
        values.iter().filter(|v| v.special.is_none() && v.index.is_some_and(|i| i >= 1.5) && v.p_value < 0.05).collect();
    v.sort_by(|a, b| b.index.unwrap_or(0.0).total_cmp(&a.index.unwrap_or(0.0)).then(a.value.cmp(&b.value)));
    v.truncate(3);
    v
}

/// "in Germany" for places, "with age ≥ 37" for anything else.
fn place(attribute: &str, value: &str) -> String {
    let a = attribute.to_lowercase();
    if ["country", "city", "region", "state", "land"].iter().any(|w| a.contains(w)) {
        format!("in {value}")
    } else {
        format!("with {attribute} {value}")
    }
}

fn times(x: f64) -> String {
    format!("{x:.1}")
}

fn p_words(p: f64) -> String {
    if p < 0.001 { "p < 0.001".into() } else { format!("p = {p:.3}") }
}

fn p_short(p: f64) -> String {
    if p < 0.001 { "<0.001".into() } else { format!("{p:.3}") }
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { s.chars().take(n - 1).chain(['…']).collect() }
}
