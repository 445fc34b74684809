//! Parameters of k-means ([`KMeansParams`]) and of the choice of k ([`ChooseKParams`]), each checked in
//! one place (`validate`) before any work.

use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;

use super::KMeansError;
use crate::error::BadParameter;

/// Parameters of [`fit`], validated there: `KMeansParams::new(4).seed(7).restarts(10)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct KMeansParams {
    /// Number of clusters.
    pub k: usize,
    /// Independent k-means++ starts; the lowest inertia wins (default 5).
    pub restarts: usize,
    /// Upper bound on Lloyd iterations per start (default 300).
    pub max_iter: usize,
    /// A start also stops when the centres' squared moves in one iteration add up to at most this
    /// fraction of the mean column variance (scikit-learn's rule; default 1e-4). With 0 it stops only when
    /// no label changes (or at `max_iter`).
    pub tolerance: f64,
    /// Upper bound on Hartigan's passes after Lloyd (default 20; 0 skips them). See [`fit`].
    pub hartigan_passes: usize,
    /// Random seed (default 0).
    pub seed: u64,
}

impl KMeansParams {
    /// Checks every range; [`fit`](super::fit) calls it first.
    pub fn validate(&self) -> Result<(), KMeansError> {
        if self.k == 0 {
            return Err(KMeansError::ZeroClusters);
        }
        if self.k > u32::MAX as usize {
            return Err(BadParameter::new("k", self.k, "k must fit in 32 bits").into());
        }
        if !(self.tolerance >= 0.0 && self.tolerance.is_finite()) {
            let expected = "expected a small non-negative number such as 1e-4 (0 runs until no label changes)";
            return Err(BadParameter::new("tolerance", self.tolerance, expected).into());
        }
        if self.restarts == 0 {
            return Err(BadParameter::new("restarts", 0, "at least one start is needed (5 is the default)").into());
        }
        Ok(())
    }
    /// Defaults for `k` clusters.
    pub fn new(k: usize) -> KMeansParams {
        KMeansParams { k, restarts: 5, max_iter: 300, tolerance: 1e-4, hartigan_passes: 20, seed: 0 }
    }
    /// Sets the tolerance.
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }
    /// Sets the bound on Hartigan's passes.
    pub fn hartigan_passes(mut self, passes: usize) -> Self {
        self.hartigan_passes = passes;
        self
    }
    /// Sets the number of restarts.
    pub fn restarts(mut self, restarts: usize) -> Self {
        self.restarts = restarts;
        self
    }
    /// Sets the iteration bound.
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }
    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
}

/// Options of [`choose_k`] and [`cluster`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct ChooseKParams {
    /// Smallest k tried (default 2).
    pub k_min: usize,
    /// Largest k tried (default 10).
    pub k_max: usize,
    /// Starts per k (default 5).
    pub restarts: usize,
    /// Iteration bound per start (default 300).
    pub max_iter: usize,
    /// See [`KMeansParams::tolerance`] (default 1e-4).
    pub tolerance: f64,
    /// See [`KMeansParams::hartigan_passes`] (default 20).
    pub hartigan_passes: usize,
    /// Seed (default 0).
    pub seed: u64,
}

impl Default for ChooseKParams {
    fn default() -> Self {
        let d = KMeansParams::new(2);
        ChooseKParams {
            k_min: 2,
            k_max: 10,
            restarts: d.restarts,
            max_iter: d.max_iter,
            tolerance: d.tolerance,
            hartigan_passes: d.hartigan_passes,
            seed: 0,
        }
    }
}

impl ChooseKParams {
    /// Checks the range of k (each k's own parameters are checked by [`fit`](super::fit)).
    pub fn validate(&self) -> Result<(), KMeansError> {
        if self.k_min == 0 || self.k_min > self.k_max {
            let value = format!("{}..={}", self.k_min, self.k_max);
            return Err(BadParameter::new("k", value, "expected a range of k such as 2..=10 (k_min at least 1, not above k_max)").into());
        }
        Ok(())
    }
    /// The range of k.
    pub fn ks(&self) -> RangeInclusive<usize> {
        self.k_min..=self.k_max
    }
}
