// No English left on a page in another language (issue 20, item 9), for the views whose words all come
// from the page's translations: the Overview and the Segments view (rules included: the core states them
// in English for the command line, the page words them from their parameters, www/segments-life.js).
// Text is read as a user sees it — visible text nodes, leaving out data (table cells, chart labels, code)
// — and checked for English function words, which no other language of the page uses.
// Still English elsewhere (to do, issue 17 item 2): the Data view's detection notes and the Value view's
// fit warnings and CLV rule, which the core sends as English sentences.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitReport, browserSuite } from './helpers.mjs';
import { waitSegmentsDone } from './segment-helpers.mjs';

// Whole words only, letters of every script counting as word characters ("fiéis" has no "is").
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

  it('shows the Overview and the Segments view without English in the five other languages', { timeout: 180_000 }, async () => {
    const page = await browser.newPage('#segments');
    await page.click('#sample');
    await waitReport(page);
    await waitSegmentsDone(page);
    // The check itself finds English: in English.
    assert.ok((await page.evaluate(englishIn, ['segments', ENGLISH.source])).length > 5, 'the English page has English');
    for (const lang of ['cs', 'es', 'pt', 'ru', 'zh-Hant']) {
      await page.selectOption('#language', lang);
      for (const id of ['overview', 'segments']) {
        await page.click(`#tab-${id}`);
        const found = await page.evaluate(englishIn, [id, ENGLISH.source]);
        assert.deepEqual(found, [], `${lang} ${id}`);
      }
    }
  });
});
