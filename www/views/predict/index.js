// The Predict view (#predict): who buys next and how much (src/predict: a model of each customer's next
// horizon, trained out of time and checked on a back-test one horizon earlier against recency alone and
// the lifetime-value model), and revenue ahead (src/forecast: monthly revenue with its season, trend and
// 80 % range, checked against the seasonal-naive forecast). Plain sentences first — how many are expected
// to buy, how well the model did on data it did not see, what revenue to expect — then the customers most
// likely to buy with their reasons (CSV of every customer, the core's; open as a list for the e-mail and
// ad platforms), and the details (gains, calibration, the model, the forecast's table and back-test) one
// click away. Both analyses run in the worker (ctx.predict, ctx.forecast); nothing leaves the page.

import { h } from '../../dom.js';
import { t, fmtInt, fmtMoney, fmtPercent, fmtDate, fmtMonth, currentLocale } from '../../i18n/i18n.js';
import { explain } from '../../explain.js';
import { noticeText } from '../../notice.js';
import { lineChart, forecastChart, ACCENT, MUTED } from '../../charts.js';
import { dataTable, section, optionForm, numberInput } from '../../tables.js';
import { downloadCsv, csvName } from '../../csv.js';
import { jsonButton } from '../../export.js';
import { stopControls, interrupted } from '../../stop.js';
import { CORE, forecastStart } from '../../defaults.js';

/** Rows of the likely-buyers table (the CSV has every customer). */
export const TOP_ROWS = 100;

/**
 * The view's options (page units; by '' = none): first the core's (src/predict/params.rs
 * PredictOptions::written_out, src/forecast/params.rs ForecastOptions, sent with READY), set when the view
 * is first drawn after READY and again by Reset.
 */
const start = () => ({ horizon_days: CORE.predict.horizon_days, target: CORE.predict.target, ...forecastStart(), by: CORE.forecast.by ?? '' });
let opts = null;
let requestedFor = null;

export default {
  id: 'predict',
  titleKey: 'view.predict',
  blurbKey: 'view.predict.blurb',
  mount(panel) {
    panel.dataset.rendered = '';
  },
  update(panel, state, ctx) {
    // The core's options once READY brought them (the view is drawn before, empty).
    if (CORE.predict) opts ??= start();
    if (state.readId !== null && state.readId !== requestedFor && (!panel.hidden || state.printing)) {
      requestedFor = state.readId;
      queueMicrotask(() => {
        ctx.predict(predictOptions());
        ctx.forecast(forecastOptions());
      });
    }
    const p = state.predict;
    const f = state.forecast;
    const key = `${state.readId}|${p?.seq}|${p?.busy}|${p?.error ? 1 : 0}|${p?.stopped ? 1 : 0}|${f?.seq}|${f?.busy}|${f?.error ? 1 : 0}|${f?.stopped ? 1 : 0}|${state.language}`;
    if (panel.dataset.rendered === key) return;
    panel.dataset.rendered = key;
    const focused = panel.contains(document.activeElement) ? document.activeElement.id : null;
    ctx.disposeCharts(panel);
    panel.replaceChildren(render(state, ctx));
    panel.dataset.predict = p?.busy ? 'running' : interrupted(p) ? 'stopped' : p?.error ? 'error' : p?.report ? 'done' : 'none';
    panel.dataset.forecast = f?.busy ? 'running' : interrupted(f) ? 'stopped' : f?.error ? 'error' : f?.report ? 'done' : 'none';
    if (focused) document.getElementById(focused)?.focus();
  },
};

/** PredictOptions (src/predict/params.rs). */
function predictOptions() {
  return { horizon_days: opts.horizon_days, target: opts.target };
}

/** ForecastOptions (src/forecast/params.rs). */
export function forecastOptions() {
  const o = { horizon_months: opts.horizon_months };
  if (opts.by) o.by = opts.by;
  return o;
}

/**
 * The day before a `YYYY-MM-DD` date: the core's window ends and as-of dates are exclusive (purchases
 * before them), so a sentence names the last day they include.
 */
export function dayBefore(iso) {
  const t = Date.parse(`${String(iso ?? '').slice(0, 10)}T00:00:00Z`);
  return Number.isFinite(t) ? new Date(t - 86_400_000).toISOString().slice(0, 10) : iso;
}

const num3 = (v) => (typeof v === 'number' && Number.isFinite(v) ? new Intl.NumberFormat(currentLocale(), { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(v) : '—');
const num1 = (v) => (typeof v === 'number' && Number.isFinite(v) ? new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 1 }).format(v) : '—');
const pct = (v) => (typeof v === 'number' && Number.isFinite(v) ? fmtPercent(v) : '—');

