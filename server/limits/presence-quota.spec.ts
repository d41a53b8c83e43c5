import { describe, expect, it } from 'vitest';
import { PresenceQuota } from './presence-quota.ts';

describe('PresenceQuota (L5)', () => {
	it('lets a connection introduce a few ids, and keep using them', () => {
		const quota = new PresenceQuota(2, 3);
		const a = {};
		expect([1, 2, 3].map((id) => quota.allows(a, id))).toEqual([true, true, false]);
		expect(quota.allows(a, 1)).toBe(true);
		expect(quota.allows(a, 2)).toBe(true);
	});

	it('counts each connection apart', () => {
		const quota = new PresenceQuota(1, 3);
		const a = {};
		const b = {};
		expect(quota.allows(a, 1)).toBe(true);
		expect(quota.allows(b, 2)).toBe(true);
		expect(quota.allows(a, 2)).toBe(false);
		expect(quota.exhausted(b)).toBe(false);
	});

	it('is exhausted once a connection keeps trying new ids', () => {
		const quota = new PresenceQuota(1, 3);
		const a = {};
		for (let id = 0; id < 4; id++) quota.allows(a, id);
		expect(quota.exhausted(a)).toBe(false);
		quota.allows(a, 100);
		expect(quota.exhausted(a)).toBe(true);
	});
});
