// Settings remembered in this browser (localStorage): language, theme, currency and the last column
// mapping choices per header line. Never any data from a file: the mapping is kept as column positions
// and role names under a key made of the column names.

const KEY = 'clientela.settings';

function load() {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

function save(s) {
  try {
    localStorage.setItem(KEY, JSON.stringify(s));
  } catch {
    // Storage full or blocked (private mode): settings are then per visit only.
  }
}

/** A remembered setting ('language' | 'theme' | 'currency'), or undefined. */
export function getSetting(name) {
  return load()[name];
}

/** Remembers a setting (undefined or '' forgets it). */
export function setSetting(name, value) {
  const s = load();
  if (value === undefined || value === '') delete s[name];
  else s[name] = value;
  save(s);
}

/** The key of a file's column layout: its column names in order. */
export const layoutKey = (columns) => columns.map((c) => c.name).join('\u001f');

/** The column roles last chosen for files with this column layout: [{column, role}] or undefined. */
export function getMapping(key) {
  return load().mappings?.[key];
}

/** Remembers the column roles chosen for this layout (an empty list forgets them); keeps the last 20 layouts. */
export function setMapping(key, columns) {
  const s = load();
  const m = { ...(s.mappings ?? {}) };
  delete m[key];
  if (columns?.length) m[key] = columns.map(({ column, role }) => ({ column: String(column), role: String(role) }));
  const keys = Object.keys(m);
  for (const k of keys.slice(0, Math.max(0, keys.length - 20))) delete m[k];
  s.mappings = m;
  save(s);
}

/** Light or dark: 'light' | 'dark' | 'system' (follows prefers-color-scheme). */
export function applyTheme(choice) {
  const dark = choice === 'dark' || (choice !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}
