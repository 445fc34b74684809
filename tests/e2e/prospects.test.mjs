// The Profiles view's share of wallet and prospects (issue 16, items 4 and 5), on the fixtures of
// tests/prospects.rs: share of wallet said missing without a customers file; with
// tests/data/wallet_customers.csv dropped, the grid and the worth-winning list equal
// `clientela profile --json` and the CSV download equals `--wallet-out`; then the prospects file
// tests/data/prospects_leads.csv dropped in the third zone after tests/data/prospects_customers.csv: the AUC
// in words, every prospect's score, decile and expected value equal `clientela prospects --json`, the CSV
// download equal to `--out`, the words in Portuguese.

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startBrowser, assertNoProblems, waitReport, chooseFile, tempDir, ROOT } from './helpers.mjs';
import { CLI, needCli } from './segment-helpers.mjs';

const DATA = path.join(ROOT, 'tests', 'data');
const WALLET_SALES = path.join(DATA, 'wallet_sales.csv');
const WALLET_CUSTOMERS = path.join(DATA, 'wallet_customers.csv');
const SALES = path.join(DATA, 'profile_sales.csv');
const CUSTOMERS = path.join(DATA, 'prospects_customers.csv');
const LEADS = path.join(DATA, 'prospects_leads.csv');

/** Waits until the view shows a finished profile whose seq is not `old`. */
async function waitDone(page, old = null) {
  await page.waitForFunction(
    (old) => {
      const v = document.getElementById('view-profiles');
      return ['done', 'error'].includes(v?.dataset.profile) && v.dataset.rendered !== old;
    },
    old,
    { timeout: 60_000 },
  );
  assert.equal(await page.evaluate(() => document.getElementById('view-profiles').dataset.profile), 'done');
}

const rendered = (page) => page.evaluate(() => document.getElementById('view-profiles').dataset.rendered);

/** A table's rows as objects of the cells' raw values (numbers) or texts. */
function rows(page, id) {
  return page.$$eval(`#${id} tbody tr`, (trs) =>
    trs.map((tr) => Object.fromEntries([...tr.querySelectorAll('[data-col]')].map((c) => [c.dataset.col, c.dataset.value !== undefined ? Number(c.dataset.value) : c.textContent]))),
  );
}

describe('share of wallet in the Profiles view', () => {
  let browser;
  let page;
  let dir;
  before(async () => {
    browser = await startBrowser();
    dir = tempDir();
    page = await browser.newPage('#profiles');
    await chooseFile(page, WALLET_SALES);
    await waitReport(page);
    await waitDone(page);
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => assertNoProblems(browser));

  it('says share of wallet is missing without a customers file', async () => {
    assert.equal(await page.locator('#profile-wallet').getAttribute('data-available'), 'no');
    assert.equal(await page.locator('#profile-wallet-missing').getAttribute('data-code'), 'no_customers_file');
    assert.match(await page.locator('#profile-wallet-missing').innerText(), /needs a customers file/);
  });

  it('shows the grid and the customers worth winning as the command line does', async (t) => {
    const old = await rendered(page);
    await page.setInputFiles('#profile-customers-file', WALLET_CUSTOMERS);
    await waitDone(page, old);
    await page.waitForSelector('#profile-wallet[data-available="yes"]');
    const grid = await rows(page, 'profile-wallet-grid');
    // By hand (tests/prospects.rs, the sales window): loyal c1 and c4, growth c7, convenience c2 and c5, low c3.
    assert.deepEqual(
      grid.map((r) => r.customers),
      [2, 1, 2, 1],
    );
    const winning = await rows(page, 'profile-wallet-winning');
    assert.deepEqual(
      winning.map((r) => r.customer),
      ['c7'],
    );
    assert.match(await page.locator('#profile-wallet').innerText(), /share above 100 %\): 2/);
    if (!needCli(t)) return;
    const out = path.join(dir, 'ww.csv');
    const cli = JSON.parse(execFileSync(CLI, ['profile', WALLET_SALES, '--customers', WALLET_CUSTOMERS, '--json', '--wallet-out', out]).toString()).share_of_wallet;
    assert.deepEqual(
      grid.map((r) => [r.customers, r.spend, r.category_spend]),
      cli.grid.map((c) => [c.customers, c.spend, c.category_spend]),
    );
    assert.deepEqual(
      winning.map((r) => [r.customer, r.spend, r.category_spend, r.share, r.headroom]),
      cli.worth_winning.map((c) => [c.customer, c.spend, c.category_spend, c.share, c.headroom]),
    );
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('#profile-wallet-csv')]);
    assert.equal(fs.readFileSync(await d.path(), 'utf8'), fs.readFileSync(out, 'utf8'));
  });

  it('takes the days the survey covers', async (t) => {
    const old = await rendered(page);
    await page.fill('#profile-wallet-days', '365');
    await page.locator('#profile-wallet-days').dispatchEvent('change');
    await waitDone(page, old);
    await page.waitForFunction(() => document.getElementById('profile-wallet-days')?.value === '365');
    // By hand (tests/prospects.rs, 365 days): loyal c4, growth c3 and c7, convenience c2 and c5, low c1.
    const grid = await rows(page, 'profile-wallet-grid');
    assert.deepEqual(
      grid.map((r) => r.customers),
      [1, 2, 2, 1],
    );
    const winning = await rows(page, 'profile-wallet-winning');
    assert.deepEqual(
      winning.map((r) => r.customer),
      ['c3', 'c7'],
    );
    if (!needCli(t)) return;
    const cli = JSON.parse(execFileSync(CLI, ['profile', WALLET_SALES, '--customers', WALLET_CUSTOMERS, '--wallet-days', '365', '--json']).toString()).share_of_wallet;
    assert.deepEqual(
      winning.map((r) => [r.customer, r.spend, r.category_spend, r.share, r.headroom]),
      cli.worth_winning.map((c) => [c.customer, c.spend, c.category_spend, c.share, c.headroom]),
    );
  });
});

