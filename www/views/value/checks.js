// The Value view's checks and breakdowns below its tables: the P(alive) distribution, the valuable
// customers who are probably gone, the lifetime value by RFM segment, the holdout check (totals and
// per-customer calibration) and the new customer's expected purchases.

import { h } from '../../dom.js';
import { t, fmtInt, fmtMoney, fmtPercent, fmtDate } from '../../i18n/i18n.js';
import { explain } from '../../explain.js';
import uPlot from '../../vendor/uPlot.esm.js';
import { figure, HEIGHT, ACCENT, ACCENT_FILL, SECOND, axisStyle, categoryAxis } from '../../charts.js';
import { dataTable, section } from '../../tables.js';
import { segmentGroups } from '../../defaults.js';
import { num2, prob, withRange, fmtDays, customerColumns } from './format.js';

export function pAlive(r) {
  const bins = r.p_alive_histogram ?? [];
  const labels = bins.map((b) => `${Math.round(b.from * 100)}–${Math.round(b.to * 100)} %`);
  const x = labels.map((_, i) => i);
  const y = bins.map((b) => b.customers);
  const chart = figure(
    'value-p-alive-chart',
    t('value.p_alive.caption', { customers: fmtInt(y.reduce((a, v) => a + v, 0)) }),
    (width, box) =>
      new uPlot(
        {
          width,
          height: HEIGHT,
          scales: { x: { time: false, range: [-0.5, x.length - 0.5] }, y: { range: [0, Math.max(1, ...y) * 1.05] } },
          axes: [categoryAxis(labels, t('value.p_alive.x')), { ...axisStyle, label: t('value.customers') }],
          series: [{ label: t('value.p_alive.x') }, { label: t('value.customers'), stroke: ACCENT, fill: ACCENT, width: 1, paths: uPlot.paths.bars({ size: [0.8, 80] }), points: { show: false } }],
          cursor: { drag: { x: false, y: false } },
          legend: { live: false },
        },
        [x, y],
        box,
      ),
    () => ({ title: t('value.p_alive'), xLabel: t('value.p_alive.x'), yLabel: t('value.customers'), x, xLabels: labels, yMin: 0, series: [{ label: t('value.customers'), values: y, color: ACCENT, kind: 'bar' }] }),
  );
  const rows = bins.map((b, i) => ({ ...b, label: labels[i] }));
  return h(
    'section',
    { id: 'value-p-alive', class: 'seg-section', 'aria-labelledby': 'value-p-alive-title' },
    h('h2', { id: 'value-p-alive-title' }, t('value.p_alive'), ' ', explain('p_alive')),
    chart,
    h(
      'details',
      { class: 'points' },
      h('summary', null, t('value.table')),
      dataTable({ id: 'value-p-alive-table', name: 'p-alive-histogram', caption: t('value.p_alive'), columns: [{ key: 'label', label: t('value.p_alive.x') }, { key: 'customers', label: t('value.customers'), num: true, text: (b) => fmtInt(b.customers) }], rows }),
    ),
  );
}

export function atRisk(r) {
  const a = r.at_risk;
  const unit = t(`value.unit.${r.time_unit}`);
  const cols = [...customerColumns(unit).slice(0, 6), { key: 'past_value', label: t('value.col.past'), num: true, text: (c) => fmtMoney(c.past_value) }, ...customerColumns(unit).slice(6)];
  return section(
    'value-at-risk',
    t('value.at_risk'),
    t('value.at_risk.intro', { share: fmtPercent(r.options?.at_risk_value_share ?? 0.2), value: fmtMoney(a.value_threshold), p: fmtPercent(a.p_alive_threshold), valuable: fmtInt(a.valuable), count: fmtInt(a.customers.length) }),
    a.customers.length ? dataTable({ id: 'value-at-risk-table', name: 'clv-at-risk', caption: t('value.at_risk'), columns: cols, rows: a.customers }) : h('p', { id: 'value-at-risk-none' }, t('value.at_risk.none')),
  );
}

