/**
 * Restarts with durable storage (files and a real Redis): graceful shutdown, a simulated
 * crash (R1: what was relayed was stored first), reconnection on the same port, compaction.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { title } from '../../src/lib/board/schema.ts';
import { addTimelineEntry } from '../../src/lib/board/timeline.ts';
import { CloseCode } from '../../src/lib/sync/protocol/constants.ts';
import { ControlledStore, fileStores, redisStores, storedDoc, storedLogIsInOrder, type StoreFactory } from './harness/stores.ts';
import { connectClient, content, descriptions, waitForCloseCode, type BoardContent } from './harness/clients.ts';
import { createBoard, freePort, startTestServer } from './harness/server.ts';
import { runCleanups, waitFor } from './harness/wait.ts';

afterEach(runCleanups);

const backends: Array<[string, () => Promise<StoreFactory>]> = [
	['file', fileStores],
	['redis', redisStores]
];

describe.each(backends)('with %s storage', (_kind, makeStores) => {
	it('keeps the board across a restart with a new store object', async () => {
		const stores = await makeStores();
		const server = await startTestServer({ store: await stores.open() });
		const board = await createBoard(server.url, 'Restart me');
		const a = await connectClient(server.wsUrl, board.id, board.keys.facilitator);
		const b = await connectClient(server.wsUrl, board.id, board.keys.participant);

		addTimelineEntry(a.doc, { at: '2026-01-05T14:00:00Z', kind: 'trigger', description: 'first' });
		title(a.doc).insert(0, 'SEV1: ');
		await waitFor(() => descriptions(b.doc).includes('first') && content(b.doc).title === 'SEV1: Restart me', 'the edits on the other client');
		// An edit sent just before the client leaves must not be lost either.
		addTimelineEntry(b.doc, { at: '2026-01-05T14:10:00Z', kind: 'mitigation', description: 'sent while leaving' });
		a.destroy();
		b.destroy();
		await waitFor(() => server.running.debrief.connectionCount === 0, 'the server to see both clients leave');
		await server.close();

		const restarted = await startTestServer({ store: await stores.open() });
		const fresh = await connectClient(restarted.wsUrl, board.id, board.keys.observer);
		expect(content(fresh.doc).title).toBe('SEV1: Restart me');
		expect(descriptions(fresh.doc)).toEqual(['first', 'sent while leaving']);
	});

	it('closes live connections with 1012 on a graceful close and keeps everything they saw', async () => {
		const stores = await makeStores();
		const server = await startTestServer({ store: await stores.open() });
		const board = await createBoard(server.url, 'Graceful');
		const a = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const b = await connectClient(server.wsUrl, board.id, board.keys.participant);
		for (let i = 0; i < 5; i++) addTimelineEntry(a.doc, { at: `2026-01-05T14:0${i}:00Z`, kind: 'action', description: `step ${i}` });
		title(b.doc).insert(title(b.doc).length, '!');
		await waitFor(() => descriptions(b.doc).length === 5 && content(a.doc).title === 'Graceful!', 'the edits to be relayed');
		const seen = content(b.doc);

		await server.close();
		await waitForCloseCode(a, CloseCode.serverRestarting);
		await waitForCloseCode(b, CloseCode.serverRestarting);
		// Nothing but 1012 (e.g. no 1006 from a socket cut before its close frame).
		expect(a.closeCodes[0]).toBe(CloseCode.serverRestarting);
		expect(b.closeCodes[0]).toBe(CloseCode.serverRestarting);
		a.destroy();
		b.destroy();

		const restarted = await startTestServer({ store: await stores.open() });
		const fresh = await connectClient(restarted.wsUrl, board.id, board.keys.participant);
		expect(content(fresh.doc)).toEqual(seen);
	});

	it('R1: after a crash, everything a client saw relayed from another is stored', async () => {
		const stores = await makeStores();
		const store = new ControlledStore(await stores.open());
		const server = await startTestServer({ store });
		const board = await createBoard(server.url, 'Crash');
		const a = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const b = await connectClient(server.wsUrl, board.id, board.keys.participant);

		// Crash the moment B has seen the 10th of a burst of 20 edits, while the rest are in flight.
		const crash: { seen: BoardContent | null } = { seen: null };
		b.doc.on('update', () => {
			if (crash.seen || descriptions(b.doc).length < 10) return;
			store.freeze();
			server.abandon();
			crash.seen = content(b.doc);
		});
		for (let i = 0; i < 20; i++) {
			addTimelineEntry(a.doc, { at: new Date(Date.UTC(2026, 0, 5, 14, i)), kind: 'action', description: `edit ${i}` });
			title(a.doc).insert(title(a.doc).length, `${i % 10}`);
		}
		const seen = await waitFor(() => crash.seen, 'the crash');
		await waitFor(() => a.closeCodes.length > 0 && b.closeCodes.length > 0, 'both clients to lose their connection');
		a.destroy();
		b.destroy();
		// Writes the dead process had already issued finish, as the kernel would finish them.
		await store.inner.close();

		const second = await startTestServer({ store: await stores.open() });
		expect(second.port).not.toBe(server.port);
		const fresh = await connectClient(second.wsUrl, board.id, board.keys.participant);
		const after = content(fresh.doc);
		expect(seen.timeline.length).toBeGreaterThanOrEqual(10);
		for (const entry of seen.timeline) expect(after.timeline).toContainEqual(entry);
		expect(after.title.startsWith(seen.title)).toBe(true);
		expect(await storedLogIsInOrder(second.store, board.id)).toBe(true);
	});

	it('R1: a peer is sent an update only once storage has acknowledged it', async () => {
		// The crash test above cannot tell "stored, then relayed" from "relayed, then stored":
		// writes issued before the freeze still complete. Here the write is held instead.
		const store = new ControlledStore(await (await makeStores()).open());
		const server = await startTestServer({ store });
		const board = await createBoard(server.url, 'Held');
		const a = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const b = await connectClient(server.wsUrl, board.id, board.keys.participant);

		const release = store.holdAppends();
		title(a.doc).insert(title(a.doc).length, ' (held)');
		try {
			await waitFor(() => store.heldAppends > 0, 'the update to reach storage');
			await new Promise((resolve) => setTimeout(resolve, 300));
			expect(title(b.doc).toString(), 'relayed before storage acknowledged it').toBe('Held');
		} finally {
			release();
		}
		await waitFor(() => title(b.doc).toString() === 'Held (held)', 'the update to be relayed once stored');
		a.destroy();
		b.destroy();
	});

	it("delivers a participant's offline edit to the other client after a restart on the same port", async () => {
		const stores = await makeStores();
		const port = await freePort();
		const server = await startTestServer({ store: await stores.open(), port });
		const board = await createBoard(server.url, 'Offline');
		const a = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const b = await connectClient(server.wsUrl, board.id, board.keys.participant);

		await server.close();
		await waitForCloseCode(a, CloseCode.serverRestarting);
		await waitForCloseCode(b, CloseCode.serverRestarting);
		expect(a.provider.wsconnected).toBe(false);
		addTimelineEntry(a.doc, { at: '2026-01-05T15:00:00Z', kind: 'communication', description: 'written while the server was down' });
		title(a.doc).insert(title(a.doc).length, ' (offline)');

		const restarted = await startTestServer({ store: await stores.open(), port });
		expect(restarted.port).toBe(port);
		// Both providers reconnect on their own.
		await a.synced();
		await b.synced();
		await waitFor(() => descriptions(b.doc).includes('written while the server was down'), "A's offline edit on B", { timeoutMs: 8000 });
		await waitFor(() => content(b.doc).title === 'Offline (offline)', "A's offline title edit on B");
		expect(content(b.doc)).toEqual(content(a.doc));
		// And it is stored.
		const stored = await storedDoc(restarted.store, board.id);
		expect(descriptions(stored)).toEqual(['written while the server was down']);
	});

	it('compacts the stored log and loads identical content on a fresh server', async () => {
		const stores = await makeStores();
		const store = await stores.open();
		const server = await startTestServer({ store, config: { compactEvery: 5 } });
		const board = await createBoard(server.url, 'Compaction');
		const client = await connectClient(server.wsUrl, board.id, board.keys.participant);
		for (let i = 0; i < 20; i++) {
			if (i % 2 === 0) addTimelineEntry(client.doc, { at: new Date(Date.UTC(2026, 0, 5, 9, i)), kind: 'action', description: `entry ${i}` });
			else title(client.doc).insert(title(client.doc).length, ` ${i}`);
		}
		const expected = content(client.doc);
		await waitFor(async () => JSON.stringify(content(await storedDoc(store, board.id))) === JSON.stringify(expected), 'all 20 edits stored');
		const log = await store.loadUpdates(board.id, 'board');
		expect(log.length).toBeLessThan(20);

		client.destroy();
		await server.close();
		const restarted = await startTestServer({ store: await stores.open(), config: { compactEvery: 5 } });
		const fresh = await connectClient(restarted.wsUrl, board.id, board.keys.observer);
		expect(content(fresh.doc)).toEqual(expected);
	});
});
