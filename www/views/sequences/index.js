// The Sequences view (#sequences): what customers buy over time (src/sequence/).
// 1. "What comes next after item A": the timed rules "bought A, then B within N days" with A as anchor,
//    the customers left out because they were observed for less than N days after A, and the top rule
//    in one sentence.
// 2. The top timed rules of all pairs A → B.
// 3. The frequent sequential patterns ⟨{a, b} → {c}⟩ with their support over customers.
// The analyses run in the worker (ctx.sequences → analyses.js → worker.js → Session.sequences) after each
// read and whenever an option changes; item names from the file are always rendered as text.

import { h } from '../../dom.js';
import { t, fmtInt, fmtPercent, fmtOne } from '../../i18n/i18n.js';
import { explain } from '../../explain.js';
import { dataTable, numberInput } from '../../tables.js';
import { barChart, ACCENT, MUTED } from '../../charts.js';
import { stopControls, interrupted } from '../../stop.js';
import { CORE } from '../../defaults.js';

/**
 * The options of one panel: the core's page preset (src/sequence/params.rs SequenceOptions::page_preset,
 * sent with READY), the user's changes and the item A; set when the panel is first drawn after READY.
 */
const panelOptions = new WeakMap();

function optionsOf(panel) {
  if (!panelOptions.has(panel)) panelOptions.set(panel, { ...CORE.sequences, after: null });
  return panelOptions.get(panel);
}

export default {
  id: 'sequences',
  titleKey: 'view.sequences',
  blurbKey: 'view.sequences.blurb',
  mount(panel) {
    panel.dataset.rendered = '';
    panelOptions.delete(panel);
  },
  update(panel, state, ctx) {
    const s = state.sequences;
    // A finished read without an answer yet: ask, once per read (the answer or the busy state comes back
    // here). Keyed by the read: a request made while a re-read was running would be dropped, and a plain
    // "asked" flag then waited forever for it (the view said "Looking for sequences…" after any change of
    // a column's meaning).
    const read = state.readId === null || state.readId === undefined ? null : String(state.readId);
    if (state.report && read !== null && !s && panel.dataset.asked !== read && (!panel.hidden || state.printing)) {
      panel.dataset.asked = read;
      const o = optionsOf(panel);
      o.after = null;
      queueMicrotask(() => ctx.sequences(options(o), true));
    }
    const key = `${state.report ? 1 : 0}|${s?.seq ?? ''}|${s?.busy ? 1 : 0}|${s?.stopped ? 1 : 0}|${s?.error ? 1 : 0}|${state.language}`;
    if (panel.dataset.rendered === key) return;
    panel.dataset.rendered = key;
    // Keep the keyboard where it was: the form is drawn again with each answer.
    const focused = panel.contains(document.activeElement) ? document.activeElement.id : null;
    ctx.disposeCharts(panel);
    panel.replaceChildren(render(panel, state, ctx));
    if (focused) document.getElementById(focused)?.focus();
  },
};

/** The view's options as SequenceOptions (unset ones left out). */
function options(o) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== ''));
}

function render(panel, state, ctx) {
  const s = state.sequences;
  const title = h('h2', { id: 'sequences-title' }, t('seq.title'));
  if (!state.report || !s) {
    return h('section', { id: 'sequences-empty', 'aria-labelledby': 'sequences-title' }, title, h('p', null, t(state.report ? 'seq.running' : 'seq.empty')));
  }
  const o = optionsOf(panel);
  const reply = s.reply;
  const overall = reply?.overall;
  const target = reply?.target;
  // The item A: the one asked for, or (first run) the one the worker chose: the item most customers bought.
  if (!o.after && target?.timed?.after) o.after = target.timed.after.item;
  const names = new Map((s.items ?? []).map((x) => [x.item, x.name]));
  const run = () => ctx.sequences(options(o));
  return h(
    'div',
    { class: 'sequences', 'aria-busy': s.busy ? 'true' : 'false', dataset: { state: s.busy ? 'running' : interrupted(s) ? 'stopped' : reply?.error ? 'error' : 'done' } },
    h(
      'section',
      { id: 'seq-intro', 'aria-labelledby': 'sequences-title' },
      title,
      // What to do with it first; how a timed rule counts follows.
      h('p', { class: 'lead', id: 'seq-lead' }, t('seq.lead')),
      h('p', { class: 'hint' }, t('seq.intro')),
      s.busy || interrupted(s)
        ? h('p', { id: 'seq-status', role: 'status', class: 'hint' }, s.busy ? t('seq.running') : '')
        : h('p', { id: 'seq-status', role: 'status', class: 'hint', dataset: { ms: String(Math.round(reply?.ms ?? 0)), parts: JSON.stringify(reply?.parts ?? {}) } }, t('seq.done', { ms: fmtInt(reply?.ms ?? 0) })),
      // Run again asks for the item list too when the stopped run was the first.
      stopControls('seq', [s], { stop: () => ctx.stop(['sequences']), run: () => ctx.sequences(options(o), !s.items) }),
      reply?.error && !interrupted(s) ? h('p', { id: 'seq-error', class: 'option-error', role: 'alert' }, t('seq.error', { message: reply.error.message })) : null,
      form(o, s, run),
    ),
    overall || target || reply?.targetError ? nextAfter(o, target, reply?.targetError) : null,
    overall ? overallRules(overall) : null,
    overall ? patterns(overall, names) : null,
  );
}

