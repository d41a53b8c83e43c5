/**
 * Asks the service worker (src/service-worker.ts) to keep this page, and the app files it
 * loaded, for offline reloads.
 */
export function rememberPageForOffline(): void {
	if (!('serviceWorker' in navigator) || !navigator.onLine) return;
	const assets = performance
		.getEntriesByType('resource')
		.map((entry) => new URL(entry.name))
		.filter((url) => url.origin === location.origin)
		.map((url) => url.pathname);
	void navigator.serviceWorker.ready.then((registration) => {
		registration.active?.postMessage({ type: 'remember-page', path: location.pathname, assets });
	});
}
