// The analyses in the real browser against the same analyses natively. Headless Chromium gets the file the
// way the page does — chosen in an <input type=file> (Playwright's setInputFiles), handed to a dedicated
// module worker that owns the wasm engine, streamed with file.stream() and pushed in 256 KiB slices as
// www/worker.js does — then runs `rules`, `sequences`, `clv`, `predict` or `forecast` with the same options as the command line it
// is compared with. Natively the command-line tool is timed as a whole process (start, read, analysis,
// JSON out) with its peak resident memory (/usr/bin/time).
//
//   bash scripts/build.sh && cargo build --release && node benches/browser/analyses.mjs
//
// Each case is timed in a fresh page two ways: "cold", the file given as soon as the engine has started,
// and "after warm-up", the file given after the worker's idle-time warm-up (the core's warmup module, run
// by www/worker.js while the user chooses a file). Browser figures: read + analysis from the moment the
// worker receives the file to the report, the analysis alone (after warm-up), and the wasm linear memory
// at the end of the cold run (it never shrinks, so it is the peak of that file's read and analysis).
//
// Files: the baskets of Online Retail (../shared/data/online_retail.csv.gz, written as FIMI lines by
// benches/compare_baskets.py's rule, the same file it times pyfim and mlxtend on) and the CSV itself
// (skipped when absent); two synthetic basket files made by the command-line tool (IBM Quest style, FIMI
// format): T10I4D100K and a retail-like file shaped like FIMI's retail.dat; and the purchases of 100,000
// and 1,000,000 customers simulated from the lifetime-value models (`clientela generate --clv-customers N`).
// Median of 3 runs each; CLIENTELA_BENCH_ONLY=<text> runs the cases whose name contains it (e.g. `clv`);
// CLIENTELA_BENCH_PKG=<dir> times another build of the engine than www/pkg (e.g. the one before a change).
// Prints a markdown table and one JSON line. Timings are reported, never asserted.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync, spawnSync } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, WWW } from '../../scripts/serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'target', 'release', 'clientela');
const ONLINE_RETAIL_GZ = path.resolve(ROOT, '..', 'shared', 'data', 'online_retail.csv.gz');
const RUNS = 3;
const PKG = path.resolve(process.env.CLIENTELA_BENCH_PKG ?? path.join(WWW, 'pkg'));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const log = (...a) => console.error('[bench]', ...a);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const BASKETS = ['--layout', 'baskets', '--no-header', '--delimiter', ' '];

