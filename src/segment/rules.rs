//! Rule-based segments: a small, safe expression language that labels each customer.
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
//! use clientela::segment::rules::{Column, FieldInfo, compile};
//! let fields = [FieldInfo::number("interest"), FieldInfo::number("purchases_per_month")];
//! let rules = compile(clientela::segment::rules::CREDIT_CARD_PRESET, &fields).unwrap();
//! let interest = [12.0, 0.0, 0.0];
//! let ppm = [0.0, 3.0, 0.2];
//! let labels = rules.evaluate_columns(&[Column::Number(&interest), Column::Number(&ppm)]).unwrap();
//! let names: Vec<&str> = labels.iter().map(|&l| rules.labels()[l as usize].as_str()).collect();
//! assert_eq!(names, ["Revolver", "Transactor", "Inactive"]);
//! ```

use serde::{Deserialize, Serialize};

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
pub const CREDIT_CARD_PRESET: &str =
    "interest > 0 -> \"Revolver\"; purchases_per_month >= 1 -> \"Transactor\"; else \"Inactive\"";

/// Whether the fields include the number fields [`CREDIT_CARD_PRESET`] needs.
pub fn preset_applies(fields: &[FieldInfo]) -> bool {
    ["interest", "purchases_per_month"]
        .iter()
        .all(|n| fields.iter().any(|f| f.name == *n && f.kind == FieldKind::Number))
}

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Numbers (NaN = missing).
    Number,
    /// Text.
    Text,
}

/// A field rules may use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// The kinds of [`RuleError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
    fn at(text: &str, offset: usize, kind: RuleErrorKind, message: String) -> RuleError {
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

// ---------------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Ident(String),
    Field(String),
    Str(String),
    Plus,
    Minus,
    Star,
    Slash,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    LParen,
    RParen,
    Arrow,
    Semi,
    Newline,
    Eof,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

fn describe_tok(t: &Tok) -> String {
    match t {
        Tok::Num(_) => "a number".into(),
        Tok::Ident(s) => format!("`{s}`"),
        Tok::Field(s) => format!("`{s}`"),
        Tok::Str(s) => format!("\"{s}\""),
        Tok::Plus => "`+`".into(),
        Tok::Minus => "`-`".into(),
        Tok::Star => "`*`".into(),
        Tok::Slash => "`/`".into(),
        Tok::Lt => "`<`".into(),
        Tok::Le => "`<=`".into(),
        Tok::Gt => "`>`".into(),
        Tok::Ge => "`>=`".into(),
        Tok::Eq => "`==`".into(),
        Tok::Ne => "`!=`".into(),
        Tok::LParen => "`(`".into(),
        Tok::RParen => "`)`".into(),
        Tok::Arrow => "`->`".into(),
        Tok::Semi => "`;`".into(),
        Tok::Newline => "the end of the line".into(),
        Tok::Eof => "the end of the rules".into(),
    }
}

fn lex(text: &str) -> Result<Vec<Token>, RuleError> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let err = |at: usize, kind, msg: String| Err(RuleError::at(text, at, kind, msg));
    while i < b.len() {
        let c = b[i];
        let start = i;
        let two = |s: &[u8]| b.get(i..i + 2) == Some(s);
        let tok = match c {
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'\n' => {
                i += 1;
                Tok::Newline
            }
            b'#' => {
                // A comment runs to the end of the line.
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'0'..=b'9' | b'.' => {
                while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
                    i += 1;
                    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
                        i += 1;
                    }
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                }
                let s = &text[start..i];
                match s.parse::<f64>() {
                    Ok(v) => Tok::Num(v),
                    Err(_) => return err(start, RuleErrorKind::BadNumber, format!("`{s}` is not a number")),
                }
            }
            b'_' => {
                while let Some(ch) = text[i..].chars().next().filter(|&c| c.is_alphanumeric() || c == '_') {
                    i += ch.len_utf8();
                }
                Tok::Ident(text[start..i].to_string())
            }
            b'`' => {
                let Some(len) = text[i + 1..].find('`') else {
                    return err(start, RuleErrorKind::UnterminatedField, "this field name has no closing backquote `".into());
                };
                i += len + 2;
                Tok::Field(text[start + 1..i - 1].to_string())
            }
            b'"' => {
                let mut s = String::new();
                i += 1;
                loop {
                    let Some(ch) = text[i..].chars().next() else {
                        return err(start, RuleErrorKind::UnterminatedText, "this text has no closing quote \"".into());
                    };
                    i += ch.len_utf8();
                    match ch {
                        '"' => break,
                        '\\' if matches!(b.get(i), Some(b'"' | b'\\')) => {
                            s.push(b[i] as char);
                            i += 1;
                        }
                        _ => s.push(ch),
                    }
                }
                Tok::Str(s)
            }
            b'-' if two(b"->") => {
                i += 2;
                Tok::Arrow
            }
            b'<' if two(b"<=") => {
                i += 2;
                Tok::Le
            }
            b'>' if two(b">=") => {
                i += 2;
                Tok::Ge
            }
            b'=' if two(b"==") => {
                i += 2;
                Tok::Eq
            }
            b'!' if two(b"!=") => {
                i += 2;
                Tok::Ne
            }
            b'+' | b'-' | b'*' | b'/' | b'<' | b'>' | b'(' | b')' | b';' => {
                i += 1;
                match c {
                    b'+' => Tok::Plus,
                    b'-' => Tok::Minus,
                    b'*' => Tok::Star,
                    b'/' => Tok::Slash,
                    b'<' => Tok::Lt,
                    b'>' => Tok::Gt,
                    b'(' => Tok::LParen,
                    b')' => Tok::RParen,
                    _ => Tok::Semi,
                }
            }
            _ if text[i..].chars().next().is_some_and(char::is_alphabetic) => {
                while let Some(ch) = text[i..].chars().next().filter(|&c| c.is_alphanumeric() || c == '_') {
                    i += ch.len_utf8();
                }
                Tok::Ident(text[start..i].to_string())
            }
            _ => {
                let ch = text[i..].chars().next().unwrap_or('?');
                let hint = match ch {
                    '=' => ": compare with ==",
                    '!' => ": write != or not",
                    '&' => ": write and",
                    '|' => ": write or",
                    '\'' => ": text goes in double quotes",
                    _ => "",
                };
                return err(start, RuleErrorKind::UnexpectedCharacter, format!("unexpected character `{ch}`{hint}"));
            }
        };
        out.push(Token { tok, start, end: i });
    }
    out.push(Token { tok: Tok::Eof, start: b.len(), end: b.len() });
    Ok(out)
}

