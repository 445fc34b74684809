#!/usr/bin/env bash
# Builds the wasm core for the page: cargo (wasm32, release) -> wasm-bindgen (--target web) -> www/pkg.
# Then, when npm's binaryen is installed, wasm-opt -O3 (set CLIENTELA_WASM_OPT=0 to skip it).
# Copies the page's chart library (uPlot, pinned in package-lock.json) from node_modules to www/vendor.
# Last, lists the app's files for the offline service worker (www/build-info.js, scripts/precache.mjs).
# Never use Debian's binaryen here: its wasm-opt (108) produces a module that fails at init.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[build] %s\n' "$*"; }

say "cargo build --release --lib --target wasm32-unknown-unknown"
cargo build --release --lib --target wasm32-unknown-unknown

say "wasm-bindgen --target web --out-dir www/pkg"
# wasm-bindgen writes a new snippets folder when the binding's inline JS changes and never removes the old
# one, which the service worker would then precache: start from an empty folder.
rm -rf www/pkg/snippets
# cargo writes where CARGO_TARGET_DIR says (a separate target folder per checkout), else to target/.
wasm-bindgen --target web --out-dir www/pkg "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/clientela.wasm"

wasm=www/pkg/clientela_bg.wasm
if [ "${CLIENTELA_WASM_OPT:-1}" != 0 ] && [ -x node_modules/.bin/wasm-opt ]; then
  before=$(stat -c %s "$wasm")
  # -ocimfs: a function with one caller is inlined only when small. By default wasm-opt inlines every
  # such function, which made the whole read one function of 88 KB; the browser optimises a function as a
  # whole (half a second for that one) and uses the optimised copy from its next call on, so on a first
  # visit the read ran on baseline code throughout (docs/performance.md, "The cold page").
  node_modules/.bin/wasm-opt -O3 -ocimfs "${CLIENTELA_WASM_OCIMFS:-1000}" "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
  say "wasm-opt -O3 (npm binaryen): $before -> $(stat -c %s "$wasm") bytes"
else
  say "wasm-opt skipped"
fi
say "www/pkg ready ($(stat -c %s "$wasm") bytes of wasm)"

# The page's vendored files, generated like www/pkg (both are in .gitignore).
if [ ! -f node_modules/uplot/dist/uPlot.esm.js ]; then
  say "node_modules/uplot is missing: run \`npm ci\` (or \`bash scripts/setup.sh\`) first" >&2
  exit 1
fi
mkdir -p www/vendor
cp node_modules/uplot/dist/uPlot.esm.js node_modules/uplot/dist/uPlot.min.css www/vendor/
cp node_modules/uplot/LICENSE www/vendor/uPlot.LICENSE.txt
say "www/vendor ready (uPlot $(node -p "require('./node_modules/uplot/package.json').version"))"

# The service worker's list of the app's files and the build hash that names its cache (www/build-info.js).
node scripts/precache.mjs
