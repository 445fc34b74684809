//! `forecast`: the sales file, the revenue forecast as text or JSON.

use super::{Result, emit, read_usable};
use crate::args::{Input, forecast::ForecastArgs};
use crate::print;

pub fn forecast(input: &Input, args: &ForecastArgs, as_of: Option<String>, json: bool) -> Result {
    let data = read_usable(&input.file, &input.ingest)?;
    let r = clientela::forecast::forecast(&data, &args.options(as_of))?;
    emit(&r, json, |out| print::forecast(out, &r))
}
