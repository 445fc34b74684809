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

import { h, fmtInt, fmtMoney } from '../../dom.js';
import { t } from '../../i18n/i18n.js';
import { explain } from '../../explain.js';
import { paretoChart, lorenzChart } from '../../charts.js';
import { section, csvButton, dataTable, bar, shade, fmtPct, fmtGini, pickHint } from '../../tables.js';
import { spendBands, bandMigration, lifecycle, highAffinity, returningRate, cohorts, priceSensitivity } from './life.js';
import { clusters, ruleSegments, triggers } from './groups.js';

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

/** A segment's name, meaning or action in the page's language (the core's English when a key is unknown). */
export function segmentText(s, part) {
  const key = `segment.${s.key}.${part}`;
  const text = t(key);
  return text === key ? s[part] : text;
}

export function headline(r) {
  const top10 = (r.top_shares ?? []).find((t) => t.percent === 10);
  const figure = (label, value, key, raw, note, term) =>
    h('div', { class: 'figure-card' }, h('dt', null, label, term ? [' ', explain(term)] : null), h('dd', { class: 'num', dataset: { key, value: raw === undefined || raw === null ? '' : String(raw) } }, value), note ? h('dd', { class: 'hint' }, note) : null);
  const notes = [];
  if (r.rows_after_as_of > 0) notes.push(t('seg.note.after', { count: r.rows_after_as_of, as_of: r.as_of }));
  if (r.customers_without_purchases > 0)
    notes.push(t('seg.note.no_purchases', { count: r.customers_without_purchases }));
  if (r.purchases_without_amount > 0) notes.push(t('seg.note.no_amount', { count: r.purchases_without_amount }));
  return section(
    'seg-headline',
    t('seg.headline.title'),
    r.as_of
      ? t(r.frequency_basis === 'orders' ? 'seg.headline.intro.orders' : 'seg.headline.intro.days', { from: r.window_start ?? '—', as_of: r.as_of })
      : null,
    h(
      'dl',
      { class: 'figures' },
      figure(t('seg.customers'), fmtInt(r.customers), 'seg.customers', r.customers, null, 'customer'),
      figure(t('seg.revenue'), fmtMoney(r.revenue), 'seg.revenue', r.revenue, null, 'revenue'),
      figure(t('seg.gini'), fmtGini(r.gini), 'seg.gini', r.gini, t('seg.gini.note'), 'gini'),
      figure(t('seg.top10'), fmtPct(top10?.revenue_share), 'seg.top10', top10?.revenue_share, top10 ? t('seg.top10.note', { count: top10.customers }) : null, 'top10'),
      figure(
        t('seg.no_customer'),
        fmtInt(r.excluded_no_customer),
        'seg.excluded_no_customer',
        r.excluded_no_customer,
        t('seg.no_customer.note', { revenue: fmtMoney(r.excluded_no_customer_revenue) }),
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
    h('span', null, t('seg.rfm.title'), ' ', explain('rfm')),
    // What to do first, in plain words; how the scores are computed behind a disclosure.
    t('seg.rfm.lead'),
    h('details', { class: 'more', id: 'seg-rfm-how' }, h('summary', null, t('seg.rfm.how')), h('p', { class: 'hint' }, t('seg.rfm.intro', { rule: t('rule.rfm') }))),
    dataTable({
      id: 'rfm-segments-table',
      name: 'rfm-segments',
      caption: t('seg.rfm.caption'),
      rowClass: (s) => (s.customers === 0 ? 'empty' : null),
      rowAttrs: view?.listCustomers ? (s) => view.listCustomers('segment', s.name, t('seg.rfm.list', { name: segmentText(s, 'name') })) : null,
      columns: [
        { key: 'name', label: t('seg.col.segment'), text: (s) => segmentText(s, 'name') },
        // The code name (cant_lose_them) is for scripts: in the CSV, not on screen.
        { key: 'key', label: t('seg.col.key'), hidden: true },
        { key: 'customers', label: t('seg.col.customers'), num: true, text: (s) => h('span', { class: 'bar-cell' }, bar(s.customer_share / maxCustomerShare, 'customers'), `${fmtInt(s.customers)} (${fmtPct(s.customer_share)})`) },
        { key: 'customer_share', label: t('seg.col.customer_share'), num: true, text: (s) => fmtPct(s.customer_share), hidden: true },
        { key: 'revenue', label: t('seg.col.revenue'), num: true, text: (s) => fmtMoney(s.revenue) },
        { key: 'revenue_share', label: t('seg.col.revenue_share'), num: true, text: (s) => h('span', { class: 'bar-cell' }, bar(s.revenue_share / maxRevenueShare, 'revenue'), fmtPct(s.revenue_share)) },
        { key: 'meaning', label: t('seg.col.meaning'), text: (s) => segmentText(s, 'meaning') },
        { key: 'action', label: t('seg.col.action'), text: (s) => segmentText(s, 'action') },
      ],
      rows: r.rfm_segments,
    }),
    h('p', { class: 'hint' }, t('seg.rfm.bars'), view?.listCustomers ? ` ${t('seg.rfm.click')}` : ''),
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
    h('caption', null, t('seg.grid.caption')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('seg.grid.corner')), [1, 2, 3, 4, 5].map((f) => h('th', { scope: 'col', class: 'num' }, `F ${f}`)))),
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
              h('span', { class: 'count' }, t('seg.count.customers', { count: c.customers })),
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
    t('seg.grid.title'),
    t('seg.grid.intro'),
    h(
      'div',
      { class: 'table-box' },
      h('div', { class: 'scroll' }, table),
      csvButton('rfm-grid', t('seg.grid.title'), [{ key: 'r' }, { key: 'f' }, { key: 'customers' }, { key: 'mean_monetary' }], r.rfm_grid),
    ),
  );
}

