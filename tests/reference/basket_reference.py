#!/usr/bin/env python3
"""Independent reference for market-basket mining on the Online Retail file (plain Python 3, stdlib only).

Usage (from the repository root; writes the JSON that tests/basket.rs compares with):
    python3 tests/reference/basket_reference.py ../shared/data/online_retail.csv.gz 0.02 \
        > tests/reference/basket_reference.json

Cleaning and counting, written out here rather than shared with the Rust code:
  - a purchase line has Quantity > 0, UnitPrice > 0 and an InvoiceNo not starting with 'C';
  - a basket is the set of distinct StockCodes of one InvoiceNo's purchase lines (customer or not);
  - min count = ceil(min_support * baskets);
  - frequent itemsets by level-wise counting (Apriori): candidates of length k+1 are the unions of two
    frequent k-itemsets whose every k-subset is frequent, counted by scanning every basket;
  - rules X -> {y} from every frequent itemset of 2+ items, confidence = count(XY)/count(X) >= 0.5,
    lift = confidence / (count(y)/N);
  - top rules by lift descending, then count descending.
Prints JSON: baskets, items, min_count, itemsets_by_length (index = length, 0 first), rules, top_rules.
"""
import csv
import gzip
import io
import itertools
import json
import math
import sys


def main(path, min_support):
    baskets = {}
    with gzip.open(path, "rb") as f:
        rows = csv.reader(io.TextIOWrapper(f, encoding="utf-8", newline=""))
        header = next(rows)
        col = {name: i for i, name in enumerate(header)}
        for r in rows:
            inv, code = r[col["InvoiceNo"]], r[col["StockCode"]]
            q, p = float(r[col["Quantity"]]), float(r[col["UnitPrice"]])
            if inv.startswith("C") or q <= 0 or p <= 0:
                continue
            baskets.setdefault(inv, set()).add(code)
    data = [frozenset(b) for b in baskets.values()]
    n = len(data)
    min_count = math.ceil(min_support * n - 1e-9)
    counts = {}
    for b in data:
        for i in b:
            counts[i] = counts.get(i, 0) + 1
    items = len(counts)
    level = {frozenset([i]): c for i, c in counts.items() if c >= min_count}
    frequent = dict(level)
    k = 1
    while level:
        keys = sorted(level, key=lambda s: sorted(s))
        cands = set()
        for a, b in itertools.combinations(keys, 2):
            u = a | b
            if len(u) == k + 1 and all(frozenset(s) in level for s in itertools.combinations(u, k)):
                cands.add(u)
        cc = dict.fromkeys(cands, 0)
        for b in data:
            if len(b) <= k:
                continue
            for c in cands:
                if c <= b:
                    cc[c] += 1
        level = {s: c for s, c in cc.items() if c >= min_count}
        frequent.update(level)
        k += 1
    by_len = [0] * (max(len(s) for s in frequent) + 1) if frequent else [0]
    for s in frequent:
        by_len[len(s)] += 1
    rules = []
    for z, cz in frequent.items():
        if len(z) < 2:
            continue
        for y in z:
            x = z - {y}
            conf = cz / frequent[x]
            if conf >= 0.5:
                lift = conf / (frequent[frozenset([y])] / n)
                rules.append({"antecedent": sorted(x), "consequent": [y], "count": cz, "confidence": conf, "lift": lift})
    rules.sort(key=lambda r: (-r["lift"], -r["count"], r["antecedent"], r["consequent"]))
    print(json.dumps({"baskets": n, "items": items, "min_count": min_count, "itemsets_by_length": by_len,
                      "rules": len(rules), "top_rules": rules[:5]}, indent=1))


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
