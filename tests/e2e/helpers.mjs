// Shared setup for the browser tests (no tests in this file): the static server, headless Chromium with a
// fresh profile, and guards that fail a test on any page error, console error or request that leaves the
// page's own origin. Test files are made in a temp folder; nothing is built here (`npm run test:e2e`
// builds www/pkg first).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { before, after, afterEach } from 'node:test';
import { chromium } from 'playwright-core';
import { serve, WWW } from '../../scripts/serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The real Online Retail file, outside the repository (CLIENTELA_ONLINE_RETAIL_GZ points elsewhere). */
export const ONLINE_RETAIL_GZ = process.env.CLIENTELA_ONLINE_RETAIL_GZ || path.resolve(ROOT, '..', 'shared', 'data', 'online_retail.csv.gz');

/**
 * Whether the Online Retail file is there for test context `t`: when it is absent the test is skipped with a
 * message — except in CI (`CI=true`), where it fails instead of passing silently.
 */
export function haveOnlineRetail(t) {
  if (fs.existsSync(ONLINE_RETAIL_GZ)) return true;
  if (['true', '1'].includes(process.env.CI ?? '')) assert.fail(`CI needs the Online Retail file at ${ONLINE_RETAIL_GZ} (see ../shared/data/README.md)`);
  t.skip(`the Online Retail file is absent (${ONLINE_RETAIL_GZ})`);
  return false;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Throws a clear message when the wasm package has not been built. */
export function requirePkg() {
  for (const f of ['clientela.js', 'clientela_bg.wasm']) {
    if (!fs.existsSync(path.join(WWW, 'pkg', f))) {
      throw new Error(`www/pkg/${f} is missing: build the page first with \`bash scripts/build.sh\` (or run \`npm run test:e2e\`, which builds it).`);
    }
  }
}

/** A temp folder removed by the returned cleanup function. */
export function tempDir(prefix = 'clientela-e2e-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Starts the server and a browser with a fresh profile.
 * Returns {url, origin, context, problems, newPage(query?), close()}; `problems` collects every page error,
 * console error and foreign request of the whole context (file: pages, as the one-file build, are not foreign).
 * Service workers are blocked unless `serviceWorkers: 'allow'`: pages served from the app's service worker
 * cache never reach `context.route()`, which tests that break a file on purpose rely on. `root` is the
 * served folder (www/ by default); `locale` the browser's language (navigator.languages); `currency` the
 * remembered currency setting ('none' = plain numbers, as the command line prints; null = none remembered).
 */
export async function startBrowser({ serviceWorkers = 'block', root = WWW, locale, currency = 'none' } = {}) {
  requirePkg();
  const server = await serve({ port: 0, root });
  const origin = new URL(server.url).origin;
  const profile = tempDir('clientela-profile-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 900 },
    serviceWorkers,
    ...(locale ? { locale } : {}),
  });
  // Money as plain numbers unless a test asks otherwise (`currency: null` keeps the page's own default,
  // the browser region's currency): the tests compare figures with the command line's, which has none.
  // Only when the setting is absent, so that a test's own choice survives a reload.
  if (currency !== null) {
    await context.addInitScript((c) => {
      try {
        const s = JSON.parse(localStorage.getItem('clientela.settings') ?? '{}');
        if (!('currency' in s)) localStorage.setItem('clientela.settings', JSON.stringify({ ...s, currency: c }));
      } catch {
        // no storage (opaque origin): the page then uses its default
      }
    }, currency);
  }
  const problems = [];
  // Context-level requests include the worker's script and the wasm fetch.
  context.on('request', (req) => {
    const u = req.url();
    if (u.startsWith('data:') || u.startsWith('blob:') || u.startsWith('file:')) return;
    if (new URL(u).origin !== origin) problems.push(`request to another origin: ${u}`);
  });
  const watch = (page) => {
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
  };
  context.on('page', watch);
  for (const p of context.pages()) watch(p);

  return {
    /** The static server (a test may stop it: `await browser.server.close()`). */
    server,
    url: server.url,
    origin,
    context,
    problems,
    /** Opens the page (optionally with a query string such as '?max-memory-mb=1') and waits for it. */
    async newPage(query = '') {
      const page = await context.newPage();
      await page.goto(server.url + query);
      await page.waitForFunction(() => document.body.dataset.state === 'idle');
      return page;
    },
    async close() {
      await context.close();
      await server.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The hooks of a suite that uses one browser and one temp folder: both made before its tests (and handed to
 * `set(browser, dir)`), both closed after them, and no browser problem allowed after each test.
 */
export function browserSuite(set) {
  let browser;
  let dir;
  before(async () => {
    browser = await startBrowser();
    dir = tempDir();
    set(browser, dir);
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => assertNoProblems(browser));
}

/** Asserts that nothing went wrong in the browser so far, then forgets what was seen. */
export function assertNoProblems(browser) {
  const seen = browser.problems.splice(0);
  assert.deepEqual(seen, [], 'the browser reported problems');
}

/** Whether view `id` has settled: its analysis answered or failed, or it says what the file lacks. Runs in the page
 * (`page.waitForFunction(viewSettled, id)`), so it uses nothing from this module. */
export function viewSettled(id) {
  const panel = document.getElementById(`view-${id}`);
  if (!panel || panel.dataset.lacks) return true;
  if (id === 'value') return ['done', 'error'].includes(panel.dataset.clv) || !!panel.querySelector('#value-empty');
  if (id === 'baskets') {
    const b = panel.querySelector('.baskets');
    return (b && ['done', 'error'].includes(b.dataset.state)) || !!panel.querySelector('#baskets-empty');
  }
  if (id === 'sequences') {
    const s = panel.querySelector('.sequences');
    return s ? s.getAttribute('aria-busy') === 'false' : !!panel.textContent.trim();
  }
  if (id === 'predict') return ['done', 'error'].includes(panel.dataset.predict) && ['done', 'error'].includes(panel.dataset.forecast);
  return true;
}

/** Waits until the page finished a read: 'done' or 'error' (the read number must have changed). */
export async function waitSettled(page, timeout = 60_000) {
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), null, { timeout });
  return page.evaluate(() => document.body.dataset.state);
}

/** Waits for a finished report and returns the state. Fails with the page's error message otherwise. */
export async function waitReport(page, timeout = 60_000) {
  const s = await waitSettled(page, timeout);
  if (s !== 'done') {
    const msg = await page.locator('#error').innerText();
    assert.fail(`expected a report, the page shows an error: ${msg}`);
  }
}

/** Text of the element with data-key=key. */
export function keyText(page, key) {
  return page.locator(`[data-key="${key}"]`).first().innerText();
}

/** Sets a file on the file input by path and waits for the read to start. */
export async function chooseFile(page, file) {
  await page.setInputFiles('#file', file);
}

/** Writes a file into dir and returns its path. */
export function writeFile(dir, name, content) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

let wasmReady = null;
/** The core's synthetic shop CSV (same generator as the CLI's `generate`), made in node from www/pkg. */
export async function sampleCsv(rows, seed) {
  requirePkg();
  wasmReady ??= import('../../www/pkg/clientela.js').then((m) => {
    m.initSync({ module: fs.readFileSync(path.join(WWW, 'pkg', 'clientela_bg.wasm')) });
    return m;
  });
  const m = await wasmReady;
  return m.sampleCsv(rows, seed);
}
