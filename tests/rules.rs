//! Rule-based segments: hand-checked evaluations, precedence, every error with its position, and
//! properties (random text never panics; random expressions agree with a direct Rust evaluation).

use clientela::segment::rule_lang::{CREDIT_CARD_PRESET, Column, FieldInfo, RuleErrorKind, RuleSet, Value, compile, preset_applies};
use proptest::prelude::*;

fn fields() -> Vec<FieldInfo> {
    vec![
        FieldInfo::number("x"),
        FieldInfo::number("y"),
        FieldInfo::number("interest"),
        FieldInfo::text("country"),
        FieldInfo::number("unit price"),
    ]
}

/// The label of one row given as (x, y, interest, country, unit price).
fn label(rules: &RuleSet, x: f64, y: f64, interest: f64, country: Option<&str>, price: f64) -> String {
    let get = |f: usize| match f {
        0 => Value::Number(x),
        1 => Value::Number(y),
        2 => Value::Number(interest),
        3 => Value::Text(country),
        _ => Value::Number(price),
    };
    rules.labels()[rules.evaluate_row(&get) as usize].clone()
}

fn one(text: &str, x: f64, y: f64) -> String {
    label(&compile(text, &fields()).unwrap(), x, y, 0.0, None, 0.0)
}

#[test]
fn first_match_wins_and_else_is_last() {
    let r = compile("x > 10 -> \"Big\"\nx > 5 -> \"Mid\"; else \"Small\"", &fields()).unwrap();
    assert_eq!(r.labels(), ["Big", "Mid", "Small"]);
    assert_eq!(label(&r, 11.0, 0.0, 0.0, None, 0.0), "Big");
    assert_eq!(label(&r, 6.0, 0.0, 0.0, None, 0.0), "Mid");
    assert_eq!(label(&r, 5.0, 0.0, 0.0, None, 0.0), "Small");
    // Without else: "Other". An empty text: everyone is "Other".
    assert_eq!(one("x > 1 -> \"A\"", 0.0, 0.0), "Other");
    let empty = compile("  \n ; # nothing\n", &fields()).unwrap();
    assert_eq!((empty.len(), empty.labels()), (0, &["Other".to_string()][..]));
    // A label used twice is one label.
    let r = compile("x > 1 -> \"A\"; y > 1 -> \"A\"; else \"A\"", &fields()).unwrap();
    assert_eq!(r.labels(), ["A"]);
}

#[test]
fn arithmetic_precedence() {
    // 1 + 2 * 3 = 7 > 6; (1 + 2) * 3 = 9; 10 - 4 - 3 = 3 (left to right); 2 * -x with x = 3 is -6.
    assert_eq!(one("1 + 2 * 3 > 6 -> \"yes\"", 0.0, 0.0), "yes");
    assert_eq!(one("1 + 2 * 3 > 7 -> \"yes\"", 0.0, 0.0), "Other");
    assert_eq!(one("(1 + 2) * 3 == 9 -> \"yes\"", 0.0, 0.0), "yes");
    assert_eq!(one("10 - 4 - 3 == 3 -> \"yes\"", 0.0, 0.0), "yes");
    assert_eq!(one("12 / 3 / 2 == 2 -> \"yes\"", 0.0, 0.0), "yes");
    assert_eq!(one("2 * -x == -6 -> \"yes\"", 3.0, 0.0), "yes");
    assert_eq!(one("- -x == 3 -> \"yes\"", 3.0, 0.0), "yes");
    assert_eq!(one("1e3 == 1000 and .5 == 0.5 and 2.5E-1 == 0.25 -> \"yes\"", 0.0, 0.0), "yes");
}

#[test]
fn boolean_precedence() {
    // and binds tighter than or: true or (false and false) = true.
    assert_eq!(one("x == 1 or x == 2 and y == 9 -> \"yes\"", 1.0, 0.0), "yes");
    // (true or false) and false = false would say Other: check the grouping is not that.
    assert_eq!(one("(x == 1 or x == 2) and y == 9 -> \"yes\"", 1.0, 0.0), "Other");
    // not binds tighter than and: (not x > 1) and y > 1.
    assert_eq!(one("not x > 1 and y > 1 -> \"yes\"", 0.0, 2.0), "yes");
    assert_eq!(one("not x > 1 and y > 1 -> \"yes\"", 2.0, 2.0), "Other");
    assert_eq!(one("not (x > 1 and y > 1) -> \"yes\"", 2.0, 0.0), "yes");
    assert_eq!(one("not not x > 1 -> \"yes\"", 2.0, 0.0), "yes");
}

