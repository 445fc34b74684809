//! The command line: subcommands and their flags, and how the flags become the core's options.
//!
//! Flags shared by several subcommands are declared once and flattened in (`Input`: the file and the
//! reading choices; `JsonArg`; `AsOfArg`). Enumerated values parse through `FromStr` implemented in the
//! core next to each enum, so a bad value is rejected by clap (exit 2) with the accepted names.

use clap::{Args, Parser, Subcommand};
use clientela::basket::{self, RulesOptions};
use clientela::clv::{ClvOptions, TimeUnit};
use clientela::segment::{self as analysis, SegmentOptions};
use clientela::sequence as analysis_seq;
use clientela::synth::shapes::Shape;

pub mod compare;
pub mod forecast;
mod ingest;
pub mod list;
pub mod predict;
pub mod profile;
pub mod sql;
pub use ingest::{IngestArgs, role_flag};

#[derive(Parser)]
#[command(name = "clientela", version, about = "Customer analytics for sales exports, on your own machine")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Read a sales file and print the detected dialect, the columns with their roles and the data report.
    Inspect {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        json: JsonArg,
    },
    /// Segment the customers: profiles, RFM scores and segments, deciles, concentration, profitable classes.
    Segment {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        as_of: AsOfArg,
        #[command(flatten)]
        json: JsonArg,
        /// Write the per-customer table (profile, R/F/M scores, segment, class, band, lifecycle stage,
        /// price sensitivity) to this CSV file.
        #[arg(long)]
        out: Option<String>,
        #[command(flatten)]
        behaviour: BehaviourArgs,
    },
    /// Market baskets: frequent itemsets and association rules ("customers who buy X also buy Y").
    #[command(mut_arg("file", |a| a.help(format!("{FILE_HELP}. FIMI .dat files read with `--layout baskets --no-header --delimiter ' '`"))))]
    Rules {
        #[command(flatten)]
        input: RulesInput,
        #[command(flatten)]
        rules: RulesArgs,
        #[command(flatten)]
        json: JsonArg,
    },
    /// Sequences: frequent sequential patterns over each customer's dated baskets, and timed rules
    /// "bought A, then B within N days" (with --after A: what comes next after A).
    Sequences {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        seq: SequenceArgs,
        #[command(flatten)]
        as_of: AsOfArg,
        #[command(flatten)]
        json: JsonArg,
    },
    /// Customer lifetime value: BG/NBD purchase model, Gamma-Gamma spend model, P(alive), expected purchases
    /// and value over a horizon, and a holdout check of the predictions.
    Clv {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        value: ClvArgs,
        #[command(flatten)]
        json: JsonArg,
        /// Write the per-customer table (rank, x, t_x, T, monetary, P(alive), expected purchases, spend, CLV)
        /// to this CSV file.
        #[arg(long)]
        out: Option<String>,
    },
    /// Profiles of the best customers: each attribute's values (Country, and the columns of a customers
    /// file) among the top revenue decile, or another group, against all customers, with the index and a
    /// p-value.
    Profile {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        profile: profile::ProfileArgs,
        #[command(flatten)]
        as_of: AsOfArg,
        #[command(flatten)]
        json: JsonArg,
    },
    /// A list of customers (a segment, cluster, stage, the best or worst customers…) as a CSV file in the
    /// column layout Mailchimp, Klaviyo, Google Ads Customer Match or Meta custom audiences import, with a
    /// tag column naming the list; optionally with SHA-256 hashed identifiers. Writes a file only.
    List {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        list: list::ListArgs,
        #[command(flatten)]
        as_of: AsOfArg,
        #[command(flatten)]
        json: JsonArg,
    },
    /// Prospects that match: a model of the best customers against the rest on the attributes the
    /// customers file and a prospects file share, checked on held-out customers (AUC), then every
    /// prospect scored with its expected value and the reasons.
    Prospects {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        prospects: profile::ProspectsArgs,
        #[command(flatten)]
        as_of: AsOfArg,
        #[command(flatten)]
        json: JsonArg,
    },
    /// Who buys next and how much: each customer's chance of a purchase (or of a place in the top revenue
    /// decile) within the horizon and the expected spend, from a model trained out of time, with a
    /// back-test one horizon earlier against recency alone and the lifetime-value model.
    Predict {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        predict: predict::PredictArgs,
        #[command(flatten)]
        as_of: AsOfArg,
        #[command(flatten)]
        json: JsonArg,
    },
    /// Revenue ahead: monthly and weekly purchase revenue forecast with season, trend and 80 % / 95 %
    /// prediction intervals, overall and by group, with a rolling-origin back-test (MAPE) against the
    /// seasonal-naive forecast.
    Forecast {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        forecast: forecast::ForecastArgs,
        #[command(flatten)]
        as_of: AsOfArg,
        #[command(flatten)]
        json: JsonArg,
    },
    /// Compare periods: a month, quarter or year against the previous one and the same one a year earlier
    /// (customers, new and returning, orders, average order value, repeat rate, revenue gross and net), with
    /// what changed most and the RFM segment migration across the period.
    Compare {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        compare: compare::CompareArgs,
        #[command(flatten)]
        as_of: AsOfArg,
        #[command(flatten)]
        json: JsonArg,
    },
    /// The SQL that turns the line items, where they live (DuckDB, Spark, BigQuery, Postgres), into the
    /// per-customer summary every customer analysis reads (`--layout customers`, detected by its header).
    /// FILE is the line-item file or a sample of it (its header and a few rows); prints one SELECT.
    Sql {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        sql: sql::SqlArgs,
        #[command(flatten)]
        as_of: AsOfArg,
    },
    /// Write a seeded synthetic sales file (line items, CSV) to standard output or a file; with
    /// `--shape`, the same shop as a platform's export; with `--baskets N`, a synthetic basket file (FIMI
    /// .dat, IBM Quest style) instead.
    Generate(GenerateArgs),
}

