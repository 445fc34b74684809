// The segmentation report as DOM: functions from the report object (src/analysis/mod.rs, SegmentReport)
// to elements. No state and no worker here.
//
// The view is the list SECTIONS: each entry takes the whole report (and the page's `view` hooks, for the
// sections with controls) and returns a <section>, or null when the report has nothing for it (an older
// report without that key). Adding a section to the page is
// adding one function to that list.
//
// Every table has a "Download CSV" button (the CSV is made here from the report's raw numbers), and every
// chart has its numbers in a table.

import { h, fmtInt, fmtMoney } from './dom.js';
import { paretoChart, lorenzChart } from './charts.js';
import { section, csvButton, dataTable, bar, shade, fmtPct, fmtGini, pickHint } from './tables.js';
import { spendBands, bandMigration, lifecycle, highAffinity, returningRate, cohorts, priceSensitivity } from './segments-life.js';
import { clusters, ruleSegments, triggers } from './segments-groups.js';

export { fmtPct };

/** The sections, in reading order. */
export const SECTIONS = [
  headline,
  rfmSegments,
  rfmGrid,
  deciles,
  lorenz,
  purchaseDeciles,
  topShares,
  profitableClasses,
  spendBands,
  bandMigration,
  lifecycle,
  highAffinity,
  returningRate,
  cohorts,
  priceSensitivity,
  clusters,
  ruleSegments,
  triggers,
];

/**
 * The whole view for one report. `view` is what the interactive sections need from the page:
 * {options: the options of this run, rerun(changes): runs the segmentation again with changed options}.
 */
export function renderSegments(report, view = {}) {
  return h('div', { class: 'segments-report' }, SECTIONS.map((render) => render(report, view)));
}

// ---------------------------------------------------------------------------------------------------
// Sections

export function headline(r) {
  const top10 = (r.top_shares ?? []).find((t) => t.percent === 10);
  const figure = (label, value, key, raw, note) =>
    h('div', { class: 'figure-card' }, h('dt', null, label), h('dd', { class: 'num', dataset: { key, value: raw === undefined || raw === null ? '' : String(raw) } }, value), note ? h('dd', { class: 'hint' }, note) : null);
  const notes = [];
  if (r.rows_after_as_of > 0) notes.push(`${fmtInt(r.rows_after_as_of)} rows dated on or after ${r.as_of} are left out.`);
  if (r.customers_without_purchases > 0)
    notes.push(`${fmtInt(r.customers_without_purchases)} customers with only returns or zero-price lines are not counted.`);
  if (r.purchases_without_amount > 0) notes.push(`${fmtInt(r.purchases_without_amount)} purchase lines without an amount count as worth nothing.`);
  return section(
    'seg-headline',
    'Customers at a glance',
    r.as_of
      ? `Purchases from ${r.window_start ?? '—'} up to (not including) ${r.as_of}; recency is counted back from ${r.as_of}. Frequency counts ${r.frequency_basis === 'orders' ? 'orders' : 'purchase days'}.`
      : null,
    h(
      'dl',
      { class: 'figures' },
      figure('Customers', fmtInt(r.customers), 'seg.customers', r.customers),
      figure('Revenue', fmtMoney(r.revenue), 'seg.revenue', r.revenue),
      figure('Gini coefficient', fmtGini(r.gini), 'seg.gini', r.gini, '0 = every customer spends the same, 1 = one customer spends everything'),
      figure('Top 10 % of customers', fmtPct(top10?.revenue_share), 'seg.top10', top10?.revenue_share, top10 ? `${fmtInt(top10.customers)} customers make this share of the revenue` : null),
      figure(
        'Rows without a customer id',
        fmtInt(r.excluded_no_customer),
        'seg.excluded_no_customer',
        r.excluded_no_customer,
        `left out of customer analyses (purchases worth ${fmtMoney(r.excluded_no_customer_revenue)})`,
      ),
    ),
    notes.length ? h('ul', { class: 'notes' }, notes.map((n) => h('li', null, n))) : null,
  );
}

