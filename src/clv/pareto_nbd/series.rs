//! The ₂F₁ series of the Pareto/NBD likelihood: `ln ₂F₁(k, b; k+1; z)` after Euler's transformation (see
//! the parent module's doc), alone and with its gradient, one argument at a time or for many arguments of
//! one `(k, b)` sharing their coefficients ([`Coefficients`]).

/// Most terms of the ₂F₁ series: enough for arguments up to [`Z_MAX`] (about 720 terms at 1e-16). Beyond,
/// the value is `NaN` and [`ln_a0`] integrates instead.
pub const MAX_TERMS: usize = 1_000;
/// Largest ₂F₁ argument summed by the series. Beyond it the quadrature (61 evaluations, within 1e-12 of the
/// closed form) is cheaper than the series' hundreds of terms.
pub const Z_MAX: f64 = 0.95;

/// `ln ₂F₁(k, b; k+1; z)` for `k > 0`, `b > 0`, `0 ≤ z < 1`, by the Euler-transformed series (see the
/// module doc). `NaN` when the series does not settle within [`MAX_TERMS`].
pub fn ln_hyp2f1_k_b_k1(k: f64, b: f64, z: f64) -> f64 {
    ln_hyp2f1_k_b_k1_at(k, b, z, (-z).ln_1p())
}

/// [`ln_hyp2f1_k_b_k1`] with `ln(1−z)` given (`l1z`): the likelihood has it as `ln(min(α,β)+t) − ln(m+t)`
/// from logarithms it takes anyway, instead of a `ln_1p` per argument.
pub fn ln_hyp2f1_k_b_k1_at(k: f64, b: f64, z: f64, l1z: f64) -> f64 {
    if !(0.0..1.0).contains(&z) || !(k > 0.0) || !(b > 0.0) || z > Z_MAX {
        return f64::NAN;
    }
    if z == 0.0 {
        return 0.0;
    }
    let c = k + 1.0 - b; // > 0 for both uses (r + x or s + 1)
    let (mut u, mut sum) = (1.0f64, 1.0f64);
    let tail = tail_factor(z);
    let mut j = 0.0f64;
    for _ in 0..MAX_TERMS {
        let ratio = (c + j) / (k + 1.0 + j) * z;
        u *= ratio;
        sum += u;
        j += 1.0;
        if u * tail <= 1e-16 * sum {
            return (1.0 - b) * l1z + sum.ln();
        }
    }
    f64::NAN
}

/// The series' stopping rule: every term ratio `(c+j)/(k+1+j) · z` is below `z` (`c < k+1` as `b > 0`), so
/// the tail after a term `u` is at most `u · z/(1−z)`; the sum stops when that is below 1e-16 of it.
fn tail_factor(z: f64) -> f64 {
    z / (1.0 - z)
}

/// [`ln_hyp2f1_k_b_k1`] (the same value, to the bit) with its partial derivatives `(value, ∂/∂k, ∂/∂b,
/// ∂/∂z)`, differentiating the Euler-transformed series term by term: with `c = k+1−b` and
/// `u_j = Π_{i<j} (c+i)/(k+1+i) · z^j`, `∂ ln u_j/∂c = Σ_{i<j} 1/(c+i)`, `∂ ln u_j/∂k = −Σ_{i<j} 1/(k+1+i)`,
/// `∂ ln u_j/∂z = j/z`; the prefactor `(1−b) ln(1−z)` adds `−ln(1−z)` to `∂/∂b` and `−(1−b)/(1−z)` to
/// `∂/∂z`. `NaN`s where the value is `NaN`.
pub fn ln_hyp2f1_k_b_k1_grad(k: f64, b: f64, z: f64) -> (f64, f64, f64, f64) {
    ln_hyp2f1_k_b_k1_grad_at(k, b, z, (-z).ln_1p())
}

