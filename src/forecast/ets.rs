//! The model: exponential smoothing in its state-space form with additive errors, ETS(A,·,·) (Hyndman,
//! Koehler, Ord & Snyder, *Forecasting with Exponential Smoothing: the State Space Approach*, Springer
//! 2008, ch. 2–3), with a level, an optional additive or damped trend, and an optional additive season of
//! `m` periods; the member with the smallest AICc is used.
//!
//! With forecast `ŷ_t = l_{t−1} + φ b_{t−1} + s_{t−m}` and error `e_t = y_t − ŷ_t`:
//! `l_t = l_{t−1} + φ b_{t−1} + α e_t`, `b_t = φ b_{t−1} + β e_t`, `s_t = s_{t−m} + γ e_t`
//! (φ = 1 without damping; no `b` without trend; no `s` without season). The `h`-step forecast is
//! `l_n + φ_h b_n + s_{n+h−m(k+1)}` with `φ_h = φ + … + φ^h` and `k = ⌊(h−1)/m⌋`.
//!
//! **Fit.** α, β, γ, φ and the initial level and slope minimise the sum of squared one-step errors (the
//! Gaussian likelihood's maximum), by [`super::optimize::nelder_mead`] over a transform that keeps them
//! in the usual region `0 < α < 1`, `0 < β < α`, `0 < γ < 1 − α`, `0.8 ≤ φ ≤ 0.98` (book §5.3; φ's range
//! as R's `forecast::ets`). The initial season is the deviation, at each position of the season, from a
//! line through the first two seasons' means (the book's §2.6.1 heuristic; averaged over two seasons for
//! a weekly season, see `seasons_averaged`), not searched, but counted among the parameters.
//! The series is divided by its mean absolute value first, so the search sees numbers near 1 whatever
//! the currency.
//!
//! **Choice.** `AICc = n ln(SSE/n) + 2k + 2k(k+1)/(n−k−1)` with `k` = smoothing parameters + initial states
//! (level, slope, `m − 1` seasonal) + the variance. Seasonal members are candidates only with at least two
//! full seasons (`n ≥ 2m`); a member is a candidate only while `n > k + 1`.
//!
//! **Intervals.** These are the linear ("class 1") models of the book's ch. 6, whose forecast variance is
//! exact: `v_h = σ² (1 + Σ_{j<h} c_j²)` with `c_j = α + β φ_j + γ [j mod m = 0]` (Table 6.1, `φ_j = j`
//! without damping). `σ² = SSE / (n − p)` with `p` the parameters estimated besides σ² (the unbiased
//! residual variance), and the bounds are `ŷ ± z σ_h` with the normal quantile. Parameter uncertainty is
//! not included; the interval tests measure the coverage this gives.
//!
//! **Multiplicative models** are the same members fitted to `ln y` ([`fit_models`]): season, trend and
//! errors in proportion to the level, with exact intervals (`exp` of the log-scale bounds) — unlike the
//! multiplicative-error state-space models (class 3), whose forecast variance has no closed form. Their
//! point forecast is the median `exp(mean)`. Revenue with a month of zero cannot be modelled so.

use serde::Serialize;

use super::optimize::nelder_mead;

/// The trend of a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// No trend (N).
    None,
    /// A straight trend (A).
    Additive,
    /// A trend that flattens out (Ad).
    Damped,
}

/// One member of the family: its trend and whether it has a season.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// The trend.
    pub trend: Trend,
    /// An additive season of `m` periods.
    pub seasonal: bool,
}

impl Spec {
    /// The six members, simplest first (the order that breaks AICc ties).
    pub const ALL: [Spec; 6] = [
        Spec { trend: Trend::None, seasonal: false },
        Spec { trend: Trend::Additive, seasonal: false },
        Spec { trend: Trend::Damped, seasonal: false },
        Spec { trend: Trend::None, seasonal: true },
        Spec { trend: Trend::Additive, seasonal: true },
        Spec { trend: Trend::Damped, seasonal: true },
    ];

