//! How a failure reaches the user: the exit code documented in `docs/cli.md`, and the message as text, or
//! with `--json` as `{"error": {"code", "message", "hint", …}}` on standard error.
//!
//! The core's errors name no flag; this is where the command line adds its own words: the flag behind a
//! parameter out of range, the flag that chooses a column, the position in the text of `--rules`.

use clap::CommandFactory;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clientela::ingest::roles::Role;
use serde::Serialize;

use crate::args::{Cli, role_flag};

/// An error of a subcommand: the core's error (boxed: it is large and only the failing path carries it),
/// and where in a flag's own text it is, when it is there.
#[derive(Debug)]
pub struct Failure {
    pub error: Box<clientela::Error>,
    /// Line and column (1-based) in the text of the option (`--rules`).
    pub at: Option<(u64, u64)>,
}

impl From<clientela::Error> for Failure {
    fn from(error: clientela::Error) -> Failure {
        Failure { error: Box::new(error), at: None }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        clientela::Error::from(e).into()
    }
}

/// An analysis's refusal keeps its own code and structured fields.
macro_rules! refused {
    ($($t:ty),*) => {$(
        impl From<$t> for Failure {
            fn from(e: $t) -> Failure {
                clientela::Error::from(e).into()
            }
        }
    )*};
}
refused!(
    clientela::error::BadParameter,
    clientela::segment::AnalysisError,
    clientela::basket::BasketError,
    clientela::clv::ClvError,
    clientela::sequence::SequenceError,
    clientela::forecast::ForecastError,
    clientela::compare::CompareError,
    clientela::warehouse::WarehouseError
);

/// The body of `{"error": …}`: `code`, `message` and `hint` always (`hint` null when there is none), the
/// other fields where they apply.
#[derive(Debug, Default, Serialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    /// The flag (`--max-clusters`), or the core's option name when no flag gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
    /// The value given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Line (1-based) of the input or of the option's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Column (1-based) of the input or of the option's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// What to do, in the command line's words.
    pub hint: Option<String>,
}

impl ErrorBody {
    /// Prints the error on standard error: JSON with `--json`, else `clientela: message` and the hint.
    pub fn print(&self, json: bool) {
        if json {
            eprintln!("{}", serde_json::json!({ "error": self }));
        } else {
            match &self.hint {
                Some(h) => eprintln!("clientela: {}\n  {h}", self.message),
                None => eprintln!("clientela: {}", self.message),
            }
        }
    }
}

impl Failure {
    /// Exit codes: 0 done; 2 wrong usage (clap's own, a bad option or parameter value); 3 the input cannot
    /// be read; 4 the input was read but holds nothing to analyse; 5 an analysis declined to run on this
    /// table (no customer column, too few repeat buyers, too many itemsets…); 1 any other failure (writing
    /// output).
    pub fn exit_code(&self) -> u8 {
        use clientela::Error as E;
        match &*self.error {
            E::BadOption { .. } => 2,
            E::Refused(j) if j.code == "bad_parameter" => 2,
            E::Empty | E::NotText { .. } | E::Gzip { .. } | E::OneColumn { .. } | E::TooLarge { .. } => 3,
            E::Unusable(_) => 4,
            E::Refused(_) => 5,
            _ => 1,
        }
    }

    /// The error in the command line's words; `command` is the subcommand that failed.
    pub fn body(&self, command: &str) -> ErrorBody {
        let e = &*self.error;
        let core = e.to_json();
        let mut body = ErrorBody {
            code: e.code().to_string(),
            message: e.to_string(),
            value: core.value.clone(),
            line: self.at.map(|a| a.0).or(core.line),
            column: self.at.map(|a| a.1).or(core.column),
            hint: hint(e),
            ..ErrorBody::default()
        };
        match e {
            clientela::Error::BadOption { option, value, message } => {
                let flag = column_flag(option).map_or_else(|| format!("--{}", option.replace('_', "-")), str::to_string);
                body.message = format!("{flag} {value:?}: {message}");
                body.option = Some(flag);
            }
            clientela::Error::Refused(j) => {
                if let Some(name) = j.option {
                    let flag = flag_of(command, name);
                    if let Some(f) = &flag {
                        body.hint = Some(format!("Change {f}."));
                    }
                    body.option = Some(flag.unwrap_or_else(|| name.to_string()));
                }
            }
            _ => {}
        }
        body
    }
}