export function holdoutSection(r, unit) {
  const ho = r.holdout;
  const tr = ho.tracking ?? [];
  const labels = tr.map((p) => p.start);
  const x = tr.map((_, i) => i);
  const actual = tr.map((p) => p.cumulative_actual);
  const predicted = tr.map((p) => p.cumulative_predicted);
  const split = tr.findIndex((p) => p.holdout);
  const marker = tr.map((p, i) => (i === split ? p.cumulative_actual : null));
  // The prediction's 80 % range (src/clv/holdout.rs tracking_ranges), drawn as a band when the fit has one.
  const hasRange = tr.some((p) => Array.isArray(p.cumulative_predicted_range));
  const low = tr.map((p) => p.cumulative_predicted_range?.[0] ?? null);
  const high = tr.map((p) => p.cumulative_predicted_range?.[1] ?? null);
  const rangeLabel = t('value.range.cell');
  const tracking = figure(
    'value-tracking-chart',
    t('value.tracking.caption', { date: fmtDate(ho.start) }) + (hasRange ? ` ${t('value.tracking.band')}` : ''),
    (width, box) =>
      new uPlot(
        {
          width,
          height: HEIGHT,
          scales: { x: { time: false }, y: { range: [0, Math.max(1, ...actual, ...predicted, ...high.filter((v) => v != null)) * 1.05] } },
          axes: [categoryAxis(labels.map(fmtDate), t('value.tracking.x')), { ...axisStyle, label: t('value.tracking.y') }],
          series: [
            { label: t('value.tracking.x') },
            { label: t('value.actual'), stroke: ACCENT, width: 2, points: { show: false } },
            { label: t('value.predicted'), stroke: SECOND, width: 2, dash: [6, 4], points: { show: false } },
            { label: t('value.calibration_end'), stroke: '#555', width: 0, points: { show: true, size: 12, fill: '#555' } },
            ...(hasRange
              ? [
                  { label: `${t('value.predicted')}, ${rangeLabel}`, stroke: SECOND, width: 0.5, points: { show: false } },
                  { label: `${t('value.predicted')}, ${rangeLabel}`, stroke: SECOND, width: 0.5, points: { show: false } },
                ]
              : []),
          ],
          bands: hasRange ? [{ series: [5, 4], fill: 'rgba(194, 87, 26, 0.15)' }] : [],
          hooks: {
            draw: [
              (u) => {
                if (split < 0) return;
                const px = u.valToPos(split - 0.5, 'x', true);
                const ctx2 = u.ctx;
                ctx2.save();
                ctx2.strokeStyle = '#555';
                ctx2.setLineDash([2, 3]);
                ctx2.beginPath();
                ctx2.moveTo(px, u.bbox.top);
                ctx2.lineTo(px, u.bbox.top + u.bbox.height);
                ctx2.stroke();
                ctx2.restore();
              },
            ],
          },
          cursor: { drag: { x: false, y: false } },
          legend: { live: false },
        },
        hasRange ? [x, actual, predicted, marker, low, high] : [x, actual, predicted, marker],
        box,
      ),
    () => ({ title: t('value.tracking'), xLabel: t('value.tracking.x'), yLabel: t('value.tracking.y'), x, xLabels: labels, yMin: 0, series: [
      { label: t('value.actual'), values: actual, color: ACCENT, kind: 'line' },
      { label: t('value.predicted'), values: predicted, color: SECOND, kind: 'line', dash: true },
      { label: t('value.calibration_end'), values: marker, color: '#555', kind: 'points' },
      ...(hasRange
        ? [
            { label: `${t('value.predicted')}, ${rangeLabel}`, values: low, color: SECOND, kind: 'line' },
            { label: `${t('value.predicted')}, ${rangeLabel}`, values: high, color: SECOND, kind: 'line' },
          ]
        : []),
    ] }),
  );
  const bf = ho.by_frequency ?? [];
  const fx = bf.map((_, i) => i);
  const fl = bf.map((b) => b.frequency);
  const fa = bf.map((b) => b.actual_mean);
  const fp = bf.map((b) => b.predicted_mean);
  const freq = figure(
    'value-frequency-chart',
    t('value.frequency.caption', { length: num2(ho.length), unit }),
    (width, box) =>
      new uPlot(
        {
          width,
          height: HEIGHT,
          scales: { x: { time: false, range: [-0.5, fx.length - 0.5] }, y: { range: [0, Math.max(1, ...fa, ...fp) * 1.1] } },
          axes: [categoryAxis(fl, t('value.frequency.x')), { ...axisStyle, label: t('value.frequency.y') }],
          series: [
            { label: t('value.frequency.x') },
            { label: t('value.actual'), stroke: ACCENT, fill: ACCENT, width: 1, paths: uPlot.paths.bars({ size: [0.38, 60], align: -1 }), points: { show: false } },
            { label: t('value.predicted'), stroke: SECOND, fill: SECOND, width: 1, paths: uPlot.paths.bars({ size: [0.38, 60], align: 1 }), points: { show: false } },
          ],
          cursor: { drag: { x: false, y: false } },
          legend: { live: false },
        },
        [fx, fa, fp],
        box,
      ),
    () => ({ title: t('value.frequency'), xLabel: t('value.frequency.x'), yLabel: t('value.frequency.y'), x: fx, xLabels: fl, yMin: 0, series: [
      { label: t('value.actual'), values: fa, color: ACCENT, kind: 'bar' },
      { label: t('value.predicted'), values: fp, color: SECOND, kind: 'bar' },
    ] }),
  );
  return h(
    'section',
    { id: 'value-holdout', class: 'seg-section', 'aria-labelledby': 'value-holdout-title' },
    h('h2', { id: 'value-holdout-title' }, t('value.holdout')),
    h('p', { class: 'hint' }, t('value.holdout.intro', { from: fmtDate(ho.start), to: fmtDate(ho.end) })),
    h('h3', null, t('value.tracking')),
    tracking,
    h(
      'details',
      { class: 'points' },
      h('summary', null, t('value.table')),
      dataTable({ id: 'value-tracking-table', name: 'clv-tracking', caption: t('value.tracking'), rows: tr, columns: [
        { key: 'start', label: t('value.tracking.x'), text: (p) => fmtDate(p.start) },
        { key: 'holdout', label: t('value.period'), text: (p) => t(p.holdout ? 'value.period.holdout' : 'value.period.calibration') },
        { key: 'cumulative_actual', label: t('value.actual'), num: true, text: (p) => fmtInt(p.cumulative_actual) },
        { key: 'cumulative_predicted', label: t('value.predicted'), num: true, text: (p) => withRange(p.cumulative_predicted, p.cumulative_predicted_range, num2) },
      ] }),
    ),
    h('h3', null, t('value.frequency')),
    freq,
    dataTable({ id: 'value-frequency-table', name: 'clv-by-frequency', caption: t('value.frequency'), rows: bf, columns: [
      { key: 'frequency', label: t('value.frequency.x') },
      { key: 'customers', label: t('value.customers'), num: true, text: (b) => fmtInt(b.customers) },
      { key: 'actual_mean', label: t('value.actual'), num: true, text: (b) => num2(b.actual_mean) },
      { key: 'predicted_mean', label: t('value.predicted'), num: true, text: (b) => num2(b.predicted_mean) },
    ] }),
  );
}

