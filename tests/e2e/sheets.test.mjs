// Spreadsheets in the page: the workbook fixtures of tests/data/sheets (see the README there for how they
// were made and tests/sheets.rs for the hand-worked figures) read from the file input, and the sheet select
// of the Data view reading another sheet.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { waitReport, waitSettled, keyText, browserSuite, ROOT } from './helpers.mjs';

const SHEETS = path.join(ROOT, 'tests', 'data', 'sheets');

describe('spreadsheets', () => {
  let browser;
  browserSuite((b) => {
    browser = b;
  });

  it('reads the first sheet with data of an .xlsx and accounts for every sheet row', async () => {
    const page = await browser.newPage('#data');
    await page.setInputFiles('#file', path.join(SHEETS, 'orders.xlsx'));
    await waitReport(page);
    // Sheet "Orders": 26 lines of invoices 536365-536369 and the empty sheet row 12 (tests/sheets.rs).
    assert.equal(await keyText(page, 'rows.total'), '27');
    assert.equal(await keyText(page, 'rows.used'), '26');
    assert.equal(await keyText(page, 'rows.rejected'), '1');
    assert.equal(await keyText(page, 'summary.customers'), '2');
    assert.equal(await keyText(page, 'summary.orders'), '5');
    assert.equal(await keyText(page, 'summary.revenue'), '527.95');
    assert.match(await keyText(page, 'source.sheet'), /Orders.*xlsx/);
    const empty = page.locator('.rejection[data-reason="empty_line"] tbody tr').first();
    assert.equal(await empty.locator('td.line').innerText(), '12', 'the rejection names the sheet row');
    // A workbook has no delimiter, encoding or decimal separator to choose.
    assert.equal(await page.locator('#opt-delimiter').count(), 0);
    assert.equal(await page.locator('#opt-encoding').count(), 0);
    await page.close();
  });

  it('reads another sheet chosen in the mapping editor, and says when a sheet is empty', async () => {
    const page = await browser.newPage('#data');
    await page.setInputFiles('#file', path.join(SHEETS, 'orders.xlsx'));
    await waitReport(page);
    const options = await page.locator('#opt-sheet option').allInnerTexts();
    assert.deepEqual(options.slice(1), ['Notes (0 rows)', 'Orders (28 rows)', 'France (4 rows)']);
    assert.match(options[0], /Automatic: Orders/);

    // "France": invoice 536370, customer 12583, 24×3.75 + 24×3.75 + 12×3.75 = 225.00.
    await page.selectOption('#opt-sheet', 'France');
    await waitReport(page);
    assert.equal(await keyText(page, 'rows.total'), '3');
    assert.equal(await keyText(page, 'summary.customers'), '1');
    assert.equal(await keyText(page, 'summary.revenue'), '225.00');
    assert.match(await keyText(page, 'source.sheet'), /France/);
    assert.equal(await page.locator('#opt-sheet').inputValue(), 'France');

    // The empty sheet: an error that names it; the sheet select stays to choose another.
    await page.selectOption('#opt-sheet', 'Notes');
    assert.equal(await waitSettled(page), 'error');
    assert.equal(await page.locator('#error').getAttribute('data-code'), 'empty_sheet');
    assert.match(await page.locator('#error-text').innerText(), /"Notes" is empty/);
    await page.selectOption('#opt-sheet', 'Orders');
    await waitReport(page);
    assert.equal(await keyText(page, 'summary.revenue'), '527.95');
    await page.close();
  });

  for (const [file, format] of [['orders.xls', 'xls'], ['orders.ods', 'ods']]) {
    it(`reads the same rows from an .${format} file`, async () => {
      const page = await browser.newPage('#data');
      await page.setInputFiles('#file', path.join(SHEETS, file));
      await waitReport(page);
      assert.equal(await keyText(page, 'rows.used'), '26');
      assert.equal(await keyText(page, 'summary.customers'), '2');
      assert.equal(await keyText(page, 'summary.revenue'), '527.95');
      assert.match(await keyText(page, 'source.sheet'), new RegExp(`Orders.*${format}`));
      // One sheet: nothing to choose.
      assert.equal(await page.locator('#opt-sheet').count(), 0);
      await page.close();
    });
  }
});
