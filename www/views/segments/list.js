// @ts-check
// The customer list of the Segments view (#customer-list): the customers of one segment, cluster, rule
// label or stage, 50 per page; the best and worst customers with their reasons; a list of ids from another
// view. Saved whole as CSV in the page's table layout or a platform's (the core's CSV, src/lists).

import { MSG } from '../../protocol.js';
import { h, fmtInt, fmtMoney, byId as $ } from '../../dom.js';
import { downloadCsv, toCsv, csvName, roundAmount } from '../../csv.js';
import { noticeText, listNote } from '../../notice.js';
import { t } from '../../i18n/i18n.js';


const PAGE = 50;

/** @type {[string, string, ((v: any) => string)?][]} The columns of a customer list: [key, label key, format?]. */
const LIST_COLUMNS = [
  ['customer', 'list.col.customer'],
  ['recency_days', 'grp.col.recency_days', fmtInt],
  ['frequency', 'grp.col.orders', fmtInt],
  ['monetary', 'grp.col.monetary', fmtMoney],
  ['average_order_value', 'list.col.aov', fmtMoney],
  ['rfm', 'list.col.rfm'],
  ['segment', 'seg.col.segment'],
  ['stage', 'life.col.stage'],
  ['band', 'list.col.band'],
  ['cluster', 'grp.col.cluster', (c) => (c === null || c === undefined ? '—' : String(c + 1))],
  ['rule', 'grp.col.label', (l) => l ?? '—'],
  ['last_purchase', 'list.col.last_purchase'],
];

/** A best or worst customer's reason: shares as percentages, amounts as money. */
function listReason(r) {
  const pct = (v) => (typeof v === 'number' ? Math.round(v * 1000) / 10 : v);
  const money = (v) => (typeof v === 'number' ? fmtMoney(v) : v);
  return noticeText('list.reason', r, (p) => ({ ...p, share: pct(p.share), p_alive: pct(p.p_alive), returns_share: pct(p.returns_share), discount_share: pct(p.discount_share), value: money(p.value), clv: money(p.clv), returns_value: money(p.returns_value) }));
}

/** The lists that are rankings with a reason per customer (the core's list groups). */
const RANKED = ['best', 'worst', 'best_expected'];

/** The file name of a list: "at-risk" for an RFM segment, "cluster-2", "stage-lapsing", "rule-vip", … */
function listName({ by, value, name }) {
  if (name) return name;
  if (by === 'segment') return value;
  if (by === 'cluster') return `cluster ${Number(value) + 1}`;
  return `${by} ${value}`;
}

/**
 * Every column of a listed customer, in the CSV: numbers as numbers (amounts to 4 decimals, as the
 * all-customers CSV), clusters numbered from 1 as shown.
 */
const WHOLE_LIST_COLUMNS = ['customer', 'first_purchase', 'last_purchase', 'recency_days', 'frequency', 'monetary', 'average_order_value', 'rfm', 'segment', 'class', 'band', 'stage', 'cluster', 'rule'];

/**
 * @param {object} host
 * @param {() => Worker | null} host.worker
 * @param {() => number} host.readId the current read's id
 * @param {() => boolean} [host.segmentsStopped] whether the user stopped the segmentation (its lists do not exist)
 */