/// Help of the file argument (`rules` adds a sentence on FIMI files).
const FILE_HELP: &str = "CSV, TSV or text file (optionally .gz), or a workbook (.xlsx .xls .ods); `-` reads standard input";

/// The file every analysis reads, and the choices that override detection (the page offers the same).
#[derive(Args, Debug)]
pub struct Input {
    #[arg(help = FILE_HELP)]
    pub file: String,
    #[command(flatten)]
    pub ingest: IngestArgs,
}

/// What `rules` reads: a file of line items or baskets, or the frequent itemsets the Spark baskets job
/// wrote.
#[derive(Args, Debug)]
pub struct RulesInput {
    #[arg(help = FILE_HELP, required_unless_present = "itemsets")]
    pub file: Option<String>,
    #[command(flatten)]
    pub ingest: IngestArgs,
    /// Derive the rules from the frequent itemsets that the Spark baskets job wrote (`clientela sql
    /// --dialect spark --baskets`) instead of mining FILE: the job's output directory, or one file of its
    /// JSON lines. The minimum support and length default to the file's; they can only be stricter.
    #[arg(long, value_name = "PATH", conflicts_with = "file")]
    pub itemsets: Option<String>,
}

/// `--json`.
#[derive(Args, Debug)]
pub struct JsonArg {
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `--as-of`.
#[derive(Args, Debug)]
pub struct AsOfArg {
    /// As-of date YYYY-MM-DD (default: the day after the last date in the file); lines dated on or after it
    /// are left out.
    #[arg(long)]
    pub as_of: Option<String>,
}

/// Options of `rules`.
#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Minimum support: a fraction of the baskets (0.01 = 1 %), or a count of baskets when above 1
    /// (default 0.01; with --itemsets, the file's).
    #[arg(long)]
    pub min_support: Option<f64>,
    /// Minimum confidence of a rule (0 to 1).
    #[arg(long, default_value_t = 0.5)]
    min_confidence: f64,
    /// Largest itemset (items per rule).
    #[arg(long)]
    pub max_len: Option<usize>,
    /// Count the frequent itemsets and skip the rules.
    #[arg(long)]
    itemsets_only: bool,
    /// Minimum lift of a rule.
    #[arg(long)]
    min_lift: Option<f64>,
    /// Keep the best K rules (all are counted).
    #[arg(long, default_value_t = 1000)]
    max_rules: usize,
    /// Metric that picks the best rules: lift, confidence, support, leverage, conviction, count.
    #[arg(long, default_value = "lift")]
    sort_by: basket::Metric,
    /// Items by `code` (default) or by `name` (description).
    #[arg(long, default_value = "code")]
    item_key: basket::ItemKey,
    /// Keep rules that mention this item (repeatable).
    #[arg(long)]
    include: Vec<String>,
    /// Drop rules that mention this item (repeatable).
    #[arg(long)]
    exclude: Vec<String>,
    /// Keep rules whose consequent is this item: what leads to buying it (repeatable).
    #[arg(long)]
    target: Vec<String>,
    /// Report closed itemsets only (no superset with the same support).
    #[arg(long, conflicts_with = "maximal")]
    closed: bool,
    /// Report maximal itemsets only (no frequent superset).
    #[arg(long)]
    maximal: bool,
    /// Largest consequent (1 = one-item consequents; more allows multi-item consequents).
    #[arg(long, default_value_t = 1)]
    max_consequent: usize,
    /// Drop a rule when a more general rule (fewer antecedent items, same consequent) is at least as confident.
    #[arg(long)]
    prune_redundant: bool,
    /// Budget: stop with an error beyond this many frequent itemsets.
    #[arg(long, default_value_t = basket::params::DEFAULT_MAX_ITEMSETS)]
    max_itemsets: usize,
    /// Mine one group of the segmentation: `segment=Champions`, `cluster=2`, `stage=lapsing`, `rule=Regular`,
    /// `band=…`, `class=top`.
    #[arg(long)]
    segment: Option<basket::SegmentChoice>,
    /// Mine only the baskets of these customer ids (comma-separated).
    #[arg(long, value_delimiter = ',')]
    customers: Option<Vec<String>>,
    /// Compare the lift of the top rules across the groups of a grouping (segment, cluster, stage, rule,
    /// band, class).
    #[arg(long)]
    compare_by: Option<analysis::listing::GroupBy>,
}

