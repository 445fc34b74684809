// No dead ends (issue 20, item 1): whatever the order of the user's actions — choosing a file again,
// changing a column's meaning, a new as-of date, another language, another view, each without waiting for
// the last to finish — the page settles: the read ends in a report or a message, the segmentation in an
// answer or a message, and every view's own analysis (rules, lifetime value, sequences) in an answer or a
// message when the view is opened. Sequences of actions are drawn from a seeded generator, so a failure
// names its seed and replays the same way.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, sampleCsv, browserSuite, viewSettled } from './helpers.mjs';

const VIEWS = ['overview', 'data', 'segments', 'baskets', 'sequences', 'value'];
const LANGUAGES = ['en', 'cs', 'es', 'pt', 'ru', 'zh-Hant'];

/** A small seeded generator (LCG, as the core's tests use): next(m) is in 0..m-1. */
function rng(seed) {
  let x = BigInt(seed);
  return (m) => {
    x = (x * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return Number((x >> 33n) % BigInt(m));
  };
}

/** Waits until the read and the segmentation have ended, then opens every view and waits for each. */
async function assertSettles(page, seed, log) {
  const where = () => `seed ${seed}, after: ${log.join(' → ')}`;
  try {
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), null, { timeout: 60_000 });
    await page.waitForFunction(() => ['done', 'error', 'none'].includes(document.body.dataset.segments ?? 'none'), null, { timeout: 60_000 });
    for (const id of VIEWS) {
      await page.click(`#tab-${id}`);
      await page.waitForFunction(viewSettled, id, { timeout: 60_000 });
    }
  } catch (e) {
    const state = await page.evaluate(() => ({ ...document.body.dataset }));
    assert.fail(`the page did not settle (${where()}): ${e.message}; body ${JSON.stringify(state)}`);
  }
}

describe('no dead ends', () => {
  let browser;
  let dir;
  browserSuite((b, d) => {
    browser = b;
    dir = d;
  });

  for (const seed of [1, 2, 3]) {
    it(`settles after a random sequence of actions (seed ${seed})`, { timeout: 300_000 }, async () => {
      const files = [writeFile(dir, `shop-a-${seed}.csv`, Buffer.from(await sampleCsv(4000, seed))), writeFile(dir, `shop-b-${seed}.csv`, Buffer.from(await sampleCsv(6000, seed + 10)))];
      const next = rng(seed);
      const page = await browser.newPage('#overview');
      await page.setInputFiles('#file', files[0]);
      const log = ['read a'];
      const actions = {
        async reread() {
          const k = next(2);
          log.push(`read ${'ab'[k]}`);
          await page.setInputFiles('#file', files[k]);
        },
        async view() {
          const id = VIEWS[next(VIEWS.length)];
          log.push(`view ${id}`);
          await page.click(`#tab-${id}`);
        },
        async language() {
          const lang = LANGUAGES[next(LANGUAGES.length)];
          log.push(`language ${lang}`);
          await page.selectOption('#language', lang);
        },
        async role() {
          // Only while a report is shown (the mapping table is drawn from it).
          if ((await page.evaluate(() => document.body.dataset.state)) !== 'done') return;
          await page.click('#tab-data');
          const selects = await page.locator('select[id^="role-"]').count();
          if (!selects) return;
          const k = 1 + next(selects);
          const role = ['ignore', 'attribute', 'customer', 'amount'][next(4)];
          log.push(`column ${k} → ${role}`);
          await page.selectOption(`#role-${k}`, role);
        },
        async reset() {
          if (!(await page.locator('#reset-choices').isVisible())) return;
          log.push('reset choices');
          await page.click('#reset-choices');
        },
        async asOf() {
          if ((await page.evaluate(() => document.body.dataset.segments)) !== 'done') return;
          await page.click('#tab-segments');
          const day = `2024-0${1 + next(9)}-1${next(10)}`;
          log.push(`as of ${day}`);
          await page.fill('#as-of', day);
          await page.click('#as-of-apply');
        },
      };
      const names = Object.keys(actions);
      for (let step = 0; step < 14; step++) {
        await actions[names[next(names.length)]]();
        // No wait, or a short one: actions land while the worker is busy with the last ones.
        if (next(3) === 0) await page.waitForTimeout(next(400));
      }
      await assertSettles(page, seed, log);
      // And the page still works: the first file again gives its report.
      await page.selectOption('#language', 'en');
      await page.setInputFiles('#file', files[0]);
      await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 60_000 });
      log.push('read a (last)');
      await assertSettles(page, seed, log);
    });
  }
});
