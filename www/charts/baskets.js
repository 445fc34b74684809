// @ts-check
// The two drawings of the Baskets view, as small SVGs made here (no chart library: a few hundred points
// and arrows): the support × confidence scatter of the rules coloured by lift, and the network of the top
// rules (items as nodes on a circle, rules as arrows from each antecedent item to the consequent).
// Item names are SVG <text>/<title> nodes (text, never markup). Layouts are deterministic: the same
// report draws the same picture.

const NS = 'http://www.w3.org/2000/svg';

/** An SVG element; string children become text nodes. */
function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs ?? {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/** Lift → colour: from a light blue (lift at the minimum) to a dark orange (the maximum); readable on both themes. */
export function liftColour(lift, lo, hi) {
  const t = hi > lo ? Math.max(0, Math.min(1, (lift - lo) / (hi - lo))) : 1;
  const mix = (a, b) => Math.round(a + (b - a) * t);
  return `rgb(${mix(0x5a, 0xc2)}, ${mix(0xa0, 0x45)}, ${mix(0xe6, 0x0e)})`;
}

/** The range of lift over `rules` (for the colours and the legend). */
export function liftRange(rules) {
  const lifts = rules.map((r) => r.lift).filter(Number.isFinite);
  return lifts.length ? [Math.min(...lifts), Math.max(...lifts)] : [1, 1];
}

/**
 * The scatter: one circle per rule (data-rule = its index in `rules`), x = support, y = confidence, fill
 * by lift. `label(rule)` is the rule's text for the circle's <title>; `fmt` formats the axes' numbers.
 */
export function scatterSvg(rules, { title, xLabel, yLabel, label, fmtX, fmtY }) {
  const W = 640;
  const H = 320;
  const m = { l: 64, r: 16, t: 16, b: 48 };
  const xs = rules.map((r) => r.support);
  const xMax = Math.max(...xs, 0) * 1.05 || 1;
  const x = (v) => m.l + (v / xMax) * (W - m.l - m.r);
  const y = (v) => H - m.b - v * (H - m.t - m.b);
  const [lo, hi] = liftRange(rules);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, class: 'basket-svg', role: 'img', 'aria-label': title, 'data-chart': 'basket-scatter' },
    s('title', null, title),
    s('line', { x1: m.l, y1: H - m.b, x2: W - m.r, y2: H - m.b, class: 'axis' }),
    s('line', { x1: m.l, y1: m.t, x2: m.l, y2: H - m.b, class: 'axis' }),
    ticks.map((v) => [
      s('line', { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v), class: 'grid' }),
      s('text', { x: m.l - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, fmtY(v)),
      s('text', { x: x(v * xMax), y: H - m.b + 16, 'text-anchor': 'middle', class: 'tick' }, fmtX(v * xMax)),
    ]),
    s('text', { x: (W + m.l) / 2, y: H - 8, 'text-anchor': 'middle', class: 'axis-label' }, xLabel),
    s('text', { x: 14, y: (H - m.b) / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${(H - m.b) / 2})`, class: 'axis-label' }, yLabel),
    s(
      'g',
      { class: 'points' },
      // Highest lift drawn last (on top where points overlap); data-rule is the rule's index in the table.
      rules.map((r, i) => [r, i]).reverse().map(([r, i]) => s('circle', { cx: x(r.support).toFixed(1), cy: y(r.confidence).toFixed(1), r: 4, fill: liftColour(r.lift, lo, hi), 'data-rule': i }, s('title', null, label(r)))),
    ),
  );
}

/** The legend of the lift colours: a gradient bar from the lowest to the highest lift. */
export function liftLegend(rules, { label, fmt }) {
  const [lo, hi] = liftRange(rules);
  const id = `lift-gradient-${++gradients}`;
  return s(
    'svg',
    { viewBox: '0 0 320 40', class: 'basket-legend', role: 'img', 'aria-label': `${label}: ${fmt(lo)} – ${fmt(hi)}` },
    s('defs', null, s('linearGradient', { id }, s('stop', { offset: '0', 'stop-color': liftColour(lo, lo, hi) }), s('stop', { offset: '1', 'stop-color': liftColour(hi, lo, hi) }))),
    s('rect', { x: 60, y: 4, width: 200, height: 12, fill: `url(#${id})` }),
    s('text', { x: 56, y: 14, 'text-anchor': 'end', class: 'tick' }, fmt(lo)),
    s('text', { x: 264, y: 14, class: 'tick' }, fmt(hi)),
    s('text', { x: 160, y: 34, 'text-anchor': 'middle', class: 'axis-label' }, label),
  );
}
let gradients = 0;

/** The edges of the network: one per (rule, antecedent item, consequent item), in rule order. */
export function networkEdges(rules) {
  const edges = [];
  rules.forEach((r, i) => {
    for (const a of r.antecedent) for (const c of r.consequent) edges.push({ from: a, to: c, rule: i, lift: r.lift });
  });
  return edges;
}

/** The items of `rules`, sorted (the circle's order: deterministic). */
export function networkNodes(rules) {
  return [...new Set(rules.flatMap((r) => [...r.antecedent, ...r.consequent]))].sort();
}

/** The network of `rules`: items on a circle, arrows from antecedent to consequent, width and colour by lift. */
export function networkSvg(rules, { title, label }) {
  const W = 640;
  const H = 480;
  const cx = W / 2;
  const cy = H / 2;
  const R = Math.min(W, H) / 2 - 70;
  const nodes = networkNodes(rules);
  const at = new Map(nodes.map((n, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, nodes.length) - Math.PI / 2;
    return [n, { x: cx + R * Math.cos(a), y: cy + R * Math.sin(a), a }];
  }));
  const [lo, hi] = liftRange(rules);
  const width = (l) => 1 + 4 * (hi > lo ? (l - lo) / (hi - lo) : 1);
  const marker = `arrow-${++gradients}`;
  const edges = networkEdges(rules).map((e) => {
    const p = at.get(e.from);
    const q = at.get(e.to);
    // A slight bend to the right of the direction of travel, so that A → B and B → A are two arrows.
    const dx = q.x - p.x;
    const dy = q.y - p.y;
    const len = Math.hypot(dx, dy) || 1;
    const c = { x: (p.x + q.x) / 2 - (dy / len) * len * 0.12, y: (p.y + q.y) / 2 + (dx / len) * len * 0.12 };
    // Stop short of the target node so that the arrow head shows.
    const ex = q.x - c.x;
    const ey = q.y - c.y;
    const el = Math.hypot(ex, ey) || 1;
    const end = { x: q.x - (ex / el) * 8, y: q.y - (ey / el) * 8 };
    const d = `M${p.x.toFixed(1)},${p.y.toFixed(1)} Q${c.x.toFixed(1)},${c.y.toFixed(1)} ${end.x.toFixed(1)},${end.y.toFixed(1)}`;
    return s('path', { d, fill: 'none', stroke: liftColour(e.lift, lo, hi), 'stroke-width': width(e.lift).toFixed(1), 'marker-end': `url(#${marker})`, 'data-rule': e.rule, class: 'edge' }, s('title', null, label(rules[e.rule])));
  });
  return s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, class: 'basket-svg', role: 'img', 'aria-label': title, 'data-chart': 'basket-network' },
    s('title', null, title),
    s('defs', null, s('marker', { id: marker, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto' }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head' }))),
    s('g', { class: 'edges' }, edges),
    s(
      'g',
      { class: 'nodes' },
      nodes.map((n) => {
        const p = at.get(n);
        const right = Math.cos(p.a) >= 0;
        return s(
          'g',
          { class: 'node', 'data-item': n },
          s('circle', { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: 6 }),
          s('text', { x: (p.x + (right ? 10 : -10)).toFixed(1), y: (p.y + 4).toFixed(1), 'text-anchor': right ? 'start' : 'end', class: 'node-label' }, n.length > 28 ? `${n.slice(0, 27)}…` : n),
          s('title', null, n),
        );
      }),
    ),
  );
}