/** The option form: item A and the timed-rule options, then the pattern options; re-runs on submit and on a changed select. */
function form(o, s, run) {
  const items = h(
    'datalist',
    { id: 'seq-items' },
    (s.items ?? []).map((x) => h('option', { value: x.item, label: x.name ? `${x.name} — ${t('seq.customers.n', { count: x.customers })}` : t('seq.customers.n', { count: x.customers }) })),
  );
  const after = h('input', { type: 'search', id: 'seq-after', list: 'seq-items', value: o.after ?? '', autocomplete: 'off', required: true, 'aria-describedby': 'seq-after-help' });
  const within = numberInput('seq-within', o.within_days, { min: 1 });
  const minCustomers = numberInput('seq-min-customers', o.min_customers, { min: 0 });
  const minCount = numberInput('seq-min-count', o.min_count, { min: 0 });
  const sort = h('select', { id: 'seq-sort' }, ['lift', 'share', 'count'].map((k) => h('option', { value: k, selected: o.sort === k }, t(`seq.sort.${k}`))));
  const support = numberInput('seq-min-support', +(o.min_support * 100).toFixed(4), { min: 0.01, max: 100, step: 'any' });
  const gap = h('input', { type: 'number', id: 'seq-max-gap', value: o.max_gap_days ?? '', min: '0', step: '1', placeholder: t('seq.none'), 'aria-describedby': 'seq-max-gap-help' });
  const maxLen = numberInput('seq-max-len', o.max_len ?? '', { min: 1 });
  const element = h('select', { id: 'seq-element' }, ['day', 'order'].map((k) => h('option', { value: k, selected: o.element === k }, t(`seq.element.${k}`))));
  const read = () => {
    const num = (el) => (el.value === '' ? null : Number(el.value));
    o.after = after.value.trim() || null;
    o.within_days = num(within);
    o.min_customers = num(minCustomers);
    o.min_count = num(minCount);
    o.sort = sort.value;
    const pct = num(support);
    o.min_support = pct === null ? null : pct / 100;
    o.max_gap_days = num(gap);
    o.max_len = num(maxLen);
    o.element = element.value;
  };
  const apply = () => {
    read();
    run();
  };
  const field = (id, label, input, term) => h('span', { class: 'option' }, h('label', { for: id }, label), term ? explain(term) : null, input);
  for (const sel of [sort, element]) sel.addEventListener('change', apply);
  return h(
    'form',
    {
      id: 'seq-options',
      class: 'options-form',
      onsubmit: (e) => {
        e.preventDefault();
        apply();
      },
    },
    h(
      'fieldset',
      null,
      h('legend', null, t('seq.options.timed')),
      field('seq-after', t('seq.after'), after),
      items,
      field('seq-within', t('seq.within'), within, 'seq_window'),
      field('seq-min-customers', t('seq.min_customers'), minCustomers),
      field('seq-min-count', t('seq.min_count'), minCount),
      field('seq-sort', t('seq.sort'), sort),
      h('p', { id: 'seq-after-help', class: 'hint' }, t('seq.after.help')),
    ),
    h(
      'fieldset',
      null,
      h('legend', null, t('seq.options.patterns')),
      field('seq-min-support', t('seq.min_support'), support, 'seq_support'),
      field('seq-max-gap', t('seq.max_gap'), gap),
      field('seq-max-len', t('seq.max_len'), maxLen),
      field('seq-element', t('seq.element'), element),
      h('p', { id: 'seq-max-gap-help', class: 'hint' }, t('seq.max_gap.help')),
    ),
    h('button', { type: 'submit', id: 'seq-apply' }, t('tables.apply')),
  );
}

