import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.ts';

function clock(start = 1_000) {
	let now = start;
	return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('TokenBucket', () => {
	it('allows the burst at once, then the sustained rate', () => {
		const time = clock();
		const bucket = new TokenBucket({ perSecond: 10, capacity: 5 }, time.now);
		for (let i = 0; i < 5; i++) expect(bucket.take()).toBe(true);
		expect(bucket.take()).toBe(false);
		expect(bucket.msUntil()).toBe(100);
		time.advance(99);
		expect(bucket.take()).toBe(false);
		time.advance(1);
		expect(bucket.take()).toBe(true);
		expect(bucket.take()).toBe(false);
	});

	it('never holds more than its capacity, however long it rests', () => {
		const time = clock();
		const bucket = new TokenBucket({ perSecond: 10, capacity: 5 }, time.now);
		time.advance(60_000);
		expect(bucket.tokens).toBe(5);
	});

	it('starts empty when asked: no burst, only the rate', () => {
		const time = clock();
		const bucket = new TokenBucket({ perSecond: 10, capacity: 5 }, time.now, { full: false });
		expect(bucket.take()).toBe(false);
		time.advance(100);
		expect(bucket.take()).toBe(true);
	});

	it('lets a cost larger than the bucket through once full, and then repays the debt at the rate', () => {
		const time = clock();
		const bucket = new TokenBucket({ perSecond: 100, capacity: 100 }, time.now);
		expect(bucket.take(250)).toBe(true);
		expect(bucket.tokens).toBe(-150);
		expect(bucket.take(1)).toBe(false);
		expect(bucket.msUntil(1)).toBe(1510);
		expect(bucket.msUntil(250)).toBe(2500);
		time.advance(1510);
		expect(bucket.take(1)).toBe(true);
	});

	it('is not fooled by a clock that steps back', () => {
		const time = clock();
		const bucket = new TokenBucket({ perSecond: 10, capacity: 1 }, time.now);
		expect(bucket.take()).toBe(true);
		time.advance(-5_000);
		expect(bucket.take()).toBe(false);
	});
});
