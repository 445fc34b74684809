#!/usr/bin/env bash
# Runs every test: native core tests (unit, integration, property, doc), a bounded coverage-guided fuzz
# run, the wasm build, the page's typecheck, the browser tests.
# Installs what is missing first (scripts/setup.sh). Tests that need ../shared/data skip with a message.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step says when it began (minutes:seconds since the start), so a slow step shows in the log.
say() { printf '[test %d:%02d] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

bash scripts/setup.sh
say "cargo fmt --check (rustfmt.toml)"
cargo fmt --check
say "cargo clippy --all-targets -- -D warnings ([lints] in Cargo.toml)"
cargo clippy --all-targets -- -D warnings
# The quick profile (Cargo.toml): release speed without LTO; the browser tests use its CLI binary.
say "cargo test --profile quick (core: unit, integration, property, doc tests)"
cargo test --profile quick --all-targets
cargo test --profile quick --doc
export CLIENTELA_CLI="$PWD/target/quick/clientela"
# The page's build and the fuzz run side by side: wasm-opt (npm's binaryen, ~100 s) and the fuzz runs use
# about one core each. The build's log follows once both are done.
say "wasm build for the page (scripts/build.sh), beside the bounded fuzz run"
build_log=$(mktemp)
bash scripts/build.sh > "$build_log" 2>&1 &
building=$!
say "bounded fuzz run of the readers, the rule language and the whole pipeline (cargo-fuzz on nightly)"
fuzzed=0
bash scripts/fuzz.sh --bounded || fuzzed=$?
built=0
wait "$building" || built=$?
cat "$build_log"
rm -f "$build_log"
[ "$built" = 0 ] || { say "the wasm build failed"; exit "$built"; }
[ "$fuzzed" = 0 ] || exit "$fuzzed"
# After the build: the worker's types come from the wasm-bindgen declarations in www/pkg.
say "npm run typecheck (tsc --noEmit over the // @ts-check files of www/)"
npm run --silent typecheck
say "browser tests (node --test tests/e2e/, Chromium at ${CHROMIUM:-/usr/bin/chromium})"
# Two test files at a time: a file waits on its page about a quarter of the time (measured: 26 % less
# wall time for four files than one at a time, and no gain from three).
node --test --test-concurrency=2 tests/e2e/
say "all tests passed"
