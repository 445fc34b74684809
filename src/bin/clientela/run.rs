//! Each subcommand: read the file once, run the analysis with the options the flags give, write the report
//! (JSON with `--json`, else the text of [`crate::print`]) and the optional per-customer CSV.

use std::io::{BufWriter, Write};

use clientela::basket;
use clientela::segment::{self as analysis, SegmentOptions};

use crate::args::{BehaviourArgs, ClvArgs, GenerateArgs, IngestArgs, Input, RulesArgs, RulesInput, SequenceArgs};
use crate::error::Failure;
use crate::print;

mod compare;
mod forecast;
mod list;
mod predict;
mod profile;
mod sql;
pub use compare::compare;
pub use forecast::forecast;
pub use list::list;
pub use predict::predict;
pub use profile::{profile, prospects};
pub use sql::sql;

type Result<T = ()> = std::result::Result<T, Failure>;

pub fn inspect(input: &Input, json: bool) -> Result {
    let (_, report) = read_file(&input.file, input.ingest.options())?;
    emit(&report, json, |out| print::report(out, &report))?;
    // The report is printed either way (it shows what was rejected and why); the exit code says it is empty.
    Ok(report.check()?)
}

pub fn segment(input: &Input, as_of: Option<String>, behaviour: &BehaviourArgs, json: bool, csv_out: Option<&str>) -> Result {
    let data = read_usable(&input.file, &input.ingest)?;
    let mut options = behaviour.options(as_of);
    if let Some(path) = &behaviour.rules_file {
        options.rules = Some(std::fs::read_to_string(path).map_err(|e| clientela::Error::Io(format!("{path}: {e}")))?);
    }
    let s = analysis::segment(&data, &options)?;
    // A rule that does not parse is the user's text to fix: a usage error at its line and column.
    if let Some(e) = s.report.rule_segments.as_ref().and_then(|r| r.error.as_ref()) {
        let error = clientela::Error::BadOption {
            option: "rules".into(),
            value: options.rules.clone().unwrap_or_default(),
            message: format!("line {}, column {}: {}", e.line, e.column, e.message),
        };
        return Err(Failure { error: Box::new(error), at: Some((e.line as u64, e.column as u64)) });
    }
    if let Some(path) = csv_out {
        analysis::export::write_customers_csv(BufWriter::new(create(path)?), &data, &s)?;
    }
    emit(&s.report, json, |out| {
        print::segments(out, &s.report)?;
        written(out, csv_out)
    })
}

pub fn rules(input: &RulesInput, args: &RulesArgs, json: bool) -> Result {
    let file = match (&input.itemsets, &input.file) {
        (Some(path), _) => return rules_from_itemsets(path, args, json),
        (None, Some(file)) => file,
        (None, None) => return Err(clientela::Error::Io("give FILE or --itemsets PATH".into()).into()),
    };
    let data = read_usable(file, &input.ingest)?;
    let options = args.options();
    // A segmentation only when a group is asked for (it needs customers and dates).
    let segmentation = if options.segment.is_some() || options.compare_by.is_some() {
        Some(analysis::segment(&data, &SegmentOptions::default())?)
    } else {
        None
    };
    let report = basket::mine(&data, &options, segmentation.as_ref())?;
    emit(&report, json, |out| print::rules(out, &report))
}

/// `rules --itemsets`: the itemset file of the Spark baskets job (a directory of part files, read in name
/// order, or one file), with the file's support and length unless the flags give stricter ones.
fn rules_from_itemsets(path: &str, args: &RulesArgs, json: bool) -> Result {
    let io = |e: std::io::Error| clientela::Error::Io(format!("{path}: {e}"));
    let mut names: Vec<std::path::PathBuf> = Vec::new();
    if std::fs::metadata(path).map_err(io)?.is_dir() {
        for entry in std::fs::read_dir(path).map_err(io)? {
            let p = entry.map_err(io)?.path();
            // Spark's markers (_SUCCESS) and checksums (.part-….crc) are not parts.
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if p.is_file() && !name.starts_with('_') && !name.starts_with('.') {
                names.push(p);
            }
        }
        names.sort();
        if names.is_empty() {
            return Err(clientela::Error::Io(format!("{path}: no part files in this directory (expected the baskets job's output)")).into());
        }
    } else {
        names.push(path.into());
    }
    let mut parts = Vec::with_capacity(names.len());
    for p in &names {
        let f = std::fs::File::open(p).map_err(|e| clientela::Error::Io(format!("{}: {e}", p.display())))?;
        parts.push((p.display().to_string(), std::io::BufReader::new(f)));
    }
    let mut options = args.options();
    let file = basket::read_itemsets(parts, options.max_itemsets).map_err(basket::BasketError::from)?;
    if args.min_support.is_none() {
        match file.header.min_support {
            Some(s) if s > 0.0 && s <= 1.0 => {
                options.min_support = s;
                options.min_count = None;
                // MLlib's ceil(s × N) and the core's (a hair below, for rounding) may differ by one at an
                // exact product: the file's count then stands.
                if u64::from(options.min_count_for(file.sets.baskets)) < file.header.min_count {
                    options.min_count = Some(file.header.min_count as u32);
                }
            }
            _ => options.min_count = Some(file.header.min_count.max(1) as u32),
        }
    }
    if args.max_len.is_none() {
        options.max_len = file.header.max_len;
    }
    let report = basket::rules_from_itemsets(&file, &options)?;
    emit(&report, json, |out| print::rules(out, &report))
}

