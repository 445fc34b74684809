// Money in the browser region's currency until the user chooses (issue 20, item 9): a Brazilian browser
// sees R$, a German one €, and "None (plain numbers)" once chosen is remembered over the region's default.
// Each case starts a browser with that language and no remembered currency (`currency: null`).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, waitReport, assertNoProblems } from './helpers.mjs';

async function revenueText(page) {
  await page.click('#sample');
  await waitReport(page);
  const cell = page.locator('[data-key="ov.revenue"]');
  await cell.waitFor();
  return cell.textContent();
}

describe('currency from the browser region', () => {
  for (const [locale, code, symbol] of [
    ['pt-BR', 'BRL', 'R$'],
    ['de-DE', 'EUR', '€'],
  ]) {
    it(`${locale}: ${code} until another is chosen`, { timeout: 120_000 }, async () => {
      const browser = await startBrowser({ locale, currency: null });
      try {
        const page = await browser.newPage();
        assert.equal(await page.locator('#currency').inputValue(), code);
        assert.ok((await revenueText(page)).includes(symbol), `the revenue is shown in ${code}`);
        // "None" is remembered: the next visit shows plain numbers, not the region's currency.
        await page.selectOption('#currency', '');
        await page.waitForFunction((s) => !document.querySelector('[data-key="ov.revenue"]').textContent.includes(s), symbol);
        const again = await browser.newPage();
        assert.equal(await again.locator('#currency').inputValue(), '');
        assert.ok(!(await revenueText(again)).includes(symbol));
        assertNoProblems(browser);
      } finally {
        await browser.close();
      }
    });
  }

  it('offers the region’s currency when the list does not have it (de-CH: CHF)', { timeout: 60_000 }, async () => {
    const browser = await startBrowser({ locale: 'de-CH', currency: null });
    try {
      const page = await browser.newPage();
      assert.equal(await page.locator('#currency').inputValue(), 'CHF');
      assertNoProblems(browser);
    } finally {
      await browser.close();
    }
  });
});
