//! `list`: a group of customers as a CSV file in a platform's import layout (see `clientela::lists`).

use std::io::{BufWriter, Write};

use clientela::audience::{self, CustomersOptions};
use clientela::lists::{self, ListOptions};
use clientela::segment::{self as analysis, SegmentOptions};

use super::{Result, create, open};
use crate::args::{Input, list::ListArgs};

pub fn list(input: &Input, args: &ListArgs, as_of: Option<String>, json: bool) -> Result {
    let (data, report) = super::read_file(&input.file, input.ingest.options())?;
    report.check()?;
    let table = match &args.customers {
        Some(path) => {
            let mut bytes = Vec::new();
            open(path)?.read_to_end(&mut bytes).map_err(|e| clientela::Error::Io(format!("{path}: {e}")))?;
            let o = CustomersOptions { id_column: args.customers_id_column.clone(), ..Default::default() };
            Some(audience::read_customers(&bytes, &o)?)
        }
        None => None,
    };
    let s = analysis::segment(&data, &SegmentOptions { as_of: as_of.clone(), ..Default::default() })?;
    let mut options =
        ListOptions { group: Some(args.group.clone()), ids: None, layout: args.format, hash: args.hash, tag: args.tag.clone() };
    // The churn-risk list is the lifetime-value report's, whole (largest value at risk first, by each
    // customer's `risk_rank`; the report's own list holds only its first entries): listed by id.
    let churn = matches!(args.group.trim(), "churn_risk" | "churn-risk");
    let group = if churn { lists::ListGroup::All } else { lists::ListGroup::parse(&args.group)? };
    // Expected value and churn risk need the lifetime-value model (its defaults: calibration up to the last date).
    let value = if group == lists::ListGroup::BestExpected || churn {
        Some(clientela::clv::clv(&data, &clientela::clv::ClvOptions::default())?)
    } else {
        None
    };
    if let (true, Some(v)) = (churn, &value) {
        let mut ranked: Vec<(usize, &str)> =
            v.report.customers.iter().filter_map(|c| c.risk_rank.map(|r| (r, c.customer.as_str()))).collect();
        ranked.sort_unstable();
        options.ids = Some(ranked.into_iter().map(|(_, c)| c.to_string()).collect());
        options.tag.get_or_insert_with(|| "churn-risk".into());
    }
    let mut values = value.as_ref().map(|v| v.report.customers.iter().map(|c| (c.customer.as_str(), c.clv, c.p_alive)));
    let file = lists::list(&data, &s, table.as_ref(), &options, values.as_mut().map(|i| i as &mut dyn Iterator<Item = _>))?;
    if args.out == "-" {
        lists::write_csv(BufWriter::new(std::io::stdout().lock()), &file)?;
    } else {
        lists::write_csv(BufWriter::new(create(&args.out)?), &file)?;
    }
    // The summary goes where the list does not.
    let mut out: Box<dyn Write> = if args.out == "-" { Box::new(std::io::stderr().lock()) } else { Box::new(std::io::stdout().lock()) };
    if json {
        let summary = serde_json::json!({
            "layout": file.layout, "hashed": file.hashed, "tag": file.tag, "customers": file.rows.len(),
            "header": file.header, "found": file.found, "notes": file.notes, "out": args.out,
        });
        serde_json::to_writer_pretty(&mut out, &summary).map_err(|e| clientela::Error::Io(e.to_string()))?;
        writeln!(out)?;
    } else {
        let found: Vec<String> = file
            .found
            .iter()
            .map(|f| format!("{} ({})", f.field.key(), if f.column.is_empty() { "the customer ids" } else { &f.column }))
            .collect();
        writeln!(
            out,
            "{} customers listed as {} ({}){}",
            file.rows.len(),
            file.tag,
            file.layout.key(),
            if file.hashed { ", hashed" } else { "" }
        )?;
        writeln!(out, "Contact columns: {}", if found.is_empty() { "none".to_string() } else { found.join(", ") })?;
        for n in &file.notes {
            writeln!(out, "Note: {}", n.text())?;
        }
        if args.out != "-" {
            writeln!(out, "List written to {}", args.out)?;
        }
    }
    out.flush()?;
    Ok(())
}
