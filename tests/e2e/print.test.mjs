// "Print report" prints every view with its analysis (issue 20): the views start their analyses only when
// shown, so a report printed right after reading a file had the Value, Baskets, Sequences and Profiles
// views empty ("waiting"). Now the button runs the analyses of the views never opened and opens the print
// dialog (stubbed here) once every one has answered. On the core's synthetic shop (4,000 rows, seed 5).

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startBrowser, assertNoProblems, waitReport, chooseFile, tempDir, writeFile, sampleCsv } from './helpers.mjs';

describe('printing views never opened', () => {
  let browser;
  let page;
  let dir;
  before(async () => {
    browser = await startBrowser();
    dir = tempDir();
    page = await browser.newPage();
    await chooseFile(page, writeFile(dir, 'shop.csv', Buffer.from(await sampleCsv(4000, 5))));
    await waitReport(page);
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => assertNoProblems(browser));

  it('runs every view’s analysis before the print dialog opens', async () => {
    // Only the Overview has been shown: the other views have not asked for anything.
    assert.equal(await page.locator('#view-value').getAttribute('data-clv'), 'none');
    await page.evaluate(() => {
      window.printed = [];
      window.print = () =>
        window.printed.push({
          clv: document.getElementById('view-value').dataset.clv,
          profile: document.getElementById('view-profiles').dataset.profile,
          baskets: document.querySelector('#view-baskets .baskets')?.dataset.state ?? null,
          sequences: document.getElementById('seq-status')?.dataset.ms !== undefined,
          printAll: document.body.classList.contains('print-all'),
          // What the screen folds behind "details" (model parameters, formulas, timings) is printed open.
          folded: document.querySelectorAll('details.more:not([open])').length,
          details: document.querySelectorAll('details.more').length,
        });
    });
    await page.click('#print');
    await page.waitForFunction(() => window.printed.length === 1, null, { timeout: 120_000 });
    const printed = await page.evaluate(() => window.printed[0]);
    assert.ok(printed.details > 3, `disclosures in the report: ${printed.details}`);
    assert.deepEqual(printed, { clv: 'done', profile: 'done', baskets: 'done', sequences: true, printAll: true, folded: 0, details: printed.details });
    // Folded again on screen after the print.
    await page.waitForFunction(() => document.querySelectorAll('#view-value details.more[open]').length === 0);
    // The button works again afterwards.
    assert.equal(await page.locator('#print').isDisabled(), false);
  });
});
