import { describe, expect, it } from 'vitest';
import { ConnectionCaps } from './connection-caps.ts';

describe('ConnectionCaps (L7, L8)', () => {
	it('refuses a room at its cap until a connection leaves', () => {
		const caps = new ConnectionCaps({ perRoom: 2, perAddress: 10 });
		const first = caps.open('a', 'board');
		expect(caps.open('b', 'board').ok).toBe(true);
		expect(caps.open('c', 'board')).toEqual({ ok: false, full: 'room' });
		expect(caps.open('c', 'other board').ok).toBe(true);
		if (!first.ok) throw new Error('first refused');
		first.release();
		first.release();
		expect(caps.open('c', 'board').ok).toBe(true);
		expect(caps.open('d', 'board').ok).toBe(false);
	});

	it('refuses an address at its cap, whatever the room', () => {
		const caps = new ConnectionCaps({ perRoom: 10, perAddress: 2 });
		expect(caps.open('a', 'r1').ok).toBe(true);
		expect(caps.open('a', 'r2').ok).toBe(true);
		expect(caps.open('a', 'r3')).toEqual({ ok: false, full: 'address' });
		expect(caps.open('b', 'r3').ok).toBe(true);
	});
});
