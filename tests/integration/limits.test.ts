/**
 * Limits (L1–L11 in docs/protocol.md) through the real server: a flood, fake presence and key
 * guessing are cut off, cost the server little, and leave everybody else as they were.
 */
import { request } from 'node:http';
import { Worker } from 'node:worker_threads';
import { setImmediate as nextTurn } from 'node:timers/promises';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { textField } from '../../src/lib/board/schema.ts';
import { CloseCode } from '../../src/lib/sync/protocol/constants.ts';
import { encodeAwareness, encodeUpdate } from '../../src/lib/sync/protocol/codec.ts';
import { connectClient, type TestClient } from './harness/clients.ts';
import { createBoard, startTestServer, type StartOptions } from './harness/server.ts';
import { fileStores, memoryStores } from './harness/stores.ts';
import { onCleanup, runCleanups, waitFor, withTimeout } from './harness/wait.ts';
import { openRaw, syncUrl, type RawResult } from './harness/raw.ts';

afterEach(runCleanups);

async function setUp(options: Omit<StartOptions, 'store'> = {}, stores = memoryStores) {
	const server = await startTestServer({ store: await (await stores()).open(), ...options });
	const board = await createBoard(server.url, 'Limits');
	return { server, board };
}

function opened(result: RawResult) {
	if (result.kind !== 'open') throw new Error(`upgrade refused with ${result.status}: ${result.body}`);
	return result;
}

/** `count` single-character edits of the summary, each its own update frame, as a fast typist's client would send them. */
function typing(count: number): Uint8Array[] {
	const doc = new Y.Doc();
	const frames: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => frames.push(encodeUpdate(update)));
	for (let i = 0; i < count; i++) textField(doc, 'summary').insert(i, 'x');
	return frames;
}

function awarenessFrame(entries: Array<[clientId: number, clock: number, state: unknown]>): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const [clientId, clock, state] of entries) {
		encoding.writeVarUint(encoder, clientId);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarString(encoder, JSON.stringify(state));
	}
	return encodeAwareness(encoding.toUint8Array(encoder));
}

async function roundTripMs(client: TestClient): Promise<number> {
	const started = performance.now();
	await client.roundTrip();
	return performance.now() - started;
}

/**
 * A round trip, then a pause: the bystander is a person's client, and one that measured
 * without pausing would itself send more than L1 lets anyone send and be slowed down.
 */
