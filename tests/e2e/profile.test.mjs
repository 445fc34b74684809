// The Profiles view (#profiles): who the best customers are (src/audience). On the hand-worked fixtures of
// tests/profile.rs (tests/data/profile_sales.csv and profile_customers.csv): the Country table and the
// sentence before a customers file, then the customers file dropped in the second zone: the join report,
// every attribute's rows equal to `clientela profile --json` row by row (same core, natively), the CSV
// download equal to `clientela profile --out`, another group from the chooser, the words in another
// language. On Online Retail (skipped when absent): Germany 2.3× among the best customers.

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startBrowser, assertNoProblems, waitReport, chooseFile, tempDir, ROOT, ONLINE_RETAIL_GZ, haveOnlineRetail } from './helpers.mjs';
import { CLI, needCli } from './segment-helpers.mjs';

const SALES = path.join(ROOT, 'tests', 'data', 'profile_sales.csv');
const CUSTOMERS = path.join(ROOT, 'tests', 'data', 'profile_customers.csv');

/** Waits until the view shows a finished profile (or fails with its error). */
async function waitProfile(page, timeout = 60_000) {
  await page.waitForFunction(() => ['done', 'error'].includes(document.getElementById('view-profiles')?.dataset.profile), null, { timeout });
  const s = await page.evaluate(() => document.getElementById('view-profiles').dataset.profile);
  if (s !== 'done') assert.fail(`expected a profile, the view shows: ${await page.locator('#profile-error').innerText()}`);
}

/** Starts a change and waits for the profile that follows it. */
async function rerun(page, change) {
  await page.evaluate(() => (document.getElementById('profile-summary').dataset.old = 'yes'));
  await change();
  await page.waitForFunction(() => document.getElementById('view-profiles').dataset.profile !== 'running' && !document.querySelector('#profile-summary[data-old]'), null, { timeout: 60_000 });
  await waitProfile(page);
}

/** Every attribute table as {name: [[value, customers, in group, index, p], …]} from the cells' raw values. */
function tables(page) {
  return page.$$eval('#view-profiles .profile-attribute', (sections) =>
    Object.fromEntries(
      sections.map((s) => [
        s.dataset.attribute,
        [...s.querySelectorAll('table[id^="profile-table-"] tbody tr')].map((tr) => {
          const num = (col) => Number(tr.querySelector(`[data-col="${col}"]`).dataset.value);
          return [tr.querySelector('[data-col="value"]').textContent, num('customers'), num('customers_best'), num('index'), num('p_value')];
        }),
      ]),
    ),
  );
}

/**
 * Asserts that the page's rows equal the command line's: values and counts exactly, the index and the
 * p-value to 1e-12 relative (the wasm build's logarithms and exponentials may differ from the native
 * ones in the last bit).
 */
function sameTables(shown, cli) {
  assert.deepEqual(Object.keys(shown), Object.keys(cli));
  for (const [name, rows] of Object.entries(cli)) {
    assert.deepEqual(shown[name].map((r) => r.slice(0, 3)), rows.map((r) => r.slice(0, 3)), name);
    rows.forEach((r, i) => {
      for (const k of [3, 4]) assert.ok(Math.abs(shown[name][i][k] - r[k]) <= 1e-12 * Math.max(1, Math.abs(r[k])), `${name} ${r[0]}: ${shown[name][i][k]} vs ${r[k]}`);
    });
  }
}

/** The same rows from the command line's JSON (special rows in the page's English words). */
function cliTables(json) {
  const words = { not_given: '(not given)', other: '(other values)' };
  return Object.fromEntries(json.attributes.map((a) => [a.name, a.values.map((v) => [v.special ? words[v.special] : v.value, v.customers, v.customers_best, v.index, v.p_value])]));
}

