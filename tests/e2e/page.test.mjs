// The page around the analyses: views routed by the URL hash (tabs, keyboard, back/forward, reload), the
// Overview's figures against the segment report and the command line, definitions at hand, the Glossary,
// every export (JSON, CSV of every table with formula protection, PNG and SVG of the charts), the print
// layout, the language switch and the remembered settings. One browser for the whole file.

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startBrowser, assertNoProblems, waitReport, keyText, tempDir, writeFile, sampleCsv, viewSettled } from './helpers.mjs';
import { cliSegment, waitSegmentsDone, parseCsv, close } from './segment-helpers.mjs';
import { LANGUAGES } from '../../www/i18n/languages.js';

const VIEWS = ['overview', 'data', 'segments', 'baskets', 'sequences', 'value', 'predict', 'profiles', 'glossary'];

/** Clicks `selector` and returns the download's suggested name and bytes. */
async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.locator(selector).first().click()]);
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(await d.path()) };
}

const selected = (page) => page.$eval('#views [aria-selected="true"]', (t) => t.dataset.view);

async function showView(page, id) {
  await page.click(`#tab-${id}`);
  await page.locator(`#view-${id}`).waitFor({ state: 'visible' });
  // A view that runs its own analysis redraws when it answers: wait for that, so checks see the drawn view.
  await page.waitForFunction(viewSettled, id, { timeout: 90_000 });
}

