// Clientela without a network: the one-file build (scripts/build-single.mjs) opened from file:// with
// networking blocked, the served app working offline from its service worker (www/sw.js), a new build
// replacing the old cache, and the web app manifest. The one-file page is built here, into a temp folder,
// from the current www/ and www/pkg (so it can never be stale); `npm run build:single` runs the same code.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startBrowser, assertNoProblems, waitReport, keyText, tempDir, writeFile, requirePkg } from './helpers.mjs';
import { waitSegmentsDone } from './segment-helpers.mjs';
import { buildSingle } from '../../scripts/build-single.mjs';
import { writePrecache } from '../../scripts/precache.mjs';
import { WWW } from '../../scripts/serve.mjs';

/** Clicks "Load sample data" and waits for the data report and the segmentation. */
async function analyseSample(page) {
  await page.click('#sample');
  await waitReport(page);
  await waitSegmentsDone(page);
}

/** What the analysis shows: every data-key value of the report and the Segments view's text. */
async function shown(page) {
  return page.evaluate(() => ({
    keys: Object.fromEntries([...document.querySelectorAll('#report [data-key]')].map((e) => [e.dataset.key, e.textContent])),
    segments: document.getElementById('segments').innerText,
  }));
}

/** The sample shop's facts the page must show (the generator is seeded: `clientela generate --rows 20000 --seed 1`). */
async function assertSample(page) {
  assert.equal(await keyText(page, 'rows.total'), '20,000');
  assert.equal(await page.locator('#reconciled').getAttribute('data-reconciled'), 'true');
  const { segments } = await shown(page);
  assert.match(segments, /Customers\s*\d{2,}/, 'the Segments view shows the customer count');
  assert.ok(await page.locator('#segments table tbody tr').count() > 5, 'the Segments view has table rows');
}

/** Polls `fn(arg)` in the page (it may be async) until it returns a truthy value. */
async function until(page, fn, arg, what, timeout = 30_000) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await page.evaluate(fn, arg)) return;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the page is controlled by an activated service worker. */
async function waitControlled(page) {
  await until(page, () => navigator.serviceWorker.controller?.state === 'activated', null, 'an activated service worker in control (if it never comes: is www/build-info.js current? `bash scripts/build.sh`)');
}

/** The cache names and, per cache, the kept URLs (relative to `base`). */
function cacheContents(page, base) {
  return page.evaluate(async (base) => {
    const out = {};
    for (const name of await caches.keys()) {
      const keys = await (await caches.open(name)).keys();
      out[name] = keys.map((r) => r.url.slice(base.length)).sort();
    }
    return out;
  }, base);
}

/** The {version, files} of a folder's build-info.js (as the service worker reads it). */
function buildInfo(dir) {
  if (!fs.existsSync(path.join(dir, 'build-info.js'))) assert.fail(`${dir}/build-info.js is missing: run \`bash scripts/build.sh\``);
  const text = fs.readFileSync(path.join(dir, 'build-info.js'), 'utf8');
  return JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1));
}

