// The Predict view (#predict, issue 15 item 4): who buys next, how much, and revenue ahead, on the core's
// synthetic shop (20,000 rows, seed 7). The figures the page shows are those of `clientela predict --json`
// and `clientela forecast --json` on the same file (the same core, natively; chances to 1e-9, as the
// WebAssembly build's exponential may differ in the last bit); the per-customer CSV is the one `--out`
// writes; the top tenth opens as a customer list; the Overview's monthly chart continues with the forecast
// and its band (its SVG download has the forecast's line); the view speaks Portuguese; nothing leaves the
// page; the view fits a 390 px phone.

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startBrowser, assertNoProblems, waitReport, chooseFile, tempDir, writeFile, sampleCsv } from './helpers.mjs';
import { CLI, needCli } from './segment-helpers.mjs';
import { assertFitsPhone } from './phone.mjs';

/** Waits until both analyses of the view have answered; fails with the view's error otherwise. */
async function waitPredict(page) {
  await page.waitForFunction(
    () => {
      const v = document.getElementById('view-predict');
      return ['done', 'error'].includes(v?.dataset.predict) && ['done', 'error'].includes(v?.dataset.forecast);
    },
    null,
    { timeout: 90_000 },
  );
  const s = await page.evaluate(() => ({ p: document.getElementById('view-predict').dataset.predict, f: document.getElementById('view-predict').dataset.forecast }));
  if (s.p !== 'done') assert.fail(`no prediction: ${await page.locator('#predict-error').innerText()}`);
  if (s.f !== 'done') assert.fail(`no forecast: ${await page.locator('#forecast-error').innerText()}`);
}

/** A table's rows as objects of the cells' raw values (numbers) or texts. */
function rows(page, id) {
  return page.$$eval(`#${id} tbody tr`, (trs) =>
    trs.map((tr) => Object.fromEntries([...tr.querySelectorAll('[data-col]')].map((c) => [c.dataset.col, c.dataset.value !== undefined ? Number(c.dataset.value) : c.textContent]))),
  );
}

