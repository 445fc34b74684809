// A small SVG renderer for the page's charts, from the same numbers the canvas chart draws (not a
// screenshot): bars (grouped, or stacked), lines and points over a category or numeric x axis, with the
// title, axis labels and a legend written in. Returns the SVG document as text.
//
// spec: {title, xLabel, yLabel, x: [labels or numbers], numericX?: bool, yMin?, yMax?, yFormat?(v),
//        stacked?: bool, series: [{label, values: [number|null], color, kind: 'bar'|'line'|'points', dash?}]}
// Each series is a <g class="series" data-kind data-label>; a line is one <polyline> whose points are the
// non-null values in order; points are <circle>s.

const W = 800;
const H = 480;
const M = { top: 48, right: 24, bottom: 96, left: 72 };

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const num = (v) => (Math.round(v * 100) / 100).toString();

export function chartSvg(spec) {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const n = spec.x.length;
  const bars = spec.series.filter((s) => s.kind === 'bar');
  // y range: the data (stacked bars add up), or the spec's.
  let hi = -Infinity;
  let lo = Infinity;
  const seen = (v) => {
    if (typeof v === 'number' && Number.isFinite(v)) {
      hi = Math.max(hi, v);
      lo = Math.min(lo, v);
    }
  };
  if (spec.stacked) for (let i = 0; i < n; i++) seen(bars.reduce((a, s) => a + (s.values[i] ?? 0), 0));
  for (const s of spec.series) if (!(spec.stacked && s.kind === 'bar')) s.values.forEach(seen);
  const yMin = spec.yMin ?? Math.min(0, Number.isFinite(lo) ? lo : 0);
  const yMax = spec.yMax ?? (Number.isFinite(hi) && hi > yMin ? hi : yMin + 1);
  const y = (v) => M.top + ph - ((v - yMin) / (yMax - yMin || 1)) * ph;
  let x;
  let slot = pw / Math.max(n, 1);
  if (spec.numericX) {
    const xs = spec.x.map(Number);
    const xLo = Math.min(...xs);
    const xHi = Math.max(...xs);
    x = (i) => M.left + ((Number(spec.x[i]) - xLo) / (xHi - xLo || 1)) * pw;
    slot = pw / Math.max(n, 1);
  } else x = (i) => M.left + slot * (i + 0.5);
  const fmt = spec.yFormat ?? ((v) => num(v));
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="12">`);
  out.push(`<title>${esc(spec.title)}</title>`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${M.left}" y="28" font-size="16" font-weight="600" fill="#1d2330">${esc(spec.title)}</text>`);
  // Grid and y axis: five steps.
  out.push('<g class="axis y">');
  for (let k = 0; k <= 5; k++) {
    const v = yMin + ((yMax - yMin) * k) / 5;
    out.push(`<line x1="${M.left}" x2="${M.left + pw}" y1="${num(y(v))}" y2="${num(y(v))}" stroke="#e6e9ef"/>`);
    out.push(`<text x="${M.left - 6}" y="${num(y(v) + 4)}" text-anchor="end" fill="#5b6474">${esc(fmt(v))}</text>`);
  }
  out.push(`<text transform="translate(16 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle" fill="#5b6474">${esc(spec.yLabel)}</text>`);
  out.push('</g>');
  // x axis: at most about 12 labels.
  const step = Math.max(1, Math.ceil(n / 12));
  out.push('<g class="axis x">');
  out.push(`<line x1="${M.left}" x2="${M.left + pw}" y1="${M.top + ph}" y2="${M.top + ph}" stroke="#5b6474"/>`);
  for (let i = 0; i < n; i += step) out.push(`<text x="${num(x(i))}" y="${M.top + ph + 16}" text-anchor="middle" fill="#5b6474">${esc(spec.xLabels?.[i] ?? spec.x[i])}</text>`);
  out.push(`<text x="${M.left + pw / 2}" y="${M.top + ph + 36}" text-anchor="middle" fill="#5b6474">${esc(spec.xLabel)}</text>`);
  out.push('</g>');
  // Bars.
  const base = new Array(n).fill(0);
  const bw = spec.stacked ? slot * 0.7 : (slot * 0.8) / Math.max(bars.length, 1);
  bars.forEach((s, b) => {
    out.push(`<g class="series" data-kind="bar" data-label="${esc(s.label)}" fill="${esc(s.color)}">`);
    for (let i = 0; i < n; i++) {
      const v = s.values[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      const from = spec.stacked ? base[i] : Math.max(0, yMin);
      const to = from + v;
      if (spec.stacked) base[i] = to;
      const left = spec.stacked ? x(i) - bw / 2 : x(i) - (slot * 0.8) / 2 + b * bw;
      const top = Math.min(y(from), y(to));
      out.push(`<rect x="${num(left)}" y="${num(top)}" width="${num(Math.max(bw - 1, 1))}" height="${num(Math.abs(y(from) - y(to)))}"><title>${esc(`${spec.xLabels?.[i] ?? spec.x[i]}: ${fmt(v)}`)}</title></rect>`);
    }
    out.push('</g>');
  });
  // Lines and points.
  for (const s of spec.series.filter((q) => q.kind !== 'bar')) {
    const pts = [];
    for (let i = 0; i < n; i++) {
      const v = s.values[i];
      if (typeof v === 'number' && Number.isFinite(v)) pts.push([x(i), y(v)]);
    }
    out.push(`<g class="series" data-kind="${s.kind}" data-label="${esc(s.label)}" data-points="${pts.length}">`);
    if (s.kind === 'line') out.push(`<polyline fill="none" stroke="${esc(s.color)}" stroke-width="2"${s.dash ? ' stroke-dasharray="6 4"' : ''} points="${pts.map(([a, b]) => `${num(a)},${num(b)}`).join(' ')}"/>`);
    else for (const [a, b] of pts) out.push(`<circle cx="${num(a)}" cy="${num(b)}" r="${s.size ?? 4}" fill="${esc(s.color)}"/>`);
    out.push('</g>');
  }
  // Legend.
  out.push('<g class="legend">');
  let lx = M.left;
  const ly = H - 24;
  for (const s of spec.series) {
    out.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${esc(s.color)}"/>`);
    out.push(`<text x="${lx + 18}" y="${ly}" fill="#1d2330">${esc(s.label)}</text>`);
    lx += 30 + String(s.label).length * 7;
  }
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n');
}
