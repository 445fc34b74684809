// Charts of the segmentation report: functions from report values to a <figure> (uPlot on a canvas, a
// caption saying what it shows and how to read it). The numbers of every chart are also in a table next
// to it, which is the accessible form; the canvas is aria-hidden.
//
// uPlot (www/vendor, copied from node_modules by scripts/build.sh) styles its elements through the CSSOM
// (element.style), which the page's Content-Security-Policy (style-src 'self') allows; it injects no
// <style> element and evaluates no code.

import uPlot from './vendor/uPlot.esm.js';
import { h } from './dom.js';
import { chartButtons } from './export.js';
import { t, fmtMoney, fmtMonth } from './i18n/i18n.js';

/** Chart height, colours and axis style shared by every chart (exported for the views' own charts). */
export const HEIGHT = 280;
export const ACCENT = '#1f5fbf';
export const ACCENT_FILL = 'rgba(31, 95, 191, 0.35)';
export const SECOND = '#c2571a';
export const MUTED = '#7a8494';

/** Live charts by their container, so that a re-render can destroy the ones it replaces. */
const live = new Map();

/**
 * A figure whose chart is drawn once its container has a width (a hidden view has none: the chart is made
 * when the view is first shown) and follows the container's width afterwards. `make(width, box)` draws the
 * uPlot chart into `box`; `spec()` gives its numbers for the PNG and SVG downloads (see svg.js); without
 * a spec the figure has no download buttons. `caption` says what the chart shows and how to read it.
 */
export function figure(id, caption, make, spec) {
  const box = h('div', { class: 'chart', 'aria-hidden': 'true', dataset: { chart: id } });
  const exports = spec ? chartButtons(id, spec, () => box.querySelector('canvas')) : null;
  const fig = h('figure', { class: 'figure', id }, box, h('figcaption', null, caption), exports);
  const ro = new ResizeObserver(() => {
    const width = Math.floor(box.clientWidth);
    const entry = live.get(box);
    if (width <= 0 || !entry) return;
    if (!entry.plot) entry.plot = make(width, box);
    else if (Math.abs(entry.plot.width - width) > 1) entry.plot.setSize({ width, height: HEIGHT });
  });
  live.set(box, { plot: null, ro });
  ro.observe(box);
  return fig;
}

/** Destroys the charts inside `root` (before it is replaced). */
export function disposeCharts(root) {
  for (const box of root.querySelectorAll('.chart')) {
    const entry = live.get(box);
    if (!entry) continue;
    entry.ro.disconnect();
    entry.plot?.destroy();
    live.delete(box);
  }
}

const pct = (v) => (v === null || v === undefined ? '—' : `${v.toFixed(1)} %`);
const pctAxis = (_u, splits) => splits.map((v) => `${v} %`);
export const axisStyle = { stroke: '#5b6474', grid: { stroke: '#e6e9ef', width: 1 }, ticks: { stroke: '#d9dee7', width: 1 } };

/** Pareto chart of the monetary deciles: bars = revenue share per decile, line = cumulative share. */
export function paretoChart(deciles) {
  const x = deciles.map((d) => d.decile);
  const share = deciles.map((d) => d.revenue_share * 100);
  const cumulative = deciles.map((d) => d.cumulative_share * 100);
  return figure(
    'pareto-chart',
    t('chart.pareto.caption'),
    (width, box) =>
      new uPlot(
        {
          width,
          height: HEIGHT,
          scales: { x: { time: false, range: [0.5, x.length + 0.5] }, y: { range: [0, 100] } },
          axes: [
            { ...axisStyle, label: t('chart.pareto.x'), splits: () => x, values: (_u, s) => s.map(String) },
            { ...axisStyle, label: t('chart.revenue_share'), values: pctAxis, splits: () => [0, 20, 40, 60, 80, 100] },
          ],
          series: [
            { label: t('chart.decile') },
            { label: t('chart.revenue_share_series'), stroke: ACCENT, fill: ACCENT_FILL, width: 1, paths: uPlot.paths.bars({ size: [0.7, 80] }), points: { show: false }, value: (_u, v) => pct(v) },
            { label: t('chart.cumulative_share'), stroke: SECOND, width: 2, points: { show: true, size: 6, fill: SECOND }, value: (_u, v) => pct(v) },
          ],
          cursor: { drag: { x: false, y: false } },
          legend: { live: false },
        },
        [x, share, cumulative],
        box,
      ),
    () => ({ title: t('chart.pareto.title'), xLabel: t('chart.pareto.x'), yLabel: t('chart.revenue_share_pct'), x, yMin: 0, yMax: 100, series: [
      { label: t('chart.revenue_share_series'), values: share, color: ACCENT, kind: 'bar' },
      { label: t('chart.cumulative_share'), values: cumulative, color: SECOND, kind: 'line' },
    ] })
  );
}

