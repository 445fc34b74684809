// The data report as DOM: functions from the report object (src/ingest/report.rs, DataReport) to elements.
// No state and no worker here; answering a question calls the `onAnswer(key, option)` it is given.

import { h, fmtInt, fmtMoney, fmtOne, fmtBytes } from '../../dom.js';
import { t } from '../../i18n/i18n.js';
import { noticeText, reasonText } from '../../notice.js';

/** Labels for the options of the core's questions (report.questions[].options). */
const ANSWER_LABELS = {
  date_format: { dmy: 'rep.answer.dmy', mdy: 'rep.answer.mdy' },
  decimal: { point: 'rep.answer.point', comma: 'rep.answer.comma' },
};

/** Every section of the report, in reading order. */
export function renderReport(report, { onAnswer } = {}) {
  return h(
    'div',
    { class: 'report' },
    renderQuestions(report.questions ?? [], onAnswer),
    renderWarnings(report.warnings ?? []),
    h('div', { class: 'cards' }, renderRows(report.rows), renderSummary(report.summary, report)),
    renderRejections(report.rejections ?? [], report.rows),
    renderLines(report.lines, report.rows, report.layout),
    renderRefunds(report.refunds, report.filled_down),
    h('div', { class: 'cards' }, renderSource(report)),
    // The table's size in memory is a detail: on demand.
    h('details', { class: 'more', id: 'table-size-more' }, h('summary', null, t('rep.memory')), renderTable(report.table)),
    renderNotes(report.notes ?? []),
  );
}

export function renderQuestions(questions, onAnswer) {
  if (questions.length === 0) return null;
  return h(
    'section',
    { id: 'questions', class: 'questions', 'aria-label': t('rep.questions', { count: 2 }) },
    h('h2', null, t('rep.questions', { count: questions.length })),
    questions.map((q) =>
      h(
        'div',
        { class: 'question', dataset: { key: q.key } },
        h('p', null, questionText(q)),
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
              ANSWER_LABELS[q.key]?.[opt] ? t(ANSWER_LABELS[q.key][opt]) : opt,
            ),
          ),
        ),
      ),
    ),
  );
}

/** A question of the core in the page's language (its English message for a key the page does not know). */
function questionText(q) {
  const key = `rep.question.${q.key}`;
  const text = t(key, q.params ?? {});
  return text === key ? q.message : text;
}


export function renderWarnings(warnings) {
  if (warnings.length === 0) return null;
  return h(
    'section',
    { id: 'warnings', class: 'warnings' },
    h('h2', null, t('rep.warnings')),
    h('ul', null, warnings.map((w) => h('li', { dataset: { code: w.code ?? '' } }, noticeText('warn', w)))),
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
    h('h2', null, t('rep.rows')),
    facts([
      [t('rep.rows.total'), fmtInt(rows.total), 'rows.total', rows.total],
      [t('rep.rows.used'), fmtInt(rows.used), 'rows.used', rows.used],
      [t('rep.rows.rejected'), fmtInt(rows.rejected), 'rows.rejected', rows.rejected],
    ]),
    h(
      'p',
      { class: reconciled ? 'ok' : 'bad', id: 'reconciled', dataset: { reconciled: String(reconciled) } },
      reconciled
        ? t('rep.reconciled', { total: rows.total, used: rows.used, rejected: rows.rejected })
        : t('rep.not_reconciled', { total: rows.total, used: rows.used, rejected: rows.rejected }),
    ),
  );
}

/**
 * The totals of every used row. Orders are "—" when the file has no order column (0 distinct orders
 * while there are customers); a line says these count every row, unlike the Overview.
 */
