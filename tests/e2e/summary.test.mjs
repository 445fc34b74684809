// The shareable summary (issue 20, item 8): "Summary" shows one or two printed pages — key figures, the
// RFM segments, the monthly revenue, the top actions — made in the page from the segmentation report, and
// offers it as one HTML file. On the real Online Retail file: the file's figures are those of
// `clientela segment --json` on the same file (the same core, natively), it refers to nothing outside itself
// (no URL, no script, no src or href but "#" and data:), it shows in a fresh page with JavaScript off and no
// request, and the printed summary is at most two A4 or Letter pages. On the core's synthetic shop (4,000
// rows, seed 5): the summary speaks Portuguese without English or raw keys, its "Print summary" prints it,
// it fits a 390 px phone. Nothing leaves the page's origin (helpers.mjs: any foreign request fails the test).

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startBrowser, assertNoProblems, waitReport, chooseFile, tempDir, writeFile, sampleCsv, ONLINE_RETAIL_GZ, haveOnlineRetail, CHROMIUM_ARGS, ROOT } from './helpers.mjs';
import { cliSegment, needCli, waitSegmentsDone, close } from './segment-helpers.mjs';
import { assertFitsPhone } from './phone.mjs';

const DATA = path.resolve(import.meta.dirname, '..', 'data');

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Serious and critical axe violations on the page as it is (as in a11y.test.mjs). */
async function axeProblems(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })));
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.join(' | ')}`);
}

/** Opens the summary (unless it is open) and waits for its document. */
async function openSummary(page) {
  await page.waitForFunction(() => !document.getElementById('summary-open').disabled, null, { timeout: 60_000 });
  if ((await page.getAttribute('#summary-open', 'aria-expanded')) !== 'true') await page.click('#summary-open');
  await page.waitForSelector('#summary-doc #summary-title', { state: 'visible' });
}

/** Downloads the one-file HTML: {name, html}. */
async function downloadHtml(page) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('#summary-html')]);
  return { name: d.suggestedFilename(), html: fs.readFileSync(await d.path(), 'utf8') };
}

/** The PDF's page count: its /Type /Page objects (not /Pages). */
const pdfPages = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

/** The raw numbers of the file's data-key="sum.<figure>" elements: {figure: number}. */
function figuresOf(html) {
  const out = {};
  for (const m of html.matchAll(/<dd class="num" data-key="sum\.(\w+)" data-value="([^"]*)"/g)) out[m[1]] = Number(m[2]);
  return out;
}

/** The segments table's rows of the file: {key: {customers, revenue}}. */
function segmentsOf(html) {
  const out = {};
  for (const m of html.matchAll(/<tr data-segment="(\w+)"[^>]*>([\s\S]*?)<\/tr>/g)) {
    const cell = (col) => Number(new RegExp(`data-col="${col}" data-value="([^"]*)"`).exec(m[2])?.[1]);
    out[m[1]] = { customers: cell('customers'), revenue: cell('revenue') };
  }
  return out;
}

