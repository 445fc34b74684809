// The core's notes and warnings in the page's language. The core sends each as a notice — a stable
// code, the values its sentence is made from, and the sentence in English (src/notice.rs; the codes are
// listed in src/ingest/report.rs and src/clv/mod.rs) — and the page words it from `<prefix>.<code>`.

import { t } from './i18n/i18n.js';

/**
 * Which variant of a notice's sentence applies, by prefix and code: `<prefix>.<code>.<variant>` is tried
 * before `<prefix>.<code>` (a yes/no parameter, a platform, a reason).
 */
const VARIANTS = {
  note: {
    header_user: (p) => (p.present ? 'present' : 'absent'),
    decimal_user: (p) => (p.comma ? 'comma' : 'point'),
    baskets: (p) => (p.header ? 'header' : 'no_header'),
    layout_user: (p) => p.layout,
    platform_shape: (p) => p.id,
  },
  'clv.warn': {
    no_spend_model: (p) => p.reason,
  },
  'predict.warn': {
    no_backtest: (p) => p.reason,
  },
};

/** Parameters as the sentence shows them (a delimiter named in the page's language). */
function shown(params) {
  const p = { ...params };
  if (p.delimiter === 'tab' || p.delimiter === 'space') p.delimiter = t(`rep.delim.${p.delimiter}`);
  return p;
}

/**
 * A notice `{code, params, text}` as a sentence in the page's language; the core's English text when the
 * page has no words for the code (a newer core), and a plain string as it is.
 */
export function noticeText(prefix, notice, adapt = (p) => p) {
  if (typeof notice === 'string') return notice;
  if (!notice?.code) return '';
  const params = adapt(shown(notice.params ?? {}));
  const variant = VARIANTS[prefix]?.[notice.code]?.(params);
  const base = `${prefix}.${notice.code}`;
  const keys = variant != null ? [`${base}.${variant}`, base] : [base];
  for (const key of keys) {
    const text = t(key, params);
    if (text !== key) return params.as_of ? t(`${prefix}.as_of`, { date: params.as_of, warning: text }) : text;
  }
  return notice.text ?? '';
}

/** A list's note (src/lists), its field keys named in the page's language. */
export function listNote(n) {
  return noticeText('list.note', n, (p) => ({ ...p, missing: (p.missing ?? []).map((k) => t(`list.field.${k}`)).join(', ') }));
}

/** Why rows were rejected, in the page's language (the core's English for a reason the page does not know). */
export function reasonText(/** @type {{ reason: string, message: string }} */ r) {
  const key = `rep.reason.${r.reason}`;
  const text = t(key);
  return text === key ? r.message : text;
}
