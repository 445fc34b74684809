// The page's languages, in one place: the language switch, the default (navigator.languages) and the
// completeness test (tests/e2e/i18n.test.mjs) all read this list. Each code has a module ./<code>.js
// exporting a flat object key -> string (or plural forms {one, few, many, other}, chosen by
// Intl.PluralRules for the `count` parameter). `load` imports it with a literal path, so that a build
// that inlines the modules (or a service worker's list of files) can see every language file.

export const LANGUAGES = Object.freeze([
  { code: 'en', name: 'English', locale: 'en-GB', load: () => import('./en.js') },
  { code: 'pt', name: 'Português', locale: 'pt-BR', load: () => import('./pt.js') },
  { code: 'es', name: 'Español', locale: 'es-ES', load: () => import('./es.js') },
  { code: 'cs', name: 'Čeština', locale: 'cs-CZ', load: () => import('./cs.js') },
  { code: 'ru', name: 'Русский', locale: 'ru-RU', load: () => import('./ru.js') },
  { code: 'zh-Hant', name: '繁體中文', locale: 'zh-Hant-TW', load: () => import('./zh-Hant.js') },
]);

/** The language used when nothing else matches, and whose file defines every key. */
export const FALLBACK = 'en';

/**
 * The best language for a list of BCP 47 tags (navigator.languages): an exact code first, then the
 * primary subtag; Chinese written in Traditional script (zh-Hant, zh-TW, zh-HK, zh-MO) maps to zh-Hant.
 */
export function pickLanguage(tags) {
  const codes = LANGUAGES.map((l) => l.code);
  for (const raw of tags ?? []) {
    const tag = String(raw);
    if (codes.includes(tag)) return tag;
    const lower = tag.toLowerCase();
    if (/^zh-(hant|tw|hk|mo)\b/.test(lower)) return 'zh-Hant';
    const primary = lower.split('-')[0];
    if (primary !== 'zh' && codes.includes(primary)) return primary;
  }
  return FALLBACK;
}