/** "Code — name" as text (names come from the file: text only, never markup). */
function itemText(code, name) {
  return name ? `${code} — ${name}` : code;
}

/** The columns of a timed-rule table; `withA` adds the antecedent. */
function ruleColumns(withA) {
  const head = (key, term) => [t(`seq.col.${key}`), ' ', explain(term)];
  return [
    ...(withA
      ? [
          { key: 'antecedent', label: t('seq.col.antecedent'), text: (r) => itemText(r.antecedent, r.antecedent_name) },
          { key: 'antecedent_name', label: '', hidden: true, value: (r) => r.antecedent_name ?? '' },
        ]
      : []),
    { key: 'consequent', label: t('seq.col.consequent'), text: (r) => itemText(r.consequent, r.consequent_name) },
    { key: 'consequent_name', label: '', hidden: true, value: (r) => r.consequent_name ?? '' },
    { key: 'share', label: head('share', 'seq_share'), num: true, text: (r) => fmtPercent(r.share) },
    { key: 'count', label: head('count', 'seq_count'), num: true, text: (r) => fmtInt(r.count) },
    { key: 'customers_with_antecedent', label: head('observed', 'seq_observed'), num: true, text: (r) => fmtInt(r.customers_with_antecedent) },
    { key: 'excluded_short_observation', label: '', hidden: true },
    { key: 'median_lag_days', label: head('lag', 'seq_lag'), num: true, value: (r) => r.median_lag_days ?? '', text: (r) => (r.median_lag_days === null ? '—' : fmtOne(r.median_lag_days)) },
    { key: 'base_rate', label: head('base', 'seq_base'), num: true, text: (r) => fmtPercent(r.base_rate) },
    { key: 'lift', label: head('lift', 'lift'), num: true, value: (r) => r.lift ?? '', text: (r) => (r.lift === null ? '—' : `${fmtOne(r.lift)}×`) },
  ];
}

/** "What comes next after A": the exclusions, the top rule in words, the table. */
function nextAfter(o, target, error) {
  const a = target?.timed?.after;
  const n = target?.timed?.within_days ?? o.within_days;
  const rules = target?.timed_rules ?? [];
  const top = rules[0];
  const name = a ? itemText(a.item, a.name) : o.after ?? '';
  return h(
    'section',
    { id: 'seq-next', class: 'seg-section', 'aria-labelledby': 'seq-next-title' },
    h('h2', { id: 'seq-next-title' }, t('seq.next.title')),
    error ? h('p', { id: 'seq-target-error', class: 'option-error', role: 'alert' }, t('seq.error', { message: error.message })) : null,
    a
      ? h(
          'p',
          { id: 'seq-excluded', dataset: { excluded: String(a.excluded_short_observation), observed: String(a.observed), buyers: String(a.buyers) } },
          t('seq.next.excluded', { item: name, buyers: fmtInt(a.buyers), excluded: fmtInt(a.excluded_short_observation), observed: fmtInt(a.observed), days: fmtInt(n) }),
        )
      : null,
    top
      ? h(
          'p',
          { id: 'seq-top-sentence', class: 'lead' },
          t(top.lift === null ? 'seq.next.top.nolift' : 'seq.next.top', {
            observed: fmtInt(top.customers_with_antecedent),
            a: name,
            b: itemText(top.consequent, top.consequent_name),
            share: fmtPercent(top.share),
            days: fmtInt(n),
            lag: top.median_lag_days === null ? '—' : fmtOne(top.median_lag_days),
            lift: top.lift === null ? '—' : fmtOne(top.lift),
          }),
        )
      : a
        ? h('p', { id: 'seq-top-sentence' }, t('seq.next.none'))
        : null,
    rules.length ? shareChart(rules.slice(0, 10), name, n) : null,
    a ? dataTable({ id: 'seq-next-table', name: 'sequences-next', caption: t('seq.next.caption', { item: name, days: fmtInt(n) }), columns: ruleColumns(false), rows: rules, rowAttrs: (r) => ({ dataset: { item: r.consequent } }) }) : null,
  );
}

