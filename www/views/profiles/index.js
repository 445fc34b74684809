// The Profiles view (#profiles): who the best customers are (src/audience). For each attribute of the
// customers — the sales file's own extra columns (Country…) and those of an optional customers file
// dropped here (a CRM or loyalty export, joined by customer id in the core) — each value's share among a
// group (by default the best customers, the Segments view's decile 1) and among all customers, the index
// between them with a bar, the count and the p-value of the Fisher exact test. Above the tables, the most
// over-represented values in one sentence each; the join report when a customers file is given; the whole
// profile as CSV (the core's, as `clientela profile --out`). The analysis runs in the worker
// (ctx.profile → analyses.js → worker.js → Session.profile) once per read when the view is first shown, and
// again when the group or the customers file changes. Below the tables: share of wallet (the customers
// file's surveyed category spend against the spend with the shop: the grid and the customers worth
// winning, or why it is missing) and prospects that match (a third drop zone: a prospects file scored by
// a model of the group learned from the customers file, its hold-out AUC in words, the scores with the
// expected value and the reasons, the core's CSV).

import { h } from '../../dom.js';
import { t, fmtInt, fmtPercent, fmtOne, currentLocale } from '../../i18n/i18n.js';
import { dataTable, bar } from '../../tables.js';
import { downloadCsv, csvName } from '../../csv.js';
import { listNote } from '../../notice.js';
import { stopControls, interrupted } from '../../stop.js';
import { barChart, ACCENT, MUTED } from '../../charts.js';

/** RFM segments (src/segment/rfm.rs, best first) and lifecycle stages, as the core names them. */
export const SEGMENTS = ['champions', 'loyal', 'potential_loyalists', 'new', 'promising', 'need_attention', 'about_to_sleep', 'at_risk', 'cant_lose_them', 'hibernating', 'lost'];
export const STAGES = ['new', 'active', 'won_back', 'lapsing', 'lapsed'];

/** Values described in sentences: at least this index, below this p-value, at most this many. */
export const SENTENCE = Object.freeze({ index: 1.5, p: 0.05, count: 5 });

/** Values drawn in an attribute's chart (its first rows: the most frequent values, or every bin). */
export const CHART_VALUES = 12;

/** Bars are drawn on a scale up to this index (larger ones fill the bar). */
const BAR_MAX = 4;

let requestedFor = null;

export default {
  id: 'profiles',
  titleKey: 'view.profiles',
  blurbKey: 'view.profiles.blurb',
  mount(panel) {
    panel.dataset.rendered = '';
  },
  update(panel, state, ctx) {
    if (state.readId !== null && state.readId !== requestedFor && (!panel.hidden || state.printing)) {
      requestedFor = state.readId;
      queueMicrotask(() => ctx.profile());
    }
    const p = state.profile;
    const key = `${state.readId}|${p?.seq}|${p?.busy}|${p?.reading}|${p?.error ? 1 : 0}|${p?.stopped ? 1 : 0}|${p?.customers?.key ?? ''}|${p?.prospectsFile?.key ?? ''}|${p?.prospectsError ? 1 : 0}|${p?.prospectList?.seq ?? 0}|${p?.prospectList?.busy ? 1 : 0}|${state.segments ? 1 : 0}|${state.language}`;
    if (panel.dataset.rendered === key) return;
    panel.dataset.rendered = key;
    const focused = panel.contains(document.activeElement) ? document.activeElement.id : null;
    ctx.disposeCharts(panel);
    panel.replaceChildren(render(state, ctx));
    panel.dataset.profile = p?.busy || p?.reading ? 'running' : interrupted(p) ? 'stopped' : p?.error ? 'error' : p?.report ? 'done' : 'none';
    if (focused) document.getElementById(focused)?.focus();
  },
};

/** The group's words: "best customers", "customers in “Champions”"… */
export function groupName(group) {
  const [kind, name] = String(group?.key ?? 'best').split(':');
  if (kind === 'segment') return t('profile.group.segment', { name: t(`segment.${name}.name`) });
  if (kind === 'stage') return t('profile.group.stage', { name: t(`life.stage.${name}`) });
  if (kind === 'cluster') return t('profile.group.cluster', { name });
  return t(kind === 'worst' ? 'profile.group.worst' : 'profile.group.best');
}

