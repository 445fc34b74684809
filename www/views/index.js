// The registry of views, in tab order. A view is a module whose default export is
//   { id, titleKey, blurbKey, mount(panel, ctx), update(panel, state, ctx) }
// (see router.js for what each receives). Adding a view is one module and one line here; a view that is
// not listed is not shown anywhere (no tab, no panel, no link, not printed).

import overview from './overview.js';
import data from './data.js';
import segments from './segments.js';
import baskets from './baskets.js';
import sequences from './sequences.js';
import value from './value.js';
import glossary from './glossary.js';

export const VIEWS = [overview, data, segments, baskets, sequences, value, glossary];

/**
 * What each view needs of the file: `customers` (a customer column), `dates`, `items`, `prices` (a price
 * or amount column). A view whose need the file lacks shows one sentence instead (router.js, lacks()).
 */
export const NEEDS = {
  overview: ['customers', 'dates'],
  segments: ['customers', 'dates'],
  baskets: ['items'],
  sequences: ['customers', 'dates', 'items'],
  value: ['customers', 'dates', 'prices'],
};

/**
 * What the finished read's data report lacks, of customers, dates, items and prices (an empty list
 * before a read, or when the read failed: then the error speaks). From the columns' roles and the
 * summary: a column chosen but empty throughout counts as lacking too.
 */
export function lacking(report) {
  if (!report || report.problem) return [];
  const roles = new Set((report.columns ?? []).map((c) => c.role));
  const s = report.summary ?? {};
  const out = [];
  if (!s.customers) out.push('customers');
  if (!s.first_date) out.push('dates');
  if (report.layout !== 'baskets' && !s.items) out.push('items');
  if (report.layout !== 'baskets' && !roles.has('unit_price') && !roles.has('amount')) out.push('prices');
  return out;
}
