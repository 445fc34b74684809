//! Who the best customers are: each attribute's values among a group of customers against all of them.
//!
//! Attributes come from the sales file's own extra columns (Country, store…: a customer's first
//! non-empty value in file order, see [`crate::segment::profile`]) and from an optional customers file
//! joined by id ([`customers`]). In phases:
//! 1. [`customers`]: read the customers file with the sales reader and join it, with a join report;
//! 2. the group: by default the best customers, the top revenue decile exactly as the Segments view's
//!    decile 1 ([`crate::segment::concentration::rank_best_first`], revenue descending, ties by customer
//!    id, then the first [`decile_sizes`] customers, `⌈n/10⌉`); or the worst decile, an RFM segment, a
//!    cluster or a lifecycle stage;
//! 3. [`bins`]: each attribute's kind (category, number, date) and the row of each customer;
//! 4. per row: customers with the value in the group and among all, the two shares, the index
//!    `share_best / share_all`, and the two-sided Fisher exact p-value of group × value ([`stats`]),
//!    `small` when an expected count of that 2 × 2 table is below 5.
//!
//! Memory: the customers file is read under the caller's `max_memory_mb` like the sales file; the profile
//! itself holds one `u32` per customer and attribute and the weights of one Fisher test at a time (at
//! most one per customer), so it needs less than the tables it reads.
//!
//! Every customer is counted once per attribute (a missing value is the "not given" row). Rows keep the
//! order of [`bins`]: categories by customers, most first; number and date bins in order.

pub mod bins;
pub mod customers;
pub mod error;
pub mod export;
pub mod logistic;
pub mod prospects;
pub mod stats;
pub mod wallet;

use serde::{Deserialize, Serialize};

use crate::dataset::{Dataset, Interner, NONE};
use crate::error::BadParameter;
use crate::ingest::number::NumberFormat;
use crate::notice::Notice;
use crate::segment::concentration::{decile_sizes, rank_best_first};
use crate::segment::lifecycle::Stage;
use crate::segment::rfm::{SEGMENTS, Segment};
use crate::segment::{SegmentOptions, kmeans::ClusterOptions, profile::profiles};

pub use bins::{Kind, Special};
pub use customers::{CustomerTable, CustomersOptions, CustomersSummary, JoinReport, read_customers};
pub use error::AudienceError;
pub use prospects::{ProspectsOptions, ProspectsReport, prospects};
pub use wallet::{WalletOptions, WalletReport};

/// Options of a profile. `{}` profiles the best customers as of the day after the last date.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct ProfileOptions {
    /// As-of date `YYYY-MM-DD` (default: the day after the last date in the file).
    pub as_of: Option<String>,
    /// `best` (default), `worst`, `segment:NAME` (an RFM segment, e.g. `segment:champions`),
    /// `cluster:N` (0-based, as the Segments view numbers them) or `stage:NAME` (`new`, `active`,
    /// `won_back`, `lapsing`, `lapsed`).
    pub group: Option<String>,
    /// Share of wallet: the survey column, its period and the grid's splits ([`wallet`]).
    pub wallet: WalletOptions,
}

/// The group of customers compared with all customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// The top revenue decile (the Segments view's decile 1).
    Best,
    /// The bottom revenue decile (decile 10).
    Worst,
    /// An RFM segment.
    Segment(Segment),
    /// A k-means cluster.
    Cluster(u32),
    /// A lifecycle stage.
    Stage(Stage),
}

const GROUP_EXPECTED: &str = "expected best, worst, segment:NAME (an RFM segment such as champions or at_risk), cluster:N (0, 1, …) or stage:NAME (new, active, won_back, lapsing, lapsed)";

/// Lower case with spaces, dashes and apostrophes as underscores: `Can't lose them` → `can_t_lose_them`.
fn slug(s: &str) -> String {
    s.trim().to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { '_' }).collect()
}

