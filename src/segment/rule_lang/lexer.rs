//! The first phase of compiling rules: text to tokens, with their byte spans.

use super::{RuleError, RuleErrorKind};

// ---------------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
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
pub(super) struct Token {
    pub(super) tok: Tok,
    pub(super) start: usize,
    pub(super) end: usize,
}

pub(super) fn describe_tok(t: &Tok) -> String {
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

pub(super) fn lex(text: &str) -> Result<Vec<Token>, RuleError> {
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
}
