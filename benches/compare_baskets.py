#!/usr/bin/env python3
"""Whole-process timings of basket mining: clientela against pyfim (Borgelt's C code) and mlxtend.

Each run is a fresh process that reads the basket file, mines the frequent itemsets and the rules at
confidence 0.5 and writes its result; the wall time and the peak resident memory come from
`/usr/bin/time -f '%e %M'`. Commands (from the repository root):

    pip install pyfim mlxtend pandas
    cargo build --release
    python3 benches/compare_baskets.py            # all data sets, all supports
    python3 benches/compare_baskets.py --quick    # the two highest supports per data set

Every figure is the median of --runs runs (default 3; the machine's timing noise between identical runs
is often 30 % here, so a single run proves little).

Data sets (written to a scratch directory, default /tmp/clientela-baskets):
  - T10I4D100K.dat: `clientela generate --baskets 100000` (IBM Quest style, seed 42);
  - retail_like.dat: `clientela generate --baskets 88162 --items 16470 --avg-basket-len 10.3 --patterns 5000`
    (the shape of the FIMI retail.dat: 88,162 baskets, 16,470 items);
  - online_retail.dat: the invoices of ../shared/data/online_retail.csv.gz as FIMI lines (purchase lines
    only: Quantity > 0, UnitPrice > 0, InvoiceNo not starting with C; items = StockCode), when present.
Every tool reads the same .dat file. clientela runs
`clientela rules FILE --layout baskets --no-header --delimiter ' ' --min-support S --min-confidence 0.5 --json`;
pyfim runs `fim.fpgrowth(baskets, target='r', supp=100*S, conf=50, zmin=2, report='XC', mode='o')` (mode 'o': rule support = support of body and head, the arules semantics clientela uses) after reading
the lines with str.split (its own count of rules is printed); mlxtend runs TransactionEncoder (sparse),
`fpgrowth(df, min_support=S)` and `association_rules(..., metric='confidence', min_threshold=0.5)`.
mlxtend runs are skipped (and reported as such) where an earlier, higher support already took more than
--mlxtend-limit seconds, and any run is stopped after --timeout seconds.
"""
import argparse
import csv
import gzip
import io
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "clientela")

PYFIM = r"""
import sys, fim
path, s = sys.argv[1], float(sys.argv[2])
with open(path) as f:
    baskets = [l.split() for l in f]
rules = fim.fpgrowth(baskets, target='r', supp=100 * s, conf=50, zmin=2, report='XC', mode='o')
print(0, len(rules))
"""

MLXTEND = r"""
import sys
import pandas as pd
from mlxtend.preprocessing import TransactionEncoder
from mlxtend.frequent_patterns import fpgrowth, association_rules
path, s = sys.argv[1], float(sys.argv[2])
with open(path) as f:
    baskets = [l.split() for l in f]
te = TransactionEncoder()
m = te.fit(baskets).transform(baskets, sparse=True)
df = pd.DataFrame.sparse.from_spmatrix(m, columns=te.columns_)
sets = fpgrowth(df, min_support=s, use_colnames=True)
rules = association_rules(sets, metric='confidence', min_threshold=0.5, num_itemsets=len(baskets)) if len(sets) else []
print(len(sets), len(rules))
"""


def timed(cmd, timeout, runs=1):
    """Median wall time (s) and median peak memory (MB) of `runs` runs, and the last run's output."""
    results = [timed_once(cmd, timeout) for _ in range(runs)]
    ok = [r for r in results if r[0] is not None]
    if len(ok) < len(results):
        return next(r for r in results if r[0] is None)
    med = lambda xs: sorted(xs)[len(xs) // 2]
    return med([r[0] for r in ok]), med([r[1] for r in ok]), ok[-1][2]


def timed_once(cmd, timeout):
    full = ["/usr/bin/time", "-f", "TIME %e %M"] + cmd
    try:
        p = subprocess.run(full, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, None, "timeout"
    line = [l for l in p.stderr.splitlines() if l.startswith("TIME ")]
    if p.returncode != 0 or not line:
        return None, None, (p.stderr.strip().splitlines() or ["failed"])[-1]
    _, sec, kb = line[-1].split()
    return float(sec), int(kb) / 1024, p.stdout


def write_online_retail(out):
    src = os.path.join(ROOT, "..", "shared", "data", "online_retail.csv.gz")
    if not os.path.exists(src):
        return False
    baskets = {}
    with gzip.open(src, "rb") as f:
        rows = csv.reader(io.TextIOWrapper(f, encoding="utf-8", newline=""))
        col = {n: i for i, n in enumerate(next(rows))}
        for r in rows:
            inv = r[col["InvoiceNo"]]
            if inv.startswith("C") or float(r[col["Quantity"]]) <= 0 or float(r[col["UnitPrice"]]) <= 0:
                continue
            baskets.setdefault(inv, []).append(r[col["StockCode"]].replace(" ", "_"))
    with open(out, "w") as f:
        for items in baskets.values():
            f.write(" ".join(dict.fromkeys(items)) + "\n")
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default="/tmp/clientela-baskets")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--mlxtend-limit", type=float, default=120)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    sets = {
        "T10I4D100K": (["--baskets", "100000"], [0.01, 0.005, 0.002, 0.001]),
        "retail_like": (["--baskets", "88162", "--items", "16470", "--avg-basket-len", "10.3", "--patterns", "5000"], [0.005, 0.002, 0.001]),
    }
    files = {}
    for name, (gen, _) in sets.items():
        path = os.path.join(args.dir, name + ".dat")
        subprocess.run([BIN, "generate", *gen, "-o", path], check=True)
        files[name] = path
    retail = os.path.join(args.dir, "online_retail.dat")
    if write_online_retail(retail):
        sets["online_retail"] = (None, [0.02, 0.01, 0.005, 0.003])
        files["online_retail"] = retail
    print("| data | support | clientela s | MB | pyfim s | MB | mlxtend s | MB | itemsets | rules (clientela / pyfim) | pyfim / clientela | mlxtend / clientela |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, (_, supports) in sets.items():
        path = files[name]
        slow = False
        for s in supports[:2] if args.quick else supports:
            c_t, c_m, c_out = timed([BIN, "rules", path, "--layout", "baskets", "--no-header", "--delimiter", " ",
                                     "--min-support", str(s), "--min-confidence", "0.5", "--json"], args.timeout, args.runs)
            counts = "?"
            c_rules = "?"
            if c_t is not None:
                import json
                d = json.loads(c_out)
                counts, c_rules = d["itemsets"], d["rules"]
            p_t, p_m, p_out = timed([sys.executable, "-c", PYFIM, path, str(s)], args.timeout, args.runs)
            p_rules = p_out.split()[1] if p_t is not None else p_out
            if slow:
                m_t, m_m, m_out = None, None, "skipped"
            else:
                m_t, m_m, m_out = timed([sys.executable, "-c", MLXTEND, path, str(s)], args.timeout, args.runs)
                if m_t is None or m_t > args.mlxtend_limit:
                    slow = True
            f = lambda v: "-" if v is None else f"{v:.2f}"
            ratio = lambda a, b: "-" if a is None or b is None else f"{a / b:.1f}x"
            print(f"| {name} | {s} | {f(c_t)} | {f(c_m)} | {f(p_t)} | {f(p_m)} | {f(m_t) if m_t is not None else m_out} | {f(m_m)} "
                  f"| {counts} | {c_rules} / {p_rules} | {ratio(p_t, c_t)} | {ratio(m_t, c_t)} |", flush=True)


if __name__ == "__main__":
    main()