export function createCustomerList(host) {
  const el = {
    customersCsv: $('customers-csv'),
    list: $('customer-list'),
    listTitle: $('customer-list-title'),
    listStatus: $('customer-list-status'),
    listTable: $('customer-list-table'),
    listPrev: $('customer-list-prev'),
    listNext: $('customer-list-next'),
    listClose: $('customer-list-close'),
    listCsv: $('customer-list-csv'),
    listFormat: $('customer-list-format'),
    listHash: $('customer-list-hash'),
    listNotes: $('customer-list-notes'),
  };
  const state = {
    /** The customer list shown: {by, value, title, name, ids, offset, total} or null; `listSeq` numbers its requests. */
    list: null,
    listSeq: 0,
    /** The request of the whole list being exported (numbered with the list's requests). */
    exportSeq: null,
    exports: 0,
    /** A best, worst or ids list comes whole: its rows, shown PAGE at a time ({customers, rows, notes} or null). */
    ranked: null,
  };

  /** Attributes that make a table row open the list of its customers (click, or Enter when focused). */
  function pickRow(by, value, title) {
    const open = () => openList({ by, value: String(value), title });
    return {
      tabindex: '0',
      dataset: { pick: by, pickValue: String(value) },
      title: t('list.show'),
      onclick: open,
      onkeydown: (e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          open();
        }
      },
    };
  }

  /**
   * Opens the list of group `value` of grouping `by`; `name` names its CSV (else listName()); `ids` lists the customers of `by: 'ids'`.
   * @param {{by: string, value?: string, title: string, name?: string, ids?: string[]}} l
   */
  function openList({ by, value, title, name, ids }) {
    state.list = { by, value, title, name, ids, offset: 0, total: null };
    state.ranked = null;
    el.listNotes.textContent = '';
    el.listTitle.textContent = title;
    el.listStatus.textContent = t('list.listing');
    el.listTable.replaceChildren();
    el.list.hidden = false;
    el.listCsv.disabled = false;
    state.exportSeq = null;
    // No segmentation to list from: say so (Run again is above, in the Segments view).
    if (host.segmentsStopped?.()) {
      el.listStatus.textContent = t('seg.stopped');
      el.listCsv.disabled = true;
    } else requestListPage(0);
    el.list.focus();
  }

  /** The requests sent and not yet answered, by seq (asked again of a fresh worker: resend). */
  const waiting = new Map();

  /** Sends request `m` to the worker; only the latest page and export are still waited for. */
  function ask(m) {
    waiting.set(m.seq, m);
    for (const seq of waiting.keys()) if (seq !== state.listSeq && seq !== state.exportSeq) waiting.delete(seq);
    host.worker()?.postMessage(m);
  }

  function requestListPage(offset) {
    if (!state.list || !host.worker()) return;
    state.list.offset = offset;
    el.listPrev.disabled = true;
    el.listNext.disabled = true;
    const { by, value } = state.list;
    // Best and worst customers come whole, with their reasons (src/lists/best_worst.rs), not in pages.
    if (RANKED.includes(by) || by === 'ids') {
      // Already here whole: another page of it is drawn without asking again.
      if (state.ranked) return drawRanked();
      const list = by === 'ids' ? { ids: state.list.ids, layout: 'plain' } : { group: by, layout: 'plain' };
      ask({ type: MSG.CUSTOMERS, id: host.readId(), seq: ++state.listSeq, list });
      return;
    }
    ask({ type: MSG.CUSTOMERS, id: host.readId(), seq: ++state.listSeq, query: { by, value, offset, limit: PAGE } });
  }

  /** A best or worst list: each customer with the reason in the page's language (a list of ids: the ids). */
  function showRanked(m) {
    const ids = state.list.by === 'ids';
    state.ranked = { customers: m.list.customers, rows: ids ? state.list.ids.map((customer) => ({ customer })) : m.list.reasons, notes: m.list.notes };
    drawRanked();
  }

  /** The page of the whole list at the list's offset: PAGE rows, as the paged lists (a list of hundreds is not one table). */
  function drawRanked() {
    const { customers, rows, notes } = state.ranked;
    const ids = state.list.by === 'ids';
    const offset = state.list.offset;
    const page = rows.slice(offset, offset + PAGE);
    el.listStatus.textContent = customers ? t(ids ? 'list.ids.status' : `list.ranked.status.${state.list.by}`, { total: customers }) : t('list.none');
    el.listNotes.textContent = notes.filter((n) => n.code === 'no_discount_column').map(listNote).join(' ');
    el.listTable.replaceChildren(
      h('caption', null, rows.length > PAGE ? t('list.caption', { title: state.list.title, from: offset + 1, to: offset + page.length }) : state.list.title),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('list.col.customer')), ids ? null : h('th', { scope: 'col' }, t('list.col.reason')))),
      h('tbody', null, page.map((r) => h('tr', null, h('th', { scope: 'row', dataset: { col: 'customer' } }, r.customer), ids ? null : h('td', { dataset: { col: 'reason', code: r.reason.code } }, listReason(r.reason))))),
    );
    el.listPrev.disabled = offset === 0;
    el.listNext.disabled = offset + page.length >= rows.length;
  }

  function showCustomerList(m) {
    if (m.list && !m.error) return showRanked(m);
    if (m.csv !== undefined) {
      downloadCsv(csvName('customers'), m.csv);
      el.customersCsv.disabled = false;
      return;
    }
    if (m.error) {
      el.customersCsv.disabled = false;
      el.listStatus.textContent = t('list.error', { message: m.error.message });
      return;
    }
    const { total, offset, rows } = m.page;
    state.list.total = total;
    el.listStatus.textContent = total
      ? t('list.status', { from: offset + 1, to: offset + rows.length, total })
      : t('list.none');
    el.listTable.replaceChildren(
      h('caption', null, t('list.caption', { title: state.list.title, from: offset + 1, to: offset + rows.length })),
      h('thead', null, h('tr', null, LIST_COLUMNS.map(([, label, f]) => h('th', { scope: 'col', class: f ? 'num' : null }, t(label))))),
      h(
        'tbody',
        null,
        rows.map((row) =>
          h(
            'tr',
            null,
            LIST_COLUMNS.map(([key, , f], i) => h(i ? 'td' : 'th', { class: f ? 'num' : null, dataset: { col: key }, ...(i ? {} : { scope: 'row' }) }, f ? f(row[key]) : row[key])),
          ),
        ),
      ),
    );
    el.listPrev.disabled = offset === 0;
    el.listNext.disabled = offset + rows.length >= total;
  }

  /** Asks the worker for every customer of the list shown, to save them as CSV. */
  function exportWholeList() {
    if (!state.list || !host.worker()) return;
    el.listCsv.disabled = true;
    // Its own numbering: a page asked for meanwhile must not make the export's answer look stale, nor the reverse.
    state.exportSeq = `all-${++state.exports}`;
    const { by, value, name } = state.list;
    const format = el.listFormat.value;
    // A platform's layout (or a ranked list): the core's CSV (src/lists), the same bytes as `clientela list`.
    if (format !== 'table' || RANKED.includes(by) || by === 'ids') {
      const layout = format === 'table' ? 'plain' : format;
      const list = { layout, hash: el.listHash.checked && !el.listHash.disabled };
      if (by === 'ids') list.ids = state.list.ids;
      else list.group = RANKED.includes(by) ? by : `${by}:${value}`;
      if (name) list.tag = name;
      ask({ type: MSG.CUSTOMERS, id: host.readId(), seq: state.exportSeq, list });
      return;
    }
    ask({ type: MSG.CUSTOMERS, id: host.readId(), seq: state.exportSeq, query: { by, value }, all: true });
  }

  function saveWholeList(m) {
    state.exportSeq = null;
    el.listCsv.disabled = false;
    if (m.list && state.list) {
      const l = m.list;
      const suffix = l.layout === 'plain' ? '' : ` ${l.layout}${l.hashed ? ' sha256' : ''}`;
      downloadCsv(csvName(`${listName(state.list)}${suffix}`), l.csv);
      el.listStatus.textContent = t('list.saved', { total: fmtInt(l.customers) });
      el.listNotes.textContent = l.notes.map(listNote).join(' ');
      return;
    }
    if (m.error || !m.all || !state.list) {
      if (m.error) el.listStatus.textContent = t('list.error', { message: m.error.message });
      return;
    }
    const cell = (r, k) => {
      if (k === 'cluster') return r.cluster === null || r.cluster === undefined ? null : r.cluster + 1;
      return k === 'monetary' || k === 'average_order_value' ? roundAmount(r[k]) : r[k];
    };
    const rows = m.all.rows.map((r) => WHOLE_LIST_COLUMNS.map((k) => cell(r, k)));
    downloadCsv(csvName(listName(state.list)), toCsv(WHOLE_LIST_COLUMNS, rows));
    el.listStatus.textContent = t('list.saved', { total: fmtInt(m.all.total) });
  }

  /** Hashing applies to the ad platforms' layouts only. */
  function syncHash() {
    const can = el.listFormat.value === 'google' || el.listFormat.value === 'meta';
    el.listHash.disabled = !can;
    if (!can) el.listHash.checked = false;
  }

  function closeList() {
    state.list = null;
    state.ranked = null;
    state.listSeq++;
    el.list.hidden = true;
  }

  for (const [id, by] of [['list-best', 'best'], ['list-best-expected', 'best_expected'], ['list-worst', 'worst']]) {
    document.getElementById(id).addEventListener('click', () => openList({ by, value: '', title: t(`list.${by}.title`) }));
  }
  el.listFormat.addEventListener('change', syncHash);
  syncHash();
  el.listPrev.addEventListener('click', () => requestListPage(Math.max(0, state.list.offset - PAGE)));
  el.listNext.addEventListener('click', () => requestListPage(state.list.offset + PAGE));
  el.listClose.addEventListener('click', closeList);
  el.listCsv.addEventListener('click', exportWholeList);
  el.customersCsv.addEventListener('click', () => {
    if (!host.worker()) return;
    el.customersCsv.disabled = true;
    ask({ type: MSG.CUSTOMERS, id: host.readId(), seq: ++state.listSeq, csv: true });
  });

  return {
    /**
     * A fresh worker holds the current read again after a Stop (main.js restartWorker): the requests of
     * this read that the old one had not answered are asked of it (the same seq, so their answers are taken).
     * @param {Worker} worker
     */
    resend(worker) {
      for (const m of waiting.values()) if (m.id === host.readId()) worker.postMessage(m);
    },
    pickRow,
    open: openList,
    close: closeList,
    /** The worker's CUSTOMER_LIST message: a page of the list shown, or the whole list to save. */
    onAnswer(m) {
      waiting.delete(m.seq);
      if (m.id === host.readId() && m.seq === state.listSeq) showCustomerList(m);
      else if (m.id === host.readId() && m.seq === state.exportSeq) saveWholeList(m);
    },
  };
}
