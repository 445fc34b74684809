// Sections of the segmentation report about spend levels and the customer lifecycle: spend bands, band
// migration, lifecycle stages, high affinity, returning rate, cohort retention, price sensitivity
// (src/analysis/bands.rs, lifecycle.rs, price.rs). Functions from the report to a <section>, or null.

import { h, fmtInt, fmtMoney } from '../../dom.js';
import { section, csvButton, dataTable, bar, shade, fmtPct, optionForm, numberInput, pickHint } from '../../tables.js';
import { t, fmtOne, fmtDate, fmtMonth } from '../../i18n/i18n.js';
import { partialDays } from '../overview/index.js';
import { explain } from '../../explain.js';
import { CORE } from '../../defaults.js';
import { bandChart, returningChart } from '../../charts.js';

/** A shaded cell: background from `t` (0..1), text white on dark shades. */
function shadedCell(t, attrs, ...children) {
  const { bg, dark } = shade(t);
  const td = h('td', { ...attrs, class: `num cell${dark ? ' dark' : ''}` }, ...children);
  td.style.backgroundColor = bg; // CSSOM: allowed under style-src 'self'
  return td;
}

/** The period of a spend band in words ('week' | 'month' | 'period'). */
const periodWord = (p) => (['week', 'month', 'period'].includes(p) ? t(`life.period.${p}`) : p);

/** The band period and edges form: period select, comma-separated edges (empty: the default ladder). */
function bandOptions(sb, view) {
  if (!view?.rerun) return null;
  const opts = view.options ?? {};
  const current = opts.band_period ?? sb.period ?? 'month';
  const select = h(
    'select',
    { id: 'band-period' },
    [
      ['week', t('life.period.option.week')],
      ['month', t('life.period.option.month')],
      ['period', t('life.period.option.period')],
    ].map(([v, t]) => h('option', { value: v, selected: v === current }, t)),
  );
  const edges = h('input', { type: 'text', id: 'band-edges', inputmode: 'decimal', placeholder: t('life.bands.placeholder'), 'aria-describedby': 'bands-options-help bands-options-error', value: opts.band_edges ? opts.band_edges.join(',') : '' });
  const parse = (text) => (text.trim() === '' ? null : text.split(',').map((x) => (x.trim() === '' ? NaN : Number(x.trim()))));
  return optionForm({
    id: 'bands-options',
    legend: t('life.bands.title'),
    fields: [
      { id: 'band-period', label: t('life.bands.per'), input: select },
      { id: 'band-edges', label: t('life.bands.edges'), input: edges },
    ],
    apply: () => view.rerun({ band_period: select.value, band_edges: parse(edges.value) }, { focus: 'bands-options-apply' }),
    reset: () => view.rerun({ band_period: null, band_edges: null }, { focus: 'bands-options-reset' }),
    help: t('life.bands.help'),
  });
}

