// Exports of what the page shows: a download of any text or Blob, JSON of a report, CSV of every table
// (also those drawn without their own CSV button), and each chart as PNG (its canvas with the title and
// legend drawn in) and as SVG (svg.js, from the chart's numbers). Everything is made in the page and
// offered as a Blob URL: nothing is sent anywhere.

import { h } from './dom.js';
import { toCsv, csvName } from './csv.js';
import { t } from './i18n/i18n.js';
import { chartSvg } from './svg.js';

/** Offers `data` (a Blob or text) as a download named `name`. */
export function download(name, data, type = 'application/octet-stream') {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers; a minute later it has long started.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A button that downloads `get()` as `<name>.json` (pretty-printed). */
export function jsonButton(name, label, get) {
  return h(
    'button',
    { type: 'button', class: 'json', dataset: { json: name }, onclick: () => download(`${name}.json`, `${JSON.stringify(get(), null, 2)}\n`, 'application/json') },
    label,
  );
}

/** The CSV of a rendered table: header cells, then each body row; a cell's data-value (raw number) wins over its text. */
export function tableToCsv(table) {
  const text = (c) => {
    if (c.dataset.value !== undefined && c.dataset.value !== '' && Number.isFinite(Number(c.dataset.value))) return Number(c.dataset.value);
    // A cell holding a choice (the mapping editor) stands for what is chosen, not for every option.
    const select = c.querySelector('select');
    if (select) return select.selectedOptions[0]?.textContent.trim() ?? '';
    return c.textContent.trim();
  };
  const head = table.tHead ? [...table.tHead.rows].at(-1) : null;
  const header = head ? [...head.cells].map((c) => c.textContent.trim()) : [t('export.label'), t('export.value')];
  const rows = [];
  for (const body of table.tBodies) for (const tr of body.rows) rows.push([...tr.cells].map(text));
  if (table.tFoot) for (const tr of table.tFoot.rows) rows.push([...tr.cells].map(text));
  return toCsv(header, rows);
}

/**
 * Gives every table under `root` that has no CSV button of its own one that downloads what it shows
 * (`<file>-table-<id>.csv`, or the section's id when the table has none).
 */
export function ensureTableCsv(root) {
  // A table wider than the page scrolls inside its box: the box must be reachable by keyboard to scroll it.
  for (const box of root.querySelectorAll('.scroll:not([tabindex])')) {
    const caption = box.querySelector('caption')?.textContent;
    box.setAttribute('tabindex', '0');
    box.setAttribute('role', 'region');
    if (caption) box.setAttribute('aria-label', caption);
  }
  let k = 0;
  for (const table of root.querySelectorAll('table')) {
    k++;
    // A chart's own legend (uPlot draws it as a table inside the aria-hidden chart box) is not data.
    if (table.closest('.chart')) continue;
    // A table that shows a page of a longer list has its own export of the whole list.
    if (table.dataset.csv === 'none') continue;
    const box = table.closest('.table-box');
    if (box?.querySelector(':scope > button.csv')) continue;
    if (table.nextElementSibling?.matches?.('button.csv') || table.parentElement?.nextElementSibling?.matches?.('button.csv.auto')) continue;
    const name = `table-${table.id || table.closest('section[id]')?.id || k}`;
    const caption = table.caption?.textContent ?? name;
    const button = h('button', { type: 'button', class: 'csv auto', dataset: { csv: name }, 'aria-label': t('export.csv.label', { what: caption }), onclick: () => download(csvName(name), tableToCsv(table), 'text/csv;charset=utf-8') }, t('export.csv'));
    const after = table.parentElement?.classList.contains('scroll') ? table.parentElement : table;
    after.after(button);
  }
}

/** PNG and SVG buttons for a chart figure; `spec()` gives its numbers (see svg.js), `canvas()` its drawn canvas. */
export function chartButtons(id, spec, canvas) {
  const png = h('button', { type: 'button', class: 'png', dataset: { png: id }, 'aria-label': t('export.png.label', { what: spec().title }), onclick: () => chartPng(id, spec(), canvas()) }, t('export.png'));
  const svg = h('button', { type: 'button', class: 'svg', dataset: { svg: id }, 'aria-label': t('export.svg.label', { what: spec().title }), onclick: () => download(`${id}.svg`, chartSvg(spec()), 'image/svg+xml') }, t('export.svg'));
  return h('div', { class: 'chart-exports' }, png, svg);
}

/** The chart's canvas on a white page with the title above and the legend below, as `<id>.png`. */
function chartPng(id, spec, source) {
  const scale = source ? source.width / Math.max(1, source.clientWidth || source.width) : 1;
  const w = source ? source.width : Math.round(800 * scale);
  const ch = source ? source.height : Math.round(300 * scale);
  const pad = Math.round(16 * scale);
  const titleH = Math.round(36 * scale);
  const legendH = Math.round(32 * scale);
  const c = document.createElement('canvas');
  c.width = w + 2 * pad;
  c.height = ch + titleH + legendH + 2 * pad;
  const g = c.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, c.width, c.height);
  g.fillStyle = '#1d2330';
  g.font = `600 ${Math.round(16 * scale)}px system-ui, sans-serif`;
  g.textBaseline = 'middle';
  g.fillText(spec.title, pad, pad + titleH / 2);
  if (source) g.drawImage(source, pad, pad + titleH);
  let x = pad;
  const y = pad + titleH + ch + legendH / 2;
  g.font = `${Math.round(12 * scale)}px system-ui, sans-serif`;
  for (const s of spec.series) {
    g.fillStyle = s.color;
    g.fillRect(x, y - 6 * scale, 12 * scale, 12 * scale);
    g.fillStyle = '#1d2330';
    g.fillText(s.label, x + 18 * scale, y);
    x += 18 * scale + g.measureText(s.label).width + 18 * scale;
  }
  c.toBlob((blob) => blob && download(`${id}.png`, blob, 'image/png'), 'image/png');
}
