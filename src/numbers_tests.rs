//! Tests of [`Numbers`]. The source of truth throughout is Rust's own decimal parser
//! (`str::parse::<f64>`, correctly rounded) and a plain `Vec<f64>` holding the same values: every value
//! read back must have the same bits (any `NaN` for a missing value).

use super::*;
use crate::rng::Rng;

/// Same bits, or both `NaN`.
fn same(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

/// Checks every way of reading `n` against the oracle `want`.
fn check(n: &Numbers, want: &[f64], what: &str) {
    assert_eq!(n.len(), want.len(), "{what}: length");
    for (i, &w) in want.iter().enumerate() {
        assert!(same(n.get(i), w), "{what}: row {i}: got {:?}, want {w:?}", n.get(i));
        assert!(n.try_get(i).is_some_and(|g| same(g, w)), "{what}: try_get({i})");
    }
    assert_eq!(n.try_get(want.len()), None, "{what}: past the end");
    let all = n.to_vec();
    assert!(all.iter().zip(want).all(|(&a, &b)| same(a, b)) && all.len() == want.len(), "{what}: iter");
}

/// A random decimal as text: sign, up to `int_digits` integer digits, exactly `decimals` decimals.
fn decimal(rng: &mut Rng, int_digits: u32, decimals: u32) -> String {
    let int = rng.below(10u64.pow(int_digits));
    let mut s = if rng.below(4) == 0 { format!("-{int}") } else { int.to_string() };
    if decimals > 0 {
        s.push('.');
        for _ in 0..decimals {
            s.push(char::from(b'0' + rng.below(10) as u8));
        }
    }
    s
}

#[test]
fn random_decimals_read_back_exactly_and_stay_compact_when_they_fit() {
    let mut rng = Rng::new(18);
    for column in 0..400 {
        // Columns whose values fit the compact form: at most `d` decimals and |x| * 10^d < 2^31.
        let d = (column % 7) as u32;
        let int_digits = (9 - d).min(6);
        let mut n = Numbers::new();
        let mut want = Vec::new();
        for _ in 0..200 {
            let decimals = rng.below(u64::from(d) + 1) as u32;
            let text = decimal(&mut rng, int_digits, decimals);
            let x: f64 = if rng.below(20) == 0 { f64::NAN } else { text.parse().expect("a decimal") };
            // "-0.00" parses as -0.0, which only plain storage keeps.
            let x = if x == 0.0 { 0.0 } else { x };
            n.push(x).expect("memory");
            want.push(x);
        }
        check(&n, &want, &format!("column {column}"));
        assert!(n.decimals().is_some_and(|k| u32::from(k) <= d), "column {column}: {:?} for at most {d} decimals", n.decimals());
        assert_eq!(n.heap_bytes(), n.len().max(1024) / 1024 * 1024 * 4, "column {column}: 4 bytes a row");
    }
}

#[test]
fn random_decimals_of_any_length_read_back_exactly() {
    // Up to 15 decimals and 12 integer digits: many do not fit, so columns switch to plain midway.
    let mut rng = Rng::new(3);
    for column in 0..400 {
        let mut n = Numbers::new();
        let mut want = Vec::new();
        for _ in 0..100 {
            let (int_digits, decimals) = (1 + rng.below(12) as u32, rng.below(16) as u32);
            let text = decimal(&mut rng, int_digits, decimals);
            let x: f64 = text.parse().expect("a decimal");
            n.push(x).expect("memory");
            want.push(x);
        }
        check(&n, &want, &format!("column {column}"));
    }
}

#[test]
fn values_that_do_not_round_trip_switch_the_column_to_plain_storage() {
    // Each after some compact rows (which must survive the switch unchanged).
    let hard = [0.1 + 0.2, 1e300, -0.0, 12.345_678_901_2, 3e9, -2_147_483_648.0, f64::INFINITY, f64::NEG_INFINITY, 1e-10];
    for &x in &hard {
        let mut want = vec![2.55, f64::NAN, -12.0, 0.0, 1.5];
        let mut n = Numbers::from(want.clone());
        assert_eq!(n.decimals(), Some(2));
        n.push(x).expect("memory");
        want.push(x);
        assert_eq!(n.decimals(), None, "{x:?} must make the column plain");
        n.push(7.25).expect("memory");
        want.push(7.25);
        check(&n, &want, &format!("{x:?}"));
    }
}

#[test]
fn missing_values_are_nan_and_keep_the_column_compact() {
    let n = Numbers::from(vec![f64::NAN, 1.0, f64::NAN]);
    assert_eq!(n.decimals(), Some(0));
    check(&n, &[f64::NAN, 1.0, f64::NAN], "missing");
}

#[test]
fn more_decimals_rescale_the_rows_so_far_and_too_many_fall_back() {
    let mut want = vec![1.5, 2.0, -3.25];
    let mut n = Numbers::from(want.clone());
    assert_eq!(n.decimals(), Some(2));
    n.push(2.125).expect("memory");
    want.push(2.125);
    assert_eq!(n.decimals(), Some(3));
    check(&n, &want, "rescaled");
    // 2.2e6 at three decimals is 2.2e9 > i32::MAX (2,147,483,647): plain from here on.
    n.push(2_200_000.0).expect("memory");
    want.push(2_200_000.0);
    assert_eq!(n.decimals(), None);
    check(&n, &want, "plain");
    // A large value first, then a decimal that would need rescaling it beyond i32: plain.
    let mut n = Numbers::from(vec![40_000_000.0]);
    n.push(0.01).expect("memory");
    assert_eq!(n.decimals(), None);
    check(&n, &[40_000_000.0, 0.01], "no room to rescale");
}

#[test]
fn set_repeat_retain_and_shrink_keep_the_values() {
    let mut n = Numbers::from(vec![1.0, 2.5, f64::NAN]);
    n.set(2, 4.75).expect("memory");
    n.repeat_last().expect("memory");
    check(&n, &[1.0, 2.5, 4.75, 4.75], "set, repeat");
    n.retain(&[true, false, true]);
    check(&n, &[1.0, 4.75, 4.75], "retain (rows past keep's end kept)");
    n.set(0, 0.1 + 0.2).expect("memory");
    assert_eq!(n.decimals(), None);
    n.repeat_last().expect("memory");
    n.shrink_to_fit();
    check(&n, &[0.1 + 0.2, 4.75, 4.75, 4.75], "plain");
    assert_eq!(n.heap_bytes(), 4 * 8);
    let mut empty = Numbers::new();
    empty.repeat_last().expect("memory");
    assert!(empty.is_empty());
}
