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
        /// The option (`--customer-column`).
        option: String,
        /// The value given.
        value: String,
        /// What is wrong and what would work.
        message: String,
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
    Refused(ErrorJson),
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
            Error::Cancelled => "cancelled",
            Error::Unusable(p) => p.code,
            Error::Refused(e) => e.code,
            Error::Io(_) => "io",
        }
    }

    /// `{code, message}` for JSON output.
    pub fn to_json(&self) -> ErrorJson {
        ErrorJson { code: self.code(), message: self.to_string() }
    }
}

/// Serialisable form of an [`Error`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorJson {
    /// Stable code.
    pub code: &'static str,
    /// Human message.
    pub message: String,
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e.to_string())
    }
}

fn limit_text(limit_mb: Option<u64>) -> String {
    match limit_mb {
        Some(mb) => format!("reached the memory limit of {mb} MB"),
        None => "needed more memory than is available".to_string(),
    }
}
