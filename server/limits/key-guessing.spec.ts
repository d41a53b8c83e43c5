import { describe, expect, it } from 'vitest';
import { KeyGuessLimiter } from './key-guessing.ts';

function limiter(policy = { windowMs: 60_000, maxDistinct: 3, maxTotal: 6, maxAddresses: 100 }) {
	let now = 0;
	return { limiter: new KeyGuessLimiter(() => now, policy), advance: (ms: number) => (now += ms) };
}

describe('KeyGuessLimiter (L9)', () => {
	it('blocks an address after too many distinct wrong keys, until the window ends', () => {
		const { limiter: guesses, advance } = limiter();
		guesses.fail('1.2.3.4', 'board', 'a');
		guesses.fail('1.2.3.4', 'board', 'b');
		expect(guesses.retryAfterMs('1.2.3.4')).toBe(0);
		advance(10_000);
		guesses.fail('1.2.3.4', 'board', 'c');
		expect(guesses.retryAfterMs('1.2.3.4')).toBe(50_000);
		advance(49_999);
		expect(guesses.retryAfterMs('1.2.3.4')).toBe(1);
		advance(1);
		expect(guesses.retryAfterMs('1.2.3.4')).toBe(0);
		guesses.fail('1.2.3.4', 'board', 'd');
		expect(guesses.retryAfterMs('1.2.3.4')).toBe(0);
	});

	it("does not block other addresses for one address's failures", () => {
		const { limiter: guesses } = limiter();
		for (const key of ['a', 'b', 'c']) guesses.fail('1.2.3.4', 'board', key);
		expect(guesses.retryAfterMs('1.2.3.4')).toBeGreaterThan(0);
		expect(guesses.retryAfterMs('5.6.7.8')).toBe(0);
	});

	it('counts the same stale key as one guess, but bounds repeated failures too', () => {
		const { limiter: guesses } = limiter();
		for (let i = 0; i < 5; i++) guesses.fail('1.2.3.4', 'board', 'stale');
		expect(guesses.retryAfterMs('1.2.3.4')).toBe(0);
		guesses.fail('1.2.3.4', 'board', 'stale');
		expect(guesses.retryAfterMs('1.2.3.4')).toBeGreaterThan(0);
	});

	it('tells boards apart: the same key on other boards is another guess', () => {
		const { limiter: guesses } = limiter();
		for (const board of ['b1', 'b2', 'b3']) guesses.fail('1.2.3.4', board, null);
		expect(guesses.retryAfterMs('1.2.3.4')).toBeGreaterThan(0);
	});

	it('remembers a bounded number of addresses, forgetting the oldest first', () => {
		const { limiter: guesses } = limiter({ windowMs: 60_000, maxDistinct: 1, maxTotal: 10, maxAddresses: 3 });
		for (const address of ['a', 'b', 'c', 'd']) guesses.fail(address, 'board', 'x');
		expect(['a', 'b', 'c', 'd'].map((address) => guesses.retryAfterMs(address) > 0)).toEqual([false, true, true, true]);
	});
});