#[test]
fn text_fields_backquotes_and_missing_values() {
    let r = compile("country == \"France\" and `unit price` >= 2 -> \"FR\"; country != \"France\" -> \"Abroad\"", &fields()).unwrap();
    assert_eq!(label(&r, 0.0, 0.0, 0.0, Some("France"), 2.0), "FR");
    assert_eq!(label(&r, 0.0, 0.0, 0.0, Some("France"), 1.0), "Other");
    assert_eq!(label(&r, 0.0, 0.0, 0.0, Some("Spain"), 1.0), "Abroad");
    // A missing text makes both == and != false.
    assert_eq!(label(&r, 0.0, 0.0, 0.0, None, 9.0), "Other");
    // NaN and division by zero make every comparison false, != included; not of it is true.
    assert_eq!(one("x != 1 -> \"yes\"", f64::NAN, 0.0), "Other");
    assert_eq!(one("x / y > -1e300 -> \"yes\"", 1.0, 0.0), "Other");
    assert_eq!(one("x / y != 5 -> \"yes\"", 1.0, 0.0), "Other");
    assert_eq!(one("not (x / y > 0) -> \"yes\"", 1.0, 0.0), "yes");
    assert_eq!(one("\"a\\\"b\" == \"a\\\"b\" -> \"yes\"", 0.0, 0.0), "yes");
}

#[test]
fn credit_card_preset() {
    let f = [FieldInfo::number("interest"), FieldInfo::number("purchases_per_month"), FieldInfo::text("name")];
    assert!(preset_applies(&f));
    assert!(!preset_applies(&f[..1]));
    assert!(!preset_applies(&[FieldInfo::text("interest"), FieldInfo::number("purchases_per_month")]));
    let r = compile(CREDIT_CARD_PRESET, &f).unwrap();
    assert_eq!(r.labels(), ["Revolver", "Transactor", "Inactive"]);
    let interest = [5.0, 0.0, 0.0, f64::NAN, 1.0];
    let ppm = [9.0, 1.0, 0.99, 4.0, f64::NAN];
    let names = vec!["a".to_string()];
    let codes = [0u32; 5];
    let l = r.evaluate_columns(&[Column::Number(&interest), Column::Number(&ppm), Column::Text { codes: &codes, values: &names }]).unwrap();
    assert_eq!(l, vec![0, 1, 2, 1, 0]);
}

#[test]
fn columns_must_match_the_fields() {
    let f = [FieldInfo::number("x"), FieldInfo::text("c")];
    let r = compile("x > 1 -> \"A\"", &f).unwrap();
    let xs = [1.0, 2.0];
    let vals = vec!["a".to_string()];
    assert_eq!(r.evaluate_columns(&[Column::Number(&xs)]).unwrap_err().kind, RuleErrorKind::Columns);
    let short = [0u32];
    let e = r.evaluate_columns(&[Column::Number(&xs), Column::Text { codes: &short, values: &vals }]).unwrap_err();
    assert_eq!(e.kind, RuleErrorKind::Columns);
    assert!(r.evaluate_columns(&[Column::Number(&xs), Column::Number(&xs)]).is_err());
    // A code out of range is a missing text.
    let codes = [0u32, 7];
    let r = compile("c == \"a\" -> \"A\"", &f).unwrap();
    assert_eq!(r.evaluate_columns(&[Column::Number(&xs), Column::Text { codes: &codes, values: &vals }]).unwrap(), vec![0, 1]);
}

