// @ts-check
// The shareable summary (issue 20, item 8): one or two printed pages, or one self-contained HTML file, with
// the key figures, the RFM segments, the monthly revenue and the top actions of the file read. It is made
// here, in the page, from the segmentation report the Overview shows (src/segment: SegmentReport and its
// overview): nothing is computed anew and nothing is sent anywhere — the HTML file is a Blob offered as a
// download.
//
// "Summary" (next to "Print report") shows the summary in place of the views, with its buttons: "Print
// summary" (while the summary is shown the print stylesheet prints it alone: body.summary-open), "Download
// as one HTML file" and "Back to the views". The document itself is one <article class="summary-doc">; its
// styles are the rules of style.css under .summary-doc, which the HTML file carries inline (read from the
// page's stylesheets, so there is one copy of them), with the chart as inline SVG (svg.js) and no script.
//
// For tests: #summary-doc is the document; its figures have data-key="sum.<figure>" and data-value (the raw
// number); the segments table's rows have data-segment (the key) and cells data-col and data-value; the
// actions' items have data-action (revenue_at_risk, or the segment's key).

import { h } from './dom.js';
import { t, tParts, fmtInt, fmtMoney, fmtMoneyShort, fmtPercent, fmtDate, fmtMonth, language } from './i18n/i18n.js';
import { chartSvg } from './svg.js';
import { GROUP_COLOURS } from './charts.js';
import { download } from './export.js';
import { fileStem } from './csv.js';
import { lacking } from './views/needs.js';
import { monthsByGroup } from './views/overview/index.js';
import { segmentText } from './views/segments/sections.js';
import { segmentGroups } from './defaults.js';

/** @typedef {import('./types/core').SegmentReport} SegmentReport */

/**
 * The summary's place on the page and its buttons. `button` is the "Summary" button (enabled once there
 * is a segmentation report); update(state) is given the views' state after every change.
 */
