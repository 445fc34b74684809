//! Beyond one machine, for baskets: a PySpark job that makes the baskets where the line items live, mines
//! their frequent itemsets with Spark MLlib's FPGrowth on the cluster, and writes them as an itemset file
//! ([`crate::basket::itemset_file`]) from which Clientela derives the rules and the views.
//!
//! The baskets are made as [`crate::basket::transactions`] makes them, in SQL over the rows the reader
//! accepts ([`super::line_sql`]): one basket per order id (each line without an order column a basket of its
//! own), purchase lines only (returns, cancellations, quantity 0 and a price of 0 or less are left out), an
//! item repeated in a basket counted once, items keyed by their code (or the name when the file has no
//! code column; in a platform's export the name when the code is blank). The job also counts what the
//! reader's basket report counts (lines used and left out, repeated items, basket sizes), so the report
//! read back from the itemset file is the report of `clientela rules` on the line items.
//!
//! Only Spark: MLlib's FPGrowth is the distributed miner. Where its semantics differ from arules' (and
//! Clientela's) is in `docs/warehouse.md`.

use crate::error::BadParameter;

use super::{Dialect, Spec, WarehouseError, line_sql, table_name};

/// What the job mines.
#[derive(Debug, Clone, PartialEq)]
pub struct BasketJob {
    /// FPGrowth's `minSupport`: a fraction of the baskets, above 0 and at most 1. The count threshold is
    /// MLlib's, `ceil(min_support × baskets)`, recorded in the file.
    pub min_support: f64,
    /// Itemsets longer than this are not written (MLlib mines every length; the limit only keeps the file
    /// small).
    pub max_len: Option<usize>,
}

impl BasketJob {
    fn validate(&self) -> Result<(), BadParameter> {
        if !(self.min_support > 0.0 && self.min_support <= 1.0) {
            return Err(BadParameter::new(
                "min_support",
                self.min_support,
                "expected a fraction of the baskets above 0 and at most 1, e.g. 0.01 (FPGrowth takes a fraction, not a count)",
            ));
        }
        if self.max_len == Some(0) {
            return Err(BadParameter::new("max_len", 0, "expected at least 1 item"));
        }
        Ok(())
    }
}

/// The SELECT of the purchase and non-purchase lines the baskets are made from: `basket` (the order id,
/// or a row id without an order column), `item`, `customer_id` and `k`, the line's kind.
fn lines_select(spec: &Spec, table: &str) -> String {
    let d = Dialect::Spark;
    let ls = line_sql(spec, d);
    let mut ctes = ls.ctes(spec, d, table);
    // Without an order column every line is a basket of its own (as the reader does): a row id stands in.
    let basket = if spec.order.is_some() {
        "order_id".to_string()
    } else {
        "concat('#', CAST(monotonically_increasing_id() AS STRING))".to_string()
    };
    ctes.push(format!("lines AS (SELECT {basket} AS basket, item, customer_id, {} AS k FROM valid)", ls.kind));
    format!("WITH\n{}\nSELECT basket, item, customer_id, k FROM lines", ctes.join(",\n"))
}