// ---------------------------------------------------------------------------------------------------
// Syntax tree
// ---------------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    And,
    Or,
}

#[derive(Debug)]
enum Ast {
    Num(f64),
    Str(String),
    Field(usize),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>, usize),
}

#[derive(Debug)]
struct Expr {
    ast: Ast,
    start: usize,
    end: usize,
    /// Height of the tree (bounded by [`MAX_CHAIN`] and [`MAX_NESTING`]).
    height: usize,
}

struct Parser<'a> {
    text: &'a str,
    toks: Vec<Token>,
    pos: usize,
    fields: &'a [FieldInfo],
    parens: usize,
}

fn infix(t: &Tok) -> Option<(BinOp, u8)> {
    Some(match t {
        Tok::Ident(s) if s == "or" => (BinOp::Or, 1),
        Tok::Ident(s) if s == "and" => (BinOp::And, 2),
        Tok::Lt => (BinOp::Lt, 4),
        Tok::Le => (BinOp::Le, 4),
        Tok::Gt => (BinOp::Gt, 4),
        Tok::Ge => (BinOp::Ge, 4),
        Tok::Eq => (BinOp::Eq, 4),
        Tok::Ne => (BinOp::Ne, 4),
        Tok::Plus => (BinOp::Add, 5),
        Tok::Minus => (BinOp::Sub, 5),
        Tok::Star => (BinOp::Mul, 6),
        Tok::Slash => (BinOp::Div, 6),
        _ => return None,
    })
}

const KEYWORDS: [&str; 4] = ["and", "or", "not", "else"];

impl<'a> Parser<'a> {
    fn peek(&self) -> &Token {
        &self.toks[self.pos.min(self.toks.len() - 1)]
    }

    /// The next token, skipping line breaks when inside parentheses or when `skip` (after an operator).
    fn peek_skipping(&mut self, skip: bool) -> &Token {
        while (skip || self.parens > 0) && self.peek().tok == Tok::Newline {
            self.pos += 1;
        }
        self.peek()
    }

