//! `clientela`: the command-line tool over the same core as the page. Thin: arguments in, report out.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use clientela::basket::{self, RulesOptions, RulesReport};
use clientela::error::ErrorCode;
use clientela::ingest::date::DateFormat;
use clientela::ingest::decode::Encoding;
use clientela::ingest::roles::Role;
use clientela::ingest::{ColumnChoice, IngestOptions};
use clientela::segment::{self as analysis, SegmentOptions, SegmentReport};
use clientela::sequence as analysis_seq;
use clientela::{DataReport, Layout};

#[derive(Parser)]
#[command(name = "clientela", version, about = "Customer analytics for sales exports, on your own machine")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read a sales file and print the detected dialect, the columns with their roles and the data report.
    Inspect {
        /// CSV, TSV or text file (optionally .gz), or a workbook (.xlsx .xls .ods); `-` reads standard input.
        file: String,
        #[command(flatten)]
        ingest: IngestArgs,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Segment the customers: profiles, RFM scores and segments, deciles, concentration, profitable classes.
    Segment {
        /// CSV, TSV or text file (optionally .gz), or a workbook (.xlsx .xls .ods); `-` reads standard input.
        file: String,
        #[command(flatten)]
        ingest: IngestArgs,
        /// As-of date YYYY-MM-DD (default: the day after the last date in the file); later lines are left out.
        #[arg(long)]
        as_of: Option<String>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Write the per-customer table (profile, R/F/M scores, segment, class, band, lifecycle stage,
        /// price sensitivity) to this CSV file.
        #[arg(long)]
        out: Option<String>,
        #[command(flatten)]
        behaviour: BehaviourArgs,
    },
    /// Market baskets: frequent itemsets and association rules ("customers who buy X also buy Y").
    Rules {
        /// CSV, TSV or text file (optionally .gz), or a workbook (.xlsx .xls .ods); `-` reads standard input. FIMI .dat files read with
        /// `--layout baskets --no-header --delimiter ' '`.
        file: String,
        #[command(flatten)]
        ingest: IngestArgs,
        #[command(flatten)]
        rules: RulesArgs,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Sequences: frequent sequential patterns over each customer's dated baskets, and timed rules
    /// "bought A, then B within N days" (with --after A: what comes next after A).
    Sequences {
        /// CSV, TSV or text file (optionally .gz), or a workbook (.xlsx .xls .ods); `-` reads standard input.
        file: String,
        #[command(flatten)]
        ingest: IngestArgs,
        #[command(flatten)]
        seq: SequenceArgs,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Customer lifetime value: BG/NBD purchase model, Gamma-Gamma spend model, P(alive), expected purchases
    /// and value over a horizon, and a holdout check of the predictions.
    Clv {
        /// CSV, TSV or text file (optionally .gz), or a workbook (.xlsx .xls .ods); `-` reads standard input.
        file: String,
        #[command(flatten)]
        ingest: IngestArgs,
        #[command(flatten)]
        value: ClvArgs,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Write the per-customer table (rank, x, t_x, T, monetary, P(alive), expected purchases, spend, CLV)
        /// to this CSV file.
        #[arg(long)]
        out: Option<String>,
    },
    /// Write a seeded synthetic sales file (line items, CSV) to standard output or a file; with
    /// `--shape`, the same shop as a platform's export; with `--baskets N`, a synthetic basket file (FIMI
    /// .dat, IBM Quest style) instead.
    Generate {
        /// Number of line-item rows.
        #[arg(long, default_value_t = 1_000_000)]
        rows: u64,
        /// Write the shop in the shape of a platform's export: shopify, woocommerce, woocommerce-analytics,
        /// stripe, square, etsy, amazon (tab-separated), german (Windows-1252, ;, decimal comma), french
        /// (UTF-8 BOM, ;, decimal comma) or cdnow (space-aligned customer-days).
        #[arg(long, conflicts_with_all = ["baskets", "clv_customers"])]
        shape: Option<clientela::synth::shapes::Shape>,
        /// Write N synthetic baskets (one per line, items separated by spaces) instead of line items.
        #[arg(long)]
        baskets: Option<usize>,
        /// Write the purchases of N customers simulated from the BG/NBD and Gamma-Gamma models at the
        /// CDNOW estimates (CSV customer,date,amount; calibration end 2024-01-01, 39 weeks after it)
        /// instead of line items: the lifetime-value benchmark's input.
        #[arg(long, conflicts_with = "baskets")]
        clv_customers: Option<usize>,
        /// Baskets: average basket length (T).
        #[arg(long, default_value_t = 10.0, requires = "baskets")]
        avg_basket_len: f64,
        /// Baskets: average length of the planted patterns (I).
        #[arg(long, default_value_t = 4.0, requires = "baskets")]
        avg_pattern_len: f64,
        /// Baskets: number of planted patterns (L).
        #[arg(long, default_value_t = 2000, requires = "baskets")]
        patterns: usize,
        /// Baskets: number of distinct items (N).
        #[arg(long, default_value_t = 1000, requires = "baskets")]
        items: u32,
        /// Random seed (the same seed gives the same file).
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Output file (default: standard output).
        #[arg(long, short)]
        output: Option<String>,
    },
}

/// Options of `rules`.
#[derive(Args, Debug)]
struct RulesArgs {
    /// Minimum support: a fraction of the baskets (0.01 = 1 %), or a count of baskets when above 1.
    #[arg(long, default_value_t = 0.01)]
    min_support: f64,
    /// Minimum confidence of a rule (0 to 1).
    #[arg(long, default_value_t = 0.5)]
    min_confidence: f64,
    /// Largest itemset (items per rule).
    #[arg(long)]
    max_len: Option<usize>,
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
    #[arg(long, default_value = "lift", value_parser = parse_metric)]
    sort_by: basket::Metric,
    /// Items by `code` (default) or by `name` (description).
    #[arg(long, default_value = "code", value_parser = parse_item_key)]
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
    #[arg(long, value_parser = parse_segment_choice)]
    segment: Option<basket::SegmentChoice>,
    /// Mine only the baskets of these customer ids (comma-separated).
    #[arg(long, value_delimiter = ',')]
    customers: Option<Vec<String>>,
    /// Compare the lift of the top rules across the groups of a grouping (segment, cluster, stage, rule,
    /// band, class).
    #[arg(long, value_parser = parse_group_by)]
    compare_by: Option<analysis::listing::GroupBy>,
}

fn parse_metric(s: &str) -> Result<basket::Metric, String> {
    basket::Metric::from_name(s).ok_or_else(|| "expected lift, confidence, support, leverage, conviction or count".into())
}

fn parse_item_key(s: &str) -> Result<basket::ItemKey, String> {
    match s {
        "code" => Ok(basket::ItemKey::Code),
        "name" => Ok(basket::ItemKey::Name),
        _ => Err("expected code or name".into()),
    }
}

fn parse_group_by(s: &str) -> Result<analysis::listing::GroupBy, String> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_string()))
        .map_err(|_| "expected segment, cluster, rule, stage, band or class".into())
}

