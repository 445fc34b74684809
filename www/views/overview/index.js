// The Overview (#overview): after a file is read, the key figures of the segmentation's overview
// (src/analysis/overview.rs), the monthly revenue split by segment group, and a link into each view.
// Before that, a short note saying what to do. Each figure has its definition at hand ("?").

import { h } from '../../dom.js';
import { t, fmtInt, fmtMoney, fmtPercent, fmtDate, fmtMonth } from '../../i18n/i18n.js';
import { explain } from '../../explain.js';
import { reasonText } from '../../notice.js';
import { monthlyChart } from '../../charts.js';
import { dataTable } from '../../tables.js';
import { jsonButton } from '../../export.js';
import { lacking } from '../needs.js';
import { segmentGroups } from '../../defaults.js';
import { ensureCompare, compareKey, compareSection } from './compare.js';


/** The read whose forecast was asked for. */
let forecastFor = null;

export default {
  id: 'overview',
  titleKey: 'view.overview',
  blurbKey: 'view.overview.blurb',
  mount(panel) {
    panel.dataset.rendered = '';
  },
  update(panel, state, ctx) {
    // The revenue forecast continues the monthly chart (src/forecast; asked once per read when shown).
    if (state.readId !== null && state.segments && state.readId !== forecastFor && (!panel.hidden || state.printing) && ctx.forecast) {
      forecastFor = state.readId;
      queueMicrotask(() => ctx.forecast());
    }
    ensureCompare(panel, state, ctx);
    // Re-render only when the report, the forecast, the comparison or the language changed (the chart is costly to redraw).
    const f = state.forecast;
    const key = `${state.segmentsSeq}|${state.language}|${state.status}|${f?.seq ?? ''}|${f?.busy ? 1 : 0}|${compareKey(state)}`;
    if (panel.dataset.rendered === key) return;
    panel.dataset.rendered = key;
    ctx.disposeCharts(panel);
    panel.replaceChildren(render(state, ctx));
  },
};

/**
 * One sentence when most rows were not used for one reason (more than half of them), with the way to the
 * column to fix; nothing otherwise. A read with nothing at all to analyse is the alert's business instead.
 */
function rejectedBanner(report, ctx) {
  const top = report?.rejections?.[0];
  const total = report?.rows?.total ?? 0;
  if (!top || report.problem || top.count * 2 <= total) return null;
  const params = { pct: fmtPercent(top.count / total), count: top.count, total, reason: reasonText(top), column: top.column_name ?? '' };
  return h(
    'p',
    { id: 'overview-rejected', class: 'banner', role: 'status', dataset: { reason: top.reason } },
    t(top.column_name ? 'overview.rejected_most' : 'overview.rejected_most.nocol', params),
    ' ',
    h('button', { type: 'button', id: 'overview-rejected-fix', onclick: () => ctx.fixColumn?.(top.column ?? null) }, t('overview.rejected_fix')),
  );
}

function render(state, ctx) {
  const banner = rejectedBanner(state.report, ctx);
  const body = renderBody(state, ctx);
  return banner ? h('div', null, banner, body) : body;
}

function renderBody(state, ctx) {
  const r = state.segments;
  if (!r) {
    return h(
      'section',
      { id: 'overview-empty', class: 'overview-empty', 'aria-labelledby': 'overview-title' },
      h('h2', { id: 'overview-title' }, t('overview.title')),
      h('p', null, t(state.status === 'stopped' ? 'overview.empty.stopped' : state.status === 'error' ? 'overview.empty.error' : state.status === 'busy' ? 'overview.empty.busy' : 'overview.empty')),
      links(ctx),
    );
  }
  const o = r.overview;
  // Without a price or amount column every money figure would be a zero: they are left out, and one line
  // says what is missing and where to add it.
  const money = !lacking(state.report).includes('prices');
  return h(
    'div',
    { class: 'overview' },
    figures(r, o, state, ctx, money),
    money && o ? monthly(r, o, state) : null,
    compareSection(state, ctx, money),
    links(ctx),
  );
}

