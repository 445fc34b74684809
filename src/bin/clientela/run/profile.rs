//! `profile`: the sales file, an optional customers file, the group's profile as text, JSON and CSV.

use std::io::{BufWriter, Write};

use clientela::audience::{self, CustomerTable, CustomersOptions, ProfileOptions, Sales};

use super::{Result, create, emit, open, written};
use crate::args::{
    Input,
    profile::{ProfileArgs, ProspectsArgs},
};
use crate::print;

pub fn profile(input: &Input, args: &ProfileArgs, as_of: Option<String>, json: bool) -> Result {
    let (data, report) = super::read_file(&input.file, input.ingest.options())?;
    report.check()?;
    let table = match &args.customers {
        Some(path) => Some(read_table(path, args.customers_id_column.clone(), true)?),
        None => None,
    };
    let options = ProfileOptions { as_of, group: args.group.clone(), wallet: args.wallet() };
    let r = audience::profile(Sales { data: &data, number: audience::number_format(&report) }, table.as_ref(), &options)
        .map_err(clientela::Error::from)?;
    if let Some(path) = &args.out {
        let mut w = BufWriter::new(create(path)?);
        audience::export::write_csv(&mut w, &r)?;
        std::io::Write::flush(&mut w)?;
    }
    if let Some(path) = &args.wallet_out {
        audience::wallet::write_csv(BufWriter::new(create(path)?), &r.share_of_wallet)?;
    }
    emit(&r, json, |out| {
        print::profile(out, &r)?;
        written(out, args.out.as_deref())?;
        written(out, args.wallet_out.as_deref())
    })
}

/// `prospects`: the sales file, the customers file, the prospects file; the model, its check and the
/// scores as text, JSON and CSV.
pub fn prospects(input: &Input, args: &ProspectsArgs, as_of: Option<String>, json: bool) -> Result {
    let (data, report) = super::read_file(&input.file, input.ingest.options())?;
    report.check()?;
    let customers = read_table(&args.customers, args.customers_id_column.clone(), true)?;
    let prospects = read_table(&args.prospects, args.prospects_id_column.clone(), false).map_err(prospects_flag)?;
    let r =
        audience::prospects(Sales { data: &data, number: audience::number_format(&report) }, &customers, &prospects, &args.options(as_of))
            .map_err(clientela::Error::from)?;
    if let Some(path) = &args.out {
        audience::prospects::write_csv(BufWriter::new(create(path)?), &r)?;
    }
    let list = match &args.list_out {
        Some(path) => {
            let file = clientela::lists::prospects::prospect_list(&prospects, &r, &args.list())?;
            clientela::lists::write_csv(BufWriter::new(create(path)?), &file)?;
            Some(file)
        }
        None => None,
    };
    emit(&r, json, |out| {
        print::prospects(out, &r)?;
        if let Some(file) = &list {
            writeln!(
                out,
                "{} prospects listed as {} ({}){}",
                file.rows.len(),
                file.tag,
                file.layout.key(),
                if file.hashed { ", hashed" } else { "" }
            )?;
            for n in &file.notes {
                writeln!(out, "Note: {}", n.text())?;
            }
        }
        written(out, args.out.as_deref())?;
        written(out, args.list_out.as_deref())
    })
}

/// Reads a customers file (`id` required) or a prospects file (`id` optional).
fn read_table(path: &str, id_column: Option<String>, id: bool) -> Result<CustomerTable> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut open(path)?, &mut bytes).map_err(|e| clientela::Error::Io(format!("{path}: {e}")))?;
    let opts = CustomersOptions { id_column, ..Default::default() };
    let t = if id { audience::read_customers(&bytes, &opts) } else { audience::customers::read_rows(&bytes, &opts) };
    Ok(t.map_err(customers_flag)?)
}

/// The id-column choice of the prospects file is its own flag.
fn prospects_flag(f: crate::error::Failure) -> crate::error::Failure {
    match *f.error {
        clientela::Error::BadOption { option, value, message } if option == "customers_id_column" => crate::error::Failure {
            error: Box::new(clientela::Error::BadOption { option: "prospects_id_column".into(), value, message }),
            at: f.at,
        },
        e => crate::error::Failure { error: Box::new(e), at: f.at },
    }
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