function render(state, ctx) {
  const title = h('h2', { id: 'predict-title' }, t('predict.title'), ' ', explain('predict'));
  if (state.readId === null) {
    return h('section', { id: 'predict-empty', 'aria-labelledby': 'predict-title' }, title, h('p', null, t(state.status === 'busy' ? 'predict.empty.busy' : 'predict.empty')));
  }
  const p = state.predict;
  const f = state.forecast;
  return h(
    'div',
    { class: 'predict' },
    h('section', { id: 'predict-head', 'aria-labelledby': 'predict-title' }, title, h('p', { class: 'lead', id: 'predict-lead' }, t('predict.lead')), h('p', { class: 'hint' }, t('predict.intro')), form(ctx)),
    h('p', { id: 'predict-status', class: 'hint', role: 'status' }, p?.busy ? t('predict.running') : p?.report && !interrupted(p) ? t('predict.done', { ms: fmtInt(p.ms) }) : ''),
    // One Stop for both analyses of the view; Run again asks again for those that were stopped.
    stopControls('predict', [p, f], {
      stop: () => ctx.stop(['predict', 'forecast']),
      run: () => {
        if (interrupted(p)) ctx.predict();
        if (interrupted(f)) ctx.forecast();
      },
    }),
    p?.error && !interrupted(p) ? h('p', { id: 'predict-error', class: 'error', role: 'alert', dataset: { code: p.error.code ?? '' } }, t('predict.error', { message: p.error.message ?? String(p.error) })) : null,
    p?.report ? buyers(p.report, p, ctx) : null,
    p?.report ? spend(p.report) : null,
    h('h2', { id: 'forecast-title' }, t('forecast.title'), ' ', explain('forecast')),
    f?.busy ? h('p', { id: 'forecast-status', class: 'hint', role: 'status' }, t('forecast.running')) : null,
    f?.error && !interrupted(f) ? h('p', { id: 'forecast-error', class: 'error', role: 'alert', dataset: { code: f.error.code ?? '' } }, t('forecast.error', { message: f.error.message ?? String(f.error) })) : null,
    f?.report ? revenueAhead(f.report) : null,
  );
}

function form(ctx) {
  const target = h('select', { id: 'predict-target' }, ['next_purchase', 'best_customer'].map((k) => h('option', { value: k, selected: opts.target === k }, t(`predict.target.${k}`))));
  const by = h('select', { id: 'forecast-by' }, ['', 'segment_group', 'segment', 'stage', 'band'].map((k) => h('option', { value: k, selected: opts.by === k }, t(`forecast.by.${k || 'none'}`))));
  return optionForm({
    id: 'predict-options',
    legend: t('predict.options'),
    fields: [
      { id: 'predict-horizon', label: t('predict.opt.horizon'), input: numberInput('predict-horizon', opts.horizon_days, { min: 1, max: CORE.max_horizon.days, step: '1' }) },
      { id: 'predict-target', label: t('predict.opt.target'), input: target },
      { id: 'forecast-months', label: t('forecast.opt.months'), input: numberInput('forecast-months', opts.horizon_months, { min: 1, max: CORE.max_horizon.months, step: '1' }) },
      { id: 'forecast-by', label: t('forecast.opt.by'), input: by },
    ],
    apply: () => {
      const v = (id) => Number(document.getElementById(id).value);
      opts.horizon_days = v('predict-horizon');
      opts.target = target.value;
      opts.horizon_months = v('forecast-months');
      opts.by = by.value;
      ctx.predict(predictOptions());
      ctx.forecast(forecastOptions());
    },
    reset: () => {
      opts = start();
      ctx.predict(predictOptions());
      ctx.forecast(forecastOptions());
    },
    help: t('predict.options.help'),
  });
}

/** A warning of the prediction in the page's language. */
function warningText(w) {
  return noticeText('predict.warn', w, (q) => {
    const o = { ...q };
    for (const k of ['date', 'as_of', 'data_end']) if (o[k]) o[k] = fmtDate(o[k]);
    return o;
  });
}

/** One reason for a customer's chance, in words: which way it pushes and why. */
export function reasonText(r) {
  const arrow = r.effect === 'raises' ? '↑' : '↓';
  if (r.feature === 'attribute') return `${arrow} ${t('predict.reason.attribute', { attribute: r.attribute ?? '', value: r.category ?? '' })}`;
  const v = r.value;
  const value = ['returns_share', 'discount_share'].includes(r.feature) ? pct(v) : r.feature === 'monetary' ? fmtMoney(v) : num1(v);
  return `${arrow} ${t(`predict.reason.${r.feature}.${r.level}`, { value })}`;
}