function figures(r, o, state, ctx, money = true) {
  const card = (key, term, value, raw, note, extra) =>
    h(
      'div',
      { class: 'figure-card', dataset: { figure: key } },
      h('dt', null, t(`overview.${key}`), ' ', explain(term)),
      h('dd', { class: 'num', dataset: { key: `ov.${key}`, value: raw === null || raw === undefined ? '' : String(raw) } }, value),
      note ? h('dd', { class: 'hint' }, note) : null,
      extra ? h('dd', null, extra) : null,
    );
  return h(
    'section',
    { id: 'overview-figures', 'aria-labelledby': 'overview-title' },
    h('h2', { id: 'overview-title' }, t('overview.title')),
    h('p', { class: 'hint' }, t('overview.window', { file: state.fileName ?? '', from: fmtDate(r.window_start), to: fmtDate(r.as_of) })),
    h(
      'dl',
      { class: 'figures' },
      card('customers', 'customer', fmtInt(r.customers), r.customers),
      card('orders', 'order', fmtInt(o?.orders), o?.orders, byDays(r, state.report) ? t('overview.orders.days') : null),
      money && card('revenue', 'revenue', fmtMoney(r.revenue), r.revenue, t('overview.revenue.gross')),
      money && o && o.net_revenue !== undefined ? card('net_revenue', 'revenue', fmtMoney(o.net_revenue), o.net_revenue, t('overview.net_revenue.note', { returns: fmtMoney(o.returns_value) })) : null,
      money && card('aov', 'aov', fmtMoney(o?.average_order_value), o?.average_order_value),
      card('repeat_rate', 'repeat_rate', fmtPercent(o?.repeat_customer_rate), o?.repeat_customer_rate, t('overview.repeat_rate.note', { count: o?.repeat_customers ?? 0 })),
      money && card('top10', 'top10', fmtPercent(o?.top10_revenue_share), o?.top10_revenue_share),
      money &&
        card(
          'at_risk',
          'revenue_at_risk',
          fmtMoney(o?.revenue_at_risk),
          o?.revenue_at_risk,
          t('overview.at_risk.note', { count: o?.customers_at_risk ?? 0, days: o?.at_risk_days ?? 365 }),
          // The customers behind it: the lapsing stage's list, whose CSV is "<file>-revenue-at-risk.csv".
          o?.customers_at_risk && ctx.listCustomers
            ? h('button', { type: 'button', id: 'overview-at-risk-list', onclick: () => ctx.listCustomers({ by: 'stage', value: 'lapsing', title: t('overview.at_risk.list'), name: 'revenue at risk' }) }, t('overview.at_risk.list'))
            : null,
        ),
    ),
    money ? null : h('p', { class: 'hint', id: 'overview-no-prices' }, t('overview.no_prices', { data: t('view.data'), role: t('role.unit_price'), role2: t('role.amount') })),
    money ? reconcile(r, o, state.report) : null,
    money ? h('p', { class: 'hint', id: 'at-risk-caption' }, t('overview.at_risk.caption')) : null,
    h('div', { class: 'exports' }, jsonButton('overview', t('export.json.overview'), () => ({ as_of: r.as_of, window_start: r.window_start, customers: r.customers, revenue: r.revenue, frequency_basis: r.frequency_basis, ...o }))),
  );
}

/**
 * Whether orders are purchase days: the file has no order column, or one without a single order id (the
 * Data view counts 0 orders; the core counts each customer's purchase days then).
 */
const byDays = (r, report) => report?.layout !== 'customers' && (r.frequency_basis === 'days' || (report?.summary?.orders === 0 && r.customers > 0));

/**
 * One line on why the Data view's totals differ from these, when they do: it counts every used row
 * (customer ids with only returns, cancelled orders, orders and purchases without a customer id, purchases
 * after the as-of date), these count the customers with a purchase before the as-of date and their orders
 * and revenue. Null when all three agree.
 */
function reconcile(r, o, report) {
  const s = report?.summary;
  // A per-customer summary has no rows of purchases to count: nothing to reconcile.
  if (!s || !o || report.layout === 'customers') return null;
  const same = (a, b) => Math.abs(a - b) < 0.005;
  const days = byDays(r, report);
  const orders = days ? o.orders : s.orders;
  if (s.customers === r.customers && orders === o.orders && same(s.revenue, r.revenue)) return null;
  return h(
    'p',
    { class: 'hint', id: 'overview-reconcile' },
    t(days ? 'overview.reconcile.days' : 'overview.reconcile', {
      customers: fmtInt(s.customers),
      orders: fmtInt(s.orders),
      revenue: fmtMoney(s.revenue),
      no_customer: fmtMoney(r.excluded_no_customer_revenue ?? 0),
    }),
  );
}

/** Days in month `YYYY-MM`. */
const monthDays = (ym) => new Date(Date.UTC(Number(ym.slice(0, 4)), Number(ym.slice(5, 7)), 0)).getUTCDate();

/**
 * Which days of month `ym` the window [start, as_of) covers, when not the whole month: {from, to} (days
 * of the month), else null. Online Retail's December 2011 (as of 2011-12-10) is {from: 1, to: 9}.
 */
export function partialDays(ym, start, asOf) {
  if (!/^\d{4}-\d{2}$/.test(ym ?? '')) return null;
  const last = monthDays(ym);
  const from = start?.startsWith(ym) ? Number(start.slice(8, 10)) : 1;
  // The window ends the day before the as-of date.
  let to = last;
  if (asOf?.startsWith(ym)) to = Number(asOf.slice(8, 10)) - 1;
  return from === 1 && to === last ? null : { from, to: Math.max(from, to) };
}

