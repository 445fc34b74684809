// No silent empty answers in the page: a file whose rows are all rejected says why and opens the Data view
// at the column to fix (never an Overview of 0 customers); when most rows are rejected for one reason, one
// sentence above the Overview says so and leads to that column. The files are those of tests/unusable.rs,
// with outcomes worked out by hand there.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitSettled, waitReport, keyText, writeFile, browserSuite } from './helpers.mjs';

/** "Lineitem sku" is read as the item code by its name and is empty on every line (a shop without SKUs): all 3 rows rejected. */
const EMPTY_ITEM_COLUMN =
  'Order,Email,Date,Lineitem sku,Quantity,Price\n' +
  '1001,ann@example.com,2024-01-02,,1,9.50\n' +
  '1002,bob@example.com,2024-01-03,,2,4.00\n' +
  '1003,ann@example.com,2024-02-01,,1,12.00\n';

/** 4 rows, 3 without a date (missing_date, column "Date"); the one left: ann, 2 × 5.00. */
const MOSTLY_UNDATED =
  'Order,Customer,Date,Item,Quantity,Price\n' +
  '1,ann,2024-01-02,tea,2,5.00\n' +
  '2,bob,,tea,1,5.00\n' +
  '3,cid,,cake,1,3.00\n' +
  '4,dan,,tea,1,5.00\n';

/** Every row has one field more than the header (wrong_field_count): rejected, no column to blame. */
const RAGGED =
  'Order,Customer,Date,Item,Quantity,Price\n' +
  '1,ann,2024-01-02,tea,2,5.00,x\n' +
  '2,bob,2024-01-03,tea,1,5.00,y\n' +
  '3,cid,2024-01-04,cake,1,3.00,z\n';

describe('no silent empty answers', () => {
  let browser;
  let dir;
  browserSuite((b, d) => {
    browser = b;
    dir = d;
  });

  it('says why no row could be used and opens the mapping at the column to fix', async () => {
    const page = await browser.newPage('#overview');
    await page.setInputFiles('#file', writeFile(dir, 'orders.csv', EMPTY_ITEM_COLUMN));
    assert.equal(await waitSettled(page), 'error');
    assert.equal(await page.locator('#error').getAttribute('data-code'), 'no_rows_used');
    assert.match(await page.locator('#error-title').innerText(), /No row of this file could be used/);
    const text = await page.locator('#error-text').innerText();
    assert.match(text, /All 3 rows were rejected: in 3 of them the column “Lineitem sku”, read as “Item code”, is empty/);
    assert.doesNotMatch(text, /--/, 'no command-line flag in the page');
    // The report stays (what was rejected and why), the Data view is shown, the column's meaning has the focus.
    assert.equal(await page.evaluate(() => location.hash), '#data');
    assert.equal(await page.locator('#report .report').count(), 1);
    assert.equal(await keyText(page, 'rows.total'), '3');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'role-4');
    assert.equal(await page.locator('tr.to-fix').getAttribute('data-column'), '4');
    // The Overview does not pretend: no figures of 0 customers.
    assert.equal(await page.locator('#overview-figures').count(), 0);

    // The fix the message suggests: that column holds no item, ignore it. 3 purchases, 9.50 + 8.00 + 12.00.
    await page.selectOption('#role-4', 'ignore');
    await waitReport(page);
    assert.equal(await page.locator('#error').isVisible(), false);
    assert.equal(await keyText(page, 'rows.used'), '3');
    await page.close();
  });

  it('says it in the chosen language', async () => {
    const page = await browser.newPage('#data');
    try {
      await page.selectOption('#language', 'pt');
      await page.setInputFiles('#file', writeFile(dir, 'pedidos.csv', EMPTY_ITEM_COLUMN));
      assert.equal(await waitSettled(page), 'error');
      // The language may arrive after the alert: the alert is worded again then.
      await page.waitForFunction(() => /Nenhuma linha deste arquivo pôde ser usada/.test(document.getElementById('error-title')?.textContent ?? ''));
      assert.match(await page.locator('#error-text').innerText(), /coluna “Lineitem sku”/);
    } finally {
      // The choice is remembered in this browser: the next tests read English.
      await page.selectOption('#language', 'en');
      await page.close();
    }
  });

  it('words the alert on screen again when the language changes, and the sentence above the Overview too', async () => {
    const page = await browser.newPage('#data');
    try {
      await page.setInputFiles('#file', writeFile(dir, 'orders-again.csv', EMPTY_ITEM_COLUMN));
      assert.equal(await waitSettled(page), 'error');
      assert.match(await page.locator('#error-title').innerText(), /No row of this file could be used/);
      // Chosen after the alert (or before it, with the language still loading when the alert came).
      await page.selectOption('#language', 'pt');
      await page.waitForFunction(() => /Nenhuma linha deste arquivo pôde ser usada/.test(document.getElementById('error-title')?.textContent ?? ''));
      assert.match(await page.locator('#error-text').innerText(), /coluna “Lineitem sku”/);
      // Rows rejected without a column to blame: the reason in the page's words too.
      await page.setInputFiles('#file', writeFile(dir, 'campos.csv', RAGGED));
      assert.equal(await waitSettled(page), 'error');
      assert.match(await page.locator('#error-text').innerText(), /Todas as 3 linhas foram rejeitadas \(a linha tem/);
      // The reason in the Overview's sentence is the page's words, not the engine's English.
      await page.evaluate(() => (location.hash = '#overview'));
      await page.setInputFiles('#file', writeFile(dir, 'sem-datas.csv', MOSTLY_UNDATED));
      await waitReport(page);
      await page.waitForFunction(() => document.body.dataset.segments === 'done');
      assert.match(
        await page.locator('#overview-rejected').innerText(),
        /75(,0)?\s?% das linhas \(3 de 4\) não foram usadas: a data está vazia \(coluna “Date”\)/,
      );
    } finally {
      await page.selectOption('#language', 'en');
      await page.close();
    }
  });

  it('says when a file has a header and no rows', async () => {
    const page = await browser.newPage('#data');
    await page.setInputFiles('#file', writeFile(dir, 'header-only.csv', 'Order,Customer,Date,Item,Quantity,Price\n'));
    assert.equal(await waitSettled(page), 'error');
    assert.equal(await page.locator('#error').getAttribute('data-code'), 'no_data_rows');
    assert.match(await page.locator('#error-title').innerText(), /no data rows/);
    await page.close();
  });

  it('says above the Overview when most rows were not used, and leads to the column', async () => {
    const page = await browser.newPage('#overview');
    await page.setInputFiles('#file', writeFile(dir, 'undated.csv', MOSTLY_UNDATED));
    await waitReport(page);
    await page.waitForFunction(() => document.body.dataset.segments === 'done');
    const banner = page.locator('#overview-rejected');
    assert.match(await banner.innerText(), /75(\.0)?\s?% of the rows \(3 of 4\) were not used: the date is empty \(column “Date”\)/);
    await page.click('#overview-rejected-fix');
    assert.equal(await page.evaluate(() => location.hash), '#data');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'role-3');
    await page.close();
  });
});