    fn bump(&mut self) -> Token {
        let t = self.peek().clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }

    fn err<T>(&self, at: usize, kind: RuleErrorKind, message: String) -> Result<T, RuleError> {
        Err(RuleError::at(self.text, at, kind, message))
    }

    fn expected<T>(&self, what: &str) -> Result<T, RuleError> {
        let t = self.peek();
        self.err(t.start, RuleErrorKind::Expected, format!("expected {what}, found {}", describe_tok(&t.tok)))
    }

    fn src(&self, e: &Expr) -> &str {
        self.text.get(e.start..e.end).unwrap_or("")
    }

    fn expr(&mut self, min_bp: u8, nesting: usize) -> Result<Expr, RuleError> {
        if nesting > MAX_NESTING {
            let at = self.peek().start;
            return self.err(at, RuleErrorKind::TooDeep, format!("nested more than {MAX_NESTING} levels deep"));
        }
        let t = self.peek_skipping(true).clone();
        let mut lhs = match &t.tok {
            Tok::Num(v) => {
                self.bump();
                Expr { ast: Ast::Num(*v), start: t.start, end: t.end, height: 0 }
            }
            Tok::Str(s) => {
                self.bump();
                Expr { ast: Ast::Str(s.clone()), start: t.start, end: t.end, height: 0 }
            }
            Tok::Ident(s) if s == "not" => {
                self.bump();
                let e = self.expr(3, nesting + 1)?;
                Expr { start: t.start, end: e.end, height: e.height + 1, ast: Ast::Not(Box::new(e)) }
            }
            Tok::Minus => {
                self.bump();
                let e = self.expr(7, nesting + 1)?;
                Expr { start: t.start, end: e.end, height: e.height + 1, ast: Ast::Neg(Box::new(e)) }
            }
            Tok::Ident(s) if KEYWORDS.contains(&s.as_str()) => {
                return self.expected("a number, a field, a text in quotes, `-`, `not` or `(`");
            }
            Tok::Ident(name) | Tok::Field(name) => {
                self.bump();
                let Some(f) = self.fields.iter().position(|f| f.name == *name) else {
                    let names: Vec<&str> = self.fields.iter().map(|f| f.name.as_str()).collect();
                    let list = if names.is_empty() { "none".to_string() } else { names.join(", ") };
                    return self.err(t.start, RuleErrorKind::UnknownField, format!("unknown field `{name}` (available: {list})"));
                };
                Expr { ast: Ast::Field(f), start: t.start, end: t.end, height: 0 }
            }
            Tok::LParen => {
                self.bump();
                self.parens += 1;
                let e = self.expr(0, nesting + 1)?;
                if self.peek_skipping(false).tok != Tok::RParen {
                    return self.expected("`)`");
                }
                self.parens -= 1;
                let close = self.bump();
                Expr { start: t.start, end: close.end, ..e }
            }
            _ => return self.expected("a number, a field, a text in quotes, `-`, `not` or `(`"),
        };
        let mut was_comparison = false;
        loop {
            let t = self.peek_skipping(false).clone();
            let Some((op, bp)) = infix(&t.tok) else { break };
            if bp < min_bp {
                break;
            }
            // Comparisons do not associate: `a < b < c` is reported rather than read as `(a < b) < c`.
            if bp == 4 && was_comparison {
                return self.err(
                    t.start,
                    RuleErrorKind::Expected,
                    format!("comparisons cannot be chained: after `{}` write `and` and compare again", self.src(&lhs)),
                );
            }
            self.bump();
            let rhs = self.expr(bp + 1, nesting)?;
            was_comparison = bp == 4;
            let height = lhs.height.max(rhs.height) + 1;
            if height > MAX_CHAIN {
                return self.err(t.start, RuleErrorKind::TooDeep, format!("more than {MAX_CHAIN} operators in one expression"));
            }
            lhs = Expr { start: lhs.start, end: rhs.end, height, ast: Ast::Bin(op, Box::new(lhs), Box::new(rhs), t.start) };
        }
        Ok(lhs)
    }
}