pub fn sequences(input: &Input, args: &SequenceArgs, as_of: Option<String>, json: bool) -> Result {
    let data = read_usable(&input.file, &input.ingest)?;
    let r = clientela::sequence::sequences(&data, &args.options(as_of))?;
    emit(&r, json, |out| print::sequences(out, &r))
}

pub fn clv(input: &Input, args: &ClvArgs, json: bool, csv_out: Option<&str>) -> Result {
    let data = read_usable(&input.file, &input.ingest)?;
    let v = clientela::clv::clv(&data, &args.options())?;
    if let Some(path) = csv_out {
        clientela::clv::export::write_csv(BufWriter::new(create(path)?), &v.report)?;
    }
    emit(&v.report, json, |out| {
        print::clv(out, &v.report)?;
        written(out, csv_out)
    })
}

/// `generate`: baskets with `--baskets`, simulated customers with `--clv-customers`, else a shop's lines
/// (in a platform's shape with `--shape`).
pub fn generate(g: &GenerateArgs) -> Result {
    let sink: Box<dyn Write> = match &g.output {
        Some(path) => Box::new(create(path)?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = BufWriter::with_capacity(1 << 20, sink);
    if let Some(baskets) = g.baskets {
        let p = basket::quest::QuestParams {
            baskets,
            avg_basket_len: g.avg_basket_len,
            avg_pattern_len: g.avg_pattern_len,
            patterns: g.patterns,
            items: g.items,
            seed: g.seed,
            ..Default::default()
        };
        basket::quest::write_dat(&mut w, &p)?;
    } else if let Some(customers) = g.clv_customers {
        let sp = clientela::clv::simulate::SimParams { customers, seed: g.seed, ..Default::default() };
        let end = analysis::parse_day("2024-01-01")?;
        clientela::clv::simulate::write_transactions(&mut w, &sp, end)?;
    } else {
        let p = clientela::synth::ShopParams { rows: g.rows, seed: g.seed, ..Default::default() };
        match g.shape {
            Some(shape) => clientela::synth::write_shape(&mut w, shape, &p)?,
            None => clientela::synth::write_csv(&mut w, &p)?,
        }
    }
    w.flush()?;
    Ok(())
}

/// Reads a file for an analysis: a table with nothing to analyse is an error (exit 4), never an empty report.
fn read_usable(file: &str, args: &IngestArgs) -> Result<clientela::Dataset> {
    let (data, report) = read_file(file, args.options())?;
    report.check()?;
    Ok(data)
}

/// Reads a sales file (`-`: standard input), telling the reader the file's size so that the table's
/// columns are sized once.
fn read_file(
    file: &str,
    mut opts: clientela::ingest::IngestOptions,
) -> Result<(clientela::Dataset, clientela::ingest::report::DataReport)> {
    if file != "-" {
        opts.expected_bytes = std::fs::metadata(file).ok().map(|m| m.len());
    }
    Ok(clientela::ingest::read(open(file)?, opts)?)
}

fn open(file: &str) -> Result<Box<dyn std::io::Read>> {
    if file == "-" {
        return Ok(Box::new(std::io::stdin().lock()));
    }
    let f = std::fs::File::open(file).map_err(|e| clientela::Error::Io(format!("{file}: {e}")))?;
    Ok(Box::new(f))
}

fn create(path: &str) -> Result<std::fs::File> {
    Ok(std::fs::File::create(path).map_err(|e| clientela::Error::Io(format!("{path}: {e}")))?)
}

/// The last line of the text output when a per-customer CSV was written.
fn written(out: &mut impl Write, csv_out: Option<&str>) -> std::io::Result<()> {
    match csv_out {
        Some(path) => writeln!(out, "\nPer-customer table written to {path}"),
        None => Ok(()),
    }
}

/// Writes a report to standard output: as pretty JSON with `--json`, else as the readable text `print` writes.
fn emit<R: serde::Serialize>(
    report: &R,
    json: bool,
    print: impl FnOnce(&mut BufWriter<std::io::StdoutLock<'static>>) -> std::io::Result<()>,
) -> Result {
    let mut out = BufWriter::new(std::io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, report).map_err(|e| clientela::Error::Io(e.to_string()))?;
        writeln!(out)?;
    } else {
        print(&mut out)?;
    }
    out.flush()?;
    Ok(())
}
