"""The oracle of tests/compare.rs: per calendar month, the figures of Clientela's "compare periods"
(src/compare) recomputed in SQL by DuckDB from the raw Online Retail file, with the same definitions.

usage: duckdb_months.py LINES.csv[.gz] AS_OF(YYYY-MM-DD)

Prints one JSON object per month: month, customers, new_customers, orders, repeat_customers, revenue,
returns. Definitions (as src/compare/mod.rs and Dataset::kind): a line with a customer id dated before the
as-of date is a return when its quantity is negative or its invoice starts with C, a purchase when its
quantity and price are positive; customers with a purchase in the month; new when their first purchase
is in that month; orders are distinct (customer, invoice); revenue is quantity x price of purchases;
returns the absolute value of the return lines of customers with a purchase before the as-of date.
"""
import json
import sys

import duckdb


def main():
    lines, as_of = sys.argv[1:3]
    con = duckdb.connect()
    path = lines.replace("'", "''")
    rows = con.execute(
        f"""
        WITH l AS (
            SELECT CAST(CustomerID AS VARCHAR) AS c, CAST(InvoiceNo AS VARCHAR) AS inv,
                   CAST(Quantity AS DOUBLE) AS q, CAST(UnitPrice AS DOUBLE) AS p, CAST(InvoiceDate AS TIMESTAMP) AS t
            FROM read_csv_auto('{path}')
            WHERE CustomerID IS NOT NULL AND CAST(InvoiceDate AS TIMESTAMP) < DATE '{as_of}'
        ), k AS (
            SELECT *, strftime(t, '%Y-%m') AS month,
                   CASE WHEN q < 0 OR inv LIKE 'C%' THEN 'return' WHEN q = 0 THEN 'zero'
                        WHEN p <= 0 THEN 'price' ELSE 'purchase' END AS kind
            FROM l
        ), firsts AS (
            SELECT c, strftime(min(t), '%Y-%m') AS first_month FROM k WHERE kind = 'purchase' GROUP BY c
        ), per AS (
            SELECT month, c, count(DISTINCT inv) AS orders, sum(q * p) AS revenue
            FROM k WHERE kind = 'purchase' GROUP BY month, c
        ), ret AS (
            SELECT month, sum(abs(q * p)) AS returns FROM k JOIN firsts USING (c) WHERE kind = 'return' GROUP BY month
        ), m AS (
            SELECT per.month, count(*) AS customers,
                   count(*) FILTER (WHERE firsts.first_month = per.month) AS new_customers,
                   sum(orders) AS orders, count(*) FILTER (WHERE orders >= 2) AS repeat_customers,
                   sum(revenue) AS revenue
            FROM per JOIN firsts USING (c) GROUP BY per.month
        )
        SELECT m.*, coalesce(ret.returns, 0) AS returns FROM m LEFT JOIN ret USING (month) ORDER BY month
        """
    ).fetchall()
    names = ["month", "customers", "new_customers", "orders", "repeat_customers", "revenue", "returns"]
    for r in rows:
        print(json.dumps(dict(zip(names, r))))


if __name__ == "__main__":
    main()
