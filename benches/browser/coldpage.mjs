// The cold page against its anchors, in one run of headless Chromium: from the file chosen to the number of
// customers on screen, for Clientela's page (www/), DuckDB-Wasm (count(DISTINCT CustomerID) over
// read_csv_auto, its engine started at page load as the app starts its own) and PapaParse in its worker
// (the distinct non-empty ids). Both anchors are pinned in benches/browser/anchors/package.json and
// installed there on demand (`npm ci`), never by the app.
//
// Each is measured three ways, median of RUNS fresh pages each, the pages interleaved (app, DuckDB, PapaParse):
//   first visit      a fresh browser profile: nothing cached; the file is chosen the moment the page has loaded.
//   returning visit  a profile that has opened the page and read the file before (the app's service worker
//                    installed; the anchors served with Cache-Control: max-age=3600 so that the browser may keep
//                    their code): the file is chosen the moment the page has loaded.
//   after a pause    the returning visit with the file chosen WARM_MS after load (the app's engine warm-up ran).
// The time runs in the page, from the input's change event to the count in the DOM (for the app, the
// Overview's customers card). The counts must agree (4,372 on Online Retail), or the bench stops.
//
//   bash scripts/build.sh && node benches/browser/coldpage.mjs [FILE.csv]
//
// FILE defaults to ../shared/data/online_retail.csv.gz decompressed. CLIENTELA_BENCH_RUNS (default 5),
// CLIENTELA_BENCH_WARM_MS (default 4000). CLIENTELA_BENCH_CHROMIUM_ARGS adds switches to the browser, for
// diagnosis (e.g. `--js-flags=--no-liftoff`: every page compiled by the optimising tier alone). CLIENTELA_BENCH_APP_QUERIES adds the app once more per query string,
// interleaved with the others (e.g. `?read-workers=1,?read-workers=2`: the read in one worker and on two,
// whatever the number of cores). Prints a markdown table and one JSON line; timings are reported, never
// asserted; the ratios are those of the first row (the app as served).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, WWW } from '../../scripts/serve.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const ANCHORS = path.join(HERE, 'anchors');
const ONLINE_RETAIL_GZ = path.resolve(ROOT, '..', 'shared', 'data', 'online_retail.csv.gz');
const RUNS = Number(process.env.CLIENTELA_BENCH_RUNS ?? 5);
const WARM_MS = Number(process.env.CLIENTELA_BENCH_WARM_MS ?? 4000);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(process.env.CLIENTELA_BENCH_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean)];
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const log = (...a) => console.error('[coldpage]', ...a);