    /// The book's name: error, trend, season (`ANN`, `AAdA`…).
    pub fn name(self) -> &'static str {
        match (self.trend, self.seasonal) {
            (Trend::None, false) => "ANN",
            (Trend::Additive, false) => "AAN",
            (Trend::Damped, false) => "AAdN",
            (Trend::None, true) => "ANA",
            (Trend::Additive, true) => "AAA",
            (Trend::Damped, true) => "AAdA",
        }
    }

    fn smoothing(self) -> usize {
        1 + usize::from(self.trend != Trend::None) + usize::from(self.seasonal) + usize::from(self.trend == Trend::Damped)
    }

    /// Parameters counted by AICc for a season of `m` (see the module doc).
    pub fn parameters(self, m: usize) -> usize {
        self.smoothing() + 1 + usize::from(self.trend != Trend::None) + if self.seasonal { m.saturating_sub(1) } else { 0 } + 1
    }
}

/// A fitted model, in the units of the series.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The member.
    pub spec: Spec,
    /// Season length (1 without season).
    pub m: usize,
    /// Level smoothing.
    pub alpha: f64,
    /// Slope smoothing (0 without trend).
    pub beta: f64,
    /// Season smoothing (0 without season).
    pub gamma: f64,
    /// Damping (1 without damping).
    pub phi: f64,
    /// Standard deviation of the one-step error.
    pub sigma: f64,
    /// AICc, from the likelihood of the series in its own units (a fit to the logarithm includes the
    /// Jacobian `2 Σ ln y`), so fits to the series and to its logarithm compare.
    pub aicc: f64,
    /// Fitted to `ln y` (see [`fit_models`]): the season and trend act in proportion to the level.
    pub log: bool,
    /// Observations fitted.
    pub n: usize,
    // Final states, scaled.
    level: f64,
    slope: f64,
    season: Vec<f64>,
    scale: f64,
    sigma_scaled: f64,
    // The search's optimum (unconstrained coordinates), a warm start for a refit on a longer or shorter
    // stretch of the same series.
    optimum: Vec<f64>,
}

/// One step of a forecast: the mean and the standard deviation of the forecast error.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// Point forecast.
    pub mean: f64,
    /// Standard deviation of the forecast error.
    pub sd: f64,
}

const LO: f64 = 1e-4;

fn logistic(u: f64) -> f64 {
    1.0 / (1.0 + (-u).exp())
}

fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// Smoothing parameters from the search's unconstrained coordinates.
struct Params {
    alpha: f64,
    beta: f64,
    gamma: f64,
    phi: f64,
    l0: f64,
    b0: f64,
}

fn params(spec: Spec, u: &[f64]) -> Params {
    let mut it = u.iter().copied();
    let mut next = || it.next().unwrap_or(0.0);
    let alpha = LO + (1.0 - 2.0 * LO) * logistic(next());
    let beta = if spec.trend != Trend::None { alpha * logistic(next()) } else { 0.0 };
    let gamma = if spec.seasonal { (1.0 - alpha) * logistic(next()) } else { 0.0 };
    let phi = match spec.trend {
        Trend::Damped => 0.8 + 0.18 * logistic(next()),
        _ => 1.0,
    };
    let l0 = next();
    let b0 = if spec.trend != Trend::None { next() } else { 0.0 };
    Params { alpha, beta, gamma, phi, l0, b0 }
}

/// Runs the recursion; returns the SSE and leaves the final states in `(level, slope, season)`.
fn run(y: &[f64], p: &Params, season: &mut [f64]) -> (f64, f64, f64) {
    let m = season.len().max(1);
    let (mut l, mut b, mut sse) = (p.l0, p.b0, 0.0);
    for (t, &yt) in y.iter().enumerate() {
        let s = season.get(t % m).copied().unwrap_or(0.0);
        let e = yt - (l + p.phi * b + s);
        sse += e * e;
        l = l + p.phi * b + p.alpha * e;
        b = p.phi * b + p.beta * e;
        if let Some(slot) = season.get_mut(t % m) {
            *slot += p.gamma * e;
        }
    }
    (sse, l, b)
}

/// Seasons the initial season is averaged over: one for seasons of up to 12 periods (months), two for
/// longer ones (a weekly season's 52 positions each seen once are too noisy: with one, the weekly season
/// of a simulated series with σ = 30 fitted σ = 38.9 and lost to a model without season; with two, 34.9).
/// Averaging more blurs a season that changes: two seasons for months made the interval coverage of an
/// evolving monthly season (`tests/forecast.rs`) drop from 79.9 % to 76.6 %, four to 76.1 %.
fn seasons_averaged(m: usize) -> usize {
    if m > 12 { 2 } else { 1 }
}