export function rfmSegments(r, view) {
  if (!r.rfm_segments) return null;
  const maxCustomerShare = Math.max(...r.rfm_segments.map((s) => s.customer_share), 1e-9);
  const maxRevenueShare = Math.max(...r.rfm_segments.map((s) => s.revenue_share), 1e-9);
  return section(
    'seg-rfm',
    'RFM segments',
    `Each customer gets a score from 1 to 5 for recency (R), frequency (F) and money spent (M); the segment follows from R and the mean of F and M. Scores: ${r.score_rule ?? ''}.`,
    dataTable({
      id: 'rfm-segments-table',
      name: 'rfm-segments',
      caption: 'RFM segments: customers, revenue, what they mean and what to do',
      rowClass: (s) => (s.customers === 0 ? 'empty' : null),
      rowAttrs: view?.listCustomers ? (s) => view.listCustomers('segment', s.name, `RFM segment: ${s.name}`) : null,
      columns: [
        { key: 'name', label: 'Segment' },
        { key: 'key', label: 'Key', text: (s) => h('code', null, s.key) },
        { key: 'customers', label: 'Customers', num: true, text: (s) => h('span', { class: 'bar-cell' }, bar(s.customer_share / maxCustomerShare, 'customers'), `${fmtInt(s.customers)} (${fmtPct(s.customer_share)})`) },
        { key: 'customer_share', label: 'Share of customers', num: true, text: (s) => fmtPct(s.customer_share), hidden: true },
        { key: 'revenue', label: 'Revenue', num: true, text: (s) => fmtMoney(s.revenue) },
        { key: 'revenue_share', label: 'Share of revenue', num: true, text: (s) => h('span', { class: 'bar-cell' }, bar(s.revenue_share / maxRevenueShare, 'revenue'), fmtPct(s.revenue_share)) },
        { key: 'meaning', label: 'What it means' },
        { key: 'action', label: 'Suggested action' },
      ],
      rows: r.rfm_segments,
    }),
    h('p', { class: 'hint' }, `Bars are scaled to the largest segment.${view?.listCustomers ? ' Click a segment (or press Enter on it) to list its customers.' : ''}`),
  );
}

/** Background colour of a grid cell: a log scale of the mean spend between the grid's lowest and highest. */
function cellColour(value, lo, hi) {
  if (!(value > 0) || !(hi > 0)) return shade(null);
  return shade(hi > lo ? (Math.log(value) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : 1);
}

export function rfmGrid(r) {
  if (!r.rfm_grid) return null;
  const cells = new Map(r.rfm_grid.map((c) => [`${c.r}-${c.f}`, c]));
  const values = r.rfm_grid.filter((c) => c.customers > 0).map((c) => c.mean_monetary).filter((v) => v > 0);
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 0;
  const scores = [5, 4, 3, 2, 1];
  const table = h(
    'table',
    { id: 'rfm-grid-table', class: 'grid' },
    h('caption', null, 'R × F grid: mean money spent per customer (and number of customers) in each cell'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Recency ↓ / Frequency →'), [1, 2, 3, 4, 5].map((f) => h('th', { scope: 'col', class: 'num' }, `F ${f}`)))),
    h(
      'tbody',
      null,
      scores.map((rs) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, `R ${rs}`),
          [1, 2, 3, 4, 5].map((f) => {
            const c = cells.get(`${rs}-${f}`) ?? { r: rs, f, customers: 0, mean_monetary: 0 };
            const { bg, dark } = cellColour(c.customers > 0 ? c.mean_monetary : 0, lo, hi);
            const td = h(
              'td',
              { class: `num cell${dark ? ' dark' : ''}`, dataset: { r: String(rs), f: String(f), value: String(c.mean_monetary), customers: String(c.customers) } },
              h('span', { class: 'mean' }, c.customers > 0 ? fmtMoney(c.mean_monetary) : '—'),
              h('span', { class: 'count' }, `${fmtInt(c.customers)} ${c.customers === 1 ? 'customer' : 'customers'}`),
            );
            td.style.backgroundColor = bg; // CSSOM: allowed under style-src 'self'
            return td;
          }),
        ),
      ),
    ),
  );
  return section(
    'seg-grid',
    'Recency × frequency',
    'Rows: recency score (5 = bought most recently); columns: frequency score (5 = buys most often). The darker the cell, the more its customers spent on average (colour on a log scale from the lowest to the highest cell).',
    h(
      'div',
      { class: 'table-box' },
      h('div', { class: 'scroll' }, table),
      csvButton('rfm-grid', 'R × F grid', [{ key: 'r' }, { key: 'f' }, { key: 'customers' }, { key: 'mean_monetary' }], r.rfm_grid),
    ),
  );
}

export function deciles(r) {
  if (!r.deciles) return null;
  const withMargin = r.deciles.some((d) => d.margin !== null && d.margin !== undefined);
  const columns = [
    { key: 'decile', label: 'Decile', num: true },
    { key: 'customers', label: 'Customers', num: true, text: (d) => fmtInt(d.customers) },
    { key: 'revenue', label: 'Revenue', num: true, text: (d) => fmtMoney(d.revenue) },
    { key: 'revenue_share', label: 'Share of revenue', num: true, text: (d) => fmtPct(d.revenue_share) },
    { key: 'cumulative_share', label: 'Cumulative share', num: true, text: (d) => fmtPct(d.cumulative_share) },
  ];
  if (withMargin) {
    columns.push({ key: 'margin', label: 'Margin', num: true, text: (d) => fmtMoney(d.margin) });
    columns.push({ key: 'margin_share', label: 'Share of margin', num: true, text: (d) => fmtPct(d.margin_share) });
  }
  return section(
    'seg-deciles',
    'Monetary deciles',
    'Customers ranked by what they spent and cut into ten groups of (nearly) equal size; decile 1 is the tenth who spent most.',
    dataTable({ id: 'deciles-table', name: 'monetary-deciles', caption: 'Monetary deciles, best customers first', columns, rows: r.deciles }),
    r.deciles.length ? paretoChart(r.deciles) : null,
  );
}

