"""Runs Clientela's per-customer summary query in DuckDB on a line-item file.

usage: duckdb_summary.py LINES.csv[.gz] QUERY.sql OUT.csv

The file is read as DuckDB reads it natively (read_csv_auto), as the table `sales`; the query (from
`clientela sql FILE --dialect duckdb --table sales`) runs on it and the summary is written as CSV with a
header. Prints the seconds taken by the query.

CLIENTELA_DUCKDB_MEMORY_LIMIT (e.g. `8GB`) caps DuckDB's memory; what does not fit spills to
CLIENTELA_DUCKDB_TEMP (default: a `duckdb_spill` directory beside OUT.csv). Without it DuckDB takes up to 80 %
of the machine's memory.
"""
import os
import sys
import time

import duckdb


def main():
    lines, query, out = sys.argv[1:4]
    con = duckdb.connect()
    limit = os.environ.get("CLIENTELA_DUCKDB_MEMORY_LIMIT")
    if limit:
        spill = os.environ.get("CLIENTELA_DUCKDB_TEMP") or os.path.join(os.path.dirname(os.path.abspath(out)), "duckdb_spill")
        con.execute(f"SET memory_limit = '{limit}'")
        con.execute(f"SET temp_directory = '{spill.replace(chr(39), chr(39) * 2)}'")
    path = lines.replace("'", "''")
    con.execute(f"CREATE VIEW sales AS SELECT * FROM read_csv_auto('{path}')")
    sql = open(query, encoding="utf-8").read()
    start = time.perf_counter()
    target = out.replace("'", "''")
    con.execute(f"COPY ({sql.strip().rstrip(';')}) TO '{target}' (HEADER, DELIMITER ',')")
    print(f"{time.perf_counter() - start:.3f}")


if __name__ == "__main__":
    main()
