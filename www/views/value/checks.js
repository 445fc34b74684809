// The Value view's checks and breakdowns below its tables: the P(alive) distribution, the valuable
// customers who are probably gone, the lifetime value by RFM segment, the holdout check (totals and
// per-customer calibration) and the new customer's expected purchases.

import { h } from '../../dom.js';
import { t, fmtInt, fmtMoney, fmtPercent, fmtDate } from '../../i18n/i18n.js';
import { explain } from '../../explain.js';
import { barChart, lineChart, ACCENT, ACCENT_FILL, SECOND, SECOND_FILL } from '../../charts.js';
import { dataTable, section } from '../../tables.js';
import { segmentGroups } from '../../defaults.js';
import { num2, prob, withRange, fmtDays, customerColumns } from './format.js';

export function pAlive(r) {
  const bins = r.p_alive_histogram ?? [];
  const labels = bins.map((b) => `${Math.round(b.from * 100)}–${Math.round(b.to * 100)} %`);
  const y = bins.map((b) => b.customers);
  const chart = barChart({
    id: 'value-p-alive-chart',
    caption: t('value.p_alive.caption', { customers: fmtInt(y.reduce((a, v) => a + v, 0)) }),
    title: t('value.p_alive'),
    categories: labels,
    xLabel: t('value.p_alive.x'),
    yLabel: t('value.customers'),
    yRange: [0, Math.max(1, ...y) * 1.05],
    barWidth: 0.8,
    series: [{ label: t('value.customers'), values: y, color: ACCENT }],
  });
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
  const actual = tr.map((p) => p.cumulative_actual);
  const predicted = tr.map((p) => p.cumulative_predicted);
  const split = tr.findIndex((p) => p.holdout);
  // The prediction's 80 % range (src/clv/holdout.rs tracking_ranges), drawn as a band when the fit has one.
  const hasRange = tr.some((p) => Array.isArray(p.cumulative_predicted_range));
  const high = tr.map((p) => p.cumulative_predicted_range?.[1] ?? null);
  const tracking = lineChart({
    id: 'value-tracking-chart',
    caption: t('value.tracking.caption', { date: fmtDate(ho.start) }) + (hasRange ? ` ${t('value.tracking.band')}` : ''),
    title: t('value.tracking'),
    categories: labels.map(fmtDate),
    // The data's own x range (no half slot at the ends); the calibration's end as a dashed rule before
    // the holdout's first period.
    xRange: null,
    rule: split,
    xLabel: t('value.tracking.x'),
    yLabel: t('value.tracking.y'),
    yRange: [0, Math.max(1, ...actual, ...predicted, ...high.filter((v) => v != null)) * 1.05],
    series: [
      { label: t('value.actual'), values: actual, color: ACCENT },
      { label: t('value.predicted'), values: predicted, color: SECOND, dash: true },
      { label: t('value.calibration_end'), values: tr.map((p, i) => (i === split ? p.cumulative_actual : null)), color: '#555', kind: 'points', size: 12 },
    ],
    band: hasRange ? { low: tr.map((p) => p.cumulative_predicted_range?.[0] ?? null), high, label: `${t('value.predicted')}, ${t('value.range.cell')}`, color: SECOND, fill: SECOND_FILL } : undefined,
    download: { xLabels: labels },
  });
  const bf = ho.by_frequency ?? [];
  const freq = barChart({
    id: 'value-frequency-chart',
    caption: t('value.frequency.caption', { length: num2(ho.length), unit }),
    title: t('value.frequency'),
    categories: bf.map((b) => b.frequency),
    xLabel: t('value.frequency.x'),
    yLabel: t('value.frequency.y'),
    yRange: [0, Math.max(1, ...bf.map((b) => b.actual_mean), ...bf.map((b) => b.predicted_mean)) * 1.1],
    series: [
      { label: t('value.actual'), values: bf.map((b) => b.actual_mean), color: ACCENT },
      { label: t('value.predicted'), values: bf.map((b) => b.predicted_mean), color: SECOND },
    ],
  });
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
  const chart = lineChart({
    id: 'value-new-chart',
    caption: t('value.new.caption', { unit }) + (hasRange ? ` ${t('value.tracking.band')}` : ''),
    title: t('value.new'),
    x,
    xLabel: t('value.new.x', { unit }),
    yLabel: t('value.new.y'),
    yRange: [0, Math.max(0.1, ...y, ...high.filter((v) => v != null)) * 1.05],
    series: [{ label: t('value.new.y'), values: y, color: ACCENT }],
    band: hasRange ? { low, high, label: `${t('value.new.y')}, ${t('value.range.cell')}`, color: ACCENT, fill: ACCENT_FILL } : undefined,
  });
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