/// `text` fails with `kind` at byte `offset`, and the message contains `words`.
macro_rules! error_case {
    ($name:ident, $text:expr, $kind:ident, $offset:expr, $line:expr, $column:expr, $words:expr) => {
        #[test]
        fn $name() {
            let e = compile($text, &fields()).unwrap_err();
            assert_eq!(e.kind, RuleErrorKind::$kind, "{e}");
            assert_eq!((e.offset, e.line, e.column), ($offset, $line, $column), "{e}");
            assert!(e.message.contains($words), "{:?} lacks {:?}", e.message, $words);
        }
    };
}

error_case!(err_unexpected_char, "x @ 1 -> \"A\"", UnexpectedCharacter, 2, 1, 3, "unexpected character `@`");
error_case!(err_single_equals, "x = 1 -> \"A\"", UnexpectedCharacter, 2, 1, 3, "compare with ==");
error_case!(err_unterminated_text, "x > 1 -> \"A", UnterminatedText, 9, 1, 10, "no closing quote");
error_case!(err_unterminated_field, "`unit price > 1 -> \"A\"", UnterminatedField, 0, 1, 1, "closing backquote");
error_case!(err_bad_number, "x > 1.2.3 -> \"A\"", BadNumber, 4, 1, 5, "`1.2.3` is not a number");
error_case!(
    err_unknown_field,
    "x > 1 -> \"A\"\nspend > 2 -> \"B\"",
    UnknownField,
    13,
    2,
    1,
    "unknown field `spend` (available: x, y, interest, country, unit price)"
);
error_case!(err_no_comparison, "interest -> \"A\"", Type, 8, 1, 9, "expected a comparison operator after `interest` at column 9");
error_case!(err_no_comparison_in_and, "x > 1 and y + 1 -> \"A\"", Type, 15, 1, 16, "expected a comparison operator after `y + 1`");
error_case!(err_text_order, "country < \"F\" -> \"A\"", Type, 8, 1, 9, "only be compared with == or !=");
error_case!(err_text_vs_number, "country == 1 -> \"A\"", Type, 8, 1, 9, "cannot compare text with a number");
error_case!(err_text_arithmetic, "country + 1 > 2 -> \"A\"", Type, 0, 1, 1, "arithmetic needs numbers, and `country` is text");
error_case!(err_compare_conditions, "(x > 1) == (y > 1) -> \"A\"", Type, 0, 1, 1, "a condition cannot be compared");
error_case!(err_chained, "1 < x < 2 -> \"A\"", Expected, 6, 1, 7, "comparisons cannot be chained");
error_case!(err_missing_arrow, "x > 1 \"A\"", Expected, 6, 1, 7, "expected `->` and a label after `x > 1`");
error_case!(err_missing_label, "x > 1 -> A", Expected, 9, 1, 10, "a label in double quotes after `->`");
error_case!(err_missing_operand, "x > -> \"A\"", Expected, 4, 1, 5, "expected a number, a field");
error_case!(err_keyword_operand, "x > 1 and or y > 1 -> \"A\"", Expected, 10, 1, 11, "found `or`");
error_case!(err_unclosed_paren, "(x > 1 -> \"A\"", Expected, 7, 1, 8, "expected `)`");
error_case!(err_between_rules, "x > 1 -> \"A\" y > 1 -> \"B\"", Expected, 13, 1, 14, "`;` or a line break");
error_case!(err_else_label, "x > 1 -> \"A\"; else Other", Expected, 19, 1, 20, "a label in double quotes after `else`");
error_case!(err_after_else, "else \"A\"\nx > 1 -> \"B\"", AfterElse, 9, 2, 1, "nothing may follow the else rule");
error_case!(err_end_of_text, "x >", Expected, 3, 1, 4, "found the end of the rules");

#[test]
fn err_too_deep_is_an_error_not_a_crash() {
    let text = format!("{}x{} > 1 -> \"A\"", "(".repeat(100), ")".repeat(100));
    let e = compile(&text, &fields()).unwrap_err();
    assert_eq!((e.kind, e.offset), (RuleErrorKind::TooDeep, 65));
    // 64 levels are fine.
    assert!(compile(&format!("{}x{} > 1 -> \"A\"", "(".repeat(63), ")".repeat(63)), &fields()).is_ok());
    let e = compile(&format!("{}x > 1 -> \"A\"", "not ".repeat(10_000)), &fields()).unwrap_err();
    assert_eq!(e.kind, RuleErrorKind::TooDeep);
    let e = compile(&format!("x{} > 1 -> \"A\"", " + 1".repeat(10_000)), &fields()).unwrap_err();
    assert_eq!(e.kind, RuleErrorKind::TooDeep);
    let e = compile(&format!("{}x > 1 -> \"A\"", "-".repeat(10_000)), &fields()).unwrap_err();
    assert_eq!(e.kind, RuleErrorKind::TooDeep);
}

