// The Value view (#value): customer lifetime value from a purchase model (BG/NBD, Pareto/NBD or MBG/NBD,
// chosen on the holdout or by BIC) and the Gamma-Gamma spend model (src/clv). It says which model was
// used and why (the comparison in a disclosure), shows the fitted parameters with what they mean, the top
// customers by CLV (the whole per-customer table as CSV), the P(alive) distribution, the churn-risk list
// ranked by value at risk with a reason per customer (CSV), the valuable customers who are probably gone,
// and the holdout check that says whether to trust the model. The view owns its options;
// each change asks the page to run the analysis again in the worker (ctx.clv).

import { h } from '../../dom.js';
import { t, fmtInt, fmtMoney, fmtPercent, fmtDate, currentLocale } from '../../i18n/i18n.js';
import { explain } from '../../explain.js';
import { noticeText } from '../../notice.js';
import { barChart, ACCENT } from '../../charts.js';
import { dataTable, section, optionForm, numberInput } from '../../tables.js';
import { downloadCsv, toCsv, csvName } from '../../csv.js';
import { jsonButton } from '../../export.js';
import { num1, num2, num3, prob, days, fmtDays, customerColumns } from './format.js';
import { pAlive, atRisk, bySegment, holdoutSection, newCustomer } from './checks.js';
import { stopControls, interrupted } from '../../stop.js';
import { CORE } from '../../defaults.js';

/** Rows of the top-customers table (the CSV download has every customer). */
export const TOP_ROWS = 100;

/** A share as a percentage, without the float's tail (0.3 → 30, not 30.000000000000004). */
const percent = (/** @type {number} */ x) => Number((100 * x).toPrecision(12));

/**
 * The core's options written out (src/clv/params.rs ClvOptions::written_out, sent with READY) in page
 * units (percentages as percent), with the horizon of the unit: what the view starts from and Reset
 * returns to.
 */
function start() {
  const c = CORE.clv;
  const unit = c.time_unit ?? 'week';
  return { holdout: true, time_unit: unit, horizon: defaultHorizon(unit), discount: percent(c.discount_rate ?? 0), margin: percent(c.margin ?? 0), share: percent(c.at_risk_value_share ?? 0), p_alive: percent(c.at_risk_p_alive ?? 0), model: c.model ?? 'auto' };
}

/**
 * The view's options (see `start`); `calibration_end` '' means the default. Null until the view is first
 * drawn after READY.
 * @type {{holdout: boolean, calibration_end: string, time_unit: string, horizon: number, discount: number, margin: number, share: number, p_alive: number, model: string} | null}
 */
let opts = null;

/** The purchase models of src/clv/model.rs, by report key. */
export const MODELS = { bgnbd: 'BG/NBD', pareto_nbd: 'Pareto/NBD', mbg_nbd: 'MBG/NBD' };
/** The core's default horizon in `unit` (src/clv/params.rs default_horizon, sent with READY). */
const defaultHorizon = (unit) => CORE.clv_horizon[unit];
let requestedFor = null;

export default {
  id: 'value',
  titleKey: 'view.value',
  blurbKey: 'view.value.blurb',
  mount(panel) {
    panel.dataset.rendered = '';
  },
  update(panel, state, ctx) {
    // The core's default once READY brought it (the view is drawn before, empty).
    if (CORE.clv && CORE.clv_horizon) opts ??= { calibration_end: '', ...start() };
    if (!opts) return;
    // A newly read file: its default calibration end, then the first run (once the view is shown).
    if (state.readId !== null && state.readId !== requestedFor && (!panel.hidden || state.printing)) {
      requestedFor = state.readId;
      opts.calibration_end = defaultCalibrationEnd(state.report);
      queueMicrotask(() => ctx.clv(coreOptions()));
    }
    const c = state.clv;
    const key = `${state.readId}|${c?.seq}|${c?.busy}|${c?.error ? 1 : 0}|${c?.stopped ? 1 : 0}|${state.language}`;
    if (panel.dataset.rendered === key) return;
    panel.dataset.rendered = key;
    ctx.disposeCharts(panel);
    panel.replaceChildren(render(state, ctx));
    panel.dataset.clv = c?.busy ? 'running' : interrupted(c) ? 'stopped' : c?.error ? 'error' : c?.report ? 'done' : 'none';
  },
};

