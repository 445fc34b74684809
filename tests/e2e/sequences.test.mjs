// The Sequences view (#sequences): "what comes next after item A", the top timed rules and the frequent
// sequential patterns, checked against a hand computation on a small shop (tests/data/sequences_tv.csv)
// and against the command line's JSON on the shared Online Retail file (skipped when absent). Also: the
// CSV downloads read back as the tables, the hash route, errors, axe-core in both themes and item names
// with markup rendered as text.

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startBrowser, assertNoProblems, waitReport, ROOT, ONLINE_RETAIL_GZ, haveOnlineRetail } from './helpers.mjs';
import { CLI, needCli, columnValues, close, downloadCsv, showAllRows } from './segment-helpers.mjs';

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const FIXTURE = path.join(ROOT, 'tests', 'data', 'sequences_tv.csv');
const XSS_NAME = '<img src=x onerror="window.__xss=1">Bad & "quoted"';

/** Serious and critical axe violations of the page as it is (as in a11y.test.mjs). */
async function axeProblems(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.join(' | ')}`);
}

/** Waits for the view's next finished answer (the status line of a new render, not `old`). */
async function waitSequences(page, timeout = 120_000) {
  await page.waitForSelector('#seq-status[data-ms]:not([data-old])', { timeout });
}

/** Fills the form (`fields`: {selector: value}), submits it and waits for the answer. */
async function rerun(page, fields, { noValidate = false } = {}) {
  await page.evaluate((nv) => {
    document.getElementById('seq-status').dataset.old = '1';
    document.getElementById('seq-options').noValidate = nv;
  }, noValidate);
  for (const [sel, v] of Object.entries(fields)) await page.fill(sel, String(v));
  await page.click('#seq-apply');
  await waitSequences(page);
}

/** The CLI's sequence report of `file`. */
const cliSequences = (file, ...args) => JSON.parse(execFileSync(CLI, ['sequences', file, '--json', ...args], { maxBuffer: 64 << 20 }).toString());

/** A timed-rule table equals the core's rows, column by column (data-value holds the raw numbers). */
async function assertRules(page, table, rules, what) {
  await showAllRows(page, table);
  const items = await page.$$eval(`#${table} tbody tr`, (trs) => trs.map((tr) => tr.querySelector('[data-col="consequent"]').textContent));
  assert.equal(items.length, rules.length, `${what}: number of rows`);
  rules.forEach((r, i) => assert.ok(items[i].startsWith(r.consequent), `${what} row ${i}: ${items[i]} is not ${r.consequent}`));
  for (const col of ['share', 'count', 'customers_with_antecedent', 'median_lag_days', 'base_rate', 'lift']) {
    const got = await columnValues(page, table, col);
    rules.forEach((r, i) => close(got[i], r[col], `${what} row ${i} ${col}`));
  }
}