/// Start values of the level, slope and season (scaled series, see the module doc).
fn initial(y: &[f64], spec: Spec, m: usize) -> (f64, f64, Vec<f64>) {
    if spec.seasonal && m >= 2 && y.len() >= 2 * m {
        // A line through the first two seasons' means (a whole season's mean holds no seasonal part, so the
        // season does not tilt the line); the season is the mean deviation from it at each position over
        // the first `seasons_averaged(m)` seasons.
        let mean1 = y[..m].iter().sum::<f64>() / m as f64;
        let mean2 = y[m..2 * m].iter().sum::<f64>() / m as f64;
        let b = (mean2 - mean1) / m as f64;
        let a = mean1 - b * (m as f64 - 1.0) / 2.0;
        let k = seasons_averaged(m);
        let mut season = vec![0.0; m];
        for (t, v) in y[..k * m].iter().enumerate() {
            season[t % m] += (v - a - b * t as f64) / k as f64;
        }
        let ym = y[..k * m].iter().sum::<f64>() / (k * m) as f64;
        // ŷ_0 = l_0 + b_0 + s_0 is the line at t = 0.
        return if spec.trend == Trend::None { (ym, 0.0, season) } else { (a - b, b, season) };
    }
    let k = y.len().saturating_sub(1).min(3);
    let b0 = if spec.trend != Trend::None && k > 0 { (y[k] - y[0]) / k as f64 } else { 0.0 };
    (y.first().copied().unwrap_or(0.0) - b0, b0, Vec::new())
}

/// Fits one member to `y` (finite values) with season length `m`; `None` when the series is too short
/// for it (`n ≤ k + 1`, or a season without two full seasons).
pub fn fit(y: &[f64], spec: Spec, m: usize) -> Option<Fit> {
    fit_from(y, spec, m, None)
}

/// [`fit`], the search starting from `warm`'s optimum (the same member fitted to more or fewer values
/// of the same series, e.g. by the back-test) with a smaller first simplex, when given.
pub fn fit_from(y: &[f64], spec: Spec, m: usize, warm: Option<&Fit>) -> Option<Fit> {
    let n = y.len();
    let k = spec.parameters(m);
    if n <= k + 1 || (spec.seasonal && (m < 2 || n < 2 * m)) || y.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let scale = {
        let s = y.iter().map(|v| v.abs() / n as f64).sum::<f64>();
        if s > 0.0 && s.is_finite() { s } else { 1.0 }
    };
    let ys: Vec<f64> = y.iter().map(|v| v / scale).collect();
    let (l0, b0, s0) = initial(&ys, spec, m);
    let mut start = vec![logit((0.3 - LO) / (1.0 - 2.0 * LO))];
    if spec.trend != Trend::None {
        start.push(logit(0.1));
    }
    if spec.seasonal {
        start.push(logit(0.1));
    }
    if spec.trend == Trend::Damped {
        start.push(logit(0.1 / 0.18));
    }
    start.push(l0);
    if spec.trend != Trend::None {
        start.push(b0);
    }
    let warm = warm.filter(|w| w.spec == spec && w.optimum.len() == start.len() && w.scale > 0.0);
    // The initial level and slope are in units of the series divided by its scale: carried over as money.
    let (start, step) = match warm {
        Some(w) => {
            let mut u = w.optimum.clone();
            let k = u.len() - 1 - usize::from(spec.trend != Trend::None);
            for v in &mut u[k..] {
                *v *= w.scale / scale;
            }
            (u, 0.05)
        }
        None => (start, 0.5),
    };
    let mut scratch = s0.clone();
    let mut objective = |u: &[f64]| {
        scratch.copy_from_slice(&s0);
        run(&ys, &params(spec, u), &mut scratch).0
    };
    // Relative tolerance 1e-8 on the SSE: far below the sampling error of any fitted parameter.
    // A warm start is near its optimum already: a small simplex and a shorter budget (the back-test's
    // refits, twelve a member at each origin, are most of the work on a long series).
    let budget = if warm.is_some() { 60 + 40 * start.len() } else { 200 + 150 * start.len() };
    let best = nelder_mead(&mut objective, &start, step, 1e-8, budget);
    let p = params(spec, &best.x);
    let mut season = s0.clone();
    let (sse, level, slope) = run(&ys, &p, &mut season);
    let mse = (sse / n as f64).max(f64::MIN_POSITIVE);
    // n ln(SSE/n) in the series' units: the scaled SSE times scale².
    let aicc = n as f64 * (mse.ln() + 2.0 * scale.ln()) + 2.0 * k as f64 + 2.0 * (k * (k + 1)) as f64 / (n - k - 1) as f64;
    let dof = n - (k - 1);
    let sigma_scaled = (sse / dof as f64).sqrt();
    Some(Fit {
        spec,
        m: if spec.seasonal { m } else { 1 },
        alpha: p.alpha,
        beta: p.beta,
        gamma: p.gamma,
        phi: p.phi,
        sigma: finite(sigma_scaled * scale),
        aicc,
        log: false,
        n,
        level,
        slope,
        season,
        scale,
        sigma_scaled,
        optimum: best.x,
    })
}