/** Two thirds into the file's date range (a holdout of the last third), as YYYY-MM-DD; '' when unknown. */
export function defaultCalibrationEnd(report) {
  // A per-customer summary holds each customer's purchases up to its as-of date only: no holdout.
  if (report?.layout === 'customers') return '';
  const first = Date.parse(`${String(report?.summary?.first_date ?? '').slice(0, 10)}T00:00:00Z`);
  const last = Date.parse(`${String(report?.summary?.last_date ?? '').slice(0, 10)}T00:00:00Z`);
  if (!Number.isFinite(first) || !Number.isFinite(last) || last <= first) return '';
  const day = 86_400_000;
  return new Date(first + Math.round(((last - first) / day) * (2 / 3)) * day).toISOString().slice(0, 10);
}

/** The options as ClvOptions (src/clv/params.rs). */
function coreOptions() {
  const o = {
    time_unit: opts.time_unit,
    horizon: opts.horizon,
    discount_rate: opts.discount / 100,
    margin: opts.margin / 100,
    at_risk_value_share: opts.share / 100,
    at_risk_p_alive: opts.p_alive / 100,
    model: opts.model,
  };
  if (opts.holdout && opts.calibration_end) o.calibration_end = opts.calibration_end;
  return o;
}

/** A fitted parameter: 4 significant digits, scientific notation when very small or large. */
export function fmtParam(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '—';
  const sci = v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6);
  return new Intl.NumberFormat(currentLocale(), sci ? { notation: 'scientific', maximumSignificantDigits: 4 } : { maximumSignificantDigits: 4 }).format(v);
}

/** A warning of the fit in the page's language, its numbers written as the parameters are. */
function warningText(w) {
  return noticeText('clv.warn', w, (p) => {
    const q = { ...p };
    for (const k of ['a', 'b', 'gradient', 'tolerance']) if (typeof q[k] === 'number') q[k] = fmtParam(q[k]);
    if (typeof q.correlation === 'number') q.correlation = num2(q.correlation);
    if (typeof q.mean_spend === 'number') q.mean_spend = fmtMoney(q.mean_spend);
    if (typeof q.likelihood_ratio === 'number') q.likelihood_ratio = num2(q.likelihood_ratio);
    if (typeof q.critical === 'number') q.critical = num2(q.critical);
    if (typeof q.percent === 'number') q.percent = new Intl.NumberFormat(currentLocale(), { signDisplay: 'exceptZero', maximumFractionDigits: 0 }).format(q.percent);
    if (q.date) q.date = fmtDate(q.date);
    if (q.as_of) q.as_of = fmtDate(q.as_of);
    return q;
  });
}

/** How CLV is computed, in the page's language, from the options the core used. */
function clvRule(r) {
  const unit = r.time_unit === 'day' ? 'day' : 'week';
  return t(r.options?.margin == null ? 'value.clv_rule.default' : 'value.clv_rule', {
    margin: fmtParam(r.margin),
    model: MODELS[r.model] ?? r.model,
    horizon: t(`value.units.${unit}`, { count: r.horizon }),
    as_of: fmtDate(r.scoring?.as_of ?? r.calibration_end),
    rate: fmtParam(100 * r.discount_rate),
  });
}

function render(state, ctx) {
  const title = h('h2', { id: 'value-title' }, t('value.title'), ' ', explain('clv'));
  if (state.readId === null) {
    return h('section', { id: 'value-empty', 'aria-labelledby': 'value-title' }, title, h('p', null, t(state.status === 'busy' ? 'value.empty.busy' : 'value.empty')));
  }
  const c = state.clv;
  const r = c?.report;
  return h(
    'div',
    { class: 'value' },
    h(
      'section',
      { id: 'value-head', 'aria-labelledby': 'value-title' },
      title,
      // What to do with the values first; the models behind them on demand.
      h('p', { class: 'lead', id: 'value-lead' }, t('value.lead')),
      h('details', { class: 'more', id: 'value-how' }, h('summary', null, t('value.how')), h('p', { class: 'hint' }, t('value.intro'))),
      form(ctx, state),
    ),
    h('p', { id: 'value-status', class: 'hint', role: 'status' }, c?.busy ? t('value.running') : r && !interrupted(c) ? t('value.done', { ms: fmtInt(c.ms) }) : ''),
    stopControls('value', [c], { stop: () => ctx.stop(['clv']), run: () => ctx.clv() }),
    c?.error && !interrupted(c) ? h('p', { id: 'value-error', class: 'value-error', role: 'alert' }, t('value.error', { message: c.error.message ?? String(c.error) })) : null,
    r ? body(r, c, state, ctx) : null,
  );
}