/** The Lorenz curve (customers from smallest to largest spender) with the line of equality. */
export function lorenzChart(lorenz, gini) {
  const x = lorenz.map((p) => p.customer_share * 100);
  const y = lorenz.map((p) => p.revenue_share * 100);
  return figure(
    'lorenz-chart',
    t('chart.lorenz.caption', { gini: Number.isFinite(gini) ? gini.toFixed(3) : '—' }),
    (width, box) =>
      new uPlot(
        {
          width,
          height: HEIGHT,
          scales: { x: { time: false, range: [0, 100] }, y: { range: [0, 100] } },
          axes: [
            { ...axisStyle, label: t('chart.lorenz.x'), values: pctAxis, splits: () => [0, 20, 40, 60, 80, 100] },
            { ...axisStyle, label: t('chart.revenue_share'), values: pctAxis, splits: () => [0, 20, 40, 60, 80, 100] },
          ],
          series: [
            { label: t('chart.customers'), value: (_u, v) => pct(v) },
            { label: t('chart.lorenz.title'), stroke: ACCENT, fill: ACCENT_FILL, width: 2, points: { show: false }, value: (_u, v) => pct(v) },
            { label: t('chart.equality'), stroke: MUTED, width: 1, dash: [6, 4], points: { show: false }, value: (_u, v) => pct(v) },
          ],
          cursor: { drag: { x: false, y: false } },
          legend: { live: false },
        },
        [x, y, x.slice()],
        box,
      ),
    () => ({ title: t('chart.lorenz.title'), xLabel: t('chart.customer_share_pct'), yLabel: t('chart.revenue_share_pct'), x, numericX: true, yMin: 0, yMax: 100, series: [
      { label: t('chart.lorenz.title'), values: y, color: ACCENT, kind: 'line' },
      { label: t('chart.equality'), values: x.slice(), color: MUTED, kind: 'line', dash: true },
    ] })
  );
}

/**
 * Axis values for a categorical x (0, 1, 2 … as indices into `labels`): at most 12 labels, and fewer when
 * the plot is narrow (a phone), so that labels never overlap — each gets the width of the longest label.
 */
export function categoryAxis(labels, label) {
  const longest = Math.max(1, ...labels.map((l) => String(l).length));
  return {
    ...axisStyle,
    label,
    splits: (u) => {
      const ratio = (typeof devicePixelRatio === 'number' && devicePixelRatio) || 1;
      const plot = u?.bbox?.width ? u.bbox.width / ratio : (u?.width ?? 800);
      const room = Math.max(1, Math.floor(plot / (longest * 7 + 14)));
      const step = Math.max(1, Math.ceil(labels.length / Math.min(12, room)));
      return labels.map((_, i) => i).filter((i) => i % step === 0);
    },
    values: (_u, splits) => splits.map((i) => labels[i] ?? ''),
  };
}

/** Spend bands: share of customers and share of revenue per band, bars side by side. */
export function bandChart(bands, period) {
  const labels = bands.map((b) => b.band);
  const x = labels.map((_, i) => i);
  const customers = bands.map((b) => b.customer_share * 100);
  const revenue = bands.map((b) => b.revenue_share * 100);
  const top = Math.max(10, ...customers, ...revenue);
  return figure(
    'bands-chart',
    t('chart.bands.caption', { period }),
    (width, box) =>
      new uPlot(
        {
          width,
          height: HEIGHT,
          scales: { x: { time: false, range: [-0.5, x.length - 0.5] }, y: { range: [0, Math.ceil(top / 10) * 10] } },
          axes: [categoryAxis(labels, t('chart.bands.x', { period })), { ...axisStyle, label: t('chart.share'), values: pctAxis }],
          series: [
            { label: t('chart.band') },
            { label: t('chart.customer_share'), stroke: '#8aa9d8', fill: '#8aa9d8', width: 1, paths: uPlot.paths.bars({ size: [0.38, 60], align: -1 }), points: { show: false }, value: (_u, v) => pct(v) },
            { label: t('chart.revenue_share'), stroke: ACCENT, fill: ACCENT, width: 1, paths: uPlot.paths.bars({ size: [0.38, 60], align: 1 }), points: { show: false }, value: (_u, v) => pct(v) },
          ],
          cursor: { drag: { x: false, y: false } },
          legend: { live: false },
        },
        [x, customers, revenue],
        box,
      ),
    () => ({ title: t('chart.bands.title'), xLabel: t('chart.bands.x', { period }), yLabel: t('chart.share_pct'), x, xLabels: labels, yMin: 0, series: [
      { label: t('chart.customer_share'), values: customers, color: '#8aa9d8', kind: 'bar' },
      { label: t('chart.revenue_share'), values: revenue, color: ACCENT, kind: 'bar' },
    ] })
  );
}