describe('the page: views, overview, exports, print and languages', () => {
  let browser;
  let dir;
  let page;
  let report;
  before(async () => {
    browser = await startBrowser();
    dir = tempDir();
    page = await browser.newPage();
    await page.click('#sample');
    await waitReport(page);
    await waitSegmentsDone(page);
    await page.locator('#overview-figures').waitFor();
    await showView(page, 'segments');
    const json = await download(page, '#segments-json');
    report = JSON.parse(json.bytes.toString('utf8'));
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => assertNoProblems(browser));

  it('routes the views by the hash: tabs, arrow keys, back and forward, links, reload', async () => {
    const p = await browser.newPage();
    assert.equal(await selected(p), 'overview');
    assert.deepEqual(await p.$$eval('#views [role="tab"]', (ts) => ts.map((t) => t.dataset.view)), VIEWS);
    // Exactly one tab in the tab order (roving tabindex).
    assert.deepEqual(await p.$$eval('#views [role="tab"]', (ts) => ts.map((t) => t.tabIndex)), VIEWS.map((_, i) => (i ? -1 : 0)));
    await p.click('#tab-segments');
    assert.equal(new URL(p.url()).hash, '#segments');
    assert.equal(await p.locator('#view-segments').isVisible(), true);
    assert.equal(await p.locator('#view-overview').isHidden(), true);
    await p.focus('#tab-segments');
    await p.keyboard.press('ArrowRight');
    const next = VIEWS[VIEWS.indexOf('segments') + 1];
    assert.equal(await selected(p), next);
    assert.equal(await p.evaluate(() => document.activeElement.id), `tab-${next}`);
    await p.keyboard.press('End');
    assert.equal(await selected(p), 'glossary');
    await p.keyboard.press('ArrowRight'); // wraps around
    assert.equal(await selected(p), 'overview');
    await p.keyboard.press('End');
    assert.equal(await selected(p), 'glossary');
    await p.keyboard.press('Home');
    assert.equal(await selected(p), 'overview');
    // Back and forward walk the views.
    await p.goBack();
    await p.waitForFunction(() => document.body.dataset.view === 'glossary');
    await p.goBack();
    await p.waitForFunction(() => document.body.dataset.view === 'overview');
    await p.goBack();
    await p.waitForFunction(() => document.body.dataset.view === 'glossary');
    await p.goForward();
    await p.waitForFunction(() => document.body.dataset.view === 'overview');
    // The overview links into each other view.
    assert.deepEqual(await p.$$eval('#overview-links a', (as) => as.map((a) => a.getAttribute('href'))), VIEWS.slice(1).map((v) => `#${v}`));
    await p.click('#overview-links a[data-link="data"]');
    await p.waitForFunction(() => document.body.dataset.view === 'data');
    // A term of the glossary by its address; an unknown view falls back to the overview.
    await p.goto(`${browser.url}#glossary/term-gini`);
    await p.waitForFunction(() => document.body.dataset.view === 'glossary');
    assert.equal(await p.locator('#term-gini').isVisible(), true);
    await p.goto(`${browser.url}#nowhere`);
    await p.waitForFunction(() => document.body.dataset.view === 'overview');
    // A reload keeps the view and asks for the file again (the data is never stored).
    await p.goto(`${browser.url}#segments`);
    await p.reload();
    await p.waitForFunction(() => document.body.dataset.state === 'idle');
    assert.equal(await selected(p), 'segments');
    assert.equal(await p.locator('#segments section').count(), 0);
    await p.click('#tab-overview');
    assert.match(await p.locator('#overview-empty').innerText(), /Choose a sales file/);
    await p.close();
  });

  it('shows the overview figures of the segment report, with the command line’s numbers', async () => {
    await showView(page, 'overview');
    const value = async (key) => Number(await page.locator(`[data-key="ov.${key}"]`).getAttribute('data-value'));
    const o = report.overview;
    assert.equal(await value('customers'), report.customers);
    assert.equal(await value('orders'), o.orders);
    close(await value('revenue'), report.revenue, 'revenue');
    close(await value('aov'), o.average_order_value, 'average order value');
    close(await value('repeat_rate'), o.repeat_customer_rate, 'repeat rate');
    close(await value('top10'), report.top_shares.find((t) => t.percent === 10).revenue_share, 'top 10 %');
    close(await value('at_risk'), o.revenue_at_risk, 'revenue at risk');
    assert.ok(o.revenue_at_risk > 0 && o.customers_at_risk > 0, 'the sample shop has lapsing customers');
    // Internal agreement: AOV = revenue / orders; the months add up to the revenue.
    close(o.average_order_value, report.revenue / o.orders, 'revenue / orders');
    close(o.monthly_revenue.reduce((a, m) => a + m.revenue, 0), report.revenue, 'sum of the months');
    // The command line computes the same overview for the same file.
    const file = writeFile(dir, 'sample.csv', Buffer.from(await sampleCsv(20_000, 1)));
    const cli = cliSegment(file);
    if (cli) assert.deepEqual(cli.overview, o);
    // The caption says what revenue at risk is.
    assert.match(await page.locator('#at-risk-caption').innerText(), /lapsing.*12 months/);
    assert.ok((await page.locator('#monthly-chart figcaption').innerText()).length > 100);
  });

  it('has a definition at hand for each figure, by keyboard, and a glossary of every term', async () => {
    await showView(page, 'overview');
    const cards = await page.locator('#overview-figures .figure-card').count();
    // Seven figures and revenue after returns beside the gross.
    assert.equal(cards, 8);
    assert.equal(await page.locator('#overview-figures button.explain').count(), 8);
    const button = page.locator('#overview-figures [data-figure="at_risk"] button.explain');
    await button.focus();
    await page.keyboard.press('Enter');
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    const def = page.locator(`#${await button.getAttribute('aria-controls')}`);
    assert.equal(await def.isVisible(), true);
    assert.match(await def.innerText(), /lapsing/);
    await page.keyboard.press('Space');
    assert.equal(await def.isHidden(), true);
    // The glossary lists every term the brief names.
    await showView(page, 'glossary');
    for (const id of ['gini', 'lorenz', 'rfm', 'decile', 'lift', 'confidence', 'support', 'leverage', 'conviction', 'p_alive', 'clv', 'bgnbd', 'gamma_gamma', 'stage_lapsing']) {
      assert.ok((await page.locator(`#term-${id} + dd`).innerText()).length > 30, `glossary entry ${id}`);
    }
    // Each RFM segment has its meaning and action (from the core).
    await showView(page, 'segments');
    const rows = await page.$$eval('#rfm-segments-table tbody tr', (trs) => trs.map((tr) => [tr.querySelector('[data-col="meaning"]').textContent, tr.querySelector('[data-col="action"]').textContent]));
    assert.equal(rows.length, 11);
    for (const [meaning, action] of rows) assert.ok(meaning.length > 10 && action.length > 10);
  });

  it('downloads JSON of the reports that matches what is shown', async () => {
    await showView(page, 'overview');
    const ov = await download(page, 'button[data-json="overview"]');
    assert.equal(ov.name, 'overview.json');
    const o = JSON.parse(ov.bytes.toString('utf8'));
    assert.equal(o.orders, Number(await page.locator('[data-key="ov.orders"]').getAttribute('data-value')));
    assert.equal(o.monthly_revenue.length, report.overview.monthly_revenue.length);
    await showView(page, 'data');
    const dr = JSON.parse((await download(page, 'button[data-json="data-report"]')).bytes.toString('utf8'));
    assert.equal(dr.rows.total, 20_000);
    assert.equal(await keyText(page, 'rows.total'), '20,000');
    await showView(page, 'segments');
    const deciles = await page.$$eval('#deciles-table tbody [data-col="customers"]', (c) => c.map((x) => Number(x.dataset.value)));
    assert.deepEqual(deciles, report.deciles.map((d) => d.customers));
  });

  it('gives every table a CSV download that reads back as the table', async () => {
    for (const view of VIEWS) {
      await showView(page, view);
      // One synchronous look at the view (a $$eval's handles could outlive a redraw between the query and the check).
      const bare = await page.evaluate((view) =>
        // The customer list shows a page; its CSV is the whole list (data-csv="none" on the table, the button in its section).
        [...document.querySelectorAll(`#view-${view} table`)].filter((t) => !t.closest('.chart') && !(t.closest('.table-box')?.querySelector(':scope > button.csv') || t.parentElement?.nextElementSibling?.matches('button.csv') || t.nextElementSibling?.matches('button.csv') || (t.dataset.csv === 'none' && t.closest('section')?.querySelector('button.csv')))).map((t) => t.id || t.className),
      view);
      assert.deepEqual(bare, [], `tables without a CSV download in #${view}`);
    }
    // A table drawn without its own button (the data report's row counts): the CSV is the table.
    await showView(page, 'data');
    const rows = parseCsv((await download(page, 'button[data-csv="table-rows"]')).bytes.toString('utf8'));
    const shown = await page.$$eval('#rows table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
    assert.deepEqual(rows[0], ['Label', 'Value']);
    assert.deepEqual(rows.slice(1).map((r) => r[0]), shown.map((r) => r[0]));
    assert.deepEqual(rows.slice(1).map((r) => Number(r[1])), shown.map((r) => Number(r[1].replaceAll(',', ''))));
    // The mapping editor's table: a column's meaning is the chosen option, not the list of all of them.
    const mapping = parseCsv((await download(page, 'button[data-csv="table-mapping"]')).bytes.toString('utf8'));
    assert.deepEqual(mapping[0], ['Column', 'Examples', 'Meaning']);
    assert.deepEqual(mapping.find((r) => r[0] === 'Quantity')?.[2], 'Automatic: Quantity (from its name)');
    // The monthly revenue: raw numbers, one row per month.
    await showView(page, 'overview');
    await page.locator('#overview-monthly details summary').click();
    const monthly = parseCsv((await download(page, 'button[data-csv="monthly-revenue"]')).bytes.toString('utf8'));
    assert.deepEqual(monthly[0], ['month', 'best', 'growing', 'attention', 'lost', 'revenue', 'partial_days']);
    assert.equal(monthly.length - 1, report.overview.monthly_revenue.length);
    monthly.slice(1).forEach((r, i) => close(Number(r[5]), report.overview.monthly_revenue[i].revenue, `month ${i}`));
  });

  it('makes text that a spreadsheet would run inert in every table CSV', async () => {
    // A table as a view could draw it from a file's text; its CSV is made by the same code as every table's.
    await showView(page, 'overview');
    const cells = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx', 'plain'];
    await page.evaluate(async (cells) => {
      const { h } = await import('./dom.js');
      const { ensureTableCsv } = await import('./export.js');
      const table = h('table', { id: 'evil' }, h('thead', null, h('tr', null, h('th', null, 'name'))), h('tbody', null, cells.map((c) => h('tr', null, h('td', null, c)))));
      const box = h('div', { id: 'evil-box' }, table);
      document.getElementById('view-overview').append(box);
      ensureTableCsv(box);
    }, cells);
    const csv = parseCsv((await download(page, 'button[data-csv="table-evil"]')).bytes.toString('utf8'));
    // textContent is trimmed, so the tab and CR cells are checked through csvCell in csv.test.mjs.
    assert.deepEqual(csv.slice(1, 5).map((r) => r[0]), ["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd"]);
    assert.equal(csv[7][0], 'plain');
    await page.evaluate(() => document.getElementById('evil-box').remove());
  });

  it('downloads each chart as PNG and as SVG drawn from its numbers', async () => {
    await showView(page, 'overview');
    const png = await download(page, 'button[data-png="monthly-chart"]');
    assert.equal(png.name, 'monthly-chart.png');
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.bytes.length > 2000, `PNG of ${png.bytes.length} bytes`);
    const parseSvg = (text) =>
      page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        if (doc.querySelector('parsererror')) return { error: doc.querySelector('parsererror').textContent };
        return {
          root: doc.documentElement.nodeName,
          title: doc.querySelector('title').textContent,
          series: [...doc.querySelectorAll('g.series')].map((g) => ({ kind: g.dataset.kind, label: g.dataset.label, rects: g.querySelectorAll('rect').length, circles: g.querySelectorAll('circle').length, points: g.querySelector('polyline')?.getAttribute('points').trim().split(/\s+/).length ?? 0 })),
          legend: [...doc.querySelectorAll('g.legend text')].map((t) => t.textContent),
          yTicks: [...doc.querySelectorAll('g.axis.y text:not([transform])')].map((t) => t.textContent),
        };
      }, text);
    // The sample's revenue forecast continues the chart (src/forecast): wait for it, so the chart is drawn with it.
    await page.waitForSelector('#overview-forecast', { timeout: 60_000 });
    const monthly = await parseSvg((await download(page, 'button[data-svg="monthly-chart"]')).bytes.toString('utf8'));
    assert.equal(monthly.root, 'svg');
    assert.equal(monthly.title, 'Monthly revenue by segment group');
    assert.deepEqual(monthly.legend, ['Best', 'Growing', 'Need attention', 'Lost', 'Forecast', '80 % range (low)', '80 % range (high)']);
    // Money on the revenue axis in short amounts, which fit left of the axis (whole ones were cut off).
    assert.ok(monthly.yTicks.length >= 3 && monthly.yTicks.every((v) => v.length <= 8), `y ticks: ${monthly.yTicks}`);
    // One bar per month and group with revenue.
    const months = report.overview.monthly_revenue;
    const groupRevenue = (g) => months.filter((m) => g.some((k) => m.by_segment[report.overview.segments.indexOf(k)] !== 0)).length;
    assert.equal(monthly.series[0].rects, groupRevenue(['champions', 'loyal']) + months.filter((m) => !['champions', 'loyal'].some((k) => m.by_segment[report.overview.segments.indexOf(k)] !== 0)).length);
    // A bar per month for each group; the forecast's line and band (when the forecast is in) have none.
    for (const s of monthly.series.filter((s) => s.rects)) assert.equal(s.rects, months.length, `${s.label}: a bar per month`);

    await showView(page, 'segments');
    const pareto = await parseSvg((await download(page, 'button[data-svg="pareto-chart"]')).bytes.toString('utf8'));
    assert.deepEqual(pareto.series.map((s) => [s.kind, s.rects, s.points]), [['bar', 10, 0], ['line', 0, 10]]);
    const lorenz = await parseSvg((await download(page, 'button[data-svg="lorenz-chart"]')).bytes.toString('utf8'));
    assert.equal(lorenz.series[0].points, report.lorenz.length);
    const paretoPng = await download(page, 'button[data-png="pareto-chart"]');
    assert.equal(paretoPng.bytes.subarray(1, 4).toString(), 'PNG');
  });

  it('prints every view’s key sections without the controls', async () => {
    await showView(page, 'overview');
    // The button shows every view for the print dialog (stubbed here) and goes back afterwards.
    await page.evaluate(() => {
      window.printed = [];
      window.print = () => window.printed.push(document.body.classList.contains('print-all') && !document.getElementById('view-segments').hidden === false);
    });
    await page.click('#print');
    await page.waitForFunction(() => window.printed.length === 1);
    assert.deepEqual(await page.evaluate(() => window.printed), [true]);
    await page.waitForFunction(() => !document.body.classList.contains('print-all'), null, { timeout: 5000 });

    await page.emulateMedia({ media: 'print' });
    try {
      for (const sel of ['#overview-figures', '#monthly-chart', '#view-data #summary', '#view-data #rows', '#seg-rfm', '#seg-deciles', '#pareto-chart', '#seg-lifecycle', '#glossary']) {
        assert.equal(await page.locator(sel).first().isVisible(), true, `${sel} is printed`);
      }
      for (const sel of ['#views', '#open', '.prefs', '#segments-controls', '#mapping']) assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} is not printed`);
      const buttons = await page.$$eval('button', (bs) => bs.filter((b) => b.offsetParent !== null).length);
      assert.equal(buttons, 0, 'no button is printed');
      // The views are printed in the order of the tabs, the Overview first.
      assert.deepEqual(await page.$$eval('#panels > .view', (vs) => vs.map((v) => v.id)), VIEWS.map((v) => `view-${v}`));
      // Each view starts a new page.
      assert.equal(await page.$eval('#view-segments', (v) => getComputedStyle(v).breakBefore), 'page');
      // "Save as PDF": Chromium's own PDF of the print layout has the four views on pages of their own.
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      assert.ok(pages >= 4, `the PDF has ${pages} pages`);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('switches the language at runtime, with its number format, and remembers it', async () => {
    await showView(page, 'overview');
    const orders = report.overview.orders;
    for (const l of LANGUAGES) {
      const strings = (await import(`../../www/i18n/${l.code}.js`)).default;
      await page.selectOption('#language', l.code);
      await page.waitForFunction((code) => document.documentElement.lang === code, l.code);
      assert.equal(await page.locator('#tab-overview').innerText(), strings['view.overview']);
      assert.equal(await page.locator('#overview-title').innerText(), strings['overview.title']);
      assert.equal(await page.locator('#open-title').innerText(), strings['open.title']);
      const want = new Intl.NumberFormat(l.locale, { maximumFractionDigits: 0 }).format(orders);
      assert.equal(await page.locator('[data-key="ov.orders"]').innerText(), want, `${l.code} formats ${orders}`);
      // No key is shown instead of its text.
      const raw = await page.$$eval('#view-overview *, header *', (els) => els.flatMap((e) => [...e.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim())).filter((s) => /^[a-z_]+(\.[a-z0-9_]+)+$/.test(s)));
      assert.deepEqual(raw, [], `${l.code}: keys shown as text`);
    }
    await page.selectOption('#language', 'cs');
    const p = await browser.newPage();
    assert.equal(await p.evaluate(() => document.documentElement.lang), 'cs');
    assert.equal(await p.locator('#language').inputValue(), 'cs');
    await p.close();
    await page.selectOption('#language', 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
  });

  it('offers the column meanings chosen last time for the same columns, and stores no data', async () => {
    const csv = 'Order,Date,Buyer,Item,Qty,Price,Region\n1,2011-01-02,a,X,1,2.50,North\n2,2011-01-03,b,Y,2,1.50,South\n3,2011-01-04,a,X,1,2.50,North\n';
    const file = writeFile(dir, 'regions.csv', csv);
    const p = await browser.newPage('#data');
    await p.setInputFiles('#file', file);
    await waitReport(p);
    assert.equal(await p.locator('#reuse-mapping').count(), 0, 'nothing remembered yet');
    await p.selectOption('#role-7', 'customer');
    await waitReport(p);
    assert.equal(await keyText(p, 'summary.customers'), '2');
    await p.close();
    // A new visit: the same columns read automatically again, with the earlier choice offered.
    const q = await browser.newPage('#data');
    await q.setInputFiles('#file', file);
    await waitReport(q);
    assert.equal(await q.locator('#role-7').inputValue(), '');
    await q.click('#reuse-mapping');
    await waitReport(q);
    assert.equal(await q.locator('#role-7').inputValue(), 'customer');
    const stored = await q.evaluate(() => localStorage.getItem('clientela.settings'));
    assert.match(stored, /"role":"customer"/);
    assert.doesNotMatch(stored, /North|South|2\.50/);
    await q.close();
  });

  it('follows the theme choice and remembers it; a currency adds its symbol', async () => {
    await page.selectOption('#theme', 'dark');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const p = await browser.newPage();
    assert.equal(await p.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await p.close();
    await page.selectOption('#theme', 'light');
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), bg);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.selectOption('#theme', 'system');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
    await page.selectOption('#currency', 'EUR');
    await page.waitForFunction(() => document.querySelector('[data-key="ov.revenue"]').textContent.includes('€'));
    await page.selectOption('#currency', '');
    // Settings never hold data from the file.
    const stored = await page.evaluate(() => JSON.stringify(localStorage));
    assert.doesNotMatch(stored, /Champions|RETRO|12736/);
  });
});
