// Sections of the segmentation report about spend levels and the customer lifecycle: spend bands, band
// migration, lifecycle stages, high affinity, returning rate, cohort retention, price sensitivity
// (src/analysis/bands.rs, lifecycle.rs, price.rs). Functions from the report to a <section>, or null.

import { h, fmtInt, fmtMoney } from './dom.js';
import { section, csvButton, dataTable, bar, shade, fmtPct } from './tables.js';
import { bandChart, returningChart } from './charts.js';

/** A shaded cell: background from `t` (0..1), text white on dark shades. */
function shadedCell(t, attrs, ...children) {
  const { bg, dark } = shade(t);
  const td = h('td', { ...attrs, class: `num cell${dark ? ' dark' : ''}` }, ...children);
  td.style.backgroundColor = bg; // CSSOM: allowed under style-src 'self'
  return td;
}

const PERIOD_WORDS = { week: 'week', month: 'month', period: 'whole window' };

export function spendBands(r) {
  const sb = r.spend_bands;
  if (!sb?.bands) return null;
  const period = PERIOD_WORDS[sb.period] ?? sb.period;
  const perPeriod =
    sb.period === 'period'
      ? 'Spend over the whole window'
      : `Spend per ${period}, averaged over the ${sb.periods_in_window.toFixed(1)} ${period}s of the window`;
  return section(
    'seg-bands',
    'Spend bands',
    `${perPeriod}: each customer falls in one band (a band holds lower ≤ spend < upper${sb.custom_edges ? '; custom edges' : ''}). Rule: ${sb.rule}.`,
    dataTable({
      id: 'bands-table',
      name: 'spend-bands',
      caption: `Spend bands (spend per ${period}): share of customers and share of revenue`,
      columns: [
        { key: 'band', label: `Spend per ${period}` },
        { key: 'lower', label: 'From', num: true, text: (b) => fmtMoney(b.lower) },
        { key: 'upper', label: 'Below', num: true, text: (b) => (b.upper === null || b.upper === undefined ? '—' : fmtMoney(b.upper)) },
        { key: 'customers', label: 'Customers', num: true, text: (b) => fmtInt(b.customers) },
        { key: 'customer_share', label: 'Share of customers', num: true, text: (b) => h('span', { class: 'bar-cell' }, bar(b.customer_share, 'customers'), fmtPct(b.customer_share)) },
        { key: 'revenue', label: 'Revenue', num: true, text: (b) => fmtMoney(b.revenue) },
        { key: 'revenue_share', label: 'Share of revenue', num: true, text: (b) => h('span', { class: 'bar-cell' }, bar(b.revenue_share, 'revenue'), fmtPct(b.revenue_share)) },
      ],
      rows: sb.bands,
    }),
    bandChart(sb.bands, period),
  );
}

export function bandMigration(r) {
  const m = r.band_migration;
  if (!m?.matrix) return null;
  const max = Math.max(1, ...m.matrix.flat());
  const label = (l) => (l === 'none' ? 'no purchase' : l);
  const table = h(
    'table',
    { id: 'migration-table', class: 'grid migration' },
    h('caption', null, `Band migration: customers by spend band before ${m.split_date ?? 'the split'} (rows) and from it on (columns)`),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Before ↓ / after →'), m.labels.map((l) => h('th', { scope: 'col', class: 'num' }, label(l))))),
    h(
      'tbody',
      null,
      m.matrix.map((row, i) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, label(m.labels[i])),
          row.map((n, j) =>
            shadedCell(n > 0 ? Math.sqrt(n / max) : null, { dataset: { from: m.labels[i], to: m.labels[j], value: String(n) }, title: `${label(m.labels[i])} → ${label(m.labels[j])}: ${n}` }, n > 0 ? fmtInt(n) : '·'),
          ),
        ),
      ),
    ),
  );
  const csvRows = m.matrix.map((row, i) => ({ before: m.labels[i], ...Object.fromEntries(m.labels.map((l, j) => [l, row[j]])) }));
  const moves = [
    ['stayed', 'Stayed in their band'],
    ['moved_up', 'Moved up'],
    ['moved_down', 'Moved down'],
    ['started', 'Started (no purchase before)'],
    ['stopped', 'Stopped (no purchase after)'],
  ];
  return section(
    'seg-migration',
    'Band migration',
    `The window is split on ${m.split_date ?? '—'}; each customer’s spend per period before (${m.periods_before.toFixed(1)} periods) and after (${m.periods_after.toFixed(1)} periods) puts them in a band. The diagonal holds those who stayed; above it, those who moved up. Shading: number of customers (square-root scale).`,
    h(
      'dl',
      { class: 'figures' },
      moves.map(([key, text]) =>
        h('div', { class: 'figure-card' }, h('dt', null, text), h('dd', { class: 'num', dataset: { key: `migration.${key}`, value: String(m[key]) } }, fmtInt(m[key])), h('dd', { class: 'hint' }, fmtPct(m.customers ? m[key] / m.customers : NaN))),
      ),
    ),
    h(
      'div',
      { class: 'table-box' },
      h('div', { class: 'scroll' }, table),
      csvButton('band-migration', 'band migration matrix', [{ key: 'before' }, ...m.labels.map((l) => ({ key: l }))], csvRows),
    ),
  );
}