describe('the Predict view', () => {
  let browser;
  let page;
  let dir;
  let file;
  before(async () => {
    browser = await startBrowser();
    dir = tempDir();
    file = writeFile(dir, 'shop.csv', Buffer.from(await sampleCsv(20000, 7)));
    page = await browser.newPage();
    await chooseFile(page, file);
    await waitReport(page);
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => assertNoProblems(browser));

  it('continues the Overview’s monthly chart with the forecast and its band', async () => {
    await page.waitForSelector('#overview-forecast', { timeout: 60_000 });
    assert.match(await page.locator('#overview-forecast').innerText(), /^Expected revenue .+ \(6 months\): /);
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('button[data-svg="monthly-chart"]')]);
    const svg = fs.readFileSync(await d.path(), 'utf8');
    assert.match(svg, /Forecast/, 'the SVG has the forecast line');
    assert.match(svg, /80 % range \(low\)/);
  });

  it('says who buys next and how well the model did, as the command line does', async (t) => {
    await page.click('#tab-predict');
    await waitPredict(page);
    const summary = await page.locator('#predict-summary').innerText();
    assert.match(summary, /^Of your [\d,]+ customers, about [\d,]+ are expected to buy in the 90 days after /);
    // The as-of date is exclusive: the sentence names the last day of data (the synthetic shop's 2024-12-30).
    assert.match(summary, /in the 90 days after Dec 30, 2024\.$/);
    assert.match(await page.locator('#predict-check').innerText(), /ranked a customer who bought above one who did not \d+(\.\d)?\s?% of the time; recency alone did so/);
    const shown = await rows(page, 'predict-table');
    assert.equal(shown.length, Math.min(100, shown.length));
    // Highest chance first.
    for (let i = 1; i < shown.length; i++) assert.ok(shown[i - 1].probability >= shown[i].probability);
    assert.ok(shown.every((r) => /^[↑↓] /.test(r.reasons) || r.reasons === ''), 'reasons in words with their direction');
    if (!needCli(t)) return;
    const out = path.join(dir, 'scores.csv');
    const cli = JSON.parse(execFileSync(CLI, ['predict', file, '--json', '--out', out]).toString());
    const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
    close(Number(await page.locator('#predict-summary').getAttribute('data-expected')), cli.expected_positives, 'expected buyers');
    close(Number(await page.locator('#predict-check').getAttribute('data-auc')), cli.backtest.model.auc, 'AUC');
    assert.deepEqual(
      shown.map((r) => r.customer),
      cli.customers.slice(0, shown.length).map((c) => c.customer),
    );
    shown.forEach((r, i) => assert.ok(Math.abs(r.probability - cli.customers[i].probability) <= 1e-6, `${r.customer}: ${r.probability} vs ${cli.customers[i].probability}`));
    // The CSV of every customer is the core's, as --out writes it.
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('#predict-csv')]);
    const got = fs.readFileSync(await d.path(), 'utf8').trimEnd().split('\n');
    const want = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
    assert.equal(got.length, cli.customers.length + 1);
    assert.equal(got[0], want[0]);
    assert.deepEqual(
      got.map((l) => l.split(',')[0]),
      want.map((l) => l.split(',')[0]),
    );
  });

  it('shows how much they will spend and the revenue ahead, as the command line does', async (t) => {
    assert.match(await page.locator('#predict-spend').innerText(), /are expected to spend/);
    const table = await rows(page, 'forecast-table');
    assert.equal(table.length, 6);
    assert.match(await page.locator('#forecast-check').innerText(), /off by/);
    if (!needCli(t)) return;
    const cli = JSON.parse(execFileSync(CLI, ['forecast', file, '--horizon-months', '6', '--json']).toString());
    assert.deepEqual(
      table.map((r) => r.period),
      cli.forecast.map((f) => new Intl.DateTimeFormat('en', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${f.period}-01T00:00:00Z`))),
    );
    table.forEach((r, i) => {
      for (const k of ['value', 'lower', 'upper']) assert.ok(Math.abs(r[k] - cli.forecast[i][k]) <= 1e-6 * Math.max(1, Math.abs(cli.forecast[i][k])), `${r.period} ${k}: ${r[k]} vs ${cli.forecast[i][k]}`);
    });
    const mape = Number(await page.locator('#forecast-check').getAttribute('data-mape'));
    assert.ok(Math.abs(mape - cli.backtest.model_mape) <= 1e-6, `MAPE ${mape} vs ${cli.backtest.model_mape}`);
  });

  it('opens the customers most likely to buy as a list for the e-mail and ad platforms', async () => {
    const top = await page.locator('#predict-list').innerText();
    const count = Number(top.match(/\(([\d,]+)\)/)[1].replace(/,/g, ''));
    await page.click('#predict-list');
    await page.waitForSelector('#customer-list:not([hidden])');
    await page.waitForFunction(() => /\d/.test(document.getElementById('customer-list-status')?.textContent ?? ''));
    assert.match(await page.locator('#customer-list-status').innerText(), new RegExp(count.toLocaleString('en')));
    await page.click('#customer-list-close');
  });

  it('runs again with another horizon and target', async () => {
    await page.click('#tab-predict');
    await page.fill('#predict-horizon', '60');
    await page.selectOption('#predict-target', 'best_customer');
    await page.evaluate(() => (document.getElementById('predict-summary').dataset.old = 'yes'));
    await page.click('#predict-options-apply');
    await page.waitForFunction(() => !document.querySelector('#predict-summary[data-old]') && document.getElementById('view-predict').dataset.predict === 'done', null, { timeout: 90_000 });
    assert.match(await page.locator('#predict-summary').innerText(), /among the best tenth by spend in the 60 days after/);
  });

  it('forecasts per segment group as the command line does', async (t) => {
    await page.selectOption('#forecast-by', 'segment_group');
    await page.evaluate(() => (document.getElementById('forecast-summary').dataset.old = 'yes'));
    await page.click('#predict-options-apply');
    await page.waitForFunction(() => !document.querySelector('#forecast-summary[data-old]') && document.getElementById('view-predict').dataset.forecast === 'done', null, { timeout: 90_000 });
    const groups = await rows(page, 'forecast-groups');
    assert.ok(groups.length > 1);
    for (const g of groups) assert.ok(['Best', 'Growing', 'Need attention', 'Lost'].includes(g.group), g.group);
    if (!needCli(t)) return;
    const cli = JSON.parse(execFileSync(CLI, ['forecast', file, '--horizon-months', '6', '--by', 'segment-group', '--json']).toString());
    const names = { best: 'Best', growing: 'Growing', attention: 'Need attention', lost: 'Lost' };
    assert.deepEqual(
      groups.map((g) => [g.group, Number(String(g.customers).replace(/[^\d]/g, ''))]),
      cli.groups.map((g) => [names[g.group], g.customers]),
    );
  });

  it('speaks Portuguese and fits a phone', async () => {
    await page.selectOption('#language', 'pt');
    await page.waitForFunction(() => document.documentElement.lang.startsWith('pt'));
    const strings = (await import('../../www/i18n/pt.js')).default;
    await page.waitForFunction((title) => document.getElementById('predict-title')?.textContent.startsWith(title), strings['predict.title']);
    assert.equal(await page.locator('#forecast-title').innerText().then((s) => s.replace(/\s*\?$/, '')), strings['forecast.title']);
    await page.selectOption('#language', 'en');
    await assertFitsPhone(page, ['#predict-summary', '#predict-check', '#forecast-summary', '#forecast-chart', '#predict-options']);
  });
});