function form(ctx) {
  const unit = h('select', { id: 'value-unit' }, ['week', 'day'].map((u) => h('option', { value: u, selected: opts.time_unit === u }, t(`value.unit.${u}`))));
  const holdout = h('input', { type: 'checkbox', id: 'value-holdout', checked: opts.holdout });
  const model = h('select', { id: 'value-model-choice' }, ['auto', ...Object.keys(MODELS)].map((m) => h('option', { value: m, selected: opts.model === m }, m === 'auto' ? t('value.model.auto') : MODELS[m])));
  const calEnd = h('input', { type: 'date', id: 'value-cal-end', value: opts.calibration_end, disabled: !opts.holdout, 'aria-describedby': 'value-options-help' });
  holdout.addEventListener('change', () => (calEnd.disabled = !holdout.checked));
  unit.addEventListener('change', () => {
    const hz = document.getElementById('value-horizon');
    const other = unit.value === 'week' ? 'day' : 'week';
    if (hz && Number(hz.value) === defaultHorizon(other)) hz.value = String(defaultHorizon(unit.value));
  });
  const read = () => {
    const v = (id) => document.getElementById(id).value;
    opts.holdout = holdout.checked;
    opts.calibration_end = calEnd.value;
    opts.time_unit = unit.value;
    opts.horizon = Number(v('value-horizon'));
    opts.discount = Number(v('value-discount'));
    opts.margin = Number(v('value-margin'));
    opts.share = Number(v('value-share'));
    opts.p_alive = Number(v('value-p-alive'));
    opts.model = model.value;
  };
  return optionForm({
    id: 'value-options',
    legend: t('value.options'),
    fields: [
      { id: 'value-holdout', label: t('value.opt.holdout'), input: holdout },
      { id: 'value-cal-end', label: t('value.opt.calibration_end'), input: calEnd },
      { id: 'value-unit', label: t('value.opt.unit'), input: unit },
      { id: 'value-horizon', label: t('value.opt.horizon'), input: numberInput('value-horizon', opts.horizon, { min: 1, step: '1' }) },
      { id: 'value-discount', label: t('value.opt.discount'), input: numberInput('value-discount', opts.discount, { min: 0, max: 1000, step: 'any' }) },
      { id: 'value-margin', label: t('value.opt.margin'), input: numberInput('value-margin', opts.margin, { min: 0, step: 'any' }) },
      { id: 'value-share', label: t('value.opt.share'), input: numberInput('value-share', opts.share, { min: 0.1, max: 100, step: 'any' }) },
      { id: 'value-p-alive', label: t('value.opt.p_alive'), input: numberInput('value-p-alive', opts.p_alive, { min: 0, max: 100, step: 'any' }) },
      { id: 'value-model-choice', label: t('value.opt.model'), input: model },
    ],
    apply: () => {
      read();
      ctx.clv(coreOptions());
    },
    reset: () => {
      Object.assign(opts, start());
      requestedFor = null;
      ctx.clv(coreOptions());
    },
    help: t('value.options.help'),
  });
}

