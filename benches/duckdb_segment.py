#!/usr/bin/env python3
"""Native `clientela segment` against DuckDB's RFM + decile query on the same CSV file, whole processes,
interleaved (issue "fast from the first second": segment ≤ 0.6× DuckDB).

Each run is a fresh process; the wall time comes from `/usr/bin/time -f %e`. DuckDB (the Python package the
test setup installs in .venv, `bash scripts/setup.sh`) reads the file with `read_csv_auto` and computes per
customer the last purchase, distinct invoices and spend, their recency, frequency and money quintiles and
the spend deciles — the figures of clientela's segment report without its clustering, lifecycle and
segments. clientela runs `clientela segment FILE --json` (k-means over k = 2..10 included). Commands (from
the repository root):

    cargo build --release
    gunzip -c ../shared/data/online_retail.csv.gz > /tmp/online_retail.csv
    .venv/bin/python benches/duckdb_segment.py /tmp/online_retail.csv [--runs 5]

The query reads the Online Retail columns (InvoiceNo, InvoiceDate, Quantity, UnitPrice, CustomerID).
Prints each run's pair and the medians; timings are reported, never asserted.
"""
import argparse
import pathlib
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "clientela"

QUERY = """
with l as (
  select CustomerID c, InvoiceNo o, InvoiceDate d, Quantity * UnitPrice a
  from read_csv_auto('{path}') where CustomerID is not null),
p as (select c, max(d) lst, count(distinct o) f, sum(a) m from l group by c),
e as (select max(d) mx from l),
r as (select c, date_diff('day', lst, (select mx from e)) rec, f, m from p)
select count(*), sum(m), sum(rs), sum(fs), sum(ms), sum(dcl) from (
  select ntile(5) over (order by rec desc) rs, ntile(5) over (order by f) fs,
         ntile(5) over (order by m) ms, ntile(10) over (order by m desc) dcl, m from r)
"""

DUCK = """
import duckdb, sys
print(duckdb.connect().execute(sys.argv[2]).fetchall())
"""


def timed(cmd):
    out = subprocess.run(["/usr/bin/time", "-f", "%e"] + cmd, capture_output=True, text=True, check=True)
    return float(out.stderr.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    if not BIN.exists():
        sys.exit(f"{BIN} is missing: cargo build --release")
    query = QUERY.format(path=a.csv.replace("'", "''"))
    duck, seg = [], []
    for i in range(a.runs):
        duck.append(timed([sys.executable, "-c", DUCK, "-", query]))
        seg.append(timed([str(BIN), "segment", a.csv, "--json"]))
        print(f"run {i + 1}: DuckDB {duck[-1]:.2f} s, clientela segment {seg[-1]:.2f} s")
    md, ms = statistics.median(duck), statistics.median(seg)
    print(f"median: DuckDB {md:.2f} s, clientela segment {ms:.2f} s, ratio {ms / md:.2f}")


if __name__ == "__main__":
    main()