/// The member with the smallest AICc among those `y` is long enough for (seasonal ones only with
/// `seasonal` allowed); `None` when none is (fewer than five values).
pub fn select(y: &[f64], m: usize, seasonal: bool) -> Option<Fit> {
    best(fit_all(y, m, seasonal, &[]))
}

/// Every member `y` is long enough for, fitted (warm-started from the same member in `warm`, if there).
pub fn fit_all(y: &[f64], m: usize, seasonal: bool, warm: &[Fit]) -> Vec<Fit> {
    Spec::ALL
        .iter()
        .filter(|s| seasonal || !s.seasonal)
        .filter_map(|&s| fit_from(y, s, m, warm.iter().find(|w| w.spec == s && !w.log)))
        .collect()
}

/// Every member fitted to `y` and, when every value is positive, to `ln y` as well (warm-started from
/// the same member and transform in `warm`). A fit to the logarithm is the multiplicative model: a
/// season and a trend in proportion to the level, errors in proportion to the value; its AICc carries the
/// Jacobian `2 Σ ln y` so that it compares with the others (Hyndman et al. 2008, §5.2 for comparing
/// likelihoods across transforms). A month without a sale (a zero) rules it out.
pub fn fit_models(y: &[f64], m: usize, seasonal: bool, warm: &[Fit]) -> Vec<Fit> {
    let mut out = fit_all(y, m, seasonal, warm);
    if y.iter().all(|v| *v > 0.0 && v.is_finite()) {
        let ly: Vec<f64> = y.iter().map(|v| v.ln()).collect();
        let jacobian = 2.0 * ly.iter().sum::<f64>();
        let warm_log: Vec<Fit> = warm.iter().filter(|w| w.log).map(|w| Fit { log: false, ..w.clone() }).collect();
        out.extend(fit_all(&ly, m, seasonal, &warm_log).into_iter().map(|f| Fit { log: true, aicc: f.aicc + jacobian, ..f }));
    }
    out
}

/// `like`'s member and transform fitted again to `y` (warm-started from it); `None` where `y` is too
/// short for it or, for a fit to the logarithm, has a value at or below zero.
pub fn refit(y: &[f64], m: usize, like: &Fit) -> Option<Fit> {
    if !like.log {
        return fit_from(y, like.spec, m, Some(like));
    }
    if !y.iter().all(|v| *v > 0.0 && v.is_finite()) {
        return None;
    }
    let ly: Vec<f64> = y.iter().map(|v| v.ln()).collect();
    let jacobian = 2.0 * ly.iter().sum::<f64>();
    fit_from(&ly, like.spec, m, Some(&Fit { log: false, ..like.clone() })).map(|f| Fit { log: true, aicc: f.aicc + jacobian, ..f })
}

/// The fit with the smallest AICc (the first of equals, i.e. the simplest).
pub fn best(fits: Vec<Fit>) -> Option<Fit> {
    fits.into_iter().fold(None, |best: Option<Fit>, f| match best {
        Some(b) if !(f.aicc < b.aicc) => Some(b),
        _ => Some(f),
    })
}

impl Fit {
    /// The point forecast of a step of [`Fit::forecast`], in the series' units: the mean, or for a fit
    /// to the logarithm the median `exp(mean)` (the value the intervals are centred on).
    pub fn point(&self, s: &Step) -> f64 {
        if self.log { finite(s.mean.exp()) } else { s.mean }
    }

    /// The central interval `mean ± z sd` of a step, in the series' units (`exp` of the bounds for a
    /// fit to the logarithm: quantiles carry over through a monotone transform).
    pub fn bounds(&self, s: &Step, z: f64) -> (f64, f64) {
        let (lo, hi) = (s.mean - z * s.sd, s.mean + z * s.sd);
        if self.log { (finite(lo.exp()), finite(hi.exp())) } else { (finite(lo), finite(hi)) }
    }

