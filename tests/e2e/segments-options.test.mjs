// The Segments view's section options on the sample shop: the band period and edges, the migration's split
// date, and the customer list of a spend band, against the command line's `segment --json` with the same
// options when the native binary exists.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { waitReport, ROOT, browserSuite } from './helpers.mjs';
import { CLI, cliSegment, haveCli, waitSegmentsDone as waitSegments, rerun, columnValues } from './segment-helpers.mjs';

const matrix = (page) => page.$$eval('#migration-table td.cell', (tds) => tds.map((td) => Number(td.dataset.value)));

/** `days` days after the date `day` (YYYY-MM-DD). */
function addDays(day, days) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe('the Segments view: section options', () => {
  let browser;
  let dir;
  browserSuite((b, d) => {
    browser = b;
    dir = d;
  });

  it('re-runs with a band period, a split date and band edges, and lists a band’s customers', async (t) => {
    const page = await browser.newPage('#segments');
    await page.click('#sample');
    await waitReport(page);
    await waitSegments(page);
    let sample = null;
    if (haveCli) {
      sample = path.join(dir, 'sample.csv');
      execFileSync(CLI, ['generate', '--rows', '20000', '--seed', '1', '-o', sample]);
    } else t.diagnostic(`no ${CLI}: the numbers are not compared`);

    // Every clickable table says so.
    for (const id of ['seg-rfm', 'seg-classes', 'seg-bands', 'seg-lifecycle', 'seg-clusters']) assert.match(await page.locator(`#${id}`).innerText(), /list (its|their) customers/, id);

    // Band period: week.
    const monthly = await columnValues(page, 'bands-table', 'customers');
    assert.equal(await page.locator('#band-period').inputValue(), 'month');
    await page.selectOption('#band-period', 'week');
    await rerun(page, '#bands-options-apply');
    assert.match(await page.locator('#seg-bands').innerText(), /per week/);
    const weekly = await columnValues(page, 'bands-table', 'customers');
    assert.notDeepEqual(weekly, monthly);
    assert.equal(await page.locator('#band-period').inputValue(), 'week');
    if (sample) {
      const want = cliSegment(sample, '--band-period', 'week');
      assert.deepEqual(weekly, want.spend_bands.bands.map((b) => b.customers));
      assert.deepEqual(await matrix(page), want.band_migration.matrix.flat());
    }

    // Split date: shown as the window midpoint, then moved.
    const mid = await page.locator('#split-date').inputValue();
    assert.match(mid, /^\d{4}-\d{2}-\d{2}$/);
    const before = await matrix(page);
    const split = addDays(mid, -60);
    await page.fill('#split-date', split);
    await rerun(page, '#split-options-apply');
    assert.equal(await page.locator('#split-date').inputValue(), split);
    assert.match(await page.locator('#seg-migration').innerText(), new RegExp(`split on ${split}`));
    const after = await matrix(page);
    assert.notDeepEqual(after, before);
    if (sample) assert.deepEqual(after, cliSegment(sample, '--band-period', 'week', '--split-date', split).band_migration.matrix.flat());

    // A band row opens its customer list; the total is the band's customers.
    const counts = await columnValues(page, 'bands-table', 'customers');
    const biggest = counts.indexOf(Math.max(...counts));
    await page.click(`#bands-table tbody tr >> nth=${biggest}`);
    await page.waitForFunction(() => /of [\d,]+ customers/.test(document.getElementById('customer-list-status').textContent));
    const status = await page.locator('#customer-list-status').innerText();
    assert.equal(Number(/of ([\d,]+) customers/.exec(status)[1].replaceAll(',', '')), counts[biggest]);
    assert.match(await page.locator('#customer-list-title').innerText(), /Spend band/);

    // Bad band edges: the core's message next to the input, the report stays.
    await page.fill('#band-edges', '10,5');
    await page.click('#bands-options-apply');
    await page.locator('#bands-options-error').waitFor({ state: 'visible' });
    assert.match(await page.locator('#bands-options-error').innerText(), /band_edges = 10,5: edges must be strictly increasing/);
    assert.equal(await page.evaluate(() => document.body.dataset.segments), 'done');
    assert.equal(await page.locator('#segments-error').isVisible(), false);
    assert.deepEqual(await columnValues(page, 'bands-table', 'customers'), counts);
    await page.fill('#band-edges', '0, ten');
    await page.press('#band-edges', 'Enter');
    await page.waitForFunction(() => /finite number/.test(document.getElementById('bands-options-error').textContent));
    assert.equal(await page.locator('#segments-error').isVisible(), false);
    // The next re-run keeps the options that worked (week, the split date) and not the rejected edges.
    await page.fill('#band-edges', '');
    await rerun(page, '#bands-options-apply');
    assert.deepEqual(await columnValues(page, 'bands-table', 'customers'), counts);
    assert.equal(await page.locator('#split-date').inputValue(), split);
    // Reset to defaults: monthly bands again.
    await rerun(page, '#bands-options-reset');
    assert.deepEqual(await columnValues(page, 'bands-table', 'customers'), monthly);

    // Lifecycle thresholds and clustering: defaults shown, changed, reset.
    assert.equal(await page.locator('#new-days').inputValue(), '30');
    assert.equal(await page.locator('#lapsed-days').inputValue(), '180');
    assert.equal(await page.locator('#lapse-multiple').inputValue(), '2');
    const stages = await columnValues(page, 'lifecycle-table', 'customers');
    await page.fill('#new-days', '90');
    await rerun(page, '#lifecycle-options-apply');
    assert.notDeepEqual(await columnValues(page, 'lifecycle-table', 'customers'), stages);
    if (sample) assert.equal((await columnValues(page, 'lifecycle-table', 'customers')).reduce((a, b) => a + b, 0), stages.reduce((a, b) => a + b, 0));
    await rerun(page, '#lifecycle-options-reset');
    assert.deepEqual(await columnValues(page, 'lifecycle-table', 'customers'), stages);
    // The clustering's options are with its method, behind "How the groups were found" (open from now on).
    await page.click('#clusters-how > summary');
    await page.fill('#clusters-k-max', '4');
    await rerun(page, '#clusters-options-apply');
    assert.equal(await page.locator('#silhouette-table tbody tr').count(), 3);
    await page.uncheck('#clusters-enabled');
    await rerun(page, '#clusters-options-apply');
    assert.match(await page.locator('#seg-clusters').innerText(), /turned off/);
    await rerun(page, '#clusters-options-reset');
    assert.equal(await page.locator('#silhouette-table tbody tr').count(), 9);
    await page.close();
  });
});
