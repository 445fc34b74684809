// Views adapt to the file (issue 20, item 2): a file without customers opens on Baskets; each view that
// needs customers, dates, items or prices the file lacks says so in one sentence with the way to add
// them (the Data view's column table), never a command-line flag, an empty form of zeros or "null".

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { waitReport, writeFile, ROOT, browserSuite } from './helpers.mjs';
import { assertFitsPhone } from './phone.mjs';
import { execFileSync } from 'node:child_process';
import { CLI, needCli, cliSegment, waitSegmentsDone } from './segment-helpers.mjs';

const BASKETS = path.join(ROOT, 'tests', 'data', 'baskets.dat');
const CDNOW = path.join(ROOT, 'tests', 'data', 'cdnow', 'CDNOW_master.txt.gz');
const VIEWS = ['overview', 'data', 'segments', 'baskets', 'sequences', 'value', 'predict', 'profiles', 'glossary'];

/** Waits until the page has nothing running: the read, the segmentation and the Baskets run settled. */
async function settle(page) {
  await waitReport(page, 120_000);
  await page.waitForFunction(() => document.body.dataset.segments !== 'running' && !document.querySelector('.baskets[aria-busy="true"]'), null, { timeout: 60_000 });
}

/**
 * Opens every view in turn and returns {view: {lacks, text}}: the panel's data-lacks and its visible
 * text; asserts that no view shows a flag name or the word null.
 */
async function visitAll(page) {
  const out = {};
  for (const v of VIEWS) {
    await page.click(`#tab-${v}`);
    const panel = page.locator(`#view-${v}`);
    const text = await panel.innerText();
    assert.doesNotMatch(text, /--[a-z]+-[a-z]+/, `${v} shows a command-line flag: ${text.slice(0, 300)}`);
    assert.doesNotMatch(text, /\bnull\b|undefined|NaN/, `${v} shows stray text: ${text.slice(0, 300)}`);
    out[v] = { lacks: await panel.getAttribute('data-lacks'), text };
  }
  return out;
}

describe('views adapt to the file', () => {
  let browser;
  let dir;
  browserSuite((b, d) => {
    browser = b;
    dir = d;
  });

  it('a baskets file opens on Baskets; the customer views say in one sentence why they are empty', { timeout: 120_000 }, async () => {
    const page = await browser.newPage();
    assert.equal(await page.evaluate(() => document.body.dataset.view), 'overview');
    await page.setInputFiles('#file', BASKETS);
    await settle(page);
    assert.equal(await page.evaluate(() => document.body.dataset.view), 'baskets');
    assert.equal(await page.locator('#view-baskets').getAttribute('data-lacks'), null);
    assert.ok(Number(await page.locator('[data-key="baskets.baskets"]').getAttribute('data-value')) > 0);
    const seen = await visitAll(page);
    for (const v of ['overview', 'segments', 'sequences', 'value']) {
      assert.equal(seen[v].lacks?.split(' ')[0], 'customers', `${v} lacks customers`);
      const notice = await page.locator(`#view-${v} .lacks-notice`).innerText();
      assert.match(notice, /list of baskets/);
      // Its own content is hidden, not shown as an empty form.
      assert.equal(await page.locator(`#view-${v} > :not(.lacks-notice)`).evaluateAll((els) => els.filter((e) => e.offsetParent !== null).length), 0);
    }
    assert.equal(seen.data.lacks, null);
    await page.click('#tab-overview');
    await assertFitsPhone(page, ['#view-overview .lacks-notice', '#view-overview .lacks-actions button']);
    // "Open Baskets" goes there.
    await page.click('#tab-segments');
    await page.click('#view-segments .lacks-baskets');
    assert.equal(await page.evaluate(() => document.body.dataset.view), 'baskets');
  });

  it('a line-item file without a customer column points at the column table, and a mapping fixes it', { timeout: 120_000 }, async () => {
    // The customer ids are in a column whose header and values are not recognised as such ("ref").
    const rows = ['order,item,when,qty,price,ref'];
    for (let i = 0; i < 40; i++) rows.push(`${1000 + i},${['A', 'B', 'C', 'D'][i % 4]},2024-0${1 + (i % 6)}-1${i % 9},${1 + (i % 3)},${(2.5 + i).toFixed(2)},k${i % 7}`);
    const page = await browser.newPage('#segments');
    await page.setInputFiles('#file', writeFile(dir, 'no-customer.csv', rows.join('\n')));
    await settle(page);
    const roles = await page.$$eval('#mapping-body select', (ss) => ss.map((s) => s.value));
    if (roles.includes('customer')) return assert.fail(`the fixture's "ref" column was recognised as customers: ${roles}`);
    // Opened on Baskets (the Segments view cannot be fed), and Segments says what to do.
    assert.equal(await page.evaluate(() => document.body.dataset.view), 'baskets');
    await page.click('#tab-segments');
    const notice = page.locator('#view-segments .lacks-notice');
    assert.match(await notice.innerText(), /no customer column.*“Customer id”.*Data view/s);
    await notice.locator('.lacks-fix').click();
    assert.equal(await page.evaluate(() => document.body.dataset.view), 'data');
    // Choosing the role in the column table reads again, and Segments works.
    await page.selectOption('#role-6', 'customer');
    await waitReport(page, 60_000);
    await page.waitForFunction(() => document.body.dataset.segments === 'done', null, { timeout: 60_000 });
    await page.click('#tab-segments');
    assert.equal(await page.locator('#view-segments').getAttribute('data-lacks'), null);
    assert.ok(Number(await page.locator('[data-key="seg.customers"]').getAttribute('data-value')) === 7);
  });

  it('CDNOW has no items: Baskets and Sequences say so, the customer views work', { timeout: 180_000 }, async () => {
    const page = await browser.newPage('#overview');
    await page.setInputFiles('#file', CDNOW);
    await settle(page);
    assert.equal(await page.evaluate(() => document.body.dataset.view), 'overview');
    const seen = await visitAll(page);
    for (const v of ['baskets', 'sequences']) {
      assert.equal(seen[v].lacks, 'items', v);
      assert.match(seen[v].text, /no item column.*“Item code” or “Item name”/s);
      assert.doesNotMatch(seen[v].text, /0 rules/);
    }
    for (const v of ['overview', 'segments', 'value']) assert.equal(seen[v].lacks, null, v);
  });

  it('a file without prices: Value says so; Overview and Baskets work', { timeout: 120_000 }, async () => {
    const rows = ['InvoiceNo,StockCode,InvoiceDate,CustomerID'];
    for (let i = 0; i < 60; i++) rows.push(`${500 + Math.floor(i / 2)},${['A', 'B', 'C'][i % 3]},2024-0${1 + (i % 6)}-1${i % 9} 10:00,c${i % 9}`);
    const page = await browser.newPage('#value');
    await page.setInputFiles('#file', writeFile(dir, 'no-prices.csv', rows.join('\n')));
    await settle(page);
    const seen = await visitAll(page);
    assert.equal(seen.value.lacks, 'prices');
    assert.match(seen.value.text, /no price or amount column.*“Unit price” or “Line amount”/s);
    assert.equal(seen.overview.lacks, null);
    assert.equal(seen.baskets.lacks, null);
    // The Overview keeps its customer figures and leaves out the money ones (no wall of zeros), saying why.
    await page.click('#tab-overview');
    assert.equal(await page.locator('[data-figure="customers"]').count(), 1);
    assert.equal(await page.locator('[data-figure="revenue"], [data-figure="aov"], [data-figure="at_risk"], #overview-monthly').count(), 0);
    assert.match(await page.locator('#overview-no-prices').innerText(), /no price or amount column.*“Unit price” or “Line amount”/s);
    await assertFitsPhone(page, ['#overview-no-prices']);
  });
});