function body(r, c, state, ctx) {
  const unit = t(`value.unit.${r.time_unit}`);
  return [
    h(
      'p',
      { id: 'value-summary' },
      t('value.summary', { from: fmtDate(r.calibration_start), to: fmtDate(r.calibration_end), customers: fmtInt(r.calibration_customers), repeat: fmtInt(r.repeat_buyers), horizon: fmtInt(r.horizon), unit }),
    ),
    r.holdout ? h('p', { id: 'value-verdict', class: 'verdict' }, verdict(r.holdout)) : h('p', { id: 'value-verdict', class: 'hint' }, t('value.verdict.none')),
    totals(r),
    // The fit's warnings (gradients, tolerances) and parameters are for the analyst: one line says they
    // exist, the disclosure after the model's choice holds them.
    r.warnings?.length ? h('p', { id: 'value-warnings-note', class: 'hint' }, t('value.warnings.note', { count: r.warnings.length, details: t('value.details') })) : null,
    r.model_comparison ? modelChoice(r) : null,
    h(
      'details',
      { class: 'more', id: 'value-details' },
      h('summary', null, t('value.details')),
      r.warnings?.length
        ? h('section', { id: 'value-warnings', 'aria-labelledby': 'value-warnings-title' }, h('h3', { id: 'value-warnings-title' }, t('value.warnings')), h('ul', null, r.warnings.map((w) => h('li', { dataset: { code: w.code ?? '' } }, warningText(w)))))
        : null,
      parameters(r, unit),
    ),
    top(r, c, state),
    pAlive(r),
    r.churn_risk ? churnRisk(r, ctx) : null,
    r.timing ? timing(r, ctx) : null,
    atRisk(r),
    c.bySegment?.length ? bySegment(c.bySegment, r) : null,
    r.holdout ? holdoutSection(r, unit) : null,
    r.new_customer_curve?.length ? newCustomer(r, unit) : null,
    h('div', { class: 'exports' }, jsonButton('value-report', t('value.json'), () => r)),
  ];
}

/** One sentence from the holdout totals: how far the prediction was from what happened. */
export function verdict(ho) {
  const e = ho.relative_error;
  if (typeof e !== 'number') return t('value.verdict.nothing');
  const key = Math.abs(e) <= 0.1 ? 'value.verdict.good' : Math.abs(e) <= 0.2 ? 'value.verdict.fair' : 'value.verdict.poor';
  const pct = `${e > 0 ? '+' : e < 0 ? '−' : '±'}${new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 0 }).format(Math.abs(e) * 100)} %`;
  return t(key, { predicted: fmtInt(ho.predicted_total), actual: fmtInt(ho.actual_total), error: pct, from: fmtDate(ho.start), to: fmtDate(ho.end) });
}

/** Which purchase model gave the values and why, with the comparison in a disclosure. */
function modelChoice(r) {
  const cmp = r.model_comparison;
  const chosen = cmp.find((m) => m.chosen) ?? cmp[0];
  const name = MODELS[r.model] ?? r.model;
  const asked = r.options?.model && r.options.model !== 'auto';
  const reason = asked
    ? t('value.model.asked', { model: name })
    : r.holdout && typeof chosen?.holdout_mae === 'number'
      ? t('value.model.holdout', { model: name, mae: num3(chosen.holdout_mae) })
      : t('value.model.bic', { model: name, bic: num2(chosen?.bic) });
  const asOf = r.scoring?.as_of;
  const params = (m) => {
    const s = r[m.model];
    if (!s) return '—';
    const names = m.model === 'pareto_nbd' ? ['r', 'alpha', 's', 'beta'] : ['r', 'alpha', 'a', 'b'];
    return names.map((n) => `${n} ${fmtParam(s[n])}`).join(', ');
  };
  return h(
    'section',
    { id: 'value-model', class: 'seg-section', 'aria-labelledby': 'value-model-title', dataset: { model: r.model } },
    h('h2', { id: 'value-model-title' }, t('value.model')),
    h('p', { id: 'value-model-reason' }, h('strong', null, name), ' — ', reason),
    asOf ? h('p', { id: 'value-as-of', class: 'hint' }, t(r.scoring.refitted ? 'value.model.as_of' : 'value.model.as_of.same', { date: fmtDate(asOf) })) : null,
    h(
      'details',
      { id: 'value-models', class: 'points' },
      h('summary', null, t('value.models')),
      dataTable({
        id: 'value-models-table',
        name: 'clv-models',
        caption: t('value.models.caption'),
        rows: cmp,
        rowAttrs: (m) => ({ dataset: { model: m.model, chosen: m.chosen ? 'true' : 'false' } }),
        columns: [
          { key: 'label', label: t('value.models.col.model') },
          { key: 'params', label: t('value.models.col.params'), text: params },
          { key: 'log_likelihood', label: t('value.models.col.ll'), num: true, text: (m) => num2(m.log_likelihood) },
          { key: 'bic', label: t('value.models.col.bic'), num: true, text: (m) => num2(m.bic) },
          { key: 'holdout_mae', label: t('value.models.col.mae'), num: true, text: (m) => num3(m.holdout_mae) },
          { key: 'holdout_predicted', label: t('value.models.col.predicted'), num: true, text: (m) => num2(m.holdout_predicted) },
          { key: 'chosen', label: t('value.models.col.chosen'), text: (m) => (m.chosen ? '✓' : '') },
        ],
      }),
    ),
  );
}

