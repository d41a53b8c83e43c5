/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Lets a board page reload without a network. Pages and the app files they used are kept
 * as they are loaded (not all at install: the canvas alone is several megabytes that most
 * visits never load). The board's content itself comes from the browser's IndexedDB copy,
 * not from here. The API and the sync socket are never cached.
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `debrief-${version}`;
const APP_FILES = new Set([...build, ...files]);
const NEVER_CACHED = /^\/(api|sync|healthz)(\/|$)/;

sw.addEventListener('install', (event) => {
	event.waitUntil(sw.skipWaiting());
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
	if (APP_FILES.has(url.pathname)) event.respondWith(cacheFirst(url.pathname, request));
	else if (request.mode === 'navigate' || url.pathname.endsWith('/__data.json')) event.respondWith(networkFirst(request));
});

/**
 * A page loaded before this worker took control asks to be remembered for offline use,
 * with the app files it loaded (which this worker did not see go by).
 */
sw.addEventListener('message', (event) => {
	const data = event.data as { type?: string; path?: string; assets?: unknown } | null;
	if (data?.type !== 'remember-page' || typeof data.path !== 'string' || !data.path.startsWith('/')) return;
	const assets = Array.isArray(data.assets) ? data.assets.filter((path): path is string => typeof path === 'string' && APP_FILES.has(path)) : [];
	event.waitUntil(
		caches.open(CACHE).then(async (cache) => {
			const missing = [];
			for (const path of assets) if (!(await cache.match(path))) missing.push(path);
			await cache.addAll([new URL(data.path!, sw.location.origin).href, ...missing]);
		})
	);
});

/** Build files never change under one name: once fetched, they are kept. */
async function cacheFirst(path: string, request: Request): Promise<Response> {
	const cache = await caches.open(CACHE);
	const cached = await cache.match(path);
	if (cached) return cached;
	const response = await fetch(request);
	if (response.ok) await cache.put(path, response.clone());
	return response;
}

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
