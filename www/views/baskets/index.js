// The Baskets view (#baskets): "customers who buy X also buy Y". The options of the mining run (a form;
// each change mines again in the worker: analyses.js requestRules → Session.rules, src/basket/), a summary,
// the rules table (sortable by every metric, searchable, CSV), a support × confidence scatter coloured by
// lift, a network of the top rules and the most frequent items. Metrics and formulas: src/basket/rules.rs.
// Infinite conviction (confidence 1) arrives as null and is shown as "∞".

import { h } from '../../dom.js';
import { t, fmtInt, fmtPercent, currentLocale } from '../../i18n/i18n.js';
import { explain } from '../../explain.js';
import { dataTable, bar } from '../../tables.js';
import { scatterSvg, liftLegend, networkSvg, networkEdges } from '../../charts.js';
import { parseItems, formatItems, completions } from '../../item-list.js';
import { stageWords } from '../segments/life.js';
import { stopControls, interrupted } from '../../stop.js';
import { CORE, rulesStart } from '../../defaults.js';

/** Metric columns of the rules table, in order; `digits` is how they are shown, `percent`: as a share. */
const METRICS = [
  { key: 'support', digits: 2, percent: true },
  { key: 'confidence', digits: 1, percent: true },
  { key: 'lift', digits: 2 },
  { key: 'leverage', digits: 4 },
  { key: 'conviction', digits: 2 },
  { key: 'count', digits: 0 },
];
/** Rules drawn in the network (the first of the report's order). */
export const NETWORK_RULES = 20;
/** Items listed in the frequency table. */
const TOP_ITEMS = 20;
/** Suggestions offered under an item field while typing (the browser's list stays short). */
const ITEM_SUGGESTIONS = 30;

const formats = new Map();
/** `x` with exactly `digits` decimals in the page's locale; null conviction is "∞". */
export function fmtFixed(x, digits) {
  if (x === null) return '∞';
  if (typeof x !== 'number' || !Number.isFinite(x)) return '—';
  const key = `${currentLocale()}|${digits}`;
  if (!formats.has(key)) formats.set(key, new Intl.NumberFormat(currentLocale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }));
  return formats.get(key).format(x);
}

/** `x` (a share, 0.0102) as a percentage with `digits` decimals in the page's locale ("1.02 %"). */
export function fmtShare(x, digits) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '—';
  const key = `${currentLocale()}|%${digits}`;
  if (!formats.has(key)) formats.set(key, new Intl.NumberFormat(currentLocale(), { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }));
  return formats.get(key).format(x);
}

/**
 * The item key a run uses unless the user chose one: names when the file has an item name column (what a
 * marketer reads), codes otherwise; the form offers the other.
 */
export function itemKeyOf(b) {
  return b?.options?.item_key ?? b?.report?.options?.item_key ?? 'code';
}

/** What the user has chosen in the table (kept across re-renders of the same report). */
const ui = { query: '', sort: null, dir: -1 };

export default {
  id: 'baskets',
  titleKey: 'view.baskets',
  blurbKey: 'view.baskets.blurb',
  mount(panel) {
    panel.dataset.rendered = '';
  },
  update(panel, state, ctx) {
    const b = state.baskets;
    // A finished read: mine its baskets with the view's options once the view is shown (router.js).
    if (state.readId !== null && !b && (!panel.hidden || state.printing) && panel.dataset.asked !== String(state.readId)) {
      panel.dataset.asked = String(state.readId);
      queueMicrotask(() => ctx.rules());
    }
    const key = `${b ? `${b.read}.${b.seq}.${b.busy ? 1 : 0}.${b.stopped ? 1 : 0}.${b.error ? 1 : 0}` : 'none'}|${state.language}|${state.segmentsSeq}|${state.status}`;
    if (panel.dataset.rendered === key) return;
    panel.dataset.rendered = key;
    // A run re-draws the view: the control that had the focus (Run, a field) gets it back.
    const focused = panel.contains(document.activeElement) ? document.activeElement.id : '';
    panel.replaceChildren(render(state, ctx));
    if (focused) document.getElementById(focused)?.focus();
  },
};

