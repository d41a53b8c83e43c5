/**
 * Nothing received is lost, whatever storage and peers do (R4, R6, R7, D1, D2, M5 in
 * docs/protocol.md): Redis paused or restarted empty on a Redis server of the test's own,
 * frames queued when their sender leaves or the server stops, and a large offline backlog.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { textField, title } from '../../src/lib/board/schema.ts';
import { addTimelineEntry } from '../../src/lib/board/timeline.ts';
import { CloseCode } from '../../src/lib/sync/protocol/constants.ts';
import { decodeServerMessage, encodeSaveReceiptRequest, encodeUpdate } from '../../src/lib/sync/protocol/codec.ts';
import { RedisStore } from '../../server/persistence/index.ts';
import { connectClient, content, type TestClient } from './harness/clients.ts';
import { createBoard, startTestServer } from './harness/server.ts';
import { fileStores, storedDoc, tempDir } from './harness/stores.ts';
import { onCleanup, runCleanups, waitFor } from './harness/wait.ts';
import { openRaw, syncUrl } from './harness/raw.ts';

afterEach(runCleanups);

/**
 * A free port below the range the kernel hands out for port 0, so no other test's server can
 * take it while this test's Redis restarts on it.
 */
async function portOutsideEphemeralRange(): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = 20_000 + Math.floor(Math.random() * 10_000);
		const free = await new Promise<boolean>((resolve) => {
			const probe = createNetServer();
			probe.once('error', () => resolve(false));
			probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
		});
		if (free) return port;
	}
	throw new Error('no free port between 20000 and 30000');
}

/** A redis-server of this test's own on a spare port (never the shared one), as a child process. */
async function privateRedis(): Promise<{ url: string; process: ChildProcess; restartEmpty(): Promise<void> }> {
	const port = await portOutsideEphemeralRange();
	const dir = await tempDir();
	let child: ChildProcess;
	const start = async () => {
		child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
		const probe = await RedisStore.connect({ url: `redis://127.0.0.1:${port}`, keyPrefix: 'probe:' });
		await probe.close();
	};
	await start();
	onCleanup(() => {
		child.kill('SIGCONT');
		child.kill('SIGKILL');
	});
	return {
		url: `redis://127.0.0.1:${port}`,
		get process() {
			return child;
		},
		async restartEmpty() {
			child.kill('SIGKILL');
			await new Promise((resolve) => child.once('exit', resolve));
			await start();
		}
	};
}

async function redisServer(url: string, storageTimeoutMs = 3000) {
	const store = await RedisStore.connect({ url, keyPrefix: 'debrief:' });
	onCleanup(() => store.close());
	const server = await startTestServer({ store, retryDelayMs: 100, config: { storageTimeoutMs } });
	return { store, server };
}

