// The data report as DOM: functions from the report object (src/ingest/report.rs, DataReport) to elements.
// No state and no worker here; answering a question calls the `onAnswer(key, option)` it is given.

import { h, fmtInt, fmtMoney, fmtOne, fmtBytes } from './dom.js';

/** Labels for the options of the core's questions (report.questions[].options). */
const ANSWER_LABELS = {
  date_format: { dmy: 'Day first (31/12/2011)', mdy: 'Month first (12/31/2011)' },
  decimal: { point: 'Decimal point (1,234 = one thousand…)', comma: 'Decimal comma (1,234 = one point two…)' },
};

/** Every section of the report, in reading order. */
export function renderReport(report, { onAnswer } = {}) {
  return h(
    'div',
    { class: 'report' },
    renderQuestions(report.questions ?? [], onAnswer),
    renderWarnings(report.warnings ?? []),
    h('div', { class: 'cards' }, renderRows(report.rows), renderSummary(report.summary)),
    renderRejections(report.rejections ?? [], report.rows),
    renderLines(report.lines, report.rows),
    h('div', { class: 'cards' }, renderSource(report), renderTable(report.table)),
    renderNotes(report.notes ?? []),
  );
}

export function renderQuestions(questions, onAnswer) {
  if (questions.length === 0) return null;
  return h(
    'section',
    { id: 'questions', class: 'questions', 'aria-label': 'Questions about your file' },
    h('h2', null, questions.length === 1 ? 'A question about your file' : 'Questions about your file'),
    questions.map((q) =>
      h(
        'div',
        { class: 'question', dataset: { key: q.key } },
        h('p', null, q.message),
        h(
          'div',
          { class: 'answers' },
          (q.options ?? []).map((opt) =>
            h(
              'button',
              {
                type: 'button',
                dataset: { question: q.key, option: opt },
                disabled: !onAnswer,
                onclick: () => onAnswer?.(q.key, opt),
              },
              ANSWER_LABELS[q.key]?.[opt] ?? opt,
            ),
          ),
        ),
      ),
    ),
  );
}

export function renderWarnings(warnings) {
  if (warnings.length === 0) return null;
  return h(
    'section',
    { id: 'warnings', class: 'warnings' },
    h('h2', null, 'Things to know'),
    h('ul', null, warnings.map((w) => h('li', null, w))),
  );
}

/** A two-column table of [label, value, key, raw?] rows; `key` becomes data-key, a numeric `raw` data-value (the CSV's number). */
function facts(rows) {
  return h(
    'table',
    { class: 'facts' },
    h(
      'tbody',
      null,
      rows.filter(Boolean).map(([label, value, key, raw]) =>
        h('tr', null, h('th', { scope: 'row' }, label), h('td', { class: 'num', dataset: key ? { key, ...(typeof raw === 'number' ? { value: String(raw) } : {}) } : undefined }, value)),
      ),
    ),
  );
}

export function renderRows(rows) {
  const reconciled = rows.total === rows.used + rows.rejected;
  return h(
    'section',
    { id: 'rows', class: 'card' },
    h('h2', null, 'Rows'),
    facts([
      ['Rows in the file', fmtInt(rows.total), 'rows.total', rows.total],
      ['Used', fmtInt(rows.used), 'rows.used', rows.used],
      ['Rejected', fmtInt(rows.rejected), 'rows.rejected', rows.rejected],
    ]),
    h(
      'p',
      { class: reconciled ? 'ok' : 'bad', id: 'reconciled', dataset: { reconciled: String(reconciled) } },
      reconciled
        ? `Every row is accounted for: ${fmtInt(rows.total)} = ${fmtInt(rows.used)} used + ${fmtInt(rows.rejected)} rejected.`
        : `The counts do not add up: ${fmtInt(rows.total)} ≠ ${fmtInt(rows.used)} used + ${fmtInt(rows.rejected)} rejected.`,
    ),
  );
}

export function renderSummary(s) {
  const range = s.first_date && s.last_date ? `${s.first_date} — ${s.last_date}` : 'no dates';
  return h(
    'section',
    { id: 'summary', class: 'card' },
    h('h2', null, 'Summary'),
    facts([
      ['Customers', fmtInt(s.customers), 'summary.customers', s.customers],
      ['Orders', fmtInt(s.orders), 'summary.orders', s.orders],
      ['Items', fmtInt(s.items), 'summary.items', s.items],
      ['Dates', range, 'summary.dates'],
      ['Revenue', fmtMoney(s.revenue), 'summary.revenue', s.revenue],
      ['Returns', fmtMoney(s.returns_value), 'summary.returns_value', s.returns_value],
    ]),
  );
}

