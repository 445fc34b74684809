#!/usr/bin/env bash
# Runs the Spark dialect of the per-customer summary query in Spark local mode (pyspark 3.5.3 from PyPI in
# .venv-spark, Debian's OpenJDK 17) on the fixtures, and checks each summary against DuckDB's (which
# tests/warehouse.rs checks against Clientela's own analyses). On success it writes
# tests/warehouse/spark.verified: the SHA-256 of the Spark SQL of the fixtures. The test command does not
# install Spark (300 MB, minutes); instead tests/warehouse.rs fails when the Spark SQL changed since the
# last verified run, so a change to the query cannot pass without this script having run.
#
# usage: bash scripts/spark-check.sh   (Online Retail is checked too when ../shared/data has it)
set -euo pipefail
cd "$(dirname "$0")/.."

PYSPARK_VERSION=3.5.3
say() { printf '[spark-check] %s\n' "$*"; }

bash scripts/setup.sh
command -v java >/dev/null || { say "Spark needs Java (Debian: apt-get install openjdk-17-jre-headless)" >&2; exit 1; }
if ! .venv-spark/bin/python -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
  say "installing pyspark $PYSPARK_VERSION (in .venv-spark)"
  python3 -m venv .venv-spark
  .venv-spark/bin/pip install --quiet --disable-pip-version-check "pyspark==$PYSPARK_VERSION"
fi
cargo build --profile quick --bin clientela
cli=target/quick/clientela
work=target/spark-check
mkdir -p "$work"
cp tests/data/warehouse/shop.csv "$work/shop.csv"
"$cli" generate --rows 60000 --seed 42 -o "$work/synthetic.csv"
fixtures=(shop synthetic)
if [ -f ../shared/data/online_retail.csv.gz ]; then
  gunzip -c ../shared/data/online_retail.csv.gz > "$work/online_retail.csv"
  fixtures+=(online_retail)
fi
for f in "${fixtures[@]}"; do
  "$cli" sql "$work/$f.csv" --dialect spark --table sales > "$work/$f.spark.sql"
  "$cli" sql "$work/$f.csv" --dialect duckdb --table sales > "$work/$f.duckdb.sql"
  s=$(.venv-spark/bin/python tests/warehouse/spark_summary.py "$work/$f.csv" "$work/$f.spark.sql" "$work/$f.spark.csv")
  d=$(.venv/bin/python tests/warehouse/duckdb_summary.py "$work/$f.csv" "$work/$f.duckdb.sql" "$work/$f.duckdb.csv")
  say "$f: Spark ${s} s, DuckDB ${d} s; $(python3 tests/warehouse/same_summary.py "$work/$f.duckdb.csv" "$work/$f.spark.csv")"
done
cat "$work/shop.spark.sql" "$work/synthetic.spark.sql" | sha256sum | cut -d' ' -f1 > tests/warehouse/spark.verified
say "ok: tests/warehouse/spark.verified = $(cat tests/warehouse/spark.verified) (commit it)"