export function renderSummary(s, report = {}) {
  const noOrders = s.orders === 0 && s.customers > 0;
  const range = s.first_date && s.last_date ? `${s.first_date} — ${s.last_date}` : t('rep.no_dates');
  return h(
    'section',
    { id: 'summary', class: 'card' },
    h('h2', null, t('rep.summary')),
    facts([
      [t('rep.customers'), fmtInt(s.customers), 'summary.customers', s.customers],
      [t('rep.orders'), noOrders ? t('rep.orders.none') : fmtInt(s.orders), 'summary.orders', noOrders ? null : s.orders],
      [t('rep.items'), fmtInt(s.items), 'summary.items', s.items],
      [t('rep.dates'), range, 'summary.dates'],
      [t('rep.revenue'), fmtMoney(s.revenue), 'summary.revenue', s.revenue],
      [t('rep.returns'), fmtMoney(s.returns_value), 'summary.returns_value', s.returns_value],
    ]),
    s.customers > 0 ? h('p', { class: 'hint', id: 'summary-scope' }, t('rep.summary.scope')) : null,
    report.layout === 'baskets' ? h('p', { class: 'hint', id: 'summary-baskets' }, t('rep.summary.baskets', { baskets: fmtInt(report.rows?.used ?? 0), items: fmtInt(report.lines?.purchases ?? 0) })) : null,
  );
}

export function renderRejections(rejections, rows) {
  const body =
    rejections.length === 0
      ? h('p', { class: 'ok' }, t('rep.none_rejected'))
      : rejections.map((r) =>
          h(
            'div',
            { class: 'rejection', dataset: { reason: r.reason } },
            h('h3', null, h('span', { class: 'count', dataset: { key: `rejected.${r.reason}` } }, fmtInt(r.count)), ' ', t('rep.rows_word', { count: r.count }), ' ', reasonText(r)),
            h(
              'table',
              { class: 'examples' },
              h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('rep.col.line')), h('th', { scope: 'col' }, t('rep.col.text')), h('th', { scope: 'col' }, t('rep.col.detail')))),
              h(
                'tbody',
                null,
                r.examples.map((x) =>
                  h('tr', null, h('td', { class: 'num line' }, fmtInt(x.line)), h('td', null, h('code', { class: 'raw' }, x.text)), h('td', { class: 'detail' }, x.detail)),
                ),
              ),
            ),
            r.count > r.examples.length ? h('p', { class: 'more' }, t('rep.first_shown', { shown: r.examples.length, count: r.count })) : null,
          ),
        );
  return h('section', { id: 'rejections' }, h('h2', null, t('rep.rejected_title', { count: rows.rejected })), body);
}

export function renderLines(lines, rows, layout) {
  const kind = (label, n, value, key) =>
    h('tr', null, h('th', { scope: 'row' }, label), h('td', { class: 'num', dataset: { key: `lines.${key}` } }, fmtInt(n)), h('td', { class: 'num' }, value === null ? '' : fmtMoney(value)));
  return h(
    'section',
    { id: 'lines' },
    h('h2', null, t('rep.kinds')),
    h(
      'table',
      { class: 'kinds' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('rep.col.kind')), h('th', { scope: 'col', class: 'num' }, t(layout === 'baskets' ? 'rep.col.items' : 'rep.col.rows')), h('th', { scope: 'col', class: 'num' }, t('export.value')))),
      h(
        'tbody',
        null,
        kind(t('rep.kind.purchases'), lines.purchases, lines.revenue, 'purchases'),
        kind(t('rep.kind.returns'), lines.returns, lines.returns_value, 'returns'),
        kind(t('rep.kind.nonpositive'), lines.nonpositive_price, lines.nonpositive_price_value, 'nonpositive_price'),
        kind(t('rep.kind.zero_quantity'), lines.zero_quantity, null, 'zero_quantity'),
      ),
      h('tfoot', null, h('tr', null, h('th', { scope: 'row' }, t(layout === 'baskets' ? 'rep.used_baskets' : 'rep.used_rows')), h('td', { class: 'num' }, fmtInt(rows.used)), h('td', null, ''))),
    ),
    h(
      'p',
      { class: 'aside' },
      t('rep.no_customer', { count: lines.no_customer, revenue: fmtMoney(lines.no_customer_revenue) }),
    ),
  );
}

/**
 * Refunds, cancellations and failed payments reconciled (report.refunds, files with a status, cancellation
 * or refund column), and the lines whose order fields were carried down from the order's first line.
 */
