//! Phase 1: the feature columns become one row-major matrix of z-scores (see the module doc of
//! [`super`]).

use serde::Serialize;

use super::KMeansError;
use crate::error::BadParameter;

/// `sign(x) · ln(1 + |x|)`: `log1p` for the usual non-negative amounts and counts, extended
/// symmetrically so that negative values (net returns) stay finite and ordered.
pub fn signed_log1p(x: f64) -> f64 {
    if x < 0.0 { -(-x).ln_1p() } else { x.ln_1p() }
}

/// The inverse of [`signed_log1p`].
pub fn signed_expm1(y: f64) -> f64 {
    if y < 0.0 { -(-y).exp_m1() } else { y.exp_m1() }
}

/// One input column of [`prepare`].
#[derive(Debug, Clone, Copy)]
pub struct FeatureColumn<'a> {
    /// Name, used by [`describe`] (`recency`, `frequency`, `monetary` get their own words).
    pub name: &'a str,
    /// One value per customer; NaN or ±∞ mean missing.
    pub values: &'a [f64],
    /// Apply [`signed_log1p`] before standardising (advisable for counts and amounts).
    pub log: bool,
}

/// How one column was scaled, to undo it and to report it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ColumnScaling {
    /// The column name.
    pub name: String,
    /// Whether [`signed_log1p`] was applied first.
    pub log: bool,
    /// Mean of the (logged) finite values.
    pub mean: f64,
    /// Population standard deviation of the (logged) finite values; 0 for a constant column.
    pub sd: f64,
    /// The column has no variance (or no finite value): all its z-scores are 0.
    pub zero_variance: bool,
    /// Values that were missing and were replaced by the mean.
    pub imputed: u64,
}

/// The standardised matrix and how it was made.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Features {
    /// Row-major z-scores, `rows × dims`.
    #[serde(skip)]
    pub data: Vec<f64>,
    /// Number of columns.
    pub dims: usize,
    /// Number of rows.
    pub rows: usize,
    /// Per column scaling.
    pub columns: Vec<ColumnScaling>,
    /// Rows that had at least one missing value.
    pub rows_imputed: u64,
}

impl Features {
    /// A point in z-scores back in the columns' own units (inverse z-score, then inverse log).
    pub fn to_original(&self, z: &[f64]) -> Vec<f64> {
        self.columns
            .iter()
            .zip(z)
            .map(|(c, &z)| {
                let x = c.mean + z * c.sd;
                if c.log { signed_expm1(x) } else { x }
            })
            .collect()
    }
}

/// Builds the z-score matrix from columns of equal length (see the module doc for the rules).
pub fn prepare(columns: &[FeatureColumn]) -> Result<Features, KMeansError> {
    let dims = columns.len();
    let rows = columns.first().map_or(0, |c| c.values.len());
    if dims == 0 {
        return Err(KMeansError::BadShape { len: 0, dims: 0 });
    }
    if let Some(c) = columns.iter().find(|c| c.values.len() != rows) {
        return Err(KMeansError::BadParameter(BadParameter::new(
            "columns",
            format!("{} has {} values, {} has {}", columns[0].name, rows, c.name, c.values.len()),
            "every feature column needs one value per customer",
        )));
    }
    let mut data = vec![0.0; rows * dims];
    let mut missing_row = vec![false; rows];
    let mut scaling = Vec::with_capacity(dims);
    for (j, col) in columns.iter().enumerate() {
        let t = |x: f64| if col.log { signed_log1p(x) } else { x };
        let (mut n, mut sum) = (0u64, 0.0);
        for &x in col.values {
            let x = t(x);
            if x.is_finite() {
                n += 1;
                sum += x;
            }
        }
        let mean = if n > 0 { sum / n as f64 } else { 0.0 };
        let mut ss = 0.0;
        for &x in col.values {
            let x = t(x);
            if x.is_finite() {
                ss += (x - mean) * (x - mean);
            }
        }
        let sd = if n > 0 { (ss / n as f64).sqrt() } else { 0.0 };
        // A spread this small relative to the mean is rounding noise, not variance.
        // Written as a negation so that a NaN spread also counts as no variance.
        let zero_variance = !(sd > 1e-12 * mean.abs().max(1.0)) || !sd.is_finite();
        let mut imputed = 0u64;
        for (i, &x) in col.values.iter().enumerate() {
            let x = t(x);
            let z = if !x.is_finite() {
                imputed += 1;
                missing_row[i] = true;
                0.0
            } else if zero_variance {
                0.0
            } else {
                (x - mean) / sd
            };
            data[i * dims + j] = z;
        }
        scaling.push(ColumnScaling {
            name: col.name.to_string(),
            log: col.log,
            mean,
            sd: if zero_variance { 0.0 } else { sd },
            zero_variance,
            imputed,
        });
    }
    let rows_imputed = missing_row.iter().filter(|&&m| m).count() as u64;
    Ok(Features { data, dims, rows, columns: scaling, rows_imputed })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_log_round_trips() {
        for x in [-1e6, -3.5, -0.0, 0.0, 0.25, 7.0, 1e9] {
            assert!((signed_expm1(signed_log1p(x)) - x).abs() <= 1e-9 * x.abs().max(1.0), "{x}");
        }
        assert!(signed_log1p(-5.0) < signed_log1p(-4.0));
    }
}