if (!fs.existsSync(path.join(WWW, 'pkg', 'clientela_bg.wasm'))) {
  console.error('www/pkg is missing: build it first with `bash scripts/build.sh`.');
  process.exit(2);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clientela-coldpage-'));
let file = process.argv[2] ? path.resolve(process.argv[2]) : null;
if (!file) {
  if (!fs.existsSync(ONLINE_RETAIL_GZ)) {
    console.error(`no file given and ${ONLINE_RETAIL_GZ} is absent`);
    process.exit(2);
  }
  file = path.join(tmp, 'online_retail.csv');
  fs.writeFileSync(file, zlib.gunzipSync(fs.readFileSync(ONLINE_RETAIL_GZ)));
}

// The anchors' site: their pages, DuckDB-Wasm's files and a bundle of its entry, PapaParse's script.
if (!fs.existsSync(path.join(ANCHORS, 'node_modules', '.package-lock.json'))) {
  log('installing the anchors (npm ci in benches/browser/anchors)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ANCHORS, stdio: ['ignore', 'ignore', 'inherit'] });
}
const site = path.join(tmp, 'anchors');
fs.mkdirSync(site);
for (const f of ['duckdb.html', 'papaparse.html']) fs.copyFileSync(path.join(ANCHORS, f), path.join(site, f));
fs.copyFileSync(path.join(ANCHORS, 'node_modules', 'papaparse', 'papaparse.min.js'), path.join(site, 'papaparse.min.js'));
fs.symlinkSync(path.join(ANCHORS, 'node_modules', '@duckdb', 'duckdb-wasm', 'dist'), path.join(site, 'duckdb'));
execFileSync(path.join(ROOT, 'node_modules', '.bin', 'esbuild'), [path.join(ANCHORS, 'duckdb-entry.mjs'), '--bundle', '--format=esm', '--log-level=warning', `--outfile=${path.join(site, 'duckdb.js')}`], { cwd: ANCHORS, stdio: 'inherit' });

const app = await serve({ port: 0 });
const anchors = await serve({ port: 0, root: site, csp: null, cache: 'max-age=3600' });

const APP_QUERIES = (process.env.CLIENTELA_BENCH_APP_QUERIES ?? '').split(',').filter(Boolean);
const SUBJECTS = [
  { name: 'Clientela', url: app.url, count: '[data-key="summary.customers"]', input: '#file' },
  { name: 'DuckDB-Wasm 1.32.0', url: anchors.url + 'duckdb.html', count: '#out', input: '#file' },
  { name: 'PapaParse 5.7.1 (worker)', url: anchors.url + 'papaparse.html', count: '#out', input: '#file' },
  ...APP_QUERIES.map((q) => ({ name: `Clientela ${q}`, url: app.url + q, count: '[data-key="summary.customers"]', input: '#file' })),
];

/** One page: goto, wait `pause` ms, choose the file; ms from the change event to the count, and the count. */
async function once(context, s, pause) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(s.url, { waitUntil: 'load' });
  await page.evaluate(
    ({ input, count }) => {
      window.__count = new Promise((resolve) => {
        let t0 = 0;
        document.querySelector(input).addEventListener('change', () => (t0 = performance.now()), { capture: true });
        const check = () => {
          const text = document.querySelector(count)?.textContent?.trim();
          if (t0 && text) {
            resolve({ ms: performance.now() - t0, text });
            return true;
          }
          return false;
        };
        new MutationObserver(() => check()).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
      });
    },
    { input: s.input, count: s.count },
  );
  if (pause) await page.waitForTimeout(pause);
  await page.setInputFiles(s.input, file);
  const r = await Promise.race([page.evaluate(() => window.__count), page.waitForTimeout(120_000).then(() => null)]);
  await page.close();
  if (!r) throw new Error(`${s.name}: no count after 120 s (${problems.join('; ')})`);
  const n = Number(r.text.replace(/[^\d]/g, ''));
  if (!Number.isFinite(n) || /error/.test(r.text)) throw new Error(`${s.name}: ${r.text} (${problems.join('; ')})`);
  return { ms: r.ms, count: n };
}

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
const version = browser.version();
const results = SUBJECTS.map((s) => ({ name: s.name, first: [], returning: [], paused: [], counts: new Set() }));
try {
  // First visits: a fresh context (an empty profile) for each page.
  for (let i = 0; i < RUNS; i++) {
    for (const [k, s] of SUBJECTS.entries()) {
      const context = await browser.newContext({ serviceWorkers: 'allow' });
      const r = await once(context, s, 0);
      await context.close();
      results[k].first.push(r.ms);
      results[k].counts.add(r.count);
      log(`${s.name} first visit ${i + 1}: ${r.ms.toFixed(0)} ms (${r.count})`);
    }
  }
  // Returning visits: one persistent profile per subject, primed by one visit that reads the file.
  const profiles = [];
  for (const s of SUBJECTS) {
    const dir = path.join(tmp, `profile-${profiles.length}`);
    const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: ARGS });
    await once(context, s, 0);
    // Time for the service worker to install and the browser to write what it keeps.
    await new Promise((r) => setTimeout(r, 3000));
    profiles.push(context);
  }
  for (let i = 0; i < RUNS; i++) {
    for (const [k, s] of SUBJECTS.entries()) {
      const r = await once(profiles[k], s, 0);
      results[k].returning.push(r.ms);
      results[k].counts.add(r.count);
      const p = await once(profiles[k], s, WARM_MS);
      results[k].paused.push(p.ms);
      results[k].counts.add(p.count);
      log(`${s.name} returning ${i + 1}: ${r.ms.toFixed(0)} ms, after ${WARM_MS} ms: ${p.ms.toFixed(0)} ms`);
    }
  }
  for (const c of profiles) await c.close();
} finally {
  await browser.close();
  await app.close();
  await anchors.close();
}

const counts = new Set(results.flatMap((r) => [...r.counts]));
if (counts.size !== 1) {
  console.error('the customer counts differ:', results.map((r) => `${r.name}: ${[...r.counts].join(',')}`).join('; '));
  process.exit(1);
}
const load = os.loadavg()[0].toFixed(1);
const [app0, duck, papa, ...variants] = results.map((r) => ({ name: r.name, first: median(r.first), returning: median(r.returning), paused: median(r.paused), runs: r }));
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`\n${path.basename(file)}, ${fs.statSync(file).size.toLocaleString('en-US')} bytes, ${[...counts][0].toLocaleString('en-US')} customers; Chromium ${version}; median of ${RUNS}; load ${load}\n`);
console.log('| page | first visit | returning visit | after a pause of ' + `${WARM_MS / 1000} s |`);
console.log('| --- | ---: | ---: | ---: |');
for (const r of [app0, duck, papa, ...variants]) console.log(`| ${r.name} | ${fmt(r.first)} | ${fmt(r.returning)} | ${fmt(r.paused)} |`);
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
console.log(`| Clientela ÷ DuckDB-Wasm | ${ratio(app0.first, duck.first)} | ${ratio(app0.returning, duck.returning)} | ${ratio(app0.paused, duck.paused)} |`);
console.log(`| Clientela ÷ PapaParse | ${ratio(app0.first, papa.first)} | ${ratio(app0.returning, papa.returning)} | ${ratio(app0.paused, papa.paused)} |`);
for (const v of variants) console.log(`| ${v.name} ÷ DuckDB-Wasm | ${ratio(v.first, duck.first)} | ${ratio(v.returning, duck.returning)} | ${ratio(v.paused, duck.paused)} |`);
console.log(
  JSON.stringify({
    file: path.basename(file),
    chromium: version,
    load: Number(load),
    results: results.map((r) => ({ name: r.name, first_ms: r.first.map(Math.round), returning_ms: r.returning.map(Math.round), paused_ms: r.paused.map(Math.round) })),
  }),
);
fs.rmSync(tmp, { recursive: true, force: true });
