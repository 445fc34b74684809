// Lists that act (issue 16, items 3 and 6): a customer list downloads in the column layout of Mailchimp,
// Klaviyo, Google Ads Customer Match and Meta custom audiences (optionally SHA-256 hashed), byte for byte
// what `clientela list` writes for the same group; the best and worst customers are listed with their
// reasons; nothing is sent anywhere. The fixture tests/data/lists_sales.csv is worked by hand in
// tests/lists.rs (five customers; the worst by cost to serve is C3, 80 % of its list value discounted).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, waitReport, browserSuite } from './helpers.mjs';
import { CLI, needCli, waitSegmentsDone } from './segment-helpers.mjs';

const SALES = path.join(ROOT, 'tests', 'data', 'lists_sales.csv');

/** Clicks `selector`, waits for the download it starts and returns {name, text}. */
async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: d.suggestedFilename(), text: fs.readFileSync(await d.path(), 'utf8') };
}

/** What `clientela list` writes for these flags. */
function cli(dir, ...args) {
  const out = path.join(dir, `cli-${args.join('_').replace(/[^\w-]+/g, '_')}.csv`);
  execFileSync(CLI, ['list', SALES, ...args, '--out', out]);
  return fs.readFileSync(out, 'utf8');
}

describe('lists that act', () => {
  let browser;
  let dir;
  browserSuite((b, d) => {
    browser = b;
    dir = d;
  });

  it('downloads a segment in every layout as the command line writes it, and sends nothing', { timeout: 120_000 }, async (t) => {
    if (!needCli(t)) return;
    const requests = [];
    const onRequest = (r) => requests.push(r.url());
    browser.context.on('request', onRequest);
    const page = await browser.newPage('#segments');
    await page.setInputFiles('#file', SALES);
    await waitReport(page);
    await waitSegmentsDone(page);
    // The first RFM segment with customers.
    const name = await page.locator('#rfm-segments-table tbody tr[data-pick="segment"]').evaluateAll((trs) => trs.find((tr) => Number(tr.querySelector('[data-col="customers"]').dataset.value) > 0)?.dataset.pickValue);
    assert.ok(name, 'a segment with customers');
    await page.click(`#rfm-segments-table tbody tr[data-pick="segment"][data-pick-value="${name}"]`);
    await page.waitForFunction(() => document.querySelector('#customer-list-table tbody tr'));
    const group = `segment:${name}`;
    const cases = [['plain', false], ['mailchimp', false], ['klaviyo', false], ['google', false], ['meta', false], ['google', true], ['meta', true]];
    for (const [format, hash] of cases) {
      await page.selectOption('#customer-list-format', format);
      assert.equal(await page.locator('#customer-list-hash').isDisabled(), !['google', 'meta'].includes(format), `${format}: hashing offered only for the ad platforms`);
      if (hash) await page.check('#customer-list-hash');
      else if (!(await page.locator('#customer-list-hash').isDisabled())) await page.uncheck('#customer-list-hash');
      const got = await download(page, '#customer-list-csv');
      const want = cli(dir, '--group', group, '--format', format, ...(hash ? ['--hash'] : []));
      assert.equal(got.text, want, `${format}${hash ? ' hashed' : ''}: the page's file is the command line's, byte for byte`);
      assert.match(got.name, new RegExp(`^lists_sales-.+${format === 'plain' ? '' : `-${format}${hash ? '-sha256' : ''}`}\\.csv$`));
      t.diagnostic(`${format}${hash ? ' hashed' : ''}: ${got.name}, ${got.text.split('\n').length - 2} customers`);
    }
    // The file has no zip column: said in words, not silently.
    assert.match(await page.locator('#customer-list-notes').innerText(), /no postal code column/);
    // Every request went to the page's own origin (blob: downloads are made in the page).
    browser.context.off('request', onRequest);
    const away = requests.filter((u) => !/^(blob|data):/.test(u) && new URL(u).origin !== browser.origin);
    assert.deepEqual(away, [], 'no request leaves the origin');
  });

  it('opens the threshold-trigger customers as a list and downloads them for Mailchimp', { timeout: 120_000 }, async () => {
    const page = await browser.newPage('#segments');
    await page.setInputFiles('#file', SALES);
    await waitReport(page);
    await waitSegmentsDone(page);
    await page.fill('#trigger-amount', '100');
    await page.fill('#trigger-days', '30');
    await page.click('#trigger-apply');
    await page.waitForFunction(() => document.querySelector('#triggers-table tbody tr') && document.getElementById('triggers-list'));
    const triggered = await page.locator('#triggers-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.cells[0].textContent.trim()));
    assert.ok(triggered.length > 0);
    await page.click('#triggers-list');
    await page.waitForFunction(() => document.querySelector('#customer-list-table tbody tr'));
    assert.deepEqual(await page.locator('#customer-list-table tbody [data-col="customer"]').allInnerTexts(), triggered);
    await page.selectOption('#customer-list-format', 'mailchimp');
    const got = await download(page, '#customer-list-csv');
    const lines = got.text.trim().split('\n');
    assert.equal(lines[0], 'Email Address,First Name,Last Name,Phone Number,Country,Tags,Customer ID');
    // One row per triggered customer, in the table's order, tagged with the list's name.
    assert.deepEqual(lines.slice(1).map((l) => l.split(',').at(-1)), triggered);
    assert.ok(lines.slice(1).every((l) => l.split(',').at(-2) === 'threshold-triggers'));
  });

  it('opens the Value view\'s churn-risk and overdue customers as lists and downloads them for Mailchimp', { timeout: 180_000 }, async () => {
    // The sample shop: its lifetime-value report has a churn-risk list and an overdue list (src/clv).
    const page = await browser.newPage('#value');
    await page.click('#sample');
    await waitReport(page);
    await page.waitForFunction(() => ['done', 'error'].includes(document.getElementById('view-value')?.dataset.clv), null, { timeout: 120_000 });
    for (const [table, button, tag] of [['#value-risk-table', '#value-risk-list', 'churn-risk'], ['#value-overdue-table', '#value-overdue-list', 'overdue']]) {
      await page.evaluate(() => (location.hash = '#value'));
      await page.locator(button).waitFor();
      const shown = await page.locator(`${table} tbody tr`).evaluateAll((trs) => trs.map((tr) => tr.cells[0].textContent.trim()));
      assert.ok(shown.length > 0, tag);
      await page.click(button);
      await page.waitForFunction(() => document.body.dataset.view === 'segments' && document.querySelector('#customer-list-table tbody tr'));
      // The table shows the first 100 of a list, the customer list a page of 50 of it (a list of hundreds
      // is never one table); the list holds every listed customer in the report's order.
      const listed = await page.locator('#customer-list-table tbody [data-col="customer"]').allInnerTexts();
      assert.ok(listed.length > 0 && listed.length <= 50, `${tag}: a page of the list (${listed.length})`);
      assert.deepEqual(listed, shown.slice(0, listed.length), tag);
      await page.selectOption('#customer-list-format', 'mailchimp');
      const got = await download(page, '#customer-list-csv');
      const lines = got.text.trim().split('\n');
      assert.equal(lines[0], 'Email Address,First Name,Last Name,Phone Number,Country,Tags,Customer ID');
      assert.deepEqual(lines.slice(1, 1 + shown.length).map((l) => l.split(',').at(-1)), shown, tag);
      assert.ok(lines.slice(1).every((l) => l.split(',').at(-2) === tag), tag);
      await page.click('#customer-list-close');
    }
  });

  it('lists the worst customers with their reasons, in Portuguese too', { timeout: 120_000 }, async (t) => {
    if (!needCli(t)) return;
    const page = await browser.newPage('#segments');
    await page.setInputFiles('#file', SALES);
    await waitReport(page);
    await waitSegmentsDone(page);
    await page.click('#list-worst');
    await page.waitForFunction(() => document.querySelector('#customer-list-table tbody td[data-col="reason"]'));
    // By hand (tests/lists.rs): C3, the discount its largest part (0.8 of the list value).
    assert.equal(await page.locator('#customer-list-table tbody [data-col="customer"]').allInnerTexts().then((a) => a.join()), 'C3');
    assert.equal(await page.locator('#customer-list-table tbody td[data-col="reason"]').getAttribute('data-code'), 'high_discounts');
    assert.match(await page.locator('#customer-list-table tbody td[data-col="reason"]').innerText(), /^80 % of the list value/);
    await page.selectOption('#customer-list-format', 'table');
    const got = await download(page, '#customer-list-csv');
    assert.equal(got.text, cli(dir, '--group', 'worst'));
    await page.click('#list-best');
    await page.waitForFunction(() => document.querySelector('#customer-list-table tbody td[data-code="best_value"]'));
    assert.match(await page.locator('#customer-list-table tbody td[data-col="reason"]').innerText(), /^Rank 1 by revenue: .*300.*, 56\.6 % of all revenue\.$/);
    await page.selectOption('#language', 'pt');
    await page.waitForFunction(() => document.getElementById('list-worst').textContent === 'Piores clientes (custo de atender)');
    await page.click('#list-worst');
    await page.waitForFunction(() => document.querySelector('#customer-list-table tbody td[data-code="high_discounts"]'));
    assert.match(await page.locator('#customer-list-table tbody td[data-col="reason"]').innerText(), /^80 % do valor de tabela dado como desconto\.$/);
  });
});