fn parse_segment_choice(s: &str) -> Result<basket::SegmentChoice, String> {
    let (by, value) = s.split_once('=').ok_or("expected GROUPING=VALUE, e.g. segment=Champions or cluster=2")?;
    Ok(basket::SegmentChoice { by: parse_group_by(by)?, value: value.trim().to_string() })
}

impl RulesArgs {
    fn options(&self) -> RulesOptions {
        let (min_support, min_count) = if self.min_support > 1.0 {
            (0.01, Some(self.min_support.ceil().min(u32::MAX as f64) as u32))
        } else {
            (self.min_support, None)
        };
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
struct ClvArgs {
    /// Last day of the calibration period YYYY-MM-DD (inclusive): purchases on it and before fit the models.
    #[arg(long)]
    calibration_end: String,
    /// Last day of the holdout period YYYY-MM-DD (inclusive; default: the last date in the file).
    #[arg(long)]
    holdout_end: Option<String>,
    /// Time unit of t_x, T, alpha and the horizon: day or week (default week).
    #[arg(long, value_parser = parse_time_unit)]
    time_unit: Option<clientela::clv::TimeUnit>,
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

fn parse_time_unit(s: &str) -> Result<clientela::clv::TimeUnit, String> {
    clientela::clv::TimeUnit::from_name(s).ok_or_else(|| "expected day or week".into())
}

impl ClvArgs {
    fn options(&self) -> clientela::clv::ClvOptions {
        clientela::clv::ClvOptions {
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
struct BehaviourArgs {
    /// Spend bands measure spend per `week`, per `month` (default) or over the whole `period`.
    #[arg(long, value_parser = parse_band_period)]
    band_period: Option<analysis::bands::BandPeriod>,
    /// Lower edges of the spend bands, increasing, e.g. `0,10,50` (bands 0–10, 10–50, 50+).
    #[arg(long, value_parser = parse_edges)]
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
    rules_file: Option<String>,
    /// Threshold trigger: list customers whose cumulative spend crossed this amount ...
    #[arg(long)]
    trigger_amount: Option<f64>,
    /// ... within the last N days before the as-of date (default 30).
    #[arg(long, requires = "trigger_amount")]
    trigger_days: Option<u32>,
}

/// Options of `sequences`.
#[derive(Args, Debug)]
struct SequenceArgs {
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
    #[arg(long, value_parser = parse_element, default_value = "day")]
    element: analysis_seq::ElementKind,
    /// Items by `code` (default) or `name`.
    #[arg(long, value_parser = parse_seq_item_key, default_value = "code")]
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
    #[arg(long, value_parser = parse_timed_sort, default_value = "lift")]
    sort: analysis_seq::TimedSort,
    /// Keep rules A -> A (A bought again within N days).
    #[arg(long)]
    include_repeat: bool,
    /// Only timed rules: skip the pattern mining.
    #[arg(long)]
    no_patterns: bool,
    /// As-of date YYYY-MM-DD (default: the day after the last date in the file).
    #[arg(long)]
    as_of: Option<String>,
}

impl SequenceArgs {
    fn options(&self) -> analysis_seq::SequenceOptions {
        analysis_seq::SequenceOptions {
            as_of: self.as_of.clone(),
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

fn parse_element(s: &str) -> Result<analysis_seq::ElementKind, String> {
    match s {
        "day" => Ok(analysis_seq::ElementKind::Day),
        "order" => Ok(analysis_seq::ElementKind::Order),
        _ => Err("expected day or order".into()),
    }
}

fn parse_seq_item_key(s: &str) -> Result<analysis_seq::ItemKey, String> {
    match s {
        "code" => Ok(analysis_seq::ItemKey::Code),
        "name" => Ok(analysis_seq::ItemKey::Name),
        _ => Err("expected code or name".into()),
    }
}

fn parse_timed_sort(s: &str) -> Result<analysis_seq::TimedSort, String> {
    match s {
        "lift" => Ok(analysis_seq::TimedSort::Lift),
        "share" => Ok(analysis_seq::TimedSort::Share),
        "count" => Ok(analysis_seq::TimedSort::Count),
        _ => Err("expected lift, share or count".into()),
    }
}

/// Band edges as given on the command line.
#[derive(Debug, Clone)]
struct Edges(Vec<f64>);

fn parse_band_period(s: &str) -> Result<analysis::bands::BandPeriod, String> {
    analysis::bands::BandPeriod::from_name(s).ok_or_else(|| "expected week, month or period".into())
}

fn parse_edges(s: &str) -> Result<Edges, String> {
    s.split(',')
        .map(|x| x.trim().parse::<f64>().map_err(|_| format!("{x:?} is not a number; expected e.g. 0,10,50")))
        .collect::<Result<Vec<f64>, String>>()
        .map(Edges)
}

impl BehaviourArgs {
    fn apply(&self, o: &mut SegmentOptions) {
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
    }
}

/// Choices that override detection; the page offers the same.
#[derive(Args, Debug, Default)]
struct IngestArgs {
    /// `line-items` (one row per product line) or `baskets` (one basket per row).
    #[arg(long, value_parser = parse_layout)]
    layout: Option<Layout>,
    /// The first line is data, not a header.
    #[arg(long, conflicts_with = "header")]
    no_header: bool,
    /// The first line is a header.
    #[arg(long)]
    header: bool,
    /// Field delimiter: `,` `;` `|` `tab` `space` or any single character.
    #[arg(long, value_parser = parse_delimiter)]
    delimiter: Option<char>,
    /// Text encoding: utf-8, utf-16le, utf-16be, windows-1252 (latin-1).
    #[arg(long, value_parser = parse_encoding)]
    encoding: Option<Encoding>,
    /// Column with the customer id (header name or 1-based number).
    #[arg(long)]
    customer_column: Option<String>,
    /// Column with the purchase date.
    #[arg(long)]
    date_column: Option<String>,
    /// Column with the order / invoice / basket id.
    #[arg(long)]
    order_column: Option<String>,
    /// Column with the item code (or the item name when there is no code).
    #[arg(long)]
    item_column: Option<String>,
    /// Column with the item name.
    #[arg(long)]
    item_name_column: Option<String>,
    /// Column with the quantity.
    #[arg(long)]
    quantity_column: Option<String>,
    /// Column with the unit price.
    #[arg(long)]
    price_column: Option<String>,
    /// Column with the line amount.
    #[arg(long)]
    amount_column: Option<String>,
    /// Column with the cost (per line).
    #[arg(long)]
    cost_column: Option<String>,
    /// Column with the discount.
    #[arg(long)]
    discount_column: Option<String>,
    /// Column with the list (undiscounted) unit price.
    #[arg(long)]
    list_price_column: Option<String>,
    /// Column with the order or payment status (refunded, cancelled, failed orders become returns).
    #[arg(long)]
    status_column: Option<String>,
    /// Column whose any value marks the order cancelled (e.g. Shopify's Cancelled at).
    #[arg(long)]
    cancelled_column: Option<String>,
    /// Column with the amount refunded on the order.
    #[arg(long)]
    refund_column: Option<String>,
    /// Columns to ignore (repeatable).
    #[arg(long)]
    ignore_column: Vec<String>,
    /// Date format: ymd (ISO), dmy (day first), mdy (month first), yyyymmdd.
    #[arg(long, value_parser = parse_date_format)]
    date_format: Option<DateFormat>,
    /// Numbers use a decimal comma (1.234,56).
    #[arg(long, conflicts_with = "decimal_point")]
    decimal_comma: bool,
    /// Numbers use a decimal point (1,234.56).
    #[arg(long)]
    decimal_point: bool,
    /// Sheet of a workbook (.xlsx, .xls, .ods) to read: its name or 1-based number (default: the first
    /// sheet with data).
    #[arg(long, value_name = "NAME|N")]
    sheet: Option<String>,
}

fn parse_layout(s: &str) -> Result<Layout, String> {
    match s.replace('_', "-").as_str() {
        "line-items" | "lines" | "line-item" => Ok(Layout::LineItems),
        "baskets" | "basket" => Ok(Layout::Baskets),
        _ => Err("expected line-items or baskets".into()),
    }
}

fn parse_delimiter(s: &str) -> Result<char, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok('\t'),
        "space" | " " => Ok(' '),
        "comma" => Ok(','),
        "semicolon" => Ok(';'),
        "pipe" => Ok('|'),
        _ if s.chars().count() == 1 && s.is_ascii() => Ok(s.chars().next().unwrap_or(',')),
        _ => Err("expected one ASCII character, or tab / space / comma / semicolon / pipe".into()),
    }
}

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    Encoding::from_name(s).ok_or_else(|| "expected utf-8, utf-16le, utf-16be or windows-1252".into())
}

fn parse_date_format(s: &str) -> Result<DateFormat, String> {
    DateFormat::from_name(s).ok_or_else(|| "expected ymd, dmy, mdy or yyyymmdd".into())
}

impl IngestArgs {
    fn options(&self) -> IngestOptions {
        let mut columns = Vec::new();
        let pairs = [
            (&self.customer_column, Role::Customer),
            (&self.date_column, Role::Date),
            (&self.order_column, Role::Order),
            (&self.item_column, Role::ItemCode),
            (&self.item_name_column, Role::ItemName),
            (&self.quantity_column, Role::Quantity),
            (&self.price_column, Role::UnitPrice),
            (&self.amount_column, Role::Amount),
            (&self.cost_column, Role::Cost),
            (&self.discount_column, Role::Discount),
            (&self.list_price_column, Role::ListPrice),
            (&self.status_column, Role::Status),
            (&self.cancelled_column, Role::Cancelled),
            (&self.refund_column, Role::Refund),
        ];
        for (v, role) in pairs {
            if let Some(c) = v {
                columns.push(ColumnChoice { column: c.clone(), role });
            }
        }
        for c in &self.ignore_column {
            columns.push(ColumnChoice { column: c.clone(), role: Role::Ignore });
        }
        IngestOptions {
            encoding: self.encoding,
            delimiter: self.delimiter,
            header: if self.no_header {
                Some(false)
            } else if self.header {
                Some(true)
            } else {
                None
            },
            layout: self.layout,
            columns,
            date_format: self.date_format,
            decimal_comma: if self.decimal_comma {
                Some(true)
            } else if self.decimal_point {
                Some(false)
            } else {
                None
            },
            max_memory_mb: None,
            sheet: self.sheet.clone(),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Inspect { file, ingest, json } => inspect(&file, &ingest, json),
        Command::Segment { file, ingest, as_of, json, out, behaviour } => segment(&file, &ingest, as_of, &behaviour, json, out.as_deref()),
        Command::Rules { file, ingest, rules, json } => mine_rules(&file, &ingest, &rules, json),
        Command::Sequences { file, ingest, seq, json } => sequences(&file, &ingest, &seq, json),
        Command::Clv { file, ingest, value, json, out } => clv(&file, &ingest, &value, json, out.as_deref()),
        Command::Generate { baskets: Some(baskets), avg_basket_len, avg_pattern_len, patterns, items, seed, output, .. } => {
            let p = basket::quest::QuestParams { baskets, avg_basket_len, avg_pattern_len, patterns, items, seed, ..Default::default() };
            generate_baskets(&p, output.as_deref())
        }
        Command::Generate { clv_customers: Some(customers), seed, output, .. } => generate_clv(customers, seed, output.as_deref()),
        Command::Generate { rows, seed, output, shape, .. } => generate(rows, seed, shape, output.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if std::env::args().any(|a| a == "--json") {
                let json = serde_json::json!({ "error": { "code": e.code(), "message": e.to_string(), "hint": hint(&e) } });
                eprintln!("{json}");
            } else {
                match hint(&e) {
                    Some(h) => eprintln!("clientela: {e}\n  {h}"),
                    None => eprintln!("clientela: {e}"),
                }
            }
            ExitCode::from(exit_code(&e))
        }
    }
}

/// Exit codes: 0 done; 2 wrong usage (clap's own, a bad option or parameter value); 3 the input cannot be
/// read; 4 the input was read but holds nothing to analyse; 5 an analysis declined to run on this table (no
/// customer column, too few repeat buyers, too many itemsets…); 1 any other failure (writing output).
fn exit_code(e: &clientela::Error) -> u8 {
    use clientela::Error as E;
    match e {
        E::BadOption { .. } => 2,
        E::Refused(j) if j.code == "bad_parameter" => 2,
        E::Empty | E::NotText { .. } | E::Gzip { .. } | E::OneColumn { .. } | E::TooLarge { .. } => 3,
        E::Unusable(_) => 4,
        E::Refused(_) => 5,
        _ => 1,
    }
}

/// The command line's own words on how to fix an error (the core's messages name no flag).
fn hint(e: &clientela::Error) -> Option<String> {
    match e {
        clientela::Error::Unusable(p) => Some(match (p.role, &p.column_name) {
            (Some(role), Some(name)) if role_flag(role).is_some() => format!(
                "Run `clientela inspect FILE` to see every column; give the {} column with {} NAME (or --ignore-column {name:?}).",
                role.name().replace('_', " "),
                role_flag(role).unwrap_or_default(),
            ),
            _ => "Run `clientela inspect FILE` to see how each column was read; the --*-column flags choose the columns.".into(),
        }),
        clientela::Error::Refused(j) if j.code == "no_customer_column" => Some("Give it with --customer-column NAME.".into()),
        clientela::Error::Refused(j) if j.code == "no_customers" => Some("Give the customer column with --customer-column NAME.".into()),
        clientela::Error::Refused(j) if j.code == "no_dates" => Some("Give it with --date-column NAME.".into()),
        clientela::Error::Refused(j) if j.code == "dates_undecided" => Some("Choose with --date-format dmy or --date-format mdy.".into()),
        _ => None,
    }
}

/// The flag that gives a role its column.
fn role_flag(role: Role) -> Option<&'static str> {
    Some(match role {
        Role::Customer => "--customer-column",
        Role::Date => "--date-column",
        Role::Order => "--order-column",
        Role::ItemCode => "--item-column",
        Role::ItemName => "--item-name-column",
        Role::Quantity => "--quantity-column",
        Role::UnitPrice => "--price-column",
        Role::Amount => "--amount-column",
        Role::Cost => "--cost-column",
        Role::Discount => "--discount-column",
        Role::ListPrice => "--list-price-column",
        Role::Status => "--status-column",
        Role::Cancelled => "--cancelled-column",
        Role::Refund => "--refund-column",
        _ => return None,
    })
}

/// Reads a file for an analysis: a table with nothing to analyse is an error (exit 4), never an empty report.
fn read_usable(file: &str, args: &IngestArgs) -> Result<clientela::Dataset, clientela::Error> {
    let (data, report) = clientela::ingest::read(open(file)?, args.options())?;
    report.check()?;
    Ok(data)
}

fn open(file: &str) -> Result<Box<dyn std::io::Read>, clientela::Error> {
    if file == "-" {
        return Ok(Box::new(std::io::stdin().lock()));
    }
    let f = std::fs::File::open(file).map_err(|e| clientela::Error::Io(format!("{file}: {e}")))?;
    Ok(Box::new(f))
}

/// Writes a report to standard output: as pretty JSON with `--json`, else as the readable text `print` writes.
fn emit<R: serde::Serialize>(
    report: &R,
    json: bool,
    print: impl FnOnce(&mut BufWriter<std::io::StdoutLock<'static>>) -> std::io::Result<()>,
) -> Result<(), clientela::Error> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, report).map_err(|e| clientela::Error::Io(e.to_string()))?;
        writeln!(out)?;
    } else {
        print(&mut out)?;
    }
    out.flush()?;
    Ok(())
}

fn inspect(file: &str, args: &IngestArgs, json: bool) -> Result<(), clientela::Error> {
    let (_, report) = clientela::ingest::read(open(file)?, args.options())?;
    emit(&report, json, |out| print_report(out, &report))?;
    // The report is printed either way (it shows what was rejected and why); the exit code says it is empty.
    report.check()
}

fn segment(
    file: &str,
    args: &IngestArgs,
    as_of: Option<String>,
    behaviour: &BehaviourArgs,
    json: bool,
    csv_out: Option<&str>,
) -> Result<(), clientela::Error> {
    let data = read_usable(file, args)?;
    let mut options = SegmentOptions { as_of, ..Default::default() };
    behaviour.apply(&mut options);
    if let Some(path) = &behaviour.rules_file {
        options.rules = Some(std::fs::read_to_string(path).map_err(|e| clientela::Error::Io(format!("{path}: {e}")))?);
    }
    // Analysis errors keep their own code and message; the CLI only prints them.
    let s = analysis::segment(&data, &options).map_err(|e| clientela::Error::Refused(e.to_json()))?;
    if let Some(e) = s.report.rule_segments.as_ref().and_then(|r| r.error.as_ref()) {
        return Err(clientela::Error::BadOption {
            option: "--rules".into(),
            value: options.rules.clone().unwrap_or_default(),
            message: format!("line {}, column {}: {}", e.line, e.column, e.message),
        });
    }
    if let Some(path) = csv_out {
        let f = std::fs::File::create(path).map_err(|e| clientela::Error::Io(format!("{path}: {e}")))?;
        analysis::export::write_customers_csv(BufWriter::new(f), &data, &s)?;
    }
    emit(&s.report, json, |out| {
        print_segments(out, &s.report)?;
        match csv_out {
            Some(path) => writeln!(out, "\nPer-customer table written to {path}"),
            None => Ok(()),
        }
    })
}

fn clv(file: &str, args: &IngestArgs, value: &ClvArgs, json: bool, csv_out: Option<&str>) -> Result<(), clientela::Error> {
    let data = read_usable(file, args)?;
    // Analysis errors keep their own message; the CLI only prints them.
    let v = clientela::clv::clv(&data, &value.options()).map_err(|e| clientela::Error::Refused(e.to_json()))?;
    if let Some(path) = csv_out {
        let f = std::fs::File::create(path).map_err(|e| clientela::Error::Io(format!("{path}: {e}")))?;
        clientela::clv::export::write_csv(BufWriter::new(f), &v.report)?;
    }
    emit(&v.report, json, |out| {
        print_clv(out, &v.report)?;
        match csv_out {
            Some(path) => writeln!(out, "\nPer-customer table written to {path}"),
            None => Ok(()),
        }
    })
}

fn print_clv(out: &mut impl Write, r: &clientela::clv::ClvReport) -> std::io::Result<()> {
    let unit = r.time_unit.name();
    writeln!(
        out,
        "Calibration  {} to {} (inclusive), {} customers, {} repeat buyers; time unit {unit}",
        r.calibration_start, r.calibration_end, r.calibration_customers, r.repeat_buyers
    )?;
    if let Some(h) = &r.holdout_end {
        writeln!(
            out,
            "Holdout      after {} to {} (inclusive); {} customers first bought in the holdout",
            r.calibration_end, h, r.first_purchase_in_holdout
        )?;
    }
    let b = &r.bgnbd;
    let d = &b.diagnostics;
    writeln!(
        out,
        "\nBG/NBD (purchases)  r {:.4}  alpha {:.4}  a {:.4}  b {:.4}  log-likelihood {:.2}",
        b.r, b.alpha, b.a, b.b, b.log_likelihood
    )?;
    writeln!(
        out,
        "  search: {} iterations, converged {}, gradient {:.1e}, {} of {} starts converged",
        d.iterations, d.converged, d.gradient_norm, d.starts_converged, d.starts_tried
    )?;
    for m in &b.parameters {
        writeln!(
            out,
            "  {:<6} {:>10.4} ± {:<8} {}",
            m.name,
            m.value,
            m.standard_error.map_or("-".into(), |s| format!("{s:.4}")),
            m.meaning
        )?;
    }
    match &r.gamma_gamma {
        Some(g) => {
            writeln!(
                out,
                "\nGamma-Gamma (spend)  p {:.4}  q {:.4}  gamma {:.4}  log-likelihood {:.2}, {} repeat buyers",
                g.p, g.q, g.gamma, g.log_likelihood, g.customers
            )?;
            for m in &g.parameters {
                writeln!(
                    out,
                    "  {:<6} {:>10.4} ± {:<8} {}",
                    m.name,
                    m.value,
                    m.standard_error.map_or("-".into(), |s| format!("{s:.4}")),
                    m.meaning
                )?;
            }
            if let Some(c) = g.frequency_spend_correlation {
                writeln!(out, "  correlation of repeat purchases and mean spend {c:.3} (warning above {})", g.correlation_threshold)?;
            }
        }
        None => writeln!(out, "\nGamma-Gamma (spend)  not fitted (see warnings)")?,
    }
    writeln!(out, "\nModels on the calibration period (lower BIC and holdout error are better)")?;
    for m in &r.model_comparison {
        writeln!(
            out,
            "  {} {:<11} log-likelihood {:>12.2}  BIC {:>12.2}  holdout error per customer {}",
            if m.chosen { "*" } else { " " },
            m.label,
            m.log_likelihood,
            m.bic,
            m.holdout_mae.map_or("-".into(), |e| format!("{e:.4}"))
        )?;
    }
    if let Some(p) = &r.pareto_nbd {
        writeln!(out, "  Pareto/NBD  r {:.4}  alpha {:.4}  s {:.4}  beta {:.4}", p.r, p.alpha, p.s, p.beta)?;
    }
    if let Some(m) = &r.mbg_nbd {
        writeln!(out, "  MBG/NBD     r {:.4}  alpha {:.4}  a {:.4}  b {:.4}", m.r, m.alpha, m.a, m.b)?;
    }
    writeln!(out, "Values use {}: {}", r.model_label, r.model_reason)?;
    writeln!(
        out,
        "Scored as of {}{}",
        r.scoring.as_of,
        if r.scoring.refitted { ", the model refitted on all purchases up to that day" } else { "" }
    )?;
    writeln!(out, "\n{}", r.clv_rule)?;
    writeln!(
        out,
        "Totals over {} {unit}s: {:.1} expected purchases, CLV {}, mean P(alive) {:.3}",
        r.horizon,
        r.totals.expected_purchases,
        r.totals.clv.map_or("-".into(), money),
        r.totals.mean_p_alive
    )?;
    writeln!(
        out,
        "\nTop customers by {}\n  rank  customer      x     t_x       T   P(alive)  E[purchases]     E[spend]           CLV",
        r.rank_by
    )?;
    for c in r.customers.iter().take(15) {
        writeln!(
            out,
            "  {:>4}  {:<10} {:>4} {:>7.1} {:>7.1}   {:>8.3}  {:>12.2} {:>12} {:>13}",
            c.rank,
            c.customer,
            c.x,
            c.t_x,
            c.t,
            c.p_alive,
            c.expected_purchases,
            c.expected_spend.map_or("-".into(), money),
            c.clv.map_or("-".into(), money)
        )?;
    }
    writeln!(
        out,
        "\nP(alive)  {}",
        r.p_alive_histogram.iter().map(|b| format!("{:.1}-{:.1}: {}", b.from, b.to, b.customers)).collect::<Vec<_>>().join(", ")
    )?;
    let a = &r.at_risk;
    writeln!(
        out,
        "\nValuable but probably gone: {} customers ({}; past value from {})",
        a.customers.len(),
        a.rule,
        money(a.value_threshold)
    )?;
    for c in a.customers.iter().take(10) {
        writeln!(
            out,
            "  {:<10} past value {:>12}  P(alive) {:.3}  x {}  last purchase {:.1} {unit}s before {}",
            c.customer,
            money(c.past_value),
            c.p_alive,
            c.x,
            c.t - c.t_x,
            r.scoring.as_of
        )?;
    }
    let k = &r.churn_risk;
    writeln!(out, "\nChurn risk: {} customers ({})", k.customers_at_risk, k.rule)?;
    if let Some(n) = &k.note {
        writeln!(out, "  {n}")?;
    }
    for c in k.customers.iter().take(10) {
        writeln!(
            out,
            "  {:<10} at risk {:>12}  P(alive) {:.3}  {}",
            c.customer,
            c.value_at_risk.map_or(format!("{:.2} purchases", c.purchases_at_risk), money),
            c.p_alive,
            c.risk_reason
        )?;
    }
    if let Some(h) = &r.holdout {
        writeln!(
            out,
            "\nHoldout check over {:.1} {unit}s ({} to {}): predicted {:.1} repeat purchases, actual {} ({})",
            h.length,
            h.start,
            h.end,
            h.predicted_total,
            h.actual_total,
            h.relative_error.map_or("-".into(), |e| format!("{:+.1} %", 100.0 * e))
        )?;
        writeln!(out, "  calibration x  customers  actual mean  predicted mean")?;
        for f in &h.by_frequency {
            writeln!(out, "  {:>13}  {:>9}  {:>11.3}  {:>14.3}", f.frequency, f.customers, f.actual_mean, f.predicted_mean)?;
        }
    }
    for w in &r.warnings {
        writeln!(out, "WARNING   {w}")?;
    }
    Ok(())
}

fn sequences(file: &str, args: &IngestArgs, seq: &SequenceArgs, json: bool) -> Result<(), clientela::Error> {
    let data = read_usable(file, args)?;
    // Analysis errors keep their own message; the CLI only prints them.
    let r = analysis_seq::sequences(&data, &seq.options()).map_err(|e| clientela::Error::Refused(e.to_json()))?;
    emit(&r, json, |out| print_sequences(out, &r))
}

fn print_sequences(out: &mut impl Write, r: &analysis_seq::SequenceReport) -> std::io::Result<()> {
    writeln!(
        out,
        "Customers {} ({} elements by {}, {} items), as of {}",
        r.customers,
        r.elements,
        match r.options.element {
            analysis_seq::ElementKind::Day => "day",
            analysis_seq::ElementKind::Order => "order",
        },
        r.items,
        r.as_of.as_deref().unwrap_or("-")
    )?;
    if r.options.patterns {
        writeln!(
            out,
            "\nFrequent patterns  {}{} at support {} customers{}{}",
            r.patterns,
            if r.truncated { " (budget reached: truncated)" } else { "" },
            r.min_support_count,
            r.options.max_gap_days.map_or(String::new(), |g| format!(", gap at most {g} days")),
            r.options.max_span_days.map_or(String::new(), |g| format!(", span at most {g} days")),
        )?;
        let lens: Vec<String> = r.patterns_by_length.iter().enumerate().map(|(k, n)| format!("{}: {n}", k + 1)).collect();
        writeln!(out, "  by number of items  {}", lens.join(", "))?;
        writeln!(out, "  customers  support  pattern (at least two elements)")?;
        for p in &r.top_patterns {
            let els: Vec<String> = p.elements.iter().map(|e| format!("({})", e.join(", "))).collect();
            writeln!(out, "  {:>9}  {:>7}  <{}>", p.customers, pct(p.support), els.join(", "))?;
        }
    }
    let t = &r.timed;
    writeln!(
        out,
        "\nTimed rules  A, then B within {} days (observed until {}; base rates over {} purchase days)",
        t.within_days,
        t.observed_until.as_deref().unwrap_or("-"),
        t.base_purchase_days
    )?;
    if let Some(a) = &t.after {
        writeln!(
            out,
            "  after {}{}: {} buyers, {} observed {} days after, {} excluded (observed for less)",
            a.item,
            a.name.as_deref().map_or(String::new(), |n| format!(" ({n})")),
            a.buyers,
            a.observed,
            t.within_days,
            a.excluded_short_observation
        )?;
    }
    writeln!(
        out,
        "  {:<14} {:<14} {:>8} {:>8} {:>7} {:>8} {:>8} {:>7} {:>9}",
        "A", "B", "with A", "excluded", "count", "share", "base", "lift", "lag (d)"
    )?;
    for x in &r.timed_rules {
        writeln!(
            out,
            "  {:<14} {:<14} {:>8} {:>8} {:>7} {:>8} {:>8} {:>7} {:>9}   {}",
            x.antecedent,
            x.consequent,
            x.customers_with_antecedent,
            x.excluded_short_observation,
            x.count,
            pct(x.share),
            pct(x.base_rate),
            x.lift.map_or("-".into(), |l| format!("{l:.2}")),
            x.median_lag_days.map_or("-".into(), |l| format!("{l}")),
            x.consequent_name.as_deref().unwrap_or("")
        )?;
    }
    writeln!(out, "  ({})", t.rule)
}

fn pct(v: f64) -> String {
    format!("{:.1} %", v * 100.0)
}

fn print_segments(out: &mut impl Write, r: &SegmentReport) -> std::io::Result<()> {
    writeln!(out, "Customers {} with purchases, revenue {}", r.customers, money(r.revenue))?;
    if let Some(m) = r.margin {
        writeln!(out, "          margin {}", money(m))?;
    }
    writeln!(
        out,
        "As of     {} (window {} to {}, second half from {})",
        r.as_of.as_deref().unwrap_or("-"),
        r.window_start.as_deref().unwrap_or("-"),
        r.as_of.as_deref().unwrap_or("-"),
        r.window_midpoint.as_deref().unwrap_or("-")
    )?;
    writeln!(
        out,
        "Excluded  {} lines without a customer ({} of purchases)",
        r.excluded_no_customer,
        money(r.excluded_no_customer_revenue)
    )?;
    if r.customers_without_purchases > 0 {
        writeln!(out, "          {} customers with returns or zero-price lines only", r.customers_without_purchases)?;
    }
    if r.rows_after_as_of > 0 {
        writeln!(out, "          {} lines on or after the as-of date", r.rows_after_as_of)?;
    }
    writeln!(
        out,
        "Frequency counts {}",
        match r.frequency_basis {
            analysis::FrequencyBasis::Orders => "distinct orders",
            analysis::FrequencyBasis::Days => "distinct purchase days (no order column)",
        }
    )?;
    writeln!(out, "\nConcentration  Gini {:.3}", r.gini)?;
    for t in &r.top_shares {
        writeln!(out, "  top {:>2} % ({:>6} customers) make {:>7} of revenue", t.percent, t.customers, pct(t.revenue_share))?;
    }
    writeln!(out, "\nDeciles (customers ranked by revenue)\n  decile  customers           revenue    share  cumulative")?;
    for d in &r.deciles {
        writeln!(
            out,
            "  {:>6}  {:>9}  {:>16}  {:>7}  {:>10}",
            d.decile,
            d.customers,
            money(d.revenue),
            pct(d.revenue_share),
            pct(d.cumulative_share)
        )?;
    }
    writeln!(out, "\nCustomers making each tenth of revenue")?;
    let tenths: Vec<String> = r.purchase_deciles.iter().map(|d| d.customers.to_string()).collect();
    writeln!(out, "  {}", tenths.join("  "))?;
    writeln!(out, "\nRFM segments\n  segment              customers  revenue  action")?;
    for s in &r.rfm_segments {
        writeln!(out, "  {:<20} {:>9}  {:>7}  {}", s.name, s.customers, pct(s.revenue_share), s.action)?;
    }
    writeln!(out, "\nProfitable classes")?;
    for c in &r.profitable_classes.classes {
        writeln!(out, "  {:<24} {:>7} customers  {:>7} of revenue  ({})", c.name, c.customers, pct(c.revenue_share), c.definition)?;
    }
    print_behaviour(out, r)
}

fn print_behaviour(out: &mut impl Write, r: &SegmentReport) -> std::io::Result<()> {
    let b = &r.spend_bands;
    writeln!(
        out,
        "\nSpend bands (spend per {}, {:.1} periods in the window{})\n  band            customers    share           revenue    share",
        b.period.name(),
        b.periods_in_window,
        if b.custom_edges { ", custom edges" } else { "" }
    )?;
    for row in &b.bands {
        writeln!(
            out,
            "  {:<14} {:>10}  {:>7}  {:>16}  {:>7}",
            row.band,
            row.customers,
            pct(row.customer_share),
            money(row.revenue),
            pct(row.revenue_share)
        )?;
    }
    let m = &r.band_migration;
    writeln!(
        out,
        "\nBand migration (before / after {}): {} stayed, {} moved up, {} moved down, {} started, {} stopped",
        m.split_date.as_deref().unwrap_or("-"),
        m.stayed,
        m.moved_up,
        m.moved_down,
        m.started,
        m.stopped
    )?;
    write!(out, "  {:<12}", "before\\after")?;
    for l in &m.labels {
        write!(out, " {:>9}", l)?;
    }
    writeln!(out)?;
    for (l, row) in m.labels.iter().zip(&m.matrix) {
        write!(out, "  {:<12}", l)?;
        for v in row {
            write!(out, " {:>9}", v)?;
        }
        writeln!(out)?;
    }
    writeln!(out, "\nLifecycle stages\n  stage      customers    share    revenue")?;
    for s in &r.lifecycle.stages {
        writeln!(out, "  {:<10} {:>9}  {:>7}  {:>7}", s.stage.key(), s.customers, pct(s.customer_share), pct(s.revenue_share))?;
    }
    writeln!(out, "  ({})", r.lifecycle.rule)?;
    let h = &r.high_affinity;
    writeln!(
        out,
        "\nHigh affinity  {} customers ({}), {} of revenue ({})",
        h.customers,
        pct(h.customer_share),
        pct(h.revenue_share),
        h.rule
    )?;
    writeln!(out, "\nReturning customers per month")?;
    for m in &r.returning_rate {
        writeln!(out, "  {}  {:>7} customers  {:>7} returning  {:>7}", m.month, m.customers, m.returning, pct(m.rate))?;
    }
    writeln!(out, "\nCohorts (share of the first-purchase month's customers buying k months later)")?;
    write!(out, "  cohort   customers")?;
    let width = r.cohorts.rows.iter().map(|c| c.shares.len()).max().unwrap_or(0);
    for k in 0..width {
        write!(out, " {:>6}", format!("+{k}"))?;
    }
    writeln!(out)?;
    for c in &r.cohorts.rows {
        write!(out, "  {}  {:>9}", c.cohort, c.customers)?;
        for s in &c.shares {
            write!(out, " {:>6}", format!("{:.1}", s * 100.0))?;
        }
        writeln!(out)?;
    }
    match (&r.price_sensitivity, r.price_sensitivity_reason) {
        (Some(p), _) => writeln!(
            out,
            "\nPrice sensitivity  {} price-sensitive ({} of customers, {} of revenue), {} relationship; {} customers bought on discount, {} of revenue on discount",
            p.price_sensitive,
            pct(p.price_sensitive_share),
            pct(p.price_sensitive_revenue_share),
            p.relationship,
            p.customers_with_discount,
            pct(p.discounted_revenue_share)
        )?,
        (None, reason) => writeln!(out, "\nPrice sensitivity  not available: {}", reason.unwrap_or("no discount column"))?,
    }
    if let Some(c) = &r.clusters {
        let curve: Vec<String> =
            c.clustering.curve.iter().map(|p| format!("k={} {}", p.k, p.silhouette.map_or("-".into(), |s| format!("{s:.3}")))).collect();
        writeln!(
            out,
            "\nClusters (k-means on log R, F, M; k = {} by silhouette)\n  silhouette: {}",
            c.clustering.best_k,
            curve.join(", ")
        )?;
        writeln!(out, "  cluster  customers    share  revenue  recency  frequency  monetary  in words")?;
        for (k, rev) in c.clustering.clusters.iter().zip(&c.revenue) {
            let v = |i: usize| k.centre.get(i).copied().unwrap_or(f64::NAN);
            writeln!(
                out,
                "  {:>7}  {:>9}  {:>7}  {:>7}  {:>7.0}  {:>9.1}  {:>8}  {}",
                k.cluster,
                k.size,
                pct(k.share),
                pct(rev.revenue_share),
                v(0),
                v(1),
                money(v(2)),
                k.description.summary
            )?;
        }
    }
    if let Some(rs) = &r.rule_segments
        && let Some(labels) = &rs.labels
    {
        writeln!(out, "\nRule-based segments\n  segment              customers    share  revenue")?;
        for l in labels {
            writeln!(out, "  {:<20} {:>9}  {:>7}  {:>7}", l.label, l.customers, pct(l.customer_share), pct(l.revenue_share))?;
        }
    }
    if let Some(t) = &r.triggers {
        writeln!(
            out,
            "\nTriggers  {} customers crossed {} of cumulative spend in the last {} days",
            t.customers.len(),
            money(t.amount),
            t.days
        )?;
        for c in t.customers.iter().take(20) {
            writeln!(
                out,
                "  {:<12} crossed on {}  ({} before the window, {} now)",
                c.customer,
                c.crossed_at,
                money(c.before),
                money(c.total)
            )?;
        }
        if t.customers.len() > 20 {
            writeln!(out, "  … and {} more (all in --json and --out)", t.customers.len() - 20)?;
        }
    }
    Ok(())
}

fn mine_rules(file: &str, args: &IngestArgs, r: &RulesArgs, json: bool) -> Result<(), clientela::Error> {
    let data = read_usable(file, args)?;
    let options = r.options();
    // A segmentation only when a group is asked for (it needs customers and dates).
    let segmentation = if options.segment.is_some() || options.compare_by.is_some() {
        Some(analysis::segment(&data, &SegmentOptions::default()).map_err(|e| clientela::Error::Refused(e.to_json()))?)
    } else {
        None
    };
    let report = basket::mine(&data, &options, segmentation.as_ref()).map_err(|e| clientela::Error::Refused(e.to_json()))?;
    emit(&report, json, |out| print_rules(out, &report))
}

fn print_rules(out: &mut impl Write, r: &RulesReport) -> std::io::Result<()> {
    let t = &r.transactions;
    writeln!(
        out,
        "Baskets   {} ({} items, {:.1} items per basket, largest {})",
        t.baskets, t.items, t.mean_basket_size, t.max_basket_size
    )?;
    writeln!(
        out,
        "Lines     {} used of {}; left out: {} returns, {} price zero or less, {} quantity zero; {} repeated items merged",
        t.lines_used, t.lines, t.skipped_returns, t.skipped_nonpositive_price, t.skipped_zero_quantity, t.repeated_items
    )?;
    if t.baskets_without_customer > 0 {
        writeln!(out, "          {} baskets without a customer (kept)", t.baskets_without_customer)?;
    }
    if let Some(s) = &r.segment {
        writeln!(out, "Segment   {s} ({} baskets of other customers left out)", t.baskets_outside_segment)?;
    }
    let kind = r.options.itemsets.key();
    writeln!(
        out,
        "\nItemsets  {} ({kind}) at a minimum support of {} baskets; {} frequent in all",
        r.itemsets, r.min_count, r.frequent_itemsets
    )?;
    for (l, n) in r.itemsets_by_length.iter().enumerate().skip(1) {
        writeln!(out, "  {l:>3} items  {n:>9}")?;
    }
    if !r.top_itemsets.is_empty() {
        writeln!(out, "\nMost frequent itemsets of two or more items")?;
        for s in r.top_itemsets.iter().take(10) {
            writeln!(out, "  {:>8} baskets  {:>7}  {{{}}}", s.count, pct(s.support), s.items.join(", "))?;
        }
    }
    let Some(n) = r.rules else { return Ok(()) };
    writeln!(
        out,
        "\nRules     {n} at confidence >= {}{}",
        r.options.min_confidence,
        if r.redundant_rules > 0 { format!(" ({} redundant dropped)", r.redundant_rules) } else { String::new() }
    )?;
    if !r.top_rules.is_empty() {
        writeln!(out, "  {:>8}  {:>8}  {:>7}  {:>9}  {:>10}  {:>8}  rule", "lift", "conf.", "support", "leverage", "conviction", "count")?;
        for x in r.top_rules.iter().take(20) {
            writeln!(
                out,
                "  {:>8.3}  {:>8.3}  {:>7}  {:>9.5}  {:>10}  {:>8}  {{{}}} -> {{{}}}",
                x.lift,
                x.confidence,
                pct(x.support),
                x.leverage,
                x.conviction.map_or("inf".to_string(), |c| format!("{c:.3}")),
                x.count,
                x.antecedent.join(", "),
                x.consequent.join(", ")
            )?;
        }
        if r.top_rules.len() > 20 {
            writeln!(out, "  … {} more in --json", r.top_rules.len() - 20)?;
        }
    }
    if let Some(c) = &r.comparison {
        writeln!(out, "\nLift by {} ({} baskets in no group)", c.by, c.baskets_without_group)?;
        for g in &c.groups {
            writeln!(out, "  {:<24} {:>8} baskets", g.group, g.baskets)?;
        }
        for x in &c.rules {
            let lifts: Vec<String> = x.group_lift.iter().map(|l| l.map_or("-".into(), |v| format!("{v:.2}"))).collect();
            writeln!(
                out,
                "  {{{}}} -> {{{}}}  all {:.2}  by group: {}",
                x.antecedent.join(", "),
                x.consequent.join(", "),
                x.lift,
                lifts.join("  ")
            )?;
        }
    }
    Ok(())
}

fn generate_baskets(p: &basket::quest::QuestParams, output: Option<&str>) -> Result<(), clientela::Error> {
    let sink: Box<dyn Write> = match output {
        Some(path) => Box::new(std::fs::File::create(path).map_err(|e| clientela::Error::Io(format!("{path}: {e}")))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = BufWriter::with_capacity(1 << 20, sink);
    basket::quest::write_dat(&mut w, p)?;
    w.flush()?;
    Ok(())
}

fn generate_clv(customers: usize, seed: u64, output: Option<&str>) -> Result<(), clientela::Error> {
    let sink: Box<dyn Write> = match output {
        Some(p) => Box::new(std::fs::File::create(p).map_err(|e| clientela::Error::Io(format!("{p}: {e}")))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = BufWriter::with_capacity(1 << 20, sink);
    let sp = clientela::clv::simulate::SimParams { customers, seed, ..Default::default() };
    let end = analysis::parse_day("2024-01-01").map_err(|e| clientela::Error::Refused(e.to_json()))?;
    clientela::clv::simulate::write_transactions(&mut w, &sp, end)?;
    w.flush()?;
    Ok(())
}

fn generate(rows: u64, seed: u64, shape: Option<clientela::synth::shapes::Shape>, output: Option<&str>) -> Result<(), clientela::Error> {
    let sink: Box<dyn Write> = match output {
        Some(p) => Box::new(std::fs::File::create(p).map_err(|e| clientela::Error::Io(format!("{p}: {e}")))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = BufWriter::with_capacity(1 << 20, sink);
    let p = clientela::synth::ShopParams { rows, seed, ..Default::default() };
    match shape {
        Some(shape) => clientela::synth::write_shape(&mut w, shape, &p)?,
        None => clientela::synth::write_csv(&mut w, &p)?,
    }
    w.flush()?;
    Ok(())
}

fn money(v: f64) -> String {
    let s = format!("{:.2}", v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}{grouped}.{frac}", if v < 0.0 { "-" } else { "" })
}

fn print_report(out: &mut impl Write, r: &DataReport) -> std::io::Result<()> {
    let s = &r.source;
    let d = &r.dialect;
    if let Some(sheet) = &s.sheet {
        writeln!(out, "File      {} bytes, {} workbook, sheet {sheet:?}", s.bytes, s.format)?;
        let list: Vec<String> =
            s.sheets.iter().map(|x| x.rows.map_or_else(|| format!("{:?}", x.name), |n| format!("{:?} ({n} rows)", x.name))).collect();
        writeln!(out, "Sheets    {}", list.join(", "))?;
        // A workbook's cells are typed: only the header and the dates of text cells were detected.
        writeln!(out, "Dialect   header {}, dates {}", if d.header { "yes" } else { "no" }, d.date_format.as_deref().unwrap_or("none"))?;
    } else {
        writeln!(
            out,
            "File      {} bytes{}, {}{}",
            s.bytes,
            if s.gzip { " (gzip)" } else { "" },
            s.encoding,
            if s.bom { " with BOM" } else { "" }
        )?;
        writeln!(
            out,
            "Dialect   delimiter {}, line ending {}, header {}, decimal {}, dates {}",
            d.delimiter,
            d.line_ending,
            if d.header { "yes" } else { "no" },
            d.decimal,
            d.date_format.as_deref().unwrap_or("none")
        )?;
    }
    writeln!(out, "Layout    {}", r.layout.map_or("unknown", Layout::name))?;
    if let Some(p) = &r.platform {
        writeln!(out, "Platform  read as a {} ({})", p.name, p.id)?;
    }
    writeln!(out, "\nColumns")?;
    for c in &r.columns {
        writeln!(out, "  {:>3}  {:<28} {:<11} {:?}", c.index + 1, c.name, c.role.name(), c.examples)?;
        writeln!(out, "       {:<28} {}: {}", "", c.role.name(), c.reason.text)?;
    }
    let rows = &r.rows;
    writeln!(out, "\nRows      {} total = {} used + {} rejected", rows.total, rows.used, rows.rejected)?;
    for rej in &r.rejections {
        writeln!(out, "  {:<24} {:>9}  {}", rej.reason.key(), rej.count, rej.message)?;
        for e in &rej.examples {
            writeln!(
                out,
                "      line {:>8}: {}{}",
                e.line,
                e.text,
                if e.detail.is_empty() { String::new() } else { format!("   [{}]", e.detail) }
            )?;
        }
    }
    let l = &r.lines;
    writeln!(out, "\nUsed lines")?;
    writeln!(out, "  purchases          {:>10}  {:>18}", l.purchases, money(l.revenue))?;
    writeln!(out, "  returns/cancelled  {:>10}  {:>18}", l.returns, money(l.returns_value))?;
    writeln!(out, "  price zero or less {:>10}  {:>18}", l.nonpositive_price, money(l.nonpositive_price_value))?;
    writeln!(out, "  quantity zero      {:>10}", l.zero_quantity)?;
    writeln!(out, "  without customer   {:>10}  {:>18} of purchases", l.no_customer, money(l.no_customer_revenue))?;
    if r.filled_down.lines > 0 {
        let cols: Vec<String> = r.filled_down.by_column.iter().map(|(c, n)| format!("{c} {n}")).collect();
        writeln!(
            out,
            "  filled down        {:>10}  lines took order fields from the order's first line ({})",
            r.filled_down.lines,
            cols.join(", ")
        )?;
    }
    if let Some(f) = &r.refunds {
        writeln!(
            out,
            "  orders refunded {}, partly refunded {}, cancelled {}, failed {}: {} moved to returns; refunds {} (partial {}); net revenue {}",
            f.orders_refunded,
            f.orders_partially_refunded,
            f.orders_cancelled,
            f.orders_failed,
            money(f.excluded_value),
            money(f.refunded_value),
            money(f.partial_refunds_value),
            money(f.net_revenue)
        )?;
    }
    let m = &r.summary;
    writeln!(out, "\nSummary   {} customers, {} orders, {} items", m.customers, m.orders, m.items)?;
    if let (Some(a), Some(b)) = (&m.first_date, &m.last_date) {
        writeln!(out, "          {a} to {b}")?;
    }
    writeln!(out, "          revenue {}, returns {}", money(m.revenue), money(m.returns_value))?;
    writeln!(out, "Table     {} rows, {} bytes, {:.1} bytes/row", r.table.rows, r.table.bytes, r.table.bytes_per_row)?;
    if !r.notes.is_empty() {
        writeln!(out, "\nHow this was read")?;
        for n in &r.notes {
            writeln!(out, "  - {n}")?;
        }
    }
    for q in &r.questions {
        writeln!(out, "\nQUESTION  {} (options: {})", q.message, q.options.join(", "))?;
    }
    for w in &r.warnings {
        writeln!(out, "WARNING   {w}")?;
    }
    Ok(())
}
