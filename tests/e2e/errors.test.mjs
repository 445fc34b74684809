// Files the page cannot read, a read cancelled half-way and an engine that fails to start: each must end
// in a clear message (never an endless spinner), and the page must read the next good file.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { waitSettled, waitReport, keyText, writeFile, sampleCsv, browserSuite, ROOT } from './helpers.mjs';
import { SMALL_CSV, ONE_COLUMN_CSV, PNG_BYTES, XLSX_BYTES } from './fixtures.mjs';

describe('files that cannot be read', () => {
  let browser;
  let dir;
  let good;
  browserSuite((b, d) => {
    browser = b;
    dir = d;
  });
  before(() => {
    good = writeFile(dir, 'good.csv', SMALL_CSV);
  });

  /** Reads `file`, expects error `code` with a title matching `title`, then reads a good file. */
  async function expectError(page, file, code, title, text) {
    await page.setInputFiles('#file', file);
    assert.equal(await waitSettled(page), 'error');
    assert.equal(await page.locator('#error').getAttribute('data-code'), code);
    assert.match(await page.locator('#error-title').innerText(), title);
    if (text) assert.match(await page.locator('#error-text').innerText(), text);
    assert.equal(await page.locator('#reading').isVisible(), false, 'no progress bar is left spinning');
    assert.equal(await page.locator('#report .report').count(), 0);

    await page.setInputFiles('#file', good);
    await waitReport(page);
    assert.equal(await keyText(page, 'rows.total'), '12');
    assert.equal(await page.locator('#error').isVisible(), false);
  }

  it('says an empty file is empty', async () => {
    const page = await browser.newPage('#data');
    await expectError(page, writeFile(dir, 'empty.csv', ''), 'empty', /empty/i, /no rows/);
    await page.close();
  });

  it('says a PNG image is not a CSV file', async () => {
    const page = await browser.newPage('#data');
    await expectError(page, writeFile(dir, 'photo.csv', PNG_BYTES), 'not_text', /not a CSV file/, /PNG image/);
    await page.close();
  });

  it('says a workbook cut short cannot be read and how to mend it', async () => {
    // Only the head of an .xlsx (a ZIP archive): workbooks are read, but this one has no directory.
    const page = await browser.newPage('#data');
    await expectError(page, writeFile(dir, 'sales.xlsx', XLSX_BYTES), 'workbook', /workbook cannot be read/, /save it again/i);
    await page.close();
  });

  it('says when only one column is found and offers the delimiter', async () => {
    const page = await browser.newPage('#data');
    await page.setInputFiles('#file', writeFile(dir, 'one-column.csv', ONE_COLUMN_CSV));
    assert.equal(await waitSettled(page), 'error');
    assert.equal(await page.locator('#error').getAttribute('data-code'), 'one_column');
    assert.match(await page.locator('#error-text').innerText(), /Choose the delimiter below/);
    assert.equal(await page.locator('#opt-delimiter').isVisible(), true);
    await expectError(page, writeFile(dir, 'one-column-again.csv', ONE_COLUMN_CSV), 'one_column', /one column/);
    await page.close();
  });

  it('says a damaged gzip file is damaged', async () => {
    const page = await browser.newPage('#data');
    const broken = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8]);
    await expectError(page, writeFile(dir, 'broken.csv.gz', broken), 'gzip', /damaged/);
    await page.close();
  });

  it('sends a file too large for the browser to the command-line tool, with a fresh engine', async () => {
    const page = await browser.newPage('?max-memory-mb=1#data');
    const big = writeFile(dir, 'four-mb.csv', await sampleCsv(50_000, 11));
    assert.ok(fs.statSync(big).size > 3e6);
    assert.equal(await page.evaluate(() => document.body.dataset.engines), '1');
    await page.setInputFiles('#file', big);
    assert.equal(await waitSettled(page), 'error');
    // After too_large the wasm memory stays grown: the page replaced the worker at once.
    assert.equal(await page.evaluate(() => document.body.dataset.engines), '2');
    await expectError(page, big, 'too_large', /too large for the browser/, /command-line tool/);
    await page.close();
  });

  /** Starts reading a 2.5M-row sample file (about 150 MB) and waits until rows are counted. */
  async function startBigRead(name, seed) {
    const page = await browser.newPage('#data');
    const big = writeFile(dir, name, await sampleCsv(2_500_000, seed));
    await page.setInputFiles('#file', big);
    await page.waitForFunction(() => /[1-9][\d,]* rows/.test(document.getElementById('progress-text').textContent));
    return { page, big };
  }

  it('cancels a read and then reads the next file', { timeout: 90_000 }, async () => {
    const { page, big } = await startBigRead('big.csv', 5);
    await page.click('#cancel');
    await page.waitForFunction(() => document.body.dataset.state !== 'reading', null, { timeout: 30_000 });
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'idle');
    assert.match(await page.locator('#status').innerText(), /cancelled/);
    assert.equal(await page.locator('#report .report').count(), 0);
    fs.rmSync(big);

    await page.setInputFiles('#file', good);
    await waitReport(page);
    assert.equal(await keyText(page, 'rows.used'), '10');
    await page.close();
  });

  it('says so plainly when the file changes while it is read, and reads the next file', { timeout: 90_000 }, async () => {
    // Issue 18, item 6: a file saved again (an export re-run) during the read. The browser refuses to read
    // on from a file modified after it was chosen; the page must say that, not spin or show half a report.
    const { page, big } = await startBigRead('changing.csv', 6);
    fs.appendFileSync(big, 'C1,2024-01-01,X,1,2.5\n');
    fs.utimesSync(big, new Date(), new Date(Date.now() + 5000));
    assert.equal(await waitSettled(page, 60_000), 'error');
    assert.equal(await page.locator('#error').getAttribute('data-code'), 'io');
    assert.match(await page.locator('#error-text').innerText(), /choose it again/i);
    assert.equal(await page.locator('#reading').isVisible(), false, 'no progress bar is left spinning');
    assert.equal(await page.locator('#report .report').count(), 0);
    fs.rmSync(big);
    await page.setInputFiles('#file', good);
    await waitReport(page);
    assert.equal(await keyText(page, 'rows.used'), '10');
    await page.close();
  });

  it('says when the engine cannot start, and starts a fresh one for the next file', async () => {
    const page = await browser.newPage('#data');
    const broken = (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from('not a wasm module') });
    await browser.context.route('**/clientela_bg.wasm', broken);
    try {
      // A reload starts a new worker, which fetches the (now broken) wasm.
      await page.reload();
      await page.waitForFunction(() => document.body.dataset.state === 'error');
      assert.equal(await page.locator('#error').getAttribute('data-code'), 'engine');
      assert.match(await page.locator('#error-title').innerText(), /engine/);
      // A read while the engine is broken ends in the same message, not in a spinner.
      await page.setInputFiles('#file', good);
      assert.equal(await waitSettled(page), 'error');
      assert.equal(await page.locator('#error').getAttribute('data-code'), 'engine');
    } finally {
      await browser.context.unroute('**/clientela_bg.wasm', broken);
    }
    await page.setInputFiles('#file', good);
    await waitReport(page);
    assert.equal(await keyText(page, 'rows.total'), '12');
    await page.close();
  });

  it('says plainly when the browser is too old for the engine (no WebAssembly SIMD)', async () => {
    // A browser without SIMD cannot compile the engine, and its WebAssembly.validate refuses the worker's
    // SIMD probe: both are simulated here (a broken module, a validate that says no inside the worker).
    const page = await browser.newPage('#data');
    const broken = (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from('not a wasm module') });
    const worker = fs.readFileSync(path.join(ROOT, 'www', 'worker.js'), 'utf8');
    const old = (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: `WebAssembly.validate = () => false;\n${worker}` });
    await browser.context.route('**/clientela_bg.wasm', broken);
    await browser.context.route('**/worker.js', old);
    try {
      await page.reload();
      await page.waitForFunction(() => document.body.dataset.state === 'error');
      assert.equal(await page.locator('#error').getAttribute('data-code'), 'engine');
      assert.match(await page.locator('#error-title').innerText(), /browser cannot run/);
      assert.match(await page.locator('#error-text').innerText(), /SIMD.*Safari 16\.4/);
    } finally {
      await browser.context.unroute('**/worker.js', old);
      await browser.context.unroute('**/clientela_bg.wasm', broken);
    }
    await page.close();
  });
});