describe('the one-file build', () => {
  let browser;
  let dir;
  let built;
  before(async () => {
    requirePkg();
    dir = tempDir();
    built = await buildSingle({ out: path.join(dir, 'clientela.html') });
    browser = await startBrowser();
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds everything: no reference to another file, a policy that forbids loading anything', () => {
    const html = fs.readFileSync(built.out, 'utf8');
    assert.doesNotMatch(html, /<script[^>]*\ssrc=/, 'no external script');
    assert.doesNotMatch(html, /<link[^>]*rel="(stylesheet|manifest|modulepreload)"/, 'no external stylesheet or manifest');
    assert.doesNotMatch(html, /install\.js|sw\.js|manifest\.webmanifest/, 'no service worker, no manifest');
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)[1];
    assert.equal(csp, built.csp);
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.deepEqual(directives['connect-src'], ["'none'"]);
    assert.deepEqual(directives['worker-src'], ['blob:']);
    assert.ok(!csp.includes("'unsafe-inline'") && !csp.includes("'self'") && !csp.includes('http'), csp);
    // The file stays small enough to mail: the wasm (base64) is most of it.
    assert.ok(built.bytes < 4 * built.parts.wasm, `${built.bytes} bytes for ${built.parts.wasm} of wasm`);
  });

  it('opens from file:// with networking blocked and analyses the sample like the served app', async () => {
    const { context } = browser;
    // The served app, online, for comparison (same engine, same seeded sample).
    const served = await browser.newPage();
    await analyseSample(served);
    const expected = await shown(served);
    await served.close();

    const requests = [];
    const onRequest = (req) => requests.push(req.url());
    context.on('request', onRequest);
    const block = (route) => (/^(file|data|blob):/.test(route.request().url()) ? route.continue() : route.abort());
    await context.route('**', block);
    await context.setOffline(true);
    try {
      const page = await context.newPage();
      await page.goto(pathToFileURL(built.out).href);
      await page.waitForFunction(() => document.body.dataset.state === 'idle');
      assert.equal(await page.evaluate(() => 'serviceWorker' in navigator && navigator.serviceWorker.controller), null);
      await analyseSample(page);
      await assertSample(page);
      assert.deepEqual(await shown(page), expected, 'the one file shows what the served app shows');
      // The engine, and where it reads on two workers (?read-workers=2) its splitting worker: from blob: URLs.
      const workers = page.workers().map((w) => w.url().split(':')[0]);
      assert.ok(workers.length >= 1 && workers.length <= 2 && workers.every((u) => u === 'blob'), `one engine, started from a blob: URL: ${workers}`);
      // A reload starts a fresh engine the same way; a file of the user's is read.
      await page.reload();
      await page.waitForFunction(() => document.body.dataset.state === 'idle');
      await page.setInputFiles('#file', writeFile(dir, 'tiny.csv', 'order,date,customer,item,quantity,price\n1,2024-01-02,c1,a,1,2.5\n2,2024-02-03,c2,b,2,4\n'));
      await waitReport(page);
      assert.equal(await keyText(page, 'rows.used'), '2');
      await page.close();
    } finally {
      await context.setOffline(false);
      await context.unroute('**', block);
      context.off('request', onRequest);
    }
    const foreign = requests.filter((u) => !/^(file|data|blob):/.test(u));
    assert.deepEqual(foreign, [], 'only file:, data: and blob: requests');
    assert.ok(requests.some((u) => u.startsWith('file:')), 'the page itself was seen as a request');
    assertNoProblems(browser);
  });
});

describe('the served app offline', () => {
  let browser;
  let dir;
  before(async () => {
    requirePkg();
    dir = tempDir();
    browser = await startBrowser({ serviceWorkers: 'allow' });
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its shell in a versioned cache and analyses the sample with the server gone', async () => {
    const info = buildInfo(WWW);
    const page = await browser.newPage();
    // Registered only once the page has loaded and been quiet for a while (install.js): on a first visit
    // its download of every file must not share the cores with the page's loading and first read.
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()) ?? null), null, 'no service worker registered at load');
    await waitControlledAfterReload(page);
    assert.deepEqual(await cacheContents(page, browser.url), { [`clientela-${info.version}`]: [...info.files].sort() });

    await browser.server.close();
    await browser.context.setOffline(true);
    try {
      await page.reload();
      await page.waitForFunction(() => document.body.dataset.state === 'idle');
      await analyseSample(page);
      await assertSample(page);
      // A file of the user's is read offline too, and none of it is kept.
      await page.setInputFiles('#file', writeFile(dir, 'mine.csv', 'order,date,customer,item,quantity,price\n7,2024-03-04,me,x,3,1.25\n'));
      await waitReport(page);
      assert.equal(await keyText(page, 'rows.used'), '1');
      assert.deepEqual(await cacheContents(page, browser.url), { [`clientela-${info.version}`]: [...info.files].sort() }, 'only the shell is cached');
      // Everything this page loaded came from the service worker.
      const notFromCache = await page.evaluate(() =>
        performance.getEntriesByType('resource').filter((e) => e.name.startsWith('http') && e.workerStart === 0).map((e) => e.name),
      );
      assert.deepEqual(notFromCache, []);
    } finally {
      await browser.context.setOffline(false);
    }
    await page.close();
    assertNoProblems(browser);
  });
});

