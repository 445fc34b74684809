//! A column of money or quantity values (one `f64` a row, `NaN` for missing) stored in 4 bytes a row
//! when it can be, with an exact fallback to 8.
//!
//! Sales files write prices and quantities as short decimals ("2.55", "-12", "1.999,90"). Such a value
//! is kept as the integer `v` with `value = v / 10^k`, `k` (0..=[`MAX_DIGITS`]) chosen per column as
//! values arrive. Both operands of that division are exact doubles and IEEE division is correctly
//! rounded, so the decoded value is the double nearest the decimal: the same bits the parser gave. That
//! argument is not relied on alone: every value is decoded when stored and compared bit for bit with the
//! value given. When one does not come back (more decimals than fit, too large for `i32`, `-0.0`, an
//! infinity, a computed value like `0.1 + 0.2`), the column switches once to plain `f64` storage for
//! good, so what the analyses read never differs from what was stored.

use std::collections::TryReserveError;

use crate::dataset::grow;

/// The most decimals a compact column keeps (10^9 is exact in `f64`; `i32` holds ±2.1 at that scale).
pub const MAX_DIGITS: u8 = 9;

/// The stored integer meaning "missing" (decoded as `NaN`); never the encoding of a number.
const MISSING: i32 = i32::MIN;

/// 10^k for k in 0..=MAX_DIGITS, each exact in `f64`.
const SCALE: [f64; MAX_DIGITS as usize + 1] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/// A numeric column: `get(i)` is row `i`'s value, `NaN` when missing.
#[derive(Debug, Clone)]
pub struct Numbers {
    repr: Repr,
}

#[derive(Debug, Clone)]
enum Repr {
    /// Row `i` is `values[i] / scale` ([`MISSING`]: `NaN`), `scale` = 10^`digits` (kept to spare a
    /// table lookup in `get`).
    Scaled { digits: u8, scale: f64, values: Vec<i32> },
    /// Row `i` is `values[i]`: some value did not fit the scaled form.
    Plain(Vec<f64>),
}

impl Default for Numbers {
    fn default() -> Numbers {
        Numbers::new()
    }
}

/// Decodes a scaled value.
#[inline(always)]
fn decode(v: i32, scale: f64) -> f64 {
    if v == MISSING { f64::NAN } else { f64::from(v) / scale }
}

/// The integer that decodes to exactly `x` at `scale`, if there is one; [`MISSING`] for `NaN`.
#[inline(always)]
fn encode(x: f64, scale: f64) -> Option<i32> {
    if x.is_nan() {
        return Some(MISSING);
    }
    let t = x * scale;
    // False for infinities too; `MISSING` (i32::MIN) stays out of the range.
    if !(t.abs() <= f64::from(i32::MAX)) {
        return None;
    }
    // The nearest integer, halves away from zero (`f64::round` is a library call on baseline x86-64);
    // the check below decides anyway.
    let v = (t + 0.5f64.copysign(t)) as i32;
    (decode(v, scale).to_bits() == x.to_bits()).then_some(v)
}

impl Numbers {
    /// An empty, compact column.
    pub fn new() -> Numbers {
        Numbers { repr: Repr::Scaled { digits: 0, scale: 1.0, values: Vec::new() } }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match &self.repr {
            Repr::Scaled { values, .. } => values.len(),
            Repr::Plain(v) => v.len(),
        }
    }

    /// True when the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i`'s value (`NaN` when missing). Panics when `i` is out of range, as slice indexing does.
    #[inline(always)]
    pub fn get(&self, i: usize) -> f64 {
        match &self.repr {
            Repr::Scaled { scale, values, .. } => decode(values[i], *scale),
            Repr::Plain(v) => v[i],
        }
    }

    /// Row `i`'s value, or `None` when `i` is out of range.
    #[inline]
    pub fn try_get(&self, i: usize) -> Option<f64> {
        match &self.repr {
            Repr::Scaled { scale, values, .. } => values.get(i).map(|&v| decode(v, *scale)),
            Repr::Plain(v) => v.get(i).copied(),
        }
    }

