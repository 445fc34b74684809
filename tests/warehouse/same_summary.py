"""Compares two per-customer summaries (CSV with a header): the same customers, in the same order, and the
same values, numbers within a relative 1e-9 (engines add in different orders), dates as dates.

usage: same_summary.py A.csv B.csv
"""
import csv
import sys


def value(s):
    s = s.strip()
    if s == "":
        return None
    try:
        return float(s)
    except ValueError:
        return s.split(" ")[0].split("T")[0]


def main():
    a, b = (list(csv.reader(open(p, encoding="utf-8"))) for p in sys.argv[1:3])
    if a[0] != b[0]:
        sys.exit(f"columns differ:\n{a[0]}\n{b[0]}")
    if len(a) != len(b):
        sys.exit(f"{len(a) - 1} rows against {len(b) - 1}")
    for ra, rb in zip(a[1:], b[1:]):
        for name, x, y in zip(a[0], ra, rb):
            x, y = value(x), value(y)
            if isinstance(x, float) and isinstance(y, float):
                if abs(x - y) > 1e-9 * max(1.0, abs(x), abs(y)):
                    sys.exit(f"customer {ra[0]}: {name} {x} against {y}")
            elif x != y:
                sys.exit(f"customer {ra[0]}: {name} {x!r} against {y!r}")
    print(f"same: {len(a) - 1} customers")


if __name__ == "__main__":
    main()
