"""Compares two `clientela rules --json` reports: the one of the line items (A) and the one derived from the
itemset file of the Spark baskets job (B). Every key must be equal (numbers exactly: the same counts give the
same metrics), except `item_frequencies`, where the line items list items below the support too and the
file has frequent items only: there, A's frequent items must equal B's.

usage: same_rules.py A.json B.json   (prints the itemsets and rules compared)
"""
import json
import sys


def main():
    a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
    least = a["min_count"]
    a["item_frequencies"] = [i for i in a["item_frequencies"] if i["count"] >= least]
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            sys.exit(f"{key} differs:\n  line items: {json.dumps(a.get(key))[:600]}\n  itemsets:   {json.dumps(b.get(key))[:600]}")
    print(f"same report: {b['frequent_itemsets']} itemsets at {b['min_count']} of {b['transactions']['baskets']} baskets, {b['rules']} rules")


if __name__ == "__main__":
    main()
