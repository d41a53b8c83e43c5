/**
 * Headers every response of this server carries (W2 in docs/protocol.md). Pages get their
 * Content-Security-Policy from SvelteKit (`kit.csp` in svelte.config.js, W1); the server's own
 * answers (API, health, exports) get a policy that allows nothing, unless a handler sets a
 * stricter-but-usable one of its own (the HTML export, the canvas picture).
 */
import type { ServerResponse } from 'node:http';

export const SECURITY_HEADERS = {
	// Never inside another site's frame (clickjacking); frame-ancestors says the same in CSP.
	'x-frame-options': 'DENY',
	// Board links carry their key in the fragment; no page address ever leaves in a Referer.
	'referrer-policy': 'no-referrer',
	'x-content-type-options': 'nosniff'
} as const;

/** For JSON and downloads: nothing in them may load, run or be framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Set before any handler runs; a handler's own headers (passed to writeHead) take precedence. */
export function setSecurityHeaders(res: ServerResponse): void {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

export function setApiCsp(res: ServerResponse): void {
	res.setHeader('content-security-policy', API_CSP);
}