/// [`ln_hyp2f1_k_b_k1_grad`] with `ln(1−z)` given (see [`ln_hyp2f1_k_b_k1_at`]).
pub fn ln_hyp2f1_k_b_k1_grad_at(k: f64, b: f64, z: f64, l1z: f64) -> (f64, f64, f64, f64) {
    const NONE: (f64, f64, f64, f64) = (f64::NAN, f64::NAN, f64::NAN, f64::NAN);
    if !(0.0..1.0).contains(&z) || !(k > 0.0) || !(b > 0.0) || z > Z_MAX {
        return NONE;
    }
    let c = k + 1.0 - b;
    if z == 0.0 {
        return (0.0, 0.0, 0.0, -(1.0 - b) + c / (k + 1.0));
    }
    let (mut u, mut sum) = (1.0f64, 1.0f64);
    let (mut hc, mut hk, mut sc, mut sk, mut sz) = (0.0f64, 0.0f64, 0.0f64, 0.0f64, 0.0f64);
    let tail = tail_factor(z);
    let mut j = 0.0f64;
    for _ in 0..MAX_TERMS {
        let ratio = (c + j) / (k + 1.0 + j) * z;
        hc += 1.0 / (c + j);
        hk += 1.0 / (k + 1.0 + j);
        u *= ratio;
        sum += u;
        j += 1.0;
        sc += u * hc;
        sk += u * hk;
        sz += u * j;
        if u * tail <= 1e-16 * sum {
            let value = (1.0 - b) * l1z + sum.ln();
            let (dc, dk, dz) = (sc / sum, -sk / sum, sz / (z * sum));
            return (value, dc + dk, -dc - l1z, dz - (1.0 - b) / (1.0 - z));
        }
    }
    NONE
}

/// The coefficients of the series of [`ln_hyp2f1_k_b_k1`] and [`ln_hyp2f1_k_b_k1_grad`] for one `(k, b)`,
/// shared by all arguments `z`: the term ratios without `z`, `q_j = (c+j)/(k+1+j)`, and the sums
/// `Σ_{i≤j} 1/(c+i)` and `Σ_{i≤j} 1/(k+1+i)`, computed once (as far as the arguments need them) instead
/// of once per argument — a likelihood evaluation sums the series of every distinct `(x, t)` pair, and
/// the pairs of one `x` share `(k, b)`. The terms are then multiplications and additions only, the same
/// operations on the same numbers as in those functions, so the same values to the bit.
pub(super) struct Coefficients {
    k: f64,
    b: f64,
    c: f64,
    /// `q_j`.
    q: Vec<f64>,
    /// `Σ_{i≤j} 1/(c+i)` (with the derivatives only).
    hc: Vec<f64>,
    /// `Σ_{i≤j} 1/(k+1+i)` (with the derivatives only).
    hk: Vec<f64>,
    with_sums: bool,
}

impl Coefficients {
    pub(super) fn new(with_sums: bool) -> Coefficients {
        Coefficients { k: f64::NAN, b: f64::NAN, c: f64::NAN, q: Vec::new(), hc: Vec::new(), hk: Vec::new(), with_sums }
    }

    /// The coefficients of `(k, b)`: kept when they already are (the same bits), else started over.
    pub(super) fn set(&mut self, k: f64, b: f64) {
        if self.k.to_bits() != k.to_bits() || self.b.to_bits() != b.to_bits() {
            self.reset(k, b);
        }
    }

    /// Starts over for `(k, b)` (keeping the buffers).
    pub(super) fn reset(&mut self, k: f64, b: f64) {
        (self.k, self.b, self.c) = (k, b, k + 1.0 - b);
        self.q.clear();
        self.hc.clear();
        self.hk.clear();
    }

    /// Twice as many coefficients (at least 32, at most [`MAX_TERMS`]).
    fn grow(&mut self) {
        let (k, c) = (self.k, self.c);
        let len = self.q.len();
        let (mut hc, mut hk) = (self.hc.last().copied().unwrap_or(0.0), self.hk.last().copied().unwrap_or(0.0));
        for i in len..(2 * len).clamp(32, MAX_TERMS) {
            let j = i as f64;
            self.q.push((c + j) / (k + 1.0 + j));
            if self.with_sums {
                hc += 1.0 / (c + j);
                hk += 1.0 / (k + 1.0 + j);
                self.hc.push(hc);
                self.hk.push(hk);
            }
        }
    }

    /// [`ln_hyp2f1_k_b_k1_at`] at `(k, b, z, l1z)`, to the bit.
    pub(super) fn ln_value(&mut self, z: f64, l1z: f64) -> f64 {
        let (k, b) = (self.k, self.b);
        if !(0.0..1.0).contains(&z) || !(k > 0.0) || !(b > 0.0) || z > Z_MAX {
            return f64::NAN;
        }
        if z == 0.0 {
            return 0.0;
        }
        let (mut u, mut sum) = (1.0f64, 1.0f64);
        let tail = tail_factor(z);
        for i in 0..MAX_TERMS {
            if i == self.q.len() {
                self.grow();
            }
            let ratio = self.q[i] * z;
            u *= ratio;
            sum += u;
            if u * tail <= 1e-16 * sum {
                return (1.0 - b) * l1z + sum.ln();
            }
        }
        f64::NAN
    }

