/** Asks the service worker to keep this page for offline reloads (see src/service-worker.ts). */
export function rememberPageForOffline(): void {
	if (!('serviceWorker' in navigator) || !navigator.onLine) return;
	void navigator.serviceWorker.ready.then((registration) => {
		registration.active?.postMessage({ type: 'remember-page', path: location.pathname });
	});
}
