// What each view needs of the file, and what a finished read's data report lacks (router.js shows a
// view whose needs are lacking as one sentence; read.js opens Baskets when the view shown cannot run).
/**
 * What each view needs of the file: `lines` (one row per purchase line, not a per-customer summary),
 * `customers` (a customer column), `dates`, `items`, `prices` (a price or amount column). A view whose need the file lacks shows one sentence instead (router.js, lacksNotice()).
 */
export const NEEDS = {
  overview: ['customers', 'dates'],
  segments: ['customers', 'dates'],
  baskets: ['lines', 'items'],
  sequences: ['lines', 'customers', 'dates', 'items'],
  value: ['customers', 'dates', 'prices'],
  profiles: ['customers', 'dates'],
  predict: ['lines', 'customers', 'dates'],
};

/**
 * What the finished read's data report lacks, of customers, dates, items and prices (an empty list
 * before a read, or when the read failed: then the error speaks). From the columns' roles and the
 * summary: a column chosen but empty throughout counts as lacking too.
 */
export function lacking(report) {
  if (!report || report.problem) return [];
  // A per-customer summary (made where the data lives, docs/warehouse.md) has customers, dates and values
  // per customer, but no line items: the analyses that need them refuse with the core's needs_line_items.
  if (report.layout === 'customers') return ['lines'];
  const roles = new Set((report.columns ?? []).map((c) => c.role));
  const s = report.summary ?? {};
  const out = [];
  if (!s.customers) out.push('customers');
  if (!s.first_date) out.push('dates');
  if (report.layout !== 'baskets' && !s.items) out.push('items');
  if (report.layout !== 'baskets' && !roles.has('unit_price') && !roles.has('amount')) out.push('prices');
  return out;
}