    /// The standardised error of an actual value against a step (`None` where it has none: no spread,
    /// or a value at or below zero for a fit to the logarithm).
    pub fn z(&self, s: &Step, actual: f64) -> Option<f64> {
        let x = if self.log { (actual > 0.0).then(|| actual.ln())? } else { actual };
        let z = (x - s.mean) / s.sd;
        (s.sd > 0.0 && z.is_finite()).then_some(z)
    }

    /// The next `h` steps' means and error standard deviations (see the module doc).
    pub fn forecast(&self, h: usize) -> Vec<Step> {
        let m = self.season.len();
        let mut out = Vec::with_capacity(h);
        let (mut phi_h, mut phi_pow, mut sum_c2) = (0.0f64, 1.0f64, 0.0f64);
        for step in 1..=h {
            phi_pow *= self.phi;
            phi_h += phi_pow;
            let s = if m > 0 { self.season[(self.n + step - 1) % m] } else { 0.0 };
            let mean = self.level + phi_h * self.slope + s;
            let sd = self.sigma_scaled * (1.0 + sum_c2).sqrt();
            out.push(Step { mean: finite(mean * self.scale), sd: finite(sd * self.scale) });
            // c_j for the next step's variance, j = step (φ_j = φ_h at j = step).
            let d = if m > 0 && step % m == 0 { 1.0 } else { 0.0 };
            let c = self.alpha + self.beta * phi_h + self.gamma * d;
            sum_c2 += c * c;
        }
        out
    }
}

/// A finite number: ±∞ from a product of huge values becomes ±`f64::MAX`, NaN 0.
fn finite(v: f64) -> f64 {
    if v.is_nan() { 0.0 } else { v.clamp(-f64::MAX, f64::MAX) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_straight_line_is_continued_exactly() {
        // y = 10 + 2t has zero error under AAN with β → 0 (Holt's linear trend reproduces a line): the
        // forecast is the line's continuation, the spread near 0.
        let y: Vec<f64> = (0..20).map(|t| 10.0 + 2.0 * t as f64).collect();
        let f = fit(&y, Spec { trend: Trend::Additive, seasonal: false }, 1).unwrap();
        for (h, s) in f.forecast(3).iter().enumerate() {
            let truth = 10.0 + 2.0 * (20 + h) as f64;
            assert!((s.mean - truth).abs() < 1e-3 * truth, "step {}: {} vs {truth}", h + 1, s.mean);
        }
    }

    #[test]
    fn the_variance_follows_table_6_1() {
        // AAN with α, β fixed by hand: v_3 = σ²(1 + (α+β)² + (α+2β)²) (book Table 6.1, class 1).
        let f = Fit {
            spec: Spec { trend: Trend::Additive, seasonal: false },
            m: 1,
            alpha: 0.5,
            beta: 0.1,
            gamma: 0.0,
            phi: 1.0,
            sigma: 2.0,
            aicc: 0.0,
            log: false,
            n: 10,
            level: 100.0,
            slope: 5.0,
            season: Vec::new(),
            scale: 1.0,
            sigma_scaled: 2.0,
            optimum: Vec::new(),
        };
        let s = f.forecast(3);
        assert_eq!(s[0].mean, 105.0);
        assert_eq!(s[2].mean, 115.0);
        assert!((s[0].sd - 2.0).abs() < 1e-12);
        let v3: f64 = 4.0 * (1.0 + 0.6f64.powi(2) + 0.7f64.powi(2));
        assert!((s[2].sd - v3.sqrt()).abs() < 1e-12, "{} vs {}", s[2].sd, v3.sqrt());
    }

    #[test]
    fn too_short_or_non_finite_series_have_no_fit() {
        // ANN counts k = 3 (α, the initial level, σ²) and AICc needs n > k + 1.
        assert!(select(&[1.0, 2.0, 3.0, 4.0], 12, true).is_none(), "four values: ANN needs n > 4");
        assert!(select(&[1.0, 2.0, 3.0, 4.0, 5.0], 12, true).is_some());
        assert!(fit(&[1.0, f64::NAN, 3.0, 4.0, 5.0], Spec::ALL[0], 1).is_none());
        // Zeros only: a flat forecast of 0 with no spread, not a NaN.
        let f = select(&[0.0; 8], 4, true).unwrap();
        assert!(f.forecast(5).iter().all(|s| s.mean == 0.0 && s.sd == 0.0), "{:?}", f.forecast(5));
    }
}