/** A value's words: "(not given)" and "(other values)" translated, anything else as the file gives it. */
function valueText(v) {
  if (v.special === 'not_given') return t('profile.value.not_given');
  if (v.special === 'other') return t('profile.value.other');
  return v.value;
}

/** The first letter in upper case (sentences that start with the group's words). */
const cap = (s) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

/** A p-value with three decimals in the page's locale ("0.016", "0,016"). */
const fmtP = (p) => new Intl.NumberFormat(currentLocale(), { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(p);

/** p as people read it: "p < 0.001" or "p = 0.016". */
export function pText(p) {
  return p < 0.001 ? t('profile.p.below', { p: fmtP(0.001) }) : t('profile.p.equals', { p: fmtP(p) });
}

/** The values most over-represented in the group, over every attribute, largest index first. */
export function topValues(report) {
  const out = [];
  for (const a of report?.attributes ?? []) {
    for (const v of a.values) if (!v.special && v.index >= SENTENCE.index && v.p_value < SENTENCE.p) out.push({ attribute: a, value: v });
  }
  out.sort((x, y) => y.value.index - x.value.index || x.attribute.name.localeCompare(y.attribute.name) || x.value.value.localeCompare(y.value.value));
  return out.slice(0, SENTENCE.count);
}

function render(state, ctx) {
  const p = state.profile;
  const title = h('h2', { id: 'profiles-title' }, t('profile.title'));
  const intro = h('p', { class: 'hint' }, t('profile.intro'));
  // What to do with a profile first; how to read the index and p after it.
  const children = [title, h('p', { class: 'lead', id: 'profiles-lead' }, t('profile.lead')), intro, groupForm(state, ctx), customersZone(p, ctx)];
  if (p?.error && !interrupted(p)) children.push(h('p', { id: 'profile-error', class: 'error', role: 'alert' }, errorText(p.error, p)));
  // Stop while the profile runs; after a Stop (or the engine dying under it), "Stopped." and Run again (stop.js).
  const stop = p ? stopControls('profile', [p], { stop: () => ctx.stop(['profile']), run: () => ctx.profile() }) : null;
  // A stopped profile shows none: the one kept is of the choice before, not of the one in the form.
  const r = interrupted(p) ? null : p?.report;
  if (interrupted(p)) {
    children.push(stop);
    return h('section', { id: 'profiles', 'aria-labelledby': 'profiles-title' }, children);
  }
  if (!r) {
    children.push(h('p', { id: 'profile-status', role: 'status' }, t(p?.busy || p?.reading ? 'profile.running' : 'profile.waiting')), stop);
    return h('section', { id: 'profiles', 'aria-labelledby': 'profiles-title' }, children);
  }
  if (p.busy) children.push(h('p', { id: 'profile-status', role: 'status' }, t('profile.running')));
  if (stop) children.push(stop);
  children.push(summary(r), joinReport(r), sentences(r), ...r.attributes.map((a, i) => attributeTable(r, a, i)), skipped(r), csvButton(state, p), walletSection(r, p, ctx), prospectsSection(r, p, ctx));
  return h('section', { id: 'profiles', 'aria-labelledby': 'profiles-title' }, children);
}

function errorText(e, p) {
  if (e.code === 'no_id_column') return t('profile.error.no_id_column');
  if (e.code === 'bad_option' && e.customers) return t('profile.error.id_column', { name: p?.customers?.idColumn ?? '' });
  if (e.code === 'bad_parameter') return t('profile.error.group');
  if (e.customers) return t('profile.error.customers', { message: e.message });
  return t('profile.error.other', { message: e.message });
}

/** The group chooser: best and worst deciles, RFM segments, lifecycle stages, clusters when known. */
function groupForm(state, ctx) {
  const current = state.profile?.options?.group ?? 'best';
  const option = (value, label) => h('option', { value, selected: value === current }, label);
  const clusters = state.segments?.clusters?.clustering?.clusters?.length ?? 0;
  const select = h(
    'select',
    { id: 'profile-group', onchange: (e) => ctx.profile({ ...(state.profile?.options ?? {}), group: e.target.value }) },
    option('best', t('profile.group.best')),
    option('worst', t('profile.group.worst')),
    h('optgroup', { label: t('profile.group.segments') }, SEGMENTS.map((s) => option(`segment:${s}`, t(`segment.${s}.name`)))),
    h('optgroup', { label: t('profile.group.stages') }, STAGES.map((s) => option(`stage:${s}`, t(`life.stage.${s}`)))),
    clusters ? h('optgroup', { label: t('profile.group.clusters') }, Array.from({ length: clusters }, (_, k) => option(`cluster:${k}`, t('profile.group.cluster', { name: k })))) : null,
  );
  return h('p', { class: 'profile-group' }, h('label', { for: 'profile-group' }, t('profile.group.label')), ' ', select);
}

/** The second drop zone: a customers file, read in the worker and joined by customer id. */
/**
 * A drop zone for a second file (`name`: customers or prospects): the hidden file input, the zone that opens
 * it by click or key and takes a dropped file; `onFile(file)` gets the file chosen.
 */
function dropZone(name, titleText, onFile) {
  const input = h('input', { type: 'file', id: `profile-${name}-file`, hidden: true, accept: '.csv,.tsv,.txt,.gz,.xlsx,.xls,.ods', onchange: (e) => e.target.files?.[0] && onFile(e.target.files[0]) });
  const zone = h(
    'div',
    { id: `profile-${name}`, class: 'drop profile-drop', role: 'button', tabindex: '0', 'aria-describedby': `profile-${name}-hint` },
    h('p', { class: 'drop-title' }, titleText),
    h('p', { id: `profile-${name}-hint`, class: 'hint' }, t(`profile.${name}.hint`)),
  );
  zone.addEventListener('click', () => input.click());
  zone.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      input.click();
    }
  });
  for (const type of ['dragenter', 'dragover']) {
    zone.addEventListener(type, (e) => {
      e.preventDefault();
      e.stopPropagation();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      zone.classList.add('over');
    });
  }
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    e.stopPropagation();
    zone.classList.remove('over');
    const f = e.dataTransfer?.files?.[0];
    if (f) onFile(f);
  });
  return [zone, input];
}