describe('prospects in the Profiles view', () => {
  let browser;
  let page;
  let dir;
  before(async () => {
    browser = await startBrowser();
    dir = tempDir();
    page = await browser.newPage('#profiles');
    await chooseFile(page, SALES);
    await waitReport(page);
    await waitDone(page);
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => assertNoProblems(browser));

  it('asks for a customers file first, then scores the prospects as the command line does', async (t) => {
    let old = await rendered(page);
    await page.setInputFiles('#profile-prospects-file', LEADS);
    await waitDone(page, old);
    assert.match(await page.locator('#profile-prospects-status').innerText(), /Add a customers file first/);
    old = await rendered(page);
    await page.setInputFiles('#profile-customers-file', CUSTOMERS);
    await waitDone(page, old);
    await page.waitForSelector('#profile-prospects-table');
    const shown = await rows(page, 'profile-prospects-table');
    assert.deepEqual(
      shown.map((r) => r.prospect),
      ['L3', 'L2', 'L1', 'L4', 'L5'],
    );
    assert.match(await page.locator('#profile-prospects-auc').innerText(), /^On 6 customers held out of the learning, the model ranks one of the best customers above another customer 100(\.0)?\s?% of the time/);
    assert.match(shown[0].reasons, /tier “gold”; region “north”/);
    if (!needCli(t)) return;
    const out = path.join(dir, 'scores.csv');
    const cli = JSON.parse(execFileSync(CLI, ['prospects', SALES, '--customers', CUSTOMERS, '--prospects', LEADS, '--json', '--out', out]).toString());
    assert.equal(Number(await page.locator('#profile-prospects-auc').getAttribute('data-auc')), cli.validation.auc);
    assert.deepEqual(
      shown.map((r) => [r.prospect, r.decile, r.expected_value]),
      cli.prospects.map((p) => [p.prospect, p.decile, p.expected_value]),
    );
    shown.forEach((r, i) => assert.ok(Math.abs(r.score - cli.prospects[i].score) <= 1e-12, `${r.prospect}: ${r.score} vs ${cli.prospects[i].score}`));
    // The CSV download is the core's, as --out writes it: texts equal, numbers to 1e-12 relative (the
    // WebAssembly build's exponential may differ from the native one in the last bit of a score).
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('#profile-prospects-csv')]);
    const cells = (text) => text.trimEnd().split('\n').map((l) => l.split(','));
    const [got, want] = [cells(fs.readFileSync(await d.path(), 'utf8')), cells(fs.readFileSync(out, 'utf8'))];
    assert.deepEqual(got[0], want[0]);
    assert.equal(got.length, want.length);
    want.forEach((row, i) =>
      row.forEach((w, j) => {
        const g = got[i][j];
        if (w === '' || Number.isNaN(Number(w))) assert.equal(g, w, `row ${i} column ${j}`);
        else assert.ok(Math.abs(Number(g) - Number(w)) <= 1e-12 * Math.max(1, Math.abs(Number(w))), `row ${i} column ${j}: ${g} vs ${w}`);
      }),
    );
  });

  it('downloads the top prospects in a platform layout as the command line writes it', async (t) => {
    await page.selectOption('#profile-prospects-list-format', 'meta');
    await page.check('#profile-prospects-list-hash');
    await page.selectOption('#profile-prospects-list-deciles', '2');
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('#profile-prospects-list-save')]);
    const got = fs.readFileSync(await d.path(), 'utf8');
    assert.match(d.suggestedFilename(), /prospects-best-meta-sha256\.csv$/);
    assert.equal(got.split('\n')[0], 'email,phone,fn,ln,zip,country,extern_id,list');
    await page.waitForSelector('#profile-prospects-list-status[data-count]');
    const count = Number(await page.locator('#profile-prospects-list-status').getAttribute('data-count'));
    assert.equal(got.trimEnd().split('\n').length, count + 1);
    assert.match(await page.locator('#profile-prospects-list-status').innerText(), new RegExp(`^${count} prospects saved, tagged prospects-best\\.`));
    // The choices stay as they were after the status is shown.
    assert.equal(await page.locator('#profile-prospects-list-format').inputValue(), 'meta');
    assert.equal(await page.locator('#profile-prospects-list-deciles').inputValue(), '2');
    if (!needCli(t)) return;
    const out = path.join(dir, 'list.csv');
    execFileSync(CLI, ['prospects', SALES, '--customers', CUSTOMERS, '--prospects', LEADS, '--list-out', out, '--format', 'meta', '--hash', '--deciles', '2']);
    assert.equal(got, fs.readFileSync(out, 'utf8'));
    assert.ok(count > 0 && count < 5, `deciles 1–2 hold some of the five prospects: ${count}`);
  });

  it('speaks Portuguese', async () => {
    await page.selectOption('#language', 'pt');
    await page.waitForFunction(() => document.getElementById('profile-prospects-title')?.textContent === 'Prospects parecidos');
    assert.match(await page.locator('#profile-prospects-auc').innerText(), /o modelo coloca um cliente do grupo \(os melhores clientes\) acima de outro cliente/);
    await page.selectOption('#language', 'en');
  });

  it('says when the files share no attribute', async () => {
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'lead,colour\nL1,red\nL2,blue\n');
    const old = await rendered(page);
    await page.setInputFiles('#profile-prospects-file', bad);
    await waitDone(page, old);
    assert.equal(await page.locator('#profile-prospects-error').getAttribute('data-code'), 'no_shared_attributes');
    await page.click('#profile-prospects-remove');
  });
});
