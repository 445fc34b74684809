//! Numbers as sales exports write them: decimal point or comma, thousands separators (`,` `.` space,
//! apostrophe, narrow no-break space), currency signs and codes before or after, a trailing minus, and
//! accounting parentheses for negatives. The decimal separator is decided from the data (see
//! [`NumberEvidence`]); the parse itself ends in the standard library's correctly rounded `f64` parser.

use serde::{Deserialize, Serialize};

/// How the numbers of a file are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct NumberFormat {
    /// `.` or `,`.
    pub decimal: char,
}

impl Default for NumberFormat {
    fn default() -> Self {
        NumberFormat { decimal: '.' }
    }
}

impl NumberFormat {
    /// Decimal comma (`1.234,56`).
    pub const COMMA: NumberFormat = NumberFormat { decimal: ',' };
}

/// The decimal digits of `n`, at least `width` of them with zeros in front (`{n:0width$}` without the
/// formatting machinery, for writers that write one number per cell or row): `digits[from..]`.
pub fn decimal_digits(mut n: u64, width: usize) -> ([u8; 20], usize) {
    let mut digits = [b'0'; 20];
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    (digits, k.min(digits.len() - width.min(digits.len())))
}

/// Parses one number; `None` when the text is not a number in this format. Empty text is `None` too:
/// the caller decides whether an empty cell is allowed.
///
/// Inlined: a plain number (most cells) is read where it is needed, without a call; anything else
/// (spaces around it, many digits, signs and currency, separators) goes to [`parse_rest`], out of line.
/// A text the plain path reads has no space, so trimming it first would change nothing.
#[inline]
pub fn parse(s: &[u8], format: NumberFormat) -> Option<f64> {
    match parse_simple(s, format.decimal as u8) {
        Some(v) => Some(v),
        None => parse_rest(s, format),
    }
}

/// [`parse`] for every text the plain path does not read.
#[inline(never)]
fn parse_rest(s: &[u8], format: NumberFormat) -> Option<f64> {
    let s = s.trim_ascii();
    if s.is_empty() {
        return None;
    }
    if let Some(v) = parse_simple(s, format.decimal as u8) {
        return Some(v);
    }
    // Plain ASCII decimal with a point and many digits: the standard library's parser.
    if format.decimal == '.'
        && s.iter().all(|&c| c.is_ascii_digit() || c == b'.' || c == b'-')
        && let Some(v) = std::str::from_utf8(s).ok().and_then(|t| t.parse::<f64>().ok())
    {
        return v.is_finite().then_some(v);
    }
    parse_general(s, format)
}

/// `[-]digits[<decimal>digits]` with at most 15 significant digits, computed exactly: the mantissa and
/// the power of ten are both exact in an `f64`, so one division is correctly rounded (Clinger's fast
/// path). `None` sends everything else to the general parser.
#[inline(always)]
fn parse_simple(s: &[u8], decimal: u8) -> Option<f64> {
    let (neg, digits) = match s.first()? {
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    // At most 15 digits (plus the separator): the mantissa stays below 2^53, exact in an f64.
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    let mut mantissa: u64 = 0;
    // Where the separator is (none: past the end).
    let mut point = usize::MAX;
    for (i, &c) in digits.iter().enumerate() {
        let d = c.wrapping_sub(b'0');
        if d < 10 {
            mantissa = mantissa * 10 + u64::from(d);
        } else if c == decimal && point == usize::MAX && i > 0 {
            point = i;
        } else {
            return None;
        }
    }
    let frac = match point {
        // Sixteen digits without a separator do not fit.
        usize::MAX if digits.len() == 16 => return None,
        usize::MAX => 0,
        p => digits.len() - p - 1,
    };
    const POW10: [f64; 16] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
    let v = mantissa as f64 / POW10[frac];
    Some(if neg { -v } else { v })
}

fn parse_general(s: &[u8], format: NumberFormat) -> Option<f64> {
    // Every number has a digit; most text cells have none and are refused without the walk below.
    if !s.iter().any(u8::is_ascii_digit) {
        return None;
    }
    walk(s, format)
}

/// The general parser's walk over signs, currency, separators and digits.
fn walk(s: &[u8], format: NumberFormat) -> Option<f64> {
    let text = std::str::from_utf8(s).ok()?.trim();
    let mut t = text;
    let mut negative = false;
    if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        t = inner.trim();
    }
    // Signs and currency may come in either order: "-$5", "$-5", "5-", "5 €".
    let mut sign_seen = false;
    loop {
        let before = t;
        t = strip_currency(t).trim();
        if let Some(r) = t.strip_prefix('-').or_else(|| t.strip_prefix('\u{2212}')) {
            if sign_seen || negative {
                return None;
            }
            negative = true;
            sign_seen = true;
            t = r.trim_start();
        } else if let Some(r) = t.strip_prefix('+') {
            if sign_seen {
                return None;
            }
            sign_seen = true;
            t = r.trim_start();
        } else if let Some(r) = t.strip_suffix('-') {
            if sign_seen || negative {
                return None;
            }
            negative = true;
            sign_seen = true;
            t = r.trim_end();
        }
        if t == before {
            break;
        }
    }
    if t.is_empty() {
        return None;
    }
    let dec = format.decimal;
    let mut out = String::with_capacity(t.len());
    let mut seen_decimal = false;
    let mut digits_since_group: Option<usize> = None; // Some(n) after a thousands separator.
    let mut int_digits = 0usize;
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '0'..='9' => {
                out.push(c);
                if !seen_decimal {
                    int_digits += 1;
                }
                if let Some(n) = digits_since_group.as_mut() {
                    *n += 1;
                }
            }
            c if c == dec => {
                if seen_decimal || digits_since_group.is_some_and(|n| n != 3) {
                    return None;
                }
                seen_decimal = true;
                digits_since_group = None;
                out.push('.');
            }
            ',' | '.' | ' ' | '\'' | '\u{a0}' | '\u{202f}' | '\u{2009}' => {
                // Thousands separator: only before the decimal separator, after 1–3 leading digits and
                // between groups of exactly three.
                if seen_decimal || int_digits == 0 || digits_since_group.is_some_and(|n| n != 3) {
                    return None;
                }
                if digits_since_group.is_none() && int_digits > 3 {
                    return None;
                }
                digits_since_group = Some(0);
            }
            'e' | 'E' if !out.is_empty() => {
                out.push('e');
                if let Some(&s) = chars.peek()
                    && (s == '-' || s == '+')
                {
                    out.push(s);
                    chars.next();
                }
                let rest: String = chars.by_ref().collect();
                if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                out.push_str(&rest);
            }
            _ => return None,
        }
    }
    if digits_since_group.is_some_and(|n| n != 3) || int_digits == 0 && !seen_decimal {
        return None;
    }
    let v: f64 = out.parse().ok()?;
    if !v.is_finite() {
        return None;
    }
    Some(if negative { -v } else { v })
}