/** The monthly revenue by segment group: chart, then the same numbers as a table (with CSV). */
/** The forecast's months when a forecast of this read is at hand (src/forecast). */
function forecastOf(state) {
  const f = state.forecast;
  return f && !f.busy && !f.error && f.report?.forecast?.length ? f.report.forecast : null;
}

/** One sentence under the chart: the revenue expected ahead, with the way to the Predict view. */
function forecastLine(state) {
  const ahead = forecastOf(state);
  if (!ahead) return null;
  const total = ahead.reduce((a, x) => a + x.value, 0);
  return h(
    'p',
    { id: 'overview-forecast', class: 'hint', dataset: { total: String(total) } },
    t('overview.forecast', { months: fmtInt(ahead.length), from: fmtMonth(ahead[0].period), to: fmtMonth(ahead[ahead.length - 1].period), total: fmtMoney(total) }),
    ' ',
    h('a', { href: '#predict' }, t('overview.forecast.more')),
  );
}

/**
 * The report's monthly revenue with each month's RFM segments added up by group (the core's
 * Segment::group, groups best first: the chart's stacks): {groups: ['best', …], months: [{month, partial,
 * revenue, values: {group: revenue}}]}. Also the shareable summary's chart (www/summary.js).
 */
export function monthsByGroup(r, o) {
  const groups = segmentGroups();
  const GROUPS = Object.keys(groups);
  const index = new Map((o.segments ?? []).map((k, i) => [k, i]));
  const months = (o.monthly_revenue ?? []).map((m) => ({
    month: m.month,
    partial: partialDays(m.month, r.window_start, r.as_of),
    revenue: m.revenue,
    values: Object.fromEntries(GROUPS.map((g) => [g, groups[g].reduce((a, k) => a + (m.by_segment[index.get(k)] ?? 0), 0)])),
  }));
  return { groups: GROUPS, months };
}

function monthly(r, o, state) {
  const { groups: GROUPS, months } = monthsByGroup(r, o);
  const columns = [
    { key: 'month', label: t('overview.table.month'), text: (m) => (m.partial ? `${fmtMonth(m.month)} ${t('overview.partial.short', m.partial)}` : fmtMonth(m.month)) },
    ...GROUPS.map((g) => ({ key: g, label: t(`group.${g}`), num: true, value: (m) => m.values[g], text: (m) => fmtMoney(m.values[g]) })),
    { key: 'revenue', label: t('overview.table.total'), num: true, text: (m) => fmtMoney(m.revenue) },
    // Last in the CSV, so the columns before it keep their places: "1-9" for a month covered in part.
    { key: 'partial_days', label: t('overview.table.days'), value: (m) => (m.partial ? `${m.partial.from}-${m.partial.to}` : ''), hidden: true },
  ];
  return h(
    'section',
    { id: 'overview-monthly', 'aria-labelledby': 'overview-monthly-title' },
    h('h2', { id: 'overview-monthly-title' }, t('overview.monthly.title')),
    months.length ? monthlyChart(months, GROUPS, { label: (m) => (m.partial ? `${fmtMonth(m.month)}*` : fmtMonth(m.month)), forecast: forecastOf(state) }) : h('p', null, t('overview.monthly.none')),
    forecastLine(state),
    months
      .filter((m) => m.partial)
      .map((m) => h('p', { class: 'hint partial-month', dataset: { month: m.month } }, t('overview.partial', { month: fmtMonth(m.month), from: m.partial.from, to: m.partial.to, days: monthDays(m.month) }))),
    h(
      'ul',
      { class: 'group-legend' },
      GROUPS.map((g) => h('li', null, h('span', { class: `swatch swatch-${g}`, 'aria-hidden': 'true' }), h('strong', null, t(`group.${g}`)), ': ', t(`group.${g}.def`))),
    ),
    h(
      'details',
      { class: 'points' },
      h('summary', null, t('overview.monthly.table')),
      dataTable({ id: 'monthly-table', name: 'monthly-revenue', caption: t('overview.monthly.caption'), columns, rows: months }),
    ),
  );
}

function links(ctx) {
  const views = ctx.views.filter((v) => v.id !== 'overview');
  return h(
    'nav',
    { id: 'overview-links', class: 'view-links', 'aria-labelledby': 'overview-links-title' },
    h('h2', { id: 'overview-links-title' }, t('overview.links')),
    h(
      'ul',
      null,
      views.map((v) => h('li', null, h('a', { href: `#${v.id}`, dataset: { link: v.id } }, t(v.titleKey)), h('span', { class: 'hint' }, ` — ${t(v.blurbKey)}`))),
    ),
  );
}