    /// The values in row order. The storage is matched once, not per value.
    pub fn iter(&self) -> impl Iterator<Item = f64> + '_ {
        let (scaled, plain): (&[i32], &[f64]) = match &self.repr {
            Repr::Scaled { values, .. } => (values, &[]),
            Repr::Plain(v) => (&[], v),
        };
        let scale = self.scale();
        scaled.iter().map(move |&v| decode(v, scale)).chain(plain.iter().copied())
    }

    /// The values as a vector.
    pub fn to_vec(&self) -> Vec<f64> {
        self.iter().collect()
    }

    /// Decimals kept per value when compact (`Some(k)`: values are stored as integers times 10^-k),
    /// `None` once the column holds plain `f64`s.
    pub fn decimals(&self) -> Option<u8> {
        match &self.repr {
            Repr::Scaled { digits, .. } => Some(*digits),
            Repr::Plain(_) => None,
        }
    }

    fn scale(&self) -> f64 {
        match &self.repr {
            Repr::Scaled { scale, .. } => *scale,
            Repr::Plain(_) => 1.0,
        }
    }

    /// Appends `x` (`NaN`: missing). Fails only when memory runs out.
    #[inline]
    pub fn push(&mut self, x: f64) -> Result<(), TryReserveError> {
        // The usual case (room left, a value that fits the scale) without a call.
        if let Repr::Scaled { scale, values, .. } = &mut self.repr
            && values.len() < values.capacity()
            && let Some(v) = encode(x, *scale)
        {
            values.push(v);
            return Ok(());
        }
        self.push_any(x)
    }

    /// [`Numbers::push`] in every case.
    #[inline(never)]
    fn push_any(&mut self, x: f64) -> Result<(), TryReserveError> {
        if let Repr::Scaled { values, .. } = &mut self.repr {
            grow(values)?;
        }
        let v = self.fit(x)?;
        match &mut self.repr {
            Repr::Scaled { values, .. } => values.push(v),
            Repr::Plain(values) => {
                grow(values)?;
                values.push(x);
            }
        }
        Ok(())
    }

    /// Sets row `i` to `x` (`NaN`: missing). Panics when `i` is out of range, as slice indexing does;
    /// fails only when memory runs out.
    pub fn set(&mut self, i: usize, x: f64) -> Result<(), TryReserveError> {
        let v = self.fit(x)?;
        match &mut self.repr {
            Repr::Scaled { values, .. } => values[i] = v,
            Repr::Plain(values) => values[i] = x,
        }
        Ok(())
    }

    /// Makes the storage able to hold `x` exactly (more decimals, or plain `f64`s) and returns its
    /// scaled encoding (meaningless once plain).
    fn fit(&mut self, x: f64) -> Result<i32, TryReserveError> {
        let Repr::Scaled { digits, scale, values } = &mut self.repr else { return Ok(MISSING) };
        if let Some(v) = encode(x, *scale) {
            return Ok(v);
        }
        // More decimals, when the rows so far still fit in i32 at that scale.
        for more in *digits + 1..=MAX_DIGITS {
            if let Some(v) = encode(x, SCALE[more as usize]) {
                if rescale(values, *digits, more) {
                    *digits = more;
                    *scale = SCALE[more as usize];
                    return Ok(v);
                }
                break;
            }
        }
        self.make_plain()?;
        Ok(MISSING)
    }

    /// Switches to plain `f64` storage, keeping every value.
    fn make_plain(&mut self) -> Result<(), TryReserveError> {
        if let Repr::Scaled { scale, values, .. } = &self.repr {
            let mut plain = Vec::new();
            plain.try_reserve_exact(values.capacity())?;
            plain.extend(values.iter().map(|&v| decode(v, *scale)));
            self.repr = Repr::Plain(plain);
        }
        Ok(())
    }

    /// Appends a copy of the last row (nothing when empty).
    pub fn repeat_last(&mut self) -> Result<(), TryReserveError> {
        fn r<T: Copy>(v: &mut Vec<T>) -> Result<(), TryReserveError> {
            if let Some(&x) = v.last() {
                v.try_reserve(1)?;
                v.push(x);
            }
            Ok(())
        }
        match &mut self.repr {
            Repr::Scaled { values, .. } => r(values),
            Repr::Plain(values) => r(values),
        }
    }

    /// Keeps only the rows where `keep[i]` is true (rows past `keep`'s end are kept).
    pub fn retain(&mut self, keep: &[bool]) {
        fn f<T>(v: &mut Vec<T>, keep: &[bool]) {
            let mut k = keep.iter();
            v.retain(|_| *k.next().unwrap_or(&true));
        }
        match &mut self.repr {
            Repr::Scaled { values, .. } => f(values, keep),
            Repr::Plain(values) => f(values, keep),
        }
    }

    /// Bytes a value takes: 4 while the column is scaled integers, 8 once it is plain `f64`.
    pub fn value_bytes(&self) -> usize {
        match &self.repr {
            Repr::Scaled { .. } => std::mem::size_of::<i32>(),
            Repr::Plain(_) => std::mem::size_of::<f64>(),
        }
    }

    /// Makes room for `n` more values in one allocation (the reader's estimate of the rows to come).
    pub fn reserve_exact(&mut self, n: usize) -> Result<(), TryReserveError> {
        match &mut self.repr {
            Repr::Scaled { values, .. } => values.try_reserve_exact(n),
            Repr::Plain(values) => values.try_reserve_exact(n),
        }
    }

    /// Releases spare capacity.
    pub fn shrink_to_fit(&mut self) {
        match &mut self.repr {
            Repr::Scaled { values, .. } => values.shrink_to_fit(),
            Repr::Plain(values) => values.shrink_to_fit(),
        }
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        match &self.repr {
            Repr::Scaled { values, .. } => values.capacity() * std::mem::size_of::<i32>(),
            Repr::Plain(values) => values.capacity() * std::mem::size_of::<f64>(),
        }
    }
}

/// Multiplies every stored value by 10^(to - from) if all still fit and decode to the same bits; false
/// (and `values` unchanged) otherwise.
fn rescale(values: &mut [i32], from: u8, to: u8) -> bool {
    let Some(&factor) = [1i32, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000]
        .get(usize::from(to.saturating_sub(from)))
    else {
        return false;
    };
    let (old, new) = (SCALE[from as usize], SCALE[to as usize]);
    let fits = |v: i32| {
        v == MISSING || v.checked_mul(factor).is_some_and(|w| w != MISSING && decode(w, new).to_bits() == decode(v, old).to_bits())
    };
    if !values.iter().all(|&v| fits(v)) {
        return false;
    }
    for v in values.iter_mut().filter(|v| **v != MISSING) {
        *v *= factor;
    }
    true
}

impl From<Vec<f64>> for Numbers {
    /// A column of these values: compact when they allow it and memory does, else `values` as they are.
    fn from(values: Vec<f64>) -> Numbers {
        let mut n = Numbers::new();
        for &x in &values {
            if n.push(x).is_err() {
                return Numbers { repr: Repr::Plain(values) };
            }
        }
        n.shrink_to_fit();
        n
    }
}

impl FromIterator<f64> for Numbers {
    /// A column of these values (compact when they allow it).
    fn from_iter<I: IntoIterator<Item = f64>>(iter: I) -> Numbers {
        Numbers::from(iter.into_iter().collect::<Vec<f64>>())
    }
}

#[cfg(test)]
#[path = "numbers_tests.rs"]
mod tests;