/// Removes one currency sign or code from either end.
fn strip_currency(t: &str) -> &str {
    const CODES: [&str; 14] = ["R$", "NT$", "US$", "HK$", "A$", "C$", "Kč", "zł", "kr", "Ft", "руб.", "руб", "р.", "лв"];
    for code in CODES {
        if let Some(r) = t.strip_prefix(code) {
            return r;
        }
        if let Some(r) = t.strip_suffix(code) {
            return r;
        }
    }
    let mut chars = t.chars();
    if let Some(c) = chars.next()
        && is_currency_symbol(c)
    {
        return chars.as_str();
    }
    let mut rchars = t.chars();
    if let Some(c) = rchars.next_back()
        && is_currency_symbol(c)
    {
        return rchars.as_str();
    }
    // ISO 4217 code: three uppercase ASCII letters.
    let b = t.as_bytes();
    if b.len() > 3 && b[..3].iter().all(u8::is_ascii_uppercase) && !b[3].is_ascii_alphabetic() {
        return &t[3..];
    }
    if b.len() > 3 && b[b.len() - 3..].iter().all(u8::is_ascii_uppercase) && !b[b.len() - 4].is_ascii_alphabetic() {
        return &t[..t.len() - 3];
    }
    t
}

fn is_currency_symbol(c: char) -> bool {
    matches!(c, '$' | '£' | '€' | '¥' | '₽' | '₹' | '₩' | '¢' | '₺' | '₪' | '₫' | '฿' | '₴' | '元' | '円' | '%')
        || ('\u{20a0}'..='\u{20cf}').contains(&c)
}

/// What the values of a numeric column say about the decimal separator.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct NumberEvidence {
    /// Values only readable with a decimal point (`2.55`, `1,234.5`).
    pub point: usize,
    /// Values only readable with a decimal comma (`2,55`, `1.234,5`).
    pub comma: usize,
    /// Values readable both ways with different results (`1,234` or `1.234`).
    pub ambiguous: usize,
}

impl NumberEvidence {
    /// Adds one cell.
    pub fn add(&mut self, s: &[u8]) {
        let p = parse(s, NumberFormat::default());
        let c = parse(s, NumberFormat::COMMA);
        match (p, c) {
            (Some(x), Some(y)) if x != y => self.ambiguous += 1,
            (Some(_), None) => self.point += 1,
            (None, Some(_)) => self.comma += 1,
            _ => {}
        }
    }