function render(state, ctx) {
  const b = state.baskets;
  const title = h('h2', { id: 'baskets-title' }, t('baskets.title'));
  if (!b) {
    return h('section', { id: 'baskets-empty', 'aria-labelledby': 'baskets-title' }, title, h('p', null, t(state.status === 'busy' ? 'baskets.empty.busy' : 'baskets.empty')));
  }
  const r = b.report;
  const out = h(
    'div',
    { class: 'baskets', 'aria-busy': b.busy ? 'true' : null, dataset: { state: b.busy ? 'running' : interrupted(b) ? 'stopped' : b.error ? 'error' : 'done' } },
    h('section', { id: 'baskets-options-section', 'aria-labelledby': 'baskets-title' }, title, h('p', { class: 'lead', id: 'baskets-lead' }, t('baskets.lead')), h('p', { class: 'hint' }, t('baskets.intro')), optionsForm(b, state, ctx)),
    h('p', { id: 'baskets-status', class: 'hint', role: 'status' }, b.busy ? t('baskets.running') : r && !interrupted(b) ? t('baskets.done', { rules: fmtInt(r.rules ?? 0), ms: Math.round(b.ms) }) : ''),
    stopControls('baskets', [b], { stop: () => ctx.stop(['rules']), run: () => ctx.rules() }),
    b.error && !interrupted(b) ? h('p', { id: 'baskets-error', class: 'option-error', role: 'alert', dataset: { code: b.error.code } }, errorText(b.error)) : null,
  );
  // Element.append writes a null as the text "null": a section with nothing to show is left out.
  if (r) out.append(...[summary(r, state), rulesSection(r), compareSection(r, state), scatterSection(r), networkSection(r), itemsSection(r)].filter(Boolean));
  return out;
}

/**
 * The core's message in the page's words. too_many_itemsets names the option that would make the run fit
 * and its value (src/basket/error.rs): a support, else a length limit, else the width of the widest basket.
 */