export function spendBands(r, view) {
  const sb = r.spend_bands;
  if (!sb?.bands) return null;
  const period = periodWord(sb.period);
  const perPeriod = sb.period === 'period' ? t('life.bands.whole') : t(`life.bands.per.${sb.period === 'week' ? 'week' : 'month'}`, { n: fmtOne(sb.periods_in_window) });
  return section(
    'seg-bands',
    h('span', null, t('life.bands.title'), ' ', explain('spend_band')),
    t(sb.custom_edges ? 'life.bands.intro.custom' : 'life.bands.intro', { per: perPeriod, rule: t('rule.bands') }),
    bandOptions(sb, view),
    dataTable({
      id: 'bands-table',
      name: 'spend-bands',
      caption: t('life.bands.caption', { period }),
      rowAttrs: view?.listCustomers ? (b) => view.listCustomers('band', b.band, t('life.bands.list', { band: b.band, period })) : null,
      columns: [
        { key: 'band', label: t('life.bands.col', { period }) },
        { key: 'lower', label: t('life.col.from'), num: true, text: (b) => fmtMoney(b.lower) },
        { key: 'upper', label: t('life.col.below'), num: true, text: (b) => (b.upper === null || b.upper === undefined ? '—' : fmtMoney(b.upper)) },
        { key: 'customers', label: t('seg.col.customers'), num: true, text: (b) => fmtInt(b.customers) },
        { key: 'customer_share', label: t('seg.col.customer_share'), num: true, text: (b) => h('span', { class: 'bar-cell' }, bar(b.customer_share, 'customers'), fmtPct(b.customer_share)) },
        { key: 'revenue', label: t('seg.col.revenue'), num: true, text: (b) => fmtMoney(b.revenue) },
        { key: 'revenue_share', label: t('seg.col.revenue_share'), num: true, text: (b) => h('span', { class: 'bar-cell' }, bar(b.revenue_share, 'revenue'), fmtPct(b.revenue_share)) },
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
        legend: t('life.split.legend'),
        fields: [{ id: 'split-date', label: t('life.split.label'), input: splitInput }],
        apply: () => view.rerun({ split_date: splitInput.value || null }, { focus: 'split-options-apply' }),
        reset: () => view.rerun({ split_date: null }, { focus: 'split-options-reset' }),
        help: t('life.split.help'),
      })
    : null;
  const max = Math.max(1, ...m.matrix.flat());
  const label = (l) => (l === 'none' ? t('life.migration.none') : l);
  const table = h(
    'table',
    { id: 'migration-table', class: 'grid migration' },
    h('caption', null, t('life.migration.caption', { date: m.split_date ?? '—' })),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('life.migration.corner')), m.labels.map((l) => h('th', { scope: 'col', class: 'num' }, label(l))))),
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
    ['stayed', t('life.migration.stayed')],
    ['moved_up', t('life.migration.moved_up')],
    ['moved_down', t('life.migration.moved_down')],
    ['started', t('life.migration.started')],
    ['stopped', t('life.migration.stopped')],
  ];
  return section(
    'seg-migration',
    h('span', null, t('life.migration.title'), ' ', explain('band_migration')),
    t('life.migration.intro', { date: m.split_date ?? '—', before: fmtOne(m.periods_before), after: fmtOne(m.periods_after) }),
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
      csvButton('band-migration', t('life.migration.title'), [{ key: 'before' }, ...m.labels.map((l) => ({ key: l }))], csvRows),
    ),
  );
}

/** A lifecycle stage's name and meaning in the page's language ([key] when the stage is unknown). */
export const stageWords = (stage) => (['new', 'active', 'won_back', 'lapsing', 'lapsed'].includes(stage) ? [t(`life.stage.${stage}`), t(`life.stage.${stage}.meaning`)] : [stage, '']);

/** The lifecycle thresholds form: new days, lapsed days, lapse multiple. */
function lifecycleOptions(view) {
  if (!view?.rerun) return null;
  const cur = { ...CORE.lifecycle, ...(view.options?.lifecycle ?? {}) };
  const d = 'lifecycle-options-help lifecycle-options-error';
  const newDays = numberInput('new-days', cur.new_days, { min: 0, describedBy: d });
  const lapsedDays = numberInput('lapsed-days', cur.lapsed_days, { min: 0, describedBy: d });
  const multiple = numberInput('lapse-multiple', cur.lapse_multiple, { min: 0.1, step: '0.1', describedBy: d });
  return optionForm({
    id: 'lifecycle-options',
    legend: t('life.rules.legend'),
    fields: [
      { id: 'new-days', label: t('life.rules.new'), input: newDays },
      { id: 'lapsed-days', label: t('life.rules.lapsed'), input: lapsedDays },
      { id: 'lapse-multiple', label: t('life.rules.lapsing'), input: multiple },
    ],
    apply: () =>
      view.rerun(
        { lifecycle: { ...cur, new_days: Math.round(Number(newDays.value)), lapsed_days: Math.round(Number(lapsedDays.value)), lapse_multiple: Number(multiple.value) } },
        { focus: 'lifecycle-options-apply' },
      ),
    reset: () => view.rerun({ lifecycle: null }, { focus: 'lifecycle-options-reset' }),
    help: t('life.rules.help', { new_days: CORE.lifecycle.new_days, lapsed_days: CORE.lifecycle.lapsed_days, multiple: CORE.lifecycle.lapse_multiple }),
  });
}

/**
 * The rules of the report's sections in the page's language, from the parameters the core used
 * (src/segment/lifecycle.rs formats the same rules in English for the command line).
 */