/** Returning-customer rate per month (a line over the months). */
export function returningChart(months) {
  const labels = months.map((m) => m.month);
  const x = labels.map((_, i) => i);
  const rate = months.map((m) => m.rate * 100);
  return figure(
    'returning-chart',
    t('chart.returning.caption'),
    (width, box) =>
      new uPlot(
        {
          width,
          height: HEIGHT,
          scales: { x: { time: false, range: [-0.5, Math.max(0.5, x.length - 0.5)] }, y: { range: [0, 100] } },
          axes: [categoryAxis(labels, t('chart.month')), { ...axisStyle, label: t('chart.returning.y'), values: pctAxis, splits: () => [0, 20, 40, 60, 80, 100] }],
          series: [{ label: t('chart.month') }, { label: t('chart.returning.rate'), stroke: ACCENT, width: 2, points: { show: true, size: 6, fill: ACCENT }, value: (_u, v) => pct(v) }],
          cursor: { drag: { x: false, y: false } },
          legend: { live: false },
        },
        [x, rate],
        box,
      ),
    () => ({ title: t('chart.returning.title'), xLabel: t('chart.month'), yLabel: t('chart.returning.y_pct'), x, xLabels: labels, yMin: 0, yMax: 100, series: [
      { label: t('chart.returning.rate'), values: rate, color: ACCENT, kind: 'line' },
      { label: t('chart.returning.points'), values: rate, color: ACCENT, kind: 'points' },
    ] })
  );
}

/** The silhouette over k, the chosen k marked with a larger point. */
export function silhouetteChart(curve, bestK) {
  const x = curve.map((c) => c.k);
  const y = curve.map((c) => c.silhouette);
  const chosen = curve.map((c) => (c.k === bestK ? c.silhouette : null));
  const lo = Math.min(0, ...y);
  return figure(
    'silhouette-chart',
    t('chart.silhouette.caption', { k: String(bestK) }),
    (width, box) =>
      new uPlot(
        {
          width,
          height: HEIGHT,
          scales: { x: { time: false, range: [Math.min(...x) - 0.5, Math.max(...x) + 0.5] }, y: { range: [lo, 1] } },
          axes: [
            { ...axisStyle, label: t('chart.silhouette.x'), splits: () => x, values: (_u, s) => s.map(String) },
            { ...axisStyle, label: t('chart.silhouette'), values: (_u, s) => s.map((v) => v.toFixed(1)) },
          ],
          series: [
            { label: 'k' },
            { label: t('chart.silhouette'), stroke: ACCENT, width: 2, points: { show: true, size: 6, fill: ACCENT }, value: (_u, v) => (v === null ? '—' : v.toFixed(3)) },
            { label: t('chart.chosen_k'), stroke: SECOND, width: 0, points: { show: true, size: 14, fill: SECOND }, value: (_u, v) => (v === null ? '—' : v.toFixed(3)) },
          ],
          cursor: { drag: { x: false, y: false } },
          legend: { live: false },
        },
        [x, y, chosen],
        box,
      ),
    () => ({ title: t('chart.silhouette.title'), xLabel: t('chart.silhouette.x'), yLabel: t('chart.silhouette'), x, yMin: lo, yMax: 1, series: [
      { label: t('chart.silhouette'), values: y, color: ACCENT, kind: 'line' },
      { label: t('chart.chosen_k'), values: chosen, color: SECOND, kind: 'points', size: 7 },
    ] })
  );
}

/** Scales and axes of a chart of money per month: one category per label, revenue from 0 to `top`. */
export function monthAxes(labels, top) {
  return {
    scales: { x: { time: false, range: [-0.5, Math.max(0.5, labels.length - 0.5)] }, y: { range: [0, top * 1.05] } },
    axes: [categoryAxis(labels, t('overview.chart.x')), { ...axisStyle, size: 80, label: t('overview.chart.y'), values: (_u, s) => s.map((v) => fmtMoney(v)) }],
  };
}

/**
 * A revenue forecast drawn after its history (src/forecast): the dashed line and the 80 % band between its
 * low and high lines. `plot()` gives the three uPlot series, `band(i)` the band when the line is series
 * `i` (its low and high follow it), `spec(line, low, high)` the three series of the PNG/SVG download.
 */
