// Kring's service worker: the app shell works offline. API responses are not cached here (the app keeps
// the last feed itself, per signed-in member); /v1 and the sign-in service always go to the network.
const VERSION = "__VERSION__";
const SHELL = __SHELL__;
const CACHE = `kring-shell-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("kring-shell-") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/v1/") || url.pathname.startsWith("/cognito/") || url.pathname.startsWith("/media-cdn/")) return;
  if (request.mode === "navigate") {
    // Network first for the page itself, so a new release shows at once; the cached shell when offline.
    event.respondWith(fetch(request).catch(() => caches.match("/index.html", { cacheName: CACHE })));
    return;
  }
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit ?? fetch(request)));
});
