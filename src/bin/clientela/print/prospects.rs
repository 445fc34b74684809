//! The readable text of the prospects report: the data the model learned from, its check in plain words,
//! the strongest values, the customers' score deciles and the best-scoring prospects with their reasons.

use std::io::Write;

use clientela::audience::ProspectsReport;

use super::pct;

/// Prospects shown in the text (the JSON and the CSV hold them all).
const SHOWN: usize = 20;

/// `prospects`: the model, the check, the deciles, the prospects.
pub fn prospects(out: &mut impl Write, r: &ProspectsReport) -> std::io::Result<()> {
    let j = &r.join;
    writeln!(
        out,
        "Learned   from {} of {} customers found in the customers file ({} in the group {}), as of {}",
        r.model.customers,
        r.customers,
        r.model.best,
        r.group.key,
        r.as_of.as_deref().unwrap_or("-")
    )?;
    writeln!(
        out,
        "          {} customers without attributes, {} ids of the customers file without purchases",
        j.customers_without_attributes, j.attribute_rows_without_purchases
    )?;
    let f = &r.prospects_file;
    let named =
        if f.id_column.is_empty() { "named by row number (no id column)".to_string() } else { format!("id column {:?}", f.id_column) };
    writeln!(out, "Prospects {} rows, {} prospects, {named}", f.rows, f.ids)?;
    let shared: Vec<&str> = r.shared_attributes.iter().map(|a| a.name.as_str()).collect();
    writeln!(out, "Shared    {}", shared.join(", "))?;
    if !r.customers_only_attributes.is_empty() {
        writeln!(out, "Not used  {} (customers file only)", r.customers_only_attributes.join(", "))?;
    }
    if !r.prospects_only_attributes.is_empty() {
        writeln!(out, "Not used  {} (prospects file only)", r.prospects_only_attributes.join(", "))?;
    }
    let v = &r.validation;
    match v.auc {
        Some(a) => writeln!(
            out,
            "Check     on {} held-out customers ({} in the group) the model ranks a group customer above another {} of the time (AUC {:.3}; 50 % is chance)",
            v.holdout_customers,
            v.holdout_best,
            pct(a),
            a
        )?,
        None => writeln!(out, "Check     not possible: the held-out customers lack a group customer or another customer")?,
    }
    for n in &r.notes {
        writeln!(out, "Note      {}", n.text)?;
    }
    let mut strong: Vec<_> = r.coefficients.iter().filter(|c| c.coefficient > 0.0).collect();
    strong.sort_by(|a, b| b.coefficient.total_cmp(&a.coefficient));
    if !strong.is_empty() {
        writeln!(out, "\nValues that raise the odds of being in the group most")?;
        for c in strong.iter().take(5) {
            writeln!(out, "  {} {:<24} odds × {:.2} ({} customers)", c.attribute, c.value, c.coefficient.exp(), c.customers)?;
        }
    }
    writeln!(out, "\n  {:>6} {:>9} {:>8} {:>15} {:>12}", "decile", "customers", "in group", "score range", "mean value")?;
    for d in &r.deciles {
        writeln!(
            out,
            "  {:>6} {:>9} {:>8} {:>15} {:>12.2}",
            d.decile,
            d.customers,
            d.best,
            format!("{:.3}–{:.3}", d.min_score, d.max_score),
            d.mean_value
        )?;
    }
    writeln!(out, "\n  {:<16} {:>7} {:>6} {:>12}  reasons", "prospect", "score", "decile", "exp. value")?;
    for p in r.prospects.iter().take(SHOWN) {
        let reasons: Vec<String> = p.reasons.iter().map(|x| format!("{} {}", x.attribute, x.value)).collect();
        writeln!(out, "  {:<16} {:>7.3} {:>6} {:>12.2}  {}", p.prospect, p.score, p.decile, p.expected_value, reasons.join("; "))?;
    }
    if r.prospects.len() > SHOWN {
        writeln!(out, "  … {} more (all of them with --out FILE or --json)", r.prospects.len() - SHOWN)?;
    }
    Ok(())
}
