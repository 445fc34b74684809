//! The segmentation's rule section: the profile fields rules can use (numbers, then the attribute
//! columns), the rules evaluated per customer, and the customers and revenue of each label.
//! `purchases_per_month` is frequency divided by the months from the first purchase to the as-of date
//! (at least one month of [`DAYS_PER_MONTH`] days); `interest` exists only as an attribute column of that
//! name.

use serde::Serialize;

use super::{Column, FieldInfo, RuleError, compile, preset_applies};
use crate::dataset::{Dataset, NONE};
use crate::segment::profile::{ProfileAttribute, Profiles};
use crate::segment::rfm::RfmScores;

/// Average days in a month, for `purchases_per_month`.
pub const DAYS_PER_MONTH: f64 = 30.44;

/// The numeric profile fields rules can use, in the order of [`number_fields`].
pub const NUMBER_FIELDS: [&str; 16] = [
    "recency_days",
    "frequency",
    "monetary",
    "average_order_value",
    "tenure_days",
    "median_days_between",
    "purchase_days",
    "distinct_items",
    "returns",
    "returns_value",
    "discount_share",
    "margin",
    "purchases_per_month",
    "r_score",
    "f_score",
    "m_score",
];

/// The numeric profile fields with their values per customer (names as in [`NUMBER_FIELDS`]).
fn number_fields(p: &Profiles, scores: &RfmScores) -> Vec<(&'static str, Vec<f64>)> {
    let as_of = p.as_of_day.unwrap_or(0) as f64;
    let f = |g: &dyn Fn(usize) -> f64| (0..p.rows.len()).map(g).collect::<Vec<f64>>();
    let rows = &p.rows;
    vec![
        ("recency_days", f(&|i| rows[i].recency_days as f64)),
        ("frequency", f(&|i| rows[i].frequency as f64)),
        ("monetary", f(&|i| rows[i].monetary)),
        ("average_order_value", f(&|i| rows[i].average_order_value)),
        ("tenure_days", f(&|i| rows[i].tenure_days as f64)),
        ("median_days_between", f(&|i| rows[i].median_days_between.unwrap_or(f64::NAN))),
        ("purchase_days", f(&|i| rows[i].purchase_days as f64)),
        ("distinct_items", f(&|i| rows[i].distinct_items as f64)),
        ("returns", f(&|i| rows[i].returns as f64)),
        ("returns_value", f(&|i| rows[i].returns_value)),
        ("discount_share", f(&|i| rows[i].discount_share.unwrap_or(f64::NAN))),
        ("margin", f(&|i| rows[i].margin.unwrap_or(f64::NAN))),
        (
            "purchases_per_month",
            f(&|i| {
                let first_day = (rows[i].first_purchase.div_euclid(86_400)) as f64;
                let months = ((as_of - first_day) / DAYS_PER_MONTH).max(1.0);
                rows[i].frequency as f64 / months
            }),
        ),
        ("r_score", f(&|i| scores.r[i] as f64)),
        ("f_score", f(&|i| scores.f[i] as f64)),
        ("m_score", f(&|i| scores.m[i] as f64)),
    ]
}

/// The fields rules can use for this table: the numeric profile fields, then the attribute columns
/// (as text, or as numbers when every value reads as one — e.g. `interest`).
pub fn rule_fields(p: &Profiles, ds: &Dataset) -> Vec<FieldInfo> {
    let mut out: Vec<FieldInfo> = NUMBER_FIELDS.iter().map(|n| FieldInfo::number(n)).collect();
    for (a, attr) in p.attribute_columns(ds) {
        let numeric = attribute_numbers(a, attr).is_some();
        out.push(if numeric { FieldInfo::number(&a.name) } else { FieldInfo::text(&a.name) });
    }
    out
}

/// An attribute's values as numbers when every present value parses as one.
fn attribute_numbers(a: &ProfileAttribute, attr: &crate::dataset::Attribute) -> Option<Vec<f64>> {
    let dict: Vec<Option<f64>> = attr.dict.iter().map(|(_, s)| s.trim().parse::<f64>().ok().filter(|v| v.is_finite())).collect();
    if attr.dict.is_empty() || dict.iter().any(Option::is_none) {
        return None;
    }
    Some(a.values.iter().map(|&v| if v == NONE { f64::NAN } else { dict.get(v as usize).copied().flatten().unwrap_or(f64::NAN) }).collect())
}

/// Customers and revenue of one rule label.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RuleLabelRow {
    /// The label.
    pub label: String,
    /// Customers with it.
    pub customers: u64,
    /// Share of customers.
    pub customer_share: f64,
    /// Share of revenue.
    pub revenue_share: f64,
}

/// The rule-based segments section: the rules, the fields they may use, and the result or the error.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RuleSection {
    /// The rules as given.
    pub rules: String,
    /// Fields available to rules (`name`, `kind`).
    pub fields: Vec<FieldInfo>,
    /// Whether the credit-card preset's fields exist in this table.
    pub preset_applies: bool,
    /// Label counts, in label order (`null` when the rules do not compile).
    pub labels: Option<Vec<RuleLabelRow>>,
    /// Why the rules cannot be used (position and what was expected).
    pub error: Option<RuleError>,
}

