// @ts-check
// The charts of the segmentation report (Segments view): the Pareto chart of the monetary deciles, the
// Lorenz curve, the spend bands, the returning-customer rate and the silhouette over k. Each is made from
// the report's values with the general charts of xy.js.

import { ACCENT, ACCENT_FILL, SECOND, MUTED } from './base.js';
import { xyChart, barChart, lineChart } from './xy.js';
import { t } from '../i18n/i18n.js';

/** A share in percent for the legend; a tick in percent; the ticks of a 0–100 % axis. */
const pct = (v) => (v === null || v === undefined ? '—' : `${v.toFixed(1)} %`);
const pctTick = (v) => `${v} %`;
const TENTHS = [0, 20, 40, 60, 80, 100];

/** Pareto chart of the monetary deciles: bars = revenue share per decile, line = cumulative share. */
export function paretoChart(deciles) {
  const x = deciles.map((d) => d.decile);
  const share = deciles.map((d) => d.revenue_share * 100);
  const cumulative = deciles.map((d) => d.cumulative_share * 100);
  return xyChart({
    id: 'pareto-chart',
    caption: t('chart.pareto.caption'),
    title: t('chart.pareto.title'),
    x,
    steps: true,
    xRange: [0.5, x.length + 0.5],
    yRange: [0, 100],
    xLabel: t('chart.pareto.x'),
    xName: t('chart.decile'),
    yLabel: t('chart.revenue_share'),
    yFormat: pctTick,
    yTicks: TENTHS,
    value: pct,
    series: [
      { label: t('chart.revenue_share_series'), values: share, color: ACCENT, fill: ACCENT_FILL, kind: 'bar' },
      { label: t('chart.cumulative_share'), values: cumulative, color: SECOND, points: 6 },
    ],
    download: { yLabel: t('chart.revenue_share_pct'), yMax: 100 },
  });
}

/** The Lorenz curve (customers from smallest to largest spender) with the line of equality. */
export function lorenzChart(lorenz, gini) {
  const x = lorenz.map((p) => p.customer_share * 100);
  const y = lorenz.map((p) => p.revenue_share * 100);
  return lineChart({
    id: 'lorenz-chart',
    caption: t('chart.lorenz.caption', { gini: Number.isFinite(gini) ? gini.toFixed(3) : '—' }),
    title: t('chart.lorenz.title'),
    x,
    xRange: [0, 100],
    yRange: [0, 100],
    xLabel: t('chart.lorenz.x'),
    xName: t('chart.customers'),
    xFormat: pctTick,
    xTicks: TENTHS,
    yLabel: t('chart.revenue_share'),
    yFormat: pctTick,
    yTicks: TENTHS,
    value: pct,
    series: [
      { label: t('chart.lorenz.title'), values: y, color: ACCENT, fill: ACCENT_FILL },
      { label: t('chart.equality'), values: x.slice(), color: MUTED, width: 1, dash: true },
    ],
    download: { xLabel: t('chart.customer_share_pct'), yLabel: t('chart.revenue_share_pct'), yMax: 100 },
  });
}

/** Spend bands: share of customers and share of revenue per band, bars side by side. */
export function bandChart(bands, period) {
  const customers = bands.map((b) => b.customer_share * 100);
  const revenue = bands.map((b) => b.revenue_share * 100);
  const top = Math.max(10, ...customers, ...revenue);
  return barChart({
    id: 'bands-chart',
    caption: t('chart.bands.caption', { period }),
    title: t('chart.bands.title'),
    categories: bands.map((b) => b.band),
    xLabel: t('chart.bands.x', { period }),
    xName: t('chart.band'),
    yLabel: t('chart.share'),
    yFormat: pctTick,
    yRange: [0, Math.ceil(top / 10) * 10],
    value: pct,
    series: [
      { label: t('chart.customer_share'), values: customers, color: '#8aa9d8' },
      { label: t('chart.revenue_share'), values: revenue, color: ACCENT },
    ],
    download: { yLabel: t('chart.share_pct') },
  });
}

/** Returning-customer rate per month (a line over the months). */
export function returningChart(months) {
  const rate = months.map((m) => m.rate * 100);
  return lineChart({
    id: 'returning-chart',
    caption: t('chart.returning.caption'),
    title: t('chart.returning.title'),
    categories: months.map((m) => m.month),
    xLabel: t('chart.month'),
    yLabel: t('chart.returning.y'),
    yFormat: pctTick,
    yTicks: TENTHS,
    yRange: [0, 100],
    value: pct,
    series: [{ label: t('chart.returning.rate'), values: rate, color: ACCENT, points: 6 }],
    download: {
      yLabel: t('chart.returning.y_pct'),
      yMax: 100,
      series: [
        { label: t('chart.returning.rate'), values: rate, color: ACCENT, kind: 'line' },
        { label: t('chart.returning.points'), values: rate, color: ACCENT, kind: 'points' },
      ],
    },
  });
}

/** The silhouette over k, the chosen k marked with a larger point. */
export function silhouetteChart(curve, bestK) {
  const x = curve.map((c) => c.k);
  const y = curve.map((c) => c.silhouette);
  const chosen = curve.map((c) => (c.k === bestK ? c.silhouette : null));
  const lo = Math.min(0, ...y);
  return lineChart({
    id: 'silhouette-chart',
    caption: t('chart.silhouette.caption', { k: String(bestK) }),
    title: t('chart.silhouette.title'),
    x,
    steps: true,
    xRange: [Math.min(...x) - 0.5, Math.max(...x) + 0.5],
    yRange: [lo, 1],
    xLabel: t('chart.silhouette.x'),
    xName: 'k',
    yLabel: t('chart.silhouette'),
    yFormat: (v) => v.toFixed(1),
    value: (v) => (v === null ? '—' : v.toFixed(3)),
    series: [
      { label: t('chart.silhouette'), values: y, color: ACCENT, points: 6 },
      { label: t('chart.chosen_k'), values: chosen, color: SECOND, kind: 'points', size: 14 },
    ],
    download: {
      yMin: lo,
      yMax: 1,
      series: [
        { label: t('chart.silhouette'), values: y, color: ACCENT, kind: 'line' },
        { label: t('chart.chosen_k'), values: chosen, color: SECOND, kind: 'points', size: 7 },
      ],
    },
  });
}
