import { describe, expect, it } from 'vitest';
import { ExpiringMap } from './expiring-map.ts';

describe('ExpiringMap', () => {
	it('forgets entries once they expire', () => {
		let now = 0;
		const map = new ExpiringMap<number>(10, () => now);
		map.set('a', 1, 100);
		expect(map.get('a')).toBe(1);
		expect(map.msLeft('a')).toBe(100);
		now = 100;
		expect(map.get('a')).toBeUndefined();
		expect(map.size).toBe(0);
	});

	it('drops expired entries before live ones when it is full', () => {
		let now = 0;
		const map = new ExpiringMap<number>(2, () => now);
		map.set('a', 1, 100);
		now = 50;
		map.set('b', 2, 100);
		now = 120;
		map.set('c', 3, 100);
		expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([undefined, 2, 3]);
		map.set('d', 4, 100);
		expect(map.size).toBe(2);
		expect([map.get('b'), map.get('c'), map.get('d')]).toEqual([undefined, 3, 4]);
	});
});