export function newCustomer(r, unit) {
  const pts = r.new_customer_curve;
  const x = pts.map((p) => p.t);
  const y = pts.map((p) => p.expected_purchases);
  // The curve's 80 % range (src/clv/value.rs range_of), a band when the fit has one.
  const hasRange = pts.some((p) => Array.isArray(p.expected_purchases_range));
  const low = pts.map((p) => p.expected_purchases_range?.[0] ?? null);
  const high = pts.map((p) => p.expected_purchases_range?.[1] ?? null);
  const rangeLabel = `${t('value.new.y')}, ${t('value.range.cell')}`;
  const chart = figure(
    'value-new-chart',
    t('value.new.caption', { unit }) + (hasRange ? ` ${t('value.tracking.band')}` : ''),
    (width, box) =>
      new uPlot(
        {
          width,
          height: HEIGHT,
          scales: { x: { time: false }, y: { range: [0, Math.max(0.1, ...y, ...high.filter((v) => v != null)) * 1.05] } },
          axes: [{ ...axisStyle, label: t('value.new.x', { unit }) }, { ...axisStyle, label: t('value.new.y') }],
          series: [
            { label: t('value.new.x', { unit }) },
            { label: t('value.new.y'), stroke: ACCENT, width: 2, points: { show: false } },
            ...(hasRange
              ? [
                  { label: rangeLabel, stroke: ACCENT, width: 0.5, points: { show: false } },
                  { label: rangeLabel, stroke: ACCENT, width: 0.5, points: { show: false } },
                ]
              : []),
          ],
          bands: hasRange ? [{ series: [3, 2], fill: ACCENT_FILL }] : [],
          cursor: { drag: { x: false, y: false } },
          legend: { live: false },
        },
        hasRange ? [x, y, low, high] : [x, y],
        box,
      ),
    () => ({ title: t('value.new'), xLabel: t('value.new.x', { unit }), yLabel: t('value.new.y'), x, numericX: true, yMin: 0, series: [
      { label: t('value.new.y'), values: y, color: ACCENT, kind: 'line' },
      ...(hasRange
        ? [
            { label: rangeLabel, values: low, color: ACCENT, kind: 'line' },
            { label: rangeLabel, values: high, color: ACCENT, kind: 'line' },
          ]
        : []),
    ] }),
  );
  return h(
    'section',
    { id: 'value-new', class: 'seg-section', 'aria-labelledby': 'value-new-title' },
    h('h2', { id: 'value-new-title' }, t('value.new')),
    chart,
    h(
      'details',
      { class: 'points' },
      h('summary', null, t('value.table')),
      dataTable({ id: 'value-new-table', name: 'clv-new-customer', caption: t('value.new'), rows: pts, columns: [
        { key: 't', label: t('value.new.x', { unit }), num: true, text: (p) => num2(p.t) },
        { key: 'expected_purchases', label: t('value.new.y'), num: true, text: (p) => withRange(p.expected_purchases, p.expected_purchases_range, num2) },
      ] }),
    ),
  );
}


