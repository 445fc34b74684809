//! The second phase: tokens to a syntax tree (precedence climbing, bounded nesting), then to a typed
//! program checked against the fields; [`compile`] drives both.

use super::eval::RuleSet;
use super::lexer::{Tok, Token, describe_tok, lex};
use super::{DEFAULT_LABEL, FieldInfo, FieldKind, MAX_CHAIN, MAX_NESTING, RuleError, RuleErrorKind};

// ---------------------------------------------------------------------------------------------------
// Syntax tree
// ---------------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BinOp {
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
pub(super) enum Ast {
    Num(f64),
    Str(String),
    Field(usize),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>, usize),
}

#[derive(Debug)]
pub(super) struct Expr {
    pub(super) ast: Ast,
    pub(super) start: usize,
    pub(super) end: usize,
    /// Height of the tree (bounded by [`MAX_CHAIN`] and [`MAX_NESTING`]).
    pub(super) height: usize,
}

pub(super) struct Parser<'a> {
    pub(super) text: &'a str,
    pub(super) toks: Vec<Token>,
    pub(super) pos: usize,
    pub(super) fields: &'a [FieldInfo],
    pub(super) parens: usize,
}

pub(super) fn infix(t: &Tok) -> Option<(BinOp, u8)> {
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

pub(super) const KEYWORDS: [&str; 4] = ["and", "or", "not", "else"];

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
pub(super) enum Num {
    Const(f64),
    Field(usize),
    Neg(Box<Num>),
    Bin(BinOp, Box<Num>, Box<Num>),
}

#[derive(Debug, Clone)]
pub(super) enum Txt {
    Const(String),
    Field(usize),
}

#[derive(Debug, Clone)]
pub(super) enum Cond {
    Cmp(BinOp, Num, Num),
    TextEq(bool, Txt, Txt),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    Not(Box<Cond>),
}

pub(super) enum Typed {
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
            other => self.err(start, RuleErrorKind::Type, format!("arithmetic needs numbers, and `{src}` is {}", Self::kind_name(&other))),
        }
    }

    fn cond(&self, e: Expr) -> Result<Cond, RuleError> {
        let (end, src) = (e.end, self.src(&e).to_string());
        match self.typed(e)? {
            Typed::Cond(c) => Ok(c),
            Typed::Num(_) => self.err(end, RuleErrorKind::Type, format!("expected a comparison operator after `{src}`")),
            Typed::Txt(_) => self.err(end, RuleErrorKind::Type, format!("expected == or != after `{src}`")),
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