export function renderRejections(rejections, rows) {
  const body =
    rejections.length === 0
      ? h('p', { class: 'ok' }, 'No row was rejected.')
      : rejections.map((r) =>
          h(
            'div',
            { class: 'rejection', dataset: { reason: r.reason } },
            h('h3', null, h('span', { class: 'count', dataset: { key: `rejected.${r.reason}` } }, fmtInt(r.count)), ' ', r.count === 1 ? 'row: ' : 'rows: ', r.message),
            h(
              'table',
              { class: 'examples' },
              h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Line'), h('th', { scope: 'col' }, 'Text in the file'), h('th', { scope: 'col' }, 'Detail'))),
              h(
                'tbody',
                null,
                r.examples.map((x) =>
                  h('tr', null, h('td', { class: 'num line' }, fmtInt(x.line)), h('td', null, h('code', { class: 'raw' }, x.text)), h('td', { class: 'detail' }, x.detail)),
                ),
              ),
            ),
            r.count > r.examples.length ? h('p', { class: 'more' }, `The first ${r.examples.length} of ${fmtInt(r.count)} are shown.`) : null,
          ),
        );
  return h('section', { id: 'rejections' }, h('h2', null, `Rejected rows (${fmtInt(rows.rejected)})`), body);
}

export function renderLines(lines, rows) {
  const kind = (label, n, value, key) =>
    h('tr', null, h('th', { scope: 'row' }, label), h('td', { class: 'num', dataset: { key: `lines.${key}` } }, fmtInt(n)), h('td', { class: 'num' }, value === null ? '' : fmtMoney(value)));
  return h(
    'section',
    { id: 'lines' },
    h('h2', null, 'Used rows by kind'),
    h(
      'table',
      { class: 'kinds' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Kind'), h('th', { scope: 'col', class: 'num' }, 'Rows'), h('th', { scope: 'col', class: 'num' }, 'Value'))),
      h(
        'tbody',
        null,
        kind('Purchases', lines.purchases, lines.revenue, 'purchases'),
        kind('Returns and cancellations', lines.returns, lines.returns_value, 'returns'),
        kind('Price zero or negative', lines.nonpositive_price, lines.nonpositive_price_value, 'nonpositive_price'),
        kind('Quantity zero', lines.zero_quantity, null, 'zero_quantity'),
      ),
      h('tfoot', null, h('tr', null, h('th', { scope: 'row' }, 'Used rows'), h('td', { class: 'num' }, fmtInt(rows.used)), h('td', null, ''))),
    ),
    h(
      'p',
      { class: 'aside' },
      `Of these, ${fmtInt(lines.no_customer)} rows have no customer id (purchases worth ${fmtMoney(lines.no_customer_revenue)}): `,
      'they count for baskets and revenue, not for customer analyses.',
    ),
  );
}

export function renderSource(report) {
  const s = report.source;
  const d = report.dialect;
  return h(
    'section',
    { id: 'source', class: 'card' },
    h('h2', null, 'The file'),
    facts([
      ['Size', `${fmtBytes(s.bytes)}${s.gzip ? ' (gzip)' : ''}`, 'source.bytes'],
      ['Text', fmtBytes(s.text_bytes), 'source.text_bytes'],
      ['Encoding', `${s.encoding}${s.bom ? ' with byte-order mark' : ''}`, 'source.encoding'],
      s.repaired_bytes > 0 ? ['Bytes read as Windows-1252', fmtInt(s.repaired_bytes), 'source.repaired_bytes'] : null,
      ['Delimiter', d.delimiter, 'dialect.delimiter'],
      ['Line ending', d.line_ending, 'dialect.line_ending'],
      ['Header line', d.header ? 'yes' : 'no', 'dialect.header'],
      ['Layout', report.layout === 'baskets' ? 'one basket per line' : 'one product line per row', 'layout'],
      ['Decimal separator', d.decimal, 'dialect.decimal'],
      ['Date format', d.date_format ?? 'no date column', 'dialect.date_format'],
      ['Cancellations', d.cancel_prefix ? 'order ids C + digits' : 'none marked', 'dialect.cancel_prefix'],
    ]),
  );
}

export function renderTable(t) {
  return h(
    'section',
    { id: 'table-size', class: 'card' },
    h('h2', null, 'Table in memory'),
    facts([
      ['Rows', fmtInt(t.rows), 'table.rows', t.rows],
      ['Size', fmtBytes(t.bytes), 'table.bytes', t.bytes],
      ['Bytes per row', fmtOne(t.bytes_per_row), 'table.bytes_per_row', t.bytes_per_row],
    ]),
  );
}

export function renderNotes(notes) {
  return h('section', { id: 'notes' }, h('h2', null, 'How this was read'), h('ul', null, notes.map((n) => h('li', null, n))));
}
