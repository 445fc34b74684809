// Startup of the one-file build against the served app, in headless Chromium: for each, 5 fresh pages,
// the median time from navigation to the page's idle state and from "Load sample data" (20,000 rows) to
// the rendered data report. The one file decodes ~1 MB of base64 wasm in its worker; this shows what that
// costs. Timings are reported, never asserted.
//
//   bash scripts/build.sh && node benches/browser/startup.mjs

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { buildSingle } from '../../scripts/build-single.mjs';

const RUNS = 5;
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clientela-startup-'));
const single = await buildSingle({ out: path.join(dir, 'clientela.html') });
const server = await serve({ port: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(url) {
  const open = [];
  const sample = [];
  for (let i = 0; i < RUNS; i += 1) {
    // A fresh context each time: nothing cached from the run before.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    let t = performance.now();
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.state === 'idle');
    open.push(performance.now() - t);
    t = performance.now();
    await page.click('#sample');
    await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 60_000 });
    sample.push(performance.now() - t);
    await context.close();
  }
  return { open: median(open), sample: median(sample) };
}

try {
  const rows = [
    ['served (http://127.0.0.1)', await measure(server.url)],
    [`one file (file://, ${(single.bytes / 1024).toFixed(0)} KiB)`, await measure(pathToFileURL(single.out).href)],
  ];
  console.log('| page | open → idle (ms, median) | sample → report (ms, median) |\n| --- | --- | --- |');
  for (const [name, r] of rows) console.log(`| ${name} | ${r.open.toFixed(0)} | ${r.sample.toFixed(0)} |`);
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