impl Group {
    /// Parses `best`, `worst`, `segment:NAME`, `cluster:N`, `stage:NAME` (names as keys or display names,
    /// any case).
    pub fn parse(s: &str) -> Result<Group, BadParameter> {
        let bad = || BadParameter::new("group", s, GROUP_EXPECTED);
        let (kind, name) = s.split_once(':').map_or((s.trim(), ""), |(k, n)| (k.trim(), n.trim()));
        match slug(kind).as_str() {
            "best" | "" if name.is_empty() => Ok(Group::Best),
            "worst" if name.is_empty() => Ok(Group::Worst),
            "segment" => SEGMENTS
                .iter()
                .copied()
                .find(|g| slug(g.name()) == slug(name) || segment_key(*g) == slug(name))
                .map(Group::Segment)
                .ok_or_else(bad),
            "cluster" => name.parse::<u32>().map(Group::Cluster).map_err(|_| bad()),
            "stage" => Stage::ALL.iter().copied().find(|g| g.key() == slug(name)).map(Group::Stage).ok_or_else(bad),
            _ => Err(bad()),
        }
    }

    /// `best`, `worst`, `segment:champions`, `cluster:2`, `stage:lapsing`.
    pub fn key(self) -> String {
        match self {
            Group::Best => "best".into(),
            Group::Worst => "worst".into(),
            Group::Segment(g) => format!("segment:{}", segment_key(g)),
            Group::Cluster(k) => format!("cluster:{k}"),
            Group::Stage(s) => format!("stage:{}", s.key()),
        }
    }
}

/// The JSON key of an RFM segment (`potential_loyalists`).
fn segment_key(s: Segment) -> String {
    serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_else(|| slug(s.name()))
}

/// The group in the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct GroupSummary {
    /// `best`, `worst`, `segment:champions`, `cluster:2`, `stage:lapsing`.
    pub key: String,
    /// `best`, `worst`, `segment`, `cluster` or `stage`.
    pub kind: &'static str,
    /// The segment, cluster or stage (`champions`, `2`, `lapsing`); `null` for best and worst.
    pub name: Option<String>,
    /// Customers in the group.
    pub customers: u64,
    /// Their share of all customers.
    pub share: f64,
}

/// One value (or bin) of an attribute.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ValueRow {
    /// The value, year or range; `(not given)` and `(other values)` for the special rows.
    pub value: String,
    /// `not_given` or `other` for the special rows, else absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub special: Option<Special>,
    /// Lower edge of a number bin (the smallest value for the first), or the year of a date bin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lower: Option<f64>,
    /// Upper edge (excluded) of a number bin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upper: Option<f64>,
    /// Customers with the value, among all.
    pub customers: u64,
    /// Customers with the value in the group.
    pub customers_best: u64,
    /// `customers_best / group size` (0 for an empty group).
    pub share_best: f64,
    /// `customers / all customers`.
    pub share_all: f64,
    /// `share_best / share_all`: 2 means twice as frequent in the group; `null` for an empty group.
    pub index: Option<f64>,
    /// Two-sided Fisher exact test of group × value (1 when nothing can differ).
    pub p_value: f64,
    /// An expected count of the 2 × 2 table is below 5: the p-value is exact, but the share rests on few
    /// customers.
    pub small: bool,
}

/// One attribute's rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AttributeProfile {
    /// Column name.
    pub name: String,
    /// `sales` (a column of the sales file) or `customers` (of the customers file).
    pub source: &'static str,
    /// How its values were grouped.
    pub kind: Kind,
    /// The rows; their `customers` sum to all customers, their `customers_best` to the group.
    pub values: Vec<ValueRow>,
}

/// An attribute left out, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SkippedAttribute {
    /// Column name.
    pub name: String,
    /// `sales` or `customers`.
    pub source: &'static str,
    /// `distinct_values`: nearly one value per customer (an id, a name, an e-mail), nothing to compare.
    pub reason: &'static str,
    /// Distinct values among the customers.
    pub distinct: u64,
}

/// The profile report (the page's and the CLI's `--json`). Keys are contracts: add, don't rename.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ProfileReport {
    /// The options that produced it.
    pub options: ProfileOptions,
    /// The as-of date used.
    pub as_of: Option<String>,
    /// The group compared with all customers.
    pub group: GroupSummary,
    /// All customers (with a purchase before the as-of date).
    pub customers: u64,
    /// How the customers file met the sales customers; `null` without a customers file.
    pub join: Option<JoinReport>,
    /// One entry per attribute, sales-file columns first, then the customers file's, in column order.
    pub attributes: Vec<AttributeProfile>,
    /// Attributes left out.
    pub skipped_attributes: Vec<SkippedAttribute>,
    /// The test behind `p_value`, for people.
    pub test: &'static str,
    /// Notes the page words from their codes: `no_attributes` (nothing to profile), `empty_group`.
    pub notes: Vec<Notice>,
    /// Share of wallet from the customers file's surveyed category spend ([`wallet`]); says it is
    /// missing (`available: false`) without a customers file or a survey column.
    pub share_of_wallet: WalletReport,
}

