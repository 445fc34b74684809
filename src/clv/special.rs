//! Special functions the models need, written here so that the wasm build stays small and the results
//! never change with a dependency: `ln Γ` (Lanczos), digamma `ψ` (recurrence + asymptotic series), and the
//! Gauss hypergeometric series `₂F₁` in the one combination BG/NBD uses.
//!
//! The BG/NBD expectations (Fader, Hardie & Lee 2005, eq. 7 and 10) have the form
//! `1 − (α/(α+t))^r · ₂F₁(r, b; a+b−1; t/(α+t))` divided by `a − 1`. Written as is, the power overflows
//! for frequent buyers (exponent `r + x`) and the ratio is `0/0` at `a = 1`. Euler's transformation
//! `₂F₁(A, B; C; z) = (1−z)^(C−A−B) ₂F₁(C−A, C−B; C; z)` turns the product into
//! `(1−z)^(a−1) ₂F₁(a+b−1−r, a−1; c; z)`, whose series has small parameters and whose every term after the
//! first carries the factor `a − 1`; [`one_minus_f_over_b`] divides it out analytically.

/// `ln Γ(x)` for `x > 0` (Lanczos, g = 7, 9 coefficients; relative error about 1e-15). `NaN` for `x ≤ 0`
/// or `NaN`; `+∞` for `x = +∞`.
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    // The coefficients as published (Godfrey's g = 7 set), digit for digit, beyond f64's precision.
    #[allow(clippy::excessive_precision)]
    const C: [f64; 9] = [
        0.999_999_999_999_809_93,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_13,
        -176.615_029_162_140_59,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_571_6e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    if x == f64::INFINITY {
        return f64::INFINITY;
    }
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1−x) = π / sin(πx); sin(πx) > 0 on (0, 0.5).
        return std::f64::consts::PI.ln() - (std::f64::consts::PI * x).sin().ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut s = C[0];
    for (i, &c) in C.iter().enumerate().skip(1) {
        s += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + s.ln()
}

/// Digamma `ψ(x) = d ln Γ(x) / dx` for `x > 0`: upward recurrence `ψ(x) = ψ(x+1) − 1/x` to `x ≥ 10`, then
/// the asymptotic series (terms to `x⁻¹⁰`, error below 1e-13). `NaN` for `x ≤ 0`.
pub fn digamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    let mut x = x;
    let mut acc = 0.0;
    while x < 10.0 {
        acc -= 1.0 / x;
        x += 1.0;
    }
    let f = 1.0 / (x * x);
    let series = f * (1.0 / 12.0 - f * (1.0 / 120.0 - f * (1.0 / 252.0 - f * (1.0 / 240.0 - f * (1.0 / 132.0)))));
    acc + x.ln() - 0.5 / x - series
}

/// `ln(1 + eˣ)` without overflow.
pub fn ln1p_exp(x: f64) -> f64 {
    if x > 35.0 { x + (-x).exp().ln_1p() } else { x.exp().ln_1p() }
}

/// `ln(eᵃ + eᵇ)` without overflow (`-∞` terms allowed).
pub fn log_add_exp(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
    if hi == f64::NEG_INFINITY {
        return hi;
    }
    hi + (lo - hi).exp().ln_1p()
}

/// Most terms summed by [`one_minus_f_over_b`] before it gives up (reached only for `z` within about
/// 2e-3 of 1, i.e. horizons hundreds of times longer than α; the caller then reports the value as unknown).
pub const MAX_SERIES_TERMS: usize = 20_000;