function overallRules(r) {
  const n = r.timed.within_days;
  return h(
    'section',
    { id: 'seq-rules', class: 'seg-section', 'aria-labelledby': 'seq-rules-title' },
    h('h2', { id: 'seq-rules-title' }, t('seq.rules.title')),
    h('p', { class: 'hint' }, t('seq.rules.intro', { days: fmtInt(n), until: r.timed.observed_until ?? '—' })),
    r.timed_rules.length
      ? dataTable({ id: 'seq-rules-table', name: 'sequences-rules', caption: t('seq.rules.caption', { days: fmtInt(n), count: r.timed_rules.length }), columns: ruleColumns(true), rows: r.timed_rules })
      : h('p', null, t('seq.rules.none')),
  );
}

/** ⟨{a, b} → {c}⟩ with item labels (names when the file has them), as text. */
export function patternText(elements, names) {
  const label = (x) => names.get(x) || x;
  return `⟨${elements.map((e) => `{${e.map(label).join(', ')}}`).join(' → ')}⟩`;
}

function patterns(r, names) {
  const rows = r.top_patterns;
  const columns = [
    { key: 'pattern', label: t('seq.col.pattern'), value: (p) => p.elements.map((e) => `{${e.join(', ')}}`).join(' -> '), text: (p) => patternText(p.elements, names) },
    { key: 'pattern_names', label: '', hidden: true, value: (p) => patternText(p.elements, names) },
    { key: 'customers', label: [t('seq.col.customers'), ' ', explain('seq_customers')], num: true, text: (p) => fmtInt(p.customers) },
    { key: 'support', label: [t('seq.col.support'), ' ', explain('seq_support')], num: true, text: (p) => fmtPercent(p.support) },
  ];
  return h(
    'section',
    { id: 'seq-patterns', class: 'seg-section', 'aria-labelledby': 'seq-patterns-title' },
    h('h2', { id: 'seq-patterns-title' }, t('seq.patterns.title'), ' ', explain('sequence')),
    h(
      'p',
      { id: 'seq-patterns-summary', dataset: { patterns: String(r.patterns), truncated: String(r.truncated) } },
      t('seq.patterns.summary', { patterns: fmtInt(r.patterns), customers: fmtInt(r.customers), count: fmtInt(r.min_support_count), share: fmtPercent(r.options.min_support <= 1 ? r.options.min_support : r.min_support_count / Math.max(1, r.customers)) }),
    ),
    r.truncated ? h('p', { id: 'seq-truncated', class: 'warning', role: 'status' }, t('seq.patterns.truncated', { patterns: fmtInt(r.patterns) })) : null,
    rows.length
      ? dataTable({ id: 'seq-patterns-table', name: 'sequences-patterns', caption: t('seq.patterns.caption', { count: rows.length }), columns, rows })
      : h('p', null, t('seq.patterns.none')),
  );
}

/**
 * The share of the buyers of A who bought each next item B within N days, next to B's base rate (what the
 * same customers would buy anyway): the gap between the two bars is the lift. The numbers are the table's.
 */
function shareChart(rules, item, n) {
  const share = rules.map((r) => r.share * 100);
  const base = rules.map((r) => r.base_rate * 100);
  const top = Math.max(1, ...share, ...base);
  return barChart({
    id: 'seq-share-chart',
    caption: t('seq.chart.caption', { item, days: fmtInt(n) }),
    title: t('seq.chart.title', { item, days: fmtInt(n) }),
    categories: rules.map((r) => r.consequent),
    xLabel: t('seq.col.consequent'),
    yLabel: t('seq.chart.y'),
    yFormat: (v) => `${v} %`,
    yRange: [0, top * 1.1],
    value: (v) => (v === null || v === undefined ? '—' : fmtPercent(v / 100)),
    series: [
      { label: t('seq.col.share'), values: share, color: ACCENT },
      { label: t('seq.col.base'), values: base, color: MUTED },
    ],
  });
}