describe('the Profiles view', () => {
  let browser;
  let page;
  let dir;
  before(async () => {
    browser = await startBrowser();
    dir = tempDir();
    page = await browser.newPage('#profiles');
    await chooseFile(page, SALES);
    await waitReport(page);
    await waitProfile(page);
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => assertNoProblems(browser));

  it('profiles the best decile by Country and says it in a sentence', async () => {
    assert.equal(await page.evaluate(() => document.body.dataset.view), 'profiles');
    assert.equal(await page.locator('#tab-profiles').getAttribute('aria-selected'), 'true');
    // By hand (tests/profile.rs): 2 best of 20; DE 3 customers, both best ones among them; p = 3/190.
    assert.match(await page.locator('#profile-summary').innerText(), /^Best customers: 2 of 20 customers \(10\.0\s?%\)/);
    const t = await tables(page);
    assert.deepEqual(Object.keys(t), ['Country']);
    assert.deepEqual(
      t.Country.map((r) => r.slice(0, 3)),
      [
        ['UK', 15, 0],
        ['DE', 3, 2],
        ['FR', 2, 0],
      ],
    );
    assert.ok(Math.abs(t.Country[1][4] - 3 / 190) < 1e-12);
    assert.equal(await page.locator('#profile-sentences li').count(), 1);
    assert.equal(await page.locator('#profile-sentences li').innerText(), 'Best customers have Country “DE” 6.7× as often as all customers (p = 0.016).');
    assert.equal(await page.locator('#profile-join').count(), 0, 'no join report without a customers file');
    // The chart of the shares is drawn, with its caption and image downloads.
    await page.locator('#profile-chart-0 canvas').first().waitFor({ timeout: 10_000 });
    assert.match(await page.locator('#profile-chart-0 figcaption').innerText(), /^Country: the share of each value among best customers/);
    assert.equal(await page.locator('#profile-chart-0 button.svg').count(), 1);
  });

  it('joins a customers file from the second drop zone and equals the command line row by row', async (t) => {
    await rerun(page, () => page.setInputFiles('#profile-customers-file', CUSTOMERS));
    const join = Object.fromEntries(await page.$$eval('#profile-join li', (ls) => ls.map((l) => [l.dataset.join, Number(l.dataset.value)])));
    assert.deepEqual(join, { matched: 18, customers_without_attributes: 2, attribute_rows_without_purchases: 2, duplicate_ids: 1, rows_without_id: 1 });
    const shown = await tables(page);
    assert.deepEqual(Object.keys(shown), ['Country', 'age', 'gender', 'signup']);
    assert.deepEqual(
      shown.age.map((r) => r[0]),
      ['< 26', '[26, 30)', '[30, 33)', '[33, 37)', '≥ 37', '(not given)'],
    );
    if (!needCli(t)) return;
    const out = path.join(dir, 'cli-profile.csv');
    const cli = JSON.parse(execFileSync(CLI, ['profile', SALES, '--customers', CUSTOMERS, '--json', '--out', out]).toString());
    sameTables(shown, cliTables(cli));
    // The CSV download is the core's, as --out writes it.
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('#profile-csv')]);
    assert.equal(fs.readFileSync(await d.path(), 'utf8'), fs.readFileSync(out, 'utf8'));
  });

  it('profiles another group chosen in the view', async (t) => {
    await rerun(page, () => page.selectOption('#profile-group', 'worst'));
    assert.match(await page.locator('#profile-summary').innerText(), /^Worst customers: 2 of 20/);
    const shown = await tables(page);
    // By hand: the worst decile is c02 and c01, both UK (index 20/15 = 4/3, p = 1).
    assert.deepEqual(shown.Country[0].slice(0, 3), ['UK', 15, 2]);
    if (!needCli(t)) return;
    const cli = JSON.parse(execFileSync(CLI, ['profile', SALES, '--customers', CUSTOMERS, '--group', 'worst', '--json']).toString());
    sameTables(shown, cliTables(cli));
    // A stage nobody is in (the fixture's last purchase is the day before the as-of date: nobody won back).
    await rerun(page, () => page.selectOption('#profile-group', 'stage:won_back'));
    assert.match(await page.locator('#profile-sentences').innerText(), /^No customer is among customers in the stage “Won back”/);
    await rerun(page, () => page.selectOption('#profile-group', 'best'));
  });

  it('speaks the other languages', async () => {
    await page.selectOption('#language', 'pt');
    await page.waitForFunction(() => document.getElementById('profiles-title')?.textContent === 'Perfis dos melhores clientes');
    // With the customers file the sentences are signup 2015 (index 10), DE (6.7) and age ≥ 37 (5).
    const sentences = await page.locator('#profile-sentences li').allInnerTexts();
    assert.equal(sentences.length, 3);
    assert.equal(sentences[1], 'Os melhores clientes têm Country “DE” com frequência 6,7× maior que a de todos os clientes (p = 0,016).');
    assert.match(await page.locator('#profile-join').innerText(), /18 de 20 clientes encontrados/);
    await page.selectOption('#language', 'cs');
    await page.waitForFunction(() => document.getElementById('profiles-title')?.textContent === 'Profily nejlepších zákazníků');
    assert.match(await page.locator('#view-profiles .profile-attribute[data-attribute="age"] table[id^="profile-table-"] tbody tr').last().innerText(), /\(neuvedeno\)/);
    await page.selectOption('#language', 'en');
  });

  it('says when the customers file has no id column, takes one by name, and drops the file again', async () => {
    await page.selectOption('#language', 'en');
    const bad = path.join(dir, 'no-id.csv');
    fs.writeFileSync(bad, 'colour,size\nred,3\nblue,4\n');
    await page.setInputFiles('#profile-customers-file', bad);
    await page.waitForFunction(() => document.getElementById('view-profiles').dataset.profile === 'error', null, { timeout: 60_000 });
    assert.match(await page.locator('#profile-error').innerText(), /No column of the customers file was recognised as the customer id/);
    // A name that is not a column is refused; naming the column reads the file with it.
    await page.fill('#profile-customers-id', 'nope');
    await page.locator('#profile-customers-id').dispatchEvent('change');
    await page.waitForFunction(() => /no column “nope”/.test(document.getElementById('profile-error')?.textContent ?? ''), null, { timeout: 60_000 });
    await page.fill('#profile-customers-id', 'colour');
    await page.locator('#profile-customers-id').dispatchEvent('change');
    await waitProfile(page);
    assert.equal(await page.locator('#profile-join li[data-join="matched"]').getAttribute('data-value'), '0', 'colours are no customer ids');
    assert.deepEqual(Object.keys(await tables(page)), ['Country', 'size']);
    await page.click('#profile-customers-remove');
    await waitProfile(page);
    assert.deepEqual(Object.keys(await tables(page)), ['Country']);
  });
});

