// A tiny element builder. Strings become text nodes (never HTML): everything that comes from a file is
// shown exactly as written.

/** The element with id `id` (null when there is none). */
export const byId = (/** @type {string} */ id) => /** @type {any} */ (document.getElementById(id));

/**
 * h('td', {class: 'num', dataset: {key: 'rows.total'}}, '541,909')
 * attrs: class, dataset, on<Event> handlers (functions), booleans (true sets, false omits), other strings.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (v === true) el.setAttribute(k, '');
      else if (k === 'value' || k === 'selected' || k === 'disabled') el[k] = v;
      else el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.append(c);
    else el.append(document.createTextNode(String(c)));
  }
}

// Numbers are formatted for the chosen language's locale (i18n/i18n.js); these names stay for the views.
export { fmtInt, fmtMoney, fmtOne } from './i18n/i18n.js';
import { fmtOne as one, fmtInt as int } from './i18n/i18n.js';

/** Bytes in decimal megabytes: 52504639 -> "52.5 MB" (small sizes in bytes or kB). */
export function fmtBytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
  if (n < 1000) return `${int(n)} B`;
  if (n < 1e6) return `${one(n / 1e3)} kB`;
  return `${one(n / 1e6)} MB`;
}
