//! Phase 4: k-means for each k of a range, the curve of silhouette and inertia, the best k, and each
//! cluster named in plain words.

use serde::Serialize;

use std::borrow::Cow;

use super::algorithm::{check_shape, nearest_inertia, refine};
use super::silhouette::{Distances, sample_rows};
use super::{CHOICE_SAMPLE, ChooseKParams, DESCRIBE_THRESHOLD, FeatureColumn, Features, KMeansError, KMeansParams, KMeansResult};
use super::{fit, prepare};

/// One point of the choice curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct KPoint {
    /// Number of clusters.
    pub k: usize,
    /// Mean silhouette (`null` if undefined); on a sample of [`CHOICE_SAMPLE`] rows above that many
    /// (see [`choose_k`]).
    pub silhouette: Option<f64>,
    /// Inertia of the best start over all the rows (above [`CHOICE_SAMPLE`] rows, of its centres found on
    /// the sample, except for the chosen k, whose start is run again on all the rows; see [`choose_k`]).
    pub inertia: f64,
}

/// The outcome of [`choose_k`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct KChoice {
    /// One point per k tried, in increasing k; stops early when the rows have fewer distinct values.
    pub curve: Vec<KPoint>,
    /// The k with the highest silhouette (the smaller k among equals).
    pub best_k: usize,
    /// Its clustering.
    pub best: KMeansResult,
}

/// Runs [`fit`] for each k of the range and keeps the k with the best silhouette.
///
/// Up to [`CHOICE_SAMPLE`] rows, each k is fitted on all the rows and its silhouette is exact. Above,
/// the choice is made on one seeded uniform sample of [`CHOICE_SAMPLE`] rows: each k is fitted on the
/// sample (its starts compete there; Hartigan's moves are left to the last step), scored by the exact
/// silhouette of the sample's labels, and its curve inertia is that of the sample's centres over all the
/// rows (each row to its nearest centre). The chosen k's best start is then run again on all the rows
/// (Lloyd from the sample's centres, then Hartigan's moves; see [`fit`]), which gives its clusters and its
/// inertia. The silhouette of every k uses the same sample of rows, so the curve compares like with like.
/// A k larger than the number of distinct rows (of the sample) ends the curve; if no k can run, the
/// error of the first.
pub fn choose_k(data: &[f64], dims: usize, params: &ChooseKParams) -> Result<KChoice, KMeansError> {
    params.validate()?;
    let n = check_shape(data, dims)?;
    let sampled = n > CHOICE_SAMPLE;
    let rows: Vec<usize> = if sampled { sample_rows(n, CHOICE_SAMPLE, params.seed) } else { (0..n).collect() };
    let sample: Cow<[f64]> = if sampled {
        Cow::Owned(rows.iter().flat_map(|&i| data[i * dims..i * dims + dims].iter().copied()).collect())
    } else {
        Cow::Borrowed(data)
    };
    let full = KMeansParams {
        k: params.k_min,
        restarts: params.restarts,
        max_iter: params.max_iter,
        tolerance: params.tolerance,
        hartigan_passes: params.hartigan_passes,
        seed: params.seed,
    };
    let mut curve = Vec::new();
    let mut best: Option<(Option<f64>, KMeansResult)> = None;
    let mut first_err = None;
    // The sample's distances, computed at the first k that fits and scored for every k.
    let mut distances: Option<Distances> = None;
    for k in params.ks() {
        let p = KMeansParams { k, hartigan_passes: if sampled { 0 } else { params.hartigan_passes }, ..full.clone() };
        let r = match fit(&sample, dims, &p) {
            Ok(r) => r,
            Err(e @ (KMeansError::TooFewDistinct { .. } | KMeansError::TooFewPoints { .. })) => {
                first_err.get_or_insert(e);
                break;
            }
            Err(e) => return Err(e),
        };
        let s = distances.get_or_insert_with(|| Distances::of_rows(data, dims, n, rows.clone())).score_sample(&r.labels, k);
        let inertia = if sampled { nearest_inertia(data, dims, &r.centres) } else { r.inertia };
        curve.push(KPoint { k, silhouette: s, inertia });
        let better = match &best {
            None => true,
            Some((bs, _)) => match (s, bs) {
                (Some(s), Some(bs)) => s > *bs,
                (Some(_), None) => true,
                _ => false,
            },
        };
        if better {
            best = Some((s, r));
        }
    }
    let Some((_, mut r)) = best else {
        return Err(first_err.unwrap_or(KMeansError::ZeroClusters));
    };
    if sampled {
        r = refine(data, dims, &r, &KMeansParams { k: r.k, ..full })?;
        if let Some(point) = curve.iter_mut().find(|p| p.k == r.k) {
            point.inertia = r.inertia;
        }
    }
    Ok(KChoice { curve, best_k: r.k, best: r })
}

