// Sections of the segmentation report that group customers by their profile: k-means clusters, rule-based
// segments (with the rule editor) and threshold triggers (src/analysis/groups.rs, rules.rs). The editor
// and the trigger form ask the page to run the segmentation again through `view.rerun(changes)`; the page
// keeps every option of the view, so a re-run keeps the others.

import { h, fmtInt, fmtMoney, fmtOne } from '../../dom.js';
import { section, dataTable, bar, fmtPct, optionForm, numberInput, pickHint } from '../../tables.js';
import { t as tr } from '../../i18n/i18n.js';
import { explain } from '../../explain.js';
import { CORE } from '../../defaults.js';

/** The clustering form: on/off and the largest k. */
function clusterOptions(view) {
  if (!view?.rerun) return null;
  const cur = { ...CORE.clusters, ...(view.options?.clusters ?? {}) };
  const d = 'clusters-options-help clusters-options-error';
  const on = h('input', { type: 'checkbox', id: 'clusters-enabled', checked: cur.enabled, 'aria-describedby': d });
  on.checked = cur.enabled;
  const kMax = numberInput('clusters-k-max', cur.k_max, { min: 2, max: 10, describedBy: d });
  return optionForm({
    id: 'clusters-options',
    legend: tr('grp.clusters.legend'),
    fields: [
      { id: 'clusters-enabled', label: tr('grp.clusters.enabled'), input: on },
      { id: 'clusters-k-max', label: tr('grp.clusters.k_max'), input: kMax },
    ],
    apply: () =>
      view.rerun({ clusters: { ...cur, enabled: on.checked, k_max: Math.min(10, Math.max(2, Math.round(Number(kMax.value) || CORE.clusters.k_max))) } }, { focus: 'clusters-options-apply' }),
    reset: () => view.rerun({ clusters: null }, { focus: 'clusters-options-reset' }),
    help: tr('grp.clusters.help'),
  });
}
import { silhouetteChart } from '../../charts.js';

/** The numeric profile fields rules can use (src/analysis/groups.rs, NUMBER_FIELDS), for a report without rules. */
export const NUMBER_FIELDS = [
  'recency_days',
  'frequency',
  'monetary',
  'average_order_value',
  'tenure_days',
  'median_days_between',
  'purchase_days',
  'distinct_items',
  'returns',
  'returns_value',
  'discount_share',
  'margin',
  'purchases_per_month',
  'r_score',
  'f_score',
  'm_score',
];

/** The rules the editor starts with: fields every table has. */
export const EXAMPLE_RULES = 'frequency >= 10 -> "Regular"\nrecency_days > 180 -> "Gone quiet"\nmonetary >= 1000 -> "Big spender"\nelse "Other"';


/** Whether "How the groups were found" is open (kept when the segmentation is drawn again). */
let clustersHowOpen = false;