    /// Merges evidence from another column.
    pub fn merge(&mut self, o: NumberEvidence) {
        self.point += o.point;
        self.comma += o.comma;
        self.ambiguous += o.ambiguous;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: NumberFormat = NumberFormat { decimal: '.' };
    const C: NumberFormat = NumberFormat::COMMA;

    macro_rules! num {
        ($name:ident, $fmt:expr, $($text:expr => $want:expr),+ $(,)?) => {
            #[test]
            fn $name() {
                $( assert_eq!(parse($text.as_bytes(), $fmt), $want, "{:?}", $text); )+
            }
        };
    }

    num!(plain_point, P, "2.55" => Some(2.55), "-3" => Some(-3.0), "0" => Some(0.0), "" => None, "abc" => None,
        "1e3" => Some(1000.0), "1.5E-2" => Some(0.015), ".5" => Some(0.5), "1." => Some(1.0), "--1" => None);
    num!(thousands_with_point, P, "1,234.50" => Some(1234.5), "12,345,678" => Some(12345678.0),
        "1 234.5" => Some(1234.5), "1'234.5" => Some(1234.5), "1,23.4" => None, "1234,567.8" => None,
        "1,2345" => None);
    num!(decimal_comma, C, "2,55" => Some(2.55), "1.234,56" => Some(1234.56), "1 234,56" => Some(1234.56),
        "-0,5" => Some(-0.5), "1,2,3" => None, "1.23,4" => None);
    num!(currency_and_negatives, P, "$1,234.50" => Some(1234.5), "£3.20" => Some(3.2), "3.20 €" => Some(3.2),
        "(12.00)" => Some(-12.0), "-$5" => Some(-5.0), "$-5" => Some(-5.0), "5-" => Some(-5.0),
        "USD 10" => Some(10.0), "10 EUR" => Some(10.0), "R$ 10.5" => Some(10.5), "12abc" => None,
        "(-5)" => None, "$" => None, "−7" => Some(-7.0));
    num!(currency_with_comma, C, "10,50 Kč" => Some(10.5), "€ 1.000,00" => Some(1000.0), "1.000" => Some(1000.0));

    proptest::proptest! {
        /// Source: the walk itself — text without a digit is refused by it too, so refusing it first
        /// changes nothing (signs, currency, separators, exponent letters and parentheses in any order).
        #[test]
        fn the_walk_refuses_text_without_a_digit(text in "[-+()$€£¥.,' eEkrKčzłFtR\\u{a0}\\u{2212}a-z]{0,12}") {
            proptest::prop_assert_eq!(walk(text.as_bytes(), P), None);
            proptest::prop_assert_eq!(walk(text.as_bytes(), C), None);
        }

        /// Source: the parser before the plain path was inlined, which is `parse_rest` (trim, then the
        /// plain path, then the rest). Whatever the text — spaces around it, 15 to 17 digits, signs and
        /// separators anywhere — the inlined path reads it as that did.
        #[test]
        fn inlined_path_reads_as_the_whole_parser(text in "[0-9]{0,17}|[0-9 .,\\-]{0,18}", comma: bool) {
            let f = if comma { C } else { P };
            proptest::prop_assert_eq!(parse(text.as_bytes(), f).map(f64::to_bits), parse_rest(text.as_bytes(), f).map(f64::to_bits));
        }

        /// Source: the standard library's correctly rounded parser, on plain numbers of every length
        /// around the fast path's limit (15 significant digits, 16 characters with the point).
        #[test]
        fn long_plain_numbers_match_std(text in "-?[1-9][0-9]{0,17}(\\.[0-9]{1,3})?") {
            let want: f64 = text.parse().unwrap();
            proptest::prop_assert_eq!(parse(text.as_bytes(), P).map(f64::to_bits), Some(want.to_bits()));
        }

        /// The exact fast path agrees with the standard library's correctly rounded parser.
        #[test]
        fn simple_path_matches_std(int in 0u64..10_000_000, frac in 0u64..100_000_000, fd in 0usize..8, neg: bool) {
            let text = if fd == 0 { format!("{}{int}", if neg { "-" } else { "" }) }
                       else { format!("{}{int}.{:0width$}", if neg { "-" } else { "" }, frac % 10u64.pow(fd as u32), width = fd) };
            let want: f64 = text.parse().unwrap();
            proptest::prop_assert_eq!(parse(text.as_bytes(), P), Some(want));
            proptest::prop_assert_eq!(parse(text.replace('.', ",").as_bytes(), C), Some(want));
        }
    }

    #[test]
    fn evidence_decides_separator() {
        let mut e = NumberEvidence::default();
        for s in ["2,55", "1,5", "3"] {
            e.add(s.as_bytes());
        }
        assert_eq!(e, NumberEvidence { point: 0, comma: 2, ambiguous: 0 });
        let mut e = NumberEvidence::default();
        for s in ["1,234", "2.5"] {
            e.add(s.as_bytes());
        }
        assert_eq!(e, NumberEvidence { point: 1, comma: 0, ambiguous: 1 });
    }
}
