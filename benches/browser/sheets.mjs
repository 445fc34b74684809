// The Online Retail workbook (.xlsx) read and segmented in the real page, against the same file as CSV, and
// natively with the command-line tool. The page is the app itself (www/): the file is chosen in its file
// input, read by its worker, and the time runs from the choice to the Segments view's report (the page
// segments right after each read). Natively `clientela segment FILE --json` is timed as a whole process.
//
//   bash scripts/build.sh && cargo build --release
//   CLIENTELA_ONLINE_RETAIL_XLSX_OUT=/tmp/online_retail.xlsx cargo test --release --test integration sheets::online_retail
//   node benches/browser/sheets.mjs /tmp/online_retail.xlsx
//
// The workbook is the one tests/sheets.rs writes with rust_xlsxwriter (the 541,909 rows typed as Excel
// keeps them: shared strings, numbers, date-formatted serials). The CSV is ../shared/data/online_retail.csv.gz
// decompressed. CLIENTELA_BENCH_CHOOSE_MS=3000 waits that long on the loaded page before choosing the file (a
// user's time to pick it, during which the engine warms up; 0, the default, is the coldest case). Median of 3
// runs, each in a fresh page. Prints a markdown table; timings are reported,
// never asserted.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, WWW } from '../../scripts/serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'target', 'release', 'clientela');
const ONLINE_RETAIL_GZ = path.resolve(ROOT, '..', 'shared', 'data', 'online_retail.csv.gz');
const RUNS = 3;
const CHOOSE_MS = Number(process.env.CLIENTELA_BENCH_CHOOSE_MS ?? 0);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];

const book = process.argv[2];
if (!book || !fs.existsSync(book)) {
  console.error('usage: node benches/browser/sheets.mjs ONLINE_RETAIL.xlsx (see the comment at the top for how to write it)');
  process.exit(2);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clientela-sheets-'));
const csv = path.join(dir, 'online_retail.csv');
fs.writeFileSync(csv, zlib.gunzipSync(fs.readFileSync(ONLINE_RETAIL_GZ)));

const server = await serve({ port: 0, root: WWW });
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'clientela-profile-'));
const context = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS });

/** One read + segmentation in a fresh page: ms from the choice to the segments, the page's own read time. */
async function inPage(file) {
  const page = await context.newPage();
  await page.goto(`${server.url}#data`);
  await page.waitForFunction(() => document.body.dataset.state === 'idle');
  if (CHOOSE_MS > 0) await page.waitForTimeout(CHOOSE_MS);
  const t0 = Date.now();
  await page.setInputFiles('#file', file);
  await page.waitForFunction(() => document.body.dataset.state === 'done' && document.body.dataset.segments === 'done', null, { timeout: 120_000, polling: 10 });
  const total = Date.now() - t0;
  const read = Number(await page.locator('[data-key="timing.ms"]').first().getAttribute('data-value'));
  const customers = await page.locator('[data-key="summary.customers"]').first().innerText();
  await page.close();
  return { total, read, customers };
}

function native(file) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(BIN, ['segment', file, '--json'], { maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(r.stderr.toString());
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const rows = [];
for (const [name, file] of [['Online Retail .xlsx', book], ['Online Retail .csv', csv]]) {
  const page = [];
  for (let i = 0; i < RUNS; i++) page.push(await inPage(file));
  const cli = Array.from({ length: RUNS }, () => native(file));
  rows.push({
    name,
    mb: fs.statSync(file).size / 1e6,
    customers: page[0].customers,
    pageTotal: median(page.map((p) => p.total)),
    pageRead: median(page.map((p) => p.read)),
    cli: median(cli),
  });
}
await context.close();
await server.close();
fs.rmSync(dir, { recursive: true, force: true });
fs.rmSync(profile, { recursive: true, force: true });

console.log('| file | MB | customers | page: read + segments (ms) | page: read (ms) | CLI segment (ms) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.name} | ${r.mb.toFixed(1)} | ${r.customers} | ${r.pageTotal} | ${Math.round(r.pageRead)} | ${Math.round(r.cli)} |`);
console.log(JSON.stringify(rows));
