# Clientela baskets job: frequent itemsets with Spark MLlib's FPGrowth, written as a Clientela itemset file.
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