/// `[1 − (1−z)^B · ₂F₁(A, B; C; z)] / B` for `0 ≤ z < 1`, `C > 0`, stable at `B = 0` (where it is
/// `−ln(1−z) − (A/C)·z·₂F₁-like tail`, the analytic limit). `NaN` when the series does not converge within
/// [`MAX_SERIES_TERMS`] terms or the inputs are outside the domain.
///
/// With `S = Σ_{j≥1} t_j` the series of `₂F₁ − 1`, every `t_j` has the factor `B`, so
/// `[1 − (1−z)^B (1 + S)] / B = −expm1(B ln(1−z)) / B − (1−z)^B · (S / B)`, and `S / B` is summed directly
/// from `u_1 = A z / C`, `u_{j+1} = u_j (A+j)(B+j) z / ((C+j)(j+1))`.
pub fn one_minus_f_over_b(a: f64, b: f64, c: f64, z: f64) -> f64 {
    if !(0.0..1.0).contains(&z) || !(c > 0.0) || !a.is_finite() || !b.is_finite() {
        return f64::NAN;
    }
    if z == 0.0 {
        return 0.0;
    }
    let l = (-z).ln_1p();
    let first = if b == 0.0 { -l } else { -(b * l).exp_m1() / b };
    let mut u = a * z / c;
    let mut sum = u;
    let mut converged = u == 0.0;
    let mut j = 1.0f64;
    for _ in 0..MAX_SERIES_TERMS {
        if converged {
            break;
        }
        let ratio = (a + j) * (b + j) * z / ((c + j) * (j + 1.0));
        u *= ratio;
        sum += u;
        j += 1.0;
        // Once the ratio is below 1 and decreasing towards z, the tail is at most u·ρ/(1−ρ) with ρ = the
        // next ratio bound max(ratio, z).
        let rho = ratio.abs().max(z);
        if rho < 1.0 && u.abs() * rho / (1.0 - rho) <= 1e-16 * sum.abs().max(1e-300) {
            converged = true;
        }
        if !u.is_finite() {
            return f64::NAN;
        }
    }
    if !converged {
        return f64::NAN;
    }
    first - (b * l).exp() * sum
}

/// [`tanh_sinh_nodes`] with the logarithm of each weight: (v, ln weight).
pub fn tanh_sinh_log_nodes() -> &'static [(f64, f64)] {
    static NODES: std::sync::OnceLock<Vec<(f64, f64)>> = std::sync::OnceLock::new();
    NODES.get_or_init(|| tanh_sinh_nodes().iter().map(|&(v, w)| (v, w.ln())).collect())
}