/** 'Can\'t lose them' -> 'cant_lose_them' (the i18n key of an RFM segment name of src/analysis/rfm.rs). */
const segmentKey = (name) => String(name).toLowerCase().replaceAll("'", '').replaceAll(' ', '_');

/** The CLV summed by RFM segment (from the worker, matched by customer id). */
export function bySegment(rows, r) {
  // The RFM segments' keys (the core's, sent with its defaults): their names are translated.
  const rfm = new Set(Object.values(segmentGroups()).flat());
  const label = (s) => {
    const k = segmentKey(s.segment);
    return s.segment === '' ? t('value.segment.none') : rfm.has(k) ? t(`segment.${k}.name`) : s.segment;
  };
  return section(
    'value-by-segment',
    t('value.segment'),
    t('value.segment.intro', { date: fmtDate(r.calibration_end) }),
    dataTable({ id: 'value-segment-table', name: 'clv-by-segment', caption: t('value.segment'), rows, columns: [
      { key: 'segment', label: t('value.segment.col'), text: label },
      { key: 'customers', label: t('value.customers'), num: true, text: (s) => fmtInt(s.customers) },
      { key: 'clv', label: t('value.segment.clv'), num: true, text: (s) => fmtMoney(s.clv) },
      { key: 'p_alive', label: t('value.segment.p_alive'), num: true, text: (s) => prob(s.p_alive) },
      { key: 'expected_buyers_30', label: t('value.segment.buyers30'), num: true, text: (s) => fmtInt(s.expected_buyers_30) },
      { key: 'typical_gap_days', label: t('value.segment.gap'), num: true, text: (s) => fmtDays(s.typical_gap_days) },
      { key: 'overdue', label: t('value.segment.overdue'), num: true, text: (s) => fmtInt(s.overdue) },
    ] }),
  );
}
