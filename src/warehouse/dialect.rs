//! The SQL engines the summary query is written for, and the few expressions whose spelling differs
//! between them (casts, regular expressions, dates, integer division, the median).
//!
//! Regular expressions are written with `[0-9]` and `[.]` instead of backslash escapes, because Spark SQL
//! reads a backslash in a string literal as an escape; every pattern has exactly one capturing group,
//! because BigQuery's `REGEXP_EXTRACT` and Postgres' `substring(… from …)` return the first group.

use serde::{Deserialize, Serialize};

/// An SQL engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dialect {
    /// DuckDB (1.x).
    Duckdb,
    /// Spark SQL (3.x, ANSI mode off, the default).
    Spark,
    /// Google BigQuery (GoogleSQL).
    Bigquery,
    /// PostgreSQL (12 and later).
    Postgres,
}

impl Dialect {
    /// Every dialect.
    pub const ALL: [Dialect; 4] = [Dialect::Duckdb, Dialect::Spark, Dialect::Bigquery, Dialect::Postgres];

    /// The name used in reports and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Duckdb => "duckdb",
            Dialect::Spark => "spark",
            Dialect::Bigquery => "bigquery",
            Dialect::Postgres => "postgres",
        }
    }

    /// From `duckdb`, `spark`, `bigquery`, `postgres` (also `postgresql`, `spark-sql`).
    pub fn from_name(s: &str) -> Option<Dialect> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "duckdb" => Some(Dialect::Duckdb),
            "spark" | "spark-sql" | "sparksql" => Some(Dialect::Spark),
            "bigquery" | "bq" => Some(Dialect::Bigquery),
            "postgres" | "postgresql" | "pg" => Some(Dialect::Postgres),
            _ => None,
        }
    }

    /// A quoted identifier.
    pub fn ident(self, name: &str) -> String {
        match self {
            Dialect::Duckdb | Dialect::Postgres => format!("\"{}\"", name.replace('"', "\"\"")),
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            Dialect::Bigquery => format!("`{}`", name.replace('\\', "\\\\").replace('`', "\\`")),
        }
    }

    /// A string literal.
    pub fn string(self, s: &str) -> String {
        match self {
            Dialect::Duckdb | Dialect::Postgres => format!("'{}'", s.replace('\'', "''")),
            Dialect::Spark | Dialect::Bigquery => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        }
    }

    /// `e` as text, whatever type the engine gave the column.
    pub fn text(self, e: &str) -> String {
        match self {
            Dialect::Duckdb => format!("CAST({e} AS VARCHAR)"),
            Dialect::Spark | Dialect::Bigquery => format!("CAST({e} AS STRING)"),
            Dialect::Postgres => format!("CAST({e} AS TEXT)"),
        }
    }

    /// Trimmed text, `NULL` when blank.
    pub fn blank_null(self, e: &str) -> String {
        format!("NULLIF(TRIM({}), '')", self.text(e))
    }

    /// The first group of `pattern` in `s`, `NULL` when it does not match (or matches empty).
    pub fn extract(self, s: &str, pattern: &str) -> String {
        let p = self.string(pattern);
        match self {
            Dialect::Duckdb | Dialect::Spark => format!("NULLIF(regexp_extract({s}, {p}, 1), '')"),
            Dialect::Bigquery => format!("NULLIF(REGEXP_EXTRACT({s}, {p}), '')"),
            Dialect::Postgres => format!("NULLIF(substring({s} from {p}), '')"),
        }
    }

    /// Every match of `pattern` in `s` removed.
    pub fn remove_all(self, s: &str, pattern: &str) -> String {
        let p = self.string(pattern);
        match self {
            Dialect::Duckdb | Dialect::Postgres => format!("regexp_replace({s}, {p}, '', 'g')"),
            Dialect::Spark | Dialect::Bigquery => format!("regexp_replace({s}, {p}, '')"),
        }
    }

    /// Text of digits (as checked by the caller's pattern) as an integer.
    pub fn int(self, e: &str) -> String {
        match self {
            Dialect::Duckdb => format!("TRY_CAST({e} AS INTEGER)"),
            Dialect::Spark => format!("CAST({e} AS INT)"),
            Dialect::Bigquery => format!("SAFE_CAST({e} AS INT64)"),
            Dialect::Postgres => format!("CAST({e} AS INTEGER)"),
        }
    }

    /// Text of a plain decimal number (as checked by the caller's pattern) as a double.
    pub fn double(self, e: &str) -> String {
        match self {
            Dialect::Duckdb => format!("TRY_CAST({e} AS DOUBLE)"),
            Dialect::Spark => format!("CAST({e} AS DOUBLE)"),
            Dialect::Bigquery => format!("SAFE_CAST({e} AS FLOAT64)"),
            Dialect::Postgres => format!("CAST({e} AS DOUBLE PRECISION)"),
        }
    }

    /// The type test that keeps a column the engine already typed as a number from being re-parsed as
    /// text (DuckDB and Spark can ask; BigQuery and Postgres read every column as text here).
    pub fn is_text(self, e: &str) -> Option<String> {
        match self {
            Dialect::Duckdb => Some(format!("typeof({e}) = 'VARCHAR'")),
            Dialect::Spark => Some(format!("typeof({e}) = 'string'")),
            Dialect::Bigquery | Dialect::Postgres => None,
        }
    }

    /// True when the engine's reader types date columns itself (see [`Dialect::typed_day`]).
    pub fn types_dates(self) -> bool {
        self.typed_day("").is_some()
    }

    /// The test that the engine typed the column `e` as a date or a timestamp without a zone, and the day
    /// number (days since 2000-01-01) of such a value. DuckDB's reader types ISO dates so; its text form
    /// (`2023-01-05 08:03:00`) is what the date-text path would parse to the same day (a four-digit first
    /// part is the year), so taking the day straight from the value changes no answer and skips the
    /// regular expressions that made up most of the query's time. The other engines read the date as text
    /// here (Spark's summary is checked in Spark by its own script).
    pub fn typed_day(self, e: &str) -> Option<(String, String)> {
        match self {
            Dialect::Duckdb => Some((
                format!("typeof({e}) IN ('DATE', 'TIMESTAMP', 'TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP_NS')"),
                format!("date_diff('day', DATE '2000-01-01', CAST({e} AS DATE))"),
            )),
            Dialect::Spark | Dialect::Bigquery | Dialect::Postgres => None,
        }
    }

    /// The day number (days since 2000-01-01) of year `y`, month `m`, day `d` (integers), `NULL` when that
    /// is not a date.
    pub fn day_number(self, y: &str, m: &str, d: &str) -> String {
        match self {
            Dialect::Duckdb => format!(
                "date_diff('day', DATE '2000-01-01', TRY_CAST(lpad(CAST({y} AS VARCHAR), 4, '0') || '-' || lpad(CAST({m} AS VARCHAR), 2, '0') || '-' || lpad(CAST({d} AS VARCHAR), 2, '0') AS DATE))"
            ),
            Dialect::Spark => format!("datediff(make_date({y}, {m}, {d}), DATE '2000-01-01')"),
            Dialect::Bigquery => format!("DATE_DIFF(SAFE.DATE({y}, {m}, {d}), DATE '2000-01-01', DAY)"),
            Dialect::Postgres => format!(
                "(CASE WHEN {y} BETWEEN 1 AND 9999 AND {m} BETWEEN 1 AND 12 THEN CASE WHEN {d} BETWEEN 1 AND \
                 EXTRACT(DAY FROM make_date({y}, {m}, 1) + INTERVAL '1 month' - INTERVAL '1 day') \
                 THEN make_date({y}, {m}, {d}) - DATE '2000-01-01' END END)"
            ),
        }
    }

    /// The date of day number `n`.
    pub fn date_of_day(self, n: &str) -> String {
        match self {
            Dialect::Duckdb => format!("CAST(DATE '2000-01-01' + CAST({n} AS INTEGER) AS DATE)"),
            Dialect::Spark => format!("date_add(DATE '2000-01-01', {n})"),
            Dialect::Bigquery => format!("DATE_ADD(DATE '2000-01-01', INTERVAL {n} DAY)"),
            Dialect::Postgres => format!("(DATE '2000-01-01' + CAST({n} AS INTEGER))"),
        }
    }

    /// Integer division of non-negative integers.
    pub fn idiv(self, a: &str, b: &str) -> String {
        match self {
            Dialect::Duckdb => format!("(({a}) // ({b}))"),
            Dialect::Spark => format!("(({a}) div ({b}))"),
            Dialect::Bigquery => format!("DIV({a}, {b})"),
            Dialect::Postgres => format!("(({a}) / ({b}))"),
        }
    }

    /// The median of `e` over a group (the mean of the two middle values for an even count), as an
    /// aggregate; `None` for BigQuery, whose exact median is a window function only.
    pub fn median(self, e: &str) -> Option<String> {
        match self {
            Dialect::Duckdb => Some(format!("median({e})")),
            Dialect::Spark => Some(format!("percentile({e}, 0.5)")),
            Dialect::Postgres => Some(format!("percentile_cont(0.5) WITHIN GROUP (ORDER BY {e})")),
            Dialect::Bigquery => None,
        }
    }

    /// The text type's name.
    pub fn text_type(self) -> &'static str {
        match self {
            Dialect::Duckdb => "VARCHAR",
            Dialect::Spark | Dialect::Bigquery => "STRING",
            Dialect::Postgres => "TEXT",
        }
    }

    /// The 64-bit integer type's name.
    pub fn int_type(self) -> &'static str {
        match self {
            Dialect::Bigquery => "INT64",
            _ => "BIGINT",
        }
    }

    /// The floating-point type's name.
    pub fn double_type(self) -> &'static str {
        match self {
            Dialect::Duckdb | Dialect::Spark => "DOUBLE",
            Dialect::Bigquery => "FLOAT64",
            Dialect::Postgres => "DOUBLE PRECISION",
        }
    }
}

impl std::str::FromStr for Dialect {
    type Err = String;
    /// [`Dialect::from_name`], with an error that lists the accepted names.
    fn from_str(s: &str) -> Result<Dialect, String> {
        Dialect::from_name(s).ok_or_else(|| "expected duckdb, spark, bigquery or postgres".into())
    }
}