impl RulesArgs {
    pub fn options(&self) -> RulesOptions {
        // Above 1 the support is a count of baskets; the fraction then stays at its default, unused.
        let support = self.min_support.unwrap_or(0.01);
        let (min_support, min_count) =
            if support > 1.0 { (0.01, Some(support.ceil().min(u32::MAX as f64) as u32)) } else { (support, None) };
        RulesOptions {
            item_key: self.item_key,
            min_support,
            min_count,
            max_len: self.max_len,
            itemsets: if self.closed {
                basket::Target::Closed
            } else if self.maximal {
                basket::Target::Maximal
            } else {
                basket::Target::All
            },
            max_itemsets: self.max_itemsets,
            itemsets_only: self.itemsets_only,
            min_confidence: self.min_confidence,
            min_lift: self.min_lift,
            max_consequent: self.max_consequent,
            include: self.include.clone(),
            exclude: self.exclude.clone(),
            targets: self.target.clone(),
            max_rules: self.max_rules,
            sort_by: self.sort_by,
            prune_redundant: self.prune_redundant,
            customers: self.customers.clone(),
            segment: self.segment.clone(),
            compare_by: self.compare_by,
            ..Default::default()
        }
    }
}

/// Options of `clv`.
#[derive(Args, Debug, Default)]
pub struct ClvArgs {
    /// Last day of the calibration period YYYY-MM-DD (inclusive): purchases on it and before fit the models.
    #[arg(long)]
    calibration_end: String,
    /// Last day of the holdout period YYYY-MM-DD (inclusive; default: the last date in the file).
    #[arg(long)]
    holdout_end: Option<String>,
    /// Time unit of t_x, T, alpha and the horizon: day or week (default week).
    #[arg(long)]
    time_unit: Option<TimeUnit>,
    /// Horizon of the predictions and the CLV, in time units (default one year).
    #[arg(long)]
    horizon: Option<f64>,
    /// Annual discount rate of the CLV (default 0.10).
    #[arg(long)]
    discount_rate: Option<f64>,
    /// Share of spend that is profit (default 1: CLV in revenue).
    #[arg(long)]
    margin: Option<f64>,
    /// Share of customers with the highest past value that count as valuable (default 0.2).
    #[arg(long)]
    at_risk_value_share: Option<f64>,
    /// P(alive) below which a valuable customer is listed as probably gone (default 0.3).
    #[arg(long)]
    at_risk_p_alive: Option<f64>,
    /// List only the best N customers in the report and the CSV (default: all).
    #[arg(long)]
    top: Option<usize>,
    /// Purchase model for the values: bgnbd, pareto-nbd, mbg-nbd or auto (default: the best on the holdout,
    /// or the lowest BIC without one).
    #[arg(long)]
    model: Option<String>,
}

impl ClvArgs {
    pub fn options(&self) -> ClvOptions {
        ClvOptions {
            calibration_end: Some(self.calibration_end.clone()),
            holdout_end: self.holdout_end.clone(),
            time_unit: self.time_unit,
            horizon: self.horizon,
            discount_rate: self.discount_rate,
            margin: self.margin,
            at_risk_value_share: self.at_risk_value_share,
            at_risk_p_alive: self.at_risk_p_alive,
            top: self.top,
            model: self.model.clone(),
        }
    }
}