#[test]
fn line_breaks_continue_inside_parentheses_and_after_operators() {
    let r = compile("(x > 1\n and y > 1) -> \"A\"\nx > 1 and\n y > 0 ->\n \"B\"", &fields()).unwrap();
    assert_eq!(r.len(), 2);
    assert_eq!(label(&r, 2.0, 0.5, 0.0, None, 0.0), "B");
    let e = compile("x > 1\n and y > 1 -> \"A\"", &fields()).unwrap_err();
    assert_eq!((e.line, e.column), (1, 6));
}

// ---- properties --------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_text_never_panics(text in "[ -~\n\té`\"]{0,60}") {
        match compile(&text, &fields()) {
            Ok(_) => {}
            Err(e) => {
                prop_assert!(e.offset <= text.len());
                prop_assert!(text.is_char_boundary(e.offset));
                prop_assert!(e.line >= 1 && e.column >= 1);
            }
        }
    }

    #[test]
    fn rule_like_text_never_panics(parts in prop::collection::vec(prop::sample::select(vec![
        "x", "y", "country", "`unit price`", "1", "2.5", "0", "\"a\"", "+", "-", "*", "/", "<", "<=", ">", ">=",
        "==", "!=", "and", "or", "not", "(", ")", "->", "\"L\"", ";", "\n", "else", " ",
    ]), 0..30)) {
        let text: String = parts.concat();
        if let Err(e) = compile(&text, &fields()) {
            prop_assert!(e.offset <= text.len());
        }
    }
}

/// A random expression, kept as a tree so that it can be both printed and evaluated directly.
#[derive(Debug, Clone)]
enum N {
    C(f64),
    X,
    Y,
    Neg(Box<N>),
    Bin(char, Box<N>, Box<N>),
}
#[derive(Debug, Clone)]
enum B {
    Cmp(&'static str, N, N),
    Text(bool, &'static str),
    And(Box<B>, Box<B>),
    Or(Box<B>, Box<B>),
    Not(Box<B>),
}

fn num_strategy() -> impl Strategy<Value = N> {
    let leaf = prop_oneof![(-3i32..4).prop_map(|c| N::C(c as f64)), Just(N::X), Just(N::Y)];
    leaf.prop_recursive(4, 16, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|a| N::Neg(Box::new(a))),
            (prop::sample::select(vec!['+', '-', '*', '/']), inner.clone(), inner).prop_map(|(o, a, b)| N::Bin(
                o,
                Box::new(a),
                Box::new(b)
            )),
        ]
    })
}

fn bool_strategy() -> impl Strategy<Value = B> {
    let leaf = prop_oneof![
        (prop::sample::select(vec!["<", "<=", ">", ">=", "==", "!="]), num_strategy(), num_strategy())
            .prop_map(|(o, a, b)| B::Cmp(o, a, b)),
        (any::<bool>(), prop::sample::select(vec!["FR", "DE"])).prop_map(|(e, s)| B::Text(e, s)),
    ];
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| B::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| B::Or(Box::new(a), Box::new(b))),
            inner.prop_map(|a| B::Not(Box::new(a))),
        ]
    })
}

fn show_n(n: &N) -> String {
    match n {
        N::C(c) => format!("{c}"),
        N::X => "x".into(),
        N::Y => "y".into(),
        N::Neg(a) => format!("-({})", show_n(a)),
        N::Bin(o, a, b) => format!("({} {o} {})", show_n(a), show_n(b)),
    }
}

