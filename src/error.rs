//! Errors that stop a whole operation. Problems with single rows are not errors: they are counted in the
//! data report with their line numbers (see [`crate::ingest::report`]).

use serde::Serialize;

/// Result alias for Clientela.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, with enough position to say where and a message that suggests what to do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file holds no bytes (or only blank lines).
    #[error("the file is empty: there are no rows to read")]
    Empty,
    /// The file is not a text table.
    #[error("this is not a CSV or text file: it looks like {what}")]
    NotText {
        /// What it looks like.
        what: String,
    },
    /// The gzip stream is damaged.
    #[error("the gzip file cannot be decompressed (at compressed byte {offset}): {message}")]
    Gzip {
        /// Compressed bytes read before the failure.
        offset: u64,
        /// Decompressor message.
        message: String,
    },
    /// Only one column was found and the layout does not allow it.
    #[error(
        "only one column was found (first line: {first_line:?}); none of the delimiters , ; tab | space splits the lines. \
         Choose the delimiter, or read the file as baskets if each line is one item"
    )]
    OneColumn {
        /// The first line, shortened.
        first_line: String,
    },
    /// The table would not fit in the memory allowed.
    #[error(
        "the file is too large to analyse here: at line {line} the table {}. \
         Use the command-line tool for files this size, or split the file",
        limit_text(*.limit_mb)
    )]
    TooLarge {
        /// Line being read when the limit was reached.
        line: u64,
        /// The limit in MB, when one was set (else the memory ran out).
        limit_mb: Option<u64>,
    },
    /// A user choice cannot be applied.
    #[error("{option} {value:?}: {message}")]
    BadOption {
        /// The option, in the core's words (`delimiter`, `customer_column`); the command line and the page name
        /// their own flag or control.
        option: String,
        /// The value given.
        value: String,
        /// What is wrong and what would work.
        message: String,
    },
    /// The spreadsheet cannot be opened or one of its sheets cannot be read.
    #[error(
        "the {format} workbook cannot be read ({message}): the file may be damaged or cut short. \
         Open it in your spreadsheet and save it again, or save the sheet as CSV"
    )]
    Workbook {
        /// `xlsx`, `xls`, `ods`…
        format: String,
        /// The reader's message.
        message: String,
    },
    /// The spreadsheet is encrypted with a password.
    #[error(
        "the {format} workbook is protected by a password, so its cells cannot be read. \
         Open it in your spreadsheet, remove the password (or save a copy without one, or as CSV) and read that"
    )]
    Password {
        /// `xlsx` or `xls`.
        format: String,
    },
    /// The sheet asked for is not in the workbook.
    #[error(
        "the workbook has no sheet {sheet:?}. Its sheets are: {}. Choose one by name or by number (1 is the first)",
        list_sheets(sheets)
    )]
    UnknownSheet {
        /// The name or number given.
        sheet: String,
        /// The workbook's sheets, in order.
        sheets: Vec<String>,
    },
    /// The sheet chosen is empty, or (no sheet chosen) no visible worksheet holds a cell.
    #[error("{}", empty_sheet(sheet.as_deref(), sheets))]
    EmptySheet {
        /// The sheet chosen, if one was.
        sheet: Option<String>,
        /// The workbook's sheets, in order.
        sheets: Vec<String>,
    },
    /// Reading was cancelled by the user.
    #[error("cancelled")]
    Cancelled,
    /// The file was read but holds nothing to analyse (every row rejected, or no purchase): what is
    /// missing, what was tried, and the column to fix.
    #[error("{}", .0.message)]
    Unusable(Box<crate::ingest::report::Problem>),
    /// An analysis declined to run on this table (its own code and message: no customer column, a
    /// parameter out of range, too many itemsets…).
    #[error("{}", .0.message)]
    Refused(Box<ErrorJson>),
    /// An input/output error (CLI only).
    #[error("{0}")]
    Io(String),
}

impl Error {
    /// Stable machine-readable code for the page and for scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Empty => "empty",
            Error::NotText { .. } => "not_text",
            Error::Gzip { .. } => "gzip",
            Error::OneColumn { .. } => "one_column",
            Error::TooLarge { .. } => "too_large",
            Error::BadOption { .. } => "bad_option",
            Error::Workbook { .. } => "workbook",
            Error::Password { .. } => "password",
            Error::UnknownSheet { .. } => "unknown_sheet",
            Error::EmptySheet { .. } => "empty_sheet",
            Error::Cancelled => "cancelled",
            Error::Unusable(p) => p.code,
            Error::Refused(e) => e.code,
            Error::Io(_) => "io",
        }
    }

    /// `{code, message, …}` for JSON output (see [`ErrorCode::to_json`]).
    pub fn to_json(&self) -> ErrorJson {
        ErrorCode::to_json(self)
    }
}