/** The reason a customer is at risk, in words, from their purchase history. */
export function riskReason(c, unit) {
  const n1 = new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 1 });
  const n0 = new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 0 });
  return typeof c.typical_gap === 'number'
    ? t('value.reason.repeat', { n: fmtInt(c.x + 1), gap: n1.format(c.typical_gap), silent: n0.format(c.silent_for), unit })
    : t('value.reason.once', { silent: n0.format(c.silent_for), unit });
}

/** Customers ranked by value at risk (CLV if still active × P(not alive)), with the reason and a CSV. */
function churnRisk(r, ctx) {
  const k = r.churn_risk;
  const unit = t(`value.unit.${r.time_unit}`);
  const name = MODELS[r.model] ?? r.model;
  const money = k.ranked_by === 'value_at_risk';
  const atRiskText = (c) => (money ? fmtMoney(c.value_at_risk) : num2(c.purchases_at_risk));
  const cols = [
    { key: 'customer', label: t('value.col.customer') },
    { key: 'value_at_risk', label: t(money ? 'value.col.value_at_risk' : 'value.col.purchases_at_risk'), num: true, value: (c) => (money ? c.value_at_risk : c.purchases_at_risk), text: atRiskText },
    { key: 'p_alive', label: t('value.col.p_alive'), num: true, text: (c) => prob(c.p_alive) },
    { key: 'clv', label: t('value.col.clv'), num: true, text: (c) => fmtMoney(c.clv) },
    { key: 'past_value', label: t('value.col.past'), num: true, text: (c) => fmtMoney(c.past_value) },
    { key: 'reason', label: t('value.col.reason'), text: (c) => riskReason(c, unit) },
  ];
  // The table shows the report's first 500; the download and the list hold every customer at risk.
  const all = whole(r, k.customers, k.customers_at_risk, 'risk_rank');
  const csv = () =>
    toCsv(
      ['customer', 'value_at_risk', 'purchases_at_risk', 'p_alive', 'clv', 'past_value', 'purchases', 'typical_gap', 'silent_for', 'time_unit', 'reason'],
      all.map((c) => [c.customer, c.value_at_risk, c.purchases_at_risk, c.p_alive, c.clv, c.past_value, c.x + 1, c.typical_gap, c.silent_for, r.time_unit, riskReason(c, unit)]),
    );
  return section(
    'value-risk',
    t('value.risk'),
    k.customers.length && !k.note
      ? t('value.risk.intro', { count: fmtInt(k.customers_at_risk), shown: fmtInt(k.customers.length), model: name, total: money ? fmtMoney(k.total_at_risk) : num2(k.total_at_risk) })
      : '',
    k.customers.length && !k.note
      ? [
          dataTable({ id: 'value-risk-table', name: 'clv-churn-risk', caption: t('value.risk.caption', { shown: fmtInt(k.customers.length) }), columns: cols, rows: k.customers }),
          h('button', { type: 'button', id: 'value-risk-csv', class: 'csv', dataset: { csv: 'clv-churn-risk', rows: String(all.length) }, onclick: () => downloadCsv(csvName('clv-churn-risk'), csv()) }, t('value.risk.csv', { shown: fmtInt(all.length) })),
          asList(ctx, 'value-risk-list', all, 'churn-risk', t('value.risk')),
        ]
      : h('p', { id: 'value-risk-none' }, t('value.risk.none', { model: name })),
  );
}

