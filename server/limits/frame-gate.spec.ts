import { describe, expect, it } from 'vitest';
import { MessageType } from '../../src/lib/sync/protocol/constants.ts';
import { DEFAULT_CONNECTION_LIMITS, FrameGate, type ConnectionLimits } from './frame-gate.ts';

/** A gate on a fake clock and timer queue: time moves only when the test says so. */
function harness(limits: Partial<ConnectionLimits> = {}, options: { burst?: boolean } = {}) {
	let now = 0;
	let timers: Array<{ at: number; fn: () => void }> = [];
	const delivered: Uint8Array[] = [];
	const floods: string[] = [];
	const socket = { paused: false };
	const gate = new FrameGate(
		{ ...DEFAULT_CONNECTION_LIMITS, ...limits },
		{
			deliver: (frame) => delivered.push(frame),
			flood: (reason) => floods.push(reason),
			pause: () => (socket.paused = true),
			resume: () => (socket.paused = false),
			now: () => now,
			schedule: (fn, ms) => {
				const timer = { at: now + ms, fn };
				timers.push(timer);
				return () => (timers = timers.filter((t) => t !== timer));
			}
		},
		options
	);
	/** Moves the clock forward, running due timers in order. */
	const advance = (ms: number) => {
		const until = now + ms;
		for (;;) {
			const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
			if (!due) break;
			timers = timers.filter((t) => t !== due);
			now = due.at;
			due.fn();
		}
		now = until;
	};
	return { gate, delivered, floods, socket, advance };
}

const update = (n: number, size = 8) => Uint8Array.from({ length: size }, (_, i) => (i === 0 ? MessageType.sync : n & 0xff));
const presence = (size = 16) => Uint8Array.from({ length: size }, (_, i) => (i === 0 ? MessageType.awareness : 7));

