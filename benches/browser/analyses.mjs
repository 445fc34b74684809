// The analyses in the real browser against the same analyses natively: headless Chromium runs the wasm
// engine in a dedicated module worker (as the page does), reads a file into a Session, then times
// `rules`, `sequences` and `clv` with the same options as the command-line runs it is compared with.
// Natively, the command-line tool is timed as a whole process (read included) and the browser's figure
// is given both ways: read + analysis (the like-for-like number) and the analysis alone.
//
//   bash scripts/build.sh && cargo build --release && node benches/browser/analyses.mjs
//
// Files: Online Retail (../shared/data/online_retail.csv.gz, gunzipped first; skipped when absent) and two
// synthetic basket files made by the command-line tool (IBM Quest style, FIMI format): T10I4D100K and a
// retail-like file shaped like FIMI's retail.dat, and the purchases of 100,000 and 1,000,000 customers simulated
// from the lifetime-value models (`clientela generate --clv-customers N`). Median of 3 runs each;
// CLIENTELA_BENCH_ONLY=<text> runs the cases whose name contains it (e.g. `clv`). Prints a markdown table and one
// JSON line. Timings are reported, never asserted.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, WWW } from '../../scripts/serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'target', 'release', 'clientela');
const ONLINE_RETAIL_GZ = path.resolve(ROOT, '..', 'shared', 'data', 'online_retail.csv.gz');
const RUNS = 3;
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
  const list = [];
  const basketIngest = { layout: 'baskets', header: false, delimiter: ' ' };
  for (const s of [0.01, 0.002]) {
    list.push({ name: `T10I4D100K rules ${s}`, file: t10, ingest: basketIngest, method: 'rules', options: { min_support: s, min_confidence: 0.5 }, cli: ['rules', t10, ...BASKETS, '--min-support', String(s), '--min-confidence', '0.5', '--json'] });
  }
  for (const s of [0.002, 0.001]) {
    list.push({ name: `retail-like rules ${s}`, file: retail, ingest: basketIngest, method: 'rules', options: { min_support: s, min_confidence: 0.5 }, cli: ['rules', retail, ...BASKETS, '--min-support', String(s), '--min-confidence', '0.5', '--json'] });
  }
  if (fs.existsSync(or)) {
    for (const s of [0.02, 0.01, 0.005]) {
      list.push({ name: `Online Retail rules ${s}`, file: or, ingest: {}, method: 'rules', options: { min_support: s, min_confidence: 0.5 }, cli: ['rules', or, '--min-support', String(s), '--min-confidence', '0.5', '--json'] });
    }
    list.push({ name: 'Online Retail timed rules (90 days)', file: or, ingest: {}, method: 'sequences', options: { patterns: false, min_support: 0.01 }, cli: ['sequences', or, '--min-support', '0.01', '--no-patterns', '--json'] });
    list.push({ name: 'Online Retail patterns 2 %, len ≤ 3', file: or, ingest: {}, method: 'sequences', options: { min_support: 0.02, max_len: 3, min_customers: 4294967295 }, cli: ['sequences', or, '--min-support', '0.02', '--max-len', '3', '--min-customers', '4294967295', '--json'] });
    list.push({ name: 'Online Retail clv (2011-09-01)', file: or, ingest: {}, method: 'clv', options: { calibration_end: '2011-09-01' }, cli: ['clv', or, '--calibration-end', '2011-09-01', '--json'] });
  }
  for (const n of [100_000, 1_000_000]) {
    const f = path.join(dir, `clv_${n}.csv`);
    list.push({ name: `simulated ${n.toLocaleString('en-US')} customers clv`, file: f, ingest: {}, method: 'clv', options: { calibration_end: '2024-01-01' }, cli: ['clv', f, '--calibration-end', '2024-01-01', '--json'] });
  }
  const only = process.env.CLIENTELA_BENCH_ONLY;
  return only ? list.filter((c) => c.name.includes(only)) : list;
}

