// Translation and formatting for the page. Every piece of UI text comes from a language file
// (./<code>.js, see languages.js) through `t(key, params)`:
//
//   t('overview.customers')                          -> "Customers"
//   t('list.status', {from: 1, to: 50, total: 4338}) -> "{from}–{to} of {total} customers" filled in
//   t('count.customers', {count: 2})                 -> plural form chosen by Intl.PluralRules
//   t('seg.tenth', {count: 2, n: 2, ordinal: true})  -> "2nd" (ordinal rules)
//
// Numbers in params are formatted for the language's locale unless already strings. A key missing in
// the chosen language falls back to English; a key missing in English shows as the key itself (and the
// completeness test fails). Elements with data-i18n="key" get their text, data-i18n-attr="attr:key;…"
// their attributes, from applyI18n().

import { LANGUAGES, FALLBACK, pickLanguage } from './languages.js';
import en from './en.js';

const loaded = new Map([['en', en]]);
let current = FALLBACK;
let strings = en;
let locale = 'en-GB';
const listeners = new Set();

/** The chosen language's code. */
export const language = () => current;
/** The chosen language's Intl locale. */
export const currentLocale = () => locale;

/** Loads and switches to a language (unknown codes mean English); tells every listener. */
export async function setLanguage(code) {
  const entry = LANGUAGES.find((l) => l.code === code) ?? LANGUAGES.find((l) => l.code === FALLBACK);
  if (!loaded.has(entry.code)) {
    const mod = await entry.load();
    loaded.set(entry.code, mod.default);
  }
  current = entry.code;
  strings = loaded.get(entry.code);
  // The browser's own tag for this language when it has one (pt-PT rather than pt-BR, es-MX rather than
  // es-ES: their number and date formats differ), else the language's default locale.
  const tags = typeof navigator === 'undefined' ? [] : navigator.languages ?? [];
  locale = tags.find((tag) => pickLanguage([tag]) === entry.code && supported(tag)) ?? entry.locale;
  formatters.clear();
  document.documentElement.lang = entry.code;
  applyI18n(document);
  for (const f of listeners) f(current);
}

const supported = (tag) => {
  try {
    return Intl.NumberFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
};

/** The language to start with: the remembered one, else the browser's. */
export function initialLanguage(remembered) {
  if (remembered && LANGUAGES.some((l) => l.code === remembered)) return remembered;
  return pickLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

/** Calls `f(code)` after every language change; returns a function that stops it. */
export function onLanguageChange(f) {
  listeners.add(f);
  return () => listeners.delete(f);
}

/** The text of `key` with {placeholders} filled from `params`. */
export function t(key, params) {
  let s = strings[key] ?? en[key];
  if (s === undefined) return key;
  if (typeof s === 'object') {
    const n = Number(params?.count ?? 0);
    // {ordinal: true}: 1st, 2nd, 3rd … (forms one, two, few, other in English).
    const rule = params?.ordinal ? ordinalRules().select(n) : pluralRules().select(n);
    s = s[rule] ?? s.other ?? en[key]?.other ?? key;
  }
  if (!params) return s;
  return s.replace(/\{(\w+)\}/g, (m, name) => {
    if (!(name in params)) return m;
    const v = params[name];
    return typeof v === 'number' ? fmtNumber(v) : String(v ?? '');
  });
}

/**
 * Like t(), for text with elements in it: params that are DOM nodes are put in place of their
 * {placeholder} (the others are filled in as by t()); returns the pieces for h().
 */
export function tParts(key, params) {
  const plain = Object.fromEntries(Object.entries(params).filter(([, v]) => !(typeof Node !== 'undefined' && v instanceof Node)));
  return t(key, plain)
    .split(/(\{\w+\})/)
    .map((part) => {
      const m = /^\{(\w+)\}$/.exec(part);
      return m && params[m[1]] !== undefined && !(m[1] in plain) ? params[m[1]] : part;
    })
    .filter((x) => x !== '');
}

const formatters = new Map();
function cached(name, make) {
  let f = formatters.get(name);
  if (!f) formatters.set(name, (f = make()));
  return f;
}
const pluralRules = () => cached('plural', () => new Intl.PluralRules(locale));
const ordinalRules = () => cached('ordinal', () => new Intl.PluralRules(locale, { type: 'ordinal' }));
const finite = (n) => typeof n === 'number' && Number.isFinite(n);
// signDisplay 'negative': a value that is zero as shown is written without a sign (a sum of no returns
// arrives from the core as -0, and -0.001 rounds to 0.00), never "-0.00".

/** 541909 -> "541,909" (en), "541 909" (cs) … */
export const fmtInt = (n) => (finite(n) ? cached('int', () => new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay: 'negative' })).format(n) : '—');
/** Any number, up to 3 decimals. */
export const fmtNumber = (n) => (finite(n) ? cached('num', () => new Intl.NumberFormat(locale, { maximumFractionDigits: 3, signDisplay: 'negative' })).format(n) : '—');
/**
 * Money in the file's currency, which the file does not name: two decimals, grouped for the locale; with
 * a currency code from the settings (e.g. 'GBP') Intl adds its symbol.
 */
export const fmtMoney = (n) => {
  if (!finite(n)) return '—';
  const code = currency;
  return cached(`money-${code}`, () => new Intl.NumberFormat(locale, code ? { style: 'currency', currency: code, signDisplay: 'negative' } : { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'negative' })).format(n);
};
/** Money in a few characters, for a chart's axis: 1161817.38 -> "1.2M" (en; "£1.2M" with GBP chosen). */
export const fmtMoneyShort = (n) => {
  if (!finite(n)) return '—';
  const code = currency;
  return cached(`money-short-${code}`, () => new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1, ...(code ? { style: 'currency', currency: code } : {}) })).format(n);
};
/** 37.767 -> "37.8" */
export const fmtOne = (n) => (finite(n) ? cached('one', () => new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'negative' })).format(n) : '—');
/** 0.6137 -> "61.4 %" (the locale's percent style). */
export const fmtPercent = (x) => (finite(x) ? cached('pct', () => new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'negative' })).format(x) : '—');
/** '2011-12-09' -> the locale's medium date; anything else is returned as it is. */
export function fmtDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(s ?? ''));
  if (!m) return s ?? '—';
  return cached('date', () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })).format(Date.UTC(+m[1], +m[2] - 1, +m[3]));
}
/** '2011-12' -> the locale's short month and year. */
export function fmtMonth(s) {
  const m = /^(\d{4})-(\d{2})$/.exec(String(s ?? ''));
  if (!m) return s ?? '—';
  return cached('month', () => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' })).format(Date.UTC(+m[1], +m[2] - 1, 1));
}

let currency = '';
/** Sets the currency code used by fmtMoney ('' = plain numbers). */
export function setCurrency(code) {
  currency = /^[A-Z]{3}$/.test(code ?? '') ? code : '';
  formatters.clear();
}

/** Fills data-i18n (text) and data-i18n-attr ("aria-label:key;title:key") under `root`. */
export function applyI18n(root) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of node.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':').map((x) => x.trim());
      if (attr && key) node.setAttribute(attr, t(key));
    }
  }
}
