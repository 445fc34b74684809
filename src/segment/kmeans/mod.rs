//! Clustering of customers: k-means with k-means++ seeding, the silhouette, and the choice of k; and the
//! segmentation's clusters section ([`clusters`]), on recency, frequency and monetary value.
//!
//! Phases, in the order a caller meets them:
//! 1. [`prepare`] (`prepare.rs`): the feature columns (e.g. recency, frequency, monetary value, log-scaled, plus any
//!    numeric column) become one row-major matrix of z-scores. Missing values (NaN, ±∞) are imputed by
//!    the column mean of the finite values and counted; a column without variance becomes all 0 and is
//!    reported, so it cannot dominate or divide by zero.
//! 2. [`fit`] (`algorithm.rs`): k-means (Lloyd's iterations, accelerated by Hamerly's bounds, until no label changes,
//!    the centres stop moving or `max_iter`, then Hartigan's single moves) from k-means++ seeds, several
//!    restarts, the lowest inertia kept.
//! 3. [`silhouette`] (`silhouette.rs`): how well separated the clusters are, in −1..1.
//! 4. [`choose_k`] (`choose.rs`): k-means for each k of a range, the curve of silhouette and inertia, and the best k by
//!    silhouette; [`cluster`] does all of the above and names each cluster in plain words ([`describe`]).
//!    Above [`CHOICE_SAMPLE`] customers the choice is made on a seeded sample of that many (every k's
//!    fits and its mean silhouette), and only the chosen k runs on all the customers: the choice costs
//!    about the same whatever their number.
//!
//! Determinism: all randomness comes from [`crate::rng::Rng`] seeded by the parameters; ties between
//! equally near centres go to the lowest centre index, ties between restarts to the earliest restart.
//! The same matrix and parameters always give the same labels.
//!
//! ```
//! use clientela::segment::kmeans::{KMeansParams, fit};
//! // Two obvious groups on a line.
//! let data = [0.0, 0.1, 0.2, 10.0, 10.1, 10.2];
//! let r = fit(&data, 1, &KMeansParams::new(2).seed(7)).unwrap();
//! assert_eq!(r.sizes, vec![3, 3]);
//! assert_ne!(r.labels[0], r.labels[3]);
//! ```

/// Largest number of points on which the silhouette is computed exactly; above it, a seeded uniform
/// sample of this many points (without replacement) is used. The silhouette costs O(s²·d), so this
/// bounds it at about two million distances whatever the number of customers.
pub const SILHOUETTE_SAMPLE: usize = 2000;

/// Above this many rows, [`choose_k`] makes its choice on a seeded uniform sample of this many rows (the
/// fits of every k and their silhouettes), and runs only the chosen k on all of them. The silhouette is
/// then the mean of 700 rows' values, each in −1..1: its sampling standard error is at most
/// 1/√700 ≈ 0.038 whatever the number of customers (less when the rows' values spread less than
/// ±1); the sample's distances take 700² numbers (3.9 MB). The cost of the choice grows with this
/// number (the fits) and its square (the silhouettes): 700 keeps it within 20 ms.
pub const CHOICE_SAMPLE: usize = 700;

/// Above this many rows, each start of [`fit`] first runs on a seeded uniform sample of this many rows
/// (k-means++ seeds and Lloyd iterations), and the full run starts from the sample's centres.
pub const WARM_START_ROWS: usize = 50_000;

/// Hartigan's passes (see [`fit`]) run up to this many rows; above, Lloyd's result is kept as it is,
/// because a pass costs a full scan of `k` distances per row, which the bounds of Lloyd's steps avoid.
pub const HARTIGAN_MAX_ROWS: usize = 200_000;

/// A centre coordinate above this z-score reads "high" in [`describe`], below its negative "low".
pub const DESCRIBE_THRESHOLD: f64 = 0.5;

/// Largest k the segmentation's clustering accepts (more clusters than this no longer read as segments).
pub const MAX_K: usize = 20;

/// Most starts per k the segmentation's clustering accepts.
pub const MAX_RESTARTS: usize = 50;

mod algorithm;
mod choose;
mod error;
mod params;
mod prepare;
mod silhouette;

pub use algorithm::{KMeansResult, fit, inertia};
pub use choose::{ClusterSummary, Clustering, Description, KChoice, KPoint, Level, Trait, choose_k, cluster, describe};
pub use error::KMeansError;
pub use params::{ChooseKParams, KMeansParams};
pub use prepare::{ColumnScaling, FeatureColumn, Features, prepare, signed_expm1, signed_log1p};
pub use silhouette::{silhouette, silhouette_with_sample};

use serde::{Deserialize, Serialize};

use super::profile::Profiles;

// ---------------------------------------------------------------------------------------------------
// The segmentation's clusters section
// ---------------------------------------------------------------------------------------------------

/// Hartigan passes after Lloyd in the segmentation's clustering.
pub const HARTIGAN_PASSES: usize = 3;