/** Who buys next: the sentence, the check in words, the warnings, the likely buyers and the details. */
function buyers(r, p, ctx) {
  const target = r.target;
  const b = r.backtest;
  const check = b
    ? t(`predict.check.${target}`, {
        from: fmtDate(b.validation.features_date),
        to: fmtDate(dayBefore(b.validation.label_end)),
        customers: fmtInt(b.validation.customers),
        auc: pct(b.model.auc),
        recency: pct(b.recency.auc),
      }) + (b.clv?.auc != null ? ` ${t('predict.check.clv', { auc: pct(b.clv.auc) })}` : '')
    : t('predict.check.none');
  const verdict = b?.model?.auc == null ? null : b.model.auc >= Math.max(b.recency.auc ?? 0, b.clv?.auc ?? 0) ? 'better' : 'not_better';
  const rows = r.customers.slice(0, TOP_ROWS);
  const top = r.customers.filter((c) => c.decile === 1);
  return [
    h(
      'p',
      { id: 'predict-summary', dataset: { expected: String(r.expected_positives) } },
      t(`predict.summary.${target}`, { customers: fmtInt(r.customers_scored), expected: fmtInt(Math.round(r.expected_positives)), days: fmtInt(r.horizon_days), as_of: fmtDate(dayBefore(r.as_of)) }),
    ),
    h('p', { id: 'predict-check', class: 'verdict', dataset: { auc: b?.model?.auc == null ? '' : String(b.model.auc), verdict: verdict ?? '' } }, check, verdict ? ` ${t(`predict.verdict.${verdict}`)}` : ''),
    r.warnings?.length
      ? h('ul', { id: 'predict-warnings', class: 'warnings' }, r.warnings.map((w) => h('li', { class: 'warning', dataset: { code: w.code } }, warningText(w))))
      : null,
    section(
      'predict-buyers',
      t(`predict.buyers.${target}`),
      t('predict.buyers.intro', { shown: fmtInt(rows.length), customers: fmtInt(r.customers_scored) }),
      dataTable({
        id: 'predict-table',
        name: 'predict',
        caption: t('predict.table.caption', { shown: fmtInt(rows.length), days: fmtInt(r.horizon_days) }),
        rows,
        columns: [
          { key: 'customer', label: t('predict.col.customer') },
          { key: 'probability', label: t(`predict.col.probability.${target}`), num: true, value: (c) => c.probability, text: (c) => pct(c.probability) },
          { key: 'expected_spend', label: t('predict.col.expected_spend'), num: true, value: (c) => c.expected_spend, text: (c) => fmtMoney(c.expected_spend) },
          { key: 'decile', label: t('predict.col.decile'), num: true, text: (c) => fmtInt(c.decile) },
          { key: 'reasons', label: t('predict.col.reasons'), text: (c) => c.reasons.map(reasonText).join('; ') },
        ],
      }),
      h(
        'p',
        { class: 'exports' },
        h('button', { type: 'button', id: 'predict-csv', class: 'csv', onclick: () => downloadCsv(csvName('predict'), p.csv ?? '') }, t('predict.csv', { customers: fmtInt(r.customers.length) })),
        ' ',
        ctx?.listCustomers && top.length
          ? h('button', { type: 'button', id: 'predict-list', onclick: () => ctx.listCustomers({ by: 'ids', ids: top.map((c) => c.customer), name: target === 'best_customer' ? 'likely-best' : 'likely-buyers', title: t(`predict.buyers.${target}`) }) }, t('predict.as_list', { count: fmtInt(top.length) }))
          : null,
      ),
    ),
    b ? details(r, b) : null,
    h('div', { class: 'exports' }, jsonButton('predict-report', t('predict.json'), () => r)),
  ];
}

