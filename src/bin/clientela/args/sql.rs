//! Flags of `sql`: the engine, the table's name there, and how much of the file to sample.

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
    /// Megabytes of the file read to detect its columns (a header line with a few rows is enough).
    #[arg(long, default_value_t = 8)]
    pub sample_mb: u64,
}