/** Everything in the file that could make a browser load or run something, as a list of findings. */
function externalReferences(html) {
  const found = [];
  for (const m of html.matchAll(/\b(?:https?|ftp):\/\/[^\s"'<>)]*/gi)) found.push(`URL ${m[0]}`);
  for (const m of html.matchAll(/\/\/[a-z0-9-]+\.[a-z]{2,}/gi)) found.push(`protocol-relative ${m[0]}`);
  for (const m of html.matchAll(/<(script|link|img|iframe|object|embed|audio|video|source|base|form|use|image)\b[^>]*>/gi)) found.push(`element ${m[0]}`);
  for (const m of html.matchAll(/(?<=\s)(src|href|xlink:href|srcset|action|formaction|poster|data|background)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi)) {
    const v = m[2].replace(/^["']|["']$/g, '');
    if (!(v.startsWith('#') || v.startsWith('data:'))) found.push(`attribute ${m[0]}`);
  }
  for (const m of html.matchAll(/url\(\s*['"]?([^'")]*)/gi)) if (!m[1].startsWith('data:') && !m[1].startsWith('#')) found.push(`css url(${m[1]})`);
  if (/@import/i.test(html)) found.push('css @import');
  if (/\son[a-z]+\s*=/i.test(html.replace(/<style>[\s\S]*?<\/style>/g, ''))) found.push('event handler attribute');
  if (/javascript:/i.test(html)) found.push('javascript: URL');
  return found;
}

describe('the shareable summary of Online Retail', () => {
  let browser;
  let page;
  let dir;
  let ready = false;
  let file = null;
  before(async () => {
    if (!fs.existsSync(ONLINE_RETAIL_GZ)) return;
    browser = await startBrowser();
    dir = tempDir();
    page = await browser.newPage();
    await chooseFile(page, ONLINE_RETAIL_GZ);
    await waitReport(page, 240_000);
    await waitSegmentsDone(page, 240_000);
    await openSummary(page);
    ready = true;
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => browser && assertNoProblems(browser));

  it('downloads one HTML file whose figures and segments are the command line’s', { timeout: 120_000 }, async (t) => {
    if (!haveOnlineRetail(t) || !needCli(t)) return;
    assert.ok(ready, 'the page read and segmented the file');
    file = await downloadHtml(page);
    assert.equal(file.name, 'online_retail-summary.html');
    const cli = cliSegment(ONLINE_RETAIL_GZ);
    const o = cli.overview;
    const got = figuresOf(file.html);
    const want = {
      customers: cli.customers,
      orders: o.orders,
      revenue: cli.revenue,
      net_revenue: o.net_revenue,
      aov: o.average_order_value,
      repeat_rate: o.repeat_customer_rate,
      top10: o.top10_revenue_share,
      at_risk: o.revenue_at_risk,
    };
    assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), 'the eight key figures');
    for (const [k, v] of Object.entries(want)) close(got[k], v, k);
    // Online Retail as read by the core: 4,338 customers with a purchase before 2011-12-10.
    assert.equal(got.customers, 4338);
    const rows = segmentsOf(file.html);
    assert.deepEqual(Object.keys(rows), cli.rfm_segments.map((s) => s.key), 'every RFM segment, best first');
    for (const s of cli.rfm_segments) {
      assert.equal(rows[s.key].customers, s.customers, `${s.key} customers`);
      close(rows[s.key].revenue, s.revenue, `${s.key} revenue`);
    }
    // By their names, never their code names; the period and the as-of date are written out.
    assert.match(file.html, /<th scope="row" data-col="name">Champions<\/th>/);
    assert.doesNotMatch(file.html, />(cant_lose_them|potential_loyalists|about_to_sleep|need_attention)</);
    assert.match(file.html, /Purchases from Dec 1, 2010 up to \(not including\) Dec 10, 2011\./);
    assert.match(file.html, /data-key="sum\.file">online_retail\.csv\.gz</);
    // The chart is inline SVG (bars stacked by segment group); the top actions name the revenue at risk.
    assert.equal((file.html.match(/<svg\b/g) ?? []).length, 1);
    assert.equal((file.html.match(/<g class="series" data-kind="bar"/g) ?? []).length, 4);
    assert.match(file.html, /<li data-action="revenue_at_risk">Win back [\d,]+ lapsing customers: /);
  });

  it('refers to nothing outside itself and shows with JavaScript off', { timeout: 60_000 }, async (t) => {
    if (!haveOnlineRetail(t) || !needCli(t)) return;
    assert.ok(file, 'the file was downloaded by the test before');
    // The check itself finds references.
    assert.equal(externalReferences('<img src="a.png"><a href="https://example.org/">x</a><svg><use href="b.svg#c"/></svg><style>p{background:url(d.png)}</style>').length, 8);
    assert.deepEqual(externalReferences(file.html), []);
    assert.doesNotMatch(file.html, /<script/i);
    assert.match(file.html, /^<!doctype html>\n<html lang="en">/);
    // A fresh browser, JavaScript off, every request recorded: the file alone is loaded.
    const saved = writeFile(dir, file.name, file.html);
    const other = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      const context = await other.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 800 } });
      const requests = [];
      context.on('request', (r) => requests.push(r.url()));
      const fresh = await context.newPage();
      await fresh.goto(`file://${saved}`);
      assert.deepEqual(requests, [`file://${saved}`], 'only the file itself is loaded');
      assert.equal(await fresh.title(), 'Customer summary — online_retail.csv.gz');
      assert.equal(await fresh.locator('#summary-title').innerText(), 'Customer summary');
      assert.equal(await fresh.locator('#summary-segments-table tbody tr').count(), 11);
      assert.ok(await fresh.locator('#summary-chart svg').isVisible(), 'the chart shows');
      const box = await fresh.locator('#summary-chart svg').boundingBox();
      assert.ok(box.width > 300 && box.height > 150, `the chart has a size: ${JSON.stringify(box)}`);
      // Styled by its inline CSS: the figures sit side by side.
      const cards = await fresh.locator('.summary-figure').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
      assert.equal(cards.length, 8);
      assert.ok(new Set(cards.map(Math.round)).size < cards.length, 'figures share a row');
      // It prints on at most two pages too.
      const pdf = await fresh.pdf({ format: 'A4' });
      assert.ok(pdfPages(pdf) >= 1 && pdfPages(pdf) <= 2, `${pdfPages(pdf)} pages`);
      await context.close();
    } finally {
      await other.close();
    }
  });

  it('prints the summary alone on at most two A4 or Letter pages', { timeout: 60_000 }, async (t) => {
    if (!haveOnlineRetail(t)) return;
    assert.ok(ready, 'the page read and segmented the file');
    for (const format of ['A4', 'Letter']) {
      const pdf = await page.pdf({ format, printBackground: true });
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      const n = pdfPages(pdf);
      t.diagnostic(`${format}: ${n} pages`);
      assert.ok(n >= 1 && n <= 2, `${format}: ${n} pages`);
    }
    // Only the summary is printed: the views, the header and the summary's buttons are not.
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() => ['#views', '.top', '#panels', '.summary-bar', '#summary-doc'].map((s) => document.querySelector(s).getClientRects().length > 0));
    await page.emulateMedia({ media: null });
    assert.deepEqual(shown, [false, false, false, false, true]);
  });
});

describe('the shareable summary', () => {
  let browser;
  let page;
  let dir;
  before(async () => {
    browser = await startBrowser();
    dir = tempDir();
    page = await browser.newPage();
    await chooseFile(page, writeFile(dir, 'shop.csv', Buffer.from(await sampleCsv(4000, 5))));
    await waitReport(page);
    await waitSegmentsDone(page);
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => assertNoProblems(browser));

  it('is shown in place of the views, accessible, prints with “Print summary” and goes back', async () => {
    await openSummary(page);
    assert.equal(await page.locator('#panels').isVisible(), false);
    assert.equal(await page.locator('#summary-segments-table tbody tr').count(), 11);
    await page.evaluate(() => {
      window.printed = [];
      window.print = () => window.printed.push(document.body.classList.contains('summary-open'));
    });
    await page.click('#summary-print');
    assert.deepEqual(await page.evaluate(() => window.printed), [true]);
    for (const theme of ['light', 'dark']) {
      await page.selectOption('#theme', theme);
      assert.deepEqual(await axeProblems(page), [], `the summary, ${theme} theme`);
    }
    await page.selectOption('#theme', 'system');
    await page.click('#summary-close');
    assert.equal(await page.locator('#summary-sheet').isVisible(), false);
    assert.equal(await page.locator('#panels').isVisible(), true);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'summary-open');
    // The button shows it and hides it again; so does Escape.
    await page.click('#summary-open');
    assert.equal(await page.getAttribute('#summary-open', 'aria-expanded'), 'true');
    await page.click('#summary-open');
    assert.equal(await page.locator('#summary-sheet').isVisible(), false);
    await openSummary(page);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#summary-sheet').isVisible(), false);
  });

  it('speaks Portuguese, with no English and no raw keys, also in its file', async () => {
    await openSummary(page);
    await page.selectOption('#language', 'pt');
    await page.waitForFunction(() => document.documentElement.lang === 'pt' && document.getElementById('summary-title').textContent === 'Resumo dos clientes');
    const text = await page.locator('#summary-sheet').innerText();
    const { html, name } = await downloadHtml(page);
    assert.equal(name, 'shop-summary.html');
    assert.match(html, /<html lang="pt">/);
    const fileText = html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ');
    for (const [what, s] of [['page', text], ['file', fileText]]) {
      const words = s.replaceAll('shop.csv', '');
      assert.doesNotMatch(words, /(?<!\p{L})(the|and|with|of|are|is|from|your|this|than|when|each|customers?|revenue)(?!\p{L})/iu, `${what}: English words`);
      assert.doesNotMatch(words, /\b(summary|overview|seg|segment|group|role|view)\.[a-z_.]+/, `${what}: a raw key`);
    }
    assert.match(text, /Principais ações/);
    await page.selectOption('#language', 'en');
    await page.waitForFunction(() => document.getElementById('summary-title').textContent === 'Customer summary');
  });

  it('leaves out what the file cannot say: money without a price column, the revenue at risk of a per-customer summary', async () => {
    // The synthetic shop without its UnitPrice column: customers and orders, no revenue, no chart.
    const csv = Buffer.from(await sampleCsv(4000, 5)).toString('utf8').split('\n').map((l) => l.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).filter((_, i) => i !== 5).join(',')).join('\n');
    const plain = await browser.newPage();
    await chooseFile(plain, writeFile(dir, 'no_prices.csv', csv));
    await waitReport(plain);
    await waitSegmentsDone(plain);
    await openSummary(plain);
    const keys = await plain.$$eval('#summary-figures [data-key]', (els) => els.map((e) => e.dataset.key));
    assert.deepEqual(keys, ['sum.customers', 'sum.orders', 'sum.repeat_rate']);
    assert.equal(await plain.locator('#summary-chart').count(), 0);
    assert.equal(await plain.locator('#summary-segments-table thead th').count(), 2);
    assert.match(await plain.locator('#summary-actions li').first().innerText(), /^(Champions|Loyal) \(\d+ customers?, [\d.]+% of the customers\): /);
    await plain.close();
    // A per-customer summary (tests/data/customer_summary.csv): no months, no revenue at risk.
    const summary = await browser.newPage();
    await chooseFile(summary, path.join(DATA, 'customer_summary.csv'));
    await waitReport(summary);
    await waitSegmentsDone(summary);
    await openSummary(summary);
    const figures = await summary.$$eval('#summary-figures [data-key]', (els) => els.map((e) => e.dataset.key));
    assert.ok(figures.includes('sum.revenue') && !figures.includes('sum.at_risk'), figures.join(' '));
    assert.equal(await summary.locator('#summary-chart').count(), 0);
    assert.equal(await summary.locator('#summary-actions li[data-action="revenue_at_risk"]').count(), 0);
    await summary.close();
  });

  it('fits a 390 px phone without scrolling sideways', async () => {
    await openSummary(page);
    await assertFitsPhone(page, ['#summary-sheet', '.summary-bar', '#summary-doc', '#summary-figures', '#summary-segments-table', '#summary-chart svg', '#summary-actions']);
    await page.setViewportSize({ width: 390, height: 844 });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.setViewportSize({ width: 1200, height: 900 });
    assert.ok(wide <= 0, `the page scrolls sideways by ${wide} px`);
    await page.click('#summary-close');
  });
});
