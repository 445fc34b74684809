//! The per-customer table as CSV: profile fields, R/F/M scores, segment and profitable class, then spend
//! band, lifecycle stage, high-affinity flag and, when the file has a discount column, the discounted spend
//! share and the price-sensitive flag (flags are `1` or `0`).
//!
//! Spreadsheets run a cell that begins with `=`, `+`, `-`, `@`, tab or carriage return as a formula, and a
//! customer id or attribute value comes from an untrusted file; such text cells get a leading apostrophe
//! (the OWASP "CSV injection" advice). Numbers are written as plain numbers (a negative margin stays a
//! number); unknown numbers are empty cells; amounts are rounded to 4 decimals.

use std::io::Write;

use super::{CLASS_KEYS, Segmentation};
use crate::dataset::{Dataset, NONE};
use crate::time::format_datetime;

/// Text made safe for spreadsheets (see the module doc).
pub fn safe_text(s: &str) -> std::borrow::Cow<'_, str> {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

/// A number rounded to 4 decimals (amounts summed in binary floating point carry noise such as
/// `5391.210000000009`; 4 decimals keep sub-cent prices), without trailing zeros.
fn num(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let r = (v * 1e4).round() / 1e4;
    if r == 0.0 { "0".into() } else { format!("{r}") }
}

fn flag(b: bool) -> String {
    (if b { "1" } else { "0" }).to_string()
}

/// Writes the table: one header line, then one line per customer in customer-id order.
pub fn write_customers_csv(out: impl Write, ds: &Dataset, s: &Segmentation) -> std::io::Result<()> {
    let p = &s.profiles;
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<String> = [
        "customer",
        "first_purchase",
        "last_purchase",
        "recency_days",
        "frequency",
        "monetary",
        "average_order_value",
        "tenure_days",
        "median_days_between",
        "purchase_days",
        "distinct_items",
        "purchase_lines",
        "returns",
        "returns_value",
    ]
    .map(String::from)
    .to_vec();
    if p.has_discount {
        header.push("discount_share".into());
    }
    if p.has_cost {
        header.push("margin".into());
    }
    header.extend(["spend_first_half", "spend_second_half"].map(String::from));
    header.extend(p.attributes.iter().map(|a| safe_text(&a.name).into_owned()));
    header.extend(["r", "f", "m", "rfm", "segment", "class", "spend_band", "lifecycle_stage", "high_affinity"].map(String::from));
    let price = s.discounted_share.as_deref().zip(s.price_sensitive.as_deref());
    if price.is_some() {
        header.extend(["discounted_spend_share", "price_sensitive"].map(String::from));
    }
    if s.cluster.is_some() {
        header.push("cluster".into());
    }
    let rule_names: Option<Vec<&str>> = s
        .rule_label
        .as_ref()
        .and(s.report.rule_segments.as_ref())
        .and_then(|r| r.labels.as_ref())
        .map(|l| l.iter().map(|x| x.label.as_str()).collect());
    if rule_names.is_some() {
        header.push("rule_segment".into());
    }
    let band_labels: Vec<&str> = s.report.spend_bands.bands.iter().map(|b| b.band.as_str()).collect();
    w.write_record(&header)?;
    let mut rec: Vec<String> = Vec::with_capacity(header.len());
    for (i, c) in p.rows.iter().enumerate() {
        rec.clear();
        rec.push(safe_text(ds.customers.get(c.customer)).into_owned());
        rec.push(format_datetime(c.first_purchase));
        rec.push(format_datetime(c.last_purchase));
        rec.push(c.recency_days.to_string());
        rec.push(c.frequency.to_string());
        rec.push(num(c.monetary));
        rec.push(num(c.average_order_value));
        rec.push(c.tenure_days.to_string());
        rec.push(c.median_days_between.map_or(String::new(), num));
        rec.push(c.purchase_days.to_string());
        rec.push(c.distinct_items.to_string());
        rec.push(c.purchase_lines.to_string());
        rec.push(c.returns.to_string());
        rec.push(num(c.returns_value));
        if p.has_discount {
            rec.push(c.discount_share.map_or(String::new(), num));
        }
        if p.has_cost {
            rec.push(c.margin.map_or(String::new(), num));
        }
        rec.push(num(c.spend_first_half));
        rec.push(num(c.spend_second_half));
        for (a, attr) in p.attribute_columns(ds) {
            let v = a.values[i];
            rec.push(if v == NONE { String::new() } else { safe_text(attr.dict.get(v)).into_owned() });
        }
        let (r, f, m) = (s.scores.r[i], s.scores.f[i], s.scores.m[i]);
        rec.push(r.to_string());
        rec.push(f.to_string());
        rec.push(m.to_string());
        rec.push(format!("{r}{f}{m}"));
        rec.push(s.scores.segment[i].name().to_string());
        rec.push(CLASS_KEYS[s.class[i].min(3) as usize].to_string());
        let band = s.band.get(i).and_then(|&b| band_labels.get(b as usize)).copied().unwrap_or("");
        rec.push(safe_text(band).into_owned());
        rec.push(s.stage.get(i).map_or("", |st| st.key()).to_string());
        rec.push(flag(s.high_affinity.get(i).copied().unwrap_or(false)));
        if let Some((share, sensitive)) = price {
            rec.push(share.get(i).map_or(String::new(), |&v| num(v)));
            rec.push(flag(sensitive.get(i).copied().unwrap_or(false)));
        }
        if let Some(c) = &s.cluster {
            rec.push(c.get(i).map_or(String::new(), |v| v.to_string()));
        }
        if let (Some(names), Some(l)) = (&rule_names, &s.rule_label) {
            let name = l.get(i).and_then(|&k| names.get(k as usize)).copied().unwrap_or("");
            rec.push(safe_text(name).into_owned());
        }
        w.write_record(&rec)?;
    }
    w.flush()?;
    Ok(())
}
