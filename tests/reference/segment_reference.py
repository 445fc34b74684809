#!/usr/bin/env python3
"""Independent reference for the segmentation of the Online Retail file (plain Python 3, stdlib only).

Usage (from the repository root):
    python3 tests/reference/segment_reference.py ../shared/data/online_retail.csv.gz

Cleaning, written out here rather than shared with the Rust code:
  - a purchase line has Quantity > 0, UnitPrice > 0, an InvoiceNo not starting with 'C', and a CustomerID;
  - the line amount is Quantity * UnitPrice;
  - customers are ranked by revenue (highest first), equal revenue by CustomerID (string order);
  - decile sizes are as equal as possible, larger groups first;
  - Gini = sum_i (2i - n - 1) x_i / (n * sum x) over revenues sorted ascending, i from 1;
  - RFM: as-of = the day after the last InvoiceDate in the file; recency = as-of day - last purchase day,
    frequency = distinct invoices, monetary = revenue; score = floor(5 * rank / n) + 1 with rank from 0 in
    ascending order of the value (recency: of minus the days), ties by CustomerID; segment from the
    R x (F+M)/2 grid, FM rounded half up.
Sums are accumulated in a plain loop in the same order as documented below (per customer in file order,
totals best first) so that the result does not depend on Python's sum() algorithm.
Prints JSON.
"""
import csv
import datetime
import gzip
import io
import json
import sys

GRID = [  # rows R = 5..1, columns FM = 1..5
    ["New", "Potential loyalists", "Potential loyalists", "Loyal", "Champions"],
    ["Promising", "Potential loyalists", "Potential loyalists", "Loyal", "Loyal"],
    ["About to sleep", "About to sleep", "Need attention", "Loyal", "Loyal"],
    ["Lost", "Hibernating", "At risk", "At risk", "At risk"],
    ["Lost", "Lost", "At risk", "At risk", "Can't lose them"],
]


def main(path):
    revenue = {}
    invoices = {}
    last_day = {}
    any_customer = set()
    file_last = None
    with gzip.open(path, "rb") as f:
        for row in csv.DictReader(io.TextIOWrapper(f, encoding="utf-8", newline="")):
            day = datetime.date.fromisoformat(row["InvoiceDate"][:10])
            if file_last is None or day > file_last:
                file_last = day
            cust = row["CustomerID"].strip()
            if cust == "":
                continue
            any_customer.add(cust)
            q = float(row["Quantity"])
            p = float(row["UnitPrice"])
            if q > 0 and p > 0 and not row["InvoiceNo"].startswith("C"):
                revenue[cust] = revenue.get(cust, 0.0) + q * p
                invoices.setdefault(cust, set()).add(row["InvoiceNo"])
                if cust not in last_day or day > last_day[cust]:
                    last_day[cust] = day
    best = sorted(revenue, key=lambda c: (-revenue[c], c))
    n = len(best)
    total = 0.0
    for c in best:
        total += revenue[c]
    asc = [revenue[c] for c in reversed(best)]
    weighted = 0.0
    for i, x in enumerate(asc):
        weighted += (2.0 * (i + 1) - n - 1) * x
    gini = weighted / (n * total)
    sizes = [n // 10 + (1 if k < n % 10 else 0) for k in range(10)]
    deciles, start, cum = [], 0, 0.0
    for k, size in enumerate(sizes):
        r = 0.0
        for c in best[start:start + size]:
            r += revenue[c]
        start += size
        cum += r
        deciles.append({"decile": k + 1, "customers": size, "revenue": r,
                        "revenue_share": r / total, "cumulative_share": cum / total})

    as_of = file_last + datetime.timedelta(days=1)

    def scores(value):
        order = sorted(best, key=lambda c: (value(c), c))
        return {c: 5 * rank // n + 1 for rank, c in enumerate(order)}

    rs = scores(lambda c: -(as_of - last_day[c]).days)
    fs = scores(lambda c: len(invoices[c]))
    ms = scores(lambda c: revenue[c])
    segments = {}
    for c in best:
        fm = (fs[c] + ms[c] + 1) // 2
        name = GRID[5 - rs[c]][fm - 1]
        segments[name] = segments.get(name, 0) + 1
    print(json.dumps({
        "customers_any_line": len(any_customer),
        "customers": n,
        "revenue": total,
        "gini": gini,
        "as_of": as_of.isoformat(),
        "deciles": deciles,
        "rfm_segment_customers": dict(sorted(segments.items())),
    }, indent=1))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/online_retail.csv.gz")
