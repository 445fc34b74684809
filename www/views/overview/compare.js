// The Overview's "Compare periods" (src/compare; the same report as `clientela compare --json`): a month,
// quarter or year against the one before and the same one a year earlier. First one sentence on what
// changed most, then which period it is and why, the table of the three periods with the changes (CSV),
// the RFM segment migration across the period (a matrix of customers, and every move with its revenue as
// a table with CSV), and the report as JSON. Asked for once per read while the Overview is shown, and
// again when the user chooses another length or period.

import { h } from '../../dom.js';
import { t, fmtInt, fmtMoney, fmtPercent, fmtMonth, fmtOne } from '../../i18n/i18n.js';
import { explain } from '../../explain.js';
import { dataTable } from '../../tables.js';
import { jsonButton } from '../../export.js';
import { stopControls, interrupted } from '../../stop.js';
import { CORE } from '../../defaults.js';

/** The core's period length to start from (src/compare/params.rs CompareOptions::default, sent with READY). */
const startPeriod = () => CORE.compare.period;

/** The read whose comparison was asked for. */
let askedFor = null;

/**
 * Asks for the comparison of the current read while the Overview is shown (or printed): once per read and
 * as-of date of the segmentation, whose date it shares with the Overview's other figures.
 */
export function ensureCompare(panel, state, ctx) {
  if (state.readId === null || !state.segments || !ctx.compare) return;
  const key = `${state.readId}|${state.segments.as_of}`;
  if (key === askedFor || (panel.hidden && !state.printing)) return;
  // A per-customer summary has no purchases by date: nothing to compare.
  if (state.report?.layout === 'customers') return;
  // Another file keeps the length of the periods but not a period chosen in the last one.
  const sameRead = askedFor?.startsWith(`${state.readId}|`);
  askedFor = key;
  const last = state.compare?.options ?? {};
  const options = { period: last.period ?? startPeriod(), at: sameRead ? (last.at ?? null) : null, as_of: state.segments.as_of ?? null };
  queueMicrotask(() => ctx.compare(options));
}

/** What the Overview's re-render key needs of the comparison. */
export const compareKey = (state) => `${state.compare?.seq ?? ''}.${state.compare?.busy ? 1 : 0}.${state.compare?.stopped ? 1 : 0}.${state.compare?.error ? 1 : 0}`;

const MONEY = new Set(['average_order_value', 'revenue', 'returns_value', 'net_revenue']);

/** `2011-11` → Nov 2011, `2011-Q3` → Q3 2011, `2011` → 2011. */
export function periodName(label) {
  const q = /^(\d{4})-Q([1-4])$/.exec(label ?? '');
  if (q) return t('compare.quarter', { q: q[2], year: q[1] });
  return /^\d{4}-\d{2}$/.test(label ?? '') ? fmtMonth(label) : String(label ?? '—');
}

/** A metric's value in its unit. */
function value(metric, v) {
  if (v === null || v === undefined) return '—';
  if (MONEY.has(metric)) return fmtMoney(v);
  if (metric === 'repeat_rate') return fmtPercent(v);
  return fmtInt(v);
}

const signed = (s, x) => (x > 0 ? `+${s}` : s);

/** A change in words: relative in %, a rate's in points, else absolute when the base was 0. */
function changeText(metric, ch) {
  if (!ch) return '—';
  if (metric === 'repeat_rate') return t('compare.points', { value: signed(fmtOne(ch.absolute * 100), ch.absolute) });
  if (ch.relative !== null && ch.relative !== undefined) return signed(fmtPercent(ch.relative), ch.relative);
  return signed(MONEY.has(metric) ? fmtMoney(ch.absolute) : fmtInt(ch.absolute), ch.absolute);
}

/** The controls: the length of the periods and which period. */
function controls(state, ctx, r) {
  const c = state.compare;
  const options = c?.options ?? { period: startPeriod() };
  const kind = options.period ?? startPeriod();
  const ask = (patch) => ctx.compare({ ...options, ...patch });
  const kinds = h(
    'fieldset',
    { class: 'compare-kind' },
    h('legend', null, t('compare.period')),
    ['month', 'quarter', 'year'].map((k) =>
      h(
        'label',
        null,
        h('input', { type: 'radio', name: 'compare-period', value: k, id: `compare-period-${k}`, checked: k === kind, onchange: () => ask({ period: k, at: null }) }),
        ' ',
        t(`compare.period.${k}`),
      ),
    ),
  );
  // The periods of this length the core lists (src/compare/params.rs PeriodChoices), latest first; the
  // report of another length lists them too (the window is the same), so the list follows the radio at once.
  const list = r?.choices?.[kind] ?? [];
  const at = h(
    'label',
    { class: 'compare-at' },
    t('compare.at'),
    ' ',
    h(
      'select',
      { id: 'compare-at', onchange: (e) => ask({ at: e.target.value || null }) },
      h('option', { value: '', selected: !options.at }, t('compare.at.latest')),
      list.map((p) => h('option', { value: p, selected: options.at === p }, periodName(p))),
    ),
  );
  return h('div', { class: 'compare-controls' }, kinds, at);
}