function customersZone(p, ctx) {
  const c = p?.customers;
  const [zone, input] = dropZone('customers', t(c ? 'profile.customers.loaded' : 'profile.customers.title', { name: c?.name ?? '' }), ctx.customersFile);
  const remove = c ? h('button', { type: 'button', id: 'profile-customers-remove', onclick: () => ctx.customersFile(null) }, t('profile.customers.remove')) : null;
  // The id column by name or number, when detection picked none or the wrong one.
  const id = c
    ? h(
        'label',
        { class: 'profile-id' },
        t('profile.customers.id'),
        ' ',
        h('input', { type: 'text', id: 'profile-customers-id', size: 14, value: c.idColumn ?? '', onchange: (e) => ctx.customersIdColumn(e.target.value) }),
      )
    : null;
  return h('div', { class: 'profile-customers' }, zone, input, id, remove);
}

function summary(r) {
  return h('p', { id: 'profile-summary' }, cap(t('profile.summary', { group: groupName(r.group), count: r.group.customers, customers: fmtInt(r.customers), share: fmtPercent(r.group.share), as_of: r.as_of ?? '—' })));
}

/** Matched, without attributes, ids without purchases, duplicates, rows without an id. */
function joinReport(r) {
  const j = r.join;
  if (!j) return null;
  const f = j.file;
  const item = (key, n, params = {}) => h('li', { dataset: { join: key, value: String(n) } }, t(`profile.join.${key}`, { count: n, n: fmtInt(n), ...params }));
  return h(
    'section',
    { id: 'profile-join', 'aria-labelledby': 'profile-join-title' },
    h('h3', { id: 'profile-join-title' }, t('profile.join.title')),
    h('p', null, t('profile.join.file', { rows: fmtInt(f.rows), ids: fmtInt(f.ids), column: f.id_column, columns: f.columns.join(', ') })),
    h(
      'ul',
      null,
      item('matched', j.matched, { customers: fmtInt(j.customers) }),
      j.matched_as_numbers ? item('matched_as_numbers', j.matched_as_numbers) : null,
      item('customers_without_attributes', j.customers_without_attributes),
      item('attribute_rows_without_purchases', j.attribute_rows_without_purchases),
      item('duplicate_ids', f.duplicate_ids, { rows: fmtInt(f.duplicate_rows) }),
      item('rows_without_id', f.rows_without_id),
    ),
  );
}

