// @ts-check
// The Data view's mapping editor: the detected choices of how the file is read (sheet, delimiter, header,
// layout, decimal separator, date format, encoding) and each column's meaning, each editable. A change
// reads the file again with the user's choices (the reader's `choices`, IngestOptions).

import { h, byId as $ } from '../../dom.js';
import { t, currentLocale } from '../../i18n/i18n.js';
import { noticeText } from '../../notice.js';
import { layoutKey, getMapping, setMapping } from '../../settings.js';
import { CORE } from '../../defaults.js';


/**
 * The column roles the editor offers: the core's, in its order (src/ingest/roles.rs CHOOSABLE_ROLES, sent
 * with READY); their labels are role.<key> in the language files.
 */
export const roleLabel = (role) => (CORE.roles.includes(role) ? t(`role.${role}`) : role);
const SOURCES = ['header', 'content', 'default', 'user', 'platform'];

/**
 * Why a column has its role, in the page's language: the core's reason code (src/ingest/content.rs lists
 * them) with its parameters; the core's English text when the code is not translated.
 */
function reasonText(reason) {
  return noticeText('reason', reason, (params) => {
    const p = { ...params };
    if (Array.isArray(p.languages)) {
      let names;
      try {
        names = new Intl.DisplayNames([currentLocale()], { type: 'language' });
      } catch {
        names = null;
      }
      p.languages = p.languages.map((code) => names?.of(code) ?? code).join(', ');
    }
    if (typeof p.across === 'string') p.across = t(`reason.across.${p.across}`);
    if (p.role) p.role = roleLabel(p.role);
    return p;
  });
}
const sourceLabel = (source) => (SOURCES.includes(source) ? t(`role.source.${source}`) : source);

/** The settings: option key, label, choices [value, label], and how to read the report's value. */
const SETTINGS = [
  {
    key: 'delimiter',
    label: 'map.delimiter',
    choices: [[',', 'map.delimiter.comma'], [';', 'map.delimiter.semicolon'], ['\t', 'map.delimiter.tab'], ['|', 'map.delimiter.pipe'], [' ', 'map.delimiter.space']],
    detected: (r) => ({ ',': ',', ';': ';', tab: '\t', '|': '|', space: ' ' })[r.dialect.delimiter] ?? r.dialect.delimiter,
    resetsColumns: true,
    textOnly: true,
  },
  {
    key: 'header',
    label: 'map.header',
    choices: [[true, 'map.header.yes'], [false, 'map.header.no']],
    detected: (r) => r.dialect.header,
    resetsColumns: true,
  },
  {
    key: 'layout',
    label: 'map.layout',
    choices: [['line_items', 'map.layout.lines'], ['baskets', 'map.layout.baskets'], ['customers', 'map.layout.customers']],
    detected: (r) => r.layout,
    resetsColumns: true,
  },
  {
    key: 'decimal_comma',
    label: 'map.decimal',
    choices: [[false, 'map.decimal.point'], [true, 'map.decimal.comma']],
    detected: (r) => r.dialect.decimal === ',',
    textOnly: true,
  },
  {
    key: 'date_format',
    label: 'map.date_format',
    choices: [['ymd', 'map.date.ymd'], ['dmy', 'map.date.dmy'], ['mdy', 'map.date.mdy'], ['yyyymmdd', 'map.date.yyyymmdd']],
    detected: (r) => r.dialect.date_format,
    describe: (v) => (v === 'undecided' ? t('map.date.undecided') : v === null || v === undefined ? t('rep.no_date_column') : undefined),
  },
  {
    key: 'encoding',
    label: 'map.encoding',
    choices: [['utf-8', 'map.encoding.utf8'], ['windows-1252', 'map.encoding.cp1252'], ['utf-16le', 'map.encoding.utf16le'], ['utf-16be', 'map.encoding.utf16be']],
    detected: (r) => r.source.encoding,
    resetsColumns: true,
    textOnly: true,
  },
];

/**
 * The editor over `reader` (read.js): its `choices`, its last finished `report` and `start()` (a fresh read).
 * @param {{choices: any, report: any, start: () => void}} reader
 */