async function pacedRoundTripMs(client: TestClient): Promise<number> {
	const elapsed = await roundTripMs(client);
	await new Promise((resolve) => setTimeout(resolve, 10));
	return elapsed;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs flood-worker.ts: a client that floods from another thread once started. */
async function floodWorker(url: string, frames: Uint8Array[]) {
	const worker = new Worker(new URL('./flood-worker.ts', import.meta.url), { workerData: { url, frames } });
	onCleanup(() => worker.terminate());
	const flooder = { closedWith: null as number | null, start: () => worker.postMessage('start') };
	const opened = new Promise<void>((resolve, reject) => {
		worker.on('error', reject);
		worker.on('message', (message: 'open' | { closed: number } | { sent: number }) => {
			if (message === 'open') resolve();
			else if ('closed' in message) flooder.closedWith = message.closed;
		});
	});
	await withTimeout(opened, 'the flooding client to connect');
	return flooder;
}

function presenceIds(client: TestClient): number[] {
	return [...client.provider.awareness.getStates().keys()].filter((id) => id !== client.doc.clientID);
}

describe('per-connection rates', () => {
	it('L1, L11: a flooding connection is closed with 4529, and another client in its room keeps its latency', async () => {
		const { server, board } = await setUp({}, fileStores);
		const bystander = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const before: number[] = [];
		for (let i = 0; i < 20; i++) before.push(await pacedRoundTripMs(bystander));

		const FLOOD = 5000;
		const flooder = await floodWorker(syncUrl(server.wsUrl, board.id, { key: board.keys.participant }), typing(FLOOD));
		flooder.start();
		// Round trips from the flood's start until it is over: closed, or (without the limit) all applied.
		const during: number[] = [];
		const over = () => flooder.closedWith !== null || textField(bystander.doc, 'summary').length >= FLOOD;
		const deadline = performance.now() + 15_000;
		do during.push(await pacedRoundTripMs(bystander));
		while (!over() && performance.now() < deadline);
		// One more: it queues behind everything the room accepted from the flood.
		during.push(await roundTripMs(bystander));

		expect(flooder.closedWith).toBe(CloseCode.rateLimited);
		// Generous: a shared machine is noisy. Without the limit the room queues the whole flood and this is hundreds of times slower.
		expect(median(during)).toBeLessThan(5 * median(before));
		// Only what the server had received when it closed the flood is applied (R7); the rest is never read.
		expect(textField(bystander.doc, 'summary').length).toBeLessThan(FLOOD);
	});

	it('L1: a backlog over the burst is delayed, in order, never refused: the sender stays connected', async () => {
		const { server, board } = await setUp({}, fileStores);
		const typist = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const reader = await connectClient(server.wsUrl, board.id, board.keys.participant);
		// 400 edits leave at once, as after a network stall: one frame each.
		const BACKLOG = 400;
		for (let i = 0; i < BACKLOG; i++) textField(typist.doc, 'summary').insert(i, String(i % 10));
		await reader.roundTrip();
		expect(textField(reader.doc, 'summary').length).toBeLessThan(BACKLOG);
		await waitFor(() => textField(reader.doc, 'summary').toString() === textField(typist.doc, 'summary').toString(), 'the whole backlog, in order', { timeoutMs: 10_000 });
		expect(typist.closeCodes).toEqual([]);
	});

	it('L3: presence over its rate is not relayed, and a presence flood is closed with 4529', async () => {
		const { server, board } = await setUp();
		const watcher = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const flooder = opened(await openRaw(syncUrl(server.wsUrl, board.id, { key: board.keys.participant })));
		const FLOOD = 3000;
		const relayedBefore = watcher.frames.length;
		for (let clock = 1; clock <= FLOOD; clock++) {
			flooder.ws.send(awarenessFrame([[777, clock, { user: { name: `cursor ${clock}` } }]]));
			if (clock % 200 === 0) await nextTurn();
		}
		expect((await flooder.closed).code).toBe(CloseCode.rateLimited);
		await watcher.roundTrip();
		const relayed = watcher.frames.slice(relayedBefore).filter((frame) => frame[0] === 1).length;
		expect(relayed).toBeLessThan(FLOOD / 10);
	});

	it('L4: a presence frame over 64 KiB is dropped; the next one passes', async () => {
		const { server, board } = await setUp();
		const watcher = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const sender = opened(await openRaw(syncUrl(server.wsUrl, board.id, { key: board.keys.participant })));
		sender.ws.send(awarenessFrame([[4242, 1, { user: { name: 'Huge' }, padding: 'p'.repeat(70 * 1024) }]]));
		sender.ws.send(awarenessFrame([[4242, 2, { user: { name: 'Small' } }]]));
		await waitFor(() => watcher.provider.awareness.getStates().get(4242), 'the small presence');
		expect(watcher.provider.awareness.getStates().get(4242)).toEqual({ user: { name: 'Small' } });
		expect(watcher.frames.some((frame) => frame.byteLength > 64 * 1024)).toBe(false);
	});
});

describe('presence entries per connection', () => {
	it('L5: one socket announcing 10,000 client ids leaves at most 4 in a newcomer’s presence, and is closed with 4529', async () => {
		const { server, board } = await setUp();
		const forger = opened(await openRaw(syncUrl(server.wsUrl, board.id, { key: board.keys.participant })));
		for (let first = 0; first < 10_000; first += 500) {
			const entries = Array.from({ length: 500 }, (_, i): [number, number, unknown] => [100_000 + first + i, 1, { user: { name: `fake ${first + i}` } }]);
			forger.ws.send(awarenessFrame(entries));
		}
		expect((await forger.closed).code).toBe(CloseCode.rateLimited);
		const newcomer = await connectClient(server.wsUrl, board.id, board.keys.participant);
		await newcomer.roundTrip();
		expect(presenceIds(newcomer).length).toBeLessThanOrEqual(4);
		// An honest client's own presence still arrives.
		const honest = await connectClient(server.wsUrl, board.id, board.keys.participant);
		honest.provider.awareness.setLocalStateField('user', { name: 'Ana' });
		await waitFor(() => presenceIds(newcomer).includes(honest.doc.clientID), "Ana's presence");
	});
});

describe('connections per board and per address', () => {
	const open = (url: string, headers: Record<string, string> = {}) => openRaw(url, { headers }).then(opened);

	it('L7: a board document at its cap closes the next connection with 4530 until one leaves', async () => {
		const { server, board } = await setUp({ config: { maxConnectionsPerBoard: 2 } });
		const url = syncUrl(server.wsUrl, board.id, { key: board.keys.participant });
		const first = await open(url);
		const second = await open(url);
		const refused = await open(url);
		expect(await refused.closed).toEqual({ code: CloseCode.tooManyConnections, reason: 'this board has as many open connections as allowed' });
		// The board's other document has a cap of its own.
		const control = await open(syncUrl(server.wsUrl, `${board.id}/control`, { key: board.keys.participant }));
		expect([first.ws.readyState, second.ws.readyState, control.ws.readyState]).toEqual([1, 1, 1]);
		first.ws.close();
		await first.closed;
		await waitFor(async () => {
			const next = await open(url);
			let refused = false;
			void next.closed.then(() => (refused = true));
			await waitFor(() => refused || next.messages.length > 0, 'the board or a refusal');
			return !refused;
		}, 'a connection once one left');
	});

	it('L8, L10: an address at its cap gets 4530; X-Forwarded-For counts only with TRUST_PROXY', async () => {
		const untrusted = await setUp({ config: { maxConnectionsPerIp: 2 } });
		const url = syncUrl(untrusted.server.wsUrl, untrusted.board.id, { key: untrusted.board.keys.participant });
		await open(url, { 'X-Forwarded-For': '198.51.100.1' });
		await open(url, { 'X-Forwarded-For': '198.51.100.2' });
		// A claimed address changes nothing: all three come from 127.0.0.1.
		expect((await (await open(url, { 'X-Forwarded-For': '198.51.100.3' })).closed).code).toBe(CloseCode.tooManyConnections);

		const behindProxy = await setUp({ config: { maxConnectionsPerIp: 2, trustProxy: 1 } });
		const proxied = syncUrl(behindProxy.server.wsUrl, behindProxy.board.id, { key: behindProxy.board.keys.participant });
		const a = await open(proxied, { 'X-Forwarded-For': '198.51.100.1' });
		await open(proxied, { 'X-Forwarded-For': 'forged, 198.51.100.1' });
		expect((await (await open(proxied, { 'X-Forwarded-For': '198.51.100.1' })).closed).code).toBe(CloseCode.tooManyConnections);
		const other = await open(proxied, { 'X-Forwarded-For': '198.51.100.2' });
		expect([a.ws.readyState, other.ws.readyState]).toEqual([1, 1]);
	});
});

/** GET /api/boards/<id>/access from a chosen local address (127.0.0.x: still only loopback traffic). */
function access(port: number, boardId: string, key: string, localAddress = '127.0.0.1'): Promise<{ status: number; retryAfter: string | undefined }> {
	return new Promise((resolve, reject) => {
		const req = request({ host: '127.0.0.1', port, path: `/api/boards/${boardId}/access`, localAddress, headers: { authorization: `Bearer ${key}` } }, (res) => {
			res.resume();
			res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }));
		});
		req.on('error', reject);
		req.end();
	});
}

