//! `profile`: the sales file, an optional customers file, the group's profile as text, JSON and CSV.

use std::io::BufWriter;

use clientela::audience::{self, CustomersOptions, ProfileOptions, Sales};

use super::{Result, create, emit, open, written};
use crate::args::{Input, profile::ProfileArgs};
use crate::print;

pub fn profile(input: &Input, args: &ProfileArgs, as_of: Option<String>, json: bool) -> Result {
    let (data, report) = clientela::ingest::read(open(&input.file)?, input.ingest.options())?;
    report.check()?;
    let table = match &args.customers {
        Some(path) => {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut open(path)?, &mut bytes).map_err(|e| clientela::Error::Io(format!("{path}: {e}")))?;
            let opts = CustomersOptions { id_column: args.customers_id_column.clone(), ..Default::default() };
            Some(audience::read_customers(&bytes, &opts).map_err(customers_flag)?)
        }
        None => None,
    };
    let options = ProfileOptions { as_of, group: args.group.clone() };
    let r = audience::profile(Sales { data: &data, number: audience::number_format(&report) }, table.as_ref(), &options)
        .map_err(clientela::Error::from)?;
    if let Some(path) = &args.out {
        let mut w = BufWriter::new(create(path)?);
        audience::export::write_csv(&mut w, &r)?;
        std::io::Write::flush(&mut w)?;
    }
    emit(&r, json, |out| {
        print::profile(out, &r)?;
        written(out, args.out.as_deref())
    })
}

/// A column choice of the customers file is the customers file's flag, not the sales file's.
fn customers_flag(e: clientela::Error) -> clientela::Error {
    match e {
        clientela::Error::BadOption { option, value, message } if option == "customer_column" => {
            clientela::Error::BadOption { option: "customers_id_column".into(), value, message }
        }
        e => e,
    }
}
