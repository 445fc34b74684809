// One set of totals, explained (issue 20, item 4): the Data view counts every used row, the Overview the
// customers with a purchase; where they differ the Overview says why in one line, shows revenue net of
// returns beside gross, and marks a partial month. Every figure below was checked with pandas 2 on the
// same file (the commands are in the comments).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { waitReport, ROOT, ONLINE_RETAIL_GZ, haveOnlineRetail, browserSuite } from './helpers.mjs';
import { waitSegmentsDone } from './segment-helpers.mjs';
import { assertFitsPhone } from './phone.mjs';

const CDNOW = path.join(ROOT, 'tests', 'data', 'cdnow', 'CDNOW_master.txt.gz');
const BASKETS = path.join(ROOT, 'tests', 'data', 'baskets.dat');

/** The raw number (data-value) of the element with data-key `key`. */
const value = async (page, key) => Number(await page.locator(`[data-key="${key}"]`).first().getAttribute('data-value'));
const near = (a, b, what) => assert.ok(Math.abs(a - b) < 0.006, `${what}: page ${a}, pandas ${b}`);

describe('one set of totals, explained', () => {
  let browser;
  browserSuite((b) => {
    browser = b;
  });

  it('Online Retail: Data view and Overview agree with pandas, the difference is said, net beside gross, December 2011 partial', { timeout: 240_000 }, async (t) => {
    if (!haveOnlineRetail(t)) return;
    // pandas: df = pd.read_csv('online_retail.csv.gz', dtype={'InvoiceNo': str, 'CustomerID': str});
    // amt = Quantity * UnitPrice; canc = InvoiceNo.str.startswith('C') | (Quantity < 0);
    // purch = ~canc & (Quantity > 0) & (UnitPrice > 0); hasc = CustomerID.notna()
    //   CustomerID.nunique()                          4,372        (Data view: every customer id)
    //   InvoiceNo.nunique()                           25,900       (Data view: every order)
    //   amt[purch].sum()                              10,666,684.54 (Data view: every purchase)
    //   CustomerID[purch & hasc].nunique()            4,338        (Overview)
    //   InvoiceNo[purch & hasc].nunique()             18,532       (Overview)
    //   amt[purch & hasc].sum()                       8,911,407.90 (Overview, gross)
    //   amt[purch & ~hasc].sum()                      1,755,276.64 (purchases without a customer id)
    //   -amt[canc & CustomerID.isin(purchasing)].sum() 600,930.85  (their returns) -> net 8,310,477.05
    //   InvoiceDate max 2011-12-09 12:50 -> December 2011 covers days 1-9; its revenue 518,192.79
    const page = await browser.newPage('#overview');
    await page.setInputFiles('#file', ONLINE_RETAIL_GZ);
    await waitReport(page, 180_000);
    await waitSegmentsDone(page, 120_000);
    assert.equal(await value(page, 'summary.customers'), 4372);
    assert.equal(await value(page, 'summary.orders'), 25900);
    near(await value(page, 'summary.revenue'), 10666684.54, 'Data view revenue');
    assert.equal(await value(page, 'ov.customers'), 4338);
    assert.equal(await value(page, 'ov.orders'), 18532);
    near(await value(page, 'ov.revenue'), 8911407.9, 'Overview gross revenue');
    near(await value(page, 'ov.net_revenue'), 8911407.9 - 600930.85, 'Overview net revenue');
    assert.match(await page.locator('[data-figure="net_revenue"]').innerText(), /600,930\.85/);
    // The one line that says why the Data view's figures are larger, with its numbers.
    const why = await page.locator('#overview-reconcile').innerText();
    for (const n of ['4,372', '25,900', '10,666,684.54', '1,755,276.64']) assert.ok(why.includes(n), `${n} in: ${why}`);
    // December 2011 is marked partial, under the chart and in the table; November is not.
    assert.match(await page.locator('.partial-month[data-month="2011-12"]').innerText(), /1–9\D+31/);
    assert.equal(await page.locator('.partial-month').count(), 1);
    // The chart's own labels (its SVG export is drawn from the same numbers and labels) star the month.
    const [svg] = await Promise.all([page.waitForEvent('download'), page.click('button[data-svg="monthly-chart"]')]);
    const svgText = fs.readFileSync(await svg.path(), 'utf8');
    assert.ok(svgText.includes('Dec 2011*') && !svgText.includes('Nov 2011*'), 'December 2011 starred in the chart');
    const dec = page.locator('#monthly-table tbody tr').last();
    assert.match(await dec.locator('th').textContent(), /Dec 2011 \(days 1–9 only\)/);
    near(Number(await dec.locator('[data-col="revenue"]').getAttribute('data-value')), 518192.79, 'December 2011');
    await assertFitsPhone(page, ['#overview-reconcile', '.partial-month', '[data-figure="net_revenue"]']);
    // The Data view says what its totals count.
    await page.click('#tab-data');
    assert.ok((await page.locator('#summary-scope').innerText()).includes('Overview'));
    await assertFitsPhone(page, ['#summary-scope']);
  });

  it('CDNOW: no order column is said, not "0 orders"; the Overview counts purchase days', { timeout: 120_000 }, async () => {
    // pandas: df = pd.read_csv('CDNOW_master.txt.gz', sep=r'\s+', header=0, names=['c','d','n','amt'], dtype=str for c, d)
    //   df.c.nunique() 23,570 (Data view); p = df[df.amt > 0]: p.c.nunique() 23,502 (Overview: customers with
    //   a purchase); p.groupby(['c','d']).ngroups 67,511 (Overview: customer-days with a purchase, the orders
    //   of a file without an order column; 67,591 with the 80 zero-value rows); p.amt.sum() 2,500,315.63;
    //   dates 1997-01-01 .. 1998-06-30 (whole months).
    const page = await browser.newPage('#overview');
    await page.setInputFiles('#file', CDNOW);
    await waitReport(page, 120_000);
    await waitSegmentsDone(page, 120_000);
    assert.match(await page.locator('[data-key="summary.orders"]').innerText(), /no order column/);
    assert.equal(await page.locator('[data-key="summary.orders"]').getAttribute('data-value'), null);
    assert.equal(await value(page, 'summary.customers'), 23570);
    near(await value(page, 'summary.revenue'), 2500315.63, 'CDNOW revenue');
    assert.equal(await value(page, 'ov.customers'), 23502);
    assert.equal(await value(page, 'ov.orders'), 67511);
    const why = await page.locator('#overview-reconcile').innerText();
    assert.ok(why.includes('23,570') && /no order column/.test(why), why);
    assert.match(await page.locator('[data-figure="orders"]').innerText(), /purchase day counts as one order/);
    // Whole months from January 1997 to June 1998: nothing is partial.
    assert.equal(await page.locator('.partial-month').count(), 0);
  });

  it('a baskets file: rows are baskets, the kinds table counts items, and it says so', { timeout: 60_000 }, async () => {
    // tests/data/baskets.dat: 8 lines; python: sum(len(l.split()) for l in open(f)) items.
    const text = (await import('node:fs')).readFileSync(BASKETS, 'utf8');
    const lines = text.split('\n').filter((l) => l.trim());
    const items = lines.reduce((a, l) => a + l.trim().split(/\s+/).length, 0);
    const page = await browser.newPage('#data');
    await page.setInputFiles('#file', BASKETS);
    await waitReport(page);
    assert.equal(await value(page, 'rows.used'), lines.length);
    const note = await page.locator('#summary-baskets').innerText();
    assert.ok(note.includes(`${lines.length} rows`) && note.includes(`${items} items`), note);
    assert.equal(await page.locator('[data-key="lines.purchases"]').innerText(), String(items));
  });
});