/// Clustering options of the segmentation (`{}` = on, k over 2..=10, 3 starts per k, seed 0); ranges:
/// `2 <= k_min <= k_max <= `[`MAX_K`], `1 <= restarts <= `[`MAX_RESTARTS`] (checked in
/// [`crate::segment::params`]). The segmentation limits
/// Hartigan's refinement to [`HARTIGAN_PASSES`] passes: with several starts per k, more passes change the
/// chosen clustering little and cost most of the time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct ClusterOptions {
    /// Run the clustering.
    pub enabled: bool,
    /// Smallest k tried.
    pub k_min: usize,
    /// Largest k tried.
    pub k_max: usize,
    /// Starts per k.
    pub restarts: usize,
    /// Seed.
    pub seed: u64,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions { enabled: true, k_min: 2, k_max: 10, restarts: 3, seed: 0 }
    }
}

/// One cluster with the revenue it makes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ClusterRevenue {
    /// Cluster number.
    pub cluster: u32,
    /// Revenue of its customers.
    pub revenue: f64,
    /// Share of all customers' revenue.
    pub revenue_share: f64,
}

/// The clustering section.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ClusterSection {
    /// k curve, chosen k, clusters with centres and descriptions.
    #[serde(flatten)]
    pub clustering: Clustering,
    /// Revenue per cluster, in cluster order.
    pub revenue: Vec<ClusterRevenue>,
}

/// The customers' recency (days), frequency and monetary values that [`clusters`] clusters on.
pub struct RfmValues {
    recency: Vec<f64>,
    frequency: Vec<f64>,
    monetary: Vec<f64>,
}

impl RfmValues {
    /// The values of every profiled customer, in the profiles' order.
    pub fn of(p: &Profiles) -> RfmValues {
        RfmValues {
            recency: p.rows.iter().map(|c| c.recency_days as f64).collect(),
            frequency: p.rows.iter().map(|c| c.frequency as f64).collect(),
            monetary: p.rows.iter().map(|c| c.monetary).collect(),
        }
    }

    /// The feature columns, each log-scaled before standardising.
    pub fn columns(&self) -> [FeatureColumn<'_>; 3] {
        [
            FeatureColumn { name: "recency", values: &self.recency, log: true },
            FeatureColumn { name: "frequency", values: &self.frequency, log: true },
            FeatureColumn { name: "monetary", values: &self.monetary, log: true },
        ]
    }
}

/// Clusters the customers on R, F, M with options checked by [`crate::segment::params`]. `None` when
/// turned off; an error when k-means cannot run on these customers (e.g. fewer distinct customers than
/// the smallest k), which the report states beside a `null` section.
pub fn clusters(p: &Profiles, opts: &ClusterOptions) -> Option<Result<(ClusterSection, Vec<u32>), KMeansError>> {
    if !opts.enabled {
        return None;
    }
    let rfm = RfmValues::of(p);
    let cols = rfm.columns();
    let params = ChooseKParams {
        k_min: opts.k_min,
        k_max: opts.k_max,
        restarts: opts.restarts,
        seed: opts.seed,
        hartigan_passes: HARTIGAN_PASSES,
        ..ChooseKParams::default()
    };
    let c = match cluster(&cols, &params) {
        Ok(c) => c,
        Err(e) => return Some(Err(e)),
    };
    let labels = c.labels.clone();
    let mut rev = vec![0.0; c.clusters.len()];
    for (row, &l) in p.rows.iter().zip(&labels) {
        if let Some(r) = rev.get_mut(l as usize) {
            *r += row.monetary;
        }
    }
    let total: f64 = rev.iter().sum();
    let revenue = rev
        .iter()
        .enumerate()
        .map(|(i, &r)| ClusterRevenue { cluster: i as u32, revenue: r, revenue_share: if total > 0.0 { r / total } else { 0.0 } })
        .collect();
    Some(Ok((ClusterSection { clustering: c, revenue }, labels)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{IngestOptions, read_bytes};
    use crate::segment::profile;

    #[test]
    fn clusters_cover_every_customer() {
        let bytes = crate::synth::csv_bytes(&crate::synth::ShopParams { rows: 20_000, seed: 3, ..Default::default() });
        let (ds, _) = read_bytes(&bytes, IngestOptions::default()).unwrap();
        let p = profile::profiles(&ds, None).unwrap();
        let (sec, labels) = clusters(&p, &ClusterOptions::default()).unwrap().unwrap();
        assert_eq!(labels.len(), p.rows.len());
        assert!((2..=10).contains(&sec.clustering.best_k));
        let sizes: u64 = sec.clustering.clusters.iter().map(|c| c.size).sum();
        assert_eq!(sizes, p.rows.len() as u64);
        let share: f64 = sec.revenue.iter().map(|r| r.revenue_share).sum();
        assert!((share - 1.0).abs() < 1e-9);
        assert!(clusters(&p, &ClusterOptions { enabled: false, ..Default::default() }).is_none());
    }
}
