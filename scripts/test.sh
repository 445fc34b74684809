#!/usr/bin/env bash
# Runs every test: native core tests (unit, integration, property, doc), the wasm build, the browser tests.
# Installs what is missing first (scripts/setup.sh). Tests that need ../shared/data skip with a message.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[test] %s\n' "$*"; }

bash scripts/setup.sh
say "cargo fmt --check (rustfmt.toml)"
cargo fmt --check
say "cargo clippy --release --all-targets -- -D warnings ([lints] in Cargo.toml)"
cargo clippy --release --all-targets -- -D warnings
say "cargo test --release (core: unit, integration, property, doc tests)"
cargo test --release --all-targets
cargo test --release --doc
bash scripts/build.sh
say "browser tests (node --test tests/e2e/, Chromium at ${CHROMIUM:-/usr/bin/chromium})"
node --test tests/e2e/
say "all tests passed"