/// Spend bands, migration and lifecycle options of `segment`.
#[derive(Args, Debug, Default)]
pub struct BehaviourArgs {
    /// Spend bands measure spend per `week`, per `month` (default) or over the whole `period`.
    #[arg(long)]
    band_period: Option<analysis::bands::BandPeriod>,
    /// Lower edges of the spend bands, increasing, e.g. `0,10,50` (bands 0–10, 10–50, 50+).
    #[arg(long)]
    band_edges: Option<Edges>,
    /// Band migration split date YYYY-MM-DD (default: the middle of the window).
    #[arg(long)]
    split_date: Option<String>,
    /// Days since the first purchase within which a customer is new (default 30).
    #[arg(long)]
    new_days: Option<u32>,
    /// Days without a purchase after which a customer is lapsed (default 180).
    #[arg(long)]
    lapsed_days: Option<u32>,
    /// A regular is lapsing after this multiple of their usual interval without a purchase (default 2).
    #[arg(long)]
    lapse_multiple: Option<f64>,
    /// Share of spend on discount from which a customer is price-sensitive (default 0.5).
    #[arg(long)]
    price_sensitive_share: Option<f64>,
    /// Skip the k-means clustering of R, F, M.
    #[arg(long)]
    no_clusters: bool,
    /// Largest number of clusters tried (default 10; the smallest is 2).
    #[arg(long)]
    max_clusters: Option<usize>,
    /// Rule-based segments, e.g. `frequency >= 5 -> "Regular"; recency_days > 180 -> "Gone"; else "Other"`.
    #[arg(long, conflicts_with = "rules_file")]
    rules: Option<String>,
    /// The rules from a file (one rule per line).
    #[arg(long)]
    pub rules_file: Option<String>,
    /// Threshold trigger: list customers whose cumulative spend crossed this amount ...
    #[arg(long)]
    trigger_amount: Option<f64>,
    /// ... within the last N days before the as-of date (default 30).
    #[arg(long, requires = "trigger_amount")]
    trigger_days: Option<u32>,
}

/// `--band-edges`: comma-separated numbers (their order and range are checked by the core).
#[derive(Debug, Clone)]
pub struct Edges(Vec<f64>);

impl std::str::FromStr for Edges {
    type Err = String;
    fn from_str(s: &str) -> Result<Edges, String> {
        s.split(',')
            .map(|x| x.trim().parse::<f64>().map_err(|_| format!("{x:?} is not a number; expected e.g. 0,10,50")))
            .collect::<Result<Vec<f64>, String>>()
            .map(Edges)
    }
}

impl BehaviourArgs {
    /// The segment options (`rules` is the text of `--rules`; `--rules-file` is read by the caller).
    pub fn options(&self, as_of: Option<String>) -> SegmentOptions {
        let mut o = SegmentOptions { as_of, ..Default::default() };
        o.band_period = self.band_period;
        o.band_edges = self.band_edges.as_ref().map(|e| e.0.clone());
        o.split_date = self.split_date.clone();
        if self.new_days.is_some() || self.lapsed_days.is_some() || self.lapse_multiple.is_some() {
            let mut l = analysis::lifecycle::LifecycleParams::default();
            l.new_days = self.new_days.unwrap_or(l.new_days);
            l.lapsed_days = self.lapsed_days.unwrap_or(l.lapsed_days);
            l.lapse_multiple = self.lapse_multiple.unwrap_or(l.lapse_multiple);
            o.lifecycle = Some(l);
        }
        o.price = self.price_sensitive_share.map(|v| analysis::price::PriceParams { sensitive_share: v });
        let mut clusters = analysis::kmeans::ClusterOptions { enabled: !self.no_clusters, ..Default::default() };
        if let Some(k) = self.max_clusters {
            clusters.k_max = k;
        }
        o.clusters = Some(clusters);
        o.rules = self.rules.clone();
        o.triggers = self.trigger_amount.map(|a| analysis::triggers::TriggerOptions { amount: Some(a), days: self.trigger_days });
        o
    }
}