function errorText(error) {
  const message = String(error.message ?? '');
  if (error.code === 'too_many_itemsets') {
    if (error.option === 'max_len') return t('baskets.err.too_many_len', { field: t('baskets.max_len').replace(/\s*[（(][^（(]*[)）]\s*$/, ''), len: error.value, detail: message });
    if (error.option === 'baskets') return t('baskets.err.too_wide', { items: fmtInt(Number(error.value)), detail: message });
    return t('baskets.err.too_many', { support: error.value ?? '—', detail: message });
  }
  if (error.code === 'unknown_item') return t('baskets.err.unknown_item', { detail: message });
  return t('baskets.err.other', { detail: message });
}

// ---------------------------------------------------------------------------------------------------
// Options

const num = (input) => (input.value.trim() === '' ? null : Number(input.value));

const CLASSES = ['top', 'core', 'falling'];

/**
 * The groupings of the segmentation report that the baskets can be mined within or compared across (the
 * GroupBy of src/analysis/listing.rs), each with its groups: `value` is what the core matches (group_of:
 * the RFM segment's name, the cluster's index, the stage's key, the band's label, the rule's label, the
 * class's key), `name` what people read, as the Segments view names them. Only groups with customers;
 * only groupings with a group.
 */
export function groupings(s) {
  if (!s) return [];
  const all = [
    ['segment', 'seg.rfm.title', s.rfm_segments, (g) => [g.name, t(`segment.${g.key}.name`), g.customers]],
    // Clusters are numbered from 1 for people (as in the Segments view), from 0 in the core.
    ['cluster', 'grp.clusters.title', s.clusters?.clusters, (k) => [String(k.cluster), t('baskets.group.cluster', { n: fmtInt(k.cluster + 1) }), k.size]],
    ['stage', 'life.stages.title', s.lifecycle?.stages, (x) => [x.stage, stageWords(x.stage)[0], x.customers]],
    ['band', 'life.bands.title', s.spend_bands?.bands, (b) => [b.band, b.band, b.customers]],
    ['rule', 'grp.rules.title', s.rule_segments?.labels, (l) => [l.label, l.label, l.customers]],
    ['class', 'seg.classes.title', s.profitable_classes?.classes, (c) => [c.key, CLASSES.includes(c.key) ? t(`seg.class.${c.key}`) : c.name, c.customers]],
  ];
  return all
    .map(([by, titleKey, rows, read]) => ({
      by,
      title: t(titleKey),
      groups: (Array.isArray(rows) ? rows : []).map(read).filter(([value, , customers]) => value !== '' && customers > 0).map(([value, name, customers]) => ({ value, name, customers })),
    }))
    .filter((g) => g.groups.length);
}

/** The people's name of group `value` of grouping `by` (the value itself when the report does not have it). */
function groupName(list, by, value) {
  return list.find((g) => g.by === by)?.groups.find((x) => x.value === value)?.name ?? value;
}

/** A "mine within" choice as the select writes it ("by=value"; a rule label may hold "=" itself). */
function choice(v) {
  const at = v.indexOf('=');
  return { by: v.slice(0, at), value: v.slice(at + 1) };
}

/**
 * An item field (include, exclude, targets): {input, list}. The items are written back as a typed list
 * (quoted where an item has a comma); `list`, a <datalist> of the report's items, completes the one
 * being typed (null without items).
 */
function itemField(id, items, labels) {
  const input = h('input', { type: 'text', id, value: formatItems(items), autocomplete: 'off', 'aria-describedby': 'basket-items-hint' });
  if (!labels.length) return { input, list: null };
  const list = h('datalist', { id: `${id}-list` });
  // Rebuilt as the text changes: the suggestions complete the last item and keep the ones before it.
  const fill = () => list.replaceChildren(...completions(input.value, labels, ITEM_SUGGESTIONS).map((v) => h('option', { value: v })));
  input.setAttribute('list', list.id);
  input.addEventListener('input', fill);
  fill();
  return { input, list };
}

/** Whether the form's finer options are shown (kept when the view is drawn again after a run). */
let moreOpen = false;

/** The items of the last run of this read that had a report (kept through a run that failed). */
const known = { read: null, key: null, labels: [] };

/**
 * The items the fields suggest: the report's item frequency list (every item: analyses.js asks for all of
 * them), most frequent first. Only when they are keyed (code or name) as the options key them.
 */
function itemLabels(b) {
  if (b.report) Object.assign(known, { read: b.read, key: b.report.options?.item_key ?? 'code', labels: (b.report.item_frequencies ?? []).map((x) => x.items[0]) });
  return known.read === b.read && known.key === itemKeyOf(b) ? known.labels : [];
}

function optionsForm(b, state, ctx) {
  const o = b.options;
  const baskets = b.report?.transactions?.baskets ?? null;
  const field = (id, labelKey, input, term, hint) => h('span', { class: 'option' }, h('label', { for: id }, t(labelKey)), term ? explain(term) : null, input, hint ?? null);
  const number = (id, value, attrs) => h('input', { type: 'number', id, value: value === null || value === undefined ? '' : String(value), ...attrs });
  const select = (id, value, options) => h('select', { id }, options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
  const count = h('output', { id: 'basket-min-count', for: 'basket-min-support', class: 'hint' });
  const support = number('basket-min-support', o.min_support ?? CORE.rules.min_support, { min: '0.0001', max: '1', step: 'any', required: true, 'aria-describedby': 'basket-min-count' });
  const showCount = () => {
    const f = Number(support.value);
    // count = ceil(fraction × baskets), as the core computes it (src/basket/params.rs).
    count.textContent = baskets !== null && f > 0 && f <= 1 ? t('baskets.min_count', { count: fmtInt(Math.max(1, Math.ceil(f * baskets - 1e-9))), baskets: fmtInt(baskets) }) : '';
  };
  support.addEventListener('input', showCount);
  showCount();
  const confidence = number('basket-min-confidence', o.min_confidence ?? CORE.rules.min_confidence, { min: '0', max: '1', step: 'any', required: true });
  const lift = number('basket-min-lift', o.min_lift, { min: '0', step: 'any' });
  const maxLen = number('basket-max-len', o.max_len, { min: '1', step: '1' });
  const maxRules = number('basket-max-rules', o.max_rules ?? CORE.rules.max_rules, { min: '1', max: '1000000', step: '1', required: true });
  const itemKey = select('basket-item-key', itemKeyOf(b), [['code', t('baskets.item_key.code')], ['name', t('baskets.item_key.name')]]);
  const sortBy = select('basket-sort-by', o.sort_by ?? CORE.rules.sort_by, METRICS.map((m) => [m.key, t(`baskets.col.${m.key}`)]));
  const labels = itemLabels(b);
  const include = itemField('basket-include', o.include, labels);
  const exclude = itemField('basket-exclude', o.exclude, labels);
  const targets = itemField('basket-targets', o.targets, labels);
  const prune = h('input', { type: 'checkbox', id: 'basket-prune', checked: Boolean(o.prune_redundant) });
  prune.checked = Boolean(o.prune_redundant);
  const groups = groupings(state.segments);
  // "Mine within": every group of every grouping, one <optgroup> per grouping; a value is "by=value".
  const within = o.segment ? `${o.segment.by}=${o.segment.value}` : '';
  const segment = groups.length
    ? h(
        'select',
        { id: 'basket-segment' },
        h('option', { value: '', selected: within === '' }, t('baskets.segment.all')),
        groups.map((g) =>
          h(
            'optgroup',
            { label: g.title },
            g.groups.map((x) => h('option', { value: `${g.by}=${x.value}`, selected: `${g.by}=${x.value}` === within }, `${x.name} (${fmtInt(x.customers)})`)),
          ),
        ),
      )
    : null;
  const compare = groups.length ? select('basket-compare', o.compare_by ?? '', [['', t('baskets.compare_by.none')], ...groups.map((g) => [g.by, g.title])]) : null;
  const apply = () => {
    const next = {
      min_support: Number(support.value),
      min_confidence: Number(confidence.value),
      min_lift: num(lift),
      max_len: num(maxLen),
      max_rules: Number(maxRules.value),
      item_key: itemKey.value,
      sort_by: sortBy.value,
      include: parseItems(include.input.value),
      exclude: parseItems(exclude.input.value),
      targets: parseItems(targets.input.value),
      prune_redundant: prune.checked,
      segment: segment?.value ? choice(segment.value) : null,
      compare_by: compare?.value || null,
    };
    ctx.rules(Object.fromEntries(Object.entries(next).filter(([, v]) => v !== null)));
  };
  return h(
    'form',
    { id: 'baskets-options', class: 'options-form', onsubmit: (e) => (e.preventDefault(), apply()) },
    h(
      'fieldset',
      null,
      h('legend', null, t('baskets.options')),
      field('basket-min-support', 'baskets.min_support', support, 'support', count),
      field('basket-min-confidence', 'baskets.min_confidence', confidence, 'confidence'),
      field('basket-item-key', 'baskets.item_key', itemKey),
      segment ? field('basket-segment', 'baskets.within', segment) : null,
      compare ? field('basket-compare', 'baskets.compare_by', compare) : null,
      // The finer options on demand (open across runs once opened): the form stays short.
      h(
        'details',
        { class: 'more', id: 'baskets-more', open: moreOpen, ontoggle: (e) => (moreOpen = e.currentTarget.open) },
        h('summary', null, t('baskets.more')),
        field('basket-min-lift', 'baskets.min_lift', lift, 'lift'),
        field('basket-max-len', 'baskets.max_len', maxLen),
        field('basket-sort-by', 'baskets.sort_by', sortBy),
        field('basket-max-rules', 'baskets.max_rules', maxRules),
        field('basket-include', 'baskets.include', [include.input, include.list]),
        field('basket-exclude', 'baskets.exclude', [exclude.input, exclude.list]),
        field('basket-targets', 'baskets.targets', [targets.input, targets.list]),
        h('p', { class: 'hint', id: 'basket-items-hint' }, t('baskets.items.hint')),
        h('span', { class: 'option option-check' }, prune, h('label', { for: 'basket-prune' }, t('baskets.prune'))),
      ),
      h('button', { type: 'submit', id: 'baskets-options-apply' }, t('baskets.run')),
      h('button', { type: 'button', id: 'baskets-options-reset', onclick: () => ctx.rules(rulesStart()) }, t('tables.reset')),
      h('p', { class: 'hint' }, t('baskets.options.help')),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------
// Summary

/** Which group the run was mined within, in people's words (null for all customers). */
function withinText(r, state) {
  const c = r.options?.segment;
  if (!c) return null;
  const list = groupings(state.segments);
  return t('baskets.in_segment', { grouping: list.find((g) => g.by === c.by)?.title ?? c.by, group: groupName(list, c.by, c.value) });
}

function summary(r, state) {
  const tr = r.transactions;
  const within = withinText(r, state);
  const card = (key, term, value, raw) => h('div', { class: 'figure-card' }, h('dt', null, t(`baskets.sum.${key}`), term ? [' ', explain(term)] : null), h('dd', { class: 'num', dataset: { key: `baskets.${key}`, value: String(raw) } }, value));
  return h(
    'section',
    { id: 'baskets-summary', 'aria-labelledby': 'baskets-summary-title' },
    h('h2', { id: 'baskets-summary-title' }, t('baskets.summary')),
    h('p', { class: 'hint', id: 'baskets-used' }, t('baskets.sum.options', { support: fmtShare(r.options.min_support, 2), confidence: fmtShare(r.options.min_confidence, 1), metric: t(`baskets.col.${r.options.sort_by}`) })),
    within ? h('p', { class: 'hint', id: 'baskets-within' }, within) : null,
    h(
      'dl',
      { class: 'figures' },
      card('baskets', null, fmtInt(tr.baskets), tr.baskets),
      card('items', null, fmtInt(tr.items), tr.items),
      card('min_count', 'support', fmtInt(r.min_count), r.min_count),
      card('itemsets', 'itemset', fmtInt(r.itemsets), r.itemsets),
      card('rules', null, fmtInt(r.rules ?? 0), r.rules ?? 0),
      card('shown', null, fmtInt(r.top_rules.length), r.top_rules.length),
    ),
    h('p', { class: 'hint' }, t('baskets.sum.note', { returns: fmtInt(tr.skipped_returns), repeated: fmtInt(tr.repeated_items), size: fmtFixed(tr.mean_basket_size, 1) })),
    r.truncated ? h('p', { class: 'hint', id: 'baskets-truncated' }, t('baskets.truncated', { shown: fmtInt(r.top_rules.length), total: fmtInt(r.rules ?? 0) })) : null,
  );
}

// ---------------------------------------------------------------------------------------------------
// Rules table

const items = (xs) => xs.join(', ');
const ruleText = (r) => `${items(r.antecedent)} → ${items(r.consequent)}`;

/** The rules the table shows: those matching the search (case-insensitive, over both sides), sorted. */
export function visibleRules(rules, query, sort, dir) {
  const q = query.trim().toLowerCase();
  const out = q ? rules.filter((r) => ruleText(r).toLowerCase().includes(q)) : [...rules];
  if (sort) {
    // null conviction is infinite: the largest. Ties keep the report's order (a stable sort).
    const v = (r) => (r[sort] === null ? Infinity : r[sort]);
    out.sort((a, b) => dir * (v(a) - v(b) || 0));
  }
  return out;
}

function rulesSection(r) {
  const box = h('div', { id: 'basket-rules-box' });
  const count = h('p', { id: 'basket-rules-count', class: 'hint', 'aria-live': 'polite' });
  const draw = () => {
    const rows = visibleRules(r.top_rules, ui.query, ui.sort, ui.dir);
    count.textContent = t('baskets.rules.count', { shown: fmtInt(rows.length), total: fmtInt(r.top_rules.length) });
    const sorting = box.contains(document.activeElement) ? document.activeElement.dataset.sort : null;
    box.replaceChildren(rulesTable(rows, draw));
    // The sort button just pressed keeps the focus (the table is drawn anew).
    if (sorting) box.querySelector(`button[data-sort="${sorting}"]`)?.focus();
  };
  const search = h('input', { type: 'search', id: 'basket-search', value: ui.query, oninput: (e) => ((ui.query = e.target.value), draw()) });
  draw();
  return h(
    'section',
    { id: 'baskets-rules', 'aria-labelledby': 'baskets-rules-title' },
    h('h2', { id: 'baskets-rules-title' }, t('baskets.rules')),
    h('p', { class: 'hint' }, t('baskets.rules.intro')),
    h('p', { class: 'option' }, h('label', { for: 'basket-search' }, t('baskets.search')), ' ', search),
    count,
    h('p', { class: 'hint print-only' }, t('baskets.print.first')),
    box,
  );
}

function rulesTable(rows, redraw) {
  const sortButton = (key) =>
    h(
      'button',
      { type: 'button', class: 'sort', dataset: { sort: key }, onclick: () => ((ui.dir = ui.sort === key ? -ui.dir : -1), (ui.sort = key), redraw()) },
      t(`baskets.col.${key}`),
      ui.sort === key ? (ui.dir < 0 ? ' ▼' : ' ▲') : '',
    );
  const columns = [
    { key: 'antecedent', label: t('baskets.col.antecedent'), value: (x) => items(x.antecedent) },
    { key: 'consequent', label: t('baskets.col.consequent'), value: (x) => items(x.consequent) },
    ...METRICS.map((m) => ({
      key: m.key,
      num: true,
      // The button is not printed (no controls on paper): its text is, once.
      label: h('span', { class: 'th-sort' }, sortButton(m.key), h('span', { class: 'print-only', 'aria-hidden': 'true' }, t(`baskets.col.${m.key}`)), m.key === 'count' ? null : explain(m.key)),
      // The CSV keeps the raw numbers ("inf" for an infinite conviction).
      value: (x) => (x[m.key] === null ? 'inf' : x[m.key]),
      text: (x) => (m.digits === 0 ? fmtInt(x[m.key]) : m.percent ? fmtShare(x[m.key], m.digits) : fmtFixed(x[m.key], m.digits)),
    })),
  ];
  const box = dataTable({ id: 'basket-rules', name: 'basket-rules', caption: t('baskets.rules.caption'), columns, rows });
  const ths = box.querySelectorAll('thead th');
  columns.forEach((c, i) => {
    if (c.key === ui.sort) ths[i]?.setAttribute('aria-sort', ui.dir < 0 ? 'descending' : 'ascending');
  });
  return box;
}

// ---------------------------------------------------------------------------------------------------
// Charts

function scatterSection(r) {
  if (!r.top_rules.length) return null;
  const title = t('baskets.scatter');
  return h(
    'section',
    { id: 'baskets-scatter', 'aria-labelledby': 'baskets-scatter-title' },
    h('h2', { id: 'baskets-scatter-title' }, title),
    h(
      'figure',
      { class: 'figure basket-figure', id: 'basket-scatter-figure' },
      scatterSvg(r.top_rules, { title, xLabel: t('baskets.col.support'), yLabel: t('baskets.col.confidence'), label: (x) => `${ruleText(x)}: ${t('baskets.col.lift')} ${fmtFixed(x.lift, 2)}`, fmtX: (v) => fmtPercent(v), fmtY: (v) => fmtPercent(v) }),
      liftLegend(r.top_rules, { label: t('baskets.legend.lift'), fmt: (v) => fmtFixed(v, 1) }),
      h('figcaption', null, t('baskets.scatter.caption', { count: fmtInt(r.top_rules.length) })),
    ),
  );
}

function networkSection(r) {
  const rules = r.top_rules.slice(0, NETWORK_RULES);
  if (!rules.length) return null;
  const title = t('baskets.network');
  const edges = networkEdges(rules);
  return h(
    'section',
    { id: 'baskets-network', 'aria-labelledby': 'baskets-network-title' },
    h('h2', { id: 'baskets-network-title' }, title),
    h(
      'figure',
      { class: 'figure basket-figure', id: 'basket-network-figure' },
      networkSvg(rules, { title, label: (x) => `${ruleText(x)}: ${t('baskets.col.lift')} ${fmtFixed(x.lift, 2)}` }),
      liftLegend(rules, { label: t('baskets.legend.lift'), fmt: (v) => fmtFixed(v, 1) }),
      h('figcaption', null, t('baskets.network.caption', { rules: fmtInt(rules.length), arrows: fmtInt(edges.length) })),
    ),
  );
}

function itemsSection(r) {
  const rows = (r.item_frequencies ?? []).slice(0, TOP_ITEMS);
  if (!rows.length) return null;
  const top = rows[0].support || 1;
  const columns = [
    { key: 'item', label: t('baskets.col.item'), value: (x) => items(x.items) },
    { key: 'count', label: t('baskets.col.baskets'), num: true, text: (x) => fmtInt(x.count) },
    { key: 'support', label: t('baskets.col.support'), num: true, text: (x) => h('span', { class: 'bar-cell' }, bar(x.support / top, 'customers'), ` ${fmtPercent(x.support)}`) },
  ];
  return h(
    'section',
    { id: 'baskets-items', 'aria-labelledby': 'baskets-items-title' },
    h('h2', { id: 'baskets-items-title' }, t('baskets.items')),
    h('p', { class: 'hint' }, t('baskets.items.intro')),
    dataTable({ id: 'basket-items', name: 'basket-items', caption: t('baskets.items.caption', { count: rows.length }), columns, rows }),
  );
}

// ---------------------------------------------------------------------------------------------------
// The lift of the top rules in each group of a grouping (src/basket/segments.rs)

/**
 * The comparison's groups (sorted by value in the core) in the order the Segments view lists them
 * (Champions before Loyal, cluster 1 before cluster 2, new before lapsed), with their index in the
 * comparison; groups the segmentation does not list (any more) come last.
 */
function columnOrder(c, list) {
  const order = new Map((list.find((g) => g.by === c.by)?.groups ?? []).map((x, i) => [x.value, i]));
  const at = (g) => order.get(g.group) ?? Infinity;
  return c.groups.map((g, i) => ({ ...g, i })).sort((a, b) => at(a) - at(b) || a.i - b.i);
}

function compareSection(r, state) {
  const c = r.comparison;
  if (!c || !c.rules.length) return null;
  const list = groupings(state.segments);
  const grouping = list.find((g) => g.by === c.by)?.title ?? c.by;
  const columns = [
    { key: 'rule', label: t('baskets.col.rule'), value: (x) => ruleText(x) },
    { key: 'lift', label: t('baskets.col.lift_all'), num: true, text: (x) => fmtFixed(x.lift, 2) },
    ...columnOrder(c, list).map((g) => ({
      key: `lift_${g.group}`,
      label: `${groupName(list, c.by, g.group)} (${fmtInt(g.baskets)})`,
      num: true,
      value: (x) => x.group_lift[g.i],
      text: (x) => fmtFixed(x.group_lift[g.i] ?? undefined, 2),
    })),
  ];
  return h(
    'section',
    { id: 'baskets-compare', 'aria-labelledby': 'baskets-compare-title', dataset: { by: c.by } },
    h('h2', { id: 'baskets-compare-title' }, t('baskets.compare.title', { grouping })),
    h('p', { class: 'hint' }, t('baskets.compare.intro', { grouping, without: fmtInt(c.baskets_without_group) })),
    dataTable({ id: 'basket-compare-table', name: 'basket-compare', caption: t('baskets.compare.caption', { count: c.rules.length, grouping }), columns, rows: c.rules }),
  );
}
