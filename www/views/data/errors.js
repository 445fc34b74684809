// @ts-check
// The read's alert (#error, above the views): what an error of the read means for the user and what to do
// about it, from the core's code and fields (src/error.rs); the core's own message stays in the details.

import { byId as $ } from '../../dom.js';
import { ENGINE_ERROR } from '../../protocol.js';
import { t } from '../../i18n/i18n.js';
import { roleLabel } from './mapping.js';
import { reasonText } from '../../notice.js';


/** A message as a sentence: capital first letter, a full stop at the end. */
export function sentence(s) {
  const text = String(s).trim();
  if (!text) return '';
  const first = text[0].toUpperCase() + text.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/**
 * What each error code means for the user and what to do about it: [title, text].
 * @param {{code: string, message?: string, reason?: string, report?: any}} error
 * @param {number} maxMemoryMb the memory limit of the table (named by `too_large`)
 * @returns {[string, string]}
 */
export function explain(error, maxMemoryMb) {
  const detail = error.message ?? '';
  switch (error.code) {
    case 'empty':
      return [t('err.empty.title'), t('err.empty')];
    case 'not_text':
      return [t('err.not_text.title'), t('err.not_text', { detail: sentence(detail.replace(/^this is not a CSV or text file: /i, 'It ')) })];
    case 'gzip':
      return [t('err.gzip.title'), t('err.gzip')];
    case 'one_column':
      return [
        t('err.one_column.title'),
        t('err.one_column'),
      ];
    case 'too_large':
      return [
        t('err.too_large.title'),
        t('err.too_large', { mb: maxMemoryMb }),
      ];
    case 'bad_option':
      return [t('err.bad_option.title'), t('err.bad_option', { detail: sentence(detail) })];
    case 'no_rows_used': {
      const p = error.report.problem;
      const top = error.report.rejections?.[0];
      if (p.column !== null && p.column !== undefined && p.role) {
        const what = ['missing_value', 'missing_date', 'unparseable_number', 'unparseable_date', 'date_out_of_range'].includes(p.reason) ? p.reason : 'other';
        return [
          t('err.no_rows_used.title'),
          t('err.no_rows_used.column', { total: error.report.rows.total, count: top?.column_count ?? 0, column: p.column_name, role: roleLabel(p.role), what: t(`err.what.${what}`) }),
        ];
      }
      return [t('err.no_rows_used.title'), t('err.no_rows_used', { total: error.report.rows.total, reason: top ? reasonText(top) : '' })];
    }
    case 'no_purchases': {
      const l = error.report.lines;
      return [t('err.no_purchases.title'), t('err.no_purchases', { used: error.report.rows.used, returns: l.returns, nonpositive: l.nonpositive_price, zero: l.zero_quantity })];
    }
    case 'no_data_rows':
      return [t('err.no_data_rows.title'), t('err.no_data_rows')];
    case 'workbook':
      return [t('err.workbook.title'), t('err.workbook', { detail: sentence(detail) })];
    case 'password':
      return [t('err.password.title'), t('err.password')];
    case 'unknown_sheet':
    case 'empty_sheet':
      return [t('err.sheet.title'), t('err.sheet', { detail: sentence(detail) })];
    case 'io':
      return [t('err.io.title'), sentence(detail)];
    case ENGINE_ERROR:
      if (error.reason === 'old_browser') return [t('err.old_browser.title'), t('err.old_browser')];
      return [t('err.engine.title'), t('err.engine', { detail: sentence(detail) })];
    default:
      return [t('err.io.title'), sentence(detail)];
  }
}

/** The alert on screen, to word again in another language. */
let shown = null;

/** Shows the alert for `error` (a read's error, or a report's problem). */
export function showError(error, maxMemoryMb) {
  shown = { error, maxMemoryMb };
  word();
  const box = $('error');
  box.dataset.code = error.code;
  $('error-detail').textContent = `${error.code}: ${error.message ?? ''}`;
  /** @type {HTMLDetailsElement} */ ($('error-details')).open = false;
  box.hidden = false;
}

/** Words the alert on screen again (the language changed), its details left as the user set them. */
export function restateError() {
  if (shown) word();
}

/** The title and text of the alert `shown`, in the page's language. */
function word() {
  if (!shown) return;
  const [title, text] = explain(shown.error, shown.maxMemoryMb);
  $('error-title').textContent = title;
  $('error-text').textContent = text;
}

export function hideError() {
  shown = null;
  const box = $('error');
  box.hidden = true;
  delete box.dataset.code;
}
