// The Segments view: tabs and hash, the segmentation of the sample shop and of the Online Retail file
// (numbers against the command line's `segment --json`), the as-of date, a segmentation error next to a
// good data report, CSV downloads and the charts.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { waitReport, keyText, writeFile, ROOT, ONLINE_RETAIL_GZ, haveOnlineRetail, browserSuite } from './helpers.mjs';
import { CLI, cliSegment, waitSegments, waitSegmentsDone, columnValues, close, downloadCsv } from './segment-helpers.mjs';

/** Online Retail facts from `clientela segment ../shared/data/online_retail.csv.gz --json` (used without the binary). */
const ONLINE_RETAIL = {
  as_of: '2011-12-10',
  customers: 4338,
  revenue: 8911407.904,
  gini: 0.7151396179369514,
  deciles: [{ decile: 1, customers: 434, revenue: 5469382.46, revenue_share: 0.6137506574628901, cumulative_share: 0.6137506574628901 }],
};
/** `clientela segment online_retail.csv.gz --json --as-of 2011-06-01`: customers 2718. */
const ONLINE_RETAIL_JUNE = { as_of: '2011-06-01', customers: 2718 };

/** Every chart has a canvas with a non-zero size. */
async function assertCharts(page) {
  for (const id of ['pareto-chart', 'lorenz-chart']) {
    const canvas = page.locator(`#${id} canvas`).first();
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `${id} has a drawn canvas (${JSON.stringify(box)})`);
    assert.ok((await page.locator(`#${id} figcaption`).innerText()).length > 50, `${id} has a caption`);
  }
}