/** "Best customers are 2.3× as often in Germany (p < 0.001)." for the top over-represented values. */
function sentences(r) {
  const top = topValues(r);
  const group = groupName(r.group);
  if (!r.attributes.length) return h('p', { id: 'profile-sentences', class: 'hint' }, t('profile.none'));
  if (!r.group.customers) return h('p', { id: 'profile-sentences', class: 'hint' }, t('profile.group.empty', { group }));
  if (!top.length) return h('p', { id: 'profile-sentences', class: 'hint' }, t('profile.sentence.none', { group }));
  return h(
    'ul',
    { id: 'profile-sentences' },
    top.map(({ attribute, value }) => h('li', { dataset: { attribute: attribute.name, value: value.value } }, cap(t('profile.sentence', { group, times: fmtOne(value.index), attribute: attribute.name, value: valueText(value), p: pText(value.p_value) })))),
  );
}

/** One attribute: value, customers, in the group, the two shares, the index with its bar, p, small. */
function attributeTable(r, a, i) {
  const columns = [
    { key: 'value', label: t('profile.col.value'), text: valueText },
    { key: 'customers', label: t('profile.col.customers'), num: true, text: (v) => fmtInt(v.customers) },
    { key: 'customers_best', label: t('profile.col.customers_best'), num: true, text: (v) => fmtInt(v.customers_best) },
    { key: 'share_best', label: t('profile.col.share_best'), num: true, text: (v) => fmtPercent(v.share_best) },
    { key: 'share_all', label: t('profile.col.share_all'), num: true, text: (v) => fmtPercent(v.share_all) },
    {
      key: 'index',
      label: t('profile.col.index'),
      num: true,
      value: (v) => v.index,
      text: (v) => h('span', { class: 'profile-index' }, bar((v.index ?? 0) / BAR_MAX, v.index >= 1 ? 'over' : 'under'), ' ', v.index === null ? '—' : `${fmtOne(v.index)}×`),
    },
    { key: 'p_value', label: t('profile.col.p'), num: true, text: (v) => (v.p_value < 0.001 ? `< ${fmtP(0.001)}` : fmtP(v.p_value)) },
    { key: 'small', label: t('profile.col.small'), text: (v) => (v.small ? t('profile.small') : ''), value: (v) => v.small },
  ];
  const caption = t('profile.table.caption', { attribute: a.name, kind: t(`profile.kind.${a.kind}`), source: t(`profile.source.${a.source}`), group: groupName(r.group) });
  // One entry of the view's contents menu per attribute (contents.js: data-contents).
  return h('section', { class: 'profile-attribute', id: `profile-attribute-${i}`, dataset: { attribute: a.name, contents: '' } }, h('h3', null, a.name), shareChart(r, a, i), dataTable({ id: `profile-table-${i}`, name: `profile-${a.name}`, caption, columns, rows: a.values }));
}

/** The share of each value in the group next to its share among all customers (the table's numbers). */
function shareChart(r, a, i) {
  const rows = a.values.slice(0, CHART_VALUES);
  const best = rows.map((v) => v.share_best * 100);
  const all = rows.map((v) => v.share_all * 100);
  const top = Math.max(1, ...best, ...all);
  const group = groupName(r.group);
  return barChart({
    id: `profile-chart-${i}`,
    caption: t('profile.chart.caption', { attribute: a.name, group, count: rows.length }),
    title: t('profile.chart.title', { attribute: a.name }),
    categories: rows.map(valueText),
    xLabel: a.name,
    yLabel: t('profile.chart.y'),
    yFormat: (v) => `${v} %`,
    yRange: [0, top * 1.1],
    value: (v) => (v === null || v === undefined ? '—' : fmtPercent(v / 100)),
    series: [
      { label: cap(t('profile.chart.group', { group })), values: best, color: ACCENT },
      { label: t('profile.chart.all'), values: all, color: MUTED },
    ],
  });
}

