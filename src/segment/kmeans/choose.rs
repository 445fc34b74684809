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

/// A k's fit, its silhouette on the sample and its inertia over all the rows.
type Tried = (KMeansResult, Option<f64>, f64);

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
    // Each k is fitted on the sample, scored on the sample's distances and its inertia taken, in two
    // groups of k (alternate ones: a larger k costs more) at once natively; a group stops at its first
    // error, as a larger k fails the same way. The curve is then read in increasing k as one loop would:
    // it ends at the first k with too few distinct rows or points, and another error is the answer.
    // A k above the sample's rows fails (too few points): the range is cut one past them, whatever k_max.
    let ks: Vec<usize> = params.ks().take(rows.len() + 1).collect();
    let (first, second): (Vec<usize>, Vec<usize>) =
        (ks.iter().step_by(2).copied().collect(), ks.iter().skip(1).step_by(2).copied().collect());
    let fit_k = |k: usize| {
        fit(&sample, dims, &KMeansParams { k, hartigan_passes: if sampled { 0 } else { params.hartigan_passes }, ..full.clone() })
    };
    let fit_all = |ks: &[usize]| {
        let mut fits = Vec::with_capacity(ks.len());
        for &k in ks {
            let r = fit_k(k);
            let stop = r.is_err();
            fits.push(r);
            if stop {
                break;
            }
        }
        fits
    };
    // The sample's distances, shared by the silhouettes of every k.
    let ((distances, fits_a), fits_b) =
        crate::parallel::join(|| (Distances::of_rows(data, dims, n, rows.clone()), fit_all(&first)), || fit_all(&second));
    let score_all = |fits: Vec<Result<KMeansResult, KMeansError>>| -> Vec<Result<Tried, KMeansError>> {
        fits.into_iter()
            .map(|r| {
                r.map(|r| {
                    let s = distances.score_sample(&r.labels, r.k);
                    let inertia = if sampled { nearest_inertia(data, dims, &r.centres) } else { r.inertia };
                    (r, s, inertia)
                })
            })
            .collect()
    };
    let (tried_a, tried_b) = crate::parallel::join(|| score_all(fits_a), || score_all(fits_b));
    let (mut tried_a, mut tried_b) = (tried_a.into_iter(), tried_b.into_iter());
    let mut curve = Vec::new();
    let mut best: Option<(Option<f64>, KMeansResult)> = None;
    let mut first_err = None;
    for i in 0..ks.len() {
        let next = if i % 2 == 0 { tried_a.next() } else { tried_b.next() };
        // A group that stopped at an error has nothing further; the error came first in k order.
        let Some(next) = next else { break };
        let (r, s, inertia) = match next {
            Ok(t) => t,
            Err(e @ (KMeansError::TooFewDistinct { .. } | KMeansError::TooFewPoints { .. })) => {
                first_err.get_or_insert(e);
                break;
            }
            Err(e) => return Err(e),
        };
        curve.push(KPoint { k: r.k, silhouette: s, inertia });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// The choice as one loop over k in increasing order (how it was written before the groups of k ran
    /// at once): fit, score on the sample's distances, stop at the first k with too few distinct rows or
    /// points, return any other error. The oracle for [`choose_k`]'s curve and best k.
    fn one_loop(data: &[f64], dims: usize, params: &ChooseKParams) -> Result<(Vec<KPoint>, usize), KMeansError> {
        let n = data.len() / dims;
        let sampled = n > CHOICE_SAMPLE;
        let rows: Vec<usize> = if sampled { sample_rows(n, CHOICE_SAMPLE, params.seed) } else { (0..n).collect() };
        let sample: Vec<f64> = rows.iter().flat_map(|&i| data[i * dims..i * dims + dims].iter().copied()).collect();
        let (mut curve, mut best, mut first_err) = (Vec::new(), None::<(Option<f64>, usize)>, None);
        let mut distances: Option<Distances> = None;
        for k in params.ks() {
            let p = KMeansParams {
                k,
                restarts: params.restarts,
                max_iter: params.max_iter,
                tolerance: params.tolerance,
                hartigan_passes: if sampled { 0 } else { params.hartigan_passes },
                seed: params.seed,
            };
            let r = match fit(&sample, dims, &p) {
                Ok(r) => r,
                Err(e @ (KMeansError::TooFewDistinct { .. } | KMeansError::TooFewPoints { .. })) => {
                    first_err.get_or_insert(e);
                    break;
                }
                Err(e) => return Err(e),
            };
            let s = distances.get_or_insert_with(|| Distances::of_rows(data, dims, n, rows.clone())).score_sample(&r.labels, k);
            curve.push(KPoint { k, silhouette: s, inertia: if sampled { nearest_inertia(data, dims, &r.centres) } else { r.inertia } });
            if best.is_none_or(|(bs, _)| matches!((s, bs), (Some(s), Some(bs)) if s > bs) || (s.is_some() && bs.is_none())) {
                best = Some((s, k));
            }
        }
        match best {
            Some((_, k)) => Ok((curve, k)),
            None => Err(first_err.unwrap_or(KMeansError::ZeroClusters)),
        }
    }

    /// Rows drawn around `distinct` points (each point repeated: a k above `distinct` has too few distinct
    /// rows) or spread (all distinct), seeded.
    fn rows(n: usize, distinct: Option<usize>, seed: u64) -> Vec<f64> {
        let mut rng = Rng::new(seed);
        let points: Vec<[f64; 3]> = (0..distinct.unwrap_or(n)).map(|_| [rng.f64() * 10.0, rng.f64(), rng.f64() * 3.0]).collect();
        (0..n).flat_map(|i| points[i % points.len()]).collect()
    }

    #[test]
    fn groups_of_k_give_the_one_loop_curve_and_choice() {
        let params = ChooseKParams { restarts: 3, ..ChooseKParams::default() };
        let cases = [
            ("spread, all rows", rows(300, None, 1)),
            ("spread, sampled", rows(CHOICE_SAMPLE * 3, None, 2)),
            // The curve ends at k = 5 (odd k: the first group stops, the second has run one k further).
            ("5 distinct rows", rows(200, Some(5), 3)),
            ("6 distinct rows, sampled", rows(CHOICE_SAMPLE * 2, Some(6), 4)),
            // k = 4 has too few points: the curve is k = 2, 3.
            ("3 rows", rows(3, None, 5)),
            // Not even k = 2: the error of the first k.
            ("1 row", rows(1, None, 6)),
        ];
        for (name, data) in cases {
            let got = choose_k(&data, 3, &params).map(|c| (c.curve.iter().map(|p| (p.k, p.silhouette)).collect::<Vec<_>>(), c.best_k));
            let want = one_loop(&data, 3, &params).map(|(c, k)| (c.iter().map(|p| (p.k, p.silhouette)).collect::<Vec<_>>(), k));
            assert_eq!(got, want, "{name}");
        }
        // The unsampled inertias too (above the sample, the chosen k's is refined on all rows).
        let data = rows(300, None, 7);
        let got: Vec<f64> = choose_k(&data, 3, &params).unwrap().curve.iter().map(|p| p.inertia).collect();
        let want: Vec<f64> = one_loop(&data, 3, &params).unwrap().0.iter().map(|p| p.inertia).collect();
        assert_eq!(got, want);
        // A range of k far beyond the rows ends where the one loop ends, without listing every k.
        let wide = ChooseKParams { k_max: usize::MAX, ..params.clone() };
        let data = rows(12, None, 8);
        let got = choose_k(&data, 3, &wide).map(|c| (c.curve.len(), c.best_k));
        assert_eq!(got, one_loop(&data, 3, &wide).map(|(c, k)| (c.len(), k)));
        assert_eq!(got.map(|g| g.0), Ok(11), "k = 2..=12 fit 12 rows");
        // An error other than too few rows is returned, as the loop's first k would.
        let bad = vec![f64::NAN; 30];
        assert_eq!(choose_k(&bad, 3, &params).map(|c| c.best_k), one_loop(&bad, 3, &params).map(|c| c.1));
    }
}
