// The Baskets view mined within, and compared across, every grouping of the segmentation (not only the
// RFM segments), and item names with commas in the item fields. Expected values come from the command
// line on the same file (`clientela rules --segment cluster=0`, `--compare-by stage`, `--target NAME`,
// all with the page's default segmentation), the people's names from www/i18n/en.js, and the comma
// fixture's rules from a hand count written next to it. The groups run on the shared Online Retail file,
// or on the core's synthetic shop (helpers.mjs sampleCsv, 20,000 rows, seed 7) when it is absent.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { browserSuite, waitReport, writeFile, sampleCsv, ONLINE_RETAIL_GZ } from './helpers.mjs';
import { needCli, waitSegmentsDone, showAllRows } from './segment-helpers.mjs';
import { cliRules, waitBaskets, runWith, pageRules, assertSameRules, axeProblems } from './basket-helpers.mjs';

const en = (await import('../../www/i18n/en.js')).default;

/** The "mine within" select as shown: [{label, options: [{value, text}]}] per <optgroup>. */
function withinGroups(page) {
  return page.$$eval('#basket-segment optgroup', (gs) => gs.map((g) => ({ label: g.label, options: [...g.querySelectorAll('option')].map((o) => ({ value: o.value, text: o.textContent })) })));
}

/** The comparison table's group columns: {data-col: heading} (the rule and overall lift left out). */
function compareHeadings(page) {
  return page.$$eval('#basket-compare-table', ([table]) => {
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
    const cols = [...table.querySelectorAll('tbody tr:first-child [data-col]')].map((c) => c.dataset.col);
    return Object.fromEntries(cols.map((c, i) => [c, heads[i]]).slice(2));
  });
}

/** The first compared rule's lift per data-col (null where the group has none). */
function firstLifts(page) {
  return page.$$eval('#basket-compare-table tbody tr:first-child [data-col]', (cs) => Object.fromEntries(cs.map((c) => [c.dataset.col, c.dataset.value === undefined ? null : Number(c.dataset.value)])));
}

