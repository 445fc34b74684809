// Building blocks of the report views: sections, tables with their CSV button, bars and cell shading.
// Functions from values to elements; no state.

import { h } from './dom.js';
import { toCsv, downloadCsv, csvName } from './csv.js';
import { t, fmtInt } from './i18n/i18n.js';

/** 0.6137 -> "61.4 %" in the locale's percent style. */
export { fmtPercent as fmtPct } from './i18n/i18n.js';
export const fmtGini = (x) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(3) : '—');

/** A section with an id and a heading; `intro` is a paragraph under it. */
export function section(id, title, intro, ...children) {
  return h('section', { id, class: 'seg-section', 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), intro ? h('p', { class: 'hint' }, intro) : null, children);
}

/** A "Download CSV" button for all `rows` (objects) with `columns` [{key, label, value?}], as "<file>-<name>.csv". */
export function csvButton(name, title, columns, rows) {
  return h(
    'button',
    {
      type: 'button',
      class: 'csv',
      dataset: { csv: name },
      'aria-label': t('export.csv.label', { what: title }),
      onclick: () =>
        downloadCsv(
          csvName(name),
          toCsv(
            columns.map((c) => c.key),
            rows.map((r) => columns.map((c) => (c.value ? c.value(r) : r[c.key]))),
          ),
        ),
    },
    t('export.csv'),
  );
}

/** Rows a table shows at first; "Show more" adds as many again. The CSV always holds every row. */
export const PAGE_ROWS = 100;

/**
 * A table of `rows` with `columns` [{key, label, num?, text?(row) -> string | Node, value?(row) -> raw,
 * csv?: false, hidden?: true}], a caption and a CSV button; `rowAttrs(row)` adds attributes (handlers) to a row. Number cells carry data-col and data-value (the raw number).
 */
export function dataTable({ id, name, caption, columns: all, rows, rowClass, rowAttrs }) {
  const raw = (c, r) => (c.value ? c.value(r) : r[c.key]);
  // `hidden` columns go to the CSV only.
  const columns = all.filter((c) => !c.hidden);
  const row = (r) =>
    h(
      'tr',
      { class: rowClass?.(r), ...(rowAttrs?.(r) ?? {}) },
      columns.map((c, i) => {
        const v = raw(c, r);
        const text = c.text ? c.text(r) : v;
        const attrs = { class: c.num ? 'num' : null, dataset: { col: c.key, ...(typeof v === 'number' ? { value: String(v) } : {}) } };
        return i === 0 ? h('th', { scope: 'row', ...attrs }, text) : h('td', attrs, text);
      }),
    );
  const tbody = h('tbody', null, rows.slice(0, PAGE_ROWS).map(row));
  const table = h(
    'table',
    { id, class: 'data', dataset: { rows: String(rows.length) } },
    h('caption', null, caption),
    h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
    tbody,
  );
  const csvColumns = all.filter((c) => c.csv !== false);
  return h('div', { class: 'table-box' }, h('div', { class: 'scroll' }, table), morePager(rows, tbody, row, id), csvButton(name, caption, csvColumns, rows));
}

/**
 * Under a table of more than PAGE_ROWS rows: "Showing 100 of 722" and a button that adds the next
 * PAGE_ROWS rows to `tbody` (made by `row(r)`); null for shorter tables.
 */
export function morePager(rows, tbody, row, id) {
  if (rows.length <= PAGE_ROWS) return null;
  let shown = Math.min(PAGE_ROWS, rows.length);
  const status = h('span', { class: 'hint', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'more', dataset: { more: id ?? '' } });
  const draw = () => {
    status.textContent = t('tables.shown', { shown: fmtInt(shown), total: fmtInt(rows.length) });
    button.textContent = t('tables.more', { n: fmtInt(Math.min(PAGE_ROWS, rows.length - shown)) });
    button.hidden = shown >= rows.length;
  };
  button.addEventListener('click', () => {
    const next = rows.slice(shown, shown + PAGE_ROWS);
    tbody.append(...next.map(row));
    shown += next.length;
    draw();
  });
  draw();
  return h('p', { class: 'pager table-more' }, status, ' ', button);
}

/** A horizontal bar of `share` (0..1); decorative, the number is in the text next to it. */
export function bar(share, kind) {
  const fill = h('span', { class: `bar-fill ${kind}` });
  // CSSOM, not a style attribute: allowed by the page's style-src 'self'.
  fill.style.width = `${Math.max(0, Math.min(1, share || 0)) * 100}%`;
  return h('span', { class: 'bar', 'aria-hidden': 'true' }, fill);
}

/**
 * Background of a shaded cell for `t` in 0..1 (null: an empty cell), from a pale wash (#eaf1fb) to the
 * accent's dark shade (#143f80); `dark` says the text on it should be white.
 */
export function shade(t) {
  if (t === null || t === undefined || !Number.isFinite(t)) return { bg: '#f4f6f9', dark: false };
  const mix = (a, b) => Math.round(a + (b - a) * Math.max(0, Math.min(1, t)));
  const rgb = [mix(0xea, 0x14), mix(0xf1, 0x3f), mix(0xfb, 0x80)];
  return { bg: `rgb(${rgb.join(', ')})`, dark: luminance(rgb) < DARK_BELOW };
}

/**
 * White text on backgrounds darker than this relative luminance, black text above it: 0.179 is where both
 * contrasts are equal (WCAG: (1 + 0.05) / (L + 0.05) = (L + 0.05) / (0 + 0.05)), about 4.58:1, so every
 * shade keeps at least the 4.5:1 that WCAG AA asks of small text. (With the page's ink, #1d2330, the
 * crossing would be at 4.0:1, too little for the middle shades.)
 */
const DARK_BELOW = 0.179;

/** WCAG relative luminance of an sRGB colour [r, g, b] in 0..255. */
function luminance(rgb) {
  const [r, g, b] = rgb.map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}


/** The hint under a table whose rows open a customer list. */
export function pickHint(view) {
  return view?.listCustomers ? h('p', { class: 'hint pick-hint' }, t('tables.pick')) : null;
}

/**
 * A small form of options for one section that runs the segmentation again: `fields` are
 * [{id, label, input: Element}], `apply()` re-runs with the form's values, `reset()` with the defaults.
 * The error box `${id}-error` shows a rejected value's message (the page fills it in).
 */
export function optionForm({ id, legend, fields, apply, reset, help }) {
  return h(
    'form',
    {
      id,
      class: 'options-form',
      onsubmit: (e) => {
        e.preventDefault();
        apply();
      },
    },
    h(
      'fieldset',
      null,
      h('legend', null, legend),
      fields.map((f) => h('span', { class: 'option' }, h('label', { for: f.id }, f.label), f.input)),
      h('button', { type: 'submit', id: `${id}-apply` }, t('tables.apply')),
      h('button', { type: 'button', id: `${id}-reset`, onclick: reset }, t('tables.reset')),
      h('p', { id: `${id}-error`, class: 'option-error', role: 'alert', hidden: true }),
      help ? h('p', { id: `${id}-help`, class: 'hint' }, help) : null,
    ),
  );
}

/** A number input. */
export function numberInput(id, value, { min, max, step = '1', describedBy } = {}) {
  return h('input', { type: 'number', id, value: String(value), min: min === undefined ? null : String(min), max: max === undefined ? null : String(max), step, required: true, 'aria-describedby': describedBy ?? null });
}
