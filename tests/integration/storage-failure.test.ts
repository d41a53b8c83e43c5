/**
 * Storage failures on a live server: a board that cannot be loaded is never created empty
 * (R3), and a meeting goes on while appends fail, storing everything once storage is back (R4).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { title } from '../../src/lib/board/schema.ts';
import { addTimelineEntry } from '../../src/lib/board/timeline.ts';
import { CloseCode } from '../../src/lib/sync/protocol/constants.ts';
import { ControlledStore, fileStores, memoryStores, storedDoc, storedLogIsInOrder } from './harness/stores.ts';
import { connectClient, content, descriptions, waitForCloseCode } from './harness/clients.ts';
import { createBoard, startTestServer } from './harness/server.ts';
import { openRaw, syncUrl } from './harness/raw.ts';
import { runCleanups, waitFor, withTimeout } from './harness/wait.ts';

afterEach(runCleanups);

describe('R3: loading a board', () => {
	it('when storage fails: closes with 4503, creates no room, writes nothing, and loads the board once storage is back', async () => {
		const store = new ControlledStore(await (await memoryStores()).open());
		const server = await startTestServer({ store });
		const board = await createBoard(server.url, 'Stored title');
		const writesAtCreation = store.writesFor(board.id);

		store.failLoad = true;
		const raw = await openRaw(syncUrl(server.wsUrl, board.id, { key: board.keys.participant }));
		if (raw.kind !== 'open') throw new Error(`upgrade refused with ${raw.status}`);
		const closed = await withTimeout(raw.closed, 'the connection to be closed');
		expect(closed.code).toBe(CloseCode.storageUnavailable);
		expect(raw.messages).toEqual([]);

		// A stock client: 4503 is transient, so it keeps retrying on its own.
		const client = await connectClient(server.wsUrl, board.id, board.keys.participant, { waitForSync: false });
		await waitForCloseCode(client, CloseCode.storageUnavailable);
		// Its (empty) document never reached the store, and no empty room was kept.
		expect(client.provider.synced).toBe(false);
		expect(content(client.doc).title).toBe('');
		expect(store.writesFor(board.id)).toBe(writesAtCreation);
		expect(server.running.debrief.rooms.size).toBe(0);

		store.failLoad = false;
		const fresh = await connectClient(server.wsUrl, board.id, board.keys.participant);
		expect(content(fresh.doc).title).toBe('Stored title');
		// The retrying client recovers by itself, with the stored content.
		await client.synced(5000);
		expect(content(client.doc).title).toBe('Stored title');
		expect(content(await storedDoc(store, board.id)).title).toBe('Stored title');
	});

	it('a client that connects or reconnects and only reads causes no store write', async () => {
		const store = new ControlledStore(await (await memoryStores()).open());
		const server = await startTestServer({ store });
		const board = await createBoard(server.url, 'Read only visit');
		// A board with a deletion in it, as every real board has.
		const writer = await connectClient(server.wsUrl, board.id, board.keys.participant);
		title(writer.doc).delete(0, 5);
		await writer.roundTrip();
		writer.provider.disconnect();
		await waitFor(() => server.running.debrief.rooms.size === 0, 'the room to unload');
		const writesBefore = store.writes.length;

		// A first visit (the client's sync step 2 answer is an empty update)...
		const reader = await connectClient(server.wsUrl, board.id, board.keys.participant);
		await reader.roundTrip();
		expect(content(reader.doc).title).toBe('only visit');
		// ...and a reconnect of a client that already has the board (its answer is its delete set).
		writer.provider.connect();
		await writer.synced();
		await writer.roundTrip();
		await reader.roundTrip();
		expect(content(writer.doc)).toEqual(content(reader.doc));
		expect(store.writes.slice(writesBefore)).toEqual([]);
	});
});

describe('R4: storage fails while the meeting runs', () => {
	it('keeps relaying, stores the backlog in order once storage is back, and keeps it across a restart', async () => {
		const stores = await fileStores();
		const store = new ControlledStore(await stores.open());
		const server = await startTestServer({ store, retryDelayMs: 50 });
		const board = await createBoard(server.url, 'Outage');
		const a = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const b = await connectClient(server.wsUrl, board.id, board.keys.participant);

		store.failAppend = true;
		for (let i = 0; i < 5; i++) addTimelineEntry(a.doc, { at: new Date(Date.UTC(2026, 0, 5, 16, i)), kind: 'action', description: `during outage ${i}` });
		title(b.doc).insert(0, 'Ongoing: ');
		await waitFor(() => descriptions(b.doc).length === 5 && content(a.doc).title === 'Ongoing: Outage', 'edits relayed despite the failing store');
		expect(content(a.doc)).toEqual(content(b.doc));
		expect(store.refusedAppends).toBeGreaterThan(0);
		expect(descriptions(await storedDoc(store, board.id))).toEqual([]);

		store.failAppend = false;
		const expected = content(a.doc);
		await waitFor(async () => JSON.stringify(content(await storedDoc(store, board.id))) === JSON.stringify(expected), 'the backlog to be stored');
		expect(await storedLogIsInOrder(store, board.id)).toBe(true);

		a.destroy();
		b.destroy();
		await server.close();
		const restarted = await startTestServer({ store: await stores.open() });
		const fresh = await connectClient(restarted.wsUrl, board.id, board.keys.observer);
		expect(content(fresh.doc)).toEqual(expected);
	});

	it('keeps a room with unsaved updates loaded after everyone left, and stores them later', async () => {
		const store = new ControlledStore(await (await memoryStores()).open());
		const server = await startTestServer({ store, retryDelayMs: 50 });
		const board = await createBoard(server.url, 'Left during outage');
		const a = await connectClient(server.wsUrl, board.id, board.keys.participant);
		store.failAppend = true;
		addTimelineEntry(a.doc, { at: '2026-01-05T17:00:00Z', kind: 'resolution', description: 'unsaved' });
		await waitFor(() => store.refusedAppends > 0, 'the append to be refused');
		a.destroy();
		await waitFor(() => server.running.debrief.connectionCount === 0, 'the client to leave');
		// Several retries fail meanwhile; the room must stay.
		const refusedBefore = store.refusedAppends;
		await waitFor(() => store.refusedAppends >= refusedBefore + 3, 'more refused retries');
		expect(server.running.debrief.rooms.size).toBe(1);

		store.failAppend = false;
		await waitFor(async () => descriptions(await storedDoc(store, board.id)).includes('unsaved'), 'the update to be stored');
		await waitFor(() => server.running.debrief.rooms.size === 0, 'the room to unload once everything is stored');
		const fresh = await connectClient(server.wsUrl, board.id, board.keys.observer);
		expect(descriptions(fresh.doc)).toEqual(['unsaved']);
	});
});

describe('storage unavailable at the edges', () => {
	it('answers 503 to board creation, the access check, the upgrade and /healthz, and recovers', async () => {
		const store = new ControlledStore(await (await memoryStores()).open());
		const server = await startTestServer({ store });
		const board = await createBoard(server.url, 'Edges');
		store.failMeta = true;
		store.failHealth = true;

		const created = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"x"}' });
		expect(created.status).toBe(503);
		expect(((await created.json()) as { error: string }).error).toMatch(/storage/);
		const access = await fetch(`${server.url}/api/boards/${board.id}/access`, { headers: { authorization: `Bearer ${board.keys.participant}` } });
		expect(access.status).toBe(503);
		const health = await fetch(`${server.url}/healthz`);
		expect(health.status).toBe(503);
		expect(await health.json()).toMatchObject({ status: 'storage unavailable', storage: 'memory' });
		const raw = await openRaw(syncUrl(server.wsUrl, board.id, { key: board.keys.participant }));
		expect(raw.kind === 'rejected' && raw.status).toBe(503);

		store.failMeta = false;
		store.failHealth = false;
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		const client = await connectClient(server.wsUrl, board.id, board.keys.participant);
		expect(content(client.doc).title).toBe('Edges');
	});
});
