// Reading on two workers (www/split.js, protocol.js SPLIT): a splitting worker, started by the engine's worker,
// reads the file and splits its text into records; the engine builds the table from them. The page forces
// either way with `?read-workers=1` or `=2` (without it, the worker decides by the number of cores). Each
// file is read both ways in fresh pages and must give the same data report (every figure, rejection and
// example: the worker's REPORT message, captured) and the same segmentation (its SEGMENTS message):
// Online Retail, plain and gzip; a generated shop with bytes that are not UTF-8 past the sample (the
// repaired bytes are counted by the splitting worker); a workbook, which the engine reads alone. Also: the
// read goes on in one worker when the splitting worker cannot start (its script missing), a cancelled read
// leaves the worker ready for the next file, and the splitting worker ends with the engine's worker when
// the page replaces it.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { browserSuite, startBrowser, assertNoProblems, tempDir, waitReport, waitSettled, writeFile, sampleCsv, ROOT, ONLINE_RETAIL_GZ, haveOnlineRetail } from './helpers.mjs';
import { pathToFileURL } from 'node:url';
import { WWW } from '../../scripts/serve.mjs';
import { buildSingle } from '../../scripts/build-single.mjs';

const LONG = { timeout: 300_000 };

/** Records the engine's REPORT and SEGMENTS messages in the page (window.engineMessages). */
function recordEngine() {
  window.engineMessages = [];
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (['report', 'segments', 'error', 'cancelled'].includes(e.data?.type)) window.engineMessages.push(e.data);
      });
    }
  };
}

/**
 * Reads `file` in a fresh page with `?read-workers=N`; the read's report message (its `workers`, its data
 * report), the segmentation's report and the Overview's customers.
 */
async function readWith(browser, file, workers) {
  const page = await browser.newPage(`?read-workers=${workers}`);
  await page.setInputFiles('#file', file);
  await waitReport(page, 120_000);
  await page.waitForFunction(() => window.engineMessages.some((m) => m.type === 'segments'), null, { timeout: 120_000 });
  const out = await page.evaluate(() => {
    const report = window.engineMessages.find((m) => m.type === 'report');
    const segments = window.engineMessages.find((m) => m.type === 'segments');
    return { workers: report.workers, report: report.report, segments: segments.report ?? segments.error, customers: document.querySelector('[data-key="summary.customers"]')?.textContent };
  });
  await page.close();
  return out;
}

/** Reads `file` both ways and requires the same reports; returns the two-worker read. */
async function sameBothWays(browser, file, { split = true } = {}) {
  const one = await readWith(browser, file, 1);
  const two = await readWith(browser, file, 2);
  assert.equal(one.workers, 1, 'the one-worker read');
  assert.equal(two.workers, split ? 2 : 1, split ? 'the records came from the splitting worker' : 'the engine read this file alone');
  assert.deepEqual(two.report, one.report, `${path.basename(file)}: the data reports differ`);
  assert.deepEqual(two.segments, one.segments, `${path.basename(file)}: the segmentations differ`);
  assert.equal(two.customers, one.customers);
  return two;
}

/** A generated shop of `rows` lines, with a byte that is not UTF-8 (é in Windows-1252) ending every 997th line past the first MiB. */
async function shopWithStrayBytes(rows) {
  const bytes = Buffer.from(await sampleCsv(rows, 7));
  const out = [];
  let line = 0;
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    out.push(bytes.subarray(start, i));
    if (i > 1 << 21 && ++line % 997 === 0) out.push(Buffer.from([0xe9]));
    out.push(Buffer.from('\n'));
    start = i + 1;
  }
  out.push(bytes.subarray(start));
  return Buffer.concat(out);
}

