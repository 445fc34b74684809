// @ts-check
// What the Value view's sections (index.js and checks.js) share: number formats for the chosen locale, the
// columns of a customer table.

import { h } from '../../dom.js';
import { t, fmtInt, fmtMoney, currentLocale } from '../../i18n/i18n.js';

export const num1 = (v) => (typeof v === 'number' && Number.isFinite(v) ? new Intl.NumberFormat(currentLocale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v) : '—');
export const num2 = (v) => (typeof v === 'number' && Number.isFinite(v) ? new Intl.NumberFormat(currentLocale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v) : '—');
export const num3 = (v) => (typeof v === 'number' && Number.isFinite(v) ? new Intl.NumberFormat(currentLocale(), { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(v) : '—');
/** A probability as a percentage, as people read chances: 0.087 -> "8.7 %" (the cell's data-value keeps 0.087). */
export const prob = (v) => (typeof v === 'number' && Number.isFinite(v) ? new Intl.NumberFormat(currentLocale(), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v) : '—');
/** "80 % range low–high" of a [low, high] pair, each end written by `fmt`; '' without a range. */
export function rangeText(range, fmt) {
  return Array.isArray(range) ? `${fmt(range[0])}–${fmt(range[1])}` : '';
}
/** A value with its range below it (small), for table cells. */
export function withRange(value, range, fmt) {
  const text = fmt(value);
  const rt = rangeText(range, fmt);
  return rt ? h('span', null, text, h('br'), h('small', { class: 'range', title: t('value.range.cell') }, rt)) : text;
}

/** A duration in the report's time unit, in days. */
export const days = (v, r) => (typeof v === 'number' ? v * (r.time_unit === 'day' ? 1 : 7) : null);

/** Whole days, for the locale. */
export const fmtDays = (v) => (typeof v === 'number' && Number.isFinite(v) ? new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 0 }).format(v) : '—');

/** The columns of a table of customers with their CLV (`unit`: the time unit in words). */
export function customerColumns(unit) {
  return [
    { key: 'rank', label: t('value.col.rank'), num: true, text: (c) => fmtInt(c.rank) },
    { key: 'customer', label: t('value.col.customer') },
    { key: 'x', label: t('value.col.x'), num: true, text: (c) => fmtInt(c.x) },
    { key: 't_x', label: t('value.col.t_x', { unit }), num: true, text: (c) => num2(c.t_x) },
    { key: 'T', label: t('value.col.T', { unit }), num: true, text: (c) => num2(c.T) },
    { key: 'p_alive', label: t('value.col.p_alive'), num: true, text: (c) => prob(c.p_alive) },
    { key: 'expected_purchases', label: t('value.col.purchases'), num: true, text: (c) => withRange(c.expected_purchases, c.expected_purchases_range, num2) },
    { key: 'expected_purchases_low', label: 'expected_purchases_low', hidden: true, value: (c) => c.expected_purchases_range?.[0] ?? '' },
    { key: 'expected_purchases_high', label: 'expected_purchases_high', hidden: true, value: (c) => c.expected_purchases_range?.[1] ?? '' },
    { key: 'expected_spend', label: t('value.col.spend'), num: true, text: (c) => fmtMoney(c.expected_spend) },
    { key: 'clv', label: t('value.col.clv'), num: true, text: (c) => withRange(c.clv, c.clv_range, fmtMoney) },
    { key: 'clv_low', label: 'clv_low', hidden: true, value: (c) => c.clv_range?.[0] ?? '' },
    { key: 'clv_high', label: 'clv_high', hidden: true, value: (c) => c.clv_range?.[1] ?? '' },
  ];
}