export function createMapping(reader) {
  const el = { mapping: $('mapping'), mappingHint: $('mapping-hint'), mappingBody: $('mapping-body') };
  /** Renders the editor from a report, or from nothing (after an error: every setting on automatic). */
  function render(report) {
    // A workbook's cells are read as they are typed: no delimiter, encoding or decimal separator to choose.
    const book = report?.source?.sheet != null;
    const rows = [sheetControl(report), ...SETTINGS.filter((s) => !(book && s.textOnly)).map((s) => settingControl(s, report))].filter(Boolean);
    const columns = report && report.columns.length > 0 ? columnsTable(report.columns) : null;
    const anyChoice = Object.keys(reader.choices).length > 0;
    const reset = anyChoice ? h('button', { type: 'button', id: 'reset-choices', onclick: resetChoices }, t('mapping.reset')) : null;
    // The roles chosen last time for files with these column names (remembered in this browser).
    const remembered = report && !reader.choices.columns ? getMapping(layoutKey(report.columns)) : undefined;
    const reuse = remembered
      ? h('button', { type: 'button', id: 'reuse-mapping', onclick: () => { reader.choices.columns = remembered; reader.start(); } }, t('mapping.reuse'))
      : null;
    el.mappingHint.textContent = report
      ? report.platform
        ? t('map.hint.platform', { name: report.platform.name })
        : t('map.hint.detected')
      : t('map.hint.choose');
    el.mappingBody.replaceChildren(...[h('div', { class: 'settings' }, rows), columns, reuse, reset].filter(Boolean));
    el.mapping.hidden = false;
  }

  function settingControl(s, report) {
    const id = `opt-${s.key}`;
    const chosen = reader.choices[s.key];
    let auto = t('map.auto');
    if (report && chosen === undefined) {
      const v = s.detected(report);
      const choice = s.choices.find(([value]) => value === v)?.[1];
      const named = s.describe?.(v) ?? (choice ? t(choice) : String(v));
      auto = t('map.auto.value', { value: named });
    }
    const select = h(
      'select',
      { id, name: s.key, dataset: { setting: s.key }, onchange: (e) => chooseSetting(s, e.target.value) },
      h('option', { value: '', selected: chosen === undefined }, auto),
      s.choices.map(([value, label]) => h('option', { value: JSON.stringify(value), selected: chosen === value }, t(label))),
    );
    return h('div', { class: 'setting' }, h('label', { for: id }, t(s.label)), select);
  }

  /** The sheet of a workbook with several sheets; another sheet is read with the columns detected anew. */
  function sheetControl(report) {
    // After an error (a sheet without sales) the sheets of the file's last read stay offered.
    const source = report?.source ?? reader.report?.source;
    const sheets = source?.sheets ?? [];
    if (sheets.length < 2) return null;
    const chosen = reader.choices.sheet;
    const label = (s) => (s.rows == null ? s.name : t('map.sheet.rows', { name: s.name, count: s.rows }));
    const select = h(
      'select',
      { id: 'opt-sheet', name: 'sheet', dataset: { setting: 'sheet' }, onchange: (e) => chooseSheet(e.target.value) },
      h('option', { value: '', selected: chosen === undefined }, report && chosen === undefined ? t('map.auto.value', { value: source.sheet }) : t('map.auto')),
      sheets.map((s) => h('option', { value: s.name, selected: chosen === s.name }, label(s))),
    );
    return h('div', { class: 'setting' }, h('label', { for: 'opt-sheet' }, t('map.sheet')), select);
  }

  function chooseSheet(name) {
    if (name === '') delete reader.choices.sheet;
    else reader.choices.sheet = name;
    delete reader.choices.columns;
    reader.start();
  }

  function chooseSetting(s, raw) {
    if (raw === '') delete reader.choices[s.key];
    else reader.choices[s.key] = JSON.parse(raw);
    // Columns are chosen by position: with another delimiter, header, layout or encoding they may differ.
    if (s.resetsColumns) delete reader.choices.columns;
    reader.start();
  }

  function columnsTable(columns) {
    const chosen = new Map((reader.choices.columns ?? []).map((c) => [c.column, c.role]));
    // In a box of its own that scrolls sideways on a phone, never the page.
    return h('div', { class: 'columns-box' }, h(
      'table',
      { class: 'columns' },
      h('caption', null, t('map.columns.caption')),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('map.col.column')), h('th', { scope: 'col' }, t('map.col.examples')), h('th', { scope: 'col' }, t('map.col.meaning')))),
      h(
        'tbody',
        null,
        columns.map((c) => {
          const position = String(c.index + 1);
          const id = `role-${position}`;
          const mine = chosen.get(position);
          const auto = mine === undefined && c.source !== 'user' ? t('map.auto.role', { role: roleLabel(c.role), source: sourceLabel(c.source) }) : t('map.auto');
          return h(
            'tr',
            { dataset: { column: position } },
            h('th', { scope: 'row' }, h('label', { for: id }, c.name)),
            h('td', { class: 'examples' }, c.examples.slice(0, 3).map((x) => h('code', null, x))),
            h(
              'td',
              null,
              h(
                'select',
                { id, dataset: { role: c.role }, 'aria-describedby': c.reason ? `reason-${position}` : null, onchange: (e) => chooseRole(position, e.target.value) },
                h('option', { value: '', selected: mine === undefined }, auto),
                CORE.roles.map((role) => h('option', { value: role, selected: mine === role }, roleLabel(role))),
              ),
              c.reason ? h('div', { class: 'hint role-reason', id: `reason-${position}`, dataset: { reason: c.reason.code } }, reasonText(c.reason)) : null,
            ),
          );
        }),
      ),
    ));
  }

  /** Shows the mapping's row of a column (0-based) as the one to fix and puts the focus on its meaning. */
  function focusColumn(column) {
    for (const row of el.mappingBody.querySelectorAll('tr.to-fix')) row.classList.remove('to-fix');
    if (column === null || column === undefined) {
      el.mapping.scrollIntoView?.({ block: 'start' });
      return;
    }
    const select = $(`role-${column + 1}`);
    if (!select) return;
    select.closest('tr')?.classList.add('to-fix');
    select.setAttribute('aria-describedby', 'error-text');
    select.scrollIntoView?.({ block: 'center' });
    select.focus();
  }

  function chooseRole(position, role) {
    const others = (reader.choices.columns ?? []).filter((c) => c.column !== position);
    const columns = role === '' ? others : [...others, { column: position, role }];
    if (columns.length > 0) reader.choices.columns = columns;
    else delete reader.choices.columns;
    if (reader.report?.columns) setMapping(layoutKey(reader.report.columns), columns);
    reader.start();
  }

  function resetChoices() {
    reader.choices = {};
    reader.start();
  }

  return { render, focusColumn, hide: () => (el.mapping.hidden = true) };
}
