// The engine starts while the page loads (www/boot.js, issue "fast from the first second", item 1): the
// worker and its wasm are requested before the page's own modules have arrived, the page takes that worker
// (one engine, not two) and hears what it said before main.js listened — its start, and a start that failed.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, waitReport, writeFile, keyText } from './helpers.mjs';

/** How long a module of the page is held back in these tests. */
const HELD_MS = 1500;
/** When `late` last served the module it held back. */
let served = 0;
/** Serves the page's views module HELD_MS late: main.js waits for it, boot.js does not. */
const late = async (route) => {
  await new Promise((r) => setTimeout(r, HELD_MS));
  served = Date.now();
  await route.continue();
};

describe('the engine starts while the page loads', () => {
  let browser;
  let dir;
  browserSuite((b, d) => {
    browser = b;
    dir = d;
  });

  it('asks for the engine before the page has its modules, and uses that one engine', async () => {
    // main.js's views arrive HELD_MS late: the engine's wasm must be asked for before they are served.
    const seen = [];
    const onRequest = (r) => seen.push({ url: r.url(), at: Date.now() });
    browser.context.on('request', onRequest);
    served = 0;
    await browser.context.route('**/views/index.js', late);
    try {
      const page = await browser.newPage();
      await page.waitForFunction(() => document.body.dataset.engines === '1');
      const wasm = seen.find((s) => s.url.endsWith('/pkg/clientela_bg.wasm'));
      assert.ok(wasm, 'the engine was asked for');
      assert.ok(served > 0 && wasm.at < served, `the engine (${wasm?.at}) was asked for before the held module was served (${served})`);
      // One engine for the whole page, and it answers: a file reads.
      const file = writeFile(dir, 'early.csv', 'InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,A,1,2011-01-03,2.5,c1\n2,B,2,2011-02-03,1.5,c2\n');
      await page.setInputFiles('#file', file);
      await waitReport(page);
      assert.equal(await keyText(page, 'rows.total'), '2');
      assert.equal(await page.evaluate(() => document.body.dataset.engines), '1', 'no second engine was started');
      assert.equal(seen.filter((s) => s.url.endsWith('/worker.js')).length, 1, 'the worker script was fetched once');
      await page.close();
    } finally {
      await browser.context.unroute('**/views/index.js', late);
      browser.context.off('request', onRequest);
    }
  });

  it('hears what the engine said before the page listened: its defaults, and a failed start', async () => {
    // The engine's first message (its forms' defaults) arrives while main.js is held back; the page must
    // still have it: the Value view's form shows the core's default discount rate.
    await browser.context.route('**/views/index.js', late);
    try {
      const page = await browser.newPage();
      await page.waitForFunction(() => document.body.dataset.engines === '1');
      const file = writeFile(dir, 'defaults.csv', 'InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,A,1,2011-01-03,2.5,c1\n1,B,1,2011-01-03,1.5,c1\n2,A,2,2011-02-03,2.5,c2\n');
      await page.setInputFiles('#file', file);
      await waitReport(page);
      // The Baskets view's form starts from the core's minimum support (defaults.js): without READY's
      // defaults there would be no form, and a page error.
      await page.click('#tab-baskets');
      const support = Number(await page.locator('#basket-min-support').inputValue());
      assert.ok(support > 0 && support <= 1, `the core's default minimum support (${support})`);
      await page.close();
    } finally {
      await browser.context.unroute('**/views/index.js', late);
    }

    // A wasm that cannot start, its error sent while main.js is held back: the page says so.
    const broken = (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from('not a wasm module') });
    await browser.context.route('**/clientela_bg.wasm', broken);
    await browser.context.route('**/views/index.js', late);
    try {
      const page = await browser.context.newPage();
      await page.goto(browser.url);
      await page.waitForFunction(() => document.body.dataset.state === 'error', null, { timeout: 30_000 });
      assert.equal(await page.locator('#error').getAttribute('data-code'), 'engine');
      await page.close();
    } finally {
      await browser.context.unroute('**/views/index.js', late);
      await browser.context.unroute('**/clientela_bg.wasm', broken);
    }
    // The broken engine's start is a reported problem of the page, expected here.
    browser.problems.splice(0);
  });
});
