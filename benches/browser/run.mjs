// Real-browser timing of the page: headless Chromium opens www/ (served locally) and reads files given by
// path through the file input, exactly as a user's file would be read. For each file, 3 runs on a fresh
// page each: wall time from setInputFiles to the rendered report (median), MB/s and rows/s from it, the
// segmentation time (report rendered -> Segments view rendered),
// worker's own read time, wasm memory and bytes per row of the table. During the 1M-row read it also
// records the longest gap between two requestAnimationFrame callbacks of the page, to show that the
// main thread stays responsive while the worker reads.
//
// Files: Online Retail (../shared/data/online_retail.csv.gz, plain and gzip; skipped when absent),
// a synthetic 1M-row shop made with the command-line tool (seed 42), and 10M rows with
// CLIENTELA_BENCH_10M=1; or only the files of CLIENTELA_BENCH_FILES (comma-separated paths). Prints a markdown table and one JSON line. Timings are reported, never asserted.
//
//   bash scripts/build.sh && node benches/browser/run.mjs

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
const ONLINE_RETAIL_GZ = path.resolve(ROOT, '..', 'shared', 'data', 'online_retail.csv.gz');
const RUNS = 3;
const SEED = 42;
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const log = (...a) => console.error('[bench]', ...a);

function requirePkg() {
  if (!fs.existsSync(path.join(WWW, 'pkg', 'clientela_bg.wasm'))) {
    console.error('www/pkg is missing: build it first with `bash scripts/build.sh` (npm run build).');
    process.exit(2);
  }
}

async function gunzipTo(src, dest) {
  await pipeline(fs.createReadStream(src), zlib.createGunzip(), fs.createWriteStream(dest));
}

/** The command-line tool's synthetic shop (cargo builds the native binary if needed). */
function generate(rows, dest) {
  log(`generating ${rows.toLocaleString('en-US')} rows with the command-line tool (seed ${SEED})`);
  execFileSync('cargo', ['run', '--release', '--quiet', '--', 'generate', '--rows', String(rows), '--seed', String(SEED), '-o', dest], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** One read of `file` on a fresh page; returns the page's numbers and the wall time. */
async function readOnce(context, url, file, { watchFrames }) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.state === 'idle');
  // Settles when the state leaves 'reading' (MutationObserver: no polling delay); optionally measures
  // the longest gap between animation frames until then.
  await page.evaluate((frames) => {
    window.__bench = { maxGap: 0, frames: 0 };
    window.__settled = new Promise((resolve) => {
      let last = performance.now();
      let on = frames;
      const tick = (t) => {
        if (!on) return;
        window.__bench.maxGap = Math.max(window.__bench.maxGap, t - last);
        window.__bench.frames += 1;
        last = t;
        requestAnimationFrame(tick);
      };
      if (frames) requestAnimationFrame(tick);
      let started = false;
      new MutationObserver(() => {
        const s = document.body.dataset.state;
        if (s === 'reading') started = true;
        else if (started) {
          on = false;
          window.__bench.readDone = performance.now();
          resolve(s);
        }
      }).observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
    });
    // The segmentation the page runs after every read: from the end of the read to its rendered view.
    window.__segSettled = new Promise((resolve) => {
      let running = false;
      new MutationObserver(() => {
        const s = document.body.dataset.segments;
        if (s === 'running') running = true;
        else if (running && (s === 'done' || s === 'error')) resolve({ state: s, at: performance.now() });
      }).observe(document.body, { attributes: true, attributeFilter: ['data-segments'] });
    });
  }, watchFrames);
  const t0 = performance.now();
  await page.setInputFiles('#file', file);
  const state = await page.evaluate(() => window.__settled);
  const wallMs = performance.now() - t0;
  if (state !== 'done') {
    const msg = await page.locator('#error').innerText();
    await page.close();
    throw new Error(`${path.basename(file)}: the page shows an error: ${msg}`);
  }
  const seg = await page.evaluate(async () => {
    const r = await window.__segSettled;
    return { state: r.state, ms: r.at - window.__bench.readDone };
  });
  const out = await page.evaluate(() => {
    const v = (k) => Number(document.querySelector(`[data-key="${k}"]`)?.dataset.value);
    return {
      workerMs: v('timing.ms'),
      rows: v('timing.rows'),
      wasmBytes: v('timing.wasm_bytes'),
      tableBytes: v('timing.table_bytes'),
      bytesPerRow: v('timing.bytes_per_row'),
      maxFrameGapMs: window.__bench.maxGap,
      frames: window.__bench.frames,
    };
  });
  await page.close();
  if (problems.length) throw new Error(`${path.basename(file)}: browser errors: ${problems.join('; ')}`);
  return { wallMs, segmentMs: seg.state === 'done' ? seg.ms : null, ...out };
}

