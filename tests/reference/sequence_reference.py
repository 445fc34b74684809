#!/usr/bin/env python3
"""Independent reference for the timed rules "bought A, then B within N days" on Online Retail
(plain Python 3, stdlib only; written from the definitions, sharing no code with the Rust side).

Usage (from the repository root):
    python3 tests/reference/sequence_reference.py ../shared/data/online_retail.csv.gz 85123A 90

Definitions, written out here:
  - a purchase line has Quantity > 0, UnitPrice > 0, an InvoiceNo not starting with 'C', and a CustomerID;
  - days are calendar days of InvoiceDate; as-of = the day after the last InvoiceDate in the file (any line);
    a customer is observed N days after day d when d + N < as-of;
  - anchor = a customer's first purchase day of A; observed buyers of A = those observed N days after it;
  - count(B) = observed buyers of A with a purchase of B on a day in (anchor, anchor + N];
  - share = count / observed buyers; median lag = median of (first such B day - anchor);
  - q_B(d) = share of the customers with a purchase on day d (observed N days after d) who bought B in
    (d, d + N]; base rate = mean of q_B(anchor) over the observed buyers of A; lift = share / base rate.
Prints JSON: the target's buyers, observed and excluded counts, and the rules with count >= 10 sorted
by count (descending), then B.
"""
import csv
import datetime
import gzip
import io
import json
import statistics
import sys


def main(path, a, n):
    days = {}  # customer -> {day: set(items)}
    last = None
    with gzip.open(path, "rb") as f:
        for row in csv.DictReader(io.TextIOWrapper(f, encoding="utf-8", newline="")):
            day = datetime.date.fromisoformat(row["InvoiceDate"][:10])
            if last is None or day > last:
                last = day
            cust = row["CustomerID"].strip()
            if not cust or row["InvoiceNo"].startswith("C"):
                continue
            if float(row["Quantity"]) > 0 and float(row["UnitPrice"]) > 0:
                days.setdefault(cust, {}).setdefault(day, set()).add(row["StockCode"])
    as_of = last + datetime.timedelta(days=1)
    window = datetime.timedelta(days=n)

    def observed(d):
        return d + window < as_of

    def bought_in(cust, b, d):
        hits = [x for x, items in days[cust].items() if d < x <= d + window and b in items]
        return min(hits) if hits else None

    anchors = {}
    for cust, by_day in days.items():
        a_days = [d for d, items in by_day.items() if a in items]
        if a_days:
            anchors[cust] = min(a_days)
    obs = {c: d for c, d in anchors.items() if observed(d)}

    # Buyers on each anchor day, and the items they bought in the N days after it.
    q_cache = {}

    def q(d):
        if d not in q_cache:
            buyers = [c for c in days if d in days[c]]
            counts = {}
            for c in buyers:
                seen = set()
                for x, items in days[c].items():
                    if d < x <= d + window:
                        seen |= items
                for b in seen:
                    counts[b] = counts.get(b, 0) + 1
            q_cache[d] = (len(buyers), counts)
        return q_cache[d]

    lags = {}
    for c, d in obs.items():
        seen = {}
        for x in sorted(days[c]):
            if d < x <= d + window:
                for b in days[c][x]:
                    seen.setdefault(b, (x - d).days)
        for b, lag in seen.items():
            lags.setdefault(b, []).append(lag)
    rules = []
    for b, ls in lags.items():
        if b == a or len(ls) < 10:
            continue
        base = 0.0
        for d in obs.values():
            buyers, counts = q(d)
            base += counts.get(b, 0) / buyers
        base /= len(obs)
        share = len(ls) / len(obs)
        rules.append({"consequent": b, "count": len(ls), "share": share, "median_lag_days": statistics.median(ls),
                      "base_rate": base, "lift": share / base if base > 0 else None})
    rules.sort(key=lambda r: (-r["count"], r["consequent"]))
    print(json.dumps({"as_of": as_of.isoformat(), "buyers": len(anchors), "observed": len(obs),
                      "excluded_short_observation": len(anchors) - len(obs), "rules": rules}, indent=1))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
