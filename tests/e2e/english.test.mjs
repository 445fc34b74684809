// No English left on a page in another language (issue 20, item 9; issue 17, item 2): every view — the
// Overview, Segments, Data, Value, Predict, Profiles, Baskets, Sequences and the Glossary. The core states rules, notes and warnings in English for the command line
// and sends them as codes with parameters (src/notice.rs); the page words them (www/notice.js,
// www/views/segments/life.js). Text is read as a user sees it — visible text nodes, leaving out data (table
// cells, chart labels, code) — and checked for English function words, which no other language of the
// page uses. Besides the sample, files that make the Data view say more: rejected rows, a question about
// the date order, a decimal comma, and a platform's export.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { waitReport, browserSuite, chooseFile } from './helpers.mjs';
import { waitSegmentsDone } from './segment-helpers.mjs';

// Whole words only, letters of every script counting as word characters ("fiéis" has no "is").
const DATA = path.resolve(import.meta.dirname, '..', 'data');
const LANGUAGES = ['cs', 'es', 'pt', 'ru', 'zh-Hant'];
const ENGLISH = /(?<!\p{L})(the|and|with|of|are|is|from|your|this|than|when|each)(?!\p{L})/iu;

/** Visible text of view `id` outside data, as sentences that contain an English function word. */
function englishIn([id, pattern]) {
  const re = new RegExp(pattern, 'iu');
  const out = new Set();
  const root = document.getElementById(`view-${id}`);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('[hidden], script, style, tbody td, tbody th, option, code, svg, canvas, .u-legend')) continue;
    if (!el.getClientRects().length) continue;
    const s = n.textContent.trim();
    if (s && re.test(s)) out.add(s.slice(0, 160));
  }
  return [...out];
}

describe('no English in another language', () => {
  let browser;
  browserSuite((b) => {
    browser = b;
  });

  it('shows the Overview, Segments, Data, Value and Predict views without English in the five other languages', { timeout: 240_000 }, async () => {
    const page = await browser.newPage('#segments');
    await page.click('#sample');
    await waitReport(page);
    await waitSegmentsDone(page);
    await page.click('#tab-value');
    await page.waitForFunction(() => ['done', 'error'].includes(document.getElementById('view-value')?.dataset.clv), null, { timeout: 90_000 });
    assert.equal(await page.evaluate(() => document.getElementById('view-value').dataset.clv), 'done');
    // The check itself finds English: in English.
    assert.ok((await page.evaluate(englishIn, ['value', ENGLISH.source])).length > 5, 'the English Value view has English');
    await page.click('#tab-predict');
    await page.waitForFunction(() => ['done', 'error'].includes(document.getElementById('view-predict')?.dataset.predict) && ['done', 'error'].includes(document.getElementById('view-predict')?.dataset.forecast), null, { timeout: 90_000 });
    assert.ok((await page.evaluate(englishIn, ['predict', ENGLISH.source])).length > 5, 'the English Predict view has English');
    await page.click('#tab-segments');
    assert.ok((await page.evaluate(englishIn, ['segments', ENGLISH.source])).length > 5, 'the English page has English');
    for (const lang of LANGUAGES) {
      await page.selectOption('#language', lang);
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      for (const id of ['overview', 'segments', 'data', 'value', 'predict']) {
        await page.click(`#tab-${id}`);
        // The Overview's comparison of periods answers after the tab is shown.
        if (id === 'overview') await page.waitForFunction(() => document.getElementById('overview-compare')?.dataset.compare === 'done', null, { timeout: 60_000 });
        const found = await page.evaluate(englishIn, [id, ENGLISH.source]);
        assert.deepEqual(found, [], `${lang} ${id}`);
      }
    }
  });

  it('shows the Baskets, Sequences and Glossary views without English in the five other languages', { timeout: 240_000 }, async () => {
    const page = await browser.newPage('#baskets');
    await page.selectOption('#language', 'en');
    await page.click('#sample');
    await waitReport(page);
    await page.waitForFunction(() => {
      const v = document.querySelector('#view-baskets .baskets');
      return v && ['done', 'error'].includes(v.dataset.state);
    }, null, { timeout: 90_000 });
    assert.equal(await page.evaluate(() => document.querySelector('#view-baskets .baskets').dataset.state), 'done');
    await page.click('#tab-sequences');
    await page.waitForSelector('#seq-status[data-ms]:not([data-old])', { timeout: 120_000 });
    // The check itself finds English: in English.
    for (const id of ['baskets', 'sequences', 'glossary']) {
      await page.click(`#tab-${id}`);
      assert.ok((await page.evaluate(englishIn, [id, ENGLISH.source])).length > 3, `the English ${id} view has English`);
    }
    for (const lang of LANGUAGES) {
      await page.selectOption('#language', lang);
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      for (const id of ['baskets', 'sequences', 'glossary']) {
        await page.click(`#tab-${id}`);
        const found = await page.evaluate(englishIn, [id, ENGLISH.source]);
        assert.deepEqual(found, [], `${lang} ${id}`);
      }
    }
    await page.selectOption('#language', 'en');
  });

  it('shows the Profiles view with a customers file without English', { timeout: 120_000 }, async () => {
    const page = await browser.newPage('#profiles');
    await page.selectOption('#language', 'en');
    await chooseFile(page, path.join(DATA, 'profile_sales.csv'));
    await waitReport(page);
    await page.waitForFunction(() => document.getElementById('view-profiles')?.dataset.profile === 'done', null, { timeout: 60_000 });
    await page.setInputFiles('#profile-customers-file', path.join(DATA, 'profile_customers.csv'));
    await page.waitForFunction(() => document.getElementById('view-profiles')?.dataset.profile === 'done' && document.getElementById('profile-join'), null, { timeout: 60_000 });
    assert.ok((await page.evaluate(englishIn, ['profiles', ENGLISH.source])).length > 5, 'the English Profiles view has English');
    for (const lang of LANGUAGES) {
      await page.selectOption('#language', lang);
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      const found = await page.evaluate(englishIn, ['profiles', ENGLISH.source]);
      assert.deepEqual(found, [], `${lang} profiles`);
    }
    await page.selectOption('#language', 'en');
  });

  it('shows the Data view of rejected rows, a date question, a decimal comma and platform exports without English', { timeout: 180_000 }, async () => {
    const page = await browser.newPage('#data');
    const files = ['rejects.csv', 'ambiguous_dates.csv', 'semicolon_german.csv', 'windows1252.csv', 'exports/shopify_orders.csv', 'exports/stripe_payments.csv', 'exports/woocommerce_orders.csv'];
    for (const f of files) {
      await page.selectOption('#language', 'en');
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      await chooseFile(page, path.join(DATA, f));
      await waitReport(page);
      await page.click('#tab-data');
      const codes = await page.$$eval('#notes li, #warnings li', (ls) => ls.map((l) => l.dataset.code));
      assert.ok(codes.length > 0 && codes.every(Boolean), `${f}: every note has a code: ${codes}`);
      for (const lang of LANGUAGES) {
        await page.selectOption('#language', lang);
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
        const found = await page.evaluate(englishIn, ['data', ENGLISH.source]);
        assert.deepEqual(found, [], `${lang} ${f}`);
      }
    }
  });
});