describe('FrameGate', () => {
	it('L1: passes a burst at once, then delays the rest to the sustained rate, in order', () => {
		const { gate, delivered, floods, advance } = harness({ messages: { perSecond: 10, capacity: 3 } });
		const frames = Array.from({ length: 6 }, (_, i) => update(i));
		for (const frame of frames) gate.offer(frame, true);
		expect(delivered).toEqual(frames.slice(0, 3));
		expect(gate.waiting).toBe(3);
		advance(100);
		expect(delivered).toHaveLength(4);
		advance(200);
		expect(delivered).toEqual(frames);
		expect(floods).toEqual([]);
	});

	it('L1: a frame never overtakes one that waits, even when a token is free', () => {
		const { gate, delivered, advance } = harness({ messages: { perSecond: 10, capacity: 1 }, bytes: { perSecond: 10, capacity: 100 } });
		const big = update(1, 150);
		gate.offer(update(0), true);
		gate.offer(big, true);
		advance(100);
		const small = update(2);
		gate.offer(small, true);
		expect(delivered).toHaveLength(1);
		advance(10_000);
		expect(delivered.slice(1)).toEqual([big, small]);
	});

	it('L1: pauses reading while maxWaitingMessages wait, and resumes once they go on', () => {
		const { gate, delivered, floods, socket, advance } = harness({ messages: { perSecond: 10, capacity: 2 }, maxWaitingMessages: 5 });
		for (let i = 0; i < 7; i++) gate.offer(update(i), true);
		expect(socket.paused).toBe(true);
		advance(100);
		expect(socket.paused).toBe(false);
		advance(1_000);
		expect(delivered).toHaveLength(7);
		expect(floods).toEqual([]);
	});

	it('L1, R7: a backlog that has not cleared for floodAfterMs is a flood: nothing more is taken in, what came before still goes on at the rate', async () => {
		const { gate, delivered, floods, advance } = harness({ messages: { perSecond: 10, capacity: 2 }, floodAfterMs: 1_000 });
		for (let i = 0; i < 12; i++) gate.offer(update(i), true);
		advance(999);
		gate.offer(update(12), true);
		expect(floods).toEqual([]);
		advance(1);
		gate.offer(update(13), true);
		expect(floods).toEqual(['too many messages for too long']);
		gate.offer(update(14), true);
		const drained = gate.whenDrained();
		advance(10_000);
		await drained;
		// The 13 received before the flood all went on; the ones after it were not taken in.
		expect(delivered.map((frame) => frame[1])).toEqual(Array.from({ length: 13 }, (_, i) => i));
		expect(floods).toHaveLength(1);
	});

	it('R7, D2: a restart hands on everything waiting at once, whatever the rate', async () => {
		const { gate, delivered } = harness({ messages: { perSecond: 1, capacity: 1 } });
		for (let i = 0; i < 5; i++) gate.offer(update(i), true);
		const drained = gate.whenDrained();
		gate.flush();
		expect(delivered).toHaveLength(5);
		await drained;
	});

	it('L2: delays frames over the byte rate, pausing the socket while much waits', () => {
		const { gate, delivered, socket, advance } = harness({ bytes: { perSecond: 1000, capacity: 1000 }, pauseAboveWaitingBytes: 1500 });
		gate.offer(update(0, 1000), true);
		gate.offer(update(1, 1000), true);
		expect(socket.paused).toBe(false);
		gate.offer(update(2, 1000), true);
		expect(delivered).toHaveLength(1);
		expect(socket.paused).toBe(true);
		advance(1000);
		expect(delivered).toHaveLength(2);
		expect(socket.paused).toBe(false);
		advance(1000);
		expect(delivered).toHaveLength(3);
	});

	it('L2: a frame larger than the byte burst still passes once the bucket is full', () => {
		const { gate, delivered, advance } = harness({ bytes: { perSecond: 1000, capacity: 1000 } });
		gate.offer(update(0, 5000), true);
		expect(delivered).toHaveLength(1);
		gate.offer(update(1, 10), true);
		advance(4000);
		expect(delivered).toHaveLength(1);
		advance(100);
		expect(delivered).toHaveLength(2);
	});

	it('L3: drops presence over its rate without delaying document messages, and closes a presence flood', () => {
		const { gate, delivered, floods } = harness({ awareness: { perSecond: 10, capacity: 2 }, awarenessDrops: { perSecond: 10, capacity: 3 } });
		for (let i = 0; i < 5; i++) gate.offer(presence(), true);
		expect(delivered).toHaveLength(2);
		gate.offer(update(0), true);
		expect(delivered).toHaveLength(3);
		expect(floods).toEqual([]);
		gate.offer(presence(), true);
		expect(floods).toEqual(['too many presence updates']);
	});

	it('L3: presence a little over the rate is dropped but never closed', () => {
		const { gate, floods, advance } = harness({ awareness: { perSecond: 10, capacity: 1 }, awarenessDrops: { perSecond: 10, capacity: 5 } });
		for (let i = 0; i < 500; i++) {
			gate.offer(presence(), true);
			gate.offer(presence(), true);
			advance(150);
		}
		expect(floods).toEqual([]);
	});

	it('L4: drops a presence frame over maxAwarenessBytes', () => {
		const { gate, delivered } = harness({ maxAwarenessBytes: 100 });
		gate.offer(presence(101), true);
		gate.offer(presence(100), true);
		expect(delivered.map((frame) => frame.byteLength)).toEqual([100]);
	});

	it('L6: without a burst, only the sustained rate passes', () => {
		const { gate, delivered, advance } = harness({ messages: { perSecond: 10, capacity: 100 } }, { burst: false });
		gate.offer(update(0), true);
		expect(delivered).toHaveLength(0);
		advance(100);
		expect(delivered).toHaveLength(1);
	});

	it('L5: a limit broken further on closes the connection once, like a flood', () => {
		const { gate, delivered, floods } = harness();
		gate.exceeded('too many presence ids');
		gate.exceeded('too many presence ids');
		gate.offer(update(0), true);
		expect(floods).toEqual(['too many presence ids']);
		expect(delivered).toEqual([]);
	});

	it('hands nothing on once the server closes the connection', () => {
		const { gate, delivered, advance } = harness({ messages: { perSecond: 1, capacity: 1 } });
		for (let i = 0; i < 4; i++) gate.offer(update(i), true);
		gate.discard();
		advance(10_000);
		expect(delivered).toHaveLength(1);
	});

	it('the defaults never delay a canvas drag at 144 Hz with its presence', () => {
		const { gate, delivered, floods, advance } = harness();
		let sent = 0;
		let mostWaiting = 0;
		for (let tick = 0; tick < 144 * 20; tick++) {
			gate.offer(update(tick, 200), true);
			// The canvas publishes presence at most every 50 ms.
			if (tick % 7 === 0) gate.offer(presence(400), true);
			sent += tick % 7 === 0 ? 2 : 1;
			mostWaiting = Math.max(mostWaiting, gate.waiting);
			advance(1000 / 144);
		}
		expect(mostWaiting).toBe(0);
		expect(floods).toEqual([]);
		expect(delivered).toHaveLength(sent);
	});
});
