//! Rule-based segments: a small, safe expression language that labels each customer, in phases —
//! [`lexer`] (text to tokens), [`parser`] (tokens to a typed program, [`compile`]), [`eval`] (labels per
//! customer) — and the segmentation's rule section ([`section`]: the fields rules can use, the labels'
//! counts).
//!
//! # Syntax
//!
//! A rule list is rules separated by `;` or line breaks, tried in order — the first rule whose
//! condition holds gives the label — ending optionally with `else "Label"` (without it, `"Other"`):
//!
//! ```text
//! interest > 0 -> "Revolver"
//! purchases_per_month >= 1 -> "Transactor"
//! else "Inactive"
//! ```
//!
//! - numbers: `1`, `1.5`, `.5`, `1e3`, `2.5E-2`;
//! - fields: letters (any alphabet), digits and `_`, not starting with a digit (`monetary`, `f_score`), or any text
//!   between backquotes (`` `unit price` ``); names are case-sensitive;
//! - text literals in double quotes, `\"` and `\\` as escapes: `country == "France"`;
//! - arithmetic `+ - * /` and unary `-` on numbers;
//! - comparisons `< <= > >= == !=` between numbers, and `==` / `!=` between texts; a comparison cannot
//!   be chained (`1 < x < 2` is an error: write `1 < x and x < 2`);
//! - `and`, `or`, `not` on conditions, and parentheses. Precedence, tightest first: unary `-`; `* /`;
//!   `+ -`; comparisons; `not`; `and`; `or` (so `not a > 1 and b < 2 or c == 3` is
//!   `((not (a > 1)) and (b < 2)) or (c == 3)`).
//! - a line break inside parentheses, or after an operator, continues the rule; elsewhere it ends it;
//! - `#` starts a comment that runs to the end of the line;
//! - the words `and`, `or`, `not`, `else` are reserved: a field with such a name is written in
//!   backquotes.
//!
//! # Missing values
//!
//! A comparison is false when either side is missing: a NaN number, a missing text, or a division by
//! zero anywhere in its arithmetic (`x / 0` is missing, not ±∞). `not` of such a comparison is true:
//! `not (x > 1)` holds for a customer without `x`.
//!
//! # Errors
//!
//! [`compile`] checks everything before any row is seen: syntax, field names (an unknown field lists
//! the available ones), types (a rule's condition must be a comparison, text only compares with `==`
//! or `!=`), and nesting (more than [`MAX_NESTING`] levels of parentheses, `not` or `-`, or a chain of
//! more than [`MAX_CHAIN`] operators, is an error rather than a stack overflow). Every [`RuleError`]
//! carries the byte offset, line and column and says what was expected.
//!
//! ```
//! use clientela::segment::rule_lang::{Column, FieldInfo, compile};
//! let fields = [FieldInfo::number("interest"), FieldInfo::number("purchases_per_month")];
//! let rules = compile(clientela::segment::rule_lang::CREDIT_CARD_PRESET, &fields).unwrap();
//! let interest = [12.0, 0.0, 0.0];
//! let ppm = [0.0, 3.0, 0.2];
//! let labels = rules.evaluate_columns(&[Column::Number(&interest), Column::Number(&ppm)]).unwrap();
//! let names: Vec<&str> = labels.iter().map(|&l| rules.labels()[l as usize].as_str()).collect();
//! assert_eq!(names, ["Revolver", "Transactor", "Inactive"]);
//! ```

use serde::{Deserialize, Serialize};

mod error;
mod eval;
mod lexer;
mod parser;
pub mod section;

pub use error::{RuleError, RuleErrorKind};
pub use eval::{Column, RuleSet, Value};
pub use parser::compile;
pub use section::{DAYS_PER_MONTH, NUMBER_FIELDS, RuleLabelRow, RuleSection, rule_fields, rule_segments};

/// Deepest nesting of parentheses, `not` and unary `-` accepted.
pub const MAX_NESTING: usize = 64;

/// Longest chain of binary operators in one expression (`a + b + c + …`), which also bounds the depth
/// of the compiled tree.
pub const MAX_CHAIN: usize = 256;

/// The label of customers no rule matches when there is no `else`.
pub const DEFAULT_LABEL: &str = "Other";

/// The credit-card example: revolvers pay interest, transactors buy at least once a month, the rest
/// are inactive. Needs two number fields, `interest` (interest charged, e.g. per month) and
/// `purchases_per_month`; offer it when the table has both (see [`preset_applies`]).
pub const CREDIT_CARD_PRESET: &str = "interest > 0 -> \"Revolver\"; purchases_per_month >= 1 -> \"Transactor\"; else \"Inactive\"";

/// Whether the fields include the number fields [`CREDIT_CARD_PRESET`] needs.
pub fn preset_applies(fields: &[FieldInfo]) -> bool {
    ["interest", "purchases_per_month"].iter().all(|n| fields.iter().any(|f| f.name == *n && f.kind == FieldKind::Number))
}

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Numbers (NaN = missing).
    Number,
    /// Text.
    Text,
}

/// A field rules may use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FieldInfo {
    /// Its name in the rules.
    pub name: String,
    /// Its kind.
    pub kind: FieldKind,
}

impl FieldInfo {
    /// A number field.
    pub fn number(name: &str) -> FieldInfo {
        FieldInfo { name: name.to_string(), kind: FieldKind::Number }
    }
    /// A text field.
    pub fn text(name: &str) -> FieldInfo {
        FieldInfo { name: name.to_string(), kind: FieldKind::Text }
    }
}