/// A Python string literal of `s`: a raw triple-quoted string when that reads back exactly, else JSON's
/// escaped string (a valid Python literal too).
fn python_string(s: &str) -> String {
    if !s.contains("\"\"\"") && !s.ends_with('"') && !s.ends_with('\\') {
        format!("r\"\"\"{s}\"\"\"")
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

/// The PySpark job that mines the baskets of `table`, for `spec`'s columns. Only `Dialect::Spark`.
pub fn baskets_job(spec: &Spec, d: Dialect, table: &str, job: &BasketJob) -> Result<String, WarehouseError> {
    if d != Dialect::Spark {
        return Err(WarehouseError::BasketsNeedSpark { dialect: d.name() });
    }
    job.validate()?;
    if spec.item.is_none() {
        return Err(WarehouseError::NoItemColumn);
    }
    let table = table_name(table)?;
    let sql = lines_select(spec, &table);
    let max_len = job.max_len.map_or("None".to_string(), |k| k.to_string());
    Ok(TEMPLATE
        .replace("{TABLE}", &python_string(&table))
        .replace("{MIN_SUPPORT}", &format!("{:?}", job.min_support))
        .replace("{MAX_LEN}", &max_len)
        .replace("{HAS_ORDER}", if spec.order.is_some() { "True" } else { "False" })
        .replace("{LINES_SQL}", &python_string(&sql)))
}

/// The job's text; `{NAME}` marks what [`baskets_job`] fills in.
const TEMPLATE: &str = r#"# Clientela baskets job: frequent itemsets with Spark MLlib's FPGrowth, written as a Clientela itemset file.
# Made by `clientela sql FILE --dialect spark --baskets`; the file format and what differs from arules are in
# Clientela's docs/warehouse.md ("Baskets on the cluster").
#
# usage: spark-submit --conf spark.executor.extraJavaOptions=-Xss64m clientela_baskets.py OUT
#          (reads the table from the session's catalog; MLlib serialises its FP-trees recursively, and the
#          executors' default stack overflows on long baskets)
#        python clientela_baskets.py OUT --csv LINES.csv  (local mode: the file as spark.read.csv reads it)
# then:  clientela rules --itemsets OUT [--min-confidence 0.5 ...]
#
# OUT is a directory of text part files, JSON lines: first a header object, then one object per frequent
# itemset {"items": [...], "freq": n}. Nothing but these counts leaves the cluster.
import argparse
import json
import math

from pyspark.ml.fpm import FPGrowth
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

TABLE = {TABLE}
MIN_SUPPORT = {MIN_SUPPORT}
MAX_LEN = {MAX_LEN}
HAS_ORDER = {HAS_ORDER}
# The lines as Clientela's reader reads them; k is the line's kind: p purchase, r return or cancellation,
# z quantity 0, n a price of 0 or less.
LINES_SQL = {LINES_SQL}


def main():
    ap = argparse.ArgumentParser(description="Frequent itemsets of the baskets of " + TABLE)
    ap.add_argument("out", help="output directory (any path Spark writes: hdfs://, s3a://, a local path)")
    ap.add_argument("--csv", help="read this CSV file (header, inferred types) as the table, in UTC")
    args = ap.parse_args()
    builder = SparkSession.builder.appName("clientela-baskets")
    if args.csv:
        # Local mode on one file: few shuffle partitions, no progress bars, and deep stacks for the tasks:
        # MLlib serialises its FP-trees recursively (a StackOverflowError on Online Retail with the default).
        builder = (
            builder.config("spark.sql.shuffle.partitions", "8")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.extraJavaOptions", "-Xss64m")
        )
    spark = builder.getOrCreate()
    if args.csv:
        spark.sparkContext.setLogLevel("ERROR")
        spark.conf.set("spark.sql.session.timeZone", "UTC")
        spark.read.csv(args.csv, header=True, inferSchema=True).createOrReplaceTempView(TABLE)
    lines = spark.sql(LINES_SQL).persist()
    kinds = lines.agg(
        F.count(F.lit(1)).alias("lines"),
        *[F.sum((F.col("k") == k).cast("long")).alias(k) for k in ["p", "r", "n", "z"]],
    ).first()
    baskets = (
        lines.where(F.col("k") == "p")
        .groupBy("basket")
        .agg(F.array_sort(F.collect_set("item")).alias("items"), F.max("customer_id").alias("customer"))
        .select("items", "customer")
        .persist()
    )
    sizes = baskets.agg(
        F.count(F.lit(1)).alias("n"),
        F.sum(F.size("items")).alias("items"),
        F.max(F.size("items")).alias("widest"),
        F.sum(F.col("customer").isNull().cast("long")).alias("anonymous"),
    ).first()
    n = sizes["n"]
    in_baskets = sizes["items"] or 0
    used = kinds["p"] or 0
    transactions = {
        "baskets": n,
        "items": baskets.select(F.explode("items")).distinct().count(),
        "lines": kinds["lines"],
        "lines_used": used,
        "skipped_returns": kinds["r"] or 0,
        "skipped_nonpositive_price": kinds["n"] or 0,
        "skipped_zero_quantity": kinds["z"] or 0,
        "repeated_items": used - in_baskets,
        "lines_without_order": 0 if HAS_ORDER else used,
        "baskets_without_customer": sizes["anonymous"] or 0,
        "baskets_outside_segment": 0,
        "mean_basket_size": in_baskets / n if n else 0.0,
        "max_basket_size": sizes["widest"] or 0,
    }
    model = FPGrowth(itemsCol="items", minSupport=MIN_SUPPORT).fit(baskets.select("items"))
    itemsets = model.freqItemsets
    if MAX_LEN is not None:
        itemsets = itemsets.where(F.size("items") <= MAX_LEN)
    header = {
        "clientela_itemsets": 1,
        "miner": "Spark MLlib FPGrowth " + spark.version,
        "item_key": "code",
        "min_support": MIN_SUPPORT,
        # MLlib's own threshold (mllib.fpm.FPGrowth.run): an itemset is frequent when freq >= this.
        "min_count": math.ceil(MIN_SUPPORT * n),
        "max_len": MAX_LEN,
        "baskets": n,
        "transactions": transactions,
    }
    first = spark.createDataFrame([(json.dumps(header),)], "value string")
    body = itemsets.select(F.to_json(F.struct("items", "freq")).alias("value"))
    # The header's single partition comes first in the union: it is the first line of part-00000.
    first.coalesce(1).union(body).write.mode("overwrite").text(args.out)
    spark.stop()


if __name__ == "__main__":
    main()
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{IngestOptions, Ingestor};

    fn spec_of(csv: &str) -> Spec {
        let mut ing = Ingestor::new(IngestOptions::default());
        ing.push(csv.as_bytes()).unwrap();
        super::super::spec(&ing.into_detection().unwrap().unwrap()).unwrap()
    }

    const SHOP: &str = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID\n\
                        1,A,apple,1,2011-01-01,1.0,c1\nC2,A,apple,-1,2011-01-02,1.0,c1\n";

    #[test]
    fn the_job_fills_every_placeholder_and_keeps_the_sql_verbatim() {
        let job = baskets_job(&spec_of(SHOP), Dialect::Spark, "sales", &BasketJob { min_support: 0.02, max_len: Some(3) }).unwrap();
        assert!(!job.contains("{TABLE}") && !job.contains("{LINES_SQL}") && !job.contains("{MIN_SUPPORT}"), "{job}");
        assert!(job.contains("TABLE = r\"\"\"sales\"\"\"\nMIN_SUPPORT = 0.02\nMAX_LEN = 3\nHAS_ORDER = True\n"), "{job}");
        // The cancellation convention of the reader is in the kind of a line.
        assert!(job.contains("FROM sales)") && job.contains("'^([Cc])[0-9]+$'"), "{job}");
    }

    #[test]
    fn only_spark_and_only_with_items() {
        let s = spec_of(SHOP);
        let p = BasketJob { min_support: 0.01, max_len: None };
        for d in [Dialect::Duckdb, Dialect::Bigquery, Dialect::Postgres] {
            assert_eq!(baskets_job(&s, d, "sales", &p), Err(WarehouseError::BasketsNeedSpark { dialect: d.name() }));
        }
        let no_item = spec_of("InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,1,2011-01-01,1.0,c1\n");
        assert_eq!(baskets_job(&no_item, Dialect::Spark, "sales", &p), Err(WarehouseError::NoItemColumn));
        let e = baskets_job(&s, Dialect::Spark, "sales", &BasketJob { min_support: 5.0, max_len: None }).unwrap_err();
        assert!(matches!(e, WarehouseError::BadParameter(ref b) if b.option == "min_support"), "{e}");
    }

    #[test]
    fn python_literals_read_back() {
        assert_eq!(python_string("a 'b'"), "r\"\"\"a 'b'\"\"\"");
        assert_eq!(python_string("x \"\"\" y"), "\"x \\\"\\\"\\\" y\"");
        assert_eq!(python_string("ends with \\"), "\"ends with \\\\\"");
    }
}
