// Definitions at hand: a small "?" button next to a metric that shows its short definition from the
// glossary (the same text as the Glossary view) and a link to the whole entry. A real <button> with
// aria-expanded and aria-controls: keyboard and screen readers work without extra code.

import { h } from './dom.js';
import { t } from './i18n/i18n.js';

let next = 0;

/** The "?" disclosure for glossary term `term` (e.g. 'gini'). */
export function explain(term) {
  const id = `def-${term}-${++next}`;
  const box = h(
    'span',
    { class: 'definition', id, hidden: true, role: 'note' },
    t(`glossary.${term}.def`),
    ' ',
    h('a', { href: `#glossary/term-${term}` }, t('explain.more')),
  );
  const button = h(
    'button',
    {
      type: 'button',
      class: 'explain',
      'aria-expanded': 'false',
      'aria-controls': id,
      'aria-label': t('explain.what', { term: t(`glossary.${term}.term`) }),
      dataset: { term },
      onclick: () => {
        const open = button.getAttribute('aria-expanded') !== 'true';
        button.setAttribute('aria-expanded', String(open));
        box.hidden = !open;
      },
    },
    '?',
  );
  return h('span', { class: 'explained' }, button, box);
}