async function main() {
  requirePkg();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clientela-bench-'));
  const files = [];
  try {
    // CLIENTELA_BENCH_FILES=a.csv,b.csv times those files instead (e.g. the plain and Shopify-shaped
    // files of docs/performance.md "Real exports").
    const given = (process.env.CLIENTELA_BENCH_FILES ?? '').split(',').filter(Boolean);
    for (const f of given) files.push({ name: path.basename(f), file: path.resolve(f) });
    if (given.length) {
      // Only the given files.
    } else if (fs.existsSync(ONLINE_RETAIL_GZ)) {
      const plain = path.join(tmp, 'online_retail.csv');
      log('decompressing Online Retail');
      await gunzipTo(ONLINE_RETAIL_GZ, plain);
      files.push({ name: 'Online Retail (CSV)', file: plain });
      files.push({ name: 'Online Retail (gzip)', file: ONLINE_RETAIL_GZ });
    } else {
      log(`skipping Online Retail: ${ONLINE_RETAIL_GZ} is absent`);
    }
    if (!given.length) {
      const synth1m = path.join(tmp, 'synthetic-1m.csv');
      generate(1_000_000, synth1m);
      files.push({ name: 'Synthetic 1M rows', file: synth1m, watchFrames: true });
    }
    if (!given.length && process.env.CLIENTELA_BENCH_10M === '1') {
      const synth10m = path.join(tmp, 'synthetic-10m.csv');
      generate(10_000_000, synth10m);
      files.push({ name: 'Synthetic 10M rows', file: synth10m });
    }

    const server = await serve({ port: 0 });
    const profile = path.join(tmp, 'profile');
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: ARGS,
    });
    const results = [];
    let browserVersion = '';
    try {
      const p = await context.newPage();
      browserVersion = await p.evaluate(() => navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? navigator.userAgent);
      await p.close();
      for (const f of files) {
        const size = fs.statSync(f.file).size;
        const runs = [];
        for (let i = 0; i < RUNS; i++) {
          const r = await readOnce(context, server.url, f.file, { watchFrames: !!f.watchFrames });
          log(`${f.name} run ${i + 1}: wall ${r.wallMs.toFixed(0)} ms, worker ${r.workerMs.toFixed(0)} ms`);
          runs.push(r);
        }
        const wallMs = median(runs.map((r) => r.wallMs));
        const last = runs.at(-1);
        results.push({
          name: f.name,
          bytes: size,
          rows: last.rows,
          wall_ms: wallMs,
          wall_ms_runs: runs.map((r) => Math.round(r.wallMs)),
          worker_ms: median(runs.map((r) => r.workerMs)),
          mb_per_s: size / 1e6 / (wallMs / 1000),
          rows_per_s: last.rows / (wallMs / 1000),
          wasm_bytes: Math.max(...runs.map((r) => r.wasmBytes)),
          table_bytes: last.tableBytes,
          bytes_per_row: last.bytesPerRow,
          max_frame_gap_ms: f.watchFrames ? Math.max(...runs.map((r) => r.maxFrameGapMs)) : null,
          frames: f.watchFrames ? median(runs.map((r) => r.frames)) : null,
          segment_ms: runs.every((r) => r.segmentMs !== null) ? median(runs.map((r) => r.segmentMs)) : null,
        });
      }
    } finally {
      await context.close();
      await server.close();
    }
    print(results, { browserVersion });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function print(results, { browserVersion }) {
  const int = (n) => Math.round(n).toLocaleString('en-US');
  const one = (n) => n.toFixed(1);
  const env = `Chromium ${browserVersion}, node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'cpu'}); median of ${RUNS} runs, fresh page each`;
  const lines = [
    `Browser read times (${env})`,
    '',
    '| file | size | rows | wall (median) | worker read | MB/s | rows/s | wasm memory | table bytes/row | longest frame gap | segmentation |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) =>
      [
        '',
        r.name,
        `${one(r.bytes / 1e6)} MB`,
        int(r.rows),
        `${(r.wall_ms / 1000).toFixed(2)} s`,
        `${(r.worker_ms / 1000).toFixed(2)} s`,
        one(r.mb_per_s),
        int(r.rows_per_s),
        `${int(r.wasm_bytes / 2 ** 20)} MiB`,
        one(r.bytes_per_row),
        r.max_frame_gap_ms === null ? '' : `${int(r.max_frame_gap_ms)} ms`,
        r.segment_ms === null ? 'error' : `${(r.segment_ms / 1000).toFixed(2)} s`,
        '',
      ].join(' | ').trim(),
    ),
    '',
    'Wall: from setInputFiles to the rendered report. MB/s and rows/s from the wall time (MB of the file as given, compressed for gzip).',
    'Longest frame gap: the longest time between two requestAnimationFrame callbacks of the page during the read.',
    'Segmentation: from the rendered report to the rendered Segments view (the page segments after every read; wasm, in the worker).',
  ];
  console.log(lines.join('\n'));
  console.log(JSON.stringify({ bench: 'browser', browser: browserVersion, node: process.version, cores: os.cpus().length, runs: RUNS, results }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
