//! The top prospects as a list: the prospects a prospects model scored highest, in a platform's layout
//! like any customer list ([`super::Layout`]), with their contact columns from the prospects file itself
//! (found by header as for customers, [`super::contact::table_contacts`]; a prospects file keyed by
//! e-mail gives its ids as the e-mails).
//!
//! Which prospects: those whose score falls in the customers' top `deciles` score deciles (default 1:
//! prospects who score like the top tenth of customers), highest score first, at most `top` of them. The
//! plain layout names its id column `prospect` and gives each prospect's reasons (the attributes that
//! raise its score most) in the `reason` column.
//!
//! Notes as for every list (`missing_columns`, `empty_list`, `phones_without_country_code`), codes the
//! page words.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Entry, Layout, ListFile, ListOptions, ListOut, Reason, contact, lay_out};
use crate::audience::prospects::ProspectScore;
use crate::audience::{CustomerTable, ProspectsReport};
use crate::error::BadParameter;
use crate::notice::Notice;

/// How to write the top prospects. `{}`: prospects in the customers' top score decile, plain layout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct ProspectListOptions {
    /// The column layout.
    pub layout: Layout,
    /// SHA-256 of the normalised identifiers (`google` and `meta` only).
    pub hash: bool,
    /// The tag column's value (default `prospects-` and the group, e.g. `prospects-best`).
    pub tag: Option<String>,
    /// Prospects whose score falls in the customers' top `deciles` score deciles, 1 to 10 (1).
    pub deciles: u32,
    /// At most this many prospects (all by default).
    pub top: Option<usize>,
}

impl Default for ProspectListOptions {
    fn default() -> Self {
        ProspectListOptions { layout: Layout::Plain, hash: false, tag: None, deciles: 1, top: None }
    }
}

/// The top prospects of `report` (scored from `table`, the prospects file) in the options' layout.
pub fn prospect_list(table: &CustomerTable, report: &ProspectsReport, options: &ProspectListOptions) -> Result<ListFile, BadParameter> {
    if !(1..=10).contains(&options.deciles) {
        return Err(BadParameter::new("deciles", options.deciles, "a number of score deciles from 1 to 10"));
    }
    if options.top == Some(0) {
        return Err(BadParameter::new("top", "0", "at least 1 prospect, or no limit"));
    }
    let mut picked = Vec::new();
    for p in chosen(report, options) {
        if let Some(entry) = table.ids.find(&p.prospect) {
            let reason = (!p.reasons.is_empty()).then(|| reason(p));
            picked.push((entry, p.prospect.as_str(), reason));
        }
    }
    let entries: Vec<u32> = picked.iter().map(|(e, _, _)| *e).collect();
    let contacts = contact::table_contacts(table, &entries, "prospects");
    let listed: Vec<Entry> =
        picked.iter().enumerate().map(|(i, (_, id, reason))| Entry { contact: i, id, reason: reason.as_ref() }).collect();
    let tag = options.tag.clone().unwrap_or_else(|| format!("prospects-{}", report.group.key.replace(':', "-")));
    let list = ListOptions { group: None, ids: None, layout: options.layout, hash: options.hash, tag: None };
    lay_out(&contacts, &listed, listed.len(), "prospect", &tag, &list)
}

/// The prospects the options choose, highest score first.
fn chosen<'a>(report: &'a ProspectsReport, options: &ProspectListOptions) -> impl Iterator<Item = &'a ProspectScore> {
    report.prospects.iter().filter(|p| p.decile <= options.deciles).take(options.top.unwrap_or(usize::MAX))
}

/// A prospect's reasons as a note: `prospect_like` {`reasons`: [{attribute, value}]}.
fn reason(p: &ProspectScore) -> Notice {
    let text = p.reasons.iter().map(|r| format!("{} = {}", r.attribute, r.value)).collect::<Vec<_>>().join("; ");
    let reasons: Vec<_> = p.reasons.iter().map(|r| json!({"attribute": r.attribute, "value": r.value})).collect();
    Notice::new("prospect_like", &[("reasons", json!(reasons))], text)
}

/// Like [`prospect_list`], with the CSV text and each prospect's reason for the page.
pub fn prospect_list_out(table: &CustomerTable, report: &ProspectsReport, options: &ProspectListOptions) -> Result<ListOut, BadParameter> {
    let file = prospect_list(table, report, options)?;
    let reasons = chosen(report, options)
        .filter(|p| !p.reasons.is_empty() && table.ids.find(&p.prospect).is_some())
        .map(|p| Reason { customer: p.prospect.clone(), reason: reason(p) })
        .collect();
    Ok(ListOut::of(file, reasons))
}