const STAGE_WORDS = {
  new: ['New', 'first purchase recently'],
  active: ['Active', 'buying at their usual pace'],
  won_back: ['Won back', 'returned after a long gap'],
  lapsing: ['Lapsing', 'overdue compared with their own rhythm'],
  lapsed: ['Lapsed', 'no purchase for a long time'],
};

export function lifecycle(r, view) {
  const lc = r.lifecycle;
  if (!lc?.stages) return null;
  return section(
    'seg-lifecycle',
    'Lifecycle stages',
    `Where each customer stands on ${r.as_of ?? 'the as-of date'}. Rule: ${lc.rule}.`,
    dataTable({
      id: 'lifecycle-table',
      name: 'lifecycle-stages',
      caption: 'Lifecycle stages: customers and revenue',
      rowAttrs: view?.listCustomers ? (s) => view.listCustomers('stage', s.stage, `Lifecycle stage: ${STAGE_WORDS[s.stage]?.[0] ?? s.stage}`) : null,
      columns: [
        { key: 'name', label: 'Stage', value: (s) => STAGE_WORDS[s.stage]?.[0] ?? s.stage, csv: false },
        { key: 'stage', label: 'Key', text: (s) => h('code', null, s.stage) },
        { key: 'meaning', label: 'What it means', value: (s) => STAGE_WORDS[s.stage]?.[1] ?? '', csv: false },
        { key: 'customers', label: 'Customers', num: true, text: (s) => fmtInt(s.customers) },
        { key: 'customer_share', label: 'Share of customers', num: true, text: (s) => h('span', { class: 'bar-cell' }, bar(s.customer_share, 'customers'), fmtPct(s.customer_share)) },
        { key: 'revenue', label: 'Revenue', num: true, text: (s) => fmtMoney(s.revenue) },
        { key: 'revenue_share', label: 'Share of revenue', num: true, text: (s) => h('span', { class: 'bar-cell' }, bar(s.revenue_share, 'revenue'), fmtPct(s.revenue_share)) },
      ],
      rows: lc.stages,
    }),
  );
}

export function highAffinity(r) {
  const a = r.high_affinity;
  if (!a) return null;
  return section(
    'seg-affinity',
    'High-affinity customers',
    `The loyal core: ${a.rule} (here: at least ${fmtInt(a.min_frequency)} ${r.frequency_basis === 'orders' ? 'orders' : 'purchase days'}).`,
    dataTable({
      id: 'affinity-table',
      name: 'high-affinity',
      caption: 'High-affinity customers',
      columns: [
        { key: 'group', label: 'Group', value: () => 'high affinity' },
        { key: 'customers', label: 'Customers', num: true, text: (x) => fmtInt(x.customers) },
        { key: 'customer_share', label: 'Share of customers', num: true, text: (x) => fmtPct(x.customer_share) },
        { key: 'revenue', label: 'Revenue', num: true, text: (x) => fmtMoney(x.revenue) },
        { key: 'revenue_share', label: 'Share of revenue', num: true, text: (x) => fmtPct(x.revenue_share) },
        { key: 'min_frequency', label: 'Minimum frequency', num: true, text: (x) => fmtInt(x.min_frequency) },
      ],
      rows: [a],
    }),
  );
}

export function returningRate(r) {
  const months = r.returning_rate;
  if (!months?.length) return null;
  return section(
    'seg-returning',
    'Returning customers per month',
    'Of the customers who bought in a month, the share whose first purchase was in an earlier month.',
    dataTable({
      id: 'returning-table',
      name: 'returning-rate',
      caption: 'Returning-customer rate per month',
      columns: [
        { key: 'month', label: 'Month' },
        { key: 'customers', label: 'Customers', num: true, text: (m) => fmtInt(m.customers) },
        { key: 'returning', label: 'Returning', num: true, text: (m) => fmtInt(m.returning) },
        { key: 'rate', label: 'Returning rate', num: true, text: (m) => fmtPct(m.rate) },
      ],
      rows: months,
    }),
    returningChart(months),
  );
}

