// Builds the one-file Clientela: dist/clientela.html, the page with its scripts, styles and the wasm
// inlined, that works when saved to disk and opened from file:// with no network (`npm run build:single`,
// after `bash scripts/build.sh`).
//
// esbuild bundles the page (the module scripts of www/index.html), the worker (www/worker.js) and the
// splitting worker (www/split.js) apart. The seam between the two ways of running is www/engine.js: here it
// is swapped for scripts/single/engine-page.js in the page bundle (start the worker from a blob: URL of the
// worker bundle, which the page bundle holds as a string) and engine-worker.js in the worker bundle
// (compile the inlined wasm, base64; start the splitting worker from a blob: URL of its bundle, which the
// worker bundle holds as a string). The page's own files are used as they are; the served app is unchanged.
//
// Elements of index.html marked `data-served-only` (the manifest, the service worker's registration) are
// left out. The stylesheets become one <style>, each script one inline <script type="module">, and the
// Content-Security-Policy is rewritten for the file (see singleCsp below). Each script is bundled apart,
// with its own copy of what it imports: the page should keep one entry (main.js) that imports the rest.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const WWW = path.join(ROOT, 'www');
/** Where the file is written by default (dist/ is in .gitignore). */
export const OUT = path.join(ROOT, 'dist', 'clientela.html');

const ENGINE = path.join(WWW, 'engine.js');
const WASM = path.join(WWW, 'pkg', 'clientela_bg.wasm');

/**
 * The file's Content-Security-Policy, as tight as works: nothing may be loaded from anywhere (default-src
 * 'none', connect-src 'none'); only the inline scripts and styles with exactly these hashes run (no
 * 'unsafe-inline'); 'wasm-unsafe-eval' lets the worker compile the wasm; the worker may only come from a
 * blob: URL (which the page makes from its own inlined code; a blob worker inherits this policy);
 * images only as data: (the page's icon link is one; as in the served policy). base-uri and
 * form-action do not fall back to default-src, so they are closed too. A fetch of anything (even of a
 * blob: the page made) would be refused: the one-file page must not fetch, it imports.
 */
export function singleCsp({ scriptHashes, styleHashes }) {
  const q = (hashes) => hashes.map((h) => `'sha256-${h}'`).join(' ');
  return (
    `default-src 'none'; script-src ${q(scriptHashes)} 'wasm-unsafe-eval'; worker-src blob:; ` +
    `style-src ${q(styleHashes)}; img-src data:; connect-src 'none'; object-src 'none'; ` +
    `base-uri 'none'; form-action 'none'`
  );
}