/**
 * Every customer of a ranked list of which the report keeps the first ones only (`listed`, `total` in
 * all: the churn risk's 500, src/clv/mod.rs RISK_LIST; the overdue list's 200, timing::OVERDUE_LIST), for
 * its download and its customer list. The report's per-customer rows hold every scored customer, each
 * with its place in the whole list (`rank`: `risk_rank` or `overdue_rank`, src/clv/lists.rs): the rows
 * with a place, in its order. `listed` itself when it is whole already or the rows are not all there.
 */
export function whole(r, listed, total, rank) {
  if (listed.length >= total || r.customers.length < (r.customers_total ?? r.customers.length)) return listed;
  return r.customers.filter((c) => typeof c[rank] === 'number').sort((a, b) => a[rank] - b[rank]);
}

/**
 * A button that opens `customers` (in their order) as a customer list, whose download offers the e-mail
 * and ad platforms' layouts (src/lists, the same bytes as `clientela list`), tagged `name`.
 */
function asList(ctx, id, customers, name, title) {
  if (!ctx?.listCustomers || !customers.length) return null;
  return h('button', { type: 'button', id, onclick: () => ctx.listCustomers({ by: 'ids', ids: customers.map((c) => c.customer), name, title }) }, t('value.as_list'));
}

/** Days from a length in the report's time unit. */

/**
 * When customers buy next (src/clv/timing.rs): how many are expected to buy within 30/60/90 days, how far
 * apart a customer's purchases are, and the overdue list (3+ purchases, silent longer than their own mean
 * gap), with each customer's chance to buy within 30 days and the likely date of the next purchase.
 */
function timing(r, ctx) {
  const tm = r.timing;
  const [w1, w2, w3] = tm.windows;
  const [b1, b2, b3] = tm.expected_buyers;
  const labels = tm.gaps.bins.map((b) => (b.to == null ? t('value.timing.bin.open', { from: fmtInt(b.from) }) : t('value.timing.bin', { from: fmtInt(b.from), to: fmtInt(b.to) })));
  const y = tm.gaps.bins.map((b) => b.gaps);
  const chart = tm.gaps.gaps
    ? barChart({
        id: 'value-gaps-chart',
        caption: t('value.timing.gaps.caption'),
        title: t('value.timing.gaps'),
        categories: labels,
        xLabel: t('value.timing.gaps.x'),
        yLabel: t('value.timing.gaps.y'),
        yRange: [0, Math.max(1, ...y) * 1.05],
        series: [{ label: t('value.timing.gaps.y'), values: y, color: ACCENT }],
      })
    : null;
  const [q1, q2, q3] = tm.gaps.quartiles ?? [];
  const cols = [
    { key: 'customer', label: t('value.col.customer') },
    { key: 'past_value', label: t('value.col.past'), num: true, text: (c) => fmtMoney(c.past_value) },
    { key: 'purchases', label: t('value.timing.col.purchases'), num: true, value: (c) => c.x + 1, text: (c) => fmtInt(c.x + 1) },
    { key: 'typical_gap', label: t('value.timing.col.gap'), num: true, value: (c) => days(c.typical_gap, r), text: (c) => fmtDays(days(c.typical_gap, r)) },
    { key: 'silent_for', label: t('value.timing.col.silent'), num: true, value: (c) => days(c.silent_for, r), text: (c) => fmtDays(days(c.silent_for, r)) },
    { key: 'overdue_by', label: t('value.timing.col.overdue'), num: true, value: (c) => days(c.overdue_by, r), text: (c) => fmtDays(days(c.overdue_by, r)) },
    { key: 'p_alive', label: t('value.col.p_alive'), num: true, text: (c) => prob(c.p_alive) },
    { key: 'p_purchase_30', label: t('value.timing.col.p30', { days: w1 }), num: true, text: (c) => fmtPercent(c.p_purchase_30) },
    { key: 'next_purchase', label: t('value.timing.col.next'), value: (c) => c.next_purchase ?? '', text: (c) => (c.next_purchase ? fmtDate(c.next_purchase) : '—') },
  ];
  // The table shows the report's first 200; the download and the list hold every overdue customer.
  const all = whole(r, tm.overdue, tm.overdue_customers, 'overdue_rank');
  const csv = () =>
    toCsv(
      ['customer', 'past_value', 'purchases', 'typical_gap_days', 'silent_for_days', 'overdue_by_days', 'p_alive', `p_purchase_${w1}`, `p_purchase_${w2}`, `p_purchase_${w3}`, 'next_purchase_if_still_buying', 'clv'],
      all.map((c) => [c.customer, c.past_value, c.x + 1, days(c.typical_gap, r), days(c.silent_for, r), days(c.overdue_by, r), c.p_alive, c.p_purchase_30, c.p_purchase_60, c.p_purchase_90, c.next_purchase ?? '', c.clv]),
    );
  return section(
    'value-timing',
    t('value.timing'),
    t('value.timing.intro', { w1, w2, w3, b1: fmtInt(b1), b2: fmtInt(b2), b3: fmtInt(b3), date: fmtDate(r.scoring?.as_of ?? r.calibration_end) }),
    tm.gaps.gaps ? h('p', { id: 'value-gaps-summary' }, t('value.timing.gaps.summary', { median: fmtInt(q2), q1: fmtInt(q1), q3: fmtInt(q3), gaps: fmtInt(tm.gaps.gaps), customers: fmtInt(tm.gaps.customers) })) : h('p', { id: 'value-gaps-summary' }, t('value.timing.gaps.none')),
    chart,
    h('h3', { id: 'value-overdue-title' }, t('value.timing.overdue', { count: tm.overdue_customers }), ' ', explain('overdue')),
    tm.overdue.length
      ? [
          h('p', { class: 'hint' }, t('value.timing.overdue.intro', { shown: fmtInt(tm.overdue.length), count: fmtInt(tm.overdue_customers) })),
          dataTable({ id: 'value-overdue-table', name: 'clv-overdue', caption: t('value.timing.overdue.caption', { shown: fmtInt(tm.overdue.length) }), columns: cols, rows: tm.overdue }),
          h('button', { type: 'button', id: 'value-overdue-csv', class: 'csv', dataset: { csv: 'clv-overdue', rows: String(all.length) }, onclick: () => downloadCsv(csvName('clv-overdue'), csv()) }, t('value.timing.overdue.csv', { shown: fmtInt(all.length) })),
          asList(ctx, 'value-overdue-list', all, 'overdue', t('value.timing.overdue', { count: tm.overdue_customers })),
        ]
      : h('p', { id: 'value-overdue-none' }, t('value.timing.overdue.none')),
  );
}