/// Where the sales file's attribute values come from: the dataset, and how its numbers are written.
#[derive(Debug, Clone, Copy)]
pub struct Sales<'a> {
    /// The sales table.
    pub data: &'a Dataset,
    /// Its number format (the data report's decimal separator; see [`number_format`]).
    pub number: NumberFormat,
}

/// The number format of a data report (`,` or `.` as its decimal separator).
pub fn number_format(report: &crate::DataReport) -> NumberFormat {
    if report.dialect.decimal == "," { NumberFormat::COMMA } else { NumberFormat::default() }
}

/// Attributes whose distinct values exceed both this and half the customers with a value are skipped.
pub const SKIP_DISTINCT: usize = bins::MAX_CATEGORIES;

/// The test named in the report.
pub const TEST: &str = "two-sided Fisher exact test of the 2 x 2 table in the group or not x with the value or not (tables at most as likely as the observed one); small = an expected count below 5";

/// Profiles a group of customers: every attribute's values in the group against all customers.
pub fn profile(sales: Sales<'_>, customers: Option<&CustomerTable>, options: &ProfileOptions) -> Result<ProfileReport, AudienceError> {
    let ds = sales.data;
    let group = Group::parse(options.group.as_deref().unwrap_or("best"))?;
    let as_of = match &options.as_of {
        Some(s) => Some(crate::time::parse_day(s).map_err(|e| e.renamed("as_of"))?),
        None => None,
    };
    let p = profiles(ds, as_of)?;
    let n = p.rows.len();
    let in_group = members(ds, &p, group, options)?;
    let group_size = in_group.iter().filter(|&&g| g).count() as u64;

    let mut sources: Vec<(String, &'static str, &Interner, Vec<u32>, NumberFormat)> = Vec::new();
    for (attr, col) in p.attribute_columns(ds) {
        sources.push((attr.name.clone(), "sales", &col.dict, attr.values.clone(), sales.number));
    }
    let mut join = None;
    let mut joined_rows = Vec::new();
    if let Some(t) = customers {
        let (rows, report) = customers::join(t, p.rows.iter().map(|c| ds.customers.get(c.customer)));
        joined_rows.clone_from(&rows);
        for col in &t.columns {
            let values = rows.iter().map(|&r| if r == NONE { NONE } else { col.first.get(r as usize).copied().unwrap_or(NONE) }).collect();
            sources.push((col.name.clone(), "customers", &col.dict, values, t.number));
        }
        join = Some(report);
    }

    let mut attributes = Vec::new();
    let mut skipped = Vec::new();
    for (name, source, dict, values, number) in sources {
        let distinct = bins::distinct_used(&values);
        let with_value = values.iter().filter(|&&v| v != NONE).count();
        let b = bins::bin(&values, dict, number);
        if b.kind == Kind::Category && distinct > SKIP_DISTINCT && distinct * 2 > with_value {
            skipped.push(SkippedAttribute { name, source, reason: "distinct_values", distinct: distinct as u64 });
            continue;
        }
        attributes.push(AttributeProfile { name, source, kind: b.kind, values: rows_of(&b, &in_group, group_size, n as u64) });
    }
    let mut notes = Vec::new();
    if attributes.is_empty() {
        notes.push(Notice::new(
            "no_attributes",
            &[],
            "no attribute to profile: the sales file has no extra column (such as Country) and no customers file gives any".to_string(),
        ));
    }
    if group_size == 0 {
        notes.push(Notice::new(
            "empty_group",
            &[("group", serde_json::json!(group.key()))],
            format!("the group {} has no customers", group.key()),
        ));
    }
    let share_of_wallet = wallet::share_of_wallet(ds, &p, customers.map(|t| (t, joined_rows.as_slice())), &options.wallet)?;
    let (kind, name) = group_kind(group);
    Ok(ProfileReport {
        options: options.clone(),
        as_of: p.as_of_day.map(crate::time::day_string),
        group: GroupSummary { key: group.key(), kind, name, customers: group_size, share: ratio(group_size, n as u64) },
        customers: n as u64,
        join,
        attributes,
        skipped_attributes: skipped,
        test: TEST,
        notes,
        share_of_wallet,
    })
}

/// The group's kind and name in the report.
fn group_kind(group: Group) -> (&'static str, Option<String>) {
    match group {
        Group::Best => ("best", None),
        Group::Worst => ("worst", None),
        Group::Segment(s) => ("segment", Some(segment_key(s))),
        Group::Cluster(k) => ("cluster", Some(k.to_string())),
        Group::Stage(s) => ("stage", Some(s.key().to_string())),
    }
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole > 0 { part as f64 / whole as f64 } else { 0.0 }
}

/// Membership of each profile row in the group.
fn members(ds: &Dataset, p: &crate::segment::Profiles, group: Group, options: &ProfileOptions) -> Result<Vec<bool>, AudienceError> {
    let n = p.rows.len();
    let mut in_group = vec![false; n];
    match group {
        Group::Best | Group::Worst => {
            let revenue: Vec<f64> = p.rows.iter().map(|c| c.monetary).collect();
            let best = rank_best_first(&revenue, &p.id_rank);
            let sizes = decile_sizes(n);
            let chosen = if group == Group::Best { &best[..sizes[0]] } else { &best[n - sizes[9]..] };
            for &i in chosen {
                in_group[i as usize] = true;
            }
        }
        Group::Segment(_) | Group::Stage(_) | Group::Cluster(_) => {
            let clusters = matches!(group, Group::Cluster(_));
            let so = SegmentOptions {
                as_of: options.as_of.clone(),
                clusters: Some(ClusterOptions { enabled: clusters, ..Default::default() }),
                ..Default::default()
            };
            let s = crate::segment::segment(ds, &so)?;
            match group {
                Group::Segment(g) => in_group.iter_mut().zip(&s.scores.segment).for_each(|(m, &x)| *m = x == g),
                Group::Stage(g) => in_group.iter_mut().zip(&s.stage).for_each(|(m, &x)| *m = x == g),
                Group::Cluster(k) => {
                    let Some(labels) = &s.cluster else {
                        let why = s.report.clusters_reason.map_or_else(|| "clustering did not run".to_string(), |e| e.message);
                        return Err(AudienceError::NoGroup { what: group.key(), why });
                    };
                    let k_count = labels.iter().max().map_or(0, |m| m + 1);
                    if k >= k_count {
                        let expected = format!("expected cluster:0 to cluster:{}", k_count.saturating_sub(1));
                        return Err(BadParameter::new("group", group.key(), expected).into());
                    }
                    in_group.iter_mut().zip(labels).for_each(|(m, &x)| *m = x == k);
                }
                _ => {}
            }
        }
    }
    Ok(in_group)
}

/// The rows of one binned attribute.
fn rows_of(b: &bins::Binned, in_group: &[bool], group: u64, n: u64) -> Vec<ValueRow> {
    let k = b.bins.len();
    let (mut all, mut best) = (vec![0u64; k], vec![0u64; k]);
    for (&bin, &g) in b.of.iter().zip(in_group) {
        if let Some(c) = all.get_mut(bin as usize) {
            *c += 1;
            best[bin as usize] += g as u64;
        }
    }
    b.bins
        .iter()
        .enumerate()
        .filter(|(i, _)| all[*i] > 0)
        .map(|(i, bin)| {
            let t = stats::Table { a: best[i], group, value: all[i], n };
            let (share_best, share_all) = (ratio(best[i], group), ratio(all[i], n));
            ValueRow {
                value: bin.label.clone(),
                special: bin.special,
                lower: bin.lower,
                upper: bin.upper,
                customers: all[i],
                customers_best: best[i],
                share_best,
                share_all,
                index: (group > 0 && share_all > 0.0).then(|| share_best / share_all),
                p_value: stats::fisher_two_sided(t),
                small: t.min_expected() < 5.0,
            }
        })
        .collect()
}
