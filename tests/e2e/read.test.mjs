// Reading files in the page: file input, drag and drop, keyboard, the real Online Retail file, editing the
// detected mapping, answering a question, sample data.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  waitReport,
  keyText,
  writeFile,
  ONLINE_RETAIL_GZ, haveOnlineRetail,
  browserSuite,
} from './helpers.mjs';
import { SMALL_CSV, AMBIGUOUS_DATES_CSV } from './fixtures.mjs';
import { CSP } from '../../scripts/serve.mjs';

describe('reading a file', () => {
  let browser;
  let dir;
  let small;
  browserSuite((b, d) => {
    browser = b;
    dir = d;
  });
  before(() => {
    small = writeFile(dir, 'small-shop.csv', SMALL_CSV);
  });

  it('reads a file from the file input and accounts for every row', async () => {
    const page = await browser.newPage('#data');
    await page.setInputFiles('#file', small);
    await waitReport(page);
    assert.equal(await keyText(page, 'rows.total'), '12');
    assert.equal(await keyText(page, 'rows.used'), '10');
    assert.equal(await keyText(page, 'rows.rejected'), '2');
    assert.equal(await page.locator('#reconciled').getAttribute('data-reconciled'), 'true');
    assert.equal(await keyText(page, 'summary.customers'), '3');
    assert.equal(await keyText(page, 'summary.orders'), '6');
    assert.equal(await keyText(page, 'summary.revenue'), '310.30');

    // Each rejection: its reason, the line number and the raw text of the line.
    const price = page.locator('.rejection[data-reason="unparseable_number"]');
    assert.match(await price.locator('h3').innerText(), /1 row: a number cannot be read/);
    const priceRow = price.locator('tbody tr').first();
    assert.equal(await priceRow.locator('td.line').innerText(), '3');
    assert.equal(await priceRow.locator('code.raw').innerText(), '536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26,abc,17850,United Kingdom');
    assert.match(await priceRow.locator('td.detail').innerText(), /UnitPrice: "abc"/);
    const fields = page.locator('.rejection[data-reason="wrong_field_count"] tbody tr').first();
    assert.equal(await fields.locator('td.line').innerText(), '7');
    assert.match(await fields.locator('code.raw').innerText(), /ASSORTED COLOUR BIRD ORNAMENT, LARGE/);

    // Timing hook and the detected mapping.
    assert.ok(Number(await page.locator('[data-key="timing.ms"]').getAttribute('data-value')) > 0);
    assert.equal(await page.locator('#role-7').inputValue(), '');
    assert.match(await page.locator('#role-7 option').first().innerText(), /Customer id/);
    // Why: the header word and its language (src/ingest/content.rs lists the reason codes).
    const why = page.locator('#reason-7');
    assert.equal(await why.getAttribute('data-reason'), 'header_name');
    assert.match(await why.innerText(), /English/);

    // Every control is labelled.
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('select, input, button')]
        .filter((e) => !e.hidden && e.labels?.length === 0 && !e.textContent.trim() && !e.getAttribute('aria-label'))
        .map((e) => e.outerHTML),
    );
    assert.deepEqual(unlabelled, []);
    await page.close();
  });

  it('runs under its Content-Security-Policy, in the page and in the worker', async () => {
    const page = await browser.newPage('#data');
    assert.equal(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'), CSP);
    for (const file of ['', 'worker.js']) {
      const res = await fetch(browser.url + file);
      assert.equal(res.headers.get('content-security-policy'), CSP, `CSP header of /${file}`);
      assert.equal(res.headers.get('cache-control'), 'no-store');
    }
    const wasm = await fetch(`${browser.url}pkg/clientela_bg.wasm`);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    // The wasm was instantiated under that policy: a read works (a violation would be a console error).
    await page.setInputFiles('#file', small);
    await waitReport(page);
    await page.close();
  });

  it('reads a file dropped on the drop zone', async () => {
    const page = await browser.newPage('#data');
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
      return dt;
    }, SMALL_CSV);
    await page.dispatchEvent('#drop', 'dragenter', { dataTransfer });
    await page.dispatchEvent('#drop', 'drop', { dataTransfer });
    await waitReport(page);
    assert.equal(await keyText(page, 'rows.total'), '12');
    assert.equal(await keyText(page, 'rows.rejected'), '2');
    assert.equal(await page.locator('#reading-name').innerText(), 'dropped.csv');
    await page.close();
  });

  it('opens the file picker from the drop zone with the keyboard', async () => {
    const page = await browser.newPage('#data');
    await page.focus('#drop');
    const chosen = page.waitForEvent('filechooser', { timeout: 10_000 });
    // Playwright turns on file-chooser interception asynchronously: let it settle before the key press.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
    await page.keyboard.press('Enter');
    const chooser = await chosen;
    await chooser.setFiles(small);
    await waitReport(page);
    assert.equal(await keyText(page, 'rows.used'), '10');
    await page.close();
  });

  it('reads the Online Retail file (gzip) with every row reconciled', { timeout: 120_000 }, async (t) => {
    if (!haveOnlineRetail(t)) return;
    const page = await browser.newPage('#data');
    await page.setInputFiles('#file', ONLINE_RETAIL_GZ);
    await waitReport(page, 110_000);
    assert.equal(await keyText(page, 'rows.total'), '541,909');
    assert.equal(await keyText(page, 'rows.used'), '541,909');
    assert.equal(await keyText(page, 'rows.rejected'), '0');
    assert.equal(await page.locator('#reconciled').getAttribute('data-reconciled'), 'true');
    assert.equal(await keyText(page, 'summary.customers'), '4,372');
    assert.equal(await keyText(page, 'summary.orders'), '25,900');
    assert.equal(await keyText(page, 'summary.items'), '4,070');
    assert.equal(await keyText(page, 'summary.revenue'), '10,666,684.54');
    assert.match(await keyText(page, 'source.bytes'), /gzip/);
    await page.close();
  });

  it('reads the file again when a column role or the delimiter is changed', async () => {
    const page = await browser.newPage('#data');
    await page.setInputFiles('#file', small);
    await waitReport(page);
    assert.equal(await keyText(page, 'summary.customers'), '3');

    // Country (column 8) as the customer: two countries, two "customers".
    await page.selectOption('#role-8', 'customer');
    await waitReport(page);
    assert.equal(await keyText(page, 'summary.customers'), '2');
    assert.equal(await page.locator('#role-8').inputValue(), 'customer');
    assert.equal(await page.locator('#role-8').getAttribute('data-role'), 'customer');

    // The encoding, as the report names it.
    await page.selectOption('#opt-encoding', { label: 'Windows-1252 (Latin-1)' });
    await waitReport(page);
    assert.equal(await keyText(page, 'source.encoding'), 'windows-1252');
    assert.equal(await keyText(page, 'summary.customers'), '3', 'the column choices were reset with the encoding');

    // A wrong delimiter: one column; the page says so and the choices stay editable.
    await page.selectOption('#opt-delimiter', { label: 'Semicolon ;' });
    await page.waitForFunction(() => document.body.dataset.state === 'error');
    assert.equal(await page.locator('#error').getAttribute('data-code'), 'one_column');
    assert.equal(await page.locator('#role-8').count(), 0, 'the column choices were reset with the delimiter');

    // Back to automatic detection: the file reads as before.
    await page.click('#reset-choices');
    await waitReport(page);
    assert.equal(await keyText(page, 'summary.customers'), '3');
    assert.equal(await keyText(page, 'dialect.delimiter'), ',');
    await page.close();
  });

  it('answers the date-format question and reads the file again', async () => {
    const page = await browser.newPage('#data');
    await page.setInputFiles('#file', writeFile(dir, 'ambiguous-dates.csv', AMBIGUOUS_DATES_CSV));
    await waitReport(page);
    assert.equal(await page.locator('.question[data-key="date_format"]').count(), 1);
    assert.equal(await keyText(page, 'dialect.date_format'), 'undecided');
    assert.equal(await keyText(page, 'summary.dates'), 'no dates');

    await page.click('button[data-question="date_format"][data-option="dmy"]');
    await waitReport(page);
    assert.equal(await page.locator('#questions').count(), 0);
    assert.equal(await keyText(page, 'dialect.date_format'), 'dmy');
    // 01/02/2011 day first is 1 February; 11/12/2011 is 11 December.
    assert.equal(await keyText(page, 'summary.dates'), '2011-02-01 00:00:00 — 2011-12-11 00:00:00');
    assert.equal(await page.locator('#opt-date_format').inputValue(), '"dmy"');
    await page.close();
  });

  it('loads the sample data', async () => {
    const page = await browser.newPage('#data');
    await page.click('#sample');
    await waitReport(page);
    assert.equal(await keyText(page, 'rows.total'), '20,000');
    assert.equal(await page.locator('#reconciled').getAttribute('data-reconciled'), 'true');
    await page.close();
  });
});
