/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Lets a board page reload without a network: the app's files are cached at install, and
 * each page is cached when it is loaded online. The board's content itself comes from the
 * browser's IndexedDB copy, not from here. The API and the sync socket are never cached.
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `debrief-${version}`;
const APP_FILES = new Set([...build, ...files]);
const NEVER_CACHED = /^\/(api|sync|healthz)(\/|$)/;

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(CACHE)
			.then((cache) => cache.addAll([...APP_FILES]))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
			.then(() => sw.clients.claim())
	);
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	const url = new URL(request.url);
	if (request.method !== 'GET' || url.origin !== sw.location.origin || NEVER_CACHED.test(url.pathname)) return;
	if (APP_FILES.has(url.pathname)) {
		event.respondWith(caches.match(url.pathname).then((cached) => cached ?? fetch(request)));
		return;
	}
	if (request.mode === 'navigate' || url.pathname.endsWith('/__data.json')) event.respondWith(networkFirst(request));
});

// A page loaded before this worker took control asks to be remembered for offline use.
sw.addEventListener('message', (event) => {
	const data = event.data as { type?: string; path?: string } | null;
	if (data?.type !== 'remember-page' || typeof data.path !== 'string' || !data.path.startsWith('/')) return;
	event.waitUntil(caches.open(CACHE).then((cache) => cache.add(new URL(data.path!, sw.location.origin).href)));
});

/** Online: the server's answer (remembered). Offline: the last answer for that page. */
async function networkFirst(request: Request): Promise<Response> {
	const cache = await caches.open(CACHE);
	const key = request.url.split('#')[0];
	try {
		const response = await fetch(request);
		if (response.ok) await cache.put(key, response.clone());
		return response;
	} catch (error) {
		const cached = await cache.match(key);
		if (cached) return cached;
		throw error;
	}
}
