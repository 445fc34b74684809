// @ts-check
// The page's general charts, which the views call with their numbers, labels and caption: bars over
// categories (one series, or two side by side) and lines or points over categories or a numeric x, with
// an optional shaded range between a low and a high line and an optional dashed rule between two
// categories. Each is a figure (base.js) with the PNG and SVG downloads of the same numbers (svg.js).

import { figure, plot, axisStyle, categoryAxis, uplotSeries, specSeries } from './base.js';

/** @typedef {import('./base.js').Series} Series */

/**
 * A shaded range: the area between `low` and `high`, both drawn as thin lines of `color` labelled `label`
 * (in the download, `names` when given: the low one's, then the high one's).
 * @typedef {object} Band
 * @property {(number | null)[]} low
 * @property {(number | null)[]} high
 * @property {string} label
 * @property {string} color
 * @property {string} fill
 * @property {[string, string]} [names]
 */

/**
 * What a chart shows. The x is either `categories` (labels, drawn at 0, 1, 2 …) or numbers `x`; `steps`
 * marks a numeric x whose every value is a tick and a slot of the download (deciles, k). `xRange`
 * defaults to half a slot either side of the categories (null: uPlot's own, the data's ends); `yRange` is
 * [low, high]. `xTicks`/`yTicks` fix the ticks, `xFormat`/`yFormat` write a tick, `ySize` widens the y
 * axis (money). `value` writes a value in the legend; `barWidth` is the width of a lone bar in its slot;
 * `rule` draws a dashed vertical rule before category `rule`; `xName` names the x in the legend (the x
 * label by default). `title` titles the downloads; `download` overrides fields of their spec (svg.js).
 * @typedef {object} XYChart
 * @property {string} id
 * @property {string} caption
 * @property {string} title
 * @property {string} xLabel
 * @property {string} yLabel
 * @property {Series[]} series
 * @property {(string | number)[]} [categories]
 * @property {number[]} [x]
 * @property {boolean} [steps]
 * @property {[number, number] | null} [xRange]
 * @property {[number, number]} [yRange]
 * @property {number[]} [xTicks]
 * @property {number[]} [yTicks]
 * @property {(v: number) => string} [xFormat]
 * @property {(v: number) => string} [yFormat]
 * @property {number} [ySize]
 * @property {(v: number | null) => string} [value]
 * @property {number} [barWidth]
 * @property {Band} [band]
 * @property {number} [rule]
 * @property {string} [xName]
 * @property {object} [download]
 */

/** A ticks' writer for uPlot's axis `values`. */
const ticks = (/** @type {(v: number) => string} */ f) => (_u, splits) => splits.map(f);

/**
 * uPlot's draw hook of a dashed vertical rule half a slot before x = `i` (none when `i` < 0).
 * @param {number} i
 */
const ruleBefore = (i) => (u) => {
  if (i < 0) return;
  const px = u.valToPos(i - 0.5, 'x', true);
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = '#555';
  ctx.setLineDash([2, 3]);
  ctx.beginPath();
  ctx.moveTo(px, u.bbox.top);
  ctx.lineTo(px, u.bbox.top + u.bbox.height);
  ctx.stroke();
  ctx.restore();
};

/**
 * A chart of bars, lines and points over one x (see XYChart).
 * @param {XYChart} o
 */
export function xyChart(o) {
  const { categories, series, band, value } = o;
  const x = categories ? categories.map((_, i) => i) : o.x;
  const n = x.length;
  const bars = series.filter((s) => s.kind === 'bar');
  const plotted = series.map((s) => uplotSeries(s, { b: bars.indexOf(s), bars: bars.length, barWidth: o.barWidth, value }));
  const bandSeries = band ? [band.low, band.high].map((values) => uplotSeries({ label: band.label, values, color: band.color, width: 0.5 }, { value })) : [];
  const xAxis = categories
    ? categoryAxis(categories, o.xLabel)
    : { ...axisStyle, label: o.xLabel, ...(o.steps ? { splits: () => x, values: ticks(String) } : {}), ...(o.xTicks ? { splits: () => o.xTicks } : {}), ...(o.xFormat ? { values: ticks(o.xFormat) } : {}) };
  const yAxis = { ...axisStyle, ...(o.ySize ? { size: o.ySize } : {}), label: o.yLabel, ...(o.yFormat ? { values: ticks(o.yFormat) } : {}), ...(o.yTicks ? { splits: () => o.yTicks } : {}) };
  const xRange = o.xRange === undefined ? (categories ? [-0.5, Math.max(0.5, n - 0.5)] : null) : o.xRange;
  const options = {
    scales: { x: { time: false, ...(xRange ? { range: xRange } : {}) }, y: { range: o.yRange } },
    axes: [xAxis, yAxis],
    series: [{ label: o.xName ?? o.xLabel }, ...plotted, ...bandSeries],
    ...(band ? { bands: [{ series: [series.length + 2, series.length + 1], fill: band.fill }] } : {}),
    ...(o.rule !== undefined ? { hooks: { draw: [ruleBefore(o.rule)] } } : {}),
  };
  const data = [x, ...series.map((s) => s.values), ...(band ? [band.low, band.high] : [])];
  const spec = () => ({
    title: o.title,
    xLabel: o.xLabel,
    yLabel: o.yLabel,
    x,
    ...(categories ? { xLabels: categories } : o.steps ? {} : { numericX: true }),
    yMin: 0,
    series: [
      ...series.map(specSeries),
      ...(band ? [band.low, band.high].map((values, i) => ({ label: band.names?.[i] ?? band.label, values, color: band.color, kind: 'line' })) : []),
    ],
    ...o.download,
  });
  return figure(o.id, o.caption, (width, box) => plot(width, box, options, data), spec);
}

/**
 * Bars over categories: one series, or two side by side (see XYChart).
 * @param {XYChart} o
 */
export const barChart = (o) => xyChart({ ...o, series: o.series.map((s) => ({ ...s, kind: 'bar' })) });

/**
 * Lines and points over categories or a numeric x, with an optional range band (see XYChart).
 * @param {XYChart} o
 */
export const lineChart = (o) => xyChart(o);
