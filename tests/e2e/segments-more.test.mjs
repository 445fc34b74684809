// The rest of the Segments view: spend bands, band migration, lifecycle, high affinity, returning rate,
// cohorts, price sensitivity, clusters, rule-based segments and threshold triggers, on the sample shop and
// on the Online Retail file, against the command line's `segment --json` for the same file and options.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { waitReport, ROOT, ONLINE_RETAIL_GZ, haveOnlineRetail, browserSuite } from './helpers.mjs';
import { CLI, cliSegment, haveCli, waitSegmentsDone as waitSegments, rerun, columnValues, close, parseCsv, downloadCsv } from './segment-helpers.mjs';

/** `clientela segment online_retail.csv.gz --json --trigger-amount 5000 --trigger-days 30`: 51 customers, the first crossing. */
const ONLINE_RETAIL_TRIGGERS = { count: 51, first: { customer: '14944', crossed_at: '2011-11-10 09:09:00' } };

const keyValue = async (page, key) => Number(await page.locator(`[data-key="${key}"]`).getAttribute('data-value'));
async function assertChart(page, id) {
  const canvas = page.locator(`#${id} canvas`).first();
  await canvas.waitFor();
  const box = await canvas.boundingBox();
  assert.ok(box && box.width > 100 && box.height > 100, `${id} has a drawn canvas (${JSON.stringify(box)})`);
  assert.ok((await page.locator(`#${id} figcaption`).innerText()).length > 50, `${id} has a caption`);
}

/** Every new section against a report `want` of the same file and options. */
async function assertSections(page, want) {
  // Spend bands.
  assert.deepEqual(await columnValues(page, 'bands-table', 'customers'), want.spend_bands.bands.map((b) => b.customers));
  (await columnValues(page, 'bands-table', 'revenue_share')).forEach((v, i) => close(v, want.spend_bands.bands[i].revenue_share, `band ${i} revenue share`));
  assert.match(await page.locator('#seg-bands').innerText(), new RegExp(`per ${want.spend_bands.period}`));
  await assertChart(page, 'bands-chart');
  // Band migration: the matrix and the moves.
  const m = want.band_migration;
  const cells = await page.$$eval('#migration-table td.cell', (tds) => tds.map((td) => Number(td.dataset.value)));
  assert.deepEqual(cells, m.matrix.flat());
  for (const k of ['stayed', 'moved_up', 'moved_down', 'started', 'stopped']) assert.equal(await keyValue(page, `migration.${k}`), m[k], k);
  // Lifecycle, high affinity, returning rate.
  assert.deepEqual(await columnValues(page, 'lifecycle-table', 'customers'), want.lifecycle.stages.map((s) => s.customers));
  // The rule that decides the stages, behind "How the stages are decided".
  assert.match(await page.locator('#lifecycle-how').textContent(), /lapsed: more than \d+ days since the last purchase/);
  assert.deepEqual(await columnValues(page, 'affinity-table', 'customers'), [want.high_affinity.customers]);
  assert.deepEqual(await columnValues(page, 'returning-table', 'returning'), want.returning_rate.map((x) => x.returning));
  (await columnValues(page, 'returning-table', 'rate')).forEach((v, i) => close(v, want.returning_rate[i].rate, `returning rate ${i}`));
  await assertChart(page, 'returning-chart');
  // Cohorts: counts and shares, shaded.
  const cohort = await page.$$eval('#cohorts-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td.cell')].map((td) => Number(td.dataset.count))));
  assert.deepEqual(cohort, want.cohorts.rows.map((r) => r.counts));
  assert.equal(await page.locator('#cohorts-table td.cell .count').first().isVisible(), false);
  await page.check('#cohorts-counts');
  assert.equal(await page.locator('#cohorts-table td.cell .count').first().isVisible(), true);
  // Price sensitivity: here only its reason.
  if (want.price_sensitivity === null) assert.match(await page.locator('#price-reason').innerText(), /no discount or list-price column/);
  // Clusters: sizes, centres and the chosen k.
  if (want.clusters) {
    assert.deepEqual(await columnValues(page, 'clusters-table', 'size'), want.clusters.clusters.map((c) => c.size));
    (await columnValues(page, 'clusters-table', 'monetary')).forEach((v, i) => close(v, want.clusters.clusters[i].centre[2], `cluster ${i} monetary`));
    assert.match(await page.locator('#clusters-table tbody').innerText(), new RegExp(want.clusters.clusters[0].description.summary));
    // How the groups were found (k-means, silhouette) is behind a disclosure.
    if (!(await page.locator('#clusters-how').evaluate((d) => d.open))) await page.click('#clusters-how > summary');
    assert.match(await page.locator('#silhouette-table tr.chosen').innerText(), new RegExp(`^${want.clusters.best_k} \\(chosen\\)`));
    await assertChart(page, 'silhouette-chart');
  }
  // The matrix and the cohorts download and parse back.
  const mig = await downloadCsv(page, 'band-migration');
  assert.deepEqual(mig[0], ['before', ...m.labels]);
  assert.deepEqual(mig.slice(1).map((r) => r.slice(1).map(Number)), m.matrix);
  const coh = await downloadCsv(page, 'cohort-retention');
  assert.deepEqual(coh[0], ['cohort', 'cohort_customers', 'months_after', 'customers', 'share']);
  assert.equal(coh.length - 1, want.cohorts.rows.reduce((a, r) => a + r.counts.length, 0));
  assert.deepEqual(coh.filter((r) => r[0] === want.cohorts.rows[0].cohort).map((r) => Number(r[3])), want.cohorts.rows[0].counts);
}

