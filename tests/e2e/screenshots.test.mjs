// Screenshots of the main views for the README (docs/screenshots/*.png, 1280 × 800, light theme, English,
// the sample shop). Run again after a change of the page to refresh them.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startBrowser, assertNoProblems, waitReport, ROOT } from './helpers.mjs';
import { waitSegmentsDone } from './segment-helpers.mjs';

const OUT = path.join(ROOT, 'docs', 'screenshots');

describe('README screenshots', () => {
  let browser;
  before(async () => {
    browser = await startBrowser();
  });
  after(() => browser?.close());

  it('writes overview.png, segments.png, data.png, baskets.png, sequences.png and value.png', async () => {
    fs.mkdirSync(OUT, { recursive: true });
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    await page.selectOption('#language', 'en');
    await page.selectOption('#theme', 'light');
    await page.click('#sample');
    await waitReport(page);
    await waitSegmentsDone(page);
    const views = [
      ['overview', '#overview-figures'], ['segments', '#seg-rfm'], ['data', '#report'],
      ['baskets', '#view-baskets table'], ['sequences', '#view-sequences table'], ['value', '#view-value table:visible'],
    ];
    for (const [view, anchor] of views) {
      await page.click(`#tab-${view}`);
      await page.locator(anchor).first().waitFor({ state: 'visible', timeout: 60_000 });
      // The read and segmentation times change from run to run: left out, so the pictures stay the same.
      await page.evaluate(() => {
        document.getElementById('timing').hidden = true;
        document.getElementById('segments-status').textContent = '';
        for (const id of ['baskets-status', 'seq-status', 'value-status']) {
          const e = document.getElementById(id);
          if (e) e.textContent = '';
        }
      });
      // The view's first section at the top of the picture; charts drawn.
      await page.locator('#views').evaluate((e) => e.scrollIntoView());
      await page.waitForTimeout(300);
      const file = path.join(OUT, `${view}.png`);
      await page.screenshot({ path: file });
      const bytes = fs.readFileSync(file);
      assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
      assert.equal(bytes.readUInt32BE(16), 1280);
      assert.equal(bytes.readUInt32BE(20), 800);
    }
    assertNoProblems(browser);
    await page.close();
  });
});