export function deciles(r) {
  if (!r.deciles) return null;
  const withMargin = r.deciles.some((d) => d.margin !== null && d.margin !== undefined);
  const columns = [
    { key: 'decile', label: t('seg.col.decile'), num: true },
    { key: 'customers', label: t('seg.col.customers'), num: true, text: (d) => fmtInt(d.customers) },
    { key: 'revenue', label: t('seg.col.revenue'), num: true, text: (d) => fmtMoney(d.revenue) },
    { key: 'revenue_share', label: t('seg.col.revenue_share'), num: true, text: (d) => fmtPct(d.revenue_share) },
    { key: 'cumulative_share', label: t('seg.col.cumulative_share'), num: true, text: (d) => fmtPct(d.cumulative_share) },
  ];
  if (withMargin) {
    columns.push({ key: 'margin', label: t('seg.col.margin'), num: true, text: (d) => fmtMoney(d.margin) });
    columns.push({ key: 'margin_share', label: t('seg.col.margin_share'), num: true, text: (d) => fmtPct(d.margin_share) });
  }
  return section(
    'seg-deciles',
    h('span', null, t('seg.deciles.title'), ' ', explain('decile')),
    t('seg.deciles.intro'),
    dataTable({ id: 'deciles-table', name: 'monetary-deciles', caption: t('seg.deciles.caption'), columns, rows: r.deciles }),
    r.deciles.length ? paretoChart(r.deciles) : null,
  );
}

export function lorenz(r) {
  if (!r.lorenz || r.lorenz.length < 2) return null;
  return section(
    'seg-lorenz',
    h('span', null, t('seg.lorenz.title'), ' ', explain('lorenz')),
    null,
    lorenzChart(r.lorenz, r.gini),
    h(
      'details',
      { class: 'points' },
      h('summary', null, t('seg.lorenz.points', { count: r.lorenz.length })),
      dataTable({
        id: 'lorenz-table',
        name: 'lorenz-curve',
        caption: t('seg.lorenz.caption'),
        columns: [
          { key: 'customer_share', label: t('seg.col.customer_share_smallest'), num: true, text: (p) => fmtPct(p.customer_share) },
          { key: 'revenue_share', label: t('seg.col.revenue_share'), num: true, text: (p) => fmtPct(p.revenue_share) },
        ],
        rows: r.lorenz,
      }),
    ),
  );
}