describe('the Segments view', () => {
  let browser;
  let dir;
  browserSuite((b, d) => {
    browser = b;
    dir = d;
  });

  it('segments the sample shop, with tables, charts, CSV downloads and a tab kept across reloads', async () => {
    const page = await browser.newPage();
    // Without a hash the Overview is shown first.
    assert.equal(await page.locator('#tab-overview').getAttribute('aria-selected'), 'true');
    assert.equal(await page.locator('#view-segments').isHidden(), true);
    await page.click('#sample');
    await waitReport(page);
    await waitSegmentsDone(page);

    // The tab: by keyboard from the Data tab; the hash names it.
    await page.focus('#tab-data');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.locator('#tab-segments').getAttribute('aria-selected'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-segments');
    assert.equal(await page.locator('#view-data').isHidden(), true);
    assert.equal(await page.locator('#view-segments').isVisible(), true);
    assert.equal(new URL(page.url()).hash, '#segments');

    // Headline and tables agree with each other.
    const customers = Number(await page.locator('[data-key="seg.customers"]').getAttribute('data-value'));
    assert.ok(customers > 100, `customers ${customers}`);
    const decileCustomers = await columnValues(page, 'deciles-table', 'customers');
    assert.equal(decileCustomers.length, 10);
    assert.equal(decileCustomers.reduce((a, b) => a + b, 0), customers);
    const shares = await columnValues(page, 'deciles-table', 'revenue_share');
    close(shares.reduce((a, b) => a + b, 0), 1, 'decile shares add up');
    const cumulative = await columnValues(page, 'deciles-table', 'cumulative_share');
    close(cumulative[9], 1, 'last cumulative share');
    assert.equal(await page.locator('#rfm-segments-table tbody tr').count(), 11);
    const segmentCustomers = await columnValues(page, 'rfm-segments-table', 'customers');
    assert.equal(segmentCustomers.reduce((a, b) => a + b, 0), customers);
    assert.match(await page.locator('#rfm-segments-table tbody tr').first().innerText(), /Champions[\s\S]*reward/);
    assert.equal(await page.locator('#rfm-grid-table td.cell').count(), 25);
    const grid = await page.$$eval('#rfm-grid-table td.cell', (cells) => cells.map((c) => [Number(c.dataset.customers), getComputedStyle(c).backgroundColor]));
    assert.equal(grid.reduce((a, [n]) => a + n, 0), customers);
    assert.ok(new Set(grid.map(([, bg]) => bg)).size > 3, 'grid cells are coloured by value');
    assert.equal(await page.locator('#purchase-deciles-table tbody tr').first().locator('td').count(), 10);
    assert.equal(await page.locator('#classes-table tbody tr').count(), 3);
    await assertCharts(page);

    // CSV: parses back to the table's numbers.
    const csv = await downloadCsv(page, 'monetary-deciles');
    assert.deepEqual(csv[0], ['decile', 'customers', 'revenue', 'revenue_share', 'cumulative_share']);
    assert.equal(csv.length, 11);
    assert.deepEqual(csv.slice(1).map((r) => Number(r[1])), decileCustomers);
    assert.deepEqual(csv.slice(1).map((r) => Number(r[3])), shares);
    const segCsv = await downloadCsv(page, 'rfm-segments');
    assert.equal(segCsv.length, 12);
    assert.ok(segCsv[0].includes('meaning') && segCsv[0].includes('customer_share'));
    assert.equal(segCsv[1][0], 'Champions');

    // A reload keeps the Segments tab.
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.state === 'idle');
    assert.equal(await page.locator('#tab-segments').getAttribute('aria-selected'), 'true');
    assert.equal(await page.locator('#view-segments').isVisible(), true);
    assert.equal(await page.locator('#as-of').isDisabled(), true);
    await page.click('#tab-data');
    assert.equal(new URL(page.url()).hash, '#data');
    await page.close();
  });

  it('re-runs only the segmentation when the as-of date changes', async () => {
    const page = await browser.newPage('#segments');
    await page.click('#sample');
    await waitReport(page);
    await waitSegmentsDone(page);
    // `clientela generate --rows 20000 --seed 1` (the same generator as the button) ends in 2024.
    const asOf = await page.locator('#as-of').inputValue();
    assert.match(asOf, /^\d{4}-\d{2}-\d{2}$/);
    const before = Number(await page.locator('[data-key="seg.customers"]').getAttribute('data-value'));
    await page.evaluate(() => {
      document.getElementById('report').firstElementChild.dataset.marker = 'same read';
    });
    await page.fill('#as-of', '2024-06-01');
    await page.click('#as-of-apply');
    await waitSegmentsDone(page);
    const after = Number(await page.locator('[data-key="seg.customers"]').getAttribute('data-value'));
    assert.ok(after < before, `fewer customers as of 2024-06-01 (${after}) than at the end (${before})`);
    assert.match(await page.locator('#seg-headline').innerText(), /up to \(not including\) 2024-06-01/);
    assert.match(await page.locator('#seg-headline').innerText(), /rows dated on or after 2024-06-01 are left out/);
    assert.equal(await page.locator('#report [data-marker="same read"]').count(), 1, 'the file was not read again');
    if (fs.existsSync(CLI)) {
      const sample = path.join(dir, 'sample.csv');
      execFileSync(CLI, ['generate', '--rows', '20000', '--seed', '1', '-o', sample]);
      assert.equal(after, cliSegment(sample, '--as-of', '2024-06-01').customers, 'same customers as the CLI');
    }

    // Back to the default date.
    await page.click('#as-of-reset');
    await waitSegmentsDone(page);
    assert.equal(Number(await page.locator('[data-key="seg.customers"]').getAttribute('data-value')), before);
    assert.equal(await page.locator('#as-of').inputValue(), asOf);

    // A date the core refuses: its message in the view, the data report stays.
    await page.evaluate(() => {
      const input = document.getElementById('as-of');
      input.type = 'text';
      input.value = '2024-13-45';
    });
    await page.click('#as-of-apply');
    assert.equal(await waitSegments(page), 'error');
    assert.match(await page.locator('#segments-error').innerText(), /The as-of date 2024-13-45 cannot be used: expected a date as YYYY-MM-DD/);
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'done');
    await page.close();
  });

  it('shows why a file without customers cannot be segmented, and keeps its data report', async () => {
    const file = writeFile(dir, 'no-customer.csv', 'Order,Date,Item,Qty,Price\n1,2011-01-02,X,1,2.50\n2,2011-01-03,Y,2,1.50\n3,2011-01-04,X,1,2.50\n');
    const page = await browser.newPage('#data');
    await page.setInputFiles('#file', file);
    await waitReport(page);
    assert.equal(await waitSegments(page), 'error');
    assert.equal(await keyText(page, 'rows.used'), '3');
    await page.click('#tab-segments');
    // The view says in one sentence what the file lacks and where to add it (tests/e2e/adapt.test.mjs),
    // in place of its form and the core's message.
    assert.equal(await page.locator('#view-segments').getAttribute('data-lacks'), 'customers');
    const notice = page.locator('#view-segments .lacks-notice');
    assert.match(await notice.innerText(), /no customer column.*column table/s);
    assert.doesNotMatch(await page.locator('#view-segments').innerText(), /--customer-column/);
    assert.equal(await page.locator('#segments-error').isVisible(), false);
    assert.equal(await page.locator('#segments section').count(), 0);
    await page.click('#tab-data');
    assert.equal(await page.locator('#report #rows').isVisible(), true);
    await page.close();
  });

  it('segments the Online Retail file with the numbers of the command line', { timeout: 180_000 }, async (t) => {
    if (!haveOnlineRetail(t)) return;
    const cli = cliSegment(ONLINE_RETAIL_GZ);
    if (!cli) t.diagnostic(`no ${CLI}: comparing with the recorded CLI values`);
    const want = cli ?? ONLINE_RETAIL;
    const page = await browser.newPage('#segments');
    await page.setInputFiles('#file', ONLINE_RETAIL_GZ);
    await waitReport(page, 120_000);
    await waitSegmentsDone(page);

    assert.equal(Number(await page.locator('[data-key="seg.customers"]').getAttribute('data-value')), want.customers);
    close(Number(await page.locator('[data-key="seg.revenue"]').getAttribute('data-value')), want.revenue, 'revenue');
    close(Number(await page.locator('[data-key="seg.gini"]').getAttribute('data-value')), want.gini, 'gini');
    assert.equal(await page.locator('[data-key="seg.gini"]').innerText(), want.gini.toFixed(3));
    assert.equal(await page.locator('#as-of').inputValue(), want.as_of);
    for (const col of ['decile', 'customers', 'revenue', 'revenue_share', 'cumulative_share']) {
      const got = await columnValues(page, 'deciles-table', col);
      assert.equal(got.length, 10);
      want.deciles.forEach((d, i) => close(got[i], d[col], `decile ${d.decile} ${col}`));
    }
    assert.equal(await page.locator('#deciles-table tbody tr').first().locator('[data-col="revenue"]').innerText(), '5,469,382.46');
    if (cli) {
      const rfm = await columnValues(page, 'rfm-segments-table', 'customers');
      assert.deepEqual(rfm, cli.rfm_segments.map((s) => s.customers));
      const grid = await page.$$eval('#rfm-grid-table td.cell', (cells) => cells.map((c) => [Number(c.dataset.r), Number(c.dataset.f), Number(c.dataset.customers)]));
      for (const cell of cli.rfm_grid) assert.ok(grid.some(([r, f, n]) => r === cell.r && f === cell.f && n === cell.customers), `grid cell R${cell.r} F${cell.f}`);
      assert.deepEqual(await columnValues(page, 'purchase-deciles-table', 'customers'), cli.purchase_deciles.map((p) => p.customers));
      assert.deepEqual(await columnValues(page, 'classes-table', 'customers'), cli.profitable_classes.classes.map((c) => c.customers));
    }
    await assertCharts(page);
    const csv = await downloadCsv(page, 'monetary-deciles');
    want.deciles.forEach((d, i) => close(Number(csv[i + 1][2]), d.revenue, `CSV decile ${d.decile} revenue`));

    await page.fill('#as-of', '2011-06-01');
    await page.click('#as-of-apply');
    await waitSegmentsDone(page);
    const june = cli ? cliSegment(ONLINE_RETAIL_GZ, '--as-of', '2011-06-01') : ONLINE_RETAIL_JUNE;
    assert.equal(Number(await page.locator('[data-key="seg.customers"]').getAttribute('data-value')), june.customers);
    await page.close();
  });
});