function skipped(r) {
  if (!r.skipped_attributes.length) return null;
  return h('p', { id: 'profile-skipped', class: 'hint' }, t('profile.skipped', { names: r.skipped_attributes.map((s) => s.name).join(', ') }));
}

/** The whole profile as the core's CSV (the command line's --out). */
function csvButton(state, p) {
  return h('p', null, h('button', { type: 'button', id: 'profile-csv', class: 'csv', onclick: () => downloadCsv(csvName('profile'), p.csv ?? '') }, t('profile.csv')), ' ', h('span', { class: 'hint' }, t('profile.test')));
}

/** A money amount with two decimals in the page's locale. */
const fmtMoney = (x) => new Intl.NumberFormat(currentLocale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x);

/** Share of wallet: why it is missing, or the period, the grid and the customers worth winning. */
function walletSection(r, p, ctx) {
  const w = r.share_of_wallet;
  const title = h('h3', { id: 'profile-wallet-title' }, t('profile.wallet.title'));
  if (!w) return null;
  if (!w.available) {
    const code = w.notes?.[0]?.code ?? 'no_wallet_column';
    return h('section', { id: 'profile-wallet', 'aria-labelledby': 'profile-wallet-title', dataset: { available: 'no' } }, title, h('p', { id: 'profile-wallet-missing', class: 'hint', dataset: { code } }, t(`profile.wallet.missing.${code}`)));
  }
  const period = w.period;
  const lines = [
    h('p', null, t(`profile.wallet.period.${period.basis}`, { from: period.from, to: period.to, days: fmtInt(period.days), column: w.column })),
    h('p', null, t('profile.wallet.counts', { with: fmtInt(w.customers_with_survey), without: fmtInt(w.customers_without_survey), median: w.median_share === null ? '—' : fmtPercent(w.median_share) })),
    h('p', null, t('profile.wallet.splits', { value: fmtMoney(w.value_split ?? 0), share: fmtPercent(w.share_split) })),
  ];
  // The days the survey covers, ending at the as-of date (empty: the sales file's whole period).
  const options = p.options ?? {};
  const days = h('input', {
    type: 'number',
    id: 'profile-wallet-days',
    min: '1',
    step: '1',
    size: 6,
    value: w.options?.period_days ?? '',
    onchange: (e) => {
      const n = Number.parseInt(e.target.value, 10);
      ctx.profile({ ...options, wallet: { ...(options.wallet ?? {}), period_days: n > 0 ? n : null } });
    },
  });
  lines.push(h('p', null, h('label', { for: 'profile-wallet-days' }, t('profile.wallet.days')), ' ', days));
  if (w.over_100) lines.push(h('p', { class: 'hint', dataset: { code: 'wallet_over_100' } }, t('profile.wallet.over_100', { n: fmtInt(w.over_100) })));
  const grid = dataTable({
    id: 'profile-wallet-grid',
    name: 'share-of-wallet',
    caption: t('profile.wallet.grid.caption'),
    columns: [
      { key: 'key', label: t('profile.wallet.col.cell'), text: (c) => t(`profile.wallet.cell.${c.key}`) },
      { key: 'customers', label: t('profile.wallet.col.customers'), num: true, text: (c) => fmtInt(c.customers) },
      { key: 'spend', label: t('profile.wallet.col.spend'), num: true, text: (c) => fmtMoney(c.spend) },
      { key: 'category_spend', label: t('profile.wallet.col.category_spend'), num: true, text: (c) => fmtMoney(c.category_spend) },
    ],
    rows: w.grid,
  });
  const winning = dataTable({
    id: 'profile-wallet-winning',
    name: 'worth-winning',
    caption: t('profile.wallet.winning.title', { n: fmtInt(w.worth_winning_customers) }),
    columns: [
      { key: 'customer', label: t('profile.wallet.col.customer'), text: (c) => c.customer },
      { key: 'spend', label: t('profile.wallet.col.spend'), num: true, text: (c) => fmtMoney(c.spend) },
      { key: 'category_spend', label: t('profile.wallet.col.category_spend'), num: true, text: (c) => fmtMoney(c.category_spend) },
      { key: 'share', label: t('profile.wallet.col.share'), num: true, text: (c) => fmtPercent(c.share) },
      { key: 'headroom', label: t('profile.wallet.col.headroom'), num: true, text: (c) => fmtMoney(c.headroom) },
    ],
    rows: w.worth_winning,
  });
  const csv = h('p', null, h('button', { type: 'button', id: 'profile-wallet-csv', class: 'csv', onclick: () => downloadCsv(csvName('worth-winning'), p.walletCsv ?? '') }, t('profile.wallet.csv')));
  return h('section', { id: 'profile-wallet', 'aria-labelledby': 'profile-wallet-title', dataset: { available: 'yes' } }, title, ...lines, grid, winning, csv);
}

