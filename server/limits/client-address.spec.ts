import { describe, expect, it } from 'vitest';
import { clientAddress, limitKey } from './client-address.ts';

const request = (remoteAddress: string, forwardedFor?: string | string[]) => ({
	socket: { remoteAddress },
	headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }
});

describe('clientAddress (L10)', () => {
	it("ignores X-Forwarded-For unless proxies are trusted: it is the socket's peer", () => {
		expect(clientAddress(request('203.0.113.9', '198.51.100.1'), 0)).toBe('203.0.113.9');
		expect(clientAddress(request('::ffff:203.0.113.9'), 0)).toBe('203.0.113.9');
	});

	it('with one trusted proxy, takes the address that proxy saw, not what the client claims', () => {
		expect(clientAddress(request('10.0.0.2', '198.51.100.1'), 1)).toBe('198.51.100.1');
		expect(clientAddress(request('10.0.0.2', 'forged, 198.51.100.1'), 1)).toBe('198.51.100.1');
		expect(clientAddress(request('10.0.0.2', ['forged', '198.51.100.1']), 1)).toBe('198.51.100.1');
	});

	it('with two trusted proxies, skips both', () => {
		expect(clientAddress(request('10.0.0.2', 'forged, 198.51.100.1, 10.0.0.1'), 2)).toBe('198.51.100.1');
	});

	it("falls back to the socket's peer when the header is missing or not an address", () => {
		expect(clientAddress(request('10.0.0.2'), 1)).toBe('10.0.0.2');
		expect(clientAddress(request('10.0.0.2', 'not-an-ip'), 1)).toBe('10.0.0.2');
	});
});

describe('limitKey', () => {
	it('keeps IPv4 and groups IPv6 by /64', () => {
		expect(limitKey('198.51.100.1')).toBe('198.51.100.1');
		expect(limitKey('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64');
		expect(limitKey('2001:DB8::1')).toBe('2001:db8:0:0::/64');
		expect(limitKey('2001:db8:0:1:ffff:ffff:ffff:ffff')).toBe(limitKey('2001:db8:0:1::2'));
		expect(limitKey('::1')).toBe('0:0:0:0::/64');
	});
});