/// The command line's own words on how to fix an error (the core's messages name no flag).
fn hint(e: &clientela::Error) -> Option<String> {
    match e {
        clientela::Error::Unusable(p) => Some(match (p.role, &p.column_name) {
            (Some(role), Some(name)) if role_flag(role).is_some() => format!(
                "Run `clientela inspect FILE` to see every column; give the {} column with {} NAME (or --ignore-column {name:?}).",
                role.name().replace('_', " "),
                role_flag(role).unwrap_or_default(),
            ),
            _ => "Run `clientela inspect FILE` to see how each column was read; the --*-column flags choose the columns.".into(),
        }),
        clientela::Error::Refused(j) => match j.code {
            "no_customer_column" => Some("Give it with --customer-column NAME.".into()),
            "no_customers" => Some("Give the customer column with --customer-column NAME.".into()),
            "no_dates" => Some("Give it with --date-column NAME.".into()),
            "dates_undecided" => Some("Choose with --date-format dmy or --date-format mdy.".into()),
            "no_id_column" => Some("Give it with --customers-id-column NAME.".into()),
            _ => None,
        },
        _ => None,
    }
}

/// The reader names a column choice `--<role>-column` after the role (`--item-code-column`); the flag
/// for some roles is shorter (`--item-column`, `--price-column`).
fn column_flag(option: &str) -> Option<&'static str> {
    role_flag(Role::from_name(option.strip_suffix("_column")?)?)
}

/// The flag of `command` that sets the core's option `name` (`clusters.k_max` → `--max-clusters`): a few
/// by name, the others by spelling (`min_support` → `--min-support`), when the subcommand has that flag.
fn flag_of(command: &str, name: &str) -> Option<String> {
    let spelled = match name {
        "clusters.k_max" => "max-clusters".to_string(),
        "triggers.amount" | "amount" => "trigger-amount".to_string(),
        "triggers.days" => "trigger-days".to_string(),
        "price.sensitive_share" | "sensitive_share" => "price-sensitive-share".to_string(),
        "min_count" if command == "rules" => "min-support".to_string(),
        _ => name.rsplit('.').next().unwrap_or(name).replace('_', "-"),
    };
    let cli = Cli::command();
    let sub = cli.find_subcommand(command)?;
    sub.get_arguments().any(|a| a.get_long() == Some(spelled.as_str())).then(|| format!("--{spelled}"))
}

/// A usage error of clap's (an unknown flag, a bad value, a missing argument) as an [`ErrorBody`]: the
/// code says which kind, `option` and `value` are the flag and the value clap names.
pub fn usage_body(e: &clap::Error) -> ErrorBody {
    let code = match e.kind() {
        ErrorKind::UnknownArgument => "unknown_option",
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => "bad_value",
        ErrorKind::MissingRequiredArgument => "missing_option",
        ErrorKind::ArgumentConflict => "conflicting_options",
        ErrorKind::InvalidSubcommand => "unknown_command",
        _ => "usage",
    };
    // clap's text up to its first blank line (`error: …` and, for a missing argument, the list below it).
    let text = e.render().to_string();
    let message: Vec<&str> = text.lines().take_while(|l| !l.trim().is_empty()).map(str::trim).collect();
    let message = message.join(" ").trim_start_matches("error: ").to_string();
    let string = |k| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        _ => None,
    };
    // clap names a flag with its value (`--sort-by <SORT_BY>`); the flag alone is enough.
    let option = string(ContextKind::InvalidArg).map(|a| a.split([' ', '=']).next().unwrap_or_default().to_string());
    let hint = match (string(ContextKind::ValidValue), string(ContextKind::SuggestedArg)) {
        (Some(values), _) => Some(format!("Possible values: {values}.")),
        (None, Some(s)) => Some(format!("Did you mean {s}?")),
        _ => Some("Run `clientela COMMAND --help` to see every flag.".into()),
    };
    ErrorBody { code: code.into(), message, option, value: string(ContextKind::InvalidValue), hint, ..ErrorBody::default() }
}
