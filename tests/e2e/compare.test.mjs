// Compare periods on the Overview (issue 20 item 7; www/views/overview/compare.js). UCI Online Retail, read
// by the page: the sentence on what changed most, the table of the three periods and the migration
// matrix show the figures of `clientela compare --json` on the same file (the same core, natively), for
// months and for quarters; a period chosen by hand (the partial December 2011) is said to be partial;
// the section speaks Portuguese (Brazil) with its strings from pt.js; it fits a 390 px phone; a small file
// of one month says there is nothing earlier to compare with.

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startBrowser, assertNoProblems, waitReport, chooseFile, tempDir, writeFile, haveOnlineRetail, ONLINE_RETAIL_GZ } from './helpers.mjs';
import { CLI, needCli, close, downloadCsv } from './segment-helpers.mjs';
import { assertFitsPhone } from './phone.mjs';
import fs from 'node:fs';

/** The CLI's comparison of `file` with `args`. */
const cliCompare = (file, ...args) => JSON.parse(execFileSync(CLI, ['compare', file, ...args, '--json'], { maxBuffer: 64 << 20 }).toString());

/** Waits for the Overview's comparison to be shown (the section's data-compare), asked for after `seq`. */
async function waitCompare(page) {
  await page.waitForFunction(() => ['done', 'error'].includes(document.getElementById('overview-compare')?.dataset.compare), null, { timeout: 120_000 });
  const s = await page.evaluate(() => document.getElementById('overview-compare').dataset.compare);
  if (s !== 'done') assert.fail(`no comparison: ${await page.locator('#compare-error').innerText()}`);
}

/** The comparison table's rows: each cell's raw number (data-value) or null when it shows none. */
function tableRows(page) {
  return page.$$eval('#compare-table tbody tr', (trs) =>
    trs.map((tr) => Object.fromEntries([...tr.querySelectorAll('td[data-col]')].map((c) => [c.dataset.col, c.dataset.value === undefined ? null : Number(c.dataset.value)]))),
  );
}

/** Asserts the page's table and migration equal the CLI's report `r`. */
async function sameAsCli(page, r) {
  const shown = await tableRows(page);
  assert.equal(shown.length, r.changes.length);
  r.changes.forEach((c, i) => {
    const row = shown[i];
    for (const k of ['current', 'previous', 'year_ago']) {
      if (c[k] === null || c[k] === undefined) assert.equal(row[k] ?? null, null, `${c.metric} ${k}`);
      else close(row[k], c[k], `${c.metric} ${k}`);
    }
    const ch = c.vs_previous;
    const want = ch ? (ch.relative ?? ch.absolute) : null;
    if (want === null) assert.equal(row.vs_previous, null, `${c.metric} change`);
    else close(row.vs_previous, want, `${c.metric} change`);
  });
  // The matrix: every row with someone in it, each shown column's count.
  const cells = await page.$$eval('#compare-migration tbody tr', (trs) => trs.map((tr) => ({ from: tr.dataset.from, cells: Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.col, Number(td.dataset.value)])) })));
  const m = r.migration;
  const want = m.rows.filter((row) => row.customers.some((n) => n > 0));
  assert.equal(cells.length, want.length);
  want.forEach((row, i) => {
    assert.equal(cells[i].from, row.from ?? 'new');
    m.segments.forEach((s, k) => {
      if (s in cells[i].cells) assert.equal(cells[i].cells[s], row.customers[k], `${row.from} → ${s}`);
      else assert.equal(row.customers[k], 0);
    });
  });
  const summary = await page.evaluate(() => document.getElementById('compare-migration-summary').dataset);
  assert.deepEqual([Number(summary.improved), Number(summary.worsened)], [m.improved, m.worsened]);
}

