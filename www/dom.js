// A tiny element builder. Strings become text nodes (never HTML): everything that comes from a file is
// shown exactly as written.

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

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const one = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 541909 -> "541,909" */
export const fmtInt = (n) => (typeof n === 'number' && Number.isFinite(n) ? integer.format(n) : '—');
/** 10666684.544 -> "10,666,684.54" */
export const fmtMoney = (n) => (typeof n === 'number' && Number.isFinite(n) ? money.format(n) : '—');
/** 37.767 -> "37.8" */
export const fmtOne = (n) => (typeof n === 'number' && Number.isFinite(n) ? one.format(n) : '—');
/** Bytes in decimal megabytes: 52504639 -> "52.5 MB" (small sizes in bytes or kB). */
export function fmtBytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
  if (n < 1000) return `${integer.format(n)} B`;
  if (n < 1e6) return `${one.format(n / 1e3)} kB`;
  return `${one.format(n / 1e6)} MB`;
}