    /// [`ln_hyp2f1_k_b_k1_grad_at`] at `(k, b, z, l1z)`, to the bit (needs `with_sums`).
    pub(super) fn ln_value_grad(&mut self, z: f64, l1z: f64) -> (f64, f64, f64, f64) {
        const NONE: (f64, f64, f64, f64) = (f64::NAN, f64::NAN, f64::NAN, f64::NAN);
        let (k, b, c) = (self.k, self.b, self.c);
        if !(0.0..1.0).contains(&z) || !(k > 0.0) || !(b > 0.0) || z > Z_MAX {
            return NONE;
        }
        if z == 0.0 {
            return (0.0, 0.0, 0.0, -(1.0 - b) + c / (k + 1.0));
        }
        let (mut u, mut sum) = (1.0f64, 1.0f64);
        let (mut sc, mut sk, mut sz) = (0.0f64, 0.0f64, 0.0f64);
        let tail = tail_factor(z);
        let mut j = 0.0f64;
        for i in 0..MAX_TERMS {
            if i == self.q.len() {
                self.grow();
            }
            let ratio = self.q[i] * z;
            u *= ratio;
            sum += u;
            j += 1.0;
            sc += u * self.hc[i];
            sk += u * self.hk[i];
            sz += u * j;
            if u * tail <= 1e-16 * sum {
                let value = (1.0 - b) * l1z + sum.ln();
                let (dc, dk, dz) = (sc / sum, -sk / sum, sz / (z * sum));
                return (value, dc + dk, -dc - l1z, dz - (1.0 - b) / (1.0 - z));
            }
        }
        NONE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_coefficients_give_the_series_to_the_bit() {
        // Oracle: `ln_hyp2f1_k_b_k1` and `ln_hyp2f1_k_b_k1_grad`, one argument at a time. 2,000 random (k, b)
        // of the likelihood's kinds (k = r+s+x, b = s+1 or r+x; shapes 0.01 to 100, x to 500), each at 40
        // arguments in random order (so that the shared coefficients grow in the middle of the list), from
        // 0 to beyond `Z_MAX`, with a few outside the domain: the same bits (NaN where NaN).
        let mut rng = crate::rng::Rng::new(7);
        let log_uniform = |rng: &mut crate::rng::Rng, lo: f64, hi: f64| (lo.ln() + rng.f64() * (hi / lo).ln()).exp();
        let same = |a: f64, b: f64| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
        let (mut value_only, mut with_sums) = (Coefficients::new(false), Coefficients::new(true));
        for case in 0..2_000 {
            let (r, s) = (log_uniform(&mut rng, 0.01, 100.0), log_uniform(&mut rng, 0.01, 100.0));
            let x = if rng.f64() < 0.3 { 0.0 } else { rng.below(500) as f64 };
            let (k, b) = (r + s + x, if case % 2 == 0 { s + 1.0 } else { r + x });
            value_only.reset(k, b);
            with_sums.reset(k, b);
            let zs: Vec<f64> = (0..40)
                .map(|i| match i {
                    0 => 0.0,
                    1 => Z_MAX,
                    2 => 0.97,
                    3 if case % 10 == 0 => -0.1,
                    4 if case % 10 == 0 => f64::NAN,
                    _ => rng.f64() * if rng.f64() < 0.3 { Z_MAX } else { 0.5 },
                })
                .collect();
            for &z in &zs {
                let want = ln_hyp2f1_k_b_k1_grad(k, b, z);
                let got = with_sums.ln_value_grad(z, (-z).ln_1p());
                assert!(same(want.0, ln_hyp2f1_k_b_k1(k, b, z)), "k {k} b {b} z {z}");
                assert!(same(value_only.ln_value(z, (-z).ln_1p()), want.0), "k {k} b {b} z {z}");
                for (g, w) in [(got.0, want.0), (got.1, want.1), (got.2, want.2), (got.3, want.3)] {
                    assert!(same(g, w), "k {k} b {b} z {z}: {got:?} vs {want:?}");
                }
            }
        }
    }
}
