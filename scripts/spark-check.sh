#!/usr/bin/env bash
# Runs the Spark dialect in Spark local mode (pyspark 3.5.3 and numpy from PyPI in .venv-spark, Debian's
# OpenJDK 17) on the fixtures:
# - summary: the per-customer summary query, each summary checked against DuckDB's (which tests/warehouse.rs
#   checks against Clientela's own analyses); on success it writes tests/warehouse/spark.verified, the
#   SHA-256 of the fixtures' Spark SQL;
# - baskets: the baskets job (`clientela sql --dialect spark --baskets`, MLlib's FPGrowth), its itemset file
#   read back by `clientela rules --itemsets` and checked against `clientela rules` on the line items at the
#   same support (tests/warehouse/same_rules.py: the same report, key for key); on success it writes
#   tests/warehouse/spark_baskets.verified, the SHA-256 of the fixtures' jobs.
# The test command does not install Spark (300 MB, minutes); instead tests/warehouse.rs fails when the
# Spark SQL or the job changed since the last verified run, so a change cannot pass without this script.
#
# usage: bash scripts/spark-check.sh [summary|baskets]   (both by default; Online Retail is checked too when
#        ../shared/data has it)
set -euo pipefail
cd "$(dirname "$0")/.."

PYSPARK_VERSION=3.5.3
NUMPY_VERSION=1.26.4 # pyspark.ml imports numpy
what=${1:-all}
case "$what" in all | summary | baskets) ;; *) echo "usage: bash scripts/spark-check.sh [summary|baskets]" >&2; exit 2 ;; esac
say() { printf '[spark-check] %s\n' "$*"; }

bash scripts/setup.sh
command -v java >/dev/null || { say "Spark needs Java (Debian: apt-get install openjdk-17-jre-headless)" >&2; exit 1; }
if ! .venv-spark/bin/python -c "import numpy, pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
  say "installing pyspark $PYSPARK_VERSION and numpy $NUMPY_VERSION (in .venv-spark)"
  python3 -m venv .venv-spark
  .venv-spark/bin/pip install --quiet --disable-pip-version-check "pyspark==$PYSPARK_VERSION" "numpy==$NUMPY_VERSION"
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
if [ "$what" != baskets ]; then
  for f in "${fixtures[@]}"; do
    "$cli" sql "$work/$f.csv" --dialect spark --table sales > "$work/$f.spark.sql"
    "$cli" sql "$work/$f.csv" --dialect duckdb --table sales > "$work/$f.duckdb.sql"
    s=$(.venv-spark/bin/python tests/warehouse/spark_summary.py "$work/$f.csv" "$work/$f.spark.sql" "$work/$f.spark.csv")
    d=$(.venv/bin/python tests/warehouse/duckdb_summary.py "$work/$f.csv" "$work/$f.duckdb.sql" "$work/$f.duckdb.csv")
    say "$f: Spark ${s} s, DuckDB ${d} s; $(python3 tests/warehouse/same_summary.py "$work/$f.duckdb.csv" "$work/$f.spark.csv")"
  done
  cat "$work/shop.spark.sql" "$work/synthetic.spark.sql" | sha256sum | cut -d' ' -f1 > tests/warehouse/spark.verified
  say "ok: tests/warehouse/spark.verified = $(cat tests/warehouse/spark.verified) (commit it)"
fi

if [ "$what" != summary ]; then
  # Each fixture at a support (the stamp's jobs are basket_lines at 0.1 and synthetic at 0.01).
  cp tests/data/basket_lines.csv "$work/basket_lines.csv"
  runs=(basket_lines:0.1 synthetic:0.01)
  [ -f "$work/online_retail.csv" ] && runs+=(online_retail:0.01)
  secs() { date +%s.%N; }
  took() { python3 -c "print(f'{$2 - $1:.1f}')"; }
  for run in "${runs[@]}"; do
    f=${run%%:*}
    s=${run##*:}
    "$cli" sql "$work/$f.csv" --dialect spark --baskets --table sales --min-support "$s" > "$work/$f.baskets.py"
    rm -rf "$work/$f.itemsets"
    t0=$(secs)
    if ! .venv-spark/bin/python "$work/$f.baskets.py" "$work/$f.itemsets" --csv "$work/$f.csv" 2> "$work/$f.baskets.log"; then
      tail -n 30 "$work/$f.baskets.log" >&2
      say "$f: the baskets job failed (log: $work/$f.baskets.log)" >&2
      exit 1
    fi
    t1=$(secs)
    "$cli" rules --itemsets "$work/$f.itemsets" --json > "$work/$f.from_itemsets.json"
    t2=$(secs)
    "$cli" rules "$work/$f.csv" --min-support "$s" --json > "$work/$f.rules.json"
    t3=$(secs)
    same=$(python3 tests/warehouse/same_rules.py "$work/$f.rules.json" "$work/$f.from_itemsets.json")
    say "$f at $s: Spark job $(took "$t0" "$t1") s, rules from its itemsets $(took "$t1" "$t2") s, clientela rules on the lines $(took "$t2" "$t3") s; $same"
  done
  cat "$work/basket_lines.baskets.py" "$work/synthetic.baskets.py" | sha256sum | cut -d' ' -f1 > tests/warehouse/spark_baskets.verified
  say "ok: tests/warehouse/spark_baskets.verified = $(cat tests/warehouse/spark_baskets.verified) (commit it)"
fi