/** How the model was checked (gains and calibration) and what it learned: behind a disclosure. */
function details(r, b) {
  const m = r.model;
  return h(
    'details',
    { id: 'predict-details', class: 'points' },
    h('summary', null, t('predict.details')),
    h(
      'p',
      { id: 'predict-metrics', class: 'hint' },
      t('predict.metrics', {
        log_loss: num3(b.model.log_loss),
        recency_log_loss: num3(b.recency.log_loss),
        clv_log_loss: num3(b.clv?.log_loss),
        brier: num3(b.model.brier),
        training: fmtInt(r.training.customers),
        from: fmtDate(r.training.features_date),
        to: fmtDate(dayBefore(r.training.label_end)),
      }),
    ),
    gainsChart(b.gains),
    dataTable({
      id: 'predict-gains',
      name: 'predict-gains',
      caption: t('predict.gains.caption'),
      rows: b.gains,
      columns: [
        { key: 'decile', label: t('predict.col.decile'), num: true, text: (g) => fmtInt(g.decile) },
        { key: 'customers', label: t('predict.gains.customers'), num: true, text: (g) => fmtInt(g.customers) },
        { key: 'mean_probability', label: t('predict.gains.predicted'), num: true, value: (g) => g.mean_probability, text: (g) => pct(g.mean_probability) },
        { key: 'positives', label: t(`predict.gains.positives.${r.target}`), num: true, text: (g) => fmtInt(g.positives) },
        { key: 'rate', label: t('predict.gains.rate'), num: true, value: (g) => g.rate, text: (g) => pct(g.rate) },
        { key: 'lift', label: t('predict.gains.lift'), num: true, value: (g) => g.lift, text: (g) => (g.lift == null ? '—' : `${num1(g.lift)}×`) },
        { key: 'cumulative_gain', label: t('predict.gains.cumulative'), num: true, value: (g) => g.cumulative_gain, text: (g) => pct(g.cumulative_gain) },
      ],
    }),
    dataTable({
      id: 'predict-calibration',
      name: 'predict-calibration',
      caption: t('predict.calibration.caption'),
      rows: b.calibration,
      columns: [
        { key: 'range', label: t('predict.calibration.range'), text: (c) => `${pct(c.from)}–${pct(c.to)}` },
        { key: 'customers', label: t('predict.gains.customers'), num: true, text: (c) => fmtInt(c.customers) },
        { key: 'mean_probability', label: t('predict.gains.predicted'), num: true, value: (c) => c.mean_probability, text: (c) => pct(c.mean_probability) },
        { key: 'observed_rate', label: t('predict.calibration.observed'), num: true, value: (c) => c.observed_rate, text: (c) => pct(c.observed_rate) },
      ],
    }),
    dataTable({
      id: 'predict-model',
      name: 'predict-model',
      caption: t('predict.model.caption', { method: t('predict.model.method') }),
      rows: m.coefficients,
      columns: [
        { key: 'feature', label: t('predict.model.feature'), text: (c) => (c.feature.key === 'attribute' ? `${c.feature.attribute} = ${c.feature.value ?? ''}` : t(`predict.feature.${c.feature.key}`)) },
        { key: 'coefficient', label: t('predict.model.coefficient'), num: true, value: (c) => c.coefficient, text: (c) => num3(c.coefficient) },
      ],
    }),
  );
}

/** The gains chart: the share of the buyers found by calling the top deciles first, against chance. */
function gainsChart(gains) {
  const x = [0, ...gains.map((g) => g.decile * 10)];
  const y = [0, ...gains.map((g) => (g.cumulative_gain == null ? null : g.cumulative_gain * 100))];
  const percent = (v) => `${v} %`;
  return lineChart({
    id: 'predict-gains-chart',
    caption: t('predict.gains.chart.caption'),
    title: t('predict.gains.chart.title'),
    x,
    xRange: [0, 100],
    yRange: [0, 100],
    xLabel: t('predict.gains.chart.x'),
    xFormat: percent,
    yLabel: t('predict.gains.chart.y'),
    yFormat: percent,
    series: [
      { label: t('predict.gains.chart.model'), values: y, color: ACCENT, points: 5 },
      { label: t('predict.gains.chart.chance'), values: x.slice(), color: MUTED, width: 1, dash: true },
    ],
  });
}

/** How much: the expected spend over the horizon and its back-test error against the lifetime-value model. */
function spend(r) {
  const s = r.backtest?.spend;
  const model = s?.model;
  const clv = s?.clv;
  return section(
    'predict-spend',
    t('predict.spend'),
    t('predict.spend.summary', { total: fmtMoney(r.expected_spend), days: fmtInt(r.horizon_days), customers: fmtInt(r.customers_scored) }),
    model
      ? h(
          'p',
          { id: 'predict-spend-check', dataset: { mae: String(model.mae), clv_mae: clv ? String(clv.mae) : '' } },
          t('predict.spend.check', { predicted: fmtMoney(model.predicted_total), actual: fmtMoney(s.actual_total), mae: fmtMoney(model.mae) }),
          clv ? ` ${t('predict.spend.clv', { predicted: fmtMoney(clv.predicted_total), mae: fmtMoney(clv.mae) })}` : '',
        )
      : null,
  );
}