export function lorenz(r) {
  if (!r.lorenz || r.lorenz.length < 2) return null;
  return section(
    'seg-lorenz',
    'How concentrated is the revenue?',
    null,
    lorenzChart(r.lorenz, r.gini),
    h(
      'details',
      { class: 'points' },
      h('summary', null, `The curve’s ${fmtInt(r.lorenz.length)} points as a table`),
      dataTable({
        id: 'lorenz-table',
        name: 'lorenz-curve',
        caption: 'Lorenz curve: share of revenue made by the smallest spenders',
        columns: [
          { key: 'customer_share', label: 'Share of customers (smallest first)', num: true, text: (p) => fmtPct(p.customer_share) },
          { key: 'revenue_share', label: 'Share of revenue', num: true, text: (p) => fmtPct(p.revenue_share) },
        ],
        rows: r.lorenz,
      }),
    ),
  );
}

export function purchaseDeciles(r) {
  if (!r.purchase_deciles) return null;
  const rows = r.purchase_deciles;
  const ordinal = (n) => `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;
  const table = h(
    'table',
    { id: 'purchase-deciles-table', class: 'data wide' },
    h('caption', null, 'Customers making each tenth of the revenue, biggest spenders first'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Tenth of revenue'), rows.map((p) => h('th', { scope: 'col', class: 'num' }, ordinal(p.tenth))))),
    h(
      'tbody',
      null,
      h('tr', null, h('th', { scope: 'row' }, 'Customers'), rows.map((p) => h('td', { class: 'num', dataset: { col: 'customers', value: String(p.customers) } }, fmtInt(p.customers)))),
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, 'Share of customers so far'),
        rows.map((p) => h('td', { class: 'num', dataset: { col: 'cumulative_customer_share', value: String(p.cumulative_customer_share) } }, fmtPct(p.cumulative_customer_share))),
      ),
    ),
  );
  const first = rows[0];
  return section(
    'seg-purchase-deciles',
    'Who makes each tenth of the revenue',
    first ? `The first tenth of the revenue comes from ${fmtInt(first.customers)} ${first.customers === 1 ? 'customer' : 'customers'}; the last tenth needs ${fmtInt(rows[rows.length - 1].customers)}.` : null,
    h(
      'div',
      { class: 'table-box' },
      h('div', { class: 'scroll' }, table),
      csvButton('purchase-deciles', 'customers making each tenth of the revenue', [{ key: 'tenth' }, { key: 'customers' }, { key: 'cumulative_customers' }, { key: 'cumulative_customer_share' }], rows),
    ),
  );
}

export function topShares(r) {
  if (!r.top_shares) return null;
  return section(
    'seg-top-shares',
    'Revenue of the best customers',
    null,
    dataTable({
      id: 'top-shares-table',
      name: 'top-shares',
      caption: 'Share of the revenue made by the top customers',
      columns: [
        { key: 'percent', label: 'Top', num: true, text: (t) => `${t.percent} %` },
        { key: 'customers', label: 'Customers', num: true, text: (t) => fmtInt(t.customers) },
        { key: 'revenue_share', label: 'Share of revenue', num: true, text: (t) => fmtPct(t.revenue_share) },
      ],
      rows: r.top_shares,
    }),
  );
}

export function profitableClasses(r, view) {
  const pc = r.profitable_classes;
  if (!pc?.classes) return null;
  return section(
    'seg-classes',
    'Profitable classes',
    'The few customers the business rests on, the core behind them, and the profitable customers whose spending is falling.',
    dataTable({
      id: 'classes-table',
      name: 'profitable-classes',
      caption: 'Profitable classes',
      rowAttrs: view?.listCustomers ? (c) => view.listCustomers('class', c.key, `Profitable class: ${c.name}`) : null,
      columns: [
        { key: 'name', label: 'Class' },
        { key: 'key', label: 'Key', text: (c) => h('code', null, c.key) },
        { key: 'definition', label: 'Who' },
        { key: 'customers', label: 'Customers', num: true, text: (c) => fmtInt(c.customers) },
        { key: 'revenue', label: 'Revenue', num: true, text: (c) => fmtMoney(c.revenue) },
        { key: 'revenue_share', label: 'Share of revenue', num: true, text: (c) => fmtPct(c.revenue_share) },
      ],
      rows: pc.classes,
    }),
    pickHint(view),
    pc.falling_in_top_and_core > 0
      ? h('p', { class: 'hint' }, `${fmtInt(pc.falling_in_top_and_core)} top and core customers also spent less in the second half of the window than in the first.`)
      : null,
  );
}