/** Each case: a file, the session options (ingest), the wasm method + options, and the same on the command line. */
function cases(dir) {
  const or = path.join(dir, 'online_retail.csv');
  const t10 = path.join(dir, 'T10I4D100K.dat');
  const retail = path.join(dir, 'retail_like.dat');
  const orDat = path.join(dir, 'online_retail.dat');
  const list = [];
  const basketIngest = { layout: 'baskets', header: false, delimiter: ' ' };
  for (const s of [0.01, 0.002]) {
    list.push({ name: `T10I4D100K rules ${s}`, file: t10, ingest: basketIngest, method: 'rules', options: { min_support: s, min_confidence: 0.5 }, cli: ['rules', t10, ...BASKETS, '--min-support', String(s), '--min-confidence', '0.5', '--json'] });
  }
  for (const s of [0.002, 0.001]) {
    list.push({ name: `retail-like rules ${s}`, file: retail, ingest: basketIngest, method: 'rules', options: { min_support: s, min_confidence: 0.5 }, cli: ['rules', retail, ...BASKETS, '--min-support', String(s), '--min-confidence', '0.5', '--json'] });
  }
  if (fs.existsSync(orDat)) {
    for (const s of [0.02, 0.01, 0.005]) {
      list.push({ name: `Online Retail baskets rules ${s}`, file: orDat, ingest: basketIngest, method: 'rules', options: { min_support: s, min_confidence: 0.5 }, cli: ['rules', orDat, ...BASKETS, '--min-support', String(s), '--min-confidence', '0.5', '--json'] });
    }
  }
  if (fs.existsSync(or)) {
    for (const s of [0.02, 0.01, 0.005]) {
      list.push({ name: `Online Retail CSV rules ${s}`, file: or, ingest: {}, method: 'rules', options: { min_support: s, min_confidence: 0.5 }, cli: ['rules', or, '--min-support', String(s), '--min-confidence', '0.5', '--json'] });
    }
    list.push({ name: 'Online Retail timed rules (90 days)', file: or, ingest: {}, method: 'sequences', options: { patterns: false, min_support: 0.01 }, cli: ['sequences', or, '--min-support', '0.01', '--no-patterns', '--json'] });
    // Issue 18's case: every pattern at 1 % (no length limit), timed rules beside them as the command runs them.
    list.push({ name: 'Online Retail patterns 1 %', file: or, ingest: {}, method: 'sequences', options: { min_support: 0.01 }, cli: ['sequences', or, '--min-support', '0.01', '--json'] });
    list.push({ name: 'Online Retail patterns 2 %, len ≤ 3', file: or, ingest: {}, method: 'sequences', options: { min_support: 0.02, max_len: 3, min_customers: 4294967295 }, cli: ['sequences', or, '--min-support', '0.02', '--max-len', '3', '--min-customers', '4294967295', '--json'] });
    list.push({ name: 'Online Retail clv (2011-09-01)', file: or, ingest: {}, method: 'clv', options: { calibration_end: '2011-09-01' }, cli: ['clv', or, '--calibration-end', '2011-09-01', '--json'] });
    list.push({ name: 'Online Retail predict (90 days)', file: or, ingest: {}, method: 'predict', options: { horizon_days: 90 }, cli: ['predict', or, '--horizon-days', '90', '--json'] });
    list.push({ name: 'Online Retail forecast (6 months)', file: or, ingest: {}, method: 'forecast', options: { horizon_months: 6 }, cli: ['forecast', or, '--horizon-months', '6', '--json'] });
  }
  for (const n of [100_000, 1_000_000]) {
    const f = path.join(dir, `clv_${n}.csv`);
    list.push({ name: `simulated ${n.toLocaleString('en-US')} customers clv`, file: f, ingest: {}, method: 'clv', options: { calibration_end: '2024-01-01' }, cli: ['clv', f, '--calibration-end', '2024-01-01', '--json'] });
  }
  // Who buys next on 100,000 customers: the whole analysis (back-test with both baselines, training, scoring).
  const f100k = path.join(dir, 'clv_100000.csv');
  list.push({ name: 'simulated 100,000 customers predict (90 days)', file: f100k, ingest: {}, method: 'predict', options: { horizon_days: 90 }, cli: ['predict', f100k, '--horizon-days', '90', '--json'] });
  // Training and scoring alone (the back-test and its baselines left out): issue 15's 3 s budget.
  list.push({ name: 'simulated 100,000 customers predict, training and scoring only', file: f100k, ingest: {}, method: 'predict', options: { horizon_days: 90, backtest: false }, cli: ['predict', f100k, '--horizon-days', '90', '--no-backtest', '--json'] });
  const only = process.env.CLIENTELA_BENCH_ONLY;
  return only ? list.filter((c) => c.name.includes(only)) : list;
}

async function prepare(dir) {
  if (fs.existsSync(ONLINE_RETAIL_GZ)) {
    log('gunzipping Online Retail, writing its baskets');
    await pipeline(fs.createReadStream(ONLINE_RETAIL_GZ), zlib.createGunzip(), fs.createWriteStream(path.join(dir, 'online_retail.csv')));
    execFileSync('python3', ['-c', 'import sys; sys.path.insert(0, sys.argv[1]); from compare_baskets import write_online_retail; write_online_retail(sys.argv[2])', path.join(ROOT, 'benches'), path.join(dir, 'online_retail.dat')]);
  } else {
    log(`skipping Online Retail: ${ONLINE_RETAIL_GZ} is absent`);
  }
  execFileSync(BIN, ['generate', '--baskets', '100000', '-o', path.join(dir, 'T10I4D100K.dat')]);
  execFileSync(BIN, ['generate', '--baskets', '88162', '--items', '16470', '--avg-basket-len', '10.3', '--patterns', '5000', '-o', path.join(dir, 'retail_like.dat')]);
  if (cases(dir).some((c) => c.name.includes('simulated'))) {
    for (const n of [100_000, 1_000_000]) {
      execFileSync(BIN, ['generate', '--clv-customers', String(n), '--seed', '7', '-o', path.join(dir, `clv_${n}.csv`)]);
    }
  }
  // The browser side: the wasm package, a worker that reads as www/worker.js does, and a page with a file input.
  fs.cpSync(PKG, path.join(dir, 'pkg'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>bench</title><input type="file" id="f">');
  fs.writeFileSync(path.join(dir, 'bench-worker.js'), `
import init, { Session, warmUp } from './pkg/clientela.js';
const PUSH_BYTES = 256 * 1024; // as www/worker.js
let wasm;
self.onmessage = async ({ data }) => {
  try {
    if (data.start) {
      wasm = await init();
      if (data.warm) {
        // As www/worker.js: one step per task, then the user takes a moment to choose the file.
        while (warmUp()) await new Promise((r) => setTimeout(r, 0));
        await new Promise((r) => setTimeout(r, 300));
      }
      self.postMessage({ ready: true });
      return;
    }
    const { file, ingest, method, options } = data;
    const t0 = performance.now();
    const reader = file.stream().getReader();
    const s = new Session(ingest);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (let at = 0; at < value.length; at += PUSH_BYTES) s.push(value.subarray(at, at + PUSH_BYTES));
    }
    s.finish();
    const t1 = performance.now();
    const report = s[method](options);
    const t2 = performance.now();
    s.free();
    // A million customers' report is longer than a JavaScript string may be: its size is then not known.
    let size = null;
    try { size = JSON.stringify(report).length; } catch {}
    self.postMessage({ read: t1 - t0, analysis: t2 - t1, memory: wasm.memory.buffer.byteLength, size });
  } catch (e) {
    self.postMessage({ error: String(e && e.message || JSON.stringify(e)) });
  }
};`);
}

/** Wall time (ms) and peak resident memory (bytes) of one whole native process. */
function nativeOnce(c) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'PEAK %M', BIN, ...c.cli], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const peak = /PEAK (\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0 || !peak) throw new Error(`${c.name}: native run failed: ${r.stderr}`);
  return { ms, memory: Number(peak[1]) * 1024 };
}

