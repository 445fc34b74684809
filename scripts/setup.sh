#!/usr/bin/env bash
# Installs what building and testing the page needs, and only what is missing (safe to run again):
# the wasm32 Rust target, the wasm-bindgen CLI matching the crate's pinned wasm-bindgen (0.2.130),
# the npm packages from package-lock.json, a Chromium for the browser tests, and DuckDB (Python, in .venv)
# for the warehouse tests.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130

say() { printf '[setup] %s\n' "$*"; }

# 1. Rust target (RUSTUP_AUTO_INSTALL may be off: add it explicitly; a no-op when present).
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 1b. rustfmt and clippy, which the test command runs (a no-op when present).
for c in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$c"; then
    say "adding Rust component $c"
    rustup component add "$c"
  fi
done

# 2. wasm-bindgen CLI, same version as the crate (a mismatch fails at bindgen time).
#    Not --locked: the CLI's lockfile pins a webpki-roots version the crates index may not carry.
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes a few minutes the first time)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# 3. npm packages: when node_modules is missing or older than package-lock.json.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund
fi

# 4. Chromium for tests/e2e and benches/browser (Playwright's own browser download is not used).
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing chromium (apt)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  else
    say "warning: no Chromium at ${CHROMIUM:-/usr/bin/chromium}; the page works, but the browser tests need one" >&2
    say "  install it (Debian: sudo apt-get install chromium) or set CHROMIUM=/path/to/chrome" >&2
  fi
fi

# 5. DuckDB (Python package, pinned) for tests/warehouse.rs, which runs the per-customer summary query
#    Clientela writes: a local virtual environment .venv (not committed), made when missing or when the pin
#    changes.
DUCKDB_VERSION=1.5.6
if ! .venv/bin/python -c "import duckdb, sys; sys.exit(duckdb.__version__ != '$DUCKDB_VERSION')" 2>/dev/null; then
  say "installing duckdb $DUCKDB_VERSION (Python, in .venv)"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check "duckdb==$DUCKDB_VERSION"
fi

say "ok"