describe('wrong keys per address', () => {
	const wrongKey = (i: number) => `wrong${String(i).padStart(17, '0')}`;

	it('L9: after 10 wrong keys an address gets 429 with Retry-After, for right keys too, while other addresses are unaffected', async () => {
		const { server, board } = await setUp();
		for (let i = 0; i < 50; i++) expect((await access(server.port, board.id, board.keys.participant)).status).toBe(200);
		for (let i = 0; i < 10; i++) expect((await access(server.port, board.id, wrongKey(i))).status).toBe(403);
		const blocked = await access(server.port, board.id, wrongKey(10));
		expect(blocked.status).toBe(429);
		expect(Number(blocked.retryAfter)).toBeGreaterThan(0);
		expect(Number(blocked.retryAfter)).toBeLessThanOrEqual(60);
		// Blocked before the key is checked: a guesser must not learn which guess was right.
		expect((await access(server.port, board.id, board.keys.participant)).status).toBe(429);
		const upgrade = await openRaw(syncUrl(server.wsUrl, board.id, { key: board.keys.participant }));
		expect(upgrade.kind === 'rejected' && upgrade.status).toBe(429);
		// Another address is not locked out, on the API or the websocket.
		expect((await access(server.port, board.id, board.keys.participant, '127.0.0.2')).status).toBe(200);
		opened(await openRaw(syncUrl(server.wsUrl, board.id, { key: board.keys.participant }), { localAddress: '127.0.0.2' }));
	});

	it('L9: wrong keys at the websocket upgrade count too, and the block ends with its window', async () => {
		// A short window, long enough for ten refused upgrades on a busy machine.
		const { server, board } = await setUp({ limits: { guesses: { windowMs: 3000 } } });
		for (let i = 0; i < 10; i++) {
			const result = await openRaw(syncUrl(server.wsUrl, board.id, { key: wrongKey(i) }));
			expect(result.kind === 'rejected' && result.status).toBe(403);
		}
		expect((await access(server.port, board.id, board.keys.participant)).status).toBe(429);
		await waitFor(async () => (await access(server.port, board.id, board.keys.participant)).status === 200, 'the window to pass', { timeoutMs: 10_000, intervalMs: 100 });
	});
});
