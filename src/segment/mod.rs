//! Customer analyses over a [`Dataset`]. Each takes the table and plain options and returns a plain
//! serialisable report; nothing here knows about the page or the command line.
//!
//! Segmentation, in phases:
//! 1. [`profile`]: one row per customer (recency, frequency, monetary value, tenure, rhythm, returns,
//!    margin, attributes);
//! 2. [`rfm`]: 1–5 scores, the named segments and the R × F grid;
//! 3. [`concentration`]: decile tables, Lorenz curve, Gini, top shares, profitable classes;
//! 4. [`bands`]: spend bands per week, month or window, and the band migration matrix;
//! 5. [`lifecycle`]: lifecycle stages, returning rate per month, cohort retention, high affinity;
//! 6. [`price`]: price-sensitive versus relationship customers (when the file has a discount column);
//! 7. [`overview`]: the key figures and the monthly revenue by segment;
//! 8. [`export`]: the per-customer table as CSV.
//!
//! ```
//! use clientela::segment::{SegmentOptions, segment};
//! use clientela::ingest::{IngestOptions, read_bytes};
//! let csv = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n\
//!            1,A,2,2011-01-03,5.00,c1\n2,B,1,2011-01-05,3.00,c2\n";
//! let (data, _) = read_bytes(csv.as_bytes(), IngestOptions::default()).unwrap();
//! let s = segment(&data, &SegmentOptions::default()).unwrap();
//! assert_eq!(s.report.customers, 2);
//! assert_eq!(s.report.revenue, 13.0);
//! assert_eq!(s.report.as_of.as_deref(), Some("2011-01-06"));
//! ```

pub mod bands;
pub mod concentration;
pub mod error;
pub mod export;
pub mod kmeans;
pub mod lifecycle;
pub mod listing;
pub mod overview;
pub mod params;
pub mod price;
pub mod profile;
pub mod rfm;
pub mod rule_lang;
#[cfg(test)]
mod testing;
pub mod triggers;

use serde::{Deserialize, Serialize};

pub use error::AnalysisError;
pub use profile::{CustomerProfile, FrequencyBasis, Profiles};
pub use rfm::{RfmScores, Segment};

use crate::dataset::Dataset;
use crate::error::{ErrorCode, ErrorJson};
pub use crate::time::{day_string, parse_day};
use concentration::{ClassParams, DecileRow, LorenzPoint, ProfitableClasses, PurchaseDecileRow, TopShare};
use rfm::{GridCell, SegmentRow};

/// Points of the Lorenz curve in the report (the curve is exact at its ends, evenly sampled between).
pub const LORENZ_POINTS: usize = 201;

/// Options of the segmentation (all optional; `{}` from the page means the defaults).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct SegmentOptions {
    /// As-of date `YYYY-MM-DD` (default: the day after the last date in the file). Lines dated on or
    /// after it are left out.
    pub as_of: Option<String>,
    /// Where the profitable classes are cut (default: 10 % and the next 50 % of revenue).
    pub classes: Option<ClassParams>,
    /// What spend bands measure: spend per `week`, per `month` (default) or over the whole `period`.
    pub band_period: Option<bands::BandPeriod>,
    /// Custom lower edges of the spend bands (finite, strictly increasing), e.g. `[0, 10, 50]`; default: a
    /// ladder of 11 bands that fits `band_period`.
    pub band_edges: Option<Vec<f64>>,
    /// Where the band migration splits the window, `YYYY-MM-DD` (default: the window midpoint); must lie
    /// after the window start and before the as-of date.
    pub split_date: Option<String>,
    /// Lifecycle stage rules, cohort width and high-affinity cut.
    pub lifecycle: Option<lifecycle::LifecycleParams>,
    /// Price-sensitivity cut.
    pub price: Option<price::PriceParams>,
    /// k-means clustering on R, F, M (default: on, k over 2..=10).
    pub clusters: Option<kmeans::ClusterOptions>,
    /// Rule-based segments (see [`rule_lang`] for the language), e.g. `frequency >= 5 -> "Regular"; else "Other"`.
    pub rules: Option<String>,
    /// Threshold triggers: customers whose cumulative spend crossed an amount in the last N days.
    pub triggers: Option<triggers::TriggerOptions>,
}

