//! The per-customer value table as CSV, best first. Customer ids come from an untrusted file and are made
//! spreadsheet-safe with the same rule as the segment table ([`crate::segment::export::safe_text`]);
//! numbers are plain, unknown numbers are empty cells.

use std::io::Write;

use super::ClvReport;
use crate::segment::export::safe_text;

fn num(v: f64) -> String {
    if v.is_finite() { format!("{}", (v * 1e6).round() / 1e6) } else { String::new() }
}

fn opt(v: Option<f64>) -> String {
    v.map_or(String::new(), num)
}

/// Writes `report.customers` (all customers unless the report was limited with `top`).
pub fn write_csv(out: impl Write, report: &ClvReport) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "rank",
        "customer",
        "x",
        "t_x",
        "T",
        "monetary",
        "past_value",
        "p_alive",
        "expected_purchases",
        "expected_spend",
        "clv",
        "holdout_purchases",
        "holdout_predicted",
        "value_at_risk",
        "purchases_at_risk",
        "typical_gap",
        "silent_for",
        "risk_reason",
        "p_purchase_30",
        "p_purchase_60",
        "p_purchase_90",
        "next_purchase",
        "overdue_by",
        "expected_purchases_low",
        "expected_purchases_high",
        "clv_low",
        "clv_high",
    ])?;
    for c in &report.customers {
        w.write_record([
            c.rank.to_string(),
            safe_text(&c.customer).into_owned(),
            c.x.to_string(),
            num(c.t_x),
            num(c.t),
            num(c.monetary),
            num(c.past_value),
            num(c.p_alive),
            num(c.expected_purchases),
            opt(c.expected_spend),
            opt(c.clv),
            c.holdout_purchases.map_or(String::new(), |v| v.to_string()),
            opt(c.holdout_predicted),
            opt(c.value_at_risk),
            num(c.purchases_at_risk),
            opt(c.typical_gap),
            num(c.silent_for),
            c.risk_reason.clone(),
            num(c.p_purchase_30),
            num(c.p_purchase_60),
            num(c.p_purchase_90),
            c.next_purchase.clone().unwrap_or_default(),
            opt(c.overdue_by),
            opt(c.expected_purchases_range.map(|r| r[0])),
            opt(c.expected_purchases_range.map(|r| r[1])),
            opt(c.clv_range.map(|r| r[0])),
            opt(c.clv_range.map(|r| r[1])),
        ])?;
    }
    w.flush()?;
    Ok(())
}
