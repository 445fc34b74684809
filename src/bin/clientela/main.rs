//! `clientela`: the command-line tool over the same core as the page. Thin: arguments in, report out.
//!
//! `args` declares the subcommands and turns flags into the core's options, `run` runs each subcommand,
//! `print` writes the readable reports, `error` turns a failure into its exit code and message.

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

mod args;
mod error;
mod print;
mod run;

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage(e),
    };
    let (name, json) = match &cli.command {
        Command::Inspect { json, .. } => ("inspect", json.json),
        Command::Segment { json, .. } => ("segment", json.json),
        Command::Rules { json, .. } => ("rules", json.json),
        Command::Sequences { json, .. } => ("sequences", json.json),
        Command::Clv { json, .. } => ("clv", json.json),
        Command::Profile { json, .. } => ("profile", json.json),
        Command::Prospects { json, .. } => ("prospects", json.json),
        Command::List { json, .. } => ("list", json.json),
        Command::Predict { json, .. } => ("predict", json.json),
        Command::Forecast { json, .. } => ("forecast", json.json),
        Command::Compare { json, .. } => ("compare", json.json),
        Command::Sql { .. } => ("sql", false),
        Command::Generate(_) => ("generate", false),
    };
    let result = match &cli.command {
        Command::Inspect { input, .. } => run::inspect(input, json),
        Command::Segment { input, as_of, out, behaviour, .. } => run::segment(input, as_of.as_of.clone(), behaviour, json, out.as_deref()),
        Command::Rules { input, rules, .. } => run::rules(input, rules, json),
        Command::Sequences { input, seq, as_of, .. } => run::sequences(input, seq, as_of.as_of.clone(), json),
        Command::Clv { input, value, out, .. } => run::clv(input, value, json, out.as_deref()),
        Command::Profile { input, profile, as_of, .. } => run::profile(input, profile, as_of.as_of.clone(), json),
        Command::Prospects { input, prospects, as_of, .. } => run::prospects(input, prospects, as_of.as_of.clone(), json),
        Command::List { input, list, as_of, .. } => run::list(input, list, as_of.as_of.clone(), json),
        Command::Predict { input, predict, as_of, .. } => run::predict(input, predict, as_of.as_of.clone(), json),
        Command::Forecast { input, forecast, as_of, .. } => run::forecast(input, forecast, as_of.as_of.clone(), json),
        Command::Compare { input, compare, as_of, .. } => run::compare(input, compare, as_of.as_of.clone(), json),
        Command::Sql { input, sql, as_of } => run::sql(input, sql, as_of.as_of.clone()),
        Command::Generate(g) => run::generate(g),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            f.body(name).print(json);
            ExitCode::from(f.exit_code())
        }
    }
}

/// clap's own errors keep clap's text and exit code 2; with `--json` among the arguments they are JSON too.
/// Help and version are printed as clap prints them.
fn usage(e: clap::Error) -> ExitCode {
    let json = std::env::args().any(|a| a == "--json");
    if !json || matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand)
    {
        e.exit();
    }
    error::usage_body(&e).print(true);
    ExitCode::from(2)
}