/// Tanh-sinh (double exponential) nodes on (0, 1): (v, weight), step 1/8 over τ ∈ [−3.75, 3.75]; the nodes
/// crowd towards both ends double-exponentially, so a mass near an end point is integrated as well as a
/// smooth middle (Takahasi & Mori 1974).
pub fn tanh_sinh_nodes() -> &'static [(f64, f64)] {
    static NODES: std::sync::OnceLock<Vec<(f64, f64)>> = std::sync::OnceLock::new();
    NODES.get_or_init(|| {
        const H: f64 = 1.0 / 8.0;
        const HALF: i32 = 30;
        (-HALF..=HALF)
            .map(|k| {
                let tau = k as f64 * H;
                let y = std::f64::consts::PI * tau.sinh();
                // v = 1 / (1 + e^{−y}) keeps small v exact; dv/dτ = v (1 − v) π cosh τ.
                let v = 1.0 / (1.0 + (-y).exp());
                let w = v * (1.0 - v) * std::f64::consts::PI * tau.cosh() * H;
                (v, w)
            })
            .filter(|&(v, w)| v > 0.0 && v < 1.0 && w > 0.0)
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Direct `₂F₁` series (for checking the transformed form), adequate for moderate `z` and parameters.
    fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> f64 {
        let (mut t, mut s) = (1.0, 1.0);
        for j in 0..100_000 {
            let j = j as f64;
            t *= (a + j) * (b + j) / ((c + j) * (j + 1.0)) * z;
            s += t;
            if t.abs() < 1e-17 * s.abs() {
                break;
            }
        }
        s
    }

    #[test]
    fn ln_gamma_matches_python_math_lgamma() {
        // Expected: python3 -c "import math; print([repr(math.lgamma(x)) for x in (...)])" (CPython 3.11).
        let cases = [
            (0.001, 6.907_178_885_383_854),
            (0.243, 1.318_043_584_699_669_9),
            (0.5, 0.572_364_942_924_700_4),
            (1.0, 0.0),
            (2.0, 0.0),
            (3.7, 1.428_072_326_665_388_3),
            (10.5, 13.940_625_219_403_763),
            (123.456, 469.605_547_129_929_56),
            (1e6, 12_815_504.569_147_611),
        ];
        for (x, want) in cases {
            let got = ln_gamma(x);
            assert!((got - want).abs() <= 1e-13 * want.abs().max(1.0), "lnΓ({x}) = {got}, want {want}");
        }
        assert!(ln_gamma(0.0).is_nan() && ln_gamma(-1.0).is_nan() && ln_gamma(f64::NAN).is_nan());
    }

    #[test]
    fn digamma_satisfies_its_identities() {
        // ψ(1) = −γ (Euler–Mascheroni), ψ(1/2) = −γ − 2 ln 2, ψ(x+1) = ψ(x) + 1/x, and ψ is the derivative of
        // ln Γ (central difference).
        let euler = 0.577_215_664_901_532_9;
        assert!((digamma(1.0) + euler).abs() < 1e-13);
        assert!((digamma(0.5) + euler + 2.0 * 2f64.ln()).abs() < 1e-13);
        for x in [0.01, 0.243, 0.793, 2.426, 7.5, 40.0, 1234.5] {
            assert!((digamma(x + 1.0) - digamma(x) - 1.0 / x).abs() < 1e-12 * (1.0 / x).max(1.0), "recurrence at {x}");
            let h = 1e-5 * x.max(1.0);
            let fd = (ln_gamma(x + h) - ln_gamma(x - h)) / (2.0 * h);
            assert!((digamma(x) - fd).abs() < 1e-6 * digamma(x).abs().max(1.0), "derivative at {x}");
        }
    }

    #[test]
    fn transformed_series_matches_the_direct_series() {
        // [1 − (1−z)^B ₂F₁(A,B;C;z)] / B from the definition, with the Euler form checked on the way:
        // (1−z)^(r+x) ₂F₁(r+x, b+x; c; z) = (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; c; z) for c = a+b+x−1.
        for &(r, a, b, x, z) in &[(0.243f64, 0.793, 2.426, 0.0, 0.3), (0.243, 0.793, 2.426, 3.0, 0.6), (1.5, 2.5, 4.0, 7.0, 0.8)] {
            let c = a + b + x - 1.0;
            let lhs = (1.0f64 - z).powf(r + x) * hyp2f1(r + x, b + x, c, z);
            let rhs = (1.0f64 - z).powf(a - 1.0) * hyp2f1(a + b - 1.0 - r, a - 1.0, c, z);
            assert!((lhs - rhs).abs() < 1e-10 * lhs.abs(), "Euler transform {lhs} vs {rhs}");
            let direct = (1.0 - rhs) / (a - 1.0);
            let stable = one_minus_f_over_b(a + b - 1.0 - r, a - 1.0, c, z);
            assert!((direct - stable).abs() < 1e-10 * direct.abs(), "{direct} vs {stable}");
        }
        // At B = 0 the value is the limit of nearby B (continuity).
        let at = one_minus_f_over_b(1.2, 0.0, 3.0, 0.7);
        let near = (one_minus_f_over_b(1.2, 1e-7, 3.0, 0.7) + one_minus_f_over_b(1.2, -1e-7, 3.0, 0.7)) / 2.0;
        assert!((at - near).abs() < 1e-9, "{at} vs {near}");
        assert!(one_minus_f_over_b(1.0, 1.0, 1.0, 1.0).is_nan());
        assert_eq!(one_minus_f_over_b(1.0, 1.0, 1.0, 0.0), 0.0);
    }
}
