// The translations, in node (no browser): every language of www/i18n/languages.js has a file with exactly
// the keys of English, the same {placeholders} and plural forms with `other`; and every key the page uses
// (t('…') calls, data-i18n attributes, view titles, glossary terms, segment groups) is defined in English.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGUAGES, pickLanguage } from '../../www/i18n/languages.js';
import { currencyOf } from '../../www/i18n/currency.js';

const WWW = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'www');
const en = (await import('../../www/i18n/en.js')).default;

/** {name} placeholders of a value (a string or plural forms). */
const placeholders = (v) => [...new Set([...(typeof v === 'object' ? Object.values(v).join(' ') : v).matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

/** Every .js file under www/ except the generated and vendored ones, and index.html. */
function sources() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!['pkg', 'vendor', 'i18n'].includes(e.name)) walk(p);
      } else if (/\.(js|html)$/.test(e.name)) out.push(p);
    }
  };
  walk(WWW);
  return out;
}

/** The keys the page asks for: literal t('key') calls, data-i18n and data-i18n-attr, titleKey/blurbKey. */
function usedKeys() {
  const keys = new Map();
  const add = (k, file) => keys.set(k, path.relative(WWW, file));
  for (const file of sources()) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:t|tr)\(\s*'([\w.-]+)'/g)) add(m[1], file);
    for (const m of text.matchAll(/\bt\(\s*"([\w.-]+)"/g)) add(m[1], file);
    for (const m of text.matchAll(/data-i18n="([\w.-]+)"/g)) add(m[1], file);
    for (const m of text.matchAll(/data-i18n-attr="([^"]+)"/g)) for (const pair of m[1].split(';')) add(pair.split(':')[1].trim(), file);
    for (const m of text.matchAll(/\b(?:titleKey|blurbKey|i18n):\s*'([\w.-]+)'/g)) add(m[1], file);
  }
  return keys;
}

describe('translations', () => {
  it('lists six languages, English first, each with a file', () => {
    assert.deepEqual(LANGUAGES.map((l) => l.code), ['en', 'pt', 'es', 'cs', 'ru', 'zh-Hant']);
    for (const l of LANGUAGES) assert.ok(fs.existsSync(path.join(WWW, 'i18n', `${l.code}.js`)), `www/i18n/${l.code}.js`);
  });

  for (const l of LANGUAGES.filter((x) => x.code !== 'en')) {
    it(`${l.name} (${l.code}) has every English key, no other, with the same placeholders`, async () => {
      const other = (await import(`../../www/i18n/${l.code}.js`)).default;
      const missing = Object.keys(en).filter((k) => !(k in other));
      const extra = Object.keys(other).filter((k) => !(k in en));
      assert.deepEqual(missing, [], `keys missing in ${l.code}.js`);
      assert.deepEqual(extra, [], `keys in ${l.code}.js that English does not have`);
      for (const k of Object.keys(en)) {
        assert.deepEqual(placeholders(other[k]), placeholders(en[k]), `${l.code}: placeholders of ${k}`);
        // Plural forms where English has them; a language may also need them where English does not.
        if (typeof en[k] === 'object') assert.equal(typeof other[k], 'object', `${l.code}: ${k} is plural forms in English`);
        if (typeof other[k] === 'object') assert.ok(typeof other[k].other === 'string', `${l.code}: ${k} has an 'other' form`);
        else assert.ok(other[k].trim().length > 0, `${l.code}: ${k} is empty`);
      }
    });
  }

  it('defines in English every key the page uses', async () => {
    const used = usedKeys();
    assert.ok(used.size > 50, `found ${used.size} keys: the scan works`);
    // Keys made from lists: glossary terms and segment groups.
    const { TERMS } = await import('../../www/views/glossary/index.js');
    for (const [group, ids] of TERMS) {
      used.set(group, 'views/glossary/index.js');
      for (const id of ids) for (const part of ['term', 'def']) used.set(`glossary.${id}.${part}`, 'views/glossary/index.js');
    }
    // The segment groups are the core's (Segment::group), sent to the page with its defaults (www/defaults.js).
    const rfm = fs.readFileSync(path.join(WWW, '..', 'src', 'segment', 'rfm.rs'), 'utf8');
    const groups = [.../pub fn group\(self\) -> &'static str \{([\s\S]*?)\n {4}\}/.exec(rfm)[1].matchAll(/=> "(\w+)"/g)];
    assert.ok(groups.length >= 4, `found ${groups.length} segment groups in src/segment/rfm.rs: the scan works`);
    for (const [, g] of groups) for (const k of [`group.${g}`, `group.${g}.def`]) used.set(k, 'src/segment/rfm.rs (Segment::group)');
    const missing = [...used].filter(([k]) => !(k in en)).map(([k, f]) => `${k} (${f})`);
    assert.deepEqual(missing, [], 'keys used in www/ but missing in en.js');
  });

  it('picks the language from the browser’s list, else English', () => {
    assert.equal(pickLanguage(['cs-CZ', 'en']), 'cs');
    assert.equal(pickLanguage(['pt-BR']), 'pt');
    assert.equal(pickLanguage(['zh-TW']), 'zh-Hant');
    assert.equal(pickLanguage(['zh-Hant-HK']), 'zh-Hant');
    assert.equal(pickLanguage(['zh-CN', 'ru']), 'ru');
    assert.equal(pickLanguage(['de-DE', 'fr']), 'en');
    assert.equal(pickLanguage([]), 'en');
  });

  // ISO 4217 (the regions' currencies) and CLDR's likely subtags (Intl.Locale.maximize: en → US, cs → CZ).
  it('defaults the currency to the browser region’s, else plain numbers', () => {
    assert.equal(currencyOf(['pt-BR']), 'BRL');
    assert.equal(currencyOf(['pt-PT']), 'EUR');
    assert.equal(currencyOf(['en-GB', 'en']), 'GBP');
    assert.equal(currencyOf(['en']), 'USD');
    assert.equal(currencyOf(['cs']), 'CZK');
    assert.equal(currencyOf(['de-CH']), 'CHF');
    assert.equal(currencyOf(['bg-BG']), 'EUR');
    assert.equal(currencyOf(['zh-Hant']), 'TWD');
    assert.equal(currencyOf(['es-419', 'es-MX']), 'MXN', 'a region that is not a country is passed over');
    assert.equal(currencyOf(['x-bad-', 'ru']), 'RUB', 'a malformed tag is passed over');
    assert.equal(currencyOf(['AQ'.toLowerCase() + '-AQ']), '');
    assert.equal(currencyOf([]), '');
  });
});