function stageRule(lc) {
  const q = lc.params;
  if (!q) return lc.rule;
  return t('rule.stages', { new_days: q.new_days, lapsed_days: q.lapsed_days, irregular_days: q.irregular_lapsed_days, regular_min: q.regular_min_days, multiple: q.lapse_multiple, won_back_days: q.won_back_days });
}

function affinityRule(r, a) {
  const q = r.lifecycle?.params;
  if (!q) return a.rule;
  return t('rule.affinity', { share: fmtPct(q.high_affinity_share), tenure_days: q.high_affinity_tenure_days });
}

export function lifecycle(r, view) {
  const lc = r.lifecycle;
  if (!lc?.stages) return null;
  return section(
    'seg-lifecycle',
    h('span', null, t('life.stages.title'), ' ', explain('lifecycle')),
    // What to do with each stage first; the rule that decides the stages behind a disclosure.
    t('life.stages.lead', { as_of: fmtDate(r.as_of) }),
    h('details', { class: 'more', id: 'lifecycle-how' }, h('summary', null, t('life.stages.how')), h('p', { class: 'hint' }, t('life.stages.intro', { as_of: r.as_of ?? '—', rule: stageRule(lc) }))),
    lifecycleOptions(view),
    dataTable({
      id: 'lifecycle-table',
      name: 'lifecycle-stages',
      caption: t('life.stages.caption'),
      rowAttrs: view?.listCustomers ? (s) => view.listCustomers('stage', s.stage, t('life.stages.list', { name: stageWords(s.stage)[0] })) : null,
      columns: [
        { key: 'name', label: t('life.col.stage'), value: (s) => stageWords(s.stage)[0], csv: false },
        // The code name (won_back) is for scripts: in the CSV, not on screen.
        { key: 'stage', label: t('seg.col.key'), hidden: true },
        { key: 'meaning', label: t('seg.col.meaning'), value: (s) => stageWords(s.stage)[1], csv: false },
        { key: 'customers', label: t('seg.col.customers'), num: true, text: (s) => fmtInt(s.customers) },
        { key: 'customer_share', label: t('seg.col.customer_share'), num: true, text: (s) => h('span', { class: 'bar-cell' }, bar(s.customer_share, 'customers'), fmtPct(s.customer_share)) },
        { key: 'revenue', label: t('seg.col.revenue'), num: true, text: (s) => fmtMoney(s.revenue) },
        { key: 'revenue_share', label: t('seg.col.revenue_share'), num: true, text: (s) => h('span', { class: 'bar-cell' }, bar(s.revenue_share, 'revenue'), fmtPct(s.revenue_share)) },
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
    h('span', null, t('life.affinity.title'), ' ', explain('high_affinity')),
    t(r.frequency_basis === 'orders' ? 'life.affinity.intro.orders' : 'life.affinity.intro.days', { rule: affinityRule(r, a), count: a.min_frequency }),
    dataTable({
      id: 'affinity-table',
      name: 'high-affinity',
      caption: t('life.affinity.title'),
      columns: [
        { key: 'group', label: t('life.col.group'), value: () => 'high affinity', text: () => t('life.affinity.group') },
        { key: 'customers', label: t('seg.col.customers'), num: true, text: (x) => fmtInt(x.customers) },
        { key: 'customer_share', label: t('seg.col.customer_share'), num: true, text: (x) => fmtPct(x.customer_share) },
        { key: 'revenue', label: t('seg.col.revenue'), num: true, text: (x) => fmtMoney(x.revenue) },
        { key: 'revenue_share', label: t('seg.col.revenue_share'), num: true, text: (x) => fmtPct(x.revenue_share) },
        { key: 'min_frequency', label: t('life.col.min_frequency'), num: true, text: (x) => fmtInt(x.min_frequency) },
      ],
      rows: [a],
    }),
  );
}

export function returningRate(r) {
  const months = r.returning_rate;
  if (!months?.length) return null;
  // A first or last month the window covers only in part counts fewer customers: marked, not a fall.
  const partial = new Map(months.map((m) => [m.month, partialDays(m.month, r.window_start, r.as_of)]));
  const days = (ym) => new Date(Date.UTC(Number(ym.slice(0, 4)), Number(ym.slice(5, 7)), 0)).getUTCDate();
  return section(
    'seg-returning',
    h('span', null, t('life.returning.title'), ' ', explain('returning_rate')),
    t('life.returning.intro'),
    dataTable({
      id: 'returning-table',
      name: 'returning-rate',
      caption: t('life.returning.caption'),
      columns: [
        { key: 'month', label: t('life.col.month'), text: (m) => (partial.get(m.month) ? `${m.month} ${t('overview.partial.short', partial.get(m.month))}` : m.month) },
        { key: 'customers', label: t('seg.col.customers'), num: true, text: (m) => fmtInt(m.customers) },
        { key: 'returning', label: t('life.col.returning'), num: true, text: (m) => fmtInt(m.returning) },
        { key: 'rate', label: t('life.col.rate'), num: true, text: (m) => fmtPct(m.rate) },
      ],
      rows: months,
    }),
    returningChart(months.map((m) => (partial.get(m.month) ? { ...m, month: `${m.month}*` } : m))),
    months
      .filter((m) => partial.get(m.month))
      .map((m) => h('p', { class: 'hint partial-period', dataset: { month: m.month } }, t('life.returning.partial', { month: fmtMonth(m.month), ...partial.get(m.month), days: days(m.month) }))),
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
    h('caption', null, t('life.cohorts.caption')),
    h(
      'thead',
      null,
      h('tr', null, h('th', { scope: 'col' }, t('life.col.first_purchase')), h('th', { scope: 'col', class: 'num' }, t('seg.col.customers')), offsets.map((k) => h('th', { scope: 'col', class: 'num' }, `+${k}`))),
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
    h('span', null, t('life.cohorts.title'), ' ', explain('cohort')),
    t('life.cohorts.intro', { last: c.last_month }),
    h('p', { class: 'toggle' }, toggle, h('label', { for: 'cohorts-counts' }, ` ${t('life.cohorts.toggle')}`)),
    h(
      'div',
      { class: 'table-box' },
      h('div', { class: 'scroll' }, table),
      csvButton('cohort-retention', t('life.cohorts.title'), [{ key: 'cohort' }, { key: 'cohort_customers' }, { key: 'months_after' }, { key: 'customers' }, { key: 'share' }], csvRows),
    ),
  );
}

export function priceSensitivity(r) {
  const p = r.price_sensitivity;
  if (!p) {
    if (!r.price_sensitivity_reason) return null;
    // The core's one reason (src/segment/price.rs NO_DISCOUNT) in the page's words; any other as given.
    const reason = /no discount or list-price column/.test(r.price_sensitivity_reason) ? t('rule.price.no_discount') : r.price_sensitivity_reason;
    return section('seg-price', t('life.price.title'), null, h('p', { class: 'note', id: 'price-reason' }, t('life.price.not_shown', { reason })));
  }
  return section(
    'seg-price',
    h('span', null, t('life.price.title'), ' ', explain('price_sensitivity')),
    t('life.price.intro', { share: fmtPct(p.sensitive_share), rule: t('rule.price') }),
    dataTable({
      id: 'price-table',
      name: 'price-sensitivity',
      caption: t('life.price.title'),
      columns: [
        { key: 'what', label: t('life.col.figure') },
        { key: 'value', label: t('export.value'), num: true, text: (x) => x.text },
      ],
      rows: [
        { what: 'customers_with_discount', value: p.customers_with_discount, text: t('life.price.with_discount', { count: p.customers_with_discount }) },
        { what: 'price_sensitive', value: p.price_sensitive, text: t('life.price.sensitive', { count: p.price_sensitive }) },
        { what: 'price_sensitive_share', value: p.price_sensitive_share, text: t('life.price.sensitive_share', { share: fmtPct(p.price_sensitive_share) }) },
        { what: 'price_sensitive_revenue_share', value: p.price_sensitive_revenue_share, text: t('life.price.revenue_share', { share: fmtPct(p.price_sensitive_revenue_share) }) },
        { what: 'relationship', value: p.relationship, text: t('life.price.relationship', { count: p.relationship }) },
        { what: 'discounted_revenue', value: p.discounted_revenue, text: t('life.price.discounted', { amount: fmtMoney(p.discounted_revenue) }) },
        { what: 'discounted_revenue_share', value: p.discounted_revenue_share, text: t('life.price.discounted_share', { share: fmtPct(p.discounted_revenue_share) }) },
      ],
    }),
  );
}