describe('the Profiles view on Online Retail', () => {
  let browser;
  before(async () => {
    browser = await startBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(() => assertNoProblems(browser));

  it('finds the best customers 2.3× as often in Germany', { timeout: 180_000 }, async (t) => {
    if (!haveOnlineRetail(t)) return;
    const page = await browser.newPage('#profiles');
    await chooseFile(page, ONLINE_RETAIL_GZ);
    await waitReport(page, 120_000);
    await waitProfile(page, 120_000);
    // 22 of the 434 best against 94 of 4,338 (tests/profile.rs, from pandas and SciPy).
    const germany = await page.$eval('#view-profiles .profile-attribute[data-attribute="Country"] table[id^="profile-table-"] tbody', (tb) => {
      const tr = [...tb.querySelectorAll('tr')].find((r) => r.querySelector('[data-col="value"]').textContent === 'Germany');
      return ['customers', 'customers_best', 'index'].map((c) => Number(tr.querySelector(`[data-col="${c}"]`).dataset.value));
    });
    assert.deepEqual(germany.slice(0, 2), [94, 22]);
    assert.ok(Math.abs(germany[2] - 2.3393469948034125) < 1e-12);
    const sentences = await page.locator('#profile-sentences').innerText();
    assert.match(sentences, /Best customers have Country “Germany” 2\.3× as often as all customers \(p < 0\.001\)/);
  });
});
