import { describe, expect, it } from 'vitest';
import { MessageType } from '../../src/lib/sync/protocol/constants.ts';
import { createLogger } from '../log.ts';
import { FLOOD_MEMORY_MS, Limits } from './limits.ts';

function limits() {
	let now = 0;
	const lines: string[] = [];
	const subject = new Limits({ connection: { messages: { perSecond: 10, capacity: 5 }, floodAfterMs: 0 } }, createLogger('warn', (line) => lines.push(line)), () => now);
	return { limits: subject, lines, advance: (ms: number) => (now += ms) };
}

/** Opens a gate and offers `count` frames at once; returns how many passed and whether it flooded. */
function burst(subject: Limits, address: string, room: string, count: number) {
	let delivered = 0;
	let flooded = false;
	const gate = subject.openGate(address, room, { deliver: () => delivered++, flood: () => (flooded = true), pause: () => {}, resume: () => {} });
	for (let i = 0; i < count; i++) gate.offer(Uint8Array.of(MessageType.sync, 0), true);
	gate.discard();
	return { delivered, flooded };
}

describe('Limits', () => {
	it('L6: a reconnect after a flood gets no burst on that board, for a while', () => {
		const { limits: subject, advance } = limits();
		expect(burst(subject, '198.51.100.7', 'b/board', 10)).toEqual({ delivered: 5, flooded: true });
		expect(burst(subject, '198.51.100.7', 'b/board', 3).delivered).toBe(0);
		expect(burst(subject, '198.51.100.7', 'other/board', 3).delivered).toBe(3);
		expect(burst(subject, '198.51.100.8', 'b/board', 3).delivered).toBe(3);
		advance(FLOOD_MEMORY_MS);
		expect(burst(subject, '198.51.100.7', 'b/board', 3).delivered).toBe(3);
	});

	it('L9: counts wrong keys per IPv6 /64, so stepping through addresses does not help', () => {
		const { limits: subject } = limits();
		for (let i = 0; i < 10; i++) subject.keyFailed(`2001:db8:1:2::${i + 1}`, 'board', `guess-${i}`);
		expect(subject.guessingRetryAfter('2001:db8:1:2:ffff::1')).toBe(60);
		expect(subject.guessingRetryAfter('2001:db8:1:3::1')).toBe(0);
	});

	it('L10: warns once when a proxy forwards addresses that are not trusted', () => {
		const { limits: subject, lines } = limits();
		const req = { socket: { remoteAddress: '10.0.0.2' }, headers: { 'x-forwarded-for': '198.51.100.1' } };
		expect(subject.addressOf(req)).toBe('10.0.0.2');
		subject.addressOf(req);
		expect(lines).toHaveLength(1);
		expect(lines[0]).toContain('TRUST_PROXY');
	});
});