describe('the Baskets view across groupings', () => {
  let browser;
  let dir;
  browserSuite((b, d) => {
    browser = b;
    dir = d;
  });

  it('mines within a cluster and a lifecycle stage, compares across them, and takes a quoted name, as the command line', { timeout: 180_000 }, async (t) => {
    if (!needCli(t)) return;
    const file = fs.existsSync(ONLINE_RETAIL_GZ) ? ONLINE_RETAIL_GZ : writeFile(dir, 'shop.csv', await sampleCsv(20_000, 7));
    const support = 0.02;
    const page = await browser.newPage('#baskets');
    await page.setInputFiles('#file', file);
    await waitReport(page, 120_000);
    await waitSegmentsDone(page, 120_000);
    assert.equal(await waitBaskets(page, 120_000), 'done');
    assert.equal(await runWith(page, { 'basket-min-support': support }), 'done');

    // Every grouping of the default segmentation is offered (no rules were written: no rule segments),
    // one <optgroup> each, with the Segments view's titles; the comparison offers the same groupings.
    const groups = await withinGroups(page);
    assert.deepEqual(
      groups.map((g) => g.label),
      ['seg.rfm.title', 'grp.clusters.title', 'life.stages.title', 'life.bands.title', 'seg.classes.title'].map((k) => en[k]),
    );
    assert.deepEqual(await page.$$eval('#basket-compare option', (os) => os.map((o) => o.value)), ['', 'segment', 'cluster', 'stage', 'band', 'class']);
    // Groups by the core's value, named for people: cluster 0 is "Cluster 1", stage lapsing "Lapsing",
    // segment Champions "Champions", class top "Top customers".
    const option = (value) => groups.flatMap((g) => g.options).find((o) => o.value === value)?.text ?? '';
    assert.match(option('cluster=0'), /^Cluster 1 \(\d[\d,]*\)$/);
    assert.match(option('stage=lapsing'), new RegExp(`^${en['life.stage.lapsing']} \\(`));
    assert.match(option('segment=Champions'), /^Champions \(/);
    assert.match(option('class=top'), new RegExp(`^${en['seg.class.top']} \\(`));

    // Within cluster 0 (shown as cluster 1): the baskets and rules of `--segment cluster=0`.
    for (const [value, said] of [
      ['cluster=0', `${en['grp.clusters.title']}: Cluster 1`],
      ['stage=lapsing', `${en['life.stages.title']}: ${en['life.stage.lapsing']}`],
    ]) {
      await page.selectOption('#basket-segment', value);
      assert.equal(await runWith(page, {}), 'done', value);
      const cli = cliRules(file, support, 0.3, '--segment', value);
      assert.equal(Number(await page.locator('[data-key="baskets.baskets"]').getAttribute('data-value')), cli.transactions.baskets, `${value}: baskets`);
      assert.ok(cli.transactions.baskets > 0 && cli.top_rules.length > 0, `${value}: the group has rules to compare`);
      assertSameRules(await pageRules(page), cli.top_rules, 50);
      assert.ok((await page.locator('#baskets-within').innerText()).includes(said), `${value}: the summary names the group`);
      // The select keeps the choice after the run.
      assert.equal(await page.locator('#basket-segment').inputValue(), value);
    }

    // Across the lifecycle stages and the clusters: one column per group of `--compare-by`, named for
    // people with its baskets in brackets, and the same lifts.
    await page.selectOption('#basket-segment', '');
    const names = {
      stage: (g) => en[`life.stage.${g}`],
      cluster: (g) => `Cluster ${Number(g) + 1}`,
    };
    const titles = { stage: en['life.stages.title'], cluster: en['grp.clusters.title'] };
    for (const by of ['stage', 'cluster']) {
      await page.selectOption('#basket-compare', by);
      assert.equal(await runWith(page, {}), 'done', by);
      const c = cliRules(file, support, 0.3, '--compare-by', by).comparison;
      assert.equal(await page.locator('#baskets-compare').getAttribute('data-by'), by);
      assert.ok((await page.locator('#baskets-compare-title').innerText()).includes(titles[by]), `${by}: the title names the grouping`);
      await showAllRows(page, 'basket-compare-table');
      assert.equal(await page.locator('#basket-compare-table tbody tr').count(), c.rules.length);
      const headings = await compareHeadings(page);
      assert.deepEqual(
        Object.keys(headings).sort(),
        c.groups.map((g) => `lift_${g.group}`).sort(),
        `${by}: one column per group`,
      );
      for (const g of c.groups) assert.equal(headings[`lift_${g.group}`], `${names[by](g.group)} (${g.baskets.toLocaleString('en')})`, `${by} ${g.group}: heading`);
      const lifts = await firstLifts(page);
      c.groups.forEach((g, i) => {
        const expected = c.rules[0].group_lift[i];
        const shown = lifts[`lift_${g.group}`];
        assert.equal(shown === null ? null : shown.toFixed(9), expected === null ? null : expected.toFixed(9), `${by} ${g.group}: lift of the first rule`);
      });
    }
    // The stages' columns come in the Segments view's order (the core sorts them by key).
    await page.selectOption('#basket-compare', 'stage');
    assert.equal(await runWith(page, {}), 'done');
    const stageOrder = groups.find((g) => g.label === en['life.stages.title']).options.map((o) => `lift_${o.value.slice('stage='.length)}`);
    const shownOrder = Object.keys(await compareHeadings(page));
    assert.deepEqual(shownOrder, stageOrder.filter((c) => shownOrder.includes(c)));

    for (const theme of ['light', 'dark']) {
      await page.selectOption('#theme', theme);
      assert.deepEqual(await axeProblems(page), [], `baskets view with a comparison, ${theme} theme`);
    }
    await page.selectOption('#theme', 'system');

    // Online Retail's own names with commas: "KEY FOB , SHED" quoted as a target, items by name, as
    // `--item-key name --target 'KEY FOB , SHED'` (7 rules at support 0.005, confidence 0.2).
    if (file === ONLINE_RETAIL_GZ) {
      await page.selectOption('#basket-compare', '');
      await page.selectOption('#basket-item-key', 'name');
      assert.equal(await runWith(page, { 'basket-min-support': 0.005, 'basket-min-confidence': 0.2, 'basket-targets': '' }), 'done');
      // Every item is suggested, not only the 100 most frequent: "KEY FOB , SHED" is in fewer baskets.
      await page.fill('#basket-targets', '"key fob');
      const suggested = await page.$$eval('#basket-targets-list option', (os) => os.map((o) => o.value));
      assert.ok(suggested.includes('"KEY FOB , SHED"') && suggested.every((v) => v.startsWith('"KEY FOB')), suggested.join(' | '));
      assert.equal(await runWith(page, { 'basket-targets': '"KEY FOB , SHED"' }), 'done');
      const cli = cliRules(file, 0.005, 0.2, '--item-key', 'name', '--target', 'KEY FOB , SHED');
      const shown = await pageRules(page);
      assert.ok(shown.length > 0 && shown.every((r) => r.consequent === 'KEY FOB , SHED'), 'only rules leading to the item');
      assertSameRules(shown, cli.top_rules);
    }
    await page.close();
  });

  it('takes a quoted item name with commas as a target, as the command line given that name', { timeout: 60_000 }, async () => {
    // Hand count (10 baskets, items by name): LANTERN with FOB SHED in 4, LANTERN with FOB DOOR in 2,
    // FRAME with FOB SHED in 2, LANTERN alone in 1, FOB DOOR with FRAME in 1. At support 0.2 (2 baskets)
    // and confidence 0.1 the rules leading to "KEY FOB , SHED" are LANTERN → it (4 of 7 LANTERN baskets)
    // and FRAME → it (2 of 3).
    const basket = (n, items) => items.map((i) => `${n},${i.code},"${i.name.replaceAll('"', '""')}",1,2024-03-0${1 + (n % 9)} 10:00:00,1.00,C${n % 4},United Kingdom`);
    const SHED = { code: '21900', name: 'KEY FOB , SHED' };
    const DOOR = { code: '21901', name: 'KEY FOB , BACK DOOR' };
    const LANTERN = { code: '71053', name: 'WHITE METAL LANTERN' };
    const FRAME = { code: '22041', name: 'RECORD FRAME 7" SINGLE SIZE' };
    const rows = [
      ...[1, 2, 3, 4].flatMap((n) => basket(n, [LANTERN, SHED])),
      ...[5, 6].flatMap((n) => basket(n, [LANTERN, DOOR])),
      ...[7, 8].flatMap((n) => basket(n, [FRAME, SHED])),
      ...basket(9, [LANTERN]),
      ...basket(10, [DOOR, FRAME]),
    ];
    const file = writeFile(dir, 'commas.csv', ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country', ...rows].join('\n') + '\n');
    const page = await browser.newPage('#baskets');
    await page.setInputFiles('#file', file);
    await waitReport(page);
    assert.equal(await waitBaskets(page), 'done');
    await page.selectOption('#basket-item-key', 'name');
    assert.equal(await runWith(page, { 'basket-min-support': 0.2, 'basket-min-confidence': 0.1 }), 'done');

    // Typed unquoted, the name is two items: neither is in a basket.
    assert.equal(await runWith(page, { 'basket-targets': 'KEY FOB , SHED' }), 'error');
    assert.equal(await page.locator('#baskets-error').getAttribute('data-code'), 'unknown_item');
    // Quoted, it is one: only rules whose consequent is that item.
    assert.equal(await runWith(page, { 'basket-targets': ' "KEY FOB , SHED" ' }), 'done');
    const shown = await pageRules(page);
    assert.deepEqual(shown.map((r) => `${r.antecedent} → ${r.consequent}`).sort(), ['RECORD FRAME 7" SINGLE SIZE → KEY FOB , SHED', 'WHITE METAL LANTERN → KEY FOB , SHED']);
    assert.deepEqual(shown.map((r) => r.count).sort(), [2, 4]);
    const cli = cliRules(file, 0.2, 0.1, '--item-key', 'name', '--target', 'KEY FOB , SHED');
    if (cli) assertSameRules(shown, cli.top_rules);
    // The field is written back quoted, so that the next run reads the same item.
    assert.equal(await page.locator('#basket-targets').inputValue(), '"KEY FOB , SHED"');
    // A quote inside the name is doubled inside the quotes. FRAME is in 3 baskets, 2 of them with FOB SHED
    // (FOB DOOR with it once: below 2 baskets): one rule.
    assert.equal(await runWith(page, { 'basket-targets': '"RECORD FRAME 7"" SINGLE SIZE"' }), 'done');
    assert.deepEqual((await pageRules(page)).map((r) => `${r.antecedent} → ${r.consequent}`), ['KEY FOB , SHED → RECORD FRAME 7" SINGLE SIZE']);
    const cliFrame = cliRules(file, 0.2, 0.1, '--item-key', 'name', '--target', 'RECORD FRAME 7" SINGLE SIZE');
    if (cliFrame) assertSameRules(await pageRules(page), cliFrame.top_rules);
    assert.equal(await page.locator('#basket-targets').inputValue(), '"RECORD FRAME 7"" SINGLE SIZE"');

    // Suggestions: the report's items (all four), completing the item typed last, quoted where needed.
    await page.fill('#basket-targets', '"RECORD FRAME 7"" SINGLE SIZE", key');
    const suggested = await page.$$eval('#basket-targets-list option', (os) => os.map((o) => o.value));
    assert.deepEqual(suggested.sort(), ['"RECORD FRAME 7"" SINGLE SIZE", "KEY FOB , BACK DOOR"', '"RECORD FRAME 7"" SINGLE SIZE", "KEY FOB , SHED"']);
    assert.equal(await page.locator('#basket-targets').getAttribute('list'), 'basket-targets-list');
    assert.deepEqual(await axeProblems(page), [], 'baskets view with item suggestions');
    await page.close();
  });
});
