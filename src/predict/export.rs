//! The per-customer CSV of a prediction (the command line's `--out`, the page's download) and the English
//! words of a reason.

use std::io::Write;

use super::PredictReport;
use super::model::{Effect, Level, Reason};
use crate::segment::export::safe_text;

/// A reason in English: "last purchase 12 days ago (recent) raises the chance".
pub fn reason_text(r: &Reason) -> String {
    let v = r.value.unwrap_or(f64::NAN);
    let level = match r.level {
        Level::High => "high",
        Level::Low => "low",
    };
    let what = match r.feature {
        "recency_days" => format!("last purchase {v:.0} days ago ({})", if r.level == Level::Low { "recent" } else { "long ago" }),
        "frequency" => format!("{v:.0} purchase{} ({level})", if v == 1.0 { "" } else { "s" }),
        "monetary" => format!("average spend {v:.2} ({level})"),
        "tenure_days" => format!("customer for {v:.0} days ({})", if r.level == Level::High { "long" } else { "short" }),
        "gap_cv" => format!("gaps between purchases {} (variation {v:.2})", if r.level == Level::Low { "regular" } else { "irregular" }),
        "trend" => format!("recent spend {} earlier spend (trend {v:+.2})", if r.level == Level::High { "above" } else { "below" }),
        "items_per_purchase" => format!("{v:.1} items per purchase ({level})"),
        "returns_share" => format!("{:.0} % of spend returned ({level})", 100.0 * v),
        "discount_share" => format!("{:.0} % discount ({level})", 100.0 * v),
        _ => format!("{} is {}", r.attribute.as_deref().unwrap_or("attribute"), r.category.as_deref().unwrap_or("-")),
    };
    let effect = match r.effect {
        Effect::Raises => "raises",
        Effect::Lowers => "lowers",
    };
    format!("{what} {effect} the chance")
}

/// One row per scored customer, highest probability first: `customer,probability,expected_spend,decile,
/// reason_1,reason_2,reason_3` (the reasons in English words; text cells spreadsheet-safe).
pub fn write_csv(out: impl Write, r: &PredictReport) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| std::io::Error::other(e.to_string());
    w.write_record(["customer", "probability", "expected_spend", "decile", "reason_1", "reason_2", "reason_3"]).map_err(err)?;
    for c in &r.customers {
        let mut row = vec![
            safe_text(&c.customer).into_owned(),
            format!("{:.6}", c.probability),
            format!("{:.2}", c.expected_spend),
            c.decile.to_string(),
        ];
        for k in 0..3 {
            row.push(c.reasons.get(k).map(|r| safe_text(&reason_text(r)).into_owned()).unwrap_or_default());
        }
        w.write_record(&row).map_err(err)?;
    }
    w.flush()
}

/// The CSV as text.
pub fn csv_text(r: &PredictReport) -> String {
    let mut buf = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_csv(&mut buf, r);
    String::from_utf8(buf).unwrap_or_default()
}