describe('Sequences view', () => {
  let browser;
  let page;
  before(async () => {
    browser = await startBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(() => assertNoProblems(browser));

  it('opens on #sequences and answers for a small shop as computed by hand', async () => {
    page = await browser.newPage('#sequences');
    assert.equal(await page.getAttribute('#tab-sequences', 'aria-selected'), 'true');
    assert.equal(await page.isVisible('#view-sequences'), true);
    await page.setInputFiles('#file', FIXTURE);
    await waitReport(page);
    await waitSequences(page);
    // The default item A is the one most customers bought: TV (5 customers).
    assert.equal(await page.inputValue('#seq-after'), 'TV');
    await rerun(page, { '#seq-after': 'TV', '#seq-within': 90, '#seq-min-customers': 1, '#seq-min-count': 1, '#seq-min-support': 25 });

    // By hand (the file's last day is 2011-12-01, so the window of a TV bought on day d must end by then):
    // 5 TV buyers; c5 (TV on 2011-11-01) is observed 30 days only: excluded. Of the other 4 (c1..c4),
    // c1 bought SPK 17 days later, c2 40 days later: share 2/4, median lag (17 + 40) / 2 = 28.5.
    // Base rate of SPK: the TV days 01-03 (c1 yes, c8 no: 1/2), 01-04 (c2: 1), 01-05 (c3: 0), 01-10 (c4: 0)
    // → (0.5 + 1 + 0 + 0) / 4 = 0.375; lift 0.5 / 0.375 = 4/3. X1 (c3, 27 days after): share 1/4, base
    // rate (0 + 0 + 1 + 0) / 4 = 0.25, lift 1. Cable (c3, 176 days after) is outside the window.
    const ex = await page.$eval('#seq-excluded', (p) => ({ ...p.dataset, text: p.textContent }));
    assert.deepEqual([ex.buyers, ex.excluded, ex.observed], ['5', '1', '4']);
    assert.match(ex.text, /^Of the 5 customers who bought TV — Television, those observed for less than 90 days afterwards are left out: 1\. The shares below are over the other 4\.$/);
    const hand = [
      { consequent: 'SPK', share: 0.5, count: 2, customers_with_antecedent: 4, median_lag_days: 28.5, base_rate: 0.375, lift: 4 / 3 },
      { consequent: 'X1', share: 0.25, count: 1, customers_with_antecedent: 4, median_lag_days: 27, base_rate: 0.25, lift: 1 },
    ];
    await assertRules(page, 'seq-next-table', hand, 'after TV');
    const sentence = await page.locator('#seq-top-sentence').innerText();
    assert.match(sentence, /Of the 4 customers who bought TV — Television and were observed 90 days afterwards, 50\.0\s?% bought SPK — Speakers within 90 days \(median 28\.5 days\); that is 1\.3× the usual rate\./);

    // Patterns at 25 % of 7 customers = 2: only ⟨{TV} → {SPK}⟩ (c1, c2) has two steps; support 2/7.
    const patterns = await page.$$eval('#seq-patterns-table tbody tr', (trs) => trs.map((tr) => tr.querySelector('[data-col="pattern"]').textContent));
    assert.deepEqual(patterns, ['⟨{Television} → {Speakers}⟩']);
    close((await columnValues(page, 'seq-patterns-table', 'customers'))[0], 2, 'pattern customers');
    close((await columnValues(page, 'seq-patterns-table', 'support'))[0], 2 / 7, 'pattern support');
  });

  it('renders item names with markup as text', async () => {
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(await page.locator('#view-sequences img').count(), 0);
    const x1 = await page.$eval('#seq-next-table tr[data-item="X1"] [data-col="consequent"]', (c) => c.textContent);
    assert.equal(x1, `X1 — ${XSS_NAME}`);
  });

  it('exports each table as CSV that reads back as the table', async () => {
    const next = await downloadCsv(page, 'sequences-next');
    assert.deepEqual(next[0], ['consequent', 'consequent_name', 'share', 'count', 'customers_with_antecedent', 'excluded_short_observation', 'median_lag_days', 'base_rate', 'lift']);
    assert.deepEqual(next.slice(1).map((r) => r[0]), ['SPK', 'X1']);
    // The name with markup and quotes reads back unchanged (quoted, not executed, not mangled).
    assert.equal(next[2][1], XSS_NAME);
    assert.deepEqual(next[1].slice(2).map(Number), [0.5, 2, 4, 1, 28.5, 0.375, 4 / 3]);
    const pat = await downloadCsv(page, 'sequences-patterns');
    assert.deepEqual(pat[0], ['pattern', 'pattern_names', 'customers', 'support']);
    assert.deepEqual(pat[1].slice(0, 3), ['{TV} -> {SPK}', '⟨{Television} → {Speakers}⟩', '2']);
    close(Number(pat[1][3]), 2 / 7, 'pattern support in the CSV');
    // All pairs at these minimums: TV → SPK and TV → X1 again (no other item has 1 observed buyer and a follower).
    const all = await downloadCsv(page, 'sequences-rules');
    assert.deepEqual(all.slice(1).map((r) => `${r[0]}>${r[2]}`), ['TV>SPK', 'TV>X1']);
  });

  it('draws the share next to the base rate, with SVG and PNG downloads of the same numbers', async () => {
    await page.waitForSelector('#seq-share-chart canvas');
    assert.match(await page.locator('#seq-share-chart figcaption').innerText(), /share of the buyers of TV — Television who bought B within 90 days/);
    const [svg] = await Promise.all([page.waitForEvent('download'), page.locator('button[data-svg="seq-share-chart"]').click()]);
    const text = fs.readFileSync(await svg.path(), 'utf8');
    assert.match(text, /^<\?xml|^<svg/);
    // The chart's title, then one bar per item and series with its number (%): shares 50 and 25, base rates 37.5 and 25.
    const titles = [...text.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]);
    assert.deepEqual(titles, ['Share and base rate after TV — Television', 'SPK: 50', 'X1: 25', 'SPK: 37.5', 'X1: 25']);
    const [png] = await Promise.all([page.waitForEvent('download'), page.locator('button[data-png="seq-share-chart"]').click()]);
    assert.equal(fs.readFileSync(await png.path()).subarray(1, 4).toString(), 'PNG');
  });

  it('says clearly when the item is unknown or a parameter is out of range', async () => {
    await rerun(page, { '#seq-after': 'NO-SUCH-ITEM' });
    assert.match(await page.locator('#seq-target-error').innerText(), /NO-SUCH-ITEM/);
    // The patterns still stand.
    assert.equal(await page.locator('#seq-patterns-table tbody tr').count(), 1);
    await rerun(page, { '#seq-after': 'TV', '#seq-within': 0 }, { noValidate: true });
    assert.match(await page.locator('#seq-error').innerText(), /within_days/);
    await rerun(page, { '#seq-within': 90 });
    assert.equal(await page.locator('#seq-error').count(), 0);
    // The form is drawn again with each answer; the keyboard stays on the button that ran it.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'seq-apply');
  });

  it('has no serious or critical axe violation in light and dark', async () => {
    for (const theme of ['light', 'dark']) {
      await page.selectOption('#theme', theme);
      await page.waitForFunction((th) => document.documentElement.dataset.theme === th, theme);
      assert.deepEqual(await axeProblems(page), [], `sequences view, ${theme} theme`);
    }
    await page.selectOption('#theme', 'light');
  });

  it('has a definition at hand for every metric, each with its glossary entry', async () => {
    const terms = await page.$$eval('#view-sequences button.explain', (bs) => [...new Set(bs.map((b) => b.dataset.term))]);
    for (const term of ['seq_window', 'seq_share', 'seq_count', 'seq_observed', 'seq_lag', 'seq_base', 'lift', 'seq_customers', 'seq_support', 'sequence']) {
      assert.ok(terms.includes(term), `a "?" for ${term}`);
    }
    for (const term of terms) assert.equal(await page.locator(`#view-glossary #term-${term}`).count(), 1, `glossary entry of ${term}`);
    await page.click('#seq-next-table button.explain[data-term="seq_base"]');
    assert.match(await page.locator('#seq-next-table .definition:not([hidden])').innerText(), /How often B is bought within N days anyway/);
  });

  it('prints its key tables without the form', async () => {
    await page.emulateMedia({ media: 'print' });
    try {
      for (const sel of ['#seq-excluded', '#seq-top-sentence', '#seq-next-table', '#seq-rules-table', '#seq-patterns-table']) {
        assert.equal(await page.locator(sel).isVisible(), true, `${sel} is printed`);
      }
      assert.equal(await page.locator('#seq-options').isVisible(), false, 'the form is not printed');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  // Regression: a change of a column's meaning re-reads the file; a request made by the view while that read
  // ran was dropped, and the view then said "Looking for sequences…" for good (seen on Online Retail and CDNOW).
  it('answers after the meaning of a column is changed on the Data view', async () => {
    const p = await browser.newPage('#data');
    await p.setInputFiles('#file', FIXTURE);
    await waitReport(p);
    // Description (column 3) as an attribute instead of the item name: the file is read again.
    await p.selectOption('#role-3', 'attribute');
    await waitReport(p);
    await p.click('#tab-sequences');
    await waitSequences(p, 30_000);
    assert.equal(await p.inputValue('#seq-after'), 'TV');
    // And once more while the view is shown: change back on the Data view, return to Sequences.
    await p.click('#tab-data');
    await p.selectOption('#role-3', '');
    await waitReport(p);
    await p.click('#tab-sequences');
    await waitSequences(p, 30_000);
    await p.close();
  });

  it('equals the command line on Online Retail', { timeout: 300_000 }, async (t) => {
    if (!haveOnlineRetail(t)) return;
    if (!needCli(t)) return;
    const opts = ['--min-support', '0.02', '--max-len', '3', '--within-days', '90'];
    const target = cliSequences(ONLINE_RETAIL_GZ, ...opts, '--after', '85123A', '--no-patterns');
    const overall = cliSequences(ONLINE_RETAIL_GZ, ...opts);
    await page.setInputFiles('#file', ONLINE_RETAIL_GZ);
    await waitReport(page, 180_000);
    await waitSequences(page, 180_000);
    // The view's defaults are the options above; set them anyway (the earlier file changed them).
    await rerun(page, { '#seq-after': '85123A', '#seq-within': 90, '#seq-min-customers': 10, '#seq-min-count': 3, '#seq-min-support': 2, '#seq-max-len': 3 });
    // 166 buyers of 85123A observed for less than 90 days: also tests/reference/sequence_reference.py.
    assert.equal(target.timed.after.excluded_short_observation, 166);
    const ex = await page.$eval('#seq-excluded', (p) => ({ ...p.dataset, text: p.textContent }));
    assert.equal(ex.excluded, '166');
    assert.match(ex.text, /\b166\b/);
    assert.equal(ex.observed, String(target.timed.after.observed));
    await assertRules(page, 'seq-next-table', target.timed_rules, 'after 85123A');
    // The top rules of all pairs.
    const all = await page.$$eval('#seq-rules-table tbody tr', (trs) => trs.map((tr) => [tr.querySelector('[data-col="antecedent"]').textContent, tr.querySelector('[data-col="consequent"]').textContent]));
    assert.equal(all.length, overall.timed_rules.length);
    overall.timed_rules.forEach((r, i) => assert.ok(all[i][0].startsWith(r.antecedent) && all[i][1].startsWith(r.consequent), `overall rule ${i}`));
    // The patterns, through their CSV (item codes, as the CLI gives them).
    const pat = await downloadCsv(page, 'sequences-patterns');
    assert.deepEqual(
      pat.slice(1).map((r) => [r[0], Number(r[2])]),
      overall.top_patterns.map((p) => [p.elements.map((e) => `{${e.join(', ')}}`).join(' -> '), p.customers]),
    );
    pat.slice(1).forEach((r, i) => close(Number(r[3]), overall.top_patterns[i].support, `pattern ${i} support`));
    const summary = await page.$eval('#seq-patterns-summary', (p) => ({ ...p.dataset }));
    assert.deepEqual([summary.patterns, summary.truncated], [String(overall.patterns), String(overall.truncated)]);
  });
});
