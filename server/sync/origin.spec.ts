import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { originAllowed, requestOrigin, type OriginPolicy } from './origin.ts';

const req = (headers: Record<string, string>, encrypted = false) => ({ headers, socket: encrypted ? { encrypted: true } : {} }) as unknown as IncomingMessage;
const open: OriginPolicy = { publicOrigin: null, allowedOrigins: null };

describe('the origin rule (W5)', () => {
	it('W5: derives the own origin from the scheme the request came with and its Host', () => {
		expect(requestOrigin(req({ host: 'debrief.local:3000' }))).toBe('http://debrief.local:3000');
		expect(requestOrigin(req({ host: 'debrief.local' }, true))).toBe('https://debrief.local');
		expect(requestOrigin(req({ host: 'Debrief.Local:443', 'x-forwarded-proto': 'https, http' }))).toBe('https://debrief.local');
		for (const host of ['', 'a/b', 'user@host', 'host?x']) expect(requestOrigin(req({ host })), host).toBeNull();
	});

	it('W5: without configuration, scheme, host and port must all match the request', () => {
		const at = (origin: string) => originAllowed(req({ host: 'debrief.local:3000', origin }), open);
		expect(at('http://debrief.local:3000')).toBe(true);
		expect(at('http://DEBRIEF.local:3000')).toBe(true);
		for (const origin of ['https://debrief.local:3000', 'http://debrief.local:3001', 'http://debrief.local', 'http://evil.example', 'null', 'file://', 'http://debrief.local:3000/path']) expect(at(origin), origin).toBe(false);
		expect(originAllowed(req({ host: 'debrief.local:3000' }), open), 'no Origin: not a browser page').toBe(true);
	});

	it('W5: with ORIGIN or ALLOWED_ORIGINS, only those, whatever the Host header says; default ports are the same origin', () => {
		const policy: OriginPolicy = { publicOrigin: 'https://debrief.example.com', allowedOrigins: ['http://localhost:5173'] };
		const at = (origin: string, host = 'debrief.example.com') => originAllowed(req({ host, origin }), policy);
		expect(at('https://debrief.example.com')).toBe(true);
		expect(at('https://debrief.example.com:443')).toBe(true);
		expect(at('http://localhost:5173')).toBe(true);
		expect(at('http://debrief.example.com')).toBe(false);
		expect(at('http://evil.example', 'evil.example')).toBe(false);
	});
});
