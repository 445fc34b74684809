//! The last phase: a compiled rule list labels each customer, row by row or column by column.

use super::parser::{BinOp, Cond, Num, Txt};
use super::{FieldInfo, FieldKind, RuleError, RuleErrorKind};

// ---------------------------------------------------------------------------------------------------
// Rule sets
// ---------------------------------------------------------------------------------------------------

/// A compiled rule list.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub(super) fields: Vec<FieldInfo>,
    pub(super) rules: Vec<(Cond, u32)>,
    pub(super) labels: Vec<String>,
    pub(super) default: u32,
}

/// A value handed to [`RuleSet::evaluate_row`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// A number (NaN = missing).
    Number(f64),
    /// A text (`None` = missing).
    Text(Option<&'a str>),
}

/// A column handed to [`RuleSet::evaluate_columns`], one per field in the order of the fields.
#[derive(Debug, Clone, Copy)]
pub enum Column<'a> {
    /// Numbers, NaN = missing.
    Number(&'a [f64]),
    /// Interned text: `values[codes[row]]`; a code out of range is missing.
    Text {
        /// Per row.
        codes: &'a [u32],
        /// The distinct texts.
        values: &'a [String],
    },
}

impl Column<'_> {
    fn len(&self) -> usize {
        match self {
            Column::Number(v) => v.len(),
            Column::Text { codes, .. } => codes.len(),
        }
    }
}

pub(super) fn num<'v>(n: &Num, get: &impl Fn(usize) -> Value<'v>) -> f64 {
    match n {
        Num::Const(v) => *v,
        Num::Field(f) => match get(*f) {
            Value::Number(v) => v,
            Value::Text(_) => f64::NAN,
        },
        Num::Neg(a) => -num(a, get),
        Num::Bin(op, a, b) => {
            let (a, b) = (num(a, get), num(b, get));
            match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                _ => {
                    if b == 0.0 {
                        f64::NAN
                    } else {
                        a / b
                    }
                }
            }
        }
    }
}

pub(super) fn txt<'v>(t: &'v Txt, get: &impl Fn(usize) -> Value<'v>) -> Option<&'v str> {
    match t {
        Txt::Const(s) => Some(s.as_str()),
        Txt::Field(f) => match get(*f) {
            Value::Text(s) => s,
            Value::Number(_) => None,
        },
    }
}

pub(super) fn holds<'v>(c: &'v Cond, get: &impl Fn(usize) -> Value<'v>) -> bool {
    match c {
        Cond::Cmp(op, a, b) => {
            let (a, b) = (num(a, get), num(b, get));
            if a.is_nan() || b.is_nan() {
                return false;
            }
            match op {
                BinOp::Lt => a < b,
                BinOp::Le => a <= b,
                BinOp::Gt => a > b,
                BinOp::Ge => a >= b,
                BinOp::Eq => a == b,
                _ => a != b,
            }
        }
        Cond::TextEq(eq, a, b) => match (txt(a, get), txt(b, get)) {
            (Some(a), Some(b)) => (a == b) == *eq,
            _ => false,
        },
        Cond::And(a, b) => holds(a, get) && holds(b, get),
        Cond::Or(a, b) => holds(a, get) || holds(b, get),
        Cond::Not(a) => !holds(a, get),
    }
}

impl RuleSet {
    /// The labels, in order of first appearance; the `else` label (or "Other") is last unless a rule
    /// uses it too. [`RuleSet::evaluate_columns`] returns indices into this list.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The label index of customers no rule matches.
    pub fn default_label(&self) -> u32 {
        self.default
    }

    /// Number of rules (without the `else`).
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are no rules (everyone gets the default label).
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The fields the rules were compiled against.
    pub fn fields(&self) -> &[FieldInfo] {
        &self.fields
    }

    /// The label index of one row; `get(i)` returns the value of field `i` (in the order of the
    /// fields given to [`compile`]). A value of the wrong kind counts as missing.
    pub fn evaluate_row<'v>(&'v self, get: &dyn Fn(usize) -> Value<'v>) -> u32 {
        let get = |f: usize| get(f);
        self.rules.iter().find(|(c, _)| holds(c, &get)).map_or(self.default, |&(_, l)| l)
    }

    /// The label index of every row, from one column per field (same order as the fields, same length).
    pub fn evaluate_columns(&self, columns: &[Column]) -> Result<Vec<u32>, RuleError> {
        let bad = |message: String| RuleError { kind: RuleErrorKind::Columns, offset: 0, line: 1, column: 1, message };
        if columns.len() != self.fields.len() {
            return Err(bad(format!("{} columns for {} fields: give one column per field", columns.len(), self.fields.len())));
        }
        let n = columns.first().map_or(0, |c| c.len());
        for (c, f) in columns.iter().zip(&self.fields) {
            if c.len() != n {
                return Err(bad(format!("column `{}` has {} rows, the first column {n}", f.name, c.len())));
            }
            let kind = match c {
                Column::Number(_) => FieldKind::Number,
                Column::Text { .. } => FieldKind::Text,
            };
            if kind != f.kind {
                return Err(bad(format!("column `{}` should hold {:?} values", f.name, f.kind).to_lowercase()));
            }
        }
        let mut out = Vec::with_capacity(n);
        for row in 0..n {
            let get = |f: usize| match columns[f] {
                Column::Number(v) => Value::Number(v[row]),
                Column::Text { codes, values } => Value::Text(values.get(codes[row] as usize).map(String::as_str)),
            };
            out.push(self.rules.iter().find(|(c, _)| holds(c, &get)).map_or(self.default, |&(_, l)| l));
        }
        Ok(out)
    }
}