fn show_b(b: &B) -> String {
    match b {
        B::Cmp(o, a, c) => format!("{} {o} {}", show_n(a), show_n(c)),
        B::Text(eq, s) => format!("country {} \"{s}\"", if *eq { "==" } else { "!=" }),
        B::And(a, c) => format!("({}) and ({})", show_b(a), show_b(c)),
        B::Or(a, c) => format!("({}) or ({})", show_b(a), show_b(c)),
        B::Not(a) => format!("not ({})", show_b(a)),
    }
}

/// Direct evaluation: None is missing (NaN or a division by zero).
fn eval_n(n: &N, x: f64, y: f64) -> Option<f64> {
    let v = match n {
        N::C(c) => *c,
        N::X => x,
        N::Y => y,
        N::Neg(a) => -eval_n(a, x, y)?,
        N::Bin(o, a, b) => {
            let (a, b) = (eval_n(a, x, y)?, eval_n(b, x, y)?);
            match o {
                '+' => a + b,
                '-' => a - b,
                '*' => a * b,
                _ if b == 0.0 => return None,
                _ => a / b,
            }
        }
    };
    if v.is_nan() { None } else { Some(v) }
}

fn eval_b(b: &B, x: f64, y: f64, country: Option<&str>) -> bool {
    match b {
        B::Cmp(o, a, c) => match (eval_n(a, x, y), eval_n(c, x, y)) {
            (Some(a), Some(c)) => match *o {
                "<" => a < c,
                "<=" => a <= c,
                ">" => a > c,
                ">=" => a >= c,
                "==" => a == c,
                _ => a != c,
            },
            _ => false,
        },
        B::Text(eq, s) => country.is_some_and(|c| (c == *s) == *eq),
        B::And(a, c) => eval_b(a, x, y, country) && eval_b(c, x, y, country),
        B::Or(a, c) => eval_b(a, x, y, country) || eval_b(c, x, y, country),
        B::Not(a) => !eval_b(a, x, y, country),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn evaluation_matches_a_direct_closure(
        conds in prop::collection::vec(bool_strategy(), 1..4),
        rows in prop::collection::vec((
            prop_oneof![Just(f64::NAN), Just(0.0), (-3i32..4).prop_map(f64::from), -5.0..5.0f64],
            prop_oneof![Just(f64::NAN), Just(0.0), (-3i32..4).prop_map(f64::from), -5.0..5.0f64],
            prop::option::of(prop::sample::select(vec![0u32, 1, 2])),
        ), 1..40),
    ) {
        let text: String = conds.iter().enumerate().map(|(i, c)| format!("{} -> \"R{i}\"\n", show_b(c))).collect();
        let rules = compile(&text, &fields()).unwrap();
        let values = vec!["FR".to_string(), "DE".to_string(), "US".to_string()];
        let xs: Vec<f64> = rows.iter().map(|r| r.0).collect();
        let ys: Vec<f64> = rows.iter().map(|r| r.1).collect();
        let codes: Vec<u32> = rows.iter().map(|r| r.2.unwrap_or(u32::MAX)).collect();
        let zeros = vec![0.0; rows.len()];
        let got = rules.evaluate_columns(&[
            Column::Number(&xs), Column::Number(&ys), Column::Number(&zeros),
            Column::Text { codes: &codes, values: &values }, Column::Number(&zeros),
        ]).unwrap();
        for (i, r) in rows.iter().enumerate() {
            let country = r.2.map(|c| values[c as usize].as_str());
            let want = conds.iter().position(|c| eval_b(c, r.0, r.1, country))
                .map_or("Other".to_string(), |p| format!("R{p}"));
            prop_assert_eq!(&rules.labels()[got[i] as usize], &want, "row {:?} text {}", r, text);
        }
    }
}

/// `cargo test --release --test integration rules:: -- --ignored --nocapture`: three rules over 1M rows.
#[test]
#[ignore]
fn timing_one_million_rows() {
    let n = 1_000_000;
    let mut rng = clientela::synth::Rng::new(3);
    let x: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
    let y: Vec<f64> = (0..n).map(|_| rng.f64() * 3.0).collect();
    let codes: Vec<u32> = (0..n).map(|_| rng.below(3) as u32).collect();
    let values = vec!["FR".to_string(), "DE".to_string(), "US".to_string()];
    let rules =
        compile("x > 1 and country == \"FR\" -> \"A\"; x * 2 + y >= 3 or y < 0.5 -> \"B\"; not (x < 0) -> \"C\"; else \"D\"", &fields())
            .unwrap();
    let t = std::time::Instant::now();
    let l = rules
        .evaluate_columns(&[
            Column::Number(&x),
            Column::Number(&y),
            Column::Number(&y),
            Column::Text { codes: &codes, values: &values },
            Column::Number(&y),
        ])
        .unwrap();
    eprintln!("1M rows, 3 rules: {:?} ({} in A)", t.elapsed(), l.iter().filter(|&&v| v == 0).count());
}

// ---- threshold triggers ------------------------------------------------------------------------

mod triggers {
    use clientela::segment::triggers::{Crossing, crossings};
    use proptest::prelude::*;

    const DAY: i32 = 86_400;

    /// Brute force: per customer, the purchases in time order, the totals recomputed from scratch.
    fn brute(p: &[(u32, i32, f64)], amount: f64, days: u32, as_of: i32) -> Vec<Crossing> {
        let start = as_of as i64 - days as i64 * 86_400;
        let mut customers: Vec<u32> = p.iter().map(|x| x.0).collect();
        customers.sort();
        customers.dedup();
        let mut out = vec![];
        for c in customers {
            let mut mine: Vec<(i32, usize, f64)> =
                p.iter().enumerate().filter(|(_, x)| x.0 == c && x.1 <= as_of && x.2.is_finite()).map(|(i, x)| (x.1, i, x.2)).collect();
            mine.sort_by_key(|x| (x.0, x.1));
            let sum_to = |k: usize| mine[..k].iter().map(|x| x.2).sum::<f64>();
            let before = sum_to(mine.iter().filter(|x| (x.0 as i64) < start).count());
            let total = sum_to(mine.len());
            if before < amount && amount <= total {
                let k = (0..mine.len()).find(|&k| (mine[k].0 as i64) >= start && sum_to(k + 1) >= amount).unwrap();
                out.push(Crossing { customer: c, crossed_at: mine[k].0, before, total });
            }
        }
        out
    }

    #[test]
    fn hand_checked() {
        // Customer 7: 40 on day 1, 30 on day 6, 50 on day 8, 10 on day 11 (after as-of).
        // Window of 5 days before day 10: [day 5, day 10]. Before: 40 < 100; total 120 ≥ 100;
        // the total reaches 100 with the purchase of day 8 (40 + 30 + 50 = 120).
        let p = [(7, DAY, 40.0), (7, 6 * DAY, 30.0), (7, 8 * DAY, 50.0), (7, 11 * DAY, 10.0), (8, 9 * DAY, 99.0)];
        let t = crossings(&p, 100.0, 5, 10 * DAY).unwrap();
        assert_eq!(t.crossings, vec![Crossing { customer: 7, crossed_at: 8 * DAY, before: 40.0, total: 120.0 }]);
        // Reaching exactly the amount counts; a NaN amount is skipped and counted.
        let p = [(1, 9 * DAY, 100.0), (1, 9 * DAY, f64::NAN)];
        let t = crossings(&p, 100.0, 5, 10 * DAY).unwrap();
        assert_eq!((t.crossings.len(), t.skipped_amounts), (1, 1));
        assert!(crossings(&p, f64::NAN, 5, 0).is_err());
        assert!(crossings(&[], 1.0, u32::MAX, i32::MIN).unwrap().crossings.is_empty());
    }

    proptest! {
        #[test]
        fn matches_brute_force(
            p in prop::collection::vec((0u32..6, 0i32..30, prop_oneof![(-20i32..60).prop_map(f64::from), Just(f64::NAN)]), 0..60),
            amount in 0i32..150,
            days in 0u32..20,
            as_of_day in 0i32..35,
        ) {
            let p: Vec<(u32, i32, f64)> = p.into_iter().map(|(c, d, a)| (c, d * DAY + 3600, a)).collect();
            let as_of = as_of_day * DAY;
            let got = crossings(&p, amount as f64, days, as_of).unwrap();
            prop_assert_eq!(got.crossings, brute(&p, amount as f64, days, as_of));
        }
    }
}