async function browserOnce(context, url, c, warm) {
  const page = await context.newPage();
  await page.goto(url);
  await page.evaluate((warm) => new Promise((resolve, reject) => {
    const w = new Worker('./bench-worker.js', { type: 'module' });
    window.benchWorker = w;
    w.onmessage = ({ data }) => (data.ready ? resolve() : reject(new Error(data.error)));
    w.onerror = (e) => reject(new Error(e.message));
    w.postMessage({ start: true, warm });
  }), warm);
  await page.setInputFiles('#f', c.file);
  const r = await page.evaluate(
    ({ ingest, method, options }) =>
      new Promise((resolve) => {
        const w = window.benchWorker;
        w.onmessage = ({ data }) => { w.terminate(); resolve(data); };
        w.onerror = (e) => resolve({ error: e.message });
        w.postMessage({ file: document.getElementById('f').files[0], ingest, method, options });
      }),
    { ingest: c.ingest, method: c.method, options: c.options },
  );
  await page.close();
  if (r.error) throw new Error(`${c.name}: ${r.error}`);
  return r;
}

async function main() {
  if (!fs.existsSync(path.join(PKG, 'clientela_bg.wasm')) || !fs.existsSync(BIN)) {
    console.error('Build first: bash scripts/build.sh && cargo build --release');
    process.exit(2);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clientela-analyses-'));
  await prepare(dir);
  const server = await serve({ root: dir, port: 0 });
  const context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'clientela-profile-')), {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS,
  });
  const rows = [];
  try {
    for (const c of cases(dir)) {
      log(c.name);
      const native = [], nativeMem = [], cold = [], warm = [], warmAnalysis = [], mem = [];
      for (let i = 0; i < RUNS; i++) {
        const n = nativeOnce(c);
        native.push(n.ms);
        nativeMem.push(n.memory);
        const r = await browserOnce(context, server.url, c, false);
        cold.push(r.read + r.analysis);
        const w = await browserOnce(context, server.url, c, true);
        warm.push(w.read + w.analysis);
        warmAnalysis.push(w.analysis);
        mem.push(r.memory);
      }
      rows.push({
        name: c.name, native_ms: median(native), native_peak_mb: median(nativeMem) / 2 ** 20, wasm_cold_ms: median(cold),
        wasm_warm_ms: median(warm), wasm_warm_analysis_ms: median(warmAnalysis), wasm_memory_mb: median(mem) / 2 ** 20,
      });
    }
  } finally {
    await context.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log('| case | native, whole process | native peak | wasm, cold engine | ratio | wasm, after warm-up | ratio | of which analysis | wasm memory |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(`| ${r.name} | ${s(r.native_ms)} | ${r.native_peak_mb.toFixed(0)} MB | ${s(r.wasm_cold_ms)} | ${(r.wasm_cold_ms / r.native_ms).toFixed(2)}× | ${s(r.wasm_warm_ms)} | ${(r.wasm_warm_ms / r.native_ms).toFixed(2)}× | ${s(r.wasm_warm_analysis_ms)} | ${r.wasm_memory_mb.toFixed(0)} MB |`);
  }
  console.log(JSON.stringify({ cores: os.cpus().length, load: os.loadavg()[0], rows }));
}

main().catch((e) => { console.error(e); process.exit(1); });