describe('the Segments view: bands, lifecycle, clusters, rules and triggers', () => {
  let browser;
  let dir;
  browserSuite((b, d) => {
    browser = b;
    dir = d;
  });

  it('shows every section of the sample shop with the numbers of the command line', async (t) => {
    const page = await browser.newPage('#segments');
    await page.click('#sample');
    await waitReport(page);
    await waitSegments(page);
    for (const id of ['seg-bands', 'seg-migration', 'seg-lifecycle', 'seg-affinity', 'seg-returning', 'seg-cohorts', 'seg-price', 'seg-clusters', 'seg-rules', 'seg-triggers']) {
      assert.equal(await page.locator(`#${id}`).count(), 1, id);
    }
    // Without rules: the editor with an example and the fields it may use.
    assert.match(await page.locator('#rules-text').inputValue(), /-> "[^"]+"[\s\S]*else "/);
    assert.match(await page.locator('#rules-help').innerText(), /recency_days[\s\S]*m_score/);
    if (!haveCli) {
      t.diagnostic(`no ${CLI}: the numbers are not compared`);
      return page.close();
    }
    const sample = path.join(dir, 'sample.csv');
    execFileSync(CLI, ['generate', '--rows', '20000', '--seed', '1', '-o', sample]);
    await assertSections(page, cliSegment(sample));
    await page.close();
  });

  it('lists the customers of a segment, a stage, a cluster and a rule label, 50 per page, and downloads them all', async () => {
    const page = await browser.newPage('#segments');
    await page.click('#sample');
    await waitReport(page);
    await waitSegments(page);
    const listed = async () => {
      await page.waitForFunction(() => /of [\d,]+ customers|No customers/.test(document.getElementById('customer-list-status').textContent));
      const status = await page.locator('#customer-list-status').innerText();
      return { total: Number(/of ([\d,]+) customers/.exec(status)?.[1].replaceAll(',', '') ?? 0), rows: await page.locator('#customer-list-table tbody tr').count(), status };
    };
    // An RFM segment by click: the total is the table's count, 50 rows a page.
    const champions = (await columnValues(page, 'rfm-segments-table', 'customers'))[0];
    await page.click('#rfm-segments-table tbody tr[data-pick="segment"] >> nth=0');
    let got = await listed();
    assert.equal(got.total, champions);
    assert.equal(got.rows, Math.min(50, champions));
    assert.match(await page.locator('#customer-list-title').innerText(), /Champions/);
    if (champions > 50) {
      await page.click('#customer-list-next');
      await page.waitForFunction(() => /^51–/.test(document.getElementById('customer-list-status').textContent));
      assert.equal(await page.locator('#customer-list-table tbody tr').count(), Math.min(50, champions - 50));
    }
    // A lifecycle stage by keyboard.
    const stages = await columnValues(page, 'lifecycle-table', 'customers');
    await page.focus('#lifecycle-table tbody tr >> nth=1');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /Active/.test(document.getElementById('customer-list-title').textContent));
    got = await listed();
    assert.equal(got.total, stages[1]);
    // A cluster.
    const sizes = await columnValues(page, 'clusters-table', 'size');
    await page.click('#clusters-table tbody tr >> nth=0');
    await page.waitForFunction(() => /Cluster 1/.test(document.getElementById('customer-list-title').textContent));
    assert.equal((await listed()).total, sizes[0]);
    // A rule label, after applying rules (the re-run closes the list).
    await page.fill('#rules-text', 'frequency >= 3 -> "Regular"\nelse "Other"');
    await rerun(page, '#rules-apply');
    assert.equal(await page.locator('#customer-list').isHidden(), true);
    const labels = await columnValues(page, 'rules-table', 'customers');
    await page.click('#rules-table tbody tr >> nth=0');
    await page.waitForFunction(() => /Regular/.test(document.getElementById('customer-list-title').textContent));
    assert.equal((await listed()).total, labels[0]);
    // Every customer as CSV: one row each, with the rule label.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#customers-csv')]);
    assert.match(download.suggestedFilename(), /^[\w.-]+-customers\.csv$/);
    const csv = parseCsv(fs.readFileSync(await download.path(), 'utf8'));
    assert.equal(csv.length - 1, await keyValue(page, 'seg.customers'));
    await page.click('#customer-list-close');
    assert.equal(await page.locator('#customer-list').isHidden(), true);
    await page.close();
  });

  it('applies rules keeping the as-of date, and shows a bad rule’s line and column at the caret', async () => {
    const page = await browser.newPage('#segments');
    await page.click('#sample');
    await waitReport(page);
    await waitSegments(page);
    await page.fill('#as-of', '2024-06-01');
    await rerun(page, '#as-of-apply');
    const rules = 'frequency >= 3 -> "Regular"\nrecency_days > 90 -> "Quiet"\nelse "Other"';
    await page.fill('#rules-text', rules);
    await rerun(page, '#rules-apply');
    assert.match(await page.locator('#seg-headline').innerText(), /up to \(not including\) 2024-06-01/, 'the as-of date stays');
    const labels = await page.$$eval('#rules-table tbody tr th', (ths) => ths.map((th) => th.textContent));
    const counts = await columnValues(page, 'rules-table', 'customers');
    assert.deepEqual(labels, ['Regular', 'Quiet', 'Other']);
    assert.equal(counts.reduce((a, b) => a + b, 0), await keyValue(page, 'seg.customers'));
    assert.equal(await page.locator('#rules-error').isHidden(), true);
    assert.equal(await page.locator('#rules-text').inputValue(), rules, 'the editor keeps the rules');
    if (haveCli) {
      const sample = path.join(dir, 'sample.csv');
      if (!fs.existsSync(sample)) execFileSync(CLI, ['generate', '--rows', '20000', '--seed', '1', '-o', sample]);
      const cli = cliSegment(sample, '--as-of', '2024-06-01', '--rules', rules);
      assert.deepEqual(counts, cli.rule_segments.labels.map((l) => l.customers));
    }

    // An error: line 2, column 11 (the second `>`), the caret moved there.
    await page.fill('#rules-text', 'frequency >= 2 -> "A"\nmonetary >> 5 -> "B"\nelse "C"');
    await rerun(page, '#rules-apply');
    const error = page.locator('#rules-error');
    assert.equal(await error.isVisible(), true);
    assert.match(await error.innerText(), /^Line 2, column 11: expected a number, a field/);
    const caret = await page.evaluate(() => [document.activeElement.id, document.activeElement.selectionStart]);
    assert.deepEqual(caret, ['rules-text', 'frequency >= 2 -> "A"\n'.length + 10]);
    assert.equal(await page.locator('#rules-table').count(), 0);
    await page.close();
  });

  it('finds the Online Retail customers over a threshold, with every section as the command line', { timeout: 240_000 }, async (t) => {
    if (!haveOnlineRetail(t)) return;
    const page = await browser.newPage('#segments');
    await page.setInputFiles('#file', ONLINE_RETAIL_GZ);
    await waitReport(page, 120_000);
    await waitSegments(page);
    assert.equal(await page.locator('#triggers-table').count(), 0);
    await page.fill('#trigger-amount', '5000');
    await page.fill('#trigger-days', '30');
    await rerun(page, '#trigger-apply');
    const customers = await page.$$eval('#triggers-table tbody th', (ths) => ths.map((th) => th.textContent));
    const cli = cliSegment(ONLINE_RETAIL_GZ, '--trigger-amount', '5000', '--trigger-days', '30');
    const want = cli?.triggers ?? null;
    assert.equal(customers.length, ONLINE_RETAIL_TRIGGERS.count);
    assert.equal(customers[0], ONLINE_RETAIL_TRIGGERS.first.customer);
    assert.match(await page.locator('#triggers-table tbody tr').first().innerText(), new RegExp(ONLINE_RETAIL_TRIGGERS.first.crossed_at));
    if (want) {
      assert.deepEqual(customers, want.customers.map((c) => c.customer));
      (await columnValues(page, 'triggers-table', 'total')).forEach((v, i) => close(v, want.customers[i].total, `trigger ${i} total`));
      await assertSections(page, cli);
    } else t.diagnostic(`no ${CLI}: only the recorded trigger facts are compared`);
    const csv = await downloadCsv(page, 'threshold-triggers');
    assert.deepEqual(csv[0], ['customer', 'crossed_at', 'before', 'total']);
    assert.deepEqual(csv.slice(1).map((r) => r[0]), customers);

    // Rules keep the triggers: both sections come back.
    await page.fill('#rules-text', 'frequency >= 10 -> "Regular"\nelse "Other"');
    await rerun(page, '#rules-apply');
    assert.equal(await page.locator('#triggers-table tbody tr').count(), ONLINE_RETAIL_TRIGGERS.count);
    assert.deepEqual(await columnValues(page, 'rules-table', 'customers'), cli ? cliSegment(ONLINE_RETAIL_GZ, '--rules', 'frequency >= 10 -> "Regular"; else "Other"').rule_segments.labels.map((l) => l.customers) : [391, 3947]);
    assert.match(await page.locator('#rules-help').innerText(), /Country \(text\)/);
    await page.close();
  });
});
