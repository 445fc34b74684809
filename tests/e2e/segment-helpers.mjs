// Helpers of the Segments view's browser tests (no tests in this file): the command line's report for the
// same file, waiting for the segmentation, re-running it, reading tables and downloaded CSVs.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT } from './helpers.mjs';

export const CLI = process.env.CLIENTELA_CLI ?? [path.join(ROOT, 'target', 'quick', 'clientela'), path.join(ROOT, 'target', 'release', 'clientela')].find((p) => fs.existsSync(p)) ?? path.join(ROOT, 'target', 'quick', 'clientela');
export const haveCli = fs.existsSync(CLI);

/** True when the native CLI is built; else skips the test, or fails it in CI (CI=true), where it must be. */
export function needCli(t) {
  if (haveCli) return true;
  const why = `${CLI} is missing: cargo build --profile quick (npm test builds it)`;
  if (process.env.CI === 'true') assert.fail(why);
  t.skip(why);
  return false;
}

/**
 * The CLI's segmentation report of `file` (null when the native binary has not been built).
 * `npm test` builds it (cargo test --profile quick --all-targets) before the browser tests run.
 */
export function cliSegment(file, ...args) {
  if (!haveCli) return null;
  return JSON.parse(execFileSync(CLI, ['segment', file, '--json', ...args], { maxBuffer: 64 << 20 }).toString());
}

/** Waits until the segmentation answered; returns 'done' or 'error'. */
export async function waitSegments(page, timeout = 60_000) {
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.segments), null, { timeout });
  return page.evaluate(() => document.body.dataset.segments);
}

/** Waits for a segmentation and fails with the view's message when it is an error. */
export async function waitSegmentsDone(page, timeout = 60_000) {
  const s = await waitSegments(page, timeout);
  if (s !== 'done') assert.fail(`expected segments, the view shows an error: ${await page.locator('#segments-error').innerText()}`);
}

/** Clicks a button that re-runs the segmentation and waits for the new report. */
export async function rerun(page, selector) {
  await page.evaluate(() => {
    document.getElementById('segments').firstElementChild.dataset.old = 'yes';
  });
  await page.click(selector);
  await page.waitForFunction(() => document.body.dataset.segments === 'done' && !document.querySelector('#segments [data-old]'), null, { timeout: 60_000 });
}

/** Shows every row of a table that pages (its "Show more" button, www/tables.js) before a test reads them all. */
export async function showAllRows(page, table) {
  const more = page.locator(`button.more[data-more="${table}"]`);
  while ((await more.count()) && (await more.isVisible())) await more.click();
}

/** The data-value numbers of a table's column, row by row (every row, also those behind "Show more"). */
export async function columnValues(page, table, col) {
  await showAllRows(page, table);
  return page.$$eval(`#${table} tbody [data-col="${col}"]`, (cells) => cells.map((c) => Number(c.dataset.value)));
}

/** Equal up to rounding. */
export const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: page ${a}, expected ${b}`);

/** Parses CSV text (quoted fields, CRLF) into rows of strings. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/** Clicks a table's "Download CSV" button and parses the file. */
export async function downloadCsv(page, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`button[data-csv="${name}"]`).click()]);
  // Named after the list and the file: "<file>-<list>.csv" (www/csv.js csvName).
  assert.ok(download.suggestedFilename().endsWith(`-${name}.csv`), download.suggestedFilename());
  return parseCsv(fs.readFileSync(await download.path(), 'utf8'));
}
