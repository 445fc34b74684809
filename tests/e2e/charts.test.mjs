// Charts in one place, in node (no browser): every chart the page draws is built in www/charts.js and
// www/charts/ — the views call its builders with their numbers and labels. Only www/charts/base.js
// imports uPlot and makes uPlot charts; no view draws SVG of its own.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WWW = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'www');

/** The page's own .js files (not the generated or vendored ones), relative to www/ with '/' separators. */
function sources(dir = WWW) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return ['pkg', 'vendor'].includes(e.name) ? [] : sources(p);
    return e.name.endsWith('.js') && e.name !== 'build-info.js' ? [path.relative(WWW, p).split(path.sep).join('/')] : [];
  });
}

/** The names a file imports from www/charts.js. */
const chartImports = (text) => [...text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(?:\.\.\/)+charts\.js'/g)].flatMap((m) => m[1].split(',').map((n) => n.trim()).filter(Boolean));

const read = (rel) => fs.readFileSync(path.join(WWW, rel), 'utf8');

describe('charts in one place', () => {
  it('finds the page sources and the chart modules', () => {
    const files = sources();
    assert.ok(files.length > 40, `${files.length} files`);
    for (const f of ['charts.js', 'charts/base.js', 'charts/xy.js', 'charts/baskets.js']) assert.ok(files.includes(f), f);
  });

  it('imports uPlot and makes uPlot charts only in www/charts/base.js', () => {
    const found = sources().filter((f) => /uPlot\.esm\.js|\bnew uPlot\(/.test(read(f)));
    assert.deepEqual(found, ['charts/base.js']);
  });

  it('draws no chart in a view: no uPlot, no SVG elements, no figure() of its own', () => {
    const views = sources().filter((f) => f.startsWith('views/'));
    assert.ok(views.length > 15, `${views.length} view files`);
    const offenders = views.filter((f) => {
      const text = read(f);
      return /\buPlot\b|createElementNS|from '(?:\.\.\/)+charts\/|from '\.\/charts\.js'/.test(text) || chartImports(text).some((n) => ['figure', 'xyChart', 'axisStyle', 'categoryAxis', 'HEIGHT'].includes(n));
    });
    assert.deepEqual(offenders, []);
    // The scan reads the imports: the views that draw charts are found importing builders.
    const builders = views.filter((f) => chartImports(read(f)).some((n) => /Chart$|Svg$/.test(n)));
    assert.ok(builders.length >= 8, `views importing chart builders: ${builders.join(', ')}`);
  });
});