/** Builds the file; resolves to {out, bytes, csp, parts: {page, worker, wasm, css}} (sizes in bytes). */
export async function buildSingle({ out = OUT } = {}) {
  for (const f of [WASM, path.join(WWW, 'pkg', 'clientela.js')]) {
    if (!fs.existsSync(f)) throw new Error(`${path.relative(ROOT, f)} is missing: run \`bash scripts/build.sh\` first.`);
  }
  let html = fs.readFileSync(path.join(WWW, 'index.html'), 'utf8');

  // 1. What only the served app has.
  html = html
    .replace(/^[ \t]*<script\b[^>]*\bdata-served-only\b[^>]*>\s*<\/script>[ \t]*\n?/gm, '')
    .replace(/^[ \t]*<(?:link|meta)\b[^>]*\bdata-served-only\b[^>]*>[ \t]*\n?/gm, '');

  // 2. The splitting worker, the worker that holds it, then the page that holds that.
  const wasm = fs.readFileSync(WASM);
  // pkg/clientela.js names import.meta.url only when init() gets no module, which never happens here.
  const quiet = { 'empty-import-meta': 'silent' };
  const split = await bundle({ entryPoints: [path.join(WWW, 'split.js')], format: 'iife', logOverride: quiet });
  const worker = await bundle({
    entryPoints: [path.join(WWW, 'worker.js')],
    // A classic worker: nothing is left to import, and a classic blob: worker works in every browser.
    format: 'iife',
    plugins: [seam('worker', { 'clientela:wasm-base64': wasm.toString('base64'), 'clientela:split-code': split })],
    logOverride: quiet,
  });
  const scripts = [];
  for (const m of html.matchAll(/<script type="module" src="([^"]+)"><\/script>/g)) {
    const code = await bundle({
      entryPoints: [path.join(WWW, m[1])],
      format: 'esm',
      plugins: [seam('page', { 'clientela:worker-code': worker })],
    });
    // A page module that finds files next to itself would look for them beside the one file, in vain.
    if (code.includes('import.meta') || code.includes('worker.js')) {
      throw new Error(`${m[1]}: page code names import.meta or worker.js; start the engine through www/engine.js and import what it needs`);
    }
    scripts.push({ tag: m[0], code });
  }
  if (scripts.length === 0) throw new Error('www/index.html has no <script type="module" src="…"> to inline');

  // 3. The stylesheets, in their order, as one stylesheet (esbuild follows @import and inlines url()s).
  //    A media attribute (media="print") becomes the @import's condition, that is an @media block.
  const links = [...html.matchAll(/[ \t]*<link rel="stylesheet" href="([^"]+)"(?: media="([^"]+)")?>\n?/g)];
  if (links.length === 0) throw new Error('www/index.html has no <link rel="stylesheet" href="…"> to inline');
  const imports = links.map((l) => `@import ${JSON.stringify('./' + l[1])}${l[2] ? ' ' + l[2] : ''};`);
  const css = await bundle({
    stdin: { contents: imports.join('\n'), resolveDir: WWW, loader: 'css' },
    loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff2': 'dataurl' },
  });

  // 4. Assemble: styles where the first stylesheet was, scripts where they were, the file's own policy.
  for (const [what, text, end] of [['style', css, '</style'], ...scripts.map((s) => ['script', s.code, '</script'])]) {
    // Inline text ends at its closing tag; "<!--" can change how a script element is parsed.
    if (text.toLowerCase().includes(end) || text.includes('<!--')) throw new Error(`the inlined ${what} contains "${end}" or "<!--"`);
  }
  const indent = links[0][0].match(/^[ \t]*/)[0];
  html = html.replace(links[0][0], () => `${indent}<style>${css}</style>\n`);
  for (const l of links.slice(1)) html = html.replace(l[0], '');
  for (const s of scripts) html = html.replace(s.tag, () => `<script type="module">${s.code}</script>`);

  const hash = (text) => crypto.createHash('sha256').update(text, 'utf8').digest('base64');
  const csp = singleCsp({ scriptHashes: scripts.map((s) => hash(s.code)), styleHashes: [hash(css)] });
  const meta = /<meta http-equiv="Content-Security-Policy" content="[^"]*">/;
  if (!meta.test(html)) throw new Error('www/index.html has no Content-Security-Policy meta tag to rewrite');
  html = html.replace(meta, () => `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
  html = html.replace(
    /<!-- Everything comes from[^\n]*-->/,
    '<!-- One file: scripts, styles and the engine are inside it; its policy forbids loading anything. -->',
  );

  // 5. The licence of the code inlined from uPlot travels with it.
  const uplot = path.join(ROOT, 'node_modules', 'uplot');
  const license = fs.readFileSync(path.join(uplot, 'LICENSE'), 'utf8').replaceAll('--', '- -');
  const uplotVersion = JSON.parse(fs.readFileSync(path.join(uplot, 'package.json'), 'utf8')).version;
  html = html.replace(/<\/html>\s*$/, () => `</html>\n<!-- Includes uPlot ${uplotVersion}, under this licence:\n${license.trim()}\n-->\n`);

  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, html);
  return {
    out,
    bytes: Buffer.byteLength(html),
    csp,
    parts: { page: scripts.reduce((n, s) => n + s.code.length, 0), worker: worker.length, split: split.length, wasm: wasm.length, css: css.length },
  };
}

/** One esbuild bundle, returned as text (nothing is written). */
async function bundle(options) {
  const result = await esbuild.build({
    bundle: true,
    write: false,
    minify: true,
    charset: 'utf8',
    legalComments: 'inline',
    logLevel: 'warning',
    ...options,
  });
  return result.outputFiles[0].text;
}

/** The esbuild plugin that swaps www/engine.js for scripts/single/engine-<side>.js and serves `virtual`. */
function seam(side, virtual) {
  return {
    name: 'clientela-single-seam',
    setup(build) {
      build.onResolve({ filter: /(^|\/)engine\.js$/ }, (args) =>
        path.resolve(args.resolveDir, args.path) === ENGINE ? { path: path.join(HERE, 'single', `engine-${side}.js`) } : undefined,
      );
      build.onResolve({ filter: /^clientela:/ }, (args) => ({ path: args.path, namespace: 'clientela' }));
      build.onLoad({ filter: /.*/, namespace: 'clientela' }, (args) => {
        if (!(args.path in virtual)) throw new Error(`${args.path} is not part of the ${side} bundle`);
        return { contents: `export default ${JSON.stringify(virtual[args.path])};`, loader: 'js' };
      });
    },
  };
}

// Run directly: `node scripts/build-single.mjs [out.html]` (npm run build:single).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  buildSingle({ out: process.argv[2] ? path.resolve(process.argv[2]) : OUT }).then(
    ({ out, bytes, parts }) => {
      const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
      console.log(
        `[single] ${path.relative(process.cwd(), out) || out}: ${kb(bytes)} (wasm ${kb(parts.wasm)} as base64 in the worker; ` +
          `worker code ${kb(parts.worker)}, page code ${kb(parts.page)}, css ${kb(parts.css)})`,
      );
    },
    (e) => {
      console.error(`[single] ${e.message}`);
      process.exit(1);
    },
  );
}
