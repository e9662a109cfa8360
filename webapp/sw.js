// The service worker: keeps the app shell (the page, its scripts, styles, manifest and icons) in
// a cache and serves it from there, so the app starts with no network at all. The build
// (cmake/EmbedAssets.cmake) writes the list of files and a version made of their hashes into the
// two placeholders below: any change to any file makes a new worker, which fills a new cache and
// deletes the old one. API calls are never cached here: the app keeps its own data (store.js).
const VERSION = '/*VERSION*/dev';
const SHELL = /*SHELL*/[];
const CACHE = `habitd-shell-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((key) => key.startsWith('habitd-shell-') && key !== CACHE).map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const isPage = request.mode === 'navigate' && url.pathname === '/';
  if (!isPage && !url.pathname.startsWith('/app/')) return;  // the API, /docs and the rest: the network
  // The shell from the cache first; the network only for what the cache lacks.
  event.respondWith(caches.open(CACHE)
    .then((cache) => cache.match(isPage ? '/' : request, { ignoreSearch: true }))
    .then((hit) => hit ?? fetch(request)));
});
