#!/usr/bin/env python3
"""Native `clientela segment` against DuckDB's RFM + decile query on the same CSV file, whole processes,
interleaved (issue "fast from the first second": segment ≤ 0.6× DuckDB).

Each run is a fresh process, timed from its start to its exit (`time.perf_counter` around it, in ms). DuckDB (the Python package the
test setup installs in .venv, `bash scripts/setup.sh`) reads the file with `read_csv_auto` and computes per
customer the last purchase, distinct invoices and spend, their recency, frequency and money quintiles and
the spend deciles — the figures of clientela's segment report without its clustering, lifecycle and
segments. clientela runs `clientela segment FILE --json` (k-means over k = 2..10 included). Commands (from
the repository root):

    cargo build --release
    gunzip -c ../shared/data/online_retail.csv.gz > /tmp/online_retail.csv
    .venv/bin/python benches/duckdb_segment.py /tmp/online_retail.csv [--runs 5] [--bin OTHER_BUILD ...]

`--bin` (repeatable) times other builds of clientela in the same rounds, each after DuckDB and the
current build, so that a change is compared with its base at the same moments of the machine.

DuckDB is timed two ways when it can be. The Python package (its engine in a Python process) is what the
test setup installs; its whole process includes ~0.1 s of interpreter start and `import duckdb`. DuckDB's
own command-line program (the native anchor, without that start) is timed too when the `duckdb-cli`
package of the same version is in .venv (`.venv/bin/pip install duckdb-cli==1.5.6`; not part of the test
setup).

The query reads the Online Retail columns (InvoiceNo, InvoiceDate, Quantity, UnitPrice, CustomerID).
Prints each run's pair and the medians; timings are reported, never asserted.
"""
import argparse
import pathlib
import statistics
import subprocess
import sys
import time

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


def duckdb_cli():
    """The DuckDB command-line program of the `duckdb-cli` package, when it is installed here."""
    try:
        import duckdb_cli  # noqa: PLC0415 (optional)
    except ImportError:
        return None
    path = pathlib.Path(duckdb_cli.__file__).parent / "duckdb"
    return str(path) if path.exists() else None


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin", action="append", default=[], help="another build to time in the same rounds")
    a = ap.parse_args()
    if not BIN.exists():
        sys.exit(f"{BIN} is missing: cargo build --release")
    query = QUERY.format(path=a.csv.replace("'", "''"))
    bins = [str(BIN)] + a.bin
    cli = duckdb_cli()
    duck, native, seg = [], [], [[] for _ in bins]
    for i in range(a.runs):
        duck.append(timed([sys.executable, "-c", DUCK, "-", query]))
        if cli:
            native.append(timed([cli, "-c", query]))
        for b, times in zip(bins, seg):
            times.append(timed([b, "segment", a.csv, "--json"]))
        others = "".join(f", {b} {t[-1]:.3f} s" for b, t in zip(a.bin, seg[1:]))
        cli_run = f", DuckDB CLI {native[-1]:.3f} s" if cli else ""
        print(f"run {i + 1}: DuckDB (Python) {duck[-1]:.3f} s{cli_run}, clientela segment {seg[0][-1]:.3f} s{others}")
    md = statistics.median(duck)
    mn = statistics.median(native) if cli else None
    if not cli:
        print("(no DuckDB CLI: .venv/bin/pip install duckdb-cli==1.5.6 to time the native anchor too)")
    for b, times in zip(bins, seg):
        ms = statistics.median(times)
        name = "clientela segment" if b == str(BIN) else b
        against_cli = f"; DuckDB CLI {mn:.3f} s, ratio {ms / mn:.2f}" if cli else ""
        print(f"median: {name} {ms:.3f} s; DuckDB (Python) {md:.3f} s, ratio {ms / md:.2f}{against_cli}")

if __name__ == "__main__":
    main()