export function clusters(r, view) {
  const c = r.clusters;
  if (!c?.clusters) {
    if (!('clusters' in r) || !view?.rerun) return null;
    const off = view.options?.clusters?.enabled === false;
    return section('seg-clusters', tr('grp.clusters.title'), off ? tr('grp.clusters.off') : tr('grp.clusters.too_few'), clusterOptions(view));
  }
  const revenue = new Map((c.revenue ?? []).map((x) => [x.cluster, x]));
  const rows = c.clusters.map((k) => ({
    cluster: k.cluster,
    summary: k.description?.summary ?? '',
    size: k.size,
    share: k.share,
    revenue: revenue.get(k.cluster)?.revenue,
    revenue_share: revenue.get(k.cluster)?.revenue_share,
    recency_days: k.centre[0],
    frequency: k.centre[1],
    monetary: k.centre[2],
  }));
  const features = c.features?.columns?.map((f) => `${f.name}${f.log ? ' (log)' : ''}`).join(', ');
  return section(
    'seg-clusters',
    h('span', null, tr('grp.clusters.title'), ' ', explain('cluster')),
    // What the groups are, in plain words; the method (k-means, silhouette, inertia) and its options
    // behind a disclosure, which stays open across the re-runs its options start.
    tr('grp.clusters.lead'),
    dataTable({
      id: 'clusters-table',
      name: 'clusters',
      caption: tr('grp.clusters.caption', { count: c.best_k }),
      rowAttrs: view?.listCustomers ? (k) => view.listCustomers('cluster', k.cluster, tr('grp.clusters.list', { n: String(k.cluster + 1), summary: k.summary })) : null,
      columns: [
        { key: 'cluster', label: tr('grp.col.cluster'), num: true, text: (k) => String(k.cluster + 1) },
        { key: 'summary', label: tr('grp.col.summary') },
        { key: 'size', label: tr('seg.col.customers'), num: true, text: (k) => fmtInt(k.size) },
        { key: 'share', label: tr('seg.col.customer_share'), num: true, text: (k) => h('span', { class: 'bar-cell' }, bar(k.share, 'customers'), fmtPct(k.share)) },
        { key: 'revenue', label: tr('seg.col.revenue'), num: true, text: (k) => fmtMoney(k.revenue), hidden: true },
        { key: 'revenue_share', label: tr('seg.col.revenue_share'), num: true, text: (k) => h('span', { class: 'bar-cell' }, bar(k.revenue_share, 'revenue'), fmtPct(k.revenue_share)) },
        { key: 'recency_days', label: tr('grp.col.recency_days'), num: true, text: (k) => fmtOne(k.recency_days) },
        { key: 'frequency', label: tr(r.frequency_basis === 'orders' ? 'grp.col.orders' : 'grp.col.purchase_days'), num: true, text: (k) => fmtOne(k.frequency) },
        { key: 'monetary', label: tr('grp.col.monetary'), num: true, text: (k) => fmtMoney(k.monetary) },
      ],
      rows,
    }),
    pickHint(view),
    h(
      'details',
      { class: 'more', id: 'clusters-how', open: clustersHowOpen, ontoggle: (e) => (clustersHowOpen = e.currentTarget.open) },
      h('summary', null, tr('grp.clusters.how')),
      h('p', { class: 'hint' }, tr('grp.clusters.intro', { features: features ?? 'R, F, M', k_min: c.params.k_min, k_max: c.params.k_max, best_k: c.best_k, silhouette: c.silhouette.toFixed(3) })),
      clusterOptions(view),
      dataTable({
        id: 'silhouette-table',
        name: 'silhouette-curve',
        caption: tr('grp.silhouette.caption'),
        rowClass: (p) => (p.k === c.best_k ? 'chosen' : null),
        columns: [
          { key: 'k', label: 'k', num: true, text: (p) => (p.k === c.best_k ? tr('grp.silhouette.chosen', { k: String(p.k) }) : String(p.k)) },
          { key: 'silhouette', label: tr('grp.col.silhouette'), num: true, text: (p) => p.silhouette.toFixed(3) },
          { key: 'inertia', label: tr('grp.col.inertia'), num: true, text: (p) => fmtOne(p.inertia) },
        ],
        rows: c.curve,
      }),
      c.curve?.length ? silhouetteChart(c.curve, c.best_k) : null,
    ),
  );
}

/** Index in `text` of 1-based `line` and `column` (columns in characters, as the core counts them). */
export function caretIndex(text, line, column) {
  const lines = text.split('\n');
  let at = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length); i++) at += lines[i].length + 1;
  // Columns count characters (code points); a textarea's indices count UTF-16 units.
  const rest = Array.from(lines[Math.min(line - 1, lines.length - 1)] ?? '');
  return at + rest.slice(0, Math.max(0, column - 1)).join('').length;
}

/** Moves the caret of the rule editor in `root` to the rule error shown next to it (after a re-run). */
export function placeRuleCaret(root) {
  const area = root.querySelector('#rules-text');
  const error = root.querySelector('#rules-error');
  if (!area || !error || error.hidden) return;
  const at = caretIndex(area.value, Number(error.dataset.line), Number(error.dataset.column));
  area.focus();
  area.setSelectionRange(at, at);
}