/// The segmentation report (the page's and the CLI's `--json`). Keys are contracts: add, don't rename.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SegmentReport {
    /// The options that produced the report.
    pub options: SegmentOptions,
    /// The as-of date used.
    pub as_of: Option<String>,
    /// First date of the observation window (the earliest date in the file).
    pub window_start: Option<String>,
    /// First date of the window's second half (for the "falling" class).
    pub window_midpoint: Option<String>,
    /// Customers with at least one purchase.
    pub customers: u64,
    /// Their purchase revenue.
    pub revenue: f64,
    /// Total margin, when the file has costs.
    pub margin: Option<f64>,
    /// What the frequency counts.
    pub frequency_basis: FrequencyBasis,
    /// Used rows without a customer id, excluded.
    pub excluded_no_customer: u64,
    /// Purchase revenue of the excluded rows.
    pub excluded_no_customer_revenue: f64,
    /// Customers with lines but no purchase (only returns or zero-price lines), not counted.
    pub customers_without_purchases: u64,
    /// Rows dated on or after the as-of date, left out.
    pub rows_after_as_of: u64,
    /// Purchase lines with an unknown amount (counted as purchases worth nothing).
    pub purchases_without_amount: u64,
    /// Gini coefficient of revenue over customers.
    pub gini: f64,
    /// Monetary deciles, best first.
    pub deciles: Vec<DecileRow>,
    /// How many customers make each tenth of the revenue.
    pub purchase_deciles: Vec<PurchaseDecileRow>,
    /// The Lorenz curve (at most [`LORENZ_POINTS`] points).
    pub lorenz: Vec<LorenzPoint>,
    /// Revenue share of the top 1, 5, 10, 20 % of customers.
    pub top_shares: Vec<TopShare>,
    /// The named RFM segments (always the same 11 rows, best first).
    pub rfm_segments: Vec<SegmentRow>,
    /// The R × F grid.
    pub rfm_grid: Vec<GridCell>,
    /// The three profitable classes.
    pub profitable_classes: ProfitableClasses,
    /// How the scores are computed, for people.
    pub score_rule: &'static str,
    /// Customers by spend per period.
    pub spend_bands: bands::SpendBands,
    /// Customers by band before and after the split date.
    pub band_migration: bands::BandMigration,
    /// Customers by lifecycle stage.
    pub lifecycle: lifecycle::Lifecycle,
    /// Share of each month's customers who had bought in an earlier month.
    pub returning_rate: Vec<lifecycle::MonthRate>,
    /// Retention by first-purchase month.
    pub cohorts: lifecycle::Cohorts,
    /// The loyal core by frequency and tenure.
    pub high_affinity: lifecycle::HighAffinity,
    /// Price-sensitive versus relationship customers; `null` without a discount column.
    pub price_sensitivity: Option<price::PriceSensitivity>,
    /// Why `price_sensitivity` is `null` (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_sensitivity_reason: Option<&'static str>,
    /// k-means clusters on R, F, M (`null` when turned off or with too few distinct customers).
    pub clusters: Option<kmeans::ClusterSection>,
    /// Why `clusters` is `null` although clustering is on (absent otherwise): k-means could not run on
    /// these customers (e.g. fewer distinct customers than the smallest k), with its code and message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clusters_reason: Option<ErrorJson>,
    /// Rule-based segments (`null` without rules); a rule error is reported inside.
    pub rule_segments: Option<rule_lang::RuleSection>,
    /// Threshold triggers (`null` unless an amount is given).
    pub triggers: Option<triggers::TriggerSection>,
    /// Key figures and the monthly revenue by RFM segment (see [`overview`]).
    pub overview: overview::Overview,
    /// On a per-customer summary ([`crate::Layout::Customers`]): the sections that need the line items and
    /// are left empty (`band_migration`, `returning_rate`, `cohorts`, `monthly_revenue`, `revenue_at_risk`, `price_sensitivity`,
    /// `triggers` when asked, `won_back` when the lapsed days are not the default). Absent on line items.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub needs_line_items: Vec<&'static str>,
}

/// Everything the segmentation computed: the per-customer table and the report.
#[derive(Debug, Clone)]
pub struct Segmentation {
    /// The profile table.
    pub profiles: Profiles,
    /// R, F, M scores and segment per profile row.
    pub scores: RfmScores,
    /// Profitable class per profile row: 0 top, 1 core, 2 falling, 3 none.
    pub class: Vec<u8>,
    /// Spend band index per profile row (into `report.spend_bands.bands`).
    pub band: Vec<u16>,
    /// Lifecycle stage per profile row.
    pub stage: Vec<lifecycle::Stage>,
    /// High-affinity flag per profile row.
    pub high_affinity: Vec<bool>,
    /// Share of spend bought on discount per profile row (`None` without a discount column).
    pub discounted_share: Option<Vec<f64>>,
    /// Price-sensitive flag per profile row (`None` without a discount column).
    pub price_sensitive: Option<Vec<bool>>,
    /// Cluster per profile row (`None` without clustering).
    pub cluster: Option<Vec<u32>>,
    /// Rule label index per profile row (`None` without rules or when they do not compile); the names are
    /// `report.rule_segments.labels`.
    pub rule_label: Option<Vec<u32>>,
    /// The report.
    pub report: SegmentReport,
}

/// The sections a per-customer summary cannot fill (see [`SegmentReport::needs_line_items`]).
fn needs_line_items(ds: &Dataset, o: &params::Resolved) -> Vec<&'static str> {
    if ds.layout != crate::Layout::Customers {
        return Vec::new();
    }
    let mut v = vec!["band_migration", "returning_rate", "cohorts", "monthly_revenue", "revenue_at_risk", "price_sensitivity"];
    if o.triggers.is_some() {
        v.push("triggers");
    }
    if o.lifecycle.lapsed_days as i32 != crate::warehouse::COMEBACK_GAP_DAYS {
        v.push("won_back");
    }
    v
}