describe('reading on two workers', () => {
  let browser;
  let dir;
  browserSuite((b, d) => {
    browser = b;
    dir = d;
  });
  before(async () => {
    await browser.context.addInitScript(recordEngine);
  });

  it('reads Online Retail, plain and gzip, with the same report and segments as one worker', LONG, async (t) => {
    if (!haveOnlineRetail(t)) return;
    const gz = writeFile(dir, 'online_retail.csv.gz', fs.readFileSync(ONLINE_RETAIL_GZ));
    const plain = writeFile(dir, 'online_retail.csv', zlib.gunzipSync(fs.readFileSync(ONLINE_RETAIL_GZ)));
    const two = await sameBothWays(browser, plain);
    assert.equal(two.report.rows.total, 541909);
    assert.equal(two.customers, '4,372');
    const zipped = await sameBothWays(browser, gz);
    assert.equal(zipped.report.source.gzip, true);
    assert.equal(zipped.report.source.text_bytes, two.report.source.bytes);
  });

  it('counts the bytes repaired past the sample, and rejects the same lines with the same examples', LONG, async () => {
    const file = writeFile(dir, 'shop-latin1.csv', await shopWithStrayBytes(120_000));
    const two = await sameBothWays(browser, file);
    assert.ok(two.report.source.repaired_bytes > 50, `repaired ${two.report.source.repaired_bytes}`);
    assert.ok(two.report.source.bytes > 2 << 20);
  });

  it('reads a workbook and a file shorter than the sample in the engine alone, as before', LONG, async () => {
    const book = path.join(ROOT, 'tests', 'data', 'sheets', 'orders.xlsx');
    await sameBothWays(browser, book, { split: false });
    const small = writeFile(dir, 'small.csv', Buffer.from(await sampleCsv(2_000, 3)));
    await sameBothWays(browser, small, { split: false });
  });

  it('stops a cancelled read, then reads the next file on two workers', LONG, async () => {
    const big = writeFile(dir, 'shop-big.csv', Buffer.from(await sampleCsv(600_000, 5)));
    const small = writeFile(dir, 'shop-next.csv', Buffer.from(await sampleCsv(40_000, 6)));
    const page = await browser.newPage('?read-workers=2');
    await page.setInputFiles('#file', big);
    await page.waitForFunction(() => !document.getElementById('reading').hidden);
    await page.click('#cancel');
    await page.waitForFunction(() => document.body.dataset.state === 'idle', null, { timeout: 60_000 });
    assert.deepEqual(await page.evaluate(() => window.engineMessages.map((m) => m.type)), ['cancelled']);
    await page.setInputFiles('#file', small);
    await waitReport(page);
    const m = await page.evaluate(() => window.engineMessages.find((x) => x.type === 'report'));
    assert.equal(m.workers, 2);
    assert.equal(m.report.rows.total, 40_000);
    await page.close();
  });

  it('ends the splitting worker with the engine worker when the page replaces it', LONG, async () => {
    const file = writeFile(dir, 'shop-limit.csv', Buffer.from(await sampleCsv(300_000, 8)));
    const page = await browser.newPage('?read-workers=2&max-memory-mb=4');
    const closed = [];
    const watch = (w) => w.on('close', () => closed.push(w.url()));
    // The engine's worker started with the page; the splitting worker after its wasm was compiled.
    await page.waitForFunction(() => true);
    page.workers().forEach(watch);
    page.on('worker', watch);
    assert.ok(page.workers().some((w) => w.url().includes('worker.js')), page.workers().map((w) => w.url()).join(', '));
    // A file over the memory limit: the engine refuses it and the page replaces its worker (fatal).
    await page.setInputFiles('#file', file);
    assert.equal(await waitSettled(page, 120_000), 'error');
    const errors = await page.evaluate(() => window.engineMessages.filter((m) => m.type === 'error').map((m) => m.error.code));
    assert.deepEqual(errors, ['too_large']);
    const deadline = Date.now() + 10_000;
    while (closed.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(closed.some((u) => u.includes('worker.js')), `closed: ${closed.join(', ')}`);
    assert.ok(closed.some((u) => u.includes('split.js')), `the splitting worker was left running: closed ${closed.join(', ')}`);
    await page.close();
  });
});

describe('the one-file build on two workers', () => {
  it('starts the splitting worker from its own code, offline, and reads as one worker does', LONG, async () => {
    const dir = tempDir();
    const browser = await startBrowser();
    const { context } = browser;
    const block = (route) => (/^(file|data|blob):/.test(route.request().url()) ? route.continue() : route.abort());
    try {
      const built = await buildSingle({ out: path.join(dir, 'clientela.html') });
      await context.addInitScript(recordEngine);
      await context.route('**', block);
      await context.setOffline(true);
      const file = writeFile(dir, 'shop.csv', Buffer.from(await sampleCsv(60_000, 4)));
      const reads = {};
      for (const n of [1, 2]) {
        const page = await context.newPage();
        await page.goto(`${pathToFileURL(built.out).href}?read-workers=${n}`);
        await page.waitForFunction(() => document.body.dataset.state === 'idle');
        await page.setInputFiles('#file', file);
        await waitReport(page);
        reads[n] = await page.evaluate(() => window.engineMessages.find((m) => m.type === 'report'));
        if (n === 2) assert.deepEqual(page.workers().map((w) => w.url().split(':')[0]), ['blob', 'blob'], 'the engine and its splitting worker');
        await page.close();
      }
      assert.equal(reads[2].workers, 2);
      assert.deepEqual(reads[2].report, reads[1].report);
      assertNoProblems(browser);
    } finally {
      await context.setOffline(false);
      await context.unroute('**', block);
      await browser.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('reading on two workers when the splitting worker cannot start', () => {
  it('reads in one worker, with the same report', LONG, async () => {
    // The app without split.js: the nested worker fails to load, the engine reads alone.
    const root = tempDir('clientela-nosplit-');
    for (const f of fs.readdirSync(WWW)) if (f !== 'split.js') fs.symlinkSync(path.join(WWW, f), path.join(root, f));
    const browser = await startBrowser({ root });
    try {
      await browser.context.addInitScript(recordEngine);
      const file = writeFile(root, 'shop.csv', Buffer.from(await sampleCsv(60_000, 9)));
      const page = await browser.newPage('?read-workers=2');
      await page.setInputFiles('#file', file);
      await waitReport(page);
      const m = await page.evaluate(() => window.engineMessages.find((x) => x.type === 'report'));
      assert.equal(m.workers, 1);
      assert.equal(m.report.rows.total, 60_000);
      // The missing script is the only complaint (a 404 the browser logs), nothing else went wrong.
      const seen = browser.problems.splice(0);
      assert.ok(seen.every((p) => /404|Failed to load|split\.js/i.test(p)), seen.join('\n'));
      assertNoProblems(browser);
    } finally {
      await browser.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