export function ruleSegments(r, view) {
  const rs = r.rule_segments;
  const options = view?.options ?? {};
  const text = options.rules ?? rs?.rules ?? EXAMPLE_RULES;
  const fields = rs?.fields ?? NUMBER_FIELDS.map((name) => ({ name, kind: 'number' }));
  const area = h('textarea', { id: 'rules-text', rows: '6', spellcheck: 'false', 'aria-describedby': 'rules-help rules-error' });
  area.value = text;
  const apply = () => view?.rerun?.({ rules: area.value }, { focus: 'rules' });
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      apply();
    }
  });
  const err = rs?.error;
  const errorBox = h(
    'p',
    { id: 'rules-error', class: 'rule-error', role: 'alert', hidden: !err, dataset: err ? { line: String(err.line), column: String(err.column), kind: err.kind ?? '' } : {} },
    err ? tr('grp.rules.error', { line: String(err.line), column: String(err.column), message: err.message }) : '',
  );
  const preset = rs?.preset_applies
    ? h(
        'button',
        {
          type: 'button',
          id: 'rules-preset',
          onclick: () => {
            area.value = CORE.credit_card_preset.replaceAll('; ', '\n');
            apply();
          },
        },
        tr('grp.rules.preset'),
      )
    : null;
  const editor = h(
    'form',
    {
      class: 'rules-editor',
      onsubmit: (e) => {
        e.preventDefault();
        apply();
      },
    },
    h('label', { for: 'rules-text' }, tr('grp.rules.label')),
    area,
    errorBox,
    h('div', { class: 'buttons' }, h('button', { type: 'submit', id: 'rules-apply' }, tr('grp.rules.apply')), preset),
    h(
      'p',
      { id: 'rules-help', class: 'hint' },
      // The language's keywords are English in every language: shown as code.
      `${tr('grp.rules.help')} `.split(/\b(and|or|not)\b/).map((part, i) => (i % 2 ? h('code', null, part) : part)),
      fields.map((f, i) => [i ? ', ' : '', h('code', null, f.name), f.kind === 'text' ? ` ${tr('grp.rules.text')}` : '']),
      rs ? '.' : `. ${tr('grp.rules.more_fields')}`,
    ),
  );
  const labels = rs?.labels;
  return section(
    'seg-rules',
    h('span', null, tr('grp.rules.title'), ' ', explain('rule_segment')),
    rs ? null : tr('grp.rules.none'),
    editor,
    labels
      ? dataTable({
          id: 'rules-table',
          name: 'rule-segments',
          caption: tr('grp.rules.caption'),
          rowAttrs: view?.listCustomers ? (l) => view.listCustomers('rule', l.label, tr('grp.rules.list', { label: l.label })) : null,
          columns: [
            { key: 'label', label: tr('grp.col.label') },
            { key: 'customers', label: tr('seg.col.customers'), num: true, text: (l) => fmtInt(l.customers) },
            { key: 'customer_share', label: tr('seg.col.customer_share'), num: true, text: (l) => h('span', { class: 'bar-cell' }, bar(l.customer_share, 'customers'), fmtPct(l.customer_share)) },
            { key: 'revenue_share', label: tr('seg.col.revenue_share'), num: true, text: (l) => h('span', { class: 'bar-cell' }, bar(l.revenue_share, 'revenue'), fmtPct(l.revenue_share)) },
          ],
          rows: labels,
        })
      : null,
    labels ? pickHint(view) : null,
  );
}

export function triggers(r, view) {
  const t = r.triggers;
  const options = view?.options?.triggers ?? {};
  const amount = h('input', { type: 'number', id: 'trigger-amount', min: '0', step: 'any', required: true, value: String(options.amount ?? t?.amount ?? '') });
  const days = h('input', { type: 'number', id: 'trigger-days', min: '1', step: '1', value: String(options.days ?? t?.days ?? 30) });
  const form = h(
    'form',
    {
      class: 'triggers-form',
      onsubmit: (e) => {
        e.preventDefault();
        const a = Number(amount.value);
        const d = Math.round(Number(days.value || 30));
        if (!(amount.value !== '' && Number.isFinite(a) && a >= 0 && d >= 1)) return;
        view?.rerun?.({ triggers: { amount: a, days: d } }, { focus: 'triggers' });
      },
    },
    h('label', { for: 'trigger-amount' }, tr('grp.triggers.amount')),
    amount,
    h('label', { for: 'trigger-days' }, tr('grp.triggers.days')),
    days,
    h('button', { type: 'submit', id: 'trigger-apply' }, tr('grp.triggers.find')),
  );
  return section(
    'seg-triggers',
    h('span', null, tr('grp.triggers.title'), ' ', explain('trigger')),
    tr('grp.triggers.intro'),
    form,
    t
      ? [
          h(
            'p',
            { class: 'hint', id: 'triggers-summary' },
            tr('grp.triggers.summary', { count: t.customers.length, amount: fmtMoney(t.amount), days: t.days }),
            t.skipped_amounts ? ` ${tr('grp.triggers.skipped', { count: t.skipped_amounts })}` : '',
          ),
          dataTable({
            id: 'triggers-table',
            name: 'threshold-triggers',
            caption: tr('grp.triggers.caption', { amount: fmtMoney(t.amount), days: t.days }),
            columns: [
              { key: 'customer', label: tr('grp.col.customer') },
              { key: 'crossed_at', label: tr('grp.col.crossed_at') },
              { key: 'before', label: tr('grp.col.before'), num: true, text: (x) => fmtMoney(x.before) },
              { key: 'total', label: tr('grp.col.total'), num: true, text: (x) => fmtMoney(x.total) },
            ],
            rows: t.customers,
          }),
          t.customers.length && view?.listIds
            ? h('p', null, h('button', { type: 'button', id: 'triggers-list', onclick: () => view.listIds({ by: 'ids', value: '', ids: t.customers.map((c) => c.customer), title: tr('grp.triggers.caption', { amount: fmtMoney(t.amount), days: t.days }), name: 'threshold-triggers' }) }, tr('grp.triggers.list')))
            : null,
        ]
      : null,
  );
}