function parameters(r, unit) {
  const bg = r.bgnbd;
  const rate = bg.r / bg.alpha;
  const drop = bg.a / (bg.a + bg.b);
  const se = (list, name) => list?.find((p) => p.name === name)?.standard_error;
  const rows = [
    { name: 'r', value: bg.r, se: se(bg.parameters, 'r'), meaning: t('value.param.r', { rate: fmtParam(rate), unit }) },
    { name: 'alpha', value: bg.alpha, se: se(bg.parameters, 'alpha'), meaning: t('value.param.alpha', { every: num2(1 / rate), unit }) },
    { name: 'a', value: bg.a, se: se(bg.parameters, 'a'), meaning: t('value.param.a', { drop: fmtPercent(drop) }) },
    { name: 'b', value: bg.b, se: se(bg.parameters, 'b'), meaning: t('value.param.b') },
  ];
  const d = bg.diagnostics ?? {};
  const cols = () => [
    { key: 'name', label: t('value.param.name') },
    { key: 'value', label: t('value.param.value'), num: true, text: (p) => fmtParam(p.value) },
    { key: 'se', label: t('value.param.se'), num: true, text: (p) => fmtParam(p.se) },
    { key: 'meaning', label: t('value.param.meaning') },
  ];
  const gg = r.gamma_gamma;
  const ggRows = gg
    ? [
        { name: 'p', value: gg.p, se: se(gg.parameters, 'p'), meaning: t('value.param.p') },
        { name: 'q', value: gg.q, se: se(gg.parameters, 'q'), meaning: t('value.param.q') },
        { name: 'gamma', value: gg.gamma, se: se(gg.parameters, 'gamma'), meaning: gg.q > 1 ? t('value.param.gamma', { mean: fmtMoney((gg.p * gg.gamma) / (gg.q - 1)) }) : t('value.param.gamma.nomean') },
      ]
    : [];
  const g = gg?.diagnostics ?? {};
  return h(
    'section',
    { id: 'value-params', class: 'seg-section', 'aria-labelledby': 'value-params-title' },
    h('h2', { id: 'value-params-title' }, t('value.params')),
    h('h3', null, t('value.bgnbd'), ' ', explain('bgnbd')),
    dataTable({ id: 'value-bgnbd', name: 'bgnbd-parameters', caption: t('value.bgnbd.caption', { customers: fmtInt(bg.customers) }), columns: cols('bgnbd'), rows, rowAttrs: (p) => ({ dataset: { param: p.name } }) }),
    h(
      'p',
      { id: 'value-bgnbd-fit', class: 'hint' },
      t('value.fit', { ll: fmtParam(bg.log_likelihood), converged: t(d.converged ? 'value.fit.yes' : 'value.fit.no'), starts: fmtInt(d.starts_converged), tried: fmtInt(d.starts_tried), iterations: fmtInt(d.iterations) }),
    ),
    h('h3', null, t('value.gg'), ' ', explain('gamma_gamma')),
    gg
      ? [
          dataTable({ id: 'value-gg', name: 'gamma-gamma-parameters', caption: t('value.gg.caption', { customers: fmtInt(gg.customers) }), columns: cols('gg'), rows: ggRows, rowAttrs: (p) => ({ dataset: { param: p.name } }) }),
          h(
            'p',
            { id: 'value-gg-fit', class: 'hint' },
            t('value.fit', { ll: fmtParam(gg.log_likelihood), converged: t(g.converged ? 'value.fit.yes' : 'value.fit.no'), starts: fmtInt(g.starts_converged), tried: fmtInt(g.starts_tried), iterations: fmtInt(g.iterations) }),
            ' ',
            typeof gg.frequency_spend_correlation === 'number' ? t('value.gg.correlation', { c: num2(gg.frequency_spend_correlation), limit: num2(gg.correlation_threshold) }) : '',
          ),
        ]
      : h('p', { class: 'hint' }, t('value.gg.none')),
  );
}

