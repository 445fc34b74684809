// Whole lists out (issue 20, item 3): a customer list exports every customer of its group, not the page on
// screen, as "<file>-<list>.csv" with plain numbers and RFC 4180 quoting; every table's CSV is named after
// the file; tables over 100 rows show 100 and a "Show more" while their CSV keeps every row.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { waitReport, writeFile, ONLINE_RETAIL_GZ, haveOnlineRetail, browserSuite } from './helpers.mjs';
import { waitSegmentsDone, columnValues, parseCsv } from './segment-helpers.mjs';
import { waitBaskets, runWith } from './basket-helpers.mjs';
import { assertFitsPhone } from './phone.mjs';

/** Clicks `selector`, waits for the download it starts and returns {name, text}. */
async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: d.suggestedFilename(), text: fs.readFileSync(await d.path(), 'utf8') };
}

/** Opens the customer list of the RFM segment row named `name` (its data-pick-value). */
async function openSegmentList(page, name) {
  await page.click(`#rfm-segments-table tbody tr[data-pick="segment"][data-pick-value="${name}"]`);
  await page.waitForFunction(() => /\d/.test(document.getElementById('customer-list-status').textContent) && document.querySelector('#customer-list-table tbody tr'));
}

describe('whole lists out', () => {
  let browser;
  let dir;
  browserSuite((b, d) => {
    browser = b;
    dir = d;
  });

  it('exports the whole At Risk segment of Online Retail, named after the file, numbers plain', { timeout: 240_000 }, async (t) => {
    if (!haveOnlineRetail(t)) return;
    const page = await browser.newPage('#segments');
    await page.setInputFiles('#file', ONLINE_RETAIL_GZ);
    await waitReport(page, 180_000);
    await waitSegmentsDone(page, 120_000);
    // The segment's count and revenue as the RFM table shows them (data-value: the raw numbers).
    const row = page.locator('#rfm-segments-table tbody tr[data-pick-value="At risk"]');
    const count = Number(await row.locator('[data-col="customers"]').getAttribute('data-value'));
    const revenue = Number(await row.locator('[data-col="revenue"]').getAttribute('data-value'));
    assert.ok(count > 100, `At Risk has more customers than a page (${count})`);
    t.diagnostic(`At risk: ${count} customers, revenue ${revenue}`);
    await openSegmentList(page, 'At risk');
    // The list on screen is a page of 50 ...
    assert.equal(await page.locator('#customer-list-table tbody tr').count(), 50);
    // ... with no CSV of that page alone.
    assert.equal(await page.locator('#customer-list button.csv.auto').count(), 0);
    const { name, text } = await download(page, '#customer-list-csv');
    assert.equal(name, 'online_retail-at-risk.csv');
    const [header, ...rows] = parseCsv(text);
    assert.deepEqual(header.slice(0, 9), ['customer', 'first_purchase', 'last_purchase', 'recency_days', 'frequency', 'monetary', 'average_order_value', 'rfm', 'segment']);
    assert.equal(rows.length, count, 'one row per customer of the segment');
    const col = (k) => header.indexOf(k);
    assert.ok(rows.every((r) => r[col('segment')] === 'At risk'));
    // Numbers are plain numbers ("3414.03", never "3,414.03"): each parses, and their sum is the segment's
    // revenue in the RFM table (a different code path: the report's segment table, src/segment/rfm.rs).
    for (const r of rows) for (const k of ['recency_days', 'frequency', 'monetary', 'average_order_value']) assert.match(r[col(k)], /^-?\d+(\.\d+)?(e-?\d+)?$/, `${k} ${r[col(k)]}`);
    const sum = rows.reduce((a, r) => a + Number(r[col('monetary')]), 0);
    assert.ok(Math.abs(sum - revenue) < 0.01, `sum of monetary ${sum} = segment revenue ${revenue}`);
    assert.match(await page.locator('#customer-list-status').innerText(), new RegExp(count.toLocaleString('en')));
    await assertFitsPhone(page, ['#customer-list .pager', '#customer-list-csv']);
    // The same for a lifecycle stage and a cluster: the whole group, named after it.
    for (const [table, by, countCol] of [['lifecycle-table', 'stage', 'customers'], ['clusters-table', 'cluster', 'size']]) {
      const rowOf = page.locator(`#${table} tbody tr[data-pick="${by}"]`).first();
      const value = await rowOf.getAttribute('data-pick-value');
      const n = Number(await rowOf.locator(`[data-col="${countCol}"]`).getAttribute('data-value'));
      await rowOf.click();
      await page.waitForFunction((v) => document.getElementById('customer-list-status').textContent.includes(v), n.toLocaleString('en'));
      const got = await download(page, '#customer-list-csv');
      assert.equal(got.name, by === 'cluster' ? `online_retail-cluster-${Number(value) + 1}.csv` : `online_retail-stage-${value}.csv`);
      const listed = parseCsv(got.text);
      assert.equal(listed.length - 1, n, `${by} ${value}: one row per customer`);
      assert.ok(listed.slice(1).every((r) => r[listed[0].indexOf(by)] === (by === 'cluster' ? String(Number(value) + 1) : value)));
    }
    // The Overview's revenue at risk: its customers (the lapsing stage) listed and exported whole.
    await page.click('#tab-overview');
    const atRisk = Number(/from ([\d,]+) lapsing/.exec(await page.locator('[data-figure="at_risk"]').innerText())[1].replaceAll(',', ''));
    await page.click('#overview-at-risk-list');
    assert.equal(await page.evaluate(() => document.body.dataset.view), 'segments');
    await page.waitForFunction((v) => document.getElementById('customer-list-status').textContent.includes(v), atRisk.toLocaleString('en'));
    const risky = await download(page, '#customer-list-csv');
    assert.equal(risky.name, 'online_retail-revenue-at-risk.csv');
    const riskyRows = parseCsv(risky.text);
    assert.equal(riskyRows.length - 1, atRisk);
    assert.ok(riskyRows.slice(1).every((r) => r[riskyRows[0].indexOf('stage')] === 'lapsing'));
    // Every CSV of the view is named after the file too.
    const rfm = await download(page, '#seg-rfm button[data-csv="rfm-segments"]');
    assert.equal(rfm.name, 'online_retail-rfm-segments.csv');
    // All customers: the full export, with the segment column to filter on.
    const all = await download(page, '#customers-csv');
    assert.equal(all.name, 'online_retail-customers.csv');
    const allRows = parseCsv(all.text);
    assert.ok(allRows[0].includes('segment'));
    assert.equal(allRows.length - 1, Number(await page.locator('[data-key="seg.customers"]').getAttribute('data-value')));
  });

  it('exports a rule segment and the threshold triggers whole, named after the list and the file', { timeout: 120_000 }, async () => {
    const page = await browser.newPage('#segments');
    await page.click('#sample');
    await waitReport(page);
    await waitSegmentsDone(page);
    // Rule segments: the editor's example rules; every label's list downloads all its customers.
    await page.click('#rules-apply');
    await page.waitForFunction(() => document.querySelector('#rules-table tbody tr[data-pick="rule"]') && document.body.dataset.segments === 'done');
    const labels = await page.$$eval('#rules-table tbody tr[data-pick="rule"]', (trs) => trs.map((tr) => ({ label: tr.dataset.pickValue, customers: Number(tr.querySelector('[data-col="customers"]').dataset.value) })));
    const big = labels.reduce((a, b) => (b.customers > a.customers ? b : a));
    assert.ok(big.customers > 50, `a label with more customers than a page: ${JSON.stringify(labels)}`);
    await page.click(`#rules-table tbody tr[data-pick="rule"][data-pick-value="${big.label}"]`);
    await page.waitForFunction((n) => document.getElementById('customer-list-status').textContent.includes(n), big.customers.toLocaleString('en'));
    assert.equal(await page.locator('#customer-list-table tbody tr').count(), 50);
    const rule = await download(page, '#customer-list-csv');
    assert.match(rule.name, new RegExp(`^sample-shop-[\\w-]+-rule-${big.label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}\\.csv$`));
    const ruleRows = parseCsv(rule.text);
    assert.equal(ruleRows.length - 1, big.customers, 'one row per customer of the label');
    assert.ok(ruleRows.slice(1).every((r) => r[ruleRows[0].indexOf('rule')] === big.label));
    // Threshold triggers: every customer who crossed the amount, in the list and in its CSV.
    await page.click('#customer-list-close');
    await page.fill('#trigger-amount', '500');
    await page.fill('#trigger-days', '365');
    await page.click('#trigger-apply');
    await page.waitForFunction(() => document.getElementById('triggers-list') && document.body.dataset.segments === 'done');
    const triggered = Number(await page.locator('#triggers-table').getAttribute('data-rows'));
    assert.ok(triggered > 50, `more triggered customers than a page: ${triggered}`);
    await page.click('#triggers-list');
    await page.waitForFunction(() => document.querySelector('#customer-list-table tbody tr'));
    // Shown a page at a time, exported whole.
    assert.equal(await page.locator('#customer-list-table tbody tr').count(), 50);
    await page.click('#customer-list-next');
    assert.equal(await page.locator('#customer-list-table tbody tr').count(), Math.min(50, triggered - 50));
    const trig = await download(page, '#customer-list-csv');
    assert.match(trig.name, /^sample-shop-[\w-]+-threshold-triggers\.csv$/);
    assert.equal(parseCsv(trig.text).length - 1, triggered);
  });

  it('quotes text by RFC 4180 and guards cells a spreadsheet would run', { timeout: 60_000 }, async () => {
    // Two customers whose ids start with = and + (formula injection) and one with a comma and a quote.
    const csv = [
      'InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID',
      '1,A,1,2024-01-02 10:00,1234.5,=HYPERLINK("x")',
      '2,A,2,2024-01-03 10:00,10,+41',
      '3,A,1,2024-01-04 10:00,3,"Smith, ""Jo"""',
      '4,A,1,2024-02-04 10:00,3,"Smith, ""Jo"""',
    ].join('\n');
    const page = await browser.newPage('#segments');
    await page.setInputFiles('#file', writeFile(dir, 'tricky ids.csv', csv));
    await waitReport(page);
    await waitSegmentsDone(page);
    const first = await page.locator('#rfm-segments-table tbody tr[data-pick="segment"]').evaluateAll((trs) => trs.find((tr) => Number(tr.querySelector('[data-col="customers"]').dataset.value) > 0)?.dataset.pickValue);
    const all = await download(page, '#customers-csv');
    assert.equal(all.name, 'tricky-ids-customers.csv');
    assert.ok(all.text.includes(`"Smith, ""Jo"""`), 'comma and quote: the field quoted, the quote doubled');
    assert.ok(all.text.includes(`"'=HYPERLINK(""x"")"`), 'a leading = gets an apostrophe');
    assert.ok(all.text.includes(`'+41`), 'a leading + gets an apostrophe');
    await openSegmentList(page, first);
    const list = await download(page, '#customer-list-csv');
    const rows = parseCsv(list.text);
    assert.ok(rows.slice(1).every((r) => !/^[=+\-@]/.test(r[0])), 'no list cell starts a formula');
  });

  it('shows 100 rules of a longer Baskets table and more on request; the CSV has them all', { timeout: 240_000 }, async (t) => {
    if (!haveOnlineRetail(t)) return;
    const page = await browser.newPage('#baskets');
    await page.setInputFiles('#file', ONLINE_RETAIL_GZ);
    await waitReport(page, 180_000);
    await waitBaskets(page, 120_000);
    // 0.5 % support gives well over 100 rules on Online Retail.
    assert.equal(await runWith(page, { 'basket-min-support': 0.005, 'basket-min-confidence': 0.3 }), 'done');
    const total = Number(await page.locator('#basket-rules').getAttribute('data-rows'));
    assert.ok(total > 200, `rules: ${total}`);
    assert.equal(await page.locator('#basket-rules tbody tr').count(), 100);
    assert.match(await page.locator('#baskets-rules .table-more').innerText(), new RegExp(`100\\D+${total.toLocaleString('en')}`));
    await assertFitsPhone(page, ['#baskets-rules .table-more']);
    await page.click('#baskets-rules button.more');
    assert.equal(await page.locator('#basket-rules tbody tr').count(), 200);
    // More until every rule is shown; then the button goes.
    while (await page.locator('#baskets-rules button.more').isVisible()) await page.click('#baskets-rules button.more');
    assert.equal(await page.locator('#basket-rules tbody tr').count(), total);
    const { name, text } = await download(page, '#baskets-rules button[data-csv="basket-rules"]');
    assert.equal(name, 'online_retail-basket-rules.csv');
    const rows = parseCsv(text);
    assert.equal(rows.length - 1, total);
    const lift = rows[0].indexOf('lift');
    assert.ok(rows.slice(1).every((r) => Number.isFinite(Number(r[lift]))), 'lift as plain numbers');
  });
});