export function createSummary(/** @type {HTMLButtonElement} */ button) {
  /** @type {any} */
  let state = null;
  let shown = '';
  const doc = h('article', { id: 'summary-doc', class: 'summary-doc', 'aria-labelledby': 'summary-title' });
  const bar = h(
    'div',
    { class: 'summary-bar' },
    h('button', { type: 'button', id: 'summary-print', onclick: () => window.print() }, t('summary.print')),
    h('button', { type: 'button', id: 'summary-html', onclick: () => state?.segments && downloadHtml(state) }, t('summary.download')),
    h('button', { type: 'button', id: 'summary-close', onclick: () => close() }, t('summary.close')),
    h('p', { class: 'hint', id: 'summary-hint' }, t('summary.hint')),
  );
  const box = h('section', { id: 'summary-sheet', class: 'summary-sheet', 'aria-label': t('summary.label'), hidden: true }, bar, doc);
  document.body.append(box);
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') close();
  });

  function open() {
    if (!state?.segments) return;
    box.hidden = false;
    document.body.classList.add('summary-open');
    button.setAttribute('aria-expanded', 'true');
    render();
    /** @type {HTMLElement | null} */ (doc.querySelector('h1'))?.focus();
  }

  function close() {
    if (box.hidden) return;
    box.hidden = true;
    document.body.classList.remove('summary-open');
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  }

  /** Draws the summary again when its report, language or currency changed (only while it is shown). */
  function render() {
    if (box.hidden || !state?.segments) return;
    const key = `${state.segmentsSeq}|${state.language}|${fmtMoney(1)}`;
    if (key === shown) return;
    shown = key;
    doc.replaceChildren(...summaryParts(state).filter(Boolean));
    box.setAttribute('aria-label', t('summary.label'));
    const texts = { 'summary-print': 'summary.print', 'summary-html': 'summary.download', 'summary-close': 'summary.close', 'summary-hint': 'summary.hint' };
    for (const [id, k] of Object.entries(texts)) /** @type {HTMLElement} */ (bar.querySelector(`#${id}`)).textContent = t(k);
  }

  // The button shows the summary, and hides it again.
  button.setAttribute('aria-controls', box.id);
  button.setAttribute('aria-expanded', 'false');
  button.addEventListener('click', () => (box.hidden ? open() : close()));

  return {
    open,
    close,
    update(/** @type {any} */ s) {
      state = s;
      button.disabled = !s.segments;
      if (!s.segments) close();
      else render();
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// The document

/** Today in the user's time zone, YYYY-MM-DD (the date the summary is made). */
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The summary's parts (the children of the article) for the views' state. */
function summaryParts(state) {
  /** @type {SegmentReport} */
  const r = state.segments;
  const o = r.overview;
  // Without a price or amount column every money figure would be a zero: left out, as on the Overview.
  const money = !lacking(state.report).includes('prices');
  const file = state.fileName ?? '';
  return [
    header(r, file),
    figures(r, o, money),
    money ? null : h('p', { class: 'note' }, t('overview.no_prices', { data: t('view.data'), role: t('role.unit_price'), role2: t('role.amount') })),
    segmentsTable(r, money),
    money && o?.monthly_revenue?.length ? chart(r, o) : null,
    actions(r, o, money),
    h('p', { class: 'note summary-foot' }, t('summary.footer', { file })),
  ];
}

function header(r, file) {
  const row = (label, value, key) => [h('dt', null, label), h('dd', { dataset: { key: `sum.${key}` } }, value)];
  return h(
    'header',
    null,
    h('h1', { id: 'summary-title', tabindex: '-1' }, t('summary.title')),
    h(
      'dl',
      { class: 'summary-meta' },
      row(t('summary.file'), file, 'file'),
      row(t('summary.period'), t('overview.window', { from: fmtDate(r.window_start), to: fmtDate(r.as_of) }), 'period'),
      row(t('summary.as_of'), fmtDate(r.as_of), 'as_of'),
      row(t('summary.made'), fmtDate(today()), 'made'),
    ),
  );
}

function figures(r, o, money) {
  // A per-customer summary has no purchase lines to find the revenue at risk in (the core's needs_line_items).
  const atRisk = money && !r.needs_line_items?.includes('revenue_at_risk');
  const card = (key, value, raw, note) =>
    h(
      'div',
      { class: 'summary-figure' },
      h('dt', null, t(`overview.${key}`)),
      h('dd', { class: 'num', dataset: { key: `sum.${key}`, value: raw === null || raw === undefined ? '' : String(raw) } }, value),
      note ? h('dd', { class: 'note' }, note) : null,
    );
  return h(
    'section',
    { id: 'summary-figures', 'aria-labelledby': 'summary-figures-title' },
    h('h2', { id: 'summary-figures-title' }, t('summary.figures')),
    h(
      'dl',
      { class: 'summary-figures' },
      card('customers', fmtInt(r.customers), r.customers),
      card('orders', fmtInt(o?.orders), o?.orders),
      money ? card('revenue', fmtMoney(r.revenue), r.revenue, t('overview.revenue.gross')) : null,
      money && o?.net_revenue !== undefined ? card('net_revenue', fmtMoney(o.net_revenue), o.net_revenue, t('overview.net_revenue.note', { returns: fmtMoney(o.returns_value) })) : null,
      money ? card('aov', fmtMoney(o?.average_order_value), o?.average_order_value) : null,
      card('repeat_rate', fmtPercent(o?.repeat_customer_rate), o?.repeat_customer_rate, t('overview.repeat_rate.note', { count: o?.repeat_customers ?? 0 })),
      money ? card('top10', fmtPercent(o?.top10_revenue_share), o?.top10_revenue_share) : null,
      atRisk ? card('at_risk', fmtMoney(o?.revenue_at_risk), o?.revenue_at_risk, t('overview.at_risk.note', { count: o?.customers_at_risk ?? 0, days: o?.at_risk_days ?? 365 })) : null,
    ),
  );
}

/** The RFM segments, best first, by their names: customers (share) and revenue (share). */
function segmentsTable(r, money) {
  const rows = r.rfm_segments ?? [];
  const cell = (col, raw, text, share) =>
    h('td', { class: 'num', dataset: { col, value: String(raw) } }, text, share === undefined ? null : h('span', { class: 'share' }, ` (${fmtPercent(share)})`));
  return h(
    'section',
    { id: 'summary-segments', 'aria-labelledby': 'summary-segments-title' },
    h('h2', { id: 'summary-segments-title' }, t('summary.segments')),
    h(
      'table',
      { id: 'summary-segments-table' },
      h(
        'thead',
        null,
        h('tr', null, h('th', { scope: 'col' }, t('seg.col.segment')), h('th', { scope: 'col', class: 'num' }, t('seg.col.customers')), money ? h('th', { scope: 'col', class: 'num' }, t('seg.col.revenue')) : null),
      ),
      h(
        'tbody',
        null,
        rows.map((s) =>
          h(
            'tr',
            { dataset: { segment: s.key }, class: s.customers === 0 ? 'empty' : null },
            h('th', { scope: 'row', dataset: { col: 'name' } }, segmentText(s, 'name')),
            cell('customers', s.customers, fmtInt(s.customers), s.customer_share),
            money ? cell('revenue', s.revenue, fmtMoney(s.revenue), s.revenue_share) : null,
          ),
        ),
      ),
    ),
    h('p', { class: 'note' }, t('summary.segments.note')),
  );
}

/** The monthly revenue by segment group as inline SVG (svg.js: the Overview chart's SVG download, without its forecast). */
function chart(r, o) {
  const { groups, months } = monthsByGroup(r, o);
  const svg = chartSvg({
    title: t('overview.chart.title'),
    xLabel: t('overview.chart.x'),
    yLabel: t('overview.chart.y'),
    x: months.map((_, i) => i),
    xLabels: months.map((m) => (m.partial ? `${fmtMonth(m.month)}*` : fmtMonth(m.month))),
    yMin: 0,
    stacked: true,
    // Short amounts on the axis: whole ones ("£1,161,817.38") would not fit left of it.
    yFormat: (v) => fmtMoneyShort(v),
    series: groups.map((g) => ({ label: t(`group.${g}`), values: months.map((m) => m.values[g] ?? 0), color: GROUP_COLOURS[g], kind: 'bar' })),
  })
    // Inline in HTML the SVG needs no namespace declaration (the file names no URL at all); its size
    // follows the page (viewBox), not a fixed 800 × 480.
    .replace(/ xmlns="[^"]*"/, '')
    .replace(/ width="\d+" height="\d+"/, ' role="img"');
  const box = document.createElement('template');
  box.innerHTML = svg;
  const partial = months.filter((m) => m.partial);
  return h(
    'section',
    { id: 'summary-chart', 'aria-labelledby': 'summary-chart-title' },
    h('h2', { id: 'summary-chart-title' }, t('overview.monthly.title')),
    h('figure', null, box.content),
    partial.map((m) => h('p', { class: 'note' }, t('overview.partial', { month: fmtMonth(m.month), from: m.partial.from, to: m.partial.to, days: new Date(Date.UTC(Number(m.month.slice(0, 4)), Number(m.month.slice(5, 7)), 0)).getUTCDate() }))),
  );
}

/**
 * The top actions: the revenue at risk (the Overview's list of lapsing customers), then for each segment
 * group, best first, the suggested action of its segment with the most revenue (the Segments view's
 * "Suggested action"); empty segments are left out.
 */
function actions(r, o, money) {
  const items = [];
  if (money && o?.customers_at_risk > 0 && !r.needs_line_items?.includes('revenue_at_risk')) {
    items.push(h('li', { dataset: { action: 'revenue_at_risk' } }, t('summary.action.at_risk', { count: o.customers_at_risk, revenue: fmtMoney(o.revenue_at_risk), days: o.at_risk_days })));
  }
  const byKey = new Map((r.rfm_segments ?? []).map((s) => [s.key, s]));
  for (const [g, keys] of Object.entries(segmentGroups())) {
    const rows = keys.map((k) => byKey.get(k)).filter((s) => s && s.customers > 0);
    if (!rows.length) continue;
    const top = rows.reduce((a, s) => (money ? s.revenue > a.revenue : s.customers > a.customers) ? s : a);
    items.push(
      h(
        'li',
        { dataset: { action: top.key, group: g } },
        tParts('summary.action.segment', {
          segment: h('strong', null, segmentText(top, 'name')),
          who: money ? t('summary.action.who', { count: top.customers, share: fmtPercent(top.revenue_share) }) : t('summary.action.who.count', { count: top.customers, share: fmtPercent(top.customer_share) }),
          action: segmentText(top, 'action'),
        }),
      ),
    );
  }
  if (!items.length) return null;
  return h('section', { id: 'summary-actions', 'aria-labelledby': 'summary-actions-title' }, h('h2', { id: 'summary-actions-title' }, t('summary.actions')), h('ol', null, items));
}

// ---------------------------------------------------------------------------------------------------
// The one-file HTML

const esc = (/** @type {string} */ s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * The rules of the page's stylesheets whose every selector is under .summary-doc (and the @media blocks of
 * such rules): the summary's own styles, carried inline by the HTML file.
 */
function summaryCss() {
  const own = (/** @type {CSSRuleList} */ rules) => {
    const out = [];
    for (const rule of rules) {
      if (rule instanceof CSSStyleRule) {
        if (rule.selectorText.split(',').every((s) => s.trim().startsWith('.summary-doc'))) out.push(rule.cssText);
      } else if (rule instanceof CSSMediaRule) {
        const inner = own(rule.cssRules);
        if (inner.length) out.push(`@media ${rule.conditionText} {\n${inner.join('\n')}\n}`);
      }
    }
    return out;
  };
  const out = [];
  for (const sheet of document.styleSheets) {
    try {
      out.push(...own(sheet.cssRules));
    } catch {
      // A stylesheet the page may not read (none today): it has no summary rules.
    }
  }
  return out.join('\n');
}

/**
 * The summary as one HTML file: the document as shown, its styles inline, the chart as inline SVG, no
 * script and no reference to anything outside the file (its policy forbids loading anything anyway).
 */
export function summaryHtml(state) {
  const article = /** @type {HTMLElement} */ (h('article', { id: 'summary-doc', class: 'summary-doc', 'aria-labelledby': 'summary-title' }, ...summaryParts(state)));
  const title = `${t('summary.title')} — ${state.fileName ?? ''}`;
  return `<!doctype html>
<html lang="${esc(language())}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>
body { margin: 0; background: #ffffff; }
@page { margin: 14mm; }
${summaryCss()}
</style>
</head>
<body>
${article.outerHTML}
</body>
</html>
`;
}

/** Offers the one-file HTML as "<file>-summary.html". */
function downloadHtml(state) {
  download(`${fileStem() || 'clientela'}-summary.html`, summaryHtml(state), 'text/html;charset=utf-8');
}
