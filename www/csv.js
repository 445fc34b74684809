// CSV made in the page from report values, and its download (a Blob URL: same origin, nothing is sent).
//
// Text cells that a spreadsheet would run as a formula (beginning with = + - @, a tab or a carriage
// return) get a leading apostrophe; numbers stay plain numbers, at full precision.

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
