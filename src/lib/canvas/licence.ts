/**
 * Whether tldraw will need a licence key on this page. tldraw runs without one in development:
 * on plain http, on https://localhost and loopback addresses, and in `vite dev`. Anywhere else (https
 * on a real host) it needs a key, and without one it would log errors, report the page address
 * to tldraw and hide the editor after five seconds — so Debrief does not load it at all there
 * and says what is missing instead (see the README, "The canvas and tldraw's licence").
 */
export function licenceKeyRequired(location: { protocol: string; hostname: string }, development: boolean): boolean {
	if (development || location.protocol !== 'https:') return false;
	const host = location.hostname.toLowerCase().replace(/^\[|\]$/g, '');
	// As tldraw decides it: *.localhost (e.g. Tauri) counts as production in a production build.
	const loopback = host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
	return !loopback;
}