async function prepare(dir) {
  if (fs.existsSync(ONLINE_RETAIL_GZ)) {
    log('gunzipping Online Retail');
    await pipeline(fs.createReadStream(ONLINE_RETAIL_GZ), zlib.createGunzip(), fs.createWriteStream(path.join(dir, 'online_retail.csv')));
  } else {
    log(`skipping Online Retail: ${ONLINE_RETAIL_GZ} is absent`);
  }
  execFileSync(BIN, ['generate', '--baskets', '100000', '-o', path.join(dir, 'T10I4D100K.dat')]);
  execFileSync(BIN, ['generate', '--baskets', '88162', '--items', '16470', '--avg-basket-len', '10.3', '--patterns', '5000', '-o', path.join(dir, 'retail_like.dat')]);
  for (const n of [100_000, 1_000_000]) {
    execFileSync(BIN, ['generate', '--clv-customers', String(n), '--seed', '7', '-o', path.join(dir, `clv_${n}.csv`)]);
  }
  // The browser side: the wasm package, a worker that does what www/worker.js does, and a blank page.
  fs.cpSync(path.join(WWW, 'pkg'), path.join(dir, 'pkg'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>bench</title>');
  fs.writeFileSync(path.join(dir, 'bench-worker.js'), `
import init, { Session } from './pkg/clientela.js';
const ready = init();
self.onmessage = async ({ data: { file, ingest, method, options } }) => {
  try {
    await ready;
    const t0 = performance.now();
    const res = await fetch(file);
    const reader = res.body.getReader();
    const s = new Session(ingest);
    for (;;) { const { done, value } = await reader.read(); if (done) break; s.push(value); }
    s.finish();
    const t1 = performance.now();
    const report = s[method](options);
    const t2 = performance.now();
    s.free();
    self.postMessage({ read: t1 - t0, analysis: t2 - t1, size: JSON.stringify(report).length });
  } catch (e) {
    self.postMessage({ error: String(e && e.message || JSON.stringify(e)) });
  }
};`);
}

function nativeOnce(c) {
  const t0 = process.hrtime.bigint();
  execFileSync(BIN, c.cli, { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function browserOnce(context, url, c) {
  const page = await context.newPage();
  await page.goto(url);
  const r = await page.evaluate(
    ({ file, ingest, method, options }) =>
      new Promise((resolve) => {
        const w = new Worker('./bench-worker.js', { type: 'module' });
        w.onmessage = ({ data }) => { w.terminate(); resolve(data); };
        w.onerror = (e) => resolve({ error: e.message });
        w.postMessage({ file, ingest, method, options });
      }),
    { file: path.basename(c.file), ingest: c.ingest, method: c.method, options: c.options },
  );
  await page.close();
  if (r.error) throw new Error(`${c.name}: ${r.error}`);
  return r;
}

async function main() {
  if (!fs.existsSync(path.join(WWW, 'pkg', 'clientela_bg.wasm')) || !fs.existsSync(BIN)) {
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
      const native = [], whole = [], analysis = [];
      for (let i = 0; i < RUNS; i++) {
        native.push(nativeOnce(c));
        const r = await browserOnce(context, server.url, c);
        whole.push(r.read + r.analysis);
        analysis.push(r.analysis);
      }
      rows.push({ name: c.name, native_ms: median(native), wasm_ms: median(whole), wasm_analysis_ms: median(analysis) });
    }
  } finally {
    await context.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log('| case | native, whole process | wasm in the browser, read + analysis | ratio | wasm, analysis alone |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(`| ${r.name} | ${(r.native_ms / 1000).toFixed(2)} s | ${(r.wasm_ms / 1000).toFixed(2)} s | ${(r.wasm_ms / r.native_ms).toFixed(2)}× | ${(r.wasm_analysis_ms / 1000).toFixed(2)} s |`);
  }
  console.log(JSON.stringify({ cores: os.cpus().length, load: os.loadavg()[0], rows }));
}

main().catch((e) => { console.error(e); process.exit(1); });