impl ErrorCode for Error {
    fn code(&self) -> &'static str {
        Error::code(self)
    }
    fn to_json(&self) -> ErrorJson {
        match self {
            // A refusal already carries its structured form.
            Error::Refused(e) => (**e).clone(),
            Error::BadOption { option, value, .. } => {
                ErrorJson { value: Some(value.clone()), hint: Some(option.clone()), ..ErrorJson::new(self.code(), self.to_string()) }
            }
            _ => ErrorJson::new(self.code(), self.to_string()),
        }
    }
}

/// The one contract of every error type of the core: a stable code, an English message (`Display`), and
/// the structured fields a caller needs to point at the cause in its own words (the option, the value,
/// the position). Each module error implements [`code`](ErrorCode::code) (and
/// [`parameter`](ErrorCode::parameter) when it wraps a [`BadParameter`]); [`to_json`](ErrorCode::to_json)
/// is written once here.
pub trait ErrorCode: std::error::Error {
    /// Stable machine-readable code for the page and for scripts.
    fn code(&self) -> &'static str;
    /// The parameter out of range, when that is the cause.
    fn parameter(&self) -> Option<&BadParameter> {
        None
    }
    /// `{code, message}` plus `option` and `value` for a parameter out of range.
    fn to_json(&self) -> ErrorJson {
        let base = ErrorJson::new(self.code(), self.to_string());
        match self.parameter() {
            Some(p) => ErrorJson { option: Some(p.option), value: Some(p.value.clone()), hint: Some(p.expected.clone()), ..base },
            None => base,
        }
    }
}

/// A parameter of an analysis out of its range: which option (as the core names it, e.g. `clusters.k_max`;
/// the command line and the page add their own words), the value given, and what would work (the range).
/// Defined once for every analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[error("{option} = {value}: {expected}")]
pub struct BadParameter {
    /// The option, as the core's option structs name it (`as_of`, `clusters.k_max`, `min_support`…).
    pub option: &'static str,
    /// The value given.
    pub value: String,
    /// What would work, with the range.
    pub expected: String,
}

impl BadParameter {
    /// A parameter error: `BadParameter::new("restarts", 0, "expected 1 to 50 starts")`.
    pub fn new(option: &'static str, value: impl ToString, expected: impl Into<String>) -> BadParameter {
        BadParameter { option, value: value.to_string(), expected: expected.into() }
    }
    /// The same error under another option name (e.g. a date checked by the as-of parser).
    pub fn renamed(self, option: &'static str) -> BadParameter {
        BadParameter { option, ..self }
    }
}

/// Serialisable form of an error: `code` and `message` always, the other fields where they apply.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ErrorJson {
    /// Stable code.
    pub code: &'static str,
    /// Human message (English).
    pub message: String,
    /// The option out of range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option: Option<&'static str>,
    /// The value given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Line of the input (1-based), where the error has a position.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Column of the input (1-based), where the error has a position.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// What would work (a range, the expected form), for a caller that words the message itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl ErrorJson {
    /// `{code, message}` without the optional fields.
    pub fn new(code: &'static str, message: impl Into<String>) -> ErrorJson {
        ErrorJson { code, message: message.into(), ..ErrorJson::default() }
    }
}

/// An analysis refusal becomes a [`Error::Refused`] with its structured fields.
macro_rules! refused_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Error {
            fn from(e: $t) -> Self {
                Error::Refused(Box::new(ErrorCode::to_json(&e)))
            }
        }
    )*};
}
refused_from!(
    BadParameter,
    crate::segment::AnalysisError,
    crate::segment::kmeans::KMeansError,
    crate::basket::BasketError,
    crate::clv::ClvError,
    crate::sequence::SequenceError,
    crate::predict::PredictError,
    crate::forecast::ForecastError,
    crate::compare::CompareError,
    crate::warehouse::WarehouseError
);

impl ErrorCode for BadParameter {
    fn code(&self) -> &'static str {
        "bad_parameter"
    }
    fn parameter(&self) -> Option<&BadParameter> {
        Some(self)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e.to_string())
    }
}

fn list_sheets(sheets: &[String]) -> String {
    sheets.iter().enumerate().map(|(i, s)| format!("{} {s:?}", i + 1)).collect::<Vec<_>>().join(", ")
}

fn empty_sheet(sheet: Option<&str>, sheets: &[String]) -> String {
    match sheet {
        Some(s) => format!("the sheet {s:?} is empty. The workbook's sheets are: {}. Choose the one with the sales", list_sheets(sheets)),
        None => format!(
            "every sheet of the workbook is empty (sheets: {}). Save the sales in a sheet, or choose a hidden sheet by name",
            list_sheets(sheets)
        ),
    }
}

fn limit_text(limit_mb: Option<u64>) -> String {
    match limit_mb {
        Some(mb) => format!("reached the memory limit of {mb} MB"),
        None => "needed more memory than is available".to_string(),
    }
}