/// Where a centre stands on one feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "ClusterLevel"))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// z > [`DESCRIBE_THRESHOLD`].
    High,
    /// Within ±[`DESCRIBE_THRESHOLD`].
    Average,
    /// z < −[`DESCRIBE_THRESHOLD`].
    Low,
}

/// One feature of a cluster's description.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Trait {
    /// The feature.
    pub feature: String,
    /// The centre's z-score.
    pub z: f64,
    /// High, average or low.
    pub level: Level,
    /// The word for it ("recent", "high spend", "average frequency"...).
    pub word: String,
}

/// A cluster in plain words.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Description {
    /// Per feature, in column order.
    pub traits: Vec<Trait>,
    /// The non-average words joined by ", " (e.g. "recent, frequent, high spend"), or "average" when
    /// every feature is average.
    pub summary: String,
}

/// Names a centre given in z-scores. Above [`DESCRIBE_THRESHOLD`] is high, below its negative low,
/// else average. Known names get their own words (case-insensitive):
/// `recency` is inverted — a small recency (days since the last purchase) is "recent", a large one
/// "lapsed"; `frequency`: "frequent" / "occasional"; `monetary`, `spend`, `revenue`: "high spend" /
/// "low spend"; `tenure`: "long-standing" / "new". Any other name reads "high NAME" / "low NAME".
pub fn describe(centre_z: &[f64], names: &[&str]) -> Description {
    let mut traits = Vec::new();
    for (&z, &name) in centre_z.iter().zip(names) {
        let level = if z > DESCRIBE_THRESHOLD {
            Level::High
        } else if z < -DESCRIBE_THRESHOLD {
            Level::Low
        } else {
            Level::Average
        };
        let lower = name.to_ascii_lowercase();
        let (high, low, avg): (String, String, String) = match lower.as_str() {
            "recency" => ("lapsed".into(), "recent".into(), "average recency".into()),
            "frequency" => ("frequent".into(), "occasional".into(), "average frequency".into()),
            "monetary" | "spend" | "revenue" => ("high spend".into(), "low spend".into(), "average spend".into()),
            "tenure" => ("long-standing".into(), "new".into(), "average tenure".into()),
            _ => (format!("high {name}"), format!("low {name}"), format!("average {name}")),
        };
        let word = match level {
            Level::High => high,
            Level::Low => low,
            Level::Average => avg,
        };
        traits.push(Trait { feature: name.to_string(), z, level, word });
    }
    let words: Vec<&str> = traits.iter().filter(|t| t.level != Level::Average).map(|t| t.word.as_str()).collect();
    let summary = if words.is_empty() { "average".to_string() } else { words.join(", ") };
    Description { traits, summary }
}

/// One cluster of a [`Clustering`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ClusterSummary {
    /// Cluster number (the label).
    pub cluster: u32,
    /// Customers in it.
    pub size: u64,
    /// Share of all customers.
    pub share: f64,
    /// Centre in z-scores.
    pub centre_z: Vec<f64>,
    /// Centre in the features' own units (log and z-score undone).
    pub centre: Vec<f64>,
    /// In words.
    pub description: Description,
}

/// The clustering report: features, the k curve, the chosen k and its clusters.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Clustering {
    /// The options used.
    pub params: ChooseKParams,
    /// How the features were scaled (zero-variance columns, imputed values).
    pub features: Features,
    /// Silhouette and inertia per k.
    pub curve: Vec<KPoint>,
    /// The chosen k.
    pub best_k: usize,
    /// The chosen k's silhouette.
    pub silhouette: Option<f64>,
    /// The chosen k's inertia (in z-score units).
    pub inertia: f64,
    /// The clusters.
    pub clusters: Vec<ClusterSummary>,
    /// Cluster of each customer (row order of the input columns).
    #[serde(skip)]
    pub labels: Vec<u32>,
}

/// [`prepare`], [`choose_k`] and [`describe`] in one go.
pub fn cluster(columns: &[FeatureColumn], params: &ChooseKParams) -> Result<Clustering, KMeansError> {
    let features = prepare(columns)?;
    let choice = choose_k(&features.data, features.dims, params)?;
    let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
    let n = features.rows.max(1) as f64;
    let clusters = choice
        .best
        .centres
        .iter()
        .enumerate()
        .map(|(c, z)| ClusterSummary {
            cluster: c as u32,
            size: choice.best.sizes[c],
            share: choice.best.sizes[c] as f64 / n,
            centre_z: z.clone(),
            centre: features.to_original(z),
            description: describe(z, &names),
        })
        .collect();
    let silhouette = choice.curve.iter().find(|p| p.k == choice.best_k).and_then(|p| p.silhouette);
    Ok(Clustering {
        params: params.clone(),
        curve: choice.curve,
        best_k: choice.best_k,
        silhouette,
        inertia: choice.best.inertia,
        clusters,
        labels: choice.best.labels,
        features,
    })
}
