// Accessibility and safety of the page: axe-core (node_modules/axe-core, evaluated in the page) finds no
// serious or critical violation on any view in the light and the dark theme; and a file whose customer
// and item names are HTML shows them as text everywhere (no element made from them, no script run).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { waitReport, writeFile, ROOT, browserSuite } from './helpers.mjs';
import { waitSegmentsDone } from './segment-helpers.mjs';

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const VIEWS = ['overview', 'data', 'segments', 'baskets', 'sequences', 'value', 'predict', 'profiles', 'glossary'];

/** Serious and critical axe violations on the page as it is, as readable lines. */
async function axeProblems(page) {
  // Evaluated, not added as a <script>: the page's Content-Security-Policy (script-src 'self') would block an inline script.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join('')}`) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.join(' | ')}`);
}

const HTML_NAME = '<img src=x onerror=alert(1)>';

describe('accessibility and safety', () => {
  let browser;
  let dir;
  browserSuite((b, d) => {
    browser = b;
    dir = d;
  });

  it('has no serious or critical axe violation on any view, in both themes', { timeout: 180_000 }, async () => {
    const page = await browser.newPage();
    // Before a file: the start page.
    assert.deepEqual(await axeProblems(page), [], 'the empty page');
    await page.click('#sample');
    await waitReport(page);
    await waitSegmentsDone(page);
    for (const theme of ['light', 'dark']) {
      await page.selectOption('#theme', theme);
      for (const view of VIEWS) {
        await page.click(`#tab-${view}`);
        await page.locator(`#view-${view}`).waitFor({ state: 'visible' });
        // Open the definitions and the customer list too, so that they are checked.
        if (view === 'overview') await page.locator('#overview-figures button.explain').first().click();
        if (view === 'segments') {
          await page.click('#rfm-segments-table tbody tr[data-pick] >> nth=0');
          await page.waitForFunction(() => document.querySelectorAll('#customer-list-table tbody tr').length > 0);
        }
        assert.deepEqual(await axeProblems(page), [], `${view} view, ${theme} theme`);
      }
    }
    await page.selectOption('#theme', 'system');
    await page.close();
  });

  it('shows customer and item names that are HTML as text, everywhere', async () => {
    const dialogs = [];
    const page = await browser.newPage('#data');
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss().catch(() => {});
    });
    const rows = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID'];
    for (let i = 0; i < 12; i++) rows.push(`${100 + i},"${HTML_NAME}","${HTML_NAME}",${1 + (i % 3)},2011-0${1 + (i % 9)}-0${1 + (i % 9)} 10:00,2.50,"${i % 2 ? HTML_NAME : `c${i}`}"`);
    rows.push(`999,"${HTML_NAME}","${HTML_NAME}",x,2011-02-02 10:00,2.50,"${HTML_NAME}"`); // rejected: its text is shown
    await page.setInputFiles('#file', writeFile(dir, 'html-names.csv', `${rows.join('\n')}\n`));
    await waitReport(page);
    await waitSegmentsDone(page);
    // The data report: column examples and the rejected line show the text.
    assert.ok((await page.locator('#mapping').innerText()).includes(HTML_NAME), 'column examples');
    assert.ok((await page.locator('#rejections').innerText()).includes(HTML_NAME), 'rejected line');
    // The Segments view: the customer list of every customer, and the threshold triggers (customer names).
    await page.click('#tab-segments');
    await page.click('#lifecycle-table tbody tr[data-pick] >> nth=0').catch(() => {});
    await page.click('#rfm-segments-table tbody tr[data-pick]:not(.empty) >> nth=0');
    await page.waitForFunction(() => document.querySelectorAll('#customer-list-table tbody tr').length > 0);
    const listed = await page.locator('#customer-list-table tbody').innerText();
    // The list may hold the plain-named customers only; all segments are looked at until the name shows.
    let seen = listed.includes(HTML_NAME);
    for (let i = 1; !seen && i < 11; i++) {
      const row = page.locator(`#rfm-segments-table tbody tr[data-pick] >> nth=${i}`);
      if ((await row.getAttribute('class'))?.includes('empty')) continue;
      await row.click();
      await page.waitForFunction(() => /customers|No customers/.test(document.getElementById('customer-list-status').textContent));
      seen = (await page.locator('#customer-list-table tbody').innerText()).includes(HTML_NAME);
    }
    assert.ok(seen, 'a customer named like HTML is listed as text');
    for (const view of VIEWS) await page.click(`#tab-${view}`);
    // No element was made from the file's text, and nothing ran.
    assert.equal(await page.locator('img').count(), 0, 'no <img> in the page');
    assert.equal(await page.evaluate(() => document.querySelectorAll('[onerror]').length), 0);
    await page.waitForTimeout(200);
    assert.deepEqual(dialogs, [], 'no dialog opened');
    await page.close();
  });
});