export function cohorts(r) {
  const c = r.cohorts;
  if (!c?.rows?.length) return null;
  const width = Math.max(...c.rows.map((row) => row.counts.length));
  const offsets = Array.from({ length: width }, (_, k) => k);
  // Month 0 is always 100 %: shade the later months against the highest of them, or every cell is pale.
  const later = c.rows.flatMap((row) => row.shares.slice(1));
  const top = Math.max(1e-9, ...later);
  const table = h(
    'table',
    { id: 'cohorts-table', class: 'grid cohorts show-shares' },
    h('caption', null, 'Cohort retention: share of each first-purchase month’s customers buying again k months later'),
    h(
      'thead',
      null,
      h('tr', null, h('th', { scope: 'col' }, 'First purchase'), h('th', { scope: 'col', class: 'num' }, 'Customers'), offsets.map((k) => h('th', { scope: 'col', class: 'num' }, `+${k}`))),
    ),
    h(
      'tbody',
      null,
      c.rows.map((row) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, row.cohort),
          h('td', { class: 'num', dataset: { col: 'customers', value: String(row.customers) } }, fmtInt(row.customers)),
          offsets.map((k) =>
            k < row.counts.length
              ? shadedCell(
                  k === 0 ? 1 : row.shares[k] / top,
                  { dataset: { month: String(k), count: String(row.counts[k]), value: String(row.shares[k]) } },
                  h('span', { class: 'share' }, fmtPct(row.shares[k])),
                  h('span', { class: 'count' }, fmtInt(row.counts[k])),
                )
              : h('td', { class: 'blank' }),
          ),
        ),
      ),
    ),
  );
  const toggle = h('input', { type: 'checkbox', id: 'cohorts-counts' });
  toggle.addEventListener('change', () => {
    table.classList.toggle('show-shares', !toggle.checked);
    table.classList.toggle('show-counts', toggle.checked);
  });
  const csvRows = c.rows.flatMap((row) => row.counts.map((n, k) => ({ cohort: row.cohort, cohort_customers: row.customers, months_after: k, customers: n, share: row.shares[k] })));
  return section(
    'seg-cohorts',
    'Cohort retention',
    `Customers grouped by the month of their first purchase (rows); column +k is the share of them who bought in the k-th month after it. The last month, ${c.last_month}, may be partial. Shading: share, against the highest share after month 0.`,
    h('p', { class: 'toggle' }, toggle, h('label', { for: 'cohorts-counts' }, ' Show numbers of customers instead of shares')),
    h(
      'div',
      { class: 'table-box' },
      h('div', { class: 'scroll' }, table),
      csvButton('cohort-retention', 'cohort retention', [{ key: 'cohort' }, { key: 'cohort_customers' }, { key: 'months_after' }, { key: 'customers' }, { key: 'share' }], csvRows),
    ),
  );
}

export function priceSensitivity(r) {
  const p = r.price_sensitivity;
  if (!p) {
    if (!r.price_sensitivity_reason) return null;
    const reason = r.price_sensitivity_reason.replace(/\s*\(--[a-z-]+\)/g, '');
    return section('seg-price', 'Price sensitivity', null, h('p', { class: 'note', id: 'price-reason' }, `Not shown: ${reason}.`));
  }
  return section(
    'seg-price',
    'Price sensitivity',
    `Price-sensitive customers buy mostly on discount: at least ${fmtPct(p.sensitive_share)} of their spend. Rule: ${p.rule}.`,
    dataTable({
      id: 'price-table',
      name: 'price-sensitivity',
      caption: 'Price sensitivity',
      columns: [
        { key: 'what', label: 'Figure' },
        { key: 'value', label: 'Value', num: true, text: (x) => x.text },
      ],
      rows: [
        { what: 'customers_with_discount', value: p.customers_with_discount, text: `${fmtInt(p.customers_with_discount)} customers bought something on discount` },
        { what: 'price_sensitive', value: p.price_sensitive, text: `${fmtInt(p.price_sensitive)} price-sensitive customers` },
        { what: 'price_sensitive_share', value: p.price_sensitive_share, text: `${fmtPct(p.price_sensitive_share)} of the customers` },
        { what: 'price_sensitive_revenue_share', value: p.price_sensitive_revenue_share, text: `${fmtPct(p.price_sensitive_revenue_share)} of the revenue` },
        { what: 'relationship', value: p.relationship, text: `${fmtInt(p.relationship)} relationship customers` },
        { what: 'discounted_revenue', value: p.discounted_revenue, text: `${fmtMoney(p.discounted_revenue)} revenue on discount` },
        { what: 'discounted_revenue_share', value: p.discounted_revenue_share, text: `${fmtPct(p.discounted_revenue_share)} of the revenue on discount` },
      ],
    }),
  );
}
