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
        clientela::predict::export::write_csv(&mut w, &report)?;
        w.flush()?;
    }
    emit(&report, json, |out| {
        print::predict(out, &report)?;
        written(out, args.out.as_deref())
    })
}