// ---------------------------------------------------------------------------------------------------
// Typed program
// ---------------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Num {
    Const(f64),
    Field(usize),
    Neg(Box<Num>),
    Bin(BinOp, Box<Num>, Box<Num>),
}

#[derive(Debug, Clone)]
enum Txt {
    Const(String),
    Field(usize),
}

#[derive(Debug, Clone)]
enum Cond {
    Cmp(BinOp, Num, Num),
    TextEq(bool, Txt, Txt),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    Not(Box<Cond>),
}

enum Typed {
    Num(Num),
    Txt(Txt),
    Cond(Cond),
}

impl Parser<'_> {
    fn kind_name(t: &Typed) -> &'static str {
        match t {
            Typed::Num(_) => "a number",
            Typed::Txt(_) => "text",
            Typed::Cond(_) => "a condition",
        }
    }

    fn typed(&self, e: Expr) -> Result<Typed, RuleError> {
        Ok(match e.ast {
            Ast::Num(v) => Typed::Num(Num::Const(v)),
            Ast::Str(s) => Typed::Txt(Txt::Const(s)),
            Ast::Field(f) => match self.fields[f].kind {
                FieldKind::Number => Typed::Num(Num::Field(f)),
                FieldKind::Text => Typed::Txt(Txt::Field(f)),
            },
            Ast::Neg(inner) => Typed::Num(Num::Neg(Box::new(self.number(*inner)?))),
            Ast::Not(inner) => Typed::Cond(Cond::Not(Box::new(self.cond(*inner)?))),
            Ast::Bin(op, l, r, at) => match op {
                BinOp::And | BinOp::Or => {
                    let (l, r) = (self.cond(*l)?, self.cond(*r)?);
                    Typed::Cond(if op == BinOp::And { Cond::And(Box::new(l), Box::new(r)) } else { Cond::Or(Box::new(l), Box::new(r)) })
                }
                BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => {
                    Typed::Num(Num::Bin(op, Box::new(self.number(*l)?), Box::new(self.number(*r)?)))
                }
                _ => {
                    let (ls, rs) = (l.start, r.start);
                    match (self.typed(*l)?, self.typed(*r)?) {
                        (Typed::Num(a), Typed::Num(b)) => Typed::Cond(Cond::Cmp(op, a, b)),
                        (Typed::Txt(a), Typed::Txt(b)) if matches!(op, BinOp::Eq | BinOp::Ne) => {
                            Typed::Cond(Cond::TextEq(op == BinOp::Eq, a, b))
                        }
                        (Typed::Txt(_), Typed::Txt(_)) => {
                            return self.err(at, RuleErrorKind::Type, "text can only be compared with == or !=".into());
                        }
                        (a @ Typed::Cond(_), _) | (a, Typed::Cond(_)) => {
                            let at = if matches!(a, Typed::Cond(_)) { ls } else { rs };
                            return self.err(
                                at,
                                RuleErrorKind::Type,
                                "a condition cannot be compared: combine conditions with and, or, not".into(),
                            );
                        }
                        (a, b) => {
                            return self.err(
                                at,
                                RuleErrorKind::Type,
                                format!("cannot compare {} with {}", Self::kind_name(&a), Self::kind_name(&b)),
                            );
                        }
                    }
                }
            },
        })
    }

    fn number(&self, e: Expr) -> Result<Num, RuleError> {
        let (start, src) = (e.start, self.src(&e).to_string());
        match self.typed(e)? {
            Typed::Num(n) => Ok(n),
            other => self.err(
                start,
                RuleErrorKind::Type,
                format!("arithmetic needs numbers, and `{src}` is {}", Self::kind_name(&other)),
            ),
        }
    }

    fn cond(&self, e: Expr) -> Result<Cond, RuleError> {
        let (end, src) = (e.end, self.src(&e).to_string());
        match self.typed(e)? {
            Typed::Cond(c) => Ok(c),
            Typed::Num(_) => {
                self.err(end, RuleErrorKind::Type, format!("expected a comparison operator after `{src}`"))
            }
            Typed::Txt(_) => self.err(end, RuleErrorKind::Type, format!("expected == or != after `{src}`")),
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Rule sets
// ---------------------------------------------------------------------------------------------------

/// A compiled rule list.
#[derive(Debug, Clone)]
pub struct RuleSet {
    fields: Vec<FieldInfo>,
    rules: Vec<(Cond, u32)>,
    labels: Vec<String>,
    default: u32,
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

/// Compiles a rule list against the available fields (see the module doc).
pub fn compile(text: &str, fields: &[FieldInfo]) -> Result<RuleSet, RuleError> {
    let toks = lex(text)?;
    let mut p = Parser { text, toks, pos: 0, fields, parens: 0 };
    let mut labels: Vec<String> = Vec::new();
    let mut rules = Vec::new();
    let mut default_label: Option<String> = None;
    let label_index = |labels: &mut Vec<String>, l: &str| -> u32 {
        match labels.iter().position(|x| x == l) {
            Some(i) => i as u32,
            None => {
                labels.push(l.to_string());
                (labels.len() - 1) as u32
            }
        }
    };
    loop {
        while matches!(p.peek().tok, Tok::Semi | Tok::Newline) {
            p.bump();
        }
        let t = p.peek().clone();
        match &t.tok {
            Tok::Eof => break,
            _ if default_label.is_some() => {
                return p.err(t.start, RuleErrorKind::AfterElse, "nothing may follow the else rule: it must come last".into());
            }
            Tok::Ident(s) if s == "else" => {
                p.bump();
                match p.peek().tok.clone() {
                    Tok::Str(l) => {
                        p.bump();
                        default_label = Some(l);
                    }
                    _ => return p.expected("a label in double quotes after `else`"),
                }
            }
            _ => {
                let e = p.expr(0, 0)?;
                let arrow = p.peek().clone();
                if arrow.tok != Tok::Arrow {
                    let src = p.src(&e).to_string();
                    return p.err(
                        arrow.start,
                        RuleErrorKind::Expected,
                        format!("expected `->` and a label after `{src}`, found {}", describe_tok(&arrow.tok)),
                    );
                }
                p.bump();
                let Tok::Str(label) = p.peek_skipping(true).tok.clone() else {
                    return p.expected("a label in double quotes after `->`");
                };
                p.bump();
                let cond = p.cond(e)?;
                rules.push((cond, label_index(&mut labels, &label)));
            }
        }
        match p.peek().tok {
            Tok::Semi | Tok::Newline | Tok::Eof => {}
            _ => return p.expected("`;` or a line break between rules"),
        }
    }
    let default = label_index(&mut labels, default_label.as_deref().unwrap_or(DEFAULT_LABEL));
    Ok(RuleSet { fields: fields.to_vec(), rules, labels, default })
}

fn num<'v>(n: &Num, get: &impl Fn(usize) -> Value<'v>) -> f64 {
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

fn txt<'v>(t: &'v Txt, get: &impl Fn(usize) -> Value<'v>) -> Option<&'v str> {
    match t {
        Txt::Const(s) => Some(s.as_str()),
        Txt::Field(f) => match get(*f) {
            Value::Text(s) => s,
            Value::Number(_) => None,
        },
    }
}

fn holds<'v>(c: &'v Cond, get: &impl Fn(usize) -> Value<'v>) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        lex(s).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn lexer_tokens_and_spans() {
        assert_eq!(
            toks("a<=1.5e1 -> \"x\\\"y\"; `b c`!=-2"),
            vec![
                Tok::Ident("a".into()),
                Tok::Le,
                Tok::Num(15.0),
                Tok::Arrow,
                Tok::Str("x\"y".into()),
                Tok::Semi,
                Tok::Field("b c".into()),
                Tok::Ne,
                Tok::Minus,
                Tok::Num(2.0),
                Tok::Eof
            ]
        );
        let t = lex("  été >= 1").unwrap();
        assert_eq!((t[0].start, t[0].end, t[1].start), (2, 7, 8));
        assert_eq!(toks("x # comment\ny"), vec![Tok::Ident("x".into()), Tok::Newline, Tok::Ident("y".into()), Tok::Eof]);
    }

    #[test]
    fn positions_count_characters_and_lines() {
        let e = RuleError::at("ééé\nab", 6, RuleErrorKind::Expected, "x".into());
        assert_eq!((e.line, e.column), (1, 4));
        let e = RuleError::at("ééé\nab", 8, RuleErrorKind::Expected, "x".into());
        assert_eq!((e.line, e.column, e.message.as_str()), (2, 2, "x at line 2, column 2"));
    }
}
