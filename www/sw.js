// The service worker of the served app: it keeps the app's own files (the shell) so that Clientela opens
// and analyses files with no network.
//
// build-info.js (written by scripts/precache.mjs at every `bash scripts/build.sh`) lists the shell's
// files and a hash of their contents. The cache is named after that hash: a new build changes
// build-info.js, the browser sees a changed service worker, installs it with a new cache, and deletes the
// old cache when the new worker takes over (once every tab of the old version is closed, so a page never
// mixes files of two builds).
//
// Same-origin GETs are answered cache first; only the listed files are ever stored. User data never
// passes here: the page reads the chosen file locally and fetches nothing with it, and the downloads it
// makes are blob: URLs, which service workers do not see.

importScripts('build-info.js');

const { version, files } = self.CLIENTELA_BUILD;
const PREFIX = 'clientela-';
const CACHE = PREFIX + version;

self.addEventListener('install', (event) => {
  // cache: 'reload' skips the HTTP cache, so a host's cache headers cannot mix in files of an old build.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(files.map((f) => new Request(f, { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k)))),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(cacheFirst(request));
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const navigate = request.mode === 'navigate';
  // A page's query (?max-memory-mb=…) and a folder URL still open the kept index.html.
  let hit = await cache.match(request, { ignoreSearch: navigate });
  if (!hit && navigate && new URL(request.url).pathname.endsWith('/')) {
    hit = await cache.match(new URL('index.html', request.url).href);
  }
  return hit ?? fetch(request);
}
