//! Why a rule list cannot be compiled: the kind, the byte offset, the line and column, and what was
//! expected.

use serde::Serialize;

/// The kinds of [`RuleError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RuleErrorKind {
    /// A character that starts no token (`@`, a lone `=` or `!`, `&&`...).
    UnexpectedCharacter,
    /// A text literal without its closing `"`.
    UnterminatedText,
    /// A backquoted field without its closing `` ` ``.
    UnterminatedField,
    /// A malformed number (`1e`, `1.2.3`).
    BadNumber,
    /// The parser expected something else here.
    Expected,
    /// A field name not among the fields given.
    UnknownField,
    /// Types do not fit (a number where a condition is needed, text in arithmetic...).
    Type,
    /// Too deeply nested or too long a chain.
    TooDeep,
    /// Something after the `else` rule.
    AfterElse,
    /// The columns given to evaluation do not match the fields.
    Columns,
}

/// A rule that cannot be compiled, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[error("{message}")]
pub struct RuleError {
    /// What kind of problem.
    pub kind: RuleErrorKind,
    /// Byte offset in the text (0-based; the text's length means "at the end").
    pub offset: usize,
    /// Line (1-based).
    pub line: usize,
    /// Column in characters (1-based).
    pub column: usize,
    /// What was found and what was expected.
    pub message: String,
}

impl RuleError {
    pub(super) fn at(text: &str, offset: usize, kind: RuleErrorKind, message: String) -> RuleError {
        let offset = offset.min(text.len());
        let mut line = 1;
        let mut line_start = 0;
        for (i, b) in text.bytes().enumerate().take(offset) {
            if b == b'\n' {
                line += 1;
                line_start = i + 1;
            }
        }
        let column = text.get(line_start..offset).map_or(1, |s| s.chars().count() + 1);
        let message =
            if line == 1 { format!("{message} at column {column}") } else { format!("{message} at line {line}, column {column}") };
        RuleError { kind, offset, line, column, message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_lines() {
        let e = RuleError::at("ééé\nab", 6, RuleErrorKind::Expected, "x".into());
        assert_eq!((e.line, e.column), (1, 4));
        let e = RuleError::at("ééé\nab", 8, RuleErrorKind::Expected, "x".into());
        assert_eq!((e.line, e.column, e.message.as_str()), (2, 2, "x at line 2, column 2"));
    }
}
