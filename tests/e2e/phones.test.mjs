// Phones (issue 20, item 9): from 360 px up no view scrolls sideways, in every language. Wide content
// (tables, the tab bar) may scroll inside its own box, never the page. The check reads the rendered
// page: the document's scroll width, and every visible element that reaches past the screen's right edge
// without an ancestor that scrolls or clips horizontally.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, waitReport } from './helpers.mjs';
import { waitSegmentsDone } from './segment-helpers.mjs';

const VIEWS = ['overview', 'segments', 'value', 'predict', 'baskets', 'sequences', 'profiles', 'data', 'glossary'];
const LANGUAGES = ['en', 'pt', 'es', 'cs', 'ru', 'zh-Hant'];

/** What sticks out of the screen: [] when the page fits. */
function overflow() {
  const vw = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > vw + 1) out.push(`page ${document.documentElement.scrollWidth} px wide`);
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if (ox !== 'visible') return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('main *, header *, nav *')) {
    if (el.closest('[hidden]') || !el.getClientRects().length) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= vw + 1) continue;
    if (clipped(el)) continue;
    out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')} right ${Math.round(r.right)}`);
    if (out.length > 8) break;
  }
  return out;
}

describe('phones', () => {
  let browser;
  browserSuite((b) => {
    browser = b;
  });

  it('no view scrolls sideways at 360 and 390 px, in any language', { timeout: 600_000 }, async () => {
    const page = await browser.newPage();
    await page.click('#sample');
    await waitReport(page);
    await waitSegmentsDone(page);
    const problems = [];
    for (const width of [360, 390]) {
      await page.setViewportSize({ width, height: 800 });
      for (const lang of LANGUAGES) {
        await page.selectOption('#language', lang);
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
        for (const id of VIEWS) {
          await page.evaluate((v) => (location.hash = `#${v}`), id);
          await page.waitForFunction((v) => !document.getElementById(`view-${v}`).hidden, id);
          // Let the view's analysis answer (Value, Predict, Baskets, Sequences ask when shown).
          await page.waitForFunction(() => !document.querySelector('main [aria-busy="true"]'), null, { timeout: 120_000 }).catch(() => {});
          await page.waitForTimeout(150);
          for (const o of await page.evaluate(overflow)) problems.push(`${width} px ${lang} ${id}: ${o}`);
        }
      }
    }
    await page.setViewportSize({ width: 1200, height: 900 });
    assert.deepEqual(problems, []);
  });

  it('thins out month labels on a narrow chart so that they do not overlap', async () => {
    const page = await browser.newPage();
    const shown = await page.evaluate(async () => {
      const { categoryAxis } = await import('./charts.js');
      const labels = Array.from({ length: 13 }, (_, i) => `Month ${String(i + 1).padStart(2, '0')}`);
      const axis = categoryAxis(labels, 'x');
      const ratio = devicePixelRatio || 1;
      return [1000, 270].map((css) => axis.splits({ bbox: { width: css * ratio } }).length);
    });
    // 13 labels of 8 characters (~70 px each): a 1000 px plot shows 7 (every other), a phone's 270 px 3.
    assert.equal(shown[0], 7);
    assert.ok(shown[1] * 70 <= 270, `${shown[1]} labels on 270 px`);
    assert.ok(shown[1] >= 2);
  });

  it("shows the file's columns one under another on a phone, each name whole, and as a table on a wide screen", async () => {
    const page = await browser.newPage();
    await page.click('#sample');
    await waitReport(page);
    await page.evaluate(() => (location.hash = '#data'));
    await page.waitForFunction(() => !document.getElementById('view-data').hidden);
    // Per column's row: its name cell's width, its name's height in lines, and the box's width.
    const measure = () =>
      page.$$eval('table.columns tbody tr', (rows) =>
        rows.map((tr) => {
          const th = tr.querySelector('th');
          const label = th.querySelector('label');
          const line = parseFloat(getComputedStyle(label).lineHeight) || 20;
          return { name: label.textContent, cell: th.getBoundingClientRect().width, lines: Math.round(label.getBoundingClientRect().height / line), box: tr.closest('.columns-box').getBoundingClientRect().width };
        }),
      );
    await page.setViewportSize({ width: 390, height: 844 });
    const phone = await measure();
    assert.ok(phone.length >= 5, `the sample's columns: ${phone.length}`);
    for (const r of phone) {
      assert.ok(r.cell >= 0.9 * r.box, `${r.name}: its name has the row's width on a phone: ${JSON.stringify(r)}`);
      assert.equal(r.lines, 1, `${r.name}: its name on one line: ${JSON.stringify(r)}`);
    }
    const caption = await page.$eval('table.columns caption', (c) => c.getBoundingClientRect().width / c.closest('.columns-box').getBoundingClientRect().width);
    assert.ok(caption >= 0.9, `the caption has the box's width on a phone: ${caption}`);
    // A wide screen keeps the three columns side by side, with their headings.
    await page.setViewportSize({ width: 1200, height: 900 });
    const wide = await measure();
    for (const r of wide) assert.ok(r.cell < 0.5 * r.box, `${r.name}: one of three columns on a wide screen: ${JSON.stringify(r)}`);
    assert.equal(await page.$$eval('table.columns thead th', (ths) => ths.filter((th) => th.getBoundingClientRect().width > 10).length), 3);
    await page.close();
  });
});