/** The sentence on what changed most, in a marketer's words. */
function headline(r) {
  const hl = r.headline;
  if (hl.code === 'partial') return t('compare.headline.partial', { period: periodName(r.current.period) });
  if (hl.code === 'no_base' || !hl.metric) return t('compare.headline.no_base', { period: periodName(r.current.period) });
  const params = {
    metric: t(`compare.metric.${hl.metric}`),
    pct: fmtPercent(Math.abs(hl.relative ?? 0)),
    base: periodName(hl.base_period),
    current: value(hl.metric, hl.current),
    was: value(hl.metric, hl.base),
    period: periodName(r.current.period),
  };
  const key = `compare.headline.${hl.code}${hl.basis === 'year_ago' ? '.year_ago' : ''}`;
  return t(key, params);
}

/** Which period it is, and why (the partial one left out). */
function chosenLine(r) {
  const period = periodName(r.current.period);
  if (r.chosen === 'given') return t('compare.chosen.given', { period });
  const s = r.skipped_partial;
  if (s) return t('compare.chosen.skipped', { period, skipped: periodName(s.period), days_observed: s.days_observed, days: s.days });
  return t(r.current.coverage === 'full' ? 'compare.chosen.latest' : 'compare.chosen.only', { period });
}

/** A period's column heading: its name, and a mark when the file covers it in part or not at all. */
function heading(key, p) {
  const name = periodName(p.period);
  const flag = p.coverage === 'none' ? ` ${t('compare.not_in_file')}` : p.coverage === 'partial' ? ` ${t('compare.partial', { days_observed: p.days_observed, days: p.days })}` : '';
  return `${t(key, { period: name })}${flag}`;
}

/** The table: one row per figure, the three periods and the changes. */
function table(r, money) {
  const TERMS = { customers: 'customer', new_customers: 'new_customer', returning_customers: 'new_customer', orders: 'order', average_order_value: 'aov', repeat_rate: 'period_repeat_rate', revenue: 'revenue', returns_value: 'revenue', net_revenue: 'revenue' };
  const rows = r.changes.filter((c) => money || !MONEY.has(c.metric));
  const y = r.year_ago;
  // The CSV has each change twice, absolute and relative (null when the base is 0), in columns of their own.
  const hidden = (key, base) => [
    { key: `${key}_absolute`, label: key, hidden: true, value: (c) => c[base]?.absolute ?? null },
    { key: `${key}_relative`, label: key, hidden: true, value: (c) => c[base]?.relative ?? null },
  ];
  const columns = [
    { key: 'metric', label: t('compare.col.metric'), value: (c) => c.metric, text: (c) => h('span', null, t(`compare.metric.${c.metric}`), ' ', explain(TERMS[c.metric])) },
    { key: 'current', label: heading('compare.col.current', r.current), num: true, value: (c) => c.current, text: (c) => value(c.metric, c.current) },
    { key: 'previous', label: heading('compare.col.previous', r.previous), num: true, value: (c) => c.previous, text: (c) => value(c.metric, c.previous) },
    { key: 'vs_previous', label: t('compare.col.change'), num: true, csv: false, value: (c) => c.vs_previous?.relative ?? c.vs_previous?.absolute ?? null, text: (c) => changeText(c.metric, c.vs_previous) },
    ...hidden('vs_previous', 'vs_previous'),
    ...(y
      ? [
          { key: 'year_ago', label: heading('compare.col.year_ago', y), num: true, value: (c) => c.year_ago, text: (c) => value(c.metric, c.year_ago) },
          { key: 'vs_year_ago', label: t('compare.col.change'), num: true, csv: false, value: (c) => c.vs_year_ago?.relative ?? c.vs_year_ago?.absolute ?? null, text: (c) => changeText(c.metric, c.vs_year_ago) },
          ...hidden('vs_year_ago', 'vs_year_ago'),
        ]
      : []),
  ];
  return dataTable({ id: 'compare-table', name: `compare-${r.period}`, caption: t('compare.table.caption'), columns, rows });
}