describe('Compare periods on the Overview', () => {
  let browser;
  let page;
  let dir;
  before(async () => {
    browser = await startBrowser();
    dir = tempDir();
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => assertNoProblems(browser));

  it('shows Online Retail’s November 2011 against October as the command line does, then quarters and a partial month', { timeout: 300_000 }, async (t) => {
    if (!haveOnlineRetail(t) || !needCli(t)) return;
    await chooseFile(page, ONLINE_RETAIL_GZ);
    await waitReport(page, 180_000);
    await waitCompare(page);
    const r = cliCompare(ONLINE_RETAIL_GZ);
    assert.equal(r.current.period, '2011-11');
    // What changed most comes first, in words, with the CLI's metric.
    const headline = page.locator('#compare-headline');
    assert.equal(await headline.getAttribute('data-metric'), r.headline.metric);
    assert.match(await headline.innerText(), /^Orders grew the most: up 37\.7\s?% on Oct 2011 \(2,657 against 1,929\)\.$/);
    assert.match(await page.locator('#compare-chosen').innerText(), /^Nov 2011 is the latest period the file covers completely; Dec 2011 is left out, as the file has only 9 of its 31 days\./);
    assert.match(await page.locator('#compare-table thead').innerText(), /A year earlier: Nov 2010 \(not in the file\)/);
    await sameAsCli(page, r);
    // The table's CSV: each change absolute and relative, as the CLI's JSON has them.
    const [head, ...lines] = await downloadCsv(page, 'compare-month');
    assert.deepEqual(head, ['metric', 'current', 'previous', 'vs_previous_absolute', 'vs_previous_relative', 'year_ago', 'vs_year_ago_absolute', 'vs_year_ago_relative']);
    assert.deepEqual(lines.map((l) => l[0]), r.changes.map((c) => c.metric));
    lines.forEach((l, i) => {
      const c = r.changes[i];
      close(Number(l[1]), c.current, `${c.metric} in the CSV`);
      close(Number(l[4]), c.vs_previous.relative, `${c.metric}'s change in the CSV`);
      assert.equal(l[5], '', 'November 2010 is not in the file: empty, not 0');
    });

    // Quarters: 2011-Q3 against 2011-Q2.
    await page.check('#compare-period-quarter');
    await page.waitForFunction(() => document.getElementById('overview-compare')?.dataset.compare === 'busy' || document.querySelector('#compare-table thead')?.textContent.includes('Q3 2011'));
    await waitCompare(page);
    await page.waitForFunction(() => document.querySelector('#compare-table thead')?.textContent.includes('Q3 2011'));
    await sameAsCli(page, cliCompare(ONLINE_RETAIL_GZ, '--period', 'quarter'));

    // A month chosen by hand: the partial December, flagged.
    await page.check('#compare-period-month');
    await page.waitForFunction(() => document.querySelector('#compare-table thead')?.textContent.includes('Nov 2011'));
    await page.selectOption('#compare-at', '2011-12');
    await page.waitForFunction(() => document.getElementById('compare-chosen')?.textContent.startsWith('Dec 2011, as chosen'));
    await waitCompare(page);
    const d = cliCompare(ONLINE_RETAIL_GZ, '--at', '2011-12');
    await sameAsCli(page, d);
    assert.match(await page.locator('.compare-notes').innerText(), /Dec 2011 is only partly in the file \(9 of 31 days\)/);
    assert.equal(await page.locator('#compare-headline').getAttribute('data-code'), 'partial');
    assert.match(await page.locator('#compare-headline').innerText(), /^Dec 2011 is only partly in the file, so no change is read from it/);

    // Portuguese (Brazil): the section's words come from pt.js.
    await page.selectOption('#language', 'pt');
    await page.waitForFunction(() => document.documentElement.lang.startsWith('pt'));
    const pt = (await import('../../www/i18n/pt.js')).default;
    assert.equal(await page.locator('#overview-compare-title').innerText(), pt['compare.title']);
    assert.match(await page.locator('#compare-chosen').innerText(), /^dez\. de 2011, conforme escolhido\./);
    assert.equal(await page.locator('#compare-migration caption').innerText(), pt['compare.migration.caption']);
    await page.selectOption('#language', 'en');

    // A phone: the section, its table and its matrix fit 390 px (the tables scroll inside their boxes).
    await assertFitsPhone(page, ['#overview-compare', '#compare-headline', '.compare-controls', '#overview-compare .table-box', '#compare-migration-box']);
  });

  it('says a file of one month has nothing earlier to compare with', { timeout: 60_000 }, async (t) => {
    if (!needCli(t)) return;
    const file = writeFile(dir, 'one-month.csv', 'InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,A,1,2011-03-01,5.00,a\n2,A,2,2011-03-31,7.00,b\n3,B,1,2011-03-15,4.00,a\n');
    const p = await browser.newPage();
    await chooseFile(p, file);
    await waitReport(p);
    await waitCompare(p);
    const r = cliCompare(file);
    assert.equal(r.headline.code, 'no_base');
    assert.equal(await p.locator('#compare-headline').innerText(), 'There is no earlier period wholly in the file to compare Mar 2011 with.');
    const notes = await p.$$eval('.compare-notes li', (lis) => lis.map((li) => li.dataset.code));
    assert.deepEqual(notes, ['compare_first_in_file', 'compare_no_previous', 'compare_no_year_ago']);
    await sameAsCli(p, r);
  });
});
