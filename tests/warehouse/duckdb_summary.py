"""Runs Clientela's per-customer summary query in DuckDB on a line-item file.

usage: duckdb_summary.py LINES.csv[.gz] QUERY.sql OUT.csv

The file is read as DuckDB reads it natively (read_csv_auto), as the table `sales`; the query (from
`clientela sql FILE --dialect duckdb --table sales`) runs on it and the summary is written as CSV with a
header. Prints the seconds taken by the query.
"""
import sys
import time

import duckdb


def main():
    lines, query, out = sys.argv[1:4]
    con = duckdb.connect()
    path = lines.replace("'", "''")
    con.execute(f"CREATE VIEW sales AS SELECT * FROM read_csv_auto('{path}')")
    sql = open(query, encoding="utf-8").read()
    start = time.perf_counter()
    target = out.replace("'", "''")
    con.execute(f"COPY ({sql.strip().rstrip(';')}) TO '{target}' (HEADER, DELIMITER ',')")
    print(f"{time.perf_counter() - start:.3f}")


if __name__ == "__main__":
    main()