/// Class keys by the numbers of [`Segmentation::class`].
pub const CLASS_KEYS: [&str; 4] = ["top", "core", "falling", ""];

/// Profiles, RFM and concentration in one go.
pub fn segment(ds: &Dataset, options: &SegmentOptions) -> Result<Segmentation, AnalysisError> {
    let o = options.resolve()?;
    let p = profile::profiles(ds, o.as_of)?;
    o.check_split(&p)?;
    let (edges, period, split) = (&o.band_edges, o.band_period, o.split);
    let (spend_bands, band) = bands::spend_bands(&p, edges, period, o.custom_edges);
    // The clusters read only the profiles: natively they run on a second thread beside everything else up
    // to the price sensitivity (about as long on Online Retail), with the same results as one after the
    // other.
    let ((scores, best, best_rev, top_shares, behaviour, mut overview, band_migration), clustered) = crate::parallel::join(
        || {
            let scores = rfm::scores(&p);
            let revenue: Vec<f64> = p.rows.iter().map(|c| c.monetary).collect();
            let best = concentration::rank_best_first(&revenue, &p.id_rank);
            let best_rev: Vec<f64> = best.iter().map(|&i| revenue[i as usize]).collect();
            let top_shares = concentration::top_shares(&best_rev);
            let top10 = top_shares.iter().find(|t| t.percent == 10).map_or(0.0, |t| t.revenue_share);
            let behaviour = lifecycle::behaviour(ds, &p, &o.lifecycle);
            let overview = overview::overview(ds, &p, &scores, &behaviour.stage, top10);
            let band_migration = bands::migration(ds, &p, edges, period, split);
            (scores, best, best_rev, top_shares, behaviour, overview, band_migration)
        },
        || kmeans::clusters(&p, &o.clusters),
    );
    let price = price::price_sensitivity(ds, &p, &o.price);
    let best_margin: Option<Vec<f64>> = p.has_cost.then(|| best.iter().map(|&i| p.rows[i as usize].margin.unwrap_or(0.0)).collect());
    let ascending: Vec<f64> = best_rev.iter().rev().copied().collect();
    let class = concentration::class_of(&p, &best, o.classes);
    let ruled = o.rules.as_deref().map(|r| rule_lang::rule_segments(&p, &scores, ds, r));
    let triggers = triggers::threshold_triggers(ds, &p, o.triggers)?;
    let (clusters, cluster, clusters_reason) = match clustered {
        Some(Ok((c, l))) => (Some(c), Some(l), None),
        Some(Err(e)) => (None, None, Some(ErrorCode::to_json(&e))),
        None => (None, None, None),
    };
    let (rule_segments, rule_label) = match ruled {
        Some((s, l)) => (Some(s), l),
        None => (None, None),
    };
    let mut returning_rate = behaviour.returning_rate;
    if ds.layout == crate::Layout::Customers {
        // A summary has no purchase by month: empty series, not months of zeros (see needs_line_items).
        overview.monthly_revenue.clear();
        returning_rate.clear();
    }
    let report = SegmentReport {
        options: options.clone(),
        as_of: p.as_of_day.map(day_string),
        window_start: p.window_start_day.map(day_string),
        window_midpoint: p.midpoint_day.map(day_string),
        customers: p.rows.len() as u64,
        revenue: best_rev.iter().sum(),
        margin: best_margin.as_ref().map(|m| m.iter().sum()),
        frequency_basis: p.frequency_basis,
        excluded_no_customer: p.excluded_no_customer,
        excluded_no_customer_revenue: p.excluded_no_customer_revenue,
        customers_without_purchases: p.customers_without_purchases,
        rows_after_as_of: p.rows_after_as_of,
        purchases_without_amount: p.purchases_without_amount,
        gini: concentration::gini(&ascending),
        deciles: concentration::deciles(&best_rev, best_margin.as_deref()),
        purchase_deciles: concentration::purchase_deciles(&best_rev),
        lorenz: concentration::lorenz(&ascending, LORENZ_POINTS),
        top_shares,
        rfm_segments: rfm::segment_table(&p, &scores),
        rfm_grid: rfm::grid(&p, &scores),
        profitable_classes: concentration::profitable_classes(&p, &best, o.classes),
        spend_bands,
        band_migration,
        lifecycle: behaviour.lifecycle,
        returning_rate,
        cohorts: behaviour.cohorts,
        high_affinity: behaviour.high_affinity_summary,
        price_sensitivity: price.summary,
        price_sensitivity_reason: price.reason,
        clusters,
        clusters_reason,
        rule_segments,
        triggers,
        overview,
        needs_line_items: needs_line_items(ds, &o),
        score_rule: "quintiles of the rank: customers ranked by value, equal values by customer id; score = floor(5 * rank / n) + 1; recency ranked most recent last so that recent = 5",
    };
    Ok(Segmentation {
        profiles: p,
        scores,
        class,
        band,
        stage: behaviour.stage,
        high_affinity: behaviour.high_affinity,
        discounted_share: price.discounted_share,
        price_sensitive: price.sensitive,
        cluster,
        rule_label,
        report,
    })
}
