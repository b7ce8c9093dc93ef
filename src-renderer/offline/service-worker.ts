/**
 * Web workspace only: precaches the app shell listed in offline-manifest.json so a reload with no
 * network still opens the workspace, which then reads everything from IndexedDB. API and socket
 * traffic always goes to the network; only our own static files are ever served from cache.
 */

// Minimal shapes of the service-worker globals, so this file needs no separate "webworker" lib.
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Promise<Response>): void;
}
interface ServiceWorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', l: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', l: (e: FetchEvent) => void): void;
}

const sw = self as unknown as ServiceWorkerScope;
const PREFIX = 'promptly-shell-';
const SHELL = new URL('./', sw.location.href).href;
const NETWORK_ONLY = /\/(api|socket\.io|healthz)(\/|$)/;

async function currentCacheName(): Promise<string | null> {
  const keys = await caches.keys();
  return (
    keys
      .filter((k) => k.startsWith(PREFIX))
      .sort()
      .pop() ?? null
  );
}

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const res = await fetch(new URL('./offline-manifest.json', SHELL), { cache: 'no-store' });
      const manifest = (await res.json()) as { version: string; files: string[] };
      const cache = await caches.open(`${PREFIX}${manifest.version}`);
      await cache.addAll([SHELL, ...manifest.files.map((f) => new URL(f, SHELL).href)]);
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const keep = await currentCacheName();
      const keys = await caches.keys();
      await Promise.all(
        keys.filter((k) => k.startsWith(PREFIX) && k !== keep).map((k) => caches.delete(k)),
      );
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (
    request.method !== 'GET' ||
    url.origin !== sw.location.origin ||
    NETWORK_ONLY.test(url.pathname)
  )
    return;
  event.respondWith(
    (async () => {
      const name = await currentCacheName();
      const cache = name ? await caches.open(name) : null;
      if (request.mode === 'navigate') {
        // Fresh shell when online (picks up deploys), cached shell when not.
        try {
          return await fetch(request);
        } catch {
          const shell = await cache?.match(SHELL, { ignoreVary: true });
          if (shell) return shell;
          throw new Error('offline and no cached shell');
        }
      }
      // ignoreVary: the hub varies on Origin (CORS), and module scripts are requested with an
      // Origin header that the precache requests did not carry; the bytes are the same.
      const hit = await cache?.match(request.url, { ignoreVary: true });
      return hit ?? fetch(request);
    })(),
  );
});
