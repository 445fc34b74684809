// CSV made in the page from report values, and its download (a Blob URL: same origin, nothing is sent).
//
// Text cells that a spreadsheet would run as a formula (beginning with = + - @, a tab or a carriage
// return) get a leading apostrophe; numbers stay plain numbers, at full precision (amounts that should
// read as money are rounded by the caller: roundAmount()). Every file is named after the list and the
// file it came from ("online_retail-at-risk.csv"): csvName().

/** One CSV cell. */
export function csvCell(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** CSV text (CRLF line ends) from a header row and rows of values. */
export function toCsv(header, rows) {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Offers `text` as a file download named `name`. */
export function downloadCsv(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers; a minute later it has long started.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

let stem = '';

/** Sets the name of the file the lists come from (its extensions dropped: "online_retail.csv.gz" -> "online_retail"). */
export function setFileStem(fileName) {
  stem = slug(String(fileName ?? '').replace(/(\.(csv|tsv|txt|dat|gz|zip|xlsx|xls|ods|json))+$/i, ''), '_');
}

/** The name of the file the lists come from, as setFileStem() made it ("online_retail"; "" before any file). */
export const fileStem = () => stem;

/**
 * "At Risk" -> "at-risk": lower case, accents dropped, anything but letters and digits one hyphen
 * (`keep` = '_' keeps underscores too, for file names).
 */
export function slug(s, keep = '') {
  return String(s ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(keep ? /[^\p{L}\p{N}_]+/gu : /[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/** The download name of list `list`: "<file>-<list>.csv" ("<list>.csv" before any file). */
export function csvName(list) {
  const l = slug(list) || 'list';
  return stem ? `${stem}-${l}.csv` : `${l}.csv`;
}

/**
 * An amount rounded to 4 decimals, as the core's CSV writes them (src/segment/export.rs): sums in binary
 * floating point such as 5391.210000000009 read 5391.21. Not a number: null (an empty cell).
 */
export function roundAmount(v) {
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : null;
}
