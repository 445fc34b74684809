#!/usr/bin/env bash
# Coverage-guided fuzzing of the core (cargo-fuzz on nightly; the targets are in fuzz/, their bodies in
# src/fuzzing.rs). Usage: bash scripts/fuzz.sh [seconds per target, default 60] [targets…]
# The seed corpus is every file under tests/data. A finding (fuzz/artifacts/<target>/…) becomes a
# regression test by copying it into tests/data/fuzz/<target>/ under a name that says what it pins;
# tests/fuzz_corpus.rs replays those on stable in the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
shift || true
targets=("${@:-read rule_language pipeline}")
rustup toolchain list | grep -q nightly || { echo "[fuzz] needs a nightly toolchain: rustup toolchain install nightly" >&2; exit 1; }
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for t in ${targets[@]}; do
  mkdir -p "fuzz/corpus/$t"
  find tests/data -type f -size -200k -exec cp -n {} "fuzz/corpus/$t/" \;
  echo "[fuzz] $t for ${secs} s"
  # The whole pipeline runs every analysis per input (instrumented: a few per second); a wide input may
  # take up to the analyses' work budgets, so its timeout is longer.
  (cd fuzz && cargo +nightly fuzz run -O "$t" "corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=1024 -timeout=60 -max_len=20000)
done