export function purchaseDeciles(r) {
  if (!r.purchase_deciles) return null;
  const rows = r.purchase_deciles;
  const ordinal = (n) => t('seg.tenth', { count: n, n: String(n), ordinal: true });
  const table = h(
    'table',
    { id: 'purchase-deciles-table', class: 'data wide' },
    h('caption', null, t('seg.tenths.caption')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('seg.tenths.corner')), rows.map((p) => h('th', { scope: 'col', class: 'num' }, ordinal(p.tenth))))),
    h(
      'tbody',
      null,
      h('tr', null, h('th', { scope: 'row' }, t('seg.col.customers')), rows.map((p) => h('td', { class: 'num', dataset: { col: 'customers', value: String(p.customers) } }, fmtInt(p.customers)))),
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, t('seg.tenths.so_far')),
        rows.map((p) => h('td', { class: 'num', dataset: { col: 'cumulative_customer_share', value: String(p.cumulative_customer_share) } }, fmtPct(p.cumulative_customer_share))),
      ),
    ),
  );
  const first = rows[0];
  return section(
    'seg-purchase-deciles',
    t('seg.tenths.title'),
    first ? t('seg.tenths.intro', { count: first.customers, last: rows[rows.length - 1].customers }) : null,
    h(
      'div',
      { class: 'table-box' },
      h('div', { class: 'scroll' }, table),
      csvButton('purchase-deciles', t('seg.tenths.caption'), [{ key: 'tenth' }, { key: 'customers' }, { key: 'cumulative_customers' }, { key: 'cumulative_customer_share' }], rows),
    ),
  );
}

export function topShares(r) {
  if (!r.top_shares) return null;
  return section(
    'seg-top-shares',
    t('seg.top.title'),
    null,
    dataTable({
      id: 'top-shares-table',
      name: 'top-shares',
      caption: t('seg.top.caption'),
      columns: [
        { key: 'percent', label: t('seg.col.top'), num: true, text: (x) => fmtPct(x.percent / 100) },
        { key: 'customers', label: t('seg.col.customers'), num: true, text: (x) => fmtInt(x.customers) },
        { key: 'revenue_share', label: t('seg.col.revenue_share'), num: true, text: (x) => fmtPct(x.revenue_share) },
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
    h('span', null, t('seg.classes.title'), ' ', explain('profitable_classes')),
    t('seg.classes.intro'),
    dataTable({
      id: 'classes-table',
      name: 'profitable-classes',
      caption: t('seg.classes.title'),
      rowAttrs: view?.listCustomers ? (c) => view.listCustomers('class', c.key, t('seg.classes.list', { name: c.name })) : null,
      columns: [
        { key: 'name', label: t('seg.col.class') },
        { key: 'key', label: t('seg.col.key'), hidden: true },
        { key: 'definition', label: t('seg.col.who') },
        { key: 'customers', label: t('seg.col.customers'), num: true, text: (c) => fmtInt(c.customers) },
        { key: 'revenue', label: t('seg.col.revenue'), num: true, text: (c) => fmtMoney(c.revenue) },
        { key: 'revenue_share', label: t('seg.col.revenue_share'), num: true, text: (c) => fmtPct(c.revenue_share) },
      ],
      rows: pc.classes,
    }),
    pickHint(view),
    pc.falling_in_top_and_core > 0
      ? h('p', { class: 'hint' }, t('seg.classes.falling', { count: pc.falling_in_top_and_core }))
      : null,
  );
}
