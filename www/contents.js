// @ts-check
// The in-page contents menu of a long view: "On this page", a list of links to the view's sections (their
// <h2> headings), at the top of its panel. The router calls updateContents(panel) after each update of a
// view; the menu is made again only when the list of sections changed, so that a re-run that draws the same
// sections keeps it as it is. A link scrolls to its section and moves the focus to the heading (a
// keyboard user lands where a sighted one looks); it does not touch the URL's hash, which names the view.

import { h } from './dom.js';
import { t } from './i18n/i18n.js';

/** A view with at least this many headed sections gets a menu. */
export const MIN_SECTIONS = 4;

/** Whether `el` is shown inside `panel`: no ancestor below the panel hidden or a closed disclosure (the panel itself may be hidden). */
function shown(el, panel) {
  for (let e = el.parentElement; e && e !== panel; e = e.parentElement) {
    if (e.hidden || (e.tagName === 'DETAILS' && !(/** @type {HTMLDetailsElement} */ (e).open))) return false;
  }
  return true;
}

/** A heading's words without its buttons (the glossary's "?"). */
function headingText(h2) {
  const copy = /** @type {HTMLElement} */ (h2.cloneNode(true));
  for (const b of copy.querySelectorAll('button, .explained, .definition, .print-only')) b.remove();
  return copy.textContent.replace(/\s+/g, ' ').trim();
}

/**
 * The headed sections of `panel`: [{id, text, heading}], in reading order. Sections are those with an
 * <h2>, and those marked data-contents with an <h3> (the Profiles view's attributes).
 */
export function sectionsOf(panel) {
  const out = [];
  for (const h2 of panel.querySelectorAll('h2, [data-contents] > h3')) {
    if (h2.closest('nav.contents, .lacks-notice, [role="alert"]')) continue;
    const target = h2.closest('[data-contents][id]') ?? h2.closest('section[id]') ?? (h2.id ? h2 : null);
    // One entry per section (a section's second heading belongs to the first one's entry).
    if (!target || !panel.contains(target) || !shown(h2, panel) || out.some((s) => s.id === target.id)) continue;
    const text = headingText(h2);
    if (text) out.push({ id: target.id, text, heading: h2 });
  }
  return out;
}

/** Makes, remakes or removes the contents menu of `panel` after its view drew. */
export function updateContents(panel) {
  const old = panel.querySelector(':scope > nav.contents');
  const list = panel.dataset.lacks ? [] : sectionsOf(panel);
  const key = `${t('contents.title')}|${list.map((s) => `${s.id}:${s.text}`).join('|')}`;
  if (list.length < MIN_SECTIONS) {
    old?.remove();
    return;
  }
  if (old && old.dataset.key === key) {
    // Kept; the view may have drawn its content before it.
    if (panel.firstElementChild !== old) panel.prepend(old);
    return;
  }
  const nav = h(
    'nav',
    { class: 'contents', 'aria-label': t('contents.title'), dataset: { key } },
    h('p', { class: 'contents-title' }, t('contents.title')),
    h(
      'ul',
      null,
      list.map((s) =>
        h(
          'li',
          null,
          h(
            'a',
            {
              href: `#${s.id}`,
              dataset: { section: s.id },
              onclick: (e) => {
                e.preventDefault();
                const section = document.getElementById(s.id);
                const heading = /** @type {HTMLElement | null} */ (section?.matches('h2') ? section : section?.querySelector(':scope > h2, :scope > h3, h2'));
                section?.scrollIntoView({ block: 'start' });
                if (heading) {
                  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
                  heading.focus({ preventScroll: true });
                }
              },
            },
            s.text,
          ),
        ),
      ),
    ),
  );
  if (old) old.replaceWith(nav);
  panel.prepend(nav);
}
