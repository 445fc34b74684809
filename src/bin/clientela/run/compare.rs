//! `compare`: the sales file, a period against the previous one and the same one a year earlier, as text
//! or JSON.

use super::{Result, emit, read_usable};
use crate::args::{Input, compare::CompareArgs};
use crate::print;

pub fn compare(input: &Input, args: &CompareArgs, as_of: Option<String>, json: bool) -> Result {
    let data = read_usable(&input.file, &input.ingest)?;
    let r = clientela::compare::compare(&data, &args.options(as_of))?;
    emit(&r, json, |out| print::compare(out, &r))
}