/// Options of `sequences`.
#[derive(Args, Debug)]
pub struct SequenceArgs {
    /// Minimum support of a pattern: a fraction of the customers (0.01) or a number of customers (50).
    #[arg(long)]
    min_support: f64,
    /// Largest gap in days between consecutive elements of a pattern.
    #[arg(long)]
    max_gap_days: Option<u32>,
    /// Largest span in days from the first to the last element of a pattern.
    #[arg(long)]
    max_span_days: Option<u32>,
    /// Largest number of items in a pattern.
    #[arg(long)]
    max_len: Option<u32>,
    /// Stop mining after this many patterns (the report then says it was truncated).
    #[arg(long, default_value_t = 1_000_000)]
    max_patterns: u64,
    /// An element is the set of items of one `day` (default) or one `order`.
    #[arg(long, default_value = "day")]
    element: analysis_seq::ElementKind,
    /// Items by `code` (default) or `name`.
    #[arg(long, default_value = "code")]
    item_key: analysis_seq::ItemKey,
    /// Rows in the top patterns and timed rules.
    #[arg(long, default_value_t = 20)]
    top: u32,
    /// Window N of the timed rules "A, then B within N days".
    #[arg(long, default_value_t = 90)]
    within_days: u32,
    /// Target item A of the timed rules (code, or name): what comes next after A.
    #[arg(long)]
    after: Option<String>,
    /// Smallest number of buyers of A observed N days after it.
    #[arg(long, default_value_t = 10)]
    min_customers: u32,
    /// Smallest number of them who bought B in time.
    #[arg(long, default_value_t = 3)]
    min_count: u32,
    /// Smallest share of them who bought B in time.
    #[arg(long, default_value_t = 0.0)]
    min_share: f64,
    /// Rank timed rules by `lift` (default), `share` or `count`.
    #[arg(long, default_value = "lift")]
    sort: analysis_seq::TimedSort,
    /// Keep rules A -> A (A bought again within N days).
    #[arg(long)]
    include_repeat: bool,
    /// Only timed rules: skip the pattern mining.
    #[arg(long)]
    no_patterns: bool,
}

impl SequenceArgs {
    pub fn options(&self, as_of: Option<String>) -> analysis_seq::SequenceOptions {
        analysis_seq::SequenceOptions {
            as_of,
            element: self.element,
            item_key: self.item_key,
            patterns: !self.no_patterns,
            min_support: self.min_support,
            max_gap_days: self.max_gap_days,
            max_span_days: self.max_span_days,
            max_len: self.max_len,
            max_patterns: self.max_patterns,
            top: self.top,
            within_days: self.within_days,
            after: self.after.clone(),
            min_customers: self.min_customers,
            min_count: self.min_count,
            min_share: self.min_share,
            sort: self.sort,
            include_repeat: self.include_repeat,
        }
    }
}

/// Options of `generate`.
#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// Number of line-item rows.
    #[arg(long, default_value_t = 1_000_000)]
    pub rows: u64,
    /// Write the shop in the shape of a platform's export: shopify, woocommerce, woocommerce-analytics,
    /// stripe, square, etsy, amazon (tab-separated), german (Windows-1252, ;, decimal comma), french
    /// (UTF-8 BOM, ;, decimal comma) or cdnow (space-aligned customer-days).
    #[arg(long, conflicts_with_all = ["baskets", "clv_customers"])]
    pub shape: Option<Shape>,
    /// Write N synthetic baskets (one per line, items separated by spaces) instead of line items.
    #[arg(long)]
    pub baskets: Option<usize>,
    /// Write the purchases of N customers simulated from the BG/NBD and Gamma-Gamma models at the
    /// CDNOW estimates (CSV customer,date,amount; calibration end 2024-01-01, 39 weeks after it)
    /// instead of line items: the lifetime-value benchmark's input.
    #[arg(long, conflicts_with = "baskets")]
    pub clv_customers: Option<usize>,
    /// Baskets: average basket length (T).
    #[arg(long, default_value_t = 10.0, requires = "baskets")]
    pub avg_basket_len: f64,
    /// Baskets: average length of the planted patterns (I).
    #[arg(long, default_value_t = 4.0, requires = "baskets")]
    pub avg_pattern_len: f64,
    /// Baskets: number of planted patterns (L).
    #[arg(long, default_value_t = 2000, requires = "baskets")]
    pub patterns: usize,
    /// Baskets: number of distinct items (N).
    #[arg(long, default_value_t = 1000, requires = "baskets")]
    pub items: u32,
    /// Random seed (the same seed gives the same file).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Output file (default: standard output).
    #[arg(long, short)]
    pub output: Option<String>,
}
