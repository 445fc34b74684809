// Sections of the segmentation report about spend levels and the customer lifecycle: spend bands, band
// migration, lifecycle stages, high affinity, returning rate, cohort retention, price sensitivity
// (src/analysis/bands.rs, lifecycle.rs, price.rs). Functions from the report to a <section>, or null.

import { h, fmtInt, fmtMoney } from './dom.js';
import { section, csvButton, dataTable, bar, shade, fmtPct, optionForm, numberInput, pickHint } from './tables.js';

/** src/analysis/lifecycle.rs, LifecycleParams::default(). */
export const LIFECYCLE_DEFAULTS = {
  new_days: 30,
  regular_min_days: 3,
  lapse_multiple: 2,
  lapsed_days: 180,
  irregular_lapsed_days: 90,
  won_back_days: 90,
  cohort_months: 24,
  high_affinity_share: 0.2,
  high_affinity_tenure_days: 180,
};
import { bandChart, returningChart } from './charts.js';

/** A shaded cell: background from `t` (0..1), text white on dark shades. */
function shadedCell(t, attrs, ...children) {
  const { bg, dark } = shade(t);
  const td = h('td', { ...attrs, class: `num cell${dark ? ' dark' : ''}` }, ...children);
  td.style.backgroundColor = bg; // CSSOM: allowed under style-src 'self'
  return td;
}

const PERIOD_WORDS = { week: 'week', month: 'month', period: 'whole window' };

/** The band period and edges form: period select, comma-separated edges (empty: the default ladder). */
function bandOptions(sb, view) {
  if (!view?.rerun) return null;
  const opts = view.options ?? {};
  const current = opts.band_period ?? sb.period ?? 'month';
  const select = h(
    'select',
    { id: 'band-period' },
    [
      ['week', 'Week'],
      ['month', 'Month'],
      ['period', 'Whole period'],
    ].map(([v, t]) => h('option', { value: v, selected: v === current }, t)),
  );
  const edges = h('input', { type: 'text', id: 'band-edges', inputmode: 'decimal', placeholder: 'default ladder, e.g. 0,10,50', 'aria-describedby': 'bands-options-help bands-options-error', value: opts.band_edges ? opts.band_edges.join(',') : '' });
  const parse = (text) => (text.trim() === '' ? null : text.split(',').map((x) => (x.trim() === '' ? NaN : Number(x.trim()))));
  return optionForm({
    id: 'bands-options',
    legend: 'Spend bands',
    fields: [
      { id: 'band-period', label: 'Spend per', input: select },
      { id: 'band-edges', label: 'Band edges', input: edges },
    ],
    apply: () => view.rerun({ band_period: select.value, band_edges: parse(edges.value) }, { focus: 'bands-options-apply' }),
    reset: () => view.rerun({ band_period: null, band_edges: null }, { focus: 'bands-options-reset' }),
    help: 'Band edges: the lower edges of the bands, comma-separated and increasing (e.g. 0,10,50); leave empty for the default ladder. Changing them re-runs only the segmentation.',
  });
}

export function spendBands(r, view) {
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
    bandOptions(sb, view),
    dataTable({
      id: 'bands-table',
      name: 'spend-bands',
      caption: `Spend bands (spend per ${period}): share of customers and share of revenue`,
      rowAttrs: view?.listCustomers ? (b) => view.listCustomers('band', b.band, `Spend band: ${b.band} per ${period}`) : null,
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
    pickHint(view),
    bandChart(sb.bands, period),
  );
}

export function bandMigration(r, view) {
  const m = r.band_migration;
  if (!m?.matrix) return null;
  const splitInput = h('input', { type: 'date', id: 'split-date', value: view?.options?.split_date ?? m.split_date ?? '', min: r.window_start ?? null, max: r.as_of ?? null, 'aria-describedby': 'split-options-help split-options-error' });
  const splitForm = view?.rerun
    ? optionForm({
        id: 'split-options',
        legend: 'Split date',
        fields: [{ id: 'split-date', label: 'Split the window on', input: splitInput }],
        apply: () => view.rerun({ split_date: splitInput.value || null }, { focus: 'split-options-apply' }),
        reset: () => view.rerun({ split_date: null }, { focus: 'split-options-reset' }),
        help: 'Default: the middle of the window. The date must lie after the window’s first day and before the as-of date.',
      })
    : null;
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
    splitForm,
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

/** The lifecycle thresholds form: new days, lapsed days, lapse multiple. */
function lifecycleOptions(view) {
  if (!view?.rerun) return null;
  const cur = { ...LIFECYCLE_DEFAULTS, ...(view.options?.lifecycle ?? {}) };
  const d = 'lifecycle-options-help lifecycle-options-error';
  const newDays = numberInput('new-days', cur.new_days, { min: 0, describedBy: d });
  const lapsedDays = numberInput('lapsed-days', cur.lapsed_days, { min: 0, describedBy: d });
  const multiple = numberInput('lapse-multiple', cur.lapse_multiple, { min: 0.1, step: '0.1', describedBy: d });
  return optionForm({
    id: 'lifecycle-options',
    legend: 'Stage rules',
    fields: [
      { id: 'new-days', label: 'New: first purchase within (days)', input: newDays },
      { id: 'lapsed-days', label: 'Lapsed after (days without a purchase)', input: lapsedDays },
      { id: 'lapse-multiple', label: 'Lapsing after (× usual interval)', input: multiple },
    ],
    apply: () =>
      view.rerun(
        { lifecycle: { ...cur, new_days: Math.round(Number(newDays.value)), lapsed_days: Math.round(Number(lapsedDays.value)), lapse_multiple: Number(multiple.value) } },
        { focus: 'lifecycle-options-apply' },
      ),
    reset: () => view.rerun({ lifecycle: null }, { focus: 'lifecycle-options-reset' }),
    help: `Defaults: new within ${LIFECYCLE_DEFAULTS.new_days} days, lapsed after ${LIFECYCLE_DEFAULTS.lapsed_days} days, lapsing after ${LIFECYCLE_DEFAULTS.lapse_multiple} × the customer’s usual interval.`,
  });
}

export function lifecycle(r, view) {
  const lc = r.lifecycle;
  if (!lc?.stages) return null;
  return section(
    'seg-lifecycle',
    'Lifecycle stages',
    `Where each customer stands on ${r.as_of ?? 'the as-of date'}. Rule: ${lc.rule}.`,
    lifecycleOptions(view),
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
    pickHint(view),
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
    const reason = r.price_sensitivity_reason.replace(/\s*\(--[a-z-]+(?:,\s*--[a-z-]+)*\)/g, '');
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
