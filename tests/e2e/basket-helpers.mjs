// Shared steps of the Baskets view's browser tests (no tests in this file): the command line's rules for
// the same file, waiting for a mining run, running the options form, reading the rules table, comparing
// it with the command line's, and axe-core over the view.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT } from './helpers.mjs';
import { CLI, haveCli, showAllRows } from './segment-helpers.mjs';

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/**
 * `clientela rules FILE --min-support S --min-confidence C [ARGS…] --json` (null without the binary), by
 * item name unless ARGS say `--item-key`: the page mines by name when the file has names (by code otherwise,
 * as the command line does with `--item-key name` on a file without names).
 */
export function cliRules(file, support, confidence, ...args) {
  if (!haveCli) return null;
  const key = args.includes('--item-key') ? [] : ['--item-key', 'name'];
  return JSON.parse(execFileSync(CLI, ['rules', file, '--min-support', String(support), '--min-confidence', String(confidence), ...key, ...args, '--json'], { maxBuffer: 256 << 20 }).toString());
}

/** Waits until the Baskets view shows a finished run ('done' or 'error') that is not the one marked old. */
export async function waitBaskets(page, timeout = 60_000) {
  await page.waitForFunction(() => {
    const v = document.querySelector('#view-baskets .baskets');
    return v && !v.dataset.old && ['done', 'error'].includes(v.dataset.state);
  }, null, { timeout });
  return page.evaluate(() => document.querySelector('#view-baskets .baskets').dataset.state);
}

/** Sets the options form's fields ({id: value}) and runs it; waits for the new answer. */
export async function runWith(page, fields) {
  await page.evaluate(() => (document.querySelector('#view-baskets .baskets').dataset.old = 'yes'));
  for (const [id, value] of Object.entries(fields)) {
    // The finer options sit behind "More options": opened (it stays open across runs) before filling.
    await page.evaluate((id) => {
      const d = document.getElementById(id)?.closest('details');
      if (d && !d.open) d.open = true;
    }, id);
    await page.fill(`#${id}`, String(value));
  }
  await page.click('#baskets-options-apply');
  return waitBaskets(page);
}

/** The rules table as the page shows it: [{antecedent, consequent, support, …}] from data-value and text. */
export async function pageRules(page) {
  // Every rule, also those behind the table's "Show more" (www/tables.js shows 100 at first).
  await showAllRows(page, 'basket-rules');
  return page.$$eval('#basket-rules tbody tr', (trs) =>
    trs.map((tr) => {
      const cell = (c) => tr.querySelector(`[data-col="${c}"]`);
      const out = { antecedent: cell('antecedent').textContent, consequent: cell('consequent').textContent, conviction_text: cell('conviction').textContent };
      for (const c of ['support', 'confidence', 'lift', 'leverage', 'conviction', 'count']) out[c] = cell(c).dataset.value === undefined ? null : Number(cell(c).dataset.value);
      return out;
    }),
  );
}

/** The page's rules equal the CLI's top_rules: same count, same rules in order, metrics equal as shown. */
export function assertSameRules(shown, expected, n = expected.length) {
  assert.equal(shown.length, expected.length, 'number of rules shown');
  const round = (x, d) => (x === null ? null : Number(x.toFixed(d)));
  for (let i = 0; i < Math.min(n, expected.length); i++) {
    const p = shown[i];
    const e = expected[i];
    const what = `rule ${i + 1} (${e.antecedent.join(', ')} → ${e.consequent.join(', ')})`;
    assert.equal(p.antecedent, e.antecedent.join(', '), what);
    assert.equal(p.consequent, e.consequent.join(', '), what);
    assert.equal(p.count, e.count, `${what} count`);
    // Shown with 4, 3, 2, 4, 2 decimals: equal at those roundings.
    for (const [m, d] of [['support', 4], ['confidence', 3], ['lift', 2], ['leverage', 4], ['conviction', 2]]) assert.equal(round(p[m], d), round(e[m], d), `${what} ${m}`);
    if (e.conviction === null) assert.equal(p.conviction_text, '∞', `${what}: infinite conviction shown as ∞`);
  }
}

export async function axeProblems(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document.getElementById('view-baskets'), { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join('')}`) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.join(' | ')}`);
}
