// @ts-check
// Revenue per month: the Overview's bars stacked by segment group (with the forecast after them when
// there is one) and the Predict view's revenue so far and ahead. A forecast (src/forecast) is drawn the
// same way in both: a dashed line and its 80 % band, in the second colour.

import { figure, plot, axisStyle, categoryAxis, uplotSeries, specSeries, uPlot, ACCENT, SECOND } from './base.js';
import { lineChart } from './xy.js';
import { t, fmtMoney, fmtMoneyShort, fmtMonth } from '../i18n/i18n.js';

/** Colours of the segment groups (overview chart), distinguishable in both themes and for colour-blind readers. */
export const GROUP_COLOURS = { best: '#1f5fbf', growing: '#5aa0e6', attention: '#e08a2e', lost: '#8a8f99' };

/** The forecast's line and its 80 % band (their low and high lines labelled as in the download). */
const forecastLine = (values) => ({ label: t('forecast.series'), values, color: SECOND, dash: true, points: 5 });
const forecastBand = (low, high) => ({
  low,
  high,
  label: t('forecast.band'),
  color: SECOND,
  fill: 'rgba(194, 87, 26, 0.18)',
  /** @type {[string, string]} */
  names: [`${t('forecast.band')} (${t('forecast.lower')})`, `${t('forecast.band')} (${t('forecast.upper')})`],
});

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
  const value = (v) => fmtMoney(v);
  const band = line ? forecastBand(lower, upper) : null;
  const bandSeries = band ? [band.low, band.high].map((values) => uplotSeries({ label: band.label, values, color: band.color, width: 0.5 }, { value })) : [];
  return figure(
    'monthly-chart',
    t('overview.chart.caption') + (forecasting ? ` ${t('forecast.chart.caption')}` : ''),
    (width, box) =>
      plot(
        width,
        box,
        {
          scales: { x: { time: false, range: [-0.5, Math.max(0.5, labels.length - 0.5)] }, y: { range: [0, top * 1.05] } },
          axes: [categoryAxis(labels, t('overview.chart.x')), { ...axisStyle, size: 80, label: t('overview.chart.y'), values: (_u, s) => s.map((v) => fmtMoney(v)) }],
          series: [
            { label: t('overview.chart.x') },
            ...order.map((g) => ({ label: name(groups[g]), stroke: GROUP_COLOURS[groups[g]], fill: GROUP_COLOURS[groups[g]], width: 0, paths: uPlot.paths.bars({ size: [0.7, 60] }), points: { show: false }, value: (_u, v) => fmtMoney(v) })),
            ...(line ? [uplotSeries(forecastLine(line), { value }), ...bandSeries] : []),
          ],
          bands: band ? [{ series: [groups.length + 3, groups.length + 2], fill: band.fill }] : [],
          // The list under the chart is its legend, bottom group first (uPlot's would list the stacks reversed).
          legend: { show: false },
        },
        [x, ...order.map((g) => cumulative[g]), ...(line ? [line, lower, upper] : [])],
      ),
    () => ({
      title: t('overview.chart.title'),
      xLabel: t('overview.chart.x'),
      yLabel: t('overview.chart.y'),
      x,
      xLabels: labels,
      yMin: 0,
      stacked: true,
      yFormat: (v) => fmtMoneyShort(v), // short amounts fit left of the axis (whole ones were cut off)
      series: [
        ...groups.map((k) => ({ label: name(k), values: pad(months.map((m) => m.values[k] ?? 0)), color: GROUP_COLOURS[k], kind: 'bar' })),
        ...(line ? [specSeries(forecastLine(line)), ...band.names.map((label, i) => ({ label, values: [lower, upper][i], color: SECOND, kind: 'line' }))] : []),
      ],
    }),
  );
}

/**
 * Monthly revenue so far (`history`: the complete months the model learned from) and the forecast
 * (`ahead`) with its 80 % band; the forecast's line starts at the last month of the history.
 * @param {{period: string, value: number}[]} history
 * @param {{period: string, value: number, lower: number, upper: number}[]} ahead
 */
export function forecastChart(history, ahead) {
  const labels = [...history.map((x) => fmtMonth(x.period)), ...ahead.map((x) => fmtMonth(x.period))];
  const last = history.length ? history[history.length - 1].value : null;
  const past = [...history.map((v) => v.value), ...ahead.map(() => null)];
  const lead = history.length ? [...history.slice(0, -1).map(() => null), last] : [];
  const line = [...lead, ...ahead.map((v) => v.value)];
  const low = [...lead, ...ahead.map((v) => v.lower)];
  const high = [...lead, ...ahead.map((v) => v.upper)];
  const top = Math.max(1, ...past.filter((v) => v != null), ...high.filter((v) => v != null));
  return lineChart({
    id: 'forecast-chart',
    caption: t('forecast.chart.caption.view'),
    title: t('forecast.title'),
    categories: labels,
    xLabel: t('overview.chart.x'),
    yLabel: t('overview.chart.y'),
    yRange: [0, top * 1.05],
    yFormat: (v) => fmtMoney(v),
    ySize: 80,
    value: (v) => fmtMoney(v),
    series: [{ label: t('forecast.history'), values: past, color: ACCENT, points: 4 }, forecastLine(line)],
    band: forecastBand(low, high),
    download: { yFormat: (v) => fmtMoneyShort(v) },
  });
}
