// Views as tabs, routed by the URL hash: #overview, #data, #segments … (#glossary/gini opens the glossary
// at a term). Choosing a tab pushes a history entry, so back and forward move between views, and a reload
// keeps the view (the file itself is never stored: the page asks for it again).
//
// Each view of the registry (views/index.js) gets a tab in #views and a panel: the element #view-<id>
// when index.html has one, else a new <div> appended to #panels. mount(panel, ctx) is called once;
// update(panel, state, ctx) after every change of the page's state (a read, a segmentation, a language),
// and again when its tab is shown. Every view renders what it has (the printed report shows them all),
// but a view starts a long analysis of its own (rules, lifetime value, sequences) only while its panel
// is shown (!panel.hidden): the worker runs one thing at a time, and a list the user clicked must not
// wait behind analyses of views nobody opened.
// The tabs follow the WAI-ARIA tabs pattern: one tab in the tab order (roving tabindex), arrows, Home and
// End move between them.

import { h } from './dom.js';
import { t } from './i18n/i18n.js';
import { NEEDS, lacking } from './views/needs.js';
import { updateContents } from './contents.js';

/** The column roles (the Data view's column table) that give what a view lacks. */
const ROLES = { customers: ['customer'], dates: ['date'], items: ['item_code', 'item_name'], prices: ['unit_price', 'amount'] };

/**
 * The one sentence a view shows instead of its content when the file lacks what it needs: what is
 * missing (the first of `lacks`) and how to add it (the Data view's column table), and the way to
 * Baskets when the file has what Baskets needs (`missing`: everything the file lacks).
 */
function lacksNotice(view, lacks, missing, report, ctx) {
  const what = lacks[0];
  // A baskets file has no customers or dates to choose: there is nothing to map, Baskets is the view.
  const baskets = report?.layout === 'baskets' && (what === 'customers' || what === 'dates');
  // A per-customer summary has no column to choose: the line items are another file.
  const summary = what === 'lines';
  const roles = ROLES[what] ?? [];
  return h(
    'section',
    { class: 'lacks-notice', role: 'note', dataset: { lacks: what } },
    h('p', null, t(baskets ? 'lacks.baskets' : `lacks.${what}`, { view: t(view.titleKey), data: t('view.data'), baskets: t('view.baskets'), role: roles[0] ? t(`role.${roles[0]}`) : '', role2: roles[0] ? t(`role.${roles[1] ?? roles[0]}`) : '' })),
    h(
      'p',
      { class: 'lacks-actions' },
      baskets || summary ? null : h('button', { type: 'button', class: 'lacks-fix', onclick: () => ctx.fixColumn?.(null) }, t('lacks.fix')),
      view.id !== 'baskets' && !missing.includes('items') && !missing.includes('lines') ? h('button', { type: 'button', class: 'lacks-baskets', onclick: () => ctx.go?.('baskets') }, t('lacks.baskets.open', { baskets: t('view.baskets') })) : null,
    ),
  );
}

export function createRouter(views, ctx) {
  const tablist = document.getElementById('views');
  const panels = document.getElementById('panels');
  const ids = views.map((v) => v.id);
  // Static panels of views that are not registered are removed, never shown empty.
  for (const p of document.querySelectorAll('.view[id^="view-"]')) if (!ids.includes(p.id.slice(5))) p.remove();
  const entries = views.map((view) => {
    const tab = h('button', { type: 'button', role: 'tab', id: `tab-${view.id}`, 'aria-controls': `view-${view.id}`, 'aria-selected': 'false', tabindex: '-1', dataset: { view: view.id, i18n: view.titleKey } }, t(view.titleKey));
    let panel = document.getElementById(`view-${view.id}`);
    if (!panel) panel = h('div', { id: `view-${view.id}`, class: 'view', role: 'tabpanel', 'aria-labelledby': `tab-${view.id}`, tabindex: '-1', hidden: true });
    // Panels in registry order (index.html's own ones are moved): the printed report follows the tabs.
    panels.append(panel);
    panel.dataset.viewPanel = view.id;
    tablist.append(tab);
    return { view, tab, panel };
  });
  for (const e of entries) e.view.mount?.(e.panel, ctx);

  let currentId = null;
  /** The state of the last update, for a view shown later. */
  let lastState = null;

  /** A view's update, or the notice that replaces its content while the file lacks what it needs. */
  function updateEntry(e, state, missing) {
    const lacks = (NEEDS[e.view.id] ?? []).filter((n) => missing.includes(n));
    e.notice?.remove();
    e.notice = null;
    if (lacks.length) {
      e.notice = lacksNotice(e.view, lacks, missing, state.report, ctx);
      e.panel.prepend(e.notice);
      e.panel.dataset.lacks = lacks.join(' ');
      updateContents(e.panel);
      return;
    }
    delete e.panel.dataset.lacks;
    e.view.update?.(e.panel, state, ctx);
    // A long view's "On this page" menu follows the sections it drew.
    updateContents(e.panel);
  }
  function show(id, { focus = false } = {}) {
    const [name, anchor] = String(id ?? '').split('/');
    const target = ids.includes(name) ? name : ids[0];
    for (const e of entries) {
      const on = e.view.id === target;
      e.tab.setAttribute('aria-selected', String(on));
      e.tab.tabIndex = on ? 0 : -1;
      e.panel.hidden = !on;
      if (on && focus) e.tab.focus();
    }
    const changed = currentId !== target;
    currentId = target;
    document.body.dataset.view = target;
    // A view starts its own analysis only when shown (see update): it is told now that it is.
    if (changed && lastState) {
      const e = entries.find((x) => x.view.id === target);
      updateEntry(e, lastState, lacking(lastState.report));
    }
    if (anchor) document.getElementById(anchor)?.scrollIntoView();
  }
  /** Goes to a view: a new history entry unless it is already shown. */
  function go(id, opts) {
    if (location.hash !== `#${id}`) history.pushState(null, '', `#${id}`);
    show(id, opts);
  }
  for (const e of entries) {
    e.tab.addEventListener('click', () => go(e.view.id));
    e.tab.addEventListener('keydown', (ev) => {
      const i = entries.indexOf(e);
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: entries.length - 1 }[ev.key];
      if (to === undefined) return;
      ev.preventDefault();
      go(ids[(to + ids.length) % ids.length], { focus: true });
    });
  }
  window.addEventListener('hashchange', () => show(location.hash.slice(1)));
  window.addEventListener('popstate', () => show(location.hash.slice(1)));
  show(location.hash.slice(1));

  return {
    go,
    current: () => currentId,
    /**
     * Calls every view's update with the page's state; a view whose needs (NEEDS) the file lacks shows
     * its notice instead, its own content hidden (and not updated until a file has what it needs).
     */
    update(state) {
      lastState = state;
      const missing = lacking(state.report);
      for (const e of entries) updateEntry(e, state, missing);
    },
    entries,
  };
}