// A per-customer summary made where the data lives (docs/warehouse.md): tests/data/customer_summary.csv is
// `clientela generate --rows 6000 --seed 3` summarised by DuckDB with the query of `clientela sql … --dialect
// duckdb` (tests/warehouse/duckdb_summary.py). Its customer views equal the CLI's on the raw lines; the
// views that need the lines say so in one sentence, with nothing to choose.
const SUMMARY = path.join(ROOT, 'tests', 'data', 'customer_summary.csv');

describe('a per-customer summary', () => {
  let browser;
  let dir;
  browserSuite((b, d) => {
    browser = b;
    dir = d;
  });

  it('runs the customer views as the raw lines do, and the line-item views say they need the sales file', { timeout: 180_000 }, async (t) => {
    if (!needCli(t)) return;
    const lines = path.join(dir, 'lines.csv');
    execFileSync(CLI, ['generate', '--rows', '6000', '--seed', '3', '-o', lines]);
    const want = cliSegment(lines);
    const page = await browser.newPage('#segments');
    await page.setInputFiles('#file', SUMMARY);
    await settle(page);
    await waitSegmentsDone(page);
    assert.equal(Number(await page.locator('[data-key="seg.customers"]').getAttribute('data-value')), want.customers);
    const revenue = Number(await page.locator('[data-key="seg.revenue"]').getAttribute('data-value'));
    assert.ok(Math.abs(revenue - want.revenue) < 0.01, `revenue ${revenue} vs ${want.revenue}`);
    const seen = await visitAll(page);
    for (const v of ['baskets', 'sequences', 'predict']) {
      assert.equal(seen[v].lacks?.split(' ')[0], 'lines', `${v} needs the lines`);
      const notice = page.locator(`#view-${v} .lacks-notice`);
      assert.match(await notice.innerText(), /one row per customer/);
      assert.equal(await notice.locator('button').count(), 0, `${v}: nothing to choose or open`);
    }
    for (const v of ['overview', 'segments', 'value', 'profiles']) assert.equal(seen[v].lacks, null, `${v} runs on a summary`);
    // The Value view fits on the whole summary (no holdout: the summary stops at its as-of date).
    await page.click('#tab-value');
    await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('#view-value')?.dataset.clv), null, { timeout: 120_000 });
    assert.equal(await page.locator('#view-value').getAttribute('data-clv'), 'done', await page.locator('#view-value').innerText());
  });
});
