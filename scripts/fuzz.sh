#!/usr/bin/env bash
# Coverage-guided fuzzing of the core (cargo-fuzz on nightly; the targets are in fuzz/, their bodies in
# src/fuzzing.rs). Usage: bash scripts/fuzz.sh [seconds per target, default 60] [targets…]
# The seed corpus is every file under tests/data. A finding (fuzz/artifacts/<target>/…) becomes a
# regression test by copying it into tests/data/fuzz/<target>/ under a name that says what it pins;
# tests/fuzz_corpus.rs replays those on stable in the test command.
#
# `bash scripts/fuzz.sh --bounded` is the test command's short run: each target a fixed number of inputs
# (seeded, so the same inputs each time), without a sanitizer (safe Rust: what it finds is a panic, an
# abort or a blow-up of time or memory), from a fresh copy of the seed corpus. It installs cargo-fuzz when
# missing and is skipped with a message when no nightly toolchain is installed (it fails instead under CI=true).
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_FUZZ_VERSION=0.13.2
if [ "${1:-}" = "--bounded" ]; then
  if ! rustup toolchain list | grep -q nightly; then
    if [ "${CI:-}" = true ] || [ "${CI:-}" = 1 ]; then
      echo "[fuzz] installing a nightly toolchain (minimal) for the bounded fuzz run"
      rustup toolchain install nightly --profile minimal
    else
      echo "[fuzz] skipped: no nightly toolchain (rustup toolchain install nightly)"
      exit 0
    fi
  fi
  command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION"
  # 16 codegen units rather than cargo-fuzz's 1: the crate builds on both cores (alone: 250 → 189 s here)
  # for slightly slower runs, which are counted in inputs, not seconds.
  (cd fuzz && cargo +nightly fuzz build -O -s none --codegen-units 16)
  bin=fuzz/target/x86_64-unknown-linux-gnu/release
  # One target's fixed run; its summary (or, on a finding, its log's end) goes to stdout/stderr at the end.
  run() {
    local t=$1 n=$2 corpus
    corpus=$(mktemp -d)
    find tests/data -type f -size -200k -exec cp {} "$corpus/" \;
    mkdir -p "fuzz/artifacts/$t"
    if ! "$bin/$t" "$corpus" -runs="$n" -seed=1 -rss_limit_mb=1024 -timeout=60 -max_len=4096 \
      -artifact_prefix="fuzz/artifacts/$t/" -print_final_stats=1 2> "$corpus.log"; then
      tail -n 40 "$corpus.log" >&2
      echo "[fuzz] $t found an input that fails (fuzz/artifacts/$t/): copy it into tests/data/fuzz/$t/ under a name that says what it pins, and fix it" >&2
      rm -rf "$corpus"
      return 1
    fi
    echo "[fuzz] $t: $n inputs: $(grep -E "stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" "$corpus.log" | tr -s ' ' | paste -sd' ')"
    rm -rf "$corpus" "$corpus.log"
  }
  # Each run is about one thread (30–150 s each here): the whole pipeline beside the other two in turn.
  run pipeline 600 &
  pipeline=$!
  status=0
  run read 30000 || status=1
  run rule_language 2000000 || status=1
  wait "$pipeline" || status=1
  exit "$status"
fi
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