/** The migration: one sentence, the matrix of customers (rows and columns with someone in them), every move with its revenue. */
function migration(r, money) {
  const m = r.migration;
  const segName = (s) => (s ? t(`segment.${s}.name`) : t('compare.migration.new'));
  const used = m.segments.map((_, k) => m.rows.some((row) => row.customers[k] > 0));
  const cols = m.segments.map((s, k) => ({ s, k })).filter(({ k }) => used[k]);
  const rows = m.rows.filter((row) => row.customers.some((n) => n > 0));
  const matrix = h(
    'div',
    { class: 'table-box' },
    h(
      'div',
      { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': t('compare.migration.caption') },
      h(
        'table',
        { id: 'compare-migration', class: 'data matrix' },
        h('caption', null, t('compare.migration.caption')),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('compare.migration.corner')), cols.map(({ s }) => h('th', { scope: 'col', class: 'num' }, segName(s))))),
        h(
          'tbody',
          null,
          rows.map((row) =>
            h(
              'tr',
              { dataset: { from: row.from ?? 'new' } },
              h('th', { scope: 'row' }, segName(row.from)),
              cols.map(({ s, k }) => h('td', { class: `num${row.from === s ? ' same' : ''}`, dataset: { col: s, value: String(row.customers[k]) } }, row.customers[k] ? fmtInt(row.customers[k]) : '·')),
            ),
          ),
        ),
      ),
    ),
  );
  const moves = [];
  for (const row of m.rows) m.segments.forEach((s, k) => row.customers[k] > 0 && moves.push({ from: row.from, to: s, customers: row.customers[k], revenue: row.revenue[k] }));
  moves.sort((a, b) => b.customers - a.customers || b.revenue - a.revenue);
  const moveColumns = [
    { key: 'from', label: t('compare.col.from'), value: (x) => x.from ?? 'new', text: (x) => segName(x.from) },
    { key: 'to', label: t('compare.col.to'), value: (x) => x.to, text: (x) => segName(x.to) },
    { key: 'customers', label: t('compare.col.customers'), num: true, text: (x) => fmtInt(x.customers) },
    ...(money ? [{ key: 'revenue', label: t('compare.col.revenue'), num: true, text: (x) => fmtMoney(x.revenue) }] : []),
  ];
  return h(
    'div',
    { id: 'compare-migration-box' },
    h('h3', null, t('compare.migration.title'), ' ', explain('segment_migration')),
    h(
      'p',
      { id: 'compare-migration-summary', dataset: { improved: String(m.improved), worsened: String(m.worsened) } },
      t('compare.migration.summary', {
        from: periodName(r.current.period),
        customers: fmtInt(m.customers),
        stayed: fmtInt(m.stayed),
        improved: fmtInt(m.improved),
        worsened: fmtInt(m.worsened),
        within: fmtInt(m.moved_within_group),
        entered: fmtInt(m.entered),
      }),
    ),
    matrix,
    h('details', { class: 'points' }, h('summary', null, t('compare.migration.moves')), dataTable({ id: 'compare-moves', name: `compare-${r.period}-migration`, caption: t('compare.migration.moves.caption'), columns: moveColumns, rows: moves })),
  );
}

/** The notes other than the partial period left out (the "which period" line says it). */
function notes(r) {
  const list = r.notices.filter((n) => n.code !== 'compare_partial_skipped');
  if (!list.length) return null;
  return h(
    'ul',
    { class: 'notes compare-notes' },
    list.map((n) => {
      const p = { ...n.params, period: periodName(n.params.period) };
      const key = `compare.note.${n.code}`;
      const text = t(key, p);
      return h('li', { class: 'hint', dataset: { code: n.code } }, text === key ? n.text : text);
    }),
  );
}

/** The section (null before the segmentation, or for a per-customer summary). */
export function compareSection(state, ctx, money = true) {
  if (!state.segments || state.report?.layout === 'customers') return null;
  const c = state.compare;
  const r = c?.report;
  const status = !c || c.busy ? 'busy' : interrupted(c) ? 'stopped' : c.error ? 'error' : r ? 'done' : 'busy';
  // Stop while it runs; after a Stop (or the engine dying under it), "Stopped." and Run again (stop.js).
  const stop = c ? stopControls('compare', [c], { stop: () => ctx.stop(['compare']), run: () => ctx.compare() }) : null;
  const body =
    status === 'stopped'
      ? [stop]
      : status === 'error'
      ? [h('p', { id: 'compare-error', class: 'error', role: 'alert' }, t('compare.error', { message: c.error.message }))]
      : status === 'busy' || !r
        ? [h('p', { id: 'compare-status', class: 'hint', role: 'status' }, t('compare.busy')), stop]
        : [
            h('p', { id: 'compare-headline', class: 'compare-headline', dataset: { code: r.headline.code, metric: r.headline.metric ?? '' } }, headline(r)),
            h('p', { id: 'compare-chosen', class: 'hint' }, chosenLine(r), ' ', explain('compare_period')),
            notes(r),
            table(r, money),
            migration(r, money),
            h('div', { class: 'exports' }, jsonButton(`compare-${r.period}`, t('compare.json'), () => r)),
          ];
  return h(
    'section',
    { id: 'overview-compare', 'aria-labelledby': 'overview-compare-title', dataset: { compare: status } },
    h('h2', { id: 'overview-compare-title' }, t('compare.title')),
    controls(state, ctx, r),
    body,
  );
}