/** Prospects that match: the drop zone, the model's check in words, the scored prospects and their CSV. */
function prospectsSection(r, p, ctx) {
  const title = h('h3', { id: 'profile-prospects-title' }, t('profile.prospects.title'));
  const f = p.prospectsFile;
  const [zone, input] = dropZone('prospects', t(f ? 'profile.prospects.loaded' : 'profile.prospects.drop', { name: f?.name ?? '' }), ctx.prospectsFile);
  const remove = f ? h('button', { type: 'button', id: 'profile-prospects-remove', onclick: () => ctx.prospectsFile(null) }, t('profile.prospects.remove')) : null;
  const children = [title, h('div', { class: 'profile-customers' }, zone, input, remove)];
  if (f && !p.customers) children.push(h('p', { id: 'profile-prospects-status', class: 'hint' }, t('profile.prospects.needs_customers')));
  const e = p.prospectsError;
  if (e) {
    const known = ['no_shared_attributes', 'no_contrast'].includes(e.code);
    children.push(h('p', { id: 'profile-prospects-error', class: 'error', role: 'alert', dataset: { code: e.code } }, known ? t(`profile.prospects.error.${e.code}`) : t('profile.prospects.error', { message: e.message })));
  }
  const x = p.prospects;
  if (x && !e) children.push(...prospectsResult(x, p, ctx));
  return h('section', { id: 'profile-prospects-section', 'aria-labelledby': 'profile-prospects-title' }, children);
}

function prospectsResult(x, p, ctx) {
  const group = groupName(x.group);
  const v = x.validation;
  const out = [];
  out.push(h('p', { id: 'profile-prospects-shared' }, t('profile.prospects.shared', { names: x.shared_attributes.map((a) => a.name).join(', ') })));
  out.push(
    h(
      'p',
      { id: 'profile-prospects-auc', dataset: { auc: v.auc === null ? '' : String(v.auc) } },
      v.auc === null ? t('profile.prospects.no_auc') : t('profile.prospects.auc', { n: fmtInt(v.holdout_customers), group, pct: fmtPercent(v.auc) }),
    ),
  );
  for (const n of x.notes) {
    const params = { group, n: fmtInt(n.params?.best ?? n.params?.values ?? 0) };
    const key = { prospects_weak: 'weak', few_best: 'few_best', prospect_row_numbers: 'row_numbers', prospects_unplaced: 'unplaced', not_converged: 'not_converged' }[n.code];
    if (key) out.push(h('p', { class: n.code === 'prospects_weak' ? 'warning' : 'hint', dataset: { code: n.code } }, t(`profile.prospects.${key}`, params)));
  }
  const reason = (q) => q.reasons.map((y) => t('profile.prospects.reason', { attribute: y.attribute, value: y.value })).join('; ');
  out.push(
    dataTable({
      id: 'profile-prospects-table',
      name: 'prospects',
      caption: t('profile.prospects.caption', { group }),
      columns: [
        { key: 'prospect', label: t('profile.prospects.col.prospect'), text: (q) => q.prospect },
        { key: 'score', label: t('profile.prospects.col.score'), num: true, value: (q) => q.score, text: (q) => fmtPercent(q.score) },
        { key: 'decile', label: t('profile.prospects.col.decile'), num: true, text: (q) => fmtInt(q.decile) },
        { key: 'expected_value', label: t('profile.prospects.col.expected_value'), num: true, value: (q) => q.expected_value, text: (q) => fmtMoney(q.expected_value) },
        { key: 'reasons', label: t('profile.prospects.col.reasons'), text: reason, value: reason },
      ],
      rows: x.prospects,
    }),
  );
  out.push(h('p', null, h('button', { type: 'button', id: 'profile-prospects-csv', class: 'csv', onclick: () => downloadCsv(csvName('prospects'), p.prospectsCsv ?? '') }, t('profile.prospects.csv'))));
  out.push(prospectListForm(p, ctx));
  return out;
}