/** What the horizon holds in all: expected purchases and value, each with its 80 % range (src/clv/value.rs). */
function totals(r) {
  const tot = r.totals;
  if (!tot) return null;
  const unit = r.time_unit === 'day' ? 'day' : 'week';
  const horizon = t(`value.units.${unit}`, { count: r.horizon });
  const ranged = (v, range, fmt) => (Array.isArray(range) ? t('value.range', { value: fmt(v), low: fmt(range[0]), high: fmt(range[1]) }) : fmt(v));
  const purchases = ranged(tot.expected_purchases, tot.expected_purchases_range, num1);
  const sentence =
    typeof tot.clv === 'number'
      ? t('value.totals', { horizon, purchases, clv: ranged(tot.clv, tot.clv_range, fmtMoney) })
      : t('value.totals.purchases_only', { horizon, purchases });
  const hasRange = Array.isArray(tot.expected_purchases_range);
  return h('p', { id: 'value-totals' }, sentence, hasRange ? [' ', explain('range80'), ' ', h('span', { class: 'hint' }, t('value.range.note'))] : null);
}

function top(r, c) {
  const unit = t(`value.unit.${r.time_unit}`);
  const rows = r.customers.slice(0, TOP_ROWS);
  const total = r.customers_total ?? r.customers.length;
  return section(
    'value-top',
    t('value.top'),
    t('value.top.intro', { shown: fmtInt(rows.length), total: fmtInt(total), rule: clvRule(r) }),
    dataTable({ id: 'value-top-table', name: 'clv-top', caption: t('value.top.caption', { shown: fmtInt(rows.length) }), columns: customerColumns(unit), rows }),
    h(
      'button',
      { type: 'button', id: 'value-csv', class: 'csv', dataset: { csv: 'clv-customers' }, onclick: () => downloadCsv(csvName('clv-customers'), c.csv ?? '') },
      t('value.csv', { total: fmtInt(total) }),
    ),
  );
}
