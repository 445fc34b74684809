// The Glossary view (#glossary): every term the page uses, with its plain-language definition. The
// "?" buttons next to metrics (../explain.js) show the same definitions. A term's entry has the id
// term-<id>, so #glossary/term-gini opens the view at it.

import { h } from '../../dom.js';
import { t } from '../../i18n/i18n.js';

/** Every term, grouped; the text is glossary.<id>.term and glossary.<id>.def in the language files. */
export const TERMS = [
  ['glossary.group.basics', ['customer', 'order', 'revenue', 'aov', 'repeat_rate', 'as_of', 'window']],
  ['glossary.group.concentration', ['decile', 'pareto', 'top10', 'lorenz', 'gini']],
  ['glossary.group.rfm', ['rfm', 'recency', 'frequency', 'monetary', 'rfm_score', 'segment', 'segment_group']],
  ['glossary.group.lifecycle', ['lifecycle', 'stage_new', 'stage_active', 'stage_won_back', 'stage_lapsing', 'stage_lapsed', 'revenue_at_risk', 'returning_rate', 'cohort', 'high_affinity']],
  ['glossary.group.groups', ['spend_band', 'band_migration', 'profitable_classes', 'price_sensitivity', 'cluster', 'silhouette', 'rule_segment', 'trigger']],
  ['glossary.group.baskets', ['itemset', 'support', 'confidence', 'lift', 'leverage', 'conviction', 'sequence']],
  ['glossary.group.sequences', ['seq_window', 'seq_share', 'seq_count', 'seq_observed', 'seq_lag', 'seq_base', 'seq_customers', 'seq_support']],
  ['glossary.group.value', ['clv', 'bgnbd', 'gamma_gamma', 'p_alive', 'overdue', 'range80']],
  ['glossary.group.compare', ['compare_period', 'new_customer', 'period_repeat_rate', 'segment_migration']],
  ['glossary.group.predict', ['predict', 'auc', 'forecast', 'mape']],
  ['glossary.group.files', ['csv', 'json', 'formula_injection']],
];

export default {
  id: 'glossary',
  titleKey: 'view.glossary',
  blurbKey: 'view.glossary.blurb',
  mount(panel) {
    render(panel);
  },
  update(panel, state) {
    if (panel.dataset.lang !== state.language) render(panel, state.language);
  },
};

function render(panel, language) {
  panel.dataset.lang = language ?? '';
  panel.replaceChildren(
    h(
      'section',
      { id: 'glossary', class: 'glossary', 'aria-labelledby': 'glossary-title' },
      h('h2', { id: 'glossary-title' }, t('glossary.title')),
      h('p', { class: 'hint' }, t('glossary.intro')),
      TERMS.map(([group, ids]) =>
        h(
          'div',
          { class: 'glossary-group' },
          h('h3', null, t(group)),
          h(
            'dl',
            null,
            ids.map((id) => [h('dt', { id: `term-${id}`, tabindex: '-1' }, h('dfn', null, t(`glossary.${id}.term`))), h('dd', null, t(`glossary.${id}.def`))]),
          ),
        ),
      ),
    ),
  );
}