/** Revenue ahead: the chart of the months so far and ahead, the check in words, the notices, the tables. */
function revenueAhead(f) {
  const b = f.backtest;
  const check =
    b?.model_mape != null
      ? t(b.seasonal_naive_mape != null ? 'forecast.check' : 'forecast.check.no_naive', { mape: pct(b.model_mape), naive: pct(b.seasonal_naive_mape), origins: fmtInt(b.origins) })
      : t('forecast.check.none');
  const total = f.forecast.reduce((a, x) => a + x.value, 0);
  return [
    h('p', { id: 'forecast-summary', dataset: { total: String(total) } }, t('forecast.summary', { months: fmtInt(f.forecast.length), total: fmtMoney(total), model: t(`forecast.model.${f.model?.seasonal ? 'seasonal' : 'plain'}`) })),
    h('p', { id: 'forecast-check', class: 'verdict', dataset: { mape: b?.model_mape == null ? '' : String(b.model_mape), naive: b?.seasonal_naive_mape == null ? '' : String(b.seasonal_naive_mape) } }, check),
    f.notices?.length ? h('ul', { id: 'forecast-notices', class: 'hints' }, f.notices.map((n) => h('li', { class: 'hint', dataset: { code: n.code } }, noticeText('forecast.note', n, (q) => ({ ...q, period: q.period && /^\d{4}-\d{2}$/.test(q.period) ? fmtMonth(q.period) : q.period, observed: typeof q.observed === 'number' ? fmtMoney(q.observed) : q.observed }))))) : null,
    forecastChart(f.history ?? [], f.forecast),
    dataTable({
      id: 'forecast-table',
      name: 'forecast',
      caption: t('forecast.table.caption'),
      rows: f.forecast,
      columns: [
        { key: 'period', label: t('forecast.col.period'), text: (x) => fmtMonth(x.period) },
        { key: 'value', label: t('forecast.col.value'), num: true, value: (x) => x.value, text: (x) => fmtMoney(x.value) },
        { key: 'lower', label: t('forecast.col.lower'), num: true, value: (x) => x.lower, text: (x) => fmtMoney(x.lower) },
        { key: 'upper', label: t('forecast.col.upper'), num: true, value: (x) => x.upper, text: (x) => fmtMoney(x.upper) },
      ],
    }),
    f.groups?.length
      ? dataTable({
          id: 'forecast-groups',
          name: 'forecast-groups',
          caption: t('forecast.groups.caption'),
          rows: f.groups,
          columns: [
            { key: 'group', label: t('forecast.col.group'), text: (g) => (f.by === 'segment_group' ? t(`group.${g.group}`) : g.group) },
            { key: 'customers', label: t('forecast.col.customers'), num: true, text: (g) => fmtInt(g.customers) },
            { key: 'history_revenue', label: t('forecast.col.history'), num: true, value: (g) => g.history_revenue, text: (g) => fmtMoney(g.history_revenue) },
            { key: 'ahead', label: t('forecast.col.ahead', { months: fmtInt(f.forecast.length) }), num: true, value: (g) => g.forecast.reduce((a, x) => a + x.value, 0), text: (g) => fmtMoney(g.forecast.reduce((a, x) => a + x.value, 0)) },
          ],
        })
      : null,
    f.weekly
      ? h(
          'details',
          { id: 'forecast-weekly', class: 'points' },
          h('summary', null, t('forecast.weekly')),
          dataTable({
            id: 'forecast-weekly-table',
            name: 'forecast-weekly',
            caption: t('forecast.weekly.caption'),
            rows: f.weekly.forecast,
            columns: [
              { key: 'period', label: t('forecast.col.week'), text: (x) => x.period },
              { key: 'value', label: t('forecast.col.value'), num: true, value: (x) => x.value, text: (x) => fmtMoney(x.value) },
              { key: 'lower', label: t('forecast.col.lower'), num: true, value: (x) => x.lower, text: (x) => fmtMoney(x.lower) },
              { key: 'upper', label: t('forecast.col.upper'), num: true, value: (x) => x.upper, text: (x) => fmtMoney(x.upper) },
            ],
          }),
        )
      : null,
    h('div', { class: 'exports' }, jsonButton('forecast-report', t('forecast.json'), () => f)),
  ];
}
