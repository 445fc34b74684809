// A small static server for www/: the page needs http (module workers and wasm do not load from file://).
// Listens on 127.0.0.1 only; `PORT` chooses the port (default 8080). Tests and the benchmark import
// `serve({port: 0})` and read the port the system chose.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The folder served by default: the repository's www/. */
export const WWW = path.resolve(HERE, '..', 'www');

/**
 * The page's Content-Security-Policy, also sent as a header with every response: the page repeats it in a
 * meta tag (for any static host), but a worker follows only the policy of its own script's response, so
 * the header is what puts the worker's wasm instantiation under 'wasm-unsafe-eval'. worker-src 'self' also
 * admits the service worker (www/sw.js), manifest-src 'self' the web app manifest (both say so though
 * default-src 'self' would cover the manifest, so that the policy reads as what the app loads).
 */
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; img-src 'self' data:; manifest-src 'self'; " +
  "style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

/**
 * Starts serving `root`. Resolves to {server, port, url, close()} once listening.
 * `log(line)` receives one line per request (method, path, status); by default nothing is logged.
 * `cache` is the Cache-Control of served files: 'no-store' by default, so that a rebuilt app is never mixed
 * with cached files (the page's service worker keeps its own copy for offline use); benches/browser/coldpage.mjs
 * serves with 'max-age=3600' to measure a returning visit from the browser's cache.
 */
export function serve({ root = WWW, port = 8080, host = '127.0.0.1', log = null, csp = CSP, cache = 'no-store' } = {}) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    if (csp) res.setHeader('Content-Security-Policy', csp);
    const status = handle(base, req, res, cache);
    log?.(`${req.method} ${req.url} ${status}`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolve({
        server,
        port: actual,
        url: `http://${host}:${actual}/`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

function handle(base, req, res, cache) {
  const send = (status, body, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.end(req.method === 'HEAD' ? undefined : body);
    return status;
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed\n');

  let rel;
  let urlPath;
  try {
    urlPath = new URL(req.url, 'http://localhost').pathname;
    rel = decodeURIComponent(urlPath);
  } catch {
    return send(400, 'Bad request\n');
  }
  if (rel.includes('\0')) return send(400, 'Bad request\n');
  if (rel.endsWith('/')) rel += 'index.html';
  // Resolve and check containment: "..", encoded or not, can never leave the served folder.
  const file = path.resolve(base, '.' + path.posix.normalize('/' + rel));
  if (file !== base && !file.startsWith(base + path.sep)) return send(403, 'Forbidden\n');

  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return send(404, 'Not found\n');
  }
  if (stat.isDirectory()) {
    res.writeHead(301, { Location: urlPath + '/', 'Cache-Control': 'no-store' });
    res.end();
    return 301;
  }
  res.writeHead(200, {
    'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': stat.size,
    'Cache-Control': cache,
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
  } else {
    fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
  }
  return 200;
}

// Run directly: `node scripts/serve.mjs` (npm run serve).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = process.env.PORT === undefined ? 8080 : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a port number, not ${JSON.stringify(process.env.PORT)}`);
    process.exit(2);
  }
  if (!fs.existsSync(path.join(WWW, 'pkg', 'clientela.js'))) {
    console.error('Note: www/pkg is missing; build it first with `bash scripts/build.sh` (npm run build).');
  }
  serve({ port }).then(
    ({ url }) => console.log(`Clientela is served at ${url}`),
    (e) => {
      console.error(`Could not serve on 127.0.0.1:${port}: ${e.message}`);
      process.exit(1);
    },
  );
}