/// Evaluates rule text over the customers; a compile error is part of the section, not a failure.
pub fn rule_segments(p: &Profiles, scores: &RfmScores, ds: &Dataset, text: &str) -> (RuleSection, Option<Vec<u32>>) {
    let fields = rule_fields(p, ds);
    let preset_applies = preset_applies(&fields);
    let mut section = RuleSection { rules: text.to_string(), fields: fields.clone(), preset_applies, labels: None, error: None };
    let set = match compile(text, &fields) {
        Ok(s) => s,
        Err(e) => {
            section.error = Some(e);
            return (section, None);
        }
    };
    let numbers = number_fields(p, scores);
    let attr_numbers: Vec<Option<Vec<f64>>> = p.attribute_columns(ds).map(|(a, attr)| attribute_numbers(a, attr)).collect();
    let attr_texts: Vec<Vec<String>> = ds.attributes.iter().map(|attr| attr.dict.iter().map(|(_, s)| s.to_string()).collect()).collect();
    // One column per field the rule set uses, in its order.
    let mut columns: Vec<Column> = Vec::new();
    for f in set.fields() {
        if let Some((_, v)) = numbers.iter().find(|(n, _)| *n == f.name) {
            columns.push(Column::Number(v));
        } else if let Some(k) = p.attributes.iter().position(|a| a.name == f.name) {
            match &attr_numbers[k] {
                Some(v) => columns.push(Column::Number(v)),
                None => columns.push(Column::Text { codes: &p.attributes[k].values, values: &attr_texts[k] }),
            }
        }
    }
    let labels = match set.evaluate_columns(&columns) {
        Ok(l) => l,
        Err(e) => {
            section.error = Some(e);
            return (section, None);
        }
    };
    let n = p.rows.len().max(1) as f64;
    let total: f64 = p.rows.iter().map(|c| c.monetary).sum();
    let mut counts = vec![(0u64, 0.0f64); set.labels().len()];
    for (row, &l) in p.rows.iter().zip(&labels) {
        if let Some(c) = counts.get_mut(l as usize) {
            c.0 += 1;
            c.1 += row.monetary;
        }
    }
    section.labels = Some(
        set.labels()
            .iter()
            .zip(&counts)
            .map(|(label, &(c, r))| RuleLabelRow {
                label: label.clone(),
                customers: c,
                customer_share: c as f64 / n,
                revenue_share: if total > 0.0 { r / total } else { 0.0 },
            })
            .collect(),
    );
    (section, Some(labels))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::rfm;

    /// The shop of [`crate::segment::testing`] with its RFM scores.
    fn shop() -> (Dataset, Profiles, RfmScores) {
        let (ds, p) = crate::segment::testing::shop();
        let s = rfm::scores(&p);
        (ds, p, s)
    }

    fn label_of(p: &Profiles, ds: &Dataset, labels: &[u32], names: &[RuleLabelRow], customer: &str) -> String {
        let row = p.rows.iter().position(|c| ds.customers.get(c.customer) == customer).unwrap();
        names[labels[row] as usize].label.clone()
    }

    #[test]
    fn rules_over_profile_fields_and_attributes() {
        let (ds, p, s) = shop();
        // By hand: a has 2 orders, c has 3 -> "Repeat"; b has 1 -> the else label.
        let (sec, labels) = rule_segments(&p, &s, &ds, "frequency >= 2 -> \"Repeat\"; else \"Once\"");
        let (names, labels) = (sec.labels.unwrap(), labels.unwrap());
        assert_eq!(label_of(&p, &ds, &labels, &names, "a"), "Repeat");
        assert_eq!(label_of(&p, &ds, &labels, &names, "b"), "Once");
        assert_eq!(label_of(&p, &ds, &labels, &names, "c"), "Repeat");
        assert_eq!(names.iter().map(|r| r.customers).sum::<u64>(), 3);
        // Text attribute, and a numeric attribute (Interest) usable by the credit-card preset.
        let (sec, labels) = rule_segments(&p, &s, &ds, "Country == \"France\" -> \"FR\"");
        let (names, labels) = (sec.labels.unwrap(), labels.unwrap());
        assert_eq!(label_of(&p, &ds, &labels, &names, "b"), "FR");
        assert_eq!(label_of(&p, &ds, &labels, &names, "a"), "Other");
        let (sec, labels) =
            rule_segments(&p, &s, &ds, "Interest > 0 -> \"Revolver\"; purchases_per_month >= 1 -> \"Transactor\"; else \"Inactive\"");
        let (names, labels) = (sec.labels.unwrap(), labels.unwrap());
        // b pays interest; c: 3 orders since 2024-02-01 = 29 days -> at least one month -> 3 per month;
        // a: 2 orders since 2024-01-20 = 41 days = 1.35 months -> 1.48 per month.
        assert_eq!(label_of(&p, &ds, &labels, &names, "b"), "Revolver");
        assert_eq!(label_of(&p, &ds, &labels, &names, "c"), "Transactor");
        assert_eq!(label_of(&p, &ds, &labels, &names, "a"), "Transactor");
    }

    #[test]
    fn a_bad_rule_is_reported_with_its_position() {
        let (ds, p, s) = shop();
        let (sec, labels) = rule_segments(&p, &s, &ds, "frequency >> 2 -> \"x\"");
        assert!(labels.is_none());
        let e = sec.error.unwrap();
        assert_eq!((e.line, e.column), (1, 12), "{e:?}");
        let (sec, _) = rule_segments(&p, &s, &ds, "spend > 2 -> \"x\"");
        assert!(sec.error.unwrap().message.contains("spend"));
    }

    #[test]
    fn field_names_match_their_values() {
        let (_, p, s) = shop();
        let names: Vec<&str> = number_fields(&p, &s).iter().map(|(n, _)| *n).collect();
        assert_eq!(names, NUMBER_FIELDS);
    }
}
