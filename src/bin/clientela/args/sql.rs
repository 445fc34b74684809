//! Flags of `sql`: the engine, the table's name there, how much of the file to sample, and the baskets job.

use clap::Args;
use clientela::warehouse::Dialect;

/// Options of `sql`.
#[derive(Args, Debug)]
pub struct SqlArgs {
    /// The engine that runs the query: duckdb, spark, bigquery, postgres.
    #[arg(long)]
    pub dialect: Dialect,
    /// The line-item table's name in the engine (e.g. sales, or project.dataset.sales for BigQuery).
    #[arg(long)]
    pub table: String,
    /// Instead of the summary, a PySpark job (spark dialect only) that makes the baskets where the line
    /// items live, mines their frequent itemsets with Spark MLlib's FPGrowth and writes them for
    /// `clientela rules --itemsets`.
    #[arg(long)]
    pub baskets: bool,
    /// Baskets: FPGrowth's minimum support, a fraction of the baskets (0.01 = 1 %).
    #[arg(long, default_value_t = 0.01, requires = "baskets")]
    pub min_support: f64,
    /// Baskets: leave itemsets longer than this out of the file.
    #[arg(long, requires = "baskets")]
    pub max_len: Option<usize>,
    /// Megabytes of the file read to detect its columns (a header line with a few rows is enough).
    #[arg(long, default_value_t = 8)]
    pub sample_mb: u64,
}
