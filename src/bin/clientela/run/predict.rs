//! `predict`: who buys next and how much (see `clientela::predict`), with the per-customer CSV.

use std::io::{BufWriter, Write};

use super::{Result, create, emit, read_usable, written};
use crate::args::{Input, predict::PredictArgs};
use crate::print;

pub fn predict(input: &Input, args: &PredictArgs, as_of: Option<String>, json: bool) -> Result {
    let data = read_usable(&input.file, &input.ingest)?;
    let report = clientela::predict::predict(&data, &args.options(as_of)).map_err(clientela::Error::from)?;
    if let Some(path) = &args.out {
        let mut w = BufWriter::new(create(path)?);
        write_csv(&mut w, &report)?;
        w.flush()?;
    }
    emit(&report, json, |out| {
        print::predict(out, &report)?;
        written(out, args.out.as_deref())
    })
}

/// One row per scored customer, highest probability first: `customer,probability,expected_spend,decile,
/// reason_1,reason_2,reason_3` (the reasons in English words).
fn write_csv(out: &mut impl Write, r: &clientela::predict::PredictReport) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| std::io::Error::other(e.to_string());
    w.write_record(["customer", "probability", "expected_spend", "decile", "reason_1", "reason_2", "reason_3"]).map_err(err)?;
    for c in &r.customers {
        let mut row = vec![c.customer.clone(), format!("{:.6}", c.probability), format!("{:.2}", c.expected_spend), c.decile.to_string()];
        for k in 0..3 {
            row.push(c.reasons.get(k).map(print::reason_text).unwrap_or_default());
        }
        w.write_record(&row).map_err(err)?;
    }
    w.flush()
}