/** Platforms a list can be laid out for (src/lists: Layout). */
const LIST_LAYOUTS = ['plain', 'mailchimp', 'klaviyo', 'google', 'meta'];

/**
 * The top prospects as a list to import: which score deciles, the platform's columns, SHA-256 for the ad
 * platforms; the core lays it out (src/lists/prospects.rs, as `clientela prospects --list-out`).
 */
function prospectListForm(p, ctx) {
  const pl = p.prospectList;
  const o = pl?.options ?? { layout: 'plain', deciles: 1, hash: false };
  const deciles = h(
    'select',
    { id: 'profile-prospects-list-deciles' },
    Array.from({ length: 10 }, (_, i) => h('option', { value: String(i + 1), selected: o.deciles === i + 1 }, t('profile.prospects.list.decile', { pct: fmtPercent((i + 1) / 10) }))),
  );
  const layout = h(
    'select',
    { id: 'profile-prospects-list-format' },
    LIST_LAYOUTS.map((l) => h('option', { value: l, selected: o.layout === l }, l === 'plain' ? t('list.format.plain') : l[0].toUpperCase() + l.slice(1))),
  );
  const canHash = () => layout.value === 'google' || layout.value === 'meta';
  const hash = h('input', { type: 'checkbox', id: 'profile-prospects-list-hash', checked: Boolean(o.hash) && canHash(), disabled: !canHash() });
  layout.addEventListener('change', () => {
    hash.disabled = !canHash();
    if (hash.disabled) hash.checked = false;
  });
  const save = () => ctx.prospectList({ layout: layout.value, deciles: Number(deciles.value), hash: hash.checked && !hash.disabled });
  const status = [];
  if (pl?.busy) status.push(h('p', { id: 'profile-prospects-list-status', role: 'status' }, t('profile.prospects.list.making')));
  else if (pl?.error) status.push(h('p', { id: 'profile-prospects-list-status', class: 'error', role: 'alert' }, t('profile.prospects.list.error', { message: pl.error.message })));
  else if (pl?.saved) {
    const notes = pl.saved.notes.map(listNote);
    status.push(h('p', { id: 'profile-prospects-list-status', role: 'status', dataset: { count: String(pl.saved.customers) } }, [t('profile.prospects.list.saved', { n: fmtInt(pl.saved.customers), tag: pl.saved.tag }), ...notes].join(' ')));
  }
  return h(
    'div',
    { id: 'profile-prospects-list', class: 'list-tools' },
    h('h4', null, t('profile.prospects.list.title')),
    h('p', { class: 'hint' }, t('profile.prospects.list.hint')),
    h('label', { for: 'profile-prospects-list-deciles' }, t('profile.prospects.list.deciles')),
    deciles,
    h('label', { for: 'profile-prospects-list-format' }, t('list.format')),
    layout,
    h('label', null, hash, ' ', t('list.hash')),
    h('button', { type: 'button', id: 'profile-prospects-list-save', class: 'csv', disabled: Boolean(pl?.busy || p.busy), onclick: save }, t('profile.prospects.list.save')),
    ...status,
  );
}