export function renderRefunds(refunds, filled) {
  const fill = filled && filled.lines > 0
    ? h(
        'p',
        { class: 'aside', id: 'filled-down' },
        t('rep.filled_down', { count: filled.lines, lines: fmtInt(filled.lines), columns: Object.keys(filled.by_column ?? {}).join(', ') }),
      )
    : null;
  if (!refunds) return fill ? h('section', { id: 'refunds' }, fill) : null;
  const row = (label, n, value, key) =>
    h('tr', null, h('th', { scope: 'row' }, label), h('td', { class: 'num', dataset: { key: `refunds.${key}`, value: String(n ?? '') } }, n === null ? '' : fmtInt(n)), h('td', { class: 'num', dataset: value === null ? {} : { key: `refunds.${key}_value`, value: String(value) } }, value === null ? '' : fmtMoney(value)));
  return h(
    'section',
    { id: 'refunds' },
    h('h2', null, t('rep.refunds')),
    h(
      'table',
      { class: 'kinds' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('rep.col.kind')), h('th', { scope: 'col', class: 'num' }, t('rep.refunds.orders')), h('th', { scope: 'col', class: 'num' }, t('export.value')))),
      h(
        'tbody',
        null,
        row(t('rep.refunds.refunded'), refunds.orders_refunded, null, 'orders_refunded'),
        row(t('rep.refunds.cancelled'), refunds.orders_cancelled, null, 'orders_cancelled'),
        row(t('rep.refunds.failed'), refunds.orders_failed, null, 'orders_failed'),
        row(t('rep.refunds.excluded'), null, refunds.excluded_value, 'excluded'),
        row(t('rep.refunds.partial'), refunds.orders_partially_refunded, refunds.partial_refunds_value, 'partial'),
        row(t('rep.refunds.stated'), null, refunds.refunded_value, 'stated'),
        row(t('rep.refunds.net'), null, refunds.net_revenue, 'net'),
      ),
    ),
    h('p', { class: 'aside' }, t('rep.refunds.explain')),
    fill,
  );
}

export function renderSource(report) {
  const s = report.source;
  const d = report.dialect;
  return h(
    'section',
    { id: 'source', class: 'card' },
    h('h2', null, t('rep.file')),
    facts([
      report.platform ? [t('rep.platform'), report.platform.name, 'platform', report.platform.id] : null,
      [t('rep.size'), `${fmtBytes(s.bytes)}${s.gzip ? ' (gzip)' : ''}`, 'source.bytes', s.bytes],
      s.sheet != null ? [t('rep.sheet'), t('rep.sheet.value', { sheet: s.sheet, format: s.format }), 'source.sheet', s.sheet] : null,
      [t('rep.text'), fmtBytes(s.text_bytes), 'source.text_bytes', s.text_bytes],
      [t('rep.encoding'), s.bom ? t('rep.encoding.bom', { encoding: s.encoding }) : s.encoding, 'source.encoding'],
      s.repaired_bytes > 0 ? [t('rep.repaired'), fmtInt(s.repaired_bytes), 'source.repaired_bytes', s.repaired_bytes] : null,
      [t('rep.delimiter'), d.delimiter, 'dialect.delimiter'],
      [t('rep.line_ending'), d.line_ending, 'dialect.line_ending'],
      [t('rep.header'), t(d.header ? 'rep.yes' : 'rep.no'), 'dialect.header'],
      [t('rep.layout'), t(report.layout === 'baskets' ? 'rep.layout.baskets' : report.layout === 'customers' ? 'rep.layout.customers' : 'rep.layout.lines'), 'layout'],
      [t('rep.decimal'), d.decimal, 'dialect.decimal'],
      [t('rep.date_format'), d.date_format ?? t('rep.no_date_column'), 'dialect.date_format'],
      [t('rep.cancellations'), t(d.cancel_prefix ? 'rep.cancellations.prefix' : 'rep.cancellations.none'), 'dialect.cancel_prefix'],
    ]),
  );
}

export function renderTable(m) {
  return h(
    'section',
    { id: 'table-size', class: 'card' },
    h('h2', null, t('rep.memory')),
    facts([
      [t('rep.col.rows'), fmtInt(m.rows), 'table.rows', m.rows],
      [t('rep.size'), fmtBytes(m.bytes), 'table.bytes', m.bytes],
      [t('rep.bytes_per_row'), fmtOne(m.bytes_per_row), 'table.bytes_per_row', m.bytes_per_row],
    ]),
  );
}

export function renderNotes(notes) {
  return h('section', { id: 'notes' }, h('h2', null, t('rep.notes')), h('ul', null, notes.map((n) => h('li', { dataset: { code: n.code ?? '' } }, noticeText('note', n)))));
}