/** Polls the context's service workers until the active one is activated, none waits, and `cache` is the only cache. */
async function untilTakenOver(context, cache, timeout = 30_000) {
  const end = Date.now() + timeout;
  const check = async (name) =>
    self.registration.active?.state === 'activated' && !self.registration.waiting && (await caches.keys()).join() === name;
  for (;;) {
    for (const worker of context.serviceWorkers()) {
      // A worker may stop between listing and asking: then ask again.
      if (await worker.evaluate(check, cache).catch(() => false)) return;
    }
    if (Date.now() > end) assert.fail('timed out waiting for the new service worker to take over');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Opens the page's first visit (the service worker installs), reloads it and waits until it is controlled. */
async function waitControlledAfterReload(page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.state === 'idle');
  await waitControlled(page);
}

describe('a new build', () => {
  let browser;
  let dir;
  before(async () => {
    requirePkg();
    // A copy of www/ to build "again" without touching the real one.
    dir = tempDir();
    fs.cpSync(WWW, dir, { recursive: true });
    browser = await startBrowser({ serviceWorkers: 'allow', root: dir });
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('replaces the old cache once the old version is closed', async () => {
    const old = buildInfo(dir);
    let page = await browser.newPage();
    await waitControlledAfterReload(page);
    assert.deepEqual(Object.keys(await cacheContents(page, browser.url)), [`clientela-${old.version}`]);

    // The next build changes a file: a new list, a new version.
    fs.appendFileSync(path.join(dir, 'style.css'), '\n/* next build */\n');
    const next = writePrecache(dir);
    assert.notEqual(next.version, old.version);
    // The browser finds the changed service worker (build-info.js is part of it) and installs it; the
    // open page keeps the old version until it is closed.
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      await reg.update();
    });
    await until(page, async () => (await navigator.serviceWorker.getRegistration()).waiting !== null, null, 'the new service worker to be installed');
    assert.doesNotMatch(await page.evaluate(() => fetch('style.css').then((r) => r.text())), /next build/);
    await page.close();
    // With no page of the old version left, the new worker takes over and deletes the old cache. (A page
    // opened before it has taken over would still get the old one: wait for it in the worker itself.)
    await untilTakenOver(browser.context, `clientela-${next.version}`);

    page = await browser.newPage();
    await waitControlled(page);
    assert.deepEqual(await page.evaluate(() => caches.keys()), [`clientela-${next.version}`]);
    assert.match(await page.evaluate(() => fetch('style.css').then((r) => r.text())), /next build/);
    await page.close();
    assertNoProblems(browser);
  });
});

describe('the web app manifest', () => {
  let browser;
  before(async () => {
    browser = await startBrowser({ serviceWorkers: 'allow' });
  });
  after(async () => {
    await browser?.close();
  });

  it('is valid JSON with a name, icons that exist, a start URL and a display mode', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(WWW, 'manifest.webmanifest'), 'utf8'));
    assert.ok(manifest.name && manifest.short_name);
    assert.equal(manifest.start_url, './');
    assert.ok(['standalone', 'fullscreen', 'minimal-ui'].includes(manifest.display), manifest.display);
    assert.ok(manifest.icons.length >= 2);
    for (const icon of manifest.icons) {
      const bytes = fs.readFileSync(path.join(WWW, icon.src));
      if (icon.type === 'image/png') {
        // PNG: signature, then the IHDR chunk's width and height (big-endian, bytes 16-23).
        assert.equal(bytes.subarray(1, 4).toString(), 'PNG', icon.src);
        assert.equal(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`, icon.sizes, icon.src);
      } else {
        assert.equal(icon.type, 'image/svg+xml');
        assert.match(bytes.toString(), /^<svg [^>]*viewBox=/, icon.src);
      }
    }
    assert.ok(manifest.icons.some((i) => i.sizes === '512x512') && manifest.icons.some((i) => i.sizes === '192x192'));
  });

  it('is the one the page links to, served as a manifest, and Chromium reads it without errors', async () => {
    const res = await fetch(`${browser.url}manifest.webmanifest`);
    assert.match(res.headers.get('content-type'), /^application\/manifest\+json/);
    const page = await browser.newPage();
    await waitControlledAfterReload(page);
    const cdp = await page.context().newCDPSession(page);
    const { url, errors } = await cdp.send('Page.getAppManifest');
    assert.equal(url, `${browser.url}manifest.webmanifest`);
    assert.deepEqual(errors, []);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, [], 'Chromium finds the app installable');
    await page.close();
    assertNoProblems(browser);
  });
});
