/**
 * Which browser pages may talk to this server (W5 in docs/protocol.md): one rule for the
 * websocket upgrade and for every state-changing API request.
 *
 * Origins are compared whole — scheme, host and port. The allowed set is `ORIGIN` plus
 * `ALLOWED_ORIGINS` when either is configured; otherwise it is the request's own origin, the
 * scheme it arrived with plus its Host header (all we know without configuration). A request
 * without an Origin header is not a browser page's and relies on its key alone.
 */
import type { IncomingMessage } from 'node:http';

export interface OriginPolicy {
	/** `ORIGIN`: the public origin, e.g. https://debrief.example.com. */
	publicOrigin: string | null;
	/** `ALLOWED_ORIGINS`: further origins whose pages may connect. */
	allowedOrigins: string[] | null;
}

/**
 * The scheme the browser used: https when the socket is TLS or a TLS-terminating proxy says so
 * in X-Forwarded-Proto (a header no cross-site page can set), http otherwise.
 */
export function requestScheme(req: IncomingMessage): 'http' | 'https' {
	const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim().toLowerCase();
	const encrypted = 'encrypted' in req.socket && Boolean(req.socket.encrypted);
	return forwarded === 'https' || encrypted ? 'https' : 'http';
}

/** The request's own origin from its scheme and Host header; null when the Host is not a host. */
export function requestOrigin(req: IncomingMessage): string | null {
	return normaliseOrigin(`${requestScheme(req)}://${req.headers.host ?? ''}`);
}

/** Whether the request's Origin header (if any) is one this server's pages may have. */
export function originAllowed(req: IncomingMessage, policy: OriginPolicy): boolean {
	const origin = req.headers.origin;
	if (origin === undefined) return true;
	const actual = normaliseOrigin(origin);
	if (actual === null) return false;
	const configured = [...(policy.publicOrigin ? [policy.publicOrigin] : []), ...(policy.allowedOrigins ?? [])];
	if (configured.length > 0) return configured.some((allowed) => normaliseOrigin(allowed) === actual);
	return actual === requestOrigin(req);
}

/** `scheme://host[:port]` lower-cased, default ports dropped; null for anything else (e.g. "null"). */
function normaliseOrigin(value: string): string | null {
	try {
		const url = new URL(value);
		if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
		if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null;
		return url.origin;
	} catch {
		return null;
	}
}
