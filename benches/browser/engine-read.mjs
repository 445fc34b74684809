// The engine's read of one file in Node (the same V8 as Chromium), run N times in one process: the first
// run is what a fresh page gets (baseline-compiled code until functions have run a while), the next ones
// the optimised code. Pushes the file in 1 MiB slices through `Session.push`/`finish`, as the worker does.
// Timings are reported, never asserted.
//
//   bash scripts/build.sh
//   node benches/browser/engine-read.mjs FILE [RUNS=3] [PKG=www/pkg]
//
// For a profile with function names, run wasm-bindgen on target/wasm32-unknown-unknown/release/clientela.wasm
// into a directory of your own (no wasm-opt), pass it as PKG and add `node --cpu-prof`.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const [file, runsArg, pkgArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node benches/browser/engine-read.mjs FILE [RUNS] [PKG]');
  process.exit(2);
}
const pkg = path.resolve(pkgArg ?? path.join(ROOT, 'www', 'pkg'));
const mod = await import(pathToFileURL(path.join(pkg, 'clientela.js')).href);
mod.initSync({ module: fs.readFileSync(path.join(pkg, 'clientela_bg.wasm')) });
const bytes = new Uint8Array(fs.readFileSync(file));
const times = [];
for (let i = 0; i < Number(runsArg ?? 3); i++) {
  const t0 = performance.now();
  const session = new mod.Session({});
  for (let at = 0; at < bytes.length; at += 1 << 20) session.push(bytes.subarray(at, at + (1 << 20)));
  const report = session.finish();
  times.push(performance.now() - t0);
  if (i === 0) console.log(`${path.basename(file)}: ${report.rows.used.toLocaleString('en-US')} rows used`);
  session.free();
}
console.log(`read ms, first run first: ${times.map((t) => t.toFixed(0)).join(' ')}`);
