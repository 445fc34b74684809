"""Runs Clientela's per-customer summary query in Spark local mode on a line-item file.

usage: spark_summary.py LINES.csv QUERY.sql OUT.csv

The file is read as Spark reads it natively (spark.read.csv(header=True, inferSchema=True)) as the view
`sales`; the query (from `clientela sql FILE --dialect spark --table sales`) runs on it and the summary is
written as one CSV file with a header. Prints the seconds taken by the query.
"""
import csv
import sys
import time

from pyspark.sql import SparkSession


def main():
    lines, query, out = sys.argv[1:4]
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("clientela-summary")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.read.csv(lines, header=True, inferSchema=True).createOrReplaceTempView("sales")
    sql = open(query, encoding="utf-8").read().strip().rstrip(";")
    start = time.perf_counter()
    df = spark.sql(sql)
    rows = df.collect()
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(df.columns)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])
    print(f"{time.perf_counter() - start:.3f}")
    spark.stop()


if __name__ == "__main__":
    main()