/** How long one edit takes from `from` to `to`, in ms. */
async function relayMs(from: TestClient, to: TestClient, marker: string): Promise<number> {
	const started = performance.now();
	textField(from.doc, 'notes').insert(0, marker);
	await waitFor(() => textField(to.doc, 'notes').toString().startsWith(marker), `"${marker}" to arrive`, { timeoutMs: 10_000 });
	return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const isReceipt = (frame: Uint8Array, seq: number, saved: boolean) => {
	const message = decodeServerMessage(frame);
	return message.type === 'saveReceipt' && message.seq === seq && message.saved === saved;
};

describe('D1: Redis that hangs is Redis that failed', () => {
	it('relays at normal latency through a stall, answers joins, says "not saved yet", and stores everything once it answers again', async () => {
		const redis = await privateRedis();
		const { server } = await redisServer(redis.url, 300);
		const board = await createBoard(server.url, 'Stall');
		const alice = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const bob = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const before: number[] = [];
		for (let i = 0; i < 5; i++) before.push(await relayMs(alice, bob, `b${i} `));

		redis.process.kill('SIGSTOP');
		await relayMs(alice, bob, 'first '); // waits for one deadline, then storage counts as failed
		const during: number[] = [];
		for (let i = 0; i < 10; i++) during.push(await relayMs(alice, bob, `s${i} `));
		// Normal latency while Redis hangs: far under the deadline every append would otherwise wait.
		expect(median(during)).toBeLessThan(Math.max(10 * median(before), 150));

		// A receipt says "not saved yet" at once, and a newcomer can join the running meeting.
		alice.provider.ws!.send(encodeSaveReceiptRequest(21));
		await waitFor(() => alice.frames.some((f) => isReceipt(f, 21, false)), 'a "not saved yet" receipt');
		const carol = await connectClient(server.wsUrl, board.id, board.keys.participant, { waitForSync: false });
		await carol.synced(5000);
		expect(textField(carol.doc, 'notes').toString()).toBe(textField(alice.doc, 'notes').toString());

		redis.process.kill('SIGCONT');
		// Once Redis answers, the backlog is stored and the client is told so without asking.
		await waitFor(() => alice.frames.some((f) => isReceipt(f, 21, true)), 'a "saved" receipt after the stall', { timeoutMs: 10_000 });
		const reader = await RedisStore.connect({ url: redis.url, keyPrefix: 'debrief:' });
		onCleanup(() => reader.close());
		expect(textField(await storedDoc(reader, board.id), 'notes').toString()).toBe(textField(alice.doc, 'notes').toString());
	});

	it('D2: shuts down within a bounded time while Redis hangs', async () => {
		const redis = await privateRedis();
		const { server } = await redisServer(redis.url, 300);
		const board = await createBoard(server.url, 'Stop while stalled');
		const alice = await connectClient(server.wsUrl, board.id, board.keys.participant);
		redis.process.kill('SIGSTOP');
		title(alice.doc).insert(0, 'Unsaved ');
		await alice.roundTrip();
		const started = performance.now();
		await server.close();
		expect(performance.now() - started).toBeLessThan(8_000);
		redis.process.kill('SIGCONT');
	});
});

describe('R6: storage that lost the board is re-seeded from memory', () => {
	it('after Redis restarts empty mid-meeting, the next edit writes the whole board back: joiners, access and exports work', async () => {
		const redis = await privateRedis();
		const { server } = await redisServer(redis.url);
		const board = await createBoard(server.url, 'Wiped');
		const alice = await connectClient(server.wsUrl, board.id, board.keys.participant);
		addTimelineEntry(alice.doc, { at: '2026-01-05T14:02:00Z', kind: 'detection', description: 'alert fired' });
		await alice.roundTrip();

		await redis.restartEmpty();
		title(alice.doc).insert(0, 'Still ');
		await waitFor(async () => (await fetch(`${server.url}/api/boards/${board.id}/access`, { headers: { authorization: `Bearer ${board.keys.participant}` } })).status === 200, 'access to work again', { timeoutMs: 10_000 });
		const newcomer = await connectClient(server.wsUrl, board.id, board.keys.observer);
		await waitFor(() => content(newcomer.doc).title === 'Still Wiped', 'the newcomer to see the whole board');
		expect(content(newcomer.doc).timeline.map((e) => e.description)).toEqual(['alert fired']);
		// While Redis reconnects an export may answer 503 ("try again"); once it is back, it works.
		const exportMarkdown = () => fetch(`${server.url}/api/boards/${board.id}/export.md`, { headers: { authorization: `Bearer ${board.keys.participant}` } });
		await waitFor(async () => (await exportMarkdown()).status === 200, 'the export to work again', { timeoutMs: 15_000 });
		expect(await (await exportMarkdown()).text()).toContain('alert fired');
	});

	it('when nobody edits after the wipe, the first joiner still finds the board (metadata and log restored)', async () => {
		const redis = await privateRedis();
		const { server } = await redisServer(redis.url);
		const board = await createBoard(server.url, 'Wiped and quiet');
		const alice = await connectClient(server.wsUrl, board.id, board.keys.participant);
		title(alice.doc).insert(0, 'Quiet: ');
		await alice.roundTrip();
		await redis.restartEmpty();
		await waitFor(async () => {
			const raw = await openRaw(syncUrl(server.wsUrl, board.id, { key: board.keys.participant })).catch(() => null);
			if (raw?.kind === 'open') raw.ws.close();
			return raw?.kind === 'open';
		}, 'a join to be answered', { timeoutMs: 10_000 });
		const reader = await RedisStore.connect({ url: redis.url, keyPrefix: 'debrief:' });
		onCleanup(() => reader.close());
		await waitFor(async () => title(await storedDoc(reader, board.id)).toString() === 'Quiet: Wiped and quiet', 'the board to be written back', { timeoutMs: 15_000 });
		expect(await reader.getBoard(board.id)).not.toBeNull();
	});
});

describe('R7: what the server received is stored', () => {
	/** `count` single-character edits as separate update frames, all sent before anything else happens. */
	function edits(count: number): Uint8Array[] {
		const doc = new Y.Doc();
		const frames: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => frames.push(encodeUpdate(update)));
		for (let i = 0; i < count; i++) textField(doc, 'notes').insert(i, String(i % 10));
		return frames;
	}

	/** A server on files, a new board and a raw participant socket on it. */
	async function rawParticipant(title: string) {
		const store = await (await fileStores()).open();
		const server = await startTestServer({ store });
		const board = await createBoard(server.url, title);
		const raw = await openRaw(syncUrl(server.wsUrl, board.id, { key: board.keys.participant }));
		if (raw.kind !== 'open') throw new Error(`upgrade refused with ${raw.status}`);
		return { store, server, board, raw };
	}

	it('2,000 edits sent and then the socket closed: all 2,000 are stored', async () => {
		const { store, server, board, raw } = await rawParticipant('Leaving');
		for (const frame of edits(2_000)) raw.ws.send(frame);
		raw.ws.close();
		await waitFor(() => server.running.debrief.rooms.size === 0, 'the room to store everything and unload', { timeoutMs: 20_000 });
		expect(textField(await storedDoc(store, board.id), 'notes').length).toBe(2_000);
	});

	it('D2: a burst followed at once by shutdown: every edit the server received is stored', async () => {
		const { store, server, board, raw } = await rawParticipant('Stopping');
		const frames = edits(2_000);
		let sent = 0;
		await new Promise<void>((resolve) => {
			for (const frame of frames) raw.ws.send(frame, () => ++sent === frames.length && resolve());
		});
		const closed = raw.closed;
		await server.close();
		expect((await closed).code).toBe(CloseCode.serverRestarting);
		expect(textField(await storedDoc(store, board.id), 'notes').length).toBe(2_000);
	});
});

describe('M5: a large offline backlog', () => {
	it('more than MAX_MESSAGE_BYTES of offline edits sync in one step, with no 1009 loop', async () => {
		const stores = await fileStores();
		const store = await stores.open();
		const server = await startTestServer({ store, config: { maxMessageBytes: 64 * 1024 } });
		const board = await createBoard(server.url, 'Offline');
		const alice = await connectClient(server.wsUrl, board.id, board.keys.participant);
		alice.provider.disconnect();
		for (let i = 0; i < 20; i++) addTimelineEntry(alice.doc, { at: `2026-01-05T14:${String(i).padStart(2, '0')}:00Z`, kind: 'action', description: `${i} ${'offline notes '.repeat(700)}` });
		expect(Y.encodeStateAsUpdate(alice.doc).byteLength).toBeGreaterThan(3 * 64 * 1024);
		alice.provider.connect();
		await alice.synced();
		await alice.roundTrip();
		expect(alice.closeCodes).not.toContain(CloseCode.messageTooBig);
		expect(content(await storedDoc(store, board.id)).timeline).toHaveLength(20);
	});
});
