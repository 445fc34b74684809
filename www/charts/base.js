// @ts-check
// What every canvas chart of the page shares: the figure around it (caption, PNG and SVG downloads, drawn
// once its box has a width and resized with it), the height, colours and axis style, the axis of
// categories, and the uPlot series of a bar, a line or points. The only module that imports uPlot.
//
// uPlot (www/vendor, copied from node_modules by scripts/build.sh) styles its elements through the CSSOM
// (element.style), which the page's Content-Security-Policy (style-src 'self') allows; it injects no
// <style> element and evaluates no code.

import uPlot from '../vendor/uPlot.esm.js';
import { h } from '../dom.js';
import { chartButtons } from '../export.js';

export { uPlot };

/** Chart height, colours and axis style shared by every chart. */
export const HEIGHT = 280;
export const ACCENT = '#1f5fbf';
export const ACCENT_FILL = 'rgba(31, 95, 191, 0.35)';
export const SECOND = '#c2571a';
export const SECOND_FILL = 'rgba(194, 87, 26, 0.15)';
export const MUTED = '#7a8494';
export const axisStyle = { stroke: '#5b6474', grid: { stroke: '#e6e9ef', width: 1 }, ticks: { stroke: '#d9dee7', width: 1 } };

/** Live charts by their container, so that a re-render can destroy the ones it replaces. */
const live = new Map();

/**
 * A figure whose chart is drawn once its container has a width (a hidden view has none: the chart is made
 * when the view is first shown) and follows the container's width afterwards. `make(width, box)` draws the
 * uPlot chart into `box`; `spec()` gives its numbers for the PNG and SVG downloads (see svg.js); without
 * a spec the figure has no download buttons. `caption` says what the chart shows and how to read it.
 * The numbers of every chart are also in a table next to it, which is the accessible form; the canvas is
 * aria-hidden.
 *
 * @param {string} id
 * @param {string} caption
 * @param {(width: number, box: HTMLElement) => any} make
 * @param {(() => object) | null} [spec]
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

/**
 * Destroys the charts inside `root` (before it is replaced).
 * @param {ParentNode} root
 */
export function disposeCharts(root) {
  for (const box of root.querySelectorAll('.chart')) {
    const entry = live.get(box);
    if (!entry) continue;
    entry.ro.disconnect();
    entry.plot?.destroy();
    live.delete(box);
  }
}

/**
 * A uPlot chart `width` wide in `box`: `options` with the page's height, no drag-to-zoom and a legend
 * without live values unless they say otherwise.
 * @param {number} width
 * @param {HTMLElement} box
 * @param {object} options
 * @param {any[]} data
 */
export function plot(width, box, options, data) {
  // The vendored ES module has no declarations: tsc takes its default export for a plain function.
  const UPlot = /** @type {any} */ (uPlot);
  return new UPlot({ width, height: HEIGHT, cursor: { drag: { x: false, y: false } }, legend: { live: false }, ...options }, data, box);
}

/**
 * Axis values for a categorical x (0, 1, 2 … as indices into `labels`): at most 12 labels, and fewer when
 * the plot is narrow (a phone), so that labels never overlap — each gets the width of the longest label.
 * @param {(string | number)[]} labels
 * @param {string} label
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

/**
 * One series of a chart, as the views give it: its label, values (null = none), colour and kind — 'bar',
 * 'line' (the default) or 'points' (markers without a line). A line may have a `width` (2), a `dash`, a
 * `fill` under it and `points` of that size; points have a `size`; a bar may have a lighter `fill`.
 * @typedef {object} Series
 * @property {string} label
 * @property {(number | null)[]} values
 * @property {string} color
 * @property {'bar' | 'line' | 'points'} [kind]
 * @property {number} [width]
 * @property {boolean} [dash]
 * @property {string} [fill]
 * @property {number} [points]
 * @property {number} [size]
 */

/**
 * The uPlot series of `s`. Bars are side by side: bar `b` of `bars`, each `barWidth` of its slot (one
 * bar) or 0.38 (two). `value` formats a value for the legend.
 * @param {Series} s
 * @param {{ b?: number, bars?: number, barWidth?: number, value?: (v: number | null) => string }} [o]
 */
export function uplotSeries(s, { b = 0, bars = 1, barWidth = 0.7, value } = {}) {
  const formatted = value ? { value: (_u, v) => value(v) } : {};
  const kind = s.kind ?? 'line';
  if (kind === 'bar') {
    const paths = bars === 1 ? uPlot.paths.bars({ size: [barWidth, 80] }) : uPlot.paths.bars({ size: [0.38, 60], align: b === 0 ? -1 : 1 });
    return { label: s.label, stroke: s.color, fill: s.fill ?? s.color, width: 1, paths, points: { show: false }, ...formatted };
  }
  if (kind === 'points') return { label: s.label, stroke: s.color, width: 0, points: { show: true, size: s.size, fill: s.color }, ...formatted };
  return {
    label: s.label,
    stroke: s.color,
    ...(s.fill ? { fill: s.fill } : {}),
    width: s.width ?? 2,
    ...(s.dash ? { dash: [6, 4] } : {}),
    points: s.points ? { show: true, size: s.points, fill: s.color } : { show: false },
    ...formatted,
  };
}

/**
 * The series of the SVG download (svg.js) for `s`.
 * @param {Series} s
 */
export function specSeries(s) {
  return { label: s.label, values: s.values, color: s.color, kind: s.kind ?? 'line', ...(s.dash ? { dash: true } : {}) };
}
