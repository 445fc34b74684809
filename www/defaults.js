// @ts-check
// The core's defaults and presets for the page's forms (src/defaults.rs): the RFM segments by
// group, the lifecycle rules, the clustering options, the credit-card rule preset and each analysis's
// options (FormDefaults' fields say whose). The worker sends them with READY (the wasm binding
// formDefaults()); the page keeps no copy of its own. Nothing that uses them is drawn before: every report
// comes from the engine after its READY.

/** @type {import('./types/core').FormDefaults} */
export const CORE = { segment_groups: [], lifecycle: null, clusters: null, credit_card_preset: '', rules: null, sequences: null, predict: null, forecast: null, clv_horizon: null, clv: null, compare: null, max_horizon: null, roles: [] };

/** Takes the defaults of READY. */
export function setCoreDefaults(/** @type {import('./types/core').FormDefaults} */ d) {
  Object.assign(CORE, d);
}

/** The RFM segment keys by group, groups best first: {best: ['champions', 'loyal'], growing: […], …}. */
export const segmentGroups = () => Object.fromEntries(CORE.segment_groups);

/** The Baskets view's first options and its Reset: the core's page preset of support and confidence. */
export const rulesStart = () => ({ min_support: CORE.rules.min_support, min_confidence: CORE.rules.min_confidence });

/** The forecast's first options (the Predict view's and the Overview's): the core's months ahead. */
export const forecastStart = () => ({ horizon_months: CORE.forecast.horizon_months });