export const FORECAST_SERIES = {
  plot: () => [
    { label: t('forecast.series'), stroke: SECOND, width: 2, dash: [6, 4], points: { show: true, size: 5, fill: SECOND }, value: (_u, v) => fmtMoney(v) },
    { label: t('forecast.band'), stroke: SECOND, width: 0.5, points: { show: false }, value: (_u, v) => fmtMoney(v) },
    { label: t('forecast.band'), stroke: SECOND, width: 0.5, points: { show: false }, value: (_u, v) => fmtMoney(v) },
  ],
  band: (i) => ({ series: [i + 2, i + 1], fill: 'rgba(194, 87, 26, 0.18)' }),
  spec: (line, low, high) => [
    { label: t('forecast.series'), values: line, color: SECOND, kind: 'line', dash: true },
    { label: `${t('forecast.band')} (${t('forecast.lower')})`, values: low, color: SECOND, kind: 'line' },
    { label: `${t('forecast.band')} (${t('forecast.upper')})`, values: high, color: SECOND, kind: 'line' },
  ],
};

/** Colours of the segment groups (overview chart), distinguishable in both themes and for colour-blind readers. */
export const GROUP_COLOURS = { best: '#1f5fbf', growing: '#5aa0e6', attention: '#e08a2e', lost: '#8a8f99' };

/**
 * Monthly revenue, stacked by segment group: `months` [{month, values: {group: revenue}}], `groups` the
 * group keys bottom first. uPlot has no stacked bars: each series is drawn as the running total up to its
 * group, tallest first, so the shorter bars drawn after it cover its lower part. With `forecast`
 * ([{period: 'YYYY-MM', value, lower, upper}], src/forecast), the months after the last bar continue as
 * the forecast's line with its 80 % band.
 */
export function monthlyChart(months, groups, { label = (m) => fmtMonth(m.month), forecast = null } = {}) {
  const fc = new Map((forecast ?? []).map((f) => [f.period, f]));
  const have = new Set(months.map((m) => m.month));
  const ahead = (forecast ?? []).filter((f) => !have.has(f.period));
  const n = months.length + ahead.length;
  const x = Array.from({ length: n }, (_, i) => i);
  const labels = [...months.map(label), ...ahead.map((f) => fmtMonth(f.period))];
  const pad = (values) => [...values, ...ahead.map(() => null)];
  const cumulative = groups.map((_, g) => pad(months.map((m) => groups.slice(0, g + 1).reduce((a, k) => a + (m.values[k] ?? 0), 0))));
  // The forecast line starts at the total of the last month before it (a partly observed last month is
  // forecast whole, over its bar), so it reads as the bars' continuation.
  const total = (m) => groups.reduce((a, k) => a + (m.values[k] ?? 0), 0);
  const first = months.findIndex((m) => fc.has(m.month));
  const anchor = (first === -1 ? months.length : first) - 1;
  const along = (k) => [...months.map((m, i) => (i === anchor ? total(m) : fc.has(m.month) ? fc.get(m.month)[k] : null)), ...ahead.map((f) => f[k])];
  const forecasting = fc.size > 0 && (ahead.length > 0 || first !== -1);
  const line = forecasting ? along('value') : null;
  const lower = forecasting ? along('lower') : null;
  const upper = forecasting ? along('upper') : null;
  const top = Math.max(1, ...months.map(total), ...(upper ?? []).filter((v) => v !== null));
  const order = groups.map((_, g) => g).reverse();
  const name = (k) => t(`group.${k}`);
  return figure(
    'monthly-chart',
    t('overview.chart.caption') + (forecasting ? ` ${t('forecast.chart.caption')}` : ''),
    (width, box) =>
      new uPlot(
        {
          width,
          height: HEIGHT,
          ...monthAxes(labels, top),
          series: [
            { label: t('overview.chart.x') },
            ...order.map((g) => ({ label: name(groups[g]), stroke: GROUP_COLOURS[groups[g]], fill: GROUP_COLOURS[groups[g]], width: 0, paths: uPlot.paths.bars({ size: [0.7, 60] }), points: { show: false }, value: (_u, v) => fmtMoney(v) })),
            ...(line
              ? FORECAST_SERIES.plot()
              : []),
          ],
          bands: line ? [FORECAST_SERIES.band(groups.length + 1)] : [],
          cursor: { drag: { x: false, y: false } },
          // The list under the chart is its legend, bottom group first (uPlot's would list the stacks reversed).
          legend: { show: false },
        },
        [x, ...order.map((g) => cumulative[g]), ...(line ? [line, lower, upper] : [])],
        box,
      ),
    () => ({
      title: t('overview.chart.title'),
      xLabel: t('overview.chart.x'),
      yLabel: t('overview.chart.y'),
      x,
      xLabels: labels,
      yMin: 0,
      stacked: true,
      yFormat: (v) => fmtMoney(v),
      series: [
        ...groups.map((k) => ({ label: name(k), values: pad(months.map((m) => m.values[k] ?? 0)), color: GROUP_COLOURS[k], kind: 'bar' })),
        ...(line ? FORECAST_SERIES.spec(line, lower, upper) : []),
      ],
    }),
  );
}
